/* todo.h — "att göra": what waits for one user, gathered from every routine of the project
 * (docs/workflows.md). Each kind of item is one source: a function that appends the actor's
 * items of that kind, listed in SOURCES in todo.c. A routine adds a kind by writing its source
 * (in its own module, declared here) and adding one row there, and the web page and the
 * navigation's count show it with no other change.
 *
 * An item is a JSON object:
 *   {"kind":  "proposal_forward",        // the source's kind, stable (the page groups by it)
 *    "title": "Excel grund",             // what it is about, as shown
 *    "detail": "Älvby kommun",           // a line under it, or null
 *    "ref_kind": "proposal", "ref": "f2",// the record where it is done: a kind of kinds.c
 *                                        //   (a session's ref is "ACTIVITY:SESSION")
 *    "date": "2026-11-20",               // since when it waits, or when it is due
 *    "days": 4}                          // days from date to today (negative: due ahead)
 * Items come grouped by source, in SOURCES' order, each source's oldest first. */
#ifndef INSATS_TODO_H
#define INSATS_TODO_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* Appends the actor's items of one kind to `items`, at most `limit` of them; adds to *total
 * the number there are (beyond the limit too). `today` is ISO. */
typedef int (*TodoSourceFn)(Db *db, const Actor *actor, int64_t project_id, const char *today,
                            json_t *items, size_t limit, int64_t *total, Errs *errs);

/* A kind of item: its key, its heading (Swedish) and its source. */
typedef struct TodoKind {
    const char *kind;
    const char *heading;
    TodoSourceFn source;
} TodoKind;

/* The kinds, in the order of the page; *n gets their number. */
const TodoKind *todo_kinds(size_t *n);

/* The actor's items (at most `limit` per kind) in *out, and how many there are in all in
 * *total (when not NULL). `today` NULL: date_today(). */
int todo_list(Db *db, const Actor *actor, int64_t project_id, const char *today, size_t limit,
              json_t **out, int64_t *total, Errs *errs);

/* The number of the actor's items today, for the navigation: kept in memory shared by the
 * threads per account and day until a change is committed (db_generation()). */
int todo_count(Db *db, const Actor *actor, int64_t project_id, int64_t *count, Errs *errs);

/* The sources of this module (todo.c): proposals to forward (a coordinator's organisation's,
 * submitted), to decide (a manager's: forwarded), deferred to decide again (a manager's),
 * returned to be edited (the one who submitted it); sessions of the past (up to today) of
 * activities not cancelled whose attendance nobody has registered (a trainer's assigned
 * activities; a coordinator's organisation's activities where none of its people is marked).
 * Another routine's source lives in its own module, declared here, with its row in SOURCES. */

/* survey_remind.c: the surveys still open that close within a week and concern the actor by the
 * surveys' recipient rule (the activity's trainers, else its coordinators), each with its
 * response rate, the lowest rate first. */
int survey_remind_todo(Db *db, const Actor *a, int64_t project_id, const char *today,
                       json_t *items, size_t limit, int64_t *total, Errs *errs);

/* meeting_agenda.c: the open action items of meetings whose owner is the account's person
 * (meeting.h, MEETING_ACCOUNT_PERSON_SQL), due within a week or overdue, the oldest due
 * first; each names its meeting ("ref_kind": "meeting"). */
int meeting_todo_actions(Db *db, const Actor *actor, int64_t project_id, const char *today,
                         json_t *items, size_t limit, int64_t *total, Errs *errs);

/* Runs a source's query, whose rows are (title, detail, ref, date, total count), binding ?1
 * the project, ?2 today, ?3 the limit, ?4 an organisation id, ?5 a login (when not NULL) or
 * the user id; each row becomes an item of `kind` naming a record of `ref_kind`. */
int todo_rows(Db *db, const char *sql, const char *kind, const char *ref_kind,
              int64_t project_id, const char *today, size_t limit, int64_t org,
              const char *login, int64_t user, json_t *items, int64_t *total, Errs *errs);

/* Appends one item (todo.h's shape) to items: for the sources. */
void todo_item_add(json_t *items, const char *kind, const char *title, const char *detail,
                   const char *ref_kind, const char *ref, const char *date, const char *today);

#endif
