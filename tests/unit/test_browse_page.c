/* test_browse_page.c — records page by page for the API (browse_page, browse_record): the pages
 * of a kind put together are the export's list, cursors are stable when a record is added
 * before them, a coordinator sees only their organisation's people (another's is "no such
 * person"), roles that may not read a kind are refused, and limits are checked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "db.h"
#include "testutil.h"
#include "util.h"

static TuDb *t;

static int setup(void **state)
{
    (void)state;
    t = tu_demo_db("page");
    return t ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_db_free(t);
}

static Actor manager(void)
{
    Actor a;
    actor_cli(&a);
    return a;
}

/* Every page of kind for actor a, limit at a time, appended into one array (new reference). */
static json_t *all_pages(const Actor *a, const char *kind, long limit, size_t *pages)
{
    json_t *all = json_array();
    char *cursor = NULL;
    *pages = 0;
    do {
        Errs errs;
        errs_init(&errs);
        json_t *items = NULL;
        char *next = NULL;
        assert_int_equal(browse_page(t->db, a, t->project, kind, cursor, limit, &items, &next,
                                     &errs),
                         INSATS_OK);
        /* Goals keep their own order and come on one page. */
        if (strcmp(kind, "goals") != 0)
            assert_true(json_array_size(items) <= (size_t)limit);
        if (next)
            assert_int_equal(json_array_size(items), limit);
        json_array_extend(all, items);
        json_decref(items);
        errs_free(&errs);
        free(cursor);
        cursor = next;
        (*pages)++;
    } while (cursor);
    return all;
}

static void test_pages_make_the_list(void **state)
{
    (void)state;
    Actor m = manager();
    static const char *const kinds[] = {"people", "activities", "meetings", "organisations",
                                        "certificates", "goals", NULL};
    for (const char *const *k = kinds; *k; k++) {
        Errs errs;
        errs_init(&errs);
        json_t *whole = NULL;
        assert_int_equal(bundle_export_section(t->db, t->project, *k, NULL, BUNDLE_PNR_MASKED,
                                               &whole, &errs),
                         INSATS_OK);
        size_t pages = 0;
        json_t *paged = all_pages(&m, *k, 7, &pages);
        assert_true(json_equal(whole, paged));
        if (strcmp(*k, "goals") != 0 && json_array_size(whole) > 7)
            assert_true(pages > 1);
        json_decref(whole);
        json_decref(paged);
        errs_free(&errs);
    }
}

static void test_cursor_stable(void **state)
{
    (void)state;
    Actor m = manager();
    Errs errs;
    errs_init(&errs);
    json_t *first = NULL, *second = NULL, *again = NULL;
    char *next = NULL, *next2 = NULL;
    assert_int_equal(browse_page(t->db, &m, t->project, "people", NULL, 5, &first, &next, &errs),
                     INSATS_OK);
    assert_non_null(next);
    assert_string_equal(json_string_value(json_object_get(json_array_get(first, 4), "id")), next);
    assert_int_equal(browse_page(t->db, &m, t->project, "person", next, 5, &second, &next2,
                                 &errs),
                     INSATS_OK);
    free(next2);
    /* A person whose id sorts before the cursor does not move the next page. */
    tu_exec(t->db, "INSERT INTO person (project_id, code, name, gender, organisation_id)"
                   " SELECT project_id, '!first', 'Aa Aa', 'female', organisation_id FROM person"
                   " LIMIT 1");
    assert_int_equal(browse_page(t->db, &m, t->project, "people", next, 5, &again, &next2,
                                 &errs),
                     INSATS_OK);
    assert_true(json_equal(second, again));
    tu_exec(t->db, "DELETE FROM person WHERE code = '!first'");
    json_decref(first);
    json_decref(second);
    json_decref(again);
    free(next);
    free(next2);
    errs_free(&errs);
}

static void test_coordinator_scope(void **state)
{
    (void)state;
    Actor c = manager();
    c.role = ROLE_COORDINATOR;
    c.organisation_id = tu_query_int(t->db, "SELECT min(organisation_id) FROM person");
    char *own = NULL, *other = NULL;
    {
        Db *db = t->db;
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT o.code, (SELECT p.code FROM person p"
                                                   " WHERE p.organisation_id <> o.id LIMIT 1)"
                                                   " FROM organisation o WHERE o.id = ?1",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_int64(st, 1, c.organisation_id);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        own = xstrdup((const char *)sqlite3_column_text(st, 0));
        other = xstrdup((const char *)sqlite3_column_text(st, 1));
        sqlite3_finalize(st);
    }
    size_t pages;
    json_t *people = all_pages(&c, "people", 100, &pages);
    int64_t want = tu_query_int(t->db, "SELECT count(*) FROM person WHERE organisation_id ="
                                       " (SELECT min(organisation_id) FROM person)");
    assert_int_equal(json_array_size(people), want);
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p)
        assert_string_equal(json_string_value(json_object_get(p, "organisation")), own);
    json_decref(people);

    Errs errs;
    errs_init(&errs);
    json_t *rec = NULL;
    assert_int_equal(browse_record(t->db, &c, t->project, "person", other, &rec, &errs),
                     INSATS_EINPUT);
    assert_null(rec);
    char *msg_other = xstrdup(errs.msgs[0]);
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(browse_record(t->db, &c, t->project, "person", "no-such-id", &rec, &errs),
                     INSATS_EINPUT);
    /* The same answer as for an id that does not exist, the id aside. */
    assert_non_null(strstr(msg_other, "no person \""));
    assert_non_null(strstr(errs.msgs[0], "no person \""));
    errs_free(&errs);
    Actor m = manager();
    errs_init(&errs);
    assert_int_equal(browse_record(t->db, &m, t->project, "person", other, &rec, &errs),
                     INSATS_OK);
    assert_string_equal(json_string_value(json_object_get(rec, "id")), other);
    json_decref(rec);
    errs_free(&errs);
    free(msg_other);
    free(own);
    free(other);
}

static void test_refusals(void **state)
{
    (void)state;
    Actor r = manager();
    r.role = ROLE_READER;
    Errs errs;
    errs_init(&errs);
    json_t *items = NULL;
    char *next = NULL;
    assert_int_equal(browse_page(t->db, &r, t->project, "people", NULL, 10, &items, &next, &errs),
                     INSATS_EFORBIDDEN);
    assert_null(items);
    /* Aggregates without names are for the reader too. */
    assert_int_equal(browse_page(t->db, &r, t->project, "interventions", NULL, 10, &items, &next,
                                 &errs),
                     INSATS_OK);
    assert_true(json_array_size(items) > 0);
    json_decref(items);
    free(next);
    Actor m = manager();
    assert_int_equal(browse_page(t->db, &m, t->project, "people", NULL, 0, &items, &next, &errs),
                     INSATS_EUSAGE);
    assert_int_equal(browse_page(t->db, &m, t->project, "people", NULL, BROWSE_PAGE_MAX + 1,
                                 &items, &next, &errs),
                     INSATS_EUSAGE);
    assert_int_equal(browse_page(t->db, &m, t->project, "budget", NULL, 10, &items, &next,
                                 &errs),
                     INSATS_EUSAGE);
    assert_int_equal(browse_readers("people"), BROWSE_READ_NAMES);
    assert_int_equal(browse_readers("nothing"), 0);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_make_the_list),
        cmocka_unit_test(test_cursor_stable),
        cmocka_unit_test(test_coordinator_scope),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
