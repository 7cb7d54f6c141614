/* model.h — how a write the database refused is told to the user, shared by the area modules
 * and the importers. */
#ifndef INSATS_MODEL_H
#define INSATS_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"
#include "util.h"

/* Maps a failed step's SQLite result to a status: constraint failures are bad input
 * (INSATS_EINPUT), anything else is storage trouble (INSATS_ESTORAGE). */
int model_step_status(int sqlite_rc);

/* Writes why the database just refused a row, for a user: a frozen reporting period is
 * explained with what to do (freeze_explain); any other constraint gives SQLite's words.
 * Call right after the failed step, before the statement is reset. */
void model_rejection(Db *db, Buf *out);

#endif
