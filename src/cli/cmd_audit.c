/* cmd_audit.c — `insats audit`: the audit trail (audit_list() in the core), newest first. */
#include "audit.h"
#include "cli.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* One entry: a heading line, then the values before and after, each on its own line. */
static int audit_print(void *ctx, const AuditEntry *e)
{
    size_t *n = ctx;
    (*n)++;
    printf("%s  %s", e->at, e->login);
    if (e->name && *e->name && strcmp(e->name, e->login) != 0)
        printf(" (%s)", e->name);
    printf(_(" via %s  %s %s"), e->interface, e->action, e->kind);
    if (e->code)
        printf(" %s", e->code);
    else if (e->record_id)
        printf(" #%lld", (long long)e->record_id);
    putchar('\n');
    if (e->before)
        printf(_("  before: %s\n"), e->before);
    if (e->after)
        printf(_("  after:  %s\n"), e->after);
    return 0;
}

int cmd_audit(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"user", required_argument, NULL, 'u'},
        {"kind", required_argument, NULL, 'k'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"limit", required_argument, NULL, 'l'},
        {0, 0, 0, 0},
    };
    AuditFilter f = {0};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'u': f.user = optarg; break;
        case 'k': f.kind = optarg; break;
        case 'f': f.from = optarg; break;
        case 't': f.to = optarg; break;
        case 'l': {
            long n = 0;
            if (cli_parse_count("audit", "--limit", optarg, 1000, "a number from 1 to 1000",
                                &n) != INSATS_OK)
                return INSATS_EUSAGE;
            f.limit = (int)n;
            break;
        }
        default:
            return cli_bad_option("audit", argv[optind - 1], longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("audit", "unexpected argument \"%s\"", argv[optind]);
    for (const char *d[] = {f.from, f.to}, **p = d; p < d + 2; p++)
        if (*p && !date_valid(*p))
            return cli_usage_error("audit", "\"%s\" is not a date (YYYY-MM-DD)", *p);

    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    Actor me;
    actor_cli(&me);
    size_t shown = 0;
    int64_t next = 0;
    rc = audit_list(db, &me, &f, audit_print, &shown, &next, &errs);
    db_close(db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    if (shown == 0)
        fprintf(stderr, _("insats: no entries in the audit trail match\n"));
    else if (next)
        fprintf(stderr,
                _n("insats: %zu newest entry shown; there are older ones (raise --limit, or "
                   "narrow with --from/--to)\n",
                   "insats: %zu newest entries shown; there are older ones (raise --limit, or "
                   "narrow with --from/--to)\n", shown),
                shown);
    return INSATS_OK;
}
