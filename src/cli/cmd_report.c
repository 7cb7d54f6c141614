/* cmd_report.c — `insats report …`: the funder's reports (lägesrapport, slutrapport), meeting
 * minutes, and freezing a submitted period (freeze, reopen, diff). The figures come from the
 * core (report_get(), minutes_build(), freeze_*()); the layouts from src/report/. This file
 * parses options, picks the renderer and writes the result. */
#include "bundle.h"
#include "cli.h"
#include "freeze.h"
#include "minutes.h"
#include "outfile.h"
#include "project.h"
#include "render.h"
#include "report.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum { FMT_NONE, FMT_JSON, FMT_HTML, FMT_MD, FMT_PDF, FMT_XLSX, FMT_TEXT, FMT_SQL } Format;

/* Options seen, as bits, so that each subcommand can refuse the ones that are not its own. */
enum {
    OPT_PERIOD = 1 << 0,
    OPT_FROM = 1 << 1,
    OPT_TO = 1 << 2,
    OPT_FORMAT = 1 << 3,
    OPT_OUTPUT = 1 << 4,
    OPT_MEETING = 1 << 5,
    OPT_BY = 1 << 6,
    OPT_REASON = 1 << 7,
    OPT_SECTION = 1 << 8,
    OPT_FINAL = 1 << 9,
    OPT_CLEAR = 1 << 10,
};

typedef struct ReportOpts {
    const char *sub;       /* the subcommand */
    unsigned seen;
    int period;
    const char *from, *to, *format, *output, *meeting, *by, *reason, *section;
} ReportOpts;

static const struct {
    const char *name;
    Format fmt;
} FORMATS[] = {
    {"json", FMT_JSON}, {"html", FMT_HTML}, {"md", FMT_MD}, {"pdf", FMT_PDF}, {"xlsx", FMT_XLSX},
    {"sql", FMT_SQL}, {"text", FMT_TEXT},
};

static const char *option_name(unsigned bit)
{
    switch (bit) {
    case OPT_PERIOD: return "--period";
    case OPT_FROM: return "--from";
    case OPT_TO: return "--to";
    case OPT_FORMAT: return "--format";
    case OPT_OUTPUT: return "-o";
    case OPT_MEETING: return "--meeting";
    case OPT_BY: return "--by";
    case OPT_SECTION: return "--question";
    case OPT_FINAL: return "--final";
    case OPT_CLEAR: return "--clear";
    default: return "--reason";
    }
}

/* Parses the options after the subcommand. Returns INSATS_OK or a usage error (printed). */
static int parse_opts(int argc, char **argv, ReportOpts *o)
{
    static const struct option longopts[] = {
        {"period", required_argument, NULL, 'p'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"meeting", required_argument, NULL, 'm'},
        {"by", required_argument, NULL, 'b'},
        {"reason", required_argument, NULL, 'r'},
        {"question", required_argument, NULL, 'q'},
        {"final", no_argument, NULL, 'L'},
        {"clear", no_argument, NULL, 'C'},
        {0, 0, 0, 0},
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': {
            long v = 0;
            if (cli_parse_count("report", "--period", optarg, 9999, "a period number (1, 2, …)",
                                &v) != INSATS_OK)
                return INSATS_EUSAGE;
            o->period = (int)v;
            o->seen |= OPT_PERIOD;
            break;
        }
        case 'f': o->from = optarg; o->seen |= OPT_FROM; break;
        case 't': o->to = optarg; o->seen |= OPT_TO; break;
        case 'F': o->format = optarg; o->seen |= OPT_FORMAT; break;
        case 'o': o->output = optarg; o->seen |= OPT_OUTPUT; break;
        case 'm': o->meeting = optarg; o->seen |= OPT_MEETING; break;
        case 'b': o->by = optarg; o->seen |= OPT_BY; break;
        case 'r': o->reason = optarg; o->seen |= OPT_REASON; break;
        case 'q': o->section = optarg; o->seen |= OPT_SECTION; break;
        case 'L': o->seen |= OPT_FINAL; break;
        case 'C': o->seen |= OPT_CLEAR; break;
        default:
            return cli_bad_option("report", argv[optind - 1], longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("report", "unexpected argument \"%s\"", argv[optind]);
    return INSATS_OK;
}

/* Refuses options that the subcommand does not take. */
static int allow_only(const ReportOpts *o, unsigned allowed)
{
    return cli_only_options("report", o->sub, o->seen, allowed, option_name);
}

/* allow_only, and --period is required: how freeze, reopen and diff start. */
static int allow_with_period(const ReportOpts *o, unsigned allowed)
{
    int rc = allow_only(o, allowed);
    if (rc == INSATS_OK && !(o->seen & OPT_PERIOD))
        rc = cli_usage_error("report", "which period? --period N");
    return rc;
}

/* Whether `allowed` (format names separated by commas and spaces) lists name. */
static bool format_listed(const char *allowed, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(allowed, name); p; p = strstr(p + 1, name))
        if ((p == allowed || p[-1] == ' ') && (p[n] == '\0' || p[n] == ','))
            return true;
    return false;
}

static const char *format_name(Format fmt)
{
    for (size_t i = 0; i < sizeof FORMATS / sizeof *FORMATS; i++)
        if (FORMATS[i].fmt == fmt)
            return FORMATS[i].name;
    return "json";
}

/* The format a file name asks for by its extension; FMT_NONE when it has no extension, and
 * *unknown set when it has one that names no format insats writes ("x.docx"). */
static Format format_of_name(const char *path, bool *unknown)
{
    static const struct {
        const char *ext;
        Format fmt;
    } EXTENSIONS[] = {
        {"json", FMT_JSON}, {"html", FMT_HTML}, {"htm", FMT_HTML}, {"md", FMT_MD},
        {"markdown", FMT_MD}, {"pdf", FMT_PDF}, {"xlsx", FMT_XLSX}, {"sql", FMT_SQL},
        {"txt", FMT_TEXT},
    };
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    *unknown = false;
    /* ".profile" is a name, not an extension. */
    if (!dot || dot == base || dot[1] == '\0')
        return FMT_NONE;
    for (size_t i = 0; i < sizeof EXTENSIONS / sizeof *EXTENSIONS; i++)
        if (strcasecmp(dot + 1, EXTENSIONS[i].ext) == 0)
            return EXTENSIONS[i].fmt;
    *unknown = true;
    return FMT_NONE;
}

/* The format to write: --format among the ones the subcommand offers (`allowed`: names
 * separated by commas, for the message), else the one -o FILE's extension names, else
 * `fallback`. A --format that contradicts the extension is refused, so that "-o x.pdf" never
 * holds JSON; so is an extension that names no format, unless --format says which. */
static int pick_format(const ReportOpts *o, const char *allowed, Format fallback, Format *out)
{
    bool to_file = o->output && strcmp(o->output, "-") != 0;
    bool unknown = false;
    Format named = to_file ? format_of_name(o->output, &unknown) : FMT_NONE;
    *out = FMT_NONE;
    if (o->format) {
        for (size_t i = 0; i < sizeof FORMATS / sizeof *FORMATS; i++)
            if (strcmp(o->format, FORMATS[i].name) == 0 && format_listed(allowed, o->format))
                *out = FORMATS[i].fmt;
        if (*out == FMT_NONE)
            return cli_bad_value("report", "--format", o->format, allowed);
        if (named != FMT_NONE && named != *out)
            return cli_usage_error("report",
                                   "-o %s is named as a %s file but --format is %s; rename the "
                                   "file or change --format",
                                   o->output, format_name(named), o->format);
    } else if (named != FMT_NONE) {
        if (!format_listed(allowed, format_name(named)))
            return cli_usage_error("report", "`report %s` does not write %s; it writes %s",
                                   o->sub, format_name(named), allowed);
        *out = named;
    } else if (unknown) {
        return cli_usage_error("report",
                               "cannot tell the format from the name %s; add --format (%s)",
                               o->output, allowed);
    } else {
        *out = fallback;
    }
    /* PDF and XLSX are files: bytes of a binary format on a terminal help nobody. */
    if ((*out == FMT_PDF || *out == FMT_XLSX) && !to_file)
        return cli_usage_error("report", "--format %s writes a file: name it with -o FILE",
                               format_name(*out));
    return INSATS_OK;
}

static int buf_sink(const char *buffer, size_t size, void *data)
{
    buf_append(data, buffer, size);
    return 0;
}

/* Writes text to -o FILE or standard output (outfile.h: whole or not at all). */
static int write_text(const char *output, const Buf *text, Errs *errs)
{
    return outfile_write(output, text->data ? text->data : "", text->len, errs);
}

/* Lays out a report JSON in the chosen format and writes it. */
static int emit(const json_t *report, Format fmt, const char *output, Errs *errs)
{
    Buf text = {0};
    int rc = INSATS_OK;
    switch (fmt) {
    case FMT_PDF:
        /* A long PDF shows how far it got, on a terminal only (cli_progress checks). */
        return render_pdf_with(report, output, &(RenderOptions){.progress = cli_progress},
                               errs);
    case FMT_XLSX:
        return render_xlsx(report, output, errs);
    case FMT_HTML:
        rc = render_html(report, &text, errs);
        break;
    case FMT_MD:
        rc = render_md(report, &text, errs);
        break;
    default:
        bundle_dump(report, 0, buf_sink, &text);
        buf_putc(&text, '\n');
        break;
    }
    if (rc == INSATS_OK)
        rc = write_text(output, &text, errs);
    buf_free(&text);
    return rc;
}

/* One subcommand's work on the open project: what it needs in, and the document it leaves
 * for run_job to write. */
typedef struct Job {
    const ReportOpts *o;
    Format fmt;
    ReportKind kind;          /* lagesrapport, slutrapport */
    ReportRange range;        /* lagesrapport, slutrapport */
    json_t *doc;              /* set by the work, written and released by run_job */
} Job;

typedef int (*JobFn)(Db *db, int64_t project_id, Job *job, Errs *errs);

/* Opens the database, finds the project and runs fn on it; then closes the database and
 * writes job->doc, if fn left one, in job->fmt (FMT_TEXT: fn wrote its output already). The database
 * is closed before writing because a PDF can take a while and need not hold it. Returns an
 * exit code; job->doc is released either way. */
static int run_job(const GlobalOpts *g, Job *job, JobFn fn, Errs *errs)
{
    Db *db = NULL;
    int64_t project_id = 0;
    /* A target that will be refused is refused before the work, not after it. */
    int rc = job->o->output ? outfile_check(job->o->output, errs) : INSATS_OK;
    if (rc != INSATS_OK)
        return rc;
    rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    rc = project_resolve(db, g->project, &project_id, errs);
    if (rc == INSATS_OK)
        rc = fn(db, project_id, job, errs);
    db_close(db);
    if (rc == INSATS_OK && job->doc && job->fmt != FMT_TEXT)
        rc = emit(job->doc, job->fmt, job->o->output, errs);
    json_decref(job->doc);
    job->doc = NULL;
    return rc;
}

/* lagesrapport and slutrapport: the report JSON, or with --format sql the aggregate queries
 * with their parameters written in, for an auditor to run with the sqlite3 shell (and for
 * the benchmark's floor). A lägesrapport of a reopened period says so on stderr. */
static int report_work(Db *db, int64_t project_id, Job *job, Errs *errs)
{
    const ReportRange *r = &job->range;
    if (job->fmt == FMT_SQL) {
        Buf sql = {0};
        int rc = report_sql(db, project_id, job->kind, r, &sql, errs);
        if (rc == INSATS_OK)
            rc = write_text(job->o->output, &sql, errs);
        buf_free(&sql);
        return rc;
    }
    int rc = report_get(db, project_id, job->kind, r, &job->doc, errs);
    if (rc == INSATS_OK && r->period > 0) {
        FreezeInfo info;
        if (freeze_info(db, project_id, r->period, &info, errs) == INSATS_OK && info.exists &&
            !info.in_force)
            fprintf(stderr, _("insats: note: period %d was reopened on %s by %s (%s); this report "
                    "is computed from the data as it is now, not the one reported on %s\n"),
                    r->period, info.reopened_at, info.reopened_by, info.reopened_reason,
                    info.frozen_at);
        freeze_info_free(&info);
    }
    return rc;
}

static int minutes_work(Db *db, int64_t project_id, Job *job, Errs *errs)
{
    Actor me;
    actor_cli(&me);
    return minutes_build(db, &me, project_id, job->o->meeting, &job->doc, errs);
}

static int run_lagesrapport(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_only(o, OPT_PERIOD | OPT_FROM | OPT_TO | OPT_FORMAT | OPT_OUTPUT);
    if (rc != INSATS_OK)
        return rc;
    bool range = (o->seen & (OPT_FROM | OPT_TO)) != 0;
    if ((o->seen & OPT_PERIOD) && range)
        return cli_usage_error("report", "give either --period N or --from DATE --to DATE, not both");
    if (!(o->seen & OPT_PERIOD) && !range)
        return cli_usage_error("report", "which period? --period N, or --from DATE --to DATE");
    if (range && (!o->from || !o->to))
        return cli_usage_error("report", "%s needs %s too", o->from ? "--from" : "--to",
                               o->from ? "--to" : "--from");
    if (range && !date_valid(o->from))
        return cli_usage_error("report", "--from: \"%s\" is not a date (YYYY-MM-DD)", o->from);
    if (range && !date_valid(o->to))
        return cli_usage_error("report", "--to: \"%s\" is not a date (YYYY-MM-DD)", o->to);
    Format fmt;
    rc = pick_format(o, "json, html, md, pdf, xlsx, sql", FMT_JSON, &fmt);
    if (rc != INSATS_OK)
        return rc;
    if (range && strcmp(o->from, o->to) > 0) {
        errs_add(errs, "--from %s is after --to %s", o->from, o->to);
        return INSATS_EINPUT;
    }
    Job job = {.o = o, .fmt = fmt, .kind = REPORT_LAGESRAPPORT,
               .range = {.period = range ? 0 : o->period, .from = o->from, .to = o->to}};
    return run_job(g, &job, report_work, errs);
}

static int run_slutrapport(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_only(o, OPT_FORMAT | OPT_OUTPUT);
    Format fmt = FMT_JSON;
    if (rc == INSATS_OK)
        rc = pick_format(o, "json, html, md, pdf, xlsx, sql", FMT_JSON, &fmt);
    if (rc != INSATS_OK)
        return rc;
    Job job = {.o = o, .fmt = fmt, .kind = REPORT_SLUTRAPPORT,
               .range = {.period = 0, .from = NULL, .to = NULL}};
    return run_job(g, &job, report_work, errs);
}

static int run_minutes(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_only(o, OPT_MEETING | OPT_FORMAT | OPT_OUTPUT);
    if (rc != INSATS_OK)
        return rc;
    if (!o->meeting || !*o->meeting)
        return cli_usage_error("report", "which meeting? --meeting ID (`insats list meetings` "
                               "shows them)");
    Format fmt;
    rc = pick_format(o, "md, html, pdf, json", FMT_JSON, &fmt);
    if (rc != INSATS_OK)
        return rc;
    Job job = {.o = o, .fmt = fmt};
    return run_job(g, &job, minutes_work, errs);
}

/* Who freezes or reopens when --by is not given: the login name, else "okänd" (unknown). */
static const char *default_by(const ReportOpts *o)
{
    if (o->by)
        return o->by;
    const char *user = getenv("USER");
    return user && *user ? user : "okänd";
}

static int freeze_work(Db *db, int64_t project_id, Job *job, Errs *errs)
{
    const ReportOpts *o = job->o;
    int rc = freeze_period(db, project_id, o->period, default_by(o), errs);
    if (rc == INSATS_OK) {
        FreezeInfo info;
        if (freeze_info(db, project_id, o->period, &info, errs) == INSATS_OK)
            printf(_("Froze period %d (%s–%s) on %s by %s: its report is stored as submitted, "
                     "and data dated in it can no longer change\n"),
                   o->period, info.from, info.to, info.frozen_at, info.frozen_by);
        freeze_info_free(&info);
    }
    return rc;
}

static int run_freeze(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_with_period(o, OPT_PERIOD | OPT_BY);
    if (rc != INSATS_OK)
        return rc;
    if (o->by && !*o->by)
        return cli_usage_error("report", "--by needs a name");
    Job job = {.o = o, .fmt = FMT_TEXT};
    return run_job(g, &job, freeze_work, errs);
}

static int reopen_work(Db *db, int64_t project_id, Job *job, Errs *errs)
{
    const ReportOpts *o = job->o;
    int rc = freeze_reopen(db, project_id, o->period, default_by(o), o->reason, errs);
    if (rc == INSATS_OK)
        printf(_("Reopened period %d: its data may change now. `insats report diff --period %d` "
                 "lists the changes; `insats report freeze --period %d` freezes it again\n"),
               o->period, o->period, o->period);
    return rc;
}

static int run_reopen(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_with_period(o, OPT_PERIOD | OPT_BY | OPT_REASON);
    if (rc != INSATS_OK)
        return rc;
    if (!o->reason || !*o->reason)
        return cli_usage_error("report", "why? --reason TEXT is required (it is kept with the "
                               "period's history)");
    if (o->by && !*o->by)
        return cli_usage_error("report", "--by needs a name");
    Job job = {.o = o, .fmt = FMT_TEXT};
    return run_job(g, &job, reopen_work, errs);
}

static void put_value(Buf *out, const json_t *v)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
    buf_puts(out, s ? s : "null");
    free(s);
}

/* The changes since the period was frozen: left as the document with --format json, else
 * written one a line, "path: reported → now", to -o FILE or standard output. */
static int diff_work(Db *db, int64_t project_id, Job *job, Errs *errs)
{
    const ReportOpts *o = job->o;
    FreezeInfo info = {0};
    int rc = freeze_diff(db, project_id, o->period, &job->doc, errs);
    if (rc == INSATS_OK)
        rc = freeze_info(db, project_id, o->period, &info, errs);
    if (rc == INSATS_OK && job->fmt == FMT_TEXT) {
        Buf text = {0};
        size_t n = json_array_size(job->doc);
        if (n == 0)
            buf_printf(&text, _("No changes since period %d was frozen on %s by %s\n"), o->period,
                       info.frozen_at, info.frozen_by);
        for (size_t i = 0; i < n; i++) {
            const json_t *c = json_array_get(job->doc, i);
            buf_printf(&text, "%s: ", json_string_value(json_object_get(c, "path")));
            put_value(&text, json_object_get(c, "reported"));
            buf_puts(&text, " → ");
            put_value(&text, json_object_get(c, "now"));
            buf_putc(&text, '\n');
        }
        if (n > 0)
            buf_printf(&text,
                       _n("(%zu change since period %d was reported on %s by %s)\n",
                          "(%zu changes since period %d was reported on %s by %s)\n", n),
                       n, o->period, info.frozen_at, info.frozen_by);
        rc = write_text(o->output, &text, errs);
        buf_free(&text);
    }
    freeze_info_free(&info);
    return rc;
}

static int run_diff(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_with_period(o, OPT_PERIOD | OPT_FORMAT | OPT_OUTPUT);
    if (rc != INSATS_OK)
        return rc;
    Format fmt;
    rc = pick_format(o, "text, json", FMT_TEXT, &fmt);
    if (rc != INSATS_OK)
        return rc;
    Job job = {.o = o, .fmt = fmt};
    return run_job(g, &job, diff_work, errs);
}

/* check and empty: a lägesrapport period (--period N) or the slutrapport (--final). */
static int pick_report(const ReportOpts *o, Job *job)
{
    bool final = (o->seen & OPT_FINAL) != 0, period = (o->seen & OPT_PERIOD) != 0;
    if (final == period)
        return cli_usage_error("report", "which report? --period N for a lägesrapport, or "
                               "--final for the slutrapport");
    job->kind = final ? REPORT_SLUTRAPPORT : REPORT_LAGESRAPPORT;
    job->range = (ReportRange){.period = final ? 0 : o->period, .from = NULL, .to = NULL};
    return INSATS_OK;
}

/* The check one finding a line, then a sentence on the whole, appended to out. The questions
 * and the figures' labels are the funder's own words, in Swedish whatever the language. */
static void check_text(const json_t *c, const Job *job, Buf *out)
{
    char what[96];
    if (job->kind == REPORT_SLUTRAPPORT)
        snprintf(what, sizeof what, "%s", _("The slutrapport"));
    else
        snprintf(what, sizeof what, _("The lägesrapport of period %d"), job->range.period);
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(c, "unanswered"), i, v)
        buf_printf(out, _("unanswered question [%s]: %s\n"),
                   json_string_value(json_object_get(v, "section")),
                   json_string_value(json_object_get(v, "question")));
    json_array_foreach(json_object_get(c, "unreported_deviations"), i, v)
        buf_printf(out, _("deviation not reported to the ESF Council [%s, %s]: %s\n"),
                   json_string_value(json_object_get(v, "id")),
                   json_string_value(json_object_get(v, "date")),
                   json_string_value(json_object_get(v, "description")));
    json_array_foreach(json_object_get(c, "moved"), i, v) {
        const char *label = json_string_value(json_object_get(v, "label"));
        buf_printf(out, _("changed since period %lld was frozen: %s: "),
                   (long long)json_integer_value(json_object_get(v, "period")),
                   label ? label : json_string_value(json_object_get(v, "path")));
        put_value(out, json_object_get(v, "reported"));
        buf_puts(out, " → ");
        put_value(out, json_object_get(v, "now"));
        buf_putc(out, '\n');
    }
    if (json_is_true(json_object_get(c, "ready")))
        buf_printf(out, _("%s is ready to be handed in.\n"), what);
    else {
        /* Each count agrees with its noun, in a sentence that may order them its own way. */
        size_t nq = json_array_size(json_object_get(c, "unanswered"));
        size_t nd = json_array_size(json_object_get(c, "unreported_deviations"));
        size_t nm = json_array_size(json_object_get(c, "moved"));
        char q[80], d[80], m[80];
        snprintf(q, sizeof q, _n("%zu unanswered question", "%zu unanswered questions", nq), nq);
        snprintf(d, sizeof d, _n("%zu deviation not reported", "%zu deviations not reported", nd),
                 nd);
        snprintf(m, sizeof m, _n("%zu changed figure", "%zu changed figures", nm), nm);
        buf_printf(out,
                   json_is_true(json_object_get(c, "draft"))
                       ? _("%s is a draft: %s, %s, %s in frozen periods.\n")
                       : _("%s is not ready to be handed in: %s, %s, %s in frozen periods.\n"),
                   what, q, d, m);
    }
}

/* Exit status of `report check` when something must be done before handing the report in:
 * distinct from the errors (2–4), so that a script can tell "not ready" from "failed". */
#define CHECK_NOT_READY 1

static int run_check(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_only(o, OPT_PERIOD | OPT_FINAL | OPT_FORMAT | OPT_OUTPUT);
    Job job = {.o = o, .fmt = FMT_TEXT};
    if (rc == INSATS_OK)
        rc = pick_report(o, &job);
    if (rc != INSATS_OK)
        return rc;
    if (o->format && strcmp(o->format, "json") == 0)
        job.fmt = FMT_JSON;
    else if (o->format && strcmp(o->format, "text") != 0)
        return cli_bad_value("report", "--format", o->format, "text, json");
    Db *db = NULL;
    int64_t project_id = 0;
    rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    rc = project_resolve(db, g->project, &project_id, errs);
    if (rc == INSATS_OK)
        rc = report_check(db, project_id, job.kind, &job.range, &job.doc, errs);
    db_close(db);
    bool ready = json_is_true(json_object_get(job.doc, "ready"));
    if (rc == INSATS_OK && job.fmt == FMT_JSON) {
        rc = emit(job.doc, FMT_JSON, o->output, errs);
    } else if (rc == INSATS_OK) {
        Buf text = {0};
        check_text(job.doc, &job, &text);
        rc = write_text(o->output, &text, errs);
        buf_free(&text);
    }
    json_decref(job.doc);
    if (rc == INSATS_OK && !ready)
        return CHECK_NOT_READY;
    return rc;
}

static int empty_work(Db *db, int64_t project_id, Job *job, Errs *errs)
{
    const ReportOpts *o = job->o;
    bool clear = (o->seen & OPT_CLEAR) != 0;
    int rc = report_mark_empty(db, project_id, job->range.period, o->section, !clear, errs);
    if (rc != INSATS_OK)
        return rc;
    char where[48];
    if (job->range.period > 0)
        snprintf(where, sizeof where, _("period %d"), job->range.period);
    else
        snprintf(where, sizeof where, "%s", _("the slutrapport"));
    if (clear)
        printf(_("Question \"%s\" of %s is no longer marked empty: it needs an answer again\n"),
               o->section, where);
    else
        printf(_("Question \"%s\" of %s is marked as left unanswered on purpose; the report no "
                 "longer counts it as missing\n"),
               o->section, where);
    return INSATS_OK;
}

static int run_empty(const GlobalOpts *g, const ReportOpts *o, Errs *errs)
{
    int rc = allow_only(o, OPT_PERIOD | OPT_FINAL | OPT_SECTION | OPT_CLEAR);
    Job job = {.o = o, .fmt = FMT_TEXT};
    if (rc == INSATS_OK)
        rc = pick_report(o, &job);
    if (rc != INSATS_OK)
        return rc;
    if (!o->section || !*o->section)
        return cli_usage_error("report", "which question? --question SECTION (the section "
                               "names are in `insats report check`)");
    return run_job(g, &job, empty_work, errs);
}

/* The subcommands of `report`, in the order of its help. */
static const struct {
    const char *name;
    int (*run)(const GlobalOpts *, const ReportOpts *, Errs *);
} report_subs[] = {
    {"lagesrapport", run_lagesrapport}, {"slutrapport", run_slutrapport},
    {"minutes", run_minutes}, {"freeze", run_freeze}, {"reopen", run_reopen},
    {"diff", run_diff}, {"check", run_check}, {"empty", run_empty},
};

#define NSUBS (sizeof report_subs / sizeof *report_subs)

const char *const *cmd_report_subcommands(void)
{
    static const char *names[NSUBS + 1];
    for (size_t i = 0; i < NSUBS; i++)
        names[i] = report_subs[i].name;
    return names;
}

int cmd_report(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("report", "which report? one of lagesrapport, slutrapport, "
                               "minutes, freeze, reopen, diff, check, empty");
    ReportOpts o = {.sub = argv[1]};
    int (*run)(const GlobalOpts *, const ReportOpts *, Errs *) = NULL;
    for (size_t i = 0; i < NSUBS; i++)
        if (strcmp(argv[1], report_subs[i].name) == 0)
            run = report_subs[i].run;
    /* The Swedish spelling is what users type from the funder's forms. */
    if (!run && strcmp(argv[1], "lägesrapport") == 0)
        run = run_lagesrapport;
    if (!run)
        return cli_bad_subcommand("report", argv[1], cmd_report_subcommands());
    int rc = parse_opts(argc - 1, argv + 1, &o);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = run(g, &o, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}
