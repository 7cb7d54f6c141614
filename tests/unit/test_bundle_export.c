/* test_bundle_export.c — the bundle export (bundle_export.c): determinism, the documented key
 * order with every optional key present, exact money/hours/fraction numbers, personnummer
 * only on request, and the code filter that `show` uses. The data is inserted with SQL, in
 * an order different from the ids', so that sorting is exercised. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "bundle.h"
#include "db.h"
#include "secret.h"
#include "testutil.h"
#include "util.h"

/* A valid personnummer (check digit right) of no real person. */
#define PNR "199001012385"

/* Split in pieces: one string literal may not exceed 4095 bytes in ISO C. */
static const char *const FIXTURE[] = {
    "INSERT INTO project (id, code, name, diarienummer, owner_org_id, start_date, end_date,"
    " planned_participants) VALUES (1, 'esf1', 'Kompetenslyft', '2011-3060029', 1,"
    " '2011-01-01', '2013-12-31', 300);"
    "INSERT INTO phase VALUES (1, 1, 2, 'Genomförande', '2011-07-01', '2013-06-30'),"
    " (2, 1, 1, 'Mobilisering', '2011-01-01', '2011-06-30');"
    "INSERT INTO reporting_period VALUES (1, 1, 2, '2011-07-01', '2011-12-31'),"
    " (2, 1, 1, '2011-01-01', '2011-06-30');"
    "INSERT INTO competence_area VALUES (1, 1, 2, 'Ledarskap'), (2, 1, 1, 'IT');"
    "INSERT INTO organisation VALUES (1, 1, 'sunne', 'Sunne kommun', 'municipality', 'SE', 35000),"
    " (2, 1, 'arvika', 'Arvika kommun', 'municipality', 'SE', NULL),"
    " (3, 1, 'kau', 'Karlstads universitet', 'university', 'SE', 45050);"
    "INSERT INTO person (id, project_id, code, name, gender, organisation_id, unit, role, email)"
    " VALUES (1, 1, 'p2', 'Anna Berg', 'female', 1, 'Socialförvaltningen', 'Handläggare',"
    " 'anna@example.se'), (2, 1, 'p1', 'Bo Ek', 'male', 2, NULL, NULL, NULL),"
    " (3, 1, 'p3', 'Cia Dahl', 'female', 1, NULL, NULL, NULL);"
    "INSERT INTO grp VALUES (1, 1, 'styr', 'Styrgrupp', 'steering');"
    "INSERT INTO membership VALUES (1, 1, 2, '2011-01-01', NULL, 'ordförande'),"
    " (2, 1, 1, NULL, NULL, NULL);"
    "INSERT INTO intervention (id, project_id, code, title, start_date, planned_participants,"
    " completed_on, counts_participants)"
    " VALUES (1, 1, 'utb', 'Utbildningsinsatser', '2011-02-01', 200, '2011-03-08', 1);"
    "INSERT INTO proposal (id, project_id, code, title, area_id, organisation_id, unit,"
    " description, submitted, estimated_participants, status)"
    " VALUES (1, 1, 'f1', 'IT-kurs', 2, 1, 'Soc', NULL, '2011-02-01', 10, 'approved');"
    "INSERT INTO proposal_event (id, proposal_id, position, event_date, status, by_person_id, note)"
    " VALUES (1, 1, 2, '2011-02-10', 'approved', NULL, 'OK'),"
    " (2, 1, 1, '2011-02-01', 'submitted', 1, NULL);"
    "INSERT INTO activity (id, project_id, code, intervention_id, proposal_id, title, kind,"
    " area_id, supplier, venue, planned_participants, status, cost_ore) VALUES (1, 1, 'a2', 1, NULL, 'Föreläsning', 'lecture', NULL, NULL, NULL,"
    " NULL, 'planned', NULL),"
    " (2, 1, 'a1', 1, 1, 'Ledarskap 1', 'training', 1, 'KAU', 'Sunne', 20, 'held', 1250000);"
    "INSERT INTO activity_organisation VALUES (2, 1), (2, 2);"
    "INSERT INTO session VALUES (1, 2, 's2', '2011-03-08', '09:00', '12:00', 300),"
    " (2, 2, 's1', '2011-03-01', '09:00', '16:30', 750);"
    "INSERT INTO attendance VALUES (1, 1, 1), (1, 2, 0), (2, 3, 1), (2, 1, 1), (2, 2, 1);"
    "INSERT INTO survey VALUES (1, 1, 'e1', 'Utvärdering', 'after_activity', 2, '2011-03-09',"
    " NULL, NULL, 1);"
    "INSERT INTO question VALUES (1, 1, 'q2', 2, 'Användbart?', 'yes_no', 2),"
    " (2, 1, 'q1', 1, 'Nytta', 'scale5', 3), (3, 1, 'q3', 3, 'Kommentar', 'text', 2);"
    "INSERT INTO response VALUES (1, 1, 'r2', NULL, NULL, NULL), (2, 1, 'r1', 1, 'female', NULL);"
    "INSERT INTO answer VALUES (2, 1, 1, NULL), (2, 3, NULL, 'Bra'), (2, 2, 4, NULL),"
    " (1, 2, 2, NULL);"
    "INSERT INTO certificate (id, project_id, code, person_id, activity_id, title, issued,"
    " verification) VALUES (1, 1, 'c1', 1, 2, 'Intyg Ledarskap', '2011-03-10', 'K7QM2XR9TD');"
    "INSERT INTO goal (id, project_id, code, position, title, measure_kind,"
    " target_c, comparison, unit) VALUES (1, 1, 'g2', 2, 'Nöjdhet', 'manual', 8000,"
    " '>=', 'percent'), (2, 1, 'g1', 1, '200 deltagare', 'participants', 20000, '>=',"
    " 'count');"
    "INSERT INTO goal_value (goal_id, measured_on, value_c, source)"
    " VALUES (1, '2011-06-30', 8550, 'SCB'), (1, '2011-01-31', 7000, NULL);"
    ,
    "INSERT INTO budget_category VALUES (1, 1, 'pers', 2, 'Personal'), (2, 1, 'ext', 1, 'Externa');"
    "INSERT INTO budget_version VALUES (1, 1, 'v2', 2, 'Revision', '2012-01-01', 'Ny plan'),"
    " (2, 1, 'v1', 1, 'Beviljad', '2011-01-01', NULL);"
    "INSERT INTO budget_line VALUES (2, 1, 2011, 100000000), (2, 2, 2011, 34950),"
    " (1, 2, 2012, 10);"
    "INSERT INTO cost_entry VALUES (1, 1, 'k4', '2011-03-04', 1, -34950, 'Korrigering', NULL, NULL),"
    " (2, 1, 'k1', '2011-03-01', 2, 1250000, 'Kursavgift', 2, 'V123'),"
    " (3, 1, 'k3', '2011-03-03', 1, 5, NULL, NULL, NULL),"
    " (4, 1, 'k2', '2011-03-02', 2, 34950, 'Fika', NULL, NULL);"
    "INSERT INTO deviation VALUES (1, 1, 'd1', '2011-05-01', 'time', 'Försenad start', 1,"
    " '2011-05-10', 'Ny tidplan');"
    "INSERT INTO meeting VALUES (1, 1, 'm1', 1, 'Styrgruppsmöte', '2011-02-15', '13:00', '15:00',"
    " 'Sunne', 'held', NULL, 1);"
    "INSERT INTO meeting_attendee VALUES (1, 1, 2, NULL, 'Gäst', 'ESF-rådet', 'excused'),"
    " (2, 1, 1, 1, NULL, NULL, 'present');"
    "INSERT INTO agenda_item VALUES (1, 1, 2, 'Övrigt', NULL, 'Inget'),"
    " (2, 1, 1, 'Ekonomi', 'Anna', NULL);"
    "INSERT INTO decision VALUES (1, 2, 2, 'Nästa möte i maj'), (2, 2, 1, 'Budget godkänd');"
    "INSERT INTO action_item VALUES (1, 1, 'x1', 'Skicka protokoll', 1, '2011-02-20', 'open');"
    "INSERT INTO dissemination VALUES (1, 1, 'n1', '2011-04-01', 'newsletter', 'Nyhetsbrev 1',"
    " NULL);"
    "INSERT INTO narrative (id, project_id, period, section, text) VALUES (1, 1, NULL, 'sammanfattning', 'Slut'),"
    " (2, 1, 1, 'jamstalldhet', 'Jämt'), (3, 1, 1, 'fungerat_bra', 'Bra');",
    NULL,
};

/* The database with FIXTURE inserted and p2's personnummer stored. */
typedef TuDb Fx;

static int setup(void **state)
{
    Fx *fx = tu_db_new("export");
    *state = fx;
    if (!fx)
        return -1;
    tu_exec_all(fx->db, FIXTURE);
    tu_set_pnr(fx->db, "p2", PNR);
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

static json_t *export_json(Fx *fx, bool with_pnr)
{
    Errs errs;
    errs_init(&errs);
    json_t *root = NULL;
    int rc = bundle_export_json(fx->db, 1, with_pnr, &root, &errs);
    if (rc != INSATS_OK)
        errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_non_null(root);
    errs_free(&errs);
    return root;
}

/* The object's keys, in order, joined with spaces. */
static void assert_keys(const json_t *obj, const char *want)
{
    assert_true(json_is_object(obj));
    Buf b = {0};
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        (void)v;
        buf_printf(&b, "%s%s", b.len ? " " : "", key);
    }
    assert_string_equal(b.data ? b.data : "", want);
    buf_free(&b);
}

static int dump_to_buf(const char *text, size_t size, void *ctx)
{
    buf_append(ctx, text, size);
    return 0;
}

/* The whole tree in the bundle layout, as one string (caller frees). */
static char *dump_text(const json_t *v)
{
    Buf b = {0};
    assert_int_equal(bundle_dump(v, 0, dump_to_buf, &b), 0);
    return buf_steal(&b);
}

/* Two exports of the same data are byte-identical, indented, and end in a newline. */
static void test_deterministic_file(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    char *p1 = xasprintf("%s/one.json", fx->dir), *p2 = xasprintf("%s/two.json", fx->dir);
    assert_int_equal(bundle_export_file(fx->db, 1, false, p1, &errs), INSATS_OK);
    assert_int_equal(bundle_export_file(fx->db, 1, false, p2, &errs), INSATS_OK);
    char *a = tu_slurp(p1, NULL), *b = tu_slurp(p2, NULL);
    assert_string_equal(a, b);
    assert_true(strncmp(a, "{\n  \"format\": \"insats-bundle\",\n  \"version\": 1,\n", 46) == 0);
    size_t n = strlen(a);
    assert_true(n > 2 && a[n - 1] == '\n' && a[n - 2] == '}');
    /* Fractions print short, never as 0.10000000000000001. */
    assert_non_null(strstr(a, "\"budget_tolerance\": 0.1,"));
    assert_non_null(strstr(a, "\"certificate_threshold\": 0.8,"));
    assert_null(strstr(a, "0000000"));
    /* No personnummer and no masked ones either. */
    assert_null(strstr(a, "personnummer"));
    assert_null(strstr(a, "19900101"));
    /* It parses back to the same tree. */
    json_error_t jerr;
    json_t *parsed = json_loads(a, 0, &jerr);
    assert_non_null(parsed);
    json_t *built = export_json(fx, false);
    assert_true(json_equal(parsed, built));
    json_decref(parsed);
    json_decref(built);
    free(a);
    free(b);
    free(p1);
    free(p2);
    errs_free(&errs);
}

static void test_top_level_and_project(void **state)
{
    json_t *root = export_json(*state, false);
    assert_keys(root, "format version project organisations people groups interventions "
                      "proposals activities surveys certificates goals budget deviations "
                      "meetings dissemination narratives");
    json_t *p = json_object_get(root, "project");
    assert_keys(p, "id name diarienummer owner start end planned_participants phases "
                   "reporting_periods competence_areas budget_tolerance certificate_threshold "
                   "proposal_intake");
    tu_assert_json(json_object_get(p, "owner"), "\"sunne\"");
    /* Positional lists come in their stored order, not their insertion order. */
    tu_assert_json(json_object_get(p, "phases"),
                   "[{\"name\":\"Mobilisering\",\"start\":\"2011-01-01\",\"end\":\"2011-06-30\"},"
                   "{\"name\":\"Genomförande\",\"start\":\"2011-07-01\",\"end\":\"2013-06-30\"}]");
    tu_assert_json(json_object_get(p, "reporting_periods"),
                   "[{\"number\":1,\"from\":\"2011-01-01\",\"to\":\"2011-06-30\"},"
                   "{\"number\":2,\"from\":\"2011-07-01\",\"to\":\"2011-12-31\"}]");
    tu_assert_json(json_object_get(p, "competence_areas"), "[\"IT\",\"Ledarskap\"]");
    tu_assert_json(json_object_get(p, "proposal_intake"), "{\"paused\":false,\"message\":null,"
                   "\"until\":null}");
    json_decref(root);
}

/* Records sorted by id; every documented optional key present, as null when absent. */
static void test_records_and_null_keys(void **state)
{
    json_t *root = export_json(*state, false);
    tu_assert_json(json_object_get(root, "organisations"),
                   "[{\"id\":\"arvika\",\"name\":\"Arvika kommun\",\"kind\":\"municipality\","
                   "\"country\":\"SE\",\"hourly_cost\":null},"
                   "{\"id\":\"kau\",\"name\":\"Karlstads universitet\",\"kind\":\"university\","
                   "\"country\":\"SE\",\"hourly_cost\":450.5},"
                   "{\"id\":\"sunne\",\"name\":\"Sunne kommun\",\"kind\":\"municipality\","
                   "\"country\":\"SE\",\"hourly_cost\":350}]");
    json_t *people = json_object_get(root, "people");
    assert_int_equal(json_array_size(people), 3);
    tu_assert_json(json_array_get(people, 0),
                   "{\"id\":\"p1\",\"name\":\"Bo Ek\",\"gender\":\"male\","
                   "\"organisation\":\"arvika\","
                   "\"unit\":null,\"role\":null,\"email\":null}");
    tu_assert_json(json_object_get(root, "groups"),
                   "[{\"id\":\"styr\",\"name\":\"Styrgrupp\",\"kind\":\"steering\",\"members\":["
                   "{\"person\":\"p1\",\"from\":\"2011-01-01\",\"to\":null,"
                   "\"role\":\"ordförande\"},"
                   "{\"person\":\"p2\",\"from\":null,\"to\":null,\"role\":null}]}]");
    tu_assert_json(json_object_get(root, "interventions"),
                   "[{\"id\":\"utb\",\"title\":\"Utbildningsinsatser\",\"start\":\"2011-02-01\","
                   "\"planned_participants\":200,\"completed_on\":\"2011-03-08\","
                   "\"counts_participants\":true}]");
    tu_assert_json(json_object_get(root, "proposals"),
                   "[{\"id\":\"f1\",\"title\":\"IT-kurs\",\"area\":\"IT\","
                   "\"organisation\":\"sunne\","
                   "\"unit\":\"Soc\",\"target_group\":null,\"description\":null,"
                   "\"submitted\":\"2011-02-01\",\"estimated_participants\":10,"
                   "\"estimated_hours\":null,\"estimated_cost\":null,\"wished_period\":null,"
                   "\"submitted_by\":null,\"status\":\"approved\",\"history\":["
                   "{\"date\":\"2011-02-01\",\"status\":\"submitted\",\"by\":\"p2\",\"note\":null,"
                   "\"by_login\":null,\"by_name\":null,\"at\":null},"
                   "{\"date\":\"2011-02-10\",\"status\":\"approved\",\"by\":null,"
                   "\"note\":\"OK\",\"by_login\":null,\"by_name\":null,\"at\":null}]}]");
    json_t *acts = json_object_get(root, "activities");
    assert_int_equal(json_array_size(acts), 2);
    tu_assert_json(json_array_get(acts, 0),
                   "{\"id\":\"a1\",\"title\":\"Ledarskap 1\",\"intervention\":\"utb\","
                   "\"proposal\":\"f1\",\"kind\":\"training\",\"area\":\"Ledarskap\","
                   "\"organisations\":[\"arvika\",\"sunne\"],\"supplier\":\"KAU\","
                   "\"venue\":\"Sunne\","
                   "\"planned_participants\":20,\"status\":\"held\",\"cost\":12500,\"gives_certificates\":true,\"sessions\":["
                   "{\"id\":\"s1\",\"date\":\"2011-03-01\",\"start\":\"09:00\",\"end\":\"16:30\","
                   "\"hours\":7.5},"
                   "{\"id\":\"s2\",\"date\":\"2011-03-08\",\"start\":\"09:00\",\"end\":\"12:00\","
                   "\"hours\":3}],"
                   "\"attendance\":["
                   "{\"person\":\"p1\",\"session\":\"s1\",\"present\":true},"
                   "{\"person\":\"p2\",\"session\":\"s1\",\"present\":true},"
                   "{\"person\":\"p3\",\"session\":\"s1\",\"present\":true},"
                   "{\"person\":\"p1\",\"session\":\"s2\",\"present\":false},"
                   "{\"person\":\"p2\",\"session\":\"s2\",\"present\":true}]}");
    tu_assert_json(json_array_get(acts, 1),
                   "{\"id\":\"a2\",\"title\":\"Föreläsning\",\"intervention\":\"utb\","
                   "\"proposal\":null,\"kind\":\"lecture\",\"area\":null,\"organisations\":[],"
                   "\"supplier\":null,\"venue\":null,\"planned_participants\":null,"
                   "\"status\":\"planned\",\"cost\":null,\"gives_certificates\":true,\"sessions\":[],\"attendance\":[]}");
    tu_assert_json(json_object_get(root, "surveys"),
                   "[{\"id\":\"e1\",\"title\":\"Utvärdering\",\"kind\":\"after_activity\","
                   "\"activity\":\"a1\",\"date\":\"2011-03-09\",\"closes\":null,"
                   "\"one_per_browser\":true,\"link\":null,\"questions\":["
                   "{\"id\":\"q1\",\"text\":\"Nytta\",\"type\":\"scale5\",\"threshold\":3},"
                   "{\"id\":\"q2\",\"text\":\"Användbart?\",\"type\":\"yes_no\",\"threshold\":2},"
                   "{\"id\":\"q3\",\"text\":\"Kommentar\",\"type\":\"text\",\"threshold\":2}],"
                   "\"responses\":["
                   "{\"id\":\"r1\",\"organisation\":\"sunne\",\"gender\":\"female\","
                   "\"answered_on\":null,\"answers\":"
                   "{\"q1\":4,\"q2\":true,\"q3\":\"Bra\"}},"
                   "{\"id\":\"r2\",\"organisation\":null,\"gender\":null,"
                   "\"answered_on\":null,\"answers\":{\"q1\":2}}]}]");
    tu_assert_json(json_object_get(root, "certificates"),
                   "[{\"id\":\"c1\",\"title\":\"Intyg Ledarskap\",\"person\":\"p2\","
                   "\"activity\":\"a1\",\"issued\":\"2011-03-10\",\"basis\":\"attendance\","
                   "\"reason\":null,\"withdrawn\":null,\"withdrawn_reason\":null,"
                   "\"verification\":\"K7QM2XR9TD\"}]");
    tu_assert_json(json_object_get(root, "goals"),
                   "[{\"id\":\"g1\",\"title\":\"200 deltagare\",\"description\":null,\"measure\":"
                   "{\"kind\":\"participants\",\"organisation\":null,\"gender\":null,"
                   "\"intervention\":null,\"group\":null,\"survey\":null,\"survey_kind\":null,"
                   "\"question\":null,\"min\":null,\"values\":null},"
                   "\"target\":200,\"comparison\":\">=\",\"unit\":\"count\"},"
                   "{\"id\":\"g2\",\"title\":\"Nöjdhet\",\"description\":null,\"measure\":"
                   "{\"kind\":\"manual\",\"organisation\":null,\"gender\":null,"
                   "\"intervention\":null,\"group\":null,\"survey\":null,\"survey_kind\":null,"
                   "\"question\":null,\"min\":null,\"values\":["
                   "{\"date\":\"2011-01-31\",\"value\":70,\"source\":null},"
                   "{\"date\":\"2011-06-30\",\"value\":85.5,\"source\":\"SCB\"}]},"
                   "\"target\":80,\"comparison\":\">=\",\"unit\":\"percent\"}]");
    tu_assert_json(json_object_get(root, "deviations"),
                   "[{\"id\":\"d1\",\"date\":\"2011-05-01\",\"area\":\"time\","
                   "\"description\":\"Försenad start\",\"reported_to_funder\":true,"
                   "\"reported_date\":\"2011-05-10\",\"measures\":\"Ny tidplan\"}]");
    tu_assert_json(json_object_get(root, "meetings"),
                   "[{\"id\":\"m1\",\"title\":\"Styrgruppsmöte\",\"group\":\"styr\","
                   "\"date\":\"2011-02-15\",\"start\":\"13:00\",\"end\":\"15:00\","
                   "\"place\":\"Sunne\","
                   "\"status\":\"held\",\"cancel_reason\":null,\"notes_by\":\"p2\",\"attendees\":["
                   "{\"person\":\"p2\",\"name\":null,\"organisation\":null,\"status\":\"present\"},"
                   "{\"person\":null,\"name\":\"Gäst\",\"organisation\":\"ESF-rådet\","
                   "\"status\":\"excused\"}],"
                   "\"agenda\":["
                   "{\"title\":\"Ekonomi\",\"presenter\":\"Anna\",\"notes\":null,\"decisions\":"
                   "[\"Budget godkänd\",\"Nästa möte i maj\"]},"
                   "{\"title\":\"Övrigt\",\"presenter\":null,\"notes\":\"Inget\","
                   "\"decisions\":[]}],"
                   "\"actions\":[{\"id\":\"x1\",\"text\":\"Skicka protokoll\",\"owner\":\"p2\","
                   "\"due\":\"2011-02-20\",\"status\":\"open\"}]}]");
    tu_assert_json(json_object_get(root, "dissemination"),
                   "[{\"id\":\"n1\",\"title\":\"Nyhetsbrev 1\",\"date\":\"2011-04-01\","
                   "\"channel\":\"newsletter\",\"audience\":null}]");
    tu_assert_json(json_object_get(root, "narratives"),
                   "[{\"period\":1,\"section\":\"fungerat_bra\",\"text\":\"Bra\"},"
                   "{\"period\":1,\"section\":\"jamstalldhet\",\"text\":\"Jämt\"},"
                   "{\"period\":null,\"section\":\"sammanfattning\",\"text\":\"Slut\"}]");
    json_decref(root);
}

/* Money: whole kronor as integers, else exactly two decimals' worth; negative corrections. */
static void test_money(void **state)
{
    json_t *root = export_json(*state, false);
    json_t *budget = json_object_get(root, "budget");
    assert_keys(budget, "categories versions costs");
    tu_assert_json(json_object_get(budget, "categories"),
                   "[{\"id\":\"ext\",\"name\":\"Externa\"},{\"id\":\"pers\","
                   "\"name\":\"Personal\"}]");
    tu_assert_json(json_object_get(budget, "versions"),
                   "[{\"id\":\"v1\",\"name\":\"Beviljad\",\"date\":\"2011-01-01\",\"reason\":null,"
                   "\"lines\":[{\"category\":\"ext\",\"year\":2011,\"amount\":349.5},"
                   "{\"category\":\"pers\",\"year\":2011,\"amount\":1000000}]},"
                   "{\"id\":\"v2\",\"name\":\"Revision\",\"date\":\"2012-01-01\",\"reason\":\"Ny "
                   "plan\","
                   "\"lines\":[{\"category\":\"ext\",\"year\":2012,\"amount\":0.1}]}]");
    tu_assert_json(json_object_get(budget, "costs"),
                   "[{\"id\":\"k1\",\"date\":\"2011-03-01\",\"category\":\"ext\",\"amount\":12500,"
                   "\"text\":\"Kursavgift\",\"activity\":\"a1\",\"voucher\":\"V123\"},"
                   "{\"id\":\"k2\",\"date\":\"2011-03-02\",\"category\":\"ext\",\"amount\":349.5,"
                   "\"text\":\"Fika\",\"activity\":null,\"voucher\":null},"
                   "{\"id\":\"k3\",\"date\":\"2011-03-03\",\"category\":\"pers\",\"amount\":0.05,"
                   "\"text\":null,\"activity\":null,\"voucher\":null},"
                   "{\"id\":\"k4\",\"date\":\"2011-03-04\",\"category\":\"pers\",\"amount\":-349.5,"
                   "\"text\":\"Korrigering\",\"activity\":null,\"voucher\":null}]");
    json_decref(root);
    /* Every two-decimal amount prints back exactly. */
    for (int64_t ore = -100000; ore <= 100000; ore += 7) {
        json_t *v = bundle_hundredths(ore);
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        char want[32];
        if (ore % 100 == 0) {
            snprintf(want, sizeof want, "%lld", (long long)(ore / 100));
        } else {
            long long a = ore < 0 ? -ore : ore;
            snprintf(want, sizeof want, "%s%lld.%02lld", ore < 0 ? "-" : "", a / 100, a % 100);
            if (want[strlen(want) - 1] == '0')
                want[strlen(want) - 1] = '\0';
        }
        assert_string_equal(s, want);
        free(s);
        json_decref(v);
    }
}

/* Personnummer: absent without the flag, in full with it, null for a person without one. */
static void test_personnummer(void **state)
{
    json_t *root = export_json(*state, false);
    json_t *people = json_object_get(root, "people");
    for (size_t i = 0; i < json_array_size(people); i++)
        assert_null(json_object_get(json_array_get(people, i), "personnummer"));
    json_decref(root);

    root = export_json(*state, true);
    people = json_object_get(root, "people");
    assert_keys(json_array_get(people, 1),
                "id name gender organisation unit role email personnummer");
    tu_assert_json(json_object_get(json_array_get(people, 1), "personnummer"), "\"19900101-2385\"");
    tu_assert_json(json_object_get(json_array_get(people, 0), "personnummer"), "null");
    json_decref(root);
}

/* The single-record form that `show` uses: same object as in the whole export. */
static void test_section_filter(void **state)
{
    Fx *fx = *state;
    Errs errs;
    errs_init(&errs);
    json_t *root = export_json(fx, false);
    json_t *one = NULL;
    assert_int_equal(bundle_export_section(fx->db, 1, "activities", "a1", BUNDLE_PNR_NONE, &one,
                                           &errs), INSATS_OK);
    assert_int_equal(json_array_size(one), 1);
    assert_true(json_equal(json_array_get(one, 0),
                           json_array_get(json_object_get(root, "activities"), 0)));
    json_decref(one);
    assert_int_equal(bundle_export_section(fx->db, 1, "people", "p2", BUNDLE_PNR_MASKED, &one,
                                           &errs), INSATS_OK);
    tu_assert_json(json_object_get(json_array_get(one, 0), "personnummer"), "\"19900101-****\"");
    json_decref(one);
    assert_int_equal(bundle_export_section(fx->db, 1, "costs", "k3", BUNDLE_PNR_NONE, &one,
                                           &errs), INSATS_OK);
    assert_int_equal(json_array_size(one), 1);
    json_decref(one);
    assert_int_equal(bundle_export_section(fx->db, 1, "meetings", "nope", BUNDLE_PNR_NONE, &one,
                                           &errs), INSATS_OK);
    assert_int_equal(json_array_size(one), 0);
    json_decref(one);
    assert_int_equal(bundle_export_section(fx->db, 1, "nonsense", NULL, BUNDLE_PNR_NONE, &one,
                                           &errs), INSATS_EUSAGE);
    assert_null(one);
    json_decref(root);
    errs_free(&errs);
}

/* An empty project exports every section, empty. */
static void test_empty_project(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "INSERT INTO project (id, code, name, start_date, end_date)"
                     " VALUES (2, 'tom', 'Tomt', '2020-01-01', '2020-12-31')");
    Errs errs;
    errs_init(&errs);
    json_t *root = NULL;
    assert_int_equal(bundle_export_json(fx->db, 2, true, &root, &errs), INSATS_OK);
    tu_assert_json(json_object_get(root, "people"), "[]");
    tu_assert_json(json_object_get(root, "budget"),
                   "{\"categories\":[],\"versions\":[],\"costs\":[]}");
    tu_assert_json(json_object_get(json_object_get(root, "project"), "owner"), "null");
    json_decref(root);
    tu_exec(fx->db, "DELETE FROM project WHERE id = 2");
    errs_free(&errs);
}

/* A personnummer sealed with another key is an error, not garbage or a silent null. */
static void test_wrong_key(void **state)
{
    Fx *fx = *state;
    char *other = xasprintf("%s/other.key", fx->dir);
    const char *why = NULL;
    assert_int_equal(secret_create(other, &why), 0);
    Db *db2 = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(db_open(fx->path, other, DB_OPEN_EXISTING, &db2, &errs), INSATS_OK);
    json_t *root = NULL;
    assert_int_equal(bundle_export_json(db2, 1, true, &root, &errs), INSATS_ESTORAGE);
    assert_null(root);
    assert_int_equal(errs_total(&errs), 1);
    /* The key is refused by its fingerprint before any personnummer is tried. */
    assert_non_null(strstr(errs.msgs[0], "belongs to another database"));
    assert_null(strstr(errs.msgs[0], "2385"));
    errs_free(&errs);
    /* Without personnummer the key is not even needed. */
    assert_int_equal(bundle_export_json(db2, 1, false, &root, &errs), INSATS_OK);
    json_decref(root);
    db_close(db2);
    free(other);
    errs_free(&errs);
}

/* The file is streamed in pieces of activities; its bytes must be exactly those of the tree
 * dumped whole. 450 activities make three pieces, with attendance in each. */
static void test_stream_equals_tree(void **state)
{
    Fx *fx = *state;
    tu_exec(fx->db, "BEGIN;"
        "INSERT INTO project (id, code, name, start_date, end_date)"
        " VALUES (3, 'many', 'Många', '2020-01-01', '2020-12-31');"
        "INSERT INTO organisation VALUES (30, 3, 'o', 'Org', 'other', 'SE', NULL);"
        "INSERT INTO person (id, project_id, code, name, gender, organisation_id)"
        " VALUES (30, 3, 'x1', 'X', 'other', 30), (31, 3, 'x0', 'Y', 'unknown', 30);"
        "INSERT INTO intervention (id, project_id, code, title) VALUES (30, 3, 'i', 'I');"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 450)"
        " INSERT INTO activity (id, project_id, code, intervention_id, title, kind, status)"
        " SELECT 1000 + i, 3, printf('b%d', i), 30, 'T' || i, 'other', 'held' FROM n;"
        "INSERT INTO session (id, activity_id, code, session_date, hours_c)"
        " SELECT id, id, 's', '2020-02-02', 125 FROM activity WHERE project_id = 3;"
        "INSERT INTO attendance SELECT s.id, p.id, (s.id + p.id) % 2 FROM session s, person p"
        " WHERE p.project_id = 3 AND s.id >= 1000;"
        "COMMIT;");
    Errs errs;
    errs_init(&errs);
    char *path = xasprintf("%s/many.json", fx->dir);
    for (int pid = 1; pid <= 3; pid += 2) {
        json_t *root = NULL;
        assert_int_equal(bundle_export_json(fx->db, pid, pid == 1, &root, &errs), INSATS_OK);
        char *whole = dump_text(root);
        assert_int_equal(bundle_export_file(fx->db, pid, pid == 1, path, &errs), INSATS_OK);
        char *file = tu_slurp(path, NULL);
        size_t n = strlen(whole);
        assert_int_equal(strlen(file), n + 1);
        assert_true(memcmp(file, whole, n) == 0);
        assert_int_equal(file[n], '\n');
        if (pid == 3)
            assert_int_equal(json_array_size(json_object_get(root, "activities")), 450);
        else
            assert_non_null(strstr(file, "\"personnummer\": \"19900101-2385\""));
        free(file);
        free(whole);
        json_decref(root);
    }
    free(path);
    errs_free(&errs);
    tu_exec(fx->db, "DELETE FROM attendance WHERE session_id >= 1000;"
                     "DELETE FROM session WHERE id >= 1000; DELETE FROM activity WHERE id >= 1000;"
                     "DELETE FROM person WHERE project_id = 3; DELETE FROM project WHERE id = 3;");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic_file),
        cmocka_unit_test(test_top_level_and_project),
        cmocka_unit_test(test_records_and_null_keys),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_personnummer),
        cmocka_unit_test(test_section_filter),
        cmocka_unit_test(test_empty_project),
        cmocka_unit_test(test_wrong_key),
        cmocka_unit_test(test_stream_equals_tree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
