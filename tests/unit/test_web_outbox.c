/* test_web_outbox.c — the outbox page over HTTP (/outbox): a manager sees each message with
 * its kind, a masked address and its state, cancels and retries (refused with 409 where the
 * state does not allow it), other roles get 403; and "Mitt konto" sets the account's e-mail
 * address and the kinds of message it receives, a malformed address refused and kept in the
 * form; the list a page of 50 at a time, its pager keeping the state filter; an admin sets
 * another account's address. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbox.h"
#include "testutil.h"
#include "webtest.h"

#define srv wt_srv

static void expect_redirect(const WtResp *r, const char *to)
{
    char loc[256] = "";
    wt_header(r, "Location", loc, sizeof loc);
    if (r->status != 303 || strcmp(loc, to) != 0)
        fail_msg("expected 303 to %s, got %ld to \"%s\"", to, r->status, loc);
}

static void test_outbox_page(void **state)
{
    (void)state;
    wt_user(srv, "mona", ROLE_MANAGER);
    wt_user(srv, "kalle", ROLE_COORDINATOR);
    Db *db = wt_db(srv);
    Errs errs;
    errs_init(&errs);
    int64_t id = 0;
    assert_int_equal(outbox_add_test(db, tu_manager(), "olle.holm@example.org", &id, &errs),
                     INSATS_OK);
    errs_free(&errs);

    WtClient *m = wt_client(srv);
    wt_login(m, "mona");
    WtResp r = wt_get(m, "/outbox");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "o***@example.org"));
    assert_false(wt_body_has(&r, "olle.holm"));
    assert_true(wt_body_has(&r, "Provmeddelande"));
    assert_true(wt_body_has(&r, "/outbox/1/cancel"));
    assert_false(wt_body_has(&r, "/outbox/1/retry"));
    wt_resp_free(&r);
    r = wt_get(m, "/outbox?state=sent");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Inga meddelanden."));
    wt_resp_free(&r);
    r = wt_get(m, "/outbox");
    wt_resp_free(&r);
    r = wt_post(m, "/outbox/1/cancel", (const char *const[]){NULL});
    expect_redirect(&r, "/outbox");
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM outbox WHERE state = 'cancelled'"), 1);
    r = wt_get(m, "/outbox");
    assert_true(wt_body_has(&r, "/outbox/1/retry"));
    wt_resp_free(&r);
    r = wt_post(m, "/outbox/1/cancel", (const char *const[]){NULL});
    assert_int_equal(r.status, 409);
    wt_assert_page(&r, true);
    wt_resp_free(&r);
    r = wt_get(m, "/outbox");
    wt_resp_free(&r);
    r = wt_post(m, "/outbox/1/retry", (const char *const[]){NULL});
    expect_redirect(&r, "/outbox");
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM outbox WHERE state = 'queued'"), 1);
    r = wt_get(m, "/outbox");
    wt_resp_free(&r);
    r = wt_post(m, "/outbox/99/retry", (const char *const[]){NULL});
    assert_int_equal(r.status, 409);
    wt_resp_free(&r);

    /* Another role: not in the navigation, refused. */
    WtClient *k = wt_client(srv);
    wt_login(k, "kalle");
    r = wt_get(k, "/");
    assert_false(wt_body_has(&r, "href=\"/outbox\""));
    wt_resp_free(&r);
    r = wt_get(k, "/outbox");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_get(k, "/account");
    wt_resp_free(&r);
    r = wt_post(k, "/outbox/1/cancel", (const char *const[]){NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM outbox WHERE state = 'queued'"), 1);
    db_close(db);
    wt_client_free(k);
    wt_client_free(m);
}

static void test_account_mail_settings(void **state)
{
    (void)state;
    wt_user(srv, "greta", ROLE_TRAINER);
    Db *db = wt_db(srv);
    WtClient *c = wt_client(srv);
    wt_login(c, "greta");
    WtResp r = wt_get(c, "/account");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "name=\"email\""));
    assert_true(wt_body_has(&r, "name=\"get_survey_reminder\" value=\"1\" checked"));
    assert_false(wt_body_has(&r, "get_test"));
    wt_resp_free(&r);
    /* Two kinds kept, the others turned off. */
    r = wt_post(c, "/account/mail",
                (const char *const[]){"email", "greta@example.org", "get_proposal_step", "1",
                                      "get_meeting_invitation", "1", NULL});
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "sparade"));
    assert_true(wt_body_has(&r, "name=\"get_survey_reminder\" value=\"1\">"));
    assert_true(wt_body_has(&r, "name=\"get_proposal_step\" value=\"1\" checked"));
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM app_user WHERE login = 'greta' AND "
                                      "email = 'greta@example.org'"), 1);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM mail_optout o JOIN app_user u ON "
                                      "u.id = o.user_id WHERE u.login = 'greta' AND o.kind IN "
                                      "('survey_reminder', 'action_reminder')"), 2);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM mail_optout"), 2);
    /* A malformed address: refused, kept in the form, nothing changed. */
    r = wt_post(c, "/account/mail",
                (const char *const[]){"email", "greta at home", "get_survey_reminder", "1",
                                      NULL});
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "value=\"greta at home\""));
    assert_true(wt_body_has(&r, "Det ser inte ut som en e-postadress"));
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM mail_optout"), 2);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM app_user WHERE login = 'greta' AND "
                                      "email = 'greta@example.org'"), 1);
    db_close(db);
    wt_client_free(c);
}

/* 130 messages more: the newest 50 on the first page, the pager's links keep the filter. */
static void test_outbox_pages(void **state)
{
    (void)state;
    wt_user(srv, "mia", ROLE_MANAGER);
    Db *db = wt_db(srv);
    Errs errs;
    errs_init(&errs);
    int64_t id = 0, first = 0;
    for (int i = 0; i < 130; i++) {
        assert_int_equal(outbox_add_test(db, tu_manager(), "per.berg@example.org", &id, &errs),
                         INSATS_OK);
        if (i == 0)
            first = id;
    }
    errs_free(&errs);
    /* every other one cancelled: 65 of those */
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE outbox SET state = 'cancelled' WHERE id >= %lld AND "
                              "id %% 2 = 0", (long long)first);
    tu_exec(db, sql);
    int64_t total = tu_query_int(db, "SELECT count(*) FROM outbox");
    int64_t cancelled = tu_query_int(db, "SELECT count(*) FROM outbox WHERE state = 'cancelled'");
    WtClient *m = wt_client(srv);
    wt_login(m, "mia");
    char want[64], row[64];
    WtResp r = wt_get(m, "/outbox");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    snprintf(want, sizeof want, "%lld meddelanden", (long long)total);
    assert_true(wt_body_has(&r, want));
    snprintf(row, sizeof row, "<th scope=\"row\">%lld</th>", (long long)id);
    assert_true(wt_body_has(&r, row));                 /* the newest */
    snprintf(row, sizeof row, "<th scope=\"row\">%lld</th>", (long long)(id - 50));
    assert_false(wt_body_has(&r, row));                /* the 51st newest is on page 2 */
    assert_true(wt_body_has(&r, "href=\"/outbox?page=2\""));
    wt_resp_free(&r);
    r = wt_get(m, "/outbox?page=2");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, row));
    assert_true(wt_body_has(&r, "aria-current=\"page\""));
    wt_resp_free(&r);
    /* the filter and its pages */
    r = wt_get(m, "/outbox?state=cancelled&page=2");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    snprintf(want, sizeof want, "%lld meddelanden", (long long)cancelled);
    assert_true(wt_body_has(&r, want));
    assert_true(wt_body_has(&r, "href=\"/outbox?state=cancelled&amp;page=1\""));
    assert_false(wt_body_has(&r, "Väntar</td>") || wt_body_has(&r, ">väntar<"));
    wt_resp_free(&r);
    /* the oldest on the last page */
    r = wt_get(m, "/outbox?page=3");
    assert_int_equal(r.status, 200);
    snprintf(row, sizeof row, "<th scope=\"row\">%lld</th>", (long long)first);
    assert_true(wt_body_has(&r, row));
    wt_resp_free(&r);
    r = wt_get(m, "/outbox?state=sent");
    assert_true(wt_body_has(&r, "Välj status Alla"));
    wt_resp_free(&r);
    db_close(db);
    wt_client_free(m);
}

/* An admin sets another account's address on its page; a malformed one is refused and kept in
 * the form; a manager may not. */
static void test_admin_sets_email(void **state)
{
    (void)state;
    wt_user(srv, "root", ROLE_ADMIN);
    wt_user(srv, "nils", ROLE_TRAINER);
    wt_user(srv, "mats", ROLE_MANAGER);
    Db *db = wt_db(srv);
    WtClient *a = wt_client(srv), *m = wt_client(srv);
    wt_login(a, "root");
    wt_login(m, "mats");
    WtResp r = wt_get(a, "/admin/users/nils");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "action=\"/admin/users/nils/email\""));
    wt_resp_free(&r);
    r = wt_post(a, "/admin/users/nils/email",
                (const char *const[]){"email", "nils.ek@example.org", NULL});
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "E-postadressen är sparad."));
    assert_true(wt_body_has(&r, "value=\"nils.ek@example.org\""));
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM app_user WHERE login = 'nils' AND "
                                      "email = 'nils.ek@example.org'"), 1);
    r = wt_post(a, "/admin/users/nils/email",
                (const char *const[]){"email", "nils at home", NULL});
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "value=\"nils at home\""));
    assert_true(wt_body_has(&r, "Det ser inte ut som en e-postadress"));
    wt_resp_free(&r);
    r = wt_post(m, "/admin/users/nils/email",
                (const char *const[]){"email", "x@example.org", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM app_user WHERE login = 'nils' AND "
                                      "email = 'nils.ek@example.org'"), 1);
    /* an empty address removes it */
    r = wt_post(a, "/admin/users/nils/email", (const char *const[]){"email", "", NULL});
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM app_user WHERE login = 'nils' AND "
                                      "email IS NULL"), 1);
    db_close(db);
    wt_client_free(a);
    wt_client_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outbox_page),
        cmocka_unit_test(test_account_mail_settings),
        cmocka_unit_test(test_outbox_pages),
        cmocka_unit_test(test_admin_sets_email),
    };
    return cmocka_run_group_tests(tests, wt_setup, wt_teardown);
}
