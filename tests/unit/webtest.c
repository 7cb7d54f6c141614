/* webtest.c — the web tests' harness (webtest.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <liboath/oath.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "bundle.h"
#include "demo.h"
#include "testutil.h"
#include "router.h"
#include "stmt.h"
#include "webtest.h"

WtServer *wt_start(const WtOptions *opts)
{
    WtOptions none = {0};
    if (!opts)
        opts = &none;
    TuDb t;
    if (tu_db_open(&t, "web") != 0)
        return NULL;
    if (opts->demo) {
        json_t *bundle = demo_bundle(DEMO_SMALL, 1, NULL, NULL);
        tu_import_json(t.db, bundle, "demo", NULL);
        json_decref(bundle);
    } else {
        tu_import_fixture(t.db, "bundle-min.json", NULL);
    }
    db_close(t.db);
    WtServer *s = xcalloc(1, sizeof *s);
    s->dir = t.dir;
    s->db_path = t.path;
    s->log_path = xasprintf("%s/server.log", s->dir);
    WebConfig cfg = {
        .listen = "127.0.0.1:0",
        .db_path = s->db_path,
        .log_path = s->log_path,
        .threads = opts->threads ? opts->threads : 2,
        .timeout_s = opts->timeout_s,
        .behind_proxy = opts->behind_proxy,
    };
    Errs errs;
    errs_init(&errs);
    if (web_start(&cfg, &s->web, &errs) != INSATS_OK) {
        errs_print(&errs, stderr);
        errs_free(&errs);
        free(s->log_path);
        free(s->db_path);
        tu_rmtree(s->dir);
        free(s);
        return NULL;
    }
    errs_free(&errs);
    s->port = web_port(s->web);
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
    return s;
}

/* The request log of the whole run holds no personal data: no name or e-mail address of the
 * database's people or accounts, nothing shaped like a personnummer. */
static void wt_check_log(const WtServer *s)
{
    char *log = tu_slurp(s->log_path, NULL);
    Db *db = wt_db(s);
    Stmt *st = stmt_prepare(db, "SELECT name FROM person UNION SELECT email FROM person "
                                "WHERE email IS NOT NULL UNION SELECT name FROM app_user "
                                "UNION SELECT login FROM app_user");
    const char *leak = NULL;
    while (!leak && stmt_step(st) == STMT_ROW) {
        const char *v = stmt_text(st, 0);
        if (v && strlen(v) >= 3 && strstr(log, v))
            leak = v;
    }
    if (leak)
        fprintf(stderr, "the server log names \"%s\"\n", leak);
    assert_null(leak);
    stmt_free(st);
    db_close(db);
    /* YYMMDD-NNNN or YYYYMMDD-NNNN, with or without the dash. */
    for (const char *p = log; *p; p++) {
        size_t d = strspn(p, "0123456789");
        if (d == 6 || d == 8) {
            const char *q = p + d;
            if (*q == '-' || *q == '+')
                q++;
            if (strspn(q, "0123456789") == 4)
                fail_msg("the server log holds a personnummer-like \"%.*s\"",
                         (int)(q + 4 - p), p);
        }
        if (d)
            p += d - 1;
    }
    free(log);
}

void wt_stop(WtServer *s)
{
    if (!s)
        return;
    web_stop(s->web);
    wt_check_log(s);
    char *wal = xasprintf("%s-wal", s->db_path);
    struct stat st;
    bool left = stat(wal, &st) == 0;
    free(wal);
    free(s->log_path);
    free(s->db_path);
    tu_rmtree(s->dir);
    free(s);
    assert_false(left);
}

WtServer *wt_srv;

int wt_setup(void **state)
{
    (void)state;
    wt_srv = wt_start(NULL);
    return wt_srv ? 0 : -1;
}

int wt_teardown(void **state)
{
    (void)state;
    wt_stop(wt_srv);
    wt_srv = NULL;
    return 0;
}

Db *wt_db(const WtServer *s)
{
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = db_open(s->db_path, NULL, DB_OPEN_EXISTING, &db, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    tu_set_actor(db);   /* the test writes as the command line would */
    return db;
}

WtClient *wt_client(const WtServer *s)
{
    WtClient *c = xcalloc(1, sizeof *c);
    c->srv = s;
    c->curl = curl_easy_init();
    assert_non_null(c->curl);
    curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");   /* an empty jar of its own */
    curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
    return c;
}

void wt_client_free(WtClient *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->curl);
    free(c);
}

static size_t wt_collect(char *data, size_t size, size_t n, void *userp)
{
    buf_append(userp, data, size * n);
    return size * n;
}

/* The value of the first `name="csrf" value="…"` of the page, kept for the next POST. */
static void wt_take_csrf(WtClient *c, const WtResp *r)
{
    const char *key = "name=\"csrf\" value=\"";
    const char *at = r->body.data ? strstr(r->body.data, key) : NULL;
    if (!at)
        return;
    at += strlen(key);
    size_t n = strcspn(at, "\"");
    if (n < sizeof c->csrf)
        snprintf(c->csrf, sizeof c->csrf, "%.*s", (int)n, at);
}

WtResp wt_request(WtClient *c, const char *method, const char *path, const char *body,
                  size_t body_len, const char *const *headers)
{
    WtResp r = {0};
    CURL *h = c->curl;
    char *url = xasprintf("%s%s", c->srv->base, path);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(body ? body_len : 0));
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
    struct curl_slist *list = NULL;
    for (const char *const *hd = headers; hd && *hd; hd++)
        list = curl_slist_append(list, *hd);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, wt_collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, wt_collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &r.headers);
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK)
        fprintf(stderr, "%s %s: %s\n", method, path, curl_easy_strerror(rc));
    assert_int_equal(rc, CURLE_OK);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &r.seconds);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(list);
    free(url);
    if (!r.body.data)
        buf_puts(&r.body, "");
    if (!r.headers.data)
        buf_puts(&r.headers, "");
    wt_take_csrf(c, &r);
    return r;
}

WtResp wt_get(WtClient *c, const char *path)
{
    return wt_request(c, "GET", path, NULL, 0, NULL);
}

WtResp wt_post(WtClient *c, const char *path, const char *const *fields)
{
    Buf b = {0};
    bool has_csrf = false;
    for (const char *const *f = fields; f && f[0] && f[1]; f += 2) {
        char *k = curl_easy_escape(c->curl, f[0], 0);
        char *v = curl_easy_escape(c->curl, f[1], 0);
        buf_printf(&b, "%s%s=%s", b.len ? "&" : "", k, v);
        curl_free(k);
        curl_free(v);
        if (strcmp(f[0], "csrf") == 0)
            has_csrf = true;
    }
    if (!has_csrf && c->csrf[0])
        buf_printf(&b, "%scsrf=%s", b.len ? "&" : "", c->csrf);
    static const char *const form[] = {"Content-Type: application/x-www-form-urlencoded",
                                       NULL};
    WtResp r = wt_request(c, "POST", path, b.data ? b.data : "", b.len, form);
    buf_free(&b);
    return r;
}

void wt_resp_free(WtResp *r)
{
    buf_free(&r->headers);
    buf_free(&r->body);
}

bool wt_header(const WtResp *r, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    for (const char *line = r->headers.data; line && *line;) {
        size_t len = strcspn(line, "\r\n");
        if (len > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            snprintf(out, outlen, "%.*s", (int)(len - (size_t)(v - line)), v);
            return true;
        }
        line += len;
        while (*line == '\r' || *line == '\n')
            line++;
    }
    return false;
}

void wt_assert_security_headers(const WtResp *r, bool immutable)
{
    char v[1024];
    assert_true(wt_header(r, "Content-Security-Policy", v, sizeof v));
    assert_non_null(strstr(v, "frame-ancestors 'none'"));
    assert_non_null(strstr(v, "default-src 'none'"));
    assert_null(strstr(v, "unsafe-inline"));
    assert_null(strstr(v, "unsafe-eval"));
    assert_true(wt_header(r, "X-Content-Type-Options", v, sizeof v));
    assert_string_equal(v, "nosniff");
    assert_true(wt_header(r, "Referrer-Policy", v, sizeof v));
    assert_string_equal(v, "same-origin");
    assert_true(wt_header(r, "Cache-Control", v, sizeof v));
    assert_string_equal(v, immutable ? "public, max-age=31536000, immutable" : "no-store");
    assert_false(wt_header(r, "Server", v, sizeof v));
    assert_false(wt_header(r, "X-Powered-By", v, sizeof v));
}

bool wt_body_has(const WtResp *r, const char *s)
{
    return r->body.data && strstr(r->body.data, s) != NULL;
}

/* ---- pages -------------------------------------------------------------------------------- */

typedef struct {
    int errors;
    char first[512];
} WtHtmlErrors;

/* HTML5 elements libxml2's HTML 4 parser does not know: not an error of ours. */
static bool wt_html5_tag(const char *msg)
{
    static const char *const tags[] = {
        "header", "nav", "main", "footer", "section", "article", "aside", "figure",
        "figcaption", "svg", "g", "rect", "line", "text", "path", "polyline", "polygon",
        "circle", "tspan", "desc", "details", "summary", "time", "mark", "template", "defs",
        "pattern", "clipPath", "use", "symbol", NULL};
    for (const char *const *t = tags; *t; t++) {
        char want[64];
        snprintf(want, sizeof want, "Tag %s invalid", *t);
        if (strstr(msg, want))
            return true;
    }
    return false;
}

static void wt_html_error(void *ctx, xmlErrorPtr e)
{
    WtHtmlErrors *w = ctx;
    if (!e || !e->message || e->level == XML_ERR_WARNING)
        return;
    if (e->code == XML_HTML_UNKNOWN_TAG && wt_html5_tag(e->message))
        return;
    if (!w->errors++)
        snprintf(w->first, sizeof w->first, "line %d: %s", e->line, e->message);
}

static void wt_walk(xmlNode *n, int *h1, int *landmarks, xmlNode *root, bool *skip,
                    char *problem, size_t plen)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (strcmp(name, "h1") == 0)
            (*h1)++;
        static const char *const marks[] = {"header", "nav", "main", "footer"};
        for (int i = 0; i < 4; i++)
            if (strcmp(name, marks[i]) == 0)
                *landmarks |= 1 << i;
        if (strcmp(name, "a") == 0) {
            xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
            xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
            if (href && cls && strcmp((char *)href, "#main") == 0 &&
                strcmp((char *)cls, "skip") == 0)
                *skip = true;
            xmlFree(href);
            xmlFree(cls);
        }
        if (strcmp(name, "input") == 0 || strcmp(name, "select") == 0 ||
            strcmp(name, "textarea") == 0) {
            xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
            bool visible = !type || (strcmp((char *)type, "hidden") != 0 &&
                                     strcmp((char *)type, "submit") != 0);
            xmlFree(type);
            xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
            if (visible && !problem[0]) {
                bool labelled = false;
                if (id) {
                    /* a <label for=id> anywhere in the document */
                    xmlNode *stack[256];
                    int sp = 0;
                    stack[sp++] = root;
                    while (sp && !labelled) {
                        xmlNode *m = stack[--sp];
                        for (; m; m = m->next) {
                            if (m->type != XML_ELEMENT_NODE)
                                continue;
                            if (strcmp((const char *)m->name, "label") == 0) {
                                xmlChar *f = xmlGetProp(m, (const xmlChar *)"for");
                                if (f && strcmp((char *)f, (char *)id) == 0)
                                    labelled = true;
                                xmlFree(f);
                            }
                            if (m->children && sp < 256)
                                stack[sp++] = m->children;
                        }
                    }
                }
                if (!labelled)
                    snprintf(problem, plen, "a <%s> without a label (id \"%s\")", name,
                             id ? (char *)id : "");
            }
            xmlFree(id);
        }
        wt_walk(n->children, h1, landmarks, root, skip, problem, plen);
    }
}

bool wt_page_problem(const WtResp *r, bool nav, char *out, size_t outlen)
{
    out[0] = '\0';
    WtHtmlErrors w = {0};
    xmlSetStructuredErrorFunc(&w, wt_html_error);
    htmlDocPtr doc = htmlReadMemory(r->body.data, (int)r->body.len, "page.html", "UTF-8",
                                    HTML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (w.errors || !root) {
        snprintf(out, outlen, "not well-formed: %d errors, the first: %s", w.errors, w.first);
        xmlFreeDoc(doc);
        return true;
    }
    xmlChar *lang = xmlGetProp(root, (const xmlChar *)"lang");
    bool sv = lang && strcmp((char *)lang, "sv") == 0;
    xmlFree(lang);
    int h1 = 0, landmarks = 0;
    bool skip = false;
    char problem[256] = "";
    wt_walk(root, &h1, &landmarks, root, &skip, problem, sizeof problem);
    xmlFreeDoc(doc);
    int want = 1 | 4 | 8 | (nav ? 2 : 0);
    const char *t0 = strstr(r->body.data, "<title>");
    if (problem[0])
        snprintf(out, outlen, "%s", problem);
    else if (!sv)
        snprintf(out, outlen, "no lang=\"sv\"");
    else if (h1 != 1)
        snprintf(out, outlen, "%d h1 elements", h1);
    else if (!skip)
        snprintf(out, outlen, "no skip link to #main");
    else if ((landmarks & want) != want)
        snprintf(out, outlen, "a landmark is missing (header, nav, main, footer)");
    else if (!t0 || t0[7] == '<')
        snprintf(out, outlen, "no title");
    return out[0] != '\0';
}

void wt_assert_page(const WtResp *r, bool nav)
{
    char type[128];
    assert_true(wt_header(r, "Content-Type", type, sizeof type));
    assert_string_equal(type, "text/html; charset=utf-8");
    char problem[600];
    if (wt_page_problem(r, nav, problem, sizeof problem))
        fprintf(stderr, "page: %s\n", problem);
    assert_string_equal(problem, "");
}

int wt_connect(const WtServer *s)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

void wt_read_answer(int fd, WtResp *r, int timeout_ms)
{
    Buf all = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long spent = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (spent >= timeout_ms)
            break;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, (int)(timeout_ms - spent)) <= 0)
            break;
        char chunk[4096];
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0) {
            r->closed = true;
            break;
        }
        buf_append(&all, chunk, (size_t)n);
    }
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    const char *text = all.data ? all.data : "";
    const char *end = strstr(text, "\r\n\r\n");
    size_t head = end ? (size_t)(end - text) + 4 : all.len;
    const char *sp = strchr(text, ' ');
    r->status = sp ? strtol(sp + 1, NULL, 10) : 0;
    const char *first = strstr(text, "\r\n");
    size_t skip = first && (size_t)(first - text) < head ? (size_t)(first - text) + 2 : head;
    buf_append(&r->headers, text + skip, head - skip);
    buf_append(&r->body, text + head, all.len - head);
    if (!r->headers.data)
        buf_puts(&r->headers, "");
    if (!r->body.data)
        buf_puts(&r->body, "");
    buf_free(&all);
}

WtResp wt_raw(const WtServer *s, const char *bytes, size_t len, int timeout_ms)
{
    WtResp r = {0};
    int fd = wt_connect(s);
    assert_true(fd >= 0);
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(fd, bytes + off, len - off, MSG_NOSIGNAL);
        if (n <= 0)
            break;   /* the server may answer and close before taking everything */
        off += (size_t)n;
    }
    wt_read_answer(fd, &r, timeout_ms);
    close(fd);
    return r;
}

/* ---- accounts ------------------------------------------------------------------------------ */

int64_t wt_user(const WtServer *s, const char *login, Role role)
{
    Db *db = wt_db(s);
    Actor cli;
    actor_cli(&cli);
    int64_t org = role == ROLE_COORDINATOR
                      ? tu_query_int(db, "SELECT id FROM organisation ORDER BY id LIMIT 1") : 0;
    char name[96];
    snprintf(name, sizeof name, "Test %s", login);
    AccountNew a = {.login = login, .name = name, .role = role, .organisation_id = org};
    Errs errs;
    errs_init(&errs);
    int64_t id = 0;
    int rc = account_add(db, &cli, &a, &id, &errs);
    if (rc == INSATS_OK)
        rc = account_set_password(db, id, WT_PASSWORD, 0, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    errs_free(&errs);
    db_close(db);
    assert_int_equal(rc, INSATS_OK);
    return id;
}

bool wt_cookie(WtClient *c, const char *name, char *out, size_t outlen)
{
    struct curl_slist *list = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list);
    bool found = false;
    for (struct curl_slist *l = list; l && !found; l = l->next) {
        /* Netscape format: domain, flag, path, secure, expiry, name, value (tabs). */
        const char *f = l->data;
        for (int i = 0; i < 5 && f; i++) {
            f = strchr(f, '\t');
            if (f)
                f++;
        }
        if (!f)
            continue;
        size_t n = strcspn(f, "\t");
        /* An expired cookie (an empty value) is as good as gone, as in a browser. */
        if (n == strlen(name) && strncmp(f, name, n) == 0 && f[n] == '\t' && f[n + 1]) {
            snprintf(out, outlen, "%s", f + n + 1);
            found = true;
        }
    }
    curl_slist_free_all(list);
    return found;
}

/* The TOTP secrets this program's accounts enrolled, so that they can log in again, and the
 * last time step each used (the core refuses a step twice). */
static struct {
    char login[64];
    char secret[64];
    long long step;
} wt_totp[32];

/* The second factor of the client's session, as the accounts' own pages would take it. */
static void wt_pass_totp(WtClient *c, const char *login)
{
    char sid[ACCOUNT_SID_SIZE];
    assert_true(wt_cookie(c, "insats_session", sid, sizeof sid));
    Db *db = wt_db(c->srv);
    AccountUser u;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_find(db, login, &u, &errs), INSATS_OK);
    size_t k = 0;
    while (k < 32 && wt_totp[k].login[0] && strcmp(wt_totp[k].login, login) != 0)
        k++;
    assert_true(k < 32);
    if (!u.totp_enrolled) {
        AccountTotpSetup setup;
        assert_int_equal(account_totp_begin(db, u.id, &setup, &errs), INSATS_OK);
        snprintf(wt_totp[k].login, sizeof wt_totp[k].login, "%s", login);
        snprintf(wt_totp[k].secret, sizeof wt_totp[k].secret, "%s", setup.secret_base32);
        wt_totp[k].step = 0;
        account_totp_setup_free(&setup);
    }
    assert_string_equal(wt_totp[k].login, login);
    char *secret = NULL;
    size_t secret_len = 0;
    assert_int_equal(oath_base32_decode(wt_totp[k].secret, strlen(wt_totp[k].secret), &secret,
                                        &secret_len), OATH_OK);
    time_t now = time(NULL);
    long long step = (long long)now / 30 - 1;
    if (step <= wt_totp[k].step)
        step = wt_totp[k].step + 1;
    assert_true(step <= (long long)now / 30 + 1);
    wt_totp[k].step = step;
    char code[16];
    assert_int_equal(oath_totp_generate(secret, secret_len, (time_t)(step * 30), 30, 0, 6, code),
                     OATH_OK);
    free(secret);
    int rc = u.totp_enrolled ? account_session_totp(db, sid, code, now, &errs)
                             : account_totp_confirm(db, sid, code, now, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    db_close(db);
}

void wt_login(WtClient *c, const char *login)
{
    WtResp r = wt_get(c, "/login");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
    r = wt_post(c, "/login", (const char *const[]){"login", login, "password", WT_PASSWORD,
                                                   NULL});
    if (r.status != 303)
        fprintf(stderr, "login %s: %ld\n", login, r.status);
    assert_int_equal(r.status, 303);
    char loc[256] = "";
    wt_header(&r, "Location", loc, sizeof loc);
    wt_resp_free(&r);
    if (strcmp(loc, WEB_TOTP_ENROL_PATH) == 0 || strcmp(loc, WEB_TOTP_LOGIN_PATH) == 0)
        wt_pass_totp(c, login);
    /* The start page: it must now be served, and its forms carry the session's token. */
    r = wt_get(c, "/");
    assert_int_equal(r.status, 200);
    wt_resp_free(&r);
}
