/* model.c — how a refused write is told to the user, shared by the area modules (see
 * model.h). */
#include "db.h"
#include "model.h"
#include "freeze.h"

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

