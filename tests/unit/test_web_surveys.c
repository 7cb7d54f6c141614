/* test_web_surveys.c — the anonymous answer link over HTTP (pages_surveys.c): the form at
 * /s/{token} without login and without a cookie of its own; an answer stored with the
 * anonymity rule and thanked; one answer per browser (a cookie the same for everyone); a
 * closed survey; a wrong token 404 after the same wait as a right one; a post without the
 * form's stamp or from another site refused; a signed-in user answering anonymously; the
 * survey's page with the link, its QR code, the response rate and the results without a small
 * cell; the A4 sheet (read back with pdftotext); a survey made from a template. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "webtest.h"

#define TOKEN "Tst0ken-survey_link-abcdefghij01"
#define FORM "/s/" TOKEN

static WtServer *web;

static int setup(void **state)
{
    (void)state;
    web = wt_start(NULL);
    if (!web)
        return -1;
    Db *db = wt_db(web);
    tu_import_fixture(db, "survey-link.json", NULL);
    db_close(db);
    wt_user(web, "projektledare", ROLE_MANAGER);
    wt_user(web, "lasaren", ROLE_READER);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wt_stop(web);
    return 0;
}

static int64_t count(const char *sql)
{
    Db *db = wt_db(web);
    int64_t n = tu_query_int(db, sql);
    db_close(db);
    return n;
}

/* The stamp of the form in a page's body. */
static void form_stamp(const WtResp *r, char *out, size_t cap)
{
    const char *at = strstr(r->body.data, "name=\"stamp\" value=\"");
    assert_non_null(at);
    at += strlen("name=\"stamp\" value=\"");
    size_t n = strcspn(at, "\"");
    assert_true(n < cap);
    memcpy(out, at, n);
    out[n] = '\0';
}

/* Opens the form as c and keeps its stamp, as a browser does. */
static void open_form(WtClient *c, char *stamp, size_t cap)
{
    WtResp r = wt_get(c, FORM);
    assert_int_equal(r.status, 200);
    form_stamp(&r, stamp, cap);
    wt_resp_free(&r);
}

static void test_form_public_no_cookie(void **state)
{
    (void)state;
    WtClient *c = wt_client(web);
    WtResp r = wt_get(c, FORM);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, false);
    wt_assert_security_headers(&r, false);
    char v[256];
    assert_false(wt_header(&r, "set-cookie", v, sizeof v));
    assert_true(wt_body_has(&r, "Utvärdering: Digitala verktyg, grupp 3"));
    assert_true(wt_body_has(&r, "Inte alls"));
    assert_true(wt_body_has(&r, "I mycket hög grad"));
    assert_true(wt_body_has(&r, "Vill inte ange"));
    assert_true(wt_body_has(&r, "Torsby kommun"));
    /* No session's CSRF token in a public form: its stamp only. */
    assert_false(wt_body_has(&r, "name=\"csrf\""));
    assert_true(wt_body_has(&r, "name=\"stamp\""));
    wt_resp_free(&r);
    wt_client_free(c);
}

static void test_wrong_token_404_same_wait(void **state)
{
    (void)state;
    WtClient *c = wt_client(web);
    WtResp right = wt_get(c, FORM);
    WtResp wrong = wt_get(c, "/s/Tst0ken-survey_link-abcdefghij02");
    WtResp odd = wt_get(c, "/s/x");
    assert_int_equal(right.status, 200);
    assert_int_equal(wrong.status, 404);
    assert_int_equal(odd.status, 404);
    wt_assert_page(&wrong, false);
    assert_true(right.seconds >= 0.15);
    assert_true(wrong.seconds >= 0.15);
    assert_true(odd.seconds >= 0.15);
    WtResp post = wt_post(c, "/s/Tst0ken-survey_link-abcdefghij02",
                          (const char *const[]){"stamp", "x", "q-q1", "3", NULL});
    assert_int_equal(post.status, 404);
    assert_true(post.seconds >= 0.15);
    wt_resp_free(&post);
    wt_resp_free(&odd);
    wt_resp_free(&wrong);
    wt_resp_free(&right);
    wt_client_free(c);
}

/* Answers, is thanked, gets the cookie that only says "answered" and, with it, the thanks
 * instead of the form; a second post is not stored. */
static void test_answer_once_per_browser(void **state)
{
    (void)state;
    int64_t n0 = count("SELECT count(*) FROM response");
    WtClient *c = wt_client(web);
    char stamp[64];
    open_form(c, stamp, sizeof stamp);
    WtResp r;
    r = wt_post(c, FORM, (const char *const[]){"stamp", stamp, "q-q1", "4", "q-q2", "yes",
                                               "q-q3", "Bra kurs", "organisation", "sunne",
                                               "gender", "male", NULL});
    assert_int_equal(r.status, 303);
    char cookie[256];
    assert_true(wt_header(&r, "set-cookie", cookie, sizeof cookie));
    assert_non_null(strstr(cookie, "=1;"));
    assert_non_null(strstr(cookie, "Path=/s/"));
    assert_non_null(strstr(cookie, "HttpOnly"));
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM response"), n0 + 1);
    /* Sunne men present: 4, so the organisation is kept and the gender not. */
    assert_int_equal(count("SELECT count(*) FROM response r JOIN organisation o ON"
                           " o.id = r.organisation_id WHERE r.code LIKE 'w%' AND o.code ="
                           " 'sunne' AND r.gender IS NULL AND r.answered_on IS NOT NULL"), 1);
    r = wt_get(c, FORM);
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Tack!"));
    assert_false(wt_body_has(&r, "name=\"stamp\""));
    wt_resp_free(&r);
    r = wt_post(c, FORM, (const char *const[]){"stamp", stamp, "q-q1", "1", NULL});
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Tack!"));
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM response"), n0 + 1);
    /* Another browser's cookie is the same: it tells no browser from another. */
    WtClient *c2 = wt_client(web);
    r = wt_get(c2, FORM);
    char stamp2[64];
    form_stamp(&r, stamp2, sizeof stamp2);
    assert_string_equal(stamp, stamp2);
    wt_resp_free(&r);
    r = wt_post(c2, FORM, (const char *const[]){"stamp", stamp2, "q-q1", "2", NULL});
    char cookie2[256];
    assert_true(wt_header(&r, "set-cookie", cookie2, sizeof cookie2));
    assert_string_equal(cookie, cookie2);
    wt_resp_free(&r);
    wt_client_free(c2);
    wt_client_free(c);
}

static void test_refused_posts(void **state)
{
    (void)state;
    int64_t n0 = count("SELECT count(*) FROM response");
    WtClient *c = wt_client(web);
    char stamp[64];
    open_form(c, stamp, sizeof stamp);
    WtResp r;
    /* No stamp, or a stale one. */
    r = wt_post(c, FORM, (const char *const[]){"q-q1", "4", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_post(c, FORM, (const char *const[]){"stamp", "00000000000000000000000000000000",
                                               "q-q1", "4", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    /* From another site. */
    char body[128];
    snprintf(body, sizeof body, "stamp=%s&q-q1=4", stamp);
    r = wt_request(c, "POST", FORM, body, strlen(body),
                   (const char *const[]){"Content-Type: application/x-www-form-urlencoded",
                                         "Sec-Fetch-Site: cross-site", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_request(c, "POST", FORM, body, strlen(body),
                   (const char *const[]){"Content-Type: application/x-www-form-urlencoded",
                                         "Origin: https://elsewhere.example", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    /* A value not on the scale: the form again, with the message beside its question. */
    r = wt_post(c, FORM, (const char *const[]){"stamp", stamp, "q-q1", "9", NULL});
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, false);
    assert_true(wt_body_has(&r, "Välj ett av svaren."));
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM response"), n0);
    wt_client_free(c);
}

static void test_closed(void **state)
{
    (void)state;
    Db *db = wt_db(web);
    tu_exec(db, "UPDATE survey SET closes = '2013-04-01' WHERE code = 'es1'");
    db_close(db);
    int64_t n0 = count("SELECT count(*) FROM response");
    WtClient *c = wt_client(web);
    WtResp r = wt_get(c, FORM);
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Enkäten stängdes"));
    assert_false(wt_body_has(&r, "name=\"stamp\""));
    wt_resp_free(&r);
    db = wt_db(web);
    tu_exec(db, "UPDATE survey SET closes = '2030-01-31' WHERE code = 'es1'");
    db_close(db);
    r = wt_get(c, FORM);
    char stamp[64];
    form_stamp(&r, stamp, sizeof stamp);
    wt_resp_free(&r);
    db = wt_db(web);
    tu_exec(db, "UPDATE survey SET closes = '2013-04-01' WHERE code = 'es1'");
    db_close(db);
    r = wt_post(c, FORM, (const char *const[]){"stamp", stamp, "q-q1", "4", NULL});
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Enkäten stängdes"));
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM response"), n0);
    db = wt_db(web);
    tu_exec(db, "UPDATE survey SET closes = '2030-01-31' WHERE code = 'es1'");
    db_close(db);
    wt_client_free(c);
}

/* A signed-in manager who answers does so as anyone: nothing of the account in the trail. */
static void test_signed_in_answers_anonymously(void **state)
{
    (void)state;
    WtClient *c = wt_client(web);
    wt_login(c, "projektledare");
    int64_t a0 = count("SELECT max(id) FROM audit_log");
    char stamp[64];
    open_form(c, stamp, sizeof stamp);
    WtResp r;
    r = wt_post(c, FORM, (const char *const[]){"stamp", stamp, "q-q1", "5", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld AND"
             " actor_login = 'projektledare'", (long long)a0);
    assert_int_equal(count(sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld AND"
             " actor_login = 'anonym' AND at GLOB '*T00:00:00Z'", (long long)a0);
    assert_int_equal(count(sql), 1);
    wt_client_free(c);
}

static void test_survey_page_link_and_results(void **state)
{
    (void)state;
    WtClient *c = wt_client(web);
    wt_login(c, "projektledare");
    WtResp r = wt_get(c, "/surveys/es1");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "/s/" TOKEN));
    assert_true(wt_body_has(&r, "<svg class=\"qr\""));
    assert_true(wt_body_has(&r, "Svarsfrekvens"));
    assert_true(wt_body_has(&r, "närvarande deltagare"));
    assert_true(wt_body_has(&r, "Resultat per fråga"));
    /* every heading of the questions' table in Swedish */
    assert_true(wt_body_has(&r, "<th scope=\"col\">Räknas från</th>"));
    assert_false(wt_body_has(&r, ">threshold<"));
    /* The results, never the answers one by one: cells under 5 say so and show no figure. */
    assert_true(wt_body_has(&r, "färre än 5 svar"));
    assert_false(wt_body_has(&r, "Bra kurs"));
    wt_resp_free(&r);
    /* es2 has no link yet: the button makes one. */
    r = wt_get(c, "/surveys/es2");
    assert_true(wt_body_has(&r, "Skapa svarslänk"));
    wt_resp_free(&r);
    r = wt_post(c, "/surveys/es2/link", (const char *const[]){NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    assert_int_equal(count("SELECT length(token) FROM survey WHERE code = 'es2'"), 32);
    /* The A4 sheet. */
    r = wt_get(c, "/surveys/es1/sheet.pdf");
    assert_int_equal(r.status, 200);
    char type[64];
    assert_true(wt_header(&r, "content-type", type, sizeof type));
    assert_string_equal(type, "application/pdf");
    char *path = xasprintf("%s/sheet.pdf", web->dir);
    tu_write_file(path, r.body.data, r.body.len);
    wt_resp_free(&r);
    char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' - && pdfinfo '%s'", path, path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    Buf text = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&text, chunk, n);
    assert_int_equal(pclose(f), 0);
    buf_putc(&text, '\0');
    for (char *ch = text.data; *ch; ch++)   /* lines wrapped by the layout read as one */
        if (*ch == '\n')
            *ch = ' ';
    assert_non_null(strstr(text.data, "Utvärdering: Digitala verktyg, grupp 3"));
    assert_non_null(strstr(text.data, "/s/" TOKEN));
    assert_non_null(strstr(text.data, "Sista svarsdag: 2030-01-31"));
    assert_non_null(strstr(text.data, "Pages:           1 "));
    assert_non_null(strstr(text.data, "595.28 x 841.89"));
    buf_free(&text);
    free(cmd);
    free(path);
    /* A reader reads the link and the sheet but makes none. */
    WtClient *rd = wt_client(web);
    wt_login(rd, "lasaren");
    r = wt_get(rd, "/surveys/es1");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "/s/" TOKEN));
    wt_resp_free(&r);
    r = wt_post(rd, "/surveys/es1/link", (const char *const[]){NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(rd);
    wt_client_free(c);
}

static void test_from_template(void **state)
{
    (void)state;
    WtClient *c = wt_client(web);
    wt_login(c, "projektledare");
    WtResp r = wt_get(c, "/surveys/new/template");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    r = wt_post(c, "/surveys/new/template",
                (const char *const[]){"template", "after_activity", "activity", "as1", NULL});
    assert_int_equal(r.status, 303);
    char loc[128];
    assert_true(wt_header(&r, "location", loc, sizeof loc));
    assert_string_equal(loc, "/surveys/enk-as1");
    wt_resp_free(&r);
    assert_int_equal(count("SELECT count(*) FROM survey WHERE code = 'enk-as1' AND"
                           " length(token) = 32"), 1);
    r = wt_post(c, "/surveys/new/template",
                (const char *const[]){"template", "after_activity", "activity", "nope", NULL});
    assert_int_equal(r.status, 422);
    wt_resp_free(&r);
    wt_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_public_no_cookie),
        cmocka_unit_test(test_wrong_token_404_same_wait),
        cmocka_unit_test(test_answer_once_per_browser),
        cmocka_unit_test(test_refused_posts),
        cmocka_unit_test(test_closed),
        cmocka_unit_test(test_signed_in_answers_anonymously),
        cmocka_unit_test(test_survey_page_link_and_results),
        cmocka_unit_test(test_from_template),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
