/* pages_outbox.c — the outbox as a manager sees it (/outbox): every message with its kind,
 * recipient (the account's login or a masked address), state, attempts and last error, newest
 * first, filtered by state, a page of 50 at a time; a failed or uncertain message sent again, a waiting one stopped.
 * The list, the rules and the moves are the core's (outbox.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "outbox.h"
#include "pages.h"

/* Messages on a page of the list. */
#define OUTBOX_PAGE_ROWS 50

static const char *outbox_page_kind(const char *kind)
{
    const OutboxKind *k = outbox_kind_find(kind);
    return k ? _(k->label) : kind;
}

int page_outbox(Ctx *c, Page *p)
{
    static const char *const states[] = {
        "", N_("Alla"), "queued", N_("Väntar"), "sending", N_("Skickas"),
        "sent", N_("Skickat"), "uncertain", N_("Oklart om det kom fram"),
        "failed", N_("Misslyckades"), "cancelled", N_("Stoppat"), NULL,
    };
    const char *state = ctx_query(c, "state");
    bool known = false;
    for (size_t i = 0; state && states[i]; i += 2)
        known |= strcmp(states[i], state) == 0;
    if (!known || (state && !*state))
        state = NULL;
    page_title(p, _("Utkorg för e-post"));
    page_printf(p, "<p>%s</p>\n",
                _("Varje e-postmeddelande som insats skickar hamnar först här och skickas sedan "
                  "av servern. Ett meddelande som inte kunde skickas försöks igen med allt "
                  "längre uppehåll. \"Oklart om det kom fram\" betyder att servern stoppades "
                  "medan e-postservern hade hela meddelandet: det skickas inte igen av sig "
                  "självt, så att ingen får det två gånger."));
    const char *opts[sizeof states / sizeof states[0]];
    for (size_t i = 0; states[i]; i += 2) {
        opts[i] = states[i];
        opts[i + 1] = _(states[i + 1]);
    }
    opts[sizeof states / sizeof states[0] - 1] = NULL;
    page_raw(p, "<section class=\"filters\">");
    page_form_get_begin(p, "/outbox");
    page_field(p, &(PageField){.name = "state", .label = _("Status"), .type = "select",
                               .value = state ? state : "", .options = opts});
    page_submit(p, _("Visa"));
    page_form_end(p);
    page_raw(p, "</section>\n");

    OutboxRow *rows = NULL;
    size_t n = 0;
    Errs errs;
    errs_init(&errs);
    OutboxFilter f = {.state = state, .limit = OUTBOX_PAGE_ROWS};
    int64_t total = 0;
    int rc = outbox_list_count(c->db, &c->actor, &f, &total, &errs);
    long pages = total ? (long)((total + OUTBOX_PAGE_ROWS - 1) / OUTBOX_PAGE_ROWS) : 1;
    long page = ctx_query_long(c, "page", 1, pages, 1);
    f.offset = (int64_t)(page - 1) * OUTBOX_PAGE_ROWS;
    if (rc == INSATS_OK)
        rc = outbox_list(c->db, &c->actor, &f, &rows, &n, &errs);
    errs_free(&errs);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Bara projektledaren ser utkorgen."));
    if (rc != INSATS_OK)
        return page_fail(p, 503, _("Utkorgen kunde inte läsas just nu. Försök igen om en "
                                   "stund."));
    if (n == 0) {
        page_printf(p, "<p>%s%s%s</p>\n", _("Inga meddelanden."), state ? " " : "",
                    state ? _("Välj status Alla för att se de andra.") : "");
    } else {
        char *count = xasprintf(_n("%lld meddelande", "%lld meddelanden",
                                   (unsigned long)total), (long long)total);
        page_printf(p, "<p class=\"count\" role=\"status\">%s</p>\n", count);
        free(count);
    }
    if (n)
        page_table_begin_num(p, _("Meddelanden, de senaste först"),
                         (const char *const[]){_("Nr"), _("Sort"), _("Till"), _("Ämne"),
                                               _("Status"), _("Försök"),
                                               _("Nästa försök eller skickat"),
                                               _("Senaste fel"), _("Åtgärd"), NULL},
                         0x20);
    for (size_t i = 0; i < n; i++) {
        const OutboxRow *r = &rows[i];
        char id[24], tries[16], when[20];
        snprintf(id, sizeof id, "%lld", (long long)r->id);
        snprintf(tries, sizeof tries, "%d", r->attempts);
        time_local_minute(strcmp(r->state, "sent") == 0      ? r->sent_at
                         : strcmp(r->state, "queued") == 0 ? r->next_attempt
                                                           : 0,
                          when, "–");
        page_tr(p);
        page_th_row(p, id);
        page_td(p, outbox_page_kind(r->kind));
        page_td(p, r->recipient);
        page_td(p, r->subject);
        page_td(p, _(outbox_state_label(r->state)));
        page_td_numf(p, "%s", tries);
        page_td(p, when);
        page_td(p, r->last_error[0] ? r->last_error : "–");
        page_raw(p, "<td>");
        if (!strcmp(r->state, "failed") || !strcmp(r->state, "uncertain") ||
            !strcmp(r->state, "cancelled")) {
            char *action = page_url("/outbox/%s/retry", id);
            page_button_form(p, action, _("Skicka igen"));
            free(action);
        }
        if (!strcmp(r->state, "queued") || !strcmp(r->state, "failed") ||
            !strcmp(r->state, "uncertain")) {
            char *action = page_url("/outbox/%s/cancel", id);
            page_button_form(p, action, _("Stoppa"));
            free(action);
        }
        page_raw(p, "</td>");
        page_tr_end(p);
    }
    if (n)
        page_table_end(p);
    page_pager(p, page, pages);
    free(rows);
    return p->status;
}

/* Retry or cancel one message, then back to the list; a refusal is a page that says why. */
static int outbox_page_move(Ctx *c, Page *p, bool retry)
{
    const char *ids = ctx_param(c, "id");
    char *end = NULL;
    long long id = ids ? strtoll(ids, &end, 10) : 0;
    if (!ids || !*ids || *end || id <= 0)
        return page_fail(p, 404, _("Meddelandet finns inte."));
    Errs errs;
    errs_init(&errs);
    int rc = retry ? outbox_retry(c->db, &c->actor, id, (int64_t)time(NULL), &errs)
                   : outbox_cancel(c->db, &c->actor, id, &errs);
    errs_free(&errs);
    if (rc == INSATS_OK)
        return page_redirect(p, "/outbox");
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Bara projektledaren hanterar utkorgen."));
    if (rc == INSATS_EINPUT)
        return page_fail(p, 409, retry ? _("Meddelandet kan inte skickas igen: det är redan "
                                           "skickat, skickas just nu eller finns inte.")
                                       : _("Meddelandet kan inte stoppas: det är redan "
                                           "skickat, skickas just nu eller finns inte."));
    return page_fail(p, 503, _("Det gick inte just nu. Försök igen om en stund."));
}

int page_outbox_retry(Ctx *c, Page *p)
{
    return outbox_page_move(c, p, true);
}

int page_outbox_cancel(Ctx *c, Page *p)
{
    return outbox_page_move(c, p, false);
}
