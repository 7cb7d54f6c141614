#!/bin/bash
# meeting.sh — `insats meeting series|cancel` from the command line: the minutes' sentence of
# dates makes a year of meetings, a wrong list is refused with the word and the reason and
# changes nothing, a meeting is cancelled with its reason.
. "$(dirname "$0")/lib.sh"

run --db m.db import "$FIX/bundle-min.json"
expect_rc 0 "the small bundle imports"

snapshot m.db >before.sql
run --db m.db meeting series --group styr --dates "15 febuari, 3 maj och 30 februari" --year 2019
expect_rc 3 "a wrong list of dates is refused"
expect_err 'word 2 "febuari": not a month or a date word; did you mean "februari"?' \
    "the misspelt month is named, with the month meant"
expect_err 'word 6 "30": no such day: februari 2019 has 28 days' "a day the month has not is named"
expect_err "no meeting was created" "the refusal says nothing was created"
snapshot m.db >after.sql
same before.sql after.sql "a refused series changes nothing"

run --db m.db meeting series --group styr --dates "15 februari, 3 maj, 25 september och 6 november" \
    --year 2019 --start 09:00 --end 12:00 --place "Regionkontoret, Kungsängen"
expect_rc 0 "the minutes' sentence of dates makes a series"
expect_out "Created 4 meetings of group styr:" "the series names how many were created"
expect_out "styr-2019-09-25" "and each meeting's id"
run --db m.db show meeting styr-2019-05-03
expect_out "Regionkontoret, Kungsängen" "a meeting of the series has its place"

run --db m.db meeting series --group styr --dates "6 november 2019"
expect_rc 3 "a date the group meets on already is refused"

run --db m.db meeting cancel styr-2019-05-03
expect_rc 2 "cancel without a reason is a usage error"
run --db m.db meeting cancel styr-2019-05-03 --reason "För få anmälda"
expect_rc 0 "a planned meeting is cancelled with a reason"
run --db m.db show meeting styr-2019-05-03
expect_out "cancelled" "the meeting shows as cancelled"
expect_out "För få anmälda" "with its reason"
run --db m.db meeting cancel m1 --reason "x"
expect_rc 3 "a held meeting cannot be cancelled"
expect_err "is held already" "and the message says why"

run --db m.db meeting plan
expect_rc 2 "an unknown subcommand is a usage error"

run --db m.db calendar --group styr
expect_rc 0 "calendar --group prints the group's feed"
expect_out "BEGIN:VCALENDAR" "as an iCalendar"
if [ "$(grep -c 'BEGIN:VEVENT' "$T/out")" -eq 5 ]; then ok "one event per meeting of the group"
else not_ok "events: $(grep -c 'BEGIN:VEVENT' "$T/out")"; fi
expect_out "STATUS:CANCELLED" "the cancelled meeting is marked cancelled"
if ! grep -qv $'\r$' "$T/out"; then ok "every line ends in CRLF"; else not_ok "a line without CR"; fi
if awk '{ if (length($0) > 76) bad = 1 } END { exit bad }' "$T/out"; then
    ok "no line is longer than 75 octets"
else not_ok "a line longer than 75 octets"; fi
run --db m.db calendar --meeting styr-2019-02-15
expect_rc 0 "calendar --meeting prints one meeting's event"
if [ "$(grep -c 'BEGIN:VEVENT' "$T/out")" -eq 1 ]; then ok "one event"; else not_ok "not one event"; fi
run --db m.db calendar --group nope
expect_rc 3 "an unknown group is refused"

# ---- carried actions, attendance, invitations ------------------------------------------------
run --db m.db report minutes --meeting styr-2019-02-15 --format md
expect_rc 0 "the minutes of a later meeting of the group"
expect_out "Öppna åtgärder från tidigare möten" "carry the open actions of earlier meetings"
expect_out "Boka lokal" "with the action's text"
run --db m.db report minutes --meeting m1 --format md
if ! grep -q "Öppna åtgärder från tidigare möten" "$T/out"; then ok "not the meeting's own"
else not_ok "the first meeting carries its own actions"; fi

run --db m.db meeting settings --group styr --absence-limit 1
expect_rc 0 "a group's absence limit is set"
expect_out "absence flagged after 1 meetings" "and shown"
run --db m.db meeting attendance --group styr
expect_rc 0 "the group's attendance"
expect_out "Bertil Berg" "per member"
expect_out "Torsby kommun" "per organisation"
run --db m.db meeting settings --group styr --invite-days 61
expect_rc 2 "an invitation more than 60 days ahead is refused"

run --db m.db meeting invite styr-2019-09-25
expect_rc 3 "an invitation of a past meeting is refused"
