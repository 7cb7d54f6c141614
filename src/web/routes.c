/* routes.c — the one table of routes: every page, form, download and API call of the server,
 * with the roles allowed in the same row (router.h says what each column means). Rows with a
 * navigation label make up the navigation, in this order, for the roles they allow. */
#include "router.h"

#include "i18n.h"
#include "pages.h"

#define ANY_USER ROLES_ALL
#define MANAGER ROLE_BIT(ROLE_MANAGER)
#define ADMIN ROLE_BIT(ROLE_ADMIN)
/* The roles that must pass a second factor (account_session_ready). */
#define TOTP_ROLES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_MANAGER))

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

    ROUTE(WEB_GET, WEB_TOTP_ENROL_PATH, page_totp_form, TOTP_ROLES, ROUTE_BEFORE_TOTP,
          NULL),
    ROUTE(WEB_POST, WEB_TOTP_ENROL_PATH, page_totp_post, TOTP_ROLES,
          ROUTE_CSRF | ROUTE_BEFORE_TOTP, NULL),
    ROUTE(WEB_GET, WEB_TOTP_LOGIN_PATH, page_totp_form, TOTP_ROLES, ROUTE_BEFORE_TOTP, NULL),
    ROUTE(WEB_POST, WEB_TOTP_LOGIN_PATH, page_totp_post, TOTP_ROLES,
          ROUTE_CSRF | ROUTE_BEFORE_TOTP, NULL),
    ROUTE(WEB_GET, "/account", page_account, ANY_USER, 0, N_("Mitt konto")),
    ROUTE(WEB_POST, "/account/password", page_account_password, ANY_USER, ROUTE_CSRF | ROUTE_SLOW,
          NULL),
    ROUTE(WEB_POST, "/account/logout-others", page_account_logout_others, ANY_USER, ROUTE_CSRF,
          NULL),
    ROUTE(WEB_POST, "/account/tokens", page_account_token_create, ANY_USER, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/account/tokens/{id}/revoke", page_account_token_revoke, ANY_USER,
          ROUTE_CSRF, NULL),

    ROUTE(WEB_GET, "/admin/users", page_users, ADMIN, 0, N_("Användare")),
    ROUTE(WEB_POST, "/admin/users", page_users_add, ADMIN, ROUTE_CSRF | ROUTE_SLOW, NULL),
    ROUTE(WEB_GET, "/admin/users/{login}", page_user, ADMIN, 0, NULL),
    ROUTE(WEB_POST, "/admin/users/{login}", page_user_update, ADMIN, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/admin/users/{login}/enable", page_user_enable, ADMIN, ROUTE_CSRF,
          NULL),
    ROUTE(WEB_POST, "/admin/users/{login}/disable", page_user_disable, ADMIN, ROUTE_CSRF,
          NULL),
    ROUTE(WEB_POST, "/admin/users/{login}/password", page_user_password, ADMIN,
          ROUTE_CSRF | ROUTE_SLOW, NULL),
    ROUTE(WEB_POST, "/admin/users/{login}/totp-reset", page_user_totp_reset, ADMIN,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/admin/users/{login}/activities", page_user_activities, ADMIN,
          ROUTE_CSRF, NULL),
};

const Route *router_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}
