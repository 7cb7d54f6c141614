/* csvwrite.c — one written CSV or TSV cell, neutralised against formula injection (see
 * csvwrite.h). */
#include "csvwrite.h"

#include <string.h>

/* True for an optionally signed whole or decimal number ("-12", "3,5", "+4670…"). */
static bool plain_number(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t d = strspn(s, "0123456789");
    if (d == 0)
        return false;
    s += d;
    if (*s == '.' || *s == ',') {
        size_t f = strspn(s + 1, "0123456789");
        if (f == 0)
            return false;
        s += 1 + f;
    }
    return *s == '\0';
}

bool csvwrite_formula_like(const char *value)
{
    if (!value || !*value)
        return false;
    if (value[0] == '\t' || value[0] == '\r')
        return true;
    const char *p = value + strspn(value, " \t\r\n");
    if (!*p || !strchr("=+-@", *p))
        return false;
    /* A lone sign is the dash of an empty figure, and a number no formula. */
    bool lone_sign = (*p == '+' || *p == '-') && p[1] == '\0';
    return !lone_sign && !plain_number(value);
}

void csvwrite_cell(Buf *out, const char *value, char sep)
{
    const char *v = value ? value : "";
    bool tsv = sep == '\t';
    bool quote = !tsv && v[strcspn(v, (char[]){sep, '"', '\n', '\r', '\0'})] != '\0';
    if (quote)
        buf_putc(out, '"');
    if (csvwrite_formula_like(v))
        buf_putc(out, '\'');
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (tsv && (c < 0x20 || c == 0x7f))
            buf_putc(out, ' ');
        else if (quote && c == '"')
            buf_puts(out, "\"\"");
        else
            buf_putc(out, (char)c);
    }
    if (quote)
        buf_putc(out, '"');
}

void csvwrite_row(Buf *out, int ncols, const char *const *values, char sep)
{
    for (int i = 0; i < ncols; i++) {
        if (i)
            buf_putc(out, sep);
        csvwrite_cell(out, values[i], sep);
    }
    buf_puts(out, sep == '\t' ? "\n" : "\r\n");
}
