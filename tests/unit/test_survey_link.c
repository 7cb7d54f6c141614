/* test_survey_link.c — anonymous surveys in the core (survey_link.c, the anonymity rule in
 * survey.c): the rule at its boundary (5 present participants share a pair: kept; 4: not) on
 * import and on an answer through the link; what a stored answer holds (nothing that links it
 * to a person, a browser or a moment finer than the day, in the answer or the audit trail);
 * the closing date; a wrong token; the form's stamp; refused answers; templates; response
 * rates; the demo data with no traceable answer; `show survey` without answers one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "browse.h"
#include "db.h"
#include "migrate.h"
#include "stmt.h"
#include "survey.h"
#include "survey_link.h"
#include "outbox.h"
#include "reminders.h"
#include "testutil.h"
#include "todo.h"

#define TOKEN "Tst0ken-survey_link-abcdefghij01"

static int setup(void **state)
{
    TuDb *t = tu_db_new("survey-link");
    if (!t)
        return -1;
    tu_import_fixture(t->db, "survey-link.json", NULL);
    t->project = tu_project_id(t->db, "kompetens-vrmland");
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

/* "org|gender" of a response as stored ("-" for not given). */
static void stored(TuDb *t, const char *survey, const char *code, char *out, size_t cap)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(o.code, '-') || '|' || coalesce(r.gender, '-') FROM response r"
             " JOIN survey s ON s.id = r.survey_id LEFT JOIN organisation o"
             " ON o.id = r.organisation_id WHERE s.code = '%s' AND r.code = '%s'", survey, code);
    Stmt *st = stmt_prepare(t->db, sql);
    assert_int_equal(stmt_step(st), STMT_ROW);
    snprintf(out, cap, "%s", stmt_text(st, 0));
    stmt_free(st);
}

static void assert_stored(TuDb *t, const char *survey, const char *code, const char *want)
{
    char got[128];
    stored(t, survey, code, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("%s/%s stored as %s, want %s", survey, code, got, want);
}

/* Present at as1: Sunne women 5, Sunne men 4, Torsby one woman (its man was absent). */
static void test_import_rule(void **state)
{
    TuDb *t = *state;
    assert_stored(t, "es1", "r1", "sunne|female");   /* 5 share the pair: kept */
    assert_stored(t, "es1", "r2", "sunne|-");        /* 4 share it: the organisation alone (9) */
    assert_stored(t, "es1", "r3", "-|female");       /* Torsby 1; women 6: the gender alone */
    assert_stored(t, "es1", "r4", "-|-");            /* Torsby 1, men 4: neither */
    assert_stored(t, "es1", "r5", "-|-");            /* men alone: 4 */
    assert_stored(t, "es1", "r6", "-|-");            /* Torsby alone: 1 */
    /* A survey of the whole project has no attendance naming its respondents. */
    assert_stored(t, "es2", "r1", "torsby|male");
    /* Importing again gives the same (the rule is stable on its own output). */
    tu_import_fixture(t->db, "survey-link.json", NULL);
    assert_stored(t, "es1", "r2", "sunne|-");
}

/* A fifth Sunne man marked present lifts the pair over the boundary for the next answer. */
static void test_submit_boundary(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    bool closed = true;
    SurveyAnswerIn in[] = {{"q1", "4"}, {"q2", "yes"}, {"q3", ""}};
    int64_t before = tu_query_int(t->db, "SELECT count(*) FROM response WHERE gender = 'male'");
    assert_int_equal(survey_answer_submit(t->db, TOKEN, "2013-03-06", in, 3, "sunne", "male",
                                          &closed, &errs), INSATS_OK);
    assert_false(closed);
    /* 4 Sunne men present: stored with the organisation only. */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM response WHERE gender = 'male'"),
                     before);
    tu_set_actor(t->db);
    tu_exec(t->db, "INSERT INTO person (project_id, code, name, gender, organisation_id)"
                   " SELECT project_id, 'sp12', 'Deltagare 12', 'male', id FROM organisation"
                   " WHERE code = 'sunne';"
                   "INSERT INTO attendance (person_id, session_id, present)"
                   " SELECT p.id, s.id, 1 FROM person p, session s WHERE p.code = 'sp12'"
                   " AND s.code = 'ss1';");
    assert_int_equal(survey_answer_submit(t->db, TOKEN, "2013-03-06", in, 3, "sunne", "male",
                                          &closed, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM response r JOIN organisation o"
                                         " ON o.id = r.organisation_id WHERE r.gender = 'male'"
                                         " AND o.code = 'sunne' AND r.code LIKE 'w%'"), 1);
    errs_free(&errs);
}

/* What the stored answer holds: the answers, the day, organisation and gender as the rule
 * lets them; a random id and code; in the audit trail one entry dated to the day, under
 * "anonym" whoever the connection acted for, without the response's id or code. */
static void test_stored_answer_links_nothing(void **state)
{
    TuDb *t = *state;
    /* The columns of a response: none could hold an address, a browser or a time. */
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM pragma_table_info('response')"
                                         " WHERE name NOT IN ('id', 'survey_id', 'code',"
                                         " 'organisation_id', 'gender', 'answered_on')"), 0);
    Actor manager = *tu_manager();
    snprintf(manager.login, sizeof manager.login, "%s", "projektledaren");
    audit_set_actor(t->db, &manager, "web");
    int64_t audit0 = tu_query_int(t->db, "SELECT coalesce(max(id), 0) FROM audit_log");
    Errs errs;
    errs_init(&errs);
    bool closed;
    SurveyAnswerIn in[] = {{"q1", "5"}, {"q3", "Mer tid för övningar.\nBra lokal."}};
    assert_int_equal(survey_answer_submit(t->db, TOKEN, "2013-03-07", in, 2, "sunne", "female",
                                          &closed, &errs), INSATS_OK);
    errs_free(&errs);
    Stmt *st = stmt_prepare(t->db, "SELECT r.id, r.code, r.answered_on, r.gender FROM response r"
                                   " WHERE r.answered_on = '2013-03-07'");
    assert_int_equal(stmt_step(st), STMT_ROW);
    int64_t id = stmt_int(st, 0);
    char code[32];
    snprintf(code, sizeof code, "%s", stmt_text(st, 1));
    assert_string_equal(stmt_text(st, 2), "2013-03-07");
    assert_string_equal(stmt_text(st, 3), "female");
    assert_int_equal(stmt_step(st), STMT_DONE);
    stmt_free(st);
    /* Not the next row id: its place says nothing about when it came. */
    assert_true(id > tu_query_int(t->db, "SELECT count(*) FROM response") + 1000);
    assert_int_equal(strlen(code), 17);
    assert_int_equal(code[0], 'w');
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM answer WHERE response_id ="
                                         " (SELECT id FROM response WHERE answered_on ="
                                         " '2013-03-07')"), 2);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld",
             (long long)audit0);
    assert_int_equal(tu_query_int(t->db, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld AND kind ="
             " 'response' AND action = 'insert' AND record_id IS NULL AND record_code IS NULL"
             " AND actor_login = 'anonym' AND at GLOB '*-*-*T00:00:00Z'"
             " AND instr(after, '%s') = 0 AND instr(after, 'Mer tid') = 0", (long long)audit0,
             code);
    assert_int_equal(tu_query_int(t->db, sql), 1);
    tu_set_actor(t->db);
}

static void test_closing_date(void **state)
{
    TuDb *t = *state;
    int64_t n0 = tu_query_int(t->db, "SELECT count(*) FROM response");
    Errs errs;
    errs_init(&errs);
    bool closed = false;
    SurveyAnswerIn in[] = {{"q1", "3"}};
    /* The closing day itself still takes answers; the day after, nothing. */
    assert_int_equal(survey_answer_submit(t->db, TOKEN, "2030-01-31", in, 1, NULL, NULL, &closed,
                                          &errs), INSATS_OK);
    assert_false(closed);
    assert_int_equal(survey_answer_submit(t->db, TOKEN, "2030-02-01", in, 1, NULL, NULL, &closed,
                                          &errs), INSATS_EINPUT);
    assert_true(closed);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM response"), n0 + 1);
    errs_free(&errs);
    SurveyForm f;
    errs_init(&errs);
    assert_int_equal(survey_form_get(t->db, TOKEN, "2030-01-31", &f, &errs), INSATS_OK);
    assert_false(f.closed);
    survey_form_free(&f);
    assert_int_equal(survey_form_get(t->db, TOKEN, "2030-02-01", &f, &errs), INSATS_OK);
    assert_true(f.closed);
    assert_string_equal(f.closes, "2030-01-31");
    assert_int_equal(f.n_questions, 3);
    assert_string_equal(f.questions[0].code, "q1");
    /* The organisations offered: those of the people present, Sunne and Torsby. */
    assert_int_equal(f.n_orgs, 2);
    assert_string_equal(f.orgs[0].code, "sunne");
    survey_form_free(&f);
    errs_free(&errs);
}

static void test_wrong_token(void **state)
{
    TuDb *t = *state;
    int64_t n0 = tu_query_int(t->db, "SELECT count(*) FROM response");
    Errs errs;
    errs_init(&errs);
    SurveyForm f;
    assert_int_equal(survey_form_get(t->db, "Tst0ken-survey_link-abcdefghij02", "2013-03-06", &f,
                                     &errs), INSATS_EINPUT);
    assert_null(f.title);
    assert_int_equal(survey_form_get(t->db, "x", "2013-03-06", &f, &errs), INSATS_EINPUT);
    bool closed;
    SurveyAnswerIn in[] = {{"q1", "3"}};
    assert_int_equal(survey_answer_submit(t->db, "Tst0ken-survey_link-abcdefghij02", "2013-03-06",
                                          in, 1, NULL, NULL, &closed, &errs), INSATS_EINPUT);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM response"), n0);
    errs_free(&errs);
    assert_true(survey_token_shape(TOKEN));
    assert_false(survey_token_shape("Tst0ken-survey_link-abcdefghij0!"));
    assert_false(survey_token_shape("short"));
}

static void test_refused_answers(void **state)
{
    TuDb *t = *state;
    int64_t n0 = tu_query_int(t->db, "SELECT count(*) FROM response");
    struct {
        SurveyAnswerIn in[2];
        size_t n;
        const char *org, *gender, *field;
    } cases[] = {
        {{{"q1", "6"}}, 1, NULL, NULL, "q1"},
        {{{"q1", "0"}}, 1, NULL, NULL, "q1"},
        {{{"q2", "ja"}}, 1, NULL, NULL, "q2"},
        {{{"q9", "3"}}, 1, NULL, NULL, "q9"},
        {{{"q1", "3"}, {"q1", "4"}}, 2, NULL, NULL, "q1"},
        {{{"q3", "rad\x01"}}, 1, NULL, NULL, "q3"},
        {{{"q1", "3"}}, 1, "kau", NULL, "organisation"},
        {{{"q1", "3"}}, 1, NULL, "unknown", "gender"},
        {{{"q1", ""}}, 1, NULL, NULL, "answers"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Errs errs;
        errs_init(&errs);
        bool closed;
        assert_int_equal(survey_answer_submit(t->db, TOKEN, "2013-03-06", cases[i].in, cases[i].n,
                                              cases[i].org, cases[i].gender, &closed, &errs),
                         INSATS_EINPUT);
        assert_true(errs.count > 0);
        assert_non_null(errs.fields[0]);
        assert_string_equal(errs.fields[0], cases[i].field);
        errs_free(&errs);
    }
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM response"), n0);
}

static void test_stamp(void **state)
{
    (void)state;
    char s[SURVEY_STAMP_LEN + 1], other[SURVEY_STAMP_LEN + 1];
    survey_form_stamp(TOKEN, "2013-03-06", s);
    assert_int_equal(strlen(s), SURVEY_STAMP_LEN);
    assert_true(survey_form_stamp_ok(TOKEN, "2013-03-06", s));
    assert_true(survey_form_stamp_ok(TOKEN, "2013-03-07", s));    /* opened before midnight */
    assert_false(survey_form_stamp_ok(TOKEN, "2013-03-08", s));
    assert_false(survey_form_stamp_ok("Tst0ken-survey_link-abcdefghij02", "2013-03-06", s));
    assert_false(survey_form_stamp_ok(TOKEN, "2013-03-06", NULL));
    survey_form_stamp(TOKEN, "2013-03-06", other);
    assert_string_equal(s, other);   /* the same for everyone: it identifies no one */
}

static void test_template(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    char code[72];
    SurveyNew n = {.template_kind = "after_activity", .activity = "as1", .today = "2013-03-06"};
    assert_int_equal(survey_from_template(t->db, tu_manager(), t->project, &n, code, sizeof code,
                                          &errs), INSATS_OK);
    assert_string_equal(code, "enk-as1");
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM question q JOIN survey s ON"
                                         " s.id = q.survey_id WHERE s.code = 'enk-as1'"), 4);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM survey WHERE code = 'enk-as1'"
                                         " AND closes = '2013-03-19' AND survey_date ="
                                         " '2013-03-05' AND length(token) = 32 AND kind ="
                                         " 'after_activity' AND title = 'Utvärdering: Digitala"
                                         " verktyg, grupp 3'"), 1);
    /* The scale's question counts from 2, as the SPEC's share does. */
    assert_int_equal(tu_query_int(t->db, "SELECT threshold FROM question q JOIN survey s ON"
                                         " s.id = q.survey_id WHERE s.code = 'enk-as1' AND"
                                         " q.code = 'q1'"), 2);
    assert_int_equal(survey_from_template(t->db, tu_manager(), t->project, &n, code, sizeof code,
                                          &errs), INSATS_OK);
    assert_string_equal(code, "enk-as1-2");
    /* Baseline and follow-up ask the same ids, so that the slutrapport compares them. */
    json_t *b = survey_template_questions("baseline"), *f = survey_template_questions("follow_up");
    assert_true(json_equal(b, f));
    assert_int_equal(json_array_size(b), 5);
    json_decref(b);
    json_decref(f);
    assert_null(survey_template_questions("evaluation"));
    n.template_kind = "evaluation";
    assert_int_equal(survey_from_template(t->db, tu_manager(), t->project, &n, code, sizeof code,
                                          &errs), INSATS_EUSAGE);
    errs_free(&errs);
    Actor reader = {0, "lasare", "Läsare", ROLE_READER, 0};
    n.template_kind = "baseline";
    n.activity = NULL;
    errs_init(&errs);
    assert_int_equal(survey_from_template(t->db, &reader, t->project, &n, code, sizeof code,
                                          &errs), INSATS_EFORBIDDEN);
    char token[SURVEY_TOKEN_LEN + 1];
    assert_int_equal(survey_link_token(t->db, &reader, t->project, "es2", true, token, &errs),
                     INSATS_EFORBIDDEN);
    /* Reading the link is every reader's; a survey without one has none until it is made. */
    assert_int_equal(survey_link_token(t->db, &reader, t->project, "es2", false, token, &errs),
                     INSATS_OK);
    assert_string_equal(token, "");
    assert_int_equal(survey_link_token(t->db, tu_manager(), t->project, "es2", true, token,
                                       &errs), INSATS_OK);
    assert_true(survey_token_shape(token));
    char again[SURVEY_TOKEN_LEN + 1];
    assert_int_equal(survey_link_token(t->db, tu_manager(), t->project, "es2", true, again,
                                       &errs), INSATS_OK);
    assert_string_equal(token, again);   /* made once */
    assert_int_equal(survey_link_token(t->db, tu_manager(), t->project, "nope", true, again,
                                       &errs), INSATS_EINPUT);
    errs_free(&errs);
}

static void test_rates(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    SurveyRate *r = NULL;
    size_t n = 0;
    int64_t responses = tu_query_int(t->db, "SELECT count(*) FROM response r JOIN survey s ON"
                                            " s.id = r.survey_id WHERE s.code = 'es1'");
    int64_t present = tu_query_int(t->db, "SELECT count(DISTINCT person_id) FROM attendance"
                                          " WHERE present = 1");
    assert_int_equal(survey_rates(t->db, tu_manager(), t->project, "2013-03-06", false, &r, &n,
                                  &errs), INSATS_OK);
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(r[i].survey_code, "es1") != 0)
            continue;
        found++;
        assert_int_equal(r[i].responses, responses);
        assert_int_equal(r[i].present, present);
        assert_int_equal(r[i].rate_bp, (responses * 10000 + present / 2) / present);
        assert_true(r[i].open);
        assert_int_equal(r[i].low, r[i].rate_bp < SURVEY_RATE_LOW);
    }
    assert_int_equal(found, 1);
    survey_rates_free(r, n);
    /* After the closing date no survey is a reminder any more. */
    assert_int_equal(survey_rates(t->db, tu_manager(), t->project, "2031-01-01", true, &r, &n,
                                  &errs), INSATS_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(strcmp(r[i].survey_code, "es1") != 0);
    survey_rates_free(r, n);
    /* A trainer sees the surveys of their own activities only: none assigned, none. */
    Actor trainer = {4242, "utbildaren", "Utbildare", ROLE_TRAINER, 0};
    assert_int_equal(survey_rates(t->db, &trainer, t->project, "2013-03-06", false, &r, &n,
                                  &errs), INSATS_OK);
    assert_int_equal(n, 0);
    survey_rates_free(r, n);
    errs_free(&errs);
}

/* The accounts the reminders and the to-do tests use: a trainer not yet assigned (71), a
 * coordinator of Sunne, whose people were present (72), one of an organisation that had nobody
 * there (73); and es1 down to 3 answers of 10 present (30 %, a low rate). */
static void remind_setup(TuDb *t)
{
    tu_exec(t->db, "INSERT INTO organisation (project_id, code, name, kind)"
                   " SELECT id, 'kau', 'Karlstads universitet', 'university' FROM project;"
                   "INSERT INTO app_user (id, login, name, role, email, organisation_id, created)"
                   " SELECT 71, 'tranaren', 'Tränare', 'trainer', 'tranare@example.se', NULL, 0"
                   " UNION ALL SELECT 72, 'koord', 'Koordinator', 'coordinator',"
                   " 'koord@example.se', (SELECT id FROM organisation WHERE code = 'sunne'), 0"
                   " UNION ALL SELECT 73, 'koord2', 'Annan koordinator', 'coordinator',"
                   " 'koord2@example.se', (SELECT id FROM organisation WHERE code = 'kau'), 0;"
                   "DELETE FROM response WHERE code IN ('r1', 'r2', 'r3') AND survey_id ="
                   " (SELECT id FROM survey WHERE code = 'es1');");
}

/* A survey from a template is one transaction: when its link cannot be stored (here a trigger
 * refuses any, however written), nothing of it is — no survey without a link, no questions, no
 * audit entry; once it can, the survey comes with its link in one audit entry. */
static void test_template_all_or_nothing(void **state)
{
    TuDb *t = *state;
    tu_exec(t->db, "CREATE TEMP TRIGGER no_link_insert BEFORE INSERT ON survey"
                   " WHEN NEW.token IS NOT NULL BEGIN SELECT RAISE(ABORT, 'no link'); END;"
                   "CREATE TEMP TRIGGER no_link_update BEFORE UPDATE OF token ON survey"
                   " WHEN NEW.token IS NOT NULL BEGIN SELECT RAISE(ABORT, 'no link'); END;");
    int64_t audit0 = tu_query_int(t->db, "SELECT coalesce(max(id), 0) FROM audit_log");
    int64_t questions0 = tu_query_int(t->db, "SELECT count(*) FROM question");
    Errs errs;
    errs_init(&errs);
    char code[72];
    SurveyNew n = {.template_kind = "after_activity", .activity = "as1", .today = "2013-03-06"};
    assert_int_not_equal(survey_from_template(t->db, tu_manager(), t->project, &n, code,
                                              sizeof code, &errs), INSATS_OK);
    assert_true(errs.count > 0);
    assert_false(db_in_transaction(t->db));
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM survey WHERE code LIKE 'enk-%'"),
                     0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM question"), questions0);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld",
             (long long)audit0);
    assert_int_equal(tu_query_int(t->db, sql), 0);
    errs_free(&errs);
    tu_exec(t->db, "DROP TRIGGER no_link_insert; DROP TRIGGER no_link_update");
    errs_init(&errs);
    assert_int_equal(survey_from_template(t->db, tu_manager(), t->project, &n, code, sizeof code,
                                          &errs), INSATS_OK);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM survey WHERE code = 'enk-as1'"
                                         " AND length(token) = 32"), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld AND kind ="
             " 'survey' AND action = 'insert' AND instr(after, '\"link\":\"set\"') > 0",
             (long long)audit0);
    assert_int_equal(tu_query_int(t->db, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld AND kind ="
             " 'survey'", (long long)audit0);
    assert_int_equal(tu_query_int(t->db, sql), 1);
    errs_free(&errs);
}

/* The schema migration that brings the answers stored before the anonymity rule under it:
 * es1's answers set back to what the respondents gave (as a database of before the rule holds
 * them) are rewritten as the rule keeps them on import, the survey of the whole project keeps
 * what it has, the trail gets one entry without the old values, and a second run changes
 * nothing. */
static void test_migration_old_answers(void **state)
{
    TuDb *t = *state;
    tu_exec(t->db,
            "UPDATE response SET organisation_id = (SELECT id FROM organisation WHERE code ="
            " CASE response.code WHEN 'r1' THEN 'sunne' WHEN 'r2' THEN 'sunne' WHEN 'r5' THEN NULL"
            " ELSE 'torsby' END), gender = CASE response.code WHEN 'r1' THEN 'female'"
            " WHEN 'r3' THEN 'female' WHEN 'r6' THEN NULL ELSE 'male' END"
            " WHERE survey_id = (SELECT id FROM survey WHERE code = 'es1')");
    assert_stored(t, "es1", "r4", "torsby|male");   /* traceable: the one Torsby man present */
    int version = 0;
    for (int i = 0; i < migration_count; i++)
        if (strstr(migrations[i].name, "_survey_answers_anonymous"))
            version = migrations[i].version;
    assert_true(version > 0);
    int64_t audit0 = tu_query_int(t->db, "SELECT coalesce(max(id), 0) FROM audit_log");
    for (int run = 0; run < 2; run++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version - 1);
        tu_exec(t->db, pragma);
        Errs errs;
        errs_init(&errs);
        assert_int_equal(migrate_apply(t->db, version, &errs), INSATS_OK);
        assert_int_equal(errs.count, 0);
        errs_free(&errs);
        assert_int_equal(tu_query_int(t->db, "PRAGMA user_version"), version);
        assert_stored(t, "es1", "r1", "sunne|female");
        assert_stored(t, "es1", "r2", "sunne|-");
        assert_stored(t, "es1", "r3", "-|female");
        assert_stored(t, "es1", "r4", "-|-");
        assert_stored(t, "es1", "r5", "-|-");
        assert_stored(t, "es1", "r6", "-|-");
        assert_stored(t, "es2", "r1", "torsby|male");
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld",
                 (long long)audit0);
        assert_int_equal(tu_query_int(t->db, sql), 1);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld AND kind ="
                 " 'response' AND action = 'update' AND record_id IS NULL AND after ="
                 " '{\"rewritten\":5}'", (long long)audit0);
        assert_int_equal(tu_query_int(t->db, sql), 1);
    }
}

/* The day after the held activity of a survey still open with a low rate: one reminder per
 * account into the outbox, with the rate so far and the link — the activity's trainer, or
 * without one the coordinator of the organisation of those present — and no second one on the
 * next sweep. */
static void test_remind(void **state)
{
    TuDb *t = *state;
    /* koord2's organisation had nobody at the activity. */
    remind_setup(t);
    Errs errs;
    errs_init(&errs);
    size_t n = 9;
    /* 3 answers of 10 present: 30 %, low. */
    assert_int_equal(survey_remind(t->db, tu_manager(), t->project, "2013-03-06",
                                   "https://insats.example.se", &n, &errs), INSATS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox WHERE kind ="
                                         " 'survey_reminder' AND address = 'koord@example.se'"
                                         " AND instr(body, 'https://insats.example.se/s/" TOKEN
                                         "') > 0 AND instr(body, '3 svar av 10') > 0"), 1);
    assert_int_equal(survey_remind(t->db, tu_manager(), t->project, "2013-03-07",
                                   "https://insats.example.se", &n, &errs), INSATS_OK);
    assert_int_equal(n, 0);
    /* With a trainer assigned, the trainer is reminded (and the coordinator no more). */
    tu_exec(t->db, "INSERT INTO activity_trainer (activity_id, user_id)"
                   " SELECT id, 71 FROM activity WHERE code = 'as1'");
    assert_int_equal(survey_remind(t->db, tu_manager(), t->project, "2013-03-07",
                                   "https://insats.example.se", &n, &errs), INSATS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox WHERE address ="
                                         " 'tranare@example.se'"), 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox"), 2);
    Actor reader = {0, "lasare", "Läsare", ROLE_READER, 0};
    assert_int_equal(survey_remind(t->db, &reader, t->project, "2013-03-07",
                                   "https://insats.example.se", &n, &errs), INSATS_EFORBIDDEN);
    errs_free(&errs);
}

/* Without an address given, the reminder's link is built on the project's public address. */
static void test_remind_project_address(void **state)
{
    TuDb *t = *state;
    remind_setup(t);
    tu_exec(t->db, "UPDATE project SET public_url = 'https://enkat.kommun.se'");
    Errs errs;
    errs_init(&errs);
    size_t n = 9;
    assert_int_equal(survey_remind(t->db, tu_manager(), t->project, "2013-03-06", NULL, &n,
                                   &errs), INSATS_OK);
    errs_free(&errs);
    assert_int_equal(n, 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox WHERE instr(body,"
                                         " 'https://enkat.kommun.se/s/" TOKEN "') > 0"), 1);
}

/* Writes the sweep of `insats survey remind` on `today`; returns the messages written. */
static size_t remind_on(TuDb *t, const char *today)
{
    Errs errs;
    errs_init(&errs);
    size_t n = 99;
    assert_int_equal(survey_remind(t->db, tu_manager(), t->project, today,
                                   "https://insats.example.se/", &n, &errs), INSATS_OK);
    assert_int_equal(errs.count, 0);
    errs_free(&errs);
    return n;
}

static int64_t outbox_to(TuDb *t, const char *address, const char *subject_like)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE kind = 'survey_reminder' AND"
             " address = '%s' AND subject LIKE '%s'", address, subject_like);
    return tu_query_int(t->db, sql);
}

/* The one sweep: after the held activity one reminder (with the rate so far and the link);
 * the low rate's in the last week before the closing day, not before 2 days after the
 * activity, once; nothing for a closed survey; nothing to someone who turned them off; and
 * the server's sweep (reminders_run) and `insats survey remind` write the same messages once. */
static void test_remind_one_sweep(void **state)
{
    TuDb *t = *state;
    remind_setup(t);
    tu_exec(t->db, "UPDATE survey SET closes = '2013-03-20' WHERE code = 'es1'");
    assert_int_equal(remind_on(t, "2013-03-06"), 1);
    assert_int_equal(outbox_to(t, "koord@example.se", "Påminnelse: enkäten efter %"), 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox WHERE instr(body,"
                                         " 'https://insats.example.se/s/" TOKEN "') > 0"
                                         " AND instr(body, '3 svar av 10') > 0"
                                         " AND instr(body, '2013-03-20') > 0"), 1);
    /* Between the two: nothing. The low rate's week begins 7 days before the closing day. */
    assert_int_equal(remind_on(t, "2013-03-12"), 0);
    /* the server's sweep, on the first day of that week */
    Errs errs;
    errs_init(&errs);
    RemindersRun rr;
    assert_int_equal(reminders_run(t->db, "2013-03-13", "https://insats.example.se", &rr, &errs),
                     INSATS_OK);
    assert_int_equal(rr.survey, 1);
    assert_int_equal(outbox_to(t, "koord@example.se", "Påminn om enkäten: %"), 1);
    assert_int_equal(remind_on(t, "2013-03-13"), 0);
    assert_int_equal(remind_on(t, "2013-03-20"), 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox"), 2);
    assert_int_equal(outbox_to(t, "koord2@example.se", "%"), 0);
    /* A second low survey of the same activity, closing on the 21st: its week has begun, but
     * the coordinator turned survey reminders off. */
    tu_exec(t->db, "INSERT INTO survey (project_id, code, title, kind, activity_id, closes)"
                   " SELECT project_id, 'es3', 'Uppföljning', 'follow_up', id, '2013-03-21'"
                   " FROM activity WHERE code = 'as1'");
    Actor self = {72, "koord", "Koordinator", ROLE_COORDINATOR, 0};
    assert_int_equal(outbox_set_kind_off(t->db, &self, 72, "survey_reminder", true, &errs),
                     INSATS_OK);
    assert_int_equal(remind_on(t, "2013-03-20"), 0);
    assert_int_equal(outbox_set_kind_off(t->db, &self, 72, "survey_reminder", false, &errs),
                     INSATS_OK);
    /* Closed: after its closing day, none. */
    assert_int_equal(remind_on(t, "2013-03-22"), 0);
    assert_int_equal(remind_on(t, "2013-03-21"), 1);
    assert_int_equal(outbox_to(t, "koord@example.se", "Påminn om enkäten: Uppföljning"), 1);
    errs_free(&errs);
}

/* A held activity whose only survey is closed is not reminded of it; a survey closing soon
 * after the activity gets its low rate's reminder only from the second day after it, so that
 * the two do not come together; the trainer, once assigned, instead of the coordinator. */
static void test_remind_closed_and_apart(void **state)
{
    TuDb *t = *state;
    remind_setup(t);
    tu_exec(t->db, "UPDATE survey SET closes = '2013-03-05' WHERE code = 'es1'");
    assert_int_equal(remind_on(t, "2013-03-06"), 0);
    tu_exec(t->db, "UPDATE survey SET closes = '2013-03-08' WHERE code = 'es1';"
                   "INSERT INTO activity_trainer (activity_id, user_id)"
                   " SELECT id, 71 FROM activity WHERE code = 'as1'");
    assert_int_equal(remind_on(t, "2013-03-06"), 1);
    assert_int_equal(outbox_to(t, "tranare@example.se", "Påminnelse: %"), 1);
    assert_int_equal(remind_on(t, "2013-03-07"), 1);
    assert_int_equal(outbox_to(t, "tranare@example.se", "Påminn om %"), 1);
    assert_int_equal(outbox_to(t, "koord@example.se", "%"), 0);
    assert_int_equal(remind_on(t, "2013-03-08"), 0);
}

/* One item of the to-do list: "kind ref detail" of the actor's items of kind survey_closing,
 * joined by "; ", into out. */
static void todo_surveys(TuDb *t, const Actor *a, const char *today, char *out, size_t cap)
{
    Errs errs;
    errs_init(&errs);
    json_t *items = NULL;
    int64_t total = -1;
    assert_int_equal(todo_list(t->db, a, t->project, today, 50, &items, &total, &errs),
                     INSATS_OK);
    out[0] = '\0';
    size_t i, shown = 0;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (strcmp(json_string_value(json_object_get(it, "kind")), "survey_closing") != 0)
            continue;
        assert_string_equal(json_string_value(json_object_get(it, "ref_kind")), "survey");
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s %s", shown++ ? "; " : "",
                 json_string_value(json_object_get(it, "ref")),
                 json_string_value(json_object_get(it, "detail")));
    }
    json_decref(items);
    errs_free(&errs);
}

/* "Surveys closing": the open surveys that close within 7 days, for those the survey
 * concerns (the trainer once assigned, before that the coordinator of the organisation of
 * those present, never the other one), the lowest rate first, with the rate. */
static void test_todo_surveys_closing(void **state)
{
    TuDb *t = *state;
    remind_setup(t);
    tu_exec(t->db, "UPDATE survey SET closes = '2013-03-20' WHERE code = 'es1';"
                   "INSERT INTO survey (project_id, code, title, kind, activity_id, closes)"
                   " SELECT project_id, 'es3', 'Uppföljning', 'follow_up', id, '2013-03-18'"
                   " FROM activity WHERE code = 'as1'");
    int64_t sunne = tu_query_int(t->db, "SELECT id FROM organisation WHERE code = 'sunne'");
    int64_t kau = tu_query_int(t->db, "SELECT id FROM organisation WHERE code = 'kau'");
    Actor trainer = {71, "tranaren", "Tränare", ROLE_TRAINER, 0};
    Actor koord = {72, "koord", "Koordinator", ROLE_COORDINATOR, sunne};
    Actor koord2 = {73, "koord2", "Annan koordinator", ROLE_COORDINATOR, kau};
    char got[1024];
    /* 8 days before es1 closes, 6 before es3: es3 only */
    todo_surveys(t, &koord, "2013-03-12", got, sizeof got);
    assert_string_equal(got, "es3 Digitala verktyg, grupp 3 – svarsfrekvens 0,0 % (0 svar av"
                             " 10 närvarande)");
    todo_surveys(t, &koord, "2013-03-13", got, sizeof got);
    assert_string_equal(got, "es3 Digitala verktyg, grupp 3 – svarsfrekvens 0,0 % (0 svar av"
                             " 10 närvarande); es1 Digitala verktyg, grupp 3 – svarsfrekvens"
                             " 30,0 % (3 svar av 10 närvarande)");
    /* the closing day itself still; the day after, closed */
    todo_surveys(t, &koord, "2013-03-20", got, sizeof got);
    assert_string_equal(got, "es1 Digitala verktyg, grupp 3 – svarsfrekvens 30,0 % (3 svar av"
                             " 10 närvarande)");
    todo_surveys(t, &koord, "2013-03-21", got, sizeof got);
    assert_string_equal(got, "");
    todo_surveys(t, &koord2, "2013-03-13", got, sizeof got);
    assert_string_equal(got, "");
    todo_surveys(t, &trainer, "2013-03-13", got, sizeof got);
    assert_string_equal(got, "");
    tu_exec(t->db, "INSERT INTO activity_trainer (activity_id, user_id)"
                   " SELECT id, 71 FROM activity WHERE code = 'as1'");
    todo_surveys(t, &trainer, "2013-03-13", got, sizeof got);
    assert_non_null(strstr(got, "es3 "));
    assert_non_null(strstr(got, "; es1 "));
    todo_surveys(t, &koord, "2013-03-13", got, sizeof got);
    assert_string_equal(got, "");
    /* a survey of the whole project concerns no one's to-do */
    tu_exec(t->db, "UPDATE survey SET closes = '2013-03-14' WHERE code = 'es2'");
    todo_surveys(t, &trainer, "2013-03-13", got, sizeof got);
    assert_null(strstr(got, "es2"));
}

/* `show survey` and the API's record: the results with small cells suppressed, no answers one
 * by one beside an organisation and a gender — for the manager too. */
static void test_show_lists_no_answers(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    json_t *rec = NULL;
    assert_int_equal(browse_show(t->db, tu_manager(), t->project, "survey", "es1", &rec, &errs),
                     INSATS_OK);
    assert_null(json_object_get(rec, "responses"));
    json_t *results = json_object_get(rec, "results");
    assert_true(json_is_object(results));
    char *text = json_dumps(rec, 0);
    assert_null(strstr(text, "\"gender\": \"female\", \"answers\""));
    free(text);
    /* Every cell shown has 5 or more answers; the rest say only that they are hidden. */
    json_t *q;
    size_t i;
    json_array_foreach(json_object_get(results, "questions"), i, q) {
        static const char *const keys[] = {"by_gender", "by_organisation"};
        for (size_t k = 0; k < 2; k++) {
            json_t *cell;
            size_t j;
            json_array_foreach(json_object_get(q, keys[k]), j, cell) {
                if (json_is_true(json_object_get(cell, "suppressed")))
                    assert_null(json_object_get(cell, "responses"));
                else
                    assert_true(json_integer_value(json_object_get(cell, "responses")) >= 5);
            }
        }
    }
    json_decref(rec);
    errs_free(&errs);
}

/* The demo data: no answer to an activity's survey keeps an organisation and gender that fewer
 * than 5 people present at the activity share (before the rule: 99 such, 24 of them shared by
 * one person alone) — and the rule did not simply drop them all. */
static void test_demo_untraceable(void **state)
{
    (void)state;
    TuDb *d = tu_demo_db("survey-demo");
    assert_non_null(d);
    static const char traceable[] =
        "SELECT count(*) FROM response r JOIN survey s ON s.id = r.survey_id"
        " WHERE s.activity_id IS NOT NULL"
        " AND (r.organisation_id IS NOT NULL OR r.gender IS NOT NULL) AND ("
        "  SELECT count(DISTINCT p.id) FROM session se"
        "  JOIN attendance t ON t.session_id = se.id AND t.present = 1"
        "  JOIN person p ON p.id = t.person_id WHERE se.activity_id = s.activity_id"
        "  AND (r.organisation_id IS NULL OR p.organisation_id = r.organisation_id)"
        "  AND (r.gender IS NULL OR p.gender = r.gender)) < 5";
    assert_int_equal(tu_query_int(d->db, traceable), 0);
    assert_true(tu_query_int(d->db, "SELECT count(*) FROM response r JOIN survey s ON"
                                    " s.id = r.survey_id WHERE s.activity_id IS NOT NULL AND"
                                    " r.organisation_id IS NOT NULL AND r.gender IS NOT NULL")
                > 500);
    assert_int_equal(tu_db_free(d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submit_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stored_answer_links_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closing_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_answers, setup, teardown),
        cmocka_unit_test(test_stamp),
        cmocka_unit_test_setup_teardown(test_template, setup, teardown),
        cmocka_unit_test_setup_teardown(test_template_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration_old_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remind_project_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remind_one_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remind_closed_and_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_todo_surveys_closing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_show_lists_no_answers, setup, teardown),
        cmocka_unit_test(test_demo_untraceable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
