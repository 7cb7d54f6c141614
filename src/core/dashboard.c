/* dashboard.c — the start page's data (dashboard.h): the figures of the current period's
 * report and a few short lists, cached per project and day in memory shared by every thread.
 *
 * The cache holds one computed dashboard per (project, day), stamped with db_generation() as it
 * was before the computation began; it is served while the generation has not moved. Every
 * committed change to the project's records moves it, from whichever connection or process
 * (the audit trail's last id, db.c); logins and sessions do not. A dashboard computed while a
 * write commits is stamped with the generation before that write, so it is never served after
 * it. */
#include "dashboard.h"
#include "db.h"
#include "freeze.h"
#include "report.h"
#include "scope_sql.h"
#include "stmt.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The reporting period that holds ?2 (today), else the last one begun, else the first. */
static const char Q_CURRENT_PERIOD[] =
    "SELECT number FROM reporting_period WHERE project_id = ?1"
    " ORDER BY from_date <= ?2 DESC, CASE WHEN from_date <= ?2 THEN -number ELSE number END"
    " LIMIT 1";

static const char Q_PROJECT_DATES[] =
    "SELECT start_date, end_date FROM project WHERE id = ?1";

static const char Q_UPCOMING_SESSIONS[] =
    "SELECT a.code, a.title, s.code, s.session_date, s.start_time, s.end_time"
    " FROM session s JOIN activity a ON a.id = s.activity_id"
    " WHERE a.project_id = ?1 AND a.status <> 'cancelled' AND s.session_date >= ?2"
    " ORDER BY s.session_date, s.start_time, a.code, s.code LIMIT 10";

/* The keys of an upcoming session, as its queries give the columns. */
static const char *const SESSION_KEYS[] = {"activity", "title", "session", "date", "start", "end",
                                           NULL};

/* A trainer's start page: the sessions of the activities assigned to them (?11), the scope a
 * trainer has everywhere (scope_sql.h). */
static const char Q_UPCOMING_SESSIONS_TRAINER[] =
    "SELECT a.code, a.title, s.code, s.session_date, s.start_time, s.end_time"
    " FROM session s JOIN activity a ON a.id = s.activity_id"
    " WHERE a.project_id = ?1 AND a.status <> 'cancelled' AND s.session_date >= ?2"
    " AND " SCOPE_SQL_TRAINER_ACTIVITY("a.id")
    " ORDER BY s.session_date, s.start_time, a.code, s.code LIMIT 10";

static const char Q_UPCOMING_MEETINGS[] =
    "SELECT m.code, m.title, g.name, m.meeting_date, m.start_time, m.place"
    " FROM meeting m LEFT JOIN grp g ON g.id = m.group_id"
    " WHERE m.project_id = ?1 AND m.status = 'planned' AND m.meeting_date >= ?2"
    " ORDER BY m.meeting_date, m.start_time, m.code LIMIT 5";

static const char Q_OPEN_ACTIONS[] =
    "SELECT m.code, m.title, ac.code, ac.text, p.name, ac.due, p.organisation_id"
    " FROM action_item ac JOIN meeting m ON m.id = ac.meeting_id"
    " LEFT JOIN person p ON p.id = ac.owner_person_id"
    " WHERE m.project_id = ?1 AND ac.status = 'open'"
    " ORDER BY ac.due IS NULL, ac.due, m.meeting_date, ac.code";

static const char Q_UNREPORTED[] =
    "SELECT code, deviation_date, area, description FROM deviation"
    " WHERE project_id = ?1 AND reported_to_funder = 0 AND deviation_date <= ?2"
    " ORDER BY deviation_date, code";

/* The pipeline of training proposals: per organisation, how many are in each state. */
static const char Q_PROPOSALS_BY_ORG[] =
    "SELECT o.code, o.name, sum(pr.status = 'submitted'), sum(pr.status = 'forwarded'),"
    " sum(pr.status = 'returned'), sum(pr.status = 'deferred'), sum(pr.status = 'approved'),"
    " sum(pr.status = 'rejected'), count(*)"
    " FROM proposal pr JOIN organisation o ON o.id = pr.organisation_id"
    " WHERE pr.project_id = ?1 AND ?2 IS NOT NULL"
    " GROUP BY o.id ORDER BY o.name COLLATE sv, o.code";

/* How long the proposals still open have waited since their last step (or submission), per
 * state, in days up to today (?2). */
static const char Q_PROPOSALS_WAITING[] =
    "SELECT status, count(*), CAST(round(avg(julianday(?2) - julianday(since))) AS INTEGER),"
    " CAST(max(julianday(?2) - julianday(since)) AS INTEGER)"
    " FROM (SELECT pr.status AS status, coalesce((SELECT e.event_date FROM proposal_event e"
    "        WHERE e.proposal_id = pr.id ORDER BY e.position DESC LIMIT 1), pr.submitted)"
    "        AS since FROM proposal pr WHERE pr.project_id = ?1"
    "        AND pr.status IN ('submitted', 'forwarded', 'returned', 'deferred'))"
    " GROUP BY status"
    " ORDER BY CASE status WHEN 'submitted' THEN 0 WHEN 'returned' THEN 1"
    "          WHEN 'forwarded' THEN 2 ELSE 3 END";

static const char *const PIPELINE_STATES[] = {"submitted", "forwarded", "returned", "deferred",
                                              "approved", "rejected", NULL};

/* "proposals": {"by_status": {state: n …}, "by_organisation": [{organisation, name, state: n
 * …, total}], "waiting": [{status, count, average_days, longest_days}]}. */
static int dashboard_proposals(Db *db, int64_t project_id, const char *today, json_t *into,
                               Errs *errs)
{
    json_t *pipe = json_object(), *by_status = json_object(), *by_org = json_array(),
           *waiting = json_array();
    json_object_set_new(pipe, "by_status", by_status);
    json_object_set_new(pipe, "by_organisation", by_org);
    json_object_set_new(pipe, "waiting", waiting);
    json_object_set_new(into, "proposals", pipe);
    int64_t totals[6] = {0};
    Stmt *st = stmt_cached(db, Q_PROPOSALS_BY_ORG);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    StmtResult step;
    while ((step = stmt_step(st)) == STMT_ROW) {
        json_t *o = json_object();
        json_object_set_new(o, "organisation", json_string(stmt_text(st, 0)));
        json_object_set_new(o, "name", json_string(stmt_text(st, 1)));
        for (int k = 0; PIPELINE_STATES[k]; k++) {
            /* the columns are in the order submitted, forwarded, returned, deferred, … */
            int64_t n = stmt_int(st, 2 + k);
            totals[k] += n;
            json_object_set_new(o, PIPELINE_STATES[k], json_integer(n));
        }
        json_object_set_new(o, "total", json_integer(stmt_int(st, 8)));
        json_array_append_new(by_org, o);
    }
    int rc = step == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the proposals");
    stmt_done(st);
    for (int k = 0; PIPELINE_STATES[k]; k++)
        json_object_set_new(by_status, PIPELINE_STATES[k], json_integer(totals[k]));
    if (rc != INSATS_OK)
        return rc;
    st = stmt_cached(db, Q_PROPOSALS_WAITING);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    while ((step = stmt_step(st)) == STMT_ROW)
        json_array_append_new(waiting,
                              json_pack("{ss sI sI sI}", "status", stmt_text(st, 0), "count",
                                        (json_int_t)stmt_int(st, 1), "average_days",
                                        (json_int_t)stmt_int(st, 2), "longest_days",
                                        (json_int_t)stmt_int(st, 3)));
    rc = step == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the proposals");
    stmt_done(st);
    return rc;
}

/* The report keys the dashboard shows as they are. */
static const char *const REPORT_KEYS[] = {"participants", "participant_hours", "interventions",
                                          "goals", "budget", "certificates", "frozen", NULL};

/* Runs a list query (?1 project, ?2 today) into an array of objects with these keys, one per
 * column, text or null. */
static int list_json(Db *db, const char *sql, const char *const *keys, int64_t project_id,
                     const char *today, int64_t trainer, json_t *into, const char *name,
                     Errs *errs)
{
    json_t *arr = json_array();
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    if (trainer != 0)   /* the query of a trainer's own (?11; -1: an account of none) */
        stmt_bind_int(st, 11, trainer);
    StmtResult step;
    while ((step = stmt_step(st)) == STMT_ROW) {
        json_t *row = json_object();
        for (int k = 0; keys[k]; k++) {
            const char *v = stmt_text(st, k);
            json_object_set_new(row, keys[k], v ? json_string(v) : json_null());
        }
        json_array_append_new(arr, row);
    }
    int rc = step == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the dashboard");
    stmt_done(st);
    json_object_set_new(into, name, arr);
    return rc;
}

/* Computes the dashboard with every name in it. */
static int dashboard_compute(Db *db, int64_t project_id, const char *today, json_t **out,
                             Errs *errs)
{
    *out = NULL;
    ReportRange range = {0, NULL, NULL};
    char start[11] = "", end[11] = "";
    Stmt *st = stmt_cached(db, Q_CURRENT_PERIOD);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    StmtResult step = stmt_step(st);
    if (step == STMT_ROW)
        range.period = (int)stmt_int(st, 0);
    int rc = step == STMT_ROW || step == STMT_DONE
                 ? INSATS_OK
                 : stmt_fail(st, errs, "cannot read the reporting periods");
    stmt_done(st);
    if (rc != INSATS_OK)
        return rc;
    if (range.period == 0) {
        /* no reporting periods: the whole project as a free range */
        st = stmt_cached(db, Q_PROJECT_DATES);
        stmt_bind_int(st, 1, project_id);
        if (stmt_step(st) == STMT_ROW) {
            snprintf(start, sizeof start, "%s", stmt_text(st, 0));
            snprintf(end, sizeof end, "%s", stmt_text(st, 1));
        }
        stmt_done(st);
        range.from = start;
        range.to = end;
    }
    json_t *rep = NULL;
    rc = report_get(db, project_id, REPORT_LAGESRAPPORT, &range, &rep, errs);
    if (rc != INSATS_OK)
        return rc;
    json_t *d = json_object();
    json_object_set_new(d, "today", json_string(today));
    json_t *project = json_object_get(rep, "project");
    json_object_set_new(d, "project",
                        json_pack("{sO sO sO sO sO}", "id", json_object_get(project, "id"), "name",
                                  json_object_get(project, "name"), "diarienummer",
                                  json_object_get(project, "diarienummer"), "start",
                                  json_object_get(project, "start"), "end",
                                  json_object_get(project, "end")));
    json_object_set(d, "period", json_object_get(rep, "period"));
    for (size_t i = 0; REPORT_KEYS[i]; i++)
        json_object_set(d, REPORT_KEYS[i], json_object_get(rep, REPORT_KEYS[i]));
    json_decref(rep);

    static const char *const meet[] = {"id", "title", "group_name", "date", "start", "place",
                                       NULL};
    /* _owner_organisation: for dashboard_for_actor(), which takes it out again */
    static const char *const act[] = {"meeting", "meeting_title", "id", "text", "owner", "due",
                                      "_owner_organisation", NULL};
    static const char *const dev[] = {"id", "date", "area", "description", NULL};
    rc = list_json(db, Q_UPCOMING_SESSIONS, SESSION_KEYS, project_id, today, 0, d,
                   "upcoming_sessions", errs);
    if (rc == INSATS_OK)
        rc = list_json(db, Q_UPCOMING_MEETINGS, meet, project_id, today, 0, d, "upcoming_meetings",
                       errs);
    if (rc == INSATS_OK)
        rc = list_json(db, Q_OPEN_ACTIONS, act, project_id, today, 0, d, "open_actions", errs);
    if (rc == INSATS_OK)
        rc = list_json(db, Q_UNREPORTED, dev, project_id, today, 0, d, "unreported_deviations",
                       errs);
    if (rc == INSATS_OK)
        rc = dashboard_proposals(db, project_id, today, d, errs);
    if (rc != INSATS_OK) {
        json_decref(d);
        return rc;
    }
    *out = d;
    return INSATS_OK;
}

/* ------------------------------------------------------------------------ cache */

enum { DASH_SLOTS = 8 };

typedef struct DashSlot {
    int64_t project_id;
    char today[11];
    uint64_t generation;
    uint64_t used;               /* for replacing the least recently used slot */
    json_t *data;                /* owned; read only while held, copied out under the lock */
} DashSlot;

static pthread_mutex_t dash_lock = PTHREAD_MUTEX_INITIALIZER;
static DashSlot dash_slots[DASH_SLOTS];
static uint64_t dash_clock, dash_fills;

/* A copy of the cached dashboard, or NULL. */
static json_t *cache_get(int64_t project_id, const char *today, uint64_t generation)
{
    json_t *copy = NULL;
    pthread_mutex_lock(&dash_lock);
    for (size_t i = 0; i < DASH_SLOTS && !copy; i++) {
        DashSlot *s = &dash_slots[i];
        if (s->data && s->project_id == project_id && s->generation == generation &&
            strcmp(s->today, today) == 0) {
            s->used = ++dash_clock;
            copy = json_deep_copy(s->data);
        }
    }
    pthread_mutex_unlock(&dash_lock);
    return copy;
}

/* Keeps a copy of d for (project, today), stamped with the generation its computation began
 * in; an older entry for the same key, or the least recently used slot, gives way. */
static void cache_put(int64_t project_id, const char *today, uint64_t generation, const json_t *d)
{
    json_t *copy = json_deep_copy(d);
    pthread_mutex_lock(&dash_lock);
    DashSlot *slot = NULL;
    for (size_t i = 0; i < DASH_SLOTS; i++) {
        DashSlot *s = &dash_slots[i];
        if (s->data && s->project_id == project_id && strcmp(s->today, today) == 0) {
            slot = s;
            break;
        }
        if (!slot || !s->data || (slot->data && s->used < slot->used))
            slot = s;
    }
    if (slot->data && slot->project_id == project_id && strcmp(slot->today, today) == 0 &&
        db_generation_newer(slot->generation, generation)) {
        /* someone stored a fresher one meanwhile */
        json_decref(copy);
    } else {
        json_decref(slot->data);
        slot->data = copy;
        slot->project_id = project_id;
        snprintf(slot->today, sizeof slot->today, "%s", today);
        slot->generation = generation;
        slot->used = ++dash_clock;
        dash_fills++;
    }
    pthread_mutex_unlock(&dash_lock);
}

uint64_t dashboard_generation(Db *db)
{
    return db_generation(db);
}

bool dashboard_generation_newer(uint64_t a, uint64_t b)
{
    return db_generation_newer(a, b);
}

void dashboard_cache_clear(void)
{
    pthread_mutex_lock(&dash_lock);
    for (size_t i = 0; i < DASH_SLOTS; i++) {
        json_decref(dash_slots[i].data);
        memset(&dash_slots[i], 0, sizeof dash_slots[i]);
    }
    pthread_mutex_unlock(&dash_lock);
}

uint64_t dashboard_cache_fills(void)
{
    pthread_mutex_lock(&dash_lock);
    uint64_t n = dash_fills;
    pthread_mutex_unlock(&dash_lock);
    return n;
}

/* Takes out what the actor may not see: the names of the owners of actions. */
static void dashboard_for_actor(json_t *d, const Actor *actor)
{
    /* A coordinator sees the names of their own organisation's people only (browse.h), a
     * trainer those of the people at their sessions — not the steering group's action owners. */
    bool all = actor_sees_names(actor) && !actor_org_scoped(actor) && actor->role != ROLE_TRAINER;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(d, "open_actions"), i, a) {
        const char *org = json_string_value(json_object_get(a, "_owner_organisation"));
        bool own = actor_org_scoped(actor) && org &&
                   strtoll(org, NULL, 10) == actor->organisation_id;
        if (!all && !own)
            json_object_set_new(a, "owner", json_null());
        json_object_del(a, "_owner_organisation");
    }
}

uint64_t dashboard_viewer(const Actor *actor)
{
    uint64_t key = (actor_sees_names(actor) ? 1u : 0u) | (actor->role == ROLE_TRAINER ? 2u : 0u);
    if (actor_org_scoped(actor))
        key |= 4u | (uint64_t)actor->organisation_id << 8;
    else if (actor->role == ROLE_TRAINER)   /* their own sessions */
        key |= 8u | (uint64_t)(actor->user_id > 0 ? actor->user_id : 0) << 8;
    return key;
}

/* ------------------------------------------------------------------------ one computation */

/* A computation under way, so that those who ask for the same dashboard meanwhile wait for
 * it instead of computing it again: on the large demo it takes a second of a core, and a
 * burst of requests on an empty cache would otherwise compute it once per worker thread. */
enum { DASH_FLIGHTS = 4 };

typedef struct DashFlight {
    bool active;
    int64_t project_id;
    char today[11];
    uint64_t generation;
} DashFlight;

static pthread_cond_t dash_flight_done = PTHREAD_COND_INITIALIZER;
static DashFlight dash_flights[DASH_FLIGHTS];
static struct timespec dash_last_viewed;

/* The computation of (project, today) at `generation` under way, or NULL. Under dash_lock. */
static DashFlight *flight_find(int64_t project_id, const char *today, uint64_t generation)
{
    for (size_t i = 0; i < DASH_FLIGHTS; i++) {
        DashFlight *f = &dash_flights[i];
        if (f->active && f->project_id == project_id && f->generation == generation &&
            strcmp(f->today, today) == 0)
            return f;
    }
    return NULL;
}

static void flight_end(DashFlight *f)
{
    pthread_mutex_lock(&dash_lock);
    f->active = false;
    pthread_cond_broadcast(&dash_flight_done);
    pthread_mutex_unlock(&dash_lock);
}

/* The dashboard with every name in it, from the cache, from a computation under way that this
 * thread waits for, or computed here. */
static int dashboard_data(Db *db, int64_t project_id, const char *day, json_t **out,
                          Errs *errs)
{
    *out = NULL;
    uint64_t generation = db_generation(db);
    /* 0: nothing may be kept (inside a transaction, or a database without an identity). */
    if (!generation)
        return dashboard_compute(db, project_id, day, out, errs);
    json_t *d = cache_get(project_id, day, generation);
    if (d) {
        *out = d;
        return INSATS_OK;
    }
    /* A bounded wait: a computation that failed stored nothing, and then this one computes. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 30;
    pthread_mutex_lock(&dash_lock);
    bool waited = false;
    while (flight_find(project_id, day, generation) &&
           pthread_cond_timedwait(&dash_flight_done, &dash_lock, &until) == 0)
        waited = true;
    DashFlight *mine = NULL;
    if (!flight_find(project_id, day, generation)) {
        for (size_t i = 0; i < DASH_FLIGHTS && !mine; i++)
            if (!dash_flights[i].active)
                mine = &dash_flights[i];
        /* every slot busy (mine NULL): this one computes without telling anyone */
        if (mine) {
            *mine = (DashFlight){.active = true, .project_id = project_id,
                                 .generation = generation};
            snprintf(mine->today, sizeof mine->today, "%s", day);
        }
    }
    pthread_mutex_unlock(&dash_lock);
    int rc = INSATS_OK;
    d = waited ? cache_get(project_id, day, generation) : NULL;
    if (!d) {
        rc = dashboard_compute(db, project_id, day, &d, errs);
        if (rc == INSATS_OK)
            cache_put(project_id, day, generation, d);
    }
    if (mine)
        flight_end(mine);
    *out = d;
    return rc;
}

int dashboard_get(Db *db, const Actor *actor, int64_t project_id, const char *today,
                  json_t **out, Errs *errs)
{
    *out = NULL;
    char day[11];
    if (today)
        snprintf(day, sizeof day, "%s", today);
    else
        date_today(day);
    pthread_mutex_lock(&dash_lock);
    clock_gettime(CLOCK_MONOTONIC, &dash_last_viewed);
    pthread_mutex_unlock(&dash_lock);
    json_t *d = NULL;
    int rc = dashboard_data(db, project_id, day, &d, errs);
    if (rc != INSATS_OK)
        return rc;
    dashboard_for_actor(d, actor);
    /* A trainer's upcoming sessions are those of their own activities: read for them, not
     * taken out of the project's ten next (which may hold none of theirs). */
    if (actor->role == ROLE_TRAINER)
        rc = list_json(db, Q_UPCOMING_SESSIONS_TRAINER, SESSION_KEYS, project_id, day,
                       actor->user_id > 0 ? actor->user_id : -1, d, "upcoming_sessions", errs);
    if (rc != INSATS_OK) {
        json_decref(d);
        return rc;
    }
    *out = d;
    return INSATS_OK;
}

int dashboard_warm(Db *db, int64_t project_id, Errs *errs)
{
    char day[11];
    date_today(day);
    json_t *d = NULL;
    int rc = dashboard_data(db, project_id, day, &d, errs);
    json_decref(d);
    return rc;
}

double dashboard_idle_seconds(void)
{
    pthread_mutex_lock(&dash_lock);
    struct timespec last = dash_last_viewed;
    pthread_mutex_unlock(&dash_lock);
    if (last.tv_sec == 0 && last.tv_nsec == 0)
        return -1;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9;
}
