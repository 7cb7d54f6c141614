/* demo.h — a complete, fictional demo project ("Kompetenslyftet Norra Älvdalen") as an insats
 * bundle (docs/bundle-format.md), at the sizes of the SPEC's scale table. Used by `insats demo`,
 * by the benchmarks and by tests that need a realistic project without real people in it. */
#ifndef INSATS_DEMO_H
#define INSATS_DEMO_H

#include <jansson.h>
#include <stdint.h>

#include "bundle.h"

typedef enum { DEMO_SMALL, DEMO_LARGE } DemoScale;

/* Builds a complete, realistic, fictional project as a bundle (docs/bundle-format.md).
 * Deterministic: the same scale and seed give byte-identical JSON. No personnummer are
 * generated. progress may be NULL. Caller json_decref()s. */
json_t *demo_bundle(DemoScale scale, uint64_t seed, ProgressFn progress, void *progress_ctx);

#endif
