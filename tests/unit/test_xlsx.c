/* test_xlsx.c — the XLSX renderer (src/report/xlsx.c): renders the sample lägesrapport and
 * slutrapport (tests/fixtures/report-sample-*.json) and reads the workbook back with unzip:
 * sheet names and order, figures as numeric cells with their number formats, dates as date
 * serials with a yyyy-mm-dd style, texts in the shared strings, bold frozen headers with an
 * autofilter, totals written as numbers (no formulas), the slutrapport's surveys with
 * suppressed cells, certificates and baseline/follow-up comparison; minutes and unwritable
 * paths are refused; the same JSON gives the same bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "testutil.h"
#include "util.h"

typedef struct Fx {
    char *dir;               /* the temporary directory */
    char *path;              /* the workbook written */
    Buf sheets[12];          /* xl/worksheets/sheetN.xml, N = index + 1 */
    Buf comments[12];        /* the comments of sheet index + 1 (empty when it has none) */
    Buf strings;             /* xl/sharedStrings.xml */
    Buf styles;              /* xl/styles.xml */
    Buf workbook;            /* xl/workbook.xml */
} Fx;

/* The bytes of one member of the zip (empty when there is none). */
static void unzip_member(const char *zip, const char *member, Buf *out)
{
    char *cmd = xasprintf("unzip -p '%s' '%s' 2>/dev/null", zip, member);
    FILE *p = popen(cmd, "r");
    free(cmd);
    assert_non_null(p);
    char chunk[4096];
    size_t n;
    buf_clear(out);
    buf_puts(out, "");
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(out, chunk, n);
    pclose(p);
}

static int setup(void **state)
{
    Fx *fx = xcalloc(1, sizeof *fx);
    *state = fx;
    fx->dir = tu_tmpdir("xlsx");
    if (!fx->dir)
        return -1;
    fx->path = xasprintf("%s/r.xlsx", fx->dir);
    return 0;
}

static int teardown(void **state)
{
    Fx *fx = *state;
    int rc = tu_rmtree(fx->dir);
    for (size_t i = 0; i < sizeof fx->sheets / sizeof *fx->sheets; i++) {
        buf_free(&fx->sheets[i]);
        buf_free(&fx->comments[i]);
    }
    buf_free(&fx->strings);
    buf_free(&fx->styles);
    buf_free(&fx->workbook);
    free(fx->path);
    free(fx);
    return rc;
}

/* Renders a report to fx->path and unpacks the parts the checks read. */
static void render_report(Fx *fx, json_t *report)
{
    Errs errs;
    errs_init(&errs);
    int rc = render_xlsx(report, fx->path, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    for (size_t i = 0; i < sizeof fx->sheets / sizeof *fx->sheets; i++) {
        char member[64];
        snprintf(member, sizeof member, "xl/worksheets/sheet%zu.xml", i + 1);
        unzip_member(fx->path, member, &fx->sheets[i]);
        /* The sheet's comments are the commentsK.xml its relationships name. */
        Buf rels = {0};
        snprintf(member, sizeof member, "xl/worksheets/_rels/sheet%zu.xml.rels", i + 1);
        unzip_member(fx->path, member, &rels);
        const char *c = strstr(rels.data, "../comments");
        buf_clear(&fx->comments[i]);
        buf_puts(&fx->comments[i], "");
        if (c) {
            snprintf(member, sizeof member, "xl/comments%ld.xml", strtol(c + 11, NULL, 10));
            unzip_member(fx->path, member, &fx->comments[i]);
        }
        buf_free(&rels);
    }
    unzip_member(fx->path, "xl/sharedStrings.xml", &fx->strings);
    unzip_member(fx->path, "xl/styles.xml", &fx->styles);
    unzip_member(fx->path, "xl/workbook.xml", &fx->workbook);
}

static void render_fixture(Fx *fx, const char *name)
{
    json_t *report = tu_load_jsonc(name);
    render_report(fx, report);
    json_decref(report);
}

/* ---- reading the XML back: just enough of SpreadsheetML for these checks */

/* Undoes the five XML entities. Caller frees. */
static char *xml_unescape(const char *s, size_t n)
{
    static const struct { const char *ent; char c; } ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    Buf b = {0};
    buf_puts(&b, "");
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof ents / sizeof *ents; k++) {
            size_t l = strlen(ents[k].ent);
            if (i + l <= n && strncmp(s + i, ents[k].ent, l) == 0) {
                buf_putc(&b, ents[k].c);
                i += l;
                break;
            }
        }
        if (k == sizeof ents / sizeof *ents)
            buf_putc(&b, s[i++]);
    }
    return buf_steal(&b);
}

/* The value of attribute name="…" inside the element text [el, end), or NULL. Caller frees. */
static char *attr(const char *el, const char *end, const char *name)
{
    char *key = xasprintf(" %s=\"", name);
    const char *p = strstr(el, key);
    size_t kl = strlen(key);
    free(key);
    if (!p || p >= end)
        return NULL;
    p += kl;
    const char *q = strchr(p, '"');
    return xml_unescape(p, (size_t)(q - p));
}

/* The <c r="REF" …>…</c> element of a sheet (copied; caller frees), or fails the test. */
static char *cell(const Buf *sheet, const char *ref)
{
    char *key = xasprintf("<c r=\"%s\"", ref);
    const char *p = strstr(sheet->data, key);
    free(key);
    if (!p)
        fprintf(stderr, "no cell %s\n", ref);
    assert_non_null(p);
    const char *close = strstr(p, "</c>");
    const char *selfclose = strstr(p, "/>");
    const char *end = selfclose && (!close || selfclose < close) ? selfclose + 2 : close + 4;
    return xstrndup(p, (size_t)(end - p));
}

/* The <v> of a cell element. Caller frees. */
static char *cell_value(const char *c)
{
    const char *v = strstr(c, "<v>");
    assert_non_null(v);
    const char *e = strstr(v, "</v>");
    return xstrndup(v + 3, (size_t)(e - v - 3));
}

/* The n-th (0-based) element named tag inside the section <section>…</section>. */
static const char *nth_element(const char *xml, const char *section, const char *tag, long n)
{
    char *open = xasprintf("<%s", section);
    const char *p = strstr(xml, open);
    free(open);
    assert_non_null(p);
    char *t = xasprintf("<%s ", tag);
    char *t2 = xasprintf("<%s>", tag);
    for (long i = 0; p; i++) {
        const char *a = strstr(p + 1, t), *b = strstr(p + 1, t2);
        p = a && (!b || a < b) ? a : b;
        if (i == n)
            break;
    }
    free(t);
    free(t2);
    assert_non_null(p);
    return p;
}

/* The number format code of a cell's style (s="N" → cellXfs[N] → numFmt), "General" for 0. */
static char *style_format(const Fx *fx, const char *c)
{
    char *s = attr(c, c + strlen(c), "s");
    long xf = s ? strtol(s, NULL, 10) : 0;
    free(s);
    const char *x = nth_element(fx->styles.data, "cellXfs", "xf", xf);
    char *id = attr(x, strchr(x, '>'), "numFmtId");
    assert_non_null(id);
    if (strcmp(id, "0") == 0) {
        free(id);
        return xstrdup("General");
    }
    char *key = xasprintf("<numFmt numFmtId=\"%s\"", id);
    const char *f = strstr(fx->styles.data, key);
    free(key);
    if (!f) {           /* a built-in format: return its id */
        char *r = xasprintf("builtin:%s", id);
        free(id);
        return r;
    }
    free(id);
    return attr(f, strchr(f, '>'), "formatCode");
}

/* True when a cell's style uses a bold font. */
static bool style_bold(const Fx *fx, const char *c)
{
    char *s = attr(c, c + strlen(c), "s");
    long xf = s ? strtol(s, NULL, 10) : 0;
    free(s);
    const char *x = nth_element(fx->styles.data, "cellXfs", "xf", xf);
    char *fid = attr(x, strchr(x, '>'), "fontId");
    const char *font = nth_element(fx->styles.data, "fonts", "font", strtol(fid, NULL, 10));
    free(fid);
    const char *end = strstr(font, "</font>");
    const char *b = strstr(font, "<b/>");
    return b && b < end;
}

/* The shared string number n. Caller frees. */
static char *shared_string(const Fx *fx, long n)
{
    const char *si = nth_element(fx->strings.data, "sst", "si", n);
    const char *t = strstr(si, "<t");
    t = strchr(t, '>') + 1;
    const char *e = strstr(t, "</t>");
    return xml_unescape(t, (size_t)(e - t));
}

/* Asserts a numeric cell (no t= attribute, so not a string nor a formula result) with the
 * value and number format given. */
static void assert_number(const Fx *fx, int sheet, const char *ref, const char *value,
                          const char *format)
{
    char *c = cell(&fx->sheets[sheet - 1], ref);
    if (strstr(c, " t=\"") || strstr(c, "<f>"))
        fprintf(stderr, "sheet%d %s is not a plain number: %s\n", sheet, ref, c);
    assert_null(strstr(c, " t=\""));
    assert_null(strstr(c, "<f>"));
    char *v = cell_value(c);
    /* libxlsxwriter writes 16 significant digits (77.4 as "77.40000000000001"), which reads
     * back as the very same double: compare the doubles, exactly. */
    if (strtod(v, NULL) != strtod(value, NULL))
        fprintf(stderr, "sheet%d %s: %s, want %s\n", sheet, ref, v, value);
    assert_true(strtod(v, NULL) == strtod(value, NULL));
    char *f = style_format(fx, c);
    assert_string_equal(f, format);
    free(f);
    free(v);
    free(c);
}

/* Asserts a string cell (t="s") whose shared string is text. */
static void assert_text(const Fx *fx, int sheet, const char *ref, const char *text)
{
    char *c = cell(&fx->sheets[sheet - 1], ref);
    if (!strstr(c, " t=\"s\""))
        fprintf(stderr, "sheet%d %s is not a shared string: %s\n", sheet, ref, c);
    assert_non_null(strstr(c, " t=\"s\""));
    char *v = cell_value(c);
    char *s = shared_string(fx, strtol(v, NULL, 10));
    assert_string_equal(s, text);
    free(s);
    free(v);
    free(c);
}

/* Asserts an empty cell of a column of figures: no value, no text, the column's number
 * format; and, with `comment`, a comment on it saying that there is no figure. */
static void assert_empty(const Fx *fx, int sheet, const char *ref, const char *format,
                         bool comment)
{
    char *c = cell(&fx->sheets[sheet - 1], ref);
    if (strstr(c, "<v>") || strstr(c, " t=\""))
        fprintf(stderr, "sheet%d %s is not empty: %s\n", sheet, ref, c);
    assert_null(strstr(c, "<v>"));
    assert_null(strstr(c, " t=\""));
    char *f = style_format(fx, c);
    assert_string_equal(f, format);
    free(f);
    free(c);
    if (comment) {
        char *key = xasprintf("<comment ref=\"%s\"", ref);
        const char *com = fx->comments[sheet - 1].data;
        if (!com || !strstr(com, key))
            fprintf(stderr, "no comment on sheet%d %s\n", sheet, ref);
        assert_true(com && strstr(com, key));
        assert_non_null(strstr(strstr(com, key), "Ingen uppgift"));
        free(key);
    }
}

/* Asserts that no cell of column col (a letter) below the header holds text: a column of
 * figures holds numbers or nothing. */
static void assert_no_text_in(const Fx *fx, int sheet, char col)
{
    const char *x = fx->sheets[sheet - 1].data;
    char key[8];
    snprintf(key, sizeof key, "<c r=\"%c", col);
    int seen = 0;
    for (const char *p = x; (p = strstr(p, key)) != NULL; p++) {
        long row = strtol(p + strlen(key), NULL, 10);
        if (row <= 7)
            continue;
        const char *end = strchr(p, '>');
        seen++;
        if (strstr(p, " t=\"") && strstr(p, " t=\"") < end)
            fail_msg("sheet%d column %c row %ld holds text", sheet, col, row);
    }
    assert_true(seen > 0);
}

static void assert_bold(const Fx *fx, int sheet, const char *ref, bool bold)
{
    char *c = cell(&fx->sheets[sheet - 1], ref);
    assert_int_equal(style_bold(fx, c), bold);
    free(c);
}

/* The sheet names of workbook.xml in order, joined with "|". Caller frees. */
static char *sheet_names(const Fx *fx)
{
    Buf b = {0};
    buf_puts(&b, "");
    for (const char *p = fx->workbook.data; (p = strstr(p, "<sheet ")); p++) {
        char *n = attr(p, strchr(p, '>'), "name");
        buf_printf(&b, "%s%s", b.len ? "|" : "", n);
        free(n);
    }
    return buf_steal(&b);
}

/* Every sheet: header on row 7 frozen (rows 1–7 stay), an autofilter on the given range. */
static void assert_frame(const Fx *fx, int sheet, const char *filter_ref)
{
    const char *x = fx->sheets[sheet - 1].data;
    assert_non_null(strstr(x, "<pane ySplit=\"7\" topLeftCell=\"A8\""));
    assert_non_null(strstr(x, "state=\"frozen\""));
    char *af = xasprintf("<autoFilter ref=\"%s\"/>", filter_ref);
    if (!strstr(x, af))
        fprintf(stderr, "sheet%d: no %s\n", sheet, af);
    assert_non_null(strstr(x, af));
    free(af);
    assert_null(strstr(x, "<f>"));               /* figures, never formulas */
    assert_non_null(strstr(x, "<cols>"));        /* column widths are set */
    assert_bold(fx, sheet, "A7", true);
    assert_bold(fx, sheet, "A8", false);
}

#define DATE "yyyy-mm-dd"
#define COUNT "#,##0"
#define HOURS "#,##0.00"
#define KR "#,##0 \"kr\""
#define PCT "0.0 \"%\""

static void test_lagesrapport(void **state)
{
    Fx *fx = *state;
    render_fixture(fx, "report-sample-lagesrapport.json");
    char *names = sheet_names(fx);
    assert_string_equal(names, "Insatser|Deltagare|Aktiviteter|Budget|Mål|Enkätsammanfattning|"
                               "Enkäter|Intyg|Avvikelser|Möten");
    free(names);
    assert_int_equal(fx->sheets[10].len, 0);    /* no eleventh sheet */

    /* Title rows, the same on every sheet. */
    for (int s = 1; s <= 10; s++) {
        assert_text(fx, s, "A1", "CREARE VIVERE (CV) – kompetensutveckling för medarbetare i "
                                 "Sunne, Torsby, Hagfors och Munkfors kommuner");
        assert_bold(fx, s, "A1", true);
        assert_text(fx, s, "B2", "Lägesrapport");
        assert_text(fx, s, "A3", "Diarienummer");
        assert_text(fx, s, "B3", "2011-3060029");
        assert_text(fx, s, "A4", "Redovisnings-ID");
        assert_text(fx, s, "B4", "2011-3060029-004");
        assert_text(fx, s, "A5", "Redovisningsperiod");
        assert_number(fx, s, "B5", "41183", DATE);      /* 2012-10-01 */
        assert_number(fx, s, "C5", "41274", DATE);      /* 2012-12-31 */
        assert_text(fx, s, "D5", "period 4");
    }

    /* 1 Insatser: the funder's table. */
    assert_frame(fx, 1, "A7:F10");
    assert_text(fx, 1, "A7", "Datum");
    assert_text(fx, 1, "E7", "Planerat antal deltagare");
    assert_text(fx, 1, "F7", "Slutförd insats");
    assert_number(fx, 1, "A8", "41026", DATE);          /* 2012-04-27 */
    assert_text(fx, 1, "B8", "Utbildningsinsatser");
    assert_number(fx, 1, "C8", "1234.75", HOURS);
    assert_number(fx, 1, "D8", "733", COUNT);
    assert_number(fx, 1, "E8", "1300", COUNT);
    assert_text(fx, 1, "F8", "Nej");
    assert_empty(fx, 1, "D10", COUNT, true);               /* does not count participants */
    assert_empty(fx, 1, "E10", COUNT, true);
    for (char c = 'C'; c <= 'E'; c++)
        assert_no_text_in(fx, 1, c);
    assert_text(fx, 1, "F10", "Ja");

    /* 2 Deltagare: per organisation, then the engine's total (not a sum). */
    assert_frame(fx, 2, "A7:I11");
    assert_text(fx, 2, "A8", "Hagfors kommun");
    assert_number(fx, 2, "B8", "50", COUNT);
    assert_number(fx, 2, "I8", "102", COUNT);
    assert_text(fx, 2, "A12", "Totalt");
    assert_bold(fx, 2, "A12", true);
    assert_number(fx, 2, "B12", "301", COUNT);
    assert_number(fx, 2, "E12", "388", COUNT);
    assert_number(fx, 2, "I12", "733", COUNT);
    assert_bold(fx, 2, "I12", true);
    assert_text(fx, 2, "A14", "Planerat antal deltagare");
    assert_number(fx, 2, "B14", "1300", COUNT);
    assert_text(fx, 2, "A15", "Tidigare redovisat, ackumulerat");
    assert_number(fx, 2, "B15", "512", COUNT);
    assert_number(fx, 2, "B16", "2214.5", HOURS);
    assert_number(fx, 2, "B19", "1858123", KR);

    /* 3 Aktiviteter */
    assert_frame(fx, 3, "A7:I11");
    assert_number(fx, 3, "A8", "41185", DATE);          /* 2012-10-03 */
    assert_number(fx, 3, "B8", "41241", DATE);          /* 2012-11-28 */
    assert_text(fx, 3, "F8", "Utbildningsinsatser");    /* the intervention's title */
    assert_number(fx, 3, "G9", "16.5", HOURS);
    assert_number(fx, 3, "H11", "0", COUNT);            /* cancelled */

    /* 4 Budget: kronor, total row, version, deviation in percent units, tolerance. */
    assert_frame(fx, 4, "A7:E10");
    assert_text(fx, 4, "A10", "Resor & logi");
    assert_number(fx, 4, "B8", "312500", KR);
    assert_number(fx, 4, "E10", "367500", KR);
    assert_text(fx, 4, "A11", "Totalt");
    assert_number(fx, 4, "B11", "812500", KR);
    assert_number(fx, 4, "E11", "2921460", KR);
    assert_text(fx, 4, "B13", "Revidering efter beslut 2012-06");
    assert_number(fx, 4, "B14", "41074", DATE);         /* 2012-06-14 */
    assert_number(fx, 4, "B15", "-1.4", PCT);
    assert_number(fx, 4, "B16", "0.1", "0%");           /* Excel's own percent */
    assert_text(fx, 4, "B17", "Ja");

    /* 5 Mål: counts and percentages by unit, met as Ja/Nej, null achieved as "–". */
    assert_frame(fx, 5, "A7:I11");
    assert_number(fx, 5, "E8", "1300", COUNT);
    assert_number(fx, 5, "F8", "733", COUNT);
    assert_text(fx, 5, "G8", "Nej");
    assert_text(fx, 5, "H8", "antal");
    assert_number(fx, 5, "E9", "75", PCT);
    assert_number(fx, 5, "F9", "77.4", PCT);
    assert_text(fx, 5, "G9", "Ja");
    assert_text(fx, 5, "D10", "högst");
    assert_text(fx, 5, "I10", "Personalstatistik Sunne kommun, november 2012");
    assert_empty(fx, 5, "F11", COUNT, true);               /* null achieved: empty, a comment */
    for (char c = 'E'; c <= 'F'; c++)
        assert_no_text_in(fx, 5, c);

    /* 6 Enkätsammanfattning: each question pooled, per group; suppressed cells empty, the
     * reason beside them. */
    assert_frame(fx, 6, "A7:I17");
    assert_text(fx, 6, "A8", "Utvärdering efter aktivitet");
    assert_text(fx, 6, "E8", "Samtliga");
    assert_number(fx, 6, "D8", "1", COUNT);
    assert_number(fx, 6, "F8", "151", COUNT);
    assert_number(fx, 6, "G8", "92.1", PCT);
    assert_number(fx, 6, "H8", "2", COUNT);
    assert_text(fx, 6, "E10", "Munkfors kommun");
    assert_empty(fx, 6, "F10", COUNT, false);
    assert_empty(fx, 6, "G10", PCT, false);
    assert_text(fx, 6, "I10", "färre än 5 svar");
    for (const char *c = "DFGH"; *c; c++)
        assert_no_text_in(fx, 6, *c);

    /* 7 Enkäter, 8 Intyg, 9 Avvikelser, 10 Möten: the lägesrapport has them too. */
    assert_text(fx, 7, "A8", "Utvärdering: Bemötande och kommunikation");
    for (char c = 'G'; c <= 'J'; c++)
        assert_no_text_in(fx, 7, c);
    assert_text(fx, 8, "A8", "Sunne kommun");
    assert_number(fx, 8, "B8", "130", COUNT);
    assert_number(fx, 8, "B10", "210", COUNT);
    assert_frame(fx, 9, "A7:F9");
    assert_number(fx, 9, "A8", "41215", DATE);          /* 2012-11-02 */
    assert_text(fx, 9, "B8", "Deltagare");
    assert_text(fx, 9, "D8", "Ja");
    assert_number(fx, 9, "E8", "41228", DATE);          /* 2012-11-15 */
    assert_text(fx, 9, "D9", "Nej");
    assert_empty(fx, 9, "E9", DATE, false);                 /* not reported: no date */
    assert_frame(fx, 10, "A7:D10");
    assert_text(fx, 10, "B8", "Styrgruppsmöte");
    assert_text(fx, 10, "C8", "Styrgrupp CV");
    assert_text(fx, 10, "A12", "Genomförda möten");
    assert_number(fx, 10, "B12", "2", COUNT);
}

static void test_slutrapport(void **state)
{
    Fx *fx = *state;
    render_fixture(fx, "report-sample-slutrapport.json");
    char *names = sheet_names(fx);
    assert_string_equal(names, "Insatser|Deltagare|Aktiviteter|Budget|Mål|Enkätsammanfattning|"
                               "Enkäter|Intyg|Jämförelse|Avvikelser|Möten");
    free(names);
    assert_text(fx, 1, "B2", "Slutrapport");
    assert_text(fx, 1, "B4", "–");                     /* no Redovisnings-ID */
    assert_number(fx, 1, "B5", "40787", DATE);          /* 2011-09-01 */
    assert_text(fx, 1, "D5", "hela projektet");
    assert_text(fx, 1, "B9", "Transnationellt utbyte med Närpes stad (Finland)");
    assert_number(fx, 1, "C8", "2480", HOURS);

    /* 7 Enkäter: all responses, per organisation, per gender; a suppressed cell empty with
     * the reason in Anmärkning. */
    assert_frame(fx, 7, "A7:K13");
    assert_text(fx, 7, "A8", "Uppföljning 2013");
    assert_number(fx, 7, "C8", "41608", DATE);          /* 2013-11-30 */
    assert_text(fx, 7, "F8", "Samtliga");
    assert_number(fx, 7, "G8", "209", COUNT);
    assert_number(fx, 7, "H8", "2.71", "0.00");
    assert_number(fx, 7, "I8", "48.8", PCT);
    assert_number(fx, 7, "J8", "2", COUNT);
    assert_text(fx, 7, "F9", "Orust kommun");
    assert_number(fx, 7, "I9", "37.2", PCT);
    assert_text(fx, 7, "F11", "Kvinnor");
    assert_number(fx, 7, "I11", "50", PCT);
    assert_text(fx, 7, "F13", "Övriga/okänt");
    assert_empty(fx, 7, "G13", COUNT, false);
    assert_empty(fx, 7, "I13", PCT, false);
    assert_text(fx, 7, "K13", "färre än 5 svar");
    for (char c = 'G'; c <= 'J'; c++)
        assert_no_text_in(fx, 7, c);

    /* 8 Intyg */
    assert_frame(fx, 8, "A7:C9");
    assert_text(fx, 8, "A8", "Orust kommun");
    assert_number(fx, 8, "B8", "790", COUNT);
    assert_number(fx, 8, "C9", "564", COUNT);
    assert_text(fx, 8, "A10", "Totalt");
    assert_number(fx, 8, "B10", "1480", COUNT);
    assert_number(fx, 8, "C10", "1204", COUNT);
    assert_bold(fx, 8, "C10", true);

    /* 9 Jämförelse: baseline vs follow-up; a refused side is empty, the reason beside it. */
    assert_frame(fx, 9, "A7:I9");
    assert_number(fx, 9, "B8", "198", COUNT);
    assert_number(fx, 9, "D8", "35.9", PCT);
    assert_number(fx, 9, "G8", "48.8", PCT);
    assert_number(fx, 9, "H8", "12.9", "0.0");
    assert_empty(fx, 9, "B9", COUNT, false);
    assert_number(fx, 9, "G9", "8.5", PCT);
    assert_text(fx, 9, "I9", "för få svar i nollmätningen (3 < 5)");
    for (char c = 'B'; c <= 'H'; c++)
        assert_no_text_in(fx, 9, c);
}

/* Figures are written rounded as the JSON rounds them, whatever arithmetic produced the
 * double: hours to two decimals, percentages to one, counts whole. */
static void test_rounding(void **state)
{
    Fx *fx = *state;
    json_t *report = tu_load_jsonc("report-sample-lagesrapport.json");
    json_t *it = json_array_get(json_object_get(report, "interventions"), 0);
    json_object_set_new(it, "hours", json_real(0.1 + 0.2 + 83.0));      /* 83.30000000000001 */
    json_object_set_new(it, "participants", json_real(733.0000001));
    json_t *g = json_array_get(json_object_get(report, "goals"), 1);
    json_object_set_new(g, "achieved", json_real(77.40000000000003));
    render_report(fx, report);
    json_decref(report);
    assert_number(fx, 1, "C8", "83.3", HOURS);
    assert_number(fx, 1, "D8", "733", COUNT);
    assert_number(fx, 5, "F9", "77.4", PCT);
}

/* The same report gives the same file: a frozen report re-rendered does not change. */
static void test_deterministic(void **state)
{
    Fx *fx = *state;
    json_t *report = tu_load_jsonc("report-sample-lagesrapport.json");
    char *second = xasprintf("%s/again.xlsx", fx->dir);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(render_xlsx(report, fx->path, &errs), INSATS_OK);
    sleep(1);
    assert_int_equal(render_xlsx(report, second, &errs), INSATS_OK);
    errs_free(&errs);
    json_decref(report);
    char *cmd = xasprintf("cmp -s '%s' '%s'", fx->path, second);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(second);
}

static void test_refusals(void **state)
{
    Fx *fx = *state;
    json_t *minutes = json_pack("{s:s}", "report", "minutes");
    Errs errs;
    errs_init(&errs);
    assert_int_equal(render_xlsx(minutes, fx->path, &errs), INSATS_EINPUT);
    assert_int_equal(errs_total(&errs), 1);
    assert_string_equal(errs.msgs[0], "minutes have no spreadsheet form; use md, html or pdf");
    assert_int_not_equal(access(fx->path, F_OK), 0);    /* nothing written */
    errs_free(&errs);
    json_decref(minutes);

    json_t *other = json_pack("{s:s}", "report", "bokslut");
    errs_init(&errs);
    assert_int_equal(render_xlsx(other, fx->path, &errs), INSATS_EINPUT);
    errs_free(&errs);
    json_decref(other);

    json_t *report = tu_load_jsonc("report-sample-lagesrapport.json");
    char *bad = xasprintf("%s/no/such/dir/r.xlsx", fx->dir);
    errs_init(&errs);
    assert_int_equal(render_xlsx(report, bad, &errs), INSATS_ESTORAGE);
    assert_int_equal(errs_total(&errs), 1);
    char *want = xasprintf("%s: cannot create the file: No such file or directory", bad);
    assert_string_equal(errs.msgs[0], want);
    free(want);
    errs_free(&errs);
    free(bad);
    json_decref(report);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lagesrapport, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slutrapport, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rounding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
