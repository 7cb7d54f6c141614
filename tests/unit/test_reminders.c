/* test_reminders.c — the reminders sweep (reminders.c) on the small demo project: an action
 * item due within the week to its owner, the survey after a held activity to its coordinators
 * while it has no trainer and to its trainers once it has, each written once however often the
 * sweep runs, nothing outside the windows, and a day that is not one refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "outbox.h"
#include "reminders.h"
#include "testutil.h"
#include "util.h"

static int setup(void **state)
{
    TuDb *t = tu_demo_db("reminders");
    if (!t)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static int64_t add_account(TuDb *t, const char *login, Role role, int64_t org, const char *email)
{
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    AccountNew in = {.login = login, .name = "Karin Ek", .role = role, .organisation_id = org};
    int64_t id = 0;
    assert_int_equal(account_add(t->db, &cli, &in, &id, &errs), INSATS_OK);
    assert_int_equal(outbox_set_account_email(t->db, &cli, id, email, &errs), INSATS_OK);
    errs_free(&errs);
    return id;
}

static RemindersRun sweep(TuDb *t, const char *today)
{
    Errs errs;
    errs_init(&errs);
    RemindersRun r;
    assert_int_equal(reminders_run(t->db, today, NULL, &r, &errs), INSATS_OK);
    assert_int_equal(errs.count, 0);
    assert_false(db_in_transaction(t->db));
    errs_free(&errs);
    return r;
}

/* One text value of a query; caller frees. */
static char *query_text(TuDb *t, const char *sql)
{
    sqlite3_stmt *st = db_prepare(t->db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *v = xstrdup(db_col_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* The held activity that ended last, and the day it ended (into day). */
static int64_t last_held(TuDb *t, char day[11])
{
    static const char q[] = "SELECT a.id FROM activity a JOIN session s ON s.activity_id = a.id "
                            "WHERE a.status = 'held' GROUP BY a.id ORDER BY max(s.session_date) "
                            "DESC, a.id LIMIT 1";
    int64_t id = tu_query_int(t->db, q);
    char *sql = xasprintf("SELECT max(session_date) FROM session WHERE activity_id = %lld",
                          (long long)id);
    char *d = query_text(t, sql);
    snprintf(day, 11, "%s", d);
    free(d);
    free(sql);
    return id;
}

static void test_reminders_once_each(void **state)
{
    TuDb *t = *state;
    /* The demo has one open action item due 2014-06-17 (another was due 2014-06-09), long
     * after its last held activity. */
    RemindersRun r = sweep(t, "2014-06-10");
    assert_int_equal(r.action, 1);
    assert_int_equal(r.survey, 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox WHERE kind = "
                                         "'action_reminder' AND person_id IS NOT NULL AND "
                                         "subject LIKE '%2014-06-17%'"), 1);
    assert_int_equal(sweep(t, "2014-06-11").action, 0);
    /* The survey after the last held activity: nobody to tell without an account. */
    char day[11];
    int64_t act = last_held(t, day);
    assert_int_equal(sweep(t, day).survey, 0);
    /* A coordinator of one of its organisations, while it has no trainer. */
    char *sql = xasprintf("SELECT min(organisation_id) FROM activity_organisation WHERE "
                          "activity_id = %lld", (long long)act);
    int64_t org = tu_query_int(t->db, sql);
    free(sql);
    int64_t coord = add_account(t, "samordnare", ROLE_COORDINATOR, org, "samordnare@example.org");
    /* (and of the other held activities of that organisation that ended within the window) */
    size_t to_coordinator = sweep(t, day).survey;
    assert_true(to_coordinator >= 1);
    sql = xasprintf("SELECT count(*) FROM outbox WHERE kind = 'survey_reminder' AND user_id = "
                    "%lld AND once_key = 'survey_reminder:activity:%lld:user:%lld'",
                    (long long)coord, (long long)act, (long long)coord);
    assert_int_equal(tu_query_int(t->db, sql), 1);
    free(sql);
    /* Once it has a trainer, the trainer is told (and the coordinator not again). */
    int64_t trainer = add_account(t, "utbildare", ROLE_TRAINER, 0, "utbildare@example.org");
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_trainer_assign(t->db, &cli, trainer, act, true, &errs), INSATS_OK);
    errs_free(&errs);
    r = sweep(t, day);
    assert_int_equal(r.survey, 1);
    sql = xasprintf("SELECT count(*) FROM outbox WHERE user_id = %lld", (long long)trainer);
    assert_int_equal(tu_query_int(t->db, sql), 1);
    free(sql);
    r = sweep(t, day);
    assert_int_equal(r.survey + r.action, 0);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox"), 2 + to_coordinator);
    /* Outside the window nothing is due: fifteen days later, or the day before it ended. */
    tu_exec(t->db, "DELETE FROM outbox");
    sql = xasprintf("SELECT date('%s', '+15 days')", day);
    char *late = query_text(t, sql);
    free(sql);
    assert_int_equal(sweep(t, late).survey, 0);
    free(late);
    sql = xasprintf("SELECT date('%s', '+14 days')", day);
    char *last = query_text(t, sql);
    free(sql);
    assert_true(sweep(t, last).survey >= 1);
    free(last);
}

static void test_reminders_bad_day(void **state)
{
    TuDb *t = *state;
    Errs errs;
    errs_init(&errs);
    RemindersRun r;
    assert_int_equal(reminders_run(t->db, "10 juni", NULL, &r, &errs), INSATS_EINPUT);
    assert_int_equal(errs.count, 1);
    assert_int_equal(tu_query_int(t->db, "SELECT count(*) FROM outbox"), 0);
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reminders_once_each, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reminders_bad_day, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
