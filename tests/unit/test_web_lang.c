/* test_web_lang.c — the language of the pages: an account's own choice on "Mitt konto" wins
 * over the browser's Accept-Language, "auto" gives the choice back to the browser, a value
 * that is none of the three is refused and changes nothing; a visitor follows Accept-Language,
 * or the login page's link to the other language, which a cookie remembers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "testutil.h"
#include "webtest.h"

#define srv wt_srv

/* GET path with an Accept-Language header (NULL: none). */
static WtResp get_as(WtClient *c, const char *path, const char *accept)
{
    char h[128];
    snprintf(h, sizeof h, "Accept-Language: %s", accept ? accept : "");
    return wt_request(c, "GET", path, NULL, 0, accept ? (const char *const[]){h, NULL} : NULL);
}

/* Asserts that the page is in lang ("sv" or "en"): its lang attribute and a text of the
 * layout in that language. */
static void expect_lang(const WtResp *r, const char *lang)
{
    char attr[32];
    snprintf(attr, sizeof attr, "<html lang=\"%s\">", lang);
    if (!wt_body_has(r, attr))
        fail_msg("expected %s, the page begins: %.300s", attr, r->body.data ? r->body.data : "");
    bool en = strcmp(lang, "en") == 0;
    assert_true(wt_body_has(r, en ? "Skip to content" : "Till innehållet"));
    assert_false(wt_body_has(r, en ? "Till innehållet" : "Skip to content"));
}

/* The account's stored choice, read through the core. */
static Lang stored_lang(const char *login)
{
    Db *db = wt_db(srv);
    AccountUser u;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_find(db, login, &u, &errs), INSATS_OK);
    errs_free(&errs);
    db_close(db);
    return u.lang;
}

static void test_account_choice(void **state)
{
    (void)state;
    wt_user(srv, "vera", ROLE_READER);
    WtClient *c = wt_client(srv);
    wt_login(c, "vera");
    assert_int_equal(stored_lang("vera"), LANG_NONE);

    /* No choice yet: the browser's, with "Webbläsarens val" checked. */
    WtResp r = get_as(c, "/account", NULL);
    assert_int_equal(r.status, 200);
    expect_lang(&r, "sv");
    assert_true(wt_body_has(&r, "value=\"auto\" checked"));
    assert_true(wt_body_has(&r, "<legend>Visa sidorna på</legend>"));
    wt_resp_free(&r);
    r = get_as(c, "/account", "en-GB,en;q=0.9");
    expect_lang(&r, "en");
    assert_true(wt_body_has(&r, "My account"));
    wt_resp_free(&r);

    /* English chosen: the answer to the form is already English, and so is every page after
     * it, whatever the browser asks for. */
    r = wt_post(c, "/account/lang", (const char *const[]){"lang", "en", NULL});
    assert_int_equal(r.status, 200);
    expect_lang(&r, "en");
    assert_true(wt_body_has(&r, "The language is saved."));
    assert_true(wt_body_has(&r, "value=\"en\" checked"));
    wt_resp_free(&r);
    assert_int_equal(stored_lang("vera"), LANG_EN);
    r = get_as(c, "/account", "sv-SE,sv;q=0.9");
    expect_lang(&r, "en");
    wt_resp_free(&r);
    r = get_as(c, "/", NULL);
    expect_lang(&r, "en");
    assert_true(wt_body_has(&r, "Log out"));
    wt_resp_free(&r);
    /* Error pages too: a page that does not exist, a method the page does not take. */
    r = get_as(c, "/no-such-page", "sv");
    assert_int_equal(r.status, 404);
    expect_lang(&r, "en");
    assert_true(wt_body_has(&r, "Page not found"));
    wt_resp_free(&r);
    r = wt_request(c, "DELETE", "/account", NULL, 0, NULL);
    assert_int_equal(r.status, 405);
    expect_lang(&r, "en");
    wt_resp_free(&r);

    /* Swedish chosen wins over a browser that asks for English. */
    r = wt_post(c, "/account/lang", (const char *const[]){"lang", "sv", NULL});
    assert_int_equal(r.status, 200);
    expect_lang(&r, "sv");
    assert_true(wt_body_has(&r, "Språket är sparat."));
    wt_resp_free(&r);
    assert_int_equal(stored_lang("vera"), LANG_SV);
    r = get_as(c, "/account", "en-GB,en;q=0.9");
    expect_lang(&r, "sv");
    wt_resp_free(&r);

    /* A value that is none of the three: refused with the reason at the choice, nothing
     * changed, the page still in the account's language. */
    static const char *const bad[] = {"fr", "en-GB", "", "EN"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = wt_post(c, "/account/lang", (const char *const[]){"lang", bad[i], NULL});
        assert_int_equal(r.status, 422);
        expect_lang(&r, "sv");
        assert_true(wt_body_has(&r, "id=\"f-lang-err\""));
        assert_true(wt_body_has(&r, "Välj svenska, engelska eller webbläsarens val."));
        assert_true(wt_body_has(&r, "aria-describedby=\"f-lang-hint f-lang-err\""));
        assert_true(wt_body_has(&r, "value=\"sv\" checked"));
        wt_resp_free(&r);
        assert_int_equal(stored_lang("vera"), LANG_SV);
    }
    r = wt_post(c, "/account/lang", (const char *const[]){NULL});
    assert_int_equal(r.status, 422);
    wt_resp_free(&r);
    assert_int_equal(stored_lang("vera"), LANG_SV);

    /* "auto": the browser's again. */
    r = wt_post(c, "/account/lang", (const char *const[]){"lang", "auto", NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    assert_int_equal(stored_lang("vera"), LANG_NONE);
    r = get_as(c, "/account", "en-US,en;q=0.8");
    expect_lang(&r, "en");
    assert_true(wt_body_has(&r, "value=\"auto\" checked"));
    wt_resp_free(&r);
    r = get_as(c, "/account", NULL);
    expect_lang(&r, "sv");
    wt_resp_free(&r);

    /* Without the form's token nothing is changed. */
    r = wt_post(c, "/account/lang", (const char *const[]){"lang", "en", "csrf", "x", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    assert_int_equal(stored_lang("vera"), LANG_NONE);
    wt_client_free(c);
}

/* Another session of the same account follows the choice at its next request. */
static void test_choice_reaches_other_sessions(void **state)
{
    (void)state;
    wt_user(srv, "olle", ROLE_ECONOMIST);
    WtClient *a = wt_client(srv), *b = wt_client(srv);
    wt_login(a, "olle");
    wt_login(b, "olle");
    WtResp r = wt_post(a, "/account/lang", (const char *const[]){"lang", "en", NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = get_as(b, "/account", "sv");
    expect_lang(&r, "en");
    wt_resp_free(&r);
    wt_client_free(a);
    wt_client_free(b);
}

static void test_visitor(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    WtResp r = get_as(c, "/login", NULL);
    assert_int_equal(r.status, 200);
    expect_lang(&r, "sv");
    assert_true(wt_body_has(&r, "<a href=\"/login?lang=en\" lang=\"en\" hreflang=\"en\">"
                                "In English</a>"));
    wt_resp_free(&r);
    r = get_as(c, "/login", "en");
    expect_lang(&r, "en");
    assert_true(wt_body_has(&r, "hreflang=\"sv\">På svenska</a>"));
    wt_resp_free(&r);
    char v[16];
    assert_false(wt_cookie(c, "insats_lang", v, sizeof v));

    /* The link: English, remembered for the visitor's later pages, over the browser's. */
    r = get_as(c, "/login?lang=en&next=/people%3Fq%3D%22x%22", "sv");
    expect_lang(&r, "en");
    char set[200] = "";
    assert_true(wt_header(&r, "Set-Cookie", set, sizeof set));
    assert_non_null(strstr(set, "insats_lang=en; Path=/;"));
    assert_non_null(strstr(set, "SameSite=Lax"));
    /* The way back keeps where to go after logging in, escaped. */
    assert_true(wt_body_has(&r, "href=\"/login?lang=sv&amp;next=%2Fpeople%3Fq%3D%22x%22\""));
    wt_resp_free(&r);
    assert_true(wt_cookie(c, "insats_lang", v, sizeof v));
    assert_string_equal(v, "en");
    r = get_as(c, "/login", "sv");
    expect_lang(&r, "en");
    wt_resp_free(&r);
    r = get_as(c, "/no-such-page", "sv");
    assert_int_equal(r.status, 404);
    expect_lang(&r, "en");
    wt_resp_free(&r);

    /* A value that is not a language is no choice, and sets no cookie. */
    r = get_as(c, "/login?lang=%3Cscript%3E", NULL);
    expect_lang(&r, "en");
    assert_false(wt_header(&r, "Set-Cookie", set, sizeof set) &&
                 strstr(set, "insats_lang") != NULL);
    assert_false(wt_body_has(&r, "<script>"));
    wt_resp_free(&r);

    /* Back to Swedish. */
    r = get_as(c, "/login?lang=sv", "en");
    expect_lang(&r, "sv");
    wt_resp_free(&r);
    assert_true(wt_cookie(c, "insats_lang", v, sizeof v));
    assert_string_equal(v, "sv");

    /* An account that has chosen wins over the visitor's cookie; one that has not follows
     * it. */
    wt_user(srv, "kim", ROLE_READER);
    wt_login(c, "kim");
    r = get_as(c, "/account", "en");
    expect_lang(&r, "sv");
    wt_resp_free(&r);
    r = wt_post(c, "/account/lang", (const char *const[]){"lang", "en", NULL});
    assert_int_equal(r.status, 200);
    expect_lang(&r, "en");
    wt_resp_free(&r);
    r = get_as(c, "/account", NULL);
    expect_lang(&r, "en");
    wt_resp_free(&r);
    wt_client_free(c);
}

/* Numbers as the page's language writes and reads them: on an English page "1,250.50" is one
 * thousand two hundred and fifty, never one and a quarter; the list writes the amount as each
 * language does. */
static void test_numbers(void **state)
{
    (void)state;
    wt_user(srv, "ebba", ROLE_ECONOMIST);
    WtClient *c = wt_client(srv);
    wt_login(c, "ebba");
    WtResp r = wt_post(c, "/account/lang", (const char *const[]){"lang", "en", NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_get(c, "/costs/new");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "A number, such as 1,250.50."));
    wt_resp_free(&r);
    r = wt_post(c, "/costs/new", (const char *const[]){"id", "k-en", "date", "2012-03-01",
                                                       "category", "pers", "amount", "1,250.50",
                                                       NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    Db *db = wt_db(srv);
    assert_int_equal(tu_query_int(db, "SELECT amount_ore FROM cost_entry WHERE code = 'k-en'"),
                     125050);
    db_close(db);
    r = wt_get(c, "/costs");
    assert_true(wt_body_has(&r, "<td>1,250.50</td>"));
    wt_resp_free(&r);
    r = wt_get(c, "/costs/k-en/edit");
    assert_true(wt_body_has(&r, "value=\"1250.5\""));
    wt_resp_free(&r);

    /* The same in Swedish: a decimal comma, thousands apart by a no-break space. */
    r = wt_post(c, "/account/lang", (const char *const[]){"lang", "sv", NULL});
    wt_resp_free(&r);
    r = wt_post(c, "/costs/new", (const char *const[]){"id", "k-sv", "date", "2012-03-01",
                                                       "category", "pers", "amount", "1 250,50",
                                                       NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, "SELECT amount_ore FROM cost_entry WHERE code = 'k-sv'"),
                     125050);
    db_close(db);
    r = wt_get(c, "/costs");
    assert_true(wt_body_has(&r, "<td>1\u00a0250,50</td>"));
    wt_resp_free(&r);
    r = wt_get(c, "/costs/k-sv/edit");
    assert_true(wt_body_has(&r, "value=\"1250,5\""));
    wt_resp_free(&r);
    /* The download keeps the decimal comma a Swedish spreadsheet reads, whatever the page. */
    r = wt_get(c, "/costs.csv");
    assert_true(wt_body_has(&r, ";1250,50;"));
    wt_resp_free(&r);
    wt_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account_choice),
        cmocka_unit_test(test_choice_reaches_other_sessions),
        cmocka_unit_test(test_visitor),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, wt_setup, wt_teardown);
}
