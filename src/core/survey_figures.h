/* survey_figures.h — the survey figures of the reports (docs/report-format.md, `surveys[]` and
 * `survey_comparison[]`) and the survey share that goals of kind survey_share measure.
 *
 * Responses are anonymous (organisation and gender only), and a breakdown cell with fewer than
 * SURVEY_MIN_RESPONSES responses is suppressed — it carries no figure at all — so that no answer
 * can be traced to a person (SPEC, "Survey share"). Every function reads with a handful of
 * aggregate queries, whatever the number of surveys; run them inside one read transaction when a
 * consistent snapshot across several calls matters. */
#ifndef INSATS_SURVEY_FIGURES_H
#define INSATS_SURVEY_FIGURES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db_handle.h"
#include "err.h"

/* The minimum number of responses for a shown breakdown cell or a comparison side. */
#define SURVEY_MIN_RESPONSES 5

/* Array of surveys dated in [from, to] (from/to NULL = all; surveys without a date are included
 * only when from and to are NULL), shape as docs/report-format.md, sorted by survey id.
 * With summary non-NULL, *summary is set to the survey_summary array of the same surveys: each
 * scale5 and yes_no question pooled over the surveys of one kind that ask it (same id, type and
 * text), with its breakdowns suppressed as a question's are (new reference).
 * New reference; NULL with errs on storage error. */
json_t *figures_surveys(Db *db, int64_t project_id, const char *from, const char *to,
                       json_t **summary, Errs *errs);

/* survey_comparison array (slutrapport): for each question id asked (scale5 or yes_no) both in a
 * baseline and a follow-up survey (pool responses of all baseline surveys, and of all follow_up
 * surveys, per question id), sorted by question id. A side with fewer than 5 responses is refused
 * with a Swedish reason, e.g. "för få svar i uppföljningen (3 < 5)"; its figures null.
 * New reference; NULL with errs on storage error. */
json_t *figures_survey_comparison(Db *db, int64_t project_id, Errs *errs);

/* Share in percent of responses at or above min (0 = the question's threshold) to question
 * question_code of survey survey_code (or of every survey of kind survey_kind when survey_code is
 * NULL; of every survey of the project when both are NULL), counting responses of surveys dated up
 * to `upto` (NULL = all; with upto, undated surveys do not count), optionally only
 * organisation_id (0 = all) / gender (NULL = all; "other" means other+unknown+missing). For yes_no
 * questions the share is the share of "yes". *percent = NAN when there are no responses (not
 * rounded: the caller rounds); *responses = the number counted. Returns INSATS_OK or an error code
 * (unknown survey/question, a text question, a bad kind, min or gender → INSATS_EINPUT with a
 * message; INSATS_ESTORAGE). Used by goals of kind survey_share. No suppression is applied here:
 * a caller that shows the value of a small group must apply SURVEY_MIN_RESPONSES itself. */
int figures_survey_share(Db *db, int64_t project_id, const char *survey_code, const char *survey_kind,
                         const char *question_code, int min, int64_t organisation_id, const char *gender,
                         const char *upto, double *percent, int64_t *responses, Errs *errs);

/* The counts behind figures_survey_share() per organisation of the response, in one pass:
 * responses and those at or above the threshold (yes for yes_no), organisation_id 0 for the
 * responses that name none. Same scope parameters as figures_survey_share(), which checks them:
 * call this only for a share that figures_survey_share() has computed. *cells (caller frees) has
 * *n entries in no particular order. INSATS_OK or INSATS_ESTORAGE. */
typedef struct SurveyShareCell {
    int64_t organisation_id;
    int64_t responses, hits;
} SurveyShareCell;
int figures_survey_share_by_org(Db *db, int64_t project_id, const char *survey_code,
                                const char *survey_kind, const char *question_code, int min,
                                const char *gender, const char *upto, SurveyShareCell **cells,
                                size_t *n, Errs *errs);

/* The suppression rule of every breakdown (docs/report-format.md, `surveys[]`), for a caller that
 * shows another breakdown of survey figures (per-organisation goal values): why[i] for each of the
 * k cells with n[i] responses is NULL when the cell is shown, else its "suppressed_reason" —
 * "small" (fewer than SURVEY_MIN_RESPONSES) or "complement" (hidden only so that the small
 * cells beside it cannot be worked out from the totals). Static strings. */
void figures_survey_suppress(const int64_t *n, const char **why, size_t k);

/* The survey queries the report runs, for report_sql(): ?1 the project, ?2 from, ?3 to (NULL
 * for every survey); with the comparison's queries when `comparison` (the slutrapport). */
const char *const *figures_survey_bench_queries(bool comparison);

#endif
