/* test_records.c — deleting a record (records.c): what goes with it, what refuses it, and
 * that a refusal changes nothing. Runs on the complete fixture bundle. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "records.h"
#include "testutil.h"

static int setup(void **state)
{
    TuDb *t = tu_db_new("records");
    if (!t)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static TuDb *loaded(void **state)
{
    TuDb *t = *state;
    tu_import_fixture(t->db, "bundle-min.json", NULL);
    t->project = tu_project_id(t->db, "kompetens-vrmland");
    return t;
}

static bool has_msg(const Errs *e, const char *text)
{
    for (size_t i = 0; i < e->count; i++)
        if (strstr(e->msgs[i], text))
            return true;
    return false;
}

/* An activity takes its sessions and their attendance with it. */
static void test_activity_goes_with_sessions_and_attendance(void **state)
{
    TuDb *t = loaded(state);
    Errs errs;
    errs_init(&errs);
    /* a1 has certificates, a survey and a cost: it is refused first. */
    int64_t removed = -1;
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "activity", "a1", &removed, &errs),
                     INSATS_EINPUT);
    assert_int_equal(removed, 0);
    /* one of each, named in the singular */
    assert_true(has_msg(&errs, "1 certificate, 1 survey, 1 cost entry;"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM attendance"), 4);
    errs_free(&errs);

    /* Without those, it goes, and its 2 sessions and 4 attendance rows with it. */
    tu_exec(t->db, "DELETE FROM certificate WHERE code = 'c1';"
                   "DELETE FROM goal WHERE code = 'g2';"
                   "DELETE FROM survey WHERE code = 'e1';"
                   "UPDATE cost_entry SET activity_id = NULL WHERE code = 'k1'");
    errs_init(&errs);
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "activity", "a1", &removed, &errs),
                     INSATS_OK);
    assert_int_equal(removed, 1 + 2 + 4 + 2); /* activity, sessions, attendance, its 2 organisations */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM attendance"), 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM session"), 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM activity"), 1);
    assert_int_equal(errs.count, 0);
    errs_free(&errs);
}

/* A person with attendance is refused, naming what refers to them; nothing changes. */
static void test_person_with_attendance_refused(void **state)
{
    TuDb *t = loaded(state);
    Errs errs;
    errs_init(&errs);
    int64_t removed = -1;
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "person", "p1", &removed, &errs),
                     INSATS_EINPUT);
    assert_true(has_msg(&errs, "person \"p1\" is still referred to by 2 attendance"));
    assert_true(has_msg(&errs, "2 attendance rows, 1 certificate, 1 group membership, "
                               "1 meeting attendee entry;"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM person"), 3);
    errs_free(&errs);

    /* A person nobody refers to goes. */
    errs_init(&errs);
    tu_exec(t->db, "DELETE FROM certificate WHERE code = 'c2'");
    /* The plural names the same kind. */
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "people", "p3", &removed, &errs), INSATS_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM person WHERE code = 'p3'"), 0);
    errs_free(&errs);
}

/* A meeting takes its agenda, decisions, attendees and actions with it. */
static void test_meeting_with_its_parts(void **state)
{
    TuDb *t = loaded(state);
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "meeting", "m1", &removed, &errs), INSATS_OK);
    /* meeting 1, attendees 3, agenda items 2, decisions 1, actions 2 */
    assert_int_equal(removed, 1 + 3 + 2 + 1 + 2);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM agenda_item"), 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM decision"), 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM action_item"), 0);
    errs_free(&errs);
}

/* Parts of records and the budget's records: a session with people marked present is refused
 * with the reason, one with absences only goes with them; an action of a meeting goes alone; a
 * question with answers stays; a category with lines or costs stays, a version goes with its
 * lines; a parent is needed where one belongs; a coordinator may not. */
static void test_parts(void **state)
{
    TuDb *t = loaded(state);
    Errs errs;
    errs_init(&errs);
    int64_t removed = -1;
    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "session", "a1", "s2",
                                         &removed, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "1 person marked present"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM session"), 2);
    errs_free(&errs);
    /* with p1's mark absent, s2 has absences only: they go with it */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM attendance WHERE session_id ="
                                         " (SELECT id FROM session WHERE code = 's2')"), 2);
    tu_set_actor(t->db);
    sqlite3_stmt *st = db_prepare(t->db, "UPDATE attendance SET present = 0 WHERE session_id ="
                                         " (SELECT id FROM session WHERE code = 's2')");
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "session", "a1", "s2",
                                         &removed, &errs), INSATS_OK);
    assert_int_equal(removed, 3);   /* the session and its two absences */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM session"), 1);
    /* an unknown one, or one of another activity */
    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "session", "a2", "s1",
                                         &removed, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "no session \"s1\" of activity \"a2\""));
    errs_free(&errs);

    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "action", "m1", "x2",
                                         &removed, &errs), INSATS_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM action_item"), 1);

    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "question", "e1", "q1",
                                         &removed, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "answer"));
    errs_free(&errs);

    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "budget_category",
                                         NULL, "ext", &removed, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "budget lines, 2 cost entries"));
    errs_free(&errs);
    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "budget_version",
                                         NULL, "v1", &removed, &errs), INSATS_OK);
    assert_int_equal(removed, 3);   /* the version and its two lines */
    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "budget_version",
                                         "x", "v2", &removed, &errs), INSATS_EUSAGE);
    assert_int_equal(records_delete_part(t->db, tu_manager(), t->project, "session", NULL,
                                         "s1", &removed, &errs), INSATS_EUSAGE);
    errs_free(&errs);
    Actor coordinator = {.role = ROLE_COORDINATOR, .organisation_id = 1, .user_id = 9};
    assert_int_equal(records_delete_part(t->db, &coordinator, t->project, "budget_version",
                                         NULL, "v2", &removed, &errs), INSATS_EFORBIDDEN);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM budget_version"), 1);
    errs_free(&errs);
}

static void test_unknown_kind_and_id(void **state)
{
    TuDb *t = loaded(state);
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "widget", "x", &removed, &errs),
                     INSATS_EUSAGE);
    assert_true(has_msg(&errs, "person, group"));
    /* A near miss names the kind meant; a project is not a record delete takes. */
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "activty", "a1", &removed, &errs),
                     INSATS_EUSAGE);
    assert_true(has_msg(&errs, "did you mean \"activity\"?"));
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "project", "x", &removed, &errs),
                     INSATS_EUSAGE);
    assert_true(has_msg(&errs, "project cannot be given to `insats delete`"));
    assert_int_equal(records_delete(t->db, tu_manager(), t->project, "person", "p404", &removed, &errs),
                     INSATS_EINPUT);
    assert_true(has_msg(&errs, "no person \"p404\""));
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_activity_goes_with_sessions_and_attendance, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_person_with_attendance_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meeting_with_its_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_kind_and_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
