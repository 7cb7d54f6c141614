/* assets.c — serving the embedded static files (assets.h). */
#include "assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pages.h"

const char *web_asset_url(const char *name)
{
    for (size_t i = 0; i < web_asset_count; i++)
        if (strcmp(web_assets[i].name, name) == 0)
            return web_assets[i].url;
    fprintf(stderr, "insats: no static asset \"%s\"\n", name);
    abort();
}

int page_static(Ctx *c, Page *p)
{
    const char *file = ctx_param(c, "file");
    for (size_t i = 0; file && i < web_asset_count; i++) {
        const WebAsset *a = &web_assets[i];
        if (strcmp(a->url + strlen("/static/"), file) != 0)
            continue;
        page_bytes(p, a->content_type, NULL, a->data, a->len);
        p->immutable = true;
        return 200;
    }
    return page_fail(p, 404, _("Filen finns inte."));
}
