/* routes.c — the one table of routes: every page, form, download and API call of the server,
 * with the roles allowed in the same row (router.h says what each column means). Rows with a
 * navigation label make up the navigation, in this order, for the roles they allow. */
#include "router.h"

#include "i18n.h"
#include "pages.h"

#define ANY_USER ROLES_ALL

static const Route routes[] = {
    ROUTE(WEB_GET, "/", page_home, ANY_USER, 0, N_("Översikt")),

    ROUTE(WEB_GET, "/login", page_login_form, 0, ROUTE_PUBLIC, NULL),
    ROUTE(WEB_POST, "/login", page_login, 0, ROUTE_PUBLIC | ROUTE_CSRF | ROUTE_SLOW, NULL),
    ROUTE(WEB_POST, "/logout", page_logout, ANY_USER, ROUTE_CSRF | ROUTE_BEFORE_TOTP, NULL),

    ROUTE(WEB_GET, "/static/{file}", page_static, 0, ROUTE_PUBLIC, NULL),
};

const Route *router_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}
