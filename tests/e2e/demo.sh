# demo.sh — the tour of the README on the small demo project: demo, show, list, export,
# import into a copy, and that long work stays quiet when its output is not a terminal.
. "$(dirname "$0")/lib.sh"

run demo --scale small --db demo.db
expect_rc 0 "insats demo --scale small"
[ ! -s "$T/err" ] && ok "demo prints no progress when stderr is not a terminal" \
    || { not_ok "demo wrote to stderr"; head -3 "$T/err"; }
expect_out "demo.db" "demo says where the project is"

run --db demo.db show project
expect_rc 0 "show project"
run --db demo.db list activities --status held
expect_rc 0 "list activities --status held"
lines=$(grep -c . "$T/out")
[ "$lines" -gt 10 ] && ok "the demo has many held activities ($((lines - 1)))" || not_ok "held activities: $lines lines"
if awk 'NR > 1 && $0 !~ /held/ { bad = 1 } END { exit bad }' "$T/out"; then ok "every listed activity is held"
else not_ok "list --status held shows other statuses"; fi
first=$(awk 'NR == 2 { print $1 }' "$T/out")
run --db demo.db show activity "$first"
expect_rc 0 "show activity $first (the first id of the list)"
expect_out "$first" "show names the activity"
run --db demo.db show activity a017
expect_rc 0 "show activity a017"
run --db demo.db show activity nosuch
expect_rc 3 "show of an unknown id is an input error"
expect_err "nosuch" "the unknown id is named"
run --db demo.db list nosuchkind
expect_rc 2 "list of an unknown kind is a usage error"
for kind in projects organisations people groups interventions proposals activities sessions \
    surveys certificates goals costs deviations meetings dissemination; do
    run --db demo.db list "$kind" --limit 3
    if [ "$rc" -eq 0 ] && [ "$(grep -c . "$T/out")" -ge 2 ]; then ok "list $kind shows records"
    else not_ok "list $kind (exit $rc)"; sed -n 1,3p "$T/err"; fi
done
run --db demo.db list activities --status cancelled
[ "$(grep -c . "$T/out")" -ge 2 ] && ok "the demo has a cancelled activity" || not_ok "no cancelled activity"
run --db demo.db list meetings --status cancelled
[ "$(grep -c . "$T/out")" -ge 2 ] && ok "the demo has a cancelled meeting" || not_ok "no cancelled meeting"

run --db demo.db export -o project.json
expect_rc 0 "export the demo project"
run --db copy.db import project.json
expect_rc 0 "import it into a copy"
run --db copy.db export -o copy.json
same project.json copy.json "the copy exports the same bytes"
n=$(sqlite3 demo.db "SELECT count(*) FROM attendance")
[ "$n" -ge 9000 ] && [ "$n" -le 11000 ] && ok "the small demo has about 10,000 attendance rows ($n)" \
    || not_ok "small demo attendance rows: $n"
n=$(sqlite3 demo.db "SELECT count(*) FROM person")
[ "$n" -ge 1100 ] && [ "$n" -le 1300 ] && ok "the small demo has about 1,200 people ($n)" \
    || not_ok "small demo people: $n"

# Deterministic: the same seed gives the same project, another seed another one.
run demo --scale small --seed 1 -o d1.json
run demo --scale small --seed 1 -o d1b.json
same d1.json d1b.json "demo with the same seed gives the same bundle"
run demo --scale small --seed 2 -o d2.json
if cmp -s d1.json d2.json; then not_ok "another seed gives another project"; else ok "another seed gives another project"; fi

run --db demo.db check
expect_rc 0 "the demo database passes check"

# A second demo into a database that holds a project is refused and changes nothing: it
# would merge the fictional data into the project there.
run --db demo.db export -o before.json
run demo --scale small --seed 2 --db demo.db
expect_rc 2 "demo into a database that holds a project is refused"
expect_err "already holds project kna (Kompetenslyftet Norra Älvdalen)" "the refusal names the project found"
expect_err "choose another with --db" "the refusal says what to do"
if grep -q "Created" "$T/out"; then not_ok "the refused demo says Created"; else ok "the refused demo does not say Created"; fi
run --db demo.db export -o after.json
same before.json after.json "the refused demo changed nothing"

# On a terminal, long work shows its progress (script(1) gives the command a terminal).
if command -v script >/dev/null 2>&1; then
    script -qec "'$INSATS' demo --scale small --db tty.db" /dev/null > tty.out 2>&1
    if grep -q 'attendance: ' tty.out || grep -q 'people: ' tty.out; then ok "demo shows its progress on a terminal"
    else not_ok "demo shows no progress on a terminal"; head -c 300 tty.out; fi
else
    not_ok "script(1) is missing: cannot test progress on a terminal"
fi
