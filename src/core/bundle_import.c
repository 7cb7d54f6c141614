/* bundle_import.c — reads an insats bundle (docs/bundle-format.md) into the database.
 *
 * One pass per section, in the documented reference order. Each record is validated field by
 * field; every problem becomes a message "<source>: <json path>: <what is wrong>" and the pass
 * goes on, so that one run reports every error (up to ERRS_CAP). Writes happen in the same
 * pass, inside one IMMEDIATE transaction, but stop at the first error: from then on the import
 * only validates, and at the end the transaction is rolled back, so a bad bundle changes
 * nothing. References resolve through Idmaps (code → row id) that start with the records
 * already in the database and gain each record of the bundle as it is read. */
#include "db.h"
#include "bundle.h"
#include "model.h"
#include "people.h"
#include "pnr.h"
#include "util.h"
#include "validate.h"
#include "vocab.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Map value of a record that is in the bundle but was not written (the import only validates
 * once an error was found): references to it are valid, its row id is never needed. */
#define PENDING ((int64_t)-1)
#define PATH_LEN 192
#define PROGRESS_EVERY 10000

/* Import state shared by the sections. */
typedef struct Imp {
    Db *db;
    const char *src;           /* names the bundle in messages */
    Errs *errs;
    size_t errs_base;          /* messages already in errs before this import */
    bool storage_failed;       /* a write failed for a reason other than bad input */
    int64_t project_id;        /* 0 while unknown */
    bool project_existed;
    char today[11];
    ProgressFn progress;
    void *progress_ctx;
    const char *stage;
    size_t stage_total, stage_done;
    size_t records, attendance;
    /* code → row id (or PENDING), per kind of record that others refer to */
    Idmap orgs, people, groups, interventions, proposals, activities, surveys, categories;
    Idmap areas;               /* competence area name → id */
    Idmap periods;             /* reporting period number (decimal) → 1 */
    Idmap pnrs;                /* 12 digits → index in people[], to catch repeats in the bundle */
    PairSet attendance_seen;   /* (session, person) → index in its activity's attendance[] */
    int64_t *undated;          /* interventions that came as `completed: true` without a date */
    size_t nundated, capundated;
} Imp;

/* ---- messages ---------------------------------------------------------------------------- */

/* Adds "<source>: <path>.<key>: <message>"; path "" is the top level, key NULL names the path
 * itself. */
static void fail(Imp *im, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail(Imp *im, const char *path, const char *key, const char *fmt, ...)
{
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    errs_add(im->errs, "%s: %s%s%s: %s", im->src, path, (key && *path) ? "." : "",
             key ? key : "", b.data);
    buf_free(&b);
}

/* Writes a JSON path into a PATH_LEN buffer; an absurdly deep path is cut short, which only
 * shortens a message. */
static void mkpath(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mkpath(char *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, PATH_LEN, fmt, ap);
    va_end(ap);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "something else";
}

/* True while nothing has gone wrong, i.e. while writing is still worth it. */
static bool writable(const Imp *im)
{
    return !im->storage_failed && errs_total(im->errs) == im->errs_base;
}

/* ---- keys and enumerations --------------------------------------------------------------- */

static const char *const TOP_KEYS[] = {"format", "version", "project", "organisations", "people",
    "groups", "interventions", "proposals", "activities", "surveys", "certificates", "goals",
    "budget", "deviations", "meetings", "dissemination", "narratives", NULL};
static const char *const PROJECT_KEYS[] = {"id", "name", "diarienummer", "owner", "start", "end",
    "planned_participants", "phases", "reporting_periods", "competence_areas",
    "budget_tolerance", "certificate_threshold", "proposal_intake", NULL};
static const char *const PHASE_KEYS[] = {"name", "start", "end", NULL};
static const char *const PERIOD_KEYS[] = {"number", "from", "to", NULL};
static const char *const INTAKE_KEYS[] = {"paused", "message", NULL};
static const char *const ORG_KEYS[] = {"id", "name", "kind", "country", "hourly_cost", NULL};
static const char *const PERSON_KEYS[] = {"id", "name", "gender", "organisation", "unit", "role",
                                          "email", "personnummer", NULL};
static const char *const GROUP_KEYS[] = {"id", "name", "kind", "members", NULL};
static const char *const MEMBER_KEYS[] = {"person", "from", "to", "role", NULL};
static const char *const INTERVENTION_KEYS[] = {"id", "title", "start", "planned_participants",
                                                "completed_on", "completed",
                                                "counts_participants", NULL};
static const char *const PROPOSAL_KEYS[] = {"id", "title", "area", "organisation", "unit",
    "description", "submitted", "estimated_participants", "status", "history", NULL};
static const char *const EVENT_KEYS[] = {"date", "status", "by", "note", NULL};
static const char *const ACTIVITY_KEYS[] = {"id", "title", "intervention", "proposal", "kind",
    "area", "organisations", "supplier", "venue", "planned_participants", "status", "cost",
    "sessions", "attendance", NULL};
static const char *const SESSION_KEYS[] = {"id", "date", "start", "end", "hours", NULL};
static const char *const ATTENDANCE_KEYS[] = {"person", "session", "present", NULL};
static const char *const SURVEY_KEYS[] = {"id", "title", "kind", "activity", "date", "questions",
                                          "responses", NULL};
static const char *const QUESTION_KEYS[] = {"id", "text", "type", "threshold", NULL};
static const char *const RESPONSE_KEYS[] = {"id", "organisation", "gender", "answers", NULL};
static const char *const CERTIFICATE_KEYS[] = {"id", "title", "person", "activity", "issued",
                                               NULL};
static const char *const GOAL_KEYS[] = {"id", "title", "description", "measure", "target",
                                        "comparison", "unit", NULL};
static const char *const MEASURE_KEYS[] = {"kind", "organisation", "gender", "intervention",
    "group", "survey", "survey_kind", "question", "min", "values", "value", "source", NULL};
static const char *const GOAL_VALUE_KEYS[] = {"date", "value", "source", NULL};
static const char *const BUDGET_KEYS[] = {"categories", "versions", "costs", NULL};
static const char *const CATEGORY_KEYS[] = {"id", "name", NULL};
static const char *const VERSION_KEYS[] = {"id", "name", "date", "reason", "lines", NULL};
static const char *const LINE_KEYS[] = {"category", "year", "amount", NULL};
static const char *const COST_KEYS[] = {"id", "date", "category", "amount", "text", "activity",
                                        "voucher", NULL};
static const char *const DEVIATION_KEYS[] = {"id", "date", "area", "description",
    "reported_to_funder", "reported_date", "measures", NULL};
static const char *const MEETING_KEYS[] = {"id", "title", "group", "date", "start", "end",
    "place", "status", "cancel_reason", "notes_by", "attendees", "agenda", "actions", NULL};
static const char *const ATTENDEE_KEYS[] = {"person", "name", "organisation", "status", NULL};
static const char *const AGENDA_KEYS[] = {"title", "presenter", "notes", "decisions", NULL};
static const char *const ACTION_KEYS[] = {"id", "text", "owner", "due", "status", NULL};
static const char *const DISSEMINATION_KEYS[] = {"id", "title", "date", "channel", "audience",
                                                 NULL};
static const char *const NARRATIVE_KEYS[] = {"period", "section", "text", "empty", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

/* Checks that v is an object whose keys are all in `keys`; reports each stranger. False when v
 * is not an object at all (then the record is skipped). */
static bool check_object(Imp *im, const json_t *v, const char *path, const char *const *keys)
{
    if (!json_is_object(v)) {
        fail(im, path, NULL, "expected an object, got %s", type_name(v));
        return false;
    }
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)v, key, val) {
        (void)val;
        if (!in_list(keys, key))
            fail(im, path, key, "unknown key");
    }
    return true;
}

/* ---- typed fields -------------------------------------------------------------------------- */

/* The value of key, or NULL when absent or null ("is required" reported when req). */
static json_t *field(Imp *im, const json_t *obj, const char *path, const char *key, bool req)
{
    json_t *v = json_object_get(obj, key);
    if (v && json_is_null(v))
        v = NULL;
    if (!v && req)
        fail(im, path, key, "is required");
    return v;
}

/* A string field; NULL when absent or wrong (reported). Required strings must not be empty. */
static const char *get_str(Imp *im, const json_t *obj, const char *path, const char *key,
                           bool req)
{
    json_t *v = field(im, obj, path, key, req);
    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        fail(im, path, key, "expected a string, got %s", type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    if (req && !*s) {
        fail(im, path, key, "must not be empty");
        return NULL;
    }
    return s;
}

/* A record id or section name: a string of 1–64 characters on one line (validate_code). */
static const char *get_code(Imp *im, const json_t *obj, const char *path, const char *key)
{
    const char *s = get_str(im, obj, path, key, true);
    Buf why = {0};
    if (s && !validate_code(s, &why)) {
        fail(im, path, key, "%s", why.data);
        s = NULL;
    }
    buf_free(&why);
    return s;
}

static const char *get_date(Imp *im, const json_t *obj, const char *path, const char *key,
                            bool req)
{
    const char *s = get_str(im, obj, path, key, req);
    if (s && !date_valid(s)) {
        fail(im, path, key, "\"%.40s\" is not a date (YYYY-MM-DD)", s);
        return NULL;
    }
    return s;
}

static const char *get_time(Imp *im, const json_t *obj, const char *path, const char *key)
{
    const char *s = get_str(im, obj, path, key, false);
    if (s && !time_valid(s)) {
        fail(im, path, key, "\"%.40s\" is not a time (HH:MM)", s);
        return NULL;
    }
    return s;
}

/* A value from a fixed list; NULL when absent or not in the list (reported). */
static const char *get_enum(Imp *im, const json_t *obj, const char *path, const char *key,
                            bool req, VocabList list)
{
    const char *s = get_str(im, obj, path, key, req);
    if (!s || vocab_has(list, s))
        return s;
    Buf b = {0};
    vocab_join(list, &b);
    fail(im, path, key, "\"%.40s\" is not one of %s", s, b.data);
    buf_free(&b);
    return NULL;
}

/* An integer in [lo, hi]; true with *out set when present and valid. */
static bool get_int(Imp *im, const json_t *obj, const char *path, const char *key, bool req,
                    int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = field(im, obj, path, key, req);
    if (!v)
        return false;
    if (!json_is_integer(v)) {
        fail(im, path, key, "expected an integer, got %s", json_is_real(v) ? "a fraction"
                                                                        : type_name(v));
        return false;
    }
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi) {
        fail(im, path, key, "%" JSON_INTEGER_FORMAT " is not between %" PRId64 " and %" PRId64,
             x, lo, hi);
        return false;
    }
    *out = x;
    return true;
}

/* A boolean; absent or null gives def. */
static bool get_bool(Imp *im, const json_t *obj, const char *path, const char *key, bool req,
                     bool def)
{
    json_t *v = field(im, obj, path, key, req);
    if (!v)
        return def;
    if (!json_is_boolean(v)) {
        fail(im, path, key, "expected a boolean, got %s", type_name(v));
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
static bool get_decimal(Imp *im, const json_t *obj, const char *path, const char *key,
                        bool req, int decimals, int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = field(im, obj, path, key, req);
    if (!v)
        return false;
    if (!json_is_number(v)) {
        fail(im, path, key, "expected a number, got %s", type_name(v));
        return false;
    }
    int64_t x;
    if (!scale_number(v, decimals, &x)) {
        /* Too large to store at all is another mistake than too many decimals. */
        if (fabs(json_number_value(v)) > 1e13)
            fail(im, path, key, "%.15g is too large", json_number_value(v));
        else
            fail(im, path, key, "%.15g is not a number with at most %d decimals",
                 json_number_value(v), decimals);
        return false;
    }
    if (x < lo || x > hi) {
        static const double div[] = {1, 10, 100, 1000, 10000};
        fail(im, path, key, "%.15g is not between %.15g and %.15g", json_number_value(v),
             (double)lo / div[decimals], (double)hi / div[decimals]);
        return false;
    }
    *out = x;
    return true;
}

/* An array field; NULL when absent, null or not an array (reported). */
static json_t *get_array(Imp *im, const json_t *obj, const char *path, const char *key)
{
    json_t *v = field(im, obj, path, key, false);
    if (v && !json_is_array(v)) {
        fail(im, path, key, "expected an array, got %s", type_name(v));
        return NULL;
    }
    return v;
}

/* A reference to a record of `map`; 0 when absent or unknown (reported), else the row id or
 * PENDING. */
static int64_t get_ref(Imp *im, const json_t *obj, const char *path, const char *key, bool req,
                       const Idmap *map, const char *what)
{
    const char *code = get_str(im, obj, path, key, req);
    if (!code)
        return 0;
    int64_t id = 0;
    if (!idmap_get(map, code, &id)) {
        fail(im, path, key, "unknown %s \"%.64s\"", what, code);
        return 0;
    }
    return id;
}

/* Records `code` as seen at list[idx]; a second use is an error naming the first. Registers
 * the code in `kind` (when given) as PENDING unless it is known already. */
static bool claim_id(Imp *im, Idmap *seen, Idmap *kind, const char *list, size_t idx,
                     const char *code)
{
    int64_t first;
    if (idmap_get(seen, code, &first)) {
        errs_add(im->errs, "%s: %s[%zu].id: duplicate id \"%.64s\" (also %s[%" PRId64 "])",
                 im->src, list, idx, code, list, first);
        return false;
    }
    idmap_put(seen, code, (int64_t)idx);
    int64_t old;
    if (kind && !idmap_get(kind, code, &old))
        idmap_put(kind, code, PENDING);
    return true;
}

/* ---- writing ----------------------------------------------------------------------------- */

static void bind_s(sqlite3_stmt *st, int i, const char *s)
{
    /* The strings live in the JSON tree until the statement is reset: no copy needed. */
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_opt(sqlite3_stmt *st, int i, bool has, int64_t v)
{
    if (has)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void set_stage(Imp *im, const char *stage, size_t total)
{
    im->stage = stage;
    im->stage_total = total;
    im->stage_done = 0;
}

/* Counts one written record for the statistics and the progress callback. */
static void count_record(Imp *im)
{
    im->records++;
    im->stage_done++;
    if (im->progress && im->records % PROGRESS_EVERY == 0)
        im->progress(im->progress_ctx, im->stage, im->stage_done, im->stage_total);
}

/* Steps a bound write (optionally RETURNING id) and resets it. Returns the returned id, 1
 * when nothing is returned, or 0 after reporting the failure at `path`. `count`: the row is a
 * record for the statistics and the progress callback. */
static int64_t write_row(Imp *im, sqlite3_stmt *st, const char *path, bool count)
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
            model_rejection(im->db, &why);
            fail(im, path, NULL, "%s", why.data);
            buf_free(&why);
        } else {
            db_fail(im->db, im->errs, "cannot write the bundle");
            im->storage_failed = true;
        }
        id = 0;
    } else if (count) {
        count_record(im);
    }
    sqlite3_reset(st);
    return id;
}

/* Runs a statement that only takes the parent's row id (deleting a replaced child list). */
static void write_by_id(Imp *im, const char *sql, int64_t id, const char *path)
{
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, id);
    write_row(im, st, path, false);
}

/* Fills map with code → id of the project's records of one kind (SQL: ?1 = project id). */
static void preload(Imp *im, Idmap *map, const char *sql, int64_t parent_id)
{
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, parent_id);
    while (sqlite3_step(st) == SQLITE_ROW)
        idmap_put(map, db_col_text(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_reset(st);
}

/* ---- project ----------------------------------------------------------------------------- */

static const char SQL_PROJECT_FIND[] = "SELECT id FROM project WHERE code = ?1";
static const char SQL_PROJECT_UPSERT[] =
    "INSERT INTO project (code, name, diarienummer, start_date, end_date, planned_participants, "
    "budget_tolerance_bp, certificate_threshold_bp, proposals_paused, proposals_paused_message) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (code) DO UPDATE SET "
    "name = excluded.name, diarienummer = excluded.diarienummer, "
    "start_date = excluded.start_date, end_date = excluded.end_date, "
    "planned_participants = excluded.planned_participants, "
    "budget_tolerance_bp = excluded.budget_tolerance_bp, "
    "certificate_threshold_bp = excluded.certificate_threshold_bp, "
    "proposals_paused = excluded.proposals_paused, "
    "proposals_paused_message = excluded.proposals_paused_message RETURNING id";
static const char SQL_PHASE_DELETE[] = "DELETE FROM phase WHERE project_id = ?1";
static const char SQL_PHASE_INSERT[] =
    "INSERT INTO phase (project_id, position, name, start_date, end_date) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_PERIOD_DELETE[] = "DELETE FROM reporting_period WHERE project_id = ?1";
static const char SQL_PERIOD_INSERT[] =
    "INSERT INTO reporting_period (project_id, number, from_date, to_date) "
    "VALUES (?1, ?2, ?3, ?4)";
/* Areas are referred to by row id from proposals and activities, so they are kept and
 * renumbered rather than deleted: first every position moves out of the way (negative), the
 * bundle's areas take theirs back, and those still negative at the end are deleted. */
static const char SQL_AREA_PARK[] =
    "UPDATE competence_area SET position = -1 - position WHERE project_id = ?1";
static const char SQL_AREA_UPSERT[] =
    "INSERT INTO competence_area (project_id, position, name) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (project_id, name) DO UPDATE SET position = excluded.position RETURNING id";
static const char SQL_AREA_DROP[] =
    "DELETE FROM competence_area WHERE project_id = ?1 AND position < 0";
static const char SQL_PROJECT_OWNER[] = "UPDATE project SET owner_org_id = ?2 WHERE id = ?1";

/* Two dates of one record: the later one must not come first. */
static void check_order(Imp *im, const char *path, const char *from_key, const char *from,
                        const char *to_key, const char *to)
{
    if (from && to && strcmp(to, from) < 0)
        fail(im, path, to_key, "%s is before %s %s", to, from_key, from);
}

static void import_phases(Imp *im, const json_t *proj)
{
    json_t *arr = get_array(im, proj, "project", "phases");
    if (writable(im) && im->project_id > 0)
        write_by_id(im, SQL_PHASE_DELETE, im->project_id, "project.phases");
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "project.phases[%zu]", i);
        if (!check_object(im, o, path, PHASE_KEYS))
            continue;
        const char *name = get_str(im, o, path, "name", true);
        const char *start = get_date(im, o, path, "start", true);
        const char *end = get_date(im, o, path, "end", true);
        check_order(im, path, "start", start, "end", end);
        if (!writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_PHASE_INSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        bind_s(st, 3, name);
        bind_s(st, 4, start);
        bind_s(st, 5, end);
        write_row(im, st, path, true);
    }
}

static void import_periods(Imp *im, const json_t *proj)
{
    json_t *arr = get_array(im, proj, "project", "reporting_periods");
    if (writable(im) && im->project_id > 0)
        write_by_id(im, SQL_PERIOD_DELETE, im->project_id, "project.reporting_periods");
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "project.reporting_periods[%zu]", i);
        if (!check_object(im, o, path, PERIOD_KEYS))
            continue;
        int64_t number = 0;
        bool has_number = get_int(im, o, path, "number", true, 1, 9999, &number);
        const char *from = get_date(im, o, path, "from", true);
        const char *to = get_date(im, o, path, "to", true);
        check_order(im, path, "from", from, "to", to);
        if (has_number) {
            char key[24];
            snprintf(key, sizeof key, "%" PRId64, number);
            if (!idmap_put(&im->periods, key, 1))
                fail(im, path, "number", "period %" PRId64 " appears twice", number);
        }
        if (!writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_PERIOD_INSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        sqlite3_bind_int64(st, 2, number);
        bind_s(st, 3, from);
        bind_s(st, 4, to);
        write_row(im, st, path, true);
    }
}

static void import_areas(Imp *im, const json_t *proj)
{
    json_t *arr = get_array(im, proj, "project", "competence_areas");
    if (writable(im) && im->project_id > 0)
        write_by_id(im, SQL_AREA_PARK, im->project_id, "project.competence_areas");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        char path[PATH_LEN];
        mkpath(path, "project.competence_areas[%zu]", i);
        if (!json_is_string(v) || !*json_string_value(v)) {
            fail(im, path, NULL, "expected a non-empty string, got %s",
                 json_is_string(v) ? "an empty one" : type_name(v));
            continue;
        }
        const char *name = json_string_value(v);
        int64_t old;
        if (idmap_get(&im->areas, name, &old)) {
            fail(im, path, NULL, "area \"%.64s\" appears twice", name);
            continue;
        }
        idmap_put(&im->areas, name, PENDING);
        if (!writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_AREA_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        bind_s(st, 3, name);
        int64_t id = write_row(im, st, path, true);
        if (id > 0)
            idmap_put(&im->areas, name, id);
    }
}

/* The project record and its id-less lists. Sets im->project_id (existing or new; 0 when the
 * project's id itself is unusable). */
static void import_project(Imp *im, const json_t *root, BundleStats *stats)
{
    const json_t *proj = field(im, root, "", "project", true);
    if (!proj || !check_object(im, proj, "project", PROJECT_KEYS))
        return;
    const char *P = "project";
    const char *code = get_code(im, proj, P, "id");
    const char *name = get_str(im, proj, P, "name", true);
    const char *diarienummer = get_str(im, proj, P, "diarienummer", false);
    /* "owner" is resolved in finish_project, after the organisations. */
    const char *start = get_date(im, proj, P, "start", true);
    const char *end = get_date(im, proj, P, "end", true);
    check_order(im, P, "start", start, "end", end);
    int64_t planned = 0;
    bool has_planned = get_int(im, proj, P, "planned_participants", false, 0, INT32_MAX,
                               &planned);
    int64_t tolerance = 1000, threshold = 8000;
    get_decimal(im, proj, P, "budget_tolerance", false, 4, 0, 10000, &tolerance);
    get_decimal(im, proj, P, "certificate_threshold", false, 4, 0, 10000, &threshold);
    bool paused = false;
    const char *paused_message = NULL;
    json_t *intake = field(im, proj, P, "proposal_intake", false);
    if (intake && check_object(im, intake, "project.proposal_intake", INTAKE_KEYS)) {
        paused = get_bool(im, intake, "project.proposal_intake", "paused", true, false);
        paused_message = get_str(im, intake, "project.proposal_intake", "message", false);
    }

    if (code) {
        snprintf(stats->project_code, sizeof stats->project_code, "%s", code);
        sqlite3_stmt *st = db_stmt(im->db, SQL_PROJECT_FIND);
        bind_s(st, 1, code);
        if (sqlite3_step(st) == SQLITE_ROW) {
            im->project_id = sqlite3_column_int64(st, 0);
            im->project_existed = true;
        }
        sqlite3_reset(st);
    }
    set_stage(im, "project", 1);
    if (writable(im)) {
        sqlite3_stmt *st = db_stmt(im->db, SQL_PROJECT_UPSERT);
        bind_s(st, 1, code);
        bind_s(st, 2, name);
        bind_s(st, 3, diarienummer);
        bind_s(st, 4, start);
        bind_s(st, 5, end);
        bind_opt(st, 6, has_planned, planned);
        sqlite3_bind_int64(st, 7, tolerance);
        sqlite3_bind_int64(st, 8, threshold);
        sqlite3_bind_int(st, 9, paused);
        bind_s(st, 10, paused_message);
        int64_t id = write_row(im, st, P, true);
        if (id > 0)
            im->project_id = id;
    }
    import_phases(im, proj);
    import_periods(im, proj);
    import_areas(im, proj);
}

/* After the organisations: the owner (a deferred foreign key, so it may be set late) and the
 * removal of competence areas the bundle no longer lists (after proposals and activities have
 * moved off them). */
static void finish_project(Imp *im, const json_t *root)
{
    const json_t *proj = json_object_get(root, "project");
    if (!json_is_object(proj))
        return;
    int64_t owner = get_ref(im, proj, "project", "owner", false, &im->orgs, "organisation");
    if (!writable(im))
        return;
    sqlite3_stmt *st = db_stmt(im->db, SQL_PROJECT_OWNER);
    sqlite3_bind_int64(st, 1, im->project_id);
    db_bind_id_or_null(st, 2, owner);
    write_row(im, st, "project.owner", false);
}

static void drop_unlisted_areas(Imp *im)
{
    if (!writable(im))
        return;
    sqlite3_stmt *st = db_stmt(im->db, SQL_AREA_DROP);
    sqlite3_bind_int64(st, 1, im->project_id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        fail(im, "project", "competence_areas",
             "an area left out of the list is still used by a proposal or activity that "
             "the bundle does not update");
    }
    sqlite3_reset(st);
}

/* ---- organisations, people, groups, interventions ----------------------------------------- */

static const char SQL_ORG_UPSERT[] =
    "INSERT INTO organisation (project_id, code, name, kind, country, hourly_cost_ore) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "name = excluded.name, kind = excluded.kind, country = excluded.country, "
    "hourly_cost_ore = excluded.hourly_cost_ore RETURNING id";

/* Starts a section: its top-level array (NULL when absent or wrong, reported) and the progress
 * stage named after it. */
static json_t *section(Imp *im, const json_t *root, const char *key, const char *stage)
{
    json_t *arr = get_array(im, root, "", key);
    set_stage(im, stage, arr ? json_array_size(arr) : 0);
    return arr;
}

static void import_organisations(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "organisations", "organisations");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "organisations[%zu]", i);
        if (!check_object(im, o, path, ORG_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *name = get_str(im, o, path, "name", true);
        const char *kind = get_enum(im, o, path, "kind", true, VOCAB_ORGANISATION_KIND);
        const char *country = get_str(im, o, path, "country", false);
        if (!country)
            country = "SE";
        else if (strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' ||
                 country[1] < 'A' || country[1] > 'Z')
            fail(im, path, "country", "\"%.40s\" is not a two-letter country code (ISO 3166, "
                 "e.g. SE)", country);
        int64_t cost = 0;
        bool has_cost = get_decimal(im, o, path, "hourly_cost", false, 2, 0, INT64_MAX / 2,
                                    &cost);
        if (!code || !claim_id(im, &seen, &im->orgs, "organisations", i, code) || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_ORG_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        bind_s(st, 3, name);
        bind_s(st, 4, kind);
        bind_s(st, 5, country);
        bind_opt(st, 6, has_cost, cost);
        int64_t id = write_row(im, st, path, true);
        if (id > 0)
            idmap_put(&im->orgs, code, id);
    }
    idmap_free(&seen);
}

/* Where a record's field problems are reported: the import and the record's JSON path. */
typedef struct BundleAt {
    Imp *im;
    const char *path;
} BundleAt;

/* validate_person's report: "<source>: <path>.<field>: <why>" (the fields are named as the
 * bundle's keys). */
static void bundle_field_problem(void *ctx, const char *field, const char *why)
{
    BundleAt *at = ctx;
    fail(at->im, at->path, field, "%s", why);
}

static void import_people(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "people", "people");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "people[%zu]", i);
        if (!check_object(im, o, path, PERSON_KEYS))
            continue;
        PersonRec p = {0};
        p.code = get_code(im, o, path, "id");
        p.name = get_str(im, o, path, "name", true);
        const char *gender = get_str(im, o, path, "gender", true);
        if (gender) {
            Buf why = {0};
            if (!(p.gender = validate_gender(gender, &why)))
                fail(im, path, "gender", "%s", why.data);
            buf_free(&why);
        }
        p.organisation_id = get_ref(im, o, path, "organisation", true, &im->orgs,
                                    "organisation");
        p.unit = get_str(im, o, path, "unit", false);
        p.role = get_str(im, o, path, "role", false);
        p.email = get_str(im, o, path, "email", false);
        /* The same rules as the CSV import's for the text of a person. */
        BundleAt at = {im, path};
        validate_person(&p, bundle_field_problem, &at);
        const char *pnr_in = get_str(im, o, path, "personnummer", false);
        char pnr12[13];
        if (pnr_in) {
            const char *why = NULL;
            int64_t other;
            if (pnr_parse(pnr_in, im->today, pnr12, &why) != 0) {
                /* why never repeats the number; the input itself is never echoed. */
                fail(im, path, "personnummer", "%s", why ? why : "not a personnummer");
            } else if (idmap_get(&im->pnrs, pnr12, &other)) {
                fail(im, path, "personnummer", "the same personnummer as people[%" PRId64 "]",
                     other);
            } else {
                idmap_put(&im->pnrs, pnr12, (int64_t)i);
                p.pnr12 = pnr12;
            }
        }
        if (!p.code || !claim_id(im, &seen, &im->people, "people", i, p.code) || !writable(im))
            continue;
        char where[PATH_LEN + 64];
        snprintf(where, sizeof where, "%s: %s", im->src, path);
        int64_t id = 0;
        int rc = people_upsert(im->db, im->project_id, &p, &id, where, im->errs);
        if (rc == INSATS_ESTORAGE)
            im->storage_failed = true;
        if (rc != INSATS_OK)
            continue;
        idmap_put(&im->people, p.code, id);
        count_record(im);
    }
    /* Drop the numbers in clear as soon as they are no longer needed. */
    idmap_free(&im->pnrs);
    idmap_init(&im->pnrs);
    idmap_free(&seen);
}

static const char SQL_GROUP_UPSERT[] =
    "INSERT INTO grp (project_id, code, name, kind) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (project_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind "
    "RETURNING id";
static const char SQL_MEMBER_DELETE[] = "DELETE FROM membership WHERE group_id = ?1";
static const char SQL_MEMBER_INSERT[] =
    "INSERT INTO membership (group_id, person_id, from_date, to_date, role) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

static void import_groups(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "groups", "groups");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "groups[%zu]", i);
        if (!check_object(im, o, path, GROUP_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *name = get_str(im, o, path, "name", true);
        const char *kind = get_enum(im, o, path, "kind", true, VOCAB_GROUP_KIND);
        bool fresh = code && claim_id(im, &seen, &im->groups, "groups", i, code);
        int64_t gid = 0;
        if (fresh && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_GROUP_UPSERT);
            sqlite3_bind_int64(st, 1, im->project_id);
            bind_s(st, 2, code);
            bind_s(st, 3, name);
            bind_s(st, 4, kind);
            gid = write_row(im, st, path, true);
            if (gid > 0) {
                idmap_put(&im->groups, code, gid);
                write_by_id(im, SQL_MEMBER_DELETE, gid, path);
            }
        }
        json_t *members = get_array(im, o, path, "members");
        size_t j;
        json_t *m;
        json_array_foreach(members, j, m) {
            char mpath[PATH_LEN];
            mkpath(mpath, "%s.members[%zu]", path, j);
            if (!check_object(im, m, mpath, MEMBER_KEYS))
                continue;
            int64_t person = get_ref(im, m, mpath, "person", true, &im->people, "person");
            const char *from = get_date(im, m, mpath, "from", false);
            const char *to = get_date(im, m, mpath, "to", false);
            check_order(im, mpath, "from", from, "to", to);
            const char *role = get_str(im, m, mpath, "role", false);
            if (gid <= 0 || !writable(im))
                continue;
            sqlite3_stmt *st = db_stmt(im->db, SQL_MEMBER_INSERT);
            sqlite3_bind_int64(st, 1, gid);
            sqlite3_bind_int64(st, 2, person);
            bind_s(st, 3, from);
            bind_s(st, 4, to);
            bind_s(st, 5, role);
            write_row(im, st, mpath, true);
        }
    }
    idmap_free(&seen);
}

static const char SQL_INTERVENTION_UPSERT[] =
    "INSERT INTO intervention (project_id, code, title, start_date, planned_participants, "
    "completed_on, counts_participants) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (project_id, code) DO UPDATE SET title = excluded.title, "
    "start_date = excluded.start_date, planned_participants = excluded.planned_participants, "
    "completed_on = excluded.completed_on, counts_participants = excluded.counts_participants "
    "RETURNING id";
/* `completed: true` without a date (bundles written before completion dates) gets the date
 * the schema's rule gives (schema/0005_as_of_dates.sql), once the activities are in. */
static const char SQL_INTERVENTION_COMPLETED_DEFAULT[] =
    "UPDATE intervention SET completed_on = (SELECT d.completed_on FROM "
    "intervention_completion_default d WHERE d.intervention_id = intervention.id) WHERE id = ?1";

static void import_interventions(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "interventions", "interventions");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "interventions[%zu]", i);
        if (!check_object(im, o, path, INTERVENTION_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        const char *start = get_date(im, o, path, "start", false);
        int64_t planned = 0;
        bool has_planned = get_int(im, o, path, "planned_participants", false, 0, INT32_MAX,
                                   &planned);
        const char *completed_on = get_date(im, o, path, "completed_on", false);
        check_order(im, path, "start", start, "completed_on", completed_on);
        json_t *flag = json_object_get(o, "completed");
        bool completed = get_bool(im, o, path, "completed", false, false);
        if (completed_on && json_is_false(flag))
            fail(im, path, "completed", "is false but completed_on is %s; leave completed out "
                 "(completed_on says when it was completed)", completed_on);
        bool counts = get_bool(im, o, path, "counts_participants", false, true);
        if (!code || !claim_id(im, &seen, &im->interventions, "interventions", i, code) ||
            !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_INTERVENTION_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        bind_s(st, 3, title);
        bind_s(st, 4, start);
        bind_opt(st, 5, has_planned, planned);
        bind_s(st, 6, completed_on);
        sqlite3_bind_int(st, 7, counts);
        int64_t id = write_row(im, st, path, true);
        if (id > 0)
            idmap_put(&im->interventions, code, id);
        if (id > 0 && completed && !completed_on) {
            if (im->nundated == im->capundated) {
                im->capundated = im->capundated ? im->capundated * 2 : 8;
                im->undated = xrealloc(im->undated, im->capundated * sizeof *im->undated);
            }
            im->undated[im->nundated++] = id;
        }
    }
    idmap_free(&seen);
}

/* Dates the interventions that came as `completed: true` alone; runs after the activities,
 * whose sessions the date is taken from. */
static void date_completed_interventions(Imp *im)
{
    for (size_t i = 0; i < im->nundated && writable(im); i++)
        write_by_id(im, SQL_INTERVENTION_COMPLETED_DEFAULT, im->undated[i], "interventions");
}

/* ---- proposals --------------------------------------------------------------------------- */

static const char SQL_PROPOSAL_UPSERT[] =
    "INSERT INTO proposal (project_id, code, title, area_id, organisation_id, unit, description, "
    "submitted, estimated_participants, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (project_id, code) DO UPDATE SET title = excluded.title, "
    "area_id = excluded.area_id, organisation_id = excluded.organisation_id, "
    "unit = excluded.unit, description = excluded.description, submitted = excluded.submitted, "
    "estimated_participants = excluded.estimated_participants, status = excluded.status "
    "RETURNING id";
static const char SQL_EVENT_DELETE[] = "DELETE FROM proposal_event WHERE proposal_id = ?1";
static const char SQL_EVENT_INSERT[] =
    "INSERT INTO proposal_event (proposal_id, position, event_date, status, by_person_id, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static void import_proposals(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "proposals", "proposals");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "proposals[%zu]", i);
        if (!check_object(im, o, path, PROPOSAL_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        int64_t area = get_ref(im, o, path, "area", false, &im->areas, "competence area");
        int64_t org = get_ref(im, o, path, "organisation", true, &im->orgs, "organisation");
        const char *unit = get_str(im, o, path, "unit", false);
        const char *description = get_str(im, o, path, "description", false);
        const char *submitted = get_date(im, o, path, "submitted", true);
        int64_t estimated = 0;
        bool has_estimated = get_int(im, o, path, "estimated_participants", false, 0,
                                     INT32_MAX, &estimated);
        const char *status = get_enum(im, o, path, "status", true, VOCAB_PROPOSAL_STATUS);
        bool fresh = code && claim_id(im, &seen, &im->proposals, "proposals", i, code);
        int64_t pid = 0;
        if (fresh && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_PROPOSAL_UPSERT);
            sqlite3_bind_int64(st, 1, im->project_id);
            bind_s(st, 2, code);
            bind_s(st, 3, title);
            db_bind_id_or_null(st, 4, area);
            sqlite3_bind_int64(st, 5, org);
            bind_s(st, 6, unit);
            bind_s(st, 7, description);
            bind_s(st, 8, submitted);
            bind_opt(st, 9, has_estimated, estimated);
            bind_s(st, 10, status);
            pid = write_row(im, st, path, true);
            if (pid > 0) {
                idmap_put(&im->proposals, code, pid);
                write_by_id(im, SQL_EVENT_DELETE, pid, path);
            }
        }
        json_t *history = get_array(im, o, path, "history");
        size_t j;
        json_t *e;
        json_array_foreach(history, j, e) {
            char epath[PATH_LEN];
            mkpath(epath, "%s.history[%zu]", path, j);
            if (!check_object(im, e, epath, EVENT_KEYS))
                continue;
            const char *date = get_date(im, e, epath, "date", true);
            const char *estatus = get_enum(im, e, epath, "status", true, VOCAB_PROPOSAL_STATUS);
            int64_t by = get_ref(im, e, epath, "by", false, &im->people, "person");
            const char *note = get_str(im, e, epath, "note", false);
            if (pid <= 0 || !writable(im))
                continue;
            sqlite3_stmt *st = db_stmt(im->db, SQL_EVENT_INSERT);
            sqlite3_bind_int64(st, 1, pid);
            sqlite3_bind_int64(st, 2, (int64_t)j);
            bind_s(st, 3, date);
            bind_s(st, 4, estatus);
            db_bind_id_or_null(st, 5, by);
            bind_s(st, 6, note);
            write_row(im, st, epath, true);
        }
    }
    idmap_free(&seen);
}

/* ---- activities, sessions, attendance ----------------------------------------------------- */

static const char SQL_ACTIVITY_UPSERT[] =
    "INSERT INTO activity (project_id, code, intervention_id, proposal_id, title, kind, area_id, "
    "supplier, venue, planned_participants, status, cost_ore) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
    "ON CONFLICT (project_id, code) DO UPDATE SET intervention_id = excluded.intervention_id, "
    "proposal_id = excluded.proposal_id, title = excluded.title, kind = excluded.kind, "
    "area_id = excluded.area_id, supplier = excluded.supplier, venue = excluded.venue, "
    "planned_participants = excluded.planned_participants, status = excluded.status, "
    "cost_ore = excluded.cost_ore RETURNING id";
static const char SQL_ACTORG_DELETE[] = "DELETE FROM activity_organisation WHERE activity_id = ?1";
static const char SQL_ACTORG_INSERT[] =
    "INSERT INTO activity_organisation (activity_id, organisation_id) VALUES (?1, ?2)";
static const char SQL_SESSION_LIST[] = "SELECT code, id FROM session WHERE activity_id = ?1";
static const char SQL_SESSION_UPSERT[] =
    "INSERT INTO session (activity_id, code, session_date, start_time, end_time, hours_c) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (activity_id, code) DO UPDATE SET "
    "session_date = excluded.session_date, start_time = excluded.start_time, "
    "end_time = excluded.end_time, hours_c = excluded.hours_c RETURNING id";

static void import_activity_orgs(Imp *im, const json_t *o, const char *path, int64_t aid)
{
    json_t *orgs = get_array(im, o, path, "organisations");
    if (aid > 0 && writable(im))
        write_by_id(im, SQL_ACTORG_DELETE, aid, path);
    Idmap seen;
    idmap_init(&seen);
    size_t j;
    json_t *v;
    json_array_foreach(orgs, j, v) {
        char opath[PATH_LEN];
        mkpath(opath, "%s.organisations[%zu]", path, j);
        if (!json_is_string(v)) {
            fail(im, opath, NULL, "expected a string, got %s", type_name(v));
            continue;
        }
        const char *code = json_string_value(v);
        int64_t org = 0;
        if (!idmap_get(&im->orgs, code, &org)) {
            fail(im, opath, NULL, "unknown organisation \"%.64s\"", code);
            continue;
        }
        if (!idmap_put(&seen, code, 1)) {
            fail(im, opath, NULL, "organisation \"%.64s\" is listed twice", code);
            continue;
        }
        if (aid <= 0 || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_ACTORG_INSERT);
        sqlite3_bind_int64(st, 1, aid);
        sqlite3_bind_int64(st, 2, org);
        write_row(im, st, opath, true);
    }
    idmap_free(&seen);
}

/* Sessions upsert by id within the activity; `sessions` gains code → id for the attendance. */
static void import_sessions(Imp *im, const json_t *o, const char *path, int64_t aid,
                            Idmap *sessions)
{
    json_t *arr = get_array(im, o, path, "sessions");
    Idmap seen;
    idmap_init(&seen);
    size_t j;
    json_t *s;
    char list[PATH_LEN];
    mkpath(list, "%s.sessions", path);
    json_array_foreach(arr, j, s) {
        char spath[PATH_LEN];
        mkpath(spath, "%s[%zu]", list, j);
        if (!check_object(im, s, spath, SESSION_KEYS))
            continue;
        const char *code = get_code(im, s, spath, "id");
        const char *date = get_date(im, s, spath, "date", true);
        const char *start = get_time(im, s, spath, "start");
        const char *end = get_time(im, s, spath, "end");
        check_order(im, spath, "start", start, "end", end);
        int64_t hours = 0;
        get_decimal(im, s, spath, "hours", true, 2, 0, 2400, &hours);
        if (!code || !claim_id(im, &seen, sessions, list, j, code) || aid <= 0 ||
            !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_SESSION_UPSERT);
        sqlite3_bind_int64(st, 1, aid);
        bind_s(st, 2, code);
        bind_s(st, 3, date);
        bind_s(st, 4, start);
        bind_s(st, 5, end);
        sqlite3_bind_int64(st, 6, hours);
        int64_t id = write_row(im, st, spath, true);
        if (id > 0)
            idmap_put(sessions, code, id);
    }
    idmap_free(&seen);
}

/* Attendance rows are keyed by (person, session) and upserted: the list is not replaced, so a
 * bundle can add the attendance of one organisation without repeating the others'. */
static void import_attendance(Imp *im, const json_t *o, const char *path, const Idmap *sessions)
{
    json_t *arr = get_array(im, o, path, "attendance");
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[PATH_LEN];
        mkpath(apath, "%s.attendance[%zu]", path, j);
        if (!check_object(im, a, apath, ATTENDANCE_KEYS))
            continue;
        int64_t person = get_ref(im, a, apath, "person", true, &im->people, "person");
        int64_t session = get_ref(im, a, apath, "session", true, sessions,
                                  "session of this activity");
        bool present = get_bool(im, a, apath, "present", true, false);
        /* Listed twice, the later entry would silently win; say so instead. Sessions belong to
         * one activity, so one set serves the whole bundle. */
        uint32_t first = 0;
        if (person > 0 && session > 0 &&
            !pairset_add(&im->attendance_seen, session, person, (uint32_t)j, &first))
            fail(im, apath, NULL, "the same person and session as %s.attendance[%u]", path, first);
        if (!writable(im))
            continue;
        Buf why = {0};
        int rc = attendance_set(im->db, session, person, present, &why);
        if (rc == INSATS_EINPUT) {
            fail(im, apath, NULL, "%s", why.data);
        } else if (rc == INSATS_ESTORAGE) {
            errs_add(im->errs, "%s", why.data);
            im->storage_failed = true;
        }
        buf_free(&why);
        if (rc == INSATS_OK) {
            im->attendance++;
            count_record(im);
        }
    }
}

static void import_activities(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "activities", "activities");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "activities[%zu]", i);
        if (!check_object(im, o, path, ACTIVITY_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        int64_t intervention = get_ref(im, o, path, "intervention", true, &im->interventions,
                                       "intervention");
        int64_t proposal = get_ref(im, o, path, "proposal", false, &im->proposals, "proposal");
        const char *kind = get_enum(im, o, path, "kind", true, VOCAB_ACTIVITY_KIND);
        int64_t area = get_ref(im, o, path, "area", false, &im->areas, "competence area");
        const char *supplier = get_str(im, o, path, "supplier", false);
        const char *venue = get_str(im, o, path, "venue", false);
        int64_t planned = 0;
        bool has_planned = get_int(im, o, path, "planned_participants", false, 0, INT32_MAX,
                                   &planned);
        const char *status = get_enum(im, o, path, "status", true, VOCAB_ACTIVITY_STATUS);
        int64_t cost = 0;
        bool has_cost = get_decimal(im, o, path, "cost", false, 2, 0, INT64_MAX / 2, &cost);

        int64_t old = 0;
        bool existed = code && idmap_get(&im->activities, code, &old) && old > 0;
        bool fresh = code && claim_id(im, &seen, &im->activities, "activities", i, code);
        int64_t aid = 0;
        if (fresh && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_ACTIVITY_UPSERT);
            sqlite3_bind_int64(st, 1, im->project_id);
            bind_s(st, 2, code);
            sqlite3_bind_int64(st, 3, intervention);
            db_bind_id_or_null(st, 4, proposal);
            bind_s(st, 5, title);
            bind_s(st, 6, kind);
            db_bind_id_or_null(st, 7, area);
            bind_s(st, 8, supplier);
            bind_s(st, 9, venue);
            bind_opt(st, 10, has_planned, planned);
            bind_s(st, 11, status);
            bind_opt(st, 12, has_cost, cost);
            aid = write_row(im, st, path, true);
            if (aid > 0)
                idmap_put(&im->activities, code, aid);
        }
        import_activity_orgs(im, o, path, aid);
        /* Attendance may name sessions stored by an earlier import and not repeated here. */
        Idmap sessions;
        idmap_init(&sessions);
        if (existed && fresh)
            preload(im, &sessions, SQL_SESSION_LIST, old);
        import_sessions(im, o, path, aid, &sessions);
        import_attendance(im, o, path, &sessions);
        idmap_free(&sessions);
    }
    idmap_free(&seen);
}

/* ---- surveys ----------------------------------------------------------------------------- */

static const char SQL_SURVEY_UPSERT[] =
    "INSERT INTO survey (project_id, code, title, kind, activity_id, survey_date) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "title = excluded.title, kind = excluded.kind, activity_id = excluded.activity_id, "
    "survey_date = excluded.survey_date RETURNING id";
static const char SQL_QUESTION_LIST[] =
    "SELECT code, id * 4 + CASE type WHEN 'scale5' THEN 0 WHEN 'yes_no' THEN 1 ELSE 2 END "
    "FROM question WHERE survey_id = ?1";
static const char SQL_QUESTION_UPSERT[] =
    "INSERT INTO question (survey_id, code, position, text, type, threshold) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (survey_id, code) DO UPDATE SET "
    "position = excluded.position, text = excluded.text, type = excluded.type, "
    "threshold = excluded.threshold RETURNING id";
static const char SQL_RESPONSE_UPSERT[] =
    "INSERT INTO response (survey_id, code, organisation_id, gender) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (survey_id, code) DO UPDATE SET organisation_id = excluded.organisation_id, "
    "gender = excluded.gender RETURNING id";
static const char SQL_ANSWER_DELETE[] = "DELETE FROM answer WHERE response_id = ?1";
static const char SQL_ANSWER_INSERT[] =
    "INSERT INTO answer (response_id, question_id, num_value, text_value) "
    "VALUES (?1, ?2, ?3, ?4)";

/* Question map values pack the row id and the type, id * 4 + type index (VOCAB_QUESTION_TYPE), so
 * that one lookup both resolves an answer's question and says which value it needs. */
static int question_type_index(const char *type)
{
    int k = vocab_index(VOCAB_QUESTION_TYPE, type);
    return k < 0 ? 2 : k;
}

static void import_questions(Imp *im, const json_t *o, const char *path, int64_t sid,
                             Idmap *questions)
{
    json_t *arr = get_array(im, o, path, "questions");
    Idmap seen;
    idmap_init(&seen);
    char list[PATH_LEN];
    mkpath(list, "%s.questions", path);
    size_t j;
    json_t *q;
    json_array_foreach(arr, j, q) {
        char qpath[PATH_LEN];
        mkpath(qpath, "%s[%zu]", list, j);
        if (!check_object(im, q, qpath, QUESTION_KEYS))
            continue;
        const char *code = get_code(im, q, qpath, "id");
        const char *text = get_str(im, q, qpath, "text", true);
        const char *type = get_enum(im, q, qpath, "type", true, VOCAB_QUESTION_TYPE);
        int64_t threshold = 2;
        get_int(im, q, qpath, "threshold", false, 1, 5, &threshold);
        if (!code || !claim_id(im, &seen, NULL, list, j, code))
            continue;
        int tix = type ? question_type_index(type) : 2;
        /* Registered even when not written, so answers are still checked against its type. */
        idmap_put(questions, code, tix);   /* row id 0: not written */
        if (sid <= 0 || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_QUESTION_UPSERT);
        sqlite3_bind_int64(st, 1, sid);
        bind_s(st, 2, code);
        sqlite3_bind_int64(st, 3, (int64_t)j);
        bind_s(st, 4, text);
        bind_s(st, 5, type);
        sqlite3_bind_int64(st, 6, threshold);
        int64_t id = write_row(im, st, qpath, true);
        if (id > 0)
            idmap_put(questions, code, id * 4 + tix);
    }
    idmap_free(&seen);
}

/* A response's answers replace the stored ones: question id → value of the question's type. */
static void import_answers(Imp *im, const json_t *r, const char *rpath, int64_t rid,
                           const Idmap *questions)
{
    json_t *answers = field(im, r, rpath, "answers", false);
    if (rid > 0 && writable(im))
        write_by_id(im, SQL_ANSWER_DELETE, rid, rpath);
    if (!answers)
        return;
    if (!json_is_object(answers)) {
        fail(im, rpath, "answers", "expected an object, got %s", type_name(answers));
        return;
    }
    char apath[PATH_LEN];
    mkpath(apath, "%s.answers", rpath);
    const char *qcode;
    json_t *v;
    json_object_foreach(answers, qcode, v) {
        int64_t packed;
        if (!idmap_get(questions, qcode, &packed)) {
            fail(im, apath, qcode, "unknown question \"%.64s\"", qcode);
            continue;
        }
        int tix = (int)(packed & 3);
        int64_t num = 0;
        const char *text = NULL;
        if (tix == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5) {
                fail(im, apath, qcode, "expected an integer 1–5 (scale5 question)");
                continue;
            }
            num = json_integer_value(v);
        } else if (tix == 1) {
            if (!json_is_boolean(v)) {
                fail(im, apath, qcode, "expected a boolean (yes_no question), got %s",
                     type_name(v));
                continue;
            }
            num = json_is_true(v);
        } else {
            if (!json_is_string(v)) {
                fail(im, apath, qcode, "expected a string (text question), got %s",
                     type_name(v));
                continue;
            }
            text = json_string_value(v);
        }
        if (rid <= 0 || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_ANSWER_INSERT);
        sqlite3_bind_int64(st, 1, rid);
        sqlite3_bind_int64(st, 2, packed / 4);
        bind_opt(st, 3, text == NULL, num);
        bind_s(st, 4, text);
        char qp[PATH_LEN];
        mkpath(qp, "%s.%s", apath, qcode);
        write_row(im, st, qp, true);
    }
}

static void import_responses(Imp *im, const json_t *o, const char *path, int64_t sid,
                             const Idmap *questions)
{
    json_t *arr = get_array(im, o, path, "responses");
    Idmap seen;
    idmap_init(&seen);
    char list[PATH_LEN];
    mkpath(list, "%s.responses", path);
    size_t j;
    json_t *r;
    json_array_foreach(arr, j, r) {
        char rpath[PATH_LEN];
        mkpath(rpath, "%s[%zu]", list, j);
        if (!check_object(im, r, rpath, RESPONSE_KEYS))
            continue;
        const char *code = get_code(im, r, rpath, "id");
        int64_t org = get_ref(im, r, rpath, "organisation", false, &im->orgs, "organisation");
        const char *gender = get_enum(im, r, rpath, "gender", false, VOCAB_GENDER);
        int64_t rid = 0;
        if (code && claim_id(im, &seen, NULL, list, j, code) && sid > 0 && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_RESPONSE_UPSERT);
            sqlite3_bind_int64(st, 1, sid);
            bind_s(st, 2, code);
            db_bind_id_or_null(st, 3, org);
            bind_s(st, 4, gender);
            rid = write_row(im, st, rpath, true);
        }
        import_answers(im, r, rpath, rid, questions);
    }
    idmap_free(&seen);
}

static void import_surveys(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "surveys", "surveys");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "surveys[%zu]", i);
        if (!check_object(im, o, path, SURVEY_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        const char *kind = get_enum(im, o, path, "kind", true, VOCAB_SURVEY_KIND);
        int64_t activity = get_ref(im, o, path, "activity", false, &im->activities, "activity");
        const char *date = get_date(im, o, path, "date", false);
        int64_t old = 0;
        bool existed = code && idmap_get(&im->surveys, code, &old) && old > 0;
        bool fresh = code && claim_id(im, &seen, &im->surveys, "surveys", i, code);
        int64_t sid = 0;
        if (fresh && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_SURVEY_UPSERT);
            sqlite3_bind_int64(st, 1, im->project_id);
            bind_s(st, 2, code);
            bind_s(st, 3, title);
            bind_s(st, 4, kind);
            db_bind_id_or_null(st, 5, activity);
            bind_s(st, 6, date);
            sid = write_row(im, st, path, true);
            if (sid > 0)
                idmap_put(&im->surveys, code, sid);
        }
        Idmap questions;
        idmap_init(&questions);
        if (existed && fresh)
            preload(im, &questions, SQL_QUESTION_LIST, old);
        import_questions(im, o, path, sid, &questions);
        import_responses(im, o, path, sid, &questions);
        idmap_free(&questions);
    }
    idmap_free(&seen);
}

/* ---- certificates, goals ----------------------------------------------------------------- */

static const char SQL_CERTIFICATE_UPSERT[] =
    "INSERT INTO certificate (project_id, code, person_id, activity_id, title, issued) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "person_id = excluded.person_id, activity_id = excluded.activity_id, "
    "title = excluded.title, issued = excluded.issued";

static void import_certificates(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "certificates", "certificates");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "certificates[%zu]", i);
        if (!check_object(im, o, path, CERTIFICATE_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        int64_t person = get_ref(im, o, path, "person", true, &im->people, "person");
        int64_t activity = get_ref(im, o, path, "activity", false, &im->activities, "activity");
        const char *issued = get_date(im, o, path, "issued", true);
        if (!code || !claim_id(im, &seen, NULL, "certificates", i, code) || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_CERTIFICATE_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        sqlite3_bind_int64(st, 3, person);
        db_bind_id_or_null(st, 4, activity);
        bind_s(st, 5, title);
        bind_s(st, 6, issued);
        write_row(im, st, path, true);
    }
    idmap_free(&seen);
}

static const char SQL_GOAL_UPSERT[] =
    "INSERT INTO goal (project_id, code, position, title, description, measure_kind, "
    "m_organisation_id, m_gender, m_intervention_id, m_group_id, m_survey_id, m_survey_kind, "
    "m_question, m_min, target_c, comparison, unit) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
    "ON CONFLICT (project_id, code) DO UPDATE SET position = excluded.position, "
    "title = excluded.title, description = excluded.description, "
    "measure_kind = excluded.measure_kind, m_organisation_id = excluded.m_organisation_id, "
    "m_gender = excluded.m_gender, m_intervention_id = excluded.m_intervention_id, "
    "m_group_id = excluded.m_group_id, m_survey_id = excluded.m_survey_id, "
    "m_survey_kind = excluded.m_survey_kind, m_question = excluded.m_question, "
    "m_min = excluded.m_min, "
    "target_c = excluded.target_c, comparison = excluded.comparison, unit = excluded.unit "
    "RETURNING id";
static const char SQL_GOAL_VALUE_DELETE[] = "DELETE FROM goal_value WHERE goal_id = ?1";
/* ?2 NULL: a value without a date (`value` of a bundle written before dated values), taken
 * as measured on the project's last day, as schema/0005_as_of_dates.sql does with the values
 * stored before it. */
static const char SQL_GOAL_VALUE_INSERT[] =
    "INSERT INTO goal_value (goal_id, measured_on, value_c, source) "
    "SELECT ?1, coalesce(?2, p.end_date), ?3, ?4 FROM project p WHERE p.id = ?5";

static const char SQL_QUESTION_ASKED[] =
    "SELECT 1 FROM survey s JOIN question q ON q.survey_id = s.id"
    " WHERE s.project_id = ?1 AND q.code = ?2 AND (?3 IS NULL OR s.id = ?3)"
    " AND (?3 IS NOT NULL OR ?4 IS NULL OR s.kind = ?4) LIMIT 1";

/* True when the question is asked by the survey (survey > 0), or by a survey of survey_kind,
 * or by any survey of the project. Surveys are imported before goals, so the bundle's own
 * count. */
static bool question_asked(Imp *im, const char *question, int64_t survey, const char *survey_kind)
{
    sqlite3_stmt *st = db_stmt(im->db, SQL_QUESTION_ASKED);
    sqlite3_bind_int64(st, 1, im->project_id);
    sqlite3_bind_text(st, 2, question, -1, SQLITE_STATIC);
    db_bind_id_or_null(st, 3, survey);
    db_bind_text_or_null(st, 4, survey_kind);
    bool asked = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return asked;
}

/* The measure parameters each kind reads: figures.c goals_json() and figures_survey_share().
 * Any other parameter would be stored and exported but change no report, so a goal would say
 * "participants of Sunne" while counting everyone; import refuses it instead. */
static const char *const USES_PARTICIPANTS[] = {"organisation", "gender", "intervention", NULL};
static const char *const USES_NOTHING[] = {NULL};
static const char *const USES_GROUP_MEMBERS[] = {"group", NULL};
static const char *const USES_SURVEY_SHARE[] = {"survey", "survey_kind", "question", "min",
                                                "organisation", "gender", NULL};
static const char *const USES_MANUAL[] = {"values", "value", "source", NULL};
static const struct {
    const char *kind;
    const char *const *uses;
} MEASURE_USES[] = {
    {"participants", USES_PARTICIPANTS},   {"certificates", USES_NOTHING},
    {"certified_people", USES_NOTHING},    {"certified_share", USES_NOTHING},
    {"group_members", USES_GROUP_MEMBERS}, {"survey_share", USES_SURVEY_SHARE},
    {"manual", USES_MANUAL},
};

/* Reports each non-null parameter of measure m (at mpath) that its kind does not use. */
static void check_measure_uses(Imp *im, const json_t *m, const char *mpath, const char *kind)
{
    const char *const *uses = NULL;
    for (size_t k = 0; k < sizeof MEASURE_USES / sizeof *MEASURE_USES; k++)
        if (strcmp(MEASURE_USES[k].kind, kind) == 0)
            uses = MEASURE_USES[k].uses;
    if (!uses)
        return;
    for (size_t k = 0; MEASURE_KEYS[k]; k++) {
        const char *key = MEASURE_KEYS[k];
        json_t *v = json_object_get(m, key);
        if (strcmp(key, "kind") == 0 || !v || json_is_null(v) || in_list(uses, key))
            continue;
        Buf b = {0};
        for (size_t u = 0; uses[u]; u++)
            buf_printf(&b, "%s%s", u ? ", " : "", uses[u]);
        if (uses[0])
            fail(im, mpath, key, "kind %s does not use %s (it uses %s)", kind, key, b.data);
        else
            fail(im, mpath, key, "kind %s does not use %s (it takes no parameters)", kind, key);
        buf_free(&b);
    }
}

static const char SQL_SURVEY_KIND[] = "SELECT kind FROM survey WHERE id = ?1";

/* Copies the kind of survey `survey` (a row id) into kind[size]; false when there is none. */
static bool survey_kind_of(Imp *im, int64_t survey, char *kind, size_t size)
{
    sqlite3_stmt *st = db_stmt(im->db, SQL_SURVEY_KIND);
    sqlite3_bind_int64(st, 1, survey);
    bool found = sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0);
    if (found)
        snprintf(kind, size, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return found;
}

/* The measurements of a manual goal, as read from the bundle (strings borrowed from it). */
typedef struct GoalMeasurement {
    const char *date;            /* NULL: the older undated `value` */
    int64_t value_c;
    const char *source;
} GoalMeasurement;

typedef struct GoalMeasurements {
    GoalMeasurement *v;
    size_t n;
} GoalMeasurements;

/* Reads measure.values[] ({date, value, source}, dates unique) or the older single undated
 * measure.value with measure.source, into *out; each problem is reported. */
static void read_goal_values(Imp *im, const json_t *m, const char *mpath, GoalMeasurements *out)
{
    json_t *list = get_array(im, m, mpath, "values");
    int64_t value = 0;
    bool has_value = get_decimal(im, m, mpath, "value", false, 2, -INT64_MAX / 2,
                                 INT64_MAX / 2, &value);
    const char *source = get_str(im, m, mpath, "source", false);
    if (list && (has_value || source)) {
        fail(im, mpath, has_value ? "value" : "source", "give the measurements in values[] "
             "(each with its date, value and source), not beside it");
        return;
    }
    if (has_value) {
        out->v = xmalloc(sizeof *out->v);
        out->v[0] = (GoalMeasurement){NULL, value, source};
        out->n = 1;
        return;
    }
    if (source && !list) {
        fail(im, mpath, "source", "is the source of a value; give value too, or use values[]");
        return;
    }
    if (!list)
        return;
    out->v = xcalloc(json_array_size(list) + 1, sizeof *out->v);
    Idmap dates;
    idmap_init(&dates);
    size_t j;
    json_t *e;
    json_array_foreach(list, j, e) {
        char vpath[PATH_LEN];
        mkpath(vpath, "%s.values[%zu]", mpath, j);
        if (!check_object(im, e, vpath, GOAL_VALUE_KEYS))
            continue;
        GoalMeasurement g = {get_date(im, e, vpath, "date", true), 0, NULL};
        bool ok = get_decimal(im, e, vpath, "value", true, 2, -INT64_MAX / 2, INT64_MAX / 2,
                              &g.value_c);
        g.source = get_str(im, e, vpath, "source", false);
        int64_t first;
        if (g.date && idmap_get(&dates, g.date, &first)) {
            fail(im, vpath, "date", "a second measurement on %s (also values[%" PRId64 "]); "
                 "one value per date", g.date, first);
            continue;
        }
        if (g.date)
            idmap_put(&dates, g.date, (int64_t)j);
        if (g.date && ok)
            out->v[out->n++] = g;
    }
    idmap_free(&dates);
}

static void import_goals(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "goals", "goals");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN], mpath[PATH_LEN];
        mkpath(path, "goals[%zu]", i);
        mkpath(mpath, "goals[%zu].measure", i);
        if (!check_object(im, o, path, GOAL_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        const char *description = get_str(im, o, path, "description", false);
        int64_t target = 0;
        get_decimal(im, o, path, "target", true, 2, -INT64_MAX / 2, INT64_MAX / 2, &target);
        const char *comparison = get_enum(im, o, path, "comparison", false, VOCAB_COMPARISON);
        const char *unit = get_enum(im, o, path, "unit", false, VOCAB_GOAL_UNIT);
        json_t *m = field(im, o, path, "measure", true);
        const char *kind = NULL, *gender = NULL, *survey_kind = NULL, *question = NULL;
        int64_t org = 0, intervention = 0, group = 0, survey = 0, min = 0;
        bool has_min = false;
        GoalMeasurements values = {0};
        if (m && check_object(im, m, mpath, MEASURE_KEYS)) {
            kind = get_enum(im, m, mpath, "kind", true, VOCAB_MEASURE_KIND);
            org = get_ref(im, m, mpath, "organisation", false, &im->orgs, "organisation");
            gender = get_enum(im, m, mpath, "gender", false, VOCAB_GENDER);
            intervention = get_ref(im, m, mpath, "intervention", false, &im->interventions,
                                   "intervention");
            group = get_ref(im, m, mpath, "group", false, &im->groups, "group");
            survey = get_ref(im, m, mpath, "survey", false, &im->surveys, "survey");
            survey_kind = get_enum(im, m, mpath, "survey_kind", false, VOCAB_SURVEY_KIND);
            question = get_str(im, m, mpath, "question", false);
            has_min = get_int(im, m, mpath, "min", false, 1, 5, &min);
            /* another kind's values are refused by check_measure_uses below */
            if (kind && strcmp(kind, "manual") == 0)
                read_goal_values(im, m, mpath, &values);
            /* The parameters a kind cannot do without (the schema's CHECKs, said plainly). */
            if (kind && strcmp(kind, "group_members") == 0 && !json_object_get(m, "group"))
                fail(im, mpath, "group", "is required for kind group_members");
            if (kind && strcmp(kind, "survey_share") == 0 && !json_object_get(m, "question"))
                fail(im, mpath, "question", "is required for kind survey_share");
            if (kind && strcmp(kind, "manual") == 0 && !json_object_get(m, "values") &&
                !json_object_get(m, "value"))
                fail(im, mpath, "values", "is required for kind manual (the measurements, "
                     "each with its date; [] before the first)");
            if (kind)
                check_measure_uses(im, m, mpath, kind);
            /* Survey responses know no "unknown" gender (a missing one counts as other), so
             * the report would refuse such a goal; say so now, not at every report. */
            if (kind && strcmp(kind, "survey_share") == 0 && gender &&
                strcmp(gender, "unknown") == 0)
                fail(im, mpath, "gender", "\"%s\" is not one of female, male, other for kind "
                     "survey_share", gender);
            /* With a survey the share reads that survey alone and ignores survey_kind, so a
             * kind that contradicts the survey would be silently dropped. */
            if (kind && strcmp(kind, "survey_share") == 0 && survey && survey_kind &&
                writable(im)) {
                char actual[32];
                if (survey_kind_of(im, survey, actual, sizeof actual) &&
                    strcmp(actual, survey_kind) != 0)
                    fail(im, mpath, "survey_kind", "\"%s\" contradicts survey \"%s\", which is "
                         "of kind %s", survey_kind, json_string_value(json_object_get(m, "survey")),
                         actual);
            }
            /* A question the surveys do not ask would leave the goal without a value forever. */
            if (question && writable(im) && !question_asked(im, question, survey, survey_kind)) {
                const char *survey_code = json_string_value(json_object_get(m, "survey"));
                if (survey && survey_code)
                    fail(im, mpath, "question", "survey \"%s\" asks no question \"%s\"", survey_code,
                         question);
                else
                    fail(im, mpath, "question", "no survey%s%s asks question \"%s\"",
                         survey_kind ? " of kind " : "", survey_kind ? survey_kind : "", question);
            }
        } else if (m) {
            continue;
        }
        if (!code || !claim_id(im, &seen, NULL, "goals", i, code) || !writable(im)) {
            free(values.v);
            continue;
        }
        sqlite3_stmt *st = db_stmt(im->db, SQL_GOAL_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        sqlite3_bind_int64(st, 3, (int64_t)i);
        bind_s(st, 4, title);
        bind_s(st, 5, description);
        bind_s(st, 6, kind);
        db_bind_id_or_null(st, 7, org);
        bind_s(st, 8, gender);
        db_bind_id_or_null(st, 9, intervention);
        db_bind_id_or_null(st, 10, group);
        db_bind_id_or_null(st, 11, survey);
        bind_s(st, 12, survey_kind);
        bind_s(st, 13, question);
        bind_opt(st, 14, has_min, min);
        sqlite3_bind_int64(st, 15, target);
        bind_s(st, 16, comparison ? comparison : ">=");
        bind_s(st, 17, unit ? unit : "count");
        int64_t gid = write_row(im, st, path, true);
        if (gid > 0)
            write_by_id(im, SQL_GOAL_VALUE_DELETE, gid, path);
        for (size_t k = 0; gid > 0 && k < values.n && writable(im); k++) {
            const GoalMeasurement *v = &values.v[k];
            st = db_stmt(im->db, SQL_GOAL_VALUE_INSERT);
            sqlite3_bind_int64(st, 1, gid);
            bind_s(st, 2, v->date);
            sqlite3_bind_int64(st, 3, v->value_c);
            bind_s(st, 4, v->source);
            sqlite3_bind_int64(st, 5, im->project_id);
            write_row(im, st, path, false);
        }
        free(values.v);
    }
    idmap_free(&seen);
}

/* ---- budget ------------------------------------------------------------------------------ */

static const char SQL_CATEGORY_UPSERT[] =
    "INSERT INTO budget_category (project_id, code, position, name) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (project_id, code) DO UPDATE SET position = excluded.position, "
    "name = excluded.name RETURNING id";
static const char SQL_VERSION_UPSERT[] =
    "INSERT INTO budget_version (project_id, code, position, name, version_date, reason) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "position = excluded.position, name = excluded.name, version_date = excluded.version_date, "
    "reason = excluded.reason RETURNING id";
static const char SQL_LINE_DELETE[] = "DELETE FROM budget_line WHERE version_id = ?1";
static const char SQL_LINE_INSERT[] =
    "INSERT INTO budget_line (version_id, category_id, year, amount_ore) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_COST_UPSERT[] =
    "INSERT INTO cost_entry (project_id, code, cost_date, category_id, amount_ore, text, "
    "activity_id, voucher) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (project_id, code) DO UPDATE SET cost_date = excluded.cost_date, "
    "category_id = excluded.category_id, amount_ore = excluded.amount_ore, "
    "text = excluded.text, activity_id = excluded.activity_id, voucher = excluded.voucher";

static void import_categories(Imp *im, const json_t *budget)
{
    json_t *arr = get_array(im, budget, "budget", "categories");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "budget.categories[%zu]", i);
        if (!check_object(im, o, path, CATEGORY_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *name = get_str(im, o, path, "name", true);
        if (!code || !claim_id(im, &seen, &im->categories, "budget.categories", i, code) ||
            !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_CATEGORY_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        sqlite3_bind_int64(st, 3, (int64_t)i);
        bind_s(st, 4, name);
        int64_t id = write_row(im, st, path, true);
        if (id > 0)
            idmap_put(&im->categories, code, id);
    }
    idmap_free(&seen);
}

static void import_lines(Imp *im, const json_t *v, const char *path, int64_t vid)
{
    json_t *arr = get_array(im, v, path, "lines");
    if (vid > 0 && writable(im))
        write_by_id(im, SQL_LINE_DELETE, vid, path);
    Idmap seen;   /* "category/year": a line per category and year */
    idmap_init(&seen);
    size_t j;
    json_t *l;
    json_array_foreach(arr, j, l) {
        char lpath[PATH_LEN];
        mkpath(lpath, "%s.lines[%zu]", path, j);
        if (!check_object(im, l, lpath, LINE_KEYS))
            continue;
        int64_t cat = get_ref(im, l, lpath, "category", true, &im->categories,
                              "budget category");
        int64_t year = 0, amount = 0;
        bool has_year = get_int(im, l, lpath, "year", true, 1900, 2999, &year);
        get_decimal(im, l, lpath, "amount", true, 2, 0, INT64_MAX / 2, &amount);
        const char *cat_code = json_string_value(json_object_get(l, "category"));
        if (cat_code && has_year) {
            char key[96];
            snprintf(key, sizeof key, "%.64s/%" PRId64, cat_code, year);
            if (!idmap_put(&seen, key, 1))
                fail(im, lpath, NULL, "a second line for category \"%.64s\" and year %" PRId64,
                     cat_code, year);
        }
        if (vid <= 0 || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_LINE_INSERT);
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int64(st, 2, cat);
        sqlite3_bind_int64(st, 3, year);
        sqlite3_bind_int64(st, 4, amount);
        write_row(im, st, lpath, true);
    }
    idmap_free(&seen);
}

static void import_versions(Imp *im, const json_t *budget)
{
    json_t *arr = get_array(im, budget, "budget", "versions");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "budget.versions[%zu]", i);
        if (!check_object(im, o, path, VERSION_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *name = get_str(im, o, path, "name", true);
        const char *date = get_date(im, o, path, "date", true);
        const char *reason = get_str(im, o, path, "reason", false);
        int64_t vid = 0;
        if (code && claim_id(im, &seen, NULL, "budget.versions", i, code) && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_VERSION_UPSERT);
            sqlite3_bind_int64(st, 1, im->project_id);
            bind_s(st, 2, code);
            sqlite3_bind_int64(st, 3, (int64_t)i);
            bind_s(st, 4, name);
            bind_s(st, 5, date);
            bind_s(st, 6, reason);
            vid = write_row(im, st, path, true);
        }
        import_lines(im, o, path, vid);
    }
    idmap_free(&seen);
}

static void import_costs(Imp *im, const json_t *budget)
{
    json_t *arr = get_array(im, budget, "budget", "costs");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "budget.costs[%zu]", i);
        if (!check_object(im, o, path, COST_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *date = get_date(im, o, path, "date", true);
        int64_t cat = get_ref(im, o, path, "category", true, &im->categories,
                              "budget category");
        int64_t amount = 0;
        get_decimal(im, o, path, "amount", true, 2, -INT64_MAX / 2, INT64_MAX / 2, &amount);
        const char *text = get_str(im, o, path, "text", false);
        int64_t activity = get_ref(im, o, path, "activity", false, &im->activities, "activity");
        const char *voucher = get_str(im, o, path, "voucher", false);
        if (!code || !claim_id(im, &seen, NULL, "budget.costs", i, code) || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_COST_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        bind_s(st, 3, date);
        sqlite3_bind_int64(st, 4, cat);
        sqlite3_bind_int64(st, 5, amount);
        bind_s(st, 6, text);
        db_bind_id_or_null(st, 7, activity);
        bind_s(st, 8, voucher);
        write_row(im, st, path, true);
    }
    idmap_free(&seen);
}

static void import_budget(Imp *im, const json_t *root)
{
    json_t *budget = field(im, root, "", "budget", false);
    set_stage(im, "budget", 0);
    if (!budget || !check_object(im, budget, "budget", BUDGET_KEYS))
        return;
    import_categories(im, budget);
    import_versions(im, budget);
    import_costs(im, budget);
}

/* ---- deviations, meetings, dissemination, narratives ------------------------------------- */

static const char SQL_DEVIATION_UPSERT[] =
    "INSERT INTO deviation (project_id, code, deviation_date, area, description, "
    "reported_to_funder, reported_date, measures) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (project_id, code) DO UPDATE SET deviation_date = excluded.deviation_date, "
    "area = excluded.area, description = excluded.description, "
    "reported_to_funder = excluded.reported_to_funder, reported_date = excluded.reported_date, "
    "measures = excluded.measures";

static void import_deviations(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "deviations", "deviations");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "deviations[%zu]", i);
        if (!check_object(im, o, path, DEVIATION_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *date = get_date(im, o, path, "date", true);
        const char *area = get_enum(im, o, path, "area", true, VOCAB_DEVIATION_AREA);
        const char *description = get_str(im, o, path, "description", true);
        bool reported = get_bool(im, o, path, "reported_to_funder", false, false);
        const char *reported_date = get_date(im, o, path, "reported_date", false);
        const char *measures = get_str(im, o, path, "measures", false);
        if (reported_date && !reported)
            fail(im, path, "reported_date", "is only allowed when reported_to_funder is true");
        if (!code || !claim_id(im, &seen, NULL, "deviations", i, code) || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_DEVIATION_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        bind_s(st, 3, date);
        bind_s(st, 4, area);
        bind_s(st, 5, description);
        sqlite3_bind_int(st, 6, reported);
        bind_s(st, 7, reported_date);
        bind_s(st, 8, measures);
        write_row(im, st, path, true);
    }
    idmap_free(&seen);
}

static const char SQL_MEETING_UPSERT[] =
    "INSERT INTO meeting (project_id, code, group_id, title, meeting_date, start_time, end_time, "
    "place, status, cancel_reason, notes_by_person_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (project_id, code) DO UPDATE SET group_id = excluded.group_id, "
    "title = excluded.title, meeting_date = excluded.meeting_date, "
    "start_time = excluded.start_time, end_time = excluded.end_time, place = excluded.place, "
    "status = excluded.status, cancel_reason = excluded.cancel_reason, "
    "notes_by_person_id = excluded.notes_by_person_id RETURNING id";
static const char SQL_ATTENDEE_DELETE[] = "DELETE FROM meeting_attendee WHERE meeting_id = ?1";
static const char SQL_ATTENDEE_INSERT[] =
    "INSERT INTO meeting_attendee (meeting_id, position, person_id, guest_name, "
    "guest_organisation, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_AGENDA_DELETE[] = "DELETE FROM agenda_item WHERE meeting_id = ?1";
static const char SQL_AGENDA_INSERT[] =
    "INSERT INTO agenda_item (meeting_id, position, title, presenter, notes) "
    "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
static const char SQL_DECISION_INSERT[] =
    "INSERT INTO decision (agenda_item_id, position, text) VALUES (?1, ?2, ?3)";
static const char SQL_ACTION_UPSERT[] =
    "INSERT INTO action_item (meeting_id, code, text, owner_person_id, due, status) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (meeting_id, code) DO UPDATE SET "
    "text = excluded.text, owner_person_id = excluded.owner_person_id, due = excluded.due, "
    "status = excluded.status";

static void import_attendees(Imp *im, const json_t *o, const char *path, int64_t mid)
{
    json_t *arr = get_array(im, o, path, "attendees");
    if (mid > 0 && writable(im))
        write_by_id(im, SQL_ATTENDEE_DELETE, mid, path);
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[PATH_LEN];
        mkpath(apath, "%s.attendees[%zu]", path, j);
        if (!check_object(im, a, apath, ATTENDEE_KEYS))
            continue;
        int64_t person = get_ref(im, a, apath, "person", false, &im->people, "person");
        const char *name = get_str(im, a, apath, "name", false);
        const char *org = get_str(im, a, apath, "organisation", false);
        const char *status = get_enum(im, a, apath, "status", true, VOCAB_ATTENDEE_STATUS);
        bool has_person = json_object_get(a, "person") && !json_is_null(json_object_get(a, "person"));
        if (has_person == (name != NULL))
            fail(im, apath, NULL, "needs either person (a person id) or name (a guest), "
                 "not both or neither");
        else if (has_person && org)
            fail(im, apath, "organisation", "is only for guests (with name)");
        if (mid <= 0 || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_ATTENDEE_INSERT);
        sqlite3_bind_int64(st, 1, mid);
        sqlite3_bind_int64(st, 2, (int64_t)j);
        db_bind_id_or_null(st, 3, person);
        bind_s(st, 4, name);
        bind_s(st, 5, org);
        bind_s(st, 6, status);
        write_row(im, st, apath, true);
    }
}

static void import_agenda(Imp *im, const json_t *o, const char *path, int64_t mid)
{
    json_t *arr = get_array(im, o, path, "agenda");
    if (mid > 0 && writable(im))
        write_by_id(im, SQL_AGENDA_DELETE, mid, path);
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[PATH_LEN];
        mkpath(apath, "%s.agenda[%zu]", path, j);
        if (!check_object(im, a, apath, AGENDA_KEYS))
            continue;
        const char *title = get_str(im, a, apath, "title", true);
        const char *presenter = get_str(im, a, apath, "presenter", false);
        const char *notes = get_str(im, a, apath, "notes", false);
        int64_t item = 0;
        if (mid > 0 && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_AGENDA_INSERT);
            sqlite3_bind_int64(st, 1, mid);
            sqlite3_bind_int64(st, 2, (int64_t)j);
            bind_s(st, 3, title);
            bind_s(st, 4, presenter);
            bind_s(st, 5, notes);
            item = write_row(im, st, apath, true);
        }
        json_t *decisions = get_array(im, a, apath, "decisions");
        size_t k;
        json_t *d;
        json_array_foreach(decisions, k, d) {
            char dpath[PATH_LEN];
            mkpath(dpath, "%s.decisions[%zu]", apath, k);
            if (!json_is_string(d) || !*json_string_value(d)) {
                fail(im, dpath, NULL, "expected a non-empty string, got %s",
                     json_is_string(d) ? "an empty one" : type_name(d));
                continue;
            }
            if (item <= 0 || !writable(im))
                continue;
            sqlite3_stmt *st = db_stmt(im->db, SQL_DECISION_INSERT);
            sqlite3_bind_int64(st, 1, item);
            sqlite3_bind_int64(st, 2, (int64_t)k);
            bind_s(st, 3, json_string_value(d));
            write_row(im, st, dpath, true);
        }
    }
}

static void import_actions(Imp *im, const json_t *o, const char *path, int64_t mid)
{
    json_t *arr = get_array(im, o, path, "actions");
    Idmap seen;
    idmap_init(&seen);
    char list[PATH_LEN];
    mkpath(list, "%s.actions", path);
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[PATH_LEN];
        mkpath(apath, "%s[%zu]", list, j);
        if (!check_object(im, a, apath, ACTION_KEYS))
            continue;
        const char *code = get_code(im, a, apath, "id");
        const char *text = get_str(im, a, apath, "text", true);
        int64_t owner = get_ref(im, a, apath, "owner", false, &im->people, "person");
        const char *due = get_date(im, a, apath, "due", false);
        const char *status = get_enum(im, a, apath, "status", false, VOCAB_ACTION_STATUS);
        if (!code || !claim_id(im, &seen, NULL, list, j, code) || mid <= 0 || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_ACTION_UPSERT);
        sqlite3_bind_int64(st, 1, mid);
        bind_s(st, 2, code);
        bind_s(st, 3, text);
        db_bind_id_or_null(st, 4, owner);
        bind_s(st, 5, due);
        bind_s(st, 6, status ? status : "open");
        write_row(im, st, apath, true);
    }
    idmap_free(&seen);
}

static void import_meetings(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "meetings", "meetings");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "meetings[%zu]", i);
        if (!check_object(im, o, path, MEETING_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        int64_t group = get_ref(im, o, path, "group", false, &im->groups, "group");
        const char *date = get_date(im, o, path, "date", true);
        const char *start = get_time(im, o, path, "start");
        const char *end = get_time(im, o, path, "end");
        check_order(im, path, "start", start, "end", end);
        const char *place = get_str(im, o, path, "place", false);
        const char *status = get_enum(im, o, path, "status", true, VOCAB_MEETING_STATUS);
        const char *reason = get_str(im, o, path, "cancel_reason", false);
        int64_t notes_by = get_ref(im, o, path, "notes_by", false, &im->people, "person");
        if (reason && status && strcmp(status, "cancelled") != 0)
            fail(im, path, "cancel_reason", "is only allowed when status is cancelled");
        int64_t mid = 0;
        if (code && claim_id(im, &seen, NULL, "meetings", i, code) && writable(im)) {
            sqlite3_stmt *st = db_stmt(im->db, SQL_MEETING_UPSERT);
            sqlite3_bind_int64(st, 1, im->project_id);
            bind_s(st, 2, code);
            db_bind_id_or_null(st, 3, group);
            bind_s(st, 4, title);
            bind_s(st, 5, date);
            bind_s(st, 6, start);
            bind_s(st, 7, end);
            bind_s(st, 8, place);
            bind_s(st, 9, status);
            bind_s(st, 10, reason);
            db_bind_id_or_null(st, 11, notes_by);
            mid = write_row(im, st, path, true);
        }
        import_attendees(im, o, path, mid);
        import_agenda(im, o, path, mid);
        import_actions(im, o, path, mid);
    }
    idmap_free(&seen);
}

static const char SQL_DISSEMINATION_UPSERT[] =
    "INSERT INTO dissemination (project_id, code, item_date, channel, title, audience) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "item_date = excluded.item_date, channel = excluded.channel, title = excluded.title, "
    "audience = excluded.audience";

static void import_dissemination(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "dissemination", "dissemination");
    Idmap seen;
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "dissemination[%zu]", i);
        if (!check_object(im, o, path, DISSEMINATION_KEYS))
            continue;
        const char *code = get_code(im, o, path, "id");
        const char *title = get_str(im, o, path, "title", true);
        const char *date = get_date(im, o, path, "date", true);
        const char *channel = get_enum(im, o, path, "channel", true, VOCAB_CHANNEL);
        const char *audience = get_str(im, o, path, "audience", false);
        if (!code || !claim_id(im, &seen, NULL, "dissemination", i, code) || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_DISSEMINATION_UPSERT);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_s(st, 2, code);
        bind_s(st, 3, date);
        bind_s(st, 4, channel);
        bind_s(st, 5, title);
        bind_s(st, 6, audience);
        write_row(im, st, path, true);
    }
    idmap_free(&seen);
}

/* Narratives have no id: (period, section) is the key, and NULL periods need IS, which
 * ON CONFLICT cannot express, hence update-then-insert. */
static const char SQL_NARRATIVE_UPDATE[] =
    "UPDATE narrative SET text = ?4, empty = ?5 WHERE project_id = ?1 AND period IS ?2"
    " AND section = ?3";
static const char SQL_NARRATIVE_INSERT[] =
    "INSERT INTO narrative (project_id, period, section, text, empty) VALUES (?1, ?2, ?3, ?4, ?5)";

static void import_narratives(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "narratives", "narratives");
    Idmap seen;   /* "period/section" → index */
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[PATH_LEN];
        mkpath(path, "narratives[%zu]", i);
        if (!check_object(im, o, path, NARRATIVE_KEYS))
            continue;
        int64_t period = 0;
        bool has_period = get_int(im, o, path, "period", false, 1, 9999, &period);
        const char *section_name = get_code(im, o, path, "section");
        const char *text = get_str(im, o, path, "text", false);
        /* A question left unanswered on purpose: no text, or an empty one. */
        bool empty = get_bool(im, o, path, "empty", false, false);
        if (empty && text && *text)
            fail(im, path, "text", "a narrative marked \"empty\": true has no text; remove the "
                 "text, or the \"empty\" mark to give the answer");
        else if (empty)
            text = "";
        if (!text && !json_object_get(o, "text"))
            fail(im, path, "text", "is required (or \"empty\": true for a question left "
                 "unanswered on purpose)");
        char num[24] = "null";
        if (has_period) {
            snprintf(num, sizeof num, "%" PRId64, period);
            int64_t known;
            if (!idmap_get(&im->periods, num, &known))
                fail(im, path, "period", "no reporting period %s in project.reporting_periods",
                     num);
        }
        char key[96];
        snprintf(key, sizeof key, "%s/%.64s", num, section_name ? section_name : "");
        int64_t first;
        if (section_name && idmap_get(&seen, key, &first)) {
            fail(im, path, NULL, "a second narrative for period %s and section \"%.64s\" "
                 "(also narratives[%" PRId64 "])", num, section_name, first);
            continue;
        }
        if (section_name)
            idmap_put(&seen, key, (int64_t)i);
        if (!section_name || !text || !writable(im))
            continue;
        sqlite3_stmt *st = db_stmt(im->db, SQL_NARRATIVE_UPDATE);
        sqlite3_bind_int64(st, 1, im->project_id);
        bind_opt(st, 2, has_period, period);
        bind_s(st, 3, section_name);
        bind_s(st, 4, text);
        sqlite3_bind_int(st, 5, empty);
        write_row(im, st, path, false);
        if (sqlite3_changes(im->db->h) == 0 && writable(im)) {
            st = db_stmt(im->db, SQL_NARRATIVE_INSERT);
            sqlite3_bind_int64(st, 1, im->project_id);
            bind_opt(st, 2, has_period, period);
            bind_s(st, 3, section_name);
            bind_s(st, 4, text);
            sqlite3_bind_int(st, 5, empty);
            write_row(im, st, path, true);
        } else {
            im->records++;
        }
    }
    idmap_free(&seen);
}

/* ---- the whole bundle -------------------------------------------------------------------- */

static const char SQL_ORG_LIST[] = "SELECT code, id FROM organisation WHERE project_id = ?1";
static const char SQL_PERSON_LIST[] = "SELECT code, id FROM person WHERE project_id = ?1";
static const char SQL_GROUP_LIST[] = "SELECT code, id FROM grp WHERE project_id = ?1";
static const char SQL_INTERVENTION_LIST[] =
    "SELECT code, id FROM intervention WHERE project_id = ?1";
static const char SQL_PROPOSAL_LIST[] = "SELECT code, id FROM proposal WHERE project_id = ?1";
static const char SQL_ACTIVITY_LIST[] = "SELECT code, id FROM activity WHERE project_id = ?1";
static const char SQL_SURVEY_LIST[] = "SELECT code, id FROM survey WHERE project_id = ?1";
static const char SQL_CATEGORY_LIST[] =
    "SELECT code, id FROM budget_category WHERE project_id = ?1";

/* The records of an existing project that the bundle may refer to without repeating them:
 * one query per kind instead of one per reference. */
static void preload_project(Imp *im)
{
    if (!im->project_existed)
        return;
    preload(im, &im->orgs, SQL_ORG_LIST, im->project_id);
    preload(im, &im->people, SQL_PERSON_LIST, im->project_id);
    preload(im, &im->groups, SQL_GROUP_LIST, im->project_id);
    preload(im, &im->interventions, SQL_INTERVENTION_LIST, im->project_id);
    preload(im, &im->proposals, SQL_PROPOSAL_LIST, im->project_id);
    preload(im, &im->activities, SQL_ACTIVITY_LIST, im->project_id);
    preload(im, &im->surveys, SQL_SURVEY_LIST, im->project_id);
    preload(im, &im->categories, SQL_CATEGORY_LIST, im->project_id);
}

/* format, version and the top-level keys. */
static void check_header(Imp *im, const json_t *root)
{
    check_object(im, root, "", TOP_KEYS);
    const char *format = get_str(im, root, "", "format", true);
    if (format && strcmp(format, "insats-bundle") != 0)
        fail(im, "", "format", "\"%.40s\" is not \"insats-bundle\"", format);
    int64_t version = 0;
    if (get_int(im, root, "", "version", true, INT64_MIN, INT64_MAX, &version) && version != 1)
        fail(im, "", "version", "%" PRId64 " is not supported (this insats reads version 1)",
             version);
}

#define BUNDLE_IMPORT_CACHE_KIB (256 * 1024)

int bundle_import_json(Db *db, json_t *root, const char *source, ProgressFn progress,
                       void *progress_ctx, BundleStats *stats, Errs *errs)
{
    BundleStats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (!json_is_object(root)) {
        errs_add(errs, "%s: expected a JSON object at the top level, got %s", source,
                 type_name(root));
        return INSATS_EINPUT;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    /* A large bundle writes more pages than the default cache holds; spilling would make the
     * transaction re-read its own pages. The parsed JSON already costs far more memory. */
    int64_t old_cache = db_set_cache(db, -BUNDLE_IMPORT_CACHE_KIB);

    Imp im = {
        .db = db, .src = source, .errs = errs, .errs_base = errs_total(errs),
        .progress = progress, .progress_ctx = progress_ctx, .stage = "project",
    };
    Idmap *maps[] = {&im.orgs, &im.people, &im.groups, &im.interventions, &im.proposals,
                     &im.activities, &im.surveys, &im.categories, &im.areas, &im.periods,
                     &im.pnrs};
    for (size_t k = 0; k < sizeof maps / sizeof *maps; k++)
        idmap_init(maps[k]);
    date_today(im.today);

    check_header(&im, root);
    import_project(&im, root, stats);
    preload_project(&im);
    import_organisations(&im, root);
    import_people(&im, root);
    import_groups(&im, root);
    import_interventions(&im, root);
    import_proposals(&im, root);
    import_activities(&im, root);
    date_completed_interventions(&im);
    import_surveys(&im, root);
    import_certificates(&im, root);
    import_goals(&im, root);
    import_budget(&im, root);
    import_deviations(&im, root);
    import_meetings(&im, root);
    import_dissemination(&im, root);
    import_narratives(&im, root);
    finish_project(&im, root);
    drop_unlisted_areas(&im);

    if (writable(&im)) {
        rc = db_tx_commit(db, errs);
    } else {
        db_tx_rollback(db);
        rc = im.storage_failed ? INSATS_ESTORAGE : INSATS_EINPUT;
    }
    db_set_cache(db, old_cache);
    if (rc == INSATS_OK) {
        stats->records = im.records;
        stats->attendance = im.attendance;
    }
    for (size_t k = 0; k < sizeof maps / sizeof *maps; k++)
        idmap_free(maps[k]);
    pairset_free(&im.attendance_seen);
    free(im.undated);
    return rc;
}

/* Reads all of f into b. A regular file is read in one piece into a buffer of its size: a
 * large bundle is tens of megabytes, and growing a buffer by doubling costs copies and page
 * faults for nothing. */
static bool read_all(FILE *f, Buf *b)
{
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
        buf_reserve(b, (size_t)sb.st_size + 1);
    size_t n;
    do {
        buf_reserve(b, 1 << 16);
        n = fread(b->data + b->len, 1, b->cap - b->len - 1, f);
        b->len += n;
        b->data[b->len] = '\0';
    } while (n > 0);
    return !ferror(f);
}

int bundle_import_file(Db *db, const char *path, ProgressFn progress, void *progress_ctx,
                       BundleStats *stats, Errs *errs)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *source = is_stdin ? "stdin" : path;
    int rc = INSATS_OK;
    Buf text = {0};
    json_t *root = NULL;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        errs_add(errs, "%s: cannot open: %s", source, strerror(errno));
        rc = INSATS_EINPUT;
        goto out;
    }
    bool ok = read_all(f, &text);
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    if (!ok) {
        errs_add(errs, "%s: cannot read: %s", source, strerror(saved));
        rc = INSATS_EINPUT;
        goto out;
    }
    json_error_t jerr;
    /* Duplicate keys are refused: the second would silently win otherwise. */
    root = json_loadb(text.data ? text.data : "", text.len, JSON_REJECT_DUPLICATES, &jerr);
    buf_free(&text);
    if (!root) {
        /* jansson quotes the source where it stopped ("near '-2385'"): with a digit in it, that
         * may be the end of a personnummer out of its quotes, and line and column say where. */
        char *near = strstr(jerr.text, " near '");
        if (near && strpbrk(near, "0123456789"))
            *near = '\0';
        errs_add(errs, "%s:%d:%d: JSON syntax error: %s", source, jerr.line, jerr.column,
                 jerr.text);
        rc = INSATS_EINPUT;
        goto out;
    }
    rc = bundle_import_json(db, root, source, progress, progress_ctx, stats, errs);
out:
    buf_free(&text);
    json_decref(root);
    return rc;
}
