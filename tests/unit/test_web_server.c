/* test_web_server.c — the server over HTTP: security headers on every answer (ours, the limits'
 * and the library's own), the request limits answered before a body is read, static assets,
 * the request log, idle connections that must not starve a request, one database connection
 * per thread, and the graceful stop (in process and as `insats serve` with a signal). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "assets.h"
#include "testutil.h"
#include "webtest.h"

#define srv wt_srv

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_login_page_is_a_page(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/login");
    assert_int_equal(r.status, 200);
    wt_assert_security_headers(&r, false);
    wt_assert_page(&r, false);
    assert_true(wt_body_has(&r, "name=\"csrf\""));
    char v[256];
    assert_true(wt_header(&r, "Set-Cookie", v, sizeof v));
    assert_non_null(strstr(v, "HttpOnly"));
    assert_non_null(strstr(v, "SameSite=Lax"));
    wt_resp_free(&r);
    /* HEAD: the same headers, no body. */
    r = wt_request(c, "HEAD", "/login", NULL, 0, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, 0);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    wt_client_free(c);
}

static void test_unknown_path_and_wrong_method(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/finns-inte");
    assert_int_equal(r.status, 404);
    wt_assert_security_headers(&r, false);
    wt_assert_page(&r, false);
    wt_resp_free(&r);
    r = wt_request(c, "DELETE", "/login", "", 0, NULL);
    assert_int_equal(r.status, 405);
    wt_assert_security_headers(&r, false);
    char allow[64];
    assert_true(wt_header(&r, "Allow", allow, sizeof allow));
    assert_non_null(strstr(allow, "GET"));
    assert_null(strstr(allow, "DELETE"));
    wt_resp_free(&r);
    /* A page that needs an account sends a visitor to the login page. */
    r = wt_get(c, "/");
    assert_int_equal(r.status, 303);
    char loc[128];
    assert_true(wt_header(&r, "Location", loc, sizeof loc));
    assert_string_equal(loc, "/login");
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    wt_client_free(c);
}

static void test_static_assets_are_immutable_and_hashed(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    for (size_t i = 0; i < web_asset_count; i++) {
        const WebAsset *a = &web_assets[i];
        WtResp r = wt_get(c, a->url);
        assert_int_equal(r.status, 200);
        wt_assert_security_headers(&r, true);
        assert_int_equal(r.body.len, a->len);
        assert_memory_equal(r.body.data, a->data, a->len);
        char type[128];
        assert_true(wt_header(&r, "Content-Type", type, sizeof type));
        assert_string_equal(type, a->content_type);
        /* The URL carries the start of the content's SHA-256, so a change gets a new URL. */
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, a->data, a->len);
        char hex[2 * sizeof h + 1];
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        hex[16] = '\0';
        assert_non_null(strstr(a->url, hex));
        /* A static file sets no cookie. */
        assert_false(wt_header(&r, "Set-Cookie", type, sizeof type));
        wt_resp_free(&r);
    }
    WtResp r = wt_get(c, "/static/style.0000000000000000.css");
    assert_int_equal(r.status, 404);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    /* A segment is decoded after the path is split (test_web_router.c has the escaped
     * slash): an escaped letter is the letter. */
    char *escaped = xstrdup(web_assets[0].url);
    char *dot = strrchr(escaped, '.');
    assert_non_null(dot);
    *dot = '\0';
    char *url = xasprintf("%s%%2E%s", escaped, dot + 1);
    r = wt_get(c, url);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, web_assets[0].len);
    wt_resp_free(&r);
    free(url);
    free(escaped);
    wt_client_free(c);
}

/* The limits answer with our page and headers, and a refused body is never read: the answer
 * comes while the client has not sent it. */
static void test_limits_answer_414_431_413(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    char *path = xmalloc(WEB_URI_MAX + 16);
    memset(path, 'a', WEB_URI_MAX + 15);
    path[0] = '/';
    path[WEB_URI_MAX + 15] = '\0';
    WtResp r = wt_get(c, path);
    assert_int_equal(r.status, 414);
    wt_assert_security_headers(&r, false);
    wt_assert_page(&r, false);
    wt_resp_free(&r);
    free(path);

    char *big = xmalloc(WEB_HEADERS_MAX + 64);
    int n = snprintf(big, 32, "X-Big: ");
    memset(big + n, 'b', WEB_HEADERS_MAX);
    big[n + WEB_HEADERS_MAX] = '\0';
    const char *const hdr[] = {big, NULL};
    r = wt_request(c, "GET", "/login", NULL, 0, hdr);
    assert_int_equal(r.status, 431);
    wt_assert_security_headers(&r, false);
    wt_assert_page(&r, false);
    wt_resp_free(&r);
    free(big);

    /* A body announced as too large: answered at once, without the body ever being sent. */
    static const char req[] = "GET /login HTTP/1.1\r\nHost: t\r\nContent-Length: 999999999\r\n\r\n";
    double t0 = now_s();
    r = wt_raw(srv, req, sizeof req - 1, 5000);
    assert_int_equal(r.status, 413);
    assert_true(now_s() - t0 < 2.0);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);

    /* A body of unknown length. */
    static const char chunked[] = "GET /login HTTP/1.1\r\nHost: t\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n";
    r = wt_raw(srv, chunked, sizeof chunked - 1, 5000);
    assert_int_equal(r.status, 411);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    wt_client_free(c);
}

/* What the library refuses by itself gets our page and every security header too. */
static void test_library_errors_carry_our_headers(void **state)
{
    (void)state;
    Buf huge = {0};
    buf_puts(&huge, "GET /login HTTP/1.1\r\nHost: t\r\nX-Huge: ");
    for (int i = 0; i < 100 * 1024; i++)
        buf_putc(&huge, 'h');
    buf_puts(&huge, "\r\n\r\n");
    static const char *const bad[] = {
        NULL,                                          /* the huge head above */
        "GET /login HTTP/2.0\r\nHost: t\r\n\r\n",     /* a version it does not speak */
        "GET /login HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", /* a header line without ':' */
    };
    /* (A malformed Content-Length: test_body_framing_is_unambiguous.) */
    static const long want[] = {431, 505, 400};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *req = bad[i] ? bad[i] : huge.data;
        WtResp r = wt_raw(srv, req, strlen(req), 5000);
        if (r.status != want[i])
            fail_msg("request %zu: status %ld, want %ld", i, r.status, want[i]);
        wt_assert_security_headers(&r, false);
        wt_assert_page(&r, false);
        wt_resp_free(&r);
    }
    buf_free(&huge);
}

/* A request line without a space is not HTTP at all: libmicrohttpd (0.9.75, and its 1.0
 * series for any line that does not begin with a known method) closes such a connection
 * without an answer and without calling the application — no URI callback, no handler, no
 * response of its own to replace, and its connection-closed notice comes after it has shut
 * the socket for writing. So no 400 can be sent; what this checks is that the connection is
 * closed at once rather than held until the timeout, and that the server goes on serving. */
static void test_request_line_without_spaces_is_closed(void **state)
{
    (void)state;
    static const char *const lines[] = {"GARBAGE\r\n\r\n", "GET\r\n\r\n"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        WtResp r = wt_raw(srv, lines[i], strlen(lines[i]), 10000);
        if (!r.closed || r.status != 0)
            fail_msg("\"%s\": closed %d, status %ld", lines[i], r.closed, r.status);
        wt_resp_free(&r);
    }
    /* A line with spaces but not a request the server speaks is answered, with our headers. */
    static const char garbled[] = "GARBAGE / HTTP/1.1\r\nHost: t\r\n\r\n";
    WtResp r = wt_raw(srv, garbled, sizeof garbled - 1, 5000);
    assert_int_equal(r.status, 405);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    static const char no_version[] = "GET /login\r\n\r\n";
    r = wt_raw(srv, no_version, sizeof no_version - 1, 5000);
    assert_int_equal(r.status, 400);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    WtClient *c = wt_client(srv);
    r = wt_get(c, "/login");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    wt_client_free(c);
}

/* Sends req on a new connection; asserts a 400 page with our headers on a connection the
 * server then closes (nothing after such a request is read as another one). */
static void assert_bad_request_closed(const char *req)
{
    WtResp r = wt_raw(srv, req, strlen(req), 10000);
    if (r.status != 400)
        fail_msg("%s: status %ld, want 400", req, r.status);
    wt_assert_security_headers(&r, false);
    wt_assert_page(&r, false);
    char v[64];
    assert_true(wt_header(&r, "Connection", v, sizeof v));
    assert_string_equal(v, "close");
    if (!r.closed)
        fail_msg("%s: the connection was kept open", req);
    wt_resp_free(&r);
}

/* RFC 9112 §3.2: an HTTP/1.1 request without Host, with two, or with one that is not a host,
 * is answered 400. HTTP/1.0 did not have to send one. */
static void test_host_header_is_required(void **state)
{
    (void)state;
    assert_bad_request_closed("GET /login HTTP/1.1\r\n\r\n");
    assert_bad_request_closed("GET /login HTTP/1.9\r\n\r\n");
    assert_bad_request_closed("GET /login HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    assert_bad_request_closed("GET /login HTTP/1.1\r\nHost: evil.example/x\r\n\r\n");
    assert_bad_request_closed("GET /login HTTP/1.1\r\nHost: a b\r\n\r\n");
    static const char *const fine[] = {
        "GET /login HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n",
        "GET /login HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n",
        "GET /login HTTP/1.0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
        WtResp r = wt_raw(srv, fine[i], strlen(fine[i]), 5000);
        if (r.status != 200)
            fail_msg("%s: status %ld, want 200", fine[i], r.status);
        wt_resp_free(&r);
    }
}

/* The request target as sent: what the library would decode into something else (%00 ends
 * the string, so "/login%00x" would be "/login"), spaces it would let through and dot
 * segments (which browsers remove before sending) are refused, not reinterpreted. */
static void test_request_target_is_taken_as_sent(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "/login%00x", "/login?next=%00", "/a b", "/static/../login", "/static/%2e%2E/login",
        "/people/.", "/login%0a", "/login%7F", "/log%zzin",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char req[256];
        snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\n\r\n", bad[i]);
        assert_bad_request_closed(req);
    }
    /* In the query a newline or a dot is text a user may search for; "%" not followed by two
     * hex digits is left as it is. */
    WtClient *c = wt_client(srv);
    static const char *const fine[] = {"/login?q=a%0Ab", "/login?next=/x/..", "/login?q=50%",
                                       "/static/...css"};
    static const long want[] = {200, 200, 200, 404};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
        WtResp r = wt_get(c, fine[i]);
        if (r.status != want[i])
            fail_msg("%s: status %ld, want %ld", fine[i], r.status, want[i]);
        wt_resp_free(&r);
    }
    wt_client_free(c);
}

/* A body's length given twice, or beside chunks, could be read one way by a proxy in front
 * and another way here (a request smuggled inside another): 400 and the connection closed. A
 * length that is not a number is refused by the library, answered with our headers and a
 * head that ends the answer (libmicrohttpd 0.9.75 repeats its head after it). */
static void test_body_framing_is_unambiguous(void **state)
{
    (void)state;
    assert_bad_request_closed("POST /login HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
                              "Content-Length: 50\r\n\r\nabcde");
    assert_bad_request_closed("POST /login HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n"
                              "Content-Length: 40\r\n\r\n");
    assert_bad_request_closed("POST /login HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n");
    static const char *const malformed[] = {"abc", "-1", "+5", "5x",
                                            "99999999999999999999999"};
    static const long want[] = {400, 400, 400, 400, 413};
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
        char req[256];
        snprintf(req, sizeof req, "POST /login HTTP/1.1\r\nHost: t\r\nContent-Length: %s\r\n\r\n",
                 malformed[i]);
        WtResp r = wt_raw(srv, req, strlen(req), 5000);
        if (r.status != want[i])
            fail_msg("Content-Length %s: status %ld, want %ld", malformed[i], r.status, want[i]);
        wt_assert_security_headers(&r, false);
        char v[64];
        assert_true(wt_header(&r, "Content-Length", v, sizeof v));
        assert_string_equal(v, "0");
        assert_true(r.closed);
        wt_resp_free(&r);
    }
}

/* OPTIONS says which methods a path takes, without a session and without running a handler;
 * a method the table does not know gets 405 with the same list; an unknown path 404. */
static void test_options_and_unknown_methods(void **state)
{
    (void)state;
    static const char opt[] = "OPTIONS /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    WtResp r = wt_raw(srv, opt, sizeof opt - 1, 5000);
    assert_int_equal(r.status, 204);
    wt_assert_security_headers(&r, false);
    char v[128];
    assert_true(wt_header(&r, "Allow", v, sizeof v));
    assert_string_equal(v, "GET, HEAD, POST, OPTIONS");
    assert_false(wt_header(&r, "Content-Type", v, sizeof v));
    assert_int_equal(r.body.len, 0);
    wt_resp_free(&r);

    static const char star[] = "OPTIONS * HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    r = wt_raw(srv, star, sizeof star - 1, 5000);
    assert_int_equal(r.status, 204);
    assert_true(wt_header(&r, "Allow", v, sizeof v));
    assert_string_equal(v, "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
    wt_resp_free(&r);

    /* An API record's methods, without a token: what the table says, nothing about the
     * record (which need not exist). */
    static const char api[] = "OPTIONS /api/v1/people/finns-inte HTTP/1.1\r\nHost: t\r\n"
                              "Connection: close\r\n\r\n";
    r = wt_raw(srv, api, sizeof api - 1, 5000);
    assert_int_equal(r.status, 204);
    assert_true(wt_header(&r, "Allow", v, sizeof v));
    assert_non_null(strstr(v, "GET, HEAD"));
    wt_resp_free(&r);

    static const char unknown[] = "OPTIONS /finns-inte HTTP/1.1\r\nHost: t\r\n"
                                  "Connection: close\r\n\r\n";
    r = wt_raw(srv, unknown, sizeof unknown - 1, 5000);
    assert_int_equal(r.status, 404);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);

    static const char *const methods[] = {"TRACE", "CONNECT", "BREW", "PROPFIND"};
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        char req[128];
        snprintf(req, sizeof req, "%s /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                 "X-Echo: secret\r\n\r\n", methods[i]);
        r = wt_raw(srv, req, strlen(req), 5000);
        if (r.status != 405)
            fail_msg("%s: status %ld, want 405", methods[i], r.status);
        wt_assert_security_headers(&r, false);
        assert_true(wt_header(&r, "Allow", v, sizeof v));
        assert_string_equal(v, "GET, HEAD, POST, OPTIONS");
        /* TRACE is not echoed back (no header of the request in the answer). */
        assert_false(wt_body_has(&r, "secret"));
        wt_resp_free(&r);
    }
}

/* HEAD: the head of the GET answer, its length included, and not one byte of body. */
static void test_head_sends_no_body(void **state)
{
    (void)state;
    static const char get[] = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    static const char head[] = "HEAD /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    WtResp g = wt_raw(srv, get, sizeof get - 1, 5000);
    WtResp h = wt_raw(srv, head, sizeof head - 1, 5000);
    assert_int_equal(g.status, 200);
    assert_int_equal(h.status, 200);
    assert_true(g.body.len > 0);
    assert_int_equal(h.body.len, 0);
    wt_assert_security_headers(&h, false);
    char gl[32], hl[32];
    assert_true(wt_header(&g, "Content-Length", gl, sizeof gl));
    assert_true(wt_header(&h, "Content-Length", hl, sizeof hl));
    assert_string_equal(gl, hl);
    wt_resp_free(&g);
    wt_resp_free(&h);
    /* HEAD of a path that only takes POST: 405, like GET. */
    static const char post_only[] = "HEAD /logout HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    h = wt_raw(srv, post_only, sizeof post_only - 1, 5000);
    assert_int_equal(h.status, 405);
    assert_int_equal(h.body.len, 0);
    wt_resp_free(&h);
}

/* Where the login page sends a user afterwards stays on this site, whatever ?next= says: a
 * browser drops tabs and newlines from a URL, so "/\t/host" would be "//host", another site;
 * a CR or LF must not end the Location header either. */
static void test_redirect_after_login_stays_local(void **state)
{
    (void)state;
    wt_user(srv, "redirect", ROLE_READER);
    static const char *const next[] = {"/\t/evil.example", "/\n/evil.example",
                                       "/\r\nSet-Cookie: x=1", "//evil.example",
                                       "/\\evil.example", "https://evil.example/",
                                       "/\x7f/evil.example", "/people?page=2"};
    static const char *const want[] = {"/", "/", "/", "/", "/", "/", "/", "/people?page=2"};
    for (size_t i = 0; i < sizeof next / sizeof *next; i++) {
        WtClient *c = wt_client(srv);
        WtResp r = wt_get(c, "/login");
        wt_resp_free(&r);
        r = wt_post(c, "/login", (const char *const[]){"login", "redirect", "password",
                                                       WT_PASSWORD, "next", next[i], NULL});
        assert_int_equal(r.status, 303);
        char loc[256];
        assert_true(wt_header(&r, "Location", loc, sizeof loc));
        if (strcmp(loc, want[i]) != 0)
            fail_msg("next \"%s\": Location \"%s\", want \"%s\"", next[i], loc, want[i]);
        char v[64];
        assert_false(wt_header(&r, "x", v, sizeof v));
        wt_resp_free(&r);
        wt_client_free(c);
    }
}

/* Cookies as a client may send them: a session cookie far longer than any token, thousands of
 * small cookies, a header larger than the limit. None is an error of the server. */
static void test_long_and_many_cookies(void **state)
{
    (void)state;
    Buf h = {0};
    buf_puts(&h, "Cookie: insats_session=");
    for (int i = 0; i < 10000; i++)
        buf_putc(&h, 'a');
    const char *const one[] = {h.data, NULL};
    WtClient *c = wt_client(srv);
    WtResp r = wt_request(c, "GET", "/", NULL, 0, one);
    assert_int_equal(r.status, 303);   /* no session: to the login page */
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    /* More cookies than a browser keeps for one site (about 180): the page as usual. */
    for (int n = 0; n < 2; n++) {
        buf_clear(&h);
        buf_puts(&h, "GET /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\nCookie: ");
        for (int i = 0; i < (n ? 1500 : 300); i++)
            buf_printf(&h, "c%d=v; ", i);
        buf_puts(&h, "insats_session=bad\r\n\r\n");
        r = wt_raw(srv, h.data, h.len, 5000);
        /* Thousands: more than a connection's memory holds once the library has split
         * them, refused by the library itself — with our headers. */
        assert_int_equal(r.status, n ? 431 : 200);
        wt_assert_security_headers(&r, false);
        wt_resp_free(&r);
    }
    buf_clear(&h);
    buf_puts(&h, "Cookie: big=");
    for (int i = 0; i < WEB_HEADERS_MAX; i++)
        buf_putc(&h, 'b');
    const char *const big[] = {h.data, NULL};
    r = wt_request(c, "GET", "/login", NULL, 0, big);
    assert_int_equal(r.status, 431);
    wt_assert_security_headers(&r, false);
    wt_resp_free(&r);
    buf_free(&h);
    wt_client_free(c);
}

/* The log names the route, never the path's ids or the query. */
static void test_log_holds_no_request_data(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    WtResp r = wt_get(c, "/login?next=/people/19800101-1234&login=karin.ek");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_get(c, "/static/hemlig-19800101-1234");
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    wt_client_free(c);
    char *log = tu_slurp(srv->log_path, NULL);
    assert_non_null(strstr(log, "GET /login 200"));
    assert_non_null(strstr(log, "GET /static/{file} 404"));
    assert_null(strstr(log, "19800101"));
    assert_null(strstr(log, "karin"));
    assert_null(strstr(log, "hemlig"));
    assert_null(strstr(log, "127.0.0.1"));
    free(log);
}

/* 300 connections that never finish their request do not keep a normal one from being
 * answered. How fast it is answered beside them is a measurement, not a test: bench/web.sh
 * prints it beside its target. */
static void test_idle_connections_do_not_starve_requests(void **state)
{
    (void)state;
    enum { IDLE = 300 };
    int fds[IDLE];
    int open_count = 0;
    for (int i = 0; i < IDLE; i++) {
        fds[i] = wt_connect(srv);
        if (fds[i] < 0)
            break;
        static const char part[] = "GET /login HTTP/1.1\r\nHost: t\r\nX-Slow: ";
        send(fds[i], part, sizeof part - 1, MSG_NOSIGNAL);
        open_count++;
    }
    assert_int_equal(open_count, IDLE);
    usleep(200 * 1000);
    WtClient *c = wt_client(srv);
    for (int i = 0; i < 5; i++) {
        WtResp r = wt_get(c, "/login");
        assert_int_equal(r.status, 200);
        wt_resp_free(&r);
    }
    wt_client_free(c);
    for (int i = 0; i < open_count; i++)
        close(fds[i]);
}

static void test_one_database_connection_per_thread(void **state)
{
    (void)state;
    WtClient *c = wt_client(srv);
    for (int i = 0; i < 40; i++) {
        WtResp r = wt_get(c, "/login");
        assert_int_equal(r.status, 200);
        wt_resp_free(&r);
    }
    wt_client_free(c);
    /* Two worker threads (the harness's default); the slow-work threads have had no work. */
    assert_true(web_db_connections(srv->web) >= 1);
    assert_true(web_db_connections(srv->web) <= 2);
}

typedef struct {
    WtServer *s;
    double took;
} StopArg;

static void *stop_thread(void *arg)
{
    StopArg *a = arg;
    double t0 = now_s();
    wt_stop(a->s);
    a->took = now_s() - t0;
    return NULL;
}

/* A stop while a request is half sent: the request is still answered, the stop returns in
 * time, and no -wal file is left (wt_stop checks it). */
static void test_graceful_stop_with_a_request_in_flight(void **state)
{
    (void)state;
    WtServer *s = wt_start(NULL);
    assert_non_null(s);
    int fd = wt_connect(s);
    assert_true(fd >= 0);
    static const char head[] = "GET /login HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n12345";
    send(fd, head, sizeof head - 1, MSG_NOSIGNAL);
    usleep(300 * 1000);
    StopArg a = {s, 0};
    pthread_t th;
    pthread_create(&th, NULL, stop_thread, &a);
    usleep(300 * 1000);
    /* The stop has begun: no new connection is taken. */
    assert_true(wt_connect(s) < 0);
    send(fd, "67890", 5, MSG_NOSIGNAL);
    WtResp r = {0};
    wt_read_answer(fd, &r, 3000);
    close(fd);
    pthread_join(th, NULL);
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "</html>"));
    assert_true(a.took < 5.0);
    wt_resp_free(&r);
}

/* The insats binary under test: $INSATS (tests/run.sh), else the sanitized build. */
static const char *insats_bin(void)
{
    const char *b = getenv("INSATS");
    return b && *b ? b : "build/asan/insats";
}

/* `insats serve` on a free port or a unix socket, stopped with a signal: exit 0 in time, no
 * -wal file left, the socket removed. */
static void test_serve_command_stops_on_signal(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("serve");
    assert_non_null(dir);
    char *db = xasprintf("%s/s.db", dir);
    char *sock = xasprintf("%s/s.sock", dir);
    {
        Db *h = NULL;
        Errs errs;
        errs_init(&errs);
        assert_int_equal(db_open(db, NULL, DB_OPEN_CREATE, &h, &errs), INSATS_OK);
        db_close(h);
        errs_free(&errs);
    }
    for (int variant = 0; variant < 2; variant++) {
        int out[2];
        assert_int_equal(pipe(out), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            dup2(out[1], 1);
            close(out[0]);
            close(out[1]);
            execl(insats_bin(), "insats", "--db", db, "serve", "--listen",
                  variant ? sock : "127.0.0.1:0", "--log", "/dev/null", (char *)NULL);
            _exit(127);
        }
        close(out[1]);
        char line[256] = "";
        FILE *f = fdopen(out[0], "r");
        assert_non_null(fgets(line, sizeof line, f));
        CURL *h = curl_easy_init();
        if (variant) {
            assert_non_null(strstr(line, sock));
            curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, sock);
            curl_easy_setopt(h, CURLOPT_URL, "http://localhost/login");
        } else {
            const char *url = strstr(line, "http://");
            assert_non_null(url);
            char u[128];
            snprintf(u, sizeof u, "%.*slogin", (int)strcspn(url, "\n"), url);
            curl_easy_setopt(h, CURLOPT_URL, u);
        }
        Buf body = {0};
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, NULL);
        FILE *sink = fopen("/dev/null", "w");
        curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
        assert_int_equal(curl_easy_perform(h), CURLE_OK);
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        assert_int_equal(code, 200);
        curl_easy_cleanup(h);
        fclose(sink);
        buf_free(&body);
        double t0 = now_s();
        kill(pid, variant ? SIGINT : SIGTERM);
        int status = 0;
        pid_t got = 0;
        while ((got = waitpid(pid, &status, WNOHANG)) == 0 && now_s() - t0 < 5.0)
            usleep(20 * 1000);
        if (got == 0) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fail_msg("insats serve did not stop within 5 s");
        }
        fclose(f);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        char *wal = xasprintf("%s-wal", db);
        struct stat st;
        assert_int_not_equal(stat(wal, &st), 0);
        assert_int_not_equal(stat(sock, &st), 0);
        free(wal);
    }
    free(db);
    free(sock);
    tu_rmtree(dir);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_page_is_a_page),
        cmocka_unit_test(test_unknown_path_and_wrong_method),
        cmocka_unit_test(test_static_assets_are_immutable_and_hashed),
        cmocka_unit_test(test_limits_answer_414_431_413),
        cmocka_unit_test(test_library_errors_carry_our_headers),
        cmocka_unit_test(test_request_line_without_spaces_is_closed),
        cmocka_unit_test(test_host_header_is_required),
        cmocka_unit_test(test_request_target_is_taken_as_sent),
        cmocka_unit_test(test_body_framing_is_unambiguous),
        cmocka_unit_test(test_options_and_unknown_methods),
        cmocka_unit_test(test_head_sends_no_body),
        cmocka_unit_test(test_long_and_many_cookies),
        cmocka_unit_test(test_log_holds_no_request_data),
        cmocka_unit_test(test_idle_connections_do_not_starve_requests),
        cmocka_unit_test(test_one_database_connection_per_thread),
        /* After the count of connections above: a login runs on a slow-work thread. */
        cmocka_unit_test(test_redirect_after_login_stays_local),
        cmocka_unit_test(test_graceful_stop_with_a_request_in_flight),
        cmocka_unit_test(test_serve_command_stops_on_signal),
    };
    int rc = cmocka_run_group_tests(tests, wt_setup, wt_teardown);
    curl_global_cleanup();
    return rc;
}
