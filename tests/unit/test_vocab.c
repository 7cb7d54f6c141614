/* test_vocab.c — the value lists (vocab.c) agree with the schema's CHECK constraints: every
 * listed value is accepted by its column and a value not listed is refused; labels are there
 * for every value and the reports' labels come from the same table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "testutil.h"
#include "vocab.h"

static int setup(void **state)
{
    TuDb *t = tu_db_new("vocab");
    if (!t)
        return -1;
    tu_import_fixture(t->db, "bundle-min.json", NULL);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

/* A column holding the values of a list, and what else the row needs so that only the
 * column's own CHECK can refuse it (a goal of kind group_members needs a group …). */
static const struct {
    VocabList list;
    const char *table, *column, *also;
} COLUMNS[] = {
    {VOCAB_GENDER, "person", "gender", ""},
    {VOCAB_GENDER, "response", "gender", ""},
    {VOCAB_GENDER, "goal", "m_gender", ""},
    {VOCAB_ORGANISATION_KIND, "organisation", "kind", ""},
    {VOCAB_GROUP_KIND, "grp", "kind", ""},
    {VOCAB_PROPOSAL_STATUS, "proposal", "status", ""},
    {VOCAB_PROPOSAL_STATUS, "proposal_event", "status", ""},
    {VOCAB_ACTIVITY_KIND, "activity", "kind", ""},
    {VOCAB_ACTIVITY_STATUS, "activity", "status", ""},
    {VOCAB_SURVEY_KIND, "survey", "kind", ""},
    {VOCAB_SURVEY_KIND, "goal", "m_survey_kind", ""},
    {VOCAB_QUESTION_TYPE, "question", "type", ""},
    {VOCAB_MEASURE_KIND, "goal", "measure_kind",
     ", m_group_id = (SELECT min(id) FROM grp), m_question = 'q1'"},
    {VOCAB_COMPARISON, "goal", "comparison", ""},
    {VOCAB_GOAL_UNIT, "goal", "unit", ""},
    {VOCAB_DEVIATION_AREA, "deviation", "area", ""},
    {VOCAB_MEETING_STATUS, "meeting", "status", ", cancel_reason = NULL"},
    {VOCAB_ATTENDEE_STATUS, "meeting_attendee", "status", ""},
    {VOCAB_ACTION_STATUS, "action_item", "status", ""},
    {VOCAB_CHANNEL, "dissemination", "channel", ""},
    {VOCAB_CERTIFICATE_BASIS, "certificate", "basis", ""},
};

/* SQLite's message of the last refusal (try_value). */
static char refusal[256];

/* Sets the column of the table's first row to value and undoes it; SQLite's result. */
static int try_value(Db *db, const char *table, const char *column, const char *also,
                     const char *value)
{
    char *sql = xasprintf("UPDATE %s SET %s = ?1%s WHERE rowid = (SELECT min(rowid) FROM %s)",
                          table, column, also, table);
    tu_exec(db, "SAVEPOINT v");
    sqlite3_stmt *st = db_prepare(db, sql);
    sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int changes = sqlite3_changes(db->h);
    snprintf(refusal, sizeof refusal, "%s", sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    tu_exec(db, "ROLLBACK TO v; RELEASE v");
    free(sql);
    if (rc == SQLITE_DONE && changes != 1)
        fail_msg("%s has no row to try %s on", table, column);
    return rc;
}

static void test_lists_agree_with_schema(void **state)
{
    TuDb *t = *state;
    bool covered[VOCAB_COUNT] = {false};
    for (size_t c = 0; c < sizeof COLUMNS / sizeof *COLUMNS; c++) {
        const Vocab *v = vocab_get(COLUMNS[c].list);
        covered[COLUMNS[c].list] = true;
        for (size_t i = 0; i < v->count; i++) {
            int rc = try_value(t->db, COLUMNS[c].table, COLUMNS[c].column, COLUMNS[c].also,
                               v->values[i].value);
            if (rc != SQLITE_DONE)
                fail_msg("%s.%s refuses \"%s\" of list %s: %s", COLUMNS[c].table,
                         COLUMNS[c].column, v->values[i].value, v->name, refusal);
        }
        int rc = try_value(t->db, COLUMNS[c].table, COLUMNS[c].column, COLUMNS[c].also,
                           "not_listed");
        if (rc != SQLITE_CONSTRAINT_CHECK)
            fail_msg("%s.%s takes a value list %s does not have", COLUMNS[c].table,
                     COLUMNS[c].column, v->name);
    }
    for (int l = 0; l < VOCAB_COUNT; l++)
        if (!covered[l])
            fail_msg("list %s is checked against no column", vocab_get((VocabList)l)->name);
}

/* Every value has a label, no list repeats a value, and the names array matches the pairs. */
static void test_lists_are_complete(void **state)
{
    (void)state;
    for (int l = 0; l < VOCAB_COUNT; l++) {
        const Vocab *v = vocab_get((VocabList)l);
        assert_non_null(v->name);
        assert_true(v->count > 0);
        assert_null(v->values[v->count].value);
        assert_null(v->names[v->count]);
        for (size_t i = 0; i < v->count; i++) {
            assert_string_equal(v->names[i], v->values[i].value);
            assert_true(v->values[i].label && *v->values[i].label);
            assert_int_equal(vocab_index((VocabList)l, v->values[i].value), (int)i);
        }
    }
}

static void test_lookup(void **state)
{
    (void)state;
    assert_true(vocab_has(VOCAB_ACTIVITY_STATUS, "held"));
    assert_false(vocab_has(VOCAB_ACTIVITY_STATUS, "Held"));
    assert_false(vocab_has(VOCAB_ACTIVITY_STATUS, NULL));
    assert_string_equal(vocab_label(VOCAB_ACTIVITY_STATUS, "held"), "Genomförd");
    assert_string_equal(vocab_label(VOCAB_MEETING_STATUS, "held"), "Genomfört");
    assert_null(vocab_label(VOCAB_CHANNEL, "radio"));
    assert_int_equal(vocab_index(VOCAB_QUESTION_TYPE, "text"), 2);
    Buf b = {0};
    vocab_join(VOCAB_ACTIVITY_STATUS, &b);
    assert_string_equal(b.data, "planned, booked, held, cancelled");
    buf_free(&b);
    /* the reports print the same labels */
    assert_string_equal(render_label_sv(VOCAB_ORGANISATION_KIND, "municipality"),
                        vocab_label(VOCAB_ORGANISATION_KIND, "municipality"));
    assert_string_equal(render_label_sv(VOCAB_CHANNEL, NULL), "–");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lists_agree_with_schema, setup, teardown),
        cmocka_unit_test(test_lists_are_complete),
        cmocka_unit_test(test_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
