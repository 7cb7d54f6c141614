/* pages_home.c — the start page. The dashboard of the project takes its place. */
#include "i18n.h"
#include "pages.h"

int page_home(Ctx *c, Page *p)
{
    page_title(p, _("Översikt"));
    page_printf(p, "<p>%s %s.</p>\n", _("Du är inloggad som"),
                c->actor.name[0] ? c->actor.name : c->actor.login);
    page_printf(p, "<p>%s</p>\n", _("Välj ett område i menyn."));
    return 200;
}
