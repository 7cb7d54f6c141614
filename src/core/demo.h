/* demo.h — a complete, fictional demo project ("Kompetenslyftet Norra Älvdalen") as an insats
 * bundle (docs/bundle-format.md), at the sizes of the SPEC's scale table. Used by `insats demo`,
 * by the benchmarks and by tests that need a realistic project without real people in it. */
#ifndef INSATS_DEMO_H
#define INSATS_DEMO_H

#include <jansson.h>
#include <stdint.h>

#include "bundle.h"
#include "db_handle.h"
#include "err.h"

typedef enum { DEMO_SMALL, DEMO_LARGE } DemoScale;

/* Builds a complete, realistic, fictional project as a bundle (docs/bundle-format.md).
 * Deterministic: the same scale and seed give byte-identical JSON. No personnummer are
 * generated. progress may be NULL. Caller json_decref()s. */
json_t *demo_bundle(DemoScale scale, uint64_t seed, ProgressFn progress, void *progress_ctx);

/* The demo project goes into a database of its own: importing it into one that already holds
 * a project would merge the fictional people and figures into real ones. INSATS_OK when db
 * holds no project; otherwise INSATS_EUSAGE with a message naming the project found and saying
 * to choose another --db (INSATS_ESTORAGE when it cannot be read). Changes nothing. */
int demo_check_target(Db *db, Errs *errs);

#endif
