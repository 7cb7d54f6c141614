/* qr.c — QR codes: encoded once by libqrencode, then drawn by cairo (the A4 sheets, the PNG)
 * or written as SVG text (the pages). */
#include "qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "outfile.h"

int qr_encode(const char *text, QrCode *q, Errs *errs)
{
    memset(q, 0, sizeof *q);
    if (!text || !*text) {
        errs_add(errs, "QR code: nothing to encode");
        return INSATS_EINPUT;
    }
    /* 8-bit mode: the text as its bytes, so that any URL (and å, ä, ö) comes back as given. */
    QRcode *c = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!c) {
        errs_add(errs, "QR code: the text (%zu bytes) is too long for a QR code", strlen(text));
        return INSATS_EINPUT;
    }
    size_t n = (size_t)c->width * (size_t)c->width;
    q->width = c->width;
    q->dark = xmalloc(n);
    for (size_t i = 0; i < n; i++)
        q->dark[i] = c->data[i] & 1;   /* bit 0 is the module's colour; the rest is bookkeeping */
    QRcode_free(c);
    return INSATS_OK;
}

void qr_free(QrCode *q)
{
    if (!q)
        return;
    free(q->dark);
    memset(q, 0, sizeof *q);
}

int qr_side(const QrCode *q)
{
    return q->width + 2 * QR_QUIET;
}

/* Calls run(x, y, n, ctx) for each horizontal run of n dark modules starting at module (x, y),
 * coordinates counted with the quiet zone, so that both backends draw the same shapes. */
static void qr_runs(const QrCode *q, void (*run)(int x, int y, int n, void *ctx), void *ctx)
{
    for (int y = 0; y < q->width; y++) {
        const unsigned char *row = q->dark + (size_t)y * (size_t)q->width;
        for (int x = 0; x < q->width;) {
            if (!row[x]) {
                x++;
                continue;
            }
            int start = x;
            while (x < q->width && row[x])
                x++;
            run(start + QR_QUIET, y + QR_QUIET, x - start, ctx);
        }
    }
}

static void qr_cairo_run(int x, int y, int n, void *ctx)
{
    cairo_rectangle(ctx, x, y, n, 1);
}

void qr_draw(cairo_t *cr, const QrCode *q, double x, double y, double size)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    double side = qr_side(q);
    cairo_scale(cr, size / side, size / side);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, side, side);
    cairo_fill(cr);
    /* Neighbouring runs share edges exactly; antialiasing would leave hairlines between them. */
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_source_rgb(cr, 0, 0, 0);
    qr_runs(q, qr_cairo_run, cr);
    cairo_fill(cr);
    cairo_restore(cr);
}

static cairo_status_t qr_png_write(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int qr_png(const QrCode *q, int px, Buf *out, Errs *errs)
{
    if (px < 1 || px > 64) {
        errs_add(errs, "QR code: %d pixels per module; use 1 to 64", px);
        return INSATS_EUSAGE;
    }
    int size = qr_side(q) * px;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
    cairo_t *cr = cairo_create(s);
    qr_draw(cr, q, 0, 0, size);
    cairo_destroy(cr);
    cairo_status_t st = cairo_surface_write_to_png_stream(s, qr_png_write, out);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        errs_add(errs, "QR code: cannot make the PNG image: %s", cairo_status_to_string(st));
        return INSATS_ESTORAGE;
    }
    return INSATS_OK;
}

static void qr_svg_run(int x, int y, int n, void *ctx)
{
    buf_printf(ctx, "M%d %dh%dv1h-%dz", x, y, n, n);
}

void qr_svg_path(const QrCode *q, Buf *out)
{
    qr_runs(q, qr_svg_run, out);
}

void qr_svg(const QrCode *q, int px, const char *title, Buf *out)
{
    int side = qr_side(q);
    buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
               "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\"", side, side,
               side * px, side * px);
    if (title) {
        buf_puts(out, " role=\"img\"><title>");
        esc_html_text(out, title);
        buf_puts(out, "</title>");
    } else {
        buf_puts(out, " aria-hidden=\"true\">");
    }
    buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
               side, side);
    qr_svg_path(q, out);
    buf_puts(out, "\"/></svg>");
}

/* True when path ends in ext (".png"), case ignored. */
static bool qr_path_ends(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

int qr_write_file(const char *text, const char *path, int px, Errs *errs)
{
    bool png = path && qr_path_ends(path, ".png");
    if (!png && !(path && qr_path_ends(path, ".svg"))) {
        errs_add(errs, "%s: the QR code is written as PNG or SVG; name the file *.png or *.svg",
                 path ? path : "-");
        return INSATS_EUSAGE;
    }
    int rc = outfile_check(path, errs);
    if (rc != INSATS_OK)
        return rc;
    QrCode q;
    if ((rc = qr_encode(text, &q, errs)) != INSATS_OK)
        return rc;
    Buf b = {0};
    if (png)
        rc = qr_png(&q, px, &b, errs);
    else
        qr_svg(&q, px, text, &b);
    qr_free(&q);
    if (rc == INSATS_OK)
        rc = outfile_write(path, b.data, b.len, errs);
    buf_free(&b);
    return rc;
}
