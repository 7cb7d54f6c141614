/* meeting.c — meetings with their attendees, agenda, decisions and actions. */
#include "meeting.h"
#include "account.h"
#include "i18n.h"
#include "calendar.h"
#include "outbox.h"
#include "datelist.h"
#include "db.h"
#include "rec.h"
#include "record.h"
#include "stmt.h"
#include "validate.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const MEETING_KEYS[] = {"id", "title", "group", "date", "start", "end",
    "place", "status", "cancel_reason", "notes_by", "attendees", "agenda", "actions", NULL};

static const char *const ATTENDEE_KEYS[] = {"person", "name", "organisation", "status", NULL};

static const char *const AGENDA_KEYS[] = {"title", "presenter", "notes", "decisions", NULL};

static const char *const ACTION_KEYS[] = {"id", "text", "owner", "due", "status", NULL};

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

static void meeting_attendees_save(Rec *r, const json_t *o, const char *path, int64_t mid)
{
    json_t *arr = rec_array(r, o, path, "attendees");
    if (mid > 0 && rec_writable(r))
        rec_write_by_id(r, SQL_ATTENDEE_DELETE, mid, path);
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[REC_PATH_LEN];
        rec_path(apath, "%s.attendees[%zu]", path, j);
        if (!rec_object(r, a, apath, ATTENDEE_KEYS))
            continue;
        int64_t person = rec_ref(r, a, apath, "person", false, REF_PERSON);
        const char *name = rec_str(r, a, apath, "name", false);
        const char *org = rec_str(r, a, apath, "organisation", false);
        const char *status = rec_enum(r, a, apath, "status", true, VOCAB_ATTENDEE_STATUS);
        bool has_person = json_object_get(a, "person") &&
                          !json_is_null(json_object_get(a, "person"));
        if (has_person == (name != NULL))
            rec_fail(r, apath, NULL, "needs either person (a person id) or name (a guest), "
                     "not both or neither");
        else if (has_person && org)
            rec_fail(r, apath, "organisation", "is only for guests (with name)");
        if (mid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_ATTENDEE_INSERT);
        sqlite3_bind_int64(st, 1, mid);
        sqlite3_bind_int64(st, 2, (int64_t)j);
        db_bind_id_or_null(st, 3, person);
        rec_bind_text(st, 4, name);
        rec_bind_text(st, 5, org);
        rec_bind_text(st, 6, status);
        rec_write(r, st, apath, true);
    }
}

static void meeting_agenda_save(Rec *r, const json_t *o, const char *path, int64_t mid)
{
    json_t *arr = rec_array(r, o, path, "agenda");
    if (mid > 0 && rec_writable(r))
        rec_write_by_id(r, SQL_AGENDA_DELETE, mid, path);
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[REC_PATH_LEN];
        rec_path(apath, "%s.agenda[%zu]", path, j);
        if (!rec_object(r, a, apath, AGENDA_KEYS))
            continue;
        const char *title = rec_str(r, a, apath, "title", true);
        const char *presenter = rec_str(r, a, apath, "presenter", false);
        const char *notes = rec_str(r, a, apath, "notes", false);
        int64_t item = 0;
        if (mid > 0 && rec_writable(r)) {
            sqlite3_stmt *st = db_stmt(r->db, SQL_AGENDA_INSERT);
            sqlite3_bind_int64(st, 1, mid);
            sqlite3_bind_int64(st, 2, (int64_t)j);
            rec_bind_text(st, 3, title);
            rec_bind_text(st, 4, presenter);
            rec_bind_text(st, 5, notes);
            item = rec_write(r, st, apath, true);
        }
        json_t *decisions = rec_array(r, a, apath, "decisions");
        size_t k;
        json_t *d;
        json_array_foreach(decisions, k, d) {
            char dpath[REC_PATH_LEN];
            rec_path(dpath, "%s.decisions[%zu]", apath, k);
            if (!json_is_string(d) || !*json_string_value(d)) {
                rec_fail(r, dpath, NULL, "expected a non-empty string, got %s",
                         json_is_string(d) ? "an empty one" : rec_type_name(d));
                continue;
            }
            if (item <= 0 || !rec_writable(r))
                continue;
            sqlite3_stmt *st = db_stmt(r->db, SQL_DECISION_INSERT);
            sqlite3_bind_int64(st, 1, item);
            sqlite3_bind_int64(st, 2, (int64_t)k);
            rec_bind_text(st, 3, json_string_value(d));
            rec_write(r, st, dpath, true);
        }
    }
}

static void meeting_actions_save(Rec *r, const json_t *o, const char *path, int64_t mid)
{
    json_t *arr = rec_array(r, o, path, "actions");
    Idmap seen;
    idmap_init(&seen);
    char list[REC_PATH_LEN];
    rec_path(list, "%s.actions", path);
    size_t j;
    json_t *a;
    json_array_foreach(arr, j, a) {
        char apath[REC_PATH_LEN];
        rec_path(apath, "%s[%zu]", list, j);
        if (!rec_object(r, a, apath, ACTION_KEYS))
            continue;
        const char *code = rec_code(r, a, apath, "id");
        const char *text = rec_str(r, a, apath, "text", true);
        int64_t owner = rec_ref(r, a, apath, "owner", false, REF_PERSON);
        const char *due = rec_date(r, a, apath, "due", false);
        const char *status = rec_enum(r, a, apath, "status", false, VOCAB_ACTION_STATUS);
        if (!code || !rec_claim_in(r, &seen, NULL, list, j, code) || mid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_ACTION_UPSERT);
        sqlite3_bind_int64(st, 1, mid);
        rec_bind_text(st, 2, code);
        rec_bind_text(st, 3, text);
        db_bind_id_or_null(st, 4, owner);
        rec_bind_text(st, 5, due);
        rec_bind_text(st, 6, status ? status : "open");
        rec_write(r, st, apath, true);
    }
    idmap_free(&seen);
}

/* Validates the meeting at `path` (meetings[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its attendees and agenda (with decisions) replace the
 * stored ones, its actions are inserted or updated by id. `index` is its position in its list. */
void meeting_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, MEETING_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    int64_t group = rec_ref(r, o, path, "group", false, REF_GROUP);
    const char *date = rec_date(r, o, path, "date", true);
    const char *start = rec_time(r, o, path, "start");
    const char *end = rec_time(r, o, path, "end");
    rec_order(r, path, "start", start, "end", end);
    const char *place = rec_str(r, o, path, "place", false);
    const char *status = rec_enum(r, o, path, "status", true, VOCAB_MEETING_STATUS);
    const char *reason = rec_str(r, o, path, "cancel_reason", false);
    int64_t notes_by = rec_ref(r, o, path, "notes_by", false, REF_PERSON);
    if (reason && status && strcmp(status, "cancelled") != 0)
        rec_fail(r, path, "cancel_reason", "is only allowed when status is cancelled");
    int64_t mid = 0;
    if (code && rec_claim(r, code) && rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_MEETING_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_text(st, 2, code);
        db_bind_id_or_null(st, 3, group);
        rec_bind_text(st, 4, title);
        rec_bind_text(st, 5, date);
        rec_bind_text(st, 6, start);
        rec_bind_text(st, 7, end);
        rec_bind_text(st, 8, place);
        rec_bind_text(st, 9, status);
        rec_bind_text(st, 10, reason);
        db_bind_id_or_null(st, 11, notes_by);
        mid = rec_write(r, st, path, true);
    }
    meeting_attendees_save(r, o, path, mid);
    meeting_agenda_save(r, o, path, mid);
    meeting_actions_save(r, o, path, mid);
}

/* ---- the workflow: series, cancelling ------------------------------------------------------ */

/* A series' meeting ids: room for the date after the group's id. */
#define SERIES_GROUP_PART (VALIDATE_CODE_MAX - 11)

static const char SQL_GROUP_NAME[] = "SELECT name FROM grp WHERE project_id = ?1 AND code = ?2";

static const char SQL_MEETING_EXISTS[] =
    "SELECT 1 FROM meeting WHERE project_id = ?1 AND code = ?2";

/* A series creates new meetings only: an id the project has already is refused. */
static bool meeting_series_claim(Rec *r, const char *code)
{
    Stmt *st = stmt_cached(r->db, SQL_MEETING_EXISTS);
    stmt_bind_int(st, 1, r->project_id);
    stmt_bind_text(st, 2, code);
    bool exists = stmt_step(st) == STMT_ROW;
    stmt_done(st);
    if (exists)
        rec_fail(r, "", "dates", "the project has a meeting \"%s\" already: leave its date out "
                 "of the series, or change that meeting", code);
    return !exists;
}

/* The checks of the series' own fields, before any date is read. */
static void meeting_series_check(Db *db, int64_t project_id, const MeetingSeries *s,
                                 char **title, Errs *errs)
{
    Buf why = {0};
    if (!s->group || !*s->group) {
        errs_add_field(errs, "group", "group: is required (the id of the group that meets)");
    } else {
        Stmt *st = stmt_cached(db, SQL_GROUP_NAME);
        stmt_bind_int(st, 1, project_id);
        stmt_bind_text(st, 2, s->group);
        if (stmt_step(st) == STMT_ROW)
            *title = xstrdup(stmt_text(st, 0));
        else
            errs_add_field(errs, "group", "group: no group \"%.64s\" in the project "
                           "(`insats list groups`)", s->group);
        stmt_done(st);
    }
    const char *times[] = {s->start, s->end};
    const char *keys[] = {"start", "end"};
    for (int i = 0; i < 2; i++)
        if (times[i] && *times[i] && !time_valid(times[i]))
            errs_add_field(errs, keys[i], "%s: \"%.16s\" is not a time (HH:MM)", keys[i],
                           times[i]);
    if (s->start && s->end && time_valid(s->start) && time_valid(s->end) &&
        strcmp(s->end, s->start) < 0)
        errs_add_field(errs, "end", "end: %s is before the start %s", s->end, s->start);
    if (s->place && !validate_line(s->place, VALIDATE_TEXT_MAX, &why))
        errs_add_field(errs, "place", "place: %s", why.data);
    buf_clear(&why);
    if (s->title && !validate_line(s->title, VALIDATE_TEXT_MAX, &why))
        errs_add_field(errs, "title", "title: %s", why.data);
    buf_free(&why);
}

int meeting_series_create(Db *db, const Actor *actor, int64_t project_id,
                          const MeetingSeries *s, json_t **codes, Errs *errs)
{
    if (codes)
        *codes = NULL;
    if (!record_may_write(actor, "meeting", 0)) {
        errs_add(errs, "meeting series: the role %s may not plan meetings",
                 actor ? actor_role_name(actor->role) : "(none)");
        return INSATS_EFORBIDDEN;
    }
    size_t before = errs_total(errs);
    char *group_name = NULL;
    meeting_series_check(db, project_id, s, &group_name, errs);
    DateList dates;
    datelist_parse(s->dates, s->year, &dates, errs);
    if (errs_total(errs) > before) {
        datelist_free(&dates);
        free(group_name);
        return INSATS_EINPUT;
    }
    const char *title = s->title && *s->title ? s->title : group_name;
    json_t *made = json_array();
    int rc = db_tx_begin(db, errs);
    if (rc == INSATS_OK) {
        Rec r;
        rec_init(&r, db, "meeting series", project_id, errs);
        r.claim = meeting_series_claim;
        for (size_t i = 0; i < dates.count; i++) {
            char code[VALIDATE_CODE_MAX * 4 + 16];
            snprintf(code, sizeof code, "%.*s-%s", SERIES_GROUP_PART, s->group, dates.dates[i]);
            json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", code, "title", title,
                                  "group", s->group, "date", dates.dates[i], "status",
                                  "planned");
            const char *opt[][2] = {{"start", s->start}, {"end", s->end}, {"place", s->place}};
            for (size_t k = 0; k < sizeof opt / sizeof *opt; k++)
                if (opt[k][1] && *opt[k][1])
                    json_object_set_new(m, opt[k][0], json_string(opt[k][1]));
            char path[REC_PATH_LEN];
            rec_path(path, "%s", dates.dates[i]);
            meeting_save_json(&r, m, path, i);
            json_array_append_new(made, json_string(code));
            json_decref(m);
        }
        if (rec_writable(&r)) {
            rc = db_tx_commit(db, errs);
        } else {
            db_tx_rollback(db);
            rc = r.storage_failed ? INSATS_ESTORAGE : INSATS_EINPUT;
        }
        rec_free(&r);
    }
    datelist_free(&dates);
    free(group_name);
    if (rc == INSATS_OK && codes)
        *codes = made;
    else
        json_decref(made);
    return rc;
}

static const char SQL_MEETING_STATUS[] =
    "SELECT id, status FROM meeting WHERE project_id = ?1 AND code = ?2";

static const char SQL_MEETING_CANCEL[] =
    "UPDATE meeting SET status = 'cancelled', cancel_reason = ?2 WHERE id = ?1";

/* Longest reason for a cancelled meeting, in characters. */
#define CANCEL_REASON_MAX 500

typedef struct CancelCtx {
    const Actor *actor;
    int64_t project_id;
    const char *code;
    const char *reason;
} CancelCtx;

static int meeting_cancel_notify(Db *db, const Actor *actor, int64_t project_id, int64_t id,
                                 const char *code, const char *reason, Errs *errs);

static int meeting_cancel_tx(Db *db, void *ctx, Errs *errs)
{
    const CancelCtx *c = ctx;
    Stmt *st = stmt_cached(db, SQL_MEETING_STATUS);
    stmt_bind_int(st, 1, c->project_id);
    stmt_bind_text(st, 2, c->code);
    StmtResult res = stmt_step(st);
    int64_t id = res == STMT_ROW ? stmt_int(st, 0) : 0;
    char status[16] = "";
    if (res == STMT_ROW)
        snprintf(status, sizeof status, "%s", stmt_text(st, 1));
    int rc = INSATS_OK;
    if (res != STMT_ROW && res != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot read the meeting");
    stmt_done(st);
    if (rc != INSATS_OK)
        return rc;
    if (!id) {
        errs_add_field(errs, "id", "no meeting \"%.64s\" in the project (`insats list meetings`)",
                       c->code);
        return INSATS_EINPUT;
    }
    if (strcmp(status, "planned") != 0) {
        errs_add_field(errs, "id", "meeting %.64s: is %s already; only a planned meeting can be "
                       "cancelled", c->code, strcmp(status, "held") == 0 ? "held" : "cancelled");
        return INSATS_EINPUT;
    }
    st = stmt_cached(db, SQL_MEETING_CANCEL);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, c->reason);
    rc = stmt_exec(st, errs, "cannot cancel the meeting");
    /* those invited hear of it in the same transaction: no cancellation without its message */
    if (rc == INSATS_OK)
        rc = meeting_cancel_notify(db, c->actor, c->project_id, id, c->code, c->reason, errs);
    return rc;
}

int meeting_cancel(Db *db, const Actor *actor, int64_t project_id, const char *code,
                   const char *reason, Errs *errs)
{
    if (!record_may_write(actor, "meeting", 0)) {
        errs_add(errs, "meeting: the role %s may not cancel meetings",
                 actor ? actor_role_name(actor->role) : "(none)");
        return INSATS_EFORBIDDEN;
    }
    Buf why = {0};
    int rc = INSATS_OK;
    if (!reason || !*reason) {
        errs_add_field(errs, "reason", "reason: is required (say why the meeting is cancelled, "
                       "as the invitation and the calendar will show it)");
        rc = INSATS_EINPUT;
    } else if (!validate_line(reason, CANCEL_REASON_MAX, &why)) {
        errs_add_field(errs, "reason", "reason: %s", why.data);
        rc = INSATS_EINPUT;
    }
    buf_free(&why);
    if (rc != INSATS_OK)
        return rc;
    CancelCtx c = {actor, project_id, code ? code : "", reason};
    return db_tx(db, meeting_cancel_tx, &c, errs);
}

/* ---- the invitation ---------------------------------------------------------------------- */

/* The planned meetings of a group (of project ?1, or of every project with ?1 = 0), not yet
 * past on ?2 (today), whose invitation is due — the group's days before reached — or whose
 * invitation went out before the meeting last changed (an invitee's SEQUENCE behind the
 * event's); or (?3) the one meeting named, whatever the day. in_window says whether new
 * invitations go too, or only the updates. */
static const char SQL_INVITE_DUE[] =
    "SELECT m.id, m.code, m.title, m.meeting_date, m.start_time, m.end_time, m.place, g.id,"
    " g.name, m.project_id, coalesce(ic.sequence, 0),"
    " (?3 IS NOT NULL OR date(m.meeting_date, '-' || coalesce(s.invite_days, 7) || ' days')"
    "  <= ?2) AS in_window"
    " FROM meeting m JOIN grp g ON g.id = m.group_id"
    " LEFT JOIN group_meeting_setting s ON s.group_id = g.id"
    " LEFT JOIN meeting_ical ic ON ic.meeting_id = m.id"
    " WHERE (?1 = 0 OR m.project_id = ?1) AND m.status = 'planned' AND m.meeting_date >= ?2"
    " AND (?3 IS NULL OR m.code = ?3)"
    " AND (in_window OR EXISTS (SELECT 1 FROM meeting_invitee i WHERE i.meeting_id = m.id"
    "      AND i.sequence < coalesce(ic.sequence, 0)))"
    " ORDER BY m.meeting_date, m.code";

/* Who gets a message about meeting ?4 of group ?1: with ?5 (its invitations are due) the
 * group's current members with an e-mail address, and everyone invited to it before, with
 * the SEQUENCE their last message carried (NULL: not invited yet). */
static const char SQL_INVITE_TO[] =
    "SELECT p.id, coalesce(nullif(p.email, ''), i.address), i.sequence FROM person p"
    " LEFT JOIN meeting_invitee i ON i.meeting_id = ?4 AND i.person_id = p.id"
    " WHERE (?5 AND p.email IS NOT NULL AND p.email <> '' AND EXISTS (SELECT 1 FROM membership ms"
    "        WHERE ms.group_id = ?1 AND ms.person_id = p.id"
    "        AND (ms.to_date IS NULL OR ms.to_date >= ?2)"
    "        AND (ms.from_date IS NULL OR ms.from_date <= ?3)))"
    " OR i.person_id IS NOT NULL ORDER BY p.id";

static const char SQL_INVITEE_SAVE[] =
    "INSERT INTO meeting_invitee (meeting_id, person_id, address, sequence)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (meeting_id, person_id) DO UPDATE SET"
    " address = excluded.address, sequence = excluded.sequence";

static const char SQL_INVITE_AGENDA[] =
    "SELECT title FROM agenda_item WHERE meeting_id = ?1 ORDER BY position";

static const char SQL_INVITE_CARRIED[] =
    "SELECT ac.text, ac.due FROM action_item ac JOIN meeting m ON m.id = ac.meeting_id"
    " WHERE m.group_id = ?1 AND m.meeting_date < ?2 AND ac.status = 'open'"
    " ORDER BY m.meeting_date, m.code, ac.code";

typedef struct InviteMeeting {
    int64_t id, group_id, project_id, sequence;
    bool in_window;
    char *code, *title, *date, *start, *end, *place, *group;
} InviteMeeting;

/* The invitation's text: when and where, the agenda numbered, the open actions carried; an
 * update says first that the meeting changed. */
static char *meeting_invite_text(Db *db, const InviteMeeting *m, bool update)
{
    Buf b = {0};
    if (update)
        buf_printf(&b, _("Ändrad kallelse till %s"), m->title);
    else
        buf_printf(&b, _("Kallelse till %s"), m->title);
    buf_puts(&b, "\n\n");
    if (update)
        buf_printf(&b, "%s\n\n",
                   _("Mötet har ändrats sedan kallelsen skickades. Så här blir det:"));
    buf_printf(&b, _("Dag: %s"), m->date);
    buf_puts(&b, "\n");
    if (m->start) {
        char when[32];
        snprintf(when, sizeof when, "%.2s.%.2s%s%.2s%s%.2s", m->start, m->start + 3,
                 m->end ? "–" : "", m->end ? m->end : "", m->end ? "." : "",
                 m->end ? m->end + 3 : "");
        buf_printf(&b, _("Tid: %s"), when);
        buf_puts(&b, "\n");
    }
    if (m->place) {
        buf_printf(&b, _("Plats: %s"), m->place);
        buf_puts(&b, "\n");
    }
    Stmt *st = stmt_cached(db, SQL_INVITE_AGENDA);
    stmt_bind_int(st, 1, m->id);
    for (int n = 1; stmt_step(st) == STMT_ROW; n++) {
        if (n == 1)
            buf_printf(&b, "\n%s\n", _("Dagordning"));
        buf_printf(&b, "%d. %s\n", n, stmt_text(st, 0));
    }
    stmt_done(st);
    st = stmt_cached(db, SQL_INVITE_CARRIED);
    stmt_bind_int(st, 1, m->group_id);
    stmt_bind_text(st, 2, m->date);
    for (int n = 1; stmt_step(st) == STMT_ROW; n++) {
        if (n == 1)
            buf_printf(&b, "\n%s\n", _("Öppna åtgärder från tidigare möten"));
        if (stmt_text(st, 1))
            buf_printf(&b, _("- %s (klart senast %s)"), stmt_text(st, 0), stmt_text(st, 1));
        else
            buf_printf(&b, "- %s", stmt_text(st, 0));
        buf_puts(&b, "\n");
    }
    stmt_done(st);
    buf_puts(&b, "\n");
    buf_printf(&b, _("Mötet finns som kalenderhändelse i bilagan (%s)."), "mote.ics");
    buf_puts(&b, "\n");
    return buf_steal(&b);
}

/* One recipient of a meeting's message: a person, their address, the SEQUENCE their last
 * message carried (-1: none yet). */
typedef struct InviteTo {
    int64_t person;
    char *address;
    int64_t sequence;
} InviteTo;

/* The recipients a statement reads (person, address and, in a third column, the SEQUENCE of
 * their last message, NULL for none) into *out (caller frees with meeting_invite_free):
 * collected first, as outbox_add runs statements of its own. Finishes st. */
static int meeting_invite_recipients(Stmt *st, InviteTo **out, size_t *n, Errs *errs)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    bool seq = stmt_columns(st) > 2;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = (InviteTo){stmt_int(st, 0), xstrdup(stmt_text(st, 1)),
                                    !seq || stmt_is_null(st, 2) ? -1 : stmt_int(st, 2)};
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the invitees");
    stmt_done(st);
    return rc;
}

static void meeting_invite_free(InviteTo *to, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(to[i].address);
    free(to);
}

/* The system's own rights for the sweep, which acts for no one: a manager's reads of the
 * meeting's calendar event. */
static const Actor *meeting_sweep_actor(void)
{
    static const Actor sweep = {.login = "insats", .name = "insats", .role = ROLE_MANAGER};
    return &sweep;
}

/* The invitations (and updated invitations) of one meeting, inside the caller's transaction:
 * each recipient not invited yet gets the invitation, each whose last message carried an
 * older SEQUENCE the updated one; meeting_invitee remembers what each got. */
static int meeting_invite_one(Db *db, const InviteMeeting *m, size_t *written, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_INVITE_TO);
    stmt_bind_int(st, 1, m->group_id);
    stmt_bind_text(st, 2, m->date);
    stmt_bind_text(st, 3, m->date);
    stmt_bind_int(st, 4, m->id);
    stmt_bind_bool(st, 5, m->in_window);
    InviteTo *to = NULL;
    size_t n = 0;
    int rc = meeting_invite_recipients(st, &to, &n, errs);
    char *ics = NULL, *body = NULL, *changed = NULL;
    /* To the group's members as people, who have no language of their own: Swedish. */
    Lang shown = i18n_switch(account_language(db, 0));
    if (rc == INSATS_OK && n)
        rc = calendar_meeting(db, meeting_sweep_actor(), m->project_id, m->code, &ics, errs);
    char subject[512], subject_changed[512];
    snprintf(subject, sizeof subject, _("Kallelse: %.300s %s"), m->title, m->date);
    snprintf(subject_changed, sizeof subject_changed, _("Ändrad kallelse: %.300s %s"), m->title,
             m->date);
    if (rc == INSATS_OK && n) {
        body = meeting_invite_text(db, m, false);
        changed = meeting_invite_text(db, m, true);
    }
    i18n_switch(shown);
    for (size_t i = 0; i < n && rc == INSATS_OK; i++) {
        bool update = to[i].sequence >= 0;
        if (update && to[i].sequence >= m->sequence)
            continue;
        if (!update && !m->in_window)
            continue;
        char *once = update ? xasprintf("meeting_invitation:meeting:%lld:seq:%lld:person:%lld",
                                        (long long)m->id, (long long)m->sequence,
                                        (long long)to[i].person)
                            : xasprintf("meeting_invitation:meeting:%lld:person:%lld",
                                        (long long)m->id, (long long)to[i].person);
        OutboxMessage msg = {
            .kind = "meeting_invitation", .person_id = to[i].person, .address = to[i].address,
            .subject = update ? subject_changed : subject, .body = update ? changed : body,
            .attachment_name = "mote.ics",
            .attachment_type = "text/calendar; method=PUBLISH; charset=utf-8",
            .attachment = ics, .attachment_len = strlen(ics), .once_key = once};
        int64_t id = 0;
        rc = outbox_add(db, &msg, &id, errs);
        *written += rc == INSATS_OK && id > 0;
        free(once);
        if (rc == INSATS_OK) {
            st = stmt_cached(db, SQL_INVITEE_SAVE);
            stmt_bind_int(st, 1, m->id);
            stmt_bind_int(st, 2, to[i].person);
            stmt_bind_text(st, 3, to[i].address);
            stmt_bind_int(st, 4, m->sequence);
            rc = stmt_exec(st, errs, "cannot record the invitation");
        }
    }
    meeting_invite_free(to, n);
    free(changed);
    free(body);
    free(ics);
    return rc;
}

int meeting_invitations_due(Db *db, int64_t project_id, const char *meeting,
                            const char *today, size_t *written, Errs *errs)
{
    assert(db_in_transaction(db));
    *written = 0;
    Stmt *st = stmt_cached(db, SQL_INVITE_DUE);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    stmt_bind_text(st, 3, meeting);
    InviteMeeting *ms = NULL;
    size_t n = 0, cap = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            ms = xrealloc(ms, cap * sizeof *ms);
        }
        InviteMeeting *m = &ms[n++];
        m->id = stmt_int(st, 0);
        m->code = xstrdup(stmt_text(st, 1));
        m->title = xstrdup(stmt_text(st, 2));
        m->date = xstrdup(stmt_text(st, 3));
        m->start = xstrdup(stmt_text(st, 4));
        m->end = xstrdup(stmt_text(st, 5));
        m->place = xstrdup(stmt_text(st, 6));
        m->group_id = stmt_int(st, 7);
        m->group = xstrdup(stmt_text(st, 8));
        m->project_id = stmt_int(st, 9);
        m->sequence = stmt_int(st, 10);
        m->in_window = stmt_int(st, 11) != 0;
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the meetings");
    stmt_done(st);
    if (rc == INSATS_OK && meeting && n == 0) {
        errs_add_field(errs, "id", "no planned meeting \"%.64s\" of a group from %s on in the "
                       "project", meeting, today);
        rc = INSATS_EINPUT;
    }
    for (size_t i = 0; i < n; i++) {
        if (rc == INSATS_OK)
            rc = meeting_invite_one(db, &ms[i], written, errs);
        free(ms[i].code);
        free(ms[i].title);
        free(ms[i].date);
        free(ms[i].start);
        free(ms[i].end);
        free(ms[i].place);
        free(ms[i].group);
    }
    free(ms);
    if (rc != INSATS_OK)
        *written = 0;
    return rc;
}

int meeting_invitations_send(Db *db, const Actor *actor, int64_t project_id,
                             const char *meeting, const char *today, size_t *written,
                             Errs *errs)
{
    *written = 0;
    if (!record_may_write(actor, "meeting", 0)) {
        errs_add(errs, "meeting: the role %s may not send invitations",
                 actor ? actor_role_name(actor->role) : "(none)");
        return INSATS_EFORBIDDEN;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = meeting_invitations_due(db, project_id, meeting, today, written, errs);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

/* ---- the cancellation's message ------------------------------------------------------------ */

static const char SQL_CANCEL_TO[] =
    "SELECT p.id, coalesce(nullif(p.email, ''), i.address) FROM meeting_invitee i"
    " JOIN person p ON p.id = i.person_id WHERE i.meeting_id = ?1 ORDER BY p.id";

static const char SQL_CANCEL_MEETING[] =
    "SELECT title, meeting_date FROM meeting WHERE id = ?1";

/* Tells everyone invited to meeting `id` (cancelled just now, in the caller's transaction)
 * that it is cancelled and why, with the event (STATUS:CANCELLED) attached, once each. */
static int meeting_cancel_notify(Db *db, const Actor *actor, int64_t project_id, int64_t id,
                                 const char *code, const char *reason, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_CANCEL_TO);
    stmt_bind_int(st, 1, id);
    InviteTo *to = NULL;
    size_t n = 0;
    int rc = meeting_invite_recipients(st, &to, &n, errs);
    char *ics = NULL, *subject = NULL, *body = NULL;
    if (rc == INSATS_OK && n) {
        /* To the invited as people: Swedish, whatever the language of who cancels. */
        Lang shown = i18n_switch(account_language(db, 0));
        rc = calendar_meeting(db, actor, project_id, code, &ics, errs);
        st = stmt_cached(db, SQL_CANCEL_MEETING);
        stmt_bind_int(st, 1, id);
        if (rc == INSATS_OK && stmt_step(st) == STMT_ROW) {
            subject = xasprintf(_("Inställt: %.300s %s"), stmt_text(st, 0), stmt_text(st, 1));
            body = xasprintf(_("Mötet %s den %s är inställt.\n\nSkäl: %s\n\nKalenderhändelsen i "
                               "bilagan (mote.ics) stryker mötet i din kalender.\n"),
                             stmt_text(st, 0), stmt_text(st, 1), reason);
        }
        stmt_done(st);
        i18n_switch(shown);
    }
    for (size_t i = 0; i < n && rc == INSATS_OK && body; i++) {
        char *once = xasprintf("meeting_cancellation:meeting:%lld:person:%lld", (long long)id,
                               (long long)to[i].person);
        OutboxMessage msg = {
            .kind = "meeting_invitation", .person_id = to[i].person, .address = to[i].address,
            .subject = subject, .body = body, .attachment_name = "mote.ics",
            .attachment_type = "text/calendar; method=PUBLISH; charset=utf-8",
            .attachment = ics, .attachment_len = strlen(ics), .once_key = once};
        rc = outbox_add(db, &msg, NULL, errs);
        free(once);
    }
    meeting_invite_free(to, n);
    free(ics);
    free(subject);
    free(body);
    return rc;
}
