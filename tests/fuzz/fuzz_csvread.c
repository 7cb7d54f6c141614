/* fuzz_csvread.c — libFuzzer harness of csvread.c: any bytes as a CSV file.
 *
 * Oracles: the reader either delivers records or refuses the file with a message; every
 * field it delivers is valid UTF-8 without NUL (whatever the file's encoding), a record has
 * at most CSVREAD_FIELDS_MAX fields, records are numbered in order on lines that never go
 * back; the cell parsers take every field without fault. */
#include "csvread.h"
#include "fuzz.h"

#include <string.h>

typedef struct Seen {
    size_t records, last_line;
} Seen;

/* True when s is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
static bool utf8_valid(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s++;
        int more = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (more < 0)
            return false;
        unsigned cp = more == 0 ? c : more == 1 ? c & 0x1F : more == 2 ? c & 0x0F : c & 0x07;
        for (int k = 0; k < more; k++, s++) {
            if ((*s & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (*s & 0x3F);
        }
        if ((more == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
    }
    return true;
}

static int check_record(const CsvRecord *rec, void *ctx)
{
    Seen *seen = ctx;
    if (rec->index != seen->records)
        fuzz_fail("record %zu delivered as number %zu", seen->records, rec->index);
    if (rec->line < seen->last_line || rec->line == 0)
        fuzz_fail("record %zu on line %zu after line %zu", rec->index, rec->line,
                  seen->last_line);
    if (rec->nfields > CSVREAD_FIELDS_MAX)
        fuzz_fail("a record of %zu fields", rec->nfields);
    seen->records++;
    seen->last_line = rec->line;
    for (size_t i = 0; i < rec->nfields; i++) {
        const char *f = rec->fields[i];
        if (!utf8_valid((const unsigned char *)f))
            fuzz_fail("field %zu of record %zu is not UTF-8", i, rec->index);
        int64_t v;
        bool b;
        (void)csvread_parse_decimal(f, 100, &v);
        (void)csvread_parse_decimal(f, 1, &v);
        (void)csvread_parse_bool(f, &b);
    }
    if (rec->index == 0) {
        static const char *const names[] = {"namn", "Kön", "e-post", NULL};
        (void)csvread_header_index(rec, names);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_input_file("in.csv", data, size);
    Seen seen = {0, 1};
    CsvInfo info;
    Errs errs;
    errs_init(&errs);
    int rc = csvread_file(path, "in.csv", check_record, &seen, &info, &errs);
    fuzz_check_status(rc, &errs);
    if (info.records != seen.records)
        fuzz_fail("info says %zu records, %zu were delivered", info.records, seen.records);
    if (!strchr(";,\t|", info.separator))
        fuzz_fail("separator %d", info.separator);
    fuzz_check_messages(&errs);
    errs_free(&errs);
    return 0;
}
