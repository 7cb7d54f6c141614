/* page.c — the page writer: escaping output into a page's buffer, forms, tables, pagination.
 * The escapers themselves are the report layer's (src/report/escape.c), so that a page and a
 * report escape alike. */
#include "page.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart.h"
#include "escape.h"
#include "i18n.h"
#include "session.h"

void page_init(Page *p, Ctx *c)
{
    memset(p, 0, sizeof *p);
    p->ctx = c;
    p->status = 200;
}

void page_free(Page *p)
{
    buf_free(&p->body);
    free(p->title);
    free(p->filename);
    free(p->location);
    free(p->message);
    for (size_t i = 0; i < p->cookie_count; i++)
        free(p->cookies[i]);
    memset(p, 0, sizeof *p);
}

void page_printf_(Page *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    esc_vformat(&p->body, esc_html_attr, fmt, ap);
    va_end(ap);
}

void page_urlf_(Page *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* The literal parts are the developer's markup-free path; the encoded parts hold only
     * unreserved characters and %XX: nothing in the result needs HTML escaping. */
    esc_vformat(&p->body, esc_url_component, fmt, ap);
    va_end(ap);
}

char *page_url_(const char *fmt, ...)
{
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    esc_vformat(&b, esc_url_component, fmt, ap);
    va_end(ap);
    buf_putc(&b, '\0');
    b.len--;
    return buf_steal(&b);
}

void page_append_page(Page *doc, const Page *content)
{
    buf_append(&doc->body, content->body.data, content->body.len);
}

#undef page_raw_
void page_raw_(Page *p, const char *literal) { buf_puts(&p->body, literal); }

void page_text(Page *p, const char *s) { esc_html_text(&p->body, s); }

void page_attr_(Page *p, const char *name, const char *value)
{
    if (!value)
        return;
    buf_putc(&p->body, ' ');
    buf_puts(&p->body, name);
    buf_puts(&p->body, "=\"");
    esc_html_attr(&p->body, value);
    buf_putc(&p->body, '"');
}

void page_markdown(Page *p, const char *markdown)
{
    page_raw(p, "<div class=\"markdown\">");
    esc_markdown_html(&p->body, markdown ? markdown : "", 2);
    page_raw(p, "</div>");
}

void page_title(Page *p, const char *title)
{
    free(p->title);
    p->title = xstrdup(title);
}

void page_bytes(Page *p, const char *content_type, const char *filename, const void *data,
                size_t len)
{
    /* HTML is written through the escaping functions; the one exception is a download (an
     * attachment, not shown in the page), such as a report the report layer has written and
     * escaped itself. */
    assert(filename || strncasecmp(content_type, "text/html", 9) != 0);
    p->content_type = content_type;
    free(p->filename);
    p->filename = xstrdup(filename);
    buf_clear(&p->body);
    buf_append(&p->body, data, len);
}

bool page_is_local_path(const char *s)
{
    if (!s || s[0] != '/' || s[1] == '/')
        return false;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f || *c == '\\')
            return false;
    return true;
}

int page_redirect(Page *p, const char *local_path)
{
    free(p->location);
    p->location = xstrdup(page_is_local_path(local_path) ? local_path : "/");
    p->status = 303;
    return 303;
}

int page_fail(Page *p, int status, const char *message)
{
    assert(status >= 400 && status <= 599);
    free(p->message);
    p->message = xstrdup(message);
    p->status = status;
    return status;
}

void page_set_cookie(Page *p, const char *header_value)
{
    assert(p->cookie_count < sizeof p->cookies / sizeof p->cookies[0]);
    p->cookies[p->cookie_count++] = xstrdup(header_value);
}

void page_chart(Page *p, const json_t *report, const char *chart, const char *id)
{
    /* chart_svg escapes every text it writes (src/report/escape.c); a report without the data
     * for the chart gets no chart, its table beside it says the figures. */
    Buf svg = {0}, narrow = {0};
    char *narrow_id = xasprintf("%s-narrow", id ? id : chart);
    Lang lang = i18n_shown();
    /* Two layouts of one chart, the stylesheet showing one: the wide one shrunk onto a phone
     * would have text too small to read, so a phone gets the chart laid out for its width. */
    if (chart_svg_in(&svg, report, chart, id, lang, CHART_WIDTH) == INSATS_OK &&
        chart_svg_in(&narrow, report, chart, narrow_id, lang, CHART_NARROW_WIDTH) == INSATS_OK) {
        buf_puts(&p->body, "<figure class=\"chart\"><div class=\"chart-wide\">");
        buf_append(&p->body, svg.data, svg.len);
        buf_puts(&p->body, "</div><div class=\"chart-narrow\">");
        buf_append(&p->body, narrow.data, narrow.len);
        buf_puts(&p->body, "</div></figure>");
    }
    free(narrow_id);
    buf_free(&narrow);
    buf_free(&svg);
}

void page_copy_take(const Page *p, PageCopy *out)
{
    out->title = p->title ? xstrdup(p->title) : NULL;
    out->len = p->body.len;
    out->body = xmalloc(out->len + 1);
    if (out->len)
        memcpy(out->body, p->body.data, out->len);
    out->body[out->len] = '\0';
}

void page_copy_put(Page *p, const PageCopy *copy)
{
    if (copy->title)
        page_title(p, copy->title);
    buf_append(&p->body, copy->body, copy->len);
}

void page_copy_free(PageCopy *copy)
{
    free(copy->title);
    free(copy->body);
    memset(copy, 0, sizeof *copy);
}

/* ---- forms ---------------------------------------------------------------------------- */

static void page_form_post(Page *p, const char *action, bool upload, const char *confirm)
{
    page_raw(p, "<form method=\"post\"");
    page_attr(p, "action", page_is_local_path(action) ? action : "/");
    if (upload)
        page_raw(p, " enctype=\"multipart/form-data\"");
    page_attr(p, "data-confirm", confirm);
    page_raw(p, ">");
    if (p->ctx)
        session_csrf_ensure(p->ctx, p);
    page_hidden(p, "csrf", p->ctx ? p->ctx->csrf : "");
}

void page_form_begin(Page *p, const char *action) { page_form_post(p, action, false, NULL); }
void page_form_upload_begin(Page *p, const char *action)
{
    page_form_post(p, action, true, NULL);
}

void page_form_get_begin(Page *p, const char *action)
{
    page_raw(p, "<form method=\"get\"");
    page_attr(p, "action", page_is_local_path(action) ? action : "/");
    page_raw(p, ">");
}

void page_form_end(Page *p) { page_raw(p, "</form>\n"); }

void page_hidden(Page *p, const char *name, const char *value)
{
    page_printf(p, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name, value ? value : "");
}

/* The id of a field's control, "f-<name>", with every character of the name outside letters,
 * digits, '-' and '_' (the '.' of "measure.kind") made a '-', so that the id is also a plain
 * CSS selector and a fragment. */
typedef struct FieldId {
    char s[160];
} FieldId;

static FieldId page_field_id(const char *name)
{
    FieldId id;
    size_t n = 0;
    id.s[n++] = 'f';
    id.s[n++] = '-';
    for (const char *c = name; *c && n + 1 < sizeof id.s; c++)
        id.s[n++] = (isalnum((unsigned char)*c) || *c == '-' || *c == '_') ? *c : '-';
    assert(strlen(name) + 3 <= sizeof id.s);
    id.s[n] = '\0';
    return id;
}

static void page_field_control(Page *p, const PageField *f, const char *type)
{
    bool described = f->error || f->hint;
    FieldId id = page_field_id(f->name);
    if (strcmp(type, "textarea") == 0) {
        page_printf(p, "<textarea id=\"%s\" name=\"%s\"", id.s, f->name);
    } else if (strcmp(type, "select") == 0) {
        page_printf(p, "<select id=\"%s\" name=\"%s\"", id.s, f->name);
    } else {
        page_printf(p, "<input type=\"%s\" id=\"%s\" name=\"%s\"", type, id.s, f->name);
        if (strcmp(type, "checkbox") == 0) {
            page_raw(p, " value=\"1\"");
            if (f->value && *f->value && strcmp(f->value, "0") != 0)
                page_raw(p, " checked");
        } else if (strcmp(type, "password") != 0 && strcmp(type, "file") != 0) {
            page_attr(p, "value", f->value ? f->value : "");
        }
    }
    page_attr(p, "autocomplete", f->autocomplete);
    if (f->required)
        page_raw(p, " required");
    if (f->autofocus)
        page_raw(p, " autofocus");
    if (f->error)
        page_raw(p, " aria-invalid=\"true\"");
    if (described) {
        page_raw(p, " aria-describedby=\"");
        if (f->hint)
            page_printf(p, "%s-hint", id.s);
        if (f->hint && f->error)
            page_raw(p, " ");
        if (f->error)
            page_printf(p, "%s-err", id.s);
        page_raw(p, "\"");
    }
    page_raw(p, ">");
    if (strcmp(type, "textarea") == 0) {
        page_text(p, f->value);
        page_raw(p, "</textarea>");
    } else if (strcmp(type, "select") == 0) {
        for (const char *const *o = f->options; o && o[0] && o[1]; o += 2) {
            page_printf(p, "<option value=\"%s\"", o[0]);
            if (f->value && strcmp(f->value, o[0]) == 0)
                page_raw(p, " selected");
            page_printf(p, ">%s</option>", o[1]);
        }
        page_raw(p, "</select>");
    }
}

void page_field(Page *p, const PageField *f)
{
    assert(f->name && f->label);
    const char *type = f->type ? f->type : "text";
    bool box = strcmp(type, "checkbox") == 0;
    page_raw(p, "<div class=\"field");
    if (f->error)
        page_raw(p, " field-error");
    page_raw(p, "\">");
    if (box)
        page_field_control(p, f, type);
    FieldId id = page_field_id(f->name);
    page_printf(p, "<label for=\"%s\">%s", id.s, f->label);
    if (f->required)
        page_printf(p, " <span class=\"req\">(%s)</span>", _("obligatoriskt"));
    page_raw(p, "</label>");
    if (f->hint)
        page_printf(p, "<p class=\"hint\" id=\"%s-hint\">%s</p>", id.s, f->hint);
    if (f->error)
        page_printf(p, "<p class=\"error\" id=\"%s-err\"><span class=\"vh\">%s </span>%s</p>",
                    id.s, _("Fel:"), f->error);
    if (!box)
        page_field_control(p, f, type);
    page_raw(p, "</div>\n");
}

void page_submit(Page *p, const char *label)
{
    page_printf(p, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", label);
}

void page_button_form(Page *p, const char *action, const char *label)
{
    page_form_begin(p, action);
    page_printf(p, "<button type=\"submit\" class=\"link\">%s</button>", label);
    page_form_end(p);
}

void page_delete_form(Page *p, const char *action, const char *label, const char *question)
{
    page_form_post(p, action, false, question);
    page_hidden(p, "confirm", "");
    page_printf(p, "<button type=\"submit\" class=\"link\">%s</button>", label);
    page_form_end(p);
}

bool page_delete_confirmed(Ctx *c)
{
    const char *v = ctx_form(c, "confirm");
    return v && strcmp(v, "1") == 0;
}

void page_error_summary(Page *p, size_t count)
{
    if (count == 0)
        return;
    page_raw(p, "<div class=\"error-summary\" role=\"alert\"><p>");
    if (count == 1) {
        page_text(p, _("Formuläret har ett fel. Rätta det och skicka igen."));
    } else {
        char msg[160];
        snprintf(msg, sizeof msg, _("Formuläret har %zu fel. Rätta dem och skicka igen."), count);
        page_text(p, msg);
    }
    page_raw(p, "</p></div>\n");
}

/* ---- tables ----------------------------------------------------------------------------- */

#define PAGE_TABLE_WRAP "<div class=\"table-wrap\">"

/* A table's head: the headings of the columns of figures (bit k: column k) aligned right, each
 * heading translated here when they come from a static table (marked). */
static void page_table_open(Page *p, const char *caption, const char *const *headings,
                            unsigned numeric, bool marked)
{
    assert(caption);
    p->tables++;
    p->table_open = p->body.len;
    page_raw(p, "" PAGE_TABLE_WRAP);
    page_printf(p, "<table>\n<caption id=\"caption-%u\">%s</caption>\n<thead><tr>",
                p->tables, caption);
    for (size_t k = 0; headings && headings[k]; k++) {
        const char *h = marked ? _(headings[k]) : headings[k];
        if (!headings[k][0])
            page_raw(p, "<td></td>");
        else if (k < 32 && (numeric & (1u << k)))
            page_printf(p, "<th scope=\"col\" class=\"num\">%s</th>", h);
        else
            page_printf(p, "<th scope=\"col\">%s</th>", h);
    }
    page_raw(p, "</tr></thead>\n<tbody>\n");
}

void page_table_begin(Page *p, const char *caption, const char *const *headings)
{
    page_table_open(p, caption, headings, 0, false);
}

void page_table_begin_num(Page *p, const char *caption, const char *const *headings,
                          unsigned numeric)
{
    page_table_open(p, caption, headings, numeric, false);
}

void page_table_begin_marked(Page *p, const char *caption, const char *const *marked,
                             unsigned numeric)
{
    page_table_open(p, caption, marked, numeric, true);
}

/* Replaces n bytes of b at offset at with the string with. */
static void page_splice(Buf *b, size_t at, size_t n, const char *with)
{
    size_t m = strlen(with), tail = b->len - at - n;
    if (m > n)
        buf_reserve(b, m - n);
    memmove(b->data + at + m, b->data + at + n, tail + 1);
    memcpy(b->data + at, with, m);
    b->len = b->len - n + m;
}

/* A wide table scrolls inside its wrapper on a narrow screen. Keyboard users scroll it too:
 * through its links and buttons when it has some, else the wrapper itself takes the focus, a
 * region named by the caption (not every table: each would be one more stop on the way). */
void page_table_end(Page *p)
{
    page_raw(p, "</tbody>\n</table></div>\n");
    const char *t = p->body.data + p->table_open;
    static const char *const focusable[] = {"<a ", "<button", "<input", "<select", "<textarea"};
    for (size_t i = 0; i < sizeof focusable / sizeof focusable[0]; i++)
        if (strstr(t, focusable[i]))
            return;
    page_splice(&p->body, p->body.len - strlen("</div>\n"), strlen("</div>\n"),
                "</section>\n");
    char open[96];
    snprintf(open, sizeof open,
             "<section class=\"table-wrap\" aria-labelledby=\"caption-%u\" tabindex=\"0\">",
             p->tables);
    page_splice(&p->body, p->table_open, strlen(PAGE_TABLE_WRAP), open);
}
void page_tr(Page *p) { page_raw(p, "<tr>"); }
void page_tr_end(Page *p) { page_raw(p, "</tr>\n"); }
void page_td(Page *p, const char *text) { page_printf(p, "<td>%s</td>", text ? text : ""); }

void page_th_row(Page *p, const char *text)
{
    page_printf(p, "<th scope=\"row\">%s</th>", text ? text : "");
}

void page_link(Page *p, const char *href, const char *text)
{
    if (!page_is_local_path(href)) {
        page_text(p, text);
        return;
    }
    page_printf(p, "<a href=\"%s\">%s</a>", href, text);
}

void page_td_link(Page *p, const char *href, const char *text)
{
    page_raw(p, "<td>");
    page_link(p, href, text);
    page_raw(p, "</td>");
}

/* ---- pagination --------------------------------------------------------------------------- */

/* The request's path and query with page=n, every part encoded again (the Ctx holds them
 * decoded). */
static void page_pager_href(Page *p, long n)
{
    const Ctx *c = p->ctx;
    const char *path = c && c->path ? c->path : "/";
    for (const char *s = path; *s;) {
        size_t seg = strcspn(s, "/");
        if (seg) {
            char *part = xstrndup(s, seg);
            page_urlf(p, "%s", part);
            free(part);
        }
        s += seg;
        if (*s == '/') {
            page_raw(p, "/");
            s++;
        }
    }
    bool first = true;
    for (size_t i = 0; c && i < c->query.count; i++) {
        if (strcmp(c->query.items[i].name, "page") == 0)
            continue;
        if (first)
            page_raw(p, "?");
        else
            page_raw(p, "&amp;");
        first = false;
        page_urlf(p, "%s=%s", c->query.items[i].name, c->query.items[i].value);
    }
    if (first)
        page_raw(p, "?");
    else
        page_raw(p, "&amp;");
    page_printf(p, "page=%ld", n);
}

void page_pager(Page *p, long current, long pages)
{
    if (pages <= 1)
        return;
    if (current < 1)
        current = 1;
    if (current > pages)
        current = pages;
    page_printf(p, "<nav class=\"pager\" aria-label=\"%s\"><ul>", _("Sidor"));
    if (current > 1) {
        page_raw(p, "<li><a rel=\"prev\" href=\"");
        page_pager_href(p, current - 1);
        page_printf(p, "\">%s</a></li>", _("Föregående"));
    }
    long from = current - 3 < 1 ? 1 : current - 3;
    long to = current + 3 > pages ? pages : current + 3;
    if (from > 1) {
        page_raw(p, "<li><a href=\"");
        page_pager_href(p, 1);
        page_raw(p, "\">1</a></li>");
        if (from > 2)
            page_raw(p, "<li>…</li>");
    }
    for (long n = from; n <= to; n++) {
        if (n == current) {
            page_printf(p, "<li><a aria-current=\"page\" href=\"#main\">%ld</a></li>", n);
            continue;
        }
        page_raw(p, "<li><a href=\"");
        page_pager_href(p, n);
        page_printf(p, "\">%ld</a></li>", n);
    }
    if (to < pages) {
        if (to < pages - 1)
            page_raw(p, "<li>…</li>");
        page_raw(p, "<li><a href=\"");
        page_pager_href(p, pages);
        page_printf(p, "\">%ld</a></li>", pages);
    }
    if (current < pages) {
        page_raw(p, "<li><a rel=\"next\" href=\"");
        page_pager_href(p, current + 1);
        page_printf(p, "\">%s</a></li>", _("Nästa"));
    }
    page_raw(p, "</ul></nav>\n");
}
