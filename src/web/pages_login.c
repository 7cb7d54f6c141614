/* pages_login.c — signing in and out. */
#include <string.h>

#include "i18n.h"
#include "pages.h"
#include "session.h"

/* Where to go after signing in: a local path from ?next=, else the start page. */
static const char *login_next(const Ctx *c)
{
    const char *next = ctx_query(c, "next");
    if (!next)
        next = ctx_form(c, "next");
    if (!next || next[0] != '/' || next[1] == '/' || strchr(next, '\\'))
        return "/";
    return next;
}

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
}

int page_login_form(Ctx *c, Page *p)
{
    if (c->authenticated)
        return page_redirect(p, login_next(c));
    login_form(c, p, ctx_query(c, "login"), NULL);
    return 200;
}
