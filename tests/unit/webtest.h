/* webtest.h — the harness of the web tests (test_web_*.c link it): the real server started in
 * this process on a free loopback port over a database in a temporary directory, and a libcurl
 * client with its own cookie jar that remembers the CSRF token of the last page it fetched.
 *
 * Checking helpers use cmocka assertions, so call them from tests or setup functions. Every
 * name starts with wt_. Include after <cmocka.h>. */
#ifndef INSATS_WEBTEST_H
#define INSATS_WEBTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "actor.h"
#include "db_handle.h"
#include "util.h"
#include "web.h"

typedef struct WtServer {
    char *dir;          /* the temporary directory: database, key, log */
    char *db_path;
    char *log_path;     /* the server's request log */
    WebServer *web;
    int port;
    char base[64];      /* "http://127.0.0.1:PORT" */
} WtServer;

typedef struct WtOptions {
    bool demo;          /* the small demo project (slow under the sanitizers: once a program);
                           without it, tests/fixtures/bundle-min.json */
    unsigned threads;   /* 0: 2 */
    unsigned timeout_s; /* 0: the server's default */
    bool behind_proxy;
} WtOptions;

/* Creates the database and starts the server; NULL (with a message) when it cannot. opts may be
 * NULL. Stop with wt_stop, which removes the directory. */
WtServer *wt_start(const WtOptions *opts);
/* Stops the server gracefully (web_stop), checks that no -wal file is left and that the
 * request log of the whole run names no person or account and holds no personnummer, removes
 * the directory. NULL is a no-op. */
void wt_stop(WtServer *s);
/* The server of a test program's group: wt_setup starts it (no demo data), wt_teardown stops
 * it; pass both to cmocka_run_group_tests. */
extern WtServer *wt_srv;
int wt_setup(void **state);
int wt_teardown(void **state);

/* A connection of the test's own to the server's database (for setting up accounts, checking
 * what a request changed), writing under the test's actor (tu_set_actor). Caller closes. */
Db *wt_db(const WtServer *s);

typedef struct WtResp {
    long status;
    Buf headers;        /* the response's header lines as received */
    Buf body;
    double seconds;     /* time until the whole response was in */
    bool closed;        /* wt_raw, wt_read_answer: the server closed the connection (no
                           wait for the timeout) */
} WtResp;

typedef struct WtClient {
    const WtServer *srv;
    void *curl;                     /* CURL * */
    char csrf[128];                 /* from the last HTML page with a form */
} WtClient;

WtClient *wt_client(const WtServer *s);
void wt_client_free(WtClient *c);

/* GET path (no redirects followed). Free the answer with wt_resp_free. */
WtResp wt_get(WtClient *c, const char *path);
/* POST an urlencoded form: fields are name, value, …, NULL. The client's CSRF token is added
 * as "csrf" unless fields name one. */
WtResp wt_post(WtClient *c, const char *path, const char *const *fields);
/* Any method with a raw body and extra header lines ("Name: value", NULL-terminated; may be
 * NULL). */
WtResp wt_request(WtClient *c, const char *method, const char *path, const char *body,
                  size_t body_len, const char *const *headers);
void wt_resp_free(WtResp *r);

/* ---- accounts ---------------------------------------------------------------------------- */

/* The password of every account wt_user makes. */
#define WT_PASSWORD "rätt häftklammer batteri"

/* Makes an account with WT_PASSWORD (a coordinator in the project's first organisation, by
 * id); returns its id. */
int64_t wt_user(const WtServer *s, const char *login, Role role);

/* Logs the client in over HTTP (the login form, then its POST) and, for an admin or manager,
 * passes the second factor as the accounts' core sees it: enrols (or uses) a TOTP secret and
 * confirms a code computed here. Asserts that it worked; afterwards c->csrf is the session's. */
void wt_login(WtClient *c, const char *login);

/* A cookie of the client's jar: true with its value in out (false for one the server
 * expired). */
bool wt_cookie(WtClient *c, const char *name, char *out, size_t outlen);

/* The value of a response header (first of that name, case-insensitive), copied into out;
 * false when absent. */
bool wt_header(const WtResp *r, const char *name, char *out, size_t outlen);

/* Asserts the security headers every response carries (pages: Cache-Control no-store; static
 * assets: immutable) and that no Server header names a version. */
void wt_assert_security_headers(const WtResp *r, bool immutable);

/* Asserts that the body is a well-formed HTML page as every page of ours must be: parsed by
 * libxml2's HTML parser without errors (the HTML5 elements it does not know apart), lang="sv",
 * a non-empty title, one h1, the landmarks header, nav (when nav is true), main and footer, a
 * skip link to #main, and a label for every visible form field. */
void wt_assert_page(const WtResp *r, bool nav);
/* The same checks without asserting: true with the first problem in out when there is one. */
bool wt_page_problem(const WtResp *r, bool nav, char *out, size_t outlen);

/* Whether the body contains s. */
bool wt_body_has(const WtResp *r, const char *s);

/* A raw TCP connection to the server (for requests curl will not send); -1 on failure. */
int wt_connect(const WtServer *s);
/* Sends these bytes on a new connection and reads the answer until the server closes it or
 * timeout_ms pass: status, header lines and body as with curl. */
WtResp wt_raw(const WtServer *s, const char *bytes, size_t len, int timeout_ms);
/* Reads what arrives on fd into r until EOF or timeout_ms, and splits it as wt_raw does. */
void wt_read_answer(int fd, WtResp *r, int timeout_ms);

#endif
