/* organisation.h — organisations: the municipalities, regions and partners of a project. */
#ifndef INSATS_ORGANISATION_H
#define INSATS_ORGANISATION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db_handle.h"
#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the organisation at `path` (organisations[i] in a bundle) and, while the Rec is
 * writable and its claim allows, inserts or updates it by its id. `index` is its position in its
 * list. */
void organisation_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* The organisation of the project with this code; 0 if none. */
int64_t organisation_find(Db *db, int64_t project_id, const char *code);

#endif
