/* narrative.c — the narratives (lägesrapport and slutrapport texts) by period and section. */
#include "narrative.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const NARRATIVE_KEYS[] = {"period", "section", "text", "empty", NULL};

static const char SQL_NARRATIVE_UPDATE[] =
    "UPDATE narrative SET text = ?4, empty = ?5 WHERE project_id = ?1 AND period IS ?2"
    " AND section = ?3";

static const char SQL_NARRATIVE_INSERT[] =
    "INSERT INTO narrative (project_id, period, section, text, empty) VALUES (?1, ?2, ?3, ?4, ?5)";

/* Validates the narrative at `path` (narratives[i]) and, while the Rec is writable, inserts
 * or updates it by its period and section. `seen` (the bundle's: "period/section" → index;
 * NULL for one record) catches a second narrative for the same period and section. */
void narrative_save_json(Rec *r, const json_t *o, const char *path, size_t index, Idmap *seen)
{
    if (!rec_object(r, o, path, NARRATIVE_KEYS))
        return;
    int64_t period = 0;
    bool has_period = rec_int(r, o, path, "period", false, 1, 9999, &period);
    const char *section_name = rec_code(r, o, path, "section");
    const char *text = rec_str(r, o, path, "text", false);
    /* A question left unanswered on purpose: no text, or an empty one. */
    bool empty = rec_bool(r, o, path, "empty", false, false);
    if (empty && text && *text)
        rec_fail(r, path, "text", "a narrative marked \"empty\": true has no text; remove the "
                 "text, or the \"empty\" mark to give the answer");
    else if (empty)
        text = "";
    if (!text && !json_object_get(o, "text"))
        rec_fail(r, path, "text", "is required (or \"empty\": true for a question left "
                 "unanswered on purpose)");
    char num[24] = "null";
    if (has_period) {
        snprintf(num, sizeof num, "%" PRId64, period);
        int64_t known;
        if (!rec_lookup(r, REF_PERIOD, num, &known))
            rec_fail(r, path, "period", "no reporting period %s in project.reporting_periods",
                     num);
    }
    char key[96];
    snprintf(key, sizeof key, "%s/%.64s", num, section_name ? section_name : "");
    int64_t first;
    if (section_name && seen && idmap_get(seen, key, &first)) {
        rec_fail(r, path, NULL, "a second narrative for period %s and section \"%.64s\" "
                 "(also narratives[%" PRId64 "])", num, section_name, first);
        return;
    }
    if (section_name && seen)
        idmap_put(seen, key, (int64_t)index);
    if (!section_name || !text || !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_NARRATIVE_UPDATE);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_opt(st, 2, has_period, period);
    rec_bind_text(st, 3, section_name);
    rec_bind_text(st, 4, text);
    sqlite3_bind_int(st, 5, empty);
    rec_write(r, st, path, false);
    if (sqlite3_changes(r->db->h) == 0 && rec_writable(r)) {
        st = db_stmt(r->db, SQL_NARRATIVE_INSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_opt(st, 2, has_period, period);
        rec_bind_text(st, 3, section_name);
        rec_bind_text(st, 4, text);
        sqlite3_bind_int(st, 5, empty);
        rec_write(r, st, path, true);
    } else {
        r->records++;
    }
}
