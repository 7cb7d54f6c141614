/* survey.c — surveys with their questions, responses and answers. */
#include "survey.h"
#include "audit.h"
#include "db.h"
#include "rec.h"
#include "stmt.h"
#include "survey_link.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const SURVEY_KEYS[] = {"id", "title", "kind", "activity", "date", "closes",
                                          "one_per_browser", "link", "questions", "responses",
                                          NULL};

static const char *const QUESTION_KEYS[] = {"id", "text", "type", "threshold", NULL};

static const char *const RESPONSE_KEYS[] = {"id", "organisation", "gender", "answered_on",
                                            "answers", NULL};

static const char SQL_SURVEY_UPSERT[] =
    "INSERT INTO survey (project_id, code, title, kind, activity_id, survey_date, closes, "
    "one_per_browser, token) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (project_id, code) DO UPDATE SET "
    "title = excluded.title, kind = excluded.kind, activity_id = excluded.activity_id, "
    "survey_date = excluded.survey_date, closes = excluded.closes, "
    "one_per_browser = excluded.one_per_browser, "
    /* a record without its link (a form's edit) keeps the link it has */
    "token = coalesce(excluded.token, survey.token) RETURNING id";

static const char SQL_QUESTION_LIST[] =
    "SELECT code, id * 4 + CASE type WHEN 'scale5' THEN 0 WHEN 'yes_no' THEN 1 ELSE 2 END "
    "FROM question WHERE survey_id = ?1";

static const char SQL_QUESTION_UPSERT[] =
    "INSERT INTO question (survey_id, code, position, text, type, threshold) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (survey_id, code) DO UPDATE SET "
    "position = excluded.position, text = excluded.text, type = excluded.type, "
    "threshold = excluded.threshold RETURNING id";

static const char SQL_RESPONSE_UPSERT[] =
    "INSERT INTO response (survey_id, code, organisation_id, gender, answered_on) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (survey_id, code) DO UPDATE SET organisation_id = excluded.organisation_id, "
    "gender = excluded.gender, answered_on = excluded.answered_on RETURNING id";

static const char SQL_ANSWER_DELETE[] = "DELETE FROM answer WHERE response_id = ?1";

static const char SQL_ANSWER_INSERT[] =
    "INSERT INTO answer (response_id, question_id, num_value, text_value) "
    "VALUES (?1, ?2, ?3, ?4)";

/* Question map values pack the row id and the type, id * 4 + type index (VOCAB_QUESTION_TYPE), so
 * that one lookup both resolves an answer's question and says which value it needs. */
static int survey_question_type_index(const char *type)
{
    int k = vocab_index(VOCAB_QUESTION_TYPE, type);
    return k < 0 ? 2 : k;
}

static void survey_questions_save(Rec *r, const json_t *o, const char *path, int64_t sid,
                                  Idmap *questions)
{
    json_t *arr = rec_array(r, o, path, "questions");
    Idmap seen;
    idmap_init(&seen);
    char list[REC_PATH_LEN];
    rec_path(list, "%s.questions", path);
    size_t j;
    json_t *q;
    json_array_foreach(arr, j, q) {
        char qpath[REC_PATH_LEN];
        rec_path(qpath, "%s[%zu]", list, j);
        if (!rec_object(r, q, qpath, QUESTION_KEYS))
            continue;
        const char *code = rec_code(r, q, qpath, "id");
        const char *text = rec_str(r, q, qpath, "text", true);
        const char *type = rec_enum(r, q, qpath, "type", true, VOCAB_QUESTION_TYPE);
        int64_t threshold = 2;
        rec_int(r, q, qpath, "threshold", false, 1, 5, &threshold);
        if (!code || !rec_claim_in(r, &seen, NULL, list, j, code))
            continue;
        int tix = type ? survey_question_type_index(type) : 2;
        /* Registered even when not written, so answers are still checked against its type. */
        idmap_put(questions, code, tix);   /* row id 0: not written */
        if (sid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_QUESTION_UPSERT);
        sqlite3_bind_int64(st, 1, sid);
        rec_bind_text(st, 2, code);
        sqlite3_bind_int64(st, 3, (int64_t)j);
        rec_bind_text(st, 4, text);
        rec_bind_text(st, 5, type);
        sqlite3_bind_int64(st, 6, threshold);
        int64_t id = rec_write(r, st, qpath, true);
        if (id > 0)
            idmap_put(questions, code, id * 4 + tix);
    }
    idmap_free(&seen);
}

/* A response's answers replace the stored ones: question id → value of the question's type. */
static void survey_answers_save(Rec *r, const json_t *resp, const char *rpath, int64_t rid,
                                const Idmap *questions)
{
    json_t *answers = rec_field(r, resp, rpath, "answers", false);
    if (rid > 0 && rec_writable(r))
        rec_write_by_id(r, SQL_ANSWER_DELETE, rid, rpath);
    if (!answers)
        return;
    if (!json_is_object(answers)) {
        rec_fail(r, rpath, "answers", "expected an object, got %s", rec_type_name(answers));
        return;
    }
    char apath[REC_PATH_LEN];
    rec_path(apath, "%s.answers", rpath);
    const char *qcode;
    json_t *v;
    json_object_foreach(answers, qcode, v) {
        int64_t packed;
        if (!idmap_get(questions, qcode, &packed)) {
            rec_fail(r, apath, qcode, "unknown question \"%.64s\"", qcode);
            continue;
        }
        int tix = (int)(packed & 3);
        int64_t num = 0;
        const char *text = NULL;
        if (tix == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5) {
                rec_fail(r, apath, qcode, "expected an integer 1–5 (scale5 question)");
                continue;
            }
            num = json_integer_value(v);
        } else if (tix == 1) {
            if (!json_is_boolean(v)) {
                rec_fail(r, apath, qcode, "expected a boolean (yes_no question), got %s",
                         rec_type_name(v));
                continue;
            }
            num = json_is_true(v);
        } else {
            if (!json_is_string(v)) {
                rec_fail(r, apath, qcode, "expected a string (text question), got %s",
                         rec_type_name(v));
                continue;
            }
            text = json_string_value(v);
        }
        if (rid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_ANSWER_INSERT);
        sqlite3_bind_int64(st, 1, rid);
        sqlite3_bind_int64(st, 2, packed / 4);
        rec_bind_opt(st, 3, text == NULL, num);
        rec_bind_text(st, 4, text);
        char qp[REC_PATH_LEN];
        rec_path(qp, "%s.%s", apath, qcode);
        rec_write(r, st, qp, true);
    }
}

static void survey_responses_save(Rec *r, const json_t *o, const char *path, int64_t sid,
                                  const Idmap *questions)
{
    json_t *arr = rec_array(r, o, path, "responses");
    Idmap seen;
    idmap_init(&seen);
    char list[REC_PATH_LEN];
    rec_path(list, "%s.responses", path);
    SurveyCrowd crowd = {0};
    bool crowd_read = false;
    size_t j;
    json_t *resp;
    json_array_foreach(arr, j, resp) {
        char rpath[REC_PATH_LEN];
        rec_path(rpath, "%s[%zu]", list, j);
        if (!rec_object(r, resp, rpath, RESPONSE_KEYS))
            continue;
        const char *code = rec_code(r, resp, rpath, "id");
        int64_t org = rec_ref(r, resp, rpath, "organisation", false, REF_ORGANISATION);
        const char *gender = rec_enum(r, resp, rpath, "gender", false, VOCAB_GENDER);
        const char *answered = rec_date(r, resp, rpath, "answered_on", false);
        int64_t rid = 0;
        if (code && rec_claim_in(r, &seen, NULL, list, j, code) && sid > 0 && rec_writable(r)) {
            /* The anonymity rule, read once per survey: the attendance it counts is written
             * by now (activities come before surveys in a bundle). */
            if ((org > 0 || gender) && !crowd_read) {
                crowd_read = true;
                if (survey_crowd_load(r->db, sid, &crowd, r->errs) != INSATS_OK)
                    rec_fail(r, rpath, "organisation", "cannot apply the anonymity rule");
            }
            survey_crowd_keep(&crowd, &org, &gender);
            sqlite3_stmt *st = db_stmt(r->db, SQL_RESPONSE_UPSERT);
            sqlite3_bind_int64(st, 1, sid);
            rec_bind_text(st, 2, code);
            db_bind_id_or_null(st, 3, org);
            rec_bind_text(st, 4, gender);
            rec_bind_text(st, 5, answered);
            rid = rec_write(r, st, rpath, true);
        }
        survey_answers_save(r, resp, rpath, rid, questions);
    }
    survey_crowd_free(&crowd);
    idmap_free(&seen);
}


/* Validates the survey at `path` (surveys[i]) and, while the Rec is writable and its claim allows,
 * inserts or updates it by its id; its questions and responses are inserted or updated by id, a
 * response's answers replace the stored ones. `index` is its position in its list. */
void survey_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    if (!rec_object(r, o, path, SURVEY_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    const char *kind = rec_enum(r, o, path, "kind", true, VOCAB_SURVEY_KIND);
    int64_t activity = rec_ref(r, o, path, "activity", false, REF_ACTIVITY);
    const char *date = rec_date(r, o, path, "date", false);
    const char *closes = rec_date(r, o, path, "closes", false);
    bool one_per_browser = rec_bool(r, o, path, "one_per_browser", false, true);
    const char *link = rec_str(r, o, path, "link", false);
    if (link && !survey_token_shape(link)) {
        rec_fail(r, path, "link", "expected the %d letters, digits, - and _ of an answer link",
                 SURVEY_TOKEN_LEN);
        link = NULL;
    }
    int64_t old = 0;
    bool existed = code && rec_lookup(r, REF_SURVEY, code, &old) && old > 0;
    bool fresh = code && rec_claim(r, code);
    int64_t sid = 0;
    if (fresh && rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_SURVEY_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_text(st, 2, code);
        rec_bind_text(st, 3, title);
        rec_bind_text(st, 4, kind);
        db_bind_id_or_null(st, 5, activity);
        rec_bind_text(st, 6, date);
        rec_bind_text(st, 7, closes);
        sqlite3_bind_int64(st, 8, one_per_browser);
        rec_bind_text(st, 9, link);
        sid = rec_write(r, st, path, true);
        if (sid > 0)
            rec_put(r, REF_SURVEY, code, sid);
    }
    Idmap questions;
    idmap_init(&questions);
    if (existed && fresh)
        rec_preload(r, &questions, SQL_QUESTION_LIST, old);
    survey_questions_save(r, o, path, sid, &questions);
    survey_responses_save(r, o, path, sid, &questions);
    idmap_free(&questions);
}

/* ---- the anonymity rule ------------------------------------------------------------------ */

/* The present participants of the survey's activity per organisation and gender. */
static const char SQL_CROWD[] =
    "SELECT p.organisation_id, p.gender, count(DISTINCT p.id) FROM survey s"
    " JOIN session se ON se.activity_id = s.activity_id"
    " JOIN attendance t ON t.session_id = se.id AND t.present = 1"
    " JOIN person p ON p.id = t.person_id"
    " WHERE s.id = ?1 GROUP BY p.organisation_id, p.gender";
static const char SQL_CROWD_APPLIES[] =
    "SELECT activity_id IS NOT NULL FROM survey WHERE id = ?1";

int survey_crowd_load(Db *db, int64_t survey_id, SurveyCrowd *c, Errs *errs)
{
    memset(c, 0, sizeof *c);
    Stmt *st = stmt_cached(db, SQL_CROWD_APPLIES);
    stmt_bind_int(st, 1, survey_id);
    StmtResult res = stmt_step(st);
    c->applies = res == STMT_ROW && stmt_int(st, 0) != 0;
    stmt_done(st);
    if (res != STMT_ROW && res != STMT_DONE)
        return stmt_fail(st, errs, "cannot read the survey");
    if (!c->applies)
        return INSATS_OK;
    size_t cap = 0;
    st = stmt_cached(db, SQL_CROWD);
    stmt_bind_int(st, 1, survey_id);
    while ((res = stmt_step(st)) == STMT_ROW) {
        if (c->n == cap) {
            cap = cap ? cap * 2 : 16;
            c->cells = xrealloc(c->cells, cap * sizeof *c->cells);
        }
        SurveyCrowdCell *cell = &c->cells[c->n++];
        cell->organisation_id = stmt_int(st, 0);
        snprintf(cell->gender, sizeof cell->gender, "%s", stmt_text(st, 1) ? stmt_text(st, 1) : "");
        cell->people = stmt_int(st, 2);
    }
    int rc = res == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot count the participants");
    stmt_done(st);
    if (rc != INSATS_OK) {
        survey_crowd_free(c);
        /* Nothing could be counted: keep nothing rather than too much. */
        c->applies = true;
    }
    return rc;
}

/* The present participants with that organisation (0: any) and gender (NULL: any). */
static int64_t survey_crowd_count(const SurveyCrowd *c, int64_t org, const char *gender)
{
    int64_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        if ((!org || c->cells[i].organisation_id == org) &&
            (!gender || strcmp(c->cells[i].gender, gender) == 0))
            n += c->cells[i].people;
    return n;
}

void survey_crowd_keep(const SurveyCrowd *c, int64_t *org, const char **gender)
{
    if (!c->applies)
        return;
    int64_t o = *org > 0 ? *org : 0;
    const char *g = *gender;
    if (o && g && survey_crowd_count(c, o, g) >= SURVEY_CROWD_MIN)
        return;
    /* The pair is too rare: keep whichever alone is common enough, the organisation first
     * (the reports' breakdown per organisation is the one the funder asks for). */
    if (o && survey_crowd_count(c, o, NULL) >= SURVEY_CROWD_MIN) {
        *gender = NULL;
        return;
    }
    *org = 0;
    if (g && survey_crowd_count(c, 0, g) < SURVEY_CROWD_MIN)
        *gender = NULL;
}

void survey_crowd_free(SurveyCrowd *c)
{
    free(c->cells);
    c->cells = NULL;
    c->n = 0;
}

/* The surveys of an activity with an answer that keeps an organisation or a gender, and such
 * answers of one of them. */
static const char SQL_CROWD_SURVEYS[] =
    "SELECT DISTINCT r.survey_id FROM response r JOIN survey s ON s.id = r.survey_id"
    " WHERE s.activity_id IS NOT NULL AND (r.organisation_id IS NOT NULL OR r.gender IS NOT NULL)"
    " ORDER BY r.survey_id";
static const char SQL_CROWD_ANSWERS[] =
    "SELECT id, organisation_id, gender FROM response WHERE survey_id = ?1"
    " AND (organisation_id IS NOT NULL OR gender IS NOT NULL) ORDER BY id";
static const char SQL_CROWD_SET[] =
    "UPDATE response SET organisation_id = ?2, gender = ?3 WHERE id = ?1";

typedef struct SurveyCrowdAnswer {
    int64_t id, org;
    char gender[8];
} SurveyCrowdAnswer;

/* Reads the first column of every row of st into *ids, or the answers into *answers. */
static int survey_crowd_rows(Stmt *st, int64_t **ids, SurveyCrowdAnswer **answers, size_t *n,
                             Errs *errs)
{
    size_t cap = 0;
    StmtResult res;
    while ((res = stmt_step(st)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            if (ids)
                *ids = xrealloc(*ids, cap * sizeof **ids);
            else
                *answers = xrealloc(*answers, cap * sizeof **answers);
        }
        if (ids) {
            (*ids)[(*n)++] = stmt_int(st, 0);
            continue;
        }
        SurveyCrowdAnswer *a = &(*answers)[(*n)++];
        a->id = stmt_int(st, 0);
        a->org = stmt_int(st, 1);
        snprintf(a->gender, sizeof a->gender, "%s", stmt_text(st, 2) ? stmt_text(st, 2) : "");
    }
    int rc = res == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the answers");
    stmt_done(st);
    return rc;
}

/* One survey's answers through the rule; adds the rewritten ones to *changed. */
static int survey_crowd_rewrite_one(Db *db, int64_t sid, int64_t *changed, Errs *errs)
{
    SurveyCrowd crowd;
    int rc = survey_crowd_load(db, sid, &crowd, errs);
    SurveyCrowdAnswer *answers = NULL;
    size_t n = 0;
    if (rc == INSATS_OK) {
        Stmt *st = stmt_cached(db, SQL_CROWD_ANSWERS);
        stmt_bind_int(st, 1, sid);
        rc = survey_crowd_rows(st, NULL, &answers, &n, errs);
    }
    for (size_t i = 0; rc == INSATS_OK && i < n; i++) {
        int64_t org = answers[i].org;
        const char *gender = answers[i].gender[0] ? answers[i].gender : NULL;
        survey_crowd_keep(&crowd, &org, &gender);
        if (org == answers[i].org && (gender != NULL) == (answers[i].gender[0] != '\0'))
            continue;
        Stmt *st = stmt_cached(db, SQL_CROWD_SET);
        stmt_bind_int(st, 1, answers[i].id);
        stmt_bind_id(st, 2, org);
        stmt_bind_text(st, 3, gender);
        rc = stmt_exec(st, errs, "cannot rewrite an answer by the anonymity rule");
        if (rc == INSATS_OK)
            (*changed)++;
    }
    free(answers);
    survey_crowd_free(&crowd);
    return rc;
}

int survey_crowd_rewrite(Db *db, int64_t *changed, Errs *errs)
{
    *changed = 0;
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = survey_crowd_rows(stmt_cached(db, SQL_CROWD_SURVEYS), &ids, NULL, &n, errs);
    /* The per-row entries would write the old organisation and gender into the trail. */
    db->audit_bulk++;
    for (size_t i = 0; rc == INSATS_OK && i < n; i++)
        rc = survey_crowd_rewrite_one(db, ids[i], changed, errs);
    db->audit_bulk--;
    free(ids);
    if (rc == INSATS_OK && *changed > 0) {
        json_t *detail = json_pack("{s:I}", "rewritten", (json_int_t)*changed);
        rc = audit_record(db, "update", "response", 0, NULL, detail, errs);
        json_decref(detail);
    }
    return rc;
}
