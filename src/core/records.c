/* records.c — deleting one record and what belongs to it (see records.h). */
#include "db.h"
#include "records.h"
#include "activity.h"
#include "certificate.h"
#include "kinds.h"
#include "model.h"
#include "record.h"
#include "stmt.h"
#include "util.h"

#include <assert.h>
#include <string.h>

/* One row per kind: the statements are fixed text, chosen by kind, never built from input.
 * `refs` counts what would block the delete, so that the message can name it before SQLite
 * refuses with a bare "FOREIGN KEY constraint failed". */
typedef struct Kind {
    RecordKind kind;
    const char *del;        /* ?1 project, ?2 code */
    const char *exists;
    const char *const *refs; /* queries counting referring rows: "one\tmany\tSQL" */
    /* For a coordinator, who reaches only their organisation's records of this kind: `exists`
     * limited to the organisation ?3, else NULL. */
    const char *exists_in_org;
} Kind;

/* What refers, named as one and as many, so that the message agrees with the count. */
#define REF(one, many, sql) one "\t" many "\t" sql

static const char *const person_refs[] = {
    REF("attendance row", "attendance rows", "SELECT count(*) FROM attendance t JOIN person p ON p.id = t.person_id"
                      " WHERE p.project_id = ?1 AND p.code = ?2"),
    REF("certificate", "certificates", "SELECT count(*) FROM certificate c JOIN person p ON p.id = c.person_id"
                        " WHERE p.project_id = ?1 AND p.code = ?2"),
    REF("group membership", "group memberships", "SELECT count(*) FROM membership m JOIN person p ON p.id = m.person_id"
                             " WHERE p.project_id = ?1 AND p.code = ?2"),
    REF("meeting attendee entry", "meeting attendee entries", "SELECT count(*) FROM meeting_attendee m JOIN person p ON p.id = m.person_id"
                              " WHERE p.project_id = ?1 AND p.code = ?2"),
    NULL,
};
static const char *const organisation_refs[] = {
    REF("person", "people", "SELECT count(*) FROM person p JOIN organisation o ON o.id = p.organisation_id"
                  " WHERE o.project_id = ?1 AND o.code = ?2"),
    REF("proposal", "proposals", "SELECT count(*) FROM proposal x JOIN organisation o ON o.id = x.organisation_id"
                     " WHERE o.project_id = ?1 AND o.code = ?2"),
    REF("survey response", "survey responses", "SELECT count(*) FROM response r JOIN organisation o ON o.id = r.organisation_id"
                            " WHERE o.project_id = ?1 AND o.code = ?2"),
    REF("activity", "activities", "SELECT count(*) FROM activity_organisation x JOIN organisation o"
                      " ON o.id = x.organisation_id WHERE o.project_id = ?1 AND o.code = ?2"),
    REF("the project (as its owner)", "the project (as its owner)", "SELECT count(*) FROM project p JOIN organisation o"
                                      " ON o.id = p.owner_org_id WHERE o.project_id = ?1 AND o.code = ?2"),
    REF("user account", "user accounts", "SELECT count(*) FROM app_user u JOIN organisation o ON o.id = u.organisation_id"
                         " WHERE o.project_id = ?1 AND o.code = ?2"),
    NULL,
};
static const char *const intervention_refs[] = {
    REF("activity", "activities", "SELECT count(*) FROM activity a JOIN intervention i ON i.id = a.intervention_id"
                      " WHERE i.project_id = ?1 AND i.code = ?2"),
    NULL,
};
static const char *const activity_refs[] = {
    REF("certificate", "certificates", "SELECT count(*) FROM certificate c JOIN activity a ON a.id = c.activity_id"
                        " WHERE a.project_id = ?1 AND a.code = ?2"),
    REF("survey", "surveys", "SELECT count(*) FROM survey s JOIN activity a ON a.id = s.activity_id"
                   " WHERE a.project_id = ?1 AND a.code = ?2"),
    REF("cost entry", "cost entries", "SELECT count(*) FROM cost_entry c JOIN activity a ON a.id = c.activity_id"
                        " WHERE a.project_id = ?1 AND a.code = ?2"),
    NULL,
};
static const char *const proposal_refs[] = {
    REF("activity", "activities", "SELECT count(*) FROM activity a JOIN proposal x ON x.id = a.proposal_id"
                      " WHERE x.project_id = ?1 AND x.code = ?2"),
    NULL,
};
static const char *const group_refs[] = {
    REF("meeting", "meetings", "SELECT count(*) FROM meeting m JOIN grp g ON g.id = m.group_id"
                    " WHERE g.project_id = ?1 AND g.code = ?2"),
    REF("goal", "goals", "SELECT count(*) FROM goal x JOIN grp g ON g.id = x.m_group_id"
                 " WHERE g.project_id = ?1 AND g.code = ?2"),
    NULL,
};
static const char *const survey_refs[] = {
    REF("goal", "goals", "SELECT count(*) FROM goal x JOIN survey s ON s.id = x.m_survey_id"
                 " WHERE s.project_id = ?1 AND s.code = ?2"),
    NULL,
};
static const char *const no_refs[] = {NULL};

#define TABLE_KIND(kind, table, refs)                                                         \
    {KIND_##kind, "DELETE FROM " table " WHERE project_id = ?1 AND code = ?2",                      \
     "SELECT count(*) FROM " table " WHERE project_id = ?1 AND code = ?2", refs, NULL}
#define SCOPED_KIND(kind, table, refs, scope)                                                 \
    {KIND_##kind, "DELETE FROM " table " WHERE project_id = ?1 AND code = ?2",                      \
     "SELECT count(*) FROM " table " WHERE project_id = ?1 AND code = ?2", refs,             \
     "SELECT count(*) FROM " table " WHERE project_id = ?1 AND code = ?2 AND " scope}

static const Kind kinds[] = {
    TABLE_KIND(ORGANISATION, "organisation", organisation_refs),
    SCOPED_KIND(PERSON, "person", person_refs, "organisation_id = ?3"),
    TABLE_KIND(GROUP, "grp", group_refs),
    TABLE_KIND(INTERVENTION, "intervention", intervention_refs),
    SCOPED_KIND(PROPOSAL, "proposal", proposal_refs, "organisation_id = ?3"),
    TABLE_KIND(ACTIVITY, "activity", activity_refs),
    TABLE_KIND(SURVEY, "survey", survey_refs),
    SCOPED_KIND(CERTIFICATE, "certificate", no_refs,
                "person_id IN (SELECT id FROM person WHERE organisation_id = ?3)"),
    TABLE_KIND(GOAL, "goal", no_refs),
    TABLE_KIND(COST, "cost_entry", no_refs),
    TABLE_KIND(DEVIATION, "deviation", no_refs),
    TABLE_KIND(MEETING, "meeting", no_refs),
    TABLE_KIND(DISSEMINATION, "dissemination", no_refs),
};

/* Runs a count query bound to project, code, organisation (?3, for a scoped query) and the
 * code of the record a part belongs to (?4, for a part); -1 on a storage error. */
static int64_t count_of(Db *db, const char *sql, int64_t project_id, const char *code,
                        int64_t org_id, const char *parent)
{
    Stmt *st = stmt_cached(db, sql);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, code);
    if (org_id)
        stmt_bind_int(st, 3, org_id);
    if (parent)
        stmt_bind_text(st, 4, parent);
    int64_t n = stmt_step(st) == STMT_ROW ? stmt_int(st, 0) : -1;
    stmt_done(st);
    return n;
}

static const char Q_AUDIT_LAST[] = "SELECT coalesce(max(id), 0) FROM audit_log";
static const char Q_AUDIT_DELETED[] =
    "SELECT count(*) FROM audit_log WHERE id > ?1 AND action = 'delete'";

/* The newest entry of the audit trail (0: none yet). */
static int64_t records_audit_last(Db *db)
{
    Stmt *st = stmt_cached(db, Q_AUDIT_LAST);
    int64_t id = stmt_step(st) == STMT_ROW ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return id;
}

/* The rows deleted since entry `after` of the audit trail. */
static int64_t records_audit_deleted(Db *db, int64_t after)
{
    Stmt *st = stmt_cached(db, Q_AUDIT_DELETED);
    stmt_bind_int(st, 1, after);
    int64_t n = stmt_step(st) == STMT_ROW ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return n;
}

/* Deletes the record `code` (of `parent`, a part's record, when not NULL) in one transaction:
 * `exists` counts it (within organisation org_id when not 0), `refs` what would block the
 * delete, `del` removes it. `what` names it in messages ("session", "of activity \"a1\" "). */
static int records_remove(Db *db, const char *kind, const char *del, const char *exists,
                          const char *const *refs, int64_t project_id, const char *code,
                          int64_t org_id, const char *parent, const char *parent_kind,
                          int64_t *removed, Errs *errs)
{
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    int64_t n = count_of(db, exists, project_id, code, org_id, parent);
    if (n < 0) {
        rc = db_fail(db, errs, "cannot read the record");
    } else if (n == 0 && parent) {
        errs_add(errs, "no %s \"%s\" of %s \"%s\" in the project", kind, code, parent_kind,
                 parent);
        rc = INSATS_EINPUT;
    } else if (n == 0) {
        errs_add(errs, "no %s \"%s\" in the project (`insats list` shows the ids)", kind, code);
        rc = INSATS_EINPUT;
    }
    /* Name every kind of referring record at once, so that one message says what to do. */
    Buf blocking = {0};
    for (const char *const *r = refs; rc == INSATS_OK && *r; r++) {
        const char *many = strchr(*r, '\t') + 1, *sql = strchr(many, '\t') + 1;
        int64_t c = count_of(db, sql, project_id, code, 0, parent);
        if (c < 0)
            rc = db_fail(db, errs, "cannot read what refers to the record");
        else if (c == 1)
            buf_printf(&blocking, "%s1 %.*s", blocking.len ? ", " : "", (int)(many - 1 - *r), *r);
        else if (c > 1)
            buf_printf(&blocking, "%s%lld %.*s", blocking.len ? ", " : "", (long long)c,
                       (int)(sql - 1 - many), many);
    }
    if (rc == INSATS_OK && blocking.len) {
        errs_add(errs, "%s \"%s\" is still referred to by %s; delete or correct those first",
                 kind, code, blocking.data);
        rc = INSATS_EINPUT;
    }
    buf_free(&blocking);
    if (rc == INSATS_OK) {
        int64_t before = records_audit_last(db);
        Stmt *st = stmt_cached(db, del);
        stmt_bind_int(st, 1, project_id);
        stmt_bind_text(st, 2, code);
        if (parent)
            stmt_bind_text(st, 4, parent);
        StmtResult r = stmt_step(st);
        if (r == STMT_CONSTRAINT) {
            rc = INSATS_EINPUT;
            Buf why = {0};
            model_rejection(db, &why);
            errs_add(errs, "%s \"%s\": %s", kind, code, why.data);
            buf_free(&why);
        } else if (r != STMT_DONE) {
            rc = stmt_fail(st, errs, "cannot delete the record");
        }
        stmt_done(st);
        /* The trail has one "delete" entry for each row the statement removed, cascaded rows
         * (sessions, attendance, answers …) included. */
        if (rc == INSATS_OK)
            *removed = records_audit_deleted(db, before);
    }
    /* One session fewer changes everyone's share of the activity: its certificates follow. */
    if (rc == INSATS_OK && parent && strcmp(kind, "session") == 0)
        rc = certificate_evaluate(db, activity_find(db, project_id, parent), NULL, NULL, errs);
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    if (rc != INSATS_OK)
        *removed = 0;
    return rc;
}

int records_delete(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                   const char *code, int64_t *removed, Errs *errs)
{
    *removed = 0;
    const KindName *name = kinds_find(kind, KINDS_DELETE, "delete", errs);
    if (!name)
        return INSATS_EUSAGE;
    const Kind *k = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds && !k; i++)
        if (kinds[i].kind == name->kind)
            k = &kinds[i];
    assert(k);
    kind = name->singular;
    /* Anyone of a partner organisation proposes (record_may_write()), but a proposal entered
     * by mistake is deleted by those who handle proposals: the manager, a coordinator their
     * organisation's. */
    bool handles = strcmp(kind, "proposal") != 0 || actor->role == ROLE_MANAGER ||
                   actor->role == ROLE_COORDINATOR;
    if (!handles || !record_may_write(actor, kind, 0)) {
        errs_add(errs, "%s: the role %s may not delete this kind of record", kind,
                 actor_role_name(actor->role));
        return INSATS_EFORBIDDEN;
    }
    /* A coordinator's scope is part of the query: another organisation's record is not found,
     * with the same message as one that does not exist. Kinds without a scope are refused to
     * coordinators by the role rule above. */
    bool scoped = actor_org_scoped(actor) && k->exists_in_org;
    return records_remove(db, kind, k->del, scoped ? k->exists_in_org : k->exists, k->refs,
                          project_id, code, scoped ? actor->organisation_id : 0, NULL, NULL,
                          removed, errs);
}

/* ---- parts of records and the budget's records ------------------------------------------ */

/* A session with people marked present has attendance that counts in the figures; its
 * absences go with it. ?4 is the activity's code. */
static const char *const session_refs[] = {
    REF("person marked present", "people marked present",
        "SELECT count(*) FROM attendance t JOIN session s ON s.id = t.session_id"
        " JOIN activity a ON a.id = s.activity_id"
        " WHERE a.project_id = ?1 AND s.code = ?2 AND a.code = ?4 AND t.present = 1"),
    NULL,
};
/* A question with answers is part of the survey's results; ?4 is the survey's code. */
static const char *const question_refs[] = {
    REF("answer", "answers", "SELECT count(*) FROM answer x JOIN question q ON q.id = x.question_id"
        " JOIN survey s ON s.id = q.survey_id WHERE s.project_id = ?1 AND q.code = ?2"
        " AND s.code = ?4"),
    NULL,
};
static const char *const category_refs[] = {
    REF("budget line", "budget lines", "SELECT count(*) FROM budget_line l JOIN budget_category c"
        " ON c.id = l.category_id WHERE c.project_id = ?1 AND c.code = ?2"),
    REF("cost entry", "cost entries", "SELECT count(*) FROM cost_entry e JOIN budget_category c"
        " ON c.id = e.category_id WHERE c.project_id = ?1 AND c.code = ?2"),
    NULL,
};

/* The records deleted by records_delete_part(): `parent` is the kind of record a part belongs
 * to (NULL: a record of the project's own). `writes` is the kind record_may_write() is asked
 * about. A budget version's lines go with it. */
static const struct {
    const char *kind, *parent, *writes;
    const char *del, *exists;
    const char *const *refs;
} parts[] = {
    {"session", "activity", "session",
     "DELETE FROM session WHERE code = ?2"
     " AND activity_id = (SELECT id FROM activity WHERE project_id = ?1 AND code = ?4)",
     "SELECT count(*) FROM session s JOIN activity a ON a.id = s.activity_id"
     " WHERE a.project_id = ?1 AND s.code = ?2 AND a.code = ?4", session_refs},
    {"action", "meeting", "meeting",
     "DELETE FROM action_item WHERE code = ?2"
     " AND meeting_id = (SELECT id FROM meeting WHERE project_id = ?1 AND code = ?4)",
     "SELECT count(*) FROM action_item x JOIN meeting m ON m.id = x.meeting_id"
     " WHERE m.project_id = ?1 AND x.code = ?2 AND m.code = ?4", no_refs},
    {"question", "survey", "survey",
     "DELETE FROM question WHERE code = ?2"
     " AND survey_id = (SELECT id FROM survey WHERE project_id = ?1 AND code = ?4)",
     "SELECT count(*) FROM question q JOIN survey s ON s.id = q.survey_id"
     " WHERE s.project_id = ?1 AND q.code = ?2 AND s.code = ?4", question_refs},
    {"budget_category", NULL, "budget_category",
     "DELETE FROM budget_category WHERE project_id = ?1 AND code = ?2",
     "SELECT count(*) FROM budget_category WHERE project_id = ?1 AND code = ?2", category_refs},
    {"budget_version", NULL, "budget_version",
     "DELETE FROM budget_version WHERE project_id = ?1 AND code = ?2",
     "SELECT count(*) FROM budget_version WHERE project_id = ?1 AND code = ?2", no_refs},
};

int records_delete_part(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                        const char *parent, const char *code, int64_t *removed, Errs *errs)
{
    *removed = 0;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        if (!kind || strcmp(parts[i].kind, kind) != 0)
            continue;
        if (!record_may_write(actor, parts[i].writes, 0) ||
            (strcmp(kind, "session") == 0 &&
             !activity_actor_may_mark(db, actor, project_id, parent))) {
            errs_add(errs, "%s: the role %s may not delete this %s", kind,
                     actor_role_name(actor->role), kind);
            return INSATS_EFORBIDDEN;
        }
        if ((parts[i].parent != NULL) != (parent != NULL)) {
            errs_add(errs, "%s: %s", kind, parent ? "belongs to no other record"
                                                  : "which record does it belong to?");
            return INSATS_EUSAGE;
        }
        return records_remove(db, kind, parts[i].del, parts[i].exists, parts[i].refs,
                              project_id, code, 0, parent, parts[i].parent, removed, errs);
    }
    errs_add(errs, "delete: unknown part \"%s\" (one of session, action, question, "
             "budget_category, budget_version)", kind ? kind : "");
    return INSATS_EUSAGE;
}
