/* outbox.c — the outbox: messages written inside the transaction of the change that causes
 * them, each account's choices of what to receive, the states of a send, and the manager's
 * list, retry and cancel. The rules are in outbox.h; the SMTP transfer is smtp.c. */
#include "outbox.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "account.h"
#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "smtp.h"
#include "stmt.h"
#include "util.h"
#include "validate.h"

#define OUTBOX_SUBJECT_MAX 400
#define OUTBOX_ERROR_MAX 400

/* The kinds of message a user may turn off. Parts of insats that send a new kind add a row. */
static const OutboxKind outbox_kind_table[] = {
    {"proposal_step", N_("Förslag: ett steg som väntar på mig eller ett beslut om mitt förslag"),
     false},
    {"meeting_invitation", N_("Kallelser till möten"), false},
    {"survey_reminder", N_("Påminnelser om enkäten efter en utbildning"), false},
    {"action_reminder", N_("Påminnelser om åtgärder som snart ska vara klara"), false},
    {"test", N_("Provmeddelanden"), true},
};

const OutboxKind *outbox_kinds(size_t *n)
{
    *n = sizeof outbox_kind_table / sizeof outbox_kind_table[0];
    return outbox_kind_table;
}

const OutboxKind *outbox_kind_find(const char *kind)
{
    size_t n;
    const OutboxKind *k = outbox_kinds(&n);
    for (size_t i = 0; kind && i < n; i++)
        if (strcmp(k[i].kind, kind) == 0)
            return &k[i];
    return NULL;
}

/* ---- writing a message ------------------------------------------------------------------ */

static const char Q_OPTED_OUT[] =
    "SELECT 1 FROM mail_optout o WHERE o.kind = ?1 AND (o.user_id = ?2 OR o.user_id IN "
    "(SELECT id FROM app_user WHERE email = ?3 COLLATE NOCASE)) "
    "UNION ALL SELECT 1 FROM app_user WHERE id = ?2 AND disabled = 1 LIMIT 1";
static const char Q_ONCE_USED[] = "SELECT 1 FROM outbox WHERE once_key = ?1";
static const char Q_INSERT[] =
    "INSERT INTO outbox (kind, user_id, person_id, address, subject, body, attachment_name, "
    "attachment_type, attachment, once_key, message_token, created, next_attempt) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";

/* A random token of 32 hex digits (the Message-ID's local part, a claim). */
static void outbox_token(char out[33])
{
    unsigned char raw[16];
    if (sodium_init() < 0)
        abort();
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, 33, raw, sizeof raw);
}

static bool outbox_has_rows(Db *db, const char *sql, const char *kind, int64_t user_id,
                            const char *address)
{
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_text(st, 1, kind);
    if (user_id >= 0) {
        stmt_bind_int(st, 2, user_id);
        stmt_bind_text(st, 3, address);
    }
    bool found = stmt_step(st) == STMT_ROW;
    stmt_done(st);
    return found;
}

int outbox_add(Db *db, const OutboxMessage *m, int64_t *id_out, Errs *errs)
{
    assert(db_in_transaction(db) && "outbox_add() writes inside the caller's transaction");
    if (id_out)
        *id_out = 0;
    if (!outbox_kind_find(m->kind)) {
        errs_add(errs, "outbox: unknown kind of message \"%s\"; add it to outbox_kinds() first",
                 m->kind ? m->kind : "");
        return INSATS_EINPUT;
    }
    Buf why = {0};
    if (!m->address || !*m->address) {
        errs_add_field(errs, "email", "outbox: the recipient has no e-mail address");
        return INSATS_EINPUT;
    }
    if (!validate_email(m->address, &why)) {
        errs_add_field(errs, "email", "outbox: the recipient's e-mail address: %s", why.data);
        buf_free(&why);
        return INSATS_EINPUT;
    }
    if (!m->subject || !*m->subject ||
        !validate_line(m->subject, OUTBOX_SUBJECT_MAX, &why)) {
        errs_add(errs, "outbox: the subject %s", why.len ? why.data : "is empty");
        buf_free(&why);
        return INSATS_EINPUT;
    }
    buf_free(&why);
    if (!m->body || (m->attachment_name && !m->attachment) ||
        (m->attachment && !m->attachment_name)) {
        errs_add(errs, "outbox: a message needs a body, and an attachment a name and content");
        return INSATS_EINPUT;
    }
    if (!outbox_kind_find(m->kind)->fixed &&
        outbox_has_rows(db, Q_OPTED_OUT, m->kind, m->user_id, m->address))
        return INSATS_OK;
    if (m->once_key && outbox_has_rows(db, Q_ONCE_USED, m->once_key, -1, NULL))
        return INSATS_OK;
    char token[33];
    outbox_token(token);
    Stmt *st = stmt_cached(db, Q_INSERT);
    stmt_bind_text(st, 1, m->kind);
    stmt_bind_id(st, 2, m->user_id);
    stmt_bind_id(st, 3, m->person_id);
    stmt_bind_text(st, 4, m->address);
    stmt_bind_text(st, 5, m->subject);
    stmt_bind_text(st, 6, m->body);
    stmt_bind_text(st, 7, m->attachment_name);
    stmt_bind_text(st, 8, m->attachment_name
                              ? (m->attachment_type ? m->attachment_type
                                                    : "application/octet-stream")
                              : NULL);
    if (m->attachment)
        stmt_bind_blob(st, 9, m->attachment, m->attachment_len);
    stmt_bind_text(st, 10, m->once_key);
    stmt_bind_text(st, 11, token);
    stmt_bind_int(st, 12, (int64_t)time(NULL));
    int rc = stmt_exec(st, errs, "cannot write the message to the outbox");
    if (rc == INSATS_OK && id_out)
        *id_out = stmt_last_id(st);
    return rc;
}

int outbox_add_test(Db *db, const Actor *by, const char *address, int64_t *id_out, Errs *errs)
{
    if (!outbox_may_manage(by)) {
        errs_add(errs, "only a project manager may send a test message");
        return INSATS_EFORBIDDEN;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    char today[11];
    date_today(today);
    /* To an address, not an account: in Swedish, the language of anyone not known. */
    Lang shown = i18n_switch(account_language(db, 0));
    char *subject = xasprintf(_("Provmeddelande från insats %s"), today);
    char *body = xasprintf("%s\n", _("Det här är ett provmeddelande från insats. Kom det fram, "
                                     "så fungerar utskicket av e-post."));
    i18n_switch(shown);
    OutboxMessage m = {.kind = "test", .address = address, .subject = subject, .body = body};
    rc = outbox_add(db, &m, id_out, errs);
    free(subject);
    free(body);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

/* ---- each account's choices ------------------------------------------------------------- */

static const char Q_KIND_OFF[] = "SELECT 1 FROM mail_optout WHERE user_id = ?1 AND kind = ?2";
static const char Q_KIND_SET_OFF[] =
    "INSERT INTO mail_optout (user_id, kind) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
static const char Q_KIND_SET_ON[] = "DELETE FROM mail_optout WHERE user_id = ?1 AND kind = ?2";
static const char Q_EMAIL_GET[] = "SELECT coalesce(email, '') FROM app_user WHERE id = ?1";
static const char Q_EMAIL_SET[] = "UPDATE app_user SET email = ?2 WHERE id = ?1";

bool outbox_kind_off(Db *db, int64_t user_id, const char *kind)
{
    Stmt *st = stmt_cached(db, Q_KIND_OFF);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_text(st, 2, kind);
    bool off = stmt_step(st) == STMT_ROW;
    stmt_done(st);
    return off;
}

static bool outbox_may_set(const Actor *by, int64_t user_id)
{
    return (by->user_id != 0 && by->user_id == user_id) || account_may_manage(by);
}

/* Runs one statement binding user_id and a text in a transaction of its own; *changed (may
 * be NULL) gets how many rows it changed. */
static int outbox_write_user(Db *db, const char *sql, int64_t user_id, const char *text,
                             const char *what, int64_t *changed, Errs *errs)
{
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_text(st, 2, text);
    rc = stmt_exec(st, errs, what);
    if (changed)
        *changed = stmt_changes(st);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

int outbox_set_kind_off(Db *db, const Actor *by, int64_t user_id, const char *kind, bool off,
                        Errs *errs)
{
    if (!outbox_may_set(by, user_id)) {
        errs_add(errs, "only the account itself or an administrator may change which e-mail "
                       "it receives");
        return INSATS_EFORBIDDEN;
    }
    if (!outbox_kind_find(kind)) {
        errs_add_field(errs, "kind", "no kind of message \"%s\"", kind ? kind : "");
        return INSATS_EINPUT;
    }
    return outbox_write_user(db, off ? Q_KIND_SET_OFF : Q_KIND_SET_ON, user_id, kind,
                             "cannot save the choice of e-mail", NULL, errs);
}

int outbox_account_email(Db *db, int64_t user_id, char out[256], Errs *errs)
{
    out[0] = '\0';
    Stmt *st = stmt_cached(db, Q_EMAIL_GET);
    stmt_bind_int(st, 1, user_id);
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_ROW)
        snprintf(out, 256, "%s", stmt_text(st, 0));
    else if (r == STMT_DONE) {
        errs_add(errs, "no account with id %lld", (long long)user_id);
        rc = INSATS_EINPUT;
    } else
        rc = stmt_fail(st, errs, "cannot read the account's e-mail address");
    stmt_done(st);
    return rc;
}

int outbox_set_account_email(Db *db, const Actor *by, int64_t user_id, const char *email,
                             Errs *errs)
{
    if (!outbox_may_set(by, user_id)) {
        errs_add(errs, "only the account itself or an administrator may change its e-mail "
                       "address");
        return INSATS_EFORBIDDEN;
    }
    if (email && !*email)
        email = NULL;
    Buf why = {0};
    if (email && !validate_email(email, &why)) {
        errs_add_field(errs, "email", "e-mail address: %s", why.data);
        buf_free(&why);
        return INSATS_EINPUT;
    }
    int64_t changed = 0;
    int rc = outbox_write_user(db, Q_EMAIL_SET, user_id, email,
                               "cannot save the e-mail address", &changed, errs);
    if (rc == INSATS_OK && changed == 0) {
        char have[256];
        rc = outbox_account_email(db, user_id, have, errs);
    }
    return rc;
}

/* ---- the states of a send --------------------------------------------------------------- */

static const char Q_CLAIM[] =
    "UPDATE outbox SET state = 'sending', claim = ?1, lease_until = ?3, data_sent = 0 "
    "WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt <= ?2 "
    "ORDER BY next_attempt, id LIMIT 1) RETURNING id";
static const char Q_DATA_SENT[] =
    "UPDATE outbox SET data_sent = 1 WHERE id = ?1 AND claim = ?2 AND state = 'sending' "
    "AND lease_until >= ?3";
static const char Q_FINISH_GET[] =
    "SELECT attempts FROM outbox WHERE id = ?1 AND claim = ?2 AND state = 'sending'";
static const char Q_FINISH_SET[] =
    "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt = ?4, sent_at = ?5, "
    "last_error = ?6, claim = NULL, lease_until = NULL, data_sent = 0 WHERE id = ?1";
static const char Q_ATTEMPT[] =
    "INSERT INTO outbox_attempt (outbox_id, at, ok, error) VALUES (?1, ?2, ?3, ?4)";
static const char Q_RECOVER_UNCERTAIN[] =
    "UPDATE outbox SET state = 'uncertain', attempts = attempts + 1, claim = NULL, "
    "lease_until = NULL, data_sent = 0, last_error = ?2 "
    "WHERE state = 'sending' AND lease_until < ?1 AND data_sent = 1 RETURNING id";
static const char Q_RECOVER_QUEUED[] =
    "UPDATE outbox SET state = 'queued', claim = NULL, lease_until = NULL, next_attempt = ?1 "
    "WHERE state = 'sending' AND lease_until < ?1 AND data_sent = 0";

int64_t outbox_backoff(const OutboxPolicy *p, int attempts)
{
    int64_t first = p && p->retry_first_s > 0 ? p->retry_first_s : 60;
    int64_t max = p && p->retry_max_s > 0 ? p->retry_max_s : 4 * 60 * 60;
    int cap = p && p->max_attempts > 0 ? p->max_attempts : 10;
    if (attempts < 1)
        return first;
    if (attempts >= cap)
        return 0;
    int64_t d = first;
    for (int i = 1; i < attempts && d < max; i++)
        d *= 2;
    return d < max ? d : max;
}

int outbox_claim(Db *db, const char *claim, int64_t now, int64_t lease_s, int64_t *id_out,
                 Errs *errs)
{
    *id_out = 0;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, Q_CLAIM);
    stmt_bind_text(st, 1, claim);
    stmt_bind_int(st, 2, now);
    stmt_bind_int(st, 3, now + lease_s);
    StmtResult r = stmt_step(st);
    if (r == STMT_ROW)
        *id_out = stmt_int(st, 0);
    else if (r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot claim a message of the outbox");
    stmt_done(st);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

bool outbox_data_sent(Db *db, int64_t id, const char *claim, int64_t now)
{
    Errs errs;
    errs_init(&errs);
    bool ok = false;
    if (db_tx_begin(db, &errs) == INSATS_OK) {
        Stmt *st = stmt_cached(db, Q_DATA_SENT);
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, claim);
        stmt_bind_int(st, 3, now);
        ok = stmt_exec(st, &errs, "cannot record the message as handed over") == INSATS_OK &&
             stmt_changes(st) == 1;
        if (ok)
            ok = db_tx_commit(db, &errs) == INSATS_OK;
        else
            db_tx_rollback(db);
    }
    errs_free(&errs);
    return ok;
}

static int outbox_attempt_write(Db *db, int64_t id, int64_t now, bool ok, const char *error,
                                Errs *errs)
{
    Stmt *st = stmt_cached(db, Q_ATTEMPT);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, now);
    stmt_bind_bool(st, 3, ok);
    stmt_bind_text(st, 4, error);
    return stmt_exec(st, errs, "cannot record the attempt");
}

int outbox_finish(Db *db, int64_t id, const char *claim, int64_t now, OutboxOutcome outcome,
                  const char *error, const OutboxPolicy *policy, Errs *errs)
{
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, Q_FINISH_GET);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, claim);
    StmtResult r = stmt_step(st);
    int attempts = r == STMT_ROW ? (int)stmt_int(st, 0) : 0;
    stmt_done(st);
    if (r != STMT_ROW) {
        /* The claim was taken back meanwhile: whoever holds the message now decides. */
        db_tx_rollback(db);
        if (r == STMT_DONE)
            return INSATS_OK;
        errs_add(errs, "cannot read a message of the outbox");
        return INSATS_ESTORAGE;
    }
    char err[OUTBOX_ERROR_MAX + 1];
    snprintf(err, sizeof err, "%s", error && *error ? error : "unknown error");
    bool ok = outcome == OUTBOX_SENT;
    if (outcome != OUTBOX_RELEASED)
        attempts++;
    int64_t pause = 0;
    const char *state = "queued";
    switch (outcome) {
    case OUTBOX_SENT:
        state = "sent";
        break;
    case OUTBOX_RETRY:
        pause = outbox_backoff(policy, attempts);
        state = pause ? "queued" : "failed";
        break;
    case OUTBOX_REFUSED:
        state = "failed";
        break;
    case OUTBOX_UNCERTAIN:
        state = "uncertain";
        break;
    case OUTBOX_RELEASED:
        break;
    }
    st = stmt_cached(db, Q_FINISH_SET);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, state);
    stmt_bind_int(st, 3, attempts);
    stmt_bind_int(st, 4, now + pause);
    if (ok)
        stmt_bind_int(st, 5, now);
    stmt_bind_text(st, 6, ok || outcome == OUTBOX_RELEASED ? NULL : err);
    rc = stmt_exec(st, errs, "cannot record the outcome of sending");
    if (rc == INSATS_OK && outcome != OUTBOX_RELEASED)
        rc = outbox_attempt_write(db, id, now, ok, ok ? NULL : err, errs);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

int outbox_recover(Db *db, int64_t now, size_t *n, Errs *errs)
{
    static const char why[] = "the sender stopped after handing the relay the whole message, "
                              "before its answer was recorded: it may have been delivered";
    if (n)
        *n = 0;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, Q_RECOVER_UNCERTAIN);
    stmt_bind_int(st, 1, now);
    stmt_bind_text(st, 2, why);
    int64_t *ids = NULL;
    size_t nids = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        ids = xrealloc(ids, (nids + 1) * sizeof *ids);
        ids[nids++] = stmt_int(st, 0);
    }
    if (r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot take back the claims of a stopped sender");
    stmt_done(st);
    for (size_t i = 0; rc == INSATS_OK && i < nids; i++)
        rc = outbox_attempt_write(db, ids[i], now, false, why, errs);
    free(ids);
    if (rc == INSATS_OK) {
        st = stmt_cached(db, Q_RECOVER_QUEUED);
        stmt_bind_int(st, 1, now);
        rc = stmt_exec(st, errs, "cannot take back the claims of a stopped sender");
        if (rc == INSATS_OK && n)
            *n = nids + (size_t)stmt_changes(st);
    }
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

/* ---- sending what is due ---------------------------------------------------------------- */

static const char Q_ATTEMPTS[] = "SELECT attempts FROM outbox WHERE id = ?1";

static int outbox_attempts(Db *db, int64_t id)
{
    Stmt *st = stmt_cached(db, Q_ATTEMPTS);
    stmt_bind_int(st, 1, id);
    int n = stmt_step(st) == STMT_ROW ? (int)stmt_int(st, 0) : 0;
    stmt_done(st);
    return n;
}

static const char Q_MESSAGE[] =
    "SELECT address, subject, body, attachment_name, attachment_type, attachment, "
    "message_token FROM outbox WHERE id = ?1";

/* What the SMTP transfer calls back: the claim is checked and the hand-over recorded before
 * the last byte, and a stop is honoured while nothing of the message is with the relay. */
typedef struct OutboxSendCtx {
    Db *db;
    int64_t id;
    const char *claim;
    const atomic_int *stop;
} OutboxSendCtx;

static bool outbox_before_last_byte(void *ctx)
{
    OutboxSendCtx *c = ctx;
    return outbox_data_sent(c->db, c->id, c->claim, (int64_t)time(NULL));
}

static bool outbox_should_stop(void *ctx)
{
    OutboxSendCtx *c = ctx;
    return c->stop && atomic_load(c->stop);
}

/* The domain of the From address, for the Message-ID. */
static const char *outbox_from_domain(const char *from)
{
    const char *at = strrchr(from, '@');
    return at && at[1] ? at + 1 : "insats.invalid";
}

/* Sends the claimed message `id`; fills *res with the transfer's outcome. */
static int outbox_send_one(Db *db, const OutboxSmtp *smtp, int64_t id, const char *claim,
                           const atomic_int *stop, SmtpResult *res, Errs *errs)
{
    Stmt *st = stmt_cached(db, Q_MESSAGE);
    stmt_bind_int(st, 1, id);
    if (stmt_step(st) != STMT_ROW) {
        int rc = stmt_fail(st, errs, "cannot read a message of the outbox");
        stmt_done(st);
        return rc;
    }
    size_t alen = 0;
    const void *adata = stmt_blob(st, 5, &alen);
    char *message_id = xasprintf("<%s@%s>", stmt_text(st, 6), outbox_from_domain(smtp->from));
    SmtpMail mail = {
        .from = smtp->from,
        .to = stmt_text(st, 0),
        .subject = stmt_text(st, 1),
        .body = stmt_text(st, 2),
        .attachment_name = stmt_text(st, 3),
        .attachment_type = stmt_text(st, 4),
        .attachment = adata,
        .attachment_len = alen,
        .message_id = message_id,
    };
    OutboxSendCtx ctx = {.db = db, .id = id, .claim = claim, .stop = stop};
    SmtpHooks hooks = {.ctx = &ctx, .before_last_byte = outbox_before_last_byte,
                       .should_stop = outbox_should_stop};
    smtp_send(smtp, &mail, &hooks, res);
    stmt_done(st);
    free(message_id);
    return INSATS_OK;
}

int outbox_send_due(Db *db, const OutboxSmtp *smtp, const OutboxPolicy *policy, int64_t now,
                    size_t max, const atomic_int *stop, OutboxRun *run, Errs *errs)
{
    memset(run, 0, sizeof *run);
    if (!smtp || !smtp->url || !*smtp->url || !smtp->from || !*smtp->from) {
        errs_add(errs, "sending e-mail needs the relay (--smtp URL) and the sender's address "
                       "(--smtp-from ADDRESS)");
        return INSATS_EUSAGE;
    }
    int rc = outbox_recover(db, now, &run->recovered, errs);
    long timeout = smtp->timeout_s > 0 ? smtp->timeout_s : 60;
    /* The lease outlasts the transfer's own time limit, so that a live sender's claim is
     * never taken back while it may still hand the message over. */
    int64_t lease = timeout + 10;
    /* What is due when the run starts: a message refused in this run waits for the next one,
     * however long this one takes, so that each is tried at most once per run. */
    int64_t due = now > (int64_t)time(NULL) ? now : (int64_t)time(NULL);
    while (rc == INSATS_OK &&
           (max == 0 || run->sent + run->deferred + run->failed + run->uncertain < max) &&
           !(stop && atomic_load(stop))) {
        char claim[33];
        outbox_token(claim);
        int64_t id;
        int64_t t = due > (int64_t)time(NULL) ? due : (int64_t)time(NULL);
        /* Due at the start; the lease runs from now. */
        rc = outbox_claim(db, claim, due, lease + (t - due), &id, errs);
        if (rc != INSATS_OK || id == 0)
            break;
        SmtpResult res;
        rc = outbox_send_one(db, smtp, id, claim, stop, &res, errs);
        if (rc != INSATS_OK)
            break;
        int64_t after = (int64_t)time(NULL);
        rc = outbox_finish(db, id, claim, after > t ? after : t, res.outcome, res.error, policy,
                           errs);
        if (rc != INSATS_OK || res.outcome == OUTBOX_RELEASED)
            break;
        if (res.outcome == OUTBOX_SENT)
            run->sent++;
        else if (res.outcome == OUTBOX_UNCERTAIN)
            run->uncertain++;
        else if (res.outcome == OUTBOX_REFUSED || outbox_backoff(policy, outbox_attempts(db, id)) == 0)
            run->failed++;
        else
            run->deferred++;
    }
    return rc;
}

/* ---- the manager's view ----------------------------------------------------------------- */

static const char Q_LIST[] =
    "SELECT o.id, o.kind, u.login, o.address, o.subject, o.state, o.attempts, o.created, "
    "o.next_attempt, coalesce(o.sent_at, 0), coalesce(o.last_error, '') "
    "FROM outbox o LEFT JOIN app_user u ON u.id = o.user_id "
    "WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id DESC LIMIT ?2 OFFSET ?3";
static const char Q_COUNT[] = "SELECT count(*) FROM outbox WHERE ?1 IS NULL OR state = ?1";
static const char Q_STATE[] = "SELECT state FROM outbox WHERE id = ?1";
static const char Q_RETRY[] =
    "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt = ?2, last_error = NULL "
    "WHERE id = ?1 AND state IN ('failed', 'uncertain', 'cancelled')";
static const char Q_CANCEL[] =
    "UPDATE outbox SET state = 'cancelled' WHERE id = ?1 "
    "AND state IN ('queued', 'failed', 'uncertain')";

bool outbox_may_manage(const Actor *who)
{
    return who->role == ROLE_MANAGER;
}

const char *outbox_state_label(const char *state)
{
    static const char *const map[][2] = {
        {"queued", N_("väntar")},          {"sending", N_("skickas")},
        {"sent", N_("skickat")},            {"uncertain", N_("oklart om det kom fram")},
        {"failed", N_("misslyckades")},     {"cancelled", N_("stoppat")},
    };
    for (size_t i = 0; state && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], state) == 0)
            return map[i][1];
    return state ? state : "";
}

/* "a***@example.org": the first character of the local part and the domain. */
static void outbox_mask_address(const char *address, char *out, size_t outlen)
{
    const char *at = strrchr(address, '@');
    if (!at || at == address) {
        snprintf(out, outlen, "***");
        return;
    }
    /* The first character whole, even when it is more than one byte of UTF-8. */
    size_t first = 1;
    while (address + first < at && ((unsigned char)address[first] & 0xC0) == 0x80)
        first++;
    snprintf(out, outlen, "%.*s***%s", (int)first, address, at);
}

int outbox_list_count(Db *db, const Actor *who, const OutboxFilter *f, int64_t *total,
                      Errs *errs)
{
    *total = 0;
    if (!outbox_may_manage(who)) {
        errs_add(errs, "only a project manager may see the outbox");
        return INSATS_EFORBIDDEN;
    }
    Stmt *st = stmt_cached(db, Q_COUNT);
    stmt_bind_text(st, 1, f ? f->state : NULL);
    int rc = INSATS_OK;
    if (stmt_step(st) == STMT_ROW)
        *total = stmt_int(st, 0);
    else
        rc = stmt_fail(st, errs, "cannot count the outbox");
    stmt_done(st);
    return rc;
}

int outbox_list(Db *db, const Actor *who, const OutboxFilter *f, OutboxRow **rows, size_t *n,
                Errs *errs)
{
    *rows = NULL;
    *n = 0;
    if (!outbox_may_manage(who)) {
        errs_add(errs, "only a project manager may see the outbox");
        return INSATS_EFORBIDDEN;
    }
    int limit = f && f->limit > 0 ? f->limit : 200;
    Stmt *st = stmt_cached(db, Q_LIST);
    stmt_bind_text(st, 1, f ? f->state : NULL);
    stmt_bind_int(st, 2, limit);
    stmt_bind_int(st, 3, f && f->offset > 0 ? f->offset : 0);
    StmtResult r;
    size_t cap = 0;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *rows = xrealloc(*rows, cap * sizeof **rows);
        }
        OutboxRow *o = &(*rows)[(*n)++];
        memset(o, 0, sizeof *o);
        o->id = stmt_int(st, 0);
        snprintf(o->kind, sizeof o->kind, "%s", stmt_text(st, 1));
        if (stmt_text(st, 2))
            snprintf(o->recipient, sizeof o->recipient, "%s", stmt_text(st, 2));
        else
            outbox_mask_address(stmt_text(st, 3), o->recipient, sizeof o->recipient);
        snprintf(o->subject, sizeof o->subject, "%s", stmt_text(st, 4));
        snprintf(o->state, sizeof o->state, "%s", stmt_text(st, 5));
        o->attempts = (int)stmt_int(st, 6);
        o->created = stmt_int(st, 7);
        o->next_attempt = stmt_int(st, 8);
        o->sent_at = stmt_int(st, 9);
        snprintf(o->last_error, sizeof o->last_error, "%s", stmt_text(st, 10));
    }
    int rc = INSATS_OK;
    if (r != STMT_DONE) {
        rc = stmt_fail(st, errs, "cannot read the outbox");
        free(*rows);
        *rows = NULL;
        *n = 0;
    }
    stmt_done(st);
    return rc;
}

/* Moves message `id` with `sql` (binding ?2 to now when it has one) and records the action in
 * the audit trail, in one transaction; a message in a state the move does not apply to is
 * refused with the reason. */
static int outbox_move(Db *db, const Actor *who, int64_t id, const char *sql, int64_t now,
                       const char *action, Errs *errs)
{
    bool retry = strcmp(action, "retry") == 0;
    if (!outbox_may_manage(who)) {
        if (retry)
            errs_add(errs, "only a project manager may send a message of the outbox again");
        else
            errs_add(errs, "only a project manager may cancel a message of the outbox");
        return INSATS_EFORBIDDEN;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    char state[16] = "";
    Stmt *st = stmt_cached(db, Q_STATE);
    stmt_bind_int(st, 1, id);
    if (stmt_step(st) == STMT_ROW)
        snprintf(state, sizeof state, "%s", stmt_text(st, 0));
    stmt_done(st);
    if (!*state) {
        errs_add(errs, "no message %lld in the outbox", (long long)id);
        rc = INSATS_EINPUT;
    } else {
        st = stmt_cached(db, sql);
        stmt_bind_int(st, 1, id);
        if (now)
            stmt_bind_int(st, 2, now);
        rc = stmt_exec(st, errs, "cannot change the message");
        if (rc == INSATS_OK && stmt_changes(st) == 0) {
            /* The state as its code, the word `insats outbox list --state` takes. */
            bool sending = strcmp(state, "sending") == 0;
            if (retry && sending)
                errs_add(errs, "message %lld is %s and cannot be sent again; try again in a "
                         "minute", (long long)id, state);
            else if (retry)
                errs_add(errs, "message %lld is %s and cannot be sent again", (long long)id, state);
            else if (sending)
                errs_add(errs, "message %lld is %s and cannot be cancelled; try again in a minute",
                         (long long)id, state);
            else
                errs_add(errs, "message %lld is %s and cannot be cancelled", (long long)id, state);
            rc = INSATS_EINPUT;
        }
    }
    if (rc == INSATS_OK) {
        json_t *d = json_pack("{ssss}", "action", action, "state_before", state);
        rc = audit_record(db, "update", "outbox", id, NULL, d, errs);
        json_decref(d);
    }
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

int outbox_retry(Db *db, const Actor *who, int64_t id, int64_t now, Errs *errs)
{
    return outbox_move(db, who, id, Q_RETRY, now > 0 ? now : 1, "retry", errs);
}

int outbox_cancel(Db *db, const Actor *who, int64_t id, Errs *errs)
{
    return outbox_move(db, who, id, Q_CANCEL, 0, "cancel", errs);
}
