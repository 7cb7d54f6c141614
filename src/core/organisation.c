/* organisation.c — organisations: the municipalities, regions and partners of a project. */
#include "organisation.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ORG_KEYS[] = {"id", "name", "kind", "country", "hourly_cost", NULL};

static const char SQL_ORG_UPSERT[] =
    "INSERT INTO organisation (project_id, code, name, kind, country, hourly_cost_ore) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "name = excluded.name, kind = excluded.kind, country = excluded.country, "
    "hourly_cost_ore = excluded.hourly_cost_ore RETURNING id";

/* Validates the organisation at `path` (organisations[i] in a bundle) and, while the Rec is
 * writable and its claim allows, inserts or updates it by its id. `index` is its position in its
 * list. */
void organisation_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, ORG_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *name = rec_str(r, o, path, "name", true);
    const char *kind = rec_enum(r, o, path, "kind", true, VOCAB_ORGANISATION_KIND);
    const char *country = rec_str(r, o, path, "country", false);
    if (!country)
        country = "SE";
    else if (strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' ||
             country[1] < 'A' || country[1] > 'Z')
        rec_fail(r, path, "country", "\"%.40s\" is not a two-letter country code (ISO 3166, "
                 "e.g. SE)", country);
    int64_t cost = 0;
    bool has_cost = rec_decimal(r, o, path, "hourly_cost", false, 2, 0, INT64_MAX / 2,
                                &cost);
    if (!code || !rec_claim(r, code) || !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    rec_bind_text(st, 3, name);
    rec_bind_text(st, 4, kind);
    rec_bind_text(st, 5, country);
    rec_bind_opt(st, 6, has_cost, cost);
    int64_t id = rec_write(r, st, path, true);
    if (id > 0)
        rec_put(r, REF_ORGANISATION, code, id);
}

int64_t organisation_find(Db *db, int64_t project_id, const char *code)
{
    return rec_find(db, REF_ORGANISATION, project_id, code);
}
