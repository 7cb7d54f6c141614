/* testutil.c — the helpers of testutil.h, shared by the unit tests. They fail the running
 * test through cmocka assertions where testutil.h says so; the ones meant for setup functions
 * (tu_tmpdir, tu_db_open, tu_db_new) report failure by their result instead, because a setup
 * that fails must still leave nothing behind for the teardown it will not get. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <liboath/oath.h>

#include "audit.h"
#include "db.h"
#include "demo.h"
#include "project.h"
#include "secret.h"
#include "testutil.h"
#include "util.h"

/* ---- files and directories ---------------------------------------------------------- */

char *tu_tmpdir(const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/insats-test-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
    if (!mkdtemp(dir)) {
        fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
        free(dir);
        return NULL;
    }
    return dir;
}

/* Removes path and, when it is a real directory, everything below it first. Done in C rather
 * than with `rm -rf` so that no path ever passes through a shell. Returns 0 or -1. */
static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *child = xasprintf("%s/%s", path, e->d_name);
        if (remove_tree(child) != 0)
            rc = -1;
        free(child);
    }
    closedir(d);
    if (rmdir(path) != 0)
        rc = -1;
    return rc;
}

int tu_rmtree(char *dir)
{
    if (!dir)
        return 0;
    int rc = remove_tree(dir);
    if (rc != 0)
        fprintf(stderr, "could not remove %s entirely\n", dir);
    free(dir);
    return rc;
}

char *tu_fixture_path(const char *name)
{
    const char *dir = getenv("FIXTURE_DIR");
    return xasprintf("%s/%s", dir && *dir ? dir : "tests/fixtures", name);
}

char *tu_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
    assert_non_null(f);
    Buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    assert_int_equal(ferror(f), 0);
    fclose(f);
    /* An empty file still gives a string, not NULL. */
    buf_puts(&b, "");
    if (len)
        *len = b.len;
    return buf_steal(&b);
}

void tu_write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
    assert_true(fd >= 0);
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        assert_true(n > 0);
        p += n;
        len -= (size_t)n;
    }
    assert_int_equal(close(fd), 0);
}

/* ---- a database in a temporary directory --------------------------------------------- */

int tu_db_open(TuDb *t, const char *tag)
{
    *t = (TuDb){0};
    t->dir = tu_tmpdir(tag);
    if (!t->dir)
        return -1;
    t->path = xasprintf("%s/t.db", t->dir);
    Errs errs;
    errs_init(&errs);
    int rc = db_open(t->path, NULL, DB_OPEN_CREATE, &t->db, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    errs_free(&errs);
    if (rc != INSATS_OK) {
        tu_db_close(t);
        return -1;
    }
    tu_set_actor(t->db);
    return 0;
}

const Actor *tu_manager(void)
{
    static const Actor a = {.role = ROLE_MANAGER, .login = "test", .name = "Unit test"};
    return &a;
}

void tu_set_actor(Db *db)
{
    audit_set_actor(db, tu_manager(), "cli");
}

int tu_db_close(TuDb *t)
{
    if (t->db)
        db_close(t->db);
    free(t->path);
    int rc = tu_rmtree(t->dir);
    *t = (TuDb){0};
    return rc;
}

TuDb *tu_db_new(const char *tag)
{
    TuDb *t = xcalloc(1, sizeof *t);
    if (tu_db_open(t, tag) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

TuDb *tu_demo_db(const char *tag)
{
    TuDb *t = tu_db_new(tag);
    if (!t)
        return NULL;
    json_t *demo = demo_bundle(DEMO_SMALL, 42, NULL, NULL);
    tu_import_json(t->db, demo, "demo", NULL);
    json_decref(demo);
    t->project = tu_project_id(t->db, "kna");
    return t;
}

int tu_db_free(TuDb *t)
{
    if (!t)
        return 0;
    int rc = tu_db_close(t);
    free(t);
    return rc;
}

/* ---- bundles ------------------------------------------------------------------------- */

json_t *tu_load_jsonc(const char *name)
{
    char *path = tu_fixture_path(name);
    char *text = tu_slurp(path, NULL);
    /* Blank out whole comment lines in place rather than dropping them, so that the parser's
     * line numbers in an error still match the file's. */
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        const char *p = line + strspn(line, " \t\r");
        if (p < line + n && p[0] == '/' && p[1] == '/')
            memset(line, ' ', n);
        line += n + (end ? 1 : 0);
    }
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (!root)
        fprintf(stderr, "%s:%d: %s\n", path, jerr.line, jerr.text);
    free(text);
    free(path);
    assert_non_null(root);
    return root;
}

/* The end of an import that must have gone cleanly: INSATS_OK and not one message (any are
 * printed first, so that a failure shows why). Frees errs. */
static void assert_clean(int rc, Errs *errs)
{
    errs_print(errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(errs_total(errs), 0);
    errs_free(errs);
}

void tu_import_json(Db *db, const json_t *root, const char *source, BundleStats *stats)
{
    Errs errs;
    errs_init(&errs);
    BundleStats own;
    int rc = bundle_import_json(db, (json_t *)root, source, NULL, NULL, stats ? stats : &own,
                                &errs);
    assert_clean(rc, &errs);
}

int tu_try_import_text(Db *db, const char *text, const char *source, Errs *errs)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (!root)
        fail_msg("bundle text of the test: line %d: %s", jerr.line, jerr.text);
    BundleStats stats;
    int rc = bundle_import_json(db, root, source, NULL, NULL, &stats, errs);
    json_decref(root);
    return rc;
}

void tu_import_text(Db *db, const char *text, const char *source)
{
    Errs errs;
    errs_init(&errs);
    int rc = tu_try_import_text(db, text, source, &errs);
    assert_clean(rc, &errs);
}

int tu_try_import_fixture(Db *db, const char *name, BundleStats *stats, Errs *errs)
{
    char *path = tu_fixture_path(name);
    int rc = bundle_import_file(db, path, NULL, NULL, stats, errs);
    free(path);
    return rc;
}

void tu_import_fixture(Db *db, const char *name, BundleStats *stats)
{
    Errs errs;
    errs_init(&errs);
    int rc = tu_try_import_fixture(db, name, stats, &errs);
    assert_clean(rc, &errs);
}

void tu_import_jsonc(Db *db, const char *name, BundleStats *stats)
{
    json_t *root = tu_load_jsonc(name);
    tu_import_json(db, root, name, stats);
    json_decref(root);
}

int64_t tu_project_id(Db *db, const char *code)
{
    Errs errs;
    errs_init(&errs);
    int64_t id = 0;
    int rc = project_resolve(db, code, &id, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    return id;
}

/* ---- SQL ----------------------------------------------------------------------------- */

void tu_exec(Db *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "SQL of the test: %s\n", err ? err : "failed");
        sqlite3_free(err);
        fail();
    }
}

void tu_exec_all(Db *db, const char *const *sqls)
{
    tu_exec(db, "BEGIN");
    for (size_t i = 0; sqls[i]; i++)
        tu_exec(db, sqls[i]);
    tu_exec(db, "COMMIT");
}

int64_t tu_query_int(Db *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    int src = sqlite3_step(st);
    if (src != SQLITE_ROW)
        fprintf(stderr, "no row from: %s\n", sql);
    assert_int_equal(src, SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

void tu_set_pnr(Db *db, const char *person_code, const char *digits12)
{
    Errs errs;
    errs_init(&errs);
    Secret *key = db_secret(db, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_non_null(key);
    unsigned char *blob = NULL, hash[SECRET_HASH_BYTES];
    size_t len = 0;
    assert_int_equal(secret_seal(key, digits12, &blob, &len), 0);
    secret_hash(key, digits12, hash);
    sqlite3_stmt *st = db_prepare(db, "UPDATE person SET pnr_cipher = ?1, pnr_hash = ?2"
                                      " WHERE code = ?3");
    sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, person_code, -1, SQLITE_STATIC);
    assert_true(db_step_done(st));
    sqlite3_finalize(st);
    free(blob);
    /* A code that matches no one would leave the test checking nothing. */
    assert_int_equal(sqlite3_changes(db->h), 1);
}

/* ---- JSON ---------------------------------------------------------------------------- */

json_t *tu_json_at(const json_t *v, const char *path)
{
    /* jansson's getters take const and hand back non-const; keep to that. */
    json_t *cur = (json_t *)v;
    const char *p = path;
    while (cur && *p) {
        if (*p == '.') {
            p++;
        } else if (*p == '[') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || i < 0)
                fail_msg("bad index in JSON path %s", path);
            cur = json_array_get(cur, (size_t)i);
            p = end + 1;
        } else {
            size_t n = strcspn(p, ".[");
            char *key = xstrndup(p, n);
            cur = json_object_get(cur, key);
            free(key);
            p += n;
        }
    }
    return cur;
}

void tu_assert_json(const json_t *v, const char *want)
{
    char *got = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) |
                                  JSON_ENCODE_ANY);
    if (!got)
        fprintf(stderr, "no value; want: %s\n", want);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "got:  %s\nwant: %s\n", got, want);
    assert_string_equal(got, want);
    free(got);
}

/* ---- accounts ------------------------------------------------------------------------- */

void tu_totp_code(const char *base32, long long when, char code[16])
{
    char *raw = NULL;
    size_t raw_len = 0;
    assert_int_equal(oath_init(), OATH_OK);
    assert_int_equal(oath_base32_decode(base32, strlen(base32), &raw, &raw_len), OATH_OK);
    assert_int_equal(oath_totp_generate(raw, raw_len, (time_t)when, 30, 0, 6, code), OATH_OK);
    free(raw);
}
