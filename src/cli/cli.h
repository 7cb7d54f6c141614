/* cli.h — shared pieces of the command line: the options every command accepts, the command
 * table entry, and the progress line. Commands live in cmd_*.c, one file per area. */
#ifndef INSATS_CLI_H
#define INSATS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "err.h"

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

/* Prints the command's usage to stdout. */
void cli_usage(const Command *c);
/* Looks a command up by name; NULL if unknown. */
const Command *cli_command(const char *name);
/* "insats: <message>" on stderr, then a hint to --help; returns INSATS_EUSAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses the value of a count option (--limit, --period): a whole number from 1 to max. On
 * anything else prints "<opt>: "<arg>" is not <what>" as a usage error of cmd and returns
 * INSATS_EUSAGE, leaving *out alone; else stores it and returns INSATS_OK. */
int cli_parse_count(const char *cmd, const char *opt, const char *arg, long max,
                    const char *what, long *out);

/* Opens the database of the global options, printing errors. Returns an exit code. */
int cli_open_db(const GlobalOpts *g, int mode, Db **db);
/* Prints errs and returns rc: the common tail of a failed command. */
int cli_fail(int rc, Errs *errs);

/* ProgressFn for long work: a self-overwriting line on a terminal, silence when stderr is not
 * a terminal (a pipe or a log). ctx is unused. */
void cli_progress(void *ctx, const char *stage, size_t done, size_t total);
/* Ends the progress line, if one was drawn. */
void cli_progress_done(void);

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

#endif
