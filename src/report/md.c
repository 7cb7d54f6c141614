/* md.c — a report JSON (docs/report-format.md) as Markdown, ready to paste into the funder's web
 * form: a serializer of the report document (doc.h). Each question is a heading with its answer
 * (the narrative, already Markdown, as written) and the figures follow as Markdown tables.
 * Charts are left out: the tables carry the same figures. */
#include "render.h"

#include <string.h>

#include "doc.h"
#include "escape.h"

#define DASH "\xe2\x80\x93"

/* ---- Escaping of data inside Markdown ---- */

/* Appends s so that Markdown reads it as the literal text: inline syntax characters and the
 * table separator are backslash-escaped anywhere, and line breaks become spaces because a table
 * row must stay on one line. For text that starts a block, see md_line_text. */
static void md_text(Buf *o, const char *s)
{
    if (!s) {
        buf_puts(o, DASH);
        return;
    }
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n' || c == '\r' || c == '\t') {
            buf_putc(o, ' ');
        } else if (c < 0x20 || c == 0x7f) {
            continue;
        } else if (strchr("\\`*_[]<>|#&!~", (int)c)) {
            buf_putc(o, '\\');
            buf_putc(o, (char)c);
        } else {
            buf_putc(o, (char)c);
        }
    }
}

/* As md_text, for text at the start of a line (a paragraph, a list item): a leading "-", "+",
 * "=" or "1." would otherwise turn it into a list or a heading underline. */
static void md_line_text(Buf *o, const char *s)
{
    if (s && (s[0] == '-' || s[0] == '+' || s[0] == '=')) {
        buf_putc(o, '\\');
    } else if (s) {
        size_t d = strspn(s, "0123456789");
        if (d > 0 && (s[d] == '.' || s[d] == ')')) {
            buf_append(o, s, d);
            buf_putc(o, '\\');
            s += d;
        }
    }
    md_text(o, s);
}

/* ---- Blocks ---- */

/* A bold caption line (left out where it would repeat the heading just above, `heading`),
 * the header row, the alignment row and the rows. Markdown has no spanning headings, so
 * grouped columns use their flat heading. The name of a total row is bold. */
static void md_table(Buf *o, const DocTable *t, const char *heading)
{
    if (!doc_caption_repeats(heading, t->caption)) {
        buf_puts(o, "**");
        md_text(o, t->caption);
        buf_puts(o, "**\n\n");
    }
    buf_putc(o, '|');
    for (size_t c = 0; c < t->ncols; c++) {
        buf_putc(o, ' ');
        md_text(o, t->cols[c].flat ? t->cols[c].flat : t->cols[c].heading);
        buf_puts(o, " |");
    }
    buf_puts(o, "\n|");
    for (size_t c = 0; c < t->ncols; c++)
        buf_puts(o, t->cols[c].right ? " ---: |" : " --- |");
    buf_putc(o, '\n');
    for (size_t r = 0; r < t->nrows; r++) {
        const DocRow *row = &t->rows[r];
        buf_putc(o, '|');
        for (size_t c = 0; c < t->ncols; c++) {
            const DocCell *cell = &row->cells[c];
            bool bold = row->total && c == t->row_header;
            buf_puts(o, bold ? " **" : " ");
            md_text(o, cell->text);
            if (cell->detail) {
                buf_puts(o, " (");
                md_text(o, cell->detail);
                buf_putc(o, ')');
            }
            buf_puts(o, bold ? "** |" : " |");
        }
        buf_putc(o, '\n');
    }
    buf_putc(o, '\n');
}

static void md_para(Buf *o, const DocBlock *b)
{
    switch (b->style) {
    case DOC_P_PLAIN:
        if (b->label) {
            buf_puts(o, "**");
            md_text(o, b->label);
            buf_puts(o, "** ");
            md_text(o, b->text);
        } else {
            md_line_text(o, b->text);
        }
        break;
    case DOC_P_MISSING:
    case DOC_P_NOTE:
        buf_putc(o, '_');
        md_text(o, b->text);
        buf_putc(o, '_');
        break;
    case DOC_P_VERDICT:
        buf_puts(o, "**");
        md_text(o, b->text);
        buf_puts(o, "**");
        break;
    case DOC_P_DECISION:
        buf_puts(o, "**");
        md_text(o, b->label);
        buf_puts(o, "** ");
        md_text(o, b->text);
        break;
    case DOC_P_DRAFT:
        buf_puts(o, "> **");
        md_text(o, b->text);
        buf_puts(o, "**");
        break;
    }
    buf_puts(o, "\n\n");
}

/* A narrative as the user wrote it: it is Markdown already, with raw HTML and unsafe links
 * neutralised (esc_markdown_md) as the HTML report neutralises them. Trailing blank lines and
 * spaces are dropped so that the blank line after it is exactly one. */
static void md_markdown(Buf *o, const char *markdown)
{
    Buf safe = {0};
    esc_markdown_md(&safe, markdown);
    size_t n = safe.len;
    while (n > 0 && (safe.data[n - 1] == '\n' || safe.data[n - 1] == ' '))
        n--;
    buf_append(o, safe.data, n);
    buf_puts(o, "\n\n");
    buf_free(&safe);
}

/* Appends the whole document to o. Consecutive label/value lines form one list. */
static void md_doc(Buf *o, const Doc *d)
{
    bool in_meta = false;
    const char *heading = NULL;   /* the heading just before the block, for tables */
    for (size_t i = 0; i < d->nblocks; i++) {
        const DocBlock *b = &d->blocks[i];
        if (!doc_shows(b, DOC_MD))
            continue;
        const char *above = heading;
        heading = b->kind == DOC_HEADING ? b->text : NULL;
        if (in_meta && b->kind != DOC_META) {
            buf_putc(o, '\n');
            in_meta = false;
        }
        switch (b->kind) {
        case DOC_HEADING:
            for (int l = 0; l < b->level; l++)
                buf_putc(o, '#');
            buf_putc(o, ' ');
            md_text(o, b->text);
            buf_puts(o, "\n\n");
            break;
        case DOC_META:
            buf_puts(o, "- **");
            md_text(o, b->label);
            buf_puts(o, ":** ");
            md_text(o, b->text);
            buf_putc(o, '\n');
            in_meta = true;
            break;
        case DOC_PARA:
            md_para(o, b);
            break;
        case DOC_MARKDOWN:
            md_markdown(o, b->text);
            break;
        case DOC_LIST:
            for (size_t k = 0; k < b->nitems; k++) {
                buf_puts(o, "- ");
                md_line_text(o, b->items[k]);
                buf_putc(o, '\n');
            }
            buf_putc(o, '\n');
            break;
        case DOC_TABLE:
            md_table(o, b->table, above);
            break;
        case DOC_CHART:
            break;
        }
    }
}

/* Builds the document and appends it to out only when that succeeded. The output ends with
 * exactly one newline. */
int render_md(const json_t *report, Buf *out, Errs *errs)
{
    Doc *d;
    int rc = doc_build(report, &d, errs);
    if (rc != INSATS_OK)
        return rc;
    Buf o = {0};
    md_doc(&o, d);
    doc_free(d);
    while (o.len > 0 && o.data[o.len - 1] == '\n')
        o.data[--o.len] = '\0';
    buf_append(out, o.data, o.len);
    buf_putc(out, '\n');
    buf_free(&o);
    return INSATS_OK;
}
