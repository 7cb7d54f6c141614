# audit.sh — `insats audit`: the command line's changes are in the trail under its user's login
# name, the demo's import is one entry, filters and their messages, no personnummer anywhere in
# the trail (the demo has none: people with personnummer come from a CSV file), and the trail
# cannot be changed — not through insats, not with the sqlite3 shell.
. "$(dirname "$0")/lib.sh"
me=$(id -un 2>/dev/null || echo "${USER:-cli}")

run --db d.db demo
expect_rc 0 "demo data"
run --db d.db audit
expect_rc 0 "audit lists the trail"
expect_out "import bundle demo" "the demo data is one import entry"
expect_out "via cli" "made through the command line"
# The login, then the full name only when it says more than the login, then the interface.
grep -Eq "Z  $me( \([^()]+\))? via cli  import" "$T/out" \
    && ok "under the login name of the user running insats, named once" \
    || not_ok "under the login name of the user running insats ($(grep -m1 '^[0-9]' "$T/out"))"
[ "$(grep -c '^[0-9]' "$T/out")" -eq 1 ] && ok "one entry for the whole import" \
    || not_ok "one entry for the whole import ($(grep -c '^[0-9]' "$T/out"))"

code=$(sqlite3 d.db "SELECT code FROM dissemination ORDER BY code LIMIT 1")
run --db d.db delete dissemination "$code"
expect_rc 0 "a record is deleted"
run --db d.db audit --kind dissemination
expect_rc 0 "audit --kind"
expect_out "delete dissemination $code" "the delete is in the trail"
expect_out "before: {" "with the values it had"
run --db d.db audit --kind dissemination --user nobody-at-all
expect_rc 0 "a user without entries is no error"
expect_err "no entries in the audit trail match" "and says that nothing matched"
run --db d.db audit --kind disseminatoin
expect_rc 3 "a misspelt kind is refused"
expect_err 'did you mean "dissemination"' "with the kind meant"
run --db d.db audit --from 2026-13-01
expect_rc 2 "a date that is not one is a usage error"
run --db d.db audit --limit 0
expect_rc 2 "--limit 0 is refused"
run --db d.db audit --limit 1
expect_rc 0 "--limit 1"
[ "$(grep -c '^[0-9]' "$T/out")" -eq 1 ] && ok "--limit 1 prints one entry" \
    || not_ok "--limit 1 prints one entry"
expect_err "there are older ones" "and says there is more"

# People from a CSV file, with personnummer, then again with others: recorded row by row, and
# never with a personnummer. pnr N prints a valid personnummer (Luhn check digit) of 1985.
pnr() {
    awk -v n="$1" 'BEGIN {
        d = sprintf("8503%02d%03d", (n % 28) + 1, 100 + n); s = 0
        for (i = 1; i <= 9; i++) { v = substr(d, i, 1) * (i % 2 ? 2 : 1); s += int(v / 10) + v % 10 }
        printf "19%s-%s%d\n", substr(d, 1, 6), substr(d, 7, 3), (10 - s % 10) % 10 }'
}
org=$(sqlite3 d.db "SELECT code FROM organisation ORDER BY code LIMIT 1")
{ echo "id;namn;kön;kommun;personnummer"
  for i in 1 2 3 4 5; do echo "q$i;Åsa Öst $i;kvinna;$org;$(pnr $i)"; done; } > people.csv
{ echo "id;namn;kön;kommun;personnummer"
  for i in 1 2 3 4 5; do echo "q$i;Åsa Öst $i;kvinna;$org;$(pnr $((i + 10)))"; done; } > people2.csv
run --db d.db import people.csv --kind people
expect_rc 0 "people with personnummer from a CSV file"
run --db d.db import people2.csv --kind people
expect_rc 0 "the same people with other personnummer"
run --db d.db audit --kind person
expect_out "insert person q1" "a person is in the trail"
expect_out '"personnummer":"set"' "with only the mark that a personnummer was set"
expect_out '"personnummer":"changed"' "and that it was changed"
sqlite3 d.db "SELECT coalesce(before, '') || coalesce(after, '') || coalesce(record_code, '')
              || actor_name FROM audit_log" > trail.txt
leaked=0 checked=0
for i in 1 2 3 4 5 11 12 13 14 15; do
    full=$(pnr $i | tr -d '-')
    checked=$((checked + 1))
    grep -q -e "$full" -e "${full#??}" -e "${full%????}" trail.txt && leaked=$((leaked + 1))
done
[ "$checked" -eq 10 ] && [ "$leaked" -eq 0 ] \
    && ok "none of the 10 personnummer is in the trail, as 12 or 10 digits or a birth date" \
    || not_ok "$leaked of $checked personnummer found in the audit trail"
grep -c '"personnummer":"changed"' trail.txt | grep -qx 5 && ok "five changes of personnummer" \
    || not_ok "five changes of personnummer ($(grep -c changed trail.txt))"

# Freezing a period is a change too.
run --db d.db report freeze --period 2
expect_rc 0 "a period is frozen"
run --db d.db audit --kind report_snapshot
expect_out "insert report_snapshot" "the freeze is in the trail"

# The trail cannot be changed or emptied, and the data cannot be changed behind its back.
n=$(sqlite3 d.db "SELECT count(*) FROM audit_log")
out=$(sqlite3 d.db "UPDATE audit_log SET actor_login = 'x'" 2>&1)
echo "$out" | grep -q "insats-audit-immutable" && ok "an entry cannot be changed" \
    || not_ok "an entry cannot be changed ($out)"
out=$(sqlite3 d.db "DELETE FROM audit_log" 2>&1)
echo "$out" | grep -q "insats-audit-immutable" && ok "the trail cannot be deleted" \
    || not_ok "the trail cannot be deleted ($out)"
out=$(sqlite3 d.db "UPDATE person SET name = 'Någon annan'" 2>&1)
echo "$out" | grep -q "no such function" && ok "the sqlite3 shell cannot change data unrecorded" \
    || not_ok "the sqlite3 shell changed data without an entry ($out)"
[ "$(sqlite3 d.db "SELECT count(*) FROM audit_log")" = "$n" ] && ok "the trail is as it was" \
    || not_ok "the trail changed"
[ "$(sqlite3 d.db "SELECT count(*) FROM person WHERE name = 'Någon annan'")" = 0 ] \
    && ok "the data is as it was" || not_ok "the data changed"
