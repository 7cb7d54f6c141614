/* pages_people.c — what a person's page shows below the record: the counts of the core's
 * summary under Swedish headings, and the lists a coordinator looks for there: the sessions
 * the person was marked for (date, activity, hours, present or absent), their certificates and
 * their groups. Everything comes from browse_show()'s "_summary" (src/core/browse.c), which
 * keeps a trainer to the activities assigned to them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pages.h"

/* A figure in the page's language (page_figure_text()). */
static void people_td_number(Page *p, const json_t *v)
{
    char *text = page_figure_text(v);
    page_td(p, text);
    free(text);
}

static const char *people_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* A cell linking to the record /path/id, the text its name (or the id). */
static void people_td_record(Page *p, const char *path, const char *id, const char *text)
{
    if (!*id) {
        page_td(p, "");
        return;
    }
    char *href = page_url("/%s/%s", path, id);
    page_td_link(p, href, *text ? text : id);
    free(href);
}

static void people_attendance(Page *p, const json_t *rows)
{
    page_printf(p, "<h2>%s</h2>\n", _("Närvaro"));
    if (!json_array_size(rows)) {
        page_printf(p, "<p>%s</p>\n", _("Ingen närvaro är registrerad för personen."));
        return;
    }
    page_table_begin(p, _("Tillfällen personen är registrerad för, det senaste först"),
                     (const char *const[]){_("Datum"), _("Aktivitet"), _("Tillfälle"),
                                           _("Timmar"), _("Närvaro"), NULL});
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r) {
        page_tr(p);
        page_td(p, people_str(r, "date"));
        people_td_record(p, "activities", people_str(r, "activity"),
                         people_str(r, "activity_title"));
        page_td(p, people_str(r, "session"));
        people_td_number(p, json_object_get(r, "hours"));
        page_td(p, json_is_true(json_object_get(r, "present")) ? _("Närvarande")
                                                              : _("Frånvarande"));
        page_tr_end(p);
    }
    page_table_end(p);
}

static void people_certificates(Page *p, const json_t *rows)
{
    page_printf(p, "<h2>%s</h2>\n", _("Intyg"));
    if (!json_array_size(rows)) {
        page_printf(p, "<p>%s</p>\n", _("Personen har inga intyg."));
        return;
    }
    page_table_begin(p, _("Personens intyg"),
                     (const char *const[]){_("Intyg"), _("Utfärdat"), _("Aktivitet"),
                                           _("Status"), NULL});
    /* the certificates' own pages and PDFs are for those who read certificates */
    bool printable = p->ctx->actor.role == ROLE_MANAGER ||
                     p->ctx->actor.role == ROLE_COORDINATOR;
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r) {
        page_tr(p);
        people_td_record(p, "certificates", people_str(r, "id"), people_str(r, "title"));
        page_td(p, people_str(r, "issued"));
        people_td_record(p, "activities", people_str(r, "activity"),
                         people_str(r, "activity_title"));
        if (*people_str(r, "withdrawn")) {
            char *gone = xasprintf(_("Återkallat %s"), people_str(r, "withdrawn"));
            page_td(p, gone);
            free(gone);

        } else if (printable) {
            char *pdf = page_url("/certificates/%s/pdf", people_str(r, "id"));
            page_printf(p, "<td>%s ", _("Giltigt"));
            page_link(p, pdf, _("PDF"));
            page_raw(p, "</td>");
            free(pdf);
        } else {
            page_td(p, _("Giltigt"));
        }
        page_tr_end(p);
    }
    page_table_end(p);
}

static void people_groups(Page *p, const json_t *rows)
{
    page_printf(p, "<h2>%s</h2>\n", _("Grupper"));
    if (!json_array_size(rows)) {
        page_printf(p, "<p>%s</p>\n", _("Personen är inte med i någon grupp."));
        return;
    }
    page_table_begin(p, _("Grupper personen är eller har varit med i"),
                     (const char *const[]){_("Grupp"), _("Roll"), _("Från"), _("Till"), NULL});
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r) {
        page_tr(p);
        people_td_record(p, "groups", people_str(r, "id"), people_str(r, "name"));
        page_td(p, people_str(r, "role"));
        page_td(p, people_str(r, "from"));
        page_td(p, people_str(r, "to"));
        page_tr_end(p);
    }
    page_table_end(p);
}

void people_page_summary(Page *p, const json_t *summary)
{
    static const char *const counts[][2] = {
        {"activities_marked_present", N_("Aktiviteter med närvaro")},
        {"sessions_marked_present", N_("Tillfällen närvarande")},
        {"hours_marked_present", N_("Timmar närvarande")},
        {"certificates", N_("Intyg")},
    };
    page_printf(p, "<h2>%s</h2>\n<dl class=\"summary\">\n", _("Sammanfattning"));
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        char *text = page_figure_text(json_object_get(summary, counts[i][0]));
        page_printf(p, "<dt>%s</dt><dd>%s</dd>\n", _(counts[i][1]), text);
        free(text);
    }
    page_raw(p, "</dl>\n");
    people_attendance(p, json_object_get(summary, "attendance"));
    people_certificates(p, json_object_get(summary, "certificates_issued"));
    people_groups(p, json_object_get(summary, "groups"));
}
