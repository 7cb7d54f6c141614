/* chart.h — the report's charts. A chart is laid out once (chart_layout: bars, axis lines,
 * every label with its position) from the report JSON (docs/report-format.md), and the layout
 * is written out by one of two thin backends: SVG text for the HTML (chart_svg, real <text>
 * elements) or cairo and pango for a PDF page (chart_draw). Both draw the same layout, so the
 * two outputs never disagree. A chart computes no figure of its own, it only scales what the
 * JSON gives.
 *
 * Charts: "participants_by_month" (participants.by_month: stacked Kvinnor/Män/Övriga per month,
 * the month labels grouped to quarters or years as the width needs), "participants_by_organisation"
 * (participants.by_organisation: period and accumulated, or the whole project in a slutrapport)
 * and "budget_by_category" (budget.by_category: accumulated planned and actual) — the last two as
 * horizontal bars, so that names are never cut. Every series has its own fill pattern as well as
 * its own colour (each at least 3:1 against white), and the figures are written beside the bars,
 * so that colour never carries information alone. */
#ifndef INSATS_CHART_H
#define INSATS_CHART_H

#include <cairo.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"
#include "util.h"

/* The width in points an SVG chart is laid out at (a PDF page lays it out at its own). */
#define CHART_WIDTH 540.0
/* The width of the same chart laid out for a phone's screen, about 340 px across: drawn there
 * at 1.5 times its points, its text is 10 to 15 px high (the wide layout, shrunk onto the
 * phone, would have text of 4 px). */
#define CHART_NARROW_WIDTH 220.0

/* What a piece of text of a chart is; the SVG writes it as the class of its <text>. */
typedef enum {
    CHART_T_TITLE,   /* the chart's title */
    CHART_T_LEGEND,  /* a series name beside its swatch */
    CHART_T_AXIS,    /* the value axis' title ("Antal deltagare", "Kronor") */
    CHART_T_TICK,    /* a value on the value axis */
    CHART_T_CAT,     /* a category: a month, quarter or year, an organisation, a cost category */
    CHART_T_GROUP,   /* the second row of a month axis: the year over its months */
    CHART_T_VALUE,   /* a figure drawn at its bar */
    CHART_T_NOTE,    /* "Inga uppgifter för perioden." */
} ChartTextKind;

typedef enum { CHART_START, CHART_MIDDLE, CHART_END } ChartAnchor;

/* One line of text. (x, y) is the anchor point on the baseline; size in points. */
typedef struct ChartText {
    ChartTextKind kind;
    double x, y, size;
    ChartAnchor anchor;
    bool bold;
    char *text;
} ChartText;

/* A bar or a legend swatch, filled with its series' colour and pattern. */
typedef struct ChartBar {
    double x, y, w, h;
    int series;
} ChartBar;

/* An axis line (dark) or a grid line (light). */
typedef struct ChartLine {
    double x1, y1, x2, y2;
    bool grid;
} ChartLine;

typedef struct ChartLayout {
    double width, height;
    char *title;
    char *desc;                 /* the figures in words, for <desc> */
    ChartText *texts;
    size_t ntexts, ctexts;
    ChartBar *bars;
    size_t nbars, cbars;
    ChartLine *lines;
    size_t nlines, clines;
} ChartLayout;

/* True when chart_name is one of the charts above. */
bool chart_known(const char *chart_name);

/* True when the report holds data for the chart (e.g. at least one month or organisation);
 * callers skip empty charts rather than draw an empty frame. */
bool chart_has_data(const json_t *report, const char *chart_name);

/* Lays the chart out for the given width in points, its words and figures in this thread's
 * language (i18n_set()); its height follows from the data (the number of categories). Returns NULL for an unknown chart or a report without the chart's
 * array; caller frees with chart_layout_free. */
ChartLayout *chart_layout(const json_t *report, const char *chart_name, double width);
void chart_layout_free(ChartLayout *l);

/* The height chart_layout gives the chart at width; 0 when it has no layout. */
double chart_height(const json_t *report, const char *chart_name, double width);

/* The estimated width in points of text set in DejaVu Sans at size points. The layout places
 * every label with it; it is meant never to be narrower than the real text. */
double chart_text_width(const char *text, double size, bool bold);

/* The horizontal extent [*x0, *x1] that t covers, by chart_text_width and its anchor. */
void chart_text_extent(const ChartText *t, double *x0, double *x1);

/* Draws the chart laid out at width w with its top left corner at (x, y) of cr. The context's
 * state is saved and restored. An unknown name or missing data draws a short Swedish note. */
void chart_draw(cairo_t *cr, const json_t *report, const char *chart_name, double x, double y,
                double w);

/* Appends the chart as an SVG element (role="img", aria-labelledby its <title> and <desc>, the
 * desc listing the figures in words; a viewBox of CHART_WIDTH points and no fixed size, so it
 * scales to its container) to out. Every id in it starts with id (the chart's own id on the
 * page; NULL: the chart's name), so that several charts can share a page. Returns INSATS_OK,
 * or INSATS_EINPUT for an unknown chart name or a report without data for the chart
 * (chart_has_data); on error out is left as it was. */
int chart_svg(Buf *out, const json_t *report, const char *chart_name, const char *id);
/* chart_svg() with its words and figures in lang (a web page's language), laid out at width
 * points instead of CHART_WIDTH; chart_svg() itself, for the report files, keeps them in
 * Swedish (LANG_NONE: as written) whatever the thread's language, as chart_draw() does. */
int chart_svg_in(Buf *out, const json_t *report, const char *chart_name, const char *id,
                 Lang lang, double width);

#endif
