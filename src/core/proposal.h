/* proposal.h — proposals of training from the organisations, with their history. */
#ifndef INSATS_PROPOSAL_H
#define INSATS_PROPOSAL_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the proposal at `path` (proposals[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its history replaces the stored one. `index` is its
 * position in its list. */
void proposal_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
