/* pages_attendance.c — registering the attendance of one session on one screen
 * (/activities/{a}/sessions/{s}/attendance): one row per expected participant with a checkbox
 * (checked: present; unchecked: absent), a search that adds people to the screen, and one save
 * button at the end, so that a coordinator goes through forty people with Tab and Space alone.
 * The search is a button of the same form: it sends the marks made so far, which come back
 * checked, and the people it finds are added unmarked. In a frozen reporting period the
 * screen shows the marks to read, without a form.
 * Who is expected and who may mark whom is the core's (attendance_expected(),
 * attendance_save_session(): a trainer only for their activities, a coordinator only for
 * their organisation's people). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "browse.h"
#include "freeze.h"
#include "i18n.h"
#include "pages.h"
#include "session.h"

/* The field of the form that names a row's person, once per row. */
#define ATTENDANCE_PERSON "person[]"

/* People a search adds to the screen at most. */
enum { ATTENDANCE_SEARCH_MAX = 20 };

/* The form field of a person's mark: "present-<id>". */
static char *attendance_field(const char *person)
{
    return xasprintf("present-%s", person);
}

/* A row of the screen: a person and whether the checkbox is checked. */
typedef struct AttendanceRow {
    const AttendanceExpected *who;
    bool present;
} AttendanceRow;

/* Whether another row has the same name, so that the row's label needs the id too. */
static bool attendance_name_shared(const AttendanceRow *rows, size_t n, size_t i)
{
    for (size_t k = 0; k < n; k++)
        if (k != i && strcmp(rows[k].who->name, rows[i].who->name) == 0)
            return true;
    return false;
}

static void attendance_row(Page *p, const AttendanceRow *rows, size_t n, size_t i)
{
    const AttendanceExpected *e = rows[i].who;
    char *field = attendance_field(e->person);
    char *label = attendance_name_shared(rows, n, i) ? xasprintf("%s (%s)", e->name, e->person)
                                                      : xstrdup(e->name);
    page_tr(p);
    page_raw(p, "<td>");
    /* "[]": one value a row under one name, a list by HTML's convention for such names. */
    page_hidden(p, ATTENDANCE_PERSON, e->person);
    page_field(p, &(PageField){.name = field, .label = label, .type = "checkbox",
                               .value = rows[i].present ? "1" : ""});
    page_raw(p, "</td>");
    page_td(p, e->unit);
    page_td(p, e->organisation_name);
    page_tr_end(p);
    free(label);
    free(field);
}

/* The ids a search found, in the people list's order (a coordinator's own people only:
 * browse.h). */
typedef struct FoundCtx {
    char **ids;
    size_t n;
    bool header;
} FoundCtx;

static int attendance_found(void *ctx, int ncols, const char *const *values)
{
    (void)ncols;
    FoundCtx *fc = ctx;
    if (fc->header) {
        fc->header = false;
        return 0;
    }
    fc->ids = xrealloc(fc->ids, (fc->n + 1) * sizeof *fc->ids);
    fc->ids[fc->n++] = xstrdup(values[0]);
    return 0;
}

/* Whether the person is one of the rows. */
static bool attendance_has(const AttendanceExpected *rows, size_t n, const char *person)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].person, person) == 0)
            return true;
    return false;
}

/* The session's title for the heading: "Aktivitet a001, tillfälle s1". */
static void attendance_title(Page *p, const char *activity, const char *session)
{
    char *t = xasprintf(_("Närvaro: aktivitet %s, tillfälle %s"), activity, session);
    page_title(p, t);
    free(t);
}

/* A session in a frozen period: what is registered, to read, and why it cannot change. The
 * database refuses the change anyway; the screen says so before anyone marks forty people. */
static void attendance_frozen(Ctx *c, Page *p, int64_t project, int period,
                              const AttendanceExpected *rows, size_t n)
{
    FreezeInfo info;
    Errs e;
    errs_init(&e);
    int rc = freeze_info(c->db, project, period, &info, &e);
    errs_free(&e);
    page_raw(p, "<div class=\"notice\" role=\"status\"><p>");
    char *said = rc == INSATS_OK && info.in_force
                     ? xasprintf(_("Rapportperioden %d (%s – %s) är fryst: lägesrapporten "
                                   "lämnades in %s."),
                                 period, info.from, info.to, info.frozen_at)
                     : xasprintf(_("Rapportperioden %d är fryst."), period);
    page_text(p, said);
    free(said);
    page_printf(p, " %s", _("Närvaron visas men kan inte ändras. En projektledare kan öppna "
                            "perioden igen under Rapporter."));
    page_raw(p, "</p></div>\n");
    if (rc == INSATS_OK)
        freeze_info_free(&info);
    page_table_begin(p, _("Registrerad närvaro"),
                     (const char *const[]){_("Namn"), _("Enhet"), _("Organisation"),
                                           _("Närvaro"), NULL});
    AttendanceRow *view = xcalloc(n ? n : 1, sizeof *view);
    for (size_t i = 0; i < n; i++)
        view[i].who = &rows[i];
    for (size_t i = 0; i < n; i++) {
        page_tr(p);
        if (attendance_name_shared(view, n, i)) {
            char *label = xasprintf("%s (%s)", rows[i].name, rows[i].person);
            page_th_row(p, label);
            free(label);
        } else {
            page_th_row(p, rows[i].name);
        }
        page_td(p, rows[i].unit);
        page_td(p, rows[i].organisation_name);
        page_td(p, rows[i].mark == 1   ? _("Närvarande")
                   : rows[i].mark == 0 ? _("Frånvarande")
                                       : _("Inte registrerad"));
        page_tr_end(p);
    }
    free(view);
    page_table_end(p);
}

/* The screen: the expected people with their marks; on a POST (a search, or a save the core
 * refused) the rows and marks the user sent, so that nothing marked is lost, and the people a
 * search found at the top, unmarked, since finding someone is not yet saying they came. errs:
 * the core's messages of a refused save, or NULL. */
static int attendance_screen(Ctx *c, Page *p, int64_t project, const Errs *errs)
{
    const char *activity = ctx_param(c, "a"), *session = ctx_param(c, "s");
    bool posted = c->method == WEB_POST;
    AttendanceExpected *rows = NULL, *carried = NULL, *found = NULL;
    size_t n = 0, ncarried = 0, nfound = 0;
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
    char *back = page_url("/activities/%s", activity);
    int frozen = attendance_frozen_period(c->db, project, activity, session);
    if (frozen) {
        attendance_frozen(c, p, project, frozen, rows, n);
        goto done;
    }
    /* The count the save made, shown only when that save itself sealed it into the address:
     * a link cannot make the page claim a count. */
    const char *saved = ctx_query(c, "saved");
    char *note = xasprintf("attendance %s %s saved %s", activity, session, saved ? saved : "");
    if (saved && !posted && session_sealed(c, note, ctx_query(c, "seal"))) {
        unsigned long marks = strtoul(saved, NULL, 10);
        char *said = xasprintf(_n("%lu markering sparad.", "%lu markeringar sparade.", marks),
                               marks);
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", said);
        free(said);
    }
    free(note);
    if (errs && errs->count) {
        page_raw(p, "<div class=\"error-summary\" role=\"alert\"><p>");
        page_text(p, _("Närvaron sparades inte:"));
        page_raw(p, "</p><ul>");
        for (size_t i = 0; i < errs->count; i++)
            page_printf(p, "<li>%s</li>", errs->msgs[i]);
        page_raw(p, "</ul></div>\n");
    }

    /* the rows the form sent that are not expected: people added by an earlier search */
    if (posted) {
        const char **ids = xcalloc(c->form.count + 1, sizeof *ids);
        size_t k = 0;
        for (size_t i = 0; i < c->form.count; i++)
            if (strcmp(c->form.items[i].name, ATTENDANCE_PERSON) == 0 &&
                !attendance_has(rows, n, c->form.items[i].value))
                ids[k++] = c->form.items[i].value;
        errs_init(&e);
        if (k)
            attendance_people(c->db, &c->actor, project, activity, session, ids, k, &carried,
                              &ncarried, &e);
        errs_free(&e);
        free(ids);
    }
    const char *q = posted ? ctx_form(c, "q") : ctx_query(c, "q");
    if (q && *q) {
        FoundCtx fc = {NULL, 0, true};
        errs_init(&e);
        browse_list(c->db, &c->actor, project, "people",
                    &(BrowseFilter){.search = q, .by_name = true, .limit = ATTENDANCE_SEARCH_MAX},
                    attendance_found, &fc, &e);
        size_t k = 0;
        for (size_t i = 0; i < fc.n; i++) {
            if (!attendance_has(rows, n, fc.ids[i]) &&
                !attendance_has(carried, ncarried, fc.ids[i]))
                fc.ids[k++] = fc.ids[i];
            else
                free(fc.ids[i]);
        }
        if (k)
            attendance_people(c->db, &c->actor, project, activity, session,
                              (const char *const *)fc.ids, k, &found, &nfound, &e);
        errs_free(&e);
        for (size_t i = 0; i < k; i++)
            free(fc.ids[i]);
        free(fc.ids);
    }
    size_t total = nfound + ncarried + n;
    AttendanceRow *view = xcalloc(total ? total : 1, sizeof *view);
    size_t v = 0;
    for (size_t i = 0; i < nfound; i++)
        view[v++] = (AttendanceRow){&found[i], false};
    for (size_t i = 0; i < ncarried; i++)
        view[v++] = (AttendanceRow){&carried[i], false};
    for (size_t i = 0; i < n; i++)
        view[v++] = (AttendanceRow){&rows[i], rows[i].mark == 1};
    if (posted)
        for (size_t i = nfound; i < total; i++) {
            char *field = attendance_field(view[i].who->person);
            view[i].present = ctx_form(c, field) != NULL;
            free(field);
        }

    char *self = page_url("/activities/%s/sessions/%s/attendance", activity, session);
    /* One form: the search sends the marks made so far with it and they come back checked. */
    page_form_begin(p, self);
    page_raw(p, "<section class=\"filters\">");
    page_field(p, &(PageField){.name = "q", .label = _("Lägg till en person"), .type = "search",
                               .value = q,
                               .hint = _("Sök på namn, id eller personnummer. De som hittas läggs till "
                                         "överst i listan, omarkerade; det du redan har "
                                         "markerat finns kvar.")});
    /* the first button of the form, so that Enter in the search field searches */
    page_printf(p, "<div class=\"actions\"><button type=\"submit\" name=\"search\" "
                   "value=\"1\">%s</button></div>", _("Sök"));
    page_raw(p, "</section>\n");
    page_printf(p, "<p>%s</p>\n", _("Markera de som var närvarande. Tab går till nästa person, "
                                    "mellanslag markerar. Omarkerade sparas som frånvarande."));
    page_table_begin(p, _("Förväntade deltagare"),
                     (const char *const[]){_("Närvarande"), _("Enhet"), _("Organisation"),
                                           NULL});
    for (size_t i = 0; i < total; i++)
        attendance_row(p, view, total, i);
    page_table_end(p);
    if (q && *q) {
        char *said = xasprintf(_n("%zu person lades till från sökningen, omarkerad.",
                                  "%zu personer lades till från sökningen, omarkerade.", nfound),
                               nfound);
        page_printf(p, "<p role=\"status\">%s</p>\n", said);
        free(said);
    }
    char *count = xasprintf(_n("%zu person i listan.", "%zu personer i listan.", total), total);
    page_printf(p, "<p>%s</p>\n", count);
    free(count);

    page_submit(p, _("Spara närvaron"));
    page_form_end(p);
    free(view);
    free(self);
done:
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till aktiviteten"));
    page_raw(p, "</p>\n");
    free(back);
    free(found);
    free(carried);
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
    /* a search: the screen again with the marks made so far (nothing is saved) */
    if (ctx_form(c, "search"))
        return attendance_screen(c, p, project, NULL);
    const char *activity = ctx_param(c, "a"), *session = ctx_param(c, "s");
    /* every "person[]" field is a row of the screen; its checkbox says present */
    size_t n = 0;
    for (size_t i = 0; i < c->form.count; i++)
        n += strcmp(c->form.items[i].name, ATTENDANCE_PERSON) == 0;
    AttendanceMark *marks = xcalloc(n ? n : 1, sizeof *marks);
    size_t k = 0;
    for (size_t i = 0; i < c->form.count; i++) {
        if (strcmp(c->form.items[i].name, ATTENDANCE_PERSON) != 0)
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
        char count[24], seal[WEB_SEAL_LEN + 1];
        snprintf(count, sizeof count, "%d", saved);
        char *note = xasprintf("attendance %s %s saved %s", activity, session, count);
        session_seal(c, note, seal);
        free(note);
        char *href = page_url("/activities/%s/sessions/%s/attendance?saved=%s&seal=%s",
                              activity, session, count, seal);
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
