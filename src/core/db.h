/* db.h — the one SQLite connection of a command run: opening with the safety settings,
 * prepared statements, transactions. Only src/core/ includes this; nothing above the core
 * library sees SQL. */
#ifndef INSATS_DB_H
#define INSATS_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct Secret;

typedef struct Db {
    sqlite3 *h;
    char *path;              /* as given by the user; used in messages */
    char *key_path;          /* the personnummer key file (outside the database) */
    struct Secret *secret;   /* loaded on first use by db_secret() */
    struct DbStmtCache *cache;
    int tx_depth;            /* 1 while a db_begin() transaction is open */
} Db;

enum {
    DB_OPEN_EXISTING = 0,    /* fail if the file is missing */
    DB_OPEN_CREATE = 1,      /* create the file (and the key file) when missing */
};

/* Opens (or creates) the database at path, applies the connection settings (WAL,
 * synchronous=FULL, foreign_keys=ON, busy timeout, trusted_schema=OFF, defensive) and
 * migrates the schema forward. key_path NULL means "<path>.key". A database it creates is
 * readable by its owner only (0600, and so are its -wal and -shm files), and is removed again
 * if the open fails. A database whose file or directory this process may not write is opened
 * read-only (immutable when no -wal file holds pending changes; with pending changes only if
 * their writer's -shm file is there to read them through): reading commands work on it,
 * writes fail with a message saying so. On failure returns INSATS_ESTORAGE with a message in
 * errs and *out = NULL. Caller closes with db_close(). */
int db_open(const char *path, const char *key_path, int mode, Db **out, Errs *errs);
void db_close(Db *db);

/* The key file of the database at db_path: key_path, or "<db_path>.key" when it is NULL.
 * Caller frees. */
char *db_key_path(const char *db_path, const char *key_path);

/* True when path is an empty regular file with nothing pending in a -wal file beside it: a
 * database that an interrupted `init` created and never wrote, which may be made anew. */
bool db_never_written(const char *path);

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

/* Runs PRAGMA integrity_check and foreign_key_check. Returns INSATS_OK when both are clean,
 * else INSATS_ESTORAGE with each problem in errs. */
int db_verify(Db *db, Errs *errs);

/* Adds a message for the database file and the key file if group or other users may access
 * it (a database made by an older insats was 0644), saying how to make it private; returns how
 * many. For `insats check`. */
size_t db_check_private(const Db *db, Errs *errs);

/* Reads back a connection setting ("journal_mode", "synchronous", "foreign_keys",
 * "busy_timeout", "trusted_schema", "defensive") as text into out. For `insats check`
 * and the tests that prove the settings hold. */
int db_setting(Db *db, const char *name, char *out, size_t outlen);

/* The personnummer key, loaded from key_path on first use. NULL with a message in errs when
 * the key file is missing or unreadable. Owned by db. */
struct Secret *db_secret(Db *db, Errs *errs);

#endif
