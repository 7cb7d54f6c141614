/* pnr.c — parsing, validation and masking of Swedish personnummer and samordningsnummer.
 * Pure string work: no allocation, no I/O, and no full number ever leaves via a message. */
#include "pnr.h"
#include "util.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Samordningsnummer carry the birth day plus this offset, so they never collide with a
 * personnummer of the same date. */
#define PNR_COORD_OFFSET 60

/* Nobody alive was born before this; an earlier year is a typo, not a person. */
#define PNR_MIN_YEAR 1800

static const char PNR_WHY_FORMAT[] = "not a personnummer (expected YYYYMMDD-NNNN)";

/* Messages never carry digits of the number: the input may be a real person's, and a message
 * can end up in a log or a screenshot. */
static const char PNR_WHY_CHECK[] = "wrong check digit";
static const char PNR_WHY_DATE[] = "impossible date of birth";
static const char PNR_WHY_FUTURE[] = "date of birth is in the future";

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

static int fail(const char **why, const char *msg)
{
    if (why)
        *why = msg;
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
        return fail(why, "cannot be checked (reference date is not YYYY-MM-DD)");
    if (!has_century && !have_today)
        return fail(why, "has no century (write YYYYMMDD-NNNN)");

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
