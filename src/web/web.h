/* web.h — the web server as the command line and the tests start it: `insats serve`. */
#ifndef INSATS_WEB_H
#define INSATS_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "util.h"

typedef struct WebConfig {
    const char *listen;        /* "127.0.0.1:8080", "[::1]:8080" or a unix socket's path */
    const char *db_path;
    const char *key_path;      /* NULL: "<db>.key" */
    bool behind_proxy;         /* trust X-Forwarded-For/-Proto from loopback (and the socket) */
    const char *log_path;      /* the request log; NULL: standard error */
    unsigned threads;          /* worker threads; 0: one per core */
    unsigned slow_threads;     /* threads for slow work (password hashing, reports); 0: half
                                  the worker threads, at least one */
    unsigned connection_limit; /* 0: 1000 */
    unsigned timeout_s;        /* idle connection timeout; 0: 30 */
    /* E-mail (mailer.h): the relay, smtp:// or smtps://; NULL: nothing is sent and messages
     * wait in the outbox. */
    const char *smtp_url;
    const char *smtp_from;     /* the sender's address, required with smtp_url */
    const char *smtp_user;     /* NULL: none, or the user in the URL */
    const char *smtp_password;
    long smtp_timeout_s;       /* the longest one message may take; 0: 60 */
    long smtp_retry_s;         /* the first pause after a failed attempt; 0: 60 */
    const char *public_url;    /* the base of the surveys' answer links ("https://host");
                                  NULL: the scheme and Host of each request */
} WebConfig;

typedef struct WebServer WebServer;

/* Opens the database once (its schema migrated, so that the workers' connections find it
 * ready), binds the listening socket and starts the workers. On failure returns an exit code
 * with messages in errs and *out NULL. */
int web_start(const WebConfig *cfg, WebServer **out, Errs *errs);

/* The TCP port the server listens on (0 for a unix socket): the tests bind port 0. */
int web_port(const WebServer *s);

/* How many database connections the threads have opened so far (at most one each). */
size_t web_db_connections(WebServer *s);

/* Stops gracefully: no new connections, the requests in flight answered (at most about 4 s),
 * then the workers stopped and every database connection closed, so that the last one
 * checkpoints and removes the -wal file. Frees s. */
void web_stop(WebServer *s);

/* `insats serve --routes`: the route table, one row a line of tab-separated fields: the method,
 * the path pattern, the roles allowed ("public", or role names joined by commas), the flags
 * ("-" for none) and the handler's name (rows of one handler draw one kind of page); for the
 * browser tests, which visit every page the table names. Appended to out. */
void web_routes_text(Buf *out);

/* `insats serve`: web_start, a line saying where it listens, then waits for SIGINT or SIGTERM
 * and stops with web_stop. Returns the exit code. */
int web_serve(const WebConfig *cfg, Errs *errs);

/* Slow work that blocks its thread (password hashing, rendering a PDF) runs on a few threads of
 * its own (routes with ROUTE_SLOW), so that a burst of logins cannot stall every page; these
 * say how many may run at once and how many may wait. */
#define WEB_SLOW_QUEUE_MAX 64

/* Limits of a request: longer request targets are answered 414, larger header sections 431,
 * larger bodies 413 (uploads: WEB_UPLOAD_MAX), before the body is read. */
#define WEB_URI_MAX 4096
#define WEB_HEADERS_MAX (16 * 1024)
#define WEB_BODY_MAX (256 * 1024)
#define WEB_UPLOAD_MAX (32 * 1024 * 1024)

#endif
