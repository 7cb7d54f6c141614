/* budget.c — the budget: categories, versions with their lines, and the costs booked. */
#include "budget.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CATEGORY_KEYS[] = {"id", "name", NULL};

static const char *const VERSION_KEYS[] = {"id", "name", "date", "reason", "lines", NULL};

static const char *const LINE_KEYS[] = {"category", "year", "amount", NULL};

static const char *const COST_KEYS[] = {"id", "date", "category", "amount", "text", "activity",
                                        "voucher", NULL};

static const char SQL_CATEGORY_UPSERT[] =
    "INSERT INTO budget_category (project_id, code, position, name) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (project_id, code) DO UPDATE SET position = excluded.position, "
    "name = excluded.name RETURNING id";

static const char SQL_VERSION_UPSERT[] =
    "INSERT INTO budget_version (project_id, code, position, name, version_date, reason) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (project_id, code) DO UPDATE SET "
    "position = excluded.position, name = excluded.name, version_date = excluded.version_date, "
    "reason = excluded.reason RETURNING id";

static const char SQL_LINE_DELETE[] = "DELETE FROM budget_line WHERE version_id = ?1";

static const char SQL_LINE_INSERT[] =
    "INSERT INTO budget_line (version_id, category_id, year, amount_ore) VALUES (?1, ?2, ?3, ?4)";

static const char SQL_COST_UPSERT[] =
    "INSERT INTO cost_entry (project_id, code, cost_date, category_id, amount_ore, text, "
    "activity_id, voucher) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (project_id, code) DO UPDATE SET cost_date = excluded.cost_date, "
    "category_id = excluded.category_id, amount_ore = excluded.amount_ore, "
    "text = excluded.text, activity_id = excluded.activity_id, voucher = excluded.voucher";

static void budget_lines_save(Rec *r, const json_t *v, const char *path, int64_t vid)
{
    json_t *arr = rec_array(r, v, path, "lines");
    if (vid > 0 && rec_writable(r))
        rec_write_by_id(r, SQL_LINE_DELETE, vid, path);
    Idmap seen;   /* "category/year": a line per category and year */
    idmap_init(&seen);
    size_t j;
    json_t *l;
    json_array_foreach(arr, j, l) {
        char lpath[REC_PATH_LEN];
        rec_path(lpath, "%s.lines[%zu]", path, j);
        if (!rec_object(r, l, lpath, LINE_KEYS))
            continue;
        int64_t cat = rec_ref(r, l, lpath, "category", true, REF_CATEGORY);
        int64_t year = 0, amount = 0;
        bool has_year = rec_int(r, l, lpath, "year", true, 1900, 2999, &year);
        rec_decimal(r, l, lpath, "amount", true, 2, 0, INT64_MAX / 2, &amount);
        const char *cat_code = json_string_value(json_object_get(l, "category"));
        if (cat_code && has_year) {
            char key[96];
            snprintf(key, sizeof key, "%.64s/%" PRId64, cat_code, year);
            if (!idmap_put(&seen, key, 1))
                rec_fail(r, lpath, NULL, "a second line for category \"%.64s\" and year %" PRId64,
                         cat_code, year);
        }
        if (vid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_LINE_INSERT);
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int64(st, 2, cat);
        sqlite3_bind_int64(st, 3, year);
        sqlite3_bind_int64(st, 4, amount);
        rec_write(r, st, lpath, true);
    }
    idmap_free(&seen);
}

/* Validates the budget category at `path` (budget.categories[i]) and, while the Rec is writable and
 * its claim allows, inserts or updates it by its id. `index` is its position in its list. */
void budget_category_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, CATEGORY_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *name = rec_str(r, o, path, "name", true);
    if (!code || !rec_claim(r, code) ||
        !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_CATEGORY_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    sqlite3_bind_int64(st, 3, (int64_t)index);
    rec_bind_text(st, 4, name);
    int64_t id = rec_write(r, st, path, true);
    if (id > 0)
        rec_put(r, REF_CATEGORY, code, id);
}

/* Validates the budget version at `path` (budget.versions[i]) and, while the Rec is writable and
 * its claim allows, inserts or updates it by its id; its lines replace the stored ones. `index` is
 * its position in its list. */
void budget_version_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, VERSION_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *name = rec_str(r, o, path, "name", true);
    const char *date = rec_date(r, o, path, "date", true);
    const char *reason = rec_str(r, o, path, "reason", false);
    int64_t vid = 0;
    if (code && rec_claim(r, code) && rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_VERSION_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_text(st, 2, code);
        sqlite3_bind_int64(st, 3, (int64_t)index);
        rec_bind_text(st, 4, name);
        rec_bind_text(st, 5, date);
        rec_bind_text(st, 6, reason);
        vid = rec_write(r, st, path, true);
    }
    budget_lines_save(r, o, path, vid);
}

/* Validates the cost at `path` (budget.costs[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id. `index` is its position in its list. */
void budget_cost_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, COST_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *date = rec_date(r, o, path, "date", true);
    int64_t cat = rec_ref(r, o, path, "category", true, REF_CATEGORY);
    int64_t amount = 0;
    rec_decimal(r, o, path, "amount", true, 2, -INT64_MAX / 2, INT64_MAX / 2, &amount);
    const char *text = rec_str(r, o, path, "text", false);
    int64_t activity = rec_ref(r, o, path, "activity", false, REF_ACTIVITY);
    const char *voucher = rec_str(r, o, path, "voucher", false);
    if (!code || !rec_claim(r, code) || !rec_writable(r))
        return;
    sqlite3_stmt *st = db_stmt(r->db, SQL_COST_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    rec_bind_text(st, 3, date);
    sqlite3_bind_int64(st, 4, cat);
    sqlite3_bind_int64(st, 5, amount);
    rec_bind_text(st, 6, text);
    db_bind_id_or_null(st, 7, activity);
    rec_bind_text(st, 8, voucher);
    rec_write(r, st, path, true);
}
