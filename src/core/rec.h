/* rec.h — reading and writing one record in the bundle's shape (docs/bundle-format.md), for
 * the area modules (organisation.c, activity.c, meeting.c …). The bundle import and the write
 * API (record.h) both call the modules, so a record is validated by the same rules, in the
 * same words, whichever way it comes in.
 *
 * A Rec is the context of one import or one save: where messages go, how references resolve
 * (through Idmaps the bundle import fills, or by a query when a map is not given), and what
 * decides whether a record with a given id may be written (the bundle's duplicate check, or
 * record_save's create/update rule). Every problem becomes a message
 * "<src>: <json path>.<key>: <what is wrong>" whose field is the path and key; the module goes
 * on, so one run reports every problem, and writes only while none has been found.
 *
 * Internal to src/core: the layers above call record.h or bundle.h. */
#ifndef INSATS_REC_H
#define INSATS_REC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "err.h"
#include "util.h"
#include "vocab.h"

/* Map value of a record that is in the bundle but was not written (the import only validates
 * once an error was found): references to it are valid, its row id is never needed. */
#define REC_PENDING ((int64_t)-1)
/* Longest JSON path in a message; a deeper one is cut short, which only shortens a message. */
#define REC_PATH_LEN 192

/* The kinds of record a field may refer to by its string id. */
typedef enum RefKind {
    REF_ORGANISATION,
    REF_PERSON,
    REF_GROUP,
    REF_INTERVENTION,
    REF_PROPOSAL,
    REF_ACTIVITY,
    REF_SURVEY,
    REF_CATEGORY,     /* budget category */
    REF_AREA,         /* competence area, by its name */
    REF_PERIOD,       /* reporting period, by its number in decimal */
    REF_COUNT
} RefKind;

typedef struct Rec Rec;

/* Decides whether the record with this id is written: the bundle refuses an id seen twice,
 * record_save one that exists on create or is missing on update. Reports why not. */
typedef bool (*RecClaimFn)(Rec *r, const char *code);

struct Rec {
    Db *db;
    const char *src;            /* names the input in messages: the bundle, or the kind */
    Errs *errs;
    size_t errs_base;           /* messages already in errs before this import or save */
    bool storage_failed;        /* a write failed for a reason other than bad input */
    int64_t project_id;         /* 0 while unknown */
    char today[11];
    Idmap *refs[REF_COUNT];     /* code → row id (or REC_PENDING); NULL: ask the database */
    RecClaimFn claim;
    void *claim_ctx;            /* the claim function's */
    /* Checks that span records of a bundle; NULL when one record is saved. */
    Idmap *pnrs;                /* 12 digits → index in people[] */
    PairSet *attendance_seen;   /* (session, person) → index in its activity's attendance[] */
    /* interventions given as `completed: true` without a date: dated once the activities are
     * in (intervention_date_completed) */
    int64_t *undated;
    size_t nundated, capundated;
    /* statistics and progress */
    ProgressFn progress;
    void *progress_ctx;
    const char *stage;
    size_t stage_total, stage_done;
    size_t records, attendance;
};

/* Zeroes r and sets what every Rec needs; refs, claim and the bundle's checks stay NULL. */
void rec_init(Rec *r, Db *db, const char *src, int64_t project_id, Errs *errs);
/* Frees what the Rec owns (the undated list; not the maps, which are the caller's). */
void rec_free(Rec *r);

/* ---- messages ------------------------------------------------------------------------------ */

/* Adds "<src>: <path>.<key>: <message>" with field "<path>.<key>"; path "" is the top level,
 * key NULL names the path itself. */
void rec_fail(Rec *r, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Writes a JSON path into a REC_PATH_LEN buffer. */
void rec_path(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "an object", "a string" … for "expected X, got Y". */
const char *rec_type_name(const json_t *v);
/* True while nothing has gone wrong, i.e. while writing is still worth it. */
bool rec_writable(const Rec *r);

/* Whether s is one of the NULL-terminated list. */
bool rec_in_list(const char *const *list, const char *s);

/* ---- fields -------------------------------------------------------------------------------- */

/* Checks that v is an object whose keys are all in `keys` (NULL-terminated); reports each
 * stranger. False when v is not an object at all (then the record is skipped). */
bool rec_object(Rec *r, const json_t *v, const char *path, const char *const *keys);
/* The value of key, or NULL when absent or null ("is required" reported when req). */
json_t *rec_field(Rec *r, const json_t *obj, const char *path, const char *key, bool req);
/* A string; NULL when absent or wrong (reported). Required strings must not be empty. */
const char *rec_str(Rec *r, const json_t *obj, const char *path, const char *key, bool req);
/* A record id: a required string of 1–64 characters on one line (validate_code). */
const char *rec_code(Rec *r, const json_t *obj, const char *path, const char *key);
const char *rec_date(Rec *r, const json_t *obj, const char *path, const char *key, bool req);
const char *rec_time(Rec *r, const json_t *obj, const char *path, const char *key);
/* A value of the list; NULL when absent or not one of its values (reported). */
const char *rec_enum(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
                     VocabList list);
/* An integer in [lo, hi]; true with *out set when present and valid. */
bool rec_int(Rec *r, const json_t *obj, const char *path, const char *key, bool req, int64_t lo,
             int64_t hi, int64_t *out);
/* A boolean; absent or null gives def. */
bool rec_bool(Rec *r, const json_t *obj, const char *path, const char *key, bool req, bool def);
/* A decimal number stored as an integer of 10^-decimals units (öre, hundredths, basis
 * points), within [lo, hi] in those units; true with *out set when present and valid. */
bool rec_decimal(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
                 int decimals, int64_t lo, int64_t hi, int64_t *out);
/* An array; NULL when absent, null or not an array (reported). */
json_t *rec_array(Rec *r, const json_t *obj, const char *path, const char *key);
/* Two dates (or times) of one record: the later one must not come first. */
void rec_order(Rec *r, const char *path, const char *from_key, const char *from,
               const char *to_key, const char *to);

/* ---- references ---------------------------------------------------------------------------- */

/* The row id of the project's record of `kind` with this code (a query); 0 if none. */
int64_t rec_find(Db *db, RefKind kind, int64_t project_id, const char *code);
/* The row id of the record of `kind` with this code: through the Rec's map, or a query when
 * there is none. False when there is no such record. A map may answer REC_PENDING. */
bool rec_lookup(Rec *r, RefKind kind, const char *code, int64_t *id);
/* Registers a written record (no-op without a map). */
void rec_put(Rec *r, RefKind kind, const char *code, int64_t id);
/* A reference field to a record of `kind`; 0 when absent or unknown (reported), else the row
 * id or REC_PENDING. */
int64_t rec_ref(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
                RefKind kind);
/* The same through a map of the caller's (a record's own sessions), `what` naming it. */
int64_t rec_ref_in(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
                   const Idmap *map, const char *what);
/* The Rec's claim of a record's id (true when there is no claim function). */
bool rec_claim(Rec *r, const char *code);
/* A child of a record (a session, a question …) with an id unique within its list: records
 * `code` as seen at list[idx]; a second use is an error naming the first. Registers the code
 * in `map` (when given) as REC_PENDING unless it is known already. */
bool rec_claim_in(Rec *r, Idmap *seen, Idmap *map, const char *list, size_t idx,
                  const char *code);

/* ---- writing ------------------------------------------------------------------------------- */

/* Binds text borrowed from the JSON tree (it outlives the statement's use) or NULL. */
void rec_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Binds v when has, else NULL. */
void rec_bind_opt(sqlite3_stmt *st, int i, bool has, int64_t v);
/* Steps a bound write (optionally RETURNING id) and resets it. Returns the returned id, 1 when
 * nothing is returned, or 0 after reporting the failure at `path`. `count`: the row is a
 * record for the statistics and the progress callback. */
int64_t rec_write(Rec *r, sqlite3_stmt *st, const char *path, bool count);
/* Runs a statement that only takes the parent's row id (deleting a replaced child list). */
void rec_write_by_id(Rec *r, const char *sql, int64_t id, const char *path);
/* Fills map with code → id from a query "SELECT code, id … WHERE <parent> = ?1". */
void rec_preload(Rec *r, Idmap *map, const char *sql, int64_t parent_id);
/* Counts one written record for the statistics and the progress callback. */
void rec_count(Rec *r);
/* Starts a stage of the progress callback. */
void rec_stage(Rec *r, const char *stage, size_t total);

#endif
