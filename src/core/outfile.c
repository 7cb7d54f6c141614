/* outfile.c — output files written whole or not at all, never over the database or its key
 * (see outfile.h). */
#include "outfile.h"
#include "db.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file no output may replace, and what to call it in the refusal. */
typedef struct Protected {
    char *path;
    char *what;
} Protected;

static Protected *protected_files;
static size_t protected_count;

static void protect(const char *path, char *what)
{
    protected_files = xrealloc(protected_files, (protected_count + 1) * sizeof *protected_files);
    protected_files[protected_count++] = (Protected){.path = xstrdup(path), .what = what};
}

/* The database file and the files SQLite keeps beside it, under one spelling of its name. */
static void protect_db_files(const char *db, const char *shown)
{
    static const char *const suffix[] = {"-wal", "-shm", "-journal"};
    protect(db, xasprintf("the database %s", shown));
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        char *p = xasprintf("%s%s", db, suffix[i]);
        protect(p, xasprintf("the %s file of the database %s", suffix[i], shown));
        free(p);
    }
}

void outfile_protect_db(const char *db_path, const char *key_path)
{
    protect_db_files(db_path, db_path);
    /* SQLite names the -wal and -shm files after the file a link points to. */
    char *real = realpath(db_path, NULL);
    if (real && strcmp(real, db_path) != 0)
        protect_db_files(real, db_path);
    free(real);
    char *key = db_key_path(db_path, key_path);
    protect(key, xasprintf("the personnummer key file of the database %s", db_path));
    free(key);
}

void outfile_protect_clear(void)
{
    for (size_t i = 0; i < protected_count; i++) {
        free(protected_files[i].path);
        free(protected_files[i].what);
    }
    free(protected_files);
    protected_files = NULL;
    protected_count = 0;
}

bool outfile_is_stdout(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

/* The path with its directory resolved (links and "..", as realpath does) and its last
 * component kept as it is, so that two spellings of one place compare equal even when the
 * file does not exist yet. The path itself when its directory cannot be resolved. Caller
 * frees. */
static char *canonical(const char *path)
{
    char *d = xstrdup(path), *b = xstrdup(path);
    char *dir = realpath(dirname(d), NULL);
    const char *base = basename(b);
    char *out = dir ? xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, base) : xstrdup(path);
    free(dir);
    free(d);
    free(b);
    return out;
}

/* True when path, followed through links, is the very file standard output writes to. */
static bool is_stdout_file(const char *path)
{
    struct stat a, b;
    return stat(path, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* Checks path; *to_stdout tells the caller that it names standard output. */
static int check_target(const char *path, bool *to_stdout, Errs *errs)
{
    *to_stdout = outfile_is_stdout(path);
    if (*to_stdout)
        return INSATS_OK;
    if (!*path) {
        errs_add(errs, "the output file has no name: give one with -o FILE, or - for standard "
                 "output");
        return INSATS_EUSAGE;
    }
    struct stat st;
    bool exists = lstat(path, &st) == 0;
    char *canon = canonical(path);
    int rc = INSATS_OK;
    for (size_t i = 0; i < protected_count && rc == INSATS_OK; i++) {
        const Protected *p = &protected_files[i];
        struct stat ps;
        bool same = strcmp(path, p->path) == 0;
        if (!same && exists && stat(p->path, &ps) == 0)
            same = ps.st_dev == st.st_dev && ps.st_ino == st.st_ino;
        if (!same) {
            char *pc = canonical(p->path);
            same = strcmp(pc, canon) == 0;
            free(pc);
        }
        if (same) {
            errs_add(errs, "%s: this is %s; insats never writes output over it — choose another "
                     "file with -o", path, p->what);
            rc = INSATS_EUSAGE;
        }
    }
    free(canon);
    if (rc != INSATS_OK || !exists || S_ISREG(st.st_mode))
        return rc;
    if (is_stdout_file(path)) {
        *to_stdout = true;
        return INSATS_OK;
    }
    if (S_ISLNK(st.st_mode))
        errs_add(errs, "%s: is a symbolic link; insats does not write through links — name the "
                 "file itself, or a new one, with -o", path);
    else if (S_ISDIR(st.st_mode))
        errs_add(errs, "%s: is a directory — name a file in it with -o", path);
    else
        errs_add(errs, "%s: is not a regular file (a device, a FIFO or a socket) — name a "
                 "regular file with -o, or - for standard output", path);
    return INSATS_EUSAGE;
}

int outfile_check(const char *path, Errs *errs)
{
    bool to_stdout;
    return check_target(path, &to_stdout, errs);
}

int outfile_open(Outfile *o, const char *path, Errs *errs)
{
    *o = (Outfile){0};
    bool to_stdout;
    int rc = check_target(path, &to_stdout, errs);
    if (rc != INSATS_OK)
        return rc;
    if (to_stdout) {
        o->path = xstrdup(path ? path : "-");
        o->f = stdout;
        return INSATS_OK;
    }
    char *tmp = xasprintf("%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    /* 0600 whatever the umask: a umask can narrow mkstemp's mode so far that a library
     * reopening the file by name (libxlsxwriter) could not write it. */
    if (fd < 0 || fchmod(fd, 0600) != 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ||
        !(o->f = fdopen(fd, "wb"))) {
        errs_add(errs, "%s: cannot create the file: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return INSATS_ESTORAGE;
    }
    o->path = xstrdup(path);
    o->tmp = tmp;
    return INSATS_OK;
}

/* True when a file exists at path (the target before it is replaced). */
static bool target_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

int outfile_fail(const Outfile *o, int err, Errs *errs)
{
    const char *what = !o->tmp                   ? "standard output"
                       : target_exists(o->path) ? "the existing file is unchanged"
                                                : "no file was written";
    if (!o->tmp)
        errs_add(errs, "standard output: cannot write: %s", strerror(err ? err : EIO));
    else
        errs_add(errs, "%s: cannot write: %s; %s", o->path, strerror(err ? err : EIO), what);
    return INSATS_ESTORAGE;
}

/* Syncs the directory holding path, so that the rename survives a crash. Best effort: some
 * file systems cannot sync a directory, and the data itself is synced already. */
static void sync_dir(const char *path)
{
    char *d = xstrdup(path);
    int fd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(d);
}

static void outfile_free(Outfile *o)
{
    free(o->path);
    free(o->tmp);
    *o = (Outfile){0};
}

int outfile_commit(Outfile *o, Errs *errs)
{
    int rc = INSATS_OK;
    errno = 0;
    if (!o->tmp) {
        if (fflush(o->f) != 0 || ferror(o->f))
            rc = outfile_fail(o, errno, errs);
        outfile_free(o);
        return rc;
    }
    if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0)
        rc = outfile_fail(o, errno, errs);
    if (fclose(o->f) != 0 && rc == INSATS_OK)
        rc = outfile_fail(o, errno, errs);
    o->f = NULL;
    if (rc == INSATS_OK && rename(o->tmp, o->path) != 0)
        rc = outfile_fail(o, errno, errs);
    if (rc == INSATS_OK)
        sync_dir(o->path);
    else
        unlink(o->tmp);
    outfile_free(o);
    return rc;
}

void outfile_abort(Outfile *o)
{
    if (o->tmp) {
        if (o->f)
            fclose(o->f);
        unlink(o->tmp);
    }
    outfile_free(o);
}

int outfile_write(const char *path, const void *data, size_t len, Errs *errs)
{
    Outfile o;
    int rc = outfile_open(&o, path, errs);
    if (rc != INSATS_OK)
        return rc;
    if (len > 0 && fwrite(data, 1, len, o.f) != len) {
        rc = outfile_fail(&o, errno, errs);
        outfile_abort(&o);
        return rc;
    }
    return outfile_commit(&o, errs);
}
