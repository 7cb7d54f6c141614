/* cmd_outbox.c — `insats outbox`: the e-mail outbox from the command line (outbox.h): list it,
 * send what is due once (for scripts and cron), retry or cancel a message, write a test
 * message, run the reminders sweep. Also the relay's options that `serve` shares. */
#include "cli.h"
#include "outbox.h"
#include "reminders.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_smtp_option(const char *cmd, int c, const char *arg, CliSmtp *s)
{
    long n = 0;
    switch (c) {
    case CLI_OPT_SMTP:
        if (strncmp(arg, "smtp://", 7) != 0 && strncmp(arg, "smtps://", 8) != 0)
            return cli_usage_error(cmd, "--smtp: \"%s\" is not a relay's URL; write "
                                        "smtp://HOST:PORT or smtps://HOST:PORT", arg);
        s->url = arg;
        return INSATS_OK;
    case CLI_OPT_SMTP_FROM: {
        Buf why = {0};
        bool ok = validate_email(arg, &why);
        buf_free(&why);
        if (!ok)
            return cli_usage_error(cmd, "--smtp-from: \"%s\" is not an e-mail address", arg);
        s->from = arg;
        return INSATS_OK;
    }
    case CLI_OPT_SMTP_USER:
        s->user = arg;
        return INSATS_OK;
    case CLI_OPT_SMTP_PASSWORD_FILE: {
        FILE *f = fopen(arg, "r");
        if (!f || !fgets(s->password, sizeof s->password, f)) {
            if (f)
                fclose(f);
            return cli_usage_error(cmd, "--smtp-password-file: cannot read \"%s\"", arg);
        }
        fclose(f);
        s->password[strcspn(s->password, "\r\n")] = '\0';
        s->has_password = true;
        return INSATS_OK;
    }
    case CLI_OPT_SMTP_TIMEOUT:
        if (cli_parse_count(cmd, "--smtp-timeout", arg, 600, "a number of seconds (1–600)",
                            &n) != INSATS_OK)
            return INSATS_EUSAGE;
        s->timeout_s = n;
        return INSATS_OK;
    case CLI_OPT_SMTP_RETRY:
        if (cli_parse_count(cmd, "--smtp-retry", arg, 86400,
                            "a number of seconds (1–86400)", &n) != INSATS_OK)
            return INSATS_EUSAGE;
        s->retry_s = n;
        return INSATS_OK;
    default:
        return -1;
    }
}

int cli_smtp_check(const char *cmd, const CliSmtp *s, bool required)
{
    if (!s->url && required)
        return cli_usage_error(cmd, "name the relay to send through with --smtp URL");
    if (s->url && !s->from)
        return cli_usage_error(cmd, "--smtp needs the sender's address: --smtp-from ADDRESS");
    if (!s->url && (s->from || s->user || s->has_password))
        return cli_usage_error(cmd, "--smtp-from, --smtp-user and --smtp-password-file need "
                                    "--smtp URL");
    return INSATS_OK;
}

static int outbox_cli_list(Db *db, const char *state, int limit)
{
    Actor me;
    actor_cli(&me);
    OutboxFilter f = {.state = state, .limit = limit};
    OutboxRow *rows = NULL;
    size_t n = 0;
    Errs errs;
    errs_init(&errs);
    int rc = outbox_list(db, &me, &f, &rows, &n, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    if (n)
        cli_headings(7, (const char *const[]){N_("id"), N_("kind"), N_("to"), N_("state"),
                                              N_("attempts"), N_("next/sent"),
                                              N_("subject / last error")},
                     (const int[]){-6, -18, -24, -9, -8, -16, 0});
    for (size_t i = 0; i < n; i++) {
        const OutboxRow *r = &rows[i];
        char when[20];
        time_local_minute(!strcmp(r->state, "sent") ? r->sent_at
                          : !strcmp(r->state, "queued") ? r->next_attempt : 0, when, "-");
        printf("%-6lld %-18s %-24s %-9s %-8d %-16s %s\n", (long long)r->id, r->kind,
               r->recipient, r->state, r->attempts, when, r->subject);
        if (r->last_error[0])
            printf("%*s%s\n", 85, "", r->last_error);
    }
    if (n == 0 && state)
        printf(_("the outbox has no message of state %s\n"), state);
    else if (n == 0)
        puts(_("the outbox is empty"));
    free(rows);
    return INSATS_OK;
}

static int outbox_cli_send(Db *db, const CliSmtp *s)
{
    OutboxSmtp smtp = {.url = s->url, .from = s->from, .user = s->user,
                       .password = s->has_password ? s->password : NULL,
                       .timeout_s = s->timeout_s};
    OutboxPolicy policy = {.retry_first_s = s->retry_s};
    OutboxRun run;
    Errs errs;
    errs_init(&errs);
    int rc = outbox_send_due(db, &smtp, &policy, (int64_t)time(NULL), 0, NULL, &run, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    printf(_("%zu sent, %zu to be tried again, %zu failed, %zu uncertain"), run.sent, run.deferred,
           run.failed, run.uncertain);
    if (run.recovered)
        printf(_(", %zu taken back from a sender that stopped"), run.recovered);
    putchar('\n');
    return run.deferred + run.failed + run.uncertain ? INSATS_ESTORAGE : INSATS_OK;
}

static int outbox_cli_move(Db *db, const char *word, bool retry)
{
    char *end = NULL;
    long long id = word ? strtoll(word, &end, 10) : 0;
    if (!word || *end || id <= 0)
        return cli_usage_error("outbox", "%s needs the id of a message (`insats outbox list`)",
                               retry ? "retry" : "cancel");
    Actor me;
    actor_cli(&me);
    Errs errs;
    errs_init(&errs);
    int rc = retry ? outbox_retry(db, &me, id, (int64_t)time(NULL), &errs)
                   : outbox_cancel(db, &me, id, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    printf(retry ? _("message %lld will be sent again\n") : _("message %lld is cancelled\n"), id);
    return INSATS_OK;
}

static int outbox_cli_test(Db *db, const char *address)
{
    Errs errs;
    errs_init(&errs);
    Actor me;
    actor_cli(&me);
    int64_t id = 0;
    int rc = outbox_add_test(db, &me, address, &id, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    printf(_("message %lld is in the outbox; the server sends it (or `insats outbox send`)\n"),
           (long long)id);
    return INSATS_OK;
}

static int outbox_cli_reminders(Db *db, const char *today)
{
    char day[11];
    if (!today) {
        date_today(day);
        today = day;
    }
    RemindersRun run;
    Errs errs;
    errs_init(&errs);
    /* the answer links' base as for `insats survey`, when it is set */
    int rc = reminders_run(db, today, getenv("INSATS_PUBLIC_URL"), &run, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    printf(_("%zu reminders about surveys, %zu about action items, %zu meeting invitations "
             "written to the outbox"), run.survey, run.action, run.invitation);
    if (run.skipped)
        printf(_("; %zu recipients passed over for a malformed address"), run.skipped);
    putchar('\n');
    return INSATS_OK;
}

const char *const *cmd_outbox_subcommands(void)
{
    static const char *const subs[] = {"list", "send", "retry", "cancel", "test", "reminders",
                                       NULL};
    return subs;
}

int cmd_outbox(const GlobalOpts *g, int argc, char **argv)
{
    const char *const *subs = cmd_outbox_subcommands();
    static const struct option longopts[] = {
        {"state", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'l'},
        {"today", required_argument, NULL, 'd'},
        CLI_SMTP_LONGOPTS,
        {0, 0, 0, 0},
    };
    if (argc < 2)
        return cli_usage_error("outbox", "name what to do: list, send, retry, cancel, test or "
                                         "reminders");
    const char *sub = argv[1];
    bool known = false;
    for (const char *const *s = subs; *s; s++)
        known |= strcmp(*s, sub) == 0;
    if (!known)
        return cli_bad_subcommand("outbox", sub, subs);
    CliSmtp smtp = {0};
    const char *state = NULL, *today = NULL;
    long limit = 0;
    int c;
    opterr = 0;
    optind = 2;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        int r = cli_smtp_option("outbox", c, optarg, &smtp);
        if (r == INSATS_OK)
            continue;
        if (r != -1)
            return r;
        switch (c) {
        case 's':
            state = optarg;
            break;
        case 'l':
            if (cli_parse_count("outbox", "--limit", optarg, 10000, "a number from 1 to 10000",
                                &limit) != INSATS_OK)
                return INSATS_EUSAGE;
            break;
        case 'd':
            if (!date_valid(optarg))
                return cli_usage_error("outbox", "--today: \"%s\" is not a date (YYYY-MM-DD)",
                                       optarg);
            today = optarg;
            break;
        default:
            return cli_bad_option("outbox", argv[optind - 1], longopts);
        }
    }
    bool takes_arg = !strcmp(sub, "retry") || !strcmp(sub, "cancel") || !strcmp(sub, "test");
    if (takes_arg && optind >= argc)
        return cli_usage_error("outbox", "`outbox %s` needs %s", sub,
                               !strcmp(sub, "test") ? "an e-mail address" : "a message's id");
    if (optind + (takes_arg ? 1 : 0) < argc)
        return cli_usage_error("outbox", "unexpected argument \"%s\"",
                               argv[optind + (takes_arg ? 1 : 0)]);
    if (state) {
        static const char *const states[] = {"queued", "sending", "sent", "uncertain", "failed",
                                             "cancelled", NULL};
        bool ok = false;
        for (const char *const *s = states; *s; s++)
            ok |= strcmp(*s, state) == 0;
        if (!ok)
            return cli_bad_value("outbox", "--state", state,
                                 "queued, sending, sent, uncertain, failed, cancelled");
    }
    if (!strcmp(sub, "send") && cli_smtp_check("outbox", &smtp, true) != INSATS_OK)
        return INSATS_EUSAGE;
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    if (!strcmp(sub, "list"))
        rc = outbox_cli_list(db, state, (int)limit);
    else if (!strcmp(sub, "send"))
        rc = outbox_cli_send(db, &smtp);
    else if (!strcmp(sub, "retry") || !strcmp(sub, "cancel"))
        rc = outbox_cli_move(db, argv[optind], !strcmp(sub, "retry"));
    else if (!strcmp(sub, "test"))
        rc = outbox_cli_test(db, argv[optind]);
    else
        rc = outbox_cli_reminders(db, today);
    explicit_bzero(smtp.password, sizeof smtp.password);
    db_close(db);
    return rc;
}
