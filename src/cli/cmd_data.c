/* cmd_data.c — commands that create and move data: init, demo, import, export, check. */
#include "bundle.h"
#include "cli.h"
#include "csv_import.h"
#include "demo.h"
#include "kinds.h"
#include "outfile.h"
#include "people.h"
#include "project.h"
#include "records.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int cmd_init(const GlobalOpts *g, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error("init", "unexpected argument \"%s\"", argv[1]);
    struct stat st;
    /* An empty file left by an interrupted init is no database yet: init makes it anew. */
    if (stat(g->db_path, &st) == 0 && !db_never_written(g->db_path)) {
        fprintf(stderr,
                _("insats: %s already exists; nothing was changed (choose another with --db)\n"),
                g->db_path);
        return INSATS_EUSAGE;
    }
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_CREATE, &db);
    if (rc != INSATS_OK)
        return rc;
    printf(_("Created the database %s\n"), db_path(db));
    printf(_("Personnummer are protected by the key in %s\n"), db_key_file(db));
    printf(_("Keep that key file safe and do not copy it along with the database.\n"));
    db_close(db);
    return INSATS_OK;
}

int cmd_demo(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"scale", required_argument, NULL, 's'},
        {"seed", required_argument, NULL, 'S'},
        {"output", required_argument, NULL, 'o'},
        {0, 0, 0, 0},
    };
    DemoScale scale = DEMO_SMALL;
    uint64_t seed = 1;
    const char *out = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (strcmp(optarg, "small") == 0)
                scale = DEMO_SMALL;
            else if (strcmp(optarg, "large") == 0)
                scale = DEMO_LARGE;
            else
                return cli_bad_value("demo", "--scale", optarg, "small, large");
            break;
        case 'S': {
            char *end = NULL;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-')
                return cli_usage_error("demo", "--seed: \"%s\" is not a whole number", optarg);
            seed = v;
            break;
        }
        case 'o':
            out = optarg;
            break;
        default:
            return cli_bad_option("demo", argv[optind - 1], longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("demo", "unexpected argument \"%s\"", argv[optind]);

    int rc;
    Errs errs;
    errs_init(&errs);
    Db *db = NULL;
    /* Before the generation, which takes a while at the large scale. */
    if (out && (rc = outfile_check(out, &errs)) != INSATS_OK)
        return cli_fail(rc, &errs);
    if (!out) {
        rc = cli_open_db(g, DB_OPEN_CREATE, &db);
        if (rc != INSATS_OK)
            return rc;
        if ((rc = demo_check_target(db, &errs)) != INSATS_OK) {
            db_close(db);
            return cli_fail(rc, &errs);
        }
    }
    json_t *bundle = demo_bundle(scale, seed, cli_progress, NULL);
    if (out) {
        Outfile o;
        rc = outfile_open(&o, out, &errs);
        if (rc == INSATS_OK && bundle_dump_file(bundle, o.f) != 0) {
            rc = outfile_fail(&o, errno, &errs);
            outfile_abort(&o);
        } else if (rc == INSATS_OK) {
            rc = outfile_commit(&o, &errs);
        }
        cli_progress_done();
    } else {
        BundleStats stats = {0};
        rc = bundle_import_json(db, bundle, "demo", cli_progress, NULL, &stats, &errs);
        cli_progress_done();
        if (rc == INSATS_OK)
            printf(_("Created the demo project %s in %s: %zu records, %zu attendance rows\n"),
                   stats.project_code, db_path(db), stats.records, stats.attendance);
        db_close(db);
    }
    json_decref(bundle);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int cmd_import(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"kind", required_argument, NULL, 'k'},
        {0, 0, 0, 0},
    };
    const char *kind = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == 'k')
            kind = optarg;
        else
            return cli_bad_option("import", argv[optind - 1], longopts);
    }
    if (optind >= argc)
        return cli_usage_error("import", "which file? (insats import FILE)");
    if (optind + 1 < argc)
        return cli_usage_error("import", "one file at a time (got \"%s\" too)", argv[optind + 1]);
    const char *path = argv[optind];
    /* What messages call the file: standard input is "stdin", as the core names it. */
    const char *shown = strcmp(path, "-") == 0 ? "stdin" : path;
    if (!kind)
        kind = ends_with(path, ".csv") ? NULL : "bundle";
    if (!kind)
        return cli_usage_error("import", "%s: say what the CSV holds: --kind people or --kind attendance",
                               path);
    if (strcmp(kind, "bundle") != 0 && strcmp(kind, "people") != 0 &&
        strcmp(kind, "attendance") != 0)
        return cli_bad_value("import", "--kind", kind, "bundle, people, attendance");
    if (strcmp(path, "-") != 0) {
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, _("insats: %s: cannot open: %s\n"), path, strerror(errno));
            return INSATS_EINPUT;
        }
        fclose(f);
    }

    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_CREATE, &db);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    if (strcmp(kind, "bundle") == 0) {
        BundleStats stats = {0};
        rc = bundle_import_file(db, path, cli_progress, NULL, &stats, &errs);
        cli_progress_done();
        if (rc == INSATS_OK)
            printf(_("Imported %s into project %s: %zu records, %zu attendance rows\n"), shown,
                   stats.project_code, stats.records, stats.attendance);
    } else {
        int64_t project_id = 0;
        rc = project_resolve(db, g->project, &project_id, &errs);
        if (rc == INSATS_OK) {
            CsvImportStats stats = {0};
            CsvImportKind k = strcmp(kind, "people") == 0 ? CSV_IMPORT_PEOPLE : CSV_IMPORT_ATTENDANCE;
            Actor me;
            actor_cli(&me);
            rc = csv_import_file(db, &me, project_id, k, path, cli_progress, NULL, &stats,
                                 &errs);
            cli_progress_done();
            if (rc == INSATS_OK)
                printf(_n("Imported %s: %zu row (%zu new, %zu updated)\n",
                          "Imported %s: %zu rows (%zu new, %zu updated)\n", stats.rows),
                       shown, stats.rows, stats.inserted, stats.updated);
        }
    }
    db_close(db);
    if (rc != INSATS_OK) {
        int n = (int)errs_total(&errs);
        rc = cli_fail(rc, &errs);
        if (rc == INSATS_EINPUT)
            fprintf(stderr, _n("insats: %s: %d error; nothing was imported\n",
                               "insats: %s: %d errors; nothing was imported\n", (unsigned long)n),
                    shown, n);
        return rc;
    }
    errs_free(&errs);
    return INSATS_OK;
}

int cmd_export(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"with-personnummer", no_argument, NULL, 'P'},
        {0, 0, 0, 0},
    };
    const char *out = "-";
    bool with_pnr = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == 'P')
            with_pnr = true;
        else
            return cli_bad_option("export", argv[optind - 1], longopts);
    }
    if (optind < argc)
        return cli_usage_error("export", "unexpected argument \"%s\" (write to a file with -o FILE)",
                               argv[optind]);
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    int64_t project_id = 0;
    rc = project_resolve(db, g->project, &project_id, &errs);
    if (rc == INSATS_OK) {
        if (with_pnr)
            fprintf(stderr, _("insats: warning: the export holds personnummer in full; store and "
                              "send it as protected personal data\n"));
        rc = bundle_export_file(db, project_id, with_pnr, out, &errs);
    }
    db_close(db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}

int cmd_check(const GlobalOpts *g, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error("check", "unexpected argument \"%s\"", argv[1]);
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    static const char *const settings[] = {"user_version", "journal_mode", "synchronous",
                                           "foreign_keys", "busy_timeout", "trusted_schema",
                                           "defensive"};
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        char v[64] = "";
        db_setting(db, settings[i], v, sizeof v);
        printf("%-15s %s\n", settings[i], v);
    }
    Errs errs;
    errs_init(&errs);
    rc = db_verify(db, &errs);
    int64_t sealed = 0, unreadable = 0;
    if (rc == INSATS_OK)
        rc = people_check_sealed(db, &sealed, &unreadable, &errs);
    if (rc == INSATS_OK && unreadable) {
        errs_add(&errs, "%s: %lld of %lld personnummer cannot be opened with the key %s",
                 db_path(db), (long long)unreadable, (long long)sealed, db_key_file(db));
        rc = INSATS_ESTORAGE;
    }
    Errs warnings;
    errs_init(&warnings);
    size_t privacy = db_check_private(db, &warnings);
    db_close(db);
    if (rc != INSATS_OK) {
        errs_free(&warnings);
        return cli_fail(rc, &errs);
    }
    printf(_("integrity      ok\nforeign keys   ok\npersonnummer   %lld sealed, all readable with "
             "the key\n"), (long long)sealed);
    /* Not damage, so no failure: a warning with the command that helps. */
    fputs(privacy ? _("permissions    open to other users (see the warnings)\n")
                  : _("permissions    private\n"),
          stdout);
    for (size_t i = 0; i < warnings.count; i++)
        fprintf(stderr, _("insats: warning: %s\n"), warnings.msgs[i]);
    errs_free(&warnings);
    errs_free(&errs);
    return INSATS_OK;
}

int cmd_delete(const GlobalOpts *g, int argc, char **argv)
{
    /* delete takes no options: a "--force" is named as what it is, not as a missing id. */
    static const struct option no_options[] = {{0, 0, 0, 0}};
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1])
            return cli_bad_option("delete", argv[i], no_options);
    if (argc != 3)
        return cli_usage_error("delete", "give the kind and the id, e.g. `insats delete activity a017`");
    Actor me;
    actor_cli(&me);
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    int64_t project_id = 0, removed = 0;
    rc = project_resolve(db, g->project, &project_id, &errs);
    if (rc == INSATS_OK)
        rc = records_delete(db, &me, project_id, argv[1], argv[2], &removed, &errs);
    db_close(db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    /* The kind as a record is named, whichever number it was given in. */
    printf(_n("Deleted %s %s (%lld row with what belonged to it)\n",
              "Deleted %s %s (%lld rows with what belonged to it)\n", (unsigned long)removed),
           kinds_find(argv[1], KINDS_DELETE, "delete", &errs)->singular, argv[2],
           (long long)removed);
    errs_free(&errs);
    return INSATS_OK;
}
