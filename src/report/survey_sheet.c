/* survey_sheet.c — the A4 sheet that hangs in the training room: the survey's title, the
 * activity, a large QR code of the answer link and the link written out, for those who type it.
 * cairo with pango, like the PDF reports; it reads only the sheet's JSON (render.h). */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "qr.h"
#include "render.h"

#define SHEET_W 595.28   /* A4 in points */
#define SHEET_H 841.89
#define SHEET_MARGIN 56.7   /* 20 mm */

static cairo_status_t sheet_write(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Writes text centred across the page's text width from y, in font `font` (a pango font
 * description); returns the y below it. */
static double sheet_text(cairo_t *cr, const char *text, const char *font, double y)
{
    if (!text || !*text)
        return y;
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)((SHEET_W - 2 * SHEET_MARGIN) * PANGO_SCALE));
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    cairo_move_to(cr, SHEET_MARGIN, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    return y + (double)h / PANGO_SCALE;
}

/* Writes text on one line centred from y, in the monospace font at the largest size from 14
 * points down to 7 at which it fits the text width: a link that is typed must not be broken.
 * Returns the y below it. */
static double sheet_line(cairo_t *cr, const char *text, double y)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    pango_layout_set_text(l, text, -1);
    int w = 0, h = 0;
    for (int pt = 14; pt >= 7; pt--) {
        PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans Mono");
        pango_font_description_set_size(fd, pt * PANGO_SCALE);
        pango_layout_set_font_description(l, fd);
        pango_font_description_free(fd);
        pango_layout_get_size(l, &w, &h);
        if ((double)w / PANGO_SCALE <= SHEET_W - 2 * SHEET_MARGIN)
            break;
    }
    double x = (SHEET_W - (double)w / PANGO_SCALE) / 2;
    cairo_move_to(cr, x < SHEET_MARGIN / 2 ? SHEET_MARGIN / 2 : x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    return y + (double)h / PANGO_SCALE;
}

static const char *sheet_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int render_survey_sheet(const json_t *sheet, Buf *out, Errs *errs)
{
    const char *url = sheet_str(sheet, "url");
    const char *title = sheet_str(sheet, "title");
    if (!url || !title) {
        errs_add(errs, "survey sheet: the survey's title and answer link are needed");
        return INSATS_EINPUT;
    }
    QrCode q;
    int rc = qr_encode(url, &q, errs);
    if (rc != INSATS_OK)
        return rc;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(sheet_write, out, SHEET_W, SHEET_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 0);
    double y = SHEET_MARGIN;
    y = sheet_text(cr, sheet_str(sheet, "project"), "DejaVu Sans 12", y) + 18;
    y = sheet_text(cr, title, "DejaVu Sans Bold 26", y) + 10;
    const char *activity = sheet_str(sheet, "activity");
    const char *date = sheet_str(sheet, "date");
    if (activity || date) {
        char *line = activity && date ? xasprintf("%s, %s", activity, date)
                                      : xstrdup(activity ? activity : date);
        y = sheet_text(cr, line, "DejaVu Sans 15", y);
        free(line);
    }
    y += 24;
    y = sheet_text(cr, "Skanna koden med mobilens kamera och svara på enkäten.",
                   "DejaVu Sans 14", y) + 16;
    double side = 340;
    qr_draw(cr, &q, (SHEET_W - side) / 2, y, side);
    qr_free(&q);
    y += side + 16;
    y = sheet_text(cr, "Eller skriv in adressen:", "DejaVu Sans 12", y) + 4;
    y = sheet_line(cr, url, y) + 24;
    const char *closes = sheet_str(sheet, "closes");
    if (closes) {
        char *line = xasprintf("Sista svarsdag: %s", closes);
        y = sheet_text(cr, line, "DejaVu Sans Bold 13", y) + 8;
        free(line);
    }
    sheet_text(cr, "Enkäten är anonym: ditt namn sparas inte, och organisation och kön bara om "
                   "du själv anger dem och tillräckligt många deltagare delar dem.",
               "DejaVu Sans 11", y);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        errs_add(errs, "survey sheet: cannot make the PDF (%s)", cairo_status_to_string(st));
        return INSATS_ESTORAGE;
    }
    return INSATS_OK;
}
