/* survey.h — surveys with their questions, responses and answers. */
#ifndef INSATS_SURVEY_H
#define INSATS_SURVEY_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the survey at `path` (surveys[i]) and, while the Rec is writable and its claim allows,
 * inserts or updates it by its id; its questions and responses are inserted or updated by id, a
 * response's answers replace the stored ones. `index` is its position in its list. */
void survey_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
