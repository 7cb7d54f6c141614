/* group.h — groups (steering group, project group …) and their members. */
#ifndef INSATS_GROUP_H
#define INSATS_GROUP_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the group at `path` (groups[i]) and, while the Rec is writable and its claim allows,
 * inserts or updates it by its id; its members replace the stored ones. `index` is its position in
 * its list. */
void group_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
