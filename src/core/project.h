/* project.h — finding the project a command works on, and the project's settings that a
 * manager edits (the certificates' statement, the public address). A database may hold several
 * projects (a region's, or a managing authority's); most hold one, and then it needs no
 * naming. */
#ifndef INSATS_PROJECT_H
#define INSATS_PROJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "util.h"

#include "db_handle.h"
#include "err.h"

/* Finds the project by code, or the only project when code is NULL. Errors (with what to do):
 * no project yet, or an unknown code (INSATS_EINPUT); several and none named (INSATS_EUSAGE:
 * the command line must say which); INSATS_ESTORAGE. */
int project_resolve(Db *db, const char *code, int64_t *project_id, Errs *errs);

/* The funder's statement a certificate carries while the project has set none: an ESF
 * project's wording. */
#define PROJECT_STATEMENT_DEFAULT                                                              \
    "Insatsen har genomförts inom ett projekt som finansieras av Europeiska socialfonden."

/* The longest statement and address a project keeps (the schema's CHECK says the same). */
#define PROJECT_STATEMENT_MAX 600
#define PROJECT_URL_MAX 255

typedef struct ProjectSettings {
    char statement[PROJECT_STATEMENT_MAX * 4 + 1]; /* as printed: the project's, or the default */
    bool statement_is_default;                     /* none set: PROJECT_STATEMENT_DEFAULT */
    char public_url[PROJECT_URL_MAX + 1];          /* "https://insats.kommun.se", no trailing
                                                      slash; "" when none is set */
} ProjectSettings;

/* The project's settings. INSATS_EINPUT for no such project. */
int project_settings_get(Db *db, int64_t project_id, ProjectSettings *out, Errs *errs);

/* A manager sets the statement and the public address, in one transaction that lands in the
 * audit trail. NULL leaves a setting as it is; "" (or blank) clears it (the default statement,
 * no address). The statement is one paragraph of at most PROJECT_STATEMENT_MAX characters
 * without control characters; the address an http:// or https:// URL with a host and no
 * spaces, query or fragment, kept without its trailing slashes. Refused, changing nothing:
 * another role INSATS_EFORBIDDEN; a bad value INSATS_EINPUT, field "statement" or
 * "public_url". */
int project_settings_set(Db *db, const Actor *actor, int64_t project_id, const char *statement,
                         const char *public_url, Errs *errs);

/* The address u as a project keeps it (trailing slashes cut), or NULL with the reason
 * appended to *why when it is not an http(s) URL with a host and nothing a link could not
 * carry (a space, a control character, ? # " < > \\). Caller frees. */
char *project_url_clean(const char *u, Buf *why);

/* The public address to build links from: `given` (a flag or the server's --public-url) when
 * it is not empty, else the project's setting; without trailing slashes. NULL when neither is
 * set or `given` is not an http(s) URL. Caller frees. */
char *project_public_url(Db *db, int64_t project_id, const char *given);

#endif
