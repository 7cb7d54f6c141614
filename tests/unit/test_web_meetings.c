/* test_web_meetings.c — the meeting workflow's pages: a series from the form (and a wrong list
 * of dates shown back with the word and the reason, nothing created), a meeting cancelled
 * with its reason, the calendar's secret addresses (made, shown once, read without a login,
 * a wrong token 404 as slow as a right one, revoked) and who may use each page. */
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
#include "db.h"
#include "meeting.h"
#include "testutil.h"
#include "webtest.h"

static int64_t count(const char *sql)
{
    Db *db = wt_db(wt_srv);
    int64_t n = tu_query_int(db, sql);
    db_close(db);
    return n;
}

static void test_series_form(void **state)
{
    (void)state;
    wt_user(wt_srv, "mona", ROLE_MANAGER);
    WtClient *c = wt_client(wt_srv);
    wt_login(c, "mona");
    WtResp r = wt_get(c, "/meeting-series");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);

    int64_t before = count("SELECT count(*) FROM meeting");
    const char *bad[] = {"group", "styr", "dates", "15 febuari och 30 april", "year", "2019",
                         "start", "09:00", "end", "12:00", NULL};
    r = wt_post(c, "/meeting-series", bad);
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "menade du &quot;februari&quot;?"));
    assert_true(wt_body_has(&r, "15 febuari och 30 april"));   /* the input kept */
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM meeting"), before);

    const char *good[] = {"group", "styr", "dates", "15 februari, 3 maj, 25 september och "
                          "6 november", "year", "2019", "start", "09:00", "end", "12:00",
                          "place", "Regionkontoret", NULL};
    r = wt_post(c, "/meeting-series", good);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM meeting WHERE code LIKE 'styr-2019-%' AND "
                           "place = 'Regionkontoret' AND start_time = '09:00'"), 4);

    /* cancel one from its page */
    r = wt_get(c, "/meetings/styr-2019-05-03");
    assert_true(wt_body_has(&r, "/meetings/styr-2019-05-03/cancel"));
    wt_resp_free(&r);
    r = wt_get(c, "/meetings/styr-2019-05-03/cancel");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    const char *none[] = {"reason", "", NULL};
    r = wt_post(c, "/meetings/styr-2019-05-03/cancel", none);
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "reason: måste anges"));
    wt_resp_free(&r);
    const char *why[] = {"reason", "För få anmälda", NULL};
    r = wt_post(c, "/meetings/styr-2019-05-03/cancel", why);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM meeting WHERE code = 'styr-2019-05-03' AND "
                           "status = 'cancelled' AND cancel_reason = 'För få anmälda'"), 1);
    /* a held meeting cannot be */
    r = wt_post(c, "/meetings/m1/cancel", why);
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "är redan held"));
    wt_resp_free(&r);
    wt_client_free(c);
}

/* The token in the page's "/calendar/<64 hex>.ics", copied into out. */
static bool token_of(const WtResp *r, char out[65])
{
    const char *s = strstr(r->body.data ? r->body.data : "", "/calendar/");
    while (s) {
        s += strlen("/calendar/");
        size_t n = strspn(s, "0123456789abcdef");
        if (n == 64 && strncmp(s + 64, ".ics", 4) == 0) {
            memcpy(out, s, 64);
            out[64] = '\0';
            return true;
        }
        s = strstr(s, "/calendar/");
    }
    return false;
}

static void test_calendar_links(void **state)
{
    (void)state;
    wt_user(wt_srv, "cora", ROLE_COORDINATOR);
    WtClient *c = wt_client(wt_srv);
    wt_login(c, "cora");
    WtResp r = wt_get(c, "/calendar-links");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    const char *fields[] = {"group", "styr", NULL};
    r = wt_post(c, "/calendar-links", fields);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    char token[65];
    assert_true(token_of(&r, token));
    wt_resp_free(&r);
    /* shown once: the list page no longer holds it */
    r = wt_get(c, "/calendar-links");
    char again[65];
    assert_false(token_of(&r, again));
    assert_true(wt_body_has(&r, "Styrgrupp"));
    wt_resp_free(&r);

    /* read without a login */
    WtClient *anon = wt_client(wt_srv);
    char path[128];
    snprintf(path, sizeof path, "/calendar/%s.ics", token);
    WtResp ok = wt_get(anon, path);
    assert_int_equal(ok.status, 200);
    char type[128];
    assert_true(wt_header(&ok, "Content-Type", type, sizeof type));
    assert_non_null(strstr(type, "text/calendar"));
    assert_true(wt_body_has(&ok, "BEGIN:VCALENDAR\r\n"));
    assert_true(wt_body_has(&ok, "SUMMARY:Styrgruppsmöte 1\r\n"));
    /* a wrong token: 404, and no quicker than the right one's floor */
    char wrong[128];
    snprintf(wrong, sizeof wrong, "/calendar/%s.ics", token);
    wrong[20] = wrong[20] == '0' ? '1' : '0';
    WtResp no = wt_get(anon, wrong);
    assert_int_equal(no.status, 404);
    assert_false(wt_body_has(&no, "VCALENDAR"));
    assert_true(no.seconds >= 0.045);
    assert_true(ok.seconds >= 0.045);
    wt_resp_free(&no);
    wt_resp_free(&ok);
    no = wt_get(anon, "/calendar/nothing");
    assert_int_equal(no.status, 404);
    wt_resp_free(&no);

    /* revoked: 404 from then on */
    int64_t id = count("SELECT max(id) FROM calendar_feed");
    char revoke[64];
    snprintf(revoke, sizeof revoke, "/calendar-links/%lld/revoke", (long long)id);
    r = wt_get(c, "/calendar-links");   /* for the form's CSRF token */
    wt_resp_free(&r);
    r = wt_post(c, revoke, NULL);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    no = wt_get(anon, path);
    assert_int_equal(no.status, 404);
    wt_resp_free(&no);
    /* the revocation is in the audit trail */
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE kind = 'calendar_feed' AND "
                           "action = 'update'"), 1);
    wt_client_free(anon);
    wt_client_free(c);
}

static void test_roles(void **state)
{
    (void)state;
    /* a coordinator reads meetings but plans and cancels none; a reader reaches no page */
    wt_user(wt_srv, "cleo", ROLE_COORDINATOR);
    wt_user(wt_srv, "rune", ROLE_READER);
    WtClient *c = wt_client(wt_srv);
    wt_login(c, "cleo");
    WtResp r = wt_get(c, "/meeting-series");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_get(c, "/meetings/m1/cancel");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(c);
    c = wt_client(wt_srv);
    wt_login(c, "rune");
    r = wt_get(c, "/calendar-links");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(c);
}

/* Agenda suggestions in the browser and the API: a member suggests (whatever the role), an
 * account outside the group may not; the organiser sees them on the meeting's page, declines
 * one (the reason required, then shown to the suggester), accepts another into the agenda and
 * orders the agenda with the buttons. */
static void test_suggestions(void **state)
{
    (void)state;
    Db *db = wt_db(wt_srv);
    MeetingSeries ms = {.group = "styr", .dates = "2099-02-15"};
    Errs errs;
    errs_init(&errs);
    int64_t project = tu_query_int(db, "SELECT id FROM project");
    assert_int_equal(meeting_series_create(db, tu_manager(), project, &ms, NULL, &errs),
                     INSATS_OK);
    int64_t tove = wt_user(wt_srv, "tove", ROLE_TRAINER);
    wt_user(wt_srv, "rolf", ROLE_READER);
    wt_user(wt_srv, "maja", ROLE_MANAGER);
    tu_exec(db, "UPDATE person SET email = 'bertil@example.se' WHERE code = 'p2'");
    tu_exec(db, "UPDATE app_user SET email = 'bertil@example.se' WHERE login = 'tove'");
    char token[ACCOUNT_TOKEN_SIZE];
    assert_int_equal(account_token_create(db, tove, "test", time(NULL), token, NULL, &errs),
                     INSATS_OK);
    errs_free(&errs);
    db_close(db);
    const char *m = "/meetings/styr-2099-02-15";

    WtClient *c = wt_client(wt_srv);
    wt_login(c, "tove");
    WtResp r = wt_get(c, "/agenda-suggestions");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "/meetings/styr-2099-02-15/suggest"));
    wt_resp_free(&r);
    r = wt_get(c, "/meetings/styr-2099-02-15/suggest");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    const char *none[] = {"title", "", NULL};
    r = wt_post(c, "/meetings/styr-2099-02-15/suggest", none);
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "title: måste anges"));
    wt_resp_free(&r);
    const char *one[] = {"title", "Budget 2099", "text", "Fördelningen", NULL};
    r = wt_post(c, "/meetings/styr-2099-02-15/suggest", one);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    /* a trainer reads no meetings: their own suggestion page is all they see */
    r = wt_get(c, m);
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(c);

    /* through the API too */
    WtClient *api = wt_client(wt_srv);
    char auth[ACCOUNT_TOKEN_SIZE + 32];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    const char *const headers[] = {"Content-Type: application/json", auth, NULL};
    const char *body = "{\"title\": \"Lokalfrågan\"}";
    r = wt_request(api, "POST", "/api/v1/meetings/styr-2099-02-15/suggestions", body,
                   strlen(body), headers);
    assert_int_equal(r.status, 201);
    assert_true(wt_body_has(&r, "\"Lokalfrågan\""));
    wt_resp_free(&r);
    r = wt_request(api, "POST", "/api/v1/meetings/m1/suggestions", body, strlen(body), headers);
    assert_int_equal(r.status, 409);   /* held already */
    wt_resp_free(&r);
    wt_client_free(api);

    /* outside the group: refused */
    c = wt_client(wt_srv);
    wt_login(c, "rolf");
    r = wt_get(c, "/agenda-suggestions");
    assert_int_equal(r.status, 200);
    assert_false(wt_body_has(&r, "styr-2099-02-15"));
    wt_resp_free(&r);
    r = wt_post(c, "/meetings/styr-2099-02-15/suggest", one);
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(c);
    assert_int_equal(count("SELECT count(*) FROM agenda_suggestion"), 2);

    /* the organiser */
    c = wt_client(wt_srv);
    wt_login(c, "maja");
    r = wt_get(c, m);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Budget 2099"));
    assert_true(wt_body_has(&r, "/suggestions/"));
    wt_resp_free(&r);
    int64_t budget = count("SELECT id FROM agenda_suggestion WHERE title = 'Budget 2099'");
    int64_t room = count("SELECT id FROM agenda_suggestion WHERE title = 'Lokalfrågan'");
    char path[128];
    snprintf(path, sizeof path, "%s/suggestions/%lld/decline", m, (long long)budget);
    r = wt_get(c, path);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    const char *no_reason[] = {"reason", "", NULL};
    r = wt_post(c, path, no_reason);
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "reason: måste anges"));
    wt_resp_free(&r);
    const char *reason[] = {"reason", "Tas upp i maj", NULL};
    r = wt_post(c, path, reason);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = wt_get(c, m);   /* for the form's CSRF token */
    wt_resp_free(&r);
    snprintf(path, sizeof path, "%s/suggestions/%lld/accept", m, (long long)room);
    r = wt_post(c, path, NULL);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    db = wt_db(wt_srv);
    tu_exec(db, "INSERT INTO agenda_item (meeting_id, position, title) SELECT id, 5, 'Avslutning'"
                " FROM meeting WHERE code = 'styr-2099-02-15'");
    db_close(db);
    r = wt_get(c, m);
    assert_true(wt_body_has(&r, "Flytta ned"));
    wt_resp_free(&r);
    snprintf(path, sizeof path, "%s/agenda-order", m);
    const char *move[] = {"from", "2", "to", "1", NULL};
    r = wt_post(c, path, move);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM agenda_item a JOIN meeting m ON m.id = "
                           "a.meeting_id WHERE m.code = 'styr-2099-02-15' AND a.title = "
                           "'Avslutning' AND a.position = (SELECT min(position) FROM agenda_item"
                           " WHERE meeting_id = m.id)"), 1);
    const char *bad[] = {"from", "1", "to", "9", NULL};
    r = wt_get(c, m);
    wt_resp_free(&r);
    r = wt_post(c, path, bad);
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "är inte en punkt på dagordningen"));
    wt_resp_free(&r);
    wt_client_free(c);

    /* the suggester sees the answers */
    c = wt_client(wt_srv);
    wt_login(c, "tove");
    r = wt_get(c, "/meetings/styr-2099-02-15/suggest");
    assert_true(wt_body_has(&r, "Tas upp i maj"));
    assert_true(wt_body_has(&r, "Tagen med i dagordningen"));
    wt_resp_free(&r);
    wt_client_free(c);
}

/* The group's page: the attendance per member, organisation and year with the flag, and its
 * settings edited in the browser by who may write groups, refused values named at their
 * field. */
static void test_group_attendance(void **state)
{
    (void)state;
    wt_user(wt_srv, "gun", ROLE_MANAGER);
    wt_user(wt_srv, "cilla", ROLE_COORDINATOR);
    WtClient *c = wt_client(wt_srv);
    wt_login(c, "gun");
    WtResp r = wt_get(c, "/groups/styr");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Närvaro vid gruppens möten"));
    assert_true(wt_body_has(&r, "Bertil Berg"));
    assert_true(wt_body_has(&r, "Torsby kommun"));
    assert_true(wt_body_has(&r, "/groups/styr/meeting-settings"));
    wt_resp_free(&r);
    r = wt_get(c, "/groups/styr/meeting-settings");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    const char *bad[] = {"invite_days", "61", "absence_limit", "två", NULL};
    r = wt_post(c, "/groups/styr/meeting-settings", bad);
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "61 är inte ett antal dagar från 0 till 60"));
    assert_true(wt_body_has(&r, "Skriv ett heltal"));
    assert_true(wt_body_has(&r, "aria-describedby"));
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM group_meeting_setting"), 0);
    const char *good[] = {"invite_days", "10", "absence_limit", "1", NULL};
    r = wt_post(c, "/groups/styr/meeting-settings", good);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM group_meeting_setting WHERE invite_days = 10 "
                           "AND absence_limit = 1"), 1);
    /* one meeting away is now enough for the flag: a held meeting where nobody was marked */
    Db *db = wt_db(wt_srv);
    tu_exec(db, "INSERT INTO meeting (project_id, code, group_id, title, meeting_date, status)"
                " SELECT g.project_id, 'h-2013', g.id, 'SG', '2013-01-10', 'held' FROM grp g"
                " WHERE g.code = 'styr'");
    db_close(db);
    r = wt_get(c, "/groups/styr");
    assert_true(wt_body_has(&r, "10 dagar före mötet"));
    assert_true(wt_body_has(&r, "Flaggad:"));
    wt_resp_free(&r);
    wt_client_free(c);

    /* a coordinator reads the figures but changes no settings */
    c = wt_client(wt_srv);
    wt_login(c, "cilla");
    r = wt_get(c, "/groups/styr");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Närvaro vid gruppens möten"));
    assert_false(wt_body_has(&r, "/groups/styr/meeting-settings"));
    wt_resp_free(&r);
    r = wt_get(c, "/groups/styr/meeting-settings");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series_form),
        cmocka_unit_test(test_calendar_links),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_group_attendance),
    };
    return cmocka_run_group_tests(tests, wt_setup, wt_teardown);
}
