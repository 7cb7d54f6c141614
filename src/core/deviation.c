/* deviation.c — deviations (avvikelser) from the plan and whether the funder was told. */
#include "deviation.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const DEVIATION_KEYS[] = {"id", "date", "area", "description",
    "reported_to_funder", "reported_date", "measures", NULL};

static const char SQL_DEVIATION_UPSERT[] =
    "INSERT INTO deviation (project_id, code, deviation_date, area, description, "
    "reported_to_funder, reported_date, measures) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (project_id, code) DO UPDATE SET deviation_date = excluded.deviation_date, "
    "area = excluded.area, description = excluded.description, "
    "reported_to_funder = excluded.reported_to_funder, reported_date = excluded.reported_date, "
    "measures = excluded.measures";

/* Validates the deviation at `path` (deviations[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id. `index` is its position in its list. */
void deviation_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, DEVIATION_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *date = rec_date(r, o, path, "date", true);
    const char *area = rec_enum(r, o, path, "area", true, VOCAB_DEVIATION_AREA);
    const char *description = rec_str(r, o, path, "description", true);
    bool reported = rec_bool(r, o, path, "reported_to_funder", false, false);
    const char *reported_date = rec_date(r, o, path, "reported_date", false);
    const char *measures = rec_str(r, o, path, "measures", false);
    if (reported_date && !reported)
        rec_fail(r, path, "reported_date", "is only allowed when reported_to_funder is true");
    if (!code || !rec_claim(r, code) || !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_DEVIATION_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    rec_bind_text(st, 3, date);
    rec_bind_text(st, 4, area);
    rec_bind_text(st, 5, description);
    sqlite3_bind_int(st, 6, reported);
    rec_bind_text(st, 7, reported_date);
    rec_bind_text(st, 8, measures);
    rec_write(r, st, path, true);
}
