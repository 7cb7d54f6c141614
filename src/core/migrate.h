/* migrate.h — numbered schema migrations, compiled into the binary from schema/NNNN_*.sql.
 * PRAGMA user_version records the last one applied; opening a database applies the rest. */
#ifndef INSATS_MIGRATE_H
#define INSATS_MIGRATE_H

#include "db_handle.h"
#include "err.h"

typedef struct Migration {
    int version;          /* NNNN of the file name; versions are consecutive from 1 */
    const char *name;     /* file name without .sql */
    const char *const *lines;  /* the SQL, one line per string, NULL-terminated */
} Migration;

/* The first line of a migration that must run with foreign keys off: one that makes a table
 * anew while others refer to it. It still has to leave every reference whole. */
#define MIGRATE_FK_OFF "-- insats-migrate: foreign-keys-off"

extern const Migration migrations[];
extern const int migration_count;

/* The schema version this build writes (the highest migration). */
int migrate_latest(void);
/* Applies every migration above the database's user_version up to `upto` (pass
 * migrate_latest() for all), each in its own transaction (db_tx_begin()). Refuses a database made by
 * a newer build. Returns INSATS_OK or INSATS_ESTORAGE with a message in errs. */
int migrate_apply(Db *db, int upto, Errs *errs);

#endif
