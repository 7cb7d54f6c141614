/* session.c — the session cookie, the pre-session cookie of the login form, and the CSRF token
 * derived from either. The sessions themselves (their ids, hashed, and expiry) are the
 * accounts' core API. */
#include "session.h"

#include <sodium.h>
#include <string.h>

#include "util.h"

#define SESSION_PRE_COOKIE "insats_pre"
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
               c->https ? "; Secure" : "", *value ? "" : "; Max-Age=0");
    page_set_cookie(p, b.data);
    buf_free(&b);
}

void session_set_cookie(const Ctx *c, Page *p, const char *token)
{
    session_cookie(c, p, session_cookie_name(c), token ? token : "");
}

bool session_identify(Ctx *c, Page *p)
{
    (void)p;
    c->authenticated = false;
    c->session[0] = '\0';
    c->csrf[0] = '\0';
    const char *pre = ctx_cookie(c, SESSION_PRE_COOKIE);
    if (session_token_shape(pre, SESSION_PRE_BYTES * 2))
        session_csrf_of(pre, c->csrf);
    return true;
}

void session_csrf_ensure(Ctx *c, Page *p)
{
    if (c->csrf[0])
        return;
    unsigned char raw[SESSION_PRE_BYTES];
    char hex[SESSION_PRE_BYTES * 2 + 1];
    randombytes_buf(raw, sizeof raw);
    session_hex(raw, sizeof raw, hex);
    session_cookie(c, p, SESSION_PRE_COOKIE, hex);
    session_csrf_of(hex, c->csrf);
}
