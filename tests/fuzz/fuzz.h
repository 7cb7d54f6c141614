/* fuzz.h — what the libFuzzer harnesses in tests/fuzz share: the entry point they define,
 * a scratch directory, a database with a small project to import into, and the oracles that
 * turn a silent fault into a crash the fuzzer (or the corpus replay) reports.
 *
 * Each harness is one fuzz_<name>.c defining LLVMFuzzerTestOneInput. `make fuzz` links it
 * with libFuzzer under clang; `make check` links it with replay.c, which feeds it every file
 * of tests/fuzz/corpus/<name>/ (see docs/fuzzing.md). */
#ifndef INSATS_FUZZ_H
#define INSATS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "err.h"

/* The reference date every harness uses, so that a run does not depend on the day. */
#define FUZZ_TODAY "2026-01-01"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run with a message: the fuzzer saves the input that led here as a crasher. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Writes the input to a file in the harness's scratch directory (made on first use, removed
 * at exit) and returns its path, valid until the next call. */
const char *fuzz_input_file(const char *name, const uint8_t *data, size_t size);

/* The harness's database: project 1 ("p", 2012–2014) with organisations kba and vbg,
 * activity a1 with sessions s1 (2012-03-05) and s2 (2012-03-06), person p1 with personnummer
 * 19900101-2385 (a test number of the Tax Agency). Created on first use. */
Db *fuzz_db(void);

/* After an import that changed the database: a fresh database as fuzz_db() made it, so that
 * every input meets the same state. */
void fuzz_db_reset(void);

/* Rows of a table (a digest of the state, to prove a failed import changed nothing). */
int64_t fuzz_count(Db *db, const char *table);

/* The oracles of an import's outcome: its status is one of the documented ones, a failure
 * says why, no message holds a personnummer that pnr_parse would accept, and every stored
 * person's text passes the rules of validate.c. */
void fuzz_check_status(int rc, const Errs *errs);
void fuzz_check_messages(const Errs *errs);
void fuzz_check_people(Db *db);

#endif
