/* meeting_agenda.c — before a meeting: agenda points suggested by the group's members, the
 * organiser's answer to each (accepted into the agenda, or declined with a reason the
 * suggester sees), and the agenda's order (meeting.h); after it, the actions an account's
 * person owns on its to-do list (todo.h). */
#include "meeting.h"
#include "browse.h"
#include "db.h"
#include "record.h"
#include "stmt.h"
#include "todo.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The meeting, whatever the actor. */
static const char SQL_MEETING[] =
    "SELECT m.id, m.code, m.title, m.meeting_date, m.status, m.group_id, g.code, g.name"
    " FROM meeting m LEFT JOIN grp g ON g.id = m.group_id"
    " WHERE m.project_id = ?1 AND m.code = ?2";

/* Whether the account ?2 (of project ?3) is, through its person, a member of group ?1 on ?4. */
static const char SQL_MEMBER[] =
    "SELECT 1 FROM membership ms WHERE ms.group_id = ?1"
    " AND ms.person_id = " MEETING_ACCOUNT_PERSON_SQL("?2", "?3")
    " AND (ms.from_date IS NULL OR ms.from_date <= ?4)"
    " AND (ms.to_date IS NULL OR ms.to_date >= ?4)";

static const char SQL_OWN_ANY[] =
    "SELECT 1 FROM agenda_suggestion WHERE meeting_id = ?1 AND user_id = ?2";

static const char SQL_SUGGEST[] =
    "INSERT INTO agenda_suggestion (meeting_id, title, text, user_id, by_login, by_name,"
    " suggested) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";

static const char SQL_SUGGESTION[] =
    "SELECT status, title, text FROM agenda_suggestion WHERE id = ?1 AND meeting_id = ?2";

static const char SQL_ANSWER[] =
    "UPDATE agenda_suggestion SET status = ?2, reason = ?3, decided_by = ?4, decided = ?5"
    " WHERE id = ?1";

static const char SQL_AGENDA_APPEND[] =
    "INSERT INTO agenda_item (meeting_id, position, title, notes) VALUES (?1,"
    " (SELECT coalesce(max(position), -1) + 1 FROM agenda_item WHERE meeting_id = ?1), ?2, ?3)";

static const char SQL_AGENDA_IDS[] =
    "SELECT id, position FROM agenda_item WHERE meeting_id = ?1 ORDER BY position";

static const char SQL_AGENDA_POSITION[] = "UPDATE agenda_item SET position = ?2 WHERE id = ?1";

typedef struct AgendaMeeting {
    int64_t id, group_id;
    char code[VALIDATE_CODE_MAX * 4 + 1];
    char title[VALIDATE_TEXT_MAX * 4 + 1];
    char date[11];
    char status[16];
    char group[VALIDATE_CODE_MAX * 4 + 1];
    char group_name[VALIDATE_NAME_MAX * 4 + 1];
} AgendaMeeting;

/* Reads the meeting `code` into *m: INSATS_OK, or INSATS_EINPUT with "no such meeting". */
static int agenda_meeting(Db *db, int64_t project_id, const char *code, AgendaMeeting *m,
                          Errs *errs)
{
    memset(m, 0, sizeof *m);
    Stmt *st = stmt_cached(db, SQL_MEETING);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, code ? code : "");
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_ROW) {
        m->id = stmt_int(st, 0);
        snprintf(m->code, sizeof m->code, "%s", stmt_text(st, 1));
        snprintf(m->title, sizeof m->title, "%s", stmt_text(st, 2));
        snprintf(m->date, sizeof m->date, "%s", stmt_text(st, 3));
        snprintf(m->status, sizeof m->status, "%s", stmt_text(st, 4));
        m->group_id = stmt_is_null(st, 5) ? 0 : stmt_int(st, 5);
        snprintf(m->group, sizeof m->group, "%s", stmt_text(st, 6) ? stmt_text(st, 6) : "");
        snprintf(m->group_name, sizeof m->group_name, "%s",
                 stmt_text(st, 7) ? stmt_text(st, 7) : "");
    } else if (r == STMT_DONE) {
        errs_add_field(errs, "id", "no meeting \"%.64s\" in the project (`insats list meetings`)",
                       code ? code : "");
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the meeting");
    }
    stmt_done(st);
    return rc;
}

/* Whether the actor's account is, through its person, a member of the meeting's group on
 * today. */
static bool agenda_member(Db *db, const Actor *actor, int64_t project_id,
                          const AgendaMeeting *m, const char *today)
{
    if (!actor || actor->user_id <= 0 || m->group_id <= 0)
        return false;
    Stmt *st = stmt_cached(db, SQL_MEMBER);
    stmt_bind_int(st, 1, m->group_id);
    stmt_bind_int(st, 2, actor->user_id);
    stmt_bind_int(st, 3, project_id);
    stmt_bind_text(st, 4, today);
    bool member = stmt_step(st) == STMT_ROW;
    stmt_done(st);
    return member;
}

/* Whether the meeting still takes suggestions on today: planned and not past. */
static bool agenda_open(const AgendaMeeting *m, const char *today)
{
    return strcmp(m->status, "planned") == 0 && strcmp(m->date, today) >= 0;
}

typedef enum AgendaDeed { AGENDA_SUGGEST, AGENDA_ANSWER, AGENDA_ORDER } AgendaDeed;

/* One whole sentence per deed, so that each language words it its own way. */
static int agenda_forbidden(const Actor *actor, Errs *errs, AgendaDeed deed)
{
    const char *role = actor ? actor_role_name(actor->role) : "(none)";
    switch (deed) {
    case AGENDA_SUGGEST:
        errs_add(errs, "meeting: the role %s may not suggest agenda points", role);
        break;
    case AGENDA_ANSWER:
        errs_add(errs, "meeting: the role %s may not answer agenda suggestions", role);
        break;
    case AGENDA_ORDER:
        errs_add(errs, "meeting: the role %s may not order the agenda", role);
        break;
    }
    return INSATS_EFORBIDDEN;
}

/* Checks a line of text for `field` (required or not) of at most max characters; several
 * lines when multi. Adds the message and returns false when it is not one. */
static bool agenda_text_ok(const char *s, const char *field, size_t max, bool required,
                           bool multi, Errs *errs)
{
    if (!s || !*s) {
        if (required)
            errs_add_field(errs, field, "%s: is required", field);
        return !required;
    }
    Buf why = {0};
    bool ok = true;
    size_t chars = 0;
    for (const char *q = s; *q; q++)
        chars += ((unsigned char)*q & 0xC0) != 0x80;
    if (chars > max) {
        errs_add_field(errs, field, "%s: has %zu characters; at most %zu", field, chars, max);
        return false;
    }
    char *copy = xstrdup(s);
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line && ok; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        if (multi && n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        ok = validate_line(line, max, &why);
    }
    if (ok && !multi && strchr(s, '\n'))
        ok = validate_line(s, max, &why);
    if (!ok)
        errs_add_field(errs, field, "%s: %s", field, why.data);
    free(copy);
    buf_free(&why);
    return ok;
}

typedef struct SuggestCtx {
    const AgendaMeeting *m;
    const Actor *actor;
    const char *title, *text, *today;
    int64_t id;
} SuggestCtx;

static int meeting_suggest_tx(Db *db, void *ctx, Errs *errs)
{
    SuggestCtx *c = ctx;
    Stmt *st = stmt_cached(db, SQL_SUGGEST);
    stmt_bind_int(st, 1, c->m->id);
    stmt_bind_text(st, 2, c->title);
    if (c->text && *c->text)
        stmt_bind_text(st, 3, c->text);
    else
        stmt_bind_null(st, 3);
    stmt_bind_id(st, 4, c->actor->user_id);
    stmt_bind_text(st, 5, c->actor->login);
    stmt_bind_text(st, 6, *c->actor->name ? c->actor->name : c->actor->login);
    stmt_bind_text(st, 7, c->today);
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_ROW)
        c->id = stmt_int(st, 0);
    else
        rc = stmt_fail(st, errs, "cannot save the suggestion");
    stmt_done(st);
    return rc;
}

int meeting_suggest(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                    const char *title, const char *text, const char *today, int64_t *id,
                    Errs *errs)
{
    if (id)
        *id = 0;
    if (!actor)
        return agenda_forbidden(actor, errs, AGENDA_SUGGEST);
    AgendaMeeting m;
    int rc = agenda_meeting(db, project_id, meeting, &m, errs);
    if (rc != INSATS_OK)
        return rc;
    if (!record_may_write(actor, "meeting", 0) && !agenda_member(db, actor, project_id, &m, today)) {
        errs_add(errs, "meeting %.64s: only the members of its group and whoever plans meetings "
                 "may suggest agenda points (the account's e-mail address names its person)",
                 m.code);
        return INSATS_EFORBIDDEN;
    }
    if (!agenda_open(&m, today)) {
        errs_add_field(errs, "id", "meeting %.64s: is %s; agenda points are suggested before a "
                       "meeting only", m.code, strcmp(m.status, "planned") != 0 ? m.status
                       : "past");
        return INSATS_ECONFLICT;
    }
    bool ok = agenda_text_ok(title, "title", MEETING_SUGGESTION_TITLE_MAX, true, false, errs);
    ok &= agenda_text_ok(text, "text", MEETING_SUGGESTION_TEXT_MAX, false, true, errs);
    if (!ok)
        return INSATS_EINPUT;
    SuggestCtx c = {&m, actor, title, text, today, 0};
    rc = db_tx(db, meeting_suggest_tx, &c, errs);
    if (rc == INSATS_OK && id)
        *id = c.id;
    return rc;
}

typedef struct AnswerCtx {
    const AgendaMeeting *m;
    const Actor *actor;
    int64_t suggestion;
    const char *reason;   /* NULL: accepted */
    const char *today;
} AnswerCtx;

static int meeting_answer_tx(Db *db, void *ctx, Errs *errs)
{
    AnswerCtx *c = ctx;
    Stmt *st = stmt_cached(db, SQL_SUGGESTION);
    stmt_bind_int(st, 1, c->suggestion);
    stmt_bind_int(st, 2, c->m->id);
    StmtResult r = stmt_step(st);
    char status[16] = "";
    char *title = NULL, *text = NULL;
    int rc = INSATS_OK;
    if (r == STMT_ROW) {
        snprintf(status, sizeof status, "%s", stmt_text(st, 0));
        title = xstrdup(stmt_text(st, 1));
        text = stmt_text(st, 2) ? xstrdup(stmt_text(st, 2)) : NULL;
    } else if (r == STMT_DONE) {
        errs_add_field(errs, "suggestion", "meeting %.64s: has no suggestion %lld", c->m->code,
                       (long long)c->suggestion);
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the suggestion");
    }
    stmt_done(st);
    if (rc == INSATS_OK && strcmp(status, "open") != 0) {
        errs_add_field(errs, "suggestion", "suggestion %lld: is %s already", (long long)c->suggestion,
                       status);
        rc = INSATS_ECONFLICT;
    }
    if (rc == INSATS_OK && !c->reason) {
        st = stmt_cached(db, SQL_AGENDA_APPEND);
        stmt_bind_int(st, 1, c->m->id);
        stmt_bind_text(st, 2, title);
        if (text)
            stmt_bind_text(st, 3, text);
        else
            stmt_bind_null(st, 3);
        rc = stmt_exec(st, errs, "cannot add the point to the agenda");
    }
    if (rc == INSATS_OK) {
        st = stmt_cached(db, SQL_ANSWER);
        stmt_bind_int(st, 1, c->suggestion);
        stmt_bind_text(st, 2, c->reason ? "declined" : "accepted");
        if (c->reason)
            stmt_bind_text(st, 3, c->reason);
        else
            stmt_bind_null(st, 3);
        stmt_bind_text(st, 4, c->actor->login);
        stmt_bind_text(st, 5, c->today);
        rc = stmt_exec(st, errs, "cannot answer the suggestion");
    }
    free(title);
    free(text);
    return rc;
}

/* The answer to a suggestion: accepted (reason NULL) or declined. */
static int meeting_answer(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                          int64_t suggestion, const char *reason, const char *today,
                          Errs *errs)
{
    if (!record_may_write(actor, "meeting", 0))
        return agenda_forbidden(actor, errs, AGENDA_ANSWER);
    AgendaMeeting m;
    int rc = agenda_meeting(db, project_id, meeting, &m, errs);
    if (rc != INSATS_OK)
        return rc;
    if (strcmp(m.status, "planned") != 0) {
        errs_add_field(errs, "id", "meeting %.64s: is %s; only a planned meeting's suggestions "
                       "are answered", m.code, m.status);
        return INSATS_ECONFLICT;
    }
    AnswerCtx c = {&m, actor, suggestion, reason, today};
    return db_tx(db, meeting_answer_tx, &c, errs);
}

int meeting_suggestion_accept(Db *db, const Actor *actor, int64_t project_id,
                              const char *meeting, int64_t suggestion, const char *today,
                              Errs *errs)
{
    return meeting_answer(db, actor, project_id, meeting, suggestion, NULL, today, errs);
}

int meeting_suggestion_decline(Db *db, const Actor *actor, int64_t project_id,
                               const char *meeting, int64_t suggestion, const char *reason,
                               const char *today, Errs *errs)
{
    if (!record_may_write(actor, "meeting", 0))
        return agenda_forbidden(actor, errs, AGENDA_ANSWER);
    if (!reason || !*reason) {
        errs_add_field(errs, "reason", "reason: is required (say why the point is not taken "
                       "up: the one who suggested it sees it)");
        return INSATS_EINPUT;
    }
    if (!agenda_text_ok(reason, "reason", MEETING_DECLINE_REASON_MAX, true, false, errs))
        return INSATS_EINPUT;
    return meeting_answer(db, actor, project_id, meeting, suggestion, reason, today, errs);
}

typedef struct MoveCtx {
    const AgendaMeeting *m;
    long from, to;
} MoveCtx;

static int meeting_move_tx(Db *db, void *ctx, Errs *errs)
{
    MoveCtx *c = ctx;
    Stmt *st = stmt_cached(db, SQL_AGENDA_IDS);
    stmt_bind_int(st, 1, c->m->id);
    int64_t *ids = NULL, *pos = NULL;
    size_t n = 0, cap = 0;
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            ids = xrealloc(ids, cap * sizeof *ids);
            pos = xrealloc(pos, cap * sizeof *pos);
        }
        ids[n] = stmt_int(st, 0);
        pos[n++] = stmt_int(st, 1);
    }
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the agenda");
    stmt_done(st);
    const char *keys[] = {"from", "to"};
    long want[] = {c->from, c->to};
    for (int i = 0; i < 2 && rc == INSATS_OK; i++)
        if (want[i] < 1 || (size_t)want[i] > n) {
            if (n)
                errs_add_field(errs, keys[i], "%s: %ld is not a point of the agenda (1 to %zu)",
                               keys[i], want[i], n);
            else
                errs_add_field(errs, keys[i], "%s: the meeting has no agenda yet", keys[i]);
            rc = INSATS_EINPUT;
        }
    if (rc == INSATS_OK && c->from != c->to) {
        /* the new order of the rows; each keeps one of the old positions, so the minutes'
         * numbering (by position) follows, and only the rows that move are written — first
         * out of the way (negative), then to their place, as positions are unique */
        size_t f = (size_t)c->from - 1, t = (size_t)c->to - 1;
        int64_t *order = xmalloc(n * sizeof *order);
        memcpy(order, ids, n * sizeof *ids);
        int64_t moved = order[f];
        if (f < t)
            memmove(order + f, order + f + 1, (t - f) * sizeof *order);
        else
            memmove(order + t + 1, order + t, (f - t) * sizeof *order);
        order[t] = moved;
        size_t lo = f < t ? f : t, hi = f < t ? t : f;
        for (int pass = 0; pass < 2 && rc == INSATS_OK; pass++)
            for (size_t k = lo; k <= hi && rc == INSATS_OK; k++) {
                st = stmt_cached(db, SQL_AGENDA_POSITION);
                stmt_bind_int(st, 1, order[k]);
                stmt_bind_int(st, 2, pass == 0 ? -1 - (int64_t)k : pos[k]);
                rc = stmt_exec(st, errs, "cannot order the agenda");
            }
        free(order);
    }
    free(ids);
    free(pos);
    return rc;
}

int meeting_agenda_move(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                        long from, long to, Errs *errs)
{
    if (!record_may_write(actor, "meeting", 0))
        return agenda_forbidden(actor, errs, AGENDA_ORDER);
    AgendaMeeting m;
    int rc = agenda_meeting(db, project_id, meeting, &m, errs);
    if (rc != INSATS_OK)
        return rc;
    MoveCtx c = {&m, from, to};
    return db_tx(db, meeting_move_tx, &c, errs);
}

/* ---- reading ---------------------------------------------------------------------------- */

static const char SQL_AGENDA[] =
    "SELECT title, notes FROM agenda_item WHERE meeting_id = ?1 ORDER BY position";

/* ?2 = 0: every suggestion; else the account ?2's own. */
static const char SQL_SUGGESTIONS[] =
    "SELECT id, title, text, by_name, suggested, status, reason, decided_by, decided"
    " FROM agenda_suggestion WHERE meeting_id = ?1 AND (?2 = 0 OR user_id = ?2)"
    " ORDER BY status <> 'open', id";

static json_t *agenda_str(Stmt *st, int col)
{
    return stmt_text(st, col) ? json_string(stmt_text(st, col)) : json_null();
}

int meeting_suggestions(Db *db, const Actor *actor, int64_t project_id, const char *meeting,
                        const char *today, json_t **out, Errs *errs)
{
    *out = NULL;
    AgendaMeeting m;
    Errs none;
    errs_init(&none);
    bool began = db_read_begin(db);
    int rc = agenda_meeting(db, project_id, meeting, &m, &none);
    bool writer = record_may_write(actor, "meeting", 0);
    bool member = rc == INSATS_OK && agenda_member(db, actor, project_id, &m, today);
    bool own = false;
    if (rc == INSATS_OK && actor && actor->user_id > 0) {
        Stmt *st = stmt_cached(db, SQL_OWN_ANY);
        stmt_bind_int(st, 1, m.id);
        stmt_bind_int(st, 2, actor->user_id);
        own = stmt_step(st) == STMT_ROW;
        stmt_done(st);
    }
    bool reader = actor && (browse_readers("meetings") & ROLE_BIT(actor->role));
    if (rc == INSATS_ESTORAGE) {
        for (size_t i = 0; i < none.count; i++)
            errs_add(errs, "%s", none.msgs[i]);
    } else if (rc != INSATS_OK || !(writer || reader || member || own)) {
        errs_add_field(errs, "id", "no meeting \"%.64s\" in the project", meeting ? meeting : "");
        rc = INSATS_EINPUT;
    }
    errs_free(&none);
    if (rc != INSATS_OK) {
        db_read_end(db, began);
        return rc;
    }
    json_t *root = json_object();
    json_object_set_new(root, "meeting", json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                                                   m.code, "title", m.title, "date", m.date,
                                                   "status", m.status, "group", m.group,
                                                   "group_name", m.group_name));
    json_object_set_new(root, "may_suggest",
                        json_boolean((writer || member) && agenda_open(&m, today)));
    json_object_set_new(root, "may_order", json_boolean(writer));
    json_t *agenda = json_array();
    Stmt *st = stmt_cached(db, SQL_AGENDA);
    stmt_bind_int(st, 1, m.id);
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW)
        json_array_append_new(agenda, json_pack("{s:s, s:o}", "title", stmt_text(st, 0),
                                                "notes", agenda_str(st, 1)));
    if (r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot read the agenda");
    stmt_done(st);
    json_object_set_new(root, "agenda", agenda);
    json_t *list = json_array();
    st = stmt_cached(db, SQL_SUGGESTIONS);
    stmt_bind_int(st, 1, m.id);
    stmt_bind_int(st, 2, writer ? 0 : (actor && actor->user_id > 0 ? actor->user_id : -1));
    while (rc == INSATS_OK && (r = stmt_step(st)) == STMT_ROW) {
        json_t *s = json_object();
        json_object_set_new(s, "id", json_integer(stmt_int(st, 0)));
        const char *keys[] = {"title", "text", "by", "suggested", "status", "reason",
                              "decided_by", "decided"};
        for (int k = 0; k < 8; k++)
            json_object_set_new(s, keys[k], agenda_str(st, k + 1));
        json_array_append_new(list, s);
    }
    if (rc == INSATS_OK && r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot read the suggestions");
    stmt_done(st);
    json_object_set_new(root, "suggestions", list);
    db_read_end(db, began);
    if (rc != INSATS_OK) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return INSATS_OK;
}

/* ?5 = 1: every planned meeting (whoever plans meetings); else the groups of the account ?2's
 * person on ?4. */
static const char SQL_SUGGESTABLE[] =
    "SELECT m.code, m.title, m.meeting_date, g.name,"
    " (SELECT count(*) FROM agenda_suggestion s WHERE s.meeting_id = m.id AND s.user_id = ?2"
    "  AND s.status = 'open')"
    " FROM meeting m JOIN grp g ON g.id = m.group_id"
    " WHERE m.project_id = ?1 AND m.status = 'planned' AND m.meeting_date >= ?4"
    " AND (?5 = 1 OR EXISTS (SELECT 1 FROM membership ms WHERE ms.group_id = m.group_id"
    "      AND ms.person_id = " MEETING_ACCOUNT_PERSON_SQL("?2", "?3")
    "      AND (ms.from_date IS NULL OR ms.from_date <= ?4)"
    "      AND (ms.to_date IS NULL OR ms.to_date >= ?4)))"
    " ORDER BY m.meeting_date, m.code LIMIT 200";

int meeting_suggestable(Db *db, const Actor *actor, int64_t project_id, const char *today,
                        json_t **out, Errs *errs)
{
    *out = json_array();
    if (!actor)
        return INSATS_OK;
    Stmt *st = stmt_cached(db, SQL_SUGGESTABLE);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_int(st, 2, actor->user_id > 0 ? actor->user_id : -1);
    stmt_bind_int(st, 3, project_id);
    stmt_bind_text(st, 4, today);
    stmt_bind_int(st, 5, record_may_write(actor, "meeting", 0));
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW)
        json_array_append_new(*out, json_pack("{s:s, s:s, s:s, s:s, s:I}", "id",
                                              stmt_text(st, 0), "title", stmt_text(st, 1),
                                              "date", stmt_text(st, 2), "group_name",
                                              stmt_text(st, 3), "open",
                                              (json_int_t)stmt_int(st, 4)));
    int rc = r == STMT_DONE ? INSATS_OK : stmt_fail(st, errs, "cannot read the meetings");
    stmt_done(st);
    return rc;
}

/* ---- the to-do list's actions ---------------------------------------------------------------- */

/* Open actions due within this many days, or overdue, are to do. */
#define TODO_ACTION_DAYS "7"

static const char SQL_TODO_ACTIONS[] =
    "SELECT ai.text, m.title || ' ' || m.meeting_date, m.code, ai.due, count(*) OVER ()"
    " FROM action_item ai JOIN meeting m ON m.id = ai.meeting_id"
    " WHERE m.project_id = ?1 AND ai.status = 'open' AND ai.due IS NOT NULL"
    " AND ai.due <= date(?2, '+" TODO_ACTION_DAYS " days') AND ?4 = 0"
    " AND ai.owner_person_id = " MEETING_ACCOUNT_PERSON_SQL("?5", "?1")
    " ORDER BY ai.due, m.meeting_date, m.code, ai.code LIMIT ?3";

int meeting_todo_actions(Db *db, const Actor *actor, int64_t project_id, const char *today,
                         json_t *items, size_t limit, int64_t *total, Errs *errs)
{
    if (!actor || actor->user_id <= 0)
        return INSATS_OK;
    return todo_rows(db, SQL_TODO_ACTIONS, "action_due", "meeting", project_id, today, limit,
                     0, NULL, actor->user_id, items, total, errs);
}
