/* escape.c — the HTML escaping module: text and attribute escapers, esc_printf, the audited raw
 * output path and Markdown rendering through cmark (docs: STYLE.md "escape by default"). */
#include "escape.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Shared escaper: `attr` adds the quote characters. Control characters other than tab, LF and
 * CR are not allowed in HTML, so they are dropped rather than passed on. */
static void esc_html(Buf *out, const char *s, int attr)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\'': rep = attr ? "&#39;" : NULL; break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                rep = "";
            else if (c == 0x7f)
                rep = "";
            break;
        }
        if (rep) {
            buf_append(out, run, (size_t)(p - run));
            buf_puts(out, rep);
            run = p + 1;
        }
    }
    buf_puts(out, run);
}

void esc_html_text(Buf *out, const char *s) { esc_html(out, s, 0); }

void esc_html_attr(Buf *out, const char *s) { esc_html(out, s, 1); }

/* Parses fmt itself instead of handing it to vsnprintf: only that way can each %s be escaped,
 * and a conversion we do not know is caught instead of silently misread. */
void esc_vformat(Buf *out, EscFn esc, const char *fmt, va_list ap)
{
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        buf_append(out, run, (size_t)(p - run));
        p++;
        int longs = 0;
        int size = 0;
        while (*p == 'l') {
            longs++;
            p++;
        }
        if (*p == 'z') {
            size = 1;
            p++;
        }
        switch (*p) {
        case '%':
            buf_putc(out, '%');
            break;
        case 's':
            if (longs || size)
                goto bad;
            esc(out, va_arg(ap, const char *));
            break;
        case 'c': {
            if (longs || size)
                goto bad;
            char s[2] = {(char)va_arg(ap, int), '\0'};
            esc(out, s);
            break;
        }
        case 'd':
        case 'i': {
            if (size)
                goto bad;
            long long v = longs == 0 ? va_arg(ap, int)
                        : longs == 1 ? va_arg(ap, long) : va_arg(ap, long long);
            buf_printf(out, "%lld", v);
            break;
        }
        case 'u': {
            unsigned long long v = size ? va_arg(ap, size_t)
                                 : longs == 0 ? va_arg(ap, unsigned)
                                 : longs == 1 ? va_arg(ap, unsigned long)
                                              : va_arg(ap, unsigned long long);
            buf_printf(out, "%llu", v);
            break;
        }
        default:
            goto bad;
        }
        run = p + 1;
    }
    buf_puts(out, run);
    return;
bad:
    fprintf(stderr, "esc_printf: unsupported conversion in \"%s\"\n", fmt);
    abort();
}

void esc_printf(Buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    esc_vformat(out, esc_html_attr, fmt, ap);
    va_end(ap);
}

/* RFC 3986's unreserved characters stay; every other byte is %XX, so that the result is one
 * path segment or query value whatever it holds, and safe in a quoted attribute. */
void esc_url_component(Buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            buf_putc(out, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(out, e, 3);
        }
    }
}

/* A JSON string's content (without the quotes). Besides what JSON requires, < > & and the line
 * and paragraph separators are written as \u escapes, so that the text can stand inside HTML
 * or a script without ending it. */
void esc_json_string(Buf *out, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            buf_putc(out, '\\');
            buf_putc(out, (char)c);
        } else if (c == '\n') {
            buf_puts(out, "\\n");
        } else if (c == '\t') {
            buf_puts(out, "\\t");
        } else if (c == '\r') {
            buf_puts(out, "\\r");
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f) {
            buf_printf(out, "\\u%04x", c);
        } else if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            buf_printf(out, "\\u%04x", p[2] == 0xa8 ? 0x2028 : 0x2029);
            p += 2;
        } else {
            buf_putc(out, (char)c);
        }
    }
}

#undef esc_raw_literal
void esc_raw_literal(Buf *out, const char *literal) { buf_puts(out, literal); }

static void esc_images_to_text(cmark_node *doc);

void esc_markdown_html(Buf *out, const char *markdown, int heading_shift)
{
    if (!markdown || !*markdown)
        return;
    cmark_node *doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
            int level = cmark_node_get_heading_level(n) + heading_shift;
            cmark_node_set_heading_level(n, level > 6 ? 6 : level);
        }
    }
    cmark_iter_free(it);
    esc_images_to_text(doc);
    /* The one place where markup not written by us reaches the page: cmark's own HTML, made
     * without CMARK_OPT_UNSAFE, which escapes text and omits raw HTML. */
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
    buf_puts(out, html);
    free(html);
    cmark_node_free(doc);
}

/* The scheme of url, lower case, into scheme (without the ':'), and the rest after the ':';
 * NULL when url has no scheme. Browsers ignore whitespace and control characters in a scheme,
 * so they are skipped here too. */
static const char *esc_url_scheme(const char *url, char scheme[16])
{
    size_t n = 0;
    const char *p = url ? url : "";
    for (; *p && *p != ':' && n + 1 < 16; p++)
        if ((unsigned char)*p > 0x20 && *p != 0x7f)
            scheme[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    scheme[n] = '\0';
    return *p == ':' ? p + 1 : NULL;
}

/* True for an image carried in the address itself: data: of a PNG, GIF, JPEG or WebP. */
static bool esc_url_embedded_image(const char *url)
{
    char scheme[16];
    const char *rest = esc_url_scheme(url, scheme);
    if (!rest || strcmp(scheme, "data") != 0)
        return false;
    static const char *const images[] = {"image/png", "image/gif", "image/jpeg", "image/webp"};
    for (size_t i = 0; i < sizeof images / sizeof *images; i++)
        if (strncasecmp(rest, images[i], strlen(images[i])) == 0)
            return true;
    return false;
}

/* True for a link destination whose scheme a browser would run or that reaches outside the
 * document: the schemes cmark's HTML renderer drops (javascript:, vbscript:, file:, and data:
 * other than an embedded image). */
static bool esc_url_dangerous(const char *url)
{
    char scheme[16];
    if (!esc_url_scheme(url, scheme))
        return false;
    if (strcmp(scheme, "data") == 0)
        return !esc_url_embedded_image(url);
    return strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0 ||
           strcmp(scheme, "file") == 0;
}

/* Replaces every image of doc that is not embedded in the text itself (a data: PNG, GIF, JPEG
 * or WebP) by its alt text (the image's children), so that a narrative cannot make a page or
 * a report, opened in a browser or a viewer, fetch anything from elsewhere (a tracking pixel);
 * the address is dropped with the image. */
static void esc_images_to_text(cmark_node *doc)
{
    cmark_node **found = NULL;
    size_t nfound = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE &&
            !esc_url_embedded_image(cmark_node_get_url(n))) {
            found = xrealloc(found, (nfound + 1) * sizeof *found);
            found[nfound++] = n;
        }
    }
    cmark_iter_free(it);
    /* Changed after the walk, which a changing tree would confuse; an image inside another's
     * alt text was found after it and is still in the tree, moved. */
    for (size_t i = 0; i < nfound; i++) {
        cmark_node *img = found[i], *child;
        while ((child = cmark_node_first_child(img)) != NULL)
            cmark_node_insert_before(img, child);
        cmark_node_free(img);
    }
    free(found);
}

/* Replaces raw HTML node n by the same characters as text, which cmark's writer escapes: a
 * paragraph of lines for an HTML block, a text node inline. */
static void esc_html_to_text(cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    lit = lit ? lit : "";
    if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
        cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(t, lit);
        cmark_node_replace(n, t);
        cmark_node_free(n);
        return;
    }
    cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
    for (const char *line = lit; *line;) {
        size_t len = strcspn(line, "\n");
        char *s = xstrndup(line, len);
        if (len > 0) {
            if (cmark_node_first_child(para))
                cmark_node_append_child(para, cmark_node_new(CMARK_NODE_SOFTBREAK));
            cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(t, s);
            cmark_node_append_child(para, t);
        }
        free(s);
        line += len + (line[len] == '\n');
    }
    cmark_node_replace(n, para);
    cmark_node_free(n);
}

void esc_markdown_md(Buf *out, const char *markdown)
{
    if (!markdown || !*markdown)
        return;
    cmark_node *doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
    cmark_node **found = NULL;
    size_t nfound = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(n);
        bool html = type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE;
        const char *url = cmark_node_get_url(n);
        bool unsafe = (type == CMARK_NODE_LINK && esc_url_dangerous(url)) ||
                      (type == CMARK_NODE_IMAGE && !esc_url_embedded_image(url));
        if (ev == CMARK_EVENT_ENTER && (html || unsafe)) {
            found = xrealloc(found, (nfound + 1) * sizeof *found);
            found[nfound++] = n;
        }
    }
    cmark_iter_free(it);
    if (nfound == 0) {
        /* Nothing to neutralise: the text exactly as its author wrote it. */
        buf_puts(out, markdown);
    } else {
        /* Changed after the walk, which a changing tree would confuse. */
        for (size_t i = 0; i < nfound; i++) {
            cmark_node_type type = cmark_node_get_type(found[i]);
            if (type == CMARK_NODE_LINK)
                cmark_node_set_url(found[i], "");
            else if (type != CMARK_NODE_IMAGE)
                esc_html_to_text(found[i]);
        }
        esc_images_to_text(doc);
        char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
        buf_puts(out, md);
        free(md);
    }
    free(found);
    cmark_node_free(doc);
}
