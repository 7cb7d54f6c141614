/* db.h — the one SQLite connection of a command run, as the core uses it: prepared
 * statements, transactions, the statement cache. Only src/core/ includes this; the layers
 * above the core see the connection through db_handle.h, which has no SQL. */
#ifndef INSATS_DB_H
#define INSATS_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

struct Secret;

struct Db {
    sqlite3 *h;
    char *path;              /* as given by the user; used in messages */
    char *key_path;          /* the personnummer key file (outside the database) */
    struct Secret *secret;   /* loaded on first use by db_secret() */
    struct DbStmtCache *cache;
    int tx_depth;            /* 1 while a db_begin() transaction is open */
};

/* Opens with the schema migrated only up to `version` (tests of migration use it). */
int db_open_at_version(const char *path, int version, Db **out, Errs *errs);

/* Prepares sql; a statement that does not compile is a bug and aborts with the message.
 * Caller finalizes. */
sqlite3_stmt *db_prepare(Db *db, const char *sql);

/* Returns a cached, reset statement for a SQL string literal: keyed by the pointer, so pass
 * the same literal (a `static const char` or a string in one place). Owned by db: do not
 * finalize. Bindings are cleared. For queries run many times (imports). */
sqlite3_stmt *db_stmt(Db *db, const char *sql);

/* Transactions. db_begin uses BEGIN IMMEDIATE so that a write never fails half-way on a
 * lock upgrade. Return INSATS_OK or INSATS_ESTORAGE (message in errs). */
int db_begin(Db *db, Errs *errs);
int db_commit(Db *db, Errs *errs);
void db_rollback(Db *db);

/* Adds "<what>: <sqlite message>" to errs and returns INSATS_ESTORAGE; for unexpected step
 * results. Constraint failures get a clearer message from the model function that knows the
 * field; this is the fallback. */
int db_fail(Db *db, Errs *errs, const char *what);

/* Step a statement that returns no rows; true on SQLITE_DONE. */
bool db_step_done(sqlite3_stmt *st);

/* Binds text or NULL (for an absent optional field). */
void db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* Binds an id or NULL when id <= 0. */
void db_bind_id_or_null(sqlite3_stmt *st, int i, int64_t id);
/* Column text as a C string or NULL; valid until the next step/reset. */
const char *db_col_text(sqlite3_stmt *st, int i);

/* Sets the page cache (PRAGMA cache_size: pages, or KiB when negative) and returns the
 * previous setting, to be restored after a large write. A transaction of a million rows that
 * spills out of the default 2 MB cache re-reads its own pages from disk. */
int64_t db_set_cache(Db *db, int64_t cache_size);

/* The personnummer key, loaded from key_path on first use. NULL with a message in errs when
 * the key file is missing or unreadable. Owned by db. */
struct Secret *db_secret(Db *db, Errs *errs);

#endif
