/* figures.h — the figures engine of the reports: every number of docs/report-format.md that
 * comes from recorded data (participants, hours, interventions, activities, goals, budget,
 * certificates, groups, meetings, dissemination, deviations), computed with a handful of
 * aggregate queries per report. The definitions are the SPEC's "Definitions of the figures";
 * report.c assembles the rest of the report around them. */
#ifndef INSATS_FIGURES_H
#define INSATS_FIGURES_H

#include <jansson.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

/* Computes the figures of the range [from, to] (ISO dates, inclusive) of the project and sets
 * them as keys of `report`: participants, participant_hours, interventions, activities,
 * organisations, goals, budget, deviations, certificates, groups, meetings, meetings_held,
 * dissemination. Keys already present keep their position (report.c creates them in the
 * documented order first). "Accumulated" figures count everything dated up to `to`.
 * Returns INSATS_OK, or INSATS_ESTORAGE / the survey functions' code with a message in errs;
 * on error `report` may hold some of the keys. Does not take ownership of report. */
int figures_compute(Db *db, int64_t project_id, const char *from, const char *to, json_t *report,
                    Errs *errs);

/* The planned öre of a budget line for `year` (amount öre) from the project's start (ISO date
 * `start`; it ends on `end`) up to and including day `upto` (days since 1970, date_to_days()):
 * the line is spread evenly over the days of the year inside the project, and the running total
 * is rounded half up to whole öre at each day, so that consecutive ranges add up exactly to the
 * line (a range plans upto(to) − upto(from − 1)). A year outside the project plans 0. */
int64_t figures_line_upto(const char *start, const char *end, int year, int64_t amount,
                          int64_t upto);

/* The main aggregate queries of figures_compute, NULL-terminated, for the benchmark floor (the
 * same SQL run through the sqlite3 shell). Parameters: ?1 project id, ?2 from, ?3 to. Each
 * string starts with a `-- name` comment line. Static storage. */
const char *const *figures_bench_queries(void);

#endif
