/* budget.h — the budget: categories, versions with their lines, and the costs booked. */
#ifndef INSATS_BUDGET_H
#define INSATS_BUDGET_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* Validates the budget category at `path` (budget.categories[i]) and, while the Rec is writable and
 * its claim allows, inserts or updates it by its id. `index` is its position in its list. */
void budget_category_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* Validates the budget version at `path` (budget.versions[i]) and, while the Rec is writable and
 * its claim allows, inserts or updates it by its id; its lines replace the stored ones. `index` is
 * its position in its list. */
void budget_version_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* Validates the cost at `path` (budget.costs[i]) and, while the Rec is writable and its claim
 * allows, inserts or updates it by its id. `index` is its position in its list. */
void budget_cost_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

#endif
