/* group.c — groups (steering group, project group …) and their members. */
#include "group.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const GROUP_KEYS[] = {"id", "name", "kind", "members", NULL};

static const char *const MEMBER_KEYS[] = {"person", "from", "to", "role", NULL};

static const char SQL_GROUP_UPSERT[] =
    "INSERT INTO grp (project_id, code, name, kind) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (project_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind "
    "RETURNING id";

static const char SQL_MEMBER_DELETE[] = "DELETE FROM membership WHERE group_id = ?1";

static const char SQL_MEMBER_INSERT[] =
    "INSERT INTO membership (group_id, person_id, from_date, to_date, role) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

/* Validates the group at `path` (groups[i]) and, while the Rec is writable and its claim allows,
 * inserts or updates it by its id; its members replace the stored ones. `index` is its position in
 * its list. */
void group_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, GROUP_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *name = rec_str(r, o, path, "name", true);
    const char *kind = rec_enum(r, o, path, "kind", true, VOCAB_GROUP_KIND);
    bool fresh = code && rec_claim(r, code);
    int64_t gid = 0;
    if (fresh && rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_GROUP_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_text(st, 2, code);
        rec_bind_text(st, 3, name);
        rec_bind_text(st, 4, kind);
        gid = rec_write(r, st, path, true);
        if (gid > 0) {
            rec_put(r, REF_GROUP, code, gid);
            rec_write_by_id(r, SQL_MEMBER_DELETE, gid, path);
        }
    }
    json_t *members = rec_array(r, o, path, "members");
    size_t j;
    json_t *m;
    json_array_foreach(members, j, m) {
        char mpath[REC_PATH_LEN];
        rec_path(mpath, "%s.members[%zu]", path, j);
        if (!rec_object(r, m, mpath, MEMBER_KEYS))
            continue;
        int64_t person = rec_ref(r, m, mpath, "person", true, REF_PERSON);
        const char *from = rec_date(r, m, mpath, "from", false);
        const char *to = rec_date(r, m, mpath, "to", false);
        rec_order(r, mpath, "from", from, "to", to);
        const char *role = rec_str(r, m, mpath, "role", false);
        if (gid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_MEMBER_INSERT);
        sqlite3_bind_int64(st, 1, gid);
        sqlite3_bind_int64(st, 2, person);
        rec_bind_text(st, 3, from);
        rec_bind_text(st, 4, to);
        rec_bind_text(st, 5, role);
        rec_write(r, st, mpath, true);
    }
}
