/* freeze.h — submitted reports are frozen. A lägesrapport goes with a payment claim and its
 * figures must not move afterwards: freezing stores the report JSON as a snapshot (who, when),
 * every later rendering of that period is the snapshot, the next period's report shows it as
 * "tidigare redovisat", and data dated inside the period is refused by the database
 * (schema/0003_report_snapshots.sql) until the period is reopened with a reason. */
#ifndef INSATS_FREEZE_H
#define INSATS_FREEZE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"
#include "report.h"
#include "util.h"

/* The report as the funder must see it. A range whose dates are exactly a reporting period's
 * is that period (report_period_of_range). For a numbered lägesrapport period that is frozen (and
 * not reopened): the stored snapshot, with `frozen` filled in ({at, by, reopened}); otherwise
 * the report computed from the data as it is now (report_compute(), inside the core). For a
 * numbered period n, `previously_reported` carries the frozen figures of period n−1 when that
 * period is frozen (else null). This is the one entry to a report for the layers above the
 * core (the command line, the web pages, the API). Unknown period, from after to, a range
 * outside the project: INSATS_EINPUT with a message; a damaged snapshot is INSATS_ESTORAGE. *out is a new reference the caller json_decref()s. */
int report_get(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
               json_t **out, Errs *errs);

/* Freezes lägesrapport period `period`: computes it (with previously_reported) and stores it
 * with today's date (date_today(), INSATS_TODAY respected) and `by`. Refused with INSATS_EINPUT
 * and a message: unknown period, a period that has not ended (today must be after its last
 * day), a period already frozen. A reopened period is frozen again with fresh figures; the
 * reopen stays in the history. */
int freeze_period(Db *db, int64_t project_id, int period, const char *by, Errs *errs);

/* Reopens a frozen period so that its data may change: `reason` is required (non-blank) and
 * recorded with `by` and today's date, together with the JSON that had been reported. Until
 * freeze_period() is run again, report_get() computes the period afresh. INSATS_EINPUT when the
 * period is not frozen (never, or already reopened) or the reason is blank. */
int freeze_reopen(Db *db, int64_t project_id, int period, const char *by, const char *reason,
                  Errs *errs);

/* What has changed in the data since period `period` was frozen: compares the snapshot (in
 * force or reopened) with report_compute() of the same period and lists every changed figure
 * as {"path", "reported", "now"} — e.g. {"path": "participants.period.total", "reported": 733,
 * "now": 734}. Array elements are matched by their id / organisation / category (… key), so a
 * path reads `budget.by_category[ext].period.actual`; an element on one side only is listed
 * whole with null on the other side. `generated`, `frozen` and `previously_reported` are not
 * compared. A period never frozen is INSATS_EINPUT. *changes is a new array the caller
 * json_decref()s. */
int freeze_diff(Db *db, int64_t project_id, int period, json_t **changes, Errs *errs);

/* The submission check of a report (docs/report-format.md, `check`): what must be done before
 * it can be handed in — every question of the form still unanswered, every deviation dated up
 * to the report's last day that is not reported to the funder, and every figure that moved
 * since a frozen lägesrapport period up to the report's last day was frozen ({period, path,
 * reported, now}, from freeze_diff()). `draft` is true while a question is unanswered (the
 * document then carries "Utkast"); `ready` when nothing at all remains. The report is
 * report_get()'s, which carries the same object as its `check` key. Errors as report_get().
 * *check is a new reference the caller json_decref()s. */
int report_check(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
                 json_t **check, Errs *errs);

/* The Swedish label of the figure at `path` (the paths of report diff and of the trace,
 * docs/report-format.md "Figure paths"), e.g. "Deltagare under perioden, Älvby kommun,
 * totalt", the element's name taken from `report`; the path itself when the label tables do
 * not cover it. Caller frees. */
char *freeze_figure_label(const char *path, const json_t *report);

/* Every reporting period of the project with its freeze state, for a page that lists them:
 * [{number, from, to, frozen: null or {at, by, reopened: null or {at, by, reason}}}] in number
 * order. *out is a new array (NULL on error) the caller json_decref()s. */
int freeze_periods(Db *db, int64_t project_id, json_t **out, Errs *errs);

/* The freeze state of one period, for messages ("reopened on … by …"). Strings owned by the
 * struct; release with freeze_info_free(). */
typedef struct FreezeInfo {
    bool exists;            /* a snapshot was ever stored */
    bool in_force;          /* frozen and not reopened */
    char from[11], to[11];  /* the frozen range */
    char frozen_at[11];
    char *frozen_by;
    char reopened_at[11];   /* "" unless reopened */
    char *reopened_by;
    char *reopened_reason;
} FreezeInfo;

/* Fills info for the project's lägesrapport period (info->exists false when never frozen).
 * INSATS_OK or INSATS_ESTORAGE. */
int freeze_info(Db *db, int64_t project_id, int period, FreezeInfo *info, Errs *errs);
void freeze_info_free(FreezeInfo *info);

/* Turns the database's refusal of a change inside a frozen period ('insats-frozen-period:N',
 * raised by the triggers of schema/0003) into the user's message, appended to out:
 *   period 4 (2012-07-01–2012-09-30) is frozen (reported 2012-10-20 by Maria); reopen it with
 *   `insats report reopen --period 4 --reason …`
 * Returns 1 when sqlite_msg was such a refusal (out written), 0 otherwise (out untouched), so
 * an importer can do: if (!freeze_explain(db, sqlite3_errmsg(h), &b)) use the plain text.
 * Only reads, so it may run inside the importer's open transaction. */
int freeze_explain(Db *db, const char *sqlite_msg, Buf *out);

#endif
