/* report.c — the lägesrapport and the slutrapport as JSON (docs/report-format.md): resolves
 * the range, lays out the top-level keys in the documented order, and fills them from the
 * figures engine (figures.c), the survey figures (survey_figures.c), the narratives and the
 * funder's form. Everything is read inside one savepoint so that the figures are one snapshot
 * even while someone records attendance. */
#include "db.h"
#include "report_compute.h"
#include "figures.h"
#include "survey_figures.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char Q_PROJECT[] =
    "SELECT p.code, p.name, p.diarienummer, o.code, o.name, p.start_date, p.end_date,"
    " p.planned_participants FROM project p LEFT JOIN organisation o ON o.id = p.owner_org_id"
    " WHERE p.id = ?1";

static const char Q_PERIOD[] =
    "SELECT from_date, to_date FROM reporting_period WHERE project_id = ?1 AND number = ?2";

static const char Q_PERIOD_OF_RANGE[] =
    "SELECT number FROM reporting_period WHERE project_id = ?1 AND from_date = ?2 AND to_date = ?3"
    " ORDER BY number LIMIT 1";

static const char Q_PERIOD_SPAN[] =
    "SELECT min(number), max(number), count(*) FROM reporting_period WHERE project_id = ?1";

/* ?2 NULL selects the final report's narratives. */
static const char Q_NARRATIVES[] =
    "SELECT section, text, empty FROM narrative WHERE project_id = ?1 AND period IS ?2"
    " ORDER BY section";

/* How a question of the form is answered, which decides its `status` (docs/report-format.md,
 * "questions[]"): in words only, or also by the figures shown beside it. */
typedef enum {
    ANS_TEXT,           /* a narrative, nothing else answers it */
    ANS_LIST,           /* the list beside it answers it when it is not empty */
    ANS_ANY_DEVIATION,  /* JA/NEJ: were there deviations in the period */
    ANS_REPORTED,       /* JA/NEJ: were they all reported; only when there were some */
    ANS_WHY_NOT,        /* words, only when some deviation was not reported */
    ANS_MEASURES,       /* words, only when there were deviations; each one's measures count */
} AnswerKind;

/* One question of the funder's form: its narrative section, the form's part, the question in
 * the form's words, and how it is answered. */
typedef struct FormQuestion {
    const char *section, *heading, *question;
    AnswerKind kind;
} FormQuestion;

#define H1 "1. Verksamheten i projektet"
#define H2 "2. Avvikelse från projektbeskrivningen"

/* The lägesrapport form as the funder prints it (lägesrapport, "Verksamheten i projektet" and
 * "Avvikelse från projektbeskrivningen"), question by question in its order. */
static const FormQuestion lages_form[] = {
    {"aktiviteter", H1, "Vilka aktiviteter har genomförts under den aktuella perioden?", ANS_TEXT},
    {"kriterier", H1,
     "På vilket sätt har dessa en koppling till det kriterium/de kriterier som projektet arbetar "
     "med? Lyft också om aktuellt fram de transnationella aktiviteter och aktiviteter av "
     "regionalfondskaraktär.",
     ANS_TEXT},
    {"organisationer", H1,
     "Vilka företag/organisationer har deltagit i aktiviteterna under den aktuella perioden?",
     ANS_LIST},
    {"jamstalldhet", H1, "Hur har ni arbetat med jämställdhet under den aktuella perioden?",
     ANS_TEXT},
    {"tillganglighet", H1, "Hur har ni arbetat med tillgänglighet under den aktuella perioden?",
     ANS_TEXT},
    {"fungerat_bra", H1, "Vad har fungerat bra och vad har fungerat mindre bra?", ANS_TEXT},
    {"deltagare", H1,
     "Ligger deltagarantalet i fas med vad som är planerat enligt ansökan? Vänligen ange "
     "ackumulerat antal deltagare i relation till planerat antal.",
     ANS_TEXT},
    {"maluppfyllelse", H1, "Ligger projektet i fas vad gäller måluppfyllelse?", ANS_TEXT},
    {"budget", H1, "Ligger projektet i fas med budget?", ANS_TEXT},
    {"avvikelser", H2, "Har det förekommit några avvikelser under perioden?", ANS_ANY_DEVIATION},
    {"avvikelser_meddelade", H2,
     "Om det förekommit avvikelser, har ni meddelat ansvarig samordnare på ESF-rådet?",
     ANS_REPORTED},
    {"avvikelser_ej_meddelade", H2,
     "Om du svarade nej, vad är orsaken till att ni inte har meddelat avvikelserna?", ANS_WHY_NOT},
    {"avvikelser_atgarder", H2,
     "Vilka åtgärder har ni vidtagit/avser att vidta med anledning av avvikelserna?",
     ANS_MEASURES},
    {NULL, NULL, NULL, ANS_TEXT},
};

#define S_RESULT "Projektets resultat"
#define S_GOALS "Syfte och mål med projektet"

/* The slutrapport form ("Slutrapport genomförande") in its order. Its parts up to "Deltagande
 * aktörer i projektet" are in the funder's words; the questions on gender equality and
 * accessibility follow them. */
static const FormQuestion slut_form[] = {
    {"sammanfattning", "Sammanfattning",
     "Ge en sammanfattande beskrivning av projektidé och framkomna resultat.", ANS_TEXT},
    {"problem", S_RESULT,
     "Redogör kortfattat för det problem och de behov som projektet avsåg att fokusera kring.",
     ANS_TEXT},
    {"ambitioner", S_RESULT,
     "Redogör för projektets ambitioner att göra skillnad, det vill säga hur lösa problemet på "
     "ett bättre sätt. Ta utgångspunkt i den eller de programkriterier (lärande miljöer, "
     "samverkan, innovativ verksamhet, strategisk påverkan) som projektet valt, men också där så "
     "är aktuellt hur aktiviteterna av transnationell och regionalfondskaraktär bidragit.",
     ANS_TEXT},
    {"resultat", S_RESULT,
     "Vilka resultat och förslag till goda lösningar har projektet lett fram till?", ANS_TEXT},
    {"paverkan", S_RESULT,
     "Vilken påverkan och genomslag har projektet åstadkommit på individnivå, organisationsnivå "
     "och system- och strukturnivå?",
     ANS_TEXT},
    {"syfte", S_GOALS, "Redogör för projektets syfte/projektmål, delmål och avsedda resultat.",
     ANS_TEXT},
    {"mal", S_GOALS,
     "Vad har projektet uppnått i förhållande till mål och planerat upplägg? Redogör dels med "
     "kvantitativa mått, dels kvalitativt i form av till exempel erhållna kunskaper och "
     "förändringar i attityder, riktlinjer, beteende etc.",
     ANS_TEXT},
    {"lardomar", S_GOALS, "Vilket lärande åstadkom ni i projektet såväl internt som externt?",
     ANS_TEXT},
    {"avvikelser_atgarder", S_GOALS,
     "Redogör för orsaker till avvikelser i förhållande till planerad verksamhet i "
     "projektansökan och hur detta har påverkat projektbudgeten.",
     ANS_TEXT},
    {"arbetssatt", "Arbetssätt",
     "Vad var ert huvudsakliga arbetssätt? Beskriv kortfattat vilka metoder, utbildningar och "
     "andra aktiviteter som användes. Vad i metoderna och aktiviteterna var det som gjorde "
     "skillnad, d.v.s. som ledde fram till det önskade resultatet? Beskriv eventuellt nya "
     "metoder eller material som tagits fram i projektet.",
     ANS_TEXT},
    {"aktorer", "Deltagande aktörer i projektet",
     "Redogör för vilka aktörer (organisationer, företag, myndigheter) som ingick i projektet, "
     "samt vad de konkret bidrog med, både vad gäller engagemang, ekonomiska resurser och "
     "påverkansarbete. Redovisa dessutom arbete i projektgrupp, styrgrupp och/eller "
     "referensgrupp samt gruppernas sammansättning. Hur har grupperna fungerat?",
     ANS_TEXT},
    {"jamstalldhet", "Jämställdhet och tillgänglighet", "Hur har projektet arbetat med jämställdhet?",
     ANS_TEXT},
    {"tillganglighet", "Jämställdhet och tillgänglighet",
     "Hur har projektet arbetat med tillgänglighet?", ANS_TEXT},
    {NULL, NULL, NULL, ANS_TEXT},
};

/* The top-level keys in the documented order; report_compute creates them all first so that
 * every key is present and in place whatever fills it later. */
static const char *const top_keys[] = {
    "report", "generated", "project", "period", "redovisnings_id", "frozen",
    "previously_reported", "participants", "participant_hours", "interventions", "activities",
    "organisations", "goals", "budget", "deviations", "surveys", "survey_summary", "survey_comparison",
    "certificates", "groups", "meetings", "meetings_held", "dissemination", "narratives",
    "questions", "check", NULL,
};

typedef struct ProjectInfo {
    char *code, *diarienummer;
    char start[11], end[11];
} ProjectInfo;

/* Reads the project into *out (the `project` object) and pi. INSATS_EINPUT for an unknown
 * project id. */
static int read_project(Db *db, int64_t project_id, ProjectInfo *pi, json_t **out, Errs *errs)
{
    sqlite3_stmt *st = db_stmt(db, Q_PROJECT);
    sqlite3_bind_int64(st, 1, project_id);
    int step = sqlite3_step(st);
    int rc = INSATS_OK;
    if (step == SQLITE_ROW) {
        pi->code = xstrdup(db_col_text(st, 0));
        pi->diarienummer = xstrdup(db_col_text(st, 2));
        snprintf(pi->start, sizeof pi->start, "%s", db_col_text(st, 5));
        snprintf(pi->end, sizeof pi->end, "%s", db_col_text(st, 6));
        json_t *owner = sqlite3_column_type(st, 3) == SQLITE_NULL
                            ? json_null()
                            : json_pack("{ss ss}", "id", db_col_text(st, 3), "name",
                                        db_col_text(st, 4));
        json_t *planned = sqlite3_column_type(st, 7) == SQLITE_NULL
                              ? json_null()
                              : json_integer(sqlite3_column_int64(st, 7));
        const char *dn = db_col_text(st, 2);
        *out = json_pack("{ss ss so so ss ss so}", "id", pi->code, "name", db_col_text(st, 1),
                         "diarienummer", dn ? json_string(dn) : json_null(), "owner", owner,
                         "start", pi->start, "end", pi->end, "planned_participants", planned);
    } else if (step == SQLITE_DONE) {
        errs_add(errs, "the project is no longer in the database");
        rc = INSATS_EINPUT;
    } else {
        rc = db_fail(db, errs, "cannot read the project");
    }
    sqlite3_reset(st);
    return rc;
}

/* The dates of reporting period `number` into from/to; INSATS_EINPUT naming the periods there
 * are when it does not exist. */
static int read_period(Db *db, int64_t project_id, const ProjectInfo *pi, int number,
                       char from[11], char to[11], Errs *errs)
{
    sqlite3_stmt *st = db_stmt(db, Q_PERIOD);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_int(st, 2, number);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        snprintf(from, 11, "%s", db_col_text(st, 0));
        snprintf(to, 11, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (step == SQLITE_ROW)
        return INSATS_OK;
    if (step != SQLITE_DONE)
        return db_fail(db, errs, "cannot read the reporting periods");
    st = db_stmt(db, Q_PERIOD_SPAN);
    sqlite3_bind_int64(st, 1, project_id);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 2) > 0)
        errs_add(errs, "no reporting period %d in project %s (periods %d–%d)", number, pi->code,
                 sqlite3_column_int(st, 0), sqlite3_column_int(st, 1));
    else
        errs_add(errs, "no reporting period %d in project %s (it has no reporting periods)",
                 number, pi->code);
    sqlite3_reset(st);
    return INSATS_EINPUT;
}

/* Checks a free --from/--to range: both real dates, from ≤ to, and overlapping the project
 * (a range partly outside the project is computed as given, not clipped). */
static int check_range(const ProjectInfo *pi, const char *from, const char *to, Errs *errs)
{
    if (!from || !to) {
        errs_add(errs, "a lägesrapport needs a reporting period or both --from and --to");
        return INSATS_EINPUT;
    }
    if (!date_valid(from) || !date_valid(to)) {
        errs_add(errs, "--%s: \"%s\" is not a date (YYYY-MM-DD)", date_valid(from) ? "to" : "from",
                 date_valid(from) ? to : from);
        return INSATS_EINPUT;
    }
    if (strcmp(from, to) > 0) {
        errs_add(errs, "--from %s is after --to %s", from, to);
        return INSATS_EINPUT;
    }
    if (strcmp(to, pi->start) < 0 || strcmp(from, pi->end) > 0) {
        errs_add(errs, "the range %s – %s lies outside project %s (%s – %s)", from, to, pi->code,
                 pi->start, pi->end);
        return INSATS_EINPUT;
    }
    return INSATS_OK;
}

/* {section: markdown} of one period (0: the final report's) into *out, and the sections
 * marked deliberately empty into *empty ({section: true}). */
static int read_narratives(Db *db, int64_t project_id, int period, json_t **out, json_t **empty,
                           Errs *errs)
{
    json_t *obj = json_object();
    *empty = json_object();
    sqlite3_stmt *st = db_stmt(db, Q_NARRATIVES);
    sqlite3_bind_int64(st, 1, project_id);
    if (period > 0)
        sqlite3_bind_int(st, 2, period);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_object_set_new(obj, db_col_text(st, 0), json_string(db_col_text(st, 1)));
        if (sqlite3_column_int(st, 2))
            json_object_set_new(*empty, db_col_text(st, 0), json_true());
    }
    sqlite3_reset(st);
    *out = obj;
    return step == SQLITE_DONE ? INSATS_OK : db_fail(db, errs, "cannot read the narratives");
}

/* Whether text holds anything but white space. */
static bool has_words(const char *text)
{
    for (const char *p = text; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return true;
    return false;
}

/* The state of one question (docs/report-format.md, "questions[]"): the rule that decides
 * whether a report is complete, written once for the document, `report check` and the web. */
static const char *question_status(const FormQuestion *q, const char *answer, bool marked_empty,
                                   const json_t *report, json_t **yes_no)
{
    const json_t *devs = json_object_get(report, "deviations");
    size_t ndev = json_array_size(devs), unreported = 0, without_measures = 0;
    size_t i;
    const json_t *dv;
    json_array_foreach(devs, i, dv) {
        if (!json_is_true(json_object_get(dv, "reported_to_funder")))
            unreported++;
        if (!has_words(json_string_value(json_object_get(dv, "measures"))))
            without_measures++;
    }
    *yes_no = json_null();
    bool words = has_words(answer);
    switch (q->kind) {
    case ANS_ANY_DEVIATION:
        json_decref(*yes_no);
        *yes_no = json_boolean(ndev > 0);
        return words ? "answered" : "by_data";
    case ANS_REPORTED:
        if (ndev == 0)
            return words ? "answered" : "not_applicable";
        json_decref(*yes_no);
        *yes_no = json_boolean(unreported == 0);
        return words ? "answered" : "by_data";
    case ANS_WHY_NOT:
        if (unreported == 0)
            return words ? "answered" : "not_applicable";
        break;
    case ANS_MEASURES:
        if (ndev == 0)
            return words ? "answered" : "not_applicable";
        if (!words && without_measures == 0)
            return "by_data";
        break;
    case ANS_LIST:
        if (!words && json_array_size(json_object_get(report, "organisations")) > 0)
            return "by_data";
        break;
    case ANS_TEXT:
        break;
    }
    if (words)
        return "answered";
    return marked_empty ? "empty" : "unanswered";
}

static json_t *questions_json(const FormQuestion *form, const json_t *narratives,
                              const json_t *empty, const json_t *report)
{
    json_t *arr = json_array();
    for (size_t i = 0; form[i].section; i++) {
        json_t *answer = json_object_get(narratives, form[i].section);
        const char *text = json_string_value(answer);
        json_t *yes_no = NULL;
        const char *status = question_status(&form[i], text, json_object_get(empty, form[i].section),
                                             report, &yes_no);
        json_array_append_new(arr, json_pack("{ss ss ss so ss so}", "section", form[i].section,
                                             "heading", form[i].heading, "question",
                                             form[i].question, "answer",
                                             has_words(text) ? json_string(text) : json_null(),
                                             "status", status, "yes_no", yes_no));
    }
    return arr;
}

int report_period_of_range(Db *db, int64_t project_id, const ReportRange *range)
{
    if (!range)
        return 0;
    if (range->period > 0)
        return range->period;
    if (!range->from || !range->to)
        return 0;
    sqlite3_stmt *st = db_stmt(db, Q_PERIOD_OF_RANGE);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, range->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, range->to, -1, SQLITE_STATIC);
    int number = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return number;
}

/* The dates a report covers: the whole project for the slutrapport, a reporting period's
 * dates, or a checked free range — which is that period when its dates are exactly a
 * period's (report_period_of_range). *number is the period number, 0 for none. */
static int resolve_range(Db *db, int64_t project_id, const ProjectInfo *pi, ReportKind kind,
                         const ReportRange *range, char from[11], char to[11], int *number,
                         Errs *errs)
{
    *number = 0;
    if (kind == REPORT_SLUTRAPPORT) {
        snprintf(from, 11, "%s", pi->start);
        snprintf(to, 11, "%s", pi->end);
        return INSATS_OK;
    }
    if (range && range->period > 0) {
        *number = range->period;
        return read_period(db, project_id, pi, *number, from, to, errs);
    }
    int rc = check_range(pi, range ? range->from : NULL, range ? range->to : NULL, errs);
    if (rc == INSATS_OK) {
        snprintf(from, 11, "%s", range->from);
        snprintf(to, 11, "%s", range->to);
        *number = report_period_of_range(db, project_id, range);
    }
    return rc;
}

int report_range_dates(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
                       char from[11], char to[11], int *number, Errs *errs)
{
    ProjectInfo pi = {0};
    json_t *project = NULL;
    int rc = read_project(db, project_id, &pi, &project, errs);
    if (rc == INSATS_OK)
        rc = resolve_range(db, project_id, &pi, kind, range, from, to, number, errs);
    free(pi.code);
    free(pi.diarienummer);
    json_decref(project);
    return rc;
}

/* Appends the queries with their parameters written in: ?1 the project, ?2 from, ?3 to. */
static void append_expanded(Db *db, const char *const *queries, int64_t project_id,
                            const char *from, const char *to, Buf *out)
{
    for (size_t i = 0; queries[i]; i++) {
        sqlite3_stmt *st = db_prepare(db, queries[i]);
        int n = sqlite3_bind_parameter_count(st);
        if (n >= 1)
            sqlite3_bind_int64(st, 1, project_id);
        if (n >= 2)
            sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
        if (n >= 3)
            sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
        char *sql = sqlite3_expanded_sql(st);
        if (sql)
            buf_printf(out, "%s;\n", sql);
        sqlite3_free(sql);
        sqlite3_finalize(st);
    }
}

int report_sql(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range, Buf *out,
               Errs *errs)
{
    ProjectInfo pi = {0};
    json_t *project = NULL;
    char from[11], to[11];
    int number = 0;
    int rc = read_project(db, project_id, &pi, &project, errs);
    if (rc == INSATS_OK)
        rc = resolve_range(db, project_id, &pi, kind, range, from, to, &number, errs);
    if (rc == INSATS_OK) {
        append_expanded(db, figures_bench_queries(), project_id, from, to, out);
        /* The slutrapport covers every survey, dated or not; a lägesrapport those in its range. */
        bool all = kind == REPORT_SLUTRAPPORT;
        append_expanded(db, figures_survey_bench_queries(kind == REPORT_SLUTRAPPORT), project_id,
                        all ? NULL : from, all ? NULL : to, out);
    }
    free(pi.code);
    free(pi.diarienummer);
    json_decref(project);
    return rc;
}

int report_compute(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
                   json_t **out, Errs *errs)
{
    *out = NULL;
    ProjectInfo pi = {0};
    json_t *rep = json_object(), *project = NULL, *v = NULL;
    char from[11], to[11], today[11];
    int number = 0;
    /* Every figure of one report reads the same snapshot. */
    bool in_tx = db_read_begin(db);

    int rc = INSATS_OK;
    if ((rc = read_project(db, project_id, &pi, &project, errs)) != INSATS_OK)
        goto cleanup;

    if ((rc = resolve_range(db, project_id, &pi, kind, range, from, to, &number, errs)) !=
        INSATS_OK)
        goto cleanup;

    for (size_t i = 0; top_keys[i]; i++)
        json_object_set_new(rep, top_keys[i], json_null());
    date_today(today);
    json_object_set_new(rep, "report",
                        json_string(kind == REPORT_SLUTRAPPORT ? "slutrapport" : "lagesrapport"));
    json_object_set_new(rep, "generated", json_string(today));
    json_object_set(rep, "project", project);
    json_object_set_new(rep, "period",
                        json_pack("{so ss ss}", "number",
                                  number ? json_integer(number) : json_null(), "from", from, "to",
                                  to));
    if (number && pi.diarienummer) {
        char *rid = xasprintf("%s-%03d", pi.diarienummer, number);
        json_object_set_new(rep, "redovisnings_id", json_string(rid));
        free(rid);
    }

    if ((rc = figures_compute(db, project_id, from, to, rep, errs)) != INSATS_OK)
        goto cleanup;

    json_t *summary = NULL;
    v = kind == REPORT_SLUTRAPPORT ? figures_surveys(db, project_id, NULL, NULL, &summary, errs)
                                   : figures_surveys(db, project_id, from, to, &summary, errs);
    if (!v) {
        rc = INSATS_ESTORAGE;
        goto cleanup;
    }
    json_object_set_new(rep, "surveys", v);
    json_object_set_new(rep, "survey_summary", summary);
    if (kind == REPORT_SLUTRAPPORT) {
        if (!(v = figures_survey_comparison(db, project_id, errs))) {
            rc = INSATS_ESTORAGE;
            goto cleanup;
        }
    } else {
        v = json_array();
    }
    json_object_set_new(rep, "survey_comparison", v);

    /* A free range has no period number, hence no narratives of its own. */
    json_t *narr = NULL, *empty = NULL;
    if (kind == REPORT_SLUTRAPPORT || number > 0) {
        if ((rc = read_narratives(db, project_id, number, &narr, &empty, errs)) != INSATS_OK) {
            json_decref(narr);
            json_decref(empty);
            goto cleanup;
        }
    } else {
        narr = json_object();
        empty = json_object();
    }
    json_object_set_new(rep, "narratives", narr);
    json_object_set_new(rep, "questions",
                        questions_json(kind == REPORT_SLUTRAPPORT ? slut_form : lages_form, narr,
                                       empty, rep));
    json_decref(empty);

cleanup:
    db_read_end(db, in_tx);
    free(pi.code);
    free(pi.diarienummer);
    json_decref(project);
    if (rc == INSATS_OK)
        *out = rep;
    else
        json_decref(rep);
    return rc;
}

/* ---- questions left unanswered on purpose ------------------------------------------------ */

static const char Q_NARRATIVE_ONE[] =
    "SELECT text, empty FROM narrative WHERE project_id = ?1 AND period IS ?2 AND section = ?3";
static const char Q_PERIOD_FROZEN[] =
    "SELECT 1 FROM frozen_span WHERE project_id = ?1 AND period = ?2";
static const char Q_MARK_EMPTY[] =
    "INSERT INTO narrative (project_id, period, section, text, empty) VALUES (?1, ?2, ?3, '', 1)";
static const char Q_NARRATIVE_DELETE[] =
    "DELETE FROM narrative WHERE project_id = ?1 AND period IS ?2 AND section = ?3";
static const char Q_UNMARK_EMPTY[] =
    "DELETE FROM narrative WHERE project_id = ?1 AND period IS ?2 AND section = ?3 AND empty = 1";

/* Appends the sections of the form, separated by ", ", for a message. */
static void form_sections(const FormQuestion *form, Buf *out)
{
    for (size_t i = 0; form[i].section; i++)
        buf_printf(out, "%s%s", i ? ", " : "", form[i].section);
}

/* Binds ?1 project, ?2 period (NULL for the slutrapport), ?3 section. */
static void bind_narrative(sqlite3_stmt *st, int64_t project_id, int period, const char *section)
{
    sqlite3_bind_int64(st, 1, project_id);
    if (period > 0)
        sqlite3_bind_int(st, 2, period);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, section, -1, SQLITE_STATIC);
}

int report_mark_empty(Db *db, int64_t project_id, int period, const char *section, bool empty,
                      Errs *errs)
{
    const FormQuestion *form = period > 0 ? lages_form : slut_form;
    const char *which = period > 0 ? "the lägesrapport" : "the slutrapport";
    bool known = false;
    for (size_t i = 0; form[i].section && section; i++)
        known = known || strcmp(form[i].section, section) == 0;
    if (!known) {
        Buf b = {0};
        form_sections(form, &b);
        errs_add(errs, "\"%s\" is not a question of %s; its questions are %s",
                 section ? section : "", which, b.data);
        buf_free(&b);
        return INSATS_EINPUT;
    }
    ProjectInfo pi = {0};
    json_t *project = NULL;
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = read_project(db, project_id, &pi, &project, errs);
    char from[11], to[11];
    if (rc == INSATS_OK && period > 0)
        rc = read_period(db, project_id, &pi, period, from, to, errs);
    if (rc == INSATS_OK && period > 0) {
        sqlite3_stmt *st = db_stmt(db, Q_PERIOD_FROZEN);
        sqlite3_bind_int64(st, 1, project_id);
        sqlite3_bind_int(st, 2, period);
        int step = sqlite3_step(st);
        sqlite3_reset(st);
        if (step == SQLITE_ROW) {
            errs_add(errs, "period %d is frozen: its report stands as submitted; reopen it with "
                     "`insats report reopen --period %d --reason …` first", period, period);
            rc = INSATS_EINPUT;
        } else if (step != SQLITE_DONE) {
            rc = db_fail(db, errs, "cannot read the report snapshots");
        }
    }
    int have = 0;   /* 0 none, 1 an answer, 2 the mark, 3 a narrative without words */
    if (rc == INSATS_OK) {
        sqlite3_stmt *st = db_stmt(db, Q_NARRATIVE_ONE);
        bind_narrative(st, project_id, period, section);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            have = sqlite3_column_int(st, 1) ? 2 : has_words(db_col_text(st, 0)) ? 1 : 3;
        else if (step != SQLITE_DONE)
            rc = db_fail(db, errs, "cannot read the narratives");
        sqlite3_reset(st);
    }
    char where[32];
    if (period > 0)
        snprintf(where, sizeof where, "period %d", period);
    else
        snprintf(where, sizeof where, "the slutrapport");
    if (rc == INSATS_OK && empty && have == 1) {
        errs_add(errs, "question \"%s\" of %s has an answer; remove the answer (import the "
                 "narrative without it) before marking the question empty", section, where);
        rc = INSATS_EINPUT;
    } else if (rc == INSATS_OK && !empty && have != 2) {
        errs_add(errs, "question \"%s\" of %s is not marked empty", section, where);
        rc = INSATS_EINPUT;
    }
    /* A narrative row without words gives way to the mark; a second mark changes nothing. */
    const char *const *writes = NULL;
    static const char *const mark[] = {Q_NARRATIVE_DELETE, Q_MARK_EMPTY, NULL};
    static const char *const unmark[] = {Q_UNMARK_EMPTY, NULL};
    if (rc == INSATS_OK && empty && have != 2)
        writes = mark;
    else if (rc == INSATS_OK && !empty)
        writes = unmark;
    for (size_t i = 0; writes && writes[i] && rc == INSATS_OK; i++) {
        sqlite3_stmt *st = db_stmt(db, writes[i]);
        bind_narrative(st, project_id, period, section);
        if (!db_step_done(st))
            rc = db_fail(db, errs, "cannot write the narrative");
        sqlite3_reset(st);
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    free(pi.code);
    free(pi.diarienummer);
    json_decref(project);
    return rc;
}
