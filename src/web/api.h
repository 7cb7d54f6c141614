/* api.h — the handlers of the JSON API's rows of the route table (api.c, docs/api.md). Each is a
 * WebHandler: the router has checked the Bearer token and the row's roles before it runs. */
#ifndef INSATS_WEB_API_H
#define INSATS_WEB_API_H

#include "ctx.h"
#include "page.h"

/* GET /api/v1/<kind>: {"items": [...], "next": CURSOR or null}, ?cursor= and ?limit=. */
int api_list(Ctx *c, Page *p);
/* GET /api/v1/<kind>/{id}: the record in the bundle's shape. */
int api_get(Ctx *c, Page *p);
/* GET /api/v1/surveys/{id}/results: the survey's figures as the reports give them. */
int api_survey_results(Ctx *c, Page *p);
/* GET /api/v1/reports/lagesrapport?period=N (or from, to) and /api/v1/reports/slutrapport. */
int api_report_lagesrapport(Ctx *c, Page *p);
int api_report_slutrapport(Ctx *c, Page *p);
/* POST /api/v1/people, PUT /api/v1/people/{id}. */
int api_person_create(Ctx *c, Page *p);
int api_person_update(Ctx *c, Page *p);
/* POST /api/v1/sessions, PUT /api/v1/sessions/{id} (id: ACTIVITY:SESSION). */
int api_session_create(Ctx *c, Page *p);
int api_session_update(Ctx *c, Page *p);
/* PUT /api/v1/sessions/{id}/attendance: {"attendance": [{"person", "present"}, …]}. */
int api_attendance_put(Ctx *c, Page *p);

/* POST /api/v1/proposals: the proposal form (proposal.h) as JSON; 201 with the proposal as
 * proposal_get() gives it. POST /api/v1/proposals/{id}/<step> ({"note": …} or no body): 200
 * with the proposal; 404 another organisation's or none, 403 a role that may not, 409 a
 * state that does not allow it (or a paused intake), 422 a missing reason. */
int api_proposal_create(Ctx *c, Page *p);
int api_meeting_suggest(Ctx *c, Page *p);
int api_proposal_step(Ctx *c, Page *p);
/* POST /api/v1/activities: booking, an activity in the bundle's shape; 409 with the reason
 * unless its "proposal" is approved. */
int api_activity_create(Ctx *c, Page *p);

/* An error answer {"error": msg, "field": field or null} with status. Returns status. */
int api_error(Page *p, int status, const char *msg, const char *field);

#endif
