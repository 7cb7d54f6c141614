/* test_scope.c — the actor's scope in the core's reads and deletes (browse.h, records.h): a
 * coordinator reaches their organisation's people, proposals and certificates only (another's
 * are "not found", as a missing one), a trainer the activities assigned to them, and a reader
 * no names at all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "records.h"
#include "testutil.h"
#include "util.h"

static TuDb *t;
static int64_t sunne, trainer_id;

static int setup(void **state)
{
    (void)state;
    t = tu_db_new("scope");
    if (!t)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tu_db_free(t);
}

/* Each test starts from the fixture, a person of each organisation that nothing refers to,
 * and a trainer assigned to a1. */
static int fresh(void **state)
{
    (void)state;
    tu_db_free(t);
    t = tu_db_new("scope");
    tu_import_fixture(t->db, "bundle-min.json", NULL);
    t->project = tu_project_id(t->db, "kompetens-vrmland");
    tu_exec(t->db, "INSERT INTO person (project_id, code, name, gender, organisation_id)"
                   " SELECT 1, 'p4', 'Tora Torsby', 'female', id FROM organisation WHERE code = 'torsby';"
                   "INSERT INTO person (project_id, code, name, gender, organisation_id)"
                   " SELECT 1, 'p5', 'Sune Sunne', 'male', id FROM organisation WHERE code = 'sunne';"
                   "INSERT INTO app_user (login, name, role, created) VALUES ('tina', 'Tina', 'trainer', 0);"
                   "INSERT INTO activity_trainer (activity_id, user_id) SELECT a.id, u.id"
                   " FROM activity a, app_user u WHERE a.code = 'a1' AND u.login = 'tina'");
    sunne = tu_query_int(t->db, "SELECT id FROM organisation WHERE code = 'sunne'");
    trainer_id = tu_query_int(t->db, "SELECT id FROM app_user WHERE login = 'tina'");
    return 0;
}

static Actor as(Role role)
{
    Actor a = {.role = role, .user_id = role == ROLE_TRAINER ? trainer_id : 99};
    snprintf(a.login, sizeof a.login, "%s", actor_role_name(role));
    snprintf(a.name, sizeof a.name, "%s", actor_role_name(role));
    if (role == ROLE_COORDINATOR)
        a.organisation_id = sunne;
    return a;
}

/* The first column of each row of a list, space-separated ("" for none). */
typedef struct Ids {
    Buf b;
    bool header_seen;
} Ids;

static int first_col(void *ctx, int ncols, const char *const *values)
{
    Ids *ids = ctx;
    (void)ncols;
    if (!ids->header_seen)
        ids->header_seen = true;
    else
        buf_printf(&ids->b, "%s%s", ids->b.len ? " " : "", values[0]);
    return 0;
}

/* The ids a list gives the actor; browse_list's status in *rc. Caller frees. */
static char *ids_of(const Actor *a, const char *kind, int *rc)
{
    Ids ids = {0};
    Errs errs;
    errs_init(&errs);
    *rc = browse_list(t->db, a, t->project, kind, NULL, first_col, &ids, &errs);
    errs_free(&errs);
    char *s = xstrdup(ids.b.data ? ids.b.data : "");
    buf_free(&ids.b);
    return s;
}

static void expect_ids(const Actor *a, const char *kind, const char *want)
{
    int rc = 0;
    char *got = ids_of(a, kind, &rc);
    assert_int_equal(rc, INSATS_OK);
    assert_string_equal(got, want);
    free(got);
}

/* browse_show's status and, for a refusal, its message (caller frees). */
static int show(const Actor *a, const char *kind, const char *code, json_t **rec, char **msg)
{
    Errs errs;
    errs_init(&errs);
    *rec = NULL;
    int rc = browse_show(t->db, a, t->project, kind, code, rec, &errs);
    if (msg)
        *msg = errs.count ? xstrdup(errs.msgs[0]) : NULL;
    errs_free(&errs);
    return rc;
}

static void test_coordinator_sees_own_organisation(void **state)
{
    (void)state;
    Actor c = as(ROLE_COORDINATOR);
    expect_ids(&c, "people", "p1 p3 p5");
    expect_ids(&c, "proposals", "f1");
    expect_ids(&c, "certificates", "c1 c2");
    expect_ids(&c, "activities", "a1 a2");   /* activities are everyone's */
    Errs errs;
    errs_init(&errs);
    int64_t n = 0;
    assert_int_equal(browse_count(t->db, &c, t->project, "people", NULL, &n, &errs), INSATS_OK);
    assert_int_equal(n, 3);
    errs_free(&errs);

    /* Another organisation's person is not found, exactly as one that does not exist. */
    json_t *rec = NULL;
    char *other = NULL, *missing = NULL;
    assert_int_equal(show(&c, "person", "p2", &rec, &other), INSATS_EINPUT);
    assert_null(rec);
    assert_int_equal(show(&c, "person", "p2x", &rec, &missing), INSATS_EINPUT);
    assert_non_null(strstr(other, "no person \"p2\" in project"));
    assert_non_null(strstr(missing, "no person \"p2x\" in project"));
    assert_string_equal(strstr(other, "\" in project"), strstr(missing, "\" in project"));
    free(other);
    free(missing);
    assert_int_equal(show(&c, "person", "p1", &rec, NULL), INSATS_OK);
    json_decref(rec);

    /* Inside a record, only the organisation's people: the activity's attendance, the group's
     * members, the meeting's attendees (the guest, named by no person record, stays). */
    assert_int_equal(show(&c, "activity", "a1", &rec, NULL), INSATS_OK);
    char *text = json_dumps(rec, JSON_COMPACT);
    assert_null(strstr(text, "\"p2\""));
    assert_null(strstr(text, "Bertil"));
    assert_non_null(strstr(text, "\"p1\""));
    free(text);
    json_decref(rec);
    assert_int_equal(show(&c, "group", "styr", &rec, NULL), INSATS_OK);
    assert_int_equal(json_array_size(json_object_get(rec, "members")), 1);
    json_decref(rec);
    assert_int_equal(show(&c, "meeting", "m1", &rec, NULL), INSATS_OK);
    text = json_dumps(json_object_get(rec, "attendees"), JSON_COMPACT);
    assert_null(strstr(text, "\"p2\""));
    assert_non_null(strstr(text, "Eva Gäst"));
    free(text);
    json_decref(rec);
}

static void test_coordinator_deletes_own_organisation_only(void **state)
{
    (void)state;
    Actor c = as(ROLE_COORDINATOR);
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    assert_int_equal(records_delete(t->db, &c, t->project, "person", "p4", &removed, &errs),
                     INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "no person \"p4\" in the project"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM person WHERE code = 'p4'"), 1);
    assert_int_equal(records_delete(t->db, &c, t->project, "person", "p5", &removed, &errs),
                     INSATS_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(records_delete(t->db, &c, t->project, "activity", "a2", &removed, &errs),
                     INSATS_EFORBIDDEN);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM activity WHERE code = 'a2'"), 1);
    /* A reader deletes nothing. */
    Actor r = as(ROLE_READER);
    assert_int_equal(records_delete(t->db, &r, t->project, "person", "p4", &removed, &errs),
                     INSATS_EFORBIDDEN);
    assert_false(db_in_transaction(t->db));
    errs_free(&errs);
}

static void test_reader_sees_no_names(void **state)
{
    (void)state;
    for (Role role = ROLE_READER; role <= ROLE_EVALUATOR; role++) {
        Actor r = as(role);
        int rc = 0;
        char *got = ids_of(&r, "people", &rc);
        assert_int_equal(rc, INSATS_EFORBIDDEN);
        free(got);
        got = ids_of(&r, "certificates", &rc);
        assert_int_equal(rc, INSATS_EFORBIDDEN);
        free(got);
        Errs errs;
        errs_init(&errs);
        int64_t n = 0;
        assert_int_equal(browse_count(t->db, &r, t->project, "people", NULL, &n, &errs),
                         INSATS_EFORBIDDEN);
        assert_non_null(strstr(errs.msgs[0], "not the names of people"));
        errs_free(&errs);
        json_t *rec = NULL;
        char *msg = NULL;
        assert_int_equal(show(&r, "person", "p1", &rec, &msg), INSATS_EFORBIDDEN);
        assert_non_null(strstr(msg, "not the names of people"));
        free(msg);
        expect_ids(&r, "activities", "a1 a2");
        assert_int_equal(show(&r, "meeting", "m1", &rec, NULL), INSATS_OK);
        char *text = json_dumps(rec, JSON_COMPACT);
        assert_null(strstr(text, "Eva Gäst"));
        assert_null(strstr(text, "Anna"));
        assert_null(strstr(text, "Bertil"));
        assert_int_equal(json_array_size(json_object_get(rec, "attendees")), 0);
        assert_null(json_object_get(rec, "_names"));
        free(text);
        json_decref(rec);
    }
}

static void test_trainer_sees_assigned_activities(void **state)
{
    (void)state;
    Actor tr = as(ROLE_TRAINER);
    expect_ids(&tr, "activities", "a1");
    expect_ids(&tr, "sessions", "a1 a1");
    expect_ids(&tr, "people", "p1 p2");      /* those who came to a1 */
    expect_ids(&tr, "proposals", "");
    json_t *rec = NULL;
    assert_int_equal(show(&tr, "activity", "a2", &rec, NULL), INSATS_EINPUT);
    assert_int_equal(show(&tr, "person", "p3", &rec, NULL), INSATS_EINPUT);
    assert_int_equal(show(&tr, "activity", "a1", &rec, NULL), INSATS_OK);
    json_decref(rec);
    /* Without an assignment, nothing. */
    Actor other = tr;
    other.user_id = 12345;
    expect_ids(&other, "activities", "");
}

/* A person's page lists, for a trainer, only the sessions (and certificates) of the
 * activities assigned to them: p2 came to a2 as well, which the manager sees. */
static void test_trainer_person_lists(void **state)
{
    (void)state;
    tu_exec(t->db, "INSERT INTO session (activity_id, code, session_date, hours_c)"
                   " SELECT id, 's1', '2012-05-02', 300 FROM activity WHERE code = 'a2'");
    tu_exec(t->db, "INSERT INTO attendance (session_id, person_id, present)"
                   " SELECT s.id, p.id, 1 FROM session s JOIN activity a ON a.id = s.activity_id,"
                   " person p WHERE a.code = 'a2' AND p.code = 'p2' LIMIT 1");
    Actor tr = as(ROLE_TRAINER), mgr = as(ROLE_MANAGER);
    const Actor *who[] = {&tr, &mgr};
    size_t seen[2][2] = {{0}};
    for (size_t w = 0; w < 2; w++) {
        json_t *rec = NULL;
        assert_int_equal(show(who[w], "person", "p2", &rec, NULL), INSATS_OK);
        json_t *list = json_object_get(json_object_get(rec, "_summary"), "attendance");
        assert_true(json_array_size(list) > 0);
        size_t i;
        json_t *row;
        json_array_foreach(list, i, row) {
            const char *a = json_string_value(json_object_get(row, "activity"));
            seen[w][strcmp(a, "a1") == 0 ? 0 : 1]++;
        }
        json_decref(rec);
    }
    assert_true(seen[0][0] > 0);
    assert_int_equal(seen[0][1], 0);
    assert_int_equal(seen[1][0], seen[0][0]);
    assert_int_equal(seen[1][1], 1);
}

/* The names beside references ("_names") name only the people within the scope: the Sunne
 * coordinator reads Sunne's proposal f1, whose history names Bertil of Torsby (p2). The id
 * stays (the record's shape); the name does not. */
static void test_names_within_scope(void **state)
{
    (void)state;
    Actor c = as(ROLE_COORDINATOR);
    json_t *rec = NULL;
    assert_int_equal(show(&c, "proposal", "f1", &rec, NULL), INSATS_OK);
    char *text = json_dumps(rec, JSON_COMPACT);
    assert_null(strstr(text, "Bertil"));
    free(text);
    const json_t *hist = json_object_get(json_object_get(rec, "_names"), "history");
    assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 0), "by")),
                        "Anna Andersson");
    assert_true(json_is_null(json_array_get(hist, 1)) ||
                !json_object_get(json_array_get(hist, 1), "by"));
    json_decref(rec);

    /* A meeting: the owner of an action (p2), the presenter typed as Bertil's name. */
    assert_int_equal(show(&c, "meeting", "m1", &rec, NULL), INSATS_OK);
    text = json_dumps(rec, JSON_COMPACT);
    assert_null(strstr(text, "Bertil"));
    assert_non_null(strstr(text, "Anna Andersson"));   /* notes_by, of Sunne */
    free(text);
    json_decref(rec);

    /* The manager gets every name. */
    assert_int_equal(show(tu_manager(), "proposal", "f1", &rec, NULL), INSATS_OK);
    hist = json_object_get(json_object_get(rec, "_names"), "history");
    assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 1), "by")),
                        "Bertil Berg");
    json_decref(rec);
    assert_int_equal(show(tu_manager(), "meeting", "m1", &rec, NULL), INSATS_OK);
    const json_t *agenda = json_object_get(rec, "agenda");
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(agenda, 1), "presenter")),
        "Bertil Berg");
    json_decref(rec);
}

/* The ids of a page of records the API gives the actor, space-separated; browse_page's status
 * in *rc. Caller frees. */
static char *api_ids(const Actor *a, const char *kind, int *rc)
{
    Errs errs;
    errs_init(&errs);
    json_t *items = NULL;
    char *next = NULL;
    *rc = browse_page(t->db, a, t->project, kind, NULL, 50, &items, &next, &errs);
    Buf b = {0};
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        buf_printf(&b, "%s%s", b.len ? " " : "",
                   json_string_value(json_object_get(it, "id")));
    char *s = xstrdup(b.data ? b.data : "");
    buf_free(&b);
    json_decref(items);
    free(next);
    errs_free(&errs);
    return s;
}

/* browse_record's status and message (caller frees). */
static int api_one(const Actor *a, const char *kind, const char *code, json_t **rec, char **msg)
{
    Errs errs;
    errs_init(&errs);
    int rc = browse_record(t->db, a, t->project, kind, code, rec, &errs);
    *msg = errs.count ? xstrdup(errs.msgs[0]) : NULL;
    errs_free(&errs);
    return rc;
}

/* The API's pages and records keep the same scope: a trainer reads the activities assigned to
 * them (with their sessions and attendance), another is not there; inside records a
 * coordinator sees their organisation's people only, a reader no one. */
static void test_api_scope(void **state)
{
    (void)state;
    Actor tr = as(ROLE_TRAINER);
    int rc = 0;
    char *ids = api_ids(&tr, "activities", &rc);
    assert_int_equal(rc, INSATS_OK);
    assert_string_equal(ids, "a1");
    free(ids);
    json_t *rec = NULL;
    char *msg = NULL, *missing = NULL;
    assert_int_equal(api_one(&tr, "activities", "a1", &rec, &msg), INSATS_OK);
    assert_int_equal(json_array_size(json_object_get(rec, "sessions")), 2);
    assert_int_equal(json_array_size(json_object_get(rec, "attendance")), 4);
    json_decref(rec);
    free(msg);
    assert_int_equal(api_one(&tr, "activities", "a2", &rec, &msg), INSATS_EINPUT);
    assert_null(rec);
    assert_int_equal(api_one(&tr, "activities", "a9", &rec, &missing), INSATS_EINPUT);
    assert_string_equal(strstr(msg, "\" ("), strstr(missing, "\" ("));
    free(msg);
    free(missing);
    Actor other = tr;
    other.user_id = 12345;
    ids = api_ids(&other, "activities", &rc);
    assert_string_equal(ids, "");
    free(ids);
    /* People stay the coordinators' and the manager's. */
    free(api_ids(&tr, "people", &rc));
    assert_int_equal(rc, INSATS_EFORBIDDEN);

    Actor c = as(ROLE_COORDINATOR);
    ids = api_ids(&c, "activities", &rc);
    assert_string_equal(ids, "a1 a2");
    free(ids);
    assert_int_equal(api_one(&c, "activities", "a1", &rec, &msg), INSATS_OK);
    char *text = json_dumps(rec, JSON_COMPACT);
    assert_null(strstr(text, "\"p2\""));
    assert_non_null(strstr(text, "\"p1\""));
    free(text);
    json_decref(rec);
    free(msg);
    assert_int_equal(api_one(&c, "meetings", "m1", &rec, &msg), INSATS_OK);
    text = json_dumps(rec, JSON_COMPACT);
    assert_null(strstr(text, "Bertil"));
    free(text);
    /* The action's owner keeps its id (the record's shape); the attendee entry goes. */
    text = json_dumps(json_object_get(rec, "attendees"), JSON_COMPACT);
    assert_null(strstr(text, "\"p2\""));
    assert_non_null(strstr(text, "Eva Gäst"));
    free(text);
    json_decref(rec);
    free(msg);

    /* A meeting's record is its minutes (attendees, presenters, action owners): the roles that
     * see no names do not read meetings at all (BROWSE_READ_MEETINGS), as they get no minutes,
     * so a reader is refused instead of given the record without its people. */
    Actor r = as(ROLE_READER);
    rec = NULL;
    assert_int_equal(api_one(&r, "meetings", "m1", &rec, &msg), INSATS_EFORBIDDEN);
    json_decref(rec);
    free(msg);
    /* An activity it reads, without the people inside. */
    assert_int_equal(api_one(&r, "activities", "a1", &rec, &msg), INSATS_OK);
    text = json_dumps(rec, JSON_COMPACT);
    assert_null(strstr(text, "\"p1\""));
    assert_null(strstr(text, "\"p2\""));
    free(text);
    json_decref(rec);
    free(msg);
}

/* The manager (and the command line, which acts as one) reaches everything. */
static void test_manager_sees_everything(void **state)
{
    (void)state;
    expect_ids(tu_manager(), "people", "p1 p2 p3 p4 p5");
    json_t *rec = NULL;
    assert_int_equal(show(tu_manager(), "meeting", "m1", &rec, NULL), INSATS_OK);
    assert_int_equal(json_array_size(json_object_get(rec, "attendees")), 3);
    assert_non_null(json_object_get(rec, "_names"));
    json_decref(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_coordinator_sees_own_organisation, fresh),
        cmocka_unit_test_setup(test_coordinator_deletes_own_organisation_only, fresh),
        cmocka_unit_test_setup(test_reader_sees_no_names, fresh),
        cmocka_unit_test_setup(test_trainer_sees_assigned_activities, fresh),
        cmocka_unit_test_setup(test_manager_sees_everything, fresh),
        cmocka_unit_test_setup(test_names_within_scope, fresh),
        cmocka_unit_test_setup(test_trainer_person_lists, fresh),
        cmocka_unit_test_setup(test_api_scope, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
