/* test_csv_import.c — unit tests of csv_import.c: people and attendance lists from the
 * fixtures in tests/fixtures (UTF-8 with BOM and `;`, Windows-1252 and `,`), re-import by
 * personnummer, generated ids, every kind of bad file with its exact message, rollback on
 * error, and duplicate rows within a file.
 *
 * Each test gets a fresh database in a mkdtemp directory with one project set up by plain
 * SQL: four municipalities, and activities a1 (sessions s1 2012-03-05, s2 2012-03-06), a2
 * (s1) and a3 (two sessions on the same day). Run from the repository root, or set
 * FIXTURE_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "csv_import.h"
#include "testutil.h"
#include "util.h"

typedef struct Fx {
    TuDb t;       /* the database, with SETUP_SQL */
    Errs errs;    /* the messages of the last import */
} Fx;

static const char SETUP_SQL[] =
    "INSERT INTO project (id, code, name, start_date, end_date) "
    "  VALUES (1, 'p', 'Test', '2012-01-01', '2014-12-31');"
    "INSERT INTO organisation (id, project_id, code, name, kind) VALUES "
    "  (1, 1, 'kba', 'Kungsbacka kommun', 'municipality'),"
    "  (2, 1, 'vbg', 'Varbergs kommun', 'municipality'),"
    "  (3, 1, 'fbg', 'Falkenbergs kommun', 'municipality'),"
    "  (4, 1, 'alv', 'Älvkarleby kommun', 'municipality');"
    "INSERT INTO intervention (id, project_id, code, title) VALUES (1, 1, 'i1', 'Utbildning');"
    "INSERT INTO activity (id, project_id, code, intervention_id, title, kind, status) VALUES "
    "  (1, 1, 'a1', 1, 'Bemötande', 'training', 'held'),"
    "  (2, 1, 'a2', 1, 'IT', 'training', 'held'),"
    "  (3, 1, 'a3', 1, 'Ledarskap', 'training', 'held');"
    "INSERT INTO session (id, activity_id, code, session_date, hours_c) VALUES "
    "  (1, 1, 's1', '2012-03-05', 350), (2, 1, 's2', '2012-03-06', 300),"
    "  (3, 2, 's1', '2012-03-10', 200),"
    "  (4, 3, 's1', '2012-04-01', 200), (5, 3, 's2', '2012-04-01', 200);";

static int setup(void **state)
{
    Fx *fx = xcalloc(1, sizeof *fx);
    errs_init(&fx->errs);
    if (tu_db_open(&fx->t, "csvimp") != 0) {
        free(fx);
        return -1;
    }
    *state = fx;
    tu_exec(fx->t.db, SETUP_SQL);
    return 0;
}

static int teardown(void **state)
{
    Fx *fx = *state;
    int rc = tu_db_close(&fx->t);
    errs_free(&fx->errs);
    free(fx);
    return rc;
}

/* Writes text to a file in the test directory; returns its path (caller frees). */
static char *write_file(Fx *fx, const char *name, const char *text)
{
    char *p = xasprintf("%s/%s", fx->t.dir, name);
    tu_write_file(p, text, strlen(text));
    return p;
}

static int import(Fx *fx, CsvImportKind kind, const char *path, CsvImportStats *st)
{
    return csv_import_file(fx->t.db, tu_manager(), 1, kind, path, NULL, NULL, st, &fx->errs);
}

static int import_fixture(Fx *fx, CsvImportKind kind, const char *name, CsvImportStats *st)
{
    char *p = tu_fixture_path(name);
    int rc = import(fx, kind, p, st);
    free(p);
    return rc;
}

/* One text value from a query into a static buffer ("" for NULL, "?" for no row). */
static const char *q_text(Fx *fx, const char *sql)
{
    static char out[256];
    sqlite3_stmt *st = db_prepare(fx->t.db, sql);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, sizeof out, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
    else
        snprintf(out, sizeof out, "?");
    sqlite3_finalize(st);
    return out;
}

/* True when some message equals "<fixture path><rest>". */
static bool has_msg(Fx *fx, const char *file, const char *rest)
{
    char *want = xasprintf("%s%s", file, rest);
    bool found = false;
    for (size_t i = 0; i < fx->errs.count; i++)
        found |= strcmp(fx->errs.msgs[i], want) == 0;
    if (!found) {
        fprintf(stderr, "wanted: %s\n", want);
        for (size_t i = 0; i < fx->errs.count; i++)
            fprintf(stderr, "   got: %s\n", fx->errs.msgs[i]);
    }
    free(want);
    return found;
}

/* No message may contain any form of a personnummer used in the fixtures. */
static void assert_no_pnr_in_msgs(Fx *fx)
{
    static const char *const parts[] = {"9801", "9802", "2385", "2399", "2396", "0101-", NULL};
    for (size_t i = 0; i < fx->errs.count; i++)
        for (size_t j = 0; parts[j]; j++)
            assert_null(strstr(fx->errs.msgs[i], parts[j]));
}

/* Expects the fixture to fail with INSATS_EINPUT, the database unchanged, and `rest` among
 * the messages. */
static void expect_bad(Fx *fx, CsvImportKind kind, const char *name, const char *rest)
{
    int64_t people = tu_query_int(fx->t.db, "SELECT count(*) FROM person");
    int64_t att = tu_query_int(fx->t.db, "SELECT count(*) FROM attendance");
    char *p = tu_fixture_path(name);
    errs_free(&fx->errs);
    errs_init(&fx->errs);
    assert_int_equal(import(fx, kind, p, NULL), INSATS_EINPUT);
    assert_true(has_msg(fx, p, rest));
    assert_no_pnr_in_msgs(fx);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), people);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance"), att);
    free(p);
}

/* ---- people -------------------------------------------------------------------------- */

static void test_people_utf8_bom_semicolon(void **state)
{
    Fx *fx = *state;
    CsvImportStats st;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", &st), INSATS_OK);
    assert_int_equal(st.rows, 6);
    assert_int_equal(st.inserted, 6);
    assert_int_equal(st.updated, 0);
    assert_string_equal(q_text(fx, "SELECT name || '|' || gender || '|' || organisation_id || "
                                   "'|' || unit || '|' || role || '|' || email "
                                   "FROM person WHERE code = 'd001'"),
                        "Anna Andersson|female|1|Socialförvaltningen|Undersköterska|"
                        "anna.andersson@example.se");
    /* Organisation by id, by name in capitals (Ä folded too); gender spellings. */
    assert_string_equal(q_text(fx, "SELECT gender || organisation_id FROM person "
                                   "WHERE code = 'd002'"), "male2");
    assert_string_equal(q_text(fx, "SELECT gender || organisation_id FROM person "
                                   "WHERE code = 'd005'"), "unknown4");
    assert_string_equal(q_text(fx, "SELECT gender FROM person WHERE code = 'd004'"), "other");
    /* The quoted cell kept its separator and its doubled quotes. */
    assert_string_equal(q_text(fx, "SELECT unit || '|' || role FROM person WHERE code = 'd004'"),
                        "Teknik; fritid och kultur|Samordnare, \"Ankan\"");
    /* A row with only a personnummer got a generated id. */
    assert_string_equal(q_text(fx, "SELECT code FROM person WHERE name = 'Cecilia Öberg'"),
                        "p-1");
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person "
                                            "WHERE pnr_hash IS NOT NULL"), 5);
}

static void test_people_reimport_updates(void **state)
{
    Fx *fx = *state;
    CsvImportStats st;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", &st), INSATS_OK);
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", &st), INSATS_OK);
    assert_int_equal(st.inserted, 0);
    assert_int_equal(st.updated, 6);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), 6);
    /* Found again by personnummer alone: same person, new role; the email column is absent
     * from this file, so the stored address stays. */
    char *p = write_file(fx, "upd.csv", "pnr;namn;organisation;roll\n"
                                        "200002292399;Cecilia Öberg Ek;fbg;Verksamhetschef\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_OK);
    assert_int_equal(st.updated, 1);
    assert_string_equal(q_text(fx, "SELECT name || '|' || role || '|' || email || '|' || gender "
                                   "FROM person WHERE code = 'p-1'"),
                        "Cecilia Öberg Ek|Verksamhetschef|cecilia.oberg@example.se|female");
    free(p);
    /* A new person known only by personnummer gets the next generated id. */
    p = write_file(fx, "new.csv", "personnummer,name,organisation\n"
                                  "191401682396,Eva Ärlig,alv\n"
                                  "189001019802,Gustav Ståhl,vbg\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_OK);
    assert_int_equal(st.updated, 2);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), 6);
    free(p);
}

static void test_people_cp1252_comma(void **state)
{
    Fx *fx = *state;
    CsvImportStats st;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare-1252.csv", &st),
                     INSATS_OK);
    assert_int_equal(st.inserted, 3);
    assert_string_equal(q_text(fx, "SELECT name || '|' || unit || '|' || role || '|' || "
                                   "organisation_id FROM person WHERE code = 'e002'"),
                        "Örjan Älv|Vård, omsorg|Sjuksköterska|4");
    assert_string_equal(q_text(fx, "SELECT name || gender FROM person WHERE code = 'e003'"),
                        "Märta Åbergunknown");
}

static void test_people_bad_files(void **state)
{
    Fx *fx = *state;
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-gender.csv",
               ":3: kön: \"kv\" is not one of kvinna, man, annat, okänt (female, male, other, "
               "unknown)");
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-organisation.csv",
               ":2: organisation: no organisation with the id or name \"Halmstads kommun\"");
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-checkdigit.csv",
               ":2: personnummer: wrong check digit");
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-quote.csv",
               ":3: unterminated quoted field (a \" in the record starting here is never "
               "closed)");
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-missing-column.csv",
               ":1: no column for the name (expected one of: namn, name, förnamn + efternamn)");
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-duplicate.csv",
               ":3: id: \"x001\" is also on line 2");
    char *p = tu_fixture_path("bad-people-duplicate.csv");
    assert_true(has_msg(fx, p, ":4: personnummer: the same personnummer is also on line 2"));
    free(p);
}

static void test_people_every_error_collected(void **state)
{
    Fx *fx = *state;
    char *p = write_file(fx, "many.csv",
                         "id;namn;kön;organisation;e-post;personnummer\n"
                         "a;;kv;nowhere;not-an-address;19000101-9802\n"
                         ";Ada;k;kba;;\n"
                         "b;Bo;m;kba;;19001301-9801\n"
                         "c;Cy;m;kba;;2001-01-01\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, NULL), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":2: namn: missing (every person needs a name)"));
    assert_true(has_msg(fx, p, ":2: kön: \"kv\" is not one of kvinna, man, annat, okänt "
                               "(female, male, other, unknown)"));
    assert_true(has_msg(fx, p, ":2: organisation: no organisation with the id or name "
                               "\"nowhere\""));
    assert_true(has_msg(fx, p, ":2: e-post: not an e-mail address (expected "
                               "name@example.se)"));
    assert_true(has_msg(fx, p, ":2: personnummer: wrong check digit"));
    assert_true(has_msg(fx, p, ":3: id: missing (a person needs an id or a personnummer)"));
    assert_true(has_msg(fx, p, ":4: personnummer: impossible date of birth"));
    assert_true(has_msg(fx, p, ":5: personnummer: not a personnummer (expected "
                               "YYYYMMDD-NNNN)"));
    assert_int_equal(fx->errs.count, 8);
    assert_no_pnr_in_msgs(fx);
    for (size_t i = 0; i < fx->errs.count; i++)
        assert_null(strstr(fx->errs.msgs[i], "1900"));
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), 0);
    free(p);
}

static void test_people_pnr_of_another_person(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    char *p = write_file(fx, "other.csv", "id;namn;organisation;personnummer\n"
                                          "zz;Zlatan;kba;190001019801\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, NULL), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":2: personnummer: the personnummer belongs to the person with "
                               "id \"d001\", not to \"zz\""));
    assert_no_pnr_in_msgs(fx);
    free(p);
}

static void test_people_empty_and_header_only(void **state)
{
    Fx *fx = *state;
    CsvImportStats st;
    char *p = write_file(fx, "empty.csv", "");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ": the file is empty (expected a header line, then one row per "
                               "person)"));
    free(p);
    p = write_file(fx, "header.csv", "id;namn;organisation\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_OK);
    assert_int_equal(st.rows, 0);
    free(p);
    p = write_file(fx, "wide.csv", "id;namn;organisation\nq;Q;kba;;\nr;R;kba;x\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":3: 4 fields, but the header has 3 (a separator too many, or a "
                               "cell that needs quotes?)"));
    assert_int_equal(fx->errs.count, 2);
    free(p);
}

/* A row with fewer cells than the header has lost a separator or been broken in two: its
 * cells would land in the wrong columns, and the missing ones would clear stored values. */
static void test_people_short_row(void **state)
{
    Fx *fx = *state;
    CsvImportStats st;
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-short-row.csv",
               ":4: 3 fields, but the header has 5 (a separator missing, or a line broken in "
               "two?)");
    /* Only that message: the cells of a short row are not checked column by column. */
    assert_int_equal(fx->errs.count, 1);

    char *p = write_file(fx, "full.csv", "id;namn;kommun;e-post;enhet\n"
                                         "x1;Åsa Test;alv;asa@example.se;Skola\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_OK);
    free(p);
    p = write_file(fx, "short.csv", "id;namn;kommun;e-post;enhet\nx1;Åsa Test;alv\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":2: 3 fields, but the header has 5 (a separator missing, or a "
                               "line broken in two?)"));
    assert_string_equal(q_text(fx, "SELECT email || '|' || unit FROM person WHERE code = 'x1'"),
                        "asa@example.se|Skola");
    free(p);

    /* Empty cells written out are a deliberate clear; blank lines are skipped. */
    errs_free(&fx->errs);
    errs_init(&fx->errs);
    p = write_file(fx, "clear.csv", "id;namn;kommun;e-post;enhet\n\n\r\nx1;Åsa Test;alv;;\n\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_OK);
    assert_int_equal(st.rows, 1);
    assert_string_equal(q_text(fx, "SELECT coalesce(email, '-') || '|' || coalesce(unit, '-') "
                                   "FROM person WHERE code = 'x1'"), "-|-");
    free(p);

    /* Empty cells at the end of the header name no column, so a row need not have them. */
    p = write_file(fx, "trail.csv", "id;namn;kommun;;\nx2;Bo Test;alv\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, &st), INSATS_OK);
    assert_int_equal(fx->errs.count, 0);
    free(p);
}

/* Two columns that give the same value leave it to chance which one counts: refused on the
 * header line, naming both columns as written. */
static void test_people_duplicate_columns(void **state)
{
    Fx *fx = *state;
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-duplicate-column.csv",
               ":1: kommun and kommun both give the organisation; keep one");
    assert_int_equal(fx->errs.count, 1);
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-pnr-columns.csv",
               ":1: personnummer and pnr both give the personnummer; keep one");
    assert_int_equal(fx->errs.count, 1);
    expect_bad(fx, CSV_IMPORT_PEOPLE, "bad-people-name-columns.csv",
               ":1: namn and förnamn + efternamn both give the name; keep one");
    assert_int_equal(fx->errs.count, 1);

    char *p = write_file(fx, "names.csv", "Id;Förnamn;Namn;Organisation\nx1;Karin;Karin Berg;kba\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, NULL), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":1: Namn and Förnamn both give the name; keep one"));
    free(p);
    errs_free(&fx->errs);
    errs_init(&fx->errs);
    /* Every header problem at once: three duplicated groups and a missing column. */
    p = write_file(fx, "many.csv", "name;E-post;id;förnamn;first name;email;deltagar-id;"
                                   "efternamn\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, NULL), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":1: E-post and email both give the e-mail address; keep one"));
    assert_true(has_msg(fx, p, ":1: id and deltagar-id both give the person's id; keep one"));
    assert_true(has_msg(fx, p, ":1: förnamn and first name both give the first name; keep "
                               "one"));
    assert_true(has_msg(fx, p, ":1: name and förnamn + efternamn both give the name; keep "
                               "one"));
    assert_true(has_msg(fx, p, ":1: no column for the organisation (expected one of: "
                               "organisation, kommun, arbetsgivare, organization)"));
    assert_int_equal(fx->errs.count, 5);
    free(p);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), 0);

    /* Columns the importer does not know are ignored, even twice and even unnamed. */
    errs_free(&fx->errs);
    errs_init(&fx->errs);
    p = write_file(fx, "extra.csv", "anteckning;id;;namn;organisation;anteckning\n"
                                    "vad som helst;x1;?;Karin Berg;kba;19000101-98\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, NULL), INSATS_OK);
    assert_int_equal(fx->errs.count, 0);
    assert_string_equal(q_text(fx, "SELECT name FROM person WHERE code = 'x1'"), "Karin Berg");
    free(p);
}

/* Every message of a personnummer that stands in the wrong column (a shifted row, a number
 * typed into the gender column) must not show the number in full. The masking itself is
 * errs_add's, for every message of the program; this checks the CSV import's paths. */
static void test_pnr_in_wrong_column_not_echoed(void **state)
{
    Fx *fx = *state;
    /* Skatteverket's test numbers, each as its date of birth and its last four digits. */
    static const char *const births[] = {"18900101", "19000101", "19900101", "20000229"};
    static const char *const lasts[] = {"9802", "9801", "2385", "2399"};
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    char *p = write_file(fx, "wrong.csv",
                         "id;namn;kön;organisation\n"
                         "w1;Karin Berg;19000101-9801;kba\n"
                         "w2;Lars Berg;m;189001019802\n"
                         "w3;Mia Berg;900101-2385;000229-2399\n"
                         "w4;Nils Berg;20000229-2399;19900101-2385\n");
    assert_int_equal(import(fx, CSV_IMPORT_PEOPLE, p, NULL), INSATS_EINPUT);
    assert_true(fx->errs.count >= 6);
    free(p);
    p = write_file(fx, "wrong-att.csv", "aktivitet;tillfälle;deltagare;närvaro;timmar\n"
                                        "a1;s1;190001019801;ja;3\n"
                                        "a1;s1;d001;200002292399;3\n"
                                        "a1;s1;d002;ja;19900101-2385\n");
    assert_int_equal(import(fx, CSV_IMPORT_ATTENDANCE, p, NULL), INSATS_EINPUT);
    assert_true(fx->errs.count >= 9);
    free(p);
    for (size_t i = 0; i < fx->errs.count; i++) {
        const char *m = fx->errs.msgs[i];
        for (size_t k = 0; k < sizeof births / sizeof *births; k++) {
            /* The last four digits right after the date of birth, in the long or short form,
             * with or without a separator. */
            char forms[4][16];
            snprintf(forms[0], sizeof forms[0], "%s%s", births[k] + 2, lasts[k]);
            snprintf(forms[1], sizeof forms[1], "%s-%s", births[k] + 2, lasts[k]);
            snprintf(forms[2], sizeof forms[2], "%s+%s", births[k] + 2, lasts[k]);
            snprintf(forms[3], sizeof forms[3], "%s %s", births[k] + 2, lasts[k]);
            for (size_t f = 0; f < 4; f++) {
                if (strstr(m, forms[f]))
                    fprintf(stderr, "personnummer in full: %s\n", m);
                assert_null(strstr(m, forms[f]));
            }
        }
    }
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), 6);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance"), 0);
}

/* ---- attendance ---------------------------------------------------------------------- */

static void test_attendance(void **state)
{
    Fx *fx = *state;
    CsvImportStats st;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    assert_int_equal(import_fixture(fx, CSV_IMPORT_ATTENDANCE, "narvaro.csv", &st), INSATS_OK);
    assert_int_equal(st.rows, 7);
    assert_int_equal(st.inserted, 6);
    assert_int_equal(st.updated, 0);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance"), 6);
    /* The import switches foreign key checks off for speed; they must be back on. */
    char fk[8];
    assert_int_equal(db_setting(fx->t.db, "foreign_keys", fk, sizeof fk), INSATS_OK);
    assert_string_equal(fk, "1");
    assert_int_equal(db_verify(fx->t.db, &fx->errs), INSATS_OK);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT present FROM attendance a JOIN person p "
                                            "ON p.id = a.person_id "
                                            "WHERE session_id = 1 AND code = 'd002'"), 0);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT present FROM attendance a JOIN person p "
                                            "ON p.id = a.person_id "
                                            "WHERE session_id = 1 AND code = 'p-1'"), 1);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance "
                                            "WHERE session_id = 2 AND present = 1"), 2);
    /* Again: every row now exists, so all are updates. */
    assert_int_equal(import_fixture(fx, CSV_IMPORT_ATTENDANCE, "narvaro.csv", &st), INSATS_OK);
    assert_int_equal(st.inserted, 0);
    assert_int_equal(st.updated, 6);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance"), 6);
}

static void test_attendance_bad_files(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    expect_bad(fx, CSV_IMPORT_ATTENDANCE, "bad-attendance-session.csv",
               ":3: tillfälle: activity \"a1\" has no session with the id \"s9\"");
    char fk[8];
    assert_int_equal(db_setting(fx->t.db, "foreign_keys", fk, sizeof fk), INSATS_OK);
    assert_string_equal(fk, "1");
    expect_bad(fx, CSV_IMPORT_ATTENDANCE, "bad-attendance-missing-column.csv",
               ":1: no column for attendance (expected one of: närvaro, närvarande, present, "
               "attended)");
    expect_bad(fx, CSV_IMPORT_ATTENDANCE, "bad-attendance-conflict.csv",
               ":4: närvaro: \"nej\" contradicts line 2 for the same person and session");
    expect_bad(fx, CSV_IMPORT_ATTENDANCE, "bad-attendance-reference.csv",
               ":2: activity: no activity with the id \"a9\"");
    char *p = tu_fixture_path("bad-attendance-reference.csv");
    assert_true(has_msg(fx, p, ":3: date: activity \"a1\" has no session on 2012-03-07"));
    assert_true(has_msg(fx, p, ":4: person: no person with the id \"d999\""));
    assert_true(has_msg(fx, p, ":5: present: \"maybe\" is not ja or nej (also accepted: x, "
                               "1/0, yes/no, närvarande/frånvarande)"));
    assert_true(has_msg(fx, p, ":6: present: missing (expected ja or nej)"));
    assert_true(has_msg(fx, p, ":6: hours: \"two\" is not a number of hours (such as 2,5)"));
    assert_true(has_msg(fx, p, ":7: date: activity \"a3\" has 2 sessions on 2012-04-01; name "
                               "the session in a tillfälle (session) column"));
    assert_int_equal(fx->errs.count, 7);
    free(p);
}

/* Short rows and duplicated columns are refused in attendance lists too. */
static void test_attendance_short_row_and_duplicate_columns(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    expect_bad(fx, CSV_IMPORT_ATTENDANCE, "bad-attendance-short-row.csv",
               ":3: 3 fields, but the header has 4 (a separator missing, or a line broken in "
               "two?)");
    assert_int_equal(fx->errs.count, 1);
    expect_bad(fx, CSV_IMPORT_ATTENDANCE, "bad-attendance-duplicate-column.csv",
               ":1: deltagare and person both give the person's id; keep one");
    assert_int_equal(fx->errs.count, 1);
    /* A session and a date column are not a duplicate: the date is the fallback. */
    errs_free(&fx->errs);
    errs_init(&fx->errs);
    char *p = write_file(fx, "both.csv", "aktivitet;tillfälle;datum;deltagare;närvaro;"
                                         "närvarande;timmar;hours\n");
    assert_int_equal(import(fx, CSV_IMPORT_ATTENDANCE, p, NULL), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":1: närvaro and närvarande both give attendance; keep one"));
    assert_true(has_msg(fx, p, ":1: timmar and hours both give the hours; keep one"));
    assert_int_equal(fx->errs.count, 2);
    free(p);
}

static void test_attendance_by_pnr_errors(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    assert_int_equal(sqlite3_exec(fx->t.db->h, "DELETE FROM person WHERE code = 'd006'", NULL,
                                  NULL, NULL), SQLITE_OK);
    char *p = write_file(fx, "pnr.csv", "aktivitet;tillfälle;personnummer;deltagare;närvaro\n"
                                        "a1;s1;19000101-9802;;ja\n"
                                        "a1;s1;18900101-9802;;ja\n"
                                        "a1;s1;190001019801;d002;ja\n"
                                        "a1;s1;190001019801;d001;ja\n");
    assert_int_equal(import(fx, CSV_IMPORT_ATTENDANCE, p, NULL), INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":2: personnummer: wrong check digit"));
    assert_true(has_msg(fx, p, ":3: personnummer: no person in the project has this "
                               "personnummer"));
    assert_true(has_msg(fx, p, ":4: personnummer: the personnummer belongs to another person "
                               "than \"d002\""));
    assert_int_equal(fx->errs.count, 3);
    assert_no_pnr_in_msgs(fx);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance"), 0);
    free(p);
}

/* ---- on a coordinator's behalf --------------------------------------------------------- */

/* The coordinator of Kungsbacka (organisation 1). */
static const Actor *kba_coordinator(void)
{
    static Actor a;
    a = (Actor){.role = ROLE_COORDINATOR, .organisation_id = 1, .user_id = 5};
    snprintf(a.login, sizeof a.login, "%s", "kba-samordnare");
    return &a;
}

static int import_as(Fx *fx, const Actor *a, CsvImportKind kind, const char *path,
                     CsvImportStats *st)
{
    return csv_import_file(fx->t.db, a, 1, kind, path, NULL, NULL, st, &fx->errs);
}

/* A coordinator's people list with rows of other organisations is refused whole, each such row
 * with its line, column and reason; a list of their own organisation goes in. */
static void test_coordinator_people(void **state)
{
    Fx *fx = *state;
    char *p = tu_fixture_path("deltagare.csv");
    assert_int_equal(import_as(fx, kba_coordinator(), CSV_IMPORT_PEOPLE, p, NULL),
                     INSATS_EINPUT);
    static const char why[] = "is another organisation than yours: a coordinator imports the "
                              "people of their own organisation only";
    char *want = xasprintf(":3: Kommun: \"vbg\" %s", why);
    assert_true(has_msg(fx, p, want));
    free(want);
    want = xasprintf(":4: Kommun: \"FALKENBERGS KOMMUN\" %s", why);
    assert_true(has_msg(fx, p, want));
    free(want);
    /* lines 3, 4, 6 and 7 are of other organisations; 2 and 5 are Kungsbacka's */
    assert_int_equal(fx->errs.count, 4);
    assert_no_pnr_in_msgs(fx);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), 0);
    free(p);

    errs_free(&fx->errs);
    errs_init(&fx->errs);
    p = write_file(fx, "kba.csv", "id;namn;kommun\nk1;Karin Kungsbacka;kba\n"
                                  "k2;Kalle Kungsbacka;Kungsbacka kommun\n");
    CsvImportStats st;
    assert_int_equal(import_as(fx, kba_coordinator(), CSV_IMPORT_PEOPLE, p, &st), INSATS_OK);
    assert_int_equal(st.inserted, 2);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person WHERE"
                                            " organisation_id = 1"), 2);
    free(p);
}

/* An update of another organisation's person, by id or by personnummer, is refused: it would
 * move the person into the coordinator's organisation. */
static void test_coordinator_people_of_another(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    int64_t before = tu_query_int(fx->t.db, "SELECT count(*) FROM person");
    char *p = write_file(fx, "move.csv", "id;namn;kommun;personnummer\n"
                                         "d002;Bertil Ek;kba;\n"
                                         ";Gustav Ståhl;kba;18900101-9802\n"
                                         "d001;Anna Andersson;kba;\n");
    assert_int_equal(import_as(fx, kba_coordinator(), CSV_IMPORT_PEOPLE, p, NULL),
                     INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":2: id: a person of another organisation has this id: a "
                               "coordinator changes the people of their own organisation only"));
    assert_true(has_msg(fx, p, ":3: personnummer: a person of another organisation has this "
                               "personnummer: a coordinator changes the people of their own "
                               "organisation only"));
    assert_int_equal(fx->errs.count, 2);
    assert_no_pnr_in_msgs(fx);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), before);
    assert_string_equal(q_text(fx, "SELECT o.code FROM person p JOIN organisation o"
                                   " ON o.id = p.organisation_id WHERE p.code = 'd002'"),
                        "vbg");
    free(p);
}

/* A coordinator's attendance list may name only their organisation's people: another's is "no
 * person … in your organisation", word for word as for an id that does not exist, and nothing
 * is stored. */
static void test_coordinator_attendance(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import_fixture(fx, CSV_IMPORT_PEOPLE, "deltagare.csv", NULL), INSATS_OK);
    char *p = tu_fixture_path("narvaro.csv");
    assert_int_equal(import_as(fx, kba_coordinator(), CSV_IMPORT_ATTENDANCE, p, NULL),
                     INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":3: Deltagare: no person with the id \"d002\" in your "
                               "organisation"));
    assert_true(has_msg(fx, p, ":6: Deltagare: no person with the id \"d002\" in your "
                               "organisation"));
    assert_true(has_msg(fx, p, ":4: Personnummer: no person of your organisation has this "
                               "personnummer"));
    assert_int_equal(fx->errs.count, 3);
    assert_no_pnr_in_msgs(fx);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance"), 0);
    free(p);

    errs_free(&fx->errs);
    errs_init(&fx->errs);
    p = write_file(fx, "own.csv", "aktivitet;tillfälle;deltagare;närvaro\n"
                                  "a1;s1;d001;ja\na1;s1;d999;ja\na2;s1;d004;ja\n");
    assert_int_equal(import_as(fx, kba_coordinator(), CSV_IMPORT_ATTENDANCE, p, NULL),
                     INSATS_EINPUT);
    assert_true(has_msg(fx, p, ":3: deltagare: no person with the id \"d999\" in your "
                               "organisation"));
    assert_int_equal(fx->errs.count, 1);
    free(p);
    errs_free(&fx->errs);
    errs_init(&fx->errs);
    p = write_file(fx, "own2.csv", "aktivitet;tillfälle;deltagare;närvaro\n"
                                   "a1;s1;d001;ja\na2;s1;d004;ja\n");
    CsvImportStats st;
    assert_int_equal(import_as(fx, kba_coordinator(), CSV_IMPORT_ATTENDANCE, p, &st),
                     INSATS_OK);
    assert_int_equal(st.inserted, 2);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance"), 2);
    free(p);
}

/* Roles other than the manager and the coordinators import nothing. */
static void test_import_roles(void **state)
{
    Fx *fx = *state;
    static const Role refused[] = {ROLE_ADMIN, ROLE_ECONOMIST, ROLE_TRAINER, ROLE_READER,
                                   ROLE_EVALUATOR};
    char *p = write_file(fx, "kba.csv", "id;namn;kommun\nk1;Karin Kungsbacka;kba\n");
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        Actor a = {.role = refused[i], .organisation_id = 1};
        errs_free(&fx->errs);
        errs_init(&fx->errs);
        assert_int_equal(import_as(fx, &a, CSV_IMPORT_PEOPLE, p, NULL), INSATS_EFORBIDDEN);
        assert_false(csv_import_allowed(&a));
        assert_non_null(strstr(fx->errs.msgs[0], "may not import"));
        assert_int_equal(csv_import_data(fx->t.db, &a, 1, CSV_IMPORT_PEOPLE, "up.csv", "x", 1,
                                         true, NULL, &fx->errs),
                         INSATS_EFORBIDDEN);
    }
    /* A coordinator without an organisation is no coordinator of anyone's. */
    Actor none = {.role = ROLE_COORDINATOR};
    assert_false(csv_import_allowed(&none));
    assert_true(csv_import_allowed(kba_coordinator()));
    assert_true(csv_import_allowed(tu_manager()));
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person"), 0);
    free(p);
}

/* Progress arrives every 50,000 rows and once at the end; a many-row file stays exact. */
static size_t g_progress_calls;
static void on_progress(void *ctx, const char *stage, size_t done, size_t total)
{
    (void)ctx;
    (void)total;
    assert_string_equal(stage, "attendance");
    assert_true(done > 0);
    g_progress_calls++;
}

static void test_attendance_many_rows(void **state)
{
    Fx *fx = *state;
    /* 400 people × 3 sessions × repeated twice = 2,400 rows, 1,200 distinct pairs. */
    Buf sql = {0};
    buf_puts(&sql, "BEGIN;");
    for (int i = 0; i < 400; i++)
        buf_printf(&sql, "INSERT INTO person (project_id, code, name, gender, organisation_id) "
                         "VALUES (1, 'm%d', 'M', 'unknown', 1);", i);
    buf_puts(&sql, "COMMIT;");
    assert_int_equal(sqlite3_exec(fx->t.db->h, sql.data, NULL, NULL, NULL), SQLITE_OK);
    buf_free(&sql);
    Buf csv = {0};
    buf_puts(&csv, "activity;session;person;present\n");
    for (int rep = 0; rep < 2; rep++)
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < 400; i++)
                buf_printf(&csv, "%s;s%d;m%d;%s\n", s == 2 ? "a2" : "a1", s == 2 ? 1 : s + 1, i,
                           i % 3 ? "ja" : "nej");
    char *p = write_file(fx, "many.csv", csv.data);
    buf_free(&csv);
    CsvImportStats st;
    g_progress_calls = 0;
    assert_int_equal(csv_import_file(fx->t.db, tu_manager(), 1, CSV_IMPORT_ATTENDANCE, p,
                                     on_progress, NULL, &st, &fx->errs),
                     INSATS_OK);
    assert_int_equal(fx->errs.count, 0);
    assert_int_equal(st.rows, 2400);
    assert_int_equal(st.inserted, 1200);
    assert_int_equal(g_progress_calls, 1);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM attendance WHERE present = 1"),
                     798);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_people_utf8_bom_semicolon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_reimport_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_cp1252_comma, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_every_error_collected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_pnr_of_another_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_empty_and_header_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_short_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_duplicate_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pnr_in_wrong_column_not_echoed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance_short_row_and_duplicate_columns, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attendance_by_pnr_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance_many_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coordinator_people, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coordinator_people_of_another, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coordinator_attendance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_roles, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
