/* minutes.c — the minutes of one meeting as JSON (see minutes.h, docs/report-format.md).
 *
 * One query per part of the meeting (the meeting itself, attendees, agenda with decisions,
 * actions, the next meeting), each with bound parameters. People appear by name only: the
 * queries never select the personnummer columns, so no minutes can carry one. Each query that
 * names a person says too whether the person is within the reader's scope (scope_sql.h, ?9 –
 * ?11); a name outside it is left out and counted. */
#include "db.h"
#include "minutes.h"
#include "scope_sql.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Binds the actor's scope (?9 – ?11 of scope_sql.h). */
static void bind_scope(sqlite3_stmt *st, const Actor *actor)
{
    sqlite3_bind_int(st, 9, (int)actor_scope(actor));
    sqlite3_bind_int64(st, 10, actor->organisation_id);
    sqlite3_bind_int64(st, 11, actor->user_id);
}

/* Column i as a JSON string when column `in_scope` is true, else JSON null and one more name
 * in *withheld. New reference. */
static json_t *col_name(sqlite3_stmt *st, int i, int in_scope, int64_t *withheld)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return json_null();
    if (!sqlite3_column_int(st, in_scope)) {
        (*withheld)++;
        return json_null();
    }
    return json_string(db_col_text(st, i));
}

/* The text of a column as a JSON string, or JSON null for SQL NULL. New reference. */
static json_t *col_str(sqlite3_stmt *st, int i)
{
    const char *s = db_col_text(st, i);
    return s ? json_string(s) : json_null();
}

/* Adds "<what>: <sqlite message>" unless the statement's last step finished cleanly. The
 * loops below stop on anything but SQLITE_ROW, so the final code tells a read error from
 * the end of the rows. */
static int finish(Db *db, int step, Errs *errs, const char *what)
{
    return step == SQLITE_DONE ? INSATS_OK : db_fail(db, errs, what);
}

/* The "project" object {id, name, diarienummer} into *out, and the project's code for
 * messages into code (caller frees). */
static int add_project(Db *db, int64_t project_id, json_t **out, char **code, Errs *errs)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT code, name, diarienummer FROM project WHERE id = ?1");
    sqlite3_bind_int64(st, 1, project_id);
    int rc = INSATS_OK;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *code = xstrdup(db_col_text(st, 0));
        *out = json_object();
        json_object_set_new(*out, "id", col_str(st, 0));
        json_object_set_new(*out, "name", col_str(st, 1));
        json_object_set_new(*out, "diarienummer", col_str(st, 2));
    } else if (step == SQLITE_DONE) {
        /* project_id comes from project_resolve(); a missing row means the caller erred or
         * the project was deleted meanwhile: say so rather than assert. */
        errs_add(errs, "the project is no longer in the database");
        rc = INSATS_EINPUT;
    } else {
        rc = db_fail(db, errs, "cannot read the project");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Attendees in their recorded order. People carry their organisation's name, guests the
 * organisation text they were recorded with. A person outside the actor's scope is there with
 * their organisation and status but without a name, so that the minutes still say how many
 * came from where. */
static int add_attendees(Db *db, const Actor *actor, int64_t meeting_id, json_t *meeting,
                         int64_t *withheld, Errs *errs)
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT coalesce(p.name, a.guest_name),"
            " CASE WHEN a.person_id IS NULL THEN a.guest_organisation ELSE o.name END, a.status,"
            " a.person_id IS NULL,"
            " a.person_id IS NULL OR " SCOPE_SQL_PERSON("p.id", "p.organisation_id")
            " FROM meeting_attendee a LEFT JOIN person p ON p.id = a.person_id"
            " LEFT JOIN organisation o ON o.id = p.organisation_id"
            " WHERE a.meeting_id = ?1 ORDER BY a.position");
    sqlite3_bind_int64(st, 1, meeting_id);
    bind_scope(st, actor);
    json_t *list = json_array();
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *a = json_object();
        json_object_set_new(a, "name", col_name(st, 0, 4, withheld));
        json_object_set_new(a, "organisation", col_str(st, 1));
        json_object_set_new(a, "status", col_str(st, 2));
        json_object_set_new(a, "guest", json_boolean(sqlite3_column_int(st, 3)));
        json_array_append_new(list, a);
    }
    json_object_set_new(meeting, "attendees", list);
    int rc = finish(db, step, errs, "cannot read the meeting's attendees");
    sqlite3_finalize(st);
    return rc;
}

/* The organisation of the attendee called `name` (a presenter is recorded by name), or JSON
 * null when no attendee has that name. New reference. */
static json_t *attendee_organisation(const json_t *meeting, const char *name)
{
    size_t i;
    const json_t *a;
    json_array_foreach(json_object_get(meeting, "attendees"), i, a) {
        const char *n = json_string_value(json_object_get(a, "name"));
        if (name && n && strcmp(n, name) == 0)
            return json_incref(json_object_get(a, "organisation"));
    }
    return json_null();
}

/* Whether an agenda item's presenter (a name typed as text) may be shown to the actor: always
 * when the actor's reads are not limited; else when it is the name of an attendee these
 * minutes name (a person within the scope, or a guest), the rule of browse_scope_lists(). Any
 * other name may be a person's outside the scope, and the text alone cannot tell. */
static bool presenter_shown(const Actor *actor, const json_t *meeting, const char *name)
{
    if (actor_scope(actor) == ACTOR_SCOPE_ALL)
        return true;
    size_t i;
    const json_t *a;
    json_array_foreach(json_object_get(meeting, "attendees"), i, a) {
        const char *n = json_string_value(json_object_get(a, "name"));
        if (n && strcmp(n, name) == 0)
            return true;
    }
    return false;
}

/* The agenda numbered 1..n in position order (positions need not be contiguous), each item
 * with its decisions in order and its presenter's organisation when the presenter is one of
 * the attendees. */
static int add_agenda(Db *db, const Actor *actor, int64_t meeting_id, json_t *meeting,
                      int64_t *withheld, Errs *errs)
{
    sqlite3_stmt *items = db_prepare(db, "SELECT id, title, presenter, notes FROM agenda_item"
                                         " WHERE meeting_id = ?1 ORDER BY position");
    sqlite3_stmt *dec = db_prepare(db, "SELECT text FROM decision WHERE agenda_item_id = ?1"
                                       " ORDER BY position");
    sqlite3_bind_int64(items, 1, meeting_id);
    json_t *list = json_array();
    json_object_set_new(meeting, "agenda", list);
    int rc = INSATS_OK;
    int step;
    json_int_t number = 0;
    while ((step = sqlite3_step(items)) == SQLITE_ROW) {
        json_t *it = json_object();
        json_array_append_new(list, it);
        json_object_set_new(it, "number", json_integer(++number));
        json_object_set_new(it, "title", col_str(items, 1));
        const char *presenter = db_col_text(items, 2);
        bool shown = !presenter || presenter_shown(actor, meeting, presenter);
        if (!shown)
            (*withheld)++;
        json_object_set_new(it, "presenter", shown ? col_str(items, 2) : json_null());
        json_object_set_new(it, "presenter_organisation",
                            shown ? attendee_organisation(meeting, presenter) : json_null());
        json_object_set_new(it, "notes", col_str(items, 3));
        json_t *decisions = json_array();
        json_object_set_new(it, "decisions", decisions);
        sqlite3_reset(dec);
        sqlite3_bind_int64(dec, 1, sqlite3_column_int64(items, 0));
        int dstep;
        while ((dstep = sqlite3_step(dec)) == SQLITE_ROW)
            json_array_append_new(decisions, col_str(dec, 0));
        rc = finish(db, dstep, errs, "cannot read the meeting's decisions");
        if (rc != INSATS_OK)
            goto done;
    }
    rc = finish(db, step, errs, "cannot read the meeting's agenda");
done:
    sqlite3_finalize(dec);
    sqlite3_finalize(items);
    return rc;
}

/* Action items sorted by id, with the owner's name (within the actor's scope). */
static int add_actions(Db *db, const Actor *actor, int64_t meeting_id, json_t *meeting,
                       int64_t *withheld, Errs *errs)
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT ac.code, ac.text, p.name, ac.due, ac.status,"
            " p.id IS NULL OR " SCOPE_SQL_PERSON("p.id", "p.organisation_id")
            " FROM action_item ac LEFT JOIN person p ON p.id = ac.owner_person_id"
            " WHERE ac.meeting_id = ?1 ORDER BY ac.code");
    sqlite3_bind_int64(st, 1, meeting_id);
    bind_scope(st, actor);
    json_t *list = json_array();
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *a = json_object();
        json_object_set_new(a, "id", col_str(st, 0));
        json_object_set_new(a, "text", col_str(st, 1));
        json_object_set_new(a, "owner", col_name(st, 2, 5, withheld));
        json_object_set_new(a, "due", col_str(st, 3));
        json_object_set_new(a, "status", col_str(st, 4));
        json_array_append_new(list, a);
    }
    json_object_set_new(meeting, "actions", list);
    int rc = finish(db, step, errs, "cannot read the meeting's actions");
    sqlite3_finalize(st);
    return rc;
}

/* The open actions of the same group's earlier meetings, carried to this one: they stay on the
 * agenda until someone marks them done. Only for a meeting of a group; the owner's name within
 * the actor's scope. *list is NULL when there are none. */
static int add_carried(Db *db, const Actor *actor, int64_t project_id, int64_t group_id,
                       int64_t meeting_id, const char *date, json_t *meeting, int64_t *withheld,
                       Errs *errs)
{
    if (group_id <= 0)
        return INSATS_OK;
    sqlite3_stmt *st = db_prepare(
        db, "SELECT ac.code, ac.text, p.name, ac.due, m.code, m.meeting_date,"
            " p.id IS NULL OR " SCOPE_SQL_PERSON("p.id", "p.organisation_id")
            " FROM action_item ac JOIN meeting m ON m.id = ac.meeting_id"
            " LEFT JOIN person p ON p.id = ac.owner_person_id"
            " WHERE m.project_id = ?1 AND m.group_id = ?2 AND m.meeting_date < ?3"
            " AND m.id <> ?4 AND ac.status = 'open'"
            " ORDER BY m.meeting_date, m.code, ac.code");
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int64(st, 2, group_id);
    sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, meeting_id);
    bind_scope(st, actor);
    json_t *list = json_array();
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *a = json_object();
        json_object_set_new(a, "id", col_str(st, 0));
        json_object_set_new(a, "text", col_str(st, 1));
        json_object_set_new(a, "owner", col_name(st, 2, 6, withheld));
        json_object_set_new(a, "due", col_str(st, 3));
        json_object_set_new(a, "meeting", col_str(st, 4));
        json_object_set_new(a, "meeting_date", col_str(st, 5));
        json_array_append_new(list, a);
    }
    /* Said only when there are some, so that the minutes of a first meeting are as before. */
    if (json_array_size(list) > 0)
        json_object_set_new(meeting, "carried_actions", list);
    else
        json_decref(list);
    int rc = finish(db, step, errs, "cannot read the open actions of earlier meetings");
    sqlite3_finalize(st);
    return rc;
}

/* The same group's first meeting dated after `date` that is not cancelled, or JSON null
 * (also for a meeting without a group: "next" has no meaning outside a series). A planned
 * meeting counts: the minutes announce it. *out is a new reference. */
static int next_meeting(Db *db, int64_t project_id, int64_t group_id, const char *date,
                        json_t **out, Errs *errs)
{
    *out = json_null();
    if (group_id <= 0)
        return INSATS_OK;
    sqlite3_stmt *st = db_prepare(
        db, "SELECT code, meeting_date, start_time, end_time, place FROM meeting"
            " WHERE project_id = ?1 AND group_id = ?2 AND meeting_date > ?3"
            " AND status <> 'cancelled' ORDER BY meeting_date, start_time, code LIMIT 1");
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int64(st, 2, group_id);
    sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
    int rc = INSATS_OK;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        json_decref(*out);
        *out = json_object();
        json_object_set_new(*out, "id", col_str(st, 0));
        json_object_set_new(*out, "date", col_str(st, 1));
        json_object_set_new(*out, "start", col_str(st, 2));
        json_object_set_new(*out, "end", col_str(st, 3));
        json_object_set_new(*out, "place", col_str(st, 4));
    } else if (step != SQLITE_DONE) {
        rc = db_fail(db, errs, "cannot read the group's next meeting");
    }
    sqlite3_finalize(st);
    return rc;
}

int minutes_build(Db *db, const Actor *actor, int64_t project_id, const char *meeting_code,
                  json_t **out, Errs *errs)
{
    json_t *root = NULL, *project = NULL, *next = NULL;
    char *pcode = NULL, *date = NULL;
    sqlite3_stmt *st = NULL;
    int64_t withheld = 0;
    *out = NULL;
    if (!actor_sees_names(actor)) {
        errs_add(errs, "minutes name the people at a meeting, and the role %s sees figures, "
                 "not the names of people", actor_role_name(actor->role));
        return INSATS_EFORBIDDEN;
    }

    int rc = add_project(db, project_id, &project, &pcode, errs);
    if (rc != INSATS_OK)
        goto done;

    st = db_prepare(db, "SELECT m.id, m.code, m.title, g.id, g.code, g.name, m.meeting_date,"
                        " m.start_time, m.end_time, m.place, m.status, m.cancel_reason, p.name,"
                        " g.kind, p.id IS NULL OR "
                        SCOPE_SQL_PERSON("p.id", "p.organisation_id")
                        " FROM meeting m LEFT JOIN grp g ON g.id = m.group_id"
                        " LEFT JOIN person p ON p.id = m.notes_by_person_id"
                        " WHERE m.project_id = ?1 AND m.code = ?2");
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, meeting_code, -1, SQLITE_TRANSIENT);
    bind_scope(st, actor);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        errs_add(errs, "no meeting \"%s\" in project %s (`insats list meetings` shows them)",
                 meeting_code, pcode ? pcode : "?");
        rc = INSATS_EINPUT;
        goto done;
    }
    if (step != SQLITE_ROW) {
        rc = db_fail(db, errs, "cannot read the meeting");
        goto done;
    }

    int64_t meeting_id = sqlite3_column_int64(st, 0);
    int64_t group_id = sqlite3_column_type(st, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 3);
    date = xstrdup(db_col_text(st, 6));

    root = json_object();
    json_object_set_new(root, "report", json_string("minutes"));
    json_object_set_new(root, "project", project);
    project = NULL;
    json_t *meeting = json_object();
    json_object_set_new(root, "meeting", meeting);
    json_object_set_new(meeting, "id", col_str(st, 1));
    json_object_set_new(meeting, "title", col_str(st, 2));
    if (group_id > 0) {
        json_t *g = json_object();
        json_object_set_new(g, "id", col_str(st, 4));
        json_object_set_new(g, "name", col_str(st, 5));
        json_object_set_new(g, "kind", col_str(st, 13));
        json_object_set_new(meeting, "group", g);
    } else {
        json_object_set_new(meeting, "group", json_null());
    }
    json_object_set_new(meeting, "date", col_str(st, 6));
    json_object_set_new(meeting, "start", col_str(st, 7));
    json_object_set_new(meeting, "end", col_str(st, 8));
    json_object_set_new(meeting, "place", col_str(st, 9));
    json_object_set_new(meeting, "status", col_str(st, 10));
    json_object_set_new(meeting, "cancel_reason", col_str(st, 11));
    json_object_set_new(meeting, "notes_by", col_name(st, 12, 14, &withheld));
    sqlite3_finalize(st);
    st = NULL;

    if ((rc = add_attendees(db, actor, meeting_id, meeting, &withheld, errs)) != INSATS_OK ||
        (rc = add_agenda(db, actor, meeting_id, meeting, &withheld, errs)) != INSATS_OK ||
        (rc = add_actions(db, actor, meeting_id, meeting, &withheld, errs)) != INSATS_OK ||
        (rc = add_carried(db, actor, project_id, group_id, meeting_id, date, meeting, &withheld,
                          errs)) != INSATS_OK ||
        (rc = next_meeting(db, project_id, group_id, date, &next, errs)) != INSATS_OK)
        goto done;
    /* Said only when it happened, so that a manager's minutes are as they always were. */
    if (withheld > 0)
        json_object_set_new(meeting, "names_withheld", json_integer(withheld));
    json_object_set_new(root, "next_meeting", next);
    next = NULL;

    *out = root;
    root = NULL;
done:
    sqlite3_finalize(st);
    json_decref(root);
    json_decref(project);
    json_decref(next);
    free(pcode);
    free(date);
    return rc;
}
