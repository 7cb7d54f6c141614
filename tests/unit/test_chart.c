/* test_chart.c — the charts: the labels of a time axis never meet (6 to 120 months, two widths),
 * the width estimate is never narrower than the text pango sets, the SVG's <text> elements read
 * back as the figures of the report JSON the chart is drawn from, bars are in proportion to
 * them, and the ids of a whole HTML page with its charts are unique.
 *
 * Run from the repository root (the sample reports are tests/fixtures/report-sample-*.json). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "chart.h"
#include "render.h"
#include "testutil.h"

/* The width of a PDF page's text column (A4 less the margins), where chart_draw lays out. */
#define PDF_WIDTH 483.28

/* A sample report of tests/fixtures: "lagesrapport" or "slutrapport". */
static json_t *load_sample(const char *name)
{
    char file[64];
    snprintf(file, sizeof file, "report-sample-%s.json", name);
    return tu_load_jsonc(file);
}

/* A slutrapport JSON with n months of participants from year-month on; the figures vary so
 * that some are one digit and some three, times scale. */
static json_t *months_report(int year, int month, int n, int scale)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        int y = year + (month - 1 + i) / 12, m = (month - 1 + i) % 12 + 1;
        char key[32];
        snprintf(key, sizeof key, "%04d-%02d", y, m);
        int women = (i * 37) % 400 * scale, men = (i * 53) % 150 * scale, other = i % 4 * scale;
        json_array_append_new(arr, json_pack("{s:s,s:i,s:i,s:i,s:i}", "month", key, "total",
                                             women + men + other, "women", women, "men", men,
                                             "other", other));
    }
    return json_pack("{s:s,s:{s:o}}", "report", "slutrapport", "participants", "by_month", arr);
}

static int by_x0(const void *a, const void *b)
{
    const ChartText *const *x = a, *const *y = b;
    double ax0, ax1, bx0, bx1;
    chart_text_extent(*x, &ax0, &ax1);
    chart_text_extent(*y, &bx0, &bx1);
    return (ax0 > bx0) - (ax0 < bx0);
}

/* No two texts of the kind meet (2 points apart at least), and all lie within the chart.
 * Returns how many there are. */
static size_t check_apart(const ChartLayout *l, ChartTextKind kind, const char *what)
{
    const ChartText **t = calloc(l->ntexts + 1, sizeof *t);
    size_t n = 0;
    for (size_t i = 0; i < l->ntexts; i++)
        if (l->texts[i].kind == kind)
            t[n++] = &l->texts[i];
    qsort(t, n, sizeof *t, by_x0);
    for (size_t i = 0; i < n; i++) {
        double x0, x1;
        chart_text_extent(t[i], &x0, &x1);
        if (x0 < -0.01 || x1 > l->width + 0.01)
            fail_msg("%s: \"%s\" runs off the chart (%.1f–%.1f of %.1f)", what, t[i]->text, x0,
                     x1, l->width);
        if (i + 1 < n) {
            double y0, y1;
            chart_text_extent(t[i + 1], &y0, &y1);
            if (fabs(t[i]->y - t[i + 1]->y) < 0.01 && y0 < x1 + 2)
                fail_msg("%s: \"%s\" (%.1f–%.1f) meets \"%s\" (%.1f–%.1f)", what, t[i]->text,
                         x0, x1, t[i + 1]->text, y0, y1);
        }
    }
    free(t);
    return n;
}

static bool has_text(const ChartLayout *l, ChartTextKind kind, const char *text)
{
    for (size_t i = 0; i < l->ntexts; i++)
        if (l->texts[i].kind == kind && !strcmp(l->texts[i].text, text))
            return true;
    return false;
}

/* The 36-month slutrapport of the issue and shorter and longer projects: at the HTML's and the
 * PDF's width, months are grouped to quarters or years until their labels keep apart; every
 * whole calendar year keeps its label; the totals above the bars keep apart too. */
static void test_time_axis_apart(void **state)
{
    (void)state;
    static const int lengths[] = {6, 12, 36, 72, 120};
    static const int starts[] = {1, 9};   /* a project starting in January, and in September */
    static const double widths[] = {CHART_WIDTH, PDF_WIDTH};
    static const int scales[] = {1, 100};   /* the small demo's figures and the large one's */
    for (size_t a = 0; a < sizeof lengths / sizeof *lengths; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t c = 0; c < 2; c++) {
                int n = lengths[a], start = starts[b % 2];
                json_t *r = months_report(2011, start, n, scales[b / 2]);
                ChartLayout *l = chart_layout(r, "participants_by_month", widths[c]);
                assert_non_null(l);
                char what[64];
                snprintf(what, sizeof what, "%d months from %d ×%d, width %.0f", n, start,
                         scales[b / 2], widths[c]);
                size_t ncat = check_apart(l, CHART_T_CAT, what);
                check_apart(l, CHART_T_GROUP, what);
                check_apart(l, CHART_T_VALUE, what);
                check_apart(l, CHART_T_TICK, what);
                assert_true(ncat >= 2 || n < 2);
                /* Every calendar year wholly inside the project is named on the axis. */
                for (int y = 2011; y <= 2011 + (start - 1 + n) / 12; y++) {
                    int first = (y - 2011) * 12 - (start - 1), last = first + 11;
                    if (first < 0 || last >= n)
                        continue;
                    char year[16];
                    snprintf(year, sizeof year, "%d", y);
                    if (!has_text(l, CHART_T_CAT, year) && !has_text(l, CHART_T_GROUP, year))
                        fail_msg("%s: the year %s has no label", what, year);
                }
                /* Short projects show their months by name, long ones only years. */
                if (n <= 12)
                    assert_true(has_text(l, CHART_T_CAT, start == 1 ? "jan" : "sep"));
                if (n >= 72)
                    assert_false(has_text(l, CHART_T_CAT, "jan"));
                if (n >= 120) {
                    assert_false(has_text(l, CHART_T_CAT, "kv 1"));
                }
                chart_layout_free(l);
                json_decref(r);
            }
}

/* Bars whose labels are no months keep every k-th label, whole characters only. */
static void test_time_axis_not_months(void **state)
{
    (void)state;
    json_t *arr = json_array();
    for (int i = 0; i < 40; i++) {
        char key[64];
        snprintf(key, sizeof key, "vecka %d på Åsätra förskoleområde", i + 1);
        json_array_append_new(arr, json_pack("{s:s,s:i,s:i,s:i,s:i}", "month", key, "total", i,
                                             "women", i, "men", 0, "other", 0));
    }
    json_t *r = json_pack("{s:s,s:{s:o}}", "report", "lagesrapport", "participants", "by_month", arr);
    ChartLayout *l = chart_layout(r, "participants_by_month", CHART_WIDTH);
    assert_non_null(l);
    assert_true(check_apart(l, CHART_T_CAT, "weeks") > 0);
    for (size_t i = 0; i < l->ntexts; i++)
        assert_true(g_utf8_validate(l->texts[i].text, -1, NULL));
    chart_layout_free(l);
    json_decref(r);
}

/* The width pango gives text in DejaVu Sans at 72 dpi, in points. */
static double pango_width(const char *text, double size, bool bold)
{
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    PangoContext *ctx = pango_font_map_create_context(fm);
    pango_cairo_context_set_resolution(ctx, 72);
    PangoLayout *lay = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_size(fd, (gint)lround(size * PANGO_SCALE));
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(lay, fd);
    pango_layout_set_text(lay, text, -1);
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    pango_font_description_free(fd);
    g_object_unref(lay);
    g_object_unref(ctx);
    return (double)w / PANGO_SCALE;
}

/* The layout keeps labels apart by the estimate, so the estimate must not be narrower than
 * the real text (nor so wide that it wastes the room). */
static void test_width_estimate(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        "kv 1", "kv 2", "kv 3", "kv 4", "2011", "2014", "0", "100", "1\xc2\xa0" "000\xc2\xa0" "000",
        "14\xc2\xa0" "291\xc2\xa0" "000", "Älvby kommun", "Bergvika kommun", "Norrsjö kommun",
        "Övriga kostnader", "Deltagarkostnader", "Externa tjänster", "Resor & logi",
        "Mälardalens högskola", "WWW MMM mmm www", "illi lill Ilja", "Antal deltagare", "Kronor",
        "Kvinnor", "Män", "Övriga", "Perioden", "Ackumulerat", "Hela projektet", "Budget",
        "Utfall", "ÅÄÖ åäö – éü", "Inga uppgifter för perioden.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (int bold = 0; bold < 2; bold++)
            for (double size = 6.5; size <= 10; size += 1.5) {
                double est = chart_text_width(texts[i], size, bold);
                double real = pango_width(texts[i], size, bold);
                if (getenv("CHART_WIDTHS"))
                    fprintf(stderr, "%5.2f %s%s\n", est / real, texts[i], bold ? " (bold)" : "");
                if (est < real - 0.3 || est > real * 1.4 + 1)
                    fail_msg("\"%s\" at %.1f pt%s: estimated %.2f, pango %.2f", texts[i], size,
                             bold ? " bold" : "", est, real);
            }
}

/* ---- Reading an SVG back ---- */

typedef struct SvgText {
    char cls[16];
    char text[128];
} SvgText;

/* The <text> elements of svg in order, entities decoded; returns how many (at most max). */
static size_t svg_texts(const char *svg, SvgText *out, size_t max)
{
    size_t n = 0;
    for (const char *p = svg; (p = strstr(p, "<text")) != NULL && n < max; p++) {
        const char *gt = strchr(p, '>');
        const char *end = strstr(p, "</text>");
        assert_non_null(gt);
        assert_non_null(end);
        SvgText *t = &out[n++];
        memset(t, 0, sizeof *t);
        const char *cls = strstr(p, "class=\"");
        if (cls && cls < gt)
            sscanf(cls + 7, "%15[^\"]", t->cls);
        size_t k = 0;
        for (const char *c = gt + 1; c < end && k + 1 < sizeof t->text; c++) {
            static const struct { const char *ent; char ch; } ents[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool done = false;
            for (size_t e = 0; e < 5 && !done; e++)
                if (!strncmp(c, ents[e].ent, strlen(ents[e].ent))) {
                    t->text[k++] = ents[e].ch;
                    c += strlen(ents[e].ent) - 1;
                    done = true;
                }
            if (!done)
                t->text[k++] = *c;
        }
        p = end;
    }
    return n;
}

/* The texts of one class joined by "|" — a wrapped name is one category per line. */
static char *svg_class(const SvgText *t, size_t n, const char *cls)
{
    Buf b = {0};
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].cls, cls)) {
            if (b.len)
                buf_putc(&b, '|');
            buf_puts(&b, t[i].text);
        }
    if (!b.data)
        buf_puts(&b, "");
    return buf_steal(&b);
}

static void add_number(Buf *b, const json_t *v)
{
    if (b->len)
        buf_putc(b, '|');
    render_number(b, v);
}

static char *chart_svg_of(const json_t *r, const char *name)
{
    Buf svg = {0};
    assert_int_equal(chart_svg(&svg, r, name, "c"), INSATS_OK);
    assert_null(strstr(svg.data, "glyph"));   /* text, not outlines */
    return buf_steal(&svg);
}

/* Every figure drawn at a bar and every category name, read back from the SVG's <text>, is
 * the report JSON's: the defect where one chart showed another's glyphs cannot hide. */
static void test_svg_reads_back(void **state)
{
    (void)state;
    SvgText t[256];
    const char *const samples[] = {"lagesrapport", "slutrapport"};
    for (size_t s = 0; s < 2; s++) {
        json_t *r = load_sample(samples[s]);
        bool whole = s == 1;
        const json_t *orgs = json_object_get(json_object_get(r, "participants"), "by_organisation");
        const json_t *cats = json_object_get(json_object_get(r, "budget"), "by_category");
        Buf names = {0}, values = {0};
        size_t i;
        const json_t *e;

        char *svg = chart_svg_of(r, "participants_by_organisation");
        size_t n = svg_texts(svg, t, 256);
        json_array_foreach(orgs, i, e) {
            buf_printf(&names, "%s%s", i ? "|" : "", json_string_value(json_object_get(e, "name")));
            if (!whole)
                add_number(&values, json_object_get(json_object_get(e, "period"), "total"));
            add_number(&values, json_object_get(json_object_get(e, "accumulated"), "total"));
        }
        char *got = svg_class(t, n, "cat");
        assert_string_equal(got, names.data);
        free(got);
        got = svg_class(t, n, "value");
        assert_string_equal(got, values.data);
        free(got);
        got = svg_class(t, n, "legend");
        assert_string_equal(got, whole ? "" : "Perioden|Ackumulerat");
        free(got);
        got = svg_class(t, n, "title");
        assert_string_equal(got, "Deltagare per organisation");
        free(got);
        free(svg);

        buf_clear(&names);
        buf_clear(&values);
        svg = chart_svg_of(r, "budget_by_category");
        n = svg_texts(svg, t, 256);
        json_array_foreach(cats, i, e) {
            buf_printf(&names, "%s%s", i ? "|" : "", json_string_value(json_object_get(e, "name")));
            add_number(&values, json_object_get(json_object_get(e, "accumulated"), "planned"));
            add_number(&values, json_object_get(json_object_get(e, "accumulated"), "actual"));
        }
        got = svg_class(t, n, "cat");
        assert_string_equal(got, names.data);
        free(got);
        got = svg_class(t, n, "value");
        assert_string_equal(got, values.data);
        free(got);
        free(svg);
        buf_free(&names);
        buf_free(&values);
        json_decref(r);
    }

    /* The months of the lägesrapport sample: their totals, names and year. */
    json_t *r = load_sample("lagesrapport");
    char *svg = chart_svg_of(r, "participants_by_month");
    size_t n = svg_texts(svg, t, 256);
    char *got = svg_class(t, n, "value");
    assert_string_equal(got, "201|243|96");
    free(got);
    got = svg_class(t, n, "cat");
    assert_string_equal(got, "okt|nov|dec");
    free(got);
    got = svg_class(t, n, "group");
    assert_string_equal(got, "2012");
    free(got);
    got = svg_class(t, n, "legend");
    assert_string_equal(got, "Kvinnor|Män|Övriga");
    free(got);
    /* The description gives every figure in words. */
    assert_non_null(strstr(svg, "<desc id=\"c-desc\">okt 2012: Kvinnor 160, Män 38, Övriga 3, "
                                "totalt 201. nov 2012:"));
    assert_non_null(strstr(svg, "role=\"img\" aria-labelledby=\"c-title c-desc\""));
    free(svg);
    json_decref(r);
}

/* The bars are in proportion to the figures: length over value is the same for every bar
 * (the legend's swatches, one per series, come first). */
static void test_bars_in_proportion(void **state)
{
    (void)state;
    json_t *r = load_sample("lagesrapport");
    const json_t *orgs = json_object_get(json_object_get(r, "participants"), "by_organisation");
    ChartLayout *l = chart_layout(r, "participants_by_organisation", CHART_WIDTH);
    assert_non_null(l);
    assert_int_equal(l->nbars, 2 + 2 * json_array_size(orgs));
    double scale = 0;
    size_t i;
    const json_t *e;
    json_array_foreach(orgs, i, e) {
        for (int s = 0; s < 2; s++) {
            const json_t *v = json_object_get(json_object_get(e, s ? "accumulated" : "period"), "total");
            const ChartBar *b = &l->bars[2 + 2 * i + (size_t)s];
            assert_int_equal(b->series, s);
            if (scale == 0)
                scale = b->w / json_number_value(v);
            assert_true(fabs(b->w - scale * json_number_value(v)) < 0.01);
        }
    }
    chart_layout_free(l);

    /* A month's stack: women, men, other on top of each other, as high as its total. */
    l = chart_layout(r, "participants_by_month", CHART_WIDTH);
    assert_non_null(l);
    assert_int_equal(l->nbars, 3 + 3 * 3);
    const ChartBar *w = &l->bars[3], *m = &l->bars[4], *o = &l->bars[5];
    assert_true(fabs(m->y + m->h - w->y) < 0.01 && fabs(o->y + o->h - m->y) < 0.01);
    assert_true(fabs(w->h / 160 - m->h / 38) < 0.01 && fabs(w->h / 160 - o->h / 3) < 0.01);
    chart_layout_free(l);
    json_decref(r);
}

/* Every id of a whole HTML page with its three charts is unique, every reference inside an SVG
 * (aria-labelledby, url(#…)) names an id of its own chart, and the charts are text. */
static void test_page_ids_unique(void **state)
{
    (void)state;
    const char *const samples[] = {"lagesrapport", "slutrapport"};
    for (size_t s = 0; s < 2; s++) {
        json_t *r = load_sample(samples[s]);
        Buf html = {0};
        Errs errs;
        errs_init(&errs);
        assert_int_equal(render_html(r, &html, &errs), INSATS_OK);
        errs_free(&errs);
        char *ids[512];
        size_t n = 0;
        for (const char *p = html.data; (p = strstr(p, " id=\"")) != NULL; p++) {
            size_t len = strcspn(p + 5, "\"");
            assert_true(n < 512);
            ids[n] = xstrndup(p + 5, len);
            for (size_t k = 0; k < n; k++)
                if (!strcmp(ids[k], ids[n]))
                    fail_msg("%s: the id \"%s\" is there twice", samples[s], ids[n]);
            n++;
        }
        size_t svgs = 0;
        for (const char *p = html.data; (p = strstr(p, "<figure class=\"chart\" id=\"")) != NULL; p++) {
            char fig[64];
            sscanf(p + 26, "%63[^\"]", fig);
            const char *svg = strstr(p, "<svg"), *end = strstr(p, "</svg>");
            assert_true(svg && end);
            svgs++;
            assert_non_null(strstr(svg, "<text"));
            assert_null(strstr(svg, "glyph"));
            for (const char *q = svg; (q = strstr(q, " id=\"")) != NULL && q < end; q++)
                if (strncmp(q + 5, fig, strlen(fig)) != 0)
                    fail_msg("an id in chart %s does not start with its id: %.40s", fig, q);
            for (const char *q = svg; (q = strstr(q, "url(#")) != NULL && q < end; q++)
                assert_int_equal(strncmp(q + 5, fig, strlen(fig)), 0);
            char want[160];
            snprintf(want, sizeof want, "aria-labelledby=\"%s-title %s-desc\"", fig, fig);
            const char *lab = strstr(svg, want);
            assert_true(lab && lab < end);
        }
        /* The slutrapport sample has no months: no empty frame for them. */
        assert_int_equal(svgs, s == 0 ? 3 : 2);
        assert_true((s == 0) == (strstr(html.data, "diagram-participants_by_month") != NULL));
        for (size_t k = 0; k < n; k++)
            free(ids[k]);
        buf_free(&html);
        json_decref(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_axis_apart),  cmocka_unit_test(test_time_axis_not_months),
        cmocka_unit_test(test_width_estimate),
        cmocka_unit_test(test_svg_reads_back),   cmocka_unit_test(test_bars_in_proportion),
        cmocka_unit_test(test_page_ids_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
