/* activity.c — activities with their sessions and attendance. */
#include "activity.h"
#include "i18n.h"
#include "certificate.h"
#include "model.h"
#include "rec.h"
#include "record.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ACTIVITY_KEYS[] = {"id", "title", "intervention", "proposal", "kind",
    "area", "organisations", "supplier", "venue", "planned_participants", "status", "cost",
    "gives_certificates", "sessions", "attendance", NULL};

static const char *const SESSION_KEYS[] = {"id", "date", "start", "end", "hours", NULL};

static const char *const ATTENDANCE_KEYS[] = {"person", "session", "present", NULL};

static const char SQL_ACTIVITY_UPSERT[] =
    "INSERT INTO activity (project_id, code, intervention_id, proposal_id, title, kind, area_id, "
    "supplier, venue, planned_participants, status, cost_ore, gives_certificates) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
    "ON CONFLICT (project_id, code) DO UPDATE SET intervention_id = excluded.intervention_id, "
    "proposal_id = excluded.proposal_id, title = excluded.title, kind = excluded.kind, "
    "area_id = excluded.area_id, supplier = excluded.supplier, venue = excluded.venue, "
    "planned_participants = excluded.planned_participants, status = excluded.status, "
    "cost_ore = excluded.cost_ore, gives_certificates = excluded.gives_certificates "
    "RETURNING id";

static const char SQL_ACTORG_DELETE[] = "DELETE FROM activity_organisation WHERE activity_id = ?1";

static const char SQL_ACTORG_INSERT[] =
    "INSERT INTO activity_organisation (activity_id, organisation_id) VALUES (?1, ?2)";

static const char SQL_SESSION_LIST[] = "SELECT code, id FROM session WHERE activity_id = ?1";

static const char SQL_SESSION_FIND[] =
    "SELECT s.id FROM session s JOIN activity a ON a.id = s.activity_id "
    "WHERE a.project_id = ?1 AND a.code = ?2 AND s.code = ?3";

static const char SQL_ATTENDANCE_SET[] =
    "INSERT INTO attendance (session_id, person_id, present) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (session_id, person_id) DO UPDATE SET present = excluded.present";

static const char SQL_SESSION_UPSERT[] =
    "INSERT INTO session (activity_id, code, session_date, start_time, end_time, hours_c) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (activity_id, code) DO UPDATE SET "
    "session_date = excluded.session_date, start_time = excluded.start_time, "
    "end_time = excluded.end_time, hours_c = excluded.hours_c RETURNING id";

int64_t activity_find(Db *db, int64_t project_id, const char *code)
{
    return rec_find(db, REF_ACTIVITY, project_id, code);
}

int64_t activity_session_find(Db *db, int64_t project_id, const char *activity_code,
                              const char *session_code)
{
    sqlite3_stmt *st = db_stmt(db, SQL_SESSION_FIND);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, activity_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, session_code, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

int attendance_set(Db *db, int64_t session_id, int64_t person_id, bool present, Buf *why)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ATTENDANCE_SET);
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, person_id);
    sqlite3_bind_int(st, 3, present ? 1 : 0);
    int src = sqlite3_step(st);
    if (src == SQLITE_DONE) {
        sqlite3_reset(st);
        return INSATS_OK;
    }
    int rc = model_step_status(src);
    /* The message comes from the connection, so take it before reset clears it. */
    if (rc == INSATS_EINPUT)
        model_rejection(db, why);
    else
        buf_printf(why, _("%s: cannot write attendance: %s"), db->path, sqlite3_errmsg(db->h));
    sqlite3_reset(st);
    return rc;
}

static void activity_orgs_save(Rec *r, const json_t *o, const char *path, int64_t aid)
{
    json_t *orgs = rec_array(r, o, path, "organisations");
    if (aid > 0 && rec_writable(r))
        rec_write_by_id(r, SQL_ACTORG_DELETE, aid, path);
    Idmap seen;
    idmap_init(&seen);
    size_t j;
    json_t *v;
    json_array_foreach(orgs, j, v) {
        char opath[REC_PATH_LEN];
        rec_path(opath, "%s.organisations[%zu]", path, j);
        if (!json_is_string(v)) {
            rec_fail(r, opath, NULL, "expected a string, got %s", rec_type_name(v));
            continue;
        }
        const char *code = json_string_value(v);
        int64_t org = 0;
        if (!rec_lookup(r, REF_ORGANISATION, code, &org)) {
            rec_fail(r, opath, NULL, "unknown organisation \"%.64s\"", code);
            continue;
        }
        if (!idmap_put(&seen, code, 1)) {
            rec_fail(r, opath, NULL, "organisation \"%.64s\" is listed twice", code);
            continue;
        }
        if (aid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_ACTORG_INSERT);
        sqlite3_bind_int64(st, 1, aid);
        sqlite3_bind_int64(st, 2, org);
        rec_write(r, st, opath, true);
    }
    idmap_free(&seen);
}

/* One session of activity aid at spath, its keys already checked: validated, its id claimed
 * in its activity's list (seen: list[j]) or, given alone (seen NULL), by the Rec's claim, then
 * written and registered in `sessions` (when given) for the attendance. */
static void activity_session_save(Rec *r, const json_t *s, const char *spath, int64_t aid,
                                  Idmap *seen, Idmap *sessions, const char *list, size_t j)
{
    const char *code = rec_code(r, s, spath, "id");
    const char *date = rec_date(r, s, spath, "date", true);
    const char *start = rec_time(r, s, spath, "start");
    const char *end = rec_time(r, s, spath, "end");
    rec_order(r, spath, "start", start, "end", end);
    int64_t hours = 0;
    rec_decimal(r, s, spath, "hours", true, 2, 0, 2400, &hours);
    bool claimed = code && (seen ? rec_claim_in(r, seen, sessions, list, j, code)
                                 : rec_claim(r, code));
    if (!claimed || aid <= 0 || !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_SESSION_UPSERT);
    sqlite3_bind_int64(st, 1, aid);
    rec_bind_text(st, 2, code);
    rec_bind_text(st, 3, date);
    rec_bind_text(st, 4, start);
    rec_bind_text(st, 5, end);
    sqlite3_bind_int64(st, 6, hours);
    int64_t id = rec_write(r, st, spath, true);
    if (id > 0 && sessions)
        idmap_put(sessions, code, id);
}

/* Sessions upsert by id within the activity; `sessions` gains code → id for the attendance. */
static void activity_sessions_save(Rec *r, const json_t *o, const char *path, int64_t aid,
                                   Idmap *sessions)
{
    json_t *arr = rec_array(r, o, path, "sessions");
    Idmap seen;
    idmap_init(&seen);
    size_t j;
    json_t *s;
    char list[REC_PATH_LEN];
    rec_path(list, "%s.sessions", path);
    json_array_foreach(arr, j, s) {
        char spath[REC_PATH_LEN];
        rec_path(spath, "%s[%zu]", list, j);
        if (rec_object(r, s, spath, SESSION_KEYS))
            activity_session_save(r, s, spath, aid, &seen, sessions, list, j);
    }
    idmap_free(&seen);
}

/* Attendance rows are keyed by (person, session) and upserted: the list is not replaced, so a
 * bundle can add the attendance of one organisation without repeating the others'. */
static void activity_attendance_save(Rec *r, const json_t *o, const char *path,
                                     const Idmap *sessions)
{
    json_t *arr = rec_array(r, o, path, "attendance");
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[REC_PATH_LEN];
        rec_path(apath, "%s.attendance[%zu]", path, j);
        if (!rec_object(r, a, apath, ATTENDANCE_KEYS))
            continue;
        int64_t person = rec_ref(r, a, apath, "person", true, REF_PERSON);
        int64_t session = rec_ref_in(r, a, apath, "session", true, sessions,
                                     N_("session of this activity"));
        bool present = rec_bool(r, a, apath, "present", true, false);
        /* Listed twice, the later entry would silently win; say so instead. Sessions belong to
         * one activity, so one set serves the whole bundle. */
        uint32_t first = 0;
        if (person > 0 && session > 0 &&
            !pairset_add(r->attendance_seen, session, person, (uint32_t)j, &first))
            rec_fail(r, apath, NULL, "the same person and session as %s.attendance[%u]", path,
                     first);
        if (!rec_writable(r))
            continue;
        Buf why = {0};
        int rc = attendance_set(r->db, session, person, present, &why);
        if (rc == INSATS_EINPUT) {
            rec_fail(r, apath, NULL, "%s", why.data);
        } else if (rc == INSATS_ESTORAGE) {
            errs_add(r->errs, "%s", why.data);
            r->storage_failed = true;
        }
        buf_free(&why);
        if (rc == INSATS_OK) {
            r->attendance++;
            rec_count(r);
        }
    }
}

/* Validates the activity at `path` (activities[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its organisations replace the stored ones, its sessions
 * and attendance rows are inserted or updated (by session id, by person and session). `index` is
 * its position in its list. */
void activity_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, ACTIVITY_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    int64_t intervention = rec_ref(r, o, path, "intervention", true, REF_INTERVENTION);
    int64_t proposal = rec_ref(r, o, path, "proposal", false, REF_PROPOSAL);
    const char *kind = rec_enum(r, o, path, "kind", true, VOCAB_ACTIVITY_KIND);
    int64_t area = rec_ref(r, o, path, "area", false, REF_AREA);
    const char *supplier = rec_str(r, o, path, "supplier", false);
    const char *venue = rec_str(r, o, path, "venue", false);
    int64_t planned = 0;
    bool has_planned = rec_int(r, o, path, "planned_participants", false, 0, INT32_MAX,
                               &planned);
    const char *status = rec_enum(r, o, path, "status", true, VOCAB_ACTIVITY_STATUS);
    int64_t cost = 0;
    bool has_cost = rec_decimal(r, o, path, "cost", false, 2, 0, INT64_MAX / 2, &cost);
    bool gives = rec_bool(r, o, path, "gives_certificates", false, true);

    int64_t old = 0;
    bool existed = code && rec_lookup(r, REF_ACTIVITY, code, &old) && old > 0;
    bool fresh = code && rec_claim(r, code);
    int64_t aid = 0;
    if (fresh && rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_ACTIVITY_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_text(st, 2, code);
        sqlite3_bind_int64(st, 3, intervention);
        db_bind_id_or_null(st, 4, proposal);
        rec_bind_text(st, 5, title);
        rec_bind_text(st, 6, kind);
        db_bind_id_or_null(st, 7, area);
        rec_bind_text(st, 8, supplier);
        rec_bind_text(st, 9, venue);
        rec_bind_opt(st, 10, has_planned, planned);
        rec_bind_text(st, 11, status);
        rec_bind_opt(st, 12, has_cost, cost);
        sqlite3_bind_int(st, 13, gives ? 1 : 0);
        aid = rec_write(r, st, path, true);
        if (aid > 0)
            rec_put(r, REF_ACTIVITY, code, aid);
    }
    activity_orgs_save(r, o, path, aid);
    /* Attendance may name sessions stored by an earlier import and not repeated here. */
    Idmap sessions;
    idmap_init(&sessions);
    if (existed && fresh)
        rec_preload(r, &sessions, SQL_SESSION_LIST, old);
    activity_sessions_save(r, o, path, aid, &sessions);
    activity_attendance_save(r, o, path, &sessions);
    idmap_free(&sessions);
}

/* ---- a session on its own, and the attendance screen ------------------------------------- */

static const char *const SESSION_RECORD_KEYS[] = {"activity", "id", "date", "start", "end",
                                                  "hours", NULL};

void activity_session_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, SESSION_RECORD_KEYS))
        return;
    int64_t aid = rec_ref(r, o, path, "activity", true, REF_ACTIVITY);
    activity_session_save(r, o, path, aid, NULL, NULL, NULL, index);
}

/* The accounts' assignment of trainers to activities (account_trainer_assign). */
static const char SQL_TRAINER_ASSIGNED[] =
    "SELECT 1 FROM activity_trainer t JOIN activity a ON a.id = t.activity_id"
    " WHERE a.project_id = ?1 AND a.code = ?2 AND t.user_id = ?3";

bool activity_actor_may_mark(Db *db, const Actor *actor, int64_t project_id,
                             const char *activity_code)
{
    if (!record_may_write(actor, "attendance", 0))
        return false;
    if (actor->role != ROLE_TRAINER)
        return true;
    sqlite3_stmt *st = db_stmt(db, SQL_TRAINER_ASSIGNED);
    sqlite3_bind_int64(st, 1, project_id);
    db_bind_text_or_null(st, 2, activity_code);
    sqlite3_bind_int64(st, 3, actor->user_id);
    bool assigned = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return assigned;
}

/* Whether the actor's role may register attendance (and see who is expected); else a
 * message. */
static bool attendance_role_allowed(const Actor *actor, Errs *errs)
{
    if (record_may_write(actor, "attendance", 0))
        return true;
    errs_add(errs, "attendance: the role %s may not register attendance",
             actor ? actor_role_name(actor->role) : "(none)");
    return false;
}

static const char SQL_MARK_PERSON[] =
    "SELECT id, organisation_id FROM person WHERE project_id = ?1 AND code = ?2";

/* The session's row id, or 0 after a message naming it; a trainer's unassigned activity is
 * answered as unknown. */
static int64_t activity_session_for(Db *db, const Actor *actor, int64_t project_id,
                                    const char *activity_code, const char *session_code,
                                    Errs *errs)
{
    int64_t sid = activity_code && session_code
                      ? activity_session_find(db, project_id, activity_code, session_code)
                      : 0;
    if (sid && !activity_actor_may_mark(db, actor, project_id, activity_code))
        sid = 0;
    if (!sid)
        errs_add_field(errs, "session", "attendance: session: no session \"%.64s\" of activity "
                       "\"%.64s\" in the project", session_code ? session_code : "",
                       activity_code ? activity_code : "");
    return sid;
}

int attendance_save_session(Db *db, const Actor *actor, int64_t project_id,
                            const char *activity_code, const char *session_code,
                            const AttendanceMark *marks, size_t n, int *saved, Errs *errs)
{
    *saved = 0;
    if (!attendance_role_allowed(actor, errs))
        return INSATS_EFORBIDDEN;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    size_t base = errs_total(errs);
    bool storage = false;
    int64_t sid = activity_session_for(db, actor, project_id, activity_code, session_code, errs);
    Idmap seen;
    idmap_init(&seen);
    for (size_t i = 0; i < n; i++) {
        char field[48];
        snprintf(field, sizeof field, "marks[%zu].person", i);
        const char *code = marks[i].person;
        if (!code || !*code) {
            errs_add_field(errs, field, "attendance: %s: is required", field);
            continue;
        }
        int64_t first;
        if (!idmap_put(&seen, code, (int64_t)i)) {
            idmap_get(&seen, code, &first);
            errs_add_field(errs, field, "attendance: %s: \"%.64s\" is marked twice (also "
                           "marks[%lld])", field, code, (long long)first);
            continue;
        }
        sqlite3_stmt *st = db_stmt(db, SQL_MARK_PERSON);
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
        int64_t pid = 0, org = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            pid = sqlite3_column_int64(st, 0);
            org = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        if (!pid || !record_may_write(actor, "attendance", org)) {
            errs_add_field(errs, field, "attendance: %s: unknown person \"%.64s\"", field, code);
            continue;
        }
        /* Once one row failed nothing will be kept: check the rest, write no more. */
        if (!sid || storage || errs_total(errs) != base)
            continue;
        Buf why = {0};
        int wrc = attendance_set(db, sid, pid, marks[i].present, &why);
        if (wrc == INSATS_EINPUT) {
            snprintf(field, sizeof field, "marks[%zu]", i);
            errs_add_field(errs, field, "attendance: %s: %s", field, why.data);
        } else if (wrc == INSATS_ESTORAGE) {
            errs_add(errs, "%s", why.data);
            storage = true;
        }
        buf_free(&why);
    }
    idmap_free(&seen);
    /* The activity's certificates follow its attendance, in this transaction. */
    if (!storage && errs_total(errs) == base) {
        int crc = certificate_evaluate(db, activity_find(db, project_id, activity_code), NULL,
                                       NULL, errs);
        storage = crc == INSATS_ESTORAGE;
    }
    if (!storage && errs_total(errs) == base) {
        rc = db_tx_commit(db, errs);
    } else {
        db_tx_rollback(db);
        rc = storage ? INSATS_ESTORAGE : INSATS_EINPUT;
    }
    if (rc == INSATS_OK)
        *saved = (int)n;
    return rc;
}

/* Copies UTF-8 text into out (cap bytes), cut between characters when it is longer: an
 * organisation's name has no length limit. */
static void activity_copy_text(char *out, size_t cap, const char *text)
{
    size_t n = strlen(text);
    if (n >= cap) {
        n = cap - 1;
        /* back to the start of the character the cut falls in, unless it ends there */
        size_t start = n;
        while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80)
            start--;
        n = start;
    }
    memcpy(out, text, n);
    out[n] = '\0';
}

/* The people who attended any session of the session's activity, or have a mark for this
 * session (?2), with that mark; ?3 an organisation to keep to (0: all). Driven from the
 * activity's attendance, so that a project of 50,000 people is not read to find forty. */
static const char SQL_EXPECTED[] =
    "SELECT p.code, p.name, o.code, p.unit,"
    " (SELECT t.present FROM attendance t WHERE t.session_id = ?2 AND t.person_id = p.id),"
    " o.name"
    " FROM (SELECT DISTINCT t.person_id AS pid FROM attendance t"
    "  JOIN session x ON x.id = t.session_id"
    "  WHERE x.activity_id = (SELECT activity_id FROM session WHERE id = ?2)"
    "  AND (t.present = 1 OR t.session_id = ?2)) e"
    " JOIN person p ON p.id = e.pid JOIN organisation o ON o.id = p.organisation_id"
    " WHERE p.project_id = ?1 AND (?3 = 0 OR p.organisation_id = ?3)"
    " ORDER BY p.name COLLATE sv, p.code";

/* Appends the row of the statement (id, name, organisation, unit, mark, organisation's name)
 * to *out. */
static void attendance_row_read(sqlite3_stmt *st, AttendanceExpected **out, size_t *n,
                                size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *out = xrealloc(*out, *cap * sizeof **out);
    }
    AttendanceExpected *e = &(*out)[(*n)++];
    snprintf(e->person, sizeof e->person, "%s", db_col_text(st, 0));
    snprintf(e->name, sizeof e->name, "%s", db_col_text(st, 1));
    snprintf(e->organisation, sizeof e->organisation, "%s", db_col_text(st, 2));
    snprintf(e->unit, sizeof e->unit, "%s", db_col_text(st, 3));
    e->mark = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
    activity_copy_text(e->organisation_name, sizeof e->organisation_name, db_col_text(st, 5));
}

int attendance_expected(Db *db, const Actor *actor, int64_t project_id,
                        const char *activity_code, const char *session_code,
                        AttendanceExpected **out, size_t *n, Errs *errs)
{
    *out = NULL;
    *n = 0;
    if (!attendance_role_allowed(actor, errs))
        return INSATS_EFORBIDDEN;
    int64_t sid = activity_session_for(db, actor, project_id, activity_code, session_code, errs);
    if (!sid)
        return INSATS_EINPUT;
    sqlite3_stmt *st = db_stmt(db, SQL_EXPECTED);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int64(st, 2, sid);
    sqlite3_bind_int64(st, 3, actor_org_scoped(actor) ? actor->organisation_id : 0);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        attendance_row_read(st, out, n, &cap);
    int rc = INSATS_OK;
    if (step != SQLITE_DONE) {
        rc = db_fail(db, errs, "cannot read the expected participants");
        free(*out);
        *out = NULL;
        *n = 0;
    }
    sqlite3_reset(st);
    return rc;
}

/* One person as a row of a session's screen (?1 project, ?2 session, ?3 the person's id),
 * with the organisation's row id last for the actor's rule. */
static const char SQL_PERSON_ROW[] =
    "SELECT p.code, p.name, o.code, p.unit,"
    " (SELECT t.present FROM attendance t WHERE t.session_id = ?2 AND t.person_id = p.id),"
    " o.name, p.organisation_id"
    " FROM person p JOIN organisation o ON o.id = p.organisation_id"
    " WHERE p.project_id = ?1 AND p.code = ?3";

int attendance_people(Db *db, const Actor *actor, int64_t project_id,
                      const char *activity_code, const char *session_code,
                      const char *const *people, size_t npeople, AttendanceExpected **out,
                      size_t *n, Errs *errs)
{
    *out = NULL;
    *n = 0;
    if (!attendance_role_allowed(actor, errs))
        return INSATS_EFORBIDDEN;
    int64_t sid = activity_session_for(db, actor, project_id, activity_code, session_code, errs);
    if (!sid)
        return INSATS_EINPUT;
    sqlite3_stmt *st = db_stmt(db, SQL_PERSON_ROW);
    Idmap seen;
    idmap_init(&seen);
    size_t cap = 0;
    int rc = INSATS_OK;
    for (size_t i = 0; i < npeople && rc == INSATS_OK; i++) {
        if (!people[i] || !idmap_put(&seen, people[i], (int64_t)i))
            continue;
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_int64(st, 2, sid);
        sqlite3_bind_text(st, 3, people[i], -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW && record_may_write(actor, "attendance",
                                                   sqlite3_column_int64(st, 6)))
            attendance_row_read(st, out, n, &cap);
        else if (step != SQLITE_ROW && step != SQLITE_DONE)
            rc = db_fail(db, errs, "cannot read the people to mark");
        sqlite3_reset(st);
    }
    sqlite3_clear_bindings(st);
    idmap_free(&seen);
    if (rc != INSATS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

static const char SQL_SESSION_FROZEN[] =
    "SELECT f.period FROM session s JOIN activity a ON a.id = s.activity_id"
    " JOIN frozen_span f ON f.project_id = a.project_id"
    " WHERE s.id = ?1 AND s.session_date BETWEEN f.from_date AND f.to_date LIMIT 1";

int attendance_frozen_period(Db *db, int64_t project_id, const char *activity_code,
                             const char *session_code)
{
    int64_t sid = activity_code && session_code
                      ? activity_session_find(db, project_id, activity_code, session_code)
                      : 0;
    if (!sid)
        return 0;
    sqlite3_stmt *st = db_stmt(db, SQL_SESSION_FROZEN);
    sqlite3_bind_int64(st, 1, sid);
    int period = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return period;
}
