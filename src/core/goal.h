/* goal.h — the project's goals, what each measures, and the measurements of manual ones. */
#ifndef INSATS_GOAL_H
#define INSATS_GOAL_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the goal at `path` (goals[i]) and, while the Rec is writable and its claim allows,
 * inserts or updates it by its id; a manual goal's measurements replace the stored ones. `index` is
 * its position in its list. */
void goal_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
