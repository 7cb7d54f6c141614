/* report_compute.h — the report computed from the data as it is now, ignoring frozen periods.
 * Core-internal: freeze.c builds report_get() on it, the core's own tests check the figures
 * with it. The layers above call report_get() (freeze.h), which gives a frozen period's
 * report as it was submitted; tests/e2e/layers.sh keeps this header inside src/core/. */
#ifndef INSATS_REPORT_COMPUTE_H
#define INSATS_REPORT_COMPUTE_H

#include "report.h"

/* Computes the report from the data as it is now (snapshots are not consulted: see freeze.h).
 * Unknown period, from after to, a range outside the project: INSATS_EINPUT with a message.
 * *out is a new reference the caller json_decref()s. */
int report_compute(Db *db, int64_t project_id, ReportKind kind, const ReportRange *range,
                   json_t **out, Errs *errs);

#endif
