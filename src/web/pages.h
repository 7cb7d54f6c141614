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
/* The address links for participants and employers are built on (survey answer links, the
 * certificates' verification, calendar feeds): `serve --public-url`, else the project's
 * setting (project_public_url()), else the request's own scheme and Host (which the server
 * has checked); no trailing slash. Caller frees. */
char *page_public_base(Ctx *c);
/* A figure written as the page's language writes numbers (i18n_number(): "1 234" and "77,4"
 * in Swedish, "1,234" and "77.4" in English; "–" for null or NULL). Caller frees. */
char *page_figure_text(const json_t *v);
/* A percentage with one decimal in the page's language ("50,0 %", "50.0%"). Caller frees. */
char *page_percent_text(const json_t *v);
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
 * the caption of its key, or caption when not NULL (a page with several lists of one key
 * names each): references as their names from names (the list's "_names", may be NULL)
 * linked to their pages, values of a value list as their labels, lists inside a row as their
 * count. */
void page_json_table(Page *p, const char *key, const char *caption, const json_t *rows,
                     const json_t *names);

/* A form generated from record_fields(kind): one field per entry, a select for a value list
 * or a reference (with few enough records to offer), the CSRF token; the values of rec (the
 * stored record, in the bundle's shape) or, with from_form, the user's input; the messages of
 * errs next to their fields — a message's field is `prefix` and the key (a row of a list saved
 * with its record: "attendees[2].") — and the others above the form. */
typedef struct RecordForm {
    const char *kind;     /* record_fields() kind: "person", "session", "meeting.attendees" */
    const char *action;   /* the path the form posts to */
    const char *code;     /* the record's id on an edit (shown, not a field); NULL: new */
    const char *fixed;    /* a key the page sets itself (a session's activity): not a field */
    const char *prefix;   /* of the messages' fields; NULL: none */
} RecordForm;
void page_record_form(Ctx *c, Page *p, int64_t project, const RecordForm *form,
                      const json_t *rec, bool from_form, const Errs *errs);
/* The posted fields of a form of `kind` as a record in the bundle's shape over base (the
 * stored record on an edit, whose keys the form does not show are kept; NULL: a new one), the
 * id code set when not NULL. New reference. */
json_t *page_record_from_form(Ctx *c, const char *kind, const char *code, const json_t *base);

/* The value at a key of the bundle's shape, "measure.kind" reaching into an object; NULL when
 * absent. Borrowed. */
json_t *page_json_at(const json_t *o, const char *key);
/* The object of array whose string member key is value ({"id": "v1"}), or NULL. Borrowed. */
json_t *page_json_find(const json_t *array, const char *key, const char *value);
/* The items of a JSON array as text (numbers as the forms write them), with sep between them.
 * Caller frees. */
char *page_json_join(const json_t *v, const char *sep);
/* The page of a change the core refused: `title`, its messages, a link back. 200. */
int page_refused(Page *p, const char *title, const Errs *errs, const char *back,
                 const char *back_label);

/* The page that asks before a delete sent without the browser's confirmation (no script):
 * `question` as its title, a button that posts to action with confirm=1, a link back. 200. */
int page_delete_ask(Page *p, const char *question, const char *action, const char *back,
                    const char *back_label);
/* The answer to a save with status rc: to `done` when it went, 403 or 500 — or 0 when the core
 * refused the input, for the caller to show the form again with its messages. */
int page_saved(Page *p, int rc, const char *done);
/* The answer to a delete with status rc (errs its messages): to `done` when it went, 403 or
 * 500, else the core's reason on a page titled "Kan inte ta bort <what>" with a link back. */
int page_deleted(Page *p, int rc, const Errs *errs, const char *done, const char *what,
                 const char *back, const char *back_label);

/* pages_items.c — the parts of a record edited on pages of their own: an activity's sessions
 * and the lists a record holds (a meeting's attendees, agenda and actions, a group's members,
 * a budget version's lines, a manual goal's measurements); the list is the route's pattern. */
int page_session_new(Ctx *c, Page *p);
int page_session_create(Ctx *c, Page *p);
int page_session_edit(Ctx *c, Page *p);
int page_session_update(Ctx *c, Page *p);
int page_session_delete(Ctx *c, Page *p);
int page_items(Ctx *c, Page *p);
int page_item_add(Ctx *c, Page *p);
int page_item_edit(Ctx *c, Page *p);
int page_item_save(Ctx *c, Page *p);
int page_item_delete(Ctx *c, Page *p);
/* On the page of record `code` of the list at path ("meetings"): links to the pages of the
 * lists it holds and, for an activity, to its sessions' forms — those the actor may write. */
void page_record_parts(Ctx *c, Page *p, const char *path, const char *code, const json_t *rec);

/* pages_surveys.c — a survey's answer link: the public form at /s/{token} and its answers, the
 * link with its QR code and the response rate on the survey's page, the A4 sheet, a survey from
 * a template. */
int page_survey_form(Ctx *c, Page *p);
int page_survey_answer(Ctx *c, Page *p);
int page_survey_link_create(Ctx *c, Page *p);
int page_survey_sheet(Ctx *c, Page *p);
int page_survey_template(Ctx *c, Page *p);
int page_survey_template_create(Ctx *c, Page *p);
/* The survey's response rate, answer link and QR code, below the survey's record. */
void page_survey_link_part(Ctx *c, Page *p, int64_t project, const char *code);

/* pages_budget.c — the budget (categories, versions with their lines) and the narratives
 * (Markdown, previewed through the reports' rendering before it is saved). */
int page_budget(Ctx *c, Page *p);
/* The names of the categories (the budget's "categories") of a version's lines, in the lines'
 * shape ([{"category": name}, …]), for their tables. New reference. */
json_t *page_budget_line_names(const json_t *lines, const json_t *cats);
/* A budget category or version (the route's second segment: categories, versions): new, edit,
 * delete. */
int page_budget_record_new(Ctx *c, Page *p);
int page_budget_record_create(Ctx *c, Page *p);
int page_budget_record_edit(Ctx *c, Page *p);
int page_budget_record_update(Ctx *c, Page *p);
int page_budget_record_delete(Ctx *c, Page *p);
int page_narratives(Ctx *c, Page *p);
int page_narrative_edit(Ctx *c, Page *p);
int page_narrative_save(Ctx *c, Page *p);

/* pages_meetings.c — a group's series of meetings, cancelling one, the secret addresses of
 * the calendar feeds, and the feed behind such an address (public: the address is its key). */
int page_meeting_series_form(Ctx *c, Page *p);
int page_meeting_series(Ctx *c, Page *p);
int page_meeting_cancel_form(Ctx *c, Page *p);
int page_meeting_cancel(Ctx *c, Page *p);
/* Agenda suggestions: a meeting's page's part (its agenda in order, its suggestions, the
 * organiser's answers), the suggestion page, the answers, the order, the meetings to suggest
 * for. */
void page_meeting_agenda_part(Ctx *c, Page *p, int64_t project, const char *code);
int page_meeting_suggest_form(Ctx *c, Page *p);
int page_meeting_suggest(Ctx *c, Page *p);
int page_meeting_suggestion_accept(Ctx *c, Page *p);
int page_meeting_suggestion_decline_form(Ctx *c, Page *p);
int page_meeting_suggestion_decline(Ctx *c, Page *p);
int page_meeting_agenda_order(Ctx *c, Page *p);
int page_agenda_suggestions(Ctx *c, Page *p);
/* A group's page's part: its meetings' attendance (meeting_attendance()) and settings; the
 * settings' form. */
void page_group_meetings_part(Ctx *c, Page *p, int64_t project, const char *code);
int page_group_meeting_settings_form(Ctx *c, Page *p);
int page_group_meeting_settings(Ctx *c, Page *p);
int page_calendar_links(Ctx *c, Page *p);
int page_calendar_link_create(Ctx *c, Page *p);
int page_calendar_link_revoke(Ctx *c, Page *p);
int page_calendar_feed(Ctx *c, Page *p);

/* pages_attendance.c — the attendance of one session on one screen. */
int page_attendance(Ctx *c, Page *p);
int page_attendance_save(Ctx *c, Page *p);

/* pages_import.c — a participant or attendance CSV: dry run and preview, then confirmation. */
int page_import(Ctx *c, Page *p);
int page_import_upload(Ctx *c, Page *p);

/* pages_audit.c — the audit trail. */
int page_audit(Ctx *c, Page *p);

/* pages_outbox.c — the e-mail outbox (manager): the list, retry, cancel. */
int page_outbox(Ctx *c, Page *p);
int page_outbox_retry(Ctx *c, Page *p);
int page_outbox_cancel(Ctx *c, Page *p);

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
int page_account_mail(Ctx *c, Page *p);
int page_account_lang(Ctx *c, Page *p);
int page_users(Ctx *c, Page *p);
int page_users_add(Ctx *c, Page *p);
int page_user(Ctx *c, Page *p);
int page_user_update(Ctx *c, Page *p);
int page_user_enable(Ctx *c, Page *p);
int page_user_disable(Ctx *c, Page *p);
int page_user_password(Ctx *c, Page *p);
int page_user_totp_reset(Ctx *c, Page *p);
int page_user_activities(Ctx *c, Page *p);
int page_user_email(Ctx *c, Page *p);

/* pages_proposals.c — training proposals (the form, a proposal with its history and steps, a
 * returned one submitted again), the intake's page and "att göra". */
int page_proposal_new(Ctx *c, Page *p);
int page_proposal_create(Ctx *c, Page *p);
/* A proposal at /proposals/{id} for its readers, at /my/proposals/{id} for the one who
 * submitted it; /my/proposals lists the user's own. */
int page_proposal_show(Ctx *c, Page *p);
int page_proposals_mine(Ctx *c, Page *p);
int page_proposal_edit(Ctx *c, Page *p);
int page_proposal_resubmit(Ctx *c, Page *p);
/* POST /proposals/{id}/<step>: the step is the path's last segment, the note the form's
 * "note-<step>". */
int page_proposal_step(Ctx *c, Page *p);
/* pages_settings.c: the project's settings (a manager). */
int page_settings(Ctx *c, Page *p);
int page_settings_save(Ctx *c, Page *p);
int page_intake(Ctx *c, Page *p);
int page_intake_pause(Ctx *c, Page *p);
int page_intake_open(Ctx *c, Page *p);
int page_todo(Ctx *c, Page *p);

/* pages_health.c — a constant answer that touches no database: for monitoring, and the
 * benchmark's floor. */
int page_healthz(Ctx *c, Page *p);

/* assets.c — the stylesheet, icon and script compiled into the binary. */
int page_static(Ctx *c, Page *p);

/* Certificates (pages_certificates.c): an activity's certificates with the manager's forms
 * (issue by the attendance, by hand, withdraw), one or all as PDF, and the public check of a
 * verification code (/verify, /verify/{code}). */
int page_activity_certificates(Ctx *c, Page *p);
int page_activity_certificates_pdf(Ctx *c, Page *p);
int page_activity_certificates_issue(Ctx *c, Page *p);
int page_activity_certificates_manual(Ctx *c, Page *p);
int page_certificate_pdf(Ctx *c, Page *p);
int page_certificate_withdraw_form(Ctx *c, Page *p);
int page_certificate_withdraw(Ctx *c, Page *p);
int page_verify_form(Ctx *c, Page *p);
int page_verify(Ctx *c, Page *p);

#endif
