/* router.c — matching a request to its row of the route table, and the checks every row gets
 * before its handler runs (router.h). */
#include "router.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "session.h"
#include "util.h"
#include "web.h"

static const struct {
    WebMethod m;
    const char *name;
} router_methods[] = {
    {WEB_GET, "GET"}, {WEB_POST, "POST"}, {WEB_PUT, "PUT"}, {WEB_DELETE, "DELETE"},
    {WEB_PATCH, "PATCH"},
};

const char *router_method_name(WebMethod m)
{
    for (size_t i = 0; i < sizeof router_methods / sizeof router_methods[0]; i++)
        if (router_methods[i].m == m)
            return router_methods[i].name;
    return "?";
}

WebMethod router_method_parse(const char *name)
{
    if (strcmp(name, "HEAD") == 0)
        return WEB_GET;
    for (size_t i = 0; i < sizeof router_methods / sizeof router_methods[0]; i++)
        if (strcmp(router_methods[i].name, name) == 0)
            return router_methods[i].m;
    return 0;
}

#define ROUTER_METHODS_ALL (WEB_GET | WEB_POST | WEB_PUT | WEB_DELETE | WEB_PATCH)

void router_allow_header(unsigned allowed, char *out, size_t outlen)
{
    Buf b = {0};
    for (size_t i = 0; i < sizeof router_methods / sizeof router_methods[0]; i++) {
        if (!(allowed & router_methods[i].m))
            continue;
        buf_printf(&b, "%s%s", b.len ? ", " : "", router_methods[i].name);
        if (router_methods[i].m == WEB_GET)
            buf_puts(&b, ", HEAD");
    }
    /* Every path the table knows answers OPTIONS (router_begin). */
    if (b.len)
        buf_puts(&b, ", OPTIONS");
    snprintf(out, outlen, "%s", b.data ? b.data : "");
    buf_free(&b);
}

/* The n bytes of a path segment with its %XX escapes decoded, into out (cleared first). A "%"
 * without two hex digits after it stays as it is. */
static void router_segment_decode(const char *s, size_t n, Buf *out)
{
    buf_clear(out);
    for (size_t i = 0; i < n; i++) {
        int hi = -1, lo = -1;
        if (s[i] == '%' && i + 2 < n) {
            hi = web_hex_digit((unsigned char)s[i + 1]);
            lo = web_hex_digit((unsigned char)s[i + 2]);
        }
        if (hi >= 0 && lo >= 0) {
            buf_putc(out, (char)(hi * 16 + lo));
            i += 2;
        } else {
            buf_putc(out, s[i]);
        }
    }
    buf_putc(out, '\0');
    out->len--;
}

bool router_pattern_matches(const char *pattern, const char *path, WebPairs *params)
{
    const char *pp = pattern, *sp = path;
    WebPairs got = {0};
    Buf seg = {0};
    for (;;) {
        if (*pp != '/' || *sp != '/')
            break;
        pp++;
        sp++;
        size_t pn = strcspn(pp, "/");
        size_t sn = strcspn(sp, "/");
        router_segment_decode(sp, sn, &seg);
        if (pn >= 2 && pp[0] == '{' && pp[pn - 1] == '}') {
            if (sn == 0)
                break;
            char *name = xstrndup(pp + 1, pn - 2);
            web_pairs_add(&got, name, seg.data, seg.len);
            free(name);
        } else if (pn != seg.len || memcmp(pp, seg.data, pn) != 0) {
            break;
        }
        pp += pn;
        sp += sn;
        if (!*pp && !*sp) {
            if (params)
                for (size_t i = 0; i < got.count; i++)
                    web_pairs_add(params, got.items[i].name, got.items[i].value,
                                  got.items[i].len);
            web_pairs_free(&got);
            buf_free(&seg);
            return true;
        }
    }
    web_pairs_free(&got);
    buf_free(&seg);
    return false;
}

const Route *router_match(const char *path, WebMethod method, WebPairs *params,
                          unsigned *allowed)
{
    size_t n;
    const Route *rs = router_routes(&n);
    const Route *found = NULL;
    *allowed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!router_pattern_matches(rs[i].pattern, path, NULL))
            continue;
        *allowed |= rs[i].method;
        if (!found && rs[i].method == method)
            found = &rs[i];
    }
    if (found && params)
        router_pattern_matches(found->pattern, path, params);
    return found;
}

bool router_role_allows(const Route *r, Role role)
{
    if (r->flags & ROUTE_PUBLIC)
        return true;
    return (unsigned)role < ROLE_COUNT && (r->roles & ROLE_BIT(role)) != 0;
}

bool router_may_get(Role role, const char *path)
{
    WebPairs params = {0};
    unsigned allowed = 0;
    const Route *r = router_match(path, WEB_GET, &params, &allowed);
    web_pairs_free(&params);
    return r && router_role_allows(r, role);
}

static bool router_pattern_valid(const char *p)
{
    if (p[0] != '/')
        return false;
    for (const char *s = p; *s;) {
        s++;    /* the slash */
        size_t n = strcspn(s, "/");
        if (n == 0 && s[0])       /* "//" */
            return false;
        if (memchr(s, '{', n) || memchr(s, '}', n)) {
            if (n < 3 || s[0] != '{' || s[n - 1] != '}' || memchr(s + 1, '{', n - 2))
                return false;
        }
        s += n;
    }
    return strlen(p) == 1 || p[strlen(p) - 1] != '/';
}

size_t router_check_table(FILE *err)
{
    size_t n, bad = 0;
    const Route *rs = router_routes(&n);
#define ROUTER_BAD(...)                                                                        \
    do {                                                                                       \
        bad++;                                                                                 \
        if (err)                                                                               \
            fprintf(err, __VA_ARGS__);                                                         \
    } while (0)
    for (size_t i = 0; i < n; i++) {
        const Route *r = &rs[i];
        if (!r->pattern || !router_pattern_valid(r->pattern))
            ROUTER_BAD("route %zu: the pattern \"%s\" is not a path of /segments and {names}\n",
                       i, r->pattern ? r->pattern : "");
        if (!r->handler)
            ROUTER_BAD("route %s: no handler\n", r->pattern);
        if (!router_method_name(r->method) || strcmp(router_method_name(r->method), "?") == 0)
            ROUTER_BAD("route %s: not one method\n", r->pattern);
        if (r->roles == 0 && !(r->flags & ROUTE_PUBLIC))
            ROUTER_BAD("route %s: no roles and not public\n", r->pattern);
        if (r->roles & ~(unsigned)ROLES_ALL)
            ROUTER_BAD("route %s: a role that does not exist\n", r->pattern);
        if (r->method != WEB_GET && !(r->flags & (ROUTE_CSRF | ROUTE_API | ROUTE_OWN_TOKEN)))
            ROUTER_BAD("route %s %s: changes state without a CSRF check\n",
                       router_method_name(r->method), r->pattern);
        /* A form token of its own stands in for a session's only where there is no session. */
        if ((r->flags & ROUTE_OWN_TOKEN) && (!(r->flags & ROUTE_PUBLIC) || r->roles != 0 ||
                                             r->method == WEB_GET))
            ROUTER_BAD("route %s: ROUTE_OWN_TOKEN is for a public form's post only\n",
                       r->pattern);
        bool api = r->pattern && strncmp(r->pattern, "/api/v1/", 8) == 0;
        if (api != !!(r->flags & ROUTE_API))
            ROUTER_BAD("route %s: ROUTE_API is for the rows under /api/v1/ and only those\n",
                       r->pattern);
        if (r->nav && (r->method != WEB_GET || strchr(r->pattern, '{') || api))
            ROUTER_BAD("route %s: a navigation label on a row that is not a plain page\n",
                       r->pattern);
        for (size_t j = 0; j < i; j++)
            if (rs[j].method == r->method && r->pattern && rs[j].pattern &&
                strcmp(rs[j].pattern, r->pattern) == 0)
                ROUTER_BAD("route %s %s: twice in the table\n", router_method_name(r->method),
                           r->pattern);
    }
#undef ROUTER_BAD
    return bad;
}

void web_routes_text(Buf *out)
{
    static const struct {
        unsigned flag;
        const char *name;
    } flags[] = {
        {ROUTE_PUBLIC, "public"}, {ROUTE_CSRF, "csrf"}, {ROUTE_SLOW, "slow"},
        {ROUTE_UPLOAD, "upload"}, {ROUTE_BEFORE_TOTP, "before-totp"}, {ROUTE_API, "api"},
        {ROUTE_OWN_TOKEN, "own-token"},
    };
    size_t n;
    const Route *rs = router_routes(&n);
    for (size_t i = 0; i < n; i++) {
        const Route *r = &rs[i];
        buf_printf(out, "%s\t%s\t", router_method_name(r->method), r->pattern);
        bool first = true;
        if (r->flags & ROUTE_PUBLIC) {
            buf_puts(out, "public");
            first = false;
        } else {
            for (int role = 0; role < ROLE_COUNT; role++)
                if (r->roles & ROLE_BIT(role)) {
                    buf_printf(out, "%s%s", first ? "" : ",", actor_role_name((Role)role));
                    first = false;
                }
        }
        buf_putc(out, '\t');
        first = true;
        for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++)
            if (r->flags & flags[f].flag) {
                buf_printf(out, "%s%s", first ? "" : ",", flags[f].name);
                first = false;
            }
        if (first)
            buf_putc(out, '-');
        buf_printf(out, "\t%s\n", r->handler_name);
    }
}

/* The login page's address, with where to come back to when it is a page to see again. */
static int router_to_login(Ctx *c, Page *p)
{
    if (c->method != WEB_GET || strcmp(c->path, "/") == 0)
        return page_redirect(p, "/login");
    /* The path as sent, so that an id holding "/" comes back as the same one. */
    char *to = page_url("/login?next=%s", c->raw_path ? c->raw_path : c->path);
    int st = page_redirect(p, to);
    free(to);
    return st;
}

int router_begin(Ctx *c, Page *p)
{
    static _Thread_local char allow[80];
    unsigned allowed = 0;
    bool options = c->method_name && strcmp(c->method_name, "OPTIONS") == 0;
    /* OPTIONS * asks about the server as a whole (RFC 9110 §9.3.7). */
    if (options && strcmp(c->path, "*") == 0) {
        router_allow_header(ROUTER_METHODS_ALL, allow, sizeof allow);
        p->allow = allow;
        p->status = 204;
        return 204;
    }
    c->route = router_match(c->raw_path ? c->raw_path : c->path, c->method, &c->params,
                            &allowed);
    c->api = strncmp(c->path, "/api/v1/", 8) == 0;
    if (!c->route && allowed) {
        router_allow_header(allowed, allow, sizeof allow);
        p->allow = allow;
        /* What the path's rows say, no more: an OPTIONS answer tells no one anything a 405
         * would not, and it runs no handler and needs no session. */
        if (options) {
            p->status = 204;
            return 204;
        }
    }
    /* Who is asking comes before any answer, so that a 404 or a 405 too is in the language
     * the account chose. */
    if (!session_identify(c, p))
        return page_fail(p, 503, _("Tjänsten kan inte läsa sin databas just nu. Försök igen om "
                                   "en stund."));
    if (!c->route && !allowed)
        return page_fail(p, 404, _("Sidan finns inte. Kontrollera adressen, eller gå till "
                                   "startsidan."));
    if (!c->route)
        return page_fail(p, 405, _("Sidan kan inte användas så. Gå tillbaka och försök igen."));
    const Route *r = c->route;
    if (r->flags & ROUTE_PUBLIC)
        return 0;
    if (!c->authenticated) {
        if (c->api)
            return page_fail(p, 401, _("Inloggning krävs: skicka en giltig API-nyckel."));
        return router_to_login(c, p);
    }
    if (c->totp_pending && !(r->flags & ROUTE_BEFORE_TOTP))
        return page_redirect(p, c->totp_enrolled ? WEB_TOTP_LOGIN_PATH : WEB_TOTP_ENROL_PATH);
    if (!router_role_allows(r, c->actor.role))
        return page_fail(p, 403, _("Din roll ger inte tillgång till den här sidan."));
    return 0;
}

int router_run(Ctx *c, Page *p)
{
    const Route *r = c->route;
    /* The API's token is never sent by a browser on its own, so its requests need no CSRF
     * token; every other state-changing request does, checked here before the handler. */
    if (c->method != WEB_GET && !(r->flags & (ROUTE_API | ROUTE_OWN_TOKEN)) &&
        !session_csrf_ok(c))
        return page_fail(p, 403, _("Formuläret kunde inte tas emot: det har gått ut eller "
                                   "kommer inte från den här sidan. Ladda om sidan och "
                                   "försök igen."));
    int st = r->handler(c, p);
    if (st != p->status && st >= 100 && st <= 599)
        p->status = st;
    return p->status;
}
