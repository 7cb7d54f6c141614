/* qr.h — a QR code of a short text (a survey's answer link, a certificate's check address),
 * made with libqrencode once and then drawn on a cairo context, written as PNG or as SVG.
 * Every rendering has the standard quiet zone of QR_QUIET light modules on each side. */
#ifndef INSATS_QR_H
#define INSATS_QR_H

#include <cairo.h>
#include <stdbool.h>

#include "err.h"
#include "util.h"

/* Light modules around the code on every side (ISO/IEC 18004 asks for 4). */
#define QR_QUIET 4

typedef struct QrCode {
    int width;            /* modules per side, without the quiet zone (21 for version 1) */
    unsigned char *dark;  /* width × width, row by row: 1 a dark module, 0 a light one. Owned */
} QrCode;

/* Encodes text (UTF-8, as bytes) at error correction level M, the smallest version it fits.
 * INSATS_OK with *q filled in (free with qr_free), or INSATS_EINPUT with a message when the
 * text is empty or too long for a QR code. */
int qr_encode(const char *text, QrCode *q, Errs *errs);
void qr_free(QrCode *q);

/* Modules per side with the quiet zone: width + 2 × QR_QUIET. */
int qr_side(const QrCode *q);

/* Draws q with its quiet zone as a square of side `size` (user units) whose top left corner
 * is (x, y): white behind it, the dark modules black. The context's state is kept. */
void qr_draw(cairo_t *cr, const QrCode *q, double x, double y, double size);

/* q as a PNG image of px pixels per module (1–64), quiet zone included, appended to out.
 * INSATS_OK, or INSATS_ESTORAGE with a message when cairo cannot make it. */
int qr_png(const QrCode *q, int px, Buf *out, Errs *errs);

/* q as a standalone SVG document (one path on a white square, viewBox in modules, width and
 * height px per module), appended to out. With `title` (not NULL) the image carries it as its
 * accessible name; the text is escaped. */
void qr_svg(const QrCode *q, int px, const char *title, Buf *out);

/* Only the d attribute of qr_svg()'s path (letters, digits and spaces: safe in any attribute),
 * for a page that writes the <svg> element around it through its own escaping writer. */
void qr_svg_path(const QrCode *q, Buf *out);

/* Writes the QR code of text to path through outfile.h (whole or not at all): a PNG when path
 * ends in ".png", an SVG when it ends in ".svg" (case ignored), px pixels per module.
 * INSATS_EUSAGE for another ending or a refused target, INSATS_EINPUT for a text that does
 * not fit, INSATS_ESTORAGE when it cannot be written. */
int qr_write_file(const char *text, const char *path, int px, Errs *errs);

#endif
