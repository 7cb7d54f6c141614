/* stmt.c — the statement wrapper of stmt.h over SQLite (stmt_cached() lives beside the cache in
 * db.c). */
#include "stmt.h"
#include "db.h"
#include "util.h"

#include <assert.h>
#include <stdlib.h>

Stmt *stmt_prepare(Db *db, const char *sql)
{
    Stmt *w = xcalloc(1, sizeof *w);
    w->st = db_prepare(db, sql);
    w->db = db;
    return w;
}

void stmt_bind_text(Stmt *st, int i, const char *s)
{
    db_bind_text_or_null(st->st, i, s);
}

void stmt_bind_int(Stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(st->st, i, v);
}

void stmt_bind_id(Stmt *st, int i, int64_t id)
{
    db_bind_id_or_null(st->st, i, id);
}

void stmt_bind_bool(Stmt *st, int i, bool v)
{
    sqlite3_bind_int(st->st, i, v ? 1 : 0);
}

void stmt_bind_null(Stmt *st, int i)
{
    sqlite3_bind_null(st->st, i);
}

void stmt_bind_blob(Stmt *st, int i, const void *data, size_t len)
{
    assert(len <= (size_t)INT32_MAX);
    sqlite3_bind_blob(st->st, i, data, (int)len, SQLITE_TRANSIENT);
}

StmtResult stmt_step(Stmt *st)
{
    switch (sqlite3_step(st->st) & 0xff) {
    case SQLITE_ROW:
        return STMT_ROW;
    case SQLITE_DONE:
        return STMT_DONE;
    case SQLITE_CONSTRAINT:
        return STMT_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STMT_BUSY;
    default:
        return STMT_ERROR;
    }
}

int stmt_exec(Stmt *st, Errs *errs, const char *what)
{
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r != STMT_DONE) {
        stmt_fail(st, errs, what);
        rc = r == STMT_CONSTRAINT ? INSATS_EINPUT : INSATS_ESTORAGE;
    }
    sqlite3_reset(st->st);
    return rc;
}

bool stmt_is_null(Stmt *st, int col)
{
    return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t stmt_int(Stmt *st, int col)
{
    return sqlite3_column_int64(st->st, col);
}

const char *stmt_text(Stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->st, col);
}

const void *stmt_blob(Stmt *st, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(st->st, col);
    *len = (size_t)sqlite3_column_bytes(st->st, col);
    return p;
}

int stmt_columns(Stmt *st)
{
    return sqlite3_column_count(st->st);
}

int64_t stmt_last_id(Stmt *st)
{
    return sqlite3_last_insert_rowid(st->db->h);
}

int64_t stmt_changes(Stmt *st)
{
    return sqlite3_changes64(st->db->h);
}

int stmt_fail(Stmt *st, Errs *errs, const char *what)
{
    return db_fail(st->db, errs, what);
}

const char *stmt_errmsg(Stmt *st)
{
    return sqlite3_errmsg(st->db->h);
}

void stmt_done(Stmt *st)
{
    if (st)
        sqlite3_reset(st->st);
}

void stmt_free(Stmt *st)
{
    if (!st)
        return;
    assert(!st->cached && "a cached statement belongs to its connection");
    sqlite3_finalize(st->st);
    free(st);
}
