/* trace.c — the records behind each figure of a report (trace.h). A path is parsed into a
 * TraceSpec (which records, which filters, how they make the figure); one query per kind of
 * record lists them, each built from the fragments of figures_sql.h that figures.c aggregates,
 * so a figure and its list cannot disagree.
 *
 * Parameters of every query: ?1 project, ?2 first day ("" for "accumulated"), ?3 last day,
 * then the filters of that query (NULL: no filter), by element id (the bundle's string id);
 * the sessions' queries say too whether the session's activity is assigned to the trainer
 * ?11 (scope_sql.h). */
#include "db.h"
#include "browse.h"
#include "stmt.h"
#include "figures.h"
#include "figures_sql.h"
#include "scope_sql.h"
#include "trace.h"
#include "i18n.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -- people: present at a counting session, with the session; grouped per person by the
 * order. ?4 organisation, ?5/?6 the stored genders, ?7 intervention, ?8 activity, ?9 month
 * (YYYY-MM). */
static const char Q_TRACE_PEOPLE[] =
    "SELECT p.code, p.name, o.code, o.id, a.code, s.code, s.session_date, s.hours_c"
    FIGSQL_COUNTING_FROM " CROSS JOIN attendance t"
    " JOIN person p ON p.id = t.person_id JOIN organisation o ON o.id = p.organisation_id"
    " WHERE" FIGSQL_COUNTING_WHERE " AND" FIGSQL_PRESENT " AND" FIGSQL_SESSION_IN_RANGE
    " AND p.project_id = ?1"
    " AND (?4 IS NULL OR o.code = ?4) AND (?5 IS NULL OR p.gender IN (?5, ?6))"
    " AND (?7 IS NULL OR i.code = ?7) AND (?8 IS NULL OR a.code = ?8)"
    " AND (?9 IS NULL OR substr(s.session_date, 1, 7) = ?9)"
    " ORDER BY p.name, p.code, s.session_date, a.code, s.code";

/* -- participant hours: per counting session, its hours and the present participants. */
static const char Q_TRACE_HOURS[] =
    "SELECT a.code, a.title, s.code, s.session_date, s.hours_c, count(*), "
    SCOPE_SQL_TRAINER_ACTIVITY("a.id")
    FIGSQL_COUNTING_FROM " CROSS JOIN attendance t JOIN person p ON p.id = t.person_id"
    " WHERE" FIGSQL_COUNTING_WHERE " AND" FIGSQL_PRESENT " AND" FIGSQL_SESSION_IN_RANGE
    " AND p.project_id = ?1"
    " GROUP BY s.id ORDER BY s.session_date, a.code, s.code";

/* -- the value of participant hours: per organisation, its participants' hours and its
 * hourly cost. */
static const char Q_TRACE_VALUE[] =
    "SELECT o.code, o.name, sum(s.hours_c), o.hourly_cost_ore"
    FIGSQL_COUNTING_FROM " CROSS JOIN attendance t"
    " JOIN person p ON p.id = t.person_id JOIN organisation o ON o.id = p.organisation_id"
    " WHERE" FIGSQL_COUNTING_WHERE " AND" FIGSQL_PRESENT " AND" FIGSQL_SESSION_IN_RANGE
    " AND p.project_id = ?1"
    " GROUP BY o.id ORDER BY o.code";

/* -- intervention hours: the sessions of its non-cancelled activities up to ?3. ?4 the
 * intervention. */
static const char Q_TRACE_IV_HOURS[] =
    "SELECT a.code, a.title, s.code, s.session_date, s.hours_c, "
    SCOPE_SQL_TRAINER_ACTIVITY("a.id")
    " FROM activity a JOIN intervention i ON i.id = a.intervention_id"
    " JOIN session s ON s.activity_id = a.id"
    " WHERE" FIGSQL_HELD_WHERE " AND i.code = ?4 AND i.project_id = ?1"
    " ORDER BY s.session_date, a.code, s.code";

/* -- activity hours: its sessions in the range; none for a cancelled activity, whose hours the
 * report gives as 0. ?4 the activity. */
static const char Q_TRACE_ACT_HOURS[] =
    "SELECT a.code, a.title, s.code, s.session_date, s.hours_c, "
    SCOPE_SQL_TRAINER_ACTIVITY("a.id")
    " FROM session s JOIN activity a ON a.id = s.activity_id"
    " WHERE" FIGSQL_ACTIVITY_SESSION_WHERE " AND a.code = ?4 AND a.status <> 'cancelled'"
    " ORDER BY s.session_date, s.code";

/* -- certificates issued in the range (?2 "" for every one up to ?3), with their holder.
 * ?4 the holder's organisation. Sorted per holder when ?5 is 1, else by date. */
static const char Q_TRACE_CERTS[] =
    "SELECT c.code, c.title, p.code, p.name, o.code, o.id, c.issued"
    " FROM certificate c JOIN person p ON p.id = c.person_id"
    " JOIN organisation o ON o.id = p.organisation_id"
    " WHERE" FIGSQL_CERT_WHERE " AND" FIGSQL_CERT_IN_RANGE " AND (?4 IS NULL OR o.code = ?4)"
    " ORDER BY CASE WHEN ?5 = 1 THEN p.name END, CASE WHEN ?5 = 1 THEN p.code END,"
    " c.issued, c.code";

/* -- members of group ?4 whose membership covers ?3, per person. ?5 their organisation. */
static const char Q_TRACE_MEMBERS[] =
    "SELECT p.code, p.name, o.code, o.id, m.from_date, m.to_date"
    " FROM grp g JOIN membership m ON m.group_id = g.id JOIN person p ON p.id = m.person_id"
    " JOIN organisation o ON o.id = p.organisation_id"
    " WHERE g.project_id = ?1 AND g.code = ?4 AND" FIGSQL_MEMBER_COVERS
    " AND (?5 IS NULL OR o.code = ?5)"
    " ORDER BY p.name, p.code, m.from_date";

/* -- meetings held in the range. */
static const char Q_TRACE_MEETINGS[] =
    "SELECT m.code, m.title, g.code, m.meeting_date FROM meeting m"
    " LEFT JOIN grp g ON g.id = m.group_id"
    " WHERE" FIGSQL_MEETING_WHERE " AND m.status = 'held' ORDER BY m.meeting_date, m.code";

/* -- the lines of the budget version in force; ?4 the category. */
static const char Q_TRACE_LINES[] =
    "SELECT v.code, c.code, c.name, l.year, l.amount_ore"
    " FROM budget_category c JOIN budget_line l ON l.category_id = c.id"
    " JOIN budget_version v ON v.id = l.version_id"
    " WHERE c.project_id = ?1 AND l.version_id = " FIGSQL_VERSION_IN_FORCE
    " AND (?4 IS NULL OR c.code = ?4) ORDER BY c.position, c.code, l.year";

/* -- cost entries in the range; ?4 the category. */
static const char Q_TRACE_COSTS[] =
    "SELECT e.code, e.text, c.code, e.cost_date, e.amount_ore, e.voucher"
    " FROM cost_entry e JOIN budget_category c ON c.id = e.category_id"
    " WHERE" FIGSQL_COST_WHERE " AND" FIGSQL_COST_IN_RANGE " AND (?4 IS NULL OR c.code = ?4)"
    " ORDER BY e.cost_date, e.code";

/* -- a manual goal's measurements up to ?3; ?4 the goal. */
static const char Q_TRACE_GOAL_VALUES[] =
    "SELECT g.code, v.measured_on, v.value_c, v.source FROM goal g"
    " JOIN goal_value v ON v.goal_id = g.id"
    " WHERE g.project_id = ?1 AND g.code = ?4 AND" FIGSQL_GOAL_VALUE_WHERE
    " ORDER BY v.measured_on";

static const char Q_TRACE_GOAL[] =
    "SELECT g.measure_kind, o.code, g.m_gender, i.code, gr.code FROM goal g"
    " LEFT JOIN organisation o ON o.id = g.m_organisation_id"
    " LEFT JOIN intervention i ON i.id = g.m_intervention_id"
    " LEFT JOIN grp gr ON gr.id = g.m_group_id"
    " WHERE g.project_id = ?1 AND g.code = ?2";

static const char Q_TRACE_PROJECT[] = "SELECT start_date, end_date FROM project WHERE id = ?1";

/* The element ids a path may name, by the array they index. */
static const struct {
    const char *array, *sql;
} ELEMENT_SQL[] = {
    {"by_organisation", "SELECT 1 FROM organisation WHERE project_id = ?1 AND code = ?2"},
    {"interventions", "SELECT 1 FROM intervention WHERE project_id = ?1 AND code = ?2"},
    {"activities", "SELECT 1 FROM activity WHERE project_id = ?1 AND code = ?2"},
    {"groups", "SELECT 1 FROM grp WHERE project_id = ?1 AND code = ?2"},
    {"by_category", "SELECT 1 FROM budget_category WHERE project_id = ?1 AND code = ?2"},
};

/* ------------------------------------------------------------------------ paths */

enum { MAX_SEGS = 6 };

/* A path split into its segments: field[k], and key[k] when the field was followed by
 * "[key]" (else NULL). Strings point into buf. */
typedef struct Path {
    char buf[256];
    const char *field[MAX_SEGS], *key[MAX_SEGS];
    int n;
} Path;

static bool path_parse(const char *s, Path *p)
{
    memset(p, 0, sizeof *p);
    if (!s || strlen(s) >= sizeof p->buf || !*s)
        return false;
    strcpy(p->buf, s);
    char *c = p->buf;
    while (*c) {
        if (p->n == MAX_SEGS)
            return false;
        p->field[p->n] = c;
        c += strcspn(c, ".[");
        if (c == p->field[p->n])
            return false;
        if (*c == '[') {
            *c++ = '\0';
            p->key[p->n] = c;
            c = strchr(c, ']');
            if (!c || c == p->key[p->n])
                return false;
            *c++ = '\0';
        }
        p->n++;
        if (*c == '.') {
            *c++ = '\0';
            if (!*c)
                return false;
        } else if (*c) {
            return false;
        }
    }
    return true;
}

/* Whether segment k is `field` (with a key when keyed). */
static bool seg(const Path *p, int k, const char *field, bool keyed)
{
    return k < p->n && strcmp(p->field[k], field) == 0 && (p->key[k] != NULL) == keyed;
}

static bool seg_one_of(const Path *p, int k, const char *const *fields)
{
    for (size_t i = 0; fields[i]; i++)
        if (seg(p, k, fields[i], false))
            return true;
    return false;
}

static const char *const SPLITS[] = {"total", "women", "men", "other", NULL};
static const char *const SPANS[] = {"period", "accumulated", NULL};
static const char *const BUDGET_KINDS[] = {"planned", "actual", NULL};

typedef enum What {
    W_PEOPLE, W_HOURS, W_VALUE, W_IV_HOURS, W_ACT_HOURS, W_CERTS, W_CERT_PEOPLE, W_MEMBERS,
    W_MEETINGS, W_PLANNED, W_COSTS, W_GOAL_VALUES, W_GOAL,
} What;

/* What a path asks for. */
typedef struct TraceSpec {
    What what;
    bool in_range;                 /* restricted to the range, else everything up to its end */
    const char *org, *iv, *act, *month, *group, *category, *goal;
    const char *gender1, *gender2; /* stored genders counted (NULL: all) */
    bool by_org_goal;              /* goals[g].by_organisation[o].achieved */
} TraceSpec;

/* The stored genders behind a split key of {total, women, men, other}. */
static void split_genders(const char *split, TraceSpec *sp)
{
    if (strcmp(split, "women") == 0)
        sp->gender1 = "female";
    else if (strcmp(split, "men") == 0)
        sp->gender1 = "male";
    else if (strcmp(split, "other") == 0) {
        sp->gender1 = "other";
        sp->gender2 = "unknown";
    }
}

/* Parses the path into spec; false when it names no traceable figure. The goal's own measure
 * is looked up later (W_GOAL). */
static bool spec_of(const Path *p, TraceSpec *sp)
{
    memset(sp, 0, sizeof *sp);
    if (seg(p, 0, "participants", false)) {
        sp->what = W_PEOPLE;
        int k = 1;
        if (seg(p, 1, "by_organisation", true)) {
            sp->org = p->key[1];
            k = 2;
        } else if (seg(p, 1, "by_month", true)) {
            if (p->n != 3 || !seg_one_of(p, 2, SPLITS) || strlen(p->key[1]) != 7)
                return false;
            sp->month = p->key[1];
            sp->in_range = true;
            split_genders(p->field[2], sp);
            return true;
        }
        if (p->n != k + 2 || !seg_one_of(p, k, SPANS) || !seg_one_of(p, k + 1, SPLITS))
            return false;
        sp->in_range = strcmp(p->field[k], "period") == 0;
        split_genders(p->field[k + 1], sp);
        return true;
    }
    if (seg(p, 0, "participant_hours", false) && p->n == 2) {
        static const char *const H[] = {"period", "accumulated", "value_period",
                                        "value_accumulated", NULL};
        if (!seg_one_of(p, 1, H))
            return false;
        sp->what = strncmp(p->field[1], "value_", 6) == 0 ? W_VALUE : W_HOURS;
        sp->in_range = strstr(p->field[1], "period") != NULL;
        return true;
    }
    if ((seg(p, 0, "interventions", true) || seg(p, 0, "activities", true)) && p->n == 2) {
        bool iv = p->field[0][0] == 'i';
        if (seg(p, 1, "hours", false)) {
            sp->what = iv ? W_IV_HOURS : W_ACT_HOURS;
        } else if (seg(p, 1, "participants", false)) {
            sp->what = W_PEOPLE;
        } else {
            return false;
        }
        /* an intervention's participants are accumulated; an activity's are of the range */
        sp->in_range = !iv;
        if (iv)
            sp->iv = p->key[0];
        else
            sp->act = p->key[0];
        return true;
    }
    if (seg(p, 0, "certificates", false)) {
        int k = 1;
        if (seg(p, 1, "by_organisation", true)) {
            sp->org = p->key[1];
            k = 2;
        }
        static const char *const C[] = {"count", "people", NULL};
        if (p->n != k + 1 || !seg_one_of(p, k, C))
            return false;
        sp->what = strcmp(p->field[k], "count") == 0 ? W_CERTS : W_CERT_PEOPLE;
        sp->in_range = true;
        return true;
    }
    if (seg(p, 0, "goals", true)) {
        sp->what = W_GOAL;
        sp->goal = p->key[0];
        if (p->n == 2 && seg(p, 1, "achieved", false))
            return true;
        if (p->n == 3 && seg(p, 1, "by_organisation", true) && seg(p, 2, "achieved", false)) {
            sp->org = p->key[1];
            sp->by_org_goal = true;
            return true;
        }
        return false;
    }
    if (seg(p, 0, "groups", true) && p->n == 2 && seg(p, 1, "members", false)) {
        sp->what = W_MEMBERS;
        sp->group = p->key[0];
        return true;
    }
    if (seg(p, 0, "meetings_held", false) && p->n == 1) {
        sp->what = W_MEETINGS;
        sp->in_range = true;
        return true;
    }
    if (seg(p, 0, "budget", false)) {
        int k = 1;
        if (seg(p, 1, "by_category", true)) {
            sp->category = p->key[1];
            k = 2;
        }
        if (p->n != k + 2 || !seg_one_of(p, k, SPANS) || !seg_one_of(p, k + 1, BUDGET_KINDS))
            return false;
        sp->what = strcmp(p->field[k + 1], "planned") == 0 ? W_PLANNED : W_COSTS;
        sp->in_range = strcmp(p->field[k], "period") == 0;
        return true;
    }
    return false;
}

/* Whether the records of a spec name people. A goal's are unless it is a manual one, which
 * trace_allowed cannot know from the path alone: it counts as personal there. */
static bool spec_personal(const TraceSpec *sp)
{
    switch (sp->what) {
    case W_PEOPLE: case W_CERTS: case W_CERT_PEOPLE: case W_MEMBERS: case W_GOAL:
        return true;
    default:
        return false;
    }
}

bool trace_path_known(const char *path)
{
    Path p;
    TraceSpec sp;
    return path_parse(path, &p) && spec_of(&p, &sp);
}

bool trace_allowed(const Actor *actor, const char *path)
{
    Path p;
    TraceSpec sp;
    if (!actor || !actor_sees_names(actor) || !path_parse(path, &p) || !spec_of(&p, &sp))
        return false;
    /* Budget lines and cost entries are read by the budget's readers only (browse.h). */
    if ((sp.what == W_PLANNED || sp.what == W_COSTS) &&
        !(BROWSE_READ_BUDGET & ROLE_BIT(actor->role)))
        return false;
    if (actor->role == ROLE_ECONOMIST || actor->role == ROLE_TRAINER)
        return !spec_personal(&sp);
    return true;
}

/* ------------------------------------------------------------------------ listing */

typedef struct Lister {
    Db *db;
    const Actor *actor;
    int64_t pid;
    const char *from, *to;        /* ?2 is from, or "" when the spec is not in_range */
    TraceRowFn fn;
    void *ctx;
    TraceInfo *info;
    bool stopped;
    bool hide_sub;                /* the current top row was hidden: so are its details */
} Lister;

/* Binds ?1–?3. */
static void bind_base(Lister *l, Stmt *st, bool in_range)
{
    stmt_bind_int(st, 1, l->pid);
    stmt_bind_text(st, 2, in_range ? l->from : "");
    stmt_bind_text(st, 3, l->to);
}

/* Whether a row naming a person of organisation person_org is outside the actor's scope (a
 * coordinator's own organisation). */
static bool org_outside(const Lister *l, int64_t person_org)
{
    return person_org > 0 && actor_scope(l->actor) == ACTOR_SCOPE_ORG &&
           person_org != l->actor->organisation_id;
}

/* Hands a row to the callback, or counts it as hidden when it is outside the actor's scope
 * (a person of another organisation than a coordinator's own, a session of an activity not
 * assigned to a trainer): the figure counts it all the same. */
static void emit(Lister *l, TraceRow *row, bool outside)
{
    if (l->stopped)
        return;
    if (row->sub) {
        if (!l->hide_sub && l->fn && l->fn(l->ctx, row) != 0)
            l->stopped = true;
        return;
    }
    if (outside) {
        l->hide_sub = true;
        l->info->hidden++;
        return;
    }
    l->hide_sub = false;
    l->info->rows++;
    l->info->sum += row->value;
    if (l->fn && l->fn(l->ctx, row) != 0)
        l->stopped = true;
}

static int step_end(Lister *l, Stmt *st, StmtResult step, Errs *errs)
{
    int rc = step == STMT_DONE || (step == STMT_ROW && l->stopped)
                 ? INSATS_OK
                 : stmt_fail(st, errs, "cannot read the records behind the figure");
    stmt_done(st);
    return rc;
}

/* People, each followed by the sessions they attended (sub rows). */
static int list_people(Lister *l, const TraceSpec *sp, const char *gender_exact, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_PEOPLE);
    bind_base(l, st, sp->in_range);
    stmt_bind_text(st, 4, sp->org);
    stmt_bind_text(st, 5, gender_exact ? gender_exact : sp->gender1);
    stmt_bind_text(st, 6, gender_exact ? NULL : sp->gender2);
    stmt_bind_text(st, 7, sp->iv);
    stmt_bind_text(st, 8, sp->act);
    stmt_bind_text(st, 9, sp->month);
    char *last = NULL;
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        const char *code = stmt_text(st, 0);
        if (!last || strcmp(last, code) != 0) {
            free(last);
            last = xstrdup(code);
            TraceRow r = {.kind = TRACE_PERSON, .code = code, .name = stmt_text(st, 1),
                          .organisation = stmt_text(st, 2), .value = 1};
            emit(l, &r, org_outside(l, stmt_int(st, 3)));
        }
        TraceRow s = {.kind = TRACE_SESSION, .sub = true, .code = stmt_text(st, 5),
                      .parent = stmt_text(st, 4), .date = stmt_text(st, 6),
                      .amount = stmt_int(st, 7)};
        emit(l, &s, false);
    }
    free(last);
    return step_end(l, st, step, errs);
}

/* Sessions with their hours (activity or intervention hours), or with hours × present
 * participants (participant hours). */
static int list_sessions(Lister *l, const TraceSpec *sp, Errs *errs)
{
    const char *sql = sp->what == W_HOURS      ? Q_TRACE_HOURS
                      : sp->what == W_IV_HOURS ? Q_TRACE_IV_HOURS
                                               : Q_TRACE_ACT_HOURS;
    Stmt *st = stmt_cached(l->db, sql);
    /* an activity's hours are of the range, an intervention's up to its end */
    bind_base(l, st, sp->what == W_IV_HOURS ? false : sp->what == W_HOURS ? sp->in_range : true);
    if (sp->what != W_HOURS)
        stmt_bind_text(st, 4, sp->what == W_IV_HOURS ? sp->iv : sp->act);
    stmt_bind_int(st, 11, l->actor->user_id);
    bool trainer = actor_scope(l->actor) == ACTOR_SCOPE_TRAINER;
    int assigned = sp->what == W_HOURS ? 6 : 5;   /* the column of the trainer's scope */
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        int64_t hours = stmt_int(st, 4);
        int64_t present = sp->what == W_HOURS ? stmt_int(st, 5) : 1;
        char note[64];
        snprintf(note, sizeof note, "%lld", (long long)present);
        TraceRow r = {.kind = TRACE_SESSION, .code = stmt_text(st, 2),
                      .parent = stmt_text(st, 0), .name = stmt_text(st, 1),
                      .date = stmt_text(st, 3), .note = sp->what == W_HOURS ? note : NULL,
                      .value = hours * present, .amount = hours};
        emit(l, &r, trainer && !stmt_int(st, assigned));
    }
    return step_end(l, st, step, errs);
}

/* Organisations with their participants' hours and hourly cost. */
static int list_value(Lister *l, const TraceSpec *sp, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_VALUE);
    bind_base(l, st, sp->in_range);
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        int64_t hours = stmt_int(st, 2);
        bool costed = !stmt_is_null(st, 3);
        int64_t cost = costed ? stmt_int(st, 3) : 0;
        char note[64];
        if (costed)
            snprintf(note, sizeof note, "%lld", (long long)cost);
        TraceRow r = {.kind = TRACE_ORGANISATION, .code = stmt_text(st, 0),
                      .name = stmt_text(st, 1), .organisation = stmt_text(st, 0),
                      .note = costed ? note : NULL, .value = cost > 0 ? hours * cost : 0,
                      .amount = hours};
        emit(l, &r, false);
    }
    return step_end(l, st, step, errs);
}

/* Certificates (each a row), or their holders (each a row, the certificates as sub rows). */
static int list_certs(Lister *l, const TraceSpec *sp, bool in_range, bool per_person, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_CERTS);
    bind_base(l, st, in_range);
    stmt_bind_text(st, 4, sp->org);
    stmt_bind_int(st, 5, per_person ? 1 : 0);
    char *last = NULL;
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        const char *holder = stmt_text(st, 2);
        int64_t org = stmt_int(st, 5);
        if (per_person && (!last || strcmp(last, holder) != 0)) {
            free(last);
            last = xstrdup(holder);
            TraceRow r = {.kind = TRACE_PERSON, .code = holder, .name = stmt_text(st, 3),
                          .organisation = stmt_text(st, 4), .value = 1};
            emit(l, &r, org_outside(l, org));
        }
        TraceRow c = {.kind = TRACE_CERTIFICATE, .sub = per_person, .code = stmt_text(st, 0),
                      .parent = holder, .name = stmt_text(st, 1),
                      .organisation = stmt_text(st, 4), .date = stmt_text(st, 6),
                      .note = stmt_text(st, 3), .value = 1};
        emit(l, &c, !per_person && org_outside(l, org));
    }
    free(last);
    return step_end(l, st, step, errs);
}

/* The distinct members of a group on the last day, each membership as a sub row. */
static int list_members(Lister *l, const char *group, const char *org, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_MEMBERS);
    bind_base(l, st, false);
    stmt_bind_text(st, 4, group);
    stmt_bind_text(st, 5, org);
    char *last = NULL;
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        const char *code = stmt_text(st, 0);
        const char *f = stmt_text(st, 4), *t = stmt_text(st, 5);
        char *note = xasprintf("%s – %s", f ? f : "", t ? t : "");
        TraceRow r = {.kind = TRACE_PERSON, .code = code, .parent = group,
                      .name = stmt_text(st, 1), .organisation = stmt_text(st, 2),
                      .note = note, .value = 1};
        if (!last || strcmp(last, code) != 0) {
            free(last);
            last = xstrdup(code);
            emit(l, &r, org_outside(l, stmt_int(st, 3)));
        } else {
            r.sub = true;
            r.value = 0;
            emit(l, &r, false);
        }
        free(note);
    }
    free(last);
    return step_end(l, st, step, errs);
}

static int list_meetings(Lister *l, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_MEETINGS);
    bind_base(l, st, true);
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        TraceRow r = {.kind = TRACE_MEETING, .code = stmt_text(st, 0),
                      .name = stmt_text(st, 1), .parent = stmt_text(st, 2),
                      .date = stmt_text(st, 3), .value = 1};
        emit(l, &r, false);
    }
    return step_end(l, st, step, errs);
}

/* The budget lines of the version in force with the part of each that falls in the range
 * (figures_line_upto(), the rule the figure uses); a line with no part in it is left out. */
static int list_lines(Lister *l, const TraceSpec *sp, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_PROJECT);
    stmt_bind_int(st, 1, l->pid);
    char start[11] = "", end[11] = "";
    StmtResult step = stmt_step(st);
    if (step == STMT_ROW) {
        snprintf(start, sizeof start, "%s", stmt_text(st, 0));
        snprintf(end, sizeof end, "%s", stmt_text(st, 1));
    }
    stmt_done(st);
    if (step != STMT_ROW)
        return db_fail(l->db, errs, "cannot read the project");
    int64_t to_day = date_to_days(l->to), from_prev = date_to_days(l->from) - 1;
    st = stmt_cached(l->db, Q_TRACE_LINES);
    bind_base(l, st, sp->in_range);
    stmt_bind_text(st, 4, sp->category);
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        int year = (int)stmt_int(st, 3);
        int64_t amount = stmt_int(st, 4);
        int64_t part = figures_line_upto(start, end, year, amount, to_day);
        if (sp->in_range)
            part -= figures_line_upto(start, end, year, amount, from_prev);
        if (part == 0)
            continue;
        char y[8], note[96];
        snprintf(y, sizeof y, "%d", year);
        snprintf(note, sizeof note, _("%lld av %lld öre"), (long long)part, (long long)amount);
        TraceRow r = {.kind = TRACE_BUDGET_LINE, .code = stmt_text(st, 1),
                      .parent = stmt_text(st, 0), .name = stmt_text(st, 2), .date = y,
                      .note = note, .value = part, .amount = amount};
        emit(l, &r, false);
    }
    return step_end(l, st, step, errs);
}

static int list_costs(Lister *l, const TraceSpec *sp, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_COSTS);
    bind_base(l, st, sp->in_range);
    stmt_bind_text(st, 4, sp->category);
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        TraceRow r = {.kind = TRACE_COST, .code = stmt_text(st, 0),
                      .name = stmt_text(st, 1), .parent = stmt_text(st, 2),
                      .date = stmt_text(st, 3), .note = stmt_text(st, 5),
                      .value = stmt_int(st, 4)};
        emit(l, &r, false);
    }
    return step_end(l, st, step, errs);
}

static int list_goal_values(Lister *l, const char *goal, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_GOAL_VALUES);
    bind_base(l, st, false);
    stmt_bind_text(st, 4, goal);
    StmtResult step = STMT_DONE;
    while (!l->stopped && (step = stmt_step(st)) == STMT_ROW) {
        TraceRow r = {.kind = TRACE_GOAL_VALUE, .code = stmt_text(st, 1),
                      .parent = stmt_text(st, 0), .date = stmt_text(st, 1),
                      .note = stmt_text(st, 3), .value = stmt_int(st, 2)};
        emit(l, &r, false);
    }
    return step_end(l, st, step, errs);
}

/* The accumulated participants (of one organisation, or all): a share's denominator. */
static int count_participants(Lister *l, const char *org, int64_t *n, Errs *errs)
{
    Lister quiet = *l;
    TraceInfo qi = {0};
    quiet.fn = NULL;
    quiet.info = &qi;
    /* The figure's denominator counts every organisation's participants, whoever asks. */
    Actor all = *l->actor;
    all.role = ROLE_MANAGER;
    quiet.actor = &all;
    TraceSpec sp = {.what = W_PEOPLE, .org = org};
    int rc = list_people(&quiet, &sp, NULL, errs);
    *n = qi.rows;
    return rc;
}

/* A goal's achieved value: what its measure kind counts (docs/report-format.md, `goals[]`). */
static int list_goal(Lister *l, const TraceSpec *sp, Errs *errs)
{
    Stmt *st = stmt_cached(l->db, Q_TRACE_GOAL);
    stmt_bind_int(st, 1, l->pid);
    stmt_bind_text(st, 2, sp->goal);
    StmtResult step = stmt_step(st);
    if (step != STMT_ROW) {
        stmt_done(st);
        if (step != STMT_DONE)
            return db_fail(l->db, errs, "cannot read the goal");
        errs_add(errs, "no goal \"%s\" in this project", sp->goal);
        return INSATS_EINPUT;
    }
    char *kind = xstrdup(stmt_text(st, 0));
    const char *o = stmt_text(st, 1), *g = stmt_text(st, 2), *i = stmt_text(st, 3),
               *gr = stmt_text(st, 4);
    char *org = o ? xstrdup(o) : NULL, *gender = g ? xstrdup(g) : NULL;
    char *iv = i ? xstrdup(i) : NULL, *group = gr ? xstrdup(gr) : NULL;
    stmt_done(st);
    /* a goal's breakdown exists only for a goal not already filtered to one organisation */
    const char *in_org = sp->by_org_goal ? sp->org : org;
    int rc = INSATS_OK;
    if (sp->by_org_goal && (org || strcmp(kind, "manual") == 0)) {
        errs_add(errs, "goal \"%s\" has no figures per organisation", sp->goal);
        rc = INSATS_EINPUT;
    } else if (strcmp(kind, "participants") == 0) {
        TraceSpec ps = {.what = W_PEOPLE, .org = in_org, .iv = iv};
        rc = list_people(l, &ps, gender, errs);
    } else if (strcmp(kind, "certificates") == 0 || strcmp(kind, "certified_people") == 0 ||
               strcmp(kind, "certified_share") == 0) {
        TraceSpec cs = {.what = W_CERTS, .org = in_org};
        bool share = strcmp(kind, "certified_share") == 0;
        if (share) {
            l->info->measure = TRACE_SHARE;
            rc = count_participants(l, in_org, &l->info->denominator, errs);
        }
        if (rc == INSATS_OK)
            rc = list_certs(l, &cs, false, strcmp(kind, "certificates") != 0, errs);
    } else if (strcmp(kind, "group_members") == 0) {
        rc = list_members(l, group, in_org, errs);
    } else if (strcmp(kind, "manual") == 0) {
        l->info->measure = TRACE_LATEST;
        l->info->personal = false;
        rc = list_goal_values(l, sp->goal, errs);
    } else {
        errs_add(errs, "goal \"%s\" is measured by survey responses, which are anonymous: its "
                 "figure has no list of records", sp->goal);
        rc = INSATS_EINPUT;
    }
    free(kind);
    free(org);
    free(gender);
    free(iv);
    free(group);
    return rc;
}

/* INSATS_EINPUT with a message when a key of the path names no element of the project. */
static int check_elements(Db *db, int64_t pid, const Path *p, Errs *errs)
{
    for (int k = 0; k < p->n; k++) {
        if (!p->key[k])
            continue;
        for (size_t e = 0; e < sizeof ELEMENT_SQL / sizeof *ELEMENT_SQL; e++) {
            if (strcmp(ELEMENT_SQL[e].array, p->field[k]) != 0)
                continue;
            Stmt *st = stmt_cached(db, ELEMENT_SQL[e].sql);
            stmt_bind_int(st, 1, pid);
            stmt_bind_text(st, 2, p->key[k]);
            StmtResult step = stmt_step(st);
            stmt_done(st);
            if (step == STMT_DONE) {
                errs_add(errs, "%s: no element \"%s\" in this project", p->field[k], p->key[k]);
                return INSATS_EINPUT;
            }
            if (step != STMT_ROW)
                return db_fail(db, errs, "cannot read the project");
        }
    }
    return INSATS_OK;
}

int trace_list(Db *db, const Actor *actor, int64_t project_id, ReportKind kind,
               const ReportRange *range, const char *path, TraceRowFn fn, void *ctx,
               TraceInfo *info, Errs *errs)
{
    TraceInfo local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    Path p;
    TraceSpec sp;
    if (!path_parse(path, &p) || !spec_of(&p, &sp)) {
        errs_add(errs, "\"%s\" is not a figure of the report that can be traced to its records",
                 path ? path : "");
        return INSATS_EINPUT;
    }
    if (!trace_allowed(actor, path)) {
        errs_add(errs, "the role %s sees this figure but not the records behind it",
                 actor ? actor_role_name(actor->role) : "(none)");
        return INSATS_EINPUT;
    }
    info->personal = spec_personal(&sp);
    info->measure = sp.what == W_HOURS || sp.what == W_IV_HOURS || sp.what == W_ACT_HOURS
                        ? TRACE_SUM_HOURS
                    : sp.what == W_PLANNED || sp.what == W_COSTS ? TRACE_SUM_KRONOR
                    : sp.what == W_VALUE                         ? TRACE_SUM_VALUE
                                                                 : TRACE_COUNT;
    bool began = db_read_begin(db);
    char from[11], to[11];
    int number = 0;
    int rc = report_range_dates(db, project_id, kind, range, from, to, &number, errs);
    if (rc == INSATS_OK)
        rc = check_elements(db, project_id, &p, errs);
    Lister l = {.db = db, .actor = actor, .pid = project_id, .from = from, .to = to, .fn = fn,
                .ctx = ctx, .info = info};
    if (rc == INSATS_OK) {
        switch (sp.what) {
        case W_PEOPLE: rc = list_people(&l, &sp, NULL, errs); break;
        case W_HOURS: case W_IV_HOURS: case W_ACT_HOURS: rc = list_sessions(&l, &sp, errs); break;
        case W_VALUE: rc = list_value(&l, &sp, errs); break;
        case W_CERTS: rc = list_certs(&l, &sp, true, false, errs); break;
        case W_CERT_PEOPLE: rc = list_certs(&l, &sp, true, true, errs); break;
        case W_MEMBERS: rc = list_members(&l, sp.group, NULL, errs); break;
        case W_MEETINGS: rc = list_meetings(&l, errs); break;
        case W_PLANNED: rc = list_lines(&l, &sp, errs); break;
        case W_COSTS: rc = list_costs(&l, &sp, errs); break;
        case W_GOAL_VALUES: rc = list_goal_values(&l, sp.goal, errs); break;
        case W_GOAL: rc = list_goal(&l, &sp, errs); break;
        }
    }
    db_read_end(db, began);
    return rc;
}

const json_t *trace_figure_value(const json_t *report, const char *path)
{
    Path p;
    if (!path_parse(path, &p))
        return NULL;
    static const char *const keys[] = {"id", "organisation", "category", "month", NULL};
    const json_t *at = report;
    for (int k = 0; k < p.n && at; k++) {
        at = json_object_get(at, p.field[k]);
        if (!p.key[k])
            continue;
        const json_t *found = NULL, *el;
        size_t i;
        json_array_foreach(at, i, el)
            for (size_t j = 0; keys[j] && !found; j++) {
                const char *v = json_string_value(json_object_get(el, keys[j]));
                if (v && strcmp(v, p.key[k]) == 0)
                    found = el;
            }
        at = found;
    }
    return at && json_is_number(at) ? at : NULL;
}

/* ------------------------------------------------------------------------ enumeration */

static void figure(TraceFigureFn fn, void *ctx, const json_t *v, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void figure(TraceFigureFn fn, void *ctx, const json_t *v, const char *fmt, ...)
{
    if (!v || !json_is_number(v))
        return;
    char path[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    fn(ctx, path, v);
}

static void splits(TraceFigureFn fn, void *ctx, const json_t *obj, const char *prefix)
{
    for (size_t i = 0; SPLITS[i]; i++)
        figure(fn, ctx, json_object_get(obj, SPLITS[i]), "%s.%s", prefix, SPLITS[i]);
}

static const char *key_of(const json_t *el, const char *key)
{
    return json_string_value(json_object_get(el, key));
}

void trace_figures(const json_t *report, TraceFigureFn fn, void *ctx)
{
    const json_t *parts = json_object_get(report, "participants");
    char pre[200];
    size_t i, j;
    const json_t *el, *sub;
    for (size_t s = 0; SPANS[s]; s++) {
        snprintf(pre, sizeof pre, "participants.%s", SPANS[s]);
        splits(fn, ctx, json_object_get(parts, SPANS[s]), pre);
    }
    json_array_foreach(json_object_get(parts, "by_organisation"), i, el)
        for (size_t s = 0; SPANS[s]; s++) {
            snprintf(pre, sizeof pre, "participants.by_organisation[%s].%s",
                     key_of(el, "organisation"), SPANS[s]);
            splits(fn, ctx, json_object_get(el, SPANS[s]), pre);
        }
    json_array_foreach(json_object_get(parts, "by_month"), i, el) {
        snprintf(pre, sizeof pre, "participants.by_month[%s]", key_of(el, "month"));
        splits(fn, ctx, el, pre);
    }
    const json_t *hours = json_object_get(report, "participant_hours");
    static const char *const H[] = {"period", "accumulated", "value_period",
                                    "value_accumulated", NULL};
    for (size_t h = 0; H[h]; h++)
        figure(fn, ctx, json_object_get(hours, H[h]), "participant_hours.%s", H[h]);
    static const char *const HP[] = {"hours", "participants", NULL};
    static const char *const ARRS[] = {"interventions", "activities", NULL};
    for (size_t a = 0; ARRS[a]; a++)
        json_array_foreach(json_object_get(report, ARRS[a]), i, el)
            for (size_t h = 0; HP[h]; h++)
                figure(fn, ctx, json_object_get(el, HP[h]), "%s[%s].%s", ARRS[a],
                       key_of(el, "id"), HP[h]);
    const json_t *certs = json_object_get(report, "certificates");
    static const char *const C[] = {"count", "people", NULL};
    for (size_t c = 0; C[c]; c++) {
        figure(fn, ctx, json_object_get(certs, C[c]), "certificates.%s", C[c]);
        json_array_foreach(json_object_get(certs, "by_organisation"), i, el)
            figure(fn, ctx, json_object_get(el, C[c]), "certificates.by_organisation[%s].%s",
                   key_of(el, "organisation"), C[c]);
    }
    json_array_foreach(json_object_get(report, "goals"), i, el) {
        /* survey responses are anonymous: a survey goal's figure has no list */
        if (strcmp(key_of(el, "measure") ? key_of(el, "measure") : "", "survey_share") == 0)
            continue;
        figure(fn, ctx, json_object_get(el, "achieved"), "goals[%s].achieved", key_of(el, "id"));
        json_array_foreach(json_object_get(el, "by_organisation"), j, sub)
            figure(fn, ctx, json_object_get(sub, "achieved"),
                   "goals[%s].by_organisation[%s].achieved", key_of(el, "id"),
                   key_of(sub, "organisation"));
    }
    json_array_foreach(json_object_get(report, "groups"), i, el)
        figure(fn, ctx, json_object_get(el, "members"), "groups[%s].members", key_of(el, "id"));
    figure(fn, ctx, json_object_get(report, "meetings_held"), "meetings_held");
    const json_t *budget = json_object_get(report, "budget");
    for (size_t s = 0; SPANS[s]; s++)
        for (size_t b = 0; BUDGET_KINDS[b]; b++) {
            figure(fn, ctx, json_object_get(json_object_get(budget, SPANS[s]), BUDGET_KINDS[b]),
                   "budget.%s.%s", SPANS[s], BUDGET_KINDS[b]);
            json_array_foreach(json_object_get(budget, "by_category"), i, el)
                figure(fn, ctx,
                       json_object_get(json_object_get(el, SPANS[s]), BUDGET_KINDS[b]),
                       "budget.by_category[%s].%s.%s", key_of(el, "category"), SPANS[s],
                       BUDGET_KINDS[b]);
        }
}
