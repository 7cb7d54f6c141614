# tour.sh — the README's short tour, command by command, on the demo project: what a new user
# types first must work.
. "$(dirname "$0")/lib.sh"
EX=$(cd "$FIX/../../docs/examples" && pwd)

run demo --scale small --db demo.db
expect_rc 0 "insats demo --scale small --db demo.db"
run --db demo.db show project
expect_rc 0 "show project"
run --db demo.db list activities --status held
expect_rc 0 "list activities --status held"
run --db demo.db show activity a017
expect_rc 0 "show activity a017"
run --db demo.db list people --organisation alvby --limit 5
expect_rc 0 "list people --organisation alvby --limit 5"
[ "$(grep -c . "$T/out")" -eq 6 ] && ok "five people and a header" || not_ok "list --limit 5 printed $(grep -c . "$T/out") lines"
expect_err "5 of " "the limited list says how many there are in all"
run --db demo.db show goal g1
expect_rc 0 "show goal g1"
expect_out "achieved: " "the goal shows what it has achieved"
run --db demo.db export -o project.json
expect_rc 0 "export -o project.json"
run --db copy.db import project.json
expect_rc 0 "import project.json into a copy"
run --db copy.db import "$EX/deltagare.csv" --kind people
expect_rc 0 "import the example participant list (Windows-1252, semicolons)"
expect_out "5 rows (5 new, 0 updated)" "five new people"
run --db copy.db import "$EX/närvaro.csv" --kind attendance
expect_rc 0 "import the example attendance list (UTF-8 with BOM, commas)"
expect_out "6 rows" "six attendance rows"
run --db copy.db list people
if grep -q 'Åsa Öhrström' "$T/out" && grep -q '18900101-\*\*\*\*' "$T/out" && ! grep -q '9802' "$T/out"; then
    ok "the new people are listed with masked personnummer"
else not_ok "the example people are not listed as expected"; fi
run --db copy.db check
expect_rc 0 "check after the imports"

run --db demo.db report lagesrapport --period 4 --format pdf -o lagesrapport-004.pdf
expect_rc 0 "report lagesrapport --period 4 --format pdf"
run --db demo.db report lagesrapport --from 2012-10-01 --to 2012-12-31 --format json
expect_rc 0 "report lagesrapport --from --to --format json"
run --db demo.db report slutrapport -o slutrapport.html
expect_rc 0 "report slutrapport -o slutrapport.html"
grep -q '<html' slutrapport.html && ok "the name made it HTML" || not_ok "the name made it HTML"
run --db demo.db report slutrapport --format xlsx -o slutrapport.xlsx
expect_rc 0 "report slutrapport --format xlsx"
run --db demo.db list meetings --status held
expect_rc 0 "list meetings --status held"
run --db demo.db report minutes --meeting m001 --format md
expect_rc 0 "report minutes --meeting m001 --format md"
expect_out "Minnesanteckningar" "the minutes have their heading"
# The tour's reader sees Swedish, the command line's default.
LANG=sv_SE.UTF-8 run --db demo.db report check --period 12
expect_rc 1 "report check --period 12: the last report is still a draft"
expect_out "obesvarad fråga" "the check names the questions left to answer"
run --db demo.db report check --period 4
expect_rc 0 "report check --period 4: ready to hand in"
run --db demo.db report freeze --period 4
expect_rc 0 "report freeze --period 4"
run --db demo.db report diff --period 4
expect_rc 0 "report diff --period 4"
expect_out "No changes since period 4 was frozen" "nothing has changed since the freeze"
run --db demo.db report lagesrapport --period 4 --format sql -o figures.sql
expect_rc 0 "report lagesrapport --period 4 --format sql"
sqlite3 demo.db < figures.sql > sql.out 2>&1
[ $? -eq 0 ] && [ -s sql.out ] && ok "the report's SQL runs in the sqlite3 shell" || not_ok "the report's SQL fails: $(head -2 sql.out)"
