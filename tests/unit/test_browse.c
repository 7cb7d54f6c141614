/* test_browse.c — `list` and `show` in the core (browse.c): columns and filters of lists,
 * the errors for unknown kinds, filters, statuses, organisations and ids, the summaries of
 * show, and personnummer that only ever appear masked. Data is inserted with SQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "db.h"
#include "kinds.h"
#include "testutil.h"
#include "util.h"

static const char *const FIXTURE[] = {
    "INSERT INTO project (id, code, name, diarienummer, owner_org_id, start_date, end_date)"
    " VALUES (1, 'esf1', 'Kompetenslyft', '2011-3060029', 1, '2011-01-01', '2013-12-31');"
    "INSERT INTO reporting_period VALUES (1, 1, 2, '2011-07-01', '2011-12-31'),"
    " (2, 1, 1, '2011-01-01', '2011-06-30');"
    "INSERT INTO organisation VALUES (1, 1, 'sunne', 'Sunne kommun', 'municipality', 'SE', NULL),"
    " (2, 1, 'arvika', 'Arvika kommun', 'municipality', 'SE', NULL);"
    "INSERT INTO person (id, project_id, code, name, gender, organisation_id, unit)"
    " VALUES (1, 1, 'p2', 'Anna Berg', 'female', 1, 'Soc'), (2, 1, 'p1', 'Bo Ek', 'male', 2, NULL),"
    " (3, 1, 'p3', 'Cia Dahl', 'female', 1, NULL);"
    "INSERT INTO grp VALUES (1, 1, 'styr', 'Styrgrupp', 'steering');"
    "INSERT INTO membership VALUES (1, 1, 2, '2011-01-01', NULL, NULL),"
    " (2, 1, 1, '2011-01-01', '2011-02-01', NULL);"
    "INSERT INTO intervention (id, project_id, code, title, start_date, planned_participants,"
    " completed_on, counts_participants) VALUES (1, 1, 'utb', 'Utbildning', NULL, 200, NULL, 1),"
    " (2, 1, 'tn', 'Transnationellt', NULL, NULL, '2011-05-31', 1);"
    "INSERT INTO proposal (id, project_id, code, title, area_id, organisation_id, unit,"
    " description, submitted, estimated_participants, status) VALUES (1, 1, 'f1', 'IT-kurs', NULL, 1, NULL, NULL, '2011-02-01', NULL,"
    " 'approved'), (2, 1, 'f2', 'Excel', NULL, 2, NULL, NULL, '2011-02-03', NULL, 'submitted');",
    "INSERT INTO activity (id, project_id, code, intervention_id, proposal_id, title, kind,"
    " area_id, supplier, venue, planned_participants, status, cost_ore) VALUES (1, 1, 'a2', 2, NULL, 'Studieresa', 'study_visit', NULL, NULL,"
    " NULL, NULL, 'planned', NULL),"
    " (2, 1, 'a1', 1, 1, 'Ledarskap', 'training', NULL, NULL, NULL, 20, 'held', 1250000);"
    "INSERT INTO activity_organisation VALUES (2, 2);"
    "INSERT INTO session VALUES (1, 2, 's2', '2011-03-08', NULL, NULL, 300),"
    " (2, 2, 's1', '2011-03-01', '09:00', '16:30', 750), (3, 1, 's1', '2011-09-01', NULL, NULL, 800);"
    "INSERT INTO attendance VALUES (1, 1, 1), (1, 2, 0), (2, 3, 1), (2, 1, 1), (2, 2, 1);"
    "INSERT INTO survey VALUES (1, 1, 'e1', 'Utvärdering', 'after_activity', 2, NULL, NULL, NULL,"
    " 1);"
    "INSERT INTO question VALUES (1, 1, 'q1', 1, 'Nytta', 'scale5', 2);"
    "INSERT INTO response VALUES (1, 1, 'r1', NULL, NULL, NULL);"
    "INSERT INTO certificate (id, project_id, code, person_id, activity_id, title, issued)"
    " VALUES (1, 1, 'c1', 1, 2, 'Intyg', '2011-03-10');"
    "INSERT INTO goal (id, project_id, code, position, title, measure_kind, target_c)"
    " VALUES (1, 1, 'g1', 1, 'Deltagare', 'participants', 20000);"
    "INSERT INTO budget_category VALUES (1, 1, 'ext', 1, 'Externa');"
    "INSERT INTO cost_entry VALUES (1, 1, 'k4', '2011-03-04', 1, -34950, 'Korrigering', NULL, NULL),"
    " (2, 1, 'k3', '2011-03-03', 1, 5, NULL, NULL, NULL),"
    " (3, 1, 'k1', '2011-05-01', 1, 1250000, 'Kurs', 2, 'V1');"
    "INSERT INTO deviation VALUES (1, 1, 'd1', '2011-05-01', 'time', 'Sent', 0, NULL, NULL);"
    "INSERT INTO meeting VALUES (1, 1, 'm1', 1, 'Styrgrupp 1', '2011-02-15', NULL, NULL, NULL,"
    " 'held', NULL, 1), (2, 1, 'm2', 1, 'Styrgrupp 2', '2011-06-15', NULL, NULL, NULL,"
    " 'cancelled', 'Sjukdom', NULL);"
    "INSERT INTO meeting_attendee VALUES (1, 1, 1, 1, NULL, NULL, 'present'),"
    " (2, 1, 2, NULL, 'Gäst', NULL, 'present'), (3, 1, 3, 2, NULL, NULL, 'absent');"
    "INSERT INTO agenda_item VALUES (1, 1, 1, 'Ekonomi', NULL, NULL);"
    "INSERT INTO decision VALUES (1, 1, 1, 'Godkänt'), (2, 1, 2, 'Nästa möte');"
    "INSERT INTO action_item VALUES (1, 1, 'x1', 'Protokoll', 1, NULL, 'open'),"
    " (2, 1, 'x2', 'Lokal', NULL, NULL, 'done');"
    "INSERT INTO dissemination VALUES (1, 1, 'n1', '2011-04-01', 'web', 'Webbsida', NULL);",
    NULL,
};

/* The database with FIXTURE inserted. */
typedef TuDb Fx;

static int setup(void **state)
{
    Fx *fx = tu_db_new("browse");
    *state = fx;
    if (!fx)
        return -1;
    tu_exec_all(fx->db, FIXTURE);
    /* p2 (id 1) has a personnummer, sealed as the import does it. */
    tu_set_pnr(fx->db, "p2", "199001012385");
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

/* The rows of a list as one text: cells joined by '|', rows by '\n' (header included). */
static int collect(void *ctx, int ncols, const char *const *values)
{
    Buf *b = ctx;
    for (int i = 0; i < ncols; i++)
        buf_printf(b, "%s%s", i ? "|" : "", values[i]);
    buf_putc(b, '\n');
    return 0;
}

/* Runs a list and returns its status; the text goes to *text (caller frees), the first
 * message (if any) to *msg (caller frees). */
static int list(Fx *fx, const char *kind, const BrowseFilter *f, char **text, char **msg)
{
    Buf b = {0};
    Errs errs;
    errs_init(&errs);
    int rc = browse_list(fx->db, tu_manager(), strcmp(kind, "projects") == 0 ? 0 : 1, kind, f, collect, &b,
                         &errs);
    *text = b.data ? buf_steal(&b) : xstrdup("");
    *msg = errs.count ? xstrdup(errs.msgs[0]) : NULL;
    errs_free(&errs);
    buf_free(&b);
    return rc;
}

static void expect_list(Fx *fx, const char *kind, const BrowseFilter *f, const char *want)
{
    char *text = NULL, *msg = NULL;
    assert_int_equal(list(fx, kind, f, &text, &msg), INSATS_OK);
    if (strcmp(text, want) != 0)
        fprintf(stderr, "got:\n%swant:\n%s", text, want);
    assert_string_equal(text, want);
    free(text);
    free(msg);
}

/* Expects an error status and a message containing `part`. */
static void expect_list_error(Fx *fx, const char *kind, const BrowseFilter *f, int want_rc,
                              const char *part)
{
    char *text = NULL, *msg = NULL;
    assert_int_equal(list(fx, kind, f, &text, &msg), want_rc);
    assert_non_null(msg);
    if (!strstr(msg, part))
        fprintf(stderr, "message: %s\n", msg);
    assert_non_null(strstr(msg, part));
    free(text);
    free(msg);
}

static void test_list_activities(void **state)
{
    Fx *fx = *state;
    const char *header = "id|date|title|kind|status|intervention|intervention_name|sessions|people_marked_present\n";
    const char *a1 = "a1|2011-03-01|Ledarskap|training|held|utb|Utbildning|2|3\n";
    const char *a2 = "a2|2011-09-01|Studieresa|study_visit|planned|tn|Transnationellt|1|0\n";
    char *all = xasprintf("%s%s%s", header, a1, a2);
    char *only1 = xasprintf("%s%s", header, a1);
    char *only2 = xasprintf("%s%s", header, a2);
    expect_list(fx, "activities", NULL, all);
    expect_list(fx, "activities", &(BrowseFilter){.status = "held"}, only1);
    expect_list(fx, "activities", &(BrowseFilter){.organisation = "arvika"}, only1);
    expect_list(fx, "activities", &(BrowseFilter){.organisation = "sunne"}, header);
    expect_list(fx, "activities", &(BrowseFilter){.intervention = "tn"}, only2);
    /* By session dates: a1's second session is in the window, a2's only one is not. */
    expect_list(fx, "activities", &(BrowseFilter){.from = "2011-03-05", .to = "2011-08-31"},
                only1);
    expect_list(fx, "activities", &(BrowseFilter){.from = "2011-03-09"}, only2);
    expect_list(fx, "activities", &(BrowseFilter){.to = "2011-03-01"}, only1);
    expect_list(fx, "activities", &(BrowseFilter){.limit = 1}, only1);
    free(all);
    free(only1);
    free(only2);
}

static void test_list_other_kinds(void **state)
{
    Fx *fx = *state;
    expect_list(fx, "projects", NULL,
                "id|name|diarienummer|start|end\n"
                "esf1|Kompetenslyft|2011-3060029|2011-01-01|2013-12-31\n");
    expect_list(fx, "organisations", NULL,
                "id|name|kind|country|people\n"
                "arvika|Arvika kommun|municipality|SE|1\nsunne|Sunne kommun|municipality|SE|2\n");
    expect_list(fx, "proposals", &(BrowseFilter){.status = "submitted"},
                "id|submitted|title|organisation|organisation_name|unit|status\n"
                "f2|2011-02-03|Excel|arvika|Arvika kommun||submitted\n");
    expect_list(fx, "proposals", &(BrowseFilter){.organisation = "sunne"},
                "id|submitted|title|organisation|organisation_name|unit|status\n"
                "f1|2011-02-01|IT-kurs|sunne|Sunne kommun||approved\n");
    expect_list(fx, "sessions", &(BrowseFilter){.intervention = "utb"},
                "activity|session|date|start|end|hours|present|absent|activity_name\n"
                "a1|s1|2011-03-01|09:00|16:30|7.50|3|0|Ledarskap\n"
                "a1|s2|2011-03-08|||3.00|1|1|Ledarskap\n");
    /* Costs by date; amounts exact with two decimals, negative corrections too. */
    expect_list(fx, "costs", NULL,
                "id|date|category|category_name|amount|text|activity|activity_name|voucher\n"
                "k3|2011-03-03|ext|Externa|0.05||||\n"
                "k4|2011-03-04|ext|Externa|-349.50|Korrigering|||\n"
                "k1|2011-05-01|ext|Externa|12500.00|Kurs|a1|Ledarskap|V1\n");
    expect_list(fx, "costs", &(BrowseFilter){.from = "2011-03-04", .to = "2011-04-30"},
                "id|date|category|category_name|amount|text|activity|activity_name|voucher\n"
                "k4|2011-03-04|ext|Externa|-349.50|Korrigering|||\n");
    expect_list(fx, "meetings", &(BrowseFilter){.status = "held"},
                "id|date|title|group|group_name|status|present\n"
                "m1|2011-02-15|Styrgrupp 1|styr|Styrgrupp|held|2\n");
    expect_list(fx, "meetings", &(BrowseFilter){.from = "2011-03-01"},
                "id|date|title|group|group_name|status|present\n"
                "m2|2011-06-15|Styrgrupp 2|styr|Styrgrupp|cancelled|0\n");
    expect_list(fx, "goals", NULL,
                "id|title|measure|target|comparison|unit\n"
                "g1|Deltagare|participants|200|>=|count\n"); /* a count is whole */
    expect_list(fx, "groups", NULL, "id|name|kind|members\nstyr|Styrgrupp|steering|2\n");
    expect_list(fx, "interventions", NULL,
                "id|title|start|planned|completed|activities\n"
                "tn|Transnationellt|||2011-05-31|1\nutb|Utbildning||200|no|1\n");
    expect_list(fx, "surveys", NULL,
                "id|date|title|kind|activity|activity_name|questions|responses\n"
                "e1||Utvärdering|after_activity|a1|Ledarskap|1|1\n");
    expect_list(fx, "certificates", &(BrowseFilter){.organisation = "arvika"},
                "id|issued|title|person|person_name|activity|activity_name|withdrawn\n");
    expect_list(fx, "deviations", NULL, "id|date|area|reported|description\n"
                                        "d1|2011-05-01|time|no|Sent\n");
    expect_list(fx, "dissemination", NULL, "id|date|channel|title|audience\n"
                                           "n1|2011-04-01|web|Webbsida|\n");
}

/* People: the personnummer column is masked, never in full. */
static void test_list_people_masked(void **state)
{
    Fx *fx = *state;
    const char *want = "id|name|gender|organisation|organisation_name|unit|personnummer\n"
                       "p1|Bo Ek|male|arvika|Arvika kommun||\n"
                       "p2|Anna Berg|female|sunne|Sunne kommun|Soc|19900101-****\n"
                       "p3|Cia Dahl|female|sunne|Sunne kommun||\n";
    expect_list(fx, "people", NULL, want);
    expect_list(fx, "people", &(BrowseFilter){.organisation = "sunne", .limit = 1},
                "id|name|gender|organisation|organisation_name|unit|personnummer\n"
                "p2|Anna Berg|female|sunne|Sunne kommun|Soc|19900101-****\n");
}

static void test_list_errors(void **state)
{
    Fx *fx = *state;
    expect_list_error(fx, "activitys", NULL, INSATS_EUSAGE,
                      "unknown kind \"activitys\"; did you mean \"activity\"? (one of projects, "
                      "organisations, people");
    expect_list_error(fx, "widgets", NULL, INSATS_EUSAGE,
                      "list: unknown kind \"widgets\" (one of projects, organisations, people");
    expect_list_error(fx, "people", &(BrowseFilter){.status = "held"}, INSATS_EUSAGE,
                      "--status is not a filter of people (these are: --organisation --limit)");
    expect_list_error(fx, "goals", &(BrowseFilter){.from = "2011-01-01"}, INSATS_EUSAGE,
                      "--from is not a filter of goals");
    expect_list_error(fx, "activities", &(BrowseFilter){.status = "done"}, INSATS_EUSAGE,
                      "\"done\" is not one of planned, booked, held, cancelled");
    expect_list_error(fx, "meetings", &(BrowseFilter){.status = "cancelld"}, INSATS_EUSAGE,
                      "\"cancelld\" is not one of planned, held, cancelled; did you mean "
                      "\"cancelled\"?");
    expect_list_error(fx, "people", &(BrowseFilter){.organisation = "karlstad"}, INSATS_EINPUT,
                      "--organisation: no organisation \"karlstad\" in project esf1 "
                      "(`insats list organisations` shows them)");
    expect_list_error(fx, "activities", &(BrowseFilter){.intervention = "x"}, INSATS_EINPUT,
                      "no intervention \"x\"");
    const char *const *kinds = kinds_names(KINDS_LIST, true);
    size_t n = 0;
    while (kinds[n])
        n++;
    assert_int_equal(n, 15);
    assert_string_equal(kinds[0], "projects");
    assert_string_equal(kinds[14], "dissemination");
}

/* A callback's non-zero return stops the listing without an error. */
static int stop_after_header(void *ctx, int ncols, const char *const *values)
{
    (void)ncols;
    (void)values;
    (*(int *)ctx)++;
    return 1;
}

static void test_list_stop(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    int calls = 0;
    assert_int_equal(browse_list(fx->db, tu_manager(), 1, "people", NULL, stop_after_header, &calls, &errs),
                     INSATS_OK);
    assert_int_equal(calls, 1);
    errs_free(&errs);
}

static json_t *show(Fx *fx, const char *kind, const char *code)
{
    Errs errs;
    errs_init(&errs);
    json_t *out = NULL;
    int rc = browse_show(fx->db, tu_manager(), 1, kind, code, &out, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    errs_free(&errs);
    return out;
}

static void test_show_activity(void **state)
{
    json_t *a = show(*state, "activity", "a1");
    tu_assert_json(json_object_get(a, "id"), "\"a1\"");
    assert_int_equal(json_array_size(json_object_get(a, "attendance")), 5);
    tu_assert_json(json_object_get(a, "_summary"),
                   "{\"first_date\":\"2011-03-01\",\"last_date\":\"2011-03-08\",\"sessions\":2,"
                   "\"hours\":10.5,\"people_marked_present\":3,\"absences\":1}");
    /* The record is the export's record: the same keys before the summary. */
    Errs errs;
    errs_init(&errs);
    json_t *arr = NULL;
    assert_int_equal(bundle_export_section(((Fx *)*state)->db, 1, "activities", "a1",
                                           BUNDLE_PNR_NONE, &arr, &errs), INSATS_OK);
    json_object_del(a, "_summary");
    json_object_del(a, "_names");
    assert_true(json_equal(a, json_array_get(arr, 0)));
    json_decref(arr);
    json_decref(a);
    /* A planned activity: no attendance yet. */
    a = show(*state, "activities", "a2");
    tu_assert_json(json_object_get(a, "_summary"),
                   "{\"first_date\":\"2011-09-01\",\"last_date\":\"2011-09-01\",\"sessions\":1,"
                   "\"hours\":8,\"people_marked_present\":0,\"absences\":0}");
    json_decref(a);
    errs_free(&errs);
}

static void test_show_person_masked(void **state)
{
    json_t *p = show(*state, "person", "p2");
    tu_assert_json(json_object_get(p, "personnummer"), "\"19900101-****\"");
    tu_assert_json(json_object_get(p, "_summary"),
                   "{\"activities_marked_present\":1,\"sessions_marked_present\":2,"
                   "\"hours_marked_present\":10.5,\"certificates\":1,"
                   "\"attendance\":[{\"date\":\"2011-03-08\",\"activity\":\"a1\","
                   "\"activity_title\":\"Ledarskap\",\"session\":\"s2\",\"hours\":3,"
                   "\"present\":true},{\"date\":\"2011-03-01\",\"activity\":\"a1\","
                   "\"activity_title\":\"Ledarskap\",\"session\":\"s1\",\"hours\":7.5,"
                   "\"present\":true}],"
                   "\"certificates_issued\":[{\"id\":\"c1\",\"title\":\"Intyg\","
                   "\"issued\":\"2011-03-10\",\"activity\":\"a1\","
                   "\"activity_title\":\"Ledarskap\",\"withdrawn\":null}],"
                   "\"groups\":[{\"id\":\"styr\",\"name\":\"Styrgrupp\",\"role\":null,"
                   "\"from\":\"2011-01-01\",\"to\":\"2011-02-01\"}]}");
    char *all = json_dumps(p, JSON_COMPACT);
    assert_null(strstr(all, "2385"));
    free(all);
    json_decref(p);
    p = show(*state, "person", "p1");
    tu_assert_json(json_object_get(p, "personnummer"), "null");
    json_decref(p);
}

static void test_show_project_and_others(void **state)
{
    json_t *p = show(*state, "project", NULL);
    tu_assert_json(json_object_get(p, "id"), "\"esf1\"");
    json_t *s = json_object_get(p, "_summary");
    tu_assert_json(json_object_get(s, "people"), "3");
    tu_assert_json(json_object_get(s, "activities"), "2");
    tu_assert_json(json_object_get(s, "sessions"), "3");
    tu_assert_json(json_object_get(s, "attendance"), "5");
    tu_assert_json(json_object_get(s, "costs"), "3");
    tu_assert_json(json_object_get(s, "meetings"), "2");
    tu_assert_json(json_object_get(s, "reporting_periods"),
                   "[{\"number\":1,\"from\":\"2011-01-01\",\"to\":\"2011-06-30\","
                   "\"report_id\":\"2011-3060029-001\"},"
                   "{\"number\":2,\"from\":\"2011-07-01\",\"to\":\"2011-12-31\","
                   "\"report_id\":\"2011-3060029-002\"}]");
    json_decref(p);

    json_t *m = show(*state, "meeting", "m1");
    tu_assert_json(json_object_get(m, "_summary"),
                   "{\"attendees_present\":2,\"decisions\":2,\"open_actions\":1}");
    json_decref(m);
    json_t *i = show(*state, "intervention", "utb");
    tu_assert_json(json_object_get(i, "_summary"),
                   "{\"activities\":1,\"sessions\":2,\"hours\":10.5,\"people_marked_present\":3}");
    json_decref(i);
    json_t *o = show(*state, "organisation", "arvika");
    tu_assert_json(json_object_get(o, "_summary"),
                   "{\"people\":1,\"activities\":1,\"proposals\":1}");
    json_decref(o);
    json_t *c = show(*state, "cost", "k4");
    tu_assert_json(c, "{\"id\":\"k4\",\"date\":\"2011-03-04\",\"category\":\"ext\","
                      "\"amount\":-349.5,\"text\":\"Korrigering\",\"activity\":null,"
                      "\"voucher\":null,\"_names\":{\"category\":\"Externa\"}}");
    json_decref(c);
    json_t *d = show(*state, "dissemination", "n1");
    assert_null(json_object_get(d, "_summary"));
    json_decref(d);
}

/* The summaries count the attendance register, which is not the funder's participant figure:
 * with the intervention not counting participants and the activity cancelled the report has no
 * participants there, and the summaries still say who was marked present — under a name that
 * cannot be mistaken for the report's. */
static void test_show_register_not_participants(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "UPDATE intervention SET counts_participants = 0 WHERE code = 'utb';"
                    "UPDATE activity SET status = 'cancelled' WHERE code = 'a1'");
    json_t *i = show(fx, "intervention", "utb");
    json_t *s = json_object_get(i, "_summary");
    assert_null(json_object_get(s, "participants_present"));
    tu_assert_json(json_object_get(s, "people_marked_present"), "3");
    json_decref(i);
    json_t *a = show(fx, "activity", "a1");
    s = json_object_get(a, "_summary");
    assert_null(json_object_get(s, "participants_present"));
    tu_assert_json(json_object_get(s, "people_marked_present"), "3");
    json_decref(a);
    json_t *p = show(fx, "person", "p2");
    s = json_object_get(p, "_summary");
    assert_null(json_object_get(s, "hours_present"));
    tu_assert_json(json_object_get(s, "hours_marked_present"), "10.5");
    json_decref(p);
    tu_exec(fx->db, "UPDATE intervention SET counts_participants = 1 WHERE code = 'utb';"
                    "UPDATE activity SET status = 'held' WHERE code = 'a1'");
}

static void test_show_errors(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    json_t *out = NULL;
    assert_int_equal(browse_show(fx->db, tu_manager(), 1, "activity", "a999", &out, &errs), INSATS_EINPUT);
    assert_null(out);
    assert_string_equal(errs.msgs[0],
                        "no activity \"a999\" in project esf1 (`insats list activities` shows them)");
    errs_free(&errs);
    assert_int_equal(browse_show(fx->db, tu_manager(), 1, "person", "p9", &out, &errs), INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "`insats list people`"));
    errs_free(&errs);
    assert_int_equal(browse_show(fx->db, tu_manager(), 1, "widget", "w", &out, &errs), INSATS_EUSAGE);
    assert_non_null(strstr(errs.msgs[0], "unknown kind \"widget\" (one of project, organisation"));
    errs_free(&errs);
    assert_int_equal(browse_show(fx->db, tu_manager(), 1, "persn", "p1", &out, &errs), INSATS_EUSAGE);
    assert_non_null(strstr(errs.msgs[0], "did you mean \"person\"?"));
    errs_free(&errs);
    /* Sessions are listed, not shown one by one: the message says what show takes. */
    assert_int_equal(browse_show(fx->db, tu_manager(), 1, "sessions", "s1", &out, &errs), INSATS_EUSAGE);
    assert_non_null(strstr(errs.msgs[0], "sessions cannot be given to `insats show` (it takes "
                                         "project, organisation"));
    errs_free(&errs);
    assert_int_equal(browse_show(fx->db, tu_manager(), 1, "activity", NULL, &out, &errs), INSATS_EUSAGE);
    assert_null(out);
    errs_free(&errs);
}

/* A kind in the singular lists what its plural lists, and show takes the plural too. */
static void test_kinds_either_number(void **state)
{
    Fx *fx = *state;
    char *plural = NULL, *singular = NULL, *msg = NULL;
    assert_int_equal(list(fx, "activities", NULL, &plural, &msg), INSATS_OK);
    assert_int_equal(list(fx, "activity", NULL, &singular, &msg), INSATS_OK);
    assert_string_equal(plural, singular);
    assert_non_null(strstr(plural, "a1|"));
    free(plural);
    free(singular);
    assert_int_equal(list(fx, "person", NULL, &singular, &msg), INSATS_OK);
    assert_non_null(strstr(singular, "p2|Anna Berg"));
    free(singular);
    json_t *p = show(fx, "people", "p2");
    tu_assert_json(json_object_get(p, "name"), "\"Anna Berg\"");
    json_decref(p);
}

/* The count of a list is that of its rows without the limit, with the same filters. */
static void test_count(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    int64_t n = -1;
    assert_int_equal(browse_count(fx->db, tu_manager(), 1, "people", &(BrowseFilter){.limit = 1}, &n, &errs),
                     INSATS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(browse_count(fx->db, tu_manager(), 1, "person", &(BrowseFilter){.organisation = "sunne"},
                                  &n, &errs), INSATS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(browse_count(fx->db, tu_manager(), 1, "sessions", &(BrowseFilter){.from = "2011-03-05"},
                                  &n, &errs), INSATS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(browse_count(fx->db, tu_manager(), 0, "projects", NULL, &n, &errs), INSATS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(errs.count, 0);
    assert_int_equal(browse_count(fx->db, tu_manager(), 1, "goals", &(BrowseFilter){.status = "held"}, &n,
                                  &errs), INSATS_EUSAGE);
    errs_free(&errs);
}

/* A search matches the name without regard to case or accents (not å/ä/ö for a/o); by_name
 * sorts in Swedish order; limit and offset page through the list, and the count ignores
 * them but not the search. */
static void test_search_and_pages(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "INSERT INTO person (id, project_id, code, name, gender, organisation_id)"
            " VALUES (4, 1, 'p4', 'Åsa Öberg', 'female', 2), (5, 1, 'p5', 'Zackarias Berg',"
            " 'male', 2), (6, 1, 'p6', 'Éva Oberg', 'female', 1)");
    expect_list(fx, "people", &(BrowseFilter){.by_name = true, .search = "berg"},
                "id|name|gender|organisation|organisation_name|unit|personnummer\n"
                "p2|Anna Berg|female|sunne|Sunne kommun|Soc|19900101-****\n"
                "p6|Éva Oberg|female|sunne|Sunne kommun||\n"
                "p5|Zackarias Berg|male|arvika|Arvika kommun||\n"
                "p4|Åsa Öberg|female|arvika|Arvika kommun||\n");
    expect_list(fx, "people", &(BrowseFilter){.search = "ÖBERG"},
                "id|name|gender|organisation|organisation_name|unit|personnummer\n"
                "p4|Åsa Öberg|female|arvika|Arvika kommun||\n");
    expect_list(fx, "people", &(BrowseFilter){.search = "eva"},
                "id|name|gender|organisation|organisation_name|unit|personnummer\n"
                "p6|Éva Oberg|female|sunne|Sunne kommun||\n");
    expect_list(fx, "people", &(BrowseFilter){.by_name = true, .limit = 2, .offset = 2},
                "id|name|gender|organisation|organisation_name|unit|personnummer\n"
                "p3|Cia Dahl|female|sunne|Sunne kommun||\n"
                "p6|Éva Oberg|female|sunne|Sunne kommun||\n");
    expect_list(fx, "people", &(BrowseFilter){.by_name = true, .limit = 2, .offset = 4},
                "id|name|gender|organisation|organisation_name|unit|personnummer\n"
                "p5|Zackarias Berg|male|arvika|Arvika kommun||\n"
                "p4|Åsa Öberg|female|arvika|Arvika kommun||\n");
    expect_list(fx, "activities", &(BrowseFilter){.search = "A1"},
                "id|date|title|kind|status|intervention|intervention_name|sessions|people_marked_present\n"
                "a1|2011-03-01|Ledarskap|training|held|utb|Utbildning|2|3\n");
    Errs errs;
    errs_init(&errs);
    int64_t n = -1;
    assert_int_equal(browse_count(fx->db, tu_manager(), 1, "people",
                                  &(BrowseFilter){.search = "berg", .limit = 1, .offset = 1},
                                  &n, &errs), INSATS_OK);
    assert_int_equal(n, 4);
    errs_free(&errs);
    tu_exec(fx->db, "DELETE FROM person WHERE id > 3");
}

/* A search of several words finds the records that hold every one of them, in any order
 * ("Berg Anna" as people write a name in a register); a person is also found by their
 * personnummer, written in any of its usual forms, and only by the whole number. */
static void test_search_words_and_personnummer(void **state)
{
    Fx *fx = *state;
    static const char head[] = "id|name|gender|organisation|organisation_name|unit|personnummer\n";
    static const char anna[] = "p2|Anna Berg|female|sunne|Sunne kommun|Soc|19900101-****\n";
    char *want = xasprintf("%s%s", head, anna);
    expect_list(fx, "people", &(BrowseFilter){.search = "berg anna"}, want);
    expect_list(fx, "people", &(BrowseFilter){.search = "  Anna   BERG "}, want);
    expect_list(fx, "people", &(BrowseFilter){.search = "19900101-2385"}, want);
    expect_list(fx, "people", &(BrowseFilter){.search = "900101-2385"}, want);
    expect_list(fx, "people", &(BrowseFilter){.search = "199001012385"}, want);
    free(want);
    /* every word must be there; a part of a number, or another valid number, finds nobody */
    expect_list(fx, "people", &(BrowseFilter){.search = "berg cia"}, head);
    expect_list(fx, "people", &(BrowseFilter){.search = "19900101"}, head);
    expect_list(fx, "people", &(BrowseFilter){.search = "19900101-2393"}, head);
    /* in any kind: parts of a title, in another order */
    expect_list(fx, "activities", &(BrowseFilter){.search = "skap Led"},
                "id|date|title|kind|status|intervention|intervention_name|sessions|people_marked_present\n"
                "a1|2011-03-01|Ledarskap|training|held|utb|Utbildning|2|3\n");
}

/* show names the records an id refers to, in the shape of the record, and nothing for text
 * that is not an id (a guest's organisation). */
static void test_show_names(void **state)
{
    json_t *a = show(*state, "activity", "a1");
    json_t *names = json_object_get(a, "_names");
    tu_assert_json(json_object_get(names, "intervention"), "\"Utbildning\"");
    tu_assert_json(json_object_get(names, "proposal"), "\"IT-kurs\"");
    tu_assert_json(json_object_get(names, "organisations"), "[\"Arvika kommun\"]");
    json_t *att = json_object_get(names, "attendance");
    assert_int_equal(json_array_size(att), 5);
    json_decref(a);

    json_t *m = show(*state, "meeting", "m1");
    names = json_object_get(m, "_names");
    tu_assert_json(json_object_get(names, "group"), "\"Styrgrupp\"");
    tu_assert_json(json_object_get(names, "notes_by"), "\"Anna Berg\"");
    tu_assert_json(json_object_get(names, "attendees"),
                   "[{\"person\":\"Anna Berg\"},null,{\"person\":\"Bo Ek\"}]");
    tu_assert_json(json_object_get(names, "actions"), "[{\"owner\":\"Anna Berg\"},null]");
    json_decref(m);

    json_t *p = show(*state, "project", NULL);
    tu_assert_json(json_object_get(p, "_names"), "{\"owner\":\"Sunne kommun\"}");
    json_decref(p);
    json_t *c = show(*state, "certificate", "c1");
    tu_assert_json(json_object_get(c, "_names"),
                   "{\"person\":\"Anna Berg\",\"activity\":\"Ledarskap\"}");
    json_decref(c);
    json_t *k = show(*state, "cost", "k1");
    tu_assert_json(json_object_get(k, "_names"),
                   "{\"category\":\"Externa\",\"activity\":\"Ledarskap\"}");
    json_decref(k);
    /* Nothing to name: no key at all. */
    json_t *d = show(*state, "deviation", "d1");
    assert_null(json_object_get(d, "_names"));
    json_decref(d);
}

/* A goal shows what the figures engine says of it on the day: today within the project, its
 * end after it, its start before it. */
static void test_show_goal_figures(void **state)
{
    static const struct {
        const char *today, *as_of, *summary;
    } cases[] = {
        {"2011-02-01", "2011-02-01",
         "{\"as_of\":\"2011-02-01\",\"achieved\":0,\"met\":false,\"suppressed\":false}"},
        {"2011-03-05", "2011-03-05",
         "{\"as_of\":\"2011-03-05\",\"achieved\":3,\"met\":false,\"suppressed\":false}"},
        {"2030-01-01", "2013-12-31",
         "{\"as_of\":\"2013-12-31\",\"achieved\":3,\"met\":false,\"suppressed\":false}"},
        {"2005-01-01", "2011-01-01",
         "{\"as_of\":\"2011-01-01\",\"achieved\":0,\"met\":false,\"suppressed\":false}"},
    };
    const char *saved = getenv("INSATS_TODAY");
    char *keep = saved ? xstrdup(saved) : NULL;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        setenv("INSATS_TODAY", cases[i].today, 1);
        json_t *g = show(*state, "goal", "g1");
        tu_assert_json(json_object_get(g, "_summary"), cases[i].summary);
        json_decref(g);
    }
    if (keep)
        setenv("INSATS_TODAY", keep, 1);
    else
        unsetenv("INSATS_TODAY");
    free(keep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_activities),
        cmocka_unit_test(test_list_other_kinds),
        cmocka_unit_test(test_list_people_masked),
        cmocka_unit_test(test_list_errors),
        cmocka_unit_test(test_list_stop),
        cmocka_unit_test(test_show_activity),
        cmocka_unit_test(test_show_person_masked),
        cmocka_unit_test(test_show_project_and_others),
        cmocka_unit_test(test_show_errors),
        cmocka_unit_test(test_show_register_not_participants),
        cmocka_unit_test(test_kinds_either_number),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_search_and_pages),
        cmocka_unit_test(test_search_words_and_personnummer),
        cmocka_unit_test(test_show_names),
        cmocka_unit_test(test_show_goal_figures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
