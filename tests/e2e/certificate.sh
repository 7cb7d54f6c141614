# certificate.sh — `insats certificate` on the small demo project: the PDF of one certificate
# and of all of an activity's (checked with pdftotext and pdfinfo: the name, the activity and
# the code are there, no personnummer is, one page per valid certificate), issuing again by
# the attendance changes nothing the demo issued, an attendance correction through the CSV
# import withdraws a certificate and the report counts one fewer, a certificate by hand, and
# the refusals.
. "$(dirname "$0")/lib.sh"

run demo --scale small --db d.db
expect_rc 0 "the small demo"
q() { sqlite3 d.db "$1"; }
count() {
    run --db d.db report slutrapport --format json -o r.json
    python3 -c 'import json,sys; c=json.load(open("r.json"))["certificates"]; print(c["count"], c["people"])'
}
before=$(count)

# the activity with the most certificates, and one certificate of it
a=$(q "SELECT a.code FROM activity a JOIN certificate c ON c.activity_id = a.id GROUP BY a.id ORDER BY count(*) DESC, a.code LIMIT 1")
n=$(q "SELECT count(*) FROM certificate c JOIN activity a ON a.id = c.activity_id WHERE a.code = '$a' AND c.withdrawn IS NULL")
c=$(q "SELECT c.code FROM certificate c JOIN activity a ON a.id = c.activity_id WHERE a.code = '$a' ORDER BY c.code LIMIT 1")
name=$(q "SELECT p.name FROM certificate c JOIN person p ON p.id = c.person_id WHERE c.code = '$c'")
title=$(q "SELECT title FROM activity WHERE code = '$a'")
code=$(q "SELECT substr(verification, 1, 5) || '-' || substr(verification, 6) FROM certificate WHERE code = '$c'")

run --db d.db certificate pdf --id "$c" -o one.pdf --url https://insats.example.se/
expect_rc 0 "certificate pdf --id"
expect_out "Wrote 1 certificate to one.pdf" "it says what it wrote"
pdftotext -layout one.pdf one.txt
tr -s ' \n' ' ' < one.txt > flat.txt
grep -qF "$name" flat.txt && ok "the certificate names its holder" || not_ok "no name ($name)"
word=$(echo "$title" | awk '{print $1}')
grep -qF "$word" flat.txt && ok "the certificate names the activity" || not_ok "no activity ($title)"
grep -qF "$code" flat.txt && ok "the certificate carries its code ($code)" || not_ok "no code $code"
grep -qF "https://insats.example.se/verify" flat.txt && ok "and the address of the check" || not_ok "no address"
grep -qF "Europeiska socialfonden" flat.txt && ok "and the funder's statement" || not_ok "no statement"
if grep -qE '[0-9]{6}[-+]?[0-9]{4}' flat.txt; then not_ok "something like a personnummer is printed"
else ok "no personnummer on the certificate"; fi
[ "$(pdfinfo one.pdf | awk '/^Pages:/ {print $2}')" = 1 ] && ok "one page" || not_ok "not one page"

run --db d.db certificate pdf --activity "$a" -o all.pdf --url https://insats.example.se
expect_rc 0 "certificate pdf --activity"
pages=$(pdfinfo all.pdf | awk '/^Pages:/ {print $2}')
[ "$pages" = "$n" ] && ok "one page per valid certificate of the activity ($n)" || not_ok "pages $pages, certificates $n"

run --db d.db certificate pdf --activity "$a" -o x.pdf
expect_rc 2 "without the server's address the QR code has nowhere to lead"
expect_err "--url" "the refusal says to give --url"

# The project's settings: the statement and the public address, which the PDF takes without
# a flag; the flag still wins; a bad value changes nothing.
run --db d.db settings show
expect_rc 0 "settings show"
expect_out "Europeiska socialfonden. (the default)" "no statement set: the default"
run --db d.db settings set --public-url "ftp://insats.kommun.se"
expect_rc 3 "an address that is not http(s) is refused"
expect_err "public_url: an address starts with https://" "and says what an address looks like"
run --db d.db settings set --certificate-statement "$(printf 'Rad ett\nrad två')"
expect_rc 3 "a statement of two lines is refused"
[ -z "$(q "SELECT coalesce(certificate_statement, '') || coalesce(public_url, '') FROM project")" ] \
    && ok "the refusals changed nothing" || not_ok "a refused setting was stored"
run --db d.db settings set --public-url "https://insats.kommun.se/" \
    --certificate-statement "Utbildningen har finansierats av ESF+ och Region Värmland."
expect_rc 0 "settings set"
expect_out "public url               https://insats.kommun.se" "the address is kept without its slash"
run --db d.db certificate pdf --id "$c" -o set.pdf
expect_rc 0 "with the project's address the PDF needs no --url"
pdftotext -layout set.pdf - | tr -s ' \n' ' ' > set.txt
grep -qF "Utbildningen har finansierats av ESF+ och Region Värmland." set.txt \
    && ok "the PDF carries the project's statement" || not_ok "not the project's statement"
grep -qF "Europeiska socialfonden" set.txt && not_ok "the default statement is still printed" \
    || ok "and not the default"
grep -qF "https://insats.kommun.se/verify" set.txt && ok "the check's address is the project's" \
    || not_ok "not the project's address"
run --db d.db certificate pdf --id "$c" -o flag.pdf --url https://annan.example.se
pdftotext -layout flag.pdf - | tr -s ' \n' ' ' > flag.txt
grep -qF "https://annan.example.se/verify" flag.txt && ok "--url still overrides the setting" \
    || not_ok "--url did not override"
[ "$(q "SELECT count(*) FROM audit_log WHERE kind = 'project' AND action = 'update' AND after LIKE '%insats.kommun.se%'")" = 1 ] \
    && ok "the change is in the audit trail" || not_ok "no audit row of the settings"
run --db d.db export -o set.json
run --db e.db import set.json
run --db e.db settings show
expect_out "Region Värmland." "the statement survives export and import"
expect_out "https://insats.kommun.se" "and so does the address"
run --db d.db settings set --public-url "" --certificate-statement ""
expect_rc 0 "an empty value returns to none"
run --db d.db certificate pdf --id "$c" -o back.pdf --url https://insats.example.se
pdftotext -layout back.pdf - | tr -s ' \n' ' ' > back.txt
grep -qF "Europeiska socialfonden" back.txt && ok "without a setting the default statement is back" \
    || not_ok "no default statement"

run --db d.db certificate pdf -o x.pdf --url https://x.se
expect_rc 2 "pdf needs --id or --activity"
run --db d.db certificate pdf --id nosuch -o x.pdf --url https://x.se
expect_rc 3 "an unknown certificate"
expect_err "nosuch" "is named"

# Issuing again by the attendance finds the demo's own certificates: nothing changes.
run --db d.db certificate issue --activity "$a"
expect_rc 0 "certificate issue --activity"
expect_out "0 certificates issued, 0 issued again, 0 withdrawn" "the demo's certificates are those the rule gives"
[ "$(count)" = "$before" ] && ok "the report's certificate counts are unchanged ($before)" || not_ok "counts moved: $before → $(count)"

# A correction by CSV: the holder was not there at their sessions after all.
p=$(q "SELECT p.code FROM certificate c JOIN person p ON p.id = c.person_id WHERE c.code = '$c'")
{ echo "aktivitet;tillfälle;person;närvarande"
  q "SELECT '$a', s.code, '$p', 'nej' FROM session s JOIN activity a ON a.id = s.activity_id WHERE a.code = '$a'" | tr '|' ';'
} > corr.csv
run --db d.db import corr.csv --kind attendance
expect_rc 0 "the corrected attendance is imported"
[ "$(q "SELECT withdrawn IS NOT NULL FROM certificate WHERE code = '$c'")" = 1 ] \
    && ok "the certificate is withdrawn, not deleted" || not_ok "the certificate is not withdrawn"
[ -n "$(q "SELECT withdrawn_reason FROM certificate WHERE code = '$c'")" ] && ok "with its reason" || not_ok "no reason"
after=$(count)
[ "${after%% *}" = "$(( ${before%% *} - 1 ))" ] && ok "the report counts one certificate fewer ($after)" || not_ok "counts $before → $after"
q "SELECT after FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1" | grep -q '"withdrawn": *1' \
    && ok "the import's entry in the trail says a certificate was withdrawn" || not_ok "the trail does not say so"
run --db d.db certificate pdf --id "$c" -o w.pdf --url https://x.se
expect_rc 3 "a withdrawn certificate is not printed"
expect_err "withdrawn" "and the refusal says why"

# By hand, with a reason.
run --db d.db certificate issue --activity "$a" --person "$p"
expect_rc 2 "by hand needs a reason"
run --db d.db certificate issue --activity "$a" --person "$p" --reason "Deltog vid ett extra tillfälle"
expect_rc 0 "issued by hand"
[ "$(q "SELECT basis || ':' || reason FROM certificate WHERE code = '$c'")" = "manual:Deltog vid ett extra tillfälle" ] \
    && ok "the same certificate, now by hand, with the reason" || not_ok "not issued by hand: $(q "SELECT basis, reason FROM certificate WHERE code = '$c'")"
run --db d.db certificate withdraw --id "$c"
expect_rc 2 "withdraw needs a reason"
run --db d.db certificate withdraw --id "$c" --reason "Utfärdat av misstag"
expect_rc 0 "withdrawn by hand"
held=$(q "SELECT code FROM activity WHERE status <> 'held' LIMIT 1")
if [ -n "$held" ]; then
    run --db d.db certificate issue --activity "$held"
    expect_rc 3 "an activity not held issues nothing"
    expect_err "not held" "and says why"
fi
run --db d.db certificate nosuch
expect_rc 2 "an unknown subcommand"
