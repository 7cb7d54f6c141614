/* reminders.c — the reminders sweep (reminders.h): finds what is due with the existing
 * tables and writes each reminder through outbox_add(), once. */
#include "reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "outbox.h"
#include "stmt.h"
#include "util.h"

/* Held activities whose last session lies in the window, with each account that should be
 * reminded: its trainers, or when it has none, the coordinators of its organisations. The
 * first after-activity survey attached, when there is one, is named in the message. */
static const char Q_SURVEY_DUE[] =
    "WITH held AS ("
    "  SELECT a.id, a.title, max(s.session_date) AS last_day FROM activity a "
    "  JOIN session s ON s.activity_id = a.id WHERE a.status = 'held' GROUP BY a.id "
    "  HAVING last_day BETWEEN date(?1, ?2) AND ?1), "
    "to_whom AS ("
    "  SELECT h.id AS activity_id, u.id AS user_id FROM held h "
    "  JOIN activity_trainer t ON t.activity_id = h.id JOIN app_user u ON u.id = t.user_id "
    "  UNION "
    "  SELECT h.id, u.id FROM held h JOIN activity_organisation ao ON ao.activity_id = h.id "
    "  JOIN app_user u ON u.organisation_id = ao.organisation_id AND u.role = 'coordinator' "
    "  WHERE NOT EXISTS (SELECT 1 FROM activity_trainer t WHERE t.activity_id = h.id)) "
    "SELECT h.id, h.title, h.last_day, u.id, u.email, "
    "  (SELECT title FROM survey v WHERE v.activity_id = h.id AND v.kind = 'after_activity' "
    "   ORDER BY v.id LIMIT 1) "
    "FROM to_whom w JOIN held h ON h.id = w.activity_id JOIN app_user u ON u.id = w.user_id "
    "WHERE u.email IS NOT NULL AND u.disabled = 0 ORDER BY h.id, u.id";

/* Open action items due in the window whose owner has an address. */
static const char Q_ACTION_DUE[] =
    "SELECT ai.id, ai.text, ai.due, p.id, p.email, m.title, m.meeting_date "
    "FROM action_item ai JOIN meeting m ON m.id = ai.meeting_id "
    "JOIN person p ON p.id = ai.owner_person_id "
    "WHERE ai.status = 'open' AND ai.due BETWEEN ?1 AND date(?1, ?2) "
    "AND p.email IS NOT NULL AND p.email <> '' ORDER BY ai.due, ai.id";

/* Writes one reminder; a recipient the outbox refuses (a malformed address) is counted and
 * passed over, so that one bad address does not hold back the others. */
static int reminders_add(Db *db, const OutboxMessage *m, size_t *written, size_t *skipped,
                         Errs *errs)
{
    Errs mine;
    errs_init(&mine);
    int64_t id = 0;
    int rc = outbox_add(db, m, &id, &mine);
    if (rc == INSATS_EINPUT) {
        (*skipped)++;
        rc = INSATS_OK;
    } else if (rc != INSATS_OK) {
        for (size_t i = 0; i < mine.count; i++)
            errs_add(errs, "%s", mine.msgs[i]);
    } else if (id > 0)
        (*written)++;
    errs_free(&mine);
    return rc;
}

static int reminders_surveys(Db *db, const char *today, RemindersRun *run, Errs *errs)
{
    Stmt *st = stmt_cached(db, Q_SURVEY_DUE);
    stmt_bind_text(st, 1, today);
    char window[32];
    snprintf(window, sizeof window, "-%d days", REMINDERS_SURVEY_DAYS);
    stmt_bind_text(st, 2, window);
    StmtResult r;
    int rc = INSATS_OK;
    while (rc == INSATS_OK && (r = stmt_step(st)) == STMT_ROW) {
        const char *title = stmt_text(st, 1);
        const char *survey = stmt_text(st, 5);
        char *key = xasprintf("survey_reminder:activity:%lld:user:%lld",
                              (long long)stmt_int(st, 0), (long long)stmt_int(st, 3));
        char *subject = xasprintf("Påminnelse: enkäten efter %s", title);
        char *body = xasprintf(
            "Hej!\n\nUtbildningsinsatsen \"%s\" hölls senast %s. Efter varje utbildningsinsats "
            "ska deltagarna fylla i enkäten%s%s%s. Dela ut länken eller QR-koden till "
            "deltagarna om det inte redan är gjort.\n\nDet här är en automatisk påminnelse "
            "från insats. Du kan stänga av påminnelser om enkäter på ditt kontos sida.\n",
            title, stmt_text(st, 2), survey ? " (\"" : "", survey ? survey : "",
            survey ? "\")" : "");
        OutboxMessage m = {.kind = "survey_reminder", .user_id = stmt_int(st, 3),
                           .address = stmt_text(st, 4), .subject = subject, .body = body,
                           .once_key = key};
        rc = reminders_add(db, &m, &run->survey, &run->skipped, errs);
        free(key);
        free(subject);
        free(body);
    }
    if (rc == INSATS_OK && r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot find the activities to remind of");
    stmt_done(st);
    return rc;
}

static int reminders_actions(Db *db, const char *today, RemindersRun *run, Errs *errs)
{
    Stmt *st = stmt_cached(db, Q_ACTION_DUE);
    stmt_bind_text(st, 1, today);
    char window[32];
    snprintf(window, sizeof window, "+%d days", REMINDERS_ACTION_DAYS);
    stmt_bind_text(st, 2, window);
    StmtResult r;
    int rc = INSATS_OK;
    while (rc == INSATS_OK && (r = stmt_step(st)) == STMT_ROW) {
        const char *due = stmt_text(st, 2);
        /* A new due date is a new reminder. */
        char *key = xasprintf("action_reminder:%lld:%s", (long long)stmt_int(st, 0), due);
        char *subject = xasprintf("Påminnelse: en åtgärd ska vara klar %s", due);
        char *body = xasprintf(
            "Hej!\n\nPå mötet \"%s\" den %s fick du åtgärden:\n\n  %s\n\nDen ska vara klar "
            "%s.\n\nDet här är en automatisk påminnelse från insats.\n",
            stmt_text(st, 5), stmt_text(st, 6), stmt_text(st, 1), due);
        OutboxMessage m = {.kind = "action_reminder", .person_id = stmt_int(st, 3),
                           .address = stmt_text(st, 4), .subject = subject, .body = body,
                           .once_key = key};
        rc = reminders_add(db, &m, &run->action, &run->skipped, errs);
        free(key);
        free(subject);
        free(body);
    }
    if (rc == INSATS_OK && r != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot find the action items to remind of");
    stmt_done(st);
    return rc;
}

int reminders_run(Db *db, const char *today, RemindersRun *run, Errs *errs)
{
    memset(run, 0, sizeof *run);
    if (!today || !date_valid(today)) {
        errs_add(errs, "reminders: \"%s\" is not a date (YYYY-MM-DD)", today ? today : "");
        return INSATS_EINPUT;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    rc = reminders_surveys(db, today, run, errs);
    if (rc == INSATS_OK)
        rc = reminders_actions(db, today, run, errs);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    memset(run, 0, sizeof *run);
    return rc;
}
