/* certificate_pdf.c — certificates (the JSON of certificate_documents(), docs/report-format.md
 * "Certificates") as a PDF: one A4 page per certificate, set with pango on cairo — the
 * holder's name, the activity, its dates, hours and competence area, the project and the
 * funder's statement, the verification code and its QR code, a line to sign on. One file holds
 * one certificate or all of an activity's, for printing. Nothing is computed here. */
#include "render.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "outfile.h"
#include "pdf.h"
#include "qr.h"

#define CP_W 595.28
#define CP_H 841.89
#define CP_FRAME 28.0        /* the outer frame's distance from the paper's edge */
#define CP_MARGIN 86.0       /* the text's */
#define CP_TEXT_W (CP_W - 2 * CP_MARGIN)

/* The ink: a dark blue-green for the frame and headings, near-black for the text. */
static const double CP_ACCENT[3] = {0.07, 0.27, 0.33};
static const double CP_INK[3] = {0.13, 0.13, 0.13};
static const double CP_GREY[3] = {0.38, 0.38, 0.38};

static const char *cp_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* "2020-03-02" as "2 mars 2020"; other text as it is. */
static void cp_date(Buf *out, const char *iso)
{
    static const char *const months[] = {"januari", "februari", "mars", "april", "maj", "juni",
                                         "juli", "augusti", "september", "oktober", "november",
                                         "december"};
    int y, m, d;
    if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        buf_printf(out, "%d %s %d", d, months[m - 1], y);
    else
        buf_puts(out, iso ? iso : "");
}

typedef struct Cp {
    cairo_t *cr;
    PangoContext *pango;
    PangoLayout *lay;
} Cp;

/* Sets text in the font centred in the text column (or left-aligned at x over width w when
 * w > 0) with its top at y, in colour rgb; returns its height. */
static double cp_text(Cp *c, const char *font, const char *text, double y, const double rgb[3],
                      double x, double w)
{
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(c->lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(c->lay, (int)((w > 0 ? w : CP_TEXT_W) * PANGO_SCALE));
    pango_layout_set_alignment(c->lay, w > 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
    pango_layout_set_wrap(c->lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(c->lay, text, -1);
    int pw, ph;
    pango_layout_get_size(c->lay, &pw, &ph);
    cairo_set_source_rgb(c->cr, rgb[0], rgb[1], rgb[2]);
    cairo_move_to(c->cr, w > 0 ? x : CP_MARGIN, y);
    pango_cairo_show_layout(c->cr, c->lay);
    return (double)ph / PANGO_SCALE;
}

/* The frame: a heavy outer line and a thin inner one, with small squares in the corners. */
static void cp_frame(Cp *c)
{
    cairo_t *cr = c->cr;
    cairo_set_source_rgb(cr, CP_ACCENT[0], CP_ACCENT[1], CP_ACCENT[2]);
    cairo_set_line_width(cr, 3.0);
    cairo_rectangle(cr, CP_FRAME, CP_FRAME, CP_W - 2 * CP_FRAME, CP_H - 2 * CP_FRAME);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    double in = CP_FRAME + 8;
    cairo_rectangle(cr, in, in, CP_W - 2 * in, CP_H - 2 * in);
    cairo_stroke(cr);
    const double corners[4][2] = {{in, in}, {CP_W - in, in}, {in, CP_H - in}, {CP_W - in, CP_H - in}};
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, corners[i][0] - 4, corners[i][1] - 4, 8, 8);
        cairo_fill(cr);
    }
}

/* A short rule centred at y, `w` wide. */
static void cp_rule(Cp *c, double y, double w, double width)
{
    cairo_set_source_rgb(c->cr, CP_ACCENT[0], CP_ACCENT[1], CP_ACCENT[2]);
    cairo_set_line_width(c->cr, width);
    cairo_move_to(c->cr, (CP_W - w) / 2, y);
    cairo_line_to(c->cr, (CP_W + w) / 2, y);
    cairo_stroke(c->cr);
}

/* The QR code of text (qr.c) as a `size`-point square at (x, y), its quiet zone inside.
 * False when the text does not fit in a QR code. */
static bool cp_qr(Cp *c, const char *text, double x, double y, double size)
{
    QrCode q;
    Errs errs;
    errs_init(&errs);
    bool ok = qr_encode(text, &q, &errs) == INSATS_OK;
    errs_free(&errs);
    if (ok) {
        qr_draw(c->cr, &q, x, y, size);
        qr_free(&q);
    }
    return ok;
}

/* One certificate on its own page. */
static bool cp_page(Cp *c, const json_t *doc, const json_t *cert)
{
    const json_t *project = json_object_get(doc, "project");
    const char *pname = cp_str(project, "name");
    Buf b = {0};
    cp_frame(c);
    double y = 92;
    if (pname)
        y += cp_text(c, "DejaVu Sans 10.5", pname, y, CP_ACCENT, 0, 0) + 30;
    y += cp_text(c, "DejaVu Serif Bold 46", "INTYG", y, CP_ACCENT, 0, 0) + 8;
    cp_rule(c, y, 120, 1.2);
    y += 34;
    y += cp_text(c, "DejaVu Serif Italic 13", "Härmed intygas att", y, CP_GREY, 0, 0) + 14;
    y += cp_text(c, "DejaVu Serif 30", cp_str(cert, "name") ? cp_str(cert, "name") : "", y,
                 CP_INK, 0, 0) + 6;
    cp_rule(c, y, 300, 0.6);
    y += 22;
    y += cp_text(c, "DejaVu Serif Italic 13", "har deltagit i", y, CP_GREY, 0, 0) + 12;
    y += cp_text(c, "DejaVu Serif Bold 20", cp_str(cert, "title") ? cp_str(cert, "title") : "",
                 y, CP_INK, 0, 0) + 22;

    /* When, how long and what about, one line each. */
    const char *first = cp_str(cert, "first"), *last = cp_str(cert, "last");
    if (first) {
        buf_clear(&b);
        cp_date(&b, first);
        if (last && strcmp(first, last) != 0) {
            buf_puts(&b, " \xe2\x80\x93 ");
            cp_date(&b, last);
        }
        y += cp_text(c, "DejaVu Sans 11.5", b.data, y, CP_INK, 0, 0) + 6;
    }
    const json_t *hours = json_object_get(cert, "hours");
    if (json_is_number(hours)) {
        buf_clear(&b);
        json_int_t n = json_integer_value(json_object_get(cert, "sessions"));
        buf_printf(&b, "%lld %s, ", (long long)n, n == 1 ? "tillfälle" : "tillfällen");
        render_number(&b, hours);
        buf_puts(&b, json_is_integer(hours) && json_integer_value(hours) == 1 ? " timme"
                                                                             : " timmar");
        y += cp_text(c, "DejaVu Sans 11.5", b.data, y, CP_INK, 0, 0) + 6;
    }
    if (cp_str(cert, "area")) {
        buf_clear(&b);
        buf_printf(&b, "Kompetensområde: %s", cp_str(cert, "area"));
        y += cp_text(c, "DejaVu Sans 11.5", b.data, y, CP_INK, 0, 0) + 6;
    }
    y += 20;
    if (cp_str(doc, "statement"))
        cp_text(c, "DejaVu Serif Italic 10.5", cp_str(doc, "statement"), y, CP_GREY, 0, 0);

    /* Below: the date and a line to sign on at the left, the check at the right. */
    double base = CP_H - 250;
    buf_clear(&b);
    buf_puts(&b, "Utfärdat den ");
    cp_date(&b, cp_str(cert, "issued"));
    cp_text(c, "DejaVu Sans 10.5", b.data, base + 20, CP_INK, CP_MARGIN, 230);
    cairo_set_source_rgb(c->cr, CP_INK[0], CP_INK[1], CP_INK[2]);
    cairo_set_line_width(c->cr, 0.6);
    cairo_move_to(c->cr, CP_MARGIN, base + 105);
    cairo_line_to(c->cr, CP_MARGIN + 210, base + 105);
    cairo_stroke(c->cr);
    cp_text(c, "DejaVu Sans 9", "Projektledare", base + 109, CP_GREY, CP_MARGIN, 230);

    double qs = 104, qx = CP_W - CP_MARGIN - qs;
    bool ok = cp_qr(c, cp_str(cert, "verify_url") ? cp_str(cert, "verify_url") : "", qx, base, qs);
    double tx = qx - 150;
    cp_text(c, "DejaVu Sans Bold 9", "Kontrollera intyget", base + 16, CP_ACCENT, tx, 142);
    cp_text(c, "DejaVu Sans Mono Bold 12", cp_str(cert, "verification") ? cp_str(cert, "verification") : "",
            base + 32, CP_INK, tx, 142);
    cp_text(c, "DejaVu Sans 7.5", "Skanna koden eller ange koden på sidan för kontroll av intyg.",
            base + 52, CP_GREY, tx, 142);
    const char *url = cp_str(cert, "verify_url");
    if (url && strstr(url, "/verify/")) {
        buf_clear(&b);
        buf_append(&b, url, (size_t)(strstr(url, "/verify/") - url));
        buf_puts(&b, "/verify");
        cp_text(c, "DejaVu Sans 7.5", b.data, base + 80, CP_GREY, tx, 142);
    }

    /* The footer: the project and its diarienummer. */
    buf_clear(&b);
    buf_puts(&b, pname ? pname : "");
    if (cp_str(project, "diarienummer"))
        buf_printf(&b, "%sDiarienummer %s", pname ? " \xc2\xb7 " : "",
                   cp_str(project, "diarienummer"));
    cp_text(c, "DejaVu Sans 8", b.data, CP_H - CP_FRAME - 40, CP_GREY, 0, 0);
    buf_free(&b);
    return ok;
}

typedef struct CpSink {
    Outfile *of;      /* a file … */
    Buf *buf;         /* … or memory */
    int err;
} CpSink;

static cairo_status_t cp_write(void *closure, const unsigned char *data, unsigned int length)
{
    CpSink *s = closure;
    if (s->buf) {
        buf_append(s->buf, data, length);
        return CAIRO_STATUS_SUCCESS;
    }
    if (fwrite(data, 1, length, s->of->f) == length)
        return CAIRO_STATUS_SUCCESS;
    if (!s->err)
        s->err = errno;
    return CAIRO_STATUS_WRITE_ERROR;
}

/* Draws every certificate of doc into the sink. */
static int cp_render(const json_t *doc, CpSink *sink, Errs *errs)
{
    const json_t *list = json_object_get(doc, "certificates");
    if (!json_is_array(list) || json_array_size(list) == 0) {
        errs_add(errs, "certificates: nothing to print (no \"certificates\")");
        return INSATS_EINPUT;
    }
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(cp_write, sink, CP_W, CP_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        errs_add(errs, "cannot create the PDF (%s)",
                 cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return INSATS_ESTORAGE;
    }
    const char *pname = cp_str(json_object_get(doc, "project"), "name");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                   json_array_size(list) == 1 ? "Intyg" : "Intyg för utskrift");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, pname ? pname : "insats");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "insats");
    Cp c = {.cr = cairo_create(s)};
    c.pango = pdf_pango_context(c.cr);
    c.lay = pango_layout_new(c.pango);
    size_t i;
    const json_t *cert;
    int rc = INSATS_OK;
    json_array_foreach(list, i, cert) {
        if (!cp_page(&c, doc, cert) && rc == INSATS_OK) {
            errs_add(errs, "certificates[%zu]: cannot draw the QR code of its address", i);
            rc = INSATS_EINPUT;
        }
        cairo_show_page(c.cr);
    }
    g_object_unref(c.lay);
    g_object_unref(c.pango);
    cairo_destroy(c.cr);
    cairo_surface_finish(s);
    if (rc == INSATS_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        rc = INSATS_ESTORAGE;
    cairo_surface_destroy(s);
    return rc;
}

int render_certificates_pdf(const json_t *doc, const char *path, Errs *errs)
{
    Outfile of;
    int rc = outfile_open(&of, path, errs);
    if (rc != INSATS_OK)
        return rc;
    CpSink sink = {.of = &of};
    rc = cp_render(doc, &sink, errs);
    if (rc == INSATS_OK)
        return outfile_commit(&of, errs);
    if (rc == INSATS_ESTORAGE && sink.err)
        rc = outfile_fail(&of, sink.err, errs);
    outfile_abort(&of);
    return rc;
}

int render_certificates_pdf_bytes(const json_t *doc, Buf *out, Errs *errs)
{
    CpSink sink = {.buf = out};
    return cp_render(doc, &sink, errs);
}
