/* bundle.h — the insats bundle: one JSON document holding a whole project
 * (docs/bundle-format.md). Import upserts by id in one transaction and reports every error it
 * finds; export is deterministic so that import(export(db)) then export is byte-identical. */
#ifndef INSATS_BUNDLE_H
#define INSATS_BUNDLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

typedef struct BundleStats {
    size_t records;          /* records inserted or updated, all kinds together */
    size_t attendance;       /* attendance rows among them */
    char project_code[65];   /* the project the bundle holds */
} BundleStats;

/* Imports a parsed bundle. `source` is how messages name it (the file name); every message
 * is "<source>: <json path>: <field>: <what is wrong>", e.g.
 * `project.json: activities[3].sessions[0].date: "2012-02-30" is not a date (YYYY-MM-DD)`.
 * All or nothing: on any error nothing is changed and INSATS_EINPUT is returned with up to
 * ERRS_CAP messages. progress may be NULL. Does not take ownership of root. */
int bundle_import_json(Db *db, json_t *root, const char *source, ProgressFn progress,
                       void *progress_ctx, BundleStats *stats, Errs *errs);

/* Reads and imports a bundle file (path "-" is standard input). Malformed JSON is reported
 * with line and column. */
int bundle_import_file(Db *db, const char *path, ProgressFn progress, void *progress_ctx,
                       BundleStats *stats, Errs *errs);

/* Builds the bundle of one project (project_id from project_resolve()). Personnummer are
 * included only when with_personnummer. *out is a new reference the caller json_decref()s. */
int bundle_export_json(Db *db, int64_t project_id, bool with_personnummer, json_t **out,
                       Errs *errs);

/* Writes the bundle to path ("-" is standard output), indented, keys in the documented order,
 * ending in a newline; through outfile_open (outfile.h), so a failed export leaves no
 * truncated bundle and the database and its key are refused as targets. */
int bundle_export_file(Db *db, int64_t project_id, bool with_personnummer, const char *path,
                       Errs *errs);

/* Writes v in the bundle's layout: nested objects and arrays indented by two spaces per level
 * (depth levels already open around v), except that an object or array holding only plain
 * values stands on one line — one attendance, one person, one session per line. Keys keep
 * their order; reals print with 15 significant digits (exact for two decimals). `write` gets
 * the text in pieces and returns nonzero to stop; returns 0 or that value. */
int bundle_dump(const json_t *v, size_t depth, json_dump_callback_t write, void *ctx);

/* bundle_dump() of a whole document into f, ending with a newline. Returns 0 or -1 (errno). */
int bundle_dump_file(const json_t *v, FILE *f);

#endif
