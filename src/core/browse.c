/* browse.c — `insats list` and `insats show` without SQL in the command line (see browse.h).
 *
 * A list is one query per call, assembled from fixed fragments of this file (never from user
 * text: every value is a bound parameter) with fixed parameter numbers:
 *   ?1 project  ?2 status  ?3 organisation id  ?4 intervention id  ?5 from  ?6 to  ?7 limit
 *   ?8 search  ?9 offset  ?10 the actor's organisation  ?11 the actor's account
 * Names sort and match in Swedish order through the collation "sv" and sv_fold() that db.c
 * registers on every connection (svsort.h).
 * A record shown is built by bundle_export_section(), the export's own code, and gets a
 * "_summary" from one more query. */
#include "db.h"
#include "actor.h"
#include "browse.h"
#include "i18n.h"
#include "browse_cache.h"
#include "figures.h"
#include "kinds.h"
#include "pnr.h"
#include "scope_sql.h"
#include "survey_figures.h"
#include "secret.h"
#include "util.h"
#include "vocab.h"

#include <assert.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Hundredths as text with two decimals ("12500.00", "-3.50"), exact, for the list tables. */
#define SQL_HUNDREDTHS(x)                                                                   \
    "(CASE WHEN " x " IS NULL THEN NULL ELSE (CASE WHEN " x " < 0 THEN '-' ELSE '' END"     \
    " || (abs(" x ") / 100) || '.' || substr('0' || (abs(" x ") % 100), -2)) END)"

#define COLS(...) ((const char *const[]){__VA_ARGS__, NULL})


/* One kind of `list`: its columns, its query and the fragments of the filters it takes (NULL:
 * the filter is not valid for the kind). `dates` uses ?5 and ?6, each of which may be NULL. */
typedef struct ListDef {
    RecordKind kind;
    const char *const *cols;
    const char *sql;            /* SELECT … WHERE … (the project condition) */
    const char *order;          /* ORDER BY … */
    const char *status;
    VocabList statuses;         /* the values `status` takes (when it is not NULL) */
    const char *organisation;
    const char *intervention;
    const char *dates;
    int pnr_col;                /* column holding a personnummer cipher, or -1 */
    const char *name;           /* the name or title: what a search matches, by_name sorts */
    /* The actor's scope (browse.h), as conditions: `scope_org` with ?10 the coordinator's
     * organisation, `scope_trainer` with ?11 the trainer's account; NULL: the kind is not
     * limited. `names`: each row names a person, so actors who see no names get no list. */
    const char *scope_org;
    const char *scope_trainer;
    bool names;
} ListDef;

static const ListDef lists[] = {
    {KIND_PROJECT, COLS("id", "name", "diarienummer", "start", "end"),
     "SELECT p.code, p.name, p.diarienummer, p.start_date, p.end_date FROM project p WHERE 1",
     "p.code", NULL, 0, NULL, NULL, NULL, -1, "p.name", NULL, NULL, false},
    {KIND_ORGANISATION, COLS("id", "name", "kind", "country", "people"),
     "SELECT o.code, o.name, o.kind, o.country,"
     " (SELECT count(*) FROM person p WHERE p.organisation_id = o.id)"
     " FROM organisation o WHERE o.project_id = ?1",
     "o.code", NULL, 0, NULL, NULL, NULL, -1, "o.name", NULL, NULL, false},
    {KIND_PERSON,
     COLS("id", "name", "gender", "organisation", "organisation_name", "unit", "personnummer"),
     "SELECT p.code, p.name, p.gender, o.code, o.name, p.unit, p.pnr_cipher FROM person p"
     " JOIN organisation o ON o.id = p.organisation_id WHERE p.project_id = ?1",
     "p.code", NULL, 0, "p.organisation_id = ?3", NULL, NULL, 6, "p.name",
     "p.organisation_id = ?10", SCOPE_SQL_TRAINER_PERSON("p.id"), true},
    {KIND_GROUP, COLS("id", "name", "kind", "members"),
     "SELECT g.code, g.name, g.kind, (SELECT count(*) FROM membership m WHERE m.group_id = g.id)"
     " FROM grp g WHERE g.project_id = ?1",
     "g.code", NULL, 0, NULL, NULL, NULL, -1, "g.name", NULL, NULL, false},
    {KIND_INTERVENTION, COLS("id", "title", "start", "planned", "completed", "activities"),
     "SELECT i.code, i.title, i.start_date, i.planned_participants,"
     " coalesce(i.completed_on, 'no'),"
     " (SELECT count(*) FROM activity a WHERE a.intervention_id = i.id)"
     " FROM intervention i WHERE i.project_id = ?1",
     "i.code", NULL, 0, NULL, NULL, NULL, -1, "i.title", NULL, NULL, false},
    {KIND_PROPOSAL,
     COLS("id", "submitted", "title", "organisation", "organisation_name", "unit", "status"),
     "SELECT pr.code, pr.submitted, pr.title, o.code, o.name, pr.unit, pr.status FROM proposal pr"
     " JOIN organisation o ON o.id = pr.organisation_id WHERE pr.project_id = ?1",
     "pr.code", "pr.status = ?2", VOCAB_PROPOSAL_STATUS, "pr.organisation_id = ?3", NULL, NULL, -1,
     "pr.title", "pr.organisation_id = ?10", "0", false},
    {KIND_ACTIVITY, /* people_marked_present: the register, not participants (see show) */
     COLS("id", "date", "title", "kind", "status", "intervention", "intervention_name",
          "sessions", "people_marked_present"),
     "SELECT a.code, (SELECT min(s.session_date) FROM session s WHERE s.activity_id = a.id),"
     " a.title, a.kind, a.status, i.code, i.title,"
     " (SELECT count(*) FROM session s WHERE s.activity_id = a.id),"
     " (SELECT count(DISTINCT t.person_id) FROM session s"
     "  JOIN attendance t ON t.session_id = s.id WHERE s.activity_id = a.id AND t.present = 1)"
     " FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.project_id = ?1",
     "a.code", "a.status = ?2", VOCAB_ACTIVITY_STATUS,
     "EXISTS (SELECT 1 FROM activity_organisation ao WHERE ao.activity_id = a.id"
     " AND ao.organisation_id = ?3)",
     "a.intervention_id = ?4",
     "EXISTS (SELECT 1 FROM session s WHERE s.activity_id = a.id"
     " AND (?5 IS NULL OR s.session_date >= ?5) AND (?6 IS NULL OR s.session_date <= ?6))",
     -1, "a.title", NULL, SCOPE_SQL_TRAINER_ACTIVITY("a.id"), false},
    {KIND_SESSION,
     COLS("activity", "session", "date", "start", "end", "hours", "present", "absent",
          "activity_name"),
     "SELECT a.code, s.code, s.session_date, s.start_time, s.end_time, " SQL_HUNDREDTHS("s.hours_c")
     ", (SELECT count(*) FROM attendance t WHERE t.session_id = s.id AND t.present = 1),"
     " (SELECT count(*) FROM attendance t WHERE t.session_id = s.id AND t.present = 0), a.title"
     " FROM session s JOIN activity a ON a.id = s.activity_id WHERE a.project_id = ?1",
     "s.session_date, a.code, s.code", "a.status = ?2", VOCAB_ACTIVITY_STATUS, NULL,
     "a.intervention_id = ?4",
     "(?5 IS NULL OR s.session_date >= ?5) AND (?6 IS NULL OR s.session_date <= ?6)", -1,
     "a.title", NULL, SCOPE_SQL_TRAINER_ACTIVITY("a.id"), false},
    {KIND_SURVEY,
     COLS("id", "date", "title", "kind", "activity", "activity_name", "questions", "responses"),
     "SELECT s.code, s.survey_date, s.title, s.kind, a.code, a.title,"
     " (SELECT count(*) FROM question q WHERE q.survey_id = s.id),"
     " (SELECT count(*) FROM response r WHERE r.survey_id = s.id)"
     " FROM survey s LEFT JOIN activity a ON a.id = s.activity_id WHERE s.project_id = ?1",
     "s.code", NULL, 0, NULL, NULL, NULL, -1, "s.title", NULL, NULL, false},
    {KIND_CERTIFICATE,
     COLS("id", "issued", "title", "person", "person_name", "activity", "activity_name",
          "withdrawn"),
     "SELECT c.code, c.issued, c.title, p.code, p.name, a.code, a.title, c.withdrawn"
     " FROM certificate c"
     " JOIN person p ON p.id = c.person_id LEFT JOIN activity a ON a.id = c.activity_id"
     " WHERE c.project_id = ?1",
     "c.code", NULL, 0, "p.organisation_id = ?3", NULL,
     "(?5 IS NULL OR c.issued >= ?5) AND (?6 IS NULL OR c.issued <= ?6)", -1, "c.title",
     "p.organisation_id = ?10", "0", true},
    {KIND_GOAL, COLS("id", "title", "measure", "target", "comparison", "unit"),
     /* a count is whole: 1050, not 1050.00 */
     "SELECT g.code, g.title, g.measure_kind, CASE WHEN g.unit = 'count' AND g.target_c % 100 = 0"
     " THEN g.target_c / 100 ELSE " SQL_HUNDREDTHS("g.target_c") " END"
     ", g.comparison, g.unit FROM goal g WHERE g.project_id = ?1",
     "g.position, g.code", NULL, 0, NULL, NULL, NULL, -1, "g.title", NULL, NULL, false},
    {KIND_COST,
     COLS("id", "date", "category", "category_name", "amount", "text", "activity",
          "activity_name", "voucher"),
     "SELECT ce.code, ce.cost_date, c.code, c.name, " SQL_HUNDREDTHS("ce.amount_ore")
     ", ce.text, a.code, a.title, ce.voucher FROM cost_entry ce"
     " JOIN budget_category c ON c.id = ce.category_id"
     " LEFT JOIN activity a ON a.id = ce.activity_id WHERE ce.project_id = ?1",
     "ce.cost_date, ce.code", NULL, 0, NULL, NULL,
     "(?5 IS NULL OR ce.cost_date >= ?5) AND (?6 IS NULL OR ce.cost_date <= ?6)", -1, "ce.text",
     NULL, NULL, false},
    {KIND_DEVIATION, COLS("id", "date", "area", "reported", "description"),
     "SELECT d.code, d.deviation_date, d.area,"
     " CASE d.reported_to_funder WHEN 1 THEN coalesce(d.reported_date, 'yes') ELSE 'no' END,"
     " d.description FROM deviation d WHERE d.project_id = ?1",
     "d.deviation_date, d.code", NULL, 0, NULL, NULL,
     "(?5 IS NULL OR d.deviation_date >= ?5) AND (?6 IS NULL OR d.deviation_date <= ?6)", -1,
     "d.description", NULL, NULL, false},
    {KIND_MEETING, COLS("id", "date", "title", "group", "group_name", "status", "present"),
     "SELECT m.code, m.meeting_date, m.title, g.code, g.name, m.status,"
     " (SELECT count(*) FROM meeting_attendee ma WHERE ma.meeting_id = m.id"
     "  AND ma.status = 'present')"
     " FROM meeting m LEFT JOIN grp g ON g.id = m.group_id WHERE m.project_id = ?1",
     "m.meeting_date, m.code", "m.status = ?2", VOCAB_MEETING_STATUS, NULL, NULL,
     "(?5 IS NULL OR m.meeting_date >= ?5) AND (?6 IS NULL OR m.meeting_date <= ?6)", -1,
     "m.title", NULL, NULL, false},
    {KIND_DISSEMINATION, COLS("id", "date", "channel", "title", "audience"),
     "SELECT d.code, d.item_date, d.channel, d.title, d.audience FROM dissemination d"
     " WHERE d.project_id = ?1",
     "d.item_date, d.code", NULL, 0, NULL, NULL,
     "(?5 IS NULL OR d.item_date >= ?5) AND (?6 IS NULL OR d.item_date <= ?6)", -1, "d.title",
     NULL, NULL, false},
};

#define NLISTS (sizeof lists / sizeof *lists)

/* Joins a NULL-terminated list with ", " (for messages). Caller frees. */
static char *join_names(const char *const *names)
{
    Buf b = {0};
    for (size_t i = 0; names[i]; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    return buf_steal(&b);
}

/* The code of the project, for messages; "?" when it cannot be read. Caller frees. */
static char *project_code(Db *db, int64_t project_id)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT code FROM project WHERE id = ?1");
    sqlite3_bind_int64(st, 1, project_id);
    char *code = xstrdup(sqlite3_step(st) == SQLITE_ROW ? db_col_text(st, 0) : "?");
    sqlite3_finalize(st);
    return code;
}

/* Finds the id of an organisation or intervention by code for a filter. INSATS_EINPUT with a
 * message naming the option when there is none. */
static int resolve_code(Db *db, int64_t project_id, const char *table, const char *option,
                        const char *plural, const char *code, int64_t *id, Errs *errs)
{
    /* table is one of two literals below, never user text. */
    char *sql = xasprintf("SELECT id FROM %s WHERE project_id = ?1 AND code = ?2", table);
    sqlite3_stmt *st = db_prepare(db, sql);
    free(sql);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    int rc = INSATS_OK;
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
    } else if (step == SQLITE_DONE) {
        char *pc = project_code(db, project_id);
        errs_add(errs, "%s: no %s \"%s\" in project %s (`insats list %s` shows them)", option,
                 _(table), code, pc, plural);
        free(pc);
        rc = INSATS_EINPUT;
    } else {
        rc = db_fail(db, errs, "cannot read the filter's record");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Checks that every filter given is one the kind takes; INSATS_EUSAGE naming those it does. */
static int check_filters(const ListDef *d, const BrowseFilter *f, Errs *errs)
{
    const char *bad = NULL;
    if (f->status && !d->status)
        bad = "--status";
    else if (f->organisation && !d->organisation)
        bad = "--organisation";
    else if (f->intervention && !d->intervention)
        bad = "--intervention";
    else if ((f->from || f->to) && !d->dates)
        bad = f->from ? "--from" : "--to";
    if (bad) {
        Buf ok = {0};
        if (d->status)
            buf_puts(&ok, " --status");
        if (d->organisation)
            buf_puts(&ok, " --organisation");
        if (d->intervention)
            buf_puts(&ok, " --intervention");
        if (d->dates)
            buf_puts(&ok, " --from --to");
        buf_puts(&ok, " --limit");
        const char *name = kinds_get(d->kind)->plural;
        errs_add(errs, "list %s: %s is not a filter of %s (these are:%s)", name, bad, name,
                 ok.data);
        buf_free(&ok);
        return INSATS_EUSAGE;
    }
    if (f->status) {
        bool known = false;
        const char *const *statuses = vocab_get(d->statuses)->names;
        for (size_t i = 0; statuses[i]; i++)
            known |= strcmp(statuses[i], f->status) == 0;
        if (!known) {
            char *names = join_names(statuses);
            const char *near = word_nearest(f->status, statuses);
            errs_add(errs, "list %s: --status: \"%s\" is not one of %s%s%s%s",
                     kinds_get(d->kind)->plural, f->status, names, near ? "; did you mean \"" : "",
                     near ? near : "", near ? "\"?" : "");
            free(names);
            return INSATS_EUSAGE;
        }
    }
    return INSATS_OK;
}

/* The masked personnummer of a stored cipher into out ("" when none). INSATS_ESTORAGE when the
 * key is unreadable or the cipher does not open. */
static int mask_cipher(Db *db, sqlite3_stmt *st, int col, const char *person, char out[14],
                       Errs *errs)
{
    out[0] = '\0';
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return INSATS_OK;
    const Secret *key = db_secret(db, errs);
    if (!key)
        return INSATS_ESTORAGE;
    char digits[13];
    int ok = secret_open(key, sqlite3_column_blob(st, col), (size_t)sqlite3_column_bytes(st, col),
                         digits) == 0;
    if (ok)
        pnr_mask(digits, out);
    sodium_memzero(digits, sizeof digits);
    if (!ok) {
        errs_add(errs, "%s: person \"%s\": the stored personnummer cannot be decrypted with the "
                 "key %s", db->path, person, db->key_path);
        return INSATS_ESTORAGE;
    }
    return INSATS_OK;
}

/* A search, as the words it must all find. Words past the last slot stay together in it, as
 * one phrase. */
enum { SEARCH_WORDS_MAX = 6, SEARCH_WORD_PARAM = 12, SEARCH_PNR_PARAM = 20 };

typedef struct SearchWords {
    char buf[256];
    const char *word[SEARCH_WORDS_MAX];
    size_t n;
} SearchWords;

static void search_words(const char *search, SearchWords *w)
{
    w->n = 0;
    snprintf(w->buf, sizeof w->buf, "%s", search ? search : "");
    char *p = w->buf;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        w->word[w->n++] = p;
        if (w->n == SEARCH_WORDS_MAX) {
            size_t len = strlen(p);
            while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
                p[--len] = '\0';
            break;
        }
        p += strcspn(p, " \t");
        if (*p)
            *p++ = '\0';
    }
}

/* Whether the search is a personnummer (any written form pnr.h takes), and then its keyed
 * hash, as stored beside each person's sealed number: so that a person is found by number
 * without any number being compared, or kept, in the clear. */
static bool search_pnr_hash(Db *db, const char *search, unsigned char out[SECRET_HASH_BYTES])
{
    if (!search || !search[0])
        return false;
    char today[11], digits[13];
    const char *why = NULL;
    date_today(today);
    if (pnr_parse(search, today, digits, &why) != 0)
        return false;
    Errs errs;
    errs_init(&errs);
    const Secret *key = db_secret(db, &errs);
    errs_free(&errs);
    if (key)
        secret_hash(key, digits, out);
    sodium_memzero(digits, sizeof digits);
    return key != NULL;
}

/* Finds the list of `kind`, checks the filters and prepares its query into *st: the rows, or
 * with `count` their number regardless of the limit. Returns INSATS_OK or the error of
 * browse_list (*st NULL). */
static int list_prepare(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                        const BrowseFilter *f, bool count, const ListDef **def,
                        sqlite3_stmt **st, Errs *errs)
{
    *st = NULL;
    const KindName *k = kinds_find(kind, KINDS_LIST, "list", errs);
    if (!k)
        return INSATS_EUSAGE;
    const ListDef *d = NULL;
    for (size_t i = 0; i < NLISTS && !d; i++)
        if (lists[i].kind == k->kind)
            d = &lists[i];
    assert(d);
    *def = d;
    if (d->names && !actor_sees_names(actor)) {
        errs_add(errs, "list %s: the role %s sees figures, not the names of people, so a list "
                 "of %s is not shown to it", k->plural, actor_role_name(actor->role), _(k->plural));
        return INSATS_EFORBIDDEN;
    }
    int rc = check_filters(d, f, errs);
    int64_t org_id = 0, interv_id = 0;
    if (rc == INSATS_OK && f->organisation)
        rc = resolve_code(db, project_id, "organisation", "--organisation", "organisations",
                          f->organisation, &org_id, errs);
    if (rc == INSATS_OK && f->intervention)
        rc = resolve_code(db, project_id, "intervention", "--intervention", "interventions",
                          f->intervention, &interv_id, errs);
    if (rc != INSATS_OK)
        return rc;

    Buf sql = {0};
    /* SQLite flattens the subquery and drops the columns the count does not read. */
    if (count)
        buf_puts(&sql, "SELECT count(*) FROM (");
    buf_puts(&sql, d->sql);
    if (f->status)
        buf_printf(&sql, " AND %s", d->status);
    if (f->organisation)
        buf_printf(&sql, " AND %s", d->organisation);
    if (f->intervention)
        buf_printf(&sql, " AND %s", d->intervention);
    if (f->from || f->to)
        buf_printf(&sql, " AND %s", d->dates);
    SearchWords words;
    search_words(f->search, &words);
    unsigned char pnr_hash[SECRET_HASH_BYTES];
    bool by_pnr = d->pnr_col >= 0 && search_pnr_hash(db, f->search, pnr_hash);
    if (words.n || by_pnr) {
        /* every word in the name or the id, whichever order they come in ("Ek Karin" finds
         * Karin Ek); a person also by personnummer, through its keyed hash */
        buf_puts(&sql, " AND (");
        for (size_t i = 0; i < words.n; i++)
            buf_printf(&sql, "%s(instr(sv_fold(%s), sv_fold(?%zu)) > 0 OR instr(sv_fold(%.*s.code),"
                       " sv_fold(?%zu)) > 0)", i ? " AND " : "(", d->name,
                       SEARCH_WORD_PARAM + i, (int)strcspn(d->name, "."), d->name,
                       SEARCH_WORD_PARAM + i);
        if (words.n)
            buf_puts(&sql, ")");
        if (by_pnr)
            buf_printf(&sql, "%s%.*s.pnr_hash = ?%d", words.n ? " OR " : "",
                       (int)strcspn(d->name, "."), d->name, SEARCH_PNR_PARAM);
        buf_puts(&sql, ")");
    }
    /* The scope is part of the query, so that a record outside it is simply not there. */
    ActorScope scope = actor_scope(actor);
    if (scope == ACTOR_SCOPE_ORG && d->scope_org)
        buf_printf(&sql, " AND %s", d->scope_org);
    if (scope == ACTOR_SCOPE_TRAINER && d->scope_trainer)
        buf_printf(&sql, " AND %s", d->scope_trainer);
    if (count)
        buf_puts(&sql, ")");
    else if (f->by_name)
        buf_printf(&sql, " ORDER BY %s COLLATE sv, %s LIMIT ?7 OFFSET ?9", d->name, d->order);
    else
        buf_printf(&sql, " ORDER BY %s LIMIT ?7 OFFSET ?9", d->order);
    *st = db_prepare(db, sql.data);
    buf_free(&sql);
    /* Parameters a query does not use are simply not there; binding them is harmless. */
    sqlite3_bind_int64(*st, 1, project_id);
    db_bind_text_or_null(*st, 2, f->status);
    sqlite3_bind_int64(*st, 3, org_id);
    sqlite3_bind_int64(*st, 4, interv_id);
    db_bind_text_or_null(*st, 5, f->from);
    db_bind_text_or_null(*st, 6, f->to);
    for (size_t i = 0; i < words.n; i++)
        sqlite3_bind_text(*st, (int)(SEARCH_WORD_PARAM + i), words.word[i], -1, SQLITE_TRANSIENT);
    if (by_pnr)
        sqlite3_bind_blob(*st, SEARCH_PNR_PARAM, pnr_hash, SECRET_HASH_BYTES, SQLITE_TRANSIENT);
    sodium_memzero(pnr_hash, sizeof pnr_hash);
    if (!count) {
        sqlite3_bind_int64(*st, 7, f->limit > 0 ? f->limit : -1);   /* -1: no limit */
        sqlite3_bind_int64(*st, 9, f->offset > 0 ? f->offset : 0);
    }
    sqlite3_bind_int64(*st, 10, actor->organisation_id);
    sqlite3_bind_int64(*st, 11, actor->user_id);
    return INSATS_OK;
}

static int count_query(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                       const BrowseFilter *f, int64_t *n, Errs *errs)
{
    static const BrowseFilter none = {0};
    *n = 0;
    const ListDef *d = NULL;
    sqlite3_stmt *st = NULL;
    int rc = list_prepare(db, actor, project_id, kind, f ? f : &none, true, &d, &st, errs);
    if (rc != INSATS_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = db_fail(db, errs, "cannot count the records");
    sqlite3_finalize(st);
    return rc;
}

static int list_query(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                      const BrowseFilter *f, BrowseRowFn fn, void *ctx, Errs *errs)
{
    static const BrowseFilter none = {0};
    if (!f)
        f = &none;
    const ListDef *d = NULL;
    sqlite3_stmt *st = NULL;
    int rc = list_prepare(db, actor, project_id, kind, f, false, &d, &st, errs);
    if (rc != INSATS_OK)
        return rc;

    int ncols = 0;
    while (d->cols[ncols])
        ncols++;
    const char **values = xcalloc((size_t)ncols, sizeof *values);
    char masked[14];
    int stop = fn(ctx, ncols, d->cols);
    int step = SQLITE_DONE;
    while (!stop && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < ncols; c++) {
            const char *v = db_col_text(st, c);
            values[c] = v ? v : "";
        }
        if (d->pnr_col >= 0) {
            rc = mask_cipher(db, st, d->pnr_col, values[0], masked, errs);
            if (rc != INSATS_OK)
                break;
            values[d->pnr_col] = masked;
        }
        stop = fn(ctx, ncols, values);
    }
    if (rc == INSATS_OK && !stop && step != SQLITE_DONE)
        rc = db_fail(db, errs, "cannot list the records");
    sqlite3_finalize(st);
    free(values);
    return rc;
}

/* The cache's key of a list or a count (browse_cache.h): everything its answer depends on —
 * the kind, the project, whose scope (the role, the organisation, the account) and each
 * filter, each value with its length so that no two questions share one. */
static void cache_key_text(Buf *b, const char *v)
{
    if (v)
        buf_printf(b, "%zu:%s|", strlen(v), v);
    else
        buf_puts(b, "-|");
}

static char *cache_key(const char *what, const Actor *actor, int64_t project_id,
                       const char *kind, const BrowseFilter *f)
{
    Buf b = {0};
    buf_printf(&b, "%s|%lld|%d|%lld|%lld|", what, (long long)project_id, (int)actor->role,
               (long long)actor->organisation_id, (long long)actor->user_id);
    cache_key_text(&b, kind);
    cache_key_text(&b, f->status);
    cache_key_text(&b, f->organisation);
    cache_key_text(&b, f->intervention);
    cache_key_text(&b, f->from);
    cache_key_text(&b, f->to);
    cache_key_text(&b, f->search);
    buf_printf(&b, "%ld|%ld|%d", f->limit, f->offset, (int)f->by_name);
    return b.data;
}

int browse_count(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                 const BrowseFilter *f, int64_t *n, Errs *errs)
{
    static const BrowseFilter none = {0};
    if (!f)
        f = &none;
    uint64_t generation = db_generation(db);
    char *key = cache_key("count", actor, project_id, kind, f);
    BrowseCached *e = browse_cache_find(key, generation);
    int rc = INSATS_OK;
    if (e) {
        *n = browse_cache_count(e);
        browse_cache_release(e);
    } else {
        rc = count_query(db, actor, project_id, kind, f, n, errs);
        if (rc == INSATS_OK)
            browse_cache_keep_count(key, generation, *n);
    }
    free(key);
    return rc;
}

/* Passes each row on to the caller's fn and records it for the cache. */
typedef struct Recorder {
    BrowseRowFn fn;
    void *ctx;
    BrowseRecording rec;
    bool stopped;
} Recorder;

static int record_row(void *ctx, int ncols, const char *const *values)
{
    Recorder *r = ctx;
    browse_recording_add(&r->rec, ncols, values);
    int stop = r->fn(r->ctx, ncols, values);
    r->stopped = stop != 0;
    return stop;
}

int browse_list(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const BrowseFilter *f, BrowseRowFn fn, void *ctx, Errs *errs)
{
    static const BrowseFilter none = {0};
    if (!f)
        f = &none;
    uint64_t generation = db_generation(db);
    char *key = cache_key("list", actor, project_id, kind, f);
    BrowseCached *e = browse_cache_find(key, generation);
    int rc = INSATS_OK;
    if (e) {
        browse_cache_replay(e, fn, ctx);
        browse_cache_release(e);
    } else {
        Recorder r = {.fn = fn, .ctx = ctx};
        rc = list_query(db, actor, project_id, kind, f, record_row, &r, errs);
        /* A list the caller stopped early is not whole: it is not kept. */
        if (rc == INSATS_OK && !r.stopped)
            browse_cache_keep_list(key, generation, &r.rec);
        else
            browse_recording_free(&r.rec);
    }
    free(key);
    return rc;
}

/* ---- show -------------------------------------------------------------------------------- */

/* The attendance figures of the summaries (and the activities list) are counts of the
 * attendance register — who was marked present — under names that say so. They are not the
 * funder's participant figures, which only figures.c computes (SPEC: a participant is present
 * at a session of an activity that is not cancelled, of an intervention that counts
 * participants) and whose per-record form would need the whole report's computation. So they
 * deliberately apply none of those rules: a register count that half-applied them would look
 * like the report's figure and still disagree with it. */

/* A derived fact of a summary: its key and how its column reads (i integer, h hundredths,
 * s text). */
typedef struct ShowDef {
    RecordKind kind;
    const char *section;        /* bundle section that builds the record */
    const char *summary_sql;    /* one row; ?1 project, ?2 code; NULL: no summary */
    const char *const *summary_keys;
    const char *summary_types;
} ShowDef;

static const ShowDef shows[] = {
    {KIND_PROJECT, "project",
     "SELECT (SELECT count(*) FROM organisation WHERE project_id = p.id),"
     " (SELECT count(*) FROM person WHERE project_id = p.id),"
     " (SELECT count(*) FROM grp WHERE project_id = p.id),"
     " (SELECT count(*) FROM intervention WHERE project_id = p.id),"
     " (SELECT count(*) FROM proposal WHERE project_id = p.id),"
     " (SELECT count(*) FROM activity WHERE project_id = p.id),"
     " (SELECT count(*) FROM session s JOIN activity a ON a.id = s.activity_id"
     "  WHERE a.project_id = p.id),"
     " (SELECT count(*) FROM attendance t JOIN session s ON s.id = t.session_id"
     "  JOIN activity a ON a.id = s.activity_id WHERE a.project_id = p.id),"
     " (SELECT count(*) FROM survey WHERE project_id = p.id),"
     " (SELECT count(*) FROM response r JOIN survey s ON s.id = r.survey_id"
     "  WHERE s.project_id = p.id),"
     " (SELECT count(*) FROM certificate WHERE project_id = p.id),"
     " (SELECT count(*) FROM goal WHERE project_id = p.id),"
     " (SELECT count(*) FROM cost_entry WHERE project_id = p.id),"
     " (SELECT count(*) FROM deviation WHERE project_id = p.id),"
     " (SELECT count(*) FROM meeting WHERE project_id = p.id),"
     " (SELECT count(*) FROM dissemination WHERE project_id = p.id),"
     " (SELECT count(*) FROM narrative WHERE project_id = p.id)"
     " FROM project p WHERE p.id = ?1",
     COLS("organisations", "people", "groups", "interventions", "proposals", "activities",
          "sessions", "attendance", "surveys", "responses", "certificates", "goals", "costs",
          "deviations", "meetings", "dissemination", "narratives"),
     "iiiiiiiiiiiiiiiii"},
    {KIND_ORGANISATION, "organisations",
     "SELECT (SELECT count(*) FROM person p WHERE p.organisation_id = o.id),"
     " (SELECT count(*) FROM activity_organisation ao WHERE ao.organisation_id = o.id),"
     " (SELECT count(*) FROM proposal pr WHERE pr.organisation_id = o.id)"
     " FROM organisation o WHERE o.project_id = ?1 AND o.code = ?2",
     COLS("people", "activities", "proposals"), "iii"},
    {KIND_PERSON, "people",
     "SELECT (SELECT count(DISTINCT s.activity_id) FROM attendance t"
     "  JOIN session s ON s.id = t.session_id WHERE t.person_id = p.id AND t.present = 1),"
     " (SELECT count(*) FROM attendance t WHERE t.person_id = p.id AND t.present = 1),"
     " (SELECT coalesce(sum(s.hours_c), 0) FROM attendance t JOIN session s ON s.id = t.session_id"
     "  WHERE t.person_id = p.id AND t.present = 1),"
     " (SELECT count(*) FROM certificate c WHERE c.person_id = p.id AND c.withdrawn IS NULL)"
     " FROM person p WHERE p.project_id = ?1 AND p.code = ?2",
     COLS("activities_marked_present", "sessions_marked_present", "hours_marked_present",
          "certificates"),
     "iihi"},
    {KIND_GROUP, "groups",
     "SELECT (SELECT count(*) FROM membership m WHERE m.group_id = g.id"
     "  AND (m.from_date IS NULL OR m.from_date <= ?3) AND (m.to_date IS NULL OR m.to_date >= ?3)),"
     " (SELECT count(*) FROM meeting m WHERE m.group_id = g.id)"
     " FROM grp g WHERE g.project_id = ?1 AND g.code = ?2",
     COLS("members_now", "meetings"), "ii"},
    {KIND_INTERVENTION, "interventions",
     "SELECT (SELECT count(*) FROM activity a WHERE a.intervention_id = i.id),"
     " (SELECT count(*) FROM activity a JOIN session s ON s.activity_id = a.id"
     "  WHERE a.intervention_id = i.id AND a.status <> 'cancelled'),"
     " (SELECT coalesce(sum(s.hours_c), 0) FROM activity a JOIN session s ON s.activity_id = a.id"
     "  WHERE a.intervention_id = i.id AND a.status <> 'cancelled'),"
     " (SELECT count(DISTINCT t.person_id) FROM activity a JOIN session s ON s.activity_id = a.id"
     "  JOIN attendance t ON t.session_id = s.id WHERE a.intervention_id = i.id AND t.present = 1)"
     " FROM intervention i WHERE i.project_id = ?1 AND i.code = ?2",
     COLS("activities", "sessions", "hours", "people_marked_present"), "iihi"},
    {KIND_PROPOSAL, "proposals",
     "SELECT (SELECT count(*) FROM activity a WHERE a.proposal_id = pr.id)"
     " FROM proposal pr WHERE pr.project_id = ?1 AND pr.code = ?2",
     COLS("activities"), "i"},
    {KIND_ACTIVITY, "activities",
     "SELECT (SELECT min(s.session_date) FROM session s WHERE s.activity_id = a.id),"
     " (SELECT max(s.session_date) FROM session s WHERE s.activity_id = a.id),"
     " (SELECT count(*) FROM session s WHERE s.activity_id = a.id),"
     " (SELECT coalesce(sum(s.hours_c), 0) FROM session s WHERE s.activity_id = a.id),"
     " (SELECT count(DISTINCT t.person_id) FROM session s JOIN attendance t"
     "  ON t.session_id = s.id WHERE s.activity_id = a.id AND t.present = 1),"
     " (SELECT count(*) FROM session s JOIN attendance t ON t.session_id = s.id"
     "  WHERE s.activity_id = a.id AND t.present = 0)"
     " FROM activity a WHERE a.project_id = ?1 AND a.code = ?2",
     COLS("first_date", "last_date", "sessions", "hours", "people_marked_present", "absences"),
     "ssihii"},
    {KIND_SURVEY, "surveys",
     "SELECT (SELECT count(*) FROM question q WHERE q.survey_id = s.id),"
     " (SELECT count(*) FROM response r WHERE r.survey_id = s.id)"
     " FROM survey s WHERE s.project_id = ?1 AND s.code = ?2",
     COLS("questions", "responses"), "ii"},
    {KIND_CERTIFICATE, "certificates", NULL, NULL, NULL},
    {KIND_GOAL, "goals", NULL, NULL, NULL},
    {KIND_COST, "costs", NULL, NULL, NULL},
    {KIND_DEVIATION, "deviations", NULL, NULL, NULL},
    {KIND_MEETING, "meetings",
     "SELECT (SELECT count(*) FROM meeting_attendee ma WHERE ma.meeting_id = m.id"
     "  AND ma.status = 'present'),"
     " (SELECT count(*) FROM agenda_item ai JOIN decision d ON d.agenda_item_id = ai.id"
     "  WHERE ai.meeting_id = m.id),"
     " (SELECT count(*) FROM action_item ac WHERE ac.meeting_id = m.id AND ac.status = 'open')"
     " FROM meeting m WHERE m.project_id = ?1 AND m.code = ?2",
     COLS("attendees_present", "decisions", "open_actions"), "iii"},
    {KIND_DISSEMINATION, "dissemination", NULL, NULL, NULL},
};

#define NSHOWS (sizeof shows / sizeof *shows)

/* The project's reporting periods with their funder report id (<diarienummer>-<nnn>, null
 * without a diarienummer), for the project summary. */
static int show_periods(Db *db, int64_t project_id, json_t *summary, Errs *errs)
{
    sqlite3_stmt *st = db_prepare(db,
        "SELECT r.number, r.from_date, r.to_date,"
        " CASE WHEN p.diarienummer IS NULL THEN NULL"
        " ELSE p.diarienummer || '-' || printf('%03d', r.number) END"
        " FROM reporting_period r JOIN project p ON p.id = r.project_id"
        " WHERE r.project_id = ?1 ORDER BY r.number");
    sqlite3_bind_int64(st, 1, project_id);
    json_t *arr = json_array();
    json_object_set_new(summary, "reporting_periods", arr);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *p = json_object();
        json_object_set_new(p, "number", json_integer(sqlite3_column_int64(st, 0)));
        json_object_set_new(p, "from", json_string(db_col_text(st, 1)));
        json_object_set_new(p, "to", json_string(db_col_text(st, 2)));
        const char *id = db_col_text(st, 3);
        json_object_set_new(p, "report_id", id ? json_string(id) : json_null());
        json_array_append_new(arr, p);
    }
    int rc = step == SQLITE_DONE ? INSATS_OK : db_fail(db, errs, "cannot read reporting periods");
    sqlite3_finalize(st);
    return rc;
}

/* The statement's current row as an object: keys[i] read as types[i] (i integer,
 * h hundredths, s text, b true/false). */
static json_t *show_row(sqlite3_stmt *st, const char *const *keys, const char *types)
{
    json_t *o = json_object();
    for (int i = 0; keys[i]; i++) {
        json_t *v;
        if (sqlite3_column_type(st, i) == SQLITE_NULL)
            v = json_null();
        else if (types[i] == 'h')
            v = bundle_hundredths(sqlite3_column_int64(st, i));
        else if (types[i] == 's')
            v = json_string(db_col_text(st, i));
        else if (types[i] == 'b')
            v = json_boolean(sqlite3_column_int64(st, i) != 0);
        else
            v = json_integer(sqlite3_column_int64(st, i));
        json_object_set_new(o, keys[i], v);
    }
    return o;
}

/* The lists of a person's summary (?1 project, ?2 the person's id, ?3 a trainer's account or
 * 0: a trainer sees the sessions and certificates of the activities assigned to them only). */
typedef struct ShowList {
    const char *key;
    const char *sql;
    const char *const *keys;
    const char *types;
} ShowList;

#define SHOW_TRAINER_ACTIVITY(col)                                                           \
    " AND (?3 = 0 OR " col " IN (SELECT activity_id FROM activity_trainer WHERE user_id = ?3))"

static const ShowList person_lists[] = {
    {"attendance",
     "SELECT s.session_date, a.code, a.title, s.code, s.hours_c, t.present"
     " FROM person p JOIN attendance t ON t.person_id = p.id"
     " JOIN session s ON s.id = t.session_id JOIN activity a ON a.id = s.activity_id"
     " WHERE p.project_id = ?1 AND p.code = ?2" SHOW_TRAINER_ACTIVITY("a.id")
     " ORDER BY s.session_date DESC, a.code, s.code",
     COLS("date", "activity", "activity_title", "session", "hours", "present"), "sssshb"},
    {"certificates_issued",
     "SELECT c.code, c.title, c.issued, a.code, a.title, c.withdrawn"
     " FROM person p JOIN certificate c ON c.person_id = p.id"
     " LEFT JOIN activity a ON a.id = c.activity_id"
     " WHERE p.project_id = ?1 AND p.code = ?2" SHOW_TRAINER_ACTIVITY("c.activity_id")
     " ORDER BY c.issued DESC, c.code",
     COLS("id", "title", "issued", "activity", "activity_title", "withdrawn"), "ssssss"},
    {"groups",
     "SELECT g.code, g.name, m.role, m.from_date, m.to_date"
     " FROM person p JOIN membership m ON m.person_id = p.id JOIN grp g ON g.id = m.group_id"
     " WHERE p.project_id = ?1 AND p.code = ?2 AND ?3 = ?3"
     " ORDER BY g.name, g.code, m.from_date",
     COLS("id", "name", "role", "from", "to"), "sssss"},
};

static int show_person_lists(Db *db, const Actor *actor, int64_t project_id, const char *code,
                             json_t *summary, Errs *errs)
{
    int64_t trainer = actor && actor->role == ROLE_TRAINER ? actor->user_id : 0;
    for (size_t l = 0; l < sizeof person_lists / sizeof *person_lists; l++) {
        const ShowList *L = &person_lists[l];
        sqlite3_stmt *st = db_prepare(db, L->sql);
        sqlite3_bind_int64(st, 1, project_id);
        db_bind_text_or_null(st, 2, code);
        sqlite3_bind_int64(st, 3, trainer);
        json_t *arr = json_array();
        json_object_set_new(summary, L->key, arr);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            json_array_append_new(arr, show_row(st, L->keys, L->types));
        sqlite3_finalize(st);
        if (step != SQLITE_DONE)
            return db_fail(db, errs, "cannot read the person's sessions, certificates and "
                                     "groups");
    }
    return INSATS_OK;
}

/* Builds the "_summary" object of a record shown. Returns INSATS_OK with *out NULL when the
 * kind has none. */
static int show_summary(Db *db, int64_t project_id, const ShowDef *d, const char *code,
                        json_t **out, Errs *errs)
{
    *out = NULL;
    if (!d->summary_sql)
        return INSATS_OK;
    char today[11];
    date_today(today);
    sqlite3_stmt *st = db_prepare(db, d->summary_sql);
    sqlite3_bind_int64(st, 1, project_id);
    db_bind_text_or_null(st, 2, code);
    sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(db, errs, "cannot read the summary");
    }
    json_t *s = show_row(st, d->summary_keys, d->summary_types);
    sqlite3_finalize(st);
    int rc = INSATS_OK;
    if (d->kind == KIND_PROJECT)
        rc = show_periods(db, project_id, s, errs);
    if (rc != INSATS_OK) {
        json_decref(s);
        return rc;
    }
    *out = s;
    return INSATS_OK;
}

/* ---- names beside ids ------------------------------------------------------------------ */

/* The name of a record a field refers to: ?1 project, ?2 code. */
#define NAME_OF(table, col) "SELECT " col " FROM " table " WHERE project_id = ?1 AND code = ?2"
static const char SQL_ORG_NAME[] = NAME_OF("organisation", "name");
/* A person's name only when the person is within the actor's scope (scope_sql.h: ?9 – ?11):
 * a proposal of one organisation names in its history the people of another who handled it,
 * a meeting's action its owner, and a coordinator gets no name for those. */
static const char SQL_PERSON_NAME[] =
    "SELECT p.name FROM person p WHERE p.project_id = ?1 AND p.code = ?2 AND "
    SCOPE_SQL_PERSON("p.id", "p.organisation_id");
static const char SQL_GROUP_NAME[] = NAME_OF("grp", "name");
static const char SQL_INTERVENTION_TITLE[] = NAME_OF("intervention", "title");
static const char SQL_PROPOSAL_TITLE[] = NAME_OF("proposal", "title");
static const char SQL_ACTIVITY_TITLE[] = NAME_OF("activity", "title");
static const char SQL_SURVEY_TITLE[] = NAME_OF("survey", "title");
static const char SQL_CATEGORY_NAME[] = NAME_OF("budget_category", "name");

/* The fields of bundle records that hold the id of another record (docs/bundle-format.md),
 * wherever they stand in the record; `in` limits a field to one kind of record when its
 * meaning depends on it (KIND_COUNT: any). */
static const struct {
    const char *field;
    const char *sql;
    RecordKind in;
} ref_fields[] = {
    {"owner", SQL_ORG_NAME, KIND_PROJECT},
    {"owner", SQL_PERSON_NAME, KIND_MEETING},
    {"organisation", SQL_ORG_NAME, KIND_COUNT},
    {"organisations", SQL_ORG_NAME, KIND_COUNT},
    {"person", SQL_PERSON_NAME, KIND_COUNT},
    {"by", SQL_PERSON_NAME, KIND_COUNT},
    {"notes_by", SQL_PERSON_NAME, KIND_COUNT},
    {"group", SQL_GROUP_NAME, KIND_COUNT},
    {"intervention", SQL_INTERVENTION_TITLE, KIND_COUNT},
    {"proposal", SQL_PROPOSAL_TITLE, KIND_COUNT},
    {"activity", SQL_ACTIVITY_TITLE, KIND_COUNT},
    {"survey", SQL_SURVEY_TITLE, KIND_COUNT},
    {"category", SQL_CATEGORY_NAME, KIND_COUNT},
};

/* The name of the record `code` by `sql`, as a new JSON string, or NULL when there is none
 * (a guest's organisation is free text, not an id) or it is a person outside the actor's
 * scope. */
static json_t *ref_name(Db *db, const Actor *actor, int64_t project_id, const char *sql,
                        const char *code)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    sqlite3_bind_int64(st, 1, project_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    if (sql == SQL_PERSON_NAME) {
        sqlite3_bind_int(st, 9, (int)actor_scope(actor));
        sqlite3_bind_int64(st, 10, actor->organisation_id);
        sqlite3_bind_int64(st, 11, actor->user_id);
    }
    json_t *name = sqlite3_step(st) == SQLITE_ROW ? json_string(db_col_text(st, 0)) : NULL;
    sqlite3_reset(st);
    return name;
}

static const char *ref_sql(RecordKind kind, const char *field)
{
    for (size_t i = 0; i < sizeof ref_fields / sizeof *ref_fields; i++)
        if (strcmp(ref_fields[i].field, field) == 0 &&
            (ref_fields[i].in == KIND_COUNT || ref_fields[i].in == kind))
            return ref_fields[i].sql;
    return NULL;
}

/* The names of the records that `v` (a record or a part of one) refers to, in the shape of v:
 * an object with the referring keys only, each holding a name, an array of names (null for
 * none) or the same for a nested object or array of objects. NULL when v names nothing.
 * New reference. */
static json_t *ref_names(Db *db, const Actor *actor, int64_t project_id, RecordKind kind,
                         const json_t *v)
{
    if (json_is_array(v)) {
        json_t *arr = json_array();
        bool any = false;
        size_t i;
        const json_t *item;
        json_array_foreach((json_t *)v, i, item) {
            json_t *n = ref_names(db, actor, project_id, kind, item);
            any |= n != NULL;
            json_array_append_new(arr, n ? n : json_null());
        }
        if (!any)
            json_decref(arr);
        return any ? arr : NULL;
    }
    if (!json_is_object(v))
        return NULL;
    json_t *out = json_object();
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)v, key, val) {
        const char *sql = key[0] == '_' ? NULL : ref_sql(kind, key);
        json_t *n = NULL;
        if (sql && json_is_string(val)) {
            n = ref_name(db, actor, project_id, sql, json_string_value(val));
        } else if (sql && json_is_array(val)) {
            n = json_array();
            bool any = false;
            size_t i;
            const json_t *item;
            json_array_foreach((json_t *)val, i, item) {
                json_t *name = json_is_string(item)
                                   ? ref_name(db, actor, project_id, sql, json_string_value(item))
                                   : NULL;
                any |= name != NULL;
                json_array_append_new(n, name ? name : json_null());
            }
            if (!any) {
                json_decref(n);
                n = NULL;
            }
        } else if (key[0] != '_' && (json_is_object(val) || json_is_array(val))) {
            n = ref_names(db, actor, project_id, kind, val);
        }
        if (n)
            json_object_set_new(out, key, n);
    }
    if (json_object_size(out) == 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* A goal's figures as of today, or the project's end when it is over (its start, before it
 * began), from the figures engine: as_of, achieved, met, suppressed, into summary. */
static int goal_figures(Db *db, int64_t project_id, const char *code, json_t *summary,
                        Errs *errs)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT start_date, end_date FROM project WHERE id = ?1");
    sqlite3_bind_int64(st, 1, project_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(db, errs, "cannot read the project's dates");
    }
    char start[11], as_of[11];
    snprintf(start, sizeof start, "%s", db_col_text(st, 0));
    date_today(as_of);
    if (strcmp(as_of, db_col_text(st, 1)) > 0)
        snprintf(as_of, sizeof as_of, "%s", db_col_text(st, 1));
    if (strcmp(as_of, start) < 0)
        memcpy(as_of, start, sizeof as_of);
    sqlite3_finalize(st);
    json_t *figures = json_object();
    int rc = figures_compute(db, project_id, start, as_of, figures, errs);
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(figures, "goals"), i, g) {
        if (rc != INSATS_OK || strcmp(json_string_value(json_object_get(g, "id")), code) != 0)
            continue;
        json_object_set_new(summary, "as_of", json_string(as_of));
        for (const char *const *k = COLS("achieved", "met", "suppressed"); *k; k++)
            json_object_set(summary, *k, json_object_get(g, *k));
    }
    json_decref(figures);
    return rc;
}

/* The records a show reaches (see ActorScope): a query with a row when record ?2 of project ?1
 * is within the scope, ?10 the coordinator's organisation, ?11 the trainer's account (NULL: the
 * kind is not limited). `names`: the record is a person's, not shown to actors who see no
 * names. */
typedef struct ShowScope {
    RecordKind kind;
    const char *org;
    const char *trainer;
    bool names;
} ShowScope;

static const ShowScope show_scopes[] = {
    /* A person's row gives the name too: a record's lists keep it (ScopeKeep). */
    {KIND_PERSON,
     "SELECT p.name FROM person p WHERE p.project_id = ?1 AND p.code = ?2"
     " AND p.organisation_id = ?10",
     "SELECT p.name FROM person p WHERE p.project_id = ?1 AND p.code = ?2 AND "
     SCOPE_SQL_TRAINER_PERSON("p.id"),
     true},
    {KIND_PROPOSAL,
     "SELECT 1 FROM proposal pr WHERE pr.project_id = ?1 AND pr.code = ?2"
     " AND pr.organisation_id = ?10",
     "SELECT 1 WHERE 0", false},
    {KIND_CERTIFICATE,
     "SELECT 1 FROM certificate c JOIN person p ON p.id = c.person_id"
     " WHERE c.project_id = ?1 AND c.code = ?2 AND p.organisation_id = ?10",
     "SELECT 1 WHERE 0", true},
    {KIND_ACTIVITY, NULL,
     "SELECT 1 FROM activity a WHERE a.project_id = ?1 AND a.code = ?2 AND "
     SCOPE_SQL_TRAINER_ACTIVITY("a.id"), false},
};

/* Whether a record's lists (attendance, members, attendees) keep a person's entry for the
 * actor — the person's own scope (show_scopes' first row, which gives the person's name),
 * asked once per person the record names rather than by reading every person of the
 * organisation first. The names of the people kept decide which presenters stay. */
typedef struct ScopeKeep {
    Db *db;
    const Actor *actor;
    int64_t project_id;
    sqlite3_stmt *st;       /* the person's name when the person (?2) is in the actor's scope */
    Idmap answers;          /* code → 1 kept, 2 not */
    Idmap names;            /* the names of the people kept */
    bool failed;
} ScopeKeep;

/* Runs a scope query of the actor (see above) bound to project, code, organisation and account;
 * the statement is the caller's to finalize. */
static sqlite3_stmt *scope_query(Db *db, const Actor *actor, int64_t project_id,
                                 const char *sql, const char *code)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    sqlite3_bind_int64(st, 1, project_id);
    db_bind_text_or_null(st, 2, code);
    sqlite3_bind_int64(st, 10, actor->organisation_id);
    sqlite3_bind_int64(st, 11, actor->user_id);
    return st;
}

static bool scope_keeps(ScopeKeep *k, const char *code)
{
    int64_t known = 0;
    if (idmap_get(&k->answers, code, &known))
        return known == 1;
    sqlite3_reset(k->st);
    db_bind_text_or_null(k->st, 2, code);
    int step = sqlite3_step(k->st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        k->failed = true;
    if (step == SQLITE_ROW && db_col_text(k->st, 0))
        idmap_put(&k->names, db_col_text(k->st, 0), 1);
    idmap_put(&k->answers, code, step == SQLITE_ROW ? 1 : 2);
    return step == SQLITE_ROW;
}

/* Whether a meeting's presenter (a name typed as text) may stay: the name of a person the
 * record's lists keep (an attendee within the scope) or of one of the meeting's guests. Any
 * other name may be a person's of another organisation, and the text alone cannot tell, so it
 * goes. */
static bool show_presenter_kept(const json_t *meeting, const char *presenter,
                                const ScopeKeep *keep)
{
    int64_t one = 0;
    if (idmap_get(&keep->names, presenter, &one))
        return true;
    size_t i;
    const json_t *a;
    json_array_foreach(json_object_get(meeting, "attendees"), i, a) {
        const char *guest = json_string_value(json_object_get(a, "name"));
        if (!json_is_string(json_object_get(a, "person")) && guest &&
            strcmp(guest, presenter) == 0)
            return true;
    }
    return false;
}

/* Removes from the lists of people inside v (attendance, members, attendees, at any depth) the
 * entries of people `keep` does not keep, and then the presenters of agenda items it does not
 * name (see show_presenter_kept()); keep NULL removes every entry, a guest's too (a name), and
 * every presenter. */
static void show_drop_people(json_t *v, ScopeKeep *keep)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
            show_drop_people(item, keep);
        return;
    }
    if (!json_is_object(v))
        return;
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val) {
        bool people = !strcmp(key, "attendance") || !strcmp(key, "members") ||
                      !strcmp(key, "attendees");
        if (!people || !json_is_array(val)) {
            show_drop_people(val, keep);
            continue;
        }
        for (size_t k = json_array_size(val); k-- > 0;) {
            const json_t *who = json_object_get(json_array_get(val, k), "person");
            bool kept = keep && (!json_is_string(who) ||
                                 scope_keeps(keep, json_string_value(who)));
            if (!kept)
                json_array_remove(val, k);
        }
    }
    /* A meeting's agenda, after its attendees: its presenters are names typed as text. */
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(v, "agenda"), i, item) {
        const char *presenter = json_string_value(json_object_get(item, "presenter"));
        if (presenter && (!keep || !show_presenter_kept(v, presenter, keep)))
            json_object_set_new(item, "presenter", json_null());
    }
}

/* Whether v holds anything show_drop_people() would look at: a list of people or an agenda. */
static bool show_has_people(const json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
            if (show_has_people(item))
                return true;
        return false;
    }
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)v, key, val)
        if ((json_is_array(val) && (!strcmp(key, "attendance") || !strcmp(key, "members") ||
                                    !strcmp(key, "attendees") || !strcmp(key, "agenda"))) ||
            ((json_is_object(val) || json_is_array(val)) && show_has_people(val)))
            return true;
    return false;
}

/* Replaces a survey's individual responses (each with the respondent's organisation and
 * gender) by the survey's results as the reports give them, the breakdown cells of fewer than
 * SURVEY_MIN_RESPONSES suppressed (survey_figures.h): for every actor. rec is a
 * survey record or an array of them; records without responses are left alone. */
static int scope_survey_results(Db *db, int64_t project_id, json_t *rec, Errs *errs)
{
    json_t *all = NULL;
    size_t n = json_is_array(rec) ? json_array_size(rec) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_is_array(rec) ? json_array_get(rec, i) : rec;
        if (!json_is_array(json_object_get(r, "responses")) ||
            !json_is_array(json_object_get(r, "questions")))
            continue;
        if (!all && !(all = figures_surveys(db, project_id, NULL, NULL, NULL, errs)))
            return INSATS_ESTORAGE;
        const char *id = json_string_value(json_object_get(r, "id"));
        json_t *results = NULL;
        size_t j;
        json_t *s;
        json_array_foreach(all, j, s) {
            const char *sid = json_string_value(json_object_get(s, "id"));
            if (id && sid && strcmp(id, sid) == 0) {
                results = json_incref(s);
                break;
            }
        }
        json_object_del(r, "responses");
        json_object_set_new(r, "results", results ? results : json_null());
    }
    json_decref(all);
    return INSATS_OK;
}

int browse_scope_lists(Db *db, const Actor *actor, int64_t project_id, json_t *rec, Errs *errs)
{
    /* Every role: answers listed one by one beside their organisation and gender could be
     * told apart by whoever knows who attended (survey.h, the anonymity rule). */
    int rc = scope_survey_results(db, project_id, rec, errs);
    if (rc != INSATS_OK)
        return rc;
    /* A page of people or proposals has nothing inside to cut: no need to read the scope. */
    if (!show_has_people(rec))
        return INSATS_OK;
    if (!actor_sees_names(actor)) {
        show_drop_people(rec, NULL);
        return INSATS_OK;
    }
    ActorScope scope = actor_scope(actor);
    if (scope == ACTOR_SCOPE_ALL)
        return INSATS_OK;
    const ShowScope *person = &show_scopes[0];
    assert(person->kind == KIND_PERSON);
    ScopeKeep keep = {db, actor, project_id, NULL, {0}, {0}, false};
    keep.st = scope_query(db, actor, project_id,
                          scope == ACTOR_SCOPE_ORG ? person->org : person->trainer, NULL);
    idmap_init(&keep.answers);
    idmap_init(&keep.names);
    show_drop_people(rec, &keep);
    sqlite3_finalize(keep.st);
    idmap_free(&keep.answers);
    idmap_free(&keep.names);
    if (keep.failed)
        return db_fail(db, errs, "cannot read the people of the record");
    return INSATS_OK;
}

int browse_in_scope(Db *db, const Actor *actor, int64_t project_id, RecordKind kind,
                    const char *code, bool *in, Errs *errs)
{
    *in = true;
    for (size_t i = 0; i < sizeof show_scopes / sizeof *show_scopes; i++) {
        if (show_scopes[i].kind != kind)
            continue;
        const KindName *k = kinds_get(kind);
        if (show_scopes[i].names && !actor_sees_names(actor)) {
            errs_add(errs, "show %s: the role %s sees figures, not the names of people, so a "
                     "%s's record is not shown to it", k->singular, actor_role_name(actor->role),
                     _(k->singular));
            return INSATS_EFORBIDDEN;
        }
        ActorScope scope = actor_scope(actor);
        const char *sql = scope == ACTOR_SCOPE_ORG       ? show_scopes[i].org
                          : scope == ACTOR_SCOPE_TRAINER ? show_scopes[i].trainer
                                                         : NULL;
        if (!sql)
            return INSATS_OK;
        sqlite3_stmt *st = scope_query(db, actor, project_id, sql, code);
        int step = sqlite3_step(st);
        sqlite3_finalize(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return db_fail(db, errs, "cannot read the record");
        *in = step == SQLITE_ROW;
        return INSATS_OK;
    }
    return INSATS_OK;
}

/* Whether the record is within the actor's scope: INSATS_OK, INSATS_EFORBIDDEN for a person's
 * record and an actor who sees no names, INSATS_EINPUT (as for a record that does not exist)
 * outside the scope; messages in errs. */
static int show_in_scope(Db *db, const Actor *actor, int64_t project_id, const KindName *k,
                         const char *code, Errs *errs)
{
    bool in = true;
    int rc = browse_in_scope(db, actor, project_id, k->kind, code, &in, errs);
    if (rc != INSATS_OK || in)
        return rc;
    char *pc = project_code(db, project_id);
    errs_add(errs, "no %s \"%s\" in project %s (`insats list %s` shows them)", _(k->singular),
             code, pc, k->plural);
    free(pc);
    return INSATS_EINPUT;
}

int browse_show(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const char *code, json_t **out, Errs *errs)
{
    *out = NULL;
    const KindName *k = kinds_find(kind, KINDS_SHOW, "show", errs);
    if (!k)
        return INSATS_EUSAGE;
    const ShowDef *d = NULL;
    for (size_t i = 0; i < NSHOWS && !d; i++)
        if (shows[i].kind == k->kind)
            d = &shows[i];
    assert(d);
    bool is_project = d->kind == KIND_PROJECT;
    if (!is_project && !code) {
        errs_add(errs, "show %s: which one? (`insats list %s` shows the ids)", k->singular,
                 k->plural);
        return INSATS_EUSAGE;
    }
    json_t *built = NULL, *rec = NULL, *summary = NULL;
    int rc = is_project ? INSATS_OK : show_in_scope(db, actor, project_id, k, code, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = bundle_export_section(db, project_id, d->section, is_project ? NULL : code,
                               BUNDLE_PNR_MASKED, &built, errs);
    if (rc != INSATS_OK)
        goto done;
    if (is_project) {
        rec = built;
        built = NULL;
    } else if (json_array_size(built) == 0) {
        char *pc = project_code(db, project_id);
        errs_add(errs, "no %s \"%s\" in project %s (`insats list %s` shows them)",
                 _(k->singular), code, pc, k->plural);
        free(pc);
        rc = INSATS_EINPUT;
        goto done;
    } else {
        rec = json_incref(json_array_get(built, 0));
    }
    rc = show_summary(db, project_id, d, code, &summary, errs);
    if (rc == INSATS_OK && d->kind == KIND_PERSON && summary)
        rc = show_person_lists(db, actor, project_id, code, summary, errs);
    if (rc == INSATS_OK && d->kind == KIND_GOAL) {
        summary = json_object();
        rc = goal_figures(db, project_id, code, summary, errs);
    }
    if (rc != INSATS_OK) {
        json_decref(summary);
        goto done;
    }
    rc = browse_scope_lists(db, actor, project_id, rec, errs);
    if (rc != INSATS_OK) {
        json_decref(summary);
        goto done;
    }
    if (summary)
        json_object_set_new(rec, "_summary", summary);
    /* The names beside the ids are of people too, often. */
    json_t *names = actor_sees_names(actor) ? ref_names(db, actor, project_id, d->kind, rec)
                                           : NULL;
    if (names)
        json_object_set_new(rec, "_names", names);
    *out = rec;
    rec = NULL;
done:
    json_decref(rec);
    json_decref(built);
    return rc;
}
