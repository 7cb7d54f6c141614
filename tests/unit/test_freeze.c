/* test_freeze.c — frozen reports (freeze.c, schema/0003): freezing and its refusals, the
 * snapshot as the report of its period, "tidigare redovisat" in the next period, the database
 * refusing changes dated inside a frozen period (and accepting unchanged re-imports), the
 * message for that refusal, reopening with a reason, the diff against the data as it is now,
 * and freezing again. Each test starts from a small bundle imported into a new database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "freeze.h"
#include "report.h"
#include "testutil.h"
#include "util.h"

/* Quarterly periods of 2012; "today" (INSATS_TODAY) is 2012-07-15, so periods 1 and 2 have
 * ended and period 3 has not. Period 1 holds one session, one cost, and one record of each
 * other dated kind; period 2 one session. */
#define PROJECT_JSON \
    "\"project\": {\"id\": \"esf\", \"name\": \"Kompetenslyft\", \"diarienummer\": \"2011-3060029\"," \
    " \"start\": \"2012-01-01\", \"end\": \"2012-12-31\", \"planned_participants\": 10," \
    " \"reporting_periods\": [{\"number\": 1, \"from\": \"2012-01-01\", \"to\": \"2012-03-31\"}," \
    "  {\"number\": 2, \"from\": \"2012-04-01\", \"to\": \"2012-06-30\"}," \
    "  {\"number\": 3, \"from\": \"2012-07-01\", \"to\": \"2012-09-30\"}," \
    "  {\"number\": 4, \"from\": \"2012-10-01\", \"to\": \"2012-12-31\"}]}"
#define ACTIVITY_HEAD \
    "{\"id\": \"a1\", \"title\": \"Bemötande\", \"intervention\": \"utb\", \"kind\": \"training\"," \
    " \"status\": \"held\"," \
    " \"sessions\": [{\"id\": \"s1\", \"date\": \"2012-02-01\", \"hours\": 3}," \
    "  {\"id\": \"s2\", \"date\": \"2012-05-02\", \"hours\": 3}],"

static const char BUNDLE[] =
    "{\"format\": \"insats-bundle\", \"version\": 1, " PROJECT_JSON ","
    " \"organisations\": [{\"id\": \"sunne\", \"name\": \"Sunne kommun\", \"kind\": \"municipality\"}],"
    " \"people\": [{\"id\": \"p1\", \"name\": \"Anna Berg\", \"gender\": \"female\", \"organisation\": \"sunne\"},"
    "  {\"id\": \"p2\", \"name\": \"Bo Ek\", \"gender\": \"male\", \"organisation\": \"sunne\"},"
    "  {\"id\": \"p3\", \"name\": \"Cia Dahl\", \"gender\": \"female\", \"organisation\": \"sunne\"}],"
    " \"interventions\": [{\"id\": \"utb\", \"title\": \"Utbildningsinsatser\"}],"
    " \"activities\": [" ACTIVITY_HEAD
    "  \"attendance\": [{\"person\": \"p1\", \"session\": \"s1\", \"present\": true},"
    "   {\"person\": \"p2\", \"session\": \"s1\", \"present\": true},"
    "   {\"person\": \"p3\", \"session\": \"s1\", \"present\": false},"
    "   {\"person\": \"p1\", \"session\": \"s2\", \"present\": true}]}],"
    " \"certificates\": [{\"id\": \"c1\", \"title\": \"Intyg\", \"person\": \"p1\", \"activity\": \"a1\","
    "  \"issued\": \"2012-03-01\"}],"
    " \"budget\": {\"categories\": [{\"id\": \"ext\", \"name\": \"Externa tjänster\"}],"
    "  \"versions\": [{\"id\": \"v1\", \"name\": \"Beviljad\", \"date\": \"2011-12-01\","
    "   \"lines\": [{\"category\": \"ext\", \"year\": 2012, \"amount\": 100000}]}],"
    "  \"costs\": [{\"id\": \"k1\", \"date\": \"2012-02-10\", \"category\": \"ext\", \"amount\": 5000}]},"
    " \"deviations\": [{\"id\": \"d1\", \"date\": \"2012-03-05\", \"area\": \"time\","
    "  \"description\": \"Sen start\"}],"
    " \"meetings\": [{\"id\": \"m1\", \"title\": \"Styrgrupp\", \"date\": \"2012-03-10\", \"status\": \"held\"}],"
    " \"dissemination\": [{\"id\": \"n1\", \"title\": \"Nyhetsbrev 1\", \"date\": \"2012-03-15\","
    "  \"channel\": \"newsletter\"}]}";

/* A late attendance list: Cia was at the session of period 1 after all. */
static const char LATE_ATTENDANCE[] =
    "{\"format\": \"insats-bundle\", \"version\": 1, " PROJECT_JSON ","
    " \"activities\": [" ACTIVITY_HEAD
    "  \"attendance\": [{\"person\": \"p3\", \"session\": \"s1\", \"present\": true}]}]}";

/* A late invoice dated in period 1. */
static const char LATE_COST[] =
    "{\"format\": \"insats-bundle\", \"version\": 1, " PROJECT_JSON ","
    " \"budget\": {\"costs\": [{\"id\": \"k2\", \"date\": \"2012-03-30\", \"category\": \"ext\","
    "  \"amount\": 1200}]}}";

/* The database with BUNDLE imported; its project is fx->project. */
typedef TuDb Fx;

/* Every bundle text of these tests is named late.json in messages. Returns the status and
 * leaves the messages in errs. */
static int import_text(Fx *fx, const char *text, Errs *errs)
{
    return tu_try_import_text(fx->db, text, "late.json", errs);
}

static int setup(void **state)
{
    setenv("INSATS_TODAY", "2012-07-15", 1);
    Fx *fx = tu_db_new("freeze");
    *state = fx;
    if (!fx)
        return -1;
    tu_import_text(fx->db, BUNDLE, "late.json");
    fx->project = 1;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

/* The integer at a dotted path of a report ("participants.period.total"). */
static json_int_t int_at(const json_t *v, const char *path)
{
    v = tu_json_at(v, path);
    assert_non_null(v);
    assert_true(json_is_number(v));
    return (json_int_t)json_number_value(v);
}

/* Runs SQL that must be refused for period `period`; returns the SQLite message. */
static void expect_refused(Fx *fx, const char *sql, int period)
{
    char *err = NULL;
    int src = sqlite3_exec(fx->db->h, sql, NULL, NULL, &err);
    char want[64];
    snprintf(want, sizeof want, "insats-frozen-period:%d", period);
    if (src == SQLITE_OK || !err || strcmp(err, want) != 0)
        fail_msg("not refused as frozen (%s): %s", err ? err : "accepted", sql);
    assert_int_equal(src & 0xff, SQLITE_CONSTRAINT);
    sqlite3_free(err);
}

static void expect_accepted(Fx *fx, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(fx->db->h, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("refused (%s): %s", err, sql);
}

static void freeze_ok(Fx *fx, int period, const char *by)
{
    Errs errs;
    errs_init(&errs);
    int rc = freeze_period(fx->db, fx->project, period, by, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
}

static json_t *get_period(Fx *fx, int period)
{
    Errs errs;
    errs_init(&errs);
    ReportRange r = {.period = period, .from = NULL, .to = NULL};
    json_t *report = NULL;
    int rc = report_get(fx->db, fx->project, REPORT_LAGESRAPPORT, &r, &report, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    assert_non_null(report);
    return report;
}

/* The change at `path` in a diff, or NULL. */
static const json_t *change_at(const json_t *changes, const char *path)
{
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        if (strcmp(json_string_value(json_object_get(c, "path")), path) == 0)
            return c;
    }
    return NULL;
}

static void test_unfrozen_report_is_computed(void **state)
{
    Fx *fx = *state;
    json_t *r = get_period(fx, 1);
    assert_true(json_is_null(json_object_get(r, "frozen")));
    assert_true(json_is_null(json_object_get(r, "previously_reported")));
    assert_int_equal(int_at(r, "participants.period.total"), 2);
    json_decref(r);
    r = get_period(fx, 2);
    assert_true(json_is_null(json_object_get(r, "previously_reported")));
    json_decref(r);
}

static void test_freeze_refusals(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(freeze_period(fx->db, fx->project, 9, "Maria", &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "period 9: no such reporting period (the project has "
                                         "periods 1–4)"));
    errs_free(&errs);
    assert_int_equal(freeze_period(fx->db, fx->project, 3, "Maria", &errs), INSATS_EINPUT);
    assert_string_equal(errs.msgs[0], "period 3 (2012-07-01–2012-09-30) has not ended yet; it "
                                      "can be frozen from 2012-10-01");
    errs_free(&errs);
    assert_int_equal(freeze_period(fx->db, fx->project, 1, " ", &errs), INSATS_EINPUT);
    errs_free(&errs);
    freeze_ok(fx, 1, "Maria");
    assert_int_equal(freeze_period(fx->db, fx->project, 1, "Per", &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "period 1 (2012-01-01–2012-03-31) is already frozen "
                                         "(on 2012-07-15 by Maria)"));
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM report_snapshot"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM report_snapshot_event"), 1);
}

static void test_frozen_report_is_the_snapshot(void **state)
{
    Fx *fx = *state;
    freeze_ok(fx, 1, "Maria");
    json_t *r = get_period(fx, 1);
    json_t *frozen = json_object_get(r, "frozen");
    assert_true(json_is_object(frozen));
    assert_string_equal(json_string_value(json_object_get(frozen, "at")), "2012-07-15");
    assert_string_equal(json_string_value(json_object_get(frozen, "by")), "Maria");
    assert_true(json_is_null(json_object_get(frozen, "reopened")));
    assert_int_equal(int_at(r, "participants.period.total"), 2);
    json_decref(r);

    /* A later day renders the same stored figures, with its old `generated` date. */
    setenv("INSATS_TODAY", "2013-01-20", 1);
    r = get_period(fx, 1);
    assert_string_equal(json_string_value(json_object_get(r, "generated")), "2012-07-15");
    json_decref(r);

    /* Period 2 shows period 1's frozen figures as "tidigare redovisat". */
    r = get_period(fx, 2);
    json_t *prev = json_object_get(r, "previously_reported");
    assert_true(json_is_object(prev));
    assert_int_equal(int_at(prev, "period"), 1);
    assert_string_equal(json_string_value(json_object_get(prev, "frozen_at")), "2012-07-15");
    assert_int_equal(int_at(prev, "participants_accumulated.total"), 2);
    assert_int_equal(int_at(prev, "participants_accumulated.women"), 1);
    assert_non_null(json_object_get(prev, "participant_hours_accumulated"));
    assert_int_equal(int_at(prev, "budget_accumulated.actual"), 5000);
    assert_true(json_is_null(json_object_get(r, "frozen")));
    json_decref(r);

    /* --from/--to that are exactly period 1's dates are period 1: its snapshot. */
    Errs errs;
    errs_init(&errs);
    ReportRange dates = {.period = 0, .from = "2012-01-01", .to = "2012-03-31"};
    r = NULL;
    assert_int_equal(report_get(fx->db, fx->project, REPORT_LAGESRAPPORT, &dates, &r, &errs),
                     INSATS_OK);
    errs_free(&errs);
    assert_true(json_is_object(json_object_get(r, "frozen")));
    assert_int_equal(int_at(r, "period.number"), 1);
    assert_string_equal(json_string_value(json_object_get(r, "generated")), "2012-07-15");
    json_decref(r);
}

static void test_database_refuses_changes_in_frozen_period(void **state)
{
    Fx *fx = *state;
    freeze_ok(fx, 1, "Maria");
    /* Session s1 (id 1) is in period 1, s2 (id 2) in period 2; person ids 1–3. */
    expect_refused(fx, "INSERT INTO attendance VALUES (1, 3, 1) ON CONFLICT DO UPDATE "
                       "SET present = excluded.present", 1);
    expect_refused(fx, "UPDATE attendance SET present = 0 WHERE session_id = 1", 1);
    expect_refused(fx, "DELETE FROM attendance WHERE session_id = 1", 1);
    expect_refused(fx, "UPDATE attendance SET session_id = 1 WHERE session_id = 2 AND person_id = 1",
                   1);
    expect_refused(fx, "INSERT INTO session (activity_id, code, session_date, hours_c) "
                       "VALUES (1, 's9', '2012-03-31', 100)", 1);
    expect_refused(fx, "UPDATE session SET hours_c = 400 WHERE id = 1", 1);
    expect_refused(fx, "UPDATE session SET session_date = '2012-03-30' WHERE id = 2", 1);
    expect_refused(fx, "DELETE FROM session WHERE id = 1", 1);
    expect_refused(fx, "INSERT INTO cost_entry (project_id, code, cost_date, category_id, "
                       "amount_ore) VALUES (1, 'k9', '2012-01-01', 1, 100)", 1);
    expect_refused(fx, "UPDATE cost_entry SET amount_ore = 1 WHERE code = 'k1'", 1);
    expect_refused(fx, "DELETE FROM cost_entry WHERE code = 'k1'", 1);
    expect_refused(fx, "INSERT INTO certificate (project_id, code, person_id, title, issued) "
                       "VALUES (1, 'c9', 2, 'Intyg', '2012-02-02')", 1);
    expect_refused(fx, "UPDATE certificate SET title = 'X' WHERE code = 'c1'", 1);
    expect_refused(fx, "INSERT INTO deviation (project_id, code, deviation_date, area, "
                       "description) VALUES (1, 'd9', '2012-02-02', 'time', 'x')", 1);
    expect_refused(fx, "UPDATE deviation SET measures = 'x' WHERE code = 'd1'", 1);
    expect_refused(fx, "INSERT INTO meeting (project_id, code, title, meeting_date, status) "
                       "VALUES (1, 'm9', 'M', '2012-02-02', 'held')", 1);
    expect_refused(fx, "DELETE FROM meeting WHERE code = 'm1'", 1);
    expect_refused(fx, "INSERT INTO dissemination (project_id, code, item_date, channel, title) "
                       "VALUES (1, 'n9', '2012-02-02', 'web', 'W')", 1);
    expect_refused(fx, "UPDATE dissemination SET item_date = '2012-05-05' WHERE code = 'n1'", 1);

    /* Outside the frozen period, and records that do not change, pass. */
    expect_accepted(fx, "INSERT INTO cost_entry (project_id, code, cost_date, category_id, "
                        "amount_ore) VALUES (1, 'k8', '2012-04-01', 1, 100)");
    expect_accepted(fx, "UPDATE attendance SET present = 0 WHERE session_id = 2");
    expect_accepted(fx, "UPDATE cost_entry SET amount_ore = amount_ore WHERE code = 'k1'");
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM attendance WHERE session_id = 1"),
                     3);

    /* Re-importing the unchanged bundle upserts every record of period 1 to the same values. */
    tu_import_text(fx->db, BUNDLE, "late.json");
}

static void test_import_refused_and_explained(void **state)
{
    Fx *fx = *state;
    freeze_ok(fx, 1, "Maria");
    Errs errs;
    errs_init(&errs);
    assert_int_equal(import_text(fx, LATE_ATTENDANCE, &errs), INSATS_EINPUT);
    assert_true(errs.count >= 1);
    assert_non_null(strstr(errs.msgs[0], "late.json: activities[0].attendance[0]"));
    /* Until the importer calls freeze_explain() the raw refusal shows; after, the sentence. */
    assert_true(strstr(errs.msgs[0], "insats-frozen-period:1") ||
                strstr(errs.msgs[0], "period 1 (2012-01-01–2012-03-31) is frozen"));
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->db, "SELECT present FROM attendance WHERE session_id = 1 AND "
                                          "person_id = 3"), 0);
    assert_int_equal(import_text(fx, LATE_COST, &errs), INSATS_EINPUT);
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM cost_entry"), 1);

    Buf b = {0};
    assert_int_equal(freeze_explain(fx->db, "insats-frozen-period:1", &b), 1);
    assert_string_equal(b.data, "period 1 (2012-01-01–2012-03-31) is frozen (reported 2012-07-15 "
                                "by Maria); reopen it with `insats report reopen --period 1 "
                                "--reason …`");
    buf_clear(&b);
    assert_int_equal(freeze_explain(fx->db, "insats-frozen-period", &b), 1);
    assert_non_null(strstr(b.data, "frozen reporting period"));
    buf_free(&b);
    assert_int_equal(freeze_explain(fx->db, "UNIQUE constraint failed: person.code", &b), 0);
    assert_null(b.data);
    assert_int_equal(freeze_explain(fx->db, NULL, &b), 0);
}

static void test_reopen_diff_refreeze(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    json_t *changes = NULL;
    assert_int_equal(freeze_diff(fx->db, fx->project, 1, &changes, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "period 1 has not been frozen"));
    assert_null(changes);
    errs_free(&errs);
    assert_int_equal(freeze_reopen(fx->db, fx->project, 1, "Per", "rättelse", &errs),
                     INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "period 1 is not frozen"));
    errs_free(&errs);

    freeze_ok(fx, 1, "Maria");
    assert_int_equal(freeze_diff(fx->db, fx->project, 1, &changes, &errs), INSATS_OK);
    assert_int_equal(json_array_size(changes), 0);
    json_decref(changes);
    assert_int_equal(freeze_reopen(fx->db, fx->project, 1, "Per", "  ", &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "a reason is required"));
    errs_free(&errs);
    assert_int_equal(freeze_reopen(fx->db, fx->project, 1, "Per",
                                   "Närvarolista från Sunne kom in sent", &errs), INSATS_OK);
    assert_int_equal(freeze_reopen(fx->db, fx->project, 1, "Per", "igen", &errs),
                     INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "period 1 is already reopened (on 2012-07-15 by Per: "
                                         "Närvarolista från Sunne kom in sent)"));
    errs_free(&errs);

    /* The list of periods says so: frozen by Maria, reopened with the reason; period 2 not. */
    json_t *periods = NULL;
    assert_int_equal(freeze_periods(fx->db, fx->project, &periods, &errs), INSATS_OK);
    assert_true(json_array_size(periods) >= 2);
    const json_t *p1 = json_array_get(periods, 0);
    assert_int_equal(int_at(p1, "number"), 1);
    assert_string_equal(json_string_value(tu_json_at(p1, "frozen.by")), "Maria");
    assert_string_equal(json_string_value(tu_json_at(p1, "frozen.reopened.reason")),
                        "Närvarolista från Sunne kom in sent");
    assert_true(json_is_null(json_object_get(json_array_get(periods, 1), "frozen")));
    json_decref(periods);

    /* Reopened: the data may change, the report is computed, period 2 has no "tidigare". */
    int rc = import_text(fx, LATE_ATTENDANCE, &errs);
    if (rc == INSATS_OK)
        rc = import_text(fx, LATE_COST, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    json_t *r = get_period(fx, 1);
    assert_true(json_is_null(json_object_get(r, "frozen")));
    assert_int_equal(int_at(r, "participants.period.total"), 3);
    json_decref(r);
    r = get_period(fx, 2);
    assert_true(json_is_null(json_object_get(r, "previously_reported")));
    json_decref(r);

    assert_int_equal(freeze_diff(fx->db, fx->project, 1, &changes, &errs), INSATS_OK);
    const json_t *c = change_at(changes, "participants.period.total");
    assert_non_null(c);
    assert_int_equal(json_integer_value(json_object_get(c, "reported")), 2);
    assert_int_equal(json_integer_value(json_object_get(c, "now")), 3);
    c = change_at(changes, "participants.period.women");
    assert_non_null(c);
    assert_int_equal(int_at(c, "now"), 2);
    c = change_at(changes, "budget.by_category[ext].period.actual");
    assert_non_null(c);
    assert_int_equal(int_at(c, "reported"), 5000);
    assert_int_equal(int_at(c, "now"), 6200);
    for (size_t i = 0; i < json_array_size(changes); i++) {
        const char *p = json_string_value(json_object_get(json_array_get(changes, i), "path"));
        assert_true(strncmp(p, "generated", 9) != 0 && strncmp(p, "frozen", 6) != 0 &&
                    strncmp(p, "previously_reported", 19) != 0);
    }
    json_decref(changes);

    /* Frozen again: the corrected figures are the report, the reopen is remembered. */
    setenv("INSATS_TODAY", "2012-07-20", 1);
    freeze_ok(fx, 1, "Maria");
    r = get_period(fx, 1);
    assert_int_equal(int_at(r, "participants.period.total"), 3);
    json_t *reopened = json_object_get(json_object_get(r, "frozen"), "reopened");
    assert_true(json_is_object(reopened));
    assert_string_equal(json_string_value(json_object_get(reopened, "reason")),
                        "Närvarolista från Sunne kom in sent");
    assert_string_equal(json_string_value(json_object_get(reopened, "by")), "Per");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "frozen"), "at")),
                        "2012-07-20");
    json_decref(r);
    assert_int_equal(freeze_diff(fx->db, fx->project, 1, &changes, &errs), INSATS_OK);
    assert_int_equal(json_array_size(changes), 0);
    json_decref(changes);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM report_snapshot_event"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM report_snapshot_event "
                                          "WHERE action = 'reopen' "
                                          "AND report_json LIKE '%\"total\":2%'"), 1);
    expect_refused(fx, "DELETE FROM attendance WHERE session_id = 1", 1);
    assert_int_equal(freeze_diff(fx->db, fx->project, 7, &changes, &errs), INSATS_EINPUT);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unfrozen_report_is_computed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_freeze_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frozen_report_is_the_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_database_refuses_changes_in_frozen_period, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import_refused_and_explained, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_diff_refreeze, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
