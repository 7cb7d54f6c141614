/* pages_meetings.c — the meeting workflow in the browser: a group's series of a year, a
 * meeting cancelled with its reason, the secret addresses of the calendar feeds, and the feed
 * itself (public: the address is the secret). */
#include "calendar.h"
#include "i18n.h"
#include "meeting.h"
#include "pages.h"
#include "record.h"

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

/* A page with one field, the reason (a meeting cancelled, a suggestion declined): `title`
 * and the meeting's id as its title, the form to action, a link back to the meeting (at
 * `anchor`). */
typedef struct ReasonPage {
    const char *title, *action, *hint, *submit, *anchor;
} ReasonPage;

static int meetings_reason_page(Ctx *c, Page *p, const Errs *errs, const ReasonPage *r)
{
    const char *code = ctx_param(c, "id");
    char *title = xasprintf("%s %s", r->title, code);
    page_title(p, title);
    free(title);
    static const char *const fields[] = {"reason", NULL};
    if (errs && errs->count)
        page_error_summary(p, errs->count);
    meetings_other_errors(p, errs, fields);
    page_form_begin(p, r->action);
    const PageField f = {.name = "reason", .label = _("Skäl"), .value = ctx_form(c, "reason"),
                         .error = meetings_error(errs, "reason"), .hint = r->hint,
                         .required = true, .autofocus = true};
    page_field(p, &f);
    page_submit(p, r->submit);
    page_form_end(p);
    char *back = page_url("/meetings/%s%s", code, r->anchor);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till mötet"));
    page_raw(p, "</p>\n");
    free(back);
    return 200;
}

static int meetings_cancel_page(Ctx *c, Page *p, const Errs *errs)
{
    char *action = page_url("/meetings/%s/cancel", ctx_param(c, "id"));
    ReasonPage r = {_("Ställ in mötet"), action, _("Visas i kalendern och för den som kallats"),
                    _("Ställ in mötet"), ""};
    int st = meetings_reason_page(c, p, errs, &r);
    free(action);
    return st;
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
        /* a calendar program needs the whole address: the project's public one */
        char *base = page_public_base(c);
        page_printf(p, "%s/calendar/%s.ics", base, token);
        free(base);
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
    page_table_begin_marked(p, _("Dina giltiga adresser"), headings, 0);
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

/* ---- agenda suggestions ------------------------------------------------------------------ */

/* The Swedish word of a suggestion's state. */
static const char *meetings_state_label(const char *status)
{
    if (status && strcmp(status, "accepted") == 0)
        return _("Tagen med i dagordningen");
    if (status && strcmp(status, "declined") == 0)
        return _("Avböjd");
    return _("Väntar på svar");
}

/* The agenda in its order: numbered, with the organiser's buttons to move each point up or
 * down or to a place by number (plain forms: no script needed). */
static void meetings_agenda_list(Page *p, const char *code, const json_t *s)
{
    const json_t *agenda = json_object_get(s, "agenda");
    bool order = json_is_true(json_object_get(s, "may_order"));
    size_t n = json_array_size(agenda);
    if (!n) {
        page_printf(p, "<p>%s</p>\n", _("Dagordningen har inga punkter än."));
        return;
    }
    char *action = page_url("/meetings/%s/agenda-order", code);
    page_raw(p, "<ol class=\"agenda\">\n");
    size_t i;
    json_t *a;
    json_array_foreach(agenda, i, a) {
        page_raw(p, "<li>");
        page_text(p, json_string_value(json_object_get(a, "title")));
        if (order && n > 1) {
            char from[24], up[24], down[24], num[24], last[24];
            snprintf(from, sizeof from, "%zu", i + 1);
            snprintf(up, sizeof up, "%zu", i);
            snprintf(down, sizeof down, "%zu", i + 2);
            snprintf(last, sizeof last, "%zu", n);
            page_raw(p, "<div class=\"agenda-move\">");
            const char *dirs[][2] = {{up, N_("Flytta upp")}, {down, N_("Flytta ned")}};
            for (int d = 0; d < 2; d++) {
                if ((d == 0 && i == 0) || (d == 1 && i + 1 == n))
                    continue;
                page_form_begin(p, action);
                page_hidden(p, "from", from);
                page_hidden(p, "to", dirs[d][0]);
                page_printf(p, "<button type=\"submit\" class=\"secondary\" "
                               "aria-label=\"%s %zu: %s\">%s</button>", _(dirs[d][1]), i + 1,
                            json_string_value(json_object_get(a, "title")),
                            d == 0 ? "↑" : "↓");
                page_form_end(p);
            }
            page_form_begin(p, action);
            page_hidden(p, "from", from);
            snprintf(num, sizeof num, "to-%zu", i + 1);
            char move[120];
            snprintf(move, sizeof move, _("Flytta punkt %zu till plats"), i + 1);
            page_printf(p, "<label for=\"%s\">%s</label>", num, move);
            page_printf(p, "<input type=\"number\" id=\"%s\" name=\"to\" min=\"1\" max=\"%s\" "
                           "value=\"%s\" inputmode=\"numeric\">", num, last, from);
            page_printf(p, "<button type=\"submit\" class=\"secondary\">%s</button>",
                        _("Flytta"));
            page_form_end(p);
            page_raw(p, "</div>");
        }
        page_raw(p, "</li>\n");
    }
    page_raw(p, "</ol>\n");
    free(action);
}

/* The suggestions as a table; with `answer`, the organiser's accept and decline buttons. */
static void meetings_suggestion_table(Page *p, const char *code, const json_t *list,
                                      bool answer, const char *caption)
{
    static const char *const heads[] = {N_("Förslag"), N_("Föreslaget av"), N_("Datum"),
                                        N_("Läge"), NULL};
    static const char *const heads_answer[] = {N_("Förslag"), N_("Föreslaget av"), N_("Datum"),
                                               N_("Läge"), N_("Svara"), NULL};
    page_table_begin_marked(p, caption, answer ? heads_answer : heads, 0);
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) {
        const char *status = json_string_value(json_object_get(s, "status"));
        const char *text = json_string_value(json_object_get(s, "text"));
        const char *reason = json_string_value(json_object_get(s, "reason"));
        long long id = (long long)json_integer_value(json_object_get(s, "id"));
        page_tr(p);
        page_raw(p, "<td><strong>");
        page_text(p, json_string_value(json_object_get(s, "title")));
        page_raw(p, "</strong>");
        if (text)
            page_printf(p, "<br>%s", text);
        page_raw(p, "</td>");
        page_td(p, json_string_value(json_object_get(s, "by")));
        page_td(p, json_string_value(json_object_get(s, "suggested")));
        page_raw(p, "<td>");
        page_text(p, meetings_state_label(status));
        if (reason)
            page_printf(p, ": %s", reason);
        page_raw(p, "</td>");
        if (answer) {
            page_raw(p, "<td>");
            if (status && strcmp(status, "open") == 0) {
                char *acc = page_url("/meetings/%s/suggestions/%lld/accept", code, id);
                char *dec = page_url("/meetings/%s/suggestions/%lld/decline", code, id);
                page_button_form(p, acc, _("Ta med"));
                page_link(p, dec, _("Avböj…"));
                free(acc);
                free(dec);
            }
            page_raw(p, "</td>");
        }
        page_tr_end(p);
    }
    page_table_end(p);
}

/* The suggestion form (title, text) to /meetings/{code}/suggest. */
static void meetings_suggest_form(Ctx *c, Page *p, const char *code, const Errs *errs)
{
    static const char *const fields[] = {"title", "text", NULL};
    if (errs && errs->count)
        page_error_summary(p, errs->count);
    meetings_other_errors(p, errs, fields);
    char *action = page_url("/meetings/%s/suggest", code);
    page_form_begin(p, action);
    free(action);
    const PageField f[] = {
        {.name = "title", .label = _("Punkt"), .value = errs ? ctx_form(c, "title") : NULL,
         .error = meetings_error(errs, "title"), .hint = _("En rad, t.ex. ”Budget 2020”"),
         .required = true},
        {.name = "text", .label = _("Beskrivning"), .type = "textarea",
         .value = errs ? ctx_form(c, "text") : NULL, .error = meetings_error(errs, "text"),
         .hint = _("Valfri: vad punkten gäller och vad mötet ska ta ställning till")},
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        page_field(p, &f[i]);
    page_submit(p, _("Föreslå punkten"));
    page_form_end(p);
}

/* Below a meeting's page: its agenda in order with the organiser's controls, the suggestions
 * (every one for the organiser, the reader's own for others) and a link to suggest. */
void page_meeting_agenda_part(Ctx *c, Page *p, int64_t project, const char *code)
{
    char today[11];
    date_today(today);
    json_t *s = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = meeting_suggestions(c->db, &c->actor, project, code, today, &s, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return;
    bool order = json_is_true(json_object_get(s, "may_order"));
    page_printf(p, "<h2 id=\"dagordning\">%s</h2>\n", _("Dagordningens ordning"));
    meetings_agenda_list(p, code, s);
    const json_t *list = json_object_get(s, "suggestions");
    if (json_array_size(list))
        meetings_suggestion_table(p, code, list, order,
                                  order ? _("Förslag till dagordningen")
                                        : _("Dina förslag till dagordningen"));
    else if (order)
        page_printf(p, "<p>%s</p>\n", _("Inga förslag till dagordningen än."));
    if (json_is_true(json_object_get(s, "may_suggest"))) {
        char *href = page_url("/meetings/%s/suggest", code);
        page_raw(p, "<p>");
        page_link(p, href, _("Föreslå en punkt till dagordningen"));
        page_raw(p, "</p>\n");
        free(href);
    }
    json_decref(s);
}

/* The suggestion page of one meeting: the agenda so far, the reader's suggestions with their
 * state, the form while the meeting takes them. */
static int meetings_suggest_page(Ctx *c, Page *p, const Errs *errs)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    char today[11];
    date_today(today);
    json_t *s = NULL;
    Errs mine;
    errs_init(&mine);
    rc = meeting_suggestions(c->db, &c->actor, project, code, today, &s, &mine);
    errs_free(&mine);
    if (rc != INSATS_OK)
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500,
                         rc == INSATS_EINPUT ? _("Det finns inget sådant möte som du kan se.")
                                             : _("Det gick inte just nu. Försök igen om en "
                                                 "stund."));
    const json_t *m = json_object_get(s, "meeting");
    char *title = xasprintf("%s: %s %s", _("Förslag till dagordningen"),
                            json_string_value(json_object_get(m, "title")),
                            json_string_value(json_object_get(m, "date")));
    page_title(p, title);
    free(title);
    page_printf(p, "<h2>%s</h2>\n", _("Dagordningen hittills"));
    meetings_agenda_list(p, code, s);
    const json_t *list = json_object_get(s, "suggestions");
    if (json_array_size(list))
        meetings_suggestion_table(p, code, list, false,
                                  json_is_true(json_object_get(s, "may_order"))
                                      ? _("Förslag till dagordningen")
                                      : _("Dina förslag"));
    if (json_is_true(json_object_get(s, "may_suggest"))) {
        page_printf(p, "<h2>%s</h2>\n", _("Nytt förslag"));
        page_printf(p, "<p>%s</p>\n", _("Mötets sammankallande ser förslaget och tar med det i "
                                        "dagordningen eller svarar varför inte. Svaret syns "
                                        "här."));
        meetings_suggest_form(c, p, code, errs);
    } else {
        page_printf(p, "<p>%s</p>\n", _("Mötet tar inte emot förslag: det är hållet, inställt "
                                        "eller passerat, eller så är du inte med i gruppen."));
    }
    page_raw(p, "<p>");
    page_link(p, "/agenda-suggestions", _("Alla möten du kan föreslå punkter till"));
    page_raw(p, "</p>\n");
    json_decref(s);
    return 200;
}

int page_meeting_suggest_form(Ctx *c, Page *p)
{
    return meetings_suggest_page(c, p, NULL);
}

int page_meeting_suggest(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    char today[11];
    date_today(today);
    Errs errs;
    errs_init(&errs);
    rc = meeting_suggest(c->db, &c->actor, project, code, ctx_form(c, "title"),
                         ctx_form(c, "text"), today, NULL, &errs);
    int st;
    if (rc == INSATS_OK) {
        char *to = page_url("/meetings/%s/suggest?sent=1", code);
        st = page_redirect(p, to);
        free(to);
    } else if (rc == INSATS_EFORBIDDEN) {
        st = page_fail(p, 403, _("Bara gruppens medlemmar och den som planerar möten kan "
                                 "föreslå punkter till mötet."));
    } else if ((st = page_saved(p, rc, "/")) == 0) {
        p->status = rc == INSATS_ECONFLICT ? 409 : 422;
        meetings_suggest_page(c, p, &errs);
        st = p->status;
    }
    errs_free(&errs);
    return st;
}

/* The number in the route's parameter `name`, or 0. */
static int64_t meetings_param_number(Ctx *c, const char *name)
{
    const char *v = ctx_param(c, name);
    char *end = NULL;
    long long n = v ? strtoll(v, &end, 10) : 0;
    return n > 0 && end && !*end ? (int64_t)n : 0;
}

int page_meeting_suggestion_accept(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    char today[11];
    date_today(today);
    Errs errs;
    errs_init(&errs);
    rc = meeting_suggestion_accept(c->db, &c->actor, project, code,
                                   meetings_param_number(c, "s"), today, &errs);
    char *back = page_url("/meetings/%s#dagordning", code);
    int st = page_saved(p, rc, back);
    if (st == 0)
        st = page_refused(p, _("Förslaget kan inte tas med"), &errs, back, _("Tillbaka till "
                                                                              "mötet"));
    free(back);
    errs_free(&errs);
    return st;
}

static int meetings_decline_page(Ctx *c, Page *p, const Errs *errs)
{
    char *action = page_url("/meetings/%s/suggestions/%lld/decline", ctx_param(c, "id"),
                            (long long)meetings_param_number(c, "s"));
    ReasonPage r = {_("Avböj förslaget till mötet"), action,
                    _("Den som föreslog punkten ser skälet"), _("Avböj förslaget"),
                    "#dagordning"};
    int st = meetings_reason_page(c, p, errs, &r);
    free(action);
    return st;
}

int page_meeting_suggestion_decline_form(Ctx *c, Page *p)
{
    return meetings_decline_page(c, p, NULL);
}

int page_meeting_suggestion_decline(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    char today[11];
    date_today(today);
    Errs errs;
    errs_init(&errs);
    rc = meeting_suggestion_decline(c->db, &c->actor, project, code,
                                    meetings_param_number(c, "s"), ctx_form(c, "reason"), today,
                                    &errs);
    char *back = page_url("/meetings/%s#dagordning", code);
    int st = page_saved(p, rc, back);
    if (st == 0) {
        p->status = rc == INSATS_ECONFLICT ? 409 : 422;
        meetings_decline_page(c, p, &errs);
        st = p->status;
    }
    free(back);
    errs_free(&errs);
    return st;
}

int page_meeting_agenda_order(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    long v[2] = {0, 0};
    const char *keys[] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        const char *s = ctx_form(c, keys[i]);
        char *end = NULL;
        long n = s && *s ? strtol(s, &end, 10) : 0;
        v[i] = end && !*end ? n : 0;
    }
    Errs errs;
    errs_init(&errs);
    rc = meeting_agenda_move(c->db, &c->actor, project, code, v[0], v[1], &errs);
    char *back = page_url("/meetings/%s#dagordning", code);
    int st = page_saved(p, rc, back);
    if (st == 0)
        st = page_refused(p, _("Dagordningen kan inte ordnas så"), &errs, back,
                          _("Tillbaka till mötet"));
    free(back);
    errs_free(&errs);
    return st;
}

/* The meetings the account may suggest points for. */
int page_agenda_suggestions(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    char today[11];
    date_today(today);
    json_t *list = NULL;
    Errs errs;
    errs_init(&errs);
    rc = meeting_suggestable(c->db, &c->actor, project, today, &list, &errs);
    errs_free(&errs);
    page_title(p, _("Förslag till dagordningar"));
    page_printf(p, "<p>%s</p>\n", _("Före ett möte kan gruppens medlemmar föreslå punkter till "
                                    "dagordningen. Här är de kommande mötena i dina grupper."));
    if (rc != INSATS_OK || !json_array_size(list)) {
        page_printf(p, "<p>%s</p>\n", _("Det finns inga kommande möten i dina grupper. Ditt "
                                        "konto hör till en person med samma e-postadress."));
        json_decref(list);
        return 200;
    }
    static const char *const heads[] = {N_("Möte"), N_("Datum"), N_("Grupp"),
                                        N_("Dina obesvarade förslag"), NULL};
    page_table_begin_marked(p, _("Kommande möten"), heads, 0);
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) {
        char *href = page_url("/meetings/%s/suggest", json_string_value(json_object_get(m, "id")));
        page_tr(p);
        char *text = xasprintf("%s %s", json_string_value(json_object_get(m, "title")),
                               json_string_value(json_object_get(m, "date")));
        page_td_link(p, href, text);
        free(text);
        page_td(p, json_string_value(json_object_get(m, "date")));
        page_td(p, json_string_value(json_object_get(m, "group_name")));
        page_tdf(p, "%lld", (long long)json_integer_value(json_object_get(m, "open")));
        page_tr_end(p);
        free(href);
    }
    page_table_end(p);
    json_decref(list);
    return 200;
}

/* ---- a group's attendance and its meeting settings ------------------------------------------ */

/* A rate in per cent with a decimal comma ("25,0 %"), or "–" without one. */
static void meetings_rate_td(Page *p, const json_t *rate)
{
    if (!json_is_number(rate)) {
        page_td(p, "–");
        return;
    }
    char num[40];
    i18n_number((long long)(json_number_value(rate) * 10.0 + 0.5), 1, num, sizeof num);
    page_td_numf(p, "%s %%", num);
}

static void meetings_flag_td(Page *p, const json_t *row)
{
    long long away = (long long)json_integer_value(json_object_get(row, "absent_in_a_row"));
    if (json_is_true(json_object_get(row, "flagged")))
    {
        char what[120];
        snprintf(what, sizeof what, _n("borta från %lld möte i rad", "borta från %lld möten i rad",
                                       (unsigned long)away), away);
        page_printf(p, "<td><strong class=\"flag\">%s</strong> %s</td>", _("Flaggad:"), what);
    }
    else
        page_tdf(p, "%lld", away);
}

/* Below a group's page: the attendance at its held meetings per member, per organisation and
 * per year, with the flag on whoever missed the last N (meeting_attendance(), the same figures
 * as `insats meeting attendance`), and its meeting settings. */
void page_group_meetings_part(Ctx *c, Page *p, int64_t project, const char *code)
{
    json_t *a = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = meeting_attendance(c->db, &c->actor, project, code, &a, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return;
    long long limit = (long long)json_integer_value(json_object_get(a, "absence_limit"));
    MeetingSettings s = {0};
    errs_init(&errs);
    meeting_settings_get(c->db, project, code, &s, &errs);
    errs_free(&errs);
    page_printf(p, "<h2 id=\"narvaro\">%s</h2>\n", _("Närvaro vid gruppens möten"));
    long long held = (long long)json_integer_value(json_object_get(a, "meetings_held"));
    long long fm = (long long)json_integer_value(json_object_get(a, "flagged_members"));
    long long fo = (long long)json_integer_value(json_object_get(a, "flagged_organisations"));
    char s1[120], m1[60], o1[60], s2[200], s3[240], s4[120];
    snprintf(s1, sizeof s1, _n("%lld möte har hållits.", "%lld möten har hållits.",
                               (unsigned long)held), held);
    snprintf(m1, sizeof m1, _n("%lld medlem", "%lld medlemmar", (unsigned long)fm), fm);
    snprintf(o1, sizeof o1, _n("%lld organisation", "%lld organisationer", (unsigned long)fo), fo);
    snprintf(s2, sizeof s2, _("Flaggade nu: %s och %s."), m1, o1);
    page_printf(p, "<p>%s %s</p>\n", s1, s2);
    snprintf(s3, sizeof s3, _n("En medlem eller organisation flaggas när den varit borta från %lld "
                               "hållet möte i rad.",
                               "En medlem eller organisation flaggas när den varit borta från %lld "
                               "hållna möten i rad.", (unsigned long)limit), limit);
    snprintf(s4, sizeof s4, _n("Kallelsen skickas %d dag före mötet.",
                               "Kallelsen skickas %d dagar före mötet.",
                               (unsigned long)s.invite_days), s.invite_days);
    page_printf(p, "<p>%s %s</p>\n", s3, s4);
    if (record_may_write(&c->actor, "group", 0)) {
        char *href = page_url("/groups/%s/meeting-settings", code);
        page_raw(p, "<p>");
        page_link(p, href, _("Ändra mötesinställningarna"));
        page_raw(p, "</p>\n");
        free(href);
    }
    static const char *const member_heads[] = {N_("Medlem"), N_("Organisation"), N_("Möten"),
                                               N_("Närvarande"), N_("Förhinder"),
                                               N_("Frånvarande"), N_("Närvaro"),
                                               N_("Borta i rad"), NULL};
    page_table_begin_marked(p, _("Per medlem"), member_heads, 0x7c);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(a, "members"), i, r) {
        const char *name = json_string_value(json_object_get(r, "name"));
        page_tr(p);
        page_th_row(p, name ? name : _("(medlem i en annan organisation)"));
        page_td(p, json_string_value(json_object_get(r, "organisation_name")));
        const char *keys[] = {"meetings", "present", "excused", "absent"};
        for (int k = 0; k < 4; k++)
            page_td_numf(p, "%lld", (long long)json_integer_value(json_object_get(r, keys[k])));
        meetings_rate_td(p, json_object_get(r, "rate"));
        meetings_flag_td(p, r);
        page_tr_end(p);
    }
    page_table_end(p);
    static const char *const org_heads[] = {N_("Organisation"), N_("Möten"),
                                            N_("Någon där"), N_("Närvaro"), N_("Borta i rad"),
                                            NULL};
    page_table_begin_marked(p, _("Per organisation"), org_heads, 0x0e);
    json_array_foreach(json_object_get(a, "organisations"), i, r) {
        page_tr(p);
        page_th_row(p, json_string_value(json_object_get(r, "name")));
        page_td_numf(p, "%lld", (long long)json_integer_value(json_object_get(r, "meetings")));
        page_td_numf(p, "%lld", (long long)json_integer_value(json_object_get(r, "present")));
        meetings_rate_td(p, json_object_get(r, "rate"));
        meetings_flag_td(p, r);
        page_tr_end(p);
    }
    page_table_end(p);
    static const char *const year_heads[] = {N_("År"), N_("Möten"), N_("Väntade"),
                                             N_("Närvarande"), N_("Närvaro"), NULL};
    page_table_begin_marked(p, _("Per år"), year_heads, 0x1e);
    json_array_foreach(json_object_get(a, "years"), i, r) {
        page_tr(p);
        page_th_row(p, json_string_value(json_object_get(r, "year")));
        const char *keys[] = {"meetings", "expected", "present"};
        for (int k = 0; k < 3; k++)
            page_td_numf(p, "%lld", (long long)json_integer_value(json_object_get(r, keys[k])));
        meetings_rate_td(p, json_object_get(r, "rate"));
        page_tr_end(p);
    }
    page_table_end(p);
    json_decref(a);
}

/* The form of a group's meeting settings, with the values given (or stored) and the messages
 * next to their fields. */
static int meetings_settings_page(Ctx *c, Page *p, const MeetingSettings *now, const Errs *errs)
{
    const char *code = ctx_param(c, "id");
    char *title = xasprintf("%s %s", _("Mötesinställningar för gruppen"), code);
    page_title(p, title);
    free(title);
    static const char *const fields[] = {"invite_days", "absence_limit", NULL};
    if (errs && errs->count)
        page_error_summary(p, errs->count);
    meetings_other_errors(p, errs, fields);
    char days[16], limit[16];
    snprintf(days, sizeof days, "%d", now ? now->invite_days : 0);
    snprintf(limit, sizeof limit, "%d", now ? now->absence_limit : 0);
    char *action = page_url("/groups/%s/meeting-settings", code);
    page_form_begin(p, action);
    free(action);
    const PageField f[] = {
        {.name = "invite_days", .label = _("Kallelsen skickas (dagar före mötet)"),
         .type = "number", .value = now ? days : ctx_form(c, "invite_days"),
         .error = meetings_error(errs, "invite_days"), .hint = _("0–60; 7 är en vecka före"),
         .required = true, .autofocus = true},
        {.name = "absence_limit", .label = _("Flagga frånvaro efter (möten i rad)"),
         .type = "number", .value = now ? limit : ctx_form(c, "absence_limit"),
         .error = meetings_error(errs, "absence_limit"), .hint = _("1–20"), .required = true},
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        page_field(p, &f[i]);
    page_submit(p, _("Spara"));
    page_form_end(p);
    char *back = page_url("/groups/%s#narvaro", code);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till gruppen"));
    page_raw(p, "</p>\n");
    free(back);
    return 200;
}

int page_group_meeting_settings_form(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    MeetingSettings s;
    Errs errs;
    errs_init(&errs);
    rc = meeting_settings_get(c->db, project, ctx_param(c, "id"), &s, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, 404, _("Det finns ingen sådan grupp."));
    return meetings_settings_page(c, p, &s, NULL);
}

/* A whole number from the form's field `name` into *out; else a message next to it. */
static bool meetings_form_int(Ctx *c, const char *name, int *out, Errs *errs)
{
    const char *v = ctx_form(c, name);
    char *end = NULL;
    long n = v && *v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || !end || *end || n < -1000 || n > 1000) {
        errs_add_field(errs, name, "%s", _("Skriv ett heltal, till exempel 7."));
        return false;
    }
    *out = (int)n;
    return true;
}

int page_group_meeting_settings(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *code = ctx_param(c, "id");
    MeetingSettings s = {0};
    Errs errs;
    errs_init(&errs);
    /* a value that is no number is named at its field; the other is still checked, with
     * a value in range standing in for the one missing */
    bool days = meetings_form_int(c, "invite_days", &s.invite_days, &errs);
    bool limit = meetings_form_int(c, "absence_limit", &s.absence_limit, &errs);
    if (days && limit) {
        rc = meeting_settings_set(c->db, &c->actor, project, code, &s, &errs);
    } else {
        MeetingSettings probe = {days ? s.invite_days : 0, limit ? s.absence_limit : 1};
        meeting_settings_check(&probe, &errs);
        rc = record_may_write(&c->actor, "group", 0) ? INSATS_EINPUT : INSATS_EFORBIDDEN;
    }
    char *done = page_url("/groups/%s?saved=1#narvaro", code);
    int st = page_saved(p, rc, done);
    if (st == 0) {
        p->status = 422;
        meetings_settings_page(c, p, NULL, &errs);
        st = 422;
    }
    free(done);
    errs_free(&errs);
    return st;
}
