/* test_kinds.c — the one table of kinds (kinds.c) and the edit distance behind "did you mean"
 * (util.c): either number of a kind's name, what each command takes, and which near misses
 * get a suggestion. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kinds.h"
#include "util.h"

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(word_distance("report", "report"), 0);
    assert_int_equal(word_distance("", "list"), 4);
    assert_int_equal(word_distance("reprot", "report"), 1);      /* two letters swapped */
    assert_int_equal(word_distance("lsit", "list"), 1);
    assert_int_equal(word_distance("exprot", "export"), 1);
    assert_int_equal(word_distance("improt", "import"), 1);
    assert_int_equal(word_distance("activites", "activities"), 1);
    assert_int_equal(word_distance("kitten", "sitting"), 3);
    assert_int_equal(word_distance("ca", "abc"), 3);             /* no swap across an insert */
}

static void test_nearest(void **state)
{
    (void)state;
    const char *const cmds[] = {"init", "demo", "import", "export", "list", "show", "delete",
                                "check", "report", "help", "version", NULL};
    assert_string_equal(word_nearest("reprot", cmds), "report");
    assert_string_equal(word_nearest("shwo", cmds), "show");
    assert_string_equal(word_nearest("improt", cmds), "import");
    assert_string_equal(word_nearest("--limt", (const char *const[]){"--tsv", "--limit", NULL}),
                        "--limit");
    /* Too far to be a typo, or the word itself: no suggestion. */
    assert_null(word_nearest("frobnicate", cmds));
    assert_null(word_nearest("xy", cmds));
    assert_null(word_nearest("list", cmds));
}

static void test_find(void **state)
{
    (void)state;
    Errs errs;
    errs_init(&errs);
    for (const char *const *n = (const char *const[]){"activity", "activities", NULL}; *n; n++)
        for (unsigned op = KINDS_LIST; op <= KINDS_DELETE; op <<= 1) {
            const KindName *k = kinds_find(*n, op, "x", &errs);
            assert_non_null(k);
            assert_int_equal(k->kind, KIND_ACTIVITY);
        }
    assert_int_equal(kinds_find("people", KINDS_SHOW, "show", &errs)->kind, KIND_PERSON);
    assert_int_equal(kinds_find("person", KINDS_LIST, "list", &errs)->kind, KIND_PERSON);
    assert_int_equal(kinds_find("dissemination", KINDS_DELETE, "delete", &errs)->kind,
                     KIND_DISSEMINATION);
    assert_int_equal(errs.count, 0);

    assert_null(kinds_find("sesions", KINDS_LIST, "list", &errs));
    assert_string_equal(errs.msgs[0], "list: unknown kind \"sesions\"; did you mean \"sessions\"? "
                        "(one of projects, organisations, people, groups, interventions, "
                        "proposals, activities, sessions, surveys, certificates, goals, costs, "
                        "deviations, meetings, dissemination)");
    errs_free(&errs);
    assert_null(kinds_find("session", KINDS_DELETE, "delete", &errs));
    assert_non_null(strstr(errs.msgs[0], "session cannot be given to `insats delete` (it takes "
                                         "organisation, person, group"));
    errs_free(&errs);
    assert_null(kinds_find("projects", KINDS_DELETE, "delete", &errs));
    errs_free(&errs);

    /* The lists for help and completion. */
    const char *const *show = kinds_names(KINDS_SHOW, false);
    assert_string_equal(show[0], "project");
    size_t n = 0;
    while (show[n])
        n++;
    assert_int_equal(n, 14);       /* every kind but sessions */
    const char *const *del = kinds_names(KINDS_DELETE, true);
    assert_string_equal(del[0], "organisations");
    assert_string_equal(del[1], "people");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_nearest),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
