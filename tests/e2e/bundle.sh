# bundle.sh — bundle import and export through the binary: round trip, determinism,
# personnummer handling, and bad bundles that must change nothing.
. "$(dirname "$0")/lib.sh"

run --db a.db import "$FIX/bundle-min.json"
expect_rc 0 "the complete fixture bundle imports"
expect_out "Imported" "import says what it did"

run --db a.db export -o e1.json
expect_rc 0 "export writes a bundle"
run --db a.db export
expect_rc 0 "export to standard output"
same e1.json "$T/out" "export to a file and to standard output are the same"
run --db b.db import e1.json
expect_rc 0 "the exported bundle imports into a new database"
run --db b.db export -o e2.json
same e1.json e2.json "import(export(db)) then export is byte-identical"
run --db b.db import e2.json
run --db b.db export -o e3.json
same e1.json e3.json "importing the same bundle again changes nothing (upsert)"
for key in '"format": "insats-bundle"' '"version": 1' '"organisations"' '"people"' '"groups"' \
    '"interventions"' '"proposals"' '"activities"' '"surveys"' '"certificates"' '"goals"' \
    '"budget"' '"deviations"' '"meetings"' '"dissemination"' '"narratives"'; do
    grep -qF "$key" e1.json && ok "the export carries $key" || not_ok "the export carries $key"
done

# Personnummer stay in the database unless asked for.
if grep -q '"personnummer"' e1.json; then not_ok "a plain export carries no personnummer"
else ok "a plain export carries no personnummer"; fi
pnrs=$(grep -o '"personnummer": *"[0-9+-]*"' "$FIX/bundle-min.json" | grep -o '[0-9][0-9+-]*' | tr -d '+-' | sort)
[ -n "$pnrs" ] && ok "the fixture holds personnummer" || not_ok "the fixture holds personnummer"
for p in $pnrs; do
    if grep -q "${p:(-10):6}.\?${p:(-4)}" a.db; then not_ok "personnummer ${p:0:8}-**** is not stored in plain text"
    else ok "personnummer ${p:0:8}-**** is not stored in plain text"; fi
done
run --db a.db export --with-personnummer -o full.json
expect_rc 0 "export --with-personnummer"
expect_err "personnummer" "export --with-personnummer warns"
n=$(grep -c '"personnummer": "' full.json)
[ "$n" -eq "$(echo "$pnrs" | grep -c .)" ] && ok "every stored personnummer is exported when asked" \
    || not_ok "exported $n personnummer"
# Re-importing a bundle without personnummer keeps the stored ones.
run --db a.db import e1.json
run --db a.db export --with-personnummer -o full2.json
same full.json full2.json "re-importing a bundle without personnummer keeps the stored ones"
run --db a.db list people
if grep -q -- '-\*\*\*\*' "$T/out"; then ok "list people shows masked personnummer"
else not_ok "list people shows masked personnummer"; fi
leak=0
for p in $pnrs; do grep -q "${p:(-4)}\b" "$T/out" && grep -q "${p:0:8}.${p:(-4)}" "$T/out" && leak=1; done
[ "$leak" -eq 0 ] && ok "list people never shows a personnummer in full" || not_ok "list people leaked a personnummer"
# A bundle with personnummer into another database (another key) keeps them readable.
run --db c.db import full.json
run --db c.db export --with-personnummer -o full3.json
same full.json full3.json "personnummer survive a move to a database with another key"

# Bad bundles: exit 3, a message naming the file and place, and no change at all.
snapshot a.db > before.sql
for f in "$FIX"/bad-*.json; do
    name=$(basename "$f")
    run --db a.db import "$f"
    expect_rc 3 "$name is refused with exit code 3"
    expect_err "$name" "$name: the message names the file"
    snapshot a.db > after.sql
    same before.sql after.sql "$name leaves the database exactly as it was"
done

# Several errors in one bundle are all reported, each with its JSON path.
cat > two-errors.json <<'JSON'
{"format": "insats-bundle", "version": 1,
 "project": {"id": "x", "name": "X", "start": "2012-01-01", "end": "2011-01-01"},
 "organisations": [{"id": "o", "name": "O", "kind": "kommun"}],
 "people": [{"id": "p1", "name": "A", "gender": "kv", "organisation": "o"},
            {"id": "p1", "name": "B", "gender": "female", "organisation": "nowhere"}]}
JSON
run --db a.db import two-errors.json
expect_rc 3 "a bundle with several errors is refused"
expect_err 'people[0].gender' "the wrong gender is reported with its path"
expect_err '"kv"' "the wrong value is quoted"
expect_err 'organisations[0].kind' "the wrong organisation kind is reported"
expect_err 'people[1]' "the duplicate or unknown reference of the second person is reported"
expect_err 'nowhere' "the unknown organisation is named"
n=$(grep -c '^insats: two-errors.json' "$T/err")
[ "$n" -ge 4 ] && ok "all errors are reported, not just the first ($n)" || not_ok "only $n errors reported"
snapshot a.db > after.sql
same before.sql after.sql "the bundle with several errors changed nothing"

printf '{"format": "insats-bundle", "version": 1,\n  "project": {"id": "x",,}}' > syntax.json
run --db a.db import syntax.json
expect_rc 3 "malformed JSON is refused"
expect_err "syntax.json:2:" "malformed JSON is reported with its line"
run --db a.db import nonexistent.json
expect_rc 3 "a missing file is an input error"

# The complete example in docs/bundle-format.md is what export really writes.
awk '/^## A complete example/ { on = 1 } on && /^```$/ { exit } on && p { print } on && /^```json$/ { p = 1 }' \
    "$FIX/../../docs/bundle-format.md" > doc-example.json
same e1.json doc-example.json "the example in docs/bundle-format.md matches the export of the fixture"

# Deleting a record entered by mistake: refused while others refer to it, changing nothing.
snapshot a.db > before.sql
run --db a.db delete person p1
expect_rc 3 "deleting a person with attendance is refused"
expect_err 'still referred to by 2 attendance rows' "the refusal says what refers to the person"
snapshot a.db > after.sql
same before.sql after.sql "a refused delete changes nothing"
run --db a.db delete meeting m1
expect_rc 0 "a meeting can be deleted"
expect_out "Deleted meeting m1" "delete says what it removed"
run --db a.db show meeting m1
expect_rc 3 "the deleted meeting is gone"
n=$(sqlite3 a.db "SELECT count(*) FROM agenda_item")
[ "$n" -eq 0 ] && ok "its agenda went with it" || not_ok "agenda items left: $n"
run --db a.db delete nosuchkind x
expect_rc 2 "an unknown kind of record is a usage error"

# A number too large to store is called that, not a question of decimals.
printf '{"format":"insats-bundle","version":1,"project":{"id":"x","name":"X","start":"2012-01-01","end":"2013-01-01"},"organisations":[{"id":"o","name":"O","kind":"other","hourly_cost":1e300}]}' > big.json
run --db big.db import big.json
expect_rc 3 "an amount too large to store is refused"
expect_err 'organisations[0].hourly_cost: 1e+300 is too large' "the message says the amount is too large"

# check opens every stored personnummer with the key, and refuses another database's key.
run --db a.db check
expect_rc 0 "check passes with the database's own key"
expect_out "personnummer   1 sealed, all readable" "check counts the readable personnummer"
run --db a.db --key b.db.key check
expect_rc 4 "check with another database's key is a storage error"
expect_err "belongs to another database" "the message says the key is not this database's"
