/* project.c — finding the project a command works on (see project.h). */
#include "db.h"
#include "project.h"
#include "util.h"

#include <string.h>

int project_resolve(Db *db, const char *code, int64_t *project_id, Errs *errs)
{
    *project_id = 0;
    if (code) {
        sqlite3_stmt *st = db_stmt(db, "SELECT id FROM project WHERE code = ?1");
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *project_id = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            return INSATS_OK;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return db_fail(db, errs, "cannot read projects");
        errs_add(errs, "--project: no project \"%s\" in %s (`insats list projects` shows them)",
                 code, db->path);
        return INSATS_EINPUT;
    }
    /* Six rows tell whether there are more than the five the message names. */
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code FROM project ORDER BY code LIMIT 6");
    int n = 0;
    Buf names = {0};
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n++ == 0)
            *project_id = sqlite3_column_int64(st, 0);
        if (n <= 5)
            buf_printf(&names, "%s%s", n > 1 ? ", " : "", db_col_text(st, 1));
        else
            buf_puts(&names, ", …");
    }
    sqlite3_reset(st);
    int rc = INSATS_OK;
    if (n == 0) {
        errs_add(errs, "%s holds no project yet: import a bundle (`insats import project.json`) "
                 "or create demo data (`insats demo`)", db->path);
        rc = INSATS_EINPUT;
    } else if (n > 1) {
        errs_add(errs, "%s holds several projects (%s): choose one with --project ID",
                 db->path, names.data);
        *project_id = 0;
        rc = INSATS_EUSAGE;
    }
    buf_free(&names);
    return rc;
}
