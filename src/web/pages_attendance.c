/* pages_attendance.c — registering the attendance of one session on one screen
 * (/activities/{a}/sessions/{s}/attendance): one row per expected participant with a checkbox
 * (checked: present; unchecked: absent), a search that adds people to the screen, and one save
 * button at the end, so that a coordinator goes through forty people with Tab and Space alone.
 * Who is expected and who may mark whom is the core's (attendance_expected(),
 * attendance_save_session(): a trainer only for their activities, a coordinator only for
 * their organisation's people). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "browse.h"
#include "i18n.h"
#include "pages.h"

/* People a search adds to the screen at most. */
enum { ATTENDANCE_SEARCH_MAX = 20 };

/* The form field of a person's mark: "present-<id>". */
static char *attendance_field(const char *person)
{
    return xasprintf("present-%s", person);
}

typedef struct FoundCtx {
    Page *p;
    const AttendanceExpected *rows;
    size_t n;
    size_t shown;
    bool header;
} FoundCtx;

static void attendance_row(Page *p, const char *person, const char *name, const char *org,
                           bool present)
{
    char *field = attendance_field(person);
    page_tr(p);
    page_raw(p, "<td>");
    page_hidden(p, "person", person);
    page_field(p, &(PageField){.name = field, .label = name, .type = "checkbox",
                               .value = present ? "1" : ""});
    page_raw(p, "</td>");
    page_td(p, org);
    page_tr_end(p);
    free(field);
}

/* A person the search found, as one more row (checked: the search is how one adds someone
 * who came), unless the screen has them already. */
static int attendance_found(void *ctx, int ncols, const char *const *values)
{
    FoundCtx *fc = ctx;
    if (fc->header) {
        fc->header = false;
        return 0;
    }
    for (size_t i = 0; i < fc->n; i++)
        if (strcmp(fc->rows[i].person, values[0]) == 0)
            return 0;
    attendance_row(fc->p, values[0], ncols > 1 ? values[1] : values[0],
                   ncols > 3 ? values[3] : "", true);
    fc->shown++;
    return 0;
}

/* The session's title for the heading: "Aktivitet a001, tillfälle s1". */
static void attendance_title(Page *p, const char *activity, const char *session)
{
    char *t = xasprintf("%s %s, %s %s", _("Närvaro: aktivitet"), activity, _("tillfälle"),
                        session);
    page_title(p, t);
    free(t);
}

/* The screen, with the core's messages of a refused save (errs may be NULL). */
static int attendance_screen(Ctx *c, Page *p, int64_t project, const Errs *errs)
{
    const char *activity = ctx_param(c, "a"), *session = ctx_param(c, "s");
    AttendanceExpected *rows = NULL;
    size_t n = 0;
    Errs e;
    errs_init(&e);
    int rc = attendance_expected(c->db, &c->actor, project, activity, session, &rows, &n, &e);
    errs_free(&e);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Din roll får inte registrera närvaro."));
    if (rc == INSATS_EINPUT)
        return page_fail(p, 404, _("Tillfället finns inte (eller hör inte till dina "
                                   "aktiviteter)."));
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Närvaron kunde inte läsas."));
    attendance_title(p, activity, session);
    const char *saved = ctx_query(c, "saved");
    if (saved && !errs)
        page_printf(p, "<p class=\"notice\" role=\"status\">%s %s.</p>\n", saved,
                    _("markeringar sparade"));
    if (errs && errs->count) {
        page_raw(p, "<div class=\"error-summary\" role=\"alert\"><p>");
        page_text(p, _("Närvaron sparades inte:"));
        page_raw(p, "</p><ul>");
        for (size_t i = 0; i < errs->count; i++)
            page_printf(p, "<li>%s</li>", errs->msgs[i]);
        page_raw(p, "</ul></div>\n");
    }

    char *self = page_url("/activities/%s/sessions/%s/attendance", activity, session);
    /* the search finds the people the actor may see (browse.h: a coordinator's own) */
    bool search = true;
    if (search) {
        page_raw(p, "<section class=\"filters\">");
        page_form_get_begin(p, self);
        page_field(p, &(PageField){.name = "q", .label = _("Lägg till en person"),
                                   .type = "search", .value = ctx_query(c, "q"),
                                   .hint = _("Sök på namn eller id; de som hittas läggs till "
                                             "i listan nedan som närvarande.")});
        page_submit(p, _("Sök"));
        page_form_end(p);
        page_raw(p, "</section>\n");
    }

    page_form_begin(p, self);
    page_printf(p, "<p>%s</p>\n", _("Markera de som var närvarande. Tab går till nästa person, "
                                    "mellanslag markerar. Omarkerade sparas som frånvarande."));
    page_table_begin(p, _("Förväntade deltagare"),
                     (const char *const[]){_("Närvarande"), _("Organisation"), NULL});
    const char *q = search ? ctx_query(c, "q") : NULL;
    size_t added = 0;
    if (q && *q) {
        FoundCtx fc = {p, rows, n, 0, true};
        Errs se;
        errs_init(&se);
        browse_list(c->db, &c->actor, project, "people",
                    &(BrowseFilter){.search = q, .by_name = true, .limit = ATTENDANCE_SEARCH_MAX},
                    attendance_found, &fc, &se);
        errs_free(&se);
        added = fc.shown;
    }
    for (size_t i = 0; i < n; i++) {
        /* after a refused save the user's marks are kept */
        bool present = rows[i].mark == 1;
        if (errs) {
            char *field = attendance_field(rows[i].person);
            present = ctx_form(c, field) != NULL;
            free(field);
        }
        attendance_row(p, rows[i].person, rows[i].name, rows[i].organisation, present);
    }
    page_table_end(p);
    if (q && *q)
        page_printf(p, "<p role=\"status\">%zu %s</p>\n", added,
                    added == 1 ? _("person lades till från sökningen.")
                               : _("personer lades till från sökningen."));
    page_printf(p, "<p>%zu %s</p>\n", n + added, _("personer i listan."));
    page_submit(p, _("Spara närvaron"));
    page_form_end(p);
    char *back = page_url("/activities/%s", activity);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till aktiviteten"));
    page_raw(p, "</p>\n");
    free(back);
    free(self);
    free(rows);
    return 200;
}

int page_attendance(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    return rc ? rc : attendance_screen(c, p, project, NULL);
}

int page_attendance_save(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *activity = ctx_param(c, "a"), *session = ctx_param(c, "s");
    /* every "person" field is a row of the screen; its checkbox says present */
    size_t n = 0;
    for (size_t i = 0; i < c->form.count; i++)
        n += strcmp(c->form.items[i].name, "person") == 0;
    AttendanceMark *marks = xcalloc(n ? n : 1, sizeof *marks);
    size_t k = 0;
    for (size_t i = 0; i < c->form.count; i++) {
        if (strcmp(c->form.items[i].name, "person") != 0)
            continue;
        char *field = attendance_field(c->form.items[i].value);
        marks[k].person = c->form.items[i].value;
        marks[k].present = ctx_form(c, field) != NULL;
        free(field);
        k++;
    }
    Errs errs;
    errs_init(&errs);
    int saved = 0;
    rc = attendance_save_session(c->db, &c->actor, project, activity, session, marks, n, &saved,
                                 &errs);
    free(marks);
    if (rc == INSATS_OK) {
        errs_free(&errs);
        char count[24];
        snprintf(count, sizeof count, "%d", saved);
        char *href = page_url("/activities/%s/sessions/%s/attendance?saved=%s", activity,
                              session, count);
        page_redirect(p, href);
        free(href);
        return 303;
    }
    if (rc == INSATS_EFORBIDDEN) {
        errs_free(&errs);
        return page_fail(p, 403, _("Din roll får inte registrera närvaro."));
    }
    if (rc == INSATS_ESTORAGE) {
        errs_free(&errs);
        return page_fail(p, 500, _("Närvaron kunde inte sparas. Försök igen."));
    }
    rc = attendance_screen(c, p, project, &errs);
    errs_free(&errs);
    return rc;
}
