/* test_browse_cache.c — the lists and counts browse_list() and browse_count() keep between two
 * changes (browse_cache.h): a second read is served from memory and equals the first; a change
 * committed through the core, or by another connection, is read at once; what the audit trail
 * leaves out (a failed login) keeps them; two coordinators never share one; two databases with
 * the same history never share one; nothing is kept inside a transaction. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "actor.h"
#include "browse.h"
#include "browse_cache.h"
#include "db.h"
#include "record.h"
#include "testutil.h"

static TuDb *t;

static int setup(void **state)
{
    (void)state;
    t = tu_demo_db("browse-cache");
    return t ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    browse_cache_clear();
    return tu_db_free(t);
}

/* The rows of a list as one text, a line per row, cells separated by '|'. */
static int collect(void *ctx, int ncols, const char *const *values)
{
    Buf *b = ctx;
    for (int i = 0; i < ncols; i++)
        buf_printf(b, "%s%s", i ? "|" : "", values[i]);
    buf_putc(b, '\n');
    return 0;
}

static char *list_on(Db *db, const Actor *a, int64_t project, const char *kind,
                     const BrowseFilter *f)
{
    Buf b = {0};
    Errs errs;
    errs_init(&errs);
    int rc = browse_list(db, a, project, kind, f, collect, &b, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    return b.data ? b.data : xstrdup("");
}

static char *list(const Actor *a, const char *kind, const BrowseFilter *f)
{
    return list_on(t->db, a, t->project, kind, f);
}

static int64_t count(const Actor *a, const char *kind)
{
    int64_t n = -1;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(browse_count(t->db, a, t->project, kind, NULL, &n, &errs), INSATS_OK);
    errs_free(&errs);
    return n;
}

/* A second read of the same list comes from the cache and says the same. */
static void test_second_read_is_kept(void **state)
{
    (void)state;
    BrowseFilter f = {.limit = 50};
    char *first = list(tu_manager(), "activities", &f);
    int64_t n = count(tu_manager(), "activities");
    uint64_t fills = browse_cache_fills();
    char *second = list(tu_manager(), "activities", &f);
    assert_int_equal(count(tu_manager(), "activities"), n);
    assert_int_equal(browse_cache_fills(), fills);
    assert_string_equal(first, second);
    assert_non_null(strstr(first, "people_marked_present"));   /* the headings too */
    /* another filter is another question */
    char *other = list(tu_manager(), "activities", &(BrowseFilter){.limit = 5});
    assert_int_equal(browse_cache_fills(), fills + 1);
    assert_string_not_equal(first, other);
    free(first);
    free(second);
    free(other);
}

/* A change saved through the core is in the very next list, and in the count. */
static void test_change_is_read_at_once(void **state)
{
    (void)state;
    BrowseFilter f = {.search = "Omdöpt kurs"};
    char *before = list(tu_manager(), "activities", &f);
    assert_null(strchr(strchr(before, '\n') + 1, '\n'));   /* the headings only */
    int64_t n = count(tu_manager(), "activities");
    char code[64];
    sqlite3_stmt *st = db_prepare(t->db, "SELECT code FROM activity WHERE project_id = ?1 "
                                         "ORDER BY code LIMIT 1");
    sqlite3_bind_int64(st, 1, t->project);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);

    Errs errs;
    errs_init(&errs);
    json_t *rec = NULL;
    assert_int_equal(browse_show(t->db, tu_manager(), t->project, "activity", code, &rec, &errs),
                     INSATS_OK);
    json_object_del(rec, "_summary");
    json_object_del(rec, "_names");
    json_object_set_new(rec, "title", json_string("Omdöpt kurs"));
    int rc = record_save(t->db, tu_manager(), t->project, "activity", rec, false, NULL, 0, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    json_decref(rec);
    assert_int_equal(rc, INSATS_OK);

    char *after = list(tu_manager(), "activities", &f);
    assert_non_null(strstr(after, "Omdöpt kurs"));
    assert_non_null(strstr(after, code));
    assert_int_equal(count(tu_manager(), "activities"), n);
    free(before);
    free(after);
}

/* A change by another connection — as the command line makes beside a running server — is
 * read at once too. */
static void test_change_by_another_connection(void **state)
{
    (void)state;
    char *before = list(tu_manager(), "organisations", NULL);
    assert_null(strstr(before, "Ändrad kommun"));
    Db *other = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(db_path(t->db), NULL, DB_OPEN_EXISTING, &other, &errs), INSATS_OK);
    errs_free(&errs);
    tu_set_actor(other);
    tu_exec(other, "UPDATE organisation SET name = 'Ändrad kommun' WHERE id = "
                   "(SELECT min(id) FROM organisation)");
    db_close(other);
    char *after = list(tu_manager(), "organisations", NULL);
    assert_non_null(strstr(after, "Ändrad kommun"));
    free(before);
    free(after);
}

/* A failed login is written (the throttle) but is no change to any record: the lists stay. */
static void test_login_keeps_the_lists(void **state)
{
    (void)state;
    char *first = list(tu_manager(), "people", &(BrowseFilter){.limit = 20});
    uint64_t fills = browse_cache_fills();
    uint64_t generation = db_generation(t->db);
    int64_t attempts = tu_query_int(t->db, "SELECT count(*) FROM login_attempt");
    Errs errs;
    errs_init(&errs);
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    assert_int_not_equal(account_login(t->db, "ingen-sadan", "fel lösenord här", "127.0.0.1",
                                       time(NULL), sid, &s, &errs),
                         INSATS_OK);
    errs_free(&errs);
    assert_true(tu_query_int(t->db, "SELECT count(*) FROM login_attempt") > attempts);
    assert_true(db_generation(t->db) == generation);
    char *second = list(tu_manager(), "people", &(BrowseFilter){.limit = 20});
    assert_int_equal(browse_cache_fills(), fills);
    assert_string_equal(first, second);
    free(first);
    free(second);
}

/* Coordinators of two organisations ask the same question and get their own answers. */
static void test_scope_is_part_of_the_key(void **state)
{
    (void)state;
    int64_t a = tu_query_int(t->db, "SELECT min(organisation_id) FROM person");
    int64_t b = tu_query_int(t->db, "SELECT max(organisation_id) FROM person");
    assert_true(a != b);
    Actor ca = {.role = ROLE_COORDINATOR, .organisation_id = a};
    Actor cb = {.role = ROLE_COORDINATOR, .organisation_id = b};
    char *la = list(&ca, "people", NULL);
    char *lb = list(&cb, "people", NULL);
    assert_string_not_equal(la, lb);
    /* each list is exactly the coordinator's own people, as their count says */
    size_t rows_b = 0;
    for (const char *p = lb; (p = strchr(p, '\n')); p++)
        rows_b++;
    char *sql = xasprintf("SELECT count(*) FROM person WHERE organisation_id = %lld", (long long)b);
    assert_int_equal((int64_t)rows_b - 1, tu_query_int(t->db, sql));
    assert_int_equal(count(&cb, "people"), tu_query_int(t->db, sql));
    free(sql);
    free(la);
    free(lb);
}

/* Two databases with the same history (the same demo, one change each) have the same audit
 * trail's last id; their lists are still their own. */
static void test_two_databases_never_share(void **state)
{
    (void)state;
    TuDb *u = tu_demo_db("browse-cache-2");
    TuDb *v = tu_demo_db("browse-cache-3");
    assert_non_null(u);
    assert_non_null(v);
    tu_exec(u->db, "UPDATE organisation SET name = 'Först' WHERE id = (SELECT min(id) FROM organisation)");
    tu_exec(v->db, "UPDATE organisation SET name = 'Andra' WHERE id = (SELECT min(id) FROM organisation)");
    assert_int_equal(tu_query_int(u->db, "SELECT max(id) FROM audit_log"),
                     tu_query_int(v->db, "SELECT max(id) FROM audit_log"));
    assert_true(db_generation(u->db) != db_generation(v->db));
    char *lu = list_on(u->db, tu_manager(), u->project, "organisations", NULL);
    char *lv = list_on(v->db, tu_manager(), v->project, "organisations", NULL);
    assert_non_null(strstr(lu, "Först"));
    assert_non_null(strstr(lv, "Andra"));
    free(lu);
    free(lv);
    tu_db_free(u);
    tu_db_free(v);
}

/* Inside a transaction what is read may yet be rolled back: nothing is kept. */
static void test_nothing_kept_in_a_transaction(void **state)
{
    (void)state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(t->db, &errs), INSATS_OK);
    assert_true(db_generation(t->db) == 0);
    tu_exec(t->db, "UPDATE organisation SET name = 'Tillfälligt' WHERE id = "
                   "(SELECT min(id) FROM organisation)");
    uint64_t fills = browse_cache_fills();
    char *inside = list(tu_manager(), "organisations", &(BrowseFilter){.limit = 3});
    assert_non_null(strstr(inside, "Tillfälligt"));
    assert_int_equal(browse_cache_fills(), fills);
    db_tx_rollback(t->db);
    errs_free(&errs);
    char *after = list(tu_manager(), "organisations", &(BrowseFilter){.limit = 3});
    assert_null(strstr(after, "Tillfälligt"));
    free(inside);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_second_read_is_kept),
        cmocka_unit_test(test_change_is_read_at_once),
        cmocka_unit_test(test_change_by_another_connection),
        cmocka_unit_test(test_login_keeps_the_lists),
        cmocka_unit_test(test_scope_is_part_of_the_key),
        cmocka_unit_test(test_two_databases_never_share),
        cmocka_unit_test(test_nothing_kept_in_a_transaction),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
