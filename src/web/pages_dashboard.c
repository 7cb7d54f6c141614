/* pages_dashboard.c — the start page: the dashboard of the project (src/core/dashboard.c).
 * The figures are those of the current period's lägesrapport, laid out as the funder's tables
 * with the report layer's charts beside them; every count links to the records behind it
 * (/trace) for a role that may see them. Nothing is computed here. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"
#include "i18n.h"
#include "pages.h"
#include "project.h"
#include "router.h"
#include "trace.h"
#include "vocab.h"

typedef struct Dash {
    Page *p;
    const json_t *d;
    Role role;
    ReportRange range;
} Dash;

/* One figure cell of the dashboard, by its path in the dashboard (the report's path):
 * `array[key].rest`, or `array` alone when key is NULL. */
static void cell(Dash *ds, const char *array, const char *key, const char *rest)
{
    char path[256];
    if (key)
        snprintf(path, sizeof path, "%s[%s].%s", array, key, rest);
    else
        snprintf(path, sizeof path, "%s", array);
    page_figure_td(ds->p, ds->d, path, REPORT_LAGESRAPPORT, &ds->range);
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void participants(Dash *ds)
{
    Page *p = ds->p;
    page_printf(p, "<section aria-labelledby=\"h-deltagare\"><h2 id=\"h-deltagare\">%s</h2>\n",
                _("Deltagare"));
    page_raw(p, "<div class=\"figure-pair\">");
    page_chart(p, ds->d, "participants_by_organisation", "dash-org");
    const char *const heads[] = {"", _("Totalt"), _("Kvinnor"), _("Män"), _("Annat kön"),
                                        NULL};
    page_table_begin_num(p, _("Deltagare under perioden och ackumulerat"), heads, 0x1e);
    static const char *const spans[] = {"period", "accumulated"};
    const char *names[] = {_("Under perioden"), _("Ackumulerat")};
    static const char *const splits[] = {"total", "women", "men", "other"};
    for (size_t s = 0; s < 2; s++) {
        page_tr(p);
        page_th_row(p, names[s]);
        for (size_t k = 0; k < 4; k++) {
            char path[64];
            snprintf(path, sizeof path, "participants.%s.%s", spans[s], splits[k]);
            cell(ds, path, NULL, NULL);
        }
        page_tr_end(p);
    }
    page_tr(p);
    page_th_row(p, _("Planerat enligt ansökan"));
    char *planned = page_figure_text(trace_figure_value(ds->d, "participants.planned"));
    page_printf(p, "<td class=\"num\">%s</td><td></td><td></td><td></td>", planned);
    free(planned);
    page_tr_end(p);
    page_table_end(p);
    page_raw(p, "</div>\n");

    const char *const oheads[] = {_("Organisation"), _("Under perioden"), _("Kvinnor"),
                                         _("Män"), _("Ackumulerat"), NULL};
    page_table_begin_num(p, _("Deltagare per organisation"), oheads, 0x1e);
    size_t i;
    const json_t *o;
    json_array_foreach(json_object_get(json_object_get(ds->d, "participants"), "by_organisation"),
                       i, o) {
        const char *id = str(o, "organisation");
        page_tr(p);
        page_th_row(p, str(o, "name"));
        cell(ds, "participants.by_organisation", id, "period.total");
        cell(ds, "participants.by_organisation", id, "period.women");
        cell(ds, "participants.by_organisation", id, "period.men");
        cell(ds, "participants.by_organisation", id, "accumulated.total");
        page_tr_end(p);
    }
    page_table_end(p);
    page_raw(p, "</section>\n");
}

/* The funder's table "Sammanställning av aktiviteter/utbildningar". */
static void interventions(Dash *ds)
{
    Page *p = ds->p;
    page_printf(p, "<section aria-labelledby=\"h-insatser\"><h2 id=\"h-insatser\">%s</h2>\n",
                _("Sammanställning av aktiviteter/utbildningar"));
    const char *const heads[] = {_("Datum"), _("Insats"), _("Antal timmar"),
                                        _("Antal deltagare"), _("Planerat antal deltagare"),
                                        _("Slutförd insats"), NULL};
    page_table_begin_num(p, _("Insatserna till och med periodens slut"), heads, 0x1c);
    size_t i;
    const json_t *iv;
    json_array_foreach(json_object_get(ds->d, "interventions"), i, iv) {
        const char *id = str(iv, "id");
        page_tr(p);
        page_td(p, str(iv, "start"));
        page_th_row(p, str(iv, "title"));
        cell(ds, "interventions", id, "hours");
        cell(ds, "interventions", id, "participants");
        char *planned = page_figure_text(json_object_get(iv, "planned_participants"));
        page_printf(p, "<td class=\"num\">%s</td>", planned);
        free(planned);
        page_td(p, json_is_true(json_object_get(iv, "completed")) ? _("Ja") : _("Nej"));
        page_tr_end(p);
    }
    page_table_end(p);
    page_raw(p, "</section>\n");
}

static void goals(Dash *ds)
{
    Page *p = ds->p;
    page_printf(p, "<section aria-labelledby=\"h-mal\"><h2 id=\"h-mal\">%s</h2>\n", _("Mål"));
    const char *const heads[] = {_("Mål"), _("Målvärde"), _("Uppnått"), _("Uppfyllt"),
                                        NULL};
    page_table_begin_num(p, _("Målen på periodens sista dag"), heads, 0x06);
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(ds->d, "goals"), i, g) {
        page_tr(p);
        page_th_row(p, str(g, "title"));
        char *target = page_figure_text(json_object_get(g, "target"));
        page_printf(p, "<td class=\"num\">%s %s</td>", str(g, "comparison"), target);
        free(target);
        if (json_is_true(json_object_get(g, "suppressed")))
            page_td(p, _("dolt (färre än 5 svar)"));
        else
            cell(ds, "goals", str(g, "id"), "achieved");
        page_td(p, json_is_true(json_object_get(g, "met")) ? _("Ja") : _("Nej"));
        page_tr_end(p);
    }
    page_table_end(p);
    page_raw(p, "</section>\n");
}

static void budget(Dash *ds)
{
    Page *p = ds->p;
    const json_t *b = json_object_get(ds->d, "budget");
    page_printf(p, "<section aria-labelledby=\"h-budget\"><h2 id=\"h-budget\">%s</h2>\n",
                _("Budget"));
    char *dev = page_figure_text(json_object_get(b, "deviation_percent"));
    char *status = xasprintf(json_is_true(json_object_get(b, "on_budget"))
                                 ? _("I fas med budget (avvikelse ackumulerat %s %%)")
                                 : _("Inte i fas med budget (avvikelse ackumulerat %s %%)"),
                             dev);
    page_printf(p, "<p class=\"budget-status\">%s</p>\n", status);
    free(status);
    free(dev);
    /* Five columns of money do not fit beside a chart: the table goes below it. */
    page_raw(p, "<div class=\"figure-pair stacked\">");
    page_chart(p, ds->d, "budget_by_category", "dash-budget");
    const char *const heads[] = {_("Kategori"), _("Budget perioden"), _("Utfall perioden"),
                                        _("Budget ackumulerat"), _("Utfall ackumulerat"), NULL};
    page_table_begin_num(p, _("Budget och utfall per kategori, kronor"), heads, 0x1e);
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(b, "by_category"), i, c) {
        const char *id = str(c, "category");
        page_tr(p);
        page_th_row(p, str(c, "name"));
        cell(ds, "budget.by_category", id, "period.planned");
        cell(ds, "budget.by_category", id, "period.actual");
        cell(ds, "budget.by_category", id, "accumulated.planned");
        cell(ds, "budget.by_category", id, "accumulated.actual");
        page_tr_end(p);
    }
    page_tr(p);
    page_th_row(p, _("Summa"));
    cell(ds, "budget.period.planned", NULL, NULL);
    cell(ds, "budget.period.actual", NULL, NULL);
    cell(ds, "budget.accumulated.planned", NULL, NULL);
    cell(ds, "budget.accumulated.actual", NULL, NULL);
    page_tr_end(p);
    page_table_end(p);
    page_raw(p, "</div>\n</section>\n");
}

/* One of the short lists of the dashboard: a table of some keys of each entry, one of them a
 * link to the record's page (/<kind>/<the entry's id key>). */
typedef struct DashList {
    const char *key, *caption;
    const char *heads[5];
    const char *cols[5];         /* the entry's keys, one per column; "start-end" joins two */
    int link_col;
    const char *link_kind, *link_id;
    const char *none;            /* said instead of an empty table */
    int label_col;               /* a column of vocab values shown by their Swedish label, or -1 */
    VocabList label_list;
} DashList;

static const DashList LISTS[] = {
    {"upcoming_sessions", N_("Kommande tillfällen"), {N_("Datum"), N_("Tid"), N_("Aktivitet")},
     {"date", "start-end", "title"}, 2, "activities", "activity",
     N_("Inga kommande utbildningstillfällen."), -1, 0},
    {"upcoming_meetings", N_("Kommande möten"),
     {N_("Datum"), N_("Möte"), N_("Grupp"), N_("Plats")},
     {"date", "title", "group_name", "place"}, 1, "meetings", "id",
     N_("Inga kommande möten."), -1, 0},
    {"open_actions", N_("Öppna åtgärder från mötena"),
     {N_("Åtgärd"), N_("Ansvarig"), N_("Klart senast"), N_("Möte")},
     {"text", "owner", "due", "meeting_title"}, 3, "meetings", "meeting",
     N_("Inga öppna åtgärder."), -1, 0},
    {"unreported_deviations", N_("Avvikelser som inte har meddelats finansiären"),
     {N_("Datum"), N_("Område"), N_("Avvikelse")}, {"date", "area", "description"}, 2,
     "deviations", "id", N_("Alla avvikelser är meddelade finansiären."), 1,
     VOCAB_DEVIATION_AREA},
};

static void dash_list(Dash *ds, const DashList *l)
{
    Page *p = ds->p;
    const json_t *entries = json_object_get(ds->d, l->key);
    if (json_array_size(entries) == 0) {
        page_printf(p, "<h3 class=\"caption\">%s</h3>\n<p>%s</p>\n", _(l->caption), _(l->none));
        return;
    }
    const char *heads[6] = {0};
    for (size_t k = 0; k < 5 && l->heads[k]; k++)
        heads[k] = _(l->heads[k]);
    page_table_begin(p, _(l->caption), heads);
    size_t i;
    const json_t *e;
    json_array_foreach(entries, i, e) {
        page_tr(p);
        for (int k = 0; k < 5 && l->cols[k]; k++) {
            if (strcmp(l->cols[k], "start-end") == 0) {
                page_printf(p, "<td>%s–%s</td>", str(e, "start"), str(e, "end"));
            } else if (k == l->link_col) {
                char *href = strcmp(l->link_kind, "activities") == 0
                                 ? page_url("/activities/%s", str(e, l->link_id))
                             : strcmp(l->link_kind, "meetings") == 0
                                 ? page_url("/meetings/%s", str(e, l->link_id))
                                 : page_url("/deviations/%s", str(e, l->link_id));
                /* a record the role may not open is named without a link to a refusal */
                if (router_may_get(ds->role, href))
                    page_td_link(p, href, str(e, l->cols[k]));
                else
                    page_td(p, str(e, l->cols[k]));
                free(href);
            } else if (k == l->label_col) {
                const char *label = vocab_label(l->label_list, str(e, l->cols[k]));
                page_td(p, label ? label : str(e, l->cols[k]));
            } else {
                page_td(p, str(e, l->cols[k]));
            }
        }
        page_tr_end(p);
    }
    page_table_end(p);
}

static void lists(Dash *ds)
{
    page_printf(ds->p, "<section aria-labelledby=\"h-kommande\"><h2 id=\"h-kommande\">%s</h2>\n",
                _("Kommande och att göra"));
    for (size_t i = 0; i < sizeof LISTS / sizeof *LISTS; i++)
        dash_list(ds, &LISTS[i]);
    page_raw(ds->p, "</section>\n");
}

/* ---- the rendered page, kept ------------------------------------------------------------------ */

/* The start page is the same for everyone who sees the same links and names, until something
 * is written (dashboard_generation()): it is rendered once per project, day and kind of viewer
 * and kept here, shared by the threads, so that a busy start page costs a copy. */
enum { DASH_PAGE_SLOTS = 16 };   /* the kinds of viewer: each coordinator's organisation is one */

typedef struct DashPage {
    int64_t project;
    char today[11];
    uint64_t viewer;
    uint64_t generation, used;
    bool full;
    PageCopy copy;
} DashPage;

static pthread_mutex_t dash_page_lock = PTHREAD_MUTEX_INITIALIZER;
static DashPage dash_pages[DASH_PAGE_SLOTS];
static uint64_t dash_page_clock;

/* What of the page depends on who looks: the links to the records (by what trace_allowed()
 * gives the role), the names, and the language the page is written in. */
static uint64_t dash_viewer(const Actor *a)
{
    /* the names the core gives this actor, the role (which records the page links to: those
     * the route table lets it open), the links to the records behind figures and the
     * language of the words and the figures */
    return dashboard_viewer(a) << 6 | (uint64_t)(a->role & 7) << 3 |
           (i18n_shown() == LANG_EN ? 4u : 0u) |
           (trace_allowed(a, "participants.period.total") ? 1u : 0u) |
           (trace_allowed(a, "budget.period.actual") ? 2u : 0u);
}


static bool dash_page_get(int64_t project, const char *today, uint64_t viewer, uint64_t gen,
                          Page *p)
{
    bool hit = false;
    pthread_mutex_lock(&dash_page_lock);
    for (size_t i = 0; i < DASH_PAGE_SLOTS && !hit; i++) {
        DashPage *d = &dash_pages[i];
        if (d->full && d->project == project && d->viewer == viewer && d->generation == gen &&
            strcmp(d->today, today) == 0) {
            d->used = ++dash_page_clock;
            page_copy_put(p, &d->copy);
            hit = true;
        }
    }
    pthread_mutex_unlock(&dash_page_lock);
    return hit;
}

static void dash_page_put(int64_t project, const char *today, uint64_t viewer, uint64_t gen,
                          const Page *p)
{
    PageCopy copy;
    page_copy_take(p, &copy);
    pthread_mutex_lock(&dash_page_lock);
    DashPage *slot = &dash_pages[0];
    for (size_t i = 0; i < DASH_PAGE_SLOTS; i++) {
        DashPage *d = &dash_pages[i];
        if (d->full && d->project == project && d->viewer == viewer &&
            strcmp(d->today, today) == 0) {
            slot = d;
            break;
        }
        if (!d->full || d->used < slot->used)
            slot = d;
    }
    if (slot->full && slot->project == project && slot->viewer == viewer &&
        strcmp(slot->today, today) == 0 && dashboard_generation_newer(slot->generation, gen)) {
        page_copy_free(&copy);   /* a fresher one is there already */
    } else {
        page_copy_free(&slot->copy);
        *slot = (DashPage){.project = project, .viewer = viewer, .generation = gen,
                           .used = ++dash_page_clock, .full = true, .copy = copy};
        snprintf(slot->today, sizeof slot->today, "%s", today);
    }
    pthread_mutex_unlock(&dash_page_lock);
}

/* The pipeline of training proposals: how many in each state per organisation, and how long
 * the open ones have waited. */
static void proposals(Dash *ds)
{
    Page *p = ds->p;
    const json_t *pipe = json_object_get(ds->d, "proposals");
    const json_t *orgs = json_object_get(pipe, "by_organisation");
    page_printf(p, "<section aria-labelledby=\"h-forslag\"><h2 id=\"h-forslag\">%s</h2>\n",
                _("Utbildningsförslag"));
    if (json_array_size(orgs) == 0) {
        page_printf(p, "<p>%s</p>\n</section>\n", _("Inga utbildningsförslag ännu."));
        return;
    }
    static const char *const states[] = {"submitted", "forwarded", "returned", "deferred",
                                         "approved", "rejected"};
    const char *heads[9] = {_("Organisation")};
    for (size_t k = 0; k < 6; k++)
        heads[k + 1] = vocab_label(VOCAB_PROPOSAL_STATUS, states[k]);
    heads[7] = _("Totalt");
    heads[8] = NULL;
    page_table_begin_num(p, _("Utbildningsförslag per organisation och status"), heads, 0xfe);
    size_t i;
    const json_t *o;
    json_array_foreach(orgs, i, o) {
        page_tr(p);
        page_th_row(p, str(o, "name"));
        for (size_t k = 0; k < 6; k++)
            page_printf(p, "<td class=\"num\">%lld</td>",
                        (long long)json_integer_value(json_object_get(o, states[k])));
        page_printf(p, "<td class=\"num\">%lld</td>",
                    (long long)json_integer_value(json_object_get(o, "total")));
        page_tr_end(p);
    }
    page_tr(p);
    page_th_row(p, _("Alla"));
    const json_t *all = json_object_get(pipe, "by_status");
    long long total = 0;
    for (size_t k = 0; k < 6; k++) {
        long long n = (long long)json_integer_value(json_object_get(all, states[k]));
        total += n;
        page_printf(p, "<td class=\"num\">%lld</td>", n);
    }
    page_printf(p, "<td class=\"num\">%lld</td>", total);
    page_tr_end(p);
    page_table_end(p);
    const json_t *waiting = json_object_get(pipe, "waiting");
    if (json_array_size(waiting) > 0) {
        const char *const wheads[] = {N_("Status"), N_("Antal"), N_("Väntat i snitt (dagar)"),
                                             N_("Längst (dagar)"), NULL};
        const char *wh[5];
        for (size_t k = 0; k < 5; k++)
            wh[k] = wheads[k] ? _(wheads[k]) : NULL;
        page_table_begin_num(p, _("Hur länge öppna förslag har väntat sedan sitt senaste steg"), wh, 0x0e);
        json_array_foreach(waiting, i, o) {
            page_tr(p);
            page_th_row(p, vocab_label(VOCAB_PROPOSAL_STATUS, str(o, "status")));
            static const char *const keys[] = {"count", "average_days", "longest_days"};
            for (size_t k = 0; k < 3; k++)
                page_printf(p, "<td class=\"num\">%lld</td>",
                            (long long)json_integer_value(json_object_get(o, keys[k])));
            page_tr_end(p);
        }
        page_table_end(p);
    }
    page_raw(p, "</section>\n");
}

int page_dashboard(Ctx *c, Page *p)
{
    int64_t pid;
    Errs errs;
    errs_init(&errs);
    int rc = project_resolve(c->db, NULL, &pid, &errs);
    errs_free(&errs);
    if (rc == INSATS_EINPUT || rc == INSATS_EUSAGE) {
        /* the start page of a database without its one project still greets the user */
        page_title(p, _("Översikt"));
        page_printf(p, "<p>%s</p>\n",
                    rc == INSATS_EINPUT
                        ? _("Databasen har inget projekt ännu. Skapa det på kommandoraden med "
                            "insats init eller insats import (insats demo för ett exempel).")
                        : _("Databasen har flera projekt; webben visar ett projekt i taget."));
        return 200;
    }
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Översikten kunde inte läsas."));
    /* the stamp first: a write while the page is drawn leaves it stamped as before the write */
    uint64_t gen = dashboard_generation(c->db);
    char today[11];
    date_today(today);
    uint64_t viewer = dash_viewer(&c->actor);
    if (gen && dash_page_get(pid, today, viewer, gen, p))
        return 200;
    errs_init(&errs);
    json_t *d = NULL;
    rc = dashboard_get(c->db, &c->actor, pid, today, &d, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Översikten kunde inte läsas."));
    const json_t *period = json_object_get(d, "period");
    Dash ds = {.p = p, .d = d, .role = c->actor.role};
    ds.range.period = (int)json_integer_value(json_object_get(period, "number"));
    if (!ds.range.period) {
        ds.range.from = str(period, "from");
        ds.range.to = str(period, "to");
    }
    page_title(p, str(json_object_get(d, "project"), "name"));
    char *current = ds.range.period ? xasprintf(_("Aktuell period: %s – %s (period %lld)"),
                                                str(period, "from"), str(period, "to"),
                                                (long long)ds.range.period)
                                    : xasprintf(_("Aktuell period: %s – %s"),
                                                str(period, "from"), str(period, "to"));
    page_printf(p, "<p class=\"period\">%s", current);
    free(current);
    if (json_is_object(json_object_get(d, "frozen")))
        page_printf(p, " – %s", _("fryst, siffrorna är de inlämnade"));
    page_raw(p, "</p>\n");
    participants(&ds);
    interventions(&ds);
    goals(&ds);
    budget(&ds);
    proposals(&ds);
    lists(&ds);
    json_decref(d);
    if (gen)   /* 0: nothing may be kept */
        dash_page_put(pid, today, viewer, gen, p);
    return 200;
}
