/* main.c — the `insats` program: global options, the command table and dispatch.
 * Each command's code is in cmd_*.c; everything it does to data goes through the core library. */
#include "audit.h"
#include "cli.h"
#include "i18n.h"
#include "project.h"
#include "outfile.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef INSATS_VERSION
#error "INSATS_VERSION is set by the Makefile (VERSION)"
#endif

static int cmd_help(const GlobalOpts *g, int argc, char **argv);
static int cmd_version(const GlobalOpts *g, int argc, char **argv);

/* The one table of commands: name, handler, summary and full help in one place. */
static const Command commands[] = {
    {"init", cmd_init, N_("create a new, empty database and its personnummer key"),
     N_("usage: insats [--db PATH] init\n"
     "\n"
     "Creates the database (default ./insats.db, or --db / INSATS_DB) and the key that protects\n"
     "personnummer, in a separate file (default: the database path + \".key\", or --key /\n"
     "INSATS_KEY). Keep the key file safe and apart from database copies: without it, stored\n"
     "personnummer cannot be read; with the database alone, nobody can read them.\n")},
    {"demo", cmd_demo, N_("create a realistic fictional project to try insats on"),
     N_("usage: insats [--db PATH] demo [--scale small|large] [--seed N] [-o BUNDLE.json]\n"
     "\n"
     "Generates a fictional project — an owner municipality and three partners, employees,\n"
     "interventions, proposals, activities with sessions and attendance, surveys, certificates,\n"
     "goals, budget, deviations, groups and meetings, dissemination and narratives — and imports\n"
     "it into the database. The same scale and seed always give the same data.\n"
     "\n"
     "  --scale small   1,200 people, 120 activities, about 10,000 attendance rows (default)\n"
     "  --scale large   50,000 people, 5,000 activities, about 1,000,000 attendance rows\n"
     "  --seed N        another fictional project of the same shape (default 1)\n"
     "  -o FILE         write the bundle to FILE instead of importing it\n")},
    {"import", cmd_import, N_("import a bundle (JSON) or a CSV list of people or attendance"),
     N_("usage: insats [--db PATH] import FILE [--kind bundle|people|attendance]\n"
     "\n"
     "Imports FILE inside one transaction: if anything in it is wrong, nothing is changed and\n"
     "every problem found is listed with its line or JSON path (exit code 3).\n"
     "\n"
     "  --kind bundle      an insats bundle (default for .json; docs/bundle-format.md)\n"
     "  --kind people      a participant list as CSV (docs/csv-import.md)\n"
     "  --kind attendance  an attendance list as CSV (docs/csv-import.md)\n"
     "\n"
     "Records are matched by id (people also by personnummer): existing ones are updated.\n"
     "FILE - reads standard input.\n")},
    {"export", cmd_export, N_("write the whole project as a bundle"),
     N_("usage: insats [--db PATH] [--project ID] export [-o FILE] [--with-personnummer]\n"
     "\n"
     "Writes the project as an insats bundle (docs/bundle-format.md) to FILE or standard output.\n"
     "The output is deterministic: the same data always gives the same bytes.\n"
     "\n"
     "  -o FILE               write to FILE (default: standard output)\n"
     "  --with-personnummer   include personnummer in full (they are left out by default)\n")},
    {"list", cmd_list, N_("list records of one kind, with their ids"),
     N_("usage: insats [--db PATH] list KIND [--status S] [--organisation ORG] [--intervention I]\n"
     "                                     [--from DATE] [--to DATE] [--limit N] [--tsv]\n"
     "\n"
     "Lists records with their id first, so that `insats show KIND ID` can follow.\n"
     "KIND: projects, organisations, people, groups, interventions, proposals, activities,\n"
     "sessions, surveys, certificates, goals, costs, deviations, meetings, dissemination\n"
     "(the singular names the same kind: activity, person …).\n"
     "  --limit N   at most N rows; when there are more, standard error says how many\n"
     "  --tsv       tab-separated output with a header line, for scripts and spreadsheets\n")},
    {"show", cmd_show, N_("show one record and what follows from it"),
     N_("usage: insats [--db PATH] show KIND ID [--json]\n"
     "       insats [--db PATH] show project\n"
     "\n"
     "Shows the record as in the bundle format, with the name of each record it refers to\n"
     "beside its id, and a summary (for an activity: dates, hours, people marked present and\n"
     "absences; for a goal: what it has achieved as of today, or of the project's end, and\n"
     "whether that meets its target, as the reports compute it). Personnummer are shown\n"
     "masked (YYYYMMDD-****). KIND is singular or plural (activity, activities).\n"
     "  --json   print the record as JSON; the names are under \"_names\", the summary under\n"
     "           \"_summary\"\n")},
    {"delete", cmd_delete, N_("delete a record entered by mistake, with what belongs to it"),
     N_("usage: insats [--db PATH] delete KIND ID\n"
     "\n"
     "Deletes one record and what belongs only to it — an activity with its sessions and\n"
     "attendance, a meeting with its agenda, decisions and actions, a survey with its\n"
     "questions and responses — in one transaction. Imports never delete, so this is how a\n"
     "wrongly imported record goes. A record that others still refer to (a person with\n"
     "attendance, an intervention with activities) is refused, and the message says what\n"
     "refers to it; so is a record dated in a frozen reporting period.\n"
     "KIND: organisation, person, group, intervention, proposal, activity, survey,\n"
     "certificate, goal, cost, deviation, meeting, dissemination (or the plural).\n")},
    {"check", cmd_check, N_("verify the database: integrity, references and connection settings"),
     N_("usage: insats [--db PATH] check\n"
     "\n"
     "Runs SQLite's integrity and foreign-key checks and prints the connection settings in\n"
     "force. Exit code 0 when all is well, 4 when the database is damaged.\n")},
    {"audit", cmd_audit, N_("who changed what and when: the audit trail"),
     N_("usage: insats [--db PATH] audit [--user LOGIN] [--kind KIND] [--from DATE] [--to DATE]\n"
     "                                [--limit N]\n"
     "\n"
     "Prints the audit trail, newest first: every change to the data made through the web, the\n"
     "API or the command line, with when (UTC), who (the account, or the command line's login\n"
     "name), through which interface, the record, and its values before and after as JSON.\n"
     "An import is one entry with its file and what it inserted and updated. Personnummer are\n"
     "never in the trail, only whether one was set or changed. Nothing can edit or delete it.\n"
     "\n"
     "  --user LOGIN   only the changes of this login\n"
     "  --kind KIND    only changes of this kind of record (person, activity, attendance …)\n"
     "  --from DATE    from this day on (YYYY-MM-DD, UTC)\n"
     "  --to DATE      up to and including this day\n"
     "  --limit N      at most N entries (1 to 1000, default 100)\n")},
    {"report", cmd_report, N_("the funder's reports and minutes; freeze a submitted period"),
     N_("usage: insats [--db PATH] [--project ID] report lagesrapport (--period N | --from DATE --to DATE)\n"
     "                                               [--format json|html|md|pdf|xlsx] [-o FILE]\n"
     "       insats report slutrapport [--format json|html|md|pdf|xlsx] [-o FILE]\n"
     "       insats report minutes --meeting ID [--format md|html|pdf|json] [-o FILE]\n"
     "       insats report freeze --period N [--by NAME]\n"
     "       insats report reopen --period N --reason TEXT [--by NAME]\n"
     "       insats report diff --period N [--format text|json] [-o FILE]\n"
     "       insats report check (--period N | --final) [--format text|json] [-o FILE]\n"
     "       insats report empty (--period N | --final) --question SECTION [--clear]\n"
     "\n"
     "lagesrapport   the progress report (lägesrapport) of reporting period N, or of any range\n"
     "               of dates; a frozen period is shown exactly as it was submitted\n"
     "slutrapport    the final report over the whole project\n"
     "minutes        the minutes (minnesanteckningar) of a meeting (`insats list meetings`)\n"
     "freeze         store period N's lägesrapport as submitted with the payment claim: later\n"
     "               renderings show the stored report, the next period's report shows it as\n"
     "               \"tidigare redovisat\", and data dated in the period can no longer change.\n"
     "               Only a period that has ended can be frozen.\n"
     "reopen         allow changes to a frozen period again (a correction); the reason is kept\n"
     "               with the period's history. Freeze it again when the correction is reported.\n"
     "diff           what has changed in the data since period N was frozen, figure by figure\n"
     "               (\"participants.period.total: 733 → 734\")\n"
     "check          what must be done before the report of period N (--final: the slutrapport)\n"
     "               can be handed in: every question of the form not yet answered, every\n"
     "               deviation not reported to the funder, every figure that moved since a\n"
     "               frozen period. Exit code 0 when nothing remains, 1 when something does.\n"
     "               A report with an unanswered question is a draft and says \"Utkast\".\n"
     "empty          mark a question of the form as left unanswered on purpose (SECTION as\n"
     "               `report check` names it), so that the report is no longer a draft for\n"
     "               it; --clear takes the mark off again\n"
     "\n"
     "  --format F     json (the machine contract, docs/report-format.md), html, md\n"
     "                 (Markdown), pdf (A4) or xlsx (tables); pdf and xlsx need -o FILE;\n"
     "                 sql: the queries behind the figures, ready for the sqlite3 shell.\n"
     "                 Without --format, -o FILE's extension names the format (x.pdf, x.html,\n"
     "                 x.md, x.json, x.xlsx, x.sql; x.txt for diff), else json (diff: text);\n"
     "                 a --format that contradicts the extension is refused\n"
     "  -o FILE        write to FILE (default: standard output)\n"
     "  --by NAME      who freezes or reopens (default: the login name)\n"
     "  --reason TEXT  why the period is reopened (required)\n"
     "  --final        check or mark the slutrapport instead of a period's lägesrapport\n"
     "\n"
     "FILE is written whole or not at all (a temporary file beside it, renamed when complete);\n"
     "the database, its key file, links and anything but a regular file are refused.\n"
     "\n"
     "Exit codes: 1 from `report check` when something must be done; 2 for a wrong command line\n"
     "or a refused -o FILE, 3 for an unknown period or meeting, a range whose start is after its\n"
     "end, or a refused freeze, reopen or mark, 4 when FILE or standard output cannot be written\n"
     "(an existing FILE is left as it was).\n")},
    {"settings", cmd_settings, N_("the project's settings: the certificates' statement, the public address"),
     N_("usage: insats [--db PATH] [--project ID] settings show\n"
     "       insats settings set [--certificate-statement TEXT] [--public-url URL]\n"
     "\n"
     "show           the settings as they stand\n"
     "set            change one or both; an empty value returns to none\n"
     "\n"
     "  --certificate-statement TEXT  the funder's statement printed on every certificate (one\n"
     "                 paragraph, at most 600 characters); none: \"Insatsen har genomförts inom\n"
     "                 ett projekt som finansieras av Europeiska socialfonden.\"\n"
     "  --public-url URL  the address participants and employers reach the server at\n"
     "                 (https://insats.kommun.se): the survey links, the certificates' QR codes\n"
     "                 (URL/verify/CODE) and the calendar feeds are built on it, by the server\n"
     "                 and by `certificate pdf` and `survey link` alike; their --url and\n"
     "                 `serve --public-url` still override it\n"
     "\n"
     "A manager edits the same settings in the browser under Projektinställningar (/settings).\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for a refused value (nothing is changed).\n")},
    {"certificate", cmd_certificate, N_("issue, withdraw and print certificates (intyg)"),
     N_("usage: insats [--db PATH] [--project ID] certificate issue --activity ACTIVITY\n"
     "       insats certificate issue --activity ACTIVITY --person PERSON --reason TEXT\n"
     "       insats certificate withdraw --id CERTIFICATE --reason TEXT\n"
     "       insats certificate pdf (--id CERTIFICATE | --activity ACTIVITY) -o FILE.pdf\n"
     "                              [--url URL]\n"
     "\n"
     "issue          the certificates of a held activity by its attendance: everyone marked\n"
     "               present at at least the project's threshold of its sessions (80 % unless\n"
     "               the project says otherwise) gets one, one no longer earned is withdrawn\n"
     "               with the reason. This also happens by itself whenever the activity is\n"
     "               marked held and whenever its attendance or sessions change.\n"
     "               With --person and --reason: one certificate issued by hand, whatever\n"
     "               the attendance; the reason is kept with it.\n"
     "withdraw       withdraw a certificate by hand, with the reason; it is kept, marked\n"
     "               withdrawn, counts in no report, and the public check says so\n"
     "pdf            one certificate, or every valid one of an activity (one A4 page each,\n"
     "               for printing), with its verification code and a QR code that leads to\n"
     "               URL/verify/CODE, where anyone can check it\n"
     "\n"
     "  --url URL      the address of the insats server (https://…); default $INSATS_URL, else\n"
     "                 the project's public address (`insats settings set --public-url`)\n"
     "  -o FILE        the PDF to write (whole or not at all)\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for an unknown activity, person or\n"
     "certificate, an activity not held or that gives no certificates, a missing reason, a\n"
     "withdrawn certificate to print, or a change to a frozen reporting period.\n")},
    {"user", cmd_user, N_("manage the accounts of the web application and the API"),
     N_("usage: insats [--db PATH] user add --login LOGIN --name NAME --role ROLE\n"
     "                                 [--organisation ORG]\n"
     "       insats user passwd LOGIN\n"
     "       insats user list\n"
     "       insats user disable LOGIN | enable LOGIN\n"
     "       insats user token LOGIN --name NAME\n"
     "       insats user tokens LOGIN\n"
     "       insats user token-revoke LOGIN --name NAME\n"
     "       insats user assign LOGIN --activity ACTIVITY [--remove]\n"
     "       insats user totp-reset LOGIN\n"
     "       insats user email LOGIN --address ADDRESS | --remove\n"
     "       insats user lang LOGIN [sv|en|auto]\n"
     "       insats user demo\n"
     "\n"
     "add            add an account. ROLE: admin (accounts), manager (projektledare: everything),\n"
     "               coordinator (people, attendance and proposals of one organisation: ORG, the\n"
     "               organisation's id, is required), economist (budget and costs), trainer\n"
     "               (the activities assigned to them), reader (styrgrupp: aggregates only),\n"
     "               evaluator (anonymised exports and survey results). LOGIN: lower-case\n"
     "               letters, digits, '.', '_' and '-'. The account has no password yet.\n"
     "passwd         set the password: asked twice without echo on a terminal, else one line\n"
     "               of standard input. At least 12 characters (a passphrase of a few words is\n"
     "               easier to remember); the 10,000 most common passwords are refused. Every\n"
     "               session of the account is logged out.\n"
     "list           every account with its role, organisation, status and second factor\n"
     "disable        the account can no longer log in or use its API tokens, and is logged\n"
     "               out; enable undoes it\n"
     "token          print a new API token for the account, once: scripts and integrations send\n"
     "               it as \"Authorization: Bearer TOKEN\". Only its hash is kept.\n"
     "tokens         the account's tokens: when made, last used and revoked, and their names\n"
     "token-revoke   revoke the account's token of this name\n"
     "assign         assign a trainer to an activity (`insats list activities`); --remove takes\n"
     "               the assignment away\n"
     "totp-reset     remove the account's second factor (a lost phone): admin and manager\n"
     "               accounts enrol a new one at their next login\n"
     "email          the address the account's e-mail goes to (invitations, proposals,\n"
     "               reminders); --remove takes it away. Each user chooses on \"Mitt konto\"\n"
     "               which kinds of message they receive\n"
     "lang           the language the account reads the web application in: sv (Swedish),\n"
     "               en (English) or auto (what its browser asks for, the default); without\n"
     "               it, the account's choice. Each user also chooses on \"Mitt konto\"\n"
     "demo           for a demo project (`insats demo`): one account per role, a coordinator\n"
     "               for each municipality, the trainer assigned to three activities; their\n"
     "               generated passwords are printed this once\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for an unknown account, organisation or\n"
     "activity, or a refused value (a password against the policy, a language not sv, en or\n"
     "auto); nothing is changed then.\n")},
    {"proposal", cmd_proposal, N_("training proposals: submit, forward, decide, book an activity"),
     N_("usage: insats [--db PATH] proposal list [--status STATUS] [--by LOGIN]\n"
     "       insats proposal show ID [--by LOGIN]\n"
     "       insats proposal submit --by LOGIN --title TITLE [--area AREA] [--unit UNIT]\n"
     "                              [--target-group TEXT] [--participants N] [--hours H]\n"
     "                              [--cost KRONOR] [--period TEXT] [--description TEXT]\n"
     "                              [--id ID]\n"
     "       insats proposal forward|return|approve|reject|defer ID --by LOGIN [--note TEXT]\n"
     "       insats proposal book ID --intervention ID [--activity ID] [--kind KIND]\n"
     "\n"
     "A wished training goes from a unit of a partner organisation to the organisation's\n"
     "coordinator, who forwards it to project management or returns it with the reason;\n"
     "project management (a manager) approves, rejects or defers it with the reason\n"
     "(docs/workflows.md). Each step is taken as the account --by names, with its rights.\n"
     "\n"
     "list           the proposals the account may see (all without --by), newest first, with\n"
     "               how many days each has waited since its last step\n"
     "show           one proposal with its history and the steps the account may take now\n"
     "submit         a new proposal of the account's organisation (refused while the intake\n"
     "               is paused); --id ID of a returned one submits it again with the fields\n"
     "               given; a new one gets an id (f1, f2 …) unless --id names a new one\n"
     "forward        (the organisation's coordinator) pass it on to project management\n"
     "return         (the coordinator) send it back to be edited; --note gives the reason\n"
     "approve        (a manager) approve a forwarded or deferred proposal\n"
     "reject         (a manager) reject it; --note gives the reason\n"
     "defer          (a manager) let it wait for a later decision; --note gives the reason\n"
     "book           make a planned activity (id --activity, default the proposal's) of an\n"
     "               approved proposal, with its title, area, organisation and participants;\n"
     "               refused for a proposal that is not approved\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for a refused step (another organisation's\n"
     "proposal, a role that may not take it, a state that does not allow it, a missing\n"
     "reason, a paused intake) or bad fields; nothing is changed then.\n")},
    {"todo", cmd_todo, N_("what waits for an account: its \"att göra\" list"),
     N_("usage: insats [--db PATH] [--project ID] todo --by LOGIN [--format text|json]\n"
     "\n"
     "The account's to-do list, the same items as its \"Att göra\" page in the browser:\n"
     "proposals to forward, decide or edit again, sessions without attendance and whatever\n"
     "else the routines put there for that account by its role and organisation, grouped by\n"
     "kind, each kind's oldest first (at most 50 of a kind).\n"
     "\n"
     "  --by LOGIN     the account (`insats user list` shows them)\n"
     "  --format F     text (default): a heading per kind and a line per item with the record\n"
     "                 it is done in and since when it waits; json: {\"login\", \"total\",\n"
     "                 \"items\": [{kind, title, detail, ref_kind, ref, date, days}]}\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for an unknown or disabled account.\n")},
    {"intake", cmd_intake, N_("pause or open the intake of training proposals"),
     N_("usage: insats [--db PATH] intake pause --message TEXT [--until DATE] [--by LOGIN]\n"
     "       insats intake open [--by LOGIN]\n"
     "       insats intake show\n"
     "\n"
     "While the intake is paused the proposal form shows the message and takes nothing, in\n"
     "the browser, the API and `proposal submit` alike. --until DATE (YYYY-MM-DD, after\n"
     "today): the intake opens again by itself on that day. Only a manager pauses or opens\n"
     "it (the command line has a manager's rights unless --by names another account).\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for a refused value or role.\n")},
    {"meeting", cmd_meeting, N_("plan a group's meetings, cancel one, invite, follow attendance"),
     N_("usage: insats [--db PATH] meeting series --group G --dates DATES [--year Y]\n"
     "                                 [--start HH:MM] [--end HH:MM] [--place P] [--title T]\n"
     "       insats meeting cancel ID --reason TEXT\n"
     "       insats meeting attendance --group G\n"
     "       insats meeting settings --group G [--invite-days N] [--absence-limit N]\n"
     "       insats meeting invite [ID]\n"
     "       insats meeting suggest ID --by LOGIN --title T [--text X]\n"
     "       insats meeting suggestions ID [--by LOGIN]\n"
     "       insats meeting accept ID N\n"
     "       insats meeting decline ID N --reason TEXT\n"
     "       insats meeting order ID --move N --to M\n"
     "\n"
     "series         one planned meeting of group G (`insats list groups`) on each date of\n"
     "               DATES, written as in minutes — \"15 februari, 3 maj, 25 september och\n"
     "               6 november\", \"den 3 och 17 maj\", \"fredag 15 feb\" — or as ISO dates\n"
     "               (2019-02-15, 2019-05-03); Y is the year of dates written without one.\n"
     "               Each meeting gets the id G-YYYY-MM-DD and the group's name as its title\n"
     "               (or T), with the time and place given. A list with a word that is no date,\n"
     "               a day the month has not, a weekday that does not fit or a date given twice\n"
     "               is refused with the word and the reason, and nothing is created; so is a\n"
     "               date on which the group has its meeting already.\n"
     "cancel         cancel the planned meeting ID (`insats list meetings`) with a reason,\n"
     "               which its minutes and the calendar show (STATUS:CANCELLED)\n"
     "attendance     the attendance at group G's held meetings per current member, per\n"
     "               organisation and per year; FLAGGED: away from the latest meetings in a row\n"
     "               as many times as the group's absence limit\n"
     "settings       show or set group G's days between the invitation and the meeting\n"
     "               (0–60, default 7) and its absence limit (1–20 meetings, default 3)\n"
     "invite         write the invitations (kallelser) due today into the outbox — or ID's now —\n"
     "               to the group's current members with an e-mail address: the agenda, the\n"
     "               open actions of earlier meetings and the event as mote.ics; each member\n"
     "               gets each meeting's invitation once, however often this runs\n"
     "suggest        suggest an agenda point for the planned meeting ID as the account LOGIN:\n"
     "               a member of the meeting's group (the person with the account's e-mail\n"
     "               address) or whoever plans meetings; refused once the meeting is held,\n"
     "               cancelled or past\n"
     "suggestions    the meeting's agenda in order and its suggestions with their numbers and\n"
     "               states (open, accepted, declined with the reason); --by LOGIN: as that\n"
     "               account sees them (its own only, unless it plans meetings)\n"
     "accept         take suggestion N into the agenda, as its last point\n"
     "decline        decline suggestion N with a reason, which the suggester sees\n"
     "order          move the agenda's point N (1 the first) to place M; the invitation and\n"
     "               the minutes number the points so\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for a refused list of dates, an unknown group\n"
     "or meeting, a meeting held or cancelled already, a role that may not; nothing is\n"
     "changed then.\n")},
    {"calendar", cmd_calendar, N_("the meetings as an iCalendar feed (RFC 5545) on standard output"),
     N_("usage: insats [--db PATH] calendar [--group G | --meeting ID]\n"
     "\n"
     "Prints the meetings of group G (`insats list groups`), one meeting, or every meeting of\n"
     "the project, as the calendar a calendar program subscribes to: one event per meeting in\n"
     "Swedish local time, its UID the same through every change, SEQUENCE counting its\n"
     "changes, a cancelled meeting with STATUS:CANCELLED and its reason, the agenda in the\n"
     "description. The web application gives each account secret addresses of the same\n"
     "feeds (Kalender), which calendar programs read without a login.\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for an unknown group or meeting.\n")},
    {"survey", cmd_survey, N_("surveys from a template, their anonymous answer link and QR code"),
     N_("usage: insats [--db PATH] survey new --template T [--activity A] [--id ID] [--title TEXT]\n"
     "                                   [--date DATE] [--closes DATE]\n"
     "       insats survey link SURVEY [-o FILE.png|FILE.svg] [--url BASE]\n"
     "       insats survey sheet SURVEY -o FILE.pdf [--url BASE]\n"
     "       insats survey rates [--low]\n"
     "       insats survey remind [--url BASE]\n"
     "\n"
     "new            create a survey from a template with its answer link: after_activity (the\n"
     "               standard evaluation, a 1-5 scale where 1 is \"inte alls\"), baseline or\n"
     "               follow_up (the same questions, compared in the slutrapport). Attached to\n"
     "               --activity A, else to the whole project. Defaults: the id enk-A (or\n"
     "               T-DATE), the date of the activity's last session (or today), closing 14\n"
     "               days after it.\n"
     "link           print the survey's anonymous answer link (made the first time), and with\n"
     "               -o write its QR code as PNG or SVG, by the file's extension\n"
     "sheet          write the A4 sheet for the training room: title, activity, QR code, link\n"
     "rates          the response rate of each survey of an activity: answers / participants\n"
     "               present; --low only the open ones below 50 %\n"
     "remind         write the survey reminders that are due into the outbox, as the server\n"
     "               does every hour: after a held activity (its last session at most 14 days\n"
     "               ago), and for an open survey below 50 % in its last 7 days before it\n"
     "               closes; to the activity's trainers, or without one to the coordinators\n"
     "               of its organisations; each once per activity or survey and person,\n"
     "               never for a closed survey\n"
     "\n"
     "  --url BASE     the address participants reach the server at (as `serve --public-url`);\n"
     "                 default $INSATS_PUBLIC_URL, else the project's public address\n"
     "                 (`insats settings set --public-url`), else http://127.0.0.1:8080\n"
     "\n"
     "Answers through the link are anonymous: no name, address or time of day is stored, and\n"
     "the organisation and gender a respondent gives are kept only where at least 5 present\n"
     "participants of the activity share them (docs/workflows.md).\n"
     "\n"
     "Exit codes: 2 for a wrong command line or a refused -o FILE, 3 for an unknown survey,\n"
     "template or activity, 4 when FILE cannot be written.\n")},
    {"serve", cmd_serve, N_("run the web application: every part of the project in the browser"),
     N_("usage: insats [--db PATH] serve [--listen ADDRESS:PORT | --listen /PATH.sock]\n"
     "                               [--behind-proxy] [--log FILE] [--threads N]\n"
     "                               [--smtp URL --smtp-from ADDRESS [--smtp-user U]\n"
     "                                [--smtp-password-file FILE] [--smtp-timeout S]\n"
     "                                [--smtp-retry S]]\n"
     "                               [--public-url URL]\n"
     "       insats serve --routes\n"
     "\n"
     "Serves the web application (docs/web.md) until SIGINT (Ctrl-C) or SIGTERM, then stops\n"
     "gracefully: requests under way are answered and the database is closed cleanly.\n"
     "\n"
     "  --listen A      where to listen: 127.0.0.1:8080 (default), [::1]:8080, or the path of\n"
     "                  a unix socket for a reverse proxy on the same machine\n"
     "  --behind-proxy  trust X-Forwarded-For and X-Forwarded-Proto from this machine (the\n"
     "                  reverse proxy that terminates TLS); cookies are then Secure\n"
     "  --log FILE      append the request log to FILE instead of standard error (one line a\n"
     "                  request: time, method, route, status, duration; no personal data)\n"
     "  --threads N     worker threads (default: one per core)\n"
     "  --smtp URL      send e-mail through this relay: smtp://HOST:PORT (STARTTLS when the\n"
     "                  relay offers it) or smtps://HOST:PORT; without it messages wait in\n"
     "                  the outbox (`insats outbox list`)\n"
     "  --smtp-from A   the sender's address (required with --smtp)\n"
     "  --smtp-user U, --smtp-password-file FILE\n"
     "                  log in to the relay (the password: the file's first line), or give\n"
     "                  them in the URL\n"
     "  --smtp-timeout S  the longest one message may take (default 60 s)\n"
     "  --smtp-retry S  the pause after a failed attempt, doubling up to 4 hours; a message\n"
     "                  fails after 10 attempts (default 60 s)\n"
     "  --public-url URL  the address participants reach the server at, for the surveys'\n"
     "                  answer links and QR codes, the certificates' verification and the\n"
     "                  calendar feeds (https://insats.example.se); without it, the project's\n"
     "                  public address (`insats settings`), else the address each page was\n"
     "                  asked for\n"
     "  --routes        print the route table instead (method, path pattern, roles, flags,\n"
     "                  handler; tab-separated) and exit\n")},
    {"outbox", cmd_outbox, N_("the e-mail outbox: list, send what is due, retry, cancel, reminders"),
     N_("usage: insats [--db PATH] outbox list [--state STATE] [--limit N]\n"
     "       insats outbox send --smtp URL --smtp-from ADDRESS [--smtp-user U]\n"
     "                          [--smtp-password-file FILE] [--smtp-timeout S] [--smtp-retry S]\n"
     "       insats outbox retry ID | cancel ID\n"
     "       insats outbox test ADDRESS\n"
     "       insats outbox reminders [--today DATE]\n"
     "\n"
     "Every e-mail insats sends is first written to the outbox, in the same transaction as the\n"
     "change that caused it; `insats serve --smtp URL` sends it (docs/workflows.md).\n"
     "list       the messages, newest first: kind, recipient (the account, or the address\n"
     "           masked), state (queued, sending, sent, uncertain, failed, cancelled),\n"
     "           attempts, the next attempt or when it was sent, the last error\n"
     "send       send what is due once, through the relay (for scripts and cron); the same\n"
     "           options as `serve`\n"
     "retry      send a failed, uncertain or cancelled message again (same Message-ID)\n"
     "cancel     stop a queued, failed or uncertain message\n"
     "test       write a test message to ADDRESS, to check the relay's settings\n"
     "reminders  write the reminders that are due (the surveys as `survey remind` does, for\n"
     "           every project; action items due within 7 days to their owners), each once;\n"
     "           the server does it every hour. The surveys' links use $INSATS_PUBLIC_URL\n"
     "\n"
     "Exit codes: 2 for a wrong command line, 3 for an unknown message or one in a state that\n"
     "does not allow it, 4 when `send` left messages to be tried again, failed or uncertain.\n")},
    {"help", cmd_help, N_("show help for a command, the manual page or the shell completion"),
     N_("usage: insats help [COMMAND]\n"
     "       insats help --man\n"
     "       insats help --bash-completion\n"
     "\n"
     "Without a command, lists the commands; with one, shows its help (as `insats COMMAND\n"
     "--help` does).\n"
     "  --man               print the manual page insats(1) as roff\n"
     "  --bash-completion   print the bash completion script\n"
     "Both are made from this same table of commands; `make install` installs them.\n")},
    {"version", cmd_version, N_("print the version of insats"),
     N_("usage: insats version\n"
     "\n"
     "Prints \"insats\" and the version number, as `insats --version` and `insats -V` do.\n")},
};

static const size_t command_count = sizeof commands / sizeof commands[0];

const Command *cli_commands(size_t *n)
{
    *n = command_count;
    return commands;
}

const Command *cli_command(const char *name)
{
    for (size_t i = 0; i < command_count; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* The global options, shared by every command's help and the manual page. */
static const CliOption global_options[] = {
    {"--db", "PATH", N_("the database (default: $INSATS_DB or ./insats.db)")},
    {"--key", "PATH", N_("the personnummer key file (default: $INSATS_KEY or <db>.key)")},
    {"--project", "ID", N_("the project, when the database holds several")},
    {NULL, NULL, NULL},
};

/* The exit codes, shared by --help (the short words) and the manual page (the sentence). */
static const CliOption exit_codes[] = {
    {"0", N_("success"), N_("Success.")},
    {"2", N_("usage error"), N_("A wrong command line: an unknown command, option or kind of "
                                "record, or a value of the wrong form.")},
    {"3", N_("invalid input data (nothing was changed)"),
     N_("Invalid input data, or a record or period that does not exist; nothing was changed.")},
    {"4", N_("storage error"), N_("The database or a file cannot be read or written.")},
    {NULL, NULL, NULL},
};

const CliText cli_text = {
    .synopsis = "insats [--db PATH] [--key PATH] [--project ID] COMMAND [ARGS]",
    .about = N_("insats runs the administration of a publicly funded competence-development "
                "project:\nparticipants, activities, attendance, surveys, goals, budget, meetings "
                "and reports.\n"),
    .global_options = global_options,
    .exit_codes = exit_codes,
};

void cli_usage(const Command *c)
{
    fputs(_(c->usage), stdout);
    fputs(_("\nGlobal options (before or after the command):\n"), stdout);
    for (const CliOption *o = global_options; o->name; o++) {
        char *head = xasprintf("%s %s", o->name, o->arg);
        printf("  %-14s %s\n", head, _(o->help));
        free(head);
    }
}

static void main_usage(FILE *out)
{
    fprintf(out, _("usage: %s\n\n%s\nCommands:\n"), cli_text.synopsis, _(cli_text.about));
    /* The summaries line up after the longest name ("certificate"). */
    int width = 0;
    for (size_t i = 0; i < command_count; i++)
        if ((int)strlen(commands[i].name) > width)
            width = (int)strlen(commands[i].name);
    for (size_t i = 0; i < command_count; i++)
        fprintf(out, "  %-*s  %s\n", width, commands[i].name, _(commands[i].summary));
    fputs(_("\n`insats COMMAND --help` tells more; `insats --version` the version.\n\nExit "
            "codes:\n"),
          out);
    for (const CliOption *o = exit_codes; o->name; o++)
        fprintf(out, "  %s  %s\n", o->name, _(o->arg));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("insats: ", stderr);
    if (cmd)
        fprintf(stderr, "%s: ", cmd);
    va_start(ap, fmt);
    /* The format is the message id: callers write cli_usage_error(cmd, "…", …) unmarked, and
     * scripts/po-update.sh collects it (as errs_add() does for the core's messages). */
    vfprintf(stderr, i18n_gettext(fmt), ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, _("\n(see `insats %s --help`)\n"), cmd);
    else
        fputs(_("\n(see `insats --help`)\n"), stderr);
    return INSATS_EUSAGE;
}

/* The names of the commands, NULL-terminated, for "did you mean". Static storage. */
static const char *const *command_names(void)
{
    static const char *names[sizeof commands / sizeof commands[0] + 1];
    for (size_t i = 0; i < command_count; i++)
        names[i] = commands[i].name;
    return names;
}

/* An unknown command: the nearest one when it looks like a typo of it. Returns INSATS_EUSAGE. */
static int unknown_command(const char *name)
{
    const char *near = word_nearest(name, command_names());
    if (near)
        return cli_usage_error(NULL, "no command \"%s\"; did you mean `%s`?", name, near);
    return cli_usage_error(NULL, "no command \"%s\"", name);
}

int cli_bad_option(const char *cmd, const char *arg, const struct option *longopts)
{
    /* "--limit=x" and "--limit" name the same option. */
    size_t n = strcspn(arg, "=");
    char *name = xstrndup(arg, n);
    size_t count = 0;
    while (longopts[count].name)
        count++;
    const char **names = xcalloc(count + 1, sizeof *names);
    char **owned = xcalloc(count + 1, sizeof *owned);
    bool known = false;
    for (size_t i = 0; i < count; i++) {
        owned[i] = xasprintf("--%s", longopts[i].name);
        names[i] = owned[i];
        known |= strcmp(owned[i], name) == 0;
    }
    const char *near = known ? NULL : word_nearest(name, names);
    int rc;
    if (known)
        rc = cli_usage_error(cmd, "%s needs a value", name);
    else if (near)
        rc = cli_usage_error(cmd, "unknown option \"%s\"; did you mean \"%s\"?", name, near);
    else if (strcmp(name, "-o") == 0)
        rc = cli_usage_error(cmd, "-o needs a file name");
    else
        rc = cli_usage_error(cmd, "unknown option \"%s\"", name);
    for (size_t i = 0; i < count; i++)
        free(owned[i]);
    free(owned);
    free(names);
    free(name);
    return rc;
}

int cli_bad_value(const char *cmd, const char *opt, const char *value, const char *allowed)
{
    /* "a, b, c" into a NULL-terminated list for word_nearest. */
    char *copy = xstrdup(allowed);
    size_t n = 1;
    for (const char *p = allowed; *p; p++)
        n += *p == ',';
    const char **names = xcalloc(n + 1, sizeof *names);
    size_t k = 0;
    for (char *save = NULL, *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
        names[k++] = w;
    const char *near = word_nearest(value, names);
    int rc = near ? cli_usage_error(cmd, "%s: \"%s\" is not one of %s; did you mean \"%s\"?", opt,
                                    value, allowed, near)
                  : cli_usage_error(cmd, "%s: \"%s\" is not one of %s", opt, value, allowed);
    free(names);
    free(copy);
    return rc;
}

int cli_bad_subcommand(const char *cmd, const char *word, const char *const *names)
{
    Buf list = {0};
    for (size_t i = 0; names[i]; i++)
        buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    const char *near = word_nearest(word, names);
    int rc = near ? cli_usage_error(cmd, "\"%s\" is not one of %s; did you mean `%s %s`?", word,
                                    list.data, cmd, near)
                  : cli_usage_error(cmd, "\"%s\" is not one of %s", word, list.data);
    buf_free(&list);
    return rc;
}

int cli_only_options(const char *cmd, const char *sub, unsigned seen, unsigned allowed,
                     const char *(*name)(unsigned bit))
{
    unsigned extra = seen & ~allowed;
    if (!extra)
        return INSATS_OK;
    unsigned bit = extra & -extra;
    return cli_usage_error(cmd, "%s does not apply to `%s %s`", name(bit), cmd, sub);
}

int cli_parse_count(const char *cmd, const char *opt, const char *arg, long max,
                    const char *what, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(arg, &end, 10);
    /* errno catches a number beyond long, which strtol would clamp silently. */
    if (!*arg || *end || errno == ERANGE || v <= 0 || v > max)
        return cli_usage_error(cmd, "%s: \"%s\" is not %s", opt, arg, _(what));
    *out = v;
    return INSATS_OK;
}

int cli_finish_stdout(int rc)
{
    /* What a command printed may still sit in stdout's buffer: a full disk or a closed file
     * shows only now, and output lost without a word would pass for success. */
    errno = 0;
    bool failed = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (fclose(stdout) != 0 && !failed) {
        failed = true;
        err = errno;
    }
    if (!failed || rc != INSATS_OK)
        return rc;
    fprintf(stderr, _("insats: standard output: cannot write: %s; the output is incomplete\n"),
            strerror(err ? err : EIO));
    return INSATS_ESTORAGE;
}

int cli_fail(int rc, Errs *errs)
{
    errs_print(errs, stderr);
    errs_free(errs);
    return rc;
}

int cli_open_db(const GlobalOpts *g, int mode, Db **db)
{
    Errs errs;
    errs_init(&errs);
    int rc = db_open(g->db_path, g->key_path, mode, db, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    /* Every change the command line makes is recorded under the login name of its user. */
    Actor me;
    actor_cli(&me);
    audit_set_actor(*db, &me, "cli");
    return INSATS_OK;
}

char *cli_public_url(Db *db, int64_t project_id, const char *flag, const char *env)
{
    const char *given = flag && *flag ? flag : env ? getenv(env) : NULL;
    if (given && *given)
        return project_public_url(db, project_id, given);
    return project_public_url(db, project_id, NULL);
}

size_t cli_text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

int cli_pad(const char *s, int width)
{
    return width + (int)(strlen(s) - cli_text_width(s));
}

void cli_headings(size_t n, const char *const heads[], const int widths[])
{
    for (size_t i = 0; i < n; i++) {
        /* "" is no id: the catalogue's header stands under it. */
        const char *h = *heads[i] ? _(heads[i]) : "";
        int w = widths[i] < 0 ? -cli_pad(h, -widths[i]) : cli_pad(h, widths[i]);
        printf("%s%*s", i ? " " : "", w, h);
    }
    putchar('\n');
}

static bool progress_drawn;

void cli_progress(void *ctx, const char *stage, size_t done, size_t total)
{
    (void)ctx;
    if (!isatty(STDERR_FILENO))
        return;
    if (total)
        fprintf(stderr, "\r\033[K%s: %zu / %zu (%zu %%)", _(stage), done, total,
                done * 100 / total);
    else
        fprintf(stderr, "\r\033[K%s: %zu", _(stage), done);
    fflush(stderr);
    progress_drawn = true;
}

void cli_progress_done(void)
{
    if (progress_drawn)
        fputs("\r\033[K", stderr);
    progress_drawn = false;
}

static int cmd_help(const GlobalOpts *g, int argc, char **argv)
{
    (void)g;
    if (argc < 2) {
        main_usage(stdout);
        return INSATS_OK;
    }
    if (argc > 2)
        return cli_usage_error("help", "unexpected argument \"%s\"", argv[2]);
    if (strcmp(argv[1], "--man") == 0)
        return help_man(stdout, INSATS_VERSION);
    if (strcmp(argv[1], "--bash-completion") == 0)
        return help_bash_completion(stdout);
    if (argv[1][0] == '-') {
        static const struct option opts[] = {
            {"man", no_argument, NULL, 0}, {"bash-completion", no_argument, NULL, 0}, {0, 0, 0, 0}};
        return cli_bad_option("help", argv[1], opts);
    }
    const Command *c = cli_command(argv[1]);
    if (!c)
        return unknown_command(argv[1]);
    cli_usage(c);
    return INSATS_OK;
}

static int cmd_version(const GlobalOpts *g, int argc, char **argv)
{
    (void)g;
    if (argc > 1)
        return cli_usage_error("version", "unexpected argument \"%s\"", argv[1]);
    puts("insats " INSATS_VERSION);
    return INSATS_OK;
}

/* Takes the global options out of argv wherever they stand, so that `insats list --db x.db
 * people` and `insats --db x.db list people` mean the same. Returns the new argc, or -1 after
 * printing a usage error. */
static int take_global_opts(int argc, char **argv, GlobalOpts *g)
{
    static const struct {
        const char *name;
        size_t offset;
    } opts[] = {
        {"--db", offsetof(GlobalOpts, db_path)},
        {"--key", offsetof(GlobalOpts, key_path)},
        {"--project", offsetof(GlobalOpts, project)},
    };
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool taken = false;
        if (strcmp(a, "--") == 0) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        for (size_t k = 0; k < sizeof opts / sizeof *opts && !taken; k++) {
            size_t n = strlen(opts[k].name);
            const char **slot = (const char **)((char *)g + opts[k].offset);
            if (strcmp(a, opts[k].name) == 0) {
                if (i + 1 >= argc || argv[i + 1][0] == '\0') {
                    cli_usage_error(NULL, "%s needs a value", opts[k].name);
                    return -1;
                }
                *slot = argv[++i];
                taken = true;
            } else if (strncmp(a, opts[k].name, n) == 0 && a[n] == '=') {
                *slot = a + n + 1;
                taken = true;
            }
        }
        if (!taken)
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    return out;
}

int main(int argc, char **argv)
{
    GlobalOpts g = {0};
    /* Swedish unless the environment asks for English (i18n.h). */
    i18n_set(i18n_from_environment());
    g.db_path = getenv("INSATS_DB");
    g.key_path = getenv("INSATS_KEY");
    if (!g.db_path || !*g.db_path)
        g.db_path = "insats.db";
    if (g.key_path && !*g.key_path)
        g.key_path = NULL;

    argc = take_global_opts(argc, argv, &g);
    if (argc < 0)
        return INSATS_EUSAGE;
    if (argc < 2) {
        main_usage(stderr);
        return INSATS_EUSAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        main_usage(stdout);
        return INSATS_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return cmd_version(&g, 1, argv + 1);
    const Command *c = cli_command(name);
    if (!c)
        return unknown_command(name);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_usage(c);
            return INSATS_OK;
        }
    }
    /* No output file of this run may replace the database or its key, whatever it is called. */
    outfile_protect_db(g.db_path, g.key_path);
    int rc = c->run(&g, argc - 1, argv + 1);
    cli_progress_done();
    outfile_protect_clear();
    return cli_finish_stdout(rc);
}
