/* figures.c — the figures engine (see figures.h): the numbers of a report from a few aggregate
 * queries, each a `static const char` below named by its comment.
 *
 * The participant figures need, per person, "present at a counting session in the period /
 * up to the end of the period", per intervention and per month. SQLite answers GROUP BY
 * person or COUNT(DISTINCT person) over a million attendance rows by sorting them, which costs
 * about 0.4 s on the large demo (measured: the scan alone takes 0.08 s). So the one query that
 * touches attendance (Q_ATTENDANCE) walks activity → session → attendance in primary-key
 * order, and this file folds its rows into flat per-person arrays: no sort, no query per row.
 * Every other query reads small tables and aggregates in SQL.
 *
 * Parameters of every query: ?1 project id, ?2 from, ?3 to. */
#include "db.h"
#include "figures.h"
#include "figures_sql.h"
#include "reportnum.h"
#include "survey_figures.h"
#include "util.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* -- sessions: the sessions that make participants (dated up to ?3, of non-cancelled
 * activities whose intervention counts participants), with what the fold needs of them. */
static const char Q_SESSIONS[] =
    "-- sessions\n"
    "SELECT s.id, a.id, s.session_date, s.hours_c, a.intervention_id,"
    FIGSQL_SESSION_IN_RANGE
    FIGSQL_COUNTING_FROM " WHERE" FIGSQL_COUNTING_WHERE;

/* -- attendance_scan: the present attendances at those sessions. CROSS JOIN fixes the loop
 * order (activity outermost, attendance by its primary key innermost) so that all rows of one
 * activity come together — the per-activity distinct count relies on it — and so that no row
 * costs a lookup. Only two integers per row: the fold gets the rest from Q_SESSIONS. */
static const char Q_ATTENDANCE[] =
    "-- attendance_scan\n"
    "SELECT t.session_id, t.person_id"
    FIGSQL_COUNTING_FROM " CROSS JOIN attendance t"
    " WHERE" FIGSQL_COUNTING_WHERE " AND" FIGSQL_PRESENT;

/* -- people: gender and organisation of every person of the project, by id. */
static const char Q_PEOPLE[] =
    "-- people\n"
    "SELECT id, gender, organisation_id FROM person WHERE project_id = ?1 ORDER BY id";

/* -- organisations: with their hourly cost, by id. */
static const char Q_ORGANISATIONS[] =
    "-- organisations\n"
    "SELECT id, code, name, hourly_cost_ore FROM organisation WHERE project_id = ?1 ORDER BY id";

/* -- interventions: the funder's table, in date order as the funder's template lists them; hours
 * of non-cancelled activities up to ?3, and the completion date when the intervention was
 * completed by ?3 (a later one is not yet true). */
static const char Q_INTERVENTIONS[] =
    "-- interventions\n"
    "SELECT i.id, i.code, i.title, i.start_date, i.planned_participants,"
    " CASE WHEN i.completed_on <= ?3 THEN i.completed_on END,"
    " i.counts_participants, coalesce(h.hours_c, 0)"
    " FROM intervention i LEFT JOIN"
    " (SELECT a.intervention_id AS iv, sum(s.hours_c) AS hours_c"
    "  FROM activity a JOIN session s ON s.activity_id = a.id"
    "  WHERE" FIGSQL_HELD_WHERE
    "  GROUP BY a.intervention_id) h ON h.iv = i.id"
    " WHERE i.project_id = ?1 ORDER BY i.start_date IS NULL, i.start_date, i.code";

/* -- activities: activities with a session in [?2, ?3], their dates and hours there, in the
 * order they took place (first session in the period, then id). */
static const char Q_ACTIVITIES[] =
    "-- activities\n"
    "SELECT a.id, a.code, a.title, a.kind, a.status, i.code, min(s.session_date),"
    " max(s.session_date), sum(s.hours_c), a.planned_participants, i.counts_participants"
    " FROM session s JOIN activity a ON a.id = s.activity_id"
    " JOIN intervention i ON i.id = a.intervention_id"
    " WHERE" FIGSQL_ACTIVITY_SESSION_WHERE
    " GROUP BY a.id ORDER BY min(s.session_date), a.code";

/* -- certificates: per person, certificates issued in [?2, ?3] and up to ?3. Grouped by person
 * rather than joined to person: the people's organisations are already in memory, and 60,000
 * random person lookups cost more than everything else here. */
static const char Q_CERTIFICATES[] =
    "-- certificates\n"
    "SELECT c.person_id, count(*) FILTER (WHERE" FIGSQL_CERT_IN_RANGE "), count(*)"
    " FROM certificate c WHERE" FIGSQL_CERT_WHERE " GROUP BY c.person_id";

/* -- groups: distinct members whose membership covers ?3. */
static const char Q_GROUPS[] =
    "-- groups\n"
    "SELECT g.id, g.code, g.name, g.kind, count(DISTINCT m.person_id)"
    " FROM grp g LEFT JOIN membership m ON m.group_id = g.id AND" FIGSQL_MEMBER_COVERS
    " WHERE g.project_id = ?1 GROUP BY g.id ORDER BY g.code";

/* -- goals: in their order, with the codes their measure refers to. */
static const char Q_GOALS[] =
    "-- goals\n"
    "SELECT g.code, g.title, g.description, g.measure_kind, g.m_organisation_id, g.m_gender,"
    " g.m_intervention_id, g.m_group_id, sv.code, g.m_survey_kind, g.m_question, g.m_min,"
    " g.id, g.target_c, g.comparison, g.unit"
    " FROM goal g LEFT JOIN survey sv ON sv.id = g.m_survey_id"
    " WHERE g.project_id = ?1 ORDER BY g.position, g.code";

/* -- goal_values: the measurements of manual goals made up to ?3, oldest first. */
static const char Q_GOAL_VALUES[] =
    "-- goal_values\n"
    "SELECT v.goal_id, v.measured_on, v.value_c, v.source"
    " FROM goal g JOIN goal_value v ON v.goal_id = g.id"
    " WHERE g.project_id = ?1 AND" FIGSQL_GOAL_VALUE_WHERE " ORDER BY v.goal_id, v.measured_on";

/* -- budget_version: the version in force. */
static const char Q_BUDGET_VERSION[] =
    "-- budget_version\n"
    "SELECT id, code, name, version_date FROM budget_version WHERE project_id = ?1"
    FIGSQL_IN_FORCE_ORDER;

/* -- budget_lines: the lines of the version in force, per category and year. The version is
 * chosen again inside, so that the query stands alone when an auditor runs it. */
static const char Q_BUDGET_LINES[] =
    "-- budget_lines\n"
    "SELECT c.id, c.code, c.name, l.year, l.amount_ore"
    " FROM budget_category c LEFT JOIN budget_line l ON l.category_id = c.id AND l.version_id ="
    " " FIGSQL_VERSION_IN_FORCE
    " WHERE c.project_id = ?1 ORDER BY c.position, c.code, l.year";

/* -- budget_actual: cost entries per category, in [?2, ?3] and up to ?3. */
static const char Q_BUDGET_ACTUAL[] =
    "-- budget_actual\n"
    "SELECT e.category_id, coalesce(sum(e.amount_ore) FILTER (WHERE" FIGSQL_COST_IN_RANGE "), 0),"
    " sum(e.amount_ore)"
    " FROM cost_entry e WHERE" FIGSQL_COST_WHERE " GROUP BY e.category_id";

/* -- deviations: dated in [?2, ?3]. */
static const char Q_DEVIATIONS[] =
    "-- deviations\n"
    "SELECT code, deviation_date, area, description, reported_to_funder, reported_date, measures"
    " FROM deviation WHERE project_id = ?1 AND deviation_date BETWEEN ?2 AND ?3"
    " ORDER BY deviation_date, code";

/* -- meetings: dated in [?2, ?3]. */
static const char Q_MEETINGS[] =
    "-- meetings\n"
    "SELECT m.code, m.title, g.code, m.meeting_date, m.status, g.name"
    " FROM meeting m LEFT JOIN grp g ON g.id = m.group_id"
    " WHERE" FIGSQL_MEETING_WHERE
    " ORDER BY m.meeting_date, m.code";

/* -- dissemination: items dated in [?2, ?3]. */
static const char Q_DISSEMINATION[] =
    "-- dissemination\n"
    "SELECT code, item_date, channel, title, audience FROM dissemination"
    " WHERE project_id = ?1 AND item_date BETWEEN ?2 AND ?3 ORDER BY item_date, code";

/* -- took_part: per organisation, its kind and country and whether it took part in [?2, ?3]
 * other than through its participants: as an organisation of an activity held then, as the
 * supplier of one (the supplier text is the organisation's name, or begins with it followed by
 * a space, comma or parenthesis: "Centro Pedagogico Emiliano (värd)"), or by someone present at
 * a meeting held then (a person of it, or a guest recorded with its name). */
static const char Q_TOOK_PART[] =
    "-- took_part\n"
    "WITH held AS (SELECT a.id, a.supplier FROM activity a WHERE a.project_id = ?1"
    "  AND a.status <> 'cancelled' AND EXISTS (SELECT 1 FROM session s WHERE s.activity_id = a.id"
    "  AND s.session_date BETWEEN ?2 AND ?3)),"
    " met AS (SELECT ma.person_id, ma.guest_organisation FROM meeting m"
    "  JOIN meeting_attendee ma ON ma.meeting_id = m.id WHERE m.project_id = ?1"
    "  AND m.status = 'held' AND m.meeting_date BETWEEN ?2 AND ?3 AND ma.status = 'present')"
    " SELECT o.id, o.kind, o.country,"
    " EXISTS (SELECT 1 FROM held h JOIN activity_organisation ao ON ao.activity_id = h.id"
    "  WHERE ao.organisation_id = o.id),"
    " EXISTS (SELECT 1 FROM held h WHERE h.supplier = o.name OR (substr(h.supplier, 1,"
    "  length(o.name)) = o.name AND substr(h.supplier, length(o.name) + 1, 1) IN (' ', ',', '('))),"
    " EXISTS (SELECT 1 FROM met JOIN person p ON p.id = met.person_id"
    "  WHERE p.organisation_id = o.id) OR EXISTS (SELECT 1 FROM met"
    "  WHERE met.guest_organisation = o.name)"
    " FROM organisation o WHERE o.project_id = ?1 ORDER BY o.id";

/* -- goal_group_members: members of group ?4 whose membership covers ?3, per organisation. */
static const char Q_GOAL_GROUP_ORGS[] =
    "-- goal_group_members\n"
    "SELECT p.organisation_id, count(DISTINCT m.person_id) FROM membership m"
    " JOIN person p ON p.id = m.person_id WHERE p.project_id = ?1 AND m.group_id = ?4"
    " AND" FIGSQL_MEMBER_COVERS
    " GROUP BY p.organisation_id";

/* -- project: dates and settings the figures depend on. */
static const char Q_PROJECT[] =
    "-- project\n"
    "SELECT start_date, end_date, budget_tolerance_bp, planned_participants"
    " FROM project WHERE id = ?1";

const char *const *figures_bench_queries(void)
{
    static const char *const queries[] = {
        Q_SESSIONS, Q_ATTENDANCE, Q_PEOPLE,       Q_ORGANISATIONS,    Q_INTERVENTIONS, Q_ACTIVITIES,
        Q_CERTIFICATES, Q_GROUPS,    Q_GOALS,         Q_GOAL_VALUES, Q_BUDGET_VERSION, Q_BUDGET_LINES,
        Q_BUDGET_ACTUAL, Q_DEVIATIONS, Q_MEETINGS,       Q_DISSEMINATION, Q_TOOK_PART, NULL,
    };
    return queries;
}

/* ------------------------------------------------------------------------ state */

enum { G_FEMALE, G_MALE, G_OTHER, G_UNKNOWN, G_N };
enum { F_ACC = 1, F_PERIOD = 2 };

typedef struct Org {
    int64_t id;
    char *code, *name;
    int64_t cost_ore;            /* -1: no hourly cost */
    int64_t hours_period, hours_acc;
    int64_t split_period[G_N], split_acc[G_N];
} Org;

typedef struct Iv {
    int64_t id;
    int64_t participants;
} Iv;

typedef struct ActCount {
    int64_t id;
    int64_t people;
} ActCount;

typedef struct GroupCount {
    int64_t id;
    int64_t members;
} GroupCount;

typedef struct Fig {
    Db *db;
    int64_t pid;
    const char *from, *to;
    char start[11], end[11];
    int tolerance_bp;
    json_t *planned;             /* project.planned_participants (new reference) */

    Org *orgs;                   /* by id */
    size_t norg;
    Iv *ivs;                     /* interventions that count participants, in scan order */
    size_t niv, capiv;

    /* People: index = id − pbase. org < 0 marks an id of another project. */
    int64_t pbase;
    size_t np;
    int32_t *porg;
    uint8_t *pgender, *pflags;
    uint8_t *pivbits;            /* np × ivbytes: interventions attended up to `to` */
    size_t ivbytes;
    uint8_t *pmonths;            /* np × monthbytes: months of the range attended */
    size_t monthbytes, nmonths;
    int month0;                  /* y*12 + m − 1 of the range's first month */
    uint32_t *pstamp;            /* last activity (index + 1 in acts) counted for the person */

    ActCount *acts;              /* in-period distinct participants per activity */
    size_t nacts, capacts;
    GroupCount *groups;
    size_t ngroups;
} Fig;

static void fig_free(Fig *f)
{
    for (size_t i = 0; i < f->norg; i++) {
        free(f->orgs[i].code);
        free(f->orgs[i].name);
    }
    free(f->orgs);
    free(f->ivs);
    free(f->porg);
    free(f->pgender);
    free(f->pflags);
    free(f->pivbits);
    free(f->pmonths);
    free(f->pstamp);
    free(f->acts);
    free(f->groups);
    json_decref(f->planned);
}

/* Binds ?1 project, ?2 from, ?3 to as far as the statement has parameters. */
static void bind_range(Fig *f, sqlite3_stmt *st)
{
    int n = sqlite3_bind_parameter_count(st);
    if (n >= 1)
        sqlite3_bind_int64(st, 1, f->pid);
    if (n >= 2)
        sqlite3_bind_text(st, 2, f->from, -1, SQLITE_STATIC);
    if (n >= 3)
        sqlite3_bind_text(st, 3, f->to, -1, SQLITE_STATIC);
}

static json_t *text_or_null(sqlite3_stmt *st, int i)
{
    const char *s = db_col_text(st, i);
    return s ? json_string(s) : json_null();
}

static json_t *int_or_null(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return json_null();
    return json_integer(sqlite3_column_int64(st, i));
}

static int gender_code(const char *g)
{
    if (!g)
        return G_UNKNOWN;
    if (strcmp(g, "female") == 0)
        return G_FEMALE;
    if (strcmp(g, "male") == 0)
        return G_MALE;
    if (strcmp(g, "other") == 0)
        return G_OTHER;
    return G_UNKNOWN;
}

/* {total, women, men, other} from counts per stored gender; other = other + unknown. */
static json_t *split_json(const int64_t s[G_N])
{
    return json_pack("{sI sI sI sI}", "total",
                     (json_int_t)(s[G_FEMALE] + s[G_MALE] + s[G_OTHER] + s[G_UNKNOWN]), "women",
                     (json_int_t)s[G_FEMALE], "men", (json_int_t)s[G_MALE], "other",
                     (json_int_t)(s[G_OTHER] + s[G_UNKNOWN]));
}

static int month_of(const char *date)
{
    return digits_value(date, 4) * 12 + digits_value(date + 5, 2) - 1;
}

static size_t org_index(const Fig *f, int64_t id)
{
    size_t lo = 0, hi = f->norg;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->orgs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->norg && f->orgs[lo].id == id ? lo : (size_t)-1;
}

/* ------------------------------------------------------------------------ loading */

static int load_project(Fig *f, Errs *errs)
{
    sqlite3_stmt *st = db_stmt(f->db, Q_PROJECT);
    bind_range(f, st);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        if (step == SQLITE_DONE) {
            errs_add(errs, "the project is no longer in the database");
            return INSATS_EINPUT;
        }
        return db_fail(f->db, errs, "cannot read the project");
    }
    snprintf(f->start, sizeof f->start, "%s", db_col_text(st, 0));
    snprintf(f->end, sizeof f->end, "%s", db_col_text(st, 1));
    f->tolerance_bp = sqlite3_column_int(st, 2);
    f->planned = int_or_null(st, 3);
    sqlite3_reset(st);
    return INSATS_OK;
}

static int load_orgs(Fig *f, Errs *errs)
{
    sqlite3_stmt *st = db_stmt(f->db, Q_ORGANISATIONS);
    bind_range(f, st);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (f->norg == cap) {
            cap = cap ? cap * 2 : 16;
            f->orgs = xrealloc(f->orgs, cap * sizeof *f->orgs);
        }
        Org *o = &f->orgs[f->norg++];
        memset(o, 0, sizeof *o);
        o->id = sqlite3_column_int64(st, 0);
        o->code = xstrdup(db_col_text(st, 1));
        o->name = xstrdup(db_col_text(st, 2));
        o->cost_ore = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read organisations");
}

/* Loads the people into flat arrays indexed by id − pbase (ids of one project are dense in
 * practice; ids of other projects in between are marked with porg = −1). */
static int load_people(Fig *f, Errs *errs)
{
    sqlite3_stmt *st = db_stmt(f->db, Q_PEOPLE);
    bind_range(f, st);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (f->np == 0 && cap == 0)
            f->pbase = id;
        size_t i = (size_t)(id - f->pbase);
        if (i >= cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            while (ncap <= i)
                ncap *= 2;
            f->porg = xrealloc(f->porg, ncap * sizeof *f->porg);
            f->pgender = xrealloc(f->pgender, ncap);
            for (size_t k = cap; k < ncap; k++)
                f->porg[k] = -1;
            cap = ncap;
        }
        for (size_t k = f->np; k < i; k++)
            f->porg[k] = -1;
        size_t oi = org_index(f, sqlite3_column_int64(st, 2));
        f->porg[i] = oi == (size_t)-1 ? -1 : (int32_t)oi;
        f->pgender[i] = (uint8_t)gender_code(db_col_text(st, 1));
        f->np = i + 1;
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return db_fail(f->db, errs, "cannot read people");
    f->pflags = xcalloc(f->np ? f->np : 1, 1);
    f->pstamp = xcalloc(f->np ? f->np : 1, sizeof *f->pstamp);
    return INSATS_OK;
}

static size_t iv_index(Fig *f, int64_t id)
{
    for (size_t i = 0; i < f->niv; i++)
        if (f->ivs[i].id == id)
            return i;
    if (f->niv == f->capiv) {
        f->capiv = f->capiv ? f->capiv * 2 : 8;
        f->ivs = xrealloc(f->ivs, f->capiv * sizeof *f->ivs);
    }
    f->ivs[f->niv] = (Iv){id, 0};
    return f->niv++;
}

/* A session that makes participants, as the fold needs it. */
typedef struct SessInfo {
    int64_t activity;
    int64_t hours;
    int32_t iv;                  /* index in f->ivs; −1: not a counting session */
    int32_t month;               /* bit in the person's month row; −1: before the period */
} SessInfo;

/* Loads the counting sessions into an array indexed by id − *base (*n entries). */
static int load_sessions(Fig *f, SessInfo **out, int64_t *base, size_t *n, Errs *errs)
{
    SessInfo *si = NULL;
    size_t cap = 0, used = 0;
    int64_t b = 0;
    sqlite3_stmt *st = db_stmt(f->db, Q_SESSIONS);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (cap == 0) {
            /* ids come in activity order, not id order: start the window around the first */
            b = id > 4096 ? id - 4096 : 0;
        }
        if (id < b) {
            /* grow downwards: shift what is there */
            size_t shift = (size_t)(b - id);
            si = xrealloc(si, (cap + shift) * sizeof *si);
            memmove(si + shift, si, cap * sizeof *si);
            for (size_t k = 0; k < shift; k++)
                si[k].iv = -1;
            cap += shift;
            used += shift;
            b = id;
        }
        size_t i = (size_t)(id - b);
        if (i >= cap) {
            size_t ncap = cap ? cap * 2 : 8192;
            while (ncap <= i)
                ncap *= 2;
            si = xrealloc(si, ncap * sizeof *si);
            for (size_t k = cap; k < ncap; k++)
                si[k].iv = -1;
            cap = ncap;
        }
        if (i >= used)
            used = i + 1;
        const char *date = db_col_text(st, 2);
        si[i].activity = sqlite3_column_int64(st, 1);
        si[i].hours = sqlite3_column_int64(st, 3);
        si[i].iv = (int32_t)iv_index(f, sqlite3_column_int64(st, 4));
        si[i].month = sqlite3_column_int(st, 5) ? month_of(date) - f->month0 : -1;
    }
    sqlite3_reset(st);
    *out = si;
    *base = b;
    *n = used;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read sessions");
}

/* The one pass over attendance (see the file comment). Fills pflags, pivbits, pmonths, the
 * organisations' hours and the per-activity counts. */
static int scan_attendance(Fig *f, Errs *errs)
{
    f->month0 = month_of(f->from);
    f->nmonths = (size_t)(month_of(f->to) - f->month0 + 1);
    f->monthbytes = (f->nmonths + 7) / 8;
    SessInfo *si = NULL;
    int64_t sbase = 0;
    size_t ns = 0;
    int rc = load_sessions(f, &si, &sbase, &ns, errs);
    if (rc != INSATS_OK)
        goto cleanup;
    f->ivbytes = (f->niv + 7) / 8 ? (f->niv + 7) / 8 : 1;
    f->pivbits = xcalloc(f->np ? f->np : 1, f->ivbytes);
    f->pmonths = xcalloc((f->np ? f->np : 1) * f->monthbytes, 1);

    sqlite3_stmt *st = db_stmt(f->db, Q_ATTENDANCE);
    bind_range(f, st);
    int64_t cur_s = -1, cur_a = -1;
    const SessInfo *s = NULL;
    uint32_t stamp = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t sid = sqlite3_column_int64(st, 0);
        if (sid != cur_s) {
            cur_s = sid;
            size_t i = (size_t)(sid - sbase);
            s = i < ns && si[i].iv >= 0 ? &si[i] : NULL;
            if (s && s->month >= 0 && s->activity != cur_a) {
                cur_a = s->activity;
                if (f->nacts == f->capacts) {
                    f->capacts = f->capacts ? f->capacts * 2 : 256;
                    f->acts = xrealloc(f->acts, f->capacts * sizeof *f->acts);
                }
                f->acts[f->nacts++] = (ActCount){cur_a, 0};
                stamp = (uint32_t)f->nacts;
            }
        }
        size_t p = (size_t)(sqlite3_column_int64(st, 1) - f->pbase);
        if (!s || p >= f->np || f->porg[p] < 0)
            continue;
        Org *o = &f->orgs[f->porg[p]];
        size_t iv = (size_t)s->iv;
        f->pflags[p] |= F_ACC;
        f->pivbits[p * f->ivbytes + iv / 8] |= (uint8_t)(1u << (iv % 8));
        o->hours_acc += s->hours;
        if (s->month >= 0) {
            size_t m = (size_t)s->month;
            f->pflags[p] |= F_PERIOD;
            f->pmonths[p * f->monthbytes + m / 8] |= (uint8_t)(1u << (m % 8));
            o->hours_period += s->hours;
            if (f->pstamp[p] != stamp) {
                f->pstamp[p] = stamp;
                f->acts[stamp - 1].people++;
            }
        }
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        rc = db_fail(f->db, errs, "cannot read attendance");
cleanup:
    free(si);
    return rc;
}

/* ------------------------------------------------------------------------ sections */

static json_t *participants_json(Fig *f)
{
    int64_t period[G_N] = {0}, acc[G_N] = {0};
    int64_t(*months)[G_N] = xcalloc(f->nmonths, sizeof *months);
    for (size_t p = 0; p < f->np; p++) {
        uint8_t fl = f->pflags[p];
        if (!fl)
            continue;
        Org *o = &f->orgs[f->porg[p]];
        int g = f->pgender[p];
        acc[g]++;
        o->split_acc[g]++;
        for (size_t i = 0; i < f->niv; i++)
            if (f->pivbits[p * f->ivbytes + i / 8] & (1u << (i % 8)))
                f->ivs[i].participants++;
        if (fl & F_PERIOD) {
            period[g]++;
            o->split_period[g]++;
            const uint8_t *mb = f->pmonths + p * f->monthbytes;
            for (size_t m = 0; m < f->nmonths; m++)
                if (mb[m / 8] & (1u << (m % 8)))
                    months[m][g]++;
        }
    }
    json_t *by_org = json_array();
    /* orgs are held by id; the report lists them by code. */
    size_t *order = xmalloc((f->norg ? f->norg : 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < f->norg; i++) {
        const Org *o = &f->orgs[i];
        if (o->split_acc[0] + o->split_acc[1] + o->split_acc[2] + o->split_acc[3] == 0)
            continue;
        size_t k = n++;
        while (k > 0 && strcmp(f->orgs[order[k - 1]].code, o->code) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    for (size_t k = 0; k < n; k++) {
        const Org *o = &f->orgs[order[k]];
        json_array_append_new(by_org, json_pack("{ss ss so so}", "organisation", o->code, "name",
                                                o->name, "period", split_json(o->split_period),
                                                "accumulated", split_json(o->split_acc)));
    }
    free(order);
    json_t *by_month = json_array();
    for (size_t m = 0; m < f->nmonths; m++) {
        int ym = f->month0 + (int)m;
        char label[16];
        snprintf(label, sizeof label, "%04d-%02d", ym / 12, ym % 12 + 1);
        json_t *cell = json_pack("{ss}", "month", label);
        json_t *split = split_json(months[m]);
        json_object_update(cell, split);
        json_decref(split);
        json_array_append_new(by_month, cell);
    }
    free(months);
    return json_pack("{so so sO so so}", "period", split_json(period), "accumulated",
                     split_json(acc), "planned", f->planned, "by_organisation", by_org,
                     "by_month", by_month);
}

/* Öre × hundredths of an hour summed → whole kronor, half away from zero (values ≥ 0). */
static json_t *value_kronor(int64_t ore_hundredths)
{
    return json_integer((ore_hundredths + 5000) / 10000);
}

static json_t *participant_hours_json(const Fig *f)
{
    int64_t hp = 0, ha = 0, vp = 0, va = 0;
    for (size_t i = 0; i < f->norg; i++) {
        const Org *o = &f->orgs[i];
        hp += o->hours_period;
        ha += o->hours_acc;
        if (o->cost_ore > 0) {
            vp += o->hours_period * o->cost_ore;
            va += o->hours_acc * o->cost_ore;
        }
    }
    return json_pack("{so so so so}", "period", reportnum_hours(hp), "accumulated",
                     reportnum_hours(ha), "value_period", value_kronor(vp), "value_accumulated",
                     value_kronor(va));
}

/* The organisations that took part in the period (docs/report-format.md, `organisations`):
 * those whose people were participants, and those Q_TOOK_PART finds, each with its kind,
 * country and the ways it took part, sorted by name (byte order). */
static int took_part_json(Fig *f, json_t **out, Errs *errs)
{
    static const char *const roles[] = {"participants", "activity", "supplier", "meeting"};
    typedef struct {
        size_t org;
        char *kind, *country;
        unsigned roles;
    } Took;
    Took *t = xcalloc(f->norg ? f->norg : 1, sizeof *t);
    size_t n = 0;
    sqlite3_stmt *st = db_stmt(f->db, Q_TOOK_PART);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t oi = org_index(f, sqlite3_column_int64(st, 0));
        if (oi == (size_t)-1)
            continue;
        const Org *o = &f->orgs[oi];
        unsigned r = 0;
        if (o->split_period[0] + o->split_period[1] + o->split_period[2] + o->split_period[3] > 0)
            r |= 1u;
        for (int k = 0; k < 3; k++)
            if (sqlite3_column_int(st, 3 + k))
                r |= 2u << k;
        if (!r)
            continue;
        size_t k = n++;
        while (k > 0 && strcmp(f->orgs[t[k - 1].org].name, o->name) > 0) {
            t[k] = t[k - 1];
            k--;
        }
        t[k] = (Took){oi, xstrdup(db_col_text(st, 1)), xstrdup(db_col_text(st, 2)), r};
    }
    sqlite3_reset(st);
    json_t *arr = json_array();
    for (size_t k = 0; k < n; k++) {
        json_t *rs = json_array();
        for (size_t b = 0; b < sizeof roles / sizeof *roles; b++)
            if (t[k].roles & (1u << b))
                json_array_append_new(rs, json_string(roles[b]));
        const Org *o = &f->orgs[t[k].org];
        json_array_append_new(arr, json_pack("{ss ss ss ss so}", "id", o->code, "name", o->name,
                                             "kind", t[k].kind, "country", t[k].country, "roles",
                                             rs));
    }
    for (size_t k = 0; k < n; k++) {
        free(t[k].kind);
        free(t[k].country);
    }
    free(t);
    *out = arr;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read organisations");
}

static int64_t iv_participants(const Fig *f, int64_t id)
{
    for (size_t i = 0; i < f->niv; i++)
        if (f->ivs[i].id == id)
            return f->ivs[i].participants;
    return 0;
}

static int interventions_json(Fig *f, json_t **out, Errs *errs)
{
    json_t *arr = json_array();
    sqlite3_stmt *st = db_stmt(f->db, Q_INTERVENTIONS);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        bool counts = sqlite3_column_int(st, 6) != 0;
        json_t *parts =
            counts ? json_integer(iv_participants(f, sqlite3_column_int64(st, 0))) : json_null();
        json_array_append_new(
            arr, json_pack("{ss ss so so so so sb so}", "id", db_col_text(st, 1), "title",
                           db_col_text(st, 2), "start", text_or_null(st, 3), "hours",
                           reportnum_hours(sqlite3_column_int64(st, 7)), "participants", parts,
                           "planned_participants", int_or_null(st, 4), "completed",
                           sqlite3_column_type(st, 5) != SQLITE_NULL, "completed_on",
                           text_or_null(st, 5)));
    }
    sqlite3_reset(st);
    *out = arr;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read interventions");
}

static int act_cmp(const void *a, const void *b)
{
    int64_t x = ((const ActCount *)a)->id, y = ((const ActCount *)b)->id;
    return (x > y) - (x < y);
}

/* Activities with a session in the period. A cancelled activity is listed with 0 hours and
 * 0 participants (nothing took place); an activity of an intervention that does not count
 * participants has participants null, as its intervention has. */
static int activities_json(Fig *f, json_t **out, Errs *errs)
{
    /* With no attendance in the range acts is NULL, which qsort must not be given. */
    if (f->nacts)
        qsort(f->acts, f->nacts, sizeof *f->acts, act_cmp);
    json_t *arr = json_array();
    sqlite3_stmt *st = db_stmt(f->db, Q_ACTIVITIES);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        bool cancelled = strcmp(db_col_text(st, 4), "cancelled") == 0;
        bool counts = sqlite3_column_int(st, 10) != 0;
        ActCount key = {sqlite3_column_int64(st, 0), 0};
        const ActCount *hit = f->nacts ? bsearch(&key, f->acts, f->nacts, sizeof *f->acts,
                                                 act_cmp)
                                       : NULL;
        json_t *parts = !counts ? json_null() : json_integer(hit && !cancelled ? hit->people : 0);
        json_array_append_new(
            arr, json_pack("{ss ss ss ss ss ss ss so so so}", "id", db_col_text(st, 1), "title",
                           db_col_text(st, 2), "kind", db_col_text(st, 3), "status",
                           db_col_text(st, 4), "intervention", db_col_text(st, 5), "first_date",
                           db_col_text(st, 6), "last_date", db_col_text(st, 7), "hours",
                           reportnum_hours(cancelled ? 0 : sqlite3_column_int64(st, 8)),
                           "participants", parts, "planned_participants", int_or_null(st, 9)));
    }
    sqlite3_reset(st);
    *out = arr;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read activities");
}

typedef struct CertCounts {
    int64_t period, period_people, upto, upto_people;
} CertCounts;

static int certificates_json(Fig *f, CertCounts *cc, json_t **out, Errs *errs)
{
    int64_t *count = xcalloc(f->norg ? f->norg : 1, sizeof *count);
    int64_t *people = xcalloc(f->norg ? f->norg : 1, sizeof *people);
    sqlite3_stmt *st = db_stmt(f->db, Q_CERTIFICATES);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t p = (size_t)(sqlite3_column_int64(st, 0) - f->pbase);
        int64_t in_period = sqlite3_column_int64(st, 1);
        cc->upto += sqlite3_column_int64(st, 2);
        cc->upto_people++;
        if (in_period > 0) {
            cc->period += in_period;
            cc->period_people++;
            if (p < f->np && f->porg[p] >= 0) {
                count[f->porg[p]] += in_period;
                people[f->porg[p]]++;
            }
        }
    }
    sqlite3_reset(st);
    json_t *by_org = json_array();
    /* orgs are held by id; listed by code */
    size_t *order = xmalloc((f->norg ? f->norg : 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < f->norg; i++) {
        if (!count[i])
            continue;
        size_t k = n++;
        while (k > 0 && strcmp(f->orgs[order[k - 1]].code, f->orgs[i].code) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    for (size_t k = 0; k < n; k++) {
        const Org *o = &f->orgs[order[k]];
        json_array_append_new(by_org, json_pack("{ss ss sI sI}", "organisation", o->code, "name",
                                                o->name, "count", (json_int_t)count[order[k]],
                                                "people", (json_int_t)people[order[k]]));
    }
    free(order);
    free(count);
    free(people);
    *out = json_pack("{sI sI so}", "count", (json_int_t)cc->period, "people",
                     (json_int_t)cc->period_people, "by_organisation", by_org);
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read certificates");
}

static int groups_json(Fig *f, json_t **out, Errs *errs)
{
    json_t *arr = json_array();
    sqlite3_stmt *st = db_stmt(f->db, Q_GROUPS);
    bind_range(f, st);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (f->ngroups == cap) {
            cap = cap ? cap * 2 : 8;
            f->groups = xrealloc(f->groups, cap * sizeof *f->groups);
        }
        int64_t members = sqlite3_column_int64(st, 4);
        f->groups[f->ngroups++] = (GroupCount){sqlite3_column_int64(st, 0), members};
        json_array_append_new(arr, json_pack("{ss ss ss sI}", "id", db_col_text(st, 1), "name",
                                             db_col_text(st, 2), "kind", db_col_text(st, 3),
                                             "members", (json_int_t)members));
    }
    sqlite3_reset(st);
    *out = arr;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read groups");
}

/* Accumulated participants up to `to`, optionally of one organisation (0: all), one stored
 * gender (NULL: all) and one intervention (0: all). */
static int64_t participants_filtered(const Fig *f, int64_t org_id, const char *gender,
                                     int64_t iv_id)
{
    size_t oi = org_id ? org_index(f, org_id) : (size_t)-1;
    if (org_id && oi == (size_t)-1)
        return 0;
    int g = gender ? gender_code(gender) : -1;
    size_t ivi = (size_t)-1;
    if (iv_id) {
        for (size_t i = 0; i < f->niv; i++)
            if (f->ivs[i].id == iv_id)
                ivi = i;
        if (ivi == (size_t)-1)
            return 0;
    }
    int64_t n = 0;
    for (size_t p = 0; p < f->np; p++) {
        if (!(f->pflags[p] & F_ACC))
            continue;
        if (org_id && (size_t)f->porg[p] != oi)
            continue;
        if (g >= 0 && f->pgender[p] != g)
            continue;
        if (ivi != (size_t)-1 && !(f->pivbits[p * f->ivbytes + ivi / 8] & (1u << (ivi % 8))))
            continue;
        n++;
    }
    return n;
}

/* A count achieved: met when count × 100 compares with target (hundredths). */
static bool compare_c(int64_t achieved_c, const char *cmp, int64_t target_c)
{
    return strcmp(cmp, "<=") == 0 ? achieved_c <= target_c : achieved_c >= target_c;
}

/* The measurements of manual goals up to f->to (Q_GOAL_VALUES), grouped by goal id. */
typedef struct GoalValue {
    int64_t goal_id;
    char date[11];
    int64_t value_c;
    char *source;                /* NULL when none is given */
} GoalValue;

typedef struct GoalValues {
    GoalValue *v;
    size_t n;
} GoalValues;

static void goal_values_free(GoalValues *gv)
{
    for (size_t i = 0; i < gv->n; i++)
        free(gv->v[i].source);
    free(gv->v);
}

static int goal_values_load(Fig *f, GoalValues *gv, Errs *errs)
{
    sqlite3_stmt *st = db_stmt(f->db, Q_GOAL_VALUES);
    bind_range(f, st);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (gv->n == cap) {
            cap = cap ? cap * 2 : 16;
            gv->v = xrealloc(gv->v, cap * sizeof *gv->v);
        }
        GoalValue *v = &gv->v[gv->n++];
        v->goal_id = sqlite3_column_int64(st, 0);
        snprintf(v->date, sizeof v->date, "%s", db_col_text(st, 1));
        v->value_c = sqlite3_column_int64(st, 2);
        const char *src = db_col_text(st, 3);
        v->source = src ? xstrdup(src) : NULL;
    }
    sqlite3_reset(st);
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read goal values");
}

/* The goals[] array, evaluated on f->to (docs/report-format.md, `goals[]`). A survey_share
 * goal filtered by organisation or gender is a breakdown cell of the survey figures, so under
 * SURVEY_MIN_RESPONSES responses its value is suppressed exactly as a cell's would be (the SPEC:
 * no answer may be traceable to a person); an unfiltered one is the survey's own total and is
 * shown whatever the count. A manual goal shows its latest measurement made on or before f->to
 * (none yet: no value, not met), with the earlier ones in `values`. Every entry carries
 * `suppressed` so readers need no key test. */
static int goals_json(Fig *f, const CertCounts *cc, int64_t participants_acc, json_t **out,
                      Errs *errs)
{
    GoalValues gv = {0};
    int rc = goal_values_load(f, &gv, errs);
    json_t *arr = json_array();
    *out = arr;
    if (rc != INSATS_OK) {
        goal_values_free(&gv);
        return rc;
    }
    sqlite3_stmt *st = db_stmt(f->db, Q_GOALS);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = db_col_text(st, 3);
        const char *cmp = db_col_text(st, 14);
        int64_t target_c = sqlite3_column_int64(st, 13);
        json_t *achieved = json_null(), *source = json_null(), *measured_on = json_null();
        json_t *values = json_null();
        bool met = false;
        bool suppressed = false;
        int64_t count = -1;          /* a count measure's value, or −1 */
        double percent = NAN;        /* a percent measure's value */
        if (strcmp(kind, "participants") == 0) {
            count = participants_filtered(f, sqlite3_column_int64(st, 4), db_col_text(st, 5),
                                          sqlite3_column_int64(st, 6));
        } else if (strcmp(kind, "certificates") == 0) {
            count = cc->upto;
        } else if (strcmp(kind, "certified_people") == 0) {
            count = cc->upto_people;
        } else if (strcmp(kind, "certified_share") == 0) {
            if (participants_acc > 0)
                percent = 100.0 * (double)cc->upto_people / (double)participants_acc;
        } else if (strcmp(kind, "group_members") == 0) {
            int64_t gid = sqlite3_column_int64(st, 7);
            count = 0;
            for (size_t i = 0; i < f->ngroups; i++)
                if (f->groups[i].id == gid)
                    count = f->groups[i].members;
        } else if (strcmp(kind, "survey_share") == 0) {
            int64_t responses = 0;
            rc = figures_survey_share(f->db, f->pid, db_col_text(st, 8), db_col_text(st, 9),
                                      db_col_text(st, 10), sqlite3_column_int(st, 11),
                                      sqlite3_column_int64(st, 4), db_col_text(st, 5), f->to,
                                      &percent, &responses, errs);
            if (rc != INSATS_OK)
                break;
            bool filtered = sqlite3_column_int64(st, 4) != 0 || db_col_text(st, 5) != NULL;
            if (filtered && responses < SURVEY_MIN_RESPONSES) {
                /* NAN leaves achieved null and met false below: a hidden value meets nothing */
                suppressed = true;
                percent = NAN;
            }
        } else { /* manual: the measurements in hundredths, the latest one counts */
            int64_t gid = sqlite3_column_int64(st, 12);
            const GoalValue *last = NULL;
            values = json_array();
            for (size_t i = 0; i < gv.n; i++) {
                if (gv.v[i].goal_id != gid)
                    continue;
                last = &gv.v[i];
                json_array_append_new(
                    values, json_pack("{ss so so}", "date", last->date, "value",
                                      reportnum_hours(last->value_c), "source",
                                      last->source ? json_string(last->source) : json_null()));
            }
            if (last) {
                json_decref(achieved);
                json_decref(source);
                json_decref(measured_on);
                achieved = reportnum_hours(last->value_c);
                met = compare_c(last->value_c, cmp, target_c);
                source = last->source ? json_string(last->source) : json_null();
                measured_on = json_string(last->date);
            }
        }
        if (count >= 0) {
            json_decref(achieved);
            achieved = json_integer(count);
            met = compare_c(count * 100, cmp, target_c);
        } else if (!isnan(percent)) {
            /* compared as shown: rounded to one decimal */
            int64_t tenths = (int64_t)llround(percent * 10.0);
            json_decref(achieved);
            achieved = reportnum_percent(percent);
            met = compare_c(tenths * 10, cmp, target_c);
        }
        json_array_append_new(
            arr, json_pack("{ss ss so ss so ss ss so sb sb so so so}", "id", db_col_text(st, 0),
                           "title", db_col_text(st, 1), "description", text_or_null(st, 2),
                           "measure", kind, "target", reportnum_hours(target_c), "comparison",
                           cmp, "unit", db_col_text(st, 15), "achieved", achieved, "met", met,
                           "suppressed", suppressed, "source", source, "measured_on",
                           measured_on, "values", values));
    }
    sqlite3_reset(st);
    goal_values_free(&gv);
    if (rc != INSATS_OK)
        return rc;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read goals");
}

/* The organisations with a participant up to `to`, as indexes into f->orgs in code order:
 * the partners of participants.by_organisation. *n entries; caller frees. */
static size_t *partner_order(const Fig *f, size_t *n)
{
    size_t *order = xmalloc((f->norg ? f->norg : 1) * sizeof *order);
    *n = 0;
    for (size_t i = 0; i < f->norg; i++) {
        const Org *o = &f->orgs[i];
        if (o->split_acc[0] + o->split_acc[1] + o->split_acc[2] + o->split_acc[3] == 0)
            continue;
        size_t k = (*n)++;
        while (k > 0 && strcmp(f->orgs[order[k - 1]].code, o->code) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    return order;
}

/* Per partner, certificates issued up to `to` (cu) and the people who hold them (cp). */
static int partner_certificates(Fig *f, int64_t *cu, int64_t *cp, Errs *errs)
{
    sqlite3_stmt *st = db_stmt(f->db, Q_CERTIFICATES);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t p = (size_t)(sqlite3_column_int64(st, 0) - f->pbase);
        if (p >= f->np || f->porg[p] < 0)
            continue;
        cu[f->porg[p]] += sqlite3_column_int64(st, 2);
        cp[f->porg[p]]++;
    }
    sqlite3_reset(st);
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read certificates");
}

/* Per partner, the members of group gid on `to` (gm). */
static int partner_group_members(Fig *f, int64_t gid, int64_t *gm, Errs *errs)
{
    memset(gm, 0, (f->norg ? f->norg : 1) * sizeof *gm);
    sqlite3_stmt *st = db_stmt(f->db, Q_GOAL_GROUP_ORGS);
    bind_range(f, st);
    sqlite3_bind_int64(st, 4, gid);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t oi = org_index(f, sqlite3_column_int64(st, 0));
        if (oi != (size_t)-1)
            gm[oi] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read group members");
}

/* Adds `by_organisation` to every goal of `goals` (goals_json's array, in Q_GOALS order): the
 * goal's value per partner, as the slutrapport gives it per municipality (docs/report-format.md,
 * `goals[]`). A survey_share breakdown is suppressed like every breakdown of survey figures,
 * the responses of no partner counting as one more hidden cell. A manual goal, and one already
 * filtered to one organisation, has no breakdown ([]). */
static int goals_by_organisation(Fig *f, json_t *goals, Errs *errs)
{
    size_t n = 0;
    size_t *order = partner_order(f, &n);
    size_t no = f->norg ? f->norg : 1;
    int64_t *cu = xcalloc(no, sizeof *cu), *cp = xcalloc(no, sizeof *cp);
    int64_t *gm = xcalloc(no, sizeof *gm);
    int64_t *resp = xcalloc(n + 1, sizeof *resp);
    double *pct = xcalloc(n + 1, sizeof *pct);
    const char **why = xcalloc(n + 1, sizeof *why);
    int rc = partner_certificates(f, cu, cp, errs);
    sqlite3_stmt *st = db_stmt(f->db, Q_GOALS);
    bind_range(f, st);
    size_t gi = 0;
    int step = SQLITE_DONE;
    while (rc == INSATS_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *g = json_array_get(goals, gi++);
        json_t *arr = json_array();
        json_object_set_new(g, "by_organisation", arr);
        const char *kind = db_col_text(st, 3), *gender = db_col_text(st, 5);
        bool survey = strcmp(kind, "survey_share") == 0;
        if (sqlite3_column_type(st, 4) != SQLITE_NULL || strcmp(kind, "manual") == 0)
            continue;
        if (strcmp(kind, "group_members") == 0 &&
            (rc = partner_group_members(f, sqlite3_column_int64(st, 7), gm, errs)) != INSATS_OK)
            break;
        int64_t all_responses = 0, shown = 0;
        if (survey) {
            SurveyShareCell *cells = NULL;
            size_t nc = 0;
            rc = figures_survey_share_by_org(f->db, f->pid, db_col_text(st, 8), db_col_text(st, 9),
                                             db_col_text(st, 10), sqlite3_column_int(st, 11),
                                             gender, f->to, &cells, &nc, errs);
            for (size_t k = 0; k < n; k++) {
                resp[k] = 0;
                pct[k] = NAN;
            }
            for (size_t c = 0; c < nc; c++) {
                all_responses += cells[c].responses;
                for (size_t k = 0; k < n; k++)
                    if (f->orgs[order[k]].id == cells[c].organisation_id && cells[c].responses) {
                        resp[k] = cells[c].responses;
                        pct[k] = 100.0 * (double)cells[c].hits / (double)cells[c].responses;
                        shown += resp[k];
                    }
            }
            free(cells);
        }
        if (rc != INSATS_OK)
            break;
        if (survey) {
            resp[n] = all_responses - shown;   /* the responses of no partner */
            figures_survey_suppress(resp, why, n + 1);
        }
        for (size_t k = 0; k < n; k++) {
            size_t oi = order[k];
            const Org *o = &f->orgs[oi];
            int64_t acc = o->split_acc[0] + o->split_acc[1] + o->split_acc[2] + o->split_acc[3];
            json_t *achieved = json_null();
            const char *hidden = NULL;
            if (strcmp(kind, "participants") == 0)
                achieved = json_integer(participants_filtered(f, o->id, gender,
                                                              sqlite3_column_int64(st, 6)));
            else if (strcmp(kind, "certificates") == 0)
                achieved = json_integer(cu[oi]);
            else if (strcmp(kind, "certified_people") == 0)
                achieved = json_integer(cp[oi]);
            else if (strcmp(kind, "certified_share") == 0)
                achieved = reportnum_percent(100.0 * (double)cp[oi] / (double)acc);
            else if (strcmp(kind, "group_members") == 0)
                achieved = json_integer(gm[oi]);
            else if (survey && resp[k] > 0 && why[k])
                hidden = why[k];
            else if (survey && resp[k] > 0)
                achieved = reportnum_percent(pct[k]);
            json_t *c = json_pack("{ss ss so sb}", "organisation", o->code, "name", o->name,
                                  "achieved", achieved, "suppressed", hidden != NULL);
            if (hidden)
                json_object_set_new(c, "suppressed_reason", json_string(hidden));
            json_array_append_new(arr, c);
        }
    }
    sqlite3_reset(st);
    if (rc == INSATS_OK && step != SQLITE_DONE)
        rc = db_fail(f->db, errs, "cannot read goals");
    free(order);
    free(cu);
    free(cp);
    free(gm);
    free(resp);
    free(pct);
    free(why);
    return rc;
}

/* ------------------------------------------------------------------------ budget */

int64_t figures_line_upto(const char *start, const char *end, int year, int64_t amount,
                          int64_t upto)
{
    char d[11];
    snprintf(d, sizeof d, "%04d-01-01", year);
    int64_t ys = date_to_days(d);
    snprintf(d, sizeof d, "%04d-12-31", year);
    int64_t ye = date_to_days(d);
    int64_t ps = date_to_days(start), pe = date_to_days(end);
    if (ps > ys)
        ys = ps;
    if (pe < ye)
        ye = pe;
    if (ye < ys)
        return 0;
    int64_t days = ye - ys + 1;
    int64_t k = upto - ys + 1;
    if (k <= 0)
        return 0;
    if (k > days)
        k = days;
    return (2 * amount * k + days) / (2 * days);
}

static int64_t line_upto(const Fig *f, int year, int64_t amount, int64_t upto)
{
    return figures_line_upto(f->start, f->end, year, amount, upto);
}

typedef struct CatSum {
    int64_t id;
    char *code, *name;
    int64_t plan_period, plan_acc, act_period, act_acc;
} CatSum;

static json_t *pair_json(int64_t planned, int64_t actual)
{
    return json_pack("{so so}", "planned", reportnum_kronor(planned), "actual",
                     reportnum_kronor(actual));
}

static int budget_json(Fig *f, json_t **out, Errs *errs)
{
    int rc = INSATS_OK;
    CatSum *cats = NULL;
    size_t ncat = 0, cap = 0;
    json_t *version = json_null();

    sqlite3_stmt *st = db_stmt(f->db, Q_BUDGET_VERSION);
    bind_range(f, st);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        json_decref(version);
        version = json_pack("{ss ss ss}", "id", db_col_text(st, 1), "name", db_col_text(st, 2),
                            "date", db_col_text(st, 3));
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = db_fail(f->db, errs, "cannot read budget versions");
        goto cleanup;
    }

    int64_t from_prev = date_to_days(f->from) - 1, to_day = date_to_days(f->to);
    st = db_stmt(f->db, Q_BUDGET_LINES);
    bind_range(f, st);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t cid = sqlite3_column_int64(st, 0);
        if (ncat == 0 || cats[ncat - 1].id != cid) {
            if (ncat == cap) {
                cap = cap ? cap * 2 : 8;
                cats = xrealloc(cats, cap * sizeof *cats);
            }
            cats[ncat++] = (CatSum){cid, xstrdup(db_col_text(st, 1)),
                                    xstrdup(db_col_text(st, 2)), 0, 0, 0, 0};
        }
        if (sqlite3_column_type(st, 3) == SQLITE_NULL)
            continue;
        CatSum *c = &cats[ncat - 1];
        int year = sqlite3_column_int(st, 3);
        int64_t amount = sqlite3_column_int64(st, 4);
        int64_t acc = line_upto(f, year, amount, to_day);
        c->plan_acc += acc;
        c->plan_period += acc - line_upto(f, year, amount, from_prev);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        rc = db_fail(f->db, errs, "cannot read budget lines");
        goto cleanup;
    }

    st = db_stmt(f->db, Q_BUDGET_ACTUAL);
    bind_range(f, st);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t cid = sqlite3_column_int64(st, 0);
        for (size_t i = 0; i < ncat; i++)
            if (cats[i].id == cid) {
                cats[i].act_period += sqlite3_column_int64(st, 1);
                cats[i].act_acc += sqlite3_column_int64(st, 2);
            }
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        rc = db_fail(f->db, errs, "cannot read cost entries");
        goto cleanup;
    }

    int64_t pp = 0, pa = 0, ap = 0, aa = 0;
    json_t *by_cat = json_array();
    for (size_t i = 0; i < ncat; i++) {
        CatSum *c = &cats[i];
        pp += c->plan_period;
        pa += c->plan_acc;
        ap += c->act_period;
        aa += c->act_acc;
        json_array_append_new(by_cat, json_pack("{ss ss so so}", "category", c->code, "name",
                                                c->name, "period",
                                                pair_json(c->plan_period, c->act_period),
                                                "accumulated", pair_json(c->plan_acc, c->act_acc)));
    }
    int64_t diff = aa - pa;
    int64_t absdiff = diff < 0 ? -diff : diff;
    bool on_budget = pa == 0 ? aa == 0 : absdiff * 10000 <= (int64_t)f->tolerance_bp * pa;
    *out = json_pack("{sO so so so sf so sb}", "version", version, "period", pair_json(pp, ap),
                     "accumulated", pair_json(pa, aa), "by_category", by_cat, "tolerance",
                     f->tolerance_bp / 10000.0, "deviation_percent", reportnum_share(diff, pa),
                     "on_budget", on_budget);

cleanup:
    for (size_t i = 0; i < ncat; i++) {
        free(cats[i].code);
        free(cats[i].name);
    }
    free(cats);
    json_decref(version);
    return rc;
}

/* ------------------------------------------------------------------------ lists */

static int deviations_json(Fig *f, json_t **out, Errs *errs)
{
    json_t *arr = json_array();
    sqlite3_stmt *st = db_stmt(f->db, Q_DEVIATIONS);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(
            arr, json_pack("{ss ss ss ss sb so so}", "id", db_col_text(st, 0), "date",
                           db_col_text(st, 1), "area", db_col_text(st, 2), "description",
                           db_col_text(st, 3), "reported_to_funder", sqlite3_column_int(st, 4) != 0,
                           "reported_date", text_or_null(st, 5), "measures",
                           text_or_null(st, 6)));
    sqlite3_reset(st);
    *out = arr;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read deviations");
}

static int meetings_json(Fig *f, json_t **out, int64_t *held, Errs *errs)
{
    json_t *arr = json_array();
    sqlite3_stmt *st = db_stmt(f->db, Q_MEETINGS);
    bind_range(f, st);
    *held = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (strcmp(db_col_text(st, 4), "held") == 0)
            (*held)++;
        json_array_append_new(arr, json_pack("{ss ss so so ss ss}", "id", db_col_text(st, 0),
                                             "title", db_col_text(st, 1), "group",
                                             text_or_null(st, 2), "group_name",
                                             text_or_null(st, 5), "date", db_col_text(st, 3),
                                             "status", db_col_text(st, 4)));
    }
    sqlite3_reset(st);
    *out = arr;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read meetings");
}

static int dissemination_json(Fig *f, json_t **out, Errs *errs)
{
    json_t *arr = json_array();
    sqlite3_stmt *st = db_stmt(f->db, Q_DISSEMINATION);
    bind_range(f, st);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("{ss ss ss ss so}", "id", db_col_text(st, 0), "date",
                                             db_col_text(st, 1), "channel", db_col_text(st, 2),
                                             "title", db_col_text(st, 3), "audience",
                                             text_or_null(st, 4)));
    sqlite3_reset(st);
    *out = arr;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(f->db, errs, "cannot read dissemination");
}

/* ------------------------------------------------------------------------ entry */

int figures_compute(Db *db, int64_t project_id, const char *from, const char *to, json_t *report,
                    Errs *errs)
{
    Fig f = {.db = db, .pid = project_id, .from = from, .to = to};
    json_t *v = NULL;
    CertCounts cc = {0};
    int64_t held = 0;
    int rc = load_project(&f, errs);
    if (rc == INSATS_OK)
        rc = load_orgs(&f, errs);
    if (rc == INSATS_OK)
        rc = load_people(&f, errs);
    if (rc == INSATS_OK)
        rc = scan_attendance(&f, errs);
    if (rc != INSATS_OK)
        goto cleanup;

    json_t *parts = participants_json(&f);
    int64_t acc_total = json_integer_value(
        json_object_get(json_object_get(parts, "accumulated"), "total"));
    json_object_set_new(report, "participants", parts);
    json_object_set_new(report, "participant_hours", participant_hours_json(&f));
    if ((rc = interventions_json(&f, &v, errs)) != INSATS_OK) {
        json_decref(v);
        goto cleanup;
    }
    json_object_set_new(report, "interventions", v);
    if ((rc = activities_json(&f, &v, errs)) != INSATS_OK) {
        json_decref(v);
        goto cleanup;
    }
    json_object_set_new(report, "activities", v);
    if ((rc = took_part_json(&f, &v, errs)) != INSATS_OK) {
        json_decref(v);
        goto cleanup;
    }
    json_object_set_new(report, "organisations", v);
    json_t *certs = NULL;
    if ((rc = certificates_json(&f, &cc, &certs, errs)) != INSATS_OK) {
        json_decref(certs);
        goto cleanup;
    }
    json_t *groups = NULL;
    if ((rc = groups_json(&f, &groups, errs)) != INSATS_OK) {
        json_decref(certs);
        json_decref(groups);
        goto cleanup;
    }
    rc = goals_json(&f, &cc, acc_total, &v, errs);
    if (rc == INSATS_OK)
        rc = goals_by_organisation(&f, v, errs);
    json_object_set_new(report, "goals", v);
    json_object_set_new(report, "certificates", certs);
    json_object_set_new(report, "groups", groups);
    if (rc != INSATS_OK)
        goto cleanup;
    if ((rc = budget_json(&f, &v, errs)) != INSATS_OK)
        goto cleanup;
    json_object_set_new(report, "budget", v);
    if ((rc = deviations_json(&f, &v, errs)) != INSATS_OK) {
        json_decref(v);
        goto cleanup;
    }
    json_object_set_new(report, "deviations", v);
    if ((rc = meetings_json(&f, &v, &held, errs)) != INSATS_OK) {
        json_decref(v);
        goto cleanup;
    }
    json_object_set_new(report, "meetings", v);
    json_object_set_new(report, "meetings_held", json_integer(held));
    if ((rc = dissemination_json(&f, &v, errs)) != INSATS_OK) {
        json_decref(v);
        goto cleanup;
    }
    json_object_set_new(report, "dissemination", v);

cleanup:
    fig_free(&f);
    return rc;
}
