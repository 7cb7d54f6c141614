/* pages_settings.c — the project's settings in the browser (/settings, a manager): the
 * funder's statement on the certificates and the public address that survey links, the
 * certificates' verification and calendar feeds are built on; the intake of proposals is a
 * page of its own, linked from here. The rules are the core's (project.h). */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pages.h"
#include "project.h"
#include "proposal.h"

/* The form, with what the user sent and the core's refusal (errs NULL: the stored values). */
static int settings_page(Ctx *c, Page *p, int64_t project, const Errs *errs)
{
    ProjectSettings s;
    Errs rerrs;
    errs_init(&rerrs);
    int rc = project_settings_get(c->db, project, &s, &rerrs);
    errs_free(&rerrs);
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Inställningarna kunde inte läsas. Försök igen."));
    page_title(p, _("Projektinställningar"));
    const char *statement_error = NULL, *url_error = NULL;
    for (size_t i = 0; errs && i < errs->count; i++) {
        const char *f = errs->fields[i] ? errs->fields[i] : "";
        if (strcmp(f, "statement") == 0)
            statement_error = _("Skriv finansiärens text som ett stycke, högst 600 tecken.");
        else if (strcmp(f, "public_url") == 0)
            url_error = _("Skriv hela adressen med https:// först, till exempel "
                          "https://insats.kommun.se, utan mellanslag, ? eller #.");
    }
    if (errs && errs->count)
        page_error_summary(p, (statement_error != NULL) + (url_error != NULL));
    if (ctx_query(c, "saved"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n",
                    _("Inställningarna är sparade."));
    page_form_begin(p, "/settings");
    /* the default is the funder's own sentence, printed in Swedish on every certificate */
    char *statement_hint = xasprintf(_("Tryckt på varje intyg. Lämna tomt för standardtexten: "
                                       "»%s«"),
                                     PROJECT_STATEMENT_DEFAULT);
    page_field(p, &(PageField){
        .name = "statement", .label = _("Finansiärens text på intygen"), .type = "textarea",
        .value = errs ? ctx_form(c, "statement") : s.statement_is_default ? "" : s.statement,
        .error = statement_error,
        .hint = statement_hint});
    free(statement_hint);
    page_field(p, &(PageField){
        .name = "public_url", .label = _("Projektets publika adress"), .type = "url",
        .value = errs ? ctx_form(c, "public_url") : s.public_url, .error = url_error,
        .autocomplete = "url",
        .hint = _("Adressen deltagare och arbetsgivare når tjänsten på. Enkäternas svarslänkar, "
                  "intygens kontrolladress och kalenderlänkarna byggs på den, i webben och på "
                  "kommandoraden.")});
    page_submit(p, _("Spara inställningarna"));
    page_form_end(p);
    page_printf(p, "<h2>%s</h2>\n", _("Intag av utbildningsförslag"));
    ProposalIntake in;
    errs_init(&rerrs);
    bool paused = proposal_intake_get(c->db, project, &in, &rerrs) == INSATS_OK && in.paused;
    errs_free(&rerrs);
    page_printf(p, "<p>%s ", paused ? _("Intaget är pausat.") : _("Intaget är öppet."));
    page_link(p, "/intake", _("Pausa eller öppna intaget"));
    page_raw(p, "</p>\n");
    return errs && errs->count ? 422 : 200;
}

int page_settings(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    return settings_page(c, p, project, NULL);
}

int page_settings_save(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *statement = ctx_form(c, "statement"), *url = ctx_form(c, "public_url");
    Errs errs;
    errs_init(&errs);
    rc = project_settings_set(c->db, &c->actor, project, statement ? statement : "",
                              url ? url : "", &errs);
    int status;
    if (rc == INSATS_OK)
        status = page_redirect(p, "/settings?saved=1");
    else if (rc == INSATS_EINPUT)
        status = settings_page(c, p, project, &errs);
    else
        status = page_fail(p, rc == INSATS_EFORBIDDEN ? 403 : 500,
                           _("Inställningarna kunde inte sparas. Försök igen."));
    if (status == 422)
        p->status = 422;
    errs_free(&errs);
    return status;
}
