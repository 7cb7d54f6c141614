/* test_web_login.c — signing in and out over HTTP: the session cookie, refusals that do not
 * tell a login from another, CSRF, idle and absolute expiry, the second factor's detour,
 * cookies behind a TLS proxy, and throttling. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "router.h"
#include "testutil.h"
#include "webtest.h"

#define srv wt_srv

static const char *const *login_fields(const char *login, const char *password)
{
    static const char *f[5];
    f[0] = "login";
    f[1] = login;
    f[2] = "password";
    f[3] = password;
    f[4] = NULL;
    return f;
}

static void test_login_sets_a_session_cookie(void **state)
{
    (void)state;
    wt_user(srv, "karin", ROLE_COORDINATOR);
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/login?next=/static/x");
    wt_resp_free(&r);
    char pre[128];
    assert_true(wt_cookie(c, "insats_pre", pre, sizeof pre));
    r = wt_post(c, "/login", (const char *const[]){"login", "karin", "password", WT_PASSWORD,
                                                   "next", "/static/x", NULL});
    assert_int_equal(r.status, 303);
    char v[512];
    assert_true(wt_header(&r, "Location", v, sizeof v));
    assert_string_equal(v, "/static/x");
    /* The session cookie: HttpOnly, SameSite=Lax, the whole site, no Secure on plain HTTP. */
    bool seen = false;
    for (const char *h = strstr(r.headers.data, "Set-Cookie: insats_session="); h; h = NULL) {
        size_t n = strcspn(h, "\r\n");
        snprintf(v, sizeof v, "%.*s", (int)n, h);
        seen = true;
    }
    assert_true(seen);
    assert_non_null(strstr(v, "; Path=/; HttpOnly; SameSite=Lax"));
    assert_null(strstr(v, "Secure"));
    wt_resp_free(&r);
    char sid[128];
    assert_true(wt_cookie(c, "insats_session", sid, sizeof sid));
    assert_int_equal(strlen(sid), 64);
    assert_false(wt_cookie(c, "insats_pre", pre, sizeof pre));   /* expired at login */
    /* The start page with the name, the navigation and a log-out form with the session's
     * token, which is not the pre-session's. */
    r = wt_get(c, "/");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Test karin"));
    assert_true(wt_body_has(&r, "action=\"/logout\""));
    assert_true(wt_body_has(&r, "aria-current=\"page\""));
    wt_resp_free(&r);
    wt_client_free(c);
}

static void test_next_stays_on_the_site(void **state)
{
    (void)state;
    wt_user(srv, "olle", ROLE_READER);
    static const char *const nexts[] = {"//evil.example/", "https://evil.example/",
                                        "/\\evil.example", "javascript:alert(1)"};
    for (size_t i = 0; i < sizeof nexts / sizeof nexts[0]; i++) {
        WtClient *c = wt_client(srv);
        WtResp r = wt_get(c, "/login");
        wt_resp_free(&r);
        r = wt_post(c, "/login", (const char *const[]){"login", "olle", "password", WT_PASSWORD,
                                                       "next", nexts[i], NULL});
        assert_int_equal(r.status, 303);
        char loc[256];
        assert_true(wt_header(&r, "Location", loc, sizeof loc));
        assert_string_equal(loc, "/");
        wt_resp_free(&r);
        wt_client_free(c);
    }
}

/* A wrong password and an unknown login get the same answer; the login is kept in the form,
 * the password never sent back. */
static void test_refusals_are_alike(void **state)
{
    (void)state;
    wt_user(srv, "greta", ROLE_ECONOMIST);
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/login");
    wt_resp_free(&r);
    WtResp a = wt_post(c, "/login", login_fields("greta", "fel lösenord här 123"));
    WtResp b = wt_post(c, "/login", login_fields("ingen-sadan", "fel lösenord här 123"));
    assert_int_equal(a.status, 401);
    assert_int_equal(b.status, 401);
    wt_assert_page(&a, false);
    assert_true(wt_body_has(&a, "Fel användarnamn eller lösenord"));
    assert_true(wt_body_has(&b, "Fel användarnamn eller lösenord"));
    assert_true(wt_body_has(&a, "value=\"greta\""));
    assert_false(wt_body_has(&a, "fel lösenord"));
    char sid[128];
    assert_false(wt_cookie(c, "insats_session", sid, sizeof sid));
    wt_resp_free(&a);
    wt_resp_free(&b);
    r = wt_post(c, "/login", login_fields("", ""));
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "Skriv ditt användarnamn"));
    wt_resp_free(&r);
    wt_client_free(c);
}

/* No state-changing request passes without the token of its own session. */
static void test_csrf_is_checked_before_the_handler(void **state)
{
    (void)state;
    wt_user(srv, "hans", ROLE_TRAINER);
    WtClient *c = wt_client(srv);
    /* The login form without a token, and with another visitor's token. */
    WtResp r = wt_post(c, "/login", login_fields("hans", WT_PASSWORD));
    assert_int_equal(r.status, 403);
    assert_true(wt_body_has(&r, "Formuläret kunde inte tas emot"));
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    WtClient *other = wt_client(srv);
    r = wt_get(other, "/login");
    wt_resp_free(&r);
    r = wt_post(c, "/login", (const char *const[]){"login", "hans", "password", WT_PASSWORD,
                                                   "csrf", other->csrf, NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(other);
    char sid[128];
    assert_false(wt_cookie(c, "insats_session", sid, sizeof sid));

    wt_login(c, "hans");
    /* Logging out without the token (another page's would do as little) changes nothing. */
    r = wt_post(c, "/logout", (const char *const[]){"csrf", "0000", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_get(c, "/");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    /* With it: logged out, and the old session id is worth nothing. */
    assert_true(wt_cookie(c, "insats_session", sid, sizeof sid));
    r = wt_post(c, "/logout", NULL);
    assert_int_equal(r.status, 303);
    char loc[64];
    assert_true(wt_header(&r, "Location", loc, sizeof loc));
    assert_string_equal(loc, "/login");
    wt_resp_free(&r);
    char after[128];
    assert_false(wt_cookie(c, "insats_session", after, sizeof after));
    wt_client_free(c);
    c = wt_client(srv);
    char hdr[200];
    snprintf(hdr, sizeof hdr, "Cookie: insats_session=%s", sid);
    r = wt_request(c, "GET", "/", NULL, 0, (const char *const[]){hdr, NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    wt_client_free(c);
}

/* A session idle for more than 30 minutes, or older than 12 hours, sends to the login page. */
static void test_sessions_expire(void **state)
{
    (void)state;
    wt_user(srv, "ida", ROLE_EVALUATOR);
    static const char *const age[] = {
        "UPDATE user_session SET last_seen = last_seen - 31 * 60",
        "UPDATE user_session SET created = created - 12 * 3600 - 60, last_seen = last_seen - 10",
    };
    for (size_t i = 0; i < 2; i++) {
        WtClient *c = wt_client(srv);
        wt_login(c, "ida");
        Db *db = wt_db(srv);
        tu_exec(db, age[i]);
        db_close(db);
        WtResp r = wt_get(c, "/");
        assert_int_equal(r.status, 303);
        char loc[64];
        assert_true(wt_header(&r, "Location", loc, sizeof loc));
        assert_string_equal(loc, "/login");
        wt_resp_free(&r);
        wt_client_free(c);
    }
}

/* An admin or manager who has not passed the second factor reaches nothing but the pages
 * marked for it, and logging out. */
static void test_second_factor_comes_first(void **state)
{
    (void)state;
    wt_user(srv, "maja", ROLE_MANAGER);
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/login");
    wt_resp_free(&r);
    r = wt_post(c, "/login", login_fields("maja", WT_PASSWORD));
    assert_int_equal(r.status, 303);
    char loc[64];
    assert_true(wt_header(&r, "Location", loc, sizeof loc));
    assert_string_equal(loc, WEB_TOTP_ENROL_PATH);
    wt_resp_free(&r);
    r = wt_get(c, "/");
    assert_int_equal(r.status, 303);
    assert_true(wt_header(&r, "Location", loc, sizeof loc));
    assert_string_equal(loc, WEB_TOTP_ENROL_PATH);
    wt_resp_free(&r);
    r = wt_post(c, "/logout", NULL);
    assert_int_equal(r.status, 403);   /* no page has given this client the session's token */
    wt_resp_free(&r);
    wt_client_free(c);
    /* Enrolled: the start page opens. */
    c = wt_client(srv);
    wt_login(c, "maja");
    wt_client_free(c);
}

/* Behind a TLS proxy on this machine: the __Host- cookie with Secure, and HSTS. */
static void test_cookie_behind_a_tls_proxy(void **state)
{
    (void)state;
    WtOptions o = {.behind_proxy = true};
    WtServer *s = wt_start(&o);
    assert_non_null(s);
    wt_user(s, "nils", ROLE_READER);
    WtClient *c = wt_client(s);
    const char *const https[] = {"X-Forwarded-Proto: https", "X-Forwarded-For: 198.51.100.7",
                                 NULL};
    WtResp r = wt_request(c, "GET", "/login", NULL, 0, https);
    assert_int_equal(r.status, 200);
    char v[256];
    assert_true(wt_header(&r, "Strict-Transport-Security", v, sizeof v));
    /* The login form's CSRF cookie too: a plain-HTTP answer or a sibling host cannot set a
     * __Host- cookie, so it cannot plant the token. */
    const char *pre = strstr(r.headers.data, "Set-Cookie: __Host-insats_pre=");
    assert_non_null(pre);
    snprintf(v, sizeof v, "%.*s", (int)strcspn(pre, "\r\n"), pre);
    assert_non_null(strstr(v, "; Path=/; HttpOnly; SameSite=Lax; Secure"));
    assert_null(strstr(r.headers.data, "Set-Cookie: insats_pre="));
    wt_resp_free(&r);
    char body[512];
    snprintf(body, sizeof body, "login=nils&password=r%%C3%%A4tt%%20h%%C3%%A4ftklammer%%20"
                                "batteri&csrf=%s", c->csrf);
    const char *const post[] = {"X-Forwarded-Proto: https", "X-Forwarded-For: 198.51.100.7",
                                "Content-Type: application/x-www-form-urlencoded", NULL};
    r = wt_request(c, "POST", "/login", body, strlen(body), post);
    assert_int_equal(r.status, 303);
    const char *h = strstr(r.headers.data, "Set-Cookie: __Host-insats_session=");
    assert_non_null(h);
    snprintf(v, sizeof v, "%.*s", (int)strcspn(h, "\r\n"), h);
    assert_non_null(strstr(v, "; Path=/; HttpOnly; SameSite=Lax; Secure"));
    wt_resp_free(&r);
    wt_client_free(c);
    wt_stop(s);
}

/* Without --behind-proxy a client's X-Forwarded-Proto is nobody's word: no Secure cookie, no
 * HSTS, the plain cookie name. */
static void test_forwarded_headers_ignored_without_proxy(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    const char *const https[] = {"X-Forwarded-Proto: https", NULL};
    WtResp r = wt_request(c, "GET", "/login", NULL, 0, https);
    assert_int_equal(r.status, 200);
    char v[256];
    assert_false(wt_header(&r, "Strict-Transport-Security", v, sizeof v));
    assert_true(wt_header(&r, "Set-Cookie", v, sizeof v));
    assert_null(strstr(v, "Secure"));
    assert_null(strstr(r.headers.data, "__Host-"));
    assert_non_null(strstr(r.headers.data, "Set-Cookie: insats_pre="));
    wt_resp_free(&r);
    wt_client_free(c);
}

/* A form sent as multipart/form-data (as a form with a file field is) is read like an
 * urlencoded one. */
static void test_multipart_form_is_read(void **state)
{
    (void)state;
    wt_user(srv, "mona", ROLE_READER);
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/login");
    wt_resp_free(&r);
    CURL *h = c->curl;
    curl_mime *mime = curl_mime_init(h);
    static const char *const fields[][2] = {{"login", "mona"}, {"password", WT_PASSWORD}};
    for (size_t i = 0; i < 2; i++) {
        curl_mimepart *part = curl_mime_addpart(mime);
        curl_mime_name(part, fields[i][0]);
        curl_mime_data(part, fields[i][1], CURL_ZERO_TERMINATED);
    }
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_name(part, "csrf");
    curl_mime_data(part, c->csrf, CURL_ZERO_TERMINATED);
    char *url = xasprintf("%s/login", srv->base);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
    Buf sink = {0};
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
    assert_int_equal(curl_easy_perform(h), CURLE_OK);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL);
    curl_mime_free(mime);
    free(url);
    buf_free(&sink);
    assert_int_equal(code, 303);
    char sid[128];
    assert_true(wt_cookie(c, "insats_session", sid, sizeof sid));
    wt_client_free(c);
}

/* After five failures the login must wait, and says for how long. On a server of its own, so
 * that the failures of this address do not reach the other tests. */
static void test_failures_are_throttled(void **state)
{
    (void)state;
    WtServer *s = wt_start(NULL);
    assert_non_null(s);
    wt_user(s, "tore", ROLE_READER);
    WtClient *c = wt_client(s);
    WtResp r = wt_get(c, "/login");
    wt_resp_free(&r);
    for (int i = 0; i < 5; i++) {
        r = wt_post(c, "/login", login_fields("tore", "fel fel fel fel fel"));
        assert_int_equal(r.status, 401);
        wt_resp_free(&r);
    }
    r = wt_post(c, "/login", login_fields("tore", WT_PASSWORD));
    assert_int_equal(r.status, 429);
    assert_true(wt_body_has(&r, "Vänta"));
    wt_assert_page(&r, false);
    wt_resp_free(&r);
    wt_client_free(c);
    wt_stop(s);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_sets_a_session_cookie),
        cmocka_unit_test(test_next_stays_on_the_site),
        cmocka_unit_test(test_refusals_are_alike),
        cmocka_unit_test(test_csrf_is_checked_before_the_handler),
        cmocka_unit_test(test_sessions_expire),
        cmocka_unit_test(test_second_factor_comes_first),
        cmocka_unit_test(test_cookie_behind_a_tls_proxy),
        cmocka_unit_test(test_forwarded_headers_ignored_without_proxy),
        cmocka_unit_test(test_multipart_form_is_read),
        cmocka_unit_test(test_failures_are_throttled),
    };
    int rc = cmocka_run_group_tests(tests, wt_setup, wt_teardown);
    curl_global_cleanup();
    return rc;
}
