# proposal.sh — `insats proposal` and `insats intake`: a proposal from its submission through
# its coordinator to project management's decision, each step as the account --by names;
# every refused step (another organisation's proposal, a role, a state, a missing reason, a
# paused intake) exits 3 and changes nothing; booking an activity only from an approved one.
. "$(dirname "$0")/lib.sh"

run --db p.db import "$FIX/bundle-min.json"
expect_rc 0 "a project to propose trainings in"
for a in "anna trainer sunne" "koord-sunne coordinator sunne" "koord-torsby coordinator torsby" \
         "chef manager sunne"; do
    set -- $a
    run --db p.db user add --login "$1" --name "Namn $1" --role "$2" --organisation "$3"
    expect_rc 0 "account $1 ($2)"
done

state() { sqlite3 p.db "SELECT status FROM proposal WHERE code = '$1'"; }
tables() { sqlite3 p.db "SELECT * FROM proposal; SELECT * FROM proposal_event; SELECT * FROM activity"; }

# The bundle's project has its intake paused: nothing is taken.
tables >before
run --db p.db proposal submit --by anna --title "Excel grund"
expect_rc 3 "a submission while the intake is paused is refused"
expect_err "no new proposals now: Inga nya förslag förrän de godkända är genomförda." \
    "the refusal gives the intake's message"
run --db p.db intake pause --message "Vänta" --by anna
expect_rc 3 "a trainer may not pause the intake"
run --db p.db intake pause
expect_rc 2 "intake pause needs --message"
run --db p.db intake open --by koord-sunne
expect_rc 3 "a coordinator may not open the intake"
tables >after
same before after "the refusals changed nothing"
run --db p.db intake pause --message "Vänta till nästa år" --until 2027-01-01
expect_rc 0 "a manager (the command line) pauses it until a date"
expect_out "paused until 2027-01-01: Vänta till nästa år" "the intake says until when"
run --db p.db intake pause --message "Vänta" --until 2026-11-24
expect_rc 3 "a reopening date that is not after today is refused"
run --db p.db proposal submit --by anna --title "Excel grund"
expect_rc 3 "still paused"
expect_err "no new proposals until 2027-01-01" "the refusal says until when"
INSATS_TODAY=2027-01-01 run --db p.db intake show
expect_out "is open" "on its reopening date the intake is open by itself"
run --db p.db intake open
expect_rc 0 "a manager opens it"

# Submitted by anyone of a partner organisation, with the form's fields.
run --db p.db proposal submit --title "Excel grund"
expect_rc 2 "submit needs --by"
run --db p.db proposal submit --by anna --title "Excel grund" --unit Ekonomi \
    --target-group "administratörer" --participants 12 --hours 7,5 --cost 12000 \
    --period "hösten 2027" --description "Grunderna i kalkylark"
expect_rc 0 "a trainer of Sunne submits a proposal"
expect_out "proposal f2 submitted" "it gets the next id"
run --db p.db proposal show f2 --by anna
expect_out "estimated_hours          7.50" "the hours are kept"
expect_out "target_group             administratörer" "the target group is kept"
expect_out "next steps for you: none" "the submitter has nothing to do now"
run --db p.db proposal show f2 --by koord-torsby
expect_rc 3 "another organisation's coordinator does not see it"
run --db p.db proposal list --by koord-sunne --status submitted
expect_out "f2 " "it waits in its coordinator's list"

# `insats todo`: the to-do list of an account, as its "Att göra" page.
todo_refs() {  # LOGIN: "kind:ref …" of the account's to-do items, from --format json
    run --db p.db todo --by "$1" --format json
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["total"], " ".join(i["kind"] + ":" + i["ref"] for i in d["items"]))' "$T/out"
}
run --db p.db todo --by koord-sunne
expect_rc 0 "todo --by the coordinator"
expect_out "Training proposals to forward (proposal_forward):" "the kind's heading"
expect_out "f2           Excel grund" "the proposal to forward, by its id"
expect_out "1 item waits for koord-sunne" "and how many"
[ "$(todo_refs koord-sunne)" = "1 proposal_forward:f2" ] && ok "the same item as JSON" ||
    not_ok "todo --format json: $(todo_refs koord-sunne)"
run --db p.db todo --by koord-torsby
expect_out "nothing waits for koord-torsby" "another organisation's coordinator has nothing to do"
[ "$(todo_refs chef)" = "0 " ] && ok "nor has the manager before it is forwarded" ||
    not_ok "the manager's list: $(todo_refs chef)"
run --db p.db todo
expect_rc 2 "todo needs --by"
run --db p.db todo --by nobody
expect_rc 3 "an unknown account"
run --db p.db todo --by chef --format xml
expect_rc 2 "an unknown format"

# Refused steps, each with its reason, none changing anything.
tables >before
refuse() {  # STEP ID BY NOTE|"" TEXT DESCRIPTION
    if [ -n "$4" ]; then run --db p.db proposal "$1" "$2" --by "$3" --note "$4"
    else run --db p.db proposal "$1" "$2" --by "$3"; fi
    expect_rc 3 "$6"
    expect_err "$5" "$6: the reason"
}
refuse forward f2 koord-torsby "" 'no proposal "f2" among those you may see' \
    "another organisation's coordinator may not forward it"
refuse forward f2 anna "" "only the coordinator of the proposal's organisation may forward" \
    "the submitter may not forward it"
refuse forward f2 chef "" "only the coordinator" "a manager may not forward it"
refuse approve f2 chef "" "is submitted; it can be approved only while it is forwarded or deferred" \
    "a manager may not approve what was not forwarded"
refuse approve f2 koord-sunne "" "only project management (a manager) may approve" \
    "a coordinator may not approve"
refuse return f2 koord-sunne "" "give the reason" "a return needs its reason"
refuse forward nosuch koord-sunne "" 'no proposal "nosuch"' "an unknown proposal"
run --db p.db proposal forward f2 --by nobody
expect_rc 3 "an unknown account is refused"
expect_err 'no account has the login "nobody"' "the message names the login"
run --db p.db proposal frobnicate f2
expect_rc 2 "an unknown subcommand is a usage error"
tables >after
same before after "the refused steps changed nothing"

# Returned, edited and submitted again; forwarded; deferred; approved.
run --db p.db proposal return f2 --by koord-sunne --note "Ange antal tillfällen"
expect_rc 0 "the coordinator returns it with the reason"
expect_out "proposal f2 is returned" "it is returned"
[ "$(todo_refs anna)" = "1 proposal_returned:f2" ] && ok "the returned proposal waits in its submitter's list" ||
    not_ok "the submitter's list: $(todo_refs anna)"
run --db p.db proposal submit --by koord-torsby --id f2 --title "Excel"
expect_rc 3 "another organisation may not submit it again"
run --db p.db proposal submit --by anna --id f2 --description "Två tillfällen à 4 timmar"
expect_rc 0 "the submitter edits it and submits it again"
[ "$(sqlite3 p.db "SELECT target_group || '|' || description FROM proposal WHERE code = 'f2'")" = \
  "administratörer|Två tillfällen à 4 timmar" ] && ok "the fields not given are kept" ||
    not_ok "the fields not given are kept"
run --db p.db proposal forward f2 --by koord-sunne --note "Prioriterad hos oss"
expect_rc 0 "the coordinator forwards it with a note"
[ "$(todo_refs chef)" = "1 proposal_decide:f2" ] && ok "forwarded, it waits in the manager's list" ||
    not_ok "the manager's list: $(todo_refs chef)"
[ "$(todo_refs koord-sunne)" = "0 " ] && ok "and no longer in the coordinator's" ||
    not_ok "the coordinator's list: $(todo_refs koord-sunne)"
refuse defer f2 chef "" "give the reason" "a deferral needs its reason"
refuse reject f2 chef " " "give the reason" "a blank reason is none"
run --db p.db proposal defer f2 --by chef --note "Många beviljade väntar"
expect_rc 0 "the manager defers it"
run --db p.db proposal book f2 --intervention i1
expect_rc 3 "a deferred proposal cannot be booked"
expect_err "is deferred, not approved" "the refusal says why"
run --db p.db proposal approve f2 --by chef
expect_rc 0 "the manager approves it later"
refuse reject f2 chef "för sent" "is approved; it can be rejected only while" \
    "an approved proposal is final"
run --db p.db proposal show f2 --by chef
expect_out "Många beviljade väntar" "the history keeps the reason of the deferral"
expect_out "Prioriterad hos oss" "the history keeps the coordinator's note"
[ "$(sqlite3 p.db "SELECT group_concat(status || ':' || by_login, ' ') FROM (SELECT e.status,
    e.by_login FROM proposal_event e JOIN proposal p ON p.id = e.proposal_id
    WHERE p.code = 'f2' ORDER BY e.position)")" = \
  "submitted:anna returned:koord-sunne submitted:anna forwarded:koord-sunne deferred:chef approved:chef" ] &&
    ok "the history holds every step and who took it" || not_ok "the history holds every step"
[ "$(sqlite3 p.db "SELECT count(*) FROM audit_log WHERE kind = 'proposal_event'
    AND actor_login = 'chef'")" = 2 ] && ok "the audit trail names the account of --by" ||
    not_ok "the audit trail names the account of --by"

# Booking only from an approved proposal.
run --db p.db proposal book f2 --intervention i1 --activity a-excel
expect_rc 0 "an approved proposal is booked as an activity"
[ "$(sqlite3 p.db "SELECT a.status || '|' || a.title || '|' || p.code FROM activity a JOIN proposal p
    ON p.id = a.proposal_id WHERE a.code = 'a-excel'")" = "planned|Excel grund|f2" ] &&
    ok "the activity comes from the proposal" || not_ok "the activity comes from the proposal"

# A new database's export and import keep the new fields and the history.
run --db p.db export -o p.json
expect_rc 0 "export"
run --db q.db import p.json
expect_rc 0 "import into a new database"
[ "$(sqlite3 q.db "SELECT count(*) FROM proposal_event e JOIN proposal p ON p.id = e.proposal_id
    WHERE p.code = 'f2' AND e.by_login IS NOT NULL AND e.at IS NOT NULL")" = 6 ] &&
    ok "the history's accounts and times survive export and import" ||
    not_ok "the history's accounts and times survive export and import"
[ "$(sqlite3 q.db "SELECT estimated_hours_c || '|' || estimated_cost_ore || '|' || submitted_by
    FROM proposal WHERE code = 'f2'")" = "750|1200000|anna" ] &&
    ok "the form's fields survive export and import" ||
    not_ok "the form's fields survive export and import"

run --db p.db proposal list --status bogus
expect_rc 2 "an unknown status is a usage error"
expect_err '"bogus" is not one of submitted, forwarded, returned' "the message lists the states"
