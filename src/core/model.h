/* model.h — small lookups and per-row writes shared by the importers (bundle, CSV). Each uses
 * a cached statement, so calling them once per row is cheap. */
#ifndef INSATS_MODEL_H
#define INSATS_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "err.h"

/* The organisation of the project with this code; 0 if none. */
int64_t organisation_find(Db *db, int64_t project_id, const char *code);

/* The session `session_code` of the project's activity `activity_code`; 0 if none. */
int64_t activity_session_find(Db *db, int64_t project_id, const char *activity_code,
                              const char *session_code);

/* Records a person's attendance at a session (insert or overwrite). Returns INSATS_OK,
 * INSATS_EINPUT when the database rejects the row (unknown session or person), or
 * INSATS_ESTORAGE; a message is in errs for both failures. */
int attendance_set(Db *db, int64_t session_id, int64_t person_id, bool present, Errs *errs);

/* Maps a failed step's SQLite result to a status: constraint failures are bad input
 * (INSATS_EINPUT), anything else is storage trouble (INSATS_ESTORAGE). */
int model_step_status(int sqlite_rc);

#endif
