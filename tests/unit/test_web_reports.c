/* test_web_reports.c — the dashboard, trace and report pages (pages_dashboard.c,
 * pages_trace.c, pages_reports.c) on the small demo: each handler run as the router runs it,
 * after its rules, with a request context of a role; and the route table's rows for them.
 * The trace page lists as many records as the figure says, for a sample of every figure of a
 * report; a reader gets the figures without links and no trace; every report downloads in every
 * format with its content type and name, a PDF that is a PDF and a workbook that unzips; a
 * manager freezes a period and reopens it only with a reason. The same over HTTP with a signed-in
 * client of the test harness, for a sample. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dashboard.h"
#include "freeze.h"
#include "i18n.h"
#include "pages.h"
#include "router.h"
#include "testutil.h"
#include "trace.h"
#include "webtest.h"

/* One server on the small demo for the whole program (the demo import is slow under the
 * sanitizers); the handler tests use a connection of their own to its database. */
static WtServer *web;
static TuDb *t;

static int setup(void **state)
{
    (void)state;
    web = wt_start(&(WtOptions){.demo = true});
    if (!web)
        return -1;
    t = xcalloc(1, sizeof *t);
    t->db = wt_db(web);
    t->dir = web->dir;
    t->project = tu_project_id(t->db, "kna");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(t->db);
    free(t);
    wt_stop(web);
    return 0;
}

/* A request as the router hands it to a handler: signed in with this role, the query (and
 * form) given as name, value, …, NULL. */
typedef struct Req {
    Ctx c;
    Page p;
    int status;
} Req;

static void req_init(Req *r, Role role, const char *const *query, const char *const *form)
{
    memset(r, 0, sizeof *r);
    r->c.authenticated = true;
    r->c.actor.role = role;
    snprintf(r->c.actor.login, sizeof r->c.actor.login, "%s", "testare");
    snprintf(r->c.actor.name, sizeof r->c.actor.name, "%s", "Test Testsson");
    r->c.db = t->db;
    r->c.path = xstrdup("/");
    for (size_t i = 0; query && query[i]; i += 2)
        web_pairs_add(&r->c.query, query[i], query[i + 1], strlen(query[i + 1]));
    for (size_t i = 0; form && form[i]; i += 2)
        web_pairs_add(&r->c.form, form[i], form[i + 1], strlen(form[i + 1]));
    page_init(&r->p, &r->c);
}

static void req_param(Req *r, const char *name, const char *value)
{
    web_pairs_add(&r->c.params, name, value, strlen(value));
}

static const char *body(const Req *r)
{
    return r->p.body.data ? r->p.body.data : "";
}

static void req_free(Req *r)
{
    page_free(&r->p);
    ctx_free(&r->c);
}

static json_t *report_of(int period)
{
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, NULL, NULL};
    json_t *rep = NULL;
    assert_int_equal(report_get(t->db, t->project, period ? REPORT_LAGESRAPPORT
                                                          : REPORT_SLUTRAPPORT,
                                &range, &rep, &errs),
                     INSATS_OK);
    errs_free(&errs);
    return rep;
}

/* The dashboard: the charts inline, the funder's table, counts linked to their records — but
 * not for a reader, who sees the same figures without links. */
static void test_dashboard_page(void **state)
{
    (void)state;
    Req m, rd;
    req_init(&m, ROLE_MANAGER, NULL, NULL);
    assert_int_equal(page_dashboard(&m.c, &m.p), 200);
    assert_non_null(strstr(body(&m), "<svg"));
    assert_non_null(strstr(body(&m), "Sammanställning av aktiviteter/utbildningar"));
    assert_non_null(strstr(body(&m), "href=\"/trace?period="));
    assert_non_null(strstr(body(&m), "figure=participants.period.total"));
    req_init(&rd, ROLE_READER, NULL, NULL);
    assert_int_equal(page_dashboard(&rd.c, &rd.p), 200);
    assert_non_null(strstr(body(&rd), "<svg"));
    assert_null(strstr(body(&rd), "/trace?"));
    /* nor for admin, whose part is the accounts: no list of people behind a figure */
    Req ad;
    req_init(&ad, ROLE_ADMIN, NULL, NULL);
    assert_int_equal(page_dashboard(&ad.c, &ad.p), 200);
    assert_null(strstr(body(&ad), "/trace?"));
    req_free(&ad);
    /* the open actions name their meetings; a link to one only for the roles that may open
     * it, the economist (who does not read meetings) gets the titles alone */
    assert_non_null(strstr(body(&m), "href=\"/meetings/"));
    Req ec;
    req_init(&ec, ROLE_ECONOMIST, NULL, NULL);
    assert_int_equal(page_dashboard(&ec.c, &ec.p), 200);
    assert_non_null(strstr(body(&ec), "Öppna åtgärder från mötena"));
    assert_null(strstr(body(&ec), "href=\"/meetings/"));
    req_free(&ec);
    /* the same tables, only the links gone: as many numeric cells */
    size_t nm = 0, nr = 0;
    for (const char *s = body(&m); (s = strstr(s, "<td class=\"num\">")); s++)
        nm++;
    for (const char *s = body(&rd); (s = strstr(s, "<td class=\"num\">")); s++)
        nr++;
    assert_true(nm > 20);
    assert_int_equal(nm, nr);
    req_free(&m);
    req_free(&rd);
}

typedef struct Sample {
    int period;
    size_t seen, checked;
} Sample;

/* The number in `data-rows="N"` of a trace page, or −1. */
static long long page_rows(const char *html)
{
    const char *s = strstr(html, "data-rows=\"");
    return s ? atoll(s + 11) : -1;
}

/* Every third figure of the report through the trace page: its count of records is the one
 * the core lists, and for a count it is the figure itself. */
static void sample_figure(void *ctx, const char *path, const json_t *value)
{
    Sample *sm = ctx;
    if (sm->seen++ % 3)
        return;
    char n[16];
    snprintf(n, sizeof n, "%d", sm->period);
    const char *q[] = {"period", n, "figure", path, NULL};
    const char *qf[] = {"final", "1", "figure", path, NULL};
    Req r;
    req_init(&r, ROLE_MANAGER, sm->period ? q : qf, NULL);
    assert_int_equal(page_trace(&r.c, &r.p), 200);
    TraceInfo info;
    Errs errs;
    errs_init(&errs);
    ReportRange range = {sm->period, NULL, NULL};
    assert_int_equal(trace_list(t->db, &r.c.actor, t->project,
                                sm->period ? REPORT_LAGESRAPPORT : REPORT_SLUTRAPPORT, &range,
                                path, NULL, NULL, &info, &errs),
                     INSATS_OK);
    errs_free(&errs);
    assert_int_equal(page_rows(body(&r)), info.rows);
    if (info.measure == TRACE_COUNT && json_integer_value(value) != info.rows)
        fail_msg("%s: the page lists %lld records for a figure of %lld", path,
                 (long long)info.rows, (long long)json_integer_value(value));
    /* one table row per record on the first page (at most 100) */
    size_t rows = 0;
    for (const char *s = strstr(body(&r), "<tbody>"); s && (s = strstr(s, "<tr>")); s++)
        rows++;
    assert_int_equal(rows, info.rows < 100 ? info.rows : 100);
    sm->checked++;
    req_free(&r);
}

static void test_trace_pages_count_the_figures(void **state)
{
    (void)state;
    static const int periods[] = {6, 0};
    for (size_t i = 0; i < 2; i++) {
        json_t *rep = report_of(periods[i]);
        Sample sm = {.period = periods[i]};
        trace_figures(rep, sample_figure, &sm);
        assert_true(sm.checked > 15);
        json_decref(rep);
    }
}

/* A reader, an evaluator and admin (the accounts, no people: /people is closed to them) get
 * no list; a coordinator gets their own organisation's people. */
static void test_trace_page_roles(void **state)
{
    (void)state;
    const char *q[] = {"period", "6", "figure", "participants.period.total", NULL};
    static const Role blind[] = {ROLE_READER, ROLE_EVALUATOR, ROLE_ADMIN};
    for (size_t i = 0; i < sizeof blind / sizeof *blind; i++) {
        Req r;
        req_init(&r, blind[i], q, NULL);
        assert_int_equal(page_trace(&r.c, &r.p), 403);
        assert_null(strstr(body(&r), "/people/"));
        req_free(&r);
    }
    Req r;
    req_init(&r, ROLE_COORDINATOR, q, NULL);
    r.c.actor.organisation_id =
        tu_query_int(t->db, "SELECT organisation_id FROM person p JOIN attendance a ON"
                            " a.person_id = p.id WHERE a.present = 1 LIMIT 1");
    assert_int_equal(page_trace(&r.c, &r.p), 200);
    assert_non_null(strstr(body(&r), "data-hidden=\""));
    req_free(&r);
    const char *bad[] = {"period", "6", "figure", "participants.planned", NULL};
    req_init(&r, ROLE_MANAGER, bad, NULL);
    assert_int_equal(page_trace(&r.c, &r.p), 404);
    req_free(&r);
}

/* Every link of a page leads to a page its viewer's role may open (the query aside). */
static void assert_links_open_for(const char *html, Role role)
{
    for (const char *s = html; (s = strstr(s, "href=\"/")) != NULL;) {
        s += 6;
        size_t n = strcspn(s, "\"?#");
        char path[512];
        snprintf(path, sizeof path, "%.*s", (int)n, s);
        if (strncmp(path, "/static/", 8) != 0 && !router_may_get(role, path))
            fail_msg("the page links to %s, which role %d may not open", path, (int)role);
    }
}

/* Whatever a role may see of the start page and of the records behind a figure, it is not
 * led to a refusal: no link to a page its role may not open. */
static void test_links_lead_where_the_role_may_go(void **state)
{
    (void)state;
    const char *q[] = {"period", "6", "figure", "participants.period.total", NULL};
    const char *qb[] = {"period", "6", "figure", "budget.period.actual", NULL};
    for (int role = 0; role < ROLE_COUNT; role++) {
        Req r;
        req_init(&r, (Role)role, NULL, NULL);
        assert_int_equal(page_dashboard(&r.c, &r.p), 200);
        assert_links_open_for(body(&r), (Role)role);
        req_free(&r);
        for (int k = 0; k < 2; k++) {
            req_init(&r, (Role)role, k ? qb : q, NULL);
            if (page_trace(&r.c, &r.p) == 200)
                assert_links_open_for(body(&r), (Role)role);
            req_free(&r);
        }
    }
}

/* The first person of another organisation than `org_id` behind figure `path` (a
 * manager's trace), into name. */
typedef struct OtherName {
    const char *org;          /* the coordinator's organisation's code */
    char name[128];
} OtherName;

static int other_name_row(void *ctx, const TraceRow *row)
{
    OtherName *o = ctx;
    if (!row->sub && row->kind == TRACE_PERSON && row->name && !o->name[0] &&
        strcmp(row->organisation, o->org) != 0)
        snprintf(o->name, sizeof o->name, "%s", row->name);
    return 0;
}

/* A coordinator tracing a figure: their own organisation's people by name, the others only
 * counted (no name of theirs on the page), and the two together the figure. */
static void test_trace_page_coordinator_names(void **state)
{
    (void)state;
    const char *path = "participants.period.total";
    int64_t org = tu_query_int(t->db, "SELECT organisation_id FROM person p JOIN attendance a"
                                      " ON a.person_id = p.id WHERE a.present = 1 LIMIT 1");
    char *sql = xasprintf("SELECT code FROM organisation WHERE id = %lld", (long long)org);
    sqlite3_stmt *st = db_prepare(t->db, sql);
    free(sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    OtherName o = {.org = xstrdup((const char *)sqlite3_column_text(st, 0))};
    sqlite3_finalize(st);
    Actor mgr = {.role = ROLE_MANAGER};
    ReportRange range = {6, NULL, NULL};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(trace_list(t->db, &mgr, t->project, REPORT_LAGESRAPPORT, &range, path,
                                other_name_row, &o, NULL, &errs),
                     INSATS_OK);
    errs_free(&errs);
    assert_true(o.name[0] != '\0');

    const char *q[] = {"period", "6", "figure", path, NULL};
    Req r;
    req_init(&r, ROLE_COORDINATOR, q, NULL);
    r.c.actor.organisation_id = org;
    assert_int_equal(page_trace(&r.c, &r.p), 200);
    assert_null(strstr(body(&r), o.name));
    const char *rows = strstr(body(&r), "data-rows=\"");
    const char *hidden = strstr(body(&r), "data-hidden=\"");
    assert_non_null(rows);
    assert_non_null(hidden);
    json_t *rep = report_of(6);
    assert_int_equal(atoll(rows + 11) + atoll(hidden + 13),
                     json_integer_value(trace_figure_value(rep, path)));
    json_decref(rep);
    req_free(&r);
    /* The manager's page names them. */
    req_init(&r, ROLE_MANAGER, q, NULL);
    assert_int_equal(page_trace(&r.c, &r.p), 200);
    assert_non_null(strstr(body(&r), o.name));
    req_free(&r);
    free((char *)o.org);
}

/* A coordinator's minutes: every attendee is there, those of other organisations without a
 * name, and no name of theirs anywhere in the minutes as downloaded. */
static void test_minutes_coordinator(void **state)
{
    (void)state;
    /* A held meeting with attendees of at least two organisations. */
    sqlite3_stmt *st = db_prepare(
        t->db, "SELECT m.code, min(p.organisation_id) FROM meeting m"
               " JOIN meeting_attendee a ON a.meeting_id = m.id JOIN person p ON p.id = a.person_id"
               " WHERE m.status = 'held' GROUP BY m.id"
               " HAVING count(DISTINCT p.organisation_id) > 1 ORDER BY m.meeting_date LIMIT 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *meeting = xstrdup((const char *)sqlite3_column_text(st, 0));
    int64_t org = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    char *sql = xasprintf("SELECT name FROM organisation WHERE id = %lld", (long long)org);
    st = db_prepare(t->db, sql);
    free(sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *org_name = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);

    const char *mq[] = {"kind", "minutes", "meeting", meeting, "format", "json", NULL};
    Req all, co;
    req_init(&all, ROLE_MANAGER, mq, NULL);
    assert_int_equal(page_report_download(&all.c, &all.p), 200);
    req_init(&co, ROLE_COORDINATOR, mq, NULL);
    co.c.actor.organisation_id = org;
    assert_int_equal(page_report_download(&co.c, &co.p), 200);
    json_t *a = json_loadb(all.p.body.data, all.p.body.len, 0, NULL);
    json_t *b = json_loadb(co.p.body.data, co.p.body.len, 0, NULL);
    const json_t *aa = json_object_get(json_object_get(a, "meeting"), "attendees");
    const json_t *ba = json_object_get(json_object_get(b, "meeting"), "attendees");
    assert_int_equal(json_array_size(aa), json_array_size(ba));
    size_t i, others = 0;
    const json_t *x;
    json_array_foreach(aa, i, x) {
        const json_t *y = json_array_get(ba, i);
        const char *on = json_string_value(json_object_get(x, "organisation"));
        bool guest = json_is_true(json_object_get(x, "guest"));
        bool ours = guest || (on && strcmp(on, org_name) == 0);
        assert_string_equal(json_string_value(json_object_get(y, "status")),
                            json_string_value(json_object_get(x, "status")));
        if (ours) {
            assert_true(json_equal(json_object_get(x, "name"), json_object_get(y, "name")));
            continue;
        }
        assert_true(json_is_null(json_object_get(y, "name")));
        const char *name = json_string_value(json_object_get(x, "name"));
        assert_null(strstr(body(&co), name));
        others++;
    }
    assert_true(others > 0);
    assert_true(json_integer_value(json_object_get(json_object_get(b, "meeting"),
                                                   "names_withheld")) >= (json_int_t)others);
    assert_null(json_object_get(json_object_get(a, "meeting"), "names_withheld"));
    json_decref(a);
    json_decref(b);
    req_free(&all);
    req_free(&co);
    /* The rendered minutes say why names are missing. */
    const char *hq[] = {"kind", "minutes", "meeting", meeting, "format", "html", NULL};
    req_init(&co, ROLE_COORDINATOR, hq, NULL);
    co.c.actor.organisation_id = org;
    assert_int_equal(page_report_download(&co.c, &co.p), 200);
    assert_non_null(strstr(body(&co), "utanför det din roll har tillgång till"));
    req_free(&co);
    free(meeting);
    free(org_name);
}

/* The bytes of a download into a file, for the tools that check it. */
static char *save(const Req *r, const char *name)
{
    char *path = xasprintf("%s/%s", t->dir, name);
    tu_write_file(path, r->p.body.data, r->p.body.len);
    return path;
}

static void download(const char *const *query, const char *format, const char *type,
                     const char *filename)
{
    const char *q[12];
    size_t n = 0;
    for (; query[n]; n++)
        q[n] = query[n];
    q[n++] = "format";
    q[n++] = format;
    q[n] = NULL;
    Req r;
    req_init(&r, ROLE_MANAGER, q, NULL);
    assert_int_equal(page_report_download(&r.c, &r.p), 200);
    assert_string_equal(r.p.content_type, type);
    assert_string_equal(r.p.filename, filename);
    assert_true(r.p.body.len > 100);
    if (strcmp(format, "pdf") == 0)
        assert_memory_equal(r.p.body.data, "%PDF", 4);
    if (strcmp(format, "json") == 0) {
        json_t *j = json_loadb(r.p.body.data, r.p.body.len, 0, NULL);
        assert_non_null(j);
        assert_non_null(json_object_get(j, "report"));
        json_decref(j);
    }
    if (strcmp(format, "html") == 0)
        assert_non_null(strstr(body(&r), "<html"));
    if (strcmp(format, "xlsx") == 0) {
        char *path = save(&r, filename);
        char *cmd = xasprintf("unzip -tq '%s' >/dev/null", path);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        free(path);
    }
    req_free(&r);
}

static void test_downloads(void **state)
{
    (void)state;
    static const char *const formats[][3] = {
        {"html", "text/html; charset=utf-8", "html"},
        {"md", "text/markdown; charset=utf-8", "md"},
        {"pdf", "application/pdf", "pdf"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
        {"json", "application/json", "json"},
    };
    char *meeting = NULL;
    sqlite3_stmt *st = db_prepare(t->db, "SELECT code FROM meeting WHERE status = 'held'"
                                         " ORDER BY meeting_date LIMIT 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    meeting = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    for (size_t i = 0; i < 5; i++) {
        char name[64];
        const char *lq[] = {"kind", "lagesrapport", "period", "6", NULL};
        snprintf(name, sizeof name, "lagesrapport-006.%s", formats[i][2]);
        download(lq, formats[i][0], formats[i][1], name);
        const char *sq[] = {"kind", "slutrapport", NULL};
        snprintf(name, sizeof name, "slutrapport.%s", formats[i][2]);
        download(sq, formats[i][0], formats[i][1], name);
        /* a free range is the same report: its text formats suffice here */
        const char *fq[] = {"kind", "lagesrapport", "from", "2012-10-01", "to", "2012-12-31",
                            NULL};
        snprintf(name, sizeof name, "lagesrapport-2012-10-01-2012-12-31.%s", formats[i][2]);
        if (strcmp(formats[i][0], "pdf") != 0 && strcmp(formats[i][0], "xlsx") != 0)
            download(fq, formats[i][0], formats[i][1], name);
        /* minutes have no workbook */
        if (strcmp(formats[i][0], "xlsx") == 0)
            continue;
        const char *mq[] = {"kind", "minutes", "meeting", meeting, NULL};
        snprintf(name, sizeof name, "minnesanteckningar-%s.%s", meeting, formats[i][2]);
        download(mq, formats[i][0], formats[i][1], name);
    }
    /* a reader may have the reports, not the minutes (they name people) */
    const char *mq[] = {"kind", "minutes", "meeting", meeting, "format", "pdf", NULL};
    Req r;
    req_init(&r, ROLE_READER, mq, NULL);
    assert_int_equal(page_report_download(&r.c, &r.p), 403);
    req_free(&r);
    const char *mx[] = {"kind", "minutes", "meeting", meeting, "format", "xlsx", NULL};
    req_init(&r, ROLE_MANAGER, mx, NULL);
    assert_int_equal(page_report_download(&r.c, &r.p), 400);
    req_free(&r);
    const char *bad[] = {"kind", "lagesrapport", "period", "99", "format", "pdf", NULL};
    req_init(&r, ROLE_MANAGER, bad, NULL);
    assert_int_equal(page_report_download(&r.c, &r.p), 404);
    req_free(&r);
    free(meeting);
}

/* Freeze, a refused reopen without a reason, a reopen with one (recorded), and the route table
 * giving these forms to the manager only. */
static void test_freeze_and_reopen(void **state)
{
    (void)state;
    Req r;
    req_init(&r, ROLE_MANAGER, NULL, NULL);
    req_param(&r, "period", "2");
    assert_int_equal(page_report_freeze(&r.c, &r.p), 303);
    req_free(&r);
    req_init(&r, ROLE_MANAGER, NULL, NULL);
    req_param(&r, "period", "2");
    assert_int_equal(page_report_period(&r.c, &r.p), 200);
    assert_non_null(strstr(body(&r), "fryst"));
    assert_non_null(strstr(body(&r), "Test Testsson"));
    req_free(&r);
    /* frozen twice: refused, with the core's reason on the page */
    req_init(&r, ROLE_MANAGER, NULL, NULL);
    req_param(&r, "period", "2");
    assert_int_equal(page_report_freeze(&r.c, &r.p), 409);
    assert_non_null(strstr(body(&r), "role=\"alert\""));
    req_free(&r);

    const char *blank[] = {"reason", "   ", NULL};
    req_init(&r, ROLE_MANAGER, NULL, blank);
    req_param(&r, "period", "2");
    assert_int_equal(page_report_reopen(&r.c, &r.p), 400);
    assert_non_null(strstr(body(&r), "Skriv varför perioden öppnas"));
    req_free(&r);
    json_t *periods = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(freeze_periods(t->db, t->project, &periods, &errs), INSATS_OK);
    assert_true(json_is_null(tu_json_at(json_array_get(periods, 1), "frozen.reopened")));
    json_decref(periods);

    const char *why[] = {"reason", "Närvaron från Sunne kom in sent", NULL};
    req_init(&r, ROLE_MANAGER, NULL, why);
    req_param(&r, "period", "2");
    assert_int_equal(page_report_reopen(&r.c, &r.p), 303);
    req_free(&r);
    assert_int_equal(freeze_periods(t->db, t->project, &periods, &errs), INSATS_OK);
    assert_string_equal(json_string_value(tu_json_at(json_array_get(periods, 1),
                                                     "frozen.reopened.reason")),
                        "Närvaron från Sunne kom in sent");
    assert_string_equal(json_string_value(tu_json_at(json_array_get(periods, 1),
                                                     "frozen.reopened.by")),
                        "Test Testsson");
    json_decref(periods);
    errs_free(&errs);
    req_init(&r, ROLE_MANAGER, NULL, NULL);
    req_param(&r, "period", "2");
    assert_int_equal(page_report_diff(&r.c, &r.p), 200);
    req_free(&r);

    /* the route table: the forms are the manager's, the pages everyone's */
    static const char *const manager_only[] = {"/reports/lagesrapport/2/freeze",
                                               "/reports/lagesrapport/2/reopen", NULL};
    for (size_t i = 0; manager_only[i]; i++) {
        WebPairs params = {0};
        unsigned allowed = 0;
        const Route *route = router_match(manager_only[i], WEB_POST, &params, &allowed);
        assert_non_null(route);
        assert_true(route->flags & ROUTE_CSRF);
        for (int role = 0; role < ROLE_COUNT; role++)
            assert_int_equal(router_role_allows(route, (Role)role), role == ROLE_MANAGER);
        web_pairs_free(&params);
    }
    WebPairs params = {0};
    unsigned allowed = 0;
    const Route *route = router_match("/reports/download", WEB_GET, &params, &allowed);
    assert_non_null(route);
    assert_true(route->flags & ROUTE_SLOW);
    web_pairs_free(&params);
}

/* The start page is kept once drawn — the same bytes for the next viewer of its kind — and
 * drawn anew right after a write: a participant's gender corrected shows at once. */
static void test_dashboard_page_kept_until_a_write(void **state)
{
    (void)state;
    Req a, b;
    req_init(&a, ROLE_COORDINATOR, NULL, NULL);
    assert_int_equal(page_dashboard(&a.c, &a.p), 200);
    /* another coordinator of the same organisation: the same names, the same links */
    req_init(&b, ROLE_COORDINATOR, NULL, NULL);
    assert_int_equal(page_dashboard(&b.c, &b.p), 200);
    assert_string_equal(body(&a), body(&b));
    assert_string_equal(a.p.title, b.p.title);
    req_free(&b);
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE person SET gender = CASE gender WHEN 'female' THEN 'male' ELSE 'female' END"
             " WHERE id = (SELECT min(t.person_id) FROM attendance t WHERE t.present = 1)");
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(t->db, &errs), INSATS_OK);
    sqlite3_stmt *st = db_prepare(t->db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(db_tx_commit(t->db, &errs), INSATS_OK);
    errs_free(&errs);
    req_init(&b, ROLE_COORDINATOR, NULL, NULL);
    assert_int_equal(page_dashboard(&b.c, &b.p), 200);
    assert_string_not_equal(body(&a), body(&b));
    req_free(&a);
    req_free(&b);
}

/* Waits (a bounded time) until the dashboard cache has been filled more than `fills` times. */
static bool fills_pass(uint64_t fills)
{
    for (int i = 0; i < 600 && dashboard_cache_fills() <= fills; i++)
        usleep(50 * 1000);
    return dashboard_cache_fills() > fills;
}

/* The server computes the dashboard ahead: at its start, before anyone asks, and after a
 * write once the database is quiet again; the next viewer is served what it computed. Runs
 * first, while nothing else has asked for a dashboard. */
static void test_dashboard_computed_ahead(void **state)
{
    (void)state;
    assert_true(fills_pass(0));
    uint64_t fills = dashboard_cache_fills();
    Req a;
    req_init(&a, ROLE_MANAGER, NULL, NULL);
    assert_int_equal(page_dashboard(&a.c, &a.p), 200);
    req_free(&a);
    assert_int_equal(dashboard_cache_fills(), fills);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(t->db, &errs), INSATS_OK);
    assert_int_equal(sqlite3_exec(t->db->h,
                                  "UPDATE deviation SET description = description || '.'"
                                  " WHERE id = (SELECT min(id) FROM deviation)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(db_tx_commit(t->db, &errs), INSATS_OK);
    errs_free(&errs);
    assert_true(fills_pass(fills));
    fills = dashboard_cache_fills();
    req_init(&a, ROLE_MANAGER, NULL, NULL);
    assert_int_equal(page_dashboard(&a.c, &a.p), 200);
    req_free(&a);
    assert_int_equal(dashboard_cache_fills(), fills);
}

/* "1234567" grouped by three with sep between the groups. */
static void grouped(long long v, const char *sep, char *out, size_t size)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", v);
    size_t at = 0;
    for (int i = 0; i < n && at + 8 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            at += (size_t)snprintf(out + at, size - at, "%s", sep);
        out[at++] = digits[i];
    }
    out[at] = '\0';
}

/* A figure of the dashboard is written as the page's language writes numbers — "12 345" with
 * a no-break space in Swedish, "12,345" in English — its tables and charts are in that
 * language, and each language's page is kept apart (the drawn page is cached per kind of
 * viewer), while a report file downloaded from an English page stays Swedish, charts too. */
static void test_dashboard_numbers_in_the_shown_language(void **state)
{
    (void)state;
    char today[11];
    date_today(today);
    Actor manager = {.role = ROLE_MANAGER};
    json_t *d = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(dashboard_get(t->db, &manager, t->project, today, &d, &errs), INSATS_OK);
    errs_free(&errs);
    /* the first whole figure of the budget table of four digits or more */
    static const char *const paths[] = {"budget.accumulated.planned", "budget.accumulated.actual",
                                        "budget.period.planned", "budget.period.actual"};
    long long v = -1;
    for (size_t i = 0; i < sizeof paths / sizeof *paths && v < 0; i++) {
        const json_t *f = trace_figure_value(d, paths[i]);
        double x = json_number_value(f);
        if (json_is_number(f) && x >= 1000 && x == (double)(long long)x)
            v = (long long)x;
    }
    json_decref(d);
    assert_true(v >= 1000);
    char sv[64], en[64], cell_sv[96], cell_en[96];
    grouped(v, "\xc2\xa0", sv, sizeof sv);
    grouped(v, ",", en, sizeof en);
    snprintf(cell_sv, sizeof cell_sv, ">%s<", sv);
    snprintf(cell_en, sizeof cell_en, ">%s<", en);

    Req a, b;
    i18n_set(LANG_SV);
    req_init(&a, ROLE_MANAGER, NULL, NULL);
    assert_int_equal(page_dashboard(&a.c, &a.p), 200);
    assert_non_null(strstr(body(&a), cell_sv));
    assert_null(strstr(body(&a), cell_en));
    assert_non_null(strstr(body(&a), "Deltagare under perioden och ackumulerat"));
    i18n_set(LANG_EN);
    req_init(&b, ROLE_MANAGER, NULL, NULL);
    assert_int_equal(page_dashboard(&b.c, &b.p), 200);
    assert_non_null(strstr(body(&b), cell_en));
    assert_null(strstr(body(&b), cell_sv));
    assert_non_null(strstr(body(&b), "Participants during the period and accumulated"));
    assert_null(strstr(body(&b), "Deltagare under perioden och ackumulerat"));
    /* the charts beside the tables too: their titles, legends and figures */
    assert_non_null(strstr(body(&a), "Budget och utfall per kostnadskategori, ackumulerat"));
    assert_non_null(strstr(body(&b), "Budget and outcome by cost category, accumulated"));
    assert_null(strstr(body(&b), "Budget och utfall per kostnadskategori"));
    req_free(&a);
    req_free(&b);

    /* the lägesrapport as Markdown and as HTML, asked for on an English page: Swedish in
     * every respect, the HTML's charts too */
    static const char *const formats[] = {"md", "html"};
    for (size_t i = 0; i < 2; i++) {
        const char *q[] = {"kind", "lagesrapport", "period", "1", "format", formats[i], NULL};
        req_init(&a, ROLE_MANAGER, q, NULL);
        assert_int_equal(page_report_download(&a.c, &a.p), 200);
        assert_non_null(strstr(body(&a), "Lägesrapport"));
        assert_null(strstr(body(&a), "Progress report"));
        assert_null(strstr(body(&a), "Budget and outcome"));
        if (i == 1)
            assert_non_null(strstr(body(&a), "Budget och utfall per kostnadskategori, ackumulerat"));
        req_free(&a);
    }
}

/* Back to no language chosen, as the other tests expect, even after a failed assertion. */
static int language_reset(void **state)
{
    (void)state;
    i18n_set(LANG_NONE);
    return 0;
}

/* A database without a project: the start page still greets (200) and says what to do. */
static void test_dashboard_without_a_project(void **state)
{
    (void)state;
    TuDb *empty = tu_db_new("webreports-empty");
    assert_non_null(empty);
    Req r;
    req_init(&r, ROLE_READER, NULL, NULL);
    r.c.db = empty->db;
    assert_int_equal(page_dashboard(&r.c, &r.p), 200);
    assert_non_null(strstr(body(&r), "inget projekt"));
    req_free(&r);
    req_init(&r, ROLE_READER, NULL, NULL);
    r.c.db = empty->db;
    assert_int_equal(page_reports(&r.c, &r.p), 404);
    req_free(&r);
    tu_db_free(empty);
}

/* A report's page lists its figures, each linked to its records for the manager; the reader
 * sees the figures and no link, and no freeze form. */
static void test_report_page_links_figures(void **state)
{
    (void)state;
    Req m, rd;
    req_init(&m, ROLE_MANAGER, NULL, NULL);
    req_param(&m, "period", "6");
    assert_int_equal(page_report_period(&m.c, &m.p), 200);
    assert_non_null(strstr(body(&m), "figure=budget.accumulated.actual"));
    assert_non_null(strstr(body(&m), "Deltagare under perioden, totalt"));
    assert_non_null(strstr(body(&m), "Frys perioden"));
    req_init(&rd, ROLE_READER, NULL, NULL);
    req_param(&rd, "period", "6");
    assert_int_equal(page_report_period(&rd.c, &rd.p), 200);
    assert_non_null(strstr(body(&rd), "Deltagare under perioden, totalt"));
    assert_null(strstr(body(&rd), "/trace?"));
    assert_null(strstr(body(&rd), "Frys perioden"));
    req_free(&m);
    req_free(&rd);
    Req f;
    req_init(&f, ROLE_MANAGER, NULL, NULL);
    assert_int_equal(page_report_final(&f.c, &f.p), 200);
    assert_non_null(strstr(body(&f), "/trace?final=1&amp;figure="));
    req_free(&f);
}

/* Over HTTP, without a session: every page of these goes to the login page, and a POST to
 * freeze a period freezes nothing. (The signed-in pages are exercised above, handler by
 * handler, as the router calls them.) */
static void test_http_needs_a_session(void **state)
{
    (void)state;
    WtServer *s = wt_start(NULL);
    assert_non_null(s);
    WtClient *c = wt_client(s);
    static const char *const paths[] = {
        "/", "/trace?period=1&figure=participants.period.total", "/reports",
        "/reports/download?kind=slutrapport&format=pdf", "/reports/lagesrapport/1",
        "/reports/slutrapport", NULL};
    for (size_t i = 0; paths[i]; i++) {
        WtResp r = wt_get(c, paths[i]);
        char loc[256] = "";
        assert_int_equal(r.status, 303);
        assert_true(wt_header(&r, "Location", loc, sizeof loc));
        assert_non_null(strstr(loc, "/login"));
        wt_assert_security_headers(&r, false);
        wt_resp_free(&r);
    }
    static const char *const fields[] = {"reason", "x", NULL};
    WtResp r = wt_post(c, "/reports/lagesrapport/1/reopen", fields);
    assert_true(r.status == 303 || r.status == 403);
    wt_resp_free(&r);
    wt_client_free(c);
    wt_stop(s);
}

/* ---- over HTTP, signed in --------------------------------------------------------------------- */

/* The figure at path of lägesrapport period 6 as the server's database has it. */
static json_int_t http_figure(const char *path)
{
    json_t *rep = report_of(6);
    json_int_t v = json_integer_value(trace_figure_value(rep, path));
    json_decref(rep);
    return v;
}

/* The dashboard and the trace pages over HTTP: well-formed pages; the manager's counts link to
 * their records, and the page behind a count lists as many records; a reader gets the same
 * figures without links, and no trace page. */
static void test_http_dashboard_and_trace(void **state)
{
    (void)state;
    WtClient *m = wt_client(web), *rd = wt_client(web);
    wt_user(web, "http-maria", ROLE_MANAGER);
    wt_login(m, "http-maria");
    wt_user(web, "http-rut", ROLE_READER);
    wt_login(rd, "http-rut");
    WtResp r = wt_get(m, "/");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_assert_security_headers(&r, false);
    assert_true(wt_body_has(&r, "<svg"));
    assert_true(wt_body_has(&r, "/trace?period="));
    wt_resp_free(&r);
    r = wt_get(rd, "/");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "<svg"));
    assert_false(wt_body_has(&r, "/trace?"));
    wt_resp_free(&r);

    static const char *const sample[] = {
        "participants.period.total", "participants.accumulated.women",
        "certificates.count", "meetings_held", NULL};
    for (size_t i = 0; sample[i]; i++) {
        char *url = xasprintf("/trace?period=6&figure=%s", sample[i]);
        r = wt_get(m, url);
        assert_int_equal(r.status, 200);
        wt_assert_page(&r, true);
        assert_int_equal(page_rows(r.body.data), http_figure(sample[i]));
        wt_resp_free(&r);
        r = wt_get(rd, url);
        assert_int_equal(r.status, 403);
        wt_resp_free(&r);
        free(url);
    }
    wt_client_free(m);
    wt_client_free(rd);
}

/* Every report in every format over HTTP: the content type, an attachment with the file's
 * name, a PDF that starts as one, a workbook that unzips. */
static void test_http_downloads(void **state)
{
    (void)state;
    WtClient *m = wt_client(web);
    wt_user(web, "http-per", ROLE_COORDINATOR);
    wt_login(m, "http-per");
    static const char *const cases[][4] = {
        {"/reports/download?kind=lagesrapport&period=6&format=pdf", "application/pdf",
         "lagesrapport-006.pdf"},
        {"/reports/download?kind=lagesrapport&period=6&format=xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "lagesrapport-006.xlsx"},
        {"/reports/download?kind=lagesrapport&period=6&format=html", "text/html; charset=utf-8",
         "lagesrapport-006.html"},
        {"/reports/download?kind=slutrapport&format=md", "text/markdown; charset=utf-8",
         "slutrapport.md"},
        {"/reports/download?kind=slutrapport&format=json", "application/json",
         "slutrapport.json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        WtResp r = wt_get(m, cases[i][0]);
        char type[128] = "", disp[256] = "";
        assert_int_equal(r.status, 200);
        assert_true(wt_header(&r, "Content-Type", type, sizeof type));
        assert_string_equal(type, cases[i][1]);
        assert_true(wt_header(&r, "Content-Disposition", disp, sizeof disp));
        assert_non_null(strstr(disp, "attachment"));
        assert_non_null(strstr(disp, cases[i][2]));
        if (strstr(cases[i][2], ".pdf"))
            assert_memory_equal(r.body.data, "%PDF", 4);
        if (strstr(cases[i][2], ".xlsx")) {
            char *path = xasprintf("%s/http.xlsx", t->dir);
            tu_write_file(path, r.body.data, r.body.len);
            char *cmd = xasprintf("unzip -tq '%s' >/dev/null", path);
            assert_int_equal(system(cmd), 0);
            free(cmd);
            free(path);
        }
        wt_resp_free(&r);
    }
    wt_client_free(m);
}

/* Freezing and reopening over HTTP: the forms carry the CSRF token, a reopen without a reason
 * is refused with the message by the field, with one it is recorded. A coordinator's POST is
 * refused for the role. */
static void test_http_freeze_and_reopen(void **state)
{
    (void)state;
    WtClient *m = wt_client(web), *co = wt_client(web);
    wt_user(web, "http-mgr", ROLE_MANAGER);
    wt_login(m, "http-mgr");
    WtResp r = wt_get(m, "/reports/lagesrapport/3");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Frys perioden"));
    wt_resp_free(&r);
    r = wt_post(m, "/reports/lagesrapport/3/freeze", (const char *const[]){NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = wt_get(m, "/reports/lagesrapport/3");
    assert_true(wt_body_has(&r, "fryst"));
    wt_resp_free(&r);
    r = wt_post(m, "/reports/lagesrapport/3/reopen", (const char *const[]){"reason", " ", NULL});
    assert_int_equal(r.status, 400);
    assert_true(wt_body_has(&r, "Skriv varför perioden öppnas"));
    wt_resp_free(&r);
    r = wt_post(m, "/reports/lagesrapport/3/reopen",
                (const char *const[]){"reason", "Sen närvarolista", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    json_t *periods = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(freeze_periods(t->db, t->project, &periods, &errs), INSATS_OK);
    errs_free(&errs);
    assert_string_equal(json_string_value(tu_json_at(json_array_get(periods, 2),
                                                     "frozen.reopened.reason")),
                        "Sen närvarolista");
    json_decref(periods);
    wt_user(web, "http-co", ROLE_COORDINATOR);
    wt_login(co, "http-co");
    r = wt_get(co, "/reports/lagesrapport/4");
    assert_int_equal(r.status, 200);
    assert_false(wt_body_has(&r, "Frys perioden"));
    wt_resp_free(&r);
    r = wt_post(co, "/reports/lagesrapport/4/freeze", (const char *const[]){NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    errs_init(&errs);
    assert_int_equal(freeze_periods(t->db, t->project, &periods, &errs), INSATS_OK);
    errs_free(&errs);
    assert_true(json_is_null(json_object_get(json_array_get(periods, 3), "frozen")));
    json_decref(periods);
    wt_client_free(m);
    wt_client_free(co);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dashboard_computed_ahead),
        cmocka_unit_test(test_dashboard_page),
        cmocka_unit_test(test_dashboard_page_kept_until_a_write),
        cmocka_unit_test_teardown(test_dashboard_numbers_in_the_shown_language, language_reset),
        cmocka_unit_test(test_dashboard_without_a_project),
        cmocka_unit_test(test_trace_pages_count_the_figures),
        cmocka_unit_test(test_trace_page_roles),
        cmocka_unit_test(test_links_lead_where_the_role_may_go),
        cmocka_unit_test(test_trace_page_coordinator_names),
        cmocka_unit_test(test_minutes_coordinator),
        cmocka_unit_test(test_downloads),
        cmocka_unit_test(test_report_page_links_figures),
        cmocka_unit_test(test_freeze_and_reopen),
        cmocka_unit_test(test_http_needs_a_session),
        cmocka_unit_test(test_http_dashboard_and_trace),
        cmocka_unit_test(test_http_downloads),
        cmocka_unit_test(test_http_freeze_and_reopen),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
