/* audit.h — the audit trail: who changed what, when, with the values before and after.
 *
 * The entries are written by the database itself (schema/0008_audit.sql: a trigger on every
 * table of the project's data), in the same transaction as the change, so that every write of
 * every interface — web, API, command line — is recorded and a rolled-back change leaves none.
 * Who acts is set on the connection with audit_set_actor(); a write on a connection without an
 * actor is refused. Personnummer never appear in clear (only "set" or "changed"). Nothing in
 * insats edits or deletes an entry, and the database refuses it.
 *
 * Bulk imports (a bundle, an attendance CSV file) are recorded as one entry each — the file and
 * what it changed in numbers — instead of one per row: see audit_bulk_begin(). */
#ifndef INSATS_AUDIT_H
#define INSATS_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* Sets who the connection's following writes are made by, and through which interface:
 * "web", "api" or "cli" (the command line sets actor_cli() in main.c). Copies what it needs.
 * A server sets it at the start of each request on its worker's connection and clears it at
 * the end, so that no request's writes are recorded under the previous one's name. */
void audit_set_actor(Db *db, const Actor *actor, const char *interface);
void audit_clear_actor(Db *db);

/* The transaction of a bulk import — the bundle import (and so the demo data) and the
 * attendance CSV import, whose million rows would cost seven times the import's time and eight
 * times the database's size as entries of their own. audit_bulk_begin() begins it
 * (db_tx_begin()) with the triggers writing no entry per row; audit_bulk_commit() writes the
 * import's one entry — action "import", kind `kind` ("bundle", "attendance_csv"), record_code
 * `source` (the file as the user named it) and `summary` (what it inserted and updated; taken)
 * as its "after" — and commits, or rolls back when either fails; audit_bulk_rollback() rolls
 * back. Statuses as db_tx_begin() and db_tx_commit(). */
int audit_bulk_begin(Db *db, Errs *errs);
int audit_bulk_commit(Db *db, const char *kind, const char *source, json_t *summary,
                      Errs *errs);
void audit_bulk_rollback(Db *db);
/* audit_bulk_commit() for a write that must not be traced to a moment or a record (an
 * anonymous survey answer, survey_link.h): one entry of action "insert", kind `kind`, no record
 * id or code, `summary` (taken) as its "after", and its time cut to the day. */
int audit_bulk_commit_day(Db *db, const char *kind, json_t *summary, Errs *errs);

/* Records an event that is not a write to the data: "reveal" (a full personnummer shown on
 * request) of the record `kind`/`record_id`/`code`, with `detail` (not taken; may be NULL) as
 * its "after". Written at once, in its own transaction unless one is open, under the
 * connection's actor. INSATS_OK or INSATS_ESTORAGE. */
int audit_record(Db *db, const char *action, const char *kind, int64_t record_id,
                 const char *code, const json_t *detail, Errs *errs);

/* One entry as audit_list() hands it over. The strings are valid during the callback only;
 * before and after are JSON text or NULL. */
typedef struct AuditEntry {
    int64_t id;
    const char *at;          /* UTC, "2026-12-01T10:55:12Z" */
    int64_t user_id;         /* 0: the command line */
    const char *login;
    const char *name;
    const char *interface;   /* web, api, cli, system */
    const char *kind;
    int64_t record_id;       /* 0: none */
    const char *code;        /* NULL: none */
    const char *action;      /* insert, update, delete, import, reveal */
    const char *before;
    const char *after;
    bool withheld;           /* before and after left out (NULL) for an actor who sees no
                                names: the entry's kind may name people (audit_list()) */
} AuditEntry;

/* Which entries to list; every field may be left 0 / NULL. Entries come newest first. */
typedef struct AuditFilter {
    const char *user;    /* an actor's login */
    const char *kind;    /* person, activity, … as the entries name them */
    const char *from;    /* first day (ISO date, UTC) */
    const char *to;      /* last day (ISO date, UTC), inclusive */
    int limit;           /* at most this many (1–1000; 0: 100) */
    int64_t cursor;      /* only entries older than this one: the `next` of the page before */
} AuditFilter;

/* Called once per entry; return 0 to go on, anything else to stop (audit_list returns it). */
typedef int (*AuditFn)(void *ctx, const AuditEntry *e);

/* Lists the trail for the actor: admins and managers only (others: INSATS_EFORBIDDEN with a
 * message). An administrator sees no names of people (actor_sees_names()): every entry's who,
 * when, which record and what was done, but the values before and after only of the accounts
 * and of the project's frame (periods, organisations, interventions, budget categories and
 * versions); of every other kind they are withheld (AuditEntry.withheld). Bad filter values (a date that is not one, from after to, a limit out of range)
 * are INSATS_EINPUT with a message naming the field; a kind no entry has gets the kinds there
 * are and a "did you mean". *next, when not NULL, is the cursor of the following page, or 0
 * when this was the last. */
int audit_list(Db *db, const Actor *who, const AuditFilter *f, AuditFn fn, void *ctx,
               int64_t *next, Errs *errs);

/* audit_list() as the API's JSON: {"items": [{"id", "at", "user_id", "login", "name",
 * "interface", "kind", "record_id", "code", "action", "before", "after"[, "withheld": true]}…],
 * "next": cursor or null}, before/after as JSON values. *out is a new reference the caller json_decref()s. */
int audit_list_json(Db *db, const Actor *who, const AuditFilter *f, json_t **out, Errs *errs);

#endif
