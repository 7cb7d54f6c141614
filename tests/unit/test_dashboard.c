/* test_dashboard.c — unit tests of dashboard.c on the small demo: its figures are the current
 * period's report, a second read comes from the cache, and a new figure is read right after a
 * write — made through the core on the same connection, or by another connection that knows
 * nothing of this process (as the command line would), which PRAGMA data_version reveals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "actor.h"
#include "csv_import.h"
#include "dashboard.h"
#include "freeze.h"
#include "report.h"
#include "testutil.h"

static TuDb *t;
/* A day early in a reporting period in the middle of the project, with attendance before and
 * sessions after it, and not frozen, so that it takes new attendance. */
static char today[11];
static int period;

static int setup(void **state)
{
    (void)state;
    t = tu_demo_db("dashboard");
    if (!t)
        return -1;
    sqlite3_stmt *st = db_prepare(
        t->db, "SELECT number, date(from_date, '+10 days') FROM reporting_period"
               " WHERE project_id = ?1 AND number = 6 AND number NOT IN (SELECT period"
               " FROM frozen_span WHERE project_id = ?1)");
    sqlite3_bind_int64(st, 1, t->project);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        period = sqlite3_column_int(st, 0);
        snprintf(today, sizeof today, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    dashboard_cache_clear();
    return tu_db_free(t);
}

static json_t *dash(Role role)
{
    Actor a = {.role = role};
    Errs errs;
    errs_init(&errs);
    json_t *d = NULL;
    int rc = dashboard_get(t->db, &a, t->project, today, &d, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    return d;
}

static json_int_t at_int(const json_t *d, const char *path)
{
    const json_t *v = tu_json_at(d, path);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

/* The dashboard shows the report of the period holding today, figure for figure. */
static void test_figures_are_the_report(void **state)
{
    (void)state;
    json_t *d = dash(ROLE_MANAGER);
    assert_int_equal(at_int(d, "period.number"), period);
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, NULL, NULL};
    json_t *r = NULL;
    assert_int_equal(report_get(t->db, t->project, REPORT_LAGESRAPPORT, &range, &r, &errs),
                     INSATS_OK);
    errs_free(&errs);
    static const char *const keys[] = {"participants", "interventions", "goals", "budget", NULL};
    for (size_t i = 0; keys[i]; i++)
        assert_true(json_equal(json_object_get(d, keys[i]), json_object_get(r, keys[i])));
    assert_true(at_int(d, "participants.period.total") > 0);
    /* the lists are there, the upcoming ones from today on */
    const json_t *sessions = json_object_get(d, "upcoming_sessions");
    assert_true(json_array_size(sessions) > 0);
    assert_true(strcmp(json_string_value(json_object_get(json_array_get(sessions, 0), "date")),
                       today) >= 0);
    assert_true(json_is_array(json_object_get(d, "open_actions")));
    assert_true(json_is_array(json_object_get(d, "unreported_deviations")));
    json_decref(r);
    json_decref(d);
}

/* A coordinator gets the names of the action owners of their own organisation only; a trainer
 * none. The figures are everyone's. */
static void test_coordinator_sees_own_names(void **state)
{
    (void)state;
    json_t *m = dash(ROLE_MANAGER);
    const json_t *actions = json_object_get(m, "open_actions");
    size_t i;
    json_t *a;
    size_t own = 0, other = 0;
    /* the organisation of one owner, by the owner's name */
    int64_t org = 0;
    json_array_foreach(actions, i, a) {
        const char *owner = json_string_value(json_object_get(a, "owner"));
        assert_null(json_object_get(a, "_owner_organisation"));
        if (!owner)
            continue;
        char *sql = xasprintf("SELECT organisation_id FROM person WHERE name = '%s' AND project_id = %lld",
                              owner, (long long)t->project);
        int64_t o = tu_query_int(t->db, sql);
        free(sql);
        if (!org)
            org = o;
        own += o == org;
        other += o != org;
    }
    assert_true(own > 0);
    assert_true(other > 0);   /* the demo's owners come from more than one organisation */
    Actor ca = {.role = ROLE_COORDINATOR, .organisation_id = org};
    Errs errs;
    errs_init(&errs);
    json_t *c = NULL;
    assert_int_equal(dashboard_get(t->db, &ca, t->project, today, &c, &errs), INSATS_OK);
    size_t named = 0;
    json_array_foreach(json_object_get(c, "open_actions"), i, a) {
        const char *owner = json_string_value(json_object_get(a, "owner"));
        if (!owner)
            continue;
        named++;
        char *sql = xasprintf("SELECT organisation_id FROM person WHERE name = '%s' AND project_id = %lld",
                              owner, (long long)t->project);
        assert_int_equal(tu_query_int(t->db, sql), org);
        free(sql);
    }
    assert_int_equal(named, own);
    assert_true(json_equal(json_object_get(c, "participants"), json_object_get(m, "participants")));
    json_t *tr = dash(ROLE_TRAINER);
    json_array_foreach(json_object_get(tr, "open_actions"), i, a)
        assert_true(json_is_null(json_object_get(a, "owner")));
    errs_free(&errs);
    json_decref(c);
    json_decref(tr);
    json_decref(m);
}

/* A reader gets the figures, not the names of the people who own actions. */
static void test_reader_sees_no_names(void **state)
{
    (void)state;
    json_t *m = dash(ROLE_MANAGER), *r = dash(ROLE_READER);
    size_t i, named = 0;
    json_t *a;
    json_array_foreach(json_object_get(m, "open_actions"), i, a)
        named += json_is_string(json_object_get(a, "owner"));
    assert_true(named > 0);
    json_array_foreach(json_object_get(r, "open_actions"), i, a)
        assert_true(json_is_null(json_object_get(a, "owner")));
    /* the reader's copy did not change what the manager is served */
    json_t *again = dash(ROLE_MANAGER);
    assert_true(json_equal(m, again));
    json_decref(again);
    json_decref(m);
    json_decref(r);
}

/* Nothing written: the second read is the cached one. A write through the core (the CSV
 * attendance import): the very next read has the new participant. */
static void test_new_figure_right_after_a_write(void **state)
{
    (void)state;
    json_t *d = dash(ROLE_MANAGER);
    uint64_t fills = dashboard_cache_fills();
    json_decref(dash(ROLE_MANAGER));
    assert_int_equal(dashboard_cache_fills(), fills);
    json_int_t before = at_int(d, "participants.period.total");
    json_decref(d);

    /* someone who never attended, present at a counting session of this period */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT p.code || ';' || a.code || ';' || s.code FROM person p, activity a"
             " JOIN intervention i ON i.id = a.intervention_id"
             " JOIN session s ON s.activity_id = a.id JOIN reporting_period r"
             " ON r.project_id = a.project_id AND r.number = %d"
             " WHERE p.project_id = %lld AND a.project_id = p.project_id"
             " AND a.status <> 'cancelled' AND i.counts_participants = 1"
             " AND s.session_date BETWEEN r.from_date AND r.to_date"
             " AND NOT EXISTS (SELECT 1 FROM attendance t WHERE t.person_id = p.id)"
             " AND NOT EXISTS (SELECT 1 FROM attendance t WHERE t.session_id = s.id"
             " AND t.person_id = p.id) LIMIT 1",
             period, (long long)t->project);
    sqlite3_stmt *st = db_prepare(t->db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *row = xasprintf("aktivitet;deltagare;tillfälle;närvaro\n");
    const char *triple = (const char *)sqlite3_column_text(st, 0);
    char p[128], a[128], s[128];
    assert_int_equal(sscanf(triple, "%127[^;];%127[^;];%127s", p, a, s), 3);
    sqlite3_finalize(st);
    char *csv = xasprintf("%s%s;%s;%s;ja\n", row, a, p, s);
    free(row);
    char *path = xasprintf("%s/att.csv", t->dir);
    tu_write_file(path, csv, strlen(csv));
    free(csv);
    Errs errs;
    errs_init(&errs);
    int rc = csv_import_file(t->db, tu_manager(), t->project, CSV_IMPORT_ATTENDANCE, path, NULL,
                             NULL, NULL, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    free(path);
    assert_int_equal(rc, INSATS_OK);

    d = dash(ROLE_MANAGER);
    assert_int_equal(at_int(d, "participants.period.total"), before + 1);
    assert_int_equal(dashboard_cache_fills(), fills + 1);
    json_decref(d);
}

/* A write by a connection this process has no hook on — another process, such as the command
 * line — is seen through PRAGMA data_version. */
static void test_write_by_another_process(void **state)
{
    (void)state;
    json_t *d = dash(ROLE_MANAGER);
    json_int_t women = at_int(d, "participants.accumulated.women");
    json_decref(d);
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE person SET gender = 'male' WHERE id = (SELECT min(t.person_id)"
             " FROM attendance t JOIN person p ON p.id = t.person_id"
             " WHERE t.present = 1 AND p.gender = 'female' AND p.project_id = %lld)",
             (long long)t->project);
    /* Another process: its own connection (with the functions the audit triggers call), whose
     * commit no hook of this process sees. The child reports by its exit status only. */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        Db *other = NULL;
        Errs errs;
        errs_init(&errs);
        int ok = db_open(t->path, NULL, DB_OPEN_EXISTING, &other, &errs) == INSATS_OK;
        if (ok) {
            tu_set_actor(other);
            ok = sqlite3_exec(other->h, sql, NULL, NULL, NULL) == SQLITE_OK &&
                 sqlite3_changes(other->h) == 1;
            db_close(other);
        }
        errs_free(&errs);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    d = dash(ROLE_MANAGER);
    assert_int_equal(at_int(d, "participants.accumulated.women"), women - 1);
    json_decref(d);
}

/* Several threads, each with its own connection, ask for the same dashboard on an empty cache at
 * once: it is computed once, and the others wait for that answer. */
enum { ASKERS = 4 };

static pthread_barrier_t askers_ready;

static void *ask_dashboard(void *arg)
{
    int *ok = arg;
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    if (db_open(t->path, NULL, DB_OPEN_EXISTING, &db, &errs) == INSATS_OK) {
        Actor a = {.role = ROLE_MANAGER};
        json_t *d = NULL;
        pthread_barrier_wait(&askers_ready);
        *ok = dashboard_get(db, &a, t->project, today, &d, &errs) == INSATS_OK &&
              json_is_object(json_object_get(d, "participants"));
        json_decref(d);
        db_close(db);
    } else {
        pthread_barrier_wait(&askers_ready);
    }
    errs_free(&errs);
    return NULL;
}

static void test_one_computation_for_many_askers(void **state)
{
    (void)state;
    dashboard_cache_clear();
    uint64_t fills = dashboard_cache_fills();
    pthread_t th[ASKERS];
    int ok[ASKERS] = {0};
    pthread_barrier_init(&askers_ready, NULL, ASKERS);
    for (int i = 0; i < ASKERS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, ask_dashboard, &ok[i]), 0);
    for (int i = 0; i < ASKERS; i++) {
        pthread_join(th[i], NULL);
        assert_true(ok[i]);
    }
    pthread_barrier_destroy(&askers_ready);
    assert_int_equal(dashboard_cache_fills(), fills + 1);
}

/* Computing ahead (what the server does at its start and after a write) fills the cache for
 * today, and today's viewer is served from it; after a write it computes the new figures. */
static void test_warm_fills_the_cache_for_today(void **state)
{
    (void)state;
    dashboard_cache_clear();
    Errs errs;
    errs_init(&errs);
    uint64_t fills = dashboard_cache_fills();
    assert_int_equal(dashboard_warm(t->db, t->project, &errs), INSATS_OK);
    assert_int_equal(dashboard_cache_fills(), fills + 1);
    /* already there: nothing computed */
    assert_int_equal(dashboard_warm(t->db, t->project, &errs), INSATS_OK);
    assert_int_equal(dashboard_cache_fills(), fills + 1);
    Actor a = {.role = ROLE_READER};
    json_t *d = NULL;
    assert_int_equal(dashboard_get(t->db, &a, t->project, NULL, &d, &errs), INSATS_OK);
    assert_int_equal(dashboard_cache_fills(), fills + 1);
    assert_true(dashboard_idle_seconds() >= 0 && dashboard_idle_seconds() < 60);
    json_decref(d);
    /* a change: the next warm computes again, and the viewer gets what it computed */
    tu_set_actor(t->db);
    assert_int_equal(sqlite3_exec(t->db->h,
                                  "UPDATE organisation SET name = name || ' (ny)' WHERE id ="
                                  " (SELECT min(id) FROM organisation)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(dashboard_warm(t->db, t->project, &errs), INSATS_OK);
    assert_int_equal(dashboard_cache_fills(), fills + 2);
    assert_int_equal(dashboard_get(t->db, &a, t->project, NULL, &d, &errs), INSATS_OK);
    assert_int_equal(dashboard_cache_fills(), fills + 2);
    json_decref(d);
    errs_print(&errs, stderr);
    errs_free(&errs);
}

static int64_t trainer_account(const char *login)
{
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    AccountNew in = {.login = login, .name = "Tina Lund", .role = ROLE_TRAINER};
    int64_t id = 0;
    assert_int_equal(account_add(t->db, &cli, &in, &id, &errs), INSATS_OK);
    errs_free(&errs);
    return id;
}

/* A trainer's upcoming sessions are those of their own activities, even where the project's
 * next ten hold none of them; a trainer of none gets none; each trainer's page is their own. */
static void test_trainer_sees_own_sessions(void **state)
{
    (void)state;
    /* the activity whose next session comes last: outside the project's first ten */
    char *sql = xasprintf("SELECT a.id FROM activity a JOIN session s ON s.activity_id = a.id"
                          " WHERE a.project_id = %lld AND a.status <> 'cancelled' AND"
                          " s.session_date >= '%s' GROUP BY a.id ORDER BY min(s.session_date)"
                          " DESC, a.id LIMIT 1", (long long)t->project, today);
    int64_t act = tu_query_int(t->db, sql);
    free(sql);
    sql = xasprintf("SELECT code FROM activity WHERE id = %lld", (long long)act);
    sqlite3_stmt *st = db_prepare(t->db, sql);
    free(sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *code = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    json_t *m = dash(ROLE_MANAGER);
    size_t i;
    json_t *e;
    bool theirs_in_managers = false;
    json_array_foreach(json_object_get(m, "upcoming_sessions"), i, e)
        theirs_in_managers |= strcmp(json_string_value(json_object_get(e, "activity")), code) == 0;
    assert_false(theirs_in_managers);   /* so that a filter of the ten would show nothing */
    assert_int_equal(json_array_size(json_object_get(m, "upcoming_sessions")), 10);

    int64_t tina = trainer_account("tina"), olle = trainer_account("olle");
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_trainer_assign(t->db, &cli, tina, act, true, &errs), INSATS_OK);
    Actor ta = {.role = ROLE_TRAINER, .user_id = tina}, to = {.role = ROLE_TRAINER, .user_id = olle};
    json_t *d = NULL, *o = NULL;
    assert_int_equal(dashboard_get(t->db, &ta, t->project, today, &d, &errs), INSATS_OK);
    assert_int_equal(dashboard_get(t->db, &to, t->project, today, &o, &errs), INSATS_OK);
    errs_free(&errs);
    const json_t *mine = json_object_get(d, "upcoming_sessions");
    assert_true(json_array_size(mine) > 0);
    json_array_foreach(mine, i, e) {
        assert_string_equal(json_string_value(json_object_get(e, "activity")), code);
        assert_true(strcmp(json_string_value(json_object_get(e, "date")), today) >= 0);
    }
    assert_int_equal(json_array_size(json_object_get(o, "upcoming_sessions")), 0);
    /* the figures are the project's, as for everyone */
    assert_true(json_equal(json_object_get(d, "participants"), json_object_get(m, "participants")));
    assert_true(dashboard_viewer(&ta) != dashboard_viewer(&to));
    json_decref(d);
    json_decref(o);
    json_decref(m);
    free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_are_the_report),
        cmocka_unit_test(test_reader_sees_no_names),
        cmocka_unit_test(test_coordinator_sees_own_names),
        cmocka_unit_test(test_new_figure_right_after_a_write),
        cmocka_unit_test(test_write_by_another_process),
        cmocka_unit_test(test_one_computation_for_many_askers),
        cmocka_unit_test(test_warm_fills_the_cache_for_today),
        cmocka_unit_test(test_trainer_sees_own_sessions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
