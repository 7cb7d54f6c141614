/* narrative.h — the narratives (lägesrapport and slutrapport texts) by period and section. */
#ifndef INSATS_NARRATIVE_H
#define INSATS_NARRATIVE_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the narrative at `path` (narratives[i]) and, while the Rec is writable, inserts
 * or updates it by its period and section. `seen` (the bundle's: "period/section" → index;
 * NULL for one record) catches a second narrative for the same period and section. */
void narrative_save_json(struct Rec *r, const json_t *o, const char *path, size_t index, Idmap *seen);

#endif
