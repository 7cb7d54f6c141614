/* records.h — removing a record a user entered by mistake (an import of the wrong file, a
 * person registered twice). Imports only ever add and update; this is the one way to delete. */
#ifndef INSATS_RECORDS_H
#define INSATS_RECORDS_H

#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* Deletes the record of `kind` (singular or plural, as kinds.h names them: person, activity, …)
 * with id `code` from the project, in one transaction, together with what belongs to it
 * (an activity's sessions and attendance, a meeting's agenda, a survey's responses).
 * Refuses — changing nothing — when other records still refer to it (a person with
 * attendance, an intervention with activities): INSATS_EINPUT with a message that says what
 * refers to it. A record dated in a frozen reporting period is refused the same way. An
 * unknown kind is INSATS_EUSAGE; an unknown id INSATS_EINPUT. On success *removed is the
 * number of rows removed, the record's own and its dependants'.
 * On the actor's behalf: a role that may not write the kind (record_may_write() in record.h)
 * is refused with INSATS_EFORBIDDEN; a coordinator's delete of another organisation's person,
 * proposal or certificate finds no such record (INSATS_EINPUT, the message of an unknown id). */
int records_delete(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                   const char *code, int64_t *removed, Errs *errs);

/* Deletes a part of a record kept by its own id — a session of an activity ("session", parent
 * the activity's id), an action of a meeting ("action", the meeting's id), a question of a
 * survey ("question", the survey's id; refused while it has answers) — or a record of the
 * budget ("budget_category", "budget_version"; parent NULL), as records_delete() does: in one
 * transaction, refused with what refers to it (a category with budget lines or costs; a
 * session with people marked present — its absences go with it), or by a frozen period.
 * The role rule is record_may_write()'s for the session, the meeting or the budget kind (a
 * trainer: the sessions of the activities assigned to them). INSATS_EUSAGE for an unknown
 * kind or a parent given where none belongs (or missing); INSATS_EINPUT for an unknown id. */
int records_delete_part(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                        const char *parent, const char *code, int64_t *removed, Errs *errs);

#endif
