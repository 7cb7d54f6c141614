/* survey_remind.c — what a survey's response asks of the people it concerns: the reminders
 * sweep (survey_link.h) and the to-do list's "surveys closing" (todo.h). Both find their
 * people with the one recipient rule of survey_sql.h. */
#include "survey_link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "i18n.h"
#include "outbox.h"
#include "project.h"
#include "record.h"
#include "reminders.h"
#include "stmt.h"
#include "survey_sql.h"
#include "todo.h"
#include "util.h"

/* ---- the to-do list ------------------------------------------------------------------------ */

/* How soon a survey's closing puts it on the to-do list. */
#define SURVEY_TODO_DAYS 7

/* "30,0 %" of a rate in basis points. */
static void survey_remind_percent(int64_t bp, char out[32])
{
    snprintf(out, 32, "%lld,%lld %%", (long long)(bp / 100), (long long)(bp % 100 / 10));
}

static int survey_remind_by_rate(const void *a, const void *b)
{
    const SurveyRate *x = a, *y = b;
    if (x->rate_bp != y->rate_bp)
        return x->rate_bp < y->rate_bp ? -1 : 1;
    return strcmp(x->survey_code, y->survey_code);
}

int survey_remind_todo(Db *db, const Actor *a, int64_t project_id, const char *today,
                       json_t *items, size_t limit, int64_t *total, Errs *errs)
{
    if (a->user_id <= 0)
        return INSATS_OK;
    SurveyRate *r = NULL;
    size_t n = 0;
    int rc = survey_rates_closing(db, a, project_id, today, SURVEY_TODO_DAYS, &r, &n, errs);
    if (rc != INSATS_OK)
        return rc;
    /* the lowest rate first: the survey that needs a word to the participants most (nobody
     * marked present, no rate at all, before every rate) */
    if (n > 1)
        qsort(r, n, sizeof *r, survey_remind_by_rate);
    for (size_t i = 0; i < n && i < limit; i++) {
        char *detail;
        if (r[i].rate_bp < 0) {
            detail = xasprintf(_("%s – %lld svar, ingen närvaro registrerad"),
                               r[i].activity_title, (long long)r[i].responses);
        } else {
            char pct[32];
            survey_remind_percent(r[i].rate_bp, pct);
            detail = xasprintf(_("%s – svarsfrekvens %s (%lld svar av %lld närvarande)"),
                               r[i].activity_title, pct, (long long)r[i].responses,
                               (long long)r[i].present);
        }
        todo_item_add(items, "survey_closing", r[i].title, detail, "survey", r[i].survey_code,
                      r[i].closes, today);
        free(detail);
    }
    *total = (int64_t)n;
    survey_rates_free(r, n);
    return INSATS_OK;
}

/* ---- the reminders sweep ------------------------------------------------------------------- */

/* The accounts with an address that a survey of activity ?1 concerns. */
static const char Q_REMIND_TO[] =
    "SELECT u.id, u.email FROM app_user u WHERE u.email IS NOT NULL AND u.email <> '' AND "
    SURVEY_SQL_CONCERNS("u", "?1") " ORDER BY u.id";

/* Held activities of project ?1 (0: all) whose last session lies in the window before ?2. */
static const char Q_HELD[] =
    "SELECT a.id, a.project_id, a.title, max(s.session_date) AS last_day FROM activity a"
    " JOIN session s ON s.activity_id = a.id WHERE (?1 = 0 OR a.project_id = ?1)"
    " AND a.status = 'held' GROUP BY a.id HAVING last_day BETWEEN date(?2, ?3) AND ?2"
    " ORDER BY a.id";

static const char Q_PROJECTS[] = "SELECT id FROM project WHERE ?1 = 0 OR id = ?1 ORDER BY id";
static const char Q_TOKEN[] = "SELECT token FROM survey WHERE id = ?1";

/* One reminder, either kind. */
typedef struct SurveyReminder {
    bool low;                    /* the low rate; else after the activity was held */
    int64_t activity_id;
    const char *activity_title, *last_day;
    const SurveyRate *survey;    /* NULL: the activity has no survey */
} SurveyReminder;

/* The reminder in this thread's language (its recipient's), a whole sentence for each case. */
static char *survey_remind_body(const SurveyReminder *m, const char *base_url, const char *token)
{
    Buf b = {0};
    const SurveyRate *s = m->survey;
    char pct[32] = "";
    bool rate = s && s->rate_bp >= 0;
    if (rate)
        survey_remind_percent(s->rate_bp, pct);
    buf_printf(&b, "%s\n\n", _("Hej!"));
    if (m->low && rate)
        buf_printf(&b, _("Enkäten \"%s\" efter %s har fått %lld svar av %lld deltagare som var "
                         "närvarande (%s)."), s->title, m->activity_title,
                   (long long)s->responses, (long long)s->present, pct);
    else if (m->low)
        buf_printf(&b, _("Enkäten \"%s\" efter %s."), s->title, m->activity_title);
    else {
        buf_printf(&b, _("Utbildningsinsatsen \"%s\" hölls senast %s."), m->activity_title,
                   m->last_day);
        buf_putc(&b, ' ');
        if (s)
            buf_printf(&b, _("Efter varje utbildningsinsats ska deltagarna fylla i enkäten "
                             "\"%s\"."), s->title);
        else
            buf_puts(&b, _("Efter varje utbildningsinsats ska deltagarna fylla i enkäten."));
        if (rate) {
            buf_putc(&b, ' ');
            buf_printf(&b, _("Hittills har den fått %lld svar av %lld deltagare som var "
                             "närvarande (%s)."), (long long)s->responses, (long long)s->present,
                       pct);
        }
    }
    buf_putc(&b, '\n');
    if (s && s->closes) {
        buf_printf(&b, _("Den tar emot svar till och med %s."), s->closes);
        buf_putc(&b, '\n');
    }
    size_t base = base_url ? strlen(base_url) : 0;
    while (base > 0 && base_url[base - 1] == '/')
        base--;
    if (s && token && token[0] && base > 0)
        buf_printf(&b, "\n%s\n%.*s/s/%s\n",
                   m->low ? _("Påminn gärna deltagarna om att svara; enkäten är anonym:")
                          : _("Dela ut länken eller QR-koden till deltagarna om det inte redan "
                              "är gjort; enkäten är anonym:"),
                   (int)base, base_url, token);
    else if (s)
        buf_printf(&b, "\n%s\n", _("Länken och QR-koden finns på enkätens sida i insats."));
    buf_printf(&b, "\n%s\n", _("Det här är en automatisk påminnelse från insats. Du kan stänga av "
                                "påminnelser om enkäter under Mitt konto."));
    return b.data;
}

/* Writes one reminder to everyone the activity's survey concerns. */
static int survey_remind_write(Db *db, const SurveyReminder *m, const char *base_url,
                               SurveyRemindRun *run, Errs *errs)
{
    char token[SURVEY_TOKEN_LEN + 1] = "";
    if (m->survey) {
        Stmt *st = stmt_cached(db, Q_TOKEN);
        stmt_bind_int(st, 1, m->survey->survey_id);
        if (stmt_step(st) == STMT_ROW && stmt_text(st, 0))
            snprintf(token, sizeof token, "%s", stmt_text(st, 0));
        stmt_done(st);
    }
    int rc = INSATS_OK;
    Stmt *st = stmt_cached(db, Q_REMIND_TO);
    stmt_bind_int(st, 1, m->activity_id);
    StmtResult res;
    while (rc == INSATS_OK && (res = stmt_step(st)) == STMT_ROW) {
        int64_t uid = stmt_int(st, 0);
        /* The keys are the ones these reminders always had, so that none comes twice. */
        char *key = m->low ? xasprintf("survey_reminder:survey:%lld:user:%lld",
                                       (long long)m->survey->survey_id, (long long)uid)
                           : xasprintf("survey_reminder:activity:%lld:user:%lld",
                                       (long long)m->activity_id, (long long)uid);
        char *address = xstrdup(stmt_text(st, 1));
        Lang shown = i18n_switch(account_language(db, uid));
        char *body = survey_remind_body(m, base_url, token);
        char *subject = m->low ? xasprintf(_("Påminn om enkäten: %s"), m->survey->title)
                               : xasprintf(_("Påminnelse: enkäten efter %s"), m->activity_title);
        i18n_switch(shown);
        OutboxMessage msg = {.kind = "survey_reminder", .user_id = uid, .address = address,
                             .subject = subject, .body = body, .once_key = key};
        rc = reminders_add(db, &msg, m->low ? &run->low : &run->held, &run->skipped, errs);
        free(subject);
        free(body);
        free(address);
        free(key);
    }
    if (rc == INSATS_OK && res != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot read who to remind of the survey");
    stmt_done(st);
    return rc;
}

/* Whether a low rate is due for its reminder on `today` (survey_link.h). */
static bool survey_remind_low_due(const SurveyRate *r, const char *today)
{
    if (!r->low || !r->last_day || !date_valid(r->last_day))
        return false;
    int64_t t = date_to_days(today), last = date_to_days(r->last_day);
    int64_t closes = r->closes && date_valid(r->closes) ? date_to_days(r->closes)
                                                         : last + SURVEY_REMIND_OPEN_DAYS;
    int64_t from = closes - SURVEY_REMIND_LOW_DAYS;
    if (from < last + SURVEY_REMIND_LOW_AFTER)
        from = last + SURVEY_REMIND_LOW_AFTER;
    return t >= from && t <= closes;
}

/* The held activities of one project in the window: each reminded of its first open survey,
 * or of the survey it lacks; one with only closed surveys not at all. */
static int survey_remind_held(Db *db, int64_t project_id, const char *today, const SurveyRate *r,
                              size_t n, const char *base_url, SurveyRemindRun *run, Errs *errs)
{
    Stmt *st = stmt_cached(db, Q_HELD);
    stmt_bind_int(st, 1, project_id);
    stmt_bind_text(st, 2, today);
    char window[32];
    snprintf(window, sizeof window, "-%d days", SURVEY_REMIND_HELD_DAYS);
    stmt_bind_text(st, 3, window);
    StmtResult res = STMT_DONE;
    int rc = INSATS_OK;
    while (rc == INSATS_OK && (res = stmt_step(st)) == STMT_ROW) {
        int64_t activity = stmt_int(st, 0);
        const SurveyRate *open = NULL;
        bool any = false;
        for (size_t k = 0; k < n && !open; k++)
            if (r[k].activity_id == activity) {
                any = true;
                if (r[k].open)
                    open = &r[k];
            }
        if (any && !open)
            continue;
        SurveyReminder m = {.activity_id = activity, .activity_title = stmt_text(st, 2),
                            .last_day = stmt_text(st, 3), .survey = open};
        rc = survey_remind_write(db, &m, base_url, run, errs);
    }
    if (rc == INSATS_OK && res != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot find the activities to remind of");
    stmt_done(st);
    return rc;
}

static int survey_remind_project(Db *db, int64_t project_id, const char *today,
                                 const char *given_url, SurveyRemindRun *run, Errs *errs)
{
    /* the link's base: the one given (`serve --public-url`), else the project's address */
    char *base_url = project_public_url(db, project_id, given_url);
    Actor all;
    actor_cli(&all);
    SurveyRate *r = NULL;
    size_t n = 0;
    int rc = survey_rates(db, &all, project_id, today, false, &r, &n, errs);
    if (rc == INSATS_OK)
        rc = survey_remind_held(db, project_id, today, r, n, base_url, run, errs);
    for (size_t i = 0; rc == INSATS_OK && i < n; i++) {
        if (!survey_remind_low_due(&r[i], today))
            continue;
        SurveyReminder m = {.low = true, .activity_id = r[i].activity_id,
                            .activity_title = r[i].activity_title, .last_day = r[i].last_day,
                            .survey = &r[i]};
        rc = survey_remind_write(db, &m, base_url, run, errs);
    }
    survey_rates_free(r, n);
    free(base_url);
    return rc;
}

int survey_remind_sweep(Db *db, int64_t project_id, const char *today, const char *base_url,
                        SurveyRemindRun *run, Errs *errs)
{
    if (!today || !date_valid(today)) {
        errs_add(errs, "survey reminders: \"%s\" is not a date (YYYY-MM-DD)", today ? today : "");
        return INSATS_EINPUT;
    }
    Stmt *st = stmt_cached(db, Q_PROJECTS);
    stmt_bind_int(st, 1, project_id);
    StmtResult res = STMT_DONE;
    int rc = INSATS_OK;
    while (rc == INSATS_OK && (res = stmt_step(st)) == STMT_ROW)
        rc = survey_remind_project(db, stmt_int(st, 0), today, base_url, run, errs);
    if (rc == INSATS_OK && res != STMT_DONE)
        rc = stmt_fail(st, errs, "cannot read the projects");
    stmt_done(st);
    return rc;
}

int survey_remind(Db *db, const Actor *actor, int64_t project_id, const char *today,
                  const char *base_url, size_t *written, Errs *errs)
{
    *written = 0;
    if (!record_may_write(actor, "survey", 0)) {
        errs_add(errs, "your role may not send the surveys' reminders");
        return INSATS_EFORBIDDEN;
    }
    int rc = db_tx_begin(db, errs);
    if (rc != INSATS_OK)
        return rc;
    SurveyRemindRun run = {0};
    rc = survey_remind_sweep(db, project_id > 0 ? project_id : -1, today, base_url, &run, errs);
    if (rc == INSATS_OK)
        rc = db_tx_commit(db, errs);
    else
        db_tx_rollback(db);
    if (rc == INSATS_OK)
        *written = run.held + run.low;
    return rc;
}
