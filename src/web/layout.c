/* layout.c — the frame of every HTML page: the lang attribute of the language shown, the title, a skip link, the landmarks
 * (header, nav, main, footer) and the page's one h1, the navigation made from the route table's
 * rows with a label that the actor's role may use, and the error page. */
#include <string.h>

#include "assets.h"
#include "i18n.h"
#include "page.h"
#include "project.h"
#include "router.h"
#include "todo.h"

/* How many things wait for the actor ("att göra"), for the navigation; 0 when none or not
 * known. */
static int64_t layout_todo_count(const Ctx *c)
{
    int64_t project = 0, n = 0;
    Errs errs;
    errs_init(&errs);
    if (c->db && project_resolve(c->db, NULL, &project, &errs) == INSATS_OK)
        todo_count(c->db, &c->actor, project, &n, &errs);
    errs_free(&errs);
    return n;
}

static void layout_nav(const Page *p, Page *doc)
{
    const Ctx *c = p->ctx;
    size_t n;
    const Route *rs = router_routes(&n);
    page_printf(doc, "<nav class=\"site-nav\" aria-label=\"%s\"><ul>", _("Huvudmeny"));
    for (size_t i = 0; i < n; i++) {
        if (!rs[i].nav || !router_role_allows(&rs[i], c->actor.role))
            continue;
        page_printf(doc, "<li><a href=\"%s\"", rs[i].pattern);
        if (c->path && strcmp(c->path, rs[i].pattern) == 0)
            page_raw(doc, " aria-current=\"page\"");
        page_printf(doc, ">%s", _(rs[i].nav));
        int64_t waiting = strcmp(rs[i].pattern, "/todo") == 0 ? layout_todo_count(c) : 0;
        if (waiting > 0)
            page_printf(doc, " <span class=\"count\">%lld<span class=\"vh\"> %s"
                             "</span></span>", (long long)waiting, _("väntar"));
        page_raw(doc, "</a></li>");
    }
    page_raw(doc, "</ul></nav>\n");
}

/* The text of an error page's heading, by status. */
static const char *layout_error_title(int status)
{
    switch (status) {
    case 400: return _("Felaktig förfrågan");
    case 401: return _("Inloggning krävs");
    case 403: return _("Ingen behörighet");
    case 404: return _("Sidan finns inte");
    case 405: return _("Fel sorts förfrågan");
    case 408: return _("Tiden gick ut");
    case 411: return _("Längden saknas");
    case 413: return _("För mycket data");
    case 414: return _("För lång adress");
    case 429: return _("För många försök");
    case 431: return _("För stora huvuden");
    case 503: return _("Tjänsten är upptagen");
    case 505: return _("HTTP-versionen stöds inte");
    default: return status >= 500 ? _("Något gick fel") : _("Förfrågan kunde inte utföras");
    }
}

void layout_render(const Page *p, Page *doc)
{
    const Ctx *c = p->ctx;
    /* An error page is what page_fail made; a form sent back with its errors (422) is not. */
    bool error = p->message != NULL;
    const char *title = error ? layout_error_title(p->status) : p->title;
    if (!title)
        title = "insats";
    page_printf(doc, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
                i18n_code(i18n_shown()));
    page_printf(doc, "<title>%s – insats</title>\n", title);
    page_printf(doc, "<link rel=\"stylesheet\" href=\"%s\">\n", web_asset_url("style.css"));
    page_printf(doc, "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n",
                web_asset_url("icon.svg"));
    page_printf(doc, "<script src=\"%s\" defer></script>\n", web_asset_url("app.js"));
    page_raw(doc, "</head>\n<body>\n");
    page_printf(doc, "<a class=\"skip\" href=\"#main\">%s</a>\n", _("Till innehållet"));
    page_printf(doc, "<header class=\"site-header\"><div class=\"bar\">"
                     "<a class=\"brand\" href=\"/\">%s</a>", _("insats"));
    if (c && c->authenticated) {
        page_printf(doc, "<div class=\"who\"><span>%s</span>",
                    c->actor.name[0] ? c->actor.name : c->actor.login);
        page_button_form(doc, "/logout", _("Logga ut"));
        page_raw(doc, "</div>");
    }
    page_raw(doc, "</div></header>\n");
    if (c && c->authenticated && !c->totp_pending)
        layout_nav(p, doc);
    page_printf(doc, "<main id=\"main\" tabindex=\"-1\">\n<h1>%s</h1>\n", title);
    if (error) {
        page_printf(doc, "<p>%s</p>\n", p->message ? p->message : "");
        page_printf(doc, "<p><a href=\"/\">%s</a></p>\n", _("Till startsidan"));
    } else {
        page_append_page(doc, p);
    }
    page_raw(doc, "</main>\n");
    page_printf(doc, "<footer class=\"site-footer\"><p>%s</p></footer>\n",
                _("insats – uppföljning av kompetensutvecklingsprojekt"));
    page_raw(doc, "</body>\n</html>\n");
}
