# commands.sh — a command line a user does not trip over: "did you mean" for misspelt
# commands, subcommands, options and kinds; the version; kinds in either number; how many
# records a limited list leaves out; names beside ids and a goal's figures in show; progress
# of a long PDF on a terminal only.
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

# --version, -V and version print the Makefile's VERSION, the one place it is written.
version=$(sed -n 's/^VERSION *:= *//p' "$repo/Makefile")
[ -n "$version" ] && ok "the Makefile sets VERSION" || not_ok "the Makefile sets VERSION"
for v in --version -V version; do
    run $v
    if [ "$rc" -eq 0 ] && [ "$(cat "$T/out")" = "insats $version" ]; then ok "$v prints the version"
    else not_ok "$v prints \"$(cat "$T/out")\" (exit $rc), not insats $version"; fi
done
run --help
expect_out "version " "--help lists the version command"

# Near misses get the nearest name; far ones only the error.
run reprot
expect_rc 2 "a misspelt command is a usage error"
expect_err 'no command "reprot"; did you mean `report`?' "a misspelt command gets the command meant"
run help lsit
expect_err 'did you mean `list`?' "help of a misspelt command gets the command meant"
run frobnicate
if grep -q "did you mean" "$T/err"; then not_ok "a word far from every command gets no guess"
else ok "a word far from every command gets no guess"; fi

run --db demo.db demo
expect_rc 0 "the demo project is made"
run --db demo.db import "$FIX/bundle-min.json" --knd bundle
expect_rc 2 "a misspelt option is a usage error"
expect_err 'unknown option "--knd"; did you mean "--kind"?' "a misspelt option gets the option meant"
run --db demo.db list people --limt 2
expect_err 'did you mean "--limit"?' "a misspelt list option gets the option meant"
run --db demo.db list people --limit
expect_err "--limit needs a value" "an option without its value says so"
run --db demo.db report slutrapprt
expect_rc 2 "a misspelt report is a usage error"
expect_err 'did you mean `report slutrapport`?' "a misspelt report gets the report meant"
run --db demo.db report lagesrapport --perod 1
expect_err 'did you mean "--period"?' "a misspelt report option gets the option meant"
run --db demo.db report lagesrapport --period 1 --format pfd
expect_rc 2 "a misspelt format is a usage error"
expect_err '--format: "pfd" is not one of json, html, md, pdf, xlsx, sql; did you mean "pdf"?' \
    "a misspelt format gets the format meant"
run --db demo.db import "$FIX/bundle-min.json" --kind bundel
expect_err 'did you mean "bundle"?' "a misspelt kind of file gets the one meant"
run --db demo.db list meetings --status hled
expect_err 'did you mean "held"?' "a misspelt status gets the status meant"
run --db demo.db list activites
expect_rc 2 "a misspelt kind is a usage error"
expect_err 'did you mean "activities"?' "a misspelt kind gets the kind meant"
run --db demo.db show persn p00001
expect_err 'did you mean "person"?' "show of a misspelt kind gets the kind meant"
run --db demo.db delete meetng m001
expect_err 'did you mean "meeting"?' "delete of a misspelt kind gets the kind meant"
run --db demo.db delete project kna
expect_rc 2 "a project cannot be deleted"
expect_err "project cannot be given to \`insats delete\`" "the message says delete does not take projects"

# Singular and plural name the same kind in list, show and delete.
"$INSATS" --db demo.db list activities > plural.out 2>&1
"$INSATS" --db demo.db list activity > singular.out 2>&1
same plural.out singular.out "list activity lists what list activities lists"
"$INSATS" --db demo.db show activity a001 > singular.out 2>&1
"$INSATS" --db demo.db show activities a001 > plural.out 2>&1
same plural.out singular.out "show activities shows what show activity shows"
run --db demo.db delete dissemination "$(sed -n '2s/\t.*//p' <("$INSATS" --db demo.db list dissemination --tsv))"
expect_rc 0 "delete takes the kind named alike in both numbers (dissemination)"
run --db demo.db delete people p00001
expect_rc 3 "delete people with attendance is refused like delete person"
expect_err 'person "p00001" is still referred to' "delete people names the person"
# What blocks a delete is counted in words that agree with the number; an option delete does
# not take is named as unknown, not taken for a missing id.
run --db demo.db delete activities a120
expect_err 'still referred to by 1 survey, 1 cost entry;' "one referring record is named in the singular"
run --db demo.db delete activity a120 --force
expect_rc 2 "delete with an unknown option is a usage error"
expect_err 'unknown option "--force"' "delete names the option it does not know"
run --db demo.db delete certificates "$(sed -n '2s/\t.*//p' <("$INSATS" --db demo.db list certificates --tsv))"
expect_rc 0 "delete certificates deletes one certificate"
expect_out "Deleted certificate " "the message names the kind in the singular"

# A limited list says on stderr how many there are in all; --tsv stays a clean table.
total=$("$INSATS" --db demo.db list people --tsv | tail -n +2 | wc -l)
run --db demo.db list people --limit 5 --tsv
expect_rc 0 "a limited list succeeds"
[ "$(wc -l < "$T/out")" -eq 6 ] && ok "--limit 5 --tsv prints the header and 5 rows" \
    || not_ok "--limit 5 --tsv printed $(wc -l < "$T/out") lines"
grouped=$(echo "$total" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta')
want="insats: 5 of $grouped people shown; raise --limit to see more"
grep -qxF -- "$want" "$T/err" && ok "the limited list says how many there are in all" \
    || not_ok "stderr is \"$(cat "$T/err")\", not \"$want\""
if cut -f1 "$T/out" | tail -n +2 | grep -qv '^p[0-9]'; then not_ok "--tsv holds rows only"
else ok "--tsv holds rows only"; fi
run --db demo.db list people --limit "$total"
[ ! -s "$T/err" ] && ok "a limit that shows everything says nothing more" \
    || not_ok "a limit that shows everything still says: $(cat "$T/err")"
run --db demo.db list people --limit "$total" --organisation nosuch
expect_rc 3 "the count does not hide a filter's error"

# show gives the names beside the ids, and a goal's figures from the figures engine.
intervention=$("$INSATS" --db demo.db list activities --tsv | awk -F'\t' '$1 == "a001" {print $6}')
title=$("$INSATS" --db demo.db list interventions --tsv | awk -F'\t' -v i="$intervention" '$1 == i {print $2}')
run --db demo.db show activity a001
expect_out "intervention: $intervention ($title)" "show activity names the intervention beside its id"
org=$("$INSATS" --db demo.db show activity a001 --json | python3 -c \
    'import json,sys; r=json.load(sys.stdin); print(r["organisations"][0], r["_names"]["organisations"][0])')
name=$("$INSATS" --db demo.db list organisations --tsv | awk -F'\t' -v o="${org%% *}" '$1 == o {print $2}')
[ "${org#* }" = "$name" ] && ok "show --json names the organisations in _names" \
    || not_ok "organisation ${org%% *} named \"${org#* }\", not \"$name\""
run --db demo.db show meeting m001
if grep -qE '^notes_by: p[0-9]+ \(.+\)$' "$T/out"; then ok "show meeting names who took the notes"
else not_ok "show meeting: $(grep notes_by "$T/out")"; fi
# The project is over (INSATS_TODAY is later): a goal is as of its end, as in the slutrapport.
"$INSATS" --db demo.db report slutrapport --format json > slut.json
for g in g1 g6 g8 g10; do
    "$INSATS" --db demo.db show goal $g --json > goal.json
    if python3 - "$g" <<'PY'
import json, sys
g = sys.argv[1]
shown = json.load(open("goal.json"))["_summary"]
slut = json.load(open("slut.json"))
fig = next(x for x in slut["goals"] if x["id"] == g)
assert shown["as_of"] == slut["period"]["to"], (shown, slut["period"])
for k in ("achieved", "met", "suppressed"):
    assert shown[k] == fig[k], (k, shown[k], fig[k])
PY
    then ok "show goal $g gives the slutrapport's achieved value and verdict"
    else not_ok "show goal $g disagrees with the slutrapport"; fi
done
run --db demo.db show goal g1
if grep -qE '^  achieved: [0-9]+$' "$T/out" && grep -q '^  met: ' "$T/out"; then
    ok "show goal prints the achieved value and whether it is met"
else not_ok "show goal: $(grep -A4 _summary "$T/out" | tr '\n' ' ')"; fi

# show speaks in words, not in the bundle's internal keys; a count target is a whole number.
run --db demo.db show goal g7
if grep -q '_summary\|kind: group_members' "$T/out"; then not_ok "show goal prints internal keys: $(tr '\n' ' ' < "$T/out")"
else ok "show goal prints no internal keys"; fi
expect_out "kind: members of a group (group_members)" "show goal says what the measure counts"
"$INSATS" --db demo.db list goals --tsv > goals.tsv
if awk -F'\t' 'NR > 1 && $6 == "count" && $4 !~ /^[0-9]+$/ {bad = 1} END {exit !bad}' goals.tsv; then
    not_ok "list goals: a count target with decimals: $(awk -F'\t' '$6 == "count" {print $4}' goals.tsv | tr '\n' ' ')"
else ok "list goals prints a count target as a whole number"; fi

# Ids only, never a row's integer key: every id shown is one the lists give.
"$INSATS" --db demo.db show project --json > project.json
if grep -qE '"(rowid|_id|id)": *[0-9]' project.json goal.json; then
    not_ok "show prints an integer key"
else ok "show prints no integer keys"; fi

# Progress of a long PDF: on a terminal only, and gone when done.
if command -v script >/dev/null; then
    script -qec "'$INSATS' --db demo.db report slutrapport --format pdf -o tty.pdf" /dev/null \
        > tty.out 2>&1
    grep -q "writing the PDF: [0-9]* / [0-9]*" tty.out && ok "a PDF shows its progress on a terminal" \
        || not_ok "no progress on a terminal: $(head -c 200 tty.out)"
    [ -s tty.pdf ] && ok "the PDF made on a terminal is written" || not_ok "the PDF made on a terminal is written"
else
    ok "# SKIP script(1) is not installed: no terminal to test progress on"
fi
run --db demo.db report slutrapport --format pdf -o pipe.pdf
# (The sanitizers' own summary may follow on stderr; progress is what must not be there.)
[ "$rc" -eq 0 ] && ! grep -q "PDF\|$(printf '\r')" "$T/err" && ok "no progress when stderr is not a terminal" \
    || not_ok "stderr off a terminal: $(head -c 200 "$T/err")"
