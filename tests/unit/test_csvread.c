/* test_csvread.c — unit tests of csvread.c: separators, BOM and Windows-1252 files, quoting,
 * physical line numbers, line ends, chunk boundaries, error messages, streaming a large file,
 * and the header / decimal / yes-no cell helpers.
 *
 * Every fixture is written byte for byte into a fresh mkdtemp directory, so the encodings
 * under test are exactly the bytes shown here (e.g. "\xc5sa" is Windows-1252 "Åsa"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "csvread.h"
#include "testutil.h"
#include "util.h"

static char *g_dir;       /* the temporary directory of the group */
static char *g_files[64];
static size_t g_nfiles;

/* Writes a fixture file into the temporary directory; returns its path (owned here). */
static const char *fixture(const char *name, const void *data, size_t len)
{
    assert_true(g_nfiles < sizeof g_files / sizeof *g_files);
    char *path = xasprintf("%s/%s", g_dir, name);
    tu_write_file(path, data, len);
    g_files[g_nfiles++] = path;
    return path;
}

static const char *fixture_str(const char *name, const char *text)
{
    return fixture(name, text, strlen(text));
}

/* A fixture built from a Buf (for generated content). */
static const char *fixture_buf(const char *name, Buf *b)
{
    const char *path = fixture(name, b->data, b->len);
    buf_free(b);
    return path;
}

static int setup(void **state)
{
    (void)state;
    g_dir = tu_tmpdir("csvread");
    return g_dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < g_nfiles; i++) {
        unlink(g_files[i]);
        free(g_files[i]);
    }
    /* Only the files written above may be there: rmdir fails on anything else. */
    int rc = rmdir(g_dir);
    free(g_dir);
    return rc;
}

/* ---- collecting records ---- */

typedef struct Row {
    size_t index, line, nfields;
    char **fields;
} Row;

typedef struct Rows {
    Row *v;
    size_t n, cap;
    size_t stop_at;   /* return 42 from this record index; 0 = never */
} Rows;

static int collect(const CsvRecord *rec, void *ctx)
{
    Rows *rows = ctx;
    if (rows->n == rows->cap) {
        rows->cap = rows->cap ? rows->cap * 2 : 8;
        rows->v = xrealloc(rows->v, rows->cap * sizeof *rows->v);
    }
    Row *row = &rows->v[rows->n++];
    row->index = rec->index;
    row->line = rec->line;
    row->nfields = rec->nfields;
    row->fields = xmalloc((rec->nfields ? rec->nfields : 1) * sizeof *row->fields);
    for (size_t i = 0; i < rec->nfields; i++)
        row->fields[i] = xstrdup(rec->fields[i]);
    if (rows->stop_at && rec->index == rows->stop_at)
        return 42;
    return 0;
}

static void rows_free(Rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        for (size_t j = 0; j < rows->v[i].nfields; j++)
            free(rows->v[i].fields[j]);
        free(rows->v[i].fields);
    }
    free(rows->v);
    memset(rows, 0, sizeof *rows);
}

/* Checks one collected record: its line and exactly these fields (NULL-terminated). */
static void expect_row(const Rows *rows, size_t i, size_t line, ...)
{
    assert_true(i < rows->n);
    const Row *row = &rows->v[i];
    assert_int_equal(row->index, i);
    assert_int_equal(row->line, line);
    va_list ap;
    va_start(ap, line);
    size_t k = 0;
    for (const char *want; (want = va_arg(ap, const char *)) != NULL; k++) {
        assert_true(k < row->nfields);
        assert_string_equal(row->fields[k], want);
    }
    va_end(ap);
    assert_int_equal(row->nfields, k);
}

/* Reads a file that must be fine; checks no message was produced. */
static void read_ok(const char *path, Rows *rows, CsvInfo *info)
{
    Errs errs;
    errs_init(&errs);
    int rc = csvread_file(path, "in.csv", collect, rows, info, &errs);
    if (rc != 0)
        fail_msg("rc %d: %s", rc, errs.count ? errs.msgs[0] : "(no message)");
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
}

/* Reads a file that must fail with INSATS_EINPUT and exactly this one message. */
static void read_fails(const char *path, const char *display, const char *want_msg)
{
    Rows rows = {0};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(csvread_file(path, display, collect, &rows, NULL, &errs), INSATS_EINPUT);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.msgs[0], want_msg);
    errs_free(&errs);
    rows_free(&rows);
}

/* ---- files ---- */

static void test_semicolon_with_bom(void **state)
{
    (void)state;
    const char *p = fixture_str("bom.csv",
                                "\xEF\xBB\xBFNamn;K\xC3\xB6n;Timmar\n"
                                "\xC3\x85sa \xC3\x96" "berg;kvinna;1 234,50\n"
                                "Per, Jr;man;7,5\n");
    Rows rows = {0};
    CsvInfo info;
    read_ok(p, &rows, &info);
    assert_int_equal(rows.n, 3);
    expect_row(&rows, 0, 1, "Namn", "Kön", "Timmar", NULL);   /* BOM gone */
    expect_row(&rows, 1, 2, "Åsa Öberg", "kvinna", "1 234,50", NULL);
    expect_row(&rows, 2, 3, "Per, Jr", "man", "7,5", NULL);
    assert_int_equal(info.separator, ';');
    assert_string_equal(info.encoding, "utf-8");
    assert_true(info.had_bom);
    assert_int_equal(info.records, 3);
    rows_free(&rows);
}

static void test_comma(void **state)
{
    (void)state;
    const char *p = fixture_str("comma.csv",
                                "name,gender,note\n"
                                "Anna,kvinna,\"a;b\"\n"
                                "Bo,man,\n");
    Rows rows = {0};
    CsvInfo info;
    read_ok(p, &rows, &info);
    assert_int_equal(info.separator, ',');
    assert_string_equal(info.encoding, "utf-8");
    assert_false(info.had_bom);
    assert_int_equal(rows.n, 3);
    expect_row(&rows, 1, 2, "Anna", "kvinna", "a;b", NULL);
    expect_row(&rows, 2, 3, "Bo", "man", "", NULL);
    rows_free(&rows);
}

static void test_windows_1252(void **state)
{
    (void)state;
    const char *p = fixture_str("cp1252.csv",
                                "Namn;K\xf6n;Not\r\n"
                                "\xc5sa \xd6" "berg;kvinna;\x80 5 \x96 6\r\n"
                                "\xc9lise \xe5\xe4\xf6;\x93" "citat\x94;\x81" "\n");
    Rows rows = {0};
    CsvInfo info;
    read_ok(p, &rows, &info);
    assert_string_equal(info.encoding, "windows-1252");
    assert_int_equal(info.separator, ';');
    assert_int_equal(rows.n, 3);
    expect_row(&rows, 0, 1, "Namn", "Kön", "Not", NULL);
    expect_row(&rows, 1, 2, "Åsa Öberg", "kvinna", "€ 5 – 6", NULL);
    expect_row(&rows, 2, 3, "Élise åäö", "“citat”", "\xC2\x81", NULL);
    rows_free(&rows);
}

static void test_quoted_fields_and_lines(void **state)
{
    (void)state;
    const char *p = fixture_str("quoted.csv",
                                "a,b,c\n"
                                "\"x, y\",\"line1\nline2\",z\n"
                                "next,\"say \"\"hi\"\"\",2\n"
                                "\"three\nphysical\nlines\",,\n"
                                "last,1,2");    /* no final line end */
    Rows rows = {0};
    read_ok(p, &rows, NULL);
    assert_int_equal(rows.n, 5);
    expect_row(&rows, 0, 1, "a", "b", "c", NULL);
    expect_row(&rows, 1, 2, "x, y", "line1\nline2", "z", NULL);
    expect_row(&rows, 2, 4, "next", "say \"hi\"", "2", NULL);
    expect_row(&rows, 3, 5, "three\nphysical\nlines", "", "", NULL);
    expect_row(&rows, 4, 8, "last", "1", "2", NULL);
    rows_free(&rows);
}

static void test_trimming(void **state)
{
    (void)state;
    const char *p = fixture_str("trim.csv",
                                "  a  ;  b\n"
                                "  x  ;  \" keep \"  \n"
                                "\t\n"             /* blank: skipped */
                                "Anna \"Ankan\" Berg;1\n");
    Rows rows = {0};
    read_ok(p, &rows, NULL);
    assert_int_equal(rows.n, 3);
    expect_row(&rows, 0, 1, "a", "b", NULL);
    expect_row(&rows, 1, 2, "x", " keep ", NULL);
    expect_row(&rows, 2, 4, "Anna \"Ankan\" Berg", "1", NULL);
    rows_free(&rows);
}

static void test_crlf_and_empty_lines(void **state)
{
    (void)state;
    const char *p = fixture_str("crlf.csv",
                                "\r\n"
                                "a;b\r\n"
                                "1;2\r\n"
                                "\r\n"
                                "   \r\n"
                                "\"q\r\nr\";4\r\n"
                                "5;6\r\n"
                                "\r\n");
    Rows rows = {0};
    read_ok(p, &rows, NULL);
    assert_int_equal(rows.n, 4);
    expect_row(&rows, 0, 2, "a", "b", NULL);
    expect_row(&rows, 1, 3, "1", "2", NULL);
    expect_row(&rows, 2, 6, "q\r\nr", "4", NULL);
    expect_row(&rows, 3, 8, "5", "6", NULL);
    rows_free(&rows);
}

static void test_cr_only_line_ends(void **state)
{
    (void)state;
    const char *p = fixture_str("mac.csv", "a;b\r1;2\r\r3;4\r");
    Rows rows = {0};
    read_ok(p, &rows, NULL);
    assert_int_equal(rows.n, 3);
    expect_row(&rows, 0, 1, "a", "b", NULL);
    expect_row(&rows, 1, 2, "1", "2", NULL);
    expect_row(&rows, 2, 4, "3", "4", NULL);
    rows_free(&rows);
}

static void test_tab_and_sep_line(void **state)
{
    (void)state;
    Rows rows = {0};
    CsvInfo info;
    read_ok(fixture_str("tab.csv", "a\tb;c\td\n1\t2\n"), &rows, &info);
    assert_int_equal(info.separator, '\t');
    expect_row(&rows, 0, 1, "a", "b;c", "d", NULL);
    expect_row(&rows, 1, 2, "1", "2", NULL);
    rows_free(&rows);

    /* Excel's hint line wins over counting, and is not a record. */
    read_ok(fixture_str("sep.csv", "sep=,\r\nx;y,z\r\n1;2,3\r\n"), &rows, &info);
    assert_int_equal(info.separator, ',');
    assert_int_equal(rows.n, 2);
    expect_row(&rows, 0, 2, "x;y", "z", NULL);
    expect_row(&rows, 1, 3, "1;2", "3", NULL);
    rows_free(&rows);

    /* A quoted separator in the header does not count. */
    read_ok(fixture_str("hdrq.csv", "\"a,b,c\";d\n1;2\n"), &rows, &info);
    assert_int_equal(info.separator, ';');
    expect_row(&rows, 0, 1, "a,b,c", "d", NULL);
    rows_free(&rows);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    const char *p = fixture_str("open.csv", "a;b\n1;2\n3;\"oops\n4;5\n6;7\n");
    read_fails(p, "open.csv",
               "open.csv:3: unterminated quoted field (a \" in the record starting here is never "
               "closed)");
}

static void test_unclosed_quote_in_big_file_fails_early(void **state)
{
    (void)state;
    Buf b = {0};
    buf_puts(&b, "a;b\n1;2\n\"never closed;\n");
    for (int i = 0; i < 200000; i++)
        buf_puts(&b, "xxxxxx;yy\n");   /* 2 MB swallowed by the open quote */
    const char *p = fixture_buf("huge-open.csv", &b);
    read_fails(p, "huge-open.csv",
               "huge-open.csv:3: a field is longer than 1048576 bytes (is a \" never closed?)");
}

/* A record of CSVREAD_FIELDS_MAX fields is read; one more field fails the file at the line
 * where that record starts, with or without a line end after it. */
static void test_field_count_limit(void **state)
{
    (void)state;
    Buf b = {0};
    buf_puts(&b, "a;b\n1;2\n");
    for (int i = 1; i < CSVREAD_FIELDS_MAX; i++)
        buf_putc(&b, ';');
    buf_puts(&b, "\n3;4\n");
    const char *p = fixture_buf("wide-ok.csv", &b);
    Rows rows = {0};
    read_ok(p, &rows, NULL);
    assert_int_equal(rows.n, 4);
    assert_int_equal(rows.v[2].nfields, CSVREAD_FIELDS_MAX);
    expect_row(&rows, 3, 4, "3", "4", NULL);
    rows_free(&rows);

    const char *want = "in.csv:3: the line has more than 1000 fields or 4194304 bytes, more "
                       "than any list has (is it the right file, with the right separator?)";
    for (int ends = 0; ends < 2; ends++) {
        buf_puts(&b, "a;b\n1;2\n");
        for (int i = 0; i < CSVREAD_FIELDS_MAX; i++)
            buf_putc(&b, ';');
        if (ends)
            buf_puts(&b, "\n3;4\n");
        read_fails(fixture_buf(ends ? "wide-1.csv" : "wide-0.csv", &b), "in.csv", want);
    }
}

/* Counts records without keeping them. */
static int count_records(const CsvRecord *rec, void *ctx)
{
    (void)rec;
    ++*(size_t *)ctx;
    return 0;
}

/* Peak resident memory of this process so far, in KiB. */
static long peak_rss_kib(void)
{
    struct rusage ru;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_maxrss;
}

/* 32 MB of nothing but separators fails on the first line without the memory growing with
 * the file: unbounded, it took about 17 bytes per separator (half a gigabyte here). */
static void test_separator_flood_bounded(void **state)
{
    (void)state;
    size_t n = 32u << 20;
    char *semis = xmalloc(n);
    memset(semis, ';', n);
    const char *p = fixture("flood.csv", semis, n);
    free(semis);
    long before = peak_rss_kib();
    Errs errs;
    errs_init(&errs);
    size_t records = 0;
    assert_int_equal(csvread_file(p, "flood.csv", count_records, &records, NULL, &errs),
                     INSATS_EINPUT);
    assert_int_equal(records, 0);
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.msgs[0], "flood.csv:1: the line has more than 1000 fields"));
    errs_free(&errs);
    long grown = peak_rss_kib() - before;
    if (grown > 8 * 1024)
        fail_msg("reading grew the peak memory by %ld KiB", grown);
}

static void test_missing_file(void **state)
{
    (void)state;
    char *path = xasprintf("%s/does-not-exist.csv", g_dir);
    read_fails(path, "does-not-exist.csv",
               "does-not-exist.csv: cannot open: No such file or directory");
    free(path);
    /* Without a display name the path is used. */
    Errs errs;
    errs_init(&errs);
    Rows rows = {0};
    assert_int_equal(csvread_file("/nonexistent/x.csv", NULL, collect, &rows, NULL, &errs),
                     INSATS_EINPUT);
    assert_string_equal(errs.msgs[0], "/nonexistent/x.csv: cannot open: No such file or directory");
    errs_free(&errs);
    /* A directory opens but cannot be read. */
    read_fails(g_dir, "dir", "dir: cannot read: Is a directory");
}

static void test_empty_files(void **state)
{
    (void)state;
    Rows rows = {0};
    CsvInfo info;
    read_ok(fixture("empty.csv", "", 0), &rows, &info);
    assert_int_equal(rows.n, 0);
    assert_int_equal(info.records, 0);
    read_ok(fixture_str("blank.csv", "\n\r\n  \n"), &rows, &info);
    assert_int_equal(rows.n, 0);
    read_ok(fixture_str("bomonly.csv", "\xEF\xBB\xBF"), &rows, &info);
    assert_int_equal(rows.n, 0);
    assert_true(info.had_bom);
}

static void test_not_csv(void **state)
{
    (void)state;
    read_fails(fixture("u16.csv", "\xFF\xFEn\0a\0", 6), "u16.csv",
               "u16.csv: is UTF-16 text; save it as \"CSV UTF-8\" or plain CSV instead");
    read_fails(fixture("book.csv", "PK\x03\x04\x14\0\x06\0", 8), "book.csv",
               "book.csv: is an Excel workbook, not CSV; save it as CSV first");
    read_fails(fixture("nul.csv", "a;b\n1;2\nc\0;d\n", 13), "nul.csv",
               "nul.csv:3: contains a NUL byte, so it is not a CSV text file (save it as CSV)");
    read_fails(fixture("nul1252.csv", "a;b\n\xe5;2\nc\0;d\n", 13), "nul1252.csv",
               "nul1252.csv:3: contains a NUL byte, so it is not a CSV text file (save it as CSV)");
}

static void test_callback_stops(void **state)
{
    (void)state;
    const char *p = fixture_str("stop.csv", "a;b\n1;2\n3;4\n5;6\n");
    Rows rows = {.stop_at = 1};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(csvread_file(p, "stop.csv", collect, &rows, NULL, &errs), 42);
    assert_int_equal(errs_total(&errs), 0);
    assert_int_equal(rows.n, 2);
    rows_free(&rows);
    /* Also when the stopping record is the last one, completed by end of file. */
    p = fixture_str("stop2.csv", "a;b\n1;2");
    rows.stop_at = 1;
    assert_int_equal(csvread_file(p, "stop2.csv", collect, &rows, NULL, &errs), 42);
    assert_int_equal(rows.n, 2);
    rows_free(&rows);
    errs_free(&errs);
}

/* ---- chunk boundaries and late encoding evidence ---- */

/* Pads b with one ASCII record so that the next byte written lands at offset `at`. */
static void pad_to(Buf *b, size_t at, const char *line_end)
{
    size_t tail = 2 + strlen(line_end);         /* ";1" + line end */
    assert_true(b->len + tail < at);
    size_t fill = at - b->len - tail;
    for (size_t i = 0; i < fill; i++)
        buf_putc(b, 'x');
    buf_puts(b, ";1");
    buf_puts(b, line_end);
    assert_int_equal(b->len, at);
}

static void test_utf8_cut_at_chunk_boundary(void **state)
{
    (void)state;
    for (int bom = 0; bom <= 1; bom++) {
        Buf b = {0};
        if (bom)
            buf_puts(&b, "\xEF\xBB\xBF");
        buf_puts(&b, "namn;n\n");
        pad_to(&b, 65535, "\n");
        buf_puts(&b, "\xC3\xA5sa;2\n");          /* "å" split over the 64 KiB boundary */
        const char *p = fixture_buf(bom ? "cut-bom.csv" : "cut.csv", &b);
        Rows rows = {0};
        CsvInfo info;
        read_ok(p, &rows, &info);
        assert_string_equal(info.encoding, "utf-8");
        assert_int_equal(rows.n, 3);
        expect_row(&rows, 2, 3, "åsa", "2", NULL);
        rows_free(&rows);
    }
}

static void test_crlf_cut_at_chunk_boundary(void **state)
{
    (void)state;
    Buf b = {0};
    buf_puts(&b, "a;b\r\n");
    pad_to(&b, 65537, "\r\n");                   /* its CR is the chunk's last byte */
    buf_puts(&b, "z;2\r\n\"q\r\n\";3\r\nw;4\r\n");
    const char *p = fixture_buf("crlfcut.csv", &b);
    Rows rows = {0};
    read_ok(p, &rows, NULL);
    assert_int_equal(rows.n, 5);
    assert_int_equal(rows.v[1].line, 2);
    expect_row(&rows, 2, 3, "z", "2", NULL);
    expect_row(&rows, 3, 4, "q\r\n", "3", NULL);
    expect_row(&rows, 4, 6, "w", "4", NULL);
    rows_free(&rows);
}

static void test_late_invalid_utf8(void **state)
{
    (void)state;
    Buf b = {0};
    buf_puts(&b, "namn;ort\n\xC3\x85sa;Malm\xC3\xB6\n");   /* UTF-8 decided on line 2 */
    for (int i = 0; i < 20000; i++)
        buf_puts(&b, "abc;def\n");
    buf_puts(&b, "G\xf6ran;x\n");                         /* line 20003, in a later chunk */
    const char *p = fixture_buf("late.csv", &b);
    read_fails(p, "late.csv",
               "late.csv:20003: not valid UTF-8 (save the file as UTF-8 or Windows-1252)");
}

static void test_late_windows_1252_after_ascii(void **state)
{
    (void)state;
    Buf b = {0};
    buf_puts(&b, "namn;ort\n");
    for (int i = 0; i < 20000; i++)
        buf_puts(&b, "abc;def\n");
    buf_puts(&b, "G\xf6ran;\x80\n");
    const char *p = fixture_buf("late1252.csv", &b);
    Rows rows = {0};
    CsvInfo info;
    read_ok(p, &rows, &info);
    assert_string_equal(info.encoding, "windows-1252");
    assert_int_equal(rows.n, 20002);
    expect_row(&rows, 20001, 20002, "Göran", "€", NULL);
    rows_free(&rows);
}

/* ---- streaming ---- */

typedef struct Tally {
    size_t records;
    size_t last_line;
    int64_t hours;     /* sum of column 3 in hundredths */
    int bad;
} Tally;

static int tally(const CsvRecord *rec, void *ctx)
{
    Tally *t = ctx;
    t->records++;
    t->last_line = rec->line;
    if (rec->index == 0)
        return 0;
    int64_t v;
    if (rec->nfields != 3 || !csvread_parse_decimal(rec->fields[2], 100, &v))
        t->bad++;
    else
        t->hours += v;
    return 0;
}

static void test_stream_200k_rows(void **state)
{
    (void)state;
    char *path = xasprintf("%s/big.csv", g_dir);
    g_files[g_nfiles++] = path;
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("\xEF\xBB\xBFid;namn;timmar\r\n", fp);
    int64_t want = 0;
    const int n = 200000;
    for (int i = 1; i <= n; i++) {
        if (i % 1000 == 0)
            fprintf(fp, "%d;\"Person\n%d\";%d,%02d\r\n", i, i, i % 9, i % 100);  /* 2 lines */
        else
            fprintf(fp, "%d;Person %d \xC3\xB6;%d,%02d\r\n", i, i, i % 9, i % 100);
        want += (i % 9) * 100 + i % 100;
    }
    assert_int_equal(fclose(fp), 0);

    Tally t = {0};
    Errs errs;
    errs_init(&errs);
    CsvInfo info;
    assert_int_equal(csvread_file(path, "big.csv", tally, &t, &info, &errs), 0);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    assert_int_equal(t.records, (size_t)n + 1);
    assert_int_equal(info.records, (size_t)n + 1);
    assert_int_equal(t.bad, 0);
    assert_int_equal(t.hours, want);
    /* The header is line 1 and 200 records each took two lines. */
    assert_int_equal(t.last_line, (size_t)n + 1 + (n / 1000 - 1));
}

/* ---- helpers ---- */

static void test_header_index(void **state)
{
    (void)state;
    char *f[] = {"Namn", " KÖN ", "Kön", "Ålder", "ÉPOST"};
    CsvRecord h = {.index = 0, .line = 1, .nfields = 5, .fields = f};
    const char *const gender[] = {"kön", "kon", "gender", NULL};
    assert_int_equal(csvread_header_index(&h, gender), 1);
    const char *const gender_upper[] = {"KÖN", NULL};
    assert_int_equal(csvread_header_index(&h, gender_upper), 1);
    const char *const name[] = {"name", "NAMN", NULL};
    assert_int_equal(csvread_header_index(&h, name), 0);
    const char *const age[] = {"ålder", NULL};
    assert_int_equal(csvread_header_index(&h, age), 3);
    const char *const mail[] = {"e-post", "épost", NULL};
    assert_int_equal(csvread_header_index(&h, mail), 4);
    const char *const none[] = {"kon", "alder", "ko", NULL};
    assert_int_equal(csvread_header_index(&h, none), -1);
    const char *const empty[] = {NULL};
    assert_int_equal(csvread_header_index(&h, empty), -1);

    char *g[] = {"x", "Gender\xC2\xA0"};   /* trailing NBSP from Excel */
    CsvRecord h2 = {.nfields = 2, .fields = g};
    assert_int_equal(csvread_header_index(&h2, gender), 1);
}

static void dec_ok(const char *s, int64_t scale, int64_t want)
{
    int64_t v = -999;
    if (!csvread_parse_decimal(s, scale, &v))
        fail_msg("rejected \"%s\" at scale %lld", s, (long long)scale);
    assert_int_equal(v, want);
}

static void dec_bad(const char *s, int64_t scale)
{
    int64_t v = -999;
    if (csvread_parse_decimal(s, scale, &v))
        fail_msg("accepted \"%s\" at scale %lld as %lld", s, (long long)scale, (long long)v);
    assert_int_equal(v, -999);
}

static void test_parse_decimal(void **state)
{
    (void)state;
    dec_ok("1 234,50", 100, 123450);
    dec_ok("1234.5", 100, 123450);
    dec_ok("1234,5", 100, 123450);
    dec_ok("-12", 100, -1200);
    dec_ok("12", 100, 1200);
    dec_ok("  7,25 ", 100, 725);
    dec_ok("+3", 1, 3);
    dec_ok("0,05", 100, 5);
    dec_ok("12,340", 100, 1234);            /* extra zero decimals are fine */
    dec_ok("1\xC2\xA0" "234\xC2\xA0" "567,8", 10, 12345678);   /* NBSP groups */
    dec_ok("1\xE2\x80\xAF" "000", 1, 1000);                      /* narrow NBSP */
    dec_ok("\xE2\x88\x92" "4,5", 10, -45);                      /* U+2212 minus */
    dec_ok("-0", 100, 0);
    dec_ok("92233720368547758,07", 100, INT64_MAX);
    dec_ok("9223372036854775807", 1, INT64_MAX);

    dec_bad("12,345", 100);
    dec_bad("abc", 100);
    dec_bad("", 100);
    dec_bad("   ", 100);
    dec_bad("12,5", 1);
    dec_bad("1,2,3", 100);
    dec_bad("1.234,5", 100);
    dec_bad("12 34", 100);
    dec_bad("1234 567", 100);
    dec_bad("1  234", 100);
    dec_bad("12,", 100);
    dec_bad(",5", 100);
    dec_bad("-", 100);
    dec_bad("--1", 100);
    dec_bad("12 kr", 100);
    dec_bad("1e3", 100);
    dec_bad("92233720368547758,08", 100);
    dec_bad("9223372036854775808", 1);
    dec_bad("99999999999999999999999", 1);
}

static void bool_is(const char *s, bool want)
{
    bool v = !want;
    if (!csvread_parse_bool(s, &v))
        fail_msg("rejected \"%s\"", s);
    assert_int_equal(v, want);
}

static void test_parse_bool(void **state)
{
    (void)state;
    const char *yes[] = {"ja", "JA", "j", "Yes", "y", "TRUE", "SANT", "1", "x", "X",
                         "närvarande", "NÄRVARANDE", "Present", " ja "};
    const char *no[] = {"nej", "Nej", "n", "no", "N", "false", "FALSKT", "0", "frånvarande",
                        "FRÅNVARANDE", "absent"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        bool_is(yes[i], true);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        bool_is(no[i], false);
    const char *junk[] = {"", " ", "jaa", "2", "xx", "kanske", "narvarande", "nejj"};
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
        bool v = true;
        if (csvread_parse_bool(junk[i], &v))
            fail_msg("accepted \"%s\"", junk[i]);
        assert_true(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semicolon_with_bom),
        cmocka_unit_test(test_comma),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_quoted_fields_and_lines),
        cmocka_unit_test(test_trimming),
        cmocka_unit_test(test_crlf_and_empty_lines),
        cmocka_unit_test(test_cr_only_line_ends),
        cmocka_unit_test(test_tab_and_sep_line),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_unclosed_quote_in_big_file_fails_early),
        cmocka_unit_test(test_field_count_limit),
        cmocka_unit_test(test_separator_flood_bounded),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_empty_files),
        cmocka_unit_test(test_not_csv),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_utf8_cut_at_chunk_boundary),
        cmocka_unit_test(test_crlf_cut_at_chunk_boundary),
        cmocka_unit_test(test_late_invalid_utf8),
        cmocka_unit_test(test_late_windows_1252_after_ascii),
        cmocka_unit_test(test_stream_200k_rows),
        cmocka_unit_test(test_header_index),
        cmocka_unit_test(test_parse_decimal),
        cmocka_unit_test(test_parse_bool),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
