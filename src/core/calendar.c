/* calendar.c — meetings as iCalendar through libical; the secret addresses of the feeds
 * (calendar.h). */
#include "calendar.h"
#include "account.h"
#include "browse.h"
#include "db.h"
#include "i18n.h"
#include "stmt.h"
#include "util.h"

#include <libical/ical.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALENDAR_TZ "Europe/Stockholm"
#define CALENDAR_HASH_BYTES 32

/* libical keeps global state (its built-in time zones are loaded on first use, its error
 * number); the server builds feeds on several threads, so one is built at a time. */
static pthread_mutex_t calendar_lock = PTHREAD_MUTEX_INITIALIZER;

static const char SQL_GROUP_ID[] = "SELECT id, name FROM grp WHERE project_id = ?1 AND code = ?2";

static const char SQL_IDENTITY[] = "SELECT lower(hex(token)) FROM database_identity";

/* ?2: one group (NULL: any); ?3: only groups with a member of this organisation (0: any);
 * ?4: one meeting (NULL: any). */
static const char SQL_MEETINGS[] =
    "SELECT m.id, m.title, m.meeting_date, m.start_time, m.end_time, m.place, m.status,"
    " m.cancel_reason, coalesce(mi.sequence, 0), mi.changed, g.name"
    " FROM meeting m LEFT JOIN grp g ON g.id = m.group_id"
    " LEFT JOIN meeting_ical mi ON mi.meeting_id = m.id"
    " WHERE m.project_id = ?1 AND (?2 IS NULL OR m.group_id = ?2)"
    " AND (?3 = 0 OR EXISTS (SELECT 1 FROM membership ms JOIN person p ON p.id = ms.person_id"
    "      WHERE ms.group_id = m.group_id AND p.organisation_id = ?3))"
    " AND (?4 IS NULL OR m.code = ?4)"
    " ORDER BY m.meeting_date, m.start_time, m.code";

static const char SQL_AGENDA[] =
    "SELECT title FROM agenda_item WHERE meeting_id = ?1 ORDER BY position";

static bool calendar_may_read(const Actor *actor)
{
    return actor && (browse_readers("meetings") & ROLE_BIT(actor->role)) != 0;
}

/* calendar_may_read() with the refusal said in errs. */
static bool calendar_reader(const Actor *actor, Errs *errs)
{
    if (calendar_may_read(actor))
        return true;
    errs_add(errs, "calendar: the role %s does not read meetings",
             actor ? actor_role_name(actor->role) : "(none)");
    return false;
}

/* The row id of the project's group `code` (its name into name), or 0 with the message. */
static int64_t calendar_group(Db *db, int64_t project_id, const char *code, char *name,
                              size_t cap, Errs *errs)
{
    int64_t id = 0;
    Stmt *st = stmt_cached(db, SQL_GROUP_ID);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, code);
    if (stmt_step(st) == STMT_ROW) {
        id = stmt_int(st, 0);
        snprintf(name, cap, "%s", stmt_text(st, 1));
    }
    stmt_done(st);
    if (!id)
        errs_add_field(errs, "group", "no group \"%.64s\" in the project (`insats list groups`)",
                       code);
    return id;
}

/* "2019-02-15" and "09:00" as a local time; a date alone when time is NULL. */
static struct icaltimetype calendar_time(const char *date, const char *time)
{
    char s[32];
    if (time)
        snprintf(s, sizeof s, "%.4s%.2s%.2sT%.2s%.2s00", date, date + 5, date + 8, time,
                 time + 3);
    else
        snprintf(s, sizeof s, "%.4s%.2s%.2s", date, date + 5, date + 8);
    return icaltime_from_string(s);
}

/* DTSTART or DTEND of a local time: TZID=Europe/Stockholm when the zone is known (its
 * VTIMEZONE is in the calendar), else floating; a date alone as VALUE=DATE. */
static void calendar_set_time(icalcomponent *ev, bool start, struct icaltimetype t, bool zoned)
{
    icalproperty *p = start ? icalproperty_new_dtstart(t) : icalproperty_new_dtend(t);
    if (zoned && !t.is_date)
        icalproperty_add_parameter(p, icalparameter_new_tzid(CALENDAR_TZ));
    icalcomponent_add_property(ev, p);
}

/* The event's text: the reason of a cancelled meeting, the group, the agenda numbered. */
static char *calendar_description(Db *db, int64_t meeting_id, const char *status,
                                  const char *reason, const char *group_name)
{
    Buf b = {0};
    if (strcmp(status, "cancelled") == 0 && reason)
        buf_printf(&b, _("Mötet är inställt: %s"), reason);
    else if (strcmp(status, "cancelled") == 0)
        buf_puts(&b, _("Mötet är inställt."));
    if (b.len)
        buf_putc(&b, '\n');
    if (group_name) {
        buf_printf(&b, _("Grupp: %s"), group_name);
        buf_putc(&b, '\n');
    }
    Stmt *st = stmt_cached(db, SQL_AGENDA);
    stmt_bind_int(st, 1, meeting_id);
    int n = 0;
    while (stmt_step(st) == STMT_ROW) {
        n++;
        if (n == 1)
            buf_printf(&b, "%s\n", _("Dagordning:"));
        buf_printf(&b, "%d. %s\n", n, stmt_text(st, 0));
    }
    stmt_done(st);
    if (b.len && b.data[b.len - 1] == '\n')
        b.data[--b.len] = '\0';
    return b.data ? buf_steal(&b) : NULL;
}

/* One VEVENT per meeting of the query, added to cal. */
static int calendar_events(Db *db, icalcomponent *cal, int64_t project_id, int64_t group_id,
                           int64_t org_id, const char *meeting, bool zoned, size_t *count,
                           Errs *errs)
{
    char identity[40] = "0";
    Stmt *st = stmt_cached(db, SQL_IDENTITY);
    if (stmt_step(st) == STMT_ROW && stmt_text(st, 0))
        snprintf(identity, sizeof identity, "%s", stmt_text(st, 0));
    stmt_done(st);
    st = stmt_cached(db, SQL_MEETINGS);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_id(st, 2, group_id);
    stmt_bind_int(st, 3, org_id);
    stmt_bind_text(st, 4, meeting);
    /* the agenda is read per meeting with another statement: collect the rows first */
    typedef struct Row {
        int64_t id;
        char *title, *date, *start, *end, *place, *status, *reason, *changed, *group;
        int64_t sequence;
    } Row;
    Row *rows = NULL;
    size_t n = 0, cap = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            rows = xrealloc(rows, cap * sizeof *rows);
        }
        Row *w = &rows[n++];
        w->id = stmt_int(st, 0);
        w->title = xstrdup(stmt_text(st, 1));
        w->date = xstrdup(stmt_text(st, 2));
        w->start = xstrdup(stmt_text(st, 3));
        w->end = xstrdup(stmt_text(st, 4));
        w->place = xstrdup(stmt_text(st, 5));
        w->status = xstrdup(stmt_text(st, 6));
        w->reason = xstrdup(stmt_text(st, 7));
        w->sequence = stmt_int(st, 8);
        w->changed = xstrdup(stmt_text(st, 9));
        w->group = xstrdup(stmt_text(st, 10));
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the meetings");
    stmt_done(st);
    for (size_t i = 0; i < n; i++) {
        Row *w = &rows[i];
        if (rc == INSATS_OK) {
            char uid[96];
            snprintf(uid, sizeof uid, "%s-m%lld@insats", identity, (long long)w->id);
            icalcomponent *ev = icalcomponent_new_vevent();
            icalcomponent_add_property(ev, icalproperty_new_uid(uid));
            icalcomponent_add_property(
                ev, icalproperty_new_dtstamp(icaltime_from_string(
                        w->changed ? w->changed : "19700101T000000Z")));
            icalcomponent_add_property(ev, icalproperty_new_sequence((int)w->sequence));
            calendar_set_time(ev, true, calendar_time(w->date, w->start), zoned);
            if (w->start && w->end) {
                calendar_set_time(ev, false, calendar_time(w->date, w->end), zoned);
            } else if (!w->start) {
                /* a whole day ends where the next begins */
                struct icaltimetype next = calendar_time(w->date, NULL);
                icaltime_adjust(&next, 1, 0, 0, 0);
                calendar_set_time(ev, false, next, zoned);
            }
            icalcomponent_add_property(ev, icalproperty_new_summary(w->title));
            if (w->place)
                icalcomponent_add_property(ev, icalproperty_new_location(w->place));
            char *text = calendar_description(db, w->id, w->status, w->reason, w->group);
            if (text)
                icalcomponent_add_property(ev, icalproperty_new_description(text));
            free(text);
            icalcomponent_add_property(
                ev, icalproperty_new_status(strcmp(w->status, "cancelled") == 0
                                                ? ICAL_STATUS_CANCELLED
                                                : ICAL_STATUS_CONFIRMED));
            icalcomponent_add_component(cal, ev);
        }
        free(w->title);
        free(w->date);
        free(w->start);
        free(w->end);
        free(w->place);
        free(w->status);
        free(w->reason);
        free(w->changed);
        free(w->group);
    }
    free(rows);
    *count = n;
    return rc;
}

/* The VCALENDAR around the events of one query, as text. */
static int calendar_build(Db *db, int64_t project_id, int64_t group_id, int64_t org_id,
                          const char *meeting, const char *name, char **ics, Errs *errs)
{
    pthread_mutex_lock(&calendar_lock);
    icaltimezone *tz = icaltimezone_get_builtin_timezone(CALENDAR_TZ);
    icalcomponent *cal = icalcomponent_vanew(
        ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
        icalproperty_new_prodid("-//insats//insats " INSATS_VERSION "//SV"),
        icalproperty_new_calscale("GREGORIAN"),
        icalproperty_new_method(ICAL_METHOD_PUBLISH), (void *)0);
    if (name) {
        icalproperty *p = icalproperty_new_x(name);
        icalproperty_set_x_name(p, "X-WR-CALNAME");
        icalcomponent_add_property(cal, p);
    }
    icalcomponent *zone = tz ? icaltimezone_get_component(tz) : NULL;
    if (zone) {
        icalproperty *p = icalproperty_new_x(CALENDAR_TZ);
        icalproperty_set_x_name(p, "X-WR-TIMEZONE");
        icalcomponent_add_property(cal, p);
        /* the zone's rules since 1970, under its plain name rather than libical's own
         * prefixed one, so that every calendar program recognises it */
        icalcomponent *vtz = icalcomponent_new_clone(zone);
        icalproperty *id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
        if (id)
            icalproperty_set_tzid(id, CALENDAR_TZ);
        icaltimezone_truncate_vtimezone(vtz, icaltime_from_string("19700101T000000Z"),
                                        icaltime_null_time(), 1);
        icalcomponent_add_component(cal, vtz);
    }
    size_t count = 0;
    int rc = calendar_events(db, cal, project_id, group_id, org_id, meeting, zone != NULL,
                             &count, errs);
    if (rc == INSATS_OK && meeting && count == 0) {
        errs_add_field(errs, "meeting", "no meeting \"%.64s\" in the project "
                       "(`insats list meetings`)", meeting);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK) {
        char *text = icalcomponent_as_ical_string_r(cal);
        *ics = xstrdup(text);
        icalmemory_free_buffer(text);
    }
    icalcomponent_free(cal);
    pthread_mutex_unlock(&calendar_lock);
    return rc;
}

int calendar_feed(Db *db, const Actor *actor, int64_t project_id, const char *group,
                  char **ics, Errs *errs)
{
    *ics = NULL;
    if (!calendar_reader(actor, errs))
        return INSATS_EFORBIDDEN;
    int64_t group_id = 0;
    /* A calendar application asks in no language: the feed is in its account's. */
    Lang shown = i18n_switch(account_language(db, actor->user_id));
    char name[256];
    snprintf(name, sizeof name, "%s", _("Mina möten"));
    int rc = INSATS_EINPUT;
    if (!group || (group_id = calendar_group(db, project_id, group, name, sizeof name, errs))) {
        /* the own feed of a coordinator: the groups their organisation sits in */
        int64_t org = !group && actor_org_scoped(actor) ? actor->organisation_id : 0;
        if (!group && actor_org_scoped(actor) && org <= 0)
            org = -1;
        rc = calendar_build(db, project_id, group_id, org, NULL, name, ics, errs);
    }
    i18n_switch(shown);
    return rc;
}

int calendar_meeting(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                     char **ics, Errs *errs)
{
    *ics = NULL;
    if (!calendar_reader(actor, errs))
        return INSATS_EFORBIDDEN;
    return calendar_build(db, project_id, 0, 0, meeting ? meeting : "", NULL, ics, errs);
}

/* ---- the secret addresses -------------------------------------------------------------- */

static const char SQL_LINK_INSERT[] =
    "INSERT INTO calendar_feed (project_id, user_id, group_id, token_hash, created) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

static const char SQL_LINK_REVOKE[] =
    "UPDATE calendar_feed SET revoked = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked IS NULL";

static const char SQL_LINK_LIST[] =
    "SELECT f.id, coalesce(g.code, ''), coalesce(g.name, ''), f.created FROM calendar_feed f"
    " LEFT JOIN grp g ON g.id = f.group_id"
    " WHERE f.project_id = ?1 AND f.user_id = ?2 AND f.revoked IS NULL"
    " ORDER BY f.created DESC, f.id DESC";

static const char SQL_LINK_FIND[] =
    "SELECT f.project_id, g.code, u.id, u.login, u.name, u.role, u.organisation_id, u.disabled"
    " FROM calendar_feed f JOIN app_user u ON u.id = f.user_id"
    " LEFT JOIN grp g ON g.id = f.group_id"
    " WHERE f.token_hash = ?1 AND f.revoked IS NULL";

static void calendar_hash(const char *token, unsigned char out[CALENDAR_HASH_BYTES])
{
    crypto_generichash(out, CALENDAR_HASH_BYTES, (const unsigned char *)token, strlen(token),
                       NULL, 0);
}

int calendar_link_create(Db *db, const Actor *actor, int64_t project_id, const char *group,
                         char token[CALENDAR_TOKEN_LEN + 1], time_t now, Errs *errs)
{
    token[0] = '\0';
    if (!actor || actor->user_id <= 0) {
        errs_add(errs, "calendar: an address of a feed belongs to an account; log in first");
        return INSATS_EFORBIDDEN;
    }
    if (!calendar_reader(actor, errs))
        return INSATS_EFORBIDDEN;
    int64_t group_id = 0;
    char name[256];
    if (group && *group &&
        !(group_id = calendar_group(db, project_id, group, name, sizeof name, errs)))
        return INSATS_EINPUT;
    if (sodium_init() < 0) {
        errs_add(errs, "calendar: cannot start the random number generator");
        return INSATS_ESTORAGE;
    }
    unsigned char raw[32], hash[CALENDAR_HASH_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, CALENDAR_TOKEN_LEN + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    calendar_hash(token, hash);
    int rc = db_tx_begin(db, errs);
    if (rc == INSATS_OK) {
        Stmt *st = stmt_cached(db, SQL_LINK_INSERT);
        stmt_bind_int(st, 1, project_id);
        stmt_bind_int(st, 2, actor->user_id);
        stmt_bind_id(st, 3, group_id);
        stmt_bind_blob(st, 4, hash, sizeof hash);
        stmt_bind_int(st, 5, (int64_t)now);
        rc = stmt_exec(st, errs, "cannot save the calendar's address");
        rc = rc == INSATS_OK ? db_tx_commit(db, errs) : (db_tx_rollback(db), rc);
    }
    if (rc != INSATS_OK)
        sodium_memzero(token, CALENDAR_TOKEN_LEN + 1);
    return rc;
}

int calendar_link_revoke(Db *db, const Actor *actor, int64_t id, time_t now, Errs *errs)
{
    if (!actor || actor->user_id <= 0) {
        errs_add(errs, "calendar: an address of a feed belongs to an account; log in first");
        return INSATS_EFORBIDDEN;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    Stmt *st = stmt_cached(db, SQL_LINK_REVOKE);
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, actor->user_id);
    stmt_bind_int(st, 3, (int64_t)now);
    rc = stmt_exec(st, errs, "cannot revoke the calendar's address");
    if (rc == INSATS_OK && stmt_changes(st) == 0) {
        errs_add(errs, "calendar: you have no valid address %lld", (long long)id);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    return rc;
}

int calendar_link_list(Db *db, const Actor *actor, int64_t project_id, CalendarLink **out,
                       size_t *n, Errs *errs)
{
    *out = NULL;
    *n = 0;
    if (!actor || actor->user_id <= 0)
        return INSATS_OK;
    Stmt *st = stmt_cached(db, SQL_LINK_LIST);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_int(st, 2, actor->user_id);
    size_t cap = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        CalendarLink *l = &(*out)[(*n)++];
        l->id = stmt_int(st, 0);
        snprintf(l->group, sizeof l->group, "%s", stmt_text(st, 1));
        snprintf(l->group_name, sizeof l->group_name, "%s", stmt_text(st, 2));
        l->created = stmt_int(st, 3);
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the addresses");
    stmt_done(st);
    return rc;
}

int calendar_link_feed(Db *db, const char *token, char **ics, Errs *errs)
{
    *ics = NULL;
    size_t len = token ? strlen(token) : 0;
    bool hex = len == CALENDAR_TOKEN_LEN;
    for (size_t i = 0; hex && i < len; i++)
        hex = (token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f');
    unsigned char hash[CALENDAR_HASH_BYTES];
    /* a malformed token is hashed and looked up too, so that it takes as long as any other */
    calendar_hash(token ? token : "", hash);
    Stmt *st = stmt_cached(db, SQL_LINK_FIND);
    stmt_bind_blob(st, 1, hash, sizeof hash);
    Actor a = {0};
    int64_t project_id = 0;
    char group[65] = "";
    bool found = stmt_step(st) == STMT_ROW && hex;
    if (found) {
        project_id = stmt_int(st, 0);
        if (stmt_text(st, 1))
            snprintf(group, sizeof group, "%s", stmt_text(st, 1));
        a.user_id = stmt_int(st, 2);
        snprintf(a.login, sizeof a.login, "%s", stmt_text(st, 3));
        snprintf(a.name, sizeof a.name, "%s", stmt_text(st, 4));
        found = actor_role_parse(stmt_text(st, 5), &a.role) && stmt_int(st, 7) == 0;
        a.organisation_id = stmt_int(st, 6);
    }
    stmt_done(st);
    if (!found)
        return INSATS_EINPUT;
    Errs mine;
    errs_init(&mine);
    int rc = calendar_feed(db, &a, project_id, *group ? group : NULL, ics, &mine);
    if (rc == INSATS_ESTORAGE)
        for (size_t i = 0; i < mine.count; i++)
            errs_add(errs, "%s", mine.msgs[i]);
    errs_free(&mine);
    return rc == INSATS_OK ? INSATS_OK : rc == INSATS_ESTORAGE ? rc : INSATS_EINPUT;
}
