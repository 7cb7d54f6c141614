# report.sh — `insats report`: the lägesrapport of a period in every format, the slutrapport,
# minutes, bad command lines, and freezing a submitted period: the frozen render is the
# snapshot, late data dated in the period is refused until the period is reopened with a
# reason, then the diff lists the change, and the next period shows "tidigare redovisat".
# The demo project's period 4 is 2012-07-01 – 2012-09-30.
. "$(dirname "$0")/lib.sh"

run --db d.db demo --scale small
expect_rc 0 "the small demo project is created"
run --db d.db export -o e.json
expect_rc 0 "the demo project exports"

# ---- the lägesrapport of period 4 in every format -------------------------------------------
run --db d.db report lagesrapport --period 4
expect_rc 0 "report lagesrapport --period 4 (json by default)"
cp "$T/out" p4.json
if jq -e '.report == "lagesrapport" and .period.number == 4 and has("frozen") and
          has("previously_reported") and has("participants") and has("budget") and
          has("questions") and .frozen == null' p4.json >/dev/null 2>&1; then
    ok "the json parses and has the documented keys"
else not_ok "the json parses and has the documented keys"; fi

run --db d.db report lagesrapport --period 4 --format html -o p4.html
expect_rc 0 "report lagesrapport --format html"
grep -q 'lang="sv"' p4.html && ok "the html is Swedish (lang=\"sv\")" || not_ok "the html is Swedish (lang=\"sv\")"

run --db d.db report lagesrapport --period 4 --format md
expect_rc 0 "report lagesrapport --format md to standard output"
expect_out "Vilka aktiviteter har genomförts under den aktuella perioden?" "the markdown asks the funder's questions"
expect_out "Ligger projektet i fas med budget?" "the markdown has the budget question"

run --db d.db report lagesrapport --period 4 --format pdf -o p4.pdf
expect_rc 0 "report lagesrapport --format pdf"
pdfinfo p4.pdf 2>/dev/null | grep -q 'Page size:.*(A4)' && ok "the pdf is A4" || not_ok "the pdf is A4"
pdftotext p4.pdf - 2>/dev/null | grep -q 'Sid 1' && ok "the pdf has page numbers (Sid 1)" \
    || not_ok "the pdf has page numbers (Sid 1)"

run --db d.db report lagesrapport --period 4 --format xlsx -o p4.xlsx
expect_rc 0 "report lagesrapport --format xlsx"
unzip -l p4.xlsx 2>/dev/null | grep -q 'xl/worksheets/sheet1.xml' && ok "the xlsx holds worksheets" \
    || not_ok "the xlsx holds worksheets"

run --db d.db report lagesrapport --from 2012-07-01 --to 2012-09-29
expect_rc 0 "a lägesrapport of a free range of dates"
jq -e '.period.number == null and .period.from == "2012-07-01" and .redovisnings_id == null' \
    "$T/out" >/dev/null 2>&1 \
    && ok "a free range has no period number" || not_ok "a free range has no period number"
# A range that is exactly period 4 is period 4: its redovisnings-ID and its narratives.
run --db d.db report lagesrapport --from 2012-07-01 --to 2012-09-30
expect_rc 0 "a lägesrapport of period 4's dates"
cp "$T/out" range4.json
run --db d.db report lagesrapport --period 4
jq -e '.period.number == 4 and .redovisnings_id == "2011-3060047-004"
       and (.narratives | length) > 0' range4.json >/dev/null 2>&1 \
    && ok "a range equal to a period is that period" || not_ok "a range equal to a period is that period"
same range4.json "$T/out" "the range and the period give the same report"

# ---- the format named by -o's extension -------------------------------------------------
# Without --format the file's name decides, so "-o x.pdf" never holds JSON; a --format that
# contradicts the name, or a name that names no format, is refused and writes nothing.
for pair in pdf:PDF html:HTML md:text xlsx:Excel json:JSON; do
    ext=${pair%%:*}; kind=${pair#*:}
    run --db d.db report lagesrapport --period 4 -o "by-name.$ext"
    expect_rc 0 "-o by-name.$ext without --format"
    file -b "by-name.$ext" | grep -q "$kind" && ok "by-name.$ext is $kind" \
        || not_ok "by-name.$ext is $kind (file says: $(file -b "by-name.$ext"))"
done
run --db d.db report lagesrapport --period 4 -o BY-NAME.PDF
expect_rc 0 "an extension in capitals names the format too"
file -b BY-NAME.PDF | grep -q PDF && ok "BY-NAME.PDF is a PDF" || not_ok "BY-NAME.PDF is a PDF"
run --db d.db report lagesrapport --period 4 --format html -o clash.pdf
expect_rc 2 "--format html with -o clash.pdf is refused"
expect_err "-o clash.pdf is named as a pdf file but --format is html" "the message names both"
[ ! -e clash.pdf ] && ok "nothing was written to clash.pdf" || not_ok "nothing was written to clash.pdf"
run --db d.db report lagesrapport --period 4 -o unknown.docx
expect_rc 2 "-o unknown.docx without --format is refused"
expect_err "cannot tell the format from the name unknown.docx; add --format" "the message says what to do"
run --db d.db report lagesrapport --period 4 --format json -o unknown.docx
expect_rc 0 "an unknown extension is fine when --format says which"
run --db d.db report minutes --meeting m001 -o minutes.xlsx
expect_rc 2 "minutes are not written as xlsx, whatever the name says"
expect_err "\`report minutes\` does not write xlsx" "the message names what minutes are written as"
run --db d.db report minutes --meeting m001 -o minutes.html
expect_rc 0 "minutes to -o minutes.html"
grep -q '<html' minutes.html && ok "minutes.html is HTML" || not_ok "minutes.html is HTML"

# ---- slutrapport and minutes --------------------------------------------------------------
run --db d.db report slutrapport --format html -o slut.html
expect_rc 0 "report slutrapport --format html"
grep -q 'lang="sv"' slut.html && ok "the slutrapport html is Swedish" || not_ok "the slutrapport html is Swedish"
# The charts of one page share it: every id is unique, and the charts are text, not glyphs.
for f in p4.html slut.html; do
    dup=$(grep -o ' id="[^"]*"' "$f" | sort | uniq -d | head -3 | tr '\n' ' ')
    [ -z "$dup" ] && ok "every id of $f is unique" || not_ok "every id of $f is unique: $dup"
    svgs=$(grep -c '<svg ' "$f")
    texts=$(grep -c '<text class="value"' "$f")
    if [ "$svgs" -eq 3 ] && [ "$texts" -gt 0 ] && ! grep -q 'glyph' "$f"; then
        ok "$f has its three charts with their figures as text"
    else not_ok "$f has its three charts with their figures as text ($svgs svg, $texts values)"; fi
done
# The figures drawn at the bars, read back from the SVG's text, are the JSON's.
drawn() {  # $1: file, $2: chart
    sed -n "/<figure class=\"chart\" id=\"diagram-$2\"/,/<\\/figure>/p" "$1" |
        sed -n 's/.*<text class="value"[^>]*>\([^<]*\)<\/text>.*/\1/p' | sed 's/\xc2\xa0//g' | tr '\n' ' '
}
run --db d.db report slutrapport
cp "$T/out" slut.json
got=$(drawn p4.html participants_by_organisation)
want=$(jq -r '[.participants.by_organisation[] | .period.total, .accumulated.total] | map(tostring) | join(" ")' p4.json)
[ "$got" = "$want " ] && ok "the organisation chart draws the JSON's figures ($want)" \
    || not_ok "the organisation chart draws the JSON's figures: drawn '$got', JSON '$want'"
got=$(drawn slut.html participants_by_month)
want=$(jq -r '[.participants.by_month[] | .total] | map(tostring) | join(" ")' slut.json)
[ "$got" = "$want " ] && ok "the month chart of the slutrapport draws the JSON's totals" \
    || not_ok "the month chart of the slutrapport draws the JSON's totals: drawn '$got', JSON '$want'"
run --db d.db report slutrapport --format xlsx -o slut.xlsx
expect_rc 0 "report slutrapport --format xlsx"
unzip -l slut.xlsx 2>/dev/null | grep -q 'xl/worksheets/' && ok "the slutrapport xlsx holds worksheets" \
    || not_ok "the slutrapport xlsx holds worksheets"

meeting=$(jq -r '[.meetings[] | select(.status == "held")][0].id' e.json)
run --db d.db report minutes --meeting "$meeting" --format md
expect_rc 0 "report minutes --format md of a held meeting ($meeting)"
[ -s "$T/out" ] && ok "the minutes are written" || not_ok "the minutes are written"
run --db d.db report minutes --meeting "$meeting"
jq -e '.report == "minutes" and .meeting.id == "'"$meeting"'"' "$T/out" >/dev/null 2>&1 \
    && ok "the minutes json names the meeting" || not_ok "the minutes json names the meeting"

# ---- bad command lines: 2; bad data: 3 ----------------------------------------------------
run --db d.db report
expect_rc 2 "report without a subcommand is a usage error"
run --db d.db report weekly
expect_rc 2 "an unknown report is a usage error"
run --db d.db report lagesrapport
expect_rc 2 "lagesrapport without --period or --from/--to"
expect_err "--period" "the message says how to name the period"
run --db d.db report lagesrapport --period 4 --format docx
expect_rc 2 "an unknown format"
expect_err '"docx"' "the unknown format is named"
run --db d.db report lagesrapport --from 2012-07-01
expect_rc 2 "--from without --to"
run --db d.db report lagesrapport --period 4 --from 2012-07-01 --to 2012-09-30
expect_rc 2 "both --period and --from/--to"
run --db d.db report lagesrapport --period 4 --format pdf
expect_rc 2 "a pdf without -o is refused"
expect_err "-o FILE" "the message asks for -o FILE"
run --db d.db report lagesrapport --period four
expect_rc 2 "a period that is not a number"
run --db d.db report minutes
expect_rc 2 "minutes without --meeting"
run --db d.db report minutes --meeting "$meeting" --format xlsx -o m.xlsx
expect_rc 2 "minutes have no xlsx form"
run --db d.db report reopen --period 4
expect_rc 2 "reopen without --reason"
expect_err "--reason" "the message asks for a reason"
run --db d.db report freeze
expect_rc 2 "freeze without --period"
run --db d.db report lagesrapport --period 99
expect_rc 3 "an unknown period is bad data"
expect_err "99" "the unknown period is named"
run --db d.db report lagesrapport --from 2012-09-30 --to 2012-07-01
expect_rc 3 "--from after --to is bad data"
run --db d.db report minutes --meeting nosuchmeeting
expect_rc 3 "an unknown meeting is bad data"
expect_err "nosuchmeeting" "the unknown meeting is named"
run --db d.db report diff --period 4
expect_rc 3 "diff of a period never frozen"
expect_err "not been frozen" "the diff says the period is not frozen"
INSATS_TODAY=2012-09-15 run --db d.db report freeze --period 4
expect_rc 3 "a period that has not ended cannot be frozen"
expect_err "has not ended yet; it can be frozen from 2012-10-01" "the refusal says from when"

# ---- freeze -------------------------------------------------------------------------------
run --db d.db report freeze --period 4 --by Maria
expect_rc 0 "freeze --period 4"
expect_out "Froze period 4 (2012-07-01–2012-09-30) on 2026-11-24 by Maria" "freeze says what it did"
run --db d.db report freeze --period 4 --by Per
expect_rc 3 "freezing twice is refused"
expect_err "already frozen (on 2026-11-24 by Maria)" "the refusal says when and by whom"

run --db d.db report lagesrapport --period 4
expect_rc 0 "the frozen period renders"
cp "$T/out" f4.json
jq -e '.frozen.by == "Maria" and .frozen.at == "2026-11-24" and .frozen.reopened == null' f4.json \
    >/dev/null 2>&1 && ok "the render is the snapshot (frozen: at, by)" || not_ok "the render is the snapshot (frozen: at, by)"
jq -S 'del(.frozen)' f4.json > f4-figures.json
jq -S 'del(.frozen)' p4.json > p4-figures.json
same p4-figures.json f4-figures.json "the snapshot holds the figures of the report as computed"
INSATS_TODAY=2027-03-01 run --db d.db report lagesrapport --period 4
jq -e '.generated == "2026-11-24"' "$T/out" >/dev/null 2>&1 && ok "a later render keeps the snapshot's date" \
    || not_ok "a later render keeps the snapshot's date"
run --db d.db report lagesrapport --period 5
jq -e '.previously_reported.period == 4 and .previously_reported.frozen_at == "2026-11-24"' "$T/out" \
    >/dev/null 2>&1 && ok "period 5 shows period 4 as previously reported" \
    || not_ok "period 5 shows period 4 as previously reported"

# ---- late data dated in period 4 is refused -------------------------------------------------
row=$(jq -c '[.activities[] as $a | $a.sessions[]
              | select(.date >= "2012-07-01" and .date <= "2012-09-30") as $s
              | $a.attendance[] | select(.session == $s.id)
              | {a: $a.id, s: $s.id, p: .person, present: .present}]
             | (map(select(.present == false)) + .)[0]' e.json)
act=$(echo "$row" | jq -r .a); ses=$(echo "$row" | jq -r .s); per=$(echo "$row" | jq -r .p)
flip=$(echo "$row" | jq -r '.present | not')
[ -n "$act" ] && [ "$act" != null ] && ok "the demo has attendance in period 4 ($act/$ses/$per)" \
    || not_ok "the demo has attendance in period 4"
jq --arg a "$act" --arg s "$ses" --arg p "$per" --argjson v "$flip" \
    '{format, version, project,
      activities: [.activities[] | select(.id == $a) | .attendance = [{person: $p, session: $s, present: $v}]]}' \
    e.json > late.json
jq '{format, version, project,
     budget: {costs: [{id: "late-invoice", date: "2012-09-28", category: .budget.categories[0].id,
                       amount: 12345, text: "Sen faktura"}]}}' e.json > late-cost.json

snapshot d.db > before.sql
run --db d.db import late.json
expect_rc 3 "a corrected attendance in the frozen period is refused"
expect_err "period 4 (2012-07-01–2012-09-30) is frozen (reported 2026-11-24 by Maria)" \
    "the refusal names the period, when and by whom it was reported"
expect_err "insats report reopen --period 4 --reason" "the refusal says how to reopen"
expect_err "late.json: activities[0].attendance[0]" "the refusal names the file and the record"
run --db d.db import late-cost.json
expect_rc 3 "a late cost dated in the frozen period is refused"
expect_err "period 4" "the late cost's refusal names the period"
snapshot d.db > after.sql
same before.sql after.sql "the refused imports changed nothing"
run --db d.db import e.json
expect_rc 0 "re-importing the unchanged export is not a change"

# ---- reopen, correct, diff, freeze again --------------------------------------------------
run --db d.db report reopen --period 4 --reason "Närvarolista från Sunne kom in sent" --by Per
expect_rc 0 "reopen --period 4 with a reason"
run --db d.db report reopen --period 4 --reason "igen"
expect_rc 3 "reopening twice is refused"
run --db d.db report lagesrapport --period 4
expect_rc 0 "a reopened period renders"
expect_err "reopened" "the render of a reopened period says it is computed afresh"
jq -e '.frozen == null' "$T/out" >/dev/null 2>&1 && ok "a reopened period is computed, not the snapshot" \
    || not_ok "a reopened period is computed, not the snapshot"
run --db d.db import late.json
expect_rc 0 "after the reopen the corrected attendance imports"
run --db d.db import late-cost.json
expect_rc 0 "after the reopen the late cost imports"

run --db d.db report diff --period 4
expect_rc 0 "report diff --period 4"
expect_out "participants." "the diff lists the changed participant figures"
expect_out "budget.period.actual: " "the diff lists the changed budget figure"
expect_out " → " "the diff shows reported → now"
run --db d.db report diff --period 4 --format json
expect_rc 0 "report diff --format json"
jq -e 'length > 0 and all(.[]; has("path") and has("reported") and has("now"))' "$T/out" \
    >/dev/null 2>&1 && ok "the json diff lists {path, reported, now}" || not_ok "the json diff lists {path, reported, now}"
jq -e 'any(.[]; .path == "budget.period.actual" and .now - .reported == 12345)' "$T/out" \
    >/dev/null 2>&1 && ok "the late cost shows as its amount" || not_ok "the late cost shows as its amount"

# ---- the submission check: what must be done before a report is handed in ------------------
# Period 4 has every question answered, but its figures moved since it was frozen. The check
# is read in Swedish here (the figures' labels and the questions are the funder's Swedish in
# both languages); its English is checked after.
LANG=sv_SE.UTF-8 run --db d.db report check --period 4
expect_rc 1 "report check exits 1 while something must be done"
expect_out "ändrat sedan period 4 frystes: Budget under perioden, utfall: " "the check names a figure moved since the freeze, in words"
expect_out "ändrat sedan period 4 frystes: Deltagare under perioden, Älvby kommun, totalt: " "a moved figure of an organisation is named by the organisation"
expect_out ": 0 obesvarade frågor, 0 avvikelser ej meddelade, " "the check counts in Swedish plural"
expect_out "är inte klar att lämna in" "the check says the report is not ready"
run --db d.db report check --period 4 --format json
expect_rc 1 "report check --format json exits 1 as well"
jq -e '.unanswered == [] and .draft == false and
       any(.moved[]; .period == 4 and .path == "budget.period.actual")' "$T/out" >/dev/null 2>&1 \
    && ok "the json check lists the moved figure and no question" \
    || not_ok "the json check lists the moved figure and no question"
run --db d.db report lagesrapport --period 4 --format md
if grep -q UTKAST "$T/out"; then not_ok "a report with every question answered is no draft"
else ok "a report with every question answered is no draft"; fi
# The demo's last report is still being written: two questions open, a deviation unreported.
LANG=sv_SE.UTF-8 run --db d.db report check --period 12
expect_rc 1 "report check of a draft exits 1"
expect_out "obesvarad fråga [kriterier]" "the check names an unanswered question of the form"
expect_out "obesvarad fråga [budget]" "the check names every unanswered question"
if grep -q "avvikelse ej meddelad ESF-rådet" "$T/out"; then
    not_ok "a lägesrapport leaves out the deviations of earlier periods"
else ok "a lägesrapport leaves out the deviations of earlier periods"; fi
expect_out "är ett utkast: 2 obesvarade frågor, 0 avvikelser ej meddelade, " \
    "the check says the report is a draft, and what remains"
# Period 11 (2014-04-01 – 06-30) has d5 unreported and no reason given yet.
LANG=sv_SE.UTF-8 run --db d.db report check --period 11
expect_rc 1 "report check of period 11 exits 1"
expect_out "avvikelse ej meddelad ESF-rådet [d5, 2014-06-10]" "the check names the period's unreported deviation"
expect_out ": 1 obesvarad fråga, 1 avvikelse ej meddelad, " "the check counts in Swedish singular"
run --db d.db report check --period 11
expect_out "deviation not reported to the ESF Council [d5, 2014-06-10]" "the check in English names the deviation"
expect_out "The lägesrapport of period 11 is a draft: 1 unanswered question, 1 deviation not reported, " \
    "the check in English counts in the singular and the plural"
run --db d.db report check --period 12
expect_out "is a draft: 2 unanswered questions, " "the check in English counts in the plural"
run --db d.db report lagesrapport --period 11 --format md
expect_out "Avvikelsen 2014-06-10 (”Målet om 40 ambassadörer nås inte" "the draft names the deviation by its date"
expect_out "”) är inte meddelad till ESF-rådet." "the draft quotes the deviation's description"
# The slutrapport answers for every deviation of the project.
run --db d.db report check --final --format json
jq -e '(.unreported_deviations | map(.id)) == ["d3", "d5"]' "$T/out" >/dev/null 2>&1 \
    && ok "the slutrapport's check lists every unreported deviation" \
    || not_ok "the slutrapport's check lists every unreported deviation"
# The funder's table lists the interventions by date, as the funder's template does.
run --db d.db report lagesrapport --period 12
jq -e '(.interventions | map(.start)) as $s | ($s | length) > 1 and $s == ($s | sort)' "$T/out" \
    >/dev/null 2>&1 && ok "the interventions are in date order" || not_ok "the interventions are in date order"
run --db d.db report lagesrapport --period 12 --format md
expect_out "UTKAST" "the draft says so at the top"
expect_out "Obesvarad fråga: Ligger projektet i fas med budget?" "the draft lists what remains"
expect_out "Ändrat sedan period 4 frystes: Deltagare under perioden, Älvby kommun, totalt" \
    "the draft names a moved figure in words"
if grep -q "participants\.\|budget\.period" "$T/out"; then not_ok "the draft shows no figure's path"
else ok "the draft shows no figure's path"; fi
run --db d.db report check
expect_rc 2 "report check needs --period N or --final"
run --db d.db report empty --period 12
expect_rc 2 "report empty needs --question"
run --db d.db report empty --period 12 --question enkater
expect_rc 3 "a section that is not a question of the form is refused"
expect_err "kriterier" "the refusal lists the form's questions"
run --db d.db report empty --period 12 --question aktiviteter
expect_rc 3 "an answered question cannot be marked empty"

run --db d.db report freeze --period 4 --by Maria
expect_rc 0 "the corrected period is frozen again"
run --db d.db report lagesrapport --period 4
jq -e '.frozen.reopened.reason == "Närvarolista från Sunne kom in sent" and .frozen.reopened.by == "Per"' \
    "$T/out" >/dev/null 2>&1 && ok "the new snapshot remembers the reopen" || not_ok "the new snapshot remembers the reopen"
run --db d.db report diff --period 4
expect_rc 0 "diff after freezing again"
expect_out "No changes" "nothing has changed since the new freeze"
run --db d.db report lagesrapport --period 5
jq -e '.previously_reported.period == 4 and (.previously_reported.participants_accumulated | has("total"))
       and (.previously_reported.budget_accumulated | has("actual"))' "$T/out" >/dev/null 2>&1 \
    && ok "period 5 has previously_reported from period 4" || not_ok "period 5 has previously_reported from period 4"
# Period 3 has nothing left: every question answered, no deviation unreported, no frozen
# period reached.
LANG=sv_SE.UTF-8 run --db d.db report check --period 3
expect_rc 0 "report check exits 0 when the report is ready"
expect_out "klar att lämna in" "the check says the report is ready"
# Period 12's open questions marked as left empty on purpose: no longer a draft, though its
# deviation still has to be reported.
for q in kriterier budget; do
    run --db d.db report empty --period 12 --question "$q"
    expect_rc 0 "question $q of period 12 is marked empty"
done
run --db d.db report check --period 12 --format json
expect_rc 0 "period 12 is ready: the deviations of earlier periods are theirs to answer for"
jq -e '.draft == false and .ready == true and .unanswered == [] and .unreported_deviations == []' \
    "$T/out" >/dev/null 2>&1 && ok "marked empty, the questions are no longer open" \
    || not_ok "marked empty, the questions are no longer open"
run --db d.db report lagesrapport --period 12 --format md
if grep -q UTKAST "$T/out"; then not_ok "a report without open questions carries no draft mark"
else ok "a report without open questions carries no draft mark"; fi
run --db d.db export -o e12.json
jq -e '[.narratives[] | select(.period == 12 and .empty == true) | .section] == ["budget", "kriterier"]' \
    e12.json >/dev/null 2>&1 && ok "the export keeps the questions marked empty" \
    || not_ok "the export keeps the questions marked empty"
run --db d.db report empty --period 12 --question budget --clear
expect_rc 0 "report empty --clear takes the mark off"
run --db d.db report lagesrapport --period 12 --format md
expect_out "UTKAST" "the question is open again: a draft again"

run --db d.db check
expect_rc 0 "the database is sound afterwards"
