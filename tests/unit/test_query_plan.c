/* test_query_plan.c — no list query of the core reads a whole table of attendance, people or
 * sessions. Every statement that the list functions actually run (browse_list and
 * browse_count of every kind with each filter it takes, the API's pages of records and its
 * records by id, the attendance screen) is caught with SQLite's statement trace, and its EXPLAIN QUERY PLAN must
 * show no SCAN of those tables: each must be a SEARCH through an index. A list that grows a
 * query without an index fails here, whatever the function. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "activity.h"
#include "browse.h"
#include "db.h"
#include "kinds.h"
#include "testutil.h"
#include "util.h"

static TuDb *t;

/* The distinct SQL texts run since the last reset. */
typedef struct Seen {
    char **sql;
    size_t n, cap;
} Seen;

static Seen seen;

static int trace_stmt(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    (void)x;
    if (type != SQLITE_TRACE_STMT)
        return 0;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    if (!sql || strncmp(sql, "EXPLAIN", 7) == 0)
        return 0;
    for (size_t i = 0; i < seen.n; i++)
        if (strcmp(seen.sql[i], sql) == 0)
            return 0;
    if (seen.n == seen.cap) {
        seen.cap = seen.cap ? seen.cap * 2 : 32;
        seen.sql = xrealloc(seen.sql, seen.cap * sizeof *seen.sql);
    }
    seen.sql[seen.n++] = xstrdup(sql);
    return 0;
}

static void seen_reset(void)
{
    for (size_t i = 0; i < seen.n; i++)
        free(seen.sql[i]);
    free(seen.sql);
    memset(&seen, 0, sizeof seen);
}

static bool is_word(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* Whether `name` is one of the guarded tables, or an alias the SQL gives one of them
 * ("attendance t", "person AS p"). */
static bool guarded(const char *sql, const char *name)
{
    static const char *const tables[] = {"attendance", "person", "session", NULL};
    for (size_t i = 0; tables[i]; i++) {
        if (strcmp(name, tables[i]) == 0)
            return true;
        size_t tl = strlen(tables[i]);
        for (const char *s = sql; (s = strstr(s, tables[i])) != NULL; s += tl) {
            if ((s > sql && is_word(s[-1])) || is_word(s[tl]))
                continue;
            const char *a = s + tl;
            while (*a == ' ')
                a++;
            if (strncasecmp(a, "AS ", 3) == 0)
                a += 3;
            size_t al = 0;
            while (is_word(a[al]))
                al++;
            if (al == strlen(name) && strncmp(a, name, al) == 0)
                return true;
        }
    }
    return false;
}

/* Runs EXPLAIN QUERY PLAN on every statement seen; returns the number of full scans of the
 * guarded tables, each printed with its statement. */
static int check_plans(const char *what)
{
    int bad = 0;
    assert_true(seen.n > 0);
    for (size_t i = 0; i < seen.n; i++) {
        char *eqp = xasprintf("EXPLAIN QUERY PLAN %s", seen.sql[i]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(t->db->h, eqp, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *detail = (const char *)sqlite3_column_text(st, 3);
            if (strncmp(detail, "SCAN ", 5) != 0)
                continue;
            char name[64];
            size_t n = 0;
            for (const char *d = detail + 5; is_word(*d) && n + 1 < sizeof name; d++)
                name[n++] = *d;
            name[n] = '\0';
            if (guarded(seen.sql[i], name)) {
                fprintf(stderr, "%s: full scan \"%s\" in\n  %s\n", what, detail, seen.sql[i]);
                bad++;
            }
        }
        sqlite3_finalize(st);
        free(eqp);
    }
    return bad;
}

static int rows_none(void *ctx, int ncols, const char *const *values)
{
    (void)values;
    (*(int *)ctx) += ncols > 0;
    return 0;
}

static char *first_code(const char *table)
{
    char *sql = xasprintf("SELECT code FROM %s WHERE project_id = %lld ORDER BY code LIMIT 1",
                          table, (long long)t->project);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(t->db->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *code = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    free(sql);
    return code;
}

static int setup(void **state)
{
    (void)state;
    t = tu_demo_db("plan");
    if (!t)
        return -1;
    sqlite3_trace_v2(t->db->h, SQLITE_TRACE_STMT, trace_stmt, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    seen_reset();
    return tu_db_free(t);
}

/* One listing (and its count) with the filters f; a filter the kind does not take is a usage
 * error and is skipped, so the test follows browse.c's own table of filters. */
static bool list_once(const char *kind, const BrowseFilter *f)
{
    Errs errs;
    errs_init(&errs);
    int rows = 0;
    int rc = browse_list(t->db, tu_manager(), t->project, kind, f, rows_none, &rows, &errs);
    if (rc == INSATS_OK) {
        int64_t n = -1;
        assert_int_equal(browse_count(t->db, tu_manager(), t->project, kind, f, &n, &errs), INSATS_OK);
        assert_true(n >= 0);
    } else {
        assert_int_equal(rc, INSATS_EUSAGE);
    }
    errs_free(&errs);
    return rc == INSATS_OK;
}

static void test_browse_lists(void **state)
{
    (void)state;
    char *org = first_code("organisation");
    char *interv = first_code("intervention");
    int bad = 0, filtered = 0;
    for (const char *const *k = kinds_names(KINDS_LIST, true); *k; k++) {
        seen_reset();
        const BrowseFilter none = {.limit = 50};
        assert_true(list_once(*k, &none));
        BrowseFilter each[] = {
            {.status = "held", .limit = 50},
            {.status = "approved", .limit = 50},
            {.organisation = org, .limit = 50},
            {.intervention = interv, .limit = 50},
            {.from = "2012-01-01", .limit = 50},
            {.to = "2012-06-30", .limit = 50},
            {.from = "2012-01-01", .to = "2012-06-30", .limit = 50},
        };
        BrowseFilter all = {.limit = 50};
        for (size_t i = 0; i < sizeof each / sizeof *each; i++) {
            if (!list_once(*k, &each[i]))
                continue;
            filtered++;
            all.status = all.status ? all.status : each[i].status;
            all.organisation = all.organisation ? all.organisation : each[i].organisation;
            all.intervention = all.intervention ? all.intervention : each[i].intervention;
            all.from = all.from ? all.from : each[i].from;
            all.to = all.to ? all.to : each[i].to;
        }
        list_once(*k, &all);
        bad += check_plans(*k);
    }
    assert_true(filtered > 10);
    free(org);
    free(interv);
    assert_int_equal(bad, 0);
}

static void test_attendance_screen(void **state)
{
    (void)state;
    seen_reset();
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(t->db->h,
                                        "SELECT a.code, s.code FROM session s JOIN activity a"
                                        " ON a.id = s.activity_id ORDER BY s.id LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *act = xstrdup((const char *)sqlite3_column_text(st, 0));
    char *ses = xstrdup((const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    seen_reset();
    Actor manager;
    actor_cli(&manager);
    Errs errs;
    errs_init(&errs);
    AttendanceExpected *rows = NULL;
    size_t n = 0;
    assert_int_equal(attendance_expected(t->db, &manager, t->project, act, ses, &rows, &n, &errs),
                     INSATS_OK);
    assert_true(n > 0);
    free(rows);
    errs_free(&errs);
    free(act);
    free(ses);
    assert_int_equal(check_plans("attendance_expected"), 0);
}

/* The API's pages of records: every kind, first page and the next, for a manager, a
 * coordinator and a trainer (whose scopes add to the queries). */
static void test_api_pages(void **state)
{
    (void)state;
    static const char *const kinds[] = {"organisations", "people", "groups", "interventions",
                                        "proposals", "activities", "surveys", "certificates",
                                        "goals", "costs", "deviations", "meetings",
                                        "dissemination", NULL};
    Actor manager, coordinator, trainer;
    actor_cli(&manager);
    coordinator = manager;
    coordinator.role = ROLE_COORDINATOR;
    coordinator.organisation_id = tu_query_int(t->db, "SELECT min(id) FROM organisation");
    tu_exec(t->db, "INSERT INTO app_user (login, name, role, created)"
                   " VALUES ('plan-trainer', 'T', 'trainer', 0);"
                   "INSERT INTO activity_trainer (activity_id, user_id) SELECT a.id, u.id"
                   " FROM activity a, app_user u WHERE u.login = 'plan-trainer'"
                   " AND a.id IN (SELECT id FROM activity ORDER BY id LIMIT 5)");
    trainer = manager;
    trainer.role = ROLE_TRAINER;
    trainer.user_id = tu_query_int(t->db, "SELECT id FROM app_user WHERE login = 'plan-trainer'");
    int bad = 0;
    for (const char *const *k = kinds; *k; k++) {
        seen_reset();
        for (int who = 0; who < 3; who++) {
            const Actor *a = who == 2 ? &trainer : who ? &coordinator : &manager;
            if (!(browse_readers(*k) & ROLE_BIT(a->role)))
                continue;
            Errs errs;
            errs_init(&errs);
            json_t *items = NULL;
            char *next = NULL;
            assert_int_equal(browse_page(t->db, a, t->project, *k, NULL, 2, &items, &next, &errs),
                             INSATS_OK);
            /* One record by its id, as GET /api/v1/<kind>/{id} reads it. */
            const char *id = json_string_value(json_object_get(json_array_get(items, 0), "id"));
            if (id) {
                json_t *rec = NULL;
                assert_int_equal(browse_record(t->db, a, t->project, *k, id, &rec, &errs),
                                 INSATS_OK);
                json_decref(rec);
            }
            json_decref(items);
            if (next) {
                char *cursor = next;
                assert_int_equal(browse_page(t->db, a, t->project, *k, cursor, 2, &items, &next,
                                             &errs),
                                 INSATS_OK);
                json_decref(items);
                free(cursor);
            }
            free(next);
            errs_free(&errs);
        }
        bad += check_plans(*k);
    }
    assert_int_equal(bad, 0);
}

/* The check itself: a query that does scan attendance is caught. */
static void test_scan_is_caught(void **state)
{
    (void)state;
    seen_reset();
    tu_query_int(t->db, "SELECT count(*) FROM attendance t WHERE t.present = 1");
    assert_int_equal(check_plans("self-test"), 1);
    seen_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_is_caught),
        cmocka_unit_test(test_browse_lists),
        cmocka_unit_test(test_attendance_screen),
        cmocka_unit_test(test_api_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
