/* browse_page.c — records in the bundle's shape one page at a time, on an actor's behalf, for
 * the JSON API (browse.h): who may read which kind, the organisation scope, and keyset
 * pagination over the index on (project_id, code) that every record table has. */
#include "browse.h"
#include "i18n.h"
#include "kinds.h"
#include "stmt.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The codes of one page: ?1 project, ?2 the cursor (NULL: from the first), ?3 how many,
 * ?4 the scope (NULL: all): the coordinator's organisation, or for activities the trainer's
 * account. One literal per kind, so that each is cached and EXPLAIN QUERY PLAN sees it as it
 * runs. */
#define PAGE_CODES(table, scope)                                                              \
    "SELECT t.code FROM " table " t WHERE t.project_id = ?1 AND t.code > coalesce(?2, '')"    \
    " AND (?4 IS NULL OR " scope ") ORDER BY t.code LIMIT ?3"
#define NO_SCOPE "1"

static const char Q_ORGANISATIONS[] = PAGE_CODES("organisation", NO_SCOPE);
static const char Q_PEOPLE[] = PAGE_CODES("person", "t.organisation_id = ?4");
static const char Q_GROUPS[] = PAGE_CODES("grp", NO_SCOPE);
static const char Q_INTERVENTIONS[] = PAGE_CODES("intervention", NO_SCOPE);
static const char Q_PROPOSALS[] = PAGE_CODES("proposal", "t.organisation_id = ?4");
static const char Q_ACTIVITIES[] = PAGE_CODES(
    "activity", "EXISTS (SELECT 1 FROM activity_trainer x WHERE x.activity_id = t.id"
                " AND x.user_id = ?4)");
static const char Q_SURVEYS[] = PAGE_CODES("survey", NO_SCOPE);
static const char Q_CERTIFICATES[] = PAGE_CODES(
    "certificate", "EXISTS (SELECT 1 FROM person p WHERE p.id = t.person_id"
                   " AND p.organisation_id = ?4)");
static const char Q_COSTS[] = PAGE_CODES("cost_entry", NO_SCOPE);
static const char Q_DEVIATIONS[] = PAGE_CODES("deviation", NO_SCOPE);
static const char Q_MEETINGS[] = PAGE_CODES("meeting", NO_SCOPE);
static const char Q_DISSEMINATION[] = PAGE_CODES("dissemination", NO_SCOPE);

typedef struct PageDef {
    RecordKind kind;
    const char *section;    /* of bundle_export_range() */
    const char *codes;      /* the page's codes; NULL: the whole list on one page */
    unsigned readers;
    ActorScope scoped;      /* whose reads of the kind are limited: ACTOR_SCOPE_ORG, a
                               coordinator's (their organisation's records only);
                               ACTOR_SCOPE_TRAINER, a trainer's (the activities assigned to
                               them); ACTOR_SCOPE_ALL: nobody's */
} PageDef;

static const PageDef pages[] = {
    {KIND_ORGANISATION, "organisations", Q_ORGANISATIONS, BROWSE_READ_FIGURES, ACTOR_SCOPE_ALL},
    {KIND_PERSON, "people", Q_PEOPLE, BROWSE_READ_NAMES, ACTOR_SCOPE_ORG},
    {KIND_GROUP, "groups", Q_GROUPS, BROWSE_READ_NAMES, ACTOR_SCOPE_ALL},
    {KIND_INTERVENTION, "interventions", Q_INTERVENTIONS, BROWSE_READ_FIGURES, ACTOR_SCOPE_ALL},
    {KIND_PROPOSAL, "proposals", Q_PROPOSALS, BROWSE_READ_NAMES, ACTOR_SCOPE_ORG},
    {KIND_ACTIVITY, "activities", Q_ACTIVITIES, BROWSE_READ_ACTIVITIES, ACTOR_SCOPE_TRAINER},
    {KIND_SURVEY, "surveys", Q_SURVEYS, BROWSE_READ_SURVEYS, ACTOR_SCOPE_ALL},
    {KIND_CERTIFICATE, "certificates", Q_CERTIFICATES, BROWSE_READ_NAMES, ACTOR_SCOPE_ORG},
    {KIND_GOAL, "goals", NULL, BROWSE_READ_FIGURES, ACTOR_SCOPE_ALL},
    {KIND_COST, "costs", Q_COSTS, BROWSE_READ_BUDGET, ACTOR_SCOPE_ALL},
    {KIND_DEVIATION, "deviations", Q_DEVIATIONS, BROWSE_READ_FIGURES, ACTOR_SCOPE_ALL},
    {KIND_MEETING, "meetings", Q_MEETINGS, BROWSE_READ_MEETINGS, ACTOR_SCOPE_ALL},
    {KIND_DISSEMINATION, "dissemination", Q_DISSEMINATION, BROWSE_READ_FIGURES, ACTOR_SCOPE_ALL},
};

/* The page definition of a kind named singular or plural; NULL when it has none. */
static const PageDef *page_def(const char *kind)
{
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        const KindName *k = kinds_get(pages[i].kind);
        if (strcmp(kind, k->singular) == 0 || strcmp(kind, k->plural) == 0)
            return &pages[i];
    }
    return NULL;
}

unsigned browse_readers(const char *kind)
{
    const PageDef *d = kind ? page_def(kind) : NULL;
    return d ? d->readers : 0;
}

/* The definition for kind if the actor may read it; else NULL with the status in *rc. */
static const PageDef *page_allowed(const Actor *actor, const char *kind, int *rc, Errs *errs)
{
    const PageDef *d = page_def(kind);
    if (!d) {
        errs_add(errs, "unknown kind of record \"%s\"", kind);
        *rc = INSATS_EUSAGE;
        return NULL;
    }
    if (!(d->readers & ROLE_BIT(actor->role))) {
        errs_add(errs, "the role %s may not read %s", actor_role_name(actor->role),
                 _(kinds_get(d->kind)->plural));
        *rc = INSATS_EFORBIDDEN;
        return NULL;
    }
    *rc = INSATS_OK;
    return d;
}

/* The value of ?4 for the actor: 0 when the kind is not limited for them. */
static int64_t page_scope(const PageDef *d, const Actor *actor)
{
    if (d->scoped == ACTOR_SCOPE_ALL || actor_scope(actor) != d->scoped)
        return 0;
    /* A coordinator without an organisation (a trainer without an account) sees nothing: -1
     * matches no row. */
    int64_t id = d->scoped == ACTOR_SCOPE_ORG ? actor->organisation_id : actor->user_id;
    return id > 0 ? id : -1;
}

/* The organisation that bundle_export_range() keeps to (it knows no trainers: their records
 * are kept by the codes of the page). */
static int64_t page_org(const PageDef *d, const Actor *actor)
{
    return d->scoped == ACTOR_SCOPE_ORG ? page_scope(d, actor) : 0;
}

/* The records of a trainer's page one by one: their ids are scattered over the whole range of
 * activities (a4907 may be the 50th assigned), and exporting that range would build every
 * activity between with its attendance only to throw most of it away. */
static int page_each(Db *db, int64_t project_id, const PageDef *d, char **codes, long n,
                     json_t **items, Errs *errs)
{
    *items = json_array();
    for (long i = 0; i < n; i++) {
        json_t *one = NULL;
        int rc = bundle_export_range(db, project_id, d->section, codes[i], NULL, NULL, 0,
                                     BUNDLE_PNR_MASKED, &one, errs);
        if (rc != INSATS_OK)
            return rc;
        json_array_extend(*items, one);
        json_decref(one);
    }
    return INSATS_OK;
}

/* The page of d's records after cursor: the codes from d->codes within the actor's scope, then
 * their records (browse_page()). */
static int page_of_codes(Db *db, const Actor *actor, const PageDef *d, int64_t project_id,
                         const char *cursor, long limit, json_t **items, char **next,
                         Errs *errs)
{
    int64_t scope = page_scope(d, actor);
    /* One code more than the page holds says whether another page follows. */
    Stmt *st = stmt_cached(db, d->codes);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, cursor);
    stmt_bind_int(st, 3, limit + 1);
    if (scope)
        stmt_bind_int(st, 4, scope);
    else
        stmt_bind_null(st, 4);
    char **codes = xcalloc((size_t)limit, sizeof *codes);
    long n = 0;
    bool more = false;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (n == limit) {
            more = true;
            break;
        }
        codes[n++] = xstrdup(stmt_text(st, 0));
    }
    int rc = r == STMT_ROW || r == STMT_DONE ? INSATS_OK
                                             : stmt_fail(st, errs, "cannot read the records");
    stmt_done(st);
    if (rc == INSATS_OK && n == 0)
        *items = json_array();
    else if (rc == INSATS_OK && scope && d->scoped == ACTOR_SCOPE_TRAINER)
        rc = page_each(db, project_id, d, codes, n, items, errs);
    else if (rc == INSATS_OK)
        rc = bundle_export_range(db, project_id, d->section, NULL, cursor, codes[n - 1],
                                 page_org(d, actor), BUNDLE_PNR_MASKED, items, errs);
    if (rc == INSATS_OK && more)
        *next = xstrdup(codes[n - 1]);
    for (long i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    return rc;
}

int browse_page(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const char *cursor, long limit, json_t **items, char **next, Errs *errs)
{
    *items = NULL;
    *next = NULL;
    int rc;
    const PageDef *d = page_allowed(actor, kind, &rc, errs);
    if (!d)
        return rc;
    if (limit < 1 || limit > BROWSE_PAGE_MAX) {
        errs_add(errs, "limit: %ld is not a number of records from 1 to %d", limit,
                 BROWSE_PAGE_MAX);
        return INSATS_EUSAGE;
    }
    if (d->codes)
        rc = page_of_codes(db, actor, d, project_id, cursor, limit, items, next, errs);
    else
        rc = bundle_export_range(db, project_id, d->section, NULL, NULL, NULL,
                                 page_org(d, actor), BUNDLE_PNR_MASKED, items, errs);
    if (rc == INSATS_OK)
        rc = browse_scope_lists(db, actor, project_id, *items, errs);
    if (rc != INSATS_OK) {
        json_decref(*items);
        *items = NULL;
        free(*next);
        *next = NULL;
    }
    return rc;
}

int browse_record(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                  const char *code, json_t **out, Errs *errs)
{
    *out = NULL;
    int rc;
    const PageDef *d = page_allowed(actor, kind, &rc, errs);
    if (!d)
        return rc;
    json_t *arr = NULL;
    bool in = true;
    rc = browse_in_scope(db, actor, project_id, d->kind, code, &in, errs);
    if (rc == INSATS_OK && in)
        rc = bundle_export_range(db, project_id, d->section, code, NULL, NULL,
                                 page_org(d, actor), BUNDLE_PNR_MASKED, &arr, errs);
    if (rc == INSATS_OK && json_array_size(arr) == 0) {
        /* Outside the scope reads as not there. */
        const KindName *k = kinds_get(d->kind);
        errs_add(errs, "no %s \"%s\" (`insats list %s` shows them)", _(k->singular), code,
                 k->plural);
        rc = INSATS_EINPUT;
    } else if (rc == INSATS_OK) {
        *out = json_incref(json_array_get(arr, 0));
        rc = browse_scope_lists(db, actor, project_id, *out, errs);
        if (rc != INSATS_OK) {
            json_decref(*out);
            *out = NULL;
        }
    }
    json_decref(arr);
    return rc;
}
