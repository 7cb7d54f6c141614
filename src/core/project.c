/* project.c — finding the project a command works on (see project.h). */
#include "db.h"
#include "project.h"
#include "i18n.h"
#include "stmt.h"
#include "util.h"
#include "validate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char Q_PROJECT_BY_CODE[] = "SELECT id FROM project WHERE code = ?1";
static const char Q_PROJECTS[] = "SELECT id, code FROM project ORDER BY code LIMIT 6";

int project_resolve(Db *db, const char *code, int64_t *project_id, Errs *errs)
{
    *project_id = 0;
    if (code) {
        Stmt *st = stmt_cached(db, Q_PROJECT_BY_CODE);
        stmt_bind_text(st, 1, code);
        StmtResult r = stmt_step(st);
        if (r == STMT_ROW)
            *project_id = stmt_int(st, 0);
        stmt_done(st);
        if (r == STMT_ROW)
            return INSATS_OK;
        if (r != STMT_DONE)
            return db_fail(db, errs, "cannot read projects");
        errs_add(errs, "--project: no project \"%s\" in %s (`insats list projects` shows them)",
                 code, db->path);
        return INSATS_EINPUT;
    }
    /* Six rows tell whether there are more than the five the message names. */
    Stmt *st = stmt_cached(db, Q_PROJECTS);
    int n = 0;
    Buf names = {0};
    StmtResult r;
    while ((r = stmt_step(st)) == STMT_ROW) {
        if (n++ == 0)
            *project_id = stmt_int(st, 0);
        if (n <= 5)
            buf_printf(&names, "%s%s", n > 1 ? ", " : "", stmt_text(st, 1));
        else
            buf_puts(&names, ", …");
    }
    stmt_done(st);
    int rc = INSATS_OK;
    if (r != STMT_DONE) {
        *project_id = 0;
        rc = db_fail(db, errs, "cannot read projects");
    } else if (n == 0) {
        errs_add(errs, "%s holds no project yet: import a bundle (`insats import project.json`) "
                 "or create demo data (`insats demo`)", db->path);
        rc = INSATS_EINPUT;
    } else if (n > 1) {
        errs_add(errs, "%s holds several projects (%s): choose one with --project ID",
                 db->path, names.data);
        *project_id = 0;
        rc = INSATS_EUSAGE;
    }
    buf_free(&names);
    return rc;
}

/* ---- settings ------------------------------------------------------------------------------ */

static const char SQL_SETTINGS[] =
    "SELECT coalesce(certificate_statement, ''), coalesce(public_url, '') FROM project"
    " WHERE id = ?1";

int project_settings_get(Db *db, int64_t project_id, ProjectSettings *out, Errs *errs)
{
    memset(out, 0, sizeof *out);
    Stmt *st = stmt_cached(db, SQL_SETTINGS);
    stmt_bind_int(st, 1, project_id);
    StmtResult r = stmt_step(st);
    int rc = INSATS_OK;
    if (r == STMT_ROW) {
        const char *statement = stmt_text(st, 0);
        out->statement_is_default = !*statement;
        snprintf(out->statement, sizeof out->statement, "%s",
                 *statement ? statement : PROJECT_STATEMENT_DEFAULT);
        snprintf(out->public_url, sizeof out->public_url, "%s", stmt_text(st, 1));
    } else if (r == STMT_DONE) {
        errs_add(errs, "no project %" PRId64, project_id);
        rc = INSATS_EINPUT;
    } else {
        rc = stmt_fail(st, errs, "cannot read the project's settings");
    }
    stmt_done(st);
    return rc;
}

/* s without its leading and trailing white space, as a new string (caller frees). */
static char *project_trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return xstrndup(s, n);
}

char *project_url_clean(const char *u, Buf *why)
{
    size_t scheme = strncmp(u, "https://", 8) == 0 ? 8 : strncmp(u, "http://", 7) == 0 ? 7 : 0;
    size_t n = strlen(u);
    while (n > scheme && u[n - 1] == '/')
        n--;
    if (!scheme) {
        buf_puts(why, _("an address starts with https:// (or http://), e.g. "
                        "https://insats.kommun.se"));
        return NULL;
    }
    if (n == scheme || u[scheme] == '/') {
        buf_puts(why, _("the address names no host after its http(s)://"));
        return NULL;
    }
    if (n > PROJECT_URL_MAX) {
        buf_printf(why, _("at most %d characters"), PROJECT_URL_MAX);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)u[i] <= ' ' || u[i] == 0x7f || u[i] == '?' || u[i] == '#' ||
            u[i] == '"' || u[i] == '<' || u[i] == '>' || u[i] == '\\') {
            buf_puts(why, _("the address has a space, a control character or one of "
                            "? # \" < > \\, which the links built on it cannot carry"));
            return NULL;
        }
    return xstrndup(u, n);
}

static const char SQL_SETTINGS_SET[] =
    "UPDATE project SET certificate_statement = CASE WHEN ?2 THEN ?3 ELSE"
    " certificate_statement END, public_url = CASE WHEN ?4 THEN ?5 ELSE public_url END"
    " WHERE id = ?1";

int project_settings_set(Db *db, const Actor *actor, int64_t project_id, const char *statement,
                         const char *public_url, Errs *errs)
{
    if (!actor || actor->role != ROLE_MANAGER) {
        errs_add(errs, "settings: only project management (a manager) changes the project's "
                 "settings");
        return INSATS_EFORBIDDEN;
    }
    char *text = statement ? project_trimmed(statement) : NULL;
    char *url = NULL;
    int rc = INSATS_OK;
    Buf why = {0};
    if (text && *text && !validate_line(text, PROJECT_STATEMENT_MAX, &why)) {
        errs_add_field(errs, "statement", "statement: %s (the statement is one paragraph)",
                       why.data);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK && public_url) {
        char *given = project_trimmed(public_url);
        buf_clear(&why);
        if (*given && !(url = project_url_clean(given, &why))) {
            errs_add_field(errs, "public_url", "public_url: %s", why.data);
            rc = INSATS_EINPUT;
        }
        free(given);
    }
    buf_free(&why);
    if (rc == INSATS_OK && (rc = db_tx_begin(db, errs)) == INSATS_OK) {
        Stmt *st = stmt_cached(db, SQL_SETTINGS_SET);
        stmt_bind_int(st, 1, project_id);
        stmt_bind_bool(st, 2, statement != NULL);
        stmt_bind_text(st, 3, text && *text ? text : NULL);
        stmt_bind_bool(st, 4, public_url != NULL);
        stmt_bind_text(st, 5, url);
        rc = stmt_exec(st, errs, "cannot change the project's settings");
        if (rc == INSATS_OK)
            rc = db_tx_commit(db, errs);
        else
            db_tx_rollback(db);
    }
    free(text);
    free(url);
    return rc;
}

char *project_public_url(Db *db, int64_t project_id, const char *given)
{
    Buf why = {0};
    char *url = NULL;
    if (given && *given) {
        url = project_url_clean(given, &why);
    } else {
        ProjectSettings s;
        Errs ignore;
        errs_init(&ignore);
        if (project_settings_get(db, project_id, &s, &ignore) == INSATS_OK && s.public_url[0])
            url = xstrdup(s.public_url);
        errs_free(&ignore);
    }
    buf_free(&why);
    return url;
}
