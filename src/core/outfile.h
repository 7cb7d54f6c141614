/* outfile.h — every file insats writes as output (a bundle, a report in any format, a diff)
 * goes through here, so that no command can lose data by writing it:
 *
 *  - the bytes go to a new temporary file beside the target (mode 0600: they hold personal
 *    data), which is synced and renamed over the target only when it is complete; a failure
 *    leaves the old file as it was, or none, and says why (INSATS_ESTORAGE);
 *  - some targets are refused (INSATS_EUSAGE) before anything is written: the files registered
 *    with outfile_protect_db() — the open database, its -wal, -shm and -journal files and its
 *    key file, compared by device and inode as well as by name — and anything that exists and
 *    is not a regular file: a directory, a device node, a FIFO, a socket, a symbolic link
 *    (insats never writes through a link);
 *  - standard output is "-" (or NULL), or a target that is the very file standard output is
 *    (`-o /dev/stdout`); a failed write there is an error too. */
#ifndef INSATS_OUTFILE_H
#define INSATS_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

typedef struct Outfile {
    char *path;     /* the target as the user named it; "-" for standard output. Owned */
    char *tmp;      /* the temporary file beside the target; NULL for standard output. Owned */
    FILE *f;        /* where the bytes go: the temporary file, or stdout */
} Outfile;

/* Registers the files of the database at db_path that no output may replace: the database,
 * its -wal, -shm and -journal files (beside the path as given and beside the file a link
 * points to), and its key file (key_path; NULL: the default, db_key_path()). Process-wide;
 * a later call adds to the earlier ones. */
void outfile_protect_db(const char *db_path, const char *key_path);
/* Forgets every registered file (for tests). */
void outfile_protect_clear(void);

/* True when path means standard output: NULL or "-". */
bool outfile_is_stdout(const char *path);

/* Checks that path may be written, without creating anything: INSATS_OK, or INSATS_EUSAGE
 * with a message naming the file, why it is refused and what to do. A command calls it before
 * long work so that a refused target fails at once; outfile_open checks again. */
int outfile_check(const char *path, Errs *errs);

/* Starts writing path: checks it (outfile_check), then creates the temporary file beside it.
 * Returns INSATS_OK with o filled in; else INSATS_EUSAGE (refused) or INSATS_ESTORAGE (the
 * temporary file cannot be created), o zeroed, a message in errs. End with outfile_commit or
 * outfile_abort. */
int outfile_open(Outfile *o, const char *path, Errs *errs);

/* Finishes: flushes and syncs the temporary file, closes it, renames it over the target and
 * syncs the directory; for standard output, flushes it. On any failure the temporary file is
 * removed, the target is left as it was, and INSATS_ESTORAGE returned with the reason in
 * errs. Frees what o holds either way. */
int outfile_commit(Outfile *o, Errs *errs);

/* Gives up: closes and removes the temporary file (standard output is left open). Frees what
 * o holds; a zeroed o is a no-op. */
void outfile_abort(Outfile *o);

/* Adds "<path>: cannot write: <reason>; <what became of the target>" to errs, with the
 * errno value err, and returns INSATS_ESTORAGE: for a writer that failed on o->f. */
int outfile_fail(const Outfile *o, int err, Errs *errs);

/* The whole output at once: outfile_open, the bytes, outfile_commit. */
int outfile_write(const char *path, const void *data, size_t len, Errs *errs);

#endif
