/* datelist.h — a list of dates as people write them in Swedish minutes and invitations:
 * "15 februari, 3 maj, 25 september och 6 november", "den 15 feb. och den 3 maj",
 * "fredag 15 februari", "3 och 17 maj", or ISO dates ("2019-02-15, 2019-05-03"), mixed freely.
 *
 * The grammar, word by word (case does not matter):
 *   - separators: "," ";" "och" "samt" "&" and line breaks;
 *   - "den" before a day is skipped;
 *   - a weekday ("fredag", "fredagen", "fre") may precede a date and must be its weekday;
 *   - a day (1–31) takes the month that follows it, so "3 och 17 maj" is two dates in May;
 *     a day may be written "15:e" or "1:a";
 *   - a month by its name ("februari") or the usual abbreviations ("feb", "feb.", "sept");
 *   - a year (four digits) after the month applies to that date only; without one, the
 *     year given by the caller;
 *   - an ISO date YYYY-MM-DD stands for itself.
 * The dates come back in calendar order. A list is refused as a whole, naming the word and
 * the reason: a word that is no date (with the nearest month when it looks like a typo), a
 * day that the month has not, a day without a month, a weekday that does not fit, a date
 * given twice, no date at all, or no year to put a date in. */
#ifndef INSATS_DATELIST_H
#define INSATS_DATELIST_H

#include <stddef.h>

#include "err.h"

typedef struct DateList {
    char (*dates)[11];  /* YYYY-MM-DD, ascending */
    size_t count;
} DateList;

/* Parses text into *out (zeroed first; the caller datelist_free()s it also after a failure).
 * `year` (1900–2999) is the year of dates written without one; 0 when none is given, which
 * then every date must carry. INSATS_OK, or INSATS_EINPUT with every problem in errs (each
 * message naming the word, its position as "word N", and what to write instead) and an empty
 * list. */
int datelist_parse(const char *text, int year, DateList *out, Errs *errs);

void datelist_free(DateList *l);

#endif
