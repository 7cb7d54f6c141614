/* people.c — the person model: upsert by code, personnummer sealed and hashed (see people.h). */
#include "db.h"
#include "people.h"
#include "actor.h"
#include "audit.h"
#include "model.h"
#include "pnr.h"
#include "rec.h"
#include "secret.h"
#include "stmt.h"
#include "validate.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

static const char SQL_PERSON_FIND_HASH[] =
    "SELECT id FROM person WHERE project_id = ?1 AND pnr_hash = ?2";
/* coalesce keeps the stored personnummer when none is given (NULL binds). */
static const char SQL_PERSON_UPSERT[] =
    "INSERT INTO person (project_id, code, name, gender, organisation_id, unit, role, email, "
    "pnr_cipher, pnr_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (project_id, code) DO UPDATE SET name = excluded.name, "
    "gender = excluded.gender, organisation_id = excluded.organisation_id, "
    "unit = excluded.unit, role = excluded.role, email = excluded.email, "
    "pnr_cipher = coalesce(excluded.pnr_cipher, pnr_cipher), "
    "pnr_hash = coalesce(excluded.pnr_hash, pnr_hash) RETURNING id";

int64_t people_find(Db *db, int64_t project_id, const char *code)
{
    return rec_find(db, REF_PERSON, project_id, code);
}

/* Looks a hash up; shared by people_find_by_pnr and the upsert, which has the hash already. */
static int64_t find_by_hash(Db *db, int64_t project_id, const unsigned char *hash)
{
    sqlite3_stmt *st = db_stmt(db, SQL_PERSON_FIND_HASH);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_blob(st, 2, hash, SECRET_HASH_BYTES, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

int64_t people_find_by_pnr(Db *db, int64_t project_id, const char *pnr12, Errs *errs)
{
    Secret *key = db_secret(db, errs);
    if (!key)
        return 0;
    unsigned char hash[SECRET_HASH_BYTES];
    secret_hash(key, pnr12, hash);
    return find_by_hash(db, project_id, hash);
}

int people_upsert(Db *db, int64_t project_id, const PersonRec *p, int64_t *person_id,
                  const char *where, Errs *errs)
{
    int rc = INSATS_OK;
    unsigned char *blob = NULL;
    size_t blob_len = 0;
    unsigned char hash[SECRET_HASH_BYTES];
    if (person_id)
        *person_id = 0;

    if (p->pnr12) {
        Secret *key = db_secret(db, errs);
        if (!key) {
            rc = INSATS_ESTORAGE;
            goto out;
        }
        if (secret_seal(key, p->pnr12, &blob, &blob_len) != 0) {
            errs_add_field(errs, "personnummer", "%s: personnummer: not 12 digits", where);
            rc = INSATS_EINPUT;
            goto out;
        }
        secret_hash(key, p->pnr12, hash);
        /* Checked here rather than left to UNIQUE(pnr_hash) so the message says what it means. */
        int64_t holder = find_by_hash(db, project_id, hash);
        if (holder != 0 && holder != people_find(db, project_id, p->code)) {
            errs_add_field(errs, "personnummer",
                           "%s: personnummer: already belongs to another person of the project",
                           where);
            rc = INSATS_EINPUT;
            goto out;
        }
    }

    sqlite3_stmt *st = db_stmt(db, SQL_PERSON_UPSERT);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, p->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, p->gender, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, p->organisation_id);
    db_bind_text_or_null(st, 6, p->unit);
    db_bind_text_or_null(st, 7, p->role);
    db_bind_text_or_null(st, 8, p->email);
    if (blob) {
        sqlite3_bind_blob(st, 9, blob, (int)blob_len, SQLITE_STATIC);
        sqlite3_bind_blob(st, 10, hash, SECRET_HASH_BYTES, SQLITE_STATIC);
    }
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        if (person_id)
            *person_id = sqlite3_column_int64(st, 0);
        src = sqlite3_step(st);   /* finish the statement so the write is complete */
    }
    if (src != SQLITE_DONE) {
        rc = model_step_status(src);
        if (rc == INSATS_EINPUT)
            errs_add(errs, "%s: rejected by the database: %s", where, sqlite3_errmsg(db->h));
        else
            db_fail(db, errs, "cannot write a person");
    }
    sqlite3_reset(st);
out:
    free(blob);
    return rc;
}

int people_check_sealed(Db *db, int64_t *sealed, int64_t *unreadable, Errs *errs)
{
    *sealed = *unreadable = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT pnr_cipher FROM person WHERE pnr_cipher IS NOT NULL");
    Secret *s = NULL;
    int rc = INSATS_OK;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (!s && !(s = db_secret(db, errs))) {
            rc = INSATS_ESTORAGE;
            break;
        }
        char digits[13];
        (*sealed)++;
        if (secret_open(s, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
                        digits) != 0)
            (*unreadable)++;
        sodium_memzero(digits, sizeof digits);
    }
    if (rc == INSATS_OK && step != SQLITE_DONE)
        rc = db_fail(db, errs, "cannot read people");
    sqlite3_finalize(st);
    return rc;
}

/* ---- a person in the bundle's shape ------------------------------------------------------ */

/* Where a person's field problems are reported: the import or save, and the JSON path. */
typedef struct PeopleAt {
    Rec *r;
    const char *path;
} PeopleAt;

/* validate_person's report: "<source>: <path>.<field>: <why>" (the fields are named as the
 * bundle's keys). */
static void people_field_problem(void *ctx, const char *field, const char *why)
{
    PeopleAt *at = ctx;
    rec_fail(at->r, at->path, field, "%s", why);
}

static const char *const PERSON_KEYS[] = {"id", "name", "gender", "organisation", "unit", "role",
                                          "email", "personnummer", NULL};

void people_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, PERSON_KEYS))
        return;
    PersonRec p = {0};
    p.code = rec_code(r, o, path, "id");
    p.name = rec_str(r, o, path, "name", true);
    const char *gender = rec_str(r, o, path, "gender", true);
    if (gender) {
        Buf why = {0};
        if (!(p.gender = validate_gender(gender, &why)))
            rec_fail(r, path, "gender", "%s", why.data);
        buf_free(&why);
    }
    p.organisation_id = rec_ref(r, o, path, "organisation", true, REF_ORGANISATION);
    p.unit = rec_str(r, o, path, "unit", false);
    p.role = rec_str(r, o, path, "role", false);
    p.email = rec_str(r, o, path, "email", false);
    /* The same rules as the CSV import's for the text of a person. */
    PeopleAt at = {r, path};
    validate_person(&p, people_field_problem, &at);
    const char *pnr_in = rec_str(r, o, path, "personnummer", false);
    char pnr12[13];
    if (pnr_in) {
        const char *why = NULL;
        int64_t other;
        if (pnr_parse(pnr_in, r->today, pnr12, &why) != 0) {
            /* why never repeats the number; the input itself is never echoed. */
            rec_fail(r, path, "personnummer", "%s", why ? why : "not a personnummer");
        } else if (r->pnrs && idmap_get(r->pnrs, pnr12, &other)) {
            rec_fail(r, path, "personnummer", "the same personnummer as people[%" PRId64 "]",
                     other);
        } else {
            if (r->pnrs)
                idmap_put(r->pnrs, pnr12, (int64_t)index);
            p.pnr12 = pnr12;
        }
    }
    if (!p.code || !rec_claim(r, p.code) || !rec_writable(r))
        return;
    char where[REC_PATH_LEN + 64];
    snprintf(where, sizeof where, "%s%s%s", r->src, *path ? ": " : "", path);
    int64_t id = 0;
    int rc = people_upsert(r->db, r->project_id, &p, &id, where, r->errs);
    if (rc == INSATS_ESTORAGE)
        r->storage_failed = true;
    if (rc != INSATS_OK)
        return;
    rec_put(r, REF_PERSON, p.code, id);
    rec_count(r);
}

static const char SQL_PERSON_PNR[] =
    "SELECT id, organisation_id, pnr_cipher FROM person WHERE project_id = ?1 AND code = ?2";

int people_reveal_pnr(Db *db, const Actor *actor, int64_t project_id, const char *code,
                      char out[13], Errs *errs)
{
    out[0] = '\0';
    if (!actor || (actor->role != ROLE_MANAGER && actor->role != ROLE_COORDINATOR)) {
        errs_add(errs, "only a manager or the person's own coordinator may see a full "
                 "personnummer");
        return INSATS_EFORBIDDEN;
    }
    const Secret *key = db_secret(db, errs);
    if (!key)
        return INSATS_ESTORAGE;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, SQL_PERSON_PNR);
    stmt_bind_id(st, 1, project_id);
    stmt_bind_text(st, 2, code);
    StmtResult step = stmt_step(st);
    int64_t id = 0;
    if (step == STMT_ROW && !(actor->role == ROLE_COORDINATOR &&
                              stmt_int(st, 1) != actor->organisation_id)) {
        id = stmt_int(st, 0);
        size_t len = 0;
        const void *blob = stmt_is_null(st, 2) ? NULL : stmt_blob(st, 2, &len);
        if (!blob) {
            errs_add_field(errs, "personnummer", "person \"%.64s\" has no personnummer",
                           code ? code : "");
            rc = INSATS_EINPUT;
        } else if (secret_open(key, blob, len, out) != 0) {
            errs_add(errs, "person \"%.64s\": the stored personnummer cannot be decrypted with "
                     "this database's key", code ? code : "");
            rc = INSATS_ESTORAGE;
        }
    } else if (step == STMT_ROW || step == STMT_DONE) {
        errs_add(errs, "no person \"%.64s\" in the project", code ? code : "");
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the person");
    }
    stmt_done(st);
    if (rc == INSATS_OK)
        rc = audit_record(db, "reveal", "person", id, code, NULL, errs);
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    if (rc != INSATS_OK)
        sodium_memzero(out, 13);
    return rc;
}
