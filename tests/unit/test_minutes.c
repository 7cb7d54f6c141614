/* test_minutes.c — the minutes JSON (minutes.c, docs/report-format.md "Minutes"): every field
 * of a held meeting with a guest, agenda, decisions and actions; a cancelled meeting without
 * a group; the unknown-meeting message; no personnummer anywhere; and which meeting is "next"
 * (same group, later date, not cancelled) in a small bundle of the test's own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "minutes.h"
#include "testutil.h"
#include "util.h"

/* The database with bundle-min.json imported; fx->project is its project. */
typedef TuDb Fx;

static int setup(void **state)
{
    Fx *fx = tu_db_new("minutes");
    *state = fx;
    if (!fx)
        return -1;
    tu_import_fixture(fx->db, "bundle-min.json", NULL);
    fx->project = tu_project_id(fx->db, "kompetens-vrmland");
    return 0;
}

static int teardown(void **state)
{
    return tu_db_free(*state);
}

/* The minutes of a meeting as compact JSON text, keys in their order: comparing the text
 * checks every value and the documented key order at once. Caller frees. */
static char *minutes_text(Fx *fx, int64_t project_id, const char *code)
{
    json_t *m = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = minutes_build(fx->db, tu_manager(), project_id, code, &m, &errs);
    errs_print(&errs, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(errs_total(&errs), 0);
    errs_free(&errs);
    assert_non_null(m);
    char *s = json_dumps(m, JSON_COMPACT);
    json_decref(m);
    return s;
}

/* JSON written in this file with ' for " (to be readable in C literals) parsed. No text
 * of these documents holds an apostrophe. New reference. */
static json_t *parse_quoted(const char *text)
{
    char *json = xstrdup(text);
    for (char *p = json; *p; p++)
        if (*p == '\'')
            *p = '"';
    json_error_t e;
    json_t *v = json_loads(json, 0, &e);
    if (!v)
        fprintf(stderr, "test JSON: line %d: %s\n", e.line, e.text);
    free(json);
    return v;
}

/* Normalises an expected document written by hand (any spacing) to the compact form. */
static char *compact(const char *json)
{
    json_t *v = parse_quoted(json);
    assert_non_null(v);
    char *s = json_dumps(v, JSON_COMPACT);
    json_decref(v);
    return s;
}

static void assert_minutes(Fx *fx, int64_t project_id, const char *code, const char *expected)
{
    char *got = minutes_text(fx, project_id, code);
    char *want = compact(expected);
    assert_string_equal(got, want);
    free(want);
    free(got);
}

static void test_held_meeting(void **state)
{
    Fx *fx = *state;
    assert_minutes(fx, fx->project, "m1",
        "{'report': 'minutes',"
        " 'project': {'id': 'kompetens-vrmland', 'name': 'Kompetenslyft Värmland',"
        "  'diarienummer': '2011-3060029'},"
        " 'meeting': {'id': 'm1', 'title': 'Styrgruppsmöte 1',"
        "  'group': {'id': 'styr', 'name': 'Styrgrupp', 'kind': 'steering'},"
        "  'date': '2012-03-05', 'start': '13:00', 'end': '15:30',"
        "  'place': 'Kommunhuset, Sunne', 'status': 'held', 'cancel_reason': null,"
        "  'notes_by': 'Anna Andersson',"
        "  'attendees': ["
        "   {'name': 'Bertil Berg', 'organisation': 'Torsby kommun', 'status': 'present',"
        "    'guest': false},"
        "   {'name': 'Anna Andersson', 'organisation': 'Sunne kommun', 'status': 'excused',"
        "    'guest': false},"
        "   {'name': 'Eva Gäst', 'organisation': 'Svenska ESF-rådet', 'status': 'present',"
        "    'guest': true}],"
        "  'agenda': ["
        "   {'number': 1, 'title': 'Föregående protokoll', 'presenter': null,"
        "    'presenter_organisation': null,"
        "    'notes': null, 'decisions': ['Protokollet läggs till handlingarna']},"
        "   {'number': 2, 'title': 'Lägesrapport', 'presenter': 'Bertil Berg',"
        "    'presenter_organisation': 'Torsby kommun',"
        "    'notes': 'Arbetet går enligt plan', 'decisions': []}],"
        "  'actions': ["
        "   {'id': 'x1', 'text': 'Skicka inbjudan till kick-off', 'owner': 'Bertil Berg',"
        "    'due': '2012-03-20', 'status': 'done'},"
        "   {'id': 'x2', 'text': 'Boka lokal', 'owner': null, 'due': null,"
        "    'status': 'open'}]},"
        " 'next_meeting': null}");
}

/* A coordinator of Sunne reads the minutes of m1 with Sunne's people named, Bertil of Torsby
 * left unnamed wherever he appears (attendee, presenter, action owner) but still counted as
 * present from Torsby, the guest kept; a reader gets no minutes. */
static void test_scoped_minutes(void **state)
{
    Fx *fx = *state;
    Actor coord = {.role = ROLE_COORDINATOR, .user_id = 7};
    coord.organisation_id = tu_query_int(fx->db, "SELECT id FROM organisation"
                                                 " WHERE code = 'sunne'");
    json_t *m = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(minutes_build(fx->db, &coord, fx->project, "m1", &m, &errs), INSATS_OK);
    char *text = json_dumps(m, JSON_COMPACT);
    assert_null(strstr(text, "Bertil"));
    free(text);
    const json_t *meeting = json_object_get(m, "meeting");
    text = json_dumps(meeting, JSON_COMPACT);
    char *want = compact(
        "{'id': 'm1', 'title': 'Styrgruppsmöte 1',"
        " 'group': {'id': 'styr', 'name': 'Styrgrupp', 'kind': 'steering'},"
        " 'date': '2012-03-05', 'start': '13:00', 'end': '15:30',"
        " 'place': 'Kommunhuset, Sunne', 'status': 'held', 'cancel_reason': null,"
        " 'notes_by': 'Anna Andersson',"
        " 'attendees': ["
        "  {'name': null, 'organisation': 'Torsby kommun', 'status': 'present', 'guest': false},"
        "  {'name': 'Anna Andersson', 'organisation': 'Sunne kommun', 'status': 'excused',"
        "   'guest': false},"
        "  {'name': 'Eva Gäst', 'organisation': 'Svenska ESF-rådet', 'status': 'present',"
        "   'guest': true}],"
        " 'agenda': ["
        "  {'number': 1, 'title': 'Föregående protokoll', 'presenter': null,"
        "   'presenter_organisation': null,"
        "   'notes': null, 'decisions': ['Protokollet läggs till handlingarna']},"
        "  {'number': 2, 'title': 'Lägesrapport', 'presenter': null,"
        "   'presenter_organisation': null,"
        "   'notes': 'Arbetet går enligt plan', 'decisions': []}],"
        " 'actions': ["
        "  {'id': 'x1', 'text': 'Skicka inbjudan till kick-off', 'owner': null,"
        "   'due': '2012-03-20', 'status': 'done'},"
        "  {'id': 'x2', 'text': 'Boka lokal', 'owner': null, 'due': null,"
        "   'status': 'open'}],"
        " 'names_withheld': 3}");
    assert_string_equal(text, want);
    free(text);
    free(want);
    json_decref(m);

    /* Torsby's coordinator sees Bertil and not Anna. */
    coord.organisation_id = tu_query_int(fx->db, "SELECT id FROM organisation"
                                                 " WHERE code = 'torsby'");
    assert_int_equal(minutes_build(fx->db, &coord, fx->project, "m1", &m, &errs), INSATS_OK);
    text = json_dumps(m, JSON_COMPACT);
    assert_non_null(strstr(text, "Bertil Berg"));
    assert_null(strstr(text, "Anna"));
    free(text);
    json_decref(m);

    for (Role r = ROLE_READER; r <= ROLE_EVALUATOR; r++) {
        Actor reader = {.role = r};
        assert_int_equal(minutes_build(fx->db, &reader, fx->project, "m1", &m, &errs),
                         INSATS_EFORBIDDEN);
        assert_null(m);
    }
    assert_non_null(strstr(errs.msgs[0], "not the names of people"));
    errs_free(&errs);
}

static void test_cancelled_meeting(void **state)
{
    Fx *fx = *state;
    assert_minutes(fx, fx->project, "m2",
        "{'report': 'minutes',"
        " 'project': {'id': 'kompetens-vrmland', 'name': 'Kompetenslyft Värmland',"
        "  'diarienummer': '2011-3060029'},"
        " 'meeting': {'id': 'm2', 'title': 'Styrgruppsmöte 2', 'group': null,"
        "  'date': '2012-05-07', 'start': null, 'end': null, 'place': null,"
        "  'status': 'cancelled', 'cancel_reason': 'För få anmälda', 'notes_by': null,"
        "  'attendees': [], 'agenda': [], 'actions': []},"
        " 'next_meeting': null}");
}

static void test_unknown_meeting(void **state)
{
    Fx *fx = *state;
    json_t *m = json_object();   /* must be replaced by NULL on failure */
    json_t *keep = m;
    Errs errs;
    errs_init(&errs);
    int rc = minutes_build(fx->db, tu_manager(), fx->project, "m99", &m, &errs);
    assert_int_equal(rc, INSATS_EINPUT);
    assert_null(m);
    assert_int_equal(errs_total(&errs), 1);
    assert_string_equal(errs.msgs[0], "no meeting \"m99\" in project kompetens-vrmland"
                                      " (`insats list meetings` shows them)");
    errs_free(&errs);
    json_decref(keep);
}

/* Minutes carry names, never a personnummer: p1 has one stored; none of its digits in any
 * form may appear (the masked form would also be a leak of the birth date). */
static void test_no_personnummer(void **state)
{
    Fx *fx = *state;
    char *s = minutes_text(fx, fx->project, "m1");
    assert_null(strstr(s, "18900101"));
    assert_null(strstr(s, "900101"));
    assert_null(strstr(s, "9802"));
    assert_null(strstr(s, "personnummer"));
    free(s);
}

/* A project of the test's own: group "lg" with a held, a cancelled, a planned and a later
 * held meeting; another group's meeting and a meeting without a group in between. */
static const char NEXT_BUNDLE[] =
    "{'format': 'insats-bundle', 'version': 1,"
    " 'project': {'id': 'nasta', 'name': 'Nästa möte', 'start': '2013-01-01',"
    "  'end': '2013-12-31'},"
    " 'organisations': [{'id': 'o', 'name': 'Arvika kommun', 'kind': 'municipality'}],"
    " 'groups': [{'id': 'lg', 'name': 'Ledningsgrupp', 'kind': 'project', 'members': []},"
    "  {'id': 'fg', 'name': 'Fokusgrupp', 'kind': 'focus', 'members': []}],"
    " 'meetings': ["
    "  {'id': 'a', 'title': 'LG 1', 'group': 'lg', 'date': '2013-01-10', 'status': 'held'},"
    "  {'id': 'b', 'title': 'LG 2', 'group': 'lg', 'date': '2013-02-01',"
    "   'status': 'cancelled', 'cancel_reason': 'Sjukdom'},"
    "  {'id': 'e', 'title': 'FG 1', 'group': 'fg', 'date': '2013-01-20', 'status': 'held'},"
    "  {'id': 'f', 'title': 'Infomöte', 'date': '2013-01-15', 'status': 'held'},"
    "  {'id': 'c', 'title': 'LG 3', 'group': 'lg', 'date': '2013-03-01',"
    "   'start': '10:00', 'end': '12:00', 'place': 'Stadshuset, Arvika', 'status': 'planned'},"
    "  {'id': 'd', 'title': 'LG 4', 'group': 'lg', 'date': '2013-04-01', 'status': 'held'}]}";

/* The next_meeting member of a meeting's minutes, compact. Caller frees. */
static char *next_of(Fx *fx, int64_t project_id, const char *code)
{
    json_t *m = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(minutes_build(fx->db, tu_manager(), project_id, code, &m, &errs), INSATS_OK);
    errs_free(&errs);
    char *s = json_dumps(json_object_get(m, "next_meeting"), JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(m);
    return s;
}

static void test_next_meeting(void **state)
{
    Fx *fx = *state;
    json_t *root = parse_quoted(NEXT_BUNDLE);
    assert_non_null(root);
    tu_import_json(fx->db, root, "nasta.json", NULL);
    json_decref(root);
    int64_t pid = tu_project_id(fx->db, "nasta");

    static const struct { const char *meeting, *next; } cases[] = {
        /* skips the cancelled b, the other group's e and the group-less f */
        {"a", "{'id':'c','date':'2013-03-01','start':'10:00','end':'12:00',"
              "'place':'Stadshuset, Arvika'}"},
        /* a cancelled meeting's minutes still point to the next one */
        {"b", "{'id':'c','date':'2013-03-01','start':'10:00','end':'12:00',"
              "'place':'Stadshuset, Arvika'}"},
        {"c", "{'id':'d','date':'2013-04-01','start':null,'end':null,'place':null}"},
        {"d", "null"},                      /* the last of its group */
        {"e", "null"},                      /* alone in its group */
        {"f", "null"},                      /* no group: no series to continue */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = next_of(fx, pid, cases[i].meeting);
        char *want = strcmp(cases[i].next, "null") == 0 ? xstrdup("null")
                                                         : compact(cases[i].next);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "meeting %s: next %s, want %s\n", cases[i].meeting, got, want);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }

    /* Meeting codes are per project: "m1" of the other project is unknown here. */
    json_t *m = NULL;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(minutes_build(fx->db, tu_manager(), pid, "m1", &m, &errs), INSATS_EINPUT);
    assert_null(m);
    assert_string_equal(errs.msgs[0],
                        "no meeting \"m1\" in project nasta (`insats list meetings` shows them)");
    errs_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_held_meeting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scoped_minutes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancelled_meeting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_meeting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_personnummer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_meeting, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
