/* session.h — who is asking: the session cookie (pages) or the Bearer token (the API), looked
 * up through the accounts' core API, and the CSRF token tied to the session. */
#ifndef INSATS_WEB_SESSION_H
#define INSATS_WEB_SESSION_H

#include <stdbool.h>

#include "ctx.h"
#include "page.h"

/* The session cookie's name: "__Host-insats_session" over TLS (or behind a proxy that says
 * X-Forwarded-Proto: https), where it is sent with Secure; "insats_session" on plain HTTP. */
const char *session_cookie_name(const Ctx *c);

/* Moves the request to the connection db (a slow-work thread's), with the audit actor that
 * session_identify() set on the first one, so that its writes are recorded under the same user
 * — or refused while it identifies nobody. */
void session_move_db(Ctx *c, Db *db);

/* Fills c->authenticated, c->actor, c->totp_pending and c->session from the request's cookie
 * (or its Bearer token when c->api), and c->csrf: the session's, or for a visitor without one
 * the pre-session cookie's, if it has one. Returns false only when the database cannot be read
 * (the router answers 503). */
bool session_identify(Ctx *c, Page *p);

/* A CSRF token for a form on p: a visitor without a session or pre-session cookie gets a new
 * pre-session cookie (set on p), so that the login form can be checked like every other. */
void session_csrf_ensure(Ctx *c, Page *p);

/* The CSRF token of a session or pre-session token: a keyed hash of it, so that the token
 * changes with the session and cannot be computed without the cookie. out: WEB_CSRF_LEN + 1. */
void session_csrf_of(const char *token, char out[WEB_CSRF_LEN + 1]);

/* Whether the request's token (form field "csrf", or header X-CSRF-Token) is c->csrf, in time
 * independent of where they differ. */
bool session_csrf_ok(const Ctx *c);

/* A note that one answer hands to the next page through its address (a redirect's query),
 * sealed with the session's secret so that only this session's own request could have written
 * it: session_seal() writes into out (WEB_SEAL_LEN + 1) the seal of `note`; session_sealed()
 * says whether `seal` (NULL: none) is that of `note` for this request's session. A link made
 * by anyone else cannot carry a valid seal. */
#define WEB_SEAL_LEN 32
void session_seal(const Ctx *c, const char *note, char out[WEB_SEAL_LEN + 1]);
bool session_sealed(const Ctx *c, const char *note, const char *seal);

/* Expires the pre-session cookie, if the request had one (after a login). */
void session_clear_pre(const Ctx *c, Page *p);

/* The language of the answer (c->lang, and the thread's, i18n_set), for a visitor: ?lang=sv or
 * ?lang=en on a page (the login page's link to the other language), remembered in a cookie set
 * on p for the visitor's later pages; else that cookie; else the browser's Accept-Language;
 * else Swedish. session_identify() then lets an account's own choice win over all of them. */
void session_lang_visitor(Ctx *c, Page *p);
/* The language of an account that chose one (LANG_NONE: it did not, the visitor's rules
 * apply): after session_identify(), and again when the account changes its choice. */
void session_lang_account(Ctx *c, Lang chosen);

/* Sets the session cookie for token on p (an empty token expires it). */
void session_set_cookie(const Ctx *c, Page *p, const char *token);

#endif
