/* xlsx_list.c — a list (the rows of a page's table) as a one-sheet workbook in memory, for the
 * web's downloads. Cells a spreadsheet could take for a formula are neutralised as in CSV
 * (csvwrite_formula_like(): a leading apostrophe), although a string cell of a workbook is
 * never run, so that the same name reads the same in both downloads and stays inert when
 * someone edits the cell. Plain numbers are written as numbers. libxlsxwriter writes only to
 * a file: it goes to a private temporary directory and is read back and removed. */
#include "render.h"
#include "csvwrite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* A whole or decimal number with a point, as browse_list() writes figures ("12", "-3.50"). */
static bool xlsx_list_number(const char *s, double *out)
{
    if (!*s || strlen(s) > 15 || (s[0] == '0' && s[1] && s[1] != '.'))
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || strspn(s, "-0123456789.") != strlen(s))
        return false;
    *out = v;
    return true;
}

static void xlsx_list_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *v,
                           lxw_format *fmt)
{
    double d;
    if (!fmt && xlsx_list_number(v, &d)) {
        worksheet_write_number(ws, r, c, d, NULL);
    } else if (csvwrite_formula_like(v)) {
        char *safe = xasprintf("'%s", v);
        worksheet_write_string(ws, r, c, safe, fmt);
        free(safe);
    } else if (*v) {
        worksheet_write_string(ws, r, c, v, fmt);
    }
}

int render_xlsx_list(const char *sheet, const json_t *header, const json_t *rows, Buf *out,
                     Errs *errs)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/insats-list-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        errs_add(errs, "cannot make a temporary directory for the workbook");
        free(dir);
        return INSATS_ESTORAGE;
    }
    char *path = xasprintf("%s/list.xlsx", dir);
    int rc = INSATS_OK;
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        errs_add(errs, "cannot create the workbook (out of memory)");
        rc = INSATS_ESTORAGE;
    } else {
        /* a sheet name has at most 31 characters and none of []:*?/\ */
        char name[32];
        snprintf(name, sizeof name, "%s", sheet && *sheet ? sheet : "Lista");
        for (char *q = name; *q; q++)
            if (strchr("[]:*?/\\", *q))
                *q = '_';
        bool valid = workbook_validate_sheet_name(wb, name) == LXW_NO_ERROR;
        lxw_worksheet *ws = workbook_add_worksheet(wb, valid ? name : NULL);
        lxw_format *bold = workbook_add_format(wb);
        format_set_bold(bold);
        size_t i, j;
        json_t *v, *row;
        json_array_foreach(header, j, v)
            xlsx_list_cell(ws, 0, (lxw_col_t)j, json_string_value(v) ? json_string_value(v) : "",
                           bold);
        json_array_foreach(rows, i, row) {
            json_array_foreach(row, j, v)
                xlsx_list_cell(ws, (lxw_row_t)(i + 1), (lxw_col_t)j,
                               json_string_value(v) ? json_string_value(v) : "", NULL);
        }
        if (json_array_size(header))
            worksheet_freeze_panes(ws, 1, 0);
        if (workbook_close(wb) != LXW_NO_ERROR) {
            errs_add(errs, "cannot write the workbook");
            rc = INSATS_ESTORAGE;
        }
    }
    if (rc == INSATS_OK) {
        FILE *in = fopen(path, "rb");
        char chunk[65536];
        size_t n;
        while (in && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
            buf_append(out, chunk, n);
        if (!in || ferror(in)) {
            errs_add(errs, "cannot read back the workbook just written");
            rc = INSATS_ESTORAGE;
        }
        if (in)
            fclose(in);
    }
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    return rc;
}
