/* assets.h — the static files the server serves from its own binary (src/web/assets/, embedded
 * by scripts/embed-assets.sh): the stylesheet, the icon and the optional script. Their URLs
 * carry a hash of their content, so a changed file gets a new URL and browsers may cache each
 * for a year. Nothing is ever loaded from another server. */
#ifndef INSATS_WEB_ASSETS_H
#define INSATS_WEB_ASSETS_H

#include <stddef.h>

typedef struct WebAsset {
    const char *name;            /* "style.css" */
    const char *url;             /* "/static/style.<hash>.css" */
    const char *content_type;
    const unsigned char *data;
    size_t len;
} WebAsset;

extern const WebAsset web_assets[];
extern const size_t web_asset_count;

/* The URL of the asset of that name ("style.css"); aborts for a name that is not one, a bug. */
const char *web_asset_url(const char *name);

#endif
