/* activity.h — activities with their sessions and attendance. */
#ifndef INSATS_ACTIVITY_H
#define INSATS_ACTIVITY_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the activity at `path` (activities[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its organisations replace the stored ones, its sessions
 * and attendance rows are inserted or updated (by session id, by person and session). `index` is
 * its position in its list. */
void activity_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
