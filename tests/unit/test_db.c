/* test_db.c — the storage layer: connection settings, migrations, transactions, Idmap and
 * dates (the helpers every importer leans on). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "migrate.h"
#include "testutil.h"
#include "util.h"

/* One temporary directory for the whole group; each test names its own files in it. */
static char *dir;

static char *tmp_path(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static int setup(void **state)
{
    (void)state;
    dir = tu_tmpdir("db");
    return dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int rc = tu_rmtree(dir);
    dir = NULL;
    return rc;
}

static void expect_setting(Db *db, const char *name, const char *want)
{
    char v[64] = "";
    assert_int_equal(db_setting(db, name, v, sizeof v), INSATS_OK);
    assert_string_equal(v, want);
}

/* Every connection must read back the settings the durability promise depends on. */
static void test_connection_settings(void **state)
{
    (void)state;
    char *path = tmp_path("settings.db");
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(path, NULL, DB_OPEN_CREATE, &db, &errs), INSATS_OK);
    expect_setting(db, "journal_mode", "wal");
    expect_setting(db, "synchronous", "2");      /* FULL */
    expect_setting(db, "foreign_keys", "1");
    expect_setting(db, "busy_timeout", "5000");
    expect_setting(db, "trusted_schema", "0");
    expect_setting(db, "defensive", "1");
    char v[16];
    snprintf(v, sizeof v, "%d", migrate_latest());
    expect_setting(db, "user_version", v);
    db_close(db);
    /* A second connection to the existing file gets the same settings. */
    assert_int_equal(db_open(path, NULL, DB_OPEN_EXISTING, &db, &errs), INSATS_OK);
    expect_setting(db, "foreign_keys", "1");
    expect_setting(db, "defensive", "1");
    expect_setting(db, "synchronous", "2");
    db_close(db);
    errs_free(&errs);
    free(path);
}

static void test_missing_database_is_not_created(void **state)
{
    (void)state;
    char *path = tmp_path("absent.db");
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(path, NULL, DB_OPEN_EXISTING, &db, &errs), INSATS_ESTORAGE);
    assert_null(db);
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.msgs[0], "insats init"));
    assert_int_equal(access(path, F_OK), -1);
    errs_free(&errs);
    free(path);
}

/* A database created by an older build (schema version 1) opens in this one: the later
 * migrations run and the data written under the old schema is still there. */
static void test_migration_from_version_1(void **state)
{
    (void)state;
    assert_true(migrate_latest() >= 2);
    char *path = tmp_path("old.db");
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open_at_version(path, 1, &db, &errs), INSATS_OK);
    char v[16] = "";
    db_setting(db, "user_version", v, sizeof v);
    assert_string_equal(v, "1");
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO project(code, name, start_date, end_date) "
                                      "VALUES ('old', 'Gammalt projekt', '2011-09-01', '2014-08-31')");
    assert_true(db_step_done(st));
    sqlite3_finalize(st);
    /* The column added by migration 2 does not exist yet. */
    assert_int_not_equal(sqlite3_prepare_v2(db->h, "SELECT proposals_paused FROM project", -1, &st, NULL),
                         SQLITE_OK);
    sqlite3_finalize(st);
    db_close(db);

    assert_int_equal(db_open(path, NULL, DB_OPEN_EXISTING, &db, &errs), INSATS_OK);
    snprintf(v, sizeof v, "%d", migrate_latest());
    expect_setting(db, "user_version", v);
    st = db_prepare(db, "SELECT name, proposals_paused FROM project WHERE code = 'old'");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), "Gammalt projekt");
    assert_int_equal(sqlite3_column_int(st, 1), 0);
    sqlite3_finalize(st);
    assert_int_equal(db_verify(db, &errs), INSATS_OK);
    db_close(db);
    errs_free(&errs);
    free(path);
}

/* Migration 5 dates what had no date: a completed intervention becomes completed on its last
 * session of a held (not cancelled) activity, or on the project's end without one; a manual
 * goal value is kept as one measurement dated on the project's end. Other goals keep their ids
 * and parameters. */
static void test_migration_to_dated_facts(void **state)
{
    (void)state;
    char *path = tmp_path("v4.db");
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open_at_version(path, 4, &db, &errs), INSATS_OK);
    tu_exec(db, "INSERT INTO project (id, code, name, start_date, end_date)"
                " VALUES (1, 'old', 'Gammalt', '2011-09-01', '2014-08-31');"
                "INSERT INTO intervention (id, project_id, code, title, completed) VALUES"
                " (1, 1, 'i1', 'Utbildning', 1), (2, 1, 'i2', 'Utbyte', 1), (3, 1, 'i3', 'Ny', 0);"
                "INSERT INTO activity (id, project_id, code, intervention_id, title, kind, status)"
                " VALUES (1, 1, 'a1', 1, 'Kurs', 'training', 'held'),"
                " (2, 1, 'a2', 1, 'Inställd', 'training', 'cancelled');"
                "INSERT INTO session (activity_id, code, session_date, hours_c) VALUES"
                " (1, 's1', '2012-03-01', 100), (1, 's2', '2012-05-10', 100),"
                " (2, 's1', '2013-01-01', 100);"
                "INSERT INTO grp (id, project_id, code, name, kind) VALUES (1, 1, 'amb', 'A', 'ambassadors');"
                "INSERT INTO goal (id, project_id, code, position, title, measure_kind, m_value_c,"
                " m_source, target_c) VALUES (7, 1, 'g1', 0, 'Sjukfrånvaro', 'manual', 425,"
                " 'Personalstatistik 2014', 500);"
                "INSERT INTO goal (id, project_id, code, position, title, measure_kind, m_group_id,"
                " target_c) VALUES (9, 1, 'g2', 1, 'Ambassadörer', 'group_members', 1, 4000);");
    db_close(db);

    assert_int_equal(db_open(path, NULL, DB_OPEN_EXISTING, &db, &errs), INSATS_OK);
    tu_set_actor(db);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM intervention WHERE"
                                      " (code = 'i1' AND completed_on = '2012-05-10')"
                                      " OR (code = 'i2' AND completed_on = '2014-08-31')"
                                      " OR (code = 'i3' AND completed_on IS NULL)"), 3);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM goal_value WHERE goal_id = 7"
                                      " AND measured_on = '2014-08-31' AND value_c = 425"
                                      " AND source = 'Personalstatistik 2014'"), 1);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM goal_value"), 1);
    assert_int_equal(tu_query_int(db, "SELECT m_group_id FROM goal WHERE id = 9"), 1);
    /* the measurements go with their goal */
    tu_exec(db, "DELETE FROM goal WHERE id = 7");
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM goal_value"), 0);
    assert_int_equal(db_verify(db, &errs), INSATS_OK);
    db_close(db);
    errs_free(&errs);
    free(path);
}

/* A database from a newer build is refused rather than misread. */
static void test_newer_schema_refused(void **state)
{
    (void)state;
    char *path = tmp_path("newer.db");
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", migrate_latest() + 1);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(path, NULL, DB_OPEN_EXISTING, &db, &errs), INSATS_ESTORAGE);
    assert_non_null(strstr(errs.msgs[0], "newer insats"));
    errs_free(&errs);
    free(path);
}

/* Rolled-back writes leave nothing; constraints refuse bad states. */
static void test_transaction_and_constraints(void **state)
{
    (void)state;
    char *path = tmp_path("tx.db");
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(path, NULL, DB_OPEN_CREATE, &db, &errs), INSATS_OK);
    tu_set_actor(db);
    assert_int_equal(db_tx_begin(db, &errs), INSATS_OK);
    assert_int_equal(sqlite3_get_autocommit(db->h), 0);
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO project(code, name, start_date, end_date) "
                                      "VALUES ('p', 'P', '2011-09-01', '2014-08-31')");
    assert_true(db_step_done(st));
    sqlite3_finalize(st);
    db_tx_rollback(db);
    st = db_prepare(db, "SELECT count(*) FROM project");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);

    static const char *const bad[] = {
        /* end before start */
        "INSERT INTO project(code, name, start_date, end_date) VALUES ('q','Q','2014-01-01','2013-01-01')",
        /* not an ISO date */
        "INSERT INTO project(code, name, start_date, end_date) VALUES ('q','Q','1/1/2014','2015-01-01')",
        /* a person in an organisation that does not exist */
        "INSERT INTO person(project_id, code, name, gender, organisation_id) VALUES (1,'x','X','female',99)",
        /* a gender outside the model */
        "INSERT INTO project(code, name, start_date, end_date) VALUES ('r','R','2011-01-01','2012-01-01');"
        "INSERT INTO organisation(project_id, code, name, kind) VALUES (1,'o','O','municipality');"
        "INSERT INTO person(project_id, code, name, gender, organisation_id) VALUES (1,'x','X','kv',1)",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *msg = NULL;
        int rc = sqlite3_exec(db->h, bad[i], NULL, NULL, &msg);
        assert_int_not_equal(rc, SQLITE_OK);
        sqlite3_free(msg);
    }
    db_close(db);
    errs_free(&errs);
    free(path);
}

static void test_dates(void **state)
{
    (void)state;
    assert_true(date_valid("2012-02-29"));
    assert_false(date_valid("2013-02-29"));
    assert_false(date_valid("1900-02-29"));
    assert_true(date_valid("2000-02-29"));
    assert_false(date_valid("2012-13-01"));
    assert_false(date_valid("2012-1-01"));
    assert_false(date_valid("20120101"));
    assert_false(date_valid(NULL));
    assert_true(time_valid("09:30"));
    assert_false(time_valid("24:00"));
    assert_false(time_valid("9:30"));
    assert_int_equal(date_to_days("1970-01-01"), 0);
    assert_int_equal(date_to_days("2012-03-01") - date_to_days("2012-02-28"), 2);
    char out[11];
    date_from_days(date_to_days("2014-08-31"), out);
    assert_string_equal(out, "2014-08-31");
    for (int64_t d = date_to_days("1999-12-25"); d < date_to_days("2001-01-05"); d++) {
        date_from_days(d, out);
        assert_true(date_valid(out));
        assert_int_equal(date_to_days(out), d);
    }
}

static void test_idmap(void **state)
{
    (void)state;
    Idmap m;
    idmap_init(&m);
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "p%05d", i);
        assert_true(idmap_put(&m, key, i * 3));
    }
    assert_false(idmap_put(&m, "p00007", 1));
    int64_t v = 0;
    assert_true(idmap_get(&m, "p00007", &v));
    assert_int_equal(v, 1);
    assert_true(idmap_get(&m, "p19999", &v));
    assert_int_equal(v, 19999 * 3);
    assert_false(idmap_get(&m, "p20000", &v));
    assert_int_equal(m.count, 20000);
    idmap_free(&m);
}

/* Messages quote input; whatever looks like a personnummer loses its last four digits.
 * The numbers are from the Tax Agency's test series. */
static void test_messages_mask_personnummer(void **state)
{
    (void)state;
    Errs e;
    errs_init(&e);
    errs_add(&e, "l.csv:2: kön: \"%s\" is not one of kvinna, man", "18900101-9802");
    errs_add(&e, "id \"%s\" and \"%s\" and %s", "189001019802", "900101+9802", "9001019802");
    errs_add(&e, "kept: 2011-3060029-004, 2012-02-30, 123456789, 1234567890123, 12:30");
    errs_add(&e, "people[0].name: \"%s\", \"%s\" and \"%s\"", "19900101 2385", "1990-01-01-2385",
             "19900101\xE2\x80\x93" "2385");
    errs_add(&e, "version: 7 is not between 0 and %d", 2147483647);
    assert_string_equal(e.msgs[0], "l.csv:2: kön: \"18900101-****\" is not one of kvinna, man");
    assert_string_equal(e.msgs[1], "id \"18900101****\" and \"900101+****\" and 900101****");
    assert_string_equal(e.msgs[2], "kept: 2011-3060029-004, 2012-02-30, 123456789, 1234567890123, 12:30");
    assert_string_equal(e.msgs[3], "people[0].name: \"19900101 ****\", \"1990-01-01-****\" and "
                        "\"19900101\xE2\x80\x93****\"");
    assert_string_equal(e.msgs[4], "version: 7 is not between 0 and 2147483647");
    errs_free(&e);
}

/* Messages are one line: control characters copied from a user's file (a line break in a
 * quoted CSV cell, a terminal escape sequence, a C1 control of Windows-1252) are escaped. */
static void test_messages_escape_control_characters(void **state)
{
    (void)state;
    Errs e;
    errs_init(&e);
    errs_add(&e, "l.csv:2: kommun: no organisation named \"%s\"", "Anna\nBerg\x1b[31m\tX\r");
    errs_add(&e, "\"%s\" and \"%s\"", "a\xc2\x85" "b\xe2\x80\xa8" "c", "åäö – fine");
    assert_string_equal(e.msgs[0], "l.csv:2: kommun: no organisation named "
                        "\"Anna\\nBerg\\x1B[31m\\tX\\x0D\"");
    assert_string_equal(e.msgs[1], "\"a\\xC2\\x85b\\xE2\\x80\\xA8c\" and \"åäö – fine\"");
    errs_free(&e);
}

/* A key file of another database is refused before it can seal anything. */
static void test_key_of_another_database_refused(void **state)
{
    (void)state;
    char *a = tmp_path("keys-a.db"), *b = tmp_path("keys-b.db"), *bkey = tmp_path("keys-b.db.key");
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(b, NULL, DB_OPEN_CREATE, &db, &errs), INSATS_OK);
    db_close(db);
    assert_int_equal(db_open(a, NULL, DB_OPEN_CREATE, &db, &errs), INSATS_OK);
    assert_non_null(db_secret(db, &errs));   /* its own key */
    db_close(db);
    assert_int_equal(db_open(a, bkey, DB_OPEN_EXISTING, &db, &errs), INSATS_OK);
    assert_null(db_secret(db, &errs));
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.msgs[0], "belongs to another database"));
    db_close(db);
    errs_free(&errs);
    free(a);
    free(b);
    free(bkey);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_connection_settings),
        cmocka_unit_test(test_missing_database_is_not_created),
        cmocka_unit_test(test_migration_from_version_1),
        cmocka_unit_test(test_migration_to_dated_facts),
        cmocka_unit_test(test_newer_schema_refused),
        cmocka_unit_test(test_transaction_and_constraints),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_idmap),
        cmocka_unit_test(test_messages_mask_personnummer),
        cmocka_unit_test(test_messages_escape_control_characters),
        cmocka_unit_test(test_key_of_another_database_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
