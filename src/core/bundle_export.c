/* bundle_export.c — writes a project as an insats bundle (docs/bundle-format.md).
 *
 * Deterministic by construction: every query has a total ORDER BY (records by id, positional
 * lists by position), objects are built with their keys in the documented order and every
 * optional key present, and numbers stored as integers (öre, hundredths of an hour, basis
 * points) are turned into JSON numbers that print exactly.
 *
 * Fast on a large project (50,000 people, 1,000,000 attendance rows): one query per table.
 * A child query (sessions, attendance, …) is ordered by its parent's id first, in the same
 * order as the parents were read, so each row finds its parent by walking a cursor forward
 * instead of a query or a lookup per parent.
 *
 * The same builder serves `insats show` (browse.c) through bundle_export_section() with a
 * code filter, so that a record looks the same in both places. */
#include "db.h"
#include "browse.h"
#include "bundle.h"
#include "outfile.h"
#include "pnr.h"
#include "secret.h"
#include "util.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Largest number of nested lists a record carries (activities: organisations, sessions,
 * attendance; meetings: attendees, agenda, actions). */
#define REC_LISTS 3

/* The state of one export: which project, which record (code filter) and how personnummer
 * appear. */
typedef struct Ex {
    Db *db;
    int64_t pid;
    const char *code;       /* only the record with this id, or NULL for all */
    const char *after;      /* only codes after this one (NULL: from the first) */
    const char *upto;       /* only codes up to this one (NULL: to the last) */
    int64_t org_id;         /* people, proposals, certificates: only this organisation's (0: all) */
    bool part;              /* one call for a part of a section (a page, one record): the
                             * person codes are read for that part only */
    BundlePnr pnr;
    Errs *errs;
    bool bad_text;          /* a stored text was not UTF-8 */
    /* Person codes by person id, read once when attendance needs them: a million
     * attendance rows then share 50,000 strings instead of each holding its own copy. */
    int64_t *person_ids;    /* ascending */
    json_t **person_codes;
    size_t npeople;
    bool people_loaded;
} Ex;

/* A record already built, with its nested lists, so that child rows can be attached. */
typedef struct Rec {
    int64_t id;
    json_t *obj;
    json_t *list[REC_LISTS];  /* borrowed: owned by obj */
} Rec;

/* Records in the order they were read, and a cursor for the forward walk. */
typedef struct Recs {
    Rec *v;
    size_t n, cap, cur;
} Recs;

static void recs_add(Recs *r, const Rec *rec)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->v = xrealloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n++] = *rec;
}

static void recs_free(Recs *r)
{
    free(r->v);
    memset(r, 0, sizeof *r);
}

/* Finds the parent with `id` at or after the cursor. Child rows come in parent order, so the
 * cursor only moves forward; NULL means the orders disagree (a bug). */
static Rec *recs_seek(Recs *r, int64_t id)
{
    while (r->cur < r->n && r->v[r->cur].id != id)
        r->cur++;
    return r->cur < r->n ? &r->v[r->cur] : NULL;
}

/* The range of codes ?3 <= code <= ?4 of a query (either NULL: open), written so that the index
 * on (project_id, code) serves it: no text is less than '' nor greater than a blob. ex_query
 * binds it from the code filter (one code: both ends) or from after/upto. */
#define RANGE(a) " AND " a ".code >= coalesce(?3, '') AND " a ".code <= coalesce(?4, x'ff')"
/* The organisation scope ?5 of a coordinator (NULL: every organisation). */
#define ORG_SCOPE(col) " AND (?5 IS NULL OR " col " = ?5)"

/* Prepares sql with ?1 = the project, ?2 = the code filter (NULL: all records), ?3/?4 = the
 * range of codes (a page of the API, or the activities written in one piece) and ?5 = the
 * organisation scope. Queries that do not use a parameter simply ignore its binding. Caller
 * finalizes. */
static sqlite3_stmt *ex_query(Ex *x, const char *sql)
{
    sqlite3_stmt *st = db_prepare(x->db, sql);
    sqlite3_bind_int64(st, 1, x->pid);
    db_bind_text_or_null(st, 2, x->code);
    if (x->code) {
        sqlite3_bind_text(st, 3, x->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, x->code, -1, SQLITE_STATIC);
    } else {
        /* Codes hold no control characters, so the least code after `after` is at least
         * after + "\x01". */
        if (x->after)
            sqlite3_bind_text(st, 3, xasprintf("%s\x01", x->after), -1, free);
        db_bind_text_or_null(st, 4, x->upto);
    }
    if (x->org_id)
        sqlite3_bind_int64(st, 5, x->org_id);
    return st;
}

/* Finalizes a query whose last step returned step_rc; a step other than DONE is a storage
 * error named by `what`. */
static int ex_finish(Ex *x, sqlite3_stmt *st, int step_rc, int rc, const char *what)
{
    if (rc == INSATS_OK && step_rc != SQLITE_DONE)
        rc = db_fail(x->db, x->errs, what);
    sqlite3_finalize(st);
    return rc;
}

static json_t *ex_text(Ex *x, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return json_null();
    const char *s = (const char *)sqlite3_column_text(st, i);
    json_t *v = json_stringn(s, (size_t)sqlite3_column_bytes(st, i));
    if (!v) {
        /* Import only stores valid UTF-8; report rather than write invalid JSON. */
        x->bad_text = true;
        return json_null();
    }
    return v;
}

static json_t *ex_int(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return json_null();
    return json_integer(sqlite3_column_int64(st, i));
}

/* Hundredths (öre, hundredths of an hour) as a JSON number: an integer when whole, else a
 * real. A value with two decimals printed with 15 significant digits (the precision the
 * file is dumped with) gives back exactly those decimals: 34950 → 349.5, 5 → 0.05. */
json_t *bundle_hundredths(int64_t v)
{
    if (v % 100 == 0)
        return json_integer(v / 100);
    return json_real((double)v / 100.0);
}

static json_t *ex_hundredths(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return json_null();
    return bundle_hundredths(sqlite3_column_int64(st, i));
}

/* Basis points as a fraction: 1000 → 0.1. Always a real, as the format's fractions are. */
static json_t *json_fraction(int64_t bp)
{
    return json_real((double)bp / 10000.0);
}

/* The personnummer of the person whose stored cipher is column i, in the form x->pnr asks
 * for; json null when none is stored. Returns NULL (message in errs) when the key cannot be
 * read or the cipher does not open. The clear digits are wiped before returning. */
static json_t *ex_pnr(Ex *x, sqlite3_stmt *st, int i, const char *person)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return json_null();
    /* The key is loaded only when a personnummer is actually there to decrypt. */
    const Secret *key = db_secret(x->db, x->errs);
    if (!key)
        return NULL;
    char digits[13];
    if (secret_open(key, sqlite3_column_blob(st, i), (size_t)sqlite3_column_bytes(st, i),
                    digits) != 0) {
        errs_add(x->errs, "%s: person \"%s\": the stored personnummer cannot be decrypted with "
                 "the key %s (is it the key this database was made with?)",
                 x->db->path, person, x->db->key_path);
        return NULL;
    }
    char shown[14];
    if (x->pnr == BUNDLE_PNR_FULL) {
        memcpy(shown, digits, 8);
        shown[8] = '-';
        memcpy(shown + 9, digits + 8, 5);  /* with the NUL */
    } else {
        pnr_mask(digits, shown);
    }
    json_t *v = json_string(shown);
    sodium_memzero(digits, sizeof digits);
    sodium_memzero(shown, sizeof shown);
    return v;
}

/* Reads the person codes of the project, sorted by person id (see Ex). */
static int ex_load_people(Ex *x)
{
    if (x->people_loaded)
        return INSATS_OK;
    x->people_loaded = true;
    /* A part of the activities (a page, one record) needs only the people it names. */
    sqlite3_stmt *st = ex_query(x, x->part ? "SELECT DISTINCT p.id, p.code FROM activity a"
                                          " JOIN session s ON s.activity_id = a.id"
                                          " JOIN attendance t ON t.session_id = s.id"
                                          " JOIN person p ON p.id = t.person_id"
                                          " WHERE a.project_id = ?1" RANGE("a") " ORDER BY p.id"
                                        : "SELECT id, code FROM person WHERE project_id = ?1"
                                          " ORDER BY id");
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (x->npeople == cap) {
            cap = cap ? cap * 2 : 256;
            x->person_ids = xrealloc(x->person_ids, cap * sizeof *x->person_ids);
            x->person_codes = xrealloc(x->person_codes, cap * sizeof *x->person_codes);
        }
        x->person_ids[x->npeople] = sqlite3_column_int64(st, 0);
        x->person_codes[x->npeople++] = ex_text(x, st, 1);
    }
    return ex_finish(x, st, step, INSATS_OK, "cannot read people");
}

/* The shared code of person `id` (a new reference), or null when there is no such person. */
static json_t *ex_person_code(Ex *x, int64_t id)
{
    size_t lo = 0, hi = x->npeople;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->person_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < x->npeople && x->person_ids[lo] == id)
        return json_incref(x->person_codes[lo]);
    return json_null();
}

static void ex_free(Ex *x)
{
    for (size_t i = 0; i < x->npeople; i++)
        json_decref(x->person_codes[i]);
    free(x->person_codes);
    free(x->person_ids);
    x->person_codes = NULL;
    x->person_ids = NULL;
    x->npeople = 0;
    x->people_loaded = false;
}

/* Runs one query and turns each row into a JSON value.
 *
 * Columns: the parent's id first when `parents` is given, then the row's own id when `out`
 * is given, then one column per key of `keys` (NULL-terminated), typed by `types`:
 *   s text or null   i integer or null   h hundredths or null   b boolean
 *   R a person id, written as the person's code (shared strings, see Ex)
 *   P personnummer cipher (a key only when x->pnr asks for it)
 *   A / O a new empty array / object (no column), kept in the Rec for child rows.
 * keys NULL: each row is the single text column, appended as a plain string.
 * The value goes to the parent's list[slot] when `parents` is given, else to `arr`; the
 * row's Rec is added to `out` when given. */
static int ex_rows(Ex *x, const char *sql, const char *const *keys, const char *types,
                   json_t *arr, Recs *parents, int slot, Recs *out, const char *what)
{
    int rc = strchr(types, 'R') ? ex_load_people(x) : INSATS_OK;
    if (rc != INSATS_OK)
        return rc;
    sqlite3_stmt *st = ex_query(x, sql);
    int step;
    /* The previous row's text per key: a repeated value (the session of consecutive
     * attendance rows, say) shares one string. Borrowed from objects already in the tree. */
    json_t *prev[16] = {0};
    assert(!keys || strlen(types) <= 16);
    if (parents)
        parents->cur = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int col = 0;
        json_t *dest = arr;
        if (parents) {
            Rec *p = recs_seek(parents, sqlite3_column_int64(st, col++));
            if (!p) {
                errs_add(x->errs, "internal error: %s are not in the order of their records",
                         what);
                rc = INSATS_ESTORAGE;
                break;
            }
            dest = p->list[slot];
        }
        Rec rec = {0};
        if (out)
            rec.id = sqlite3_column_int64(st, col++);
        if (!keys) {
            json_array_append_new(dest, ex_text(x, st, col));
            continue;
        }
        json_t *obj = json_object();
        rec.obj = obj;
        int nlist = 0;
        for (size_t k = 0; keys[k] && rc == INSATS_OK; k++) {
            json_t *v = NULL;
            switch (types[k]) {
            case 's':
                if (prev[k] && sqlite3_column_type(st, col) == SQLITE_TEXT &&
                    (size_t)sqlite3_column_bytes(st, col) == json_string_length(prev[k]) &&
                    memcmp(sqlite3_column_text(st, col), json_string_value(prev[k]),
                           json_string_length(prev[k])) == 0) {
                    v = json_incref(prev[k]);
                    col++;
                } else {
                    v = ex_text(x, st, col++);
                    prev[k] = json_is_string(v) ? v : NULL;
                }
                break;
            case 'R': v = ex_person_code(x, sqlite3_column_int64(st, col++)); break;
            case 'i': v = ex_int(st, col++); break;
            case 'h': v = ex_hundredths(st, col++); break;
            case 'b': v = json_boolean(sqlite3_column_int(st, col++)); break;
            case 'A':
            case 'O':
                v = types[k] == 'A' ? json_array() : json_object();
                rec.list[nlist++] = v;
                break;
            case 'P':
                if (x->pnr == BUNDLE_PNR_NONE) {
                    col++;
                    continue;
                }
                v = ex_pnr(x, st, col++, json_string_value(json_object_get(obj, "id")));
                if (!v)
                    rc = INSATS_ESTORAGE;
                break;
            default:
                abort();  /* a type letter this function does not know: a bug */
            }
            if (v)
                json_object_set_new_nocheck(obj, keys[k], v);  /* keys are ours, ASCII */
        }
        json_array_append_new(dest, obj);
        if (out)
            recs_add(out, &rec);
    }
    return ex_finish(x, st, step, rc, what);
}

/* Shorthand for a NULL-terminated key list. */
#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- sections ---------------------------------------------------------------------------- */

/* `project`: the project record with its phases, reporting periods, competence areas and
 * settings. */
static int ex_project(Ex *x, json_t **out)
{
    sqlite3_stmt *st = ex_query(x,
        "SELECT p.code, p.name, p.diarienummer, o.code, p.start_date, p.end_date,"
        " p.planned_participants, p.budget_tolerance_bp, p.certificate_threshold_bp,"
        " p.proposals_paused, p.proposals_paused_message, p.proposals_paused_until,"
        " p.certificate_statement, p.public_url"
        " FROM project p LEFT JOIN organisation o ON o.id = p.owner_org_id WHERE p.id = ?1");
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        if (step == SQLITE_DONE) {
            errs_add(x->errs, "%s: the project is no longer in the database", x->db->path);
            sqlite3_finalize(st);
            return INSATS_EINPUT;
        }
        return ex_finish(x, st, step, INSATS_OK, "cannot read the project");
    }
    json_t *p = json_object();
    json_object_set_new(p, "id", ex_text(x, st, 0));
    json_object_set_new(p, "name", ex_text(x, st, 1));
    json_object_set_new(p, "diarienummer", ex_text(x, st, 2));
    json_object_set_new(p, "owner", ex_text(x, st, 3));
    json_object_set_new(p, "start", ex_text(x, st, 4));
    json_object_set_new(p, "end", ex_text(x, st, 5));
    json_object_set_new(p, "planned_participants", ex_int(st, 6));
    json_t *phases = json_array(), *periods = json_array(), *areas = json_array();
    json_object_set_new(p, "phases", phases);
    json_object_set_new(p, "reporting_periods", periods);
    json_object_set_new(p, "competence_areas", areas);
    json_object_set_new(p, "budget_tolerance", json_fraction(sqlite3_column_int64(st, 7)));
    json_object_set_new(p, "certificate_threshold", json_fraction(sqlite3_column_int64(st, 8)));
    json_t *intake = json_object();
    json_object_set_new(intake, "paused", json_boolean(sqlite3_column_int(st, 9)));
    json_object_set_new(intake, "message", ex_text(x, st, 10));
    json_object_set_new(intake, "until", ex_text(x, st, 11));
    json_object_set_new(p, "proposal_intake", intake);
    if (sqlite3_column_type(st, 12) != SQLITE_NULL)
        json_object_set_new(p, "certificate_statement", ex_text(x, st, 12));
    if (sqlite3_column_type(st, 13) != SQLITE_NULL)
        json_object_set_new(p, "public_url", ex_text(x, st, 13));
    sqlite3_finalize(st);

    int rc = ex_rows(x, "SELECT name, start_date, end_date FROM phase WHERE project_id = ?1"
                        " ORDER BY position",
                     KEYS("name", "start", "end"), "sss", phases, NULL, 0, NULL,
                     "cannot read the project's phases");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT number, from_date, to_date FROM reporting_period"
                        " WHERE project_id = ?1 ORDER BY number",
                     KEYS("number", "from", "to"), "iss", periods, NULL, 0, NULL,
                     "cannot read the reporting periods");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT name FROM competence_area WHERE project_id = ?1"
                        " ORDER BY position",
                     NULL, "", areas, NULL, 0, NULL, "cannot read the competence areas");
    if (rc != INSATS_OK) {
        json_decref(p);
        return rc;
    }
    *out = p;
    return INSATS_OK;
}

static int ex_organisations(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT o.id, o.code, o.name, o.kind, o.country, o.hourly_cost_ore"
                        " FROM organisation o WHERE o.project_id = ?1"
                        " AND (?2 IS NULL OR o.code = ?2)" RANGE("o") " ORDER BY o.code",
                     KEYS("id", "name", "kind", "country", "hourly_cost"), "ssssh", arr, NULL,
                     0, &r, "cannot read organisations");
    recs_free(&r);
    return rc;
}

static int ex_people(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT p.id, p.code, p.name, p.gender, o.code, p.unit, p.role, p.email,"
                        " p.pnr_cipher FROM person p JOIN organisation o ON o.id = p.organisation_id"
                        " WHERE p.project_id = ?1 AND (?2 IS NULL OR p.code = ?2)" RANGE("p")
                        ORG_SCOPE("p.organisation_id") " ORDER BY p.code",
                     KEYS("id", "name", "gender", "organisation", "unit", "role", "email",
                          "personnummer"),
                     "sssssssP", arr, NULL, 0, &r, "cannot read people");
    recs_free(&r);
    return rc;
}

static int ex_groups(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT g.id, g.code, g.name, g.kind FROM grp g WHERE g.project_id = ?1"
                        " AND (?2 IS NULL OR g.code = ?2)" RANGE("g") " ORDER BY g.code",
                     KEYS("id", "name", "kind", "members"), "sssA", arr, NULL, 0, &r,
                     "cannot read groups");
    /* Members have no position; their rowid keeps the order the bundle gave them in. */
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT g.id, p.code, m.from_date, m.to_date, m.role FROM grp g"
                        " JOIN membership m ON m.group_id = g.id JOIN person p ON p.id = m.person_id"
                        " WHERE g.project_id = ?1 AND (?2 IS NULL OR g.code = ?2)" RANGE("g")
                        " ORDER BY g.code, m.id",
                     KEYS("person", "from", "to", "role"), "ssss", NULL, &r, 0, NULL,
                     "cannot read group members");
    recs_free(&r);
    return rc;
}

static int ex_interventions(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT i.id, i.code, i.title, i.start_date, i.planned_participants,"
                        " i.completed_on, i.counts_participants FROM intervention i"
                        " WHERE i.project_id = ?1 AND (?2 IS NULL OR i.code = ?2)" RANGE("i")
                        " ORDER BY i.code",
                     KEYS("id", "title", "start", "planned_participants", "completed_on",
                          "counts_participants"),
                     "sssisb", arr, NULL, 0, &r, "cannot read interventions");
    recs_free(&r);
    return rc;
}

static int ex_proposals(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT pr.id, pr.code, pr.title, ca.name, o.code, pr.unit,"
                        " pr.target_group, pr.description, pr.submitted,"
                        " pr.estimated_participants, pr.estimated_hours_c, pr.estimated_cost_ore,"
                        " pr.wished_period, pr.submitted_by, pr.status FROM proposal pr"
                        " JOIN organisation o ON o.id = pr.organisation_id"
                        " LEFT JOIN competence_area ca ON ca.id = pr.area_id"
                        " WHERE pr.project_id = ?1 AND (?2 IS NULL OR pr.code = ?2)" RANGE("pr")
                        ORG_SCOPE("pr.organisation_id")
                        " ORDER BY pr.code",
                     KEYS("id", "title", "area", "organisation", "unit", "target_group",
                          "description", "submitted", "estimated_participants",
                          "estimated_hours", "estimated_cost", "wished_period", "submitted_by",
                          "status", "history"),
                     "ssssssssihhsssA", arr, NULL, 0, &r, "cannot read proposals");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT pr.id, e.event_date, e.status, p.code, e.note, e.by_login,"
                        " e.by_name, e.at FROM proposal pr"
                        " JOIN proposal_event e ON e.proposal_id = pr.id"
                        " LEFT JOIN person p ON p.id = e.by_person_id"
                        " WHERE pr.project_id = ?1 AND (?2 IS NULL OR pr.code = ?2)" RANGE("pr")
                        ORG_SCOPE("pr.organisation_id")
                        " ORDER BY pr.code, e.position",
                     KEYS("date", "status", "by", "note", "by_login", "by_name", "at"),
                     "sssssss", NULL, &r, 0, NULL,
                     "cannot read proposal history");
    recs_free(&r);
    return rc;
}

static int ex_activities(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT a.id, a.code, a.title, i.code, pr.code, a.kind, ca.name,"
                        " a.supplier, a.venue, a.planned_participants, a.status, a.cost_ore,"
                        " a.gives_certificates"
                        " FROM activity a JOIN intervention i ON i.id = a.intervention_id"
                        " LEFT JOIN proposal pr ON pr.id = a.proposal_id"
                        " LEFT JOIN competence_area ca ON ca.id = a.area_id"
                        " WHERE a.project_id = ?1 AND (?2 IS NULL OR a.code = ?2)" RANGE("a")
                        " ORDER BY a.code",
                     KEYS("id", "title", "intervention", "proposal", "kind", "area",
                          "organisations", "supplier", "venue", "planned_participants", "status",
                          "cost", "gives_certificates", "sessions", "attendance"),
                     "ssssssAssishbAA", arr, NULL, 0, &r, "cannot read activities");
    /* The organisations of an activity are a set: sorted by id, like records. */
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT a.id, o.code FROM activity a"
                        " JOIN activity_organisation ao ON ao.activity_id = a.id"
                        " JOIN organisation o ON o.id = ao.organisation_id"
                        " WHERE a.project_id = ?1 AND (?2 IS NULL OR a.code = ?2)" RANGE("a")
                        " ORDER BY a.code, o.code",
                     NULL, "", NULL, &r, 0, NULL, "cannot read activity organisations");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT a.id, s.code, s.session_date, s.start_time, s.end_time, s.hours_c"
                        " FROM activity a JOIN session s ON s.activity_id = a.id"
                        " WHERE a.project_id = ?1 AND (?2 IS NULL OR a.code = ?2)" RANGE("a")
                        " ORDER BY a.code, s.code",
                     KEYS("id", "date", "start", "end", "hours"), "ssssh", NULL, &r, 1, NULL,
                     "cannot read sessions");
    /* Attendance by session, then person: the largest table, read in one ordered pass. */
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT a.id, t.person_id, s.code, t.present FROM activity a"
                        " JOIN session s ON s.activity_id = a.id"
                        " JOIN attendance t ON t.session_id = s.id"
                        " JOIN person p ON p.id = t.person_id"
                        " WHERE a.project_id = ?1 AND (?2 IS NULL OR a.code = ?2)" RANGE("a")
                        " ORDER BY a.code, s.code, p.code",
                     KEYS("person", "session", "present"), "Rsb", NULL, &r, 2, NULL,
                     "cannot read attendance");
    recs_free(&r);
    return rc;
}

/* The answers of each response: an object from question id to a value typed by the question
 * (scale5 → integer, yes_no → boolean, text → string), in question order. */
static int ex_answers(Ex *x, Recs *responses)
{
    sqlite3_stmt *st = ex_query(x,
        "SELECT r.id, q.code, q.type, an.num_value, an.text_value FROM survey s"
        " JOIN response r ON r.survey_id = s.id JOIN answer an ON an.response_id = r.id"
        " JOIN question q ON q.id = an.question_id"
        " WHERE s.project_id = ?1 AND (?2 IS NULL OR s.code = ?2)" RANGE("s")
        " ORDER BY s.code, r.code, q.position, q.code");
    int rc = INSATS_OK;
    int step;
    responses->cur = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        Rec *p = recs_seek(responses, sqlite3_column_int64(st, 0));
        if (!p) {
            errs_add(x->errs, "internal error: answers are not in the order of their responses");
            rc = INSATS_ESTORAGE;
            break;
        }
        const char *type = db_col_text(st, 2);
        json_t *v;
        if (sqlite3_column_type(st, 4) != SQLITE_NULL)
            v = ex_text(x, st, 4);
        else if (type && strcmp(type, "yes_no") == 0)
            v = json_boolean(sqlite3_column_int(st, 3));
        else
            v = json_integer(sqlite3_column_int64(st, 3));
        json_object_set_new(p->list[0], db_col_text(st, 1), v);
    }
    return ex_finish(x, st, step, rc, "cannot read survey answers");
}

static int ex_surveys(Ex *x, json_t *arr)
{
    Recs r = {0}, resp = {0};
    int rc = ex_rows(x, "SELECT s.id, s.code, s.title, s.kind, a.code, s.survey_date, s.closes,"
                        " s.one_per_browser, s.token FROM survey s"
                        " LEFT JOIN activity a ON a.id = s.activity_id"
                        " WHERE s.project_id = ?1 AND (?2 IS NULL OR s.code = ?2)" RANGE("s")
                        " ORDER BY s.code",
                     KEYS("id", "title", "kind", "activity", "date", "closes", "one_per_browser",
                          "link", "questions", "responses"),
                     "ssssssbsAA", arr, NULL, 0, &r, "cannot read surveys");
    /* A survey's questions are asked in order: by position, not by id. */
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT s.id, q.code, q.text, q.type, q.threshold FROM survey s"
                        " JOIN question q ON q.survey_id = s.id"
                        " WHERE s.project_id = ?1 AND (?2 IS NULL OR s.code = ?2)" RANGE("s")
                        " ORDER BY s.code, q.position, q.code",
                     KEYS("id", "text", "type", "threshold"), "sssi", NULL, &r, 0, NULL,
                     "cannot read survey questions");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT s.id, r.id, r.code, o.code, r.gender, r.answered_on FROM survey s"
                        " JOIN response r ON r.survey_id = s.id"
                        " LEFT JOIN organisation o ON o.id = r.organisation_id"
                        " WHERE s.project_id = ?1 AND (?2 IS NULL OR s.code = ?2)" RANGE("s")
                        " ORDER BY s.code, r.code",
                     KEYS("id", "organisation", "gender", "answered_on", "answers"), "ssssO", NULL,
                     &r, 1, &resp,
                     "cannot read survey responses");
    if (rc == INSATS_OK)
        rc = ex_answers(x, &resp);
    recs_free(&resp);
    recs_free(&r);
    return rc;
}

static int ex_certificates(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT c.id, c.code, c.title, p.code, a.code, c.issued, c.basis,"
                        " c.reason, c.withdrawn, c.withdrawn_reason, c.verification"
                        " FROM certificate c"
                        " JOIN person p ON p.id = c.person_id"
                        " LEFT JOIN activity a ON a.id = c.activity_id"
                        " WHERE c.project_id = ?1 AND (?2 IS NULL OR c.code = ?2)" RANGE("c")
                        ORG_SCOPE("p.organisation_id") " ORDER BY c.code",
                     KEYS("id", "title", "person", "activity", "issued", "basis", "reason",
                          "withdrawn", "withdrawn_reason", "verification"),
                     "ssssssssss", arr, NULL, 0, &r, "cannot read certificates");
    recs_free(&r);
    return rc;
}

/* Goals: the measure is a nested object with every parameter key present; a manual one
 * carries its measurements, oldest first (`values`, null for the other kinds). */
static int ex_goals(Ex *x, json_t *arr)
{
    sqlite3_stmt *st = ex_query(x,
        "SELECT g.id, g.code, g.title, g.description, g.measure_kind, o.code, g.m_gender, i.code,"
        " gr.code, sv.code, g.m_survey_kind, g.m_question, g.m_min,"
        " g.target_c, g.comparison, g.unit FROM goal g"
        " LEFT JOIN organisation o ON o.id = g.m_organisation_id"
        " LEFT JOIN intervention i ON i.id = g.m_intervention_id"
        " LEFT JOIN grp gr ON gr.id = g.m_group_id"
        " LEFT JOIN survey sv ON sv.id = g.m_survey_id"
        " WHERE g.project_id = ?1 AND (?2 IS NULL OR g.code = ?2)" RANGE("g")
        " ORDER BY g.position, g.code");
    static const char *const mkeys[] = {"kind", "organisation", "gender", "intervention",
                                        "group", "survey", "survey_kind", "question"};
    Recs r = {0};
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *g = json_object();
        json_object_set_new(g, "id", ex_text(x, st, 1));
        json_object_set_new(g, "title", ex_text(x, st, 2));
        json_object_set_new(g, "description", ex_text(x, st, 3));
        json_t *m = json_object();
        for (int k = 0; k < 8; k++)
            json_object_set_new(m, mkeys[k], ex_text(x, st, 4 + k));
        json_object_set_new(m, "min", ex_int(st, 12));
        bool manual = strcmp((const char *)sqlite3_column_text(st, 4), "manual") == 0;
        json_t *values = manual ? json_array() : json_null();
        json_object_set_new(m, "values", values);
        json_object_set_new(g, "measure", m);
        json_object_set_new(g, "target", ex_hundredths(st, 13));
        json_object_set_new(g, "comparison", ex_text(x, st, 14));
        json_object_set_new(g, "unit", ex_text(x, st, 15));
        json_array_append_new(arr, g);
        if (manual)
            recs_add(&r, &(Rec){.id = sqlite3_column_int64(st, 0), .obj = g, .list = {values}});
    }
    int rc = ex_finish(x, st, step, INSATS_OK, "cannot read goals");
    /* In the goals' own order, so that each row finds its goal by walking forward. */
    if (rc == INSATS_OK && r.n > 0)
        rc = ex_rows(x, "SELECT g.id, v.measured_on, v.value_c, v.source FROM goal g"
                        " JOIN goal_value v ON v.goal_id = g.id"
                        " WHERE g.project_id = ?1 AND (?2 IS NULL OR g.code = ?2)" RANGE("g")
                        " AND g.measure_kind = 'manual'"
                        " ORDER BY g.position, g.code, v.measured_on",
                     KEYS("date", "value", "source"), "shs", NULL, &r, 0, NULL,
                     "cannot read goal values");
    recs_free(&r);
    return rc;
}

static int ex_costs(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT ce.id, ce.code, ce.cost_date, c.code, ce.amount_ore, ce.text,"
                        " a.code, ce.voucher FROM cost_entry ce"
                        " JOIN budget_category c ON c.id = ce.category_id"
                        " LEFT JOIN activity a ON a.id = ce.activity_id"
                        " WHERE ce.project_id = ?1 AND (?2 IS NULL OR ce.code = ?2)" RANGE("ce")
                        " ORDER BY ce.code",
                     KEYS("id", "date", "category", "amount", "text", "activity", "voucher"),
                     "ssshsss", arr, NULL, 0, &r, "cannot read costs");
    recs_free(&r);
    return rc;
}

/* `budget`: categories and versions in their order, the lines of each version by category
 * order and year, and the cost entries by id. */
static int ex_budget(Ex *x, json_t **out)
{
    json_t *b = json_object();
    json_t *cats = json_array(), *vers = json_array(), *costs = json_array();
    json_object_set_new(b, "categories", cats);
    json_object_set_new(b, "versions", vers);
    json_object_set_new(b, "costs", costs);
    Recs r = {0}, v = {0};
    int rc = ex_rows(x, "SELECT id, code, name FROM budget_category WHERE project_id = ?1"
                        " ORDER BY position, code",
                     KEYS("id", "name"), "ss", cats, NULL, 0, &r, "cannot read budget categories");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT id, code, name, version_date, reason FROM budget_version"
                        " WHERE project_id = ?1 ORDER BY position, code",
                     KEYS("id", "name", "date", "reason", "lines"), "ssssA", vers, NULL, 0, &v,
                     "cannot read budget versions");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT v.id, c.code, l.year, l.amount_ore FROM budget_version v"
                        " JOIN budget_line l ON l.version_id = v.id"
                        " JOIN budget_category c ON c.id = l.category_id"
                        " WHERE v.project_id = ?1"
                        " ORDER BY v.position, v.code, c.position, c.code, l.year",
                     KEYS("category", "year", "amount"), "sih", NULL, &v, 0, NULL,
                     "cannot read budget lines");
    recs_free(&r);
    recs_free(&v);
    if (rc == INSATS_OK) {
        /* The whole budget: the code filter is for `show cost` alone. */
        const char *code = x->code;
        x->code = NULL;
        rc = ex_costs(x, costs);
        x->code = code;
    }
    if (rc != INSATS_OK) {
        json_decref(b);
        return rc;
    }
    *out = b;
    return INSATS_OK;
}

static int ex_deviations(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT d.id, d.code, d.deviation_date, d.area, d.description,"
                        " d.reported_to_funder, d.reported_date, d.measures FROM deviation d"
                        " WHERE d.project_id = ?1 AND (?2 IS NULL OR d.code = ?2)" RANGE("d")
                        " ORDER BY d.code",
                     KEYS("id", "date", "area", "description", "reported_to_funder",
                          "reported_date", "measures"),
                     "ssssbss", arr, NULL, 0, &r, "cannot read deviations");
    recs_free(&r);
    return rc;
}

static int ex_meetings(Ex *x, json_t *arr)
{
    Recs r = {0}, agenda = {0};
    int rc = ex_rows(x, "SELECT m.id, m.code, m.title, g.code, m.meeting_date, m.start_time,"
                        " m.end_time, m.place, m.status, m.cancel_reason, p.code FROM meeting m"
                        " LEFT JOIN grp g ON g.id = m.group_id"
                        " LEFT JOIN person p ON p.id = m.notes_by_person_id"
                        " WHERE m.project_id = ?1 AND (?2 IS NULL OR m.code = ?2)" RANGE("m")
                        " ORDER BY m.code",
                     KEYS("id", "title", "group", "date", "start", "end", "place", "status",
                          "cancel_reason", "notes_by", "attendees", "agenda", "actions"),
                     "ssssssssssAAA", arr, NULL, 0, &r, "cannot read meetings");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT m.id, p.code, a.guest_name, a.guest_organisation, a.status"
                        " FROM meeting m JOIN meeting_attendee a ON a.meeting_id = m.id"
                        " LEFT JOIN person p ON p.id = a.person_id"
                        " WHERE m.project_id = ?1 AND (?2 IS NULL OR m.code = ?2)" RANGE("m")
                        " ORDER BY m.code, a.position",
                     KEYS("person", "name", "organisation", "status"), "ssss", NULL, &r, 0, NULL,
                     "cannot read meeting attendees");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT m.id, ai.id, ai.title, ai.presenter, ai.notes FROM meeting m"
                        " JOIN agenda_item ai ON ai.meeting_id = m.id"
                        " WHERE m.project_id = ?1 AND (?2 IS NULL OR m.code = ?2)" RANGE("m")
                        " ORDER BY m.code, ai.position",
                     KEYS("title", "presenter", "notes", "decisions"), "sssA", NULL, &r, 1,
                     &agenda, "cannot read meeting agendas");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT ai.id, d.text FROM meeting m"
                        " JOIN agenda_item ai ON ai.meeting_id = m.id"
                        " JOIN decision d ON d.agenda_item_id = ai.id"
                        " WHERE m.project_id = ?1 AND (?2 IS NULL OR m.code = ?2)" RANGE("m")
                        " ORDER BY m.code, ai.position, d.position",
                     NULL, "", NULL, &agenda, 0, NULL, "cannot read meeting decisions");
    if (rc == INSATS_OK)
        rc = ex_rows(x, "SELECT m.id, ac.code, ac.text, p.code, ac.due, ac.status FROM meeting m"
                        " JOIN action_item ac ON ac.meeting_id = m.id"
                        " LEFT JOIN person p ON p.id = ac.owner_person_id"
                        " WHERE m.project_id = ?1 AND (?2 IS NULL OR m.code = ?2)" RANGE("m")
                        " ORDER BY m.code, ac.code",
                     KEYS("id", "text", "owner", "due", "status"), "sssss", NULL, &r, 2, NULL,
                     "cannot read meeting actions");
    recs_free(&agenda);
    recs_free(&r);
    return rc;
}

static int ex_dissemination(Ex *x, json_t *arr)
{
    Recs r = {0};
    int rc = ex_rows(x, "SELECT d.id, d.code, d.title, d.item_date, d.channel, d.audience"
                        " FROM dissemination d"
                        " WHERE d.project_id = ?1 AND (?2 IS NULL OR d.code = ?2)" RANGE("d")
                        " ORDER BY d.code",
                     KEYS("id", "title", "date", "channel", "audience"), "sssss", arr, NULL, 0,
                     &r, "cannot read dissemination");
    recs_free(&r);
    return rc;
}

/* Narratives have no id of their own: by period (the final report, period null, last), then
 * section. A question left unanswered on purpose carries "empty": true; the others carry no
 * "empty" key, as bundles did before there was one. */
static int ex_narratives(Ex *x, json_t *arr)
{
    size_t first = json_array_size(arr);
    int rc = ex_rows(x, "SELECT n.period, n.section, n.text, n.empty FROM narrative n"
                        " WHERE n.project_id = ?1 ORDER BY n.period IS NULL, n.period, n.section",
                     KEYS("period", "section", "text", "empty"), "issb", arr, NULL, 0, NULL,
                     "cannot read narratives");
    for (size_t i = first; i < json_array_size(arr); i++) {
        json_t *n = json_array_get(arr, i);
        if (json_is_true(json_object_get(n, "empty")))
            json_object_del(n, "text");
        else
            json_object_del(n, "empty");
    }
    return rc;
}

/* The top-level sections in the documented order. An array section has `fill`; project and
 * budget are objects and have `build`. */
typedef struct Section {
    const char *name;
    int (*fill)(Ex *x, json_t *arr);
    int (*build)(Ex *x, json_t **out);
    bool in_bundle;      /* false: a part of another section, for show alone */
} Section;

static const Section sections[] = {
    {"project", NULL, ex_project, true},
    {"organisations", ex_organisations, NULL, true},
    {"people", ex_people, NULL, true},
    {"groups", ex_groups, NULL, true},
    {"interventions", ex_interventions, NULL, true},
    {"proposals", ex_proposals, NULL, true},
    {"activities", ex_activities, NULL, true},
    {"surveys", ex_surveys, NULL, true},
    {"certificates", ex_certificates, NULL, true},
    {"goals", ex_goals, NULL, true},
    {"budget", NULL, ex_budget, true},
    {"deviations", ex_deviations, NULL, true},
    {"meetings", ex_meetings, NULL, true},
    {"dissemination", ex_dissemination, NULL, true},
    {"narratives", ex_narratives, NULL, true},
    {"costs", ex_costs, NULL, false},
};

/* Builds one section into *out; on failure *out stays NULL. */
static int ex_section(Ex *x, const Section *s, json_t **out)
{
    *out = NULL;
    json_t *v = NULL;
    int rc;
    if (s->build) {
        rc = s->build(x, &v);
    } else {
        v = json_array();
        rc = s->fill(x, v);
    }
    if (rc == INSATS_OK && x->bad_text) {
        errs_add(x->errs, "%s: %s: a stored text is not valid UTF-8", x->db->path, s->name);
        rc = INSATS_ESTORAGE;
    }
    if (rc != INSATS_OK) {
        json_decref(v);   /* NULL-safe */
        return rc;
    }
    *out = v;
    return INSATS_OK;
}

int bundle_export_range(Db *db, int64_t project_id, const char *section, const char *code,
                        const char *after, const char *upto, int64_t org_id, BundlePnr pnr,
                        json_t **out, Errs *errs)
{
    *out = NULL;
    Ex x = {.db = db, .pid = project_id, .code = code, .after = after, .upto = upto,
            .org_id = org_id, .part = code || after || upto, .pnr = pnr, .errs = errs};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        if (strcmp(sections[i].name, section) != 0)
            continue;
        bool began = db_read_begin(db);
        int rc = ex_section(&x, &sections[i], out);
        db_read_end(db, began);
        ex_free(&x);
        return rc;
    }
    errs_add(errs, "internal error: no bundle section \"%s\"", section);
    return INSATS_EUSAGE;
}

int bundle_export_section(Db *db, int64_t project_id, const char *section, const char *code,
                          BundlePnr pnr, json_t **out, Errs *errs)
{
    return bundle_export_range(db, project_id, section, code, NULL, NULL, 0, pnr, out, errs);
}

int bundle_export_json(Db *db, int64_t project_id, bool with_personnummer, json_t **out,
                       Errs *errs)
{
    *out = NULL;
    Ex x = {.db = db, .pid = project_id, .pnr = with_personnummer ? BUNDLE_PNR_FULL
                                                                    : BUNDLE_PNR_NONE,
            .errs = errs};
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string("insats-bundle"));
    json_object_set_new(root, "version", json_integer(1));
    /* Every section reads the same snapshot, so a concurrent import cannot make the bundle
     * inconsistent. */
    bool began = db_read_begin(db);
    int rc = INSATS_OK;
    for (size_t i = 0; i < sizeof sections / sizeof *sections && rc == INSATS_OK; i++) {
        if (!sections[i].in_bundle)
            continue;
        json_t *v = NULL;
        rc = ex_section(&x, &sections[i], &v);
        if (rc == INSATS_OK)
            json_object_set_new(root, sections[i].name, v);
    }
    db_read_end(db, began);
    ex_free(&x);
    if (rc != INSATS_OK) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return INSATS_OK;
}

/* Scalars and one-line containers: 15 significant digits print any two-decimal amount
 * exactly (17 would print 0.1 as 0.10000000000000001); no JSON_INDENT keeps them on one line
 * with ", " and ": " between items. */
#define BUNDLE_FLAT_FLAGS (JSON_ENCODE_ANY | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* True when v is an object or array with no object or array inside: it goes on one line. */
static bool dump_is_flat(const json_t *v)
{
    const char *key;
    json_t *item;
    size_t i;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, item)
            if (json_is_object(item) || json_is_array(item))
                return false;
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, item)
            if (json_is_object(item) || json_is_array(item))
                return false;
    }
    return true;
}

static int dump_newline(size_t depth, json_dump_callback_t write, void *ctx)
{
    static const char spaces[] = "\n                                ";
    size_t n = 2 * depth;
    int rc = write(spaces, 1, ctx);
    while (rc == 0 && n) {
        size_t k = n < sizeof spaces - 2 ? n : sizeof spaces - 2;
        rc = write(spaces + 1, k, ctx);
        n -= k;
    }
    return rc;
}

int bundle_dump(const json_t *v, size_t depth, json_dump_callback_t write, void *ctx)
{
    if (dump_is_flat(v))
        return json_dump_callback(v, write, ctx, BUNDLE_FLAT_FLAGS) ? -1 : 0;
    bool obj = json_is_object(v);
    int rc = write(obj ? "{" : "[", 1, ctx);
    size_t n = 0;
    if (obj) {
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)v, key, item) {
            if (rc == 0 && n++)
                rc = write(",", 1, ctx);
            if (rc == 0)
                rc = dump_newline(depth + 1, write, ctx);
            json_t *k = json_string(key);
            if (rc == 0)
                rc = json_dump_callback(k, write, ctx, BUNDLE_FLAT_FLAGS) ? -1 : 0;
            json_decref(k);
            if (rc == 0)
                rc = write(": ", 2, ctx);
            if (rc == 0)
                rc = bundle_dump(item, depth + 1, write, ctx);
        }
    } else {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            if (rc == 0 && n++)
                rc = write(",", 1, ctx);
            if (rc == 0)
                rc = dump_newline(depth + 1, write, ctx);
            if (rc == 0)
                rc = bundle_dump(item, depth + 1, write, ctx);
        }
    }
    if (rc == 0)
        rc = dump_newline(depth, write, ctx);
    if (rc == 0)
        rc = write(obj ? "}" : "]", 1, ctx);
    return rc;
}

static int dump_to_file(const char *text, size_t size, void *ctx)
{
    return fwrite(text, 1, size, ctx) == size ? 0 : -1;
}

int bundle_dump_file(const json_t *v, FILE *f)
{
    if (bundle_dump(v, 0, dump_to_file, f) != 0 || fputc('\n', f) == EOF)
        return -1;
    return 0;
}

/* Activities written per piece of this many: the attendance of a large project does not
 * have to be in memory all at once (a million rows as JSON objects take most of a gigabyte). */
#define EX_CHUNK 200

/* The streaming writer: text collected in a buffer and written to the file in large pieces. */
typedef struct Out {
    FILE *f;
    Buf b;
    bool failed;
} Out;

static void out_flush(Out *o)
{
    if (o->b.len && fwrite(o->b.data, 1, o->b.len, o->f) != o->b.len)
        o->failed = true;
    buf_clear(&o->b);
}

static void out_puts(Out *o, const char *s)
{
    buf_puts(&o->b, s);
    if (o->b.len >= (1u << 20))
        out_flush(o);
}

static int out_cb(const char *text, size_t size, void *data)
{
    Out *o = data;
    buf_append(&o->b, text, size);
    if (o->b.len >= (1u << 20))
        out_flush(o);
    return 0;
}

/* Writes v as it would stand at `depth` inside the whole document. */
static void out_value(Out *o, const json_t *v, size_t depth)
{
    bundle_dump(v, depth, out_cb, o);
}

/* Writes the activities array piece by piece: EX_CHUNK activities (by code) at a time, each
 * piece built by the same ex_activities() as the whole, written, then freed. The bytes are
 * those bundle_dump() gives for the whole array. */
static int ex_stream_activities(Ex *x, Out *o)
{
    /* The codes that end each piece. */
    sqlite3_stmt *st = ex_query(x, "SELECT code FROM activity WHERE project_id = ?1 ORDER BY code");
    char **ends = NULL;
    size_t nends = 0, cap = 0, n = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (++n % EX_CHUNK != 0)
            continue;
        if (nends == cap) {
            cap = cap ? cap * 2 : 16;
            ends = xrealloc(ends, cap * sizeof *ends);
        }
        ends[nends++] = xstrdup(db_col_text(st, 0));
    }
    int rc = ex_finish(x, st, step, INSATS_OK, "cannot read activities");
    size_t written = 0;
    /* One piece more than there are ends: the last runs to the last code. */
    for (size_t i = 0; i <= nends && rc == INSATS_OK; i++) {
        x->after = i ? ends[i - 1] : NULL;
        x->upto = i < nends ? ends[i] : NULL;
        json_t *arr = json_array();
        rc = ex_activities(x, arr);
        for (size_t k = 0; rc == INSATS_OK && k < json_array_size(arr); k++) {
            out_puts(o, written++ ? ",\n    " : "[\n    ");
            out_value(o, json_array_get(arr, k), 2);
        }
        json_decref(arr);
    }
    x->after = x->upto = NULL;
    if (rc == INSATS_OK && x->bad_text) {
        errs_add(x->errs, "%s: activities: a stored text is not valid UTF-8", x->db->path);
        rc = INSATS_ESTORAGE;
    }
    if (rc == INSATS_OK)
        out_puts(o, written ? "\n  ]" : "[]");
    for (size_t i = 0; i < nends; i++)
        free(ends[i]);
    free(ends);
    return rc;
}

/* Writes the whole bundle to o, section by section, in one read snapshot: the same bytes as
 * dumping bundle_export_json()'s tree, plus the final newline, with a fraction of the memory. */
static int ex_stream(Db *db, int64_t project_id, bool with_personnummer, Out *o, Errs *errs)
{
    Ex x = {.db = db, .pid = project_id, .pnr = with_personnummer ? BUNDLE_PNR_FULL
                                                                    : BUNDLE_PNR_NONE,
            .errs = errs};
    bool began = db_read_begin(db);
    int rc = INSATS_OK;
    out_puts(o, "{\n  \"format\": \"insats-bundle\",\n  \"version\": 1");
    for (size_t i = 0; i < sizeof sections / sizeof *sections && rc == INSATS_OK; i++) {
        if (!sections[i].in_bundle)
            continue;
        out_puts(o, ",\n  \"");
        out_puts(o, sections[i].name);
        out_puts(o, "\": ");
        if (sections[i].fill == ex_activities) {
            rc = ex_stream_activities(&x, o);
            continue;
        }
        json_t *v = NULL;
        rc = ex_section(&x, &sections[i], &v);
        if (rc == INSATS_OK)
            out_value(o, v, 1);
        json_decref(v);
    }
    out_puts(o, "\n}\n");
    db_read_end(db, began);
    ex_free(&x);
    return rc;
}

/* Streams the bundle into f; INSATS_ESTORAGE naming `name` when writing fails. */
/* Streams the bundle into o, then finishes o (outfile_commit) or gives it up. */
static int ex_write(Db *db, int64_t project_id, bool with_personnummer, Outfile *of,
                    Errs *errs)
{
    Out o = {.f = of->f};
    int rc = ex_stream(db, project_id, with_personnummer, &o, errs);
    if (rc == INSATS_OK) {
        out_flush(&o);
        if (o.failed)
            rc = outfile_fail(of, errno, errs);
    }
    buf_free(&o.b);
    if (rc == INSATS_OK)
        return outfile_commit(of, errs);
    outfile_abort(of);
    return rc;
}

int bundle_export_file(Db *db, int64_t project_id, bool with_personnummer, const char *path,
                       Errs *errs)
{
    Outfile o;
    int rc = outfile_open(&o, path, errs);
    return rc == INSATS_OK ? ex_write(db, project_id, with_personnummer, &o, errs) : rc;
}
