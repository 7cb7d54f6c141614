/* pages_proposals.c — training proposals in the browser: the form (generated from
 * record_fields("proposal"), showing the intake's message instead while it is paused), a
 * proposal with its history and a form for each step the user may take now, a returned one
 * edited and submitted again; the intake's page for a manager; and the "att göra" page of what
 * waits for the user (todo.h). Every rule is the core's (proposal.h): a page shows what
 * proposal_get() says the user may do and sends what the user asks to proposal_act(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "browse.h"
#include "i18n.h"
#include "pages.h"
#include "proposal.h"
#include "record.h"
#include "todo.h"
#include "vocab.h"

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* Where the user reads a proposal: the list's readers at /proposals/{id}, anyone else (who
 * may see only their own) at /my/proposals/{id}. Caller frees. */
static char *proposal_path(const Ctx *c, const char *code)
{
    bool reader = (BROWSE_READ_NAMES & ROLE_BIT(c->actor.role)) != 0;
    return reader ? page_url("/proposals/%s", code) : page_url("/my/proposals/%s", code);
}

/* The status of the core's answer, as a page answers it. */
static int proposal_http_status(int rc, const Errs *errs)
{
    switch (rc) {
    case INSATS_OK: return 200;
    case INSATS_EFORBIDDEN: return 403;
    case INSATS_ECONFLICT: return 409;
    case INSATS_EINPUT:
        return errs->count && errs->fields[0] && strcmp(errs->fields[0], "id") == 0 ? 404 : 422;
    default: return 500;
    }
}

/* When a step was taken, as the user reads a clock: the history keeps UTC to the second
 * ("2026-11-24T13:05:09Z"), the page shows local time to the minute ("2026-11-24 14:05"); a
 * step of paper history has its date only. */
static void proposal_when(const json_t *e, char out[32])
{
    struct tm tm = {0};
    char z = 0;
    bool parsed = sscanf(str(e, "at"), "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon,
                         &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) == 7 && z == 'Z';
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = parsed ? timegm(&tm) : (time_t)-1;
    struct tm local;
    if (t == (time_t)-1 || !localtime_r(&t, &local) ||
        !strftime(out, 32, "%Y-%m-%d %H:%M", &local))
        snprintf(out, 32, "%s", str(e, "date"));
}

/* Whether the intake is paused today, with its message and date into *in. */
static bool proposal_paused(Ctx *c, int64_t project, ProposalIntake *in)
{
    Errs errs;
    errs_init(&errs);
    bool paused = proposal_intake_get(c->db, project, in, &errs) == INSATS_OK && in->paused;
    errs_free(&errs);
    return paused;
}

/* The intake's message while it is paused, shown in place of the form: the manager's own
 * words and when proposals are taken again. `lead` says first that the intake is paused, for
 * a page whose heading does not. */
static void proposal_paused_notice(Page *p, const ProposalIntake *in, bool lead)
{
    page_raw(p, "<div class=\"notice\" role=\"status\">");
    if (lead)
        page_printf(p, "<p><strong>%s</strong></p>", _("Intaget av utbildningsförslag är pausat."));
    page_printf(p, "<p>%s</p>", in->message);
    if (in->until[0]) {
        char *until = xasprintf(_("Du kan lämna förslag igen från och med %s."), in->until);
        page_printf(p, "<p>%s</p>", until);
        free(until);
    } else {
        page_printf(p, "<p>%s</p>", _("Projektledningen öppnar intaget igen när det går."));
    }
    page_raw(p, "</div>\n");
}

static void proposal_form(Ctx *c, Page *p, int64_t project, const char *code,
                          const json_t *rec, bool from_form, const Errs *errs)
{
    char *action = code ? page_url("/proposals/%s/edit", code) : xstrdup("/proposals/new");
    page_record_form(c, p, project, &(RecordForm){.kind = "proposal", .action = action,
                                                  .code = code},
                     rec, from_form, errs);
    free(action);
}

int page_proposal_new(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    ProposalIntake in;
    if (proposal_paused(c, project, &in)) {
        page_title(p, _("Just nu tas inga nya utbildningsförslag emot"));
        proposal_paused_notice(p, &in, false);
        page_raw(p, "<p>");
        page_link(p, "/my/proposals", _("Mina förslag"));
        page_raw(p, " · ");
        page_link(p, "/todo", _("Till att göra"));
        page_raw(p, "</p>\n");
        return 200;
    }
    page_title(p, _("Nytt utbildningsförslag"));
    page_printf(p, "<p>%s</p>\n", _("Förslaget går till din organisations projektkoordinator, "
                                   "som skickar det vidare till projektledningen. Först efter "
                                   "projektledningens beslut kan utbildare och lokal bokas."));
    proposal_form(c, p, project, NULL, NULL, false, NULL);
    return 200;
}

/* Submits the posted form, new (code NULL) or a returned one again. */
static int proposal_post(Ctx *c, Page *p, const char *code)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    json_t *rec = page_record_from_form(c, "proposal", code, NULL);
    if (code)
        json_object_set_new(rec, "id", json_string(code));
    Errs errs;
    errs_init(&errs);
    char saved[128];
    rc = proposal_submit(c->db, &c->actor, project, rec, saved, sizeof saved, &errs);
    int status;
    if (rc == INSATS_OK) {
        char *path = proposal_path(c, saved);
        char *href = xasprintf("%s?saved=1", path);
        status = page_redirect(p, href);
        free(href);
        free(path);
    } else if (rc == INSATS_EINPUT && !(errs.count && errs.fields[0] &&
                                        strcmp(errs.fields[0], "id") == 0 && code)) {
        page_title(p, code ? _("Ändra och skicka in förslaget igen") : _("Nytt utbildningsförslag"));
        proposal_form(c, p, project, code, rec, true, &errs);
        status = 422;
    } else {
        status = proposal_http_status(rc, &errs);
        page_refused(p, _("Förslaget kunde inte skickas in"), &errs, "/todo", _("Till att göra"));
        p->status = status;
    }
    json_decref(rec);
    errs_free(&errs);
    return status;
}

int page_proposal_create(Ctx *c, Page *p)
{
    return proposal_post(c, p, NULL);
}

int page_proposal_resubmit(Ctx *c, Page *p)
{
    return proposal_post(c, p, ctx_param(c, "id"));
}

/* The proposal as the user may see it, or an error page. */
static int proposal_load(Ctx *c, Page *p, int64_t *project, json_t **out)
{
    int rc = page_project(c, p, project);
    if (rc)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = proposal_get(c->db, &c->actor, *project, ctx_param(c, "id"), out, &errs);
    errs_free(&errs);
    if (rc == INSATS_EINPUT)
        return page_fail(p, 404, _("Förslaget finns inte, eller hör till en annan organisation."));
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Förslaget kunde inte läsas. Försök igen."));
    return 0;
}

int page_proposal_edit(Ctx *c, Page *p)
{
    int64_t project;
    json_t *rec = NULL;
    int rc = proposal_load(c, p, &project, &rec);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    page_title(p, _("Ändra och skicka in förslaget igen"));
    ProposalIntake in;
    if (proposal_paused(c, project, &in))
        proposal_paused_notice(p, &in, true);
    else
        proposal_form(c, p, project, code, rec, false, NULL);
    json_decref(rec);
    return 200;
}

/* A form for each step the user may take now (proposal_get's "steps"), its button and
 * whether it needs a reason from the core's table; the resubmission is a link of its own. */
static void proposal_step_forms(Page *p, const char *code, const json_t *steps)
{
    size_t i;
    const json_t *s;
    json_array_foreach(steps, i, s) {
        ProposalStep step;
        if (!proposal_step_parse(json_string_value(s), &step) || step == PROPOSAL_SUBMIT)
            continue;
        const char *name = proposal_step_name(step);
        bool reason = proposal_step_needs_reason(step);
        char *action = page_url("/proposals/%s/%s", code, name);
        char field[32];
        snprintf(field, sizeof field, "note-%s", name);
        page_raw(p, "<div class=\"step\">");
        page_form_begin(p, action);
        /* each form's note has its own id, so that the labels stay unique */
        page_field(p, &(PageField){.name = field,
                                   .label = reason ? _("Skäl") : _("Kommentar (frivillig)"),
                                   .type = "textarea", .required = reason});
        page_submit(p, proposal_step_label(step));
        page_form_end(p);
        page_raw(p, "</div>\n");
        free(action);
    }
}

int page_proposal_show(Ctx *c, Page *p)
{
    int64_t project;
    json_t *rec = NULL;
    int rc = proposal_load(c, p, &project, &rec);
    if (rc)
        return rc;
    const char *code = str(rec, "id");
    char *heading = xasprintf("%s: %s", _("Utbildningsförslag"), str(rec, "title"));
    page_title(p, heading);
    free(heading);
    if (ctx_query(c, "saved"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Förslaget sparades."));
    if (ctx_query(c, "done"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Steget är registrerat."));
    page_raw(p, "<dl class=\"record\">\n");
    page_printf(p, "<dt>%s</dt><dd>%s</dd>\n", _("Status"),
                vocab_label(VOCAB_PROPOSAL_STATUS, str(rec, "status")));
    page_printf(p, "<dt>%s</dt><dd>%s</dd>\n", _("Organisation"), str(rec, "organisation_name"));
    for (const RecordField *f = record_fields("proposal"); f && f->key; f++) {
        const json_t *v = json_object_get(rec, f->key);
        if (strcmp(f->key, "id") == 0 || !v || json_is_null(v))
            continue;
        char *t = json_is_string(v) ? xstrdup(json_string_value(v)) : page_figure_text(v);
        page_printf(p, "<dt>%s</dt><dd>%s</dd>\n", f->label, t);
        free(t);
    }
    page_printf(p, "<dt>%s</dt><dd>%s</dd>\n", _("Inlämnat"), str(rec, "submitted"));
    long long days = (long long)json_integer_value(json_object_get(rec, "waiting_days"));
    char *since = xasprintf(_n("%s (%lld dag sedan)", "%s (%lld dagar sedan)",
                               (unsigned long)days),
                            str(rec, "waiting_since"), days);
    page_printf(p, "<dt>%s</dt><dd>%s</dd>\n", _("Senaste steg"), since);
    free(since);
    page_raw(p, "</dl>\n");

    static const char *const heads[] = {N_("När"), N_("Steg"), N_("Av"), N_("Anteckning"),
                                        NULL};
    const char *h[5];
    for (size_t i = 0; i < 5; i++)
        h[i] = heads[i] ? _(heads[i]) : NULL;
    page_printf(p, "<h2>%s</h2>\n", _("Historik"));
    page_table_begin(p, _("Förslagets steg, äldst först"), h);
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(rec, "history"), i, e) {
        page_tr(p);
        char when[32];
        proposal_when(e, when);
        page_td(p, when);
        page_td(p, vocab_label(VOCAB_PROPOSAL_STATUS, str(e, "status")));
        page_td(p, *str(e, "by_name") ? str(e, "by_name") : str(e, "by"));
        page_td(p, str(e, "note"));
        page_tr_end(p);
    }
    page_table_end(p);

    const json_t *steps = json_object_get(rec, "steps");
    bool resubmit = false;
    json_array_foreach(steps, i, e)
        resubmit = resubmit || strcmp(json_string_value(e), "submit") == 0;
    if (json_array_size(steps) > 0)
        page_printf(p, "<h2>%s</h2>\n", _("Att göra med förslaget"));
    if (resubmit) {
        char *href = page_url("/proposals/%s/edit", code);
        page_raw(p, "<p>");
        page_link(p, href, _("Ändra förslaget och skicka in det igen"));
        page_raw(p, "</p>\n");
        free(href);
    }
    proposal_step_forms(p, code, steps);
    if (strcmp(str(rec, "status"), "approved") == 0 && record_may_write(&c->actor, "activity", 0)) {
        page_printf(p, "<p>%s ", _("Förslaget är beviljat: en aktivitet kan bokas från det, med "
                                  "förslagets id i fältet Utbildningsförslag."));
        page_link(p, "/activities/new", _("Ny aktivitet"));
        page_raw(p, "</p>\n");
    }
    page_raw(p, "<p>");
    page_link(p, "/todo", _("Till att göra"));
    page_raw(p, "</p>\n");
    json_decref(rec);
    return 200;
}

/* POST /proposals/{id}/{step}: one row of the route table for every step of the core's
 * table; the row lets in PROPOSAL_ACT_ROLES, the step's own roles are held here as the router
 * holds a row's. */
int page_proposal_step(Ctx *c, Page *p)
{
    const char *name = ctx_param(c, "step");
    ProposalStep step;
    if (!proposal_step_parse(name, &step) || step == PROPOSAL_SUBMIT)
        return page_fail(p, 404, _("Sidan finns inte."));
    if (!(proposal_step_roles(step) & ROLE_BIT(c->actor.role)))
        return page_fail(p, 403, _("Din roll ger inte tillgång till den här sidan."));
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    char field[32];
    snprintf(field, sizeof field, "note-%s", name);
    Errs errs;
    errs_init(&errs);
    rc = proposal_act(c->db, &c->actor, project, code, step, ctx_form(c, field), &errs);
    int status;
    char *back = proposal_path(c, code);
    if (rc == INSATS_OK) {
        char *href = xasprintf("%s?done=1", back);
        status = page_redirect(p, href);
        free(href);
    } else {
        status = proposal_http_status(rc, &errs);
        page_refused(p, _("Steget kunde inte tas"), &errs, back, _("Tillbaka till förslaget"));
        p->status = status;
    }
    free(back);
    errs_free(&errs);
    return status;
}

/* ---- the intake ----------------------------------------------------------------------------- */

int page_intake(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    page_title(p, _("Intag av utbildningsförslag"));
    ProposalIntake in;
    if (proposal_paused(c, project, &in))
        proposal_paused_notice(p, &in, true);
    else
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n",
                    _("Projektet tar emot nya utbildningsförslag."));
    page_printf(p, "<h2>%s</h2>\n", _("Pausa intaget"));
    page_form_begin(p, "/intake/pause");
    page_field(p, &(PageField){.name = "message", .label = _("Meddelande till den som vill "
                                                            "lämna ett förslag"),
                               .type = "textarea", .required = true,
                               .value = ctx_form(c, "message")});
    page_field(p, &(PageField){.name = "until", .label = _("Öppnas igen (frivilligt)"),
                               .type = "date", .hint = _("ÅÅÅÅ-MM-DD, efter i dag")});
    page_submit(p, _("Pausa"));
    page_form_end(p);
    page_printf(p, "<h2>%s</h2>\n", _("Öppna intaget"));
    page_button_form(p, "/intake/open", _("Öppna"));
    return 200;
}

static int intake_done(Page *p, int rc, Errs *errs)
{
    int status;
    if (rc == INSATS_OK) {
        status = page_redirect(p, "/intake");
    } else {
        status = proposal_http_status(rc, errs);
        page_refused(p, _("Intaget kunde inte ändras"), errs, "/intake", _("Tillbaka"));
        p->status = status;
    }
    errs_free(errs);
    return status;
}

int page_intake_pause(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = proposal_intake_pause(c->db, &c->actor, project, ctx_form(c, "message"),
                               ctx_form(c, "until"), &errs);
    return intake_done(p, rc, &errs);
}

int page_intake_open(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    Errs errs;
    errs_init(&errs);
    rc = proposal_intake_open(c->db, &c->actor, project, &errs);
    return intake_done(p, rc, &errs);
}

/* ---- att göra ------------------------------------------------------------------------------- */

/* Where an item is done, by the kind of record it names. */
static char *todo_href(const Ctx *c, const json_t *item)
{
    const char *kind = str(item, "ref_kind"), *ref = str(item, "ref");
    if (strcmp(kind, "proposal") == 0)
        return proposal_path(c, ref);
    if (strcmp(kind, "session") == 0) {
        const char *colon = strchr(ref, ':');
        if (!colon)
            return NULL;
        char *act = xstrndup(ref, (size_t)(colon - ref));
        char *href = page_url("/activities/%s/sessions/%s/attendance", act, colon + 1);
        free(act);
        return href;
    }
    if (strcmp(kind, "survey") == 0)
        return page_url("/surveys/%s", ref);
    if (strcmp(kind, "meeting") == 0)
        return page_url("/meetings/%s", ref);
    return NULL;
}

int page_todo(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    page_title(p, _("Att göra"));
    json_t *items = NULL;
    int64_t total = 0;
    Errs errs;
    errs_init(&errs);
    rc = todo_list(c->db, &c->actor, project, NULL, 50, &items, &total, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK) {
        json_decref(items);
        return page_fail(p, 500, _("Listan kunde inte läsas. Försök igen."));
    }
    if (c->actor.organisation_id > 0 && c->actor.role != ROLE_ADMIN) {
        page_raw(p, "<p>");
        page_link(p, "/proposals/new", _("Föreslå en utbildning"));
        page_raw(p, " · ");
        page_link(p, "/my/proposals", _("Mina förslag"));
        page_raw(p, "</p>\n");
    }
    if (c->actor.role == ROLE_MANAGER) {
        page_raw(p, "<p>");
        page_link(p, "/intake", _("Intag av utbildningsförslag"));
        page_raw(p, " · ");
        page_link(p, "/settings", _("Projektinställningar"));
        page_raw(p, "</p>\n");
    }
    if (total == 0)
        page_printf(p, "<p>%s</p>\n", _("Inget väntar på dig just nu."));
    size_t nk;
    const TodoKind *kinds = todo_kinds(&nk);
    for (size_t k = 0; k < nk; k++) {
        size_t shown = 0, i;
        const json_t *it;
        json_array_foreach(items, i, it) {
            if (strcmp(str(it, "kind"), kinds[k].kind) != 0)
                continue;
            if (shown++ == 0)
                page_printf(p, "<section><h2>%s</h2>\n<ul class=\"todo\">\n", _(kinds[k].heading));
            char *href = todo_href(c, it);
            page_raw(p, "<li>");
            if (href)
                page_link(p, href, str(it, "title"));
            else
                page_text(p, str(it, "title"));
            if (*str(it, "detail"))
                page_printf(p, " – %s", str(it, "detail"));
            if (*str(it, "date")) {
                long long days = (long long)json_integer_value(json_object_get(it, "days"));
                char *when = xasprintf(_n("(%s, %lld dag)", "(%s, %lld dagar)",
                                          (unsigned long)days),
                                       str(it, "date"), days);
                page_printf(p, " <span class=\"when\">%s</span>", when);
                free(when);
            }

            page_raw(p, "</li>\n");
            free(href);
        }
        if (shown)
            page_raw(p, "</ul></section>\n");
    }
    json_decref(items);
    return 200;
}

int page_proposals_mine(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    page_title(p, _("Mina utbildningsförslag"));
    /* the ones the user submitted, whatever else their role lets them see */
    Actor own = c->actor;
    own.role = ROLE_TRAINER;
    own.organisation_id = 0;
    json_t *list = NULL;
    Errs errs;
    errs_init(&errs);
    rc = proposal_list(c->db, &own, project, NULL, &list, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK) {
        json_decref(list);
        return page_fail(p, 500, _("Listan kunde inte läsas. Försök igen."));
    }
    page_raw(p, "<p>");
    page_link(p, "/proposals/new", _("Föreslå en utbildning"));
    page_raw(p, "</p>\n");
    if (json_array_size(list) == 0) {
        page_printf(p, "<p>%s</p>\n", _("Du har inte lämnat något förslag."));
    } else {
        static const char *const heads[] = {N_("Förslag"), N_("Status"), N_("Inlämnat"),
                                            N_("Senaste steg"), NULL};
        const char *h[5];
        for (size_t i = 0; i < 5; i++)
            h[i] = heads[i] ? _(heads[i]) : NULL;
        page_table_begin(p, _("Förslag du har lämnat, det senaste först"), h);
        size_t i;
        const json_t *o;
        json_array_foreach(list, i, o) {
            char *href = page_url("/my/proposals/%s", str(o, "id"));
            page_tr(p);
            page_td_link(p, href, str(o, "title"));
            page_td(p, vocab_label(VOCAB_PROPOSAL_STATUS, str(o, "status")));
            page_td(p, str(o, "submitted"));
            page_td(p, str(o, "waiting_since"));
            page_tr_end(p);
            free(href);
        }
        page_table_end(p);
    }
    json_decref(list);
    return 200;
}
