/* test_validate.c — unit tests of validate.c, and of its promise: a person's field that the
 * CSV import refuses, the bundle import refuses too, in the same words after the place and
 * the field (a probe found the bundle storing an e-mail that was none, a 10 MB name and
 * names with line breaks, which `show person` then printed over two lines).
 *
 * Each case is imported both ways into a fresh database holding one project with one
 * organisation; neither import may store anything. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "csv_import.h"
#include "testutil.h"
#include "util.h"
#include "validate.h"

/* ---- the rules themselves ---- */

/* Runs a Buf-answering rule and returns its verdict; the reason must be there exactly when
 * the value is refused. */
static bool rule(bool (*fn)(const char *, Buf *), const char *s, const char *want_why)
{
    Buf why = {0};
    bool ok = fn(s, &why);
    if (want_why)
        assert_string_equal(why.data ? why.data : "", want_why);
    assert_int_equal(ok, why.len == 0);
    buf_free(&why);
    return ok;
}

static bool line200(const char *s, Buf *why)
{
    return validate_line(s, 200, why);
}

static void test_email_shape(void **state)
{
    (void)state;
    const char *bad = "not an e-mail address (expected name@example.se)";
    assert_true(rule(validate_email, "anna.andersson@example.se", NULL));
    assert_true(rule(validate_email, "a@b.se", NULL));
    const char *refused[] = {
        "anna.example.se", "@example.se", "anna@", "anna@example", "anna@.se", "anna@example.",
        "an na@example.se", "anna@@example.se", "anna@ex@ample.se", "anna@example..se",
        "anna@example.se\n", "anna\x01@example.se", "",
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        assert_false(rule(validate_email, refused[i], bad));
    /* 243 letters and "@example.se": 254 characters, the most an address may have. */
    char longest[VALIDATE_EMAIL_MAX + 1];
    memset(longest, 'a', VALIDATE_EMAIL_MAX - 11);
    memcpy(longest + VALIDATE_EMAIL_MAX - 11, "@example.se", 12);
    assert_int_equal(strlen(longest), VALIDATE_EMAIL_MAX);
    assert_true(rule(validate_email, longest, NULL));
    char *too_long = xasprintf("a%s", longest);
    assert_false(rule(validate_email, too_long, bad));
    free(too_long);
}

static void test_line_rules(void **state)
{
    (void)state;
    assert_true(rule(line200, "", NULL));
    assert_true(rule(line200, "Åsa Öberg-Lind", NULL));
    assert_false(rule(line200, "Anna\nBerg", "contains a line break or another control character "
                                              "(character 5); write it on one line"));
    assert_false(rule(line200, "\tAnna", NULL));
    assert_false(rule(line200, "Anna\rBerg", NULL));
    assert_false(rule(line200, "Anna\x7f", NULL));
    assert_false(rule(line200, "Anna\xc2\x85" "Berg", NULL));       /* NEL, a C1 control */
    assert_false(rule(line200, "Anna\xe2\x80\xa8" "Berg", NULL));   /* line separator */
    /* Characters are counted, not bytes: 200 å (400 bytes) pass, 201 do not. */
    Buf b = {0};
    for (int i = 0; i < 200; i++)
        buf_puts(&b, "å");
    assert_true(rule(line200, b.data, NULL));
    buf_puts(&b, "å");
    assert_false(rule(line200, b.data, "is 201 characters long; at most 200 are allowed"));
    buf_free(&b);
}

static void test_code_rules(void **state)
{
    (void)state;
    assert_true(rule(validate_code, "p-1", NULL));
    assert_false(rule(validate_code, "", "must not be empty"));
    assert_false(rule(validate_code, "p\n1", "contains a line break or another control "
                                            "character (character 2); write it on one line"));
    char code[VALIDATE_CODE_MAX + 2];
    memset(code, 'x', sizeof code);
    code[VALIDATE_CODE_MAX] = '\0';
    assert_true(rule(validate_code, code, NULL));
    code[VALIDATE_CODE_MAX] = 'x';
    code[VALIDATE_CODE_MAX + 1] = '\0';
    assert_false(rule(validate_code, code, "\"xxxxxxxxxxxxxxxxxxxx…\" is longer than 64 "
                                           "characters"));
}

static void test_gender_words(void **state)
{
    (void)state;
    Buf why = {0};
    assert_string_equal(validate_gender("kvinna", &why), "female");
    assert_string_equal(validate_gender(" Kvinna ", &why), "female");
    assert_string_equal(validate_gender("M", &why), "male");
    assert_string_equal(validate_gender("annat", &why), "other");
    assert_string_equal(validate_gender("OKÄNT", &why), "unknown");
    assert_string_equal(validate_gender("", &why), "unknown");
    assert_string_equal(validate_gender("female", &why), "female");
    assert_int_equal(why.len, 0);
    assert_null(validate_gender("kv\n", &why));
    assert_string_equal(why.data, "\"kv\\n\" is not one of kvinna, man, annat, okänt (female, "
                                  "male, other, unknown)");
    buf_free(&why);
}

static void test_quote(void **state)
{
    (void)state;
    Buf b = {0};
    validate_quote(&b, "a\tb\x01\xc2\x85" "å", 10);
    assert_string_equal(b.data, "\"a\\tb\\x01\\xC2\\x85å\"");
    buf_clear(&b);
    validate_quote(&b, "åäöåäö", 3);
    assert_string_equal(b.data, "\"åäö…\"");
    buf_free(&b);
}

/* ---- both importers, the same words ---- */

static const char SETUP_SQL[] =
    "INSERT INTO project (id, code, name, start_date, end_date) "
    "  VALUES (1, 'p', 'Test', '2012-01-01', '2014-12-31');"
    "INSERT INTO organisation (id, project_id, code, name, kind) VALUES "
    "  (1, 1, 'kba', 'Kungsbacka kommun', 'municipality');";

typedef struct PersonCase {
    const char *id, *name, *gender, *unit, *role, *email;
    const char *key;     /* the bundle key and CSV column the message names */
    const char *why;     /* what both say after it */
} PersonCase;

static const PersonCase person_cases[] = {
    {"p1", "Anna\nBerg", "kvinna", "Soc", "Lärare", "anna@example.se", "name",
     "contains a line break or another control character (character 5); write it on one line"},
    {"p1", "Anna\xc2\x85" "Berg", "kvinna", "Soc", "Lärare", "", "name",
     "contains a line break or another control character (character 5); write it on one line"},
    {"p1", "Anna Berg", "kvinna", "Soc\tOmsorg", "Lärare", "", "unit",
     "contains a line break or another control character (character 4); write it on one line"},
    {"p1", "Anna Berg", "kvinna", "Soc", "L\x01rare", "", "role",
     "contains a line break or another control character (character 2); write it on one line"},
    {"p1", "Anna Berg", "kvinna", "Soc", "Lärare", "anna.example.se", "email",
     "not an e-mail address (expected name@example.se)"},
    {"p1", "Anna Berg", "kvinna", "Soc", "Lärare", "anna@example", "email",
     "not an e-mail address (expected name@example.se)"},
    {"p1", "Anna Berg", "kv", "Soc", "Lärare", "", "gender",
     "\"kv\" is not one of kvinna, man, annat, okänt (female, male, other, unknown)"},
    {"p\n1", "Anna Berg", "kvinna", "Soc", "Lärare", "", "id",
     "contains a line break or another control character (character 2); write it on one line"},
    {"p1", NULL /* 201 characters */, "kvinna", "Soc", "Lärare", "", "name",
     "is 201 characters long; at most 200 are allowed"},
};

/* The CSV column of each key. */
static const char *csv_column(const char *key)
{
    static const char *const map[][2] = {
        {"id", "id"}, {"name", "namn"}, {"gender", "kön"}, {"unit", "enhet"}, {"role", "roll"},
        {"email", "e-post"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], key) == 0)
            return map[i][1];
    fail_msg("no column for %s", key);
    return NULL;
}

/* One CSV cell, quoted (quotes doubled) so that line breaks and separators stay inside. */
static void csv_cell(Buf *b, const char *s, bool last)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_puts(b, last ? "\"\n" : "\";");
}

/* The one message an import left (printed first when there are others); frees errs. */
static char *single_message(Errs *errs)
{
    if (errs->count != 1)
        errs_print(errs, stderr);
    assert_int_equal(errs->count, 1);
    char *msg = xstrdup(errs->msgs[0]);
    errs_free(errs);
    return msg;
}

/* Imports the case as a one-row CSV people list; returns the single message. */
static char *import_csv(TuDb *t, const PersonCase *c, const char *name)
{
    Buf b = {0};
    buf_puts(&b, "id;namn;kön;kommun;enhet;roll;e-post\n");
    csv_cell(&b, c->id, false);
    csv_cell(&b, name, false);
    csv_cell(&b, c->gender, false);
    csv_cell(&b, "kba", false);
    csv_cell(&b, c->unit, false);
    csv_cell(&b, c->role, false);
    csv_cell(&b, c->email, true);
    char *path = xasprintf("%s/people.csv", t->dir);
    tu_write_file(path, b.data, b.len);
    buf_free(&b);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(csv_import_file(t->db, tu_manager(), 1, CSV_IMPORT_PEOPLE, path, NULL, NULL,
                                     NULL, &errs),
                     INSATS_EINPUT);
    free(path);
    return single_message(&errs);
}

/* Imports the case as a bundle of the same project; returns the single message. */
static char *import_bundle(TuDb *t, const PersonCase *c, const char *name)
{
    json_t *person = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", c->id, "name", name,
                               "gender", c->gender, "organisation", "kba", "unit", c->unit,
                               "role", c->role);
    if (*c->email)
        json_object_set_new(person, "email", json_string(c->email));
    json_t *root = json_pack("{s:s, s:i, s:{s:s, s:s, s:s, s:s}, s:[o]}", "format",
                             "insats-bundle", "version", 1, "project", "id", "p", "name", "Test",
                             "start", "2012-01-01", "end", "2014-12-31", "people", person);
    assert_non_null(root);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(bundle_import_json(t->db, root, "b.json", NULL, NULL, NULL, &errs),
                     INSATS_EINPUT);
    json_decref(root);
    return single_message(&errs);
}

static void test_importers_refuse_alike(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "validate"), 0);
    tu_exec(t.db, SETUP_SQL);
    Buf long_name = {0};
    for (int i = 0; i < 201; i++)
        buf_puts(&long_name, i % 10 == 4 ? " " : "ö");
    for (size_t i = 0; i < sizeof person_cases / sizeof *person_cases; i++) {
        const PersonCase *c = &person_cases[i];
        const char *name = c->name ? c->name : long_name.data;
        char *csv = import_csv(&t, c, name);
        char *bundle = import_bundle(&t, c, name);
        char *want_csv = xasprintf("%s/people.csv:2: %s: %s", t.dir, csv_column(c->key), c->why);
        char *want_bundle = xasprintf("b.json: people[0].%s: %s", c->key, c->why);
        assert_string_equal(csv, want_csv);
        assert_string_equal(bundle, want_bundle);
        free(csv);
        free(bundle);
        free(want_csv);
        free(want_bundle);
        assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM person"), 0);
    }
    buf_free(&long_name);
    assert_int_equal(tu_db_close(&t), 0);
}

/* The probe's 10 MB name: refused by both (the CSV reader stops it as an overlong cell
 * before any rule sees it), nothing stored. */
static void test_ten_megabyte_name_refused(void **state)
{
    (void)state;
    TuDb t;
    assert_int_equal(tu_db_open(&t, "validate-big"), 0);
    tu_exec(t.db, SETUP_SQL);
    size_t n = 10u << 20;
    char *name = xmalloc(n + 1);
    memset(name, 'a', n);
    name[n] = '\0';
    PersonCase c = {"p1", name, "kvinna", "", "", "", "name", ""};
    char *csv = import_csv(&t, &c, name);
    assert_non_null(strstr(csv, "people.csv:2: a field is longer than 1048576 bytes"));
    char *bundle = import_bundle(&t, &c, name);
    assert_string_equal(bundle, "b.json: people[0].name: is 10485760 characters long; at most "
                                "200 are allowed");
    free(csv);
    free(bundle);
    free(name);
    assert_int_equal(tu_query_int(t.db, "SELECT count(*) FROM person"), 0);
    assert_int_equal(tu_db_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email_shape),
        cmocka_unit_test(test_line_rules),
        cmocka_unit_test(test_code_rules),
        cmocka_unit_test(test_gender_words),
        cmocka_unit_test(test_quote),
        cmocka_unit_test(test_importers_refuse_alike),
        cmocka_unit_test(test_ten_megabyte_name_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
