/* proposal.c — proposals of training from the organisations: the bundle's reader and writer,
 * the state machine of their steps and the project's intake (see proposal.h). */
#include "proposal.h"
#include "i18n.h"
#include "account.h"
#include "db.h"
#include "outbox.h"
#include "rec.h"
#include "stmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const PROPOSAL_KEYS[] = {"id", "title", "area", "organisation", "unit",
    "target_group", "description", "submitted", "estimated_participants", "estimated_hours",
    "estimated_cost", "wished_period", "submitted_by", "status", "history", NULL};

static const char *const EVENT_KEYS[] = {"date", "status", "by", "note", "by_login", "by_name",
                                         "at", NULL};

/* The fields the proposal form asks (proposal_submit), in the bundle's shape. */
static const char *const FORM_KEYS[] = {"id", "title", "area", "unit", "target_group",
    "estimated_participants", "estimated_hours", "estimated_cost", "wished_period",
    "description", NULL};

/* The fields of a proposal's row that both the bundle and the form give. */
typedef struct ProposalFields {
    const char *title, *unit, *target_group, *description, *wished_period;
    int64_t area;
    bool has_participants, has_hours, has_cost;
    int64_t participants, hours_c, cost_ore;
} ProposalFields;

/* Reads (and reports on) the fields of a proposal both the bundle and the form hold. */
static void proposal_fields_read(Rec *r, const json_t *o, const char *path, ProposalFields *f)
{
    memset(f, 0, sizeof *f);
    f->title = rec_str(r, o, path, "title", true);
    f->area = rec_ref(r, o, path, "area", false, REF_AREA);
    f->unit = rec_str(r, o, path, "unit", false);
    f->target_group = rec_str(r, o, path, "target_group", false);
    f->description = rec_str(r, o, path, "description", false);
    f->wished_period = rec_str(r, o, path, "wished_period", false);
    f->has_participants = rec_int(r, o, path, "estimated_participants", false, 0, INT32_MAX,
                                  &f->participants);
    f->has_hours = rec_decimal(r, o, path, "estimated_hours", false, 2, 0, INT32_MAX,
                               &f->hours_c);
    f->has_cost = rec_decimal(r, o, path, "estimated_cost", false, 2, 0, INT64_MAX / 2,
                              &f->cost_ore);
}

static const char SQL_PROPOSAL_UPSERT[] =
    "INSERT INTO proposal (project_id, code, title, area_id, organisation_id, unit, description, "
    "submitted, estimated_participants, status, target_group, estimated_hours_c, "
    "estimated_cost_ore, wished_period, submitted_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT (project_id, code) DO UPDATE SET title = excluded.title, "
    "area_id = excluded.area_id, organisation_id = excluded.organisation_id, "
    "unit = excluded.unit, description = excluded.description, submitted = excluded.submitted, "
    "estimated_participants = excluded.estimated_participants, status = excluded.status, "
    "target_group = excluded.target_group, estimated_hours_c = excluded.estimated_hours_c, "
    "estimated_cost_ore = excluded.estimated_cost_ore, "
    "wished_period = excluded.wished_period, submitted_by = excluded.submitted_by "
    "RETURNING id";

static const char SQL_EVENT_DELETE[] = "DELETE FROM proposal_event WHERE proposal_id = ?1";

static const char SQL_EVENT_INSERT[] =
    "INSERT INTO proposal_event (proposal_id, position, event_date, status, by_person_id, note, "
    "by_login, by_name, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* Binds the shared fields at ?3 (title) … as SQL_PROPOSAL_UPSERT numbers them. */
static void proposal_fields_bind(sqlite3_stmt *st, const ProposalFields *f)
{
    rec_bind_text(st, 3, f->title);
    db_bind_id_or_null(st, 4, f->area);
    rec_bind_text(st, 6, f->unit);
    rec_bind_text(st, 7, f->description);
    rec_bind_opt(st, 9, f->has_participants, f->participants);
    rec_bind_text(st, 11, f->target_group);
    rec_bind_opt(st, 12, f->has_hours, f->hours_c);
    rec_bind_opt(st, 13, f->has_cost, f->cost_ore);
    rec_bind_text(st, 14, f->wished_period);
}

/* Validates the proposal at `path` (proposals[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its history replaces the stored one. `index` is its
 * position in its list. */
void proposal_save_json(Rec *r, const json_t *o, const char *path, size_t index)
{
    (void)index;
    if (!rec_object(r, o, path, PROPOSAL_KEYS))
        return;
    const char *code = rec_code(r, o, path, "id");
    ProposalFields f;
    proposal_fields_read(r, o, path, &f);
    int64_t org = rec_ref(r, o, path, "organisation", true, REF_ORGANISATION);
    const char *submitted = rec_date(r, o, path, "submitted", true);
    const char *submitted_by = rec_str(r, o, path, "submitted_by", false);
    const char *status = rec_enum(r, o, path, "status", true, VOCAB_PROPOSAL_STATUS);
    bool fresh = code && rec_claim(r, code);
    int64_t pid = 0;
    if (fresh && rec_writable(r)) {
        sqlite3_stmt *st = db_stmt(r->db, SQL_PROPOSAL_UPSERT);
        sqlite3_bind_int64(st, 1, r->project_id);
        rec_bind_text(st, 2, code);
        proposal_fields_bind(st, &f);
        sqlite3_bind_int64(st, 5, org);
        rec_bind_text(st, 8, submitted);
        rec_bind_text(st, 10, status);
        rec_bind_text(st, 15, submitted_by);
        pid = rec_write(r, st, path, true);
        if (pid > 0) {
            rec_put(r, REF_PROPOSAL, code, pid);
            rec_write_by_id(r, SQL_EVENT_DELETE, pid, path);
        }
    }
    json_t *history = rec_array(r, o, path, "history");
    size_t j;
    json_t *e;
    json_array_foreach(history, j, e) {
        char epath[REC_PATH_LEN];
        rec_path(epath, "%s.history[%zu]", path, j);
        if (!rec_object(r, e, epath, EVENT_KEYS))
            continue;
        const char *date = rec_date(r, e, epath, "date", true);
        const char *estatus = rec_enum(r, e, epath, "status", true, VOCAB_PROPOSAL_STATUS);
        int64_t by = rec_ref(r, e, epath, "by", false, REF_PERSON);
        const char *note = rec_str(r, e, epath, "note", false);
        const char *by_login = rec_str(r, e, epath, "by_login", false);
        const char *by_name = rec_str(r, e, epath, "by_name", false);
        const char *at = rec_str(r, e, epath, "at", false);
        if (pid <= 0 || !rec_writable(r))
            continue;
        sqlite3_stmt *st = db_stmt(r->db, SQL_EVENT_INSERT);
        sqlite3_bind_int64(st, 1, pid);
        sqlite3_bind_int64(st, 2, (int64_t)j);
        rec_bind_text(st, 3, date);
        rec_bind_text(st, 4, estatus);
        db_bind_id_or_null(st, 5, by);
        rec_bind_text(st, 6, note);
        rec_bind_text(st, 7, by_login);
        rec_bind_text(st, 8, by_name);
        rec_bind_text(st, 9, at);
        rec_write(r, st, epath, true);
    }
}

/* ---- the steps ---------------------------------------------------------------------------- */

enum {
    ST_SUBMITTED = 1u << 0,
    ST_FORWARDED = 1u << 1,
    ST_RETURNED = 1u << 2,
    ST_APPROVED = 1u << 3,
    ST_REJECTED = 1u << 4,
    ST_DEFERRED = 1u << 5,
};

static const struct {
    const char *name;
    unsigned bit;
} STATES[] = {
    {"submitted", ST_SUBMITTED}, {"forwarded", ST_FORWARDED}, {"returned", ST_RETURNED},
    {"approved", ST_APPROVED},   {"rejected", ST_REJECTED},   {"deferred", ST_DEFERRED},
};

static unsigned proposal_state_bit(const char *status)
{
    for (size_t i = 0; status && i < sizeof STATES / sizeof *STATES; i++)
        if (strcmp(STATES[i].name, status) == 0)
            return STATES[i].bit;
    return 0;
}

/* Who takes a step. */
typedef enum StepBy {
    BY_PROPOSER,      /* the one who submitted it, or the organisation's coordinator */
    BY_COORDINATOR,   /* the coordinator of the proposal's organisation */
    BY_MANAGER,
} StepBy;

/* Who is told of a step by e-mail: the one who must act next, or the submitter of a
 * decision. */
typedef enum MailTo { MAIL_COORDINATORS, MAIL_MANAGERS, MAIL_SUBMITTER } MailTo;

/* The one table of the state machine: per step, the states it leaves, the state it makes, who
 * takes it, whether a reason is required, how messages name the rule, the button that takes it
 * in the browser, and its e-mail. The command line, the pages and the API offer the steps of
 * this table, so that a new step is a new row here. */
static const struct {
    const char *name;
    unsigned from;
    const char *to;
    StepBy by;
    bool reason;
    const char *label;        /* Swedish: the button that takes the step */
    MailTo mail_to;
    const char *mail_subject; /* the e-mail's subject, before the title (a message id) */
    const char *mail_next;    /* what the recipient does next (a message id); "" nothing */
} STEPS[PROPOSAL_STEP_COUNT] = {
    [PROPOSAL_SUBMIT] = {"submit", ST_RETURNED, "submitted", BY_PROPOSER, false, N_("Skicka in"),
                         MAIL_COORDINATORS, N_("Utbildningsförslag att vidarebefordra"),
                         N_("Skicka det vidare till projektledningen eller tillbaka med ett "
                            "skäl.")},
    [PROPOSAL_FORWARD] = {"forward", ST_SUBMITTED, "forwarded", BY_COORDINATOR, false,
                          N_("Skicka vidare till projektledningen"), MAIL_MANAGERS,
                          N_("Utbildningsförslag att besluta om"),
                          N_("Bevilja, avslå eller skjut upp det.")},
    [PROPOSAL_RETURN] = {"return", ST_SUBMITTED, "returned", BY_COORDINATOR, true,
                         N_("Skicka tillbaka"),
                         MAIL_SUBMITTER, N_("Ditt utbildningsförslag har skickats tillbaka"),
                         N_("Ändra förslaget och skicka in det igen.")},
    [PROPOSAL_APPROVE] = {"approve", ST_FORWARDED | ST_DEFERRED, "approved", BY_MANAGER, false,
                          N_("Bevilja"),
                          MAIL_SUBMITTER, N_("Ditt utbildningsförslag är beviljat"),
                          N_("Nu kan utbildare, lokal med mera bokas.")},
    [PROPOSAL_REJECT] = {"reject", ST_FORWARDED | ST_DEFERRED, "rejected", BY_MANAGER, true,
                         N_("Avslå"),
                         MAIL_SUBMITTER, N_("Ditt utbildningsförslag är avslaget"), ""},
    [PROPOSAL_DEFER] = {"defer", ST_FORWARDED | ST_DEFERRED, "deferred", BY_MANAGER, true,
                        N_("Skjut upp"),
                        MAIL_SUBMITTER, N_("Ditt utbildningsförslag är uppskjutet"),
                        N_("Projektledningen tar ställning till det senare.")},
};

const char *proposal_step_name(ProposalStep step)
{
    return step < PROPOSAL_STEP_COUNT ? STEPS[step].name : NULL;
}

bool proposal_step_parse(const char *name, ProposalStep *out)
{
    for (int i = 0; name && i < PROPOSAL_STEP_COUNT; i++)
        if (strcmp(STEPS[i].name, name) == 0) {
            *out = (ProposalStep)i;
            return true;
        }
    return false;
}

const char *proposal_step_label(ProposalStep step)
{
    return step < PROPOSAL_STEP_COUNT ? _(STEPS[step].label) : NULL;
}

bool proposal_step_needs_reason(ProposalStep step)
{
    return step < PROPOSAL_STEP_COUNT && STEPS[step].reason;
}

unsigned proposal_step_roles(ProposalStep step)
{
    if (step >= PROPOSAL_STEP_COUNT)
        return 0;
    switch (STEPS[step].by) {
    case BY_PROPOSER: return ROLES_ALL & ~ROLE_BIT(ROLE_ADMIN);
    case BY_COORDINATOR: return ROLE_BIT(ROLE_COORDINATOR);
    case BY_MANAGER: return ROLE_BIT(ROLE_MANAGER);
    }
    return 0;
}

/* A stored proposal, as the rules need it. */
typedef struct Stored {
    int64_t id;
    int64_t organisation_id;
    char status[16];
    char submitted_by[64];
} Stored;

static const char SQL_STORED[] =
    "SELECT id, organisation_id, status, coalesce(submitted_by, '') FROM proposal"
    " WHERE project_id = ?1 AND code = ?2";

/* Reads the proposal `code`; INSATS_EINPUT when there is none. */
static int proposal_stored(Db *db, int64_t project_id, const char *code, Stored *s, Errs *errs)
{
    memset(s, 0, sizeof *s);
    Stmt *st = stmt_cached(db, SQL_STORED);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, code);
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_ROW) {
        s->id = stmt_int(st, 0);
        s->organisation_id = stmt_int(st, 1);
        snprintf(s->status, sizeof s->status, "%s", stmt_text(st, 2));
        snprintf(s->submitted_by, sizeof s->submitted_by, "%s", stmt_text(st, 3));
    } else if (r == STMT_DONE) {
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the proposal");
    }
    stmt_done(st);
    return rc;
}

static bool proposal_is_submitter(const Actor *a, const Stored *s)
{
    return a->user_id > 0 && s->submitted_by[0] && strcmp(a->login, s->submitted_by) == 0;
}

static bool proposal_is_coordinator(const Actor *a, const Stored *s)
{
    return a->role == ROLE_COORDINATOR && a->organisation_id > 0 &&
           a->organisation_id == s->organisation_id;
}

/* Whether the actor may see the proposal: the manager every one, a coordinator their
 * organisation's, anyone the ones they submitted. */
static bool proposal_visible(const Actor *a, const Stored *s)
{
    return a->role == ROLE_MANAGER || proposal_is_coordinator(a, s) ||
           proposal_is_submitter(a, s);
}

static bool proposal_step_by(const Actor *a, const Stored *s, StepBy by)
{
    switch (by) {
    case BY_PROPOSER: return proposal_is_submitter(a, s) || proposal_is_coordinator(a, s);
    case BY_COORDINATOR: return proposal_is_coordinator(a, s);
    case BY_MANAGER: return a->role == ROLE_MANAGER;
    }
    return false;
}

/* The steps the actor may take now on the stored proposal, as bits of ProposalStep. */
static unsigned proposal_steps_open(const Actor *a, const Stored *s)
{
    unsigned bits = 0;
    unsigned state = proposal_state_bit(s->status);
    for (int i = 0; i < PROPOSAL_STEP_COUNT; i++)
        if ((STEPS[i].from & state) && proposal_step_by(a, s, STEPS[i].by))
            bits |= 1u << i;
    return bits;
}

static void proposal_not_found(Errs *errs, const char *code)
{
    errs_add_field(errs, "id", "no proposal \"%.64s\" among those you may see (a coordinator "
                   "sees their own organisation's, anyone the ones they submitted)",
                   code ? code : "");
}

/* Who may take a step, one whole sentence per step so that each language words it its own
 * way; `not_you` adds that the actor is not the one (anyone but a coordinator, who may be the
 * one of another organisation). */
static void proposal_forbidden(Errs *errs, ProposalStep step, const char *code, bool not_you)
{
    const char *you = not_you ? _(" (you are not)") : "";
    switch (step) {
    case PROPOSAL_SUBMIT:
        errs_add(errs, "submit: only the one who submitted it or their organisation's coordinator "
                 "may submit proposal \"%.64s\"%s", code, you);
        break;
    case PROPOSAL_FORWARD:
        errs_add(errs, "forward: only the coordinator of the proposal's organisation may forward "
                 "proposal \"%.64s\"%s", code, you);
        break;
    case PROPOSAL_RETURN:
        errs_add(errs, "return: only the coordinator of the proposal's organisation may return "
                 "proposal \"%.64s\"%s", code, you);
        break;
    case PROPOSAL_APPROVE:
        errs_add(errs, "approve: only project management (a manager) may approve proposal "
                 "\"%.64s\"%s", code, you);
        break;
    case PROPOSAL_REJECT:
        errs_add(errs, "reject: only project management (a manager) may reject proposal "
                 "\"%.64s\"%s", code, you);
        break;
    case PROPOSAL_DEFER:
        errs_add(errs, "defer: only project management (a manager) may defer proposal "
                 "\"%.64s\"%s", code, you);
        break;
    case PROPOSAL_STEP_COUNT:
        break;
    }
}

/* A step out of turn: the state the proposal is in (its stored word) and the ones the step
 * leaves, one sentence per step. */
static void proposal_conflict(Errs *errs, ProposalStep step, const char *code,
                              const char *status)
{
    switch (step) {
    case PROPOSAL_SUBMIT:
        errs_add_field(errs, "status", "submit: proposal \"%.64s\" is %s; it can be submitted "
                       "again only while it is returned to be edited", code, status);
        break;
    case PROPOSAL_FORWARD:
        errs_add_field(errs, "status", "forward: proposal \"%.64s\" is %s; it can be forwarded "
                       "only while it is submitted", code, status);
        break;
    case PROPOSAL_RETURN:
        errs_add_field(errs, "status", "return: proposal \"%.64s\" is %s; it can be returned "
                       "only while it is submitted", code, status);
        break;
    case PROPOSAL_APPROVE:
        errs_add_field(errs, "status", "approve: proposal \"%.64s\" is %s; it can be approved "
                       "only while it is forwarded or deferred", code, status);
        break;
    case PROPOSAL_REJECT:
        errs_add_field(errs, "status", "reject: proposal \"%.64s\" is %s; it can be rejected "
                       "only while it is forwarded or deferred", code, status);
        break;
    case PROPOSAL_DEFER:
        errs_add_field(errs, "status", "defer: proposal \"%.64s\" is %s; it can be deferred "
                       "only while it is forwarded or deferred", code, status);
        break;
    case PROPOSAL_STEP_COUNT:
        break;
    }
}

/* The rule of one step, in proposal.h's order: visible, role, state, reason. */
static int proposal_check(const Actor *a, const Stored *s, const char *code, ProposalStep step,
                          const char *note, Errs *errs)
{
    if (!proposal_visible(a, s)) {
        proposal_not_found(errs, code);
        return INSATS_EINPUT;
    }
    if (!proposal_step_by(a, s, STEPS[step].by)) {
        proposal_forbidden(errs, step, code, a->role != ROLE_COORDINATOR);
        return INSATS_EFORBIDDEN;
    }
    if (!(STEPS[step].from & proposal_state_bit(s->status))) {
        proposal_conflict(errs, step, code, s->status);
        return INSATS_ECONFLICT;
    }
    if (STEPS[step].reason && (!note || !*note)) {
        errs_add_field(errs, "note", "%s: give the reason (the note), so that the one who "
                       "proposed it knows why", STEPS[step].name);
        return INSATS_EINPUT;
    }
    return INSATS_OK;
}

/* The note as given, trimmed; NULL when blank. Too long or with control characters:
 * INSATS_EINPUT. */
static int proposal_note(const char *note, char **out, Errs *errs)
{
    *out = NULL;
    if (!note)
        return INSATS_OK;
    while (*note == ' ' || *note == '\t' || *note == '\n' || *note == '\r')
        note++;
    size_t n = strlen(note);
    while (n && (note[n - 1] == ' ' || note[n - 1] == '\t' || note[n - 1] == '\n' ||
                 note[n - 1] == '\r'))
        n--;
    if (n == 0)
        return INSATS_OK;
    if (n > 4000) {
        errs_add_field(errs, "note", "note: at most 4000 characters (%zu given)", n);
        return INSATS_EINPUT;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)note[i] < 0x20 && note[i] != '\n' && note[i] != '\r' &&
            note[i] != '\t') {
            errs_add_field(errs, "note", "note: a control character at position %zu", i + 1);
            return INSATS_EINPUT;
        }
    *out = xstrndup(note, n);
    return INSATS_OK;
}

static void proposal_now(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char SQL_SET_STATUS[] = "UPDATE proposal SET status = ?2 WHERE id = ?1";
static const char SQL_EVENT_APPEND[] =
    "INSERT INTO proposal_event (proposal_id, position, event_date, status, note, by_login, "
    "by_name, at) VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM proposal_event"
    " WHERE proposal_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)";

/* Writes the history row of a step the actor took today. */
static int proposal_event_add(Db *db, const Actor *a, int64_t id, const char *status,
                              const char *note, Errs *errs)
{
    char today[11], now[21];
    date_today(today);
    proposal_now(now);
    Stmt *st = stmt_cached(db, SQL_EVENT_APPEND);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, today);
    stmt_bind_text(st, 3, status);
    stmt_bind_text(st, 4, note);
    stmt_bind_text(st, 5, a->login[0] ? a->login : NULL);
    stmt_bind_text(st, 6, a->name[0] ? a->name : NULL);
    stmt_bind_text(st, 7, now);
    return stmt_exec(st, errs, "cannot write the proposal's history");
}

/* ---- e-mail of the steps -------------------------------------------------------------------- */

static const char SQL_MAIL_TO[] =
    "SELECT id FROM app_user WHERE disabled = 0 AND id <> ?4 AND"
    " ((?1 = 0 AND role = 'coordinator' AND organisation_id = ?2)"
    "  OR (?1 = 1 AND role = 'manager') OR (?1 = 2 AND login = ?3)) ORDER BY id";

static const char SQL_MAIL_ABOUT[] =
    "SELECT pr.title, o.name, pr.organisation_id, coalesce(pr.submitted_by, '') FROM proposal pr"
    " JOIN organisation o ON o.id = pr.organisation_id WHERE pr.id = ?1";

/* What a step's e-mail tells. */
typedef struct ProposalMail {
    const char *title, *org, *code, *by, *note;
} ProposalMail;

/* The e-mail of a step in this thread's language (the recipient's): what was done, by whom,
 * the note, what to do next. One sentence per step, so that each language words it. */
static char *proposal_mail_body(const ProposalMail *m, ProposalStep step, bool again)
{
    Buf b = {0};
    switch (step) {
    case PROPOSAL_SUBMIT:
        if (again)
            buf_printf(&b, _("Utbildningsförslaget \"%s\" (%s, %s) har lämnats in igen av %s."),
                       m->title, m->org, m->code, m->by);
        else
            buf_printf(&b, _("Utbildningsförslaget \"%s\" (%s, %s) har lämnats in av %s."),
                       m->title, m->org, m->code, m->by);
        break;
    case PROPOSAL_FORWARD:
        buf_printf(&b, _("Utbildningsförslaget \"%s\" (%s, %s) har skickats vidare till "
                         "projektledningen av %s."), m->title, m->org, m->code, m->by);
        break;
    case PROPOSAL_RETURN:
        buf_printf(&b, _("Utbildningsförslaget \"%s\" (%s, %s) har skickats tillbaka av %s."),
                   m->title, m->org, m->code, m->by);
        break;
    case PROPOSAL_APPROVE:
        buf_printf(&b, _("Utbildningsförslaget \"%s\" (%s, %s) har beviljats av %s."), m->title,
                   m->org, m->code, m->by);
        break;
    case PROPOSAL_REJECT:
        buf_printf(&b, _("Utbildningsförslaget \"%s\" (%s, %s) har avslagits av %s."), m->title,
                   m->org, m->code, m->by);
        break;
    case PROPOSAL_DEFER:
        buf_printf(&b, _("Utbildningsförslaget \"%s\" (%s, %s) har skjutits upp av %s."),
                   m->title, m->org, m->code, m->by);
        break;
    case PROPOSAL_STEP_COUNT:
        break;
    }
    buf_puts(&b, "\n");
    if (m->note)
        buf_printf(&b, "\n%s: %s\n", STEPS[step].reason ? _("Skäl") : _("Kommentar"), m->note);
    if (*STEPS[step].mail_next)
        buf_printf(&b, "\n%s\n", _(STEPS[step].mail_next));
    buf_printf(&b, "\n%s\n", _("Du hittar förslaget under Att göra när du loggar in i insats."));
    return buf_steal(&b);
}

/* Writes the e-mail of a step into the outbox, inside the step's transaction: to the
 * organisation's coordinators of a submission, to project management of a forwarded proposal,
 * to the submitter of a return or a decision; never to the one who took the step. Recipients
 * without an address, or who turned the kind off, get none. */
static int proposal_mail(Db *db, const Actor *actor, int64_t id, const char *code,
                         ProposalStep step, bool again, const char *note, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_MAIL_ABOUT);
    stmt_bind_int(st, 1, id);
    if (stmt_step(st) != STMT_ROW) {
        int rc = stmt_fail(st, errs, "cannot read the proposal");
        stmt_done(st);
        return rc;
    }
    char *title = xstrdup(stmt_text(st, 0)), *org = xstrdup(stmt_text(st, 1));
    int64_t org_id = stmt_int(st, 2);
    char *submitter = xstrdup(stmt_text(st, 3));
    stmt_done(st);
    st = stmt_cached(db, SQL_MAIL_TO);
    stmt_bind_int(st, 1, (int64_t)STEPS[step].mail_to);
    stmt_bind_int(st, 2, org_id);
    stmt_bind_text(st, 3, submitter);
    stmt_bind_int(st, 4, actor->user_id);
    int64_t users[64];
    size_t n = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW)
        if (n < sizeof users / sizeof *users)
            users[n++] = stmt_int(st, 0);
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the recipients");
    stmt_done(st);
    for (size_t i = 0; i < n && rc == INSATS_OK; i++) {
        char address[256];
        rc = outbox_account_email(db, users[i], address, errs);
        if (rc != INSATS_OK || !address[0])
            continue;
        ProposalMail mail = {title, org, code, actor->name[0] ? actor->name : actor->login, note};
        Lang shown = i18n_switch(account_language(db, users[i]));
        char *subject = xasprintf("%s: %s", _(STEPS[step].mail_subject), title);
        char *body = proposal_mail_body(&mail, step, again);
        i18n_switch(shown);
        OutboxMessage m = {.kind = "proposal_step", .user_id = users[i], .address = address,
                           .subject = subject, .body = body};
        rc = outbox_add(db, &m, NULL, errs);
        free(subject);
        free(body);
    }
    free(title);
    free(org);
    free(submitter);
    return rc;
}

int proposal_act(Db *db, const Actor *actor, int64_t project_id, const char *code,
                 ProposalStep step, const char *note, Errs *errs)
{
    if (!actor || step <= PROPOSAL_SUBMIT || step >= PROPOSAL_STEP_COUNT) {
        errs_add(errs, "not a step after the submission");
        return INSATS_EUSAGE;
    }
    char *text = NULL;
    int rc = proposal_note(note, &text, errs);
    if (rc != INSATS_OK)
        return rc;
    if ((rc = db_tx_begin(db, errs)) != INSATS_OK) {
        free(text);
        return rc;
    }
    Stored s;
    rc = proposal_stored(db, project_id, code, &s, errs);
    if (rc == INSATS_EINPUT)
        proposal_not_found(errs, code);
    if (rc == INSATS_OK)
        rc = proposal_check(actor, &s, code, step, text, errs);
    if (rc == INSATS_OK) {
        Stmt *st = stmt_cached(db, SQL_SET_STATUS);
        stmt_bind_int(st, 1, s.id);
        stmt_bind_text(st, 2, STEPS[step].to);
        rc = stmt_exec(st, errs, "cannot change the proposal's status");
    }
    if (rc == INSATS_OK)
        rc = proposal_event_add(db, actor, s.id, STEPS[step].to, text, errs);
    if (rc == INSATS_OK)
        rc = proposal_mail(db, actor, s.id, code, step, false, text, errs);
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    free(text);
    return rc;
}

/* ---- the intake --------------------------------------------------------------------------- */

static const char SQL_INTAKE[] =
    "SELECT proposals_paused, coalesce(proposals_paused_message, ''),"
    " coalesce(proposals_paused_until, '') FROM project WHERE id = ?1";

int proposal_intake_get(Db *db, int64_t project_id, ProposalIntake *out, Errs *errs)
{
    memset(out, 0, sizeof *out);
    Stmt *st = stmt_cached(db, SQL_INTAKE);
    stmt_bind_int(st, 1, project_id);
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_ROW) {
        char today[11];
        date_today(today);
        snprintf(out->message, sizeof out->message, "%s", stmt_text(st, 1));
        snprintf(out->until, sizeof out->until, "%s", stmt_text(st, 2));
        /* A pause whose reopening date has come is over without anyone opening it. */
        out->paused = stmt_int(st, 0) != 0 && (!out->until[0] || strcmp(today, out->until) < 0);
    } else if (r == STMT_DONE) {
        errs_add(errs, "no project %" PRId64, project_id);
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the proposal intake");
    }
    stmt_done(st);
    return rc;
}

static const char SQL_INTAKE_SET[] =
    "UPDATE project SET proposals_paused = ?2, proposals_paused_message = ?3,"
    " proposals_paused_until = ?4 WHERE id = ?1";

static int proposal_intake_set(Db *db, int64_t project_id, bool paused, const char *message,
                               const char *until, Errs *errs)
{
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, SQL_INTAKE_SET);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_bool(st, 2, paused);
    stmt_bind_text(st, 3, message);
    stmt_bind_text(st, 4, until);
    rc = stmt_exec(st, errs, "cannot change the proposal intake");
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    return rc;
}

static bool proposal_intake_manager(const Actor *actor, Errs *errs)
{
    if (actor && actor->role == ROLE_MANAGER)
        return true;
    errs_add(errs, "intake: only project management (a manager) pauses or opens the intake of "
             "proposals");
    return false;
}

int proposal_intake_pause(Db *db, const Actor *actor, int64_t project_id, const char *message,
                          const char *until, Errs *errs)
{
    if (!proposal_intake_manager(actor, errs))
        return INSATS_EFORBIDDEN;
    char *text = NULL;
    Errs tmp;
    errs_init(&tmp);
    int rc = proposal_note(message, &text, &tmp);
    errs_free(&tmp);
    if (rc != INSATS_OK || !text) {
        free(text);
        errs_add_field(errs, "message", "message: say why no proposals are taken and until "
                       "when (one paragraph, at most 4000 characters, no control characters)");
        return INSATS_EINPUT;
    }
    char today[11];
    date_today(today);
    if (until && *until && (!date_valid(until) || strcmp(until, today) <= 0)) {
        errs_add_field(errs, "until", "until: \"%.32s\" is not a date after today (%s) as "
                       "YYYY-MM-DD", until, today);
        free(text);
        return INSATS_EINPUT;
    }
    rc = proposal_intake_set(db, project_id, true, text, until && *until ? until : NULL, errs);
    free(text);
    return rc;
}

int proposal_intake_open(Db *db, const Actor *actor, int64_t project_id, Errs *errs)
{
    if (!proposal_intake_manager(actor, errs))
        return INSATS_EFORBIDDEN;
    return proposal_intake_set(db, project_id, false, NULL, NULL, errs);
}

/* ---- submitting --------------------------------------------------------------------------- */

static const char SQL_NEXT_CODE[] =
    "SELECT coalesce(max(CAST(substr(code, 2) AS INTEGER)), 0) + 1 FROM proposal"
    " WHERE project_id = ?1 AND code GLOB 'f[0-9]*' AND code NOT GLOB 'f*[^0-9]*'";

static const char SQL_RESUBMIT[] =
    "UPDATE proposal SET title = ?3, area_id = ?4, unit = ?6, description = ?7,"
    " estimated_participants = ?9, status = ?10, target_group = ?11, estimated_hours_c = ?12,"
    " estimated_cost_ore = ?13, wished_period = ?14 WHERE project_id = ?1 AND code = ?2";

/* The refusals of a submission before its fields are read: who, the intake, a resubmission's
 * rule. *resubmit says whether `code` names a stored proposal (which then is in *s). */
static int proposal_submit_check(Db *db, const Actor *actor, int64_t project_id,
                                 const char *code, Stored *s, bool *resubmit, Errs *errs)
{
    *resubmit = false;
    if (actor->role == ROLE_ADMIN || actor->organisation_id <= 0) {
        if (actor->user_id)
            errs_add(errs, "submit: a proposal is submitted by an account of a partner "
                     "organisation (the account %s has none)", actor->login);
        else
            errs_add(errs, "submit: a proposal is submitted by an account of a partner "
                     "organisation; on the command line, name one with --by LOGIN");
        return INSATS_EFORBIDDEN;
    }
    ProposalIntake in;
    int rc = proposal_intake_get(db, project_id, &in, errs);
    if (rc != INSATS_OK)
        return rc;
    if (in.paused) {
        if (in.until[0])
            errs_add(errs, "submit: the project takes no new proposals until %s: %s", in.until,
                     in.message);
        else
            errs_add(errs, "submit: the project takes no new proposals now: %s", in.message);
        return INSATS_ECONFLICT;
    }
    if (!code)
        return INSATS_OK;
    rc = proposal_stored(db, project_id, code, s, errs);
    if (rc == INSATS_EINPUT)
        return INSATS_OK;   /* a new proposal with an id of the caller's choice */
    if (rc != INSATS_OK)
        return rc;
    *resubmit = true;
    if (!proposal_visible(actor, s)) {
        /* Someone else's: the id is taken, which says nothing about the proposal. */
        errs_add_field(errs, "id", "submit: the id \"%.64s\" is taken; leave it out to get a "
                       "new one", code);
        return INSATS_EINPUT;
    }
    return proposal_check(actor, s, code, PROPOSAL_SUBMIT, NULL, errs);
}

int proposal_submit(Db *db, const Actor *actor, int64_t project_id, const json_t *form,
                    char *code_out, size_t code_cap, Errs *errs)
{
    if (code_out && code_cap)
        *code_out = '\0';
    if (!actor) {
        errs_add(errs, "submit: no one to submit it");
        return INSATS_EFORBIDDEN;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Rec r;
    rec_init(&r, db, "proposal", project_id, errs);
    const char *given = json_is_object(form) ? json_string_value(json_object_get(form, "id"))
                                             : NULL;
    if (given && !*given)
        given = NULL;
    Stored s;
    bool resubmit = false;
    rc = proposal_submit_check(db, actor, project_id, given, &s, &resubmit, errs);
    /* The fields are read whatever the check said, so that every message comes at once. */
    char code[72] = "";
    ProposalFields f;
    if (rec_object(&r, form, "", FORM_KEYS)) {
        if (given)
            snprintf(code, sizeof code, "%s", rec_code(&r, form, "", "id") ? given : "");
        proposal_fields_read(&r, form, "", &f);
        if (rc == INSATS_OK && !rec_writable(&r))
            rc = r.storage_failed ? INSATS_ESTORAGE : INSATS_EINPUT;
    } else if (rc == INSATS_OK) {
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK && !code[0]) {
        Stmt *st = stmt_cached(db, SQL_NEXT_CODE);
        stmt_bind_int(st, 1, project_id);
        if (stmt_step(st) == STMT_ROW)
            snprintf(code, sizeof code, "f%" PRId64, stmt_int(st, 0));
        else
            rc = stmt_fail(st, errs, "cannot number the proposal");
        stmt_done(st);
    }
    if (rc == INSATS_OK) {
        char today[11];
        date_today(today);
        sqlite3_stmt *st = db_stmt(db, resubmit ? SQL_RESUBMIT : SQL_PROPOSAL_UPSERT);
        sqlite3_bind_int64(st, 1, project_id);
        rec_bind_text(st, 2, code);
        proposal_fields_bind(st, &f);
        rec_bind_text(st, 10, "submitted");
        if (!resubmit) {
            sqlite3_bind_int64(st, 5, actor->organisation_id);
            rec_bind_text(st, 8, today);
            rec_bind_text(st, 15, actor->user_id ? actor->login : NULL);
        }
        int64_t id = rec_write(&r, st, "", false);
        if (id <= 0)
            rc = r.storage_failed ? INSATS_ESTORAGE : INSATS_EINPUT;
        else if (resubmit)
            id = s.id;
        if (rc == INSATS_OK)
            rc = proposal_event_add(db, actor, id, "submitted", NULL, errs);
        if (rc == INSATS_OK)
            rc = proposal_mail(db, actor, id, code, PROPOSAL_SUBMIT, resubmit, NULL, errs);
    }
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    if (rc == INSATS_OK && code_out && code_cap)
        snprintf(code_out, code_cap, "%s", code);
    rec_free(&r);
    return rc;
}

/* ---- reading ------------------------------------------------------------------------------ */

/* The columns of a proposal as proposal_get and proposal_list show it; ?1 project, ?2 today. */
#define PROPOSAL_COLUMNS                                                                     \
    "pr.code, pr.title, ca.name, o.code, o.name, pr.unit, pr.target_group,"                  \
    " pr.estimated_participants, pr.estimated_hours_c, pr.estimated_cost_ore,"               \
    " pr.wished_period, pr.description, pr.submitted, pr.submitted_by, pr.status,"           \
    " coalesce((SELECT e.event_date FROM proposal_event e WHERE e.proposal_id = pr.id"       \
    "           ORDER BY e.position DESC LIMIT 1), pr.submitted),"                            \
    " pr.id, pr.organisation_id"                                                              \
    " FROM proposal pr JOIN organisation o ON o.id = pr.organisation_id"                     \
    " LEFT JOIN competence_area ca ON ca.id = pr.area_id"

static const char SQL_GET[] = "SELECT " PROPOSAL_COLUMNS
    " WHERE pr.project_id = ?1 AND pr.code = ?2";

/* Who may see which proposal, in SQL, for the list: ?3 manager (1 or 0), ?4 the coordinator's
 * organisation (0: none), ?5 the account's login ('' for none). proposal_visible() is the same
 * rule for one stored proposal. */
static const char SQL_LIST[] = "SELECT " PROPOSAL_COLUMNS
    " WHERE pr.project_id = ?1 AND (?2 IS NULL OR pr.status = ?2)"
    " AND (?3 = 1 OR pr.organisation_id = ?4 OR (?5 <> '' AND pr.submitted_by = ?5))"
    " ORDER BY pr.submitted DESC, pr.id DESC";

static json_t *json_text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *json_hundredths(Stmt *st, int col)
{
    return stmt_is_null(st, col) ? json_null() : json_real((double)stmt_int(st, col) / 100.0);
}

/* Days from an ISO date to today (0 when it is today or later). */
static int64_t proposal_days_since(const char *date)
{
    char today[11];
    date_today(today);
    int64_t a = date_to_days(date), b = date_to_days(today);
    return b > a ? b - a : 0;
}

/* One row of PROPOSAL_COLUMNS as JSON; `full` adds the fields the list leaves out. */
static json_t *proposal_row(Stmt *st, bool full)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(stmt_text(st, 0)));
    json_object_set_new(o, "title", json_string(stmt_text(st, 1)));
    if (full)
        json_object_set_new(o, "area", json_text_or_null(stmt_text(st, 2)));
    json_object_set_new(o, "organisation", json_string(stmt_text(st, 3)));
    json_object_set_new(o, "organisation_name", json_string(stmt_text(st, 4)));
    if (full) {
        json_object_set_new(o, "unit", json_text_or_null(stmt_text(st, 5)));
        json_object_set_new(o, "target_group", json_text_or_null(stmt_text(st, 6)));
        json_object_set_new(o, "estimated_participants",
                            stmt_is_null(st, 7) ? json_null() : json_integer(stmt_int(st, 7)));
        json_object_set_new(o, "estimated_hours", json_hundredths(st, 8));
        json_object_set_new(o, "estimated_cost", json_hundredths(st, 9));
        json_object_set_new(o, "wished_period", json_text_or_null(stmt_text(st, 10)));
        json_object_set_new(o, "description", json_text_or_null(stmt_text(st, 11)));
    }
    json_object_set_new(o, "submitted", json_string(stmt_text(st, 12)));
    json_object_set_new(o, "submitted_by", json_text_or_null(stmt_text(st, 13)));
    json_object_set_new(o, "status", json_string(stmt_text(st, 14)));
    json_object_set_new(o, "waiting_since", json_string(stmt_text(st, 15)));
    json_object_set_new(o, "waiting_days", json_integer(proposal_days_since(stmt_text(st, 15))));
    return o;
}

/* A person of the project named in history entered on paper is shown only to those who see
 * the person: the manager (?2 = 0), else the people of the reader's organisation (?2). */
static const char SQL_HISTORY[] =
    "SELECT e.event_date, e.at, e.status,"
    " coalesce(e.by_login, CASE WHEN ?2 = 0 OR p.organisation_id = ?2 THEN p.code END),"
    " coalesce(e.by_name, CASE WHEN ?2 = 0 OR p.organisation_id = ?2 THEN p.name END), e.note"
    " FROM proposal_event e LEFT JOIN person p ON p.id = e.by_person_id"
    " WHERE e.proposal_id = ?1 ORDER BY e.position";

static int proposal_history(Db *db, const Actor *actor, int64_t id, json_t *arr, Errs *errs)
{
    Stmt *st = stmt_cached(db, SQL_HISTORY);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, actor->role == ROLE_MANAGER ? 0
                         : actor->organisation_id > 0 ? actor->organisation_id : -1);
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        json_t *e = json_object();
        json_object_set_new(e, "date", json_string(stmt_text(st, 0)));
        json_object_set_new(e, "at", json_text_or_null(stmt_text(st, 1)));
        json_object_set_new(e, "status", json_string(stmt_text(st, 2)));
        json_object_set_new(e, "by", json_text_or_null(stmt_text(st, 3)));
        json_object_set_new(e, "by_name", json_text_or_null(stmt_text(st, 4)));
        json_object_set_new(e, "note", json_text_or_null(stmt_text(st, 5)));
        json_array_append_new(arr, e);
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the history");
    stmt_done(st);
    return rc;
}

int proposal_get(Db *db, const Actor *actor, int64_t project_id, const char *code,
                 json_t **out, Errs *errs)
{
    *out = NULL;
    if (!actor) {
        proposal_not_found(errs, code);
        return INSATS_EINPUT;
    }
    bool own = db_read_begin(db);
    Stmt *st = stmt_cached(db, SQL_GET);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, code);
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    Stored s = {0};
    json_t *o = NULL;
    if (r == STMT_ROW) {
        s.id = stmt_int(st, 16);
        s.organisation_id = stmt_int(st, 17);
        snprintf(s.status, sizeof s.status, "%s", stmt_text(st, 14));
        snprintf(s.submitted_by, sizeof s.submitted_by, "%s",
                 stmt_text(st, 13) ? stmt_text(st, 13) : "");
        if (proposal_visible(actor, &s))
            o = proposal_row(st, true);
    } else if (r != STMT_DONE) {
        rc = stmt_fail(st, errs, "cannot read the proposal");
    }
    stmt_done(st);
    if (rc == INSATS_OK && !o) {
        proposal_not_found(errs, code);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK) {
        json_t *history = json_array();
        json_object_set_new(o, "history", history);
        rc = proposal_history(db, actor, s.id, history, errs);
        json_t *steps = json_array();
        unsigned open = proposal_steps_open(actor, &s);
        for (int i = 0; i < PROPOSAL_STEP_COUNT; i++)
            if (open & (1u << i))
                json_array_append_new(steps, json_string(STEPS[i].name));
        json_object_set_new(o, "steps", steps);
    }
    db_read_end(db, own);
    if (rc != INSATS_OK) {
        json_decref(o);
        o = NULL;
    }
    *out = o;
    return rc;
}

int proposal_list(Db *db, const Actor *actor, int64_t project_id, const char *status,
                  json_t **out, Errs *errs)
{
    *out = json_array();
    if (!actor)
        return INSATS_OK;
    Stmt *st = stmt_cached(db, SQL_LIST);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, status);
    stmt_bind_bool(st, 3, actor->role == ROLE_MANAGER);
    stmt_bind_int(st, 4, actor->role == ROLE_COORDINATOR ? actor->organisation_id : 0);
    stmt_bind_text(st, 5, actor->user_id > 0 ? actor->login : "");
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW)
        json_array_append_new(*out, proposal_row(st, false));
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the proposals");
    stmt_done(st);
    return rc;
}

/* ---- booking ------------------------------------------------------------------------------ */

int proposal_bookable(Db *db, int64_t project_id, const char *code, Errs *errs)
{
    if (!code || !*code) {
        errs_add_field(errs, "proposal", "proposal: an activity is booked from an approved "
                       "proposal; name it (only after central approval may a trainer, a venue "
                       "and so on be booked)");
        return INSATS_ECONFLICT;
    }
    Stored s;
    int rc = proposal_stored(db, project_id, code, &s, errs);
    if (rc == INSATS_EINPUT) {
        errs_add_field(errs, "proposal", "proposal: no proposal \"%.64s\" in the project", code);
        return rc;
    }
    if (rc == INSATS_OK && strcmp(s.status, "approved") != 0) {
        errs_add_field(errs, "proposal", "proposal: \"%.64s\" is %s, not approved; an activity "
                       "is booked only from a proposal that project management has approved",
                       code, s.status);
        rc = INSATS_ECONFLICT;
    }
    return rc;
}
