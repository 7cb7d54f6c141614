/* routes.c — the one table of routes: every page, form, download and API call of the server,
 * with the roles allowed in the same row (router.h says what each column means). Rows with a
 * navigation label make up the navigation, in this order, for the roles they allow. */
#include "router.h"

#include "i18n.h"
#include "pages.h"

#define ANY_USER ROLES_ALL
#define MANAGER ROLE_BIT(ROLE_MANAGER)

static const Route routes[] = {
    ROUTE(WEB_GET, "/", page_dashboard, ANY_USER, 0, N_("Översikt")),
    ROUTE(WEB_GET, "/trace", page_trace, ANY_USER, 0, NULL),

    ROUTE(WEB_GET, "/reports", page_reports, ANY_USER, 0, N_("Rapporter")),
    ROUTE(WEB_GET, "/reports/download", page_report_download, ANY_USER, ROUTE_SLOW, NULL),
    ROUTE(WEB_GET, "/reports/slutrapport", page_report_final, ANY_USER, 0, NULL),
    ROUTE(WEB_GET, "/reports/lagesrapport/{period}", page_report_period, ANY_USER, 0, NULL),
    ROUTE(WEB_POST, "/reports/lagesrapport/{period}/freeze", page_report_freeze, MANAGER,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/reports/lagesrapport/{period}/reopen", page_report_reopen, MANAGER,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/reports/lagesrapport/{period}/diff", page_report_diff, MANAGER, 0, NULL),

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
