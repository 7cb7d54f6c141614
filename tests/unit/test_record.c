/* test_record.c — the write API (record.c) and the attendance screen (activity.c): a record in
 * the bundle's shape is saved by the bundle import's rules with messages that name the field,
 * create and update are told apart, the role rule and the organisation scope hold, a frozen
 * period refuses, a refusal changes nothing, and the form fields agree with what the import
 * reads. Runs on the complete fixture bundle. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "activity.h"
#include "freeze.h"
#include "record.h"
#include "testutil.h"

static int setup(void **state)
{
    TuDb *t = tu_db_new("record");
    if (!t)
        return -1;
    tu_import_fixture(t->db, "bundle-min.json", NULL);
    t->project = tu_project_id(t->db, "kompetens-vrmland");
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static Actor actor_of(Role role, Db *db, const char *org)
{
    Actor a;
    memset(&a, 0, sizeof a);
    a.role = role;
    a.user_id = 7;
    snprintf(a.login, sizeof a.login, "test");
    if (org) {
        char *sql = xasprintf("SELECT id FROM organisation WHERE code = '%s'", org);
        a.organisation_id = tu_query_int(db, sql);
        free(sql);
    }
    return a;
}

/* The message about `field`, or NULL. */
static const char *msg_of(const Errs *e, const char *field)
{
    for (size_t i = 0; i < e->count; i++)
        if (e->fields[i] && strcmp(e->fields[i], field) == 0)
            return e->msgs[i];
    return NULL;
}

static int save(TuDb *t, const Actor *a, const char *kind, const char *json, bool create,
                Errs *errs)
{
    json_error_t jerr;
    json_t *rec = json_loads(json, 0, &jerr);
    if (!rec)
        fail_msg("bad JSON in the test: %s", jerr.text);
    char code[80];
    int rc = record_save(t->db, a, t->project, kind, rec, create, code, sizeof code, errs);
    if (rc == INSATS_OK && json_object_get(rec, "id"))
        assert_string_equal(code, json_string_value(json_object_get(rec, "id")));
    json_decref(rec);
    return rc;
}

static void test_create_and_update(void **state)
{
    TuDb *t = *state;
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(save(t, &m, "person", "{\"id\": \"p9\", \"name\": \"Nils Nyman\", "
                          "\"gender\": \"male\", \"organisation\": \"torsby\"}", true, &errs),
                     INSATS_OK);
    assert_int_equal(errs.count, 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM person WHERE code = 'p9' AND "
                                         "name = 'Nils Nyman'"), 1);
    /* a second create of the same id */
    assert_int_equal(save(t, &m, "person", "{\"id\": \"p9\", \"name\": \"Nils Other\", "
                          "\"gender\": \"male\", \"organisation\": \"torsby\"}", true, &errs),
                     INSATS_EINPUT);
    assert_non_null(msg_of(&errs, "id"));
    assert_non_null(strstr(msg_of(&errs, "id"), "person: id: duplicate id \"p9\""));
    errs_free(&errs);
    /* an update of one that is not there */
    assert_int_equal(save(t, &m, "person", "{\"id\": \"p10\", \"name\": \"X\", "
                          "\"gender\": \"male\", \"organisation\": \"torsby\"}", false, &errs),
                     INSATS_EINPUT);
    assert_string_equal(msg_of(&errs, "id"), "person: id: no person \"p10\" in the project");
    errs_free(&errs);
    /* an update */
    assert_int_equal(save(t, &m, "person", "{\"id\": \"p9\", \"name\": \"Nils Nyberg\", "
                          "\"gender\": \"male\", \"organisation\": \"sunne\"}", false, &errs),
                     INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM person p JOIN organisation o ON "
                                         "o.id = p.organisation_id WHERE p.code = 'p9' AND "
                                         "p.name = 'Nils Nyberg' AND o.code = 'sunne'"), 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM person WHERE code = 'p10'"), 0);
    errs_free(&errs);
}

/* Bad fields: each message names its field, nothing is written, and the words are the bundle
 * import's. */
static void test_fields_named_like_the_import(void **state)
{
    TuDb *t = *state;
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL);
    Errs errs;
    errs_init(&errs);
    const char *bad = "{\"id\": \"a9\", \"title\": \"Kurs\", \"intervention\": \"nope\", "
                      "\"kind\": \"party\", \"status\": \"planned\", \"cost\": 12.345, "
                      "\"sessions\": [{\"id\": \"s1\", \"date\": \"2012-13-01\", "
                      "\"hours\": 3}], \"colour\": \"red\"}";
    assert_int_equal(save(t, &m, "activity", bad, true, &errs), INSATS_EINPUT);
    assert_string_equal(msg_of(&errs, "intervention"),
                        "activity: intervention: unknown intervention \"nope\"");
    assert_non_null(strstr(msg_of(&errs, "kind"), "\"party\" is not one of training, lecture"));
    assert_non_null(msg_of(&errs, "cost"));
    assert_string_equal(msg_of(&errs, "colour"), "activity: colour: unknown key");
    assert_non_null(strstr(msg_of(&errs, "sessions[0].date"), "is not a date"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM activity WHERE code = 'a9'"), 0);

    /* The same record in a bundle gets the same words after its path. */
    char *bundle = xasprintf("{\"format\": \"insats-bundle\", \"version\": 1, \"project\": "
                             "{\"id\": \"kompetens-vrmland\", \"name\": \"K\", \"start\": "
                             "\"2011-01-01\", \"end\": \"2014-12-31\"}, \"activities\": [%s]}",
                             bad);
    Errs berrs;
    errs_init(&berrs);
    assert_int_equal(tu_try_import_text(t->db, bundle, "b.json", &berrs), INSATS_EINPUT);
    const char *keys[] = {"intervention", "kind", "cost", "colour", "sessions[0].date"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        char bfield[64];
        snprintf(bfield, sizeof bfield, "activities[0].%s", keys[k]);
        const char *a = msg_of(&errs, keys[k]), *b = msg_of(&berrs, bfield);
        assert_non_null(b);
        /* "activity: kind: X" and "b.json: activities[0].kind: X" */
        assert_string_equal(strstr(a, ": ") + 2 + strlen(keys[k]),
                            strstr(b, ": ") + 2 + strlen(bfield));
    }
    free(bundle);
    errs_free(&berrs);
    errs_free(&errs);
}

static void test_roles_and_scope(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    const char *person = "{\"id\": \"p1\", \"name\": \"Anna Andersson\", \"gender\": "
                         "\"female\", \"organisation\": \"sunne\"}";
    Actor reader = actor_of(ROLE_READER, t->db, NULL);
    assert_int_equal(save(t, &reader, "person", person, false, &errs), INSATS_EFORBIDDEN);
    errs_free(&errs);
    Actor econ = actor_of(ROLE_ECONOMIST, t->db, NULL);
    assert_int_equal(save(t, &econ, "person", person, false, &errs), INSATS_EFORBIDDEN);
    errs_free(&errs);
    assert_int_equal(save(t, &econ, "budget_category", "{\"id\": \"resor\", \"name\": "
                          "\"Resor\"}", true, &errs), INSATS_OK);
    errs_free(&errs);
    /* a coordinator of Torsby: Sunne's people are not there for them */
    Actor torsby = actor_of(ROLE_COORDINATOR, t->db, "torsby");
    assert_int_equal(save(t, &torsby, "person", person, false, &errs), INSATS_EINPUT);
    assert_string_equal(msg_of(&errs, "id"), "person: id: no person \"p1\" in the project");
    errs_free(&errs);
    /* nor may they create one there */
    assert_int_equal(save(t, &torsby, "person", "{\"id\": \"p20\", \"name\": \"Olle\", "
                          "\"gender\": \"male\", \"organisation\": \"sunne\"}", true, &errs),
                     INSATS_EINPUT);
    assert_non_null(msg_of(&errs, "organisation"));
    errs_free(&errs);
    assert_int_equal(save(t, &torsby, "person", "{\"id\": \"p20\", \"name\": \"Olle\", "
                          "\"gender\": \"male\", \"organisation\": \"torsby\"}", true, &errs),
                     INSATS_OK);
    errs_free(&errs);
    assert_int_equal(save(t, &torsby, "activity", "{\"id\": \"a1\"}", false, &errs),
                     INSATS_EFORBIDDEN);
    errs_free(&errs);

    /* the rule itself */
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL), tr = actor_of(ROLE_TRAINER, t->db, NULL);
    Actor admin = actor_of(ROLE_ADMIN, t->db, NULL), ev = actor_of(ROLE_EVALUATOR, t->db, NULL);
    for (const char *const *k = record_kinds(); *k; k++) {
        assert_true(record_may_write(&m, *k, 0));
        assert_false(record_may_write(&admin, *k, 0));
        assert_false(record_may_write(&reader, *k, 0));
        assert_false(record_may_write(&ev, *k, 0));
    }
    assert_true(record_may_write(&torsby, "attendance", torsby.organisation_id));
    assert_false(record_may_write(&torsby, "attendance", torsby.organisation_id + 1));
    assert_true(record_may_write(&tr, "session", 0));
    assert_false(record_may_write(&tr, "person", 0));
    assert_true(record_may_write(&econ, "cost", 0));
    assert_false(record_may_write(&econ, "attendance", 0));
    /* a trainer without an assignment may save no session */
    assert_int_equal(save(t, &tr, "session", "{\"activity\": \"a1\", \"id\": \"s3\", "
                          "\"date\": \"2012-05-02\", \"hours\": 2}", true, &errs), INSATS_EINPUT);
    assert_non_null(msg_of(&errs, "activity"));
    errs_free(&errs);
}

static void test_session_and_narrative(void **state)
{
    TuDb *t = *state;
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(save(t, &m, "session", "{\"activity\": \"a1\", \"id\": \"s3\", "
                          "\"date\": \"2012-05-02\", \"start\": \"13:00\", \"end\": \"12:00\", "
                          "\"hours\": 2}", true, &errs), INSATS_EINPUT);
    assert_non_null(strstr(msg_of(&errs, "end"), "is before start"));
    errs_free(&errs);
    assert_int_equal(save(t, &m, "session", "{\"activity\": \"a1\", \"id\": \"s3\", "
                          "\"date\": \"2012-05-02\", \"hours\": 2.5}", true, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT hours_c FROM session WHERE code = 's3'"), 250);
    assert_int_equal(save(t, &m, "session", "{\"activity\": \"a1\", \"id\": \"s3\", "
                          "\"date\": \"2012-05-02\", \"hours\": 2}", true, &errs), INSATS_EINPUT);
    assert_non_null(strstr(msg_of(&errs, "id"), "duplicate id \"s3\""));
    errs_free(&errs);
    /* s1 is a session of a1, not of a2 */
    assert_int_equal(save(t, &m, "session", "{\"activity\": \"a2\", \"id\": \"s1\", "
                          "\"date\": \"2012-05-02\", \"hours\": 2}", false, &errs), INSATS_EINPUT);
    errs_free(&errs);
    assert_int_equal(save(t, &m, "narrative", "{\"period\": 7, \"section\": \"utfall\", "
                          "\"text\": \"x\"}", true, &errs), INSATS_EINPUT);
    assert_non_null(strstr(msg_of(&errs, "period"), "no reporting period 7"));
    errs_free(&errs);
    assert_int_equal(save(t, &m, "narrative", "{\"period\": 2, \"section\": \"utfall\", "
                          "\"text\": \"Det gick bra.\"}", true, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM narrative WHERE period = 2 AND "
                                         "section = 'utfall' AND text = 'Det gick bra.'"), 1);
    errs_free(&errs);
    /* ordered kinds take the end of their list when new, and keep their place */
    int64_t last = tu_query_int(t->db, "SELECT max(position) FROM goal");
    assert_int_equal(save(t, &m, "goal", "{\"id\": \"g9\", \"title\": \"Fler\", \"measure\": "
                          "{\"kind\": \"certificates\"}, \"target\": 5}", true, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT position FROM goal WHERE code = 'g9'"), last + 1);
    assert_int_equal(save(t, &m, "goal", "{\"id\": \"g9\", \"title\": \"Ännu fler\", \"measure\": "
                          "{\"kind\": \"certificates\"}, \"target\": 6}", false, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT position FROM goal WHERE code = 'g9'"), last + 1);
    errs_free(&errs);
    /* an unknown kind */
    assert_int_equal(save(t, &m, "potato", "{}", true, &errs), INSATS_EUSAGE);
    errs_free(&errs);
}

static void test_frozen_period_refuses(void **state)
{
    TuDb *t = *state;
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(freeze_period(t->db, t->project, 1, "Maria", &errs), INSATS_OK);
    /* s1 (2012-04-10) lies in period 1 */
    assert_int_equal(save(t, &m, "session", "{\"activity\": \"a1\", \"id\": \"s1\", "
                          "\"date\": \"2012-04-10\", \"hours\": 7}", false, &errs), INSATS_EINPUT);
    assert_true(errs.count > 0);
    assert_non_null(strstr(errs.msgs[0], "frozen"));
    errs_free(&errs);
    AttendanceMark marks[] = {{"p3", true}};
    int saved = -1;
    assert_int_equal(attendance_save_session(t->db, &m, t->project, "a1", "s1", marks, 1,
                                             &saved, &errs), INSATS_EINPUT);
    assert_int_equal(saved, 0);
    assert_non_null(strstr(msg_of(&errs, "marks[0]"), "frozen"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM attendance t JOIN person p ON "
                                         "p.id = t.person_id WHERE p.code = 'p3'"), 0);
    errs_free(&errs);
}

static void test_attendance_screen(void **state)
{
    TuDb *t = *state;
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL);
    Errs errs;
    errs_init(&errs);
    /* before: p1 and p2 attended a1 */
    AttendanceExpected *rows = NULL;
    size_t n = 0;
    assert_int_equal(attendance_expected(t->db, &m, t->project, "a1", "s2", &rows, &n, &errs),
                     INSATS_OK);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rows[i].mark, strcmp(rows[i].person, "p1") == 0 ? 1 : 0);
    free(rows);

    AttendanceMark marks[] = {{"p1", false}, {"p3", true}};
    int saved = 0;
    assert_int_equal(attendance_save_session(t->db, &m, t->project, "a1", "s2", marks, 2,
                                             &saved, &errs), INSATS_OK);
    assert_int_equal(saved, 2);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM attendance t JOIN session s ON "
                                         "s.id = t.session_id WHERE s.code = 's2'"), 3);
    assert_int_equal(attendance_expected(t->db, &m, t->project, "a1", "s2", &rows, &n, &errs),
                     INSATS_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].person, "p3") == 0)
            assert_int_equal(rows[i].mark, 1);
        else if (strcmp(rows[i].person, "p1") == 0)
            assert_int_equal(rows[i].mark, 0);
    free(rows);

    /* a bad list changes nothing: an unknown person, one marked twice */
    AttendanceMark bad[] = {{"p2", true}, {"p77", true}, {"p2", false}};
    assert_int_equal(attendance_save_session(t->db, &m, t->project, "a1", "s2", bad, 3, &saved,
                                             &errs), INSATS_EINPUT);
    assert_int_equal(saved, 0);
    assert_string_equal(msg_of(&errs, "marks[1].person"),
                        "attendance: marks[1].person: unknown person \"p77\"");
    assert_non_null(strstr(msg_of(&errs, "marks[2].person"), "marked twice"));
    assert_int_equal(tu_query_int(t->db, "SELECT t.present FROM attendance t JOIN session s ON "
                                         "s.id = t.session_id JOIN person p ON p.id = t.person_id"
                                         " WHERE s.code = 's2' AND p.code = 'p2'"), 0);
    errs_free(&errs);
    assert_int_equal(attendance_save_session(t->db, &m, t->project, "a1", "s9", marks, 2,
                                             &saved, &errs), INSATS_EINPUT);
    assert_non_null(msg_of(&errs, "session"));
    errs_free(&errs);

    /* a coordinator of Torsby sees and marks Torsby's people only */
    Actor torsby = actor_of(ROLE_COORDINATOR, t->db, "torsby");
    assert_int_equal(attendance_expected(t->db, &torsby, t->project, "a1", "s2", &rows, &n,
                                         &errs), INSATS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].person, "p2");
    free(rows);
    AttendanceMark sunne[] = {{"p1", true}};
    assert_int_equal(attendance_save_session(t->db, &torsby, t->project, "a1", "s2", sunne, 1,
                                             &saved, &errs), INSATS_EINPUT);
    assert_non_null(msg_of(&errs, "marks[0].person"));
    errs_free(&errs);
    /* readers see no names */
    Actor reader = actor_of(ROLE_READER, t->db, NULL);
    assert_int_equal(attendance_expected(t->db, &reader, t->project, "a1", "s2", &rows, &n,
                                         &errs), INSATS_EFORBIDDEN);
    assert_null(rows);
    errs_free(&errs);
}

/* The attendance screen lists its people in Swedish order: Zacharias, then Åsa, Ärla and
 * Örjan (byte order would put Ärla before Åsa). */
static void test_attendance_swedish_order(void **state)
{
    TuDb *t = *state;
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL);
    Errs errs;
    errs_init(&errs);
    static const char *const people[][2] = {
        {"po", "Örjan Ek"}, {"pa", "Ärla Ek"}, {"pz", "Zacharias Ek"}, {"pr", "Åsa Ek"}};
    AttendanceMark marks[4];
    for (size_t i = 0; i < 4; i++) {
        char *json = xasprintf("{\"id\": \"%s\", \"name\": \"%s\", \"gender\": \"unknown\","
                               " \"organisation\": \"sunne\"}", people[i][0], people[i][1]);
        assert_int_equal(save(t, &m, "person", json, true, &errs), INSATS_OK);
        free(json);
        marks[i] = (AttendanceMark){people[i][0], true};
    }
    int saved = 0;
    assert_int_equal(attendance_save_session(t->db, &m, t->project, "a1", "s2", marks, 4,
                                             &saved, &errs), INSATS_OK);
    AttendanceExpected *rows = NULL;
    size_t n = 0;
    assert_int_equal(attendance_expected(t->db, &m, t->project, "a1", "s2", &rows, &n, &errs),
                     INSATS_OK);
    errs_free(&errs);
    /* Anna Andersson, Bertil Berg and the four; the last four in this order */
    assert_int_equal(n, 6);
    assert_string_equal(rows[0].name, "Anna Andersson");
    assert_string_equal(rows[2].name, "Zacharias Ek");
    assert_string_equal(rows[3].name, "Åsa Ek");
    assert_string_equal(rows[4].name, "Ärla Ek");
    assert_string_equal(rows[5].name, "Örjan Ek");
    assert_string_equal(rows[5].organisation, "sunne");
    assert_string_equal(rows[5].organisation_name, "Sunne kommun");
    free(rows);

    /* an organisation's name longer than the row holds is cut between two characters */
    Buf name = {0};
    buf_puts(&name, "a");   /* so that the row's last byte falls inside an "Å" */
    for (int i = 0; i < 500; i++)
        buf_puts(&name, "Å");
    char *json = xasprintf("{\"id\": \"lang\", \"name\": \"%s\", \"kind\": \"municipality\"}",
                           name.data);
    assert_int_equal(save(t, &m, "organisation", json, true, &errs), INSATS_OK);
    free(json);
    assert_int_equal(save(t, &m, "person", "{\"id\": \"pl\", \"name\": \"Lång Ek\", \"gender\":"
                          " \"unknown\", \"organisation\": \"lang\"}", true, &errs), INSATS_OK);
    AttendanceMark one[] = {{"pl", true}};
    assert_int_equal(attendance_save_session(t->db, &m, t->project, "a1", "s2", one, 1, &saved,
                                             &errs), INSATS_OK);
    assert_int_equal(attendance_expected(t->db, &m, t->project, "a1", "s2", &rows, &n, &errs),
                     INSATS_OK);
    bool seen = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].person, "pl") == 0) {
            size_t len = strlen(rows[i].organisation_name);
            assert_true(len > 0 && len < sizeof rows[i].organisation_name);
            assert_int_equal(len, sizeof rows[i].organisation_name - 2);   /* "a" and 399 "Å" */
            assert_int_equal(strncmp(rows[i].organisation_name, name.data, len), 0);
            seen = true;
        }
    assert_true(seen);
    free(rows);
    buf_free(&name);
    errs_free(&errs);
}

/* A trainer registers the attendance and saves the sessions of the activities assigned to
 * them, and of no other. */
static void test_trainer_assigned_activities(void **state)
{
    TuDb *t = *state;
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    AccountNew in = {.login = "tina", .name = "Tina Tränare", .role = ROLE_TRAINER};
    int64_t uid = 0;
    assert_int_equal(account_add(t->db, &cli, &in, &uid, &errs), INSATS_OK);
    int64_t a1 = tu_query_int(t->db, "SELECT id FROM activity WHERE code = 'a1'");
    assert_int_equal(account_trainer_assign(t->db, &cli, uid, a1, true, &errs), INSATS_OK);
    Actor tr = actor_of(ROLE_TRAINER, t->db, NULL);
    tr.user_id = uid;
    AttendanceMark marks[] = {{"p3", true}};
    int saved = 0;
    assert_int_equal(attendance_save_session(t->db, &tr, t->project, "a1", "s1", marks, 1,
                                             &saved, &errs), INSATS_OK);
    assert_int_equal(saved, 1);
    assert_int_equal(save(t, &tr, "session", "{\"activity\": \"a1\", \"id\": \"s3\", "
                          "\"date\": \"2012-05-02\", \"hours\": 2}", true, &errs), INSATS_OK);
    /* a2 is not theirs: as if it did not exist */
    assert_int_equal(save(t, &tr, "session", "{\"activity\": \"a2\", \"id\": \"s1\", "
                          "\"date\": \"2012-05-02\", \"hours\": 2}", true, &errs), INSATS_EINPUT);
    assert_non_null(msg_of(&errs, "activity"));
    errs_free(&errs);
    AttendanceExpected *rows = NULL;
    size_t n = 0;
    assert_int_equal(attendance_expected(t->db, &tr, t->project, "a2", "s1", &rows, &n, &errs),
                     INSATS_EINPUT);
    assert_null(rows);
    errs_free(&errs);
    /* another trainer, assigned nothing */
    tr.user_id = uid + 1;
    assert_int_equal(attendance_save_session(t->db, &tr, t->project, "a1", "s1", marks, 1,
                                             &saved, &errs), INSATS_EINPUT);
    assert_int_equal(saved, 0);
    errs_free(&errs);
}

/* Every field a form shows is a key the import reads, and those marked required are the ones
 * the import asks for. */
static void test_fields_agree_with_import(void **state)
{
    TuDb *t = *state;
    Actor m = actor_of(ROLE_MANAGER, t->db, NULL);
    for (const char *const *k = record_kinds(); *k; k++) {
        const RecordField *f = record_fields(*k);
        assert_non_null(f);
        json_t *all = json_object(), *none = json_object();
        for (; f->key; f++) {
            assert_non_null(f->label);
            const char *dot = strchr(f->key, '.');
            if (dot) {
                char parent[32];
                snprintf(parent, sizeof parent, "%.*s", (int)(dot - f->key), f->key);
                if (!json_object_get(all, parent)) {
                    json_object_set_new(all, parent, json_object());
                    json_object_set_new(none, parent, json_object());
                }
                json_object_set_new(json_object_get(all, parent), dot + 1, json_null());
            } else {
                json_object_set_new(all, f->key, json_null());
            }
        }
        Errs errs;
        errs_init(&errs);
        record_save(t->db, &m, t->project, *k, all, true, NULL, 0, &errs);
        for (size_t i = 0; i < errs.count; i++)
            if (strstr(errs.msgs[i], "unknown key"))
                fail_msg("%s: a form field the import does not read: %s", *k, errs.msgs[i]);
        errs_free(&errs);
        record_save(t->db, &m, t->project, *k, none, true, NULL, 0, &errs);
        for (f = record_fields(*k); f->key; f++) {
            const char *msg = msg_of(&errs, f->key);
            bool asked = msg && strstr(msg, "is required");
            if (asked != f->required)
                fail_msg("%s.%s: the form says %srequired, the import %s", *k, f->key,
                         f->required ? "" : "not ", asked ? "asks for it" : "does not");
        }
        errs_free(&errs);
        json_decref(all);
        json_decref(none);
    }
    assert_null(record_fields("potato"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_and_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_named_like_the_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles_and_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_and_narrative, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frozen_period_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance_swedish_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trainer_assigned_activities, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_agree_with_import, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
