/* routes.c — the one table of routes: every page, form, download and API call of the server,
 * with the roles allowed in the same row (router.h says what each column means). Rows with a
 * navigation label make up the navigation, in this order, for the roles they allow. */
#include "router.h"

#include "api.h"
#include "browse.h"
#include "i18n.h"
#include "pages.h"
#include "proposal.h"

#define ANY_USER ROLES_ALL
#define MANAGER ROLE_BIT(ROLE_MANAGER)
#define ADMIN ROLE_BIT(ROLE_ADMIN)
/* The roles that must pass a second factor (account_session_ready). */
#define TOTP_ROLES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_MANAGER))
#define R(role) ROLE_BIT(ROLE_##role)
/* Who reads records: the core's one set per kind (browse.h, BROWSE_READ_*), which the API's
 * reads apply again (browse_readers()); what a coordinator or a trainer reaches within a kind
 * is the core's scope. */
/* Who writes them: the rows agree with record_may_write(), which the core applies again. */
#define WRITE_ALL R(MANAGER)
#define WRITE_PEOPLE (R(MANAGER) | R(COORDINATOR))
#define WRITE_BUDGET (R(MANAGER) | R(ECONOMIST))
#define MARK_ATTENDANCE (R(MANAGER) | R(COORDINATOR) | R(TRAINER))
/* The CSV import: csv_import_allowed() (a coordinator's rows of their own organisation only). */
#define IMPORT_CSV (R(MANAGER) | R(COORDINATOR))
#define WRITE_SESSIONS (R(MANAGER) | R(TRAINER))
/* Who proposes a training: anyone of a partner organisation (record_may_write("proposal")). */
#define PROPOSE (ROLES_ALL & ~ADMIN)

/* The pages of a list a record holds (pages_items.c): the rows and a new one, row {n}, its
 * removal. */
#define ITEM_ROUTES(prefix, write)                                                             \
    ROUTE(WEB_GET, prefix, page_items, write, 0, NULL),                                        \
    ROUTE(WEB_POST, prefix, page_item_add, write, ROUTE_CSRF, NULL),                           \
    ROUTE(WEB_GET, prefix "/{n}", page_item_edit, write, 0, NULL),                             \
    ROUTE(WEB_POST, prefix "/{n}", page_item_save, write, ROUTE_CSRF, NULL),                   \
    ROUTE(WEB_POST, prefix "/{n}/delete", page_item_delete, write, ROUTE_CSRF, NULL)

/* A category or a version of the budget (pages_budget.c). */
#define BUDGET_ROUTES(path)                                                                    \
    ROUTE(WEB_GET, "/budget/" path "/new", page_budget_record_new, WRITE_BUDGET, 0, NULL),     \
    ROUTE(WEB_POST, "/budget/" path "/new", page_budget_record_create, WRITE_BUDGET,           \
          ROUTE_CSRF, NULL),                                                                   \
    ROUTE(WEB_GET, "/budget/" path "/{id}/edit", page_budget_record_edit, WRITE_BUDGET, 0,     \
          NULL),                                                                               \
    ROUTE(WEB_POST, "/budget/" path "/{id}/edit", page_budget_record_update, WRITE_BUDGET,     \
          ROUTE_CSRF, NULL),                                                                   \
    ROUTE(WEB_POST, "/budget/" path "/{id}/delete", page_budget_record_delete, WRITE_BUDGET,   \
          ROUTE_CSRF, NULL)

/* The pages of one kind of record (pages_records.c): list, CSV, XLSX, new, a record, edit,
 * delete.
 * "new" comes before "{id}", so that it is not taken for an id. */
#define RECORD_ROUTES(path, read, write)                                                       \
    ROUTE(WEB_GET, "/" path, page_records_list, read, 0, NULL),                                \
    ROUTE(WEB_GET, "/" path ".csv", page_records_csv, read, 0, NULL),                          \
    ROUTE(WEB_GET, "/" path ".xlsx", page_records_xlsx, read, 0, NULL),                        \
    ROUTE(WEB_GET, "/" path "/new", page_record_new, write, 0, NULL),                          \
    ROUTE(WEB_POST, "/" path "/new", page_record_create, write, ROUTE_CSRF, NULL),             \
    ROUTE(WEB_GET, "/" path "/{id}", page_record_show, read, 0, NULL),                         \
    ROUTE(WEB_GET, "/" path "/{id}/edit", page_record_edit, write, 0, NULL),                   \
    ROUTE(WEB_POST, "/" path "/{id}/edit", page_record_update, write, ROUTE_CSRF, NULL),       \
    ROUTE(WEB_POST, "/" path "/{id}/delete", page_record_delete, write, ROUTE_CSRF, NULL)

/* Who may write through the API: record_may_write()'s rule for the kind, which the API's test
 * checks these against (test_web_api.c). */
#define API_WRITE_PEOPLE (ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_COORDINATOR))
#define API_WRITE_SESSIONS (ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_TRAINER))
#define API_WRITE_ATTENDANCE (API_WRITE_PEOPLE | API_WRITE_SESSIONS)

/* A kind's list and its records by id, readable by browse_readers()'s roles for the kind. */
#define API_READ(plural, roles)                                                                 \
    ROUTE(WEB_GET, "/api/v1/" plural, api_list, (roles), ROUTE_API, NULL),                      \
    ROUTE(WEB_GET, "/api/v1/" plural "/{id}", api_get, (roles), ROUTE_API, NULL)

static const Route routes[] = {
    ROUTE(WEB_GET, "/", page_dashboard, ANY_USER, 0, N_("Översikt")),
    ROUTE(WEB_GET, "/todo", page_todo, ANY_USER, 0, N_("Att göra")),
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

    ROUTE(WEB_GET, "/records", page_records_index, BROWSE_READ_FIGURES, 0, N_("Register")),
    RECORD_ROUTES("organisations", BROWSE_READ_FIGURES, WRITE_ALL),
    RECORD_ROUTES("people", BROWSE_READ_NAMES, WRITE_PEOPLE),
    ROUTE(WEB_POST, "/people/{id}/personnummer", page_person_reveal, R(MANAGER) | R(COORDINATOR),
          ROUTE_CSRF, NULL),
    RECORD_ROUTES("groups", BROWSE_READ_NAMES, WRITE_ALL),
    /* a group's meeting settings: meeting_settings_set(), who may write groups */
    ROUTE(WEB_GET, "/groups/{id}/meeting-settings", page_group_meeting_settings_form, WRITE_ALL,
          0, NULL),
    ROUTE(WEB_POST, "/groups/{id}/meeting-settings", page_group_meeting_settings, WRITE_ALL,
          ROUTE_CSRF, NULL),
    RECORD_ROUTES("interventions", BROWSE_READ_FIGURES, WRITE_ALL),
    /* Proposals: read in lists by their readers; proposed by anyone of a partner
     * organisation, whose own proposal page the core lets them see (proposal_get); each step
     * by its role (proposal.h), which the core checks again with the organisation. */
    ROUTE(WEB_GET, "/proposals", page_records_list, BROWSE_READ_NAMES, 0, NULL),
    ROUTE(WEB_GET, "/proposals.csv", page_records_csv, BROWSE_READ_NAMES, 0, NULL),
    ROUTE(WEB_GET, "/proposals.xlsx", page_records_xlsx, BROWSE_READ_NAMES, 0, NULL),
    ROUTE(WEB_GET, "/proposals/new", page_proposal_new, PROPOSE, 0, NULL),
    ROUTE(WEB_POST, "/proposals/new", page_proposal_create, PROPOSE, ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/proposals/{id}", page_proposal_show, BROWSE_READ_NAMES, 0, NULL),
    ROUTE(WEB_GET, "/proposals/{id}/edit", page_proposal_edit, PROPOSE, 0, NULL),
    ROUTE(WEB_POST, "/proposals/{id}/edit", page_proposal_resubmit, PROPOSE, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/proposals/{id}/delete", page_record_delete, WRITE_PEOPLE, ROUTE_CSRF,
          NULL),
    /* every step of the core's table (forward, return, approve, …) */
    ROUTE(WEB_POST, "/proposals/{id}/{step}", page_proposal_step, PROPOSAL_ACT_ROLES,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/my/proposals", page_proposals_mine, PROPOSE, 0, NULL),
    ROUTE(WEB_GET, "/my/proposals/{id}", page_proposal_show, PROPOSE, 0, NULL),
    ROUTE(WEB_GET, "/settings", page_settings, MANAGER, 0, NULL),
    ROUTE(WEB_POST, "/settings", page_settings_save, MANAGER, ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/intake", page_intake, MANAGER, 0, NULL),
    ROUTE(WEB_POST, "/intake/pause", page_intake_pause, MANAGER, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/intake/open", page_intake_open, MANAGER, ROUTE_CSRF, NULL),
    RECORD_ROUTES("activities", BROWSE_READ_ACTIVITIES, WRITE_ALL),
    ROUTE(WEB_GET, "/activities/{a}/sessions/new", page_session_new, WRITE_SESSIONS, 0, NULL),
    ROUTE(WEB_POST, "/activities/{a}/sessions/new", page_session_create, WRITE_SESSIONS,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/activities/{a}/sessions/{s}/edit", page_session_edit, WRITE_SESSIONS, 0,
          NULL),
    ROUTE(WEB_POST, "/activities/{a}/sessions/{s}/edit", page_session_update, WRITE_SESSIONS,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/activities/{a}/sessions/{s}/delete", page_session_delete, WRITE_SESSIONS,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/activities/{a}/sessions/{s}/attendance", page_attendance, MARK_ATTENDANCE,
          0, NULL),
    ROUTE(WEB_POST, "/activities/{a}/sessions/{s}/attendance", page_attendance_save,
          MARK_ATTENDANCE, ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/surveys/new/template", page_survey_template, WRITE_ALL, 0, NULL),
    ROUTE(WEB_POST, "/surveys/new/template", page_survey_template_create, WRITE_ALL,
          ROUTE_CSRF, NULL),
    RECORD_ROUTES("surveys", BROWSE_READ_SURVEYS, WRITE_ALL),
    ROUTE(WEB_POST, "/surveys/{id}/link", page_survey_link_create, WRITE_ALL, ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/surveys/{id}/sheet.pdf", page_survey_sheet, BROWSE_READ_SURVEYS, ROUTE_SLOW,
          NULL),
    /* The anonymous answer form: no login (survey_link.h), on the slow-work threads since every
     * answer waits out the same time, found or not. */
    ROUTE(WEB_GET, "/s/{token}", page_survey_form, 0, ROUTE_PUBLIC | ROUTE_SLOW, NULL),
    ROUTE(WEB_POST, "/s/{token}", page_survey_answer, 0,
          ROUTE_PUBLIC | ROUTE_SLOW | ROUTE_OWN_TOKEN, NULL),
    ITEM_ROUTES("/surveys/{id}/questions", WRITE_ALL),
    RECORD_ROUTES("certificates", BROWSE_READ_NAMES, WRITE_ALL),
    ROUTE(WEB_GET, "/certificates/{id}/pdf", page_certificate_pdf, BROWSE_READ_NAMES, ROUTE_SLOW,
          NULL),
    ROUTE(WEB_GET, "/certificates/{id}/withdraw", page_certificate_withdraw_form, WRITE_ALL, 0,
          NULL),
    ROUTE(WEB_POST, "/certificates/{id}/withdraw", page_certificate_withdraw, WRITE_ALL,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/activities/{a}/certificates", page_activity_certificates, BROWSE_READ_NAMES,
          0, NULL),
    ROUTE(WEB_GET, "/activities/{a}/certificates/pdf", page_activity_certificates_pdf,
          BROWSE_READ_NAMES, ROUTE_SLOW, NULL),
    ROUTE(WEB_POST, "/activities/{a}/certificates/issue", page_activity_certificates_issue,
          WRITE_ALL, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/activities/{a}/certificates/manual", page_activity_certificates_manual,
          WRITE_ALL, ROUTE_CSRF, NULL),
    RECORD_ROUTES("goals", BROWSE_READ_FIGURES, WRITE_ALL),
    RECORD_ROUTES("costs", BROWSE_READ_BUDGET, WRITE_BUDGET),
    RECORD_ROUTES("deviations", BROWSE_READ_FIGURES, WRITE_ALL),
    RECORD_ROUTES("meetings", BROWSE_READ_MEETINGS, WRITE_ALL),
    ROUTE(WEB_GET, "/meeting-series", page_meeting_series_form, WRITE_ALL, 0, NULL),
    ROUTE(WEB_POST, "/meeting-series", page_meeting_series, WRITE_ALL, ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/meetings/{id}/cancel", page_meeting_cancel_form, WRITE_ALL, 0, NULL),
    ROUTE(WEB_POST, "/meetings/{id}/cancel", page_meeting_cancel, WRITE_ALL, ROUTE_CSRF, NULL),
    /* Agenda suggestions: made by the members of the meeting's group whatever their role (the
     * core's rule, meeting_suggest()), answered and ordered by who may write meetings. */
    ROUTE(WEB_GET, "/agenda-suggestions", page_agenda_suggestions, ANY_USER, 0,
          N_("Dagordningsförslag")),
    ROUTE(WEB_GET, "/meetings/{id}/suggest", page_meeting_suggest_form, ANY_USER, 0, NULL),
    ROUTE(WEB_POST, "/meetings/{id}/suggest", page_meeting_suggest, ANY_USER, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/meetings/{id}/suggestions/{s}/accept", page_meeting_suggestion_accept,
          WRITE_ALL, ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/meetings/{id}/suggestions/{s}/decline",
          page_meeting_suggestion_decline_form, WRITE_ALL, 0, NULL),
    ROUTE(WEB_POST, "/meetings/{id}/suggestions/{s}/decline", page_meeting_suggestion_decline,
          WRITE_ALL, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/meetings/{id}/agenda-order", page_meeting_agenda_order, WRITE_ALL,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/calendar-links", page_calendar_links, BROWSE_READ_MEETINGS, 0, NULL),
    ROUTE(WEB_POST, "/calendar-links", page_calendar_link_create, BROWSE_READ_MEETINGS,
          ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/calendar-links/{id}/revoke", page_calendar_link_revoke,
          BROWSE_READ_MEETINGS, ROUTE_CSRF, NULL),
    ITEM_ROUTES("/meetings/{id}/attendees", WRITE_ALL),
    ITEM_ROUTES("/meetings/{id}/agenda", WRITE_ALL),
    ITEM_ROUTES("/meetings/{id}/actions", WRITE_ALL),
    ITEM_ROUTES("/groups/{id}/members", WRITE_ALL),
    ITEM_ROUTES("/goals/{id}/values", WRITE_ALL),
    RECORD_ROUTES("dissemination", BROWSE_READ_FIGURES, WRITE_ALL),
    ROUTE(WEB_GET, "/budget", page_budget, BROWSE_READ_BUDGET, 0, NULL),
    BUDGET_ROUTES("categories"),
    BUDGET_ROUTES("versions"),
    ITEM_ROUTES("/budget/versions/{id}/lines", WRITE_BUDGET),
    ROUTE(WEB_GET, "/audit", page_audit, R(MANAGER) | R(ADMIN), 0, N_("Ändringslogg")),
    /* The outbox: outbox_may_manage() (a manager), which the core applies again. */
    ROUTE(WEB_GET, "/outbox", page_outbox, MANAGER, 0, N_("Utkorg")),
    ROUTE(WEB_POST, "/outbox/{id}/retry", page_outbox_retry, MANAGER, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/outbox/{id}/cancel", page_outbox_cancel, MANAGER, ROUTE_CSRF, NULL),
    ROUTE(WEB_GET, "/import", page_import, IMPORT_CSV, 0, N_("Importera")),
    ROUTE(WEB_POST, "/import", page_import_upload, IMPORT_CSV, ROUTE_CSRF | ROUTE_UPLOAD, NULL),
    ROUTE(WEB_GET, "/narratives", page_narratives, BROWSE_READ_FIGURES, 0, NULL),
    ROUTE(WEB_GET, "/narratives/edit", page_narrative_edit, WRITE_ALL, 0, NULL),
    ROUTE(WEB_POST, "/narratives/edit", page_narrative_save, WRITE_ALL, ROUTE_CSRF, NULL),

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
    ROUTE(WEB_POST, "/account/mail", page_account_mail, ANY_USER, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/account/lang", page_account_lang, ANY_USER, ROUTE_CSRF, NULL),
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
    ROUTE(WEB_POST, "/admin/users/{login}/email", page_user_email, ADMIN, ROUTE_CSRF, NULL),
    ROUTE(WEB_POST, "/admin/users/{login}/activities", page_user_activities, ADMIN,
          ROUTE_CSRF, NULL),

    ROUTE(WEB_GET, "/healthz", page_healthz, 0, ROUTE_PUBLIC, NULL),
    /* The public check of a certificate's code: no login; rate-limited per address, every
     * answer after the same delay (pages_certificates.c), on the slow-work threads. */
    ROUTE(WEB_GET, "/verify", page_verify_form, 0, ROUTE_PUBLIC | ROUTE_SLOW, NULL),
    ROUTE(WEB_GET, "/verify/{code}", page_verify, 0, ROUTE_PUBLIC | ROUTE_SLOW, NULL),
    /* A calendar program's subscription: the secret token is the key, no login (calendar.h). */
    ROUTE(WEB_GET, "/calendar/{token}", page_calendar_feed, 0, ROUTE_PUBLIC, NULL),

    /* The JSON API (docs/api.md). */
    API_READ("organisations", BROWSE_READ_FIGURES),
    API_READ("people", BROWSE_READ_NAMES),
    API_READ("groups", BROWSE_READ_NAMES),
    API_READ("interventions", BROWSE_READ_FIGURES),
    API_READ("proposals", BROWSE_READ_NAMES),
    API_READ("activities", BROWSE_READ_ACTIVITIES),
    API_READ("surveys", BROWSE_READ_SURVEYS),
    API_READ("certificates", BROWSE_READ_NAMES),
    API_READ("goals", BROWSE_READ_FIGURES),
    API_READ("costs", BROWSE_READ_BUDGET),
    API_READ("deviations", BROWSE_READ_FIGURES),
    API_READ("meetings", BROWSE_READ_MEETINGS),
    API_READ("dissemination", BROWSE_READ_FIGURES),
    ROUTE(WEB_GET, "/api/v1/surveys/{id}/results", api_survey_results, BROWSE_READ_FIGURES,
          ROUTE_API, NULL),
    ROUTE(WEB_GET, "/api/v1/reports/lagesrapport", api_report_lagesrapport, BROWSE_READ_FIGURES,
          ROUTE_API | ROUTE_SLOW, NULL),
    ROUTE(WEB_GET, "/api/v1/reports/slutrapport", api_report_slutrapport, BROWSE_READ_FIGURES,
          ROUTE_API | ROUTE_SLOW, NULL),
    ROUTE(WEB_POST, "/api/v1/people", api_person_create, API_WRITE_PEOPLE, ROUTE_API, NULL),
    ROUTE(WEB_PUT, "/api/v1/people/{id}", api_person_update, API_WRITE_PEOPLE, ROUTE_API, NULL),
    ROUTE(WEB_POST, "/api/v1/proposals", api_proposal_create, PROPOSE, ROUTE_API, NULL),
    ROUTE(WEB_POST, "/api/v1/proposals/{id}/{step}", api_proposal_step, PROPOSAL_ACT_ROLES,
          ROUTE_API, NULL),
    /* meeting_suggest(): the group's members, whatever their role, and who writes meetings */
    ROUTE(WEB_POST, "/api/v1/meetings/{id}/suggestions", api_meeting_suggest, ANY_USER,
          ROUTE_API, NULL),
    ROUTE(WEB_POST, "/api/v1/activities", api_activity_create, WRITE_ALL, ROUTE_API, NULL),
    ROUTE(WEB_POST, "/api/v1/sessions", api_session_create, API_WRITE_SESSIONS, ROUTE_API,
          NULL),
    ROUTE(WEB_PUT, "/api/v1/sessions/{id}", api_session_update, API_WRITE_SESSIONS, ROUTE_API,
          NULL),
    ROUTE(WEB_PUT, "/api/v1/sessions/{id}/attendance", api_attendance_put, API_WRITE_ATTENDANCE,
          ROUTE_API, NULL),
};

const Route *router_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}
