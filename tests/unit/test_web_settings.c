/* test_web_settings.c — the project's settings in the browser (/settings): a manager sets the
 * funder's statement and the public address, a bad address is refused with the form kept and
 * nothing changed, no other role reaches the page, and the survey links are then built on the
 * project's address. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "testutil.h"
#include "webtest.h"

static ProjectSettings settings_now(WtServer *srv)
{
    Db *db = wt_db(srv);
    int64_t pid = tu_query_int(db, "SELECT id FROM project");
    ProjectSettings s;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(project_settings_get(db, pid, &s, &errs), INSATS_OK);
    errs_free(&errs);
    db_close(db);
    return s;
}

static void test_settings_page(void **state)
{
    (void)state;
    WtServer *srv = wt_srv;
    wt_user(srv, "chef", ROLE_MANAGER);
    wt_user(srv, "koord", ROLE_COORDINATOR);
    WtClient *chef = wt_client(srv), *koord = wt_client(srv);
    wt_login(chef, "chef");
    wt_login(koord, "koord");

    WtResp r = wt_get(chef, "/settings");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Finansiärens text på intygen"));
    assert_true(wt_body_has(&r, PROJECT_STATEMENT_DEFAULT));   /* the default, as a hint */
    wt_resp_free(&r);
    r = wt_get(koord, "/settings");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_post(koord, "/settings", (const char *const[]){"public_url", "https://x.se", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);

    /* a bad address: the form again with what was written, nothing stored */
    r = wt_post(chef, "/settings", (const char *const[]){"statement", "Finansieras av ESF+.",
                                                         "public_url", "insats.kommun.se",
                                                         NULL});
    assert_int_equal(r.status, 422);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Skriv hela adressen med https://"));
    assert_true(wt_body_has(&r, "value=\"insats.kommun.se\""));
    wt_resp_free(&r);
    ProjectSettings s = settings_now(srv);
    assert_true(s.statement_is_default);
    assert_string_equal(s.public_url, "");

    r = wt_post(chef, "/settings", (const char *const[]){"statement", "Finansieras av ESF+.",
                                                         "public_url",
                                                         "https://insats.kommun.se/", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    s = settings_now(srv);
    assert_string_equal(s.statement, "Finansieras av ESF+.");
    assert_false(s.statement_is_default);
    assert_string_equal(s.public_url, "https://insats.kommun.se");
    r = wt_get(chef, "/settings?saved=1");
    assert_true(wt_body_has(&r, "Inställningarna är sparade."));
    assert_true(wt_body_has(&r, "value=\"https://insats.kommun.se\""));
    wt_resp_free(&r);

    /* the links for participants are built on the project's address */
    const char *survey = "e1";   /* the fixture's survey */
    char path[160];
    snprintf(path, sizeof path, "/surveys/%s/link", survey);
    r = wt_post(chef, path, (const char *const[]){NULL});
    wt_resp_free(&r);
    snprintf(path, sizeof path, "/surveys/%s", survey);
    r = wt_get(chef, path);
    assert_true(wt_body_has(&r, "https://insats.kommun.se/s/"));
    wt_resp_free(&r);

    /* empty fields return to the default statement and no address */
    r = wt_post(chef, "/settings", (const char *const[]){"statement", "", "public_url", "",
                                                         NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    s = settings_now(srv);
    assert_true(s.statement_is_default);
    assert_string_equal(s.statement, PROJECT_STATEMENT_DEFAULT);
    assert_string_equal(s.public_url, "");
    wt_client_free(chef);
    wt_client_free(koord);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settings_page),
    };
    return cmocka_run_group_tests(tests, wt_setup, wt_teardown);
}
