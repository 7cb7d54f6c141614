/* test_web_proposals.c — training proposals through the browser and the JSON API, on the
 * fixture bundle (whose intake is paused): the paused form shows the message and takes
 * nothing; a proposal goes from its submitter through its coordinator to the manager, each
 * step allowed only to its role, its organisation and its state, with the reason where one is
 * needed, a refusal changing nothing; the history on the proposal's page; the "att göra" page
 * and the navigation's count per role; booking through the API only from an approved one. */
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
#include "testutil.h"
#include "webtest.h"

static WtServer *srv;
static int64_t org_sunne, org_torsby;

static int setup(void **state)
{
    (void)state;
    srv = wt_start(NULL);
    if (!srv)
        return -1;
    Db *db = wt_db(srv);
    org_sunne = tu_query_int(db, "SELECT id FROM organisation WHERE code = 'sunne'");
    org_torsby = tu_query_int(db, "SELECT id FROM organisation WHERE code = 'torsby'");
    db_close(db);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wt_stop(srv);
    return 0;
}

/* An account of `role` in organisation `org` (0: none). */
static int64_t user_in(const char *login, Role role, int64_t org)
{
    int64_t id = wt_user(srv, login, role);
    Db *db = wt_db(srv);
    char sql[160];
    if (org)
        snprintf(sql, sizeof sql, "UPDATE app_user SET organisation_id = %lld WHERE id = %lld",
                 (long long)org, (long long)id);
    else
        snprintf(sql, sizeof sql, "UPDATE app_user SET organisation_id = NULL WHERE id = %lld",
                 (long long)id);
    tu_exec(db, sql);
    db_close(db);
    return id;
}

static WtClient *as(const char *login, Role role, int64_t org)
{
    user_in(login, role, org);
    WtClient *c = wt_client(srv);
    wt_login(c, login);
    return c;
}

static char *status_of(const char *code)
{
    Db *db = wt_db(srv);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT status FROM proposal WHERE code = '%s'", code);
    sqlite3_stmt *st = db_prepare(db, sql);
    char *s = sqlite3_step(st) == SQLITE_ROW ? strdup((const char *)sqlite3_column_text(st, 0))
                                             : strdup("(none)");
    sqlite3_finalize(st);
    db_close(db);
    return s;
}

static int64_t count(const char *sql)
{
    Db *db = wt_db(srv);
    int64_t n = tu_query_int(db, sql);
    db_close(db);
    return n;
}

static void expect_status(const char *code, const char *want)
{
    char *got = status_of(code);
    assert_string_equal(got, want);
    free(got);
}

/* GET path and check that it is a well-formed page with the status. */
static void page_ok(WtClient *c, const char *path, long status, const char *has)
{
    WtResp r = wt_get(c, path);
    if (r.status != status)
        fail_msg("GET %s: %ld, expected %ld", path, r.status, status);
    if (status == 200)
        wt_assert_page(&r, true);
    if (has && !wt_body_has(&r, has))
        fail_msg("GET %s lacks \"%s\"", path, has);
    wt_resp_free(&r);
}

static long post(WtClient *c, const char *path, const char *const *fields, const char *has)
{
    WtResp r = wt_post(c, path, fields);
    long st = r.status;
    if (has && !wt_body_has(&r, has))
        fail_msg("POST %s (%ld) lacks \"%s\": %.300s", path, st, has, r.body.data);
    wt_resp_free(&r);
    return st;
}

/* The whole path in the browser, with every refusal on the way. */
static void test_browser_flow(void **state)
{
    (void)state;
    Db *db;
    WtClient *anna = as("anna", ROLE_TRAINER, org_sunne);
    WtClient *koord = as("koord", ROLE_COORDINATOR, org_sunne);
    WtClient *other = as("koord-torsby", ROLE_COORDINATOR, org_torsby);
    WtClient *chef = as("chef", ROLE_MANAGER, 0);
    WtClient *adm = as("adm", ROLE_ADMIN, 0);

    /* paused: the message instead of the form, and nothing taken */
    page_ok(anna, "/proposals/new", 200, "Inga nya förslag förrän de godkända är genomförda.");
    WtResp r = wt_get(anna, "/proposals/new");
    assert_false(wt_body_has(&r, "name=\"title\""));
    /* the heading says it once; the notice holds the manager's own words */
    assert_true(wt_body_has(&r, "<h1>Just nu tas inga nya utbildningsförslag emot</h1>"));
    assert_false(wt_body_has(&r, "<h1>Nytt utbildningsförslag</h1>"));
    wt_resp_free(&r);
    int64_t before = count("SELECT count(*) FROM proposal");
    assert_int_equal(post(anna, "/proposals/new",
                          (const char *const[]){"title", "Excel grund", NULL},
                          "tar inte emot nya förslag nu"), 409);
    assert_int_equal(count("SELECT count(*) FROM proposal"), before);
    page_ok(adm, "/proposals/new", 403, NULL);

    /* only a manager opens it */
    page_ok(koord, "/intake", 403, NULL);
    page_ok(chef, "/intake", 200, "Pausa intaget");
    assert_int_equal(post(koord, "/intake/open", (const char *const[]){NULL}, NULL), 403);
    assert_int_equal(post(chef, "/intake/open", (const char *const[]){NULL}, NULL), 303);

    /* submitted: the form, a bad field shown next to it, then the proposal */
    page_ok(anna, "/proposals/new", 200, "name=\"target_group\"");
    assert_int_equal(post(anna, "/proposals/new",
                          (const char *const[]){"title", "", "estimated_hours", "7,5", NULL},
                          "måste anges"), 422);
    assert_int_equal(count("SELECT count(*) FROM proposal"), before);
    WtResp s = wt_post(anna, "/proposals/new",
                       (const char *const[]){"title", "Excel grund", "estimated_hours", "7,5",
                                             "target_group", "administratörer", NULL});
    assert_int_equal(s.status, 303);
    char loc[128];
    assert_true(wt_header(&s, "Location", loc, sizeof loc));
    wt_resp_free(&s);
    assert_string_equal(loc, "/my/proposals/f2?saved=1");
    expect_status("f2", "submitted");
    page_ok(anna, "/my/proposals/f2", 200, "Excel grund");
    page_ok(anna, "/my/proposals", 200, "Excel grund");
    page_ok(anna, "/proposals/f2", 403, NULL);

    /* the coordinator's to-do list and the navigation's count */
    page_ok(koord, "/todo", 200, "Utbildningsförslag att vidarebefordra");
    page_ok(koord, "/", 200, "<span class=\"count\">1<");
    page_ok(chef, "/todo", 200, "Inget väntar på dig just nu.");
    page_ok(koord, "/proposals/f2", 200, "Skicka vidare till projektledningen");

    /* refused steps, each changing nothing */
    int64_t events = count("SELECT count(*) FROM proposal_event");
    assert_int_equal(post(other, "/proposals/f2/forward", (const char *const[]){NULL},
                          "finns inte bland dem du får se"), 404);
    assert_int_equal(post(anna, "/proposals/f2/forward", (const char *const[]){NULL}, NULL),
                     403);
    assert_int_equal(post(koord, "/proposals/f2/approve", (const char *const[]){NULL}, NULL),
                     403);
    assert_int_equal(post(chef, "/proposals/f2/approve", (const char *const[]){NULL},
                          "det kan beviljas bara medan det är vidarebefordrat"), 409);
    assert_int_equal(post(koord, "/proposals/f2/return",
                          (const char *const[]){"note-return", "  ", NULL}, "ange skälet"),
                     422);
    assert_int_equal(count("SELECT count(*) FROM proposal_event"), events);
    expect_status("f2", "submitted");

    /* returned, edited, submitted again */
    assert_int_equal(post(koord, "/proposals/f2/return",
                          (const char *const[]){"note-return", "Ange antal tillfällen", NULL},
                          NULL), 303);
    expect_status("f2", "returned");
    page_ok(anna, "/todo", 200, "Dina förslag som skickats tillbaka");
    page_ok(anna, "/my/proposals/f2", 200, "Ange antal tillfällen");
    page_ok(anna, "/proposals/f2/edit", 200, "name=\"title\"");
    assert_int_equal(post(other, "/proposals/f2/edit",
                          (const char *const[]){"title", "Kapat", NULL}, NULL), 404);
    assert_int_equal(count("SELECT count(*) FROM proposal WHERE title = 'Kapat'"), 0);
    assert_int_equal(post(anna, "/proposals/f2/edit",
                          (const char *const[]){"title", "Excel grund, två tillfällen",
                                                "estimated_hours", "8", NULL}, NULL), 303);
    expect_status("f2", "submitted");

    /* forwarded, then decided by the manager */
    assert_int_equal(post(koord, "/proposals/f2/forward",
                          (const char *const[]){"note-forward", "Prioriterad", NULL}, NULL),
                     303);
    page_ok(chef, "/todo", 200, "Utbildningsförslag att besluta om");
    page_ok(chef, "/", 200, "Utbildningsförslag per organisation och status");
    page_ok(chef, "/", 200, "Hur länge öppna förslag har väntat");
    page_ok(chef, "/proposals/f2", 200, "Prioriterad");
    assert_int_equal(post(chef, "/proposals/f2/defer", (const char *const[]){NULL},
                          "ange skälet"), 422);
    assert_int_equal(post(chef, "/proposals/f2/defer",
                          (const char *const[]){"note-defer", "Vänta till våren", NULL}, NULL),
                     303);
    page_ok(chef, "/todo", 200, "Uppskjutna utbildningsförslag att pröva igen");
    assert_int_equal(post(chef, "/proposals/f2/approve", (const char *const[]){NULL}, NULL),
                     303);
    expect_status("f2", "approved");
    assert_int_equal(post(chef, "/proposals/f2/reject",
                          (const char *const[]){"note-reject", "Nej", NULL}, NULL), 409);
    /* booking in the activity form: only from an approved proposal */
    int64_t acts = count("SELECT count(*) FROM activity");
    const char *booking[] = {"id", "a-web", "title", "Excel grund", "intervention", "i1",
                             "proposal", "f1x", "kind", "training", "status", "planned", NULL};
    assert_int_equal(post(chef, "/activities/new", booking,
                          "förslag &quot;f1x&quot; finns inte"), 200);
    booking[7] = "f2";
    db = wt_db(srv);
    tu_exec(db, "UPDATE proposal SET status = 'deferred' WHERE code = 'f2'");
    db_close(db);
    assert_int_equal(post(chef, "/activities/new", booking, "är deferred, inte beviljat"), 200);
    assert_int_equal(count("SELECT count(*) FROM activity"), acts);
    db = wt_db(srv);
    tu_exec(db, "UPDATE proposal SET status = 'approved' WHERE code = 'f2'");
    db_close(db);
    assert_int_equal(post(chef, "/activities/new", booking, NULL), 303);
    assert_int_equal(count("SELECT count(*) FROM activity"), acts + 1);
    page_ok(anna, "/my/proposals/f2", 200, "Vänta till våren");
    /* the history's times as a clock shows them, not as stored (UTC, ISO) */
    r = wt_get(anna, "/my/proposals/f2");
    assert_false(wt_body_has(&r, "Z</td>"));
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM proposal_event e JOIN proposal p ON p.id ="
                           " e.proposal_id WHERE p.code = 'f2'"), 6);

    /* the paused intake again: a manager pauses it with a date */
    assert_int_equal(post(chef, "/intake/pause",
                          (const char *const[]){"message", "Paus", "until", "2000-01-01", NULL},
                          "inte ett datum efter i dag"), 422);
    assert_int_equal(post(chef, "/intake/pause",
                          (const char *const[]){"message", "Paus till hösten", "until",
                                                "2099-09-01", NULL}, NULL), 303);
    page_ok(anna, "/proposals/new", 200, "2099-09-01");
    wt_client_free(anna);
    wt_client_free(koord);
    wt_client_free(other);
    wt_client_free(chef);
    wt_client_free(adm);
}

static void token_of(const char *login, Role role, int64_t org, char out[ACCOUNT_TOKEN_SIZE])
{
    int64_t id = user_in(login, role, org);
    Db *db = wt_db(srv);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_token_create(db, id, "test", time(NULL), out, NULL, &errs),
                     INSATS_OK);
    errs_free(&errs);
    db_close(db);
}

static long call(const char *token, const char *path, const char *body, const char *has)
{
    WtClient *c = wt_client(srv);
    char auth[ACCOUNT_TOKEN_SIZE + 32];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    const char *const headers[] = {"Content-Type: application/json", auth, NULL};
    WtResp r = wt_request(c, "POST", path, body ? body : "", body ? strlen(body) : 0, headers);
    long st = r.status;
    if (has && !wt_body_has(&r, has))
        fail_msg("POST %s (%ld) lacks \"%s\": %.300s", path, st, has, r.body.data);
    wt_resp_free(&r);
    wt_client_free(c);
    return st;
}

/* The same rules through the API, and booking only from an approved proposal. */
static void test_api_flow(void **state)
{
    (void)state;
    char sub[ACCOUNT_TOKEN_SIZE], koord[ACCOUNT_TOKEN_SIZE], other[ACCOUNT_TOKEN_SIZE],
        chef[ACCOUNT_TOKEN_SIZE];
    token_of("api-sub", ROLE_ECONOMIST, org_torsby, sub);
    token_of("api-koord", ROLE_COORDINATOR, org_torsby, koord);
    token_of("api-other", ROLE_COORDINATOR, org_sunne, other);
    token_of("api-chef", ROLE_MANAGER, 0, chef);
    const char *form = "{\"title\": \"Arbetsmiljö\", \"estimated_cost\": 15000}";
    /* the fixture's intake is paused (or paused again by the browser test) */
    call(chef, "/api/v1/proposals", form, NULL);
    Db *db = wt_db(srv);
    tu_exec(db, "UPDATE project SET proposals_paused = 1, proposals_paused_message = 'Stängt',"
                " proposals_paused_until = NULL");
    db_close(db);
    int64_t before = count("SELECT count(*) FROM proposal");
    assert_int_equal(call(sub, "/api/v1/proposals", form, "Stängt"), 409);
    assert_int_equal(call(chef, "/api/v1/proposals", form, "partnerorganisation"), 403);
    assert_int_equal(count("SELECT count(*) FROM proposal"), before);
    db = wt_db(srv);
    tu_exec(db, "UPDATE project SET proposals_paused = 0");
    db_close(db);
    assert_int_equal(call(sub, "/api/v1/proposals", "{\"id\": \"api1\", \"title\": \"\"}",
                          "\"field\":\"title\""), 422);
    assert_int_equal(call(sub, "/api/v1/proposals",
                          "{\"id\": \"api1\", \"title\": \"Arbetsmiljö\"}", "\"submitted\""),
                     201);

    int64_t events = count("SELECT count(*) FROM proposal_event");
    assert_int_equal(call(other, "/api/v1/proposals/api1/forward", NULL,
                          "finns inte bland dem du får se"), 404);
    assert_int_equal(call(chef, "/api/v1/proposals/api1/forward", NULL, NULL), 403);
    assert_int_equal(call(koord, "/api/v1/proposals/api1/approve", NULL, NULL), 403);
    assert_int_equal(call(chef, "/api/v1/proposals/api1/reject", "{\"note\": \"x\"}",
                          "bara medan det är vidarebefordrat"), 409);
    assert_int_equal(call(koord, "/api/v1/proposals/api1/return", "{}", "ange skälet"),
                     422);
    assert_int_equal(call(koord, "/api/v1/proposals/api1/return", "{\"note\": 5}", NULL), 422);
    assert_int_equal(count("SELECT count(*) FROM proposal_event"), events);
    expect_status("api1", "submitted");

    const char *act = "{\"id\": \"a-api\", \"title\": \"Arbetsmiljö\", \"intervention\": \"i1\","
                      " \"proposal\": \"api1\", \"kind\": \"training\", \"status\": \"planned\"}";
    int64_t acts = count("SELECT count(*) FROM activity");
    assert_int_equal(call(chef, "/api/v1/activities", act, "inte beviljat"), 409);
    assert_int_equal(call(koord, "/api/v1/proposals/api1/forward", "{\"note\": \"Bra\"}",
                          "\"forwarded\""), 200);
    assert_int_equal(call(chef, "/api/v1/activities", act, "inte beviljat"), 409);
    assert_int_equal(call(chef, "/api/v1/proposals/api1/approve", NULL, "\"approved\""), 200);
    assert_int_equal(call(sub, "/api/v1/activities", act, NULL), 403);
    assert_int_equal(count("SELECT count(*) FROM activity"), acts);
    assert_int_equal(call(chef, "/api/v1/activities", act, "\"a-api\""), 201);
    assert_int_equal(count("SELECT count(*) FROM activity"), acts + 1);
    /* without a proposal: refused with the reason */
    assert_int_equal(call(chef, "/api/v1/activities",
                          "{\"id\": \"a-none\", \"title\": \"X\", \"intervention\": \"i1\","
                          " \"kind\": \"training\", \"status\": \"planned\"}",
                          "bokas utifrån ett beviljat förslag"), 409);
}

/* The to-do list of a trainer: sessions of their activities without attendance. */
static void test_todo_sessions(void **state)
{
    (void)state;
    int64_t id = user_in("tr-todo", ROLE_TRAINER, 0);
    Db *db = wt_db(srv);
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO activity_trainer (activity_id, user_id)"
             " SELECT id, %lld FROM activity WHERE code = 'a1'", (long long)id);
    tu_exec(db, sql);
    tu_exec(db, "INSERT INTO session (activity_id, code, session_date, hours_c)"
                " SELECT id, 'todo1', '2012-05-03', 300 FROM activity WHERE code = 'a1'");
    db_close(db);
    WtClient *c = wt_client(srv);
    wt_login(c, "tr-todo");
    page_ok(c, "/todo", 200, "/activities/a1/sessions/todo1/attendance");
    wt_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_browser_flow),
        cmocka_unit_test(test_api_flow),
        cmocka_unit_test(test_todo_sessions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
