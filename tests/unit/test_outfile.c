/* test_outfile.c — unit tests of outfile.c: output written whole or not at all, private
 * whatever the umask, and never over the database, its companions, its key or anything that
 * is not a regular file. Each test works in its own temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "testutil.h"
#include "util.h"

static int setup_dir(void **state)
{
    char *dir = tu_tmpdir("outfile");
    if (!dir)
        return -1;
    *state = dir;
    return 0;
}

static int teardown_dir(void **state)
{
    outfile_protect_clear();
    return tu_rmtree(*state);
}

/* The number of entries in dir other than . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return st.st_mode & 07777;
}

static void test_write_replaces_whole_and_private(void **state)
{
    const char *dir = *state;
    char *path = xasprintf("%s/out.md", dir);
    tu_write_file(path, "old", 3);
    assert_int_equal(chmod(path, 0644), 0);
    mode_t old = umask(0);
    Errs e;
    errs_init(&e);
    assert_int_equal(outfile_write(path, "new text\n", 9, &e), INSATS_OK);
    umask(old);
    assert_int_equal(errs_total(&e), 0);
    char *got = tu_slurp(path, NULL);
    assert_string_equal(got, "new text\n");
    /* Personal data: readable by the owner only, even under umask 000 and over a 0644 file. */
    assert_int_equal(mode_of(path), 0600);
    assert_int_equal(entries(dir), 1);
    free(got);
    free(path);
    errs_free(&e);
}

static void test_abort_leaves_old_file(void **state)
{
    const char *dir = *state;
    char *path = xasprintf("%s/out.json", dir);
    tu_write_file(path, "{}\n", 3);
    Outfile o;
    Errs e;
    errs_init(&e);
    assert_int_equal(outfile_open(&o, path, &e), INSATS_OK);
    assert_non_null(o.tmp);
    assert_int_equal(entries(dir), 2);   /* the temporary file sits beside the target */
    fputs("half a report", o.f);
    outfile_abort(&o);
    char *got = tu_slurp(path, NULL);
    assert_string_equal(got, "{}\n");
    assert_int_equal(entries(dir), 1);
    free(got);
    free(path);
    errs_free(&e);
}

/* A write that fails at the end (the stream is closed under it) leaves the old file and says
 * so, with the reason. */
static void test_failed_commit_keeps_old_file(void **state)
{
    const char *dir = *state;
    char *path = xasprintf("%s/r.md", dir);
    tu_write_file(path, "old", 3);
    Outfile o;
    Errs e;
    errs_init(&e);
    assert_int_equal(outfile_open(&o, path, &e), INSATS_OK);
    fputs("new", o.f);
    /* Make the flush fail: the descriptor under the stream is gone. */
    close(fileno(o.f));
    assert_int_equal(outfile_commit(&o, &e), INSATS_ESTORAGE);
    assert_int_equal(errs_total(&e), 1);
    assert_non_null(strstr(e.msgs[0], "r.md: cannot write: "));
    assert_non_null(strstr(e.msgs[0], "the existing file is unchanged"));
    char *got = tu_slurp(path, NULL);
    assert_string_equal(got, "old");
    assert_int_equal(entries(dir), 1);
    free(got);
    free(path);
    errs_free(&e);
}

static void expect_refused(const char *path, const char *text)
{
    Errs e;
    errs_init(&e);
    Outfile o;
    assert_int_equal(outfile_open(&o, path, &e), INSATS_EUSAGE);
    assert_null(o.path);
    assert_int_equal(errs_total(&e), 1);
    if (!strstr(e.msgs[0], text))
        fail_msg("\"%s\" lacks \"%s\"", e.msgs[0], text);
    errs_free(&e);
    errs_init(&e);
    assert_int_equal(outfile_check(path, &e), INSATS_EUSAGE);
    errs_free(&e);
}

static void test_database_and_key_refused(void **state)
{
    const char *dir = *state;
    char *db = xasprintf("%s/o.db", dir);
    char *key = xasprintf("%s/o.db.key", dir);
    tu_write_file(db, "SQLite", 6);
    tu_write_file(key, "key", 3);
    outfile_protect_db(db, NULL);
    expect_refused(db, "this is the database");
    expect_refused(key, "personnummer key file");
    /* Companions that do not exist yet, which SQLite would take for its own. */
    char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
    expect_refused(wal, "the -wal file");
    expect_refused(shm, "the -shm file");
    /* Other spellings of the same place, and another name of the same file. */
    char *spelled = xasprintf("%s/./sub/../o.db", dir);
    char *sub = xasprintf("%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    expect_refused(spelled, "this is the database");
    char *hard = xasprintf("%s/hard.db", dir);
    assert_int_equal(link(db, hard), 0);
    expect_refused(hard, "this is the database");
    char *got = tu_slurp(db, NULL);
    assert_string_equal(got, "SQLite");
    free(got);
    got = tu_slurp(key, NULL);
    assert_string_equal(got, "key");
    free(got);
    assert_int_equal(unlink(hard), 0);
    assert_int_equal(rmdir(sub), 0);
    free(hard);
    free(sub);
    free(spelled);
    free(wal);
    free(shm);
    free(db);
    free(key);
}

static void test_key_named_apart_refused(void **state)
{
    const char *dir = *state;
    char *db = xasprintf("%s/o.db", dir);
    char *key = xasprintf("%s/elsewhere.key", dir);
    tu_write_file(key, "key", 3);
    outfile_protect_db(db, key);
    expect_refused(key, "personnummer key file of the database");
    free(db);
    free(key);
}

static void test_not_regular_refused(void **state)
{
    const char *dir = *state;
    char *target = xasprintf("%s/real.md", dir);
    char *link = xasprintf("%s/link.md", dir);
    char *fifo = xasprintf("%s/fifo", dir);
    tu_write_file(target, "keep", 4);
    assert_int_equal(symlink("real.md", link), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    expect_refused(link, "is a symbolic link");
    expect_refused(fifo, "is not a regular file");
    expect_refused(dir, "is a directory");
    expect_refused("", "has no name");
    /* /dev/null is a device and not this test's standard output (cmocka writes there). */
    if (isatty(STDOUT_FILENO) == 0) {
        struct stat a, b;
        if (stat("/dev/null", &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 &&
            !(a.st_dev == b.st_dev && a.st_ino == b.st_ino))
            expect_refused("/dev/null", "is not a regular file");
    }
    char *got = tu_slurp(target, NULL);
    assert_string_equal(got, "keep");
    free(got);
    assert_int_equal(unlink(link), 0);
    assert_int_equal(unlink(fifo), 0);
    free(target);
    free(link);
    free(fifo);
}

static void test_stdout(void **state)
{
    (void)state;
    assert_true(outfile_is_stdout(NULL));
    assert_true(outfile_is_stdout("-"));
    assert_false(outfile_is_stdout("-x"));
    Outfile o;
    Errs e;
    errs_init(&e);
    assert_int_equal(outfile_open(&o, "-", &e), INSATS_OK);
    assert_ptr_equal(o.f, stdout);
    assert_null(o.tmp);
    assert_int_equal(outfile_commit(&o, &e), INSATS_OK);
    errs_free(&e);
}

static void test_missing_directory_is_storage_error(void **state)
{
    const char *dir = *state;
    char *path = xasprintf("%s/no/such/r.md", dir);
    Errs e;
    errs_init(&e);
    assert_int_equal(outfile_write(path, "x", 1, &e), INSATS_ESTORAGE);
    assert_int_equal(errs_total(&e), 1);
    assert_non_null(strstr(e.msgs[0], "cannot create the file"));
    errs_free(&e);
    free(path);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_dir, teardown_dir)
    const struct CMUnitTest tests[] = {
        T(test_write_replaces_whole_and_private),
        T(test_abort_leaves_old_file),
        T(test_failed_commit_keeps_old_file),
        T(test_database_and_key_refused),
        T(test_key_named_apart_refused),
        T(test_not_regular_refused),
        T(test_stdout),
        T(test_missing_directory_is_storage_error),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
