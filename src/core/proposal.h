/* proposal.h — proposals of training from the organisations: the bundle's reader and writer,
 * and the one state machine that takes a proposal from the unit that wishes it through its
 * organisation's coordinator to project management (docs/workflows.md "Training proposals and
 * their approval"); the project's intake of proposals, which a manager pauses and opens.
 *
 *   (new) ──submit──▶ submitted ──forward──▶ forwarded ──approve──▶ approved
 *                      │    ▲                    │  ▲ ──reject───▶ rejected
 *                return│    │submit (edited)     │  │
 *                      ▼    │               defer▼  │approve, reject, defer
 *                     returned                  deferred
 *
 * submit:   any account of a partner organisation (its organisation is the proposal's), while
 *           the intake is open; again after a return by the one who submitted it or the
 *           organisation's coordinator, with the fields edited.
 * forward, return: the coordinator of the proposal's organisation, while it is submitted;
 *           a return needs the reason.
 * approve, reject, defer: a manager, while it is forwarded or deferred; reject and defer
 *           need the reason. A deferred proposal waits in the manager's queue for a later
 *           decision; approved and rejected are final.
 *
 * Every step is one transaction that writes the proposal's status and a history row (who —
 * the account's login and name —, when to the second, the note) and lands in the audit trail.
 * A refused step changes nothing and says why, checked in this order: a proposal the actor
 * may not see (another organisation's) is answered as one that does not exist (INSATS_EINPUT,
 * field "id"); a role that may not take the step INSATS_EFORBIDDEN; a state that does not
 * allow it, or a paused intake, INSATS_ECONFLICT; a missing reason INSATS_EINPUT (field
 * "note"). */
#ifndef INSATS_PROPOSAL_H
#define INSATS_PROPOSAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the proposal at `path` (proposals[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its history replaces the stored one. `index` is its
 * position in its list. The bundle restores a proposal as it was: no step is checked. */
void proposal_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

typedef enum ProposalStep {
    PROPOSAL_SUBMIT,
    PROPOSAL_FORWARD,
    PROPOSAL_RETURN,
    PROPOSAL_APPROVE,
    PROPOSAL_REJECT,
    PROPOSAL_DEFER,
    PROPOSAL_STEP_COUNT
} ProposalStep;

/* "submit", "forward", "return", "approve", "reject", "defer". */
const char *proposal_step_name(ProposalStep step);
/* Parses a step's name; false when it is not one. */
bool proposal_step_parse(const char *name, ProposalStep *out);

/* The roles that take a step (as ROLE_BIT()s); the organisation is checked besides (a
 * coordinator's own, a resubmission's submitter). */
unsigned proposal_step_roles(ProposalStep step);

/* Every role that takes one of the steps after the submission: the union of their
 * proposal_step_roles() (a unit test holds it to that), for the route table's one row of the
 * steps, whose handler checks the step's own roles before proposal_act(). */
#define PROPOSAL_ACT_ROLES (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_MANAGER))

/* The Swedish label of the button that takes the step ("Skicka vidare till
 * projektledningen"); NULL for no step. Static. */
const char *proposal_step_label(ProposalStep step);

/* Whether the step needs its reason (the note). */
bool proposal_step_needs_reason(ProposalStep step);

/* The form of a proposal, in the bundle's shape: "title" (required), "area" (a competence
 * area's name), "unit", "target_group", "estimated_participants" (whole number),
 * "estimated_hours" (hours, two decimals), "estimated_cost" (kronor, two decimals),
 * "wished_period" (free text: "hösten 2027"), "description", and "id": absent for a new
 * proposal (one is given: f1, f2 …), a new id of the caller's choice, or the id of a returned
 * proposal to submit it again with these fields. The organisation is the actor's. On success
 * the proposal's id is copied to code_out (cut to code_cap). */
int proposal_submit(Db *db, const Actor *actor, int64_t project_id, const json_t *form,
                    char *code_out, size_t code_cap, Errs *errs);

/* Takes one of the steps after the submission (forward, return, approve, reject, defer) on
 * the proposal `code`, with the note (the reason; NULL or blank: none). */
int proposal_act(Db *db, const Actor *actor, int64_t project_id, const char *code,
                 ProposalStep step, const char *note, Errs *errs);

/* The proposal as the actor may see it — the manager every one, a coordinator their
 * organisation's, anyone the ones they submitted — with its history and the steps the actor
 * may take now:
 *   {id, title, area, organisation, organisation_name, unit, target_group,
 *    estimated_participants, estimated_hours, estimated_cost, wished_period, description,
 *    submitted, submitted_by, status, waiting_since, waiting_days,
 *    history: [{date, at, status, by, by_name, note}], steps: ["forward", "return"]}
 * `waiting_since` is the date of its last step, `waiting_days` the days from it to today.
 * Not found (or not the actor's to see): INSATS_EINPUT. *out is the caller's. */
int proposal_get(Db *db, const Actor *actor, int64_t project_id, const char *code,
                 json_t **out, Errs *errs);

/* The proposals the actor may see (proposal_get's rule), newest first, each
 * {id, title, organisation, organisation_name, status, submitted, submitted_by,
 *  waiting_since, waiting_days}; `status` NULL for every state. */
int proposal_list(Db *db, const Actor *actor, int64_t project_id, const char *status,
                  json_t **out, Errs *errs);

/* ---- the intake ---------------------------------------------------------------------------- */

typedef struct ProposalIntake {
    bool paused;          /* in force today (a pause whose reopening date has come is not) */
    char message[2048];   /* shown on the form while paused */
    char until[11];       /* the date it opens again by itself; "" when none */
} ProposalIntake;

/* The intake as it stands today (date_today(), INSATS_TODAY respected). */
int proposal_intake_get(Db *db, int64_t project_id, ProposalIntake *out, Errs *errs);

/* A manager pauses the intake with a message (required, one paragraph) and optionally the
 * date it opens again (after today); a manager opens it. INSATS_EFORBIDDEN for another role. */
int proposal_intake_pause(Db *db, const Actor *actor, int64_t project_id, const char *message,
                          const char *until, Errs *errs);
int proposal_intake_open(Db *db, const Actor *actor, int64_t project_id, Errs *errs);

/* Booking: whether an activity may be made from (or moved to) the proposal with id `code`:
 * INSATS_OK for an approved one; INSATS_ECONFLICT with the reason for one in another state,
 * or when no proposal is given; INSATS_EINPUT for one that does not exist. Messages name the
 * field "proposal". */
int proposal_bookable(Db *db, int64_t project_id, const char *code, Errs *errs);

#endif
