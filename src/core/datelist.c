/* datelist.c — a list of dates in Swedish words or ISO form (datelist.h has the grammar). */
#include "datelist.h"
#include "i18n.h"
#include "util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The field the messages are about: the form's and the command line's list of dates. */
#define DATELIST_FIELD "dates"
/* Longest word quoted in a message; a longer one is cut, which only shortens the message. */
#define WORD_SHOWN 40
/* A word longer than this is no date word (and is not copied for matching). */
#define WORD_MAX 64

static const struct {
    const char *word;
    int month;
} MONTHS[] = {
    {"januari", 1},  {"jan", 1},  {"februari", 2}, {"feb", 2},  {"febr", 2},
    {"mars", 3},     {"mar", 3},  {"april", 4},    {"apr", 4},  {"maj", 5},
    {"juni", 6},     {"jun", 6},  {"juli", 7},     {"jul", 7},  {"augusti", 8},
    {"aug", 8},      {"september", 9}, {"sep", 9}, {"sept", 9}, {"oktober", 10},
    {"okt", 10},     {"november", 11}, {"nov", 11}, {"december", 12}, {"dec", 12},
};

/* Monday is 0, as ISO 8601 counts. */
static const struct {
    const char *word;
    int weekday;
} WEEKDAYS[] = {
    {"måndag", 0}, {"måndagen", 0}, {"mån", 0}, {"tisdag", 1}, {"tisdagen", 1}, {"tis", 1},
    {"onsdag", 2}, {"onsdagen", 2}, {"ons", 2}, {"torsdag", 3}, {"torsdagen", 3}, {"tor", 3},
    {"tors", 3}, {"fredag", 4}, {"fredagen", 4}, {"fre", 4}, {"lördag", 5}, {"lördagen", 5},
    {"lör", 5}, {"söndag", 6}, {"söndagen", 6}, {"sön", 6},
};

static const char *const WEEKDAY_NAMES[] = {"måndag", "tisdag", "onsdag", "torsdag",
                                            "fredag", "lördag", "söndag"};

static const char *const MONTH_NAMES[] = {"januari", "februari", "mars", "april", "maj",
                                          "juni", "juli", "augusti", "september", "oktober",
                                          "november", "december"};

/* Every word the list knows, for "did you mean". */
static const char *const KNOWN[] = {
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december", "måndag", "tisdag", "onsdag", "torsdag", "fredag",
    "lördag", "söndag", "och", "den", "samt", NULL};

typedef enum TokKind { TOK_WORD, TOK_NUMBER, TOK_ISO, TOK_SEPARATOR, TOK_BAD } TokKind;

typedef struct Tok {
    TokKind kind;
    const char *start;
    size_t len;
    size_t word;      /* its number among the words, from 1; 0 for a separator */
} Tok;

/* A day waiting for the month that follows it. */
typedef struct Pending {
    int day;
    size_t word;
    int weekday;      /* -1: none was given */
    size_t weekday_word;
} Pending;

typedef struct Entry {
    char date[11];
    size_t word;
} Entry;

typedef struct Parser {
    const char *p;
    size_t words;
    int year;
    Errs *errs;
    bool failed;
    Pending pending[32];
    size_t npending;
    int weekday;      /* a weekday read, waiting for its day; -1 none */
    size_t weekday_word;
    Entry *entries;
    size_t count, cap;
} Parser;

static bool datelist_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool datelist_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The next token at p->p; false at the end of the text. */
static bool datelist_next(Parser *ps, Tok *t)
{
    const unsigned char *s = (const unsigned char *)ps->p;
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    if (!*s) {
        ps->p = (const char *)s;
        return false;
    }
    t->start = (const char *)s;
    t->word = 0;
    if (*s == ',' || *s == ';' || *s == '&' || *s == '\n') {
        t->kind = TOK_SEPARATOR;
        s++;
    } else if (datelist_letter(*s)) {
        t->kind = TOK_WORD;
        while (datelist_letter(*s))
            s++;
        if (*s == '.')          /* an abbreviation "feb.", or the sentence's end */
            s++;
    } else if (datelist_digit(*s)) {
        t->kind = TOK_NUMBER;
        while (datelist_digit(*s))
            s++;
        if (s - (const unsigned char *)t->start == 4 && s[0] == '-' && datelist_digit(s[1])) {
            t->kind = TOK_ISO;
            while (datelist_digit(*s) || *s == '-')
                s++;
        } else if (s[0] == ':' && (s[1] == 'e' || s[1] == 'a' || s[1] == 'E' || s[1] == 'A')) {
            s += 2;             /* "15:e", "1:a" */
        } else if (*s == '.') {
            s++;                /* "15." */
        }
        /* letters straight after the digits ("15februari") are a word of their own */
    } else {
        t->kind = TOK_BAD;
        /* one character, a whole UTF-8 sequence when it is one */
        s++;
        while ((*s & 0xC0) == 0x80)
            s++;
    }
    t->len = (size_t)((const char *)s - t->start);
    if (t->kind != TOK_SEPARATOR)
        t->word = ++ps->words;
    ps->p = (const char *)s;
    return true;
}

/* The word lowercased (ASCII and Å, Ä, Ö), without a final "."; false when too long. */
static bool datelist_fold(const Tok *t, char out[WORD_MAX + 1])
{
    size_t n = t->len;
    if (n && t->start[n - 1] == '.')
        n--;
    if (n > WORD_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t->start[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (i > 0 && (unsigned char)t->start[i - 1] == 0xC3 && (c == 0x85 || c == 0x84 ||
                                                                        c == 0x96))
            c = (unsigned char)(c + 0x20);   /* Å Ä Ö → å ä ö */
        out[i] = (char)c;
    }
    out[n] = '\0';
    return true;
}

static void datelist_fail(Parser *ps, const Tok *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void datelist_fail(Parser *ps, const Tok *t, const char *fmt, ...)
{
    int shown = (int)(t->len > WORD_SHOWN ? WORD_SHOWN : t->len);
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, i18n_gettext(fmt), ap);
    va_end(ap);
    errs_add_field(ps->errs, DATELIST_FIELD, "word %zu \"%.*s\": %s", t->word, shown,
                   t->start, what);
    ps->failed = true;
}

static int datelist_weekday_of(const char *iso)
{
    int64_t d = date_to_days(iso);
    /* 1970-01-01 was a Thursday (3) */
    return (int)(((d % 7) + 7 + 3) % 7);
}

static void datelist_add(Parser *ps, const char *iso, size_t word)
{
    if (ps->count == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 16;
        ps->entries = xrealloc(ps->entries, ps->cap * sizeof *ps->entries);
    }
    memcpy(ps->entries[ps->count].date, iso, 11);
    ps->entries[ps->count].word = word;
    ps->count++;
}

/* The days waiting for a month get month m of year y (0: the caller's year). */
static void datelist_settle(Parser *ps, int m, int y)
{
    for (size_t i = 0; i < ps->npending; i++) {
        const Pending *pd = &ps->pending[i];
        Tok day = {TOK_NUMBER, NULL, 0, pd->word};
        char shown[32];
        snprintf(shown, sizeof shown, "%d", pd->day);
        day.start = shown;
        day.len = strlen(shown);
        int year = y ? y : ps->year;
        if (!year) {
            datelist_fail(ps, &day, "no year is given for it: give the year, or write "
                          "\"%d %s 2019\"", pd->day, MONTH_NAMES[m - 1]);
            continue;
        }
        if (pd->day > date_days_in_month(year, m)) {
            datelist_fail(ps, &day, "no such day: %s %d has %d days", MONTH_NAMES[m - 1], year,
                          date_days_in_month(year, m));
            continue;
        }
        char iso[16];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, m, pd->day);
        if (pd->weekday >= 0 && datelist_weekday_of(iso) != pd->weekday) {
            Tok wd = {TOK_WORD, WEEKDAY_NAMES[pd->weekday], strlen(WEEKDAY_NAMES[pd->weekday]),
                      pd->weekday_word};
            datelist_fail(ps, &wd, "%d %s %d is a %s, not a %s", pd->day, MONTH_NAMES[m - 1],
                          year, WEEKDAY_NAMES[datelist_weekday_of(iso)],
                          WEEKDAY_NAMES[pd->weekday]);
            continue;
        }
        datelist_add(ps, iso, pd->word);
    }
    ps->npending = 0;
}

static int datelist_month_of(const char *w)
{
    for (size_t i = 0; i < sizeof MONTHS / sizeof *MONTHS; i++)
        if (strcmp(MONTHS[i].word, w) == 0)
            return MONTHS[i].month;
    return 0;
}

static int datelist_weekday_word(const char *w)
{
    for (size_t i = 0; i < sizeof WEEKDAYS / sizeof *WEEKDAYS; i++)
        if (strcmp(WEEKDAYS[i].word, w) == 0)
            return WEEKDAYS[i].weekday;
    return -1;
}

/* A month word: settles the days before it, with the year that may follow. */
static void datelist_month(Parser *ps, const Tok *t, int m)
{
    if (ps->npending == 0) {
        datelist_fail(ps, t, "a month without a day before it (write \"15 %s\")",
                      MONTH_NAMES[m - 1]);
        return;
    }
    /* a year straight after the month belongs to these days */
    Parser look = *ps;
    Tok y;
    int year = 0;
    if (datelist_next(&look, &y) && y.kind == TOK_NUMBER && y.len == 4 &&
        digits_only(y.start, 4)) {
        year = digits_value(y.start, 4);
        if (year < 1900 || year > 2999) {
            datelist_fail(ps, &y, "not a year from 1900 to 2999");
            year = 0;
        }
        ps->p = look.p;
        ps->words = look.words;
        if (ps->failed) {
            ps->npending = 0;
            return;
        }
    }
    datelist_settle(ps, m, year);
}

static void datelist_number(Parser *ps, const Tok *t)
{
    size_t n = 0;
    while (n < t->len && datelist_digit((unsigned char)t->start[n]))
        n++;
    if (n == 4) {
        datelist_fail(ps, t, "a year must follow a month (\"15 februari 2019\")");
        return;
    }
    int day = n <= 2 ? digits_value(t->start, n) : 0;
    if (day < 1 || day > 31) {
        datelist_fail(ps, t, "not a day of a month (1–31)");
        return;
    }
    if (ps->npending == sizeof ps->pending / sizeof *ps->pending) {
        datelist_fail(ps, t, "too many days before one month");
        return;
    }
    Pending *pd = &ps->pending[ps->npending++];
    pd->day = day;
    pd->word = t->word;
    pd->weekday = ps->weekday;
    pd->weekday_word = ps->weekday_word;
    ps->weekday = -1;
}

/* Days still waiting for a month when a date or the end comes. */
static void datelist_orphans(Parser *ps)
{
    for (size_t i = 0; i < ps->npending; i++) {
        char shown[16];
        snprintf(shown, sizeof shown, "%d", ps->pending[i].day);
        Tok day = {TOK_NUMBER, shown, strlen(shown), ps->pending[i].word};
        datelist_fail(ps, &day, "a day without a month after it (write \"15 februari\")");
    }
    ps->npending = 0;
}

static void datelist_word(Parser *ps, const Tok *t)
{
    char w[WORD_MAX + 1];
    if (!datelist_fold(t, w)) {
        datelist_fail(ps, t, "not a date, a month or a separator");
        return;
    }
    if (strcmp(w, "och") == 0 || strcmp(w, "samt") == 0 || strcmp(w, "den") == 0)
        return;
    int m = datelist_month_of(w);
    if (m) {
        datelist_month(ps, t, m);
        return;
    }
    int wd = datelist_weekday_word(w);
    if (wd >= 0) {
        if (ps->weekday >= 0) {
            Tok prev = {TOK_WORD, WEEKDAY_NAMES[ps->weekday], strlen(WEEKDAY_NAMES[ps->weekday]),
                        ps->weekday_word};
            datelist_fail(ps, &prev, "a weekday without a day after it");
        }
        ps->weekday = wd;
        ps->weekday_word = t->word;
        return;
    }
    const char *near = word_nearest(w, KNOWN);
    if (near) {
        datelist_fail(ps, t, "not a month or a date word; did you mean \"%s\"?", near);
    } else {
        datelist_fail(ps, t, "not a date, a month or a separator (write the dates as "
                      "\"15 februari, 3 maj och 6 november\" or as 2019-02-15)");
    }
}

static void datelist_iso(Parser *ps, const Tok *t)
{
    datelist_orphans(ps);
    char iso[11];
    if (t->len != 10) {
        datelist_fail(ps, t, "not a date (YYYY-MM-DD)");
        return;
    }
    memcpy(iso, t->start, 10);
    iso[10] = '\0';
    if (!date_valid(iso)) {
        datelist_fail(ps, t, "no such date (YYYY-MM-DD, years 1900–2999)");
        return;
    }
    if (ps->weekday >= 0 && datelist_weekday_of(iso) != ps->weekday) {
        Tok wd = {TOK_WORD, WEEKDAY_NAMES[ps->weekday], strlen(WEEKDAY_NAMES[ps->weekday]),
                  ps->weekday_word};
        datelist_fail(ps, &wd, "%s is a %s, not a %s", iso,
                      WEEKDAY_NAMES[datelist_weekday_of(iso)], WEEKDAY_NAMES[ps->weekday]);
    }
    ps->weekday = -1;
    datelist_add(ps, iso, t->word);
}

static int datelist_cmp(const void *a, const void *b)
{
    const Entry *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    return c ? c : (x->word > y->word) - (x->word < y->word);
}

int datelist_parse(const char *text, int year, DateList *out, Errs *errs)
{
    memset(out, 0, sizeof *out);
    Parser ps = {0};
    ps.p = text ? text : "";
    ps.year = year >= 1900 && year <= 2999 ? year : 0;
    ps.errs = errs;
    ps.weekday = -1;
    if (year && !ps.year) {
        errs_add_field(errs, "year", "year %d: not a year from 1900 to 2999", year);
        return INSATS_EINPUT;
    }
    Tok t;
    while (datelist_next(&ps, &t)) {
        switch (t.kind) {
        case TOK_SEPARATOR:
            break;
        case TOK_WORD:
            datelist_word(&ps, &t);
            break;
        case TOK_NUMBER:
            datelist_number(&ps, &t);
            break;
        case TOK_ISO:
            datelist_iso(&ps, &t);
            break;
        case TOK_BAD:
            datelist_fail(&ps, &t, "not part of a date (separate dates with \",\" or "
                          "\"och\")");
            break;
        }
    }
    datelist_orphans(&ps);
    if (ps.weekday >= 0) {
        Tok wd = {TOK_WORD, WEEKDAY_NAMES[ps.weekday], strlen(WEEKDAY_NAMES[ps.weekday]),
                  ps.weekday_word};
        datelist_fail(&ps, &wd, "a weekday without a day after it");
    }
    if (!ps.failed && ps.count == 0) {
        errs_add_field(errs, DATELIST_FIELD, "no dates given (write them as \"15 februari, "
                       "3 maj och 6 november\" or as 2019-02-15, 2019-05-03)");
        ps.failed = true;
    }
    if (ps.count > 1)
        qsort(ps.entries, ps.count, sizeof *ps.entries, datelist_cmp);
    for (size_t i = 1; i < ps.count; i++)
        if (strcmp(ps.entries[i].date, ps.entries[i - 1].date) == 0) {
            errs_add_field(errs, DATELIST_FIELD, "%s is given twice (words %zu and %zu)",
                           ps.entries[i].date, ps.entries[i - 1].word, ps.entries[i].word);
            ps.failed = true;
        }
    if (ps.failed) {
        free(ps.entries);
        return INSATS_EINPUT;
    }
    out->dates = xmalloc(ps.count * sizeof *out->dates);
    for (size_t i = 0; i < ps.count; i++)
        memcpy(out->dates[i], ps.entries[i].date, 11);
    out->count = ps.count;
    free(ps.entries);
    return INSATS_OK;
}

void datelist_free(DateList *l)
{
    if (!l)
        return;
    free(l->dates);
    l->dates = NULL;
    l->count = 0;
}
