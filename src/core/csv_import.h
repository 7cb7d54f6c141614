/* csv_import.h — people and attendance lists from CSV files as Swedish offices produce them
 * (docs/csv-import.md): comma or semicolon, UTF-8 or Windows-1252, Swedish or English headers.
 * All or nothing, like the bundle import. */
#ifndef INSATS_CSV_IMPORT_H
#define INSATS_CSV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "db_handle.h"
#include "err.h"

typedef enum { CSV_IMPORT_PEOPLE, CSV_IMPORT_ATTENDANCE } CsvImportKind;

typedef struct CsvImportStats {
    size_t rows;         /* data rows read (header excluded) */
    size_t inserted;     /* records created */
    size_t updated;      /* records that existed and were updated */
} CsvImportStats;

/* Imports path ("-": standard input) into the project, in one transaction. Every problem is
 * reported as "<file>:<line>: <column>: <what is wrong>" (up to ERRS_CAP); on any error nothing
 * changes and INSATS_EINPUT is returned. progress may be NULL. */
int csv_import_file(Db *db, int64_t project_id, CsvImportKind kind, const char *path,
                    ProgressFn progress, void *progress_ctx, CsvImportStats *stats, Errs *errs);

/* csv_import_file() of bytes uploaded (a web form), named `name` in the messages; with
 * dry_run everything is checked and counted exactly as an import would, and nothing is
 * stored, so that a page can show what would change before the user confirms. */
int csv_import_data(Db *db, int64_t project_id, CsvImportKind kind, const char *name,
                    const void *data, size_t len, bool dry_run, CsvImportStats *stats,
                    Errs *errs);

#endif
