/* pages_meetings.c — the meeting workflow in the browser: a group's series of a year, a
 * meeting cancelled with its reason, the secret addresses of the calendar feeds, and the feed
 * itself (public: the address is the secret). */
#include "calendar.h"
#include "i18n.h"
#include "meeting.h"
#include "pages.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The message of errs about field, or NULL. */
static const char *meetings_error(const Errs *errs, const char *field)
{
    for (size_t i = 0; errs && i < errs->count; i++)
        if (errs->fields[i] && strcmp(errs->fields[i], field) == 0)
            return errs->msgs[i];
    return NULL;
}

/* The messages of errs about no field of the form, above it. */
static void meetings_other_errors(Page *p, const Errs *errs, const char *const *fields)
{
    bool open = false;
    for (size_t i = 0; errs && i < errs->count; i++) {
        bool known = false;
        for (const char *const *f = fields; *f && errs->fields[i]; f++)
            known |= strcmp(*f, errs->fields[i]) == 0;
        if (known)
            continue;
        if (!open)
            page_raw(p, "<div class=\"error-summary\" role=\"alert\">");
        open = true;
        page_printf(p, "<p>%s</p>", errs->msgs[i]);
    }
    if (open)
        page_raw(p, "</div>\n");
}

/* ---- a series -------------------------------------------------------------------------------- */

static const char *const SERIES_FIELDS[] = {"group", "dates", "year", "start", "end", "place",
                                            "title", NULL};

static int meetings_series_page(Ctx *c, Page *p, const Errs *errs)
{
    page_title(p, _("Planera en mötesserie"));
    page_printf(p, "<p>%s</p>\n",
                _("Skriv årets mötesdagar som i protokollet, till exempel "
                  "”15 februari, 3 maj, 25 september och 6 november”, eller som datum "
                  "(2019-02-15). Varje dag blir ett planerat möte för gruppen."));
    if (errs && errs->count)
        page_error_summary(p, errs->count);
    meetings_other_errors(p, errs, SERIES_FIELDS);
    page_form_begin(p, "/meeting-series");
    const PageField fields[] = {
        {.name = "group", .label = _("Grupp (id)"), .value = ctx_form(c, "group"),
         .error = meetings_error(errs, "group"), .hint = _("Gruppens id, t.ex. styrgrupp"),
         .required = true, .autofocus = true},
        {.name = "dates", .label = _("Mötesdagar"), .type = "textarea",
         .value = ctx_form(c, "dates"), .error = meetings_error(errs, "dates"),
         .hint = _("”15 februari, 3 maj och 6 november”, ”den 3 och 17 maj” eller ISO-datum"),
         .required = true},
        {.name = "year", .label = _("År"), .type = "number", .value = ctx_form(c, "year"),
         .error = meetings_error(errs, "year"),
         .hint = _("För dagar som skrivs utan år")},
        {.name = "start", .label = _("Starttid"), .type = "time", .value = ctx_form(c, "start"),
         .error = meetings_error(errs, "start")},
        {.name = "end", .label = _("Sluttid"), .type = "time", .value = ctx_form(c, "end"),
         .error = meetings_error(errs, "end")},
        {.name = "place", .label = _("Plats"), .value = ctx_form(c, "place"),
         .error = meetings_error(errs, "place")},
        {.name = "title", .label = _("Titel"), .value = ctx_form(c, "title"),
         .error = meetings_error(errs, "title"), .hint = _("Tom: gruppens namn")},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        page_field(p, &fields[i]);
    page_submit(p, _("Skapa mötena"));
    page_form_end(p);
    return 200;
}

int page_meeting_series_form(Ctx *c, Page *p)
{
    return meetings_series_page(c, p, NULL);
}

int page_meeting_series(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *year = ctx_form(c, "year");
    char *end = NULL;
    long y = year && *year ? strtol(year, &end, 10) : 0;
    MeetingSeries s = {.group = ctx_form(c, "group"), .dates = ctx_form(c, "dates"),
                       .year = (int)(y >= 0 && y <= 9999 ? y : 1), .start = ctx_form(c, "start"),
                       .end = ctx_form(c, "end"), .place = ctx_form(c, "place"),
                       .title = ctx_form(c, "title")};
    if (s.place && !*s.place)
        s.place = NULL;
    Errs errs;
    errs_init(&errs);
    if (end && *end)
        errs_add_field(&errs, "year", _("År: skriv året med siffror, t.ex. 2019."));
    json_t *codes = NULL;
    if (!errs.count)
        rc = meeting_series_create(c->db, &c->actor, project, &s, &codes, &errs);
    else
        rc = INSATS_EINPUT;
    int st;
    if (rc == INSATS_OK) {
        char *to = page_url("/meetings?group=%s", s.group);
        st = page_redirect(p, to);
        free(to);
    } else if ((st = page_saved(p, rc, "/meetings")) == 0) {
        p->status = 422;
        meetings_series_page(c, p, &errs);
        st = 422;
    }
    json_decref(codes);
    errs_free(&errs);
    return st;
}

/* ---- cancelling ------------------------------------------------------------------------------ */

static int meetings_cancel_page(Ctx *c, Page *p, const Errs *errs)
{
    const char *code = ctx_param(c, "id");
    char *title = xasprintf("%s %s", _("Ställ in mötet"), code);
    page_title(p, title);
    free(title);
    static const char *const fields[] = {"reason", NULL};
    if (errs && errs->count)
        page_error_summary(p, errs->count);
    meetings_other_errors(p, errs, fields);
    char *action = page_url("/meetings/%s/cancel", code);
    page_form_begin(p, action);
    free(action);
    const PageField f = {.name = "reason", .label = _("Skäl"), .value = ctx_form(c, "reason"),
                         .error = meetings_error(errs, "reason"),
                         .hint = _("Visas i kalendern och för den som kallats"),
                         .required = true, .autofocus = true};
    page_field(p, &f);
    page_submit(p, _("Ställ in mötet"));
    page_form_end(p);
    char *back = page_url("/meetings/%s", code);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till mötet"));
    page_raw(p, "</p>\n");
    free(back);
    return 200;
}

int page_meeting_cancel_form(Ctx *c, Page *p)
{
    return meetings_cancel_page(c, p, NULL);
}

int page_meeting_cancel(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    Errs errs;
    errs_init(&errs);
    rc = meeting_cancel(c->db, &c->actor, project, code, ctx_form(c, "reason"), &errs);
    char *done = page_url("/meetings/%s", code);
    int st = page_saved(p, rc, done);
    if (st == 0) {
        p->status = 422;
        meetings_cancel_page(c, p, &errs);
        st = 422;
    }
    free(done);
    errs_free(&errs);
    return st;
}

/* ---- the calendar's addresses ------------------------------------------------------------------- */

/* The page of the account's addresses; `token` a new one to show once, `error` a refusal. */
static int meetings_links_page(Ctx *c, Page *p, const char *token, const char *error)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    page_title(p, _("Kalender"));
    page_printf(p, "<p>%s</p>\n",
                _("Prenumerera på mötena i din kalender (Outlook, Google, Apple) med en hemlig "
                  "adress. Den som har adressen ser mötenas tider, platser och dagordningar "
                  "utan att logga in: dela den inte, och återkalla den om den kommit i fel "
                  "händer."));
    if (token) {
        page_printf(p, "<div class=\"notice\" role=\"status\"><p>%s</p>\n<p><code>",
                    _("Den nya adressen visas bara nu. Kopiera den till din kalender:"));
        page_printf(p, "/calendar/%s.ics", token);
        page_raw(p, "</code></p></div>\n");
    }
    if (error)
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n", error);
    CalendarLink *links = NULL;
    size_t n = 0;
    Errs errs;
    errs_init(&errs);
    calendar_link_list(c->db, &c->actor, project, &links, &n, &errs);
    errs_free(&errs);
    static const char *const headings[] = {N_("Kalender"), N_("Skapad"), N_("Återkalla"), NULL};
    page_table_begin(p, _("Dina giltiga adresser"), headings);
    for (size_t i = 0; i < n; i++) {
        page_tr(p);
        page_td(p, *links[i].group ? links[i].group_name : _("Mina möten"));
        char when[32];
        time_t t = (time_t)links[i].created;
        struct tm tm;
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
        page_td(p, when);
        page_raw(p, "<td>");
        char *action = page_url("/calendar-links/%lld/revoke", (long long)links[i].id);
        page_button_form(p, action, _("Återkalla"));
        free(action);
        page_raw(p, "</td>");
        page_tr_end(p);
    }
    page_table_end(p);
    free(links);
    page_printf(p, "<h2>%s</h2>\n", _("Ny adress"));
    page_form_begin(p, "/calendar-links");
    const PageField f = {.name = "group", .label = _("Grupp (id)"),
                         .hint = _("Tom: alla dina möten")};
    page_field(p, &f);
    page_submit(p, _("Skapa adress"));
    page_form_end(p);
    return 200;
}

int page_calendar_links(Ctx *c, Page *p)
{
    return meetings_links_page(c, p, NULL, NULL);
}

int page_calendar_link_create(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *group = ctx_form(c, "group");
    char token[CALENDAR_TOKEN_LEN + 1] = "";
    Errs errs;
    errs_init(&errs);
    rc = calendar_link_create(c->db, &c->actor, project, group && *group ? group : NULL, token,
                              time(NULL), &errs);
    errs_free(&errs);
    int st;
    if (rc == INSATS_OK) {
        st = meetings_links_page(c, p, token, NULL);
    } else if (rc == INSATS_EFORBIDDEN) {
        st = page_fail(p, 403, _("Din roll läser inte möten."));
    } else {
        p->status = 422;
        meetings_links_page(c, p, NULL, rc == INSATS_EINPUT ? _("Det finns ingen sådan grupp.")
                                                             : _("Det gick inte just nu. "
                                                                 "Försök igen om en stund."));
        st = 422;
    }
    explicit_bzero(token, sizeof token);
    return st;
}

int page_calendar_link_revoke(Ctx *c, Page *p)
{
    const char *id = ctx_param(c, "id");
    char *end = NULL;
    long long v = id ? strtoll(id, &end, 10) : 0;
    Errs errs;
    errs_init(&errs);
    int rc = v > 0 && end && !*end ? calendar_link_revoke(c->db, &c->actor, v, time(NULL), &errs)
                                   : INSATS_EINPUT;
    errs_free(&errs);
    if (rc == INSATS_EINPUT)
        return page_fail(p, 404, _("Det finns ingen sådan giltig adress på ditt konto."));
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Det gick inte just nu. Försök igen om en stund."));
    return page_redirect(p, "/calendar-links");
}

/* The feed behind a secret address. A right and a wrong token take the same time at least, so
 * that the answer's delay tells nothing about which tokens exist. */
#define FEED_FLOOR_MS 50

int page_calendar_feed(Ctx *c, Page *p)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *param = ctx_param(c, "token");
    char token[CALENDAR_TOKEN_LEN + 8] = "";
    size_t len = param ? strlen(param) : 0;
    if (len > 4 && len < sizeof token && strcmp(param + len - 4, ".ics") == 0)
        memcpy(token, param, len - 4);
    char *ics = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = calendar_link_feed(c->db, token, &ics, &errs);
    errs_free(&errs);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long spent = (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
    if (spent < FEED_FLOOR_MS) {
        struct timespec wait = {0, (FEED_FLOOR_MS - spent) * 1000000L};
        nanosleep(&wait, NULL);
    }
    if (rc != INSATS_OK) {
        free(ics);
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500,
                         rc == INSATS_EINPUT ? _("Sidan finns inte.")
                                             : _("Det gick inte just nu. Försök igen om en "
                                                 "stund."));
    }
    page_bytes(p, "text/calendar; charset=utf-8", NULL, ics, strlen(ics));
    free(ics);
    return 200;
}
