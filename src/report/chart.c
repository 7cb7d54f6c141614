/* chart.c — the report's bar charts: the figures of the report JSON are turned into a small
 * table (categories × series), the table into one layout (every bar, line and label with its
 * position, chart_layout), and the layout is written out by a thin backend — SVG text
 * (chart_svg) or cairo with pango (chart_draw). Label widths are estimated (chart_text_width)
 * rather than measured, so that the layout is the same whichever backend draws it. */
#include "chart.h"

#include <assert.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "escape.h"

#define CHART_MAX_SERIES 3
#define CHART_FONT "DejaVu Sans"

/* Font metrics of DejaVu Sans as fractions of the size: ascent above the baseline, line
 * height, and the offset that centres a line of figures on a point. */
#define CHART_ASCENT 0.93
#define CHART_LINE 1.2
#define CHART_MID 0.36

/* Font sizes in points. */
#define CHART_SZ_TITLE 10.0
#define CHART_SZ_LEGEND 8.0
#define CHART_SZ_AXIS 7.5
#define CHART_SZ_TICK 7.0
#define CHART_SZ_CAT 7.5
#define CHART_SZ_VALUE 6.5

/* The least room between two labels of one row, in points. */
#define CHART_LABEL_GAP 3.0

typedef enum { CHART_COUNT, CHART_KRONOR } ChartUnit;

/* One bar group: a category label and one value per series (borrowed JSON numbers). A month
 * chart also keeps the month's total and its year and month, 0 when the label is no month. */
typedef struct ChartCat {
    const char *label;
    const json_t *vals[CHART_MAX_SERIES];
    const json_t *total;
    int year, month;
} ChartCat;

typedef struct ChartData {
    const char *title;
    const char *axis;                 /* value axis title */
    const char *series[CHART_MAX_SERIES];
    int nseries;
    ChartUnit unit;
    bool months;                      /* vertical stacked bars over time; else horizontal */
    ChartCat *cats;
    size_t ncats;
} ChartData;

/* Okabe–Ito blue, vermillion and bluish green: told apart with the common colour-vision
 * deficiencies, each at least 3:1 against white (5.2, 3.9 and 3.4), and each series has its
 * own pattern too (chart_svg_defs, chart_cairo_fill). */
static const char *const chart_css[CHART_MAX_SERIES] = {"#0072b2", "#d55e00", "#009e73"};
static const double chart_rgb[CHART_MAX_SERIES][3] = {
    {0x00 / 255.0, 0x72 / 255.0, 0xb2 / 255.0},
    {0xd5 / 255.0, 0x5e / 255.0, 0x00 / 255.0},
    {0x00 / 255.0, 0x9e / 255.0, 0x73 / 255.0},
};
/* Hatching of series 1 (diagonal) and 2 (crossed): white lines this far apart, at 45°. */
#define CHART_HATCH 4.0
#define CHART_HATCH_W 1.2

/* The months as the axis abbreviates them (translated where they are drawn). */
static const char *const chart_months[12] = {N_("jan"), N_("feb"), N_("mar"), N_("apr"),
                                              N_("maj"), N_("jun"), N_("jul"), N_("aug"),
                                              N_("sep"), N_("okt"), N_("nov"), N_("dec")};

bool chart_known(const char *chart_name)
{
    return chart_name && (!strcmp(chart_name, "participants_by_month") ||
                          !strcmp(chart_name, "participants_by_organisation") ||
                          !strcmp(chart_name, "budget_by_category"));
}

/* ---- The chart's table, from the report JSON -------------------------------------------- */

static double chart_value(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : 0.0;
}

/* "2012-10" → year 2012, month 10; false for anything else. */
static bool chart_parse_month(const char *s, int *year, int *month)
{
    if (!s || strlen(s) != 7 || !digits_only(s, 4) || s[4] != '-' || !digits_only(s + 5, 2))
        return false;
    *year = digits_value(s, 4);
    *month = digits_value(s + 5, 2);
    return *month >= 1 && *month <= 12;
}

/* Collects the chart's table from the report. Returns false for an unknown name or when the
 * report lacks the array the chart reads; an empty array is data (ncats == 0). The labels and
 * values are borrowed from report. */
static bool chart_data(const json_t *report, const char *name, ChartData *d)
{
    memset(d, 0, sizeof *d);
    const json_t *arr = NULL;
    if (!name || !json_is_object(report))
        return false;
    const char *kind = json_string_value(json_object_get(report, "report"));
    bool whole = kind && !strcmp(kind, "slutrapport");
    if (!strcmp(name, "participants_by_month")) {
        d->title = _("Deltagare per månad och kön");
        d->axis = _("Antal deltagare");
        d->series[0] = _("Kvinnor");
        d->series[1] = _("Män");
        d->series[2] = _("Övriga");
        d->nseries = 3;
        d->months = true;
        arr = json_object_get(json_object_get(report, "participants"), "by_month");
    } else if (!strcmp(name, "participants_by_organisation")) {
        d->title = _("Deltagare per organisation");
        d->axis = _("Antal deltagare");
        /* A slutrapport's period is the whole project: one series, not two equal ones. */
        d->series[0] = whole ? _("Hela projektet") : _("Perioden");
        d->series[1] = _("Ackumulerat");
        d->nseries = whole ? 1 : 2;
        arr = json_object_get(json_object_get(report, "participants"), "by_organisation");
    } else if (!strcmp(name, "budget_by_category")) {
        d->title = _("Budget och utfall per kostnadskategori, ackumulerat");
        d->axis = _("Kronor");
        d->series[0] = _("Budget");
        d->series[1] = _("Utfall");
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
        if (d->months) {
            c->label = json_string_value(json_object_get(e, "month"));
            if (!chart_parse_month(c->label, &c->year, &c->month))
                c->year = c->month = 0;
            c->vals[0] = json_object_get(e, "women");
            c->vals[1] = json_object_get(e, "men");
            c->vals[2] = json_object_get(e, "other");
            c->total = json_object_get(e, "total");
        } else {
            c->label = json_string_value(json_object_get(e, "name"));
            const json_t *per = json_object_get(e, "period");
            const json_t *acc = json_object_get(e, "accumulated");
            if (d->unit == CHART_KRONOR) {
                c->vals[0] = json_object_get(acc, "planned");
                c->vals[1] = json_object_get(acc, "actual");
            } else {
                c->vals[0] = json_object_get(whole ? acc : per, "total");
                c->vals[1] = json_object_get(acc, "total");
            }
        }
        if (!c->label)
            c->label = "–";
    }
    return true;
}

bool chart_has_data(const json_t *report, const char *chart_name)
{
    ChartData d;
    bool ok = chart_data(report, chart_name, &d) && d.ncats > 0;
    free(d.cats);
    return ok;
}

/* Formats a whole value as the tables beside the chart do, "kr" when asked: in the report
 * files as render_number() writes it ("12 345", no-break space), on a web page in its
 * language (i18n_number()). */
static void chart_format(Buf *b, double v, ChartUnit unit, bool with_unit)
{
    char n[40];
    buf_puts(b, i18n_number(llround(v), 0, n, sizeof n));
    if (unit == CHART_KRONOR && with_unit)
        buf_puts(b, "\xc2\xa0kr");
}

/* The value drawn for a month's stack: its total from the JSON, or the sum of its parts. */
static double chart_month_total(const ChartData *d, const ChartCat *c)
{
    if (json_is_number(c->total))
        return json_number_value(c->total);
    double t = 0;
    for (int s = 0; s < d->nseries; s++)
        t += chart_value(c->vals[s]);
    return t;
}

/* The month's label in words: "okt 2012", or the label as the JSON gives it. */
static void chart_cat_name(Buf *b, const ChartCat *c)
{
    if (c->month)
        buf_printf(b, "%s %d", _(chart_months[c->month - 1]), c->year);
    else
        buf_puts(b, c->label);
}

/* The figures as one sentence per category, for <desc>: screen readers get the numbers the
 * picture shows, not just its title. Caller frees. */
static char *chart_describe(const ChartData *d)
{
    Buf t = {0};
    for (size_t i = 0; i < d->ncats; i++) {
        const ChartCat *c = &d->cats[i];
        chart_cat_name(&t, c);
        buf_puts(&t, ": ");
        for (int s = 0; s < d->nseries; s++) {
            buf_printf(&t, "%s%s ", s ? ", " : "", d->series[s]);
            chart_format(&t, chart_value(c->vals[s]), d->unit, true);
        }
        if (d->months) {
            buf_printf(&t, ", %s ", _("totalt"));
            chart_format(&t, chart_month_total(d, c), d->unit, true);
        }
        buf_puts(&t, ". ");
    }
    if (d->ncats == 0)
        buf_puts(&t, _("Inga uppgifter för perioden."));
    else
        t.data[--t.len] = '\0';   /* the last sentence's trailing space */
    return buf_steal(&t);
}

/* ---- Text width ------------------------------------------------------------------------- */

/* The advance of one character of DejaVu Sans in ems, rounded up by class: a label laid out
 * with these widths has at least the room the font needs. */
static double chart_char_em(uint32_t c)
{
    if (c == ' ' || c == 0xa0 || c == 0x202f)
        return 0.32;
    if (c < 0x80) {
        if (strchr("iljI|!'.,:;", (int)c))
            return 0.34;
        if (strchr("frt()[]-/", (int)c))
            return 0.44;
        if (strchr("mwMW%@", (int)c))
            return 1.0;
        if (c >= 'A' && c <= 'Z')
            return 0.80;
        return 0.65;   /* digits, the other lower-case letters, & + = … */
    }
    if (c == 0x2013)   /* en dash */
        return 0.5;
    if (c >= 0xc0 && c <= 0xde)
        return 0.80;   /* Å Ä Ö É … */
    if (c >= 0xdf && c <= 0xff)
        return 0.65;   /* å ä ö é … */
    return 1.0;
}

double chart_text_width(const char *text, double size, bool bold)
{
    double em = 0;
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    while (*p) {
        uint32_t c = *p;
        int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        if (more) {
            c &= 0x3fu >> more;
            for (int k = 0; k < more && (p[1] & 0xc0) == 0x80; k++)
                c = (c << 6) | (*++p & 0x3fu);
        }
        p++;
        em += chart_char_em(c);
    }
    return em * size * (bold ? 1.2 : 1.0);
}

void chart_text_extent(const ChartText *t, double *x0, double *x1)
{
    double w = chart_text_width(t->text, t->size, t->bold);
    double left = t->anchor == CHART_START ? t->x : t->anchor == CHART_END ? t->x - w : t->x - w / 2;
    *x0 = left;
    *x1 = left + w;
}

/* ---- Building a layout ------------------------------------------------------------------ */

static ChartText *chart_add_text(ChartLayout *l, ChartTextKind kind, double x, double y,
                                 double size, ChartAnchor anchor, const char *text)
{
    if (l->ntexts == l->ctexts) {
        l->ctexts = l->ctexts ? 2 * l->ctexts : 32;
        l->texts = xrealloc(l->texts, l->ctexts * sizeof *l->texts);
    }
    ChartText *t = &l->texts[l->ntexts++];
    *t = (ChartText){kind, x, y, size, anchor, kind == CHART_T_TITLE, xstrdup(text)};
    return t;
}

static void chart_add_bar(ChartLayout *l, double x, double y, double w, double h, int series)
{
    if (w <= 0 || h <= 0)
        return;
    if (l->nbars == l->cbars) {
        l->cbars = l->cbars ? 2 * l->cbars : 32;
        l->bars = xrealloc(l->bars, l->cbars * sizeof *l->bars);
    }
    l->bars[l->nbars++] = (ChartBar){x, y, w, h, series};
}

static void chart_add_line(ChartLayout *l, double x1, double y1, double x2, double y2, bool grid)
{
    if (l->nlines == l->clines) {
        l->clines = l->clines ? 2 * l->clines : 32;
        l->lines = xrealloc(l->lines, l->clines * sizeof *l->lines);
    }
    l->lines[l->nlines++] = (ChartLine){x1, y1, x2, y2, grid};
}

void chart_layout_free(ChartLayout *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->ntexts; i++)
        free(l->texts[i].text);
    free(l->texts);
    free(l->bars);
    free(l->lines);
    free(l->title);
    free(l->desc);
    free(l);
}

/* Title and legend (swatches in the series' fills, wrapped to the width); returns the y below
 * them. A single series needs no legend: the title names it. */
static double chart_header(ChartLayout *l, const ChartData *d, double w)
{
    /* The title on as many lines as the width needs, broken at spaces (a narrow layout); a
     * word wider than the chart stays whole. */
    double y = 0;
    const char *rest = d->title ? d->title : "";
    Buf line = {0};
    do {
        size_t fit = strlen(rest);
        for (;;) {
            buf_clear(&line);
            buf_append(&line, rest, fit);
            if (chart_text_width(line.data ? line.data : "", CHART_SZ_TITLE, true) <= w)
                break;
            size_t sp = fit;
            while (sp > 0 && rest[sp - 1] != ' ')
                sp--;
            while (sp > 0 && rest[sp - 1] == ' ')
                sp--;
            if (sp == 0)
                break;
            fit = sp;
        }
        chart_add_text(l, CHART_T_TITLE, 0, y + CHART_SZ_TITLE * CHART_ASCENT, CHART_SZ_TITLE,
                       CHART_START, line.data ? line.data : "");
        y += CHART_SZ_TITLE * CHART_LINE;
        rest += fit;
        while (*rest == ' ')
            rest++;
    } while (*rest);
    buf_free(&line);
    y += 4;
    if (d->nseries < 2)
        return y;
    double lh = CHART_SZ_LEGEND * CHART_LINE;
    double x = 0;
    for (int s = 0; s < d->nseries; s++) {
        double tw = chart_text_width(d->series[s], CHART_SZ_LEGEND, false);
        if (x > 0 && x + 18 + tw > w) {
            x = 0;
            y += lh + 2;
        }
        chart_add_bar(l, x, y + (lh - 9) / 2, 14, 9, s);
        chart_add_text(l, CHART_T_LEGEND, x + 18, y + CHART_SZ_LEGEND * CHART_ASCENT,
                       CHART_SZ_LEGEND, CHART_START, d->series[s]);
        x += 18 + tw + 14;
    }
    return y + lh + 6;
}

/* The value axis: the smallest step of 1, 2 or 5 × 10^k (whole numbers only) that covers max
 * in at most six intervals whose tick labels keep apart over span points — by their line
 * height on an upright axis, by their widths (by_width) on a lying one. Sets *nticks to the
 * number of intervals. */
static double chart_step(double max, double span, ChartUnit unit, bool by_width, int *nticks)
{
    static const double f[3] = {1, 2, 5};
    Buf b = {0};
    double step = 1;
    for (int k = 0;; k++) {
        step = f[k % 3] * pow(10.0, k / 3);
        int n = max > 0 ? (int)ceil(max / step - 1e-9) : 1;
        if (n < 1)
            n = 1;
        double room = CHART_SZ_TICK * CHART_LINE;
        if (by_width) {
            buf_clear(&b);
            chart_format(&b, step * n, unit, false);
            room = chart_text_width(b.data, CHART_SZ_TICK, false) + 2 * CHART_LABEL_GAP;
        }
        if (n <= 6 && span / n >= room) {
            *nticks = n;
            break;
        }
        if (k > 60) {   /* a span too small for any label: one interval */
            *nticks = 1;
            step = max > 0 ? max : 1;
            break;
        }
    }
    buf_free(&b);
    return step;
}

/* A label of one row of the time axis: centred on its group's bars unless that would run off
 * the chart. A required label (of a whole quarter, year …) must fit; one of a group cut by
 * the project's start or end is dropped when it would meet a neighbour. */
typedef struct ChartAxisLabel {
    char text[32];
    double x;
    bool required;
} ChartAxisLabel;

/* Places the labels (centres x) of one row within [0, w]; returns false when two required
 * labels meet, else marks the dropped ones with an empty text. */
static bool chart_axis_row(ChartAxisLabel *labels, size_t n, double w)
{
    for (size_t i = 0; i < n; i++) {
        double tw = chart_text_width(labels[i].text, CHART_SZ_CAT, false);
        if (labels[i].x - tw / 2 < 0)
            labels[i].x = tw / 2;
        if (labels[i].x + tw / 2 > w)
            labels[i].x = w - tw / 2;
    }
    /* Required labels must keep apart among themselves; any other gives way. */
    for (int pass = 0; pass < 2; pass++) {
        size_t prev = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (!labels[i].text[0] || (pass == 0 && !labels[i].required))
                continue;
            if (prev != SIZE_MAX) {
                double a = chart_text_width(labels[prev].text, CHART_SZ_CAT, false);
                double b = chart_text_width(labels[i].text, CHART_SZ_CAT, false);
                if (labels[i].x - b / 2 < labels[prev].x + a / 2 + CHART_LABEL_GAP) {
                    if (pass == 0)
                        return false;
                    if (!labels[i].required) {
                        labels[i].text[0] = '\0';
                        continue;
                    }
                    labels[prev].text[0] = '\0';   /* not required: pass 0 saw both else */
                }
            }
            prev = i;
        }
    }
    return true;
}

/* The groups of a time axis at one level of detail: months (with the year in a second row),
 * quarters (the same), or years of which every stride-th is labelled. */
typedef enum { CHART_BY_MONTH, CHART_BY_QUARTER, CHART_BY_YEAR } ChartGrouping;

/* The key of bar i's group at the grouping: bars with one key form one group. */
static int chart_group_key(const ChartCat *c, ChartGrouping g)
{
    if (g == CHART_BY_MONTH)
        return c->year * 12 + c->month - 1;
    if (g == CHART_BY_QUARTER)
        return c->year * 4 + (c->month - 1) / 3;
    return c->year;
}

/* Fills labels (one per group, capacity ncats) for the grouping; returns how many. Bars are
 * slot points wide from px. stride: for years, only years divisible by it are labelled. */
static size_t chart_axis_groups(const ChartData *d, ChartGrouping g, int stride, double px,
                                double slot, ChartAxisLabel *labels, double *bounds,
                                size_t *nbounds)
{
    static const int full[3] = {1, 3, 12};
    size_t n = 0;
    *nbounds = 0;
    for (size_t i = 0; i < d->ncats;) {
        int key = chart_group_key(&d->cats[i], g);
        size_t j = i;
        while (j < d->ncats && chart_group_key(&d->cats[j], g) == key)
            j++;
        ChartAxisLabel *a = &labels[n++];
        const ChartCat *c = &d->cats[i];
        if (g == CHART_BY_MONTH)
            snprintf(a->text, sizeof a->text, "%s", _(chart_months[c->month - 1]));
        else if (g == CHART_BY_QUARTER)
            snprintf(a->text, sizeof a->text, "kv %d", (c->month - 1) / 3 + 1);
        else if (c->year % stride == 0)
            snprintf(a->text, sizeof a->text, "%d", c->year);
        else
            a->text[0] = '\0';
        a->x = px + slot * (double)(i + j) / 2;
        a->required = (int)(j - i) == full[g];
        if (i > 0)
            bounds[(*nbounds)++] = px + slot * (double)i;
        i = j;
    }
    return n;
}

/* The year row under months or quarters: one label per calendar year. */
static size_t chart_axis_years(const ChartData *d, double px, double slot, ChartAxisLabel *labels)
{
    size_t n = 0;
    for (size_t i = 0; i < d->ncats;) {
        size_t j = i;
        while (j < d->ncats && d->cats[j].year == d->cats[i].year)
            j++;
        ChartAxisLabel *a = &labels[n++];
        snprintf(a->text, sizeof a->text, "%d", d->cats[i].year);
        a->x = px + slot * (double)(i + j) / 2;
        a->required = j - i == 12;
        i = j;
    }
    return n;
}

static void chart_emit_row(ChartLayout *l, const ChartAxisLabel *labels, size_t n,
                           ChartTextKind kind, double y)
{
    for (size_t i = 0; i < n; i++)
        if (labels[i].text[0])
            chart_add_text(l, kind, labels[i].x, y, CHART_SZ_CAT, CHART_MIDDLE, labels[i].text);
}

/* The time axis under the bars of a month chart, from the top of the label area at y: the
 * finest grouping whose labels do not meet — months, quarters, years, every 2nd, 5th, 10th …
 * year. Labels that are no months ("2012-13") fall back to every k-th bar's own label. */
static void chart_time_axis(ChartLayout *l, const ChartData *d, double px, double slot, double y,
                            double w)
{
    ChartAxisLabel *row = xcalloc(d->ncats + 1, sizeof *row);
    ChartAxisLabel *years = xcalloc(d->ncats + 1, sizeof *years);
    double *bounds = xcalloc(d->ncats + 1, sizeof *bounds);
    size_t nbounds = 0;
    double line = CHART_SZ_CAT * CHART_LINE;
    double base1 = y + 3 + CHART_SZ_CAT * CHART_ASCENT;
    bool months = true;
    for (size_t i = 0; i < d->ncats; i++)
        months = months && d->cats[i].month;

    if (!months) {
        for (size_t k = 1;; k++) {
            size_t n = 0;
            for (size_t i = 0; i < d->ncats; i++) {
                ChartAxisLabel *a = &row[n++];
                snprintf(a->text, sizeof a->text, "%s", i % k ? "" : d->cats[i].label);
                /* A label cut by the buffer ends at a whole character. */
                size_t len = strlen(a->text), last = len;
                while (last > 0 && ((unsigned char)a->text[last - 1] & 0xc0) == 0x80)
                    last--;
                if (last > 0) {
                    unsigned char lead = (unsigned char)a->text[last - 1];
                    size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
                    if (last - 1 + need > len)
                        a->text[last - 1] = '\0';
                }
                a->x = px + slot * ((double)i + 0.5);
                a->required = true;
            }
            if (chart_axis_row(row, n, w) || k >= d->ncats) {
                chart_emit_row(l, row, n, CHART_T_CAT, base1);
                break;
            }
        }
    } else {
        static const struct { ChartGrouping g; int stride; } levels[] = {
            {CHART_BY_MONTH, 1}, {CHART_BY_QUARTER, 1}, {CHART_BY_YEAR, 1}, {CHART_BY_YEAR, 2},
            {CHART_BY_YEAR, 5},  {CHART_BY_YEAR, 10},   {CHART_BY_YEAR, 20}, {CHART_BY_YEAR, 50},
        };
        size_t nlevels = sizeof levels / sizeof levels[0];
        for (size_t k = 0; k < nlevels; k++) {
            ChartGrouping g = levels[k].g;
            size_t n = chart_axis_groups(d, g, levels[k].stride, px, slot, row, bounds, &nbounds);
            size_t ny = g == CHART_BY_YEAR ? 0 : chart_axis_years(d, px, slot, years);
            if (k + 1 < nlevels && (!chart_axis_row(row, n, w) || !chart_axis_row(years, ny, w)))
                continue;
            chart_emit_row(l, row, n, CHART_T_CAT, base1);
            chart_emit_row(l, years, ny, CHART_T_GROUP, base1 + line);
            /* Group boundaries as short ticks; a new year's reaches down to the year row. */
            for (size_t b = 0; b < nbounds; b++) {
                size_t i = (size_t)llround((bounds[b] - px) / slot);
                bool new_year = i < d->ncats && d->cats[i].month == 1 && g != CHART_BY_YEAR;
                chart_add_line(l, bounds[b], y, bounds[b], y + (new_year ? 3 + line : 3), false);
            }
            break;
        }
    }
    free(row);
    free(years);
    free(bounds);
}

/* Vertical stacked bars per month (women, men, other), the month's total above its bar where
 * it fits, the value axis on the left, the time axis below. */
static void chart_layout_months(ChartLayout *l, const ChartData *d, double top)
{
    double w = l->width, h = l->height;
    chart_add_text(l, CHART_T_AXIS, 0, top + CHART_SZ_AXIS * CHART_ASCENT, CHART_SZ_AXIS,
                   CHART_START, d->axis);
    double pt = top + CHART_SZ_AXIS * CHART_LINE + CHART_SZ_VALUE * CHART_LINE + 2;
    double pb = h - 2 * CHART_SZ_CAT * CHART_LINE - 6;
    double ph = pb - pt;

    double max = 0;
    for (size_t i = 0; i < d->ncats; i++)
        max = fmax(max, chart_month_total(d, &d->cats[i]));
    int nticks;
    double step = chart_step(max, ph, d->unit, false, &nticks);
    double ymax = step * nticks;

    Buf b = {0};
    double left = 0;
    for (int t = 0; t <= nticks; t++) {
        buf_clear(&b);
        chart_format(&b, step * t, d->unit, false);
        left = fmax(left, chart_text_width(b.data, CHART_SZ_TICK, false));
    }
    double px = left + 5, pw = w - px - 1;
    for (int t = 0; t <= nticks; t++) {
        double ty = pb - ph * t / nticks;
        if (t > 0)
            chart_add_line(l, px, ty, px + pw, ty, true);
        buf_clear(&b);
        chart_format(&b, step * t, d->unit, false);
        chart_add_text(l, CHART_T_TICK, px - 4, ty + CHART_SZ_TICK * CHART_MID, CHART_SZ_TICK,
                       CHART_END, b.data);
    }

    double slot = pw / (double)d->ncats;
    double bw = fmin(slot * 0.72, 36);
    /* The totals above the bars: all of them or none, so that a missing figure never looks
     * like a month without one. */
    bool values = true;
    for (size_t i = 0; i < d->ncats && values; i++) {
        buf_clear(&b);
        chart_format(&b, chart_month_total(d, &d->cats[i]), d->unit, false);
        values = chart_text_width(b.data, CHART_SZ_VALUE, false) + 1 <= slot;
    }
    for (size_t i = 0; i < d->ncats; i++) {
        const ChartCat *c = &d->cats[i];
        double bx = px + slot * (double)i + (slot - bw) / 2;
        double y = pb;
        for (int s = 0; s < d->nseries; s++) {
            double bh = ph * chart_value(c->vals[s]) / ymax;
            chart_add_bar(l, bx, y - bh, bw, bh, s);
            y -= bh;
        }
        double total = chart_month_total(d, c);
        buf_clear(&b);
        chart_format(&b, total, d->unit, false);
        if (values)
            chart_add_text(l, CHART_T_VALUE, bx + bw / 2, pb - ph * total / ymax - 2,
                           CHART_SZ_VALUE, CHART_MIDDLE, b.data);
    }
    chart_add_line(l, px, pt - 2, px, pb, false);
    chart_add_line(l, px, pb, px + pw, pb, false);
    chart_time_axis(l, d, px, slot, pb, w);
    buf_free(&b);
}

/* The length in bytes of the longest prefix of s (whole characters, at least one) that is at
 * most width points wide. */
static size_t chart_fit_prefix(const char *s, double size, double width)
{
    size_t best = 0;
    Buf b = {0};
    for (size_t i = 0; s[i];) {
        size_t j = i + 1;
        while (((unsigned char)s[j] & 0xc0) == 0x80)
            j++;
        buf_append(&b, s + i, j - i);
        if (best > 0 && chart_text_width(b.data, size, false) > width)
            break;
        best = j;
        i = j;
    }
    buf_free(&b);
    return best;
}

static void chart_push_line(char ***lines, size_t *n, char *line)
{
    *lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
    (*lines)[(*n)++] = line;
}

/* Splits text into lines of at most width points at spaces (a word wider than the width is
 * cut between characters); returns the number of lines (at least one), each a new string in
 * *lines (caller frees them and the array). */
static size_t chart_wrap(const char *text, double size, double width, char ***lines)
{
    size_t n = 0;
    *lines = NULL;
    Buf line = {0};
    for (const char *p = text; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t wl = strcspn(p, " ");
        size_t before = line.len;
        if (before)
            buf_putc(&line, ' ');
        buf_append(&line, p, wl);
        if (before && chart_text_width(line.data, size, false) > width) {
            line.data[before] = '\0';
            chart_push_line(lines, &n, xstrdup(line.data));
            buf_clear(&line);
            buf_append(&line, p, wl);
        }
        p += wl;
        while (chart_text_width(line.data, size, false) > width) {
            size_t cut = chart_fit_prefix(line.data, size, width);
            if (!line.data[cut])
                break;
            chart_push_line(lines, &n, xstrndup(line.data, cut));
            char *rest = xstrdup(line.data + cut);
            buf_clear(&line);
            buf_puts(&line, rest);
            free(rest);
        }
    }
    chart_push_line(lines, &n, line.len ? buf_steal(&line) : xstrdup(""));
    buf_free(&line);
    return n;
}

/* Horizontal bars per category: the names on the left (wrapped, never cut), one bar per series
 * with its figure at its end, the value axis below. Returns the height used. */
static double chart_layout_categories(ChartLayout *l, const ChartData *d, double top)
{
    double w = l->width;
    const double bt = 11, pad = 8;
    double lh = CHART_SZ_CAT * CHART_LINE;
    Buf b = {0};

    double lw = 0, vw = 0, max = 0;
    for (size_t i = 0; i < d->ncats; i++) {
        lw = fmax(lw, chart_text_width(d->cats[i].label, CHART_SZ_CAT, false));
        for (int s = 0; s < d->nseries; s++) {
            double v = chart_value(d->cats[i].vals[s]);
            max = fmax(max, v);
            buf_clear(&b);
            chart_format(&b, v, d->unit, false);
            vw = fmax(vw, chart_text_width(b.data, CHART_SZ_TICK, false));
        }
    }
    lw = fmin(lw, w * 0.36);
    double px = lw + 6, pw = w - px - vw - 6;

    int nticks;
    double step = chart_step(max, pw, d->unit, true, &nticks);
    double xmax = step * nticks;

    double y = top + 2;
    for (size_t i = 0; i < d->ncats; i++) {
        const ChartCat *c = &d->cats[i];
        char **lines;
        size_t n = chart_wrap(c->label, CHART_SZ_CAT, lw, &lines);
        double bars = bt * d->nseries;
        double band = fmax(bars, lh * (double)n);
        double mid = y + band / 2;
        double ty = mid - lh * (double)n / 2 + (lh - CHART_SZ_CAT) / 2 + CHART_SZ_CAT * CHART_ASCENT;
        for (size_t k = 0; k < n; k++) {
            chart_add_text(l, CHART_T_CAT, lw, ty + lh * (double)k, CHART_SZ_CAT, CHART_END,
                           lines[k]);
            free(lines[k]);
        }
        free(lines);
        for (int s = 0; s < d->nseries; s++) {
            double v = chart_value(c->vals[s]);
            double by = mid - bars / 2 + bt * s;
            double bl = pw * v / xmax;
            chart_add_bar(l, px, by, bl, bt, s);
            buf_clear(&b);
            chart_format(&b, v, d->unit, false);
            chart_add_text(l, CHART_T_VALUE, px + bl + 3, by + bt / 2 + CHART_SZ_TICK * CHART_MID,
                           CHART_SZ_TICK, CHART_START, b.data);
        }
        y += band + pad;
    }
    double pb = y - pad / 2;
    for (int t = 0; t <= nticks; t++) {
        double tx = px + pw * t / nticks;
        if (t > 0)
            chart_add_line(l, tx, top, tx, pb, true);
        chart_add_line(l, tx, pb, tx, pb + 3, false);
        buf_clear(&b);
        chart_format(&b, step * t, d->unit, false);
        chart_add_text(l, CHART_T_TICK, tx, pb + 4 + CHART_SZ_TICK * CHART_ASCENT, CHART_SZ_TICK,
                       CHART_MIDDLE, b.data);
    }
    chart_add_line(l, px, top, px, pb, false);
    chart_add_line(l, px, pb, px + pw, pb, false);
    double ay = pb + 4 + CHART_SZ_TICK * CHART_LINE + 2 + CHART_SZ_AXIS * CHART_ASCENT;
    chart_add_text(l, CHART_T_AXIS, px + pw / 2, ay, CHART_SZ_AXIS, CHART_MIDDLE, d->axis);
    buf_free(&b);
    return ay + CHART_SZ_AXIS * (CHART_LINE - CHART_ASCENT) + 2;
}

ChartLayout *chart_layout(const json_t *report, const char *chart_name, double width)
{
    ChartData d;
    if (!chart_data(report, chart_name, &d)) {
        free(d.cats);
        return NULL;
    }
    ChartLayout *l = xcalloc(1, sizeof *l);
    l->width = width;
    l->title = xstrdup(d.title);
    l->desc = chart_describe(&d);
    double top = chart_header(l, &d, width);
    if (d.ncats == 0) {
        chart_add_text(l, CHART_T_NOTE, 0, top + 9 * CHART_ASCENT, 9, CHART_START,
                       _("Inga uppgifter för perioden."));
        l->height = top + 9 * CHART_LINE + 2;
    } else if (d.months) {
        l->height = width * 5 / 9;   /* the proportions of a page-wide chart */
        chart_layout_months(l, &d, top);
    } else {
        l->height = chart_layout_categories(l, &d, top);
    }
    free(d.cats);
    return l;
}

double chart_height(const json_t *report, const char *chart_name, double width)
{
    Lang was = i18n_current();
    i18n_set(LANG_NONE);   /* as chart_draw() lays it out: the report file's Swedish */
    ChartLayout *l = chart_layout(report, chart_name, width);
    i18n_set(was);
    double h = l ? l->height : 0;
    chart_layout_free(l);
    return h;
}

/* ---- The SVG backend -------------------------------------------------------------------- */

/* A coordinate with at most two decimals and a decimal point whatever the locale. */
static void chart_svg_num(Buf *out, double v)
{
    long long c = llround(v * 100);
    if (c < 0) {
        buf_putc(out, '-');
        c = -c;
    }
    buf_printf(out, "%lld", c / 100);
    if (c % 100)
        buf_printf(out, c % 10 ? ".%02lld" : ".%lld", c % 10 ? c % 100 : c % 100 / 10);
}

/* Appends name="value" with a number as the value. */
static void chart_svg_attr(Buf *out, const char *name, double v)
{
    buf_printf(out, " %s=\"", name);
    chart_svg_num(out, v);
    buf_putc(out, '"');
}

static const char *chart_svg_class(ChartTextKind k)
{
    static const char *const names[] = {"title", "legend", "axis", "tick",
                                        "cat",   "group",  "value", "note"};
    return names[k];
}

/* The hatched fills of series 1 and 2 as patterns in the chart's user space, so that the
 * hatching of neighbouring bars lines up as it does in the cairo backend. */
static void chart_svg_defs(Buf *out, const ChartLayout *l, const char *id)
{
    bool used[CHART_MAX_SERIES] = {false};
    for (size_t i = 0; i < l->nbars; i++)
        used[l->bars[i].series] = true;
    if (!used[1] && !used[2])
        return;   /* solid bars only: no pattern, no id */
    esc_raw_literal(out, "<defs>\n");
    for (int s = 1; s < CHART_MAX_SERIES; s++) {
        if (!used[s])
            continue;
        esc_printf(out, "<pattern id=\"%s-fill%d\" patternUnits=\"userSpaceOnUse\"", id, s);
        chart_svg_attr(out, "width", CHART_HATCH);
        chart_svg_attr(out, "height", CHART_HATCH);
        esc_printf(out, " patternTransform=\"rotate(45)\"><rect width=\"100%%\" height=\"100%%\""
                        " fill=\"%s\"/>", chart_css[s]);
        buf_puts(out, "<path d=\"M");
        chart_svg_num(out, CHART_HATCH / 2);
        buf_puts(out, " 0V");
        chart_svg_num(out, CHART_HATCH);
        if (s == 2) {
            buf_puts(out, "M0 ");
            chart_svg_num(out, CHART_HATCH / 2);
            buf_putc(out, 'H');
            chart_svg_num(out, CHART_HATCH);
        }
        buf_puts(out, "\" stroke=\"#fff\"");
        chart_svg_attr(out, "stroke-width", CHART_HATCH_W);
        buf_puts(out, "/>");
        esc_raw_literal(out, "</pattern>\n");
    }
    esc_raw_literal(out, "</defs>\n");
}

static int chart_svg_write(Buf *out, const json_t *report, const char *chart_name,
                           const char *id, double width);

int chart_svg(Buf *out, const json_t *report, const char *chart_name, const char *id)
{
    return chart_svg_in(out, report, chart_name, id, LANG_NONE, CHART_WIDTH);
}

int chart_svg_in(Buf *out, const json_t *report, const char *chart_name, const char *id,
                 Lang lang, double width)
{
    /* the chart's words and figures in lang for as long as it is drawn; LANG_NONE writes them
     * as they are written here, in the report files' Swedish */
    Lang was = i18n_current();
    i18n_set(lang);
    int rc = chart_svg_write(out, report, chart_name, id, width);
    i18n_set(was);
    return rc;
}

static int chart_svg_write(Buf *out, const json_t *report, const char *chart_name,
                           const char *id, double width)
{
    if (!chart_has_data(report, chart_name))
        return INSATS_EINPUT;   /* as in the PDF: no empty frame */
    ChartLayout *l = chart_layout(report, chart_name, width);
    assert(l);
    if (!id)
        id = chart_name;
    const double m = 6;   /* room for strokes at the edges */
    esc_raw_literal(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    buf_puts(out, " viewBox=\"");
    chart_svg_num(out, -m);
    buf_putc(out, ' ');
    chart_svg_num(out, -m);
    buf_putc(out, ' ');
    chart_svg_num(out, l->width + 2 * m);
    buf_putc(out, ' ');
    chart_svg_num(out, l->height + 2 * m);
    buf_putc(out, '"');
    esc_printf(out, " role=\"img\" aria-labelledby=\"%s-title %s-desc\""
                    " font-family=\"DejaVu Sans, Verdana, sans-serif\">\n", id, id);
    esc_printf(out, "<title id=\"%s-title\">%s</title>\n", id, l->title);
    esc_printf(out, "<desc id=\"%s-desc\">%s</desc>\n", id, l->desc);
    chart_svg_defs(out, l, id);
    buf_puts(out, "<rect");
    chart_svg_attr(out, "x", -m);
    chart_svg_attr(out, "y", -m);
    chart_svg_attr(out, "width", l->width + 2 * m);
    chart_svg_attr(out, "height", l->height + 2 * m);
    esc_raw_literal(out, " fill=\"#fff\"/>\n");

    esc_raw_literal(out, "<g stroke=\"#c8c8c8\" stroke-width=\"0.5\">\n");
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            esc_raw_literal(out, "</g>\n<g stroke=\"#262626\" stroke-width=\"0.8\">\n");
        for (size_t i = 0; i < l->nlines; i++) {
            const ChartLine *ln = &l->lines[i];
            if (ln->grid != (pass == 0))
                continue;
            buf_puts(out, "<line");
            chart_svg_attr(out, "x1", ln->x1);
            chart_svg_attr(out, "y1", ln->y1);
            chart_svg_attr(out, "x2", ln->x2);
            chart_svg_attr(out, "y2", ln->y2);
            buf_puts(out, "/>\n");
        }
    }
    esc_raw_literal(out, "</g>\n<g stroke=\"#262626\" stroke-width=\"0.5\">\n");
    for (size_t i = 0; i < l->nbars; i++) {
        const ChartBar *b = &l->bars[i];
        buf_puts(out, "<rect");
        chart_svg_attr(out, "x", b->x);
        chart_svg_attr(out, "y", b->y);
        chart_svg_attr(out, "width", b->w);
        chart_svg_attr(out, "height", b->h);
        if (b->series == 0)
            esc_printf(out, " fill=\"%s\"/>\n", chart_css[0]);
        else
            esc_printf(out, " fill=\"url(#%s-fill%d)\"/>\n", id, b->series);
    }
    esc_raw_literal(out, "</g>\n<g fill=\"#1b1b1b\">\n");
    for (size_t i = 0; i < l->ntexts; i++) {
        const ChartText *t = &l->texts[i];
        esc_printf(out, "<text class=\"%s\"", chart_svg_class(t->kind));
        chart_svg_attr(out, "x", t->x);
        chart_svg_attr(out, "y", t->y);
        chart_svg_attr(out, "font-size", t->size);
        if (t->anchor != CHART_START)
            esc_printf(out, " text-anchor=\"%s\"", t->anchor == CHART_MIDDLE ? "middle" : "end");
        if (t->bold)
            esc_raw_literal(out, " font-weight=\"bold\"");
        esc_printf(out, ">%s</text>\n", t->text);
    }
    esc_raw_literal(out, "</g>\n</svg>");
    chart_layout_free(l);
    return INSATS_OK;
}

/* ---- The cairo backend ------------------------------------------------------------------ */

/* Fills a bar with its series' colour, then the white hatching of the SVG patterns: lines at
 * CHART_HATCH apart in a frame turned by 45° about the chart's origin. */
static void chart_cairo_fill(cairo_t *cr, const ChartBar *b)
{
    const double *c = chart_rgb[b->series];
    cairo_rectangle(cr, b->x, b->y, b->w, b->h);
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_fill_preserve(cr);
    if (b->series > 0) {
        cairo_save(cr);
        cairo_clip(cr);
        cairo_rotate(cr, M_PI / 4);
        /* The bar's corners in the turned frame (u, v) bound the lines to draw. */
        double u0 = INFINITY, u1 = -INFINITY, v0 = INFINITY, v1 = -INFINITY;
        for (int k = 0; k < 4; k++) {
            double x = b->x + (k & 1) * b->w, y = b->y + (k >> 1) * b->h;
            double u = (x + y) / M_SQRT2, v = (y - x) / M_SQRT2;
            u0 = fmin(u0, u);
            u1 = fmax(u1, u);
            v0 = fmin(v0, v);
            v1 = fmax(v1, v);
        }
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, CHART_HATCH_W);
        for (double u = floor(u0 / CHART_HATCH) * CHART_HATCH + CHART_HATCH / 2; u <= u1 + 1;
             u += CHART_HATCH) {
            cairo_move_to(cr, u, v0 - 1);
            cairo_line_to(cr, u, v1 + 1);
        }
        if (b->series == 2)
            for (double v = floor(v0 / CHART_HATCH) * CHART_HATCH + CHART_HATCH / 2;
                 v <= v1 + 1; v += CHART_HATCH) {
                cairo_move_to(cr, u0 - 1, v);
                cairo_line_to(cr, u1 + 1, v);
            }
        cairo_stroke(cr);
        cairo_restore(cr);
        cairo_rectangle(cr, b->x, b->y, b->w, b->h);
    }
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
}

/* Sets one text at its anchor on its baseline with pango (at 72 dpi, so that sizes are in
 * the same points as the drawing). */
static void chart_cairo_text(cairo_t *cr, PangoLayout *lay, const ChartText *t)
{
    PangoFontDescription *fd = pango_font_description_from_string(CHART_FONT);
    pango_font_description_set_size(fd, (gint)lround(t->size * PANGO_SCALE));
    if (t->bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(lay, t->text, -1);
    int pw, ph;
    pango_layout_get_size(lay, &pw, &ph);
    double w = (double)pw / PANGO_SCALE;
    double base = (double)pango_layout_get_baseline(lay) / PANGO_SCALE;
    double x = t->anchor == CHART_START ? t->x : t->anchor == CHART_END ? t->x - w : t->x - w / 2;
    cairo_move_to(cr, x, t->y - base);
    pango_cairo_show_layout(cr, lay);
}

void chart_draw(cairo_t *cr, const json_t *report, const char *chart_name, double x, double y,
                double w)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    PangoContext *ctx = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(ctx, 72);
    PangoLayout *lay = pango_layout_new(ctx);
    g_object_unref(ctx);
    /* a PDF is a report file: its chart is in Swedish whatever the thread's language */
    Lang was = i18n_current();
    i18n_set(LANG_NONE);
    ChartLayout *l = chart_layout(report, chart_name, w);
    i18n_set(was);
    if (!l) {
        ChartText note = {CHART_T_NOTE, 0, 9 * CHART_ASCENT, 9, CHART_START, false,
                          (char *)"Diagrammet saknar uppgifter."};
        cairo_set_source_rgb(cr, 0, 0, 0);
        chart_cairo_text(cr, lay, &note);
    } else {
        cairo_set_line_width(cr, 0.5);
        cairo_set_source_rgb(cr, 0.784, 0.784, 0.784);
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < l->nlines; i++) {
                const ChartLine *ln = &l->lines[i];
                if (ln->grid != (pass == 0))
                    continue;
                cairo_move_to(cr, ln->x1, ln->y1);
                cairo_line_to(cr, ln->x2, ln->y2);
            }
            cairo_stroke(cr);
            cairo_set_line_width(cr, 0.8);
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        }
        for (size_t i = 0; i < l->nbars; i++)
            chart_cairo_fill(cr, &l->bars[i]);
        cairo_set_source_rgb(cr, 0.106, 0.106, 0.106);
        for (size_t i = 0; i < l->ntexts; i++)
            chart_cairo_text(cr, lay, &l->texts[i]);
    }
    chart_layout_free(l);
    g_object_unref(lay);
    cairo_restore(cr);
}
