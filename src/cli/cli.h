/* cli.h — shared pieces of the command line: the options every command accepts, the command
 * table entry, and the progress line. Commands live in cmd_*.c, one file per area. */
#ifndef INSATS_CLI_H
#define INSATS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db_handle.h"
#include "err.h"
#include "i18n.h"

/* Options that may stand before or after the command name. */
typedef struct GlobalOpts {
    const char *db_path;       /* --db, INSATS_DB, default ./insats.db */
    const char *key_path;      /* --key, INSATS_KEY, default <db>.key */
    const char *project;       /* --project: which project, when the database holds several */
} GlobalOpts;

typedef struct Command {
    const char *name;
    int (*run)(const GlobalOpts *g, int argc, char **argv);  /* argv[0] is the command name */
    const char *summary;       /* one line for `insats --help` */
    const char *usage;         /* full help for `insats COMMAND --help` */
} Command;

/* An option or exit code for help and the manual page: its name, its argument (for an exit
 * code: the few words of --help) and what it does. Arrays end with a NULL name. */
typedef struct CliOption {
    const char *name;
    const char *arg;
    const char *help;
} CliOption;

/* The text of `insats --help` around the command table, shared with the manual page. */
typedef struct CliText {
    const char *synopsis;             /* "insats [--db PATH] … COMMAND [ARGS]" */
    const char *about;                /* what insats is for, lines ending in \n */
    const CliOption *global_options;
    const CliOption *exit_codes;
} CliText;

extern const CliText cli_text;

/* Prints the command's usage to stdout. */
void cli_usage(const Command *c);
/* Looks a command up by name; NULL if unknown. */
const Command *cli_command(const char *name);
/* The table of commands, in the order of `insats --help`; *n is set to their number. */
const Command *cli_commands(size_t *n);
/* "insats: <message>" on stderr, then a hint to --help; returns INSATS_EUSAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An option getopt_long refused (arg: argv[optind - 1]): a known one without its value ("--limit
 * needs a value"), or an unknown one with the nearest of longopts when it looks like a typo
 * of it ("did you mean "--limit"?"). Prints as cli_usage_error and returns INSATS_EUSAGE. */
int cli_bad_option(const char *cmd, const char *arg, const struct option *longopts);

/* A value that is not one of `allowed` ("a, b, c"): "<opt>: "<value>" is not one of a, b, c",
 * with the nearest when it looks like a typo of it. Prints as cli_usage_error and returns
 * INSATS_EUSAGE. */
int cli_bad_value(const char *cmd, const char *opt, const char *value, const char *allowed);

/* A subcommand of cmd that is not one of names (NULL-terminated): "\"<word>\" is not one of
 * a, b, c", with the nearest when it looks like a typo of it ("did you mean `cmd b`?"). Prints
 * as cli_usage_error and returns INSATS_EUSAGE. */
int cli_bad_subcommand(const char *cmd, const char *word, const char *const *names);

/* Refuses an option of `seen` (bits of the command's own) that the subcommand does not take
 * (not in `allowed`): "<name(bit)> does not apply to `cmd sub`", as cli_usage_error, returning
 * INSATS_EUSAGE; INSATS_OK when all of them apply. */
int cli_only_options(const char *cmd, const char *sub, unsigned seen, unsigned allowed,
                     const char *(*name)(unsigned bit));

/* Parses the value of a count option (--limit, --period): a whole number from 1 to max. On
 * anything else prints "<opt>: "<arg>" is not <what>" as a usage error of cmd and returns
 * INSATS_EUSAGE, leaving *out alone; else stores it and returns INSATS_OK. */
int cli_parse_count(const char *cmd, const char *opt, const char *arg, long max,
                    const char *what, long *out);

/* Opens the database of the global options, printing errors. Returns an exit code. */
int cli_open_db(const GlobalOpts *g, int mode, Db **db);
/* The address links are built on (survey answer links, the certificates' verification): the
 * option's value (`flag`, --url) when given, else the environment variable `env`, else the
 * project's setting (`insats settings set --public-url`), as project_public_url() keeps it;
 * NULL when none is set or the one given is not an http(s) URL. Caller frees. */
char *cli_public_url(Db *db, int64_t project_id, const char *flag, const char *env);
/* Flushes and closes standard output at the end of a run. Returns rc, or INSATS_ESTORAGE
 * after a message when rc was INSATS_OK but some output could not be written. */
int cli_finish_stdout(int rc);
/* Prints errs and returns rc: the common tail of a failed command. */
int cli_fail(int rc, Errs *errs);

/* Display width of UTF-8 text: counts code points, which is right for the Latin text shown. */
size_t cli_text_width(const char *s);
/* The printf field width (%-*s, %*s) that pads s to `width` columns: printf counts bytes, and
 * a translated heading's å, ä and ö take two each. */
int cli_pad(const char *s, int width);
/* A line of column headings over printf'd figures: each of heads translated and padded to its
 * column's width (negative: left-aligned, as %-*s), one space between columns. */
void cli_headings(size_t n, const char *const heads[], const int widths[]);

/* ProgressFn for long work: a self-overwriting line on a terminal, silence when stderr is not
 * a terminal (a pipe or a log). ctx is unused. */
void cli_progress(void *ctx, const char *stage, size_t done, size_t total);
/* Ends the progress line, if one was drawn. */
void cli_progress_done(void);

/* The manual page insats(1) as roff, and the bash completion script, both made from the
 * command table (cmd_help.c), written to out. Return an exit code. */
int help_man(FILE *out, const char *version);
int help_bash_completion(FILE *out);

/* The relay's options that `serve` and `outbox send` share (cmd_outbox.c): put
 * CLI_SMTP_LONGOPTS in the command's struct option table and pass each option to
 * cli_smtp_option() first. */
enum {
    CLI_OPT_SMTP = 0x100, CLI_OPT_SMTP_FROM, CLI_OPT_SMTP_USER, CLI_OPT_SMTP_PASSWORD_FILE,
    CLI_OPT_SMTP_TIMEOUT, CLI_OPT_SMTP_RETRY,
};
#define CLI_SMTP_LONGOPTS                                                                      \
    {"smtp", required_argument, NULL, CLI_OPT_SMTP},                                           \
    {"smtp-from", required_argument, NULL, CLI_OPT_SMTP_FROM},                                 \
    {"smtp-user", required_argument, NULL, CLI_OPT_SMTP_USER},                                 \
    {"smtp-password-file", required_argument, NULL, CLI_OPT_SMTP_PASSWORD_FILE},               \
    {"smtp-timeout", required_argument, NULL, CLI_OPT_SMTP_TIMEOUT},                           \
    {"smtp-retry", required_argument, NULL, CLI_OPT_SMTP_RETRY}

typedef struct CliSmtp {
    const char *url, *from, *user;
    char password[512];        /* the first line of --smtp-password-file */
    bool has_password;
    long timeout_s, retry_s;   /* 0: the defaults */
} CliSmtp;

/* One option of c: INSATS_OK when it was one of the relay's and is fine, INSATS_EUSAGE (after
 * the message) when its value is wrong, -1 when c is not one of them. */
int cli_smtp_option(const char *cmd, int c, const char *arg, CliSmtp *s);
/* The options together: --smtp-from with --smtp, and --smtp at all when `required`.
 * INSATS_OK or INSATS_EUSAGE after the message. */
int cli_smtp_check(const char *cmd, const CliSmtp *s, bool required);

/* Commands (cmd_*.c). */
int cmd_init(const GlobalOpts *g, int argc, char **argv);
int cmd_demo(const GlobalOpts *g, int argc, char **argv);
int cmd_import(const GlobalOpts *g, int argc, char **argv);
int cmd_export(const GlobalOpts *g, int argc, char **argv);
int cmd_list(const GlobalOpts *g, int argc, char **argv);
int cmd_show(const GlobalOpts *g, int argc, char **argv);
int cmd_check(const GlobalOpts *g, int argc, char **argv);
int cmd_delete(const GlobalOpts *g, int argc, char **argv);
int cmd_report(const GlobalOpts *g, int argc, char **argv);
int cmd_user(const GlobalOpts *g, int argc, char **argv);
/* The subcommands of `user` (add, passwd, list, …), NULL-terminated, static. */
const char *const *cmd_user_subcommands(void);
int cmd_serve(const GlobalOpts *g, int argc, char **argv);
int cmd_survey(const GlobalOpts *g, int argc, char **argv);
const char *const *cmd_survey_subcommands(void);
int cmd_audit(const GlobalOpts *g, int argc, char **argv);
int cmd_outbox(const GlobalOpts *g, int argc, char **argv);
/* The subcommands of `outbox` (list, send, …), NULL-terminated, static. */
const char *const *cmd_outbox_subcommands(void);
int cmd_proposal(const GlobalOpts *g, int argc, char **argv);
int cmd_intake(const GlobalOpts *g, int argc, char **argv);
/* The subcommands of `proposal` and `intake`, NULL-terminated, static. */
const char *const *cmd_proposal_subcommands(void);
const char *const *cmd_intake_subcommands(void);
int cmd_todo(const GlobalOpts *g, int argc, char **argv);
int cmd_settings(const GlobalOpts *g, int argc, char **argv);
/* The subcommands of `insats settings`, NULL-terminated, static. */
const char *const *cmd_settings_subcommands(void);
int cmd_certificate(const GlobalOpts *g, int argc, char **argv);
/* The subcommands of `insats certificate`, NULL-terminated, for the completion. */
const char *const *cmd_certificate_subcommands(void);
int cmd_meeting(const GlobalOpts *g, int argc, char **argv);
int cmd_calendar(const GlobalOpts *g, int argc, char **argv);
/* The subcommands of `meeting` (series, cancel), NULL-terminated, static. */
const char *const *cmd_meeting_subcommands(void);
/* The subcommands of `report` (lagesrapport, slutrapport, …), NULL-terminated, static. */
const char *const *cmd_report_subcommands(void);

#endif
