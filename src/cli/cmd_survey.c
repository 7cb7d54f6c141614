/* cmd_survey.c — `insats survey`: a survey made from a template, its anonymous answer link
 * (printed, and its QR code written as PNG or SVG), the A4 sheet with the QR code, and the
 * response rates. The rules are the core's (survey_link.h); the files are the report layer's. */
#include "cli.h"
#include "outfile.h"
#include "project.h"
#include "qr.h"
#include "render.h"
#include "survey_link.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const SURVEY_SUBS[] = {"new", "link", "sheet", "rates", "remind", NULL};

const char *const *cmd_survey_subcommands(void)
{
    return SURVEY_SUBS;
}

typedef struct SurveyOpts {
    const char *sub, *survey, *out, *url;
    SurveyNew n;
    bool low;
} SurveyOpts;

/* The base of the answer links: --url, else $INSATS_PUBLIC_URL, else the project's public
 * address, else the address `insats serve` listens on by default. Without a trailing slash;
 * caller frees. */
static char *survey_cli_base(Db *db, int64_t project, const SurveyOpts *o)
{
    char *u = cli_public_url(db, project, o->url, "INSATS_PUBLIC_URL");
    return u ? u : xstrdup("http://127.0.0.1:8080");
}

static int survey_parse(int argc, char **argv, SurveyOpts *o)
{
    static const struct option longopts[] = {
        {"template", required_argument, NULL, 'T'}, {"activity", required_argument, NULL, 'a'},
        {"id", required_argument, NULL, 'i'},       {"title", required_argument, NULL, 't'},
        {"date", required_argument, NULL, 'd'},     {"closes", required_argument, NULL, 'c'},
        {"url", required_argument, NULL, 'u'},      {"low", no_argument, NULL, 'L'},
        {"output", required_argument, NULL, 'o'},   {0, 0, 0, 0},
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'T': o->n.template_kind = optarg; break;
        case 'a': o->n.activity = optarg; break;
        case 'i': o->n.id = optarg; break;
        case 't': o->n.title = optarg; break;
        case 'd': o->n.date = optarg; break;
        case 'c': o->n.closes = optarg; break;
        case 'u':
            if (strncmp(optarg, "https://", 8) != 0 && strncmp(optarg, "http://", 7) != 0)
                return cli_usage_error("survey", "--url: \"%s\" is not an http:// or https:// "
                                       "address", optarg);
            o->url = optarg;
            break;
        case 'L': o->low = true; break;
        case 'o': o->out = optarg; break;
        default: return cli_bad_option("survey", argv[optind - 1], longopts);
        }
    }
    bool needs_survey = strcmp(o->sub, "link") == 0 || strcmp(o->sub, "sheet") == 0;
    if (needs_survey) {
        if (optind >= argc)
            return cli_usage_error("survey", "`survey %s` needs the survey's id (`insats list "
                                   "surveys` shows them)", o->sub);
        o->survey = argv[optind++];
    }
    if (optind < argc)
        return cli_usage_error("survey", "unexpected argument \"%s\"", argv[optind]);
    if (strcmp(o->sub, "new") == 0 && !o->n.template_kind)
        return cli_usage_error("survey", "`survey new` needs --template after_activity, "
                               "baseline or follow_up");
    if (strcmp(o->sub, "sheet") == 0 && !o->out)
        return cli_usage_error("survey", "`survey sheet` needs -o FILE.pdf");
    return INSATS_OK;
}

static void survey_cli_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int survey_cli_link(Db *db, const Actor *me, int64_t project, const SurveyOpts *o,
                           Errs *errs)
{
    char token[SURVEY_TOKEN_LEN + 1];
    int rc = survey_link_token(db, me, project, o->survey, true, token, errs);
    if (rc != INSATS_OK)
        return rc;
    char *base = survey_cli_base(db, project, o);
    char *url = xasprintf("%s/s/%s", base, token);
    free(base);
    if (o->out && (rc = qr_write_file(url, o->out, 8, errs)) != INSATS_OK) {
        free(url);
        return rc;
    }
    printf("%s\n", url);
    if (o->out)
        fprintf(stderr, _("insats: the QR code of the link is in %s\n"), o->out);
    free(url);
    return INSATS_OK;
}

static int survey_cli_sheet(Db *db, const Actor *me, int64_t project, const SurveyOpts *o,
                            Errs *errs)
{
    int rc = outfile_check(o->out, errs);
    char token[SURVEY_TOKEN_LEN + 1];
    if (rc == INSATS_OK)
        rc = survey_link_token(db, me, project, o->survey, true, token, errs);
    if (rc != INSATS_OK)
        return rc;
    char today[11];
    survey_cli_today(today);
    SurveyForm f;
    if ((rc = survey_form_get(db, token, today, &f, errs)) != INSATS_OK)
        return rc;
    char *base = survey_cli_base(db, project, o);
    char *url = xasprintf("%s/s/%s", base, token);
    json_t *sheet = survey_sheet_json(&f, url);
    Buf pdf = {0};
    rc = render_survey_sheet(sheet, &pdf, errs);
    if (rc == INSATS_OK)
        rc = outfile_write(o->out, pdf.data, pdf.len, errs);
    if (rc == INSATS_OK)
        printf("%s\n", url);
    buf_free(&pdf);
    json_decref(sheet);
    free(url);
    free(base);
    survey_form_free(&f);
    return rc;
}

static int survey_cli_new(Db *db, const Actor *me, int64_t project, SurveyOpts *o, Errs *errs)
{
    char today[11], code[72] = "";
    survey_cli_today(today);
    o->n.today = today;
    int rc = survey_from_template(db, me, project, &o->n, code, sizeof code, errs);
    if (rc != INSATS_OK)
        return rc;
    char token[SURVEY_TOKEN_LEN + 1];
    rc = survey_link_token(db, me, project, code, false, token, errs);
    if (rc != INSATS_OK)
        return rc;
    char *base = survey_cli_base(db, project, o);
    printf(_("Created the survey %s; answers at %s/s/%s\n"), code, base, token);
    free(base);
    return INSATS_OK;
}

static int survey_cli_rates(Db *db, const Actor *me, int64_t project, const SurveyOpts *o,
                            Errs *errs)
{
    char today[11];
    survey_cli_today(today);
    SurveyRate *r = NULL;
    size_t n = 0;
    int rc = survey_rates(db, me, project, today, o->low, &r, &n, errs);
    if (rc != INSATS_OK)
        return rc;
    cli_headings(6, (const char *const[]){N_("survey"), N_("activity"), N_("closes"),
                                          N_("responses"), N_("present"), N_("rate")},
                 (const int[]){-20, -12, -10, 9, 9, 7});
    const char *low = _("  low");
    for (size_t i = 0; i < n; i++) {
        char rate[48] = "-";
        if (r[i].rate_bp >= 0)
            snprintf(rate, sizeof rate, "%lld,%lld %%", (long long)(r[i].rate_bp / 100),
                     (long long)(r[i].rate_bp % 100 / 10));
        printf("%-20s %-12s %-10s %9lld %9lld %7s%s\n", r[i].survey_code, r[i].activity_code,
               r[i].closes ? r[i].closes : "-", (long long)r[i].responses,
               (long long)r[i].present, rate, r[i].low ? low : "");
    }
    survey_rates_free(r, n);
    return INSATS_OK;
}

static int survey_cli_remind(Db *db, const Actor *me, int64_t project, const SurveyOpts *o,
                             Errs *errs)
{
    char today[11];
    survey_cli_today(today);
    char *base = survey_cli_base(db, project, o);
    size_t n = 0;
    int rc = survey_remind(db, me, project, today, base, &n, errs);
    free(base);
    if (rc == INSATS_OK)
        printf(_n("Wrote %zu reminder to the outbox\n", "Wrote %zu reminders to the outbox\n", n),
               n);
    return rc;
}

int cmd_survey(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("survey", "what to do? one of new, link, sheet, rates, remind");
    bool known = false;
    for (size_t i = 0; SURVEY_SUBS[i]; i++)
        known |= strcmp(argv[1], SURVEY_SUBS[i]) == 0;
    if (!known)
        return cli_bad_subcommand("survey", argv[1], SURVEY_SUBS);
    SurveyOpts o = {.sub = argv[1]};
    int rc = survey_parse(argc - 1, argv + 1, &o);
    if (rc != INSATS_OK)
        return rc;
    Db *db = NULL;
    if ((rc = cli_open_db(g, DB_OPEN_EXISTING, &db)) != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    Actor me;
    actor_cli(&me);
    int64_t project = 0;
    rc = project_resolve(db, g->project, &project, &errs);
    if (rc == INSATS_OK) {
        if (strcmp(o.sub, "link") == 0)
            rc = survey_cli_link(db, &me, project, &o, &errs);
        else if (strcmp(o.sub, "sheet") == 0)
            rc = survey_cli_sheet(db, &me, project, &o, &errs);
        else if (strcmp(o.sub, "new") == 0)
            rc = survey_cli_new(db, &me, project, &o, &errs);
        else if (strcmp(o.sub, "remind") == 0)
            rc = survey_cli_remind(db, &me, project, &o, &errs);
        else
            rc = survey_cli_rates(db, &me, project, &o, &errs);
    }
    db_close(db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}
