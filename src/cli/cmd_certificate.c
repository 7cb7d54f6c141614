/* cmd_certificate.c — `insats certificate …`: issue the certificates of an activity (by the
 * attendance, or one by hand with a reason), withdraw one, and print them as PDF. The rules
 * are the core's (certificate.h); this file reads options and prints what happened. */
#include "certificate.h"
#include "cli.h"
#include "project.h"
#include "render.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const SUBS[] = {"issue", "withdraw", "pdf", NULL};

const char *const *cmd_certificate_subcommands(void)
{
    return SUBS;
}

typedef struct CertOpts {
    const char *activity, *person, *id, *reason, *out, *url;
} CertOpts;

static int cert_parse(int argc, char **argv, CertOpts *o)
{
    static const struct option longopts[] = {
        {"activity", required_argument, NULL, 'a'}, {"person", required_argument, NULL, 'p'},
        {"id", required_argument, NULL, 'i'},       {"reason", required_argument, NULL, 'r'},
        {"output", required_argument, NULL, 'o'},   {"url", required_argument, NULL, 'u'},
        {0, 0, 0, 0},
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'a': o->activity = optarg; break;
        case 'p': o->person = optarg; break;
        case 'i': o->id = optarg; break;
        case 'r': o->reason = optarg; break;
        case 'o': o->out = optarg; break;
        case 'u': o->url = optarg; break;
        default: return cli_bad_option("certificate", argv[optind - 1], longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("certificate", "unexpected argument \"%s\"", argv[optind]);
    return INSATS_OK;
}

static int cert_run(const GlobalOpts *g, const char *sub, const CertOpts *o, Errs *errs)
{
    Actor me;
    actor_cli(&me);
    char *base = NULL;
    if (strcmp(sub, "pdf") == 0) {
        if (!o->out)
            return cli_usage_error("certificate", "pdf: give the file to write with -o FILE.pdf");
        if (!o->id == !o->activity)
            return cli_usage_error("certificate", "pdf: give either --id CERTIFICATE or "
                                   "--activity ACTIVITY");
    } else if (strcmp(sub, "issue") == 0) {
        if (!o->activity)
            return cli_usage_error("certificate", "issue: which activity? give --activity ID");
        if (!o->person != !o->reason)
            return cli_usage_error("certificate", "issue: by hand takes both --person ID and "
                                   "--reason TEXT");
    } else if (!o->id || !o->reason) {
        return cli_usage_error("certificate", "withdraw: give --id CERTIFICATE and --reason "
                               "TEXT");
    }
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK) {
        free(base);
        return rc;
    }
    int64_t project_id = 0;
    rc = project_resolve(db, g->project, &project_id, errs);
    /* the address the QR code leads to: --url, $INSATS_URL, else the project's setting */
    if (rc == INSATS_OK && strcmp(sub, "pdf") == 0 &&
        !(base = cli_public_url(db, project_id, o->url, "INSATS_URL"))) {
        db_close(db);
        return cli_usage_error("certificate", "pdf: give the server's address the QR code "
                               "leads to with --url https://… (or INSATS_URL), e.g. --url "
                               "https://insats.kommun.se, or set it once for the project with "
                               "`insats settings set --public-url URL`");
    }
    if (rc == INSATS_OK && strcmp(sub, "issue") == 0 && o->person) {
        char id[256];
        rc = certificate_issue_manual(db, &me, project_id, o->activity, o->person, o->reason, id,
                                      sizeof id, errs);
        if (rc == INSATS_OK)
            printf(_("Issued certificate %s to %s by hand\n"), id, o->person);
    } else if (rc == INSATS_OK && strcmp(sub, "issue") == 0) {
        CertificateChanges ch;
        rc = certificate_issue_activity(db, &me, project_id, o->activity, &ch, errs);
        if (rc == INSATS_OK)
            printf(_n("Activity %s: %d certificate issued, %d issued again, %d withdrawn\n",
                      "Activity %s: %d certificates issued, %d issued again, %d withdrawn\n",
                      (unsigned long)ch.issued),
                   o->activity, ch.issued, ch.reinstated, ch.withdrawn);
    } else if (rc == INSATS_OK && strcmp(sub, "withdraw") == 0) {
        rc = certificate_withdraw(db, &me, project_id, o->id, o->reason, errs);
        if (rc == INSATS_OK)
            printf(_("Withdrew certificate %s\n"), o->id);
    } else if (rc == INSATS_OK) {
        json_t *doc = NULL;
        rc = certificate_documents(db, &me, project_id, o->id, o->activity, base, &doc, errs);
        if (rc == INSATS_OK)
            rc = render_certificates_pdf(doc, o->out, errs);
        if (rc == INSATS_OK) {
            size_t n = json_array_size(json_object_get(doc, "certificates"));
            printf(_n("Wrote %zu certificate to %s\n", "Wrote %zu certificates to %s\n", n), n,
                   o->out);
        }
        json_decref(doc);
    }
    db_close(db);
    free(base);
    return rc;
}

int cmd_certificate(const GlobalOpts *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("certificate", "what to do? one of issue, withdraw, pdf");
    bool known = false;
    for (const char *const *s = SUBS; *s; s++)
        known |= strcmp(*s, argv[1]) == 0;
    if (!known)
        return cli_bad_subcommand("certificate", argv[1], SUBS);
    CertOpts o = {0};
    int rc = cert_parse(argc - 1, argv + 1, &o);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = cert_run(g, argv[1], &o, &errs);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}
