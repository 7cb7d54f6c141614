/* cmd_meeting.c — `insats meeting series|cancel|…`: a group's year of meetings entered at
 * once, a meeting cancelled with its reason, agenda points suggested, answered and ordered,
 * attendance, settings and invitations (meeting.h in the core); `insats calendar`: the
 * meetings as iCalendar (calendar.h). */
#include "account.h"
#include "audit.h"
#include "calendar.h"
#include "cli.h"
#include "meeting.h"
#include "project.h"
#include "util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const meeting_subs[] = {"series", "cancel", "attendance", "settings",
                                           "invite", "suggest", "suggestions", "accept",
                                           "decline", "order", NULL};

const char *const *cmd_meeting_subcommands(void)
{
    return meeting_subs;
}

/* What every subcommand works with: who acts, the database, the project, the messages. */
typedef struct MeetingRun {
    Actor me;
    Db *db;
    int64_t project_id;
    Errs errs;
} MeetingRun;

/* Opens the database and finds the project; the common start of every subcommand. The caller
 * closes m->db (NULL after a failure) and frees m->errs. */
static int meeting_open(const GlobalOpts *g, MeetingRun *m)
{
    actor_cli(&m->me);
    m->db = NULL;
    m->project_id = 0;
    errs_init(&m->errs);
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &m->db);
    if (rc != INSATS_OK)
        return rc;
    rc = project_resolve(m->db, g->project, &m->project_id, &m->errs);
    if (rc != INSATS_OK) {
        db_close(m->db);
        m->db = NULL;
    }
    return rc;
}

static int meeting_series(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"group", required_argument, NULL, 'g'}, {"dates", required_argument, NULL, 'd'},
        {"year", required_argument, NULL, 'y'},  {"start", required_argument, NULL, 's'},
        {"end", required_argument, NULL, 'e'},   {"place", required_argument, NULL, 'p'},
        {"title", required_argument, NULL, 't'}, {0, 0, 0, 0},
    };
    MeetingSeries s = {0};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': s.group = optarg; break;
        case 'd': s.dates = optarg; break;
        case 'y': {
            long y = 0;
            if (cli_parse_count("meeting series", "--year", optarg, 2999, "a year", &y) !=
                    INSATS_OK)
                return INSATS_EUSAGE;
            s.year = (int)y;
            break;
        }
        case 's': s.start = optarg; break;
        case 'e': s.end = optarg; break;
        case 'p': s.place = optarg; break;
        case 't': s.title = optarg; break;
        default:
            return cli_bad_option("meeting series", argv[optind - 1], longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("meeting series", "unexpected argument \"%s\"", argv[optind]);
    if (!s.group || !s.dates)
        return cli_usage_error("meeting series", "give --group G and --dates \"15 februari, "
                               "3 maj och 6 november\" (with --year Y)");
    MeetingRun m;
    int rc = meeting_open(g, &m);
    json_t *codes = NULL;
    if (rc == INSATS_OK)
        rc = meeting_series_create(m.db, &m.me, m.project_id, &s, &codes, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK) {
        rc = cli_fail(rc, &m.errs);
        if (rc == INSATS_EINPUT)
            fprintf(stderr, _("insats: no meeting was created\n"));
        return rc;
    }
    errs_free(&m.errs);
    size_t i;
    json_t *code;
    printf(_n("Created %zu meeting of group %s:\n", "Created %zu meetings of group %s:\n",
              json_array_size(codes)),
           json_array_size(codes), s.group);
    json_array_foreach(codes, i, code)
        printf("  %s\n", json_string_value(code));
    json_decref(codes);
    return INSATS_OK;
}

static int meeting_cancel_cmd(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"reason", required_argument, NULL, 'r'}, {0, 0, 0, 0},
    };
    const char *reason = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c != 'r')
            return cli_bad_option("meeting cancel", argv[optind - 1], longopts);
        reason = optarg;
    }
    if (optind + 1 != argc)
        return cli_usage_error("meeting cancel", "give the meeting's id, e.g. `insats meeting "
                               "cancel SG-2019-04-23 --reason \"För få anmälda\"`");
    if (!reason)
        return cli_usage_error("meeting cancel", "give --reason TEXT: why the meeting is "
                               "cancelled");
    MeetingRun m;
    int rc = meeting_open(g, &m);
    if (rc == INSATS_OK)
        rc = meeting_cancel(m.db, &m.me, m.project_id, argv[optind], reason, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &m.errs);
    errs_free(&m.errs);
    printf(_("Cancelled meeting %s\n"), argv[optind]);
    return INSATS_OK;
}

static int meeting_attendance_cmd(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"group", required_argument, NULL, 'g'}, {0, 0, 0, 0},
    };
    const char *group = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c != 'g')
            return cli_bad_option("meeting attendance", argv[optind - 1], longopts);
        group = optarg;
    }
    if (!group || optind < argc)
        return cli_usage_error("meeting attendance", "give --group G");
    MeetingRun m;
    int rc = meeting_open(g, &m);
    json_t *a = NULL;
    if (rc == INSATS_OK)
        rc = meeting_attendance(m.db, &m.me, m.project_id, group, &a, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &m.errs);
    errs_free(&m.errs);
    long long limit = (long long)json_integer_value(json_object_get(a, "absence_limit"));
    long long held = (long long)json_integer_value(json_object_get(a, "meetings_held"));
    printf(_n("%s: %lld held meeting; flagged after %lld in a row away\n\n",
              "%s: %lld held meetings; flagged after %lld in a row away\n\n", (unsigned long)held),
           json_string_value(json_object_get(json_object_get(a, "group"), "name")), held, limit);
    cli_headings(7, (const char *const[]){N_("member"), N_("organisation"), N_("meetings"),
                                          N_("present"), N_("excused"), N_("rate"), N_("away")},
                 (const int[]){-30, -24, 8, 7, 7, 6, 6});
    const char *flagged = _("  FLAGGED");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(a, "members"), i, r) {
        const char *name = json_string_value(json_object_get(r, "name"));
        const char *org = json_string_value(json_object_get(r, "organisation_name"));
        name = name ? name : _("(withheld)");
        org = org ? org : "";
        printf("%-*s %-*s %8lld %7lld %7lld %5.1f%% %5lld%s\n", cli_pad(name, 30), name,
               cli_pad(org, 24), org,
               (long long)json_integer_value(json_object_get(r, "meetings")),
               (long long)json_integer_value(json_object_get(r, "present")),
               (long long)json_integer_value(json_object_get(r, "excused")),
               json_real_value(json_object_get(r, "rate")),
               (long long)json_integer_value(json_object_get(r, "absent_in_a_row")),
               json_is_true(json_object_get(r, "flagged")) ? flagged : "");
    }
    putchar('\n');
    cli_headings(5, (const char *const[]){N_("organisation"), N_("meetings"), N_("present"),
                                          N_("rate"), N_("away")},
                 (const int[]){-55, 8, 7, 6, 6});
    json_array_foreach(json_object_get(a, "organisations"), i, r) {
        const char *org = json_string_value(json_object_get(r, "name"));
        printf("%-*s %8lld %7lld %5.1f%% %5lld%s\n", cli_pad(org, 55), org,
               (long long)json_integer_value(json_object_get(r, "meetings")),
               (long long)json_integer_value(json_object_get(r, "present")),
               json_real_value(json_object_get(r, "rate")),
               (long long)json_integer_value(json_object_get(r, "absent_in_a_row")),
               json_is_true(json_object_get(r, "flagged")) ? flagged : "");
    }
    putchar('\n');
    cli_headings(5, (const char *const[]){N_("year"), N_("meetings"), N_("expected"),
                                          N_("present"), N_("rate")},
                 (const int[]){-6, 8, 8, 7, 6});
    json_array_foreach(json_object_get(a, "years"), i, r)
        printf("%-6s %8lld %8lld %7lld %5.1f%%\n", json_string_value(json_object_get(r, "year")),
               (long long)json_integer_value(json_object_get(r, "meetings")),
               (long long)json_integer_value(json_object_get(r, "expected")),
               (long long)json_integer_value(json_object_get(r, "present")),
               json_real_value(json_object_get(r, "rate")));
    json_decref(a);
    return INSATS_OK;
}

static int meeting_settings_cmd(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"group", required_argument, NULL, 'g'}, {"invite-days", required_argument, NULL, 'i'},
        {"absence-limit", required_argument, NULL, 'a'}, {0, 0, 0, 0},
    };
    const char *group = NULL;
    long invite = -1, limit = -1;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': group = optarg; break;
        case 'i':
            if (strcmp(optarg, "0") == 0)
                invite = 0;
            else if (cli_parse_count("meeting settings", "--invite-days", optarg,
                                     MEETING_INVITE_DAYS_MAX, "a number of days from 0 to 60",
                                     &invite) != INSATS_OK)
                return INSATS_EUSAGE;
            break;
        case 'a':
            if (cli_parse_count("meeting settings", "--absence-limit", optarg,
                                MEETING_ABSENCE_LIMIT_MAX, "a number of meetings from 1 to 20",
                                &limit) != INSATS_OK)
                return INSATS_EUSAGE;
            break;
        default:
            return cli_bad_option("meeting settings", argv[optind - 1], longopts);
        }
    }
    if (!group || optind < argc)
        return cli_usage_error("meeting settings", "give --group G");
    MeetingRun m;
    int rc = meeting_open(g, &m);
    MeetingSettings s = {0};
    if (rc == INSATS_OK)
        rc = meeting_settings_get(m.db, m.project_id, group, &s, &m.errs);
    if (rc == INSATS_OK && (invite >= 0 || limit >= 0)) {
        if (invite >= 0)
            s.invite_days = (int)invite;
        if (limit >= 0)
            s.absence_limit = (int)limit;
        rc = meeting_settings_set(m.db, &m.me, m.project_id, group, &s, &m.errs);
    }
    db_close(m.db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &m.errs);
    errs_free(&m.errs);
    printf(_("group %s: invitations %d days before a meeting; absence flagged after %d meetings "
             "in a row\n"), group, s.invite_days, s.absence_limit);
    return INSATS_OK;
}

static int meeting_invite_cmd(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {{0, 0, 0, 0}};
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1])
            return cli_bad_option("meeting invite", argv[i], longopts);
    if (argc > 2)
        return cli_usage_error("meeting invite", "give at most one meeting's id");
    MeetingRun m;
    int rc = meeting_open(g, &m);
    char today[11];
    date_today(today);
    size_t n = 0;
    if (rc == INSATS_OK)
        rc = meeting_invitations_send(m.db, &m.me, m.project_id, argc == 2 ? argv[1] : NULL,
                                      today, &n, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &m.errs);
    errs_free(&m.errs);
    printf(_n("%zu invitation written to the outbox\n", "%zu invitations written to the outbox\n",
              n),
           n);
    return INSATS_OK;
}

/* The command line's exit codes are the SPEC's: a refused step is invalid input (3). */
static int meeting_exit(int rc)
{
    return rc == INSATS_EFORBIDDEN || rc == INSATS_ECONFLICT ? INSATS_EINPUT : rc;
}

/* meeting_open(), then, with `by`, acting as that account from here on (the audit trail
 * names it too). */
static int meeting_open_as(const GlobalOpts *g, MeetingRun *m, const char *by)
{
    int rc = meeting_open(g, m);
    if (rc == INSATS_OK && by)
        rc = account_actor(m->db, by, &m->me, &m->errs);
    if (rc == INSATS_OK && by)
        audit_set_actor(m->db, &m->me, "cli");
    return rc;
}

/* Parses the options of suggest, suggestions, accept, decline and order: the meeting's id
 * first, then `nums` numbers (a suggestion's), then the options. */
typedef struct AgendaOpts {
    const char *meeting, *by, *title, *text, *reason;
    long number, move, to;
} AgendaOpts;

static int meeting_agenda_opts(const char *cmd, int argc, char **argv, int nums,
                               const char *usage, AgendaOpts *o)
{
    static const struct option longopts[] = {
        {"by", required_argument, NULL, 'b'},     {"title", required_argument, NULL, 't'},
        {"text", required_argument, NULL, 'x'},   {"reason", required_argument, NULL, 'r'},
        {"move", required_argument, NULL, 'm'},   {"to", required_argument, NULL, 'o'},
        {0, 0, 0, 0},
    };
    memset(o, 0, sizeof *o);
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'b': o->by = optarg; break;
        case 't': o->title = optarg; break;
        case 'x': o->text = optarg; break;
        case 'r': o->reason = optarg; break;
        case 'm':
        case 'o':
            if (cli_parse_count(cmd, c == 'm' ? "--move" : "--to", optarg, 1000,
                                "a point's number", c == 'm' ? &o->move : &o->to) != INSATS_OK)
                return INSATS_EUSAGE;
            break;
        default:
            return cli_bad_option(cmd, argv[optind - 1], longopts);
        }
    }
    if (argc - optind != 1 + nums)
        return cli_usage_error(cmd, "%s", _(usage));
    o->meeting = argv[optind];
    if (nums && cli_parse_count(cmd, "the suggestion", argv[optind + 1], 1000000000,
                                "a suggestion's number (`insats meeting suggestions ID`)",
                                &o->number) != INSATS_OK)
        return INSATS_EUSAGE;
    return INSATS_OK;
}

static int meeting_suggest_cmd(const GlobalOpts *g, int argc, char **argv)
{
    AgendaOpts o;
    static const char *const usage = N_("give the meeting's id, --by LOGIN and --title T, e.g. "
                                   "`insats meeting suggest styr-2019-05-03 --by anna --title "
                                   "Budget`");
    int rc = meeting_agenda_opts("meeting suggest", argc, argv, 0, usage, &o);
    if (rc != INSATS_OK)
        return rc;
    if (!o.by || !o.title)
        return cli_usage_error("meeting suggest", "%s", usage);
    MeetingRun m;
    rc = meeting_open_as(g, &m, o.by);
    char today[11];
    date_today(today);
    int64_t id = 0;
    if (rc == INSATS_OK)
        rc = meeting_suggest(m.db, &m.me, m.project_id, o.meeting, o.title, o.text, today, &id,
                             &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return meeting_exit(cli_fail(rc, &m.errs));
    errs_free(&m.errs);
    printf(_("Suggestion %lld for meeting %s: waits for the organiser\n"), (long long)id,
           o.meeting);
    return INSATS_OK;
}

static int meeting_suggestions_cmd(const GlobalOpts *g, int argc, char **argv)
{
    AgendaOpts o;
    int rc = meeting_agenda_opts("meeting suggestions", argc, argv, 0,
                                 N_("give the meeting's id (and --by LOGIN for that account's "
                                    "view)"),
                                 &o);
    if (rc != INSATS_OK)
        return rc;
    MeetingRun m;
    rc = meeting_open_as(g, &m, o.by);
    char today[11];
    date_today(today);
    json_t *s = NULL;
    if (rc == INSATS_OK)
        rc = meeting_suggestions(m.db, &m.me, m.project_id, o.meeting, today, &s, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return meeting_exit(cli_fail(rc, &m.errs));
    errs_free(&m.errs);
    json_t *mt = json_object_get(s, "meeting");
    printf(_("%s %s (%s)\n\nAgenda\n"), json_string_value(json_object_get(mt, "title")),
           json_string_value(json_object_get(mt, "date")),
           json_string_value(json_object_get(mt, "status")));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(s, "agenda"), i, r)
        printf("%3zu. %s\n", i + 1, json_string_value(json_object_get(r, "title")));
    printf(_("\nSuggestions\n"));
    json_array_foreach(json_object_get(s, "suggestions"), i, r) {
        const char *reason = json_string_value(json_object_get(r, "reason"));
        printf(_("%5lld  %-8s  %s  %s (by %s)%s%s\n"),
               (long long)json_integer_value(json_object_get(r, "id")),
               json_string_value(json_object_get(r, "status")),
               json_string_value(json_object_get(r, "suggested")),
               json_string_value(json_object_get(r, "title")),
               json_string_value(json_object_get(r, "by")), reason ? ": " : "",
               reason ? reason : "");
    }
    json_decref(s);
    return INSATS_OK;
}

/* accept and decline: the organiser's answer to one suggestion. */
static int meeting_answer_cmd(const GlobalOpts *g, int argc, char **argv, bool accept)
{
    const char *cmd = accept ? "meeting accept" : "meeting decline";
    AgendaOpts o;
    int rc = meeting_agenda_opts(cmd, argc, argv, 1,
                                 accept ? N_("give the meeting's id and the suggestion's number")
                                        : N_("give the meeting's id, the suggestion's number and "
                                             "--reason TEXT"),
                                 &o);
    if (rc != INSATS_OK)
        return rc;
    if (!accept && !o.reason)
        return cli_usage_error(cmd, "give --reason TEXT: why the point is not taken up (the "
                               "one who suggested it sees it)");
    MeetingRun m;
    rc = meeting_open_as(g, &m, o.by);
    char today[11];
    date_today(today);
    if (rc == INSATS_OK)
        rc = accept ? meeting_suggestion_accept(m.db, &m.me, m.project_id, o.meeting, o.number,
                                                today, &m.errs)
                    : meeting_suggestion_decline(m.db, &m.me, m.project_id, o.meeting,
                                                 o.number, o.reason, today, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return meeting_exit(cli_fail(rc, &m.errs));
    errs_free(&m.errs);
    printf(accept ? _("Suggestion %ld accepted into the agenda\n") : _("Suggestion %ld declined\n"),
           o.number);
    return INSATS_OK;
}

static int meeting_order_cmd(const GlobalOpts *g, int argc, char **argv)
{
    AgendaOpts o;
    static const char *const usage = N_("give the meeting's id, --move N and --to M (the points' "
                                   "numbers, 1 the first)");
    int rc = meeting_agenda_opts("meeting order", argc, argv, 0, usage, &o);
    if (rc != INSATS_OK)
        return rc;
    if (!o.move || !o.to)
        return cli_usage_error("meeting order", "%s", usage);
    MeetingRun m;
    rc = meeting_open_as(g, &m, o.by);
    if (rc == INSATS_OK)
        rc = meeting_agenda_move(m.db, &m.me, m.project_id, o.meeting, o.move, o.to, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return meeting_exit(cli_fail(rc, &m.errs));
    errs_free(&m.errs);
    printf(_("Point %ld of meeting %s moved to %ld\n"), o.move, o.meeting, o.to);
    return INSATS_OK;
}

int cmd_meeting(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("meeting", "what to do? one of series, cancel, attendance, "
                               "settings, invite, suggest, suggestions, accept, decline, order");
    if (strcmp(argv[1], "series") == 0)
        return meeting_series(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "cancel") == 0)
        return meeting_cancel_cmd(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "attendance") == 0)
        return meeting_attendance_cmd(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "settings") == 0)
        return meeting_settings_cmd(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "invite") == 0)
        return meeting_invite_cmd(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "suggest") == 0)
        return meeting_suggest_cmd(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "suggestions") == 0)
        return meeting_suggestions_cmd(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "accept") == 0 || strcmp(argv[1], "decline") == 0)
        return meeting_answer_cmd(g, argc - 1, argv + 1, argv[1][0] == 'a');
    if (strcmp(argv[1], "order") == 0)
        return meeting_order_cmd(g, argc - 1, argv + 1);
    return cli_bad_subcommand("meeting", argv[1], meeting_subs);
}

int cmd_calendar(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"group", required_argument, NULL, 'g'}, {"meeting", required_argument, NULL, 'm'},
        {0, 0, 0, 0},
    };
    const char *group = NULL, *meeting = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': group = optarg; break;
        case 'm': meeting = optarg; break;
        default:
            return cli_bad_option("calendar", argv[optind - 1], longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("calendar", "unexpected argument \"%s\"", argv[optind]);
    if (group && meeting)
        return cli_usage_error("calendar", "give --group or --meeting, not both");
    MeetingRun m;
    int rc = meeting_open(g, &m);
    char *ics = NULL;
    if (rc == INSATS_OK)
        rc = meeting ? calendar_meeting(m.db, &m.me, m.project_id, meeting, &ics, &m.errs)
                     : calendar_feed(m.db, &m.me, m.project_id, group, &ics, &m.errs);
    db_close(m.db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &m.errs);
    errs_free(&m.errs);
    fputs(ics, stdout);
    free(ics);
    return INSATS_OK;
}
