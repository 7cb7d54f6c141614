/* cmd_todo.c — `insats todo --by LOGIN`: what waits for an account, the same items as its
 * "Att göra" page (todo_list()), as text grouped by kind or as JSON. */
#include "account.h"
#include "cli.h"
#include "project.h"
#include "todo.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* The items of the page at most, per kind (as /todo). */
#define TODO_CLI_LIMIT 50

static const char *todo_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void todo_print_text(const char *login, const json_t *items, int64_t total)
{
    size_t nk;
    const TodoKind *kinds = todo_kinds(&nk);
    for (size_t k = 0; k < nk; k++) {
        size_t shown = 0, i;
        const json_t *it;
        json_array_foreach(items, i, it) {
            if (strcmp(todo_str(it, "kind"), kinds[k].kind) != 0)
                continue;
            if (shown++ == 0)
                printf("%s (%s):\n", _(kinds[k].heading), kinds[k].kind);
            printf("  %-12s %s", todo_str(it, "ref"), todo_str(it, "title"));
            if (*todo_str(it, "detail"))
                printf(" – %s", todo_str(it, "detail"));
            if (*todo_str(it, "date")) {
                long long days = (long long)json_integer_value(json_object_get(it, "days"));
                printf(_n(" (%s, %lld day)", " (%s, %lld days)", (unsigned long)days),
                       todo_str(it, "date"), days);
            }
            printf("\n");
        }
    }
    if (total == 0)
        printf(_("nothing waits for %s\n"), login);
    else
        printf(_n("%lld item waits for %s\n", "%lld items wait for %s\n", (unsigned long)total),
               (long long)total, login);
}

int cmd_todo(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"by", required_argument, NULL, 'b'},
        {"format", required_argument, NULL, 'f'},
        {0, 0, 0, 0}};
    const char *by = NULL, *format = "text";
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (ch == 'b')
            by = optarg;
        else if (ch == 'f')
            format = optarg;
        else
            return cli_bad_option("todo", argv[optind - 1], longopts);
    }
    if (optind < argc)
        return cli_usage_error("todo", "unexpected argument \"%s\"", argv[optind]);
    if (!by)
        return cli_usage_error("todo", "whose list? give --by LOGIN (`insats user list` shows "
                               "the accounts)");
    bool json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0)
        return cli_bad_value("todo", "--format", format, "text, json");
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    int64_t project = 0;
    Actor a;
    json_t *items = NULL;
    int64_t total = 0;
    rc = project_resolve(db, g->project, &project, &errs);
    if (rc == INSATS_OK)
        rc = account_actor(db, by, &a, &errs);
    if (rc == INSATS_OK)
        rc = todo_list(db, &a, project, NULL, TODO_CLI_LIMIT, &items, &total, &errs);
    db_close(db);
    if (rc == INSATS_OK && json) {
        json_t *doc = json_pack("{s:s, s:I, s:O}", "login", by, "total", (json_int_t)total,
                                "items", items);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("\n");
        json_decref(doc);
    } else if (rc == INSATS_OK) {
        todo_print_text(by, items, total);
    }
    json_decref(items);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}
