/* test_demo.c — unit tests of demo.c: determinism, the small scale's sizes, every ingredient
 * the demo promises, and a walk over the bundle that checks every reference and date. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "report_compute.h"
#include "testutil.h"
#include "minutes.h"
#include "util.h"

static json_t *small;

static int setup(void **state)
{
    (void)state;
    small = demo_bundle(DEMO_SMALL, 42, NULL, NULL);
    return small ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(small);
    return 0;
}

static size_t count(const char *key)
{
    return json_array_size(json_object_get(small, key));
}

/* Within pct per cent of want. */
static void near(size_t got, size_t want, size_t pct)
{
    if (got * 100 < want * (100 - pct) || got * 100 > want * (100 + pct))
        fail_msg("got %zu, want %zu ± %zu %%", got, want, pct);
}

static void test_deterministic(void **state)
{
    (void)state;
    json_t *again = demo_bundle(DEMO_SMALL, 42, NULL, NULL), *other = demo_bundle(DEMO_SMALL, 43, NULL, NULL);
    char *a = json_dumps(small, JSON_INDENT(2)), *b = json_dumps(again, JSON_INDENT(2));
    char *c = json_dumps(other, JSON_INDENT(2));
    assert_string_equal(a, b);
    assert_true(strcmp(a, c) != 0);
    free(a);
    free(b);
    free(c);
    json_decref(again);
    json_decref(other);
}

static size_t attendance_rows(json_t *root)
{
    size_t n = 0, i;
    json_t *a;
    json_array_foreach(json_object_get(root, "activities"), i, a)
        n += json_array_size(json_object_get(a, "attendance"));
    return n;
}

static void test_small_counts(void **state)
{
    (void)state;
    assert_int_equal(count("people"), 1200);
    assert_int_equal(count("activities"), 120);
    near(attendance_rows(small), 10000, 3);
}

static bool has(json_t *arr, const char *key, const char *val)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        const char *s = json_string_value(json_object_get(o, key));
        if (s && strcmp(s, val) == 0)
            return true;
    }
    return false;
}

static bool has_measure(const char *kind, const char *cmp, const char *unit)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(small, "goals"), i, g) {
        if (strcmp(json_string_value(json_object_get(json_object_get(g, "measure"), "kind")), kind) == 0 &&
            (!cmp || strcmp(json_string_value(json_object_get(g, "comparison")), cmp) == 0) &&
            (!unit || strcmp(json_string_value(json_object_get(g, "unit")), unit) == 0))
            return true;
    }
    return false;
}

static void test_ingredients(void **state)
{
    (void)state;
    json_t *acts = json_object_get(small, "activities");
    assert_true(has(acts, "status", "cancelled"));
    assert_true(has(acts, "kind", "study_visit"));
    assert_true(has(acts, "venue", "Reggio Emilia, Italien"));
    json_t *props = json_object_get(small, "proposals");
    assert_true(has(props, "status", "approved"));
    assert_true(has(props, "status", "rejected"));
    assert_true(has(props, "status", "deferred"));
    json_t *surv = json_object_get(small, "surveys");
    assert_true(has(surv, "kind", "after_activity"));
    assert_true(has(surv, "kind", "baseline"));
    assert_true(has(surv, "kind", "follow_up"));
    assert_true(count("certificates") > 0);
    static const char *const kinds[] = {"participants", "certificates", "certified_people", "certified_share",
                                        "group_members", "survey_share", "manual"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        assert_true(has_measure(kinds[i], NULL, NULL));
    assert_true(has_measure("manual", "<=", "percent"));
    json_t *groups = json_object_get(small, "groups");
    assert_true(has(groups, "kind", "steering"));
    assert_true(has(groups, "kind", "ambassadors"));
    assert_true(has(groups, "kind", "focus"));
    json_t *meet = json_object_get(small, "meetings");
    assert_true(has(meet, "status", "cancelled"));
    assert_true(has(json_object_get(small, "organisations"), "kind", "transnational"));
    assert_int_equal(json_array_size(json_object_get(json_object_get(small, "budget"), "versions")), 2);
    assert_true(has(json_object_get(small, "deviations"), "area", "budget"));
    assert_true(has(json_object_get(small, "narratives"), "section", "jamstalldhet"));
    assert_true(has(json_object_get(small, "narratives"), "section", "lardomar"));
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(small, "people"), i, p)
        assert_null(json_object_get(p, "personnummer"));
}

/* ids of one section into a map, failing on duplicates */
static void ids(json_t *arr, Idmap *m)
{
    size_t i;
    json_t *o;
    idmap_init(m);
    json_array_foreach(arr, i, o)
        assert_true(idmap_put(m, json_string_value(json_object_get(o, "id")), 1));
}

static void ref(const Idmap *m, json_t *v)
{
    if (json_is_null(v) || !v)
        return;
    int64_t x;
    if (!idmap_get(m, json_string_value(v), &x))
        fail_msg("unresolved reference %s", json_string_value(v));
}

static int64_t S, E;

static void date_in(json_t *v)
{
    if (!v || json_is_null(v))
        return;
    const char *s = json_string_value(v);
    assert_non_null(s);
    assert_true(date_valid(s));
    int64_t x = date_to_days(s);
    if (x < S || x > E)
        fail_msg("date %s outside the project", s);
}

static void test_references(void **state)
{
    (void)state;
    json_t *pr = json_object_get(small, "project");
    S = date_to_days(json_string_value(json_object_get(pr, "start")));
    E = date_to_days(json_string_value(json_object_get(pr, "end")));
    Idmap org, ppl, grp, iv, prop, act, surv;
    ids(json_object_get(small, "organisations"), &org);
    ids(json_object_get(small, "people"), &ppl);
    ids(json_object_get(small, "groups"), &grp);
    ids(json_object_get(small, "interventions"), &iv);
    ids(json_object_get(small, "proposals"), &prop);
    ids(json_object_get(small, "activities"), &act);
    ids(json_object_get(small, "surveys"), &surv);
    ref(&org, json_object_get(pr, "owner"));
    size_t i, j;
    json_t *o, *x;
    json_array_foreach(json_object_get(small, "people"), i, o)
        ref(&org, json_object_get(o, "organisation"));
    json_array_foreach(json_object_get(small, "groups"), i, o)
        json_array_foreach(json_object_get(o, "members"), j, x) {
            ref(&ppl, json_object_get(x, "person"));
            date_in(json_object_get(x, "from"));
            date_in(json_object_get(x, "to"));
        }
    json_array_foreach(json_object_get(small, "proposals"), i, o) {
        ref(&org, json_object_get(o, "organisation"));
        date_in(json_object_get(o, "submitted"));
        json_array_foreach(json_object_get(o, "history"), j, x) {
            ref(&ppl, json_object_get(x, "by"));
            date_in(json_object_get(x, "date"));
        }
    }
    json_array_foreach(json_object_get(small, "activities"), i, o) {
        ref(&iv, json_object_get(o, "intervention"));
        ref(&prop, json_object_get(o, "proposal"));
        json_array_foreach(json_object_get(o, "organisations"), j, x)
            ref(&org, x);
        Idmap ses;
        ids(json_object_get(o, "sessions"), &ses);
        json_array_foreach(json_object_get(o, "sessions"), j, x)
            date_in(json_object_get(x, "date"));
        if (strcmp(json_string_value(json_object_get(o, "status")), "cancelled") == 0)
            assert_int_equal(json_array_size(json_object_get(o, "attendance")), 0);
        json_array_foreach(json_object_get(o, "attendance"), j, x) {
            ref(&ppl, json_object_get(x, "person"));
            ref(&ses, json_object_get(x, "session"));
        }
        idmap_free(&ses);
    }
    json_array_foreach(json_object_get(small, "surveys"), i, o) {
        ref(&act, json_object_get(o, "activity"));
        date_in(json_object_get(o, "date"));
        json_array_foreach(json_object_get(o, "responses"), j, x)
            ref(&org, json_object_get(x, "organisation"));
    }
    json_array_foreach(json_object_get(small, "certificates"), i, o) {
        ref(&ppl, json_object_get(o, "person"));
        ref(&act, json_object_get(o, "activity"));
        date_in(json_object_get(o, "issued"));
    }
    json_array_foreach(json_object_get(small, "goals"), i, o) {
        json_t *m = json_object_get(o, "measure");
        ref(&org, json_object_get(m, "organisation"));
        ref(&iv, json_object_get(m, "intervention"));
        ref(&grp, json_object_get(m, "group"));
        ref(&surv, json_object_get(m, "survey"));
    }
    json_array_foreach(json_object_get(json_object_get(small, "budget"), "costs"), i, o) {
        ref(&act, json_object_get(o, "activity"));
        date_in(json_object_get(o, "date"));
    }
    json_array_foreach(json_object_get(small, "deviations"), i, o) {
        date_in(json_object_get(o, "date"));
        assert_true(json_is_true(json_object_get(o, "reported_to_funder")) ||
                    json_is_null(json_object_get(o, "reported_date")));
    }
    json_array_foreach(json_object_get(small, "meetings"), i, o) {
        ref(&grp, json_object_get(o, "group"));
        ref(&ppl, json_object_get(o, "notes_by"));
        date_in(json_object_get(o, "date"));
        bool cancelled = strcmp(json_string_value(json_object_get(o, "status")), "cancelled") == 0;
        assert_true(cancelled == !json_is_null(json_object_get(o, "cancel_reason")));
        json_array_foreach(json_object_get(o, "attendees"), j, x)
            ref(&ppl, json_object_get(x, "person"));
        json_array_foreach(json_object_get(o, "actions"), j, x)
            ref(&ppl, json_object_get(x, "owner"));
    }
    idmap_free(&org); idmap_free(&ppl); idmap_free(&grp); idmap_free(&iv);
    idmap_free(&prop); idmap_free(&act); idmap_free(&surv);
}

static json_t *demo_report(TuDb *t, ReportKind kind, int period)
{
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, NULL, NULL};
    json_t *r = NULL;
    int rc = report_compute(t->db, t->project, kind, &range, &r, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    return r;
}

/* As in the real lägesrapport of a project half-way through, the demo's interventions are not
 * completed in mid-project ("Slutförd insats: Nej") and are at its end; a manual goal shows the
 * measurement of its time, not the final one. */
static void test_as_of_the_period_end(void **state)
{
    (void)state;
    TuDb *t = tu_db_new("demo-asof");
    assert_non_null(t);
    tu_import_json(t->db, small, "demo", NULL);
    t->project = tu_project_id(t->db, "kna");
    json_t *mid = demo_report(t, REPORT_LAGESRAPPORT, 6);
    const char *to = json_string_value(tu_json_at(mid, "period.to"));
    size_t open = 0, i;
    json_t *iv;
    json_array_foreach(json_object_get(mid, "interventions"), i, iv) {
        const json_t *on = json_object_get(iv, "completed_on");
        if (json_is_true(json_object_get(iv, "completed")))
            assert_true(strcmp(json_string_value(on), to) <= 0);
        else
            open++;
    }
    assert_true(open >= 2);
    json_t *g;
    size_t manual = 0;
    json_array_foreach(json_object_get(mid, "goals"), i, g) {
        if (strcmp(json_string_value(json_object_get(g, "measure")), "manual") != 0)
            continue;
        manual++;
        const json_t *src = json_object_get(g, "source");
        if (json_is_string(src))
            assert_null(strstr(json_string_value(src), "2014"));
        const json_t *on = json_object_get(g, "measured_on");
        if (json_is_string(on))
            assert_true(strcmp(json_string_value(on), to) <= 0);
    }
    assert_int_equal(manual, 2);
    json_decref(mid);

    json_t *end = demo_report(t, REPORT_SLUTRAPPORT, 0);
    json_array_foreach(json_object_get(end, "interventions"), i, iv)
        assert_true(json_is_true(json_object_get(iv, "completed")));
    size_t final = 0;
    json_array_foreach(json_object_get(end, "goals"), i, g) {
        const json_t *src = json_object_get(g, "source");
        if (json_is_string(src) && strstr(json_string_value(src), "2014"))
            final++;
    }
    assert_int_equal(final, 2);
    json_decref(end);
    assert_int_equal(tu_db_free(t), 0);
}

/* The demo's minutes name every presenter in full, as one of the attendees, with the
 * organisation; a presenter from outside the project is a guest. */
static void test_minutes_presenters(void **state)
{
    (void)state;
    TuDb *t = tu_db_new("demo-minutes");
    assert_non_null(t);
    tu_import_json(t->db, small, "demo", NULL);
    t->project = tu_project_id(t->db, "kna");
    size_t i, items = 0, guests = 0;
    const json_t *m;
    json_array_foreach(json_object_get(small, "meetings"), i, m) {
        if (strcmp(json_string_value(json_object_get(m, "status")), "held") != 0)
            continue;
        json_t *min = NULL;
        Errs e;
        errs_init(&e);
        assert_int_equal(minutes_build(t->db, tu_manager(), t->project,
                                       json_string_value(json_object_get(m, "id")), &min, &e),
                         INSATS_OK);
        errs_free(&e);
        size_t k;
        const json_t *it;
        json_array_foreach(json_object_get(json_object_get(min, "meeting"), "agenda"), k, it) {
            const char *who = json_string_value(json_object_get(it, "presenter"));
            assert_non_null(who);
            assert_non_null(strchr(who, ' '));   /* first and last name */
            assert_true(json_is_string(json_object_get(it, "presenter_organisation")));
            size_t a;
            const json_t *att;
            bool found = false;
            json_array_foreach(json_object_get(json_object_get(min, "meeting"), "attendees"), a, att) {
                if (strcmp(json_string_value(json_object_get(att, "name")), who) != 0)
                    continue;
                found = true;
                assert_string_equal(json_string_value(json_object_get(att, "status")), "present");
                guests += json_is_true(json_object_get(att, "guest"));
            }
            if (!found)
                fail_msg("meeting %s: presenter %s is not among the attendees",
                         json_string_value(json_object_get(m, "id")), who);
            items++;
        }
        json_decref(min);
    }
    assert_true(items > 100);
    assert_true(guests > 0);
    assert_int_equal(tu_db_free(t), 0);
}

/* The first session of the first activity of a kind, or the date of the first deviation of an
 * area: the events the minutes and narratives may only speak of once they have happened. */
static const char *first_date(const char *arr, const char *key, const char *val)
{
    size_t i;
    const json_t *o;
    json_array_foreach(json_object_get(small, arr), i, o) {
        if (strcmp(json_string_value(json_object_get(o, key)), val) != 0)
            continue;
        const json_t *s = json_array_get(json_object_get(o, "sessions"), 0);
        return json_string_value(json_object_get(s ? s : o, "date"));
    }
    fail_msg("no %s with %s %s", arr, key, val);
    return NULL;
}

static bool meeting_mentions(const json_t *m, const char *word)
{
    size_t i;
    const json_t *it;
    json_array_foreach(json_object_get(m, "agenda"), i, it) {
        const char *notes = json_string_value(json_object_get(it, "notes"));
        if (strstr(notes, word))
            return true;
        size_t k;
        const json_t *dec;
        json_array_foreach(json_object_get(it, "decisions"), k, dec)
            if (strstr(json_string_value(dec), word))
                return true;
    }
    return false;
}

/* Minutes speak of the study visit only after it, and of Tallmo's low participation only
 * once it was found; after the events some minutes do. */
static void test_minutes_follow_the_calendar(void **state)
{
    (void)state;
    const char *visit = first_date("activities", "kind", "study_visit");
    const char *tallmo = first_date("deviations", "area", "participants");
    size_t i, later_visit = 0, later_tallmo = 0;
    const json_t *m;
    json_array_foreach(json_object_get(small, "meetings"), i, m) {
        const char *day = json_string_value(json_object_get(m, "date"));
        const char *id = json_string_value(json_object_get(m, "id"));
        bool v = meeting_mentions(m, "tudieres"), t = meeting_mentions(m, "Tallmo");
        if (v && strcmp(day, visit) < 0)
            fail_msg("meeting %s of %s speaks of the study visit of %s", id, day, visit);
        if (t && strcmp(day, tallmo) < 0)
            fail_msg("meeting %s of %s speaks of Tallmo's participation, found %s", id, day, tallmo);
        later_visit += v;
        later_tallmo += t;
    }
    assert_true(later_visit > 0);
    assert_true(later_tallmo > 0);
}

/* Whoever took the notes of a held meeting was there. */
static void test_note_taker_present(void **state)
{
    (void)state;
    size_t i, held = 0;
    const json_t *m;
    json_array_foreach(json_object_get(small, "meetings"), i, m) {
        const json_t *by = json_object_get(m, "notes_by");
        if (strcmp(json_string_value(json_object_get(m, "status")), "held") != 0) {
            assert_true(json_is_null(by));
            continue;
        }
        held++;
        size_t k;
        const json_t *a;
        bool present = false;
        json_array_foreach(json_object_get(m, "attendees"), k, a)
            if (json_equal(json_object_get(a, "person"), by))
                present = strcmp(json_string_value(json_object_get(a, "status")), "present") == 0;
        if (!present)
            fail_msg("meeting %s: the note-taker %s is not present", json_string_value(json_object_get(m, "id")),
                     json_string_value(by));
    }
    assert_true(held > 50);
}

static size_t held_in(const json_t *arr, const char *key, const char *val)
{
    size_t i, n = 0;
    const json_t *o;
    json_array_foreach(arr, i, o)
        n += strcmp(json_string_value(json_object_get(o, "status")), "held") == 0
             && (!key || strcmp(json_string_value(json_object_get(o, key)), val) == 0);
    return n;
}

/* "… har träffats 3 gånger" / "en gång" / "har inte träffats", as the narrative words it. */
static void says_met(const char *text, const char *who, size_t n)
{
    char want[96];
    if (n == 0)
        snprintf(want, sizeof want, "%s har inte träffats", who);
    else if (n == 1)
        snprintf(want, sizeof want, "%s har träffats en gång", who);
    else
        snprintf(want, sizeof want, "%s har träffats %zu gånger", who, n);
    if (!strstr(text, want))
        fail_msg("\"%s\" does not say \"%s\"", text, want);
}

/* No number of four digits or more without the Swedish thousands separator; a year
 * ("våren 2013") is not a count. */
static void grouped(const char *text)
{
    for (const char *c = text; *c; c++) {
        size_t run = strspn(c, "0123456789");
        if (run > 4 || (run == 4 && strncmp(c, "19", 2) != 0 && strncmp(c, "20", 2) != 0))
            fail_msg("an ungrouped number in \"%s\"", text);
        c += run ? run - 1 : 0;
    }
}

/* Every period's narrative agrees with that period's figures: deviations or none, the number
 * of activities held, how often the groups met. */
static void test_narratives_agree_with_figures(void **state)
{
    (void)state;
    TuDb *t = tu_db_new("demo-narratives");
    assert_non_null(t);
    tu_import_json(t->db, small, "demo", NULL);
    t->project = tu_project_id(t->db, "kna");
    size_t with_deviations = 0;
    for (int p = 1; p <= 12; p++) {
        json_t *r = demo_report(t, REPORT_LAGESRAPPORT, p);
        const json_t *n = json_object_get(r, "narratives");
        const char *acts = json_string_value(json_object_get(n, "aktiviteter"));
        const char *dev = json_string_value(json_object_get(n, "avvikelser_atgarder"));
        const char *goals = json_string_value(json_object_get(n, "maluppfyllelse"));
        size_t n_dev = json_array_size(json_object_get(r, "deviations"));
        bool none = strcmp(dev, "Inga avvikelser under perioden.") == 0;
        if (none != (n_dev == 0))
            fail_msg("period %d: %zu deviations, but the narrative says \"%s\"", p, n_dev, dev);
        if ((strstr(goals, "avvikelse") != NULL) != (n_dev > 0))
            fail_msg("period %d: %zu deviations, but \"%s\"", p, n_dev, goals);
        with_deviations += n_dev > 0;
        size_t unreported = 0, i;
        const json_t *d;
        json_array_foreach(json_object_get(r, "deviations"), i, d)
            unreported += !json_is_true(json_object_get(d, "reported_to_funder"));
        /* a reason for not reporting is given only where a deviation went unreported */
        if (json_is_string(json_object_get(n, "avvikelser_ej_meddelade")))
            assert_true(unreported > 0);

        size_t held = held_in(json_object_get(r, "activities"), NULL, NULL);
        const char *count = strstr(acts, "Under perioden har ");
        if (count) {
            count += strlen("Under perioden har ");
            if (held == 0)
                assert_true(strncmp(count, "inga ", 5) == 0);
            else if (held == 1)
                assert_true(strncmp(count, "en aktivitet ", 13) == 0);
            else
                assert_int_equal(strtoul(count, NULL, 10), held);
        } else {
            assert_true(p <= 3); /* the mobilisation periods describe the mapping instead */
        }
        const json_t *meetings = json_object_get(r, "meetings");
        says_met(acts, "Projektgruppen", held_in(meetings, "group", "projektgrupp"));
        says_met(acts, "styrgruppen", held_in(meetings, "group", "styrgrupp"));
        json_decref(r);
    }
    assert_true(with_deviations >= 3);
    size_t i;
    const json_t *o;
    json_array_foreach(json_object_get(small, "narratives"), i, o)
        grouped(json_string_value(json_object_get(o, "text")));
    assert_int_equal(tu_db_free(t), 0);
}

/* The demo goes into a database of its own: one that holds a project is refused by name. */
static void test_refuses_a_database_with_a_project(void **state)
{
    (void)state;
    TuDb *t = tu_db_new("demo-target");
    assert_non_null(t);
    Errs errs;
    errs_init(&errs);
    assert_int_equal(demo_check_target(t->db, &errs), INSATS_OK);
    assert_int_equal(errs.count, 0);
    tu_import_text(t->db, "{\"format\": \"insats-bundle\", \"version\": 1, \"project\": "
                          "{\"id\": \"cv\", \"name\": \"Creare Vivere\", \"start\": "
                          "\"2012-01-01\", \"end\": \"2013-12-31\"}}", "cv");
    assert_int_equal(demo_check_target(t->db, &errs), INSATS_EUSAGE);
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.msgs[0], "already holds project cv (Creare Vivere)"));
    assert_non_null(strstr(errs.msgs[0], "--db"));
    errs_free(&errs);
    assert_int_equal(tu_db_free(t), 0);
}

static void test_large_counts(void **state)
{
    (void)state;
    json_t *big = demo_bundle(DEMO_LARGE, 1, NULL, NULL);
    assert_int_equal(json_array_size(json_object_get(big, "people")), 50000);
    assert_int_equal(json_array_size(json_object_get(big, "activities")), 5000);
    near(attendance_rows(big), 1000000, 3);
    size_t i;
    const json_t *o;
    json_array_foreach(json_object_get(big, "narratives"), i, o)
        grouped(json_string_value(json_object_get(o, "text")));
    json_decref(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_small_counts),
        cmocka_unit_test(test_ingredients),
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_as_of_the_period_end),
        cmocka_unit_test(test_minutes_presenters),
        cmocka_unit_test(test_minutes_follow_the_calendar),
        cmocka_unit_test(test_note_taker_present),
        cmocka_unit_test(test_narratives_agree_with_figures),
        cmocka_unit_test(test_refuses_a_database_with_a_project),
        cmocka_unit_test(test_large_counts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
