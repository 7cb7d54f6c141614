/* dissemination.h — dissemination (spridning): newsletters, articles, presentations. */
#ifndef INSATS_DISSEMINATION_H
#define INSATS_DISSEMINATION_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the dissemination entry at `path` (dissemination[i]) and, while the Rec is writable and
 * its claim allows, inserts or updates it by its id. `index` is its position in its list. */
void dissemination_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
