/* kinds.h — the kinds of record that `list`, `show` and `delete` name, in one table, so that
 * each takes a kind in the singular or the plural alike ("activity", "activities") and a
 * misspelt one gets the same "did you mean" everywhere. */
#ifndef INSATS_KINDS_H
#define INSATS_KINDS_H

#include <stdbool.h>

#include "err.h"

typedef enum RecordKind {
    KIND_PROJECT,
    KIND_ORGANISATION,
    KIND_PERSON,
    KIND_GROUP,
    KIND_INTERVENTION,
    KIND_PROPOSAL,
    KIND_ACTIVITY,
    KIND_SESSION,
    KIND_SURVEY,
    KIND_CERTIFICATE,
    KIND_GOAL,
    KIND_COST,
    KIND_DEVIATION,
    KIND_MEETING,
    KIND_DISSEMINATION,
    KIND_COUNT
} RecordKind;

/* What a kind can be used with, as bits. */
enum { KINDS_LIST = 1 << 0, KINDS_SHOW = 1 << 1, KINDS_DELETE = 1 << 2 };

typedef struct KindName {
    RecordKind kind;
    const char *singular;   /* as `show` and `delete` print it */
    const char *plural;     /* as `list` prints it */
    unsigned ops;           /* KINDS_LIST | KINDS_SHOW | KINDS_DELETE */
} KindName;

/* The entry of a kind. */
const KindName *kinds_get(RecordKind kind);

/* Finds the kind named `name` (singular or plural) that `op` (one KINDS_* bit) takes. Returns
 * it, or NULL after adding to errs "<command>: unknown kind "<name>" (one of …)", with "; did
 * you mean "<nearest>"?" when a kind's name is close. `command` names the command in the
 * message ("list", "show", "delete"). The message lists the plural names for list, the
 * singular ones otherwise. */
const KindName *kinds_find(const char *name, unsigned op, const char *command, Errs *errs);

/* The names of the kinds `op` takes, NULL-terminated, plural or singular (static storage; for
 * help, completion and messages). */
const char *const *kinds_names(unsigned op, bool plural);

#endif
