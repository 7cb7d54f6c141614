/* escape.c — the HTML escaping module: text and attribute escapers, esc_printf, the audited raw
 * output path and Markdown rendering through cmark (docs: STYLE.md "escape by default"). */
#include "escape.h"

#include <cmark.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
void esc_printf(Buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
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
            esc_html_attr(out, va_arg(ap, const char *));
            break;
        case 'c': {
            if (longs || size)
                goto bad;
            char s[2] = {(char)va_arg(ap, int), '\0'};
            esc_html_attr(out, s);
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
    va_end(ap);
    return;
bad:
    va_end(ap);
    fprintf(stderr, "esc_printf: unsupported conversion in \"%s\"\n", fmt);
    abort();
}

#undef esc_raw_literal
void esc_raw_literal(Buf *out, const char *literal) { buf_puts(out, literal); }

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
    /* The one place where markup not written by us reaches the page: cmark's own HTML, made
     * without CMARK_OPT_UNSAFE, which escapes text and omits raw HTML. */
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
    buf_puts(out, html);
    free(html);
    cmark_node_free(doc);
}
