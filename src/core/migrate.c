/* migrate.c — brings a database's schema forward to this build's version (see migrate.h). */
#include "db.h"
#include "migrate.h"
#include "survey.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int migrate_latest(void)
{
    return migrations[migration_count - 1].version;
}

static int user_version(sqlite3 *h)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Whether PRAGMA foreign_key_check finds a row (or cannot run). */
static bool migrate_fk_broken(sqlite3 *h)
{
    sqlite3_stmt *st = NULL;
    bool broken = sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK ||
                  sqlite3_step(st) != SQLITE_DONE;
    sqlite3_finalize(st);
    return broken;
}

static void migrate_fk_on(sqlite3 *h, bool was_off)
{
    if (was_off)
        sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

/* The steps a migration's SQL cannot take, because the rule they apply is written in C: run
 * in the migration's transaction after its SQL, found by the name after its number so that a
 * renumbering keeps them. */
static int migrate_survey_answers(Db *d, Errs *errs)
{
    int64_t changed = 0;
    return survey_crowd_rewrite(d, &changed, errs);
}

static const struct {
    const char *name;
    int (*fn)(Db *d, Errs *errs);
} MIGRATE_STEPS[] = {
    {"survey_answers_anonymous", migrate_survey_answers},
};

static int migrate_step(Db *d, const char *name, Errs *errs)
{
    const char *tail = strchr(name, '_');
    for (size_t i = 0; tail && i < sizeof MIGRATE_STEPS / sizeof *MIGRATE_STEPS; i++)
        if (strcmp(tail + 1, MIGRATE_STEPS[i].name) == 0)
            return MIGRATE_STEPS[i].fn(d, errs);
    return INSATS_OK;
}

int migrate_apply(Db *d, int upto, Errs *errs)
{
    sqlite3 *db = d->h;
    int have = user_version(db);
    if (have < 0) {
        errs_add(errs, "cannot read the schema version: %s", sqlite3_errmsg(db));
        return INSATS_ESTORAGE;
    }
    if (have > migrate_latest()) {
        errs_add(errs, "the database has schema version %d but this insats knows only up to %d; "
                 "use a newer insats", have, migrate_latest());
        return INSATS_ESTORAGE;
    }
    if (have < upto && sqlite3_db_readonly(db, "main") == 1) {
        errs_add(errs, "the database is read-only and was made by an older insats (schema %d, "
                 "this one writes %d); open a writable copy once to bring it up to date",
                 have, upto);
        return INSATS_ESTORAGE;
    }
    for (int i = 0; i < migration_count; i++) {
        const Migration *m = &migrations[i];
        if (m->version <= have || m->version > upto)
            continue;
        Buf sql = {0};
        for (const char *const *l = m->lines; *l; l++)
            buf_puts(&sql, *l);
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
        /* A migration that makes a table anew (to change a CHECK) drops the old one while
         * other tables refer to it: it says so on its first line, runs with foreign keys off
         * (which can only be switched outside a transaction) and must leave none broken. */
        bool fk_off = strncmp(m->lines[0], MIGRATE_FK_OFF, strlen(MIGRATE_FK_OFF)) == 0;
        if (fk_off &&
            sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK) {
            errs_add(errs, "schema migration %s: cannot turn foreign keys off: %s", m->name,
                     sqlite3_errmsg(db));
            buf_free(&sql);
            return INSATS_ESTORAGE;
        }
        /* The version bump commits with the migration itself, so a crash leaves either
         * the old schema or the new one, never half. */
        int rc = db_tx_begin(d, errs);
        if (rc != INSATS_OK) {
            migrate_fk_on(db, fk_off);
            buf_free(&sql);
            return rc;
        }
        /* A migration that changes data answers for it in the audit trail as itself. */
        bool had_actor = d->actor_set;
        Actor caller = d->actor;
        char caller_if[sizeof d->interface];
        memcpy(caller_if, d->interface, sizeof caller_if);
        Actor self = {.role = ROLE_ADMIN};
        snprintf(self.login, sizeof self.login, "insats");
        snprintf(self.name, sizeof self.name, "schema migration %s", m->name);
        d->actor = self;
        d->actor_set = true;
        snprintf(d->interface, sizeof d->interface, "system");
        char *msg = NULL;
        int exec_rc = sqlite3_exec(db, sql.data, NULL, NULL, &msg);
        if (exec_rc == SQLITE_OK && fk_off && migrate_fk_broken(db)) {
            msg = sqlite3_mprintf("it would leave a reference to a missing row");
            exec_rc = SQLITE_CONSTRAINT;
        }
        if (exec_rc == SQLITE_OK && migrate_step(d, m->name, errs) != INSATS_OK) {
            msg = sqlite3_mprintf("its step in C failed");
            exec_rc = SQLITE_ERROR;
        }
        if (exec_rc == SQLITE_OK)
            exec_rc = sqlite3_exec(db, pragma, NULL, NULL, &msg);
        d->actor = caller;
        d->actor_set = had_actor;
        memcpy(d->interface, caller_if, sizeof caller_if);
        if (exec_rc != SQLITE_OK) {
            errs_add(errs, "schema migration %s failed: %s", m->name, msg ? msg : sqlite3_errmsg(db));
            sqlite3_free(msg);
            db_tx_rollback(d);
            migrate_fk_on(db, fk_off);
            buf_free(&sql);
            return INSATS_ESTORAGE;
        }
        rc = db_tx_commit(d, errs);
        migrate_fk_on(db, fk_off);
        if (rc != INSATS_OK) {
            errs_add(errs, "schema migration %s was not applied", m->name);
            buf_free(&sql);
            return rc;
        }
        buf_free(&sql);
    }
    return INSATS_OK;
}
