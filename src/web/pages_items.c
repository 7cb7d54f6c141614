/* pages_items.c — the parts of a record edited on pages of their own: an activity's sessions
 * (/activities/{a}/sessions/new, …/{s}/edit, …/{s}/delete) and the lists a record holds — a
 * meeting's attendees, agenda and actions, a group's members, a survey's questions, a budget
 * version's lines, a manual goal's measurements (/meetings/{id}/attendees, …/{n},
 * …/{n}/delete).
 *
 * A row of a list is saved the way the core saves the whole record: the stored record in the
 * bundle's shape with the row added, changed or left out, through record_save(), which
 * validates it; its messages name the row ("attendees[2].status") and are shown next to the
 * row's fields. Rows kept by their own id (a meeting's actions, a survey's questions) and
 * sessions are deleted by records_delete_part(), which says why when it refuses. The forms are
 * record_fields()'s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "i18n.h"
#include "pages.h"
#include "record.h"
#include "records.h"
#include "router.h"
#include "vocab.h"

/* ---- sessions ----------------------------------------------------------------------------- */

/* The activity of the page ({a}) with its sessions, as browse_show() gives it: 0 with *out,
 * else the status of the error page put into p. */
static int items_activity(Ctx *c, Page *p, int64_t project, json_t **out)
{
    Errs errs;
    errs_init(&errs);
    int rc = browse_show(c->db, &c->actor, project, "activity", ctx_param(c, "a"), out, &errs);
    errs_free(&errs);
    if (rc == INSATS_OK)
        return 0;
    return page_fail(p, rc == INSATS_ESTORAGE ? 500 : 404, _("Aktiviteten finns inte."));
}

/* The session `code` of an activity record (borrowed), or NULL. */
static const json_t *items_session_of(const json_t *activity, const char *code)
{
    return page_json_find(json_object_get(activity, "sessions"), "id", code);
}

/* "Nytt tillfälle: Ledarskap i praktiken", by the activity's title. */
static void items_session_title(Page *p, const char *activity, const char *session)
{
    char *t = session ? xasprintf(_("Ändra tillfälle %s: %s"), session, activity)
                      : xasprintf(_("Nytt tillfälle: %s"), activity);
    page_title(p, t);
    free(t);
}

/* The session form of the activity `title`; values from rec or the user's input. */
static void items_session_form(Ctx *c, Page *p, int64_t project, const char *title,
                               const char *session, const json_t *rec, bool from_form,
                               const Errs *errs)
{
    const char *activity = ctx_param(c, "a");
    char *action = session ? page_url("/activities/%s/sessions/%s/edit", activity, session)
                           : page_url("/activities/%s/sessions/new", activity);
    items_session_title(p, title ? title : activity, session);
    page_record_form(c, p, project, &(RecordForm){.kind = "session", .action = action,
                                                  .code = session, .fixed = "activity"},
                     rec, from_form, errs);
    free(action);
    char *back = page_url("/activities/%s", activity);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till aktiviteten"));
    page_raw(p, "</p>\n");
    free(back);
}

/* GET the form of a new session ({s} absent) or of session {s}. */
static int items_session_page(Ctx *c, Page *p, const char *session)
{
    int64_t project = 0;
    json_t *activity = NULL;
    int rc;
    if ((rc = page_project(c, p, &project)) || (rc = items_activity(c, p, project, &activity)))
        return rc;
    const json_t *s = items_session_of(activity, session);
    if (session && !s) {
        json_decref(activity);
        return page_fail(p, 404, _("Tillfället finns inte."));
    }
    items_session_form(c, p, project, json_string_value(json_object_get(activity, "title")),
                       session, s, false, NULL);
    json_decref(activity);
    return 200;
}

int page_session_new(Ctx *c, Page *p)
{
    return items_session_page(c, p, NULL);
}

int page_session_edit(Ctx *c, Page *p)
{
    return items_session_page(c, p, ctx_param(c, "s"));
}

/* POST a session: saved by record_save("session"), then back to the activity. */
static int items_session_save(Ctx *c, Page *p, const char *session)
{
    int64_t project = 0;
    json_t *activity = NULL;
    int rc;
    if ((rc = page_project(c, p, &project)) || (rc = items_activity(c, p, project, &activity)))
        return rc;
    const json_t *stored = items_session_of(activity, session);
    if (session && !stored) {
        json_decref(activity);
        return page_fail(p, 404, _("Tillfället finns inte."));
    }
    /* the attendance is the attendance screen's: not sent again with the session */
    json_t *base = stored ? json_deep_copy(stored) : NULL;
    json_object_del(base, "attendance");
    char *title = xstrdup(json_string_value(json_object_get(activity, "title")) ?
                          json_string_value(json_object_get(activity, "title")) : "");
    json_decref(activity);
    json_t *rec = page_record_from_form(c, "session", session, base);
    json_decref(base);
    json_object_set_new(rec, "activity", json_string(ctx_param(c, "a")));
    Errs errs;
    errs_init(&errs);
    rc = record_save(c->db, &c->actor, project, "session", rec, session == NULL, NULL, 0, &errs);
    json_decref(rec);
    char *href = page_url("/activities/%s?saved=1", ctx_param(c, "a"));
    rc = page_saved(p, rc, href);
    free(href);
    if (!rc) {
        items_session_form(c, p, project, title, session, NULL, true, &errs);
        rc = 200;
    }
    errs_free(&errs);
    free(title);
    return rc;
}

int page_session_create(Ctx *c, Page *p)
{
    return items_session_save(c, p, NULL);
}

int page_session_update(Ctx *c, Page *p)
{
    return items_session_save(c, p, ctx_param(c, "s"));
}

/* Deletes a part kept by its own id (records_delete_part): to `done` when it went, else the
 * core's reason on the page. */
static int items_delete_part(Ctx *c, Page *p, const char *kind, const char *parent,
                             const char *code, const char *done, const char *back)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    rc = records_delete_part(c->db, &c->actor, project, kind, parent, code, &removed, &errs);
    rc = page_deleted(p, rc, &errs, done, code, back, _("Tillbaka"));
    errs_free(&errs);
    return rc;
}

int page_session_delete(Ctx *c, Page *p)
{
    const char *a = ctx_param(c, "a"), *s = ctx_param(c, "s");
    char *done = page_url("/activities/%s?deleted=1", a);
    char *back = page_url("/activities/%s", a);
    int rc;
    if (page_delete_confirmed(c)) {
        rc = items_delete_part(c, p, "session", a, s, done, back);
    } else {
        char *question = xasprintf(_("Ta bort tillfälle %s?"), s ? s : "");
        char *self = page_url("/activities/%s/sessions/%s/delete", a, s);
        rc = page_delete_ask(p, question, self, back, _("Nej, tillbaka till aktiviteten"));
        free(self);
        free(question);
    }
    free(done);
    free(back);
    return rc;
}

/* ---- the lists a record holds ------------------------------------------------------------- */

/* One list a record holds, as its pages show it. `prefix` is the pattern of its pages up to
 * the list ("/meetings/{id}/attendees"); the parent is read by browse_show() of `browse`, or
 * (browse NULL) from the budget. `by_id`: the rows are kept by their own id and deleted by
 * records_delete_part(`part`). */
typedef struct ItemList {
    const char *prefix;
    const char *parent_path;   /* the parent's list: its page is /meetings/{id}; NULL: /budget */
    const char *record;        /* record_save() kind of the parent */
    const char *browse;
    const char *key;           /* the list's key in the parent ("measure.values") */
    const char *title;         /* "Deltagare" */
    const char *one;           /* "deltagare", for "Lägg till …" */
    const char *part;          /* records_delete_part() kind, for rows kept by id */
} ItemList;

static const ItemList ITEM_LISTS[] = {
    {"/meetings/{id}/attendees", "meetings", "meeting", "meeting", "attendees",
     N_("Deltagare"), N_("deltagare"), NULL},
    {"/meetings/{id}/agenda", "meetings", "meeting", "meeting", "agenda", N_("Dagordning"),
     N_("punkt"), NULL},
    {"/meetings/{id}/actions", "meetings", "meeting", "meeting", "actions", N_("Åtgärder"),
     N_("åtgärd"), "action"},
    {"/groups/{id}/members", "groups", "group", "group", "members", N_("Medlemmar"),
     N_("medlem"), NULL},
    {"/goals/{id}/values", "goals", "goal", "goal", "measure.values", N_("Mätningar"),
     N_("mätning"), NULL},
    {"/surveys/{id}/questions", "surveys", "survey", "survey", "questions", N_("Frågor"),
     N_("fråga"), "question"},
    {"/budget/versions/{id}/lines", NULL, "budget_version", NULL, "lines",
     N_("Budgetrader"), N_("rad"), NULL},
};
#define NLISTS (sizeof ITEM_LISTS / sizeof *ITEM_LISTS)

/* The list of the request's route: the one whose prefix its pattern begins with. */
static const ItemList *items_list(const Ctx *c)
{
    const char *pat = c->route ? c->route->pattern : "";
    for (size_t i = 0; i < NLISTS; i++) {
        size_t n = strlen(ITEM_LISTS[i].prefix);
        if (strncmp(pat, ITEM_LISTS[i].prefix, n) == 0 && (pat[n] == '\0' || pat[n] == '/'))
            return &ITEM_LISTS[i];
    }
    return NULL;
}

/* The record kind of a list's rows for record_fields(): "meeting.attendees". Caller frees. */
static char *items_kind(const ItemList *l)
{
    return xasprintf("%s.%s", l->record, l->key);
}

/* The parent of the request ({id}) in the bundle's shape, without what the pages add
 * ("_summary", "_names": its names go to *names when not NULL): 0 with *out, else the status
 * of the error page put into p. */
static int items_parent(Ctx *c, Page *p, const ItemList *l, int64_t project, json_t **out,
                        json_t **names)
{
    *out = NULL;
    if (names)
        *names = NULL;
    const char *code = ctx_param(c, "id");
    Errs errs;
    errs_init(&errs);
    int rc;
    if (l->browse) {
        rc = browse_show(c->db, &c->actor, project, l->browse, code, out, &errs);
    } else {
        json_t *budget = NULL;
        rc = bundle_export_section(c->db, project, "budget", NULL, BUNDLE_PNR_NONE, &budget,
                                   &errs);
        *out = json_incref(page_json_find(json_object_get(budget, "versions"), "id", code));
        if (rc == INSATS_OK && !*out)
            rc = INSATS_EINPUT;
        if (*out && names)
            *names = json_pack("{so}", "lines",
                               page_budget_line_names(json_object_get(*out, "lines"),
                                                      json_object_get(budget, "categories")));
        json_decref(budget);
    }
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, rc == INSATS_ESTORAGE ? 500 : 404, _("Posten finns inte."));
    if (names && !*names && json_object_get(*out, "_names"))
        *names = json_incref(json_object_get(*out, "_names"));
    json_object_del(*out, "_summary");
    json_object_del(*out, "_names");
    /* A survey's results stand in for its responses (browse_scope_lists): figures, not part of
     * the record; the responses, left out, are kept as they are by the save. */
    json_object_del(*out, "results");
    /* the list is there to be added to, even when the record has none yet */
    if (!json_is_array(page_json_at(*out, l->key))) {
        const char *dot = strchr(l->key, '.');
        json_t *holder = *out;
        if (dot) {
            char *head = xstrndup(l->key, (size_t)(dot - l->key));
            holder = json_object_get(*out, head);
            if (!json_is_object(holder)) {
                holder = json_object();
                json_object_set_new(*out, head, holder);
            }
            free(head);
        }
        json_object_set_new(holder, dot ? dot + 1 : l->key, json_array());
    }
    return 0;
}

/* The parent's page, where the list is shown. Caller frees. */
static char *items_parent_href(const ItemList *l, const char *code)
{
    return l->parent_path ? page_url("/%s/%s", l->parent_path, code) : xstrdup("/budget");
}

/* The pages of the list of parent code ("/meetings/m1/attendees"), with `tail` after it (a
 * fixed text or numbers: "/2/delete", "?saved=1"). Caller frees. */
static char *items_href(const ItemList *l, const char *code, const char *tail)
{
    const char *list = strrchr(l->prefix, '/') + 1;
    char *base = l->parent_path ? page_url("/%s/%s/%s", l->parent_path, code, list)
                                : page_url("/budget/versions/%s/%s", code, list);
    char *href = xasprintf("%s%s", base, tail);
    free(base);
    return href;
}

/* One cell of a row: a value list's label, a reference by its name (names of the row, from
 * the parent's "_names"), a list of lines one after another. */
static void items_cell(Page *p, const RecordField *f, const json_t *row, const json_t *names)
{
    const json_t *v = json_object_get(row, f->key);
    const json_t *name = json_object_get(names, f->key);
    if (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v))) {
        page_td(p, "–");
    } else if (f->type == FIELD_ENUM && json_is_string(v)) {
        const char *label = vocab_label(f->list, json_string_value(v));
        page_td(p, label ? label : json_string_value(v));
    } else if (f->type == FIELD_REF && json_is_string(name)) {
        page_td(p, json_string_value(name));
    } else if (json_is_string(v)) {
        page_td(p, json_string_value(v));
    } else if (json_is_array(v)) {
        char *t = page_json_join(v, "; ");
        page_td(p, t);
        free(t);
    } else {
        char *t = json_dumps(v, JSON_ENCODE_ANY);
        page_td(p, t ? t : "");
        free(t);
    }
}

/* The prefix of the messages about row n ("attendees[3]."). Caller frees. */
static char *items_prefix(const ItemList *l, size_t n)
{
    return xasprintf("%s[%zu].", l->key, n);
}

/* The page of a list: its rows with a way to change or remove each, and the form of a new
 * row (with the user's input and the core's messages after a refused save). */
static int items_page(Ctx *c, Page *p, const ItemList *l, int64_t project, const json_t *parent,
                      const json_t *names, bool from_form, const Errs *errs)
{
    const char *code = ctx_param(c, "id");
    char *kind = items_kind(l);
    const RecordField *fields = record_fields(kind);
    const json_t *rows = page_json_at(parent, l->key);
    const json_t *row_names = page_json_at(names, l->key);
    const char *pname = json_string_value(json_object_get(parent, "title"));
    if (!pname)
        pname = json_string_value(json_object_get(parent, "name"));
    char *t = xasprintf("%s: %s", _(l->title), pname ? pname : code);
    page_title(p, t);
    free(t);
    if (ctx_query(c, "saved"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Ändringarna sparades."));

    size_t n = json_array_size(rows);
    if (n) {
        size_t nf = 0;
        while (fields[nf].key)
            nf++;
        const char **heads = xcalloc(nf + 2, sizeof *heads);
        for (size_t i = 0; i < nf; i++)
            heads[i] = _(fields[i].label);
        heads[nf] = _("Ändra");
        page_table_begin(p, _(l->title), heads);
        free(heads);
        for (size_t i = 0; i < n; i++) {
            const json_t *row = json_array_get(rows, i);
            page_tr(p);
            for (size_t j = 0; j < nf; j++)
                items_cell(p, &fields[j], row, json_array_get(row_names, i));
            char num[24];
            snprintf(num, sizeof num, "/%zu", i + 1);
            char *edit = items_href(l, code, num);
            char *tail = xasprintf("%s/delete", num);
            char *del = items_href(l, code, tail);
            char *question = xasprintf(_("Ta bort %s %zu?"), _(l->one), i + 1);
            page_raw(p, "<td><div class=\"row-actions\">");
            page_link(p, edit, _("Ändra"));
            page_delete_form(p, del, _("Ta bort"), question);
            page_raw(p, "</div></td>");
            free(question);
            page_tr_end(p);
            free(edit);
            free(tail);
            free(del);
        }
        page_table_end(p);
    } else {
        page_printf(p, "<p>%s</p>\n", _("Listan är tom."));
    }

    char *heading = xasprintf(_("Lägg till %s"), _(l->one));
    page_printf(p, "<h2>%s</h2>\n", heading);
    free(heading);
    char *action = items_href(l, code, "");
    char *prefix = items_prefix(l, n);
    page_record_form(c, p, project, &(RecordForm){.kind = kind, .action = action,
                                                  .prefix = prefix},
                     NULL, from_form, errs);
    free(prefix);
    free(action);
    char *back = items_parent_href(l, code);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka"));
    page_raw(p, "</p>\n");
    free(back);
    free(kind);
    return 200;
}

/* The row {n} (1 …) of the request, or 0 when there is none. */
static size_t items_row_number(const Ctx *c, const json_t *rows)
{
    const char *s = ctx_param(c, "n");
    char *end = NULL;
    long n = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || n < 1 || (size_t)n > json_array_size(rows))
        return 0;
    return (size_t)n;
}

/* Saves the parent with its list changed; 0 on success, else the core's status. */
static int items_save_parent(Ctx *c, const ItemList *l, int64_t project, const json_t *parent,
                             Errs *errs)
{
    return record_save(c->db, &c->actor, project, l->record, parent, false, NULL, 0, errs);
}

/* The form of row n (1 …) of the list, with the user's input after a refused save. */
static int items_row_page(Ctx *c, Page *p, const ItemList *l, int64_t project, size_t n,
                          const json_t *row, bool from_form, const Errs *errs)
{
    const char *code = ctx_param(c, "id");
    char *kind = items_kind(l);
    char *t = xasprintf(_("Ändra %s %zu"), _(l->one), n);
    page_title(p, t);
    free(t);
    char num[24];
    snprintf(num, sizeof num, "/%zu", n);
    char *action = items_href(l, code, num);
    char *prefix = items_prefix(l, n - 1);
    const char *id = json_string_value(json_object_get(row, "id"));
    page_record_form(c, p, project, &(RecordForm){.kind = kind, .action = action,
                                                  .prefix = prefix, .code = id},
                     row, from_form, errs);
    free(prefix);
    free(action);
    char *back = items_href(l, code, "");
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till listan"));
    page_raw(p, "</p>\n");
    free(back);
    free(kind);
    return 200;
}

/* The common start of every list page: the list, the project and the parent; with row not
 * NULL also the row {n} (1 …), 404 when there is none. */
static int items_begin(Ctx *c, Page *p, const ItemList **l, int64_t *project, json_t **parent,
                       json_t **names, size_t *row)
{
    *parent = NULL;
    *l = items_list(c);
    if (!*l)
        return page_fail(p, 404, _("Sidan finns inte."));
    int rc = page_project(c, p, project);
    if (!rc)
        rc = items_parent(c, p, *l, *project, parent, names);
    if (!rc && row && !(*row = items_row_number(c, page_json_at(*parent, (*l)->key)))) {
        json_decref(*parent);
        *parent = NULL;
        rc = page_fail(p, 404, _("Raden finns inte."));
    }
    return rc;
}

int page_items(Ctx *c, Page *p)
{
    const ItemList *l;
    int64_t project;
    json_t *parent = NULL, *names = NULL;
    int rc = items_begin(c, p, &l, &project, &parent, &names, NULL);
    if (!rc)
        rc = items_page(c, p, l, project, parent, names, false, NULL);
    json_decref(parent);
    json_decref(names);
    return rc;
}

/* After a save that was not refused for its input: back to the list, or 403 or 500. */
static int items_after_save(Ctx *c, Page *p, const ItemList *l, int rc)
{
    char *href = items_href(l, ctx_param(c, "id"), "?saved=1");
    rc = page_saved(p, rc, href);
    free(href);
    return rc;
}

int page_item_add(Ctx *c, Page *p)
{
    const ItemList *l;
    int64_t project;
    json_t *parent = NULL, *names = NULL;
    int rc = items_begin(c, p, &l, &project, &parent, &names, NULL);
    if (rc)
        return rc;
    char *kind = items_kind(l);
    json_array_append_new(page_json_at(parent, l->key), page_record_from_form(c, kind, NULL, NULL));
    free(kind);
    Errs errs;
    errs_init(&errs);
    rc = items_save_parent(c, l, project, parent, &errs);
    if (rc == INSATS_EINPUT) {
        /* the list as it is stored, and the new row's form with the input and messages */
        json_decref(parent);
        json_decref(names);
        rc = items_parent(c, p, l, project, &parent, &names);
        if (!rc)
            rc = items_page(c, p, l, project, parent, names, true, &errs);
    } else {
        rc = items_after_save(c, p, l, rc);
    }
    errs_free(&errs);
    json_decref(parent);
    json_decref(names);
    return rc;
}

int page_item_edit(Ctx *c, Page *p)
{
    const ItemList *l;
    int64_t project;
    json_t *parent = NULL;
    size_t n = 0;
    int rc = items_begin(c, p, &l, &project, &parent, NULL, &n);
    if (rc)
        return rc;
    rc = items_row_page(c, p, l, project, n,
                        json_array_get(page_json_at(parent, l->key), n - 1), false, NULL);
    json_decref(parent);
    return rc;
}

int page_item_save(Ctx *c, Page *p)
{
    const ItemList *l;
    int64_t project;
    json_t *parent = NULL;
    size_t n = 0;
    int rc = items_begin(c, p, &l, &project, &parent, NULL, &n);
    if (rc)
        return rc;
    json_t *rows = page_json_at(parent, l->key);
    char *kind = items_kind(l);
    const json_t *old = json_array_get(rows, n - 1);
    const char *id = json_string_value(json_object_get(old, "id"));
    json_array_set_new(rows, n - 1, page_record_from_form(c, kind, id, old));
    free(kind);
    Errs errs;
    errs_init(&errs);
    rc = items_save_parent(c, l, project, parent, &errs);
    if (rc == INSATS_EINPUT)
        rc = items_row_page(c, p, l, project, n, NULL, true, &errs);
    else
        rc = items_after_save(c, p, l, rc);
    errs_free(&errs);
    json_decref(parent);
    return rc;
}

int page_item_delete(Ctx *c, Page *p)
{
    const ItemList *l;
    int64_t project;
    json_t *parent = NULL;
    size_t n = 0;
    int rc = items_begin(c, p, &l, &project, &parent, NULL, &n);
    if (rc)
        return rc;
    json_t *rows = page_json_at(parent, l->key);
    const char *code = ctx_param(c, "id");
    char *done = items_href(l, code, "?saved=1");
    char *back = items_href(l, code, "");
    Errs errs;
    errs_init(&errs);
    if (!page_delete_confirmed(c)) {
        char *question = xasprintf(_("Ta bort %s %zu?"), _(l->one), n);
        char num[32];
        snprintf(num, sizeof num, "/%zu/delete", n);
        char *self = items_href(l, code, num);
        rc = page_delete_ask(p, question, self, back, _("Nej, tillbaka till listan"));
        free(self);
        free(question);
    } else if (l->part) {
        const char *id = json_string_value(json_object_get(json_array_get(rows, n - 1), "id"));
        rc = items_delete_part(c, p, l->part, code, id ? id : "", done, back);
    } else {
        json_array_remove(rows, n - 1);
        rc = items_save_parent(c, l, project, parent, &errs);
        if (rc == INSATS_EINPUT) {
            char *t = xasprintf(_("Kan inte ta bort %s %zu"), _(l->one), n);
            rc = page_refused(p, t, &errs, back, _("Tillbaka"));
            free(t);
        } else {
            rc = items_after_save(c, p, l, rc);
        }
    }
    errs_free(&errs);
    free(done);
    free(back);
    json_decref(parent);
    return rc;
}

/* ---- links from a record's page ------------------------------------------------------------ */

void page_record_parts(Ctx *c, Page *p, const char *path, const char *code, const json_t *rec)
{
    bool any = false;
    for (size_t i = 0; i < NLISTS; i++) {
        const ItemList *l = &ITEM_LISTS[i];
        if (!l->parent_path || strcmp(l->parent_path, path) != 0 ||
            !record_may_write(&c->actor, l->record, 0))
            continue;
        /* a goal's measurements are a manual goal's */
        if (strcmp(l->key, "measure.values") == 0 &&
            !json_is_array(page_json_at(rec, l->key)))
            continue;
        if (!any)
            page_printf(p, "<h2>%s</h2>\n<ul class=\"parts\">", _("Ändra listorna"));
        any = true;
        char *href = items_href(l, code, "");
        page_raw(p, "<li>");
        page_link(p, href, _(l->title));
        page_raw(p, "</li>");
        free(href);
    }
    if (any)
        page_raw(p, "</ul>\n");
    const char *status = json_string_value(json_object_get(rec, "status"));
    if (strcmp(path, "meetings") == 0 && status && strcmp(status, "planned") == 0 &&
        record_may_write(&c->actor, "meeting", 0)) {
        char *cancel = page_url("/meetings/%s/cancel", code);
        page_raw(p, "<p class=\"actions\">");
        page_link(p, cancel, _("Ställ in mötet"));
        page_raw(p, "</p>\n");
        free(cancel);
    }
    if (strcmp(path, "activities") != 0 || !record_may_write(&c->actor, "session", 0))
        return;
    page_printf(p, "<h2>%s</h2>\n<ul class=\"parts\">", _("Ändra tillfällena"));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(rec, "sessions"), i, s) {
        const char *id = json_string_value(json_object_get(s, "id"));
        const char *date = json_string_value(json_object_get(s, "date"));
        if (!id)
            continue;
        char *edit = page_url("/activities/%s/sessions/%s/edit", code, id);
        char *del = page_url("/activities/%s/sessions/%s/delete", code, id);
        char *text = xasprintf(_("Ändra tillfälle %s (%s)"), id, date ? date : "");
        char *question = xasprintf(_("Ta bort tillfälle %s?"), id);

        page_raw(p, "<li>");
        page_link(p, edit, text);
        page_delete_form(p, del, _("Ta bort"), question);
        page_raw(p, "</li>");
        free(question);
        free(text);
        free(edit);
        free(del);
    }
    char *add = page_url("/activities/%s/sessions/new", code);
    page_raw(p, "<li>");
    page_link(p, add, _("Nytt tillfälle"));
    page_raw(p, "</li></ul>\n");
    free(add);
}
