/* testutil.h — helpers shared by the unit tests: temporary directories and databases, bundle
 * imports that must succeed, one-value queries, whole files, .jsonc fixtures, JSON values by
 * path, SQL fixtures and sealed personnummer.
 *
 * The helpers that check something do it with cmocka assertions, so they may only be called
 * from a test or a cmocka setup/teardown function, where a failed check fails that test.
 * Include this after <cmocka.h>. Every name starts with tu_ so that no test's own helper can
 * collide with one of these. */
#ifndef INSATS_TESTUTIL_H
#define INSATS_TESTUTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "bundle.h"
#include "db.h"
#include "err.h"

/* ---- files and directories ---------------------------------------------------------- */

/* Makes a new empty directory "$TMPDIR/insats-test-<tag>-XXXXXX" (/tmp without TMPDIR).
 * Returns its path (caller passes it to tu_rmtree, which frees it), or NULL with a message on
 * stderr. */
char *tu_tmpdir(const char *tag);

/* Removes dir and everything below it (links are removed, never followed), then frees dir.
 * NULL is a no-op. Returns 0, or -1 when something could not be removed. */
int tu_rmtree(char *dir);

/* The path of a fixture: "$FIXTURE_DIR/<name>", tests/fixtures without FIXTURE_DIR (the tests
 * run from the repository root). Caller frees. */
char *tu_fixture_path(const char *name);

/* The whole file, NUL-terminated (the file may hold NULs too; *len, when not NULL, gets the
 * byte count without the terminator). Asserts that it can be read. Caller frees. */
char *tu_slurp(const char *path, size_t *len);

/* Writes exactly these bytes to path, replacing any file there; a new file is private (0600)
 * because some tests write key files that must not be readable by others. Asserts success. */
void tu_write_file(const char *path, const void *data, size_t len);

/* ---- a database in a temporary directory --------------------------------------------- */

typedef struct TuDb {
    char *dir;        /* the temporary directory; owned */
    char *path;       /* <dir>/t.db; owned */
    Db *db;           /* the open connection; owned */
    int64_t project;  /* free for the test: the project it works on, 0 until it sets one */
} TuDb;

/* Makes a temporary directory named after tag and creates a database in it (every migration
 * applied), with the test's actor set (tu_set_actor). Returns 0, or -1 with the messages on stderr and nothing left behind. Undo with
 * tu_db_close. */
int tu_db_open(TuDb *t, const char *tag);

/* Sets the actor a test's writes are recorded under (login "test", interface cli), as the
 * command line does for its own; tu_db_open does it for its connection. Without an actor the
 * database refuses every write (audit.h). */
void tu_set_actor(Db *db);

/* A manager (login "test"): an actor that reaches every record, for the reads and deletes that
 * are not about scope. Static. */
const Actor *tu_manager(void);

/* Closes the database, removes its directory and frees the paths; *t is zeroed. Returns 0, or
 * -1 when the directory could not be removed. */
int tu_db_close(TuDb *t);

/* tu_db_open on a new heap TuDb: NULL when it fails. Free with tu_db_free. */
TuDb *tu_db_new(const char *tag);

/* tu_db_new with the small demo project (seed 42) imported, t->project set to it. Call it
 * from a setup function or a test (it asserts). NULL when the database cannot be made. */
TuDb *tu_demo_db(const char *tag);

/* tu_db_close, then frees t itself. NULL is a no-op returning 0. */
int tu_db_free(TuDb *t);

/* ---- bundles ------------------------------------------------------------------------- */

/* A .json or .jsonc fixture (by name, see tu_fixture_path) parsed after dropping the lines
 * whose first non-blank characters are "//". Asserts that it parses. Caller json_decref()s. */
json_t *tu_load_jsonc(const char *name);

/* Imports a parsed bundle that must import cleanly: INSATS_OK and no message at all (any
 * message is printed first). `source` names it in messages; stats may be NULL. Does not take
 * root. */
void tu_import_json(Db *db, const json_t *root, const char *source, BundleStats *stats);

/* Imports a bundle written as JSON text. Returns the import's status and leaves its messages
 * in errs (the caller's, initialised and freed by it); a text that is not JSON fails the test,
 * since it is a mistake in the test rather than in the code under test. */
int tu_try_import_text(Db *db, const char *text, const char *source, Errs *errs);

/* tu_try_import_text that must import cleanly, as tu_import_json. */
void tu_import_text(Db *db, const char *text, const char *source);

/* Imports a fixture file by name (through bundle_import_file, the path the CLI takes);
 * returns the status and leaves the messages in errs. stats may be NULL. */
int tu_try_import_fixture(Db *db, const char *name, BundleStats *stats, Errs *errs);

/* tu_try_import_fixture that must import cleanly, as tu_import_json. */
void tu_import_fixture(Db *db, const char *name, BundleStats *stats);

/* Imports a .jsonc fixture (tu_load_jsonc) that must import cleanly, as tu_import_json; its
 * name is the source in messages. stats may be NULL. */
void tu_import_jsonc(Db *db, const char *name, BundleStats *stats);

/* The id of the project with this code; asserts that there is one. */
int64_t tu_project_id(Db *db, const char *code);

/* ---- SQL ----------------------------------------------------------------------------- */

/* Runs SQL (one or more statements) that must succeed; otherwise prints SQLite's message and
 * fails the test. */
void tu_exec(Db *db, const char *sql);

/* Runs a NULL-terminated list of SQL texts in one transaction, as tu_exec. Fixtures come in
 * pieces because ISO C limits one string literal to 4095 bytes. */
void tu_exec_all(Db *db, const char *const *sqls);

/* Column 0 of the first row of a query; asserts that there is a row. Typically a count. */
int64_t tu_query_int(Db *db, const char *sql);

/* Stores a personnummer for the person with this code the way the import does: sealed
 * cipher and keyed hash. Asserts success. */
void tu_set_pnr(Db *db, const char *person_code, const char *digits12);

/* ---- accounts ------------------------------------------------------------------------- */

/* The TOTP code an authenticator app shows at `when` for the base32 secret of an enrolment
 * (six digits, 30 s steps). Asserts that liboath computes it. */
void tu_totp_code(const char *base32, long long when, char code[16]);

/* ---- JSON ---------------------------------------------------------------------------- */

/* The value at a path such as "participants.period.women" or "interventions[1].hours"; NULL
 * when some step is missing. Borrowed reference (it lives as long as v). */
json_t *tu_json_at(const json_t *v, const char *path);

/* Asserts that v printed compactly, keys in their order, reals with 15 significant digits
 * (as the bundle prints them), is exactly want; prints both on a mismatch. A missing value
 * (NULL) fails the test. */
void tu_assert_json(const json_t *v, const char *want);

#endif
