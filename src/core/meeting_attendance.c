/* meeting_attendance.c — a group's own rules for its meetings (when the invitation goes, when
 * absence is flagged), the attendance at its held meetings per member, per organisation and
 * per year, and the flag on whoever has missed the last N of them (meeting.h). */
#include "meeting.h"
#include "browse.h"
#include "db.h"
#include "record.h"
#include "stmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The defaults of a group without settings of its own: the invitation a week before, as the
 * minutes say ("Kallelsen skickas ut den 8 februari" for 15 February), and a flag after three
 * meetings in a row. */
#define DEFAULT_INVITE_DAYS 7
#define DEFAULT_ABSENCE_LIMIT 3

static const char SQL_GROUP[] =
    "SELECT g.id, g.name, s.invite_days, s.absence_limit FROM grp g"
    " LEFT JOIN group_meeting_setting s ON s.group_id = g.id"
    " WHERE g.project_id = ?1 AND g.code = ?2";

static const char SQL_SETTING_UPSERT[] =
    "INSERT INTO group_meeting_setting (group_id, invite_days, absence_limit) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (group_id) DO UPDATE SET invite_days = excluded.invite_days,"
    " absence_limit = excluded.absence_limit";

/* The group's row id, name (into name) and settings; 0 with a message when there is none. */
static int64_t meeting_group(Db *db, int64_t project_id, const char *group, char *name,
                             size_t cap, MeetingSettings *s, Errs *errs)
{
    int64_t id = 0;
    Stmt *st = stmt_cached(db, SQL_GROUP);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, group);
    if (stmt_step(st) == STMT_ROW) {
        id = stmt_int(st, 0);
        if (name)
            snprintf(name, cap, "%s", stmt_text(st, 1));
        s->invite_days = stmt_is_null(st, 2) ? DEFAULT_INVITE_DAYS : (int)stmt_int(st, 2);
        s->absence_limit = stmt_is_null(st, 3) ? DEFAULT_ABSENCE_LIMIT : (int)stmt_int(st, 3);
    }
    stmt_done(st);
    if (!id)
        errs_add_field(errs, "group", "no group \"%.64s\" in the project (`insats list groups`)",
                       group ? group : "");
    return id;
}

int meeting_settings_get(Db *db, int64_t project_id, const char *group, MeetingSettings *out,
                         Errs *errs)
{
    return meeting_group(db, project_id, group, NULL, 0, out, errs) ? INSATS_OK : INSATS_EINPUT;
}

int meeting_settings_check(const MeetingSettings *s, Errs *errs)
{
    int rc = INSATS_OK;
    if (s->invite_days < 0 || s->invite_days > MEETING_INVITE_DAYS_MAX) {
        errs_add_field(errs, "invite_days", "invite_days: %d is not a number of days from 0 to %d",
                       s->invite_days, MEETING_INVITE_DAYS_MAX);
        rc = INSATS_EINPUT;
    }
    if (s->absence_limit < 1 || s->absence_limit > MEETING_ABSENCE_LIMIT_MAX) {
        errs_add_field(errs, "absence_limit", "absence_limit: %d is not a number of meetings "
                       "from 1 to %d", s->absence_limit, MEETING_ABSENCE_LIMIT_MAX);
        rc = INSATS_EINPUT;
    }
    return rc;
}

int meeting_settings_set(Db *db, const Actor *actor, int64_t project_id, const char *group,
                         const MeetingSettings *s, Errs *errs)
{
    if (!record_may_write(actor, "group", 0)) {
        errs_add(errs, "group: the role %s may not change a group's settings",
                 actor ? actor_role_name(actor->role) : "(none)");
        return INSATS_EFORBIDDEN;
    }
    int rc = meeting_settings_check(s, errs);
    MeetingSettings old;
    int64_t id = meeting_group(db, project_id, group, NULL, 0, &old, errs);
    if (!id || rc != INSATS_OK)
        return INSATS_EINPUT;
    if ((rc = db_tx_begin(db, errs)) != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, SQL_SETTING_UPSERT);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, s->invite_days);
    stmt_bind_int(st, 3, s->absence_limit);
    rc = stmt_exec(st, errs, "cannot save the group's settings");
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

/* ---- attendance ---------------------------------------------------------------------------- */

/* The pairs (member, held meeting of the group within the membership), each once. */
#define SQL_PAIRS                                                                             \
    "SELECT DISTINCT ms.person_id AS pid, m.id AS mid FROM membership ms"                    \
    " JOIN meeting m ON m.group_id = ms.group_id AND m.status = 'held'"                       \
    "  AND m.meeting_date >= coalesce(ms.from_date, '0000-01-01')"                            \
    "  AND m.meeting_date <= coalesce(ms.to_date, '9999-12-31')"                              \
    " WHERE ms.group_id = ?1"

/* The current members (no end, or an end not before today: ?2), newest meeting first. */
static const char SQL_MEMBERS[] =
    "SELECT p.id, p.code, p.name, o.code, o.name, (?3 = 0 OR p.organisation_id = ?3),"
    " coalesce(a.status = 'present', 0), coalesce(a.status = 'excused', 0)"
    " FROM (" SQL_PAIRS ") x JOIN person p ON p.id = x.pid JOIN meeting m ON m.id = x.mid"
    " LEFT JOIN organisation o ON o.id = p.organisation_id"
    " LEFT JOIN meeting_attendee a ON a.meeting_id = m.id AND a.person_id = p.id"
    " WHERE EXISTS (SELECT 1 FROM membership c WHERE c.group_id = ?1 AND c.person_id = p.id"
    "               AND (c.to_date IS NULL OR c.to_date >= ?2))"
    " ORDER BY p.name COLLATE sv, p.id, m.meeting_date DESC, m.id DESC";

/* Per organisation with a current member, per held meeting: whether one of its members was
 * there (and, as for a member, whether excused: never, for an organisation), newest first. */
static const char SQL_ORGANISATIONS[] =
    "SELECT o.id, o.code, o.name, max(coalesce(a.status = 'present', 0)), 0"
    " FROM (" SQL_PAIRS ") x JOIN person p ON p.id = x.pid JOIN meeting m ON m.id = x.mid"
    " JOIN organisation o ON o.id = p.organisation_id"
    " LEFT JOIN meeting_attendee a ON a.meeting_id = m.id AND a.person_id = p.id"
    " WHERE o.id IN (SELECT p2.organisation_id FROM membership c JOIN person p2"
    "                ON p2.id = c.person_id WHERE c.group_id = ?1"
    "                AND (c.to_date IS NULL OR c.to_date >= ?2))"
    " GROUP BY o.id, m.id ORDER BY o.name COLLATE sv, o.id, m.meeting_date DESC, m.id DESC";

/* Per year: the held meetings, the members expected and those present. */
static const char SQL_YEARS[] =
    "SELECT substr(m.meeting_date, 1, 4), count(DISTINCT m.id), count(*),"
    " sum(coalesce(a.status = 'present', 0))"
    " FROM (" SQL_PAIRS ") x JOIN meeting m ON m.id = x.mid"
    " LEFT JOIN meeting_attendee a ON a.meeting_id = m.id AND a.person_id = x.pid"
    " GROUP BY 1 ORDER BY 1";

static const char SQL_HELD[] =
    "SELECT count(*) FROM meeting WHERE group_id = ?1 AND status = 'held'";

/* present / expected in per cent, rounded half up to one decimal; null without any expected.
 * New reference. */
static json_t *meeting_rate(int64_t present, int64_t expected)
{
    if (expected <= 0)
        return json_null();
    return json_real((double)((present * 1000 + expected / 2) / expected) / 10.0);
}

/* One member's or organisation's figures, finished once its last row was read. */
typedef struct Tally {
    int64_t meetings, present, excused, streak;
    bool streak_open;   /* still counting the newest meetings in a row without them */
} Tally;

static void tally_add(Tally *t, bool present, bool excused)
{
    t->meetings++;
    t->present += present;
    t->excused += excused;
    if (t->streak_open && !present)
        t->streak++;
    else
        t->streak_open = false;
}

static void tally_put(json_t *o, const Tally *t, int limit, bool members)
{
    json_object_set_new(o, "meetings", json_integer(t->meetings));
    json_object_set_new(o, "present", json_integer(t->present));
    if (members) {
        json_object_set_new(o, "excused", json_integer(t->excused));
        json_object_set_new(o, "absent", json_integer(t->meetings - t->present - t->excused));
    }
    json_object_set_new(o, "rate", meeting_rate(t->present, t->meetings));
    json_object_set_new(o, "absent_in_a_row", json_integer(t->streak));
    json_object_set_new(o, "flagged", json_boolean(t->streak >= limit));
}

/* Writes the head of a member's or an organisation's figures from its first row. */
typedef void (*TallyHead)(Stmt *st, json_t *o);

static void tally_head_member(Stmt *st, json_t *o)
{
    bool named = stmt_int(st, 5) != 0;
    json_object_set_new(o, "person", named ? json_string(stmt_text(st, 1)) : json_null());
    json_object_set_new(o, "name", named ? json_string(stmt_text(st, 2)) : json_null());
    json_object_set_new(o, "organisation",
                        stmt_text(st, 3) ? json_string(stmt_text(st, 3)) : json_null());
    json_object_set_new(o, "organisation_name",
                        stmt_text(st, 4) ? json_string(stmt_text(st, 4)) : json_null());
}

static void tally_head_organisation(Stmt *st, json_t *o)
{
    json_object_set_new(o, "organisation", json_string(stmt_text(st, 1)));
    json_object_set_new(o, "name", json_string(stmt_text(st, 2)));
}

/* The one loop of the members' and the organisations' figures: rows grouped by their first
 * column (the member's or organisation's id), newest meeting first, each ending in two
 * columns, present and excused; one object per group in the array `key` of root, its head
 * from `head`; *flagged counts those at the limit. */
static int meeting_tally(Stmt *st, json_t *root, const char *key, TallyHead head, int limit,
                         bool members, size_t *flagged, Errs *errs)
{
    json_t *list = json_array();
    json_object_set_new(root, key, list);
    int cols = stmt_columns(st);
    json_t *cur = NULL;
    int64_t cur_id = 0;
    Tally t = {0};
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        int64_t id = stmt_int(st, 0);
        if (!cur || id != cur_id) {
            if (cur) {
                tally_put(cur, &t, limit, members);
                *flagged += t.streak >= limit;
            }
            cur = json_object();
            json_array_append_new(list, cur);
            cur_id = id;
            memset(&t, 0, sizeof t);
            t.streak_open = true;
            head(st, cur);
        }
        tally_add(&t, stmt_int(st, cols - 2) != 0, stmt_int(st, cols - 1) != 0);
    }
    if (cur) {
        tally_put(cur, &t, limit, members);
        *flagged += t.streak >= limit;
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the attendance");
    stmt_done(st);
    return rc;
}

static int meeting_members(Db *db, const Actor *actor, int64_t group_id, const char *today,
                           int limit, json_t *root, size_t *flagged, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_MEMBERS);
    stmt_bind_int(st, 1, group_id);
    stmt_bind_text(st, 2, today);
    stmt_bind_int(st, 3, actor_org_scoped(actor) ? actor->organisation_id : 0);
    return meeting_tally(st, root, "members", tally_head_member, limit, true, flagged, errs);
}

static int meeting_organisations(Db *db, int64_t group_id, const char *today, int limit,
                                 json_t *root, size_t *flagged, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_ORGANISATIONS);
    stmt_bind_int(st, 1, group_id);
    stmt_bind_text(st, 2, today);
    return meeting_tally(st, root, "organisations", tally_head_organisation, limit, false,
                         flagged, errs);
}

static int meeting_years(Db *db, int64_t group_id, json_t *root, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_YEARS);
    stmt_bind_int(st, 1, group_id);
    json_t *list = json_array();
    json_object_set_new(root, "years", list);
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        json_t *y = json_object();
        json_object_set_new(y, "year", json_string(stmt_text(st, 0)));
        json_object_set_new(y, "meetings", json_integer(stmt_int(st, 1)));
        json_object_set_new(y, "expected", json_integer(stmt_int(st, 2)));
        json_object_set_new(y, "present", json_integer(stmt_int(st, 3)));
        json_object_set_new(y, "rate", meeting_rate(stmt_int(st, 3), stmt_int(st, 2)));
        json_array_append_new(list, y);
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the attendance");
    stmt_done(st);
    return rc;
}

int meeting_attendance(Db *db, const Actor *actor, int64_t project_id, const char *group,
                       json_t **out, Errs *errs)
{
    *out = NULL;
    if (!actor || !(browse_readers("meetings") & ROLE_BIT(actor->role))) {
        errs_add(errs, "meetings: the role %s does not read meetings",
                 actor ? actor_role_name(actor->role) : "(none)");
        return INSATS_EFORBIDDEN;
    }
    char name[256] = "";
    MeetingSettings s;
    int64_t id = meeting_group(db, project_id, group, name, sizeof name, &s, errs);
    if (!id)
        return INSATS_EINPUT;
    char today[11];
    date_today(today);
    bool began = db_read_begin(db);
    json_t *root = json_object();
    json_t *g = json_object();
    json_object_set_new(g, "id", json_string(group));
    json_object_set_new(g, "name", json_string(name));
    json_object_set_new(root, "group", g);
    json_object_set_new(root, "absence_limit", json_integer(s.absence_limit));
    Stmt *st = stmt_cached(db, SQL_HELD);
    stmt_bind_int(st, 1, id);
    json_object_set_new(root, "meetings_held",
                        json_integer(stmt_step(st) == STMT_ROW ? stmt_int(st, 0) : 0));
    stmt_done(st);
    size_t members = 0, orgs = 0;
    int rc = meeting_members(db, actor, id, today, s.absence_limit, root, &members, errs);
    if (rc == INSATS_OK)
        rc = meeting_organisations(db, id, today, s.absence_limit, root, &orgs, errs);
    if (rc == INSATS_OK)
        rc = meeting_years(db, id, root, errs);
    db_read_end(db, began);
    json_object_set_new(root, "flagged_members", json_integer((json_int_t)members));
    json_object_set_new(root, "flagged_organisations", json_integer((json_int_t)orgs));
    if (rc != INSATS_OK) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return INSATS_OK;
}
