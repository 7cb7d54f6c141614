/* test_meeting.c — the meeting workflow of meeting.c: a group's series of a year created at
 * once (every field of each meeting, all or nothing on a bad list, an unknown group, a bad
 * time or a date taken already), cancelling with a reason (only a planned meeting, a reason
 * required), the open actions carried to the group's next meetings, the attendance per
 * member, organisation and year with the absence flag at the group's limit, the invitations
 * written to the outbox on their day, once; and the role rules, over bundle-min.json. */
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
#include "minutes.h"
#include "record.h"
#include "reminders.h"
#include "todo.h"
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

/* ---- carried actions, attendance, invitations ------------------------------------------- */

static json_t *minutes_of(Fx *fx, const char *code)
{
    json_t *m = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = minutes_build(fx->db, tu_manager(), fx->project, code, &m, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    return m;
}

static void series(Fx *fx, const char *group, const char *dates)
{
    MeetingSeries s = {.group = group, .dates = dates};
    Errs errs;
    errs_init(&errs);
    int rc = meeting_series_create(fx->db, tu_manager(), fx->project, &s, NULL, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
}

static void test_carried_actions(void **state)
{
    Fx *fx = *state;
    /* m1 (styr, 2012-03-05) has x1 done and x2 open */
    series(fx, "styr", "2012-06-01, 2011-12-01");
    json_t *m = minutes_of(fx, "styr-2012-06-01");
    char *carried = json_dumps(tu_json_at(m, "meeting.carried_actions"), JSON_COMPACT);
    assert_string_equal(carried, "[{\"id\":\"x2\",\"text\":\"Boka lokal\",\"owner\":null,"
                                 "\"due\":null,\"meeting\":\"m1\",\"meeting_date\":"
                                 "\"2012-03-05\"}]");
    free(carried);
    json_decref(m);
    /* not to an earlier meeting, nor to the meeting's own minutes */
    m = minutes_of(fx, "styr-2011-12-01");
    assert_null(tu_json_at(m, "meeting.carried_actions"));
    json_decref(m);
    m = minutes_of(fx, "m1");
    assert_null(tu_json_at(m, "meeting.carried_actions"));
    json_decref(m);
    /* done: no longer carried */
    tu_exec(fx->db, "UPDATE action_item SET status = 'done' WHERE code = 'x2'");
    m = minutes_of(fx, "styr-2012-06-01");
    assert_null(tu_json_at(m, "meeting.carried_actions"));
    json_decref(m);
}

/* Saves a held meeting of styr with these attendees (JSON array text). */
static void held(Fx *fx, const char *code, const char *date, const char *attendees)
{
    char *text = xasprintf("{\"id\": \"%s\", \"title\": \"SG\", \"group\": \"styr\", \"date\": "
                           "\"%s\", \"status\": \"held\", \"attendees\": %s}", code, date,
                           attendees);
    json_error_t je;
    json_t *rec = json_loads(text, 0, &je);
    assert_non_null(rec);
    Errs errs;
    errs_init(&errs);
    int rc = record_save(fx->db, tu_manager(), fx->project, "meeting", rec, true, NULL, 0, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    json_decref(rec);
    free(text);
}

static json_t *attendance(Fx *fx)
{
    json_t *a = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = meeting_attendance(fx->db, tu_manager(), fx->project, "styr", &a, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    return a;
}

static void test_attendance_and_flag(void **state)
{
    Fx *fx = *state;
    /* m1: p2 present, p1 excused. Then p2 absent, not recorded, excused: three in a row */
    held(fx, "h2", "2012-09-01", "[{\"person\": \"p2\", \"status\": \"absent\"}]");
    held(fx, "h3", "2012-10-01", "[]");
    held(fx, "h4", "2012-11-01", "[{\"person\": \"p2\", \"status\": \"excused\"}, "
                                 "{\"person\": \"p1\", \"status\": \"present\"}]");
    json_t *a = attendance(fx);
    char *text = json_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(6));
    /* p1's membership ended 2013-12-31: not a current member, but in the years' figures */
    assert_string_equal(text,
        "{\"group\":{\"id\":\"styr\",\"name\":\"Styrgrupp\"},\"absence_limit\":3,"
        "\"meetings_held\":4,\"members\":[{\"person\":\"p2\",\"name\":\"Bertil Berg\","
        "\"organisation\":\"torsby\",\"organisation_name\":\"Torsby kommun\",\"meetings\":4,"
        "\"present\":1,\"excused\":1,\"absent\":2,\"rate\":25.0,\"absent_in_a_row\":3,"
        "\"flagged\":true}],\"organisations\":[{\"organisation\":\"torsby\",\"name\":"
        "\"Torsby kommun\",\"meetings\":4,\"present\":1,\"rate\":25.0,\"absent_in_a_row\":3,"
        "\"flagged\":true}],\"years\":[{\"year\":\"2012\",\"meetings\":4,\"expected\":8,"
        "\"present\":2,\"rate\":25.0}],\"flagged_members\":1,\"flagged_organisations\":1}");
    free(text);
    json_decref(a);

    /* the group's own limit: four in a row before the flag */
    MeetingSettings s = {.invite_days = 7, .absence_limit = 4};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_settings_set(fx->db, tu_manager(), fx->project, "styr", &s, &errs),
                     INSATS_OK);
    a = attendance(fx);
    assert_int_equal(json_integer_value(tu_json_at(a, "absence_limit")), 4);
    assert_false(json_is_true(tu_json_at(a, "members[0].flagged")));
    assert_int_equal(json_integer_value(tu_json_at(a, "flagged_members")), 0);
    json_decref(a);
    /* present again: the streak ends */
    held(fx, "h5", "2012-12-01", "[{\"person\": \"p2\", \"status\": \"present\"}]");
    a = attendance(fx);
    assert_int_equal(json_integer_value(tu_json_at(a, "members[0].absent_in_a_row")), 0);
    json_decref(a);

    /* settings out of range, and who may set them or read the attendance */
    MeetingSettings bad = {.invite_days = 61, .absence_limit = 0};
    assert_int_equal(meeting_settings_set(fx->db, tu_manager(), fx->project, "styr", &bad, &errs),
                     INSATS_EINPUT);
    Actor coord = actor_of(ROLE_COORDINATOR);
    assert_int_equal(meeting_settings_set(fx->db, &coord, fx->project, "styr", &s, &errs),
                     INSATS_EFORBIDDEN);
    Actor reader = actor_of(ROLE_READER);
    a = NULL;
    assert_int_equal(meeting_attendance(fx->db, &reader, fx->project, "styr", &a, &errs),
                     INSATS_EFORBIDDEN);
    assert_null(a);
    errs_free(&errs);
}

static size_t invite(Fx *fx, const char *meeting, const char *today, int want)
{
    size_t n = 99;
    Errs errs;
    errs_init(&errs);
    int rc = meeting_invitations_send(fx->db, tu_manager(), fx->project, meeting, today, &n,
                                      &errs);
    if (rc != want)
        errs_print(&errs, stderr);
    assert_int_equal(rc, want);
    errs_free(&errs);
    return n;
}

static void test_invitations(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "UPDATE person SET email = 'bertil@example.se' WHERE code = 'p2'");
    MeetingSeries s = {.group = "styr", .dates = "15 februari", .year = 2027, .start = "09:00",
                       .end = "12:00", .place = "Kungsängen, plan 5"};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_series_create(fx->db, tu_manager(), fx->project, &s, NULL, &errs),
                     INSATS_OK);
    errs_free(&errs);
    /* a week before (the default): not on the 7th, on the 8th ("Kallelsen skickas ut den 8
     * februari"), to the current members with an address — p2 — once */
    assert_int_equal(invite(fx, NULL, "2027-02-07", INSATS_OK), 0);
    assert_int_equal(invite(fx, NULL, "2027-02-08", INSATS_OK), 1);
    assert_int_equal(invite(fx, NULL, "2027-02-09", INSATS_OK), 0);
    assert_int_equal(tu_query_int(fx->db,
        "SELECT count(*) FROM outbox WHERE kind = 'meeting_invitation' AND address = "
        "'bertil@example.se' AND subject = 'Kallelse: Styrgrupp 2027-02-15' "
        "AND instr(body, 'Tid: 09.00–12.00') AND instr(body, 'Plats: Kungsängen, plan 5') "
        "AND attachment_name = 'mote.ics' AND instr(CAST(attachment AS TEXT), "
        "'DTSTART;TZID=Europe/Stockholm:20270215T090000')"), 1);
    /* the open action of m1 is in it */
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM outbox WHERE instr(body, "
                                          "'Öppna åtgärder från tidigare möten\n- Boka lokal')"),
                     1);
    /* one meeting by name, any day before it; not a held or cancelled one */
    series(fx, "styr", "2027-06-01");
    assert_int_equal(invite(fx, "styr-2027-06-01", "2027-01-01", INSATS_OK), 1);
    assert_int_equal(invite(fx, "m1", "2027-01-01", INSATS_EINPUT), 0);
    errs_init(&errs);
    assert_int_equal(meeting_cancel(fx->db, tu_manager(), fx->project, "styr-2027-06-01", "Nej",
                                    &errs), INSATS_OK);
    errs_free(&errs);
    assert_int_equal(invite(fx, "styr-2027-06-01", "2027-01-01", INSATS_EINPUT), 0);
    Actor coord = actor_of(ROLE_COORDINATOR);
    size_t n = 0;
    errs_init(&errs);
    assert_int_equal(meeting_invitations_send(fx->db, &coord, fx->project, NULL, "2027-02-08",
                                              &n, &errs), INSATS_EFORBIDDEN);
    errs_free(&errs);
}

/* An account whose e-mail address is a person's, so that it acts as that person's. */
static Actor account_of(Fx *fx, const char *login, Role role, const char *email)
{
    char *sql = xasprintf("INSERT INTO app_user (login, name, role, organisation_id, created, "
                          "email) VALUES ('%s', '%s', '%s', %s, 0, '%s')", login, login,
                          actor_role_name(role), role == ROLE_COORDINATOR ? "1" : "NULL",
                          email);
    tu_exec(fx->db, sql);
    free(sql);
    Actor a = actor_of(role);
    a.user_id = tu_query_int(fx->db, "SELECT max(id) FROM app_user");
    snprintf(a.login, sizeof a.login, "%s", login);
    snprintf(a.name, sizeof a.name, "%s", login);
    return a;
}

static int suggest(Fx *fx, const Actor *a, const char *meeting, const char *title,
                   const char *text, const char *today, char **msg)
{
    Errs errs;
    errs_init(&errs);
    int rc = meeting_suggest(fx->db, a, fx->project, meeting, title, text, today, NULL, &errs);
    if (msg)
        *msg = messages(&errs);
    errs_free(&errs);
    return rc;
}

static int64_t suggestion_id(Fx *fx, const char *title)
{
    char *sql = xasprintf("SELECT id FROM agenda_suggestion WHERE title = '%s'", title);
    int64_t id = tu_query_int(fx->db, sql);
    free(sql);
    return id;
}

/* Whether the invitation written last holds `part`. */
static bool invitation_has(Fx *fx, const char *part)
{
    char *sql = xasprintf("SELECT instr(body, '%s') > 0 FROM outbox WHERE kind = "
                          "'meeting_invitation' ORDER BY id DESC LIMIT 1", part);
    bool has = tu_query_int(fx->db, sql) == 1;
    free(sql);
    return has;
}

static void test_suggestions(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "UPDATE person SET email = 'bertil@example.se' WHERE code = 'p2'");
    series(fx, "styr", "2027-02-15");
    const char *m = "styr-2027-02-15";
    /* p2 is a member (from 2012 on), p1's membership ended in 2013, p3 is none */
    Actor bertil = account_of(fx, "bertil", ROLE_TRAINER, "Bertil@Example.se");
    Actor anna = account_of(fx, "anna", ROLE_COORDINATOR, "anna@example.se");
    Actor nobody = account_of(fx, "nobody", ROLE_READER, "nobody@example.se");
    char *msg = NULL;
    /* who may suggest: a member whatever the role, the organiser; not a former member or
     * someone outside the group, nor a coordinator for reading meetings */
    assert_int_equal(suggest(fx, &bertil, m, "Budget 2027", "Förslag till fördelning", "2027-02-01",
                             NULL), INSATS_OK);
    assert_int_equal(suggest(fx, tu_manager(), m, "Lägesrapport", NULL, "2027-02-01", NULL),
                     INSATS_OK);
    assert_int_equal(suggest(fx, &anna, m, "Anna", NULL, "2027-02-01", &msg), INSATS_EFORBIDDEN);
    assert_non_null(strstr(msg, "only the members of its group"));
    free(msg);
    assert_int_equal(suggest(fx, &nobody, m, "Nobody", NULL, "2027-02-01", NULL),
                     INSATS_EFORBIDDEN);
    /* two people with the account's address: it names no one */
    tu_exec(fx->db, "UPDATE person SET email = 'bertil@example.se' WHERE code = 'p3'");
    assert_int_equal(suggest(fx, &bertil, m, "Twice", NULL, "2027-02-01", NULL),
                     INSATS_EFORBIDDEN);
    tu_exec(fx->db, "UPDATE person SET email = NULL WHERE code = 'p3'");
    /* a title is required and one line; bad input changes nothing */
    assert_int_equal(suggest(fx, &bertil, m, "", NULL, "2027-02-01", &msg), INSATS_EINPUT);
    assert_non_null(strstr(msg, "title: is required"));
    free(msg);
    assert_int_equal(suggest(fx, &bertil, m, "a\nb", NULL, "2027-02-01", NULL), INSATS_EINPUT);
    /* after the meeting (past, held, cancelled) nobody may, not even the organiser */
    assert_int_equal(suggest(fx, &bertil, m, "Late", NULL, "2027-02-16", &msg),
                     INSATS_ECONFLICT);
    assert_non_null(strstr(msg, "before a meeting only"));
    free(msg);
    assert_int_equal(suggest(fx, tu_manager(), "m1", "Late", NULL, "2012-01-01", NULL),
                     INSATS_ECONFLICT);
    assert_int_equal(suggest(fx, tu_manager(), "nosuch", "X", NULL, "2012-01-01", NULL),
                     INSATS_EINPUT);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM agenda_suggestion"), 2);
    /* recorded in the audit trail under who suggested */
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM audit_log WHERE kind = "
                                          "'agenda_suggestion' AND action = 'insert'"), 2);

    /* the suggester sees their own only, the organiser all */
    json_t *s = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_suggestions(fx->db, &bertil, fx->project, m, "2027-02-01", &s,
                                         &errs), INSATS_OK);
    assert_int_equal(json_array_size(tu_json_at(s, "suggestions")), 1);
    assert_true(json_is_true(tu_json_at(s, "may_suggest")));
    assert_false(json_is_true(tu_json_at(s, "may_order")));
    json_decref(s);
    assert_int_equal(meeting_suggestions(fx->db, &nobody, fx->project, m, "2027-02-01", &s,
                                         &errs), INSATS_EINPUT);
    assert_int_equal(meeting_suggestions(fx->db, tu_manager(), fx->project, m, "2027-02-01", &s,
                                         &errs), INSATS_OK);
    assert_int_equal(json_array_size(tu_json_at(s, "suggestions")), 2);
    json_decref(s);

    /* only the organiser answers; a decline needs a reason, which the suggester sees */
    int64_t budget = suggestion_id(fx, "Budget 2027");
    int64_t report = suggestion_id(fx, "Lägesrapport");
    assert_int_equal(meeting_suggestion_accept(fx->db, &bertil, fx->project, m, budget,
                                               "2027-02-02", &errs), INSATS_EFORBIDDEN);
    assert_int_equal(meeting_suggestion_decline(fx->db, tu_manager(), fx->project, m, budget,
                                                "", "2027-02-02", &errs), INSATS_EINPUT);
    assert_string_equal(errs.fields[errs.count - 1], "reason");
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM agenda_suggestion WHERE "
                                          "status = 'open'"), 2);
    assert_int_equal(meeting_suggestion_decline(fx->db, tu_manager(), fx->project, m, budget,
                                                "Tas upp i maj", "2027-02-02", &errs),
                     INSATS_OK);
    assert_int_equal(meeting_suggestion_accept(fx->db, tu_manager(), fx->project, m, budget,
                                               "2027-02-02", &errs), INSATS_ECONFLICT);
    assert_int_equal(meeting_suggestions(fx->db, &bertil, fx->project, m, "2027-02-03", &s,
                                         &errs), INSATS_OK);
    assert_string_equal(json_string_value(tu_json_at(s, "suggestions[0].status")), "declined");
    assert_string_equal(json_string_value(tu_json_at(s, "suggestions[0].reason")),
                        "Tas upp i maj");
    json_decref(s);
    assert_int_equal(meeting_suggestion_accept(fx->db, tu_manager(), fx->project, m, report,
                                               "2027-02-02", &errs), INSATS_OK);
    errs_free(&errs);
    errs_init(&errs);
    /* accepted: the agenda's last point, with the suggestion's text as its notes */
    assert_int_equal(suggest(fx, &bertil, m, "Övriga frågor", "Om tid finns", "2027-02-03",
                             NULL), INSATS_OK);
    assert_int_equal(meeting_suggestion_accept(fx->db, tu_manager(), fx->project, m,
                                               suggestion_id(fx, "Övriga frågor"), "2027-02-03",
                                               &errs), INSATS_OK);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM agenda_item WHERE notes = "
                                          "'Om tid finns' AND position = 1"), 1);

    /* the order changes the invitation's text: accepted in one order, sent in the other */
    json_t *before = NULL;
    assert_int_equal(meeting_suggestions(fx->db, tu_manager(), fx->project, m, "2027-02-03",
                                         &before, &errs), INSATS_OK);
    assert_string_equal(json_string_value(tu_json_at(before, "agenda[0].title")),
                        "Lägesrapport");
    json_decref(before);
    assert_int_equal(meeting_agenda_move(fx->db, &bertil, fx->project, m, 2, 1, &errs),
                     INSATS_EFORBIDDEN);
    assert_int_equal(meeting_agenda_move(fx->db, tu_manager(), fx->project, m, 3, 1, &errs),
                     INSATS_EINPUT);
    assert_int_equal(meeting_agenda_move(fx->db, tu_manager(), fx->project, m, 2, 1, &errs),
                     INSATS_OK);
    assert_int_equal(invite(fx, m, "2027-02-04", INSATS_OK), 1);
    assert_true(invitation_has(fx, "Dagordning\n1. Övriga frågor\n2. Lägesrapport\n"));
    /* and the minutes number them so */
    json_t *min = minutes_of(fx, m);
    assert_string_equal(json_string_value(tu_json_at(min, "meeting.agenda[0].title")),
                        "Övriga frågor");
    json_decref(min);
    errs_free(&errs);
}

static size_t sweep(Fx *fx, const char *today)
{
    RemindersRun rr;
    Errs errs;
    errs_init(&errs);
    int rc = reminders_run(fx->db, today, NULL, &rr, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    return rr.invitation;
}

static int64_t outbox_count(Fx *fx, const char *where)
{
    char *sql = xasprintf("SELECT count(*) FROM outbox WHERE %s", where);
    int64_t n = tu_query_int(fx->db, sql);
    free(sql);
    return n;
}

/* The invitation goes out by itself with the reminders' sweep on its day, once; a meeting
 * moved afterwards gets an updated invitation with a higher SEQUENCE, even outside the days
 * before; a cancelled one a cancellation to the same invitees, in the cancel's own
 * transaction. */
static void test_invitation_sweep(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "UPDATE person SET email = 'bertil@example.se' WHERE code = 'p2'");
    MeetingSeries s = {.group = "styr", .dates = "15 februari och 3 maj", .year = 2027,
                       .start = "09:00", .end = "12:00", .place = "Kungsängen"};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_series_create(fx->db, tu_manager(), fx->project, &s, NULL, &errs),
                     INSATS_OK);
    assert_int_equal(sweep(fx, "2027-02-07"), 0);
    assert_int_equal(sweep(fx, "2027-02-08"), 1);
    assert_int_equal(sweep(fx, "2027-02-08"), 0);
    assert_int_equal(outbox_count(fx, "subject = 'Kallelse: Styrgrupp 2027-02-15' AND "
                                      "instr(CAST(attachment AS TEXT), 'SEQUENCE:0')"), 1);
    /* the CLI's invite writes nothing more: the same function, the same record */
    assert_int_equal(invite(fx, NULL, "2027-02-08", INSATS_OK), 0);

    /* moved: an updated invitation, once, with the event's new SEQUENCE */
    tu_exec(fx->db, "UPDATE meeting SET start_time = '10:00' WHERE code = 'styr-2027-02-15'");
    assert_int_equal(sweep(fx, "2027-02-09"), 1);
    assert_int_equal(sweep(fx, "2027-02-09"), 0);
    assert_int_equal(outbox_count(fx, "subject = 'Ändrad kallelse: Styrgrupp 2027-02-15' AND "
                                      "instr(body, 'Tid: 10.00–12.00') AND "
                                      "instr(CAST(attachment AS TEXT), 'SEQUENCE:1')"), 1);
    /* moved beyond the days before: told at once all the same */
    tu_exec(fx->db, "UPDATE meeting SET meeting_date = '2027-03-30' WHERE code = "
                    "'styr-2027-02-15'");
    assert_int_equal(sweep(fx, "2027-02-10"), 1);
    assert_int_equal(outbox_count(fx, "subject = 'Ändrad kallelse: Styrgrupp 2027-03-30' AND "
                                      "instr(CAST(attachment AS TEXT), 'SEQUENCE:2')"), 1);

    /* cancelled: the invitees are told, with the reason and STATUS:CANCELLED */
    assert_int_equal(meeting_cancel(fx->db, tu_manager(), fx->project, "styr-2027-02-15",
                                    "För få anmälda", &errs), INSATS_OK);
    assert_int_equal(outbox_count(fx, "subject = 'Inställt: Styrgrupp 2027-03-30' AND "
                                      "address = 'bertil@example.se' AND "
                                      "instr(body, 'Skäl: För få anmälda') AND "
                                      "instr(CAST(attachment AS TEXT), 'STATUS:CANCELLED')"), 1);
    assert_int_equal(sweep(fx, "2027-02-11"), 0);
    /* a meeting never invited to: no message when it is cancelled */
    int64_t before = outbox_count(fx, "1");
    assert_int_equal(meeting_cancel(fx->db, tu_manager(), fx->project, "styr-2027-05-03",
                                    "Krockar", &errs), INSATS_OK);
    assert_int_equal(outbox_count(fx, "1"), before);
    errs_free(&errs);
}

/* "Åtgärder att göra": the open actions whose owner is the account's person, due within a
 * week or overdue, the oldest due first, each naming its meeting. */
static void test_todo_actions(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "UPDATE person SET email = 'bertil@example.se' WHERE code = 'p2'");
    Actor bertil = account_of(fx, "bertil", ROLE_TRAINER, "bertil@example.se");
    Actor anna = account_of(fx, "anna", ROLE_COORDINATOR, "anna@example.se");
    tu_exec(fx->db,
        "INSERT INTO action_item (meeting_id, code, text, owner_person_id, due, status)"
        " SELECT m.id, v.code, v.text, p.id, v.due, v.status FROM meeting m, person p,"
        " (SELECT 'a1' AS code, 'Inom veckan' AS text, '2027-02-17' AS due, 'open' AS status"
        "  UNION ALL SELECT 'a2', 'Försenad', '2027-01-20', 'open'"
        "  UNION ALL SELECT 'a3', 'Om två veckor', '2027-02-25', 'open'"
        "  UNION ALL SELECT 'a4', 'Klar', '2027-02-11', 'done'"
        "  UNION ALL SELECT 'a5', 'Sista dagen', '2027-02-18', 'open') v"
        " WHERE m.code = 'm1' AND p.code = 'p2'");
    tu_exec(fx->db, "INSERT INTO action_item (meeting_id, code, text, owner_person_id, due)"
                    " SELECT m.id, 'a6', 'Annas', p.id, '2027-02-12' FROM meeting m, person p"
                    " WHERE m.code = 'm1' AND p.code = 'p1'");
    json_t *items = NULL;
    int64_t total = 0;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(todo_list(fx->db, &bertil, fx->project, "2027-02-11", 50, &items, &total,
                               &errs), INSATS_OK);
    Buf got = {0};
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        if (strcmp(json_string_value(json_object_get(it, "kind")), "action_due") == 0)
            buf_printf(&got, "%s|%s|%s|%s;", json_string_value(json_object_get(it, "title")),
                       json_string_value(json_object_get(it, "ref_kind")),
                       json_string_value(json_object_get(it, "ref")),
                       json_string_value(json_object_get(it, "date")));
    assert_string_equal(got.data, "Försenad|meeting|m1|2027-01-20;"
                                  "Inom veckan|meeting|m1|2027-02-17;"
                                  "Sista dagen|meeting|m1|2027-02-18;");
    buf_free(&got);
    json_decref(items);
    /* the command line has no account, so no person: nothing */
    assert_int_equal(todo_list(fx->db, tu_manager(), fx->project, "2027-02-11", 50, &items,
                               &total, &errs), INSATS_OK);
    json_array_foreach(items, i, it)
        assert_string_not_equal(json_string_value(json_object_get(it, "kind")), "action_due");
    json_decref(items);
    /* another person's account sees their own */
    assert_int_equal(todo_list(fx->db, &anna, fx->project, "2027-02-11", 50, &items, &total,
                               &errs), INSATS_OK);
    bool annas = false;
    json_array_foreach(items, i, it)
        annas |= strcmp(json_string_value(json_object_get(it, "title")), "Annas") == 0;
    assert_true(annas);
    json_decref(items);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_series_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_carried_actions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance_and_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invitations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggestions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invitation_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_todo_actions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
