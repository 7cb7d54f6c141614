/* test_web_certificates.c — certificates over HTTP on tests/fixtures/bundle-min.json: the
 * public check (/verify and /verify/{code}) without a login shows a genuine certificate's
 * holder, activity and date and nothing else, says so of a withdrawn one, answers a wrong
 * code 404 after the same delay as a right one, and refuses an address that checks too often;
 * an activity's certificate page, the manager's issue by hand and withdrawal, the PDFs, and
 * the role rule of every new route. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "testutil.h"
#include "webtest.h"

/* c1's code, as stored and as printed */
static char code[16], shown[24];

static int setup(void **state)
{
    if (wt_setup(state) != 0)
        return -1;
    Db *db = wt_db(wt_srv);
    sqlite3_stmt *st = db_prepare(db, "SELECT verification FROM certificate WHERE code = 'c1'");
    int ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(shown, sizeof shown, "%.5s-%s", code, code + 5);
    }
    sqlite3_finalize(st);
    db_close(db);
    return ok ? 0 : -1;
}

static WtClient *client_as(const char *login, Role role)
{
    wt_user(wt_srv, login, role);
    WtClient *c = wt_client(wt_srv);
    wt_login(c, login);
    return c;
}

static void test_verify_public(void **state)
{
    (void)state;
    WtClient *c = wt_client(wt_srv);   /* no login */
    WtResp r = wt_get(c, "/verify");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, false);
    wt_assert_security_headers(&r, false);
    assert_true(wt_body_has(&r, "name=\"code\""));
    wt_resp_free(&r);

    char path[64];
    snprintf(path, sizeof path, "/verify/%s", shown);
    WtResp ok = wt_get(c, path);
    assert_int_equal(ok.status, 200);
    wt_assert_page(&ok, false);
    assert_true(wt_body_has(&ok, "äkta"));
    assert_true(wt_body_has(&ok, "Anna Andersson"));
    assert_true(wt_body_has(&ok, "Svåra samtal, grupp 1"));
    assert_true(wt_body_has(&ok, "2012-04-20"));
    /* nothing else of the person or the project */
    assert_false(wt_body_has(&ok, "anna@example.se"));
    assert_false(wt_body_has(&ok, "Sunne"));
    assert_false(wt_body_has(&ok, "Undersköterska"));
    assert_false(wt_body_has(&ok, "9802"));

    /* the form's GET, typed in lower case */
    char lower[64];
    snprintf(lower, sizeof lower, "/verify?code=%s", shown);
    for (char *s = lower + 13; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
    WtResp typed = wt_get(c, lower);
    assert_int_equal(typed.status, 200);
    assert_true(wt_body_has(&typed, "Anna Andersson"));
    wt_resp_free(&typed);

    /* a wrong code: 404, after the same delay as the right one */
    char wrong[16];
    snprintf(wrong, sizeof wrong, "%s", code);
    wrong[0] = wrong[0] == 'Z' ? 'Y' : 'Z';
    snprintf(path, sizeof path, "/verify/%s", wrong);
    WtResp no = wt_get(c, path);
    assert_int_equal(no.status, 404);
    wt_assert_page(&no, false);
    assert_true(wt_body_has(&no, "inget intyg"));
    assert_false(wt_body_has(&no, "Anna"));
    assert_true(ok.seconds >= 0.24 && no.seconds >= 0.24);
    double diff = ok.seconds > no.seconds ? ok.seconds - no.seconds : no.seconds - ok.seconds;
    if (diff > 0.15)
        fail_msg("a right code took %.3f s, a wrong one %.3f s", ok.seconds, no.seconds);
    WtResp junk = wt_get(c, "/verify/%3Cscript%3E");
    assert_int_equal(junk.status, 404);
    assert_false(wt_body_has(&junk, "<script>"));
    wt_resp_free(&junk);
    wt_resp_free(&ok);
    wt_resp_free(&no);

    /* withdrawn: the page says so */
    Db *db = wt_db(wt_srv);
    tu_exec(db, "UPDATE certificate SET withdrawn = '2012-05-01', withdrawn_reason = 'Fel' "
                "WHERE code = 'c1'");
    snprintf(path, sizeof path, "/verify/%s", code);
    WtResp w = wt_get(c, path);
    assert_int_equal(w.status, 200);
    assert_true(wt_body_has(&w, "återkallat"));
    assert_true(wt_body_has(&w, "2012-05-01"));
    assert_false(wt_body_has(&w, "Fel"));   /* the reason is the project's, not the public's */
    wt_resp_free(&w);
    tu_exec(db, "UPDATE certificate SET withdrawn = NULL, withdrawn_reason = NULL "
                "WHERE code = 'c1'");
    db_close(db);
    wt_client_free(c);
}

static void test_activity_page_and_roles(void **state)
{
    (void)state;
    WtClient *m = client_as("cert-manager", ROLE_MANAGER);
    WtResp r = wt_get(m, "/activities/a1/certificates");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Anna Andersson"));
    assert_true(wt_body_has(&r, shown));
    assert_true(wt_body_has(&r, "Utfärda för hand"));
    wt_resp_free(&r);

    /* by hand: a reason is required, then the certificate is there */
    r = wt_post(m, "/activities/a1/certificates/manual",
                (const char *const[]){"person", "p2", "reason", "", NULL});
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "skälet"));
    wt_resp_free(&r);
    r = wt_post(m, "/activities/a1/certificates/manual",
                (const char *const[]){"person", "p2", "reason", "Extra tillfälle", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    Db *db = wt_db(wt_srv);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM certificate WHERE code = 'a1-p2' "
                                      "AND basis = 'manual' AND reason = 'Extra tillfälle'"), 1);

    /* PDFs */
    r = wt_get(m, "/certificates/a1-p2/pdf");
    assert_int_equal(r.status, 200);
    assert_true(r.body.len > 1000 && memcmp(r.body.data, "%PDF", 4) == 0);
    wt_resp_free(&r);
    r = wt_get(m, "/activities/a1/certificates/pdf");
    assert_int_equal(r.status, 200);
    assert_true(memcmp(r.body.data, "%PDF", 4) == 0);
    wt_resp_free(&r);

    /* withdraw: its form, and a reason is required */
    r = wt_get(m, "/certificates/a1-p2/withdraw");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    r = wt_post(m, "/certificates/a1-p2/withdraw", (const char *const[]){"reason", "", NULL});
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Ange ett skäl"));
    wt_resp_free(&r);
    r = wt_post(m, "/certificates/a1-p2/withdraw",
                (const char *const[]){"reason", "Utfärdat av misstag", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM certificate WHERE code = 'a1-p2' "
                                      "AND withdrawn IS NOT NULL"), 1);
    r = wt_get(m, "/certificates/a1-p2/pdf");
    assert_int_equal(r.status, 404);   /* a withdrawn one is not printed */
    wt_resp_free(&r);

    /* issue by the attendance: a1 is held */
    r = wt_post(m, "/activities/a1/certificates/issue", (const char *const[]){NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);

    /* every other role: the route table refuses them (a coordinator reads, writes nothing) */
    WtClient *co = client_as("cert-coord", ROLE_COORDINATOR);
    r = wt_get(co, "/activities/a1/certificates");
    assert_int_equal(r.status, 200);
    assert_false(wt_body_has(&r, "Utfärda för hand"));
    wt_resp_free(&r);
    r = wt_post(co, "/activities/a1/certificates/issue", (const char *const[]){NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_post(co, "/activities/a1/certificates/manual",
                (const char *const[]){"person", "p3", "reason", "x", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_post(co, "/certificates/c1/withdraw", (const char *const[]){"reason", "x", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(co);
    static const struct {
        const char *login;
        Role role;
    } others[] = {{"cert-trainer", ROLE_TRAINER}, {"cert-reader", ROLE_READER},
                  {"cert-eval", ROLE_EVALUATOR}, {"cert-econ", ROLE_ECONOMIST}};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        WtClient *o = client_as(others[i].login, others[i].role);
        const char *paths[] = {"/activities/a1/certificates", "/activities/a1/certificates/pdf",
                               "/certificates/c1/pdf"};
        for (size_t k = 0; k < 3; k++) {
            r = wt_get(o, paths[k]);
            if (r.status != 403)
                fail_msg("%s got %ld for %s", others[i].login, r.status, paths[k]);
            wt_resp_free(&r);
        }
        r = wt_post(o, "/activities/a1/certificates/issue", (const char *const[]){NULL});
        assert_int_equal(r.status, 403);
        wt_resp_free(&r);
        wt_client_free(o);
    }
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM certificate WHERE code = 'c1' AND "
                                      "withdrawn IS NULL"), 1);
    db_close(db);
    wt_client_free(m);
}

/* Last: the address has used some of its checks already. */
static void test_verify_rate_limit(void **state)
{
    (void)state;
    WtClient *c = wt_client(wt_srv);
    char path[64];
    snprintf(path, sizeof path, "/verify/%s", code);
    int answered = 0, refused = 0;
    for (int i = 0; i < 22 && !refused; i++) {
        WtResp r = wt_get(c, path);
        if (r.status == 429) {
            refused = 1;
            wt_assert_page(&r, false);
            assert_false(wt_body_has(&r, "Anna"));
        } else {
            assert_int_equal(r.status, 200);
            answered++;
        }
        wt_resp_free(&r);
    }
    assert_true(refused);
    assert_true(answered <= 20);   /* at most 10 a minute (two minutes if one ended meanwhile) */
    wt_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_public),
        cmocka_unit_test(test_activity_page_and_roles),
        cmocka_unit_test(test_verify_rate_limit),
    };
    return cmocka_run_group_tests(tests, setup, wt_teardown);
}
