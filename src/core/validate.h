/* validate.h — the rules for the fields a user gives, written once for every way in: the
 * bundle import, the CSV import and (later) the web forms call these, so that a value one of
 * them refuses is refused by all, in the same words.
 *
 * Each check answers in text meant to follow "<where>: <field>: " — the caller knows the
 * file and line, the JSON path or the form field; the rule knows what is wrong. The answer
 * never repeats personal data (a name, an e-mail address); where it quotes a value, the quote
 * is cut short and its control characters are written as escapes. */
#ifndef INSATS_VALIDATE_H
#define INSATS_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "people.h"
#include "util.h"

/* Longest record id (the schema's CHECK on every code column), in characters. */
#define VALIDATE_CODE_MAX 64
/* Longest person's name, unit and role, in characters: room for any real one, while a cell
 * from a wrong column or a whole file pasted into one is refused. */
#define VALIDATE_NAME_MAX 200
#define VALIDATE_TEXT_MAX 200
/* Longest e-mail address (RFC 5321's limit on a path). */
#define VALIDATE_EMAIL_MAX 254

/* Receives one problem of a record: `field` is the name of the record's member ("name",
 * "email"), `why` what is wrong (valid only during the call). */
typedef void (*ValidateReportFn)(void *ctx, const char *field, const char *why);

/* A record id: 1 to VALIDATE_CODE_MAX characters, no control characters. True when s is
 * one; otherwise false with the reason appended to *why. */
bool validate_code(const char *s, Buf *why);

/* One line of text of at most `max` characters (UTF-8; a character is not a byte): no line
 * break, tab or other control character (C0, DEL, C1), which would break every list and
 * report line it is printed on. An empty string passes (whether a field is required is the
 * caller's rule). True when fine, else false with the reason appended to *why. */
bool validate_line(const char *s, size_t max, Buf *why);

/* Something shaped like an e-mail address: at most VALIDATE_EMAIL_MAX characters, one @
 * with text on both sides, a dot inside the domain, no space or control character. The
 * reason never repeats the address, which is personal data. */
bool validate_email(const char *s, Buf *why);

/* The stored gender ("female", "male", "other", "unknown") for a word people write in a
 * list: kvinna/k/female/f, man/m/male, annat/other, okänt/vet ej/unknown or empty, any
 * case, surrounding spaces ignored. NULL for anything else, after appending the reason
 * (which quotes the word) to *why. */
const char *validate_gender(const char *s, Buf *why);

/* Checks the text fields of a person — name (when not NULL or empty: a missing name is the
 * caller's to report, in its own terms), unit, role and e-mail (when given) — and reports
 * each problem through `report` (NULL: only count them). The code, the gender word and the
 * personnummer have rules of their own (validate_code, validate_gender, pnr_parse), checked
 * where the caller reads them. Returns the number of problems. */
size_t validate_person(const PersonRec *p, ValidateReportFn report, void *ctx);

/* Appends s in double quotes for a message: at most `max` characters (then "…"), with
 * control characters written as \n, \t or \xHH, so that the message stays one line. */
void validate_quote(Buf *b, const char *s, size_t max);

#endif
