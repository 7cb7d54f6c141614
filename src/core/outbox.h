/* outbox.h — e-mail. Nothing in insats sends mail directly: a change that should tell someone
 * (a proposal's step, a meeting's invitation, a reminder) writes the message into the outbox
 * inside its own transaction, and a sender (outbox_send_due(), run by the web server's worker
 * or `insats outbox send`) delivers it later through the organisation's SMTP relay. So a relay
 * that is down loses nothing, and a change that is rolled back sends nothing.
 *
 * Writing a message, inside the transaction of the change that causes it:
 *
 *     int rc = db_tx_begin(db, errs);
 *     if (rc != INSATS_OK)
 *         return rc;
 *     rc = proposal_forward_write(db, …);            // the change itself
 *     if (rc == INSATS_OK) {
 *         OutboxMessage m = {
 *             .kind = "proposal_step",
 *             .user_id = coordinator_id,             // the account it is for (or .person_id)
 *             .address = coordinator_email,          // required
 *             .subject = "Förslag att besluta: Motiverande samtal",
 *             .body = text,                          // UTF-8 plain text
 *         };
 *         int64_t id;                                // 0: not written (turned off, a repeat)
 *         rc = outbox_add(db, &m, &id, errs);
 *     }
 *     if (rc == INSATS_OK)
 *         rc = db_tx_commit(db, errs);
 *     else
 *         db_tx_rollback(db);
 *
 * An invitation with its event attached sets .attachment_name = "mote.ics",
 * .attachment_type = "text/calendar; method=REQUEST; charset=utf-8", .attachment and
 * .attachment_len. A reminder sets .once_key ("survey_reminder:activity:42:user:7"), so that
 * a second sweep writes nothing.
 *
 * The states of a message (docs/workflows.md "E-mail: the outbox"): queued → sending → sent;
 * a failed attempt → queued again after a growing pause (outbox_backoff()), failed after the
 * last attempt or a permanent refusal (5xx); a sender that stopped (a crash, kill -9) after the
 * relay had the whole message → uncertain, never sent again by itself (a manager retries or
 * cancels); one that stopped before → queued. */
#ifndef INSATS_OUTBOX_H
#define INSATS_OUTBOX_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* One message to write. Strings are copied; only kind, address, subject and body are
 * required. */
typedef struct OutboxMessage {
    const char *kind;            /* one of outbox_kinds(): "proposal_step", … */
    int64_t user_id;             /* the recipient's account; 0: none */
    int64_t person_id;           /* the recipient as a person of the project; 0: none */
    const char *address;         /* the recipient's e-mail address */
    const char *subject;         /* one line, at most 400 characters */
    const char *body;            /* UTF-8 plain text, lines ending in \n */
    const char *attachment_name; /* NULL: no attachment */
    const char *attachment_type; /* its content type; NULL: application/octet-stream */
    const void *attachment;
    size_t attachment_len;
    const char *once_key;        /* NULL, or a key no other message has: written at most once */
} OutboxMessage;

/* Writes one message into the outbox, inside the caller's transaction (it opens none, and
 * asserts that one is open: the message commits or rolls back with the change that caused
 * it). Returns INSATS_OK with *id_out (may be NULL) the new message's id, or 0 when nothing
 * was written because the recipient turned that kind off (the account given, or any account
 * with that address), the account is disabled, or a message with the same once_key exists.
 * INSATS_EINPUT with a message for a kind outbox_kinds() does not know, a missing or
 * malformed address, an empty or multi-line subject; INSATS_ESTORAGE when the write fails.
 * The caller rolls back on any failure. */
int outbox_add(Db *db, const OutboxMessage *m, int64_t *id_out, Errs *errs);

/* ---- kinds of message and each account's choices --------------------------------------- */

/* A kind of message a user may turn off, with its Swedish label for the account page. */
typedef struct OutboxKind {
    const char *kind;
    const char *label;           /* "Kallelser till möten" */
    bool fixed;                  /* cannot be turned off (a test message asked for) */
} OutboxKind;

/* The kinds, in the order the account page lists them; *n gets their number. A new kind is a
 * row in the table in outbox.c. */
const OutboxKind *outbox_kinds(size_t *n);
const OutboxKind *outbox_kind_find(const char *kind);

/* Writes a test message to `address` in a transaction of its own (kind "test", which no one
 * can turn off), to check the relay's settings: a manager or the command line; else
 * INSATS_EFORBIDDEN. INSATS_EINPUT for a malformed address. */
int outbox_add_test(Db *db, const Actor *by, const char *address, int64_t *id_out, Errs *errs);

/* Whether the account has turned the kind off. */
bool outbox_kind_off(Db *db, int64_t user_id, const char *kind);

/* Turns a kind of message off or on again for an account: the account itself, an admin or the
 * command line (account_may_manage()); else INSATS_EFORBIDDEN. Its own transaction; recorded
 * in the audit trail. */
int outbox_set_kind_off(Db *db, const Actor *by, int64_t user_id, const char *kind, bool off,
                        Errs *errs);

/* The account's e-mail address into out ("" when it has none). INSATS_EINPUT: no such
 * account. */
int outbox_account_email(Db *db, int64_t user_id, char out[256], Errs *errs);

/* Sets (or with NULL or "" removes) the account's e-mail address: by the account itself, an
 * admin or the command line. The address is checked (validate_email()); the message never
 * repeats it. Its own transaction; recorded in the audit trail. */
int outbox_set_account_email(Db *db, const Actor *by, int64_t user_id, const char *email,
                             Errs *errs);

/* ---- sending ------------------------------------------------------------------------ */

/* The relay and how to use it. */
typedef struct OutboxSmtp {
    const char *url;             /* smtp://host:port or smtps://host:port; NULL: send nothing */
    const char *user;            /* NULL: none, or the user of the URL */
    const char *password;
    const char *from;            /* the sender's address: required */
    long timeout_s;              /* the longest one message may take; 0: 60 */
} OutboxSmtp;

/* When to try again: after the n-th failed attempt, retry_first_s · 2^(n−1), at most
 * retry_max_s; after max_attempts attempts the message is failed. Zeros take the defaults
 * (60 s, 4 h, 10). */
typedef struct OutboxPolicy {
    int64_t retry_first_s;
    int64_t retry_max_s;
    int max_attempts;
} OutboxPolicy;

/* The pause before the next attempt after `attempts` failed ones (1, 2, …): 0 when none
 * follows (the message fails). */
int64_t outbox_backoff(const OutboxPolicy *p, int attempts);

/* What one run of the sender did. */
typedef struct OutboxRun {
    size_t sent;
    size_t deferred;             /* failed this time, queued again */
    size_t failed;               /* failed for good */
    size_t uncertain;            /* handed over, the relay's answer never came */
    size_t recovered;            /* claims of a stopped sender taken back (queued or uncertain) */
} OutboxRun;

/* Sends the messages that are due at `now` (or at the start of the run, when later), at most
 * `max` (0: all that are due), one by one through smtp, and records each attempt; a message
 * refused in this run waits for a later run. First takes back the claims of a sender that
 * stopped (outbox_recover()). `stop`, when not NULL, is read between messages and during a
 * transfer that has not yet handed over the whole message: once true, the run ends without
 * starting another. Returns INSATS_OK (a refused message is no failure of the run; it is in
 * *run and on the message) or INSATS_ESTORAGE; INSATS_EUSAGE when smtp has no url or from. */
int outbox_send_due(Db *db, const OutboxSmtp *smtp, const OutboxPolicy *policy, int64_t now,
                    size_t max, const atomic_int *stop, OutboxRun *run, Errs *errs);

/* The steps of a send, for outbox_send_due() and the tests of the states. A claim is a random
 * token, and holds until lease_until; a sender must hand over the whole message before then.
 *
 * outbox_claim: claims the next due queued message (the oldest due first) for `lease_s`
 * seconds; *id_out 0 when none is due. */
int outbox_claim(Db *db, const char *claim, int64_t now, int64_t lease_s, int64_t *id_out,
                 Errs *errs);
/* outbox_data_sent: records, before the last byte goes to the relay, that it may from now on
 * have the message; false when the claim no longer holds (then the transfer must be
 * abandoned). */
bool outbox_data_sent(Db *db, int64_t id, const char *claim, int64_t now);
/* How an attempt ended. */
typedef enum OutboxOutcome {
    OUTBOX_SENT,       /* the relay accepted it (250 after the message) */
    OUTBOX_RETRY,      /* refused for now (4xx) or the relay not reached: try again later */
    OUTBOX_REFUSED,    /* refused for good (5xx) */
    OUTBOX_UNCERTAIN,  /* the relay had the whole message, its answer never came */
    OUTBOX_RELEASED,   /* stopped before the relay had the whole message: not an attempt */
} OutboxOutcome;

/* outbox_finish: records the attempt's outcome and `error` (one line, the relay's answer):
 * sent; queued again after outbox_backoff() or failed when out of attempts; failed;
 * uncertain; or, released, queued again at once without counting an attempt. Ignored
 * (INSATS_OK) when the claim no longer holds. */
int outbox_finish(Db *db, int64_t id, const char *claim, int64_t now, OutboxOutcome outcome,
                  const char *error, const OutboxPolicy *policy, Errs *errs);
/* outbox_recover: takes back the claims whose lease ended before `now`: a message whose whole
 * text the relay may have had becomes uncertain, any other is queued again (without counting
 * an attempt against it). *n (may be NULL) gets how many. */
int outbox_recover(Db *db, int64_t now, size_t *n, Errs *errs);

/* ---- the manager's view --------------------------------------------------------------- */

/* One message as the outbox page and `insats outbox list` show it. The recipient is shown as
 * the account's login, or the address with all but its first character before the @ masked
 * ("a***@example.org"), so that the list exposes no more than it needs. */
typedef struct OutboxRow {
    int64_t id;
    char kind[41];
    char recipient[300];
    char subject[401 * 4];
    char state[12];              /* queued, sending, sent, uncertain, failed, cancelled */
    int attempts;
    int64_t created;
    int64_t next_attempt;        /* for a queued message */
    int64_t sent_at;             /* 0: not sent */
    char last_error[401];
} OutboxRow;

/* Which messages to list: state NULL for all; newest first, at most limit (0: 200). */
typedef struct OutboxFilter {
    const char *state;    /* NULL: every state */
    int limit;            /* 0: 200 */
    int64_t offset;       /* rows to skip, newest first (a page of a list) */
} OutboxFilter;

/* The Swedish word for a state, for pages and lists ("väntar", "skickat" …). */
const char *outbox_state_label(const char *state);

/* Lists the outbox for a manager (and the command line); other roles: INSATS_EFORBIDDEN.
 * *rows (caller frees) gets *n rows. */
int outbox_list(Db *db, const Actor *who, const OutboxFilter *f, OutboxRow **rows, size_t *n,
                Errs *errs);

/* The number of messages of the filter's state (its limit and offset aside), for a pager;
 * a manager's, like outbox_list(). */
int outbox_list_count(Db *db, const Actor *who, const OutboxFilter *f, int64_t *total,
                      Errs *errs);

/* A manager sends a failed, uncertain or cancelled message again (at `now`, with a new round
 * of attempts and the same Message-ID), or cancels a queued, failed or uncertain one. A
 * message being sent or already sent is refused with the reason (INSATS_EINPUT), another role
 * with INSATS_EFORBIDDEN. Each is recorded in the audit trail. */
int outbox_retry(Db *db, const Actor *who, int64_t id, int64_t now, Errs *errs);
int outbox_cancel(Db *db, const Actor *who, int64_t id, Errs *errs);

/* Whether the actor may see and act on the outbox: a manager. */
bool outbox_may_manage(const Actor *who);

#endif
