/* session.c — the session cookie, the pre-session cookie of the login form, and the CSRF token
 * derived from either. The sessions themselves (their ids, hashed, and expiry) are the
 * accounts' core API. */
#include "session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "account.h"
#include "audit.h"
#include "i18n.h"

#include "util.h"

/* The pre-login cookie carries the login form's CSRF token; over TLS it takes the __Host-
 * prefix as the session cookie does, so that a sibling host or plain-HTTP answer cannot plant
 * one. */
static const char *session_pre_name(const Ctx *c)
{
    return c->https ? "__Host-insats_pre" : "insats_pre";
}
#define SESSION_PRE_BYTES 32

const char *session_cookie_name(const Ctx *c)
{
    return c->https ? "__Host-insats_session" : "insats_session";
}

static void session_hex(const unsigned char *bin, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, bin, n);
}

void session_csrf_of(const char *token, char out[WEB_CSRF_LEN + 1])
{
    static const unsigned char ctx_key[crypto_generichash_KEYBYTES] = "insats csrf token v1";
    unsigned char h[WEB_CSRF_LEN / 2];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), ctx_key,
                       sizeof ctx_key);
    session_hex(h, sizeof h, out);
}

void session_seal(const Ctx *c, const char *note, char out[WEB_SEAL_LEN + 1])
{
    unsigned char h[WEB_SEAL_LEN / 2];
    crypto_generichash(h, sizeof h, (const unsigned char *)note, strlen(note),
                       (const unsigned char *)c->csrf, strlen(c->csrf));
    session_hex(h, sizeof h, out);
}

bool session_sealed(const Ctx *c, const char *note, const char *seal)
{
    if (!c->csrf[0] || !seal || strlen(seal) != WEB_SEAL_LEN)
        return false;
    char want[WEB_SEAL_LEN + 1];
    session_seal(c, note, want);
    return sodium_memcmp(want, seal, WEB_SEAL_LEN) == 0;
}

bool session_csrf_ok(const Ctx *c)
{
    const char *got = ctx_form(c, "csrf");
    if (!got)
        got = ctx_header(c, "x-csrf-token");
    if (!got || strlen(got) != WEB_CSRF_LEN || !c->csrf[0])
        return false;
    return sodium_memcmp(got, c->csrf, WEB_CSRF_LEN) == 0;
}

static bool session_token_shape(const char *t, size_t min)
{
    size_t n = t ? strlen(t) : 0;
    if (n < min || n > WEB_TOKEN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              ch == '-' || ch == '_'))
            return false;
    }
    return true;
}

static void session_cookie(const Ctx *c, Page *p, const char *name, const char *value)
{
    Buf b = {0};
    buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value,
               c->https ? "; Secure" : "",
               *value ? "" : "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    page_set_cookie(p, b.data);
    buf_free(&b);
}

void session_set_cookie(const Ctx *c, Page *p, const char *token)
{
    session_cookie(c, p, session_cookie_name(c), token ? token : "");
}

/* ---- the language ------------------------------------------------------------------------ */

/* The visitor's own choice of language, as the session cookie takes the __Host- prefix over
 * TLS. It holds "sv" or "en" and nothing else: no personal data, no consent needed. */
static const char *session_lang_name(const Ctx *c)
{
    return c->https ? "__Host-insats_lang" : "insats_lang";
}
#define SESSION_LANG_MAX_AGE (365 * 24 * 60 * 60)

/* "sv" or "en" as the language, LANG_NONE for anything else (a code such as "en-GB" is the
 * browser's Accept-Language's to send, not a visitor's choice). */
static Lang session_lang_word(const char *v)
{
    return v && (strcmp(v, "sv") == 0 || strcmp(v, "en") == 0) ? i18n_parse(v) : LANG_NONE;
}

/* The language of a visitor, or of an account that has chosen none: ?lang= on the page, the
 * cookie it left, the browser's Accept-Language, Swedish. */
static Lang session_visitor_lang(const Ctx *c, bool *asked)
{
    bool page = c->method == WEB_GET && c->path && strncmp(c->path, "/api/", 5) != 0;
    Lang l = page ? session_lang_word(ctx_query(c, "lang")) : LANG_NONE;
    *asked = l != LANG_NONE;
    if (l == LANG_NONE)
        l = session_lang_word(ctx_cookie(c, session_lang_name(c)));
    if (l == LANG_NONE)
        l = i18n_from_accept_language(ctx_header(c, "accept-language"));
    return l == LANG_NONE ? LANG_SV : l;
}

static void session_lang_use(Ctx *c, Lang l)
{
    c->lang = l;
    i18n_set(l);
}

void session_lang_visitor(Ctx *c, Page *p)
{
    bool asked = false;
    Lang l = session_visitor_lang(c, &asked);
    if (asked) {
        char v[96];
        snprintf(v, sizeof v, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
                 session_lang_name(c), i18n_code(l), SESSION_LANG_MAX_AGE,
                 c->https ? "; Secure" : "");
        page_set_cookie(p, v);
    }
    session_lang_use(c, l);
}

void session_lang_account(Ctx *c, Lang chosen)
{
    bool asked = false;
    session_lang_use(c, chosen != LANG_NONE ? chosen : session_visitor_lang(c, &asked));
}

/* An API request: the Bearer token only (a browser sends no such header on its own, so no
 * cookie is looked at and no CSRF token is needed). */
static bool session_identify_token(Ctx *c)
{
    const char *auth = ctx_header(c, "authorization");
    if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
        return true;
    const char *token = auth + 7;
    while (*token == ' ')
        token++;
    if (!session_token_shape(token, 1))
        return true;
    Actor a;
    int rc = account_token_auth(c->db, token, time(NULL), &a);
    if (rc == INSATS_OK) {
        c->actor = a;
        c->authenticated = true;
    }
    return rc == INSATS_OK || rc == INSATS_EINPUT;
}

/* The connection's writes for this request are recorded under the user it identifies, or are
 * refused while it identifies nobody (audit.h): nothing of an earlier request carries over. */
static bool session_audit_actor(Ctx *c, bool ok)
{
    if (c->authenticated)
        audit_set_actor(c->db, &c->actor, c->api ? "api" : "web");
    return ok;
}

void session_move_db(Ctx *c, Db *db)
{
    db_generation_release(c->db);
    c->db = db;
    db_generation_hold(db);
    audit_clear_actor(db);
    session_audit_actor(c, true);
}

bool session_identify(Ctx *c, Page *p)
{
    (void)p;
    db_generation_hold(c->db);
    audit_clear_actor(c->db);
    c->authenticated = false;
    c->totp_pending = false;
    c->session[0] = '\0';
    c->csrf[0] = '\0';
    if (c->api)
        return session_audit_actor(c, session_identify_token(c));
    const char *sid = ctx_cookie(c, session_cookie_name(c));
    if (sid && strlen(sid) == ACCOUNT_SID_LEN && session_token_shape(sid, ACCOUNT_SID_LEN)) {
        AccountSession s;
        int rc = account_session_get(c->db, sid, time(NULL), &s);
        if (rc == INSATS_OK) {
            c->authenticated = true;
            c->actor = s.actor;
            c->session_id = s.session_id;
            c->totp_pending = !account_session_ready(&s);
            c->totp_enrolled = s.totp_enrolled;
            snprintf(c->session, sizeof c->session, "%s", sid);
            snprintf(c->csrf, sizeof c->csrf, "%s", s.csrf);
            session_lang_account(c, s.lang);
            return session_audit_actor(c, true);
        }
        if (rc != INSATS_EINPUT)
            return false;
    }
    const char *pre = ctx_cookie(c, session_pre_name(c));
    if (session_token_shape(pre, SESSION_PRE_BYTES * 2) &&
        strlen(pre) == SESSION_PRE_BYTES * 2)
        session_csrf_of(pre, c->csrf);
    return true;
}

void session_clear_pre(const Ctx *c, Page *p)
{
    if (ctx_cookie(c, session_pre_name(c)))
        session_cookie(c, p, session_pre_name(c), "");
}

void session_csrf_ensure(Ctx *c, Page *p)
{
    if (c->csrf[0])
        return;
    unsigned char raw[SESSION_PRE_BYTES];
    char hex[SESSION_PRE_BYTES * 2 + 1];
    randombytes_buf(raw, sizeof raw);
    session_hex(raw, sizeof raw, hex);
    session_cookie(c, p, session_pre_name(c), hex);
    session_csrf_of(hex, c->csrf);
}
