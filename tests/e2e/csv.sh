# csv.sh — people and attendance lists from CSV files, as offices produce them, through the
# binary: encodings, separators, Swedish headers, personnummer matching, and bad files that
# must change nothing. Personnummer are from the Swedish Tax Agency's test series.
. "$(dirname "$0")/lib.sh"

cat > base.json <<'JSON'
{"format": "insats-bundle", "version": 1,
 "project": {"id": "csvtest", "name": "CSV-prov", "start": "2012-01-01", "end": "2013-12-31"},
 "organisations": [{"id": "alvby", "name": "Älvby kommun", "kind": "municipality"},
                   {"id": "norrsjo", "name": "Norrsjö kommun", "kind": "municipality"}],
 "interventions": [{"id": "i1", "title": "Utbildningsinsatser"}],
 "activities": [{"id": "a1", "intervention": "i1", "title": "Bemötande", "kind": "training",
                 "status": "held",
                 "sessions": [{"id": "s1", "date": "2012-03-01", "hours": 3.5},
                              {"id": "s2", "date": "2012-03-08", "hours": 3.5}]}]}
JSON
run --db c.db import base.json
expect_rc 0 "the base project imports"

# Semicolons, UTF-8 with BOM, Swedish headers, a quoted field with a separator inside.
printf '\xef\xbb\xbfid;Namn;Kön;Organisation;Förvaltning;Personnummer\r\n' > people.csv
printf 'p1;Åsa Öberg;kvinna;alvby;"Social; äldreomsorg";18900101-9802\r\n' >> people.csv
printf 'p2;Erik Ärlig;man;Norrsjö kommun;Teknik;190001019801\r\n' >> people.csv
printf 'p3;Kim Ek;;alvby;;\r\n' >> people.csv
run --db c.db import people.csv --kind people
expect_rc 0 "a semicolon UTF-8 people list with BOM imports"
n=$(sqlite3 c.db "SELECT count(*) FROM person")
[ "$n" -eq 3 ] && ok "three people stored" || not_ok "people stored: $n"
u=$(sqlite3 c.db "SELECT unit FROM person WHERE code = 'p1'")
[ "$u" = "Social; äldreomsorg" ] && ok "a quoted field keeps its separator and å/ä/ö" || not_ok "unit read as '$u'"
g=$(sqlite3 c.db "SELECT gender FROM person WHERE code = 'p3'")
[ "$g" = "unknown" ] && ok "an empty gender is unknown" || not_ok "empty gender stored as '$g'"
o=$(sqlite3 c.db "SELECT o.code FROM person p JOIN organisation o ON o.id = p.organisation_id WHERE p.code = 'p2'")
[ "$o" = "norrsjo" ] && ok "an organisation is found by its name" || not_ok "organisation '$o'"

# Windows-1252, commas, English headers; a known personnummer in another form finds the same
# person, so no one is created twice.
printf 'name,gender,organisation,personal identity number,role\n' > people1252.csv
# 900101+9802: the plus says the person is over 100, so this is 1890-01-01, person p1.
printf '\xc5sa \xd6berg-Lind,female,alvby,900101+9802,Handl\xe4ggare\n' >> people1252.csv
run --db c.db import people1252.csv --kind people
expect_rc 0 "a Windows-1252 comma list imports"
n=$(sqlite3 c.db "SELECT count(*) FROM person")
[ "$n" -eq 3 ] && ok "a personnummer already stored finds its person" || not_ok "people now: $n"
nm=$(sqlite3 c.db "SELECT name || '/' || role FROM person WHERE code = 'p1'")
[ "$nm" = "Åsa Öberg-Lind/Handläggare" ] && ok "Windows-1252 text is converted to UTF-8" || not_ok "read '$nm'"

run --db c.db list people
if grep -q '18900101-\*\*\*\*' "$T/out" && ! grep -q '9802' "$T/out"; then ok "list people masks the personnummer"
else not_ok "list people shows personnummer unmasked or not at all"; fi

# Attendance: session by id or by date, present as ja/nej/x.
printf 'aktivitet;tillfälle;datum;deltagare;närvaro\n' > narvaro.csv
printf 'a1;s1;;p1;ja\na1;s1;;p2;nej\na1;;2012-03-08;p1;x\na1;s2;;p3;Närvarande\n' >> narvaro.csv
run --db c.db import narvaro.csv --kind attendance
expect_rc 0 "an attendance list imports"
n=$(sqlite3 c.db "SELECT count(*) || '/' || sum(present) FROM attendance")
[ "$n" = "4/3" ] && ok "four attendance rows, three present" || not_ok "attendance rows/present: $n"

# Bad files: exit 3, file:line: column: what, and no change.
snapshot c.db > before.sql
bad() {  # bad NAME KIND EXPECTED-TEXT DESCRIPTION (the file is $T/NAME)
    run --db c.db import "$1" --kind "$2"
    expect_rc 3 "$4: refused with exit code 3"
    expect_err "$3" "$4: the message says where and what"
    snapshot c.db > after.sql
    same before.sql after.sql "$4: the database is unchanged"
}
printf 'id;namn;kön;organisation\np9;Ny Person;kvinna;alvby\np10;Fel Kön;kv;alvby\n' > people-badgender.csv
bad people-badgender.csv people 'people-badgender.csv:3: kön: "kv"' "a wrong gender"
printf 'id;namn;kön;organisation\np9;Ny Person;kvinna;nowhere\n' > people-badorg.csv
bad people-badorg.csv people 'people-badorg.csv:2' "an unknown organisation"
printf 'id;namn;kön;organisation;personnummer\np9;Ny Person;kvinna;alvby;19900101-2386\n' > people-badpnr.csv
bad people-badpnr.csv people 'people-badpnr.csv:2: personnummer' "a wrong check digit"
if grep -q '2386' "$T/err"; then not_ok "the refused personnummer is not echoed"; else ok "the refused personnummer is not echoed"; fi
printf 'id;namn;kön;organisation\np9;"Ny Person;kvinna;alvby\n' > people-quote.csv
bad people-quote.csv people 'people-quote.csv:2' "an unterminated quote"
printf 'id;kön;organisation\np9;kvinna;alvby\n' > people-noname.csv
bad people-noname.csv people 'people-noname.csv:1' "a missing name column"
# A short row would shift its cells and clear the columns it lacks (here p1's e-mail).
printf 'id;namn;kommun;e-post;enhet\np1;Åsa Öberg;alvby\n' > people-short.csv
bad people-short.csv people 'people-short.csv:2: 3 fields, but the header has 5 (a separator missing, or a line broken in two?)' "a row with too few cells"
run --db c.db import - --kind people < people-short.csv
expect_rc 3 "a short row from standard input is refused"
expect_err 'insats: stdin:2: 3 fields, but the header has 5' "standard input is named stdin in messages"
printf 'id;namn;kommun;kommun\np9;Ny Person;alvby;norrsjo\n' > people-dupcol.csv
bad people-dupcol.csv people 'people-dupcol.csv:1: kommun and kommun both give the organisation; keep one' "a column given twice"
printf 'personnummer;id;namn;kommun;pnr\n;p1;Åsa Öberg;alvby;189001019802\n' > people-dup-pnr.csv
bad people-dup-pnr.csv people 'people-dup-pnr.csv:1: personnummer and pnr both give the personnummer; keep one' "two personnummer columns"
printf 'id;förnamn;namn;kommun\np1;Åsa;Åsa Öberg;alvby\n' > people-dup-name.csv
bad people-dup-name.csv people 'people-dup-name.csv:1: namn and förnamn both give the name; keep one' "a name and a first-name column"
printf 'aktivitet;tillfälle;deltagare;närvaro\na1;s9;p1;ja\n' > att-badsession.csv
bad att-badsession.csv attendance 'att-badsession.csv:2' "an unknown session"
printf 'aktivitet;tillfälle;deltagare;närvaro\na1;s1;p404;ja\n' > att-badperson.csv
bad att-badperson.csv attendance 'p404' "an unknown person"
printf 'aktivitet;tillfälle;deltagare;närvaro\na1;s1;p1;kanske\na1;s2;p2;ja\na1;s2;p404;ja\n' > att-multi.csv
bad att-multi.csv attendance 'att-multi.csv:2' "several bad rows"
expect_err 'att-multi.csv:4' "every bad row is reported, not just the first"
printf 'id;namn\n\xff\xfe\x00\x00' > broken.csv
run --db c.db import broken.csv --kind people
expect_rc 3 "a file that is not text is refused"
run --db c.db import people.csv
expect_rc 2 "a CSV without --kind is a usage error"
expect_err "--kind" "the message says to give --kind"

# 100 MB of nothing but separators (a finding of the probe: it needed 1.67 GB) is refused on
# its first line, in the optimised build's memory of a small file.
head -c 104857600 /dev/zero | tr '\0' ';' > flood.csv
/usr/bin/time -f '%M' -o flood.rss "${INSATS_REL:-$INSATS}" --db c.db import flood.csv --kind people \
    >"$T/out" 2>"$T/err"
rc=$?
expect_rc 3 "a line of 100 MB of separators is refused"
expect_err 'flood.csv:1: the line has more than 1000 fields' "the message names the line and the limit"
kib=$(tail -1 flood.rss)
[ "$kib" -lt 65536 ] && ok "reading it stays under 64 MB of memory ($kib KiB)" \
    || not_ok "reading it took $kib KiB"
rm -f flood.csv
