/* survey_link.c — a survey's anonymous answer link: the token, the form it opens, the answers
 * it takes, the response rates per activity and the ready-made surveys (survey_link.h). */
#include "survey_link.h"
#include "i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "browse.h"
#include "db.h"
#include "record.h"
#include "scope_sql.h"
#include "stmt.h"
#include "survey.h"
#include "survey_sql.h"
#include "util.h"
#include "validate.h"

/* ---- templates ------------------------------------------------------------------------ */

typedef struct SurveyTplQuestion {
    const char *id, *type, *text;
} SurveyTplQuestion;

/* The standard evaluation after an activity (SPEC: a 1–5 scale, 1 = "inte alls", a share counted
 * from 2). The demo data asks the same questions. */
static const SurveyTplQuestion TPL_AFTER_ACTIVITY[] = {
    {"q1", "scale5", "I vilken grad har utbildningen förbättrat din arbetssituation?"},
    {"q2", "scale5", "I vilken grad känner du dig tryggare i dina arbetsuppgifter efter "
                     "utbildningen?"},
    {"q3", "yes_no", "Skulle du rekommendera utbildningen till en kollega?"},
    {"q4", "text", "Vad kan göras bättre till nästa gång?"},
    {NULL, NULL, NULL},
};

/* Baseline and follow-up ask the same questions under the same ids, so that the final report
 * compares them (survey_comparison). */
static const SurveyTplQuestion TPL_STAFF[] = {
    {"b1", "scale5", "I vilken grad känner du dig trygg med de digitala verktyg du använder i "
                     "arbetet?"},
    {"b2", "scale5", "I vilken grad fungerar bemötandet mellan dig och dina kollegor väl?"},
    {"b3", "scale5", "I vilken grad har du möjlighet att utvecklas i ditt arbete?"},
    {"b4", "yes_no", "Har du under det senaste året upplevt att du särbehandlats på grund av ditt "
                     "kön?"},
    {"b5", "text", "Vilken kompetens behöver du mest de kommande åren?"},
    {NULL, NULL, NULL},
};

static const struct {
    const char *kind, *title;
    const SurveyTplQuestion *questions;
} SURVEY_TEMPLATES[] = {
    {"after_activity", "Utvärdering", TPL_AFTER_ACTIVITY},
    {"baseline", "Kartläggningsenkät", TPL_STAFF},
    {"follow_up", "Uppföljningsenkät", TPL_STAFF},
};

static int survey_template_index(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof SURVEY_TEMPLATES / sizeof *SURVEY_TEMPLATES; i++)
        if (strcmp(SURVEY_TEMPLATES[i].kind, kind) == 0)
            return (int)i;
    return -1;
}

json_t *survey_template_questions(const char *kind)
{
    int t = survey_template_index(kind);
    if (t < 0)
        return NULL;
    json_t *arr = json_array();
    for (const SurveyTplQuestion *q = SURVEY_TEMPLATES[t].questions; q->id; q++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(q->id));
        json_object_set_new(o, "text", json_string(q->text));
        json_object_set_new(o, "type", json_string(q->type));
        json_object_set_new(o, "threshold",
                            strcmp(q->type, "scale5") == 0 ? json_integer(2) : json_null());
        json_array_append_new(arr, o);
    }
    return arr;
}

/* ---- the token ------------------------------------------------------------------------ */

bool survey_token_shape(const char *s)
{
    if (!s || strlen(s) != SURVEY_TOKEN_LEN)
        return false;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_'))
            return false;
    return true;
}

static void survey_token_new(char out[SURVEY_TOKEN_LEN + 1])
{
    unsigned char raw[24];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, SURVEY_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int survey_link_token(Db *db, const Actor *actor, int64_t project_id, const char *survey_code,
                      bool create, char token[SURVEY_TOKEN_LEN + 1], Errs *errs)
{
    static const char q_get[] = "SELECT id, token FROM survey WHERE project_id = ?1 AND code = ?2";
    static const char q_set[] = "UPDATE survey SET token = ?2 WHERE id = ?1 AND token IS NULL";
    token[0] = '\0';
    if (create ? !record_may_write(actor, "survey", 0)
               : !(browse_readers("survey") & ROLE_BIT(actor->role))) {
        if (create)
            errs_add(errs, "survey %s: your role may not make a survey's answer link",
                     survey_code);
        else
            errs_add(errs, "survey %s: your role may not see a survey's answer link",
                     survey_code);
        return INSATS_EFORBIDDEN;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, q_get);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, survey_code);
    StmtResult r = stmt_step(st);
    int64_t id = 0;
    if (r == STMT_ROW) {
        id = stmt_int(st, 0);
        if (stmt_text(st, 1))
            snprintf(token, SURVEY_TOKEN_LEN + 1, "%s", stmt_text(st, 1));
    } else if (r == STMT_DONE) {
        errs_add(errs, "no survey \"%s\" (`insats list surveys` shows them)", survey_code);
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the survey");
    }
    stmt_done(st);
    if (rc == INSATS_OK && !token[0] && create) {
        survey_token_new(token);
        st = stmt_cached(db, q_set);
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, token);
        rc = stmt_exec(st, errs, "cannot save the survey's link");
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    if (rc != INSATS_OK)
        token[0] = '\0';
    return rc;
}

/* ---- the form --------------------------------------------------------------------------- */

/* The stamp's key: derived from the token alone, so that every server process (and a restart)
 * agrees without a secret of its own; it shows that the form was opened, not by whom. */
static void survey_stamp_of(const char *token, const char *day, char out[SURVEY_STAMP_LEN + 1])
{
    unsigned char key[crypto_generichash_KEYBYTES];
    crypto_generichash(key, sizeof key, (const unsigned char *)token, strlen(token),
                       (const unsigned char *)"insats-survey-form", 18);
    unsigned char h[SURVEY_STAMP_LEN / 2];
    crypto_generichash(h, sizeof h, (const unsigned char *)day, strlen(day), key, sizeof key);
    sodium_bin2hex(out, SURVEY_STAMP_LEN + 1, h, sizeof h);
}

void survey_form_stamp(const char *token, const char *day, char out[SURVEY_STAMP_LEN + 1])
{
    survey_stamp_of(token, day, out);
}

bool survey_form_stamp_ok(const char *token, const char *today, const char *stamp)
{
    if (!stamp || strlen(stamp) != SURVEY_STAMP_LEN || !survey_token_shape(token) ||
        !date_valid(today))
        return false;
    char want[SURVEY_STAMP_LEN + 1], yesterday[11];
    survey_stamp_of(token, today, want);
    if (sodium_memcmp(want, stamp, SURVEY_STAMP_LEN) == 0)
        return true;
    date_from_days(date_to_days(today) - 1, yesterday);
    survey_stamp_of(token, yesterday, want);
    return sodium_memcmp(want, stamp, SURVEY_STAMP_LEN) == 0;
}

static const char Q_FORM_SURVEY[] =
    "SELECT s.id, s.code, s.title, s.kind, p.name, a.title,"
    " (SELECT min(se.session_date) FROM session se WHERE se.activity_id = a.id),"
    " s.closes, s.one_per_browser, s.project_id, s.activity_id"
    " FROM survey s JOIN project p ON p.id = s.project_id"
    " LEFT JOIN activity a ON a.id = s.activity_id WHERE s.token = ?1";

static const char Q_FORM_QUESTIONS[] =
    "SELECT code, text, type FROM question WHERE survey_id = ?1 ORDER BY position, id";

/* The organisations of the people who could answer: the activity's participants, or the
 * project's people for a survey of the whole project. */
static const char Q_FORM_ORGS[] =
    "SELECT o.code, o.name FROM organisation o WHERE o.project_id = ?1 AND EXISTS ("
    " SELECT 1 FROM person pe WHERE pe.organisation_id = o.id AND (?2 IS NULL OR EXISTS ("
    "  SELECT 1 FROM attendance t JOIN session se ON se.id = t.session_id"
    "  WHERE t.person_id = pe.id AND se.activity_id = ?2 AND t.present = 1)))"
    " ORDER BY o.name COLLATE sv, o.code";

typedef struct SurveyRow {
    int64_t id, project_id, activity_id;
    char *closes;
} SurveyRow;

static char *survey_dup(Stmt *st, int col)
{
    return xstrdup(stmt_text(st, col));
}

int survey_form_get(Db *db, const char *token, const char *today, SurveyForm *f, Errs *errs)
{
    memset(f, 0, sizeof *f);
    bool began = db_read_begin(db);
    int rc = INSATS_OK;
    Stmt *st = stmt_cached(db, Q_FORM_SURVEY);
    /* A token of the wrong shape is looked up all the same (and found nowhere), so that the
     * answer takes the work of a right one. */
    stmt_bind_text(st, 1, token ? token : "");
    StmtResult r = stmt_step(st);
    int64_t sid = 0, project = 0, activity = 0;
    if (r == STMT_ROW) {
        sid = stmt_int(st, 0);
        f->survey_code = survey_dup(st, 1);
        f->title = survey_dup(st, 2);
        f->kind = survey_dup(st, 3);
        f->project_name = survey_dup(st, 4);
        f->activity_title = survey_dup(st, 5);
        f->activity_date = survey_dup(st, 6);
        f->closes = survey_dup(st, 7);
        f->one_per_browser = stmt_int(st, 8) != 0;
        project = stmt_int(st, 9);
        activity = stmt_int(st, 10);
    } else if (r == STMT_DONE) {
        errs_add(errs, "no survey has this answer link");
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the survey");
    }
    stmt_done(st);
    if (rc == INSATS_OK) {
        f->closed = f->closes && today && strcmp(today, f->closes) > 0;
        unsigned char h[8];
        crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
        char hex[17];
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        snprintf(f->cookie, sizeof f->cookie, "svarat_%s", hex);
        size_t cap = 0;
        st = stmt_cached(db, Q_FORM_QUESTIONS);
        stmt_bind_int(st, 1, sid);
        while ((r = stmt_step(st)) == STMT_ROW) {
            if (f->n_questions == cap) {
                cap = cap ? cap * 2 : 8;
                f->questions = xrealloc(f->questions, cap * sizeof *f->questions);
            }
            SurveyFormQuestion *q = &f->questions[f->n_questions++];
            q->code = survey_dup(st, 0);
            q->text = survey_dup(st, 1);
            q->type = survey_dup(st, 2);
        }
        if (r != STMT_DONE)
            rc = stmt_fail(st, errs, "cannot read the survey's questions");
        stmt_done(st);
    }
    if (rc == INSATS_OK) {
        size_t cap = 0;
        st = stmt_cached(db, Q_FORM_ORGS);
        stmt_bind_int(st, 1, project);
        stmt_bind_id(st, 2, activity);
        while ((r = stmt_step(st)) == STMT_ROW) {
            if (f->n_orgs == cap) {
                cap = cap ? cap * 2 : 8;
                f->orgs = xrealloc(f->orgs, cap * sizeof *f->orgs);
            }
            SurveyFormOrg *o = &f->orgs[f->n_orgs++];
            o->code = survey_dup(st, 0);
            o->name = survey_dup(st, 1);
        }
        if (r != STMT_DONE)
            rc = stmt_fail(st, errs, "cannot read the organisations");
        stmt_done(st);
    }
    db_read_end(db, began);
    if (rc != INSATS_OK)
        survey_form_free(f);
    return rc;
}

void survey_form_free(SurveyForm *f)
{
    if (!f)
        return;
    free(f->survey_code);
    free(f->title);
    free(f->kind);
    free(f->project_name);
    free(f->activity_title);
    free(f->activity_date);
    free(f->closes);
    for (size_t i = 0; i < f->n_questions; i++) {
        free(f->questions[i].code);
        free(f->questions[i].text);
        free(f->questions[i].type);
    }
    free(f->questions);
    for (size_t i = 0; i < f->n_orgs; i++) {
        free(f->orgs[i].code);
        free(f->orgs[i].name);
    }
    free(f->orgs);
    memset(f, 0, sizeof *f);
}

json_t *survey_sheet_json(const SurveyForm *f, const char *url)
{
    return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?}", "title", f->title, "url", url,
                     "project", f->project_name, "activity", f->activity_title, "date",
                     f->activity_date, "closes", f->closes);
}

/* ---- an answer -------------------------------------------------------------------------- */

#define SURVEY_TEXT_MAX 4000   /* characters of a free-text answer */

typedef struct SurveyValue {
    int64_t question_id;
    bool is_text;
    int64_t num;
    const char *text;
} SurveyValue;

/* A free-text answer: lines of at most SURVEY_TEXT_MAX characters together, no control
 * characters but the line breaks. */
static bool survey_text_ok(const char *s, Buf *why)
{
    size_t n = strlen(s);
    if (n > SURVEY_TEXT_MAX * 4) {
        buf_printf(why, _("longer than %d characters"), SURVEY_TEXT_MAX);
        return false;
    }
    char *copy = xstrdup(s);
    bool ok = true;
    for (char *line = copy; ok && line;) {
        char *nl = strpbrk(line, "\r\n");
        if (nl)
            *nl = '\0';
        ok = validate_line(line, SURVEY_TEXT_MAX, why);
        line = nl ? nl + 1 : NULL;
    }
    free(copy);
    return ok;
}

/* Reads the answers against the survey's questions into vals (one per question at most);
 * messages name the question's id. */
static size_t survey_values(Db *db, int64_t sid, const SurveyAnswerIn *in, size_t n,
                            SurveyValue *vals, Errs *errs)
{
    static const char q[] = "SELECT id, type FROM question WHERE survey_id = ?1 AND code = ?2";
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = in[i].value;
        if (!in[i].question || !v || !*v)
            continue;
        Stmt *st = stmt_cached(db, q);
        stmt_bind_int(st, 1, sid);
        stmt_bind_text(st, 2, in[i].question);
        if (stmt_step(st) != STMT_ROW) {
            stmt_done(st);
            errs_add_field(errs, in[i].question, "no question \"%.64s\" in this survey",
                           in[i].question);
            continue;
        }
        SurveyValue sv = {stmt_int(st, 0), false, 0, NULL};
        char type[8];
        snprintf(type, sizeof type, "%s", stmt_text(st, 1));
        stmt_done(st);
        bool dup = false;
        for (size_t k = 0; k < got; k++)
            dup |= vals[k].question_id == sv.question_id;
        if (dup) {
            errs_add_field(errs, in[i].question, "answered twice");
            continue;
        }
        if (strcmp(type, "scale5") == 0) {
            if (strlen(v) != 1 || v[0] < '1' || v[0] > '5') {
                errs_add_field(errs, in[i].question, "expected one of 1 to 5");
                continue;
            }
            sv.num = v[0] - '0';
        } else if (strcmp(type, "yes_no") == 0) {
            if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
                errs_add_field(errs, in[i].question, "expected yes or no");
                continue;
            }
            sv.num = strcmp(v, "yes") == 0;
        } else {
            Buf why = {0};
            if (!survey_text_ok(v, &why)) {
                errs_add_field(errs, in[i].question, "%s", why.data);
                buf_free(&why);
                continue;
            }
            buf_free(&why);
            sv.is_text = true;
            sv.text = v;
        }
        vals[got++] = sv;
    }
    return got;
}

/* An id no one can read an order from: random, positive, below 2^53 so that JSON keeps it. */
static int64_t survey_random_id(void)
{
    uint64_t v;
    randombytes_buf(&v, sizeof v);
    return (int64_t)(v >> 11) | 1;
}

static const Actor SURVEY_RESPONDENT = {0, "anonym", "Anonym svarande", ROLE_READER, 0};

int survey_answer_submit(Db *db, const char *token, const char *today, const SurveyAnswerIn *in,
                         size_t n, const char *organisation, const char *gender, bool *closed,
                         Errs *errs)
{
    static const char q_survey[] =
        "SELECT id, project_id, closes, code FROM survey WHERE token = ?1";
    static const char q_org[] = "SELECT id FROM organisation WHERE project_id = ?1 AND code = ?2";
    static const char q_resp[] =
        "INSERT INTO response (id, survey_id, code, organisation_id, gender, answered_on) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    static const char q_answer[] =
        "INSERT INTO answer (response_id, question_id, num_value, text_value) "
        "VALUES (?1, ?2, ?3, ?4)";
    *closed = false;
    if (!date_valid(today)) {
        errs_add(errs, "internal error: today is not a date");
        return INSATS_EUSAGE;
    }
    /* Whoever is signed in, the answer is no one's. */
    audit_set_actor(db, &SURVEY_RESPONDENT, "web");
    int rc = audit_bulk_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, q_survey);
    stmt_bind_text(st, 1, token ? token : "");
    StmtResult r = stmt_step(st);
    int64_t sid = 0, project = 0;
    char code[72] = "";
    if (r == STMT_ROW) {
        sid = stmt_int(st, 0);
        project = stmt_int(st, 1);
        *closed = stmt_text(st, 2) && strcmp(today, stmt_text(st, 2)) > 0;
        snprintf(code, sizeof code, "%s", stmt_text(st, 3));
    } else if (r == STMT_DONE) {
        errs_add(errs, "no survey has this answer link");
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the survey");
    }
    stmt_done(st);
    if (rc == INSATS_OK && *closed) {
        errs_add_field(errs, "closed", "the survey is closed");
        rc = INSATS_EINPUT;
    }
    SurveyValue *vals = xcalloc(n ? n : 1, sizeof *vals);
    size_t nvals = 0;
    int64_t org = 0;
    const char *gen = NULL;
    if (rc == INSATS_OK) {
        size_t before = errs_total(errs);
        nvals = survey_values(db, sid, in, n, vals, errs);
        if (organisation && *organisation) {
            st = stmt_cached(db, q_org);
            stmt_bind_int(st, 1, project);
            stmt_bind_text(st, 2, organisation);
            if (stmt_step(st) == STMT_ROW)
                org = stmt_int(st, 0);
            else
                errs_add_field(errs, "organisation", "no organisation \"%.64s\"", organisation);
            stmt_done(st);
        }
        if (gender && *gender) {
            if (strcmp(gender, "female") == 0 || strcmp(gender, "male") == 0 ||
                strcmp(gender, "other") == 0)
                gen = gender;
            else
                errs_add_field(errs, "gender", "expected female, male or other");
        }
        if (nvals == 0 && errs_total(errs) == before)
            errs_add_field(errs, "answers", "no question is answered");
        if (errs_total(errs) > before)
            rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK && (org || gen)) {
        SurveyCrowd crowd;
        rc = survey_crowd_load(db, sid, &crowd, errs);
        if (rc == INSATS_OK)
            survey_crowd_keep(&crowd, &org, &gen);
        survey_crowd_free(&crowd);
    }
    int64_t rid = 0;
    for (int attempt = 0; rc == INSATS_OK && attempt < 3 && !rid; attempt++) {
        int64_t id = survey_random_id();
        unsigned char raw[8];
        randombytes_buf(raw, sizeof raw);
        char rcode[18] = "w";
        sodium_bin2hex(rcode + 1, sizeof rcode - 1, raw, sizeof raw);
        st = stmt_cached(db, q_resp);
        stmt_bind_int(st, 1, id);
        stmt_bind_int(st, 2, sid);
        stmt_bind_text(st, 3, rcode);
        stmt_bind_id(st, 4, org);
        stmt_bind_text(st, 5, gen);
        stmt_bind_text(st, 6, today);
        r = stmt_step(st);
        if (r == STMT_DONE)
            rid = id;
        else if (r != STMT_CONSTRAINT)   /* a constraint: the random id or code was taken */
            rc = stmt_fail(st, errs, "cannot save the answer");
        stmt_done(st);
    }
    if (rc == INSATS_OK && !rid) {
        errs_add(errs, "cannot save the answer: no free id");
        rc = INSATS_ESTORAGE;
    }
    for (size_t i = 0; rc == INSATS_OK && i < nvals; i++) {
        st = stmt_cached(db, q_answer);
        stmt_bind_int(st, 1, rid);
        stmt_bind_int(st, 2, vals[i].question_id);
        if (vals[i].is_text)
            stmt_bind_null(st, 3);
        else
            stmt_bind_int(st, 3, vals[i].num);
        stmt_bind_text(st, 4, vals[i].is_text ? vals[i].text : NULL);
        rc = stmt_exec(st, errs, "cannot save the answer");
    }
    free(vals);
    if (rc != INSATS_OK) {
        audit_bulk_rollback(db);
        return rc;
    }
    json_t *summary = json_pack("{s:s, s:I}", "survey", code, "answers", (json_int_t)nvals);
    return audit_bulk_commit_day(db, "response", summary, errs);
}

/* ---- response rates --------------------------------------------------------------------- */

/* The surveys of activities with their rate's parts and the activity's last session; ?2 today
 * and ?3 a last closing day (NULL: any) limit them to those closing soon, ?4 an account (0:
 * anyone) to those that concern it. */
static const char Q_RATES[] =
    "SELECT s.code, s.title, a.code, a.title, s.closes,"
    " (SELECT count(*) FROM response r WHERE r.survey_id = s.id),"
    " (SELECT count(DISTINCT t.person_id) FROM attendance t JOIN session se ON se.id = t.session_id"
    "  WHERE se.activity_id = a.id AND t.present = 1),"
    " s.id, a.id, a.status = 'held',"
    " (SELECT max(se.session_date) FROM session se WHERE se.activity_id = a.id)"
    " FROM survey s JOIN activity a ON a.id = s.activity_id"
    " WHERE s.project_id = ?1 AND (?9 <> 2 OR " SCOPE_SQL_TRAINER_ACTIVITY("a.id") ")"
    " AND (?3 IS NULL OR s.closes BETWEEN ?2 AND ?3)"
    " AND (?4 = 0 OR EXISTS (SELECT 1 FROM app_user u WHERE u.id = ?4 AND "
    SURVEY_SQL_CONCERNS("u", "a.id") "))"
    " ORDER BY s.closes IS NULL, s.closes, s.code";

static int survey_rates_query(Db *db, const Actor *actor, int64_t project_id, const char *today,
                              bool only_low, const char *closes_by, int64_t concerns,
                              SurveyRate **out, size_t *n, Errs *errs)
{
    *out = NULL;
    *n = 0;
    ActorScope scope = actor_scope(actor);
    Stmt *st = stmt_cached(db, Q_RATES);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    stmt_bind_text(st, 3, closes_by);
    stmt_bind_int(st, 4, concerns);
    stmt_bind_int(st, 9, scope);
    stmt_bind_int(st, 11, actor->user_id);
    size_t cap = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        SurveyRate x = {0};
        x.closes = survey_dup(st, 4);
        x.responses = stmt_int(st, 5);
        x.present = stmt_int(st, 6);
        x.rate_bp = x.present > 0 ? (x.responses * 10000 + x.present / 2) / x.present : -1;
        x.open = !x.closes || !today || strcmp(today, x.closes) <= 0;
        x.low = x.open && x.present > 0 && x.rate_bp < SURVEY_RATE_LOW;
        if ((only_low && !x.low) || (closes_by && !x.open)) {
            free(x.closes);
            continue;
        }
        x.survey_code = survey_dup(st, 0);
        x.title = survey_dup(st, 1);
        x.activity_code = survey_dup(st, 2);
        x.activity_title = survey_dup(st, 3);
        x.survey_id = stmt_int(st, 7);
        x.activity_id = stmt_int(st, 8);
        x.held = stmt_int(st, 9) != 0;
        x.last_day = survey_dup(st, 10);
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = x;
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the response rates");
    stmt_done(st);
    if (rc != INSATS_OK) {
        survey_rates_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int survey_rates(Db *db, const Actor *actor, int64_t project_id, const char *today,
                 bool only_low, SurveyRate **out, size_t *n, Errs *errs)
{
    return survey_rates_query(db, actor, project_id, today, only_low, NULL, 0, out, n, errs);
}

int survey_rates_closing(Db *db, const Actor *actor, int64_t project_id, const char *today,
                         int days, SurveyRate **out, size_t *n, Errs *errs)
{
    char until[11];
    date_from_days(date_to_days(today) + days, until);
    return survey_rates_query(db, actor, project_id, today, false, until,
                              actor->user_id > 0 ? actor->user_id : -1, out, n, errs);
}

void survey_rates_free(SurveyRate *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].survey_code);
        free(r[i].title);
        free(r[i].activity_code);
        free(r[i].activity_title);
        free(r[i].closes);
        free(r[i].last_day);
    }
    free(r);
}

/* ---- a survey from a template ------------------------------------------------------------ */

static const char Q_ACTIVITY_OF[] =
    "SELECT a.title, (SELECT max(se.session_date) FROM session se WHERE se.activity_id = a.id)"
    " FROM activity a WHERE a.project_id = ?1 AND a.code = ?2";
static const char Q_SURVEY_EXISTS[] = "SELECT 1 FROM survey WHERE project_id = ?1 AND code = ?2";

/* A new survey id from base: base, base-2, base-3 … the first one free. */
static void survey_free_code(Db *db, int64_t project_id, const char *base, char *out,
                             size_t cap)
{
    for (int k = 1; k < 1000; k++) {
        if (k == 1)
            snprintf(out, cap, "%.56s", base);
        else
            snprintf(out, cap, "%.56s-%d", base, k);
        Stmt *st = stmt_cached(db, Q_SURVEY_EXISTS);
        stmt_bind_int(st, 1, project_id);
        stmt_bind_text(st, 2, out);
        bool taken = stmt_step(st) == STMT_ROW;
        stmt_done(st);
        if (!taken)
            return;
    }
}

int survey_from_template(Db *db, const Actor *actor, int64_t project_id, const SurveyNew *n,
                         char *code_out, size_t code_cap, Errs *errs)
{
    int t = survey_template_index(n->template_kind);
    if (t < 0) {
        errs_add_field(errs, "template", "no template \"%s\"; use after_activity, baseline or "
                       "follow_up", n->template_kind ? n->template_kind : "");
        return INSATS_EUSAGE;
    }
    char *act_title = NULL, *act_last = NULL;
    if (n->activity && *n->activity) {
        Stmt *st = stmt_cached(db, Q_ACTIVITY_OF);
        stmt_bind_int(st, 1, project_id);
        stmt_bind_text(st, 2, n->activity);
        if (stmt_step(st) == STMT_ROW) {
            act_title = xstrdup(stmt_text(st, 0));
            act_last = xstrdup(stmt_text(st, 1));
        }
        stmt_done(st);
        /* an unknown activity is record_save()'s to refuse, with its own message */
    }
    const char *date = n->date && *n->date ? n->date : act_last ? act_last : n->today;
    char closes[11] = "";
    if (n->closes && *n->closes)
        snprintf(closes, sizeof closes, "%s", n->closes);
    else if (date && date_valid(date))
        date_from_days(date_to_days(date) + 14, closes);
    char code[64];
    if (n->id && *n->id) {
        snprintf(code, sizeof code, "%s", n->id);
    } else {
        char base[64];
        if (n->activity && *n->activity)
            snprintf(base, sizeof base, "enk-%.50s", n->activity);
        else
            snprintf(base, sizeof base, "%s-%s", SURVEY_TEMPLATES[t].kind, date ? date : "");
        survey_free_code(db, project_id, base, code, sizeof code);
    }
    char *title = n->title && *n->title ? xstrdup(n->title)
                  : act_title ? xasprintf("%s: %s", SURVEY_TEMPLATES[t].title, act_title)
                              : xstrdup(SURVEY_TEMPLATES[t].title);
    json_t *rec = json_object();
    json_object_set_new(rec, "id", json_string(code));
    json_object_set_new(rec, "title", json_string(title));
    json_object_set_new(rec, "kind", json_string(SURVEY_TEMPLATES[t].kind));
    json_object_set_new(rec, "activity", n->activity && *n->activity ? json_string(n->activity)
                                                                      : json_null());
    json_object_set_new(rec, "date", date ? json_string(date) : json_null());
    json_object_set_new(rec, "closes", closes[0] ? json_string(closes) : json_null());
    json_object_set_new(rec, "questions", survey_template_questions(SURVEY_TEMPLATES[t].kind));
    /* The link goes in with the survey, in record_save()'s one transaction: a failure leaves
     * neither a survey without its link nor anything else half-made. */
    char token[SURVEY_TOKEN_LEN + 1];
    survey_token_new(token);
    json_object_set_new(rec, "link", json_string(token));
    free(title);
    free(act_title);
    free(act_last);
    int rc = record_save(db, actor, project_id, "survey", rec, true, code_out, code_cap, errs);
    json_decref(rec);
    return rc;
}
