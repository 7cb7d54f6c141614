/* pages.h — the page handlers of the route table (routes.c), one section per file of pages.
 * Each is `int page_…(Ctx *c, Page *p)`: see router.h for what has been checked before it runs
 * and page.h for how it writes. */
#ifndef INSATS_WEB_PAGES_H
#define INSATS_WEB_PAGES_H

#include "ctx.h"
#include "page.h"

/* pages_home.c — the start page. */
int page_home(Ctx *c, Page *p);

/* pages_login.c — signing in and out. */
int page_login_form(Ctx *c, Page *p);
int page_login(Ctx *c, Page *p);
int page_logout(Ctx *c, Page *p);

/* assets.c — the stylesheet, icon and script compiled into the binary. */
int page_static(Ctx *c, Page *p);

#endif
