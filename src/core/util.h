/* util.h — small helpers every module uses: checked allocation, a growable byte buffer,
 * ISO date/time checks and a string → id hash map. No SQL, no I/O policy. */
#ifndef INSATS_UTIL_H
#define INSATS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation wrappers: they abort with a message on out-of-memory, so callers never check. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL in, NULL out; caller frees */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* caller frees */

/* Buf — the one growable buffer type. `data` is always NUL-terminated (when non-NULL) so
 * it can be used as a C string; `len` excludes the terminator. Free with buf_free(). */
typedef struct Buf {
    char *data;
    size_t len;
    size_t cap;
} Buf;

void buf_reserve(Buf *b, size_t extra);
void buf_append(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_clear(Buf *b);                /* keeps the allocation */
char *buf_steal(Buf *b);               /* returns data (caller frees), leaves b empty */
void buf_free(Buf *b);

/* Byte length of the control character at s, or 0: C0 controls and DEL, C1 controls
 * (U+0080–U+009F, which Windows-1252 files can carry) and the Unicode line and paragraph
 * separators, which some programs show as a line break. s is NUL-terminated UTF-8. */
size_t utf8_control_len(const char *s);

/* Appends the one character at s (not NUL) to b, a control character (utf8_control_len)
 * written as an escape: \n, \t or \xHH per byte, so that text quoted in a message stays on
 * its line. Returns the bytes of s consumed: a whole UTF-8 character, never half of one. */
size_t buf_put_char_escaped(Buf *b, const char *s);

/* True when the n chars at s are all ASCII digits. */
bool digits_only(const char *s, size_t n);
/* The value of n decimal digits at s (checked by the caller with digits_only). */
int digits_value(const char *s, size_t n);
/* Days in month m (1–12) of year y, leap years included. */
int date_days_in_month(int y, int m);
/* True when s is a real calendar date written YYYY-MM-DD (years 1900–2999). */
bool date_valid(const char *s);
/* True when s is HH:MM with 00 <= HH <= 23 and 00 <= MM <= 59. */
bool time_valid(const char *s);
/* Unix time t as local "YYYY-MM-DD HH:MM" into out; `none` ("–", "-") for t <= 0 or a time
 * that cannot be shown. For lists of events (tokens, the outbox). */
void time_local_minute(int64_t t, char out[20], const char *none);
/* Days since 1970-01-01 of a valid ISO date (proleptic Gregorian). */
int64_t date_to_days(const char *s);
/* Writes the ISO date of `days` since 1970-01-01 into out (11 bytes). */
void date_from_days(int64_t days, char out[11]);
/* Today's local date as YYYY-MM-DD into out (11 bytes); INSATS_TODAY overrides it (tests). */
void date_today(char out[11]);

/* The edit distance of a and b (optimal string alignment: insertions, deletions, substitutions
 * and swaps of two neighbouring bytes each count 1), for "did you mean" hints. */
size_t word_distance(const char *a, const char *b);
/* The candidate nearest to word (NULL-terminated list, earlier ones win ties) when it is close
 * enough to be a likely typo of it — at most a third of its length away, and never word itself
 * — else NULL. The result points into candidates. */
const char *word_nearest(const char *word, const char *const *candidates);

/* Idmap — open-addressing hash map from a string key to an int64 value. Keys are copied. */
typedef struct Idmap {
    char **keys;
    int64_t *vals;
    size_t cap;     /* power of two */
    size_t count;
} Idmap;

void idmap_init(Idmap *m);
void idmap_free(Idmap *m);
/* Sets key → val; returns true if the key was new. */
bool idmap_put(Idmap *m, const char *key, int64_t val);
/* Finds key; returns true and stores the value in *val when present. */
bool idmap_get(const Idmap *m, const char *key, int64_t *val);

/* PairSet — a set of (a, b) pairs of positive row ids, each with a 32-bit tag chosen by the
 * caller (a line number, an index). Open addressing with 12-byte slots, so that a million
 * pairs take about 24 MB and a probe costs one cache miss; ids beyond 32 bits, which SQLite
 * hands out only after four billion rows, go to an Idmap instead. Zero-initialise, then
 * pairset_free(). */
typedef struct PairSetSlot {
    uint32_t a;     /* 0: empty */
    uint32_t b;
    uint32_t tag;
} PairSetSlot;

typedef struct PairSet {
    PairSetSlot *slots;
    size_t cap;
    size_t count;
    Idmap wide;
} PairSet;

/* Adds (a, b) with tag. Returns true when the pair is new; false when it was there already,
 * with the first tag in *first_tag (the stored tag is kept). */
bool pairset_add(PairSet *s, int64_t a, int64_t b, uint32_t tag, uint32_t *first_tag);
/* Makes room for n pairs at once, sparing the rehashes of growing one doubling at a time. */
void pairset_reserve(PairSet *s, size_t n);
void pairset_free(PairSet *s);

#endif
