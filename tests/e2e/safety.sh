# safety.sh — no way to lose data through the command line: output files are written whole
# or not at all (a full disk leaves the old file, exit 4), never over the database, its -wal,
# -shm or key file, never through a link or into a device or FIFO; a failed write to standard
# output is an error; every file holding personal data is 0600 whatever the umask; a failed
# init leaves nothing behind; a database in a directory we cannot write can still be read;
# TSV cells cannot run as formulas; Markdown reports carry no raw HTML or script links.
# A full disk is simulated with a file size limit (ulimit -f, SIGXFSZ ignored so that the
# write fails with EFBIG instead of killing the process), and, where mounting is allowed, with
# a small tmpfs.
. "$(dirname "$0")/lib.sh"

# no_tmp_left DESCRIPTION : no temporary output file is left in the current directory.
no_tmp_left() {
    if ls ./*.tmp-* >/dev/null 2>&1; then not_ok "$1 ($(ls ./*.tmp-*))"; else ok "$1"; fi
}

# limited KB CMD… : runs insats as `run` does, with files limited to KB kilobytes.
limited() {
    local kb=$1
    shift
    (trap '' XFSZ; ulimit -f "$kb"; "$INSATS" "$@") >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -eq 86 ] || grep -qE 'Sanitizer|runtime error:' "$T/err"; then
        not_ok "sanitizer report from: insats $*"; sed -n '1,30p' "$T/err"
    fi
}

mode() { stat -c %a "$1"; }

run --db o.db demo --scale small
expect_rc 0 "the small demo project is created"
meeting=$(sqlite3 o.db "SELECT code FROM meeting ORDER BY code LIMIT 1")
sha_db=$(sha256sum o.db | cut -d' ' -f1)
sha_key=$(sha256sum o.db.key | cut -d' ' -f1)

# ---- the double free of a failed close, and standard output that cannot be written ---------
for f in md json; do
    run --db o.db report minutes --meeting "$meeting" --format $f -o /dev/full
    expect_rc 2 "minutes --format $f -o /dev/full is refused, not a crash"
    expect_err "/dev/full: is not a regular file" "the refusal of /dev/full names it"
    "$INSATS" --db o.db report minutes --meeting "$meeting" --format $f >/dev/full 2>"$T/err"
    rc=$?
    expect_rc 4 "minutes --format $f into a full standard output exits 4"
    expect_err "standard output: cannot write: No space left on device" "the message says why ($f)"
    grep -q "double free\|Sanitizer" "$T/err" && not_ok "no abort ($f)" || ok "no abort ($f)"
done
"$INSATS" --db o.db report minutes --meeting "$meeting" --format md -o /dev/stdout >via-stdout.md 2>"$T/err"
rc=$?
expect_rc 0 "-o /dev/stdout writes to standard output"
grep -q "^# " via-stdout.md && ok "the minutes came through standard output" \
    || not_ok "the minutes came through standard output"
for cmd in "list activities" "list people --tsv" "show project" "check"; do
    # shellcheck disable=SC2086
    "$INSATS" --db o.db $cmd >/dev/full 2>"$T/err"
    rc=$?
    expect_rc 4 "$cmd > /dev/full exits 4"
    expect_err "standard output: cannot write" "$cmd > /dev/full says the output is lost"
done

# ---- targets that are refused ------------------------------------------------------------
run --db o.db export -o o.db
expect_rc 2 "export -o the open database is refused"
expect_err "o.db: this is the database o.db" "the refusal says it is the database"
run --db o.db report lagesrapport --period 4 --format md -o o.db.key
expect_rc 2 "a report -o the key file is refused"
expect_err "personnummer key file of the database o.db" "the refusal says it is the key"
mkdir -p sub
for t in o.db-wal o.db-shm ./sub/../o.db "$T/o.db"; do
    run --db o.db export -o "$t"
    expect_rc 2 "export -o $t is refused"
done
ln o.db hard.db
run --db o.db report slutrapport --format pdf -o hard.db
expect_rc 2 "a hard link to the database is refused as a target"
run --db "$T/sub/../o.db" export -o o.db
expect_rc 2 "another spelling of --db is caught too"
run --db o.db --key "$T/o.db.key" report lagesrapport --period 4 --format xlsx -o ./o.db.key
expect_rc 2 "a key named by --key is refused under another spelling"
rm hard.db
run --db o.db demo --scale large -o o.db
expect_rc 2 "demo -o the database is refused before the large project is generated"
[ "$(sha256sum o.db | cut -d' ' -f1)" = "$sha_db" ] && ok "the database is unchanged" \
    || not_ok "the database is unchanged"
[ "$(sha256sum o.db.key | cut -d' ' -f1)" = "$sha_key" ] && ok "the key is unchanged" \
    || not_ok "the key is unchanged"

echo keep >real.md
ln -s real.md link.md
mkfifo fifo
for t in link.md fifo /dev/null sub; do
    for f in "export" "report lagesrapport --period 4 --format md" "report slutrapport --format pdf"; do
        # shellcheck disable=SC2086
        run --db o.db $f -o "$t"
        expect_rc 2 "$f -o $t is refused"
    done
done
expect_err "sub: is a directory" "a directory is named as such"
run --db o.db export -o link.md
expect_err "link.md: is a symbolic link" "a link is named as such"
[ -L link.md ] && [ "$(cat real.md)" = keep ] && ok "the link and the file it points to are untouched" \
    || not_ok "the link and the file it points to are untouched"
[ -p fifo ] && ok "the FIFO is still a FIFO" || not_ok "the FIFO is still a FIFO"
no_tmp_left "refused targets leave no temporary file"

# ---- a full disk: the old file stays, exit 4, no temporary file ----------------------------
for f in md html json pdf; do
    run --db o.db report slutrapport --format $f -o s.$f
    expect_rc 0 "slutrapport --format $f"
    cp s.$f s.$f.orig
    limited 40 --db o.db report slutrapport --format $f -o s.$f
    expect_rc 4 "slutrapport --format $f on a full disk exits 4"
    expect_err "s.$f: cannot write: File too large; the existing file is unchanged" \
        "the message names the file, the reason and what became of it ($f)"
    same s.$f s.$f.orig "the earlier s.$f is intact"
    limited 40 --db o.db report slutrapport --format $f -o new.$f
    expect_rc 4 "a new $f on a full disk exits 4"
    [ ! -e new.$f ] && ok "no truncated new.$f is left" || not_ok "no truncated new.$f is left"
done
# libxlsxwriter writes each part of a workbook to a temporary file of its own and ignores a
# failed write there; the workbook is read back before it replaces anything.
run --db o.db report slutrapport --format xlsx -o s.xlsx
cp s.xlsx s.xlsx.orig
limited 40 --db o.db report slutrapport --format xlsx -o s.xlsx
expect_rc 4 "an xlsx whose parts cannot be written exits 4"
expect_err "s.xlsx: cannot write the workbook" "the xlsx failure names the file"
same s.xlsx s.xlsx.orig "the earlier s.xlsx is intact"
run --db o.db export -o e.json
cp e.json e.json.orig
limited 40 --db o.db export -o e.json
expect_rc 4 "export on a full disk exits 4"
same e.json e.json.orig "the earlier export is intact"
limited 40 demo --scale small -o e.json
expect_rc 4 "demo -o on a full disk exits 4"
same e.json e.json.orig "the earlier bundle is intact after demo -o"
no_tmp_left "failed writes leave no temporary file"

# A small file system, where mounting one is allowed (root in a privileged container).
mkdir -p small
trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
if mount -t tmpfs -o size=48k tmpfs small 2>/dev/null; then
    run --db o.db report slutrapport --format xlsx -o small/s.xlsx
    expect_rc 4 "an xlsx onto a full file system exits 4"
    expect_err "small/s.xlsx: cannot write: No space left on device" "the xlsx failure is our message"
    grep -q "\[ERROR\]" "$T/err" && not_ok "libxlsxwriter's own [ERROR] lines stay hidden" \
        || ok "libxlsxwriter's own [ERROR] lines stay hidden"
    [ -z "$(ls -A small)" ] && ok "nothing is left on the full file system" \
        || not_ok "nothing is left on the full file system ($(ls -A small))"
    (cd small && "$INSATS" --db t.db init >"$T/out" 2>"$T/err"); rc=$?
    expect_rc 4 "init on a full file system exits 4"
    [ -z "$(ls -A small)" ] && ok "a failed init leaves no database and no key" \
        || not_ok "a failed init leaves no database and no key ($(ls -A small))"
    umount small
else
    ok "# SKIP cannot mount a small tmpfs here; the file size limit covers the same paths"
fi

# ---- a failed init leaves nothing that the next init refuses -------------------------------
limited 40 --db n.db init
expect_rc 4 "init with too little room exits 4"
expect_err "n.db: the new database could not be made, and nothing of it was left behind" \
    "the failed init names the database and says nothing was left"
ls n.db* >/dev/null 2>&1 && not_ok "the failed init left $(ls n.db*)" \
    || ok "the failed init left no database, -wal, -shm or key"
run --db n.db init
expect_rc 0 "the next init succeeds"
: >z.db
run --db z.db init
expect_rc 0 "init over an empty file left by an interrupted init succeeds"
[ -s z.db ] && [ -s z.db.key ] && ok "it made the database and its key" \
    || not_ok "it made the database and its key"
run --db z.db init
expect_rc 2 "init over a real database is still refused"

# ---- every file with personal data is 0600, whatever the umask -----------------------------
for u in 022 000; do
    rm -rf "u$u" && mkdir "u$u"
    (
        cd "u$u" || exit 1
        umask $u
        "$INSATS" --db i.db init >/dev/null 2>&1
        "$INSATS" --db d.db demo --scale small >/dev/null 2>&1
        "$INSATS" --db d.db export -o e.json >/dev/null 2>&1
        "$INSATS" demo --scale small -o b.json >/dev/null 2>&1
        echo old >r.md && chmod 644 r.md
        "$INSATS" --db d.db report lagesrapport --period 4 --format md -o r.md >/dev/null 2>&1
        "$INSATS" --db d.db report lagesrapport --period 4 --format pdf -o r.pdf >/dev/null 2>&1
        "$INSATS" --db d.db report lagesrapport --period 4 --format xlsx -o r.xlsx >/dev/null 2>&1
        "$INSATS" --db d.db report lagesrapport --period 4 --format sql -o r.sql >/dev/null 2>&1
        # SQLite makes -wal and -shm while a connection is open; they take the database's mode.
        sqlite3 d.db "SELECT count(*) FROM person" ".shell stat -c '%n %a' d.db-wal d.db-shm" \
            >walshm.txt 2>&1
    )
    for f in i.db i.db.key d.db d.db.key e.json b.json r.md r.pdf r.xlsx r.sql; do
        if [ -e "u$u/$f" ] && [ "$(mode "u$u/$f")" = 600 ]; then ok "umask $u: $f is 0600"
        else not_ok "umask $u: $f is 0600 ($( [ -e "u$u/$f" ] && mode "u$u/$f" || echo missing))"; fi
    done
    grep -q "d.db-wal 600" "u$u/walshm.txt" && grep -q "d.db-shm 600" "u$u/walshm.txt" \
        && ok "umask $u: -wal and -shm are 0600" || not_ok "umask $u: -wal and -shm are 0600 ($(cat "u$u/walshm.txt"))"
done

# A database made by an older insats, 0644: check says so and how to mend it.
cp o.db old.db && cp o.db.key old.db.key && chmod 644 old.db
run --db old.db check
expect_rc 0 "check of a database open to other users is no failure"
expect_out "permissions    open to other users" "check reports the permissions"
expect_err "warning: old.db holds personal data but is open to other users (mode 644); \`chmod 600 old.db\`" \
    "the warning says how to make it private"
chmod 600 old.db
run --db old.db check
expect_out "permissions    private" "a private database is reported as such"
rm -f old.db old.db.key

# ---- a database in a directory this user cannot write --------------------------------------
mkdir ro && cp o.db o.db.key ro/
as_other=""
if [ "$(id -u)" -eq 0 ]; then
    # Root may write anywhere; the test runs the reading commands as nobody.
    chmod 755 "$T" && chown nobody ro/o.db ro/o.db.key && chmod 755 ro
    other="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    # Only where nobody may run the binary (it may sit below a private home directory).
    if command -v setpriv >/dev/null 2>&1 && (cd ro && $other "$INSATS" --help >/dev/null 2>&1); then
        as_other=$other
    fi
else
    chmod 555 ro
fi
if [ -n "$as_other" ] || [ "$(id -u)" -ne 0 ]; then
    for cmd in "list activities" "show project" "check" "report lagesrapport --period 4"; do
        # shellcheck disable=SC2086
        (cd ro && $as_other "$INSATS" --db o.db $cmd >"$T/out" 2>"$T/err"); rc=$?
        expect_rc 0 "in a read-only directory: $cmd"
    done
    (cd ro && $as_other "$INSATS" --db o.db delete activity a001 >"$T/out" 2>"$T/err"); rc=$?
    expect_rc 4 "in a read-only directory a change is refused"
    expect_err "read-only here" "the refusal says the database is read-only here"
    [ -z "$(ls ro | grep -v '^o\.db\(\.key\)\?$')" ] && ok "nothing was created in the read-only directory" \
        || not_ok "nothing was created in the read-only directory ($(ls ro))"
    # A copy taken while a writer had changes in its -wal file: readable through the -shm file
    # the writer left; without one, the message says what to do.
    chmod 755 ro
    mkdir pend && chmod 755 pend
    cp o.db w.db && cp o.db.key w.db.key
    # (The project's tables cannot be written from the sqlite3 shell: their audit triggers call
    # insats's own functions. The trail itself can be appended to, so the change is an entry.)
    sqlite3 w.db "PRAGMA wal_autocheckpoint = 0" \
        "INSERT INTO audit_log (at, actor_login, actor_name, interface, kind, action)
         VALUES ('2026-11-24T12:00:00Z', 'väntan', 'Namn i väntan', 'cli', 'project', 'update')" \
        ".shell cp w.db w.db-wal w.db-shm w.db.key pend/" >/dev/null
    [ -s pend/w.db-wal ] && ok "the copy has changes pending in its -wal file" \
        || not_ok "the copy has changes pending in its -wal file"
    [ "$(id -u)" -eq 0 ] && chown nobody pend/w.db* && chown root pend
    [ "$(id -u)" -ne 0 ] && chmod 555 pend
    (cd pend && $as_other "$INSATS" --db w.db audit --limit 1 >"$T/out" 2>"$T/err"); rc=$?
    expect_rc 0 "a read-only copy with a pending -wal and its -shm is read"
    expect_out "Namn i väntan" "the pending change is seen"
    chmod 755 pend && rm pend/w.db-shm
    [ "$(id -u)" -ne 0 ] && chmod 555 pend
    (cd pend && $as_other "$INSATS" --db w.db list projects >"$T/out" 2>"$T/err"); rc=$?
    expect_rc 4 "a read-only copy with a pending -wal and no -shm is refused"
    expect_err "w.db: changes are waiting in w.db-wal" "the refusal says why and what to do"
    chmod 755 pend
else
    ok "# SKIP no way to run the binary as another user here"
fi

# ---- report diff -o FILE ------------------------------------------------------------------
run --db o.db report freeze --period 4 --by Maria
expect_rc 0 "period 4 is frozen"
run --db o.db report reopen --period 4 --reason "sen faktura" --by Maria
run --db o.db export -o e2.json
jq '{format, version, project,
     budget: {costs: [{id: "late-invoice", date: "2012-09-28", category: .budget.categories[0].id,
                       amount: 12345, text: "Sen faktura"}]}}' e2.json >late-cost.json
run --db o.db import late-cost.json
expect_rc 0 "a late cost imports into the reopened period"
run --db o.db report diff --period 4
cp "$T/out" diff-stdout.txt
run --db o.db report diff --period 4 -o diff.txt
expect_rc 0 "report diff -o FILE is accepted"
same diff.txt diff-stdout.txt "diff -o FILE holds what diff prints"
grep -q "budget.period.actual" diff.txt && ok "the diff file lists the change" \
    || not_ok "the diff file lists the change"
[ "$(mode diff.txt)" = 600 ] && ok "the diff file is 0600" || not_ok "the diff file is 0600"
run --db o.db report diff --period 4 -o diff.json
expect_rc 0 "report diff -o diff.json takes json from the name"
jq -e 'type == "array" and length > 0' diff.json >/dev/null 2>&1 \
    && ok "diff.json holds the changes as JSON" || not_ok "diff.json holds the changes as JSON"

# ---- TSV cells that a spreadsheet would run ------------------------------------------------
# (A name with a tab in it is refused by the import; csvwrite's unit test covers that case.)
printf '%s\n' 'Deltagar-id;Förnamn;Efternamn;Kön;Kommun' \
    "f1;=cmd|' /C calc'!A0;Formel;Kvinna;Älvby kommun" \
    'f2;@SUM(1+1);Summa;Man;Älvby kommun' \
    'f3;+1+2;Plus;Man;Älvby kommun' \
    'f4;-2+3;Minus;Kvinna;Älvby kommun' >formulas.csv
org=$(sqlite3 o.db "SELECT name FROM organisation ORDER BY id LIMIT 1")
sed -i "s/Älvby kommun/$org/" formulas.csv
run --db o.db import formulas.csv --kind people
expect_rc 0 "people with formula-like names import (they are names to us)"
run --db o.db list people --tsv
for id in f1 f2 f3 f4; do
    cell=$(awk -F'\t' -v id=$id '$1 == id {print $2}' "$T/out")
    case "$cell" in
        "'"*) ok "the TSV name of $id is neutralised: $cell" ;;
        *) not_ok "the TSV name of $id is neutralised: $cell" ;;
    esac
done
if awk -F'\t' '{for (i = 1; i <= NF; i++) if ($i ~ /^[ \t\r]*[=+@]/ || $i ~ /^-[^0-9]/) bad = 1} END {exit !bad}' "$T/out"; then
    not_ok "no TSV cell starts like a formula"
else ok "no TSV cell starts like a formula"; fi

# ---- raw HTML and script links in Markdown reports -----------------------------------------
jq '.narratives |= map(if .period == 4 and .section == "aktiviteter" then
        .text = "Bra period. <script>alert(1)</script> [klicka](javascript:alert(2)) <iframe src=\"https://x.example\"></iframe>"
      else . end)
    | .meetings[0].agenda[0].notes = "Se <script>x()</script> och [här](JavaScript:alert(3))"' \
    e2.json >evil.json
run --db evil.db import evil.json
expect_rc 0 "a bundle with HTML in its narratives imports"
m0=$(jq -r '.meetings[0].id' evil.json)
run --db evil.db report lagesrapport --period 4 --format md -o evil.md
run --db evil.db report minutes --meeting "$m0" --format md -o evil-minutes.md
for f in evil.md evil-minutes.md; do
    grep -qE "alert\(1\)|x\(\)" $f && ok "$f keeps the words" || not_ok "$f keeps the words"
    if grep -iqE '(^|[^\\])<(script|iframe)|\]\(javascript:' $f; then
        not_ok "$f holds no raw HTML and no javascript: link"; grep -inE 'script|iframe' $f | head -3
    else ok "$f holds no raw HTML and no javascript: link"; fi
done
