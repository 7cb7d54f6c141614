/* browse.h — looking records up for `insats list` and `insats show`, so that the command line
 * never sees SQL. `list` streams rows of text columns; `show` returns one record as its bundle
 * JSON object (built by the same code as the export) plus derived facts under "_summary".
 * Personnummer only ever leave here masked (YYYYMMDD-****). */
#ifndef INSATS_BROWSE_H
#define INSATS_BROWSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "kinds.h"

/* Every read here is made on an actor's behalf, and the actor's scope is part of its SQL:
 *   - a coordinator reaches the people, proposals and certificates of their own organisation
 *     only: another organisation's are not found — INSATS_EINPUT "no … in project", as for a
 *     record that does not exist — and the lists inside a record (an activity's attendance, a
 *     group's members, a meeting's attendees) keep only their organisation's people, and the
 *     names beside references ("_names") name only those;
 *   - a trainer reaches the activities assigned to them (activity_trainer), their sessions and
 *     the people who attended them; no proposals or certificates;
 *   - a reader or evaluator sees no names: a list of people or certificates and a person's or a
 *     certificate's record are refused (INSATS_EFORBIDDEN, with the reason), other records
 *     come without their lists of people and without "_names";
 *   - everyone else (manager, admin, economist) reaches every record of the project.
 * The command line reads as actor_cli(), a manager. */

/* Optional filters of `list`; NULL (or limit <= 0) means "not given". Which filters a kind
 * accepts:
 *   status        activities (planned, booked, held, cancelled), proposals (submitted,
 *                 forwarded, approved, rejected, deferred), meetings (planned, held, cancelled)
 *   organisation  people, activities (taking part), proposals, certificates (the person's)
 *   intervention  activities, sessions
 *   from, to      activities and sessions (session dates), costs, meetings, certificates,
 *                 deviations, dissemination (their date); inclusive, YYYY-MM-DD
 *   limit         every kind: at most this many rows
 *   offset        every kind: skip this many rows first (the pages of a list)
 *   search        every kind: the name or title (for sessions the activity's, for costs
 *                 the text, for deviations the description) or the id contains it, compared
 *                 without regard to case or accents (é finds e; å, ä, ö are letters of their
 *                 own), svsort.h; each word of it on its own, in any order ("Ek Karin"
 *                 finds Karin Ek); for people also a personnummer in any written form,
 *                 matched by its keyed hash (only the whole number finds anyone)
 *   by_name       every kind: sorted by that name in Swedish order (å, ä, ö after z), then as
 *                 usual, instead of by id */
typedef struct BrowseFilter {
    const char *status;
    const char *organisation;   /* organisation id (code) */
    const char *intervention;   /* intervention id (code) */
    const char *from;
    const char *to;
    long limit;
    long offset;
    const char *search;
    bool by_name;
} BrowseFilter;

/* Receives the rows of a list: the first call carries the column names, each further call one
 * row. values[i] is never NULL (an absent value is ""); the strings are valid only during the
 * call. A non-zero return stops the listing (browse_list then returns INSATS_OK). */
typedef int (*BrowseRowFn)(void *ctx, int ncols, const char *const *values);

/* Lists the records of one kind of the project (project_id is ignored for "projects"); `kind`
 * is a name of kinds.h, singular or plural ("activity", "activities"). Sorted
 * by id (sessions, costs, deviations, meetings and dissemination by date, then id). Column 0 is always the id that
 * `insats show` takes (for sessions: the activity's id, then the session's). A column holding
 * the id of another record ("organisation", "intervention", "person", "activity", "category",
 * "group") is followed by that record's name or title in a column of the same name with
 * "_name" ("organisation_name"; "" when the reference is empty), read in the same query
 * (sessions carry "activity_name" last, after their counts).
 * Returns INSATS_OK; INSATS_EUSAGE for an unknown kind, a filter the kind does not take or an
 * unknown status (the message lists what is valid, and names the kind meant when `kind` is
 * a near miss); INSATS_EINPUT for an unknown
 * organisation or intervention id; INSATS_EFORBIDDEN for a list of people to an actor who sees
 * no names; INSATS_ESTORAGE when reading fails. Rows outside the actor's scope are not there. */
int browse_list(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const BrowseFilter *f, BrowseRowFn fn, void *ctx, Errs *errs);

/* The number of records browse_list would list with the filters f, the limit aside (so that
 * a limited list can say how many there are in all). Returns as browse_list. */
int browse_count(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                 const BrowseFilter *f, int64_t *n, Errs *errs);

/* Returns in *out (a new reference the caller json_decref()s) the record of `kind` with id
 * `code` as in the bundle, personnummer masked, plus "_summary" with derived read-only facts:
 *   project       counts of every kind of record, reporting periods with from/to/report id
 *   organisation  people, activities taking part, proposals
 *   person        activities attended, sessions present, hours present, certificates, and
 *                 the lists "attendance" (every session the person is marked for, newest
 *                 first: date, activity, activity_title, session, hours, present),
 *                 "certificates_issued" (id, title, issued, activity, activity_title,
 *                 withdrawn: its date or null; "certificates" counts the others) and
 *                 "groups" (memberships: id, name, role, from, to); for a trainer only the
 *                 sessions and certificates of the activities assigned to them
 *   group         members now, meetings
 *   intervention  activities, sessions, hours and participants (non-cancelled activities)
 *   proposal      activities made from it
 *   activity      first/last date, sessions, hours, participants present, absences
 *   survey        questions, responses
 *   meeting       attendees present, decisions, open actions
 *   goal          as_of (today, within the project's dates), and the goal's achieved, met
 *                 and suppressed on that day from figures_compute(), as a report of the
 *                 project up to that day shows them
 * (certificate, cost, deviation and dissemination have no summary.)
 * And "_names", the names of the records the record refers to, in its own shape: for each
 * key holding an id (intervention, organisation(s), person, by, notes_by, owner, group,
 * proposal, activity, survey, category) the record's name or title, an array of them for an
 * array of ids (null where none), or the same nested for objects and arrays of objects;
 * absent when it refers to nothing. A person outside the actor's scope is not named (null), so
 * that a coordinator reading a proposal their organisation made does not learn the names of
 * another organisation's people who handled it.
 * Kinds: project (code ignored: the project is project_id), organisation, person, group,
 * intervention, proposal, activity, survey, certificate, goal, cost, deviation, meeting,
 * dissemination; the plural names are accepted too (kinds.h).
 * Returns INSATS_OK; INSATS_EUSAGE for an unknown kind or a missing code; INSATS_EINPUT when
 * no record has that id or it is outside the actor's scope (the same message);
 * INSATS_EFORBIDDEN for a person's or certificate's record to an actor who sees no names;
 * INSATS_ESTORAGE when reading fails. */
int browse_show(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const char *code, json_t **out, Errs *errs);

/* The scope of one record and of the lists inside records, for every read that gives records
 * (browse_show() and the API's browse_page() and browse_record()), so that all of them apply
 * the same rule:
 * browse_in_scope() sets *in to whether record `code` of `kind` is within the actor's scope
 * (a coordinator's organisation's person, proposal or certificate; a trainer's assigned
 * activity or a person who attended one; every other record of the project). INSATS_OK;
 * INSATS_EFORBIDDEN (with the reason) for a person's or certificate's record to an actor who
 * sees no names; INSATS_ESTORAGE.
 * browse_scope_lists() removes from rec (one record, or an array of them) what the actor may
 * not see inside it: the entries of another organisation's people (a coordinator) or of people
 * who did not attend the trainer's activities in attendance, members and attendees; a
 * meeting's presenter unless it is the name of a person the lists keep or of a guest (the
 * text may be anyone's name); for an actor who sees no names, all of those and every guest,
 * and a survey's individual responses, replaced by "results": the survey's results as the
 * reports give them (figures_surveys(), cells of few responses suppressed).
 * INSATS_OK or INSATS_ESTORAGE. */
int browse_in_scope(Db *db, const Actor *actor, int64_t project_id, RecordKind kind,
                    const char *code, bool *in, Errs *errs);
int browse_scope_lists(Db *db, const Actor *actor, int64_t project_id, json_t *rec, Errs *errs);

/* How personnummer appear in bundle JSON built by bundle_export_section(). */
typedef enum BundlePnr {
    BUNDLE_PNR_NONE = 0,    /* no "personnummer" key (the default export) */
    BUNDLE_PNR_MASKED,      /* "YYYYMMDD-****" or null (show) */
    BUNDLE_PNR_FULL,        /* "YYYYMMDD-NNNN" or null (export --with-personnummer) */
} BundlePnr;

/* The one builder of bundle JSON, shared by export and show (implemented in bundle_export.c).
 * `section` is a top-level key of the bundle ("project", "organisations", …, "narratives")
 * or "costs" (the budget's costs alone). Sets *out to a new reference: an object for
 * "project" and "budget", else an array of records sorted as in the export; with code
 * non-NULL only the record with that id (an empty array when there is none; code is ignored
 * for project, budget and narratives). Returns INSATS_OK, INSATS_EUSAGE for an unknown
 * section, INSATS_ESTORAGE when reading or decrypting fails (*out NULL). */
int bundle_export_section(Db *db, int64_t project_id, const char *section, const char *code,
                          BundlePnr pnr, json_t **out, Errs *errs);

/* bundle_export_section() of the records whose code is in after < code <= upto (either NULL:
 * open) and, with org_id non-zero, of that organisation only (people, proposals and the
 * certificates of its people; other sections ignore it). The one builder behind pages of
 * records (browse_page). */
int bundle_export_range(Db *db, int64_t project_id, const char *section, const char *code,
                        const char *after, const char *upto, int64_t org_id, BundlePnr pnr,
                        json_t **out, Errs *errs);

/* ---- records in the bundle's shape, page by page, on an actor's behalf (the JSON API) ---- */

/* Who may read the records of a kind: the one rule, used by browse_page() and browse_record()
 * and named by the route table's rows that show them, pages and API alike (routes.c), from
 * SPEC.md's role table:
 *   BROWSE_READ_NAMES       people, groups with their members, proposals, certificates and
 *                           meetings (attendees, presenters, action owners: the minutes): the
 *                           manager and the coordinators (a coordinator's own organisation's
 *                           people, proposals and certificates only);
 *   BROWSE_READ_ACTIVITIES  activities with their sessions: every role of the project's work,
 *                           a trainer the activities assigned to them only, and the lists of
 *                           people inside only for the roles that see names (browse_scope_lists);
 *   BROWSE_READ_SURVEYS     surveys: the same roles; every role gets the results with their
 *                           small cells suppressed instead of the individual responses;
 *   BROWSE_READ_BUDGET      the budget and its cost entries (salaries among them): the manager
 *                           and the economist, not a trainer or a coordinator;
 *   BROWSE_READ_FIGURES     records without personal data (organisations, interventions,
 *                           goals, deviations, dissemination, narratives) and the figures:
 *                           every role but admin, whose part is the accounts and settings. */
#define BROWSE_READ_NAMES (ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_COORDINATOR))
#define BROWSE_READ_FIGURES (ROLES_ALL & ~ROLE_BIT(ROLE_ADMIN))
#define BROWSE_READ_ACTIVITIES BROWSE_READ_FIGURES
#define BROWSE_READ_SURVEYS BROWSE_READ_FIGURES
#define BROWSE_READ_MEETINGS BROWSE_READ_NAMES
#define BROWSE_READ_BUDGET (ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_ECONOMIST))

/* The roles (ROLE_BIT set) that may read records of `kind` (singular or plural); 0 for a kind
 * that has no pages of records. */
unsigned browse_readers(const char *kind);

/* The largest page browse_page() gives, and the one it gives without a limit. */
#define BROWSE_PAGE_MAX 500
#define BROWSE_PAGE_DEFAULT 50

/* One page of the records of `kind` (organisations, people, groups, interventions, proposals,
 * activities, surveys, certificates, goals, costs, deviations, meetings, dissemination; the
 * singular names too) in the bundle's shape, personnummer masked, sorted by id: at most `limit`
 * (1 … BROWSE_PAGE_MAX) records whose id comes after `cursor` (NULL: from the first). *items
 * gets a new array; *next (caller frees) the cursor of the next page — the id of the last
 * record given — or NULL on the last page. Keyset pagination: a page costs the same wherever it
 * is, and a record added meanwhile does not shift the pages. Goals keep their own order (their
 * position) and come on one page.
 * A coordinator gets only the people, proposals and certificates of their own organisation, a
 * trainer only the activities assigned to them; inside the records, the lists of people are
 * those of browse_scope_lists().
 * INSATS_EFORBIDDEN for a role browse_readers() does not name; INSATS_EUSAGE for an unknown kind
 * or a limit out of range; INSATS_ESTORAGE when reading fails. */
int browse_page(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                const char *cursor, long limit, json_t **items, char **next, Errs *errs);

/* The record of `kind` with id `code`, in the bundle's shape as browse_page() gives it (new
 * reference in *out). A record outside the actor's scope is answered as one that does not
 * exist: INSATS_EINPUT with the message of `insats show`. INSATS_EFORBIDDEN, INSATS_EUSAGE,
 * INSATS_ESTORAGE as browse_page(). */
int browse_record(Db *db, const Actor *actor, int64_t project_id, const char *kind,
                  const char *code, json_t **out, Errs *errs);

/* Hundredths (öre, hundredths of an hour) as the bundle writes them: a JSON integer when
 * whole, else a real that prints with its two decimals exactly (349.5, 0.05). New reference. */
json_t *bundle_hundredths(int64_t v);

#endif
