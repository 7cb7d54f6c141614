/* mailer.h — the web server's mail worker: a thread of its own that now and then runs the
 * reminders sweep (reminders.h) and, with a relay configured (`insats serve --smtp URL`),
 * sends what the outbox holds that is due (outbox_send_due()). It computes nothing itself. */
#ifndef INSATS_MAILER_H
#define INSATS_MAILER_H


#include "err.h"
#include "web.h"

typedef struct Mailer Mailer;

/* Where the worker's log lines go: one line per run that did something, with counts only
 * (never an address), without the line end. The server writes them to its log. */
typedef void (*MailerLogFn)(void *ctx, const char *line);

/* Starts the worker on a connection of its own to cfg->db_path. Without cfg->smtp_url it
 * only writes reminders and messages wait. NULL with a message in errs when it cannot start. */
Mailer *mailer_start(const WebConfig *cfg, MailerLogFn log, void *log_ctx, Errs *errs);

/* Stops it: a transfer that has not handed the relay the whole message is abandoned (the
 * message stays queued), one that has waits for the relay's answer (at most the timeout).
 * Joins the thread and closes its connection. NULL is a no-op. */
void mailer_stop(Mailer *m);

#endif
