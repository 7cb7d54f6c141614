/* record.c — saving one record of any kind on someone's behalf, the fields of each kind's
 * form, and the role rule for writes (see record.h). */
#include "record.h"
#include "i18n.h"
#include "activity.h"
#include "budget.h"
#include "certificate.h"
#include "deviation.h"
#include "dissemination.h"
#include "goal.h"
#include "group.h"
#include "intervention.h"
#include "meeting.h"
#include "narrative.h"
#include "organisation.h"
#include "people.h"
#include "proposal.h"
#include "rec.h"
#include "records.h"
#include "survey.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* ---- the fields of each kind's form ------------------------------------------------------ */

#define ID {"id", N_("Id"), FIELD_TEXT, true, VALIDATE_CODE_MAX, 0, 0, NULL}
#define TEXT(key, label, req) {key, label, FIELD_TEXT, req, 0, 0, 0, NULL}
#define LINE(key, label, req, max) {key, label, FIELD_TEXT, req, max, 0, 0, NULL}
#define LONG(key, label, req) {key, label, FIELD_MULTILINE, req, 0, 0, 0, NULL}
#define DATE(key, label, req) {key, label, FIELD_DATE, req, 0, 0, 0, NULL}
#define TIME(key, label) {key, label, FIELD_TIME, false, 0, 0, 0, NULL}
#define INT(key, label, req) {key, label, FIELD_INTEGER, req, 0, 0, 0, NULL}
#define DEC(key, label, req, d) {key, label, FIELD_DECIMAL, req, 0, d, 0, NULL}
#define MONEY(key, label, req) {key, label, FIELD_MONEY, req, 0, 2, 0, NULL}
#define BOOL(key, label) {key, label, FIELD_BOOL, false, 0, 0, 0, NULL}
#define ENUM(key, label, req, list) {key, label, FIELD_ENUM, req, 0, 0, list, NULL}
#define REF(key, label, req, kind) {key, label, FIELD_REF, req, 0, 0, 0, kind}
#define REFS(key, label, kind) {key, label, FIELD_REF_LIST, false, 0, 0, 0, kind}
#define END {NULL, NULL, FIELD_TEXT, false, 0, 0, 0, NULL}

static const RecordField ORGANISATION_FIELDS[] = {
    ID, TEXT("name", N_("Namn"), true), ENUM("kind", N_("Typ"), true, VOCAB_ORGANISATION_KIND),
    LINE("country", N_("Land (ISO 3166, t.ex. SE)"), false, 2),
    MONEY("hourly_cost", N_("Timkostnad (kr)"), false), END};
static const RecordField PERSON_FIELDS[] = {
    ID, LINE("name", N_("Namn"), true, VALIDATE_NAME_MAX),
    ENUM("gender", N_("Kön"), true, VOCAB_GENDER),
    REF("organisation", N_("Organisation"), true, "organisation"),
    LINE("unit", N_("Enhet"), false, VALIDATE_TEXT_MAX),
    LINE("role", N_("Roll"), false, VALIDATE_TEXT_MAX),
    LINE("email", N_("E-post"), false, VALIDATE_EMAIL_MAX),
    LINE("personnummer", N_("Personnummer"), false, 13), END};
static const RecordField GROUP_FIELDS[] = {
    ID, TEXT("name", N_("Namn"), true), ENUM("kind", N_("Typ"), true, VOCAB_GROUP_KIND), END};
static const RecordField INTERVENTION_FIELDS[] = {
    ID, TEXT("title", N_("Titel"), true), DATE("start", N_("Startdatum"), false),
    INT("planned_participants", N_("Planerat antal deltagare"), false),
    DATE("completed_on", N_("Avslutad"), false),
    BOOL("counts_participants", N_("Räknas i antalet deltagare")), END};
/* The proposal form (proposal_submit): its organisation is the submitter's, its status and
 * history come from its steps. */
static const RecordField PROPOSAL_FIELDS[] = {
    {"id", N_("Id (lämnas tomt för ett nytt)"), FIELD_TEXT, false, VALIDATE_CODE_MAX, 0, 0, NULL},
    TEXT("title", N_("Titel"), true), REF("area", N_("Kompetensområde"), false, "competence_area"),
    TEXT("unit", N_("Enhet"), false), TEXT("target_group", N_("Målgrupp"), false),
    INT("estimated_participants", N_("Uppskattat antal deltagare"), false),
    DEC("estimated_hours", N_("Uppskattat antal timmar"), false, 2),
    MONEY("estimated_cost", N_("Uppskattad kostnad (kr)"), false),
    TEXT("wished_period", N_("Önskad period (t.ex. hösten 2027)"), false),
    LONG("description", N_("Beskrivning"), false), END};
static const RecordField ACTIVITY_FIELDS[] = {
    ID, TEXT("title", N_("Titel"), true), REF("intervention", N_("Insats"), true, "intervention"),
    REF("proposal", N_("Utbildningsförslag"), false, "proposal"),
    ENUM("kind", N_("Typ"), true, VOCAB_ACTIVITY_KIND),
    REF("area", N_("Kompetensområde"), false, "competence_area"),
    REFS("organisations", N_("Organisationer"), "organisation"),
    TEXT("supplier", N_("Leverantör"), false), TEXT("venue", N_("Plats"), false),
    INT("planned_participants", N_("Planerat antal deltagare"), false),
    ENUM("status", N_("Status"), true, VOCAB_ACTIVITY_STATUS),
    MONEY("cost", N_("Kostnad (kr)"), false),
    BOOL("gives_certificates", N_("Ger intyg (till den som når projektets närvarogräns)")), END};
static const RecordField SESSION_FIELDS[] = {
    REF("activity", N_("Aktivitet"), true, "activity"), ID, DATE("date", N_("Datum"), true),
    TIME("start", N_("Starttid")), TIME("end", N_("Sluttid")), DEC("hours", N_("Timmar"), true, 2),
    END};
static const RecordField SURVEY_FIELDS[] = {
    ID, TEXT("title", N_("Titel"), true), ENUM("kind", N_("Typ"), true, VOCAB_SURVEY_KIND),
    REF("activity", N_("Aktivitet"), false, "activity"), DATE("date", N_("Datum"), false),
    DATE("closes", N_("Sista svarsdag"), false),
    BOOL("one_per_browser", N_("Ett svar per webbläsare")),
    END};
static const RecordField CERTIFICATE_FIELDS[] = {
    ID, TEXT("title", N_("Titel"), true), REF("person", N_("Person"), true, "person"),
    REF("activity", N_("Aktivitet"), false, "activity"), DATE("issued", N_("Utfärdat"), true), END};
static const RecordField GOAL_FIELDS[] = {
    ID, TEXT("title", N_("Titel"), true), LONG("description", N_("Beskrivning"), false),
    ENUM("measure.kind", N_("Vad som mäts"), true, VOCAB_MEASURE_KIND),
    REF("measure.organisation", N_("Organisation"), false, "organisation"),
    ENUM("measure.gender", N_("Kön"), false, VOCAB_GENDER),
    REF("measure.intervention", N_("Insats"), false, "intervention"),
    REF("measure.group", N_("Grupp"), false, "group"),
    REF("measure.survey", N_("Enkät"), false, "survey"),
    ENUM("measure.survey_kind", N_("Typ av enkät"), false, VOCAB_SURVEY_KIND),
    TEXT("measure.question", N_("Fråga (id)"), false),
    INT("measure.min", N_("Lägsta svar (1–5)"), false),
    DEC("target", N_("Målvärde"), true, 2),
    ENUM("comparison", N_("Jämförelse"), false, VOCAB_COMPARISON),
    ENUM("unit", N_("Enhet"), false, VOCAB_GOAL_UNIT), END};
static const RecordField BUDGET_CATEGORY_FIELDS[] = {ID, TEXT("name", N_("Namn"), true), END};
static const RecordField BUDGET_VERSION_FIELDS[] = {
    ID, TEXT("name", N_("Namn"), true), DATE("date", N_("Datum"), true),
    LONG("reason", N_("Skäl till ändringen"), false), END};
static const RecordField COST_FIELDS[] = {
    ID, DATE("date", N_("Datum"), true),
    REF("category", N_("Kostnadsslag"), true, "budget_category"),
    MONEY("amount", N_("Belopp (kr)"), true), TEXT("text", N_("Text"), false),
    REF("activity", N_("Aktivitet"), false, "activity"), TEXT("voucher", N_("Verifikation"), false),
    END};
static const RecordField DEVIATION_FIELDS[] = {
    ID, DATE("date", N_("Datum"), true), ENUM("area", N_("Område"), true, VOCAB_DEVIATION_AREA),
    LONG("description", N_("Beskrivning"), true),
    BOOL("reported_to_funder", N_("Rapporterad till finansiären")),
    DATE("reported_date", N_("Rapporterad den"), false), LONG("measures", N_("Åtgärder"), false),
    END};
static const RecordField MEETING_FIELDS[] = {
    ID, TEXT("title", N_("Titel"), true), REF("group", N_("Grupp"), false, "group"),
    DATE("date", N_("Datum"), true), TIME("start", N_("Starttid")), TIME("end", N_("Sluttid")),
    TEXT("place", N_("Plats"), false), ENUM("status", N_("Status"), true, VOCAB_MEETING_STATUS),
    TEXT("cancel_reason", N_("Skäl till inställt möte"), false),
    REF("notes_by", N_("Protokollförare"), false, "person"), END};
static const RecordField DISSEMINATION_FIELDS[] = {
    ID, TEXT("title", N_("Titel"), true), DATE("date", N_("Datum"), true),
    ENUM("channel", N_("Kanal"), true, VOCAB_CHANNEL), TEXT("audience", N_("Målgrupp"), false),
    END};
static const RecordField NARRATIVE_FIELDS[] = {
    INT("period", N_("Rapportperiod"), false),
    LINE("section", N_("Avsnitt"), true, VALIDATE_CODE_MAX),
    /* required unless "empty" says the question is left unanswered on purpose */
    {"text", N_("Text"), FIELD_MARKDOWN, true, 0, 0, 0, NULL},
    BOOL("empty", N_("Lämnas obesvarad")),
    END};

/* The rows of the lists a record holds, each edited on a page of its own ("meeting.attendees":
 * the list at key "attendees" of a meeting). */
static const RecordField MEETING_ATTENDEE_FIELDS[] = {
    REF("person", N_("Person"), false, "person"),
    LINE("name", N_("Gäst (namn, om personen inte finns i projektet)"), false, VALIDATE_NAME_MAX),
    TEXT("organisation", N_("Gästens organisation"), false),
    ENUM("status", N_("Närvaro"), true, VOCAB_ATTENDEE_STATUS), END};
static const RecordField MEETING_AGENDA_FIELDS[] = {
    TEXT("title", N_("Punkt"), true), TEXT("presenter", N_("Föredragande"), false),
    LONG("notes", N_("Anteckningar"), false),
    {"decisions", N_("Beslut (ett per rad)"), FIELD_TEXT_LIST, false, 0, 0, 0, NULL}, END};
static const RecordField MEETING_ACTION_FIELDS[] = {
    ID, TEXT("text", N_("Åtgärd"), true), REF("owner", N_("Ansvarig"), false, "person"),
    DATE("due", N_("Klart senast"), false),
    ENUM("status", N_("Status"), false, VOCAB_ACTION_STATUS), END};
static const RecordField GROUP_MEMBER_FIELDS[] = {
    REF("person", N_("Person"), true, "person"), DATE("from", N_("Från och med"), false),
    DATE("to", N_("Till och med"), false), TEXT("role", N_("Roll i gruppen"), false), END};
static const RecordField BUDGET_LINE_FIELDS[] = {
    REF("category", N_("Kostnadsslag"), true, "budget_category"), INT("year", N_("År"), true),
    MONEY("amount", N_("Belopp (kr)"), true), END};
static const RecordField GOAL_VALUE_FIELDS[] = {
    DATE("date", N_("Datum"), true), DEC("value", N_("Värde"), true, 2),
    TEXT("source", N_("Källa"), false),
    END};

static const RecordField SURVEY_QUESTION_FIELDS[] = {
    ID, TEXT("text", N_("Fråga"), true), ENUM("type", N_("Typ av svar"), true, VOCAB_QUESTION_TYPE),
    INT("threshold", N_("Räknas från svar (1–5, normalt 2)"), false), END};

static const struct {
    const char *name;
    const RecordField *fields;
} PARTS[] = {
    {"survey.questions", SURVEY_QUESTION_FIELDS},
    {"meeting.attendees", MEETING_ATTENDEE_FIELDS}, {"meeting.agenda", MEETING_AGENDA_FIELDS},
    {"meeting.actions", MEETING_ACTION_FIELDS}, {"group.members", GROUP_MEMBER_FIELDS},
    {"budget_version.lines", BUDGET_LINE_FIELDS}, {"goal.measure.values", GOAL_VALUE_FIELDS},
};

/* ---- the kinds --------------------------------------------------------------------------- */

typedef void (*SaveFn)(Rec *r, const json_t *o, const char *path, size_t index);

/* The SQL of a kind is fixed text chosen by the kind, never built from input: ?1 project,
 * ?2 the record's id, ?3 (a session) its activity's id. */
typedef struct KindDef {
    const char *name;
    SaveFn save;
    const RecordField *fields;
    const char *exists;     /* a row when the record exists; NULL: no id (a narrative) */
    const char *position;   /* the position the saved record takes in an ordered list */
    const char *org_of;     /* the organisation of the stored record, for a scoped actor */
    const char *org_key;    /* the key naming the record's organisation */
} KindDef;

#define EXISTS(table) "SELECT 1 FROM " table " WHERE project_id = ?1 AND code = ?2"
#define POSITION(table)                                                                     \
    "SELECT coalesce((SELECT position FROM " table " WHERE project_id = ?1 AND code = ?2),"  \
    " (SELECT coalesce(max(position) + 1, 0) FROM " table " WHERE project_id = ?1))"

static const KindDef KINDS[] = {
    {"organisation", organisation_save_json, ORGANISATION_FIELDS, EXISTS("organisation"), NULL,
     NULL, NULL},
    {"person", people_save_json, PERSON_FIELDS, EXISTS("person"), NULL,
     "SELECT organisation_id FROM person WHERE project_id = ?1 AND code = ?2", "organisation"},
    {"group", group_save_json, GROUP_FIELDS, EXISTS("grp"), NULL, NULL, NULL},
    {"intervention", intervention_save_json, INTERVENTION_FIELDS, EXISTS("intervention"), NULL,
     NULL, NULL},
    {"proposal", proposal_save_json, PROPOSAL_FIELDS, EXISTS("proposal"), NULL,
     "SELECT organisation_id FROM proposal WHERE project_id = ?1 AND code = ?2", "organisation"},
    {"activity", activity_save_json, ACTIVITY_FIELDS, EXISTS("activity"), NULL, NULL, NULL},
    {"session", activity_session_save_json, SESSION_FIELDS,
     "SELECT 1 FROM session s JOIN activity a ON a.id = s.activity_id"
     " WHERE a.project_id = ?1 AND s.code = ?2 AND a.code = ?3",
     NULL, NULL, NULL},
    {"survey", survey_save_json, SURVEY_FIELDS, EXISTS("survey"), NULL, NULL, NULL},
    {"certificate", certificate_save_json, CERTIFICATE_FIELDS, EXISTS("certificate"), NULL, NULL,
     NULL},
    {"goal", goal_save_json, GOAL_FIELDS, EXISTS("goal"), POSITION("goal"), NULL, NULL},
    {"budget_category", budget_category_save_json, BUDGET_CATEGORY_FIELDS,
     EXISTS("budget_category"), POSITION("budget_category"), NULL, NULL},
    {"budget_version", budget_version_save_json, BUDGET_VERSION_FIELDS, EXISTS("budget_version"),
     POSITION("budget_version"), NULL, NULL},
    {"cost", budget_cost_save_json, COST_FIELDS, EXISTS("cost_entry"), NULL, NULL, NULL},
    {"deviation", deviation_save_json, DEVIATION_FIELDS, EXISTS("deviation"), NULL, NULL, NULL},
    {"meeting", meeting_save_json, MEETING_FIELDS, EXISTS("meeting"), NULL, NULL, NULL},
    {"dissemination", dissemination_save_json, DISSEMINATION_FIELDS, EXISTS("dissemination"),
     NULL, NULL, NULL},
    {"narrative", NULL, NARRATIVE_FIELDS, NULL, NULL, NULL, NULL},
};
#define NKINDS (sizeof KINDS / sizeof *KINDS)

static const KindDef *record_kind(const char *name)
{
    for (size_t i = 0; name && i < NKINDS; i++)
        if (strcmp(KINDS[i].name, name) == 0)
            return &KINDS[i];
    return NULL;
}

const char *const *record_kinds(void)
{
    static const char *const names[] = {
        "organisation", "person", "group", "intervention", "proposal", "activity", "session",
        "survey", "certificate", "goal", "budget_category", "budget_version", "cost",
        "deviation", "meeting", "dissemination", "narrative", NULL};
    return names;
}

const RecordField *record_fields(const char *kind)
{
    const KindDef *k = record_kind(kind);
    for (size_t i = 0; !k && kind && i < sizeof PARTS / sizeof *PARTS; i++)
        if (strcmp(PARTS[i].name, kind) == 0)
            return PARTS[i].fields;
    return k ? k->fields : NULL;
}

/* ---- the role rule ------------------------------------------------------------------------ */

static bool record_kind_in(const char *kind, const char *const *kinds)
{
    for (; *kinds; kinds++)
        if (strcmp(*kinds, kind) == 0)
            return true;
    return false;
}

bool record_may_write(const Actor *actor, const char *kind, int64_t org_id)
{
    /* Anyone of a partner organisation proposes a training for it (proposal.h has the rules
     * of the steps after that). */
    if (actor && kind && strcmp(kind, "proposal") == 0 && actor->role != ROLE_ADMIN &&
        actor->role != ROLE_MANAGER)
        return actor->organisation_id > 0 &&
               (org_id == 0 || org_id == actor->organisation_id);
    static const char *const coordinator[] = {"person", "proposal", "attendance", NULL};
    static const char *const economist[] = {"budget_category", "budget_version", "cost", NULL};
    static const char *const trainer[] = {"session", "attendance", NULL};
    if (!actor || !kind)
        return false;
    switch (actor->role) {
    case ROLE_MANAGER:
        return true;
    case ROLE_COORDINATOR:
        return record_kind_in(kind, coordinator) && actor->organisation_id > 0 &&
               (org_id == 0 || org_id == actor->organisation_id);
    case ROLE_ECONOMIST:
        return record_kind_in(kind, economist);
    case ROLE_TRAINER:
        return record_kind_in(kind, trainer);
    case ROLE_ADMIN:
    case ROLE_READER:
    case ROLE_EVALUATOR:
    case ROLE_COUNT:
        break;
    }
    return false;
}

/* ---- saving ------------------------------------------------------------------------------- */

/* What record_save's claim checks the record's id against. */
typedef struct SaveCtx {
    const KindDef *kind;
    const Actor *actor;
    const json_t *record;
    bool create;
} SaveCtx;

/* The text of a string member of the record, or NULL. */
static const char *record_str(const json_t *record, const char *key)
{
    return json_string_value(json_object_get(record, key));
}

/* Runs one of a kind's queries bound to the project, the record's id and (for a session) its
 * activity's; true when it answers a row, with column 0 in *value (when not NULL). */
static bool record_query(Rec *r, const char *sql, const json_t *record, int64_t *value)
{
    sqlite3_stmt *st = db_stmt(r->db, sql);
    sqlite3_bind_int64(st, 1, r->project_id);
    db_bind_text_or_null(st, 2, record_str(record, "id"));
    if (sqlite3_bind_parameter_count(st) >= 3)
        db_bind_text_or_null(st, 3, record_str(record, "activity"));
    bool row = sqlite3_step(st) == SQLITE_ROW;
    if (row && value)
        *value = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return row;
}

/* record_save's claim: a new id on create, an existing one (in the actor's organisation) on
 * update. A record outside the actor's organisation is answered as one that does not exist. */
static bool record_claim(Rec *r, const char *code)
{
    SaveCtx *c = r->claim_ctx;
    bool exists = record_query(r, c->kind->exists, c->record, NULL);
    int64_t org = 0;
    if (exists && actor_org_scoped(c->actor) && c->kind->org_of &&
        record_query(r, c->kind->org_of, c->record, &org) && org != c->actor->organisation_id)
        exists = false;
    if (c->create && exists) {
        rec_fail(r, "", "id", "duplicate id \"%.64s\": the project has a %s with this id already",
                 code, c->kind->name);
        return false;
    }
    if (!c->create && !exists) {
        rec_fail(r, "", "id", "no %s \"%.64s\" in the project", c->kind->name, code);
        return false;
    }
    return true;
}

/* A scoped actor (a coordinator) saves records of their own organisation only. */
static void record_check_scope(Rec *r, const SaveCtx *c)
{
    if (!actor_org_scoped(c->actor) || !c->kind->org_key)
        return;
    const char *org = record_str(c->record, c->kind->org_key);
    int64_t id = 0;
    if (org && rec_lookup(r, REF_ORGANISATION, org, &id) && id != c->actor->organisation_id)
        rec_fail(r, "", c->kind->org_key, "you may save records of your own organisation only");
}

/* A proposal is saved by its submission (proposal_submit): create makes a new one, an update
 * submits a returned one again with its fields edited. */
static int record_save_proposal(Db *db, const Actor *actor, int64_t project_id,
                                const json_t *record, bool create, char *code_out,
                                size_t code_cap, Errs *errs)
{
    const char *id = record_str(record, "id");
    if (id && *id && rec_find(db, REF_PROPOSAL, project_id, id) > 0 && create) {
        errs_add_field(errs, "id", "proposal: id: duplicate id \"%.64s\": the project has a "
                       "proposal with this id already", id);
        return INSATS_EINPUT;
    }
    if (!create && (!id || !*id)) {
        errs_add_field(errs, "id", "proposal: id: which proposal to submit again is missing");
        return INSATS_EINPUT;
    }
    return proposal_submit(db, actor, project_id, record, code_out, code_cap, errs);
}

static const char SQL_ACTIVITY_PROPOSAL[] =
    "SELECT coalesce(pr.code, '') FROM activity a LEFT JOIN proposal pr ON pr.id = a.proposal_id"
    " WHERE a.project_id = ?1 AND a.code = ?2";

/* The id of the proposal an activity is booked from as stored ("" for none, or no such
 * activity), into out. */
static void record_activity_proposal(Db *db, int64_t project_id, const json_t *record,
                                     char *out, size_t cap)
{
    *out = '\0';
    sqlite3_stmt *st = db_stmt(db, SQL_ACTIVITY_PROPOSAL);
    sqlite3_bind_int64(st, 1, project_id);
    db_bind_text_or_null(st, 2, record_str(record, "id"));
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
}

/* Booking: a new activity comes from an approved proposal, and an activity is moved only to
 * an approved one; one that keeps its proposal (`prior`, as stored before the save) is not
 * checked again. The bundle import restores activities as they were, unchecked. */
static int record_check_booking(Db *db, int64_t project_id, const json_t *record, bool create,
                                const char *prior, Errs *errs)
{
    const char *proposal = record_str(record, "proposal");
    if (!create && strcmp(prior, proposal ? proposal : "") == 0)
        return INSATS_OK;
    return proposal_bookable(db, project_id, proposal, errs);
}

/* An activity's status, sessions or attendance decide its certificates: they are evaluated
 * again in the save's transaction (certificate.h). A refusal (a frozen period) fails the save. */
static void record_certificates(Rec *r, const char *kind, const json_t *record)
{
    const char *activity = strcmp(kind, "activity") == 0  ? record_str(record, "id")
                           : strcmp(kind, "session") == 0 ? record_str(record, "activity")
                                                          : NULL;
    int64_t aid = activity ? activity_find(r->db, r->project_id, activity) : 0;
    if (aid <= 0)
        return;
    /* A refusal's message is in r->errs already, which stops the save. */
    if (certificate_evaluate(r->db, aid, r->today, NULL, r->errs) == INSATS_ESTORAGE)
        r->storage_failed = true;
}

int record_save(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const json_t *record, bool create, char *code_out, size_t code_cap, Errs *errs)
{
    if (code_out && code_cap)
        *code_out = '\0';
    const KindDef *k = record_kind(kind);
    if (!k) {
        Buf names = {0};
        for (const char *const *n = record_kinds(); *n; n++)
            buf_printf(&names, "%s%s", n == record_kinds() ? "" : ", ", *n);
        errs_add(errs, "unknown kind \"%.64s\" (one of %s)", kind ? kind : "", names.data);
        buf_free(&names);
        return INSATS_EUSAGE;
    }
    if (!record_may_write(actor, kind, 0)) {
        errs_add(errs, "%s: the role %s may not save this kind of record", kind,
                 actor ? actor_role_name(actor->role) : "(none)");
        return INSATS_EFORBIDDEN;
    }
    if (!json_is_object(record)) {
        errs_add(errs, "%s: expected an object, got %s", kind, rec_type_name(record));
        return INSATS_EINPUT;
    }
    if (strcmp(kind, "proposal") == 0)
        return record_save_proposal(db, actor, project_id, record, create, code_out, code_cap,
                                    errs);
    if (strcmp(kind, "session") == 0 &&
        !activity_actor_may_mark(db, actor, project_id, record_str(record, "activity"))) {
        errs_add_field(errs, "activity", "%s: activity: no activity \"%.64s\" of yours", kind,
                       record_str(record, "activity") ? record_str(record, "activity") : "");
        return INSATS_EINPUT;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Rec r;
    rec_init(&r, db, kind, project_id, errs);
    PairSet attendance_seen = {0};
    r.attendance_seen = &attendance_seen;
    SaveCtx c = {k, actor, record, create};
    if (k->exists) {
        r.claim = record_claim;
        r.claim_ctx = &c;
    }
    record_check_scope(&r, &c);
    char prior[VALIDATE_CODE_MAX * 4 + 1] = "";
    if (strcmp(kind, "activity") == 0)
        record_activity_proposal(db, project_id, record, prior, sizeof prior);
    int64_t position = 0;
    if (k->position)
        record_query(&r, k->position, record, &position);
    if (k->save)
        k->save(&r, record, "", (size_t)position);
    else
        narrative_save_json(&r, record, "", 0, NULL);
    intervention_date_completed(&r);
    /* Booking is refused once the fields are right, so that the messages about them come
     * first; inside the transaction, so that the proposal cannot change in between. */
    int booking = INSATS_OK;
    if (rec_writable(&r) && strcmp(kind, "activity") == 0)
        booking = record_check_booking(db, project_id, record, create, prior, errs);
    if (booking == INSATS_OK && rec_writable(&r))
        record_certificates(&r, kind, record);
    if (booking != INSATS_OK) {
        db_tx_rollback(db);
        rc = booking;
    } else if (rec_writable(&r)) {
        rc = db_tx_commit(db, errs);
    } else {
        db_tx_rollback(db);
        rc = r.storage_failed ? INSATS_ESTORAGE : INSATS_EINPUT;
    }
    if (rc == INSATS_OK && code_out && code_cap && record_str(record, "id"))
        snprintf(code_out, code_cap, "%s", record_str(record, "id"));
    pairset_free(&attendance_seen);
    rec_free(&r);
    return rc;
}

int record_delete(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                  const char *code, int64_t *removed, Errs *errs)
{
    /* The role rule and the coordinator's scope are records_delete()'s. */
    if (kind && (strcmp(kind, "budget_category") == 0 || strcmp(kind, "budget_version") == 0))
        return records_delete_part(db, actor, project_id, kind, NULL, code, removed, errs);
    return records_delete(db, actor, project_id, kind, code, removed, errs);
}
