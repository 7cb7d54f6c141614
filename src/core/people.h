/* people.h — the person model shared by the importers (bundle and CSV): upsert by the
 * user's code, with the personnummer sealed under the key file and found again by its keyed
 * hash. No personnummer ever appears in a message. */
#ifndef INSATS_PEOPLE_H
#define INSATS_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

typedef struct PersonRec {
    const char *code, *name, *gender, *unit, *role, *email;  /* unit/role/email may be NULL */
    int64_t organisation_id;
    const char *pnr12;   /* 12 validated digits, or NULL = keep what is stored */
} PersonRec;

/* Inserts or updates the person (project, p->code); stores the id in *person_id (may be NULL).
 * A given pnr12 is sealed with the key and stored with its keyed hash; NULL keeps the stored
 * one. A personnummer already held by another person of the project is an input error.
 * `where` prefixes messages ("people.csv:14" or "project.json: people[3]").
 * Returns INSATS_OK, INSATS_EINPUT (constraint, duplicate personnummer) or INSATS_ESTORAGE
 * (key missing, storage trouble), with a message in errs. */
int people_upsert(Db *db, int64_t project_id, const PersonRec *p, int64_t *person_id,
                  const char *where, Errs *errs);

/* Finds a person of the project by the keyed hash of a 12-digit personnummer; 0 if none (or
 * when the key cannot be read: then a message is in errs). */
int64_t people_find_by_pnr(Db *db, int64_t project_id, const char *pnr12, Errs *errs);

/* Finds a person of the project by code; 0 if none. */
int64_t people_find(Db *db, int64_t project_id, const char *code);

/* Counts, over every project, the stored personnummer the key cannot open (*unreadable) out
 * of those stored (*sealed). None stored: no key is needed and INSATS_OK. A key that cannot
 * be loaded, or belongs to another database: INSATS_ESTORAGE with the message. */
int people_check_sealed(Db *db, int64_t *sealed, int64_t *unreadable, Errs *errs);

struct Rec;
struct json_t;

/* Validates the person at `path` (people[i] of a bundle, or the record given to record_save)
 * field by field, with the CSV import's rules for the text of a person, and, while the Rec is
 * writable and its claim allows, saves it with people_upsert. `index` is its position in its
 * list (names the earlier holder of a personnummer given twice in a bundle). */
void people_save_json(struct Rec *r, const struct json_t *o, const char *path, size_t index);

/* The full personnummer of person `code` into out (12 digits, NUL-terminated; "" on any
 * refusal), for a manager or the coordinator of the person's organisation only, and recorded
 * in the audit trail ("reveal", under the connection's actor) in the same transaction: no
 * entry, no personnummer. INSATS_EFORBIDDEN for another role; INSATS_EINPUT for no such
 * person (or one of another organisation than a coordinator's: the same message) or one
 * without a personnummer (field "personnummer"); INSATS_ESTORAGE. The caller wipes out when
 * done (sodium_memzero). */
struct Actor;
int people_reveal_pnr(Db *db, const struct Actor *actor, int64_t project_id, const char *code,
                      char out[13], Errs *errs);

#endif
