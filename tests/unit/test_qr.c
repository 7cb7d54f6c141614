/* test_qr.c — QR codes (src/report/qr.c): the symbol libqrencode makes is read back from the
 * PNG pixels and the SVG path module by module, and checked by the rules of the standard that
 * need no decoder: the size of each version, the three finder patterns and no fourth, the
 * timing patterns, the format information (a valid BCH code word, both copies equal, level M),
 * the quiet zone; the files written by name, and what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "outfile.h"
#include "qr.h"
#include "testutil.h"

static const char *const URL = "https://insats.example.se/s/3q7Yx0bVd2Lk9RmTc5Wn8PfA";

/* The module at (x, y) of the symbol, quiet zone excluded; outside it counts as light. */
static int module(const QrCode *q, int x, int y)
{
    if (x < 0 || y < 0 || x >= q->width || y >= q->width)
        return 0;
    return q->dark[y * q->width + x];
}

/* True when a finder pattern (7×7: dark ring, light ring, dark 3×3 core) with its light
 * separator has its top left corner at (x, y). */
static int finder_at(const QrCode *q, int x0, int y0)
{
    for (int dy = -1; dy <= 7; dy++)
        for (int dx = -1; dx <= 7; dx++) {
            int ring = dx < 0 || dy < 0 || dx > 6 || dy > 6 ? -1
                       : (dx == 0 || dy == 0 || dx == 6 || dy == 6) ? 1
                       : (dx == 1 || dy == 1 || dx == 5 || dy == 5) ? 0 : 1;
            int want = ring == 1;
            if (module(q, x0 + dx, y0 + dy) != want)
                return 0;
        }
    return 1;
}

/* Remainder of the 15-bit word by the format information's generator x^10+x^8+x^5+x^4+x^2+x+1. */
static unsigned bch_rem(unsigned v)
{
    for (int i = 14; i >= 10; i--)
        if (v & (1u << i))
            v ^= 0x537u << (i - 10);
    return v;
}

/* The two copies of the 15 format bits, most significant first (the order decoders read). */
static void format_bits(const QrCode *q, unsigned *a, unsigned *b)
{
    int w = q->width;
    unsigned v = 0;
    for (int i = 0; i < 6; i++)
        v = v << 1 | (unsigned)module(q, i, 8);
    v = v << 1 | (unsigned)module(q, 7, 8);
    v = v << 1 | (unsigned)module(q, 8, 8);
    v = v << 1 | (unsigned)module(q, 8, 7);
    for (int j = 5; j >= 0; j--)
        v = v << 1 | (unsigned)module(q, 8, j);
    *a = v;
    v = 0;
    for (int j = w - 1; j >= w - 7; j--)
        v = v << 1 | (unsigned)module(q, 8, j);
    for (int i = w - 8; i < w; i++)
        v = v << 1 | (unsigned)module(q, i, 8);
    *b = v;
}

static void check_symbol(const QrCode *q)
{
    /* Version v has 17 + 4v modules a side. */
    assert_true(q->width >= 21 && q->width <= 177);
    assert_int_equal((q->width - 17) % 4, 0);
    int w = q->width;
    assert_true(finder_at(q, 0, 0));
    assert_true(finder_at(q, w - 7, 0));
    assert_true(finder_at(q, 0, w - 7));
    assert_false(finder_at(q, w - 7, w - 7));
    for (int i = 8; i < w - 8; i++) {
        assert_int_equal(module(q, i, 6), i % 2 == 0);
        assert_int_equal(module(q, 6, i), i % 2 == 0);
    }
    assert_int_equal(module(q, 8, w - 8), 1);   /* the dark module beside the format bits */
    unsigned a, b;
    format_bits(q, &a, &b);
    assert_int_equal(a, b);
    unsigned plain = a ^ 0x5412u;
    assert_int_equal(bch_rem(plain), 0);
    assert_int_equal(plain >> 13, 0);   /* error correction level M is 00 */
}

static void test_encode_symbol(void **state)
{
    (void)state;
    Errs errs = {0};
    QrCode q;
    assert_int_equal(qr_encode(URL, &q, &errs), INSATS_OK);
    check_symbol(&q);
    assert_int_equal(qr_side(&q), q.width + 8);
    int short_w = q.width;
    qr_free(&q);
    assert_null(q.dark);

    /* 14 bytes fit version 1 at level M (its 8-bit capacity); a long text needs a bigger symbol. */
    assert_int_equal(qr_encode("https://x.se/a", &q, &errs), INSATS_OK);
    check_symbol(&q);
    assert_int_equal(q.width, 21);
    qr_free(&q);
    char longer[600];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(qr_encode(longer, &q, &errs), INSATS_OK);
    check_symbol(&q);
    assert_true(q.width > short_w);
    qr_free(&q);
    errs_free(&errs);
}

static void test_encode_refused(void **state)
{
    (void)state;
    Errs errs = {0};
    QrCode q;
    assert_int_equal(qr_encode("", &q, &errs), INSATS_EINPUT);
    assert_null(q.dark);
    errs_free(&errs);
    char *huge = xmalloc(5000);
    memset(huge, 'x', 4999);
    huge[4999] = '\0';
    assert_int_equal(qr_encode(huge, &q, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "too long"));
    assert_null(q.dark);
    free(huge);
    errs_free(&errs);
}

typedef struct PngRead {
    const unsigned char *data;
    size_t len, pos;
} PngRead;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int len)
{
    PngRead *r = closure;
    if (r->pos + len > r->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->data + r->pos, len);
    r->pos += len;
    return CAIRO_STATUS_SUCCESS;
}

/* Decodes the PNG with cairo and compares every pixel with its module: the quiet zone white,
 * each module px × px of its colour. */
static void check_png(const unsigned char *png, size_t len, const QrCode *q, int px)
{
    assert_true(len > 8);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    PngRead r = {png, len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &r);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    int side = qr_side(q) * px;
    assert_int_equal(cairo_image_surface_get_width(s), side);
    assert_int_equal(cairo_image_surface_get_height(s), side);
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            uint32_t pix;
            memcpy(&pix, d + y * stride + x * 4, 4);
            pix &= 0xffffffu;
            int mx = x / px - QR_QUIET, my = y / px - QR_QUIET;
            uint32_t want = module(q, mx, my) ? 0x000000u : 0xffffffu;
            if (pix != want)
                fail_msg("pixel (%d, %d) is %06x, module (%d, %d) wants %06x", x, y,
                         (unsigned)pix, mx, my, (unsigned)want);
        }
    cairo_surface_destroy(s);
}

static void test_png(void **state)
{
    (void)state;
    Errs errs = {0};
    QrCode q;
    assert_int_equal(qr_encode(URL, &q, &errs), INSATS_OK);
    for (int px = 1; px <= 8; px += 7) {
        Buf b = {0};
        assert_int_equal(qr_png(&q, px, &b, &errs), INSATS_OK);
        check_png((const unsigned char *)b.data, b.len, &q, px);
        buf_free(&b);
    }
    Buf b = {0};
    assert_int_equal(qr_png(&q, 0, &b, &errs), INSATS_EUSAGE);
    assert_int_equal(qr_png(&q, 65, &b, &errs), INSATS_EUSAGE);
    assert_int_equal(b.len, 0);
    buf_free(&b);
    qr_free(&q);
    errs_free(&errs);
}

/* Reads the SVG's path back into modules and compares them with q; checks the size. */
static void check_svg(const char *svg, const QrCode *q, int px)
{
    int side = qr_side(q);
    char want[160];
    snprintf(want, sizeof want, "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"", side, side,
             side * px, side * px);
    assert_non_null(strstr(svg, want));
    const char *d = strstr(svg, " d=\"");
    assert_non_null(d);
    d += 4;
    unsigned char *got = xcalloc((size_t)side * (size_t)side, 1);
    while (*d == 'M') {
        int x, y, n, n2, used = 0;
        assert_int_equal(sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used), 4);
        assert_true(used > 0);
        assert_int_equal(n, n2);
        assert_true(x >= QR_QUIET && y >= QR_QUIET && x + n <= side - QR_QUIET
                    && y < side - QR_QUIET);
        for (int i = 0; i < n; i++)
            got[y * side + x + i] = 1;
        d += used;
    }
    assert_int_equal(*d, '"');
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
            assert_int_equal(got[y * side + x], module(q, x - QR_QUIET, y - QR_QUIET));
    free(got);
}

static void test_svg(void **state)
{
    (void)state;
    Errs errs = {0};
    QrCode q;
    assert_int_equal(qr_encode(URL, &q, &errs), INSATS_OK);
    Buf b = {0};
    qr_svg(&q, 6, "Svara på <enkäten> & mer", &b);
    check_svg(b.data, &q, 6);
    assert_non_null(strstr(b.data, "role=\"img\"><title>Svara på &lt;enkäten&gt; &amp; mer"));
    buf_free(&b);
    qr_svg(&q, 3, NULL, &b);
    check_svg(b.data, &q, 3);
    assert_non_null(strstr(b.data, "aria-hidden=\"true\""));
    assert_null(strstr(b.data, "<title>"));
    buf_free(&b);
    qr_free(&q);
    errs_free(&errs);
}

/* Draws on a cairo context at an offset and a size that is no multiple of the modules: the
 * square is filled there and nowhere else. */
static void test_draw(void **state)
{
    (void)state;
    Errs errs = {0};
    QrCode q;
    assert_int_equal(qr_encode(URL, &q, &errs), INSATS_OK);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 400);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_paint(cr);
    qr_draw(cr, &q, 50, 60, 250);
    /* The context's own state is kept: the red source is still set. */
    cairo_rectangle(cr, 390, 390, 10, 10);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t pix;
#define PIX(x, y) (memcpy(&pix, d + (y) * stride + (x) * 4, 4), pix & 0xffffffu)
    assert_int_equal(PIX(49, 100), 0xff0000u);
    assert_int_equal(PIX(301, 100), 0xff0000u);
    assert_int_equal(PIX(100, 59), 0xff0000u);
    assert_int_equal(PIX(395, 395), 0xff0000u);
    double m = 250.0 / qr_side(&q);
    assert_int_equal(PIX(51, 61), 0xffffffu);   /* quiet zone */
    /* The middle of the top left finder's core, and of its light ring. */
    assert_int_equal(PIX((int)(50 + (QR_QUIET + 3.5) * m), (int)(60 + (QR_QUIET + 3.5) * m)), 0);
    assert_int_equal(PIX((int)(50 + (QR_QUIET + 1.5) * m), (int)(60 + (QR_QUIET + 3.5) * m)),
                     0xffffffu);
#undef PIX
    cairo_surface_destroy(s);
    qr_free(&q);
    errs_free(&errs);
}

static void test_write_file(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("qr");
    assert_non_null(dir);
    Errs errs = {0};
    QrCode q;
    assert_int_equal(qr_encode(URL, &q, &errs), INSATS_OK);

    char *png = xasprintf("%s/link.PNG", dir);
    assert_int_equal(qr_write_file(URL, png, 10, &errs), INSATS_OK);
    size_t len = 0;
    char *data = tu_slurp(png, &len);
    check_png((const unsigned char *)data, len, &q, 10);
    free(data);
    struct stat st;
    assert_int_equal(stat(png, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    char *svg = xasprintf("%s/link.svg", dir);
    assert_int_equal(qr_write_file(URL, svg, 4, &errs), INSATS_OK);
    data = tu_slurp(svg, NULL);
    check_svg(data, &q, 4);
    assert_non_null(strstr(data, URL));   /* its title */
    free(data);
    char *cmd = xasprintf("xmllint --noout '%s'", svg);
    assert_int_equal(system(cmd), 0);
    free(cmd);

    /* Refused without writing anything: another ending, a directory, a text that cannot fit. */
    char *txt = xasprintf("%s/link.txt", dir);
    assert_int_equal(qr_write_file(URL, txt, 4, &errs), INSATS_EUSAGE);
    assert_non_null(strstr(errs.msgs[0], "*.png or *.svg"));
    assert_int_equal(stat(txt, &st), -1);
    errs_free(&errs);
    char *sub = xasprintf("%s/d.png", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(qr_write_file(URL, sub, 4, &errs), INSATS_EUSAGE);
    errs_free(&errs);
    char *huge = xmalloc(5000);
    memset(huge, 'x', 4999);
    huge[4999] = '\0';
    char *big = xasprintf("%s/big.png", dir);
    assert_int_equal(qr_write_file(huge, big, 4, &errs), INSATS_EINPUT);
    assert_int_equal(stat(big, &st), -1);
    errs_free(&errs);

    free(huge);
    free(big);
    free(sub);
    free(txt);
    free(svg);
    free(png);
    qr_free(&q);
    assert_int_equal(tu_rmtree(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_symbol),
        cmocka_unit_test(test_encode_refused),
        cmocka_unit_test(test_png),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_draw),
        cmocka_unit_test(test_write_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
