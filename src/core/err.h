/* err.h — expected failures: exit codes and a list of user-facing messages.
 *
 * Bugs are assert()s; out-of-memory aborts in xmalloc(); everything else (bad input, unknown
 * references, storage trouble) becomes an Errs entry that names where (file:line, or a JSON
 * path), the field, and what is wrong — and the caller returns a status. */
#ifndef INSATS_ERR_H
#define INSATS_ERR_H

#include <stdio.h>
#include <stddef.h>

/* Exit codes of the SPEC, also used as function status codes throughout the core. */
enum {
    INSATS_OK = 0,
    INSATS_EUSAGE = 2,    /* the command line is wrong */
    INSATS_EINPUT = 3,    /* the input data is invalid; nothing was changed */
    INSATS_ESTORAGE = 4,  /* the database could not be opened, read or written */
    INSATS_EFORBIDDEN = 5, /* the actor's role may not do this (the web answers 403); a record
                            * outside the actor's organisation is INSATS_EINPUT "no such …"
                            * instead, as if it did not exist */
    INSATS_ECONFLICT = 6,  /* the record's state does not allow this now (a proposal's step
                            * out of turn, booking from a proposal not approved, a paused
                            * intake): the web answers 409; the command line exits with 3 */
};

/* Stop collecting after this many messages: enough to fix a file in one go, not a flood. */
#define ERRS_CAP 100

typedef struct Errs {
    char **msgs;
    /* Per message, the field it is about — the JSON key of a record in the bundle's shape,
     * with its path ("email", "sessions[2].date") — or NULL when it is about no one field;
     * so that a form can show each message next to its field. */
    char **fields;
    size_t count;       /* messages stored (at most ERRS_CAP) */
    size_t dropped;     /* messages beyond the cap, counted only */
    size_t cap;
} Errs;

void errs_init(Errs *e);
void errs_free(Errs *e);
/* Adds one message (printf-style). Messages past ERRS_CAP are counted, not stored. Anything
 * shaped like a personnummer in the message has its last four digits masked (****, see
 * pnr_scrub), and control characters are written as escapes (\n, \t, \xHH). */
void errs_add(Errs *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* errs_add for a message about one field (see Errs.fields); `field` is copied. */
void errs_add_field(Errs *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
size_t errs_total(const Errs *e);
/* Prints every message on its own line, prefixed "insats: ", and a line for dropped ones. */
void errs_print(const Errs *e, FILE *out);

/* Called now and then during long work (an import, a long PDF), so that the command line can
 * show progress; the core never prints. `stage` is a few English words ("people", "writing
 * the PDF"), done/total count the units of that stage (total 0 when unknown). */
typedef void (*ProgressFn)(void *ctx, const char *stage, size_t done, size_t total);

#endif
