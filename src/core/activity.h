/* activity.h — activities with their sessions and attendance. */
#ifndef INSATS_ACTIVITY_H
#define INSATS_ACTIVITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "util.h"
#include "validate.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the activity at `path` (activities[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its organisations replace the stored ones, its sessions
 * and attendance rows are inserted or updated (by session id, by person and session). `index` is
 * its position in its list. */
void activity_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* The project's activity with this code; 0 if none. */
int64_t activity_find(Db *db, int64_t project_id, const char *code);

/* The session `session_code` of the project's activity `activity_code`; 0 if none. */
int64_t activity_session_find(Db *db, int64_t project_id, const char *activity_code,
                              const char *session_code);

/* Records a person's attendance at a session (insert or overwrite). Returns INSATS_OK,
 * INSATS_EINPUT when the database rejects the row (unknown session or person, a frozen
 * period), or INSATS_ESTORAGE; for both, why the row failed is appended to *why, for the
 * caller to put behind the row's file and line or JSON path. Nothing is formatted for a row
 * that succeeds: an import writes a million of them. */
int attendance_set(Db *db, int64_t session_id, int64_t person_id, bool present, Buf *why);

/* Validates one session given on its own (record_save's kind "session": the session's keys
 * and "activity", its activity's id) and saves it like a session of activities[i].sessions. */
void activity_session_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* Whether the actor may register the attendance of (and save the sessions of) the activity:
 * any actor whose role may (record_may_write), except that a trainer only of the activities
 * assigned to them (account_trainer_assign). */
bool activity_actor_may_mark(Db *db, const Actor *actor, int64_t project_id,
                             const char *activity_code);

/* One row of the attendance screen: a person expected at a session and the current mark. */
typedef struct AttendanceMark {
    const char *person;   /* the person's id */
    bool present;
} AttendanceMark;

/* Registers the attendance of one session in one transaction: each mark inserts or overwrites
 * the person's row for the session (activity_code, session_code). Refused, changing nothing:
 * a role that may not register attendance (INSATS_EFORBIDDEN); an unknown session, an unknown
 * person, a person marked twice, a person of another organisation than a coordinator's (as if
 * unknown), a session in a frozen reporting period (INSATS_EINPUT, each message with its field,
 * "marks[3].person"). *saved is the number of rows written (0 unless INSATS_OK). */
int attendance_save_session(Db *db, const Actor *actor, int64_t project_id,
                            const char *activity_code, const char *session_code,
                            const AttendanceMark *marks, size_t n, int *saved, Errs *errs);

/* A person expected at a session, with the mark registered so far. */
typedef struct AttendanceExpected {
    char person[VALIDATE_CODE_MAX * 4 + 1];        /* id */
    char name[VALIDATE_NAME_MAX * 4 + 1];
    char organisation[VALIDATE_CODE_MAX * 4 + 1];  /* the organisation's id */
    char unit[VALIDATE_NAME_MAX * 4 + 1];          /* "" when the person has none */
    char organisation_name[VALIDATE_NAME_MAX * 4 + 1];
    int mark;                                     /* 1 present, 0 absent, -1 not yet marked */
} AttendanceExpected;

/* The people expected at the session: the schema has no registration for an activity, so
 * they are the people who attended any session of the activity, and those marked (present or
 * absent) for this one; for a coordinator only those of their organisation. In Swedish name
 * order (å, ä, ö after z: the collation sv).
 * *out (caller frees) gets *n rows. INSATS_EFORBIDDEN for a role that may not register
 * attendance, INSATS_EINPUT for an unknown session (or an activity a trainer is not assigned
 * to), INSATS_ESTORAGE. */
int attendance_expected(Db *db, const Actor *actor, int64_t project_id,
                        const char *activity_code, const char *session_code,
                        AttendanceExpected **out, size_t *n, Errs *errs);

/* The people `people` (ids; a search's, or rows a screen already shows) as rows of the
 * session's screen, with their marks for it so far, in the order given: only those the actor
 * may mark (the rule of attendance_save_session(): a coordinator's organisation's people);
 * an unknown id or one outside that scope is left out, as is an id given twice. Returns as
 * attendance_expected(). */
int attendance_people(Db *db, const Actor *actor, int64_t project_id,
                      const char *activity_code, const char *session_code,
                      const char *const *people, size_t npeople, AttendanceExpected **out,
                      size_t *n, Errs *errs);

/* The reporting period whose lägesrapport is frozen now (not reopened) and holds the
 * session's date, the period the database refuses its attendance changes for (schema 0003:
 * frozen_span); 0 when there is none or no such session. */
int attendance_frozen_period(Db *db, int64_t project_id, const char *activity_code,
                             const char *session_code);

#endif
