/* db.c — connection settings, statement helpers and transactions (see db.h). */
#include "db.h"
#include "i18n.h"
#include "migrate.h"
#include "secret.h"
#include "stmt.h"
#include "svsort.h"
#include "util.h"

#include <sodium.h>


#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

/* Statements cached by the address of their SQL literal: a tiny open-addressing table. Each
 * entry is allocated once, so that the Stmt handed out by stmt_cached() stays put when the
 * table grows. */
typedef struct DbStmtCache {
    const char **keys;
    Stmt **items;
    size_t cap;
    size_t count;
} DbStmtCache;

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int apply_settings(Db *db, Errs *errs)
{
    static const char *const pragmas[] = {
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA trusted_schema = OFF",
    };
    int on = 1;
    /* Defensive mode: no writes to the schema table or other ways to corrupt the file by SQL. */
    if (sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) != SQLITE_OK ||
        sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS) != SQLITE_OK)
        return db_fail(db, errs, "cannot configure the database connection");
    db->busy_ms = BUSY_TIMEOUT_MS;
    /* A write-protected file opens read-only: it can be read (an auditor's copy), but not
     * switched to WAL — it already is, having been made by insats. */
    bool read_only = sqlite3_db_readonly(db->h, "main") == 1;
    for (size_t i = 0; i < sizeof pragmas / sizeof *pragmas; i++) {
        if (read_only && i == 0)
            continue;
        sqlite3_stmt *st = NULL;
        /* PRAGMAs that return a row (journal_mode) need a step, so no sqlite3_exec shortcut. */
        if (sqlite3_prepare_v2(db->h, pragmas[i], -1, &st, NULL) != SQLITE_OK) {
            sqlite3_finalize(st);
            return db_fail(db, errs, "cannot configure the database connection");
        }
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return db_fail(db, errs, "cannot configure the database connection");
    }
    return INSATS_OK;
}

/* True when a file exists at path and is not empty. */
static bool file_has_content(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 0;
}

/* True when this process may not write the database file or the directory it is in. SQLite
 * needs the directory too: a WAL database cannot be opened as usual unless its -wal and -shm
 * files can be created beside it. */
static bool read_only_here(const char *path)
{
    if (access(path, W_OK) != 0)
        return true;
    char *d = xstrdup(path);
    bool dir_ro = access(dirname(d), W_OK) != 0;
    free(d);
    return dir_ro;
}

/* True when the -wal file beside the database holds changes not yet in the database file. */
static bool wal_pending(const char *path)
{
    char *wal = xasprintf("%s-wal", path);
    bool pending = file_has_content(wal);
    free(wal);
    return pending;
}

/* True when the -shm file of a WAL database exists beside it. */
static bool has_shm(const char *path)
{
    char *shm = xasprintf("%s-shm", path);
    bool there = file_exists(shm);
    free(shm);
    return there;
}

/* "file:<path>?immutable=1", with the characters a URI gives meaning to percent-encoded.
 * Caller frees. */
static char *immutable_uri(const char *path)
{
    Buf b = {0};
    buf_puts(&b, "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '?' || *p == '#' || *p == '%')
            buf_printf(&b, "%%%02X", (unsigned char)*p);
        else
            buf_putc(&b, *p);
    }
    buf_puts(&b, "?immutable=1");
    return buf_steal(&b);
}

/* Process-wide SQLite settings, made before the library initialises itself on the first
 * open. Memory statistics take a global mutex on every allocation; insats never reads them,
 * and a million-row import makes tens of millions of allocations. */
static void db_configure_library(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Creates the empty database file, readable by its owner only whatever the umask, before
 * SQLite opens it: SQLite would make it 0644 less the umask, and it gives the -wal and -shm
 * files the database file's mode. */
static int create_private(const char *path, Errs *errs)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || fchmod(fd, 0600) != 0) {
        errs_add(errs, "%s: cannot create the database: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        return INSATS_ESTORAGE;
    }
    close(fd);
    return INSATS_OK;
}

/* Removes a database this run created and could not finish, with what SQLite made beside
 * it, so that a failed `init` leaves nothing that the next one would refuse. */
static void remove_created(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        char *p = xasprintf("%s%s", path, suffix[i]);
        unlink(p);
        free(p);
    }
}

bool db_never_written(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0 &&
           !wal_pending(path);
}

char *db_key_path(const char *db_path, const char *key_path)
{
    return key_path ? xstrdup(key_path) : xasprintf("%s.key", db_path);
}

/* The databases this process has opened, by their identity token (schema 0009): a database's
 * place in this list is the high part of its generations, so that no two share one. */
enum { DB_IDENTITY_MAX = 1 << 16, DB_IDENTITY_TOKEN = 16 };
static pthread_mutex_t db_identity_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char (*db_identity_tokens)[DB_IDENTITY_TOKEN];
static size_t db_identity_count;

/* The index of the database's token in the list (from 1), added when new; 0 when it has
 * none (a database at an older schema version, in the tests of migration) or the list is
 * full — then nothing is cached for it. */
static uint64_t db_identity_index(Db *db)
{
    if (db->identity)
        return db->identity;
    /* Not db_prepare(): before migration 0009 (while migrating, or in the tests of migration)
     * the table is not there, and that is no error. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "SELECT token FROM database_identity WHERE id = 1", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == DB_IDENTITY_TOKEN) {
        const void *token = sqlite3_column_blob(st, 0);
        pthread_mutex_lock(&db_identity_lock);
        size_t i = 0;
        while (i < db_identity_count && memcmp(db_identity_tokens[i], token, DB_IDENTITY_TOKEN))
            i++;
        if (i == db_identity_count && i + 1 < DB_IDENTITY_MAX) {
            if (!db_identity_tokens)
                db_identity_tokens = xcalloc(DB_IDENTITY_MAX, sizeof *db_identity_tokens);
            memcpy(db_identity_tokens[db_identity_count++], token, DB_IDENTITY_TOKEN);
        }
        if (i < db_identity_count)
            db->identity = i + 1;
        pthread_mutex_unlock(&db_identity_lock);
    }
    sqlite3_finalize(st);
    return db->identity;
}

/* The audit trail has an entry for every committed change to the project's records, from
 * every connection and every process (audit.h; test_audit.c checks that every table is in it),
 * and nothing else adds to it: so its last id moves exactly when a figure may have changed —
 * and not when a session's last_seen, a login throttle or a token's last use is written, which
 * the trail leaves out. Inside a transaction the last id may be a row that is rolled back and
 * then reused, so there is no stamp then. */
static const char Q_GENERATION[] = "SELECT coalesce(max(id), 0) + 1 FROM audit_log";

uint64_t db_generation(Db *db)
{
    if (db_in_transaction(db))
        return 0;
    if (db->generation_held && db->generation_memo)
        return db->generation_memo;
    uint64_t identity = db_identity_index(db);
    if (!identity)
        return 0;
    sqlite3_stmt *st = db_stmt(db, Q_GENERATION);
    uint64_t last = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        last = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!last || last >= (UINT64_C(1) << 48))
        return 0;
    uint64_t g = identity << 48 | last;
    if (db->generation_held)
        db->generation_memo = g;
    return g;
}

void db_generation_hold(Db *db)
{
    db->generation_held = true;
    db->generation_memo = 0;
}

void db_generation_release(Db *db)
{
    db->generation_held = false;
    db->generation_memo = 0;
}

bool db_generation_newer(uint64_t a, uint64_t b)
{
    return a >> 48 == b >> 48 && a > b;
}

/* The collation "sv" and the function sv_fold() of svsort.h, for the list queries. */
static int db_collate_sv(void *ctx, int alen, const void *a, int blen, const void *b)
{
    (void)ctx;
    return svsort_compare(a, (size_t)alen, b, (size_t)blen);
}

static void db_fn_sv_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(cx);
        return;
    }
    const unsigned char *s = sqlite3_value_text(argv[0]);
    size_t len = 0;
    char *folded = svsort_fold((const char *)s, (size_t)sqlite3_value_bytes(argv[0]), &len);
    sqlite3_result_text(cx, folded, (int)len, free);
}

static int db_register_sv(Db *db, Errs *errs)
{
    if (sqlite3_create_collation(db->h, "sv", SQLITE_UTF8, NULL, db_collate_sv) != SQLITE_OK ||
        sqlite3_create_function(db->h, "sv_fold", 1,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                db_fn_sv_fold, NULL, NULL) != SQLITE_OK)
        return db_fail(db, errs, "cannot register the Swedish collation");
    return INSATS_OK;
}

/* insats_actor(field): who the connection acts for, for the audit triggers — 'user' (the
 * account's id, NULL for the command line), 'login', 'name', 'interface'. NULL for every field
 * while no actor is set, which the audit_log's CHECK insats_audit_actor refuses: a write
 * nobody answers for is not made. */
static void db_sql_actor(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const Db *db = sqlite3_user_data(cx);
    const char *field = (const char *)sqlite3_value_text(argv[0]);
    if (!db->actor_set || !field) {
        sqlite3_result_null(cx);
    } else if (strcmp(field, "user") == 0) {
        if (db->actor.user_id > 0)
            sqlite3_result_int64(cx, db->actor.user_id);
        else
            sqlite3_result_null(cx);
    } else if (strcmp(field, "login") == 0) {
        sqlite3_result_text(cx, db->actor.login, -1, SQLITE_TRANSIENT);
    } else if (strcmp(field, "name") == 0) {
        sqlite3_result_text(cx, db->actor.name, -1, SQLITE_TRANSIENT);
    } else if (strcmp(field, "interface") == 0) {
        sqlite3_result_text(cx, db->interface, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_null(cx);
    }
}

/* insats_audit_rows(): 1 while the triggers write an entry per row, 0 during a bulk import. */
static void db_sql_audit_rows(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const Db *db = sqlite3_user_data(cx);
    sqlite3_result_int(cx, db->audit_bulk == 0);
}

/* Appends s as a JSON string: quotes, backslashes and control characters escaped, the rest
 * (UTF-8 included) as it is. */
static void db_json_string(Buf *b, const unsigned char *s, int n)
{
    buf_putc(b, '"');
    for (int i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

/* insats_json_object(key, value, …): a JSON object of the pairs, as json_object() makes it.
 * SQLite's own json_object() may not be called from a trigger while trusted_schema is OFF
 * (SQLite 3.40 does not mark it innocuous), so the audit triggers call this one. Integers and
 * reals as numbers, text as strings, NULL as null; a blob is never written (null). */
static void db_sql_json_object(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    if (argc % 2 != 0) {
        sqlite3_result_error(cx, "insats_json_object() takes pairs of key and value", -1);
        return;
    }
    Buf b = {0};
    buf_putc(&b, '{');
    for (int i = 0; i < argc; i += 2) {
        if (i)
            buf_putc(&b, ',');
        const unsigned char *k = sqlite3_value_text(argv[i]);
        db_json_string(&b, k ? k : (const unsigned char *)"", sqlite3_value_bytes(argv[i]));
        buf_putc(&b, ':');
        sqlite3_value *v = argv[i + 1];
        switch (sqlite3_value_type(v)) {
        case SQLITE_INTEGER:
            buf_printf(&b, "%lld", (long long)sqlite3_value_int64(v));
            break;
        case SQLITE_FLOAT:
            buf_printf(&b, "%.17g", sqlite3_value_double(v));
            break;
        case SQLITE_TEXT:
            db_json_string(&b, sqlite3_value_text(v), sqlite3_value_bytes(v));
            break;
        default:
            buf_puts(&b, "null");
            break;
        }
    }
    buf_putc(&b, '}');
    sqlite3_result_text(cx, b.data, (int)b.len, free);
}

/* The functions the audit triggers call. The connection runs with trusted_schema=OFF, under
 * which a trigger may call only functions marked SQLITE_INNOCUOUS: these read the connection's
 * own state or their arguments and change nothing. */
static int db_define_functions(Db *db, Errs *errs)
{
    if (sqlite3_create_function_v2(db->h, "insats_actor", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, db,
                                   db_sql_actor, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db->h, "insats_audit_rows", 0,
                                   SQLITE_UTF8 | SQLITE_INNOCUOUS, db, db_sql_audit_rows,
                                   NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db->h, "insats_json_object", -1,
                                   SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC, NULL,
                                   db_sql_json_object, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, errs, "cannot configure the database connection");
    return INSATS_OK;
}

static int open_common(const char *path, const char *key_path, int mode, int version,
                       Db **out, Errs *errs)
{
    *out = NULL;
    db_configure_library();
    bool existed = file_exists(path);
    if (!existed && mode != DB_OPEN_CREATE) {
        errs_add(errs, "%s: no such database (create one with `insats init` or `insats demo`, "
                 "or choose another with --db)", path);
        return INSATS_ESTORAGE;
    }
    /* created: this run made the file, and removes it again if it cannot finish the job. */
    bool created = false, key_created = false;
    if (!existed) {
        int rc = create_private(path, errs);
        if (rc != INSATS_OK)
            return rc;
        created = true;
    }
    /* A file left empty by an interrupted `init` is a new database still. */
    bool fresh = created || db_never_written(path);
    Db *db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    db->key_path = db_key_path(path, key_path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    char *uri = NULL;
    if (!created && read_only_here(path)) {
        /* SQLite cannot read a WAL database unless it may create the -shm file beside it. A
         * file or directory this process may not write, with nothing pending in a -wal file,
         * cannot change under us by our hand, so it is read as immutable; with changes
         * pending, SQLite can still read it through the -shm file its writer left, if any. */
        if (!wal_pending(path)) {
            uri = immutable_uri(path);
        } else if (!has_shm(path)) {
            errs_add(errs, "%s: changes are waiting in %s-wal, and they cannot be read without "
                     "a -shm file, which cannot be made here (the file or its directory is "
                     "write-protected); run any insats command on it once where it may be "
                     "written, or ask its owner to", path, path);
            db_close(db);
            return INSATS_ESTORAGE;
        }
        flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0);
    }
    int rc = INSATS_OK;
    int open_rc = sqlite3_open_v2(uri ? uri : path, &db->h, flags, NULL);
    free(uri);
    if (open_rc != SQLITE_OK) {
        errs_add(errs, "%s: cannot open the database: %s", path,
                 db->h ? sqlite3_errmsg(db->h) : "out of memory");
        rc = INSATS_ESTORAGE;
        goto fail;
    }
    sqlite3_extended_result_codes(db->h, 1);
    rc = apply_settings(db, errs);
    if (rc == INSATS_OK)
        rc = db_register_sv(db, errs);
    if (rc == INSATS_OK)
        rc = db_define_functions(db, errs);
    if (rc == INSATS_OK)
        rc = migrate_apply(db, version, errs);
    if (rc != INSATS_OK)
        goto fail;
    /* A new database gets its personnummer key at once, so that it exists before the first
     * person does; an existing key is never replaced. */
    if (fresh && !file_exists(db->key_path)) {
        const char *why = NULL;
        if (secret_create(db->key_path, &why) != 0) {
            errs_add(errs, "%s: cannot create the personnummer key: %s", db->key_path, why);
            rc = INSATS_ESTORAGE;
            goto fail;
        }
        key_created = true;
        /* Loading it records its fingerprint in the new database (one made at an older schema
         * version, for the tests of migration, has nowhere to keep it yet). */
        if (version == migrate_latest() && !db_secret(db, errs)) {
            rc = INSATS_ESTORAGE;
            goto fail;
        }
    }
    *out = db;
    return INSATS_OK;
fail:
    /* A key made in this call sealed nothing yet: it goes with the database it was made for. */
    if (key_created)
        unlink(db->key_path);
    db_close(db);
    if (created) {
        remove_created(path);
        errs_add(errs, "%s: the new database could not be made, and nothing of it was left "
                 "behind; put right what the message above says (is the disk full?) and run "
                 "the command again", path);
    }
    return rc;
}

int db_open(const char *path, const char *key_path, int mode, Db **out, Errs *errs)
{
    return open_common(path, key_path, mode, migrate_latest(), out, errs);
}

int db_open_at_version(const char *path, int version, Db **out, Errs *errs)
{
    return open_common(path, NULL, DB_OPEN_CREATE, version, out, errs);
}

void db_close(Db *db)
{
    if (!db)
        return;
    /* Never leave a transaction behind: what was not committed is not kept. */
    if (db->h)
        db_tx_rollback(db);
    if (db->cache) {
        for (size_t i = 0; i < db->cache->cap; i++) {
            if (!db->cache->items[i])
                continue;
            sqlite3_finalize(db->cache->items[i]->st);
            free(db->cache->items[i]);
        }
        free(db->cache->keys);
        free(db->cache->items);
        free(db->cache);
    }
    sqlite3_close_v2(db->h);
    if (db->secret)
        secret_free(db->secret);
    free(db->path);
    free(db->key_path);
    free(db);
}

sqlite3_stmt *db_prepare(Db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "insats: internal error: bad SQL (%s): %s\n", sqlite3_errmsg(db->h), sql);
        abort();
    }
    return st;
}

static size_t ptr_slot(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(x >> 7) & (cap - 1);
}

static void cache_grow(DbStmtCache *c)
{
    DbStmtCache n = {0};
    n.cap = c->cap ? c->cap * 2 : 64;
    n.keys = xcalloc(n.cap, sizeof *n.keys);
    n.items = xcalloc(n.cap, sizeof *n.items);
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->keys[i])
            continue;
        size_t j = ptr_slot(c->keys[i], n.cap);
        while (n.keys[j])
            j = (j + 1) & (n.cap - 1);
        n.keys[j] = c->keys[i];
        n.items[j] = c->items[i];
        n.count++;
    }
    free(c->keys);
    free(c->items);
    *c = n;
}

Stmt *stmt_cached(Db *db, const char *sql)
{
    if (!db->cache)
        db->cache = xcalloc(1, sizeof *db->cache);
    DbStmtCache *c = db->cache;
    if ((c->count + 1) * 2 > c->cap)
        cache_grow(c);
    size_t j = ptr_slot(sql, c->cap);
    while (c->keys[j]) {
        if (c->keys[j] == sql) {
            sqlite3_reset(c->items[j]->st);
            sqlite3_clear_bindings(c->items[j]->st);
            return c->items[j];
        }
        j = (j + 1) & (c->cap - 1);
    }
    Stmt *w = xcalloc(1, sizeof *w);
    w->st = db_prepare(db, sql);
    w->db = db;
    w->cached = true;
    c->keys[j] = sql;
    c->items[j] = w;
    c->count++;
    return w;
}

sqlite3_stmt *db_stmt(Db *db, const char *sql)
{
    return stmt_cached(db, sql)->st;
}

/* How often a transaction's BEGIN or COMMIT is tried when the database stays busy, and the
 * first pause between tries (each next one four times longer, with jitter so that two waiting
 * writers do not wake in step). Beside SQLite's own busy timeout, which waits inside each try,
 * these cover the cases where SQLite answers SQLITE_BUSY at once: to break a deadlock, while
 * another connection recovers the WAL file, or a snapshot that another writer made stale. */
#define DB_TX_ATTEMPTS 5
#define DB_TX_PAUSE_MS 25

/* Sleeps before try number `attempt` (1, 2, …): DB_TX_PAUSE_MS · 4^(attempt−1), ±50 %. */
static void db_tx_pause(int attempt)
{
    uint32_t ms = DB_TX_PAUSE_MS;
    for (int i = 1; i < attempt; i++)
        ms *= 4;
    ms = ms / 2 + randombytes_uniform(ms + 1);
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Steps a statement without rows (BEGIN, COMMIT), trying again while it answers SQLITE_BUSY.
 * Returns SQLite's last result code. */
static int db_tx_step(Db *db, const char *sql)
{
    int step = SQLITE_BUSY;
    for (int attempt = 0; attempt < DB_TX_ATTEMPTS; attempt++) {
        if (attempt > 0)
            db_tx_pause(attempt);
        sqlite3_stmt *st = db_stmt(db, sql);
        step = sqlite3_step(st);
        sqlite3_reset(st);
        if ((step & 0xff) != SQLITE_BUSY)
            break;
    }
    return step;
}

bool db_in_transaction(const Db *db)
{
    return db->h && sqlite3_get_autocommit(db->h) == 0;
}

void db_set_busy_timeout(Db *db, int ms)
{
    sqlite3_busy_timeout(db->h, ms);
    db->busy_ms = ms;
}

/* The writers of this process queue for their database on a lock of its own instead of in
 * SQLite's busy handler, which sleeps in steps of up to 100 ms whatever the wait: with many
 * writers at once (forty attendance saves) those sleeps, not the writes, were the time. A
 * database's lock is one of DB_WRITE_LOCKS, chosen by its identity (two databases may share
 * one: then one waits a little). The wait is bounded by the busy timeout; when it runs out
 * BEGIN IMMEDIATE is tried all the same and SQLite decides, as for a writer in another
 * process — so that two connections of one thread (the tests) can never deadlock here. */
enum { DB_WRITE_LOCKS = 16 };
static pthread_mutex_t db_write_locks[DB_WRITE_LOCKS];
static pthread_once_t db_write_locks_once = PTHREAD_ONCE_INIT;

static void db_write_locks_init(void)
{
    for (size_t i = 0; i < DB_WRITE_LOCKS; i++)
        pthread_mutex_init(&db_write_locks[i], NULL);
}

static void db_write_lock(Db *db)
{
    uint64_t identity = db_identity_index(db);
    if (!identity)
        return;
    pthread_once(&db_write_locks_once, db_write_locks_init);
    pthread_mutex_t *m = &db_write_locks[identity % DB_WRITE_LOCKS];
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += db->busy_ms / 1000;
    until.tv_nsec += (long)(db->busy_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    if (pthread_mutex_timedlock(m, &until) == 0)
        db->write_lock = m;
}

static void db_write_unlock(Db *db)
{
    if (db->write_lock) {
        pthread_mutex_unlock(db->write_lock);
        db->write_lock = NULL;
    }
}

static const char Q_BEGIN[] = "BEGIN IMMEDIATE";
static const char Q_COMMIT[] = "COMMIT";
static const char Q_ROLLBACK[] = "ROLLBACK";
static const char Q_BEGIN_READ[] = "BEGIN";
/* A read transaction takes its snapshot at its first read, not at BEGIN. */
static const char Q_FIRST_READ[] = "SELECT count(*) FROM sqlite_schema";

int db_tx_begin(Db *db, Errs *errs)
{
    assert(!db_in_transaction(db) && "transactions do not nest");
    if (sqlite3_db_readonly(db->h, "main") == 1) {
        errs_add(errs, "%s: this command changes the database, but it is read-only here (the "
                 "file or its directory is write-protected); nothing was changed", db->path);
        return INSATS_ESTORAGE;
    }
    db_write_lock(db);
    int step = db_tx_step(db, Q_BEGIN);
    if (step != SQLITE_DONE && !db_in_transaction(db))
        db_write_unlock(db);
    if ((step & 0xff) == SQLITE_BUSY) {
        /* Every try waited out the busy timeout: someone else holds the write lock. */
        errs_add(errs, "%s: another insats is writing to this database; try again when it has "
                 "finished", db->path);
        return INSATS_ESTORAGE;
    }
    if (step != SQLITE_DONE) {
        db_tx_rollback(db);
        return db_fail(db, errs, "cannot start a write transaction");
    }
    return INSATS_OK;
}

int db_tx_commit(Db *db, Errs *errs)
{
    assert(db_in_transaction(db));
    /* A bulk import's silence of the audit triggers ends with its transaction, whichever way
     * it ends (audit.h). */
    db->audit_bulk = 0;
    int rc = INSATS_OK;
    if (db_tx_step(db, Q_COMMIT) != SQLITE_DONE) {
        rc = db_fail(db, errs, "cannot commit");
        db_tx_rollback(db);
    }
    db->generation_memo = 0;   /* this write moved it */
    db_write_unlock(db);
    assert(!db_in_transaction(db));
    return rc;
}

void db_tx_rollback(Db *db)
{
    db->audit_bulk = 0;
    /* SQLite may have rolled back by itself already (a full disk, an interrupt). */
    if (db_in_transaction(db)) {
        sqlite3_stmt *st = db_stmt(db, Q_ROLLBACK);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    /* A ROLLBACK can fail while a statement still reads; none may outlive a transaction. */
    assert(!db_in_transaction(db));
    db_write_unlock(db);
}

int db_tx(Db *db, DbTxFn fn, void *ctx, Errs *errs)
{
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = fn(db, ctx, errs);
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    return rc;
}

bool db_read_begin(Db *db)
{
    if (db_in_transaction(db))
        return false;   /* the caller's transaction already gives one snapshot */
    if (db_tx_step(db, Q_BEGIN_READ) != SQLITE_DONE)
        return false;
    sqlite3_stmt *st = db_stmt(db, Q_FIRST_READ);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_ROW) {
        db_tx_rollback(db);
        return false;
    }
    return true;
}

void db_read_end(Db *db, bool began)
{
    if (began)
        db_tx_rollback(db);   /* nothing was written: ending it either way is the same */
}

int db_fail(Db *db, Errs *errs, const char *what)
{
    /* what is a message id (scripts/po-update.sh collects it at the calls); SQLite's own text
     * stays as SQLite writes it. */
    errs_add(errs, "%s: %s: %s", db->path ? db->path : "database", _(what),
             sqlite3_errmsg(db->h));
    return INSATS_ESTORAGE;
}

bool db_step_done(sqlite3_stmt *st)
{
    return sqlite3_step(st) == SQLITE_DONE;
}

void db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void db_bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

int64_t db_set_cache(Db *db, int64_t cache_size)
{
    sqlite3_stmt *st = db_prepare(db, "PRAGMA cache_size");
    int64_t old = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2000;
    sqlite3_finalize(st);
    /* PRAGMA values cannot be bound; the number is formatted, never user text. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)cache_size);
    st = db_prepare(db, sql);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return old;
}

int db_verify(Db *db, Errs *errs)
{
    int rc = INSATS_OK;
    sqlite3_stmt *st = db_prepare(db, "PRAGMA integrity_check");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *r = db_col_text(st, 0);
        if (!r || strcmp(r, "ok") != 0) {
            errs_add(errs, "%s: integrity check: %s", db->path, r ? r : "?");
            rc = INSATS_ESTORAGE;
        }
    }
    sqlite3_finalize(st);
    st = db_prepare(db, "PRAGMA foreign_key_check");
    while (sqlite3_step(st) == SQLITE_ROW) {
        /* The row's key is its only handle here (a damaged row may lack the rest); it is
         * named as such, for whoever repairs the file with the sqlite3 shell. */
        errs_add(errs, "%s: foreign key check: a row of %s (SQLite rowid %lld) refers to a "
                 "missing %s", db->path, db_col_text(st, 0),
                 (long long)sqlite3_column_int64(st, 1), db_col_text(st, 2));
        rc = INSATS_ESTORAGE;
    }
    sqlite3_finalize(st);
    return rc;
}

size_t db_check_private(const Db *db, Errs *errs)
{
    /* Databases made before insats created them 0600 may still be readable by others. The -wal
     * and -shm files take the database's mode whenever SQLite makes them, so these two say it
     * all. */
    const char *const files[] = {db->path, db->key_path};
    size_t open_to_others = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct stat st;
        if (stat(files[i], &st) == 0 && (st.st_mode & 077)) {
            errs_add(errs, "%s holds personal data but is open to other users (mode %03o); "
                     "`chmod 600 %s` makes it private", files[i], (unsigned)(st.st_mode & 0777),
                     files[i]);
            open_to_others++;
        }
    }
    return open_to_others;
}

int db_setting(Db *db, const char *name, char *out, size_t outlen)
{
    if (strcmp(name, "defensive") == 0) {
        int v = -1;
        sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, -1, &v);
        snprintf(out, outlen, "%d", v);
        return INSATS_OK;
    }
    static const char *const known[] = {"journal_mode", "synchronous", "foreign_keys",
                                        "busy_timeout", "trusted_schema", "user_version"};
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        ok |= strcmp(name, known[i]) == 0;
    if (!ok)
        return INSATS_EUSAGE;
    /* name is one of the literals above, so building the PRAGMA text is safe. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA %s", name);
    sqlite3_stmt *st = db_prepare(db, sql);
    int rc = INSATS_ESTORAGE;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out, outlen, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
        rc = INSATS_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* True when the key belongs to this database: its fingerprint is the stored one. A database
 * without a stored fingerprint (made before there was one) gets it now — provided the key
 * opens a personnummer already sealed there, if any is. */
static bool key_belongs(Db *db, const Secret *s)
{
    unsigned char fp[SECRET_HASH_BYTES];
    secret_fingerprint(s, fp);
    sqlite3_stmt *st = db_prepare(db, "SELECT fingerprint FROM key_check WHERE id = 1");
    int step = sqlite3_step(st);
    bool stored = step == SQLITE_ROW;
    bool match = stored && sqlite3_column_bytes(st, 0) == SECRET_HASH_BYTES &&
                 memcmp(sqlite3_column_blob(st, 0), fp, SECRET_HASH_BYTES) == 0;
    sqlite3_finalize(st);
    if (stored)
        return match;
    st = db_prepare(db, "SELECT pnr_cipher FROM person WHERE pnr_cipher IS NOT NULL LIMIT 1");
    bool opens = true;
    if (sqlite3_step(st) == SQLITE_ROW) {
        char digits[13];
        opens = secret_open(s, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
                            digits) == 0;
        sodium_memzero(digits, sizeof digits);
    }
    sqlite3_finalize(st);
    if (opens && sqlite3_db_readonly(db->h, "main") != 1) {
        st = db_prepare(db, "INSERT INTO key_check (id, fingerprint) VALUES (1, ?1) "
                            "ON CONFLICT (id) DO NOTHING");
        sqlite3_bind_blob(st, 1, fp, SECRET_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_step(st);   /* best effort: the check above already holds for this run */
        sqlite3_finalize(st);
    }
    return opens;
}

struct Secret *db_secret(Db *db, Errs *errs)
{
    if (db->secret)
        return db->secret;
    const char *why = NULL;
    Secret *s = NULL;
    if (secret_load(db->key_path, &s, &why) != 0) {
        errs_add(errs, "%s: cannot read the personnummer key: %s (the key made by `insats init` "
                 "must stay beside the database, or be named with --key / INSATS_KEY)",
                 db->key_path, why);
        return NULL;
    }
    if (!key_belongs(db, s)) {
        errs_add(errs, "%s: this key file belongs to another database, not to %s; name this "
                 "database's own key with --key or INSATS_KEY", db->key_path, db->path);
        secret_free(s);
        return NULL;
    }
    db->secret = s;
    return db->secret;
}

const char *db_path(const Db *db)
{
    return db->path;
}

const char *db_key_file(const Db *db)
{
    return db->key_path;
}
