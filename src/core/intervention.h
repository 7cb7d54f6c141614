/* intervention.h — interventions (insatser): what the activities are grouped under. */
#ifndef INSATS_INTERVENTION_H
#define INSATS_INTERVENTION_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the intervention at `path` (interventions[i]) and, while the Rec is writable and its
 * claim allows, inserts or updates it by its id. `index` is its position in its list. */
void intervention_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* Dates the interventions saved as `completed: true` alone (Rec.undated), from their
 * activities' sessions; call after the activities are in. */
void intervention_date_completed(struct Rec *r);

#endif
