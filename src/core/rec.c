/* rec.c — reading and writing one record in the bundle's shape, for the area modules (see
 * rec.h). */
#include "rec.h"
#include "freeze.h"
#include "i18n.h"
#include "model.h"
#include "validate.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How often the progress callback hears of written records. */
#define REC_PROGRESS_EVERY 10000

void rec_init(Rec *r, Db *db, const char *src, int64_t project_id, Errs *errs)
{
    memset(r, 0, sizeof *r);
    r->db = db;
    r->src = src;
    r->errs = errs;
    r->errs_base = errs_total(errs);
    r->project_id = project_id;
    r->stage = "";
    date_today(r->today);
}

void rec_free(Rec *r)
{
    free(r->undated);
    r->undated = NULL;
    r->nundated = r->capundated = 0;
}

/* ---- messages ------------------------------------------------------------------------------ */

void rec_fail(Rec *r, const char *path, const char *key, const char *fmt, ...)
{
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, i18n_gettext(fmt), ap);
    va_end(ap);
    const char *dot = (key && *path) ? "." : "";
    char fieldname[REC_PATH_LEN + 72];
    snprintf(fieldname, sizeof fieldname, "%s%s%s", path, dot, key ? key : "");
    if (*fieldname)
        errs_add_field(r->errs, fieldname, "%s: %s: %s", r->src, fieldname, b.data);
    else
        errs_add(r->errs, "%s: %s", r->src, b.data);
    buf_free(&b);
}

void rec_path(char *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, REC_PATH_LEN, fmt, ap);
    va_end(ap);
    /* A child of a record saved on its own (path "") is "sessions[0]", not ".sessions[0]". */
    if (out[0] == '.')
        memmove(out, out + 1, strlen(out));
}

/* ---- fields -------------------------------------------------------------------------------- */

const char *rec_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return _("an object");
    case JSON_ARRAY: return _("an array");
    case JSON_STRING: return _("a string");
    case JSON_INTEGER:
    case JSON_REAL: return _("a number");
    case JSON_TRUE:
    case JSON_FALSE: return _("a boolean");
    case JSON_NULL: return _("null");
    }
    return _("something else");
}

/* True while nothing has gone wrong, i.e. while writing is still worth it. */
bool rec_writable(const Rec *r)
{
    return !r->storage_failed && errs_total(r->errs) == r->errs_base;
}

bool rec_in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

/* Checks that v is an object whose keys are all in `keys`; reports each stranger. False when v
 * is not an object at all (then the record is skipped). */
bool rec_object(Rec *r, const json_t *v, const char *path, const char *const *keys)
{
    if (!json_is_object(v)) {
        rec_fail(r, path, NULL, "expected an object, got %s", rec_type_name(v));
        return false;
    }
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)v, key, val) {
        (void)val;
        if (!rec_in_list(keys, key))
            rec_fail(r, path, key, "unknown key");
    }
    return true;
}

/* The value of key, or NULL when absent or null ("is required" reported when req). */
json_t *rec_field(Rec *r, const json_t *obj, const char *path, const char *key, bool req)
{
    json_t *v = json_object_get(obj, key);
    if (v && json_is_null(v))
        v = NULL;
    if (!v && req)
        rec_fail(r, path, key, "is required");
    return v;
}

/* A string field; NULL when absent or wrong (reported). Required strings must not be empty. */
const char *rec_str(Rec *r, const json_t *obj, const char *path, const char *key,
                    bool req)
{
    json_t *v = rec_field(r, obj, path, key, req);
    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        rec_fail(r, path, key, "expected a string, got %s", rec_type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    if (req && !*s) {
        rec_fail(r, path, key, "must not be empty");
        return NULL;
    }
    return s;
}

/* A record id or section name: a string of 1–64 characters on one line (validate_code). */
const char *rec_code(Rec *r, const json_t *obj, const char *path, const char *key)
{
    const char *s = rec_str(r, obj, path, key, true);
    Buf why = {0};
    if (s && !validate_code(s, &why)) {
        rec_fail(r, path, key, "%s", why.data);
        s = NULL;
    }
    buf_free(&why);
    return s;
}

const char *rec_date(Rec *r, const json_t *obj, const char *path, const char *key,
                     bool req)
{
    const char *s = rec_str(r, obj, path, key, req);
    if (s && !date_valid(s)) {
        rec_fail(r, path, key, "\"%.40s\" is not a date (YYYY-MM-DD)", s);
        return NULL;
    }
    return s;
}

const char *rec_time(Rec *r, const json_t *obj, const char *path, const char *key)
{
    const char *s = rec_str(r, obj, path, key, false);
    if (s && !time_valid(s)) {
        rec_fail(r, path, key, "\"%.40s\" is not a time (HH:MM)", s);
        return NULL;
    }
    return s;
}

/* A value from a fixed list; NULL when absent or not in the list (reported). */
const char *rec_enum(Rec *r, const json_t *obj, const char *path, const char *key,
                     bool req, VocabList list)
{
    const char *s = rec_str(r, obj, path, key, req);
    if (!s || vocab_has(list, s))
        return s;
    Buf b = {0};
    vocab_join(list, &b);
    rec_fail(r, path, key, "\"%.40s\" is not one of %s", s, b.data);
    buf_free(&b);
    return NULL;
}

/* An integer in [lo, hi]; true with *out set when present and valid. */
bool rec_int(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
             int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = rec_field(r, obj, path, key, req);
    if (!v)
        return false;
    if (!json_is_integer(v)) {
        rec_fail(r, path, key, "expected an integer, got %s", json_is_real(v) ? _("a fraction")
                 : rec_type_name(v));
        return false;
    }
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi) {
        rec_fail(r, path, key, "%lld is not between %" PRId64 " and %" PRId64, (long long)x, lo,
                 hi);
        return false;
    }
    *out = x;
    return true;
}

/* A boolean; absent or null gives def. */
bool rec_bool(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
              bool def)
{
    json_t *v = rec_field(r, obj, path, key, req);
    if (!v)
        return def;
    if (!json_is_boolean(v)) {
        rec_fail(r, path, key, "expected a boolean, got %s", rec_type_name(v));
        return def;
    }
    return json_is_true(v);
}

/* Converts a JSON number to an integer count of 10^-decimals units, exactly: integers are
 * scaled with an overflow check; reals (the text is gone, only the double is left) must land
 * on a whole unit within the rounding error of the double itself, so 349.5 → 34950 öre but
 * 12.345 SEK is refused. */
static bool scale_number(const json_t *v, int decimals, int64_t *out)
{
    static const int64_t pow10[] = {1, 10, 100, 1000, 10000};
    int64_t scale = pow10[decimals];
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        if (x > INT64_MAX / scale || x < -(INT64_MAX / scale))
            return false;
        *out = (int64_t)x * scale;
        return true;
    }
    double d = json_real_value(v);
    if (!isfinite(d) || fabs(d) > 1e13)
        return false;
    double s = d * (double)scale;
    double r = nearbyint(s);
    if (fabs(s - r) > fmax(1e-6, fabs(s) * 4 * DBL_EPSILON))
        return false;
    *out = (int64_t)r;
    return true;
}

/* A decimal number stored as an integer of 10^-decimals units (öre, hundredths, basis
 * points), within [lo, hi] in those units; true with *out set when present and valid. */
bool rec_decimal(Rec *r, const json_t *obj, const char *path, const char *key,
                 bool req, int decimals, int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = rec_field(r, obj, path, key, req);
    if (!v)
        return false;
    if (!json_is_number(v)) {
        rec_fail(r, path, key, "expected a number, got %s", rec_type_name(v));
        return false;
    }
    int64_t x;
    if (!scale_number(v, decimals, &x)) {
        /* Too large to store at all is another mistake than too many decimals. */
        if (fabs(json_number_value(v)) > 1e13)
            rec_fail(r, path, key, "%.15g is too large", json_number_value(v));
        else
            rec_fail(r, path, key, "%.15g is not a number with at most %d decimals",
                     json_number_value(v), decimals);
        return false;
    }
    if (x < lo || x > hi) {
        static const double div[] = {1, 10, 100, 1000, 10000};
        rec_fail(r, path, key, "%.15g is not between %.15g and %.15g", json_number_value(v),
                 (double)lo / div[decimals], (double)hi / div[decimals]);
        return false;
    }
    *out = x;
    return true;
}

/* An array field; NULL when absent, null or not an array (reported). */
json_t *rec_array(Rec *r, const json_t *obj, const char *path, const char *key)
{
    json_t *v = rec_field(r, obj, path, key, false);
    if (v && !json_is_array(v)) {
        rec_fail(r, path, key, "expected an array, got %s", rec_type_name(v));
        return NULL;
    }
    return v;
}


/* ---- references ---------------------------------------------------------------------------- */

/* Per kind: how a message names it (translated where it is shown), and the query that finds
 * one by code when the Rec has no map (?1 project, ?2 code). */
static const struct {
    const char *what;
    const char *sql;
} REF_KINDS[REF_COUNT] = {
    [REF_ORGANISATION] = {N_("organisation"),
                          "SELECT id FROM organisation WHERE project_id = ?1 AND code = ?2"},
    [REF_PERSON] = {N_("person"), "SELECT id FROM person WHERE project_id = ?1 AND code = ?2"},
    [REF_GROUP] = {N_("group"), "SELECT id FROM grp WHERE project_id = ?1 AND code = ?2"},
    [REF_INTERVENTION] = {N_("intervention"),
                          "SELECT id FROM intervention WHERE project_id = ?1 AND code = ?2"},
    [REF_PROPOSAL] = {N_("proposal"),
                      "SELECT id FROM proposal WHERE project_id = ?1 AND code = ?2"},
    [REF_ACTIVITY] = {N_("activity"),
                      "SELECT id FROM activity WHERE project_id = ?1 AND code = ?2"},
    [REF_SURVEY] = {N_("survey"), "SELECT id FROM survey WHERE project_id = ?1 AND code = ?2"},
    [REF_CATEGORY] = {N_("budget category"),
                      "SELECT id FROM budget_category WHERE project_id = ?1 AND code = ?2"},
    [REF_AREA] = {N_("competence area"),
                  "SELECT id FROM competence_area WHERE project_id = ?1 AND name = ?2"},
    [REF_PERIOD] = {N_("reporting period"),
                    "SELECT 1 FROM reporting_period WHERE project_id = ?1 AND number = ?2"},
};

int64_t rec_find(Db *db, RefKind kind, int64_t project_id, const char *code)
{
    sqlite3_stmt *st = db_stmt(db, REF_KINDS[kind].sql);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

bool rec_lookup(Rec *r, RefKind kind, const char *code, int64_t *id)
{
    if (r->refs[kind])
        return idmap_get(r->refs[kind], code, id);
    int64_t found = rec_find(r->db, kind, r->project_id, code);
    if (found)
        *id = found;
    return found != 0;
}

void rec_put(Rec *r, RefKind kind, const char *code, int64_t id)
{
    if (r->refs[kind])
        idmap_put(r->refs[kind], code, id);
}

int64_t rec_ref_in(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
                   const Idmap *map, const char *what)
{
    const char *code = rec_str(r, obj, path, key, req);
    if (!code)
        return 0;
    int64_t id = 0;
    if (!idmap_get(map, code, &id)) {
        rec_fail(r, path, key, "unknown %s \"%.64s\"", _(what), code);
        return 0;
    }
    return id;
}

int64_t rec_ref(Rec *r, const json_t *obj, const char *path, const char *key, bool req,
                RefKind kind)
{
    const char *code = rec_str(r, obj, path, key, req);
    if (!code)
        return 0;
    int64_t id = 0;
    if (!rec_lookup(r, kind, code, &id)) {
        rec_fail(r, path, key, "unknown %s \"%.64s\"", _(REF_KINDS[kind].what), code);
        return 0;
    }
    return id;
}

bool rec_claim(Rec *r, const char *code)
{
    return !r->claim || r->claim(r, code);
}

bool rec_claim_in(Rec *r, Idmap *seen, Idmap *map, const char *list, size_t idx,
                  const char *code)
{
    int64_t first;
    if (idmap_get(seen, code, &first)) {
        char fieldname[REC_PATH_LEN + 32];
        snprintf(fieldname, sizeof fieldname, "%s[%zu].id", list, idx);
        errs_add_field(r->errs, fieldname, "%s: %s: duplicate id \"%.64s\" (also %s[%" PRId64 "])",
                       r->src, fieldname, code, list, first);
        return false;
    }
    idmap_put(seen, code, (int64_t)idx);
    int64_t old;
    if (map && !idmap_get(map, code, &old))
        idmap_put(map, code, REC_PENDING);
    return true;
}

/* ---- writing ------------------------------------------------------------------------------- */

void rec_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    /* The strings live in the JSON tree until the statement is reset: no copy needed. */
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

void rec_bind_opt(sqlite3_stmt *st, int i, bool has, int64_t v)
{
    if (has)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

void rec_stage(Rec *r, const char *stage, size_t total)
{
    r->stage = stage;
    r->stage_total = total;
    r->stage_done = 0;
}

/* Counts one written record for the statistics and the progress callback. */
void rec_count(Rec *r)
{
    r->records++;
    r->stage_done++;
    if (r->progress && r->records % REC_PROGRESS_EVERY == 0)
        r->progress(r->progress_ctx, r->stage, r->stage_done, r->stage_total);
}

/* Steps a bound write (optionally RETURNING id) and resets it. Returns the returned id, 1
 * when nothing is returned, or 0 after reporting the failure at `path`. `count`: the row is a
 * record for the statistics and the progress callback. */
int64_t rec_write(Rec *r, sqlite3_stmt *st, const char *path, bool count)
{
    int64_t id = 1;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        src = sqlite3_step(st);
    }
    if (src != SQLITE_DONE) {
        /* Validation should have caught it; say where, and keep going as for any error. */
        if (model_step_status(src) == INSATS_EINPUT) {
            Buf why = {0};
            model_rejection(r->db, &why);
            rec_fail(r, path, NULL, "%s", why.data);
            buf_free(&why);
        } else {
            db_fail(r->db, r->errs, "cannot write the bundle");
            r->storage_failed = true;
        }
        id = 0;
    } else if (count) {
        rec_count(r);
    }
    sqlite3_reset(st);
    return id;
}

/* Runs a statement that only takes the parent's row id (deleting a replaced child list). */
void rec_write_by_id(Rec *r, const char *sql, int64_t id, const char *path)
{
    sqlite3_stmt *st = db_stmt(r->db, sql);
    sqlite3_bind_int64(st, 1, id);
    rec_write(r, st, path, false);
}

/* Fills map with code → id of the project's records of one kind (SQL: ?1 = project id). */
void rec_preload(Rec *r, Idmap *map, const char *sql, int64_t parent_id)
{
    sqlite3_stmt *st = db_stmt(r->db, sql);
    sqlite3_bind_int64(st, 1, parent_id);
    while (sqlite3_step(st) == SQLITE_ROW)
        idmap_put(map, db_col_text(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_reset(st);
}

/* Two dates of one record: the later one must not come first. */
void rec_order(Rec *r, const char *path, const char *from_key, const char *from,
               const char *to_key, const char *to)
{
    if (from && to && strcmp(to, from) < 0)
        rec_fail(r, path, to_key, "%s is before %s %s", to, from_key, from);
}
