/* router.h — the one table of routes and the rules applied before any handler runs.
 *
 * A row names the method, the path pattern ("/people/{id}"), the handler, the roles allowed and
 * the route's flags. The router matches the path (404 when no pattern does, 405 with Allow when
 * one does for another method), authenticates (the session cookie; `Authorization: Bearer` under
 * /api/v1/), sends an admin or manager without a second factor to its enrolment, refuses a role
 * the row does not name (403), checks the CSRF token of every state-changing request, and only
 * then calls the handler.
 *
 * Adding a page: write `int page_x(Ctx *c, Page *p)` in src/web/pages_<area>.c, declare it in
 * src/web/pages.h and add one ROUTE row to the table in src/web/routes.c. */
#ifndef INSATS_WEB_ROUTER_H
#define INSATS_WEB_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "actor.h"
#include "ctx.h"
#include "page.h"

/* Where the router sends an admin or manager whose session has not passed the second factor:
 * to enrol one (the account has none yet), or to give the code of the one it has. The accounts'
 * pages serve these paths; their rows carry ROUTE_BEFORE_TOTP. */
#define WEB_TOTP_ENROL_PATH "/account/totp"
#define WEB_TOTP_LOGIN_PATH "/login/totp"

/* A page handler: fills p and returns the HTTP status (page_redirect and page_fail return
 * theirs). It runs only after every rule of its row has been checked. */
typedef int (*WebHandler)(Ctx *c, Page *p);

enum {
    ROUTE_PUBLIC = 1u << 0,       /* anyone, signed in or not (the login page, static assets) */
    ROUTE_CSRF = 1u << 1,         /* state-changing: needs the session's CSRF token */
    ROUTE_SLOW = 1u << 2,         /* runs on the slow-work threads (password hashing, reports) */
    ROUTE_UPLOAD = 1u << 3,       /* takes a large body (a CSV file) */
    ROUTE_BEFORE_TOTP = 1u << 4,  /* open to an admin or manager before TOTP enrolment */
    ROUTE_API = 1u << 5,          /* /api/v1/: Bearer token, JSON errors, no cookies, no CSRF */
    ROUTE_OWN_TOKEN = 1u << 6,    /* a public form without a session (a survey's answers): its
                                     handler checks a form token of its own that identifies
                                     nobody, and where the post comes from */
};

typedef struct Route {
    WebMethod method;
    const char *pattern;     /* "/", "/people/{id}/edit": {name} matches one path segment */
    WebHandler handler;
    unsigned roles;          /* ROLE_BIT() set; ROLES_ALL: every signed-in user */
    unsigned flags;
    const char *nav;         /* the label in the navigation (GET rows without parameters) */
    const char *handler_name; /* the handler's name, for `insats serve --routes` */
} Route;

/* A row of the table. It does not compile without a rule of who may use it (roles, or
 * ROUTE_PUBLIC), nor as a state-changing method without ROUTE_CSRF (or ROUTE_API, whose
 * Bearer token is not sent by a browser on its own). */
#define ROUTE(method, pattern, handler, roles, flags, nav)                                     \
    {(method), (pattern), (handler),                                                           \
     (roles) + 0u * sizeof(struct {                                                            \
         _Static_assert((roles) != 0 || ((flags) & ROUTE_PUBLIC), "a route needs its roles");  \
         _Static_assert((method) == WEB_GET ||                                                 \
                        ((flags) & (ROUTE_CSRF | ROUTE_API | ROUTE_OWN_TOKEN)),                \
                        "a state-changing route needs ROUTE_CSRF");                            \
         int ok;                                                                               \
     }),                                                                                       \
     (flags), (nav), #handler}

/* The table (routes.c) and its size. */
const Route *router_routes(size_t *n);

/* The row for path and method, its {parameters} added to params; NULL when none. *allowed gets
 * the methods of every row whose pattern matches the path (0: an unknown path). path is the
 * path as sent, still percent-encoded: it is split at its slashes first and each segment
 * decoded after, so that "/people/a%2Fb" is the person "a/b". */
const Route *router_match(const char *path, WebMethod method, WebPairs *params,
                          unsigned *allowed);

/* Whether path (percent-encoded, as for router_match) matches pattern segment by segment
 * ({name} matches one non-empty segment); the decoded parameters go to params (may be NULL)
 * when it does. */
bool router_pattern_matches(const char *pattern, const char *path, WebPairs *params);

/* Whether an actor of this role may use the route (public routes: everyone). */
bool router_role_allows(const Route *r, Role role);

/* Whether a link to path (as for router_match) leads somewhere this role may go: for pages
 * that link to records, so that nobody is shown a link to a refusal. */
bool router_may_get(Role role, const char *path);

/* Checks the table as a whole: patterns well formed, no row twice, navigation labels only on
 * GET rows without parameters, API rows under /api/v1/. Returns the number of problems, each
 * printed to err when err is not NULL. The server refuses to start on any. */
size_t router_check_table(FILE *err);

/* "GET", "POST" … */
const char *router_method_name(WebMethod m);
/* The method of a request line's name; 0 for one the router does not route. HEAD is GET. */
WebMethod router_method_parse(const char *name);
/* "GET, HEAD, POST, OPTIONS" for the Allow header of a 405 or an OPTIONS answer, into out
 * (OPTIONS is added to any non-empty set). */
void router_allow_header(unsigned allowed, char *out, size_t outlen);

/* The stages of a request, called by the server:
 * router_begin once the request line and headers are in: matches, authenticates, checks the
 * role and the second factor. Returns 0 to go on (c->route set, then the body is read), or the
 * status of the answer it put into p (404, 405, 401, 403, a redirect to the login page; 204
 * with Allow for OPTIONS on a path the table knows, or on "*").
 * router_run once the body is in: the CSRF check, then the handler. Returns the status. */
int router_begin(Ctx *c, Page *p);
int router_run(Ctx *c, Page *p);

#endif
