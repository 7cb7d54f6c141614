/* cmd_settings.c — `insats settings`: the project's settings that a manager also edits in the
 * browser (/settings): the funder's statement on the certificates and the public address the
 * links for participants and employers are built on. The rules are the core's (project.h). */
#include "cli.h"
#include "project.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char *const SETTINGS_SUBS[] = {"show", "set", NULL};

const char *const *cmd_settings_subcommands(void)
{
    return SETTINGS_SUBS;
}

static void settings_print(const ProjectSettings *s)
{
    const char *label = _("certificate statement");
    printf("%-*s %s", cli_pad(label, 24), label, s->statement);
    if (s->statement_is_default)
        printf(" %s", _("(the default)"));
    label = _("public url");
    printf("\n%-*s %s\n", cli_pad(label, 24), label,
           s->public_url[0] ? s->public_url : _("(none)"));
}

int cmd_settings(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("settings", "what to do? one of show, set");
    const char *sub = argv[1];
    bool set = strcmp(sub, "set") == 0;
    if (!set && strcmp(sub, "show") != 0)
        return cli_bad_subcommand("settings", sub, SETTINGS_SUBS);
    static const struct option longopts[] = {
        {"certificate-statement", required_argument, NULL, 's'},
        {"public-url", required_argument, NULL, 'u'},
        {0, 0, 0, 0}};
    const char *statement = NULL, *url = NULL;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc - 1, argv + 1, ":", longopts, NULL)) != -1) {
        if (!set || (ch != 's' && ch != 'u'))
            return cli_bad_option("settings", argv[optind], longopts);
        if (ch == 's')
            statement = optarg;
        else
            url = optarg;
    }
    if (optind < argc - 1)
        return cli_usage_error("settings", "unexpected argument \"%s\"", argv[optind + 1]);
    if (set && !statement && !url)
        return cli_usage_error("settings", "`settings set` needs --certificate-statement TEXT "
                               "or --public-url URL (an empty value returns to none)");
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    int64_t project = 0;
    Actor me;
    actor_cli(&me);
    rc = project_resolve(db, g->project, &project, &errs);
    if (rc == INSATS_OK && set)
        rc = project_settings_set(db, &me, project, statement, url, &errs);
    ProjectSettings s;
    if (rc == INSATS_OK && (rc = project_settings_get(db, project, &s, &errs)) == INSATS_OK)
        settings_print(&s);
    db_close(db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}
