/* test_web_account.c — the account pages over HTTP: TOTP enrolment with the QR code and the
 * secret (nothing else is reachable before it), the code at the next login, "Mitt konto"
 * (password change with its refusals, logging out the other sessions, API tokens shown once
 * and revoked) and the administrator's user pages (add with a password shown once, refusals
 * that store nothing, edit, disable and enable, password and second-factor reset, trainers'
 * activities, other roles refused). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <liboath/oath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "router.h"
#include "testutil.h"
#include "webtest.h"

#define srv wt_srv

/* The text between `open` and the next '<' in the body, into out; false when absent. */
static bool body_between(const WtResp *r, const char *open, char *out, size_t outlen)
{
    const char *s = r->body.data ? strstr(r->body.data, open) : NULL;
    if (!s)
        return false;
    s += strlen(open);
    size_t n = strcspn(s, "<\"");
    snprintf(out, outlen, "%.*s", (int)n, s);
    return n > 0;
}

static void expect_redirect(const WtResp *r, const char *to)
{
    char loc[256] = "";
    wt_header(r, "Location", loc, sizeof loc);
    if (r->status != 303 || strcmp(loc, to) != 0)
        fail_msg("expected 303 to %s, got %ld to \"%s\"", to, r->status, loc);
}

/* Posts the login form; returns the answer (the caller frees it). */
static WtResp post_login(WtClient *c, const char *login, const char *password)
{
    WtResp r = wt_get(c, "/login");
    wt_resp_free(&r);
    return wt_post(c, "/login", (const char *const[]){"login", login, "password", password,
                                                      NULL});
}

static void test_totp_enrolment_and_login(void **state)
{
    (void)state;
    assert_int_equal(oath_init(), OATH_OK);
    wt_user(srv, "ada", ROLE_ADMIN);
    WtClient *c = wt_client(srv);
    WtResp r = post_login(c, "ada", WT_PASSWORD);
    expect_redirect(&r, WEB_TOTP_ENROL_PATH);
    wt_resp_free(&r);
    /* Nothing else before enrolment. */
    r = wt_get(c, "/account");
    expect_redirect(&r, WEB_TOTP_ENROL_PATH);
    wt_resp_free(&r);

    r = wt_get(c, WEB_TOTP_ENROL_PATH);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, false);
    assert_true(wt_body_has(&r, "<svg class=\"qr\""));
    assert_true(wt_body_has(&r, "<path fill=\"#000\" d=\"M4 4h1v1h-1z"));
    char secret[64];
    assert_true(body_between(&r, "<code class=\"secret\">", secret, sizeof secret));
    assert_int_equal(strlen(secret), 32);
    wt_resp_free(&r);
    /* Shown again, the same secret. */
    r = wt_get(c, WEB_TOTP_ENROL_PATH);
    char again[64];
    assert_true(body_between(&r, "<code class=\"secret\">", again, sizeof again));
    assert_string_equal(again, secret);
    wt_resp_free(&r);

    time_t now = time(NULL);
    char code[16];
    tu_totp_code(secret, now, code);
    char wrong[16];
    snprintf(wrong, sizeof wrong, "%s", code);
    wrong[5] = wrong[5] == '9' ? '0' : (char)(wrong[5] + 1);
    r = wt_post(c, WEB_TOTP_ENROL_PATH, (const char *const[]){"code", wrong, NULL});
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, false);
    assert_true(wt_body_has(&r, "Koden stämmer inte"));
    wt_resp_free(&r);
    r = wt_post(c, WEB_TOTP_ENROL_PATH, (const char *const[]){"code", code, NULL});
    expect_redirect(&r, "/");
    wt_resp_free(&r);
    r = wt_get(c, "/account");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);

    /* The next login asks for a code, without the QR code; the code used is refused. */
    WtClient *c2 = wt_client(srv);
    r = post_login(c2, "ada", WT_PASSWORD);
    expect_redirect(&r, WEB_TOTP_LOGIN_PATH);
    wt_resp_free(&r);
    r = wt_get(c2, WEB_TOTP_LOGIN_PATH);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, false);
    assert_false(wt_body_has(&r, "<svg"));
    assert_false(wt_body_has(&r, secret));
    wt_resp_free(&r);
    r = wt_post(c2, WEB_TOTP_LOGIN_PATH, (const char *const[]){"code", code, NULL});
    assert_int_equal(r.status, 422);
    wt_resp_free(&r);
    tu_totp_code(secret, now + 30, code);
    r = wt_post(c2, WEB_TOTP_LOGIN_PATH, (const char *const[]){"code", code, NULL});
    expect_redirect(&r, "/");
    wt_resp_free(&r);
    r = wt_get(c2, "/admin/users");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    wt_client_free(c2);
    wt_client_free(c);
}

static void test_my_account(void **state)
{
    (void)state;
    wt_user(srv, "rut", ROLE_READER);
    WtClient *c = wt_client(srv), *other = wt_client(srv);
    wt_login(c, "rut");
    wt_login(other, "rut");
    WtResp r = wt_get(c, "/account");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Styrgrupp"));
    wt_resp_free(&r);

    /* Password: each refusal says why next to its field and changes nothing. */
    r = wt_post(c, "/account/password", (const char *const[]){"current", WT_PASSWORD,
                "password", "1qaz2wsx3edc", "password2", "1qaz2wsx3edc", NULL});
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "10 000 vanligaste"));
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    r = wt_post(c, "/account/password", (const char *const[]){"current", WT_PASSWORD,
                "password", "ett nytt lösenord för rut", "password2", "ett annat", NULL});
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "inte lika"));
    wt_resp_free(&r);
    r = wt_post(c, "/account/password", (const char *const[]){"current", "fel lösenord helt",
                "password", "ett nytt lösenord för rut", "password2",
                "ett nytt lösenord för rut", NULL});
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "nuvarande lösenordet stämmer inte"));
    wt_resp_free(&r);
    r = wt_get(other, "/");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_post(c, "/account/password", (const char *const[]){"current", WT_PASSWORD,
                "password", "ett nytt lösenord för rut", "password2",
                "ett nytt lösenord för rut", NULL});
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Lösenordet är bytt"));
    wt_resp_free(&r);
    /* This session goes on; the other one is logged out. */
    r = wt_get(c, "/");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_get(other, "/");
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = post_login(other, "rut", "ett nytt lösenord för rut");
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = wt_get(other, "/");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);

    /* "Log out my other sessions". */
    r = wt_post(c, "/account/logout-others", (const char *const[]){NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_get(other, "/");
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);

    /* API tokens: shown once, work, are listed without the token, and are revoked. */
    r = wt_post(c, "/account/tokens", (const char *const[]){"name", "uppföljning", NULL});
    assert_int_equal(r.status, 200);
    char token[ACCOUNT_TOKEN_SIZE + 8];
    assert_true(body_between(&r, "<code class=\"secret\">", token, sizeof token));
    assert_int_equal(strncmp(token, ACCOUNT_TOKEN_PREFIX, strlen(ACCOUNT_TOKEN_PREFIX)), 0);
    wt_resp_free(&r);
    Db *db = wt_db(srv);
    Actor a;
    assert_int_equal(account_token_auth(db, token, time(NULL), &a), INSATS_OK);
    assert_string_equal(a.login, "rut");
    r = wt_get(c, "/account");
    assert_true(wt_body_has(&r, "uppföljning"));
    assert_false(wt_body_has(&r, token));
    wt_resp_free(&r);
    r = wt_post(c, "/account/tokens", (const char *const[]){"name", "", NULL});
    assert_int_equal(r.status, 422);
    wt_resp_free(&r);
    int64_t tid = tu_query_int(db, "SELECT id FROM api_token WHERE revoked IS NULL");
    char path[64];
    snprintf(path, sizeof path, "/account/tokens/%lld/revoke", (long long)tid);
    r = wt_post(c, path, (const char *const[]){NULL});
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "återkallad"));
    wt_resp_free(&r);
    assert_int_equal(account_token_auth(db, token, time(NULL), &a), INSATS_EINPUT);
    /* Another account's token, or one revoked, is not found. */
    r = wt_post(c, path, (const char *const[]){NULL});
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    db_close(db);
    wt_client_free(other);
    wt_client_free(c);
}

static void test_admin_user_pages(void **state)
{
    (void)state;
    wt_user(srv, "admin1", ROLE_ADMIN);
    wt_user(srv, "mona", ROLE_MANAGER);
    WtClient *c = wt_client(srv), *m = wt_client(srv);
    wt_login(c, "admin1");
    wt_login(m, "mona");
    WtResp r = wt_get(m, "/admin/users");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);

    r = wt_get(c, "/admin/users");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "mona"));
    wt_resp_free(&r);

    /* Refusals keep the input, say why and store nothing. */
    Db *db = wt_db(srv);
    int64_t before = tu_query_int(db, "SELECT count(*) FROM app_user");
    r = wt_post(c, "/admin/users", (const char *const[]){"login", "nils ek", "name", "Nils Ek",
                "role", "reader", "organisation", "", NULL});
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "Användarnamnet får bara"));
    assert_true(wt_body_has(&r, "value=\"nils ek\""));
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    r = wt_post(c, "/admin/users", (const char *const[]){"login", "nils", "name", "Nils Ek",
                "role", "coordinator", "organisation", "", NULL});
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "En koordinator behöver"));
    wt_resp_free(&r);
    r = wt_post(c, "/admin/users", (const char *const[]){"login", "mona", "name", "Mona",
                "role", "reader", "organisation", "", NULL});
    assert_int_equal(r.status, 422);
    assert_true(wt_body_has(&r, "finns redan"));
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM app_user"), before);

    /* Added: a temporary password shown once, which logs in. */
    r = wt_post(c, "/admin/users", (const char *const[]){"login", "nils", "name", "Nils Ek",
                "role", "coordinator", "organisation", "torsby", NULL});
    assert_int_equal(r.status, 200);
    char password[64];
    assert_true(body_between(&r, "<code class=\"secret\">", password, sizeof password));
    assert_int_equal(account_password_check(password), ACCOUNT_PW_OK);
    wt_resp_free(&r);
    WtClient *n = wt_client(srv);
    r = post_login(n, "nils", password);
    expect_redirect(&r, "/");
    wt_resp_free(&r);

    /* Edit: a new role takes effect at once (the session ends). */
    r = wt_get(c, "/admin/users/nils");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    r = wt_post(c, "/admin/users/nils", (const char *const[]){"name", "Nils Ek", "role",
                "trainer", "organisation", "", NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM app_user WHERE login = 'nils' AND "
                                      "role = 'trainer'"), 1);
    r = wt_get(n, "/");
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = wt_get(c, "/admin/users/nobody");
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);

    /* A trainer's activities. */
    r = wt_post(c, "/admin/users/nils/activities", (const char *const[]){"activity", "a1", NULL});
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "(a1)"));
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM activity_trainer"), 1);
    r = wt_post(c, "/admin/users/nils/activities", (const char *const[]){"activity", "a9", NULL});
    assert_int_equal(r.status, 422);
    wt_resp_free(&r);
    r = wt_post(c, "/admin/users/nils/activities",
                (const char *const[]){"activity", "a1", "remove", "1", NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM activity_trainer"), 0);

    /* Disable: no login; enable again; a reset password replaces the old one. */
    r = wt_post(c, "/admin/users/nils/disable", (const char *const[]){NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = post_login(n, "nils", password);
    assert_int_not_equal(r.status, 303);
    wt_resp_free(&r);
    r = wt_post(c, "/admin/users/nils/enable", (const char *const[]){NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_post(c, "/admin/users/nils/password", (const char *const[]){NULL});
    assert_int_equal(r.status, 200);
    char fresh[64];
    assert_true(body_between(&r, "<code class=\"secret\">", fresh, sizeof fresh));
    assert_string_not_equal(fresh, password);
    wt_resp_free(&r);
    r = post_login(n, "nils", fresh);
    expect_redirect(&r, "/");
    wt_resp_free(&r);
    /* An administrator cannot disable themselves. */
    r = wt_post(c, "/admin/users/admin1/disable", (const char *const[]){NULL});
    assert_int_equal(r.status, 422);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT disabled FROM app_user WHERE login = 'admin1'"), 0);
    /* A second factor reset: the manager must enrol again. */
    r = wt_post(c, "/admin/users/mona/totp-reset", (const char *const[]){NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_get(m, "/");
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = post_login(m, "mona", WT_PASSWORD);
    expect_redirect(&r, WEB_TOTP_ENROL_PATH);
    wt_resp_free(&r);
    db_close(db);
    wt_client_free(n);
    wt_client_free(m);
    wt_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totp_enrolment_and_login),
        cmocka_unit_test(test_my_account),
        cmocka_unit_test(test_admin_user_pages),
    };
    return cmocka_run_group_tests(tests, wt_setup, wt_teardown);
}
