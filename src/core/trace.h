/* trace.h — every figure of a report traced to the records that make it: the people behind a
 * participant count (with the sessions they attended), the sessions behind hours, the
 * certificates, the members of a group, the budget lines and how they were spread over the
 * range, the cost entries behind the actual costs, a manual goal's measurements.
 *
 * A figure is addressed by its path in the report JSON, the same paths `report diff` and the
 * submission check use (docs/report-format.md, "Figure paths"): object keys joined by ".", an
 * array element by its id in brackets — `participants.period.women`,
 * `participants.by_organisation[alvby].accumulated.total`, `goals[g3].achieved`,
 * `budget.by_category[ext].period.planned`. The list is built from the same SQL fragments as
 * the figure (figures_sql.h), so it has exactly as many rows as the figure counts, or its rows'
 * values add up to the figure (hours, money). */
#ifndef INSATS_TRACE_H
#define INSATS_TRACE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "report.h"

/* The kind of record a row is; the web links each to its record's page. */
typedef enum TraceKind {
    TRACE_PERSON,          /* /people/{code} */
    TRACE_SESSION,         /* /activities/{parent}, session {code} */
    TRACE_CERTIFICATE,     /* /certificates/{code} */
    TRACE_ORGANISATION,    /* /organisations/{code} */
    TRACE_BUDGET_LINE,     /* /budget: version {parent}, category {code}, year in `date` */
    TRACE_COST,            /* /costs/{code} */
    TRACE_MEETING,         /* /meetings/{code} */
    TRACE_GOAL_VALUE,      /* /goals/{parent}: one measurement */
} TraceKind;

/* How the rows make the figure. */
typedef enum TraceMeasure {
    TRACE_COUNT,           /* the figure is the number of (top-level) rows */
    TRACE_SUM_HOURS,       /* Σ value in hundredths of an hour = the figure × 100 */
    TRACE_SUM_KRONOR,      /* Σ value in öre, rounded to whole kronor = the figure */
    TRACE_SUM_VALUE,       /* Σ value in öre × hundredths of an hour, rounded = kronor */
    TRACE_SHARE,           /* rows / info.denominator × 100, one decimal = the figure */
    TRACE_LATEST,          /* the last row's value (hundredths) is the figure */
} TraceMeasure;

/* One record behind a figure. Strings are valid during the callback only. */
typedef struct TraceRow {
    TraceKind kind;
    bool sub;              /* a detail of the row before it (a session a person attended, a
                              certificate a person holds): not counted */
    const char *code;      /* the record's id (the bundle's string id) */
    const char *parent;    /* a session's activity, a goal value's goal, a line's version;
                              else NULL */
    const char *name;      /* name or title; NULL when the actor may not see it */
    const char *organisation;   /* the organisation's id, or NULL */
    const char *date;      /* the record's date (a line: its year), or NULL */
    const char *note;      /* a few words more: the budget line's spread, the cost's text, the
                              membership's dates; or NULL */
    int64_t value;         /* what the row adds to the figure (see TraceMeasure): 1 for a
                              counted record, hundredths of hours, öre */
    int64_t amount;        /* a budget line's whole amount (öre), a session's hours; else 0 */
} TraceRow;

/* Called for every row, in order. Return 0 to go on; anything else stops the listing (info
 * then counts what was listed up to there). */
typedef int (*TraceRowFn)(void *ctx, const TraceRow *row);

/* What the trace found. */
typedef struct TraceInfo {
    TraceMeasure measure;
    int64_t rows;          /* top-level rows passed to the callback */
    int64_t sum;           /* Σ value of those rows */
    int64_t hidden;        /* rows outside the actor's scope, not listed but counted by the
                              figure too: people of other organisations (a coordinator),
                              sessions of activities not assigned to them (a trainer) */
    int64_t denominator;   /* TRACE_SHARE: the figure's denominator */
    bool personal;         /* the rows name people */
} TraceInfo;

/* Whether figure `path` can be traced at all (a figure of a report that trace_list knows;
 * not, for example, a survey figure, whose responses are anonymous and whose list would undo
 * the suppression of small cells). A pure function of the path. */
bool trace_path_known(const char *path);

/* Whether `actor` may see the records behind `path`:
 * - reader, evaluator and admin (actor_sees_names() false): never — the figure only;
 * - budget lines and cost entries: only the budget's readers (BROWSE_READ_BUDGET: manager and
 *   economist);
 * - economist and trainer: the records that name no one (sessions, organisations, budget lines,
 *   cost entries, meetings, measurements), not people or their certificates; a trainer's list
 *   of sessions keeps those of the activities assigned to them, the others counted in
 *   TraceInfo.hidden;
 * - coordinator: every trace, the rows naming people limited to their own organisation (the
 *   others are counted in TraceInfo.hidden, so the list and the hidden rows still add up to
 *   the figure, which is of all organisations);
 * - manager: everything. */
bool trace_allowed(const Actor *actor, const char *path);

/* Lists the records behind figure `path` of the report (kind, range as report_compute()) as
 * the data is now: fn is called once per row. Refused with INSATS_EINPUT and a message: an
 * unknown path, a path this role may not trace (trace_allowed()), an unknown element id.
 * INSATS_ESTORAGE on a storage error. Reads inside one read transaction. `info` may be NULL.
 * A frozen period's report shows its snapshot; the data dated inside a frozen period cannot
 * change (the database refuses it), so its trace lists the same records. */
int trace_list(Db *db, const Actor *actor, int64_t project_id, ReportKind kind,
               const ReportRange *range, const char *path, TraceRowFn fn, void *ctx,
               TraceInfo *info, Errs *errs);

/* The figure at `path` in a report JSON (or the dashboard's, which keeps the report's
 * shapes): a number, borrowed from report; NULL when the path names no number there. */
const json_t *trace_figure_value(const json_t *report, const char *path);

/* Called by trace_figures() for every traceable figure: its path and value (borrowed). */
typedef void (*TraceFigureFn)(void *ctx, const char *path, const json_t *value);

/* Walks a report JSON (report_get() or report_compute()) and calls fn for every figure that
 * trace_list() can trace, in the report's order; a null figure (a mean without responses, an
 * intervention that does not count participants) is skipped. */
void trace_figures(const json_t *report, TraceFigureFn fn, void *ctx);

#endif
