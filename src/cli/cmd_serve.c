/* cmd_serve.c — `insats serve`: the web server (src/web) on an address or a unix socket. */
#include "cli.h"
#include "web.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_serve(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"behind-proxy", no_argument, NULL, 'p'},
        {"log", required_argument, NULL, 'L'},
        {"threads", required_argument, NULL, 't'},
        CLI_SMTP_LONGOPTS,
        {"public-url", required_argument, NULL, 'u'},
        {"routes", no_argument, NULL, 'r'},
        {0, 0, 0, 0},
    };
    WebConfig cfg = {.listen = "127.0.0.1:8080", .db_path = g->db_path,
                     .key_path = g->key_path};
    int c;
    bool routes = false;
    opterr = 0;
    CliSmtp smtp = {0};
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        int r = cli_smtp_option("serve", c, optarg, &smtp);
        if (r == INSATS_OK)
            continue;
        if (r != -1)
            return r;
        switch (c) {
        case 'l':
            cfg.listen = optarg;
            break;
        case 'r':
            routes = true;
            break;
        case 'p':
            cfg.behind_proxy = true;
            break;
        case 'L':
            cfg.log_path = optarg;
            break;
        case 'u':
            if (strncmp(optarg, "https://", 8) != 0 && strncmp(optarg, "http://", 7) != 0)
                return cli_usage_error("serve", "--public-url: \"%s\" is not an http:// or "
                                       "https:// address (e.g. https://insats.example.se)",
                                       optarg);
            cfg.public_url = optarg;
            break;
        case 't': {
            long n;
            if (cli_parse_count("serve", "--threads", optarg, 256, "a number of threads (1–256)",
                                &n) != INSATS_OK)
                return INSATS_EUSAGE;
            cfg.threads = (unsigned)n;
            break;
        }
        default:
            return cli_bad_option("serve", argv[optind - 1], longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument \"%s\"", argv[optind]);
    if (routes) {
        /* The table is the program's own: no database is needed to print it. */
        Buf table = {0};
        web_routes_text(&table);
        fputs(table.data ? table.data : "", stdout);
        buf_free(&table);
        return INSATS_OK;
    }
    if (cli_smtp_check("serve", &smtp, false) != INSATS_OK)
        return INSATS_EUSAGE;
    cfg.smtp_url = smtp.url;
    cfg.smtp_from = smtp.from;
    cfg.smtp_user = smtp.user;
    cfg.smtp_password = smtp.has_password ? smtp.password : NULL;
    cfg.smtp_timeout_s = smtp.timeout_s;
    cfg.smtp_retry_s = smtp.retry_s;
    struct stat st;
    if (stat(g->db_path, &st) != 0) {
        fprintf(stderr, _("insats: %s: no such database; create one with `insats init` or "
                          "`insats demo`, or name another with --db\n"), g->db_path);
        return INSATS_ESTORAGE;
    }
    Errs errs;
    errs_init(&errs);
    int rc = web_serve(&cfg, &errs);
    explicit_bzero(smtp.password, sizeof smtp.password);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}
