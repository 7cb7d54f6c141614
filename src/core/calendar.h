/* calendar.h — meetings as iCalendar (RFC 5545), built with libical: a feed per group and per
 * account that calendar programs subscribe to through a secret address, and one meeting's
 * event for its invitation.
 *
 * Every meeting is one VEVENT whose UID never changes (the database's identity and the
 * meeting's row), whose SEQUENCE grows with each change of what a calendar shows (the
 * database counts it: the table meeting_ical and its triggers, in the meeting calendar's
 * migration), and whose STATUS is CANCELLED once it is cancelled, with
 * the reason in its DESCRIPTION beside the agenda. Times are Swedish local time
 * (TZID=Europe/Stockholm, with its VTIMEZONE); a meeting without a start time is a whole day.
 * No names of people are in it. */
#ifndef INSATS_CALENDAR_H
#define INSATS_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* The feed of group `group` (its id), or with group NULL the actor's own: a manager's every
 * meeting of the project, a coordinator's the meetings of the groups their organisation has a
 * member in. *ics is the VCALENDAR text (CRLF lines folded at 75 octets); caller frees.
 * INSATS_EFORBIDDEN for a role that does not read meetings; INSATS_EINPUT for an unknown
 * group. */
int calendar_feed(Db *db, const Actor *actor, int64_t project_id, const char *group,
                  char **ics, Errs *errs);

/* One meeting's event in a VCALENDAR of its own (METHOD:PUBLISH), for its invitation. */
int calendar_meeting(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                     char **ics, Errs *errs);

/* ---- the secret addresses -------------------------------------------------------------- */

/* Length of a feed's token: 64 lower-case hex digits (256 random bits). */
#define CALENDAR_TOKEN_LEN 64

/* Makes a new secret address for the feed of `group` (NULL: the actor's own) on behalf of
 * the actor's account: token gets its token, shown once (only its hash is kept). Refused:
 * the command line's actor (no account) and a role that does not read meetings
 * (INSATS_EFORBIDDEN), an unknown group (INSATS_EINPUT). */
int calendar_link_create(Db *db, const Actor *actor, int64_t project_id, const char *group,
                         char token[CALENDAR_TOKEN_LEN + 1], time_t now, Errs *errs);

/* Revokes the actor's own address `id`: it answers as unknown from now on. INSATS_EINPUT when
 * the actor has no such valid address. */
int calendar_link_revoke(Db *db, const Actor *actor, int64_t id, time_t now, Errs *errs);

typedef struct CalendarLink {
    int64_t id;
    char group[65];          /* "" for the account's own feed */
    char group_name[201];
    int64_t created;         /* Unix time */
} CalendarLink;

/* The actor's valid addresses, newest first; *out (caller frees) and *n. */
int calendar_link_list(Db *db, const Actor *actor, int64_t project_id, CalendarLink **out,
                       size_t *n, Errs *errs);

/* The feed behind a token, read with the rights its account has now: INSATS_OK with *ics, or
 * INSATS_EINPUT (no message) for a token that is unknown, revoked, malformed or whose account
 * is disabled or no longer reads meetings — the caller answers them all alike (404). */
int calendar_link_feed(Db *db, const char *token, char **ics, Errs *errs);

#endif
