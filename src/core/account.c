/* account.c — accounts, passwords (Argon2id), sessions and API tokens (stored as BLAKE2b
 * hashes), throttled logins, the TOTP second factor (liboath) with its QR code (libqrencode),
 * and the trainers' activities. The rules are in account.h. */
#include "account.h"
#include "i18n.h"

#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "stmt.h"
#include "secret.h"
#include "util.h"
#include "validate.h"

/* The list compiled from data/common-passwords.txt: sorted, lower case
 * (scripts/embed-passwords.sh). */
extern const char *const account_common_passwords[];
extern const size_t account_common_password_count;

#define ACCOUNT_HASH_BYTES 32
#define ACCOUNT_LOGIN_MAX 63
#define ACCOUNT_TOKEN_NAME_MAX 100
/* The stored password hash: libsodium's limits for an interactive login, the least the issue
 * allows; raising them here rehashes every password at its next login. */
#define ACCOUNT_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define ACCOUNT_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
/* last_seen and last_used are written at most this often, so that pages do not write. */
#define ACCOUNT_TOUCH_SECONDS 30
#define ACCOUNT_TOKEN_TOUCH_SECONDS 60
/* Throttling (account.h): the first wait, its ceiling, and when failures are forgotten. */
#define ACCOUNT_WAIT_FIRST 5
#define ACCOUNT_WAIT_MAX (15 * 60)
#define ACCOUNT_FORGET_SECONDS (60 * 60)
#define ACCOUNT_TOTP_SECRET_BYTES 20
#define ACCOUNT_TOTP_STEP 30
#define ACCOUNT_TOTP_DIGITS 6

/* ---- one-time set-up: liboath, libsodium and the dummy hash ------------------------------ */

static pthread_once_t account_once = PTHREAD_ONCE_INIT;
static char account_dummy_hash[crypto_pwhash_STRBYTES];
static bool account_ready;

/* The dummy hash is verified for an unknown login, so that it costs what a known one does;
 * it is made with the current limits, whatever they are, from a password nobody knows. */
static void account_init_once(void)
{
    if (sodium_init() < 0 || oath_init() != OATH_OK)
        return;
    unsigned char pw[32];
    randombytes_buf(pw, sizeof pw);
    if (crypto_pwhash_str_alg(account_dummy_hash, (const char *)pw, sizeof pw, ACCOUNT_OPSLIMIT,
                              ACCOUNT_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) == 0)
        account_ready = true;
    sodium_memzero(pw, sizeof pw);
}

/* False (with a message) when the libraries could not start or the hash could not be made:
 * only on a machine without the 64 MiB a hash needs. */
static bool account_init(Errs *errs)
{
    pthread_once(&account_once, account_init_once);
    if (!account_ready)
        errs_add(errs, "cannot start the password and second-factor libraries (out of memory?)");
    return account_ready;
}

/* ---- small helpers ---------------------------------------------------------------------- */

static void account_hash(const char *s, size_t len, unsigned char out[ACCOUNT_HASH_BYTES])
{
    crypto_generichash(out, ACCOUNT_HASH_BYTES, (const unsigned char *)s, len, NULL, 0);
}

/* 256 random bits as 64 lower-case hex digits into out (65 bytes). */
static void account_random_hex(char out[65])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, 65, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

static bool account_is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return s[n] == '\0';
}

/* Copies src into dst (size bytes), cut at a character boundary when it does not fit. */
static void account_copy_utf8(char *dst, size_t size, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The login as stored: ASCII letters lowered. False when it is not a possible login (then out
 * still holds a lowered copy, cut to fit, for counting failures against). */
static bool account_login_norm(const char *in, char out[ACCOUNT_LOGIN_MAX + 1])
{
    size_t n = 0;
    bool ok = in && *in;
    for (; in && in[n] && n < ACCOUNT_LOGIN_MAX; n++) {
        unsigned char c = (unsigned char)in[n];
        out[n] = (char)(c < 0x80 ? tolower(c) : c);
        if (!(isalnum(c) && c < 0x80) && !(n > 0 && (c == '.' || c == '_' || c == '-')))
            ok = false;
    }
    out[n] = '\0';
    return ok && in[n] == '\0';
}

/* Makes room for one more element of elem bytes in the array p of *n (capacity *cap). */
static void *account_grow(void *p, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return p;
    *cap = *cap ? 2 * *cap : 8;
    return xrealloc(p, *cap * elem);
}

/* The end of a query that filled the array *out of *n rows: INSATS_OK when it ran to the end,
 * else storage trouble with *out freed and empty. */
static int account_list_end(Stmt *st, StmtResult step, void **out, size_t *n, Errs *errs,
                            const char *what)
{
    int rc = step == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, what);
    stmt_done(st);
    if (rc != INSATS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

bool account_login_valid(const char *login)
{
    char norm[ACCOUNT_LOGIN_MAX + 1];
    return account_login_norm(login, norm);
}

static int account_step_fail(Stmt *st, Errs *errs, const char *what)
{
    int rc = stmt_fail(st, errs, what);
    stmt_done(st);
    return rc;
}

/* Ends a transaction: commits after success, else rolls back. Returns rc or the commit's. */
static int account_end(Db *db, int rc, Errs *errs)
{
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

bool account_may_manage(const Actor *by)
{
    return by && (by->user_id == 0 || by->role == ROLE_ADMIN);
}

static int account_refuse_manage(const Actor *by, Errs *errs)
{
    if (account_may_manage(by))
        return INSATS_OK;
    errs_add(errs, "only an administrator may manage accounts");
    return INSATS_EINPUT;
}

/* ---- reading accounts ------------------------------------------------------------------- */

#define ACCOUNT_USER_COLS                                                                   \
    "SELECT u.id, u.login, u.name, u.role, coalesce(u.organisation_id, 0), "               \
    "coalesce(o.code, ''), u.disabled, u.password_hash IS NOT NULL, u.totp_enrolled, "      \
    "u.created, coalesce(u.lang, '') "                                                     \
    "FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id "

static void account_user_row(Stmt *st, AccountUser *u)
{
    memset(u, 0, sizeof *u);
    u->id = stmt_int(st, 0);
    account_copy_utf8(u->login, sizeof u->login, stmt_text(st, 1));
    account_copy_utf8(u->name, sizeof u->name, stmt_text(st, 2));
    if (!actor_role_parse(stmt_text(st, 3), &u->role))
        u->role = ROLE_READER;   /* the schema's CHECK allows only real roles */
    u->organisation_id = stmt_int(st, 4);
    account_copy_utf8(u->organisation_code, sizeof u->organisation_code, stmt_text(st, 5));
    u->disabled = stmt_int(st, 6) != 0;
    u->has_password = stmt_int(st, 7) != 0;
    u->totp_enrolled = stmt_int(st, 8) != 0;
    u->created = stmt_int(st, 9);
    u->lang = i18n_parse(stmt_text(st, 10));
}

/* Steps a query of ACCOUNT_USER_COLS for one account: INSATS_OK with *out filled,
 * INSATS_EINPUT (no message) when there is none, or storage trouble. */
static int account_user_one(Stmt *st, AccountUser *out, Errs *errs)
{
    StmtResult step = stmt_step(st);
    int rc = step == STMT_ROW ? INSATS_OK : step == STMT_DONE ? INSATS_EINPUT
                                          : stmt_fail(st, errs, "cannot read the accounts");
    if (step == STMT_ROW)
        account_user_row(st, out);
    stmt_done(st);
    return rc;
}

int account_find(Db *db, const char *login, AccountUser *out, Errs *errs)
{
    static const char sql[] = ACCOUNT_USER_COLS "WHERE u.login = ?1";
    char norm[ACCOUNT_LOGIN_MAX + 1];
    account_login_norm(login, norm);
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_text(st, 1, norm);
    int rc = account_user_one(st, out, errs);
    if (rc == INSATS_EINPUT)
        errs_add(errs, "no account has the login \"%s\" (`insats user list` shows them)", norm);
    return rc;
}

int account_actor(Db *db, const char *login, Actor *out, Errs *errs)
{
    memset(out, 0, sizeof *out);
    AccountUser u;
    int rc = account_find(db, login, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    if (u.disabled) {
        errs_add(errs, "the account \"%s\" is disabled; it acts for no one until it is enabled",
                 u.login);
        return INSATS_EINPUT;
    }
    out->user_id = u.id;
    snprintf(out->login, sizeof out->login, "%s", u.login);
    account_copy_utf8(out->name, sizeof out->name, u.name);
    out->role = u.role;
    out->organisation_id = u.organisation_id;
    return INSATS_OK;
}

int account_get(Db *db, int64_t user_id, AccountUser *out, Errs *errs)
{
    static const char sql[] = ACCOUNT_USER_COLS "WHERE u.id = ?1";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    int rc = account_user_one(st, out, errs);
    if (rc == INSATS_EINPUT)
        errs_add(errs, "no such account");
    return rc;
}

int account_list(Db *db, AccountUser **out, size_t *n, Errs *errs)
{
    static const char sql[] = ACCOUNT_USER_COLS "ORDER BY u.login";
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    Stmt *st = stmt_cached(db, sql);
    StmtResult step;
    while ((step = stmt_step(st)) == STMT_ROW) {
        *out = account_grow(*out, *n, &cap, sizeof **out);
        account_user_row(st, &(*out)[(*n)++]);
    }
    return account_list_end(st, step, (void **)out, n, errs, "cannot read the accounts");
}

/* ---- writing accounts ------------------------------------------------------------------- */

/* Checks name, role and organisation of an account; each problem goes to errs. */
static bool account_fields_ok(Db *db, const char *name, Role role, int64_t organisation_id,
                              Errs *errs)
{
    bool ok = true;
    Buf why = {0};
    if (!name || !*name) {
        errs_add(errs, "name: an account needs the name of the person who uses it");
        ok = false;
    } else if (!validate_line(name, VALIDATE_NAME_MAX, &why)) {
        errs_add(errs, "name: %s", why.data);
        ok = false;
    }
    buf_free(&why);
    if (!actor_role_name(role)) {
        errs_add(errs, "role: not one of admin, manager, coordinator, economist, trainer, "
                 "reader, evaluator");
        ok = false;
    }
    if (role == ROLE_COORDINATOR && organisation_id <= 0) {
        errs_add(errs, "organisation: a coordinator's account needs the organisation they "
                 "coordinate (--organisation)");
        ok = false;
    }
    if (organisation_id > 0) {
        static const char sql[] = "SELECT 1 FROM organisation WHERE id = ?1";
        Stmt *st = stmt_cached(db, sql);
        stmt_bind_int(st, 1, organisation_id);
        bool found = stmt_step(st) == STMT_ROW;
        stmt_done(st);
        if (!found) {
            errs_add(errs, "organisation: no such organisation");
            ok = false;
        }
    }
    return ok;
}

int account_add(Db *db, const Actor *by, const AccountNew *in, int64_t *id_out, Errs *errs)
{
    static const char sql[] =
        "INSERT INTO app_user (login, name, role, organisation_id, created) "
        "VALUES (?1, ?2, ?3, ?4, CAST(strftime('%s', 'now') AS INTEGER)) RETURNING id";
    int rc = account_refuse_manage(by, errs);
    if (rc != INSATS_OK)
        return rc;
    char login[ACCOUNT_LOGIN_MAX + 1];
    bool ok = true;
    if (!account_login_norm(in->login, login)) {
        errs_add(errs, "login: 1 to %d letters a–z, digits, '.', '_' or '-', starting with a "
                 "letter or digit", ACCOUNT_LOGIN_MAX);
        ok = false;
    }
    if (!account_fields_ok(db, in->name, in->role, in->organisation_id, errs) || !ok)
        return INSATS_EINPUT;
    if ((rc = db_tx_begin(db, errs)) != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_text(st, 1, login);
    stmt_bind_text(st, 2, in->name);
    stmt_bind_text(st, 3, actor_role_name(in->role));
    stmt_bind_id(st, 4, in->organisation_id);
    StmtResult step = stmt_step(st);
    if (step == STMT_ROW) {
        if (id_out)
            *id_out = stmt_int(st, 0);
        stmt_done(st);
    } else if (step == STMT_CONSTRAINT) {
        stmt_done(st);
        errs_add(errs, "login: an account with the login \"%s\" exists already", login);
        rc = INSATS_EINPUT;
    } else {
        rc = account_step_fail(st, errs, "cannot add the account");
    }
    return account_end(db, rc, errs);
}

/* Runs a one-row UPDATE of an account by id (?1); INSATS_EINPUT when there is no such account. */
static int account_update_one(Stmt *st, Errs *errs)
{
    int rc = stmt_exec(st, errs, "cannot change the account");
    if (rc == INSATS_OK && stmt_changes(st) == 0) {
        errs_add(errs, "no such account");
        rc = INSATS_EINPUT;
    }
    return rc;
}

/* Ends every session of the account but keep (0: none); how many in *ended (may be NULL). */
static int account_delete_sessions(Db *db, int64_t user_id, int64_t keep, size_t *ended,
                                   Errs *errs)
{
    static const char sql[] = "DELETE FROM user_session WHERE user_id = ?1 AND id <> ?2";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_int(st, 2, keep);
    int rc = stmt_exec(st, errs, "cannot end the account's sessions");
    if (rc == INSATS_OK && ended)
        *ended = (size_t)stmt_changes(st);
    return rc;
}

int account_set_disabled(Db *db, const Actor *by, int64_t user_id, bool disabled, Errs *errs)
{
    static const char sql[] = "UPDATE app_user SET disabled = ?2 WHERE id = ?1";
    int rc = account_refuse_manage(by, errs);
    if (rc != INSATS_OK || (rc = db_tx_begin(db, errs)) != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_int(st, 2, disabled);
    rc = account_update_one(st, errs);
    if (rc == INSATS_OK && disabled)
        rc = account_delete_sessions(db, user_id, 0, NULL, errs);
    return account_end(db, rc, errs);
}

int account_update(Db *db, const Actor *by, int64_t user_id, const char *name, Role role,
                   int64_t organisation_id, Errs *errs)
{
    static const char sql[] =
        "UPDATE app_user SET name = ?2, role = ?3, organisation_id = ?4 WHERE id = ?1";
    int rc = account_refuse_manage(by, errs);
    if (rc != INSATS_OK)
        return rc;
    if (!account_fields_ok(db, name, role, organisation_id, errs))
        return INSATS_EINPUT;
    if ((rc = db_tx_begin(db, errs)) != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_text(st, 2, name);
    stmt_bind_text(st, 3, actor_role_name(role));
    stmt_bind_id(st, 4, organisation_id);
    rc = account_update_one(st, errs);
    /* A new role takes effect at once: the sessions carry the old one's rights. */
    if (rc == INSATS_OK)
        rc = account_delete_sessions(db, user_id, 0, NULL, errs);
    return account_end(db, rc, errs);
}

Lang account_language(Db *db, int64_t user_id)
{
    static const char q[] = "SELECT lang FROM app_user WHERE id = ?1";
    Lang lang = LANG_NONE;
    if (user_id > 0) {
        Stmt *st = stmt_cached(db, q);
        stmt_bind_int(st, 1, user_id);
        if (stmt_step(st) == STMT_ROW)
            lang = i18n_parse(stmt_text(st, 0));
        stmt_done(st);
    }
    return lang == LANG_NONE ? LANG_SV : lang;
}

int account_set_lang(Db *db, const Actor *by, int64_t user_id, const char *code, Errs *errs)
{
    static const char sql[] = "UPDATE app_user SET lang = ?2 WHERE id = ?1";
    /* Exactly the three words: a browser's "en-GB" is the browser's to send, not a setting. */
    const char *stored = NULL;
    if (code && (strcmp(code, "sv") == 0 || strcmp(code, "en") == 0))
        stored = code;
    else if (!code || strcmp(code, "auto") != 0) {
        errs_add_field(errs, "lang", "language: \"%s\" is not one of sv, en and auto; nothing "
                       "was changed", code ? code : "");
        return INSATS_EINPUT;
    }
    if (!by || (by->user_id != user_id && !account_may_manage(by))) {
        errs_add(errs, "only the account itself or an administrator may choose its language");
        return INSATS_EINPUT;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    if (stored)
        stmt_bind_text(st, 2, stored);
    else
        stmt_bind_null(st, 2);
    rc = account_update_one(st, errs);
    return account_end(db, rc, errs);
}

/* ---- passwords -------------------------------------------------------------------------- */

static int account_common_cmp(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static bool account_is_common(const char *low, size_t len)
{
    char key[ACCOUNT_PASSWORD_MAX_BYTES + 1];
    memcpy(key, low, len);
    key[len] = '\0';
    bool common = bsearch(key, account_common_passwords, account_common_password_count,
                          sizeof account_common_passwords[0], account_common_cmp) != NULL;
    sodium_memzero(key, len);
    return common;
}

/* A listed password with digits or signs before or after it ("password1234", "1qaz2wsx3edc!")
 * is the first thing a guesser tries after the list itself: the list is asked for the password
 * without them too (from the end, from the start, and both). */
static bool account_is_common_variant(const char *low, size_t len)
{
    size_t head = 0, tail = len;
    while (head < len && (unsigned char)low[head] < 0x80 && !isalpha((unsigned char)low[head]))
        head++;
    while (tail > head && (unsigned char)low[tail - 1] < 0x80 &&
           !isalpha((unsigned char)low[tail - 1]))
        tail--;
    /* what is left must still say something: "1234" in "12341234" is the pattern rule's */
    enum { CORE_MIN = 4 };
    return (tail < len && tail >= CORE_MIN && account_is_common(low, tail)) ||
           (head > 0 && len - head >= CORE_MIN && account_is_common(low + head, len - head)) ||
           (head > 0 && tail < len && tail - head >= CORE_MIN &&
            account_is_common(low + head, tail - head));
}

/* A password that is a piece shorter than the minimum length repeated ("111111111111",
 * "åäöåäöåäöåäö": a longer piece repeated is as strong as the piece), uses fewer than
 * four different characters, or is a run of neighbouring characters ("123456789012",
 * "abcdefghijkl", backwards too) is as quickly guessed as a listed one, however long. cps are
 * the password's code points. */
static bool account_is_pattern(const uint32_t *cps, size_t n)
{
    for (size_t period = 1; period <= n / 2 && period < ACCOUNT_PASSWORD_MIN_CHARS; period++) {
        size_t i = period;
        while (i < n && cps[i] == cps[i - period])
            i++;
        if (i == n)
            return true;
    }
    size_t distinct = 0;
    for (size_t i = 0; i < n && distinct < 4; i++) {
        size_t j = 0;
        while (j < i && cps[j] != cps[i])
            j++;
        distinct += j == i;
    }
    if (distinct < 4)
        return true;
    for (int step = -1; step <= 1; step += 2) {
        size_t i = 1;
        for (; i < n; i++) {
            int64_t a = cps[i - 1], b = cps[i];
            bool digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
            /* digits run on round the dial: 7890 1234 */
            int64_t next = digits ? '0' + (a - '0' + 10 + step) % 10 : a + step;
            if (b != next)
                break;
        }
        if (i == n)
            return true;
    }
    return false;
}

AccountPwProblem account_password_check(const char *pw)
{
    size_t bytes = strlen(pw);
    if (bytes > ACCOUNT_PASSWORD_MAX_BYTES)
        return ACCOUNT_PW_LONG;
    uint32_t *cps = xcalloc(bytes + 1, sizeof *cps);
    size_t chars = 0;
    AccountPwProblem problem = ACCOUNT_PW_OK;
    for (const unsigned char *p = (const unsigned char *)pw; *p && !problem; chars++) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
                 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (utf8_control_len((const char *)p) || n == 0 || (n == 2 && *p < 0xC2)) {
            problem = ACCOUNT_PW_ENCODING;
            break;
        }
        uint32_t cp = n == 1 ? *p : (uint32_t)(*p & (0x7F >> n));
        for (size_t k = 1; k < n && !problem; k++) {
            if ((p[k] & 0xC0) != 0x80)
                problem = ACCOUNT_PW_ENCODING;
            cp = cp << 6 | (p[k] & 0x3F);
        }
        /* the list is lower case; lowering ASCII is enough, since every entry is ASCII */
        cps[chars] = cp < 0x80 ? (uint32_t)tolower((int)cp) : cp;
        p += n;
    }
    if (!problem && chars < ACCOUNT_PASSWORD_MIN_CHARS)
        problem = ACCOUNT_PW_SHORT;
    if (!problem) {
        char *low = xstrdup(pw);
        for (char *c = low; *c; c++)
            if ((unsigned char)*c < 0x80)
                *c = (char)tolower((unsigned char)*c);
        if (account_is_common(low, bytes) || account_is_common_variant(low, bytes))
            problem = ACCOUNT_PW_COMMON;
        else if (account_is_pattern(cps, chars))
            problem = ACCOUNT_PW_PATTERN;
        sodium_memzero(low, bytes);
        free(low);
    }
    sodium_memzero(cps, (bytes + 1) * sizeof *cps);
    free(cps);
    return problem;
}

const char *account_password_problem_text(AccountPwProblem p)
{
    switch (p) {
    case ACCOUNT_PW_OK:
        return "";
    case ACCOUNT_PW_SHORT:
        return _("a password needs at least 12 characters; a passphrase of a few words is "
                 "easier to remember");
    case ACCOUNT_PW_LONG:
        return _("a password may be at most 4096 bytes long");
    case ACCOUNT_PW_ENCODING:
        return _("a password must be UTF-8 text without control characters (a line break, "
                 "a tab)");
    case ACCOUNT_PW_COMMON:
        return _("this password is among the 10,000 most common ones (or is one of them "
                 "with digits or signs before or after it), which are tried first; choose "
                 "another");
    case ACCOUNT_PW_PATTERN:
        return _("this password is a repetition or a run of characters (such as "
                 "111111111111 or 123456789012), which is tried early; choose another");
    }
    return "";
}

/* The Argon2id string of a password into out; false (with a message) when memory ran out. */
static bool account_pwhash(const char *pw, char out[crypto_pwhash_STRBYTES], Errs *errs)
{
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), ACCOUNT_OPSLIMIT, ACCOUNT_MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) == 0)
        return true;
    errs_add(errs, "cannot hash the password (out of memory?)");
    return false;
}

static int account_store_hash(Db *db, int64_t user_id, const char *hash, Errs *errs)
{
    static const char sql[] = "UPDATE app_user SET password_hash = ?2 WHERE id = ?1";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_text(st, 2, hash);
    return account_update_one(st, errs);
}

int account_set_password(Db *db, int64_t user_id, const char *password,
                         int64_t keep_session_id, Errs *errs)
{
    AccountPwProblem p = account_password_check(password);
    if (p != ACCOUNT_PW_OK) {
        errs_add(errs, "password: %s", account_password_problem_text(p));
        return INSATS_EINPUT;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (!account_init(errs) || !account_pwhash(password, hash, errs))
        return INSATS_ESTORAGE;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = account_store_hash(db, user_id, hash, errs);
    if (rc == INSATS_OK)
        rc = account_delete_sessions(db, user_id, keep_session_id, NULL, errs);
    return account_end(db, rc, errs);
}

/* A password of 4 groups of 5 letters and digits (about 103 bits), easy to type from a screen:
 * no 0/o or 1/l to confuse. */
static void account_password_new(char out[32])
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    size_t k = 0;
    for (int g = 0; g < 4; g++) {
        if (g)
            out[k++] = '-';
        for (int i = 0; i < 5; i++)
            out[k++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    }
    out[k] = '\0';
}

int account_password_generate(Db *db, const Actor *by, int64_t user_id, char out[32],
                              Errs *errs)
{
    out[0] = '\0';
    int rc = account_refuse_manage(by, errs);
    if (rc != INSATS_OK || !account_init(errs))
        return rc != INSATS_OK ? rc : INSATS_ESTORAGE;
    account_password_new(out);
    rc = account_set_password(db, user_id, out, 0, errs);
    if (rc != INSATS_OK)
        sodium_memzero(out, 32);
    return rc;
}

/* ---- throttling ------------------------------------------------------------------------- */

/* Seconds still to wait before the next attempt of (kind, key); 0 when it may go ahead. */
static int64_t account_throttle_wait(Db *db, const char *kind, const char *key, time_t now)
{
    static const char sql[] =
        "SELECT failures, last_failure FROM login_attempt WHERE kind = ?1 AND key = ?2";
    if (!key || !*key)
        return 0;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_text(st, 1, kind);
    stmt_bind_text(st, 2, key);
    int64_t failures = 0, last = 0;
    if (stmt_step(st) == STMT_ROW) {
        failures = stmt_int(st, 0);
        last = stmt_int(st, 1);
    }
    stmt_done(st);
    if (failures < ACCOUNT_FREE_FAILURES || now - last >= ACCOUNT_FORGET_SECONDS)
        return 0;
    int64_t shift = failures - ACCOUNT_FREE_FAILURES;
    int64_t delay = shift >= 8 ? ACCOUNT_WAIT_MAX : (int64_t)ACCOUNT_WAIT_FIRST << shift;
    if (delay > ACCOUNT_WAIT_MAX)
        delay = ACCOUNT_WAIT_MAX;
    int64_t wait = last + delay - (int64_t)now;
    return wait > 0 ? wait : 0;
}

/* Counts a failure of (kind, key), and forgets the failures nobody repeated for an hour. */
static void account_throttle_fail(Db *db, const char *kind, const char *key, time_t now)
{
    static const char sql[] =
        "INSERT INTO login_attempt (kind, key, failures, last_failure) VALUES (?1, ?2, 1, ?3) "
        "ON CONFLICT (kind, key) DO UPDATE SET "
        "failures = CASE WHEN ?3 - last_failure >= ?4 THEN 1 ELSE failures + 1 END, "
        "last_failure = ?3";
    static const char sql_forget[] = "DELETE FROM login_attempt WHERE last_failure < ?1";
    if (!key || !*key)
        return;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_text(st, 1, kind);
    stmt_bind_text(st, 2, key);
    stmt_bind_int(st, 3, (int64_t)now);
    stmt_bind_int(st, 4, ACCOUNT_FORGET_SECONDS);
    /* A failure that cannot be counted (a read-only database) still refuses the login. */
    (void)stmt_step(st);
    stmt_done(st);
    st = stmt_cached(db, sql_forget);
    stmt_bind_int(st, 1, (int64_t)now - ACCOUNT_FORGET_SECONDS);
    (void)stmt_step(st);
    stmt_done(st);
}

static void account_throttle_clear(Db *db, const char *kind, const char *key)
{
    static const char sql[] = "DELETE FROM login_attempt WHERE kind = ?1 AND key = ?2";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_text(st, 1, kind);
    stmt_bind_text(st, 2, key);
    (void)stmt_step(st);
    stmt_done(st);
}

static void account_refuse_wait(int64_t wait, Errs *errs)
{
    errs_add(errs, "too many failed attempts; try again in %lld seconds", (long long)wait);
}

/* ---- sessions --------------------------------------------------------------------------- */

#define ACCOUNT_SESSION_COLS                                                                \
    "SELECT s.id, s.created, s.last_seen, s.totp_passed, s.csrf, u.id, u.login, u.name, "  \
    "u.role, coalesce(u.organisation_id, 0), u.disabled, u.totp_enrolled, "                 \
    "coalesce(u.lang, '') "                                                                 \
    "FROM user_session s JOIN app_user u ON u.id = s.user_id "

/* Fills an Actor from the account columns starting at column c (id, login, name, role, org). */
static void account_actor_row(Stmt *st, int c, Actor *a)
{
    memset(a, 0, sizeof *a);
    a->user_id = stmt_int(st, c);
    account_copy_utf8(a->login, sizeof a->login, stmt_text(st, c + 1));
    account_copy_utf8(a->name, sizeof a->name, stmt_text(st, c + 2));
    if (!actor_role_parse(stmt_text(st, c + 3), &a->role))
        a->role = ROLE_READER;
    a->organisation_id = stmt_int(st, c + 4);
}

static void account_session_row(Stmt *st, AccountSession *s)
{
    memset(s, 0, sizeof *s);
    s->session_id = stmt_int(st, 0);
    s->created = stmt_int(st, 1);
    s->last_seen = stmt_int(st, 2);
    s->totp_passed = stmt_int(st, 3) != 0;
    account_copy_utf8(s->csrf, sizeof s->csrf, stmt_text(st, 4));
    account_actor_row(st, 5, &s->actor);
    s->totp_enrolled = stmt_int(st, 11) != 0;
    s->lang = i18n_parse(stmt_text(st, 12));
    s->totp_required = s->actor.role == ROLE_ADMIN || s->actor.role == ROLE_MANAGER;
}

bool account_session_ready(const AccountSession *s)
{
    return !s->totp_required || (s->totp_enrolled && s->totp_passed);
}

/* The session row of a session id, valid or not; false when there is none. disabled gets the
 * account's state. */
static bool account_session_load(Db *db, const char *sid, AccountSession *out, bool *disabled)
{
    static const char sql[] = ACCOUNT_SESSION_COLS "WHERE s.sid_hash = ?1";
    if (!sid || strlen(sid) != ACCOUNT_SID_LEN || !account_is_hex(sid, ACCOUNT_SID_LEN))
        return false;
    unsigned char h[ACCOUNT_HASH_BYTES];
    account_hash(sid, ACCOUNT_SID_LEN, h);
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_blob(st, 1, h, sizeof h);
    bool found = stmt_step(st) == STMT_ROW;
    if (found) {
        account_session_row(st, out);
        *disabled = stmt_int(st, 10) != 0;
    }
    stmt_done(st);
    return found;
}

static void account_session_delete(Db *db, int64_t session_id)
{
    static const char sql[] = "DELETE FROM user_session WHERE id = ?1";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, session_id);
    (void)stmt_step(st);
    stmt_done(st);
}

int account_session_get(Db *db, const char *sid, time_t now, AccountSession *out)
{
    static const char sql_touch[] = "UPDATE user_session SET last_seen = ?2 WHERE id = ?1";
    bool disabled = false;
    AccountSession s;
    memset(out, 0, sizeof *out);
    if (!account_session_load(db, sid, &s, &disabled))
        return INSATS_EINPUT;
    if (disabled || now - s.last_seen > ACCOUNT_IDLE_SECONDS
        || now - s.created > ACCOUNT_ABSOLUTE_SECONDS || now < s.created) {
        account_session_delete(db, s.session_id);
        return INSATS_EINPUT;
    }
    if (now - s.last_seen >= ACCOUNT_TOUCH_SECONDS) {
        Stmt *st = stmt_cached(db, sql_touch);
        stmt_bind_int(st, 1, s.session_id);
        stmt_bind_int(st, 2, (int64_t)now);
        /* A read-only database still serves pages; the session then expires on time. */
        if (stmt_step(st) == STMT_DONE)
            s.last_seen = now;
        stmt_done(st);
    }
    *out = s;
    return INSATS_OK;
}

/* Creates a session for the account inside the caller's transaction. */
static int account_session_new(Db *db, int64_t user_id, time_t now, char sid[ACCOUNT_SID_SIZE],
                               Errs *errs)
{
    static const char sql[] =
        "INSERT INTO user_session (sid_hash, user_id, created, last_seen, csrf) "
        "VALUES (?1, ?2, ?3, ?3, ?4)";
    char csrf[ACCOUNT_CSRF_SIZE];
    unsigned char h[ACCOUNT_HASH_BYTES];
    account_random_hex(sid);
    account_random_hex(csrf);
    account_hash(sid, ACCOUNT_SID_LEN, h);
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_blob(st, 1, h, sizeof h);
    stmt_bind_int(st, 2, user_id);
    stmt_bind_int(st, 3, (int64_t)now);
    stmt_bind_text(st, 4, csrf);
    return stmt_exec(st, errs, "cannot start the session");
}

int account_login(Db *db, const char *login, const char *password, const char *client_addr,
                  time_t now, char sid_out[ACCOUNT_SID_SIZE], AccountSession *out, Errs *errs)
{
    static const char sql[] =
        "SELECT id, password_hash, disabled FROM app_user WHERE login = ?1";
    memset(out, 0, sizeof *out);
    sid_out[0] = '\0';
    if (!account_init(errs))
        return INSATS_ESTORAGE;
    char norm[ACCOUNT_LOGIN_MAX + 1];
    bool plausible = account_login_norm(login, norm);
    int64_t wait = account_throttle_wait(db, "login", norm, now);
    int64_t wait_addr = account_throttle_wait(db, "addr", client_addr, now);
    if (wait_addr > wait)
        wait = wait_addr;
    if (wait > 0) {
        out->retry_after = wait;
        account_refuse_wait(wait, errs);
        return INSATS_EINPUT;
    }

    int64_t user_id = 0;
    bool disabled = false;
    char stored[crypto_pwhash_STRBYTES] = "";
    if (plausible) {
        Stmt *st = stmt_cached(db, sql);
        stmt_bind_text(st, 1, norm);
        if (stmt_step(st) == STMT_ROW) {
            user_id = stmt_int(st, 0);
            const char *h = stmt_text(st, 1);
            if (h && strlen(h) < sizeof stored)
                memcpy(stored, h, strlen(h) + 1);
            disabled = stmt_int(st, 2) != 0;
        }
        stmt_done(st);
    }
    /* Every refusal costs one verification, so that time tells nothing about the login. */
    bool known = user_id > 0 && stored[0];
    const char *hash = known ? stored : account_dummy_hash;
    const char *pw = password ? password : "";
    bool ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 && known;
    if (!ok) {
        account_throttle_fail(db, "login", norm, now);
        account_throttle_fail(db, "addr", client_addr, now);
        errs_add(errs, "wrong login or password");
        return INSATS_EINPUT;
    }
    if (disabled) {
        errs_add(errs, "this account is disabled; ask an administrator to enable it");
        return INSATS_EINPUT;
    }
    account_throttle_clear(db, "login", norm);

    char fresh[crypto_pwhash_STRBYTES];
    bool rehash = crypto_pwhash_str_needs_rehash(stored, ACCOUNT_OPSLIMIT, ACCOUNT_MEMLIMIT) != 0
                  && account_pwhash(pw, fresh, errs);
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    /* A login is made by nobody yet: the rehash of the password is recorded as the user's own
     * change (audit.h), on a connection that no one else acts on. */
    bool own_actor = rehash && !db->actor_set;
    if (own_actor) {
        Actor self = {.user_id = user_id, .role = ROLE_READER};
        snprintf(self.login, sizeof self.login, "%s", norm);
        snprintf(self.name, sizeof self.name, "%s", norm);
        audit_set_actor(db, &self, "web");
    }
    if (rehash)
        rc = account_store_hash(db, user_id, fresh, errs);
    if (rc == INSATS_OK)
        rc = account_session_new(db, user_id, now, sid_out, errs);
    rc = account_end(db, rc, errs);
    if (own_actor)
        audit_clear_actor(db);
    bool dis = false;
    if (rc == INSATS_OK && !account_session_load(db, sid_out, out, &dis))
        rc = db_fail(db, errs, "cannot read the new session");
    if (rc != INSATS_OK) {
        memset(out, 0, sizeof *out);
        sodium_memzero(sid_out, ACCOUNT_SID_SIZE);
    }
    return rc;
}

int account_logout(Db *db, const char *sid, Errs *errs)
{
    static const char sql[] = "DELETE FROM user_session WHERE sid_hash = ?1";
    if (!sid || strlen(sid) != ACCOUNT_SID_LEN)
        return INSATS_OK;
    unsigned char h[ACCOUNT_HASH_BYTES];
    account_hash(sid, ACCOUNT_SID_LEN, h);
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_blob(st, 1, h, sizeof h);
    return stmt_exec(st, errs, "cannot end the session");
}

int account_logout_others(Db *db, const char *sid, size_t *ended, Errs *errs)
{
    AccountSession s;
    bool disabled = false;
    if (ended)
        *ended = 0;
    if (!account_session_load(db, sid, &s, &disabled)) {
        errs_add(errs, "no such session");
        return INSATS_EINPUT;
    }
    return account_delete_sessions(db, s.actor.user_id, s.session_id, ended, errs);
}

int account_change_password(Db *db, const char *sid, const char *current, const char *password,
                            time_t now, int64_t *retry_after, Errs *errs)
{
    static const char sql[] = "SELECT password_hash FROM app_user WHERE id = ?1";
    if (retry_after)
        *retry_after = 0;
    AccountSession s;
    if (account_session_get(db, sid, now, &s) != INSATS_OK) {
        errs_add(errs, "the session has ended; log in again");
        return INSATS_EINPUT;
    }
    AccountPwProblem p = account_password_check(password);
    if (p != ACCOUNT_PW_OK) {
        errs_add(errs, "password: %s", account_password_problem_text(p));
        return INSATS_EINPUT;
    }
    if (!account_init(errs))
        return INSATS_ESTORAGE;
    int64_t wait = account_throttle_wait(db, "login", s.actor.login, now);
    if (wait > 0) {
        if (retry_after)
            *retry_after = wait;
        account_refuse_wait(wait, errs);
        return INSATS_EINPUT;
    }
    char stored[crypto_pwhash_STRBYTES] = "";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, s.actor.user_id);
    if (stmt_step(st) == STMT_ROW)
        account_copy_utf8(stored, sizeof stored, stmt_text(st, 0));
    stmt_done(st);
    const char *cur = current ? current : "";
    if (!stored[0] || crypto_pwhash_str_verify(stored, cur, strlen(cur)) != 0) {
        account_throttle_fail(db, "login", s.actor.login, now);
        errs_add(errs, "current password: wrong password");
        return INSATS_EINPUT;
    }
    account_throttle_clear(db, "login", s.actor.login);
    return account_set_password(db, s.actor.user_id, password, s.session_id, errs);
}

/* ---- TOTP ------------------------------------------------------------------------------- */

/* The dark modules of qr as the d attribute of one SVG path, inside a quiet zone of 4. */
static void account_qr_path(const QRcode *qr, Buf *out)
{
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                buf_printf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
}

/* A whole <svg> element of the path, white behind it, 6 pixels a module. */
static void account_qr_svg(int size, const char *path, Buf *out)
{
    buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
               "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" aria-hidden=\"true\">"
               "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"%s\"/>"
               "</svg>", size, size, size * 6, size * 6, size, size, path);
}

void account_totp_setup_free(AccountTotpSetup *s)
{
    if (!s)
        return;
    free(s->uri);
    free(s->svg);
    free(s->qr_path);
    sodium_memzero(s, sizeof *s);
}

/* The secret of an enrolment begun before and not completed, opened into raw; false when
 * there is none (or it cannot be opened: a new one replaces it). */
static bool account_totp_pending(Db *db, const Secret *key, int64_t user_id,
                                 unsigned char raw[ACCOUNT_TOTP_SECRET_BYTES])
{
    static const char sql[] =
        "SELECT totp_secret FROM app_user WHERE id = ?1 AND totp_enrolled = 0";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    bool ok = false;
    if (stmt_step(st) == STMT_ROW) {
        size_t len = 0;
        const void *blob = stmt_blob(st, 0, &len);
        ok = blob && secret_open_account(key, blob, len, raw, ACCOUNT_TOTP_SECRET_BYTES) == 0;
    }
    stmt_done(st);
    return ok;
}

/* Stores a new random secret for the account's enrolment into raw, sealed. */
static int account_totp_new(Db *db, const Secret *key, int64_t user_id,
                            unsigned char raw[ACCOUNT_TOTP_SECRET_BYTES], Errs *errs)
{
    static const char sql[] =
        "UPDATE app_user SET totp_secret = ?2, totp_last_step = 0 "
        "WHERE id = ?1 AND totp_enrolled = 0";
    randombytes_buf(raw, ACCOUNT_TOTP_SECRET_BYTES);
    size_t sealed_len = 0;
    unsigned char *sealed = secret_seal_account(key, raw, ACCOUNT_TOTP_SECRET_BYTES, &sealed_len);
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_blob(st, 2, sealed, sealed_len);
    free(sealed);
    return account_update_one(st, errs);
}

int account_totp_begin(Db *db, int64_t user_id, AccountTotpSetup *out, Errs *errs)
{
    memset(out, 0, sizeof *out);
    AccountUser u;
    int rc = account_get(db, user_id, &u, errs);
    if (rc != INSATS_OK || !account_init(errs))
        return rc != INSATS_OK ? rc : INSATS_ESTORAGE;
    if (u.totp_enrolled) {
        errs_add(errs, "this account has a second factor already; an administrator can reset it");
        return INSATS_EINPUT;
    }
    Secret *key = db_secret(db, errs);
    if (!key)
        return INSATS_ESTORAGE;
    unsigned char raw[ACCOUNT_TOTP_SECRET_BYTES];
    if (!account_totp_pending(db, key, user_id, raw)
        && (rc = account_totp_new(db, key, user_id, raw, errs)) != INSATS_OK) {
        sodium_memzero(raw, sizeof raw);
        return rc;
    }
    char *b32 = NULL;
    size_t b32_len = 0;
    int enc = oath_base32_encode((const char *)raw, sizeof raw, &b32, &b32_len);
    sodium_memzero(raw, sizeof raw);
    if (enc != OATH_OK || b32_len >= sizeof out->secret_base32) {
        free(b32);
        errs_add(errs, "cannot write the second factor's secret");
        return INSATS_ESTORAGE;
    }
    /* 20 bytes are 32 base32 digits exactly: no padding to strip. */
    memcpy(out->secret_base32, b32, b32_len);
    out->secret_base32[b32_len] = '\0';
    sodium_memzero(b32, b32_len);
    free(b32);
    /* The login is letters, digits and ".-_", all safe in a URI as they are. */
    out->uri = xasprintf("otpauth://totp/insats:%s?secret=%s&issuer=insats&algorithm=SHA1"
                         "&digits=%d&period=%d", u.login, out->secret_base32,
                         ACCOUNT_TOTP_DIGITS, ACCOUNT_TOTP_STEP);
    QRcode *qr = QRcode_encodeString(out->uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        account_totp_setup_free(out);
        errs_add(errs, "cannot draw the QR code of the second factor");
        return INSATS_ESTORAGE;
    }
    Buf path = {0}, svg = {0};
    account_qr_path(qr, &path);
    out->qr_size = qr->width + 8;
    QRcode_free(qr);
    account_qr_svg(out->qr_size, path.data, &svg);
    out->qr_path = buf_steal(&path);
    out->svg = buf_steal(&svg);
    return INSATS_OK;
}

/* Checks a code against the account's sealed secret: true with its time step in *step when it
 * is one of the current step or the steps beside it and newer than last_step. */
static bool account_totp_match(Db *db, const void *sealed, size_t sealed_len, const char *code,
                               time_t now, int64_t last_step, int64_t *step, Errs *errs)
{
    if (!code || strlen(code) != ACCOUNT_TOTP_DIGITS || !digits_only(code, ACCOUNT_TOTP_DIGITS))
        return false;
    Secret *key = db_secret(db, errs);
    if (!key)
        return false;
    char raw[ACCOUNT_TOTP_SECRET_BYTES];
    if (secret_open_account(key, sealed, sealed_len, raw, sizeof raw) != 0) {
        errs_add(errs, "the second factor's secret cannot be opened with this key file; an "
                 "administrator can reset it");
        return false;
    }
    uint64_t counter = 0;
    int rc = oath_totp_validate3(raw, sizeof raw, now, ACCOUNT_TOTP_STEP, 0, 1, NULL, &counter,
                                 code);
    sodium_memzero(raw, sizeof raw);
    if (rc < 0 || (int64_t)counter <= last_step)
        return false;
    *step = (int64_t)counter;
    return true;
}

/* Passes the second factor for the session of sid; enrol: complete a begun enrolment. */
static int account_totp_pass(Db *db, const char *sid, const char *code, time_t now, bool enrol,
                             Errs *errs)
{
    static const char sql_user[] =
        "SELECT totp_secret, totp_enrolled, totp_last_step FROM app_user WHERE id = ?1";
    static const char sql_step[] =
        "UPDATE app_user SET totp_enrolled = 1, totp_last_step = ?2 WHERE id = ?1";
    static const char sql_pass[] = "UPDATE user_session SET totp_passed = 1 WHERE id = ?1";
    AccountSession s;
    if (!account_init(errs))
        return INSATS_ESTORAGE;
    if (account_session_get(db, sid, now, &s) != INSATS_OK) {
        errs_add(errs, "the session has ended; log in again");
        return INSATS_EINPUT;
    }
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)s.actor.user_id);
    int64_t wait = account_throttle_wait(db, "totp", key, now);
    if (wait > 0) {
        account_refuse_wait(wait, errs);
        return INSATS_EINPUT;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql_user);
    stmt_bind_int(st, 1, s.actor.user_id);
    bool match = false, have = false;
    int64_t step = 0;
    size_t before = errs_total(errs);
    if (stmt_step(st) == STMT_ROW) {
        size_t sealed_len = 0;
        const void *sealed = stmt_blob(st, 0, &sealed_len);
        bool enrolled = stmt_int(st, 1) != 0;
        have = sealed && enrolled != enrol;
        if (have)
            match = account_totp_match(db, sealed, sealed_len, code, now,
                                       stmt_int(st, 2), &step, errs);
    }
    stmt_done(st);
    if (!have) {
        errs_add(errs, enrol ? "no enrolment of a second factor was begun for this account"
                             : "this account has no second factor yet; enrol one first");
        rc = INSATS_EINPUT;
    } else if (!match) {
        if (errs_total(errs) == before)
            errs_add(errs, "wrong code; type the six digits the app shows now");
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK) {
        st = stmt_cached(db, sql_step);
        stmt_bind_int(st, 1, s.actor.user_id);
        stmt_bind_int(st, 2, step);
        rc = stmt_exec(st, errs, "cannot record the second factor");
    }
    if (rc == INSATS_OK) {
        st = stmt_cached(db, sql_pass);
        stmt_bind_int(st, 1, s.session_id);
        rc = stmt_exec(st, errs, "cannot record the second factor");
    }
    rc = account_end(db, rc, errs);
    if (have && !match)
        account_throttle_fail(db, "totp", key, now);
    else if (rc == INSATS_OK)
        account_throttle_clear(db, "totp", key);
    return rc;
}

int account_totp_confirm(Db *db, const char *sid, const char *code, time_t now, Errs *errs)
{
    return account_totp_pass(db, sid, code, now, true, errs);
}

int account_session_totp(Db *db, const char *sid, const char *code, time_t now, Errs *errs)
{
    return account_totp_pass(db, sid, code, now, false, errs);
}

int account_totp_reset(Db *db, const Actor *by, int64_t user_id, Errs *errs)
{
    static const char sql[] =
        "UPDATE app_user SET totp_secret = NULL, totp_enrolled = 0, totp_last_step = 0 "
        "WHERE id = ?1";
    int rc = account_refuse_manage(by, errs);
    if (rc != INSATS_OK || (rc = db_tx_begin(db, errs)) != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    rc = account_update_one(st, errs);
    if (rc == INSATS_OK)
        rc = account_delete_sessions(db, user_id, 0, NULL, errs);
    return account_end(db, rc, errs);
}

/* ---- API tokens ------------------------------------------------------------------------- */

int account_token_create(Db *db, int64_t user_id, const char *name, time_t now,
                         char token_out[ACCOUNT_TOKEN_SIZE], int64_t *id_out, Errs *errs)
{
    static const char sql[] =
        "INSERT INTO api_token (user_id, name, token_hash, created) VALUES (?1, ?2, ?3, ?4) "
        "RETURNING id";
    token_out[0] = '\0';
    Buf why = {0};
    bool ok = name && *name && validate_line(name, ACCOUNT_TOKEN_NAME_MAX, &why);
    if (!ok)
        errs_add(errs, "name: %s", why.len ? why.data : "a token needs a name that says what "
                 "it is for (--name)");
    buf_free(&why);
    AccountUser u;
    if (!ok || account_get(db, user_id, &u, errs) != INSATS_OK || !account_init(errs))
        return INSATS_EINPUT;
    char hex[65];
    account_random_hex(hex);
    char token[ACCOUNT_TOKEN_SIZE];
    snprintf(token, sizeof token, "%s%s", ACCOUNT_TOKEN_PREFIX, hex);
    sodium_memzero(hex, sizeof hex);
    unsigned char h[ACCOUNT_HASH_BYTES];
    account_hash(token, ACCOUNT_TOKEN_LEN, h);
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_text(st, 2, name);
    stmt_bind_blob(st, 3, h, sizeof h);
    stmt_bind_int(st, 4, (int64_t)now);
    StmtResult step = stmt_step(st);
    if (step == STMT_ROW) {
        if (id_out)
            *id_out = stmt_int(st, 0);
        stmt_done(st);
    } else if (step == STMT_CONSTRAINT) {
        stmt_done(st);
        errs_add(errs, "name: the account has a valid token of this name already; revoke it "
                 "or choose another name");
        rc = INSATS_EINPUT;
    } else {
        rc = account_step_fail(st, errs, "cannot store the token");
    }
    rc = account_end(db, rc, errs);
    if (rc == INSATS_OK)
        memcpy(token_out, token, sizeof token);
    sodium_memzero(token, sizeof token);
    return rc;
}

int account_token_revoke(Db *db, int64_t user_id, int64_t token_id, time_t now, Errs *errs)
{
    static const char sql[] =
        "UPDATE api_token SET revoked = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked IS NULL";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, token_id);
    stmt_bind_int(st, 2, user_id);
    stmt_bind_int(st, 3, (int64_t)now);
    int rc = stmt_exec(st, errs, "cannot revoke the token");
    if (rc == INSATS_OK && stmt_changes(st) == 0) {
        errs_add(errs, "the account has no such valid token");
        rc = INSATS_EINPUT;
    }
    return rc;
}

int64_t account_token_find(Db *db, int64_t user_id, const char *name)
{
    static const char sql[] =
        "SELECT id FROM api_token WHERE user_id = ?1 AND name = ?2 AND revoked IS NULL";
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    stmt_bind_text(st, 2, name ? name : "");
    int64_t id = stmt_step(st) == STMT_ROW ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return id;
}

int account_token_list(Db *db, int64_t user_id, AccountToken **out, size_t *n, Errs *errs)
{
    static const char sql[] =
        "SELECT id, name, created, coalesce(last_used, 0), coalesce(revoked, 0) FROM api_token "
        "WHERE user_id = ?1 ORDER BY created DESC, id DESC";
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    StmtResult step;
    while ((step = stmt_step(st)) == STMT_ROW) {
        *out = account_grow(*out, *n, &cap, sizeof **out);
        AccountToken *t = &(*out)[(*n)++];
        t->id = stmt_int(st, 0);
        account_copy_utf8(t->name, sizeof t->name, stmt_text(st, 1));
        t->created = stmt_int(st, 2);
        t->last_used = stmt_int(st, 3);
        t->revoked = stmt_int(st, 4);
    }
    return account_list_end(st, step, (void **)out, n, errs, "cannot read the tokens");
}

int account_token_auth(Db *db, const char *token, time_t now, Actor *out)
{
    static const char sql[] =
        "SELECT t.id, coalesce(t.last_used, 0), t.revoked IS NOT NULL, u.disabled, "
        "u.id, u.login, u.name, u.role, coalesce(u.organisation_id, 0) "
        "FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = ?1";
    static const char sql_touch[] = "UPDATE api_token SET last_used = ?2 WHERE id = ?1";
    memset(out, 0, sizeof *out);
    size_t plen = strlen(ACCOUNT_TOKEN_PREFIX);
    if (!token || strlen(token) != ACCOUNT_TOKEN_LEN
        || strncmp(token, ACCOUNT_TOKEN_PREFIX, plen) != 0
        || !account_is_hex(token + plen, ACCOUNT_TOKEN_LEN - plen))
        return INSATS_EINPUT;
    unsigned char h[ACCOUNT_HASH_BYTES];
    account_hash(token, ACCOUNT_TOKEN_LEN, h);
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_blob(st, 1, h, sizeof h);
    bool ok = false;
    int64_t id = 0, last_used = 0;
    if (stmt_step(st) == STMT_ROW) {
        id = stmt_int(st, 0);
        last_used = stmt_int(st, 1);
        ok = stmt_int(st, 2) == 0 && stmt_int(st, 3) == 0;
        if (ok)
            account_actor_row(st, 4, out);
    }
    stmt_done(st);
    if (!ok)
        return INSATS_EINPUT;
    if (now - last_used >= ACCOUNT_TOKEN_TOUCH_SECONDS) {
        st = stmt_cached(db, sql_touch);
        stmt_bind_int(st, 1, id);
        stmt_bind_int(st, 2, (int64_t)now);
        (void)stmt_step(st);
        stmt_done(st);
    }
    return INSATS_OK;
}

/* ---- trainers --------------------------------------------------------------------------- */

int account_trainer_assign(Db *db, const Actor *by, int64_t user_id, int64_t activity_id,
                           bool assigned, Errs *errs)
{
    static const char sql_add[] =
        "INSERT INTO activity_trainer (activity_id, user_id) "
        "SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM activity WHERE id = ?1) "
        "ON CONFLICT DO NOTHING";
    static const char sql_del[] =
        "DELETE FROM activity_trainer WHERE activity_id = ?1 AND user_id = ?2";
    int rc = account_refuse_manage(by, errs);
    if (rc != INSATS_OK)
        return rc;
    AccountUser u;
    if ((rc = account_get(db, user_id, &u, errs)) != INSATS_OK)
        return rc;
    if (u.role != ROLE_TRAINER && assigned) {
        errs_add(errs, "%s is not a trainer; only a trainer's account is assigned to activities",
                 u.login);
        return INSATS_EINPUT;
    }
    static const char sql_exists[] = "SELECT 1 FROM activity WHERE id = ?1";
    Stmt *st = stmt_cached(db, sql_exists);
    stmt_bind_int(st, 1, activity_id);
    bool found = stmt_step(st) == STMT_ROW;
    stmt_done(st);
    if (!found) {
        errs_add(errs, "activity: no such activity");
        return INSATS_EINPUT;
    }
    if ((rc = db_tx_begin(db, errs)) != INSATS_OK)
        return rc;
    st = stmt_cached(db, assigned ? sql_add : sql_del);
    stmt_bind_int(st, 1, activity_id);
    stmt_bind_int(st, 2, user_id);
    rc = stmt_exec(st, errs, "cannot change the trainer's activities");
    return account_end(db, rc, errs);
}

int account_trainer_activities(Db *db, int64_t user_id, int64_t **out, size_t *n, Errs *errs)
{
    static const char sql[] =
        "SELECT activity_id FROM activity_trainer WHERE user_id = ?1 ORDER BY activity_id";
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, user_id);
    StmtResult step;
    while ((step = stmt_step(st)) == STMT_ROW) {
        *out = account_grow(*out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = stmt_int(st, 0);
    }
    return account_list_end(st, step, (void **)out, n, errs,
                            "cannot read the trainer's activities");
}

/* ---- demo --------------------------------------------------------------------------- */

/* Adds one demo account with a fresh password to *out; an existing login is left alone. */
static int account_demo_one(Db *db, const char *login, const char *name, Role role,
                            int64_t org_id, const char *org_code, AccountDemo **out, size_t *n,
                            size_t *cap, Errs *errs)
{
    AccountUser u;
    Errs quiet;
    errs_init(&quiet);
    bool exists = account_find(db, login, &u, &quiet) == INSATS_OK;
    errs_free(&quiet);
    if (exists)
        return INSATS_OK;
    Actor cli;
    actor_cli(&cli);
    AccountNew in = {.login = login, .name = name, .role = role, .organisation_id = org_id};
    int64_t id = 0;
    int rc = account_add(db, &cli, &in, &id, errs);
    AccountDemo d = {.role = role};
    account_copy_utf8(d.login, sizeof d.login, login);
    account_copy_utf8(d.organisation_code, sizeof d.organisation_code, org_code);
    if (rc == INSATS_OK)
        rc = account_password_generate(db, &cli, id, d.password, errs);
    if (rc != INSATS_OK)
        return rc;
    *out = account_grow(*out, *n, cap, sizeof **out);
    (*out)[(*n)++] = d;
    return INSATS_OK;
}

int account_demo_accounts(Db *db, int64_t project_id, AccountDemo **out, size_t *n, Errs *errs)
{
    static const char sql_orgs[] =
        "SELECT id, code FROM organisation WHERE project_id = ?1 AND kind = 'municipality' "
        "ORDER BY code";
    static const char sql_acts[] =
        "SELECT id FROM activity WHERE project_id = ?1 ORDER BY code, id LIMIT 3";
    static const struct { const char *login, *name; Role role; } plain[] = {
        {"admin", "Administratör (demo)", ROLE_ADMIN},
        {"manager", "Projektledare (demo)", ROLE_MANAGER},
        {"economist", "Ekonom (demo)", ROLE_ECONOMIST},
        {"trainer", "Utbildare (demo)", ROLE_TRAINER},
        {"reader", "Styrgruppen (demo)", ROLE_READER},
        {"evaluator", "Utvärderare (demo)", ROLE_EVALUATOR},
    };
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc = INSATS_OK;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0] && rc == INSATS_OK; i++)
        rc = account_demo_one(db, plain[i].login, plain[i].name, plain[i].role, 0, "", out, n,
                              &cap, errs);
    /* The organisations first, then the accounts: account_add uses cached statements too. */
    int64_t org_ids[64];
    char org_codes[64][65];
    size_t orgs = 0;
    Stmt *st = stmt_cached(db, sql_orgs);
    stmt_bind_int(st, 1, project_id);
    while (orgs < 64 && stmt_step(st) == STMT_ROW) {
        org_ids[orgs] = stmt_int(st, 0);
        account_copy_utf8(org_codes[orgs++], 65, stmt_text(st, 1));
    }
    stmt_done(st);
    for (size_t i = 0; i < orgs && rc == INSATS_OK; i++) {
        char raw[128], login[ACCOUNT_LOGIN_MAX + 1], name[128];
        snprintf(raw, sizeof raw, "coordinator-%s", org_codes[i]);
        account_login_norm(raw, login);
        snprintf(name, sizeof name, "Koordinator %s (demo)", org_codes[i]);
        rc = account_demo_one(db, login, name, ROLE_COORDINATOR, org_ids[i], org_codes[i], out,
                              n, &cap, errs);
    }
    AccountUser trainer;
    if (rc == INSATS_OK && account_find(db, "trainer", &trainer, errs) == INSATS_OK
        && trainer.role == ROLE_TRAINER) {
        int64_t acts[3];
        size_t na = 0;
        st = stmt_cached(db, sql_acts);
        stmt_bind_int(st, 1, project_id);
        while (na < 3 && stmt_step(st) == STMT_ROW)
            acts[na++] = stmt_int(st, 0);
        stmt_done(st);
        Actor cli;
        actor_cli(&cli);
        for (size_t i = 0; i < na && rc == INSATS_OK; i++)
            rc = account_trainer_assign(db, &cli, trainer.id, acts[i], true, errs);
    }
    if (rc != INSATS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
