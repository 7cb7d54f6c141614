/* certificate.c — certificates (intyg): the bundle's records, the rule that issues and
 * withdraws those earned by attendance, issue and withdrawal by hand, the documents to print
 * and the public check of a verification code (certificate.h). */
#include "certificate.h"
#include "model.h"
#include "project.h"
#include "rec.h"
#include "record.h"
#include "reportnum.h"
#include "stmt.h"
#include "validate.h"

#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Crockford's base 32: digits and letters without I, L, O and U, which are read as 1, 1, 0
 * or mistaken for V — so a code read aloud or from paper comes out the same. */
static const char CODE_ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define REASON_MAX 500

/* ---- codes ------------------------------------------------------------------------------- */

bool certificate_code_normalize(const char *input, char out[CERTIFICATE_CODE_LEN + 1])
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *s = input ? input : ""; *s; s++) {
        int ch = toupper((unsigned char)*s);
        if (ch == '-' || ch == ' ' || ch == '\t')
            continue;
        if (ch == 'O')
            ch = '0';
        else if (ch == 'I' || ch == 'L')
            ch = '1';
        if (!ch || !strchr(CODE_ALPHABET, ch) || n == CERTIFICATE_CODE_LEN) {
            out[0] = '\0';
            return false;
        }
        out[n++] = (char)ch;
    }
    out[n] = '\0';
    if (n != CERTIFICATE_CODE_LEN) {
        out[0] = '\0';
        return false;
    }
    return true;
}

void certificate_code_show(const char *code, char out[CERTIFICATE_CODE_SHOWN])
{
    size_t n = code ? strlen(code) : 0;
    if (n != CERTIFICATE_CODE_LEN) {
        snprintf(out, CERTIFICATE_CODE_SHOWN, "%s", code ? code : "");
        return;
    }
    memcpy(out, code, 5);
    out[5] = '-';
    memcpy(out + 6, code + 5, 5);
    out[11] = '\0';
}

static const char SQL_CODE_TAKEN[] = "SELECT 1 FROM certificate WHERE verification = ?1";

/* A new verification code no certificate of the database has. libsodium's generator: the
 * codes are the secret that, with the check's rate limit, keeps them from being guessed. */
static void certificate_new_code(Db *db, char out[CERTIFICATE_CODE_LEN + 1])
{
    if (sodium_init() < 0)
        abort();   /* no source of randomness: nothing safe can be issued */
    for (;;) {
        for (size_t i = 0; i < CERTIFICATE_CODE_LEN; i++)
            out[i] = CODE_ALPHABET[randombytes_uniform(32)];
        out[CERTIFICATE_CODE_LEN] = '\0';
        Stmt *st = stmt_cached(db, SQL_CODE_TAKEN);
        stmt_bind_text(st, 1, out);
        bool taken = stmt_step(st) == STMT_ROW;
        stmt_done(st);
        if (!taken)
            return;
    }
}

/* ---- the bundle's records ----------------------------------------------------------------- */

static const char *const CERTIFICATE_KEYS[] = {"id", "title", "person", "activity", "issued",
    "basis", "reason", "withdrawn", "withdrawn_reason", "verification", NULL};

/* A code given in the bundle wins; without one, a new certificate gets ?11 and an existing
 * one keeps its own. */
static const char SQL_CERTIFICATE_UPSERT[] =
    "INSERT INTO certificate (project_id, code, person_id, activity_id, title, issued, basis,"
    " reason, withdrawn, withdrawn_reason, verification)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce(?12, ?11))"
    " ON CONFLICT (project_id, code) DO UPDATE SET"
    " person_id = excluded.person_id, activity_id = excluded.activity_id,"
    " title = excluded.title, issued = excluded.issued, basis = excluded.basis,"
    " reason = excluded.reason, withdrawn = excluded.withdrawn,"
    " withdrawn_reason = excluded.withdrawn_reason,"
    " verification = coalesce(?12, certificate.verification)";

void certificate_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    (void)index;
    if (!rec_object(r, o, path, CERTIFICATE_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    int64_t person = rec_ref(r, o, path, "person", true, REF_PERSON);
    int64_t activity = rec_ref(r, o, path, "activity", false, REF_ACTIVITY);
    const char *issued = rec_date(r, o, path, "issued", true);
    const char *basis = rec_enum(r, o, path, "basis", false, VOCAB_CERTIFICATE_BASIS);
    const char *reason = rec_str(r, o, path, "reason", false);
    const char *withdrawn = rec_date(r, o, path, "withdrawn", false);
    const char *why = rec_str(r, o, path, "withdrawn_reason", false);
    const char *given = rec_str(r, o, path, "verification", false);
    char verification[CERTIFICATE_CODE_LEN + 1] = "";
    if (given && !certificate_code_normalize(given, verification))
        rec_fail(r, path, "verification", "\"%.32s\" is not a verification code (10 characters "
                 "of 0–9 and A–Z without I, L, O, U; a hyphen may part them)", given);
    if (withdrawn && !why)
        rec_fail(r, path, "withdrawn_reason", "is required when \"withdrawn\" is given: say why "
                 "the certificate was withdrawn");
    if (why && !withdrawn)
        rec_fail(r, path, "withdrawn", "is required when \"withdrawn_reason\" is given");
    if (withdrawn && issued && strcmp(withdrawn, issued) < 0)
        rec_fail(r, path, "withdrawn", "%s is before the certificate was issued (%s)", withdrawn,
                 issued);
    if (!code || !rec_claim(r, code) || !rec_writable(r))
        return;
    char fresh[CERTIFICATE_CODE_LEN + 1];
    certificate_new_code(r->db, fresh);
    sqlite3_stmt *st = db_stmt(r->db, SQL_CERTIFICATE_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    sqlite3_bind_int64(st, 3, person);
    db_bind_id_or_null(st, 4, activity);
    rec_bind_text(st, 5, title);
    rec_bind_text(st, 6, issued);
    rec_bind_text(st, 7, basis ? basis : "attendance");
    rec_bind_text(st, 8, reason);
    rec_bind_text(st, 9, withdrawn);
    rec_bind_text(st, 10, why);
    rec_bind_text(st, 11, fresh);
    rec_bind_text(st, 12, *verification ? verification : NULL);
    rec_write(r, st, path, true);
}

/* ---- the rule ----------------------------------------------------------------------------- */

static const char SQL_EVAL_ACTIVITY[] =
    "SELECT a.project_id, a.code, a.title, a.status, a.gives_certificates,"
    " p.certificate_threshold_bp, (SELECT count(*) FROM session s WHERE s.activity_id = a.id)"
    " FROM activity a JOIN project p ON p.id = a.project_id WHERE a.id = ?1";

/* Each person marked for the activity, with the sessions they were present at; by person. */
static const char SQL_EVAL_PEOPLE[] =
    "SELECT t.person_id, p.code, sum(t.present) FROM session s"
    " JOIN attendance t ON t.session_id = s.id JOIN person p ON p.id = t.person_id"
    " WHERE s.activity_id = ?1 GROUP BY t.person_id ORDER BY t.person_id";

/* The activity's certificates: a valid one of a person first, then those earned by
 * attendance. */
static const char SQL_EVAL_CERTS[] =
    "SELECT id, person_id, basis, withdrawn FROM certificate WHERE activity_id = ?1"
    " ORDER BY person_id, withdrawn IS NOT NULL, basis <> 'attendance', id";

static const char SQL_EVAL_WITHDRAW[] =
    "UPDATE certificate SET withdrawn = ?2, withdrawn_reason = ?3 WHERE id = ?1";

static const char SQL_EVAL_REINSTATE[] =
    "UPDATE certificate SET withdrawn = NULL, withdrawn_reason = NULL WHERE id = ?1";

static const char SQL_EVAL_CODE_TAKEN[] =
    "SELECT 1 FROM certificate WHERE project_id = ?1 AND code = ?2";

static const char SQL_EVAL_INSERT[] =
    "INSERT INTO certificate (project_id, code, person_id, activity_id, title, issued, basis,"
    " verification) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

typedef struct EvalActivity {
    int64_t id, project_id;
    char *code, *title, *status;
    bool gives;
    int64_t threshold_bp, sessions;
} EvalActivity;

typedef struct EvalPerson {
    int64_t person_id;
    char *code;
    int64_t present;
} EvalPerson;

typedef struct EvalCert {
    int64_t id, person_id;
    bool attendance, withdrawn;
} EvalCert;

static void eval_activity_free(EvalActivity *a)
{
    free(a->code);
    free(a->title);
    free(a->status);
}

/* Reads the activity; INSATS_EINPUT when there is none. */
static int eval_activity_read(Db *db, int64_t activity_id, EvalActivity *a, Errs *errs)
{
    memset(a, 0, sizeof *a);
    Stmt *st = stmt_cached(db, SQL_EVAL_ACTIVITY);
    stmt_bind_int(st, 1, activity_id);
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_ROW) {
        a->id = activity_id;
        a->project_id = stmt_int(st, 0);
        a->code = xstrdup(stmt_text(st, 1));
        a->title = xstrdup(stmt_text(st, 2));
        a->status = xstrdup(stmt_text(st, 3));
        a->gives = stmt_int(st, 4) != 0;
        a->threshold_bp = stmt_int(st, 5);
        a->sessions = stmt_int(st, 6);
    } else if (r == STMT_DONE) {
        errs_add(errs, "certificates: no activity with row id %" PRId64, activity_id);
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the activity for its certificates");
    }
    stmt_done(st);
    return rc;
}

/* Whether present sessions of `sessions` reach the threshold (basis points), exactly. */
static bool eval_earns(int64_t present, int64_t sessions, int64_t threshold_bp)
{
    return sessions > 0 && present > 0 && present * 10000 >= threshold_bp * sessions;
}

/* Runs one write; a refusal (a frozen period) is told as model_rejection() tells it. */
static int eval_write(Db *db, Stmt *st, Errs *errs, const char *what)
{
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_CONSTRAINT) {
        Buf why = {0};
        model_rejection(db, &why);
        errs_add(errs, "%s: %s", what, why.data ? why.data : stmt_errmsg(st));
        buf_free(&why);
        rc = INSATS_EINPUT;
    } else if (r != STMT_DONE) {
        rc = stmt_fail(st, errs, what);
    }
    stmt_done(st);
    return rc;
}

/* The record id of a new certificate: "<activity>-<person>" when it fits and is free, else
 * "intyg-N" with the first free N. Caller frees. */
static char *eval_new_id(Db *db, const EvalActivity *a, const char *person_code)
{
    char *id = xasprintf("%s-%s", a->code, person_code);
    for (int64_t n = 1; ; n++) {
        Stmt *st = stmt_cached(db, SQL_EVAL_CODE_TAKEN);
        stmt_bind_int(st, 1, a->project_id);
        stmt_bind_text(st, 2, id);
        bool taken = strlen(id) > VALIDATE_CODE_MAX || stmt_step(st) == STMT_ROW;
        stmt_done(st);
        if (!taken)
            return id;
        free(id);
        id = xasprintf("intyg-%" PRId64, n);
    }
}

/* Inserts a certificate of the activity for the person, issued today with basis. */
static int eval_insert(Db *db, const EvalActivity *a, int64_t person_id, const char *person_code,
                       const char *today, const char *basis, const char *reason,
                       char **id_out, Errs *errs)
{
    char *id = eval_new_id(db, a, person_code);
    char code[CERTIFICATE_CODE_LEN + 1];
    certificate_new_code(db, code);
    char *title = xasprintf("Intyg: %s", a->title);
    Stmt *st = stmt_cached(db, SQL_EVAL_INSERT);
    stmt_bind_int(st, 1, a->project_id);
    stmt_bind_text(st, 2, id);
    stmt_bind_int(st, 3, person_id);
    stmt_bind_int(st, 4, a->id);
    stmt_bind_text(st, 5, title);
    stmt_bind_text(st, 6, today);
    stmt_bind_text(st, 7, basis);
    stmt_bind_text(st, 8, code);
    int rc = eval_write(db, st, errs, "cannot issue the certificate");
    free(title);
    if (rc == INSATS_OK && reason) {
        static const char SQL_REASON[] =
            "UPDATE certificate SET reason = ?3 WHERE project_id = ?1 AND code = ?2";
        st = stmt_cached(db, SQL_REASON);
        stmt_bind_int(st, 1, a->project_id);
        stmt_bind_text(st, 2, id);
        stmt_bind_text(st, 3, reason);
        rc = eval_write(db, st, errs, "cannot issue the certificate");
    }
    if (id_out && rc == INSATS_OK)
        *id_out = id;
    else
        free(id);
    return rc;
}

/* Basis points as a Swedish percentage without the sign: "80", "75,5", "66,67". */
static void certificate_percent(int64_t bp, char out[48])
{
    if (bp % 100 == 0)
        snprintf(out, 48, "%" PRId64, bp / 100);
    else if (bp % 10 == 0)
        snprintf(out, 48, "%" PRId64 ",%" PRId64, bp / 100, bp % 100 / 10);
    else
        snprintf(out, 48, "%" PRId64 ",%02" PRId64, bp / 100, bp % 100);
}

/* Why the person's certificate is withdrawn, in Swedish as the pages and the trail show it. */
static char *eval_reason(const EvalActivity *a, int64_t present)
{
    if (strcmp(a->status, "held") != 0) {
        const char *label = vocab_label(VOCAB_ACTIVITY_STATUS, a->status);
        return xasprintf("Aktiviteten är inte längre genomförd (status: %s).",
                         label ? label : a->status);
    }
    if (!a->gives)
        return xstrdup("Aktiviteten ger inte längre intyg.");
    char pct[48];
    certificate_percent(a->threshold_bp, pct);
    return xasprintf("Närvaron är %" PRId64 " av %" PRId64 " tillfällen efter ändrad närvaro, "
                     "under projektets gräns på %s %%.", present, a->sessions, pct);
}

static void eval_person_row(Stmt *st, void *dst)
{
    *(EvalPerson *)dst = (EvalPerson){stmt_int(st, 0), xstrdup(stmt_text(st, 1)),
                                      stmt_int(st, 2)};
}

static void eval_cert_row(Stmt *st, void *dst)
{
    *(EvalCert *)dst = (EvalCert){stmt_int(st, 0), stmt_int(st, 1),
                                  strcmp(stmt_text(st, 2), "attendance") == 0,
                                  !stmt_is_null(st, 3)};
}

/* The rows of `sql` for the activity, each made by `row` into an array of `size`-byte items
 * (*out, caller frees; *n of them). */
static int eval_rows(Db *db, const char *sql, int64_t activity_id, size_t size,
                     void (*row)(Stmt *, void *), void **out, size_t *n, Errs *errs)
{
    size_t cap = 0;
    char *items = NULL;
    *n = 0;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, activity_id);
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            items = xrealloc(items, cap * size);
        }
        row(st, items + (*n)++ * size);
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the certificates");
    stmt_done(st);
    *out = items;
    return rc;
}

static int eval_set(Db *db, const char *sql, int64_t id, const char *today, const char *reason,
                    Errs *errs)
{
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, id);
    if (today)
        stmt_bind_text(st, 2, today);
    if (reason)
        stmt_bind_text(st, 3, reason);
    return eval_write(db, st, errs, "cannot change the certificate");
}

int certificate_evaluate(Db *db, int64_t activity_id, const char *today,
                         CertificateChanges *out, Errs *errs)
{
    CertificateChanges ch = {0};
    char day[11];
    if (!today) {
        date_today(day);
        today = day;
    }
    EvalActivity a;
    int rc = eval_activity_read(db, activity_id, &a, errs);
    EvalPerson *people = NULL;
    EvalCert *certs = NULL;
    size_t np = 0, nc = 0;
    if (rc == INSATS_OK)
        rc = eval_rows(db, SQL_EVAL_PEOPLE, activity_id, sizeof *people, eval_person_row,
                       (void **)&people, &np, errs);
    if (rc == INSATS_OK)
        rc = eval_rows(db, SQL_EVAL_CERTS, activity_id, sizeof *certs, eval_cert_row,
                       (void **)&certs, &nc, errs);
    bool open = rc == INSATS_OK && strcmp(a.status, "held") == 0 && a.gives;
    /* Both lists are by person: one pass over the two. */
    size_t c = 0;
    for (size_t i = 0; rc == INSATS_OK && i < np; i++) {
        const EvalPerson *p = &people[i];
        while (c < nc && certs[c].person_id < p->person_id) {
            /* a certificate of someone no longer marked for the activity at all */
            if (certs[c].attendance && !certs[c].withdrawn) {
                char *why = eval_reason(&a, 0);
                rc = eval_set(db, SQL_EVAL_WITHDRAW, certs[c].id, today, why, errs);
                free(why);
                ch.withdrawn++;
            }
            c++;
        }
        size_t first = c;
        while (c < nc && certs[c].person_id == p->person_id)
            c++;
        if (rc != INSATS_OK)
            break;
        bool earns = open && eval_earns(p->present, a.sessions, a.threshold_bp);
        /* certs[first] is the person's valid one when they have one (the order of the query) */
        bool has = c > first;
        bool valid = has && !certs[first].withdrawn;
        if (earns && !valid) {
            const EvalCert *back = NULL;
            for (size_t k = first; k < c && !back; k++)
                if (certs[k].attendance)
                    back = &certs[k];
            if (back) {
                rc = eval_set(db, SQL_EVAL_REINSTATE, back->id, NULL, NULL, errs);
                ch.reinstated++;
            } else if (!has) {
                rc = eval_insert(db, &a, p->person_id, p->code, today, "attendance", NULL, NULL,
                                 errs);
                ch.issued++;
            }
            /* only a certificate withdrawn by hand: that decision stands */
        } else if (!earns) {
            for (size_t k = first; k < c && rc == INSATS_OK; k++) {
                if (!certs[k].attendance || certs[k].withdrawn)
                    continue;
                char *why = eval_reason(&a, p->present);
                rc = eval_set(db, SQL_EVAL_WITHDRAW, certs[k].id, today, why, errs);
                free(why);
                ch.withdrawn++;
            }
        }
    }
    for (; rc == INSATS_OK && c < nc; c++) {
        if (certs[c].attendance && !certs[c].withdrawn) {
            char *why = eval_reason(&a, 0);
            rc = eval_set(db, SQL_EVAL_WITHDRAW, certs[c].id, today, why, errs);
            free(why);
            ch.withdrawn++;
        }
    }
    for (size_t i = 0; i < np; i++)
        free(people[i].code);
    free(people);
    free(certs);
    if (a.id)
        eval_activity_free(&a);
    if (out)
        *out = rc == INSATS_OK ? ch : (CertificateChanges){0};
    return rc;
}

/* ---- on someone's behalf ------------------------------------------------------------------ */

static const char SQL_ACTIVITY_ID[] =
    "SELECT id, status, gives_certificates FROM activity WHERE project_id = ?1 AND code = ?2";

/* The manager's rule for writing certificates, with its message. */
static bool certificate_may_write(const Actor *actor, Errs *errs)
{
    if (record_may_write(actor, "certificate", 0))
        return true;
    errs_add(errs, "certificates: the role %s may not issue or withdraw certificates",
             actor ? actor_role_name(actor->role) : "(none)");
    return false;
}

/* The activity's row id (0 after a message), its status and whether it gives certificates. */
static int64_t certificate_activity(Db *db, int64_t project_id, const char *code,
                                    char status[16], bool *gives, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_ACTIVITY_ID);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, code);
    int64_t id = 0;
    if (stmt_step(st) == STMT_ROW) {
        id = stmt_int(st, 0);
        snprintf(status, 16, "%s", stmt_text(st, 1));
        *gives = stmt_int(st, 2) != 0;
    }
    stmt_done(st);
    if (!id)
        errs_add_field(errs, "activity", "certificates: activity: no activity \"%.64s\" in the "
                       "project", code ? code : "");
    return id;
}

int certificate_issue_activity(Db *db, const Actor *actor, int64_t project_id,
                               const char *activity_code, CertificateChanges *out, Errs *errs)
{
    if (out)
        *out = (CertificateChanges){0};
    if (!certificate_may_write(actor, errs))
        return INSATS_EFORBIDDEN;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    char status[16] = "";
    bool gives = false;
    int64_t aid = certificate_activity(db, project_id, activity_code, status, &gives, errs);
    if (!aid) {
        rc = INSATS_EINPUT;
    } else if (strcmp(status, "held") != 0) {
        const char *label = vocab_label(VOCAB_ACTIVITY_STATUS, status);
        errs_add_field(errs, "activity", "certificates: activity \"%.64s\" is %s (%s), not held: "
                       "certificates are issued when it is marked held (status held)",
                       activity_code, status, label ? label : status);
        rc = INSATS_EINPUT;
    } else if (!gives) {
        errs_add_field(errs, "activity", "certificates: activity \"%.64s\" gives no "
                       "certificates (gives_certificates is false); change that on the "
                       "activity first, or issue one by hand with a reason", activity_code);
        rc = INSATS_EINPUT;
    } else {
        rc = certificate_evaluate(db, aid, NULL, out, errs);
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    if (rc != INSATS_OK && out)
        *out = (CertificateChanges){0};
    return rc;
}

/* A reason given by hand: required, one paragraph of at most REASON_MAX characters. */
static bool certificate_reason_ok(const char *reason, Errs *errs)
{
    if (!reason || !*reason || strspn(reason, " \t\r\n") == strlen(reason)) {
        errs_add_field(errs, "reason", "certificates: reason: is required: say why");
        return false;
    }
    size_t chars = 0;
    for (const char *c = reason; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    if (chars > REASON_MAX) {
        errs_add_field(errs, "reason", "certificates: reason: at most %d characters", REASON_MAX);
        return false;
    }
    return true;
}

static const char SQL_PERSON_ID[] =
    "SELECT id, code FROM person WHERE project_id = ?1 AND code = ?2";

static const char SQL_PERSON_CERT[] =
    "SELECT id, code, withdrawn FROM certificate WHERE activity_id = ?1 AND person_id = ?2"
    " ORDER BY withdrawn IS NOT NULL, id LIMIT 1";

static const char SQL_MANUAL_REINSTATE[] =
    "UPDATE certificate SET withdrawn = NULL, withdrawn_reason = NULL, basis = 'manual',"
    " reason = ?2 WHERE id = ?1";

int certificate_issue_manual(Db *db, const Actor *actor, int64_t project_id,
                             const char *activity_code, const char *person_code,
                             const char *reason, char *code_out, size_t cap, Errs *errs)
{
    if (code_out && cap)
        *code_out = '\0';
    if (!certificate_may_write(actor, errs))
        return INSATS_EFORBIDDEN;
    if (!certificate_reason_ok(reason, errs))
        return INSATS_EINPUT;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    char status[16] = "";
    bool gives = false;
    int64_t aid = certificate_activity(db, project_id, activity_code, status, &gives, errs);
    Stmt *st = stmt_cached(db, SQL_PERSON_ID);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, person_code);
    int64_t pid = stmt_step(st) == STMT_ROW ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (!pid)
        errs_add_field(errs, "person", "certificates: person: no person \"%.64s\" in the project",
                       person_code ? person_code : "");
    rc = aid && pid ? INSATS_OK : INSATS_EINPUT;
    char *id = NULL;
    if (rc == INSATS_OK) {
        st = stmt_cached(db, SQL_PERSON_CERT);
        stmt_bind_int(st, 1, aid);
        stmt_bind_int(st, 2, pid);
        int64_t cid = 0;
        bool withdrawn = false;
        if (stmt_step(st) == STMT_ROW) {
            cid = stmt_int(st, 0);
            id = xstrdup(stmt_text(st, 1));
            withdrawn = !stmt_is_null(st, 2);
        }
        stmt_done(st);
        if (cid && !withdrawn) {
            errs_add_field(errs, "person", "certificates: person \"%.64s\" holds certificate "
                           "\"%.64s\" of this activity already", person_code, id);
            rc = INSATS_EINPUT;
        } else if (cid) {
            st = stmt_cached(db, SQL_MANUAL_REINSTATE);
            stmt_bind_int(st, 1, cid);
            stmt_bind_text(st, 2, reason);
            rc = eval_write(db, st, errs, "cannot issue the certificate");
        } else {
            EvalActivity a;
            rc = eval_activity_read(db, aid, &a, errs);
            char today[11];
            date_today(today);
            if (rc == INSATS_OK)
                rc = eval_insert(db, &a, pid, person_code, today, "manual", reason, &id, errs);
            if (a.id)
                eval_activity_free(&a);
        }
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    if (rc == INSATS_OK && code_out && cap && id)
        snprintf(code_out, cap, "%s", id);
    free(id);
    return rc;
}

static const char SQL_CERT_FIND[] =
    "SELECT id, withdrawn FROM certificate WHERE project_id = ?1 AND code = ?2";

static const char SQL_MANUAL_WITHDRAW[] =
    "UPDATE certificate SET withdrawn = ?2, withdrawn_reason = ?3, basis = 'manual' WHERE id = ?1";

int certificate_withdraw(Db *db, const Actor *actor, int64_t project_id, const char *code,
                         const char *reason, Errs *errs)
{
    if (!certificate_may_write(actor, errs))
        return INSATS_EFORBIDDEN;
    if (!certificate_reason_ok(reason, errs))
        return INSATS_EINPUT;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, SQL_CERT_FIND);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, code);
    int64_t id = 0;
    char withdrawn[11] = "";
    if (stmt_step(st) == STMT_ROW) {
        id = stmt_int(st, 0);
        snprintf(withdrawn, sizeof withdrawn, "%s", stmt_is_null(st, 1) ? "" : stmt_text(st, 1));
    }
    stmt_done(st);
    if (!id) {
        errs_add(errs, "certificates: no certificate \"%.64s\" in the project", code ? code : "");
        rc = INSATS_EINPUT;
    } else if (*withdrawn) {
        errs_add(errs, "certificates: certificate \"%.64s\" was withdrawn on %s already", code,
                 withdrawn);
        rc = INSATS_EINPUT;
    } else {
        char today[11];
        date_today(today);
        st = stmt_cached(db, SQL_MANUAL_WITHDRAW);
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, today);
        stmt_bind_text(st, 3, reason);
        rc = eval_write(db, st, errs, "cannot withdraw the certificate");
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    return rc;
}

/* ---- the public check --------------------------------------------------------------------- */

static const char SQL_VERIFY[] =
    "SELECT p.name, coalesce(a.title, c.title), c.issued, c.withdrawn FROM certificate c"
    " JOIN person p ON p.id = c.person_id LEFT JOIN activity a ON a.id = c.activity_id"
    " WHERE c.verification = ?1";

int certificate_verify(Db *db, const char *input, CertificateCheck *out, Errs *errs)
{
    memset(out, 0, sizeof *out);
    char code[CERTIFICATE_CODE_LEN + 1];
    /* A malformed code is looked up too (as one nobody has), so that it takes as long. */
    bool ok = certificate_code_normalize(input, code);
    Stmt *st = stmt_cached(db, SQL_VERIFY);
    stmt_bind_text(st, 1, ok ? code : "");
    StmtResult r = stmt_step(st);
    int rc = INSATS_EINPUT;
    if (r == STMT_ROW) {
        snprintf(out->name, sizeof out->name, "%s", stmt_text(st, 0));
        snprintf(out->activity, sizeof out->activity, "%s", stmt_text(st, 1));
        snprintf(out->issued, sizeof out->issued, "%s", stmt_text(st, 2));
        snprintf(out->withdrawn, sizeof out->withdrawn, "%s",
                 stmt_is_null(st, 3) ? "" : stmt_text(st, 3));
        rc = INSATS_OK;
    } else if (r != STMT_DONE) {
        rc = stmt_fail(st, errs, "cannot look the certificate up");
    }
    stmt_done(st);
    return rc;
}

/* ---- documents and lists ------------------------------------------------------------------- */

/* Who may read certificates with names: the manager; a coordinator their organisation's
 * people's (*org set). */
static bool certificate_may_read(const Actor *actor, int64_t *org, Errs *errs)
{
    *org = 0;
    if (actor && actor->role == ROLE_MANAGER)
        return true;
    if (actor && actor->role == ROLE_COORDINATOR && actor->organisation_id > 0) {
        *org = actor->organisation_id;
        return true;
    }
    errs_add(errs, "certificates: the role %s may not see certificates",
             actor ? actor_role_name(actor->role) : "(none)");
    return false;
}

/* Certificates with what a printed one shows; ?1 project, ?2 certificate code or NULL, ?3
 * activity code or NULL, ?4 a coordinator's organisation or 0. */
static const char SQL_DOCS[] =
    "SELECT c.code, p.code, p.name, a.code, coalesce(a.title, c.title), ca.name,"
    " (SELECT min(s.session_date) FROM session s WHERE s.activity_id = a.id),"
    " (SELECT max(s.session_date) FROM session s WHERE s.activity_id = a.id),"
    " (SELECT sum(s.hours_c) FROM session s WHERE s.activity_id = a.id),"
    " (SELECT count(*) FROM session s WHERE s.activity_id = a.id),"
    " c.issued, c.verification, c.withdrawn, c.withdrawn_reason"
    " FROM certificate c JOIN person p ON p.id = c.person_id"
    " LEFT JOIN activity a ON a.id = c.activity_id"
    " LEFT JOIN competence_area ca ON ca.id = a.area_id"
    " WHERE c.project_id = ?1 AND (?2 IS NULL OR c.code = ?2)"
    " AND (?3 IS NULL OR a.code = ?3) AND (?4 = 0 OR p.organisation_id = ?4)"
    " ORDER BY p.name COLLATE sv, p.code, c.code";

static const char SQL_DOC_PROJECT[] =
    "SELECT name, diarienummer, certificate_threshold_bp FROM project WHERE id = ?1";

static json_t *doc_text(Stmt *st, int col)
{
    return stmt_is_null(st, col) ? json_null() : json_string(stmt_text(st, col));
}

int certificate_documents(Db *db, const Actor *actor, int64_t project_id,
                          const char *cert_code, const char *activity_code,
                          const char *verify_base, json_t **out, Errs *errs)
{
    *out = NULL;
    int64_t org;
    if (!certificate_may_read(actor, &org, errs))
        return INSATS_EFORBIDDEN;
    json_t *doc = json_object(), *list = json_array();
    json_object_set_new(doc, "report", json_string("certificates"));
    Stmt *st = stmt_cached(db, SQL_DOC_PROJECT);
    stmt_bind_int(st, 1, project_id);
    if (stmt_step(st) == STMT_ROW) {
        json_t *p = json_object();
        json_object_set_new(p, "name", doc_text(st, 0));
        json_object_set_new(p, "diarienummer", doc_text(st, 1));
        json_object_set_new(doc, "project", p);
        json_object_set_new(doc, "threshold", json_real((double)stmt_int(st, 2) / 100.0));
    }
    stmt_done(st);
    /* the funder's statement: the project's setting, else the default wording */
    ProjectSettings set;
    int rc = project_settings_get(db, project_id, &set, errs);
    if (rc != INSATS_OK) {
        json_decref(doc);
        json_decref(list);
        return rc;
    }
    json_object_set_new(doc, "statement", json_string(set.statement));
    st = stmt_cached(db, SQL_DOCS);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, cert_code);
    stmt_bind_text(st, 3, cert_code ? NULL : activity_code);
    stmt_bind_int(st, 4, org);
    StmtResult r;
    size_t found = 0;
    while ((r = stmt_step(st)) == STMT_ROW) {
        found++;
        if (!stmt_is_null(st, 12)) {
            if (cert_code) {
                errs_add(errs, "certificates: certificate \"%.64s\" was withdrawn on %s (%s): "
                         "a withdrawn certificate is not printed", cert_code, stmt_text(st, 12),
                         stmt_text(st, 13) ? stmt_text(st, 13) : "");
                rc = INSATS_EINPUT;
            }
            continue;
        }
        json_t *c = json_object();
        json_object_set_new(c, "id", doc_text(st, 0));
        json_object_set_new(c, "person", doc_text(st, 1));
        json_object_set_new(c, "name", doc_text(st, 2));
        json_object_set_new(c, "activity", doc_text(st, 3));
        json_object_set_new(c, "title", doc_text(st, 4));
        json_object_set_new(c, "area", doc_text(st, 5));
        json_object_set_new(c, "first", doc_text(st, 6));
        json_object_set_new(c, "last", doc_text(st, 7));
        json_object_set_new(c, "hours", stmt_is_null(st, 8) ? json_null()
                                                            : reportnum_hours(stmt_int(st, 8)));
        json_object_set_new(c, "sessions", json_integer(stmt_int(st, 9)));
        json_object_set_new(c, "issued", doc_text(st, 10));
        char shown[CERTIFICATE_CODE_SHOWN];
        certificate_code_show(stmt_text(st, 11), shown);
        json_object_set_new(c, "verification", json_string(shown));
        char *url = xasprintf("%s/verify/%s", verify_base ? verify_base : "", stmt_text(st, 11));
        json_object_set_new(c, "verify_url", json_string(url));
        free(url);
        json_array_append_new(list, c);
    }
    if (r != STMT_DONE && rc == INSATS_OK)
        rc = stmt_fail(st, errs, "cannot read the certificates");
    stmt_done(st);
    if (rc == INSATS_OK && !found) {
        if (cert_code)
            errs_add(errs, "certificates: no certificate \"%.64s\" in the project", cert_code);
        else if (org)
            errs_add(errs, "certificates: activity \"%.64s\" has no certificates of your "
                     "organisation", activity_code ? activity_code : "");
        else
            errs_add(errs, "certificates: activity \"%.64s\" has no certificates",
                     activity_code ? activity_code : "");
        rc = INSATS_EINPUT;
    } else if (rc == INSATS_OK && json_array_size(list) == 0) {
        errs_add(errs, "certificates: every certificate of activity \"%.64s\" is withdrawn",
                 activity_code ? activity_code : "");
        rc = INSATS_EINPUT;
    }
    json_object_set_new(doc, "certificates", list);
    if (rc == INSATS_OK)
        *out = doc;
    else
        json_decref(doc);
    return rc;
}

static const char SQL_LIST[] =
    "SELECT c.code, p.code, p.name, o.code, c.issued, c.basis, c.reason, c.withdrawn,"
    " c.withdrawn_reason, c.verification"
    " FROM certificate c JOIN activity a ON a.id = c.activity_id"
    " JOIN person p ON p.id = c.person_id JOIN organisation o ON o.id = p.organisation_id"
    " WHERE a.project_id = ?1 AND a.code = ?2 AND (?3 = 0 OR p.organisation_id = ?3)"
    " ORDER BY p.name COLLATE sv, p.code, c.code";

/* How many people earn the activity's certificate now (the rule, for the page). */
static const char SQL_EARNING[] =
    "SELECT count(*) FROM (SELECT t.person_id FROM session s"
    " JOIN attendance t ON t.session_id = s.id JOIN person p ON p.id = t.person_id"
    " WHERE s.activity_id = ?1 AND (?4 = 0 OR p.organisation_id = ?4) GROUP BY t.person_id"
    " HAVING sum(t.present) > 0 AND sum(t.present) * 10000 >= ?2 * ?3)";

int certificate_activity_list(Db *db, const Actor *actor, int64_t project_id,
                              const char *activity_code, json_t **out, Errs *errs)
{
    *out = NULL;
    int64_t org;
    if (!certificate_may_read(actor, &org, errs))
        return INSATS_EFORBIDDEN;
    char status[16] = "";
    bool gives = false;
    int64_t aid = certificate_activity(db, project_id, activity_code, status, &gives, errs);
    if (!aid)
        return INSATS_EINPUT;
    EvalActivity a;
    int rc = eval_activity_read(db, aid, &a, errs);
    if (rc != INSATS_OK)
        return rc;
    json_t *res = json_object(), *list = json_array();
    json_object_set_new(res, "status", json_string(a.status));
    json_object_set_new(res, "gives_certificates", json_boolean(a.gives));
    json_object_set_new(res, "threshold", json_real((double)a.threshold_bp / 100.0));
    json_object_set_new(res, "sessions", json_integer(a.sessions));
    Stmt *st = stmt_cached(db, SQL_EARNING);
    stmt_bind_int(st, 1, aid);
    stmt_bind_int(st, 2, a.threshold_bp);
    stmt_bind_int(st, 3, a.sessions);
    stmt_bind_int(st, 4, org);
    json_object_set_new(res, "earning",
                        json_integer(stmt_step(st) == STMT_ROW && a.sessions ? stmt_int(st, 0)
                                                                             : 0));
    stmt_done(st);
    st = stmt_cached(db, SQL_LIST);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, activity_code);
    stmt_bind_int(st, 3, org);
    StmtResult r;
    static const char *const keys[] = {"id", "person", "name", "organisation", "issued",
                                       "basis", "reason", "withdrawn", "withdrawn_reason"};
    while ((r = stmt_step(st)) == STMT_ROW) {
        json_t *c = json_object();
        for (int k = 0; k < 9; k++)
            json_object_set_new(c, keys[k], doc_text(st, k));
        char shown[CERTIFICATE_CODE_SHOWN];
        certificate_code_show(stmt_text(st, 9), shown);
        json_object_set_new(c, "verification", json_string(shown));
        json_array_append_new(list, c);
    }
    if (r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot read the certificates");
    stmt_done(st);
    json_object_set_new(res, "certificates", list);
    eval_activity_free(&a);
    if (rc == INSATS_OK)
        *out = res;
    else
        json_decref(res);
    return rc;
}
