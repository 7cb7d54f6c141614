/* meeting.c — meetings with their attendees, agenda, decisions and actions. */
#include "meeting.h"
#include "rec.h"

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
