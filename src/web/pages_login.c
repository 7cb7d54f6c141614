/* pages_login.c — signing in and out. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "i18n.h"
#include "pages.h"
#include "router.h"
#include "session.h"

/* Where to go after signing in: a local path from ?next=, else the start page. */
static const char *login_next(const Ctx *c)
{
    const char *next = ctx_query(c, "next");
    if (!next)
        next = ctx_form(c, "next");
    return page_is_local_path(next) ? next : "/";
}

/* A plain link to the page in the other language, named in that language; the choice stays
 * in a cookie for the visitor's later pages (session_lang_visitor). */
static void login_lang_link(Ctx *c, Page *p)
{
    bool sv = i18n_shown() == LANG_SV;
    const char *next = login_next(c);
    page_raw(p, "<p class=\"lang-switch\"><a href=\"");
    if (strcmp(next, "/") == 0)
        page_urlf(p, "/login?lang=%s", sv ? "en" : "sv");
    else
        page_urlf(p, "/login?lang=%s&amp;next=%s", sv ? "en" : "sv", next);
    if (sv)
        page_raw(p, "\" lang=\"en\" hreflang=\"en\">In English</a></p>\n");
    else
        page_raw(p, "\" lang=\"sv\" hreflang=\"sv\">På svenska</a></p>\n");
}

/* The form; with a refusal's message above it and the login kept (never the password). */
static void login_form(Ctx *c, Page *p, const char *login, const char *error)
{
    page_title(p, _("Logga in"));
    if (error)
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n", error);
    page_form_begin(p, "/login");
    page_hidden(p, "next", login_next(c));
    page_field(p, &(PageField){.name = "login", .label = _("Användarnamn"), .value = login,
                               .autocomplete = "username", .required = true,
                               .autofocus = !login || !*login});
    page_field(p, &(PageField){.name = "password", .label = _("Lösenord"), .type = "password",
                               .autocomplete = "current-password", .required = true,
                               .autofocus = login && *login});
    page_submit(p, _("Logga in"));
    page_form_end(p);
    login_lang_link(c, p);
}

int page_login_form(Ctx *c, Page *p)
{
    if (c->authenticated)
        return page_redirect(p, login_next(c));
    login_form(c, p, ctx_query(c, "login"), NULL);
    return 200;
}

int page_login(Ctx *c, Page *p)
{
    const char *login = ctx_form(c, "login");
    const char *password = ctx_form(c, "password");
    if (!login || !*login || !password || !*password) {
        login_form(c, p, login, _("Skriv ditt användarnamn och ditt lösenord."));
        return 422;
    }
    char sid[ACCOUNT_SID_SIZE];
    AccountSession s;
    Errs errs;
    errs_init(&errs);
    int rc = account_login(c->db, login, password, c->client, time(NULL), sid, &s, &errs);
    errs_free(&errs);
    if (rc == INSATS_OK) {
        session_set_cookie(c, p, sid);
        session_clear_pre(c, p);
        sodium_memzero(sid, sizeof sid);
        if (!account_session_ready(&s))
            return page_redirect(p, s.totp_enrolled ? WEB_TOTP_LOGIN_PATH : WEB_TOTP_ENROL_PATH);
        return page_redirect(p, login_next(c));
    }
    if (rc != INSATS_EINPUT)
        return page_fail(p, 503, _("Inloggningen kan inte göras just nu. Försök igen om en "
                                   "stund."));
    if (s.retry_after > 0) {
        char msg[200];
        snprintf(msg, sizeof msg, _("För många misslyckade inloggningar. Vänta %lld sekunder "
                                    "och försök igen."),
                 (long long)s.retry_after);
        login_form(c, p, login, msg);
        return 429;
    }
    /* The same words whether the login exists or not. */
    login_form(c, p, login, _("Fel användarnamn eller lösenord, eller ett konto som är "
                              "avstängt."));
    return 401;
}

int page_logout(Ctx *c, Page *p)
{
    Errs errs;
    errs_init(&errs);
    account_logout(c->db, c->session, &errs);
    errs_free(&errs);
    session_set_cookie(c, p, "");
    return page_redirect(p, "/login");
}
