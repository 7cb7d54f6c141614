/* test_tx.c — the one transaction helper (db.c): retries while another connection writes,
 * gives up after a bounded time with a clear message, and never leaves a transaction open —
 * not after a failed body, a failed commit, a failed import or a closed connection. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csv_import.h"
#include "db.h"
#include "testutil.h"
#include "util.h"

static const char PROJECT[] =
    "INSERT INTO project(code, name, start_date, end_date) "
    "VALUES ('p', 'P', '2011-09-01', '2014-08-31')";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A second connection to the same file, as another process or a server's other worker. */
static Db *open_second(const TuDb *t)
{
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(t->path, NULL, DB_OPEN_EXISTING, &db, &errs), INSATS_OK);
    errs_free(&errs);
    tu_set_actor(db);
    return db;
}

typedef struct Holder {
    Db *db;
    int hold_ms;
} Holder;

/* Holds the write lock for hold_ms, then commits. */
static void *hold_then_commit(void *arg)
{
    Holder *h = arg;
    struct timespec ts = {.tv_sec = h->hold_ms / 1000, .tv_nsec = (h->hold_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    Errs errs;
    errs_init(&errs);
    int rc = db_tx_commit(h->db, &errs);
    errs_free(&errs);
    return rc == INSATS_OK ? h : NULL;
}

/* SQLite answers SQLITE_BUSY at once here (busy timeout 0), so only db_tx_begin's own retries
 * can get the lock once the other writer lets go. */
static void test_begin_retries_while_another_writes(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "tx-retry"), 0);
    Db *other = open_second(&t);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(other, &errs), INSATS_OK);
    db_set_busy_timeout(t.db, 0);
    Holder h = {.db = other, .hold_ms = 60};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, hold_then_commit, &h), 0);
    assert_int_equal(db_tx_begin(t.db, &errs), INSATS_OK);
    assert_true(db_in_transaction(t.db));
    void *res = NULL;
    pthread_join(th, &res);
    assert_non_null(res);
    tu_exec(t.db, PROJECT);
    assert_int_equal(db_tx_commit(t.db, &errs), INSATS_OK);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(errs.count, 0);
    assert_int_equal(tu_query_int(other, "SELECT count(*) FROM project"), 1);
    db_close(other);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

/* A writer that never lets go: the retries are bounded, the message says what to do, and the
 * connection is left with no transaction. */
static void test_begin_gives_up_when_busy(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "tx-busy"), 0);
    Db *other = open_second(&t);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(other, &errs), INSATS_OK);
    db_set_busy_timeout(t.db, 0);
    double t0 = now_ms();
    assert_int_equal(db_tx_begin(t.db, &errs), INSATS_ESTORAGE);
    double waited = now_ms() - t0;
    /* 25 + 100 + 400 + 1600 ms, each ±50 %: it did wait, and not for ever. */
    assert_true(waited >= 1000.0);
    assert_true(waited < 4000.0);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.msgs[0], "another insats is writing to this database"));
    db_tx_rollback(other);
    assert_false(db_in_transaction(other));
    db_close(other);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

static int insert_project(Db *db, void *ctx, Errs *errs)
{
    (void)errs;
    tu_exec(db, PROJECT);
    return *(int *)ctx;
}

/* db_tx commits a body that succeeds and rolls back one that fails, and leaves no transaction
 * either way. */
static void test_callback_form(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "tx-fn"), 0);
    Errs errs;
    errs_init(&errs);
    int fail = INSATS_EINPUT;
    assert_int_equal(db_tx(t.db, insert_project, &fail, &errs), INSATS_EINPUT);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM project"), 0);
    int ok = INSATS_OK;
    assert_int_equal(db_tx(t.db, insert_project, &ok, &errs), INSATS_OK);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM project"), 1);
    assert_int_equal(errs.count, 0);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

/* A COMMIT that fails (a foreign key checked only at commit) rolls back: nothing kept, nothing
 * open. */
static void test_failed_commit_rolls_back(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "tx-commit"), 0);
    tu_exec(t.db, PROJECT);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(t.db, &errs), INSATS_OK);
    tu_exec(t.db, "PRAGMA defer_foreign_keys = ON");
    tu_exec(t.db, "INSERT INTO person(project_id, code, name, gender, organisation_id) "
                  "VALUES (1, 'x', 'X', 'female', 99)");
    assert_int_equal(db_tx_commit(t.db, &errs), INSATS_ESTORAGE);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.msgs[0], "cannot commit"));
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM person"), 0);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

/* The importers' error paths end their transaction: a bundle with a bad reference and a CSV
 * file with a bad row leave the connection ready for the next write. */
static void test_failed_imports_leave_no_transaction(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "tx-import"), 0);
    Errs errs;
    errs_init(&errs);
    int rc = tu_try_import_text(t.db,
                                "{\"format\": \"insats-bundle\", \"version\": 1, "
                                "\"project\": {\"id\": \"p\", \"name\": \"P\", "
                                "\"start\": \"2011-09-01\", \"end\": \"2014-08-31\"}, "
                                "\"people\": [{\"id\": \"x\", \"name\": \"X\", "
                                "\"gender\": \"female\", \"organisation\": \"nowhere\"}]}",
                                "bad.json", &errs);
    assert_int_equal(rc, INSATS_EINPUT);
    assert_true(errs.count > 0);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM project"), 0);
    errs_free(&errs);
    errs_init(&errs);
    char *csv = xasprintf("%s/people.csv", t.dir);
    static const char rows[] = "id;name;gender;kommun\nx;X;kvinna;nowhere\n";
    tu_write_file(csv, rows, sizeof rows - 1);
    tu_import_text(t.db,
                   "{\"format\": \"insats-bundle\", \"version\": 1, "
                   "\"project\": {\"id\": \"p\", \"name\": \"P\", "
                   "\"start\": \"2011-09-01\", \"end\": \"2014-08-31\"}}",
                   "good.json");
    int64_t pid = tu_project_id(t.db, "p");
    rc = csv_import_file(t.db, tu_manager(), pid, CSV_IMPORT_PEOPLE, csv, NULL, NULL, NULL,
                         &errs);
    assert_int_not_equal(rc, INSATS_OK);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM person"), 0);
    free(csv);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

/* A read snapshot begins only outside a transaction and ends without a trace. */
static void test_read_snapshot(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "tx-read"), 0);
    Db *other = open_second(&t);
    bool began = db_read_begin(t.db);
    assert_true(began);
    assert_true(db_in_transaction(t.db));
    /* The snapshot holds: another connection's write is not seen until it ends. */
    tu_exec(other, PROJECT);
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM project"), 0);
    db_read_end(t.db, began);
    assert_false(db_in_transaction(t.db));
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM project"), 1);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(t.db, &errs), INSATS_OK);
    assert_false(db_read_begin(t.db));   /* inside the caller's transaction */
    db_read_end(t.db, false);
    assert_true(db_in_transaction(t.db));
    db_tx_rollback(t.db);
    assert_false(db_in_transaction(t.db));
    db_tx_rollback(t.db);                /* nothing open: a no-op */
    errs_free(&errs);
    db_close(other);
    assert_int_equal(tu_db_close(&t), 0);
}

/* Closing a connection with a transaction open keeps nothing of it. */
static void test_close_rolls_back(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "tx-close"), 0);
    Db *other = open_second(&t);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(other, &errs), INSATS_OK);
    tu_exec(other, PROJECT);
    db_close(other);
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM project"), 0);
    /* and the lock went with it */
    assert_int_equal(db_tx_begin(t.db, &errs), INSATS_OK);
    db_tx_rollback(t.db);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_begin_retries_while_another_writes),
        cmocka_unit_test(test_begin_gives_up_when_busy),
        cmocka_unit_test(test_callback_form),
        cmocka_unit_test(test_failed_commit_rolls_back),
        cmocka_unit_test(test_failed_imports_leave_no_transaction),
        cmocka_unit_test(test_read_snapshot),
        cmocka_unit_test(test_close_rolls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
