/* escape.h — every byte of HTML that insats writes passes through here: text and attribute
 * escapers, an escaping printf, Markdown through cmark (to HTML, and neutralised for Markdown
 * output), and the one raw-output function. */
#ifndef INSATS_ESCAPE_H
#define INSATS_ESCAPE_H

#include <stdarg.h>

#include "util.h"

/* Appends s as HTML text content: & < > escaped, C0 control characters dropped. NULL: nothing. */
void esc_html_text(Buf *out, const char *s);
/* Appends s for a double-quoted attribute value: also " and ' escaped. NULL: nothing. */
void esc_html_attr(Buf *out, const char *s);

/* printf into out where every %s argument is escaped as with esc_html_attr (safe in text and in
 * quoted attributes). Supported conversions: %s %c %d %i %u %ld %lu %lld %llu %zu %%, without
 * flags, width or precision; anything else is a bug and aborts. A NULL %s writes nothing. */
void esc_printf(Buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An escaper: appends s (NULL: nothing) to out in the form one context needs. */
typedef void (*EscFn)(Buf *out, const char *s);
/* esc_printf with the escaper of each %s given: esc_html_attr for HTML, esc_url_component for
 * the parts of a URL, esc_json_string for JSON. */
void esc_vformat(Buf *out, EscFn esc, const char *fmt, va_list ap);

/* Appends s percent-encoded as one URL component (a path segment or a query value): every
 * byte but A–Z a–z 0–9 - . _ ~ becomes %XX. NULL: nothing. */
void esc_url_component(Buf *out, const char *s);
/* Appends s as the content of a JSON string (no quotes): " \ and control characters escaped,
 * and < > & U+2028 U+2029 as \u escapes so that it is safe inside HTML too. NULL: nothing. */
void esc_json_string(Buf *out, const char *s);

/* Appends a fixed piece of markup unescaped. The macro only accepts a string literal, so that no
 * data can reach the page raw: grep for esc_raw_literal to audit every raw byte. */
void esc_raw_literal(Buf *out, const char *literal);
#define esc_raw_literal(out, literal) (esc_raw_literal)((out), "" literal "")

/* Renders Markdown (a narrative, a note) as HTML with cmark's default options: raw HTML in the
 * source becomes "<!-- raw HTML omitted -->", unsafe link schemes are dropped and an image
 * becomes its alt text (nothing is loaded from anywhere when the page is opened). Headings are
 * moved down by heading_shift levels (capped at h6) so that a "# …" in a narrative cannot
 * compete with the report's own h1/h2. NULL or empty: nothing. */
void esc_markdown_html(Buf *out, const char *markdown, int heading_shift);

/* Appends a narrative's Markdown for a Markdown document, neutralised as esc_markdown_html
 * neutralises it for a page: raw HTML (<script>, <iframe>, …) becomes visible text, a link
 * whose destination has an unsafe scheme (javascript:, vbscript:, file:, data: other than an
 * image) keeps its text and loses its destination, and an image becomes its alt text. Markdown
 * with none of them is appended
 * exactly as written; otherwise as cmark writes it back. NULL or empty: nothing. */
void esc_markdown_md(Buf *out, const char *markdown);

#endif
