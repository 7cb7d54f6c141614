/* test_survey_figures.c — the survey figures (survey_figures.c) against the hand-worked figures
 * of tests/fixtures/report-surveys.jsonc: distributions, means, shares, suppression of small
 * breakdown cells (with no figure left in them), the baseline/follow-up comparison and its
 * refusals, figures_survey_share with its filters and errors, and period filtering. */
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
#include "survey_figures.h"
#include "testutil.h"
#include "util.h"

/* The database with report-surveys.jsonc imported; fx->project is its project. */
typedef TuDb Fx;

static int setup(void **state)
{
    Fx *fx = tu_db_new("surv");
    assert_non_null(fx);
    tu_import_jsonc(fx->db, "report-surveys.jsonc", NULL);
    fx->project = tu_project_id(fx->db, "nya-adm");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    assert_int_equal(tu_db_free(*state), 0);
    return 0;
}

static int64_t org_id(Fx *fx, const char *code)
{
    sqlite3_stmt *st = db_prepare(fx->db, "SELECT id FROM organisation WHERE code = ?1");
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

static json_t *find_by(json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(json_object_get(v, key));
        if (s && strcmp(s, value) == 0)
            return v;
    }
    fail_msg("no %s \"%s\"", key, value);
    return NULL;
}

static void assert_num(json_t *v, double expected)
{
    assert_true(json_is_number(v));
    assert_float_equal(json_number_value(v), expected, 1e-9);
}

static void assert_int_key(json_t *o, const char *key, json_int_t expected)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_integer(v));
    assert_int_equal(json_integer_value(v), expected);
}

/* A suppressed cell holds its labels, "suppressed": true and why ("small": fewer than 5
 * responses; "complement": hidden so that a small cell cannot be worked out) — nothing else. */
static void assert_suppressed(json_t *cell, size_t labels, const char *reason)
{
    assert_true(json_is_true(json_object_get(cell, "suppressed")));
    assert_string_equal(json_string_value(json_object_get(cell, "suppressed_reason")), reason);
    assert_int_equal(json_object_size(cell), labels + 2);
    assert_null(json_object_get(cell, "responses"));
    assert_null(json_object_get(cell, "mean"));
    assert_null(json_object_get(cell, "share_at_least"));
}

static void assert_share(json_t *share, int min, double percent)
{
    if (min)
        assert_int_key(share, "min", min);
    else
        assert_true(json_is_null(json_object_get(share, "min")));
    assert_num(json_object_get(share, "percent"), percent);
}

static json_t *all_surveys(Fx *fx)
{
    Errs errs;
    errs_init(&errs);
    json_t *s = figures_surveys(fx->db, fx->project, NULL, NULL, NULL, &errs);
    assert_non_null(s);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    return s;
}

static void test_scale_question(void **state)
{
    json_t *all = all_surveys(*state);
    json_t *e1 = find_by(all, "id", "e1");
    assert_string_equal(json_string_value(json_object_get(e1, "kind")), "after_activity");
    assert_string_equal(json_string_value(json_object_get(e1, "date")), "2012-04-18");
    assert_true(json_is_null(json_object_get(e1, "activity")));
    assert_int_key(e1, "responses", 8);   /* r8 answered nothing but is a response */

    json_t *qs = json_object_get(e1, "questions");
    assert_int_equal(json_array_size(qs), 4);
    json_t *q1 = json_array_get(qs, 0);
    assert_string_equal(json_string_value(json_object_get(q1, "id")), "q1");
    assert_string_equal(json_string_value(json_object_get(q1, "type")), "scale5");
    assert_int_key(q1, "responses", 7);
    assert_num(json_object_get(q1, "mean"), 3.14);
    json_t *d = json_object_get(q1, "distribution");
    assert_int_equal(json_object_size(d), 5);
    assert_int_key(d, "1", 1);
    assert_int_key(d, "2", 2);
    assert_int_key(d, "3", 1);
    assert_int_key(d, "4", 1);
    assert_int_key(d, "5", 2);
    assert_share(json_object_get(q1, "share_at_least"), 2, 85.7);

    /* Threshold 4: 3 of 6. */
    json_t *q4 = json_array_get(qs, 3);
    assert_string_equal(json_string_value(json_object_get(q4, "id")), "q4");
    assert_int_key(q4, "responses", 6);
    assert_num(json_object_get(q4, "mean"), 3.17);
    assert_int_key(json_object_get(q4, "distribution"), "4", 2);
    assert_share(json_object_get(q4, "share_at_least"), 4, 50.0);
    json_decref(all);
}

static void test_yes_no_and_text(void **state)
{
    json_t *all = all_surveys(*state);
    json_t *qs = json_object_get(find_by(all, "id", "e1"), "questions");
    json_t *q2 = json_array_get(qs, 1);
    assert_int_key(q2, "responses", 6);
    assert_true(json_is_null(json_object_get(q2, "mean")));
    json_t *d = json_object_get(q2, "distribution");
    assert_int_equal(json_object_size(d), 2);
    assert_int_key(d, "yes", 4);
    assert_int_key(d, "no", 2);
    assert_share(json_object_get(q2, "share_at_least"), 0, 66.7);

    json_t *q3 = json_array_get(qs, 2);
    assert_string_equal(json_string_value(json_object_get(q3, "type")), "text");
    assert_int_key(q3, "responses", 2);
    assert_true(json_is_null(json_object_get(q3, "mean")));
    assert_true(json_is_null(json_object_get(q3, "distribution")));
    assert_true(json_is_null(json_object_get(q3, "share_at_least")));
    json_decref(all);
}

static void test_suppression(void **state)
{
    json_t *all = all_surveys(*state);

    /* e1 q1: orust 5, tranemo 1, none 1 — all suppressed (orust as the complement). */
    json_t *q1 = json_array_get(json_object_get(find_by(all, "id", "e1"), "questions"), 0);
    json_t *orgs = json_object_get(q1, "by_organisation");
    assert_int_equal(json_array_size(orgs), 3);   /* kau answered no question: no cell */
    json_t *c0 = json_array_get(orgs, 0), *c2 = json_array_get(orgs, 2);
    assert_string_equal(json_string_value(json_object_get(c0, "organisation")), "orust");
    assert_string_equal(json_string_value(json_object_get(c0, "name")), "Orust kommun");
    assert_suppressed(c0, 2, "complement");   /* 5 responses: not a small group */
    assert_string_equal(json_string_value(json_object_get(json_array_get(orgs, 1), "organisation")),
                        "tranemo");
    assert_suppressed(json_array_get(orgs, 1), 2, "small");
    assert_true(json_is_null(json_object_get(c2, "organisation")));
    assert_true(json_is_null(json_object_get(c2, "name")));
    assert_suppressed(c2, 2, "small");
    json_t *genders = json_object_get(q1, "by_gender");
    assert_int_equal(json_array_size(genders), 3);
    static const char *const g[] = {"female", "male", "other"};
    for (size_t i = 0; i < 3; i++) {
        json_t *cell = json_array_get(genders, i);
        assert_string_equal(json_string_value(json_object_get(cell, "gender")), g[i]);
        assert_suppressed(cell, 1, "small");
    }

    /* e2 q1: orust exactly 5 shown, tranemo 4 and none 1 suppressed. */
    q1 = json_array_get(json_object_get(find_by(all, "id", "e2"), "questions"), 0);
    assert_int_key(q1, "responses", 10);
    assert_num(json_object_get(q1, "mean"), 3.0);
    assert_share(json_object_get(q1, "share_at_least"), 2, 80.0);
    orgs = json_object_get(q1, "by_organisation");
    assert_int_equal(json_array_size(orgs), 3);
    c0 = json_array_get(orgs, 0);
    assert_string_equal(json_string_value(json_object_get(c0, "organisation")), "orust");
    assert_null(json_object_get(c0, "suppressed"));
    assert_int_key(c0, "responses", 5);
    assert_num(json_object_get(c0, "mean"), 3.6);
    assert_share(json_object_get(c0, "share_at_least"), 2, 100.0);
    assert_suppressed(json_array_get(orgs, 1), 2, "small");
    assert_suppressed(json_array_get(orgs, 2), 2, "small");
    genders = json_object_get(q1, "by_gender");
    json_t *female = json_array_get(genders, 0);
    assert_int_key(female, "responses", 5);
    assert_num(json_object_get(female, "mean"), 2.6);
    assert_share(json_object_get(female, "share_at_least"), 2, 80.0);
    assert_suppressed(json_array_get(genders, 1), 1, "small");
    assert_suppressed(json_array_get(genders, 2), 1, "small");
    json_decref(all);
}

static void codes_of(json_t *arr, const char **out, size_t cap)
{
    size_t i;
    json_t *v;
    assert_true(json_array_size(arr) < cap);
    json_array_foreach(arr, i, v)
        out[i] = json_string_value(json_object_get(v, "id"));
    out[json_array_size(arr)] = NULL;
}

static void test_period(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    const char *ids[16];

    json_t *all = all_surveys(fx);
    codes_of(all, ids, 16);
    static const char *const every[] = {"b1", "e1", "e2", "e3", "e4", "f1"};
    assert_int_equal(json_array_size(all), 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(ids[i], every[i]);
    json_decref(all);

    json_t *p = figures_surveys(fx->db, fx->project, "2012-01-01", "2012-12-31", NULL, &errs);
    assert_non_null(p);
    assert_int_equal(json_array_size(p), 2);
    codes_of(p, ids, 16);
    assert_string_equal(ids[0], "e1");
    assert_string_equal(ids[1], "e2");
    /* Figures do not depend on what else is in the period. */
    json_t *q1 = json_array_get(json_object_get(json_array_get(p, 0), "questions"), 0);
    assert_int_key(q1, "responses", 7);
    assert_int_key(json_array_get(p, 0), "responses", 8);
    json_decref(p);

    /* A lower bound only: undated e4 is out. */
    p = figures_surveys(fx->db, fx->project, "2012-06-01", NULL, NULL, &errs);
    assert_non_null(p);
    codes_of(p, ids, 16);
    assert_int_equal(json_array_size(p), 3);
    assert_string_equal(ids[0], "e2");
    assert_string_equal(ids[1], "e3");
    assert_string_equal(ids[2], "f1");
    json_decref(p);

    p = figures_surveys(fx->db, fx->project, "2014-01-01", "2014-12-31", NULL, &errs);
    assert_non_null(p);
    assert_int_equal(json_array_size(p), 0);
    json_decref(p);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
}

/* The summary pools each question over the surveys of its kind that ask it. after_activity q1:
 * 19 answers, 15 at ≥ 2 (fixture); per organisation orust 5 + 5 = 10 answers, 9 at ≥ 2, shown;
 * none 1 + 1 + 1 = 3 suppressed, so tranemo (1 + 4 + 1 = 6) goes as the complement. Per gender
 * female 4 + 5 = 9, 7 at ≥ 2 shown; other 2 + 1 + 1 = 4 suppressed, male 6 with it. */
static void test_summary(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    json_t *sum = NULL;
    json_t *all = figures_surveys(fx->db, fx->project, NULL, NULL, &sum, &errs);
    assert_non_null(all);
    assert_non_null(sum);
    /* Kinds in the order baseline, after_activity, follow_up; no text question (k3, q3). */
    static const char *const want[][2] = {
        {"baseline", "k1"}, {"baseline", "k2"}, {"baseline", "k4"}, {"baseline", "k5"},
        {"after_activity", "q1"}, {"after_activity", "q2"}, {"after_activity", "q4"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        json_t *row = json_array_get(sum, i);
        assert_string_equal(json_string_value(json_object_get(row, "kind")), want[i][0]);
        assert_string_equal(json_string_value(json_object_get(row, "question")), want[i][1]);
    }
    json_t *last = json_array_get(sum, json_array_size(sum) - 1);
    assert_string_equal(json_string_value(json_object_get(last, "kind")), "follow_up");

    json_t *q1 = json_array_get(sum, 4);
    assert_int_key(q1, "surveys", 4);
    assert_int_key(q1, "responses", 19);
    assert_string_equal(json_string_value(json_object_get(q1, "type")), "scale5");
    assert_share(json_object_get(q1, "share_at_least"), 2, 78.9);
    json_t *orgs = json_object_get(q1, "by_organisation");
    assert_int_equal(json_array_size(orgs), 3);
    json_t *orust = json_array_get(orgs, 0);
    assert_string_equal(json_string_value(json_object_get(orust, "organisation")), "orust");
    assert_int_key(orust, "responses", 10);
    assert_share(json_object_get(orust, "share_at_least"), 2, 90.0);
    assert_suppressed(json_array_get(orgs, 1), 2, "complement");   /* tranemo, 6 */
    assert_suppressed(json_array_get(orgs, 2), 2, "small");
    json_t *g = json_object_get(q1, "by_gender");
    assert_int_key(json_array_get(g, 0), "responses", 9);
    assert_share(json_object_get(json_array_get(g, 0), "share_at_least"), 2, 77.8);
    assert_suppressed(json_array_get(g, 1), 1, "complement");      /* male, 6 */
    assert_suppressed(json_array_get(g, 2), 1, "small");

    /* q4 keeps its own threshold; yes_no has none. */
    assert_share(json_object_get(json_array_get(sum, 6), "share_at_least"), 4, 50.0);
    assert_share(json_object_get(json_array_get(sum, 5), "share_at_least"), 0, 66.7);
    json_decref(sum);
    json_decref(all);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
}

static void assert_side(json_t *side, json_int_t n, double mean, double percent)
{
    assert_int_key(side, "responses", n);
    if (isnan(mean))
        assert_true(json_is_null(json_object_get(side, "mean")));
    else
        assert_num(json_object_get(side, "mean"), mean);
    assert_num(json_object_get(side, "percent"), percent);
}

static void test_comparison(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    json_t *c = figures_survey_comparison(fx->db, fx->project, &errs);
    assert_non_null(c);
    assert_int_equal(json_array_size(c), 3);   /* k1 k2 k5; not k3 (text) nor k4 (baseline only) */

    json_t *k1 = json_array_get(c, 0);
    assert_string_equal(json_string_value(json_object_get(k1, "question")), "k1");
    assert_string_equal(json_string_value(json_object_get(k1, "text")),
                        "Känner du dig trygg i din arbetssituation?");
    assert_side(json_object_get(k1, "baseline"), 6, 2.33, 66.7);
    assert_side(json_object_get(k1, "follow_up"), 5, 3.6, 100.0);
    assert_num(json_object_get(k1, "change_percent"), 33.3);
    assert_true(json_is_null(json_object_get(k1, "refused")));

    json_t *k2 = json_array_get(c, 1);
    assert_string_equal(json_string_value(json_object_get(k2, "question")), "k2");
    assert_true(json_is_null(json_object_get(k2, "baseline")));
    assert_side(json_object_get(k2, "follow_up"), 5, NAN, 80.0);
    assert_true(json_is_null(json_object_get(k2, "change_percent")));
    assert_string_equal(json_string_value(json_object_get(k2, "refused")),
                        "för få svar i nollmätningen (3 < 5)");

    json_t *k5 = json_array_get(c, 2);
    assert_string_equal(json_string_value(json_object_get(k5, "question")), "k5");
    assert_side(json_object_get(k5, "baseline"), 5, 3.0, 80.0);
    assert_true(json_is_null(json_object_get(k5, "follow_up")));
    assert_true(json_is_null(json_object_get(k5, "change_percent")));
    assert_string_equal(json_string_value(json_object_get(k5, "refused")),
                        "för få svar i uppföljningen (3 < 5)");
    json_decref(c);
    errs_free(&errs);
}

/* Runs figures_survey_share expecting success; returns the percent. */
static double share(Fx *fx, const char *survey, const char *kind, const char *question, int min,
                    int64_t org, const char *gender, const char *upto, int64_t expected_n)
{
    Errs errs;
    errs_init(&errs);
    double pct = -1;
    int64_t n = -1;
    int rc = figures_survey_share(fx->db, fx->project, survey, kind, question, min, org, gender,
                                  upto, &pct, &n, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(n, expected_n);
    errs_free(&errs);
    return pct;
}

static void test_share(void **state)
{
    Fx *fx = *state;
    assert_float_equal(share(fx, "e1", NULL, "q1", 0, 0, NULL, NULL, 7), 600.0 / 7, 1e-9);
    assert_float_equal(share(fx, "e1", NULL, "q1", 3, 0, NULL, NULL, 7), 400.0 / 7, 1e-9);
    assert_float_equal(share(fx, "e1", NULL, "q4", 0, 0, NULL, NULL, 6), 50.0, 1e-9);
    assert_float_equal(share(fx, "e1", NULL, "q2", 0, 0, NULL, NULL, 6), 400.0 / 6, 1e-9);
    /* min does not apply to yes_no: still the share of yes. */
    assert_float_equal(share(fx, "e1", NULL, "q2", 5, 0, NULL, NULL, 6), 400.0 / 6, 1e-9);
    assert_float_equal(share(fx, "e1", NULL, "q1", 0, 0, "other", NULL, 2), 100.0, 1e-9);
    assert_float_equal(share(fx, "e1", NULL, "q1", 0, 0, "male", NULL, 1), 100.0, 1e-9);
    assert_float_equal(share(fx, "e2", NULL, "q1", 0, org_id(fx, "orust"), NULL, NULL, 5), 100.0,
                       1e-9);
    assert_float_equal(share(fx, "e2", NULL, "q1", 0, 0, "female", NULL, 5), 80.0, 1e-9);
    assert_float_equal(share(fx, "e2", NULL, "q1", 0, org_id(fx, "tranemo"), "female", NULL, 2),
                       50.0, 1e-9);
    /* Pooled by kind, and up to a date (the undated e4 does not count then). */
    assert_float_equal(share(fx, NULL, "after_activity", "q1", 0, 0, NULL, NULL, 19), 1500.0 / 19,
                       1e-9);
    assert_float_equal(share(fx, NULL, "after_activity", "q1", 0, 0, NULL, "2012-12-31", 17),
                       1400.0 / 17, 1e-9);
    assert_float_equal(share(fx, NULL, "baseline", "k1", 0, 0, NULL, NULL, 6), 400.0 / 6, 1e-9);
    /* Nothing to count: NAN. */
    assert_true(isnan(share(fx, NULL, "after_activity", "q1", 0, 0, NULL, "2012-04-17", 0)));
    assert_true(isnan(share(fx, "e2", NULL, "q1", 0, org_id(fx, "kau"), NULL, NULL, 0)));
}

static void expect_error(Fx *fx, const char *survey, const char *kind, const char *question,
                         int min, const char *gender, const char *needle)
{
    Errs errs;
    errs_init(&errs);
    double pct = 0;
    int64_t n = -1;
    int rc = figures_survey_share(fx->db, fx->project, survey, kind, question, min, 0, gender,
                                  NULL, &pct, &n, &errs);
    assert_int_equal(rc, INSATS_EINPUT);
    assert_int_equal(errs_total(&errs), 1);
    if (!strstr(errs.msgs[0], needle))
        fail_msg("message \"%s\" lacks \"%s\"", errs.msgs[0], needle);
    assert_true(isnan(pct));
    assert_int_equal(n, 0);
    errs_free(&errs);
}

static void test_share_errors(void **state)
{
    Fx *fx = *state;
    expect_error(fx, "e1", NULL, "q9", 0, NULL, "no question \"q9\" in survey \"e1\"");
    expect_error(fx, "e9", NULL, "q1", 0, NULL, "no survey \"e9\"");
    expect_error(fx, NULL, "follow_up", "q1", 0, NULL, "no question \"q1\"");
    expect_error(fx, "e1", NULL, "q3", 0, NULL, "text question");
    expect_error(fx, "e1", NULL, "q1", 6, NULL, "min 6");
    expect_error(fx, "e1", NULL, "q1", 0, "unknown", "gender");
    expect_error(fx, NULL, "during", "q1", 0, NULL, "kind");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scale_question, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yes_no_and_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppression, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comparison, setup, teardown),
        cmocka_unit_test_setup_teardown(test_share, setup, teardown),
        cmocka_unit_test_setup_teardown(test_share_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
