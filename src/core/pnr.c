/* pnr.c — parsing, validation and masking of Swedish personnummer and samordningsnummer.
 * Pure string work: no allocation, no I/O, and no full number ever leaves via a message. */
#include "pnr.h"
#include "i18n.h"
#include "util.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Samordningsnummer carry the birth day plus this offset, so they never collide with a
 * personnummer of the same date. */
#define PNR_COORD_OFFSET 60

/* Nobody alive was born before this; an earlier year is a typo, not a person. */
#define PNR_MIN_YEAR 1800

static const char *const PNR_WHY_FORMAT =
    N_("not a personnummer (expected YYYYMMDD-NNNN)");

/* Messages never carry digits of the number: the input may be a real person's, and a message
 * can end up in a log or a screenshot. */
static const char *const PNR_WHY_CHECK = N_("wrong check digit");
static const char *const PNR_WHY_DATE = N_("impossible date of birth");
static const char *const PNR_WHY_FUTURE = N_("date of birth is in the future");

static bool date_ok(int y, int m, int d)
{
    return y >= PNR_MIN_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

/* Orders dates as one integer so comparisons stay a single expression. */
static long date_key(int y, int m, int d)
{
    return (long)y * 10000L + m * 100L + d;
}

/* Parses an ISO YYYY-MM-DD reference date; returns false unless it is a real date. */
static bool parse_today(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits_only(s, 4) ||
        !digits_only(s + 5, 2) || !digits_only(s + 8, 2))
        return false;
    *y = digits_value(s, 4);
    *m = digits_value(s + 5, 2);
    *d = digits_value(s + 8, 2);
    return *y >= 1000 && date_ok(*y, *m, *d);
}

/* Luhn check digit of the nine digits YYMMDDNNN: weights 2,1,2,… and digit sums. */
static int luhn_check_digit(const char *nine)
{
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int p = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += p / 10 + p % 10;
    }
    return (10 - sum % 10) % 10;
}

/* The reason in the thread's language: it ends up in a message to the user. */
static int fail(const char **why, const char *msg)
{
    if (why)
        *why = i18n_gettext(msg);
    return -1;
}

int pnr_parse(const char *input, const char *today, char out[13], const char **why)
{
    if (!input)
        return fail(why, PNR_WHY_FORMAT);

    const char *s = input;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;

    /* Split into the date part and the four trailing digits; the short forms have no
     * century yet, it comes from `today`. */
    char date[8]; /* YYYYMMDD or YYMMDD, not terminated */
    const char *tail;
    bool has_century, plus = false;
    if (n == 13 && s[8] == '-' && digits_only(s, 8) && digits_only(s + 9, 4)) {
        memcpy(date, s, 8);
        tail = s + 9;
        has_century = true;
    } else if (n == 12 && digits_only(s, 12)) {
        memcpy(date, s, 8);
        tail = s + 8;
        has_century = true;
    } else if (n == 11 && (s[6] == '-' || s[6] == '+') && digits_only(s, 6) &&
               digits_only(s + 7, 4)) {
        memcpy(date, s, 6);
        tail = s + 7;
        has_century = false;
        plus = s[6] == '+';
    } else if (n == 10 && digits_only(s, 10)) {
        memcpy(date, s, 6);
        tail = s + 6;
        has_century = false;
    } else {
        return fail(why, PNR_WHY_FORMAT);
    }

    int ty = 0, tm = 0, td = 0;
    bool have_today = today != NULL;
    if (have_today && !parse_today(today, &ty, &tm, &td))
        return fail(why, N_("cannot be checked (reference date is not YYYY-MM-DD)"));
    if (!has_century && !have_today)
        return fail(why, N_("has no century (write YYYYMMDD-NNNN)"));

    const char *md = has_century ? date + 4 : date + 2; /* MMDD */
    int month = digits_value(md, 2);
    int day_field = digits_value(md + 2, 2);
    bool coord = day_field > PNR_COORD_OFFSET;
    int day = coord ? day_field - PNR_COORD_OFFSET : day_field;

    int year;
    if (has_century) {
        year = digits_value(date, 4);
    } else {
        /* At most 99 years old: the latest century that keeps the birth date on or before
         * today. The plus sign marks a centenarian, one more century back. */
        year = (ty / 100) * 100 + digits_value(date, 2);
        if (date_key(year, month, day) > date_key(ty, tm, td))
            year -= 100;
        if (plus)
            year -= 100;
    }

    char full[13];
    snprintf(full, sizeof full, "%04d", year);
    memcpy(full + 4, md, 4);
    memcpy(full + 8, tail, 4);
    full[12] = '\0';

    if (!date_ok(year, month, day))
        return fail(why, PNR_WHY_DATE);
    if (have_today && date_key(year, month, day) > date_key(ty, tm, td))
        return fail(why, PNR_WHY_FUTURE);

    int expected = luhn_check_digit(full + 2);
    if (full[11] - '0' != expected)
        return fail(why, PNR_WHY_CHECK);

    memcpy(out, full, 13);
    return 0;
}

void pnr_mask(const char *digits12, char out[14])
{
    assert(digits12 && strlen(digits12) == 12 && digits_only(digits12, 12));
    memcpy(out, digits12, 8);
    memcpy(out + 8, "-****", 6); /* includes the NUL */
}

bool pnr_is_coordination(const char *digits12)
{
    assert(digits12 && strlen(digits12) == 12 && digits_only(digits12, 12));
    return digits_value(digits12 + 6, 2) > PNR_COORD_OFFSET;
}

/* ---- masking inside free text ------------------------------------------------------------ */

static bool pnr_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t pnr_digit_run(const char *s)
{
    size_t n = 0;
    while (pnr_digit(s[n]))
        n++;
    return n;
}

/* True when MM and DD (two digits each, not terminated) can be the month and day of a
 * personnummer or samordningsnummer. Only the shape is checked, not the month's length:
 * a typo of a real number is still personal data. */
static bool pnr_plausible_month_day(const char *mm, const char *dd)
{
    int m = digits_value(mm, 2), d = digits_value(dd, 2);
    return m >= 1 && m <= 12 &&
           ((d >= 1 && d <= 31) || (d > PNR_COORD_OFFSET && d <= PNR_COORD_OFFSET + 31));
}

/* The century of a long form: the 1800s to the 2000s, as pnr_parse can accept. */
static bool pnr_plausible_century(const char *cc)
{
    return cc[0] == '1' ? cc[1] == '8' || cc[1] == '9' : cc[0] == '2' && cc[1] == '0';
}

/* Byte length of a separator that people put between the date and the last four digits:
 * hyphen, plus, space, no-break space, en dash, em dash or minus sign; 0 for anything else.
 * `spaces` admits the space-like ones. */
static size_t pnr_separator_len(const char *s, bool spaces)
{
    if (*s == '-')
        return 1;
    if (spaces && (*s == '+' || *s == ' '))
        return 1;
    if (spaces && strncmp(s, "\xC2\xA0", 2) == 0)
        return 2;
    if (strncmp(s, "\xE2\x80\x93", 3) == 0 || strncmp(s, "\xE2\x80\x94", 3) == 0 ||
        strncmp(s, "\xE2\x88\x92", 3) == 0)
        return 3;
    return 0;
}

/* True when the digits ending at s go on as a date or a time does ("2012-01-01–2012-06-30",
 * "12:30"): the four digits before are then a year or an hour, not the end of a number. */
static bool pnr_continues(const char *s)
{
    if ((*s == '.' || *s == ':' || *s == '/') && pnr_digit(s[1]))
        return true;
    size_t k = pnr_separator_len(s, false);
    return k && pnr_digit(s[k]);
}

/* Where the date part of a personnummer starting at s ends, or 0 when s starts none:
 * YYYYMMDD or YYMMDD (as the start of a longer digit run, or on their own) or YYYY-MM-DD.
 * *joined says whether the digits of the number follow without a separator; *spaced whether
 * a space may separate them (not after YYYY-MM-DD, where a time or a count is likelier). */
static size_t pnr_date_part(const char *s, size_t run, bool *joined, bool *spaced)
{
    *spaced = true;
    if ((run == 12 || run == 13 || run == 8) && pnr_plausible_century(s) &&
        pnr_plausible_month_day(s + 4, s + 6)) {
        *joined = run != 8;
        return 8;
    }
    if ((run == 10 || run == 11 || run == 6) && pnr_plausible_month_day(s + 2, s + 4)) {
        *joined = run != 6;
        return 6;
    }
    if (run == 4 && s[4] == '-' && pnr_digit_run(s + 5) == 2 && s[7] == '-' &&
        pnr_digit_run(s + 8) == 2 && pnr_plausible_century(s) &&
        pnr_plausible_month_day(s + 5, s + 8)) {
        *joined = false;
        *spaced = false;
        return 10;
    }
    return 0;
}

void pnr_scrub(char *text)
{
    assert(text);
    for (size_t i = 0; text[i];) {
        if (!pnr_digit(text[i]) || (i > 0 && pnr_digit(text[i - 1]))) {
            i++;
            continue;
        }
        char *s = text + i;
        size_t run = pnr_digit_run(s);
        bool joined = false, spaced = false;
        size_t date = pnr_date_part(s, run, &joined, &spaced);
        char *tail = NULL;
        size_t tail_len = 0;
        if (date && joined) {
            tail = s + date;
            tail_len = run - date;
        } else if (date) {
            size_t k = pnr_separator_len(s + date, spaced);
            size_t t = k ? pnr_digit_run(s + date + k) : 0;
            if ((t == 4 || t == 5) && !pnr_continues(s + date + k + t)) {
                tail = s + date + k;
                tail_len = t;
            }
        }
        if (tail) {
            memset(tail, '*', tail_len);
            i = (size_t)(tail + tail_len - text);
        } else {
            i += run;
        }
    }
}
