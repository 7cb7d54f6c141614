/* model.h — small lookups and per-row writes shared by the importers (bundle, CSV). Each uses
 * a cached statement, so calling them once per row is cheap. */
#ifndef INSATS_MODEL_H
#define INSATS_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"
#include "util.h"

/* The organisation of the project with this code; 0 if none. */
int64_t organisation_find(Db *db, int64_t project_id, const char *code);

/* The project's activity with this code; 0 if none. */
int64_t activity_find(Db *db, int64_t project_id, const char *code);

/* The session `session_code` of the project's activity `activity_code`; 0 if none. */
int64_t activity_session_find(Db *db, int64_t project_id, const char *activity_code,
                              const char *session_code);

/* Records a person's attendance at a session (insert or overwrite). Returns INSATS_OK,
 * INSATS_EINPUT when the database rejects the row (unknown session or person, a frozen
 * period), or INSATS_ESTORAGE; for both, why the row failed is appended to *why, for the
 * caller to put behind the row's file and line or JSON path. Nothing is formatted for a row
 * that succeeds: an import writes a million of them. */
int attendance_set(Db *db, int64_t session_id, int64_t person_id, bool present, Buf *why);

/* Maps a failed step's SQLite result to a status: constraint failures are bad input
 * (INSATS_EINPUT), anything else is storage trouble (INSATS_ESTORAGE). */
int model_step_status(int sqlite_rc);

/* Writes why the database just refused a row, for a user: a frozen reporting period is
 * explained with what to do (freeze_explain); any other constraint gives SQLite's words.
 * Call right after the failed step, before the statement is reset. */
void model_rejection(Db *db, Buf *out);

#endif
