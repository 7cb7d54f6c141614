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
#include <time.h>

#include "account.h"
#include "browse.h"

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
        /* Who may use it is in every row; every state-changing row is checked for CSRF, or
         * — a public form without a session, such as a survey's answers — by its handler's
         * own form token. */
        assert_true(rs[i].roles != 0 || (rs[i].flags & ROUTE_PUBLIC));
        assert_true(rs[i].method == WEB_GET || (rs[i].flags & (ROUTE_CSRF | ROUTE_API)) ||
                    ((rs[i].flags & ROUTE_OWN_TOKEN) && (rs[i].flags & ROUTE_PUBLIC) &&
                     rs[i].roles == 0));
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
    /* The path as sent: split at its slashes, then each segment decoded, so that an id with
     * a slash in it ("Dnr 2024/17") is one parameter and an escaped letter is the letter. */
    assert_true(router_pattern_matches("/people/{id}/edit", "/people/Dnr%202024%2F17/edit", &ps));
    assert_int_equal(ps.count, 1);
    assert_string_equal(ps.items[0].value, "Dnr 2024/17");
    web_pairs_free(&ps);
    assert_false(router_pattern_matches("/people/{id}", "/people/Dnr%202024%2F17/edit", NULL));
    assert_true(router_pattern_matches("/people", "/peop%6Ce", NULL));
    assert_true(router_pattern_matches("/people/{id}", "/people/50%", &ps));
    assert_string_equal(ps.items[0].value, "50%");
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
    assert_string_equal(allow, "GET, HEAD, POST, OPTIONS");
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

/* The roles of the row that answers GET path. */
static unsigned get_roles(const char *path)
{
    unsigned allowed;
    WebPairs ps = {0};
    const Route *r = router_match(path, WEB_GET, &ps, &allowed);
    web_pairs_free(&ps);
    if (!r)
        fail_msg("no route answers GET %s", path);
    return r->roles;
}

/* The pages of a kind (its list, downloads and records) and the API's reads of it allow
 * exactly the core's readers of the kind, browse_readers(): one rule for both. And that rule
 * is SPEC.md's role table: a trainer reads their activities but not the budget or its costs,
 * the budget and costs are the economist's, admin reads no records, names are for the manager
 * and the coordinators. */
static void test_record_readers_are_the_cores(void **state)
{
    (void)state;
    static const char *const kinds[] = {
        "organisations", "people", "groups", "interventions", "proposals", "activities",
        "surveys", "certificates", "goals", "costs", "deviations", "meetings", "dissemination",
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        unsigned want = browse_readers(kinds[i]);
        assert_true(want != 0);
        static const char *const forms[][2] = {{"/", ""},        {"/", ".csv"},
                                               {"/", ".xlsx"},   {"/", "/x1"},
                                               {"/api/v1/", ""}, {"/api/v1/", "/x1"}};
        for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
            char path[128];
            snprintf(path, sizeof path, "%s%s%s", forms[f][0], kinds[i], forms[f][1]);
            if (get_roles(path) != want)
                fail_msg("GET %s allows roles %#x, the core's readers of %s are %#x", path,
                         get_roles(path), kinds[i], want);
        }
    }
    assert_int_equal(get_roles("/budget"), BROWSE_READ_BUDGET);
    static const struct {
        const char *kind;
        Role role;
        bool reads;
    } rule[] = {
        {"activities", ROLE_TRAINER, true},   {"costs", ROLE_TRAINER, false},
        {"costs", ROLE_COORDINATOR, false},   {"costs", ROLE_ECONOMIST, true},
        {"people", ROLE_TRAINER, false},      {"people", ROLE_COORDINATOR, true},
        {"people", ROLE_ADMIN, false},        {"activities", ROLE_ADMIN, false},
        {"surveys", ROLE_EVALUATOR, true},    {"surveys", ROLE_READER, true},
        {"meetings", ROLE_READER, false},     {"meetings", ROLE_ECONOMIST, false},
        {"meetings", ROLE_COORDINATOR, true}, {"goals", ROLE_READER, true},
        {"certificates", ROLE_EVALUATOR, false},
    };
    for (size_t i = 0; i < sizeof rule / sizeof *rule; i++)
        if (((browse_readers(rule[i].kind) & ROLE_BIT(rule[i].role)) != 0) != rule[i].reads)
            fail_msg("%s %s read %s", actor_role_name(rule[i].role),
                     rule[i].reads ? "must" : "must not", rule[i].kind);
    assert_false(BROWSE_READ_BUDGET & ROLE_BIT(ROLE_TRAINER));
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

/* What a refusal's page says, so that a 403 for the role is told from a 403 for CSRF. */
#define ROLE_REFUSED "Din roll ger inte tillgång"
#define CSRF_REFUSED "Formuläret kunde inte tas emot"

/* One cell: the route's path with method, as `who` (a role, or -1 for a visitor without an
 * account). State-changing requests are sent without a CSRF token, so that no handler with an
 * effect runs: where the role may use the row the router must refuse them for the token, where
 * it may not, for the role. */
static void matrix_cell(WtClient *c, int who, const char *token, const char *path,
                        const char *mname, WebMethod m)
{
    unsigned allowed;
    const Route *row = router_match(path, m, NULL, &allowed);
    const char *const bearer[] = {token, NULL};
    bool api = strncmp(path, "/api/v1/", 8) == 0;
    WtResp r = wt_request(c, mname, path, "", 0, api && token ? bearer : NULL);
    char loc[256] = "";
    wt_header(&r, "Location", loc, sizeof loc);
    const char *role = who < 0 ? "visitor" : actor_role_name((Role)who);
    if (!row) {
        if (r.status != 405)
            fail_msg("%s %s as %s: %ld, want 405", mname, path, role, r.status);
    } else if (who < 0 && !(row->flags & ROUTE_PUBLIC)) {
        long want = (row->flags & ROUTE_API) ? 401 : 303;
        if (r.status != want || (want == 303 && strncmp(loc, "/login", 6) != 0))
            fail_msg("%s %s as a visitor: %ld to \"%s\", want %ld", mname, path, r.status, loc,
                     want);
    } else if (who >= 0 && !router_role_allows(row, (Role)who)) {
        if (r.status != 403 || !wt_body_has(&r, ROLE_REFUSED))
            fail_msg("%s %s as %s: %ld, want 403 for the role", mname, path, role, r.status);
    } else if (m != WEB_GET && (row->flags & ROUTE_OWN_TOKEN)) {
        /* A public form checks the token of its path first (x1 is none: 404, after the wait a
         * right one takes), then its own form token (403); it never takes the post. */
        if (r.status != 404 && r.status != 403)
            fail_msg("%s %s as %s: %ld, want 404 or 403 without the form's token", mname, path,
                     role, r.status);
    } else if (m != WEB_GET && !(row->flags & ROUTE_API)) {
        if (r.status != 403 || !wt_body_has(&r, CSRF_REFUSED))
            fail_msg("%s %s as %s: %ld, want 403 for the missing CSRF token", mname, path, role,
                     r.status);
    } else if (r.status == 401 || r.status == 403 || r.status == 405 ||
               (r.status == 303 && strncmp(loc, "/login", 6) == 0)) {
        fail_msg("%s %s as %s: %ld, but the role may use it", mname, path, role, r.status);
    }
    wt_assert_security_headers(&r, r.status == 200 && strncmp(path, "/static/", 8) == 0);
    wt_resp_free(&r);
}

/* Every route of the table × every method × every role and a visitor without an account. */
static void test_route_role_method_matrix(void **state)
{
    (void)state;
    size_t n;
    const Route *rs = router_routes(&n);
    for (int who = -1; who < ROLE_COUNT; who++) {
        WtClient *c = wt_client(srv);
        char token[ACCOUNT_TOKEN_SIZE + 32] = "";
        if (who >= 0) {
            char login[32];
            snprintf(login, sizeof login, "matrix-%s", actor_role_name((Role)who));
            int64_t id = wt_user(srv, login, (Role)who);
            wt_login(c, login);
            Db *db = wt_db(srv);
            char raw[ACCOUNT_TOKEN_SIZE];
            Errs errs;
            errs_init(&errs);
            assert_int_equal(account_token_create(db, id, "matrix", time(NULL), raw, NULL, &errs),
                             INSATS_OK);
            errs_free(&errs);
            db_close(db);
            snprintf(token, sizeof token, "Authorization: Bearer %s", raw);
        }
        for (size_t i = 0; i < n; i++) {
            char *path = matrix_path(rs[i].pattern);
            for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++)
                matrix_cell(c, who, token[0] ? token : NULL, path, methods[k].name,
                            methods[k].m);
            free(path);
        }
        /* The session is still there: no cell logged it out or changed anything. */
        if (who >= 0) {
            WtResp r = wt_get(c, "/");
            assert_int_equal(r.status, 200);
            wt_resp_free(&r);
        }
        wt_client_free(c);
    }
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_keeps_its_rules),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_record_readers_are_the_cores),
        cmocka_unit_test(test_route_role_method_matrix),
    };
    int rc = cmocka_run_group_tests(tests, wt_setup, wt_teardown);
    curl_global_cleanup();
    return rc;
}
