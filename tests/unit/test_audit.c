/* test_audit.c — the audit trail: an entry for each kind of change with its values before and
 * after, written in the change's own transaction (a rolled-back change leaves none), under the
 * connection's actor (none: the write is refused), never a personnummer, never changed or
 * deleted; bulk imports as one entry; the filters, pages and role rule of audit_list(); and
 * every table of the data audited with every column. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csv_import.h"
#include "db.h"
#include "people.h"
#include "records.h"
#include "testutil.h"
#include "util.h"

typedef struct Fx {
    TuDb t;
    int64_t project;
} Fx;

static int setup(void **state)
{
    Fx *fx = xcalloc(1, sizeof *fx);
    if (tu_db_open(&fx->t, "audit") != 0) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fx *fx = *state;
    int rc = tu_db_close(&fx->t);
    free(fx);
    return rc;
}

/* The bundle fixture, imported; returns the newest entry's id after it. */
static int64_t import_min(Fx *fx)
{
    tu_import_fixture(fx->t.db, "bundle-min.json", NULL);
    fx->project = tu_project_id(fx->t.db, "kompetens-vrmland");
    return tu_query_int(fx->t.db, "SELECT max(id) FROM audit_log");
}

/* Entries collected by audit_list() as "kind|code|action|before|after|login", those newer than
 * entry `after` only. */
typedef struct Got {
    int64_t after;
    size_t n;
    char *rows[64];
} Got;

static int collect(void *ctx, const AuditEntry *e)
{
    Got *g = ctx;
    if (e->id > g->after && g->n < 64)
        g->rows[g->n++] = xasprintf("%s|%s|%s|%s|%s|%s", e->kind, e->code ? e->code : "",
                                    e->action, e->before ? e->before : "",
                                    e->after ? e->after : "", e->login);
    return 0;
}

static void got_free(Got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->rows[i]);
    g->n = 0;
}

static Actor manager(void)
{
    Actor a = {.role = ROLE_MANAGER, .user_id = 7};
    snprintf(a.login, sizeof a.login, "maria");
    snprintf(a.name, sizeof a.name, "Maria Lind");
    return a;
}

/* Lists the entries newer than `after`, newest first. */
static void list_since(Fx *fx, int64_t after, Got *g)
{
    Actor m = manager();
    Errs errs;
    errs_init(&errs);
    *g = (Got){.after = after};
    AuditFilter f = {.limit = 64};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, g, NULL, &errs), INSATS_OK);
    errs_free(&errs);
}

static bool has_row(const Got *g, const char *prefix, const char *part)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strncmp(g->rows[i], prefix, strlen(prefix)) && (!part || strstr(g->rows[i], part)))
            return true;
    return false;
}

static void upsert_person(Fx *fx, const char *code, const char *name, const char *pnr12)
{
    PersonRec p = {.code = code, .name = name, .gender = "female",
                   .organisation_id = tu_query_int(fx->t.db, "SELECT id FROM organisation WHERE "
                                                             "code = 'sunne'"),
                   .pnr12 = pnr12};
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx_begin(fx->t.db, &errs), INSATS_OK);
    assert_int_equal(people_upsert(fx->t.db, fx->project, &p, NULL, "test", &errs), INSATS_OK);
    assert_int_equal(db_tx_commit(fx->t.db, &errs), INSATS_OK);
    errs_free(&errs);
}

/* An insert, an update and a delete of a person, and the delete of an activity with what goes
 * with it: each an entry with the values before and after, under the connection's actor. */
static void test_each_kind_of_change(void **state)
{
    Fx *fx = *state;
    int64_t base = import_min(fx);
    Actor m = manager();
    audit_set_actor(fx->t.db, &m, "web");

    upsert_person(fx, "p9", "Greta Gran", NULL);
    upsert_person(fx, "p9", "Greta Ek", NULL);
    upsert_person(fx, "p9", "Greta Ek", NULL);   /* the same values again: nothing to record */
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    assert_int_equal(records_delete(fx->t.db, tu_manager(), fx->project, "person", "p9", &removed, &errs),
                     INSATS_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(records_delete(fx->t.db, tu_manager(), fx->project, "meeting", "m1", &removed, &errs),
                     INSATS_OK);
    errs_free(&errs);
    tu_exec(fx->t.db, "UPDATE session SET hours_c = 700 WHERE code = 's2';"
                      "DELETE FROM attendance WHERE person_id = (SELECT id FROM person WHERE "
                      "code = 'p2')");

    Got g;
    list_since(fx, base, &g);
    assert_true(has_row(&g, "person|p9|insert||{", "\"name\":\"Greta Gran\""));
    assert_true(has_row(&g, "person|p9|update|{", "\"name\":\"Greta Gran\""));
    assert_true(has_row(&g, "person|p9|update|", "|{\"id\""));
    assert_true(has_row(&g, "person|p9|update|", "\"name\":\"Greta Ek\""));
    assert_true(has_row(&g, "person|p9|delete|{", "\"name\":\"Greta Ek\""));
    assert_true(has_row(&g, "meeting|m1|delete|{", NULL));
    assert_true(has_row(&g, "agenda_item|", "|delete|{"));
    assert_true(has_row(&g, "session|s2|update|{", "\"hours_c\":700"));
    assert_true(has_row(&g, "attendance||delete|{\"session_id\"", NULL));
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE "
                                            "record_code = 'p9' AND action = 'update'"), 1);
    /* records_delete() counts what it removed from the trail: the meeting and its parts. */
    assert_true(removed > 1);
    char *sql = xasprintf("SELECT count(*) FROM audit_log WHERE id > %lld AND action = 'delete' "
                          "AND kind NOT IN ('person', 'attendance')", (long long)base);
    assert_int_equal(tu_query_int(fx->t.db, sql), removed);
    free(sql);
    for (size_t i = 0; i < g.n; i++)
        assert_non_null(strstr(g.rows[i], "|maria"));
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE "
                                            "record_code = 'p9' AND (user_id IS NOT 7 OR "
                                            "interface IS NOT 'web' OR actor_name IS NOT "
                                            "'Maria Lind')"), 0);
    got_free(&g);
}

static int upsert_then_fail(Db *db, void *ctx, Errs *errs)
{
    Fx *fx = ctx;
    PersonRec p = {.code = "p8", .name = "Ove Ångström", .gender = "male",
                   .organisation_id = tu_query_int(db, "SELECT id FROM organisation WHERE "
                                                       "code = 'torsby'")};
    assert_int_equal(people_upsert(db, fx->project, &p, NULL, "test", errs), INSATS_OK);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM audit_log WHERE record_code = 'p8'"),
                     1);
    return INSATS_EINPUT;
}

/* The entry is part of the change's transaction: rolled back with it. */
static void test_rolled_back_change_leaves_no_entry(void **state)
{
    Fx *fx = *state;
    int64_t base = import_min(fx);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_tx(fx->t.db, upsert_then_fail, fx, &errs), INSATS_EINPUT);
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person WHERE code = 'p8'"), 0);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT max(id) FROM audit_log"), base);
}

/* A personnummer is never in the trail: only that one was set or changed. */
static void test_no_personnummer(void **state)
{
    Fx *fx = *state;
    import_min(fx);
    upsert_person(fx, "p7", "Stina Sten", "199001012385");
    upsert_person(fx, "p7", "Stina Sten", "198112189876");
    tu_set_pnr(fx->t.db, "p2", "197802022389");
    static const char *const digits[] = {"199001012385", "9001012385", "198112189876",
                                         "8112189876", "197802022389", "7802022389",
                                         "18900101", "9802"};
    for (size_t i = 0; i < sizeof digits / sizeof *digits; i++) {
        char *sql = xasprintf("SELECT count(*) FROM audit_log WHERE instr(coalesce(before, '') || "
                              "coalesce(after, '') || coalesce(record_code, ''), '%s') > 0",
                              digits[i]);
        assert_int_equal(tu_query_int(fx->t.db, sql), 0);
        free(sql);
    }
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE record_code = "
                                            "'p7' AND action = 'insert' AND "
                                            "json_extract(after, '$.personnummer') = 'set'"), 1);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE record_code = "
                                            "'p7' AND action = 'update' AND "
                                            "json_extract(after, '$.personnummer') = 'changed'"),
                     1);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE "
                                            "instr(coalesce(after, ''), 'pnr_') > 0"), 0);
}

/* The trail cannot be changed or deleted, not even by SQL on an insats connection. */
static void test_trail_cannot_be_changed(void **state)
{
    Fx *fx = *state;
    import_min(fx);
    int64_t n = tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log");
    assert_true(n > 0);
    static const char *const sql[] = {
        "UPDATE audit_log SET actor_login = 'someone else'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        char *msg = NULL;
        assert_int_not_equal(sqlite3_exec(fx->t.db->h, sql[i], NULL, NULL, &msg), SQLITE_OK);
        assert_non_null(msg);
        assert_non_null(strstr(msg, "insats-audit-immutable"));
        sqlite3_free(msg);
    }
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log"), n);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE actor_login "
                                            "= 'someone else'"), 0);
}

/* A write that nobody answers for is refused. */
static void test_write_without_actor_refused(void **state)
{
    Fx *fx = *state;
    import_min(fx);
    audit_clear_actor(fx->t.db);
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(fx->t.db->h, "UPDATE person SET name = 'X' WHERE code = 'p2'",
                                      NULL, NULL, &msg), SQLITE_OK);
    assert_non_null(strstr(msg, "insats_audit_actor"));
    sqlite3_free(msg);
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    assert_int_not_equal(records_delete(fx->t.db, tu_manager(), fx->project, "person", "p3", &removed, &errs),
                         INSATS_OK);
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM person WHERE code = 'p3' OR "
                                            "name = 'X'"), 1);
    tu_set_actor(fx->t.db);
}

/* A bundle import and an attendance list are one entry each, with the file and the counts; a
 * failed one none, and the row-by-row entries resume after either. People from a CSV file are
 * recorded one by one. */
static void test_bulk_imports_one_entry(void **state)
{
    Fx *fx = *state;
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log"), 0);
    int64_t after = import_min(fx);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log"), 1);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE action = "
                                            "'import' AND kind = 'bundle' AND record_code LIKE "
                                            "'%bundle-min.json' AND json_extract(after, "
                                            "'$.records') > 10 AND json_extract(after, "
                                            "'$.attendance') = 4 AND json_extract(after, "
                                            "'$.project') = 'kompetens-vrmland'"), 1);
    /* A failed import: nothing, and the next change has its own entry again. */
    Errs errs;
    errs_init(&errs);
    assert_int_equal(tu_try_import_text(fx->t.db, "{\"format\": \"insats-bundle\", \"version\": 1, "
                                                  "\"project\": {\"id\": \"komp-vrml\"}, "
                                                  "\"people\": [{\"id\": \"x\"}]}",
                                        "bad.json", &errs),
                     INSATS_EINPUT);
    errs_free(&errs);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT max(id) FROM audit_log"), after);
    upsert_person(fx, "p6", "Per Ulf", NULL);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE "
                                            "record_code = 'p6' AND action = 'insert'"), 1);

    char *csv = xasprintf("%s/närvaro.csv", fx->t.dir);
    static const char att[] = "aktivitet;tillfälle;deltagare;närvaro\na1;s1;p3;ja\na1;s2;p2;nej\n";
    tu_write_file(csv, att, sizeof att - 1);
    errs_init(&errs);
    int64_t before = tu_query_int(fx->t.db, "SELECT max(id) FROM audit_log");
    assert_int_equal(csv_import_file(fx->t.db, tu_manager(), fx->project, CSV_IMPORT_ATTENDANCE,
                                     csv, NULL, NULL, NULL, &errs),
                     INSATS_OK);
    char *sql = xasprintf("SELECT count(*) FROM audit_log WHERE id > %lld", (long long)before);
    assert_int_equal(tu_query_int(fx->t.db, sql), 1);
    free(sql);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE kind = "
                                            "'attendance_csv' AND json_extract(after, '$.rows') = 2"),
                     1);
    free(csv);

    csv = xasprintf("%s/deltagare.csv", fx->t.dir);
    static const char ppl[] = "id;namn;kön;kommun\nq1;Åke Ås;man;sunne\nq2;Öna Ö;kvinna;torsby\n";
    tu_write_file(csv, ppl, sizeof ppl - 1);
    assert_int_equal(csv_import_file(fx->t.db, tu_manager(), fx->project, CSV_IMPORT_PEOPLE, csv,
                                     NULL, NULL, NULL, &errs),
                     INSATS_OK);
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE kind = "
                                            "'person' AND action = 'insert' AND record_code IN "
                                            "('q1', 'q2')"), 2);
    free(csv);
    errs_free(&errs);
}

/* audit_list(): filters by user, kind and days, pages with a cursor, and is for managers and
 * admins only. */
static void test_list_filters_and_pages(void **state)
{
    Fx *fx = *state;
    import_min(fx);
    Actor m = manager();
    audit_set_actor(fx->t.db, &m, "api");
    upsert_person(fx, "r1", "Rut Ros", NULL);
    upsert_person(fx, "r2", "Rolf Ros", NULL);
    upsert_person(fx, "r3", "Rakel Ros", NULL);
    tu_set_actor(fx->t.db);
    Errs errs;
    errs_init(&errs);
    Got g = {0};

    AuditFilter f = {.user = "maria"};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_OK);
    assert_int_equal(g.n, 3);
    assert_true(!strncmp(g.rows[0], "person|r3|insert", 16));   /* newest first */
    got_free(&g);

    f = (AuditFilter){.kind = "bundle"};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_OK);
    assert_int_equal(g.n, 1);
    got_free(&g);

    /* Pages of two, following the cursor to the end. */
    f = (AuditFilter){.kind = "person", .limit = 2};
    int64_t next = 0;
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, &next, &errs), INSATS_OK);
    assert_int_equal(g.n, 2);
    assert_true(next > 0);
    f.cursor = next;
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, &next, &errs), INSATS_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(next, 0);
    assert_true(!strncmp(g.rows[2], "person|r1|insert", 16));
    got_free(&g);

    /* Days: today has them all, a day long past none. */
    char today[11];
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE substr(at, 1, "
                                            "10) <> strftime('%Y-%m-%d', 'now')"), 0);
    snprintf(today, sizeof today, "%s", "2000-01-01");
    f = (AuditFilter){.from = "2000-01-01", .to = today};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_OK);
    assert_int_equal(g.n, 0);
    f = (AuditFilter){.from = "2000-01-01"};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_OK);
    assert_int_equal(g.n, 4);
    got_free(&g);
    assert_int_equal(errs.count, 0);

    /* Bad filters, each named. */
    f = (AuditFilter){.from = "2026-13-01"};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "--from"));
    f = (AuditFilter){.from = "2026-12-02", .to = "2026-12-01"};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[1], "after"));
    f = (AuditFilter){.kind = "persn"};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[2], "did you mean \"person\""));
    f = (AuditFilter){.limit = 5000};
    assert_int_equal(audit_list(fx->t.db, &m, &f, collect, &g, NULL, &errs), INSATS_EINPUT);
    assert_int_equal(g.n, 0);
    errs_free(&errs);

    /* Only managers and admins read the trail. */
    for (Role r = 0; r < ROLE_COUNT; r++) {
        Actor a = m;
        a.role = r;
        errs_init(&errs);
        int rc = audit_list(fx->t.db, &a, NULL, collect, &g, NULL, &errs);
        assert_int_equal(rc, r == ROLE_ADMIN || r == ROLE_MANAGER ? INSATS_OK : INSATS_EFORBIDDEN);
        got_free(&g);
        errs_free(&errs);
    }

    /* The API's JSON: before/after as JSON values, and the next page's cursor. */
    json_t *j = NULL;
    errs_init(&errs);
    f = (AuditFilter){.kind = "person", .limit = 1};
    assert_int_equal(audit_list_json(fx->t.db, &m, &f, &j, &errs), INSATS_OK);
    assert_string_equal(json_string_value(tu_json_at(j, "items[0].after.name")), "Rakel Ros");
    assert_string_equal(json_string_value(tu_json_at(j, "items[0].interface")), "api");
    assert_true(json_is_null(tu_json_at(j, "items[0].before")));
    assert_true(json_is_integer(tu_json_at(j, "next")));
    json_decref(j);
    errs_free(&errs);
}

/* A reveal of a personnummer is recorded on request of the page that shows it. */
static void test_reveal_recorded(void **state)
{
    Fx *fx = *state;
    import_min(fx);
    Errs errs;
    errs_init(&errs);
    int64_t id = tu_query_int(fx->t.db, "SELECT id FROM person WHERE code = 'p1'");
    json_t *why = json_pack("{ss}", "reason", "kontroll av närvarolista");
    assert_int_equal(audit_record(fx->t.db, "reveal", "person", id, "p1", why, &errs), INSATS_OK);
    json_decref(why);
    assert_false(db_in_transaction(fx->t.db));
    assert_int_equal(tu_query_int(fx->t.db, "SELECT count(*) FROM audit_log WHERE action = "
                                            "'reveal' AND kind = 'person' AND record_code = 'p1' "
                                            "AND actor_login = 'test'"), 1);
    errs_free(&errs);
}

/* Columns of the data that are in no trigger on purpose (audit-triggers.sh's SENSITIVE). */
static bool left_out(const char *table, const char *column)
{
    static const char *const out[] = {
        "person.pnr_cipher",        "report_snapshot.report_json", "app_user.totp_secret",
        "app_user.totp_last_step",  "api_token.token_hash",        "api_token.last_used",
        "calendar_feed.token_hash", NULL,
    };
    char *tc = xasprintf("%s.%s", table, column);
    bool found = false;
    for (const char *const *o = out; *o && !found; o++)
        found = strcmp(*o, tc) == 0;
    free(tc);
    return found;
}

/* Columns written only as "set" or "changed", under another name. */
static const char *marked_as(const char *table, const char *column)
{
    if (!strcmp(table, "person") && !strcmp(column, "pnr_hash"))
        return "'personnummer'";
    if (!strcmp(table, "app_user") && !strcmp(column, "password_hash"))
        return "'password'";
    if (!strcmp(table, "survey") && !strcmp(column, "token"))
        return "'link'";
    return NULL;
}

/* Every table but the trail and the internals has its three triggers, and each names every
 * column (but those left out on purpose): a new table or column is not forgotten. */
static void test_every_table_audited(void **state)
{
    Fx *fx = *state;
    static const char *const exempt[] = {
        "audit_log",      /* the trail itself */
        "key_check",      /* the key's fingerprint, not data */
        "database_identity", /* a random token made once, never changed: not data */
        "frozen_guard",   /* never holds a row: its trigger refuses writes to frozen periods */
        "user_session",   /* logins, not changes of records; touched by every request */
        "login_attempt",  /* failed logins counted for throttling */
        "meeting_ical",   /* a meeting's calendar counters, kept by triggers from its changes,
                             which are in the trail */
        "outbox",         /* the delivery of e-mail a recorded change wrote; a manager's retry
                             and cancel are recorded by outbox.c itself */
        "outbox_attempt", /* each try to send one of them */
        "meeting_invitee", /* who was sent a meeting's invitation: the delivery record of
                              the outbox's messages, written with them */
        NULL,
    };
    sqlite3_stmt *tables = db_prepare(fx->t.db, "SELECT name FROM sqlite_schema WHERE type = "
                                                "'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    int audited = 0;
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *t = db_col_text(tables, 0);
        bool skip = false;
        for (const char *const *e = exempt; *e; e++)
            skip |= strcmp(*e, t) == 0;
        if (skip)
            continue;
        audited++;
        static const char *const ops[] = {"insert", "update", "delete"};
        for (size_t i = 0; i < 3; i++) {
            char *sql = xasprintf("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = "
                                  "'audit_%s_%s'", t, ops[i]);
            sqlite3_stmt *st = db_prepare(fx->t.db, sql);
            if (sqlite3_step(st) != SQLITE_ROW)
                fail_msg("table %s has no trigger audit_%s_%s: add its audit triggers "
                         "(scripts/audit-triggers.sh) in its migration", t, t, ops[i]);
            const char *body = db_col_text(st, 0);
            char *cols = xasprintf("SELECT name FROM pragma_table_info('%s')", t);
            sqlite3_stmt *c = db_prepare(fx->t.db, cols);
            while (sqlite3_step(c) == SQLITE_ROW) {
                const char *col = db_col_text(c, 0);
                if (left_out(t, col))
                    continue;
                /* As a pair of the JSON: 'col', NEW.col (OLD.col for a delete). */
                char *pat = xasprintf("'%s', %s.%s", col, i == 2 ? "OLD" : "NEW", col);
                const char *marker = marked_as(t, col);
                if (!strstr(body, pat) && !(marker && strstr(body, marker)))
                    fail_msg("trigger audit_%s_%s does not record column %s: write it anew "
                             "(scripts/audit-triggers.sh) in the migration that adds the column",
                             t, ops[i], col);
                free(pat);
            }
            sqlite3_finalize(c);
            free(cols);
            sqlite3_finalize(st);
            free(sql);
        }
    }
    sqlite3_finalize(tables);
    assert_true(audited >= 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_each_kind_of_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rolled_back_change_leaves_no_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_personnummer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trail_cannot_be_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_without_actor_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_imports_one_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_and_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reveal_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_table_audited, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
