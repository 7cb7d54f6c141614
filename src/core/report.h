/* report.h — the reports of the funder, computed from the data as JSON (docs/report-format.md).
 * One figures engine serves every renderer: HTML, Markdown, PDF and XLSX read this JSON and
 * compute nothing of their own; a frozen report is this JSON, stored. */
#ifndef INSATS_REPORT_H
#define INSATS_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"
#include "util.h"

typedef enum { REPORT_LAGESRAPPORT, REPORT_SLUTRAPPORT } ReportKind;

/* What a report covers: a numbered reporting period (period > 0), or a free range from..to
 * (period 0). The slutrapport ignores it and covers the whole project. */
typedef struct ReportRange {
    int period;
    const char *from;
    const char *to;
} ReportRange;

/* The number of the reporting period the range stands for: range->period when given, else
 * the period whose dates are exactly range->from … range->to (the same report, so it gets the
 * period's redovisnings-ID, narratives and frozen snapshot), else 0 — a free range. */
int report_period_of_range(Db *db, int64_t project_id, const ReportRange *range);

/* The report itself, computed or — for a frozen period — as it was submitted, is report_get()
 * in freeze.h: the one entry for the layers above the core. */

/* The dates a report covers, as report_get() resolves them: the whole project for the
 * slutrapport, a reporting period's dates, or a checked free range (which is that period when
 * its dates are exactly a period's). *number is the period number, 0 for none. Same errors as
 * report_get(). */
int report_range_dates(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
                       char from[11], char to[11], int *number, Errs *errs);

/* The report's main aggregate queries (figures and surveys) as SQL text with this report's
 * parameters written in, one statement per line, each ending in ';'. An auditor can run them
 * with the sqlite3 shell against the same database to check the figures at their source, and
 * the benchmark uses them as its floor. Same errors as report_get(). Appends to out. */
int report_sql(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range, Buf *out,
               Errs *errs);

/* Marks the question `section` of lägesrapport period `period` (0: the slutrapport) as left
 * unanswered on purpose (empty true), or takes the mark away again (empty false): a report with
 * an unanswered question is a draft, one whose questions are answered or marked is not
 * (docs/report-format.md, `questions[]`). Refused with INSATS_EINPUT and a message: a section
 * that is not a question of that report's form, an unknown period, a frozen period (reopen it
 * first), a question that has an answer (marking it would hide the answer), and taking the
 * mark from a question that has none. INSATS_ESTORAGE on a storage error. */
int report_mark_empty(Db *db, int64_t project_id, int period, const char *section, bool empty,
                      Errs *errs);

#endif
