/* test_certificate.c — the certificates earned by attendance (certificate.c): issued when an
 * activity is marked held to those at or above the project's threshold and to no one below it,
 * withdrawn with the reason kept when a correction takes the attendance below, the same
 * certificate back when it is earned again, certificates issued and withdrawn by hand, the
 * verification code and its public check, the role rules, and the report's count without the
 * withdrawn ones. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "certificate.h"
#include "freeze.h"
#include "records.h"
#include "record.h"
#include "report.h"
#include "testutil.h"

/* Five sessions; p-under is present at 3 (60 %), p-at at 4 (exactly 80 %), p-above at 5; the
 * activity is booked, so nothing is issued yet. */
static const char BUNDLE[] =
    "{\"format\": \"insats-bundle\", \"version\": 1,"
    " \"project\": {\"id\": \"pr\", \"name\": \"Kompetenslyftet\", \"diarienummer\": \"2011-3060029\","
    "  \"start\": \"2020-01-01\", \"end\": \"2021-12-31\", \"certificate_threshold\": 0.8,"
    "  \"competence_areas\": [\"Ledarskap\"],"
    "  \"reporting_periods\": [{\"number\": 1, \"from\": \"2020-01-01\", \"to\": \"2021-12-31\"}]},"
    " \"organisations\": [{\"id\": \"o1\", \"name\": \"Orust kommun\", \"kind\": \"municipality\"},"
    "  {\"id\": \"o2\", \"name\": \"Tranemo kommun\", \"kind\": \"municipality\"}],"
    " \"people\": [{\"id\": \"p-under\", \"name\": \"Ulla Under\", \"gender\": \"female\", \"organisation\": \"o1\"},"
    "  {\"id\": \"p-at\", \"name\": \"Åke Exakt\", \"gender\": \"male\", \"organisation\": \"o1\"},"
    "  {\"id\": \"p-above\", \"name\": \"Olle Över\", \"gender\": \"male\", \"organisation\": \"o2\"}],"
    " \"interventions\": [{\"id\": \"i1\", \"title\": \"Utbildning\", \"counts_participants\": true}],"
    " \"activities\": [{\"id\": \"a1\", \"title\": \"Ledarskap i vardagen\", \"intervention\": \"i1\","
    "  \"kind\": \"training\", \"area\": \"Ledarskap\", \"status\": \"booked\","
    "  \"sessions\": [{\"id\": \"s1\", \"date\": \"2020-03-02\", \"hours\": 3},"
    "   {\"id\": \"s2\", \"date\": \"2020-03-09\", \"hours\": 3}, {\"id\": \"s3\", \"date\": \"2020-03-16\", \"hours\": 3},"
    "   {\"id\": \"s4\", \"date\": \"2020-03-23\", \"hours\": 3}, {\"id\": \"s5\", \"date\": \"2020-03-30\", \"hours\": 1.5}],"
    "  \"attendance\": ["
    "   {\"person\": \"p-under\", \"session\": \"s1\", \"present\": true}, {\"person\": \"p-under\", \"session\": \"s2\", \"present\": true},"
    "   {\"person\": \"p-under\", \"session\": \"s3\", \"present\": true}, {\"person\": \"p-under\", \"session\": \"s4\", \"present\": false},"
    "   {\"person\": \"p-under\", \"session\": \"s5\", \"present\": false},"
    "   {\"person\": \"p-at\", \"session\": \"s1\", \"present\": true}, {\"person\": \"p-at\", \"session\": \"s2\", \"present\": true},"
    "   {\"person\": \"p-at\", \"session\": \"s3\", \"present\": true}, {\"person\": \"p-at\", \"session\": \"s4\", \"present\": true},"
    "   {\"person\": \"p-at\", \"session\": \"s5\", \"present\": false},"
    "   {\"person\": \"p-above\", \"session\": \"s1\", \"present\": true}, {\"person\": \"p-above\", \"session\": \"s2\", \"present\": true},"
    "   {\"person\": \"p-above\", \"session\": \"s3\", \"present\": true}, {\"person\": \"p-above\", \"session\": \"s4\", \"present\": true},"
    "   {\"person\": \"p-above\", \"session\": \"s5\", \"present\": true}]}]}";

static int setup(void **state)
{
    setenv("INSATS_TODAY", "2020-04-06", 1);
    TuDb *t = tu_db_new("certificate");
    if (!t)
        return -1;
    tu_import_text(t->db, BUNDLE, "certificates");
    t->project = tu_project_id(t->db, "pr");
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    unsetenv("INSATS_TODAY");
    return tu_db_free(*state);
}

static Actor actor_of(Role role, int64_t org)
{
    Actor a = {.user_id = 7, .role = role, .organisation_id = org};
    snprintf(a.login, sizeof a.login, "%s", "kim");
    snprintf(a.name, sizeof a.name, "%s", "Kim Testare");
    return a;
}

/* Saves activity a1 with the status (the form's whole record, lists left as they are). */
static int mark(TuDb *t, const char *status, bool gives, Errs *errs)
{
    json_t *rec = json_pack("{ss ss ss ss ss ss sb}", "id", "a1", "title", "Ledarskap i vardagen",
                            "intervention", "i1", "kind", "training", "area", "Ledarskap",
                            "status", status, "gives_certificates", gives);
    int rc = record_save(t->db, tu_manager(), t->project, "activity", rec, false, NULL, 0, errs);
    json_decref(rec);
    return rc;
}

static void mark_ok(TuDb *t, const char *status)
{
    Errs errs;
    errs_init(&errs);
    int rc = mark(t, status, true, &errs);
    if (rc != INSATS_OK)
        fail_msg("marking a1 %s: %s", status, errs_total(&errs) ? errs.msgs[0] : "");
    errs_free(&errs);
}

/* The person's certificate of a1 as "valid", "withdrawn" or "none". */
static const char *state_of(TuDb *t, const char *person)
{
    char *sql = xasprintf("SELECT coalesce((SELECT CASE WHEN c.withdrawn IS NULL THEN 1 ELSE 2 END"
                          " FROM certificate c JOIN person p ON p.id = c.person_id"
                          " WHERE p.code = '%s' ORDER BY c.withdrawn IS NOT NULL LIMIT 1), 0)",
                          person);
    int64_t v = tu_query_int(t->db, sql);
    free(sql);
    return v == 1 ? "valid" : v == 2 ? "withdrawn" : "none";
}

static void set_present(TuDb *t, const Actor *who, const char *session, const char *person,
                        bool present)
{
    AttendanceMark m = {person, present};
    int saved = 0;
    Errs errs;
    errs_init(&errs);
    int rc = attendance_save_session(t->db, who, t->project, "a1", session, &m, 1, &saved, &errs);
    if (rc != INSATS_OK)
        fail_msg("attendance %s %s: %s", session, person, errs.msgs[0]);
    errs_free(&errs);
}

static int64_t report_count(TuDb *t)
{
    ReportRange range = {0};
    json_t *r = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(report_get(t->db, t->project, REPORT_SLUTRAPPORT, &range, &r, &errs),
                     INSATS_OK);
    int64_t n = json_integer_value(tu_json_at(r, "certificates.count"));
    json_decref(r);
    errs_free(&errs);
    return n;
}

static void test_boundary_when_held(void **state)
{
    TuDb *t = *state;
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate"), 0);
    mark_ok(t, "held");
    assert_string_equal(state_of(t, "p-under"), "none");    /* 3 of 5: 60 %, just under */
    assert_string_equal(state_of(t, "p-at"), "valid");      /* 4 of 5: exactly 80 % */
    assert_string_equal(state_of(t, "p-above"), "valid");   /* 5 of 5 */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate WHERE issued = "
                                         "'2020-04-06' AND basis = 'attendance' AND title = "
                                         "'Intyg: Ledarskap i vardagen'"), 2);
    /* each with its own code of 10 unambiguous characters */
    assert_int_equal(tu_query_int(t->db, "SELECT count(DISTINCT verification) FROM certificate"
                                         " WHERE length(verification) = 10 AND verification"
                                         " NOT GLOB '*[ILOU]*'"), 2);
    /* in the trail, under the one who marked the activity held */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE kind = "
                                         "'certificate' AND action = 'insert' AND actor_login = "
                                         "'test'"), 2);
    assert_int_equal(report_count(t), 2);
    /* saving it again issues nothing more */
    mark_ok(t, "held");
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate"), 2);
}

static void test_correction_withdraws_and_reissues(void **state)
{
    TuDb *t = *state;
    mark_ok(t, "held");
    char *code;
    sqlite3_stmt *st = db_prepare(t->db, "SELECT c.verification FROM certificate c JOIN person p"
                                         " ON p.id = c.person_id WHERE p.code = 'p-at'");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    code = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);

    /* a trainer's correction: p-at was not there at s1 after all — 3 of 5 */
    Actor trainer = actor_of(ROLE_TRAINER, 0);
    tu_exec(t->db, "INSERT INTO app_user (id, login, name, role, password_hash, created)"
                   " VALUES (7, 'kim', 'Kim Testare', 'trainer', 'x', 1577836800);"
                   "INSERT INTO activity_trainer (activity_id, user_id)"
                   " SELECT id, 7 FROM activity WHERE code = 'a1'");
    set_present(t, &trainer, "s1", "p-at", false);
    assert_string_equal(state_of(t, "p-at"), "withdrawn");
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate WHERE withdrawn = "
                                         "'2020-04-06' AND withdrawn_reason LIKE "
                                         "'%3 av 5 tillfällen%80 %'"), 1);
    assert_string_equal(state_of(t, "p-above"), "valid");
    assert_int_equal(report_count(t), 1);   /* a withdrawn certificate counts nowhere */
    /* in the trail, in the correction's transaction (the connection's actor: the test's) */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE kind = "
                                         "'certificate' AND action = 'update' AND after LIKE "
                                         "'%\"withdrawn\":\"2020-04-06\"%'"), 1);
    /* the person's page counts the valid ones only */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate"), 2);

    /* corrected back: the same certificate, with its code, is valid again */
    set_present(t, &trainer, "s1", "p-at", true);
    assert_string_equal(state_of(t, "p-at"), "valid");
    char *sql = xasprintf("SELECT count(*) FROM certificate WHERE verification = '%s' AND"
                          " withdrawn IS NULL AND withdrawn_reason IS NULL", code);
    assert_int_equal(tu_query_int(t->db, sql), 1);
    free(sql);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate"), 2);
    assert_int_equal(report_count(t), 2);

    /* p-under reaches 4 of 5: issued now */
    set_present(t, &trainer, "s4", "p-under", true);
    assert_string_equal(state_of(t, "p-under"), "valid");

    /* the activity no longer held: every certificate earned by attendance goes, with why */
    mark_ok(t, "booked");
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate WHERE withdrawn IS "
                                         "NOT NULL AND withdrawn_reason LIKE '%Bokad%'"), 3);
    assert_int_equal(report_count(t), 0);
    mark_ok(t, "held");
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate WHERE withdrawn IS "
                                         "NULL"), 3);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate"), 3);
    free(code);
}

static void test_session_deleted(void **state)
{
    TuDb *t = *state;
    tu_exec(t->db, "UPDATE project SET certificate_threshold_bp = 7500");
    mark_ok(t, "held");
    assert_string_equal(state_of(t, "p-under"), "none");    /* 3 of 5 */
    /* s5 was entered by mistake: no one was there; without it p-under has 3 of 4, 75 % */
    Actor m = actor_of(ROLE_MANAGER, 0);
    set_present(t, &m, "s5", "p-above", false);
    assert_string_equal(state_of(t, "p-above"), "valid");   /* 4 of 5 */
    int64_t removed = 0;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(records_delete_part(t->db, &m, t->project, "session", "a1", "s5", &removed,
                                         &errs), INSATS_OK);
    assert_string_equal(state_of(t, "p-under"), "valid");
    errs_free(&errs);
}

static void test_threshold_exact_arithmetic(void **state)
{
    TuDb *t = *state;
    /* 66,67 %: 2 of 3 sessions is 66,666… % — under it, though it rounds to the same */
    tu_exec(t->db, "UPDATE project SET certificate_threshold_bp = 6667;"
                   "DELETE FROM session WHERE code IN ('s4', 's5')");
    mark_ok(t, "held");
    assert_string_equal(state_of(t, "p-under"), "valid");   /* 3 of 3 */
    Actor m = actor_of(ROLE_MANAGER, 0);
    set_present(t, &m, "s1", "p-under", false);              /* 2 of 3 */
    assert_string_equal(state_of(t, "p-under"), "withdrawn");
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate WHERE "
                                         "withdrawn_reason LIKE '%2 av 3%66,67 %'"), 1);
    tu_exec(t->db, "UPDATE project SET certificate_threshold_bp = 6666");
    CertificateChanges ch;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(certificate_issue_activity(t->db, &m, t->project, "a1", &ch, &errs),
                     INSATS_OK);
    assert_int_equal(ch.reinstated, 1);
    assert_int_equal(ch.issued, 0);
    assert_string_equal(state_of(t, "p-under"), "valid");
    errs_free(&errs);
}

static void test_by_hand(void **state)
{
    TuDb *t = *state;
    mark_ok(t, "held");
    Actor m = actor_of(ROLE_MANAGER, 0), c = actor_of(ROLE_COORDINATOR, 1);
    Errs errs;
    errs_init(&errs);
    char id[65];
    /* the reason is required */
    assert_int_equal(certificate_issue_manual(t->db, &m, t->project, "a1", "p-under", " ", id,
                                              sizeof id, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "reason"));
    errs_free(&errs);
    errs_init(&errs);
    /* only the manager */
    assert_int_equal(certificate_issue_manual(t->db, &c, t->project, "a1", "p-under",
                                              "Deltog i ersättningstillfälle", id, sizeof id,
                                              &errs), INSATS_EFORBIDDEN);
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(certificate_issue_manual(t->db, &m, t->project, "a1", "p-at", "Dubbel",
                                              id, sizeof id, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "already"));
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(certificate_issue_manual(t->db, &m, t->project, "a1", "p-under",
                                              "Deltog i ersättningstillfälle", id, sizeof id,
                                              &errs), INSATS_OK);
    assert_string_equal(id, "a1-p-under");
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate WHERE basis = "
                                         "'manual' AND reason = 'Deltog i ersättningstillfälle'"),
                     1);
    /* a re-evaluation leaves one issued by hand alone */
    set_present(t, &m, "s1", "p-under", false);
    assert_string_equal(state_of(t, "p-under"), "valid");

    /* withdrawn by hand: it stays withdrawn when the attendance says it is earned */
    assert_int_equal(certificate_withdraw(t->db, &c, t->project, "a1-p-at", "Fel person",
                                          &errs), INSATS_EFORBIDDEN);
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(certificate_withdraw(t->db, &m, t->project, "a1-p-at", "Fel person",
                                          &errs), INSATS_OK);
    set_present(t, &m, "s5", "p-at", true);
    assert_string_equal(state_of(t, "p-at"), "withdrawn");
    assert_int_equal(certificate_withdraw(t->db, &m, t->project, "a1-p-at", "Igen", &errs),
                     INSATS_EINPUT);
    errs_free(&errs);
    errs_init(&errs);
    /* the role rule of the activity's own issue */
    CertificateChanges ch;
    Actor tr = actor_of(ROLE_TRAINER, 0);
    assert_int_equal(certificate_issue_activity(t->db, &tr, t->project, "a1", &ch, &errs),
                     INSATS_EFORBIDDEN);
    errs_free(&errs);
    errs_init(&errs);
    mark_ok(t, "booked");
    assert_int_equal(certificate_issue_activity(t->db, &m, t->project, "a1", &ch, &errs),
                     INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "not held"));
    errs_free(&errs);
}

static void test_gives_none(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(mark(t, "held", false, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate"), 0);
    assert_int_equal(mark(t, "held", true, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate"), 2);
    assert_int_equal(mark(t, "held", false, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM certificate WHERE withdrawn_reason"
                                         " = 'Aktiviteten ger inte längre intyg.'"), 2);
    errs_free(&errs);
}

static void test_verify(void **state)
{
    TuDb *t = *state;
    mark_ok(t, "held");
    sqlite3_stmt *st = db_prepare(t->db, "SELECT c.verification FROM certificate c JOIN person p"
                                         " ON p.id = c.person_id WHERE p.code = 'p-above'");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char code[16];
    snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    char shown[CERTIFICATE_CODE_SHOWN], typed[32];
    certificate_code_show(code, shown);
    assert_int_equal(strlen(shown), 11);
    assert_int_equal(shown[5], '-');
    /* as someone types it: lower case, with the hyphen */
    for (size_t i = 0; i <= strlen(shown); i++)
        typed[i] = (char)(shown[i] >= 'A' && shown[i] <= 'Z' ? shown[i] + 32 : shown[i]);
    CertificateCheck ck;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(certificate_verify(t->db, typed, &ck, &errs), INSATS_OK);
    assert_string_equal(ck.name, "Olle Över");
    assert_string_equal(ck.activity, "Ledarskap i vardagen");
    assert_string_equal(ck.issued, "2020-04-06");
    assert_string_equal(ck.withdrawn, "");
    /* a wrong code, no code, too long a code: not found alike */
    char wrong[16];
    snprintf(wrong, sizeof wrong, "%s", code);
    wrong[0] = wrong[0] == 'Z' ? 'Y' : 'Z';
    wrong[9] = wrong[9] == 'Z' ? 'Y' : 'Z';
    assert_int_equal(certificate_verify(t->db, wrong, &ck, &errs), INSATS_EINPUT);
    assert_string_equal(ck.name, "");
    assert_int_equal(certificate_verify(t->db, "", &ck, &errs), INSATS_EINPUT);
    assert_int_equal(certificate_verify(t->db, "0123456789ABC", &ck, &errs), INSATS_EINPUT);
    assert_int_equal(errs_total(&errs), 0);
    /* a withdrawn certificate says so */
    Actor m = actor_of(ROLE_MANAGER, 0);
    set_present(t, &m, "s1", "p-above", false);
    set_present(t, &m, "s2", "p-above", false);
    assert_int_equal(certificate_verify(t->db, code, &ck, &errs), INSATS_OK);
    assert_string_equal(ck.withdrawn, "2020-04-06");
    errs_free(&errs);

    char out[CERTIFICATE_CODE_LEN + 1];
    assert_true(certificate_code_normalize("o1il-2345 67", out));
    assert_string_equal(out, "0111234567");
    assert_false(certificate_code_normalize("U123456789", out));
    assert_false(certificate_code_normalize("12345", out));
}

static void test_documents(void **state)
{
    TuDb *t = *state;
    mark_ok(t, "held");
    Actor m = actor_of(ROLE_MANAGER, 0), c = actor_of(ROLE_COORDINATOR, 2),
          r = actor_of(ROLE_READER, 0);
    json_t *doc = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(certificate_documents(t->db, &m, t->project, NULL, "a1",
                                           "https://insats.example.se", &doc, &errs), INSATS_OK);
    assert_int_equal(json_array_size(json_object_get(doc, "certificates")), 2);
    json_t *first = json_array_get(json_object_get(doc, "certificates"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "name")), "Olle Över");
    assert_string_equal(json_string_value(json_object_get(first, "area")), "Ledarskap");
    assert_string_equal(json_string_value(json_object_get(first, "first")), "2020-03-02");
    assert_string_equal(json_string_value(json_object_get(first, "last")), "2020-03-30");
    assert_true(json_real_value(json_object_get(first, "hours")) == 13.5);
    assert_non_null(strstr(json_string_value(json_object_get(first, "verify_url")),
                           "https://insats.example.se/verify/"));
    json_decref(doc);
    /* a coordinator of o2 gets Olle only; a reader nothing */
    assert_int_equal(certificate_documents(t->db, &c, t->project, NULL, "a1", "", &doc, &errs),
                     INSATS_OK);
    assert_int_equal(json_array_size(json_object_get(doc, "certificates")), 1);
    json_decref(doc);
    assert_int_equal(certificate_documents(t->db, &r, t->project, NULL, "a1", "", &doc, &errs),
                     INSATS_EFORBIDDEN);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_boundary_when_held, setup, teardown),
        cmocka_unit_test_setup_teardown(test_correction_withdraws_and_reissues, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threshold_exact_arithmetic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gives_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
