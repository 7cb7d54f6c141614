/* test_trace.c — unit tests of trace.c on the small demo: for every traceable figure of the
 * lägesrapport of several periods and of the slutrapport, the records behind it are exactly as
 * many as the figure says (or add up to it); the roles that may not see names get no list; a
 * coordinator's list holds only the people of their organisation, a trainer's only the
 * sessions of their activities, the rest counted as hidden. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "freeze.h"
#include "report.h"
#include "testutil.h"
#include "trace.h"

static TuDb *t;

static int setup(void **state)
{
    (void)state;
    t = tu_demo_db("trace");
    if (!t)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tu_db_free(t);
}

static Actor actor_as(Role role, int64_t org)
{
    Actor a = {.role = role, .organisation_id = org};
    snprintf(a.login, sizeof a.login, "%s", "test");
    return a;
}

static json_t *report_of(ReportKind kind, int period)
{
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, NULL, NULL};
    json_t *r = NULL;
    int rc = report_get(t->db, t->project, kind, &range, &r, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    return r;
}

/* What the rows add up to, counted here from the rows themselves rather than from TraceInfo. */
typedef struct Tally {
    int64_t top, sub, sum, last;
    int64_t wrong_org;            /* person rows outside the organisation `org` (when set) */
    const char *org;
} Tally;

static int tally_row(void *ctx, const TraceRow *row)
{
    Tally *ty = ctx;
    if (row->sub) {
        ty->sub++;
        return 0;
    }
    ty->top++;
    ty->sum += row->value;
    ty->last = row->value;
    if (ty->org && row->kind == TRACE_PERSON &&
        (!row->organisation || strcmp(row->organisation, ty->org) != 0))
        ty->wrong_org++;
    assert_non_null(row->code);
    return 0;
}

/* trace_list of lägesrapport period `period` as `a`, rows tallied into *ty. */
static int trace_as(const Actor *a, int period, const char *path, Tally *ty, TraceInfo *info)
{
    ReportRange range = {period, NULL, NULL};
    Errs errs;
    errs_init(&errs);
    int rc = trace_list(t->db, a, t->project, REPORT_LAGESRAPPORT, &range, path, tally_row, ty,
                        info, &errs);
    errs_free(&errs);
    return rc;
}

typedef struct Walk {
    const json_t *report;
    ReportKind kind;
    int period;
    size_t figures;
    size_t by_measure[TRACE_LATEST + 1];
    size_t nonzero;
} Walk;

/* The figure as the rows make it, in the report's own units and rounding. */
static double made(const TraceInfo *info, const Tally *ty)
{
    switch (info->measure) {
    case TRACE_COUNT: return (double)ty->top;
    case TRACE_SUM_HOURS: return (double)ty->sum / 100.0;
    case TRACE_SUM_KRONOR: return (double)(ty->sum >= 0 ? (ty->sum + 50) / 100 : -((-ty->sum + 50) / 100));
    case TRACE_SUM_VALUE: return (double)((ty->sum + 5000) / 10000);
    case TRACE_SHARE:
        return info->denominator ? round(1000.0 * (double)ty->top / (double)info->denominator) / 10.0
                                 : NAN;
    case TRACE_LATEST: return (double)ty->last / 100.0;
    }
    return NAN;
}

static void check_figure(void *ctx, const char *path, const json_t *value)
{
    Walk *w = ctx;
    Actor mgr = actor_as(ROLE_MANAGER, 0);
    ReportRange range = {w->period, NULL, NULL};
    Tally ty = {0};
    TraceInfo info;
    Errs errs;
    errs_init(&errs);
    int rc = trace_list(t->db, &mgr, t->project, w->kind, &range, path, tally_row, &ty, &info,
                        &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(info.rows, ty.top);
    assert_int_equal(info.sum, ty.sum);
    assert_int_equal(info.hidden, 0);
    double want = json_number_value(value), got = made(&info, &ty);
    if (fabs(want - got) > 1e-9)
        fail_msg("%s period %d: %s is %g in the report, its %lld records make %g",
                 w->kind == REPORT_SLUTRAPPORT ? "slutrapport" : "lägesrapport", w->period, path,
                 want, (long long)ty.top, got);
    /* the path finds the same figure in the report */
    assert_true(json_equal(trace_figure_value(w->report, path), value));
    w->figures++;
    w->by_measure[info.measure]++;
    if (want != 0)
        w->nonzero++;
}

static void walk_report(ReportKind kind, int period, Walk *w)
{
    json_t *r = report_of(kind, period);
    w->report = r;
    w->kind = kind;
    w->period = period;
    trace_figures(r, check_figure, w);
    json_decref(r);
}

/* Every figure of the reports, traced: the heart of the traceability promise. */
static void test_every_figure_matches(void **state)
{
    (void)state;
    static const int periods[] = {1, 4, 6, 11};
    Walk all = {0};
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) {
        Walk w = {0};
        walk_report(REPORT_LAGESRAPPORT, periods[i], &w);
        assert_true(w.figures > 40);
        all.figures += w.figures;
        all.nonzero += w.nonzero;
        for (int m = 0; m <= TRACE_LATEST; m++)
            all.by_measure[m] += w.by_measure[m];
    }
    Walk w = {0};
    walk_report(REPORT_SLUTRAPPORT, 0, &w);
    assert_true(w.figures > 60);
    /* every way of making a figure was exercised, most figures are not zero */
    for (int m = 0; m <= TRACE_LATEST; m++)
        if (all.by_measure[m] + w.by_measure[m] == 0)
            fail_msg("no figure traced with measure %d", m);
    assert_true(all.nonzero + w.nonzero > (all.figures + w.figures) / 2);
}

/* The paths of the enumeration are those trace_list knows, and nothing else is. */
static void test_paths(void **state)
{
    (void)state;
    assert_true(trace_path_known("participants.period.total"));
    assert_true(trace_path_known("participants.by_organisation[x].accumulated.women"));
    assert_true(trace_path_known("budget.by_category[ext].period.planned"));
    assert_true(trace_path_known("goals[g1].by_organisation[o].achieved"));
    assert_false(trace_path_known("participants.period"));
    assert_false(trace_path_known("participants.period.total.x"));
    assert_false(trace_path_known("participants.planned"));
    assert_false(trace_path_known("surveys[s1].responses"));
    assert_false(trace_path_known("budget.deviation_percent"));
    assert_false(trace_path_known("participants.by_organisation[].period.total"));
    assert_false(trace_path_known(""));
    assert_false(trace_path_known(NULL));
    json_t *r = report_of(REPORT_LAGESRAPPORT, 6);
    assert_null(trace_figure_value(r, "participants.period"));
    assert_null(trace_figure_value(r, "participants.by_organisation[nowhere].period.total"));
    assert_null(trace_figure_value(r, "participants.period.total]"));
    assert_non_null(trace_figure_value(r, "participants.planned"));
    json_decref(r);

    Actor mgr = actor_as(ROLE_MANAGER, 0);
    ReportRange range = {6, NULL, NULL};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(trace_list(t->db, &mgr, t->project, REPORT_LAGESRAPPORT, &range,
                                "participants.by_organisation[nowhere].period.total", NULL, NULL,
                                NULL, &errs),
                     INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "nowhere"));
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(trace_list(t->db, &mgr, t->project, REPORT_LAGESRAPPORT, &range,
                                "surveys", NULL, NULL, NULL, &errs),
                     INSATS_EINPUT);
    errs_free(&errs);
}

/* Reader, evaluator and admin (who keeps the accounts and reads no people) get no list at
 * all; economist and trainer only lists naming no one. */
static void test_roles(void **state)
{
    (void)state;
    static const Role blind[] = {ROLE_READER, ROLE_EVALUATOR, ROLE_ADMIN};
    for (size_t i = 0; i < sizeof blind / sizeof *blind; i++) {
        Actor a = actor_as(blind[i], 0);
        assert_false(trace_allowed(&a, "participants.period.total"));
        assert_false(trace_allowed(&a, "budget.period.actual"));
        Tally ty = {0};
        assert_int_equal(trace_as(&a, 6, "participants.period.total", &ty, NULL), INSATS_EINPUT);
        assert_int_equal(ty.top + ty.sub, 0);
    }
    Actor econ = actor_as(ROLE_ECONOMIST, 0);
    assert_false(trace_allowed(&econ, "participants.period.total"));
    assert_false(trace_allowed(&econ, "certificates.count"));
    assert_true(trace_allowed(&econ, "budget.accumulated.actual"));
    assert_true(trace_allowed(&econ, "participant_hours.period"));
    /* The budget and its costs are the economist's and the manager's, not a trainer's or a
     * coordinator's (the cost entries hold salaries). */
    Actor trainer = actor_as(ROLE_TRAINER, 0), coord = actor_as(ROLE_COORDINATOR, 0);
    assert_false(trace_allowed(&trainer, "budget.accumulated.actual"));
    assert_false(trace_allowed(&trainer, "budget.period.planned"));
    assert_false(trace_allowed(&coord, "budget.accumulated.actual"));
    assert_true(trace_allowed(&trainer, "participant_hours.period"));
    assert_true(trace_allowed(&econ, "budget.period.planned"));
    Actor mgr = actor_as(ROLE_MANAGER, 0);
    assert_true(trace_allowed(&mgr, "participants.period.total"));
    assert_true(trace_allowed(&mgr, "budget.accumulated.actual"));
    assert_false(trace_allowed(NULL, "participants.period.total"));
}

/* A coordinator's list: only the people of their organisation, the others counted as hidden,
 * the two together the figure (of all organisations). */
static void test_coordinator_scope(void **state)
{
    (void)state;
    json_t *r = report_of(REPORT_LAGESRAPPORT, 6);
    const json_t *first = json_array_get(tu_json_at(r, "participants.by_organisation"), 0);
    const char *org = json_string_value(json_object_get(first, "organisation"));
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id FROM organisation WHERE project_id = %lld AND code = '%s'",
             (long long)t->project, org);
    Actor co = actor_as(ROLE_COORDINATOR, tu_query_int(t->db, sql));
    Tally ty = {.org = org};
    TraceInfo info;
    assert_int_equal(trace_as(&co, 6, "participants.period.total", &ty, &info), INSATS_OK);
    assert_int_equal(ty.wrong_org, 0);
    assert_true(ty.top > 0);
    assert_true(info.hidden > 0);
    assert_int_equal(ty.top + info.hidden,
                     json_integer_value(tu_json_at(r, "participants.period.total")));
    assert_int_equal(ty.top, json_integer_value(json_object_get(json_object_get(first, "period"),
                                                                "total")));
    /* rows without people are shown whole */
    Tally hy = {0};
    assert_int_equal(trace_as(&co, 6, "participant_hours.period", &hy, &info), INSATS_OK);
    assert_int_equal(info.hidden, 0);
    json_decref(r);
}

/* Whether a trace lists a session of another activity than `mine` (NULL: takes the first
 * row's activity as mine). */
typedef struct Acts {
    bool foreign;
    char mine[64];
} Acts;

static int act_row(void *ctx, const TraceRow *row)
{
    Acts *a = ctx;
    if (row->kind != TRACE_SESSION || row->sub)
        return 0;
    if (!a->mine[0])
        snprintf(a->mine, sizeof a->mine, "%s", row->parent);
    if (strcmp(row->parent, a->mine) != 0)
        a->foreign = true;
    return 0;
}

/* A trainer's list of sessions: those of the activity assigned to them, the others counted as
 * hidden, the two together the figure. */
static void test_trainer_scope(void **state)
{
    (void)state;
    Actor mgr = actor_as(ROLE_MANAGER, 0);
    ReportRange range = {0, NULL, NULL};
    Errs errs;
    errs_init(&errs);
    TraceInfo all, own;
    Acts a = {0};
    assert_int_equal(trace_list(t->db, &mgr, t->project, REPORT_SLUTRAPPORT, &range,
                                "participant_hours.accumulated", act_row, &a, &all, &errs),
                     INSATS_OK);
    assert_true(a.foreign);
    char *sql = xasprintf("INSERT INTO app_user (login, name, role, created)"
                          " VALUES ('trace-trainer', 'T', 'trainer', 0);"
                          "INSERT INTO activity_trainer (activity_id, user_id)"
                          " SELECT a.id, u.id FROM activity a, app_user u"
                          " WHERE a.code = '%s' AND u.login = 'trace-trainer'", a.mine);
    tu_exec(t->db, sql);
    free(sql);
    Actor tr = actor_as(ROLE_TRAINER, 0);
    tr.user_id = tu_query_int(t->db, "SELECT id FROM app_user WHERE login = 'trace-trainer'");
    a.foreign = false;
    assert_int_equal(trace_list(t->db, &tr, t->project, REPORT_SLUTRAPPORT, &range,
                                "participant_hours.accumulated", act_row, &a, &own, &errs),
                     INSATS_OK);
    errs_free(&errs);
    assert_false(a.foreign);
    assert_true(own.rows > 0);
    assert_true(own.hidden > 0);
    assert_int_equal(own.rows + own.hidden, all.rows);
    assert_true(own.sum < all.sum);
    /* People stay out of a trainer's reach. */
    Tally ty = {0};
    assert_int_equal(trace_as(&tr, 6, "participants.period.total", &ty, NULL), INSATS_EINPUT);
}

/* A participant's row comes with the sessions they attended, each in the range. */
static void test_people_with_sessions(void **state)
{
    (void)state;
    Actor mgr = actor_as(ROLE_MANAGER, 0);
    Tally ty = {0};
    assert_int_equal(trace_as(&mgr, 6, "participants.period.women", &ty, NULL), INSATS_OK);
    assert_true(ty.top > 0);
    assert_true(ty.sub >= ty.top);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_figure_matches),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_coordinator_scope),
        cmocka_unit_test(test_trainer_scope),
        cmocka_unit_test(test_people_with_sessions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
