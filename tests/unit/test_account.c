/* test_account.c — accounts (account.c): the password policy, login with the same answer for
 * a wrong password and an unknown login, throttling, session expiry, logging out other
 * sessions, the TOTP second factor with codes computed here, API tokens, disabled accounts and
 * rehashing. Each Argon2id hash takes a tenth of a second and 64 MiB, so the tests hash few. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "account.h"
#include "audit.h"
#include "records.h"
#include "testutil.h"
#include "util.h"

/* A fixed clock: sessions expire by moving it, not by sleeping. */
#define T0 ((time_t)1764000000)
#define PW "korrekt häst batteri häftklammer"

static int setup(void **state)
{
    TuDb *t = tu_db_new("account");
    if (!t)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static bool has_msg(const Errs *e, const char *text)
{
    for (size_t i = 0; i < e->count; i++)
        if (strstr(e->msgs[i], text))
            return true;
    return false;
}

/* Adds an account of this role (no organisation) and, when pw is not NULL, sets it. */
static int64_t add_user(TuDb *t, const char *login, Role role, const char *pw)
{
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    AccountNew in = {.login = login, .name = "Karin Ek", .role = role};
    int64_t id = 0;
    assert_int_equal(account_add(t->db, &cli, &in, &id, &errs), INSATS_OK);
    if (pw)
        assert_int_equal(account_set_password(t->db, id, pw, 0, &errs), INSATS_OK);
    errs_free(&errs);
    return id;
}

/* Logs in and must succeed; the session id goes to sid. */
static void login_ok(TuDb *t, const char *login, const char *pw, time_t now,
                     char sid[ACCOUNT_SID_SIZE], AccountSession *s)
{
    Errs errs;
    errs_init(&errs);
    int rc = account_login(t->db, login, pw, "127.0.0.1", now, sid, s, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(strlen(sid), ACCOUNT_SID_LEN);
    errs_free(&errs);
}

/* A login that must be refused; returns the one message, which the caller frees. */
static char *login_refused(TuDb *t, const char *login, const char *pw, const char *addr,
                           time_t now, int64_t *retry_after)
{
    Errs errs;
    errs_init(&errs);
    char sid[ACCOUNT_SID_SIZE] = "x";
    AccountSession s;
    assert_int_equal(account_login(t->db, login, pw, addr, now, sid, &s, &errs), INSATS_EINPUT);
    assert_string_equal(sid, "");
    assert_int_equal(s.actor.user_id, 0);
    assert_int_equal(errs.count, 1);
    if (retry_after)
        *retry_after = s.retry_after;
    char *msg = xstrdup(errs.msgs[0]);
    errs_free(&errs);
    return msg;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start->tv_sec) + (double)(end.tv_nsec - start->tv_nsec) / 1e9;
}

static void test_password_policy(void **state)
{
    (void)state;
    assert_int_equal(account_password_check("kort lösen"), ACCOUNT_PW_SHORT);
    /* Characters count, not bytes: eleven å are 22 bytes but too short; twelve are fine. */
    assert_int_equal(account_password_check("ååååååååååå"), ACCOUNT_PW_SHORT);
    assert_int_equal(account_password_check("åäöblåbärsöl"), ACCOUNT_PW_OK);
    /* Entries of the list of common passwords, in any case. */
    assert_int_equal(account_password_check("1qaz2wsx3edc"), ACCOUNT_PW_COMMON);
    assert_int_equal(account_password_check("1QAZ2wsx3EDC"), ACCOUNT_PW_COMMON);
    assert_int_equal(account_password_check("123456qwerty"), ACCOUNT_PW_COMMON);
    /* ... and with digits or signs before or after them, as a guesser tries them next. */
    assert_int_equal(account_password_check("1qaz2wsx3edc!"), ACCOUNT_PW_COMMON);
    assert_int_equal(account_password_check("password1234"), ACCOUNT_PW_COMMON);
    assert_int_equal(account_password_check("2024!Password"), ACCOUNT_PW_COMMON);
    assert_int_equal(account_password_check("!!sunshine!!"), ACCOUNT_PW_COMMON);
    /* a listed word inside others is a passphrase, not a variant */
    assert_int_equal(account_password_check("password of the blue ferry"), ACCOUNT_PW_OK);
    /* Repetitions, few characters and runs, however long. */
    assert_int_equal(account_password_check("111111111111"), ACCOUNT_PW_PATTERN);
    assert_int_equal(account_password_check("åäöåäöåäöåäö"), ACCOUNT_PW_PATTERN);
    assert_int_equal(account_password_check("lösenlösenlösen"), ACCOUNT_PW_PATTERN);
    assert_int_equal(account_password_check("aaaabbbbcccc"), ACCOUNT_PW_PATTERN);
    assert_int_equal(account_password_check("123456789012"), ACCOUNT_PW_PATTERN);
    assert_int_equal(account_password_check("210987654321"), ACCOUNT_PW_PATTERN);
    assert_int_equal(account_password_check("abcdefghijklm"), ACCOUNT_PW_PATTERN);
    assert_int_equal(account_password_check("123456789013"), ACCOUNT_PW_OK);
    /* A long passphrase is welcome, up to the limit. */
    static const char words[] = "correct horse battery staple ";
    char *longpw = xmalloc(ACCOUNT_PASSWORD_MAX_BYTES + 2);
    for (size_t i = 0; i < 1024; i++)
        longpw[i] = words[i % (sizeof words - 1)];
    longpw[1024] = '\0';
    assert_int_equal(account_password_check(longpw), ACCOUNT_PW_OK);
    /* the longest allowed: letters without a pattern up to the last byte */
    uint32_t x = 42;
    for (size_t i = 0; i < ACCOUNT_PASSWORD_MAX_BYTES; i++) {
        x = x * 1103515245u + 12345u;
        longpw[i] = (char)('a' + (x >> 16) % 26);
    }
    longpw[ACCOUNT_PASSWORD_MAX_BYTES] = '\0';
    assert_int_equal(account_password_check(longpw), ACCOUNT_PW_OK);
    longpw[ACCOUNT_PASSWORD_MAX_BYTES] = 'a';
    longpw[ACCOUNT_PASSWORD_MAX_BYTES + 1] = '\0';
    assert_int_equal(account_password_check(longpw), ACCOUNT_PW_LONG);
    free(longpw);
    assert_int_equal(account_password_check("tolv tecken\nmed radbrytning"), ACCOUNT_PW_ENCODING);
    assert_int_equal(account_password_check("trasig \xff utf-8 text"), ACCOUNT_PW_ENCODING);
    assert_int_equal(account_password_check("trasig \xc3 utf-8 text"), ACCOUNT_PW_ENCODING);
}

static void test_set_password_refuses_policy(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "karin", ROLE_MANAGER, NULL);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_set_password(t->db, id, "1qaz2wsx3edc", 0, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "10,000 most common"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM app_user WHERE password_hash "
                                         "IS NOT NULL"), 0);
    /* An account without a password cannot log in, with the usual message. */
    char *msg = login_refused(t, "karin", "", NULL, T0, NULL);
    assert_string_equal(msg, "wrong login or password");
    free(msg);
    errs_free(&errs);
}

static void test_add_refuses_bad_fields(void **state)
{
    TuDb *t = *state;
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    AccountNew bad = {.login = "karin ek", .name = "", .role = ROLE_COORDINATOR};
    assert_int_equal(account_add(t->db, &cli, &bad, NULL, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "login: "));
    assert_true(has_msg(&errs, "name: "));
    assert_true(has_msg(&errs, "organisation: "));
    errs_free(&errs);
    /* Only an administrator (or the command line) manages accounts. */
    Actor manager = {.user_id = 7, .role = ROLE_MANAGER};
    AccountNew ok = {.login = "Karin", .name = "Karin Ek", .role = ROLE_READER};
    errs_init(&errs);
    assert_int_equal(account_add(t->db, &manager, &ok, NULL, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "only an administrator"));
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(account_add(t->db, &cli, &ok, NULL, &errs), INSATS_OK);
    assert_int_equal(account_add(t->db, &cli, &ok, NULL, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "exists already"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM app_user WHERE login = 'karin'"),
                     1);
    errs_free(&errs);
}

static void test_login_same_answer_and_new_session_ids(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "karin", ROLE_READER, PW);
    char sid1[ACCOUNT_SID_SIZE], sid2[ACCOUNT_SID_SIZE];
    AccountSession s;
    login_ok(t, "Karin", PW, T0, sid1, &s);
    assert_int_equal(s.actor.user_id, id);
    assert_string_equal(s.actor.login, "karin");
    assert_int_equal(s.actor.role, ROLE_READER);
    assert_false(s.totp_required);
    assert_true(account_session_ready(&s));
    assert_int_equal(strlen(s.csrf), 64);
    login_ok(t, "karin", PW, T0, sid2, &s);
    assert_string_not_equal(sid1, sid2);
    /* Only the hash of a session id is stored. */
    char *sql = xasprintf("SELECT count(*) FROM user_session WHERE hex(sid_hash) LIKE '%s' "
                          "OR csrf = '%s'", sid1, sid1);
    assert_int_equal(tu_query_int(t->db, sql), 0);
    free(sql);
    AccountSession got;
    assert_int_equal(account_session_get(t->db, sid1, T0 + 1, &got), INSATS_OK);
    assert_int_equal(account_session_get(t->db, sid2, T0 + 1, &got), INSATS_OK);

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *wrong = login_refused(t, "karin", "fel lösenord helt och hållet", "10.0.0.1", T0,
                                NULL);
    double t_wrong = seconds_since(&start);
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *unknown = login_refused(t, "nobody", PW, "10.0.0.2", T0, NULL);
    double t_unknown = seconds_since(&start);
    assert_string_equal(wrong, unknown);
    assert_string_equal(wrong, "wrong login or password");
    /* The unknown login verified a hash too: not a hundred times faster than a known one. */
    assert_true(t_unknown > t_wrong / 4);
    free(wrong);
    free(unknown);
}

static void test_throttling(void **state)
{
    TuDb *t = *state;
    add_user(t, "karin", ROLE_READER, PW);
    int64_t wait = -1;
    for (int i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
        char *msg = login_refused(t, "karin", "fel lösenord helt och hållet", NULL, T0 + i,
                                  &wait);
        assert_string_equal(msg, "wrong login or password");
        assert_int_equal(wait, 0);
        free(msg);
    }
    /* Now even the right password waits, and the message says how long. */
    char *msg = login_refused(t, "karin", PW, NULL, T0 + 4, &wait);
    assert_int_equal(wait, 5);
    assert_non_null(strstr(msg, "try again in 5 seconds"));
    free(msg);
    msg = login_refused(t, "karin", PW, NULL, T0 + 8, &wait);
    assert_int_equal(wait, 1);
    free(msg);
    /* After the wait one more try; a failure doubles the wait. */
    msg = login_refused(t, "karin", "fel igen, helt och hållet", NULL, T0 + 9, &wait);
    assert_int_equal(wait, 0);
    free(msg);
    msg = login_refused(t, "karin", PW, NULL, T0 + 10, &wait);
    assert_int_equal(wait, 9);
    free(msg);
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    login_ok(t, "karin", PW, T0 + 19, sid, &s);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM login_attempt WHERE kind = "
                                         "'login'"), 0);
    /* Per address, whatever the login: an address with five failures waits too. */
    tu_exec(t->db, "INSERT INTO login_attempt VALUES ('addr', '192.0.2.7', 5, 1764000100)");
    msg = login_refused(t, "karin", PW, "192.0.2.7", T0 + 101, &wait);
    assert_int_equal(wait, 4);
    free(msg);
    /* Failures are forgotten after an hour. */
    login_ok(t, "karin", PW, T0 + 100 + 3600, sid, &s);
}

static void test_session_expiry(void **state)
{
    TuDb *t = *state;
    add_user(t, "karin", ROLE_READER, PW);
    char sid[ACCOUNT_SID_SIZE], sid2[ACCOUNT_SID_SIZE];
    AccountSession s;
    login_ok(t, "karin", PW, T0, sid, &s);
    login_ok(t, "karin", PW, T0, sid2, &s);
    /* Used every 25 minutes, the session lives until 12 hours after login. */
    time_t now = T0;
    for (; now + 25 * 60 <= T0 + ACCOUNT_ABSOLUTE_SECONDS; ) {
        now += 25 * 60;
        assert_int_equal(account_session_get(t->db, sid, now, &s), INSATS_OK);
        assert_int_equal(s.last_seen, now);
    }
    assert_int_equal(account_session_get(t->db, sid, T0 + ACCOUNT_ABSOLUTE_SECONDS + 1, &s),
                     INSATS_EINPUT);
    /* Idle for more than 30 minutes: gone, and the row with it. */
    assert_int_equal(account_session_get(t->db, sid2, T0 + ACCOUNT_IDLE_SECONDS + 1, &s),
                     INSATS_EINPUT);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM user_session"), 0);
    /* Not a session id at all. */
    assert_int_equal(account_session_get(t->db, "abc", T0, &s), INSATS_EINPUT);
    assert_int_equal(account_session_get(t->db, NULL, T0, &s), INSATS_EINPUT);
}

static void test_password_change_logs_out_others(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "karin", ROLE_READER, PW);
    char a[ACCOUNT_SID_SIZE], b[ACCOUNT_SID_SIZE], c[ACCOUNT_SID_SIZE];
    AccountSession sa, s;
    login_ok(t, "karin", PW, T0, a, &sa);
    login_ok(t, "karin", PW, T0, b, &s);
    Errs errs;
    errs_init(&errs);
    const char *npw = "ett helt nytt lösenord för karin";
    assert_int_equal(account_set_password(t->db, id, npw, sa.session_id, &errs), INSATS_OK);
    assert_int_equal(account_session_get(t->db, a, T0 + 1, &s), INSATS_OK);
    assert_int_equal(account_session_get(t->db, b, T0 + 1, &s), INSATS_EINPUT);
    char *msg = login_refused(t, "karin", PW, NULL, T0 + 2, NULL);
    free(msg);
    login_ok(t, "karin", npw, T0 + 3, c, &s);
    /* "Log out my other sessions" by hand. */
    size_t ended = 0;
    assert_int_equal(account_logout_others(t->db, c, &ended, &errs), INSATS_OK);
    assert_int_equal(ended, 1);
    assert_int_equal(account_session_get(t->db, a, T0 + 4, &s), INSATS_EINPUT);
    assert_int_equal(account_session_get(t->db, c, T0 + 4, &s), INSATS_OK);
    assert_int_equal(account_logout(t->db, c, &errs), INSATS_OK);
    assert_int_equal(account_session_get(t->db, c, T0 + 5, &s), INSATS_EINPUT);
    assert_int_equal(errs.count, 0);
    errs_free(&errs);
}

static void test_change_password_and_generate(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "karin", ROLE_READER, PW);
    char a[ACCOUNT_SID_SIZE], b[ACCOUNT_SID_SIZE];
    AccountSession sa, s;
    login_ok(t, "karin", PW, T0, a, &sa);
    login_ok(t, "karin", PW, T0, b, &s);
    Errs errs;
    errs_init(&errs);
    int64_t wait = -1;
    const char *npw = "ett nytt lösenord för karin";
    /* A new password against the policy is refused before the current one is checked. */
    assert_int_equal(account_change_password(t->db, a, "fel", "kort", T0 + 1, &wait, &errs),
                     INSATS_EINPUT);
    assert_true(has_msg(&errs, "at least 12"));
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(account_change_password(t->db, a, "fel lösenord för karin", npw, T0 + 1,
                                             &wait, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "wrong password"));
    assert_int_equal(wait, 0);
    assert_int_equal(tu_query_int(t->db, "SELECT failures FROM login_attempt WHERE kind = "
                                         "'login' AND key = 'karin'"), 1);
    assert_int_equal(account_change_password(t->db, a, PW, npw, T0 + 2, &wait, &errs),
                     INSATS_OK);
    assert_int_equal(account_session_get(t->db, a, T0 + 3, &s), INSATS_OK);
    assert_int_equal(account_session_get(t->db, b, T0 + 3, &s), INSATS_EINPUT);
    char c[ACCOUNT_SID_SIZE];
    login_ok(t, "karin", npw, T0 + 4, c, &s);

    /* An administrator's reset: a generated password that logs in, every session ended. */
    Actor cli;
    actor_cli(&cli);
    char gen[32];
    assert_int_equal(account_password_generate(t->db, &cli, id, gen, &errs), INSATS_OK);
    assert_int_equal(account_password_check(gen), ACCOUNT_PW_OK);
    assert_int_equal(account_session_get(t->db, a, T0 + 5, &s), INSATS_EINPUT);
    assert_int_equal(account_session_get(t->db, c, T0 + 5, &s), INSATS_EINPUT);
    login_ok(t, "karin", gen, T0 + 6, c, &s);
    Actor reader = {.user_id = id, .role = ROLE_READER};
    assert_int_equal(account_password_generate(t->db, &reader, id, gen, &errs), INSATS_EINPUT);
    assert_true(account_login_valid("Karin.Ek-2"));
    assert_false(account_login_valid("karin ek"));
    assert_false(account_login_valid("-karin"));
    assert_false(account_login_valid(""));
    errs_free(&errs);
}

static void test_totp_enrol_and_verify(void **state)
{
    TuDb *t = *state;
    assert_int_equal(oath_init(), OATH_OK);
    int64_t id = add_user(t, "admin", ROLE_ADMIN, PW);
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    login_ok(t, "admin", PW, T0, sid, &s);
    assert_true(s.totp_required);
    assert_false(s.totp_enrolled);
    assert_false(account_session_ready(&s));

    Errs errs;
    errs_init(&errs);
    char code[16];
    /* Passing a factor that was never enrolled is refused. */
    assert_int_equal(account_session_totp(t->db, sid, "123456", T0, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "enrol one first"));
    errs_free(&errs);
    errs_init(&errs);

    AccountTotpSetup setup_;
    assert_int_equal(account_totp_begin(t->db, id, &setup_, &errs), INSATS_OK);
    assert_int_equal(strlen(setup_.secret_base32), 32);
    char *want = xasprintf("otpauth://totp/insats:admin?secret=%s&issuer=insats",
                           setup_.secret_base32);
    assert_int_equal(strncmp(setup_.uri, want, strlen(want)), 0);
    free(want);
    assert_int_equal(strncmp(setup_.svg, "<svg ", 5), 0);
    /* The same drawing in parts: the size and the path of the SVG. */
    assert_int_equal(setup_.qr_size % 4, 1);   /* 17 + 4 per version, 8 of quiet zone */
    assert_non_null(strstr(setup_.svg, setup_.qr_path));
    /* Beginning again (the page reloaded) shows the same secret. */
    AccountTotpSetup same;
    assert_int_equal(account_totp_begin(t->db, id, &same, &errs), INSATS_OK);
    assert_string_equal(same.secret_base32, setup_.secret_base32);
    account_totp_setup_free(&same);
    assert_non_null(strstr(setup_.svg, "</svg>"));
    assert_non_null(strstr(setup_.svg, "M4 4h1v1h-1z"));   /* the finder pattern's corner */
    /* The secret is stored sealed, never as base32 text. */
    char *sql = xasprintf("SELECT count(*) FROM app_user WHERE instr(totp_secret, '%s') > 0",
                          setup_.secret_base32);
    assert_int_equal(tu_query_int(t->db, sql), 0);
    free(sql);

    assert_int_equal(account_totp_confirm(t->db, sid, "000000x", T0 + 5, &errs), INSATS_EINPUT);
    tu_totp_code(setup_.secret_base32, T0 + 5, code);
    assert_int_equal(account_totp_confirm(t->db, sid, code, T0 + 5, &errs), INSATS_OK);
    assert_int_equal(account_session_get(t->db, sid, T0 + 6, &s), INSATS_OK);
    assert_true(s.totp_enrolled && s.totp_passed && account_session_ready(&s));
    errs_free(&errs);
    errs_init(&errs);
    /* Enrolled: a new enrolment is refused. */
    AccountTotpSetup again;
    assert_int_equal(account_totp_begin(t->db, id, &again, &errs), INSATS_EINPUT);
    errs_free(&errs);
    errs_init(&errs);

    /* A new login must pass the factor again; the code just used is refused. */
    char sid2[ACCOUNT_SID_SIZE];
    login_ok(t, "admin", PW, T0 + 10, sid2, &s);
    assert_true(s.totp_enrolled && !s.totp_passed && !account_session_ready(&s));
    assert_int_equal(account_session_totp(t->db, sid2, code, T0 + 10, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "wrong code"));
    /* The code of the step before, at a later time, is accepted (±1 step). */
    tu_totp_code(setup_.secret_base32, T0 + 300 - 30, code);
    assert_int_equal(account_session_totp(t->db, sid2, code, T0 + 300, &errs), INSATS_OK);
    assert_int_equal(account_session_get(t->db, sid2, T0 + 301, &s), INSATS_OK);
    assert_true(account_session_ready(&s));
    /* Two steps away is too far. */
    char sid3[ACCOUNT_SID_SIZE];
    login_ok(t, "admin", PW, T0 + 400, sid3, &s);
    errs_free(&errs);
    errs_init(&errs);
    tu_totp_code(setup_.secret_base32, T0 + 1000 - 60, code);
    assert_int_equal(account_session_totp(t->db, sid3, code, T0 + 1000, &errs), INSATS_EINPUT);
    tu_totp_code(setup_.secret_base32, T0 + 1000 + 30, code);
    assert_int_equal(account_session_totp(t->db, sid3, code, T0 + 1000, &errs), INSATS_OK);
    account_totp_setup_free(&setup_);
    errs_free(&errs);
}

static void test_totp_failures_throttled(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "manager", ROLE_MANAGER, PW);
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    login_ok(t, "manager", PW, T0, sid, &s);
    Errs errs;
    errs_init(&errs);
    AccountTotpSetup st;
    assert_int_equal(account_totp_begin(t->db, id, &st, &errs), INSATS_OK);
    char code[16];
    tu_totp_code(st.secret_base32, T0, code);
    /* A code that is surely wrong: the right one with its last digit changed. */
    char wrong[16];
    memcpy(wrong, code, 7);
    wrong[5] = wrong[5] == '9' ? '0' : (char)(wrong[5] + 1);
    for (int i = 0; i < ACCOUNT_FREE_FAILURES; i++)
        assert_int_equal(account_totp_confirm(t->db, sid, wrong, T0, &errs), INSATS_EINPUT);
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(account_totp_confirm(t->db, sid, code, T0 + 1, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "try again in"));
    assert_int_equal(account_totp_confirm(t->db, sid, code, T0 + 6, &errs), INSATS_OK);
    account_totp_setup_free(&st);
    errs_free(&errs);
}

static void test_tokens_and_disabled(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "karin", ROLE_ECONOMIST, PW);
    Errs errs;
    errs_init(&errs);
    char token[ACCOUNT_TOKEN_SIZE], token2[ACCOUNT_TOKEN_SIZE];
    int64_t tid = 0;
    assert_int_equal(account_token_create(t->db, id, "uppföljning", T0, token, &tid, &errs),
                     INSATS_OK);
    assert_int_equal(strncmp(token, "insats_", 7), 0);
    assert_int_equal(strlen(token), ACCOUNT_TOKEN_LEN);
    assert_int_equal(account_token_create(t->db, id, "uppföljning", T0, token2, NULL, &errs),
                     INSATS_EINPUT);
    assert_true(has_msg(&errs, "valid token of this name"));
    assert_int_equal(account_token_find(t->db, id, "uppföljning"), tid);
    /* Stored as a hash only. */
    char *sql = xasprintf("SELECT count(*) FROM api_token WHERE instr(hex(token_hash), "
                          "upper('%s')) > 0", token + 7);
    assert_int_equal(tu_query_int(t->db, sql), 0);
    free(sql);

    Actor a;
    assert_int_equal(account_token_auth(t->db, token, T0 + 100, &a), INSATS_OK);
    assert_int_equal(a.user_id, id);
    assert_int_equal(a.role, ROLE_ECONOMIST);
    assert_string_equal(a.login, "karin");
    char kept = token[10];
    token[10] = kept == 'a' ? 'b' : 'a';
    assert_int_equal(account_token_auth(t->db, token, T0 + 100, &a), INSATS_EINPUT);
    token[10] = kept;
    assert_int_equal(account_token_auth(t->db, "Bearer x", T0, &a), INSATS_EINPUT);

    AccountToken *list = NULL;
    size_t n = 0;
    assert_int_equal(account_token_list(t->db, id, &list, &n, &errs), INSATS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].name, "uppföljning");
    assert_int_equal(list[0].last_used, T0 + 100);
    free(list);

    /* A disabled account neither logs in nor uses its tokens; enabled again, both work. */
    Actor cli;
    actor_cli(&cli);
    assert_int_equal(account_set_disabled(t->db, &cli, id, true, &errs), INSATS_OK);
    assert_int_equal(account_token_auth(t->db, token, T0 + 200, &a), INSATS_EINPUT);
    char *msg = login_refused(t, "karin", PW, NULL, T0 + 200, NULL);
    assert_non_null(strstr(msg, "disabled"));
    free(msg);
    msg = login_refused(t, "karin", "inte rätt lösenord alls", NULL, T0 + 201, NULL);
    assert_string_equal(msg, "wrong login or password");
    free(msg);
    assert_int_equal(account_set_disabled(t->db, &cli, id, false, &errs), INSATS_OK);
    assert_int_equal(account_token_auth(t->db, token, T0 + 300, &a), INSATS_OK);

    /* Revoked: refused for good, and its name is free again. */
    assert_int_equal(account_token_revoke(t->db, id, tid, T0 + 400, &errs), INSATS_OK);
    assert_int_equal(account_token_auth(t->db, token, T0 + 401, &a), INSATS_EINPUT);
    assert_int_equal(account_token_revoke(t->db, id, tid, T0 + 402, &errs), INSATS_EINPUT);
    assert_int_equal(account_token_find(t->db, id, "uppföljning"), 0);
    assert_int_equal(account_token_create(t->db, id, "uppföljning", T0, token2, NULL, &errs),
                     INSATS_OK);
    assert_int_equal(account_token_auth(t->db, token2, T0 + 500, &a), INSATS_OK);
    errs_free(&errs);
}

static void test_rehash_weak_hash(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "karin", ROLE_READER, NULL);
    char weak[crypto_pwhash_STRBYTES];
    assert_int_equal(crypto_pwhash_str_alg(weak, PW, strlen(PW), 1, 8192,
                                           crypto_pwhash_ALG_ARGON2ID13), 0);
    char *sql = xasprintf("UPDATE app_user SET password_hash = '%s' WHERE id = %lld", weak,
                          (long long)id);
    tu_exec(t->db, sql);
    free(sql);
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    /* As the web server logs in: nobody acts on the connection yet, and the rehash is still
     * written, recorded as the user's own change. */
    audit_clear_actor(t->db);
    login_ok(t, "karin", PW, T0, sid, &s);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM app_user WHERE password_hash "
                                         "LIKE '$argon2id$v=19$m=65536,t=2,p=1$%'"), 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE kind = 'user' "
                                         "AND action = 'update' AND actor_login = 'karin'"), 1);
    login_ok(t, "karin", PW, T0 + 1, sid, &s);
}

static void test_trainer_assignment_and_organisation(void **state)
{
    TuDb *t = *state;
    tu_import_fixture(t->db, "bundle-min.json", NULL);
    int64_t act = tu_query_int(t->db, "SELECT min(id) FROM activity");
    int64_t org = tu_query_int(t->db, "SELECT min(id) FROM organisation");
    int64_t trainer = add_user(t, "trainer1", ROLE_TRAINER, NULL);
    int64_t reader = add_user(t, "reader1", ROLE_READER, NULL);
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_trainer_assign(t->db, &cli, trainer, act, true, &errs), INSATS_OK);
    assert_int_equal(account_trainer_assign(t->db, &cli, trainer, act, true, &errs), INSATS_OK);
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(account_trainer_activities(t->db, trainer, &ids, &n, &errs), INSATS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], act);
    free(ids);
    assert_int_equal(account_trainer_assign(t->db, &cli, reader, act, true, &errs),
                     INSATS_EINPUT);
    assert_true(has_msg(&errs, "not a trainer"));
    assert_int_equal(account_trainer_assign(t->db, &cli, trainer, act + 999, true, &errs),
                     INSATS_EINPUT);
    assert_int_equal(account_trainer_assign(t->db, &cli, trainer, act, false, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM activity_trainer"), 0);
    errs_free(&errs);

    /* A coordinator belongs to an organisation, shown by its code. */
    errs_init(&errs);
    AccountNew in = {.login = "koord", .name = "Karin Ek", .role = ROLE_COORDINATOR,
                     .organisation_id = org};
    int64_t id = 0;
    assert_int_equal(account_add(t->db, &cli, &in, &id, &errs), INSATS_OK);
    AccountUser u;
    assert_int_equal(account_find(t->db, "KOORD", &u, &errs), INSATS_OK);
    assert_int_equal(u.id, id);
    assert_int_equal(u.organisation_id, org);
    assert_true(u.organisation_code[0] != '\0');
    assert_false(u.has_password);
    AccountUser *all = NULL;
    assert_int_equal(account_list(t->db, &all, &n, &errs), INSATS_OK);
    assert_int_equal(n, 3);
    assert_string_equal(all[0].login, "koord");
    assert_string_equal(all[2].login, "trainer1");
    free(all);
    /* The organisation of an account is not deleted from under it. */
    int64_t project = tu_query_int(t->db, "SELECT project_id FROM organisation WHERE id = "
                                          "(SELECT min(id) FROM organisation)");
    int64_t removed = 0;
    assert_int_equal(records_delete(t->db, tu_manager(), project, "organisation", u.organisation_code, &removed,
                                    &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "user account"));
    assert_int_equal(account_update(t->db, &cli, id, "Karin Ek", ROLE_COORDINATOR, 0, &errs),
                     INSATS_EINPUT);
    assert_int_equal(account_update(t->db, &cli, id, "Karin Berg", ROLE_READER, 0, &errs),
                     INSATS_OK);
    assert_int_equal(account_get(t->db, id, &u, &errs), INSATS_OK);
    assert_int_equal(u.role, ROLE_READER);
    assert_string_equal(u.name, "Karin Berg");
    errs_free(&errs);
}

/* The account's language: itself, an admin or the command line may choose it; anything but
 * sv, en and auto is refused with nothing changed; the session reads the choice. */
static void test_lang(void **state)
{
    TuDb *t = *state;
    int64_t id = add_user(t, "lena", ROLE_READER, PW);
    int64_t other = add_user(t, "nils", ROLE_MANAGER, NULL);
    int64_t admin = add_user(t, "ada", ROLE_ADMIN, NULL);
    Actor cli, self = {.user_id = id, .role = ROLE_READER},
               manager = {.user_id = other, .role = ROLE_MANAGER},
               adm = {.user_id = admin, .role = ROLE_ADMIN};
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    AccountUser u;
    assert_int_equal(account_get(t->db, id, &u, &errs), INSATS_OK);
    assert_int_equal(u.lang, LANG_NONE);
    assert_int_equal(account_set_lang(t->db, &self, id, "en", &errs), INSATS_OK);
    assert_int_equal(account_get(t->db, id, &u, &errs), INSATS_OK);
    assert_int_equal(u.lang, LANG_EN);
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    login_ok(t, "lena", PW, T0, sid, &s);
    assert_int_equal(account_session_get(t->db, sid, T0 + 1, &s), INSATS_OK);
    assert_int_equal(s.lang, LANG_EN);

    static const char *const bad[] = {"fr", "EN", "en-GB", "", " sv", "auto "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(account_set_lang(t->db, &cli, id, bad[i], &errs), INSATS_EINPUT);
        assert_true(has_msg(&errs, "is not one of sv, en and auto; nothing was changed"));
        assert_string_equal(errs.fields[errs.count - 1], "lang");
    }
    assert_int_equal(account_set_lang(t->db, &cli, id, NULL, &errs), INSATS_EINPUT);
    /* Another account may not choose for it, unless it is an admin's. */
    assert_int_equal(account_set_lang(t->db, &manager, id, "sv", &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "only the account itself or an administrator"));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM app_user WHERE lang = 'en'"), 1);
    assert_int_equal(account_set_lang(t->db, &adm, id, "sv", &errs), INSATS_OK);
    assert_int_equal(account_session_get(t->db, sid, T0 + 2, &s), INSATS_OK);
    assert_int_equal(s.lang, LANG_SV);
    assert_int_equal(account_set_lang(t->db, &cli, id, "auto", &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM app_user WHERE lang IS NULL"), 3);
    assert_int_equal(account_set_lang(t->db, &cli, id + 999, "sv", &errs), INSATS_EINPUT);
    /* The trail has each change of the account's language. */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM audit_log WHERE kind = 'user' "
                                         "AND action = 'update' AND json_extract(before, '$.lang') "
                                         "IS NOT json_extract(after, '$.lang')"), 3);
    errs_free(&errs);
}

static void test_demo_accounts(void **state)
{
    TuDb *t = *state;
    tu_import_fixture(t->db, "bundle-min.json", NULL);
    int64_t project = tu_query_int(t->db, "SELECT min(id) FROM project");
    int64_t municipalities = tu_query_int(t->db, "SELECT count(*) FROM organisation WHERE "
                                                 "kind = 'municipality'");
    assert_true(municipalities > 0);
    Errs errs;
    errs_init(&errs);
    AccountDemo *demo = NULL;
    size_t n = 0;
    assert_int_equal(account_demo_accounts(t->db, project, &demo, &n, &errs), INSATS_OK);
    assert_int_equal(n, 6 + (size_t)municipalities);
    bool seen[ROLE_COUNT] = {false};
    for (size_t i = 0; i < n; i++) {
        seen[demo[i].role] = true;
        assert_int_equal(account_password_check(demo[i].password), ACCOUNT_PW_OK);
        if (demo[i].role == ROLE_COORDINATOR)
            assert_true(demo[i].organisation_code[0] != '\0');
    }
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_true(seen[r]);
    /* The printed password is the one that logs in. */
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    login_ok(t, demo[n - 1].login, demo[n - 1].password, T0, sid, &s);
    assert_int_equal(s.actor.role, demo[n - 1].role);
    free(demo);
    assert_true(tu_query_int(t->db, "SELECT count(*) FROM activity_trainer") > 0);
    /* Made again: nothing new, nothing changed. */
    assert_int_equal(account_demo_accounts(t->db, project, &demo, &n, &errs), INSATS_OK);
    assert_int_equal(n, 0);
    free(demo);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_policy),
        cmocka_unit_test_setup_teardown(test_set_password_refuses_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_refuses_bad_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_same_answer_and_new_session_ids, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_throttling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_change_logs_out_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_password_and_generate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_totp_enrol_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_totp_failures_throttled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_and_disabled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rehash_weak_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trainer_assignment_and_organisation, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_lang, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_accounts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
