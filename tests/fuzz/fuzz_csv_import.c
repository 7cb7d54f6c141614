/* fuzz_csv_import.c — libFuzzer harness of csv_import.c: any bytes as a people list and as
 * an attendance list, imported into a small project (fuzz.h).
 *
 * Oracles: the import succeeds or refuses with messages; a refused file changes nothing;
 * no message holds a personnummer in full; whatever is stored passes validate.c. */
#include "csv_import.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_input_file("in.csv", data, size);
    const CsvImportKind kinds[] = {CSV_IMPORT_PEOPLE, CSV_IMPORT_ATTENDANCE};
    for (size_t k = 0; k < 2; k++) {
        Db *db = fuzz_db();
        int64_t people = fuzz_count(db, "person"), att = fuzz_count(db, "attendance");
        Errs errs;
        errs_init(&errs);
        CsvImportStats stats;
        const Actor manager = {.role = ROLE_MANAGER};
        int rc = csv_import_file(db, &manager, 1, kinds[k], path, NULL, NULL, &stats, &errs);
        fuzz_check_status(rc, &errs);
        fuzz_check_messages(&errs);
        if (rc != INSATS_OK && (fuzz_count(db, "person") != people ||
                                fuzz_count(db, "attendance") != att))
            fuzz_fail("a refused file changed the database");
        fuzz_check_people(db);
        if (rc == INSATS_OK && stats.inserted + stats.updated > 0)
            fuzz_db_reset();
        errs_free(&errs);
    }
    return 0;
}
