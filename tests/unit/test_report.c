/* test_report.c — the report JSON (report.c, figures.c) against the hand-worked figures of
 * tests/fixtures/report-fixture.jsonc: periods 1 and 2 (the latter crossing a year boundary and
 * a budget revision), a free --from/--to range and the slutrapport; the errors for an unknown
 * period, a reversed or outside range; and the documented top-level keys. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figures.h"
#include "i18n.h"
#include "report_compute.h"
#include "testutil.h"
#include "util.h"

/* The database with report-fixture.jsonc imported; fx->project is its project. */
typedef TuDb Fx;

static int setup(void **state)
{
    setenv("INSATS_TODAY", "2013-06-01", 1);
    Fx *fx = tu_db_new("report");
    *state = fx;
    if (!fx)
        return -1;
    tu_import_jsonc(fx->db, "report-fixture.jsonc", NULL);
    fx->project = tu_project_id(fx->db, "fx");
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

#define INT(r, path, want)                                                                    \
    do {                                                                                      \
        json_t *v_ = tu_json_at((r), (path));                                                 \
        if (!json_is_integer(v_))                                                             \
            fail_msg("%s: not an integer", (path));                                           \
        if (json_integer_value(v_) != (want))                                                 \
            fail_msg("%s: %lld, want %lld", (path), (long long)json_integer_value(v_),        \
                     (long long)(want));                                                      \
    } while (0)

#define NUM(r, path, want)                                                                    \
    do {                                                                                      \
        json_t *v_ = tu_json_at((r), (path));                                                 \
        if (!json_is_number(v_))                                                              \
            fail_msg("%s: not a number", (path));                                             \
        if (fabs(json_number_value(v_) - (want)) > 1e-9)                                      \
            fail_msg("%s: %g, want %g", (path), json_number_value(v_), (double)(want));       \
    } while (0)

#define STR(r, path, want)                                                                    \
    do {                                                                                      \
        json_t *v_ = tu_json_at((r), (path));                                                 \
        if (!json_is_string(v_))                                                              \
            fail_msg("%s: not a string", (path));                                             \
        if (strcmp(json_string_value(v_), (want)) != 0)                                       \
            fail_msg("%s: \"%s\", want \"%s\"", (path), json_string_value(v_), (want));       \
    } while (0)

#define NUL(r, path)                                                                          \
    do {                                                                                      \
        json_t *v_ = tu_json_at((r), (path));                                                 \
        if (!json_is_null(v_))                                                                \
            fail_msg("%s: not null", (path));                                                 \
    } while (0)

#define BOOL(r, path, want)                                                                   \
    do {                                                                                      \
        json_t *v_ = tu_json_at((r), (path));                                                 \
        if (!json_is_boolean(v_) || json_is_true(v_) != (want))                               \
            fail_msg("%s: want %s", (path), (want) ? "true" : "false");                       \
    } while (0)

#define LEN(r, path, want)                                                                    \
    do {                                                                                      \
        json_t *v_ = tu_json_at((r), (path));                                                 \
        if (!v_ || json_array_size(v_) != (size_t)(want))                                     \
            fail_msg("%s: %zu elements, want %d", (path), json_array_size(v_), (int)(want));  \
    } while (0)

/* {total, women, men, other} at path. */
static void split(json_t *r, const char *path, int total, int women, int men, int other)
{
    char p[160];
    snprintf(p, sizeof p, "%s.total", path);
    INT(r, p, total);
    snprintf(p, sizeof p, "%s.women", path);
    INT(r, p, women);
    snprintf(p, sizeof p, "%s.men", path);
    INT(r, p, men);
    snprintf(p, sizeof p, "%s.other", path);
    INT(r, p, other);
}

static json_t *compute(Fx *fx, ReportKind kind, int period, const char *from, const char *to)
{
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, from, to};
    json_t *r = NULL;
    int rc = report_compute(fx->db, fx->project, kind, &range, &r, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    assert_non_null(r);
    return r;
}

static void test_period1(void **state)
{
    json_t *r = compute(*state, REPORT_LAGESRAPPORT, 1, NULL, NULL);
    STR(r, "redovisnings_id", "2012-0001-001");
    INT(r, "period.number", 1);
    STR(r, "period.from", "2012-07-01");
    STR(r, "period.to", "2012-09-30");
    split(r, "participants.period", 2, 1, 1, 0);
    split(r, "participants.accumulated", 2, 1, 1, 0);
    NUM(r, "participant_hours.period", 6);
    INT(r, "participant_hours.value_period", 1875); /* 6 h × 312.50 */
    /* interventions up to 2012-09-30: i1 a1.s1 3 h, p1 p2 */
    NUM(r, "interventions[0].hours", 3);
    INT(r, "interventions[0].participants", 2);
    NUM(r, "interventions[1].hours", 0);
    NUL(r, "interventions[1].participants");
    /* v1 in force: v2 is dated after the period */
    STR(r, "budget.version.id", "v1");
    INT(r, "budget.period.planned", 110400);
    INT(r, "budget.accumulated.planned", 110400);
    INT(r, "budget.period.actual", 50000);
    NUM(r, "budget.deviation_percent", -54.7);
    BOOL(r, "budget.on_budget", false);
    INT(r, "certificates.count", 1);
    INT(r, "groups[0].members", 2);
    /* g9: the survey is dated after the period: no responses */
    NUL(r, "goals[8].achieved");
    BOOL(r, "goals[8].met", false);
    /* As of 2012-09-30: i2 is completed on 2012-10-20, after the period; g10 shows the value
     * measured then (5.5, not met), not the later 4.25; g11 has no measurement yet. */
    BOOL(r, "interventions[1].completed", false);
    NUL(r, "interventions[1].completed_on");
    NUM(r, "goals[9].achieved", 5.5);
    BOOL(r, "goals[9].met", false);
    STR(r, "goals[9].source", "Personalstatistik 2012");
    STR(r, "goals[9].measured_on", "2012-08-31");
    LEN(r, "goals[9].values", 1);
    NUL(r, "goals[10].achieved");
    BOOL(r, "goals[10].met", false);
    NUL(r, "goals[10].source");
    NUL(r, "goals[10].measured_on");
    LEN(r, "goals[10].values", 0);
    LEN(r, "meetings", 1);
    LEN(r, "dissemination", 1);
    LEN(r, "surveys", 0);
    STR(r, "narratives.aktiviteter", "Uppstart.");
    STR(r, "questions[0].answer", "Uppstart.");
    NUL(r, "questions[2].answer");
    json_decref(r);
}

static void test_period2(void **state)
{
    json_t *r = compute(*state, REPORT_LAGESRAPPORT, 2, NULL, NULL);
    STR(r, "report", "lagesrapport");
    STR(r, "generated", "2013-06-01");
    STR(r, "redovisnings_id", "2012-0001-002");
    STR(r, "project.owner.name", "Sunne kommun");
    NUL(r, "frozen");
    NUL(r, "previously_reported");
    split(r, "participants.period", 3, 1, 0, 2);
    split(r, "participants.accumulated", 4, 1, 1, 2);
    INT(r, "participants.planned", 10);
    LEN(r, "participants.by_organisation", 2);
    STR(r, "participants.by_organisation[0].organisation", "sunne");
    split(r, "participants.by_organisation[0].period", 1, 1, 0, 0);
    split(r, "participants.by_organisation[0].accumulated", 2, 1, 1, 0);
    STR(r, "participants.by_organisation[1].organisation", "torsby");
    split(r, "participants.by_organisation[1].period", 2, 0, 0, 2);
    split(r, "participants.by_organisation[1].accumulated", 2, 0, 0, 2);
    LEN(r, "participants.by_month", 6);
    STR(r, "participants.by_month[0].month", "2012-10");
    split(r, "participants.by_month[0]", 2, 1, 0, 1);
    split(r, "participants.by_month[1]", 2, 1, 0, 1);
    split(r, "participants.by_month[2]", 0, 0, 0, 0); /* a3 cancelled */
    STR(r, "participants.by_month[5].month", "2013-03");

    NUM(r, "participant_hours.period", 13);
    NUM(r, "participant_hours.accumulated", 19);
    INT(r, "participant_hours.value_period", 2031);      /* p1 6.5 h × 312.50 = 2031.25 */
    INT(r, "participant_hours.value_accumulated", 3906); /* 12.5 h × 312.50 = 3906.25 */

    LEN(r, "interventions", 2);
    STR(r, "interventions[0].id", "i1");
    STR(r, "interventions[0].start", "2012-08-01");
    NUM(r, "interventions[0].hours", 9.5);
    INT(r, "interventions[0].participants", 4);
    INT(r, "interventions[0].planned_participants", 8);
    BOOL(r, "interventions[0].completed", false);   /* completed on 2013-05-06 */
    NUL(r, "interventions[0].completed_on");
    STR(r, "interventions[1].id", "i2");
    NUM(r, "interventions[1].hours", 6);
    NUL(r, "interventions[1].participants");
    BOOL(r, "interventions[1].completed", true);
    STR(r, "interventions[1].completed_on", "2012-10-20");

    /* In the order they took place, not by id: a1 10-15, a4 10-20, a2 11-20, a3 12-01. */
    LEN(r, "activities", 4);
    STR(r, "activities[0].id", "a1");
    STR(r, "activities[0].first_date", "2012-10-15");
    NUM(r, "activities[0].hours", 2.5);
    INT(r, "activities[0].participants", 2);
    STR(r, "activities[1].id", "a4");
    NUL(r, "activities[1].participants");
    STR(r, "activities[1].intervention", "i2");
    STR(r, "activities[2].id", "a2");
    INT(r, "activities[2].participants", 2);
    NUM(r, "activities[2].hours", 4);
    STR(r, "activities[3].id", "a3");
    STR(r, "activities[3].status", "cancelled");
    INT(r, "activities[3].participants", 0);
    NUM(r, "activities[3].hours", 0);

    /* Who took part in period 2: the study visit's host and the supplier beside the two
     * municipalities whose people attended (test_organisations has the other periods). */
    LEN(r, "organisations", 4);
    STR(r, "organisations[0].name", "Hamar kommune");
    STR(r, "organisations[0].kind", "transnational");
    STR(r, "organisations[0].country", "NO");
    STR(r, "organisations[1].id", "kau");
    STR(r, "organisations[1].kind", "university");
    STR(r, "organisations[2].name", "Sunne kommun");
    STR(r, "organisations[3].name", "Torsby kommun");

    LEN(r, "goals", 13);
    static const struct {
        const char *id;
        double achieved;
        bool met;
    } goals[] = {{"g1", 4, true},  {"g2", 2, false}, {"g3", 1, true},     {"g4", 4, false},
                 {"g5", 4, true},  {"g6", 3, false}, {"g7", 75.0, true},  {"g8", 3, true},
                 {"g9", 66.7, false}, {"g10", 4.25, true}};
    for (size_t i = 0; i < sizeof goals / sizeof *goals; i++) {
        char p[64];
        snprintf(p, sizeof p, "goals[%zu].id", i);
        STR(r, p, goals[i].id);
        snprintf(p, sizeof p, "goals[%zu].achieved", i);
        NUM(r, p, goals[i].achieved);
        snprintf(p, sizeof p, "goals[%zu].met", i);
        BOOL(r, p, goals[i].met);
    }
    STR(r, "goals[6].measure", "certified_share");
    STR(r, "goals[5].comparison", "<=");
    NUM(r, "goals[9].target", 5);
    STR(r, "goals[9].source", "Personalstatistik");
    STR(r, "goals[9].measured_on", "2013-01-15");
    LEN(r, "goals[9].values", 2);
    STR(r, "goals[9].values[0].date", "2012-08-31");
    NUM(r, "goals[9].values[0].value", 5.5);
    NUL(r, "goals[10].achieved");   /* g11 is first measured on 2013-06-01 */
    BOOL(r, "goals[10].met", false);
    NUL(r, "goals[0].source");
    NUL(r, "goals[0].measured_on");
    NUL(r, "goals[0].values");
    /* Every shown goal says it is not suppressed: the key is always there. */
    for (size_t i = 0; i < sizeof goals / sizeof *goals; i++) {
        char p[64];
        snprintf(p, sizeof p, "goals[%zu].suppressed", i);
        BOOL(r, p, false);
    }
    /* g12, g13: a survey share filtered by organisation / gender from 3 responses (< 5) is a
     * breakdown cell: no value, not met (though 33.3 would meet both targets), marked. */
    for (size_t i = 11; i <= 12; i++) {
        char p[64];
        snprintf(p, sizeof p, "goals[%zu].achieved", i);
        NUL(r, p);
        snprintf(p, sizeof p, "goals[%zu].met", i);
        BOOL(r, p, false);
        snprintf(p, sizeof p, "goals[%zu].suppressed", i);
        BOOL(r, p, true);
    }
    STR(r, "goals[11].id", "g12");
    STR(r, "goals[12].id", "g13");

    STR(r, "budget.version.id", "v2");
    INT(r, "budget.period.planned", 299400);
    INT(r, "budget.period.actual", 319500);
    INT(r, "budget.accumulated.planned", 409800);
    INT(r, "budget.accumulated.actual", 369500);
    STR(r, "budget.by_category[0].category", "pers");
    INT(r, "budget.by_category[0].period.planned", 272000);
    INT(r, "budget.by_category[0].period.actual", 300000);
    INT(r, "budget.by_category[0].accumulated.planned", 364000);
    INT(r, "budget.by_category[0].accumulated.actual", 350000);
    INT(r, "budget.by_category[1].period.planned", 27400);
    INT(r, "budget.by_category[1].period.actual", 19500);
    INT(r, "budget.by_category[1].accumulated.planned", 45800);
    NUM(r, "budget.tolerance", 0.1);
    NUM(r, "budget.deviation_percent", -9.8);
    BOOL(r, "budget.on_budget", true);

    LEN(r, "deviations", 1);
    STR(r, "deviations[0].id", "d1");
    BOOL(r, "deviations[0].reported_to_funder", true);
    STR(r, "deviations[0].measures", "Extra informationsmöten");
    LEN(r, "surveys", 1);
    LEN(r, "survey_comparison", 0);
    INT(r, "certificates.count", 3);
    INT(r, "certificates.people", 2);
    STR(r, "certificates.by_organisation[0].organisation", "sunne");
    INT(r, "certificates.by_organisation[0].count", 2);
    INT(r, "certificates.by_organisation[0].people", 1);
    INT(r, "certificates.by_organisation[1].count", 1);
    STR(r, "groups[0].id", "amb");
    INT(r, "groups[0].members", 3);
    INT(r, "groups[1].members", 1);
    LEN(r, "meetings", 2);
    INT(r, "meetings_held", 1);
    STR(r, "meetings[1].status", "cancelled");
    NUL(r, "meetings[1].group");
    NUL(r, "meetings[1].group_name");
    STR(r, "meetings[0].group", "styr");
    STR(r, "meetings[0].group_name", "Styrgrupp");
    LEN(r, "dissemination", 1);
    STR(r, "dissemination[0].id", "n2");
    STR(r, "narratives.jamstalldhet", "Vi har **jämställdhetsintegrerat**.");
    LEN(r, "questions", 13);
    STR(r, "questions[3].section", "jamstalldhet");
    STR(r, "questions[3].answer", "Vi har **jämställdhetsintegrerat**.");
    STR(r, "questions[3].status", "answered");
    STR(r, "questions[5].answer", "Samarbetet.");
    NUL(r, "questions[0].answer");
    STR(r, "questions[0].status", "unanswered");
    json_decref(r);
}

static void test_range(void **state)
{
    json_t *r = compute(*state, REPORT_LAGESRAPPORT, 0, "2012-10-01", "2012-10-31");
    NUL(r, "period.number");
    NUL(r, "redovisnings_id");
    split(r, "participants.period", 2, 1, 0, 1);
    split(r, "participants.accumulated", 3, 1, 1, 1);
    LEN(r, "participants.by_month", 1);
    NUM(r, "participant_hours.period", 5);
    LEN(r, "activities", 2);
    STR(r, "activities[1].id", "a4");
    STR(r, "budget.version.id", "v1");
    INT(r, "budget.period.planned", 37200);
    INT(r, "budget.period.actual", 20000);
    INT(r, "certificates.count", 2);
    assert_int_equal(json_object_size(tu_json_at(r, "narratives")), 0);
    NUL(r, "questions[2].answer");
    json_decref(r);
}

/* A range that is exactly period 2's dates is period 2: its redovisnings-ID and narratives. */
static void test_range_equal_to_period(void **state)
{
    json_t *r = compute(*state, REPORT_LAGESRAPPORT, 0, "2012-10-01", "2013-03-31");
    INT(r, "period.number", 2);
    STR(r, "redovisnings_id", "2012-0001-002");
    STR(r, "narratives.jamstalldhet", "Vi har **jämställdhetsintegrerat**.");
    STR(r, "questions[3].answer", "Vi har **jämställdhetsintegrerat**.");
    json_decref(r);
    /* one day less is a free range */
    r = compute(*state, REPORT_LAGESRAPPORT, 0, "2012-10-01", "2013-03-30");
    NUL(r, "period.number");
    NUL(r, "redovisnings_id");
    json_decref(r);
    Buf a = {0}, b = {0};
    Errs errs;
    errs_init(&errs);
    ReportRange by_dates = {0, "2012-10-01", "2013-03-31"}, by_number = {2, NULL, NULL};
    assert_int_equal(report_sql(((Fx *)*state)->db, ((Fx *)*state)->project, REPORT_LAGESRAPPORT,
                                &by_dates, &a, &errs), INSATS_OK);
    assert_int_equal(report_sql(((Fx *)*state)->db, ((Fx *)*state)->project, REPORT_LAGESRAPPORT,
                                &by_number, &b, &errs), INSATS_OK);
    assert_string_equal(a.data, b.data);
    assert_non_null(strstr(a.data, "-- goal_values"));
    errs_free(&errs);
    buf_free(&a);
    buf_free(&b);
}

static void test_slutrapport(void **state)
{
    json_t *r = compute(*state, REPORT_SLUTRAPPORT, 0, NULL, NULL);
    STR(r, "report", "slutrapport");
    NUL(r, "period.number");
    STR(r, "period.from", "2012-07-01");
    STR(r, "period.to", "2013-06-30");
    NUL(r, "redovisnings_id");
    split(r, "participants.period", 5, 1, 2, 2);
    split(r, "participants.accumulated", 5, 1, 2, 2);
    LEN(r, "participants.by_month", 12);
    NUM(r, "participant_hours.accumulated", 28);
    INT(r, "participant_hours.value_accumulated", 5156); /* 16.5 h × 312.50 = 5156.25 */
    NUM(r, "interventions[0].hours", 16.5);
    INT(r, "interventions[0].participants", 5);
    INT(r, "certificates.count", 5);
    INT(r, "certificates.people", 3);
    INT(r, "budget.accumulated.planned", 600900);
    INT(r, "budget.accumulated.actual", 379500);
    INT(r, "groups[0].members", 3);
    LEN(r, "surveys", 1);
    assert_true(json_is_array(tu_json_at(r, "survey_comparison")));
    LEN(r, "questions", 13);
    STR(r, "questions[0].section", "sammanfattning");
    STR(r, "questions[0].answer", "Projektet nådde delvis sina mål.");
    json_decref(r);
}

/* The report's JSON, the funder's headings and questions with it, is the same in every
 * language the user reads the application in. */
static void test_same_in_every_language(void **state)
{
    for (int kind = 0; kind < 2; kind++) {
        ReportKind k = kind ? REPORT_SLUTRAPPORT : REPORT_LAGESRAPPORT;
        i18n_set(LANG_EN);
        json_t *en = compute(*state, k, kind ? 0 : 1, NULL, NULL);
        i18n_set(LANG_SV);
        json_t *sv = compute(*state, k, kind ? 0 : 1, NULL, NULL);
        i18n_set(LANG_NONE);
        json_object_del(en, "generated");
        json_object_del(sv, "generated");
        char *a = json_dumps(en, JSON_SORT_KEYS), *b = json_dumps(sv, JSON_SORT_KEYS);
        assert_string_equal(a, b);
        free(a);
        free(b);
        json_decref(en);
        json_decref(sv);
    }
}

static void test_keys(void **state)
{
    static const char *const keys[] = {
        "report", "generated", "project", "period", "redovisnings_id", "frozen",
        "previously_reported", "participants", "participant_hours", "interventions",
        "activities", "organisations", "goals", "budget", "deviations", "surveys",
        "survey_summary", "survey_comparison", "certificates", "groups", "meetings", "meetings_held",
        "dissemination", "narratives", "questions", "check", NULL};
    json_t *r = compute(*state, REPORT_LAGESRAPPORT, 3, NULL, NULL);
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(r, key, v) {
        (void)v;
        assert_non_null(keys[i]);
        assert_string_equal(key, keys[i]); /* present and in the documented order */
        i++;
    }
    assert_null(keys[i]);
    split(r, "participants.period", 2, 0, 2, 0);
    split(r, "participants.accumulated", 5, 1, 2, 2);
    BOOL(r, "interventions[0].completed", true);
    STR(r, "interventions[0].completed_on", "2013-05-06");
    NUM(r, "goals[10].achieved", 12);
    STR(r, "goals[10].measured_on", "2013-06-01");
    NUM(r, "participant_hours.period", 9);
    INT(r, "participant_hours.value_period", 1250); /* p2 4 h × 312.50 */
    json_decref(r);
    assert_non_null(figures_bench_queries()[0]);
}

static void expect_error(Fx *fx, int period, const char *from, const char *to, const char *msg)
{
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, from, to};
    json_t *r = (json_t *)1;
    int rc = report_compute(fx->db, fx->project, REPORT_LAGESRAPPORT, &range, &r, &errs);
    assert_int_equal(rc, INSATS_EINPUT);
    assert_null(r);
    assert_int_equal(errs.count, 1);
    if (!strstr(errs.msgs[0], msg))
        fail_msg("message \"%s\" lacks \"%s\"", errs.msgs[0], msg);
    errs_free(&errs);
}

static void test_errors(void **state)
{
    expect_error(*state, 9, NULL, NULL, "no reporting period 9 in project fx (periods 1–3)");
    expect_error(*state, 0, "2013-01-01", "2012-12-31", "--from 2013-01-01 is after --to 2012-12-31");
    expect_error(*state, 0, "2014-01-01", "2014-12-31", "outside project fx");
    expect_error(*state, 0, "2012-02-30", "2012-12-31", "not a date");
    expect_error(*state, 0, NULL, NULL, "--from and --to");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_period1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_period2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_range_equal_to_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slutrapport, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_in_every_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
