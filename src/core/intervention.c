/* intervention.c — interventions (insatser): what the activities are grouped under. */
#include "intervention.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const INTERVENTION_KEYS[] = {"id", "title", "start", "planned_participants",
                                                "completed_on", "completed",
                                                "counts_participants", NULL};

static const char SQL_INTERVENTION_UPSERT[] =
    "INSERT INTO intervention (project_id, code, title, start_date, planned_participants, "
    "completed_on, counts_participants) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (project_id, code) DO UPDATE SET title = excluded.title, "
    "start_date = excluded.start_date, planned_participants = excluded.planned_participants, "
    "completed_on = excluded.completed_on, counts_participants = excluded.counts_participants "
    "RETURNING id";

static const char SQL_INTERVENTION_COMPLETED_DEFAULT[] =
    "UPDATE intervention SET completed_on = (SELECT d.completed_on FROM "
    "intervention_completion_default d WHERE d.intervention_id = intervention.id) WHERE id = ?1";

/* Dates the interventions that came as `completed: true` alone; runs after the activities,
 * whose sessions the date is taken from. */
void intervention_date_completed(Rec *r)
{
    for (size_t i = 0; i < r->nundated && rec_writable(r); i++)
        rec_write_by_id(r, SQL_INTERVENTION_COMPLETED_DEFAULT, r->undated[i], "interventions");
}

/* Validates the intervention at `path` (interventions[i]) and, while the Rec is writable and its
 * claim allows, inserts or updates it by its id. `index` is its position in its list. */
void intervention_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, INTERVENTION_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    const char *start = rec_date(r, o, path, "start", false);
    int64_t planned = 0;
    bool has_planned = rec_int(r, o, path, "planned_participants", false, 0, INT32_MAX,
                               &planned);
    const char *completed_on = rec_date(r, o, path, "completed_on", false);
    rec_order(r, path, "start", start, "completed_on", completed_on);
    json_t *flag = json_object_get(o, "completed");
    bool completed = rec_bool(r, o, path, "completed", false, false);
    if (completed_on && json_is_false(flag))
        rec_fail(r, path, "completed", "is false but completed_on is %s; leave completed out "
                 "(completed_on says when it was completed)", completed_on);
    bool counts = rec_bool(r, o, path, "counts_participants", false, true);
    if (!code || !rec_claim(r, code) ||
        !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_INTERVENTION_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    rec_bind_text(st, 3, title);
    rec_bind_text(st, 4, start);
    rec_bind_opt(st, 5, has_planned, planned);
    rec_bind_text(st, 6, completed_on);
    sqlite3_bind_int(st, 7, counts);
    int64_t id = rec_write(r, st, path, true);
    if (id > 0)
        rec_put(r, REF_INTERVENTION, code, id);
    if (id > 0 && completed && !completed_on) {
        if (r->nundated == r->capundated) {
            r->capundated = r->capundated ? r->capundated * 2 : 8;
            r->undated = xrealloc(r->undated, r->capundated * sizeof *r->undated);
        }
        r->undated[r->nundated++] = id;
    }
}
