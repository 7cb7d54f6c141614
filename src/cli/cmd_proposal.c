/* cmd_proposal.c — `insats proposal` (a training proposal's steps from submission to decision,
 * and booking an activity from an approved one) and `insats intake` (pausing and opening the
 * intake of proposals). The rules are the core's (proposal.h); a step is taken as the account
 * --by names, held to the same rules as in the browser and the API. */
#include "account.h"
#include "audit.h"
#include "cli.h"
#include "project.h"
#include "proposal.h"
#include "record.h"
#include "util.h"
#include "vocab.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct PropOpts {
    const char *sub;
    const char *id;          /* the argument after the subcommand */
    const char *by, *note, *status;
    const char *title, *area, *unit, *target_group, *participants, *hours, *cost, *period,
        *description, *form_id;
    const char *intervention, *activity, *kind;
    const char *message, *until;
    unsigned seen;
} PropOpts;

enum {
    P_BY = 1u << 0, P_NOTE = 1u << 1, P_STATUS = 1u << 2, P_TITLE = 1u << 3,
    P_AREA = 1u << 4, P_UNIT = 1u << 5, P_TARGET = 1u << 6, P_PARTICIPANTS = 1u << 7,
    P_HOURS = 1u << 8, P_COST = 1u << 9, P_PERIOD = 1u << 10, P_DESCRIPTION = 1u << 11,
    P_ID = 1u << 12, P_INTERVENTION = 1u << 13, P_ACTIVITY = 1u << 14, P_KIND = 1u << 15,
    P_MESSAGE = 1u << 16, P_UNTIL = 1u << 17,
};
#define P_FORM (P_TITLE | P_AREA | P_UNIT | P_TARGET | P_PARTICIPANTS | P_HOURS | P_COST |  \
                P_PERIOD | P_DESCRIPTION | P_ID)

static const struct option PROP_LONGOPTS[] = {
    {"by", required_argument, NULL, 'b'},
    {"note", required_argument, NULL, 'n'},
    {"status", required_argument, NULL, 's'},
    {"title", required_argument, NULL, 't'},
    {"area", required_argument, NULL, 'a'},
    {"unit", required_argument, NULL, 'u'},
    {"target-group", required_argument, NULL, 'g'},
    {"participants", required_argument, NULL, 'p'},
    {"hours", required_argument, NULL, 'h'},
    {"cost", required_argument, NULL, 'c'},
    {"period", required_argument, NULL, 'w'},
    {"description", required_argument, NULL, 'd'},
    {"id", required_argument, NULL, 'i'},
    {"intervention", required_argument, NULL, 'I'},
    {"activity", required_argument, NULL, 'A'},
    {"kind", required_argument, NULL, 'k'},
    {"message", required_argument, NULL, 'm'},
    {"until", required_argument, NULL, 'U'},
    {0, 0, 0, 0}};

static const char *prop_option_name(unsigned bit)
{
    static const char *const names[] = {"--by", "--note", "--status", "--title", "--area",
        "--unit", "--target-group", "--participants", "--hours", "--cost", "--period",
        "--description", "--id", "--intervention", "--activity", "--kind", "--message",
        "--until"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (bit == 1u << i)
            return names[i];
    return "?";
}

static int prop_parse(const char *cmd, int argc, char **argv, PropOpts *o)
{
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":", PROP_LONGOPTS, NULL)) != -1) {
        const char *v = optarg;
        switch (ch) {
        case 'b': o->by = v; o->seen |= P_BY; break;
        case 'n': o->note = v; o->seen |= P_NOTE; break;
        case 's': o->status = v; o->seen |= P_STATUS; break;
        case 't': o->title = v; o->seen |= P_TITLE; break;
        case 'a': o->area = v; o->seen |= P_AREA; break;
        case 'u': o->unit = v; o->seen |= P_UNIT; break;
        case 'g': o->target_group = v; o->seen |= P_TARGET; break;
        case 'p': o->participants = v; o->seen |= P_PARTICIPANTS; break;
        case 'h': o->hours = v; o->seen |= P_HOURS; break;
        case 'c': o->cost = v; o->seen |= P_COST; break;
        case 'w': o->period = v; o->seen |= P_PERIOD; break;
        case 'd': o->description = v; o->seen |= P_DESCRIPTION; break;
        case 'i': o->form_id = v; o->seen |= P_ID; break;
        case 'I': o->intervention = v; o->seen |= P_INTERVENTION; break;
        case 'A': o->activity = v; o->seen |= P_ACTIVITY; break;
        case 'k': o->kind = v; o->seen |= P_KIND; break;
        case 'm': o->message = v; o->seen |= P_MESSAGE; break;
        case 'U': o->until = v; o->seen |= P_UNTIL; break;
        default: return cli_bad_option(cmd, argv[optind - 1], PROP_LONGOPTS);
        }
    }
    if (optind < argc)
        o->id = argv[optind++];
    if (optind < argc)
        return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
    return INSATS_OK;
}

/* Opens the database, the project and the actor: the account of --by, else (where `by_needed`
 * is false) the command line's own manager rights. */
static int prop_open(const GlobalOpts *g, const PropOpts *o, bool by_needed, Db **db,
                     int64_t *project, Actor *actor, Errs *errs)
{
    *db = NULL;
    if (by_needed && !o->by)
        return cli_usage_error("proposal", "`proposal %s` needs --by LOGIN: the account that "
                               "takes the step (`insats user list` shows them)", o->sub);
    int rc = cli_open_db(g, DB_OPEN_EXISTING, db);
    if (rc != INSATS_OK)
        return rc;
    actor_cli(actor);
    rc = project_resolve(*db, g->project, project, errs);
    if (rc == INSATS_OK && o->by) {
        rc = account_actor(*db, o->by, actor, errs);
        if (rc == INSATS_OK)
            audit_set_actor(*db, actor, "cli");
    }
    if (rc != INSATS_OK) {
        db_close(*db);
        *db = NULL;
    }
    return rc;
}

/* The command line's exit codes are the SPEC's: a refused step is invalid input (3). */
static int prop_exit(int rc)
{
    return rc == INSATS_EFORBIDDEN || rc == INSATS_ECONFLICT ? INSATS_EINPUT : rc;
}

static const char *prop_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static int run_list(const GlobalOpts *g, const PropOpts *o, Errs *errs)
{
    if (o->status && !vocab_has(VOCAB_PROPOSAL_STATUS, o->status)) {
        Buf all = {0};
        vocab_join(VOCAB_PROPOSAL_STATUS, &all);
        int rc = cli_bad_value("proposal", "--status", o->status, all.data);
        buf_free(&all);
        return rc;
    }
    Db *db;
    int64_t project;
    Actor a;
    int rc = prop_open(g, o, false, &db, &project, &a, errs);
    if (rc != INSATS_OK)
        return rc;
    json_t *list = NULL;
    rc = proposal_list(db, &a, project, o->status, &list, errs);
    db_close(db);
    if (rc == INSATS_OK) {
        size_t i;
        json_t *p;
        /* Two spaces after the days, as in the rows. */
        cli_headings(7, (const char *const[]){N_("id"), N_("status"), N_("days"), "",
                                              N_("submitted"), N_("organisation"), N_("title")},
                     (const int[]){-10, -10, 6, 0, -10, -12, 0});
        json_array_foreach(list, i, p)
            printf("%-10s %-10s %6lld  %-10s %-12s %s\n", prop_str(p, "id"),
                   prop_str(p, "status"),
                   (long long)json_integer_value(json_object_get(p, "waiting_days")),
                   prop_str(p, "submitted"), prop_str(p, "organisation"), prop_str(p, "title"));
        printf(_n("%zu proposal\n", "%zu proposals\n", json_array_size(list)),
               json_array_size(list));
    }
    json_decref(list);
    return rc;
}

static void prop_line(const char *label, const json_t *v)
{
    if (json_is_string(v))
        printf("%-24s %s\n", label, json_string_value(v));
    else if (json_is_integer(v))
        printf("%-24s %lld\n", label, (long long)json_integer_value(v));
    else if (json_is_real(v))
        printf("%-24s %.2f\n", label, json_real_value(v));
}

static void prop_print(const json_t *p)
{
    static const char *const keys[] = {"id", "title", "status", "organisation",
        "organisation_name", "area", "unit", "target_group", "estimated_participants",
        "estimated_hours", "estimated_cost", "wished_period", "submitted", "submitted_by",
        "waiting_since", "waiting_days", "description", NULL};
    for (const char *const *k = keys; *k; k++)
        prop_line(*k, json_object_get(p, *k));
    printf(_("history:\n"));
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(p, "history"), i, e) {
        const char *at = prop_str(e, "at");
        bool named = *prop_str(e, "by_name");
        printf("  %-20s %-10s %s%s%s%s\n", *at ? at : prop_str(e, "date"),
               prop_str(e, "status"), prop_str(e, "by"), named ? " (" : "",
               prop_str(e, "by_name"), named ? ")" : "");
        if (*prop_str(e, "note"))
            printf("      %s\n", prop_str(e, "note"));
    }
    printf(_("next steps for you:"));
    json_array_foreach(json_object_get(p, "steps"), i, e)
        printf(" %s", json_string_value(e));
    if (!json_array_size(json_object_get(p, "steps")))
        printf(" %s", _("none"));
    putchar('\n');
}

static int run_show(const GlobalOpts *g, const PropOpts *o, Errs *errs)
{
    if (!o->id)
        return cli_usage_error("proposal", "which proposal? `insats proposal list` shows them");
    Db *db;
    int64_t project;
    Actor a;
    int rc = prop_open(g, o, false, &db, &project, &a, errs);
    if (rc != INSATS_OK)
        return rc;
    json_t *p = NULL;
    rc = proposal_get(db, &a, project, o->id, &p, errs);
    db_close(db);
    if (rc == INSATS_OK)
        prop_print(p);
    json_decref(p);
    return rc;
}

/* A number option as JSON (the core checks its range and decimals); NULL after a usage error
 * when it is not a number at all. */
static bool prop_number(json_t *form, const char *key, const char *opt, const char *arg)
{
    if (!arg)
        return true;
    char *end = NULL;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", arg);
    for (char *c = buf; *c; c++)
        if (*c == ',')
            *c = '.';   /* 12,5 the Swedish way */
    double v = strtod(buf, &end);
    if (end == buf || *end) {
        cli_usage_error("proposal", "%s: \"%s\" is not a number", opt, arg);
        return false;
    }
    if (strchr(buf, '.'))
        json_object_set_new(form, key, json_real(v));
    else
        json_object_set_new(form, key, json_integer((json_int_t)strtoll(buf, NULL, 10)));
    return true;
}

static int run_submit(const GlobalOpts *g, const PropOpts *o, Errs *errs)
{
    if (o->id)
        return cli_usage_error("proposal", "`proposal submit` takes its fields as options "
                               "(--title …; --id ID to submit a returned one again)");
    json_t *form = json_object();
    const struct {
        const char *key, *value;
    } texts[] = {{"id", o->form_id}, {"title", o->title}, {"area", o->area}, {"unit", o->unit},
                 {"target_group", o->target_group}, {"wished_period", o->period},
                 {"description", o->description}};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i].value)
            json_object_set_new(form, texts[i].key, json_string(texts[i].value));
    if (!prop_number(form, "estimated_participants", "--participants", o->participants) ||
        !prop_number(form, "estimated_hours", "--hours", o->hours) ||
        !prop_number(form, "estimated_cost", "--cost", o->cost)) {
        json_decref(form);
        return INSATS_EUSAGE;
    }
    Db *db;
    int64_t project;
    Actor a;
    int rc = prop_open(g, o, true, &db, &project, &a, errs);
    if (rc != INSATS_OK) {
        json_decref(form);
        return rc;
    }
    /* Submitting a returned proposal again: the fields not given keep their values. */
    json_t *old = NULL;
    Errs ignore;
    errs_init(&ignore);
    if (o->form_id && proposal_get(db, &a, project, o->form_id, &old, &ignore) == INSATS_OK) {
        static const char *const keys[] = {"title", "area", "unit", "target_group",
            "estimated_participants", "estimated_hours", "estimated_cost", "wished_period",
            "description", NULL};
        for (const char *const *k = keys; *k; k++) {
            json_t *v = json_object_get(old, *k);
            if (!json_object_get(form, *k) && v && !json_is_null(v))
                json_object_set(form, *k, v);
        }
    }
    errs_free(&ignore);
    json_decref(old);
    char code[80];
    rc = proposal_submit(db, &a, project, form, code, sizeof code, errs);
    db_close(db);
    json_decref(form);
    if (rc == INSATS_OK)
        printf(_("proposal %s submitted; it waits for the coordinator of your organisation\n"),
               code);
    return rc;
}

static int run_step(const GlobalOpts *g, const PropOpts *o, Errs *errs)
{
    ProposalStep step;
    if (!proposal_step_parse(o->sub, &step))
        return INSATS_EUSAGE;
    if (!o->id)
        return cli_usage_error("proposal", "which proposal? `insats proposal list` shows them");
    Db *db;
    int64_t project;
    Actor a;
    int rc = prop_open(g, o, true, &db, &project, &a, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = proposal_act(db, &a, project, o->id, step, o->note, errs);
    json_t *p = NULL;
    if (rc == INSATS_OK && proposal_get(db, &a, project, o->id, &p, errs) == INSATS_OK)
        printf(_("proposal %s is %s\n"), o->id, prop_str(p, "status"));
    json_decref(p);
    db_close(db);
    return rc;
}

/* Books an activity from an approved proposal: its title, area, organisation and planned
 * participants come from the proposal. */
static int run_book(const GlobalOpts *g, const PropOpts *o, Errs *errs)
{
    if (!o->id)
        return cli_usage_error("proposal", "which proposal? `insats proposal list --status "
                               "approved` shows those that may be booked");
    if (!o->intervention)
        return cli_usage_error("proposal", "`proposal book` needs --intervention ID: the "
                               "intervention the activity belongs to");
    Db *db;
    int64_t project;
    Actor a;
    int rc = prop_open(g, o, false, &db, &project, &a, errs);
    if (rc != INSATS_OK)
        return rc;
    json_t *p = NULL;
    rc = proposal_get(db, &a, project, o->id, &p, errs);
    json_t *act = json_object();
    if (rc == INSATS_OK) {
        char code[80];
        snprintf(code, sizeof code, "%s", o->activity ? o->activity : o->id);
        json_object_set_new(act, "id", json_string(code));
        json_object_set_new(act, "title", json_string(prop_str(p, "title")));
        json_object_set_new(act, "intervention", json_string(o->intervention));
        json_object_set_new(act, "proposal", json_string(o->id));
        json_object_set_new(act, "kind", json_string(o->kind ? o->kind : "training"));
        json_object_set(act, "area", json_object_get(p, "area"));
        json_t *orgs = json_array();
        json_array_append(orgs, json_object_get(p, "organisation"));
        json_object_set_new(act, "organisations", orgs);
        json_object_set(act, "planned_participants",
                        json_object_get(p, "estimated_participants"));
        json_object_set_new(act, "status", json_string("planned"));
        rc = record_save(db, &a, project, "activity", act, true, code, sizeof code, errs);
        if (rc == INSATS_OK)
            printf(_("activity %s booked from proposal %s\n"), code, o->id);
    }
    json_decref(act);
    json_decref(p);
    db_close(db);
    return rc;
}

/* The subcommands besides the steps after the submission, which come from the core's table
 * (proposal.h): each is `proposal STEP ID --by LOGIN [--note TEXT]`. */
static const struct {
    const char *name;
    int (*run)(const GlobalOpts *, const PropOpts *, Errs *);
    unsigned allowed;
} PROP_SUBS[] = {
    {"list", run_list, P_BY | P_STATUS},
    {"show", run_show, P_BY},
    {"submit", run_submit, P_BY | P_FORM},
    {"book", run_book, P_BY | P_INTERVENTION | P_ACTIVITY | P_KIND},
};
#define PROP_NSUBS (sizeof PROP_SUBS / sizeof *PROP_SUBS)

/* Whether name is one of the steps after the submission. */
static bool prop_is_step(const char *name)
{
    ProposalStep step;
    return proposal_step_parse(name, &step) && step != PROPOSAL_SUBMIT;
}

const char *const *cmd_proposal_subcommands(void)
{
    /* list, show, submit, the steps, book: the order of the usage line */
    static const char *names[PROP_NSUBS + PROPOSAL_STEP_COUNT];
    size_t n = 0;
    for (size_t i = 0; i < PROP_NSUBS; i++) {
        if (strcmp(PROP_SUBS[i].name, "book") == 0)
            for (int s = PROPOSAL_SUBMIT + 1; s < PROPOSAL_STEP_COUNT; s++)
                names[n++] = proposal_step_name((ProposalStep)s);
        names[n++] = PROP_SUBS[i].name;
    }
    names[n] = NULL;
    return names;
}

int cmd_proposal(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2) {
        Buf all = {0};
        for (const char *const *n = cmd_proposal_subcommands(); *n; n++)
            buf_printf(&all, "%s%s", n == cmd_proposal_subcommands() ? "" : ", ", *n);
        int rc = cli_usage_error("proposal", "what to do? one of %s", all.data);
        buf_free(&all);
        return rc;
    }
    size_t i = 0;
    while (i < PROP_NSUBS && strcmp(argv[1], PROP_SUBS[i].name) != 0)
        i++;
    bool step = i == PROP_NSUBS && prop_is_step(argv[1]);
    if (i == PROP_NSUBS && !step)
        return cli_bad_subcommand("proposal", argv[1], cmd_proposal_subcommands());
    PropOpts o = {.sub = argv[1]};
    int rc = prop_parse("proposal", argc - 1, argv + 1, &o);
    if (rc == INSATS_OK)
        rc = cli_only_options("proposal", o.sub, o.seen,
                              step ? P_BY | P_NOTE : PROP_SUBS[i].allowed, prop_option_name);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = step ? run_step(g, &o, &errs) : PROP_SUBS[i].run(g, &o, &errs);
    if (rc != INSATS_OK)
        return prop_exit(cli_fail(rc, &errs));
    errs_free(&errs);
    return INSATS_OK;
}

/* ---- intake ------------------------------------------------------------------------------- */

const char *const *cmd_intake_subcommands(void)
{
    static const char *const names[] = {"pause", "open", "show", NULL};
    return names;
}

int cmd_intake(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("intake", "what to do? one of pause, open, show");
    const char *sub = argv[1];
    unsigned allowed;
    if (strcmp(sub, "pause") == 0)
        allowed = P_BY | P_MESSAGE | P_UNTIL;
    else if (strcmp(sub, "open") == 0)
        allowed = P_BY;
    else if (strcmp(sub, "show") == 0)
        allowed = 0;
    else
        return cli_bad_subcommand("intake", sub, cmd_intake_subcommands());
    PropOpts o = {.sub = sub};
    int rc = prop_parse("intake", argc - 1, argv + 1, &o);
    if (rc == INSATS_OK)
        rc = cli_only_options("intake", sub, o.seen, allowed, prop_option_name);
    if (rc == INSATS_OK && o.id)
        rc = cli_usage_error("intake", "unexpected argument \"%s\"", o.id);
    if (rc == INSATS_OK && strcmp(sub, "pause") == 0 && !o.message)
        rc = cli_usage_error("intake", "`intake pause` needs --message TEXT: what those who "
                             "would propose a training are told");
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    Db *db;
    int64_t project;
    Actor a;
    rc = prop_open(g, &o, false, &db, &project, &a, &errs);
    if (rc == INSATS_OK) {
        if (strcmp(sub, "pause") == 0)
            rc = proposal_intake_pause(db, &a, project, o.message, o.until, &errs);
        else if (strcmp(sub, "open") == 0)
            rc = proposal_intake_open(db, &a, project, &errs);
        ProposalIntake in;
        if (rc == INSATS_OK && (rc = proposal_intake_get(db, project, &in, &errs)) == INSATS_OK) {
            if (!in.paused)
                printf(_("the intake of proposals is open\n"));
            else if (in.until[0])
                printf(_("the intake of proposals is paused until %s: %s\n"), in.until, in.message);
            else
                printf(_("the intake of proposals is paused: %s\n"), in.message);
        }
        db_close(db);
    }
    if (rc != INSATS_OK)
        return prop_exit(cli_fail(rc, &errs));
    errs_free(&errs);
    return INSATS_OK;
}
