/* test_web_router.c — the route table and the router: the table's rules, pattern matching,
 * methods, and the whole matrix of route × method × visitor over HTTP, walked from the table
 * itself so that every row added later is covered. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router.h"
#include "testutil.h"
#include "webtest.h"

#define srv wt_srv

static void test_table_keeps_its_rules(void **state)
{
    (void)state;
    assert_int_equal(router_check_table(stderr), 0);
    size_t n;
    const Route *rs = router_routes(&n);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        /* Who may use it is in every row; every state-changing row is checked for CSRF. */
        assert_true(rs[i].roles != 0 || (rs[i].flags & ROUTE_PUBLIC));
        assert_true(rs[i].method == WEB_GET || (rs[i].flags & (ROUTE_CSRF | ROUTE_API)));
    }
}

static void test_patterns(void **state)
{
    (void)state;
    WebPairs ps = {0};
    assert_true(router_pattern_matches("/", "/", NULL));
    assert_false(router_pattern_matches("/", "/x", NULL));
    assert_true(router_pattern_matches("/people", "/people", NULL));
    assert_false(router_pattern_matches("/people", "/people/", NULL));
    assert_false(router_pattern_matches("/people", "/peoplex", NULL));
    assert_false(router_pattern_matches("/people/{id}", "/people", NULL));
    assert_false(router_pattern_matches("/people/{id}", "/people/", NULL));
    assert_true(router_pattern_matches("/people/{id}/edit", "/people/p-1/edit", &ps));
    assert_int_equal(ps.count, 1);
    assert_string_equal(ps.items[0].name, "id");
    assert_string_equal(ps.items[0].value, "p-1");
    web_pairs_free(&ps);
    assert_false(router_pattern_matches("/people/{id}/edit", "/people/p-1/edit/x", &ps));
    assert_int_equal(ps.count, 0);
    assert_true(router_pattern_matches("/a/{x}/b/{y}", "/a/1/b/2", &ps));
    assert_int_equal(ps.count, 2);
    assert_string_equal(ps.items[1].name, "y");
    assert_string_equal(ps.items[1].value, "2");
    web_pairs_free(&ps);
}

static void test_methods(void **state)
{
    (void)state;
    assert_int_equal(router_method_parse("GET"), WEB_GET);
    assert_int_equal(router_method_parse("HEAD"), WEB_GET);
    assert_int_equal(router_method_parse("POST"), WEB_POST);
    assert_int_equal(router_method_parse("OPTIONS"), 0);
    assert_int_equal(router_method_parse("get"), 0);
    char allow[64];
    router_allow_header(WEB_GET | WEB_POST, allow, sizeof allow);
    assert_string_equal(allow, "GET, HEAD, POST");
    unsigned allowed;
    WebPairs ps = {0};
    const Route *r = router_match("/static/x.css", WEB_GET, &ps, &allowed);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/static/{file}");
    assert_string_equal(ctx_param(&(Ctx){.params = ps}, "file"), "x.css");
    web_pairs_free(&ps);
    assert_null(router_match("/static/x.css", WEB_DELETE, NULL, &allowed));
    assert_int_equal(allowed, WEB_GET);
    assert_null(router_match("/no/such/page", WEB_GET, NULL, &allowed));
    assert_int_equal(allowed, 0);
}

/* The path of a row with each {name} filled in. */
static char *matrix_path(const char *pattern)
{
    Buf b = {0};
    for (const char *p = pattern; *p; p++) {
        if (*p == '{') {
            buf_puts(&b, "x1");
            p = strchr(p, '}');
        } else {
            buf_putc(&b, *p);
        }
    }
    return buf_steal(&b);
}

static const struct {
    WebMethod m;
    const char *name;
} methods[] = {{WEB_GET, "GET"}, {WEB_POST, "POST"}, {WEB_PUT, "PUT"}, {WEB_DELETE, "DELETE"},
               {WEB_PATCH, "PATCH"}};

/* Every route × every method, for a visitor without a session: a path with no row for the
 * method is 405 (with Allow), a row that needs an account sends to the login page (the API:
 * 401), a public row reaches its handler; a state-changing request without a CSRF token is
 * refused 403 before its handler runs. */
static void test_matrix_for_visitors(void **state)
{
    (void)state;
    size_t n;
    const Route *rs = router_routes(&n);
    WtClient *c = wt_client(srv);
    for (size_t i = 0; i < n; i++) {
        char *path = matrix_path(rs[i].pattern);
        for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
            unsigned allowed;
            const Route *row = router_match(path, methods[k].m, NULL, &allowed);
            WtResp r = wt_request(c, methods[k].name, path, "", 0, NULL);
            char loc[256] = "";
            wt_header(&r, "Location", loc, sizeof loc);
            long want = -1;
            if (!row)
                want = 405;
            else if (!(row->flags & ROUTE_PUBLIC))
                want = (row->flags & ROUTE_API) ? 401 : 303;
            else if (methods[k].m != WEB_GET && !(row->flags & ROUTE_API))
                want = 403;   /* no CSRF token */
            if (want != -1 && r.status != want)
                fail_msg("%s %s: %ld, want %ld", methods[k].name, path, r.status, want);
            if (want == 303 && strncmp(loc, "/login", 6) != 0)
                fail_msg("%s %s: sent to \"%s\", not to the login page", methods[k].name, path,
                         loc);
            if (want == -1 && (r.status == 401 || r.status == 403 || r.status == 405))
                fail_msg("%s %s: %ld for a public route", methods[k].name, path, r.status);
            wt_assert_security_headers(&r, row && row->handler && r.status == 200 &&
                                               strncmp(path, "/static/", 8) == 0);
            wt_resp_free(&r);
        }
        free(path);
    }
    wt_client_free(c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_keeps_its_rules),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_matrix_for_visitors),
    };
    int rc = cmocka_run_group_tests(tests, wt_setup, wt_teardown);
    curl_global_cleanup();
    return rc;
}
