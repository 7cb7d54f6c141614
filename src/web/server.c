/* server.c — the glue to GNU libmicrohttpd: the listening socket, the worker threads (one per
 * core, epoll), every limit of a connection and a request, one database connection per thread,
 * the threads for slow work, the security headers of every response, the request log and the
 * graceful stop. What a request means is the router's (router.c); what a page says, its
 * handler's. */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include "web.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctx.h"
#include "dashboard.h"
#include "escape.h"
#include "i18n.h"
#include "mailer.h"
#include "page.h"
#include "project.h"
#include "router.h"
#include "session.h"
#include "util.h"

/* The library's buffer for one connection's request head and response head. Larger than the
 * head our own limits allow, so that those limits answer first, with our page and headers. */
#define WEB_CONN_MEMORY (64 * 1024)

enum { REQ_NEW, REQ_BODY, REQ_SLOW_WAIT, REQ_SLOW_DONE, REQ_ANSWERED };

typedef struct WebReq {
    struct WebServer *srv;
    struct MHD_Connection *conn;
    struct timespec t0;
    size_t uri_len;
    const char *target_bad;  /* why the request target is refused (400), or NULL */
    char *raw_path;          /* the target's path as sent, before the library decodes it */
    int state;
    Ctx ctx;
    Page page;
    struct MHD_PostProcessor *pp;
    Buf raw;                 /* a body that is not a form */
    size_t body_bytes, body_limit;
    bool form_bad;           /* the post processor refused the form (too many fields) */
    bool has_body;           /* the request announced a body (Content-Length > 0, chunks) */
    bool answer_pending;     /* refused before its (empty) body: answered at the final call */
    bool must_close;         /* the request's framing is doubtful: no next request on it */
    int status;              /* what was answered, for the log */
    struct WebReq *next;     /* in the slow-work queue */
} WebReq;

struct WebServer {
    WebConfig cfg;
    char *listen, *db_path, *key_path;
    struct MHD_Daemon *daemon;
    int listen_fd;
    int port;
    char *unix_path;           /* removed again at the stop */
    FILE *log;
    atomic_int inflight;       /* requests begun and not yet completed */

    pthread_mutex_t mu;        /* guards dbs and the slow-work queue */
    Db **dbs;                  /* every connection opened by a thread, closed at the stop */
    size_t ndbs, capdbs;
    Db *main_db;               /* held open from start to stop; after the start, the thread
                                * that computes ahead (web_warm_main) is its only user */

    pthread_t *slow;
    unsigned nslow;
    pthread_cond_t cv;
    WebReq *q_head, *q_tail;
    size_t q_len;
    bool q_stop;

    pthread_t warm;            /* computes the dashboard ahead (web_warm_main) */
    bool warm_started, warm_stop;
    pthread_cond_t warm_cv;
    Mailer *mailer;            /* the e-mail worker (mailer.h) */
};

/* ---- the database: one connection per thread ---------------------------------------------- */

static _Thread_local Db *web_tls_db;
static _Thread_local const struct WebServer *web_tls_db_owner;

/* This thread's connection to the server's database, opened on first use. NULL when it cannot
 * be opened (logged; the request gets a 503). */
static Db *web_thread_db(struct WebServer *s)
{
    if (web_tls_db && web_tls_db_owner == s)
        return web_tls_db;
    Errs errs;
    errs_init(&errs);
    Db *db = NULL;
    if (db_open(s->db_path, s->key_path, DB_OPEN_EXISTING, &db, &errs) != INSATS_OK) {
        pthread_mutex_lock(&s->mu);
        for (size_t i = 0; i < errs.count; i++)
            fprintf(s->log, "insats serve: %s\n", errs.msgs[i]);
        fflush(s->log);
        pthread_mutex_unlock(&s->mu);
        errs_free(&errs);
        return NULL;
    }
    errs_free(&errs);
    pthread_mutex_lock(&s->mu);
    if (s->ndbs == s->capdbs) {
        s->capdbs = s->capdbs ? s->capdbs * 2 : 8;
        s->dbs = xrealloc(s->dbs, s->capdbs * sizeof *s->dbs);
    }
    s->dbs[s->ndbs++] = db;
    pthread_mutex_unlock(&s->mu);
    web_tls_db = db;
    web_tls_db_owner = s;
    return db;
}

/* ---- responses ------------------------------------------------------------------------------ */

/* Set while our own code queues a response: any other call of MHD_queue_response is the
 * library answering a request it refused by itself (see MHD_queue_response below). */
static _Thread_local bool web_tls_queuing_ours;
static _Thread_local unsigned web_tls_library_status;

static void web_security_headers(struct MHD_Response *r, bool immutable, bool https)
{
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self'; font-src 'self'; connect-src 'self'; "
                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control",
                            immutable ? "public, max-age=31536000, immutable" : "no-store");
    if (https)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

/* The response for a finished Page: its document (or bytes), status line, headers, cookies. */
static struct MHD_Response *web_response(Page *p, bool head_only)
{
    const Ctx *c = p->ctx;
    Buf body = {0};
    const char *type = p->content_type;
    if ((p->location && p->status >= 300 && p->status < 400) || p->status == 204) {
        type = NULL;
    } else if (type) {
        body = p->body;
        memset(&p->body, 0, sizeof p->body);
    } else if (c && c->api && p->status >= 400) {
        type = "application/json";
        buf_puts(&body, "{\"error\": \"");
        esc_json_string(&body, p->message ? p->message : "");
        buf_puts(&body, "\", \"field\": null}\n");
    } else {
        Page doc;
        page_init(&doc, p->ctx);
        layout_render(p, &doc);
        body = doc.body;
        memset(&doc.body, 0, sizeof doc.body);
        page_free(&doc);
        type = "text/html; charset=utf-8";
    }
    (void)head_only;
    size_t len = body.len;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, len ? buf_steal(&body) : (void *)"",
                                        len ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    buf_free(&body);
    if (!r)
        return NULL;
    web_security_headers(r, p->immutable, c && c->https);
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    if (p->location)
        MHD_add_response_header(r, "Location", p->location);
    if (p->allow)
        MHD_add_response_header(r, "Allow", p->allow);
    /* RFC 6750: an API request without a valid token is told how to authenticate. */
    if (c && c->api && p->status == 401)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"insats\"");
    if (p->filename) {
        /* The name as typed (UTF-8, percent-encoded) and an ASCII stand-in for old clients. */
        Buf d = {0};
        buf_puts(&d, "attachment; filename=\"");
        for (const unsigned char *s = (const unsigned char *)p->filename; *s; s++)
            buf_putc(&d, (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\') ? (char)*s : '_');
        buf_puts(&d, "\"; filename*=UTF-8''");
        esc_url_component(&d, p->filename);
        MHD_add_response_header(r, "Content-Disposition", d.data);
        buf_free(&d);
    }
    for (size_t i = 0; i < p->cookie_count; i++)
        MHD_add_response_header(r, "Set-Cookie", p->cookies[i]);
    return r;
}

static enum MHD_Result web_queue(struct MHD_Connection *conn, unsigned status,
                                 struct MHD_Response *r)
{
    web_tls_queuing_ours = true;
    enum MHD_Result res = MHD_queue_response(conn, status, r);
    web_tls_queuing_ours = false;
    return res;
}

/* Answers the request with its page as it stands. */
static enum MHD_Result web_answer(WebReq *rq)
{
    Page *p = &rq->page;
    if (p->status < 100 || p->status > 599)
        p->status = 500;
    struct MHD_Response *r = web_response(p, rq->ctx.head);
    if (!r)
        return MHD_NO;
    /* The library reads this header of ours and closes the connection after the answer. */
    if (rq->must_close)
        MHD_add_response_header(r, "Connection", "close");
    rq->status = p->status;
    rq->state = REQ_ANSWERED;
    enum MHD_Result res = web_queue(rq->conn, (unsigned)p->status, r);
    MHD_destroy_response(r);
    return res;
}

/* A refusal while the request head is read. With a body announced it is answered at once,
 * so that the body is never read (the library then closes the connection); without one the
 * answer waits for the final call, which keeps the connection open for the next request. */
static enum MHD_Result web_refuse(WebReq *rq)
{
    if (rq->has_body)
        return web_answer(rq);
    rq->answer_pending = true;
    rq->state = REQ_BODY;
    return MHD_YES;
}

static enum MHD_Result web_fail(WebReq *rq, int status, const char *message)
{
    page_fail(&rq->page, status, message);
    return web_refuse(rq);
}

/* A request whose framing or head cannot be trusted (RFC 9112 §6.3: two lengths, a length
 * beside chunks; a request target or Host that is not one): answered at once and the
 * connection closed, so that nothing after it is read as another request. */
static enum MHD_Result web_fail_close(WebReq *rq, const char *message)
{
    page_fail(&rq->page, 400, message);
    rq->must_close = true;
    return web_answer(rq);
}

/* A Content-Length value as the library reads it: decimal digits only, within 64 bits. False
 * for anything else; the value in *n (may be NULL) otherwise. */
static bool web_length_parse(const char *v, unsigned long long *n)
{
    if (!*v || strspn(v, "0123456789") != strlen(v))
        return false;
    errno = 0;
    unsigned long long x = strtoull(v, NULL, 10);
    if (errno)
        return false;
    if (n)
        *n = x;
    return true;
}

/* libmicrohttpd answers some requests by itself — a request head larger than its buffer, a
 * malformed request line, header line, Content-Length or chunk — with a bare page of its own
 * that carries none of our headers, and it offers no hook for them. Its own call of this function
 * goes through the dynamic linker like ours, so this definition takes the call: a response the
 * library made is replaced by our error page for the same status, with every security header;
 * ours are passed on as they are. tests/unit/test_web_server.c checks that it takes effect. */
enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
    typedef enum MHD_Result (*QueueFn)(struct MHD_Connection *, unsigned int,
                                       struct MHD_Response *);
    static _Atomic(QueueFn) real;
    QueueFn fn = atomic_load(&real);
    if (!fn) {
        void *sym = dlsym(RTLD_NEXT, "MHD_queue_response");
        if (!sym) {
            fprintf(stderr, "insats: libmicrohttpd's MHD_queue_response is not found\n");
            abort();
        }
        memcpy(&fn, &sym, sizeof fn);
        atomic_store(&real, fn);
    }
    if (web_tls_queuing_ours || status_code < 400)
        return fn(connection, status_code, response);
    web_tls_library_status = status_code;
    Page p;
    page_init(&p, NULL);
    page_fail(&p, (int)status_code,
              _("Förfrågan kunde inte tas emot. Kontrollera adressen och försök igen."));
    struct MHD_Response *ours = web_response(&p, false);
    page_free(&p);
    /* A Content-Length that is not a number is refused while the library reads the head, and
     * libmicrohttpd 0.9.75 then writes the answer's head a second time after the first. With
     * an empty body the first answer is whole and ends at its own head: a client reads a
     * clean 400 (or 413) and the repeated head after it is past the end of the answer, on a
     * connection that closes. */
    const char *len = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (ours && len && !web_length_parse(len, NULL)) {
        MHD_destroy_response(ours);
        Page empty;
        page_init(&empty, NULL);
        empty.status = (int)status_code;
        empty.content_type = "text/plain; charset=utf-8";
        ours = web_response(&empty, false);
        page_free(&empty);
    }
    if (!ours)
        return fn(connection, status_code, response);
    enum MHD_Result res = fn(connection, status_code, ours);
    MHD_destroy_response(ours);
    return res;
}

/* ---- the request log ------------------------------------------------------------------------ */

/* One line per request: time, method, the route's pattern (never the path, whose ids and query
 * may be personal data), status and duration. Nothing about the client. */
static void web_log_request(WebReq *rq)
{
    struct WebServer *s = rq->srv;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - rq->t0.tv_sec) * 1e3 +
                (double)(t1.tv_nsec - rq->t0.tv_nsec) / 1e6;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *pattern = rq->ctx.route ? rq->ctx.route->pattern : "-";
    const char *method = rq->ctx.method ? router_method_name(rq->ctx.method) : "-";
    if (rq->ctx.head)
        method = "HEAD";
    unsigned status = (unsigned)rq->status;
    if (!status) {
        status = web_tls_library_status;
        web_tls_library_status = 0;
    }
    pthread_mutex_lock(&s->mu);
    if (status)
        fprintf(s->log, "%s %s %s %u %.1f ms\n", when, method, pattern, status, ms);
    else
        fprintf(s->log, "%s %s %s - %.1f ms (closed before an answer)\n", when, method,
                pattern, ms);
    fflush(s->log);
    pthread_mutex_unlock(&s->mu);
}

/* ---- requests ------------------------------------------------------------------------------- */

static void web_req_free(WebReq *rq)
{
    if (rq->pp)
        MHD_destroy_post_processor(rq->pp);
    ctx_free(&rq->ctx);
    page_free(&rq->page);
    buf_free(&rq->raw);
    free(rq->raw_path);
    free(rq);
}

/* Why a request target, as received (before the library decodes it), cannot be taken; NULL
 * when it can. The library accepts spaces inside it and decodes %00 into an end of string
 * ("/login%00x" would be "/login"), and it leaves dot segments, which a browser removes
 * before sending, for the application: all are refused here, so that what a handler sees is
 * what the client asked for. */
static const char *web_target_problem(const char *uri)
{
    if (!uri || !*uri)
        return "no request target";
    const unsigned char *u = (const unsigned char *)uri;
    size_t path_len = strcspn(uri, "?");
    for (size_t i = 0; u[i]; i++) {
        if (u[i] <= 0x20 || u[i] == 0x7f)
            return "a space or control character in the target";
        if (u[i] != '%')
            continue;
        int hi = web_hex_digit(u[i + 1]), lo = hi < 0 ? -1 : web_hex_digit(u[i + 2]);
        if (lo < 0) {
            if (i < path_len)
                return "a broken %-escape in the path";
            continue;
        }
        int ch = hi * 16 + lo;
        if (ch == 0 || (i < path_len && (ch < 0x20 || ch == 0x7f)))
            return "an escaped NUL or control character";
    }
    /* Dot segments, also escaped ("%2e%2e"). */
    for (size_t i = 0; i < path_len;) {
        /* The slash before the segment (or the first character of "*" or "http://…",
         * which no route matches anyway). */
        i++;
        size_t dots = 0, other = 0;
        while (i < path_len && u[i] != '/') {
            if (u[i] == '.') {
                dots++;
                i++;
            } else if (u[i] == '%' && u[i + 1] == '2' && (u[i + 2] == 'e' || u[i + 2] == 'E')) {
                dots++;
                i += 3;
            } else {
                other++;
                i++;
            }
        }
        if (!other && (dots == 1 || dots == 2))
            return "a dot segment in the path";
    }
    return NULL;
}

/* Called by the library with the request target as soon as the request line is in: the
 * request's state begins here (its length is the 414 check), and the count of requests in
 * flight that the graceful stop waits for. */
static void *web_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct WebServer *s = cls;
    WebReq *rq = xcalloc(1, sizeof *rq);
    rq->srv = s;
    rq->conn = conn;
    rq->uri_len = uri ? strlen(uri) : 0;
    rq->target_bad = web_target_problem(uri);
    rq->raw_path = uri ? xstrndup(uri, strcspn(uri, "?")) : NULL;
    clock_gettime(CLOCK_MONOTONIC, &rq->t0);
    page_init(&rq->page, &rq->ctx);
    atomic_fetch_add(&s->inflight, 1);
    return rq;
}

static void web_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                          enum MHD_RequestTerminationCode toe)
{
    struct WebServer *s = cls;
    WebReq *rq = *con_cls;
    (void)conn;
    (void)toe;
    if (!rq)
        return;
    web_log_request(rq);
    web_req_free(rq);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

typedef struct {
    WebPairs *ps;
    size_t bytes;
    unsigned hosts, lengths;   /* Host and Content-Length lines, which may each come once */
} WebCollect;

static enum MHD_Result web_collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                          const char *value)
{
    WebCollect *wc = cls;
    (void)kind;
    size_t klen = strlen(key), vlen = value ? strlen(value) : 0;
    wc->bytes += klen + vlen + 4;
    if (wc->bytes > WEB_HEADERS_MAX)
        return MHD_NO;
    char *lower = xstrdup(key);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    wc->hosts += strcmp(lower, "host") == 0;
    wc->lengths += strcmp(lower, "content-length") == 0;
    web_pairs_add(wc->ps, lower, value ? value : "", vlen);
    free(lower);
    return MHD_YES;
}

static enum MHD_Result web_collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    WebCollect *wc = cls;
    (void)kind;
    if (wc->ps->count >= 200)
        return MHD_NO;
    web_pairs_add(wc->ps, key, value ? value : "", value ? strlen(value) : 0);
    return MHD_YES;
}

/* Whether the peer is this machine: the only one whose X-Forwarded-* headers are believed. */
static bool web_peer_local(const struct sockaddr *sa, char *out, size_t outlen)
{
    if (!sa) {
        snprintf(out, outlen, "-");
        return false;
    }
    if (sa->sa_family == AF_UNIX) {
        snprintf(out, outlen, "local");
        return true;
    }
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        inet_ntop(AF_INET, &in->sin_addr, out, (socklen_t)outlen);
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, out, (socklen_t)outlen);
        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
    snprintf(out, outlen, "-");
    return false;
}

static void web_client(WebReq *rq)
{
    Ctx *c = &rq->ctx;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    bool local = web_peer_local(ci ? ci->client_addr : NULL, c->client, sizeof c->client);
    c->public_url = rq->srv->cfg.public_url;
    if (!rq->srv->cfg.behind_proxy || !local)
        return;
    const char *proto = ctx_header(c, "x-forwarded-proto");
    c->https = proto && strcasecmp(proto, "https") == 0;
    const char *fwd = ctx_header(c, "x-forwarded-for");
    if (fwd && *fwd) {
        /* The proxy appends the address it saw: the last entry is the one to believe. */
        const char *last = strrchr(fwd, ',');
        last = last ? last + 1 : fwd;
        while (*last == ' ')
            last++;
        snprintf(c->client, sizeof c->client, "%.*s", (int)strcspn(last, " "), last);
    }
}

static enum MHD_Result web_post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data,
                                     uint64_t off, size_t size)
{
    WebReq *rq = cls;
    WebPairs *ps = &rq->ctx.form;
    (void)kind;
    (void)transfer_encoding;
    WebPair *last = ps->count ? &ps->items[ps->count - 1] : NULL;
    if (off == 0 || !last || strcmp(last->name, key) != 0) {
        if (ps->count >= 1000) {
            rq->form_bad = true;
            return MHD_NO;
        }
        web_pairs_add(ps, key, data, size);
        last = &ps->items[ps->count - 1];
        if (filename)
            last->filename = xstrdup(filename);
        if (content_type && filename)
            last->content_type = xstrdup(content_type);
        return MHD_YES;
    }
    last->value = xrealloc(last->value, last->len + size + 1);
    memcpy(last->value + last->len, data, size);
    last->len += size;
    last->value[last->len] = '\0';
    return MHD_YES;
}

/* Whether a Host header's value is a host with an optional port (RFC 9110 §7.2: uri-host
 * [":" port]; empty is allowed): letters, digits, the few marks of a name or an IPv6
 * literal. Anything else (a slash, a space, "@") is not a host. */
static bool web_host_ok(const char *v)
{
    for (const unsigned char *s = (const unsigned char *)v; *s; s++)
        if (!isalnum(*s) && !strchr("-._~:[]%!$&'()*+,;=", *s))
            return false;
    return true;
}

/* The request line and headers are in: the limits, the route, who is asking, the body's
 * limit. Answers at once when any says no, so that no refused body is read. */
static enum MHD_Result web_req_begin(WebReq *rq, const char *url, const char *method,
                                     const char *version)
{
    Ctx *c = &rq->ctx;
    c->server = rq->srv;
    Lang asked = i18n_from_accept_language(
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Accept-Language"));
    c->lang = asked == LANG_NONE ? LANG_SV : asked;
    i18n_set(c->lang);
    c->method_name = method;
    c->method = router_method_parse(method);
    c->head = strcmp(method, "HEAD") == 0;
    c->path = xstrdup(url);
    c->raw_path = rq->raw_path;
    rq->raw_path = NULL;
    const char *len = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Content-Length");
    rq->has_body = (len && strcmp(len, "0") != 0) ||
                   MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Transfer-Encoding");
    if (rq->uri_len > WEB_URI_MAX)
        return web_fail(rq, 414, _("Adressen är för lång."));
    if (rq->target_bad)
        return web_fail_close(rq, _("Adressen kan inte läsas. Kontrollera den och försök "
                                    "igen."));
    WebCollect wc = {&c->headers, 0, 0, 0};
    MHD_get_connection_values(rq->conn, MHD_HEADER_KIND, web_collect_header, &wc);
    if (wc.bytes > WEB_HEADERS_MAX)
        return web_fail(rq, 431, _("Förfrågan har för stora huvudfält."));
    /* RFC 9112 §3.2: an HTTP/1.1 request (or a later 1.x, which the library takes as 1.1)
     * names its host once; the library (unless made strict, which would also close
     * connections without an answer) lets it pass. */
    const char *host = ctx_header(c, "host");
    if (wc.hosts > 1 || (host && !web_host_ok(host)) ||
        (!host && version && strcmp(version, MHD_HTTP_VERSION_1_0) != 0))
        return web_fail_close(rq, _("Förfrågan saknar ett giltigt Host-fält."));
    /* Two lengths, or a length beside chunks, can be read two ways (by a proxy in front and
     * by this server): refused, so that a request cannot be smuggled inside another. */
    if (wc.lengths > 1 || (len && ctx_header(c, "transfer-encoding")))
        return web_fail_close(rq, _("Förfrågan anger sin längd mer än en gång."));
    WebCollect qa = {&c->query, 0, 0, 0};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, web_collect_arg, &qa);
    ctx_parse_cookies(&c->cookies, ctx_header(c, "cookie"));
    web_client(rq);
    session_lang_visitor(c, &rq->page);
    c->db = web_thread_db(rq->srv);
    if (!c->db)
        return web_fail(rq, 503, _("Tjänsten kan inte läsa sin databas just nu. Försök igen om "
                                   "en stund."));
    int st = router_begin(c, &rq->page);
    if (st)
        return web_refuse(rq);

    rq->body_limit = (c->route->flags & ROUTE_UPLOAD) ? WEB_UPLOAD_MAX : WEB_BODY_MAX;
    if (len) {
        unsigned long long n = 0;
        if (!web_length_parse(len, &n) || n > rq->body_limit)
            return web_fail(rq, 413, _("Det som skickades är för stort."));
    } else if (ctx_header(c, "transfer-encoding")) {
        /* Browsers send forms and files with their length; a body of unknown length would have
         * to be read before its size is known. */
        return web_fail(rq, 411, _("Förfrågan saknar längd."));
    }
    const char *type = ctx_header(c, "content-type");
    if (len && strcmp(len, "0") != 0 && type &&
        (strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0 ||
         strncasecmp(type, "multipart/form-data", 19) == 0)) {
        rq->pp = MHD_create_post_processor(rq->conn, 32 * 1024, web_post_iter, rq);
        if (!rq->pp)
            return web_fail(rq, 400, _("Formuläret kunde inte läsas."));
    }
    rq->state = REQ_BODY;
    return MHD_YES;
}

static void web_slow_enqueue(WebReq *rq);

/* The whole body is in: the CSRF check and the handler, here or on a slow-work thread. */
static enum MHD_Result web_req_run(WebReq *rq)
{
    Ctx *c = &rq->ctx;
    if (rq->pp) {
        enum MHD_Result ok = MHD_destroy_post_processor(rq->pp);
        rq->pp = NULL;
        if (ok != MHD_YES || rq->form_bad)
            return web_fail(rq, 400, _("Formuläret kunde inte läsas."));
    }
    if (rq->raw.len) {
        c->payload_len = rq->raw.len;
        c->payload = buf_steal(&rq->raw);
    }
    if (c->route->flags & ROUTE_SLOW) {
        struct WebServer *s = rq->srv;
        pthread_mutex_lock(&s->mu);
        bool full = s->q_len >= WEB_SLOW_QUEUE_MAX || s->q_stop;
        pthread_mutex_unlock(&s->mu);
        if (full)
            return web_fail(rq, 503, _("Tjänsten är upptagen just nu. Försök igen om en "
                                       "stund."));
        rq->state = REQ_SLOW_WAIT;
        MHD_suspend_connection(rq->conn);
        web_slow_enqueue(rq);
        return MHD_YES;
    }
    router_run(c, &rq->page);
    return web_answer(rq);
}

static enum MHD_Result web_access(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    WebReq *rq = *con_cls;
    if (!rq) {
        rq = web_uri_log(cls, url, conn);
        *con_cls = rq;
    }
    /* Each call may come on another of the library's threads. */
    i18n_set(rq->ctx.lang);
    switch (rq->state) {
    case REQ_NEW:
        return web_req_begin(rq, url, method, version);
    case REQ_BODY:
        if (rq->answer_pending) {
            *upload_data_size = 0;
            return web_answer(rq);
        }
        if (*upload_data_size) {
            size_t n = *upload_data_size;
            *upload_data_size = 0;
            /* The library enforces Content-Length; counting the pieces too keeps the limit
             * whatever way a body arrives. */
            rq->body_bytes += n;
            if (rq->body_bytes > rq->body_limit)
                return MHD_NO;
            if (rq->pp)
                return MHD_post_process(rq->pp, upload_data, n) == MHD_YES || rq->form_bad
                           ? MHD_YES : MHD_NO;
            if (rq->ctx.method != WEB_GET)
                buf_append(&rq->raw, upload_data, n);
            return MHD_YES;
        }
        return web_req_run(rq);
    case REQ_SLOW_DONE:
        return web_answer(rq);
    default:
        return MHD_YES;
    }
}

/* ---- slow work -------------------------------------------------------------------------------- */

static void web_slow_enqueue(WebReq *rq)
{
    struct WebServer *s = rq->srv;
    pthread_mutex_lock(&s->mu);
    rq->next = NULL;
    if (s->q_tail)
        s->q_tail->next = rq;
    else
        s->q_head = rq;
    s->q_tail = rq;
    s->q_len++;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void *web_slow_main(void *arg)
{
    struct WebServer *s = arg;
    /* Below the workers in the scheduler's eyes (Linux's nice value is per thread): a page's
     * worker that wakes up gets a core at once even while every slow thread is hashing. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
    for (;;) {
        pthread_mutex_lock(&s->mu);
        while (!s->q_head && !s->q_stop)
            pthread_cond_wait(&s->cv, &s->mu);
        WebReq *rq = s->q_head;
        if (!rq) {
            pthread_mutex_unlock(&s->mu);
            return NULL;
        }
        s->q_head = rq->next;
        if (!s->q_head)
            s->q_tail = NULL;
        s->q_len--;
        pthread_mutex_unlock(&s->mu);
        /* The request was read on a worker thread; its work uses this thread's connection. */
        Db *db = web_thread_db(s);
        if (!db) {
            page_fail(&rq->page, 503, _("Tjänsten kan inte läsa sin databas just nu. Försök "
                                        "igen om en stund."));
        } else {
            session_move_db(&rq->ctx, db);
            i18n_set(rq->ctx.lang);
            router_run(&rq->ctx, &rq->page);
        }
        rq->state = REQ_SLOW_DONE;
        MHD_resume_connection(rq->conn);
    }
}

/* ---- computing ahead ---------------------------------------------------------------------- */

/* How long the database must have stayed unchanged before the dashboard is computed again
 * (a burst of writes, such as a session's attendance, is one change), and how long after its
 * last viewer the dashboard is still worth computing ahead. */
#define WEB_WARM_QUIET_S 0.5
#define WEB_WARM_VIEWED_S 600.0
#define WEB_WARM_TICK_MS 200

static double web_seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Computes the dashboard at the start and again after each change that others may soon look
 * at, on the server's first connection and below every other thread, so that the start page's first
 * viewer after a start or a write does not wait for the figures of the whole project (a
 * second on the large demo). A viewer who comes while it computes waits for its answer
 * (dashboard_get()); nobody is ever served figures older than the last commit. */
static void *web_warm_main(void *arg)
{
    struct WebServer *s = arg;
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    uint64_t seen = 0, warmed = 0;
    char warmed_day[11] = "";
    struct timespec seen_at = {0};
    bool first = true;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        if (!first && !s->warm_stop) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += WEB_WARM_TICK_MS * 1000000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&s->warm_cv, &s->mu, &until);
        }
        bool stop = s->warm_stop;
        pthread_mutex_unlock(&s->mu);
        if (stop)
            return NULL;
        Db *db = s->main_db;
        int64_t project = 0;
        Errs errs;
        errs_init(&errs);
        bool one_project = project_resolve(db, NULL, &project, &errs) == INSATS_OK;
        errs_free(&errs);
        uint64_t gen = one_project ? dashboard_generation(db) : 0;
        char day[11];
        date_today(day);
        if (!gen || (gen == warmed && strcmp(day, warmed_day) == 0)) {
            first = false;
            continue;
        }
        if (gen != seen) {
            seen = gen;
            clock_gettime(CLOCK_MONOTONIC, &seen_at);
        }
        double idle = dashboard_idle_seconds();
        bool wanted = first || (web_seconds_since(&seen_at) >= WEB_WARM_QUIET_S && idle >= 0 &&
                                idle < WEB_WARM_VIEWED_S);
        first = false;
        if (!wanted)
            continue;
        errs_init(&errs);
        dashboard_warm(db, project, &errs);   /* a failure shows to the viewer, as before */
        errs_free(&errs);
        warmed = gen;
        snprintf(warmed_day, sizeof warmed_day, "%s", day);
    }
}

static void web_warm_stop(struct WebServer *s)
{
    if (!s->warm_started)
        return;
    pthread_mutex_lock(&s->mu);
    s->warm_stop = true;
    pthread_cond_broadcast(&s->warm_cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->warm, NULL);
    s->warm_started = false;
}

/* ---- the listening socket -------------------------------------------------------------------- */

static int web_listen_socket(struct WebServer *s, Errs *errs)
{
    const char *spec = s->listen;
    int fd = -1;
    if (spec[0] == '/' || spec[0] == '.') {
        struct sockaddr_un un = {.sun_family = AF_UNIX};
        if (strlen(spec) >= sizeof un.sun_path) {
            errs_add(errs, "--listen %s: the socket's path is too long", spec);
            return -1;
        }
        strcpy(un.sun_path, spec);
        struct stat st;
        if (lstat(spec, &st) == 0) {
            if (!S_ISSOCK(st.st_mode)) {
                errs_add(errs, "--listen %s: exists and is not a socket; give another path",
                         spec);
                return -1;
            }
            unlink(spec);   /* left by a server that stopped without removing it */
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&un, sizeof un) != 0 ||
            chmod(spec, 0660) != 0 || listen(fd, 511) != 0) {
            errs_add(errs, "--listen %s: cannot listen there: %s", spec, strerror(errno));
            if (fd >= 0)
                close(fd);
            return -1;
        }
        s->unix_path = xstrdup(spec);
        s->port = 0;
        return fd;
    }
    char host[64];
    const char *colon;
    int family;
    if (spec[0] == '[') {
        const char *end = strchr(spec, ']');
        if (!end || end[1] != ':' || (size_t)(end - spec - 1) >= sizeof host) {
            errs_add(errs, "--listen %s: write an IPv6 address as [::1]:8080", spec);
            return -1;
        }
        memcpy(host, spec + 1, (size_t)(end - spec - 1));
        host[end - spec - 1] = '\0';
        colon = end + 1;
        family = AF_INET6;
    } else {
        colon = strrchr(spec, ':');
        if (!colon || (size_t)(colon - spec) >= sizeof host) {
            errs_add(errs, "--listen %s: give ADDRESS:PORT (127.0.0.1:8080, [::1]:8080) or the "
                     "path of a unix socket", spec);
            return -1;
        }
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = '\0';
        family = AF_INET;
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535) {
        errs_add(errs, "--listen %s: \"%s\" is not a port number (0–65535)", spec, colon + 1);
        return -1;
    }
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%ld", port);
    struct addrinfo hints = {.ai_family = family, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *ai = NULL;
    if (getaddrinfo(host, portstr, &hints, &ai) != 0 || !ai) {
        errs_add(errs, "--listen %s: \"%s\" is not an %s address", spec, host,
                 family == AF_INET ? "IPv4" : "IPv6");
        return -1;
    }
    fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    int bound = fd >= 0 ? bind(fd, ai->ai_addr, ai->ai_addrlen) : -1;
    freeaddrinfo(ai);
    if (bound != 0 || listen(fd, 511) != 0) {
        errs_add(errs, "--listen %s: cannot listen there: %s", spec, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    s->port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                      : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return fd;
}

/* ---- start and stop ---------------------------------------------------------------------------- */

static void web_free(struct WebServer *s)
{
    for (size_t i = 0; i < s->ndbs; i++)
        db_close(s->dbs[i]);
    free(s->dbs);
    db_close(s->main_db);
    if (s->unix_path)
        unlink(s->unix_path);
    free(s->unix_path);
    if (s->log && s->log != stderr)
        fclose(s->log);
    free(s->slow);
    pthread_cond_destroy(&s->cv);
    pthread_cond_destroy(&s->warm_cv);
    pthread_mutex_destroy(&s->mu);
    free(s->listen);
    free(s->db_path);
    free(s->key_path);
    free(s);
}

/* Room for the connection limit in the descriptor table: the soft limit raised to the hard
 * one, and the limit lowered if even that is too small. */
static unsigned web_fd_room(unsigned want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return want;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)want + 64)
        return rl.rlim_cur > 128 ? (unsigned)rl.rlim_cur - 64 : 64;
    return want;
}

/* A line of the mail worker's for the server's log (MailerLogFn). */
static void web_log_line(void *ctx, const char *line)
{
    struct WebServer *s = ctx;
    pthread_mutex_lock(&s->mu);
    fprintf(s->log, "insats serve: %s\n", line);
    fflush(s->log);
    pthread_mutex_unlock(&s->mu);
}

int web_start(const WebConfig *cfg, WebServer **out, Errs *errs)
{
    *out = NULL;
    if (sodium_init() < 0) {
        errs_add(errs, "libsodium cannot be initialised");
        return INSATS_ESTORAGE;
    }
    if (router_check_table(stderr) != 0) {
        errs_add(errs, "the route table is not valid (see above)");
        return INSATS_EUSAGE;
    }
    struct WebServer *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    s->listen = xstrdup(cfg->listen ? cfg->listen : "127.0.0.1:8080");
    s->db_path = xstrdup(cfg->db_path);
    s->key_path = xstrdup(cfg->key_path);
    s->listen_fd = -1;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    pthread_cond_init(&s->warm_cv, NULL);
    s->log = stderr;
    if (cfg->log_path) {
        int lfd = open(cfg->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        s->log = lfd >= 0 ? fdopen(lfd, "a") : NULL;
        if (!s->log) {
            errs_add(errs, "--log %s: cannot write there: %s", cfg->log_path, strerror(errno));
            if (lfd >= 0)
                close(lfd);
            s->log = stderr;
            web_free(s);
            return INSATS_ESTORAGE;
        }
    }
    /* Opened once here so that a missing or damaged database stops the start with its
     * message, and migrations run before any worker opens its own connection. */
    if (db_open(s->db_path, s->key_path, DB_OPEN_EXISTING, &s->main_db, errs) != INSATS_OK) {
        web_free(s);
        return INSATS_ESTORAGE;
    }
    s->listen_fd = web_listen_socket(s, errs);
    if (s->listen_fd < 0) {
        web_free(s);
        return INSATS_EUSAGE;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads ? cfg->threads : (unsigned)(cores > 0 ? cores : 1);
    unsigned limit = web_fd_room(cfg->connection_limit ? cfg->connection_limit : 1000);
    /* Behind a proxy every connection comes from the proxy; otherwise one address may hold
     * half of the connections, so that one client cannot take them all. */
    unsigned per_ip = (cfg->behind_proxy || s->unix_path) ? 0 : limit / 2;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (s->listen[0] == '[')
        flags |= MHD_USE_IPv6;
    /* Half the cores for slow work, so that the other half is always there for pages. */
    s->nslow = cfg->slow_threads ? cfg->slow_threads : (threads / 2 ? threads / 2 : 1);
    s->slow = xcalloc(s->nslow, sizeof *s->slow);
    for (unsigned i = 0; i < s->nslow; i++)
        pthread_create(&s->slow[i], NULL, web_slow_main, s);
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, web_access, s,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)s->listen_fd,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
        MHD_OPTION_URI_LOG_CALLBACK, web_uri_log, s,
        MHD_OPTION_NOTIFY_COMPLETED, web_completed, s,
        MHD_OPTION_END);
    if (s->daemon) {
        pthread_create(&s->warm, NULL, web_warm_main, s);
        s->warm_started = true;
    } else {
        errs_add(errs, "--listen %s: the web server could not be started", s->listen);
        close(s->listen_fd);
        s->listen_fd = -1;
        pthread_mutex_lock(&s->mu);
        s->q_stop = true;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        for (unsigned i = 0; i < s->nslow; i++)
            pthread_join(s->slow[i], NULL);
        web_free(s);
        return INSATS_ESTORAGE;
    }
    s->mailer = mailer_start(cfg, web_log_line, s, errs);
    if (!s->mailer) {
        web_stop(s);
        return INSATS_ESTORAGE;
    }
    *out = s;
    return INSATS_OK;
}

int web_port(const WebServer *s) { return s->port; }

size_t web_db_connections(WebServer *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->ndbs;
    pthread_mutex_unlock(&s->mu);
    return n;
}

void web_stop(WebServer *s)
{
    if (!s)
        return;
    /* No new connections: the listening socket is closed at once. */
    MHD_socket lfd = MHD_quiesce_daemon(s->daemon);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    if (s->unix_path)
        unlink(s->unix_path);
    web_warm_stop(s);
    /* Requests in flight finish (idle keep-alive connections are not waited for). */
    for (int i = 0; i < 300 && atomic_load(&s->inflight) > 0; i++)
        usleep(10 * 1000);
    pthread_mutex_lock(&s->mu);
    s->q_stop = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    for (unsigned i = 0; i < s->nslow; i++)
        pthread_join(s->slow[i], NULL);
    /* Anything still queued for slow work gets an answer instead of a silent close. */
    for (WebReq *rq = s->q_head, *next; rq; rq = next) {
        next = rq->next;
        page_fail(&rq->page, 503, _("Tjänsten stängs av. Försök igen om en stund."));
        rq->state = REQ_SLOW_DONE;
        MHD_resume_connection(rq->conn);
    }
    s->q_head = s->q_tail = NULL;
    /* A resumed connection stays on the library's list of suspended ones until its worker
     * has run again, and MHD_stop_daemon() aborts the process on finding one there: so the
     * answers of the slow work that ended during the stop are sent first. */
    for (int i = 0; i < 150 && atomic_load(&s->inflight) > 0; i++)
        usleep(10 * 1000);
    MHD_stop_daemon(s->daemon);
    mailer_stop(s->mailer);
    fflush(s->log);
    web_free(s);
}

int web_serve(const WebConfig *cfg, Errs *errs)
{
    /* Every thread starts with SIGINT and SIGTERM blocked; this one waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    WebServer *s;
    int rc = web_start(cfg, &s, errs);
    if (rc != INSATS_OK)
        return rc;
    if (s->unix_path)
        printf("insats serve: listening on %s\n", s->unix_path);
    else if (s->listen[0] == '[')
        printf("insats serve: listening on http://[%.*s]:%d/\n",
               (int)(strchr(s->listen, ']') - s->listen - 1), s->listen + 1, s->port);
    else
        printf("insats serve: listening on http://%.*s:%d/\n",
               (int)(strrchr(s->listen, ':') - s->listen), s->listen, s->port);
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(s->log, "insats serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    web_stop(s);
    return INSATS_OK;
}
