/* csvread.h — streaming reader for CSV files as Swedish offices produce them (Excel, HR and
 * payroll exports): `;` or `,` (or tab) separated, UTF-8 with or without BOM or Windows-1252,
 * CRLF or LF, quoted fields with line breaks. Records reach a callback one at a time, so a
 * million-row attendance list is read in bounded memory. Also the small cell parsers every
 * importer needs: header lookup, decimal-comma numbers and yes/no cells. */
#ifndef INSATS_CSVREAD_H
#define INSATS_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The most fields and bytes (the fields' UTF-8 text) one record may have. A list of people
 * or attendance has a dozen columns; a spreadsheet may add a few hundred empty ones. A record
 * past either limit fails the file ("people.csv:3: the line has more than 1000 fields …"), so
 * memory stays a small constant whatever the file holds. */
#define CSVREAD_FIELDS_MAX 1000
#define CSVREAD_RECORD_MAX (4 * 1024 * 1024)

typedef struct CsvRecord {
    size_t index;         /* 0 for the first record (the header), then 1, 2, ... */
    size_t line;          /* physical line (1-based) where the record starts */
    size_t nfields;
    char **fields;        /* UTF-8, NUL-terminated; valid only during the callback */
} CsvRecord;

/* Called for each record, the header included. Returns 0 to continue; anything else stops
 * reading and becomes csvread_file's return value. */
typedef int (*CsvRecordFn)(const CsvRecord *rec, void *ctx);

/* What csvread_file found out about the file, e.g. for "read as Windows-1252, `;`". */
typedef struct CsvInfo {
    char separator;       /* ';', ',', '\t' (or '|' from an Excel "sep=|" line) */
    const char *encoding; /* "utf-8" or "windows-1252" (static strings) */
    bool had_bom;         /* a UTF-8 byte order mark was stripped */
    size_t records;       /* records passed to the callback, the header included */
} CsvInfo;

/* Reads the CSV file at `path` and calls fn for every non-empty record. `display_name` is
 * how messages name the file (usually the path as the user typed it). `info` may be NULL.
 * An empty file is not an error: fn is never called and info->records is 0.
 * Returns 0, fn's nonzero value, or INSATS_EINPUT after adding one message to errs, such as
 * "people.csv:12: unterminated quoted field" or "people.csv: cannot open: No such file or
 * directory". */
int csvread_file(const char *path, const char *display_name, CsvRecordFn fn, void *ctx,
                 CsvInfo *info, Errs *errs);

/* Index of the first field of `header` equal to any of the NULL-terminated `names`, ignoring
 * case (ASCII and Latin-1 letters such as Å/Ä/Ö/É) and surrounding spaces; -1 if none. */
int csvread_header_index(const CsvRecord *header, const char *const *names);

/* Parses a decimal number such as "1 234,50", "1234.5", "-12" into *out scaled by `scale`
 * (a power of ten: 100 turns "12,5" into 1250). Decimal comma or point; space, NBSP and
 * narrow NBSP group thousands (groups of three). Exact: no floating point. False (and *out
 * untouched) for junk, an empty cell, overflow, or more nonzero decimals than scale allows. */
bool csvread_parse_decimal(const char *s, int64_t scale, int64_t *out);

/* True when the cell equals word ignoring case (ASCII and Latin-1 letters) and surrounding
 * spaces (space, tab, no-break spaces) of either. */
bool csvread_same_word(const char *cell, const char *word);

/* Parses a yes/no cell: ja/nej, j/n, yes/no, y/n, true/false, sant/falskt, 1/0, x (yes),
 * närvarande/frånvarande, present/absent — any case, surrounding spaces ignored. False (and
 * *out untouched) for anything else, an empty cell included. */
bool csvread_parse_bool(const char *s, bool *out);

#endif
