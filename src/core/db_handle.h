/* db_handle.h — the database as the layers above the core see it: an opaque handle that is
 * opened, checked and closed. No SQL and no SQLite type here; the statements live behind
 * db.h, which only src/core/ includes. */
#ifndef INSATS_DB_HANDLE_H
#define INSATS_DB_HANDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

typedef struct Db Db;

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

/* The database's path as the user gave it, and its key file: for messages. Owned by db. */
const char *db_path(const Db *db);
const char *db_key_file(const Db *db);

/* The key file of the database at db_path: key_path, or "<db_path>.key" when it is NULL.
 * Caller frees. */
char *db_key_path(const char *db_path, const char *key_path);

/* True when path is an empty regular file with nothing pending in a -wal file beside it: a
 * database that an interrupted `init` created and never wrote, which may be made anew. */
bool db_never_written(const char *path);

/* True while a transaction is open on the connection. Nothing may leave one open: a server
 * asserts this after each request, the tests after each failed write. */
bool db_in_transaction(const Db *db);

/* A server answering one request asks whether anything changed once, not at every list it
 * reads: between db_generation_hold() and db_generation_release() the connection's first
 * reading of its generation (db.h) is reused, until it commits a write itself. A change
 * another connection commits meanwhile is seen by the next request; what this one reads and
 * caches under the older stamp is only ever newer than the stamp, never older. */
void db_generation_hold(Db *db);
void db_generation_release(Db *db);

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

#endif
