/* pdf.h — the piece of the PDF layout (pdf.c) that is worth testing on its own: how a table's
 * columns get their widths and its font size from the text they hold. */
#ifndef INSATS_PDF_H
#define INSATS_PDF_H

#include <pango/pangocairo.h>
#include <stdbool.h>

#include "doc.h"

#define PDF_CELL_PAD 3.0        /* space inside a cell on each side, points */
#define PDF_MAX_COLS 16         /* no table of the reports has more than 10 columns */

typedef struct PdfColumns {
    int ncols;
    double width[PDF_MAX_COLS]; /* points, padding included; they add up to the width given */
    double size;                /* font size of the table, points: 8, or smaller to fit */
    bool tight;                 /* not even the smallest size holds every word of a column
                                   whole: words of that table may break (never with a hyphen) */
} PdfColumns;

/* The pango context the PDF sets its text with, for cr (a context on a PDF surface): 72 dpi, so
 * that a font's points are the page's, and glyphs placed where they fall rather than on whole
 * points, so that widths are the same at every size. Free with g_object_unref. */
PangoContext *pdf_pango_context(cairo_t *cr);

/* The text a cell shows in the PDF (its figure with the unit, a row's secondary text on a line of
 * its own). Caller frees. */
char *pdf_cell_text(const DocCell *c);

/* The heading of a column in the PDF: its own wording, else the flat one, else the heading. */
const char *pdf_col_title(const DocCol *c);

/* Column widths for table t in `avail` points, measured with pango in context pc (at 72 dpi, as
 * the PDF sets text): each column at least as wide as its longest word (a figure: its whole
 * text) in the header's bold and the body's font, so that words never break and header cells
 * never run into each other; the rest of the width to the columns whose text would otherwise
 * wrap, most to the longest. When the longest words do not fit side by side, the font size is
 * lowered in steps down to 6 pt. A table of more than a few hundred rows is measured on its first
 * rows and on the longest texts of each column. */
void pdf_table_columns(PangoContext *pc, const DocTable *t, double avail, PdfColumns *out);

#endif
