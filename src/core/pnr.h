/* pnr.h — Swedish personal identity numbers (personnummer and samordningsnummer): parsing
 * every common written form into one canonical 12-digit form, validation, and masking. */
#ifndef INSATS_PNR_H
#define INSATS_PNR_H

#include <stdbool.h>

/* Parses `input` written as YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN or
 * YYMMDD+NNNN (plus: the person is 100 or older); surrounding spaces are ignored.
 * `today` (YYYY-MM-DD) chooses the century of the 10-digit forms and rejects birth dates
 * after it; it may be NULL only when the input carries its century.
 * On success writes the 12 digits YYYYMMDDNNNN plus NUL to `out` and returns 0. On failure
 * returns -1 and points *why at a static English explanation meant to follow a field name;
 * it never contains any digit of the input. */
int pnr_parse(const char *input, const char *today, char out[13], const char **why);

/* Writes `YYYYMMDD-****` for a canonical 12-digit number (the day as stored, so a
 * samordningsnummer keeps its day + 60). The last four digits are never revealed. */
void pnr_mask(const char *digits12, char out[14]);

/* Masks, in place, the last digits of anything in `text` shaped like a personnummer or
 * samordningsnummer, whatever the user's way of writing it: a date part YYYYMMDD, YYMMDD or
 * YYYY-MM-DD that could be a date of birth (day + 60 included), then four (or, mistyped,
 * five) digits, joined or after a hyphen, plus, space, no-break space, en or em dash or minus
 * sign. "19900101 2385" becomes "19900101 ****". Numbers that cannot be one stay as they are:
 * 2147483647 (no month 47), a date range 20120101-20121231, 2012-01-01–2012-06-30. Messages
 * quote what the user gave, and a personnummer in the wrong column must not reach a terminal
 * or a log in full; the length of the text never changes. */
void pnr_scrub(char *text);

/* True when a canonical 12-digit number is a samordningsnummer (day of month + 60). */
bool pnr_is_coordination(const char *digits12);

#endif
