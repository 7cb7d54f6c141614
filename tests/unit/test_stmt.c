/* test_stmt.c — the statement wrapper (stmt.h): typed binds and columns, NULL for absent
 * optional values, the step's verdicts, messages of a failed write, the cache. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "stmt.h"
#include "testutil.h"

static const char Q_MAKE[] =
    "CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, s TEXT, n INTEGER, b BLOB, ref INTEGER, "
    "flag INTEGER, code TEXT UNIQUE)";
static const char Q_INSERT[] =
    "INSERT INTO t (s, n, b, ref, flag, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char Q_READ[] = "SELECT s, n, b, ref, flag, code FROM t WHERE id = ?1";

static void test_binds_and_columns(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "stmt"), 0);
    tu_exec(t.db, Q_MAKE);
    Errs errs;
    errs_init(&errs);

    Stmt *st = stmt_cached(t.db, Q_INSERT);
    stmt_bind_text(st, 1, "Åsa Öberg");
    stmt_bind_int(st, 2, INT64_C(9007199254740993));   /* beyond a double's integers */
    stmt_bind_blob(st, 3, "\0\1\2", 3);
    stmt_bind_id(st, 4, 17);
    stmt_bind_bool(st, 5, true);
    stmt_bind_text(st, 6, "a");
    assert_int_equal(stmt_exec(st, &errs, "cannot insert"), INSATS_OK);
    int64_t first = stmt_last_id(st);
    assert_int_equal(stmt_changes(st), 1);

    /* The same literal gives the same statement, with its bindings cleared. */
    Stmt *again = stmt_cached(t.db, Q_INSERT);
    assert_ptr_equal(again, st);
    stmt_bind_text(again, 1, NULL);   /* absent optional text */
    stmt_bind_id(again, 4, 0);        /* absent optional reference */
    stmt_bind_text(again, 6, "b");
    assert_int_equal(stmt_exec(again, &errs, "cannot insert"), INSATS_OK);
    int64_t second = stmt_last_id(again);
    assert_int_not_equal(first, second);

    Stmt *rd = stmt_cached(t.db, Q_READ);
    stmt_bind_int(rd, 1, first);
    assert_int_equal(stmt_step(rd), STMT_ROW);
    assert_int_equal(stmt_columns(rd), 6);
    assert_string_equal(stmt_text(rd, 0), "Åsa Öberg");
    assert_true(stmt_int(rd, 1) == INT64_C(9007199254740993));
    size_t len = 0;
    const unsigned char *b = stmt_blob(rd, 2, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(b, "\0\1\2", 3);
    assert_int_equal(stmt_int(rd, 3), 17);
    assert_int_equal(stmt_int(rd, 4), 1);
    assert_false(stmt_is_null(rd, 0));
    assert_int_equal(stmt_step(rd), STMT_DONE);
    stmt_done(rd);

    rd = stmt_cached(t.db, Q_READ);
    stmt_bind_int(rd, 1, second);
    assert_int_equal(stmt_step(rd), STMT_ROW);
    assert_true(stmt_is_null(rd, 0));
    assert_null(stmt_text(rd, 0));
    assert_true(stmt_is_null(rd, 1));   /* never bound: NULL, not a leftover of the first row */
    assert_true(stmt_is_null(rd, 3));
    assert_int_equal(stmt_int(rd, 3), 0);
    stmt_done(rd);
    assert_int_equal(errs.count, 0);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

/* A constraint is bad input with the database's reason; a statement of its own is freed. */
static void test_failures(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "stmt-fail"), 0);
    tu_exec(t.db, Q_MAKE);
    Errs errs;
    errs_init(&errs);
    Stmt *st = stmt_prepare(t.db, "INSERT INTO t (code) VALUES (?1)");
    stmt_bind_text(st, 1, "dup");
    assert_int_equal(stmt_exec(st, &errs, "cannot insert"), INSATS_OK);
    assert_int_equal(stmt_step(st), STMT_CONSTRAINT);
    assert_non_null(strstr(stmt_errmsg(st), "UNIQUE"));
    stmt_done(st);
    assert_int_equal(stmt_exec(st, &errs, "cannot insert the row"), INSATS_EINPUT);
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.msgs[0], "cannot insert the row: UNIQUE constraint failed"));
    assert_non_null(strstr(errs.msgs[0], t.path));
    stmt_free(st);

    /* A SELECT run as a write is not "done": it says so rather than passing silently. */
    st = stmt_prepare(t.db, "SELECT 1");
    assert_int_equal(stmt_exec(st, &errs, "not a write"), INSATS_ESTORAGE);
    assert_int_equal(errs.count, 2);
    stmt_free(st);
    stmt_free(NULL);
    stmt_done(NULL);
    errs_free(&errs);
    assert_int_equal(tu_db_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binds_and_columns),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
