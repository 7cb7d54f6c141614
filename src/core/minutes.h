/* minutes.h — the minutes (minnesanteckningar) of one meeting as the report JSON of
 * docs/report-format.md ("Minutes"): the meeting, its attendees, numbered agenda with
 * decisions, actions, and the group's next meeting. The md/html/pdf renderers read this JSON;
 * minutes carry names (they record a meeting) but never a personnummer. */
#ifndef INSATS_MINUTES_H
#define INSATS_MINUTES_H

#include <jansson.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* Builds the minutes of the meeting with code meeting_code in the project (project_id from
 * project_resolve()) as `actor` may read them: every name for a manager (and the command line,
 * which acts as one); for a coordinator only the names of their own organisation's people (a
 * trainer: of the people who attended their activities) — another's attendee stays in the list
 * with organisation and status but "name": null, another's action owner, note taker or
 * presenter is null, and "names_withheld" counts what was left out; an actor who sees no names
 * (reader, evaluator) gets INSATS_EFORBIDDEN. An unknown code is INSATS_EINPUT with a message
 * that says how to list the meetings; a read failure INSATS_ESTORAGE. On success *out is a new
 * reference the caller json_decref()s; on failure *out is NULL. */
int minutes_build(Db *db, const Actor *actor, int64_t project_id, const char *meeting_code,
                  json_t **out, Errs *errs);

#endif
