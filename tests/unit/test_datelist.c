/* test_datelist.c — the list of meeting dates as people write it (datelist.c): the sentence of
 * the steering group's minutes, abbreviations, "den", weekdays, shared months, ISO dates, years
 * after a month; and every refusal with the word and the reason, leaving no dates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datelist.h"
#include "util.h"

/* The dates of text (year 2019) joined by " ", which must parse without a message. Caller
 * frees. */
static char *parsed(const char *text, int year)
{
    DateList l;
    Errs errs;
    errs_init(&errs);
    int rc = datelist_parse(text, year, &l, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    Buf b = {0};
    for (size_t i = 0; i < l.count; i++)
        buf_printf(&b, "%s%s", i ? " " : "", l.dates[i]);
    datelist_free(&l);
    return b.data ? buf_steal(&b) : xstrdup("");
}

static void assert_dates(const char *text, int year, const char *want)
{
    char *got = parsed(text, year);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "text: %s\n got: %s\nwant: %s\n", text, got, want);
    assert_string_equal(got, want);
    free(got);
}

/* The messages of a refused text joined by "\n"; asserts the refusal and an empty list. */
static char *refused(const char *text, int year)
{
    DateList l;
    Errs errs;
    errs_init(&errs);
    int rc = datelist_parse(text, year, &l, &errs);
    assert_int_equal(rc, INSATS_EINPUT);
    assert_int_equal(l.count, 0);
    assert_null(l.dates);
    assert_true(errs_total(&errs) > 0);
    Buf b = {0};
    for (size_t i = 0; i < errs.count; i++) {
        buf_printf(&b, "%s%s", i ? "\n" : "", errs.msgs[i]);
        assert_non_null(errs.fields[i]);
    }
    errs_free(&errs);
    datelist_free(&l);
    return buf_steal(&b);
}

static void assert_refused(const char *text, int year, const char *want)
{
    char *got = refused(text, year);
    if (!strstr(got, want))
        fprintf(stderr, "text: %s\n got: %s\nwant (part): %s\n", text, got, want);
    assert_non_null(strstr(got, want));
    free(got);
}

static void test_minutes_sentence(void **state)
{
    (void)state;
    /* 003: "Mötestiderna 2019 blir: 15 februari, 3 maj, 25 september och 6 november" */
    assert_dates("15 februari, 3 maj, 25 september och 6 november", 2019,
                 "2019-02-15 2019-05-03 2019-09-25 2019-11-06");
    assert_dates("den 15 februari, den 3 maj och den 6 november.", 2019,
                 "2019-02-15 2019-05-03 2019-11-06");
    assert_dates("15 Februari; 3 MAJ\n25 september & 6 november", 2019,
                 "2019-02-15 2019-05-03 2019-09-25 2019-11-06");
}

static void test_abbreviations(void **state)
{
    (void)state;
    assert_dates("15 feb, 3 maj, 25 sept. och 6 nov.", 2019,
                 "2019-02-15 2019-05-03 2019-09-25 2019-11-06");
    assert_dates("1 jan 2 febr 3 mar 4 apr 5 jun 6 jul 7 aug 8 sep 9 okt 10 dec", 2020,
                 "2020-01-01 2020-02-02 2020-03-03 2020-04-04 2020-06-05 2020-07-06 "
                 "2020-08-07 2020-09-08 2020-10-09 2020-12-10");
    assert_dates("1:a mars och 15:e april", 2019, "2019-03-01 2019-04-15");
}

static void test_shared_month_and_order(void **state)
{
    (void)state;
    assert_dates("3, 10 och 17 maj", 2019, "2019-05-03 2019-05-10 2019-05-17");
    /* given out of order: calendar order back */
    assert_dates("6 november, 15 februari", 2019, "2019-02-15 2019-11-06");
}

static void test_weekdays(void **state)
{
    (void)state;
    /* 15 February 2019 was a Friday, 6 November 2019 a Wednesday */
    assert_dates("fredag 15 februari och onsdagen den 6 november", 2019,
                 "2019-02-15 2019-11-06");
    assert_dates("Lördag 2 mars, sön 3 mars", 2019, "2019-03-02 2019-03-03");
    assert_refused("torsdag 15 februari", 2019,
                   "word 1 \"torsdag\": 15 februari 2019 is a fredag, not a torsdag");
    assert_refused("fredag", 2019, "\"fredag\": a weekday without a day after it");
}

static void test_iso_and_years(void **state)
{
    (void)state;
    assert_dates("2019-02-15, 2019-05-03 och 2019-11-06", 0, "2019-02-15 2019-05-03 2019-11-06");
    /* a year after a month is that date's; ISO and words mixed */
    assert_dates("6 november 2019 och 2020-02-14, 8 maj", 2020, "2019-11-06 2020-02-14 2020-05-08");
    assert_dates("29 februari 2020", 0, "2020-02-29");
    assert_dates("3 och 17 maj 2021", 0, "2021-05-03 2021-05-17");
}

static void test_refused_words(void **state)
{
    (void)state;
    assert_refused("15 febuari, 3 maj", 2019,
                   "word 2 \"febuari\": not a month or a date word; did you mean \"februari\"?");
    assert_refused("15 februari eller 3 maj", 2019, "word 3 \"eller\": not a date");
    assert_refused("15/2", 2019, "word 2 \"/\": not part of a date");
    /* every problem at once */
    char *all = refused("15 febuari, 32 maj, 3", 2019);
    assert_non_null(strstr(all, "\"febuari\""));
    assert_non_null(strstr(all, "word 3 \"32\": not a day of a month (1–31)"));
    assert_non_null(strstr(all, "word 5 \"3\": a day without a month after it"));
    free(all);
}

static void test_refused_dates(void **state)
{
    (void)state;
    assert_refused("30 februari", 2019,
                   "word 1 \"30\": no such day: februari 2019 has 28 days");
    assert_refused("29 februari", 2019, "februari 2019 has 28 days");
    assert_refused("31 april", 2019, "april 2019 has 30 days");
    assert_refused("2019-02-30", 0, "word 1 \"2019-02-30\": no such date");
    assert_refused("2019-2-3", 0, "\"2019-2-3\": not a date (YYYY-MM-DD)");
    assert_refused("15 februari, 3 maj och 15 feb", 2019,
                   "2019-02-15 is given twice (words 1 and 6)");
    assert_refused("februari", 2019, "word 1 \"februari\": a month without a day before it");
    assert_refused("15 februari 2019 3000", 0, "word 4 \"3000\": a year must follow a month");
    assert_refused("15 februari 1800", 0, "word 3 \"1800\": not a year from 1900 to 2999");
}

static void test_refused_empty_and_yearless(void **state)
{
    (void)state;
    assert_refused("", 2019, "no dates given");
    assert_refused(" , och ", 2019, "no dates given");
    assert_refused(NULL, 2019, "no dates given");
    assert_refused("15 februari", 0,
                   "word 1 \"15\": no year is given for it: give the year, or write "
                   "\"15 februari 2019\"");
    assert_refused("15 februari", 12, "year 12: not a year from 1900 to 2999");
}

static void test_long_words(void **state)
{
    (void)state;
    char text[400];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    char *msg = refused(text, 2019);
    /* the word is cut in the message */
    assert_true(strlen(msg) < 200);
    free(msg);
    /* many days before one month are refused, not overrun */
    Buf b = {0};
    for (int i = 0; i < 40; i++)
        buf_printf(&b, "%d, ", i % 28 + 1);
    buf_puts(&b, "maj");
    assert_refused(b.data, 2019, "too many days before one month");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minutes_sentence),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_shared_month_and_order),
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_iso_and_years),
        cmocka_unit_test(test_refused_words),
        cmocka_unit_test(test_refused_dates),
        cmocka_unit_test(test_refused_empty_and_yearless),
        cmocka_unit_test(test_long_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
