/* api.c — the JSON API under /api/v1/ (docs/api.md): records in the bundle's shape page by page
 * (browse_page), one record (browse_record), a survey's results, the reports' JSON (report_get)
 * and the writes of people, sessions and attendance (record_save, attendance_save_session).
 * Every rule — who may read or write what, the organisation scope, validation — is the core's;
 * this file turns requests into calls and the answers into JSON with their HTTP status. */
#include <errno.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "api.h"
#include "browse.h"
#include "freeze.h"
#include "i18n.h"
#include "meeting.h"
#include "project.h"
#include "proposal.h"
#include "record.h"
#include "survey_figures.h"

/* Reals (amounts, hours) print with the digits they were stored with, as in the bundle. */
#define API_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* Sends v (taken) as the answer with status. */
static int api_send(Page *p, int status, json_t *v)
{
    char *text = json_dumps(v, API_JSON_FLAGS);
    json_decref(v);
    if (!text)
        return page_fail(p, 500, _("Svaret kunde inte skrivas."));
    size_t len = strlen(text);
    text[len] = '\n';   /* over the NUL: page_bytes copies len + 1 bytes */
    page_bytes(p, "application/json", NULL, text, len + 1);
    free(text);
    p->status = status;
    return status;
}

static json_t *api_error_object(const char *msg, const char *field)
{
    json_t *e = json_object();
    json_object_set_new(e, "error", json_string(msg ? msg : ""));
    json_object_set_new(e, "field", field ? json_string(field) : json_null());
    return e;
}

int api_error(Page *p, int status, const char *msg, const char *field)
{
    return api_send(p, status, api_error_object(msg, field));
}

/* The core's messages as the error answer: the first as "error" and "field", all of them in
 * "errors" when there are several. A field path that starts with `from` is given with `to`
 * instead (the core's name of a list, the API's). */
static int api_errs(Page *p, int status, const Errs *errs, const char *from, const char *to)
{
    json_t *all = json_array();
    for (size_t i = 0; i < errs->count; i++) {
        const char *f = errs->fields ? errs->fields[i] : NULL;
        char *renamed = NULL;
        if (f && from && strncmp(f, from, strlen(from)) == 0) {
            renamed = xasprintf("%s%s", to, f + strlen(from));
            f = renamed;
        }
        json_array_append_new(all, api_error_object(errs->msgs[i], f));
        free(renamed);
    }
    if (json_array_size(all) == 0)
        json_array_append_new(all, api_error_object(_("Begäran kunde inte utföras."), NULL));
    json_t *v = json_deep_copy(json_array_get(all, 0));
    if (json_array_size(all) > 1)
        json_object_set(v, "errors", all);
    json_decref(all);
    return api_send(p, status, v);
}

/* The HTTP status of a core status: bad input is 422 (the request was understood, the record
 * is wrong), `not_found` for a record that does not exist or is outside the caller's scope. */
static int api_status(int rc, int not_found)
{
    switch (rc) {
    case INSATS_OK: return 200;
    case INSATS_EUSAGE: return 400;
    case INSATS_EINPUT: return not_found;
    case INSATS_EFORBIDDEN: return 403;
    case INSATS_ECONFLICT: return 409;
    default: return 503;
    }
}

/* The project the server serves: the database's only one. */
static bool api_project(Ctx *c, Page *p, int64_t *pid, int *status)
{
    Errs errs;
    errs_init(&errs);
    int rc = project_resolve(c->db, NULL, pid, &errs);
    if (rc != INSATS_OK)
        *status = api_errs(p, rc == INSATS_ESTORAGE ? 503 : 409, &errs, NULL, NULL);
    errs_free(&errs);
    return rc == INSATS_OK;
}

/* The kind a path names: its segment after /api/v1/ ("people" of /api/v1/people/p1). */
static char *api_kind(const Ctx *c)
{
    const char *s = c->path + strlen("/api/v1/");
    return xstrndup(s, strcspn(s, "/"));
}

/* The request's body as a JSON object; NULL after answering 400 (or 415) with where it is
 * bad. *status gets the answer's status. */
static json_t *api_body(Ctx *c, Page *p, int *status)
{
    if (!c->payload && c->form.count) {
        *status = api_error(p, 415, _("Skicka JSON med Content-Type: application/json."),
                            NULL);
        return NULL;
    }
    json_error_t e;
    json_t *v = json_loadb(c->payload ? c->payload : "", c->payload_len,
                           JSON_REJECT_DUPLICATES, &e);
    if (!v) {
        char *msg = xasprintf("JSON, line %d, column %d: %s", e.line, e.column, e.text);
        *status = api_error(p, 400, msg, NULL);
        free(msg);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        *status = api_error(p, 400, "JSON: the body must be an object ({…})", NULL);
        return NULL;
    }
    return v;
}

/* ---- reading -------------------------------------------------------------------------- */

int api_list(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    long limit = BROWSE_PAGE_DEFAULT;
    const char *ls = ctx_query(c, "limit");
    if (ls) {
        char *end;
        errno = 0;
        limit = strtol(ls, &end, 10);
        if (errno || !*ls || *end || limit < 1 || limit > BROWSE_PAGE_MAX) {
            char *msg = xasprintf("limit: \"%s\" is not a number of records from 1 to %d", ls,
                                  BROWSE_PAGE_MAX);
            st = api_error(p, 400, msg, "limit");
            free(msg);
            return st;
        }
    }
    const char *cursor = ctx_query(c, "cursor");
    char *kind = api_kind(c);
    json_t *items = NULL;
    char *next = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = browse_page(c->db, &c->actor, pid, kind, cursor && *cursor ? cursor : NULL, limit,
                         &items, &next, &errs);
    if (rc == INSATS_OK) {
        json_t *v = json_object();
        json_object_set_new(v, "items", items);
        json_object_set_new(v, "next", next ? json_string(next) : json_null());
        st = api_send(p, 200, v);
    } else {
        st = api_errs(p, api_status(rc, 404), &errs, NULL, NULL);
    }
    free(next);
    free(kind);
    errs_free(&errs);
    return st;
}

int api_get(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    char *kind = api_kind(c);
    json_t *rec = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = browse_record(c->db, &c->actor, pid, kind, ctx_param(c, "id"), &rec, &errs);
    st = rc == INSATS_OK ? api_send(p, 200, rec)
                         : api_errs(p, api_status(rc, 404), &errs, NULL, NULL);
    free(kind);
    errs_free(&errs);
    return st;
}

int api_survey_results(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    const char *id = ctx_param(c, "id");
    Errs errs;
    errs_init(&errs);
    json_t *all = figures_surveys(c->db, pid, NULL, NULL, NULL, &errs);
    if (!all) {
        st = api_errs(p, 503, &errs, NULL, NULL);
        errs_free(&errs);
        return st;
    }
    json_t *found = NULL;
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s)
        if (!found && strcmp(json_string_value(json_object_get(s, "id")), id) == 0)
            found = json_incref(s);
    json_decref(all);
    errs_free(&errs);
    if (found)
        return api_send(p, 200, found);
    char *msg = xasprintf("no survey \"%s\" (`insats list surveys` shows them)", id);
    st = api_error(p, 404, msg, NULL);
    free(msg);
    return st;
}

static int api_report(Ctx *c, Page *p, ReportKind kind)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    ReportRange range = {.from = ctx_query(c, "from"), .to = ctx_query(c, "to")};
    const char *ps = ctx_query(c, "period");
    if (ps) {
        char *end;
        errno = 0;
        long n = strtol(ps, &end, 10);
        if (errno || !*ps || *end || n < 1 || n > 999) {
            char *msg = xasprintf("period: \"%s\" is not the number of a reporting period", ps);
            st = api_error(p, 400, msg, "period");
            free(msg);
            return st;
        }
        range.period = (int)n;
    }
    if (kind == REPORT_LAGESRAPPORT && !ps && !(range.from && range.to))
        return api_error(p, 400, "period: which period? Give ?period=N or ?from=…&to=…",
                         "period");
    json_t *out = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = report_get(c->db, pid, kind, &range, &out, &errs);
    st = rc == INSATS_OK ? api_send(p, 200, out)
                         : api_errs(p, api_status(rc, 400), &errs, NULL, NULL);
    errs_free(&errs);
    return st;
}

int api_report_lagesrapport(Ctx *c, Page *p)
{
    return api_report(c, p, REPORT_LAGESRAPPORT);
}

int api_report_slutrapport(Ctx *c, Page *p)
{
    return api_report(c, p, REPORT_SLUTRAPPORT);
}

/* ---- writing -------------------------------------------------------------------------- */

/* A session in a path is its activity's id and its own, joined by the last ':'. */
static bool api_session_id(const char *id, char **activity, char **session)
{
    const char *colon = strrchr(id, ':');
    if (!colon || colon == id || !colon[1])
        return false;
    *activity = xstrndup(id, (size_t)(colon - id));
    *session = xstrdup(colon + 1);
    return true;
}

static int api_bad_session_id(Page *p, const char *id)
{
    char *msg = xasprintf("no session \"%s\": a session is named ACTIVITY:SESSION, its "
                          "activity's id and its own", id);
    int st = api_error(p, 404, msg, NULL);
    free(msg);
    return st;
}

/* Saves record (taken) of kind; answers 201 (created) or 200 with the record as the API reads
 * it back. `read_kind` and `read_id` say how (NULL: the saved record's id of kind); a caller
 * who may write but not read that kind (a trainer's session: the activity) gets the record as
 * saved. */
static int api_save(Ctx *c, Page *p, int64_t pid, const char *kind, json_t *record, bool create,
                    const char *read_kind, const char *read_id)
{
    char code[VALIDATE_CODE_MAX * 4 + 1];
    Errs errs;
    errs_init(&errs);
    int rc = record_save(c->db, &c->actor, pid, kind, record, create, code, sizeof code, &errs);
    int st;
    if (rc != INSATS_OK) {
        st = api_errs(p, api_status(rc, 422), &errs, NULL, NULL);
    } else {
        json_t *back = NULL;
        errs_free(&errs);
        errs_init(&errs);
        rc = browse_record(c->db, &c->actor, pid, read_kind, read_id ? read_id : code, &back,
                           &errs);
        if (rc == INSATS_EFORBIDDEN) {
            back = json_incref(record);
            rc = INSATS_OK;
        }
        st = rc == INSATS_OK ? api_send(p, create ? 201 : 200, back)
                             : api_errs(p, api_status(rc, 404), &errs, NULL, NULL);
    }
    json_decref(record);
    errs_free(&errs);
    return st;
}

/* For an update: the id in the body must be the one of the address (or absent: it is set). */
static bool api_same_id(Page *p, json_t *record, const char *key, const char *want, int *st)
{
    json_t *got = json_object_get(record, key);
    if (!got) {
        json_object_set_new(record, key, json_string(want));
        return true;
    }
    if (json_is_string(got) && strcmp(json_string_value(got), want) == 0)
        return true;
    char *msg = xasprintf("%s: the body names another record than the address (\"%s\")", key,
                          want);
    *st = api_error(p, 422, msg, key);
    free(msg);
    return false;
}

/* POST of a new record of `kind`, answered with it as the API reads it. */
static int api_create(Ctx *c, Page *p, const char *kind)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    json_t *rec = api_body(c, p, &st);
    if (!rec)
        return st;
    return api_save(c, p, pid, kind, rec, true, kind, NULL);
}

int api_person_create(Ctx *c, Page *p)
{
    return api_create(c, p, "person");
}

int api_person_update(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    const char *id = ctx_param(c, "id");
    /* A person outside the caller's scope is answered as one that does not exist. */
    json_t *old = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = browse_record(c->db, &c->actor, pid, "person", id, &old, &errs);
    json_decref(old);
    if (rc != INSATS_OK) {
        st = api_errs(p, api_status(rc, 404), &errs, NULL, NULL);
        errs_free(&errs);
        return st;
    }
    errs_free(&errs);
    json_t *rec = api_body(c, p, &st);
    if (!rec)
        return st;
    if (!api_same_id(p, rec, "id", id, &st)) {
        json_decref(rec);
        return st;
    }
    return api_save(c, p, pid, "person", rec, false, "person", NULL);
}

int api_session_create(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    json_t *rec = api_body(c, p, &st);
    if (!rec)
        return st;
    const char *activity = json_string_value(json_object_get(rec, "activity"));
    char *act = xstrdup(activity ? activity : "");
    st = api_save(c, p, pid, "session", rec, true, "activity", act);
    free(act);
    return st;
}

int api_session_update(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    char *activity, *session;
    if (!api_session_id(ctx_param(c, "id"), &activity, &session))
        return api_bad_session_id(p, ctx_param(c, "id"));
    json_t *rec = api_body(c, p, &st);
    if (rec && api_same_id(p, rec, "activity", activity, &st) &&
        api_same_id(p, rec, "id", session, &st)) {
        st = api_save(c, p, pid, "session", rec, false, "activity", activity);
        rec = NULL;
    }
    json_decref(rec);
    free(activity);
    free(session);
    return st;
}

int api_attendance_put(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    const char *id = ctx_param(c, "id");
    char *activity, *session;
    if (!api_session_id(id, &activity, &session))
        return api_bad_session_id(p, id);
    json_t *body = api_body(c, p, &st);
    json_t *list = body ? json_object_get(body, "attendance") : NULL;
    if (body && !json_is_array(list)) {
        st = api_error(p, 422, "attendance: a list of {\"person\": ID, \"present\": true or "
                               "false} is missing", "attendance");
    } else if (body) {
        size_t n = json_array_size(list);
        AttendanceMark *marks = xmalloc((n ? n : 1) * sizeof *marks);
        Errs errs;
        errs_init(&errs);
        size_t i;
        json_t *m;
        json_array_foreach(list, i, m) {
            json_t *person = json_object_get(m, "person");
            json_t *present = json_object_get(m, "present");
            marks[i].person = json_string_value(person);
            marks[i].present = json_is_true(present);
            if (!json_is_object(m) || !json_is_string(person) || !json_is_boolean(present)) {
                char field[64];
                snprintf(field, sizeof field, "attendance[%zu].%s", i,
                         json_is_string(person) ? "present" : "person");
                errs_add_field(&errs, field, "%s: {\"person\": ID, \"present\": true or "
                               "false} expected", field);
            }
        }
        int saved = 0;
        int rc = errs.count ? INSATS_EINPUT
                            : attendance_save_session(c->db, &c->actor, pid, activity, session,
                                                      marks, n, &saved, &errs);
        if (rc == INSATS_OK) {
            json_t *v = json_object();
            json_object_set_new(v, "session", json_string(id));
            json_object_set_new(v, "saved", json_integer(saved));
            st = api_send(p, 200, v);
        } else {
            /* An unknown session (or one the trainer is not assigned to) is not there. */
            bool missing = rc == INSATS_EINPUT && errs.count == 1 && errs.fields &&
                           errs.fields[0] && strcmp(errs.fields[0], "session") == 0;
            st = api_errs(p, api_status(rc, missing ? 404 : 422), &errs, "marks",
                          "attendance");
        }
        free(marks);
        errs_free(&errs);
    }
    json_decref(body);
    free(activity);
    free(session);
    return st;
}

/* ---- proposals and booking ------------------------------------------------------------- */

/* Answers with the proposal as the caller may see it now. */
static int api_proposal_send(Ctx *c, Page *p, int64_t pid, const char *code, int status)
{
    json_t *back = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = proposal_get(c->db, &c->actor, pid, code, &back, &errs);
    int st = rc == INSATS_OK ? api_send(p, status, back)
                             : api_errs(p, api_status(rc, 404), &errs, NULL, NULL);
    errs_free(&errs);
    return st;
}

/* A refused proposal: another organisation's (or none) is not there (404), a missing reason
 * or a bad field is 422. */
static int api_proposal_refused(Page *p, int rc, Errs *errs)
{
    bool missing = rc == INSATS_EINPUT && errs->count && errs->fields[0] &&
                   strcmp(errs->fields[0], "id") == 0 && !strstr(errs->msgs[0], "is taken");
    return api_errs(p, api_status(rc, missing ? 404 : 422), errs, NULL, NULL);
}

int api_proposal_create(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    json_t *form = api_body(c, p, &st);
    if (!form)
        return st;
    Errs errs;
    errs_init(&errs);
    char code[VALIDATE_CODE_MAX * 4 + 1];
    /* the id of one of the caller's own proposals: it is submitted again, not made */
    json_t *old = NULL;
    const char *id = json_string_value(json_object_get(form, "id"));
    bool again = id && proposal_get(c->db, &c->actor, pid, id, &old, &errs) == INSATS_OK;
    json_decref(old);
    errs_free(&errs);
    errs_init(&errs);
    int rc = proposal_submit(c->db, &c->actor, pid, form, code, sizeof code, &errs);
    json_decref(form);
    st = rc == INSATS_OK ? api_proposal_send(c, p, pid, code, again ? 200 : 201)
                         : api_proposal_refused(p, rc, &errs);
    errs_free(&errs);
    return st;
}

int api_proposal_step(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    /* one route for every step of the core's table (PROPOSAL_ACT_ROLES); the step's own
     * roles are held here as the router holds a row's */
    ProposalStep step;
    if (!proposal_step_parse(ctx_param(c, "step"), &step) || step == PROPOSAL_SUBMIT)
        return api_error(p, 404, "no such step", NULL);
    if (!(proposal_step_roles(step) & ROLE_BIT(c->actor.role)))
        return page_fail(p, 403, _("Din roll ger inte tillgång till den här sidan."));
    json_t *body = NULL;
    if (c->payload_len > 0 && !(body = api_body(c, p, &st)))
        return st;
    json_t *note = json_object_get(body, "note");
    if (note && !json_is_string(note) && !json_is_null(note)) {
        json_decref(body);
        return api_error(p, 422, "note: a string expected", "note");
    }
    const char *code = ctx_param(c, "id");
    Errs errs;
    errs_init(&errs);
    int rc = proposal_act(c->db, &c->actor, pid, code, step, json_string_value(note), &errs);
    json_decref(body);
    st = rc == INSATS_OK ? api_proposal_send(c, p, pid, code, 200)
                         : api_proposal_refused(p, rc, &errs);
    errs_free(&errs);
    return st;
}

/* POST /api/v1/meetings/{id}/suggestions {"title", "text"}: an agenda point suggested;
 * answers 201 with the meeting's agenda and the caller's suggestions (meeting_suggestions()).
 * An unknown meeting 404, a role or account outside the group 403, a held, cancelled or past
 * meeting 409, a bad field 422. */
int api_meeting_suggest(Ctx *c, Page *p)
{
    int64_t pid;
    int st;
    if (!api_project(c, p, &pid, &st))
        return st;
    json_t *body = api_body(c, p, &st);
    if (!body)
        return st;
    const char *keys[] = {"title", "text"};
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(body, keys[i]);
        if (v && !json_is_string(v) && !json_is_null(v)) {
            json_decref(body);
            return api_error(p, 422, i ? "text: a string expected" : "title: a string expected",
                             keys[i]);
        }
    }
    const char *code = ctx_param(c, "id");
    char today[11];
    date_today(today);
    Errs errs;
    errs_init(&errs);
    int rc = meeting_suggest(c->db, &c->actor, pid, code,
                             json_string_value(json_object_get(body, "title")),
                             json_string_value(json_object_get(body, "text")), today, NULL,
                             &errs);
    json_decref(body);
    json_t *back = NULL;
    if (rc == INSATS_OK)
        rc = meeting_suggestions(c->db, &c->actor, pid, code, today, &back, &errs);
    bool missing = rc == INSATS_EINPUT && errs.count && errs.fields[0] &&
                   strcmp(errs.fields[0], "id") == 0;
    st = rc == INSATS_OK ? api_send(p, 201, back)
                         : api_errs(p, api_status(rc, missing ? 404 : 422), &errs, NULL, NULL);
    errs_free(&errs);
    return st;
}

int api_activity_create(Ctx *c, Page *p)
{
    return api_create(c, p, "activity");
}
