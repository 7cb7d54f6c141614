/* dashboard.h — the start page's data: the current period's figures taken from its report
 * (report_get(), so a frozen period shows what was reported), and the few lists a project
 * manager looks at every morning. Computed once per project, period and day and kept in memory,
 * shared by every thread, until a write is committed (db_generation()). */
#ifndef INSATS_DASHBOARD_H
#define INSATS_DASHBOARD_H

#include <jansson.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* The dashboard of the project as `actor` may see it, on `today` (ISO date; NULL: date_today()):
 *
 *   {"today", "project": {id, name, diarienummer, start, end},
 *    "period": {number, from, to},      // the reporting period that holds today, else the last
 *                                       // one begun, else the first one; number null when the
 *                                       // project has no reporting periods (then the project)
 *    "frozen": the report's `frozen`,
 *    "participants", "participant_hours", "interventions", "goals", "budget", "certificates":
 *                                       // as in that period's lägesrapport (docs/report-format.md),
 *                                       // so a figure's trace path (trace.h) is its path here
 *    "upcoming_sessions": [{activity, title, session, date, start, end}],   // from today, ≤ 10;
 *                                       // a trainer's: of the activities assigned to them
 *    "upcoming_meetings": [{id, title, group_name, date, start, place}],     // planned, ≤ 5
 *    "open_actions": [{meeting, meeting_title, id, text, owner, due}],       // by due date
 *    "unreported_deviations": [{id, date, area, description}],               // up to today
 *    "proposals": {"by_status": {submitted, forwarded, returned, deferred, approved, rejected},
 *                  "by_organisation": [{organisation, name, <each state>, total}],
 *                  "waiting": [{status, count, average_days, longest_days}]}}
 *                                       // the pipeline of training proposals; `waiting`: the
 *                                       // open ones, days since their last step
 *
 * `owner` is a person's name, null for a role that sees no names (actor_sees_names()).
 * Served from the cache when nothing was committed since it was computed (by any connection of
 * this process, or by another process: PRAGMA data_version); while another thread computes the
 * same dashboard, this one waits for its answer rather than computing it twice. Errors as
 * report_get().
 * *out is a new object the caller json_decref()s. Thread-safe: each thread its own Db. */
int dashboard_get(Db *db, const Actor *actor, int64_t project_id, const char *today,
                  json_t **out, Errs *errs);

/* Fills the cache with today's dashboard of the project, unless it holds it already or another
 * thread is computing it (then waits for that): for a server that computes it ahead, at its
 * start and after a write, so that the next viewer does not wait. Errors as report_get(). */
int dashboard_warm(Db *db, int64_t project_id, Errs *errs);

/* Seconds since someone last asked for a dashboard (dashboard_get(); dashboard_warm() does not
 * count), or -1 when nobody has since the process started: whether computing ahead pays. */
double dashboard_idle_seconds(void);

/* The stamp the cache keeps a dashboard under (db_generation()): while it is the same, so is
 * every dashboard of the database, and a cache of pages drawn from one (the web's start page)
 * may keep them under the same stamp. Read it before asking for the dashboard. */
uint64_t dashboard_generation(Db *db);

/* Actors with the same key get the same dashboard from dashboard_get() (which names they see):
 * for a cache of pages drawn from it. */
uint64_t dashboard_viewer(const Actor *actor);

/* Whether stamp a is a later one of the same database than stamp b. */
bool dashboard_generation_newer(uint64_t a, uint64_t b);

/* Empties the cache (tests; a process that is done with a database). */
void dashboard_cache_clear(void);

/* How many times the cache was filled since the process started: tests see from it whether an
 * answer came from the cache. */
uint64_t dashboard_cache_fills(void);

#endif
