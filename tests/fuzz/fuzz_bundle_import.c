/* fuzz_bundle_import.c — libFuzzer harness of bundle_import.c: any bytes as a bundle file,
 * imported into a database that already holds a small project (fuzz.h), so that updates of
 * stored records are reached as well as new ones.
 *
 * Oracles: the import succeeds or refuses with messages; a refused bundle changes nothing;
 * no message holds a personnummer in full; whatever is stored passes validate.c. */
#include "bundle.h"
#include "fuzz.h"

/* The tables a bundle writes most, as a digest of the state. */
static uint64_t fuzz_digest(Db *db)
{
    static const char *const tables[] = {"project", "organisation", "person", "activity",
                                         "session", "attendance", "grp", "survey"};
    uint64_t d = 0;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        d = d * 1000003u + (uint64_t)fuzz_count(db, tables[i]);
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    const char *path = fuzz_input_file("in.json", data, size);
    Db *db = fuzz_db();
    uint64_t before = fuzz_digest(db);
    Errs errs;
    errs_init(&errs);
    BundleStats stats;
    int rc = bundle_import_file(db, path, NULL, NULL, &stats, &errs);
    fuzz_check_status(rc, &errs);
    fuzz_check_messages(&errs);
    if (rc != INSATS_OK && fuzz_digest(db) != before)
        fuzz_fail("a refused bundle changed the database");
    fuzz_check_people(db);
    if (rc == INSATS_OK)
        fuzz_db_reset();
    errs_free(&errs);
    return 0;
}
