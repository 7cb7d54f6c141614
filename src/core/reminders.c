/* reminders.c — the reminders sweep (reminders.h): the surveys' part is survey_remind.c's;
 * here the action items, found with the existing tables and written through outbox_add(),
 * once. */
#include "reminders.h"
#include "account.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "meeting.h"
#include "outbox.h"
#include "stmt.h"
#include "survey_link.h"
#include "util.h"

/* Open action items due in the window whose owner has an address. */
static const char Q_ACTION_DUE[] =
    "SELECT ai.id, ai.text, ai.due, p.id, p.email, m.title, m.meeting_date "
    "FROM action_item ai JOIN meeting m ON m.id = ai.meeting_id "
    "JOIN person p ON p.id = ai.owner_person_id "
    "WHERE ai.status = 'open' AND ai.due BETWEEN ?1 AND date(?1, ?2) "
    "AND p.email IS NOT NULL AND p.email <> '' ORDER BY ai.due, ai.id";

int reminders_add(Db *db, const OutboxMessage *m, size_t *written, size_t *skipped,
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
        /* To the action's owner as a person: Swedish. */
        Lang shown = i18n_switch(account_language(db, 0));
        char *subject = xasprintf(_("Påminnelse: en åtgärd ska vara klar %s"), due);
        char *body = xasprintf(
            _("Hej!\n\nPå mötet \"%s\" den %s fick du åtgärden:\n\n  %s\n\nDen ska vara klar "
              "%s.\n\nDet här är en automatisk påminnelse från insats.\n"),
            stmt_text(st, 5), stmt_text(st, 6), stmt_text(st, 1), due);
        i18n_switch(shown);
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

int reminders_run(Db *db, const char *today, const char *base_url, RemindersRun *run,
                  Errs *errs)
{
    memset(run, 0, sizeof *run);
    if (!today || !date_valid(today)) {
        errs_add(errs, "reminders: \"%s\" is not a date (YYYY-MM-DD)", today ? today : "");
        return INSATS_EINPUT;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    SurveyRemindRun surveys = {0};
    rc = survey_remind_sweep(db, 0, today, base_url, &surveys, errs);
    run->survey = surveys.held + surveys.low;
    run->skipped = surveys.skipped;
    if (rc == INSATS_OK)
        rc = reminders_actions(db, today, run, errs);
    if (rc == INSATS_OK)
        rc = meeting_invitations_due(db, 0, NULL, today, &run->invitation, errs);
    if (rc == INSATS_OK)
        return db_tx_commit(db, errs);
    db_tx_rollback(db);
    memset(run, 0, sizeof *run);
    return rc;
}
