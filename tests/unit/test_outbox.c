/* test_outbox.c — the outbox (outbox.c): a message is written inside the caller's transaction
 * and a rollback leaves nothing; a kind turned off, a disabled account and a repeated once_key
 * write nothing; the backoff schedule and its cap; the states of a send (claim, hand-over,
 * finish, a stopped sender's claim taken back as queued or uncertain); the manager's list
 * (masked addresses), retry and cancel with their role rule and audit entries; the RFC 2047
 * subject. Sending through a real relay is tests/e2e/outbox.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "outbox.h"
#include "smtp.h"
#include "testutil.h"
#include "util.h"

#define T0 ((int64_t)1764000000)

static int setup(void **state)
{
    TuDb *t = tu_db_new("outbox");
    if (!t)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static int64_t add_user(TuDb *t, const char *login, Role role, const char *email)
{
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    AccountNew in = {.login = login, .name = "Karin Ek", .role = role};
    int64_t id = 0;
    assert_int_equal(account_add(t->db, &cli, &in, &id, &errs), INSATS_OK);
    if (email)
        assert_int_equal(outbox_set_account_email(t->db, &cli, id, email, &errs), INSATS_OK);
    errs_free(&errs);
    return id;
}

/* Writes one message in a transaction of its own; returns outbox_add()'s id (0: none). */
static int64_t add_msg(TuDb *t, const char *kind, int64_t user, const char *address,
                       const char *once_key)
{
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(t->db, &errs), INSATS_OK);
    OutboxMessage m = {.kind = kind, .user_id = user, .address = address,
                       .subject = "Kallelse: styrgruppen 15 februari", .body = "Hej!\n",
                       .once_key = once_key};
    int64_t id = -1;
    assert_int_equal(outbox_add(t->db, &m, &id, &errs), INSATS_OK);
    assert_int_equal(db_tx_commit(t->db, &errs), INSATS_OK);
    errs_free(&errs);
    return id;
}

static int64_t count(TuDb *t, const char *sql)
{
    return tu_query_int(t->db, sql);
}

static void test_written_in_transaction(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    static const char ics[] = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    OutboxMessage m = {.kind = "meeting_invitation", .address = "anna@example.org",
                       .subject = "Kallelse", .body = "Välkommen.\n",
                       .attachment_name = "mote.ics",
                       .attachment_type = "text/calendar; method=REQUEST; charset=utf-8",
                       .attachment = ics, .attachment_len = sizeof ics - 1};
    /* Rolled back with the change that caused it: nothing is left to send. */
    assert_int_equal(db_tx_begin(t->db, &errs), INSATS_OK);
    int64_t id = 0;
    assert_int_equal(outbox_add(t->db, &m, &id, &errs), INSATS_OK);
    assert_true(id > 0);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox"), 1);
    db_tx_rollback(t->db);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox"), 0);
    /* Committed: queued, due at once, its attachment kept byte for byte. */
    assert_int_equal(db_tx_begin(t->db, &errs), INSATS_OK);
    assert_int_equal(outbox_add(t->db, &m, &id, &errs), INSATS_OK);
    assert_int_equal(db_tx_commit(t->db, &errs), INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE state = 'queued' AND "
                              "attempts = 0 AND next_attempt = created AND attachment_name = "
                              "'mote.ics' AND length(attachment) = 32 AND "
                              "length(message_token) = 32"), 1);
    errs_free(&errs);
}

static void test_bad_message_refused(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(t->db, &errs), INSATS_OK);
    OutboxMessage bad[] = {
        {.kind = "no_such_kind", .address = "a@example.org", .subject = "x", .body = ""},
        {.kind = "reminder_x", .address = "a@example.org", .subject = "x", .body = ""},
        {.kind = "proposal_step", .address = NULL, .subject = "x", .body = ""},
        {.kind = "proposal_step", .address = "not an address", .subject = "x", .body = ""},
        {.kind = "proposal_step", .address = "a@example.org", .subject = "", .body = ""},
        {.kind = "proposal_step", .address = "a@example.org", .subject = "a\r\nBcc: x@y.z",
         .body = ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t id = 7;
        assert_int_equal(outbox_add(t->db, &bad[i], &id, &errs), INSATS_EINPUT);
        assert_int_equal(id, 0);
    }
    assert_int_equal(errs.count, sizeof bad / sizeof bad[0]);
    /* The address is personal data: no message repeats it. */
    for (size_t i = 0; i < errs.count; i++)
        assert_null(strstr(errs.msgs[i], "not an address"));
    db_tx_rollback(t->db);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox"), 0);
    errs_free(&errs);
}

static void test_kind_turned_off(void **state)
{
    TuDb *t = *state;
    int64_t u = add_user(t, "karin", ROLE_TRAINER, "Karin.Ek@example.org");
    int64_t other = add_user(t, "olle", ROLE_TRAINER, NULL);
    Actor self = {.user_id = u, .role = ROLE_TRAINER};
    snprintf(self.login, sizeof self.login, "karin");
    Actor someone = {.user_id = other, .role = ROLE_TRAINER};
    snprintf(someone.login, sizeof someone.login, "olle");
    Errs errs;
    errs_init(&errs);
    /* Only the account itself (or an administrator) chooses. */
    assert_int_equal(outbox_set_kind_off(t->db, &someone, u, "survey_reminder", true, &errs),
                     INSATS_EFORBIDDEN);
    assert_false(outbox_kind_off(t->db, u, "survey_reminder"));
    assert_int_equal(outbox_set_kind_off(t->db, &self, u, "survey_reminder", true, &errs),
                     INSATS_OK);
    assert_true(outbox_kind_off(t->db, u, "survey_reminder"));
    assert_int_equal(outbox_set_kind_off(t->db, &self, u, "no_such", true, &errs),
                     INSATS_EINPUT);
    /* Turned off: not written for the account, nor for its address given without it (any
     * case); another kind still is. */
    assert_int_equal(add_msg(t, "survey_reminder", u, "Karin.Ek@example.org", NULL), 0);
    assert_int_equal(add_msg(t, "survey_reminder", 0, "karin.ek@EXAMPLE.org", NULL), 0);
    assert_true(add_msg(t, "meeting_invitation", u, "Karin.Ek@example.org", NULL) > 0);
    assert_true(add_msg(t, "survey_reminder", other, "olle@example.org", NULL) > 0);
    /* On again. */
    assert_int_equal(outbox_set_kind_off(t->db, &self, u, "survey_reminder", false, &errs),
                     INSATS_OK);
    assert_true(add_msg(t, "survey_reminder", u, "Karin.Ek@example.org", NULL) > 0);
    /* A disabled account gets nothing. */
    Actor cli;
    actor_cli(&cli);
    assert_int_equal(account_set_disabled(t->db, &cli, u, true, &errs), INSATS_OK);
    assert_int_equal(add_msg(t, "meeting_invitation", u, "Karin.Ek@example.org", NULL), 0);
    /* Each choice is in the audit trail. */
    assert_int_equal(count(t, "SELECT count(*) FROM audit_log WHERE kind = 'mail_optout'"), 2);
    /* The account's own address: set, read back, refused when malformed, removed. */
    char have[256];
    assert_int_equal(outbox_account_email(t->db, u, have, &errs), INSATS_OK);
    assert_string_equal(have, "Karin.Ek@example.org");
    assert_int_equal(outbox_set_account_email(t->db, &someone, u, "x@example.org", &errs),
                     INSATS_EFORBIDDEN);
    assert_int_equal(outbox_set_account_email(t->db, &self, u, "karin at home", &errs),
                     INSATS_EINPUT);
    assert_int_equal(outbox_set_account_email(t->db, &self, u, "", &errs), INSATS_OK);
    assert_int_equal(outbox_account_email(t->db, u, have, &errs), INSATS_OK);
    assert_string_equal(have, "");
    errs_free(&errs);
}

static void test_once_key(void **state)
{
    TuDb *t = *state;
    assert_true(add_msg(t, "action_reminder", 0, "a@example.org", "action_reminder:1") > 0);
    assert_int_equal(add_msg(t, "action_reminder", 0, "a@example.org", "action_reminder:1"), 0);
    assert_true(add_msg(t, "action_reminder", 0, "a@example.org", "action_reminder:2") > 0);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox"), 2);
}

static void test_backoff_schedule(void **state)
{
    OutboxPolicy p = {.retry_first_s = 60, .retry_max_s = 3600, .max_attempts = 8};
    const int64_t want[] = {60, 120, 240, 480, 960, 1920, 3600, 0, 0};
    for (int i = 0; i < 9; i++)
        assert_int_equal(outbox_backoff(&p, i + 1), want[i]);
    /* The defaults: a minute, doubling up to four hours, ten attempts. */
    assert_int_equal(outbox_backoff(NULL, 1), 60);
    assert_int_equal(outbox_backoff(NULL, 9), 4 * 3600);
    assert_int_equal(outbox_backoff(NULL, 10), 0);
}

/* The life of one message through the steps a sender takes. */
static void test_states(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    OutboxPolicy p = {.retry_first_s = 10, .retry_max_s = 100, .max_attempts = 3};
    int64_t a = add_msg(t, "proposal_step", 0, "a@example.org", NULL);
    tu_exec(t->db, "UPDATE outbox SET next_attempt = 1764000000");
    int64_t id;
    /* Not due yet. */
    assert_int_equal(outbox_claim(t->db, "c1", T0 - 1, 90, &id, &errs), INSATS_OK);
    assert_int_equal(id, 0);
    assert_int_equal(outbox_claim(t->db, "c1", T0, 90, &id, &errs), INSATS_OK);
    assert_int_equal(id, a);
    /* Claimed: nobody else gets it. */
    int64_t again;
    assert_int_equal(outbox_claim(t->db, "c2", T0, 90, &again, &errs), INSATS_OK);
    assert_int_equal(again, 0);
    /* A refusal for now: queued with the first pause, the error kept, the attempt recorded. */
    assert_int_equal(outbox_finish(t->db, a, "c1", T0 + 1, OUTBOX_RETRY, "451 try later", &p,
                                   &errs), INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE state = 'queued' AND attempts "
                              "= 1 AND next_attempt = 1764000011 AND last_error = '451 try "
                              "later' AND claim IS NULL"), 1);
    /* A finish under a claim that no longer holds changes nothing. */
    assert_int_equal(outbox_finish(t->db, a, "c1", T0 + 2, OUTBOX_SENT, NULL, &p, &errs),
                     INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE state = 'queued'"), 1);
    assert_int_equal(outbox_claim(t->db, "c3", T0 + 10, 90, &id, &errs), INSATS_OK);
    assert_int_equal(id, 0);
    assert_int_equal(outbox_claim(t->db, "c3", T0 + 11, 90, &id, &errs), INSATS_OK);
    assert_int_equal(id, a);
    assert_int_equal(outbox_finish(t->db, a, "c3", T0 + 12, OUTBOX_RETRY, "timeout", &p, &errs),
                     INSATS_OK);
    assert_int_equal(count(t, "SELECT next_attempt FROM outbox"), T0 + 12 + 20);
    /* The last attempt fails it for good. */
    assert_int_equal(outbox_claim(t->db, "c4", T0 + 40, 90, &id, &errs), INSATS_OK);
    assert_int_equal(outbox_finish(t->db, a, "c4", T0 + 41, OUTBOX_RETRY, "timeout", &p, &errs),
                     INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE state = 'failed' AND "
                              "attempts = 3"), 1);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox_attempt WHERE outbox_id = 1 AND "
                              "ok = 0"), 3);
    /* Sent. */
    int64_t b = add_msg(t, "proposal_step", 0, "b@example.org", NULL);
    assert_int_equal(outbox_claim(t->db, "c5", T0 + (int64_t)1e9, 90, &id, &errs), INSATS_OK);
    assert_int_equal(id, b);
    assert_true(outbox_data_sent(t->db, b, "c5", T0 + (int64_t)1e9));
    assert_int_equal(outbox_finish(t->db, b, "c5", T0 + (int64_t)1e9, OUTBOX_SENT, NULL, &p,
                                   &errs), INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 2 AND state = 'sent' AND "
                              "sent_at IS NOT NULL AND last_error IS NULL"), 1);
    /* A permanent refusal fails at once. */
    int64_t c = add_msg(t, "proposal_step", 0, "c@example.org", NULL);
    assert_int_equal(outbox_claim(t->db, "c6", T0 + (int64_t)1e9, 90, &id, &errs), INSATS_OK);
    assert_int_equal(id, c);
    assert_int_equal(outbox_finish(t->db, c, "c6", T0 + (int64_t)1e9, OUTBOX_REFUSED,
                                   "550 no such user", &p, &errs), INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 3 AND state = 'failed' "
                              "AND attempts = 1"), 1);
    errs_free(&errs);
}

/* A sender that stops (a crash) leaves its claim: when the lease ends, a message the relay
 * never had in full is queued again, one it may have had becomes uncertain and is not sent
 * again by itself. */
static void test_stopped_sender(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    int64_t a = add_msg(t, "proposal_step", 0, "a@example.org", NULL);
    int64_t b = add_msg(t, "proposal_step", 0, "b@example.org", NULL);
    tu_exec(t->db, "UPDATE outbox SET next_attempt = 1764000000");
    int64_t id1, id2;
    assert_int_equal(outbox_claim(t->db, "dead1", T0, 60, &id1, &errs), INSATS_OK);
    assert_int_equal(outbox_claim(t->db, "dead2", T0, 60, &id2, &errs), INSATS_OK);
    assert_int_equal(id1, a);
    assert_int_equal(id2, b);
    assert_true(outbox_data_sent(t->db, b, "dead2", T0 + 5));
    /* The hand-over needs a live claim. */
    assert_false(outbox_data_sent(t->db, a, "wrong", T0 + 5));
    assert_false(outbox_data_sent(t->db, a, "dead1", T0 + 61));
    size_t n = 9;
    /* Within the lease nothing is taken back: the sender may still be at it. */
    assert_int_equal(outbox_recover(t->db, T0 + 60, &n, &errs), INSATS_OK);
    assert_int_equal(n, 0);
    assert_int_equal(outbox_recover(t->db, T0 + 61, &n, &errs), INSATS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 1 AND state = 'queued' "
                              "AND attempts = 0"), 1);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 2 AND state = "
                              "'uncertain' AND attempts = 1 AND last_error LIKE '%may have "
                              "been delivered%'"), 1);
    /* The old sender's late finish changes nothing. */
    OutboxPolicy p = {0};
    assert_int_equal(outbox_finish(t->db, b, "dead2", T0 + 70, OUTBOX_SENT, NULL, &p, &errs),
                     INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 2 AND state = "
                              "'uncertain'"), 1);
    /* Only the queued one is claimed again. */
    assert_int_equal(outbox_claim(t->db, "new", T0 + 100, 60, &id1, &errs), INSATS_OK);
    assert_int_equal(id1, a);
    assert_int_equal(outbox_claim(t->db, "new2", T0 + 100, 60, &id2, &errs), INSATS_OK);
    assert_int_equal(id2, 0);
    /* Released (stopped before the hand-over): queued at once, no attempt counted. */
    assert_int_equal(outbox_finish(t->db, a, "new", T0 + 101, OUTBOX_RELEASED, NULL, &p, &errs),
                     INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 1 AND state = 'queued' "
                              "AND attempts = 0 AND next_attempt = 1764000101"), 1);
    errs_free(&errs);
}

static void test_manager_list_retry_cancel(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    int64_t u = add_user(t, "karin", ROLE_TRAINER, "karin@example.org");
    add_msg(t, "proposal_step", u, "karin@example.org", NULL);
    add_msg(t, "proposal_step", 0, "åsa.berg@example.org", NULL);
    add_msg(t, "proposal_step", 0, "c@example.org", NULL);
    tu_exec(t->db, "UPDATE outbox SET state = 'failed', last_error = '550 x' WHERE id = 1");
    tu_exec(t->db, "UPDATE outbox SET state = 'sent', sent_at = 1 WHERE id = 3");
    Actor trainer = {.user_id = u, .role = ROLE_TRAINER};
    const Actor *m = tu_manager();
    OutboxRow *rows;
    size_t n;
    assert_int_equal(outbox_list(t->db, &trainer, NULL, &rows, &n, &errs), INSATS_EFORBIDDEN);
    assert_int_equal(outbox_list(t->db, m, NULL, &rows, &n, &errs), INSATS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[2].id, 1);
    assert_string_equal(rows[2].recipient, "karin");
    assert_string_equal(rows[2].state, "failed");
    assert_string_equal(rows[2].last_error, "550 x");
    assert_string_equal(rows[1].recipient, "å***@example.org");
    free(rows);
    OutboxFilter f = {.state = "sent"};
    assert_int_equal(outbox_list(t->db, m, &f, &rows, &n, &errs), INSATS_OK);
    assert_int_equal(n, 1);
    free(rows);
    /* Retry: another round, at once; a sent message is refused with the reason. */
    assert_int_equal(outbox_retry(t->db, &trainer, 1, T0, &errs), INSATS_EFORBIDDEN);
    assert_int_equal(outbox_retry(t->db, m, 1, T0, &errs), INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 1 AND state = 'queued' "
                              "AND attempts = 0 AND next_attempt = 1764000000"), 1);
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(outbox_retry(t->db, m, 3, T0, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "is sent and cannot be sent again"));
    assert_int_equal(outbox_cancel(t->db, m, 3, &errs), INSATS_EINPUT);
    assert_int_equal(outbox_cancel(t->db, m, 99, &errs), INSATS_EINPUT);
    /* Cancel a queued one; it is never claimed. */
    assert_int_equal(outbox_cancel(t->db, m, 2, &errs), INSATS_OK);
    assert_int_equal(count(t, "SELECT count(*) FROM outbox WHERE id = 2 AND state = "
                              "'cancelled'"), 1);
    assert_int_equal(count(t, "SELECT count(*) FROM audit_log WHERE kind = 'outbox' AND "
                              "action = 'update'"), 2);
    assert_false(db_in_transaction(t->db));
    errs_free(&errs);
}

static void test_subject_encoding(void **state)
{
    char *s = smtp_encode_subject("Kallelse till mötet");
    assert_string_equal(s, "=?UTF-8?B?S2FsbGVsc2UgdGlsbCBtw7Z0ZXQ=?=");
    free(s);
    s = smtp_encode_subject("Plain ASCII");
    assert_string_equal(s, "Plain ASCII");
    free(s);
    /* Long: split into words of at most 75 characters, none splitting a character. */
    s = smtp_encode_subject("åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäö");
    char *save = NULL;
    int words = 0;
    for (char *w = strtok_r(s, "\r\n ", &save); w; w = strtok_r(NULL, "\r\n ", &save)) {
        assert_true(strlen(w) <= 75);
        assert_int_equal(strncmp(w, "=?UTF-8?B?", 10), 0);
        words++;
    }
    assert_int_equal(words, 2);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_written_in_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_message_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kind_turned_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_once_key, setup, teardown),
        cmocka_unit_test(test_backoff_schedule),
        cmocka_unit_test_setup_teardown(test_states, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stopped_sender, setup, teardown),
        cmocka_unit_test_setup_teardown(test_manager_list_retry_cancel, setup, teardown),
        cmocka_unit_test(test_subject_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
