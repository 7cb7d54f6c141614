/* meeting.h — meetings with their attendees, agenda, decisions and actions. */
#ifndef INSATS_MEETING_H
#define INSATS_MEETING_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the meeting at `path` (meetings[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its attendees and agenda (with decisions) replace the
 * stored ones, its actions are inserted or updated by id. `index` is its position in its list. */
void meeting_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
