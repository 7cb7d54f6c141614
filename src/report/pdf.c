/* pdf.c — the PDF renderer: a report JSON (docs/report-format.md) typeset with pango on cairo's
 * PDF surface, A4, the funder's Swedish headings and questions, tables that break across pages
 * with their header row repeated, the charts of chart.c, and "Sid N (M)" on every page.
 *
 * The content is the report document (doc.h), the same blocks as the HTML and the Markdown;
 * this file only sets them on pages. A deliberately small layout engine: a cursor y on the current page, blocks (paragraph,
 * heading, table, chart) that move to a new page when they do not fit. The document is laid
 * out twice with the same code: the first pass draws nothing and only counts the pages, so that
 * the second can print the total in every page header. Both passes measure text on the PDF
 * surface itself, so the page breaks of the two are the same. Figures come formatted in the
 * document; nothing is computed here. */
#include "render.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <cmark.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "chart.h"
#include "doc.h"
#include "outfile.h"

#define PDF_W 595.28
#define PDF_H 841.89
#define PDF_MARGIN_X 56.0
#define PDF_CONTENT_W (PDF_W - 2 * PDF_MARGIN_X)
#define PDF_BODY_TOP 92.0
#define PDF_BODY_BOTTOM (PDF_H - 56.0)
#define PDF_CELL_PAD 3.0
#define PDF_INDENT 14.0
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
    const json_t *report;       /* for the charts and the page header */
    const Doc *doc;             /* the content */
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
    double h = chart_height(p->report, name, PDF_CONTENT_W);
    pdf_need(p, h + 10);
    if (p->draw)
        chart_draw(p->cr, p->report, name, PDF_MARGIN_X, p->y, PDF_CONTENT_W);
    p->y += h + 10;
}

/* ---- the report document ------------------------------------------------------------- */

/* Characters of s up to n bytes, for width estimates. */
static double pdf_chars(const char *s, size_t n) { return (double)g_utf8_strlen(s, (gssize)n); }

/* The column widths of a table as shares of the content width: the document's relative widths
 * where it gives them, else each column's widest text in characters plus room for the cell
 * padding. A heading counts whole up to 16 characters (short headings stay on one line, and
 * pdftotext finds them whole), a longer one by its longest word, since heading words are never
 * split. Only the first rows are looked at: a long table's columns are alike all the way down. */
static void pdf_shares(const DocTable *t, double *share)
{
    double sum = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        double w = t->cols[c].width;
        if (w <= 0) {
            const char *h = t->cols[c].flat ? t->cols[c].flat : t->cols[c].heading;
            w = pdf_chars(h, strlen(h));
            if (w > 16) {
                w = 0;
                for (const char *q = h; *q; q += strcspn(q, " ") + (q[strcspn(q, " ")] ? 1 : 0)) {
                    double n = pdf_chars(q, strcspn(q, " "));
                    w = n > w ? n : w;
                }
            }
            for (size_t r = 0; r < t->nrows && r < 50; r++) {
                const char *text = t->rows[r].cells[c].text;
                double n = pdf_chars(text, strlen(text));
                w = n > w ? n : w;
            }
            w = (w > 40 ? 40 : w) + 3;
        }
        share[c] = w;
        sum += w;
    }
    for (size_t c = 0; c < t->ncols; c++)
        share[c] /= sum;
}

/* A table of the document: its caption in bold, then the rows under a header that repeats on
 * every page. Cells show the figure with its unit where the document has one (the PDF's
 * captions do not all name it), and a row's secondary text after its name. */
static void pdf_doc_table(Pdf *p, const DocTable *dt)
{
    size_t nc = dt->ncols < 16 ? dt->ncols : 16;   /* no table of the reports has more than 9 */
    PdfCol cols[16];
    double share[16];
    pdf_shares(dt, share);
    for (size_t c = 0; c < nc; c++) {
        const DocCol *col = &dt->cols[c];
        cols[c] = (PdfCol){col->pdf_heading ? col->pdf_heading : col->flat ? col->flat : col->heading,
                           share[c], col->right};
    }
    PdfTable t = {cols, (int)nc, NULL, 0, 0};
    for (size_t r = 0; r < dt->nrows; r++)
        for (size_t c = 0; c < nc; c++) {
            const DocCell *cell = &dt->rows[r].cells[c];
            if (cell->detail)
                pdf_cell_own(&t, xasprintf("%s\n%s", cell->text, cell->detail));
            else
                pdf_cell(&t, cell->with_unit ? cell->with_unit : cell->text);
        }
    pdf_block(p, PF_BOLD, dt->caption, false, 0, 3);
    pdf_table(p, &t);
    pdf_table_free(&t);
}

/* A paragraph in the style of its role: remarks in italics, answers and verdicts in bold, a
 * decision with its bold label. */
static void pdf_doc_para(Pdf *p, const DocBlock *b)
{
    switch (b->style) {
    case DOC_P_PLAIN:
        pdf_paragraph(p, b->text);
        break;
    case DOC_P_MISSING:
    case DOC_P_NOTE:
        pdf_block(p, PF_ITALIC, b->text, false, 0, 5);
        break;
    case DOC_P_VERDICT:
        pdf_block(p, PF_BOLD, b->text, false, 0, 5);
        break;
    case DOC_P_DECISION: {
        char *l = g_markup_escape_text(b->label ? b->label : "", -1);
        char *v = g_markup_escape_text(b->text, -1);
        char *m = xasprintf("<b>%s</b> %s", l, v);
        pdf_block(p, PF_BODY, m, true, 0, 5);
        free(m);
        g_free(l);
        g_free(v);
        break;
    }
    }
}

/* Lays out the document's blocks for the PDF. The document's title is the page title and its
 * parts the outline's entries; questions and deeper headings share the smallest heading font,
 * so that a long question of the form stays on one line. */
static void pdf_doc_body(Pdf *p)
{
    const Doc *d = p->doc;
    for (size_t i = 0; i < d->nblocks; i++) {
        const DocBlock *b = &d->blocks[i];
        if (p->draw)
            render_progress("writing the PDF", (size_t)p->page, (size_t)p->pages);
        else
            render_progress("laying out the PDF", i, d->nblocks);
        if (i == d->header_end)
            p->y += 6;
        if (!doc_shows(b, DOC_PDF))
            continue;
        switch (b->kind) {
        case DOC_HEADING:
            pdf_heading(p, b->level <= 2 ? b->level - 1 : 3, b->text);
            break;
        case DOC_META:
            pdf_field(p, b->label, b->text);
            break;
        case DOC_PARA:
            pdf_doc_para(p, b);
            break;
        case DOC_MARKDOWN:
            pdf_markdown(p, b->text);
            break;
        case DOC_LIST:
            for (size_t k = 0; k < b->nitems; k++) {
                char *s = xasprintf("\xe2\x80\xa2 %s", b->items[k]);
                pdf_block(p, PF_BODY, s, false, PDF_INDENT / 2, 1);
                free(s);
            }
            p->y += 5;
            break;
        case DOC_TABLE:
            pdf_doc_table(p, b->table);
            break;
        case DOC_CHART:
            pdf_chart(p, b->chart);
            break;
        }
    }
}

/* One pass over the whole document. */
static void pdf_document(Pdf *p)
{
    p->page = 0;
    p->outline = CAIRO_PDF_OUTLINE_ROOT;
    pdf_page_begin(p);
    pdf_doc_body(p);
    pdf_page_end(p);
}

/* Checks what the layout relies on; every other key is optional and shown as "–" if absent. */
static int pdf_check(const json_t *r, Errs *errs)
{
    const char *kind = json_is_object(r) ? pdf_str(r, "report") : NULL;
    if (!kind) {
        errs_add(errs, "report JSON: \"report\" is missing or not a string");
        return INSATS_EINPUT;
    }
    if (strcmp(kind, "lagesrapport") && strcmp(kind, "slutrapport") && strcmp(kind, "minutes")) {
        errs_add(errs, "report JSON: \"report\" is \"%s\", not lagesrapport, slutrapport or minutes", kind);
        return INSATS_EINPUT;
    }
    if (!json_is_object(json_object_get(r, "project"))) {
        errs_add(errs, "report JSON: \"project\" is missing or not an object");
        return INSATS_EINPUT;
    }
    if (!strcmp(kind, "minutes") && !json_is_object(json_object_get(r, "meeting"))) {
        errs_add(errs, "minutes JSON: \"meeting\" is missing or not an object");
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

/* Where cairo's bytes go: the output file, and the reason of a failed write, which cairo
 * reduces to CAIRO_STATUS_WRITE_ERROR. */
typedef struct PdfSink {
    Outfile of;
    int err;
} PdfSink;

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
    PdfSink *sink = closure;
    if (fwrite(data, 1, length, sink->of.f) == length)
        return CAIRO_STATUS_SUCCESS;
    if (!sink->err)
        sink->err = errno;
    return CAIRO_STATUS_WRITE_ERROR;
}

int render_pdf(const json_t *report, const char *path, Errs *errs)
{
    int rc = pdf_check(report, errs);
    if (rc != INSATS_OK)
        return rc;
    Doc *doc;
    rc = doc_build(report, &doc, errs);
    if (rc != INSATS_OK)
        return rc;

    Pdf p = {0};
    p.report = report;
    p.doc = doc;
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

    PdfSink sink = {0};
    rc = outfile_open(&sink.of, path, errs);
    if (rc != INSATS_OK)
        goto out;
    p.surface = cairo_pdf_surface_create_for_stream(pdf_write, &sink, PDF_W, PDF_H);
    if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
        errs_add(errs, "%s: cannot create the PDF file (%s)", path,
                 cairo_status_to_string(cairo_surface_status(p.surface)));
        outfile_abort(&sink.of);
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
        rc = outfile_fail(&sink.of, sink.err, errs);
        outfile_abort(&sink.of);
    } else {
        rc = outfile_commit(&sink.of, errs);
    }
out:
    cairo_surface_destroy(p.surface);
    doc_free(doc);
    free(p.head_title);
    free(p.head_project);
    free(p.head_ids);
    return rc;
}
