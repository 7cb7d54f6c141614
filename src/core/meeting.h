/* meeting.h — meetings with their attendees, agenda, decisions and actions. */
#ifndef INSATS_MEETING_H
#define INSATS_MEETING_H

#include <jansson.h>
#include <stddef.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the meeting at `path` (meetings[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its attendees and agenda (with decisions) replace the
 * stored ones, its actions are inserted or updated by id. `index` is its position in its list. */
void meeting_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* ---- the workflow: series, cancelling ------------------------------------------------------ */

/* A group's meetings of a year, entered at once. */
typedef struct MeetingSeries {
    const char *group;   /* the group's id */
    const char *dates;   /* the dates as written: "15 februari, 3 maj och 6 november" or ISO
                          * dates (datelist.h) */
    int year;            /* the year of dates written without one; 0: each carries its own */
    const char *start;   /* HH:MM, optional */
    const char *end;     /* HH:MM, optional, not before start */
    const char *place;   /* optional */
    const char *title;   /* NULL or "": the group's name */
} MeetingSeries;

/* Creates one planned meeting per date of the series, in one transaction, each with the id
 * "<group id>-<YYYY-MM-DD>" (the group's id cut to leave room for the date). All or nothing:
 * a list of dates that does not parse, an unknown group, a bad time or a date on which the
 * group has a meeting with that id already refuses the whole series (INSATS_EINPUT, every
 * problem in errs, each naming its field: "group", "dates", "year", "start", "end", "place");
 * a role that may not write meetings is INSATS_EFORBIDDEN. On success *codes (when not NULL)
 * is a new JSON array of the new meetings' ids in date order. */
int meeting_series_create(Db *db, const Actor *actor, int64_t project_id,
                          const MeetingSeries *s, json_t **codes, Errs *errs);

/* Cancels the planned meeting `code` with a reason (required, one line of at most 500
 * characters), which the minutes, the calendar and the invitation show. Refused: a meeting
 * already held or already cancelled, an unknown one, no reason (INSATS_EINPUT); a role that
 * may not write meetings (INSATS_EFORBIDDEN). */
int meeting_cancel(Db *db, const Actor *actor, int64_t project_id, const char *code,
                   const char *reason, Errs *errs);

#endif
