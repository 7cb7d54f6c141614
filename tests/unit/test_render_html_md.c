/* test_render_html_md.c — golden tests of the HTML and Markdown renderers on the three sample
 * report JSONs (tests/fixtures/report-sample-*.json), plus the properties every page must keep:
 * no raw HTML from narratives, lang="sv", captions, scoped headers, balanced tags, heading order,
 * suppressed survey cells without figures, and Swedish number formatting.
 *
 * Run from the repository root. UPDATE_GOLDEN=1 rewrites tests/golden/ from the current output
 * (review the diff before committing it). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "escape.h"
#include "i18n.h"
#include "render.h"

#define NBSP "\xc2\xa0"

static const char *const samples[] = {"lagesrapport", "slutrapport", "minutes"};

/* Reads a whole file; NULL when missing. Caller frees. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    Buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    if (!b.data)
        buf_puts(&b, "");
    return buf_steal(&b);
}

static json_t *load_sample(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/report-sample-%s.json", name);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (!j)
        fail_msg("%s: %s (line %d); run the test from the repository root", path, err.text, err.line);
    return j;
}

/* Renders one sample in one format into a new string (caller frees). */
static char *render_sample(const char *name, int md)
{
    json_t *j = load_sample(name);
    Buf out = {0};
    Errs errs;
    errs_init(&errs);
    int rc = md ? render_md(j, &out, &errs) : render_html(j, &out, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    json_decref(j);
    return buf_steal(&out);
}

/* Compares with tests/golden/<name>.<ext>; on a mismatch writes the output beside /tmp and
 * names the first differing line, so that `diff -u` shows the rest. */
static void check_golden(const char *name, const char *ext, const char *got)
{
    char path[256];
    snprintf(path, sizeof path, "tests/golden/report-sample-%s.%s", name, ext);
    const char *update = getenv("UPDATE_GOLDEN");
    if (update && *update && strcmp(update, "0") != 0) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
        return;
    }
    char *want = slurp(path);
    if (!want)
        fail_msg("%s is missing: run with UPDATE_GOLDEN=1 once and review it", path);
    if (strcmp(want, got) != 0) {
        int line = 1;
        for (size_t i = 0; want[i] && want[i] == got[i]; i++)
            if (want[i] == '\n')
                line++;
        char actual[256];
        snprintf(actual, sizeof actual, "/tmp/insats-golden-%s.%s", name, ext);
        FILE *f = fopen(actual, "wb");
        if (f) {
            fputs(got, f);
            fclose(f);
        }
        free(want);
        fail_msg("%s differs from the output at line %d: diff -u %s %s "
                 "(UPDATE_GOLDEN=1 rewrites it after review)", path, line, path, actual);
    }
    free(want);
}

/* ---- A small HTML checker: tag balance and heading order ---- */

static int is_void(const char *tag, size_t n)
{
    static const char *const voids[] = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"};
    for (size_t i = 0; i < sizeof voids / sizeof voids[0]; i++)
        if (strlen(voids[i]) == n && !strncmp(voids[i], tag, n))
            return 1;
    return 0;
}

/* Every opened element is closed in order; comments, the doctype and the style sheet are
 * skipped. Also checks one h1 first and no heading level skipped on the way down. */
static void check_html_structure(const char *html)
{
    char stack[128][16];
    int depth = 0, last_h = 0, h1 = 0;
    for (const char *p = html; (p = strchr(p, '<')) != NULL;) {
        if (!strncmp(p, "<!--", 4)) {
            const char *e = strstr(p, "-->");
            assert_non_null(e);
            p = e + 3;
            continue;
        }
        if (p[1] == '!') {
            p = strchr(p, '>');
            assert_non_null(p);
            continue;
        }
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = 0;
        while (isalnum((unsigned char)name[n]))
            n++;
        assert_true(n > 0 && n < 16);
        const char *end = strchr(name, '>');
        assert_non_null(end);
        if (!closing && n == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
            int level = name[1] - '0';
            if (level == 1)
                h1++;
            if (level > last_h + 1)
                fail_msg("heading h%d follows h%d: %.60s", level, last_h, p);
            last_h = level;
        }
        if (closing) {
            assert_true(depth > 0);
            depth--;
            if (strlen(stack[depth]) != n || strncmp(stack[depth], name, n) != 0)
                fail_msg("</%.*s> closes <%s>", (int)n, name, stack[depth]);
        } else if (!is_void(name, n) && end[-1] != '/') {
            assert_true(depth < 128);
            memcpy(stack[depth], name, n);
            stack[depth][n] = '\0';
            depth++;
            if (n == 5 && !strncmp(name, "style", 5)) {
                p = strstr(end, "</style>");
                assert_non_null(p);
                continue;
            }
        }
        p = end + 1;
    }
    assert_int_equal(depth, 0);
    assert_int_equal(h1, 1);
}

/* The accessibility and safety properties every rendered page keeps. */
static void check_html_rules(const char *html)
{
    assert_non_null(strstr(html, "<!DOCTYPE html>\n<html lang=\"sv\">"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(html, "@media print"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "javascript:"));
    for (const char *p = html; (p = strstr(p, "<table")) != NULL; p++)
        assert_true(!strncmp(p, "<table>\n<caption>", 17));
    for (const char *p = html; (p = strstr(p, "<th")) != NULL; p++) {
        if (p[3] == 'e')   /* <thead> */
            continue;
        const char *end = strchr(p, '>');
        assert_non_null(end);
        const char *scope = strstr(p, "scope=");
        if (!scope || scope > end)
            fail_msg("header cell without scope: %.60s", p);
    }
    check_html_structure(html);
}

/* A suppressed cell carries no figure: the cell holds its reason (`phrase`: "färre än 5 svar",
 * or for a cell hidden only as the complement of a small one "dold så att små grupper inte kan
 * räknas fram") and nothing else. A cell runs from the delimiter `open` before the phrase to
 * `close` after it (HTML: '>' … '<', Markdown: '|' … '|'); rows hold a question's shares per
 * group, so only that cell is checked. */
static void check_suppressed_as(const char *doc, char open, char close, const char *phrase)
{
    size_t len = strlen(phrase);
    int seen = 0;
    for (const char *p = doc; (p = strstr(p, phrase)) != NULL; p++) {
        const char *line = p;
        while (line > doc && line[-1] != '\n')
            line--;
        if (strncmp(line, "<tr>", 4) != 0 && line[0] != '|')
            continue;   /* the explanatory note, not a table row */
        seen++;
        const char *a = p, *b = p + len;
        while (a > line && a[-1] != open)
            a--;
        while (*b && *b != close && *b != '\n')
            b++;
        for (const char *c = a; c < b; c++)
            if (isdigit((unsigned char)*c) && (c < p || c >= p + len))
                fail_msg("a figure in a suppressed cell: %.*s", (int)(b - a), a);
    }
    if (seen == 0)
        fail_msg("no table cell says \"%s\"", phrase);
}

static void check_suppressed(const char *doc, char open, char close)
{
    check_suppressed_as(doc, open, close, "färre än 5 svar");
    check_suppressed_as(doc, open, close, "dold så att små grupper inte kan räknas fram");
}

/* A cell hidden as the complement of a small one is not said to be small: Hagfors (24
 * responses) and men (29) of the sample are hidden so that Munkfors and "other" cannot be
 * worked out. A report frozen before the reason was kept says what it said then. */
static void test_suppressed_wording(void **state)
{
    (void)state;
    char *html = render_sample("lagesrapport", 0);
    /* Per organisation: Hagfors hidden as the complement, Munkfors small — two cells, not one
     * cell that says the same of both. */
    assert_non_null(strstr(html, "<td colspan=\"1\" class=\"suppressed\">dold så att små grupper "
                                 "inte kan räknas fram</td><td colspan=\"1\" class=\"suppressed\">"
                                 "färre än 5 svar</td><td class=\"num\">93,8"));
    free(html);
    json_t *old = json_pack("{s:b}", "suppressed", 1);
    assert_string_equal(render_suppressed_sv(old), "färre än 5 svar");
    json_object_set_new(old, "suppressed_reason", json_string("small"));
    assert_string_equal(render_suppressed_sv(old), "färre än 5 svar");
    json_object_set_new(old, "suppressed_reason", json_string("complement"));
    assert_string_equal(render_suppressed_sv(old), "dold så att små grupper inte kan räknas fram");
    json_decref(old);
}

/* The funder's reports stay Swedish whatever the language of the one who renders them: a
 * thread set to English writes the same bytes as one set to Swedish, and as one set to none. */
static void test_reports_stay_swedish(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        for (int md = 0; md < 2; md++) {
            char *none = render_sample(samples[i], md);
            i18n_set(LANG_EN);
            char *en = render_sample(samples[i], md);
            i18n_set(LANG_SV);
            char *sv = render_sample(samples[i], md);
            i18n_set(LANG_NONE);
            assert_string_equal(en, sv);
            assert_string_equal(sv, none);
            free(none);
            free(en);
            free(sv);
        }
}

/* The pages with their charts, as the program writes them (chart.c's SVG). */
static void test_golden_html(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char *html = render_sample(samples[i], 0);
        check_html_rules(html);
        check_golden(samples[i], "html", html);
        free(html);
    }
}

static void test_golden_md(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char *md = render_sample(samples[i], 1);
        check_golden(samples[i], "md", md);
        free(md);
    }
}

static void test_lagesrapport_content(void **state)
{
    (void)state;
    char *html = render_sample("lagesrapport", 0);
    /* cmark without CMARK_OPT_UNSAFE: raw HTML is replaced, unsafe links emptied. */
    assert_non_null(strstr(html, "<!-- raw HTML omitted -->"));
    assert_non_null(strstr(html, "<h4>Utbildningsinsatser</h4>"));      /* "# …" moved below h3 */
    assert_non_null(strstr(html, "<strong>Uppstart:</strong>"));
    assert_non_null(strstr(html, "Torsby &amp; Hagfors (&lt; 2 veckors"));
    /* Swedish numbers. */
    assert_non_null(strstr(html, ">1" NBSP "300<"));
    assert_non_null(strstr(html, ">1" NBSP "234,75<"));
    assert_non_null(strstr(html, ">77,4" NBSP "%<"));
    assert_non_null(strstr(html, "-1,4" NBSP "%"));
    assert_non_null(strstr(html, "tolerans ±10,0" NBSP "%"));
    /* The header and the funder's table. */
    assert_non_null(strstr(html, "<dt>Redovisnings-ID</dt><dd>2011-3060029-004</dd>"));
    assert_non_null(strstr(html, "Sammanställning av aktiviteter/utbildningar Programområde 1 och 2</caption>"));
    assert_non_null(strstr(html, "Slutförd insats Ja eller Nej"));
    assert_non_null(strstr(html, "Tidigare redovisat, ackumulerat t.o.m. period 3"));
    assert_non_null(strstr(html, "<p class=\"verdict\">Svar: JA</p>"));
    /* A manual goal: the value of its time, where it comes from, when it was measured, and
     * how it developed. */
    assert_non_null(strstr(html, "källa: Personalstatistik Sunne kommun, november 2012; mätt "
                                 "2012-11-30; tidigare 6,1" NBSP "% (2011-12-31), 5,6" NBSP "% "
                                 "(2012-05-31)</td>"));
    check_suppressed(html, '>', '<');
    free(html);

    char *md = render_sample("lagesrapport", 1);
    assert_non_null(strstr(md, "### Vilka aktiviteter har genomförts under den aktuella perioden?\n"));
    assert_non_null(strstr(md, "Kreativitet på arbetsplatsen \\| Dr Farida"));
    assert_non_null(strstr(md, "| ---: |"));
    assert_non_null(strstr(md, "## 1. Verksamheten i projektet\n"));
    assert_non_null(strstr(md, "| 77,4" NBSP "% |"));
    check_suppressed(md, '|', '|');
    free(md);
}

static void test_slutrapport_content(void **state)
{
    (void)state;
    char *html = render_sample("slutrapport", 0);
    assert_non_null(strstr(html, ">Mätbart mål</th>"));
    assert_non_null(strstr(html, ">Uppnått mål</th>"));
    assert_non_null(strstr(html, ">minst 50,0" NBSP "%</td><td class=\"num\">48,8" NBSP "%</td><td>Nej</td>"));
    assert_non_null(strstr(html, "Jämförs inte: för få svar i nollmätningen (3 &lt; 5)"));
    assert_non_null(strstr(html, "Utfärdade intyg: 1" NBSP "480, till 1" NBSP "204 personer."));
    assert_non_null(strstr(html, "upplåst 2014-09-02 av Lena Ek: Rättad kostnad för revision"));
    assert_non_null(strstr(html, "Inom budget: Nej."));
    /* Its period is the whole project: one column, not two that always agree. */
    assert_null(strstr(html, "Under perioden"));
    assert_null(strstr(html, ">Ackumulerat<"));
    assert_null(strstr(html, "ackumulerad budget"));
    assert_non_null(strstr(html, ">Hela projektet</th>"));
    assert_non_null(strstr(html, "Utfallet avviker"));
    free(html);
    char *md = render_sample("slutrapport", 1);
    assert_null(strstr(md, "Under perioden"));
    assert_null(strstr(md, "| Ackumulerat |"));
    free(md);
    /* The lägesrapport keeps both. */
    html = render_sample("lagesrapport", 0);
    assert_non_null(strstr(html, ">Under perioden</th>"));
    assert_non_null(strstr(html, ">Ackumulerat</th>"));
    free(html);
}

static void test_minutes_content(void **state)
{
    (void)state;
    char *html = render_sample("minutes", 0);
    /* "från Styrgrupp CV" is not Swedish; a name that is not a kind's own word stands alone. */
    assert_null(strstr(html, "från Styrgrupp"));
    assert_non_null(strstr(html, "<h1>Minnesanteckningar – Styrgrupp CV, möte 2012-12-13</h1>"));
    assert_non_null(strstr(html, "Föredragande: Maria Lindqvist, Sunne kommun"));
    /* The attendees: a table of name and organisation, a guest marked. */
    assert_non_null(strstr(html, "<tr><th scope=\"row\">Kjell-Åke Gårdh</th><td>Torsby kommun</td></tr>"));
    assert_non_null(strstr(html, "<td>Svenska ESF-rådet, Region Nord-Mellansverige (gäst)</td>"));
    assert_non_null(strstr(html, "<dt>Tid</dt><dd>09.00–12.00</dd>"));
    assert_non_null(strstr(html, "<h3>2. Lägesrapport period 4 &lt;utkast&gt;</h3>"));
    assert_non_null(strstr(html, "<strong>Beslut:</strong> Dagordningen godkändes."));
    assert_non_null(strstr(html, "<tr><th scope=\"row\">Mikael Sjöberg</th><td>Munkfors kommun</td>"
                                 "<td>Anmält förhinder</td></tr>"));
    assert_non_null(strstr(html, "2013-02-15 kl. 13.00–15.30, Torsby kommunhus"));
    free(html);
    char *md = render_sample("minutes", 1);
    assert_non_null(strstr(md, "# Minnesanteckningar – Styrgrupp CV, möte 2012-12-13\n"));
    assert_non_null(strstr(md, "| Kjell-Åke Gårdh | Torsby kommun |\n"));
    assert_non_null(strstr(md, "### 2. Lägesrapport period 4 \\<utkast\\>\n"));
    free(md);
}

/* The title for a group whose name is its kind's word; a cancelled meeting as a notice. */
static void test_minutes_forms(void **state)
{
    (void)state;
    json_t *r = load_sample("minutes");
    json_t *m = json_object_get(r, "meeting");
    json_object_set_new(json_object_get(m, "group"), "name", json_string("Styrgrupp"));
    Buf out = {0};
    Errs e;
    errs_init(&e);
    assert_int_equal(render_md(r, &out, &e), INSATS_OK);
    assert_non_null(strstr(out.data, "# Minnesanteckningar från styrgruppens möte\n"));
    buf_clear(&out);

    json_object_set_new(m, "status", json_string("cancelled"));
    json_object_set_new(m, "cancel_reason", json_string("För få kunde delta."));
    assert_int_equal(render_md(r, &out, &e), INSATS_OK);
    assert_non_null(strstr(out.data, "# Inställt möte\n"));
    assert_non_null(strstr(out.data, "Mötet är inställt. Orsak: För få kunde delta."));
    assert_non_null(strstr(out.data, "2012-12-13"));
    assert_non_null(strstr(out.data, "Styrgrupp"));
    assert_non_null(strstr(out.data, "## Nästa möte"));
    /* No empty minutes: neither attendees nor agenda nor actions. */
    assert_null(strstr(out.data, "Närvarande"));
    assert_null(strstr(out.data, "Dagordning"));
    assert_null(strstr(out.data, "Åtgärder"));
    buf_free(&out);
    errs_free(&e);
    json_decref(r);
}

static void test_numbers(void **state)
{
    (void)state;
    struct { json_t *v; const char *num, *pct, *kr; } cases[] = {
        {json_integer(0), "0", "0,0" NBSP "%", "0" NBSP "kr"},
        {json_integer(999), "999", "999,0" NBSP "%", "999" NBSP "kr"},
        {json_integer(1234567), "1" NBSP "234" NBSP "567", "1" NBSP "234" NBSP "567,0" NBSP "%",
         "1" NBSP "234" NBSP "567" NBSP "kr"},
        {json_integer(-12500), "-12" NBSP "500", "-12" NBSP "500,0" NBSP "%", "-12" NBSP "500" NBSP "kr"},
        {json_real(77.4), "77,4", "77,4" NBSP "%", "77,4" NBSP "kr"},
        {json_real(3.25), "3,25", "3,3" NBSP "%", "3,25" NBSP "kr"},
        {json_real(2.0), "2", "2,0" NBSP "%", "2" NBSP "kr"},
        {json_real(-0.001), "0", "0,0" NBSP "%", "0" NBSP "kr"},
        {json_null(), "–", "–", "–"},
        {json_string("12"), "–", "–", "–"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Buf b = {0};
        render_number(&b, cases[i].v);
        assert_string_equal(b.data, cases[i].num);
        buf_clear(&b);
        render_percent(&b, cases[i].v);
        assert_string_equal(b.data, cases[i].pct);
        buf_clear(&b);
        render_kronor(&b, cases[i].v);
        assert_string_equal(b.data, cases[i].kr);
        buf_free(&b);
        json_decref(cases[i].v);
    }
}

static void test_labels(void **state)
{
    (void)state;
    json_t *t = json_true(), *f = json_false();
    assert_string_equal(render_yes_no(t), "Ja");
    assert_string_equal(render_yes_no(f), "Nej");
    assert_string_equal(render_yes_no(NULL), "–");
    assert_string_equal(render_gender_sv("women"), "Kvinnor");
    assert_string_equal(render_gender_sv("female"), "Kvinnor");
    assert_string_equal(render_gender_sv("men"), "Män");
    assert_string_equal(render_gender_sv("unknown"), "Övriga/okänt");
    assert_string_equal(render_label_sv(VOCAB_ACTIVITY_KIND, "study_visit"), "Studiebesök");
    assert_string_equal(render_label_sv(VOCAB_CHANNEL, "nope"), "nope");
}

static void test_escape(void **state)
{
    (void)state;
    Buf b = {0};
    esc_printf(&b, "<p title=\"%s\">%s %d %zu %lld%%</p>", "a\"b'c", "<script>&\x01", -3, (size_t)7,
               12345678901LL);
    assert_string_equal(b.data, "<p title=\"a&quot;b&#39;c\">&lt;script&gt;&amp; -3 7 12345678901%</p>");
    buf_clear(&b);
    esc_html_text(&b, "\"Tim & Tom\" <x>");
    assert_string_equal(b.data, "\"Tim &amp; Tom\" &lt;x&gt;");
    buf_clear(&b);
    esc_markdown_html(&b, "# Rubrik\n\n<script>alert(1)</script>\n\n<b>fet</b> [x](javascript:alert(1))", 3);
    assert_null(strstr(b.data, "<script"));
    assert_null(strstr(b.data, "<b>"));
    assert_null(strstr(b.data, "javascript:"));
    assert_non_null(strstr(b.data, "<h4>Rubrik</h4>"));
    assert_non_null(strstr(b.data, "<!-- raw HTML omitted -->"));
    buf_free(&b);
}

/* The HTML draws its charts (chart.c's SVG) with nothing set up by the caller, so that a second
 * caller — the web server — gets the same page; a chart without data gets no empty frame. */
static void test_charts_need_no_setup(void **state)
{
    (void)state;
    char *html = render_sample("lagesrapport", 0);
    assert_non_null(strstr(html, "<figure class=\"chart\" id=\"diagram-participants_by_month\">\n<svg"));
    assert_non_null(strstr(html, "id=\"diagram-participants_by_organisation\""));
    assert_non_null(strstr(html, "id=\"diagram-budget_by_category\""));
    check_html_structure(html);
    free(html);
    html = render_sample("slutrapport", 0);
    assert_null(strstr(html, "diagram-participants_by_month"));
    assert_non_null(strstr(html, "id=\"diagram-budget_by_category\""));
    free(html);
}

static void test_bad_input(void **state)
{
    (void)state;
    const char *bad[] = {"{}", "{\"report\": \"annat\"}", "{\"report\": \"lagesrapport\"}",
                         "{\"report\": \"minutes\", \"meeting\": {}}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = json_loads(bad[i], 0, NULL);
        assert_non_null(j);
        for (int md = 0; md < 2; md++) {
            Buf out = {0};
            buf_puts(&out, "kept");
            Errs errs;
            errs_init(&errs);
            int rc = md ? render_md(j, &out, &errs) : render_html(j, &out, &errs);
            assert_int_equal(rc, INSATS_EINPUT);
            assert_true(errs_total(&errs) > 0);
            assert_string_equal(out.data, "kept");
            errs_free(&errs);
            buf_free(&out);
        }
        json_decref(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_golden_html),
        cmocka_unit_test(test_reports_stay_swedish),
        cmocka_unit_test(test_golden_md),
        cmocka_unit_test(test_lagesrapport_content),
        cmocka_unit_test(test_slutrapport_content),
        cmocka_unit_test(test_suppressed_wording),
        cmocka_unit_test(test_minutes_content),
        cmocka_unit_test(test_minutes_forms),
        cmocka_unit_test(test_charts_need_no_setup),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
