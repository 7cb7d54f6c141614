/* project.h — finding the project a command works on. A database may hold several projects
 * (a region's, or a managing authority's); most hold one, and then it needs no naming. */
#ifndef INSATS_PROJECT_H
#define INSATS_PROJECT_H

#include <stdint.h>

#include "db_handle.h"
#include "err.h"

/* Finds the project by code, or the only project when code is NULL. Errors (with what to do):
 * no project yet, or an unknown code (INSATS_EINPUT); several and none named (INSATS_EUSAGE:
 * the command line must say which); INSATS_ESTORAGE. */
int project_resolve(Db *db, const char *code, int64_t *project_id, Errs *errs);

#endif
