/* pages_reports.c — the reports: the lägesrapport of any period (or dates), the slutrapport and
 * any meeting's minutes in every format as downloads; a report's page listing every figure with
 * a link to the records behind it; freezing a period, the changes since it was frozen, and
 * reopening it with a reason (manager). The reports are the core's (report_get(),
 * minutes_build(), freeze_*()) and the formats the report layer's (render_bytes()). */
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "freeze.h"
#include "i18n.h"
#include "minutes.h"
#include "pages.h"
#include "render.h"
#include "trace.h"

static const char *const FORMAT_NAMES[] = {"html", "md", "pdf", "xlsx", "json", NULL};
/* Minutes are a document, not tables: no workbook (as on the command line). */
static const char *const MINUTES_FORMATS[] = {"html", "md", "pdf", "json", NULL};

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* Links to one report in every format: /reports/download?<query>&format=…. */
static void download_links(Page *p, const char *kind, const char *key, const char *value)
{
    const char *const *names = strcmp(kind, "minutes") == 0 ? MINUTES_FORMATS : FORMAT_NAMES;
    for (size_t i = 0; names[i]; i++) {
        char *href = page_url("/reports/download?kind=%s&%s=%s&format=%s", kind, key, value,
                              names[i]);
        page_raw(p, " ");
        page_link(p, href, names[i]);
        free(href);
    }
}

/* "fryst 2012-10-20 av Maria", "öppnad igen 2012-11-02 av Per: skäl" or "–". */
static void freeze_state(Page *p, const json_t *frozen)
{
    if (!json_is_object(frozen)) {
        page_text(p, _("inte fryst"));
        return;
    }
    const json_t *re = json_object_get(frozen, "reopened");
    char *state = json_is_object(re)
                      ? xasprintf(_("öppnad igen %s av %s: %s"), str(re, "at"), str(re, "by"),
                                  str(re, "reason"))
                      : xasprintf(_("fryst %s av %s"), str(frozen, "at"), str(frozen, "by"));
    page_text(p, state);
    free(state);
}

typedef struct MeetingRows {
    Page *p;
    bool header_seen;
} MeetingRows;

/* browse_list's meetings: id, date … as columns; the first call names them. */
static int meeting_row(void *ctx, int ncols, const char *const *values)
{
    MeetingRows *m = ctx;
    if (!m->header_seen) {
        m->header_seen = true;
        return 0;
    }
    Page *p = m->p;
    page_tr(p);
    page_td(p, values[0]);
    page_td(p, ncols > 2 ? values[2] : "");
    page_td(p, ncols > 1 ? values[1] : "");
    page_raw(p, "<td>");
    download_links(p, "minutes", "meeting", values[0]);
    page_raw(p, "</td>");
    page_tr_end(p);
    return 0;
}

int page_reports(Ctx *c, Page *p)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    Errs errs;
    errs_init(&errs);
    json_t *periods = NULL;
    rc = freeze_periods(c->db, pid, &periods, &errs);
    if (rc != INSATS_OK) {
        errs_free(&errs);
        return page_fail(p, 500, _("Rapportperioderna kunde inte läsas."));
    }
    page_title(p, _("Rapporter"));
    page_printf(p, "<h2>%s</h2>\n", _("Lägesrapporter"));
    const char *const heads[] = {_("Period"), _("Datum"), _("Status"), _("Ladda ned"),
                                        NULL};
    page_table_begin(p, _("Rapportperioderna"), heads);
    size_t i;
    const json_t *per;
    json_array_foreach(periods, i, per) {
        char n[16];
        snprintf(n, sizeof n, "%lld", (long long)json_integer_value(json_object_get(per, "number")));
        char *href = page_url("/reports/lagesrapport/%s", n);
        page_tr(p);
        page_td_link(p, href, n);
        page_printf(p, "<td>%s – %s</td><td>", str(per, "from"), str(per, "to"));
        freeze_state(p, json_object_get(per, "frozen"));
        page_raw(p, "</td><td>");
        download_links(p, "lagesrapport", "period", n);
        page_raw(p, "</td>");
        page_tr_end(p);
        free(href);
    }
    page_table_end(p);
    json_decref(periods);

    page_printf(p, "<h3>%s</h3>\n", _("Lägesrapport för valfria datum"));
    page_form_get_begin(p, "/reports/download");
    page_hidden(p, "kind", "lagesrapport");
    page_field(p, &(PageField){.name = "from", .label = _("Från och med"), .type = "date",
                               .required = true});
    page_field(p, &(PageField){.name = "to", .label = _("Till och med"), .type = "date",
                               .required = true});
    static const char *const fmts[] = {"html", "HTML", "md", "Markdown", "pdf", "PDF", "xlsx",
                                       "XLSX", "json", "JSON", NULL};
    page_field(p, &(PageField){.name = "format", .label = _("Format"), .type = "select",
                               .options = fmts, .value = "pdf"});
    page_submit(p, _("Ladda ned"));
    page_form_end(p);

    page_printf(p, "<h2>%s</h2>\n<p>", _("Slutrapport"));
    page_link(p, "/reports/slutrapport", _("Slutrapportens siffror"));
    page_raw(p, " –");
    download_links(p, "slutrapport", "final", "1");
    page_raw(p, "</p>\n");

    /* Minutes name the people at a meeting: not for a role that sees no names. */
    if (actor_sees_names(&c->actor)) {
        page_printf(p, "<h2>%s</h2>\n", _("Minnesanteckningar"));
        const char *const mh[] = {_("Möte"), _("Titel"), _("Datum"), _("Ladda ned"),
                                         NULL};
        page_table_begin(p, _("Mötena"), mh);
        MeetingRows m = {.p = p};
        rc = browse_list(c->db, &c->actor, pid, "meetings", NULL, meeting_row, &m, &errs);
        page_table_end(p);
        if (rc != INSATS_OK) {
            errs_free(&errs);
            return page_fail(p, 500, _("Mötena kunde inte läsas."));
        }
    }
    errs_free(&errs);
    return 200;
}

/* ---- downloads -------------------------------------------------------------------------------- */

int page_report_download(Ctx *c, Page *p)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    const char *kind = ctx_query(c, "kind");
    const RenderFormat *f = render_format(ctx_query(c, "format"));
    if (!kind || !f)
        return page_fail(p, 400, _("Ange vilken rapport (kind) och vilket format (html, md, pdf, "
                                   "xlsx eller json)."));
    Errs errs;
    errs_init(&errs);
    json_t *report = NULL;
    char *name = NULL;
    if (strcmp(kind, "minutes") == 0) {
        const char *meeting = ctx_query(c, "meeting");
        if (strcmp(f->name, "xlsx") == 0) {
            errs_free(&errs);
            return page_fail(p, 400, _("Minnesanteckningar finns som html, md, pdf och json."));
        }
        rc = meeting ? minutes_build(c->db, &c->actor, pid, meeting, &report, &errs)
                     : INSATS_EINPUT;
        if (rc == INSATS_EFORBIDDEN) {
            errs_free(&errs);
            return page_fail(p, 403, _("Minnesanteckningar innehåller namn, som din roll inte "
                                       "ser."));
        }
        name = xasprintf("minnesanteckningar-%s.%s", meeting ? meeting : "", f->ext);
    } else if (strcmp(kind, "lagesrapport") == 0 || strcmp(kind, "slutrapport") == 0) {
        ReportKind k = kind[0] == 's' ? REPORT_SLUTRAPPORT : REPORT_LAGESRAPPORT;
        ReportRange range = {(int)ctx_query_long(c, "period", 1, 9999, 0), ctx_query(c, "from"),
                             ctx_query(c, "to")};
        rc = report_get(c->db, pid, k, &range, &report, &errs);
        if (k == REPORT_SLUTRAPPORT)
            name = xasprintf("slutrapport.%s", f->ext);
        else if (range.period)
            name = xasprintf("lagesrapport-%03d.%s", range.period, f->ext);
        else
            name = xasprintf("lagesrapport-%s-%s.%s", range.from ? range.from : "",
                             range.to ? range.to : "", f->ext);
    } else {
        errs_free(&errs);
        return page_fail(p, 404, _("Det finns ingen sådan rapport."));
    }
    if (rc != INSATS_OK) {
        errs_free(&errs);
        free(name);
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500,
                         _("Rapporten finns inte: kontrollera perioden, datumen eller mötet."));
    }
    Buf out = {0};
    rc = render_bytes(report, f, &out, &errs);
    json_decref(report);
    errs_free(&errs);
    if (rc == INSATS_OK)
        page_bytes(p, f->content_type, name, out.data ? out.data : "", out.len);
    buf_free(&out);
    free(name);
    return rc == INSATS_OK ? 200 : page_fail(p, 500, _("Rapporten kunde inte skrivas."));
}

/* ---- a report's page: its figures, freeze, diff, reopen ------------------------------------------ */

typedef struct FigureRows {
    Page *p;
    const json_t *report;
    ReportKind kind;
    const ReportRange *range;
} FigureRows;

static void figure_row(void *ctx, const char *path, const json_t *value)
{
    FigureRows *fr = ctx;
    (void)value;
    char *label = freeze_figure_label(path, fr->report);
    page_tr(fr->p);
    page_th_row(fr->p, label);
    page_figure_td(fr->p, fr->report, path, fr->kind, fr->range);
    page_tr_end(fr->p);
    free(label);
}

/* The figures of a report, each linked to its records when the role may see them. */
static void figure_table(Page *p, const json_t *report, ReportKind kind, const ReportRange *range)
{
    const char *const heads[] = {_("Siffra"), _("Värde"), NULL};
    page_table_begin(p, _("Rapportens siffror och posterna bakom dem"), heads);
    FigureRows fr = {p, report, kind, range};
    trace_figures(report, figure_row, &fr);
    page_table_end(p);
}

/* The manager's forms of a period: freeze, or the changes since and reopening with a reason. */
static void period_forms(Page *p, int period, const json_t *frozen, const char *reason_error,
                         const char *reason)
{
    char n[16];
    snprintf(n, sizeof n, "%d", period);
    char *freeze = page_url("/reports/lagesrapport/%s/freeze", n);
    char *reopen = page_url("/reports/lagesrapport/%s/reopen", n);
    char *diff = page_url("/reports/lagesrapport/%s/diff", n);
    bool in_force = json_is_object(frozen) && !json_is_object(json_object_get(frozen, "reopened"));
    page_printf(p, "<h2>%s</h2>\n", _("Frysa och öppna"));
    if (json_is_object(frozen)) {
        page_raw(p, "<p>");
        page_link(p, diff, _("Vad har ändrats sedan perioden frystes?"));
        page_raw(p, "</p>\n");
    }
    if (!in_force) {
        page_printf(p, "<p>%s</p>\n", _("När rapporten är inlämnad fryses perioden: siffrorna "
                                        "sparas som de lämnades, och data inom perioden kan inte "
                                        "ändras förrän den öppnas igen."));
        page_button_form(p, freeze, _("Frys perioden"));
    } else {
        page_form_begin(p, reopen);
        page_field(p, &(PageField){.name = "reason", .label = _("Skäl att öppna perioden"),
                                   .type = "textarea", .value = reason, .error = reason_error,
                                   .required = true});
        page_submit(p, _("Öppna perioden igen"));
        page_form_end(p);
    }
    free(freeze);
    free(reopen);
    free(diff);
}

/* The page of lägesrapport period n (or the slutrapport when n is 0). */
static int report_page(Ctx *c, Page *p, int period, const char *reason_error, const char *reason,
                       const char *refusal)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    ReportKind kind = period ? REPORT_LAGESRAPPORT : REPORT_SLUTRAPPORT;
    ReportRange range = {period, NULL, NULL};
    Errs errs;
    errs_init(&errs);
    json_t *report = NULL;
    rc = report_get(c->db, pid, kind, &range, &report, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500, _("Det finns ingen sådan period."));
    const json_t *per = json_object_get(report, "period");
    if (period) {
        char *title = xasprintf(_("Lägesrapport, period %d"), period);
        page_title(p, title);
        free(title);
    } else {
        page_title(p, _("Slutrapport"));
    }
    if (refusal)
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p><p>%s</p></div>\n",
                    _("Det gick inte:"), refusal);
    page_printf(p, "<p>%s – %s. ", str(per, "from"), str(per, "to"));
    freeze_state(p, json_object_get(report, "frozen"));
    page_raw(p, ".</p>\n<p>");
    page_text(p, _("Ladda ned:"));
    char n[16];
    snprintf(n, sizeof n, "%d", period);
    if (period)
        download_links(p, "lagesrapport", "period", n);
    else
        download_links(p, "slutrapport", "final", "1");
    page_raw(p, "</p>\n");
    figure_table(p, report, kind, &range);
    if (period && c->actor.role == ROLE_MANAGER)
        period_forms(p, period, json_object_get(report, "frozen"), reason_error, reason);
    json_decref(report);
    return refusal || reason_error ? 400 : 200;
}

static int path_period(const Ctx *c)
{
    const char *s = ctx_param(c, "period");
    char *end = NULL;
    long n = s ? strtol(s, &end, 10) : 0;
    return s && *s && end && !*end && n > 0 && n < 10000 ? (int)n : -1;
}

int page_report_period(Ctx *c, Page *p)
{
    int n = path_period(c);
    return n < 0 ? page_fail(p, 404, _("Det finns ingen sådan period."))
                 : report_page(c, p, n, NULL, NULL, NULL);
}

int page_report_final(Ctx *c, Page *p) { return report_page(c, p, 0, NULL, NULL, NULL); }

/* Who did it, as the snapshot records it: the account's name, else its login. */
static const char *actor_label(const Ctx *c)
{
    return c->actor.name[0] ? c->actor.name : c->actor.login;
}

/* Freezes period {period} (reason NULL) or reopens it with the reason: on success back to the
 * period's page; a refusal of the core (frozen already, not ended, not frozen) shows the page
 * with its message, 409. */
static int period_change(Ctx *c, Page *p, const char *reason)
{
    int n = path_period(c);
    int64_t pid;
    if (n < 0)
        return page_fail(p, 404, _("Det finns ingen sådan period."));
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = reason ? freeze_reopen(c->db, pid, n, actor_label(c), reason, &errs)
                : freeze_period(c->db, pid, n, actor_label(c), &errs);
    if (rc != INSATS_OK) {
        int status = report_page(c, p, n, NULL, reason, errs.count ? errs.msgs[0] : "");
        errs_free(&errs);
        return status == 400 ? 409 : status;
    }
    errs_free(&errs);
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    char *to = page_url("/reports/lagesrapport/%s", num);
    page_redirect(p, to);
    free(to);
    return 303;
}

int page_report_freeze(Ctx *c, Page *p) { return period_change(c, p, NULL); }

int page_report_reopen(Ctx *c, Page *p)
{
    const char *reason = ctx_form(c, "reason");
    bool blank = true;
    for (const char *s = reason; s && *s; s++)
        blank = blank && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n');
    int n = path_period(c);
    if (blank && n > 0)
        return report_page(c, p, n, _("Skriv varför perioden öppnas: skälet sparas med "
                                      "ändringen."), reason, NULL);
    return period_change(c, p, blank ? "" : reason);
}

int page_report_diff(Ctx *c, Page *p)
{
    int n = path_period(c);
    int64_t pid;
    if (n < 0)
        return page_fail(p, 404, _("Det finns ingen sådan period."));
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    Errs errs;
    errs_init(&errs);
    json_t *changes = NULL, *report = NULL;
    ReportRange range = {n, NULL, NULL};
    rc = freeze_diff(c->db, pid, n, &changes, &errs);
    if (rc == INSATS_OK)
        rc = report_get(c->db, pid, REPORT_LAGESRAPPORT, &range, &report, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK) {
        json_decref(changes);
        return page_fail(p, 404, _("Perioden har inte frysts, så det finns inget att jämföra."));
    }
    char *title = xasprintf(_("Ändrat sedan frysningen, period %d"), n);

    page_title(p, title);
    free(title);
    const char *const heads[] = {_("Siffra"), _("Inlämnat"), _("Nu"), NULL};
    page_table_begin(p, _("Siffror som skiljer sig från de inlämnade"), heads);
    size_t i;
    const json_t *ch;
    json_array_foreach(changes, i, ch) {
        char *label = freeze_figure_label(str(ch, "path"), report);
        char *was = page_figure_text(json_object_get(ch, "reported"));
        char *now = page_figure_text(json_object_get(ch, "now"));
        page_tr(p);
        page_th_row(p, label);
        page_td(p, json_is_number(json_object_get(ch, "reported")) ? was : "…");
        page_td(p, json_is_number(json_object_get(ch, "now")) ? now : "…");
        page_tr_end(p);
        free(label);
        free(was);
        free(now);
    }
    page_table_end(p);
    if (json_array_size(changes) == 0)
        page_printf(p, "<p>%s</p>\n", _("Inget har ändrats."));
    json_decref(changes);
    json_decref(report);
    return 200;
}
