/* test_pnr.c — unit tests of pnr.c: every accepted written form, century rules, dates,
 * check digits, samordningsnummer and masking.
 *
 * Every valid number here is from Skatteverket's published test personnummer and
 * testsamordningsnummer series (never a real person), each checked against the Luhn rule:
 *   189001019802  190001019801  199001012385  200002292399 (29 Feb 2000)
 *   191401682396 and 197001782395 (samordningsnummer, day + 60)
 * Invalid inputs are those numbers with a wrong check digit or a date no one has. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "pnr.h"

static const char TODAY[] = "2025-06-15";

/* Parses and expects success with the given canonical result. */
static void ok(const char *input, const char *today, const char *expected)
{
    char out[13];
    const char *why = NULL;
    int rc = pnr_parse(input, today, out, &why);
    if (rc != 0)
        fail_msg("rejected a valid test number: %s", why ? why : "(no reason)");
    assert_string_equal(out, expected);
}

/* Parses and expects failure with exactly this reason, output untouched, and a reason
 * that does not leak the last four digits of the input. */
static void bad(const char *input, const char *today, const char *expected_why)
{
    char out[13];
    memset(out, 'X', sizeof out);
    const char *why = NULL;
    assert_int_equal(pnr_parse(input, today, out, &why), -1);
    assert_non_null(why);
    assert_string_equal(why, expected_why);
    for (size_t i = 0; i < sizeof out; i++)
        assert_int_equal(out[i], 'X');
    if (input) {
        size_t n = strlen(input);
        while (n > 0 && input[n - 1] == ' ')
            n--;
        if (n >= 4) {
            char last4[5];
            memcpy(last4, input + n - 4, 4);
            last4[4] = '\0';
            assert_null(strstr(why, last4));
        }
    }
}

static void test_long_forms(void **state)
{
    (void)state;
    ok("19900101-2385", TODAY, "199001012385");
    ok("199001012385", TODAY, "199001012385");
    ok("18900101-9802", TODAY, "189001019802");
    ok("190001019801", TODAY, "190001019801");
    /* The long forms carry their century, so no reference date is needed. */
    ok("19900101-2385", NULL, "199001012385");
    ok("189001019802", NULL, "189001019802");
}

static void test_spaces_tolerated(void **state)
{
    (void)state;
    ok("  19900101-2385", TODAY, "199001012385");
    ok("19900101-2385   ", TODAY, "199001012385");
    ok(" 900101-2385 ", TODAY, "199001012385");
}

static void test_short_forms(void **state)
{
    (void)state;
    ok("900101-2385", TODAY, "199001012385");
    ok("9001012385", TODAY, "199001012385");
    ok("000229-2399", TODAY, "200002292399");
    /* The century is the latest that keeps the birth on or before today. */
    ok("000101-9801", "1999-12-31", "190001019801");
}

static void test_century_boundary(void **state)
{
    (void)state;
    /* Born on today's date: still the current century. */
    ok("900101-2385", "1990-01-01", "199001012385");
    /* The day after today would be in the future, so one century back. */
    ok("900101-9802", "1989-12-31", "189001019802");
}

static void test_plus_means_centenarian(void **state)
{
    (void)state;
    ok("900101+9802", TODAY, "189001019802");
    ok("000101+9801", TODAY, "190001019801");
    ok("000101+9801", "2099-12-31", "190001019801");
    /* Without the plus the same digits are a younger person. */
    char out[13];
    const char *why = NULL;
    assert_int_equal(pnr_parse("900101-9802", TODAY, out, &why), 0);
    assert_memory_equal(out, "1990", 4);
}

static void test_coordination_numbers(void **state)
{
    (void)state;
    ok("19140168-2396", TODAY, "191401682396");
    ok("191401682396", NULL, "191401682396");
    ok("700178-2395", TODAY, "197001782395");
    ok("7001782395", TODAY, "197001782395");
    ok("140168+2396", TODAY, "191401682396");
    assert_true(pnr_is_coordination("191401682396"));
    assert_true(pnr_is_coordination("197001782395"));
    assert_false(pnr_is_coordination("189001019802"));
    assert_false(pnr_is_coordination("200002292399"));
}

static void test_coordination_century_uses_real_day(void **state)
{
    (void)state;
    char out[13];
    const char *why = NULL;
    /* Born the 8th (day 68): on the 7th that is tomorrow, so the previous century... */
    assert_int_equal(pnr_parse("140168-2396", "2014-01-07", out, &why), 0);
    assert_string_equal(out, "191401682396");
    /* ...and on the 10th it has happened, although 68 > 10. */
    assert_int_equal(pnr_parse("140168-2396", "2014-01-10", out, &why), 0);
    assert_memory_equal(out, "20140168", 8);
}

static void test_wrong_check_digit(void **state)
{
    (void)state;
    bad("189001019803", TODAY, "wrong check digit");
    bad("19900101-2386", TODAY, "wrong check digit");
    bad("9001012380", TODAY, "wrong check digit");
    bad("900101+9800", TODAY, "wrong check digit");
    bad("19140168-2390", TODAY, "wrong check digit");
    bad("700178-2399", TODAY, "wrong check digit");
}

static void test_impossible_dates(void **state)
{
    (void)state;
    bad("19900230-2385", TODAY, "impossible date of birth");
    bad("199013012385", TODAY, "impossible date of birth");
    bad("199000012385", TODAY, "impossible date of birth");
    bad("199001322385", TODAY, "impossible date of birth");
    bad("199001002385", TODAY, "impossible date of birth");
    bad("199004312385", TODAY, "impossible date of birth");
    /* 29 February: 2000 was a leap year, 1900 and 1990 were not. */
    ok("20000229-2399", TODAY, "200002292399");
    bad("000229+2399", TODAY, "impossible date of birth");
    bad("19900229-2385", TODAY, "impossible date of birth");
    /* Samordningsnummer: day 61–91 only, validated as day − 60. */
    bad("19900192-2385", TODAY, "impossible date of birth");
    bad("19900160-2385", TODAY, "impossible date of birth");
    bad("19900145-2385", TODAY, "impossible date of birth");
    bad("19900289-2385", TODAY, "impossible date of birth");
    bad("000289+2399", TODAY, "impossible date of birth");
    /* Nobody alive was born in the 1700s. */
    bad("17900101-2385", TODAY, "impossible date of birth");
}

static void test_future_birth_refused(void **state)
{
    (void)state;
    bad("19900101-2385", "1989-12-31", "date of birth is in the future");
    bad("20000229-2399", "2000-02-28", "date of birth is in the future");
}

static void test_malformed(void **state)
{
    (void)state;
    const char *fmt = "not a personnummer (expected YYYYMMDD-NNNN)";
    bad(NULL, TODAY, fmt);
    bad("", TODAY, fmt);
    bad("     ", TODAY, fmt);
    bad("abc", TODAY, fmt);
    bad("19900101-238a", TODAY, fmt);
    bad("1990O101-2385", TODAY, fmt);
    bad("19900101238", TODAY, fmt);      /* 11 digits */
    bad("1990010123855", TODAY, fmt);    /* 13 digits */
    bad("900101238", TODAY, fmt);        /* 9 digits */
    bad("19900101+2385", TODAY, fmt);    /* plus only in the short form */
    bad("19900101 2385", TODAY, fmt);
    bad("1990-01-01-2385", TODAY, fmt);
    bad("900101--2385", TODAY, fmt);
    bad("900101/2385", TODAY, fmt);
    bad("9001-012385", TODAY, fmt);
    bad("\t19900101-2385", TODAY, fmt);
    bad("-19900101-2385", TODAY, fmt);
}

static void test_reference_date(void **state)
{
    (void)state;
    bad("900101-2385", NULL, "has no century (write YYYYMMDD-NNNN)");
    bad("9001012385", NULL, "has no century (write YYYYMMDD-NNNN)");
    const char *ref = "cannot be checked (reference date is not YYYY-MM-DD)";
    bad("900101-2385", "2025-02-30", ref);
    bad("900101-2385", "20250615", ref);
    bad("19900101-2385", "", ref);
}

static void test_why_may_be_null(void **state)
{
    (void)state;
    char out[13];
    assert_int_equal(pnr_parse("189001019803", TODAY, out, NULL), -1);
    assert_int_equal(pnr_parse("189001019802", TODAY, out, NULL), 0);
    assert_string_equal(out, "189001019802");
}

static void test_mask(void **state)
{
    (void)state;
    char out[14];
    memset(out, 'X', sizeof out);
    pnr_mask("189001019802", out);
    assert_string_equal(out, "18900101-****");
    pnr_mask("191401682396", out);
    assert_string_equal(out, "19140168-****");
    pnr_mask("197001782395", out);
    assert_string_equal(out, "19700178-****");
    assert_null(strstr(out, "2395"));
}

/* pnr_scrub on a copy of text must give want. */
static void scrubbed(const char *text, const char *want)
{
    char buf[256];
    assert_true(strlen(text) < sizeof buf);
    strcpy(buf, text);
    pnr_scrub(buf);
    assert_string_equal(buf, want);
}

/* Every way a test number was seen written in a message is masked. */
static void test_scrub_written_forms(void **state)
{
    (void)state;
    scrubbed("19900101-2385", "19900101-****");
    scrubbed("199001012385", "19900101****");
    scrubbed("900101-2385 and 900101+9802", "900101-**** and 900101+****");
    scrubbed("9001012385", "900101****");
    scrubbed("\"19900101 2385\"", "\"19900101 ****\"");
    scrubbed("19900101\xC2\xA0" "2385", "19900101\xC2\xA0****");
    scrubbed("19900101\xE2\x80\x93" "2385", "19900101\xE2\x80\x93****");
    scrubbed("19900101\xE2\x80\x94" "2385", "19900101\xE2\x80\x94****");
    scrubbed("19900101\xE2\x88\x92" "2385", "19900101\xE2\x88\x92****");
    scrubbed("19900101-23855", "19900101-*****");
    scrubbed("1990010123855", "19900101*****");
    scrubbed("1990-01-01-2385", "1990-01-01-****");
    scrubbed("1990-01-01\xE2\x80\x93" "2385", "1990-01-01\xE2\x80\x93****");
    scrubbed("id p19140168-2396.", "id p19140168-****.");
    scrubbed("700178 2395", "700178 ****");
    scrubbed("near '19900101-2385'", "near '19900101-****'");
}

/* Numbers and dates that cannot be a personnummer keep every digit. */
static void test_scrub_keeps_other_numbers(void **state)
{
    (void)state;
    const char *kept[] = {
        "7 is not between 0 and 2147483647",
        "4294967295 and 18446744073709551615",
        "from 20120101-20121231",
        "2012-01-01\xE2\x80\x93" "2012-06-30",
        "2012-01-01-2012-06-30",
        "2012-01-01 1200 rows",
        "19900101 12:30",
        "diarienummer 2011-3060029-004",
        "1234567890123 and 123456789",
        "19901301-2385 (month 13), 19900100-2385 (day 0), 17900101-2385",
        "900132 2385 and 9013012385",
        "19900101-238 and 19900101-238555",
        "",
    };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        scrubbed(kept[i], kept[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_forms),
        cmocka_unit_test(test_spaces_tolerated),
        cmocka_unit_test(test_short_forms),
        cmocka_unit_test(test_century_boundary),
        cmocka_unit_test(test_plus_means_centenarian),
        cmocka_unit_test(test_coordination_numbers),
        cmocka_unit_test(test_coordination_century_uses_real_day),
        cmocka_unit_test(test_wrong_check_digit),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_future_birth_refused),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_reference_date),
        cmocka_unit_test(test_why_may_be_null),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_scrub_written_forms),
        cmocka_unit_test(test_scrub_keeps_other_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
