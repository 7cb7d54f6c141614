/* csvread.c — streaming CSV reader and cell parsers (see csvread.h).
 *
 * libcsv does the CSV grammar (quotes, doubled quotes, line breaks inside quotes, trimming).
 * This file adds what libcsv cannot know: which encoding and separator a Swedish office file
 * uses, and physical line numbers for messages. libcsv reports field and record ends but not
 * where they happened, so every chunk is cut after each CR and LF before it reaches
 * csv_parse: a record can then only end at the last byte of a piece, and the line counter is
 * exact between pieces.
 *
 * Memory is bounded by one 64 KiB read chunk (plus its Windows-1252 → UTF-8 copy), the
 * current record, and libcsv's field buffer, which is capped so that an unbalanced quote in
 * a huge file fails early instead of swallowing the whole file. The record is capped too, in
 * fields and in bytes: each field costs two pointers of bookkeeping beside its text, so a
 * line of nothing but separators would otherwise need many times its own size. */
#include "csvread.h"
#include "util.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSVREAD_CHUNK (64 * 1024)
/* No real cell is this long; an unbalanced quote is the usual cause of reaching it. */
#define CSVREAD_FIELD_MAX (1024 * 1024)

enum {
    ENC_UNDECIDED,  /* only ASCII so far, which reads the same in both encodings */
    ENC_UTF8,
    ENC_CP1252,
};

typedef struct CsvReader {
    struct csv_parser parser;
    const char *name;
    CsvRecordFn fn;
    void *ctx;
    Errs *errs;
    unsigned char sep;
    int enc;
    bool had_bom;
    size_t line;        /* physical line of the next byte handed to libcsv */
    bool last_cr;       /* that byte follows a CR, so an LF there ends no further line */
    bool need_start;    /* between records: the next non-blank piece starts one */
    size_t rec_line;    /* where the record being assembled started */
    size_t index;       /* records delivered so far */
    int stop;           /* the callback's nonzero answer */
    bool too_big;       /* the record passed a limit; reported once by csvread_feed */
    Buf text;           /* fields of the current record, each followed by a NUL */
    size_t *offs;       /* start of each field in text; offsets because text may move */
    size_t noffs, offs_cap;
    char **fields;      /* handed to the callback; reused across records */
    size_t fields_cap;
    unsigned char *conv;/* Windows-1252 chunk converted to UTF-8, allocated on first use */
} CsvReader;

/* Windows-1252 0x80–0x9F. The five unassigned bytes map to the C1 control of the same value,
 * as browsers do, so no byte is ever lost. 0xA0–0xFF equal their Latin-1 code points. */
static const uint16_t CP1252_HIGH[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* ---- libcsv callbacks ---------------------------------------------------------------- */

/* libcsv's end-of-field callback: copies the field (libcsv reuses its buffer) into the
 * record's text buffer. */
static void csvread_on_field(void *s, size_t len, void *data)
{
    CsvReader *r = data;
    if (r->stop || r->too_big)
        return;
    if (r->noffs == CSVREAD_FIELDS_MAX || r->text.len + len > CSVREAD_RECORD_MAX) {
        /* libcsv cannot be stopped from a callback; the rest of the piece is ignored. */
        r->too_big = true;
        return;
    }
    if (r->noffs == r->offs_cap) {
        r->offs_cap = r->offs_cap ? r->offs_cap * 2 : 32;
        r->offs = xrealloc(r->offs, r->offs_cap * sizeof *r->offs);
    }
    r->offs[r->noffs++] = r->text.len;
    /* One copy into a reused buffer instead of a malloc per field. */
    buf_reserve(&r->text, len + 1);
    if (len)
        memcpy(r->text.data + r->text.len, s, len);
    r->text.data[r->text.len + len] = '\0';
    r->text.len += len + 1;
    r->text.data[r->text.len] = '\0';
}

/* libcsv's end-of-record callback: hands the record to the user's callback, remembers a
 * nonzero answer in r->stop, and empties the buffers for the next record. */
static void csvread_on_record(int term, void *data)
{
    CsvReader *r = data;
    (void)term;
    if (!r->stop && !r->too_big) {
        if (r->noffs > r->fields_cap) {
            r->fields_cap = r->noffs * 2;
            r->fields = xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
        }
        for (size_t i = 0; i < r->noffs; i++)
            r->fields[i] = r->text.data + r->offs[i];
        CsvRecord rec = {
            .index = r->index, .line = r->rec_line, .nfields = r->noffs, .fields = r->fields,
        };
        r->index++;
        r->stop = r->fn(&rec, r->ctx);
    }
    r->noffs = 0;
    buf_clear(&r->text);
    r->need_start = true;
}

/* ---- feeding libcsv with line tracking ----------------------------------------------- */

/* Reports the record that passed CSVREAD_FIELDS_MAX or CSVREAD_RECORD_MAX; INSATS_EINPUT. */
static int csvread_too_big(CsvReader *r)
{
    errs_add(r->errs, "%s:%zu: the line has more than %d fields or %d bytes, more than any list "
             "has (is it the right file, with the right separator?)", r->name, r->rec_line,
             CSVREAD_FIELDS_MAX, CSVREAD_RECORD_MAX);
    return INSATS_EINPUT;
}

/* Hands n bytes of UTF-8 to libcsv, one CR- or LF-terminated piece at a time, keeping
 * r->line and r->rec_line exact. Returns 0, the callback's stop value, or INSATS_EINPUT. */
static int csvread_feed(CsvReader *r, const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        unsigned char c = 0;
        if (r->need_start) {
            /* Mirrors libcsv: spaces, tabs (unless they separate) and line ends before a
             * record are skipped, so a piece of only those starts nothing. */
            bool blank = true;
            for (; i < n; i++) {
                c = p[i];
                if (c == '\n' || c == '\r')
                    break;
                if (c != ' ' && (c != '\t' || r->sep == '\t'))
                    blank = false;
            }
            if (!blank) {
                r->need_start = false;
                r->rec_line = r->line;
            }
        } else {
            while (i < n && p[i] != '\n' && p[i] != '\r')
                i++;
            if (i < n)
                c = p[i];
        }
        bool term = i < n;
        if (term)
            i++;
        size_t len = i - start;
        if (csv_parse(&r->parser, p + start, len, csvread_on_field, csvread_on_record, r) != len) {
            errs_add(r->errs, "%s:%zu: cannot parse: %s", r->name, r->line,
                     csv_strerror(csv_error(&r->parser)));
            return INSATS_EINPUT;
        }
        if (r->stop)
            return r->stop;
        if (r->too_big)
            return csvread_too_big(r);
        if (csv_get_buffer_size(&r->parser) > CSVREAD_FIELD_MAX) {
            errs_add(r->errs, "%s:%zu: a field is longer than %d bytes (is a \" never closed?)",
                     r->name, r->rec_line, CSVREAD_FIELD_MAX);
            return INSATS_EINPUT;
        }
        if (term) {
            /* CRLF, LF and (old Mac Excel) lone CR each end one line. */
            if (c == '\r') {
                r->line++;
                r->last_cr = true;
            } else {
                if (!(r->last_cr && len == 1))
                    r->line++;
                r->last_cr = false;
            }
        } else {
            r->last_cr = false;
        }
    }
    return 0;
}

/* ---- encodings ----------------------------------------------------------------------- */

enum { SCAN_OK, SCAN_BAD, SCAN_NUL };

typedef struct Utf8Scan {
    size_t ok;        /* length of the prefix made of complete, valid characters */
    int problem;      /* what stopped the scan at `ok`, if not the end or a cut character */
    bool multibyte;   /* the valid prefix holds at least one non-ASCII character */
} Utf8Scan;

/* Validates UTF-8 (no overlongs, surrogates or code points past U+10FFFF) and looks for NUL.
 * A character cut by the end of the data is left out of `ok` without being an error, unless
 * at_eof says no more data follows. */
static Utf8Scan csvread_scan_utf8(const unsigned char *p, size_t n, bool at_eof)
{
    Utf8Scan s = {0, SCAN_OK, false};
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0) {
                s.problem = SCAN_NUL;
                break;
            }
            i++;
            continue;
        }
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  /* allowed range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            s.problem = SCAN_BAD;
            break;
        }
        size_t have = n - i < len ? n - i : len;
        bool valid = true;
        for (size_t k = 1; k < have && valid; k++) {
            unsigned char d = p[i + k];
            valid = k == 1 ? d >= lo && d <= hi : d >= 0x80 && d <= 0xBF;
        }
        if (!valid || (have < len && at_eof)) {
            s.problem = SCAN_BAD;
            break;
        }
        if (have < len)
            break;
        s.multibyte = true;
        i += len;
    }
    s.ok = i;
    return s;
}

/* Converts Windows-1252 to UTF-8 into out (3 bytes per input byte at most), stopping before
 * a NUL byte. Returns the output length; *used is how many input bytes were converted. */
static size_t csvread_cp1252_to_utf8(const unsigned char *p, size_t n, unsigned char *out,
                                     size_t *used)
{
    size_t o = 0, i = 0;
    for (; i < n; i++) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0)
                break;
            out[o++] = c;
            continue;
        }
        unsigned cp = c < 0xA0 ? CP1252_HIGH[c - 0x80] : c;
        if (cp < 0x800) {
            out[o++] = (unsigned char)(0xC0 | (cp >> 6));
            out[o++] = (unsigned char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (unsigned char)(0xE0 | (cp >> 12));
            out[o++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (unsigned char)(0x80 | (cp & 0x3F));
        }
    }
    *used = i;
    return o;
}

/* Reports a NUL byte at the current line; returns INSATS_EINPUT. */
static int csvread_nul_error(CsvReader *r)
{
    errs_add(r->errs, "%s:%zu: contains a NUL byte, so it is not a CSV text file (save it as CSV)",
             r->name, r->line);
    return INSATS_EINPUT;
}

/* Decodes and feeds one chunk p[0..n). Once the encoding is UTF-8 a character may be cut at
 * the chunk's end: those bytes are moved to the start of `buf` and *carry says how many, so
 * the next read appends to them. Returns 0, a stop value, or INSATS_EINPUT. */
static int csvread_chunk(CsvReader *r, unsigned char *buf, const unsigned char *p, size_t n,
                         bool at_eof, size_t *carry)
{
    *carry = 0;
    if (r->enc != ENC_CP1252) {
        Utf8Scan s = csvread_scan_utf8(p, n, at_eof);
        /* The first non-ASCII character decides: Swedish Windows-1252 text (å = E5 before a
         * letter) fails UTF-8 at once, while a UTF-8 file that goes bad later is damaged and
         * better reported than silently turned into mojibake. */
        if (!(s.problem == SCAN_BAD && r->enc == ENC_UNDECIDED && !s.multibyte)) {
            if (s.multibyte)
                r->enc = ENC_UTF8;
            int rc = csvread_feed(r, p, s.ok);
            if (rc)
                return rc;
            if (s.problem == SCAN_NUL)
                return csvread_nul_error(r);
            if (s.problem == SCAN_BAD) {
                errs_add(r->errs,
                         "%s:%zu: not valid UTF-8 (save the file as UTF-8 or Windows-1252)",
                         r->name, r->line);
                return INSATS_EINPUT;
            }
            *carry = n - s.ok;
            memmove(buf, p + s.ok, *carry);
            return 0;
        }
        r->enc = ENC_CP1252;
    }
    if (!r->conv)
        r->conv = xmalloc(3 * (CSVREAD_CHUNK + 4));
    size_t used;
    size_t len = csvread_cp1252_to_utf8(p, n, r->conv, &used);
    int rc = csvread_feed(r, r->conv, len);
    if (rc)
        return rc;
    return used < n ? csvread_nul_error(r) : 0;
}

/* ---- start of file ------------------------------------------------------------------- */

/* Picks the separator from the first non-blank line: whichever of ; , TAB occurs most often
 * outside quotes. Ties and a single-column header go to ';', Swedish Excel's choice. */
static unsigned char csvread_detect_sep(const unsigned char *p, size_t n)
{
    size_t semi = 0, comma = 0, tab = 0;
    bool quoted = false, content = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '"') {
            quoted = !quoted;
            content = true;
        } else if (quoted) {
            continue;
        } else if (c == '\n' || c == '\r') {
            if (content)
                break;
        } else if (c == ';') {
            semi++;
        } else if (c == ',') {
            comma++;
        } else if (c == '\t') {
            tab++;
        }
        if (c != ' ' && c != '\n' && c != '\r')
            content = true;
    }
    if (semi >= comma && semi >= tab)
        return ';';
    return comma >= tab ? ',' : '\t';
}

/* Inspects the first chunk: BOM, files that are not CSV at all, Excel's "sep=;" line and the
 * separator. Sets *skip to the bytes that are not data. Returns 0 or INSATS_EINPUT. */
static int csvread_start(CsvReader *r, const unsigned char *p, size_t n, size_t *skip)
{
    size_t o = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        o = 3;
        r->enc = ENC_UTF8;
        r->had_bom = true;
    } else if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        errs_add(r->errs, "%s: is UTF-16 text; save it as \"CSV UTF-8\" or plain CSV instead",
                 r->name);
        return INSATS_EINPUT;
    } else if (n >= 4 && (memcmp(p, "PK\x03\x04", 4) == 0 || memcmp(p, "\xD0\xCF\x11\xE0", 4) == 0)) {
        errs_add(r->errs, "%s: is an Excel workbook, not CSV; save it as CSV first", r->name);
        return INSATS_EINPUT;
    }
    const unsigned char *q = p + o;
    size_t m = n - o;
    if (m >= 5 && (q[0] | 0x20) == 's' && (q[1] | 0x20) == 'e' && (q[2] | 0x20) == 'p' &&
        q[3] == '=' && q[4] != '\0' && strchr(",;\t|", q[4]) &&
        (m == 5 || q[5] == '\r' || q[5] == '\n')) {
        r->sep = q[4];
        o += 5;
        if (o < n && p[o] == '\r')
            o++;
        if (o < n && p[o] == '\n')
            o++;
        r->line = 2;
    } else {
        r->sep = csvread_detect_sep(q, m);
    }
    *skip = o;
    return 0;
}

/* ---- the reader ---------------------------------------------------------------------- */

int csvread_file(const char *path, const char *display_name, CsvRecordFn fn, void *ctx,
                 CsvInfo *info, Errs *errs)
{
    assert(path && fn && errs);
    const char *name = display_name ? display_name : path;
    if (info)
        *info = (CsvInfo){.separator = ';', .encoding = "utf-8", .had_bom = false, .records = 0};

    FILE *fp = fopen(path, "rb");
    if (!fp) {
        errs_add(errs, "%s: cannot open: %s", name, strerror(errno));
        return INSATS_EINPUT;
    }
    CsvReader r = {
        .name = name, .fn = fn, .ctx = ctx, .errs = errs, .sep = ';', .enc = ENC_UNDECIDED,
        .line = 1, .need_start = true, .rec_line = 1,
    };
    if (csv_init(&r.parser, CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
        fclose(fp);
        errs_add(errs, "%s: cannot start the CSV parser", name);
        return INSATS_EINPUT;
    }
    /* libcsv grows its field buffer linearly; bigger steps keep long cells cheap. */
    csv_set_blk_size(&r.parser, 4096);

    unsigned char *buf = xmalloc(CSVREAD_CHUNK + 4);
    size_t carry = 0;
    bool first = true;
    int rc = 0;
    for (;;) {
        size_t got = fread(buf + carry, 1, CSVREAD_CHUNK, fp);
        if (got < CSVREAD_CHUNK && ferror(fp)) {
            errs_add(errs, "%s: cannot read: %s", name, strerror(errno));
            rc = INSATS_EINPUT;
            break;
        }
        bool at_eof = got < CSVREAD_CHUNK;
        size_t n = carry + got, skip = 0;
        if (first) {
            first = false;
            if (n > 0 && (rc = csvread_start(&r, buf, n, &skip)) != 0)
                break;
            csv_set_delim(&r.parser, r.sep);
        }
        rc = csvread_chunk(&r, buf, buf + skip, n - skip, at_eof, &carry);
        if (rc || at_eof)
            break;
    }
    if (!rc) {
        /* Parsing stays lenient (Anna "Ankan" Berg is one field), but libcsv reports a quote
         * left open at the end only in strict mode, which matters from here on only. */
        csv_set_opts(&r.parser, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI);
        if (csv_fini(&r.parser, csvread_on_field, csvread_on_record, &r) != 0) {
            errs_add(errs, "%s:%zu: unterminated quoted field (a \" in the record starting "
                     "here is never closed)", name, r.rec_line);
            rc = INSATS_EINPUT;
        } else if (r.too_big) {
            rc = csvread_too_big(&r);   /* the last record, without a line end */
        } else {
            rc = r.stop;
        }
    }
    if (info) {
        info->separator = (char)r.sep;
        info->encoding = r.enc == ENC_CP1252 ? "windows-1252" : "utf-8";
        info->had_bom = r.had_bom;
        info->records = r.index;
    }
    csv_free(&r.parser);
    fclose(fp);
    free(buf);
    free(r.conv);
    free(r.offs);
    free(r.fields);
    buf_free(&r.text);
    return rc;
}

/* ---- cell helpers -------------------------------------------------------------------- */

/* Byte length of the space character at p (space, tab, NBSP, narrow NBSP), or 0. */
static size_t csvread_space_len(const unsigned char *p, size_t n)
{
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t'))
        return 1;
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
        return 3;
    return 0;
}

/* Narrows [*p, *p + *n) to exclude surrounding space characters. */
static void csvread_trim(const unsigned char **p, size_t *n)
{
    size_t k;
    while ((k = csvread_space_len(*p, *n)) != 0) {
        *p += k;
        *n -= k;
    }
    for (;;) {
        const unsigned char *s = *p;
        size_t m = *n;
        if (m >= 1 && (s[m - 1] == ' ' || s[m - 1] == '\t'))
            *n -= 1;
        else if (m >= 2 && s[m - 2] == 0xC2 && s[m - 1] == 0xA0)
            *n -= 2;
        else if (m >= 3 && s[m - 3] == 0xE2 && s[m - 2] == 0x80 && s[m - 1] == 0xAF)
            *n -= 3;
        else
            break;
    }
}

/* Lower-case form of byte i of s: ASCII letters, and Latin-1 capitals À–Þ (UTF-8 C3 80–9E,
 * except × at C3 97), whose small letter is always 0x20 further on. Length never changes,
 * so folded strings compare byte by byte. */
static unsigned char csvread_fold(const unsigned char *s, size_t i)
{
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 0x20);
    if (c >= 0x80 && c <= 0x9E && c != 0x97 && i > 0 && s[i - 1] == 0xC3)
        return (unsigned char)(c + 0x20);
    return c;
}

bool csvread_same_word(const char *cell, const char *word)
{
    const unsigned char *a = (const unsigned char *)cell, *b = (const unsigned char *)word;
    size_t an = strlen(cell), bn = strlen(word);
    csvread_trim(&a, &an);
    csvread_trim(&b, &bn);
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++)
        if (csvread_fold(a, i) != csvread_fold(b, i))
            return false;
    return true;
}

int csvread_header_index(const CsvRecord *header, const char *const *names)
{
    assert(header && names);
    for (size_t i = 0; i < header->nfields && i < INT_MAX; i++)
        for (const char *const *nm = names; *nm; nm++)
            if (csvread_same_word(header->fields[i], *nm))
                return (int)i;
    return -1;
}

static bool csvread_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

bool csvread_parse_decimal(const char *str, int64_t scale, int64_t *out)
{
    assert(str && out && scale >= 1);
    int places = 0;
    for (int64_t t = scale; t > 1; t /= 10) {
        assert(t % 10 == 0);  /* scale must be a power of ten */
        places++;
    }
    const unsigned char *p = (const unsigned char *)str;
    size_t n = strlen(str);
    csvread_trim(&p, &n);
    const unsigned char *end = p + n;

    bool neg = false;
    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    } else if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {  /* U+2212 − */
        neg = true;
        p += 3;
    }

    /* Whole part. Group separators only count between digits and only in groups of three,
     * so "1 2" (two numbers in one cell) is junk rather than 12. */
    int64_t whole = 0;
    int digits = 0, group = 0;
    bool grouped = false;
    while (p < end) {
        if (csvread_is_digit(*p)) {
            int d = *p - '0';
            if (whole > (INT64_MAX - d) / 10)
                return false;
            whole = whole * 10 + d;
            digits++;
            group++;
            p++;
            continue;
        }
        size_t k = csvread_space_len(p, (size_t)(end - p));
        if (k == 0 || group == 0 || p + k >= end || !csvread_is_digit(p[k]))
            break;
        if (grouped ? group != 3 : group > 3)
            return false;
        grouped = true;
        group = 0;
        p += k;
    }
    if (digits == 0 || (grouped && group != 3))
        return false;

    int64_t frac = 0;
    int fdigits = 0;
    if (p < end && (*p == ',' || *p == '.')) {
        p++;
        const unsigned char *fstart = p;
        for (; p < end && csvread_is_digit(*p); p++) {
            int d = *p - '0';
            if (fdigits < places) {
                frac = frac * 10 + d;
                fdigits++;
            } else if (d != 0) {
                return false;
            }
        }
        if (p == fstart)
            return false;
    }
    if (p != end)
        return false;
    for (; fdigits < places; fdigits++)
        frac *= 10;
    if (whole > (INT64_MAX - frac) / scale)
        return false;
    int64_t v = whole * scale + frac;
    *out = neg ? -v : v;
    return true;
}

bool csvread_parse_bool(const char *s, bool *out)
{
    assert(s && out);
    static const char *const yes[] = {
        "ja", "j", "yes", "y", "true", "sant", "1", "x", "närvarande", "present", NULL,
    };
    static const char *const no[] = {
        "nej", "n", "no", "false", "falskt", "0", "frånvarande", "absent", NULL,
    };
    for (const char *const *w = yes; *w; w++)
        if (csvread_same_word(s, *w)) {
            *out = true;
            return true;
        }
    for (const char *const *w = no; *w; w++)
        if (csvread_same_word(s, *w)) {
            *out = false;
            return true;
        }
    return false;
}
