/* survey.h — surveys with their questions, responses and answers. */
#ifndef INSATS_SURVEY_H
#define INSATS_SURVEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the survey at `path` (surveys[i]) and, while the Rec is writable and its claim allows,
 * inserts or updates it by its id; its questions and responses are inserted or updated by id, a
 * response's answers replace the stored ones. `index` is its position in its list. */
void survey_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* ---- the anonymity rule -----------------------------------------------------------------
 *
 * Whoever also sees the attendance must not be able to tell who gave an answer. So an answer's
 * organisation and gender are kept only where at least SURVEY_CROWD_MIN people marked present
 * at the survey's activity share them: the pair when that many share both, else the
 * organisation alone when that many share it, else the gender alone, else neither — the rest is
 * stored as not given. A survey of the whole project (no activity) has no attendance that names
 * its respondents, and keeps what is given. Applied to every answer stored: through the answer
 * link, a bundle import (so the demo data), record_save(). */
#define SURVEY_CROWD_MIN 5

typedef struct SurveyCrowdCell {
    int64_t organisation_id;   /* 0: people without one */
    char gender[8];
    int64_t people;
} SurveyCrowdCell;

typedef struct SurveyCrowd {
    bool applies;              /* the survey has an activity */
    SurveyCrowdCell *cells;    /* owned */
    size_t n;
} SurveyCrowd;

/* Counts the present participants of the survey's activity by organisation and gender, in one
 * query. INSATS_OK, or INSATS_ESTORAGE with a message (then *c keeps nothing). Free with
 * survey_crowd_free(); a zeroed SurveyCrowd keeps everything. */
int survey_crowd_load(Db *db, int64_t survey_id, SurveyCrowd *c, Errs *errs);
/* Applies the rule to an answer's organisation (row id, 0: none) and gender (NULL: none). */
void survey_crowd_keep(const SurveyCrowd *c, int64_t *org, const char **gender);
void survey_crowd_free(SurveyCrowd *c);
/* Applies the rule to every answer already stored — those of a database from before the rule;
 * the schema migration survey_answers_anonymous runs it (migrate.c) — inside the caller's
 * transaction. No audit entry per answer, since the trail must not keep what the rule takes
 * away, but one for all of them (kind "response", action "update", {"rewritten": n}) when any
 * changed. *changed: the answers rewritten. INSATS_OK or INSATS_ESTORAGE. */
int survey_crowd_rewrite(Db *db, int64_t *changed, Errs *errs);

#endif
