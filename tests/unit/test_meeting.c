/* test_meeting.c — the meeting workflow of meeting.c: a group's series of a year created at
 * once (every field of each meeting, all or nothing on a bad list, an unknown group, a bad
 * time or a date taken already), cancelling with a reason (only a planned meeting, a reason
 * required), and the role rule of both, over bundle-min.json. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "meeting.h"
#include "testutil.h"
#include "util.h"

typedef TuDb Fx;

static int setup(void **state)
{
    Fx *fx = tu_db_new("meeting");
    *state = fx;
    if (!fx)
        return -1;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    fx->project = tu_project_id(fx->db, "kompetens-vrmland");
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static Actor actor_of(Role role)
{
    Actor a = {0};
    snprintf(a.login, sizeof a.login, "%s", actor_role_name(role));
    a.role = role;
    a.organisation_id = role == ROLE_COORDINATOR ? 1 : 0;
    return a;
}

static int64_t meetings(Fx *fx)
{
    return tu_query_int(fx->db, "SELECT count(*) FROM meeting");
}

/* All messages joined by "\n". Caller frees. */
static char *messages(const Errs *e)
{
    Buf b = {0};
    for (size_t i = 0; i < e->count; i++)
        buf_printf(&b, "%s%s", i ? "\n" : "", e->msgs[i]);
    return b.data ? buf_steal(&b) : xstrdup("");
}

/* Runs a series that must be refused with status want and a message containing part; asserts
 * that no meeting was made. */
static void assert_series_refused(Fx *fx, const Actor *a, const MeetingSeries *s, int want,
                                  const char *part)
{
    int64_t before = meetings(fx);
    Errs errs;
    errs_init(&errs);
    json_t *codes = (json_t *)1;
    int rc = meeting_series_create(fx->db, a, fx->project, s, &codes, &errs);
    char *msg = messages(&errs);
    if (!strstr(msg, part))
        fprintf(stderr, "got: %s\nwant (part): %s\n", msg, part);
    assert_int_equal(rc, want);
    assert_non_null(strstr(msg, part));
    assert_null(codes);
    assert_int_equal(meetings(fx), before);
    free(msg);
    errs_free(&errs);
}

static void test_series_created(void **state)
{
    Fx *fx = *state;
    int64_t before = meetings(fx);
    MeetingSeries s = {.group = "styr", .dates = "15 februari, 3 maj, 25 september och 6 november",
                       .year = 2019, .start = "09:00", .end = "12:00",
                       .place = "Regionkontoret, konferensrum Kungsängen"};
    Errs errs;
    errs_init(&errs);
    json_t *codes = NULL;
    int rc = meeting_series_create(fx->db, tu_manager(), fx->project, &s, &codes, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    char *text = json_dumps(codes, JSON_COMPACT);
    assert_string_equal(text, "[\"styr-2019-02-15\",\"styr-2019-05-03\",\"styr-2019-09-25\","
                              "\"styr-2019-11-06\"]");
    free(text);
    json_decref(codes);
    assert_int_equal(meetings(fx), before + 4);
    /* every field of every meeting: the group's name as title, planned, the time and place */
    assert_int_equal(tu_query_int(fx->db,
        "SELECT count(*) FROM meeting m JOIN grp g ON g.id = m.group_id "
        "WHERE g.code = 'styr' AND m.code = 'styr-' || m.meeting_date "
        "AND m.title = 'Styrgrupp' AND m.status = 'planned' AND m.start_time = '09:00' "
        "AND m.end_time = '12:00' AND m.place = 'Regionkontoret, konferensrum Kungsängen' "
        "AND m.cancel_reason IS NULL AND m.meeting_date IN "
        "('2019-02-15','2019-05-03','2019-09-25','2019-11-06')"), 4);
    /* in the audit trail, one entry per meeting */
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM audit_log WHERE kind = 'meeting' "
                                          "AND action = 'insert' AND record_code LIKE 'styr-2019-%'"), 4);

    /* a title of its own, no time, no place */
    MeetingSeries t = {.group = "amb", .dates = "2020-01-10", .title = "Ambassadörsträff"};
    errs_init(&errs);
    rc = meeting_series_create(fx->db, tu_manager(), fx->project, &t, NULL, &errs);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->db,
        "SELECT count(*) FROM meeting WHERE code = 'amb-2020-01-10' AND "
        "title = 'Ambassadörsträff' AND start_time IS NULL AND place IS NULL"), 1);
}

static void test_series_refused(void **state)
{
    Fx *fx = *state;
    MeetingSeries bad = {.group = "styr", .dates = "15 februari, 3 mja", .year = 2019};
    assert_series_refused(fx, tu_manager(), &bad, INSATS_EINPUT,
                          "word 4 \"mja\": not a month or a date word; did you mean \"maj\"?");
    MeetingSeries nogroup = {.group = "sg", .dates = "15 februari", .year = 2019};
    assert_series_refused(fx, tu_manager(), &nogroup, INSATS_EINPUT,
                          "group: no group \"sg\" in the project");
    MeetingSeries times = {.group = "styr", .dates = "15 februari", .year = 2019,
                           .start = "13:00", .end = "12:00"};
    assert_series_refused(fx, tu_manager(), &times, INSATS_EINPUT,
                          "end: 12:00 is before the start 13:00");
    MeetingSeries notime = {.group = "styr", .dates = "15 februari", .year = 2019,
                            .start = "9.00"};
    assert_series_refused(fx, tu_manager(), &notime, INSATS_EINPUT,
                          "start: \"9.00\" is not a time (HH:MM)");
    MeetingSeries place = {.group = "styr", .dates = "15 februari", .year = 2019,
                           .place = "rad ett\nrad två"};
    assert_series_refused(fx, tu_manager(), &place, INSATS_EINPUT, "place: ");

    /* a date the group has its meeting on already: the whole series refused, also the new
     * dates */
    MeetingSeries first = {.group = "styr", .dates = "6 november", .year = 2019};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_series_create(fx->db, tu_manager(), fx->project, &first, NULL,
                                           &errs), INSATS_OK);
    errs_free(&errs);
    MeetingSeries again = {.group = "styr", .dates = "25 september och 6 november", .year = 2019};
    assert_series_refused(fx, tu_manager(), &again, INSATS_EINPUT,
                          "the project has a meeting \"styr-2019-11-06\" already");
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM meeting WHERE code = "
                                          "'styr-2019-09-25'"), 0);
}

static void test_series_roles(void **state)
{
    Fx *fx = *state;
    MeetingSeries s = {.group = "styr", .dates = "15 februari", .year = 2019};
    for (Role r = 0; r < ROLE_COUNT; r++) {
        if (r == ROLE_MANAGER)
            continue;
        Actor a = actor_of(r);
        assert_series_refused(fx, &a, &s, INSATS_EFORBIDDEN, "may not plan meetings");
    }
}

/* Cancels and returns the status; the messages joined into *msg (caller frees). */
static int cancel(Fx *fx, const Actor *a, const char *code, const char *reason, char **msg)
{
    Errs errs;
    errs_init(&errs);
    int rc = meeting_cancel(fx->db, a, fx->project, code, reason, &errs);
    *msg = messages(&errs);
    errs_free(&errs);
    return rc;
}

static void test_cancel(void **state)
{
    Fx *fx = *state;
    MeetingSeries s = {.group = "styr", .dates = "23 april", .year = 2019};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_series_create(fx->db, tu_manager(), fx->project, &s, NULL, &errs),
                     INSATS_OK);
    errs_free(&errs);
    char *msg = NULL;
    /* refusals first, each changing nothing */
    const struct {
        const Actor *actor;
        const char *code, *reason;
        int rc;
        const char *part;
    } refused[] = {
        {tu_manager(), "styr-2019-04-23", "", INSATS_EINPUT, "reason: is required"},
        {tu_manager(), "styr-2019-04-23", NULL, INSATS_EINPUT, "reason: is required"},
        {tu_manager(), "styr-2019-04-23", "två\nrader", INSATS_EINPUT, "reason: "},
        {tu_manager(), "m1", "Sjukdom", INSATS_EINPUT, "meeting m1: is held already"},
        {tu_manager(), "m2", "Sjukdom", INSATS_EINPUT, "meeting m2: is cancelled already"},
        {tu_manager(), "nope", "Sjukdom", INSATS_EINPUT, "no meeting \"nope\" in the project"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        int rc = cancel(fx, refused[i].actor, refused[i].code, refused[i].reason, &msg);
        if (!strstr(msg, refused[i].part))
            fprintf(stderr, "case %zu: %s\n", i, msg);
        assert_int_equal(rc, refused[i].rc);
        assert_non_null(strstr(msg, refused[i].part));
        free(msg);
    }
    for (Role r = 0; r < ROLE_COUNT; r++) {
        if (r == ROLE_MANAGER)
            continue;
        Actor a = actor_of(r);
        assert_int_equal(cancel(fx, &a, "styr-2019-04-23", "Sjukdom", &msg), INSATS_EFORBIDDEN);
        free(msg);
    }
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM meeting WHERE code = "
                                          "'styr-2019-04-23' AND status = 'planned'"), 1);
    assert_int_equal(cancel(fx, tu_manager(), "styr-2019-04-23", "23 april blir inställt", &msg),
                     INSATS_OK);
    free(msg);
    assert_int_equal(tu_query_int(fx->db,
        "SELECT count(*) FROM meeting WHERE code = 'styr-2019-04-23' AND status = 'cancelled' "
        "AND cancel_reason = '23 april blir inställt'"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM audit_log WHERE kind = 'meeting' "
                                          "AND action = 'update' AND record_code = 'styr-2019-04-23'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_series_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
