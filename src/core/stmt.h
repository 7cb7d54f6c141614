/* stmt.h — a prepared statement as new core code uses it: typed binds, a step that says row,
 * done or failed, typed columns. No SQLite type or constant appears here, so a second database
 * engine would change stmt.c and db.c, not every module. Core-internal: only src/core/
 * includes it (tests/e2e/layers.sh checks).
 *
 *     Stmt *st = stmt_cached(db, Q_PERSON_BY_CODE);
 *     stmt_bind_int(st, 1, project_id);
 *     stmt_bind_text(st, 2, code);
 *     StmtResult r = stmt_step(st);
 *     if (r == STMT_ROW)
 *         name = xstrdup(stmt_text(st, 0));
 *     else if (r != STMT_DONE)
 *         rc = stmt_fail(st, errs, "cannot read the people");
 *     stmt_done(st);
 *
 * Parameters are numbered from 1 (?1, ?2 …) and columns from 0, as in the SQL. */
#ifndef INSATS_STMT_H
#define INSATS_STMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

typedef struct Stmt Stmt;

typedef enum StmtResult {
    STMT_ROW,          /* a row is ready for the column accessors */
    STMT_DONE,         /* no (more) rows; a write has been made */
    STMT_CONSTRAINT,   /* a constraint (UNIQUE, CHECK, FOREIGN KEY, a trigger's refusal) */
    STMT_BUSY,         /* the database stayed locked */
    STMT_ERROR,        /* anything else: stmt_fail() says what */
} StmtResult;

/* A statement for a SQL string literal, cached by the literal's address (pass the same
 * `static const char` each time), reset and with its bindings cleared. Owned by db: end its
 * use with stmt_done(), never free it. SQL that does not compile is a bug and aborts. */
Stmt *stmt_cached(Db *db, const char *sql);

/* A statement of its own, for SQL built at run time or run once. Caller stmt_free()s. */
Stmt *stmt_prepare(Db *db, const char *sql);

/* Binds. Text is copied; stmt_bind_text binds NULL for a NULL string (an absent optional
 * field), stmt_bind_id binds NULL for an id <= 0 (an optional reference). */
void stmt_bind_text(Stmt *st, int i, const char *s);
void stmt_bind_int(Stmt *st, int i, int64_t v);
void stmt_bind_id(Stmt *st, int i, int64_t id);
void stmt_bind_bool(Stmt *st, int i, bool v);
void stmt_bind_null(Stmt *st, int i);
void stmt_bind_blob(Stmt *st, int i, const void *data, size_t len);

/* Runs the statement to its next row. */
StmtResult stmt_step(Stmt *st);

/* Runs a statement that returns no rows: INSATS_OK when it is done; otherwise the message
 * "<db>: <what>: <reason>" in errs and INSATS_EINPUT for a constraint, INSATS_ESTORAGE else.
 * Resets it either way. */
int stmt_exec(Stmt *st, Errs *errs, const char *what);

/* Columns of the current row. stmt_text is NULL for SQL NULL and valid until the next step or
 * reset; stmt_int is 0 for NULL; stmt_blob gives its length in *len. */
bool stmt_is_null(Stmt *st, int col);
int64_t stmt_int(Stmt *st, int col);
const char *stmt_text(Stmt *st, int col);
const void *stmt_blob(Stmt *st, int col, size_t *len);
int stmt_columns(Stmt *st);

/* The row id of the last INSERT on this statement's connection, and the rows the last write
 * changed. */
int64_t stmt_last_id(Stmt *st);
int64_t stmt_changes(Stmt *st);

/* Adds "<db>: <what>: <the database's message>" to errs; returns INSATS_ESTORAGE. */
int stmt_fail(Stmt *st, Errs *errs, const char *what);

/* The database's own message for the last failure (a trigger's RAISE text, for one). Valid
 * until the next call on the connection. */
const char *stmt_errmsg(Stmt *st);

/* Ends one use of a statement: resets it (a cached one is ready for the next stmt_cached).
 * NULL is a no-op. */
void stmt_done(Stmt *st);

/* Frees a statement of stmt_prepare(). NULL is a no-op. */
void stmt_free(Stmt *st);

#endif
