/* cmd_user.c — `insats user`: the accounts of the web application and the API (add, password,
 * list, disable and enable, API tokens, a trainer's activities, a second factor reset). The
 * rules are the core's (account.c); this file reads the command line and the password. */
#include "account.h"
#include "outbox.h"
#include "cli.h"
#include "activity.h"
#include "organisation.h"
#include "project.h"
#include "util.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* A password line longer than this is refused unread: far beyond the policy's limit. */
#define USER_LINE_MAX (ACCOUNT_PASSWORD_MAX_BYTES + 2)

typedef struct UserOpts {
    const char *sub;
    const char *login;       /* the first argument after the subcommand */
    const char *value;       /* `user lang`: the second argument (sv, en or auto) */
    const char *name;        /* --name */
    const char *role;        /* --role */
    const char *organisation;/* --organisation */
    const char *activity;    /* --activity */
    const char *address;     /* --address */
    bool remove;             /* --remove */
    unsigned seen;           /* options given, as USER_OPT_* bits */
} UserOpts;

enum {
    USER_OPT_LOGIN = 1u << 0,
    USER_OPT_NAME = 1u << 1,
    USER_OPT_ROLE = 1u << 2,
    USER_OPT_ORG = 1u << 3,
    USER_OPT_ACTIVITY = 1u << 4,
    USER_OPT_REMOVE = 1u << 5,
    USER_OPT_ADDRESS = 1u << 6,
};

static const char *user_option_name(unsigned bit)
{
    switch (bit) {
    case USER_OPT_LOGIN: return "--login";
    case USER_OPT_NAME: return "--name";
    case USER_OPT_ROLE: return "--role";
    case USER_OPT_ORG: return "--organisation";
    case USER_OPT_ACTIVITY: return "--activity";
    case USER_OPT_ADDRESS: return "--address";
    default: return "--remove";
    }
}

static int user_parse(int argc, char **argv, UserOpts *o)
{
    static const struct option longopts[] = {
        {"login", required_argument, NULL, 'l'},
        {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},
        {"organisation", required_argument, NULL, 'O'},
        {"activity", required_argument, NULL, 'a'},
        {"remove", no_argument, NULL, 'R'},
        {"address", required_argument, NULL, 'e'},
        {0, 0, 0, 0},
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': o->login = optarg; o->seen |= USER_OPT_LOGIN; break;
        case 'n': o->name = optarg; o->seen |= USER_OPT_NAME; break;
        case 'r': o->role = optarg; o->seen |= USER_OPT_ROLE; break;
        case 'O': o->organisation = optarg; o->seen |= USER_OPT_ORG; break;
        case 'a': o->activity = optarg; o->seen |= USER_OPT_ACTIVITY; break;
        case 'R': o->remove = true; o->seen |= USER_OPT_REMOVE; break;
        case 'e': o->address = optarg; o->seen |= USER_OPT_ADDRESS; break;
        default:
            return cli_bad_option("user", argv[optind - 1], longopts);
        }
    }
    /* The login stands as the argument (`user passwd karin`), or as --login for `add`. */
    if (optind < argc) {
        if (o->login)
            return cli_usage_error("user", "unexpected argument \"%s\"", argv[optind]);
        o->login = argv[optind++];
    }
    if (optind < argc && o->login && strcmp(o->sub, "lang") == 0)
        o->value = argv[optind++];
    if (optind < argc)
        return cli_usage_error("user", "unexpected argument \"%s\"", argv[optind]);
    return INSATS_OK;
}

/* Refuses options the subcommand does not take, and requires its login. */
static int user_allow(const UserOpts *o, unsigned allowed)
{
    int rc = cli_only_options("user", o->sub, o->seen, allowed, user_option_name);
    if (rc != INSATS_OK)
        return rc;
    if (!o->login)
        return cli_usage_error("user", "`user %s` needs the login of the account", o->sub);
    return INSATS_OK;
}

/* How every subcommand on one account starts: refuses the options it does not take (allowed),
 * requires the one it needs (required, with `what` saying what it is, or 0), opens the database
 * and finds the account of o->login. On INSATS_OK the caller closes *db. */
static int user_open(const GlobalOpts *g, const UserOpts *o, unsigned allowed, unsigned required,
                     const char *what, Db **db, AccountUser *u, Errs *errs)
{
    *db = NULL;
    int rc = user_allow(o, allowed | required);
    if (rc != INSATS_OK)
        return rc;
    if (required && !(o->seen & required))
        return cli_usage_error("user", "`user %s` needs %s, %s", o->sub,
                               user_option_name(required), _(what));
    if ((rc = cli_open_db(g, DB_OPEN_EXISTING, db)) != INSATS_OK)
        return rc;
    rc = account_find(*db, o->login, u, errs);
    if (rc != INSATS_OK) {
        db_close(*db);
        *db = NULL;
    }
    return rc;
}

/* The organisation of --organisation (a code of the project), or 0 without the option. */
static int user_organisation(Db *db, const GlobalOpts *g, const char *code, int64_t *id,
                             Errs *errs)
{
    *id = 0;
    if (!code)
        return INSATS_OK;
    int64_t project = 0;
    int rc = project_resolve(db, g->project, &project, errs);
    if (rc != INSATS_OK)
        return rc;
    *id = organisation_find(db, project, code);
    if (*id > 0)
        return INSATS_OK;
    errs_add(errs, "--organisation: the project has no organisation \"%s\" (`insats list "
             "organisations` shows them)", code);
    return INSATS_EINPUT;
}

static int user_role(const char *name, Role *out)
{
    if (actor_role_parse(name, out))
        return INSATS_OK;
    return cli_bad_value("user", "--role", name ? name : "",
                         "admin, manager, coordinator, economist, trainer, reader, evaluator");
}

static int run_add(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    int rc = user_allow(o, USER_OPT_LOGIN | USER_OPT_NAME | USER_OPT_ROLE | USER_OPT_ORG);
    if (rc != INSATS_OK)
        return rc;
    if (!o->name)
        return cli_usage_error("user", "`user add` needs --name, the name of the person");
    if (!o->role)
        return cli_usage_error("user", "`user add` needs --role");
    AccountNew in = {.login = o->login, .name = o->name};
    if ((rc = user_role(o->role, &in.role)) != INSATS_OK)
        return rc;
    Db *db = NULL;
    if ((rc = cli_open_db(g, DB_OPEN_EXISTING, &db)) != INSATS_OK)
        return rc;
    Actor cli;
    actor_cli(&cli);
    rc = user_organisation(db, g, o->organisation, &in.organisation_id, errs);
    AccountUser u;
    if (rc == INSATS_OK)
        rc = account_add(db, &cli, &in, NULL, errs);
    if (rc == INSATS_OK)
        rc = account_find(db, o->login, &u, errs);
    if (rc == INSATS_OK) {
        printf(_("Added the account %s (%s)\n"), u.login, actor_role_name(u.role));
        printf(_("It has no password yet: set one with `insats user passwd %s`.\n"), u.login);
    }
    db_close(db);
    return rc;
}

/* The terminal's settings while echo is off, to restore on an interrupt. */
static struct termios user_tty_saved;
static volatile sig_atomic_t user_tty_off;

static void user_tty_restore(int sig)
{
    if (user_tty_off)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &user_tty_saved);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Reads one line of standard input without its line end into b. Returns 1 for a line, 0 at the
 * end of input with nothing read, -1 for a line longer than USER_LINE_MAX. */
static int user_read_line(Buf *b)
{
    buf_clear(b);
    int c;
    bool any = false;
    while ((c = getchar()) != EOF && c != '\n') {
        any = true;
        if (b->len >= USER_LINE_MAX) {
            while ((c = getchar()) != EOF && c != '\n')
                ;
            return -1;
        }
        buf_putc(b, (char)c);
    }
    if (b->len && b->data[b->len - 1] == '\r')
        b->data[--b->len] = '\0';
    if (!b->data)
        buf_puts(b, "");
    return any || c == '\n' ? 1 : 0;
}

/* Asks for a line on the terminal with echo off. */
static int user_ask(const char *prompt, Buf *b)
{
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    struct termios off = user_tty_saved;
    off.c_lflag &= ~(tcflag_t)ECHO;
    off.c_lflag |= ECHONL;
    user_tty_off = 1;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &off);
    int r = user_read_line(b);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &user_tty_saved);
    user_tty_off = 0;
    return r;
}

static void user_wipe(Buf *b)
{
    if (b->data)
        explicit_bzero(b->data, b->cap);
    buf_free(b);
}

/* The new password: asked twice on a terminal, else one line of standard input. */
static int user_read_password(const char *login, Buf *pw, Errs *errs)
{
    int r;
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &user_tty_saved) == 0) {
        signal(SIGINT, user_tty_restore);
        signal(SIGTERM, user_tty_restore);
        char *prompt = xasprintf(_("New password for %s (at least %d characters): "), login,
                                 ACCOUNT_PASSWORD_MIN_CHARS);
        r = user_ask(prompt, pw);
        free(prompt);
        Buf again = {0};
        if (r == 1) {
            AccountPwProblem p = account_password_check(pw->data);
            if (p != ACCOUNT_PW_OK) {
                errs_add(errs, "password: %s; nothing was changed",
                         account_password_problem_text(p));
                return INSATS_EINPUT;
            }
            r = user_ask(_("The same password again: "), &again);
            if (r == 1 && strcmp(again.data, pw->data) != 0) {
                user_wipe(&again);
                errs_add(errs, "the two passwords differ; nothing was changed");
                return INSATS_EINPUT;
            }
        }
        user_wipe(&again);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
    } else {
        r = user_read_line(pw);
    }
    if (r == 0) {
        errs_add(errs, "no password was given on standard input; nothing was changed");
        return INSATS_EINPUT;
    }
    if (r < 0) {
        errs_add(errs, "password: %s; nothing was changed",
                 account_password_problem_text(ACCOUNT_PW_LONG));
        return INSATS_EINPUT;
    }
    return INSATS_OK;
}

static int run_passwd(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, 0, 0, NULL, &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    Buf pw = {0};
    rc = user_read_password(u.login, &pw, errs);
    if (rc == INSATS_OK)
        rc = account_set_password(db, u.id, pw.data, 0, errs);
    user_wipe(&pw);
    if (rc == INSATS_OK)
        printf(_("The password of %s is set; any session of the account was logged out.\n"),
               u.login);
    db_close(db);
    return rc;
}

static int run_list(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    if (o->seen || o->login)
        return cli_usage_error("user", "`user list` takes no argument or option");
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    AccountUser *users = NULL;
    size_t n = 0;
    rc = account_list(db, &users, &n, errs);
    if (rc == INSATS_OK) {
        cli_headings(6, (const char *const[]){N_("LOGIN"), N_("ROLE"), N_("ORGANISATION"),
                                              N_("STATUS"), N_("2FA"), N_("NAME")},
                     (const int[]){-20, -12, -14, -12, -4, 0});
        for (size_t i = 0; i < n; i++) {
            const AccountUser *u = &users[i];
            const char *status = u->disabled ? _("disabled") : u->has_password ? _("active")
                                                                              : _("no password");
            const char *totp = u->totp_enrolled ? _("yes") : _("no");
            printf("%-20s %-12s %-14s %-*s %-*s %s\n", u->login, actor_role_name(u->role),
                   u->organisation_code[0] ? u->organisation_code : "-", cli_pad(status, 12),
                   status, cli_pad(totp, 4), totp, u->name);
        }
        if (n == 0)
            fprintf(stderr, _("No accounts yet: add one with `insats user add`.\n"));
    }
    free(users);
    db_close(db);
    return rc;
}

static int run_disable_enable(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    bool disable = strcmp(o->sub, "disable") == 0;
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, 0, 0, NULL, &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    Actor cli;
    actor_cli(&cli);
    rc = account_set_disabled(db, &cli, u.id, disable, errs);
    if (rc == INSATS_OK)
        printf(disable ? _("Disabled the account %s: it is logged out and its tokens no longer "
                           "work.\n")
                       : _("Enabled the account %s.\n"),
               u.login);
    db_close(db);
    return rc;
}

static int run_token(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, 0, USER_OPT_NAME, N_("what the token is for"), &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    char token[ACCOUNT_TOKEN_SIZE];
    rc = account_token_create(db, u.id, o->name, time(NULL), token, NULL, errs);
    if (rc == INSATS_OK) {
        printf("%s\n", token);
        fprintf(stderr, _("This is the only time the token is shown: keep it where the script "
                "that uses it can read it, and send it as \"Authorization: Bearer TOKEN\".\n"));
        explicit_bzero(token, sizeof token);
    }
    db_close(db);
    return rc;
}

static int run_token_revoke(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, 0, USER_OPT_NAME,
                       N_("the token's name (`insats user tokens LOGIN` lists them)"), &db, &u,
                       errs);
    if (rc != INSATS_OK)
        return rc;
    int64_t id = account_token_find(db, u.id, o->name);
    if (id == 0) {
        errs_add(errs, "%s has no valid token named \"%s\" (`insats user tokens %s` lists them)",
                 u.login, o->name, u.login);
        rc = INSATS_EINPUT;
    } else {
        rc = account_token_revoke(db, u.id, id, time(NULL), errs);
    }
    if (rc == INSATS_OK)
        printf(_("Revoked the token \"%s\" of %s.\n"), o->name, u.login);
    db_close(db);
    return rc;
}

/* A Unix time as a local date and time for a list, or "-" for 0. */
static void user_time(int64_t t, char out[20])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t == 0 || !localtime_r(&tt, &tm) || strftime(out, 20, "%Y-%m-%d %H:%M", &tm) == 0)
        snprintf(out, 20, "-");
}

static int run_tokens(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, 0, 0, NULL, &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    AccountToken *t = NULL;
    size_t n = 0;
    rc = account_token_list(db, u.id, &t, &n, errs);
    if (rc == INSATS_OK) {
        cli_headings(4, (const char *const[]){N_("CREATED"), N_("LAST USED"), N_("REVOKED"),
                                              N_("NAME")},
                     (const int[]){-16, -16, -16, 0});
        for (size_t i = 0; i < n; i++) {
            char c[20], l[20], r[20];
            user_time(t[i].created, c);
            user_time(t[i].last_used, l);
            user_time(t[i].revoked, r);
            printf("%-16s %-16s %-16s %s\n", c, l, r, t[i].name);
        }
    }
    free(t);
    db_close(db);
    return rc;
}

static int run_assign(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, USER_OPT_REMOVE, USER_OPT_ACTIVITY,
                       N_("the activity's id (`insats list activities`)"), &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    int64_t project = 0, activity = 0;
    rc = project_resolve(db, g->project, &project, errs);
    if (rc == INSATS_OK && (activity = activity_find(db, project, o->activity)) == 0) {
        errs_add(errs, "--activity: the project has no activity \"%s\" (`insats list "
                 "activities` shows them)", o->activity);
        rc = INSATS_EINPUT;
    }
    Actor cli;
    actor_cli(&cli);
    if (rc == INSATS_OK)
        rc = account_trainer_assign(db, &cli, u.id, activity, !o->remove, errs);
    if (rc == INSATS_OK)
        printf(o->remove ? _("%s is no longer assigned to the activity %s.\n")
                         : _("%s is assigned to the activity %s.\n"),
               u.login, o->activity);
    db_close(db);
    return rc;
}

/* `user email LOGIN --address ADDRESS` (or --remove): where the account's e-mail goes. */
static int run_email(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    if ((o->seen & USER_OPT_ADDRESS) && o->remove)
        return cli_usage_error("user", "give --address or --remove, not both");
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, USER_OPT_REMOVE, o->remove ? 0 : USER_OPT_ADDRESS,
                       N_("the account's e-mail address (or --remove)"), &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    Actor cli;
    actor_cli(&cli);
    rc = outbox_set_account_email(db, &cli, u.id, o->remove ? NULL : o->address, errs);
    if (rc == INSATS_OK)
        printf(o->remove ? _("The account %s has no e-mail address now.\n")
                         : _("Set the e-mail address of %s.\n"),
               u.login);
    db_close(db);
    return rc;
}

/* `user lang LOGIN [sv|en|auto]`: the language the account reads the web application in, or
 * without the word the one it has chosen. */
static int run_lang(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, 0, 0, NULL, &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    if (!o->value) {
        printf("%s\n", u.lang == LANG_NONE ? "auto" : i18n_code(u.lang));
        db_close(db);
        return INSATS_OK;
    }
    Actor cli;
    actor_cli(&cli);
    rc = account_set_lang(db, &cli, u.id, o->value, errs);
    if (rc == INSATS_OK && strcmp(o->value, "auto") == 0)
        printf(_("The account %s reads the web application in the language its browser asks "
                 "for.\n"), u.login);
    else if (rc == INSATS_OK)
        printf(strcmp(o->value, "en") == 0
                   ? _("The account %s reads the web application in English.\n")
                   : _("The account %s reads the web application in Swedish.\n"),
               u.login);
    db_close(db);
    return rc;
}

static int run_totp_reset(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    Db *db = NULL;
    AccountUser u;
    int rc = user_open(g, o, 0, 0, NULL, &db, &u, errs);
    if (rc != INSATS_OK)
        return rc;
    Actor cli;
    actor_cli(&cli);
    rc = account_totp_reset(db, &cli, u.id, errs);
    if (rc == INSATS_OK)
        printf(_("Removed the second factor of %s: it enrols a new one at its next login.\n"),
               u.login);
    db_close(db);
    return rc;
}

static int run_demo(const GlobalOpts *g, const UserOpts *o, Errs *errs)
{
    if (o->seen || o->login)
        return cli_usage_error("user", "`user demo` takes no argument or option");
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    int64_t project = 0;
    AccountDemo *d = NULL;
    size_t n = 0;
    rc = project_resolve(db, g->project, &project, errs);
    if (rc == INSATS_OK)
        rc = account_demo_accounts(db, project, &d, &n, errs);
    if (rc == INSATS_OK && n > 0) {
        cli_headings(4, (const char *const[]){N_("LOGIN"), N_("ROLE"), N_("ORGANISATION"),
                                              N_("PASSWORD")},
                     (const int[]){-24, -12, -14, 0});
        for (size_t i = 0; i < n; i++)
            printf("%-24s %-12s %-14s %s\n", d[i].login, actor_role_name(d[i].role),
                   d[i].organisation_code[0] ? d[i].organisation_code : "-", d[i].password);
        fprintf(stderr, _("The passwords are shown this once; `insats user passwd LOGIN` sets "
                "another.\n"));
    } else if (rc == INSATS_OK) {
        fprintf(stderr, _("The demo accounts exist already; nothing was changed.\n"));
    }
    if (d)
        explicit_bzero(d, n * sizeof *d);
    free(d);
    db_close(db);
    return rc;
}

static const struct {
    const char *name;
    int (*run)(const GlobalOpts *, const UserOpts *, Errs *);
} user_subs[] = {
    {"add", run_add},
    {"passwd", run_passwd},
    {"list", run_list},
    {"disable", run_disable_enable},
    {"enable", run_disable_enable},
    {"token", run_token},
    {"tokens", run_tokens},
    {"token-revoke", run_token_revoke},
    {"assign", run_assign},
    {"totp-reset", run_totp_reset},
    {"email", run_email},
    {"lang", run_lang},
    {"demo", run_demo},
};
#define USER_NSUBS (sizeof user_subs / sizeof user_subs[0])
#define USER_SUB_LIST "add, passwd, list, disable, enable, token, tokens, token-revoke, " \
                      "assign, totp-reset, email, lang, demo"

const char *const *cmd_user_subcommands(void)
{
    static const char *names[USER_NSUBS + 1];
    for (size_t i = 0; i < USER_NSUBS; i++)
        names[i] = user_subs[i].name;
    return names;
}

int cmd_user(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("user", "what to do? one of %s", USER_SUB_LIST);
    UserOpts o = {.sub = argv[1]};
    int (*run)(const GlobalOpts *, const UserOpts *, Errs *) = NULL;
    for (size_t i = 0; i < USER_NSUBS; i++)
        if (strcmp(argv[1], user_subs[i].name) == 0)
            run = user_subs[i].run;
    if (!run)
        return cli_bad_subcommand("user", argv[1], cmd_user_subcommands());
    int rc = user_parse(argc - 1, argv + 1, &o);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = run(g, &o, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}
