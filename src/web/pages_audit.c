/* pages_audit.c — the audit trail (/audit, manager and admin): every change with who, when,
 * what, and the values before and after as a list of what changed; filters by user, kind and
 * date; newest first, a page at a time (the core's cursor). The trail and who may read it are
 * the core's (audit_list()). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "pages.h"

/* Entries on one page. */
enum { AUDIT_PAGE_ROWS = 50 };

/* A JSON value of a row as a short text ("–" for none). Caller frees. */
static char *audit_value_text(const json_t *v)
{
    if (!v || json_is_null(v))
        return xstrdup("–");
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* What an entry changed, readably: for an update the keys whose values differ ("namn: A →
 * B"), for an insert or a delete every value, for an import or a reveal what it says. */
static void audit_diff(Page *p, const char *before_text, const char *after_text)
{
    json_t *before = before_text ? json_loads(before_text, JSON_DECODE_ANY, NULL) : NULL;
    json_t *after = after_text ? json_loads(after_text, JSON_DECODE_ANY, NULL) : NULL;
    page_raw(p, "<td><ul class=\"diff\">");
    const char *key;
    json_t *v;
    if (json_is_object(after)) {
        json_object_foreach(after, key, v) {
            const json_t *old = json_object_get(before, key);
            if (before && json_equal(old, v))
                continue;
            char *to = audit_value_text(v);
            if (before) {
                char *from = audit_value_text(old);
                page_printf(p, "<li><strong>%s</strong>: <del>%s</del> → <ins>%s</ins></li>",
                            key, from, to);
                free(from);
            } else {
                page_printf(p, "<li><strong>%s</strong>: %s</li>", key, to);
            }
            free(to);
        }
    } else if (json_is_object(before)) {
        json_object_foreach(before, key, v) {
            char *from = audit_value_text(v);
            page_printf(p, "<li><strong>%s</strong>: <del>%s</del></li>", key, from);
            free(from);
        }
    } else if (after) {
        char *t = audit_value_text(after);
        page_printf(p, "<li>%s</li>", t);
        free(t);
    }
    page_raw(p, "</ul></td>");
    json_decref(before);
    json_decref(after);
}

static const char *audit_action_text(const char *action)
{
    static const char *const names[][2] = {
        {"insert", N_("Skapad")}, {"update", N_("Ändrad")}, {"delete", N_("Borttagen")},
        {"import", N_("Import")}, {"reveal", N_("Personnummer visat")},
    };
    for (size_t i = 0; action && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], action) == 0)
            return _(names[i][1]);
    return action ? action : "";
}

typedef struct AuditPage {
    Page *p;
    size_t rows;
} AuditPage;

static int audit_row(void *ctx, const AuditEntry *e)
{
    AuditPage *ap = ctx;
    Page *p = ap->p;
    if (ap->rows++ == 0)
        page_table_begin(p, _("Ändringar, de senaste först"),
                         (const char *const[]){_("När (UTC)"), _("Vem"), _("Via"), _("Post"),
                                               _("Vad"), _("Före → efter"), NULL});
    page_tr(p);
    page_td(p, e->at);
    char *who = xasprintf("%s%s%s%s", e->name && *e->name ? e->name : "",
                          e->name && *e->name ? " (" : "", e->login ? e->login : "",
                          e->name && *e->name ? ")" : "");
    page_td(p, who);
    free(who);
    page_td(p, e->interface);
    char *what = xasprintf("%s %s", e->kind ? e->kind : "", e->code ? e->code : "");
    page_td(p, what);
    free(what);
    page_td(p, audit_action_text(e->action));
    if (e->withheld)
        page_td(p, _("Värdena visas inte för din roll (de kan innehålla personuppgifter)."));
    else
        audit_diff(p, e->before, e->after);
    page_tr_end(p);
    return 0;
}

int page_audit(Ctx *c, Page *p)
{
    page_title(p, _("Ändringslogg"));
    page_raw(p, "<section class=\"filters\">");
    page_form_get_begin(p, "/audit");
    page_field(p, &(PageField){.name = "user", .label = _("Användare (inloggningsnamn)"),
                               .value = ctx_query(c, "user")});
    page_field(p, &(PageField){.name = "kind", .label = _("Sorts post"),
                               .value = ctx_query(c, "kind"),
                               .hint = _("T.ex. person, activity, meeting.")});
    page_field(p, &(PageField){.name = "from", .label = _("Från och med"), .type = "date",
                               .value = ctx_query(c, "from")});
    page_field(p, &(PageField){.name = "to", .label = _("Till och med"), .type = "date",
                               .value = ctx_query(c, "to")});
    page_submit(p, _("Visa"));
    page_form_end(p);
    page_raw(p, "</section>\n");

    AuditFilter f = {0};
    const char *v;
    if ((v = ctx_query(c, "user")) && *v)
        f.user = v;
    if ((v = ctx_query(c, "kind")) && *v)
        f.kind = v;
    if ((v = ctx_query(c, "from")) && *v)
        f.from = v;
    if ((v = ctx_query(c, "to")) && *v)
        f.to = v;
    f.limit = AUDIT_PAGE_ROWS;
    f.cursor = ctx_query_long(c, "cursor", 1, 0x7fffffffL, 0);
    Errs errs;
    errs_init(&errs);
    AuditPage ap = {p, 0};
    int64_t next = 0;
    int rc = audit_list(c->db, &c->actor, &f, audit_row, &ap, &next, &errs);
    if (ap.rows)
        page_table_end(p);
    if (rc == INSATS_EINPUT) {
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                    errs.count ? errs.msgs[0] : _("Filtret kunde inte användas."));
    } else if (rc == INSATS_EFORBIDDEN) {
        errs_free(&errs);
        return page_fail(p, 403, _("Din roll får inte läsa ändringsloggen."));
    } else if (rc != INSATS_OK) {
        errs_free(&errs);
        return page_fail(p, 500, _("Ändringsloggen kunde inte läsas."));
    } else if (!ap.rows) {
        page_printf(p, "<p>%s</p>\n", _("Inga ändringar med de här villkoren."));
    }
    errs_free(&errs);
    if (next > 0) {
        char cursor[24];
        snprintf(cursor, sizeof cursor, "%lld", (long long)next);
        char *href = page_url("/audit?user=%s&kind=%s&from=%s&to=%s&cursor=%s",
                              f.user ? f.user : "", f.kind ? f.kind : "", f.from ? f.from : "",
                              f.to ? f.to : "", cursor);
        page_raw(p, "<nav class=\"pager\" aria-label=\"");
        page_text(p, _("Sidor"));
        page_raw(p, "\"><ul><li>");
        page_link(p, href, _("Äldre ändringar"));
        page_raw(p, "</li></ul></nav>\n");
        free(href);
    }
    return 200;
}
