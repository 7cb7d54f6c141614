/* test_svsort.c — Swedish alphabetical order (svsort.c) and its use by the database: å, ä, ö
 * after z in either case, case and accents not deciding the primary order, the collation "sv"
 * and sv_fold() registered on every connection. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "svsort.h"
#include "testutil.h"
#include "util.h"

static int cmp(const char *a, const char *b)
{
    int c = svsort_compare(a, strlen(a), b, strlen(b));
    return (c > 0) - (c < 0);
}

/* Each name sorts strictly before the next. */
static void test_order(void **state)
{
    (void)state;
    static const char *const sorted[] = {
        "1 Alfa", "Aaron", "Adam", "Ebba", "Éric", "Erik", "Ester", "Olle", "Ümit", "Yngve",
        "Zacke", "zebra", "Åke", "åsa", "Æbelø", "Ängel", "Ärla", "äta", "Örjan", "ös", "Øst",
        NULL,
    };
    for (size_t i = 0; sorted[i + 1]; i++) {
        if (cmp(sorted[i], sorted[i + 1]) >= 0)
            print_error("%s should sort before %s\n", sorted[i], sorted[i + 1]);
        assert_true(cmp(sorted[i], sorted[i + 1]) < 0);
        assert_true(cmp(sorted[i + 1], sorted[i]) > 0);
    }
}

/* Case and accents decide only between names otherwise equal, so a name in capitals is the
 * neighbour of the same name in lower case, and the order stays total. */
static void test_case_and_accents(void **state)
{
    (void)state;
    assert_true(cmp("ANNA", "anna") != 0);
    assert_true(cmp("anna", "anna") == 0);
    assert_true(cmp("ANNA", "annb") < 0);
    assert_true(cmp("annb", "ANNA") > 0);
    assert_true(cmp("ÅSA", "åsb") < 0);
    assert_true(cmp("éva", "evb") < 0);
    assert_true(cmp("Zorro", "ÅSA") < 0);
    assert_true(cmp("zorro", "åsa") < 0);
    assert_true(cmp("Ann", "Anna") < 0);
    /* Invalid UTF-8 compares by its bytes and does not crash. */
    assert_true(cmp("\xff", "\xfe") > 0);
    assert_true(cmp("a\xc3", "a\xc3\x28") < 0);
}

static void test_fold(void **state)
{
    (void)state;
    size_t n = 0;
    char *f = svsort_fold("Éva ÅSA Öberg Ümit", strlen("Éva ÅSA Öberg Ümit"), &n);
    assert_string_equal(f, "eva åsa öberg ymit");
    assert_int_equal(n, strlen("eva åsa öberg ymit"));
    free(f);
    f = svsort_fold("", 0, &n);
    assert_string_equal(f, "");
    assert_int_equal(n, 0);
    free(f);
}

/* The database sorts with the collation "sv" and searches with sv_fold() on any connection. */
static void test_in_sql(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "svsort"), 0);
    sqlite3_stmt *st = db_prepare(t.db,
        "WITH n(x) AS (VALUES ('Örjan'), ('zebra'), ('Åke'), ('adam'), ('Ärla'), ('Erik'),"
        " ('éva')) SELECT group_concat(x, ',') FROM (SELECT x FROM n ORDER BY x COLLATE sv)");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0),
                        "adam,Erik,éva,zebra,Åke,Ärla,Örjan");
    sqlite3_finalize(st);
    assert_int_equal(tu_query_int(t.db, "SELECT instr(sv_fold('Anna Öberg'), sv_fold('öB'))"),
                     6);
    assert_int_equal(tu_query_int(t.db, "SELECT instr(sv_fold('Anna Oberg'), sv_fold('öb'))"),
                     0);
    assert_int_equal(tu_db_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_case_and_accents),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_in_sql),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
