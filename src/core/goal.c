/* goal.c — the project's goals, what each measures, and the measurements of manual ones. */
#include "goal.h"
#include "rec.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const GOAL_KEYS[] = {"id", "title", "description", "measure", "target",
                                        "comparison", "unit", NULL};

static const char *const MEASURE_KEYS[] = {"kind", "organisation", "gender", "intervention",
    "group", "survey", "survey_kind", "question", "min", "values", "value", "source", NULL};

static const char *const GOAL_VALUE_KEYS[] = {"date", "value", "source", NULL};

static const char SQL_GOAL_UPSERT[] =
    "INSERT INTO goal (project_id, code, position, title, description, measure_kind, "
    "m_organisation_id, m_gender, m_intervention_id, m_group_id, m_survey_id, m_survey_kind, "
    "m_question, m_min, target_c, comparison, unit) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
    "ON CONFLICT (project_id, code) DO UPDATE SET position = excluded.position, "
    "title = excluded.title, description = excluded.description, "
    "measure_kind = excluded.measure_kind, m_organisation_id = excluded.m_organisation_id, "
    "m_gender = excluded.m_gender, m_intervention_id = excluded.m_intervention_id, "
    "m_group_id = excluded.m_group_id, m_survey_id = excluded.m_survey_id, "
    "m_survey_kind = excluded.m_survey_kind, m_question = excluded.m_question, "
    "m_min = excluded.m_min, "
    "target_c = excluded.target_c, comparison = excluded.comparison, unit = excluded.unit "
    "RETURNING id";

static const char SQL_GOAL_VALUE_DELETE[] = "DELETE FROM goal_value WHERE goal_id = ?1";

static const char SQL_GOAL_VALUE_INSERT[] =
    "INSERT INTO goal_value (goal_id, measured_on, value_c, source) "
    "SELECT ?1, coalesce(?2, p.end_date), ?3, ?4 FROM project p WHERE p.id = ?5";

static const char SQL_QUESTION_ASKED[] =
    "SELECT 1 FROM survey s JOIN question q ON q.survey_id = s.id"
    " WHERE s.project_id = ?1 AND q.code = ?2 AND (?3 IS NULL OR s.id = ?3)"
    " AND (?3 IS NOT NULL OR ?4 IS NULL OR s.kind = ?4) LIMIT 1";

static const char SQL_SURVEY_KIND[] = "SELECT kind FROM survey WHERE id = ?1";

/* The measure parameters each kind reads: figures.c goals_json() and figures_survey_share().
 * Any other parameter would be stored and exported but change no report, so a goal would say
 * "participants of Sunne" while counting everyone; import refuses it instead. */
static const char *const USES_PARTICIPANTS[] = {"organisation", "gender", "intervention", NULL};
static const char *const USES_NOTHING[] = {NULL};
static const char *const USES_GROUP_MEMBERS[] = {"group", NULL};
static const char *const USES_SURVEY_SHARE[] = {"survey", "survey_kind", "question", "min",
                                                "organisation", "gender", NULL};
static const char *const USES_MANUAL[] = {"values", "value", "source", NULL};
static const struct {
    const char *kind;
    const char *const *uses;
} MEASURE_USES[] = {
    {"participants", USES_PARTICIPANTS},   {"certificates", USES_NOTHING},
    {"certified_people", USES_NOTHING},    {"certified_share", USES_NOTHING},
    {"group_members", USES_GROUP_MEMBERS}, {"survey_share", USES_SURVEY_SHARE},
    {"manual", USES_MANUAL},
};

/* The measurements of a manual goal, as read from the bundle (strings borrowed from it). */
typedef struct GoalMeasurement {
    const char *date;            /* NULL: the older undated `value` */
    int64_t value_c;
    const char *source;
} GoalMeasurement;

typedef struct GoalMeasurements {
    GoalMeasurement *v;
    size_t n;
} GoalMeasurements;

/* True when the question is asked by the survey (survey > 0), or by a survey of survey_kind,
 * or by any survey of the project. Surveys are imported before goals, so the bundle's own
 * count. */
static bool goal_question_asked(Rec *r, const char *question, int64_t survey,
                                const char *survey_kind)
{
    sqlite3_stmt *st = db_stmt(r->db, SQL_QUESTION_ASKED);
    sqlite3_bind_int64(st, 1, r->project_id);
    sqlite3_bind_text(st, 2, question, -1, SQLITE_STATIC);
    db_bind_id_or_null(st, 3, survey);
    db_bind_text_or_null(st, 4, survey_kind);
    bool asked = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return asked;
}

/* Reports each non-null parameter of measure m (at mpath) that its kind does not use. */
static void goal_check_measure_uses(Rec *r, const json_t *m, const char *mpath, const char *kind)
{
    const char *const *uses = NULL;
    for (size_t k = 0; k < sizeof MEASURE_USES / sizeof *MEASURE_USES; k++)
        if (strcmp(MEASURE_USES[k].kind, kind) == 0)
            uses = MEASURE_USES[k].uses;
    if (!uses)
        return;
    for (size_t k = 0; MEASURE_KEYS[k]; k++) {
        const char *key = MEASURE_KEYS[k];
        json_t *v = json_object_get(m, key);
        if (strcmp(key, "kind") == 0 || !v || json_is_null(v) || rec_in_list(uses, key))
            continue;
        Buf b = {0};
        for (size_t u = 0; uses[u]; u++)
            buf_printf(&b, "%s%s", u ? ", " : "", uses[u]);
        if (uses[0])
            rec_fail(r, mpath, key, "kind %s does not use %s (it uses %s)", kind, key, b.data);
        else
            rec_fail(r, mpath, key, "kind %s does not use %s (it takes no parameters)", kind, key);
        buf_free(&b);
    }
}

/* Copies the kind of survey `survey` (a row id) into kind[size]; false when there is none. */
static bool goal_survey_kind_of(Rec *r, int64_t survey, char *kind, size_t size)
{
    sqlite3_stmt *st = db_stmt(r->db, SQL_SURVEY_KIND);
    sqlite3_bind_int64(st, 1, survey);
    bool found = sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0);
    if (found)
        snprintf(kind, size, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return found;
}

/* Reads measure.values[] ({date, value, source}, dates unique) or the older single undated
 * measure.value with measure.source, into *out; each problem is reported. */
static void goal_read_values(Rec *r, const json_t *m, const char *mpath, GoalMeasurements *out)
{
    json_t *list = rec_array(r, m, mpath, "values");
    int64_t value = 0;
    bool has_value = rec_decimal(r, m, mpath, "value", false, 2, -INT64_MAX / 2,
                                 INT64_MAX / 2, &value);
    const char *source = rec_str(r, m, mpath, "source", false);
    if (list && (has_value || source)) {
        rec_fail(r, mpath, has_value ? "value" : "source", "give the measurements in values[] "
                 "(each with its date, value and source), not beside it");
        return;
    }
    if (has_value) {
        out->v = xmalloc(sizeof *out->v);
        out->v[0] = (GoalMeasurement){NULL, value, source};
        out->n = 1;
        return;
    }
    if (source && !list) {
        rec_fail(r, mpath, "source", "is the source of a value; give value too, or use values[]");
        return;
    }
    if (!list)
        return;
    out->v = xcalloc(json_array_size(list) + 1, sizeof *out->v);
    Idmap dates;
    idmap_init(&dates);
    size_t j;
    json_t *e;
    json_array_foreach(list, j, e) {
        char vpath[REC_PATH_LEN];
        rec_path(vpath, "%s.values[%zu]", mpath, j);
        if (!rec_object(r, e, vpath, GOAL_VALUE_KEYS))
            continue;
        GoalMeasurement g = {rec_date(r, e, vpath, "date", true), 0, NULL};
        bool ok = rec_decimal(r, e, vpath, "value", true, 2, -INT64_MAX / 2, INT64_MAX / 2,
                              &g.value_c);
        g.source = rec_str(r, e, vpath, "source", false);
        int64_t first;
        if (g.date && idmap_get(&dates, g.date, &first)) {
            rec_fail(r, vpath, "date", "a second measurement on %s (also values[%" PRId64 "]); "
                     "one value per date", g.date, first);
            continue;
        }
        if (g.date)
            idmap_put(&dates, g.date, (int64_t)j);
        if (g.date && ok)
            out->v[out->n++] = g;
    }
    idmap_free(&dates);
}

/* Validates the goal at `path` (goals[i]) and, while the Rec is writable and its claim allows,
 * inserts or updates it by its id; a manual goal's measurements replace the stored ones. `index` is
 * its position in its list. */
void goal_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    char mpath[REC_PATH_LEN];
    rec_path(mpath, "%s.measure", path);
    if (!rec_object(r, o, path, GOAL_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    const char *title = rec_str(r, o, path, "title", true);
    const char *description = rec_str(r, o, path, "description", false);
    int64_t target = 0;
    rec_decimal(r, o, path, "target", true, 2, -INT64_MAX / 2, INT64_MAX / 2, &target);
    const char *comparison = rec_enum(r, o, path, "comparison", false, VOCAB_COMPARISON);
    const char *unit = rec_enum(r, o, path, "unit", false, VOCAB_GOAL_UNIT);
    json_t *m = rec_field(r, o, path, "measure", true);
    const char *kind = NULL, *gender = NULL, *survey_kind = NULL, *question = NULL;
    int64_t org = 0, intervention = 0, group = 0, survey = 0, min = 0;
    bool has_min = false;
    GoalMeasurements values = {0};
    if (m && rec_object(r, m, mpath, MEASURE_KEYS)) {
        kind = rec_enum(r, m, mpath, "kind", true, VOCAB_MEASURE_KIND);
        org = rec_ref(r, m, mpath, "organisation", false, REF_ORGANISATION);
        gender = rec_enum(r, m, mpath, "gender", false, VOCAB_GENDER);
        intervention = rec_ref(r, m, mpath, "intervention", false, REF_INTERVENTION);
        group = rec_ref(r, m, mpath, "group", false, REF_GROUP);
        survey = rec_ref(r, m, mpath, "survey", false, REF_SURVEY);
        survey_kind = rec_enum(r, m, mpath, "survey_kind", false, VOCAB_SURVEY_KIND);
        question = rec_str(r, m, mpath, "question", false);
        has_min = rec_int(r, m, mpath, "min", false, 1, 5, &min);
        /* another kind's values are refused by check_measure_uses below */
        if (kind && strcmp(kind, "manual") == 0)
            goal_read_values(r, m, mpath, &values);
        /* The parameters a kind cannot do without (the schema's CHECKs, said plainly). */
        if (kind && strcmp(kind, "group_members") == 0 && !json_object_get(m, "group"))
            rec_fail(r, mpath, "group", "is required for kind group_members");
        if (kind && strcmp(kind, "survey_share") == 0 && !json_object_get(m, "question"))
            rec_fail(r, mpath, "question", "is required for kind survey_share");
        if (kind && strcmp(kind, "manual") == 0 && !json_object_get(m, "values") &&
            !json_object_get(m, "value"))
            rec_fail(r, mpath, "values", "is required for kind manual (the measurements, "
                     "each with its date; [] before the first)");
        if (kind)
            goal_check_measure_uses(r, m, mpath, kind);
        /* Survey responses know no "unknown" gender (a missing one counts as other), so
         * the report would refuse such a goal; say so now, not at every report. */
        if (kind && strcmp(kind, "survey_share") == 0 && gender &&
            strcmp(gender, "unknown") == 0)
            rec_fail(r, mpath, "gender", "\"%s\" is not one of female, male, other for kind "
                     "survey_share", gender);
        /* With a survey the share reads that survey alone and ignores survey_kind, so a
         * kind that contradicts the survey would be silently dropped. */
        if (kind && strcmp(kind, "survey_share") == 0 && survey && survey_kind &&
            rec_writable(r)) {
            char actual[32];
            if (goal_survey_kind_of(r, survey, actual, sizeof actual) &&
                strcmp(actual, survey_kind) != 0)
                rec_fail(r, mpath, "survey_kind", "\"%s\" contradicts survey \"%s\", which is "
                         "of kind %s", survey_kind, json_string_value(json_object_get(m, "survey")),
                         actual);
        }
        /* A question the surveys do not ask would leave the goal without a value forever. */
        if (question && rec_writable(r) && !goal_question_asked(r, question, survey, survey_kind)) {
            const char *survey_code = json_string_value(json_object_get(m, "survey"));
            if (survey && survey_code)
                rec_fail(r, mpath, "question", "survey \"%s\" asks no question \"%s\"", survey_code,
                         question);
            else if (survey_kind)
                rec_fail(r, mpath, "question", "no survey of kind %s asks question \"%s\"",
                         survey_kind, question);
            else
                rec_fail(r, mpath, "question", "no survey asks question \"%s\"", question);
        }
    } else if (m) {
        return;
    }
    if (!code || !rec_claim(r, code) || !rec_writable(r)) {
        free(values.v);
        return;
    }
    sqlite3_stmt *st = db_stmt(r->db, SQL_GOAL_UPSERT);
    sqlite3_bind_int64(st, 1, r->project_id);
    rec_bind_text(st, 2, code);
    sqlite3_bind_int64(st, 3, (int64_t)index);
    rec_bind_text(st, 4, title);
    rec_bind_text(st, 5, description);
    rec_bind_text(st, 6, kind);
    db_bind_id_or_null(st, 7, org);
    rec_bind_text(st, 8, gender);
    db_bind_id_or_null(st, 9, intervention);
    db_bind_id_or_null(st, 10, group);
    db_bind_id_or_null(st, 11, survey);
    rec_bind_text(st, 12, survey_kind);
    rec_bind_text(st, 13, question);
    rec_bind_opt(st, 14, has_min, min);
    sqlite3_bind_int64(st, 15, target);
    rec_bind_text(st, 16, comparison ? comparison : ">=");
    rec_bind_text(st, 17, unit ? unit : "count");
    int64_t gid = rec_write(r, st, path, true);
    if (gid > 0)
        rec_write_by_id(r, SQL_GOAL_VALUE_DELETE, gid, path);
    for (size_t k = 0; gid > 0 && k < values.n && rec_writable(r); k++) {
        const GoalMeasurement *v = &values.v[k];
        st = db_stmt(r->db, SQL_GOAL_VALUE_INSERT);
        sqlite3_bind_int64(st, 1, gid);
        rec_bind_text(st, 2, v->date);
        sqlite3_bind_int64(st, 3, v->value_c);
        rec_bind_text(st, 4, v->source);
        sqlite3_bind_int64(st, 5, r->project_id);
        rec_write(r, st, path, false);
    }
    free(values.v);
}
