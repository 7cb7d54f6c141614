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
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null | grep -c '^msgid ')
    if [ "$fuzzy" -eq 0 ]; then ok "po/$lang.po has no fuzzy translation"; else
        not_ok "po/$lang.po has $((fuzzy - 1)) fuzzy translations"; fi
done

# The web application's frame, its error pages and the login page: every id of these files
# has its translation in both catalogues.
web_core="layout router routes server page api session assets ctx mailer pages_health
    pages_login"
for lang in sv en; do
    locs=""
    for f in $web_core; do locs="$locs --location=src/web/$f.c"; done
    # shellcheck disable=SC2086
    left=$(msggrep $locs "$ROOT/po/$lang.po" | msgattrib --untranslated --no-obsolete |
        grep -c '^msgid ')
    if [ "$left" -eq 0 ]; then ok "po/$lang.po translates the web application's frame"
    else
        not_ok "po/$lang.po leaves $((left)) strings of the web application's frame untranslated"
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
