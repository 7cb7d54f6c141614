/* freeze.c — frozen report snapshots, reopening, the diff against the data as it is now, and
 * the user's message for a change the database refused because its period is frozen (see
 * freeze.h and schema/0003_report_snapshots.sql). */
#include "db.h"
#include "freeze.h"
#include "report_compute.h"
#include "stmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_PERIOD_RANGE[] =
    "SELECT from_date, to_date FROM reporting_period WHERE project_id = ?1 AND number = ?2";
static const char SQL_PERIOD_SPAN[] =
    "SELECT min(number), max(number) FROM reporting_period WHERE project_id = ?1";
static const char SQL_SNAPSHOT_INFO[] =
    "SELECT id, from_date, to_date, frozen_at, frozen_by, reopened_at, reopened_by, "
    "reopened_reason FROM report_snapshot "
    "WHERE project_id = ?1 AND kind = 'lagesrapport' AND period = ?2";
static const char SQL_SNAPSHOT_JSON[] =
    "SELECT report_json FROM report_snapshot "
    "WHERE project_id = ?1 AND kind = 'lagesrapport' AND period = ?2";
static const char SQL_LAST_REOPEN[] =
    "SELECT e.event_date, e.by_name, e.reason FROM report_snapshot_event e "
    "JOIN report_snapshot s ON s.id = e.snapshot_id "
    "WHERE s.project_id = ?1 AND s.kind = 'lagesrapport' AND s.period = ?2 "
    "AND e.action = 'reopen' ORDER BY e.id DESC LIMIT 1";
static const char SQL_SNAPSHOT_INSERT[] =
    "INSERT INTO report_snapshot (project_id, kind, period, from_date, to_date, report_json, "
    "frozen_at, frozen_by) VALUES (?1, 'lagesrapport', ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
static const char SQL_SNAPSHOT_REFREEZE[] =
    "UPDATE report_snapshot SET from_date = ?3, to_date = ?4, report_json = ?5, frozen_at = ?6, "
    "frozen_by = ?7, reopened_at = NULL, reopened_by = NULL, reopened_reason = NULL "
    "WHERE project_id = ?1 AND kind = 'lagesrapport' AND period = ?2 RETURNING id";
static const char SQL_SNAPSHOT_REOPEN[] =
    "UPDATE report_snapshot SET reopened_at = ?3, reopened_by = ?4, reopened_reason = ?5 "
    "WHERE project_id = ?1 AND kind = 'lagesrapport' AND period = ?2 RETURNING id, report_json";
static const char SQL_EVENT_INSERT[] =
    "INSERT INTO report_snapshot_event (snapshot_id, action, event_date, by_name, reason, "
    "report_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_EXPLAIN[] =
    "SELECT s.from_date, s.to_date, s.frozen_at, s.frozen_by, p.code, "
    "(SELECT count(*) FROM frozen_span f WHERE f.period = s.period) "
    "FROM report_snapshot s JOIN project p ON p.id = s.project_id "
    "WHERE s.kind = 'lagesrapport' AND s.period = ?1 AND s.reopened_at IS NULL "
    "ORDER BY s.project_id LIMIT 1";

static const char SQL_UNREPORTED[] =
    "SELECT code, deviation_date, area, description FROM deviation"
    " WHERE project_id = ?1 AND deviation_date BETWEEN ?2 AND ?3 AND reported_to_funder = 0"
    " ORDER BY deviation_date, code";
static const char SQL_FROZEN_UPTO[] =
    "SELECT period FROM report_snapshot WHERE project_id = ?1 AND kind = 'lagesrapport'"
    " AND from_date <= ?2 ORDER BY period";

#define REFUSAL_PREFIX "insats-frozen-period"

/* Copies a date column into a fixed buffer ("" for NULL). */
static void copy_date(char out[11], sqlite3_stmt *st, int col)
{
    const char *s = db_col_text(st, col);
    snprintf(out, 11, "%s", s ? s : "");
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

int freeze_info(Db *db, int64_t project_id, int period, FreezeInfo *info, Errs *errs)
{
    memset(info, 0, sizeof *info);
    sqlite3_stmt *st = db_prepare(db, SQL_SNAPSHOT_INFO);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int(st, 2, period);
    int rc = INSATS_OK;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        info->exists = true;
        copy_date(info->from, st, 1);
        copy_date(info->to, st, 2);
        copy_date(info->frozen_at, st, 3);
        info->frozen_by = xstrdup(db_col_text(st, 4));
        copy_date(info->reopened_at, st, 5);
        info->reopened_by = xstrdup(db_col_text(st, 6));
        info->reopened_reason = xstrdup(db_col_text(st, 7));
        info->in_force = info->reopened_at[0] == '\0';
    } else if (src != SQLITE_DONE) {
        rc = db_fail(db, errs, "cannot read the report snapshots");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Every reporting period with its lägesrapport snapshot, if any (the period number order). */
static const char SQL_PERIODS[] =
    "SELECT r.number, r.from_date, r.to_date, s.frozen_at, s.frozen_by, s.reopened_at,"
    " s.reopened_by, s.reopened_reason FROM reporting_period r"
    " LEFT JOIN report_snapshot s ON s.project_id = r.project_id AND s.kind = 'lagesrapport'"
    " AND s.period = r.number WHERE r.project_id = ?1 ORDER BY r.number";

static json_t *text_json(Stmt *st, int col)
{
    const char *s = stmt_text(st, col);
    return s ? json_string(s) : json_null();
}

int freeze_periods(Db *db, int64_t project_id, json_t **out, Errs *errs)
{
    json_t *arr = json_array();
    Stmt *st = stmt_cached(db, SQL_PERIODS);
    stmt_bind_int(st, 1, project_id);
    StmtResult step;
    while ((step = stmt_step(st)) == STMT_ROW) {
        json_t *frozen = json_null();
        if (!stmt_is_null(st, 3)) {
            json_t *reopened = stmt_is_null(st, 5)
                                   ? json_null()
                                   : json_pack("{so so so}", "at", text_json(st, 5), "by",
                                               text_json(st, 6), "reason", text_json(st, 7));
            json_decref(frozen);
            frozen = json_pack("{so so so}", "at", text_json(st, 3), "by", text_json(st, 4),
                               "reopened", reopened);
        }
        json_array_append_new(arr, json_pack("{sI so so so}", "number", (json_int_t)stmt_int(st, 0),
                                             "from", text_json(st, 1), "to", text_json(st, 2),
                                             "frozen", frozen));
    }
    int rc = step == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the reporting periods");
    stmt_done(st);
    if (rc != INSATS_OK) {
        json_decref(arr);
        arr = NULL;
    }
    *out = arr;
    return rc;
}

void freeze_info_free(FreezeInfo *info)
{
    free(info->frozen_by);
    free(info->reopened_by);
    free(info->reopened_reason);
    memset(info, 0, sizeof *info);
}

/* The dates of a reporting period. An unknown number is INSATS_EINPUT with a message that
 * names the periods the project has. */
static int period_range(Db *db, int64_t project_id, int period, char from[11], char to[11],
                        Errs *errs)
{
    int rc = INSATS_OK;
    sqlite3_stmt *st = db_prepare(db, SQL_PERIOD_RANGE);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int(st, 2, period);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        copy_date(from, st, 0);
        copy_date(to, st, 1);
    } else if (src != SQLITE_DONE) {
        rc = db_fail(db, errs, "cannot read the reporting periods");
    } else {
        sqlite3_stmt *span = db_prepare(db, SQL_PERIOD_SPAN);
        sqlite3_bind_int64(span, 1, project_id);
        if (sqlite3_step(span) == SQLITE_ROW && sqlite3_column_type(span, 0) != SQLITE_NULL)
            errs_add(errs, "period %d: no such reporting period (the project has periods %d–%d)",
                     period, sqlite3_column_int(span, 0), sqlite3_column_int(span, 1));
        else
            errs_add(errs, "period %d: no such reporting period (the project has none; they "
                     "are listed in the bundle's project.reporting_periods)", period);
        sqlite3_finalize(span);
        rc = INSATS_EINPUT;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Loads the stored JSON of a period's snapshot into *out (new reference). A snapshot that no
 * longer parses means the file was damaged: INSATS_ESTORAGE. */
static int snapshot_json(Db *db, int64_t project_id, int period, json_t **out, Errs *errs)
{
    *out = NULL;
    int rc = INSATS_OK;
    sqlite3_stmt *st = db_prepare(db, SQL_SNAPSHOT_JSON);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int(st, 2, period);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        json_error_t jerr;
        *out = json_loads(db_col_text(st, 0), 0, &jerr);
        if (!*out || !json_is_object(*out)) {
            json_decref(*out);
            *out = NULL;
            errs_add(errs, "%s: the frozen report of period %d is damaged: %s", db->path, period,
                     jerr.text);
            rc = INSATS_ESTORAGE;
        }
    } else if (src == SQLITE_DONE) {
        errs_add(errs, "period %d has not been frozen", period);
        rc = INSATS_EINPUT;
    } else {
        rc = db_fail(db, errs, "cannot read the report snapshots");
    }
    sqlite3_finalize(st);
    return rc;
}

/* The `frozen` object of a report rendered from its snapshot: when and by whom, and the
 * latest reopen if the period was reopened and frozen again (the funder may ask why the
 * figures of a period were corrected). New reference. */
static json_t *frozen_object(Db *db, int64_t project_id, int period, const FreezeInfo *info)
{
    json_t *reopened = json_null();
    sqlite3_stmt *st = db_prepare(db, SQL_LAST_REOPEN);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int(st, 2, period);
    if (sqlite3_step(st) == SQLITE_ROW) {
        json_decref(reopened);
        reopened = json_pack("{s:s, s:s, s:s}", "at", db_col_text(st, 0), "by",
                             db_col_text(st, 1), "reason", db_col_text(st, 2));
    }
    sqlite3_finalize(st);
    return json_pack("{s:s, s:s, s:o}", "at", info->frozen_at, "by", info->frozen_by,
                     "reopened", reopened);
}

/* A copy of report[key][sub], or null when missing: previously_reported takes what the frozen
 * report holds, never recomputes it. */
static json_t *pick(const json_t *report, const char *key, const char *sub)
{
    json_t *v = json_object_get(json_object_get(report, key), sub);
    return v ? json_deep_copy(v) : json_null();
}

/* Sets report.previously_reported from the snapshot of period − 1 when that one is in force
 * (else null). */
static int fill_previous(Db *db, int64_t project_id, int period, json_t *report, Errs *errs)
{
    json_t *prev = json_null();
    int rc = INSATS_OK;
    if (period > 1) {
        FreezeInfo info;
        rc = freeze_info(db, project_id, period - 1, &info, errs);
        if (rc == INSATS_OK && info.in_force) {
            json_t *snap = NULL;
            rc = snapshot_json(db, project_id, period - 1, &snap, errs);
            if (rc == INSATS_OK) {
                json_decref(prev);
                prev = json_pack("{s:i, s:s, s:o, s:o, s:o}", "period", period - 1,
                                 "frozen_at", info.frozen_at,
                                 "participants_accumulated", pick(snap, "participants", "accumulated"),
                                 "participant_hours_accumulated",
                                 pick(snap, "participant_hours", "accumulated"),
                                 "budget_accumulated", pick(snap, "budget", "accumulated"));
            }
            json_decref(snap);
        }
        freeze_info_free(&info);
    }
    json_object_set_new(report, "previously_reported", prev);
    return rc;
}

/* report_compute() plus previously_reported: the report of a period that is not frozen. */
static int compute_fresh(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
                         json_t **out, Errs *errs)
{
    json_t *report = NULL;
    int rc = report_compute(db, project_id, kind, range, &report, errs);
    if (rc == INSATS_OK) {
        json_object_set_new(report, "frozen", json_null());
        if (kind == REPORT_LAGESRAPPORT && range && range->period > 0)
            rc = fill_previous(db, project_id, range->period, report, errs);
        else
            json_object_set_new(report, "previously_reported", json_null());
    }
    if (rc != INSATS_OK) {
        json_decref(report);
        report = NULL;
    }
    *out = report;
    return rc;
}

static int check_of(Db *db, int64_t project_id, ReportKind kind, json_t *report, Errs *errs);

/* The report as report_get() gives it, before its check. */
static int report_as_submitted(Db *db, int64_t project_id, ReportKind kind,
                               const ReportRange *range, json_t **out, Errs *errs)
{
    *out = NULL;
    /* --from/--to that are exactly a period's dates ask for that period, frozen or not. */
    ReportRange as_period;
    int number = kind == REPORT_LAGESRAPPORT ? report_period_of_range(db, project_id, range) : 0;
    if (number > 0 && range->period <= 0) {
        as_period = (ReportRange){.period = number, .from = NULL, .to = NULL};
        range = &as_period;
    }
    if (number <= 0)
        return compute_fresh(db, project_id, kind, range, out, errs);
    FreezeInfo info;
    int rc = freeze_info(db, project_id, range->period, &info, errs);
    if (rc == INSATS_OK && info.in_force) {
        json_t *snap = NULL;
        rc = snapshot_json(db, project_id, range->period, &snap, errs);
        if (rc == INSATS_OK) {
            json_object_set_new(snap, "frozen", frozen_object(db, project_id, range->period, &info));
            *out = snap;
        }
    } else if (rc == INSATS_OK) {
        rc = compute_fresh(db, project_id, kind, range, out, errs);
    }
    freeze_info_free(&info);
    return rc;
}

int report_get(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
               json_t **out, Errs *errs)
{
    int rc = report_as_submitted(db, project_id, kind, range, out, errs);
    if (rc == INSATS_OK)
        rc = check_of(db, project_id, kind, *out, errs);
    if (rc != INSATS_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int report_check(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
                 json_t **check, Errs *errs)
{
    *check = NULL;
    json_t *report = NULL;
    int rc = report_get(db, project_id, kind, range, &report, errs);
    if (rc == INSATS_OK)
        *check = json_incref(json_object_get(report, "check"));
    json_decref(report);
    return rc;
}

/* Writes one row of report_snapshot_event. */
static int add_event(Db *db, int64_t snapshot_id, const char *action, const char *date,
                     const char *by, const char *reason, const char *json, Errs *errs)
{
    sqlite3_stmt *st = db_prepare(db, SQL_EVENT_INSERT);
    sqlite3_bind_int64(st, 1, snapshot_id);
    sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, by, -1, SQLITE_TRANSIENT);
    db_bind_text_or_null(st, 5, reason);
    db_bind_text_or_null(st, 6, json);
    int rc = db_step_done(st) ? INSATS_OK : db_fail(db, errs, "cannot record the report history");
    sqlite3_finalize(st);
    return rc;
}

int freeze_period(Db *db, int64_t project_id, int period, const char *by, Errs *errs)
{
    char from[11] = "", to[11] = "", today[11];
    FreezeInfo info = {0};
    json_t *report = NULL;
    char *text = NULL;
    date_today(today);
    if (blank(by)) {
        errs_add(errs, "freezing period %d: say who freezes it (--by NAME)", period);
        return INSATS_EINPUT;
    }
    int rc = period_range(db, project_id, period, from, to, errs);
    if (rc != INSATS_OK)
        goto done;
    /* The figures of a period still running would move after they are reported. */
    if (strcmp(today, to) <= 0) {
        char next[11];
        date_from_days(date_to_days(to) + 1, next);
        errs_add(errs, "period %d (%s–%s) has not ended yet; it can be frozen from %s",
                 period, from, to, next);
        rc = INSATS_EINPUT;
        goto done;
    }
    rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        goto done;
    /* Read the state inside the write transaction, so that two managers freezing at once
     * cannot both pass the check. */
    rc = freeze_info(db, project_id, period, &info, errs);
    if (rc == INSATS_OK && info.in_force) {
        errs_add(errs, "period %d (%s–%s) is already frozen (on %s by %s); to correct it, "
                 "reopen it with `insats report reopen --period %d --reason …`",
                 period, info.from, info.to, info.frozen_at, info.frozen_by, period);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK) {
        ReportRange range = {.period = period, .from = NULL, .to = NULL};
        rc = compute_fresh(db, project_id, REPORT_LAGESRAPPORT, &range, &report, errs);
    }
    if (rc == INSATS_OK) {
        text = json_dumps(report, JSON_COMPACT | JSON_REAL_PRECISION(15));
        sqlite3_stmt *st = db_prepare(db, info.exists ? SQL_SNAPSHOT_REFREEZE : SQL_SNAPSHOT_INSERT);
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_int(st, 2, period);
        sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, today, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, by, -1, SQLITE_TRANSIENT);
        int64_t id = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            if (sqlite3_step(st) != SQLITE_DONE)
                id = 0;
        }
        if (id == 0)
            rc = db_fail(db, errs, "cannot store the frozen report");
        sqlite3_finalize(st);
        if (rc == INSATS_OK)
            rc = add_event(db, id, "freeze", today, by, NULL, NULL, errs);
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
done:
    free(text);
    json_decref(report);
    freeze_info_free(&info);
    return rc;
}

int freeze_reopen(Db *db, int64_t project_id, int period, const char *by, const char *reason,
                  Errs *errs)
{
    char today[11];
    FreezeInfo info = {0};
    date_today(today);
    if (blank(reason)) {
        errs_add(errs, "reopening period %d: a reason is required (--reason TEXT); it is kept "
                 "with the period's history", period);
        return INSATS_EINPUT;
    }
    if (blank(by)) {
        errs_add(errs, "reopening period %d: say who reopens it (--by NAME)", period);
        return INSATS_EINPUT;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = freeze_info(db, project_id, period, &info, errs);
    if (rc == INSATS_OK && !info.exists) {
        errs_add(errs, "period %d is not frozen; there is nothing to reopen", period);
        rc = INSATS_EINPUT;
    } else if (rc == INSATS_OK && !info.in_force) {
        errs_add(errs, "period %d is already reopened (on %s by %s: %s)", period,
                 info.reopened_at, info.reopened_by, info.reopened_reason);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK) {
        sqlite3_stmt *st = db_prepare(db, SQL_SNAPSHOT_REOPEN);
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_int(st, 2, period);
        sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, by, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, reason, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            /* Keep what was reported: a later freeze replaces it in report_snapshot. */
            char *json = xstrdup(db_col_text(st, 1));
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_fail(db, errs, "cannot reopen the period");
            sqlite3_finalize(st);
            st = NULL;
            if (rc == INSATS_OK)
                rc = add_event(db, id, "reopen", today, by, reason, json, errs);
            free(json);
        } else {
            rc = db_fail(db, errs, "cannot reopen the period");
        }
        sqlite3_finalize(st);
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    freeze_info_free(&info);
    return rc;
}

/* ---- diff ------------------------------------------------------------------------------- */

/* The keys that name an element of a report array, in order of preference. */
static const char *const MATCH_KEYS[] = {"id", "organisation", "category", "gender", "month",
                                         "section", "question", NULL};

/* The name of an array element for its path, e.g. "ext" in by_category[ext], or NULL when it
 * has none of the MATCH_KEYS (then the array is compared by position). Caller frees. */
static char *element_key(const json_t *el)
{
    if (!json_is_object(el))
        return NULL;
    for (const char *const *k = MATCH_KEYS; *k; k++) {
        json_t *v = json_object_get(el, *k);
        if (!v)
            continue;
        if (json_is_string(v))
            return xstrdup(json_string_value(v));
        if (json_is_integer(v))
            return xasprintf("%lld", (long long)json_integer_value(v));
        if (json_is_null(v))
            return xstrdup("null");
    }
    return NULL;
}

/* Equal as figures: 734 and 734.0 are the same number. */
static bool same_value(const json_t *a, const json_t *b)
{
    if (json_is_number(a) && json_is_number(b))
        return json_number_value(a) == json_number_value(b);
    return json_equal(a, b);
}

static void add_change(json_t *changes, const char *path, const json_t *reported,
                       const json_t *now)
{
    json_array_append_new(changes, json_pack("{s:s, s:O, s:O}", "path", path, "reported",
                                             reported ? reported : json_null(), "now",
                                             now ? now : json_null()));
}

static void diff_value(json_t *changes, const char *path, const json_t *a, const json_t *b);

/* What differs by design between two renderings of the same figures: the date, the freeze
 * state, the neighbours' figures and the submission check. */
static bool diff_skipped(const char *key)
{
    return strcmp(key, "generated") == 0 || strcmp(key, "frozen") == 0 ||
           strcmp(key, "previously_reported") == 0 || strcmp(key, "check") == 0;
}

static void diff_object(json_t *changes, const char *path, const json_t *a, const json_t *b,
                        bool top)
{
    const char *key;
    json_t *va;
    json_object_foreach((json_t *)a, key, va) {
        /* What differs by design between two renderings of the same figures. */
        if (top && diff_skipped(key))
            continue;
        char *sub = *path ? xasprintf("%s.%s", path, key) : xstrdup(key);
        json_t *vb = json_object_get(b, key);
        if (!vb)
            add_change(changes, sub, va, NULL);
        else
            diff_value(changes, sub, va, vb);
        free(sub);
    }
    json_t *vb;
    json_object_foreach((json_t *)b, key, vb) {
        if (json_object_get(a, key) || (top && diff_skipped(key)))
            continue;
        char *sub = *path ? xasprintf("%s.%s", path, key) : xstrdup(key);
        add_change(changes, sub, NULL, vb);
        free(sub);
    }
}

/* Arrays of records are matched by key, so that one inserted activity shows as one new
 * element rather than as every later element changed. */
static void diff_array(json_t *changes, const char *path, const json_t *a, const json_t *b)
{
    size_t na = json_array_size(a), nb = json_array_size(b);
    bool keyed = na + nb > 0;
    for (size_t i = 0; i < na && keyed; i++) {
        char *k = element_key(json_array_get(a, i));
        keyed = k != NULL;
        free(k);
    }
    for (size_t i = 0; i < nb && keyed; i++) {
        char *k = element_key(json_array_get(b, i));
        keyed = k != NULL;
        free(k);
    }
    if (!keyed) {
        /* Lists of names and the like: one change for the whole list reads best. */
        if (!json_equal(a, b))
            add_change(changes, path, a, b);
        return;
    }
    char **kb = xcalloc(nb, sizeof *kb);
    bool *used = xcalloc(nb, sizeof *used);
    for (size_t j = 0; j < nb; j++)
        kb[j] = element_key(json_array_get(b, j));
    for (size_t i = 0; i < na; i++) {
        json_t *ea = json_array_get(a, i);
        char *ka = element_key(ea);
        char *sub = xasprintf("%s[%s]", path, ka);
        size_t j = 0;
        while (j < nb && (used[j] || strcmp(kb[j], ka) != 0))
            j++;
        if (j < nb) {
            used[j] = true;
            diff_value(changes, sub, ea, json_array_get(b, j));
        } else {
            add_change(changes, sub, ea, NULL);
        }
        free(sub);
        free(ka);
    }
    for (size_t j = 0; j < nb; j++) {
        if (!used[j]) {
            char *sub = xasprintf("%s[%s]", path, kb[j]);
            add_change(changes, sub, NULL, json_array_get(b, j));
            free(sub);
        }
        free(kb[j]);
    }
    free(kb);
    free(used);
}

static void diff_value(json_t *changes, const char *path, const json_t *a, const json_t *b)
{
    if (json_is_object(a) && json_is_object(b))
        diff_object(changes, path, a, b, false);
    else if (json_is_array(a) && json_is_array(b))
        diff_array(changes, path, a, b);
    else if (!same_value(a, b))
        add_change(changes, path, a, b);
}

int freeze_diff(Db *db, int64_t project_id, int period, json_t **changes, Errs *errs)
{
    *changes = NULL;
    json_t *snap = NULL, *now = NULL;
    char from[11], to[11];
    int rc = period_range(db, project_id, period, from, to, errs);
    if (rc != INSATS_OK)
        return rc;
    FreezeInfo info;
    rc = freeze_info(db, project_id, period, &info, errs);
    if (rc == INSATS_OK && !info.exists) {
        errs_add(errs, "period %d has not been frozen, so there is no reported version to "
                 "compare with (freeze it with `insats report freeze --period %d`)",
                 period, period);
        rc = INSATS_EINPUT;
    }
    freeze_info_free(&info);
    if (rc == INSATS_OK)
        rc = snapshot_json(db, project_id, period, &snap, errs);
    if (rc == INSATS_OK) {
        ReportRange range = {.period = period, .from = NULL, .to = NULL};
        rc = report_compute(db, project_id, REPORT_LAGESRAPPORT, &range, &now, errs);
    }
    if (rc == INSATS_OK) {
        *changes = json_array();
        diff_object(*changes, "", snap, now, true);
    }
    json_decref(snap);
    json_decref(now);
    return rc;
}

/* ---- the submission check ------------------------------------------------------------------ */

/* Whether a question still needs an answer. A report frozen before questions had a `status`
 * has only its answer to go by. */
static bool check_unanswered(const json_t *q)
{
    const char *status = json_string_value(json_object_get(q, "status"));
    if (status)
        return strcmp(status, "unanswered") == 0;
    const char *answer = json_string_value(json_object_get(q, "answer"));
    return !answer || !*answer;
}

/* A change that matters to the funder: figures, not the texts of the answers. */
static bool check_is_figure(const char *path)
{
    return strncmp(path, "questions", 9) != 0 && strncmp(path, "narratives", 10) != 0;
}

/* Swedish labels for the paths of moved figures, for people reading the check: a path's
 * leading part ("[]" standing for any element of an array, "{}" in the label for that element's
 * name), then one word for each remaining field. The longer pattern of two that both match must
 * come first. A path this does not cover keeps its path as its label. */
static const struct {
    const char *pattern, *label;
} LABEL_PREFIXES[] = {
    {"participants.by_organisation[].period", "Deltagare under perioden, {}"},
    {"participants.by_organisation[].accumulated", "Deltagare ackumulerat, {}"},
    {"participants.by_month[]", "Deltagare per månad, {}"},
    {"participants.period", "Deltagare under perioden"},
    {"participants.accumulated", "Deltagare ackumulerat"},
    {"participants.planned", "Planerat antal deltagare"},
    {"participant_hours.period", "Deltagartimmar under perioden"},
    {"participant_hours.accumulated", "Deltagartimmar ackumulerat"},
    {"participant_hours.value_period", "Deltagartimmarnas värde under perioden"},
    {"participant_hours.value_accumulated", "Deltagartimmarnas värde ackumulerat"},
    {"budget.by_category[].period", "Budget under perioden, {}"},
    {"budget.by_category[].accumulated", "Budget ackumulerat, {}"},
    {"budget.period", "Budget under perioden"},
    {"budget.accumulated", "Budget ackumulerat"},
    {"budget.deviation_percent", "Budgetavvikelse i procent"},
    {"certificates.by_organisation[]", "Intyg, {}"},
    {"certificates", "Intyg"},
    {"interventions[]", "Insatsen {}"},
    {"activities[]", "Aktiviteten {}"},
    {"goals[]", "Målet {}"},
};

static const struct {
    const char *field, *word;
} LABEL_WORDS[] = {
    {"total", "totalt"},        {"women", "kvinnor"},
    {"men", "män"},             {"other", "annat kön"},
    {"actual", "utfall"},       {"planned", "budgeterat"},
    {"hours", "timmar"},        {"participants", "deltagare"},
    {"planned_participants", "planerat antal deltagare"},
    {"completed", "slutförd"},  {"completed_on", "slutförd den"},
    {"count", "antal intyg"},   {"people", "antal personer"},
    {"achieved", "utfall"},     {"target", "målvärde"},
};

/* The element of `arr` whose key (element_key()) is `key`, or NULL. */
static const json_t *check_element(const json_t *arr, const char *key)
{
    size_t i;
    const json_t *el;
    json_array_foreach(arr, i, el) {
        char *k = element_key(el);
        bool hit = k && strcmp(k, key) == 0;
        free(k);
        if (hit)
            return el;
    }
    return NULL;
}

/* The Swedish label of a moved figure's path (LABEL_PREFIXES), the element's name looked up in
 * `report`; the path itself when the tables do not cover it. Caller frees. */
static char *check_label(const char *path, const json_t *report)
{
    /* The path with every "[key]" as "[]", and the name of the first keyed element. */
    Buf norm = {0};
    char *name = NULL;
    const json_t *at = report;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ".[");
        char *field = xstrndup(p, n);
        buf_puts(&norm, field);
        at = json_object_get(at, field);
        free(field);
        p += n;
        if (*p == '[') {
            const char *end = strchr(p, ']');
            if (!end)
                break;
            char *key = xstrndup(p + 1, (size_t)(end - p - 1));
            at = check_element(at, key);
            if (!name) {
                const char *nm = json_string_value(json_object_get(at, "name"));
                if (!nm)
                    nm = json_string_value(json_object_get(at, "title"));
                name = xstrdup(nm ? nm : key);
            }
            free(key);
            buf_puts(&norm, "[]");
            p = end + 1;
        }
        if (*p == '.')
            buf_putc(&norm, *p++);
    }
    const char *np = norm.data ? norm.data : "";
    char *label = NULL;
    for (size_t i = 0; i < sizeof LABEL_PREFIXES / sizeof *LABEL_PREFIXES && !label; i++) {
        size_t n = strlen(LABEL_PREFIXES[i].pattern);
        if (strncmp(np, LABEL_PREFIXES[i].pattern, n) != 0 || (np[n] && np[n] != '.'))
            continue;
        Buf out = {0};
        const char *brace = strstr(LABEL_PREFIXES[i].label, "{}");
        if (brace)
            buf_printf(&out, "%.*s%s%s", (int)(brace - LABEL_PREFIXES[i].label),
                       LABEL_PREFIXES[i].label, name ? name : "", brace + 2);
        else
            buf_puts(&out, LABEL_PREFIXES[i].label);
        bool known = true;
        for (const char *r = np + n; *r == '.' && known;) {
            r++;
            size_t m = strcspn(r, ".");
            known = false;
            for (size_t w = 0; w < sizeof LABEL_WORDS / sizeof *LABEL_WORDS && !known; w++)
                if (strlen(LABEL_WORDS[w].field) == m && !strncmp(r, LABEL_WORDS[w].field, m)) {
                    buf_printf(&out, ", %s", LABEL_WORDS[w].word);
                    known = true;
                }
            r += m;
        }
        if (known)
            label = xstrdup(out.data);
        buf_free(&out);
    }
    buf_free(&norm);
    free(name);
    return label ? label : xstrdup(path);
}

char *freeze_figure_label(const char *path, const json_t *report)
{
    return check_label(path, report);
}

/* Sets report.check (see report_check()). */
static int check_of(Db *db, int64_t project_id, ReportKind kind, json_t *report, Errs *errs)
{
    const char *to = json_string_value(json_object_get(json_object_get(report, "period"), "to"));
    /* A lägesrapport answers for the deviations of its own period (the form asks about them);
     * the slutrapport for every deviation of the project (docs/report-format.md). */
    const char *from = kind == REPORT_SLUTRAPPORT
                           ? ""
                           : json_string_value(json_object_get(json_object_get(report, "period"),
                                                               "from"));
    json_t *unanswered = json_array(), *unreported = json_array(), *moved = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(report, "questions"), i, q)
        if (check_unanswered(q))
            json_array_append_new(unanswered,
                                  json_pack("{s:O, s:O}", "section", json_object_get(q, "section"),
                                            "question", json_object_get(q, "question")));

    int rc = INSATS_OK;
    sqlite3_stmt *st = db_stmt(db, SQL_UNREPORTED);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, from ? from : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, to ? to : "", -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(unreported,
                              json_pack("{s:s, s:s, s:s, s:s}", "id", db_col_text(st, 0), "date",
                                        db_col_text(st, 1), "area", db_col_text(st, 2),
                                        "description", db_col_text(st, 3)));
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        rc = db_fail(db, errs, "cannot read deviations");

    /* Every frozen period the report reaches into: its figures were handed in, so a change to
     * them must be reported as a correction. */
    int *periods = NULL;
    size_t np = 0;
    if (rc == INSATS_OK) {
        st = db_stmt(db, SQL_FROZEN_UPTO);
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_text(st, 2, to ? to : "", -1, SQLITE_STATIC);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            periods = xrealloc(periods, (np + 1) * sizeof *periods);
            periods[np++] = sqlite3_column_int(st, 0);
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE)
            rc = db_fail(db, errs, "cannot read the report snapshots");
    }
    for (size_t k = 0; k < np && rc == INSATS_OK; k++) {
        json_t *changes = NULL;
        rc = freeze_diff(db, project_id, periods[k], &changes, errs);
        json_t *c;
        json_array_foreach(changes, i, c) {
            const char *path = json_string_value(json_object_get(c, "path"));
            if (!path || !check_is_figure(path))
                continue;
            char *label = check_label(path, report);
            json_array_append_new(moved, json_pack("{s:i, s:s, s:s, s:O, s:O}", "period",
                                                   periods[k], "path", path, "label", label,
                                                   "reported", json_object_get(c, "reported"),
                                                   "now", json_object_get(c, "now")));
            free(label);
        }
        json_decref(changes);
    }
    free(periods);
    bool draft = json_array_size(unanswered) > 0;
    bool ready = !draft && json_array_size(unreported) == 0 && json_array_size(moved) == 0;
    json_object_set_new(report, "check",
                        json_pack("{s:b, s:b, s:o, s:o, s:o}", "draft", draft, "ready", ready,
                                  "unanswered", unanswered, "unreported_deviations", unreported,
                                  "moved", moved));
    return rc;
}

/* ---- the refusal's message ---------------------------------------------------------------- */

int freeze_explain(Db *db, const char *sqlite_msg, Buf *out)
{
    if (!sqlite_msg || strncmp(sqlite_msg, REFUSAL_PREFIX, strlen(REFUSAL_PREFIX)) != 0)
        return 0;
    const char *rest = sqlite_msg + strlen(REFUSAL_PREFIX);
    int period = 0;
    if (rest[0] == ':') {
        char *end = NULL;
        long v = strtol(rest + 1, &end, 10);
        if (end != rest + 1 && *end == '\0' && v > 0 && v < 1000)
            period = (int)v;
    }
    bool found = false;
    if (period > 0) {
        sqlite3_stmt *st = db_prepare(db, SQL_EXPLAIN);
        sqlite3_bind_int(st, 1, period);
        if (sqlite3_step(st) == SQLITE_ROW) {
            found = true;
            buf_printf(out, "period %d (%s–%s) is frozen (reported %s by %s", period,
                       db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                       db_col_text(st, 3));
            /* Several projects in one database may each have frozen this period number. */
            if (sqlite3_column_int(st, 5) > 1)
                buf_printf(out, " in project %s", db_col_text(st, 4));
            buf_printf(out, "); reopen it with `insats report reopen --period %d --reason …`",
                       period);
        }
        sqlite3_finalize(st);
    }
    if (!found)
        buf_puts(out, "this change falls inside a frozen reporting period; see "
                      "`insats report diff`, and reopen the period with "
                      "`insats report reopen --period N --reason …`");
    return 1;
}
