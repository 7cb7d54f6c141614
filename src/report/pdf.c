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
#include "pdf.h"

#define PDF_W 595.28
#define PDF_H 841.89
#define PDF_MARGIN_X 56.0
#define PDF_CONTENT_W (PDF_W - 2 * PDF_MARGIN_X)
#define PDF_BODY_TOP 92.0
#define PDF_BODY_BOTTOM (PDF_H - 56.0)
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
    struct PdfTableCache *tables; /* per block: what measuring a table found, for both passes */
    ProgressFn progress;        /* this rendering's hook (RenderOptions), NULL: silent */
    void *progress_ctx;
    const char *progress_stage; /* what the hook was told last */
    size_t progress_percent;
} Pdf;

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
    /* A draft is marked on every page, not only where the list of what remains stands. */
    if (p->doc && p->doc->draft)
        pdf_draw_line(p, PF_SMALL_BOLD, "UTKAST", PDF_W - PDF_MARGIN_X, 48, true);
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
static void pdf_block_keep(Pdf *p, PdfFont f, const char *s, bool markup, double indent,
                           double after, double keep);

static void pdf_block(Pdf *p, PdfFont f, const char *s, bool markup, double indent, double after)
{
    pdf_block_keep(p, f, s, markup, indent, after, 0);
}

/* As pdf_block, kept on one page with `keep` more points of what follows (a heading with the
 * first lines under it). */
static void pdf_block_keep(Pdf *p, PdfFont f, const char *s, bool markup, double indent,
                           double after, double keep)
{
    PangoLayout *lay = p->text;
    pango_layout_set_font_description(lay, p->fonts[f]);
    pango_layout_set_width(lay, (int)((PDF_CONTENT_W - indent) * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    if (markup && pango_parse_markup(s, -1, 0, NULL, NULL, NULL, NULL))
        pango_layout_set_markup(lay, s, -1);
    else
        pango_layout_set_text(lay, s, -1);
    /* A word longer than the line (an address) breaks where it must, with no hyphen that the
     * text does not have. */
    PangoAttrList *attrs = pango_layout_get_attributes(lay);
    attrs = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);
    /* A paragraph of a few lines is not split: no single line alone at a page's foot or top. */
    if (pango_layout_get_line_count(lay) <= 4) {
        int w, h;
        pango_layout_get_size(lay, &w, &h);
        pdf_need(p, (double)h / PANGO_SCALE + (keep > 0 ? after + keep : 0));
    }
    pdf_flow(p, lay, PDF_MARGIN_X + indent);
    pango_layout_set_attributes(lay, NULL);
    p->y += after;
}

/* The height of a text block as pdf_block sets it, without drawing it. */
static double pdf_text_h(Pdf *p, PdfFont f, const char *s, double indent)
{
    PangoLayout *lay = p->head;
    int w, h;
    pango_layout_set_font_description(lay, p->fonts[f]);
    pango_layout_set_width(lay, (int)((PDF_CONTENT_W - indent) * PANGO_SCALE));
    pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(lay, s, -1);
    pango_layout_get_size(lay, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void pdf_paragraph(Pdf *p, const char *text)
{
    pdf_block(p, PF_BODY, text, false, 0, 5);
}

static PdfFont pdf_heading_font(int level)
{
    return level <= 0 ? PF_TITLE : level == 1 ? PF_H1 : level == 2 ? PF_H2 : PF_H3;
}

static double pdf_heading_before(int level) { return level <= 1 ? 10 : 6; }
static double pdf_heading_after(int level) { return level <= 1 ? 6 : 3; }

/* A heading; level 1 and 2 also become entries of the PDF outline (bookmarks), so that a
 * reader can jump to the funder's parts. `keep` is the room the start of what follows needs:
 * a heading never stands alone at the foot of a page. */
static void pdf_heading(Pdf *p, int level, const char *text, double keep)
{
    PdfFont f = pdf_heading_font(level);
    if (p->y > PDF_BODY_TOP + 0.5)
        p->y += pdf_heading_before(level);
    pdf_need(p, pdf_text_h(p, f, text, 0) + pdf_heading_after(level) + keep);
    if (p->draw && level >= 1 && level <= 2) {
        char *dest = xasprintf("page=%d pos=[%.1f %.1f]", p->page, PDF_MARGIN_X, p->y);
        int parent = level == 1 ? CAIRO_PDF_OUTLINE_ROOT : p->outline;
        int id = cairo_pdf_surface_add_outline(p->surface, parent, text, dest, 0);
        if (level == 1)
            p->outline = id;
        free(dest);
    }
    pdf_block(p, f, text, false, 0, pdf_heading_after(level));
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
/* The room that what follows a narrative's heading needs on the heading's page: the headings
 * right under it and the start of the text under them — all of a paragraph of up to four lines,
 * which pdf_block does not split — so that no heading of a narrative ("## Organisationsnivå")
 * stands alone at a page's foot. */
static double pdf_markdown_keep(Pdf *p, cmark_node *heading)
{
    double keep = 0;
    cmark_node *n = cmark_node_next(heading);
    for (; n && cmark_node_get_type(n) == CMARK_NODE_HEADING; n = cmark_node_next(n))
        keep += pdf_text_h(p, PF_H3, "X", 0) + 5;
    double lines = pdf_text_h(p, PF_BODY, "X\nX\nX\nX", 0);
    if (n && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
        /* Its source text: a little wider than as set, never shorter. */
        char *src = cmark_render_commonmark(n, CMARK_OPT_DEFAULT, 0);
        double h = pdf_text_h(p, PF_BODY, src, 0);
        free(src);
        return keep + (h <= lines + 0.5 ? h : lines / 2);
    }
    return keep + lines / 2;
}

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
                pdf_block_keep(p, heading ? PF_H3 : PF_BODY, m.data ? m.data : "", true, indent,
                               tight ? 2 : 5, heading ? pdf_markdown_keep(p, n) : 0);
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

#define PDF_TABLE_PT 8.0        /* a table's font size when its words fit */
#define PDF_KEEP_ROWS 12        /* a table of at most this many rows is kept on one page */
#define PDF_LEAD_ROWS 3         /* a longer one starts on a page with room for this many rows */
#define PDF_MEASURE_ROWS 300    /* longer tables are measured on a sample */
#define PDF_MEASURE_LONGEST 16  /* … of their first rows and each column's longest texts */
#define PDF_SHORT_HEADER 80.0   /* points: a header up to this wide is kept on one line if it can */
#define PDF_TITLE_SHARE 0.4     /* a text column's first claim: its text unwrapped, up to this part */
#define PDF_TITLE_ROOM 0.2      /* … what the first column gets before headers of figures, and
                                   what a smaller font is chosen to give a text column */

static const double pdf_table_sizes[] = {8.0, 7.5, 7.0, 6.5, 6.0};

PangoContext *pdf_pango_context(cairo_t *cr)
{
    PangoContext *pc = pango_cairo_create_context(cr);
    /* pango_cairo assumes 96 dpi by default, which would set "10" pt text at 13.3 pt. */
    pango_cairo_context_set_resolution(pc, 72);
    pango_context_set_round_glyph_positions(pc, FALSE);
    pango_context_set_language(pc, pango_language_from_string("sv"));
    return pc;
}

char *pdf_cell_text(const DocCell *c)
{
    if (c->detail)
        return xasprintf("%s\n%s", c->text, c->detail);
    return xstrdup(c->with_unit ? c->with_unit : pdf_or(c->text, PDF_DASH));
}

const char *pdf_col_title(const DocCol *c)
{
    return c->pdf_heading ? c->pdf_heading : c->flat ? c->flat : c->heading;
}

/* Neither inserted hyphens nor breaks inside words where a column is wide enough: the layouts of
 * a table break lines between words only, unless the table is tight. */
static void pdf_layout_wrap(PangoLayout *l, bool tight)
{
    pango_layout_set_wrap(l, tight ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
}

typedef struct PdfWidths {
    double word, natural;
} PdfWidths;

/* The widths of s's longest word and of s unwrapped (its longest line), in points, in the font
 * set on l. One shaping: the word widths come from the positions of the line-break
 * opportunities in the unwrapped line. */
static PdfWidths pdf_measure_text(PangoLayout *l, const char *s)
{
    PdfWidths w = {0, 0};
    PangoRectangle r;
    pango_layout_set_text(l, s, -1);
    pango_layout_set_width(l, -1);
    pango_layout_get_extents(l, NULL, &r);
    w.natural = (double)r.width / PANGO_SCALE;
    int n;
    const PangoLogAttr *a = pango_layout_get_log_attrs_readonly(l, &n);
    /* n is the number of characters + 1; a[k] describes the position before character k. */
    int start = 0, last = -1;   /* the word's first character, its last non-space one */
    for (int k = 0; k < n; k++) {
        bool end = k == n - 1 || (k > start && a[k].is_line_break);
        if (end && last >= start) {
            PangoRectangle p0, p1;
            int b0 = (int)(g_utf8_offset_to_pointer(s, start) - s);
            int b1 = (int)(g_utf8_offset_to_pointer(s, last) - s);
            pango_layout_index_to_pos(l, b0, &p0);
            pango_layout_index_to_pos(l, b1, &p1);
            double ww = (double)(p1.x + p1.width - p0.x) / PANGO_SCALE;
            if (ww > w.word)
                w.word = ww;
        }
        if (end) {
            start = k;
            last = -1;
        }
        if (k < n - 1 && !a[k].is_white)
            last = k;
    }
    return w;
}

/* pdf_measure_text through a cache of the texts already measured in this font: the same
 * words ("Genomförd", a survey's questions) come back in table after table. */
static PdfWidths pdf_measure(PangoLayout *l, GHashTable *cache, const char *s)
{
    PdfWidths *hit = g_hash_table_lookup(cache, s);
    if (hit)
        return *hit;
    PdfWidths w = pdf_measure_text(l, s);
    hit = g_new(PdfWidths, 1);
    *hit = w;
    g_hash_table_insert(cache, g_strdup(s), hit);
    return w;
}

/* The measuring caches of context pc (bold, then regular), kept with the context. */
static GHashTable *pdf_width_cache(PangoContext *pc, int bold)
{
    const char *key = bold ? "insats-widths-bold" : "insats-widths";
    GHashTable *h = g_object_get_data(G_OBJECT(pc), key);
    if (!h) {
        h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        g_object_set_data_full(G_OBJECT(pc), key, h, (GDestroyNotify)g_hash_table_destroy);
    }
    return h;
}

/* The rows a column is measured on: every row of a table of up to PDF_MEASURE_ROWS, else the
 * first ones and the longest texts. *n their number; caller frees. */
static size_t *pdf_sample_rows(const DocTable *t, size_t c, size_t *n)
{
    if (t->nrows <= PDF_MEASURE_ROWS) {
        size_t *rows = xcalloc(t->nrows + 1, sizeof *rows);
        for (size_t r = 0; r < t->nrows; r++)
            rows[r] = r;
        *n = t->nrows;
        return rows;
    }
    size_t *rows = xcalloc(PDF_MEASURE_ROWS + PDF_MEASURE_LONGEST, sizeof *rows);
    size_t longest[PDF_MEASURE_LONGEST], len[PDF_MEASURE_LONGEST], k = 0;
    for (size_t r = PDF_MEASURE_ROWS; r < t->nrows; r++) {
        size_t l = strlen(t->rows[r].cells[c].text);
        if (k < PDF_MEASURE_LONGEST) {
            longest[k] = r;
            len[k++] = l;
            continue;
        }
        size_t min = 0;
        for (size_t i = 1; i < k; i++)
            if (len[i] < len[min])
                min = i;
        if (l > len[min]) {
            longest[min] = r;
            len[min] = l;
        }
    }
    for (size_t r = 0; r < PDF_MEASURE_ROWS; r++)
        rows[r] = r;
    memcpy(rows + PDF_MEASURE_ROWS, longest, k * sizeof *longest);
    *n = PDF_MEASURE_ROWS + k;
    return rows;
}

void pdf_table_columns(PangoContext *pc, const DocTable *t, double avail, PdfColumns *out)
{
    int nc = t->ncols < PDF_MAX_COLS ? (int)t->ncols : PDF_MAX_COLS;
    /* Text widths at PDF_TABLE_PT, no padding: the longest word, the longest cell unwrapped,
     * the header unwrapped. */
    double min[PDF_MAX_COLS], nat[PDF_MAX_COLS], head[PDF_MAX_COLS];
    bool text[PDF_MAX_COLS];
    PangoLayout *l = pango_layout_new(pc);
    PangoFontDescription *bold = pango_font_description_from_string("DejaVu Sans Bold");
    PangoFontDescription *body = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_size(bold, (int)(PDF_TABLE_PT * PANGO_SCALE));
    pango_font_description_set_size(body, (int)(PDF_TABLE_PT * PANGO_SCALE));
    memset(out, 0, sizeof *out);
    out->ncols = nc;
    double sum_min = 0;
    GHashTable *bold_cache = pdf_width_cache(pc, 1), *body_cache = pdf_width_cache(pc, 0);
    for (int c = 0; c < nc; c++) {
        double cell_word = 0, cell_nat = 0, figure = 0;
        pango_layout_set_font_description(l, bold);
        PdfWidths hw = pdf_measure(l, bold_cache, pdf_col_title(&t->cols[c]));
        min[c] = hw.word;
        head[c] = hw.natural;
        pango_layout_set_font_description(l, body);
        size_t n, *rows = pdf_sample_rows(t, (size_t)c, &n);
        for (size_t i = 0; i < n; i++) {
            const DocCell *dc = &t->rows[rows[i]].cells[c];
            char *s = pdf_cell_text(dc);
            PdfWidths w = pdf_measure(l, body_cache, s);
            cell_word = w.word > cell_word ? w.word : cell_word;
            cell_nat = w.natural > cell_nat ? w.natural : cell_nat;
            /* Why a survey cell is hidden is words, not a figure: it may wrap. */
            if (!dc->suppressed)
                figure = w.natural > figure ? w.natural : figure;
            free(s);
        }
        free(rows);
        /* A figure is never wrapped; text wraps between words. */
        text[c] = !t->cols[c].right;
        double need = text[c] ? cell_word : fmax(figure, cell_word);
        min[c] = need > min[c] ? need : min[c];
        nat[c] = cell_nat > min[c] ? cell_nat : min[c];
        sum_min += min[c];
    }
    pango_font_description_free(bold);
    pango_font_description_free(body);
    g_object_unref(l);

    /* The largest size at which the longest words fit side by side with some room for the
     * titles (a text column of a few words per line reads as a list of words); failing that,
     * the largest at which the words fit at all. Widths scale with the size. */
    size_t nsizes = sizeof pdf_table_sizes / sizeof pdf_table_sizes[0];
    double pad = 2 * PDF_CELL_PAD, f = 1, sum_room = 0;
    for (int c = 0; c < nc; c++)
        sum_room += text[c] ? fmax(min[c], fmin(nat[c], avail * PDF_TITLE_ROOM)) : min[c];
    out->size = pdf_table_sizes[nsizes - 1];
    out->tight = true;
    for (int pass = 0; pass < 2 && out->tight; pass++)
        for (size_t i = 0; i < nsizes; i++) {
            f = pdf_table_sizes[i] / PDF_TABLE_PT;
            if ((pass ? sum_min : sum_room) * f + pad * nc <= avail) {
                out->size = pdf_table_sizes[i];
                out->tight = false;
                break;
            }
        }
    /* Then in stages, each given what is left, in proportion to what each column asks for:
     * the first column's text (what each row is about) on one line up to a small part of the
     * page (a name such as "Älvby kommun" whole before any column of figures gets more than
     * its figures need), a short header on one
     * line (a header of two words broken over two lines of a narrow column reads badly),
     * text on one line up to a larger part (the titles get room before the figures' long
     * headers), the rest of the cells on one line (also why a figure is hidden), long headers
     * on one line, and what is left to the text columns, most to the widest. Figures get no
     * more than they need. */
    enum { STAGES = 6 };
    double w[PDF_MAX_COLS], target[STAGES][PDF_MAX_COLS], sum = 0, text_w = 0;
    for (int c = 0; c < nc; c++) {
        /* A little over the measure: rounding must never push a word onto the next line. */
        w[c] = min[c] * f + pad + 0.5;
        double cell = nat[c] * f + pad + 0.5, whole_head = head[c] * f + pad + 0.5;
        double short_head = head[c] <= PDF_SHORT_HEADER ? whole_head : w[c];
        target[0][c] = text[c] && c == 0 ? fmax(w[c], fmin(cell, avail * PDF_TITLE_ROOM)) : w[c];
        target[1][c] = fmax(target[0][c], short_head);
        target[2][c] = text[c] ? fmax(target[1][c], fmin(cell, avail * PDF_TITLE_SHARE))
                               : target[1][c];
        target[3][c] = fmax(target[2][c], cell);
        target[4][c] = fmax(target[3][c], whole_head);
        sum += w[c];
        text_w += text[c] ? target[4][c] : 0;
    }
    for (int c = 0; c < nc; c++)
        target[5][c] = text[c] ? target[4][c] * (1 + avail / text_w) : target[4][c];
    if (sum > avail) {   /* tight: shares of the longest words */
        for (int c = 0; c < nc; c++)
            out->width[c] = w[c] * avail / sum;
        return;
    }
    for (int k = 0; k < STAGES; k++) {
        double extra = avail - sum, want = 0;
        for (int c = 0; c < nc; c++)
            want += fmax(0, target[k][c] - w[c]);
        if (want <= 0)
            continue;
        double share = extra < want ? extra / want : 1;
        sum = 0;
        for (int c = 0; c < nc; c++) {
            w[c] += fmax(0, target[k][c] - w[c]) * share;
            sum += w[c];
        }
        if (share < 1)
            break;
    }
    /* No text column to take the rest: spread it evenly. */
    for (int c = 0; c < nc; c++)
        out->width[c] = w[c] + (avail - sum) / nc;
}


/* What is known of a table once measured: its columns and its rows' heights. The two passes
 * and the look-ahead of headings ask for the same tables; measuring once keeps a report of
 * thousands of rows at one shaping per cell and pass. */
typedef struct PdfTableCache {
    bool have_cols;
    PdfColumns cols;
    double *row_h;              /* nrows of them, 0 until measured */
    double caption_h;           /* 0 until measured */
    struct PdfTable *live;      /* prepared in this pass (looked ahead at, not yet set), or NULL */
} PdfTableCache;

/* A table ready to set: texts, columns, and one layout per column for the header and one for
 * the body, created once per table. */
typedef struct PdfTable {
    const DocTable *dt;
    int nc;
    size_t nrows;
    char **cells;                       /* nrows × nc, the PDF's text of each cell */
    PdfColumns cols;
    double xs[PDF_MAX_COLS];
    PangoLayout *head[PDF_MAX_COLS], *body[PDF_MAX_COLS];
    double hh;                          /* header row height */
    bool no_caption;                    /* the caption would repeat the heading just above */
    PdfTableCache *cache;
} PdfTable;

/* Sets each column's text into its own layout and returns the row's height. */
static double pdf_row_measure(PangoLayout **lays, int ncols, char *const *cells)
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

/* Prepares the table of block bi. */
static void pdf_table_prepare(Pdf *p, size_t bi, PdfTable *t)
{
    const DocTable *dt = p->doc->blocks[bi].table;
    memset(t, 0, sizeof *t);
    t->dt = dt;
    t->cache = &p->tables[bi];
    if (!t->cache->have_cols) {
        pdf_table_columns(p->pango, dt, PDF_CONTENT_W, &t->cache->cols);
        t->cache->have_cols = true;
        t->cache->row_h = xcalloc(dt->nrows + 1, sizeof *t->cache->row_h);
    }
    t->cols = t->cache->cols;
    t->nc = t->cols.ncols;
    t->nrows = dt->nrows;
    t->cells = xcalloc(t->nrows * (size_t)t->nc + 1, sizeof *t->cells);
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->nc; c++)
            t->cells[r * (size_t)t->nc + (size_t)c] = pdf_cell_text(&dt->rows[r].cells[c]);
    PangoFontDescription *fh = pango_font_description_copy(p->fonts[PF_SMALL_BOLD]);
    PangoFontDescription *fb = pango_font_description_copy(p->fonts[PF_SMALL]);
    pango_font_description_set_size(fh, (int)(t->cols.size * PANGO_SCALE));
    pango_font_description_set_size(fb, (int)(t->cols.size * PANGO_SCALE));
    double x = PDF_MARGIN_X;
    char *titles[PDF_MAX_COLS];
    for (int c = 0; c < t->nc; c++) {
        t->xs[c] = x;
        x += t->cols.width[c];
        PangoAlignment al = dt->cols[c].right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
        t->head[c] = pango_layout_new(p->pango);
        t->body[c] = pango_layout_new(p->pango);
        pango_layout_set_font_description(t->head[c], fh);
        pango_layout_set_font_description(t->body[c], fb);
        for (int k = 0; k < 2; k++) {
            PangoLayout *l = k ? t->body[c] : t->head[c];
            pango_layout_set_width(l, (int)((t->cols.width[c] - 2 * PDF_CELL_PAD) * PANGO_SCALE));
            pdf_layout_wrap(l, t->cols.tight);
            pango_layout_set_alignment(l, al);
        }
        titles[c] = (char *)pdf_col_title(&dt->cols[c]);
    }
    pango_font_description_free(fh);
    pango_font_description_free(fb);
    t->hh = pdf_row_measure(t->head, t->nc, titles);
}

static void pdf_table_release(PdfTable *t)
{
    for (size_t i = 0; i < t->nrows * (size_t)t->nc; i++)
        free(t->cells[i]);
    free(t->cells);
    for (int c = 0; c < t->nc; c++) {
        g_object_unref(t->head[c]);
        g_object_unref(t->body[c]);
    }
}

static double pdf_table_row_h(PdfTable *t, size_t r)
{
    if (t->cache->row_h[r] <= 0)
        t->cache->row_h[r] = pdf_row_measure(t->body, t->nc, t->cells + r * (size_t)t->nc);
    return t->cache->row_h[r];
}

#define PDF_CAPTION_AFTER 3.0
#define PDF_TABLE_AFTER 8.0

/* The room a table needs where it starts: caption, header and its first rows — all of a small
 * table, so that it is never split. *whole is set when that is all of it. */
static double pdf_caption_h(Pdf *p, const PdfTable *t)
{
    if (t->cache->caption_h <= 0)
        t->cache->caption_h = pdf_text_h(p, PF_BOLD, t->dt->caption, 0) + PDF_CAPTION_AFTER;
    return t->no_caption ? 0 : t->cache->caption_h;
}

static double pdf_table_lead(Pdf *p, PdfTable *t, bool *whole)
{
    double h = pdf_caption_h(p, t) + t->hh;
    size_t n = t->nrows <= PDF_KEEP_ROWS ? t->nrows : PDF_LEAD_ROWS;
    for (size_t r = 0; r < n; r++)
        h += pdf_table_row_h(t, r);
    *whole = n == t->nrows;
    /* A small table taller than a page starts on a page and breaks as a long one. */
    if (*whole && h + PDF_TABLE_AFTER > PDF_BODY_BOTTOM - PDF_BODY_TOP) {
        *whole = false;
        h = pdf_caption_h(p, t) + t->hh + pdf_table_row_h(t, 0);
    }
    return *whole ? h + PDF_TABLE_AFTER : h;
}

/* Draws a row of the table at the cursor: the header (its layouts hold the titles from
 * pdf_table_prepare on) or body row r. */
static void pdf_row_draw(Pdf *p, PdfTable *t, size_t r, double h, bool header)
{
    if (!p->draw)
        return;
    cairo_t *cr = p->cr;
    PangoLayout **lays = header ? t->head : t->body;
    const double *xs = t->xs;
    int ncols = t->nc;
    if (!header)
        for (int c = 0; c < ncols; c++)
            pango_layout_set_text(lays[c], t->cells[r * (size_t)ncols + (size_t)c], -1);
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

/* Typesets the table from the cursor: its caption kept with the header and the first rows (a
 * small table whole), the header repeated at the top of every page the table continues on. */
static void pdf_table(Pdf *p, PdfTable *t)
{
    bool whole;
    pdf_need(p, pdf_table_lead(p, t, &whole));
    if (!t->no_caption)
        pdf_block(p, PF_BOLD, t->dt->caption, false, 0, PDF_CAPTION_AFTER);
    /* The header layouts hold the titles from pdf_table_prepare on. */
    bool need_header = true;
    for (size_t r = 0; r < t->nrows; r++) {
        double rh = pdf_table_row_h(t, r);
        if (!need_header && p->y + rh > PDF_BODY_BOTTOM) {
            pdf_new_page(p);
            need_header = true;
        }
        if (need_header) {
            pdf_need(p, t->hh + rh);
            pdf_row_draw(p, t, 0, t->hh, true);
            p->y += t->hh;
            need_header = false;
        }
        pdf_row_draw(p, t, r, rh, false);
        p->y += rh;
    }
    if (t->nrows == 0) {
        pdf_row_draw(p, t, 0, t->hh, true);
        p->y += t->hh;
    }
    p->y += PDF_TABLE_AFTER;
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

/* A table of the document; its caption is left out where it would only repeat the heading
 * above it. */
/* The table of block bi prepared once per pass: the look-ahead of a heading and the setting
 * of the table that follows use the same. */
static PdfTable *pdf_table_get(Pdf *p, size_t bi, const char *heading)
{
    PdfTableCache *c = &p->tables[bi];
    if (!c->live) {
        c->live = xmalloc(sizeof *c->live);
        pdf_table_prepare(p, bi, c->live);
    }
    c->live->no_caption = doc_caption_repeats(heading, c->live->dt->caption);
    return c->live;
}

static void pdf_table_drop(Pdf *p, size_t bi)
{
    PdfTableCache *c = &p->tables[bi];
    if (c->live) {
        pdf_table_release(c->live);
        free(c->live);
        c->live = NULL;
    }
}

static void pdf_doc_table(Pdf *p, size_t bi, const char *heading)
{
    pdf_table(p, pdf_table_get(p, bi, heading));
    pdf_table_drop(p, bi);
}

/* A body paragraph led in by its label in bold: a decision ("Beslut:"), a verdict with its
 * grounds ("Inom budget: Nej." and how far the outcome is off). */
static void pdf_lead_in(Pdf *p, const DocBlock *b)
{
    char *l = g_markup_escape_text(b->label ? b->label : "", -1);
    char *v = g_markup_escape_text(b->text, -1);
    char *m = xasprintf("<b>%s</b> %s", l, v);
    pdf_block(p, PF_BODY, m, true, 0, 5);
    free(m);
    g_free(l);
    g_free(v);
}

/* A paragraph in the style of its role: remarks in italics, answers and verdicts in bold, a
 * decision with its bold label. */
static void pdf_doc_para(Pdf *p, const DocBlock *b)
{
    switch (b->style) {
    case DOC_P_PLAIN:
        if (b->label)
            pdf_lead_in(p, b);
        else
            pdf_paragraph(p, b->text);
        break;
    case DOC_P_MISSING:
    case DOC_P_NOTE:
        pdf_block(p, PF_ITALIC, b->text, false, 0, 5);
        break;
    case DOC_P_VERDICT:
    case DOC_P_DRAFT:
        pdf_block(p, PF_BOLD, b->text, false, 0, 5);
        break;
    case DOC_P_DECISION:
        pdf_lead_in(p, b);
        break;
    }
}

static int pdf_level(const DocBlock *b) { return b->level <= 2 ? b->level - 1 : 3; }

static const DocBlock *pdf_next_shown(const Doc *d, size_t *i)
{
    while (*i < d->nblocks && !doc_shows(&d->blocks[*i], DOC_PDF))
        (*i)++;
    return *i < d->nblocks ? &d->blocks[*i] : NULL;
}

static PdfFont pdf_para_font(const DocBlock *b)
{
    return b->style == DOC_P_MISSING || b->style == DOC_P_NOTE ? PF_ITALIC
         : b->style == DOC_P_VERDICT                          ? PF_BOLD
                                                              : PF_BODY;
}

/* The height of block i as it will be set; with `lead`, only of its start (a table's caption,
 * header and first rows, a paragraph's first lines), else all of it, or -1 when that is more
 * than a page could be asked to keep. `heading` is the heading just before, for tables. */
static double pdf_block_h(Pdf *p, size_t i, bool lead, const char *heading, int depth)
{
    const Doc *d = p->doc;
    const DocBlock *b = pdf_next_shown(d, &i);
    if (!b)
        return 0;
    double h;
    switch (b->kind) {
    case DOC_HEADING: {
        int level = pdf_level(b);
        h = pdf_heading_before(level) + pdf_text_h(p, pdf_heading_font(level), b->text, 0) +
            pdf_heading_after(level);
        if (!lead)
            return h;
        return depth < 3 ? h + pdf_block_h(p, i + 1, true, b->text, depth + 1) : h;
    }
    case DOC_META: {
        char *s = xasprintf("%s: %s", b->label, b->text);
        h = pdf_text_h(p, PF_BODY, s, 0) + 2;
        free(s);
        return h;
    }
    case DOC_PARA: {
        const char *s = b->text;
        char *m = b->label ? xasprintf("%s %s", b->label, b->text) : NULL;
        h = pdf_text_h(p, pdf_para_font(b), m ? m : s, 0) + 5;
        free(m);
        if (!lead)
            return h;
        /* A line that introduces what follows ("Genomförda möten: 7.") keeps it with it. */
        if (h < 20 && depth < 3)
            return h + pdf_block_h(p, i + 1, true, NULL, depth + 1);
        return h > 45 ? 45 : h;
    }
    case DOC_LIST: {
        h = 5;
        for (size_t k = 0; k < b->nitems && (!lead || k < 2); k++)
            h += pdf_text_h(p, PF_BODY, b->items[k], PDF_INDENT / 2) + 1;
        return !lead && b->nitems > 20 ? -1 : h;
    }
    case DOC_MARKDOWN:
        return lead ? 45 : -1;   /* as long as its author made it */
    case DOC_TABLE: {
        bool whole;
        h = pdf_table_lead(p, pdf_table_get(p, i, heading), &whole);
        return lead || whole ? h : -1;
    }
    case DOC_CHART:
        if (!chart_has_data(p->report, b->chart))
            return lead ? pdf_block_h(p, i + 1, lead, heading, depth) : 0;
        return chart_height(p->report, b->chart, PDF_CONTENT_W) + 10;
    }
    return 0;
}

/* When what follows block i is the document's last section and it is short (the minutes' "Nästa
 * möte"), the room block i and that section need together, so that the section does not stand
 * alone on a page of its own; 0 otherwise. */
static double pdf_tail_keep(Pdf *p, size_t i, const char *heading)
{
    const Doc *d = p->doc;
    size_t j = i + 1;
    const DocBlock *h = pdf_next_shown(d, &j);
    if (!h || h->kind != DOC_HEADING || !h->section)
        return 0;
    size_t n = 0;
    for (size_t k = j; k < d->nblocks; k++) {
        const DocBlock *b = &d->blocks[k];
        if (doc_shows(b, DOC_PDF) && ((k > j && b->kind == DOC_HEADING) || ++n > 4))
            return 0;
    }
    double tail = 0;
    for (size_t k = j; k < d->nblocks; k++) {
        if (!doc_shows(&d->blocks[k], DOC_PDF))
            continue;
        double bh = pdf_block_h(p, k, false, NULL, 0);
        if (bh < 0)
            return 0;
        tail += bh;
    }
    if (tail > 150)
        return 0;
    double own = pdf_block_h(p, i, false, heading, 0);
    return own < 0 || own > 250 ? 0 : own + tail;
}

/* Tells this rendering's hook, if any, how far a pass got: when the stage or the percentage
 * changed, and at the end (a line per block of a 2,000-page report would cost more than it
 * tells). */
static void pdf_progress(Pdf *p, const char *stage, size_t done, size_t total)
{
    if (!p->progress || !total)
        return;
    size_t percent = done * 100 / total;
    if (stage == p->progress_stage && percent == p->progress_percent && done != total)
        return;
    p->progress_stage = stage;
    p->progress_percent = percent;
    p->progress(p->progress_ctx, stage, done, total);
}

/* Lays out the document's blocks for the PDF. The document's title is the page title and its
 * parts the outline's entries; questions and deeper headings share the smallest heading font,
 * so that a long question of the form stays on one line. Each appendix starts a page. */
static void pdf_doc_body(Pdf *p)
{
    const Doc *d = p->doc;
    const char *heading = NULL;   /* the heading just before the current block */
    for (size_t i = 0; i < d->nblocks; i++) {
        const DocBlock *b = &d->blocks[i];
        if (p->draw)
            pdf_progress(p, "writing the PDF", (size_t)p->page, (size_t)p->pages);
        else
            pdf_progress(p, "laying out the PDF", i, d->nblocks);
        if (i == d->header_end)
            p->y += 6;
        if (!doc_shows(b, DOC_PDF))
            continue;
        /* A block right under a heading was kept with it by the heading. */
        if (b->kind != DOC_HEADING && !heading && i + 1 < d->nblocks) {
            double keep = pdf_tail_keep(p, i, NULL);
            if (keep > 0)
                pdf_need(p, keep);
        }
        switch (b->kind) {
        case DOC_HEADING: {
            if (b->role && !strcmp(b->role, "appendix") && p->y > PDF_BODY_TOP + 0.5)
                pdf_new_page(p);
            double keep = pdf_block_h(p, i + 1, true, b->text, 0);
            size_t j = i + 1;
            const DocBlock *next = pdf_next_shown(d, &j);
            if (next && next->kind != DOC_HEADING)
                keep = fmax(keep, pdf_tail_keep(p, j, b->text));
            pdf_heading(p, pdf_level(b), b->text, keep);
            break;
        }
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
            pdf_doc_table(p, i, heading);
            break;
        case DOC_CHART:
            pdf_chart(p, b->chart);
            break;
        }
        heading = b->kind == DOC_HEADING ? b->text : NULL;
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
    for (size_t i = 0; i < p->doc->nblocks; i++)
        pdf_table_drop(p, i);
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
    return render_pdf_with(report, path, NULL, errs);
}

int render_pdf_with(const json_t *report, const char *path, const RenderOptions *opts,
                    Errs *errs)
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
    if (opts) {
        p.progress = opts->progress;
        p.progress_ctx = opts->progress_ctx;
    }
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
    p.pango = pdf_pango_context(p.cr);
    p.text = pango_layout_new(p.pango);
    p.head = pango_layout_new(p.pango);
    for (int f = 0; f < PF_COUNT; f++)
        p.fonts[f] = pango_font_description_from_string(pdf_font_names[f]);

    p.tables = xcalloc(doc->nblocks + 1, sizeof *p.tables);
    p.draw = false;
    pdf_document(&p);
    pdf_progress(&p, "laying out the PDF", doc->nblocks, doc->nblocks);
    p.pages = p.page;
    p.draw = true;
    pdf_document(&p);
    /* Blocks report the page they begin on; a table may run on for pages after it. */
    pdf_progress(&p, "writing the PDF", (size_t)p.pages, (size_t)p.pages);

    for (size_t i = 0; i < doc->nblocks; i++)
        free(p.tables[i].row_h);
    free(p.tables);
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
