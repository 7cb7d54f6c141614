/* chart.c — grouped bar charts of the report JSON, drawn with cairo and pango so that the PDF
 * and the SVG come from one piece of drawing code. Each chart is first turned into a small
 * table (categories × series of values borrowed from the JSON), then drawn generically. */
#include "chart.h"

#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "err.h"
#include "render.h"

#define CHART_MAX_SERIES 3
#define CHART_FONT "DejaVu Sans"

typedef enum { CHART_COUNT, CHART_KRONOR } ChartUnit;

/* One bar group: a category label and one value per series (borrowed JSON numbers). */
typedef struct ChartCat {
    char *label;
    const json_t *vals[CHART_MAX_SERIES];
} ChartCat;

typedef struct ChartData {
    const char *title;
    const char *axis;                 /* y axis title */
    const char *series[CHART_MAX_SERIES];
    int nseries;
    ChartUnit unit;
    ChartCat *cats;
    size_t ncats;
} ChartData;

/* Colours of the Okabe–Ito palette: distinguishable with the common colour-vision
 * deficiencies, and each series also has its own pattern (chart_fill_bar). */
static const double chart_colours[CHART_MAX_SERIES][3] = {
    {0.0, 0.447, 0.698},   /* blue */
    {0.902, 0.624, 0.0},   /* orange */
    {0.0, 0.620, 0.451},   /* bluish green */
};

static const char *const chart_months[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                              "jul", "aug", "sep", "okt", "nov", "dec"};

bool chart_known(const char *chart_name)
{
    return chart_name && (!strcmp(chart_name, "participants_by_month") ||
                          !strcmp(chart_name, "participants_by_organisation") ||
                          !strcmp(chart_name, "budget_by_category"));
}

static void chart_data_free(ChartData *d)
{
    for (size_t i = 0; i < d->ncats; i++)
        free(d->cats[i].label);
    free(d->cats);
    d->cats = NULL;
    d->ncats = 0;
}

static double chart_value(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : 0.0;
}

/* "2012-10" → "okt 2012"; anything unexpected is shown as it is. */
static char *chart_month_label(const char *month)
{
    if (month && strlen(month) == 7 && digits_only(month, 4) && month[4] == '-' &&
        digits_only(month + 5, 2)) {
        int m = digits_value(month + 5, 2);
        if (m >= 1 && m <= 12)
            return xasprintf("%s %.4s", chart_months[m - 1], month);
    }
    return xstrdup(month ? month : "");
}

/* Collects the chart's table from the report. Returns false for an unknown name or when the
 * report lacks the array the chart reads; an empty array is data (ncats == 0). */
static bool chart_data(const json_t *report, const char *name, ChartData *d)
{
    memset(d, 0, sizeof *d);
    const json_t *arr = NULL;
    if (!name || !json_is_object(report))
        return false;
    if (!strcmp(name, "participants_by_month")) {
        d->title = "Deltagare per månad och kön";
        d->axis = "Antal deltagare";
        d->series[0] = "Kvinnor";
        d->series[1] = "Män";
        d->series[2] = "Övriga";
        d->nseries = 3;
        arr = json_object_get(json_object_get(report, "participants"), "by_month");
    } else if (!strcmp(name, "participants_by_organisation")) {
        d->title = "Deltagare per organisation";
        d->axis = "Antal deltagare";
        d->series[0] = "Perioden";
        d->series[1] = "Ackumulerat";
        d->nseries = 2;
        arr = json_object_get(json_object_get(report, "participants"), "by_organisation");
    } else if (!strcmp(name, "budget_by_category")) {
        d->title = "Budget per kostnadsslag, ackumulerat";
        d->axis = "Kronor";
        d->series[0] = "Planerat";
        d->series[1] = "Utfall";
        d->nseries = 2;
        d->unit = CHART_KRONOR;
        arr = json_object_get(json_object_get(report, "budget"), "by_category");
    } else {
        return false;
    }
    if (!json_is_array(arr))
        return false;
    d->cats = xcalloc(json_array_size(arr) + 1, sizeof *d->cats);
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e) {
        ChartCat *c = &d->cats[d->ncats++];
        if (d->nseries == 3) {
            c->label = chart_month_label(json_string_value(json_object_get(e, "month")));
            c->vals[0] = json_object_get(e, "women");
            c->vals[1] = json_object_get(e, "men");
            c->vals[2] = json_object_get(e, "other");
        } else {
            const char *label = json_string_value(json_object_get(e, "name"));
            c->label = xstrdup(label ? label : "");
            const json_t *per = json_object_get(e, "period");
            const json_t *acc = json_object_get(e, "accumulated");
            if (d->unit == CHART_KRONOR) {
                c->vals[0] = json_object_get(acc, "planned");
                c->vals[1] = json_object_get(acc, "actual");
            } else {
                c->vals[0] = json_object_get(per, "total");
                c->vals[1] = json_object_get(acc, "total");
            }
        }
    }
    return true;
}

bool chart_has_data(const json_t *report, const char *chart_name)
{
    ChartData d;
    bool ok = chart_data(report, chart_name, &d) && d.ncats > 0;
    chart_data_free(&d);
    return ok;
}

/* A tick step of 1, 2 or 5 × 10^k that gives about five intervals up to max. */
static double chart_step(double max)
{
    if (max <= 0)
        return 1;
    double raw = max / 5.0;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    step *= mag;
    return step < 1 ? 1 : step;   /* counts and kronor are whole numbers */
}

/* Formats a value as the renderers do (thin-spaced thousands, "kr"), via render.h. */
static void chart_format(Buf *b, double v, ChartUnit unit, bool with_unit)
{
    json_t *j = json_integer((json_int_t)llround(v));
    if (unit == CHART_KRONOR && with_unit)
        render_kronor(b, j);
    else
        render_number(b, j);
    json_decref(j);
}

/* Fills the rectangle with the series' colour and pattern: solid, diagonal hatching, or
 * cross-hatching — so bars stay apart in greyscale print and for colour-blind readers. */
static void chart_fill_bar(cairo_t *cr, int series, double x, double y, double w, double h)
{
    if (w <= 0 || h <= 0)
        return;
    const double *c = chart_colours[series];
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_fill_preserve(cr);
    if (series > 0) {
        cairo_clip(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 1.2);
        double span = w + h;
        for (double t = -h; t < span; t += 5) {
            cairo_move_to(cr, x + t, y + h);
            cairo_line_to(cr, x + t + h, y);
            if (series == 2) {
                cairo_move_to(cr, x + t, y);
                cairo_line_to(cr, x + t + h, y + h);
            }
        }
        cairo_stroke(cr);
        cairo_reset_clip(cr);
        cairo_rectangle(cr, x, y, w, h);
    }
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* A layout for cr at 72 dpi, so that font sizes are in the same points as the drawing (pango
 * assumes 96 dpi otherwise). The caller unrefs it. */
static PangoLayout *chart_layout(cairo_t *cr)
{
    PangoContext *ctx = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(ctx, 72);
    PangoLayout *lay = pango_layout_new(ctx);
    g_object_unref(ctx);
    return lay;
}

static void chart_text(cairo_t *cr, PangoLayout *lay, const char *text, double x, double y)
{
    pango_layout_set_text(lay, text, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, lay);
}

static void chart_set_font(PangoLayout *lay, const char *desc)
{
    PangoFontDescription *fd = pango_font_description_from_string(desc);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
}

/* Width and height in points of text set in the layout. */
static void chart_measure(PangoLayout *lay, const char *text, double *w, double *h)
{
    int pw, ph;
    pango_layout_set_text(lay, text, -1);
    pango_layout_get_size(lay, &pw, &ph);
    *w = (double)pw / PANGO_SCALE;
    *h = (double)ph / PANGO_SCALE;
}

/* The generic grouped bar chart: title, legend, y axis with ticks and grid, bars with their
 * values on top where the value fits above the bar, category labels below. */
static void chart_draw_data(cairo_t *cr, const ChartData *d, double x, double y, double w,
                            double h)
{
    PangoLayout *lay = chart_layout(cr);
    Buf b = {0};
    double tw, th;

    /* Title. */
    chart_set_font(lay, CHART_FONT " Bold 10");
    chart_measure(lay, d->title, &tw, &th);
    cairo_set_source_rgb(cr, 0, 0, 0);
    chart_text(cr, lay, d->title, x, y);
    double top = y + th + 4;

    /* Legend: swatch (same pattern as the bars) + series name. */
    chart_set_font(lay, CHART_FONT " 8");
    double lx = x;
    double lh = 0;
    for (int s = 0; s < d->nseries; s++) {
        chart_measure(lay, d->series[s], &tw, &th);
        chart_fill_bar(cr, s, lx, top + (th - 9) / 2, 14, 9);
        cairo_set_source_rgb(cr, 0, 0, 0);
        chart_text(cr, lay, d->series[s], lx + 18, top);
        lx += 18 + tw + 14;
        lh = th;
    }
    top += lh + 8;

    if (d->ncats == 0) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        chart_text(cr, lay, "Inga uppgifter för perioden.", x, top);
        g_object_unref(lay);
        return;
    }

    double max = 0;
    for (size_t i = 0; i < d->ncats; i++)
        for (int s = 0; s < d->nseries; s++)
            max = fmax(max, chart_value(d->cats[i].vals[s]));
    double step = chart_step(max);
    int nticks = (int)ceil(max / step);
    if (nticks < 1)
        nticks = 1;
    double ymax = step * nticks;

    /* Left margin: the widest tick label, and the axis title above the ticks. */
    double left = 0;
    for (int t = 0; t <= nticks; t++) {
        buf_clear(&b);
        chart_format(&b, step * t, d->unit, false);
        chart_measure(lay, b.data, &tw, &th);
        left = fmax(left, tw);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    chart_text(cr, lay, d->axis, x, top);
    chart_measure(lay, d->axis, &tw, &th);
    top += th + 6;

    double px = x + left + 6;              /* plot area */
    double pw = x + w - px;
    double label_h = 2 * th + 6;           /* two lines of category label */
    double ph = y + h - label_h - top;
    if (pw < 20 || ph < 20) {
        buf_free(&b);
        g_object_unref(lay);
        return;
    }

    /* Grid and ticks. */
    cairo_set_line_width(cr, 0.4);
    for (int t = 0; t <= nticks; t++) {
        double ty = top + ph - ph * t / nticks;
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_move_to(cr, px, ty);
        cairo_line_to(cr, px + pw, ty);
        cairo_stroke(cr);
        buf_clear(&b);
        chart_format(&b, step * t, d->unit, false);
        chart_measure(lay, b.data, &tw, &th);
        cairo_set_source_rgb(cr, 0, 0, 0);
        chart_text(cr, lay, b.data, px - 4 - tw, ty - th / 2);
    }

    /* Bars. */
    double slot = pw / (double)d->ncats;
    double gap = slot * 0.2;
    double bw = (slot - gap) / d->nseries;
    chart_set_font(lay, CHART_FONT " 6.5");
    for (size_t i = 0; i < d->ncats; i++) {
        double sx = px + slot * (double)i + gap / 2;
        for (int s = 0; s < d->nseries; s++) {
            double v = chart_value(d->cats[i].vals[s]);
            double bh = ph * v / ymax;
            double bx = sx + bw * s;
            chart_fill_bar(cr, s, bx, top + ph - bh, bw, bh);
            buf_clear(&b);
            chart_format(&b, v, d->unit, false);
            chart_measure(lay, b.data, &tw, &th);
            if (tw <= bw + 2) {
                cairo_set_source_rgb(cr, 0, 0, 0);
                chart_text(cr, lay, b.data, bx + (bw - tw) / 2, top + ph - bh - th);
            }
        }
    }

    /* Axes. */
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, px, top);
    cairo_line_to(cr, px, top + ph);
    cairo_line_to(cr, px + pw, top + ph);
    cairo_stroke(cr);

    /* Category labels, wrapped to their slot and cut after two lines. */
    chart_set_font(lay, CHART_FONT " 7.5");
    pango_layout_set_width(lay, (int)(slot * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(lay, -2);
    pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
    for (size_t i = 0; i < d->ncats; i++)
        chart_text(cr, lay, d->cats[i].label, px + slot * (double)i, top + ph + 3);

    buf_free(&b);
    g_object_unref(lay);
}

void chart_draw(cairo_t *cr, const json_t *report, const char *chart_name, double x, double y,
                double w, double h)
{
    ChartData d;
    cairo_save(cr);
    if (chart_data(report, chart_name, &d)) {
        chart_draw_data(cr, &d, x, y, w, h);
    } else {
        PangoLayout *lay = chart_layout(cr);
        chart_set_font(lay, CHART_FONT " 9");
        cairo_set_source_rgb(cr, 0, 0, 0);
        chart_text(cr, lay, "Diagrammet saknar uppgifter.", x, y);
        g_object_unref(lay);
    }
    chart_data_free(&d);
    cairo_restore(cr);
}

static cairo_status_t chart_svg_write(void *closure, const unsigned char *data,
                                      unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* XML-escapes s into b (text and attribute values alike). */
static void chart_xml_escape(Buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '&': buf_puts(b, "&amp;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default: buf_putc(b, *s); break;
        }
    }
}

/* The figures as one sentence per category, for <desc>: screen readers get the numbers the
 * picture shows, not just its title. */
static void chart_describe(Buf *b, const ChartData *d)
{
    Buf t = {0};
    for (size_t i = 0; i < d->ncats; i++) {
        buf_printf(&t, "%s: ", d->cats[i].label);
        for (int s = 0; s < d->nseries; s++) {
            buf_printf(&t, "%s%s ", s ? ", " : "", d->series[s]);
            chart_format(&t, chart_value(d->cats[i].vals[s]), d->unit, true);
        }
        buf_puts(&t, ". ");
    }
    if (d->ncats == 0)
        buf_puts(&t, "Inga uppgifter för perioden.");
    chart_xml_escape(b, t.data);
    buf_free(&t);
}

int chart_svg(Buf *out, const json_t *report, const char *chart_name)
{
    ChartData d;
    if (!chart_data(report, chart_name, &d)) {
        chart_data_free(&d);
        return INSATS_EINPUT;
    }
    Buf svg = {0};
    cairo_surface_t *s =
        cairo_svg_surface_create_for_stream(chart_svg_write, &svg, CHART_WIDTH, CHART_HEIGHT);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_draw_data(cr, &d, 10, 10, CHART_WIDTH - 20, CHART_HEIGHT - 20);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);

    /* Cairo writes text as glyph outlines, so the title and figures are added as text: the
     * root element gets role="img", then <title> and <desc> come first inside it. */
    const char *root = svg.data ? strstr(svg.data, "<svg") : NULL;
    const char *end = root ? strchr(root, '>') : NULL;
    if (st != CAIRO_STATUS_SUCCESS || !end) {
        buf_free(&svg);
        chart_data_free(&d);
        return INSATS_EINPUT;
    }
    buf_append(out, svg.data, (size_t)(end - svg.data));
    /* Ids carry the chart's name: an HTML page may inline all three charts. */
    buf_printf(out, " role=\"img\" aria-labelledby=\"%s-title %s-desc\">\n<title id=\"%s-title\">",
               chart_name, chart_name, chart_name);
    chart_xml_escape(out, d.title);
    buf_printf(out, "</title>\n<desc id=\"%s-desc\">", chart_name);
    chart_describe(out, &d);
    buf_puts(out, "</desc>");
    buf_puts(out, end + 1);
    buf_free(&svg);
    chart_data_free(&d);
    return INSATS_OK;
}

void chart_register(void)
{
    render_chart_svg = chart_svg;
}
