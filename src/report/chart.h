/* chart.h — the report's charts, drawn once with cairo and pango for every output: into a PDF
 * page (chart_draw on the page's context) or as a standalone SVG (chart_svg, used by the HTML).
 * The figures come from the report JSON (docs/report-format.md); a chart computes none of its
 * own, it only scales what it is given.
 *
 * Charts: "participants_by_month" (participants.by_month: Kvinnor/Män/Övriga per month),
 * "participants_by_organisation" (participants.by_organisation: period and accumulated) and
 * "budget_by_category" (budget.by_category: accumulated planned and actual). Every series has
 * its own fill pattern as well as its own colour, and bars carry their values where they fit,
 * so that colour is never the only carrier of information. */
#ifndef INSATS_CHART_H
#define INSATS_CHART_H

#include <cairo.h>
#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* Natural size of a chart in points (the SVG's size; a PDF page may draw it at another). */
#define CHART_WIDTH 540.0
#define CHART_HEIGHT 300.0

/* True when chart_name is one of the charts above. */
bool chart_known(const char *chart_name);

/* True when the report holds data for the chart (e.g. at least one month or organisation);
 * callers skip empty charts rather than draw an empty frame. */
bool chart_has_data(const json_t *report, const char *chart_name);

/* Draws the chart into the rectangle (x, y, w, h) of cr, title and legend included. The
 * context's state is saved and restored. An unknown name or missing data draws a short
 * Swedish note instead of bars. */
void chart_draw(cairo_t *cr, const json_t *report, const char *chart_name, double x, double y,
                double w, double h);

/* Appends the chart as an SVG document (with role="img", <title> and a <desc> that lists the
 * figures as text) to out. Returns INSATS_OK, or INSATS_EINPUT for an unknown chart name or a
 * report without the chart's data; on error out is left as it was. */
int chart_svg(Buf *out, const json_t *report, const char *chart_name);

/* Sets render_chart_svg (render.h) to chart_svg, so that renderers that only know render.h
 * (the HTML) can embed charts. Call once at start-up. */
void chart_register(void);

#endif
