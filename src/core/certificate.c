/* certificate.c — certificates (intyg) given to people. */
#include "certificate.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CERTIFICATE_KEYS[] = {"id", "title", "person", "activity", "issued",
                                               NULL};

static const char SQL_CERTIFICATE_UPSERT[] =
    "INSERT INTO certificate (project_id, code, person_id, activity_id, title, issued) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "person_id = excluded.person_id, activity_id = excluded.activity_id, "
    "title = excluded.title, issued = excluded.issued";

/* Validates the certificate at `path` (certificates[i]) and, while the Rec is writable and its
 * claim allows, inserts or updates it by its id. `index` is its position in its list. */
void certificate_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, CERTIFICATE_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    int64_t person = rec_ref(r, o, path, "person", true, REF_PERSON);
    int64_t activity = rec_ref(r, o, path, "activity", false, REF_ACTIVITY);
    const char *issued = rec_date(r, o, path, "issued", true);
    if (!code || !rec_claim(r, code) || !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_CERTIFICATE_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    sqlite3_bind_int64(st, 3, person);
    db_bind_id_or_null(st, 4, activity);
    rec_bind_text(st, 5, title);
    rec_bind_text(st, 6, issued);
    rec_write(r, st, path, true);
}
