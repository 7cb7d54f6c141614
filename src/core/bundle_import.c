/* bundle_import.c — reads an insats bundle (docs/bundle-format.md) into the database.
 *
 * The walk over the bundle: the project and its lists here, then one pass per section in the
 * documented reference order, each record read, validated and written by its area module
 * (organisation.c, activity.c, meeting.c … through rec.h), the same code record_save() runs
 * for a form or the API. Each record is validated field by field; every problem becomes a message "<source>: <json path>: <what is wrong>" and the pass
 * goes on, so that one run reports every error (up to ERRS_CAP). Writes happen in the same
 * pass, inside one IMMEDIATE transaction, but stop at the first error: from then on the import
 * only validates, and at the end the transaction is rolled back, so a bad bundle changes
 * nothing. References resolve through Idmaps (code → row id) that start with the records
 * already in the database and gain each record of the bundle as it is read. */
#include "audit.h"
#include "bundle.h"
#include "activity.h"
#include "budget.h"
#include "certificate.h"
#include "deviation.h"
#include "dissemination.h"
#include "goal.h"
#include "group.h"
#include "intervention.h"
#include "meeting.h"
#include "narrative.h"
#include "organisation.h"
#include "people.h"
#include "project.h"
#include "proposal.h"
#include "rec.h"
#include "survey.h"
#include "util.h"
#include "validate.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The import: the Rec the area modules read and write through, the maps it resolves
 * references with, and the checks that span the bundle. */
typedef struct Imp {
    Rec r;
    bool project_existed;
    Idmap orgs, people, groups, interventions, proposals, activities, surveys, categories;
    Idmap areas;               /* competence area name → id */
    Idmap periods;             /* reporting period number (decimal) → 1 */
    Idmap pnrs;                /* 12 digits → index in people[], to catch repeats in the bundle */
    PairSet attendance_seen;   /* (session, person) → index in its activity's attendance[] */
    /* the list being read: a second use of an id in it is refused (bundle_claim) */
    Idmap seen;
    Idmap *kind_map;
    const char *list;
    size_t index;
} Imp;

/* The bundle's claim of a record's id: each id once per list. */
static bool bundle_claim(Rec *r, const char *code)
{
    Imp *im = r->claim_ctx;
    return rec_claim_in(r, &im->seen, im->kind_map, im->list, im->index, code);
}

static const char *const TOP_KEYS[] = {"format", "version", "project", "organisations", "people",
    "groups", "interventions", "proposals", "activities", "surveys", "certificates", "goals",
    "budget", "deviations", "meetings", "dissemination", "narratives", NULL};
static const char *const PROJECT_KEYS[] = {"id", "name", "diarienummer", "owner", "start", "end",
    "planned_participants", "phases", "reporting_periods", "competence_areas",
    "budget_tolerance", "certificate_threshold", "proposal_intake", "certificate_statement",
    "public_url", NULL};
static const char *const PHASE_KEYS[] = {"name", "start", "end", NULL};
static const char *const PERIOD_KEYS[] = {"number", "from", "to", NULL};
static const char *const INTAKE_KEYS[] = {"paused", "message", "until", NULL};
static const char *const BUDGET_KEYS[] = {"categories", "versions", "costs", NULL};

/* ---- project ----------------------------------------------------------------------------- */

static const char SQL_PROJECT_FIND[] = "SELECT id FROM project WHERE code = ?1";
static const char SQL_PROJECT_UPSERT[] =
    "INSERT INTO project (code, name, diarienummer, start_date, end_date, planned_participants, "
    "budget_tolerance_bp, certificate_threshold_bp, proposals_paused, proposals_paused_message, "
    "proposals_paused_until, certificate_statement, public_url) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (code) DO UPDATE SET "
    "name = excluded.name, diarienummer = excluded.diarienummer, "
    "start_date = excluded.start_date, end_date = excluded.end_date, "
    "planned_participants = excluded.planned_participants, "
    "budget_tolerance_bp = excluded.budget_tolerance_bp, "
    "certificate_threshold_bp = excluded.certificate_threshold_bp, "
    "proposals_paused = excluded.proposals_paused, "
    "proposals_paused_message = excluded.proposals_paused_message, "
    "proposals_paused_until = excluded.proposals_paused_until, "
    "certificate_statement = excluded.certificate_statement, "
    "public_url = excluded.public_url RETURNING id";
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


static void import_phases(Rec *r, const json_t *proj)
{
    json_t *arr = rec_array(r, proj, "project", "phases");
    if (rec_writable(r) && r->project_id > 0)
        rec_write_by_id(r, SQL_PHASE_DELETE, r->project_id, "project.phases");
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[REC_PATH_LEN];
        rec_path(path, "project.phases[%zu]", i);
        if (!rec_object(r, o, path, PHASE_KEYS))
            continue;
        const char *name = rec_str(r, o, path, "name", true);
        const char *start = rec_date(r, o, path, "start", true);
        const char *end = rec_date(r, o, path, "end", true);
        rec_order(r, path, "start", start, "end", end);
        if (!rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_PHASE_INSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        rec_bind_text(st, 3, name);
        rec_bind_text(st, 4, start);
        rec_bind_text(st, 5, end);
        rec_write(r, st, path, true);
    }
}

static void import_periods(Rec *r, const json_t *proj)
{
    json_t *arr = rec_array(r, proj, "project", "reporting_periods");
    if (rec_writable(r) && r->project_id > 0)
        rec_write_by_id(r, SQL_PERIOD_DELETE, r->project_id, "project.reporting_periods");
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[REC_PATH_LEN];
        rec_path(path, "project.reporting_periods[%zu]", i);
        if (!rec_object(r, o, path, PERIOD_KEYS))
            continue;
        int64_t number = 0;
        bool has_number = rec_int(r, o, path, "number", true, 1, 9999, &number);
        const char *from = rec_date(r, o, path, "from", true);
        const char *to = rec_date(r, o, path, "to", true);
        rec_order(r, path, "from", from, "to", to);
        if (has_number) {
            char key[24];
            snprintf(key, sizeof key, "%" PRId64, number);
            if (!idmap_put(r->refs[REF_PERIOD], key, 1))
                rec_fail(r, path, "number", "period %" PRId64 " appears twice", number);
        }
        if (!rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_PERIOD_INSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        sqlite3_bind_int64(st, 2, number);
        rec_bind_text(st, 3, from);
        rec_bind_text(st, 4, to);
        rec_write(r, st, path, true);
    }
}

static void import_areas(Rec *r, const json_t *proj)
{
    json_t *arr = rec_array(r, proj, "project", "competence_areas");
    if (rec_writable(r) && r->project_id > 0)
        rec_write_by_id(r, SQL_AREA_PARK, r->project_id, "project.competence_areas");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        char path[REC_PATH_LEN];
        rec_path(path, "project.competence_areas[%zu]", i);
        if (!json_is_string(v) || !*json_string_value(v)) {
            rec_fail(r, path, NULL, "expected a non-empty string, got %s",
                 json_is_string(v) ? "an empty one" : rec_type_name(v));
            continue;
        }
        const char *name = json_string_value(v);
        int64_t old;
        if (rec_lookup(r, REF_AREA, name, &old)) {
            rec_fail(r, path, NULL, "area \"%.64s\" appears twice", name);
            continue;
        }
        rec_put(r, REF_AREA, name, REC_PENDING);
        if (!rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_AREA_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        rec_bind_text(st, 3, name);
        int64_t id = rec_write(r, st, path, true);
        if (id > 0)
            rec_put(r, REF_AREA, name, id);
    }
}

/* The project record and its id-less lists. Sets r->project_id (existing or new; 0 when the
 * project's id itself is unusable). */
static void import_project(Rec *r, const json_t *root, BundleStats *stats, bool *existed)
{
    const json_t *proj = rec_field(r, root, "", "project", true);
    if (!proj || !rec_object(r, proj, "project", PROJECT_KEYS))
        return;
    const char *P = "project";
    const char *code = rec_code(r, proj, P, "id");
    const char *name = rec_str(r, proj, P, "name", true);
    const char *diarienummer = rec_str(r, proj, P, "diarienummer", false);
    /* "owner" is resolved in finish_project, after the organisations. */
    const char *start = rec_date(r, proj, P, "start", true);
    const char *end = rec_date(r, proj, P, "end", true);
    rec_order(r, P, "start", start, "end", end);
    int64_t planned = 0;
    bool has_planned = rec_int(r, proj, P, "planned_participants", false, 0, INT32_MAX,
                               &planned);
    int64_t tolerance = 1000, threshold = 8000;
    rec_decimal(r, proj, P, "budget_tolerance", false, 4, 0, 10000, &tolerance);
    rec_decimal(r, proj, P, "certificate_threshold", false, 4, 0, 10000, &threshold);
    bool paused = false;
    const char *paused_message = NULL, *paused_until = NULL;
    json_t *intake = rec_field(r, proj, P, "proposal_intake", false);
    if (intake && rec_object(r, intake, "project.proposal_intake", INTAKE_KEYS)) {
        paused = rec_bool(r, intake, "project.proposal_intake", "paused", true, false);
        paused_message = rec_str(r, intake, "project.proposal_intake", "message", false);
        paused_until = rec_date(r, intake, "project.proposal_intake", "until", false);
    }
    const char *statement = rec_str(r, proj, P, "certificate_statement", false);
    Buf why = {0};
    if (statement && !validate_line(statement, PROJECT_STATEMENT_MAX, &why))
        rec_fail(r, P, "certificate_statement", "%s (the statement is one paragraph)", why.data);
    buf_clear(&why);
    const char *url_given = rec_str(r, proj, P, "public_url", false);
    char *url = url_given ? project_url_clean(url_given, &why) : NULL;
    if (url_given && !url)
        rec_fail(r, P, "public_url", "%s", why.data);
    buf_free(&why);

    if (code) {
        snprintf(stats->project_code, sizeof stats->project_code, "%s", code);
        sqlite3_stmt *st = db_stmt(r->db, SQL_PROJECT_FIND);
        rec_bind_text(st, 1, code);
        if (sqlite3_step(st) == SQLITE_ROW) {
            r->project_id = sqlite3_column_int64(st, 0);
            *existed = true;
        }
        sqlite3_reset(st);
    }
    rec_stage(r, "project", 1);
    if (rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_PROJECT_UPSERT);
        rec_bind_text(st, 1, code);
        rec_bind_text(st, 2, name);
        rec_bind_text(st, 3, diarienummer);
        rec_bind_text(st, 4, start);
        rec_bind_text(st, 5, end);
        rec_bind_opt(st, 6, has_planned, planned);
        sqlite3_bind_int64(st, 7, tolerance);
        sqlite3_bind_int64(st, 8, threshold);
        sqlite3_bind_int(st, 9, paused);
        rec_bind_text(st, 10, paused_message);
        rec_bind_text(st, 11, paused_until);
        rec_bind_text(st, 12, statement && *statement ? statement : NULL);
        rec_bind_text(st, 13, url);
        int64_t id = rec_write(r, st, P, true);
        if (id > 0)
            r->project_id = id;
    }
    free(url);
    import_phases(r, proj);
    import_periods(r, proj);
    import_areas(r, proj);
}

/* After the organisations: the owner (a deferred foreign key, so it may be set late) and the
 * removal of competence areas the bundle no longer lists (after proposals and activities have
 * moved off them). */
static void finish_project(Rec *r, const json_t *root)
{
    const json_t *proj = json_object_get(root, "project");
    if (!json_is_object(proj))
        return;
    int64_t owner = rec_ref(r, proj, "project", "owner", false, REF_ORGANISATION);
    if (!rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_PROJECT_OWNER);
    sqlite3_bind_int64(st, 1, r->project_id);
    db_bind_id_or_null(st, 2, owner);
    rec_write(r, st, "project.owner", false);
}

static void drop_unlisted_areas(Rec *r)
{
    if (!rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_AREA_DROP);
    sqlite3_bind_int64(st, 1, r->project_id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rec_fail(r, "project", "competence_areas",
             "an area left out of the list is still used by a proposal or activity that "
             "the bundle does not update");
    }
    sqlite3_reset(st);
}

/* ---- the sections of records -------------------------------------------------------------- */

/* Starts a section: its top-level array (NULL when absent or wrong, reported) and the progress
 * stage named after it. */
static json_t *section(Imp *im, const json_t *root, const char *key, const char *stage)
{
    json_t *arr = rec_array(&im->r, root, "", key);
    rec_stage(&im->r, stage, arr ? json_array_size(arr) : 0);
    return arr;
}

typedef void (*SaveFn)(Rec *r, const json_t *o, const char *path, size_t index);

/* Reads each record of arr (the list named `list` in messages) through its area module, with
 * each id claimed once in the list and registered in kind_map (NULL: no other record refers
 * to this kind). */
static void walk(Imp *im, const json_t *arr, const char *list, Idmap *kind_map, SaveFn save)
{
    idmap_init(&im->seen);
    im->kind_map = kind_map;
    im->list = list;
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[REC_PATH_LEN];
        rec_path(path, "%s[%zu]", list, i);
        im->index = i;
        save(&im->r, o, path, i);
    }
    idmap_free(&im->seen);
}

static void import_budget(Imp *im, const json_t *root)
{
    Rec *r = &im->r;
    json_t *budget = rec_field(r, root, "", "budget", false);
    rec_stage(r, "budget", 0);
    if (!budget || !rec_object(r, budget, "budget", BUDGET_KEYS))
        return;
    walk(im, rec_array(r, budget, "budget", "categories"), "budget.categories", &im->categories,
         budget_category_save_json);
    walk(im, rec_array(r, budget, "budget", "versions"), "budget.versions", NULL,
         budget_version_save_json);
    walk(im, rec_array(r, budget, "budget", "costs"), "budget.costs", NULL,
         budget_cost_save_json);
}

/* Narratives have no id: (period, section) is their key, once per bundle. */
static void import_narratives(Imp *im, const json_t *root)
{
    json_t *arr = section(im, root, "narratives", "narratives");
    Idmap seen;   /* "period/section" → index */
    idmap_init(&seen);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char path[REC_PATH_LEN];
        rec_path(path, "narratives[%zu]", i);
        narrative_save_json(&im->r, o, path, i, &seen);
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
    Rec *r = &im->r;
    rec_preload(r, &im->orgs, SQL_ORG_LIST, r->project_id);
    rec_preload(r, &im->people, SQL_PERSON_LIST, r->project_id);
    rec_preload(r, &im->groups, SQL_GROUP_LIST, r->project_id);
    rec_preload(r, &im->interventions, SQL_INTERVENTION_LIST, r->project_id);
    rec_preload(r, &im->proposals, SQL_PROPOSAL_LIST, r->project_id);
    rec_preload(r, &im->activities, SQL_ACTIVITY_LIST, r->project_id);
    rec_preload(r, &im->surveys, SQL_SURVEY_LIST, r->project_id);
    rec_preload(r, &im->categories, SQL_CATEGORY_LIST, r->project_id);
}

/* format, version and the top-level keys. */
static void check_header(Rec *r, const json_t *root)
{
    rec_object(r, root, "", TOP_KEYS);
    const char *format = rec_str(r, root, "", "format", true);
    if (format && strcmp(format, "insats-bundle") != 0)
        rec_fail(r, "", "format", "\"%.40s\" is not \"insats-bundle\"", format);
    int64_t version = 0;
    if (rec_int(r, root, "", "version", true, INT64_MIN, INT64_MAX, &version) && version != 1)
        rec_fail(r, "", "version", "%" PRId64 " is not supported (this insats reads version 1)",
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
                 rec_type_name(root));
        return INSATS_EINPUT;
    }
    int rc = audit_bulk_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    /* A large bundle writes more pages than the default cache holds; spilling would make the
     * transaction re-read its own pages. The parsed JSON already costs far more memory. */
    int64_t old_cache = db_set_cache(db, -BUNDLE_IMPORT_CACHE_KIB);

    Imp im = {0};
    Rec *r = &im.r;
    rec_init(r, db, source, 0, errs);
    r->progress = progress;
    r->progress_ctx = progress_ctx;
    r->stage = "project";
    Idmap *maps[] = {&im.orgs, &im.people, &im.groups, &im.interventions, &im.proposals,
                     &im.activities, &im.surveys, &im.categories, &im.areas, &im.periods,
                     &im.pnrs};
    for (size_t k = 0; k < sizeof maps / sizeof *maps; k++)
        idmap_init(maps[k]);
    Idmap *refs[REF_COUNT] = {
        [REF_ORGANISATION] = &im.orgs, [REF_PERSON] = &im.people, [REF_GROUP] = &im.groups,
        [REF_INTERVENTION] = &im.interventions, [REF_PROPOSAL] = &im.proposals,
        [REF_ACTIVITY] = &im.activities, [REF_SURVEY] = &im.surveys,
        [REF_CATEGORY] = &im.categories, [REF_AREA] = &im.areas, [REF_PERIOD] = &im.periods,
    };
    memcpy(r->refs, refs, sizeof refs);
    r->pnrs = &im.pnrs;
    r->attendance_seen = &im.attendance_seen;
    r->claim = bundle_claim;
    r->claim_ctx = &im;

    check_header(r, root);
    import_project(r, root, stats, &im.project_existed);
    preload_project(&im);
    walk(&im, section(&im, root, "organisations", "organisations"), "organisations", &im.orgs,
         organisation_save_json);
    walk(&im, section(&im, root, "people", "people"), "people", &im.people, people_save_json);
    /* Drop the numbers in clear as soon as they are no longer needed. */
    idmap_free(&im.pnrs);
    idmap_init(&im.pnrs);
    walk(&im, section(&im, root, "groups", "groups"), "groups", &im.groups, group_save_json);
    walk(&im, section(&im, root, "interventions", "interventions"), "interventions",
         &im.interventions, intervention_save_json);
    walk(&im, section(&im, root, "proposals", "proposals"), "proposals", &im.proposals,
         proposal_save_json);
    walk(&im, section(&im, root, "activities", "activities"), "activities", &im.activities,
         activity_save_json);
    intervention_date_completed(r);
    walk(&im, section(&im, root, "surveys", "surveys"), "surveys", &im.surveys,
         survey_save_json);
    walk(&im, section(&im, root, "certificates", "certificates"), "certificates", NULL,
         certificate_save_json);
    walk(&im, section(&im, root, "goals", "goals"), "goals", NULL, goal_save_json);
    import_budget(&im, root);
    walk(&im, section(&im, root, "deviations", "deviations"), "deviations", NULL,
         deviation_save_json);
    walk(&im, section(&im, root, "meetings", "meetings"), "meetings", NULL, meeting_save_json);
    walk(&im, section(&im, root, "dissemination", "dissemination"), "dissemination", NULL,
         dissemination_save_json);
    import_narratives(&im, root);
    finish_project(r, root);
    drop_unlisted_areas(r);

    if (rec_writable(r)) {
        rc = audit_bulk_commit(db, "bundle", source,
                               json_pack("{ss sI sI}", "project", stats->project_code, "records",
                                         (json_int_t)r->records, "attendance",
                                         (json_int_t)r->attendance),
                               errs);
    } else {
        audit_bulk_rollback(db);
        rc = r->storage_failed ? INSATS_ESTORAGE : INSATS_EINPUT;
    }
    db_set_cache(db, old_cache);
    if (rc == INSATS_OK) {
        stats->records = r->records;
        stats->attendance = r->attendance;
    }
    for (size_t k = 0; k < sizeof maps / sizeof *maps; k++)
        idmap_free(maps[k]);
    pairset_free(&im.attendance_seen);
    rec_free(r);
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
