/* deviation.h — deviations (avvikelser) from the plan and whether the funder was told. */
#ifndef INSATS_DEVIATION_H
#define INSATS_DEVIATION_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the deviation at `path` (deviations[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id. `index` is its position in its list. */
void deviation_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
