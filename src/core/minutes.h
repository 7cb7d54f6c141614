/* minutes.h — the minutes (minnesanteckningar) of one meeting as the report JSON of
 * docs/report-format.md ("Minutes"): the meeting, its attendees, numbered agenda with
 * decisions, actions, and the group's next meeting. The md/html/pdf renderers read this JSON;
 * minutes carry names (they record a meeting) but never a personnummer. */
#ifndef INSATS_MINUTES_H
#define INSATS_MINUTES_H

#include <jansson.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

/* Builds the minutes of the meeting with code meeting_code in the project (project_id from
 * project_resolve()). An unknown code is INSATS_EINPUT with a message that says how to list
 * the meetings; a read failure INSATS_ESTORAGE. On success *out is a new reference the caller
 * json_decref()s; on failure *out is NULL. */
int minutes_build(Db *db, int64_t project_id, const char *meeting_code, json_t **out,
                  Errs *errs);

#endif
