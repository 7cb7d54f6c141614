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
    Buf sheets[8];           /* xl/worksheets/sheetN.xml, N = index + 1 */
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
    for (size_t i = 0; i < sizeof fx->sheets / sizeof *fx->sheets; i++)
        buf_free(&fx->sheets[i]);
    buf_free(&fx->strings);
    buf_free(&fx->styles);
    buf_free(&fx->workbook);
    free(fx->path);
    free(fx);
    return rc;
}

/* Renders a fixture to fx->path and unpacks the parts the checks read. */
static void render_fixture(Fx *fx, const char *name)
{
    json_t *report = tu_load_jsonc(name);
    Errs errs;
    errs_init(&errs);
    int rc = render_xlsx(report, fx->path, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    json_decref(report);
    for (size_t i = 0; i < sizeof fx->sheets / sizeof *fx->sheets; i++) {
        char member[64];
        snprintf(member, sizeof member, "xl/worksheets/sheet%zu.xml", i + 1);
        unzip_member(fx->path, member, &fx->sheets[i]);
    }
    unzip_member(fx->path, "xl/sharedStrings.xml", &fx->strings);
    unzip_member(fx->path, "xl/styles.xml", &fx->styles);
    unzip_member(fx->path, "xl/workbook.xml", &fx->workbook);
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
    assert_string_equal(names, "Insatser|Deltagare|Aktiviteter|Budget|Mål");
    free(names);
    assert_int_equal(fx->sheets[5].len, 0);     /* no sixth sheet */

    /* Title rows, the same on every sheet. */
    for (int s = 1; s <= 5; s++) {
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
    assert_text(fx, 1, "D10", "–");                     /* does not count participants */
    assert_text(fx, 1, "E10", "–");
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
    assert_text(fx, 5, "F11", "–");
}

static void test_slutrapport(void **state)
{
    Fx *fx = *state;
    render_fixture(fx, "report-sample-slutrapport.json");
    char *names = sheet_names(fx);
    assert_string_equal(names,
                        "Insatser|Deltagare|Aktiviteter|Budget|Mål|Enkäter|Intyg|Jämförelse");
    free(names);
    assert_text(fx, 1, "B2", "Slutrapport");
    assert_text(fx, 1, "B4", "–");                     /* no Redovisnings-ID */
    assert_number(fx, 1, "B5", "40787", DATE);          /* 2011-09-01 */
    assert_text(fx, 1, "D5", "hela projektet");
    assert_text(fx, 1, "B9", "Transnationellt utbyte med Närpes stad (Finland)");
    assert_number(fx, 1, "C8", "2480", HOURS);

    /* 6 Enkäter: all responses, per organisation, per gender; suppressed as text. */
    assert_frame(fx, 6, "A7:J13");
    assert_text(fx, 6, "A8", "Uppföljning 2013");
    assert_number(fx, 6, "C8", "41608", DATE);          /* 2013-11-30 */
    assert_text(fx, 6, "F8", "Samtliga");
    assert_number(fx, 6, "G8", "209", COUNT);
    assert_number(fx, 6, "H8", "2.71", "0.00");
    assert_number(fx, 6, "I8", "48.8", PCT);
    assert_number(fx, 6, "J8", "2", COUNT);
    assert_text(fx, 6, "F9", "Orust kommun");
    assert_number(fx, 6, "I9", "37.2", PCT);
    assert_text(fx, 6, "F11", "Kvinnor");
    assert_number(fx, 6, "I11", "50", PCT);
    assert_text(fx, 6, "F13", "Övriga/okänt");
    assert_text(fx, 6, "G13", "färre än 5 svar");
    assert_text(fx, 6, "I13", "färre än 5 svar");

    /* 7 Intyg */
    assert_frame(fx, 7, "A7:C9");
    assert_text(fx, 7, "A8", "Orust kommun");
    assert_number(fx, 7, "B8", "790", COUNT);
    assert_number(fx, 7, "C9", "564", COUNT);
    assert_text(fx, 7, "A10", "Totalt");
    assert_number(fx, 7, "B10", "1480", COUNT);
    assert_number(fx, 7, "C10", "1204", COUNT);
    assert_bold(fx, 7, "C10", true);

    /* 8 Jämförelse: baseline vs follow-up; a refused side is "–" with the reason. */
    assert_frame(fx, 8, "A7:I9");
    assert_number(fx, 8, "B8", "198", COUNT);
    assert_number(fx, 8, "D8", "35.9", PCT);
    assert_number(fx, 8, "G8", "48.8", PCT);
    assert_number(fx, 8, "H8", "12.9", "0.0");
    assert_text(fx, 8, "B9", "–");
    assert_number(fx, 8, "G9", "8.5", PCT);
    assert_text(fx, 8, "I9", "för få svar i nollmätningen (3 < 5)");
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
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
