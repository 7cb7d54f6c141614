/* audit.c — the actor of a connection, bulk imports as one entry, and reading the trail (see
 * audit.h). The entries for rows are written by the triggers of schema/0008_audit.sql. */
#include "audit.h"
#include "db.h"
#include "stmt.h"
#include "util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char Q_AUDIT_INSERT[] =
    "INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, "
    "record_code, action, before, after) "
    "VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), "
    "insats_actor('name'), insats_actor('interface'), ?1, ?2, ?3, ?4, NULL, ?5)";
/* An anonymous answer's entry: dated to the day, as the answer itself is. */
static const char Q_AUDIT_INSERT_DAY[] =
    "INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, "
    "record_code, action, before, after) "
    "VALUES (strftime('%Y-%m-%dT00:00:00Z', 'now'), insats_actor('user'), insats_actor('login'), "
    "insats_actor('name'), insats_actor('interface'), ?1, NULL, NULL, 'insert', NULL, ?2)";
static const char Q_AUDIT_KINDS[] = "SELECT DISTINCT kind FROM audit_log ORDER BY kind";

void audit_set_actor(Db *db, const Actor *actor, const char *interface)
{
    assert(actor && interface);
    assert(!strcmp(interface, "web") || !strcmp(interface, "api") || !strcmp(interface, "cli"));
    db->actor = *actor;
    snprintf(db->interface, sizeof db->interface, "%s", interface);
    db->actor_set = true;
}

void audit_clear_actor(Db *db)
{
    memset(&db->actor, 0, sizeof db->actor);
    db->interface[0] = '\0';
    db->actor_set = false;
}

/* Writes one entry that no trigger writes, under the connection's actor. */
static int audit_insert(Db *db, const char *action, const char *kind, int64_t record_id,
                        const char *code, const json_t *after, Errs *errs)
{
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    Stmt *st = stmt_cached(db, Q_AUDIT_INSERT);
    stmt_bind_text(st, 1, kind);
    stmt_bind_id(st, 2, record_id);
    stmt_bind_text(st, 3, code);
    stmt_bind_text(st, 4, action);
    stmt_bind_text(st, 5, text);
    int rc = stmt_exec(st, errs, "cannot write the audit trail");
    free(text);
    return rc == INSATS_OK ? INSATS_OK : INSATS_ESTORAGE;
}

int audit_bulk_begin(Db *db, Errs *errs)
{
    int rc = db_tx_begin(db, errs);
    if (rc == INSATS_OK)
        db->audit_bulk++;
    return rc;
}

int audit_bulk_commit(Db *db, const char *kind, const char *source, json_t *summary,
                      Errs *errs)
{
    assert(db->audit_bulk > 0 && db_in_transaction(db));
    db->audit_bulk = 0;
    int rc = audit_insert(db, "import", kind, 0, source, summary, errs);
    json_decref(summary);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

int audit_bulk_commit_day(Db *db, const char *kind, json_t *summary, Errs *errs)
{
    assert(db->audit_bulk > 0 && db_in_transaction(db));
    db->audit_bulk = 0;
    char *text = json_dumps(summary, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(summary);
    Stmt *st = stmt_cached(db, Q_AUDIT_INSERT_DAY);
    stmt_bind_text(st, 1, kind);
    stmt_bind_text(st, 2, text);
    int rc = stmt_exec(st, errs, "cannot write the audit trail");
    free(text);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return INSATS_ESTORAGE;
}

void audit_bulk_rollback(Db *db)
{
    db_tx_rollback(db);   /* which ends the bulk mode too */
}

int audit_record(Db *db, const char *action, const char *kind, int64_t record_id,
                 const char *code, const json_t *detail, Errs *errs)
{
    if (db_in_transaction(db))
        return audit_insert(db, action, kind, record_id, code, detail, errs);
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = audit_insert(db, action, kind, record_id, code, detail, errs);
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    return rc;
}

/* The kinds the trail has entries of, NULL-terminated, for a "did you mean". Caller frees the
 * array and its strings with audit_kinds_free(). */
static char **audit_kinds(Db *db)
{
    size_t n = 0, cap = 16;
    char **v = xcalloc(cap + 1, sizeof *v);
    Stmt *st = stmt_cached(db, Q_AUDIT_KINDS);
    while (stmt_step(st) == STMT_ROW) {
        if (n == cap) {
            cap *= 2;
            v = xrealloc(v, (cap + 1) * sizeof *v);
        }
        v[n++] = xstrdup(stmt_text(st, 0));
        v[n] = NULL;
    }
    stmt_done(st);
    return v;
}

static void audit_kinds_free(char **v)
{
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

/* Checks a filter's values; INSATS_EINPUT with a message per bad field. */
static int audit_check_filter(Db *db, const AuditFilter *f, Errs *errs)
{
    int rc = INSATS_OK;
    if (f->from && !date_valid(f->from)) {
        errs_add(errs, "--from: \"%s\" is not a date (expected YYYY-MM-DD)", f->from);
        rc = INSATS_EINPUT;
    }
    if (f->to && !date_valid(f->to)) {
        errs_add(errs, "--to: \"%s\" is not a date (expected YYYY-MM-DD)", f->to);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK && f->from && f->to && strcmp(f->from, f->to) > 0) {
        errs_add(errs, "--from %s is after --to %s", f->from, f->to);
        rc = INSATS_EINPUT;
    }
    if (f->limit < 0 || f->limit > 1000) {
        errs_add(errs, "--limit: %d is out of range (1 to 1000)", f->limit);
        rc = INSATS_EINPUT;
    }
    if (f->cursor < 0) {
        errs_add(errs, "cursor: %lld is not a position in the audit trail", (long long)f->cursor);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK && f->kind) {
        char **kinds = audit_kinds(db);
        bool known = false;
        for (size_t i = 0; kinds[i] && !known; i++)
            known = strcmp(kinds[i], f->kind) == 0;
        const char *near = known ? NULL : word_nearest(f->kind, (const char *const *)kinds);
        if (near) {
            errs_add(errs, "--kind: the audit trail has no entries of kind \"%s\"; did you mean "
                     "\"%s\"?", f->kind, near);
            rc = INSATS_EINPUT;
        }
        audit_kinds_free(kinds);
    }
    return rc;
}

/* Whether the values of an entry of `kind` may name no one: the accounts (an administrator's
 * own domain) and the project's frame (periods, phases, organisations, interventions, the
 * budget's categories and versions). Every other kind holds names, people's ids with their
 * details, or free text that may name anyone. */
static bool audit_kind_impersonal(const char *kind)
{
    static const char *const impersonal[] = {
        "user", "api_token", "project", "phase", "reporting_period", "competence_area",
        "organisation", "intervention", "budget_category", "budget_version",
    };
    for (size_t i = 0; kind && i < sizeof impersonal / sizeof *impersonal; i++)
        if (strcmp(kind, impersonal[i]) == 0)
            return true;
    return false;
}

int audit_list(Db *db, const Actor *who, const AuditFilter *f, AuditFn fn, void *ctx,
               int64_t *next, Errs *errs)
{
    static const AuditFilter none = {0};
    if (!f)
        f = &none;
    if (next)
        *next = 0;
    if (who->role != ROLE_ADMIN && who->role != ROLE_MANAGER) {
        errs_add(errs, "the audit trail is open to managers and administrators only");
        return INSATS_EFORBIDDEN;
    }
    int rc = audit_check_filter(db, f, errs);
    if (rc != INSATS_OK)
        return rc;
    int limit = f->limit ? f->limit : 100;
    char to_next[11] = "";
    if (f->to)
        date_from_days(date_to_days(f->to) + 1, to_next);
    /* The query is put together from fixed pieces only; every value is bound. */
    Buf sql = {0};
    buf_puts(&sql, "SELECT id, at, user_id, actor_login, actor_name, interface, kind, record_id, "
                   "record_code, action, before, after FROM audit_log WHERE 1");
    if (f->user)
        buf_puts(&sql, " AND actor_login = ?1");
    if (f->kind)
        buf_puts(&sql, " AND kind = ?2");
    if (f->from)
        buf_puts(&sql, " AND at >= ?3");
    if (f->to)
        buf_puts(&sql, " AND at < ?4");
    if (f->cursor)
        buf_puts(&sql, " AND id < ?5");
    buf_puts(&sql, " ORDER BY id DESC LIMIT ?6");
    Stmt *st = stmt_prepare(db, sql.data);
    buf_free(&sql);
    if (f->user)
        stmt_bind_text(st, 1, f->user);
    if (f->kind)
        stmt_bind_text(st, 2, f->kind);
    if (f->from)
        stmt_bind_text(st, 3, f->from);
    if (f->to)
        stmt_bind_text(st, 4, to_next);
    if (f->cursor)
        stmt_bind_int(st, 5, f->cursor);
    stmt_bind_int(st, 6, limit + 1);   /* one more tells whether a next page exists */
    int n = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        AuditEntry e = {
            .id = stmt_int(st, 0),         .at = stmt_text(st, 1),
            .user_id = stmt_int(st, 2),    .login = stmt_text(st, 3),
            .name = stmt_text(st, 4),      .interface = stmt_text(st, 5),
            .kind = stmt_text(st, 6),      .record_id = stmt_int(st, 7),
            .code = stmt_text(st, 8),      .action = stmt_text(st, 9),
            .before = stmt_text(st, 10),   .after = stmt_text(st, 11),
        };
        if (++n > limit) {
            break;
        }
        if (!actor_sees_names(who) && !audit_kind_impersonal(e.kind)) {
            e.before = e.after = NULL;
            e.withheld = true;
        }
        if (next)
            *next = e.id;
        int stop = fn(ctx, &e);
        if (stop) {
            rc = stop;
            break;
        }
    }
    if (rc == INSATS_OK && r != STMT_ROW && r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot read the audit trail");
    /* A next page only when a row beyond this one's limit was seen. */
    if (next && n <= limit)
        *next = 0;
    stmt_free(st);
    return rc;
}

static json_t *audit_json_text(const char *text)
{
    if (!text)
        return json_null();
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

static int audit_entry_json(void *ctx, const AuditEntry *e)
{
    json_t *items = ctx;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(e->id));
    json_object_set_new(o, "at", json_string(e->at));
    json_object_set_new(o, "user_id", e->user_id ? json_integer(e->user_id) : json_null());
    json_object_set_new(o, "login", json_string(e->login));
    json_object_set_new(o, "name", json_string(e->name));
    json_object_set_new(o, "interface", json_string(e->interface));
    json_object_set_new(o, "kind", json_string(e->kind));
    json_object_set_new(o, "record_id", e->record_id ? json_integer(e->record_id) : json_null());
    json_object_set_new(o, "code", e->code ? json_string(e->code) : json_null());
    json_object_set_new(o, "action", json_string(e->action));
    json_object_set_new(o, "before", audit_json_text(e->before));
    json_object_set_new(o, "after", audit_json_text(e->after));
    if (e->withheld)
        json_object_set_new(o, "withheld", json_true());
    json_array_append_new(items, o);
    return 0;
}

int audit_list_json(Db *db, const Actor *who, const AuditFilter *f, json_t **out, Errs *errs)
{
    *out = NULL;
    json_t *items = json_array();
    int64_t next = 0;
    int rc = audit_list(db, who, f, audit_entry_json, items, &next, errs);
    if (rc != INSATS_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{so so}", "items", items, "next",
                     next ? json_integer(next) : json_null());
    return INSATS_OK;
}
