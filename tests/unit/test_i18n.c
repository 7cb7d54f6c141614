/* test_i18n.c — the catalogues compiled into the binary (i18n.c): a translation in each
 * language, the id itself where a thread chose none or the catalogue has none, plurals, a
 * language per thread, the browser's and the environment's choice, and numbers written the
 * way each language writes them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"

static void test_translates_in_the_chosen_language(void **state)
{
    (void)state;
    i18n_set(LANG_EN);
    assert_string_equal(_("Till innehållet"), "Skip to content");
    i18n_set(LANG_SV);
    assert_string_equal(_("Till innehållet"), "Till innehållet");
    assert_string_equal(_("--from %s is after --to %s"), "--from %s är efter --to %s");
    i18n_set(LANG_EN);
    assert_string_equal(_("--from %s is after --to %s"), "--from %s is after --to %s");
    assert_string_equal(i18n_gettext_in(LANG_SV, "--from %s is after --to %s"),
                        "--from %s är efter --to %s");
    i18n_set(LANG_NONE);
}

static void test_unknown_ids_and_no_language_show_the_id(void **state)
{
    (void)state;
    assert_int_equal(i18n_current(), LANG_NONE);
    assert_int_equal(i18n_shown(), LANG_SV);
    assert_string_equal(_("--from %s is after --to %s"), "--from %s is after --to %s");
    i18n_set(LANG_EN);
    const char *unknown = "no catalogue holds this text";
    assert_ptr_equal(_(unknown), unknown);
    /* The catalogue's header has the empty id; it is never a message. */
    assert_string_equal(_(""), "");
    i18n_set(LANG_NONE);
}

/* A core message is stored in the thread's language, and a personnummer in it is masked in
 * the Swedish and the English message alike; a rec_fail()-style piece (the value's type) is
 * in the same language as the sentence around it. */
static void test_core_messages_translated_and_masked(void **state)
{
    (void)state;
    const Lang langs[] = {LANG_SV, LANG_EN};
    const char *want[] = {"f.csv:3: datum: \"19850101-****\" är inte ett datum (ÅÅÅÅ-MM-DD)",
                          "f.csv:3: datum: \"19850101-****\" is not a date (YYYY-MM-DD)"};
    for (size_t i = 0; i < 2; i++) {
        i18n_set(langs[i]);
        Errs errs;
        errs_init(&errs);
        errs_add(&errs, "%s:%zu: %s: \"%s\" is not a date (YYYY-MM-DD)", "f.csv", (size_t)3,
                 "datum", "19850101-1234");
        assert_int_equal(errs.count, 1);
        assert_string_equal(errs.msgs[0], want[i]);
        errs_free(&errs);
    }
    i18n_set(LANG_NONE);
}

static void test_plural_forms(void **state)
{
    (void)state;
    const char *one = "insats: … and %zu more error (only the first %d are shown)\n";
    const char *many = "insats: … and %zu more errors (only the first %d are shown)\n";
    i18n_set(LANG_SV);
    assert_string_equal(_n(one, many, 1), "insats: … och %zu fel till (bara de %d första visas)\n");
    assert_string_equal(_n(one, many, 2), "insats: … och %zu fel till (bara de %d första visas)\n");
    i18n_set(LANG_EN);
    assert_string_equal(_n(one, many, 1), one);
    assert_string_equal(_n(one, many, 0), many);
    assert_string_equal(_n(one, many, 7), many);
    /* Without a language: the id's own forms. */
    i18n_set(LANG_NONE);
    assert_ptr_equal(_n(one, many, 1), one);
    assert_ptr_equal(_n(one, many, 3), many);
}

static void *thread_in_english(void *arg)
{
    (void)arg;
    i18n_set(LANG_EN);
    return (void *)_("Till innehållet");
}

static void test_language_is_per_thread(void **state)
{
    (void)state;
    i18n_set(LANG_SV);
    pthread_t t;
    void *seen = NULL;
    assert_int_equal(pthread_create(&t, NULL, thread_in_english, NULL), 0);
    assert_int_equal(pthread_join(t, &seen), 0);
    assert_string_equal(seen, "Skip to content");
    assert_string_equal(_("Till innehållet"), "Till innehållet");
    i18n_set(LANG_NONE);
}

static void test_accept_language(void **state)
{
    (void)state;
    assert_int_equal(i18n_from_accept_language(NULL), LANG_NONE);
    assert_int_equal(i18n_from_accept_language(""), LANG_NONE);
    assert_int_equal(i18n_from_accept_language("en-GB,en;q=0.9"), LANG_EN);
    assert_int_equal(i18n_from_accept_language("sv-SE"), LANG_SV);
    assert_int_equal(i18n_from_accept_language("de-DE, en;q=0.5, sv;q=0.8"), LANG_SV);
    assert_int_equal(i18n_from_accept_language("sv;q=0.3,en;q=0.7,*;q=0.1"), LANG_EN);
    /* q=0 says "not this one". */
    assert_int_equal(i18n_from_accept_language("en;q=0, sv;q=0.2"), LANG_SV);
    assert_int_equal(i18n_from_accept_language("en;q=0"), LANG_NONE);
    assert_int_equal(i18n_from_accept_language("fr-FR,de"), LANG_NONE);
    assert_int_equal(i18n_from_accept_language("  EN-us ; q=1.0"), LANG_EN);
    assert_int_equal(i18n_from_accept_language("english"), LANG_NONE);
}

static void test_environment(void **state)
{
    (void)state;
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
    assert_int_equal(i18n_from_environment(), LANG_SV);
    setenv("LANG", "C.UTF-8", 1);
    assert_int_equal(i18n_from_environment(), LANG_SV);
    setenv("LANG", "en_US.UTF-8", 1);
    assert_int_equal(i18n_from_environment(), LANG_EN);
    /* LC_ALL wins over LANG, LANGUAGE's first known language over both. */
    setenv("LC_ALL", "sv_SE.UTF-8", 1);
    assert_int_equal(i18n_from_environment(), LANG_SV);
    setenv("LANGUAGE", "fr:en_GB:sv", 1);
    assert_int_equal(i18n_from_environment(), LANG_EN);
    setenv("LANGUAGE", "", 1);
    assert_int_equal(i18n_from_environment(), LANG_SV);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LANG");
}

static void test_codes(void **state)
{
    (void)state;
    assert_string_equal(i18n_code(LANG_EN), "en");
    assert_string_equal(i18n_code(LANG_SV), "sv");
    assert_string_equal(i18n_code(LANG_NONE), "sv");
    assert_int_equal(i18n_parse("en"), LANG_EN);
    assert_int_equal(i18n_parse("sv_SE.UTF-8"), LANG_SV);
    assert_int_equal(i18n_parse("svenska"), LANG_NONE);
    assert_int_equal(i18n_parse(NULL), LANG_NONE);
}

static void test_numbers(void **state)
{
    (void)state;
    char b[40];
    i18n_set(LANG_SV);
    assert_string_equal(i18n_number(12345, 1, b, sizeof b), "1\xc2\xa0" "234,5");
    assert_string_equal(i18n_number(1234567, 0, b, sizeof b), "1\xc2\xa0" "234\xc2\xa0" "567");
    assert_string_equal(i18n_number(-5, 2, b, sizeof b), "-0,05");
    assert_string_equal(i18n_number(999, 0, b, sizeof b), "999");
    i18n_set(LANG_EN);
    assert_string_equal(i18n_number(12345, 1, b, sizeof b), "1,234.5");
    assert_string_equal(i18n_number(-123456789, 2, b, sizeof b), "-1,234,567.89");
    assert_string_equal(i18n_number(0, 0, b, sizeof b), "0");
    i18n_set(LANG_NONE);
    /* The default, Swedish. */
    assert_string_equal(i18n_number(1000, 0, b, sizeof b), "1\xc2\xa0" "000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_ids_and_no_language_show_the_id),
        cmocka_unit_test(test_translates_in_the_chosen_language),
        cmocka_unit_test(test_core_messages_translated_and_masked),
        cmocka_unit_test(test_plural_forms),
        cmocka_unit_test(test_language_is_per_thread),
        cmocka_unit_test(test_accept_language),
        cmocka_unit_test(test_environment),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
