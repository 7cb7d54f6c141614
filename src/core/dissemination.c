/* dissemination.c — dissemination (spridning): newsletters, articles, presentations. */
#include "dissemination.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const DISSEMINATION_KEYS[] = {"id", "title", "date", "channel", "audience",
                                                 NULL};

static const char SQL_DISSEMINATION_UPSERT[] =
    "INSERT INTO dissemination (project_id, code, item_date, channel, title, audience) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "item_date = excluded.item_date, channel = excluded.channel, title = excluded.title, "
    "audience = excluded.audience";

/* Validates the dissemination entry at `path` (dissemination[i]) and, while the Rec is writable and
 * its claim allows, inserts or updates it by its id. `index` is its position in its list. */
void dissemination_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, DISSEMINATION_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    const char *date = rec_date(r, o, path, "date", true);
    const char *channel = rec_enum(r, o, path, "channel", true, VOCAB_CHANNEL);
    const char *audience = rec_str(r, o, path, "audience", false);
    if (!code || !rec_claim(r, code) || !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_DISSEMINATION_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    rec_bind_text(st, 3, date);
    rec_bind_text(st, 4, channel);
    rec_bind_text(st, 5, title);
    rec_bind_text(st, 6, audience);
    rec_write(r, st, path, true);
}
