/* ctx.h — one request as a page handler sees it: method, path and its {parameters}, the query,
 * the form fields (urlencoded or multipart, uploaded files included), cookies, who is asking
 * (the Actor, already authenticated and checked against the route's roles by the router), the
 * database connection of this thread and the CSRF token that forms must carry.
 *
 * A handler never sees the HTTP library: everything it may read is copied here before it runs,
 * so that a handler may run on another thread than the one that read the request (slow work,
 * server.c). Strings are owned by the Ctx and live until the response has been sent. */
#ifndef INSATS_WEB_CTX_H
#define INSATS_WEB_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "i18n.h"

struct Route;

/* The HTTP methods the router knows, as bits so that a 405 can list the allowed ones. */
typedef enum WebMethod {
    WEB_GET = 1u << 0,      /* HEAD is answered as GET without the body */
    WEB_POST = 1u << 1,
    WEB_PUT = 1u << 2,
    WEB_DELETE = 1u << 3,
    WEB_PATCH = 1u << 4,
} WebMethod;

/* One name → value pair of the query, the form, the cookies or the route's parameters. */
typedef struct WebPair {
    char *name;
    char *value;        /* NUL-terminated; may hold NULs of an uploaded file (see len) */
    size_t len;         /* bytes of value */
    char *filename;     /* multipart: the uploaded file's name, else NULL */
    char *content_type; /* multipart: the part's type, else NULL */
} WebPair;

typedef struct WebPairs {
    WebPair *items;
    size_t count, cap;
} WebPairs;

#define WEB_CSRF_LEN 64     /* hex digits of the CSRF token */
#define WEB_TOKEN_MAX 128   /* longest session or API token accepted from a client */

typedef struct Ctx {
    WebMethod method;
    bool head;                   /* a HEAD request: the body is dropped by the library */
    const char *method_name;     /* "GET", … as received */
    char *path;                  /* decoded path, without the query */
    char *raw_path;              /* the same as sent, percent-encoded (what the router matches,
                                    so that an id holding "/" stays one segment); may be NULL */
    const struct Route *route;   /* the matched row of the route table */

    WebPairs params;             /* the route pattern's {name} parts */
    WebPairs query;
    WebPairs form;               /* fields of an urlencoded or multipart body */
    WebPairs cookies;
    WebPairs headers;            /* names in lower case */
    char *payload;               /* a body of another content type (JSON), NUL-terminated */
    size_t payload_len;

    bool authenticated;          /* a valid session (pages) or token (the API) */
    bool api;                    /* under /api/v1/: token authentication, JSON errors */
    Actor actor;                 /* valid when authenticated */
    bool totp_pending;           /* admin/manager who has not passed the second factor */
    bool totp_enrolled;          /* … and whether the account has enrolled one */
    int64_t session_id;          /* the session's row (account_set_password keeps it) */
    char session[WEB_TOKEN_MAX + 1];   /* the session cookie's token, "" without a session */
    char csrf[WEB_CSRF_LEN + 1];       /* the token forms of this request's pages carry */
    bool https;                  /* over TLS, or behind a trusted proxy that says so */
    const char *public_url;      /* `serve --public-url`, NULL without (the server's; not owned) */
    char client[64];             /* the client's address, for throttling (never logged) */
    Lang lang;                   /* the language of the answer: the browser's Accept-Language,
                                    then the account's own choice once the session is known;
                                    set as the thread's (i18n_set) wherever the request runs */

    Db *db;                      /* this thread's connection (server.c opens it lazily) */
    void *server;                /* the WebServer; for server.c only */
} Ctx;

/* The value of a hex digit of a %XX escape (0–15), or -1 for any other character. */
int web_hex_digit(int ch);

/* The value of name, or NULL. The first of several equal names wins. */
const char *ctx_param(const Ctx *c, const char *name);
const char *ctx_query(const Ctx *c, const char *name);
const char *ctx_form(const Ctx *c, const char *name);
const char *ctx_cookie(const Ctx *c, const char *name);
/* A request header by its lower-case name. */
const char *ctx_header(const Ctx *c, const char *name);
/* An uploaded file of a multipart form: its bytes (*len) and the name the browser gave it
 * (*filename, may be NULL), or NULL when the form has no such part. */
const char *ctx_file(const Ctx *c, const char *name, size_t *len, const char **filename);

/* A query or form value as a whole number in [min, max], else def. */
long ctx_query_long(const Ctx *c, const char *name, long min, long max, long def);

/* Helpers of the server and the router (they fill the Ctx). */
void web_pairs_add(WebPairs *ps, const char *name, const char *value, size_t len);
const WebPair *web_pairs_find(const WebPairs *ps, const char *name);
void web_pairs_free(WebPairs *ps);
/* Parses a Cookie header ("a=1; b=2") into ps. */
void ctx_parse_cookies(WebPairs *ps, const char *header);
/* Frees everything the Ctx owns (not the Ctx itself). */
void ctx_free(Ctx *c);

#endif
