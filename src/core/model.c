/* model.c — lookups and per-row writes shared by the importers (see model.h). */
#include "db.h"
#include "model.h"
#include "freeze.h"

static const char SQL_ORG_FIND[] =
    "SELECT id FROM organisation WHERE project_id = ?1 AND code = ?2";
static const char SQL_ACTIVITY_FIND[] =
    "SELECT id FROM activity WHERE project_id = ?1 AND code = ?2";
static const char SQL_SESSION_FIND[] =
    "SELECT s.id FROM session s JOIN activity a ON a.id = s.activity_id "
    "WHERE a.project_id = ?1 AND a.code = ?2 AND s.code = ?3";
static const char SQL_ATTENDANCE_SET[] =
    "INSERT INTO attendance (session_id, person_id, present) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (session_id, person_id) DO UPDATE SET present = excluded.present";

/* Runs a one-column id query that is already bound; 0 when there is no row. */
static int64_t single_id(sqlite3_stmt *st)
{
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return id;
}

int64_t organisation_find(Db *db, int64_t project_id, const char *code)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ORG_FIND);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    return single_id(st);
}

int64_t activity_find(Db *db, int64_t project_id, const char *code)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ACTIVITY_FIND);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    return single_id(st);
}

int64_t activity_session_find(Db *db, int64_t project_id, const char *activity_code,
                              const char *session_code)
{
    sqlite3_stmt *st = db_stmt(db, SQL_SESSION_FIND);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, activity_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, session_code, -1, SQLITE_STATIC);
    return single_id(st);
}

int model_step_status(int sqlite_rc)
{
    return (sqlite_rc & 0xff) == SQLITE_CONSTRAINT ? INSATS_EINPUT : INSATS_ESTORAGE;
}

void model_rejection(Db *db, Buf *out)
{
    const char *msg = sqlite3_errmsg(db->h);
    if (!freeze_explain(db, msg, out))
        buf_printf(out, "rejected by the database: %s", msg);
}

int attendance_set(Db *db, int64_t session_id, int64_t person_id, bool present, Buf *why)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ATTENDANCE_SET);
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, person_id);
    sqlite3_bind_int(st, 3, present ? 1 : 0);
    int src = sqlite3_step(st);
    if (src == SQLITE_DONE) {
        sqlite3_reset(st);
        return INSATS_OK;
    }
    int rc = model_step_status(src);
    /* The message comes from the connection, so take it before reset clears it. */
    if (rc == INSATS_EINPUT)
        model_rejection(db, why);
    else
        buf_printf(why, "%s: cannot write attendance: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_reset(st);
    return rc;
}
