/* test_bundle_import.c — the bundle import (docs/bundle-format.md): the complete fixture
 * imports, every bad fixture is refused with its message and leaves the database exactly as it
 * was, all errors are reported together, re-import upserts, and a personnummer survives a
 * re-import that does not carry it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "db.h"
#include "people.h"
#include "testutil.h"
#include "util.h"

/* The fixture is a bare temporary database; each test imports what it needs. */
typedef TuDb Fx;

static int setup(void **state)
{
    setenv("INSATS_TODAY", "2013-06-01", 1);
    *state = tu_db_new("bundle");
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

/* A fingerprint of every row of every table: any change to the database changes it. The
 * personnummer cipher is re-sealed with a fresh nonce on each write, so a re-import changes it
 * by design; with_cipher false leaves it out. */
static char *fingerprint(Fx *fx, bool with_cipher)
{
    Buf out = {0};
    sqlite3_stmt *tables = db_prepare(fx->db,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> 'audit_log' ORDER BY name");
    /* The audit trail is left out: it records each import, and only grows. */
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = db_col_text(tables, 0);
        /* Column 1 is each table's key or its first part (some tables have one column). */
        char *sql = xasprintf("SELECT * FROM \"%s\" ORDER BY 1", name);
        sqlite3_stmt *st = db_prepare(fx->db, sql);
        buf_printf(&out, "[%s]\n", name);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                if (!with_cipher && strcmp(sqlite3_column_name(st, c), "pnr_cipher") == 0)
                    continue;
                const unsigned char *b = sqlite3_column_blob(st, c);
                int n = sqlite3_column_bytes(st, c);
                buf_putc(&out, '|');
                for (int k = 0; k < n; k++)
                    buf_printf(&out, "%02x", b[k]);
            }
            buf_putc(&out, '\n');
        }
        sqlite3_finalize(st);
        free(sql);
    }
    sqlite3_finalize(tables);
    return buf_steal(&out);
}

static char *db_fingerprint(Fx *fx)
{
    return fingerprint(fx, true);
}

/* True when some message contains needle. */
static bool has_msg(const Errs *errs, const char *needle)
{
    for (size_t i = 0; i < errs->count; i++)
        if (strstr(errs->msgs[i], needle))
            return true;
    return false;
}

/* The fixture uses every key of every section; all of it must land in the tables. */
static void test_fixture_imports(void **state)
{
    Fx *fx = *state;
    BundleStats stats;
    tu_import_fixture(fx->db, "bundle-min.json", &stats);
    assert_string_equal(stats.project_code, "kompetens-vrmland");
    assert_int_equal(stats.attendance, 4);
    assert_true(stats.records > 40);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM person"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM person WHERE pnr_hash IS NOT NULL"),
                     1);
    assert_int_equal(tu_query_int(fx->db, "SELECT hourly_cost_ore FROM organisation "
                                          "WHERE code = 'sunne'"), 34950);
    assert_int_equal(tu_query_int(fx->db, "SELECT cost_ore FROM activity WHERE code = 'a1'"),
                     1250025);
    assert_int_equal(tu_query_int(fx->db, "SELECT hours_c FROM session WHERE code = 's1'"), 650);
    assert_int_equal(tu_query_int(fx->db, "SELECT amount_ore FROM cost_entry WHERE code = 'k2'"),
                     -50000);
    assert_int_equal(tu_query_int(fx->db, "SELECT budget_tolerance_bp FROM project"), 1000);
    assert_int_equal(tu_query_int(fx->db, "SELECT certificate_threshold_bp FROM project"), 8000);
    assert_int_equal(tu_query_int(fx->db, "SELECT proposals_paused FROM project"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM project p JOIN organisation o "
                                          "ON o.id = p.owner_org_id WHERE o.code = 'sunne'"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT target_c FROM goal WHERE code = 'g2'"), 7550);
    assert_int_equal(tu_query_int(fx->db, "SELECT v.value_c FROM goal g JOIN goal_value v"
                                          " ON v.goal_id = g.id WHERE g.code = 'g4'"
                                          " AND v.measured_on = '2013-12-31'"
                                          " AND v.source = 'Personalstatistik 2013'"), 425);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM goal_value"), 2);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM intervention"
                                          " WHERE completed_on = '2012-06-30' AND code = 'i2'"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM intervention"
                                          " WHERE completed_on IS NULL AND code = 'i1'"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM answer"), 4);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM phase"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM competence_area"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM proposal_event"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM activity_organisation"), 2);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM membership"), 2);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM budget_line"), 4);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM meeting_attendee"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM decision"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM action_item"), 2);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM narrative WHERE period IS NULL"),
                     1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM narrative"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM dissemination"), 2);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM deviation "
                                          "WHERE reported_to_funder"), 1);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_verify(fx->db, &errs), INSATS_OK);
    errs_free(&errs);
}

typedef struct BadCase {
    const char *file;
    const char *message;   /* a substring one of the messages must contain */
} BadCase;

static const BadCase bad_cases[] = {
    {"bad-syntax.json", "bad-syntax.json:14:"},
    {"bad-syntax.json", "JSON syntax error"},
    /* jansson quotes the text where it stopped ("near '-9802'"); digits there are dropped. */
    {"bad-syntax-personnummer.json", "bad-syntax-personnummer.json:4:55: JSON syntax error: "
     "'}' expected"},
    {"bad-types.json", "people[1].name: expected a string, got a number"},
    {"bad-types.json", "interventions[0].completed: expected a boolean, got a string"},
    {"bad-reference.json", "activities[1].intervention: unknown intervention \"i9\""},
    {"bad-duplicate-id.json", "people[3].id: duplicate id \"p2\" (also people[1])"},
    {"bad-date.json",
     "activities[0].sessions[1].date: \"2012-02-30\" is not a date (YYYY-MM-DD)"},
    {"bad-personnummer.json", "people[0].personnummer: "},
    {"bad-unknown-key.json", "organisations[0].colour: unknown key"},
    {"bad-enum.json",
     "people[2].gender: \"kv\" is not one of kvinna, man, annat, okänt (female, male, other, "
     "unknown)"},
    {"bad-money.json", "budget.costs[0].amount: 12.345 is not a number with at most 2 decimals"},
    {"bad-goal-question.json", "goals[1].measure.question: survey \"e1\" asks no question \"q7\""},
    {"bad-goal-gender.json",
     "goals[1].measure.gender: \"unknown\" is not one of female, male, other for kind "
     "survey_share"},
    {"bad-goal-param.json",
     "goals[0].measure.group: kind participants does not use group (it uses organisation, "
     "gender, intervention)"},
    {"bad-duplicate-attendance.json",
     "activities[0].attendance[4]: the same person and session as activities[0].attendance[0]"},
};

/* Each bad bundle: exit status 3, the expected message, and not one byte changed — on an
 * empty database and on one that already holds the project. */
static void test_bad_fixtures(void **state)
{
    Fx *fx = *state;
    for (int round = 0; round < 2; round++) {
        if (round == 1)
            tu_import_fixture(fx->db, "bundle-min.json", NULL);
        for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
            char *before = db_fingerprint(fx);
            Errs errs;
            errs_init(&errs);
            int rc = tu_try_import_fixture(fx->db, bad_cases[i].file, NULL, &errs);
            if (rc != INSATS_EINPUT || !has_msg(&errs, bad_cases[i].message)) {
                fprintf(stderr, "%s: wanted \"%s\", got:\n", bad_cases[i].file,
                        bad_cases[i].message);
                errs_print(&errs, stderr);
            }
            assert_int_equal(rc, INSATS_EINPUT);
            assert_true(has_msg(&errs, bad_cases[i].message));
            /* A personnummer is never echoed, in any form. */
            assert_false(has_msg(&errs, "9802"));
            char *after = db_fingerprint(fx);
            assert_string_equal(before, after);
            free(before);
            free(after);
            errs_free(&errs);
        }
    }
}

/* The personnummer message says what is wrong without the number. */
static void test_bad_personnummer_message(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(tu_try_import_fixture(fx->db, "bad-personnummer.json", NULL, &errs),
                     INSATS_EINPUT);
    assert_int_equal(errs_total(&errs), 1);
    assert_non_null(strstr(errs.msgs[0], "check digit"));
    errs_free(&errs);
}

/* Four unrelated errors in one bundle: all four are reported in one run. */
static void test_all_errors_reported(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(tu_try_import_fixture(fx->db, "bad-many.json", NULL, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "people[2].gender: \"kv\" is not one of"));
    assert_true(has_msg(&errs, "activities[1].intervention: unknown intervention \"i9\""));
    assert_true(has_msg(&errs, "organisations[0].colour: unknown key"));
    assert_true(has_msg(&errs, "meetings[0].date: \"2012-13-01\" is not a date"));
    assert_int_equal(errs_total(&errs), 4);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM project"), 0);
    errs_free(&errs);
}

/* Importing the same bundle twice changes nothing but the personnummer's nonce. */
static void test_reimport_idempotent(void **state)
{
    Fx *fx = *state;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    char *before = fingerprint(fx, false);
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    char *after = fingerprint(fx, false);
    assert_string_equal(before, after);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM person WHERE pnr_hash IS NOT NULL"),
                     1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM attendance"), 4);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM session"), 2);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM proposal_event"), 3);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM competence_area"), 3);
    free(before);
    free(after);
}

/* Builds a bundle from the fixture with a change, imports it, and returns the status. */
static int import_changed(Fx *fx, void (*change)(json_t *root), Errs *errs)
{
    json_t *root = tu_load_jsonc("bundle-min.json");
    change(root);
    int rc = bundle_import_json(fx->db, root, "changed.json", NULL, NULL, NULL, errs);
    json_decref(root);
    return rc;
}

static void drop_pnr_rename(json_t *root)
{
    json_t *p1 = json_array_get(json_object_get(root, "people"), 0);
    json_object_del(p1, "personnummer");
    json_object_set_new(p1, "name", json_string("Anna Nyberg"));
    json_object_set_new(json_object_get(root, "project"), "name", json_string("Nytt namn"));
}

/* Without personnummer the stored one stays; changed names are updated. */
static void test_reimport_keeps_pnr_updates_names(void **state)
{
    Fx *fx = *state;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    sqlite3_stmt *st = db_prepare(fx->db, "SELECT pnr_hash FROM person WHERE code = 'p1'");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    unsigned char hash[32];
    assert_int_equal(sqlite3_column_bytes(st, 0), 32);
    memcpy(hash, sqlite3_column_blob(st, 0), 32);
    sqlite3_finalize(st);

    Errs errs;
    errs_init(&errs);
    assert_int_equal(import_changed(fx, drop_pnr_rename, &errs), INSATS_OK);
    errs_free(&errs);
    st = db_prepare(fx->db, "SELECT pnr_hash, name FROM person WHERE code = 'p1'");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_bytes(st, 0), 32);
    assert_memory_equal(sqlite3_column_blob(st, 0), hash, 32);
    assert_string_equal(db_col_text(st, 1), "Anna Nyberg");
    sqlite3_finalize(st);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM project WHERE name = 'Nytt namn'"),
                     1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM person"), 3);
    errs_init(&errs);
    assert_int_equal(people_find_by_pnr(fx->db, tu_query_int(fx->db, "SELECT id FROM project"),
                                                                     "189001019802", &errs),
                     tu_query_int(fx->db, "SELECT id FROM person WHERE code = 'p1'"));
    errs_free(&errs);
}

static void give_p3_p1s_pnr(json_t *root)
{
    json_t *people = json_object_get(root, "people");
    json_object_del(json_array_get(people, 0), "personnummer");
    json_object_set_new(json_array_get(people, 2), "personnummer", json_string("900101+9802"));
}

/* A personnummer that already belongs to another person is refused, without the number. */
static void test_pnr_of_another_person(void **state)
{
    Fx *fx = *state;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    char *before = db_fingerprint(fx);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(import_changed(fx, give_p3_p1s_pnr, &errs), INSATS_EINPUT);
    assert_true(has_msg(&errs, "people[2]: personnummer: already belongs to another person"));
    assert_false(has_msg(&errs, "9802"));
    char *after = db_fingerprint(fx);
    assert_string_equal(before, after);
    free(before);
    free(after);
    errs_free(&errs);
}

static void only_p2_and_new_attendance(json_t *root)
{
    /* A bundle that refers to stored records without repeating them. */
    json_t *keep_project = json_incref(json_object_get(root, "project"));
    json_t *act = json_object_get(json_array_get(json_object_get(root, "activities"), 0),
                                  "attendance");
    json_t *att = json_deep_copy(act);
    json_object_clear(root);
    json_object_set_new(root, "format", json_string("insats-bundle"));
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "project", keep_project);
    json_t *a = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "id", "a3", "title", "Ny",
                          "intervention", "i1", "kind", "lecture", "status", "planned",
                          "sessions", json_pack("[{s:s, s:s, s:f}]", "id", "s9", "date",
                                                "2013-01-10", "hours", 1.25));
    json_object_set_new(a, "attendance", att);
    /* the copied rows name sessions s1/s2 of a1; point them at the new session */
    size_t i;
    json_t *row;
    json_array_foreach(att, i, row)
        json_object_set_new(row, "session", json_string("s9"));
    /* One row per person: the same person twice at one session is an error of its own. */
    json_array_remove(att, 3);
    json_array_remove(att, 1);
    json_object_set_new(root, "activities", json_pack("[o]", a));
}

/* References may point at records stored by an earlier import. */
static void test_refers_to_stored_records(void **state)
{
    Fx *fx = *state;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    Errs errs;
    errs_init(&errs);
    int rc = import_changed(fx, only_p2_and_new_attendance, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM attendance"), 6);
    assert_int_equal(tu_query_int(fx->db, "SELECT hours_c FROM session WHERE code = 's9'"), 125);
    /* the organisations etc. the smaller bundle left out are kept */
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM organisation"), 4);
}

/* A goal parameter its measure kind does not read is refused with its path, naming the
 * parameter and the kind; so is one the report would refuse, and a survey_kind that
 * contradicts the survey it would be ignored for. The database is left as it was. */
static void test_goal_parameters(void **state)
{
    Fx *fx = *state;
    static const struct {
        size_t goal;          /* goals[] index in bundle-min.json */
        const char *kind;     /* the measure kind set (NULL: keep) */
        const char *key;      /* the parameter set */
        const char *message;
    } cases[] = {
        {0, "certified_share", "intervention",
         "goals[0].measure.intervention: kind certified_share does not use intervention (it "
         "takes no parameters)"},
        {2, "certificates", "group",
         "goals[2].measure.group: kind certificates does not use group (it takes no parameters)"},
        {2, NULL, "gender",
         "goals[2].measure.gender: kind group_members does not use gender (it uses group)"},
        {1, NULL, "intervention",
         "goals[1].measure.intervention: kind survey_share does not use intervention (it uses "
         "survey, survey_kind, question, min, organisation, gender)"},
        {3, NULL, "organisation",
         "goals[3].measure.organisation: kind manual does not use organisation (it uses values, "
         "value, source)"},
        {0, NULL, "source",
         "goals[0].measure.source: kind participants does not use source"},
        {1, NULL, "survey_kind",
         "goals[1].measure.survey_kind: \"baseline\" contradicts survey \"e1\", which is of "
         "kind after_activity"},
    };
    /* the value each key gets: a valid one, so only the rule under test can object */
    static const struct {
        const char *key, *value;
    } values[] = {{"intervention", "i1"}, {"group", "amb"}, {"gender", "male"},
                  {"organisation", "sunne"}, {"source", "HR"}, {"survey_kind", "baseline"}};
    for (int round = 0; round < 2; round++) {
        if (round == 1)
            tu_import_fixture(fx->db, "bundle-min.json", NULL);
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            json_t *root = tu_load_jsonc("bundle-min.json");
            json_t *g = json_array_get(json_object_get(root, "goals"), cases[i].goal);
            json_t *m = json_object_get(g, "measure");
            assert_non_null(m);
            if (cases[i].kind) {
                /* a kind without required parameters: clear the old kind's ones */
                const char *keys[] = {"organisation", "gender", "intervention", "group",
                                      "survey", "survey_kind", "question", "min", "values"};
                for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
                    json_object_set_new(m, keys[k], json_null());
                json_object_set_new(m, "kind", json_string(cases[i].kind));
            }
            for (size_t k = 0; k < sizeof values / sizeof *values; k++)
                if (strcmp(values[k].key, cases[i].key) == 0)
                    json_object_set_new(m, cases[i].key, json_string(values[k].value));
            char *before = db_fingerprint(fx);
            Errs errs;
            errs_init(&errs);
            int rc = bundle_import_json(fx->db, root, "changed.json", NULL, NULL, NULL, &errs);
            if (rc != INSATS_EINPUT || !has_msg(&errs, cases[i].message)) {
                fprintf(stderr, "case %zu: wanted \"%s\", got:\n", i, cases[i].message);
                errs_print(&errs, stderr);
            }
            assert_int_equal(rc, INSATS_EINPUT);
            assert_true(has_msg(&errs, cases[i].message));
            assert_int_equal(errs_total(&errs), 1);
            char *after = db_fingerprint(fx);
            assert_string_equal(before, after);
            free(before);
            free(after);
            errs_free(&errs);
            json_decref(root);
        }
    }
}

/* The form written before completion dates and dated goal values: `completed: true` and an
 * undated manual `value`. */
static void to_undated_form(json_t *root)
{
    json_t *ivs = json_object_get(root, "interventions");
    for (size_t i = 0; i < json_array_size(ivs); i++) {
        json_object_del(json_array_get(ivs, i), "completed_on");
        json_object_set_new(json_array_get(ivs, i), "completed", json_true());
    }
    json_t *m = json_object_get(json_array_get(json_object_get(root, "goals"), 3), "measure");
    json_object_del(m, "values");
    json_object_set_new(m, "value", json_real(4.25));
    json_object_set_new(m, "source", json_string("Personalstatistik 2013"));
}

/* `completed: true` becomes the date of the intervention's last session of an activity that
 * is not cancelled (i1: a1's sessions of 2012-04-10 and -17), or the project's end when it
 * has none (i2: its study visit has no sessions); an undated manual value is measured on the
 * project's last day. So neither shows in a report of a period before that. */
static void test_undated_form(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(import_changed(fx, to_undated_form, &errs), INSATS_OK);
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM intervention"
                                          " WHERE code = 'i1' AND completed_on = '2012-04-17'"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM intervention"
                                          " WHERE code = 'i2' AND completed_on = '2014-06-30'"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM goal_value v JOIN goal g"
                                          " ON g.id = v.goal_id WHERE g.code = 'g4'"
                                          " AND v.measured_on = '2014-06-30' AND v.value_c = 425"
                                          " AND v.source = 'Personalstatistik 2013'"), 1);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM goal_value"), 1);

    /* Re-importing the dated form replaces the values as a whole. */
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM goal_value"), 2);
    assert_int_equal(tu_query_int(fx->db, "SELECT count(*) FROM intervention"
                                          " WHERE completed_on IS NULL AND code = 'i1'"), 1);
}

static void bad_dates(json_t *root)
{
    json_t *ivs = json_object_get(root, "interventions");
    json_object_set_new(json_array_get(ivs, 0), "completed_on", json_string("2012-02-01"));
    json_object_set_new(json_array_get(ivs, 1), "completed", json_false());
    json_t *m = json_object_get(json_array_get(json_object_get(root, "goals"), 3), "measure");
    json_t *values = json_object_get(m, "values");
    json_object_set_new(json_array_get(values, 1), "date", json_string("2012-12-31"));
    json_array_append_new(values, json_pack("{s:f}", "value", 3.0));
    json_t *g3 = json_object_get(json_array_get(json_object_get(root, "goals"), 2), "measure");
    json_object_set_new(g3, "values", json_array());
}

/* Contradictions and gaps in the dates are refused, each with its path, and change nothing. */
static void test_bad_dates(void **state)
{
    Fx *fx = *state;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    char *before = db_fingerprint(fx);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(import_changed(fx, bad_dates, &errs), INSATS_EINPUT);
    static const char *const wanted[] = {
        "interventions[0].completed_on: 2012-02-01 is before start 2012-03-01",
        "interventions[1].completed: is false but completed_on is 2012-06-30",
        "goals[3].measure.values[1].date: a second measurement on 2012-12-31 (also values[0])",
        "goals[3].measure.values[2].date: is required",
        "goals[2].measure.values: kind group_members does not use values",
    };
    for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++) {
        if (!has_msg(&errs, wanted[i]))
            errs_print(&errs, stderr);
        assert_true(has_msg(&errs, wanted[i]));
    }
    assert_int_equal(errs_total(&errs), 5);
    errs_free(&errs);
    char *after = db_fingerprint(fx);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void progress_count(void *ctx, const char *stage, size_t done, size_t total)
{
    (void)stage;
    (void)done;
    (void)total;
    (*(int *)ctx)++;
}

/* A generated bundle of 12,000 people: progress is reported and the counts add up. */
static void test_progress_and_volume(void **state)
{
    Fx *fx = *state;
    json_t *root = json_pack("{s:s, s:i, s:{s:s, s:s, s:s, s:s}, s:[{s:s, s:s, s:s}]}",
                             "format", "insats-bundle", "version", 1, "project", "id", "big",
                             "name", "Big", "start", "2012-01-01", "end", "2013-12-31",
                             "organisations", "id", "o", "name", "O", "kind", "other");
    json_t *people = json_array();
    for (int i = 0; i < 12000; i++) {
        char code[16];
        snprintf(code, sizeof code, "p%d", i);
        json_array_append_new(people, json_pack("{s:s, s:s, s:s, s:s}", "id", code, "name",
                                                "N", "gender", "unknown", "organisation", "o"));
    }
    json_object_set_new(root, "people", people);
    int calls = 0;
    BundleStats stats;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(bundle_import_json(fx->db, root, "big.json", progress_count, &calls,
                                        &stats, &errs), INSATS_OK);
    assert_true(calls >= 1);
    assert_int_equal(stats.records, 12000 + 2);
    json_decref(root);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fixture_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_fixtures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_personnummer_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_errors_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reimport_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reimport_keeps_pnr_updates_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pnr_of_another_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refers_to_stored_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_goal_parameters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undated_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_and_volume, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
