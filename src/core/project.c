/* project.c — finding the project a command works on (see project.h). */
#include "db.h"
#include "project.h"
#include "stmt.h"
#include "util.h"

#include <string.h>

static const char Q_PROJECT_BY_CODE[] = "SELECT id FROM project WHERE code = ?1";
static const char Q_PROJECTS[] = "SELECT id, code FROM project ORDER BY code LIMIT 6";

int project_resolve(Db *db, const char *code, int64_t *project_id, Errs *errs)
{
    *project_id = 0;
    if (code) {
        Stmt *st = stmt_cached(db, Q_PROJECT_BY_CODE);
        stmt_bind_text(st, 1, code);
        StmtResult r = stmt_step(st);
        if (r == STMT_ROW)
            *project_id = stmt_int(st, 0);
        stmt_done(st);
        if (r == STMT_ROW)
            return INSATS_OK;
        if (r != STMT_DONE)
            return db_fail(db, errs, "cannot read projects");
        errs_add(errs, "--project: no project \"%s\" in %s (`insats list projects` shows them)",
                 code, db->path);
        return INSATS_EINPUT;
    }
    /* Six rows tell whether there are more than the five the message names. */
    Stmt *st = stmt_cached(db, Q_PROJECTS);
    int n = 0;
    Buf names = {0};
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (n++ == 0)
            *project_id = stmt_int(st, 0);
        if (n <= 5)
            buf_printf(&names, "%s%s", n > 1 ? ", " : "", stmt_text(st, 1));
        else
            buf_puts(&names, ", …");
    }
    stmt_done(st);
    int rc = INSATS_OK;
    if (r != STMT_DONE) {
        *project_id = 0;
        rc = db_fail(db, errs, "cannot read projects");
    } else if (n == 0) {
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
