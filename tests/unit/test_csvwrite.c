/* test_csvwrite.c — unit tests of csvwrite.c: cells of written CSV and TSV that a spreadsheet
 * could run as formulas get the apostrophe of the OWASP convention; numbers and text do not;
 * TSV cells lose their tabs and line breaks, CSV cells are quoted. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "csvwrite.h"
#include "util.h"

static void expect_cell(const char *value, char sep, const char *want)
{
    Buf b = {0};
    csvwrite_cell(&b, value, sep);
    if (strcmp(b.data ? b.data : "", want) != 0)
        fail_msg("cell of \"%s\": got \"%s\", want \"%s\"", value ? value : "(null)",
                 b.data ? b.data : "", want);
    buf_free(&b);
}

static void test_formulas_neutralised(void **state)
{
    (void)state;
    expect_cell("=cmd|' /C calc'!A0", '\t', "'=cmd|' /C calc'!A0");
    expect_cell("@SUM(1+1)*cmd|' /C calc'!A0", '\t', "'@SUM(1+1)*cmd|' /C calc'!A0");
    expect_cell("+1+2", '\t', "'+1+2");
    expect_cell("-2+3+cmd|' /C calc'!A0", '\t', "'-2+3+cmd|' /C calc'!A0");
    expect_cell("\t=1+1", '\t', "' =1+1");
    expect_cell("\r=1+1", '\t', "' =1+1");
    expect_cell("  =HYPERLINK(\"http://x\")", '\t', "'  =HYPERLINK(\"http://x\")");
    expect_cell("=1+1", ';', "'=1+1");
    expect_cell("=A1;B1", ';', "\"'=A1;B1\"");
}

static void test_plain_values_unchanged(void **state)
{
    (void)state;
    expect_cell("Anna Andersson", '\t', "Anna Andersson");
    expect_cell("-12", '\t', "-12");
    expect_cell("+46701234567", '\t', "+46701234567");
    expect_cell("3,5", '\t', "3,5");
    expect_cell("-0.25", ';', "-0.25");
    expect_cell("a=b", '\t', "a=b");
    expect_cell("", '\t', "");
    expect_cell(NULL, '\t', "");
    expect_cell("2012-01-16", '\t', "2012-01-16");
}

static void test_separators_and_quotes(void **state)
{
    (void)state;
    expect_cell("a\tb\nc", '\t', "a b c");
    expect_cell("a;b", ';', "\"a;b\"");
    expect_cell("say \"hi\"", ',', "\"say \"\"hi\"\"\"");
    expect_cell("two\nlines", ',', "\"two\nlines\"");
    expect_cell("a,b", ';', "a,b");
}

static void test_formula_like(void **state)
{
    (void)state;
    assert_true(csvwrite_formula_like("=1"));
    assert_true(csvwrite_formula_like("@x"));
    assert_true(csvwrite_formula_like("\tx"));
    assert_false(csvwrite_formula_like("x=1"));
    assert_false(csvwrite_formula_like("-1"));
    assert_false(csvwrite_formula_like("-"));
    assert_false(csvwrite_formula_like(NULL));
}

/* A row: cells separated, a formula in any cell neutralised, CR LF at the end (LF in TSV). */
static void test_row(void **state)
{
    (void)state;
    Buf b = {0};
    csvwrite_row(&b, 3, (const char *const[]){"p1", "=HYPERLINK(\"x\")", "a;b"}, ';');
    csvwrite_row(&b, 2, (const char *const[]){"", NULL}, ';');
    csvwrite_row(&b, 2, (const char *const[]){"@x", "y"}, '\t');
    assert_string_equal(b.data, "p1;\"'=HYPERLINK(\"\"x\"\")\";\"a;b\"\r\n;\r\n'@x\ty\n");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formulas_neutralised),
        cmocka_unit_test(test_plain_values_unchanged),
        cmocka_unit_test(test_separators_and_quotes),
        cmocka_unit_test(test_formula_like),
        cmocka_unit_test(test_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
