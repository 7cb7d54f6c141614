/* record.h — the generic write API for the web forms, the JSON API and the workflows: a record
 * of any kind in the bundle's shape (docs/bundle-format.md, with the bundle's string ids for
 * its references), validated by exactly the bundle import's rules — the same area module
 * reads it — and saved in one transaction on behalf of an Actor; the description of each
 * kind's fields that forms are generated from; and the one role rule for writes.
 *
 * Messages name the field they are about (Errs.fields holds the JSON key, with its path for a
 * nested one: "sessions[2].date"), so that a form can show each next to its field. */
#ifndef INSATS_RECORD_H
#define INSATS_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "vocab.h"

/* Saves one record of `kind` — its singular name: organisation, person, group, intervention,
 * proposal, activity, session, survey, certificate, goal, budget_category, budget_version,
 * cost, deviation, meeting, dissemination, narrative — to the project, in one transaction.
 * `create`: the record's "id" must be new (else "duplicate id"); otherwise it must exist (else
 * "not found"); a narrative (no id, keyed by period and section) is saved either way. A
 * session carries its activity's id in "activity". Lists inside a record replace the stored
 * ones as the bundle import does (an activity's organisations, a meeting's attendees …) or
 * are upserted by id (sessions, attendance, actions, questions, responses).
 * Refused, changing nothing: an actor whose role may not write the kind (record_may_write;
 * INSATS_EFORBIDDEN), a record outside the actor's organisation (INSATS_EINPUT, "no such …",
 * as if it did not exist), bad fields, an unknown reference, a record in a frozen reporting
 * period (INSATS_EINPUT, with what to do). An unknown kind is INSATS_EUSAGE; storage trouble
 * INSATS_ESTORAGE. On success the record's id is copied to code_out (when not NULL, cut to
 * code_cap; "" for a narrative). */
int record_save(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const json_t *record, bool create, char *code_out, size_t code_cap, Errs *errs);

/* Deletes the record of `kind` with id `code` (records_delete: what goes with it, what refuses
 * it; a budget_category or budget_version: records_delete_part) after the same role rule as
 * record_save. A session or a meeting's action, which belong to another record, are deleted by
 * records_delete_part(). */
int record_delete(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                  const char *code, int64_t *removed, Errs *errs);

/* The one role rule for writes, also for the web's route table: whether the actor may write a
 * record of `kind` (record_save's names, and "attendance") belonging to organisation org_id
 * (0: asks whether the role may write the kind at all). Manager: everything. Coordinator:
 * people, attendance and proposals of their own organisation. Economist: the budget
 * (budget_category, budget_version, cost). Trainer: sessions and attendance (of the
 * activities they are assigned to, which the core checks where it knows the activity). Admin,
 * reader and evaluator: nothing. */
bool record_may_write(const Actor *actor, const char *kind, int64_t org_id);

/* ---- what a form for a kind shows ------------------------------------------------------- */

typedef enum FieldType {
    FIELD_TEXT,        /* one line */
    FIELD_MULTILINE,   /* several lines, plain */
    FIELD_MARKDOWN,    /* a narrative or note in Markdown (previewed like the reports) */
    FIELD_DATE,        /* YYYY-MM-DD */
    FIELD_TIME,        /* HH:MM */
    FIELD_INTEGER,
    FIELD_DECIMAL,     /* a number with at most `decimals` decimals (hours, fractions) */
    FIELD_MONEY,       /* kronor with at most two decimals */
    FIELD_BOOL,
    FIELD_ENUM,        /* one of vocab `list` */
    FIELD_REF,         /* the id of a record of `ref` */
    FIELD_REF_LIST,    /* a list of ids of records of `ref` */
    FIELD_TEXT_LIST,   /* a list of lines of text (a meeting's decisions) */
} FieldType;

typedef struct RecordField {
    const char *key;      /* the JSON key of the bundle's shape */
    const char *label;    /* Swedish, as the form's label */
    FieldType type;
    bool required;
    int max_len;          /* characters, for text (0: none) */
    int decimals;         /* FIELD_DECIMAL */
    VocabList list;       /* FIELD_ENUM */
    const char *ref;      /* FIELD_REF, FIELD_REF_LIST: the kind referred to ("organisation") */
} RecordField;

/* The fields a form for `kind` shows, in order, ending with an entry whose key is NULL; NULL
 * for an unknown kind. Static. Lists a record holds (sessions, attendees, lines …) are edited
 * on pages of their own and are not among them: a row of such a list has the fields of the
 * record's kind, a dot and the list's key — "meeting.attendees", "meeting.agenda",
 * "meeting.actions", "group.members", "budget_version.lines", "goal.measure.values",
 * "survey.questions" (a session's are "session"'s). */
const RecordField *record_fields(const char *kind);

/* The kinds record_save takes, NULL-terminated (static). */
const char *const *record_kinds(void);

#endif
