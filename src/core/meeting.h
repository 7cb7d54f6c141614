/* meeting.h — meetings with their attendees, agenda, decisions and actions. */
#ifndef INSATS_MEETING_H
#define INSATS_MEETING_H

#include <jansson.h>
#include <stddef.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the meeting at `path` (meetings[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id; its attendees and agenda (with decisions) replace the
 * stored ones, its actions are inserted or updated by id. `index` is its position in its list. */
void meeting_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* ---- the workflow: series, cancelling ------------------------------------------------------ */

/* A group's meetings of a year, entered at once. */
typedef struct MeetingSeries {
    const char *group;   /* the group's id */
    const char *dates;   /* the dates as written: "15 februari, 3 maj och 6 november" or ISO
                          * dates (datelist.h) */
    int year;            /* the year of dates written without one; 0: each carries its own */
    const char *start;   /* HH:MM, optional */
    const char *end;     /* HH:MM, optional, not before start */
    const char *place;   /* optional */
    const char *title;   /* NULL or "": the group's name */
} MeetingSeries;

/* Creates one planned meeting per date of the series, in one transaction, each with the id
 * "<group id>-<YYYY-MM-DD>" (the group's id cut to leave room for the date). All or nothing:
 * a list of dates that does not parse, an unknown group, a bad time or a date on which the
 * group has a meeting with that id already refuses the whole series (INSATS_EINPUT, every
 * problem in errs, each naming its field: "group", "dates", "year", "start", "end", "place");
 * a role that may not write meetings is INSATS_EFORBIDDEN. On success *codes (when not NULL)
 * is a new JSON array of the new meetings' ids in date order. */
int meeting_series_create(Db *db, const Actor *actor, int64_t project_id,
                          const MeetingSeries *s, json_t **codes, Errs *errs);

/* Cancels the planned meeting `code` with a reason (required, one line of at most 500
 * characters), which the minutes, the calendar and the invitation show; in the same
 * transaction everyone its invitation went to gets a message that it is cancelled, with the
 * reason and the event (STATUS:CANCELLED) attached. Refused: a meeting
 * already held or already cancelled, an unknown one, no reason (INSATS_EINPUT); a role that
 * may not write meetings (INSATS_EFORBIDDEN). */
int meeting_cancel(Db *db, const Actor *actor, int64_t project_id, const char *code,
                   const char *reason, Errs *errs);

/* ---- a group's rules, attendance, invitations (meeting_attendance.c) --------------------- */

#define MEETING_INVITE_DAYS_MAX 60
#define MEETING_ABSENCE_LIMIT_MAX 20

typedef struct MeetingSettings {
    int invite_days;     /* the invitation goes this many days before the meeting (0–60) */
    int absence_limit;   /* flagged after this many held meetings in a row away (1–20) */
} MeetingSettings;

/* The group's settings, its defaults (7, 3) when it has none of its own. INSATS_EINPUT for an
 * unknown group. */
int meeting_settings_get(Db *db, int64_t project_id, const char *group, MeetingSettings *out,
                         Errs *errs);
/* The ranges of the settings: INSATS_OK, or INSATS_EINPUT with a message per value outside
 * its range (fields "invite_days", "absence_limit"). meeting_settings_set() applies it. */
int meeting_settings_check(const MeetingSettings *s, Errs *errs);
/* Sets them: who may write groups (record_may_write), else INSATS_EFORBIDDEN; values out of
 * range or an unknown group INSATS_EINPUT (fields "invite_days", "absence_limit", "group"). */
int meeting_settings_set(Db *db, const Actor *actor, int64_t project_id, const char *group,
                         const MeetingSettings *s, Errs *errs);

/* The attendance at the group's held meetings (docs/report-format.md "Meeting attendance"):
 * per current member (meetings held while a member, present, excused, absent — not recorded
 * counts as absent —, the rate, how many of the latest in a row they missed, and the flag once
 * that reaches the group's absence limit), per organisation of a current member (present: one
 * of its members was there) and per year. A coordinator gets the names of their own
 * organisation's people only (others as null). *out: a new object. INSATS_EFORBIDDEN for a
 * role that does not read meetings, INSATS_EINPUT for an unknown group. */
int meeting_attendance(Db *db, const Actor *actor, int64_t project_id, const char *group,
                       json_t **out, Errs *errs);

/* Writes the invitations (kallelser) whose day has come on `today` into the outbox, inside the
 * caller's transaction, for project `project_id` (0: every project; the reminders' sweep,
 * reminders_run(), acts for no one): for every planned meeting of a group, not yet past, from
 * its group's invite days before it — or for the one meeting named, on any day before it —
 * one message to each current member with an e-mail address: when and where, the agenda
 * numbered, the open actions of earlier meetings, and the meeting's event as mote.ics. Each
 * member gets each meeting's invitation once, however often this runs (meeting_invitee keeps
 * who got which SEQUENCE); whoever got it before the meeting changed what a calendar shows
 * (its SEQUENCE grew) gets the updated invitation, whatever the day. *written counts the
 * messages written. A named meeting that is not a planned one of a group from today on:
 * INSATS_EINPUT. */
int meeting_invitations_due(Db *db, int64_t project_id, const char *meeting,
                            const char *today, size_t *written, Errs *errs);

/* The same in a transaction of its own, for `insats meeting invite`: who may write meetings,
 * else INSATS_EFORBIDDEN. */
int meeting_invitations_send(Db *db, const Actor *actor, int64_t project_id,
                             const char *meeting, const char *today, size_t *written,
                             Errs *errs);

/* ---- agenda suggestions and the agenda's order (meeting_agenda.c) ------------------------- */

#define MEETING_SUGGESTION_TITLE_MAX 200
#define MEETING_SUGGESTION_TEXT_MAX 2000
#define MEETING_DECLINE_REASON_MAX 500

/* The person of an account (SQL, the parameters named as "?N" strings): the one person of
 * the project whose e-mail address is the account's, letter case aside; NULL when no person
 * or more than one has it. Accounts and people are kept apart, and the address is what both
 * have: the rule is written here once for every query that asks for it. */
#define MEETING_ACCOUNT_PERSON_SQL(user, project)                                              \
    "(SELECT min(ap.id) FROM person ap JOIN app_user au ON au.email IS NOT NULL"             \
    " AND lower(ap.email) = lower(au.email) WHERE au.id = " user " AND ap.project_id = "     \
    project " HAVING count(*) = 1)"

/* Suggests an agenda point (a title, one line of at most 200 characters; text optional, at
 * most 2000) for meeting `meeting`, on `today`. Who may: whoever may write meetings, and an
 * account whose person (MEETING_ACCOUNT_PERSON_SQL) is a member of the meeting's group on
 * `today`; else INSATS_EFORBIDDEN. A meeting that is held, cancelled or past is
 * INSATS_ECONFLICT; an unknown meeting or a bad title or text INSATS_EINPUT (fields "id",
 * "title", "text"). *id (may be NULL) gets the suggestion's number. */
int meeting_suggest(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                    const char *title, const char *text, const char *today, int64_t *id,
                    Errs *errs);

/* The organiser's answers to suggestion `suggestion` of meeting `meeting` (who may write
 * meetings, else INSATS_EFORBIDDEN): accepted, it becomes the last point of the agenda (its
 * text the point's notes); declined, with a reason the suggester sees (required, one line of
 * at most 500 characters: field "reason"). Only an open suggestion of a planned meeting is
 * answered (else INSATS_ECONFLICT); an unknown one is INSATS_EINPUT. */
int meeting_suggestion_accept(Db *db, const Actor *actor, int64_t project_id,
                              const char *meeting, int64_t suggestion, const char *today,
                              Errs *errs);
int meeting_suggestion_decline(Db *db, const Actor *actor, int64_t project_id,
                               const char *meeting, int64_t suggestion, const char *reason,
                               const char *today, Errs *errs);

/* Moves the agenda's point number `from` (1 = the first) to number `to`, the others keeping
 * their order; the invitation and the minutes number them so. Who may write meetings, else
 * INSATS_EFORBIDDEN; a number outside the agenda INSATS_EINPUT (fields "from", "to"). */
int meeting_agenda_move(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                        long from, long to, Errs *errs);

/* The meeting's agenda and its suggestions as the actor may see them (a new object in *out):
 * {"meeting": {id, title, date, status, group, group_name}, "may_suggest", "may_order",
 * "agenda": [{title, notes}], "suggestions": [{id, title, text, by, suggested, status,
 * reason, decided_by, decided}]} — every suggestion for whoever may write meetings, else the
 * account's own. Read by whoever may write meetings or read them, a member of the group and a
 * suggester of the meeting; anyone else, and an unknown meeting, INSATS_EINPUT ("no such
 * meeting"), so that the answer tells nobody which meetings exist. */
int meeting_suggestions(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                        const char *today, json_t **out, Errs *errs);

/* The planned meetings from `today` on that the actor may suggest points for, by date: an
 * array of {id, title, date, group_name, open} (open: the account's suggestions not yet
 * answered) in *out (new). */
int meeting_suggestable(Db *db, const Actor *actor, int64_t project_id, const char *today,
                        json_t **out, Errs *errs);

#endif
