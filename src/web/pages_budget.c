/* pages_budget.c — the budget of the project (its categories, and each version with its lines;
 * the costs are a list of their own, /costs) and the narratives of the reports: each shown as
 * the reports render it, and edited in a textarea whose preview goes through the same safe
 * Markdown rendering (page_markdown(), the reports' escape.c) before anything is saved. The
 * records are the bundle's (bundle_export_section()); a category, a version (its lines are
 * pages_items.c's) and a narrative are saved by record_save(), deleted by record_delete(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "i18n.h"
#include "pages.h"
#include "record.h"
#include "router.h"

/* The section of the bundle ("budget", "narratives") as JSON: 0 with *out, else the status of
 * the error page put into p. */
static int budget_section(Ctx *c, Page *p, int64_t project, const char *section, json_t **out)
{
    Errs errs;
    errs_init(&errs);
    int rc = bundle_export_section(c->db, project, section, NULL, BUNDLE_PNR_NONE, out, &errs);
    errs_free(&errs);
    return rc == INSATS_OK ? 0 : page_fail(p, 500, _("Uppgifterna kunde inte läsas."));
}

json_t *page_budget_line_names(const json_t *lines, const json_t *cats)
{
    json_t *names = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        json_t *n = json_object();
        const json_t *cat = page_json_find(cats, "id",
                                           json_string_value(json_object_get(l, "category")));
        if (json_is_string(json_object_get(cat, "name")))
            json_object_set(n, "category", json_object_get(cat, "name"));
        json_array_append_new(names, n);
    }
    return names;
}

/* A link and a delete button for a category or version, to a writer. */
static void budget_actions(Page *p, const char *path, const char *id, bool lines)
{
    char *edit = page_url("/budget/%s/%s/edit", path, id);
    char *del = page_url("/budget/%s/%s/delete", path, id);
    page_raw(p, "<div class=\"row-actions\">");
    page_link(p, edit, _("Ändra"));
    if (lines) {
        char *href = page_url("/budget/versions/%s/lines", id);
        page_raw(p, " · ");
        page_link(p, href, _("Ändra raderna"));
        free(href);
    }
    char *question = xasprintf(_("Ta bort %s?"), id);
    page_delete_form(p, del, _("Ta bort"), question);
    page_raw(p, "</div>");
    free(question);
    free(edit);
    free(del);
}

int page_budget(Ctx *c, Page *p)
{
    int64_t project = 0;
    json_t *budget = NULL;
    int rc;
    if ((rc = page_project(c, p, &project)) ||
        (rc = budget_section(c, p, project, "budget", &budget)))
        return rc;
    page_title(p, _("Budget"));
    if (ctx_query(c, "saved"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Budgeten sparades."));
    if (ctx_query(c, "deleted"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Posten togs bort."));
    bool may = record_may_write(&c->actor, "budget_category", 0);
    page_raw(p, "<p>");
    page_link(p, "/costs", _("Kostnaderna"));
    if (may) {
        page_raw(p, " · ");
        page_link(p, "/budget/categories/new", _("Nytt kostnadsslag"));
        page_raw(p, " · ");
        page_link(p, "/budget/versions/new", _("Ny budgetversion"));
    }
    page_raw(p, "</p>\n");
    const json_t *cats = json_object_get(budget, "categories");
    size_t i;
    json_t *v;
    if (json_array_size(cats)) {
        page_table_begin(p, _("Kostnadsslag"),
                         may ? (const char *const[]){_("Id"), _("Namn"), _("Ändra"), NULL}
                             : (const char *const[]){_("Id"), _("Namn"), NULL});
        json_array_foreach(cats, i, v) {
            const char *id = json_string_value(json_object_get(v, "id"));
            page_tr(p);
            page_td(p, id);
            page_td(p, json_string_value(json_object_get(v, "name")));
            if (may) {
                page_raw(p, "<td>");
                budget_actions(p, "categories", id, false);
                page_raw(p, "</td>");
            }
            page_tr_end(p);
        }
        page_table_end(p);
    }
    const json_t *versions = json_object_get(budget, "versions");
    json_array_foreach(versions, i, v) {
        const char *name = json_string_value(json_object_get(v, "name"));
        const char *date = json_string_value(json_object_get(v, "date"));
        const char *reason = json_string_value(json_object_get(v, "reason"));
        char *heading = i + 1 == json_array_size(versions)
                            ? xasprintf(_("%s (%s) – gäller nu"), name ? name : "",
                                        date ? date : "")
                            : xasprintf("%s (%s)", name ? name : "", date ? date : "");
        page_printf(p, "<h2>%s</h2>\n", heading);
        free(heading);
        if (reason) {
            char *why = xasprintf(_("Skäl: %s"), reason);
            page_printf(p, "<p>%s</p>\n", why);
            free(why);
        }
        const json_t *lines = json_object_get(v, "lines");
        if (json_array_size(lines)) {
            json_t *names = page_budget_line_names(lines, cats);
            /* one table of lines per version: each caption names its version */
            char *caption = xasprintf(_("Rader i %s (%s)"), name ? name : "", date ? date : "");
            page_json_table(p, "lines", caption, lines, names);
            free(caption);
            json_decref(names);
        } else {
            page_printf(p, "<p>%s</p>\n", _("Versionen har inga rader."));
        }
        if (may)
            budget_actions(p, "versions", json_string_value(json_object_get(v, "id")), true);
    }
    if (!json_array_size(versions))
        page_printf(p, "<p>%s</p>\n", _("Projektet har ingen budget än."));
    json_decref(budget);
    return 200;
}

/* ---- a category or a version of the budget ------------------------------------------------ */

/* The kind of the route's second segment: /budget/categories/… or /budget/versions/…. */
typedef struct BudgetKind {
    const char *path, *record, *section;
    bool category;   /* a cost category, else a budget version: which sentences name it */
} BudgetKind;

static const BudgetKind BUDGET_KINDS[] = {
    {"categories", "budget_category", "categories", true},
    {"versions", "budget_version", "versions", false},
};

static const BudgetKind *budget_kind(const Ctx *c)
{
    const char *pat = c->route ? c->route->pattern : "";
    for (size_t i = 0; i < sizeof BUDGET_KINDS / sizeof *BUDGET_KINDS; i++) {
        char *prefix = xasprintf("/budget/%s/", BUDGET_KINDS[i].path);
        bool match = strncmp(pat, prefix, strlen(prefix)) == 0;
        free(prefix);
        if (match)
            return &BUDGET_KINDS[i];
    }
    return NULL;
}

/* The stored category or version {id} (new reference in *out): 0, else the status of the
 * error page put into p. */
static int budget_stored(Ctx *c, Page *p, int64_t project, const BudgetKind *k, json_t **out)
{
    json_t *budget = NULL;
    *out = NULL;
    int rc = budget_section(c, p, project, "budget", &budget);
    if (rc)
        return rc;
    *out = json_incref(page_json_find(json_object_get(budget, k->section), "id",
                                      ctx_param(c, "id")));
    json_decref(budget);
    return *out ? 0 : page_fail(p, 404, _("Posten finns inte i budgeten."));
}

/* The form of a new (code NULL) or stored category or version. */
static void budget_form(Ctx *c, Page *p, int64_t project, const BudgetKind *k, const char *code,
                        const json_t *rec, bool from_form, const Errs *errs)
{
    char *t = code ? xasprintf(k->category ? _("Ändra kostnadsslag %s")
                                           : _("Ändra budgetversion %s"), code)
                   : xstrdup(k->category ? _("Nytt kostnadsslag") : _("Ny budgetversion"));
    page_title(p, t);
    free(t);
    char *action = code ? page_url("/budget/%s/%s/edit", k->path, code)
                        : page_url("/budget/%s/new", k->path);
    page_record_form(c, p, project, &(RecordForm){.kind = k->record, .action = action,
                                                  .code = code},
                     rec, from_form, errs);
    free(action);
    page_raw(p, "<p>");
    page_link(p, "/budget", _("Tillbaka till budgeten"));
    page_raw(p, "</p>\n");
}

int page_budget_record_new(Ctx *c, Page *p)
{
    const BudgetKind *k = budget_kind(c);
    int64_t project = 0;
    int rc;
    if (!k)
        return page_fail(p, 404, _("Sidan finns inte."));
    if ((rc = page_project(c, p, &project)))
        return rc;
    budget_form(c, p, project, k, NULL, NULL, false, NULL);
    return 200;
}

int page_budget_record_edit(Ctx *c, Page *p)
{
    const BudgetKind *k = budget_kind(c);
    int64_t project = 0;
    json_t *rec = NULL;
    int rc;
    if (!k)
        return page_fail(p, 404, _("Sidan finns inte."));
    if ((rc = page_project(c, p, &project)) || (rc = budget_stored(c, p, project, k, &rec)))
        return rc;
    budget_form(c, p, project, k, ctx_param(c, "id"), rec, false, NULL);
    json_decref(rec);
    return 200;
}

/* Saves the posted form (create when code is NULL): to the budget, or the form again with
 * the input and the core's messages. A version keeps its lines (edited on their own page). */
static int budget_save(Ctx *c, Page *p, const char *code)
{
    const BudgetKind *k = budget_kind(c);
    int64_t project = 0;
    json_t *base = NULL;
    int rc;
    if (!k)
        return page_fail(p, 404, _("Sidan finns inte."));
    if ((rc = page_project(c, p, &project)) ||
        (code && (rc = budget_stored(c, p, project, k, &base))))
        return rc;
    json_t *rec = page_record_from_form(c, k->record, code, base);
    json_decref(base);
    Errs errs;
    errs_init(&errs);
    rc = record_save(c->db, &c->actor, project, k->record, rec, code == NULL, NULL, 0, &errs);
    json_decref(rec);
    int status = page_saved(p, rc, "/budget?saved=1");
    if (!status) {
        budget_form(c, p, project, k, code, NULL, true, &errs);
        status = 200;
    }
    errs_free(&errs);
    return status;
}

int page_budget_record_create(Ctx *c, Page *p)
{
    return budget_save(c, p, NULL);
}

int page_budget_record_update(Ctx *c, Page *p)
{
    return budget_save(c, p, ctx_param(c, "id"));
}

int page_budget_record_delete(Ctx *c, Page *p)
{
    const BudgetKind *k = budget_kind(c);
    const char *code = ctx_param(c, "id");
    int64_t project = 0;
    int rc;
    if (!k)
        return page_fail(p, 404, _("Sidan finns inte."));
    if ((rc = page_project(c, p, &project)))
        return rc;
    if (!page_delete_confirmed(c)) {
        char *question = xasprintf(k->category ? _("Ta bort kostnadsslag %s?")
                                               : _("Ta bort budgetversion %s?"),
                                   code ? code : "");
        char *self = page_url("/budget/%s/%s/delete", k->path, code);
        rc = page_delete_ask(p, question, self, "/budget", _("Nej, tillbaka till budgeten"));
        free(self);
        free(question);
        return rc;
    }
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    rc = record_delete(c->db, &c->actor, project, k->record, code, &removed, &errs);
    char *what = xasprintf(k->category ? _("kostnadsslag %s") : _("budgetversion %s"),
                           code ? code : "");
    rc = page_deleted(p, rc, &errs, "/budget?deleted=1", what, "/budget",
                      _("Tillbaka till budgeten"));
    free(what);
    errs_free(&errs);
    return rc;
}

/* "Period 3" or "Slutrapporten" for a narrative's period (JSON null: the final report). */
static char *narrative_period_text(const json_t *period)
{
    if (json_is_integer(period))
        return xasprintf(_("Period %lld"), (long long)json_integer_value(period));

    return xstrdup(_("Slutrapporten"));
}

/* The edit page of a narrative: /narratives/edit?period=N&section=S (no period: the final
 * report's). */
static char *narrative_edit_href(const json_t *n)
{
    const json_t *period = json_object_get(n, "period");
    const char *section = json_string_value(json_object_get(n, "section"));
    if (json_is_integer(period)) {
        char num[24];
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(period));
        return page_url("/narratives/edit?period=%s&section=%s", num, section ? section : "");
    }
    return page_url("/narratives/edit?section=%s", section ? section : "");
}

int page_narratives(Ctx *c, Page *p)
{
    int64_t project = 0;
    json_t *all = NULL;
    int rc;
    if ((rc = page_project(c, p, &project)) ||
        (rc = budget_section(c, p, project, "narratives", &all)))
        return rc;
    page_title(p, _("Berättande texter"));
    if (ctx_query(c, "saved"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Texten sparades."));
    bool may = record_may_write(&c->actor, "narrative", 0);
    if (may) {
        page_raw(p, "<p>");
        page_link(p, "/narratives/edit", _("Ny text"));
        page_raw(p, "</p>\n");
    }
    size_t i;
    json_t *n;
    json_array_foreach(all, i, n) {
        char *period = narrative_period_text(json_object_get(n, "period"));
        const char *section = json_string_value(json_object_get(n, "section"));
        page_printf(p, "<section class=\"narrative\"><h2>%s: %s</h2>\n", period,
                    section ? section : "");
        free(period);
        if (json_is_true(json_object_get(n, "empty")))
            page_printf(p, "<p><em>%s</em></p>\n", _("Lämnas obesvarad med avsikt."));
        else
            page_markdown(p, json_string_value(json_object_get(n, "text")));
        if (may) {
            char *href = narrative_edit_href(n);
            page_raw(p, "<p>");
            page_link(p, href, _("Ändra"));
            page_raw(p, "</p>");
            free(href);
        }
        page_raw(p, "</section>\n");
    }
    if (!json_array_size(all))
        page_printf(p, "<p>%s</p>\n", _("Inga texter än."));
    json_decref(all);
    return 200;
}

/* The stored narrative of period (NULL: the final report) and section, or NULL. Borrowed from
 * all. */
static const json_t *narrative_find(const json_t *all, const char *period, const char *section)
{
    size_t i;
    json_t *n;
    json_array_foreach(all, i, n) {
        const json_t *np = json_object_get(n, "period");
        const char *ns = json_string_value(json_object_get(n, "section"));
        bool same_period = period && *period
                               ? json_is_integer(np) && json_integer_value(np) == atoll(period)
                               : !json_is_integer(np);
        if (same_period && ns && section && strcmp(ns, section) == 0)
            return n;
    }
    return NULL;
}

/* The form: period, section, the text, and two buttons — preview and save. */
static void narrative_form(Page *p, const char *period, const char *section, const char *text,
                           bool empty, const Errs *errs)
{
    const char *msg[4] = {NULL, NULL, NULL, NULL};
    static const char *const keys[] = {"period", "section", "text", "empty"};
    bool general = false;
    for (size_t i = 0; errs && i < errs->count; i++) {
        bool placed = false;
        for (size_t k = 0; k < 4; k++)
            if (errs->fields[i] && strcmp(errs->fields[i], keys[k]) == 0 && !msg[k]) {
                msg[k] = errs->msgs[i];
                placed = true;
            }
        general |= !placed;
    }
    if (errs && errs->count) {
        page_error_summary(p, errs->count);
        if (general) {
            /* The alert on a wrapper: on the list itself it would take the list's role away. */
            page_raw(p, "<div role=\"alert\"><ul class=\"errors\">");
            for (size_t i = 0; i < errs->count; i++)
                page_printf(p, "<li>%s</li>", errs->msgs[i]);
            page_raw(p, "</ul></div>\n");
        }
    }
    page_form_begin(p, "/narratives/edit");
    page_field(p, &(PageField){.name = "period", .label = _("Rapportperiod"), .type = "number",
                               .value = period, .error = msg[0],
                               .hint = _("Periodens nummer; tomt för slutrapporten.")});
    page_field(p, &(PageField){.name = "section", .label = _("Avsnitt"), .value = section,
                               .error = msg[1], .required = true,
                               .hint = _("Frågans id i rapporten, t.ex. jamstalldhet.")});
    page_field(p, &(PageField){.name = "text", .label = _("Text"), .type = "textarea",
                               .value = text, .error = msg[2],
                               .hint = _("Markdown: **fetstil**, *kursiv*, listor med - och "
                                         "rubriker med #. Förhandsgranska innan du sparar.")});
    page_field(p, &(PageField){.name = "empty", .label = _("Lämnas obesvarad med avsikt"),
                               .type = "checkbox", .value = empty ? "1" : "", .error = msg[3]});
    page_printf(p, "<div class=\"actions\"><button type=\"submit\" name=\"preview\" value=\"1\">"
                   "%s</button> <button type=\"submit\">%s</button></div>",
                _("Förhandsgranska"), _("Spara"));
    page_form_end(p);
}

int page_narrative_edit(Ctx *c, Page *p)
{
    int64_t project = 0;
    json_t *all = NULL;
    int rc;
    if ((rc = page_project(c, p, &project)) ||
        (rc = budget_section(c, p, project, "narratives", &all)))
        return rc;
    const char *period = ctx_query(c, "period"), *section = ctx_query(c, "section");
    const json_t *n = narrative_find(all, period, section);
    page_title(p, n ? _("Ändra text") : _("Ny text"));
    narrative_form(p, period, section, json_string_value(json_object_get(n, "text")),
                   json_is_true(json_object_get(n, "empty")), NULL);
    json_decref(all);
    return 200;
}

int page_narrative_save(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *period = ctx_form(c, "period"), *section = ctx_form(c, "section");
    const char *text = ctx_form(c, "text");
    bool empty = ctx_form(c, "empty") != NULL;
    if (ctx_form(c, "preview")) {
        page_title(p, _("Förhandsgranska text"));
        page_printf(p, "<section class=\"preview\" aria-label=\"%s\"><h2>%s</h2>\n",
                    _("Förhandsgranskning"), _("Så här visas texten i rapporten"));
        page_markdown(p, text);
        page_raw(p, "</section>\n");
        narrative_form(p, period, section, text, empty, NULL);
        return 200;
    }
    json_t *rec = json_object();
    char *end = NULL;
    long long num = period && *period ? strtoll(period, &end, 10) : 0;
    if (!period || !*period)
        json_object_set_new(rec, "period", json_null());
    else if (end && *end == '\0')
        json_object_set_new(rec, "period", json_integer(num));
    else
        json_object_set_new(rec, "period", json_string(period));   /* the core says why not */
    json_object_set_new(rec, "section", json_string(section ? section : ""));
    if (text && *text)
        json_object_set_new(rec, "text", json_string(text));
    if (empty)
        json_object_set_new(rec, "empty", json_true());
    Errs errs;
    errs_init(&errs);
    rc = record_save(c->db, &c->actor, project, "narrative", rec, false, NULL, 0, &errs);
    json_decref(rec);
    int status = page_saved(p, rc, "/narratives?saved=1");
    if (!status) {
        page_title(p, _("Ändra text"));
        narrative_form(p, period, section, text, empty, &errs);
        status = 200;
    }
    errs_free(&errs);
    return status;
}
