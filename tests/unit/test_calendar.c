/* test_calendar.c — the iCalendar of meetings (calendar.c): parsed back with libical without
 * an error, and checked by RFC 5545's rules as text (CRLF lines of at most 75 octets, folded
 * without splitting a character; , ; \ and line breaks escaped); UIDs that stay while a
 * meeting changes, SEQUENCE that grows with each change of what a calendar shows and only
 * then, STATUS:CANCELLED; the secret addresses (right, wrong, malformed, revoked token, a
 * disabled account) and who may read and make them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db.h"
#include "meeting.h"
#include "record.h"
#include "testutil.h"
#include "util.h"

typedef TuDb Fx;

/* A place and a title with every character TEXT escapes, and long enough to be folded in the
 * middle of Swedish letters. */
#define PLACE "Regionkontoret, Storgatan 27; plan 5 \\ rum Kungsängen"
#define TITLE "Strategiska utvecklingsgruppens möte – år 2019, med återkoppling på närvaron åäö ÅÄÖ"

static int setup(void **state)
{
    Fx *fx = tu_db_new("calendar");
    *state = fx;
    if (!fx)
        return -1;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    fx->project = tu_project_id(fx->db, "kompetens-vrmland");
    MeetingSeries s = {.group = "styr", .dates = "15 februari, 3 maj och 6 november",
                       .year = 2019, .start = "09:00", .end = "12:00", .place = PLACE,
                       .title = TITLE};
    Errs errs;
    errs_init(&errs);
    int rc = meeting_series_create(fx->db, tu_manager(), fx->project, &s, NULL, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    return rc == INSATS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static Actor actor_of(Role role, int64_t user_id)
{
    Actor a = {0};
    a.user_id = user_id;
    snprintf(a.login, sizeof a.login, "%s", actor_role_name(role));
    a.role = role;
    a.organisation_id = role == ROLE_COORDINATOR ? 1 : 0;
    return a;
}

static char *feed(Fx *fx, const char *group)
{
    char *ics = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = calendar_feed(fx->db, tu_manager(), fx->project, group, &ics, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    assert_non_null(ics);
    return ics;
}

/* The VEVENT with this DTSTART date (YYYYMMDD) in a parsed calendar; NULL when none. */
static icalcomponent *event_on(icalcomponent *cal, const char *ymd)
{
    for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        struct icaltimetype t = icalcomponent_get_dtstart(e);
        char s[16];
        snprintf(s, sizeof s, "%04d%02d%02d", t.year, t.month, t.day);
        if (strcmp(s, ymd) == 0)
            return e;
    }
    return NULL;
}

static icalcomponent *parse(const char *ics)
{
    icalcomponent *cal = icalparser_parse_string(ics);
    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    assert_int_equal(icalcomponent_count_errors(cal), 0);
    return cal;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t len = s[i] < 0x80 ? 1 : (s[i] & 0xE0) == 0xC0 ? 2 : (s[i] & 0xF0) == 0xE0 ? 3
                                   : (s[i] & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || i + len > n)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += len;
    }
    return true;
}

static void test_parsed_back(void **state)
{
    Fx *fx = *state;
    char *ics = feed(fx, "styr");
    icalcomponent *cal = parse(ics);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 4);
    icalcomponent *e = event_on(cal, "20190215");
    assert_non_null(e);
    assert_string_equal(icalcomponent_get_summary(e), TITLE);
    assert_string_equal(icalcomponent_get_location(e), PLACE);
    assert_int_equal(icalcomponent_get_status(e), ICAL_STATUS_CONFIRMED);
    assert_int_equal(icalcomponent_get_sequence(e), 0);
    struct icaltimetype start = icalcomponent_get_dtstart(e), end = icalcomponent_get_dtend(e);
    assert_int_equal(start.hour, 9);
    assert_int_equal(end.hour, 12);
    assert_false(start.is_date);
    /* Swedish local time, with the zone's definition in the calendar */
    assert_non_null(strstr(ics, "DTSTART;TZID=Europe/Stockholm:20190215T090000\r\n"));
    assert_non_null(icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT));
    /* m1 of the fixture (2012-03-05) is the group's too, with its agenda in the text */
    icalcomponent *m1 = event_on(cal, "20120305");
    assert_non_null(m1);
    assert_non_null(strstr(icalcomponent_get_description(m1),
                           "Dagordning:\n1. Föregående protokoll\n2. Lägesrapport"));
    /* no names of people: the presenter of m1's agenda is not in it */
    assert_null(strstr(ics, "Bertil"));
    icalcomponent_free(cal);
    free(ics);
}

static void test_rfc5545_text(void **state)
{
    Fx *fx = *state;
    char *ics = feed(fx, "styr");
    size_t folded = 0;
    const char *p = ics;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);   /* every line ends in CRLF */
        size_t len = (size_t)(eol - p);
        if (len > 75)
            fprintf(stderr, "line of %zu octets: %.*s\n", len, (int)len, p);
        assert_true(len <= 75);
        assert_null(memchr(p, '\n', len));   /* no bare LF inside */
        assert_true(utf8_valid((const unsigned char *)p, len));
        folded += *p == ' ';
        p = eol + 2;
    }
    assert_true(folded > 0);
    /* , ; \ escaped in TEXT, a line break as \n */
    assert_non_null(strstr(ics, "Regionkontoret\\, Storgatan 27\\; plan 5 \\\\ rum"));
    assert_non_null(strstr(ics, "Dagordning:\\n1. F"));
    free(ics);
}

static int64_t sequence_of(Fx *fx, const char *ymd, char *uid, size_t cap, int *status)
{
    char *ics = feed(fx, "styr");
    icalcomponent *cal = parse(ics);
    icalcomponent *e = event_on(cal, ymd);
    assert_non_null(e);
    snprintf(uid, cap, "%s", icalcomponent_get_uid(e));
    int seq = icalcomponent_get_sequence(e);
    *status = icalcomponent_get_status(e);
    icalcomponent_free(cal);
    free(ics);
    return seq;
}

static void save_meeting(Fx *fx, const char *json)
{
    json_error_t je;
    json_t *m = json_loads(json, 0, &je);
    assert_non_null(m);
    Errs errs;
    errs_init(&errs);
    int rc = record_save(fx->db, tu_manager(), fx->project, "meeting", m, false, NULL, 0, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    json_decref(m);
}

static void test_uid_and_sequence(void **state)
{
    Fx *fx = *state;
    char uid0[128], uid[128];
    int status = 0;
    assert_int_equal(sequence_of(fx, "20190503", uid0, sizeof uid0, &status), 0);
    assert_non_null(strstr(uid0, "@insats"));
    /* another meeting has another UID */
    char other[128];
    sequence_of(fx, "20190215", other, sizeof other, &status);
    assert_string_not_equal(other, uid0);
    /* saved again unchanged: nothing for a calendar to update */
    const char *same = "{\"id\": \"styr-2019-05-03\", \"title\": \"" TITLE "\", \"group\": "
                       "\"styr\", \"date\": \"2019-05-03\", \"start\": \"09:00\", \"end\": "
                       "\"12:00\", \"place\": \"Regionkontoret, Storgatan 27; plan 5 \\\\ rum "
                       "Kungsängen\", \"status\": \"planned\"}";
    save_meeting(fx, same);
    assert_int_equal(sequence_of(fx, "20190503", uid, sizeof uid, &status), 0);
    /* a new time: SEQUENCE 1, the same UID */
    save_meeting(fx, "{\"id\": \"styr-2019-05-03\", \"title\": \"SG\", \"group\": \"styr\", "
                     "\"date\": \"2019-05-03\", \"start\": \"10:00\", \"end\": \"12:00\", "
                     "\"status\": \"planned\"}");
    assert_int_equal(sequence_of(fx, "20190503", uid, sizeof uid, &status), 1);
    assert_string_equal(uid, uid0);
    /* cancelled: SEQUENCE 2, STATUS:CANCELLED, the reason in the text */
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_cancel(fx->db, tu_manager(), fx->project, "styr-2019-05-03",
                                    "För få anmälda", &errs), INSATS_OK);
    errs_free(&errs);
    assert_int_equal(sequence_of(fx, "20190503", uid, sizeof uid, &status), 2);
    assert_string_equal(uid, uid0);
    assert_int_equal(status, ICAL_STATUS_CANCELLED);
    char *ics = feed(fx, "styr");
    assert_non_null(strstr(ics, "STATUS:CANCELLED\r\n"));
    assert_non_null(strstr(ics, "Mötet är inställt: För få anmälda"));
    free(ics);
}

static void test_whole_day_and_meeting(void **state)
{
    Fx *fx = *state;
    MeetingSeries s = {.group = "amb", .dates = "2020-01-10"};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(meeting_series_create(fx->db, tu_manager(), fx->project, &s, NULL, &errs),
                     INSATS_OK);
    char *ics = NULL;
    assert_int_equal(calendar_meeting(fx->db, tu_manager(), fx->project, "amb-2020-01-10", &ics,
                                      &errs), INSATS_OK);
    icalcomponent *cal = parse(ics);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
    icalcomponent *e = event_on(cal, "20200110");
    assert_true(icalcomponent_get_dtstart(e).is_date);
    assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20200110\r\n"));
    assert_non_null(strstr(ics, "DTEND;VALUE=DATE:20200111\r\n"));
    icalcomponent_free(cal);
    free(ics);
    assert_int_equal(calendar_meeting(fx->db, tu_manager(), fx->project, "nope", &ics, &errs),
                     INSATS_EINPUT);
    assert_null(ics);
    assert_int_equal(calendar_feed(fx->db, tu_manager(), fx->project, "nope", &ics, &errs),
                     INSATS_EINPUT);
    errs_free(&errs);
    /* the manager's own feed: every meeting of the project */
    ics = feed(fx, NULL);
    cal = parse(ics);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT),
                     tu_query_int(fx->db, "SELECT count(*) FROM meeting"));
    icalcomponent_free(cal);
    free(ics);
}

static void test_roles(void **state)
{
    Fx *fx = *state;
    for (Role r = 0; r < ROLE_COUNT; r++) {
        Actor a = actor_of(r, 0);
        char *ics = NULL;
        Errs errs;
        errs_init(&errs);
        int rc = calendar_feed(fx->db, &a, fx->project, "styr", &ics, &errs);
        /* the readers of meetings (BROWSE_READ_MEETINGS) */
        bool reads = r == ROLE_MANAGER || r == ROLE_COORDINATOR;
        if (reads != (rc == INSATS_OK))
            fprintf(stderr, "role %s: rc %d\n", actor_role_name(r), rc);
        assert_int_equal(rc, reads ? INSATS_OK : INSATS_EFORBIDDEN);
        free(ics);
        errs_free(&errs);
    }
}

static int64_t add_user(Fx *fx, const char *login, const char *role)
{
    char *sql = xasprintf("INSERT INTO app_user (login, name, role, organisation_id, created) "
                          "VALUES ('%s', 'Namn', '%s', %s, 1)", login, role,
                          strcmp(role, "coordinator") == 0 ? "1" : "NULL");
    tu_exec(fx->db, sql);
    free(sql);
    sql = xasprintf("SELECT id FROM app_user WHERE login = '%s'", login);
    int64_t id = tu_query_int(fx->db, sql);
    free(sql);
    return id;
}

static int by_token(Fx *fx, const char *token, char **ics)
{
    Errs errs;
    errs_init(&errs);
    int rc = calendar_link_feed(fx->db, token, ics, &errs);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    return rc;
}

static void test_secret_links(void **state)
{
    Fx *fx = *state;
    Actor kim = actor_of(ROLE_MANAGER, add_user(fx, "kim", "manager"));
    char token[CALENDAR_TOKEN_LEN + 1];
    Errs errs;
    errs_init(&errs);
    assert_int_equal(calendar_link_create(fx->db, &kim, fx->project, "styr", token, 1000, &errs),
                     INSATS_OK);
    assert_int_equal(strlen(token), CALENDAR_TOKEN_LEN);
    /* only the hash is kept */
    char *sql = xasprintf("SELECT count(*) FROM calendar_feed WHERE token_hash = '%s' OR "
                          "hex(token_hash) LIKE '%%%.16s%%'", token, token);
    assert_int_equal(tu_query_int(fx->db, sql), 0);
    free(sql);
    char *ics = NULL, *want = feed(fx, "styr");
    assert_int_equal(by_token(fx, token, &ics), INSATS_OK);
    assert_string_equal(ics, want);
    free(ics);
    free(want);
    /* wrong, malformed, empty: unknown alike */
    char wrong[CALENDAR_TOKEN_LEN + 1];
    memcpy(wrong, token, sizeof wrong);
    wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
    const char *bad[] = {wrong, "", "abc", "../../etc/passwd", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ics = (char *)1;
        assert_int_equal(by_token(fx, bad[i], &ics), INSATS_EINPUT);
        assert_null(ics);
    }
    /* the list, then revoked */
    CalendarLink *links = NULL;
    size_t n = 0;
    assert_int_equal(calendar_link_list(fx->db, &kim, fx->project, &links, &n, &errs), INSATS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(links[0].group, "styr");
    assert_string_equal(links[0].group_name, "Styrgrupp");
    Actor other = actor_of(ROLE_MANAGER, add_user(fx, "ola", "manager"));
    assert_int_equal(calendar_link_revoke(fx->db, &other, links[0].id, 1001, &errs),
                     INSATS_EINPUT);   /* not someone else's */
    assert_int_equal(by_token(fx, token, &ics), INSATS_OK);
    free(ics);
    assert_int_equal(calendar_link_revoke(fx->db, &kim, links[0].id, 1002, &errs), INSATS_OK);
    assert_int_equal(by_token(fx, token, &ics), INSATS_EINPUT);
    free(links);

    /* the own feed of a disabled account answers as unknown */
    assert_int_equal(calendar_link_create(fx->db, &kim, fx->project, NULL, token, 1003, &errs),
                     INSATS_OK);
    assert_int_equal(by_token(fx, token, &ics), INSATS_OK);
    free(ics);
    tu_exec(fx->db, "UPDATE app_user SET disabled = 1 WHERE login = 'kim'");
    assert_int_equal(by_token(fx, token, &ics), INSATS_EINPUT);
    /* an account whose role reads no meetings makes none; the command line has no account */
    Actor reader = actor_of(ROLE_READER, add_user(fx, "rut", "reader"));
    assert_int_equal(calendar_link_create(fx->db, &reader, fx->project, NULL, token, 1004, &errs),
                     INSATS_EFORBIDDEN);
    assert_int_equal(calendar_link_create(fx->db, tu_manager(), fx->project, NULL, token, 1004,
                                          &errs), INSATS_EFORBIDDEN);
    assert_int_equal(calendar_link_create(fx->db, &other, fx->project, "nope", token, 1004, &errs),
                     INSATS_EINPUT);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_parsed_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rfc5545_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uid_and_sequence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_day_and_meeting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secret_links, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
