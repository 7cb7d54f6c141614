/* reminders.h — the periodic sweep that writes reminders into the outbox (outbox.h), each
 * once: the survey that shall be filled in after every training activity, to the activity's
 * trainers (or, without one, the coordinators of its organisations), and the action items of
 * meetings that are due soon, to their owners. The web server's mail worker runs it now and
 * then, `insats reminders` once. */
#ifndef INSATS_REMINDERS_H
#define INSATS_REMINDERS_H

#include <stddef.h>

#include "db_handle.h"
#include "err.h"

/* How far the sweep looks: a held activity whose last session was at most this many days
 * ago, an open action due within this many days. */
#define REMINDERS_SURVEY_DAYS 14
#define REMINDERS_ACTION_DAYS 7

/* What one sweep wrote. */
typedef struct RemindersRun {
    size_t survey;        /* survey reminders written */
    size_t action;        /* action item reminders written */
    size_t skipped;       /* recipients whose address the outbox refused */
} RemindersRun;

/* Writes, in one transaction, the reminders that are due on `today` (an ISO date) and not
 * written before (each carries a once_key, so a second sweep writes nothing; a recipient who
 * turned the kind off gets none). Returns INSATS_OK, INSATS_EINPUT for a today that is no
 * date, INSATS_ESTORAGE. */
int reminders_run(Db *db, const char *today, RemindersRun *run, Errs *errs);

#endif
