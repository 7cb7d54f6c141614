/* pdf.c — the PDF renderer: a report JSON (docs/report-format.md) typeset with pango on cairo's
 * PDF surface, A4, the funder's Swedish headings and questions, tables that break across pages
 * with their header row repeated, the charts of chart.c, and "Sid N (M)" on every page.
 *
 * A deliberately small layout engine: a cursor y on the current page, blocks (paragraph,
 * heading, table, chart) that move to a new page when they do not fit. The document is laid
 * out twice with the same code: the first pass draws nothing and only counts the pages, so that
 * the second can print the total in every page header. Both passes measure text on the PDF
 * surface itself, so the page breaks of the two are the same. Figures come formatted from
 * render.h; nothing is computed here. */
#include "render.h"

#include <cairo-pdf.h>
#include <cmark.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "chart.h"

#define PDF_W 595.28
#define PDF_H 841.89
#define PDF_MARGIN_X 56.0
#define PDF_CONTENT_W (PDF_W - 2 * PDF_MARGIN_X)
#define PDF_BODY_TOP 92.0
#define PDF_BODY_BOTTOM (PDF_H - 56.0)
#define PDF_CELL_PAD 3.0
#define PDF_INDENT 14.0
#define PDF_CHART_H 250.0
#define PDF_DASH "\xe2\x80\x93"

/* Fonts by role. */
typedef enum { PF_BODY, PF_BOLD, PF_ITALIC, PF_TITLE, PF_H1, PF_H2, PF_H3, PF_SMALL,
               PF_SMALL_BOLD, PF_COUNT } PdfFont;

static const char *const pdf_font_names[PF_COUNT] = {
    "DejaVu Sans 10", "DejaVu Sans Bold 10", "DejaVu Sans Italic 10", "DejaVu Sans Bold 18",
    "DejaVu Sans Bold 14", "DejaVu Sans Bold 11.5", "DejaVu Sans Bold 10.5", "DejaVu Sans 8",
    "DejaVu Sans Bold 8",
};

typedef struct Pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *pango;        /* at 72 dpi: a font's points are then cairo's points */
    PangoLayout *text;          /* paragraphs and headings */
    PangoLayout *head;          /* page headers: drawn in the middle of flowing a paragraph */
    PangoFontDescription *fonts[PF_COUNT];
    const json_t *report;
    bool draw;                  /* false in the counting pass */
    int page;                   /* current page, 1-based; 0 before the first */
    int pages;                  /* total, known in the drawing pass */
    double y;                   /* cursor on the current page */
    char *head_title;           /* header: document kind, project, ids */
    char *head_project;
    char *head_ids;
    int outline;                /* outline id of the current h1, for nesting h2 under it */
} Pdf;

/* A table: columns with a share of the content width, cells row-major, owned. */
typedef struct PdfCol {
    const char *title;
    double share;
    bool right;                 /* figures are right-aligned */
} PdfCol;

typedef struct PdfTable {
    const PdfCol *cols;
    int ncols;
    char **cells;
    size_t count, cap;
} PdfTable;

/* ---- small helpers ---------------------------------------------------------------------- */

static const char *pdf_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *pdf_or(const char *s, const char *fallback)
{
    return s && *s ? s : fallback;
}

/* ---- page handling ---------------------------------------------------------------------- */

/* Draws one line of plain text at (x, y) with the font, right-aligned to x when right, cut
 * with an ellipsis at the content width. Uses the header layout: a page header is drawn while
 * a paragraph's layout is being iterated, and must not disturb it. */
static void pdf_draw_line(Pdf *p, PdfFont f, const char *s, double x, double y, bool right)
{
    PangoLayout *lay = p->head;
    pango_layout_set_font_description(lay, p->fonts[f]);
    pango_layout_set_width(lay, (int)(PDF_CONTENT_W * PANGO_SCALE));
    pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
    pango_layout_set_text(lay, s, -1);
    if (right) {
        PangoRectangle ink, logical;
        pango_layout_get_pixel_extents(lay, &ink, &logical);
        x -= logical.x + logical.width;
    }
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, lay);
}

/* Starts a page: header with the document kind, "Sid N (M)" as on the funder's forms, the
 * project name and its ids, and a rule under them. */
static void pdf_page_begin(Pdf *p)
{
    p->page++;
    p->y = PDF_BODY_TOP;
    if (!p->draw)
        return;
    char sid[64];
    snprintf(sid, sizeof sid, "Sid %d (%d)", p->page, p->pages);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    pdf_draw_line(p, PF_SMALL_BOLD, p->head_title, PDF_MARGIN_X, 34, false);
    pdf_draw_line(p, PF_SMALL, sid, PDF_W - PDF_MARGIN_X, 34, true);
    pdf_draw_line(p, PF_SMALL, p->head_project, PDF_MARGIN_X, 48, false);
    if (p->head_ids)
        pdf_draw_line(p, PF_SMALL, p->head_ids, PDF_MARGIN_X, 61, false);
    cairo_set_line_width(p->cr, 0.6);
    cairo_move_to(p->cr, PDF_MARGIN_X, 78);
    cairo_line_to(p->cr, PDF_W - PDF_MARGIN_X, 78);
    cairo_stroke(p->cr);
}

static void pdf_page_end(Pdf *p)
{
    if (p->draw)
        cairo_show_page(p->cr);
}

static void pdf_new_page(Pdf *p)
{
    pdf_page_end(p);
    pdf_page_begin(p);
}

/* Moves to a new page unless h more points fit; an empty page always takes the block (a block
 * taller than a page is then cut by the paragraph's own line breaking). */
static void pdf_need(Pdf *p, double h)
{
    if (p->y + h > PDF_BODY_BOTTOM && p->y > PDF_BODY_TOP + 0.5)
        pdf_new_page(p);
}

/* ---- text blocks ------------------------------------------------------------------------ */

/* Flows the layout's lines down the page from the cursor, breaking pages between lines, so
 * that a long narrative answer continues on the next page instead of overflowing. */
static void pdf_flow(Pdf *p, PangoLayout *lay, double x)
{
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    double origin = p->y;       /* where the layout's top would be on this page */
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        double top = origin + (double)y0 / PANGO_SCALE;
        double bottom = origin + (double)y1 / PANGO_SCALE;
        if (bottom > PDF_BODY_BOTTOM && top > PDF_BODY_TOP + 0.5) {
            pdf_new_page(p);
            origin = p->y - (double)y0 / PANGO_SCALE;
            bottom = origin + (double)y1 / PANGO_SCALE;
        }
        if (p->draw) {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            double base = origin + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE, base);
            pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        }
        p->y = bottom;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* A paragraph of Pango markup (or plain text when markup is false) at indent, followed by
 * `after` points of space. Markup that Pango rejects is shown as plain text rather than lost. */
static void pdf_block(Pdf *p, PdfFont f, const char *s, bool markup, double indent, double after)
{
    PangoLayout *lay = p->text;
    pango_layout_set_font_description(lay, p->fonts[f]);
    pango_layout_set_width(lay, (int)((PDF_CONTENT_W - indent) * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    if (markup && pango_parse_markup(s, -1, 0, NULL, NULL, NULL, NULL))
        pango_layout_set_markup(lay, s, -1);
    else
        pango_layout_set_text(lay, s, -1);
    pdf_flow(p, lay, PDF_MARGIN_X + indent);
    pango_layout_set_attributes(lay, NULL);
    p->y += after;
}

static void pdf_paragraph(Pdf *p, const char *text)
{
    pdf_block(p, PF_BODY, text, false, 0, 5);
}

/* A plain-text paragraph from printf arguments. */
static void pdf_paragraphf(Pdf *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pdf_paragraphf(Pdf *p, const char *fmt, ...)
{
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    pdf_paragraph(p, b.data ? b.data : "");
    buf_free(&b);
}

/* A heading; level 1 and 2 also become entries of the PDF outline (bookmarks), so that a
 * reader can jump to the funder's parts. Keeps about three lines of what follows with it. */
static void pdf_heading(Pdf *p, int level, const char *text)
{
    PdfFont f = level <= 0 ? PF_TITLE : level == 1 ? PF_H1 : level == 2 ? PF_H2 : PF_H3;
    double before = level <= 1 ? 10 : 6;
    if (p->y > PDF_BODY_TOP + 0.5)
        p->y += before;
    pdf_need(p, 60);
    if (p->draw && level >= 1 && level <= 2) {
        char *dest = xasprintf("page=%d pos=[%.1f %.1f]", p->page, PDF_MARGIN_X, p->y);
        int parent = level == 1 ? CAIRO_PDF_OUTLINE_ROOT : p->outline;
        int id = cairo_pdf_surface_add_outline(p->surface, parent, text, dest, 0);
        if (level == 1)
            p->outline = id;
        free(dest);
    }
    pdf_block(p, f, text, false, 0, level <= 1 ? 6 : 3);
}

/* A line "Label: value" with the label in bold. */
static void pdf_field(Pdf *p, const char *label, const char *value)
{
    char *l = g_markup_escape_text(label, -1);
    char *v = g_markup_escape_text(pdf_or(value, PDF_DASH), -1);
    char *m = xasprintf("<b>%s:</b> %s", l, v);
    pdf_block(p, PF_BODY, m, true, 0, 2);
    free(m);
    g_free(l);
    g_free(v);
}

/* ---- Markdown → Pango markup ------------------------------------------------------------- */

/* Walks cmark's AST and emits one block per paragraph, heading, list item or code block.
 * Inline text is escaped with g_markup_escape_text and only <b>, <i>, <u> and <tt> are
 * generated, so raw HTML in a narrative is shown as the text it is, never interpreted. */
static void pdf_markdown(Pdf *p, const char *md)
{
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    cmark_iter *it = cmark_iter_new(doc);
    Buf m = {0};
    int list_kind[16] = {0}, list_num[16] = {0};
    int depth = 0, quote = 0;
    char prefix[16] = "";
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        bool enter = ev == CMARK_EVENT_ENTER;
        double indent = PDF_INDENT * (depth + quote);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_LIST:
            if (enter && depth < 16) {
                list_kind[depth] = cmark_node_get_list_type(n);
                list_num[depth] = cmark_node_get_list_start(n);
            }
            depth += enter ? 1 : -1;
            if (!enter && depth == 0)
                p->y += 3;
            break;
        case CMARK_NODE_ITEM:
            if (enter && depth > 0 && depth <= 16) {
                if (list_kind[depth - 1] == CMARK_ORDERED_LIST)
                    snprintf(prefix, sizeof prefix, "%d.", list_num[depth - 1]++);
                else
                    snprintf(prefix, sizeof prefix, "\xe2\x80\xa2");
            }
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            quote += enter ? 1 : -1;
            break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            if (enter) {
                buf_clear(&m);
                if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
                    buf_puts(&m, "<b>");
            } else {
                bool heading = cmark_node_get_type(n) == CMARK_NODE_HEADING;
                if (heading)
                    buf_puts(&m, "</b>");
                if (prefix[0]) {
                    /* The item's marker hangs in the indent, level with its first line. */
                    pdf_need(p, 14);
                    if (p->draw)
                        pdf_draw_line(p, PF_BODY, prefix, PDF_MARGIN_X + indent - PDF_INDENT + 2,
                                      p->y, false);
                    prefix[0] = '\0';
                }
                bool tight = depth > 0 && cmark_node_get_list_tight(cmark_node_parent(
                                              cmark_node_parent(n)));
                pdf_block(p, heading ? PF_H3 : PF_BODY, m.data ? m.data : "", true, indent,
                          tight ? 2 : 5);
            }
            break;
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK: {
            char *e = g_markup_escape_text(pdf_or(cmark_node_get_literal(n), ""), -1);
            char *s = xasprintf("<tt>%s</tt>", e);
            pdf_block(p, PF_BODY, s, true, indent, 5);
            free(s);
            g_free(e);
            break;
        }
        case CMARK_NODE_THEMATIC_BREAK:
            pdf_need(p, 10);
            if (p->draw) {
                cairo_set_line_width(p->cr, 0.5);
                cairo_move_to(p->cr, PDF_MARGIN_X + indent, p->y + 4);
                cairo_line_to(p->cr, PDF_MARGIN_X + PDF_CONTENT_W, p->y + 4);
                cairo_stroke(p->cr);
            }
            p->y += 10;
            break;
        case CMARK_NODE_TEXT:
        case CMARK_NODE_HTML_INLINE: {
            char *e = g_markup_escape_text(pdf_or(cmark_node_get_literal(n), ""), -1);
            buf_puts(&m, e);
            g_free(e);
            break;
        }
        case CMARK_NODE_CODE: {
            char *e = g_markup_escape_text(pdf_or(cmark_node_get_literal(n), ""), -1);
            buf_printf(&m, "<tt>%s</tt>", e);
            g_free(e);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
            buf_putc(&m, ' ');
            break;
        case CMARK_NODE_LINEBREAK:
            buf_putc(&m, '\n');
            break;
        case CMARK_NODE_EMPH:
            buf_puts(&m, enter ? "<i>" : "</i>");
            break;
        case CMARK_NODE_STRONG:
            buf_puts(&m, enter ? "<b>" : "</b>");
            break;
        case CMARK_NODE_LINK:
            /* Links are underlined text; the address itself is not printed (it may be a
             * script URL, and a printed report cannot be clicked anyway). */
            buf_puts(&m, enter ? "<u>" : "</u>");
            break;
        default:
            break;
        }
    }
    buf_free(&m);
    cmark_iter_free(it);
    cmark_node_free(doc);
}

/* ---- tables ----------------------------------------------------------------------------- */

static void pdf_cell_own(PdfTable *t, char *s)
{
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = xrealloc(t->cells, t->cap * sizeof *t->cells);
    }
    t->cells[t->count++] = s ? s : xstrdup("");
}

static void pdf_cell(PdfTable *t, const char *s)
{
    pdf_cell_own(t, xstrdup(pdf_or(s, PDF_DASH)));
}

static void pdf_cell_num(PdfTable *t, const json_t *v)
{
    Buf b = {0};
    render_number(&b, v);
    pdf_cell_own(t, buf_steal(&b));
}

static void pdf_cell_kr(PdfTable *t, const json_t *v)
{
    Buf b = {0};
    render_kronor(&b, v);
    pdf_cell_own(t, buf_steal(&b));
}

static void pdf_cell_pct(PdfTable *t, const json_t *v)
{
    Buf b = {0};
    render_percent(&b, v);
    pdf_cell_own(t, buf_steal(&b));
}

static void pdf_table_free(PdfTable *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->cells[i]);
    free(t->cells);
    t->cells = NULL;
    t->count = t->cap = 0;
}

/* Sets each column's text into its own layout and returns the row's height: one layout per
 * column, created once per table, keeps the cost of a cell to one shaping per pass even for
 * thousands of rows. */
static double pdf_row_measure(PangoLayout **lays, int ncols, const char *const *cells)
{
    int hmax = 0;
    for (int c = 0; c < ncols; c++) {
        int w, h;
        pango_layout_set_text(lays[c], cells[c], -1);
        pango_layout_get_size(lays[c], &w, &h);
        if (h > hmax)
            hmax = h;
    }
    return (double)hmax / PANGO_SCALE + 2 * PDF_CELL_PAD;
}

static void pdf_row_draw(Pdf *p, PangoLayout **lays, const double *xs, int ncols, double h,
                         bool header)
{
    if (!p->draw)
        return;
    cairo_t *cr = p->cr;
    if (header) {
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_rectangle(cr, PDF_MARGIN_X, p->y, PDF_CONTENT_W, h);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int c = 0; c < ncols; c++) {
        cairo_move_to(cr, xs[c] + PDF_CELL_PAD, p->y + PDF_CELL_PAD);
        pango_cairo_show_layout(cr, lays[c]);
    }
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, header ? 0.8 : 0.3);
    cairo_move_to(cr, PDF_MARGIN_X, p->y + h);
    cairo_line_to(cr, PDF_MARGIN_X + PDF_CONTENT_W, p->y + h);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
}

/* Typesets the table from the cursor. The header row is repeated at the top of every page the
 * table continues on, and a page never ends with a lone header. The first row of a table is
 * kept with its header. */
static void pdf_table(Pdf *p, const PdfTable *t)
{
    int nc = t->ncols;
    PangoLayout *head[16], *body[16];
    double xs[16];
    const char *titles[16];
    if (nc > 16)
        nc = 16;    /* no table of the reports has more than 9 columns */
    double x = PDF_MARGIN_X;
    for (int c = 0; c < nc; c++) {
        double w = PDF_CONTENT_W * t->cols[c].share;
        xs[c] = x;
        x += w;
        PangoAlignment al = t->cols[c].right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
        head[c] = pango_layout_new(p->pango);
        body[c] = pango_layout_new(p->pango);
        pango_layout_set_font_description(head[c], p->fonts[PF_SMALL_BOLD]);
        pango_layout_set_font_description(body[c], p->fonts[PF_SMALL]);
        for (int k = 0; k < 2; k++) {
            PangoLayout *l = k ? body[c] : head[c];
            pango_layout_set_width(l, (int)((w - 2 * PDF_CELL_PAD) * PANGO_SCALE));
            /* Header words are not split (a split "deltag-are" reads badly and defeats
             * searching the PDF); cell text may be, as a last resort. */
            pango_layout_set_wrap(l, k ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
            pango_layout_set_alignment(l, al);
        }
        titles[c] = t->cols[c].title;
    }
    double hh = pdf_row_measure(head, nc, titles);
    size_t nrows = t->count / (size_t)t->ncols;

    bool need_header = true;
    for (size_t r = 0; r < nrows; r++) {
        double rh = pdf_row_measure(body, nc,
                                     (const char *const *)(t->cells + r * (size_t)t->ncols));
        if (!need_header && p->y + rh > PDF_BODY_BOTTOM) {
            pdf_new_page(p);
            need_header = true;
        }
        if (need_header) {
            pdf_need(p, hh + rh);
            pdf_row_draw(p, head, xs, nc, hh, true);
            p->y += hh;
            need_header = false;
        }
        pdf_row_draw(p, body, xs, nc, rh, false);
        p->y += rh;
    }
    if (nrows == 0) {
        pdf_need(p, hh);
        pdf_row_draw(p, head, xs, nc, hh, true);
        p->y += hh;
    }
    p->y += 8;
    for (int c = 0; c < nc; c++) {
        g_object_unref(head[c]);
        g_object_unref(body[c]);
    }
}

/* ---- charts ----------------------------------------------------------------------------- */

static void pdf_chart(Pdf *p, const char *name)
{
    if (!chart_has_data(p->report, name))
        return;
    pdf_need(p, PDF_CHART_H + 10);
    if (p->draw)
        chart_draw(p->cr, p->report, name, PDF_MARGIN_X, p->y, PDF_CONTENT_W, PDF_CHART_H);
    p->y += PDF_CHART_H + 10;
}

/* ---- figures of the report --------------------------------------------------------------- */

static void pdf_gender_row(PdfTable *t, const char *label, const json_t *g)
{
    pdf_cell(t, label);
    pdf_cell_num(t, json_object_get(g, "total"));
    pdf_cell_num(t, json_object_get(g, "women"));
    pdf_cell_num(t, json_object_get(g, "men"));
    pdf_cell_num(t, json_object_get(g, "other"));
}

static void pdf_activities(Pdf *p)
{
    static const PdfCol cols[] = {
        {"Aktivitet", 0.25, false}, {"Typ", 0.13, false}, {"Status", 0.11, false},
        {"Datum", 0.13, false}, {"Antal timmar", 0.09, true}, {"Antal deltagare", 0.17, true},
        {"Planerat antal", 0.12, true},
    };
    PdfTable t = {cols, 7, NULL, 0, 0};
    size_t i;
    const json_t *a;
    json_array_foreach(json_object_get(p->report, "activities"), i, a) {
        pdf_cell(&t, pdf_str(a, "title"));
        pdf_cell(&t, render_label_sv("activity_kind", pdf_str(a, "kind")));
        pdf_cell(&t, render_label_sv("activity_status", pdf_str(a, "status")));
        const char *d0 = pdf_str(a, "first_date"), *d1 = pdf_str(a, "last_date");
        if (d0 && d1 && strcmp(d0, d1))
            pdf_cell_own(&t, xasprintf("%s – %s", d0, d1));   /* breaks at the spaces */
        else
            pdf_cell(&t, d0);
        pdf_cell_num(&t, json_object_get(a, "hours"));
        pdf_cell_num(&t, json_object_get(a, "participants"));
        pdf_cell_num(&t, json_object_get(a, "planned_participants"));
    }
    if (t.count == 0)
        pdf_paragraph(p, "Inga aktiviteter under perioden.");
    else
        pdf_table(p, &t);
    pdf_table_free(&t);
}

static void pdf_organisations(Pdf *p)
{
    const json_t *orgs = json_object_get(p->report, "organisations");
    if (json_array_size(orgs) == 0) {
        pdf_paragraph(p, "Inga organisationer under perioden.");
        return;
    }
    size_t i;
    const json_t *o;
    json_array_foreach(orgs, i, o) {
        char *s = xasprintf("\xe2\x80\xa2 %s", pdf_or(json_string_value(o), PDF_DASH));
        pdf_block(p, PF_BODY, s, false, PDF_INDENT / 2, 1);
        free(s);
    }
    p->y += 5;
}

static void pdf_participants(Pdf *p)
{
    const json_t *pt = json_object_get(p->report, "participants");
    static const PdfCol gcols[] = {
        {"", 0.28, false}, {"Totalt", 0.18, true}, {"Kvinnor", 0.18, true},
        {"Män", 0.18, true}, {"Övriga/okänt", 0.18, true},
    };
    PdfTable t = {gcols, 5, NULL, 0, 0};
    pdf_gender_row(&t, "Under perioden", json_object_get(pt, "period"));
    pdf_gender_row(&t, "Ackumulerat", json_object_get(pt, "accumulated"));
    const json_t *prev = json_object_get(p->report, "previously_reported");
    if (json_is_object(prev)) {
        char *l = xasprintf("Tidigare redovisat (period %" JSON_INTEGER_FORMAT ")",
                            json_integer_value(json_object_get(prev, "period")));
        pdf_gender_row(&t, l, json_object_get(prev, "participants_accumulated"));
        free(l);
    }
    pdf_cell(&t, "Planerat enligt ansökan");
    pdf_cell_num(&t, json_object_get(pt, "planned"));
    for (int k = 0; k < 3; k++)
        pdf_cell_own(&t, xstrdup(""));
    pdf_table(p, &t);
    pdf_table_free(&t);

    const json_t *ph = json_object_get(p->report, "participant_hours");
    if (json_is_object(ph)) {
        Buf a = {0}, b = {0}, c = {0}, d = {0};
        render_number(&a, json_object_get(ph, "period"));
        render_kronor(&b, json_object_get(ph, "value_period"));
        render_number(&c, json_object_get(ph, "accumulated"));
        render_kronor(&d, json_object_get(ph, "value_accumulated"));
        pdf_paragraphf(p, "Deltagartimmar under perioden: %s (värde %s). Ackumulerat: %s (värde %s).",
                       a.data, b.data, c.data, d.data);
        buf_free(&a);
        buf_free(&b);
        buf_free(&c);
        buf_free(&d);
    }

    /* Two rows per organisation (period, accumulated) under the same gender columns as
     * above: nine narrow columns would not fit their headings on A4. */
    static const PdfCol ocols[] = {
        {"Organisation", 0.30, false}, {"", 0.18, false}, {"Totalt", 0.13, true},
        {"Kvinnor", 0.13, true}, {"Män", 0.13, true}, {"Övriga/okänt", 0.13, true},
    };
    PdfTable o = {ocols, 6, NULL, 0, 0};
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(pt, "by_organisation"), i, e) {
        pdf_cell(&o, pdf_str(e, "name"));
        pdf_gender_row(&o, "Perioden", json_object_get(e, "period"));
        pdf_cell_own(&o, xstrdup(""));
        pdf_gender_row(&o, "Ackumulerat", json_object_get(e, "accumulated"));
    }
    if (o.count) {
        pdf_block(p, PF_BOLD, "Deltagare per organisation", false, 0, 3);
        pdf_table(p, &o);
    }
    pdf_table_free(&o);
    pdf_chart(p, "participants_by_month");
    pdf_chart(p, "participants_by_organisation");
}

/* A goal's target or achieved value in its unit ("percent" or a count). */
static char *pdf_goal_value(const json_t *g, const char *key)
{
    Buf b = {0};
    const json_t *v = json_object_get(g, key);
    const char *unit = pdf_str(g, "unit");
    if (unit && !strcmp(unit, "percent"))
        render_percent(&b, v);
    else
        render_number(&b, v);
    return buf_steal(&b);
}

static void pdf_goals(Pdf *p, bool final_report)
{
    static const PdfCol cols[] = {
        {"Delmål", 0.22, false}, {"Mätbart mål", 0.34, false}, {"Uppnått mål", 0.14, true},
        {"Uppfyllt", 0.10, false}, {"Källa", 0.20, false},
    };
    PdfTable t = {cols, 5, NULL, 0, 0};
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(p->report, "goals"), i, g) {
        pdf_cell(&t, pdf_str(g, "title"));
        const char *cmp = pdf_str(g, "comparison");
        char *target = pdf_goal_value(g, "target");
        const char *desc = pdf_str(g, "description");
        pdf_cell_own(&t, xasprintf("%s%s%s %s (%s)", pdf_or(desc, ""), desc ? "\n" : "",
                                   cmp && !strcmp(cmp, "<=") ? "Högst" : "Minst",
                                   pdf_or(target, ""),
                                   render_label_sv("measure", pdf_str(g, "measure"))));
        free(target);
        pdf_cell_own(&t, pdf_goal_value(g, "achieved"));
        pdf_cell(&t, render_yes_no(json_object_get(g, "met")));
        pdf_cell(&t, pdf_str(g, "source"));
    }
    if (t.count == 0)
        pdf_paragraph(p, "Inga delmål är registrerade.");
    else
        pdf_table(p, &t);
    pdf_table_free(&t);
    (void)final_report;
}

static void pdf_budget(Pdf *p)
{
    const json_t *bu = json_object_get(p->report, "budget");
    if (!json_is_object(bu))
        return;
    const json_t *ver = json_object_get(bu, "version");
    if (json_is_object(ver))
        pdf_paragraphf(p, "Budgetversion: %s (%s).", pdf_or(pdf_str(ver, "name"), PDF_DASH),
                       pdf_or(pdf_str(ver, "date"), PDF_DASH));
    static const PdfCol cols[] = {
        {"Kostnadsslag", 0.28, false}, {"Planerat perioden", 0.18, true},
        {"Utfall perioden", 0.18, true}, {"Planerat ackumulerat", 0.18, true},
        {"Utfall ackumulerat", 0.18, true},
    };
    PdfTable t = {cols, 5, NULL, 0, 0};
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(bu, "by_category"), i, c) {
        pdf_cell(&t, pdf_str(c, "name"));
        pdf_cell_kr(&t, json_object_get(json_object_get(c, "period"), "planned"));
        pdf_cell_kr(&t, json_object_get(json_object_get(c, "period"), "actual"));
        pdf_cell_kr(&t, json_object_get(json_object_get(c, "accumulated"), "planned"));
        pdf_cell_kr(&t, json_object_get(json_object_get(c, "accumulated"), "actual"));
    }
    pdf_cell(&t, "Totalt");
    pdf_cell_kr(&t, json_object_get(json_object_get(bu, "period"), "planned"));
    pdf_cell_kr(&t, json_object_get(json_object_get(bu, "period"), "actual"));
    pdf_cell_kr(&t, json_object_get(json_object_get(bu, "accumulated"), "planned"));
    pdf_cell_kr(&t, json_object_get(json_object_get(bu, "accumulated"), "actual"));
    pdf_table(p, &t);
    pdf_table_free(&t);

    Buf d = {0};
    render_percent(&d, json_object_get(bu, "deviation_percent"));
    const json_t *on = json_object_get(bu, "on_budget");
    pdf_paragraphf(p, "Avvikelse från ackumulerad budget: %s. Inom budget: %s.", d.data,
                   render_yes_no(on));
    buf_free(&d);
    pdf_chart(p, "budget_by_category");
}

static void pdf_deviations_table(Pdf *p)
{
    static const PdfCol cols[] = {
        {"Datum", 0.13, false}, {"Område", 0.12, false}, {"Beskrivning", 0.35, false},
        {"Meddelad ESF", 0.13, false}, {"Åtgärder", 0.27, false},
    };
    PdfTable t = {cols, 5, NULL, 0, 0};
    size_t i;
    const json_t *d;
    json_array_foreach(json_object_get(p->report, "deviations"), i, d) {
        pdf_cell(&t, pdf_str(d, "date"));
        pdf_cell(&t, render_label_sv("deviation_area", pdf_str(d, "area")));
        pdf_cell(&t, pdf_str(d, "description"));
        const json_t *rep = json_object_get(d, "reported_to_funder");
        const char *when = pdf_str(d, "reported_date");
        if (json_is_true(rep) && when)
            pdf_cell_own(&t, xasprintf("%s (%s)", render_yes_no(rep), when));
        else
            pdf_cell(&t, render_yes_no(rep));
        pdf_cell(&t, pdf_str(d, "measures"));
    }
    if (t.count)
        pdf_table(p, &t);
    pdf_table_free(&t);
}

/* The form's JA/NEJ answer, with the chosen word in bold as a ticked box would be. */
static void pdf_ja_nej(Pdf *p, bool yes)
{
    pdf_block(p, PF_BODY, yes ? "<b>JA</b>   NEJ" : "JA   <b>NEJ</b>", true, 0, 5);
}

static void pdf_deviations(Pdf *p, const char *section)
{
    const json_t *devs = json_object_get(p->report, "deviations");
    size_t n = json_array_size(devs), reported = 0, i;
    const json_t *d;
    json_array_foreach(devs, i, d) if (json_is_true(json_object_get(d, "reported_to_funder")))
        reported++;
    if (!strcmp(section, "avvikelser")) {
        pdf_ja_nej(p, n > 0);
        pdf_deviations_table(p);
    } else if (!strcmp(section, "avvikelser_meddelade")) {
        if (n == 0)
            pdf_paragraph(p, "Inga avvikelser under perioden.");
        else
            pdf_ja_nej(p, reported == n);
    } else {
        json_array_foreach(devs, i, d) {
            const char *m = pdf_str(d, "measures");
            if (!m)
                continue;
            char *s = xasprintf("\xe2\x80\xa2 %s: %s", pdf_or(pdf_str(d, "description"), ""), m);
            pdf_block(p, PF_BODY, s, false, PDF_INDENT / 2, 2);
            free(s);
        }
    }
}

/* The funder's table "Sammanställning av aktiviteter/utbildningar", one row per intervention. */
static void pdf_interventions(Pdf *p)
{
    static const PdfCol cols[] = {
        {"Datum", 0.13, false}, {"Insats (Aktivitet/utbildning/möte)", 0.23, false},
        {"Antal timmar (insatsens omfattning)", 0.15, true}, {"Antal deltagare", 0.17, true},
        {"Planerat antal deltagare", 0.15, true}, {"Slutförd insats Ja eller Nej", 0.17, false},
    };
    PdfTable t = {cols, 6, NULL, 0, 0};
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(p->report, "interventions"), i, v) {
        pdf_cell(&t, pdf_str(v, "start"));
        pdf_cell(&t, pdf_str(v, "title"));
        pdf_cell_num(&t, json_object_get(v, "hours"));
        pdf_cell_num(&t, json_object_get(v, "participants"));
        pdf_cell_num(&t, json_object_get(v, "planned_participants"));
        pdf_cell(&t, render_yes_no(json_object_get(v, "completed")));
    }
    pdf_table(p, &t);
    pdf_table_free(&t);
}

/* One breakdown cell of a survey question; suppressed cells say so and show no figures. */
static void pdf_survey_cells(Pdf *p, const json_t *cells, bool by_gender)
{
    static const PdfCol cols[] = {
        {"", 0.40, false}, {"Antal svar", 0.18, true}, {"Medelvärde", 0.18, true},
        {"Andel", 0.24, true},
    };
    PdfCol c[4];
    memcpy(c, cols, sizeof c);
    c[0].title = by_gender ? "Kön" : "Organisation";
    PdfTable t = {c, 4, NULL, 0, 0};
    size_t i;
    const json_t *e;
    json_array_foreach(cells, i, e) {
        if (by_gender)
            pdf_cell(&t, render_gender_sv(pdf_str(e, "gender")));
        else
            pdf_cell(&t, pdf_or(pdf_str(e, "name"), "Okänd organisation"));
        if (json_is_true(json_object_get(e, "suppressed"))) {
            pdf_cell(&t, "färre än 5 svar");
            pdf_cell(&t, "");
            pdf_cell(&t, "");
            continue;
        }
        pdf_cell_num(&t, json_object_get(e, "responses"));
        pdf_cell_num(&t, json_object_get(e, "mean"));
        pdf_cell_pct(&t, json_object_get(json_object_get(e, "share_at_least"), "percent"));
    }
    if (t.count)
        pdf_table(p, &t);
    pdf_table_free(&t);
}

static void pdf_surveys(Pdf *p)
{
    const json_t *surveys = json_object_get(p->report, "surveys");
    size_t i, j;
    const json_t *s, *q;
    if (json_array_size(surveys) == 0)
        pdf_paragraph(p, "Inga enkäter under perioden.");
    json_array_foreach(surveys, i, s) {
        Buf n = {0};
        render_number(&n, json_object_get(s, "responses"));
        char *h = xasprintf("%s (%s, %s, %s svar)", pdf_or(pdf_str(s, "title"), PDF_DASH),
                            render_label_sv("survey_kind", pdf_str(s, "kind")),
                            pdf_or(pdf_str(s, "date"), PDF_DASH), n.data);
        pdf_heading(p, 3, h);
        free(h);
        buf_free(&n);
        json_array_foreach(json_object_get(s, "questions"), j, q) {
            const char *type = pdf_str(q, "type");
            pdf_block(p, PF_BOLD, pdf_or(pdf_str(q, "text"), PDF_DASH), false, 0, 2);
            if (type && !strcmp(type, "text")) {
                Buf r = {0};
                render_number(&r, json_object_get(q, "responses"));
                pdf_paragraphf(p, "Fritextfråga, %s svar.", r.data);
                buf_free(&r);
                continue;
            }
            Buf r = {0}, m = {0}, sh = {0};
            render_number(&r, json_object_get(q, "responses"));
            render_number(&m, json_object_get(q, "mean"));
            const json_t *share = json_object_get(q, "share_at_least");
            render_percent(&sh, json_object_get(share, "percent"));
            const json_t *min = json_object_get(share, "min");
            if (json_is_number(min)) {
                Buf mn = {0};
                render_number(&mn, min);
                pdf_paragraphf(p, "%s svar, medelvärde %s; andel som svarat minst %s: %s.", r.data,
                               m.data, mn.data, sh.data);
                buf_free(&mn);
            } else {
                pdf_paragraphf(p, "%s svar; andel ja: %s.", r.data, sh.data);
            }
            buf_free(&r);
            buf_free(&m);
            buf_free(&sh);
            pdf_survey_cells(p, json_object_get(q, "by_organisation"), false);
            pdf_survey_cells(p, json_object_get(q, "by_gender"), true);
        }
    }

    const json_t *cmp = json_object_get(p->report, "survey_comparison");
    if (json_array_size(cmp) == 0)
        return;
    pdf_block(p, PF_BOLD, "Jämförelse mellan nollmätning och uppföljning", false, 0, 3);
    static const PdfCol cols[] = {
        {"Fråga", 0.30, false}, {"Nollmätning", 0.17, true}, {"Uppföljning", 0.17, true},
        {"Förändring", 0.12, true}, {"Kommentar", 0.24, false},
    };
    PdfTable t = {cols, 5, NULL, 0, 0};
    const json_t *c;
    json_array_foreach(cmp, i, c) {
        pdf_cell(&t, pdf_str(c, "text"));
        static const char *const sides[] = {"baseline", "follow_up"};
        for (int k = 0; k < 2; k++) {
            const json_t *side = json_object_get(c, sides[k]);
            if (!json_is_object(side)) {
                pdf_cell(&t, PDF_DASH);
                continue;
            }
            Buf b = {0};
            render_percent(&b, json_object_get(side, "percent"));
            buf_puts(&b, " (");
            render_number(&b, json_object_get(side, "responses"));
            buf_puts(&b, " svar)");
            pdf_cell_own(&t, buf_steal(&b));
        }
        pdf_cell_pct(&t, json_object_get(c, "change_percent"));
        pdf_cell(&t, pdf_or(pdf_str(c, "refused"), ""));
    }
    pdf_table(p, &t);
    pdf_table_free(&t);
}

static void pdf_certificates(Pdf *p)
{
    const json_t *c = json_object_get(p->report, "certificates");
    Buf n = {0}, m = {0};
    render_number(&n, json_object_get(c, "count"));
    render_number(&m, json_object_get(c, "people"));
    pdf_paragraphf(p, "Antal utfärdade intyg: %s, till %s personer.", n.data, m.data);
    buf_free(&n);
    buf_free(&m);
    static const PdfCol cols[] = {
        {"Organisation", 0.5, false}, {"Antal intyg", 0.25, true}, {"Antal personer", 0.25, true},
    };
    PdfTable t = {cols, 3, NULL, 0, 0};
    size_t i;
    const json_t *o;
    json_array_foreach(json_object_get(c, "by_organisation"), i, o) {
        pdf_cell(&t, pdf_str(o, "name"));
        pdf_cell_num(&t, json_object_get(o, "count"));
        pdf_cell_num(&t, json_object_get(o, "people"));
    }
    if (t.count)
        pdf_table(p, &t);
    pdf_table_free(&t);
}

static void pdf_groups(Pdf *p)
{
    static const PdfCol cols[] = {
        {"Grupp", 0.5, false}, {"Typ", 0.3, false}, {"Antal medlemmar", 0.2, true},
    };
    PdfTable t = {cols, 3, NULL, 0, 0};
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(p->report, "groups"), i, g) {
        pdf_cell(&t, pdf_str(g, "name"));
        pdf_cell(&t, render_label_sv("group_kind", pdf_str(g, "kind")));
        pdf_cell_num(&t, json_object_get(g, "members"));
    }
    if (t.count)
        pdf_table(p, &t);
    else
        pdf_paragraph(p, "Inga grupper.");
    pdf_table_free(&t);
}

/* Meetings and dissemination of the period: the SPEC's "meetings held, dissemination". */
static void pdf_meetings_dissemination(Pdf *p)
{
    const json_t *meetings = json_object_get(p->report, "meetings");
    const json_t *diss = json_object_get(p->report, "dissemination");
    size_t i;
    const json_t *e;
    if (json_array_size(meetings)) {
        Buf n = {0};
        render_number(&n, json_object_get(p->report, "meetings_held"));
        pdf_heading(p, 2, "Möten under perioden");
        pdf_paragraphf(p, "Genomförda möten: %s.", n.data);
        buf_free(&n);
        static const PdfCol cols[] = {
            {"Datum", 0.15, false}, {"Möte", 0.45, false}, {"Grupp", 0.25, false},
            {"Status", 0.15, false},
        };
        PdfTable t = {cols, 4, NULL, 0, 0};
        json_array_foreach(meetings, i, e) {
            pdf_cell(&t, pdf_str(e, "date"));
            pdf_cell(&t, pdf_str(e, "title"));
            pdf_cell(&t, pdf_str(e, "group"));
            pdf_cell(&t, render_label_sv("meeting_status", pdf_str(e, "status")));
        }
        pdf_table(p, &t);
        pdf_table_free(&t);
    }
    if (json_array_size(diss)) {
        pdf_heading(p, 2, "Informationsspridning");
        static const PdfCol cols[] = {
            {"Datum", 0.15, false}, {"Kanal", 0.15, false}, {"Rubrik", 0.40, false},
            {"Målgrupp", 0.30, false},
        };
        PdfTable t = {cols, 4, NULL, 0, 0};
        json_array_foreach(diss, i, e) {
            pdf_cell(&t, pdf_str(e, "date"));
            pdf_cell(&t, render_label_sv("channel", pdf_str(e, "channel")));
            pdf_cell(&t, pdf_str(e, "title"));
            pdf_cell(&t, pdf_str(e, "audience"));
        }
        pdf_table(p, &t);
        pdf_table_free(&t);
    }
}

/* The figures the form shows beside a question, by its section (docs/report-format.md). */
static void pdf_section_figures(Pdf *p, const char *section, bool final_report)
{
    if (!section)
        return;
    if (!strcmp(section, "aktiviteter"))
        pdf_activities(p);
    else if (!strcmp(section, "organisationer"))
        pdf_organisations(p);
    else if (!strcmp(section, "deltagare"))
        pdf_participants(p);
    else if (!strcmp(section, "maluppfyllelse") || !strcmp(section, "mal"))
        pdf_goals(p, final_report);
    else if (!strcmp(section, "budget"))
        pdf_budget(p);
    else if (!strcmp(section, "avvikelser") || !strcmp(section, "avvikelser_meddelade"))
        pdf_deviations(p, section);
    else if (!strcmp(section, "avvikelser_atgarder")) {
        if (final_report) {
            pdf_deviations_table(p);
            pdf_budget(p);
        } else {
            pdf_deviations(p, section);
        }
    } else if (!strcmp(section, "resultat")) {
        pdf_participants(p);
        pdf_block(p, PF_BOLD, "Sammanställning av aktiviteter/utbildningar", false, 0, 3);
        pdf_interventions(p);
    } else if (!strcmp(section, "enkater"))
        pdf_surveys(p);
    else if (!strcmp(section, "intyg"))
        pdf_certificates(p);
    else if (!strcmp(section, "grupper"))
        pdf_groups(p);
}

/* ---- documents -------------------------------------------------------------------------- */

static void pdf_report_body(Pdf *p)
{
    const json_t *r = p->report;
    bool final_report = !strcmp(pdf_str(r, "report"), "slutrapport");
    const json_t *project = json_object_get(r, "project");
    const json_t *period = json_object_get(r, "period");

    pdf_heading(p, 0, final_report ? "Slutrapport genomförande" : "Lägesrapport");
    pdf_field(p, "Projektnamn", pdf_str(project, "name"));
    pdf_field(p, "Diarienummer", pdf_str(project, "diarienummer"));
    if (pdf_str(r, "redovisnings_id"))
        pdf_field(p, "Redovisnings-ID", pdf_str(r, "redovisnings_id"));
    if (json_is_object(json_object_get(project, "owner")))
        pdf_field(p, "Projektägare", pdf_str(json_object_get(project, "owner"), "name"));
    char *range = xasprintf("%s – %s", pdf_or(pdf_str(period, "from"), PDF_DASH),
                            pdf_or(pdf_str(period, "to"), PDF_DASH));
    pdf_field(p, final_report ? "Projektperiod" : "Redovisningsperiod", range);
    free(range);
    const json_t *frozen = json_object_get(r, "frozen");
    if (json_is_object(frozen)) {
        char *f = xasprintf("%s av %s", pdf_or(pdf_str(frozen, "at"), PDF_DASH),
                            pdf_or(pdf_str(frozen, "by"), PDF_DASH));
        pdf_field(p, "Fastställd", f);
        free(f);
        const json_t *re = json_object_get(frozen, "reopened");
        if (json_is_object(re)) {
            char *o = xasprintf("%s av %s: %s", pdf_or(pdf_str(re, "at"), PDF_DASH),
                                pdf_or(pdf_str(re, "by"), PDF_DASH),
                                pdf_or(pdf_str(re, "reason"), PDF_DASH));
            pdf_field(p, "Återöppnad", o);
            free(o);
        }
    }
    pdf_field(p, "Framtagen", pdf_str(r, "generated"));
    p->y += 6;

    const char *last_heading = NULL;
    size_t i;
    const json_t *q;
    json_array_foreach(json_object_get(r, "questions"), i, q) {
        const char *heading = pdf_str(q, "heading");
        if (heading && (!last_heading || strcmp(heading, last_heading)))
            pdf_heading(p, 1, heading);
        last_heading = heading;
        pdf_heading(p, 3, pdf_or(pdf_str(q, "question"), PDF_DASH));
        const char *answer = pdf_str(q, "answer");
        if (answer && *answer)
            pdf_markdown(p, answer);
        else
            pdf_block(p, PF_ITALIC, "Inget svar har angetts.", false, 0, 5);
        pdf_section_figures(p, pdf_str(q, "section"), final_report);
    }

    if (!final_report) {
        pdf_heading(p, 1, "Sammanställning av aktiviteter/utbildningar");
        pdf_interventions(p);
        pdf_heading(p, 1, "Övrigt under perioden");
        pdf_heading(p, 2, "Enkäter");
        pdf_surveys(p);
        pdf_heading(p, 2, "Intyg");
        pdf_certificates(p);
        pdf_meetings_dissemination(p);
    }
}

static void pdf_minutes_body(Pdf *p)
{
    const json_t *m = json_object_get(p->report, "meeting");
    const json_t *group = json_object_get(m, "group");
    pdf_heading(p, 0, "Minnesanteckningar");
    pdf_block(p, PF_H2, pdf_or(pdf_str(m, "title"), PDF_DASH), false, 0, 6);
    if (json_is_object(group))
        pdf_field(p, "Grupp", pdf_str(group, "name"));
    pdf_field(p, "Dag", pdf_str(m, "date"));
    const char *start = pdf_str(m, "start"), *end = pdf_str(m, "end");
    char *tid = xasprintf("%s%s%s", pdf_or(start, PDF_DASH), end ? "–" : "", pdf_or(end, ""));
    pdf_field(p, "Tid", tid);
    free(tid);
    pdf_field(p, "Plats", pdf_str(m, "place"));
    pdf_field(p, "Anteckningar förda av", pdf_str(m, "notes_by"));
    const char *status = pdf_str(m, "status");
    if (status && !strcmp(status, "cancelled"))
        pdf_field(p, "Mötet ställdes in", pdf_or(pdf_str(m, "cancel_reason"), "Ingen orsak angiven"));

    static const PdfCol acols[] = {
        {"Namn", 0.40, false}, {"Organisation", 0.40, false}, {"Närvaro", 0.20, false},
    };
    PdfTable t = {acols, 3, NULL, 0, 0};
    size_t i, j;
    const json_t *a, *item, *d;
    json_array_foreach(json_object_get(m, "attendees"), i, a) {
        pdf_cell(&t, pdf_str(a, "name"));
        pdf_cell(&t, pdf_str(a, "organisation"));
        pdf_cell(&t, render_label_sv("attendee_status", pdf_str(a, "status")));
    }
    pdf_heading(p, 2, "Närvarande");
    if (t.count)
        pdf_table(p, &t);
    else
        pdf_paragraph(p, "Ingen närvaro är registrerad.");
    pdf_table_free(&t);

    pdf_heading(p, 2, "Dagordning");
    json_array_foreach(json_object_get(m, "agenda"), i, item) {
        char *h = xasprintf("%" JSON_INTEGER_FORMAT ". %s",
                            json_integer_value(json_object_get(item, "number")),
                            pdf_or(pdf_str(item, "title"), PDF_DASH));
        pdf_heading(p, 3, h);
        free(h);
        if (pdf_str(item, "presenter"))
            pdf_field(p, "Föredragande", pdf_str(item, "presenter"));
        if (pdf_str(item, "notes"))
            pdf_markdown(p, pdf_str(item, "notes"));
        const json_t *decisions = json_object_get(item, "decisions");
        if (json_array_size(decisions)) {
            pdf_block(p, PF_BOLD, "Beslut:", false, 0, 2);
            json_array_foreach(decisions, j, d) {
                char *s = xasprintf("\xe2\x80\xa2 %s", pdf_or(json_string_value(d), PDF_DASH));
                pdf_block(p, PF_BODY, s, false, PDF_INDENT / 2, 2);
                free(s);
            }
            p->y += 3;
        }
    }

    static const PdfCol xcols[] = {
        {"Åtgärd", 0.50, false}, {"Ansvarig", 0.20, false}, {"Klart senast", 0.15, false},
        {"Status", 0.15, false},
    };
    PdfTable x = {xcols, 4, NULL, 0, 0};
    json_array_foreach(json_object_get(m, "actions"), i, a) {
        pdf_cell(&x, pdf_str(a, "text"));
        pdf_cell(&x, pdf_str(a, "owner"));
        pdf_cell(&x, pdf_str(a, "due"));
        pdf_cell(&x, render_label_sv("action_status", pdf_str(a, "status")));
    }
    if (x.count) {
        pdf_heading(p, 2, "Åtgärder");
        pdf_table(p, &x);
    }
    pdf_table_free(&x);

    pdf_heading(p, 2, "Nästa möte");
    const json_t *next = json_object_get(p->report, "next_meeting");
    if (json_is_object(next)) {
        const char *ns = pdf_str(next, "start"), *ne = pdf_str(next, "end");
        pdf_paragraphf(p, "%s%s%s%s%s%s%s", pdf_or(pdf_str(next, "date"), PDF_DASH),
                       ns ? " kl. " : "", pdf_or(ns, ""), ne ? "–" : "", pdf_or(ne, ""),
                       pdf_str(next, "place") ? ", " : "", pdf_or(pdf_str(next, "place"), ""));
    } else {
        pdf_paragraph(p, "Inget nästa möte är planerat.");
    }
}

/* One pass over the whole document. */
static void pdf_document(Pdf *p)
{
    p->page = 0;
    p->outline = CAIRO_PDF_OUTLINE_ROOT;
    pdf_page_begin(p);
    if (!strcmp(pdf_str(p->report, "report"), "minutes"))
        pdf_minutes_body(p);
    else
        pdf_report_body(p);
    pdf_page_end(p);
}

/* Checks what the layout relies on; every other key is optional and shown as "–" if absent. */
static int pdf_check(const json_t *r, Errs *errs)
{
    const char *kind = json_is_object(r) ? pdf_str(r, "report") : NULL;
    if (!kind) {
        errs_add(errs, "report: saknas eller är inte en sträng (rapportens JSON)");
        return INSATS_EINPUT;
    }
    if (strcmp(kind, "lagesrapport") && strcmp(kind, "slutrapport") && strcmp(kind, "minutes")) {
        errs_add(errs, "report: okänd rapporttyp \"%s\"", kind);
        return INSATS_EINPUT;
    }
    if (!json_is_object(json_object_get(r, "project"))) {
        errs_add(errs, "project: saknas eller är inte ett objekt");
        return INSATS_EINPUT;
    }
    if (!strcmp(kind, "minutes") && !json_is_object(json_object_get(r, "meeting"))) {
        errs_add(errs, "meeting: saknas eller är inte ett objekt");
        return INSATS_EINPUT;
    }
    return INSATS_OK;
}

/* Document metadata. The creation date is the report's own date, so that the same report
 * gives the same PDF (cairo would otherwise stamp the current time). */
static void pdf_metadata(Pdf *p)
{
    const json_t *r = p->report;
    const char *name = pdf_or(pdf_str(json_object_get(r, "project"), "name"), "insats");
    const char *id = pdf_str(r, "redovisnings_id");
    if (!id)
        id = pdf_str(json_object_get(r, "meeting"), "title");
    char *title = id ? xasprintf("%s – %s – %s", p->head_title, name, id)
                     : xasprintf("%s – %s", p->head_title, name);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, name);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "insats");
    const char *date = pdf_str(r, "generated");
    if (!date)
        date = pdf_str(json_object_get(r, "meeting"), "date");
    if (date && date_valid(date)) {
        char *iso = xasprintf("%sT00:00:00", date);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, iso);
        free(iso);
    }
    free(title);
}

int render_pdf(const json_t *report, const char *path, Errs *errs)
{
    int rc = pdf_check(report, errs);
    if (rc != INSATS_OK)
        return rc;

    Pdf p = {0};
    p.report = report;
    const char *kind = pdf_str(report, "report");
    const json_t *project = json_object_get(report, "project");
    p.head_title = xstrdup(!strcmp(kind, "minutes")       ? "Minnesanteckningar"
                           : !strcmp(kind, "slutrapport") ? "Slutrapport genomförande"
                                                          : "Lägesrapport");
    p.head_project = xasprintf("Projektnamn %s", pdf_or(pdf_str(project, "name"), PDF_DASH));
    const char *dnr = pdf_str(project, "diarienummer");
    const char *rid = pdf_str(report, "redovisnings_id");
    if (dnr && rid)
        p.head_ids = xasprintf("Diarienummer %s    Redovisnings-ID %s", dnr, rid);
    else if (dnr)
        p.head_ids = xasprintf("Diarienummer %s", dnr);
    else if (rid)
        p.head_ids = xasprintf("Redovisnings-ID %s", rid);

    p.surface = cairo_pdf_surface_create(path, PDF_W, PDF_H);
    if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
        errs_add(errs, "%s: PDF-filen kan inte skapas (%s)", path,
                 cairo_status_to_string(cairo_surface_status(p.surface)));
        rc = INSATS_ESTORAGE;
        goto out;
    }
    pdf_metadata(&p);
    p.cr = cairo_create(p.surface);
    /* pango_cairo assumes 96 dpi by default, which would set "10" pt text at 13.3 pt. */
    p.pango = pango_cairo_create_context(p.cr);
    pango_cairo_context_set_resolution(p.pango, 72);
    p.text = pango_layout_new(p.pango);
    p.head = pango_layout_new(p.pango);
    for (int f = 0; f < PF_COUNT; f++)
        p.fonts[f] = pango_font_description_from_string(pdf_font_names[f]);

    p.draw = false;
    pdf_document(&p);
    p.pages = p.page;
    p.draw = true;
    pdf_document(&p);

    for (int f = 0; f < PF_COUNT; f++)
        pango_font_description_free(p.fonts[f]);
    g_object_unref(p.text);
    g_object_unref(p.head);
    g_object_unref(p.pango);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.surface);
    if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
        errs_add(errs, "%s: PDF-filen kan inte skrivas (%s)", path,
                 cairo_status_to_string(cairo_surface_status(p.surface)));
        rc = INSATS_ESTORAGE;
    }
out:
    cairo_surface_destroy(p.surface);
    free(p.head_title);
    free(p.head_project);
    free(p.head_ids);
    return rc;
}
