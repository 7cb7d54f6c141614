/* page.h — the page writer. A handler writes its page's content into a Page; the router wraps
 * it in the layout (layout.c) and sends it whole, so that a failure half-way becomes a clean
 * error page with the right status instead of half a page.
 *
 * Escaping is the default: page_printf escapes every %s as HTML (text and quoted attributes
 * alike), page_urlf percent-encodes every %s as one URL component, page_attr writes one
 * attribute. Markup that is not data goes through page_raw, which accepts string literals only:
 * grep for page_raw to see every raw byte. The format strings of page_printf and page_urlf are
 * literals too (the macros refuse anything else), so no data can become a format or markup.
 * tests/e2e/web_layers.sh fails the build on any other way of writing into a page. */
#ifndef INSATS_WEB_PAGE_H
#define INSATS_WEB_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "ctx.h"
#include "util.h"

typedef struct Page {
    Ctx *ctx;
    Buf body;               /* the content inside <main>, or a whole non-HTML body */
    int status;             /* 200 unless set */
    char *title;            /* <title> and the page's one <h1>; every HTML page sets it */
    const char *content_type;   /* NULL: an HTML page in the layout */
    char *filename;         /* a download's name (Content-Disposition: attachment) */
    char *location;         /* a redirect's target */
    char *message;          /* an error page's text */
    char *cookies[4];       /* Set-Cookie values */
    size_t cookie_count;
    const char *allow;      /* a 405's Allow header */
    bool immutable;         /* a static asset: cached for a year instead of no-store */
    size_t table_open;      /* where the open table's wrapper begins in body (page_table_*) */
    unsigned tables;        /* tables begun, for their captions' ids */
} Page;

/* Escaping printf into the page: every %s is HTML-escaped. Conversions: %s %c %d %i %u %ld %lu
 * %lld %llu %zu %%. A page_printf without arguments is a page_raw. */
void page_printf_(Page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define page_printf(p, fmt, ...) page_printf_((p), "" fmt "", __VA_ARGS__)

/* A URL into the page: every %s percent-encoded as one path segment or query value; the
 * literal parts are written as they are. Use it inside a quoted attribute. */
void page_urlf_(Page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define page_urlf(p, fmt, ...) page_urlf_((p), "" fmt "", __VA_ARGS__)

/* The same URL as a new string (caller frees), for page_link and page_redirect. */
char *page_url_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define page_url(fmt, ...) page_url_("" fmt "", __VA_ARGS__)

/* Markup written as it is: string literals only. */
void page_raw_(Page *p, const char *literal);
#define page_raw(p, literal) page_raw_((p), "" literal "")

/* Text (escaped), and ` name="value"` (escaped; nothing when value is NULL). */
void page_text(Page *p, const char *s);
void page_attr_(Page *p, const char *name, const char *value);
#define page_attr(p, name, value) page_attr_((p), "" name "", (value))

/* Markdown a user wrote (a narrative, a note) as HTML, through the reports' safe rendering
 * (escape.c, cmark: raw HTML in it is omitted, unsafe link schemes dropped), its
 * headings shifted below the page's h1 and h2. */
void page_markdown(Page *p, const char *markdown);

/* The page's title (copied): shown in the browser's tab and as the page's h1. */
void page_title(Page *p, const char *title);

/* A body that is not an HTML page: a download (filename given: an attachment) or a JSON
 * answer. The bytes are copied. content_type must not be text/html unless it is a download (filename given: a
 * report the report layer wrote): HTML pages go through the escaping functions above. */
void page_bytes(Page *p, const char *content_type, const char *filename, const void *data,
                size_t len);

/* Whether s is a path on this server that a browser cannot read as another site: "/…" but not
 * "//…", no backslash (which some browsers read as a slash) and no control character (a
 * browser drops tabs and newlines from a URL, so "/\t/host" would become "//host"). */
bool page_is_local_path(const char *s);

/* Ends the handler: see other (303) to a local path (else to "/", see page_is_local_path),
 * or an error page with status and a
 * message for the user (details belong in the log, not here). Both return the status, so that a
 * handler can `return page_fail(p, 404, _("…"));`. */
int page_redirect(Page *p, const char *local_path);
int page_fail(Page *p, int status, const char *message);

/* A Set-Cookie header of the response. */
void page_set_cookie(Page *p, const char *header_value);

/* A chart of the report layer (chart_svg(), src/report/chart.h) drawn from a report JSON or
 * the dashboard's, inline as SVG in a <figure>; nothing when the report lacks its data. id
 * prefixes every id inside it, so that several charts can share a page. The table of its
 * figures goes beside it (the caller's). The chart is written twice, laid out for a wide
 * screen and for a phone (ids "<id>-narrow…"); the stylesheet shows the one that fits. */
void page_chart(Page *p, const json_t *report, const char *chart, const char *id);

/* A page's content kept for a later request of the same page (a cache of rendered pages, such
 * as the start page's): its title and body as this page writer wrote them. page_copy_put
 * writes a copy into another page (the same bytes, already escaped when they were written). */
typedef struct PageCopy {
    char *title;
    char *body;
    size_t len;
} PageCopy;
void page_copy_take(const Page *p, PageCopy *out);
void page_copy_put(Page *p, const PageCopy *copy);
void page_copy_free(PageCopy *copy);

/* ---- forms ---------------------------------------------------------------------------- */

/* A POST form to action (a local path, escaped) with the request's CSRF token in it. */
void page_form_begin(Page *p, const char *action);
/* The same for a form that uploads a file (multipart/form-data; its route has ROUTE_UPLOAD). */
void page_form_upload_begin(Page *p, const char *action);
/* A GET form (filters, search): no token, since it changes nothing. */
void page_form_get_begin(Page *p, const char *action);
void page_form_end(Page *p);

typedef struct PageField {
    const char *name;
    const char *label;         /* required: every field has a label */
    const char *type;          /* "text" (NULL), "password", "email", "date", "number",
                                  "search", "textarea", "select", "checkbox", "file" */
    const char *value;         /* the user's input or the stored value, kept on errors */
    const char *error;         /* shown next to the field, tied to it by aria-describedby */
    const char *hint;          /* a short help text under the label */
    const char *autocomplete;
    const char *const *options;   /* select: value, label, value, label, …, NULL */
    bool required;
    bool autofocus;
} PageField;

/* Label, control and its error message; the id of the control is "f-<name>". */
void page_field(Page *p, const PageField *f);
void page_hidden(Page *p, const char *name, const char *value);
void page_submit(Page *p, const char *label);
/* A one-button form (log out, delete) to action. */
void page_button_form(Page *p, const char *action, const char *label);

/* A one-button form that deletes (or removes) something: the browser asks `question` first
 * (data-confirm, assets/app.js, which then sets the form's "confirm" field to 1). Without the
 * script the field stays empty, and the handler asks on a page of its own before it deletes:
 * page_delete_confirmed() says whether the request was confirmed either way. */
void page_delete_form(Page *p, const char *action, const char *label, const char *question);
bool page_delete_confirmed(Ctx *c);
/* A summary of a form's errors at its top, so that a screen reader hears them first. */
void page_error_summary(Page *p, size_t count);

/* ---- tables and lists ------------------------------------------------------------------- */

/* <table> with a caption and one <th scope="col"> per heading (NULL-terminated); an empty
 * heading is the corner above a column of row headers, an empty cell. */
void page_table_begin(Page *p, const char *caption, const char *const *headings);
/* The same for headings in a static table, marked with N_(): each is translated here; numeric
 * as for page_table_begin_num(). */
void page_table_begin_marked(Page *p, const char *caption, const char *const *marked,
                             unsigned numeric);
/* The same, with the headings of the columns of figures (bit k: column k) aligned right, as
 * their figures are (td class="num"). */
void page_table_begin_num(Page *p, const char *caption, const char *const *headings,
                          unsigned numeric);
void page_table_end(Page *p);
void page_tr(Page *p);
void page_tr_end(Page *p);
void page_td(Page *p, const char *text);
/* The row's first cell, a header for the row (scope="row"). */
void page_th_row(Page *p, const char *text);
/* A cell of formatted figures (escaped like page_printf). */
#define page_tdf(p, fmt, ...) page_printf_((p), "<td>" fmt "</td>", __VA_ARGS__)
/* The same, a figure aligned right in its column (under a heading of page_table_begin_num). */
#define page_td_numf(p, fmt, ...) page_printf_((p), "<td class=\"num\">" fmt "</td>", __VA_ARGS__)
/* A link to a local path (built with page_url when it holds data; anything that is not a
 * path on this server is refused and the text written without a link), the text escaped. */
void page_td_link(Page *p, const char *href, const char *text);
void page_link(Page *p, const char *href, const char *text);

/* Links to the pages of a list: "Föregående", the page numbers around current, "Nästa", each
 * to the request's own path and query with only `page=` changed. Nothing for one page. */
void page_pager(Page *p, long current, long pages);

/* ---- the page as a whole (router and layout) ------------------------------------------------ */

void page_init(Page *p, Ctx *c);
void page_free(Page *p);

/* Appends the content of another page (made with these same functions) into doc: how the layout
 * puts a handler's content into <main>. */
void page_append_page(Page *doc, const Page *content);

/* The whole HTML document of p: the layout around its content, or its error page (layout.c). */
void layout_render(const Page *p, Page *doc);

#endif
