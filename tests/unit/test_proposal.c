/* test_proposal.c — the proposal state machine (proposal.c): every step from every state by
 * every kind of actor, allowed or refused with the reason and nothing changed; the reason a
 * return, rejection and deferral need; the paused intake; booking only from an approved
 * proposal; who sees which proposal; and the migration that made the tables anew keeping
 * every row and reference. Runs on the small demo project. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "dashboard.h"
#include "migrate.h"
#include "outbox.h"
#include "proposal.h"
#include "record.h"
#include "records.h"
#include "i18n.h"
#include "testutil.h"
#include "todo.h"

typedef struct T {
    TuDb *t;
    int64_t alvby, bergvika;
    Actor submitter;   /* a trainer of Älvby who proposes */
    Actor coord;       /* Älvby's coordinator */
    Actor coord_other; /* Bergvika's coordinator */
    Actor manager;
    Actor colleague;   /* a reader of Älvby who did not submit it */
    Actor admin;
} T;

static Actor mk(int64_t user, const char *login, Role role, int64_t org)
{
    Actor a = {.user_id = user, .role = role, .organisation_id = org};
    snprintf(a.login, sizeof a.login, "%s", login);
    snprintf(a.name, sizeof a.name, "Namn %s", login);
    return a;
}

static int setup(void **state)
{
    T *x = calloc(1, sizeof *x);
    x->t = tu_demo_db("proposal");
    if (!x->t)
        return -1;
    Db *db = x->t->db;
    x->alvby = tu_query_int(db, "SELECT id FROM organisation WHERE code = 'alvby'");
    x->bergvika = tu_query_int(db, "SELECT id FROM organisation WHERE code = 'bergvika'");
    x->submitter = mk(1, "anna", ROLE_TRAINER, x->alvby);
    x->coord = mk(2, "koord-alvby", ROLE_COORDINATOR, x->alvby);
    x->coord_other = mk(3, "koord-bergvika", ROLE_COORDINATOR, x->bergvika);
    x->manager = mk(4, "chef", ROLE_MANAGER, 0);
    x->colleague = mk(5, "kollega", ROLE_READER, x->alvby);
    x->admin = mk(6, "admin", ROLE_ADMIN, 0);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(proposal_intake_open(db, &x->manager, x->t->project, &errs), INSATS_OK);
    errs_free(&errs);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    T *x = *state;
    int rc = tu_db_free(x->t);
    free(x);
    return rc;
}

static bool has_msg(const Errs *e, const char *text)
{
    for (size_t i = 0; i < e->count; i++)
        if (strstr(e->msgs[i], text))
            return true;
    return false;
}

static int submit(T *x, const Actor *a, const char *id, char *code)
{
    json_t *form = json_pack("{s:s, s:s, s:i, s:f, s:f, s:s, s:s}", "title", "Excel grund",
                             "unit", "Ekonomi", "estimated_participants", 12,
                             "estimated_hours", 7.5, "estimated_cost", 12000.5,
                             "wished_period", "hösten 2027", "target_group", "administratörer");
    if (id)
        json_object_set_new(form, "id", json_string(id));
    Errs errs;
    errs_init(&errs);
    char tmp[80];
    int rc = proposal_submit(x->t->db, a, x->t->project, form, code ? code : tmp, 80, &errs);
    json_decref(form);
    errs_free(&errs);
    return rc;
}

static int act(T *x, const Actor *a, const char *code, ProposalStep step, const char *note)
{
    Errs errs;
    errs_init(&errs);
    int rc = proposal_act(x->t->db, a, x->t->project, code, step, note, &errs);
    errs_free(&errs);
    return rc;
}

static char *status_of(T *x, const char *code)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT status FROM proposal WHERE code = '%s'", code);
    sqlite3_stmt *st = db_prepare(x->t->db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *s = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

static int64_t events_of(T *x, const char *code)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM proposal_event e JOIN proposal p"
             " ON p.id = e.proposal_id WHERE p.code = '%s'", code);
    return tu_query_int(x->t->db, sql);
}

/* A fresh proposal of Älvby brought to `state` by the allowed steps. */
static void reach(T *x, const char *state, char *code)
{
    assert_int_equal(submit(x, &x->submitter, NULL, code), INSATS_OK);
    if (strcmp(state, "submitted") == 0)
        return;
    if (strcmp(state, "returned") == 0) {
        assert_int_equal(act(x, &x->coord, code, PROPOSAL_RETURN, "fyll i timmar"), INSATS_OK);
        return;
    }
    assert_int_equal(act(x, &x->coord, code, PROPOSAL_FORWARD, NULL), INSATS_OK);
    if (strcmp(state, "forwarded") == 0)
        return;
    ProposalStep s = strcmp(state, "approved") == 0   ? PROPOSAL_APPROVE
                     : strcmp(state, "rejected") == 0 ? PROPOSAL_REJECT
                                                      : PROPOSAL_DEFER;
    assert_int_equal(act(x, &x->manager, code, s, "skäl"), INSATS_OK);
    char *got = status_of(x, code);
    assert_string_equal(got, state);
    free(got);
}

/* The expected answer, written out as docs/workflows.md states the rules. */
static int expected(T *x, const Actor *a, ProposalStep step, const char *state)
{
    bool visible = a == &x->manager || a == &x->coord || a == &x->submitter;
    if (step == PROPOSAL_SUBMIT && (a == &x->admin || a == &x->manager))
        return INSATS_EFORBIDDEN;   /* no organisation to propose for */
    if (!visible)
        return INSATS_EINPUT;
    bool who;
    const char *from;
    switch (step) {
    case PROPOSAL_SUBMIT: who = a == &x->submitter || a == &x->coord; from = "returned"; break;
    case PROPOSAL_FORWARD:
    case PROPOSAL_RETURN: who = a == &x->coord; from = "submitted"; break;
    default: who = a == &x->manager; from = "forwarded deferred"; break;
    }
    if (!who)
        return INSATS_EFORBIDDEN;
    return strstr(from, state) ? INSATS_OK : INSATS_ECONFLICT;
}

/* Every step from every state by every actor: allowed where the rules say, otherwise refused
 * with the right kind of refusal and nothing changed. */
static void test_every_transition(void **state)
{
    T *x = *state;
    static const char *const states[] = {"submitted", "forwarded", "returned", "approved",
                                         "rejected", "deferred"};
    const Actor *actors[] = {&x->submitter, &x->coord, &x->coord_other, &x->manager,
                             &x->colleague, &x->admin};
    int allowed = 0, refused = 0;
    for (size_t s = 0; s < sizeof states / sizeof *states; s++)
        for (int step = 0; step < PROPOSAL_STEP_COUNT; step++)
            for (size_t a = 0; a < sizeof actors / sizeof *actors; a++) {
                char code[80];
                reach(x, states[s], code);
                int64_t before = events_of(x, code);
                int want = expected(x, actors[a], (ProposalStep)step, states[s]);
                int got = step == PROPOSAL_SUBMIT
                              ? submit(x, actors[a], code, NULL)
                              : act(x, actors[a], code, (ProposalStep)step, "en anteckning");
                if (got != want)
                    fail_msg("%s by %s from %s: %d, expected %d",
                             proposal_step_name((ProposalStep)step), actors[a]->login,
                             states[s], got, want);
                char *now = status_of(x, code);
                if (want == INSATS_OK) {
                    allowed++;
                    assert_int_equal(events_of(x, code), before + 1);
                    static const char *const to[] = {"submitted", "forwarded", "returned",
                                                     "approved", "rejected", "deferred"};
                    assert_string_equal(now, to[step]);
                } else {
                    refused++;
                    assert_string_equal(now, states[s]);
                    assert_int_equal(events_of(x, code), before);
                }
                free(now);
            }
    /* forward, return (coordinator) from submitted; submit again (submitter, coordinator) from
     * returned; approve, reject, defer (manager) from forwarded and deferred. */
    assert_int_equal(allowed, 2 + 2 + 3 * 2);
    assert_int_equal(refused, 6 * PROPOSAL_STEP_COUNT * 6 - allowed);
}

/* The messages say what is wrong and what the rule is. */
static void test_refusals_say_why(void **state)
{
    T *x = *state;
    char code[80];
    reach(x, "submitted", code);
    Errs errs;
    errs_init(&errs);
    Db *db = x->t->db;
    int64_t p = x->t->project;
    assert_int_equal(proposal_act(db, &x->coord_other, p, code, PROPOSAL_FORWARD, NULL, &errs),
                     INSATS_EINPUT);
    assert_true(has_msg(&errs, "no proposal"));
    assert_string_equal(errs.fields[0], "id");
    errs_free(&errs);
    errs_init(&errs);
    /* project management decides only what the coordinator has forwarded */
    assert_int_equal(proposal_act(db, &x->manager, p, code, PROPOSAL_APPROVE, NULL, &errs),
                     INSATS_ECONFLICT);
    assert_true(has_msg(&errs, "is submitted; it can be approved only while it is forwarded "
                               "or deferred"));
    errs_free(&errs);
    errs_init(&errs);
    /* a manager may not forward: that is the coordinator's */
    assert_int_equal(proposal_act(db, &x->manager, p, code, PROPOSAL_FORWARD, NULL, &errs),
                     INSATS_EFORBIDDEN);
    assert_true(has_msg(&errs, "only the coordinator of the proposal's organisation"));
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(proposal_act(db, &x->coord, p, code, PROPOSAL_FORWARD, "ok", &errs),
                     INSATS_OK);
    assert_int_equal(proposal_act(db, &x->coord, p, code, PROPOSAL_FORWARD, NULL, &errs),
                     INSATS_ECONFLICT);
    assert_true(has_msg(&errs, "is forwarded; it can be forwarded only while it is submitted"));
    errs_free(&errs);
    /* reject and defer need the reason; blank is none */
    for (ProposalStep s = PROPOSAL_REJECT; s <= PROPOSAL_DEFER; s++) {
        errs_init(&errs);
        assert_int_equal(proposal_act(db, &x->manager, p, code, s, " \n ", &errs),
                         INSATS_EINPUT);
        assert_string_equal(errs.fields[0], "note");
        assert_true(has_msg(&errs, "give the reason"));
        errs_free(&errs);
    }
    char *st = status_of(x, code);
    assert_string_equal(st, "forwarded");
    free(st);
    /* the return's reason too */
    char other[80];
    reach(x, "submitted", other);
    errs_init(&errs);
    assert_int_equal(proposal_act(db, &x->coord, p, other, PROPOSAL_RETURN, NULL, &errs),
                     INSATS_EINPUT);
    assert_true(has_msg(&errs, "give the reason"));
    errs_free(&errs);
}

/* The history holds who, when and the note of each step, in order; the steps the actor may
 * take are listed with the proposal. */
static void test_history_and_steps(void **state)
{
    T *x = *state;
    char code[80];
    reach(x, "returned", code);
    assert_int_equal(submit(x, &x->submitter, code, NULL), INSATS_OK);
    assert_int_equal(act(x, &x->coord, code, PROPOSAL_FORWARD, "Prioriterad"), INSATS_OK);
    assert_int_equal(act(x, &x->manager, code, PROPOSAL_DEFER, "Väntar på våren"), INSATS_OK);
    json_t *p = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(proposal_get(x->t->db, &x->manager, x->t->project, code, &p, &errs),
                     INSATS_OK);
    json_t *h = json_object_get(p, "history");
    assert_int_equal(json_array_size(h), 5);
    static const char *const want[][3] = {{"submitted", "anna", NULL},
                                          {"returned", "koord-alvby", "fyll i timmar"},
                                          {"submitted", "anna", NULL},
                                          {"forwarded", "koord-alvby", "Prioriterad"},
                                          {"deferred", "chef", "Väntar på våren"}};
    for (size_t i = 0; i < 5; i++) {
        json_t *e = json_array_get(h, i);
        assert_string_equal(json_string_value(json_object_get(e, "status")), want[i][0]);
        assert_string_equal(json_string_value(json_object_get(e, "by")), want[i][1]);
        if (want[i][2])
            assert_string_equal(json_string_value(json_object_get(e, "note")), want[i][2]);
        else
            assert_true(json_is_null(json_object_get(e, "note")));
        assert_non_null(strchr(json_string_value(json_object_get(e, "at")), 'T'));
    }
    tu_assert_json(json_object_get(p, "steps"), "[\"approve\",\"reject\",\"defer\"]");
    tu_assert_json(json_object_get(p, "estimated_hours"), "7.5");
    tu_assert_json(json_object_get(p, "estimated_cost"), "12000.5");
    tu_assert_json(json_object_get(p, "submitted_by"), "\"anna\"");
    json_decref(p);
    /* the submitter sees it, with no step of theirs now */
    assert_int_equal(proposal_get(x->t->db, &x->submitter, x->t->project, code, &p, &errs),
                     INSATS_OK);
    tu_assert_json(json_object_get(p, "steps"), "[]");
    json_decref(p);
    /* someone else of the same organisation does not */
    assert_int_equal(proposal_get(x->t->db, &x->colleague, x->t->project, code, &p, &errs),
                     INSATS_EINPUT);
    assert_null(p);
    errs_free(&errs);
}

static size_t count_listed(T *x, const Actor *a, const char *status)
{
    json_t *list = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(proposal_list(x->t->db, a, x->t->project, status, &list, &errs), INSATS_OK);
    size_t n = json_array_size(list);
    json_decref(list);
    errs_free(&errs);
    return n;
}

/* The list shows the manager every proposal, a coordinator their organisation's, anyone else
 * those they submitted. */
static void test_list_scope(void **state)
{
    T *x = *state;
    char code[80];
    reach(x, "submitted", code);
    reach(x, "forwarded", code);
    Db *db = x->t->db;
    assert_int_equal(count_listed(x, &x->manager, NULL),
                     (size_t)tu_query_int(db, "SELECT count(*) FROM proposal"));
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM proposal WHERE organisation_id = %lld",
             (long long)x->alvby);
    assert_int_equal(count_listed(x, &x->coord, NULL), (size_t)tu_query_int(db, sql));
    assert_int_equal(count_listed(x, &x->submitter, NULL), 2);
    assert_int_equal(count_listed(x, &x->submitter, "forwarded"), 1);
    assert_int_equal(count_listed(x, &x->colleague, NULL), 0);
}

/* While paused the intake takes nothing, and says why; it opens again by itself on its
 * reopening date; only a manager pauses or opens it. */
static void test_intake(void **state)
{
    T *x = *state;
    Db *db = x->t->db;
    int64_t p = x->t->project;
    Errs errs;
    errs_init(&errs);
    setenv("INSATS_TODAY", "2026-03-01", 1);
    assert_int_equal(proposal_intake_pause(db, &x->coord, p, "Nej", NULL, &errs),
                     INSATS_EFORBIDDEN);
    assert_int_equal(proposal_intake_pause(db, &x->manager, p, "  ", NULL, &errs),
                     INSATS_EINPUT);
    assert_int_equal(proposal_intake_pause(db, &x->manager, p, "Vänta", "2026-03-01", &errs),
                     INSATS_EINPUT);
    assert_int_equal(proposal_intake_pause(db, &x->manager, p, "Vänta", "2026-02-31", &errs),
                     INSATS_EINPUT);
    errs_free(&errs);
    errs_init(&errs);
    assert_int_equal(proposal_intake_pause(db, &x->manager, p,
                                           "Inga nya förslag förrän de beviljade är genomförda.",
                                           "2026-04-01", &errs),
                     INSATS_OK);
    int64_t before = tu_query_int(db, "SELECT count(*) FROM proposal");
    json_t *form = json_pack("{s:s}", "title", "Något nytt");
    assert_int_equal(proposal_submit(db, &x->submitter, p, form, NULL, 0, &errs),
                     INSATS_ECONFLICT);
    assert_true(has_msg(&errs, "no new proposals until 2026-04-01: Inga nya förslag förrän"));
    /* the generic form's way in is the same */
    assert_int_equal(record_save(db, &x->submitter, p, "proposal", form, true, NULL, 0, &errs),
                     INSATS_ECONFLICT);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM proposal"), before);
    /* a returned proposal is not submitted again while paused either */
    ProposalIntake in;
    assert_int_equal(proposal_intake_get(db, p, &in, &errs), INSATS_OK);
    assert_true(in.paused);
    assert_string_equal(in.until, "2026-04-01");
    setenv("INSATS_TODAY", "2026-04-01", 1);
    assert_int_equal(proposal_intake_get(db, p, &in, &errs), INSATS_OK);
    assert_false(in.paused);
    assert_int_equal(proposal_submit(db, &x->submitter, p, form, NULL, 0, &errs), INSATS_OK);
    setenv("INSATS_TODAY", "2026-03-01", 1);
    assert_int_equal(proposal_intake_open(db, &x->coord, p, &errs), INSATS_EFORBIDDEN);
    assert_int_equal(proposal_intake_open(db, &x->manager, p, &errs), INSATS_OK);
    assert_int_equal(proposal_intake_get(db, p, &in, &errs), INSATS_OK);
    assert_false(in.paused);
    unsetenv("INSATS_TODAY");
    json_decref(form);
    errs_free(&errs);
}

static int book(T *x, const char *id, const char *proposal, bool create)
{
    json_t *a = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "title", "Excel",
                          "intervention", "i1", "kind", "training", "status", "planned");
    if (proposal)
        json_object_set_new(a, "proposal", json_string(proposal));
    Errs errs;
    errs_init(&errs);
    int rc = record_save(x->t->db, &x->manager, x->t->project, "activity", a, create, NULL, 0,
                         &errs);
    if (rc == INSATS_ECONFLICT)
        assert_true(has_msg(&errs, "approved"));
    errs_free(&errs);
    json_decref(a);
    return rc;
}

/* An activity is booked only from an approved proposal, and moved only to one. */
static void test_booking(void **state)
{
    T *x = *state;
    static const char *const states[] = {"submitted", "forwarded", "returned", "rejected",
                                         "deferred"};
    int64_t before = tu_query_int(x->t->db, "SELECT count(*) FROM activity");
    for (size_t i = 0; i < sizeof states / sizeof *states; i++) {
        char code[80];
        reach(x, states[i], code);
        assert_int_equal(book(x, "ny", code, true), INSATS_ECONFLICT);
    }
    assert_int_equal(book(x, "ny", NULL, true), INSATS_ECONFLICT);
    assert_int_equal(book(x, "ny", "finns-inte", true), INSATS_EINPUT);
    assert_int_equal(tu_query_int(x->t->db, "SELECT count(*) FROM activity"), before);
    char ok[80], other[80];
    reach(x, "approved", ok);
    assert_int_equal(book(x, "ny", ok, true), INSATS_OK);
    /* edited with its proposal kept; moved to one not approved: refused */
    assert_int_equal(book(x, "ny", ok, false), INSATS_OK);
    reach(x, "deferred", other);
    assert_int_equal(book(x, "ny", other, false), INSATS_ECONFLICT);
    assert_int_equal(tu_query_int(x->t->db, "SELECT count(*) FROM activity"), before + 1);
}

/* Anyone of the organisation proposes, but only those who handle proposals delete one: the
 * manager, the organisation's coordinator. */
static void test_delete_by_handlers(void **state)
{
    T *x = *state;
    char code[80];
    reach(x, "returned", code);
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    assert_int_equal(records_delete(x->t->db, &x->submitter, x->t->project, "proposal", code,
                                    &removed, &errs), INSATS_EFORBIDDEN);
    assert_int_equal(records_delete(x->t->db, &x->colleague, x->t->project, "proposal", code,
                                    &removed, &errs), INSATS_EFORBIDDEN);
    assert_int_equal(records_delete(x->t->db, &x->coord_other, x->t->project, "proposal", code,
                                    &removed, &errs), INSATS_EINPUT);
    assert_int_equal(removed, 0);
    assert_int_equal(records_delete(x->t->db, &x->coord, x->t->project, "proposal", code,
                                    &removed, &errs), INSATS_OK);
    assert_true(removed >= 1);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM proposal WHERE code = '%s'", code);
    assert_int_equal(tu_query_int(x->t->db, sql), 0);
    errs_free(&errs);
}

/* A database of the schema before with proposals, their history and an activity booked from one comes
 * through the migration that makes the tables anew: every row and reference is kept and the
 * new state can be stored. */
static void test_migration_keeps_rows(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("proposal-mig");
    char *path = malloc(strlen(dir) + 8);
    sprintf(path, "%s/o.db", dir);
    Db *db = NULL;
    Errs errs;
    errs_init(&errs);
    /* the schema just before the migration that made the tables anew */
    int before = 0;
    for (int i = 0; i < migration_count; i++)
        if (strstr(migrations[i].name, "_proposal_workflow"))
            before = migrations[i].version - 1;
    assert_true(before >= 9);
    assert_int_equal(db_open_at_version(path, before, &db, &errs), INSATS_OK);
    tu_set_actor(db);
    tu_exec(db,
            "INSERT INTO project(id, code, name, start_date, end_date)"
            " VALUES (1, 'p', 'P', '2011-01-01', '2013-12-31');"
            "INSERT INTO organisation(id, project_id, code, name, kind) VALUES (1, 1, 'o', 'O', 'municipality');"
            "INSERT INTO intervention(id, project_id, code, title) VALUES (1, 1, 'i', 'I');"
            "INSERT INTO proposal(id, project_id, code, title, organisation_id, submitted, status)"
            " VALUES (7, 1, 'f7', 'Kurs', 1, '2012-01-02', 'approved');"
            "INSERT INTO proposal_event(proposal_id, position, event_date, status, note)"
            " VALUES (7, 0, '2012-01-02', 'submitted', NULL), (7, 1, '2012-02-01', 'approved', 'Ja');"
            "INSERT INTO activity(id, project_id, code, intervention_id, proposal_id, title, kind, status)"
            " VALUES (1, 1, 'a', 1, 7, 'Kurs', 'training', 'held');");
    db_close(db);
    assert_int_equal(db_open(path, NULL, DB_OPEN_EXISTING, &db, &errs), INSATS_OK);
    assert_int_equal(tu_query_int(db, "PRAGMA user_version"), migrate_latest());
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM proposal_event WHERE proposal_id = 7"),
                     2);
    assert_int_equal(tu_query_int(db, "SELECT proposal_id FROM activity WHERE code = 'a'"), 7);
    assert_int_equal(tu_query_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(db_verify(db, &errs), INSATS_OK);
    tu_set_actor(db);
    tu_exec(db, "UPDATE proposal SET status = 'returned' WHERE id = 7");
    /* the proposal's audit triggers were made anew with the table */
    assert_true(tu_query_int(db, "SELECT count(*) FROM audit_log WHERE kind = 'proposal'"
                                 " AND action = 'update'") >= 1);
    db_close(db);
    errs_free(&errs);
    free(path);
    tu_rmtree(dir);
}


/* A real account of the demo's project with an e-mail address, as its Actor. */
static Actor account_with_email(T *x, const char *login, Role role, int64_t org,
                                const char *email)
{
    Actor cli;
    actor_cli(&cli);
    AccountNew in = {.login = login, .name = login, .role = role, .organisation_id = org};
    int64_t id = 0;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_add(x->t->db, &cli, &in, &id, &errs), INSATS_OK);
    if (email)
        assert_int_equal(outbox_set_account_email(x->t->db, &cli, id, email, &errs), INSATS_OK);
    Actor a;
    assert_int_equal(account_actor(x->t->db, login, &a, &errs), INSATS_OK);
    errs_free(&errs);
    return a;
}

static int64_t outbox_count(T *x, const char *address, const char *subject_start)
{
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE kind = 'proposal_step'"
             " AND address = '%s' AND subject LIKE '%s%%'", address, subject_start);
    return tu_query_int(x->t->db, sql);
}

/* Each step writes its e-mail into the outbox in the step's transaction: to the coordinators
 * of a submission, to the managers of a forwarded proposal, to the submitter of a return or a
 * decision; never to the one who took the step, nor to an account without an address; a
 * refused step writes none. */
static void test_mail_of_each_step(void **state)
{
    T *x = *state;
    Actor sub = account_with_email(x, "m-sub", ROLE_TRAINER, x->alvby, "sub@example.se");
    Actor coord = account_with_email(x, "m-koord", ROLE_COORDINATOR, x->alvby, "koord@example.se");
    account_with_email(x, "m-koord2", ROLE_COORDINATOR, x->alvby, NULL);
    account_with_email(x, "m-other", ROLE_COORDINATOR, x->bergvika, "other@example.se");
    Actor chef = account_with_email(x, "m-chef", ROLE_MANAGER, 0, "chef@example.se");
    char code[80];
    assert_int_equal(submit(x, &sub, NULL, code), INSATS_OK);
    assert_int_equal(outbox_count(x, "koord@example.se", "Utbildningsförslag att vidarebefordra"), 1);
    assert_int_equal(outbox_count(x, "other@example.se", ""), 0);
    assert_int_equal(outbox_count(x, "sub@example.se", ""), 0);
    int64_t all = tu_query_int(x->t->db, "SELECT count(*) FROM outbox");
    assert_int_equal(act(x, &chef, code, PROPOSAL_APPROVE, NULL), INSATS_ECONFLICT);
    assert_int_equal(tu_query_int(x->t->db, "SELECT count(*) FROM outbox"), all);
    assert_int_equal(act(x, &coord, code, PROPOSAL_RETURN, "Ange målgrupp"), INSATS_OK);
    assert_int_equal(outbox_count(x, "sub@example.se", "Ditt utbildningsförslag har skickats tillbaka"), 1);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE address = 'sub@example.se'"
             " AND body LIKE '%%Skäl: Ange målgrupp%%'");
    assert_int_equal(tu_query_int(x->t->db, sql), 1);
    assert_int_equal(submit(x, &sub, code, NULL), INSATS_OK);
    assert_int_equal(outbox_count(x, "koord@example.se", "Utbildningsförslag att vidarebefordra"), 2);
    assert_int_equal(act(x, &coord, code, PROPOSAL_FORWARD, NULL), INSATS_OK);
    assert_int_equal(outbox_count(x, "chef@example.se", "Utbildningsförslag att besluta om"), 1);
    assert_int_equal(act(x, &chef, code, PROPOSAL_APPROVE, NULL), INSATS_OK);
    assert_int_equal(outbox_count(x, "sub@example.se", "Ditt utbildningsförslag är beviljat"), 1);
    /* the manager is not told of their own decision */
    assert_int_equal(outbox_count(x, "chef@example.se", "Ditt"), 0);
}

/* An e-mail is in its recipient's language, never in that of the one who took the step: an
 * actor reading English submits, and the coordinator (no language chosen) gets Swedish; a
 * coordinator who chose English gets English from a manager reading Swedish. */
static void test_mail_in_the_recipients_language(void **state)
{
    T *x = *state;
    Actor sub = account_with_email(x, "l-sub", ROLE_TRAINER, x->bergvika, "l-sub@example.se");
    account_with_email(x, "l-koord", ROLE_COORDINATOR, x->bergvika, "l-koord@example.se");
    char code[80];
    i18n_set(LANG_EN);
    assert_int_equal(submit(x, &sub, NULL, code), INSATS_OK);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE address = 'l-koord@example.se'"
             " AND subject LIKE 'Utbildningsförslag att vidarebefordra: %%' AND body LIKE"
             " 'Utbildningsförslaget %%har lämnats in av l-sub.%%Skicka det vidare till"
             " projektledningen%%'");
    assert_int_equal(tu_query_int(x->t->db, sql), 1);

    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    int64_t uid = tu_query_int(x->t->db, "SELECT id FROM app_user WHERE login = 'l-sub'");
    assert_int_equal(account_set_lang(x->t->db, &cli, uid, "en", &errs), INSATS_OK);
    errs_free(&errs);
    Actor koord = {0};
    errs_init(&errs);
    assert_int_equal(account_actor(x->t->db, "l-koord", &koord, &errs), INSATS_OK);
    errs_free(&errs);
    i18n_set(LANG_SV);
    assert_int_equal(act(x, &koord, code, PROPOSAL_RETURN, "Ange målgrupp"), INSATS_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE address = 'l-sub@example.se'"
             " AND subject LIKE 'Your training proposal has been returned: %%' AND body LIKE"
             " '%%has been returned by l-koord.%%Reason: Ange målgrupp%%Edit the proposal%%'");
    assert_int_equal(tu_query_int(x->t->db, sql), 1);
    i18n_set(LANG_NONE);
}

/* The dashboard's pipeline counts the proposals per state and organisation, and a step shows
 * on it at once (its cache is stamped with the database's generation). */
static void test_dashboard_pipeline(void **state)
{
    T *x = *state;
    Db *db = x->t->db;
    json_t *d = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(dashboard_get(db, &x->manager, x->t->project, NULL, &d, &errs), INSATS_OK);
    const json_t *by = json_object_get(json_object_get(d, "proposals"), "by_status");
    static const char *const states[] = {"submitted", "forwarded", "returned", "deferred",
                                         "approved", "rejected"};
    for (size_t i = 0; i < 6; i++) {
        char sql[120];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM proposal WHERE status = '%s'", states[i]);
        assert_int_equal(json_integer_value(json_object_get(by, states[i])), tu_query_int(db, sql));
    }
    int64_t forwarded = json_integer_value(json_object_get(by, "forwarded"));
    json_decref(d);
    char code[80];
    reach(x, "forwarded", code);
    assert_int_equal(dashboard_get(db, &x->manager, x->t->project, NULL, &d, &errs), INSATS_OK);
    const json_t *pipe = json_object_get(d, "proposals");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(pipe, "by_status"),
                                                        "forwarded")), forwarded + 1);
    /* Älvby's row, and the waiting time of the forwarded ones */
    size_t i;
    const json_t *o;
    bool seen = false;
    json_array_foreach(json_object_get(pipe, "by_organisation"), i, o)
        if (strcmp(json_string_value(json_object_get(o, "organisation")), "alvby") == 0) {
            char sql[160];
            snprintf(sql, sizeof sql, "SELECT count(*) FROM proposal WHERE organisation_id = %lld",
                     (long long)x->alvby);
            assert_int_equal(json_integer_value(json_object_get(o, "total")), tu_query_int(db, sql));
            seen = true;
        }
    assert_true(seen);
    seen = false;
    json_array_foreach(json_object_get(pipe, "waiting"), i, o)
        if (strcmp(json_string_value(json_object_get(o, "status")), "forwarded") == 0) {
            assert_int_equal(json_integer_value(json_object_get(o, "count")), forwarded + 1);
            assert_true(json_integer_value(json_object_get(o, "longest_days")) >=
                        json_integer_value(json_object_get(o, "average_days")));
            seen = true;
        }
    assert_true(seen);
    json_decref(d);
    errs_free(&errs);
}

/* Whether the actor's to-do list holds an item of `kind` about the record `ref`. */
static bool todo_has(T *x, const Actor *a, const char *kind, const char *ref)
{
    json_t *items = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(todo_list(x->t->db, a, x->t->project, NULL, 500, &items, NULL, &errs),
                     INSATS_OK);
    errs_free(&errs);
    bool found = false;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        found = found || (strcmp(json_string_value(json_object_get(it, "kind")), kind) == 0 &&
                          strcmp(json_string_value(json_object_get(it, "ref")), ref) == 0);
    json_decref(items);
    return found;
}

static int64_t todo_n(T *x, const Actor *a)
{
    int64_t n = -1;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(todo_count(x->t->db, a, x->t->project, &n, &errs), INSATS_OK);
    errs_free(&errs);
    return n;
}

/* What waits for whom: a submitted proposal for its coordinator (not another's, not the
 * manager), a forwarded or deferred one for the manager, a returned one for its submitter; the
 * navigation's count follows a step at once. */
static void test_todo_per_role(void **state)
{
    T *x = *state;
    char code[80];
    reach(x, "submitted", code);
    int64_t coord_before = todo_n(x, &x->coord), chef_before = todo_n(x, &x->manager);
    assert_true(todo_has(x, &x->coord, "proposal_forward", code));
    assert_false(todo_has(x, &x->coord_other, "proposal_forward", code));
    assert_false(todo_has(x, &x->manager, "proposal_decide", code));
    assert_false(todo_has(x, &x->submitter, "proposal_returned", code));
    assert_int_equal(act(x, &x->coord, code, PROPOSAL_FORWARD, NULL), INSATS_OK);
    assert_false(todo_has(x, &x->coord, "proposal_forward", code));
    assert_true(todo_has(x, &x->manager, "proposal_decide", code));
    assert_int_equal(todo_n(x, &x->coord), coord_before - 1);
    assert_int_equal(todo_n(x, &x->manager), chef_before + 1);
    assert_int_equal(act(x, &x->manager, code, PROPOSAL_DEFER, "senare"), INSATS_OK);
    assert_true(todo_has(x, &x->manager, "proposal_deferred", code));
    assert_false(todo_has(x, &x->manager, "proposal_decide", code));
    char other[80];
    reach(x, "returned", other);
    assert_true(todo_has(x, &x->submitter, "proposal_returned", other));
    assert_false(todo_has(x, &x->colleague, "proposal_returned", other));
    assert_false(todo_has(x, &x->coord, "proposal_forward", other));
    /* sessions without attendance: a coordinator's organisation's activity, a trainer's own */
    Db *db = x->t->db;
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT id FROM activity a WHERE NOT EXISTS (SELECT 1 FROM"
             " activity_organisation WHERE activity_id = a.id AND organisation_id = %lld)"
             " ORDER BY id LIMIT 1", (long long)x->bergvika);
    int64_t aid = tu_query_int(db, sql);
    snprintf(sql, sizeof sql, "INSERT INTO session (activity_id, code, session_date, hours_c)"
             " VALUES (%lld, 'todo-s', '2026-01-02', 200);"
             "INSERT OR IGNORE INTO activity_organisation (activity_id, organisation_id)"
             " VALUES (%lld, %lld)", (long long)aid, (long long)aid, (long long)x->alvby);
    tu_exec(db, sql);
    char ref[160];
    snprintf(sql, sizeof sql, "SELECT code FROM activity WHERE id = %lld", (long long)aid);
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(ref, sizeof ref, "%s:todo-s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_true(todo_has(x, &x->coord, "session_attendance", ref));
    assert_false(todo_has(x, &x->coord_other, "session_attendance", ref));
    assert_false(todo_has(x, &x->submitter, "session_attendance", ref));
    snprintf(sql, sizeof sql, "INSERT INTO activity_trainer (activity_id, user_id)"
             " VALUES (%lld, %lld)", (long long)aid, (long long)x->submitter.user_id);
    /* the trainer is an account of the test's own: the assignment needs its row */
    tu_exec(db, "INSERT INTO app_user (id, login, name, role, organisation_id, created)"
                " VALUES (1, 'anna', 'Anna', 'trainer', NULL, 0)");
    tu_exec(db, sql);
    assert_true(todo_has(x, &x->submitter, "session_attendance", ref));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_transition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_say_why, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_and_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intake, setup, teardown),
        cmocka_unit_test_setup_teardown(test_booking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_by_handlers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mail_in_the_recipients_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mail_of_each_step, setup, teardown),
        cmocka_unit_test_setup_teardown(test_todo_per_role, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dashboard_pipeline, setup, teardown),
        cmocka_unit_test(test_migration_keeps_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
