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

# ---- agenda suggestions ------------------------------------------------------------------------
run --db m.db meeting series --group styr --dates "2099-02-15"
expect_rc 0 "a meeting to come"
run --db m.db user add --login bertil --name "Bertil Berg" --role trainer
expect_rc 0 "an account"
run --db m.db user email bertil --address bertil@example.se
expect_rc 0 "with an address"
run --db m.db meeting suggest styr-2099-02-15 --by bertil --title "Budget 2099"
expect_rc 3 "an account whose address is no member's may not suggest"
expect_err "only the members of its group" "and is told who may"
printf 'id,name,gender,organisation,email\np2,Bertil Berg,male,torsby,bertil@example.se\n' >p2.csv
run --db m.db import p2.csv --kind people
expect_rc 0 "the member's address"
run --db m.db meeting suggest styr-2099-02-15 --by bertil --title "Budget 2099" --text "Fördelningen"
expect_rc 0 "a member suggests a point"
expect_out "Suggestion 1 for meeting styr-2099-02-15" "and gets its number"
run --db m.db meeting suggest styr-2019-09-25 --by bertil --title "Sent"
expect_rc 3 "after the meeting nobody may"
expect_err "before a meeting only" "and the reason is given"
run --db m.db meeting suggest styr-2099-02-15 --by bertil --title "Lokalen"
run --db m.db meeting decline styr-2099-02-15 1
expect_rc 2 "a decline needs --reason"
run --db m.db meeting decline styr-2099-02-15 1 --reason "Tas upp i maj" --by bertil
expect_rc 3 "the suggester cannot answer"
run --db m.db meeting decline styr-2099-02-15 1 --reason "Tas upp i maj"
expect_rc 0 "the organiser declines with a reason"
run --db m.db meeting accept styr-2099-02-15 2
expect_rc 0 "and accepts the other"
run --db m.db meeting suggest styr-2099-02-15 --by bertil --title "Avslutning"
run --db m.db meeting accept styr-2099-02-15 3
run --db m.db meeting suggestions styr-2099-02-15 --by bertil
expect_rc 0 "the suggester lists their suggestions"
expect_out "declined  " "the declined one"
expect_out "Tas upp i maj" "with the reason"
expect_out "  1. Lokalen" "the accepted one is the agenda's point"
run --db m.db meeting order styr-2099-02-15 --move 2 --to 1
expect_rc 0 "the organiser orders the agenda"
run --db m.db meeting suggestions styr-2099-02-15
expect_out "  1. Avslutning" "in the new order"
run --db m.db meeting order styr-2099-02-15 --move 3 --to 1
expect_rc 3 "a point the agenda has not is refused"
