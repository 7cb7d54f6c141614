/* cmd_browse.c — looking things up: `list KIND` and `show KIND ID`. The rows and records come
 * from the core's browse module; this file only lays them out for a terminal or a script. */
#include "browse.h"
#include "cli.h"
#include "csvwrite.h"
#include "kinds.h"
#include "project.h"
#include "util.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rows collected before printing, so that columns can be aligned. */
typedef struct Table {
    int ncols;
    char **cells;       /* nrows * ncols, row-major; cell strings owned */
    size_t nrows;
    size_t cap;
} Table;

static int table_add(void *ctx, int ncols, const char *const *values)
{
    Table *t = ctx;
    if (t->ncols == 0)
        t->ncols = ncols;
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = xrealloc(t->cells, t->cap * (size_t)t->ncols * sizeof *t->cells);
    }
    for (int i = 0; i < t->ncols; i++) {
        char *cell = xstrdup(i < ncols && values[i] ? values[i] : "");
        /* Imported text may hold control characters (an escape sequence, a line break); on a
         * terminal they would move the cursor or recolour the screen, in a TSV split a row. */
        for (char *p = cell; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                *p = ' ';
        t->cells[t->nrows * (size_t)t->ncols + (size_t)i] = cell;
    }
    t->nrows++;
    return 0;
}

static void table_print(const Table *t, bool tsv)
{
    Buf tsv_cell = {0};
    size_t *width = xcalloc((size_t)t->ncols, sizeof *width);
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            size_t w = cli_text_width(t->cells[r * (size_t)t->ncols + (size_t)c]);
            if (w > width[c])
                width[c] = w;
        }
    for (size_t r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *cell = t->cells[r * (size_t)t->ncols + (size_t)c];
            if (tsv) {
                buf_clear(&tsv_cell);
                csvwrite_cell(&tsv_cell, cell, '\t');
                fputs(tsv_cell.data, stdout);
                putchar(c + 1 < t->ncols ? '\t' : '\n');
            } else {
                fputs(cell, stdout);
                if (c + 1 < t->ncols)
                    printf("%*s", (int)(width[c] - cli_text_width(cell) + 2), "");
                else
                    putchar('\n');
            }
        }
    }
    buf_free(&tsv_cell);
    free(width);
}

static void table_free(Table *t)
{
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
}

/* A count with thousands separated the English way ("1,200"), as the CLI's messages are
 * English. */
typedef struct CountText {
    char s[32];
} CountText;

static CountText count_text(int64_t n)
{
    CountText t;
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)n);
    size_t o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && digits[i - 1] != '-' && (len - i) % 3 == 0)
            t.s[o++] = ',';
        t.s[o++] = digits[i];
    }
    t.s[o] = '\0';
    return t;
}

int cmd_list(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"status", required_argument, NULL, 's'},
        {"organisation", required_argument, NULL, 'O'},
        {"intervention", required_argument, NULL, 'i'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"limit", required_argument, NULL, 'l'},
        {"tsv", no_argument, NULL, 'T'},
        {0, 0, 0, 0},
    };
    BrowseFilter f = {0};
    bool tsv = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 's': f.status = optarg; break;
        case 'O': f.organisation = optarg; break;
        case 'i': f.intervention = optarg; break;
        case 'f': f.from = optarg; break;
        case 't': f.to = optarg; break;
        case 'T': tsv = true; break;
        case 'l':
            if (cli_parse_count("list", "--limit", optarg, LONG_MAX, "a positive number",
                                &f.limit) != INSATS_OK)
                return INSATS_EUSAGE;
            break;
        default:
            return cli_bad_option("list", argv[optind - 1], longopts);
        }
    }
    if (optind >= argc)
        return cli_usage_error("list", "what kind of records? e.g. `insats list activities`");
    if (optind + 1 < argc)
        return cli_usage_error("list", "unexpected argument \"%s\"", argv[optind + 1]);
    for (const char *d[] = {f.from, f.to}, **p = d; p < d + 2; p++)
        if (*p && !date_valid(*p))
            return cli_usage_error("list", "\"%s\" is not a date (YYYY-MM-DD)", *p);

    Errs errs;
    errs_init(&errs);
    const KindName *kind = kinds_find(argv[optind], KINDS_LIST, "list", &errs);
    if (!kind)
        return cli_fail(INSATS_EUSAGE, &errs);
    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK) {
        errs_free(&errs);
        return rc;
    }
    Actor me;
    actor_cli(&me);
    Table t = {0};
    int64_t project_id = 0, total = 0;
    /* Projects are listed across the database; everything else belongs to one project. */
    if (kind->kind != KIND_PROJECT)
        rc = project_resolve(db, g->project, &project_id, &errs);
    if (rc == INSATS_OK)
        rc = browse_list(db, &me, project_id, argv[optind], &f, table_add, &t, &errs);
    size_t shown = t.nrows ? t.nrows - 1 : 0;
    /* A full page may be all there is, or a slice of more: only a count can tell. */
    if (rc == INSATS_OK && f.limit > 0 && shown == (size_t)f.limit)
        rc = browse_count(db, &me, project_id, argv[optind], &f, &total, &errs);
    db_close(db);
    if (rc == INSATS_OK) {
        table_print(&t, tsv);
        bool more = total > (int64_t)shown;
        if (!tsv && !more && isatty(fileno(stdout)))
            printf("(%zu)\n", shown);
        /* On stderr, so that a limited --tsv stays a clean table for scripts. */
        if (more)
            fprintf(stderr, _("insats: %s of %s %s shown; raise --limit to see more\n"),
                    count_text((int64_t)shown).s, count_text(total).s, kind->plural);
    }
    table_free(&t);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    errs_free(&errs);
    return INSATS_OK;
}

/* Prints a scalar JSON value as plain text. */
static void print_scalar(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        /* Line breaks stay (narratives have them); other control characters would act on
         * the terminal. */
        for (const char *p = json_string_value(v); *p; p++)
            putchar(((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f ? ' ' : *p);
        break;
    case JSON_INTEGER: printf("%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: printf("%g", json_real_value(v)); break;
    case JSON_TRUE: fputs(_("yes"), stdout); break;
    case JSON_FALSE: fputs(_("no"), stdout); break;
    case JSON_NULL: fputs("—", stdout); break;
    default: break;
    }
}

/* A scalar followed by the name of the record it refers to, when the core gave one. */
static void print_named(const json_t *v, const json_t *name)
{
    print_scalar(v);
    if (json_is_string(name)) {
        fputs(" (", stdout);
        print_scalar(name);
        putchar(')');
    }
}

/* A goal's measure in words, beside the bundle's name of it. */
static const char *measure_label(const char *kind)
{
    static const char *const labels[][2] = {
        {"participants", N_("participants")},
        {"certificates", N_("certificates issued")},
        {"certified_people", N_("people with a certificate")},
        {"certified_share", N_("share of participants with a certificate")},
        {"group_members", N_("members of a group")},
        {"survey_share", N_("share of survey answers")},
        {"manual", N_("measured by hand")},
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i][0], kind) == 0)
            return _(labels[i][1]);
    return NULL;
}

/* A readable page for a person at a terminal: scalar fields one per line, nested objects
 * indented, long lists summarised with a pointer to --json. `names` mirrors obj with the names
 * of the records its ids refer to (browse_show's "_names"), or is NULL. `parent` is the key of
 * obj in its parent, or NULL at the top. */
static void print_object(const json_t *obj, const json_t *names, int indent, const char *parent)
{
    const char *key;
    const json_t *v;
    bool measure = parent && strcmp(parent, "measure") == 0;
    json_object_foreach((json_t *)obj, key, v) {
        if (strcmp(key, "_names") == 0)
            continue;
        /* A measure names only what it counts; the fields of other kinds stay out. */
        if (measure && json_is_null(v))
            continue;
        const json_t *name = json_object_get(names, key);
        /* "_summary" marks the computed part for --json readers; here it is a heading. */
        printf("%*s%s: ", indent, "", strcmp(key, "_summary") == 0 ? _("figures") : key);
        const char *label = measure && strcmp(key, "kind") == 0 && json_is_string(v)
                          ? measure_label(json_string_value(v)) : NULL;
        if (label) {
            printf("%s (", label);
            print_scalar(v);
            puts(")");
        } else if (json_is_object(v)) {
            putchar('\n');
            print_object(v, name, indent + 2, key);
        } else if (json_is_array(v)) {
            size_t n = json_array_size(v);
            bool scalars = true;
            for (size_t i = 0; i < n; i++)
                scalars &= !json_is_object(json_array_get(v, i)) && !json_is_array(json_array_get(v, i));
            if (n == 0) {
                puts("—");
            } else if (scalars && n <= 12) {
                for (size_t i = 0; i < n; i++) {
                    if (i)
                        fputs(", ", stdout);
                    print_named(json_array_get(v, i), json_array_get(name, i));
                }
                putchar('\n');
            } else if (n <= 12) {
                putchar('\n');
                for (size_t i = 0; i < n; i++) {
                    const json_t *item = json_array_get(v, i);
                    const json_t *item_names = json_array_get(name, i);
                    printf("%*s- ", indent + 2, "");
                    if (json_is_object(item)) {
                        /* Items are short records: keep each on one line. */
                        const char *k2;
                        const json_t *v2;
                        bool first = true;
                        json_object_foreach((json_t *)item, k2, v2) {
                            if (json_is_null(v2) || json_is_array(v2) || json_is_object(v2))
                                continue;
                            printf("%s%s=", first ? "" : ", ", k2);
                            print_named(v2, json_object_get(item_names, k2));
                            first = false;
                        }
                    } else {
                        print_named(item, item_names);
                    }
                    putchar('\n');
                }
            } else {
                printf(_("%zu (see --json)\n"), n);
            }
        } else {
            print_named(v, name);
            putchar('\n');
        }
    }
}

int cmd_show(const GlobalOpts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},
        {0, 0, 0, 0},
    };
    bool as_json = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == 'j')
            as_json = true;
        else
            return cli_bad_option("show", argv[optind - 1], longopts);
    }
    if (optind >= argc)
        return cli_usage_error("show", "what to show? e.g. `insats show activity a017`");
    const char *kind = argv[optind];
    const char *code = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (optind + 2 < argc)
        return cli_usage_error("show", "unexpected argument \"%s\"", argv[optind + 2]);
    if (!code && strcmp(kind, "project") != 0)
        return cli_usage_error("show", "which %s? `insats list` shows the ids", kind);

    Db *db = NULL;
    int rc = cli_open_db(g, DB_OPEN_EXISTING, &db);
    if (rc != INSATS_OK)
        return rc;
    Errs errs;
    errs_init(&errs);
    Actor me;
    actor_cli(&me);
    int64_t project_id = 0;
    json_t *rec = NULL;
    rc = project_resolve(db, strcmp(kind, "project") == 0 && code ? code : g->project,
                         &project_id, &errs);
    if (rc == INSATS_OK)
        rc = browse_show(db, &me, project_id, kind, code, &rec, &errs);
    db_close(db);
    if (rc != INSATS_OK)
        return cli_fail(rc, &errs);
    if (as_json) {
        json_dumpf(rec, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
        putchar('\n');
    } else {
        print_object(rec, json_object_get(rec, "_names"), 0, NULL);
    }
    json_decref(rec);
    errs_free(&errs);
    return INSATS_OK;
}
