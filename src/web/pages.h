/* pages.h — the page handlers of the route table (routes.c), one section per file of pages.
 * Each is `int page_…(Ctx *c, Page *p)`: see router.h for what has been checked before it runs
 * and page.h for how it writes. */
#ifndef INSATS_WEB_PAGES_H
#define INSATS_WEB_PAGES_H

#include <jansson.h>
#include <stdint.h>

#include "ctx.h"
#include "page.h"
#include "report.h"

/* pages_dashboard.c — the start page: the dashboard of the current period. */
int page_dashboard(Ctx *c, Page *p);

/* pages_trace.c — the records behind a figure, and the helpers of every page with figures. */
int page_trace(Ctx *c, Page *p);
/* The project the pages show (the database's only one): 0 with *project_id set, else the
 * status of the error page put into p. */
int page_project(Ctx *c, Page *p, int64_t *project_id);
/* A figure formatted the Swedish way ("1 234", "77,4", "–" for null or NULL). Caller frees. */
char *page_figure_text(const json_t *v);
/* The report a request names: ?final=1 the slutrapport, ?period=N, else ?from=&to=. The
 * range's strings are the request's. */
void page_range_of(const Ctx *c, ReportKind *kind, ReportRange *range);
/* The figure at `path` of a report (or the dashboard) as text, a link to its records (/trace)
 * when the actor may see them (trace_allowed()); page_figure_td in a <td class="num">. */
void page_figure(Page *p, const json_t *report, const char *path, ReportKind kind,
                 const ReportRange *range);
void page_figure_td(Page *p, const json_t *report, const char *path, ReportKind kind,
                    const ReportRange *range);

/* pages_reports.c — the reports: downloads in every format, a report's figures, freeze, diff
 * and reopen. */
int page_reports(Ctx *c, Page *p);
int page_report_download(Ctx *c, Page *p);
int page_report_period(Ctx *c, Page *p);
int page_report_final(Ctx *c, Page *p);
int page_report_freeze(Ctx *c, Page *p);
int page_report_reopen(Ctx *c, Page *p);
int page_report_diff(Ctx *c, Page *p);

/* pages_records.c — the browse and edit pages of every kind of record; the kind is the first
 * segment of the route's pattern (RECORD_ROUTES in routes.c). */
int page_records_index(Ctx *c, Page *p);
int page_records_list(Ctx *c, Page *p);
int page_records_csv(Ctx *c, Page *p);
int page_records_xlsx(Ctx *c, Page *p);
int page_record_show(Ctx *c, Page *p);
int page_record_new(Ctx *c, Page *p);
int page_record_create(Ctx *c, Page *p);
int page_record_edit(Ctx *c, Page *p);
int page_record_update(Ctx *c, Page *p);
int page_record_delete(Ctx *c, Page *p);
/* A person's page below the record: the summary's counts under Swedish headings and the
 * sessions, certificates and groups of browse_show()'s "_summary" (pages_people.c). */
void people_page_summary(Page *p, const json_t *summary);
int page_person_reveal(Ctx *c, Page *p);
/* A list a record holds (sessions, attendees, a budget version's lines …) as a table with
 * the caption of its key: references as their names from names (the list's "_names", may be
 * NULL) linked to their pages, values of a value list as their labels, lists inside a row as
 * their count. */
void page_json_table(Page *p, const char *key, const json_t *rows, const json_t *names);

/* pages_budget.c — the budget (categories, versions with their lines) and the narratives
 * (Markdown, previewed through the reports' rendering before it is saved). */
int page_budget(Ctx *c, Page *p);
int page_narratives(Ctx *c, Page *p);
int page_narrative_edit(Ctx *c, Page *p);
int page_narrative_save(Ctx *c, Page *p);

/* pages_attendance.c — the attendance of one session on one screen. */
int page_attendance(Ctx *c, Page *p);
int page_attendance_save(Ctx *c, Page *p);

/* pages_import.c — a participant or attendance CSV: dry run and preview, then confirmation. */
int page_import(Ctx *c, Page *p);
int page_import_upload(Ctx *c, Page *p);

/* pages_audit.c — the audit trail. */
int page_audit(Ctx *c, Page *p);

/* pages_login.c — signing in and out. */
int page_login_form(Ctx *c, Page *p);
int page_login(Ctx *c, Page *p);
int page_logout(Ctx *c, Page *p);

/* pages_account.c — the second factor, "Mitt konto" and the administrator's user pages. */
int page_totp_form(Ctx *c, Page *p);
int page_totp_post(Ctx *c, Page *p);
int page_account(Ctx *c, Page *p);
int page_account_password(Ctx *c, Page *p);
int page_account_logout_others(Ctx *c, Page *p);
int page_account_token_create(Ctx *c, Page *p);
int page_account_token_revoke(Ctx *c, Page *p);
int page_users(Ctx *c, Page *p);
int page_users_add(Ctx *c, Page *p);
int page_user(Ctx *c, Page *p);
int page_user_update(Ctx *c, Page *p);
int page_user_enable(Ctx *c, Page *p);
int page_user_disable(Ctx *c, Page *p);
int page_user_password(Ctx *c, Page *p);
int page_user_totp_reset(Ctx *c, Page *p);
int page_user_activities(Ctx *c, Page *p);

/* pages_health.c — a constant answer that touches no database: for monitoring, and the
 * benchmark's floor. */
int page_healthz(Ctx *c, Page *p);

/* assets.c — the stylesheet, icon and script compiled into the binary. */
int page_static(Ctx *c, Page *p);

#endif
