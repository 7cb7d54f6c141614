/* test_web_api.c — the JSON API over HTTP on the small demo project: Bearer tokens (401 with
 * WWW-Authenticate without one, a session cookie is not enough), lists page by page with their
 * cursors, a coordinator's scope (another organisation's person is 404 like one that does not
 * exist), 403 for a role that may not, the reports' JSON as report_get() gives it, bad JSON and
 * bad records answered with where they are bad and nothing changed, a body too large, the
 * attendance of forty people in one PUT, and the write rows of the route table agreeing with
 * the core's rule of who may write what. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "freeze.h"
#include "proposal.h"
#include "record.h"
#include "router.h"
#include "testutil.h"
#include "webtest.h"

static WtServer *srv;
static char tok_manager[ACCOUNT_TOKEN_SIZE], tok_coord[ACCOUNT_TOKEN_SIZE],
    tok_reader[ACCOUNT_TOKEN_SIZE];
static int64_t project;

static void make_token(const char *login, Role role, char out[ACCOUNT_TOKEN_SIZE])
{
    int64_t id = wt_user(srv, login, role);
    Db *db = wt_db(srv);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_token_create(db, id, "test", time(NULL), out, NULL, &errs),
                     INSATS_OK);
    errs_free(&errs);
    db_close(db);
}

static int setup(void **state)
{
    (void)state;
    WtOptions o = {.demo = true};
    srv = wt_start(&o);
    if (!srv)
        return -1;
    make_token("api-manager", ROLE_MANAGER, tok_manager);
    make_token("api-coordinator", ROLE_COORDINATOR, tok_coord);
    make_token("api-reader", ROLE_READER, tok_reader);
    Db *db = wt_db(srv);
    project = tu_query_int(db, "SELECT id FROM project");
    db_close(db);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wt_stop(srv);
    return 0;
}

/* A request with the token (NULL: none) and a JSON body (NULL: none). */
static WtResp call(const char *token, const char *method, const char *path, const char *body)
{
    WtClient *c = wt_client(srv);
    char auth[ACCOUNT_TOKEN_SIZE + 32];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token ? token : "");
    const char *const headers[] = {"Content-Type: application/json", token ? auth : NULL, NULL};
    WtResp r = wt_request(c, method, path, body ? body : "", body ? strlen(body) : 0, headers);
    wt_client_free(c);
    return r;
}

/* The answer's body as JSON; asserts that it is JSON and says so in Content-Type. */
static json_t *json_of(const WtResp *r)
{
    char type[128] = "";
    assert_true(wt_header(r, "Content-Type", type, sizeof type));
    assert_non_null(strstr(type, "application/json"));
    json_error_t e;
    json_t *v = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, &e);
    if (!v)
        fail_msg("not JSON (%s): %.*s", e.text, (int)r->body.len, r->body.data);
    return v;
}

/* Asserts an error answer: status, {"error": text, "field": field or null}. */
static void assert_error(const WtResp *r, long status, const char *field)
{
    if (r->status != status)
        fail_msg("status %ld, want %ld: %.*s", r->status, status, (int)r->body.len,
                 r->body.data);
    json_t *v = json_of(r);
    assert_true(json_is_string(json_object_get(v, "error")));
    assert_true(strlen(json_string_value(json_object_get(v, "error"))) > 0);
    json_t *f = json_object_get(v, "field");
    if (field)
        assert_string_equal(json_string_value(f), field);
    else
        assert_true(json_is_null(f));
    json_decref(v);
}

static void test_token_required(void **state)
{
    (void)state;
    WtResp r = call(NULL, "GET", "/api/v1/people", NULL);
    assert_error(&r, 401, NULL);
    char www[64] = "";
    assert_true(wt_header(&r, "WWW-Authenticate", www, sizeof www));
    assert_int_equal(strncmp(www, "Bearer", 6), 0);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    r = call("insats_0000000000000000000000000000000000000000000000000000000000000000", "GET",
             "/api/v1/people", NULL);
    assert_error(&r, 401, NULL);
    wt_resp_free(&r);
    /* A signed-in browser's cookie does not open the API. */
    WtClient *c = wt_client(srv);
    wt_user(srv, "api-browser", ROLE_MANAGER);
    wt_login(c, "api-browser");
    r = wt_get(c, "/api/v1/people");
    assert_int_equal(r.status, 401);
    wt_resp_free(&r);
    wt_client_free(c);
}

static void test_people_pages(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    int64_t want = tu_query_int(db, "SELECT count(*) FROM person");
    db_close(db);
    char *cursor = NULL;
    int64_t got = 0;
    int pages = 0;
    char last[128] = "";
    do {
        char *path = cursor ? xasprintf("/api/v1/people?limit=500&cursor=%s", cursor)
                            : xstrdup("/api/v1/people?limit=500");
        WtResp r = call(tok_manager, "GET", path, NULL);
        assert_int_equal(r.status, 200);
        json_t *v = json_of(&r);
        json_t *items = json_object_get(v, "items");
        assert_true(json_is_array(items));
        size_t i;
        json_t *p;
        json_array_foreach(items, i, p) {
            const char *id = json_string_value(json_object_get(p, "id"));
            assert_non_null(id);
            assert_true(strcmp(id, last) > 0);   /* sorted by id, no record twice */
            snprintf(last, sizeof last, "%s", id);
            assert_non_null(json_object_get(p, "organisation"));
            json_t *pnr = json_object_get(p, "personnummer");
            assert_true(json_is_null(pnr) || strstr(json_string_value(pnr), "****"));
        }
        got += (int64_t)json_array_size(items);
        free(cursor);
        json_t *next = json_object_get(v, "next");
        cursor = json_is_string(next) ? xstrdup(json_string_value(next)) : NULL;
        assert_true(cursor || json_is_null(next));
        json_decref(v);
        wt_resp_free(&r);
        free(path);
        pages++;
    } while (cursor);
    assert_int_equal(got, want);
    assert_true(pages > 1);

    WtResp r = call(tok_manager, "GET", "/api/v1/people?limit=0", NULL);
    assert_error(&r, 400, "limit");
    wt_resp_free(&r);
    r = call(tok_manager, "GET", "/api/v1/people?limit=x", NULL);
    assert_error(&r, 400, "limit");
    wt_resp_free(&r);
}

static void test_coordinator_scope(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    int64_t own = tu_query_int(db, "SELECT count(*) FROM person WHERE organisation_id ="
                                   " (SELECT id FROM organisation ORDER BY id LIMIT 1)");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT code FROM person WHERE organisation_id <>"
                                               " (SELECT id FROM organisation ORDER BY id LIMIT 1)"
                                               " LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *other = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    db_close(db);

    WtResp r = call(tok_coord, "GET", "/api/v1/people?limit=500", NULL);
    assert_int_equal(r.status, 200);
    json_t *v = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(v, "items")), own);
    json_decref(v);
    wt_resp_free(&r);

    /* Another organisation's person and one that does not exist: the same answer. */
    char *path = xasprintf("/api/v1/people/%s", other);
    r = call(tok_coord, "GET", path, NULL);
    assert_error(&r, 404, NULL);
    json_t *a = json_of(&r);
    wt_resp_free(&r);
    r = call(tok_manager, "GET", path, NULL);
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = call(tok_coord, "PUT", path, "{\"name\": \"X Y\"}");
    assert_error(&r, 404, NULL);
    wt_resp_free(&r);
    free(path);
    r = call(tok_coord, "GET", "/api/v1/people/zz-none", NULL);
    assert_error(&r, 404, NULL);
    json_t *b = json_of(&r);
    wt_resp_free(&r);
    char *ea = xstrdup(json_string_value(json_object_get(a, "error")));
    char *eb = xstrdup(json_string_value(json_object_get(b, "error")));
    char *at = strstr(ea, other);
    assert_non_null(at);
    memmove(at, at + strlen(other), strlen(at + strlen(other)) + 1);
    at = strstr(eb, "zz-none");
    memmove(at, at + 7, strlen(at + 7) + 1);
    assert_string_equal(ea, eb);
    free(ea);
    free(eb);
    json_decref(a);
    json_decref(b);
    free(other);
}

static void test_reader(void **state)
{
    (void)state;
    WtResp r = call(tok_reader, "GET", "/api/v1/people", NULL);
    assert_error(&r, 403, NULL);
    wt_resp_free(&r);
    r = call(tok_reader, "PUT", "/api/v1/sessions/a001:s1/attendance", "{\"attendance\": []}");
    assert_error(&r, 403, NULL);
    wt_resp_free(&r);
    /* The reports' JSON is report_get()'s. */
    static const char *const paths[] = {"/api/v1/reports/lagesrapport?period=2",
                                        "/api/v1/reports/slutrapport", NULL};
    for (int i = 0; paths[i]; i++) {
        r = call(tok_reader, "GET", paths[i], NULL);
        assert_int_equal(r.status, 200);
        json_t *got = json_of(&r);
        wt_resp_free(&r);
        Db *db = wt_db(srv);
        Errs errs;
        errs_init(&errs);
        json_t *want = NULL;
        ReportRange range = {.period = i == 0 ? 2 : 0};
        assert_int_equal(report_get(db, project, i == 0 ? REPORT_LAGESRAPPORT
                                                        : REPORT_SLUTRAPPORT,
                                    &range, &want, &errs),
                         INSATS_OK);
        errs_free(&errs);
        db_close(db);
        size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
        char *a = json_dumps(got, flags), *b = json_dumps(want, flags);
        assert_string_equal(a, b);
        free(a);
        free(b);
        json_decref(got);
        json_decref(want);
    }
    r = call(tok_reader, "GET", "/api/v1/reports/lagesrapport?period=99", NULL);
    assert_error(&r, 400, NULL);
    wt_resp_free(&r);
    r = call(tok_reader, "GET", "/api/v1/reports/lagesrapport?period=x", NULL);
    assert_error(&r, 400, "period");
    wt_resp_free(&r);
}

/* The text of the first column of the first row (caller frees). */
static char *query_text(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *s = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

/* A survey's record through the API: every role — the manager, a reader, an evaluator — gets
 * no responses but the survey's results, the same as /results gives (cells of few responses
 * suppressed). */
static void test_survey_record_without_responses(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    char *survey = query_text(db, "SELECT s.code FROM survey s JOIN response r"
                                  " ON r.survey_id = s.id GROUP BY s.id"
                                  " ORDER BY count(*), s.code LIMIT 1");
    db_close(db);
    char *path = xasprintf("/api/v1/surveys/%s", survey);
    char *results_path = xasprintf("/api/v1/surveys/%s/results", survey);
    char tok[ACCOUNT_TOKEN_SIZE];
    WtResp r;
    json_t *v;
    /* Every role, the manager too: answers one by one beside their organisation and gender
     * could be told apart by whoever knows who attended (docs/workflows.md). */
    static const struct {
        const char *login;
        Role role;
    } blind[] = {{"api-survey-manager", ROLE_MANAGER}, {"api-survey-reader", ROLE_READER},
                 {"api-survey-evaluator", ROLE_EVALUATOR}};
    for (size_t i = 0; i < sizeof blind / sizeof *blind; i++) {
        make_token(blind[i].login, blind[i].role, tok);
        r = call(tok, "GET", path, NULL);
        assert_int_equal(r.status, 200);
        v = json_of(&r);
        wt_resp_free(&r);
        assert_null(json_object_get(v, "responses"));
        r = call(tok, "GET", results_path, NULL);
        assert_int_equal(r.status, 200);
        json_t *want = json_of(&r);
        wt_resp_free(&r);
        assert_true(json_equal(json_object_get(v, "results"), want));
        char *dump = json_dumps(want, JSON_COMPACT);
        assert_non_null(strstr(dump, "\"suppressed\":true"));
        free(dump);
        json_decref(want);
        json_decref(v);
        /* the list of surveys the same */
        r = call(tok, "GET", "/api/v1/surveys?limit=500", NULL);
        assert_int_equal(r.status, 200);
        v = json_of(&r);
        wt_resp_free(&r);
        size_t j;
        json_t *item;
        json_array_foreach(json_object_get(v, "items"), j, item) {
            assert_null(json_object_get(item, "responses"));
            assert_true(json_is_object(json_object_get(item, "results")));
        }
        json_decref(v);
    }
    free(results_path);
    free(path);
    free(survey);
}

/* A trainer reads exactly the activities assigned to them, through the API and the pages;
 * another activity is 404 as one that does not exist. */
static void test_trainer_scope(void **state)
{
    (void)state;
    char tok[ACCOUNT_TOKEN_SIZE];
    make_token("api-trainer", ROLE_TRAINER, tok);
    Db *db = wt_db(srv);
    int64_t uid = tu_query_int(db, "SELECT id FROM app_user WHERE login = 'api-trainer'");
    int64_t a1 = tu_query_int(db, "SELECT id FROM activity ORDER BY code LIMIT 1 OFFSET 1");
    int64_t a2 = tu_query_int(db, "SELECT id FROM activity ORDER BY code LIMIT 1 OFFSET 3");
    char *mine = query_text(db, "SELECT code FROM activity ORDER BY code LIMIT 1 OFFSET 1");
    char *mine2 = query_text(db, "SELECT code FROM activity ORDER BY code LIMIT 1 OFFSET 3");
    char *other = query_text(db, "SELECT code FROM activity ORDER BY code LIMIT 1");
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_trainer_assign(db, tu_manager(), uid, a1, true, &errs), INSATS_OK);
    assert_int_equal(account_trainer_assign(db, tu_manager(), uid, a2, true, &errs), INSATS_OK);
    errs_free(&errs);
    int64_t sessions = tu_query_int(db, "SELECT count(*) FROM session s JOIN activity a"
                                        " ON a.id = s.activity_id WHERE a.code = (SELECT code"
                                        " FROM activity ORDER BY code LIMIT 1 OFFSET 1)");
    db_close(db);

    /* Both assigned activities, on pages of one, and nothing else. */
    WtResp r = call(tok, "GET", "/api/v1/activities?limit=1", NULL);
    assert_int_equal(r.status, 200);
    json_t *v = json_of(&r);
    wt_resp_free(&r);
    assert_int_equal(json_array_size(json_object_get(v, "items")), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(v, "items"), 0), "id")), mine);
    char *path = xasprintf("/api/v1/activities?limit=1&cursor=%s",
                           json_string_value(json_object_get(v, "next")));
    json_decref(v);
    r = call(tok, "GET", path, NULL);
    free(path);
    v = json_of(&r);
    wt_resp_free(&r);
    assert_int_equal(json_array_size(json_object_get(v, "items")), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(v, "items"), 0), "id")), mine2);
    assert_true(json_is_null(json_object_get(v, "next")));
    json_decref(v);

    path = xasprintf("/api/v1/activities/%s", mine);
    r = call(tok, "GET", path, NULL);
    free(path);
    assert_int_equal(r.status, 200);
    v = json_of(&r);
    wt_resp_free(&r);
    assert_int_equal(json_array_size(json_object_get(v, "sessions")), sessions);
    json_decref(v);
    path = xasprintf("/api/v1/activities/%s", other);
    r = call(tok, "GET", path, NULL);
    free(path);
    assert_error(&r, 404, NULL);
    json_t *a = json_of(&r);
    wt_resp_free(&r);
    r = call(tok, "GET", "/api/v1/activities/zz-none", NULL);
    assert_error(&r, 404, NULL);
    json_t *b = json_of(&r);
    wt_resp_free(&r);
    const char *ea = json_string_value(json_object_get(a, "error"));
    const char *eb = json_string_value(json_object_get(b, "error"));
    assert_string_equal(strstr(ea, "\" "), strstr(eb, "\" "));
    json_decref(a);
    json_decref(b);
    r = call(tok, "GET", "/api/v1/people", NULL);
    assert_error(&r, 403, NULL);
    wt_resp_free(&r);

    /* The pages: the list holds the assigned activities, another one's page is not there. */
    WtClient *c = wt_client(srv);
    wt_login(c, "api-trainer");
    r = wt_get(c, "/activities");
    assert_int_equal(r.status, 200);
    char *href = xasprintf("href=\"/activities/%s\"", mine);
    assert_true(wt_body_has(&r, href));
    free(href);
    href = xasprintf("href=\"/activities/%s\"", other);
    assert_false(wt_body_has(&r, href));
    free(href);
    wt_resp_free(&r);
    path = xasprintf("/activities/%s", mine);
    r = wt_get(c, path);
    free(path);
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    path = xasprintf("/activities/%s", other);
    r = wt_get(c, path);
    free(path);
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    wt_client_free(c);
    free(mine);
    free(mine2);
    free(other);
}

/* A coordinator reading their organisation's proposal, whose history names a person of another
 * organisation: the page shows that step without the name, the manager's page with it. */
static void test_proposal_names(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    tu_set_actor(db);
    int64_t own = tu_query_int(db, "SELECT id FROM organisation ORDER BY id LIMIT 1");
    char *sql = xasprintf("SELECT pr.code FROM proposal pr WHERE pr.organisation_id = %lld"
                          " ORDER BY pr.code LIMIT 1", (long long)own);
    char *code = query_text(db, sql);
    free(sql);
    sql = xasprintf("SELECT name FROM person WHERE organisation_id <> %lld ORDER BY id LIMIT 1",
                    (long long)own);
    char *other = query_text(db, sql);
    free(sql);
    sql = xasprintf("INSERT INTO proposal_event (proposal_id, position, event_date, status,"
                    " by_person_id, note) SELECT pr.id, 99, '2012-06-01', 'forwarded',"
                    " (SELECT id FROM person WHERE organisation_id <> %lld ORDER BY id LIMIT 1),"
                    " NULL FROM proposal pr WHERE pr.code = '%s'", (long long)own, code);
    tu_exec(db, sql);
    free(sql);
    db_close(db);

    char *path = xasprintf("/proposals/%s", code);
    WtClient *c = wt_client(srv);
    wt_user(srv, "prop-coordinator", ROLE_COORDINATOR);
    wt_login(c, "prop-coordinator");
    WtResp r = wt_get(c, path);
    assert_int_equal(r.status, 200);
    assert_false(wt_body_has(&r, other));
    wt_resp_free(&r);
    wt_client_free(c);
    c = wt_client(srv);
    wt_user(srv, "prop-manager", ROLE_MANAGER);
    wt_login(c, "prop-manager");
    r = wt_get(c, path);
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, other));
    wt_resp_free(&r);
    wt_client_free(c);
    free(path);
    free(code);
    free(other);
}

static void test_bad_bodies(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    int64_t before = tu_query_int(db, "SELECT count(*) FROM person");
    db_close(db);
    WtResp r = call(tok_manager, "POST", "/api/v1/people", "{\"id\": \"n1\",\n \"name\": }");
    assert_error(&r, 400, NULL);
    assert_true(wt_body_has(&r, "line 2"));
    wt_resp_free(&r);
    r = call(tok_manager, "POST", "/api/v1/people", "[1]");
    assert_error(&r, 400, NULL);
    wt_resp_free(&r);
    r = call(tok_manager, "POST", "/api/v1/people",
             "{\"id\": \"n1\", \"name\": \"\", \"gender\": \"female\", \"organisation\": \"x\"}");
    assert_error(&r, 422, "name");
    wt_resp_free(&r);
    size_t big = 300 * 1024;
    char *huge = xmalloc(big + 1);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    huge[big] = '\0';
    r = call(tok_manager, "POST", "/api/v1/people", huge);
    assert_int_equal(r.status, 413);
    wt_resp_free(&r);
    free(huge);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM person"), before);
    db_close(db);
}

static void test_people_write(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT code FROM organisation ORDER BY id LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *org = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    db_close(db);
    char *body = xasprintf("{\"id\": \"api-p1\", \"name\": \"Åsa Öberg\", \"gender\": \"female\","
                           " \"organisation\": \"%s\"}", org);
    WtResp r = call(tok_coord, "POST", "/api/v1/people", body);
    assert_int_equal(r.status, 201);
    json_t *v = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(v, "name")), "Åsa Öberg");
    json_decref(v);
    wt_resp_free(&r);
    r = call(tok_coord, "POST", "/api/v1/people", body);
    assert_error(&r, 422, "id");
    wt_resp_free(&r);
    free(body);
    r = call(tok_manager, "PUT", "/api/v1/people/api-p1",
             "{\"name\": \"Åsa Öberg-Lind\", \"gender\": \"female\", \"organisation\": \"x-none\"}");
    assert_int_equal(r.status, 422);
    wt_resp_free(&r);
    body = xasprintf("{\"name\": \"Åsa Öberg-Lind\", \"gender\": \"female\","
                     " \"organisation\": \"%s\"}", org);
    r = call(tok_manager, "PUT", "/api/v1/people/api-p1", body);
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = call(tok_manager, "PUT", "/api/v1/people/other-id",
             "{\"id\": \"api-p1\", \"name\": \"X\"}");
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    free(body);
    r = call(tok_manager, "GET", "/api/v1/people/api-p1", NULL);
    assert_int_equal(r.status, 200);
    v = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(v, "name")), "Åsa Öberg-Lind");
    json_decref(v);
    wt_resp_free(&r);
    free(org);
}

/* Forty marks of one session in one PUT; then the opposite marks, and the database says so. */
static void test_attendance_forty(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT code FROM person ORDER BY code LIMIT 40",
                                        -1, &st, NULL),
                     SQLITE_OK);
    Buf b[2] = {{0}, {0}};
    for (int k = 0; k < 2; k++)
        buf_puts(&b[k], "{\"attendance\": [");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        for (int k = 0; k < 2; k++)
            buf_printf(&b[k], "%s{\"person\": \"%s\", \"present\": %s}", n ? ", " : "", code,
                       (n % 2 == k) ? "true" : "false");
        n++;
    }
    sqlite3_finalize(st);
    for (int k = 0; k < 2; k++)
        buf_puts(&b[k], "]}");
    assert_int_equal(n, 40);
    const char *sql = "SELECT count(*) FROM attendance t JOIN session s ON s.id = t.session_id"
                      " JOIN activity a ON a.id = s.activity_id"
                      " WHERE a.code = 'a001' AND s.code = 's1' AND t.present = 1";
    for (int k = 0; k < 2; k++) {
        WtResp r = call(tok_manager, "PUT", "/api/v1/sessions/a001:s1/attendance", b[k].data);
        assert_int_equal(r.status, 200);
        json_t *v = json_of(&r);
        assert_int_equal(json_integer_value(json_object_get(v, "saved")), 40);
        json_decref(v);
        wt_resp_free(&r);
    }
    int64_t present_after = tu_query_int(db, sql);
    WtResp r = call(tok_manager, "PUT", "/api/v1/sessions/a001:s1/attendance",
                    "{\"attendance\": [{\"person\": \"zz-nobody\", \"present\": true}]}");
    assert_error(&r, 422, "attendance[0].person");
    wt_resp_free(&r);
    r = call(tok_manager, "PUT", "/api/v1/sessions/a001:zz/attendance", "{\"attendance\": []}");
    assert_error(&r, 404, "session");
    wt_resp_free(&r);
    r = call(tok_manager, "PUT", "/api/v1/sessions/nocolon/attendance", "{\"attendance\": []}");
    assert_error(&r, 404, NULL);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, sql), present_after);
    db_close(db);
    buf_free(&b[0]);
    buf_free(&b[1]);
}

/* Every API row that writes names exactly the roles record_may_write() lets write its kind. */
static void test_write_rows_follow_the_core(void **state)
{
    (void)state;
    size_t n;
    const Route *rs = router_routes(&n);
    int rows = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(rs[i].flags & ROUTE_API) || rs[i].method == WEB_GET)
            continue;
        /* the proposal's steps: the roles of the state machine's steps after the submission,
         * each of which its handler holds to its own */
        if (strstr(rs[i].pattern, "/proposals/{id}/{step}")) {
            unsigned any = 0;
            for (int step = PROPOSAL_SUBMIT + 1; step < PROPOSAL_STEP_COUNT; step++)
                any |= proposal_step_roles((ProposalStep)step);
            assert_int_equal(any, PROPOSAL_ACT_ROLES);
            for (int role = 0; role < ROLE_COUNT; role++)
                if (!(any & ROLE_BIT(role)) != !router_role_allows(&rs[i], (Role)role))
                    fail_msg("%s: the row and the steps' roles disagree for %s", rs[i].pattern,
                             actor_role_name((Role)role));
            rows++;
            continue;
        }
        /* an agenda suggestion: the core's rule is the membership of the meeting's group, which
         * an account of any role may have through its person, so the row lets every role on
         * to meeting_suggest() */
        if (strstr(rs[i].pattern, "/meetings/{id}/suggestions")) {
            for (int role = 0; role < ROLE_COUNT; role++)
                if (!router_role_allows(&rs[i], (Role)role))
                    fail_msg("%s: the row refuses %s, whom the core may let suggest",
                             rs[i].pattern, actor_role_name((Role)role));
            rows++;
            continue;
        }
        const char *kind = strstr(rs[i].pattern, "/attendance")  ? "attendance"
                           : strstr(rs[i].pattern, "/sessions") ? "session"
                           : strstr(rs[i].pattern, "/people")   ? "person"
                           : strstr(rs[i].pattern, "/proposals") ? "proposal"
                           : strstr(rs[i].pattern, "/activities") ? "activity"
                                                                : NULL;
        assert_non_null(kind);
        for (int role = 0; role < ROLE_COUNT; role++) {
            Actor a = {.role = (Role)role, .organisation_id = 1};
            if (record_may_write(&a, kind, 0) != router_role_allows(&rs[i], (Role)role))
                fail_msg("%s %s: the row and record_may_write disagree for %s",
                         router_method_name(rs[i].method), rs[i].pattern,
                         actor_role_name((Role)role));
        }
        rows++;
    }
    assert_true(rows >= 8);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_required),
        cmocka_unit_test(test_people_pages),
        cmocka_unit_test(test_coordinator_scope),
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_trainer_scope),
        cmocka_unit_test(test_proposal_names),
        cmocka_unit_test(test_survey_record_without_responses),
        cmocka_unit_test(test_bad_bodies),
        cmocka_unit_test(test_people_write),
        cmocka_unit_test(test_attendance_forty),
        cmocka_unit_test(test_write_rows_follow_the_core),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
