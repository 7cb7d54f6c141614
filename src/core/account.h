/* account.h — the people who log in: accounts, passwords, sessions, the second factor (TOTP),
 * API tokens, the throttling of login attempts and the trainers' activities.
 *
 * Secrets are never stored as given: passwords as Argon2id strings (libsodium's
 * crypto_pwhash_str, at least the interactive limits), session ids and API tokens as their
 * BLAKE2b hash, the TOTP secret sealed under the database's key file. Time is passed in (`now`,
 * Unix seconds) so that tests can expire sessions without sleeping.
 *
 * Messages go to Errs in English like the rest of the core; the web layer chooses its own
 * Swedish text from the status and the fields of the answer (retry_after, the password
 * problem). Functions that hash a password (account_set_password, account_login) take about a
 * tenth of a second and 64 MiB: the web layer runs them under its semaphore for slow work. */
#ifndef INSATS_ACCOUNT_H
#define INSATS_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "i18n.h"

/* A session id and an API token are 256 random bits written as 64 hex digits; a token starts
 * with ACCOUNT_TOKEN_PREFIX so that a secret scanner or a reader knows it for what it is. */
#define ACCOUNT_SID_LEN 64
#define ACCOUNT_SID_SIZE (ACCOUNT_SID_LEN + 1)
#define ACCOUNT_TOKEN_PREFIX "insats_"
#define ACCOUNT_TOKEN_LEN (7 + 64)
#define ACCOUNT_TOKEN_SIZE (ACCOUNT_TOKEN_LEN + 1)
/* The CSRF token of a session: 64 hex digits. */
#define ACCOUNT_CSRF_SIZE 65

/* Password policy: at least this many characters (not bytes), at most this many bytes. */
#define ACCOUNT_PASSWORD_MIN_CHARS 12
#define ACCOUNT_PASSWORD_MAX_BYTES 4096

/* A session ends after this long without a request, and this long after login whatever. */
#define ACCOUNT_IDLE_SECONDS (30 * 60)
#define ACCOUNT_ABSOLUTE_SECONDS (12 * 60 * 60)

/* Throttling: after this many failures in a row (per login, per address, per account's second
 * factor) each further attempt must wait, 5 s doubling per failure up to 15 minutes. Failures
 * are forgotten after an hour without one. */
#define ACCOUNT_FREE_FAILURES 5

/* Why a password is refused (account_password_check). */
typedef enum AccountPwProblem {
    ACCOUNT_PW_OK = 0,
    ACCOUNT_PW_SHORT,        /* fewer than ACCOUNT_PASSWORD_MIN_CHARS characters */
    ACCOUNT_PW_LONG,         /* more than ACCOUNT_PASSWORD_MAX_BYTES bytes */
    ACCOUNT_PW_ENCODING,     /* not UTF-8, or holds a control character */
    ACCOUNT_PW_COMMON,       /* one of the 10,000 most common passwords, in any case, or one
                                of them with digits or signs before or after it */
    ACCOUNT_PW_PATTERN,      /* a repetition, fewer than 4 different characters, or a run */
} AccountPwProblem;

/* One account as lists and pages show it. */
typedef struct AccountUser {
    int64_t id;
    char login[64];
    char name[201 * 4];      /* up to VALIDATE_NAME_MAX characters of UTF-8 */
    Role role;
    int64_t organisation_id;          /* 0: none */
    char organisation_code[65];       /* "" when none */
    bool disabled;
    bool has_password;
    bool totp_enrolled;
    int64_t created;
    Lang lang;               /* the language it chose (account_set_lang); LANG_NONE: none,
                                its pages follow the browser */
} AccountUser;

/* The language to write to account user_id in (an e-mail, its calendar): the one the account
 * chose (account_set_lang()), else Swedish; Swedish for 0, a person written to without an
 * account. A text for someone is in their language, never in that of whoever caused it. */
Lang account_language(Db *db, int64_t user_id);

/* A new account (account_add). */
typedef struct AccountNew {
    const char *login;       /* lower-case letters, digits, '.', '_', '-'; 1–63 characters */
    const char *name;        /* the person's name, one line */
    Role role;
    int64_t organisation_id; /* required for a coordinator; 0: none */
} AccountNew;

/* A logged-in session (account_login, account_session_get). */
typedef struct AccountSession {
    int64_t session_id;      /* the row; not the secret id */
    Actor actor;             /* who is logged in */
    bool totp_required;      /* admin and manager must use a second factor */
    bool totp_enrolled;      /* the account has enrolled one */
    bool totp_passed;        /* this session has passed it */
    char csrf[ACCOUNT_CSRF_SIZE];  /* the token every state-changing form of it carries */
    int64_t created;
    int64_t last_seen;
    int64_t retry_after;     /* set on a throttled refusal of account_login: seconds to wait */
    Lang lang;               /* the account's chosen language; LANG_NONE: none chosen */
} AccountSession;

/* What the TOTP enrolment page shows (account_totp_begin). Free with account_totp_setup_free. */
typedef struct AccountTotpSetup {
    char secret_base32[64];  /* the secret for typing into an app */
    char *uri;               /* otpauth://totp/… */
    char *svg;               /* the QR code of uri, a whole <svg> element */
    int qr_size;             /* the same drawing in parts, for a page writer that escapes: */
    char *qr_path;           /* viewBox "0 0 qr_size qr_size", one path of dark modules */
} AccountTotpSetup;

/* An API token as its owner's list shows it (never the token itself). */
typedef struct AccountToken {
    int64_t id;
    char name[401];
    int64_t created;
    int64_t last_used;       /* 0: never */
    int64_t revoked;         /* 0: valid */
} AccountToken;

/* A demo account (account_demo_accounts): its login and generated password, to print once. */
typedef struct AccountDemo {
    char login[64];
    Role role;
    char organisation_code[65];
    char password[32];
} AccountDemo;

/* ---- accounts ----------------------------------------------------------------------- */

/* Whether `by` may manage accounts: an admin, or the command line (user_id 0, someone with
 * the database file in hand). */
bool account_may_manage(const Actor *by);

/* Creates an account with no password (it cannot log in until account_set_password). The
 * login must be new; the organisation must exist. Returns INSATS_OK with the new id in
 * *id_out (may be NULL), INSATS_EINPUT with the reason in errs (nothing changed), or
 * INSATS_ESTORAGE. */
int account_add(Db *db, const Actor *by, const AccountNew *in, int64_t *id_out, Errs *errs);

/* Finds an account by login. INSATS_OK and *out filled, or INSATS_EINPUT ("no account …"). */
int account_find(Db *db, const char *login, AccountUser *out, Errs *errs);
/* The Actor of the account with this login, as if it had logged in (its role and
 * organisation): for the command line's --by LOGIN, so that a step taken there is held to the
 * same rules as in the browser. A disabled account is refused (INSATS_EINPUT). */
int account_actor(Db *db, const char *login, Actor *out, Errs *errs);
/* The same by id. */
int account_get(Db *db, int64_t user_id, AccountUser *out, Errs *errs);

/* Every account, ordered by login. *out is malloc'd (caller frees), *n its length. */
int account_list(Db *db, AccountUser **out, size_t *n, Errs *errs);

/* Disables or enables an account. Disabling logs it out everywhere; its tokens stop working
 * until it is enabled again. */
int account_set_disabled(Db *db, const Actor *by, int64_t user_id, bool disabled, Errs *errs);

/* Changes an account's name, role and organisation (coordinator: required). */
int account_update(Db *db, const Actor *by, int64_t user_id, const char *name, Role role,
                   int64_t organisation_id, Errs *errs);

/* Sets the language the account reads the web application in: code "sv" or "en", or "auto"
 * to follow the browser's Accept-Language again (stored as none). The account itself may
 * change it; an admin and the command line any account's. Any other code is INSATS_EINPUT,
 * the reason in errs under the field "lang", and nothing is changed. The account's sessions
 * read it at their next request. */
int account_set_lang(Db *db, const Actor *by, int64_t user_id, const char *code, Errs *errs);

/* Whether login is a login an account may have (account_add's rule, whatever its case). */
bool account_login_valid(const char *login);

/* Checks a password against the policy; ACCOUNT_PW_OK when it may be used. */
AccountPwProblem account_password_check(const char *password);
/* The policy's reason in English words, for the command line and Errs ("" for OK). */
const char *account_password_problem_text(AccountPwProblem p);

/* Sets the password of an account (after account_password_check, whose reason goes to errs
 * and INSATS_EINPUT). Every session of the account except keep_session_id (a row id; 0 for
 * none, as from the command line) is logged out. Hashes once (slow). */
int account_set_password(Db *db, int64_t user_id, const char *password,
                         int64_t keep_session_id, Errs *errs);

/* Changes the password of the session's account after checking its current one (hashes twice):
 * the session stays, every other one of the account is logged out. A wrong current password is
 * INSATS_EINPUT ("wrong password") and counts as a failed login of the account, so that a
 * stolen session cannot guess it quickly; while throttled, INSATS_EINPUT with *retry_after > 0
 * (may be NULL). A new password against the policy is INSATS_EINPUT with its reason. */
int account_change_password(Db *db, const char *sid, const char *current, const char *password,
                            time_t now, int64_t *retry_after, Errs *errs);

/* Sets a new generated password on an account (an administrator's reset, or a new account's
 * first password): 4 groups of 5 letters and digits into out, to be shown once. Logs the account
 * out everywhere. */
int account_password_generate(Db *db, const Actor *by, int64_t user_id, char out[32],
                               Errs *errs);

/* ---- sessions ----------------------------------------------------------------------- */

/* Logs in: on success a new session (a fresh id, never one the client had) with its id in
 * sid_out and its state in *out, INSATS_OK. A wrong password, an unknown login and an account
 * without a password get the same message and take the same time (a hash is verified in every
 * case); a disabled account is told so only when the password was right. A login or an address
 * (client_addr, may be NULL) with ACCOUNT_FREE_FAILURES failures or more must wait: then
 * INSATS_EINPUT with out->retry_after > 0 and no hash computed. On any refusal *out is zeroed
 * (but for retry_after) and sid_out is "". A password stored with weaker limits than the
 * current ones is hashed again. */
int account_login(Db *db, const char *login, const char *password, const char *client_addr,
                  time_t now, char sid_out[ACCOUNT_SID_SIZE], AccountSession *out, Errs *errs);

/* The session of a session id (the cookie's value): INSATS_OK and *out filled when it is valid
 * (not idle for ACCOUNT_IDLE_SECONDS, not older than ACCOUNT_ABSOLUTE_SECONDS, its account not
 * disabled), noting `now` as its last request (written at most every 30 s, so that a busy page
 * does not write on every request); INSATS_EINPUT when it is not (an expired one is deleted).
 * No message: an invalid session is ordinary, the caller sends the login page. */
int account_session_get(Db *db, const char *sid, time_t now, AccountSession *out);

/* Whether the session may use the application: false while its account must pass (or enrol)
 * a second factor and it has not. */
bool account_session_ready(const AccountSession *s);

/* Ends the session (a logout). Unknown ids are fine. */
int account_logout(Db *db, const char *sid, Errs *errs);

/* Ends every other session of this session's account; the count in *ended (may be NULL). */
int account_logout_others(Db *db, const char *sid, size_t *ended, Errs *errs);

/* ---- the second factor (TOTP, RFC 6238: 6 digits, 30 s steps, SHA-1) -------------------- */

/* Begins enrolment for an account that has not enrolled: the secret of an enrolment begun
 * before, else a new one stored sealed, and what the page shows in *out, so that reloading
 * the page shows the same code. Needs the key file. */
int account_totp_begin(Db *db, int64_t user_id, AccountTotpSetup *out, Errs *errs);
void account_totp_setup_free(AccountTotpSetup *s);

/* Completes enrolment with the first code from the app, for the session's account; the session
 * counts as having passed the second factor. INSATS_EINPUT for a wrong code (throttled like a
 * login) or when no enrolment was begun. */
int account_totp_confirm(Db *db, const char *sid, const char *code, time_t now, Errs *errs);

/* Passes the second factor for a session: a code of the current time step or the one before or
 * after, never a code (a time step) already used. Failures are throttled per account. */
int account_session_totp(Db *db, const char *sid, const char *code, time_t now, Errs *errs);

/* Removes an account's second factor (an admin's help for a lost phone): it must enrol again. */
int account_totp_reset(Db *db, const Actor *by, int64_t user_id, Errs *errs);

/* ---- API tokens --------------------------------------------------------------------- */

/* A new token for the account, named (unique among its valid tokens); the token is written to
 * token_out once and stored only as its hash. Its id in *id_out (may be NULL). */
int account_token_create(Db *db, int64_t user_id, const char *name, time_t now,
                         char token_out[ACCOUNT_TOKEN_SIZE], int64_t *id_out, Errs *errs);

/* Revokes a token of the account (INSATS_EINPUT when the account has no such valid token). */
int account_token_revoke(Db *db, int64_t user_id, int64_t token_id, time_t now, Errs *errs);

/* The id of the account's valid token of this name, or 0. */
int64_t account_token_find(Db *db, int64_t user_id, const char *name);

/* The account's tokens, newest first, revoked ones included. *out malloc'd, caller frees. */
int account_token_list(Db *db, int64_t user_id, AccountToken **out, size_t *n, Errs *errs);

/* The actor of a token (an Authorization: Bearer value): INSATS_OK with *out filled, or
 * INSATS_EINPUT for an unknown, revoked or malformed token or a disabled account. Notes the
 * use (at most once a minute). */
int account_token_auth(Db *db, const char *token, time_t now, Actor *out);

/* ---- trainers ----------------------------------------------------------------------- */

/* Assigns a trainer's account to an activity (idempotent), or takes the assignment away. */
int account_trainer_assign(Db *db, const Actor *by, int64_t user_id, int64_t activity_id,
                           bool assigned, Errs *errs);

/* The ids of the activities an account is assigned to, ascending; *out malloc'd. */
int account_trainer_activities(Db *db, int64_t user_id, int64_t **out, size_t *n, Errs *errs);

/* ---- demo --------------------------------------------------------------------------- */

/* Creates one account per role for the project's demo — a coordinator for each municipality,
 * the trainer assigned to the project's first activities — each with a generated password,
 * returned in *out (malloc'd, *n entries) for the caller to print once. Logins that exist
 * already are left alone and not returned. */
int account_demo_accounts(Db *db, int64_t project_id, AccountDemo **out, size_t *n, Errs *errs);

#endif
