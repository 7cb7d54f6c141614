/* test_web_slow.c — slow work keeps to its own thread: while four clients log in without
 * pause (each login hashes a password, a tenth of a second or more under the sanitizers), the
 * pages are answered in between, because the hashing runs on the slow-work thread and never on
 * the worker that answers pages. The server has one worker here, so that a hash run on it would
 * hold up every page behind it: a page asked for while a login is being worked on would be
 * answered only after that login. The test counts orderings, not milliseconds — how fast the
 * pages are beside a login burst is measured by bench/web.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <time.h>

#include "testutil.h"
#include "webtest.h"

static WtServer *srv;

static int setup(void **state)
{
    (void)state;
    WtOptions o = {.threads = 1};
    srv = wt_start(&o);
    return srv ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wt_stop(srv);
    return 0;
}

static atomic_bool stop_logins;
static atomic_int logins_done;      /* answered */
static atomic_int logins_sent;      /* sent, answered or not */
static atomic_int logins_refused;   /* answered other than with a session */

/* Logs in again and again, each time as a new visitor (the login form, then its POST), so
 * that every login checks the password. */
static void *login_loop(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_logins)) {
        WtClient *c = wt_client(srv);
        WtResp r = wt_get(c, "/login");
        wt_resp_free(&r);
        atomic_fetch_add(&logins_sent, 1);
        r = wt_post(c, "/login", (const char *const[]){"login", "burst", "password",
                                                       WT_PASSWORD, NULL});
        if (r.status != 303)
            atomic_fetch_add(&logins_refused, 1);
        wt_resp_free(&r);
        atomic_fetch_add(&logins_done, 1);
        wt_client_free(c);
    }
    return NULL;
}

/* Page requests one after another until `logins` logins have been answered meanwhile (at
 * most 5,000 pages); *n gets how many. Returns the count of those asked for while a login was
 * being worked on (sent and not answered) and answered before any login was: pages that went
 * past a login. */
static int pages_past_logins(WtClient *c, int logins, int *n)
{
    int past = 0, start = atomic_load(&logins_done);
    for (*n = 0; *n < 5000 && atomic_load(&logins_done) - start < logins; (*n)++) {
        int done = atomic_load(&logins_done);
        bool pending = atomic_load(&logins_sent) > done;
        WtResp r = wt_get(c, "/login");
        assert_int_equal(r.status, 200);
        wt_resp_free(&r);
        if (pending && atomic_load(&logins_done) == done)
            past++;
        /* A page every two milliseconds: busy users, not a load that would take the cores
         * from the logins (whose thread yields to the workers). */
        nanosleep(&(struct timespec){0, 2 * 1000 * 1000}, NULL);
    }
    return past;
}

static void test_logins_do_not_stall_pages(void **state)
{
    (void)state;
    wt_user(srv, "burst", ROLE_READER);
    WtClient *c = wt_client(srv);
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, login_loop, NULL);
    while (atomic_load(&logins_done) < 4)  /* the hashing has begun */
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    int before = atomic_load(&logins_done), pages = 0;
    int past = pages_past_logins(c, 8, &pages);
    int during = atomic_load(&logins_done) - before;
    atomic_store(&stop_logins, true);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    wt_client_free(c);
    fprintf(stderr, "# %d of %d pages answered while a login was being worked on, before it; "
                    "%d logins meanwhile\n", past, pages, during);
    /* The logins went on, each one a session, and pages were answered between them. With
     * the hashing on the page's worker, four clients keep that worker hashing all the time:
     * a page would nearly always wait for the login ahead of it. */
    assert_int_equal(atomic_load(&logins_refused), 0);
    assert_true(during >= 8);
    if (past < pages / 2)
        fail_msg("only %d of %d pages were answered while a login was being worked on", past,
                 pages);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logins_do_not_stall_pages),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
