/* db.h — the one SQLite connection of a command run, as the core uses it: prepared
 * statements, transactions, the statement cache. Only src/core/ includes this; the layers
 * above the core see the connection through db_handle.h, which has no SQL. */
#ifndef INSATS_DB_H
#define INSATS_DB_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

struct Secret;

struct Db {
    sqlite3 *h;
    char *path;              /* as given by the user; used in messages */
    char *key_path;          /* the personnummer key file (outside the database) */
    struct Secret *secret;   /* loaded on first use by db_secret() */
    struct DbStmtCache *cache;
    uint64_t identity;       /* its index among the databases of this process; 0: none */
    int busy_ms;             /* the busy timeout, which also bounds the wait for write_lock */
    pthread_mutex_t *write_lock;   /* the process's lock of this database, while writing */
    bool generation_held;    /* db_generation_hold(): generation_memo is reused */
    uint64_t generation_memo;
    /* Who the connection's writes are made by (audit_set_actor() in audit.h), as the audit
     * triggers read it through the SQL function insats_actor() that db.c defines. */
    bool actor_set;
    Actor actor;
    char interface[8];       /* web, api, cli, system */
    int audit_bulk;          /* > 0: a bulk import records itself as one entry, not per row */
};

/* A prepared statement as stmt.h hands it out: the SQLite statement and its connection (for
 * messages). Cached ones (stmt_cached) are owned by the connection's cache. */
struct Stmt {
    sqlite3_stmt *st;
    Db *db;
    bool cached;
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

/* Transactions: the one way every write path begins, ends and abandons one.
 *
 * db_tx_begin: BEGIN IMMEDIATE, so that a write never fails half-way on a lock upgrade. While
 * another connection holds the write lock SQLite's busy handler waits (the busy timeout); when
 * SQLite still answers SQLITE_BUSY — after the timeout, or at once to break a deadlock or while
 * the WAL file is recovered — BEGIN is tried again, up to 5 times in all with a growing pause
 * (25 ms, 100 ms, 400 ms … ±50 %). INSATS_ESTORAGE with a message: a read-only database, a
 * database still busy after the retries, any other failure. Transactions do not nest (assert).
 *
 * db_tx_commit: COMMIT, tried again the same way while it is busy (the transaction stays open
 * while COMMIT answers SQLITE_BUSY); any other failure rolls back. INSATS_OK or INSATS_ESTORAGE
 * (message in errs); either way no transaction is open afterwards.
 *
 * db_tx_rollback: rolls back whatever is open, and is a no-op when nothing is (SQLite rolls
 * back by itself on some errors), so every error path may call it. */
int db_tx_begin(Db *db, Errs *errs);
int db_tx_commit(Db *db, Errs *errs);
void db_tx_rollback(Db *db);

/* The body of a transaction: returns INSATS_OK to commit, anything else to roll back. */
typedef int (*DbTxFn)(Db *db, void *ctx, Errs *errs);

/* Runs fn inside db_tx_begin() … db_tx_commit(), or db_tx_rollback() when fn fails. Returns
 * db_tx_begin()'s failure, fn's status, or db_tx_commit()'s. No transaction is open after it. */
int db_tx(Db *db, DbTxFn fn, void *ctx, Errs *errs);

/* A read transaction, so that several queries see one snapshot (an export while an import
 * writes). Returns true when one was begun here and must be ended with db_read_end(db, true);
 * false inside the caller's own transaction (which already is one snapshot) or when none could
 * be begun (each query then reads the latest data on its own). */
bool db_read_begin(Db *db);
void db_read_end(Db *db, bool began);

/* A number that grows whenever a change to the project's records is committed — by any
 * connection of this or another process: the audit trail's last id (audit.h), so that what
 * the trail leaves out (sessions, login throttles) moves nothing — and that differs between
 * two databases (schema 0009's identity is its high part). 0 inside a transaction or for a
 * database without an identity:
 * nothing computed there may be kept. Caches of computed figures and lists stamp what they
 * keep with it (dashboard.c, browse_cache.c) and keep it only while it is unchanged. Safe to
 * call from every thread, each with its own Db. */
uint64_t db_generation(Db *db);

/* Whether generation a is a later one of the same database than generation b. */
bool db_generation_newer(uint64_t a, uint64_t b);

/* SQLite's busy timeout for this connection (ms; 0: answer SQLITE_BUSY at once). The tests of
 * db_tx_begin()'s retries use it; every connection starts with 5000. */
void db_set_busy_timeout(Db *db, int ms);

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
