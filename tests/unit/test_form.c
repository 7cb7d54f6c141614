/* test_form.c — the funder's form to the letter and the submission check: the questions of the
 * lägesrapport and the slutrapport in the form's words and order (tests/fixtures/form-*.txt,
 * copied from the funder's templates); the organisations that took part, derived from the data;
 * the slutrapport's goal values per organisation against counts made here in SQL; and
 * report_check() — exactly the unanswered questions, the unreported deviations and the figures
 * moved since a freeze — with the draft mark in every format exactly while a question is open. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "demo.h"
#include "freeze.h"
#include "render.h"
#include "report.h"
#include "testutil.h"
#include "util.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static json_t *get_report(TuDb *t, ReportKind kind, int period)
{
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, NULL, NULL};
    json_t *r = NULL;
    int rc = report_get(t->db, t->project, kind, &range, &r, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    return r;
}

static json_t *get_check(TuDb *t, ReportKind kind, int period)
{
    Errs errs;
    errs_init(&errs);
    ReportRange range = {period, NULL, NULL};
    json_t *c = NULL;
    int rc = report_check(t->db, t->project, kind, &range, &c, &errs);
    errs_print(&errs, stderr);
    errs_free(&errs);
    assert_int_equal(rc, INSATS_OK);
    assert_true(json_is_object(c));
    return c;
}

static const char *str_at(const json_t *v, const char *path)
{
    const char *s = json_string_value(tu_json_at(v, path));
    if (!s)
        fail_msg("%s: not a string", path);
    return s;
}

/* The sections of arr[*][key] joined with spaces, for comparing a list in one assertion. */
static char *joined(const json_t *arr, const char *key)
{
    Buf b = {0};
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v)
        buf_printf(&b, "%s%s", i ? " " : "", json_string_value(json_object_get(v, key)));
    char *s = buf_steal(&b);
    return s ? s : xstrdup("");
}

static void assert_joined(const json_t *arr, const char *key, const char *want)
{
    char *got = joined(arr, key);
    if (strcmp(got, want) != 0)
        fail_msg("got \"%s\", want \"%s\"", got, want);
    free(got);
}

/* The organisation with id `code` in report.organisations, or NULL. */
static const json_t *took_part(const json_t *r, const char *code)
{
    size_t i;
    const json_t *o;
    json_array_foreach(json_object_get(r, "organisations"), i, o)
        if (!strcmp(json_string_value(json_object_get(o, "id")), code))
            return o;
    return NULL;
}

static bool has_role(const json_t *org, const char *role)
{
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(org, "roles"), i, v)
        if (!strcmp(json_string_value(v), role))
            return true;
    return false;
}

/* ---- the demo project --------------------------------------------------------------------- */

static TuDb *demo_db;

static int demo_setup(void **state)
{
    (void)state;
    setenv("INSATS_TODAY", "2014-10-01", 1);
    demo_db = tu_db_new("form-demo");
    if (!demo_db)
        return -1;
    json_t *bundle = demo_bundle(DEMO_SMALL, 1, NULL, NULL);
    tu_import_json(demo_db->db, bundle, "demo", NULL);
    json_decref(bundle);
    demo_db->project = tu_project_id(demo_db->db, "kna");
    return 0;
}

static int demo_teardown(void **state)
{
    (void)state;
    return tu_db_free(demo_db);
}

/* The report's questions are the lines of the fixture, in order (the slutrapport asks its
 * remaining questions after them). */
static void expect_form(const json_t *r, const char *fixture, bool exact)
{
    char *path = tu_fixture_path(fixture);
    char *text = tu_slurp(path, NULL);
    const json_t *qs = json_object_get(r, "questions");
    size_t n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        const char *q = json_string_value(json_object_get(json_array_get(qs, n), "question"));
        if (!q || strcmp(q, line) != 0)
            fail_msg("question %zu is \"%s\", the form has \"%s\"", n + 1, q ? q : "(none)",
                     line);
        n++;
    }
    assert_true(n > 10);
    if (exact)
        assert_int_equal(json_array_size(qs), n);
    free(text);
    free(path);
}

static void test_form_questions(void **state)
{
    (void)state;
    json_t *r = get_report(demo_db, REPORT_LAGESRAPPORT, 5);
    expect_form(r, "form-lagesrapport.txt", true);
    json_decref(r);
    r = get_report(demo_db, REPORT_SLUTRAPPORT, 0);
    expect_form(r, "form-slutrapport.txt", false);
    json_decref(r);
}

/* The study visit to the Italian partner (October 2012, period 5) makes the host an
 * organisation of that period, not of the one before nor after; the municipalities whose
 * people attended are there in each, by an independent count of participants. */
static void test_organisations(void **state)
{
    (void)state;
    json_t *r4 = get_report(demo_db, REPORT_LAGESRAPPORT, 4);
    json_t *r5 = get_report(demo_db, REPORT_LAGESRAPPORT, 5);
    json_t *r6 = get_report(demo_db, REPORT_LAGESRAPPORT, 6);
    const json_t *host = took_part(r5, "cpe");
    assert_non_null(host);
    assert_string_equal(str_at(host, "kind"), "transnational");
    assert_string_equal(str_at(host, "country"), "IT");
    assert_true(has_role(host, "activity"));
    assert_true(has_role(host, "supplier"));
    assert_null(took_part(r4, "cpe"));
    const json_t *later = took_part(r6, "cpe");
    assert_true(!later || (!has_role(later, "activity") && !has_role(later, "supplier")));
    /* The university and the company appear as suppliers, not only the municipalities. */
    assert_true(has_role(took_part(r5, "kompetensbron"), "supplier"));
    assert_string_equal(str_at(took_part(r5, "mittuni"), "kind"), "university");

    /* Every organisation with a participant in the period, counted here. */
    sqlite3_stmt *st = db_prepare(demo_db->db,
        "SELECT DISTINCT o.code FROM attendance t JOIN session s ON s.id = t.session_id"
        " JOIN activity a ON a.id = s.activity_id JOIN intervention i ON i.id = a.intervention_id"
        " JOIN person p ON p.id = t.person_id JOIN organisation o ON o.id = p.organisation_id"
        " WHERE t.present = 1 AND a.status <> 'cancelled' AND i.counts_participants = 1"
        " AND s.session_date BETWEEN '2012-10-01' AND '2012-12-31'");
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const json_t *o = took_part(r5, db_col_text(st, 0));
        if (!o || !has_role(o, "participants"))
            fail_msg("%s had participants in period 5", db_col_text(st, 0));
        n++;
    }
    sqlite3_finalize(st);
    size_t i, with_participants = 0;
    const json_t *o;
    json_array_foreach(json_object_get(r5, "organisations"), i, o)
        with_participants += has_role(o, "participants");
    assert_int_equal(with_participants, n);
    /* Sorted by name. */
    for (i = 1; i < json_array_size(json_object_get(r5, "organisations")); i++)
        assert_true(strcmp(str_at(json_array_get(json_object_get(r5, "organisations"), i - 1), "name"),
                           str_at(json_array_get(json_object_get(r5, "organisations"), i), "name")) < 0);
    json_decref(r4);
    json_decref(r5);
    json_decref(r6);
}

/* One SQL count per organisation code (?1). */
static int64_t count_for(const char *sql, const char *org)
{
    sqlite3_stmt *st = db_prepare(demo_db->db, sql);
    sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The share (percent) of answers at or above min (0: the question's threshold) to question q
 * of survey `survey` (or of every survey of kind `kind`) from organisation org, dated up to the
 * project's end, and the number of those answers. */
static double share_for(const char *survey, const char *kind, const char *q, int min,
                        const char *org, int64_t *n)
{
    sqlite3_stmt *st = db_prepare(demo_db->db,
        "SELECT count(*), count(*) FILTER (WHERE an.num_value >="
        "  CASE WHEN ?5 > 0 THEN ?5 ELSE qu.threshold END)"
        " FROM answer an JOIN question qu ON qu.id = an.question_id"
        " JOIN response re ON re.id = an.response_id JOIN survey sv ON sv.id = re.survey_id"
        " JOIN organisation o ON o.id = re.organisation_id"
        " WHERE qu.code = ?2 AND o.code = ?1 AND (sv.code = ?3 OR ?3 IS NULL)"
        " AND (sv.kind = ?4 OR ?4 IS NULL) AND sv.survey_date <= '2014-08-31'");
    sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, q, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 3, survey);
    db_bind_text_or_null(st, 4, kind);
    sqlite3_bind_int(st, 5, min);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    *n = sqlite3_column_int64(st, 0);
    double share = *n ? 100.0 * (double)sqlite3_column_int64(st, 1) / (double)*n : NAN;
    sqlite3_finalize(st);
    return share;
}

static void expect_share(const json_t *cell, double want, int64_t n)
{
    if (n == 0) {
        assert_true(json_is_false(json_object_get(cell, "suppressed")));
        assert_true(json_is_null(json_object_get(cell, "achieved")));
    } else if (n < 5) {
        assert_true(json_is_true(json_object_get(cell, "suppressed")));
        assert_true(json_is_null(json_object_get(cell, "achieved")));
    } else if (!json_is_true(json_object_get(cell, "suppressed"))) {
        assert_true(fabs(json_number_value(json_object_get(cell, "achieved")) -
                         round(want * 10) / 10) < 1e-9);
    }
}

/* The slutrapport's goals per municipality, each recounted here from the tables. */
static void test_goals_per_organisation(void **state)
{
    (void)state;
    static const char PARTICIPANTS[] =
        "SELECT count(DISTINCT t.person_id) FROM attendance t JOIN session s ON s.id = t.session_id"
        " JOIN activity a ON a.id = s.activity_id JOIN intervention i ON i.id = a.intervention_id"
        " JOIN person p ON p.id = t.person_id JOIN organisation o ON o.id = p.organisation_id"
        " WHERE t.present = 1 AND a.status <> 'cancelled' AND i.counts_participants = 1"
        " AND s.session_date <= '2014-08-31' AND o.code = ?1";
    static const char MEN[] =
        "SELECT count(DISTINCT t.person_id) FROM attendance t JOIN session s ON s.id = t.session_id"
        " JOIN activity a ON a.id = s.activity_id JOIN intervention i ON i.id = a.intervention_id"
        " JOIN person p ON p.id = t.person_id JOIN organisation o ON o.id = p.organisation_id"
        " WHERE t.present = 1 AND a.status <> 'cancelled' AND i.counts_participants = 1"
        " AND s.session_date <= '2014-08-31' AND o.code = ?1 AND p.gender = 'male'";
    static const char EXCHANGE[] =
        "SELECT count(DISTINCT t.person_id) FROM attendance t JOIN session s ON s.id = t.session_id"
        " JOIN activity a ON a.id = s.activity_id JOIN intervention i ON i.id = a.intervention_id"
        " JOIN person p ON p.id = t.person_id JOIN organisation o ON o.id = p.organisation_id"
        " WHERE t.present = 1 AND a.status <> 'cancelled' AND i.counts_participants = 1"
        " AND s.session_date <= '2014-08-31' AND o.code = ?1 AND i.code = 'i2'";
    static const char CERTIFICATES[] =
        "SELECT count(*) FROM certificate c JOIN person p ON p.id = c.person_id"
        " JOIN organisation o ON o.id = p.organisation_id WHERE o.code = ?1"
        " AND c.issued <= '2014-08-31'";
    static const char CERTIFIED[] =
        "SELECT count(DISTINCT c.person_id) FROM certificate c JOIN person p ON p.id = c.person_id"
        " JOIN organisation o ON o.id = p.organisation_id WHERE o.code = ?1"
        " AND c.issued <= '2014-08-31'";
    static const char AMBASSADORS[] =
        "SELECT count(DISTINCT m.person_id) FROM membership m JOIN grp g ON g.id = m.group_id"
        " JOIN person p ON p.id = m.person_id JOIN organisation o ON o.id = p.organisation_id"
        " WHERE g.code = 'ambassadorer' AND o.code = ?1"
        " AND (m.from_date IS NULL OR m.from_date <= '2014-08-31')"
        " AND (m.to_date IS NULL OR m.to_date >= '2014-08-31')";
    json_t *r = get_report(demo_db, REPORT_SLUTRAPPORT, 0);
    size_t i, checked = 0;
    const json_t *g;
    json_array_foreach(json_object_get(r, "goals"), i, g) {
        const char *id = str_at(g, "id");
        const json_t *by = json_object_get(g, "by_organisation");
        assert_true(json_is_array(by));
        /* A manual value, and a goal of one organisation (g2, Tallmo), have no breakdown. */
        if (!strcmp(id, "g2") || !strcmp(id, "g10") || !strcmp(id, "g11")) {
            assert_int_equal(json_array_size(by), 0);
            continue;
        }
        /* The four municipalities, as in participants.by_organisation. */
        assert_int_equal(json_array_size(by), 4);
        size_t k;
        const json_t *c;
        json_array_foreach(by, k, c) {
            const char *org = str_at(c, "organisation");
            const json_t *achieved = json_object_get(c, "achieved");
            int64_t n = 0;
            if (!strcmp(id, "g1"))
                assert_int_equal(json_integer_value(achieved), count_for(PARTICIPANTS, org));
            else if (!strcmp(id, "g3"))
                assert_int_equal(json_integer_value(achieved), count_for(MEN, org));
            else if (!strcmp(id, "g12"))
                assert_int_equal(json_integer_value(achieved), count_for(EXCHANGE, org));
            else if (!strcmp(id, "g4"))
                assert_int_equal(json_integer_value(achieved), count_for(CERTIFICATES, org));
            else if (!strcmp(id, "g5"))
                assert_int_equal(json_integer_value(achieved), count_for(CERTIFIED, org));
            else if (!strcmp(id, "g6"))
                assert_true(fabs(json_number_value(achieved) -
                                 round(1000.0 * (double)count_for(CERTIFIED, org) /
                                       (double)count_for(PARTICIPANTS, org)) / 10) < 1e-9);
            else if (!strcmp(id, "g7"))
                assert_int_equal(json_integer_value(achieved), count_for(AMBASSADORS, org));
            else if (!strcmp(id, "g8")) {
                double want = share_for("enk-uppfoljning", NULL, "b1", 2, org, &n);
                expect_share(c, want, n);
            } else if (!strcmp(id, "g9")) {
                double want = share_for(NULL, "after_activity", "q1", 0, org, &n);
                expect_share(c, want, n);
            }
            else
                continue;
            checked++;
        }
    }
    assert_int_equal(checked, 9 * 4);
    /* The certificates per organisation: how many, to how many people. */
    size_t k;
    const json_t *c;
    json_array_foreach(tu_json_at(r, "certificates.by_organisation"), k, c) {
        const char *org = str_at(c, "organisation");
        assert_int_equal(json_integer_value(json_object_get(c, "count")), count_for(CERTIFICATES, org));
        assert_int_equal(json_integer_value(json_object_get(c, "people")), count_for(CERTIFIED, org));
    }
    assert_int_equal(k, 4);
    json_decref(r);
}

/* Standard output of a shell command (caller frees); the command must succeed. */
static char *command_output(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    Buf out = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&out, chunk, n);
    assert_int_equal(pclose(f), 0);
    buf_puts(&out, "");
    return buf_steal(&out);
}

/* How many pages of the PDF carry `mark` in their text, and how many pages it has. */
static int pages_marked(const char *pdf, const char *mark, int *pages)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' | sed -n 's/^Pages: *//p'", pdf);
    char *out = command_output(cmd);
    *pages = atoi(out);
    free(out);
    int marked = 0;
    for (int p = 1; p <= *pages; p++) {
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f %d -l %d '%s' -", p, p, pdf);
        out = command_output(cmd);
        marked += strstr(out, mark) != NULL;
        free(out);
    }
    return marked;
}

/* A draft PDF says so on every page, a finished one on none. */
static void test_draft_pdf(void **state)
{
    (void)state;
    char *dir = tu_tmpdir("form-pdf");
    char *path = xasprintf("%s/draft.pdf", dir);
    Errs errs;
    errs_init(&errs);
    /* The demo's last report is still being written. */
    json_t *r = get_report(demo_db, REPORT_LAGESRAPPORT, 12);
    assert_true(json_is_true(tu_json_at(r, "check.draft")));
    assert_int_equal(render_pdf(r, path, &errs), INSATS_OK);
    int pages = 0;
    int marked = pages_marked(path, "UTKAST", &pages);
    assert_int_equal(marked, pages);
    assert_true(pages >= 2);
    /* The same report with its questions answered or left empty on purpose. */
    json_object_set_new(json_object_get(r, "check"), "draft", json_false());
    assert_int_equal(render_pdf(r, path, &errs), INSATS_OK);
    assert_int_equal(pages_marked(path, "UTKAST", &pages), 0);
    json_decref(r);
    errs_free(&errs);
    free(path);
    tu_rmtree(dir);
}

/* ---- the submission check on the hand-worked fixture -------------------------------------- */

static int fx_setup(void **state)
{
    setenv("INSATS_TODAY", "2013-08-01", 1);
    TuDb *fx = tu_db_new("form-fx");
    *state = fx;
    if (!fx)
        return -1;
    tu_import_jsonc(fx->db, "report-fixture.jsonc", NULL);
    fx->project = tu_project_id(fx->db, "fx");
    return 0;
}

static int fx_teardown(void **state)
{
    return tu_db_free(*state);
}

/* What each format shows of the draft mark: "Utkast" on the page, the banner at the top. */
static void expect_draft_mark(const json_t *r, bool draft)
{
    Errs errs;
    errs_init(&errs);
    Buf html = {0}, md = {0};
    assert_int_equal(render_html(r, &html, &errs), INSATS_OK);
    assert_int_equal(render_md(r, &md, &errs), INSATS_OK);
    bool mark = strstr(html.data, "<div class=\"draft-mark\" aria-hidden=\"true\">Utkast</div>") != NULL;
    bool banner = strstr(html.data, "<p class=\"draft\"") != NULL;
    bool md_banner = strstr(md.data, "> **UTKAST") != NULL;
    assert_int_equal(mark, draft);
    assert_int_equal(banner, draft);
    assert_int_equal(md_banner, draft);
    /* The banner comes before the first question. */
    if (draft)
        assert_true(strstr(md.data, "> **UTKAST") < strstr(md.data, "### "));
    buf_free(&html);
    buf_free(&md);
    errs_free(&errs);
}

/* Period 3 (2013-04-01 … 06-30): d2 is neither reported nor given measures, so both follow-up
 * questions need words; the texts asked everywhere are missing except none. */
static void test_check_lists_exactly(void **state)
{
    TuDb *fx = *state;
    json_t *c = get_check(fx, REPORT_LAGESRAPPORT, 3);
    assert_true(json_is_true(json_object_get(c, "draft")));
    assert_true(json_is_false(json_object_get(c, "ready")));
    assert_joined(json_object_get(c, "unanswered"), "section",
                  "aktiviteter kriterier jamstalldhet tillganglighet fungerat_bra deltagare "
                  "maluppfyllelse budget avvikelser_ej_meddelade avvikelser_atgarder");
    assert_joined(json_object_get(c, "unreported_deviations"), "id", "d2");
    assert_int_equal(json_array_size(json_object_get(c, "moved")), 0);
    json_decref(c);

    /* Period 2: d1 was reported and has its measures, so the follow-ups are answered by the
     * data; what is not reported (d2) is dated after the period. */
    c = get_check(fx, REPORT_LAGESRAPPORT, 2);
    assert_joined(json_object_get(c, "unanswered"), "section",
                  "aktiviteter kriterier tillganglighet deltagare maluppfyllelse budget");
    assert_int_equal(json_array_size(json_object_get(c, "unreported_deviations")), 0);
    json_decref(c);
    json_t *r = get_report(fx, REPORT_LAGESRAPPORT, 2);
    assert_string_equal(str_at(r, "questions[9].section"), "avvikelser");
    assert_true(json_is_true(tu_json_at(r, "questions[9].yes_no")));
    assert_string_equal(str_at(r, "questions[10].status"), "by_data");
    assert_true(json_is_true(tu_json_at(r, "questions[10].yes_no")));
    assert_string_equal(str_at(r, "questions[11].status"), "not_applicable");
    assert_string_equal(str_at(r, "questions[12].status"), "by_data");
    json_decref(r);

    /* The slutrapport reaches every deviation of the project. */
    c = get_check(fx, REPORT_SLUTRAPPORT, 0);
    assert_joined(json_object_get(c, "unreported_deviations"), "id", "d2");
    json_decref(c);
}

/* Marking every open question of period 1 empty takes the draft mark away; taking one mark
 * back brings it again. Period 1 has no deviations: its follow-ups are not applicable. */
static void test_draft_mark(void **state)
{
    TuDb *fx = *state;
    json_t *r = get_report(fx, REPORT_LAGESRAPPORT, 1);
    expect_draft_mark(r, true);
    assert_string_equal(str_at(r, "questions[10].status"), "not_applicable");
    assert_true(json_is_false(tu_json_at(r, "questions[9].yes_no")));
    json_t *open = json_deep_copy(tu_json_at(r, "check.unanswered"));
    json_decref(r);
    assert_joined(open, "section", "kriterier jamstalldhet tillganglighet fungerat_bra deltagare "
                                   "maluppfyllelse budget");
    Errs errs;
    errs_init(&errs);
    size_t i;
    const json_t *q;
    json_array_foreach(open, i, q)
        assert_int_equal(report_mark_empty(fx->db, fx->project, 1,
                                           json_string_value(json_object_get(q, "section")), true,
                                           &errs),
                         INSATS_OK);
    json_decref(open);
    r = get_report(fx, REPORT_LAGESRAPPORT, 1);
    assert_true(json_is_false(tu_json_at(r, "check.draft")));
    assert_true(json_is_true(tu_json_at(r, "check.ready")));
    assert_string_equal(str_at(r, "questions[1].status"), "empty");
    expect_draft_mark(r, false);
    json_decref(r);

    /* An answered question cannot be marked; an unknown one is named with the choices. */
    assert_int_equal(report_mark_empty(fx->db, fx->project, 1, "aktiviteter", true, &errs),
                     INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[0], "has an answer"));
    assert_int_equal(report_mark_empty(fx->db, fx->project, 1, "enkater", true, &errs),
                     INSATS_EINPUT);
    assert_non_null(strstr(errs.msgs[1], "kriterier"));
    /* The mark comes off again. */
    assert_int_equal(report_mark_empty(fx->db, fx->project, 1, "budget", false, &errs), INSATS_OK);
    r = get_report(fx, REPORT_LAGESRAPPORT, 1);
    expect_draft_mark(r, true);
    assert_joined(tu_json_at(r, "check.unanswered"), "section", "budget");
    json_decref(r);
    errs_free(&errs);
}

/* After period 1 is frozen, a change the database lets through (an intervention's planned
 * participants, an answer's text) is listed when it is a figure, and only then. */
static void test_check_moved(void **state)
{
    TuDb *fx = *state;
    Errs errs;
    errs_init(&errs);
    assert_int_equal(freeze_period(fx->db, fx->project, 1, "Test", &errs), INSATS_OK);
    json_t *c = get_check(fx, REPORT_LAGESRAPPORT, 2);
    assert_int_equal(json_array_size(json_object_get(c, "moved")), 0);
    json_decref(c);
    tu_exec(fx->db, "UPDATE intervention SET planned_participants = 9 WHERE code = 'i1';"
                    "UPDATE narrative SET text = 'Uppstart och mer.' WHERE section = 'aktiviteter'"
                    " AND period = 1;");
    c = get_check(fx, REPORT_LAGESRAPPORT, 2);
    assert_joined(json_object_get(c, "moved"), "path", "interventions[i1].planned_participants");
    assert_int_equal(json_integer_value(tu_json_at(c, "moved[0].period")), 1);
    assert_int_equal(json_integer_value(tu_json_at(c, "moved[0].reported")), 8);
    assert_int_equal(json_integer_value(tu_json_at(c, "moved[0].now")), 9);
    /* People read a label: the intervention by its title, the field in Swedish. */
    assert_string_equal(str_at(c, "moved[0].label"),
                        "Insatsen Utbildningsinsatser, planerat antal deltagare");
    json_decref(c);
    /* The draft box shows the label, not the path. */
    json_t *r = get_report(fx, REPORT_LAGESRAPPORT, 2);
    Buf md = {0};
    assert_int_equal(render_md(r, &md, &errs), INSATS_OK);
    assert_non_null(strstr(md.data, "Ändrat sedan period 1 frystes: Insatsen Utbildningsinsatser, "
                                    "planerat antal deltagare"));
    assert_null(strstr(md.data, "interventions[i1]"));
    buf_free(&md);
    json_decref(r);
    /* A figure the labels do not cover is named by its path rather than not at all. */
    tu_exec(fx->db, "UPDATE activity SET kind = 'workshop' WHERE code = 'a1';");
    c = get_check(fx, REPORT_LAGESRAPPORT, 2);
    size_t i;
    const json_t *m;
    bool seen = false;
    json_array_foreach(json_object_get(c, "moved"), i, m)
        if (!strcmp(json_string_value(json_object_get(m, "path")), "activities[a1].kind")) {
            assert_string_equal(json_string_value(json_object_get(m, "label")),
                                "activities[a1].kind");
            seen = true;
        }
    assert_true(seen);
    json_decref(c);
    errs_free(&errs);
}

/* Each lägesrapport answers for the deviations dated in its own period, whether or not an
 * earlier one was reported; the slutrapport for all of them. The draft box names a deviation
 * by its date with the description quoted. */
static void test_check_deviations_per_period(void **state)
{
    TuDb *fx = *state;
    tu_exec(fx->db, "INSERT INTO deviation (project_id, code, deviation_date, area, description)"
                    " SELECT id, 'd0', '2012-08-15', 'time', 'Starten försenad' FROM project"
                    " WHERE code = 'fx';");
    json_t *c = get_check(fx, REPORT_LAGESRAPPORT, 1);
    assert_joined(json_object_get(c, "unreported_deviations"), "id", "d0");
    json_decref(c);
    c = get_check(fx, REPORT_LAGESRAPPORT, 2);
    assert_int_equal(json_array_size(json_object_get(c, "unreported_deviations")), 0);
    json_decref(c);
    c = get_check(fx, REPORT_LAGESRAPPORT, 3);
    assert_joined(json_object_get(c, "unreported_deviations"), "id", "d2");
    json_decref(c);
    c = get_check(fx, REPORT_SLUTRAPPORT, 0);
    assert_joined(json_object_get(c, "unreported_deviations"), "id", "d0 d2");
    json_decref(c);

    json_t *r = get_report(fx, REPORT_LAGESRAPPORT, 3);
    Errs errs;
    errs_init(&errs);
    Buf md = {0};
    assert_int_equal(render_md(r, &md, &errs), INSATS_OK);
    assert_non_null(strstr(md.data, "Avvikelsen 2013-05-01 (”Kursen flyttas”) är inte meddelad "
                                    "till ESF-rådet."));
    buf_free(&md);
    errs_free(&errs);
    json_decref(r);
}

/* The funder's table lists the interventions by date, one without a date last, whatever their
 * ids. */
static void test_interventions_by_date(void **state)
{
    TuDb *fx = *state;
    json_t *r = get_report(fx, REPORT_LAGESRAPPORT, 2);
    assert_joined(json_object_get(r, "interventions"), "id", "i1 i2");
    json_decref(r);
    tu_exec(fx->db, "UPDATE intervention SET start_date = '2012-07-15' WHERE code = 'i2';");
    r = get_report(fx, REPORT_LAGESRAPPORT, 2);
    assert_joined(json_object_get(r, "interventions"), "id", "i2 i1");
    json_decref(r);
    tu_exec(fx->db, "UPDATE intervention SET start_date = NULL WHERE code = 'i1';");
    r = get_report(fx, REPORT_LAGESRAPPORT, 2);
    assert_joined(json_object_get(r, "interventions"), "id", "i2 i1");
    json_decref(r);
}

/* A survey goal's cells per organisation in the fixture: Sunne 3 responses, Torsby 2 — both
 * under 5, both hidden with nothing of their figures shown, and said to be small. */
static void test_goal_cells_suppressed(void **state)
{
    TuDb *fx = *state;
    /* Too few people present at a1 share these organisations, so the import stored them as
     * not given (the anonymity rule, survey.h); a database written before the rule keeps them,
     * and its small cells must be hidden all the same. */
    tu_exec(fx->db, "UPDATE response SET organisation_id = (SELECT o.id FROM organisation o"
                    " WHERE o.code = CASE WHEN response.code IN ('r1', 'r2', 'r6') THEN 'sunne'"
                    " ELSE 'torsby' END) WHERE code IN ('r1', 'r2', 'r3', 'r5', 'r6')"
                    " AND survey_id = (SELECT id FROM survey WHERE code = 'e1')");
    json_t *r = get_report(fx, REPORT_LAGESRAPPORT, 2);
    assert_string_equal(str_at(r, "goals[8].id"), "g9");
    assert_int_equal(json_array_size(tu_json_at(r, "goals[8].by_organisation")), 2);
    for (int k = 0; k < 2; k++) {
        char p[64];
        snprintf(p, sizeof p, "goals[8].by_organisation[%d]", k);
        const json_t *c = tu_json_at(r, p);
        assert_true(json_is_true(json_object_get(c, "suppressed")));
        assert_true(json_is_null(json_object_get(c, "achieved")));
        assert_string_equal(json_string_value(json_object_get(c, "suppressed_reason")), "small");
    }
    /* g2 is Torsby's own goal: no breakdown; g10 is a manual value: none either. */
    assert_int_equal(json_array_size(tu_json_at(r, "goals[1].by_organisation")), 0);
    assert_int_equal(json_array_size(tu_json_at(r, "goals[9].by_organisation")), 0);
    /* Participants per organisation: Sunne p1, p2; Torsby p3, p4 (test_report.c). */
    assert_int_equal(json_integer_value(tu_json_at(r, "goals[0].by_organisation[0].achieved")), 2);
    assert_int_equal(json_integer_value(tu_json_at(r, "goals[0].by_organisation[1].achieved")), 2);
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest demo_tests[] = {
        cmocka_unit_test(test_form_questions),
        cmocka_unit_test(test_organisations),
        cmocka_unit_test(test_goals_per_organisation),
        cmocka_unit_test(test_draft_pdf),
    };
    const struct CMUnitTest fx_tests[] = {
        cmocka_unit_test_setup_teardown(test_check_lists_exactly, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_check_deviations_per_period, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_interventions_by_date, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_draft_mark, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_check_moved, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_goal_cells_suppressed, fx_setup, fx_teardown),
    };
    /* The demo first: it is generated as of "today", which the fixture's tests move. */
    int failed = cmocka_run_group_tests(demo_tests, demo_setup, demo_teardown);
    failed += cmocka_run_group_tests(fx_tests, NULL, NULL);
    return failed;
}
