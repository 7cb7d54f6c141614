/* csv_import.h — people and attendance lists from CSV files as Swedish offices produce them
 * (docs/csv-import.md): comma or semicolon, UTF-8 or Windows-1252, Swedish or English headers.
 * All or nothing, like the bundle import. */
#ifndef INSATS_CSV_IMPORT_H
#define INSATS_CSV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "bundle.h"
#include "db_handle.h"
#include "err.h"

typedef enum { CSV_IMPORT_PEOPLE, CSV_IMPORT_ATTENDANCE } CsvImportKind;

typedef struct CsvImportStats {
    size_t rows;         /* data rows read (header excluded) */
    size_t inserted;     /* records created */
    size_t updated;      /* records that existed and were updated */
} CsvImportStats;

/* Whether `actor` may import CSV files at all: the manager (every organisation) and a
 * coordinator (the people and attendance of their own organisation only). */
bool csv_import_allowed(const Actor *actor);

/* Imports path ("-": standard input) into the project on `actor`'s behalf, in one transaction.
 * Every problem is reported as "<file>:<line>: <column>: <what is wrong>" (up to ERRS_CAP); on
 * any error nothing changes and INSATS_EINPUT is returned. A coordinator's file is refused
 * the same way for a row of another organisation: a person whose organisation cell names
 * another, a person of another organisation named by id or personnummer (people), and in an
 * attendance list any person not of their organisation ("no person … in your organisation",
 * as for one that does not exist). An actor csv_import_allowed() refuses gets
 * INSATS_EFORBIDDEN. progress may be NULL. */
int csv_import_file(Db *db, const Actor *actor, int64_t project_id, CsvImportKind kind,
                    const char *path, ProgressFn progress, void *progress_ctx,
                    CsvImportStats *stats, Errs *errs);

/* csv_import_file() of bytes uploaded (a web form), named `name` in the messages; with
 * dry_run everything is checked and counted exactly as an import would, and nothing is
 * stored, so that a page can show what would change before the user confirms. */
int csv_import_data(Db *db, const Actor *actor, int64_t project_id, CsvImportKind kind,
                    const char *name, const void *data, size_t len, bool dry_run,
                    CsvImportStats *stats, Errs *errs);

#endif
