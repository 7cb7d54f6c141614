/* test_web_slow.c — slow work keeps to its own thread: while four clients log in without
 * pause (each login hashes a password, a tenth of a second or more under the sanitizers), the
 * pages stay quick, because the hashing runs on the slow-work thread and never on the worker
 * that answers pages. The server has one worker here, so that a hash run on it would hold up
 * every page behind it: the median page would take a hash's time. */
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
static atomic_int logins_done;

static void *login_loop(void *arg)
{
    (void)arg;
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/login");
    wt_resp_free(&r);
    while (!atomic_load(&stop_logins)) {
        r = wt_post(c, "/login", (const char *const[]){"login", "burst", "password",
                                                       WT_PASSWORD, NULL});
        wt_resp_free(&r);
        atomic_fetch_add(&logins_done, 1);
    }
    wt_client_free(c);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median and the 99th percentile of timings of a page (the login form): n of them, and
 * more until `logins` logins have been done meanwhile (at most 5,000, about ten seconds). */
static void page_times(WtClient *c, int n, int logins, double *p50, double *p99)
{
    enum { MAX = 5000 };
    double *t = xcalloc(MAX, sizeof *t);
    int start = atomic_load(&logins_done);
    for (int i = 0; i < MAX; i++) {
        if (i >= n && atomic_load(&logins_done) - start >= logins) {
            n = i;
            break;
        }
        if (i == MAX - 1)
            n = MAX;
        WtResp r = wt_get(c, "/login");
        assert_int_equal(r.status, 200);
        t[i] = r.seconds;
        wt_resp_free(&r);
        /* A page every two milliseconds: busy users, not a load test that would take the
         * cores from the logins. */
        nanosleep(&(struct timespec){0, 2 * 1000 * 1000}, NULL);
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    *p50 = t[n / 2];
    *p99 = t[(n * 99) / 100];
    free(t);
}

static void test_logins_do_not_stall_pages(void **state)
{
    (void)state;
    wt_user(srv, "burst", ROLE_READER);
    WtClient *c = wt_client(srv);
    double q50, q99, b50, b99;
    page_times(c, 20, 0, &q50, &q99);       /* warm up */
    page_times(c, 200, 0, &q50, &q99);
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, login_loop, NULL);
    while (atomic_load(&logins_done) < 4)  /* the hashing has begun */
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    int before = atomic_load(&logins_done);
    page_times(c, 200, 8, &b50, &b99);
    int during = atomic_load(&logins_done) - before;
    atomic_store(&stop_logins, true);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    wt_client_free(c);
    fprintf(stderr, "# page p50 %.1f ms, p99 %.1f ms alone; p50 %.1f ms, p99 %.1f ms beside "
                    "four clients logging in (%d logins meanwhile)\n",
            q50 * 1e3, q99 * 1e3, b50 * 1e3, b99 * 1e3, during);
    assert_true(during >= 8);
    /* Three times the quiet median, with a floor of 30 ms for a machine shared with other
     * work; a page behind a hash on its worker would wait a hash's time. */
    double limit = 3 * q50 > 0.03 ? 3 * q50 : 0.03;
    if (b50 > limit)
        fail_msg("page p50 %.1f ms beside logins, more than %.1f ms", b50 * 1e3, limit * 1e3);
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
