/* ctx.c — the request context's lists of name/value pairs and its lookups. */
#include "ctx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void web_pairs_add(WebPairs *ps, const char *name, const char *value, size_t len)
{
    if (ps->count == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 8;
        ps->items = xrealloc(ps->items, ps->cap * sizeof *ps->items);
    }
    WebPair *w = &ps->items[ps->count++];
    memset(w, 0, sizeof *w);
    w->name = xstrdup(name ? name : "");
    w->value = xmalloc(len + 1);
    if (len)
        memcpy(w->value, value, len);
    w->value[len] = '\0';
    w->len = len;
}

const WebPair *web_pairs_find(const WebPairs *ps, const char *name)
{
    for (size_t i = 0; i < ps->count; i++)
        if (strcmp(ps->items[i].name, name) == 0)
            return &ps->items[i];
    return NULL;
}

void web_pairs_free(WebPairs *ps)
{
    for (size_t i = 0; i < ps->count; i++) {
        free(ps->items[i].name);
        free(ps->items[i].value);
        free(ps->items[i].filename);
        free(ps->items[i].content_type);
    }
    free(ps->items);
    memset(ps, 0, sizeof *ps);
}

static const char *ctx_value(const WebPairs *ps, const char *name)
{
    const WebPair *w = web_pairs_find(ps, name);
    return w ? w->value : NULL;
}

const char *ctx_param(const Ctx *c, const char *name) { return ctx_value(&c->params, name); }
const char *ctx_query(const Ctx *c, const char *name) { return ctx_value(&c->query, name); }
const char *ctx_cookie(const Ctx *c, const char *name) { return ctx_value(&c->cookies, name); }
const char *ctx_header(const Ctx *c, const char *name) { return ctx_value(&c->headers, name); }

const char *ctx_form(const Ctx *c, const char *name)
{
    const WebPair *w = web_pairs_find(&c->form, name);
    /* An uploaded file is read with ctx_file, never mistaken for a field's text. */
    return w && !w->filename ? w->value : NULL;
}

const char *ctx_file(const Ctx *c, const char *name, size_t *len, const char **filename)
{
    const WebPair *w = web_pairs_find(&c->form, name);
    if (!w)
        return NULL;
    if (len)
        *len = w->len;
    if (filename)
        *filename = w->filename;
    return w->value;
}

long ctx_query_long(const Ctx *c, const char *name, long min, long max, long def)
{
    const char *s = ctx_query(c, name);
    if (!s)
        s = ctx_form(c, name);
    if (!s || !*s)
        return def;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return def;
    return v;
}

int web_hex_digit(int ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                    : -1;
}

void ctx_parse_cookies(WebPairs *ps, const char *header)
{
    const char *s = header;
    while (s && *s) {
        while (*s == ' ' || *s == ';' || *s == '\t')
            s++;
        size_t n = strcspn(s, ";");
        const char *eq = memchr(s, '=', n);
        if (eq && eq > s) {
            char *name = xstrndup(s, (size_t)(eq - s));
            size_t name_len = strlen(name);
            while (name_len && (name[name_len - 1] == ' ' || name[name_len - 1] == '\t'))
                name[--name_len] = '\0';
            const char *v = eq + 1;
            size_t vlen = n - (size_t)(v - s);
            while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                vlen--;
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
                v++;
                vlen -= 2;
            }
            web_pairs_add(ps, name, v, vlen);
            free(name);
        }
        s += n;
    }
}

void ctx_free(Ctx *c)
{
    if (c->db)
        db_generation_release(c->db);   /* held by session_identify() for this request */
    free(c->path);
    free(c->raw_path);
    web_pairs_free(&c->params);
    web_pairs_free(&c->query);
    web_pairs_free(&c->form);
    web_pairs_free(&c->cookies);
    web_pairs_free(&c->headers);
    free(c->payload);
    memset(c, 0, sizeof *c);
}
