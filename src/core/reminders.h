/* reminders.h — the periodic sweep that writes reminders into the outbox (outbox.h), each
 * once: the surveys' (survey_remind_sweep(), survey_link.h: after a held activity and while a
 * rate is low before the survey closes, to the activity's trainers or else its coordinators),
 * the action items of meetings that are due soon, to their owners, and the meetings'
 * invitations on their day (meeting_invitations_due()). The web server's mail worker runs it
 * every hour, `insats outbox reminders` once. */
#ifndef INSATS_REMINDERS_H
#define INSATS_REMINDERS_H

#include <stddef.h>

#include "db_handle.h"
#include "err.h"
#include "outbox.h"

/* How far the sweep looks for an open action: due within this many days. */
#define REMINDERS_ACTION_DAYS 7

/* What one sweep wrote. */
typedef struct RemindersRun {
    size_t survey;        /* survey reminders written (both kinds) */
    size_t action;        /* action item reminders written */
    size_t invitation;    /* meeting invitations (and updated ones) written */
    size_t skipped;       /* recipients whose address the outbox refused */
} RemindersRun;

/* Writes, in one transaction, the reminders of every project that are due on `today` (an ISO
 * date) and not written before (each carries a once_key, so a second sweep writes nothing; a
 * recipient who turned the kind off gets none). base_url: the base of the surveys' answer links
 * in the messages (NULL: none). Returns INSATS_OK, INSATS_EINPUT for a today that is no date,
 * INSATS_ESTORAGE. */
int reminders_run(Db *db, const char *today, const char *base_url, RemindersRun *run,
                  Errs *errs);

/* Writes one reminder through outbox_add(), adding it to *written when written (not when its
 * once_key or the recipient's choice kept it out); a recipient the outbox refuses (a malformed
 * address) is counted in *skipped and passed over, so that one bad address does not hold back
 * the others. */
int reminders_add(Db *db, const OutboxMessage *m, size_t *written, size_t *skipped, Errs *errs);

#endif
