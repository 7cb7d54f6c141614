/* pages_trace.c — the records behind a figure (/trace?figure=PATH&period=N, or &final=1, or
 * &from=…&to=…), and the helpers every page with figures uses to write a figure as a link to
 * that page. The list is the core's (trace_list(), src/core/trace.c): it has exactly as many
 * rows as the figure says, or its rows add up to it; this file only lays it out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "freeze.h"
#include "i18n.h"
#include "pages.h"
#include "project.h"
#include "router.h"
#include "trace.h"

/* Rows of a trace shown on one page. */
enum { TRACE_PAGE_ROWS = 100 };

/* The report files keep render_number()'s Swedish figures whatever the page's language; a
 * page writes the same figure (integers whole, reals with at most two decimals, trailing
 * zeros dropped) the way its own language writes numbers. */
char *page_figure_text(const json_t *v)
{
    char out[48];
    if (json_is_integer(v))
        return xstrdup(i18n_number((long long)json_integer_value(v), 0, out, sizeof out));
    if (!json_is_real(v) || !isfinite(json_real_value(v)))
        return xstrdup("–");
    double d = json_real_value(v);
    long long hundredths = llround(fabs(d) * 100.0);
    if (d < 0)
        hundredths = -hundredths;
    if (hundredths % 100 == 0)
        return xstrdup(i18n_number(hundredths / 100, 0, out, sizeof out));
    if (hundredths % 10 == 0)
        return xstrdup(i18n_number(hundredths / 10, 1, out, sizeof out));
    return xstrdup(i18n_number(hundredths, 2, out, sizeof out));
}

char *page_percent_text(const json_t *v)
{
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return xstrdup("–");
    double d = json_number_value(v);
    long long tenths = llround(fabs(d) * 10.0);
    char out[48];
    i18n_number(d < 0 ? -tenths : tenths, 1, out, sizeof out);
    /* English sets the sign close, Swedish after a (no-break) space */
    return xasprintf(i18n_shown() == LANG_EN ? "%s%%" : "%s\xc2\xa0%%", out);
}

void page_range_of(const Ctx *c, ReportKind *kind, ReportRange *range)
{
    memset(range, 0, sizeof *range);
    *kind = ctx_query(c, "final") ? REPORT_SLUTRAPPORT : REPORT_LAGESRAPPORT;
    range->period = (int)ctx_query_long(c, "period", 1, 9999, 0);
    if (!range->period) {
        range->from = ctx_query(c, "from");
        range->to = ctx_query(c, "to");
    }
}

/* The trace link of a figure: /trace?figure=…&<the report's range>. Caller frees. */
static char *figure_href(const char *path, ReportKind kind, const ReportRange *range)
{
    if (kind == REPORT_SLUTRAPPORT)
        return page_url("/trace?final=1&figure=%s", path);
    if (range->period > 0) {
        char n[16];
        snprintf(n, sizeof n, "%d", range->period);
        return page_url("/trace?period=%s&figure=%s", n, path);
    }
    return page_url("/trace?from=%s&to=%s&figure=%s", range->from ? range->from : "",
                    range->to ? range->to : "", path);
}

void page_figure(Page *p, const json_t *report, const char *path, ReportKind kind,
                 const ReportRange *range)
{
    char *text = page_figure_text(trace_figure_value(report, path));
    const json_t *v = trace_figure_value(report, path);
    if (v && trace_allowed(&p->ctx->actor, path)) {
        char *href = figure_href(path, kind, range);
        page_link(p, href, text);
        free(href);
    } else {
        page_text(p, text);
    }
    free(text);
}

void page_figure_td(Page *p, const json_t *report, const char *path, ReportKind kind,
                    const ReportRange *range)
{
    page_raw(p, "<td class=\"num\">");
    page_figure(p, report, path, kind, range);
    page_raw(p, "</td>");
}

int page_project(Ctx *c, Page *p, int64_t *project_id)
{
    Errs errs;
    errs_init(&errs);
    int rc = project_resolve(c->db, NULL, project_id, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, rc == INSATS_ESTORAGE ? 500 : 404,
                         _("Databasen har inget projekt att visa (eller flera utan att ett är "
                           "valt)."));
    return 0;
}

char *page_public_base(Ctx *c)
{
    int64_t pid = 0;
    Errs errs;
    errs_init(&errs);
    if (project_resolve(c->db, NULL, &pid, &errs) != INSATS_OK)
        pid = 0;
    errs_free(&errs);
    char *url = project_public_url(c->db, pid, c->public_url);
    if (url)
        return url;
    const char *host = ctx_header(c, "host");
    return xasprintf("%s://%s", c->https ? "https" : "http", host && *host ? host : "localhost");
}

/* ---- the trace page ----------------------------------------------------------------------- */

typedef struct TracePage {
    Page *p;
    const TraceInfo *info;  /* its measure is known before the first row */
    long first, last;       /* the top-level rows of this page: [first, last) */
    long n;                 /* top-level rows seen so far */
    bool open;              /* a row's cell of details is open */
    Role role;              /* links only to the pages this role may open */
} TracePage;

/* The page of a record, by its kind (the record pages are /<kind>/{id}). Caller frees. */
static char *record_href(const TraceRow *r)
{
    switch (r->kind) {
    case TRACE_PERSON: return page_url("/people/%s", r->code);
    case TRACE_SESSION: return page_url("/activities/%s", r->parent);
    case TRACE_CERTIFICATE: return page_url("/certificates/%s", r->code);
    case TRACE_ORGANISATION: return page_url("/organisations/%s", r->code);
    case TRACE_BUDGET_LINE: return page_url("/budget/%s", r->parent);
    case TRACE_COST: return page_url("/costs/%s", r->code);
    case TRACE_MEETING: return page_url("/meetings/%s", r->code);
    case TRACE_GOAL_VALUE: return page_url("/goals/%s", r->parent);
    }
    return xstrdup("/");
}

/* What one row adds to the figure, in words ("2,5 h", "12 500 kr"). */
static void row_value(Page *p, const TraceRow *r, TraceMeasure m)
{
    json_t *v = NULL;
    switch (m) {
    case TRACE_SUM_HOURS: v = json_real((double)r->value / 100.0); break;
    case TRACE_SUM_KRONOR: v = json_real((double)r->value / 100.0); break;
    case TRACE_SUM_VALUE: v = json_real((double)r->value / 10000.0); break;
    case TRACE_LATEST: v = json_real((double)r->value / 100.0); break;
    default: break;
    }
    if (!v) {
        page_raw(p, "<td></td>");
        return;
    }
    char *t = page_figure_text(v);
    page_printf(p, "<td class=\"num\">%s%s</td>", t,
                m == TRACE_SUM_HOURS ? " h" : m == TRACE_LATEST ? "" : " kr");
    free(t);
    json_decref(v);
}

static void close_details(TracePage *tp)
{
    if (tp->open)
        page_raw(tp->p, "</ul></td></tr>\n");
    tp->open = false;
}

static int trace_row_out(void *ctx, const TraceRow *r)
{
    TracePage *tp = ctx;
    Page *p = tp->p;
    char *href = record_href(r);
    if (r->sub) {
        /* a detail of the row before it: listed in that row's last cell */
        if (tp->n - 1 >= tp->first && tp->n - 1 < tp->last) {
            if (!tp->open)
                page_raw(p, "<tr class=\"detail\"><td></td><td colspan=\"4\"><ul>");
            tp->open = true;
            page_raw(p, "<li>");
            const char *text = r->kind == TRACE_SESSION ? r->parent : r->code;
            if (router_may_get(tp->role, href))
                page_link(p, href, text);
            else
                page_text(p, text);
            page_printf(p, " %s %s</li>", r->kind == TRACE_SESSION ? r->code : "",
                        r->date ? r->date : (r->note ? r->note : ""));
        }
        free(href);
        return 0;
    }
    close_details(tp);
    long i = tp->n++;
    if (i >= tp->first && i < tp->last) {
        page_tr(p);
        if (router_may_get(tp->role, href))
            page_td_link(p, href, r->code);
        else
            page_td(p, r->code);
        page_td(p, r->name ? r->name : "");
        page_td(p, r->organisation ? r->organisation : (r->parent ? r->parent : ""));
        page_td(p, r->date ? r->date : (r->note ? r->note : ""));
        row_value(p, r, tp->info->measure);
        page_tr_end(p);
    }
    free(href);
    return 0;
}

int page_trace(Ctx *c, Page *p)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    const char *path = ctx_query(c, "figure");
    ReportKind kind;
    ReportRange range;
    page_range_of(c, &kind, &range);
    if (!path || !trace_path_known(path))
        return page_fail(p, 404, _("Siffran finns inte, eller kan inte spåras till poster."));
    if (!trace_allowed(&c->actor, path))
        return page_fail(p, 403, _("Din roll ser siffran men inte uppgifterna bakom den."));
    Errs errs;
    errs_init(&errs);
    json_t *report = NULL;
    rc = report_get(c->db, pid, kind, &range, &report, &errs);
    if (rc != INSATS_OK) {
        errs_free(&errs);
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500,
                         _("Rapporten för den perioden finns inte."));
    }
    char *label = freeze_figure_label(path, report);
    page_title(p, label);
    const json_t *period = json_object_get(report, "period");
    char *value = page_figure_text(trace_figure_value(report, path));
    char *span = xasprintf(_("(perioden %s – %s)"),
                           json_string_value(json_object_get(period, "from")),
                           json_string_value(json_object_get(period, "to")));
    page_printf(p, "<p class=\"figure\">%s <strong>%s</strong> %s</p>\n",
                _("Siffran i rapporten:"), value, span);
    free(span);
    free(value);

    long page = ctx_query_long(c, "page", 1, 1000000, 1);
    TraceInfo info = {0};
    TracePage tp = {.p = p, .info = &info, .role = c->actor.role, .first = (page - 1) * TRACE_PAGE_ROWS,
                    .last = page * TRACE_PAGE_ROWS};
    const char *const heads[] = {_("Id"), _("Namn"), _("Organisation / hör till"),
                                        _("Datum / anmärkning"), _("Bidrag"), NULL};
    page_table_begin(p, _("Posterna bakom siffran"), heads);
    rc = trace_list(c->db, &c->actor, pid, kind, &range, path, trace_row_out, &tp, &info, &errs);
    close_details(&tp);
    page_table_end(p);
    errs_free(&errs);
    if (rc != INSATS_OK) {
        json_decref(report);
        free(label);
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500,
                         _("Posterna bakom siffran kunde inte läsas."));
    }
    page_printf(p, "<p class=\"trace-count\">%s <strong data-rows=\"%lld\">%lld</strong>",
                _("Antal poster:"), (long long)info.rows, (long long)info.rows);
    if (info.hidden) {
        unsigned long hidden = (unsigned long)info.hidden;
        char *more = c->actor.role == ROLE_TRAINER
                         ? xasprintf(_n("och %lu i aktiviteter som inte är dina, som bara räknas "
                                        "här",
                                        "och %lu i aktiviteter som inte är dina, som bara räknas "
                                        "här",
                                        hidden),
                                     hidden)
                         : xasprintf(_n("och %lu i andra organisationer, som bara räknas här",
                                        "och %lu i andra organisationer, som bara räknas här",
                                        hidden),
                                     hidden);
        page_printf(p, " <span data-hidden=\"%lu\">%s</span>", hidden, more);
        free(more);
    }
    page_raw(p, "</p>\n");
    if (info.measure == TRACE_SHARE) {
        char *denominator = xasprintf(_("Nämnaren (antalet deltagare): %lld"),
                                      (long long)info.denominator);
        page_printf(p, "<p>%s</p>\n", denominator);
        free(denominator);
    }

    page_pager(p, page, (info.rows + TRACE_PAGE_ROWS - 1) / TRACE_PAGE_ROWS);
    json_decref(report);
    free(label);
    return 200;
}
