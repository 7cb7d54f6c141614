# i18n.sh — the translations: both catalogues hold exactly the strings the sources mark, each
# translated and none left fuzzy; the command line speaks Swedish unless its environment asks
# for English; the web pages follow the browser's Accept-Language and say which language they
# are in.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$FIX/../.." && pwd)

"$ROOT/scripts/po-update.sh" "$T/insats.pot" --pot-only 2>"$T/xgettext.err"
if [ -s "$T/insats.pot" ]; then ok "xgettext collected the marked strings"; else
    not_ok "xgettext collected the marked strings"; sed -n '1,10p' "$T/xgettext.err"; fi
for lang in sv en; do
    po="$ROOT/po/$lang.po"
    # Every id a source marks is in the catalogue …
    if msgcmp --use-untranslated "$po" "$T/insats.pot" 2>"$T/cmp.err"; then
        ok "po/$lang.po holds every string the sources mark"
    else
        not_ok "po/$lang.po lacks strings the sources mark (run \`make po\`)"
        grep -m 10 'this message is used but not defined' -A1 "$T/cmp.err" | sed 's/^/#   /'
    fi
    # … and every id in the catalogue is still marked somewhere.
    msgmerge --quiet --no-fuzzy-matching "$po" "$T/insats.pot" -o "$T/merged.po" 2>/dev/null
    unused=$(grep -c '^#~ msgid' "$T/merged.po")
    if [ "$unused" -eq 0 ]; then ok "every msgid of po/$lang.po is used"; else
        not_ok "po/$lang.po has $unused msgid no source uses (run \`make po\`)"
        grep -m 5 '^#~ msgid' "$T/merged.po" | sed 's/^/#   /'
    fi
    # The core's messages and texts, and the reports': translated in full.
    left=$(msggrep --location='src/core/*' --location='src/report/*' "$po" |
        msgattrib --untranslated --no-obsolete | grep -c '^msgid ')
    if [ "$left" -le 1 ]; then ok "po/$lang.po translates every string of the core and the reports"
    else
        not_ok "po/$lang.po leaves $((left - 1)) strings of the core and the reports untranslated"
        msggrep --location='src/core/*' --location='src/report/*' "$po" |
            msgattrib --untranslated --no-obsolete | grep -m 5 '^msgid ' | sed 's/^/#   /'
    fi
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null | grep -c '^msgid ')
    if [ "$fuzzy" -eq 0 ]; then ok "po/$lang.po has no fuzzy translation"; else
        not_ok "po/$lang.po has $((fuzzy - 1)) fuzzy translations"; fi
done

# The web application's frame, its error pages, the login, account, record and meeting pages:
# every id of these files has its translation in both catalogues.
web_core="layout router routes server page api session assets ctx mailer pages_health
    pages_login pages_account pages_records pages_meetings"
for lang in sv en; do
    locs=""
    for f in $web_core; do locs="$locs --location=src/web/$f.c"; done
    # shellcheck disable=SC2086
    left=$(msggrep $locs "$ROOT/po/$lang.po" | msgattrib --untranslated --no-obsolete |
        grep -c '^msgid ')
    if [ "$left" -eq 0 ]; then ok "po/$lang.po translates the web application's frame and first pages"
    else
        # The count includes the catalogue's header, which msgattrib prints with them.
        not_ok "po/$lang.po leaves $((left - 1)) strings of these pages untranslated"
        # shellcheck disable=SC2086
        msggrep $locs "$ROOT/po/$lang.po" | msgattrib --untranslated | grep -m 5 -A1 '^msgid ' |
            sed 's/^/#   /'
    fi
done

# The web pages of the figures, reports and registers (attendance, audit, budget, certificates,
# dashboard, import, items, outbox, people, proposals, reports, settings, surveys, trace): every
# id they use is translated in both catalogues.
web_pages2=""
for f in attendance audit budget certificates dashboard import items outbox people proposals \
    reports settings surveys trace; do
    web_pages2="$web_pages2 --location=src/web/pages_$f.c"
done
for lang in sv en; do
    # shellcheck disable=SC2086
    left=$(msggrep $web_pages2 "$ROOT/po/$lang.po" | msgattrib --untranslated | grep -c '^msgid ')
    if [ "$left" -eq 0 ]; then ok "po/$lang.po translates the web's figure and register pages"
    else not_ok "po/$lang.po leaves $((left - 1)) ids of the web's figure and register pages"
        # shellcheck disable=SC2086
        msggrep $web_pages2 "$ROOT/po/$lang.po" | msgattrib --untranslated | grep -m 5 '^msgid ' \
            | sed 's/^/#   /'
    fi
done

# The command line: Swedish by default and for LANG=C, English when the environment asks.
run demo --scale small --db d.db
expect_rc 0 "demo data made"
sv_msg="--from 2013-01-01 är efter --to 2012-01-01"
en_msg="--from 2013-01-01 is after --to 2012-01-01"
for env in "LANG=" "LANG=C.UTF-8" "LANG=sv_SE.UTF-8" "LANG=en_US.UTF-8 LC_ALL=sv_SE.UTF-8"; do
    # shellcheck disable=SC2086
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES $env "$INSATS" --db d.db report lagesrapport \
        --from 2013-01-01 --to 2012-01-01 >"$T/out" 2>"$T/err"
    if grep -qF -- "$sv_msg" "$T/err"; then ok "Swedish with $env"; else
        not_ok "Swedish with $env"; sed -n '1,3p' "$T/err" | sed 's/^/#   /'; fi
done
for env in "LANG=en_GB.UTF-8" "LC_MESSAGES=en_US.UTF-8" "LANGUAGE=fr:en LANG=sv_SE.UTF-8"; do
    # shellcheck disable=SC2086
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG $env "$INSATS" --db d.db report \
        lagesrapport --from 2013-01-01 --to 2012-01-01 >"$T/out" 2>"$T/err"
    if grep -qF -- "$en_msg" "$T/err"; then ok "English with $env"; else
        not_ok "English with $env"; sed -n '1,3p' "$T/err" | sed 's/^/#   /'; fi
done

# The command line's own texts (src/cli) are translated in both catalogues.
for lang in sv en; do
    left=$(msggrep --location='src/cli/*' "$ROOT/po/$lang.po" | msgattrib --untranslated \
        --no-obsolete | grep -c '^msgid ')
    if [ "$left" -eq 0 ]; then ok "po/$lang.po translates every string of the command line"
    else not_ok "po/$lang.po leaves $left strings of the command line untranslated"; fi
done

# in_env "ENV" ARGS… : runs insats with only ENV of the language variables set, keeping stdout
# in $T/out and stderr in $T/err.
in_env() {
    local env=$1
    shift
    # shellcheck disable=SC2086
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG $env "$INSATS" "$@" >"$T/out" 2>"$T/err"
}
# lang_check "ENV" LANG-NAME : the help, every command's --help, a usage error, a core message
# on bad input and a success message, each in the language named (Swedish or English).
lang_check() {
    local env=$1 lang=$2 want_cmds want_usage want_global want_bad want_core want_done
    if [ "$lang" = Swedish ]; then
        want_cmds="Kommandon:" want_usage="användning: insats"
        want_global="Globala flaggor (före eller efter kommandot):"
        want_bad='okänd flagga "--limt"; menade du "--limit"?'
        want_core="--from 2013-01-01 är efter --to 2012-01-01"
        want_done="Skapade databasen"
    else
        want_cmds="Commands:" want_usage="usage: insats"
        want_global="Global options (before or after the command):"
        want_bad='unknown option "--limt"; did you mean "--limit"?'
        want_core="--from 2013-01-01 is after --to 2012-01-01"
        want_done="Created the database"
    fi
    local what="${env:-no LANG}"
    in_env "$env" help
    if grep -qx "$want_cmds" "$T/out" && grep -qF "$want_usage" "$T/out"; then
        ok "insats help in $lang with $what"
    else not_ok "insats help in $lang with $what"; sed -n '1,3p' "$T/out" | sed 's/^/#   /'; fi
    local bad_help=""
    for c in $commands; do
        in_env "$env" "$c" --help
        head -1 "$T/out" | grep -qF "${want_usage%% *}" && grep -qxF "$want_global" "$T/out" \
            || bad_help="$bad_help $c"
    done
    if [ -z "$bad_help" ]; then ok "every command's --help in $lang with $what"
    else not_ok "--help not in $lang with $what:$bad_help"; fi
    in_env "$env" --db d.db list people --limt 5
    if grep -qF -- "$want_bad" "$T/err"; then ok "a usage error in $lang with $what"
    else not_ok "a usage error in $lang with $what"; sed -n '1,3p' "$T/err" | sed 's/^/#   /'; fi
    in_env "$env" --db d.db audit --from 2013-01-01 --to 2012-01-01
    if grep -qF -- "$want_core" "$T/err"; then ok "the core's message on bad input in $lang with $what"
    else not_ok "the core's message in $lang with $what"; sed -n '1,3p' "$T/err" | sed 's/^/#   /'; fi
    rm -f new.db new.db.key
    in_env "$env" --db new.db init
    if grep -qF -- "$want_done" "$T/out"; then ok "a success message in $lang with $what"
    else not_ok "a success message in $lang with $what"; sed -n '1,3p' "$T/out" | sed 's/^/#   /'; fi
}
commands=$(LANG=en_GB.UTF-8 "$INSATS" help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ "$(echo "$commands" | wc -w)" -ge 20 ] && ok "insats help lists the commands" \
    || not_ok "insats help lists the commands: $commands"
for env in "" "LANG=C.UTF-8" "LANG=sv_SE.UTF-8" "LANG=C"; do lang_check "$env" Swedish; done
for env in "LANG=en_GB.UTF-8" "LANG=en_US.UTF-8" "LC_ALL=en_IE.UTF-8"; do
    lang_check "$env" English
done

# No English sentence is left in the Swedish help: every word of `insats help` and of each
# command's --help is a word of a Swedish translation in po/sv.po (not one copied from its
# English id), a command, subcommand or option name, a placeholder in capitals (FILE, KIND),
# or one of the few names below.
{
    in_env "" help && cat "$T/out"
    for c in $commands; do in_env "" "$c" --help && cat "$T/out"; done
} >"$T/help.sv"
"$INSATS" help --bash-completion >"$T/completion"
python3 - "$ROOT/po/sv.po" "$T/help.sv" "$T/completion" >"$T/english" <<'EOF'
import re, sys
# Names that are neither Swedish nor English words to translate.
NAMES = {"insats", "roff", "json", "html", "md", "pdf", "xlsx", "sql", "png", "svg", "ics"}
def entries(path):
    text = open(path, encoding="utf-8").read()
    for block in text.split("\n\n"):
        refs = " ".join(l[3:] for l in block.splitlines() if l.startswith("#: "))
        def field(name):
            m = re.search(r"^%s (\".*\"(?:\n\".*\")*)" % name, block, re.M)
            return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))) if m else None
        yield refs, field("msgid"), [field("msgstr"), field(r"msgstr\[0\]"), field(r"msgstr\[1\]")]
def words(text):
    text = re.sub(r"`[^`]*`", " ", text.replace("\\n", "\n").replace('\\"', '"'))
    for token in text.split():
        if token.startswith("-") or re.search(r"[0-9/._$<>=|@\[\]{}:]", token.strip(".,;:()\"'?!…")):
            continue
        for part in token.strip(".,;:()\"'?!…").split("-"):
            if re.fullmatch(r"[A-ZÅÄÖ0-9]{2,}", part):
                continue  # a placeholder (FILE, KIND) or an abbreviation (QR, API)
            if re.fullmatch(r"[A-Za-zÅÄÖåäöéü']+", part):
                yield part.lower()
known = set(NAMES)
for refs, msgid, strs in entries(sys.argv[1]):
    for s in strs:
        # A translation copied from an English id would let its English words through.
        if s and (s != msgid or not re.search(r"src/(cli|core|report)/", refs)):
            known.update(words(s))
known.update(w.lower() for w in re.findall(r"[a-z][a-z_-]+", open(sys.argv[3]).read()))
left = sorted(set(words(open(sys.argv[2], encoding="utf-8").read())) - known)
print(" ".join(left))
EOF
if [ ! -s "$T/english" ] || [ "$(tr -d ' \n' <"$T/english")" = "" ]; then
    ok "every word of the Swedish help is Swedish or a name"
else not_ok "words of the Swedish help that no Swedish translation has: $(cat "$T/english")"; fi

# The web pages: the login page in the language the browser asks for.
start_server d.db
page() {  # $1: Accept-Language ("" for none); the login page into $T/page
    if [ -n "$1" ]; then curl -s -H "Accept-Language: $1" "$base/login" >"$T/page"
    else curl -s "$base/login" >"$T/page"; fi
}
page ""
if grep -q '<html lang="sv">' "$T/page" && grep -qF 'Till innehållet' "$T/page"; then
    ok "a browser that asks for no language gets Swedish"
else not_ok "a browser that asks for no language gets Swedish"; fi
page "en-GB,en;q=0.9,sv;q=0.5"
if grep -q '<html lang="en">' "$T/page" && grep -qF 'Skip to content' "$T/page"; then
    ok "a browser that asks for English gets English"
else not_ok "a browser that asks for English gets English"; sed -n '1,12p' "$T/page"; fi
page "de-DE,sv;q=0.8,en;q=0.3"
if grep -q '<html lang="sv">' "$T/page"; then ok "Swedish when the browser prefers it to English"
else not_ok "Swedish when the browser prefers it to English"; fi
kill "$server_pid"
wait "$server_pid" 2>/dev/null
