/* proposal.c — proposals of training from the organisations, with their history. */
#include "proposal.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const PROPOSAL_KEYS[] = {"id", "title", "area", "organisation", "unit",
    "description", "submitted", "estimated_participants", "status", "history", NULL};

static const char *const EVENT_KEYS[] = {"date", "status", "by", "note", NULL};

static const char SQL_PROPOSAL_UPSERT[] =
    "INSERT INTO proposal (project_id, code, title, area_id, organisation_id, unit, description, "
    "submitted, estimated_participants, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (project_id, code) DO UPDATE SET title = excluded.title, "
    "area_id = excluded.area_id, organisation_id = excluded.organisation_id, "
    "unit = excluded.unit, description = excluded.description, submitted = excluded.submitted, "
    "estimated_participants = excluded.estimated_participants, status = excluded.status "
    "RETURNING id";

static const char SQL_EVENT_DELETE[] = "DELETE FROM proposal_event WHERE proposal_id = ?1";

static const char SQL_EVENT_INSERT[] =
    "INSERT INTO proposal_event (proposal_id, position, event_date, status, by_person_id, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Validates the proposal at `path` (proposals[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its history replaces the stored one. `index` is its
 * position in its list. */
void proposal_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, PROPOSAL_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    int64_t area = rec_ref(r, o, path, "area", false, REF_AREA);
    int64_t org = rec_ref(r, o, path, "organisation", true, REF_ORGANISATION);
    const char *unit = rec_str(r, o, path, "unit", false);
    const char *description = rec_str(r, o, path, "description", false);
    const char *submitted = rec_date(r, o, path, "submitted", true);
    int64_t estimated = 0;
    bool has_estimated = rec_int(r, o, path, "estimated_participants", false, 0,
                                 INT32_MAX, &estimated);
    const char *status = rec_enum(r, o, path, "status", true, VOCAB_PROPOSAL_STATUS);
    bool fresh = code && rec_claim(r, code);
    int64_t pid = 0;
    if (fresh && rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_PROPOSAL_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_text(st, 2, code);
        rec_bind_text(st, 3, title);
        db_bind_id_or_null(st, 4, area);
        sqlite3_bind_int64(st, 5, org);
        rec_bind_text(st, 6, unit);
        rec_bind_text(st, 7, description);
        rec_bind_text(st, 8, submitted);
        rec_bind_opt(st, 9, has_estimated, estimated);
        rec_bind_text(st, 10, status);
        pid = rec_write(r, st, path, true);
        if (pid > 0) {
            rec_put(r, REF_PROPOSAL, code, pid);
            rec_write_by_id(r, SQL_EVENT_DELETE, pid, path);
        }
    }
    json_t *history = rec_array(r, o, path, "history");
    size_t j;
    json_t *e;
    json_array_foreach(history, j, e) {
        char epath[REC_PATH_LEN];
        rec_path(epath, "%s.history[%zu]", path, j);
        if (!rec_object(r, e, epath, EVENT_KEYS))
            continue;
        const char *date = rec_date(r, e, epath, "date", true);
        const char *estatus = rec_enum(r, e, epath, "status", true, VOCAB_PROPOSAL_STATUS);
        int64_t by = rec_ref(r, e, epath, "by", false, REF_PERSON);
        const char *note = rec_str(r, e, epath, "note", false);
        if (pid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_EVENT_INSERT);
        sqlite3_bind_int64(st, 1, pid);
        sqlite3_bind_int64(st, 2, (int64_t)j);
        rec_bind_text(st, 3, date);
        rec_bind_text(st, 4, estatus);
        db_bind_id_or_null(st, 5, by);
        rec_bind_text(st, 6, note);
        rec_write(r, st, epath, true);
    }
}
