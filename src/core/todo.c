/* todo.c — what waits for one user (see todo.h): the table of sources and the sources of the
 * proposals and the sessions. */
#include "todo.h"
#include "i18n.h"
#include "db.h"
#include "stmt.h"
#include "util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void todo_item_add(json_t *items, const char *kind, const char *title, const char *detail,
                   const char *ref_kind, const char *ref, const char *date, const char *today)
{
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kind));
    json_object_set_new(o, "title", json_string(title ? title : ""));
    json_object_set_new(o, "detail", detail ? json_string(detail) : json_null());
    json_object_set_new(o, "ref_kind", json_string(ref_kind));
    json_object_set_new(o, "ref", json_string(ref ? ref : ""));
    json_object_set_new(o, "date", date ? json_string(date) : json_null());
    if (date && date_valid(date) && today && date_valid(today))
        json_object_set_new(o, "days", json_integer(date_to_days(today) - date_to_days(date)));
    else
        json_object_set_new(o, "days", json_null());
    json_array_append_new(items, o);
}

int todo_rows(Db *db, const char *sql, const char *kind, const char *ref_kind,
                     int64_t project_id, const char *today, size_t limit, int64_t org,
                     const char *login, int64_t user, json_t *items, int64_t *total, Errs *errs)
{
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, (int64_t)limit);
    stmt_bind_int(st, 4, org);
    if (login)
        stmt_bind_text(st, 5, login);
    else
        stmt_bind_int(st, 5, user);
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        todo_item_add(items, kind, stmt_text(st, 0), stmt_text(st, 1), ref_kind,
                      stmt_text(st, 2), stmt_text(st, 3), today);
        *total = stmt_int(st, 4);
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the to-do list");
    stmt_done(st);
    return rc;
}

/* A proposal's items: title, its organisation, its id, the date of its last step. */
#define TODO_PROPOSALS(cond)                                                                   \
    "SELECT pr.title, o.name, pr.code, w.since, count(*) OVER () FROM proposal pr"             \
    " JOIN organisation o ON o.id = pr.organisation_id"                                        \
    " JOIN (SELECT pr2.id AS id, coalesce((SELECT e.event_date FROM proposal_event e"          \
    "        WHERE e.proposal_id = pr2.id ORDER BY e.position DESC LIMIT 1), pr2.submitted)"    \
    "        AS since FROM proposal pr2 WHERE pr2.project_id = ?1) w ON w.id = pr.id"          \
    " WHERE pr.project_id = ?1 AND " cond " AND ?2 IS NOT NULL"                                \
    " ORDER BY w.since, pr.code LIMIT ?3"

static const char Q_FORWARD[] = TODO_PROPOSALS("pr.status = 'submitted' AND pr.organisation_id = ?4 AND ?5 IS NOT NULL");
static const char Q_DECIDE[] = TODO_PROPOSALS("pr.status = 'forwarded' AND ?4 = 0 AND ?5 IS NOT NULL");
static const char Q_DEFERRED[] = TODO_PROPOSALS("pr.status = 'deferred' AND ?4 = 0 AND ?5 IS NOT NULL");
static const char Q_RETURNED[] = TODO_PROPOSALS("pr.status = 'returned' AND ?4 = 0 AND pr.submitted_by = ?5");

static int todo_forward(Db *db, const Actor *a, int64_t project_id, const char *today,
                        json_t *items, size_t limit, int64_t *total, Errs *errs)
{
    if (a->role != ROLE_COORDINATOR || a->organisation_id <= 0)
        return INSATS_OK;
    return todo_rows(db, Q_FORWARD, "proposal_forward", "proposal", project_id, today, limit,
                     a->organisation_id, "", 0, items, total, errs);
}

static int todo_decide(Db *db, const Actor *a, int64_t project_id, const char *today,
                       json_t *items, size_t limit, int64_t *total, Errs *errs)
{
    if (a->role != ROLE_MANAGER)
        return INSATS_OK;
    return todo_rows(db, Q_DECIDE, "proposal_decide", "proposal", project_id, today, limit, 0,
                     "", 0, items, total, errs);
}

static int todo_deferred(Db *db, const Actor *a, int64_t project_id, const char *today,
                         json_t *items, size_t limit, int64_t *total, Errs *errs)
{
    if (a->role != ROLE_MANAGER)
        return INSATS_OK;
    return todo_rows(db, Q_DEFERRED, "proposal_deferred", "proposal", project_id, today, limit,
                     0, "", 0, items, total, errs);
}

static int todo_returned(Db *db, const Actor *a, int64_t project_id, const char *today,
                         json_t *items, size_t limit, int64_t *total, Errs *errs)
{
    if (a->user_id <= 0)
        return INSATS_OK;
    return todo_rows(db, Q_RETURNED, "proposal_returned", "proposal", project_id, today, limit,
                     0, a->login, 0, items, total, errs);
}

/* A session's items: the activity's title, the session's date and code, ACTIVITY:SESSION. */
#define TODO_SESSIONS(scope, unmarked)                                                         \
    "SELECT a.title, s.code, a.code || ':' || s.code, s.session_date, count(*) OVER ()"        \
    " FROM session s JOIN activity a ON a.id = s.activity_id"                                  \
    " WHERE a.project_id = ?1 AND a.status <> 'cancelled' AND s.session_date <= ?2"            \
    " AND " scope " AND NOT EXISTS (SELECT 1 FROM attendance t " unmarked ")"                  \
    " ORDER BY s.session_date, a.code, s.code LIMIT ?3"

static const char Q_SESSIONS_TRAINER[] = TODO_SESSIONS(
    "?4 = 0 AND a.id IN (SELECT activity_id FROM activity_trainer WHERE user_id = ?5)",
    "WHERE t.session_id = s.id");
static const char Q_SESSIONS_COORDINATOR[] = TODO_SESSIONS(
    "?5 IS NOT NULL AND a.id IN (SELECT activity_id FROM activity_organisation"
    " WHERE organisation_id = ?4)",
    "JOIN person p ON p.id = t.person_id WHERE t.session_id = s.id AND p.organisation_id = ?4");

static int todo_attendance(Db *db, const Actor *a, int64_t project_id, const char *today,
                           json_t *items, size_t limit, int64_t *total, Errs *errs)
{
    if (a->role == ROLE_TRAINER && a->user_id > 0)
        return todo_rows(db, Q_SESSIONS_TRAINER, "session_attendance", "session", project_id,
                         today, limit, 0, NULL, a->user_id, items, total, errs);
    if (a->role == ROLE_COORDINATOR && a->organisation_id > 0)
        return todo_rows(db, Q_SESSIONS_COORDINATOR, "session_attendance", "session",
                         project_id, today, limit, a->organisation_id, "", 0, items, total,
                         errs);
    return INSATS_OK;
}

/* The one table of sources, in the order of the page. */
static const TodoKind SOURCES[] = {
    {"proposal_forward", N_("Utbildningsförslag att vidarebefordra"), todo_forward},
    {"proposal_decide", N_("Utbildningsförslag att besluta om"), todo_decide},
    {"proposal_deferred", N_("Uppskjutna utbildningsförslag att pröva igen"), todo_deferred},
    {"proposal_returned", N_("Dina förslag som skickats tillbaka"), todo_returned},
    {"session_attendance", N_("Tillfällen utan registrerad närvaro"), todo_attendance},
    {"survey_closing", N_("Enkäter som stänger inom en vecka"), survey_remind_todo},
    {"action_due", N_("Åtgärder att göra"), meeting_todo_actions},
};

const TodoKind *todo_kinds(size_t *n)
{
    *n = sizeof SOURCES / sizeof *SOURCES;
    return SOURCES;
}

int todo_list(Db *db, const Actor *actor, int64_t project_id, const char *today, size_t limit,
              json_t **out, int64_t *total, Errs *errs)
{
    *out = json_array();
    if (total)
        *total = 0;
    if (!actor)
        return INSATS_OK;
    char day[11];
    if (!today) {
        date_today(day);
        today = day;
    }
    bool own = db_read_begin(db);
    int rc = INSATS_OK;
    for (size_t i = 0; i < sizeof SOURCES / sizeof *SOURCES && rc == INSATS_OK; i++) {
        int64_t n = 0;
        rc = SOURCES[i].source(db, actor, project_id, today, *out, limit, &n, errs);
        if (total)
            *total += n;
    }
    db_read_end(db, own);
    return rc;
}

/* The navigation asks for the count on every page: it is kept per account and day while
 * nothing is committed (db_generation(), which every change to a record moves — an account's
 * role, a trainer's activities and a proposal's step among them). */
enum { TODO_SLOTS = 64 };

typedef struct TodoSlot {
    bool full;
    int64_t project_id, user_id, organisation_id;
    Role role;
    char login[64];
    char today[11];
    uint64_t generation, used;
    int64_t count;
} TodoSlot;

static pthread_mutex_t todo_lock = PTHREAD_MUTEX_INITIALIZER;
static TodoSlot todo_slots[TODO_SLOTS];
static uint64_t todo_clock;

static bool todo_slot_is(const TodoSlot *s, const Actor *a, int64_t project_id,
                         const char *today)
{
    return s->full && s->project_id == project_id && s->user_id == a->user_id &&
           s->organisation_id == a->organisation_id && s->role == a->role &&
           strcmp(s->login, a->login) == 0 && strcmp(s->today, today) == 0;
}

int todo_count(Db *db, const Actor *actor, int64_t project_id, int64_t *count, Errs *errs)
{
    *count = 0;
    if (!actor)
        return INSATS_OK;
    char today[11];
    date_today(today);
    /* 0: nothing may be kept (inside a transaction) */
    uint64_t gen = db_generation(db);
    bool hit = false;
    pthread_mutex_lock(&todo_lock);
    for (size_t i = 0; gen && i < TODO_SLOTS && !hit; i++)
        if (todo_slot_is(&todo_slots[i], actor, project_id, today) &&
            todo_slots[i].generation == gen) {
            todo_slots[i].used = ++todo_clock;
            *count = todo_slots[i].count;
            hit = true;
        }
    pthread_mutex_unlock(&todo_lock);
    if (hit)
        return INSATS_OK;
    json_t *items = NULL;
    int rc = todo_list(db, actor, project_id, today, 1, &items, count, errs);
    json_decref(items);
    if (rc != INSATS_OK || !gen)
        return rc;
    pthread_mutex_lock(&todo_lock);
    TodoSlot *slot = &todo_slots[0];
    for (size_t i = 0; i < TODO_SLOTS; i++) {
        if (todo_slot_is(&todo_slots[i], actor, project_id, today)) {
            slot = &todo_slots[i];
            break;
        }
        if (!todo_slots[i].full || todo_slots[i].used < slot->used)
            slot = &todo_slots[i];
    }
    /* an answer computed under an older generation does not replace a newer one */
    if (!(todo_slot_is(slot, actor, project_id, today) &&
          db_generation_newer(slot->generation, gen))) {
        *slot = (TodoSlot){.full = true, .project_id = project_id, .user_id = actor->user_id,
                           .organisation_id = actor->organisation_id, .role = actor->role,
                           .generation = gen, .used = ++todo_clock, .count = *count};
        snprintf(slot->login, sizeof slot->login, "%s", actor->login);
        snprintf(slot->today, sizeof slot->today, "%s", today);
    }
    pthread_mutex_unlock(&todo_lock);
    return INSATS_OK;
}
