/* test_web_pages.c — the browse and edit pages of every kind of record over HTTP, on the small
 * demo project: every list, record and form is a well-formed page for a manager; a form with
 * bad input shows the core's message next to its field with the input kept and changes
 * nothing; a delete the core refuses says why and deletes nothing; the CSV download of a list
 * neutralises a name a spreadsheet would run; roles without the right are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "browse.h"
#include "freeze.h"
#include "project.h"
#include "record.h"
#include "testutil.h"
#include "webtest.h"

static WtServer *srv;

static int setup(void **state)
{
    (void)state;
    srv = wt_start(&(WtOptions){.demo = true});
    return srv ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wt_stop(srv);
    return 0;
}

/* The small demo's project in a connection of the test's own. */
static int64_t demo_project(Db *db)
{
    Errs errs;
    errs_init(&errs);
    int64_t id = 0;
    assert_int_equal(project_resolve(db, NULL, &id, &errs), INSATS_OK);
    errs_free(&errs);
    return id;
}

/* A client signed in over HTTP as a new account of this role (a coordinator of the project's
 * first organisation: first_org()). */
static WtClient *client_as(Role role)
{
    static int serial;
    char login[32];
    snprintf(login, sizeof login, "u%d-%s", ++serial, actor_role_name(role));
    wt_user(srv, login, role);
    WtClient *c = wt_client(srv);
    wt_login(c, login);
    return c;
}

/* The id of the project's first organisation (a coordinator's from wt_user) and of another
 * one, into the buffers. */
static void first_org(char *first, char *other, size_t cap)
{
    Db *db = wt_db(srv);
    sqlite3_stmt *st = db_prepare(db, "SELECT code FROM organisation ORDER BY id LIMIT 2");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(first, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(other, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    db_close(db);
}

/* The text of the first column of the first row of sql, on the test's own connection. Caller
 * frees. */
static char *query_text(Db *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *v = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* GET path: status want and, for a page, a well-formed one. */
static WtResp get_page(WtClient *c, const char *path, long want)
{
    WtResp r = wt_get(c, path);
    if (r.status != want)
        print_error("GET %s: %ld, want %ld\n", path, r.status, want);
    assert_int_equal(r.status, want);
    if (want == 200) {
        char why[512];
        if (wt_page_problem(&r, true, why, sizeof why))
            print_error("GET %s: %s\n", path, why);
        wt_assert_page(&r, true);
    }
    return r;
}

/* The first link in the body to a record of the list at path ("/people/p00001"), copied into
 * out; false when the list links none. */
static bool first_record(const WtResp *r, const char *path, char *out, size_t outlen)
{
    char *prefix = xasprintf("href=\"%s/", path);
    const char *s = r->body.data;
    bool found = false;
    while (s && (s = strstr(s, prefix)) != NULL) {
        s += strlen(prefix);
        size_t n = strcspn(s, "\"?");
        if (n && strncmp(s, "new", n) != 0 && !memchr(s, '/', n)) {
            snprintf(out, outlen, "%s/%.*s", path, (int)n, s);
            found = true;
            break;
        }
    }
    free(prefix);
    return found;
}

static const char *const LISTS[] = {
    "/organisations", "/people", "/groups", "/interventions", "/proposals", "/activities",
    "/surveys", "/certificates", "/goals", "/costs", "/deviations", "/meetings",
    "/dissemination", NULL,
};

/* Every list, its first record, that record's form and the form for a new one: 200 and a
 * well-formed page for a manager; every list links at least one record on the demo data. */
static void test_every_page_for_a_manager(void **state)
{
    (void)state;
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/records", 200);
    for (size_t i = 0; LISTS[i]; i++)
        assert_true(wt_body_has(&r, LISTS[i]));
    wt_resp_free(&r);
    for (size_t i = 0; LISTS[i]; i++) {
        r = get_page(c, LISTS[i], 200);
        assert_true(wt_body_has(&r, "<caption id=\"caption-"));
        char rec[256];
        bool any = first_record(&r, LISTS[i], rec, sizeof rec);
        if (!any)
            print_error("%s links no record\n", LISTS[i]);
        assert_true(any);
        wt_resp_free(&r);
        r = get_page(c, rec, 200);
        wt_resp_free(&r);
        char *edit = xasprintf("%s/edit", rec);
        r = get_page(c, edit, 200);
        assert_true(wt_body_has(&r, "name=\"csrf\""));
        wt_resp_free(&r);
        free(edit);
        char *add = xasprintf("%s/new", LISTS[i]);
        r = get_page(c, add, 200);
        wt_resp_free(&r);
        free(add);
        /* a second page of the list, or the only one again */
        char *page2 = xasprintf("%s?page=2", LISTS[i]);
        r = get_page(c, page2, 200);
        wt_resp_free(&r);
        free(page2);
    }
    r = get_page(c, "/people/finns-inte", 404);
    wt_resp_free(&r);
    wt_client_free(c);
}

/* A search finds by part of a name regardless of case, and the list says how many. */
static void test_search(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    int64_t project = demo_project(db);
    Errs errs;
    errs_init(&errs);
    int64_t want = 0;
    assert_int_equal(browse_count(db, tu_manager(), project, "people",
                                  &(BrowseFilter){.search = "berg"},
                                  &want, &errs), INSATS_OK);
    errs_free(&errs);
    db_close(db);
    assert_true(want > 0);
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/people?q=BERG", 200);
    char count[64];
    snprintf(count, sizeof count, "%lld poster", (long long)want);
    assert_true(wt_body_has(&r, count));
    wt_resp_free(&r);
    wt_client_free(c);
}

static int64_t count_people(void)
{
    Db *db = wt_db(srv);
    int64_t n = tu_query_int(db, "SELECT count(*) FROM person");
    db_close(db);
    return n;
}

/* A new person without a name, with a bad e-mail: the form again with each message next to
 * its field and the input kept, and nothing stored; then the same form put right is saved. */
static void test_form_rejects_bad_input(void **state)
{
    (void)state;
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/people/new", 200);
    wt_resp_free(&r);
    int64_t before = count_people();
    r = wt_post(c, "/people/new",
                (const char *const[]){"id", "pny1", "name", "", "gender", "female",
                                      "organisation", "alvby", "email", "inte-en-adress",
                                      "unit", "Ekonomi", NULL});
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "id=\"f-name-err\""));
    assert_true(wt_body_has(&r, "id=\"f-email-err\""));
    const char *email_err = strstr(r.body.data, "id=\"f-email-err\"");
    assert_non_null(strstr(email_err, "e-postadress"));
    assert_true(wt_body_has(&r, "value=\"inte-en-adress\""));
    assert_true(wt_body_has(&r, "value=\"Ekonomi\""));
    assert_true(wt_body_has(&r, "aria-invalid=\"true\""));
    wt_resp_free(&r);
    assert_int_equal(count_people(), before);

    r = wt_post(c, "/people/new",
                (const char *const[]){"id", "pny1", "name", "Åsa Nyström", "gender", "female",
                                      "organisation", "alvby", "email", "asa@example.se",
                                      NULL});
    assert_int_equal(r.status, 303);
    char loc[128];
    assert_true(wt_header(&r, "Location", loc, sizeof loc));
    assert_string_equal(loc, "/people/pny1?saved=1");
    wt_resp_free(&r);
    assert_int_equal(count_people(), before + 1);
    r = get_page(c, "/people/pny1", 200);
    assert_true(wt_body_has(&r, "Åsa Nyström"));
    wt_resp_free(&r);

    /* an edit with a bad value changes nothing either */
    r = wt_post(c, "/people/pny1/edit",
                (const char *const[]){"name", "Åsa Nyström", "gender", "nej",
                                      "organisation", "alvby", NULL});
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "id=\"f-gender-err\""));
    wt_resp_free(&r);
    Db *db = wt_db(srv);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM person WHERE code = 'pny1'"
                                      " AND gender = 'female' AND email = 'asa@example.se'"), 1);
    db_close(db);
    wt_client_free(c);
}

/* A person with attendance cannot be deleted: the page says the core's reason and the person
 * stays; one without can. */
static void test_delete_refused_with_reason(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    int64_t with = tu_query_int(db, "SELECT min(person_id) FROM attendance");
    char *sql = xasprintf("SELECT count(*) FROM person WHERE id = %lld", (long long)with);
    sqlite3_stmt *st = db_prepare(db, "SELECT code FROM person WHERE id = ?1");
    sqlite3_bind_int64(st, 1, with);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *code = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    db_close(db);

    WtClient *c = client_as(ROLE_MANAGER);
    char *path = xasprintf("/people/%s", code);
    WtResp r = get_page(c, path, 200);
    wt_resp_free(&r);
    char *del = xasprintf("/people/%s/delete", code);
    r = wt_post(c, del, (const char *const[]){"confirm", "1", NULL});
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "attendance"));
    assert_true(wt_body_has(&r, "role=\"alert\""));
    wt_resp_free(&r);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, sql), 1);
    db_close(db);
    free(del);
    free(path);
    free(code);
    free(sql);
    wt_client_free(c);
}

/* The CSV of a list: a name beginning with "=" is written with the apostrophe that keeps a
 * spreadsheet from running it; the filters of the page apply. */
static void test_csv_download_neutralised(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    tu_set_actor(db);
    int64_t project = demo_project(db);
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    json_t *rec = json_pack("{ss ss ss ss}", "id", "pcsv", "name", "=HYPERLINK(\"x\") Ek",
                            "gender", "male", "organisation", "alvby");
    int rc = record_save(db, &cli, project, "person", rec, true, NULL, 0, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    json_decref(rec);
    errs_free(&errs);
    db_close(db);

    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = wt_get(c, "/people.csv?q=HYPERLINK");
    assert_int_equal(r.status, 200);
    char type[128];
    assert_true(wt_header(&r, "Content-Type", type, sizeof type));
    assert_non_null(strstr(type, "text/csv"));
    assert_true(wt_header(&r, "Content-Disposition", type, sizeof type));
    assert_non_null(strstr(type, "attachment"));
    assert_true(wt_body_has(&r, "Id;Namn;"));
    assert_true(wt_body_has(&r, "pcsv;\"'=HYPERLINK(\"\"x\"\") Ek\";"));
    /* the search applies: only that one person */
    size_t lines = 0;
    for (size_t i = 0; i < r.body.len; i++)
        lines += r.body.data[i] == '\n';
    assert_int_equal(lines, 2);
    wt_resp_free(&r);

    /* the workbook: a zip whose strings hold the neutralised name */
    r = wt_get(c, "/people.xlsx?q=HYPERLINK");
    assert_int_equal(r.status, 200);
    assert_true(wt_header(&r, "Content-Type", type, sizeof type));
    assert_non_null(strstr(type, "spreadsheetml"));
    assert_true(r.body.len > 4 && memcmp(r.body.data, "PK", 2) == 0);
    char *dir = tu_tmpdir("xlsx");
    char *file = xasprintf("%s/people.xlsx", dir);
    tu_write_file(file, r.body.data, r.body.len);
    char *cmd = xasprintf("unzip -p '%s' xl/sharedStrings.xml", file);
    FILE *in = popen(cmd, "r");
    assert_non_null(in);
    Buf xml = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
        buf_append(&xml, chunk, got);
    assert_int_equal(pclose(in), 0);
    assert_non_null(strstr(xml.data, "<t>'=HYPERLINK(\"x\") Ek</t>"));
    assert_non_null(strstr(xml.data, "Namn"));
    buf_free(&xml);
    free(cmd);
    free(file);
    tu_rmtree(dir);
    wt_resp_free(&r);
    wt_client_free(c);
}

/* Lists say names, not ids: the people list's organisation is "Älvby kommun", linked to the
 * organisation, and a gender is its Swedish word; the CSV says the same and keeps the id in a
 * column of its own; an activity's intervention and a cost's category are named too. */
static void test_names_in_lists_and_downloads(void **state)
{
    (void)state;
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/people?organisation=alvby", 200);
    assert_true(wt_body_has(&r, "<a href=\"/organisations/alvby\">Älvby kommun</a>"));
    assert_false(wt_body_has(&r, "<td>alvby</td>"));
    assert_false(wt_body_has(&r, "<td>female</td>"));
    assert_true(wt_body_has(&r, "<td>Kvinna</td>") || wt_body_has(&r, "<td>Man</td>"));
    wt_resp_free(&r);

    r = wt_get(c, "/people.csv?organisation=alvby");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Id;Namn;Kön;Organisation (id);Organisation;"));
    assert_true(wt_body_has(&r, ";alvby;Älvby kommun;"));
    assert_false(wt_body_has(&r, ";female;"));
    assert_false(wt_body_has(&r, ";male;"));
    wt_resp_free(&r);

    /* the workbook has the names and the labels too */
    r = wt_get(c, "/people.xlsx?organisation=alvby");
    assert_int_equal(r.status, 200);
    char *dir = tu_tmpdir("xlsxnames");
    char *file = xasprintf("%s/people.xlsx", dir);
    tu_write_file(file, r.body.data, r.body.len);
    char *cmd = xasprintf("unzip -p '%s' xl/sharedStrings.xml", file);
    FILE *in = popen(cmd, "r");
    assert_non_null(in);
    Buf xml = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
        buf_append(&xml, chunk, got);
    assert_int_equal(pclose(in), 0);
    assert_non_null(strstr(xml.data, "<t>Älvby kommun</t>"));
    assert_non_null(strstr(xml.data, "<t>Organisation (id)</t>"));
    assert_null(strstr(xml.data, "<t>female</t>"));
    buf_free(&xml);
    free(cmd);
    free(file);
    tu_rmtree(dir);
    wt_resp_free(&r);

    /* an activity's intervention and a cost's category by name */
    Db *db = wt_db(srv);
    char *interv = query_text(db, "SELECT i.title FROM activity a JOIN intervention i"
                                     " ON i.id = a.intervention_id ORDER BY a.code LIMIT 1");
    char *cat = query_text(db, "SELECT c.name FROM cost_entry e JOIN budget_category c"
                                  " ON c.id = e.category_id ORDER BY e.cost_date, e.code LIMIT 1");
    db_close(db);
    r = get_page(c, "/activities", 200);
    assert_true(wt_body_has(&r, interv));
    wt_resp_free(&r);
    r = get_page(c, "/costs", 200);
    assert_true(wt_body_has(&r, cat));
    wt_resp_free(&r);
    /* amounts with a decimal comma on the page and in the CSV; the workbook keeps numbers */
    db = wt_db(srv);
    int64_t ore = tu_query_int(db, "SELECT amount_ore FROM cost_entry WHERE amount_ore > 0"
                                   " ORDER BY cost_date, code LIMIT 1");
    db_close(db);
    char *amount = xasprintf(";%lld,%02lld;", (long long)(ore / 100), (long long)(ore % 100));
    r = wt_get(c, "/costs.csv");
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, amount));
    wt_resp_free(&r);
    free(amount);
    free(interv);
    free(cat);
    wt_client_free(c);
}

/* The fields of a delete the user has confirmed (in the browser: data-confirm). */
#define CONFIRMED ((const char *const[]){"confirm", "1", NULL})

/* A count of the test's own connection. */
static int64_t count_of(const char *sql)
{
    Db *db = wt_db(srv);
    int64_t n = tu_query_int(db, sql);
    db_close(db);
    return n;
}

/* POST path with fields: the status, and for a page a well-formed one. The response is the
 * caller's to free. */
static WtResp post_page(WtClient *c, const char *path, const char *const *fields, long want)
{
    WtResp r = wt_post(c, path, fields);
    if (r.status != want)
        print_error("POST %s: %ld, want %ld\n", path, r.status, want);
    assert_int_equal(r.status, want);
    if (want == 200)
        wt_assert_page(&r, true);
    return r;
}

/* Sessions of an activity: a new one from the activity's page, refused with its messages next
 * to the fields and nothing stored, then saved; edited; a session with people marked present
 * cannot be deleted (the core's reason is shown), the new one can. */
static void test_session_forms(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    char *act = query_text(db, "SELECT a.code FROM activity a JOIN session s ON s.activity_id ="
                               " a.id JOIN attendance t ON t.session_id = s.id AND t.present = 1"
                               " ORDER BY a.code LIMIT 1");
    char *marked = xasprintf("SELECT s.code FROM session s JOIN activity a ON a.id ="
                             " s.activity_id JOIN attendance t ON t.session_id = s.id"
                             " AND t.present = 1 WHERE a.code = '%s' LIMIT 1", act);
    char *busy = query_text(db, marked);
    char *day = query_text(db, "SELECT end_date FROM project");
    db_close(db);
    char *count_sql = xasprintf("SELECT count(*) FROM session s JOIN activity a ON a.id ="
                                " s.activity_id WHERE a.code = '%s'", act);
    int64_t before = count_of(count_sql);

    WtClient *c = client_as(ROLE_MANAGER);
    char *page = xasprintf("/activities/%s", act);
    WtResp r = get_page(c, page, 200);
    char *new_href = xasprintf("/activities/%s/sessions/new", act);
    assert_true(wt_body_has(&r, new_href));
    wt_resp_free(&r);
    r = get_page(c, new_href, 200);
    assert_true(wt_body_has(&r, "name=\"hours\""));
    assert_false(wt_body_has(&r, "name=\"activity\""));
    wt_resp_free(&r);

    r = post_page(c, new_href, (const char *const[]){"id", "sny", "date", "2012-13-45",
                                                     "hours", "sju", "start", "09:00", NULL},
                  200);
    assert_true(wt_body_has(&r, "id=\"f-date-err\""));
    assert_true(wt_body_has(&r, "id=\"f-hours-err\""));
    assert_true(wt_body_has(&r, "value=\"sju\""));
    assert_true(wt_body_has(&r, "value=\"09:00\""));
    wt_resp_free(&r);
    assert_int_equal(count_of(count_sql), before);

    r = post_page(c, new_href, (const char *const[]){"id", "sny", "date", day, "hours", "3,5",
                                                     NULL}, 303);
    char loc[160];
    assert_true(wt_header(&r, "Location", loc, sizeof loc));
    char *want_loc = xasprintf("/activities/%s?saved=1", act);
    assert_string_equal(loc, want_loc);
    wt_resp_free(&r);
    assert_int_equal(count_of(count_sql), before + 1);

    char *edit = xasprintf("/activities/%s/sessions/sny/edit", act);
    r = get_page(c, edit, 200);
    assert_true(wt_body_has(&r, "value=\"3,5\""));
    wt_resp_free(&r);
    r = post_page(c, edit, (const char *const[]){"date", day, "hours", "4", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT hours_c FROM session WHERE code = 'sny'"), 400);

    /* a session with people marked present stays, with the reason */
    char *del_busy = xasprintf("/activities/%s/sessions/%s/delete", act, busy);
    r = post_page(c, del_busy, CONFIRMED, 200);
    assert_true(wt_body_has(&r, "marked present"));
    assert_true(wt_body_has(&r, "role=\"alert\""));
    wt_resp_free(&r);
    assert_int_equal(count_of(count_sql), before + 1);
    char *del = xasprintf("/activities/%s/sessions/sny/delete", act);
    /* without the browser's confirmation the server asks first, and deletes nothing */
    r = post_page(c, del, (const char *const[]){NULL}, 200);
    assert_true(wt_body_has(&r, "name=\"confirm\" value=\"1\""));
    wt_resp_free(&r);
    assert_int_equal(count_of(count_sql), before + 1);
    r = post_page(c, del, CONFIRMED, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(count_sql), before);

    /* a coordinator may not */
    WtClient *coord = client_as(ROLE_COORDINATOR);
    r = wt_get(coord, new_href);
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(coord);
    free(del);
    free(del_busy);
    free(edit);
    free(want_loc);
    free(new_href);
    free(page);
    free(count_sql);
    free(day);
    free(busy);
    free(marked);
    free(act);
    wt_client_free(c);
}

/* A trainer adds a session to an activity assigned to them, and finds no other. */
static void test_trainer_sessions(void **state)
{
    (void)state;
    int64_t user = wt_user(srv, "tr-sessions", ROLE_TRAINER);
    Db *db = wt_db(srv);
    tu_set_actor(db);
    int64_t mine = tu_query_int(db, "SELECT min(id) FROM activity");
    char *mine_code = query_text(db, "SELECT code FROM activity ORDER BY id LIMIT 1");
    char *other = query_text(db, "SELECT code FROM activity ORDER BY id DESC LIMIT 1");
    char *day = query_text(db, "SELECT end_date FROM project");
    Actor cli;
    actor_cli(&cli);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(account_trainer_assign(db, &cli, user, mine, true, &errs), INSATS_OK);
    errs_free(&errs);
    db_close(db);
    WtClient *c = wt_client(srv);
    wt_login(c, "tr-sessions");
    char *theirs = xasprintf("/activities/%s/sessions/new", other);
    WtResp r = wt_get(c, theirs);
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    char *ours = xasprintf("/activities/%s/sessions/new", mine_code);
    r = get_page(c, ours, 200);
    wt_resp_free(&r);
    r = post_page(c, ours, (const char *const[]){"id", "str1", "date", day, "hours", "2", NULL},
                  303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM session WHERE code = 'str1'"), 1);
    r = wt_post(c, theirs, (const char *const[]){"id", "str2", "date", day, "hours", "2", NULL});
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM session WHERE code = 'str2'"), 0);
    free(ours);
    free(theirs);
    free(day);
    free(other);
    free(mine_code);
    wt_client_free(c);
}

/* The budget: a category created (refused first without a name, nothing stored), renamed,
 * deleted; one with lines or costs is not; a version with its lines, a line refused with the
 * message next to its field, changed and removed; an economist may, a coordinator may not. */
static void test_budget_forms(void **state)
{
    (void)state;
    WtClient *c = client_as(ROLE_ECONOMIST);
    WtResp r = get_page(c, "/budget", 200);
    assert_true(wt_body_has(&r, "/budget/categories/new"));
    wt_resp_free(&r);
    int64_t cats = count_of("SELECT count(*) FROM budget_category");
    r = post_page(c, "/budget/categories/new",
                  (const char *const[]){"id", "material", "name", "", NULL}, 200);
    assert_true(wt_body_has(&r, "id=\"f-name-err\""));
    assert_true(wt_body_has(&r, "value=\"material\""));
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM budget_category"), cats);
    r = post_page(c, "/budget/categories/new",
                  (const char *const[]){"id", "material", "name", "Material", NULL}, 303);
    wt_resp_free(&r);
    r = get_page(c, "/budget/categories/material/edit", 200);
    assert_true(wt_body_has(&r, "value=\"Material\""));
    wt_resp_free(&r);
    r = post_page(c, "/budget/categories/material/edit",
                  (const char *const[]){"name", "Kursmaterial", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM budget_category WHERE code = 'material'"
                              " AND name = 'Kursmaterial'"), 1);

    /* a category in use stays, with the reason */
    Db *db = wt_db(srv);
    char *used = query_text(db, "SELECT c.code FROM budget_category c JOIN budget_line l"
                                " ON l.category_id = c.id LIMIT 1");
    db_close(db);
    char *del_used = xasprintf("/budget/categories/%s/delete", used);
    r = post_page(c, del_used, CONFIRMED, 200);
    assert_true(wt_body_has(&r, "budget line"));
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM budget_category"), cats + 1);

    /* a version and its lines */
    r = get_page(c, "/budget/versions/new", 200);
    wt_resp_free(&r);
    r = post_page(c, "/budget/versions/new",
                  (const char *const[]){"id", "v9", "name", "Revision", "date", "igår", NULL},
                  200);
    assert_true(wt_body_has(&r, "id=\"f-date-err\""));
    wt_resp_free(&r);
    r = post_page(c, "/budget/versions/new",
                  (const char *const[]){"id", "v9", "name", "Revision", "date", "2013-06-01",
                                        "reason", "Fler resor", NULL}, 303);
    wt_resp_free(&r);
    r = get_page(c, "/budget/versions/v9/edit", 200);
    assert_true(wt_body_has(&r, "Fler resor"));
    wt_resp_free(&r);
    r = get_page(c, "/budget/versions/v9/lines", 200);
    assert_true(wt_body_has(&r, "name=\"category\""));
    wt_resp_free(&r);
    r = post_page(c, "/budget/versions/v9/lines",
                  (const char *const[]){"category", "material", "year", "tjugotretton",
                                        "amount", "1 000", NULL}, 200);
    assert_true(wt_body_has(&r, "id=\"f-year-err\""));
    assert_true(wt_body_has(&r, "value=\"tjugotretton\""));
    wt_resp_free(&r);
    static const char LINES[] = "SELECT count(*) FROM budget_line l JOIN budget_version v"
                                " ON v.id = l.version_id WHERE v.code = 'v9'";
    assert_int_equal(count_of(LINES), 0);
    r = post_page(c, "/budget/versions/v9/lines",
                  (const char *const[]){"category", "material", "year", "2013", "amount",
                                        "1 000,50", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(LINES), 1);
    r = get_page(c, "/budget/versions/v9/lines", 200);
    assert_true(wt_body_has(&r, "Kursmaterial"));
    wt_resp_free(&r);
    r = post_page(c, "/budget/versions/v9/lines/1",
                  (const char *const[]){"category", "material", "year", "2013", "amount",
                                        "2000", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT l.amount_ore FROM budget_line l JOIN budget_version v"
                              " ON v.id = l.version_id WHERE v.code = 'v9'"), 200000);
    /* the category now has a line: not deleted */
    r = post_page(c, "/budget/categories/material/delete", CONFIRMED, 200);
    assert_true(wt_body_has(&r, "budget line"));
    wt_resp_free(&r);
    r = post_page(c, "/budget/versions/v9/lines/1/delete", CONFIRMED, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(LINES), 0);
    r = post_page(c, "/budget/versions/v9/delete", CONFIRMED, 303);
    wt_resp_free(&r);
    r = post_page(c, "/budget/categories/material/delete", CONFIRMED, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM budget_category"), cats);
    assert_int_equal(count_of("SELECT count(*) FROM budget_version WHERE code = 'v9'"), 0);

    WtClient *coord = client_as(ROLE_COORDINATOR);
    r = wt_get(coord, "/budget/categories/new");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(coord);
    free(del_used);
    free(used);
    wt_client_free(c);
}

/* A meeting's attendees, agenda and actions and a group's members, each row on its own: a
 * bad row is refused next to its field with nothing stored; a row is added, changed and
 * removed; the meeting's page links the lists. */
static void test_meeting_and_group_items(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    char *m = query_text(db, "SELECT code FROM meeting ORDER BY code LIMIT 1");
    char *g = query_text(db, "SELECT code FROM grp ORDER BY code LIMIT 1");
    char *person = query_text(db, "SELECT code FROM person ORDER BY code LIMIT 1");
    db_close(db);
    char *att_sql = xasprintf("SELECT count(*) FROM meeting_attendee a JOIN meeting m ON m.id ="
                              " a.meeting_id WHERE m.code = '%s'", m);
    int64_t attendees = count_of(att_sql);
    WtClient *c = client_as(ROLE_MANAGER);
    char *page = xasprintf("/meetings/%s", m);
    char *list = xasprintf("/meetings/%s/attendees", m);
    WtResp r = get_page(c, page, 200);
    assert_true(wt_body_has(&r, list));
    wt_resp_free(&r);
    r = get_page(c, list, 200);
    wt_resp_free(&r);

    r = post_page(c, list, (const char *const[]){"name", "Eva Gäst", "organisation",
                                                 "Tillväxtverket", NULL}, 200);
    assert_true(wt_body_has(&r, "id=\"f-status-err\""));
    assert_true(wt_body_has(&r, "value=\"Tillväxtverket\""));
    wt_resp_free(&r);
    assert_int_equal(count_of(att_sql), attendees);
    r = post_page(c, list, (const char *const[]){"name", "Eva Gäst", "organisation",
                                                 "Tillväxtverket", "status", "present", NULL},
                  303);
    wt_resp_free(&r);
    assert_int_equal(count_of(att_sql), attendees + 1);
    assert_int_equal(count_of("SELECT count(*) FROM meeting_attendee WHERE guest_name ="
                              " 'Eva Gäst' AND status = 'present'"), 1);
    char *row = xasprintf("%s/%lld", list, (long long)attendees + 1);
    r = get_page(c, row, 200);
    assert_true(wt_body_has(&r, "value=\"Eva Gäst\""));
    wt_resp_free(&r);
    r = post_page(c, row, (const char *const[]){"name", "Eva Gäst", "organisation",
                                                "Tillväxtverket", "status", "excused", NULL},
                  303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM meeting_attendee WHERE guest_name ="
                              " 'Eva Gäst' AND status = 'excused'"), 1);
    char *del = xasprintf("%s/delete", row);
    r = post_page(c, del, (const char *const[]){NULL}, 200);
    assert_true(wt_body_has(&r, "name=\"confirm\" value=\"1\""));
    wt_resp_free(&r);
    assert_int_equal(count_of(att_sql), attendees + 1);
    r = post_page(c, del, CONFIRMED, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(att_sql), attendees);

    /* an agenda item with two decisions, one per line */
    char *agenda = xasprintf("/meetings/%s/agenda", m);
    r = get_page(c, agenda, 200);
    wt_resp_free(&r);
    char *agenda1 = xasprintf("%s/1", agenda);
    r = get_page(c, agenda1, 200);
    assert_true(wt_body_has(&r, "name=\"decisions\""));
    wt_resp_free(&r);
    free(agenda1);
    int64_t decisions = count_of("SELECT count(*) FROM decision");
    r = post_page(c, agenda, (const char *const[]){"title", "Budgeten", "decisions",
                                                   "Budgeten godkänns\r\n\r\nNästa möte i maj",
                                                   NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM decision"), decisions + 2);

    /* an action kept by its own id: added, then deleted by the core */
    char *actions = xasprintf("/meetings/%s/actions", m);
    r = post_page(c, actions, (const char *const[]){"id", "xny", "text", "Boka lokal", "owner",
                                                    person, "due", "2013-02-30", NULL}, 200);
    assert_true(wt_body_has(&r, "id=\"f-due-err\""));
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM action_item WHERE code = 'xny'"), 0);
    r = post_page(c, actions, (const char *const[]){"id", "xny", "text", "Boka lokal", "owner",
                                                    person, NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM action_item WHERE code = 'xny'"), 1);
    int64_t n_actions = count_of("SELECT count(*) FROM action_item x JOIN meeting m ON m.id ="
                                 " x.meeting_id WHERE x.code = 'xny'");
    assert_int_equal(n_actions, 1);
    r = get_page(c, actions, 200);
    assert_true(wt_body_has(&r, "Boka lokal"));
    wt_resp_free(&r);
    char *pos_sql = xasprintf("SELECT count(*) FROM action_item x JOIN meeting m ON m.id ="
                              " x.meeting_id WHERE m.code = '%s'", m);
    char *del_action = xasprintf("%s/%lld/delete", actions, (long long)count_of(pos_sql));
    r = post_page(c, del_action, CONFIRMED, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT count(*) FROM action_item WHERE code = 'xny'"), 0);

    /* a group's member */
    char *members = xasprintf("/groups/%s/members", g);
    r = get_page(c, members, 200);
    wt_resp_free(&r);
    char *mem_sql = xasprintf("SELECT count(*) FROM membership x JOIN grp g ON g.id ="
                              " x.group_id WHERE g.code = '%s'", g);
    int64_t before = count_of(mem_sql);
    r = post_page(c, members, (const char *const[]){"person", person, "from", "2013-05-01",
                                                    "to", "2012-01-01", NULL}, 200);
    assert_true(wt_body_has(&r, "role=\"alert\""));
    wt_resp_free(&r);
    assert_int_equal(count_of(mem_sql), before);
    r = post_page(c, members, (const char *const[]){"person", person, "from", "2012-05-01",
                                                    "role", "Ersättare", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(mem_sql), before + 1);

    free(mem_sql);
    free(members);
    free(del_action);
    free(pos_sql);
    free(actions);
    free(agenda);
    free(del);
    free(row);
    free(list);
    free(page);
    free(att_sql);
    free(person);
    free(g);
    free(m);
    wt_client_free(c);
}

/* A survey's questions: one added (refused first without its type), changed, deleted; one
 * with answers stays with the core's reason. A manual goal's measurement added. A row that
 * does not exist is 404. */
static void test_questions_and_goal_values(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    char *survey = query_text(db, "SELECT s.code FROM survey s JOIN question q ON q.survey_id ="
                                  " s.id JOIN answer a ON a.question_id = q.id ORDER BY s.code"
                                  " LIMIT 1");
    char *goal = query_text(db, "SELECT code FROM goal WHERE measure_kind = 'manual'"
                                " ORDER BY code LIMIT 1");
    db_close(db);
    char *qsql = xasprintf("SELECT count(*) FROM question q JOIN survey s ON s.id = q.survey_id"
                           " WHERE s.code = '%s'", survey);
    int64_t questions = count_of(qsql);
    WtClient *c = client_as(ROLE_MANAGER);
    char *list = xasprintf("/surveys/%s/questions", survey);
    char *page = xasprintf("/surveys/%s", survey);
    WtResp r = get_page(c, page, 200);
    assert_true(wt_body_has(&r, list));
    wt_resp_free(&r);
    r = post_page(c, list, (const char *const[]){"id", "qny", "text", "Blev det bättre?", NULL},
                  200);
    assert_true(wt_body_has(&r, "id=\"f-type-err\""));
    assert_true(wt_body_has(&r, "value=\"Blev det bättre?\""));
    wt_resp_free(&r);
    assert_int_equal(count_of(qsql), questions);
    r = post_page(c, list, (const char *const[]){"id", "qny", "text", "Blev det bättre?",
                                                 "type", "scale5", "threshold", "3", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(qsql), questions + 1);
    char *row = xasprintf("%s/%lld", list, (long long)questions + 1);
    r = post_page(c, row, (const char *const[]){"text", "Blev arbetet bättre?", "type",
                                                "scale5", "threshold", "2", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of("SELECT threshold FROM question WHERE code = 'qny'"), 2);
    char *del = xasprintf("%s/delete", row);
    r = post_page(c, del, CONFIRMED, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(qsql), questions);
    /* the first question has answers */
    char *del_first = xasprintf("%s/1/delete", list);
    r = post_page(c, del_first, CONFIRMED, 200);
    assert_true(wt_body_has(&r, "answer"));
    wt_resp_free(&r);
    assert_int_equal(count_of(qsql), questions);
    char *missing = xasprintf("%s/999", list);
    r = wt_get(c, missing);
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);

    char *values = xasprintf("/goals/%s/values", goal);
    char *vsql = xasprintf("SELECT count(*) FROM goal_value v JOIN goal g ON g.id = v.goal_id"
                           " WHERE g.code = '%s'", goal);
    int64_t before = count_of(vsql);
    r = post_page(c, values, (const char *const[]){"date", "2014-05-01", "value", "många",
                                                   NULL}, 200);
    assert_true(wt_body_has(&r, "id=\"f-value-err\""));
    wt_resp_free(&r);
    r = post_page(c, values, (const char *const[]){"date", "2014-05-01", "value", "12",
                                                   "source", "Enkät till cheferna", NULL}, 303);
    wt_resp_free(&r);
    assert_int_equal(count_of(vsql), before + 1);
    free(vsql);
    free(values);
    free(missing);
    free(del_first);
    free(del);
    free(row);
    free(page);
    free(list);
    free(qsql);
    free(goal);
    free(survey);
    wt_client_free(c);
}

/* Roles: a reader sees no people pages at all; a coordinator may not write goals; an
 * economist writes costs but not activities. */
static void test_roles(void **state)
{
    (void)state;
    WtClient *reader = client_as(ROLE_READER);
    WtResp r = wt_get(reader, "/people");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_get(reader, "/people.csv");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = get_page(reader, "/activities", 200);
    assert_false(wt_body_has(&r, "/activities/new"));
    wt_resp_free(&r);
    r = get_page(reader, "/records", 200);
    assert_false(wt_body_has(&r, "href=\"/people\""));
    wt_resp_free(&r);
    wt_client_free(reader);

    WtClient *coord = client_as(ROLE_COORDINATOR);
    r = get_page(coord, "/activities", 200);
    wt_resp_free(&r);
    r = wt_get(coord, "/goals/new");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    r = wt_post(coord, "/goals/new", (const char *const[]){"id", "gx", NULL});
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(coord);

    /* The budget and its costs are the economist's and the manager's: not a coordinator's
     * nor a trainer's (the cost entries hold salaries). */
    static const struct {
        Role role;
        const char *path;
        long status;
    } cells[] = {
        {ROLE_COORDINATOR, "/costs", 403}, {ROLE_COORDINATOR, "/budget", 403},
        {ROLE_TRAINER, "/costs", 403},     {ROLE_TRAINER, "/budget", 403},
        {ROLE_TRAINER, "/costs.csv", 403}, {ROLE_READER, "/budget", 403},
        {ROLE_ECONOMIST, "/costs", 200},   {ROLE_ECONOMIST, "/budget", 200},
        {ROLE_TRAINER, "/activities", 200}, {ROLE_EVALUATOR, "/surveys", 200},
        {ROLE_READER, "/meetings", 403},   {ROLE_ECONOMIST, "/meetings", 403},
        {ROLE_ADMIN, "/people", 403},      {ROLE_ADMIN, "/activities", 403},
    };
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        WtClient *who = client_as(cells[i].role);
        r = wt_get(who, cells[i].path);
        if (r.status != cells[i].status)
            fail_msg("GET %s as %s: %ld, want %ld", cells[i].path,
                     actor_role_name(cells[i].role), r.status, cells[i].status);
        wt_resp_free(&r);
        wt_client_free(who);
    }

    WtClient *eco = client_as(ROLE_ECONOMIST);
    r = get_page(eco, "/costs/new", 200);
    wt_resp_free(&r);
    r = wt_get(eco, "/activities/new");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(eco);
}

/* The activity and session with the most people expected (the demo has one with over 40). */
static void busiest_session(char *activity, char *session, size_t cap)
{
    Db *db = wt_db(srv);
    sqlite3_stmt *st = db_prepare(db,
        "SELECT a.code, s.code FROM session s JOIN activity a ON a.id = s.activity_id"
        " ORDER BY (SELECT count(DISTINCT t.person_id) FROM session s2"
        " JOIN attendance t ON t.session_id = s2.id WHERE s2.activity_id = a.id) DESC,"
        " a.code, s.code LIMIT 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(activity, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(session, cap, "%s", (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    db_close(db);
}

/* The person ids of the rows of an attendance screen, in order; *n of them (caller frees). */
static char **screen_people(const WtResp *r, size_t *n)
{
    char **out = NULL;
    *n = 0;
    const char *key = "name=\"person[]\" value=\"";
    for (const char *s = strstr(r->body.data, key); s; s = strstr(s, key)) {
        s += strlen(key);
        out = xrealloc(out, (*n + 1) * sizeof *out);
        out[(*n)++] = xstrndup(s, strcspn(s, "\""));
    }
    return out;
}

/* Forty marks saved in one request: the screen says how many, the register holds exactly
 * them, and the screen shows them checked again. A coordinator sees only their own
 * organisation's people; a trainer not assigned to the activity gets 404. */
static void test_attendance_forty(void **state)
{
    (void)state;
    char activity[64], session[64];
    busiest_session(activity, session, sizeof activity);
    char *path = xasprintf("/activities/%s/sessions/%s/attendance", activity, session);
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, path, 200);
    size_t n = 0;
    char **people = screen_people(&r, &n);
    /* each person's organisation by its name */
    assert_true(wt_body_has(&r, " kommun</td>"));
    assert_false(wt_body_has(&r, "<td>alvby</td>"));
    wt_resp_free(&r);
    assert_true(n >= 40);
    /* 40 rows: the even ones present */
    const char **fields = xcalloc(40 * 4 + 1, sizeof *fields);
    char **names = xcalloc(40, sizeof *names);
    size_t f = 0;
    for (size_t i = 0; i < 40; i++) {
        fields[f++] = "person[]";
        fields[f++] = people[i];
        if (i % 2 == 0) {
            names[i] = xasprintf("present-%s", people[i]);
            fields[f++] = names[i];
            fields[f++] = "1";
        }
    }
    fields[f] = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = wt_post(c, path, fields);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("attendance save of 40 rows: %.1f ms (sanitizer build)\n",
                  (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    assert_int_equal(r.status, 303);
    char loc[256];
    assert_true(wt_header(&r, "Location", loc, sizeof loc));
    assert_non_null(strstr(loc, "saved=40"));
    wt_resp_free(&r);
    /* The count is shown when the save itself sealed it: not for a count typed into a link,
     * nor for the seal of this save carried with another count. */
    char *forged = xasprintf("%s?saved=999999", path);
    r = get_page(c, forged, 200);
    assert_false(wt_body_has(&r, "markeringar sparade"));
    wt_resp_free(&r);
    free(forged);
    const char *seal = strstr(loc, "seal=");
    assert_non_null(seal);
    forged = xasprintf("%s?saved=999999&%s", path, seal);
    r = get_page(c, forged, 200);
    assert_false(wt_body_has(&r, "markeringar sparade"));
    wt_resp_free(&r);
    free(forged);
    WtClient *stranger = client_as(ROLE_MANAGER);
    r = get_page(stranger, loc, 200);
    assert_false(wt_body_has(&r, "markeringar sparade"));
    wt_resp_free(&r);
    wt_client_free(stranger);
    r = get_page(c, loc, 200);
    assert_true(wt_body_has(&r, "40 markeringar sparade"));
    for (size_t i = 0; i < 40; i++) {
        char *checked = xasprintf("id=\"f-present-%s\" name=\"present-%s\" value=\"1\" checked",
                                  people[i], people[i]);
        assert_int_equal(wt_body_has(&r, checked), i % 2 == 0);
        free(checked);
    }
    wt_resp_free(&r);
    Db *db = wt_db(srv);
    char *sql = xasprintf("SELECT count(*) FROM attendance t JOIN session s ON s.id = t.session_id"
                          " JOIN activity a ON a.id = s.activity_id JOIN person p"
                          " ON p.id = t.person_id WHERE a.code = '%s' AND s.code = '%s'"
                          " AND t.present = 1 AND p.code IN ('%s', '%s')",
                          activity, session, people[0], people[1]);
    assert_int_equal(tu_query_int(db, sql), 1);
    free(sql);
    db_close(db);
    wt_client_free(c);

    /* a coordinator's screen holds their organisation's people only */
    char org[64], other[64];
    first_org(org, other, sizeof org);
    WtClient *coord = client_as(ROLE_COORDINATOR);
    r = get_page(coord, path, 200);
    size_t m = 0;
    char **theirs = screen_people(&r, &m);
    assert_true(m < n);
    for (size_t i = 0; i < m; i++)
        free(theirs[i]);
    free(theirs);
    char *cell = xasprintf("<td>%s</td>", other);
    assert_false(wt_body_has(&r, cell));
    free(cell);
    wt_resp_free(&r);
    wt_client_free(coord);
    WtClient *trainer = client_as(ROLE_TRAINER);
    r = wt_get(trainer, path);
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    wt_client_free(trainer);

    for (size_t i = 0; i < 40; i++)
        free(names[i]);
    free(names);
    free(fields);
    for (size_t i = 0; i < n; i++)
        free(people[i]);
    free(people);
    free(path);
}

/* Whether the screen shows the person's checkbox checked (1), unchecked (0) or not at all
 * (-1). */
static int screen_mark(const WtResp *r, const char *person)
{
    char *on = xasprintf("name=\"present-%s\" value=\"1\" checked>", person);
    char *off = xasprintf("name=\"present-%s\" value=\"1\">", person);
    int mark = wt_body_has(r, on) ? 1 : wt_body_has(r, off) ? 0 : -1;
    free(on);
    free(off);
    return mark;
}

/* The attendance of one person at the session: 1 present, 0 absent, -1 none. */
static int64_t stored_mark(const char *activity, const char *session, const char *person)
{
    Db *db = wt_db(srv);
    char *sql = xasprintf("SELECT coalesce((SELECT t.present FROM attendance t"
                          " JOIN session s ON s.id = t.session_id JOIN activity a"
                          " ON a.id = s.activity_id JOIN person p ON p.id = t.person_id"
                          " WHERE a.code = '%s' AND s.code = '%s' AND p.code = '%s'), -1)",
                          activity, session, person);
    int64_t mark = tu_query_int(db, sql);
    free(sql);
    db_close(db);
    return mark;
}

/* The search of the attendance screen is part of its form: the marks made before it come back
 * as they were made (not as stored), the people it finds are added unmarked, people added by
 * an earlier search stay, and nothing is saved until Save. Two people with the same name are
 * told apart by their id, and every row shows the person's unit. */
static void test_attendance_search_keeps_marks(void **state)
{
    (void)state;
    char org[64], other[64];
    first_org(org, other, sizeof org);
    Db *db = wt_db(srv);
    tu_set_actor(db);
    char *sql = xasprintf("INSERT INTO person (project_id, code, name, gender, organisation_id,"
                          " unit) SELECT o.project_id, v.code, 'Dubbel Namnsson', 'female', o.id,"
                          " v.unit FROM organisation o, (SELECT 'd901' AS code, 'Hemtjänst Norr'"
                          " AS unit UNION ALL SELECT 'd902', 'Skola Syd') v WHERE o.code = '%s'",
                          org);
    tu_exec(db, sql);
    free(sql);
    db_close(db);

    char activity[64], session[64];
    busiest_session(activity, session, sizeof activity);
    char *path = xasprintf("/activities/%s/sessions/%s/attendance", activity, session);
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, path, 200);
    size_t n = 0;
    char **people = screen_people(&r, &n);
    wt_resp_free(&r);
    assert_true(n >= 2);
    /* the opposite of what is stored for the first two, so that kept marks are the form's */
    int64_t was0 = stored_mark(activity, session, people[0]);
    int64_t was1 = stored_mark(activity, session, people[1]);
    const char **fields = xcalloc(2 * n + 16, sizeof *fields);
    char *mark0 = xasprintf("present-%s", people[0]), *mark1 = xasprintf("present-%s", people[1]);
    size_t f = 0;
    for (size_t i = 0; i < n; i++) {
        fields[f++] = "person[]";
        fields[f++] = people[i];
    }
    size_t base = f;
    if (was0 != 1) {
        fields[f++] = mark0;
        fields[f++] = "1";
    }
    if (was1 != 1) {
        fields[f++] = mark1;
        fields[f++] = "1";
    }
    fields[f++] = "q";
    fields[f++] = "Dubbel Namnsson";
    fields[f++] = "search";
    fields[f++] = "1";
    fields[f] = NULL;
    r = wt_post(c, path, fields);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_int_equal(screen_mark(&r, people[0]), was0 != 1);
    assert_int_equal(screen_mark(&r, people[1]), was1 != 1);
    assert_int_equal(screen_mark(&r, "d901"), 0);
    assert_int_equal(screen_mark(&r, "d902"), 0);
    assert_true(wt_body_has(&r, "Dubbel Namnsson (d901)"));
    assert_true(wt_body_has(&r, "Dubbel Namnsson (d902)"));
    assert_true(wt_body_has(&r, "<td>Hemtjänst Norr</td>"));
    assert_true(wt_body_has(&r, "<td>Skola Syd</td>"));
    assert_true(wt_body_has(&r, "2 personer lades till från sökningen, omarkerade."));
    /* the search is a button of the save's form, and the first one (Enter searches) */
    const char *search = strstr(r.body.data, "name=\"search\"");
    const char *save = strstr(r.body.data, "Spara närvaron");
    assert_non_null(search);
    assert_non_null(save);
    assert_true(search < save);
    wt_resp_free(&r);
    assert_int_equal(stored_mark(activity, session, people[0]), was0);
    assert_int_equal(stored_mark(activity, session, "d901"), -1);

    /* another search: the people found before stay on the screen with their marks */
    f = base;
    fields[f++] = "person[]";
    fields[f++] = "d901";
    fields[f++] = "person[]";
    fields[f++] = "d902";
    fields[f++] = "present-d902";
    fields[f++] = "1";
    fields[f++] = "q";
    fields[f++] = "";
    fields[f++] = "search";
    fields[f++] = "1";
    fields[f] = NULL;
    r = wt_post(c, path, fields);
    assert_int_equal(r.status, 200);
    assert_int_equal(screen_mark(&r, "d901"), 0);
    assert_int_equal(screen_mark(&r, "d902"), 1);
    wt_resp_free(&r);

    /* Save: exactly what was marked */
    f = base + 6;
    fields[f] = NULL;
    r = wt_post(c, path, fields);
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    assert_int_equal(stored_mark(activity, session, "d901"), 0);
    assert_int_equal(stored_mark(activity, session, "d902"), 1);
    assert_int_equal(stored_mark(activity, session, people[0]), 0);

    free(mark0);
    free(mark1);
    free(fields);
    for (size_t i = 0; i < n; i++)
        free(people[i]);
    free(people);
    free(path);
    wt_client_free(c);
}

/* A session in a frozen reporting period: the screen says so and shows the marks to read,
 * with no checkbox and no save button; reopened, it is a form again. */
static void test_attendance_frozen(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    tu_set_actor(db);
    int64_t project = demo_project(db);
    json_t *periods = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(freeze_periods(db, project, &periods, &errs), INSATS_OK);
    json_t *first = json_array_get(periods, 0);
    char *sql = xasprintf("SELECT a.code || ' ' || s.code FROM session s JOIN activity a"
                          " ON a.id = s.activity_id WHERE s.session_date BETWEEN '%s' AND '%s'"
                          " AND EXISTS (SELECT 1 FROM attendance t WHERE t.session_id = s.id)"
                          " ORDER BY a.code, s.code LIMIT 1",
                          json_string_value(json_object_get(first, "from")),
                          json_string_value(json_object_get(first, "to")));
    sqlite3_stmt *st = db_prepare(db, sql);
    free(sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char activity[64], session[64];
    assert_int_equal(sscanf((const char *)sqlite3_column_text(st, 0), "%63s %63s", activity,
                            session), 2);
    sqlite3_finalize(st);
    int period = (int)json_integer_value(json_object_get(first, "number"));
    json_decref(periods);
    assert_int_equal(freeze_period(db, project, period, "Test", &errs), INSATS_OK);
    db_close(db);

    char *path = xasprintf("/activities/%s/sessions/%s/attendance", activity, session);
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, path, 200);
    assert_true(wt_body_has(&r, "är fryst"));
    assert_true(wt_body_has(&r, "Närvarande</td>"));
    assert_false(wt_body_has(&r, "type=\"checkbox\""));
    assert_false(wt_body_has(&r, "Spara närvaron"));
    wt_resp_free(&r);

    db = wt_db(srv);
    tu_set_actor(db);
    assert_int_equal(freeze_reopen(db, project, period, "Test", "testet är klart", &errs),
                     INSATS_OK);
    db_close(db);
    errs_free(&errs);
    r = get_page(c, path, 200);
    assert_false(wt_body_has(&r, "är fryst"));
    assert_true(wt_body_has(&r, "type=\"checkbox\""));
    assert_true(wt_body_has(&r, "Spara närvaron"));
    wt_resp_free(&r);
    free(path);
    wt_client_free(c);
}

/* Count of s in the body. */
static size_t body_count(const WtResp *r, const char *s)
{
    size_t n = 0;
    for (const char *at = strstr(r->body.data, s); at; at = strstr(at + 1, s))
        n++;
    return n;
}

/* The delete button asks first: the browser through data-confirm, and without the script the
 * server, on a page of its own whose button confirms; nothing is deleted before that. */
static void test_delete_asks_first(void **state)
{
    (void)state;
    char org[64], other[64];
    first_org(org, other, sizeof org);
    Db *db = wt_db(srv);
    tu_set_actor(db);
    char *sql = xasprintf("INSERT INTO person (project_id, code, name, gender, organisation_id)"
                          " SELECT project_id, 'x901', 'Bort Tagen', 'male', id FROM organisation"
                          " WHERE code = '%s'", org);
    tu_exec(db, sql);
    free(sql);
    db_close(db);
    const char *exists = "SELECT count(*) FROM person WHERE code = 'x901'";

    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/people/x901", 200);
    assert_true(wt_body_has(&r, "action=\"/people/x901/delete\" data-confirm=\"Ta bort person "
                                "x901?\">"));
    assert_true(wt_body_has(&r, "<input type=\"hidden\" name=\"confirm\" value=\"\">"));
    wt_resp_free(&r);
    /* without the script: the empty field, and a page that asks */
    r = wt_post(c, "/people/x901/delete", (const char *const[]){"confirm", "", NULL});
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "<h1>Ta bort person x901?</h1>"));
    assert_true(wt_body_has(&r, "name=\"confirm\" value=\"1\""));
    assert_true(wt_body_has(&r, "Ja, ta bort"));
    wt_resp_free(&r);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, exists), 1);
    db_close(db);
    r = wt_post(c, "/people/x901/delete", (const char *const[]){"confirm", "1", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, exists), 0);
    db_close(db);
    wt_client_free(c);
}

/* A person's page lists what the core's summary holds: every session the person is marked for
 * (as many rows as the register has, the activity linked), their certificates and groups,
 * and the counts under Swedish headings rather than the summary's keys. */
static void test_person_page_lists(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    tu_set_actor(db);
    sqlite3_stmt *st = db_prepare(db,
        "SELECT p.code, (SELECT count(*) FROM attendance t WHERE t.person_id = p.id),"
        " (SELECT a.code FROM attendance t JOIN session s ON s.id = t.session_id"
        "  JOIN activity a ON a.id = s.activity_id WHERE t.person_id = p.id LIMIT 1),"
        " (SELECT c.code FROM certificate c WHERE c.person_id = p.id LIMIT 1),"
        " (SELECT g.code FROM grp g ORDER BY g.id LIMIT 1), p.id,"
        " (SELECT g.id FROM grp g ORDER BY g.id LIMIT 1)"
        " FROM person p WHERE EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = p.id)"
        " AND EXISTS (SELECT 1 FROM attendance t WHERE t.person_id = p.id)"
        " ORDER BY p.id LIMIT 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char code[64], activity[64], cert[64], group[64];
    snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
    int64_t marks = sqlite3_column_int64(st, 1);
    snprintf(activity, sizeof activity, "%s", (const char *)sqlite3_column_text(st, 2));
    snprintf(cert, sizeof cert, "%s", (const char *)sqlite3_column_text(st, 3));
    snprintf(group, sizeof group, "%s", (const char *)sqlite3_column_text(st, 4));
    char *sql = xasprintf("INSERT INTO membership (group_id, person_id, role)"
                          " VALUES (%lld, %lld, 'ledamot')",
                          (long long)sqlite3_column_int64(st, 6),
                          (long long)sqlite3_column_int64(st, 5));
    sqlite3_finalize(st);
    tu_exec(db, sql);
    free(sql);
    db_close(db);

    WtClient *c = client_as(ROLE_MANAGER);
    char *path = xasprintf("/people/%s", code);
    WtResp r = get_page(c, path, 200);
    assert_true(wt_body_has(&r, "<dt>Timmar närvarande</dt>"));
    assert_false(wt_body_has(&r, "activities_marked_present"));
    assert_false(wt_body_has(&r, "hours_marked_present"));
    assert_true(wt_body_has(&r, "<h2>Närvaro</h2>"));
    assert_int_equal(body_count(&r, "<td>Närvarande</td>") +
                         body_count(&r, "<td>Frånvarande</td>"),
                     (size_t)marks);
    char *link = xasprintf("href=\"/activities/%s\"", activity);
    assert_true(wt_body_has(&r, link));
    free(link);
    link = xasprintf("href=\"/certificates/%s\"", cert);
    assert_true(wt_body_has(&r, link));
    free(link);
    link = xasprintf("href=\"/groups/%s\"", group);
    assert_true(wt_body_has(&r, link));
    free(link);
    assert_true(wt_body_has(&r, "<td>ledamot</td>"));
    wt_resp_free(&r);
    free(path);
    wt_client_free(c);
}

/* The budget and the narratives: pages for a manager; a preview renders the Markdown safely
 * (raw HTML omitted, a heading below the page's) and stores nothing; a save stores it; a
 * narrative without its section is refused next to that field. */
static void test_budget_and_narratives(void **state)
{
    (void)state;
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/budget", 200);
    assert_true(wt_body_has(&r, "<caption id=\"caption-"));
    wt_resp_free(&r);
    r = get_page(c, "/narratives", 200);
    assert_true(wt_body_has(&r, "class=\"markdown\""));
    wt_resp_free(&r);
    r = get_page(c, "/narratives/edit", 200);
    wt_resp_free(&r);
    Db *db = wt_db(srv);
    int64_t before = tu_query_int(db, "SELECT count(*) FROM narrative");
    db_close(db);
    const char *md = "# Rubrik\n\nEtt **viktigt** stycke <script>alert(1)</script> "
                     "![spårpixel](http://evil.example/p.png)";
    r = wt_post(c, "/narratives/edit",
                (const char *const[]){"period", "", "section", "webbtest", "text", md,
                                      "preview", "1", NULL});
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "<strong>viktigt</strong>"));
    assert_false(wt_body_has(&r, "<script>alert"));
    assert_true(wt_body_has(&r, "<h3>Rubrik</h3>"));
    /* an image from elsewhere is its alt text: opening the page fetches nothing (the address
     * stays only in the form's text, as typed) */
    assert_false(wt_body_has(&r, "<img"));
    assert_false(wt_body_has(&r, "src=\"http://evil.example"));
    assert_true(wt_body_has(&r, " spårpixel</p>"));
    wt_resp_free(&r);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM narrative"), before);
    db_close(db);
    r = wt_post(c, "/narratives/edit",
                (const char *const[]){"period", "", "section", "", "text", md, NULL});
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "id=\"f-section-err\""));
    wt_resp_free(&r);
    r = wt_post(c, "/narratives/edit",
                (const char *const[]){"period", "", "section", "webbtest", "text", md, NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM narrative"), before + 1);
    db_close(db);
    wt_client_free(c);
}

/* POSTs a CSV file to /import as a browser's multipart form does. */
static WtResp upload(WtClient *c, const char *kind, const char *filename, const char *csv)
{
    const char *b = "----insatsTestBoundary";
    char *body = xasprintf("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                           "--%s\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n%s\r\n"
                           "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
                           "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n",
                           b, c->csrf, b, kind, b, filename, csv, b);
    char *type = xasprintf("Content-Type: multipart/form-data; boundary=%s", b);
    WtResp r = wt_request(c, "POST", "/import", body, strlen(body),
                          (const char *const[]){type, NULL});
    free(type);
    free(body);
    return r;
}

/* The value of the hidden field name in a page (the confirmation form's), unescaped for
 * the few entities the page writer uses. Caller frees. */
static char *hidden_value(const WtResp *r, const char *name)
{
    char *key = xasprintf("name=\"%s\" value=\"", name);
    const char *s = strstr(r->body.data, key);
    assert_non_null(s);
    s += strlen(key);
    free(key);
    Buf out = {0};
    for (; *s && *s != '"'; s++) {
        static const char *const ents[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                              {"&quot;", "\""}, {"&#39;", "'"}, {"&#10;", "\n"},
                                              {"&#13;", "\r"}};
        bool ent = false;
        for (size_t i = 0; i < sizeof ents / sizeof ents[0] && !ent; i++)
            if (strncmp(s, ents[i][0], strlen(ents[i][0])) == 0) {
                buf_puts(&out, ents[i][1]);
                s += strlen(ents[i][0]) - 1;
                ent = true;
            }
        if (!ent)
            buf_putc(&out, *s);
    }
    return buf_steal(&out);
}

/* Sends the preview's confirmation form back as the browser does (each of its hidden fields,
 * as the page holds them), freeing the preview. */
static WtResp confirm_upload(WtClient *c, WtResp *preview)
{
    static const char *const names[] = {"kind", "filename", "confirm", "content", "sha"};
    char *values[5];
    const char *fields[11];
    for (size_t i = 0; i < 5; i++) {
        values[i] = hidden_value(preview, names[i]);
        fields[2 * i] = names[i];
        fields[2 * i + 1] = values[i];
    }
    fields[10] = NULL;
    wt_resp_free(preview);
    WtResp r = wt_post(c, "/import", fields);
    for (size_t i = 0; i < 5; i++)
        free(values[i]);
    return r;
}

/* A Windows-1252 file, as Excel saves one on a Swedish Windows: confirmed from the preview, the
 * people are stored with their å ä ö and the gender of the "kön" column, exactly as the
 * command line imports the same bytes. A confirmation whose file differs from the one
 * previewed (a byte changed on the way) stores nothing and says so. */
static void test_csv_upload_cp1252(void **state)
{
    (void)state;
    char own[64], other[64];
    first_org(own, other, sizeof own);
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/import", 200);
    wt_resp_free(&r);
    /* "kön", "Åsa Öberg", "Björn Ärlig" in Windows-1252 */
    char *csv = xasprintf("id;namn;k\xF6n;organisation\nw001;\xC5sa \xD6" "berg;kvinna;%s\n"
                          "w002;Bj\xF6rn \xC4rlig;man;%s\n", own, own);
    r = upload(c, "people", "excel.csv", csv);
    free(csv);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "Ingenting är sparat än."));

    /* A browser sends a UTF-8 page's fields back in UTF-8: bytes of another encoding in the
     * page would come back as U+FFFD. The carried file is ASCII, whatever it holds. */
    char *content = hidden_value(&r, "content");
    char *sha = hidden_value(&r, "sha");
    for (const char *s = content; *s; s++)
        assert_true((unsigned char)*s < 0x80);
    content[strlen(content) / 2] = content[strlen(content) / 2] == 'A' ? 'B' : 'A';
    int64_t before = count_people();
    WtResp bad = wt_post(c, "/import",
                         (const char *const[]){"kind", "people", "filename", "excel.csv",
                                               "confirm", "1", "content", content, "sha", sha,
                                               NULL});
    free(content);
    free(sha);
    assert_int_equal(bad.status, 200);
    assert_true(wt_body_has(&bad, "Ingenting sparades"));
    wt_resp_free(&bad);
    assert_int_equal(count_people(), before);

    r = confirm_upload(c, &r);
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Sparat: 2 personer nya, 0 ändrade."));
    wt_resp_free(&r);
    Db *db = wt_db(srv);
    sqlite3_stmt *st = db_prepare(db, "SELECT name, gender FROM person WHERE code = ?1");
    static const char *const want[][3] = {{"w001", "Åsa Öberg", "female"},
                                          {"w002", "Björn Ärlig", "male"}};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_bind_text(st, 1, want[i][0], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), want[i][1]);
        assert_string_equal((const char *)sqlite3_column_text(st, 1), want[i][2]);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    db_close(db);
    wt_client_free(c);
}

/* A people CSV with a bad row: the page lists it with its line, field and reason, and nothing
 * is stored; the fixed file is previewed with what would change, still storing nothing, and
 * stored on confirmation. */
static void test_csv_upload(void **state)
{
    (void)state;
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/import", 200);
    assert_true(wt_body_has(&r, "enctype=\"multipart/form-data\""));
    wt_resp_free(&r);
    int64_t before = count_people();
    r = upload(c, "people", "deltagare.csv",
               "id;namn;kön;organisation\nu001;Karin Uppladdad;kvinna;alvby\n"
               "u002;Lars Uppladdad;kv;alvby\n");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "<td>3</td><td>kön</td><td>&quot;kv&quot; är inte någon av"));
    assert_true(wt_body_has(&r, "ingenting sparades"));
    wt_resp_free(&r);
    assert_int_equal(count_people(), before);

    r = get_page(c, "/import", 200);
    wt_resp_free(&r);
    r = upload(c, "people", "deltagare.csv",
               "id;namn;kön;organisation\nu001;Karin Uppladdad;kvinna;alvby\n"
               "u002;Lars Uppladdad;man;alvby\n");
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "<th scope=\"row\">Personer</th><td>2</td><td>0</td>"));
    assert_true(wt_body_has(&r, "Ingenting är sparat än."));
    assert_int_equal(count_people(), before);
    r = confirm_upload(c, &r);
    assert_int_equal(r.status, 200);
    assert_true(wt_body_has(&r, "Sparat: 2 personer nya, 0 ändrade."));
    wt_resp_free(&r);
    assert_int_equal(count_people(), before + 2);
    wt_client_free(c);
}

/* A coordinator uploads the people of their own organisation; a file with a row of another
 * organisation is refused with that row's line, field and reason, and nothing is stored. A
 * reader may not upload at all. */
static void test_csv_upload_coordinator(void **state)
{
    (void)state;
    char own[64], other[64];
    first_org(own, other, sizeof own);
    WtClient *c = client_as(ROLE_COORDINATOR);
    WtResp r = get_page(c, "/import", 200);
    wt_resp_free(&r);
    int64_t before = count_people();
    char *csv = xasprintf("id;namn;kön;organisation\nk001;Karin Egen;kvinna;%s\n"
                          "k002;Lars Annan;man;%s\n", own, other);
    r = upload(c, "people", "egna.csv", csv);
    free(csv);
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    char *want = xasprintf("<td>3</td><td>organisation</td><td>&quot;%s&quot; är en annan "
                           "organisation än din", other);
    assert_true(wt_body_has(&r, want));
    free(want);
    assert_true(wt_body_has(&r, "ingenting sparades"));
    wt_resp_free(&r);
    assert_int_equal(count_people(), before);

    r = get_page(c, "/import", 200);
    wt_resp_free(&r);
    csv = xasprintf("id;namn;kön;organisation\nk001;Karin Egen;kvinna;%s\n", own);
    r = upload(c, "people", "egna.csv", csv);
    free(csv);
    assert_int_equal(r.status, 200);
    r = confirm_upload(c, &r);
    assert_true(wt_body_has(&r, "Sparat: 1 person ny, 0 ändrade."));
    wt_resp_free(&r);
    assert_int_equal(count_people(), before + 1);
    wt_client_free(c);

    c = client_as(ROLE_READER);
    r = wt_get(c, "/import");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(c);
}

/* A person's personnummer: masked on the page; shown whole on request (a POST) to a manager,
 * and that showing is an entry of the audit trail; refused to a reader, and to a coordinator
 * of another organisation as if the person did not exist. */
static void test_reveal_personnummer(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    tu_set_actor(db);
    sqlite3_stmt *st = db_prepare(db, "SELECT p.code, o.code FROM person p JOIN organisation o"
                                      " ON o.id = p.organisation_id WHERE o.id ="
                                      " (SELECT max(id) FROM organisation) ORDER BY p.id LIMIT 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char code[64];
    snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    tu_set_pnr(db, code, "199001012385");
    char *count_sql = xasprintf("SELECT count(*) FROM audit_log WHERE action = 'reveal'"
                                " AND record_code = '%s'", code);
    int64_t before = tu_query_int(db, count_sql);
    db_close(db);

    WtClient *c = client_as(ROLE_MANAGER);
    char *path = xasprintf("/people/%s", code);
    WtResp r = get_page(c, path, 200);
    assert_true(wt_body_has(&r, "19900101-****"));
    assert_false(wt_body_has(&r, "19900101-2385"));
    assert_true(wt_body_has(&r, "Visa personnummer"));
    wt_resp_free(&r);
    char *reveal = xasprintf("/people/%s/personnummer", code);
    r = wt_post(c, reveal, (const char *const[]){NULL});
    assert_int_equal(r.status, 200);
    wt_assert_page(&r, true);
    assert_true(wt_body_has(&r, "19900101-2385"));
    wt_resp_free(&r);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, count_sql), before + 1);
    db_close(db);
    /* without the form's token: refused, nothing shown */
    r = wt_post(c, reveal, (const char *const[]){"csrf", "0", NULL});
    assert_int_equal(r.status, 403);
    assert_false(wt_body_has(&r, "19900101-2385"));
    wt_resp_free(&r);
    wt_client_free(c);

    WtClient *reader = client_as(ROLE_READER);
    r = wt_get(reader, "/records");
    wt_resp_free(&r);
    r = wt_post(reader, reveal, (const char *const[]){NULL});
    assert_int_equal(r.status, 403);
    assert_false(wt_body_has(&r, "19900101-2385"));
    wt_resp_free(&r);
    wt_client_free(reader);

    /* the coordinator of the first organisation, the person of the last one */
    WtClient *coord = client_as(ROLE_COORDINATOR);
    r = wt_get(coord, path);
    assert_int_equal(r.status, 404);
    wt_resp_free(&r);
    r = wt_get(coord, "/activities");
    wt_resp_free(&r);
    r = wt_post(coord, reveal, (const char *const[]){NULL});
    assert_int_equal(r.status, 404);
    assert_false(wt_body_has(&r, "19900101-2385"));
    wt_resp_free(&r);
    wt_client_free(coord);
    db = wt_db(srv);
    assert_int_equal(tu_query_int(db, count_sql), before + 1);
    db_close(db);
    free(reveal);
    free(path);
    free(count_sql);
}

/* The audit trail page: a change made through the forms is there with who made it and what
 * changed; the filters apply; a bad date is said on the page; an economist may not read it. */
static void test_audit_page(void **state)
{
    (void)state;
    WtClient *c = client_as(ROLE_MANAGER);
    WtResp r = get_page(c, "/organisations/new", 200);
    wt_resp_free(&r);
    r = wt_post(c, "/organisations/new",
                (const char *const[]){"id", "auditorg", "name", "Granskade kommun", "kind",
                                      "municipality", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = get_page(c, "/organisations/auditorg/edit", 200);
    wt_resp_free(&r);
    r = wt_post(c, "/organisations/auditorg/edit",
                (const char *const[]){"name", "Granskade stad", "kind", "municipality", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = get_page(c, "/audit?kind=organisation", 200);
    assert_true(wt_body_has(&r, "auditorg"));
    assert_true(wt_body_has(&r, "<del>Granskade kommun</del> → <ins>Granskade stad</ins>"));
    assert_true(wt_body_has(&r, "Ändrad"));
    assert_true(wt_body_has(&r, "Skapad"));
    wt_resp_free(&r);
    r = get_page(c, "/audit?kind=organisation&user=ingen-sadan", 200);
    assert_false(wt_body_has(&r, "auditorg"));
    wt_resp_free(&r);
    r = get_page(c, "/audit?from=inte-ett-datum", 200);
    assert_true(wt_body_has(&r, "role=\"alert\""));
    wt_resp_free(&r);
    /* A person's entries name them: the administrator, who keeps the accounts and reads no
     * people, sees who changed which record and when, but not the values; the manager sees
     * them. The project's frame (an organisation) the administrator sees whole. */
    r = get_page(c, "/people/new", 200);
    wt_resp_free(&r);
    r = wt_post(c, "/people/new",
                (const char *const[]){"id", "pgransk", "name", "Greta Granskad", "gender",
                                      "female", "organisation", "alvby", NULL});
    assert_int_equal(r.status, 303);
    wt_resp_free(&r);
    r = get_page(c, "/audit?kind=person", 200);
    assert_true(wt_body_has(&r, "Greta Granskad"));
    wt_resp_free(&r);
    wt_client_free(c);
    WtClient *admin = client_as(ROLE_ADMIN);
    r = get_page(admin, "/audit?kind=person", 200);
    assert_true(wt_body_has(&r, "pgransk"));
    assert_false(wt_body_has(&r, "Greta Granskad"));
    assert_true(wt_body_has(&r, "Värdena visas inte för din roll"));
    wt_resp_free(&r);
    r = get_page(admin, "/audit?kind=organisation", 200);
    assert_true(wt_body_has(&r, "<del>Granskade kommun</del> → <ins>Granskade stad</ins>"));
    wt_resp_free(&r);
    wt_client_free(admin);
    WtClient *eco = client_as(ROLE_ECONOMIST);
    r = wt_get(eco, "/audit");
    assert_int_equal(r.status, 403);
    wt_resp_free(&r);
    wt_client_free(eco);
}

/* A survey's individual responses carry each respondent's organisation and gender, which
 * beside the attendance could name them: every role — the manager too — gets the survey's
 * results instead, suppressed as the reports suppress them, on the survey's page. */
static void test_survey_results_not_responses(void **state)
{
    (void)state;
    Db *db = wt_db(srv);
    /* the survey with the fewest responses (so that cells of its results are suppressed), and
     * one of them */
    sqlite3_stmt *st = db_prepare(db, "SELECT s.code FROM survey s JOIN response r"
                                      " ON r.survey_id = s.id GROUP BY s.id"
                                      " ORDER BY count(*), s.code LIMIT 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char survey[64], response[64];
    snprintf(survey, sizeof survey, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    char *sql = xasprintf("SELECT r.code FROM response r JOIN survey s ON s.id = r.survey_id"
                          " WHERE s.code = '%s' ORDER BY r.code LIMIT 1", survey);
    st = db_prepare(db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(response, sizeof response, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    free(sql);
    db_close(db);
    char *path = xasprintf("/surveys/%s", survey);
    char *cell = xasprintf("<td>%s</td>", response);
    static const Role blind[] = {ROLE_MANAGER, ROLE_READER, ROLE_EVALUATOR};
    for (size_t i = 0; i < sizeof blind / sizeof *blind; i++) {
        WtClient *c = client_as(blind[i]);
        WtResp r = get_page(c, path, 200);
        assert_false(wt_body_has(&r, cell));
        assert_true(wt_body_has(&r, "Resultat per fråga"));
        assert_true(wt_body_has(&r, "färre än 5 svar"));
        wt_resp_free(&r);
        wt_client_free(c);
    }
    free(cell);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_page_for_a_manager),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_form_rejects_bad_input),
        cmocka_unit_test(test_delete_refused_with_reason),
        cmocka_unit_test(test_delete_asks_first),
        cmocka_unit_test(test_person_page_lists),
        cmocka_unit_test(test_csv_download_neutralised),
        cmocka_unit_test(test_names_in_lists_and_downloads),
        cmocka_unit_test(test_session_forms),
        cmocka_unit_test(test_trainer_sessions),
        cmocka_unit_test(test_budget_forms),
        cmocka_unit_test(test_meeting_and_group_items),
        cmocka_unit_test(test_questions_and_goal_values),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_attendance_forty),
        cmocka_unit_test(test_attendance_search_keeps_marks),
        cmocka_unit_test(test_budget_and_narratives),
        cmocka_unit_test(test_csv_upload),
        cmocka_unit_test(test_csv_upload_coordinator),
        cmocka_unit_test(test_csv_upload_cp1252),
        cmocka_unit_test(test_reveal_personnummer),
        cmocka_unit_test(test_audit_page),
        cmocka_unit_test(test_attendance_frozen),
        cmocka_unit_test(test_survey_results_not_responses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
