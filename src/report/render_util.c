/* render_util.c — the Swedish formatting every renderer shares: numbers with no-break-space
 * grouping and decimal comma, kronor, percentages, Ja/Nej and the labels of enum values. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NBSP "\xc2\xa0"
#define DASH "\xe2\x80\x93"   /* en dash: "no value" */

/* Appends the digits of magnitude u grouped by three with no-break spaces, so that a
 * figure never wraps in the middle when a table cell or a PDF line is narrow. */
static void put_grouped(Buf *out, unsigned long long u)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", u);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf_puts(out, NBSP);
        buf_putc(out, digits[i]);
    }
}

/* Integers as they are; reals with at most two decimals (the most the report JSON carries:
 * hours and means), trailing zeros dropped. The minus sign is ASCII on purpose: the output is
 * pasted into web forms and spreadsheets that do not read U+2212. */
void render_number(Buf *out, const json_t *v)
{
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i < 0)
            buf_putc(out, '-');
        put_grouped(out, i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i);
        return;
    }
    if (!json_is_real(v) || !isfinite(json_real_value(v))) {
        buf_puts(out, DASH);
        return;
    }
    double d = json_real_value(v);
    long long hundredths = llround(fabs(d) * 100.0);
    if (d < 0 && hundredths != 0)
        buf_putc(out, '-');
    put_grouped(out, (unsigned long long)(hundredths / 100));
    int frac = (int)(hundredths % 100);
    if (frac != 0) {
        if (frac % 10 == 0)
            buf_printf(out, ",%d", frac / 10);
        else
            buf_printf(out, ",%02d", frac);
    }
}

void render_kronor(Buf *out, const json_t *v)
{
    render_number(out, v);
    if (json_is_number(v))
        buf_puts(out, NBSP "kr");
}

/* Always one decimal ("50,0 %"), as the JSON's percentages have, so that a column of shares
 * lines up on the comma. */
void render_percent(Buf *out, const json_t *v)
{
    if (!json_is_number(v) || !isfinite(json_number_value(v))) {
        buf_puts(out, DASH);
        return;
    }
    double d = json_number_value(v);
    long long tenths = llround(fabs(d) * 10.0);
    if (d < 0 && tenths != 0)
        buf_putc(out, '-');
    put_grouped(out, (unsigned long long)(tenths / 10));
    buf_printf(out, ",%d" NBSP "%%", (int)(tenths % 10));
}

const char *render_yes_no(const json_t *v)
{
    if (json_is_true(v))
        return "Ja";
    if (json_is_false(v))
        return "Nej";
    return DASH;
}

const char *render_suppressed_sv(const json_t *cell)
{
    const char *why = json_string_value(json_object_get(cell, "suppressed_reason"));
    /* A report frozen before the reason was recorded has none; it said "färre än 5 svar". */
    if (why && !strcmp(why, "complement"))
        return "dold så att små grupper inte kan räknas fram";
    return "färre än 5 svar";
}

const char *render_gender_sv(const char *key)
{
    if (!key)
        return DASH;
    if (!strcmp(key, "women") || !strcmp(key, "female"))
        return "Kvinnor";
    if (!strcmp(key, "men") || !strcmp(key, "male"))
        return "Män";
    if (!strcmp(key, "other") || !strcmp(key, "unknown"))
        return "Övriga/okänt";
    if (!strcmp(key, "total"))
        return "Totalt";
    return key;
}

const char *render_label_sv(VocabList list, const char *key)
{
    if (!key)
        return DASH;
    const char *label = vocab_label_sv(list, key);
    return label ? label : key;
}
