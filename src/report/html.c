/* html.c — a report JSON (docs/report-format.md) as one standalone, printable and accessible HTML
 * document: the lägesrapport, the slutrapport and meeting minutes. A serializer of the report
 * document (doc.h): it lays out, computes nothing, and every byte of data goes through escape.c. */
#include "render.h"

#include <string.h>

#include "chart.h"
#include "doc.h"
#include "escape.h"

/* ---- Document frame ---- */

static void html_begin(Buf *o, const char *title)
{
    esc_raw_literal(o, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    esc_printf(o, "<title>%s</title>\n", title);
    /* Black on white and dark greys only (contrast above 7:1); states are always written out
     * in words, never shown by colour alone. */
    esc_raw_literal(o,
        "<style>\n"
        "body{font-family:\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;color:#1b1b1b;"
        "background:#fff;line-height:1.45;max-width:62rem;margin:2rem auto;padding:0 1rem}\n"
        "h1{font-size:1.9rem;margin:0 0 .6rem}\n"
        "h2{font-size:1.4rem;border-bottom:2px solid #1b1b1b;padding-bottom:.15rem;margin-top:2.4rem}\n"
        "h3{font-size:1.15rem;margin-top:1.8rem}\n"
        "h4,h5,h6{font-size:1rem;margin-top:1.2rem}\n"
        "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1.2rem;margin:0}\n"
        "dl.meta dt{font-weight:bold}\n"
        "dl.meta dd{margin:0}\n"
        "table{border-collapse:collapse;width:100%;margin:.6rem 0 1.4rem;font-size:.92rem}\n"
        "caption{caption-side:top;text-align:left;font-weight:bold;padding:0 0 .3rem}\n"
        "th,td{border:1px solid #5a5a5a;padding:.25rem .45rem;text-align:left;vertical-align:top}\n"
        "thead th{background:#e6e6e6}\n"
        "tbody th{font-weight:normal}\n"
        ".num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
        "tr.total th,tr.total td{font-weight:bold;border-top:2px solid #1b1b1b}\n"
        ".desc{font-size:.88rem;color:#3d3d3d}\n"
        ".missing,.suppressed,.note{font-style:italic;color:#3d3d3d}\n"
        ".verdict{font-weight:bold}\n"
        ".answer{margin-bottom:.8rem}\n"
        "figure.chart{margin:1rem 0}\n"
        "figure.chart svg{display:block;width:100%;height:auto}\n"
        /* The draft banner: its lead and its list in one box. */
        "p.draft{font-weight:bold;border:3px solid #1b1b1b;border-bottom:0;padding:.5rem .7rem 0;"
        "margin:.8rem 0 0}\n"
        "ul.draft{border:3px solid #1b1b1b;border-top:0;margin:0 0 .3rem;padding:.3rem .7rem .5rem 2.2rem}\n"
        ".draft-mark{display:none}\n"
        "footer{margin-top:3rem;padding-top:.4rem;border-top:1px solid #5a5a5a;font-size:.85rem}\n"
        "@media print{\n"
        "@page{size:A4;margin:18mm 16mm 20mm}\n"
        "body{max-width:none;margin:0;padding:0;font-size:10pt}\n"
        "h2{break-before:page;page-break-before:always}\n"
        "main>section:first-child>h2{break-before:auto;page-break-before:auto}\n"
        "h2,h3,h4,h5,caption{break-after:avoid;page-break-after:avoid}\n"
        "thead{display:table-header-group}\n"
        "tr,figure{break-inside:avoid;page-break-inside:avoid}\n"
        "a{color:inherit}\n"
        /* A fixed element repeats on every printed page: a draft says so on each one. */
        ".draft-mark{display:block;position:fixed;top:0;right:0;font-weight:bold;"
        "font-size:9pt;letter-spacing:.1em;text-transform:uppercase}\n"
        "}\n"
        "</style>\n</head>\n<body>\n");
}

static void html_end(Buf *o, const char *generated)
{
    esc_raw_literal(o, "<footer>\n");
    if (generated)
        esc_printf(o, "<p>Framtagen %s med insats. Alla siffror är beräknade ur projektets "
                      "registrerade uppgifter.</p>\n", generated);
    else
        esc_raw_literal(o, "<p>Framtagen med insats.</p>\n");
    esc_raw_literal(o, "</footer>\n</body>\n</html>\n");
}

/* A <figure> slot for a chart, drawn by chart.c (the same chart as the PDF's), when the report
 * has data for it: the tables beside it carry the same figures as text. The figure's id,
 * which every id inside the SVG starts with, is "diagram-<chart>", numbered from the second
 * time a chart appears, so that the ids of one page stay unique. */
static void html_chart(Buf *o, const json_t *r, const Doc *d, size_t at)
{
    const DocBlock *b = &d->blocks[at];
    size_t seen = 0;
    for (size_t i = 0; i < at; i++)
        if (d->blocks[i].kind == DOC_CHART && doc_shows(&d->blocks[i], DOC_HTML) &&
            !strcmp(d->blocks[i].chart, b->chart))
            seen++;
    Buf id = {0};
    buf_printf(&id, "diagram-%s", b->chart);
    if (seen)
        buf_printf(&id, "-%zu", seen + 1);
    Buf svg = {0};
    if (chart_svg(&svg, r, b->chart, id.data) == INSATS_OK && svg.len > 0) {
        esc_printf(o, "<figure class=\"chart\" id=\"%s\">\n", id.data);
        buf_append(o, svg.data, svg.len);   /* the chart module's own escaped SVG */
        esc_printf(o, "\n<figcaption>%s</figcaption>\n</figure>\n", b->text);
    }
    buf_free(&svg);
    buf_free(&id);
}

/* The header rows: one row, or two when columns are grouped under a spanning heading (the
 * ungrouped columns then span both rows). */
static void html_thead(Buf *o, const DocTable *t)
{
    bool grouped = false;
    for (size_t c = 0; c < t->ncols; c++)
        grouped = grouped || t->cols[c].group;
    if (!grouped) {
        esc_raw_literal(o, "<thead><tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            if (t->cols[c].right)
                esc_printf(o, "<th scope=\"col\" class=\"num\">%s</th>", t->cols[c].heading);
            else
                esc_printf(o, "<th scope=\"col\">%s</th>", t->cols[c].heading);
        }
        esc_raw_literal(o, "</tr></thead>\n");
        return;
    }
    esc_raw_literal(o, "<thead>\n<tr>");
    for (size_t c = 0; c < t->ncols; c++) {
        const DocCol *col = &t->cols[c];
        if (!col->group) {
            if (col->right)
                esc_printf(o, "<th scope=\"col\" rowspan=\"2\" class=\"num\">%s</th>", col->heading);
            else
                esc_printf(o, "<th scope=\"col\" rowspan=\"2\">%s</th>", col->heading);
        } else if (c == 0 || !t->cols[c - 1].group || strcmp(t->cols[c - 1].group, col->group) != 0) {
            int span = 1;
            while (c + (size_t)span < t->ncols && t->cols[c + (size_t)span].group &&
                   !strcmp(t->cols[c + (size_t)span].group, col->group))
                span++;
            esc_printf(o, "<th scope=\"colgroup\" colspan=\"%d\">%s</th>", span, col->group);
        }
    }
    esc_raw_literal(o, "</tr>\n<tr>");
    for (size_t c = 0; c < t->ncols; c++) {
        if (!t->cols[c].group)
            continue;
        if (t->cols[c].right)
            esc_printf(o, "<th scope=\"col\" class=\"num\">%s</th>", t->cols[c].heading);
        else
            esc_printf(o, "<th scope=\"col\">%s</th>", t->cols[c].heading);
    }
    esc_raw_literal(o, "</tr>\n</thead>\n");
}

/* A table with its caption; the row-header column is <th scope="row">, figure columns are
 * right-aligned, and a run of suppressed cells hidden for the same reason becomes one cell
 * that says why. */
static void html_table(Buf *o, const DocTable *t)
{
    esc_printf(o, "<table>\n<caption>%s</caption>\n", t->caption);
    html_thead(o, t);
    esc_raw_literal(o, "<tbody>\n");
    for (size_t r = 0; r < t->nrows; r++) {
        const DocRow *row = &t->rows[r];
        if (row->total)
            esc_raw_literal(o, "<tr class=\"total\">");
        else
            esc_raw_literal(o, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            const DocCell *cell = &row->cells[c];
            if (c == t->row_header) {
                esc_printf(o, "<th scope=\"row\">%s", cell->text);
                if (cell->detail)
                    esc_printf(o, "<div class=\"desc\">%s</div>", cell->detail);
                esc_raw_literal(o, "</th>");
            } else if (cell->suppressed) {
                int span = 1;
                while (c + 1 < t->ncols && row->cells[c + 1].suppressed &&
                       !strcmp(row->cells[c + 1].text, cell->text)) {
                    span++;
                    c++;
                }
                esc_printf(o, "<td colspan=\"%d\" class=\"suppressed\">%s</td>", span, cell->text);
            } else if (t->cols[c].right) {
                esc_printf(o, "<td class=\"num\">%s</td>", cell->text);
            } else {
                esc_printf(o, "<td>%s</td>", cell->text);
            }
        }
        esc_raw_literal(o, "</tr>\n");
    }
    esc_raw_literal(o, "</tbody>\n</table>\n");
}

static void html_para(Buf *o, const DocBlock *b)
{
    switch (b->style) {
    case DOC_P_PLAIN:
        if (b->label)
            esc_printf(o, "<p><strong>%s</strong> %s</p>\n", b->label, b->text);
        else
            esc_printf(o, "<p>%s</p>\n", b->text);
        break;
    case DOC_P_MISSING:
        esc_printf(o, "<p class=\"missing\">%s</p>\n", b->text);
        break;
    case DOC_P_NOTE:
        esc_printf(o, "<p class=\"note\">%s</p>\n", b->text);
        break;
    case DOC_P_VERDICT:
        esc_printf(o, "<p class=\"verdict\">%s</p>\n", b->text);
        break;
    case DOC_P_DECISION:
        esc_printf(o, "<p class=\"decision\"><strong>%s</strong> %s</p>\n", b->label, b->text);
        break;
    case DOC_P_DRAFT:
        esc_printf(o, "<p class=\"draft\" role=\"alert\">%s</p>\n", b->text);
        break;
    }
}

/* A heading; one that opens a section first closes the open sections of its level and
 * below, so that <section> elements nest as the headings do. */
static void html_heading(Buf *o, const DocBlock *b, int *open, int *nopen)
{
    if (b->section) {
        while (*nopen > 0 && open[*nopen - 1] >= b->level) {
            esc_raw_literal(o, "</section>\n");
            (*nopen)--;
        }
        open[(*nopen)++] = b->level;
        esc_raw_literal(o, "<section");
        if (b->anchor)
            esc_printf(o, " id=\"%s\"", b->anchor);
        if (b->role)
            esc_printf(o, " class=\"%s\"", b->role);
        esc_raw_literal(o, ">\n");
    }
    esc_printf(o, "<h%d>%s</h%d>\n", b->level, b->text, b->level);
}

/* The body: the header blocks in <header>, the rest in <main> with their sections. */
static void html_doc(Buf *o, const Doc *d, const json_t *report)
{
    int open[8], nopen = 0;
    bool in_meta = false;
    if (d->draft)
        esc_printf(o, "<div class=\"draft-mark\" aria-hidden=\"true\">%s</div>\n", d->draft);
    esc_raw_literal(o, "<header>\n");
    for (size_t i = 0; i <= d->nblocks; i++) {
        const DocBlock *b = i < d->nblocks ? &d->blocks[i] : NULL;
        if (b && !doc_shows(b, DOC_HTML))
            continue;
        if (in_meta && (!b || b->kind != DOC_META || i == d->header_end)) {
            esc_raw_literal(o, "</dl>\n");
            in_meta = false;
        }
        if (i == d->header_end)
            esc_raw_literal(o, "</header>\n<main>\n");
        if (!b)
            break;
        switch (b->kind) {
        case DOC_HEADING:
            html_heading(o, b, open, &nopen);
            break;
        case DOC_META:
            if (!in_meta)
                esc_raw_literal(o, "<dl class=\"meta\">\n");
            in_meta = true;
            esc_printf(o, "<dt>%s</dt><dd>%s</dd>\n", b->label, b->text);
            break;
        case DOC_PARA:
            html_para(o, b);
            break;
        case DOC_MARKDOWN:
            if (b->role)
                esc_printf(o, "<div class=\"%s\">\n", b->role);
            esc_markdown_html(o, b->text, 3);
            if (b->role)
                esc_raw_literal(o, "</div>\n");
            break;
        case DOC_LIST:
            esc_printf(o, "<ul class=\"%s\">\n", b->role);
            for (size_t k = 0; k < b->nitems; k++)
                esc_printf(o, "<li>%s</li>\n", b->items[k]);
            esc_raw_literal(o, "</ul>\n");
            break;
        case DOC_TABLE:
            html_table(o, b->table);
            break;
        case DOC_CHART:
            html_chart(o, report, d, i);
            break;
        }
    }
    while (nopen-- > 0)
        esc_raw_literal(o, "</section>\n");
    esc_raw_literal(o, "</main>\n");
}

/* Builds the document and appends the page to out. Output is appended only as a whole: on an
 * error out is left as it was, so a caller can still write an error page into it. */
int render_html(const json_t *report, Buf *out, Errs *errs)
{
    Doc *d;
    int rc = doc_build(report, &d, errs);
    if (rc != INSATS_OK)
        return rc;
    html_begin(out, d->title);
    html_doc(out, d, report);
    html_end(out, d->generated);
    doc_free(d);
    return INSATS_OK;
}
