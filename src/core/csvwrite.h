/* csvwrite.h — cells of the CSV and TSV text insats writes (`list --tsv`), made safe for the
 * spreadsheet that opens them. The one place that decides what a written cell looks like. */
#ifndef INSATS_CSVWRITE_H
#define INSATS_CSVWRITE_H

#include <stdbool.h>

#include "util.h"

/* True when a spreadsheet could take value for a formula: it starts — after any leading
 * whitespace — with =, +, - or @, or it starts with a tab or a carriage return. A plain number
 * ("-12", "+46701234567", "3,5") and a lone "-" or "+" are no formula. */
bool csvwrite_formula_like(const char *value);

/* Appends value as one cell of a file whose cells are separated by sep ('\t' for TSV, ',' or
 * ';' for CSV). A formula-like value gets a leading apostrophe, the OWASP convention for CSV
 * injection, which a spreadsheet shows as text and does not run. In TSV, tabs, line breaks and
 * other control characters become spaces (a TSV cell cannot hold them); in CSV, a cell holding
 * sep, a double quote or a line break is quoted, its quotes doubled. NULL is an empty cell. */
void csvwrite_cell(Buf *out, const char *value, char sep);

/* Appends one row: the ncols cells (csvwrite_cell each) separated by sep, ended by CR LF as
 * RFC 4180 and spreadsheets expect (by LF in TSV). */
void csvwrite_row(Buf *out, int ncols, const char *const *values, char sep);

#endif
