/* survey_figures.c — survey figures for the reports and the goals (see survey_figures.h).
 *
 * A large project has thousands of surveys and hundreds of thousands of answers, so nothing here
 * runs a query per survey or per question. figures_surveys() reads the surveys, their questions
 * and ONE aggregate of the answers grouped by (question, organisation, gender, value), adds the
 * groups up in C into one block of counters per question, and only then writes the JSON. The
 * comparison and the share are one or two aggregate queries each.
 *
 * Suppression (SPEC: a breakdown cell with fewer than 5 responses is never shown) is applied per
 * breakdown, with one addition documented in docs/report-format.md: when the suppressed cells of a
 * breakdown hold between 1 and 4 responses together, the smallest shown cells are suppressed too.
 * Otherwise the question's totals minus the shown cells would give the hidden cell's figures back.
 */
#include "db.h"
#include "survey_figures.h"
#include "reportnum.h"
#include "util.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { T_SCALE5, T_YES_NO, T_TEXT };

/* Counters per answer value: slots 1–5 for scale5, 1 = yes / 0 = no for yes_no, 0 for text. */
#define NVAL 6

/* The counter blocks of one question: the whole question, the three gender cells, then one per
 * organisation of the project in code order, and last one for responses without organisation. */
enum { B_ALL, B_FEMALE, B_MALE, B_OTHER, B_ORG0 };

/* Surveys in [?2, ?3]; undated ones only when no bound is given (header contract). */
#define SQL_PERIOD                                                                            \
    " s.project_id = ?1 AND ((?2 IS NULL AND ?3 IS NULL) OR (s.survey_date IS NOT NULL"       \
    " AND (?2 IS NULL OR s.survey_date >= ?2) AND (?3 IS NULL OR s.survey_date <= ?3)))"

static const char SQL_ORGS[] =
    "SELECT id, code, name FROM organisation WHERE project_id = ?1 ORDER BY code";

static const char SQL_SURVEYS[] =
    "-- surveys\n"
    "SELECT s.id, s.code, s.title, s.kind, a.code, s.survey_date"
    " FROM survey s LEFT JOIN activity a ON a.id = s.activity_id WHERE" SQL_PERIOD
    " ORDER BY s.code";

/* Same order of surveys as SQL_SURVEYS, so the two lists can be walked side by side. */
static const char SQL_QUESTIONS[] =
    "-- questions\n"
    "SELECT q.id, q.survey_id, q.code, q.text, q.type, q.threshold"
    " FROM survey s JOIN question q ON q.survey_id = s.id WHERE" SQL_PERIOD
    " ORDER BY s.code, q.position, q.code";

/* The answers are read in two streams merged in C rather than with one GROUP BY over the
 * join: on the large demo (500,000 answers) the GROUP BY's sort alone takes ~350 ms and the
 * nested join ~110 ms, while a scan of the responses plus an in-order range scan of the answer
 * table's primary key takes a fraction of that. Responses are filtered by survey in C. */
static const char SQL_SURVEY_COUNT[] = "SELECT count(*) FROM survey";

/* When the surveys read are most of the database's, one sequential scan of the response table
 * beats an index probe plus a row lookup per response (~13 ms against ~32 ms on the large demo);
 * the `+` keeps SQLite from using the index. Otherwise only the surveys' own responses. */
static const char SQL_RESPONSES_ALL[] =
    "SELECT r.id, r.survey_id, r.organisation_id, r.gender FROM response r ORDER BY r.id";
static const char SQL_RESPONSES[] =
    "-- responses\n"
    "SELECT r.id, r.survey_id, r.organisation_id, r.gender"
    " FROM survey s JOIN response r ON r.survey_id = s.id WHERE" SQL_PERIOD;

/* ?1..?2 the range of response ids of the project; answers of other projects' responses that
 * fall inside it are skipped by the merge. */
static const char SQL_ANSWER_RANGE[] =
    "SELECT response_id, question_id, num_value FROM answer"
    " WHERE response_id BETWEEN ?1 AND ?2 ORDER BY response_id";

/* Text questions are left out: they have no figures to compare. Ordered by code (BINARY
 * collation, i.e. the same order as strcmp) so that entries can be searched with bsearch. */
static const char SQL_CMP_QUESTIONS[] =
    "-- comparison_questions\n"
    "SELECT q.code, s.kind, q.type, q.text FROM survey s JOIN question q ON q.survey_id = s.id"
    " WHERE s.project_id = ?1 AND s.kind IN ('baseline', 'follow_up')"
    " AND q.type IN ('scale5', 'yes_no') ORDER BY q.code, s.kind, s.code, q.position";

/* Each answer counts against its own question's threshold: pooled surveys may differ in it. */
static const char SQL_CMP_ANSWERS[] =
    "-- comparison_answers\n"
    "SELECT q.code, s.kind, count(*), sum(an.num_value),"
    " sum(CASE WHEN q.type = 'yes_no' THEN an.num_value = 1 ELSE an.num_value >= q.threshold END)"
    " FROM survey s JOIN question q ON q.survey_id = s.id JOIN answer an ON an.question_id = q.id"
    " WHERE s.project_id = ?1 AND s.kind IN ('baseline', 'follow_up')"
    " AND q.type IN ('scale5', 'yes_no') AND an.num_value IS NOT NULL GROUP BY q.code, s.kind";

/* The answers of the surveys in range in one query — what the merge above reads in two
 * streams, for the benchmark's floor. */
static const char SQL_ANSWERS_BENCH[] =
    "-- answers\n"
    "SELECT an.response_id, an.question_id, an.num_value"
    " FROM survey s JOIN response r ON r.survey_id = s.id JOIN answer an ON an.response_id = r.id"
    " WHERE" SQL_PERIOD;

const char *const *figures_survey_bench_queries(bool comparison)
{
    static const char *const report[] = {SQL_SURVEYS, SQL_QUESTIONS, SQL_RESPONSES,
                                         SQL_ANSWERS_BENCH, NULL};
    static const char *const final[] = {SQL_SURVEYS, SQL_QUESTIONS, SQL_RESPONSES,
                                        SQL_ANSWERS_BENCH, SQL_CMP_QUESTIONS, SQL_CMP_ANSWERS,
                                        NULL};
    return comparison ? final : report;
}

static const char SQL_SHARE_SURVEY[] = "SELECT 1 FROM survey WHERE project_id = ?1 AND code = ?2";

/* ?1 project ?2 question ?3 survey code ?4 survey kind (used only without a survey code). */
#define SQL_SHARE_SCOPE                                                                       \
    " FROM survey s JOIN question q ON q.survey_id = s.id AND q.code = ?2"                    \
    " WHERE s.project_id = ?1 AND (?3 IS NULL OR s.code = ?3)"                                \
    " AND (?3 IS NOT NULL OR ?4 IS NULL OR s.kind = ?4)"

static const char SQL_SHARE_QUESTION[] =
    "SELECT count(*), coalesce(sum(q.type <> 'text'), 0)" SQL_SHARE_SCOPE;

/* ?5 min (0: the question's threshold) ?6 upto ?7 organisation (0: all) ?8 gender. */
#define SQL_SHARE_COUNTS                                                                      \
    "count(*), coalesce(sum(CASE WHEN q.type = 'yes_no' THEN an.num_value = 1"                \
    " ELSE an.num_value >= (CASE WHEN ?5 > 0 THEN ?5 ELSE q.threshold END) END), 0)"
#define SQL_SHARE_FROM                                                                        \
    " FROM survey s JOIN question q ON q.survey_id = s.id AND q.code = ?2"                    \
    " JOIN answer an ON an.question_id = q.id JOIN response r ON r.id = an.response_id"       \
    " WHERE s.project_id = ?1 AND (?3 IS NULL OR s.code = ?3)"                                \
    " AND (?3 IS NOT NULL OR ?4 IS NULL OR s.kind = ?4)"                                      \
    " AND q.type <> 'text' AND an.num_value IS NOT NULL"                                      \
    " AND (?6 IS NULL OR s.survey_date <= ?6) AND (?7 = 0 OR r.organisation_id = ?7)"         \
    " AND (?8 IS NULL OR r.gender = ?8"                                                       \
    "      OR (?8 = 'other' AND (r.gender IS NULL OR r.gender = 'unknown')))"
static const char SQL_SHARE[] = "SELECT " SQL_SHARE_COUNTS SQL_SHARE_FROM;
/* The same per organisation of the response (NULL: none), in one pass. */
static const char SQL_SHARE_BY_ORG[] =
    "SELECT r.organisation_id, " SQL_SHARE_COUNTS SQL_SHARE_FROM " GROUP BY r.organisation_id";

/* ---- small helpers ---------------------------------------------------------------------- */

typedef struct IdIdx {
    int64_t id;
    size_t idx;
} IdIdx;

static int ididx_cmp(const void *a, const void *b)
{
    int64_t x = ((const IdIdx *)a)->id, y = ((const IdIdx *)b)->id;
    return (x > y) - (x < y);
}

/* Finds id in v (sorted by id); true and *idx on success. */
static bool ididx_find(const IdIdx *v, size_t n, int64_t id, size_t *idx)
{
    IdIdx key = {id, 0};
    const IdIdx *hit = n ? bsearch(&key, v, n, sizeof *v, ididx_cmp) : NULL;
    if (hit)
        *idx = hit->idx;
    return hit != NULL;
}

static int type_of(const char *s)
{
    if (s && strcmp(s, "scale5") == 0)
        return T_SCALE5;
    if (s && strcmp(s, "yes_no") == 0)
        return T_YES_NO;
    return T_TEXT;
}

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The counter slot of an answer, or -1 for a value the question's type cannot hold (import
 * refuses such values; a hand-edited database must not corrupt the figures). */
static int value_slot(int type, bool is_null, int64_t v)
{
    if (type == T_TEXT)
        return is_null ? 0 : -1;
    if (is_null)
        return -1;
    if (type == T_YES_NO)
        return v == 0 || v == 1 ? (int)v : -1;
    return v >= 1 && v <= 5 ? (int)v : -1;
}

static int64_t count_total(const int64_t *c)
{
    int64_t n = 0;
    for (int v = 0; v < NVAL; v++)
        n += c[v];
    return n;
}

/* Mean of a scale5 block (two decimals), null for other types and without answers. */
static json_t *mean_json(int type, const int64_t *c)
{
    if (type != T_SCALE5)
        return json_null();
    int64_t n = 0, sum = 0;
    for (int v = 1; v <= 5; v++) {
        n += c[v];
        sum += v * c[v];
    }
    return reportnum_mean(n ? (double)sum / (double)n : NAN);
}

/* share_at_least of a block: {"min", "percent"}, percent null without answers. */
static json_t *share_json(int type, int threshold, const int64_t *c)
{
    if (type == T_TEXT)
        return json_null();
    if (type == T_YES_NO)
        return json_pack("{s:n, s:o}", "min", "percent", reportnum_share(c[1], c[0] + c[1]));
    int64_t at = 0;
    for (int v = threshold; v <= 5; v++)
        at += c[v];
    return json_pack("{s:i, s:o}", "min", threshold, "percent",
                     reportnum_share(at, count_total(c)));
}

static json_t *distribution_json(int type, const int64_t *c)
{
    if (type == T_YES_NO)
        return json_pack("{s:I, s:I}", "yes", (json_int_t)c[1], "no", (json_int_t)c[0]);
    if (type == T_TEXT)
        return json_null();
    json_t *d = json_object();
    for (int v = 1; v <= 5; v++) {
        char key[2] = {(char)('0' + v), '\0'};
        json_object_set_new(d, key, json_integer(c[v]));
    }
    return d;
}

/* Whether a breakdown cell is shown, and if not why: too few responses of its own, or only so
 * that a small cell beside it cannot be worked out from the totals (such a cell may hold 27
 * responses, and must not be said to have fewer than 5). */
typedef enum { CELL_SHOWN = 0, CELL_SMALL, CELL_COMPLEMENT } Hide;

/* Marks a hidden cell: "suppressed": true and its "suppressed_reason". */
static void cell_hide(json_t *cell, Hide hide)
{
    json_object_set_new(cell, "suppressed", json_true());
    json_object_set_new(cell, "suppressed_reason",
                        json_string(hide == CELL_SMALL ? "small" : "complement"));
}

/* Completes a breakdown cell that already holds its labels: the figures, or only
 * "suppressed": true and why — not even the count, which alone could identify someone. */
static void cell_fill(json_t *cell, Hide hide, int type, int threshold, const int64_t *c)
{
    if (hide != CELL_SHOWN) {
        cell_hide(cell, hide);
        return;
    }
    json_object_set_new(cell, "responses", json_integer(count_total(c)));
    json_object_set_new(cell, "mean", mean_json(type, c));
    json_object_set_new(cell, "share_at_least", share_json(type, threshold, c));
}

/* Decides which cells of one breakdown to hide: every cell under SURVEY_MIN_RESPONSES, then, while
 * the hidden cells hold 1–4 responses together, the smallest shown cell (the last of equals), so
 * that subtracting the shown cells from the question's totals reveals no group under the minimum. */
static void suppress(const int64_t *n, Hide *hide, size_t k)
{
    int64_t hidden = 0;
    for (size_t i = 0; i < k; i++) {
        hide[i] = n[i] < SURVEY_MIN_RESPONSES ? CELL_SMALL : CELL_SHOWN;
        if (hide[i])
            hidden += n[i];
    }
    while (hidden > 0 && hidden < SURVEY_MIN_RESPONSES) {
        size_t best = k;
        for (size_t i = 0; i < k; i++)
            if (!hide[i] && (best == k || n[i] <= n[best]))
                best = i;
        if (best == k)
            break;
        hide[best] = CELL_COMPLEMENT;
        hidden += n[best];
    }
}

/* ---- organisations ---------------------------------------------------------------------- */

typedef struct Orgs {
    size_t n;
    char **codes;     /* in code order */
    char **names;
    IdIdx *by_id;     /* id → position in code order */
} Orgs;

static void orgs_free(Orgs *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->codes[i]);
        free(o->names[i]);
    }
    free(o->codes);
    free(o->names);
    free(o->by_id);
    memset(o, 0, sizeof *o);
}

/* Loads the project's organisations (a handful) for labelling cells. */
static int orgs_load(Db *db, int64_t project_id, Orgs *o, Errs *errs)
{
    int rc = INSATS_OK;
    size_t cap = 0;
    sqlite3_stmt *st = db_stmt(db, SQL_ORGS);
    sqlite3_bind_int64(st, 1, project_id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (o->n == cap) {
            cap = cap ? cap * 2 : 16;
            o->codes = xrealloc(o->codes, cap * sizeof *o->codes);
            o->names = xrealloc(o->names, cap * sizeof *o->names);
            o->by_id = xrealloc(o->by_id, cap * sizeof *o->by_id);
        }
        o->by_id[o->n] = (IdIdx){sqlite3_column_int64(st, 0), o->n};
        o->codes[o->n] = xstrdup(db_col_text(st, 1));
        o->names[o->n] = xstrdup(db_col_text(st, 2));
        o->n++;
    }
    if (step != SQLITE_DONE) {
        rc = db_fail(db, errs, "reading organisations");
        goto out;
    }
    if (o->n)
        qsort(o->by_id, o->n, sizeof *o->by_id, ididx_cmp);
out:
    sqlite3_reset(st);
    return rc;
}

/* ---- figures_surveys -------------------------------------------------------------------- */

typedef struct SurveyRef {
    int64_t id;
    json_t *obj;         /* borrowed from the result array */
    json_t *questions;   /* borrowed from the survey object */
    int64_t responses;
} SurveyRef;

typedef struct QuestionRef {
    int type;
    int threshold;
    json_t *obj;         /* borrowed from its survey's "questions" */
} QuestionRef;

typedef struct Collect {
    Orgs orgs;
    SurveyRef *surveys;
    size_t nsurveys;
    QuestionRef *questions;
    size_t nquestions;
    IdIdx *qby_id;
    IdIdx *sby_id;
    int64_t *counts;     /* nquestions × stride × NVAL */
    size_t stride;       /* blocks per question: B_ORG0 + organisations + 1 */
} Collect;

static void bind_period(sqlite3_stmt *st, int64_t project_id, const char *from, const char *to)
{
    sqlite3_bind_int64(st, 1, project_id);
    db_bind_text_or_null(st, 2, from);
    db_bind_text_or_null(st, 3, to);
}

/* Reads the surveys into out (objects without figures yet) and c->surveys. */
static int read_surveys(Db *db, int64_t project_id, const char *from, const char *to,
                        json_t *out, Collect *c, Errs *errs)
{
    int rc = INSATS_OK;
    size_t cap = 0;
    sqlite3_stmt *st = db_stmt(db, SQL_SURVEYS);
    bind_period(st, project_id, from, to);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *qs = json_array();
        json_t *s = json_object();
        json_object_set_new(s, "id", json_string(db_col_text(st, 1)));
        json_object_set_new(s, "title", json_string(db_col_text(st, 2)));
        json_object_set_new(s, "kind", json_string(db_col_text(st, 3)));
        json_object_set_new(s, "activity", text_or_null(db_col_text(st, 4)));
        json_object_set_new(s, "date", text_or_null(db_col_text(st, 5)));
        json_object_set_new(s, "responses", json_integer(0));   /* set once counted */
        json_object_set_new(s, "questions", qs);
        json_array_append_new(out, s);
        if (c->nsurveys == cap) {
            cap = cap ? cap * 2 : 64;
            c->surveys = xrealloc(c->surveys, cap * sizeof *c->surveys);
            c->sby_id = xrealloc(c->sby_id, cap * sizeof *c->sby_id);
        }
        c->sby_id[c->nsurveys] = (IdIdx){sqlite3_column_int64(st, 0), c->nsurveys};
        c->surveys[c->nsurveys++] = (SurveyRef){sqlite3_column_int64(st, 0), s, qs, 0};
    }
    if (step != SQLITE_DONE)
        rc = db_fail(db, errs, "reading surveys");
    if (c->nsurveys)
        qsort(c->sby_id, c->nsurveys, sizeof *c->sby_id, ididx_cmp);
    sqlite3_reset(st);
    return rc;
}

/* Reads the questions of those surveys into their "questions" arrays and c->questions. */
static int read_questions(Db *db, int64_t project_id, const char *from, const char *to,
                          Collect *c, Errs *errs)
{
    int rc = INSATS_OK;
    size_t cap = 0, cur = 0;
    sqlite3_stmt *st = db_stmt(db, SQL_QUESTIONS);
    bind_period(st, project_id, from, to);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t sid = sqlite3_column_int64(st, 1);
        while (cur < c->nsurveys && c->surveys[cur].id != sid)
            cur++;
        if (cur == c->nsurveys) {
            /* Only if a writer slipped in between the two reads without a read transaction. */
            errs_add(errs, "reading survey questions: the surveys changed while being read");
            rc = INSATS_ESTORAGE;
            goto out;
        }
        const char *type = db_col_text(st, 4);
        json_t *q = json_object();
        json_object_set_new(q, "id", json_string(db_col_text(st, 2)));
        json_object_set_new(q, "text", json_string(db_col_text(st, 3)));
        json_object_set_new(q, "type", json_string(type));
        json_array_append_new(c->surveys[cur].questions, q);
        if (c->nquestions == cap) {
            cap = cap ? cap * 2 : 256;
            c->questions = xrealloc(c->questions, cap * sizeof *c->questions);
            c->qby_id = xrealloc(c->qby_id, cap * sizeof *c->qby_id);
        }
        c->questions[c->nquestions] =
            (QuestionRef){type_of(type), sqlite3_column_int(st, 5), q};
        c->qby_id[c->nquestions] = (IdIdx){sqlite3_column_int64(st, 0), c->nquestions};
        c->nquestions++;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(db, errs, "reading survey questions");
    if (c->nquestions)
        qsort(c->qby_id, c->nquestions, sizeof *c->qby_id, ididx_cmp);
out:
    sqlite3_reset(st);
    return rc;
}

/* A response of the surveys read: where its answers are counted. */
typedef struct RespRef {
    int64_t id;
    uint32_t org;        /* position in c->orgs, c->orgs.n for none */
    uint32_t gender;     /* B_FEMALE, B_MALE or B_OTHER */
} RespRef;

static int respref_cmp(const void *a, const void *b)
{
    int64_t x = ((const RespRef *)a)->id, y = ((const RespRef *)b)->id;
    return (x > y) - (x < y);
}

/* Reads the responses of the surveys read into *out (sorted by id), *n their number, and
 * counts them per survey. */
static int read_responses(Db *db, int64_t project_id, const char *from, const char *to,
                          Collect *c, RespRef **out, size_t *n, Errs *errs)
{
    int rc = INSATS_OK;
    size_t cap = 0;
    bool sorted = true;
    sqlite3_stmt *st = db_stmt(db, SQL_SURVEY_COUNT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = db_fail(db, errs, "counting surveys");
        sqlite3_reset(st);
        return rc;
    }
    bool scan_all = (int64_t)c->nsurveys * 2 >= sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = db_stmt(db, scan_all ? SQL_RESPONSES_ALL : SQL_RESPONSES);
    if (!scan_all)
        bind_period(st, project_id, from, to);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t oi, si;
        if (!ididx_find(c->sby_id, c->nsurveys, sqlite3_column_int64(st, 1), &si))
            continue;   /* another project's, or outside the period */
        c->surveys[si].responses++;
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        RespRef *r = &(*out)[*n];
        r->id = sqlite3_column_int64(st, 0);
        if (sqlite3_column_type(st, 2) == SQLITE_NULL ||
            !ididx_find(c->orgs.by_id, c->orgs.n, sqlite3_column_int64(st, 2), &oi))
            oi = c->orgs.n;
        r->org = (uint32_t)oi;
        const char *g = db_col_text(st, 3);
        r->gender = g && strcmp(g, "female") == 0 ? B_FEMALE
                  : g && strcmp(g, "male") == 0   ? B_MALE
                                                  : B_OTHER;
        if (*n > 0 && (*out)[*n - 1].id > r->id)
            sorted = false;
        (*n)++;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(db, errs, "reading survey responses");
    sqlite3_reset(st);
    /* Usually already in id order (responses are imported survey by survey). */
    if (rc == INSATS_OK && !sorted)
        qsort(*out, *n, sizeof **out, respref_cmp);
    return rc;
}

/* Counts every answer to the questions read into the counter blocks: the whole question, its
 * gender cell and its organisation cell. Merges the responses (sorted by id) with the answers
 * in primary-key order, so each answer costs one step of a sequential scan. */
static int read_answers(Db *db, int64_t project_id, const char *from, const char *to,
                        Collect *c, Errs *errs)
{
    int rc;
    RespRef *resp = NULL;
    size_t nresp = 0, ri = 0;
    c->stride = B_ORG0 + c->orgs.n + 1;
    c->counts = xcalloc(c->nquestions * c->stride * NVAL + 1, sizeof *c->counts);
    if ((rc = read_responses(db, project_id, from, to, c, &resp, &nresp, errs)) != INSATS_OK)
        goto out;
    for (size_t i = 0; i < c->nsurveys; i++)
        json_object_set_new(c->surveys[i].obj, "responses", json_integer(c->surveys[i].responses));
    if (nresp == 0 || c->nquestions == 0)
        goto out;

    sqlite3_stmt *st = db_stmt(db, SQL_ANSWER_RANGE);
    sqlite3_bind_int64(st, 1, resp[0].id);
    sqlite3_bind_int64(st, 2, resp[nresp - 1].id);
    int step;
    int64_t last_qid = -1;
    size_t qi = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(st, 0);
        while (ri < nresp && resp[ri].id < rid)
            ri++;
        if (ri == nresp)
            break;
        if (resp[ri].id != rid)
            continue;   /* a response of another project, or of a survey outside the period */
        int64_t qid = sqlite3_column_int64(st, 1);
        if (qid != last_qid) {
            if (!ididx_find(c->qby_id, c->nquestions, qid, &qi))
                continue;   /* a question added after the questions were read */
            last_qid = qid;
        }
        const QuestionRef *q = &c->questions[qi];
        int slot = value_slot(q->type, sqlite3_column_type(st, 2) == SQLITE_NULL,
                              sqlite3_column_int64(st, 2));
        if (slot < 0)
            continue;
        int64_t *base = c->counts + qi * c->stride * NVAL;
        base[B_ALL * NVAL + slot]++;
        base[resp[ri].gender * NVAL + slot]++;
        base[(B_ORG0 + resp[ri].org) * NVAL + slot]++;
    }
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        rc = db_fail(db, errs, "reading survey answers");
    sqlite3_reset(st);
out:
    free(resp);
    return rc;
}

/* Writes the figures of question qi from its counter blocks. */
static void question_fill(const Collect *c, size_t qi, int64_t *n, Hide *hide, size_t *pick)
{
    static const char *const genders[] = {"female", "male", "other"};
    const QuestionRef *q = &c->questions[qi];
    const int64_t *base = c->counts + qi * c->stride * NVAL;
    json_t *o = q->obj;

    json_object_set_new(o, "responses", json_integer(count_total(base)));
    json_object_set_new(o, "mean", mean_json(q->type, base));
    json_object_set_new(o, "distribution", distribution_json(q->type, base));
    json_object_set_new(o, "share_at_least", share_json(q->type, q->threshold, base));

    /* Organisations (and "none", last) that answered this question, in code order. */
    size_t k = 0;
    for (size_t i = 0; i <= c->orgs.n; i++) {
        int64_t t = count_total(base + (B_ORG0 + i) * NVAL);
        if (t > 0) {
            pick[k] = i;
            n[k++] = t;
        }
    }
    suppress(n, hide, k);
    json_t *cells = json_array();
    for (size_t j = 0; j < k; j++) {
        size_t i = pick[j];
        json_t *cell = json_object();
        json_object_set_new(cell, "organisation",
                            i < c->orgs.n ? json_string(c->orgs.codes[i]) : json_null());
        json_object_set_new(cell, "name",
                            i < c->orgs.n ? json_string(c->orgs.names[i]) : json_null());
        cell_fill(cell, hide[j], q->type, q->threshold, base + (B_ORG0 + i) * NVAL);
        json_array_append_new(cells, cell);
    }
    json_object_set_new(o, "by_organisation", cells);

    /* Always the three gender cells: an absent one is as telling as a small one. */
    for (size_t g = 0; g < 3; g++)
        n[g] = count_total(base + (B_FEMALE + g) * NVAL);
    suppress(n, hide, 3);
    cells = json_array();
    for (size_t g = 0; g < 3; g++) {
        json_t *cell = json_pack("{s:s}", "gender", genders[g]);
        cell_fill(cell, hide[g], q->type, q->threshold, base + (B_FEMALE + g) * NVAL);
        json_array_append_new(cells, cell);
    }
    json_object_set_new(o, "by_gender", cells);
}

/* ---- the summary: questions pooled over surveys -------------------------------------------- */

/* One row of survey_summary: every question of one survey kind with the same id, type and text,
 * its answers pooled over the surveys that ask it. Per block (the blocks of Collect): the
 * answers and those at or above each question's own threshold (yes for yes_no). */
typedef struct SumEntry {
    const char *kind, *code, *text;   /* borrowed from the survey and question objects */
    int type;
    int threshold;                    /* the common threshold, -1 when the surveys differ */
    int64_t surveys;
    int64_t *n, *at;                  /* stride blocks each */
} SumEntry;

static int kind_rank(const char *k)
{
    return !strcmp(k, "baseline") ? 0 : !strcmp(k, "after_activity") ? 1
         : !strcmp(k, "follow_up") ? 2 : 3;
}

static int sum_entry_cmp(const SumEntry *a, const char *kind, const char *code, int type,
                         const char *text)
{
    int r = kind_rank(a->kind) - kind_rank(kind);
    if (!r)
        r = strcmp(a->kind, kind);
    if (!r)
        r = strcmp(a->code, code);
    if (!r)
        r = a->type - type;
    if (!r)
        r = strcmp(a->text, text);
    return r;
}

static int sum_entry_qsort(const void *x, const void *y)
{
    const SumEntry *b = y;
    return sum_entry_cmp(x, b->kind, b->code, b->type, b->text);
}

static json_t *summary_share(const SumEntry *e, size_t blk)
{
    json_t *min = e->type == T_SCALE5 && e->threshold >= 0 ? json_integer(e->threshold) : json_null();
    return json_pack("{s:o, s:o}", "min", min, "percent", reportnum_share(e->at[blk], e->n[blk]));
}

static json_t *summary_cell(const SumEntry *e, size_t blk, Hide hide, json_t *cell)
{
    if (hide != CELL_SHOWN) {
        cell_hide(cell, hide);
        return cell;
    }
    json_object_set_new(cell, "responses", json_integer(e->n[blk]));
    json_object_set_new(cell, "share_at_least", summary_share(e, blk));
    return cell;
}

/* The rows of survey_summary from the counter blocks (docs/report-format.md), suppressed per
 * breakdown as the questions' own breakdowns are. Text questions have no figures to pool. */
static json_t *survey_summary(const Collect *c, int64_t *n, Hide *hide, size_t *pick)
{
    static const char *const genders[] = {"female", "male", "other"};
    SumEntry *e = NULL;
    size_t ne = 0, cap = 0;
    for (size_t si = 0, qi = 0; si < c->nsurveys; si++) {
        const char *kind = json_string_value(json_object_get(c->surveys[si].obj, "kind"));
        kind = kind ? kind : "";
        size_t nq = json_array_size(c->surveys[si].questions);
        for (size_t k = 0; k < nq; k++, qi++) {
            const QuestionRef *q = &c->questions[qi];
            if (q->type == T_TEXT)
                continue;
            const char *code = json_string_value(json_object_get(q->obj, "id"));
            const char *text = json_string_value(json_object_get(q->obj, "text"));
            size_t j = 0;
            while (j < ne && sum_entry_cmp(&e[j], kind, code, q->type, text) != 0)
                j++;
            if (j == ne) {
                if (ne == cap) {
                    cap = cap ? cap * 2 : 16;
                    e = xrealloc(e, cap * sizeof *e);
                }
                e[ne++] = (SumEntry){kind, code, text, q->type, q->threshold, 0,
                                     xcalloc(c->stride, sizeof(int64_t)),
                                     xcalloc(c->stride, sizeof(int64_t))};
            }
            SumEntry *s = &e[j];
            if (s->threshold != q->threshold)
                s->threshold = -1;
            s->surveys++;
            const int64_t *base = c->counts + qi * c->stride * NVAL;
            int from = q->type == T_YES_NO ? 1 : q->threshold;
            for (size_t b = 0; b < c->stride; b++)
                for (int v = 0; v < NVAL; v++) {
                    int64_t x = base[b * NVAL + v];
                    s->n[b] += x;
                    if (v >= from)
                        s->at[b] += x;
                }
        }
    }
    if (ne)
        qsort(e, ne, sizeof *e, sum_entry_qsort);
    json_t *out = json_array();
    for (size_t j = 0; j < ne; j++) {
        const SumEntry *s = &e[j];
        json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "kind", s->kind, "question",
                                s->code, "text", s->text, "type",
                                s->type == T_YES_NO ? "yes_no" : "scale5", "surveys",
                                (json_int_t)s->surveys, "responses", (json_int_t)s->n[B_ALL]);
        json_object_set_new(row, "share_at_least", summary_share(s, B_ALL));
        size_t k = 0;
        for (size_t i = 0; i <= c->orgs.n; i++)
            if (s->n[B_ORG0 + i] > 0) {
                pick[k] = i;
                n[k++] = s->n[B_ORG0 + i];
            }
        suppress(n, hide, k);
        json_t *cells = json_array();
        for (size_t m = 0; m < k; m++) {
            size_t i = pick[m];
            json_t *cell = json_pack("{s:o, s:o}", "organisation",
                                     i < c->orgs.n ? json_string(c->orgs.codes[i]) : json_null(),
                                     "name", i < c->orgs.n ? json_string(c->orgs.names[i]) : json_null());
            json_array_append_new(cells, summary_cell(s, B_ORG0 + i, hide[m], cell));
        }
        json_object_set_new(row, "by_organisation", cells);
        for (size_t g = 0; g < 3; g++)
            n[g] = s->n[B_FEMALE + g];
        suppress(n, hide, 3);
        cells = json_array();
        for (size_t g = 0; g < 3; g++)
            json_array_append_new(cells, summary_cell(s, B_FEMALE + g, hide[g],
                                                      json_pack("{s:s}", "gender", genders[g])));
        json_object_set_new(row, "by_gender", cells);
        json_array_append_new(out, row);
    }
    for (size_t j = 0; j < ne; j++) {
        free(e[j].n);
        free(e[j].at);
    }
    free(e);
    return out;
}

json_t *figures_surveys(Db *db, int64_t project_id, const char *from, const char *to,
                       json_t **summary, Errs *errs)
{
    int rc;
    Collect c = {0};
    int64_t *n = NULL;
    Hide *hide = NULL;
    size_t *pick = NULL;
    json_t *out = json_array();

    if ((rc = orgs_load(db, project_id, &c.orgs, errs)) != INSATS_OK ||
        (rc = read_surveys(db, project_id, from, to, out, &c, errs)) != INSATS_OK ||
        (rc = read_questions(db, project_id, from, to, &c, errs)) != INSATS_OK ||
        (rc = read_answers(db, project_id, from, to, &c, errs)) != INSATS_OK)
        goto out;

    /* Scratch for one breakdown: at most every organisation plus "none" (≥ 3 for gender). */
    size_t scratch = c.orgs.n + 1 > 3 ? c.orgs.n + 1 : 3;
    n = xcalloc(scratch, sizeof *n);
    hide = xcalloc(scratch, sizeof *hide);
    pick = xcalloc(scratch, sizeof *pick);
    for (size_t qi = 0; qi < c.nquestions; qi++)
        question_fill(&c, qi, n, hide, pick);
    if (summary)
        *summary = survey_summary(&c, n, hide, pick);

out:
    free(n);
    free(hide);
    free(pick);
    free(c.counts);
    free(c.qby_id);
    free(c.questions);
    free(c.surveys);
    free(c.sby_id);
    orgs_free(&c.orgs);
    if (rc != INSATS_OK) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* ---- figures_survey_comparison ---------------------------------------------------------- */

enum { SIDE_BASELINE, SIDE_FOLLOW_UP };

typedef struct CmpEntry {
    char *code;
    char *text;          /* of the first baseline survey asking it (by survey id) */
    int type;
    bool mixed;          /* scale5 in one survey, yes_no in another: nothing to pool */
    bool asked[2];
    int64_t n[2], sum[2], at[2];
} CmpEntry;

static int cmp_entry_find(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const CmpEntry *)elem)->code);
}

/* One side's figures, or null (and a reason appended) when it has too few responses. */
static json_t *cmp_side(const CmpEntry *e, int side, Buf *reason, double *percent)
{
    static const char *const where[] = {"nollmätningen", "uppföljningen"};
    *percent = NAN;
    if (e->n[side] < SURVEY_MIN_RESPONSES) {
        buf_printf(reason, "%s%s (%lld < %d)", reason->len ? " och i " : "för få svar i ",
                   where[side], (long long)e->n[side], SURVEY_MIN_RESPONSES);
        return json_null();
    }
    *percent = 100.0 * (double)e->at[side] / (double)e->n[side];
    return json_pack("{s:I, s:o, s:o}", "responses", (json_int_t)e->n[side], "mean",
                     reportnum_mean(e->type == T_SCALE5
                                        ? (double)e->sum[side] / (double)e->n[side]
                                        : NAN),
                     "percent", reportnum_percent(*percent));
}

json_t *figures_survey_comparison(Db *db, int64_t project_id, Errs *errs)
{
    int rc = INSATS_OK;
    CmpEntry *v = NULL;
    size_t nv = 0, cap = 0;
    json_t *out = NULL;
    int step;

    sqlite3_stmt *st = db_stmt(db, SQL_CMP_QUESTIONS);
    sqlite3_bind_int64(st, 1, project_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = db_col_text(st, 0);
        int side = strcmp(db_col_text(st, 1), "baseline") == 0 ? SIDE_BASELINE : SIDE_FOLLOW_UP;
        int type = type_of(db_col_text(st, 2));
        if (nv == 0 || strcmp(v[nv - 1].code, code) != 0) {
            if (nv == cap) {
                cap = cap ? cap * 2 : 16;
                v = xrealloc(v, cap * sizeof *v);
            }
            v[nv++] = (CmpEntry){.code = xstrdup(code), .text = xstrdup(db_col_text(st, 3)),
                                 .type = type};
        }
        CmpEntry *e = &v[nv - 1];
        e->asked[side] = true;
        if (e->type != type)
            e->mixed = true;
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        rc = db_fail(db, errs, "reading baseline and follow-up questions");
        goto out;
    }

    st = db_stmt(db, SQL_CMP_ANSWERS);
    sqlite3_bind_int64(st, 1, project_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        CmpEntry *e = nv ? bsearch(db_col_text(st, 0), v, nv, sizeof *v, cmp_entry_find) : NULL;
        if (!e)
            continue;
        int side = strcmp(db_col_text(st, 1), "baseline") == 0 ? SIDE_BASELINE : SIDE_FOLLOW_UP;
        e->n[side] = sqlite3_column_int64(st, 2);
        e->sum[side] = sqlite3_column_int64(st, 3);
        e->at[side] = sqlite3_column_int64(st, 4);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        rc = db_fail(db, errs, "reading baseline and follow-up answers");
        goto out;
    }

    out = json_array();
    Buf reason = {0};
    for (size_t i = 0; i < nv; i++) {
        const CmpEntry *e = &v[i];
        if (!e->asked[SIDE_BASELINE] || !e->asked[SIDE_FOLLOW_UP])
            continue;
        json_t *base, *follow, *change = json_null();
        double pb, pf;
        buf_clear(&reason);
        if (e->mixed) {
            base = json_null();
            follow = json_null();
            buf_puts(&reason, "frågan har olika svarstyper i nollmätningen och uppföljningen");
        } else {
            base = cmp_side(e, SIDE_BASELINE, &reason, &pb);
            follow = cmp_side(e, SIDE_FOLLOW_UP, &reason, &pf);
            /* The difference of the two shown (rounded) percentages, so that it adds up on paper. */
            if (!isnan(pb) && !isnan(pf)) {
                json_decref(change);
                change = reportnum_percent(round(pf * 10.0) / 10.0 - round(pb * 10.0) / 10.0);
            }
        }
        json_array_append_new(
            out, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "question", e->code, "text", e->text,
                           "baseline", base, "follow_up", follow, "change_percent", change,
                           "refused", reason.len ? json_string(reason.data) : json_null()));
    }
    buf_free(&reason);

out:
    for (size_t i = 0; i < nv; i++) {
        free(v[i].code);
        free(v[i].text);
    }
    free(v);
    return rc == INSATS_OK ? out : NULL;
}

/* ---- figures_survey_share --------------------------------------------------------------- */

int figures_survey_share(Db *db, int64_t project_id, const char *survey_code, const char *survey_kind,
                         const char *question_code, int min, int64_t organisation_id, const char *gender,
                         const char *upto, double *percent, int64_t *responses, Errs *errs)
{
    int rc = INSATS_OK;
    sqlite3_stmt *st = NULL;
    *percent = NAN;
    *responses = 0;

    if (!question_code) {
        errs_add(errs, "survey_share: a question id is required");
        return INSATS_EINPUT;
    }
    if (min < 0 || min > 5) {
        errs_add(errs, "survey_share: min %d is not 1–5", min);
        return INSATS_EINPUT;
    }
    if (gender && strcmp(gender, "female") != 0 && strcmp(gender, "male") != 0 &&
        strcmp(gender, "other") != 0) {
        errs_add(errs, "survey_share: gender \"%s\" is not one of female, male, other", gender);
        return INSATS_EINPUT;
    }
    if (!survey_code && survey_kind && strcmp(survey_kind, "after_activity") != 0 &&
        strcmp(survey_kind, "baseline") != 0 && strcmp(survey_kind, "follow_up") != 0) {
        errs_add(errs, "survey_share: survey kind \"%s\" is not one of after_activity, baseline, "
                       "follow_up", survey_kind);
        return INSATS_EINPUT;
    }
    if (upto && !date_valid(upto)) {
        errs_add(errs, "survey_share: \"%s\" is not a date (YYYY-MM-DD)", upto);
        return INSATS_EINPUT;
    }

    if (survey_code) {
        st = db_stmt(db, SQL_SHARE_SURVEY);
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_text(st, 2, survey_code, -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE) {
            errs_add(errs, "survey_share: no survey \"%s\" in the project", survey_code);
            rc = INSATS_EINPUT;
            goto out;
        }
        if (step != SQLITE_ROW) {
            rc = db_fail(db, errs, "reading surveys");
            goto out;
        }
        sqlite3_reset(st);
    }

    st = db_stmt(db, SQL_SHARE_QUESTION);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, question_code, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 3, survey_code);
    db_bind_text_or_null(st, 4, survey_kind);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = db_fail(db, errs, "reading survey questions");
        goto out;
    }
    if (sqlite3_column_int64(st, 0) == 0 || sqlite3_column_int64(st, 1) == 0) {
        char *where = survey_code   ? xasprintf("survey \"%s\"", survey_code)
                    : survey_kind ? xasprintf("any survey of kind %s", survey_kind)
                                  : xstrdup("any survey");
        if (sqlite3_column_int64(st, 0) == 0)
            errs_add(errs, "survey_share: no question \"%s\" in %s", question_code, where);
        else
            errs_add(errs, "survey_share: question \"%s\" in %s is a text question, which has "
                           "no share", question_code, where);
        free(where);
        rc = INSATS_EINPUT;
        goto out;
    }
    sqlite3_reset(st);

    st = db_stmt(db, SQL_SHARE);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, question_code, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 3, survey_code);
    db_bind_text_or_null(st, 4, survey_kind);
    sqlite3_bind_int(st, 5, min);
    db_bind_text_or_null(st, 6, upto);
    sqlite3_bind_int64(st, 7, organisation_id > 0 ? organisation_id : 0);
    db_bind_text_or_null(st, 8, gender);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = db_fail(db, errs, "reading survey answers");
        goto out;
    }
    *responses = sqlite3_column_int64(st, 0);
    if (*responses > 0)
        *percent = 100.0 * (double)sqlite3_column_int64(st, 1) / (double)*responses;

out:
    if (st)
        sqlite3_reset(st);
    return rc;
}

void figures_survey_suppress(const int64_t *n, const char **why, size_t k)
{
    Hide *hide = xcalloc(k ? k : 1, sizeof *hide);
    suppress(n, hide, k);
    for (size_t i = 0; i < k; i++)
        why[i] = hide[i] == CELL_SHOWN ? NULL : hide[i] == CELL_SMALL ? "small" : "complement";
    free(hide);
}

int figures_survey_share_by_org(Db *db, int64_t project_id, const char *survey_code,
                                const char *survey_kind, const char *question_code, int min,
                                const char *gender, const char *upto, SurveyShareCell **cells,
                                size_t *n, Errs *errs)
{
    *cells = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, SQL_SHARE_BY_ORG);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, question_code, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 3, survey_code);
    db_bind_text_or_null(st, 4, survey_kind);
    sqlite3_bind_int(st, 5, min);
    db_bind_text_or_null(st, 6, upto);
    sqlite3_bind_int64(st, 7, 0);
    db_bind_text_or_null(st, 8, gender);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *cells = xrealloc(*cells, cap * sizeof **cells);
        }
        (*cells)[(*n)++] = (SurveyShareCell){
            sqlite3_column_type(st, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 0),
            sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2)};
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE)
        return INSATS_OK;
    free(*cells);
    *cells = NULL;
    *n = 0;
    return db_fail(db, errs, "reading survey answers");
}
