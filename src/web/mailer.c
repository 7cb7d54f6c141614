/* mailer.c — the mail worker of `insats serve` (mailer.h). */
#include "mailer.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_handle.h"
#include "outbox.h"
#include "reminders.h"
#include "util.h"

/* How often the worker looks for due messages, and runs the reminders sweep. */
#define MAILER_POLL_S 2
#define MAILER_REMINDERS_S (60 * 60)

struct Mailer {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    Db *db;
    OutboxSmtp smtp;
    OutboxPolicy policy;
    MailerLogFn log;
    void *log_ctx;
    const char *public_url;   /* the answer links' base in the survey reminders; NULL: none */
};

static void mailer_log(Mailer *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void mailer_log(Mailer *m, const char *fmt, ...)
{
    char line[512];
    int n = snprintf(line, sizeof line, "e-mail: ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    m->log(m->log_ctx, line);
}

static void mailer_log_errs(Mailer *m, Errs *errs)
{
    for (size_t i = 0; i < errs->count; i++)
        mailer_log(m, "%s", errs->msgs[i]);
    errs_free(errs);
    errs_init(errs);
}

static void *mailer_main(void *arg)
{
    Mailer *m = arg;
    Errs errs;
    errs_init(&errs);
    time_t next_sweep = 0;
    while (!atomic_load(&m->stop)) {
        time_t now = time(NULL);
        if (now >= next_sweep) {
            char today[11];
            struct tm tm;
            localtime_r(&now, &tm);
            strftime(today, sizeof today, "%Y-%m-%d", &tm);
            RemindersRun rr;
            if (reminders_run(m->db, today, m->public_url, &rr, &errs) != INSATS_OK)
                mailer_log_errs(m, &errs);
            else if (rr.survey + rr.action + rr.invitation + rr.skipped)
                mailer_log(m, "reminders: %zu about surveys, %zu about action items, %zu "
                              "meeting invitations, %zu recipients passed over for a "
                              "malformed address",
                           rr.survey, rr.action, rr.invitation, rr.skipped);
            next_sweep = now + MAILER_REMINDERS_S;
        }
        if (m->smtp.url) {
            OutboxRun run;
            if (outbox_send_due(m->db, &m->smtp, &m->policy, (int64_t)now, 0, &m->stop, &run,
                                &errs) != INSATS_OK)
                mailer_log_errs(m, &errs);
            if (run.sent + run.deferred + run.failed + run.uncertain + run.recovered)
                mailer_log(m, "%zu sent, %zu to be tried again, %zu failed, %zu uncertain, "
                              "%zu taken back from a stopped sender",
                           run.sent, run.deferred, run.failed, run.uncertain, run.recovered);
        }
        pthread_mutex_lock(&m->mu);
        if (!atomic_load(&m->stop)) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += MAILER_POLL_S;
            pthread_cond_timedwait(&m->cv, &m->mu, &until);
        }
        pthread_mutex_unlock(&m->mu);
    }
    errs_free(&errs);
    return NULL;
}

Mailer *mailer_start(const WebConfig *cfg, MailerLogFn log, void *log_ctx, Errs *errs)
{
    Mailer *m = xcalloc(1, sizeof *m);
    if (db_open(cfg->db_path, cfg->key_path, DB_OPEN_EXISTING, &m->db, errs) != INSATS_OK) {
        free(m);
        return NULL;
    }
    m->smtp = (OutboxSmtp){.url = cfg->smtp_url, .user = cfg->smtp_user,
                           .password = cfg->smtp_password, .from = cfg->smtp_from,
                           .timeout_s = cfg->smtp_timeout_s};
    m->policy = (OutboxPolicy){.retry_first_s = cfg->smtp_retry_s};
    m->log = log;
    m->log_ctx = log_ctx;
    m->public_url = cfg->public_url;
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->cv, NULL);
    if (pthread_create(&m->thread, NULL, mailer_main, m) != 0) {
        errs_add(errs, "the e-mail worker could not be started");
        db_close(m->db);
        pthread_cond_destroy(&m->cv);
        pthread_mutex_destroy(&m->mu);
        free(m);
        return NULL;
    }
    return m;
}

void mailer_stop(Mailer *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    atomic_store(&m->stop, 1);
    pthread_cond_broadcast(&m->cv);
    pthread_mutex_unlock(&m->mu);
    pthread_join(m->thread, NULL);
    db_close(m->db);
    pthread_cond_destroy(&m->cv);
    pthread_mutex_destroy(&m->mu);
    free(m);
}
