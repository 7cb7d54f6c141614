/* pages_records.c — the browse and edit pages of every kind of record: a list with search,
 * filters and pages (/people), its CSV download (/people.csv), a record (/people/{id}), and the
 * forms to create, edit and delete one (/people/new, /people/{id}/edit, /people/{id}/delete).
 *
 * One set of handlers serves every kind: the kind is the first segment of the route's pattern,
 * looked up in KINDS below, so that the route table keeps one row per page with its roles and a
 * new kind is one line here and one RECORD_ROUTES line in routes.c. The lists are the core's
 * browse_list() (search and Swedish order included), a record is browse_show(), the forms are
 * generated from record_fields() and saved by record_save(), which validates; this file only
 * lays them out and turns form fields into the bundle's JSON shape. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "browse.h"
#include "csvwrite.h"
#include "i18n.h"
#include "pages.h"
#include "project.h"
#include "people.h"
#include "record.h"
#include "render.h"
#include "router.h"
#include "vocab.h"

/* Rows of a list shown on one page. */
enum { RECORDS_PAGE_ROWS = 50 };
/* A reference offered as a select when the kind referred to has at most this many records;
 * beyond that the field takes the id typed. */
enum { RECORDS_SELECT_MAX = 300 };

enum {
    F_STATUS = 1u << 0,
    F_ORG = 1u << 1,
    F_INTERVENTION = 1u << 2,
    F_DATES = 1u << 3,
};

/* One kind of record as the pages show it. */
typedef struct WebKind {
    const char *path;        /* the list's path segment: "people" */
    const char *browse;      /* browse_list()/browse_show() kind */
    const char *record;      /* record_save() kind; NULL: not edited here */
    const char *title;       /* the list's heading */
    const char *one;         /* one record, in lower case, before its id: "person p001" */
    const char *new_title;   /* the heading of its form for a new one: "Ny person" */
    const char *name_col;    /* the list column linked to the record */
    unsigned filters;
    bool by_name;            /* listed in Swedish alphabetical order of the name */
} WebKind;

static const WebKind KINDS[] = {
    {"organisations", "organisations", "organisation", N_("Organisationer"), N_("organisation"), N_("Ny organisation"),
     "name", 0, true},
    {"people", "people", "person", N_("Personer"), N_("person"), N_("Ny person"), "name", F_ORG, true},
    {"groups", "groups", "group", N_("Grupper"), N_("grupp"), N_("Ny grupp"), "name", 0, true},
    {"interventions", "interventions", "intervention", N_("Insatser"), N_("insats"), N_("Ny insats"), "title", 0,
     false},
    {"proposals", "proposals", "proposal", N_("Utbildningsförslag"), N_("utbildningsförslag"), N_("Nytt utbildningsförslag"),
     "title", F_STATUS | F_ORG, false},
    {"activities", "activities", "activity", N_("Aktiviteter"), N_("aktivitet"), N_("Ny aktivitet"), "title",
     F_STATUS | F_ORG | F_INTERVENTION | F_DATES, false},
    {"surveys", "surveys", "survey", N_("Enkäter"), N_("enkät"), N_("Ny enkät"), "title", 0, false},
    {"certificates", "certificates", "certificate", N_("Intyg"), N_("intyg"), N_("Nytt intyg"), "title",
     F_ORG | F_DATES, false},
    {"goals", "goals", "goal", N_("Mål"), N_("mål"), N_("Nytt mål"), "title", 0, false},
    {"costs", "costs", "cost", N_("Kostnader"), N_("kostnad"), N_("Ny kostnad"), "text", F_DATES, false},
    {"deviations", "deviations", "deviation", N_("Avvikelser"), N_("avvikelse"), N_("Ny avvikelse"), "description",
     F_DATES, false},
    {"meetings", "meetings", "meeting", N_("Möten"), N_("möte"), N_("Nytt möte"), "title", F_STATUS | F_DATES,
     false},
    {"dissemination", "dissemination", "dissemination", N_("Spridning"), N_("spridningsinsats"), N_("Ny spridningsinsats"),
     "title", F_DATES, false},
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

/* The kind of the request's route: the first segment of its pattern, up to a '/' or '.'. */
static const WebKind *records_kind(const Ctx *c)
{
    const char *pat = c->route ? c->route->pattern : "";
    if (*pat == '/')
        pat++;
    size_t n = strcspn(pat, "/.");
    for (size_t i = 0; i < NKINDS; i++)
        if (strlen(KINDS[i].path) == n && strncmp(KINDS[i].path, pat, n) == 0)
            return &KINDS[i];
    return NULL;
}

/* The list path of the kind referred to by a field (record_fields' `ref`), or NULL. */
static const WebKind *records_kind_of_record(const char *record)
{
    for (size_t i = 0; record && i < NKINDS; i++)
        if (KINDS[i].record && strcmp(KINDS[i].record, record) == 0)
            return &KINDS[i];
    return NULL;
}

/* The pages of the records a key of a nested row refers to ("owner" is a person). */
static const WebKind *records_kind_of_key(const char *key)
{
    static const char *const keys[][2] = {
        {"person", "person"}, {"owner", "person"}, {"by", "person"}, {"notes_by", "person"},
        {"organisation", "organisation"}, {"group", "group"}, {"activity", "activity"},
        {"intervention", "intervention"}, {"survey", "survey"}, {"proposal", "proposal"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i][0], key) == 0)
            return records_kind_of_record(keys[i][1]);
    return NULL;
}

/* Swedish headings of the list columns browse_list() names. */
static const char *records_col_label(const char *col)
{
    static const char *const labels[][2] = {
        {"id", N_("Id")}, {"name", N_("Namn")}, {"title", N_("Titel")}, {"gender", N_("Kön")},
        {"organisation", N_("Organisation")}, {"unit", N_("Enhet")},
        {"personnummer", N_("Personnummer")}, {"kind", N_("Typ")}, {"country", N_("Land")},
        {"people", N_("Personer")}, {"members", N_("Medlemmar")}, {"start", N_("Start")},
        {"end", N_("Slut")}, {"planned", N_("Planerade deltagare")},
        {"completed", N_("Avslutad")}, {"activities", N_("Aktiviteter")},
        {"submitted", N_("Inlämnat")}, {"status", N_("Status")}, {"date", N_("Datum")},
        {"intervention", N_("Insats")}, {"sessions", N_("Tillfällen")},
        {"people_marked_present", N_("Markerade närvarande")}, {"activity", N_("Aktivitet")},
        {"session", N_("Tillfälle")}, {"hours", N_("Timmar")}, {"present", N_("Närvarande")},
        {"absent", N_("Frånvarande")}, {"questions", N_("Frågor")}, {"responses", N_("Svar")},
        {"issued", N_("Utfärdat")}, {"person", N_("Person")}, {"measure", N_("Vad som mäts")},
        {"target", N_("Målvärde")}, {"comparison", N_("Jämförelse")},
        {"category", N_("Kostnadsslag")}, {"amount", N_("Belopp (kr)")}, {"text", N_("Text")},
        {"voucher", N_("Verifikation")}, {"area", N_("Område")},
        {"reported", N_("Rapporterad")}, {"description", N_("Beskrivning")},
        {"group", N_("Grupp")}, {"channel", N_("Kanal")}, {"audience", N_("Målgrupp")},
        {"diarienummer", N_("Diarienummer")}, {"attendees", N_("Deltagare")},
        {"agenda", N_("Dagordning")}, {"decisions", N_("Beslut")}, {"actions", N_("Åtgärder")},
        {"presenter", N_("Föredragande")}, {"notes", N_("Anteckningar")},
        {"owner", N_("Ansvarig")}, {"due", N_("Klart senast")}, {"members", N_("Medlemmar")},
        {"from", N_("Från")}, {"to", N_("Till")}, {"role", N_("Roll")},
        {"history", N_("Historik")}, {"by", N_("Av")}, {"questions", N_("Frågor")},
        {"type", N_("Typ")}, {"position", N_("Ordning")}, {"measurements", N_("Mätningar")},
        {"value", N_("Värde")}, {"lines", N_("Rader")}, {"attendees_present",
        N_("Närvarande deltagare")}, {"open_actions", N_("Öppna åtgärder")},
        {"first_date", N_("Första dag")}, {"last_date", N_("Sista dag")},
        {"participants_present", N_("Deltagare närvarande")}, {"absences", N_("Frånvaro")},
        {"sessions_present", N_("Tillfällen närvarande")},
        {"activities_attended", N_("Aktiviteter deltagit i")},
        {"hours_present", N_("Timmar närvarande")}, {"certificates", N_("Intyg")},
        {"members_now", N_("Nuvarande medlemmar")}, {"meetings", N_("Möten")},
        {"as_of", N_("Per dag")}, {"achieved", N_("Uppnått")}, {"met", N_("Uppfyllt")},
        {"suppressed", N_("Undertryckt")}, {"proposals", N_("Förslag")},
        {"participants", N_("Deltagare")}, {"email", N_("E-post")},
        {"organisations", N_("Organisationer")}, {"categories", N_("Kostnadsslag")},
        {"year", N_("År")}, {"threshold", N_("Räknas från")}, {"withdrawn", N_("Återkallat")},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i][0], col) == 0)
            return _(labels[i][1]);
    return col;
}

/* The field of a kind's form with this key, or NULL. */
static const RecordField *records_field(const char *record, const char *key)
{
    const RecordField *f = record ? record_fields(record) : NULL;
    for (; f && f->key; f++)
        if (strcmp(f->key, key) == 0)
            return f;
    return NULL;
}

/* The field a list's column shows, or NULL: looked up once per column, not per cell. */
static const RecordField *records_col_field(const WebKind *k, const char *col)
{
    const RecordField *f = records_field(k->record, col);
    if (!f && strcmp(col, "measure") == 0)
        f = records_field(k->record, "measure.kind");
    return f;
}

/* A value of field f as a person reads it: an enum's Swedish label, else the value itself. */
static const char *records_field_text(const RecordField *f, const char *value)
{
    if (f && f->type == FIELD_ENUM && value && *value) {
        const char *label = vocab_label(f->list, value);
        if (label)
            return _(label);
    }
    return value;
}

/* The filters of a list from the query; strings are the request's. */
static void records_filter(const Ctx *c, const WebKind *k, BrowseFilter *f)
{
    memset(f, 0, sizeof *f);
    const char *v;
    if ((k->filters & F_STATUS) && (v = ctx_query(c, "status")) && *v)
        f->status = v;
    if ((k->filters & F_ORG) && (v = ctx_query(c, "organisation")) && *v)
        f->organisation = v;
    if ((k->filters & F_INTERVENTION) && (v = ctx_query(c, "intervention")) && *v)
        f->intervention = v;
    if ((k->filters & F_DATES) && (v = ctx_query(c, "from")) && *v)
        f->from = v;
    if ((k->filters & F_DATES) && (v = ctx_query(c, "to")) && *v)
        f->to = v;
    if ((v = ctx_query(c, "q")) && *v)
        f->search = v;
    f->by_name = k->by_name;
}

/* ---- options of selects ------------------------------------------------------------------- */

typedef struct Options {
    char **items;      /* value, label, value, label, …, NULL */
    size_t n, cap;
} Options;

static void options_add(Options *o, const char *value, const char *label)
{
    if (o->n + 3 > o->cap) {
        o->cap = o->cap ? o->cap * 2 : 16;
        o->items = xrealloc(o->items, o->cap * sizeof *o->items);
    }
    o->items[o->n++] = xstrdup(value);
    o->items[o->n++] = xstrdup(label);
    o->items[o->n] = NULL;
}

static void options_free(Options *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->items[i]);
    free(o->items);
    memset(o, 0, sizeof *o);
}

/* The values of a vocabulary with their Swedish labels, after an empty choice. */
static void options_vocab(Options *o, VocabList list, const char *none)
{
    options_add(o, "", none);
    for (const VocabValue *v = vocab_get(list)->values; v->value; v++)
        options_add(o, v->value, _(v->label));
}

typedef struct OptionsCtx {
    Options *o;
    int name_col;
    bool header;
} OptionsCtx;

static int options_row(void *ctx, int ncols, const char *const *values)
{
    OptionsCtx *oc = ctx;
    if (oc->header) {
        oc->header = false;
        for (int i = 0; i < ncols; i++)
            if (strcmp(values[i], "name") == 0 || strcmp(values[i], "title") == 0)
                oc->name_col = i;
        return 0;
    }
    char label[512];
    if (oc->name_col > 0 && values[oc->name_col][0])
        snprintf(label, sizeof label, "%s (%s)", values[oc->name_col], values[0]);
    else
        snprintf(label, sizeof label, "%s", values[0]);
    options_add(oc->o, values[0], label);
    return 0;
}

/* The records of a kind as choices (its id, "name (id)"), after an empty choice; false when
 * there are too many to offer (the field then takes the id typed). */
static bool options_records(Ctx *c, int64_t project, const char *browse, const char *none,
                            Options *o)
{
    Errs errs;
    errs_init(&errs);
    int64_t n = 0;
    bool ok = browse_count(c->db, &c->actor, project, browse, NULL, &n, &errs) == INSATS_OK &&
              n <= RECORDS_SELECT_MAX;
    if (ok) {
        options_add(o, "", none);
        OptionsCtx oc = {o, -1, true};
        ok = browse_list(c->db, &c->actor, project, browse, &(BrowseFilter){.by_name = true},
                         options_row, &oc, &errs) == INSATS_OK;
    }
    errs_free(&errs);
    return ok;
}

/* ---- the list ----------------------------------------------------------------------------- */

/* The columns of a list as browse_list() names them, and what each means to a reader: a
 * column holding another record's id that the core follows with its name ("organisation",
 * "organisation_name") is shown as that name, linked to the record; the downloads keep both. */
typedef struct ListCols {
    int n;
    char **keys;      /* the core's column names */
    int *name_col;    /* for an id column: the column with its name, else -1 */
    int *id_col;      /* for a name column: the column with the id, else -1 */
    const RecordField **fields;   /* of each column, or NULL: looked up once, not per cell */
    int *decimal;     /* an amount or hours: written with a decimal comma */
} ListCols;

static void list_cols_init(ListCols *lc, const WebKind *k, int ncols, const char *const *names)
{
    static const char *const decimals[] = {"amount", "hours", "target", NULL};
    lc->n = ncols;
    lc->keys = xcalloc((size_t)ncols + 1, sizeof *lc->keys);
    lc->name_col = xcalloc((size_t)ncols, sizeof *lc->name_col);
    lc->id_col = xcalloc((size_t)ncols, sizeof *lc->id_col);
    lc->fields = xcalloc((size_t)ncols, sizeof *lc->fields);
    lc->decimal = xcalloc((size_t)ncols, sizeof *lc->decimal);
    for (int i = 0; i < ncols; i++) {
        lc->keys[i] = xstrdup(names[i]);
        lc->name_col[i] = lc->id_col[i] = -1;
        lc->fields[i] = records_col_field(k, names[i]);
        for (size_t d = 0; decimals[d]; d++)
            lc->decimal[i] |= strcmp(names[i], decimals[d]) == 0;
    }
    for (int i = 0; i < ncols; i++)
        for (int j = 0; j < ncols; j++) {
            size_t len = strlen(names[i]);
            if (i != j && strncmp(names[j], names[i], len) == 0 &&
                strcmp(names[j] + len, "_name") == 0) {
                lc->name_col[i] = j;
                lc->id_col[j] = i;
            }
        }
}

static void list_cols_free(ListCols *lc)
{
    for (int i = 0; lc->keys && i < lc->n; i++)
        free(lc->keys[i]);
    free(lc->keys);
    free(lc->name_col);
    free(lc->id_col);
    free(lc->fields);
    free(lc->decimal);
    memset(lc, 0, sizeof *lc);
}

/* The heading of column i: a name column is headed as its reference ("Organisation"), and in
 * a download the id column beside it says it holds the id ("Organisation (id)"). Caller
 * frees. */
static char *list_col_heading(const ListCols *lc, int i, bool download)
{
    if (lc->id_col[i] >= 0)
        return xstrdup(records_col_label(lc->keys[lc->id_col[i]]));
    if (lc->name_col[i] >= 0 && download)
        return xasprintf("%s (%s)", records_col_label(lc->keys[i]), _("id"));
    return xstrdup(records_col_label(lc->keys[i]));
}

/* A decimal as the core writes it ("4200.00", "-7.5", "12") as an integer scaled by
 * 10^*decimals, for i18n_number(); false for anything else. */
static bool records_decimal_scaled(const char *v, long long *scaled, int *decimals)
{
    bool neg = *v == '-';
    const char *q = v + neg;
    long long n = 0;
    int d = 0, digits = 0;
    bool point = false;
    for (; *q; q++) {
        if (*q == '.' && !point) {
            point = true;
            continue;
        }
        if (*q < '0' || *q > '9' || ++digits > 17)
            return false;
        n = n * 10 + (*q - '0');
        d += point;
    }
    if (!digits || d > 6)
        return false;
    *scaled = neg ? -n : n;
    *decimals = d;
    return true;
}

/* The text of cell i as a reader reads it: a value list's Swedish label, yes and no in
 * words; a reference without a name (one the core could not name) as its id. */
static const char *list_cell_text(const ListCols *lc, int i, const char *const *values,
                                  char *num, size_t num_cap, bool page)
{
    const char *v = values[i];
    const RecordField *f = lc->fields[i];
    if (lc->id_col[i] >= 0 && !*v)
        return values[lc->id_col[i]];
    /* an amount or hours on a page as its language writes a number ("4 200,00", "4,200.00");
     * in a download with the decimal comma a Swedish spreadsheet expects */
    long long scaled;
    int decimals;
    const char *point = strchr(v, '.');
    if (num && page && lc->decimal[i] && num_cap >= 40 &&
        records_decimal_scaled(v, &scaled, &decimals)) {
        i18n_number(scaled, decimals, num, num_cap);
        return num;
    }
    if (num && !page && point && lc->decimal[i] && strlen(v) < num_cap) {
        snprintf(num, num_cap, "%s", v);
        num[point - v] = ',';
        return num;
    }
    if ((strcmp(v, "no") == 0 || strcmp(v, "yes") == 0) && (!f || f->type != FIELD_ENUM))
        return strcmp(v, "no") == 0 ? _("Nej") : _("Ja");
    return records_field_text(f, v);
}

typedef struct ListPage {
    Page *p;
    const WebKind *k;
    int name_col;
    ListCols cols;
} ListPage;

static int list_row(void *ctx, int ncols, const char *const *values)
{
    ListPage *lp = ctx;
    Page *p = lp->p;
    ListCols *lc = &lp->cols;
    if (!lc->keys) {
        list_cols_init(lc, lp->k, ncols, values);
        lp->name_col = -1;
        char **headings = xcalloc((size_t)ncols + 1, sizeof *headings);
        int nh = 0;
        for (int i = 0; i < ncols; i++) {
            if (strcmp(values[i], lp->k->name_col) == 0)
                lp->name_col = i;
            if (lc->name_col[i] < 0)   /* an id shown as its name is not a column of its own */
                headings[nh++] = list_col_heading(lc, i, false);
        }
        page_table_begin(p, _(lp->k->title), (const char *const *)headings);
        for (int i = 0; i < nh; i++)
            free(headings[i]);
        free(headings);
        return 0;
    }
    page_tr(p);
    /* the record's page is linked from its name (or its id when it has none) */
    int link = lp->name_col >= 0 && values[lp->name_col][0] ? lp->name_col : 0;
    for (int i = 0; i < ncols; i++) {
        if (lc->name_col[i] >= 0)
            continue;
        char num[64];
        const char *text = list_cell_text(lc, i, values, num, sizeof num, true);
        const WebKind *rk = lc->id_col[i] >= 0 ? records_kind_of_key(lc->keys[lc->id_col[i]])
                                               : NULL;
        const char *ref = lc->id_col[i] >= 0 ? values[lc->id_col[i]] : "";
        if (i == link || (rk && *ref)) {
            char *href = i == link ? page_url("/%s/%s", lp->k->path, values[0])
                                   : page_url("/%s/%s", rk->path, ref);
            page_td_link(p, href, text);
            free(href);
        } else {
            page_td(p, text);
        }
    }
    page_tr_end(p);
    return 0;
}

/* A filter that picks one record of another kind (browse kind `browse`) under the query
 * parameter `name`. */
static void list_filter_records(Ctx *c, Page *p, int64_t project, const char *browse,
                                const char *name, const char *label)
{
    Options o = {0};
    if (options_records(c, project, browse, _("(alla)"), &o))
        page_field(p, &(PageField){.name = name, .label = label, .type = "select",
                                   .value = ctx_query(c, name),
                                   .options = (const char *const *)o.items});
    options_free(&o);
}

/* The filter form of a list: search, and the filters the kind takes. */
static void list_filters(Ctx *c, Page *p, const WebKind *k, int64_t project)
{
    char *action = page_url("/%s", k->path);
    page_raw(p, "<section class=\"filters\">");
    page_form_get_begin(p, action);
    free(action);
    page_field(p, &(PageField){.name = "q", .label = _("Sök"), .type = "search",
                               .value = ctx_query(c, "q"),
                               .hint = strcmp(k->browse, "people") == 0
                                           ? _("Namn (i vilken ordning som helst), id eller "
                                               "hela personnumret; stora och små bokstäver "
                                               "räknas lika.")
                                           : _("Ord ur namnet eller titeln, eller id; stora "
                                               "och små bokstäver räknas lika.")});
    if (k->filters & F_STATUS) {
        Options o = {0};
        const RecordField *f = records_field(k->record, "status");
        if (f)
            options_vocab(&o, f->list, _("(alla)"));
        page_field(p, &(PageField){.name = "status", .label = _("Status"), .type = "select",
                                   .value = ctx_query(c, "status"),
                                   .options = (const char *const *)o.items});
        options_free(&o);
    }
    if (k->filters & F_ORG)
        list_filter_records(c, p, project, "organisations", "organisation", _("Organisation"));
    if (k->filters & F_INTERVENTION)
        list_filter_records(c, p, project, "interventions", "intervention", _("Insats"));
    if (k->filters & F_DATES) {
        page_field(p, &(PageField){.name = "from", .label = _("Från och med"), .type = "date",
                                   .value = ctx_query(c, "from")});
        page_field(p, &(PageField){.name = "to", .label = _("Till och med"), .type = "date",
                                   .value = ctx_query(c, "to")});
    }
    page_submit(p, _("Visa"));
    page_form_end(p);
    page_raw(p, "</section>\n");
}

/* The query of the request again, for the download links ("?q=…&status=…" or ""). */
static char *records_query_again(const Ctx *c)
{
    char *out = xstrdup("");
    for (size_t i = 0; i < c->query.count; i++) {
        if (strcmp(c->query.items[i].name, "page") == 0)
            continue;
        char *part = page_url("%s=%s", c->query.items[i].name, c->query.items[i].value);
        char *joined = xasprintf("%s%s%s", out, *out ? "&" : "?", part);
        free(part);
        free(out);
        out = joined;
    }
    return out;
}

int page_records_list(Ctx *c, Page *p)
{
    const WebKind *k = records_kind(c);
    if (!k)
        return page_fail(p, 404, _("Sidan finns inte."));
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    page_title(p, _(k->title));
    if (ctx_query(c, "deleted"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Posten togs bort."));
    if (k->record && record_may_write(&c->actor, k->record, 0)) {
        char *href = page_url("/%s/new", k->path);
        char text[128];
        snprintf(text, sizeof text, "%s", _(k->new_title));
        page_raw(p, "<p class=\"actions\">");
        page_link(p, href, text);
        if (strcmp(k->path, "meetings") == 0) {
            page_raw(p, " ");
            page_link(p, "/meeting-series", _("Planera en mötesserie"));
        }
        if (strcmp(k->path, "surveys") == 0) {
            page_raw(p, " ");
            page_link(p, "/surveys/new/template", _("Ny enkät från mall"));
        }
        page_raw(p, "</p>\n");
        free(href);
    }
    if (strcmp(k->path, "meetings") == 0) {
        page_raw(p, "<p>");
        page_link(p, "/calendar-links", _("Prenumerera på mötena i din kalender"));
        page_raw(p, "</p>\n");
    }
    list_filters(c, p, k, project);

    BrowseFilter f;
    records_filter(c, k, &f);
    Errs errs;
    errs_init(&errs);
    int64_t total = 0;
    rc = browse_count(c->db, &c->actor, project, k->browse, &f, &total, &errs);
    if (rc == INSATS_OK) {
        long pages = total ? (long)((total + RECORDS_PAGE_ROWS - 1) / RECORDS_PAGE_ROWS) : 1;
        long page = ctx_query_long(c, "page", 1, pages, 1);
        f.limit = RECORDS_PAGE_ROWS;
        f.offset = (page - 1) * RECORDS_PAGE_ROWS;
        char count[64];
        snprintf(count, sizeof count, _n("%lld post", "%lld poster", (unsigned long)total),
                 (long long)total);
        page_printf(p, "<p class=\"count\" role=\"status\">%s</p>\n", count);
        ListPage lp = {p, k, -1, {0}};
        rc = browse_list(c->db, &c->actor, project, k->browse, &f, list_row, &lp, &errs);
        if (lp.cols.keys)
            page_table_end(p);
        list_cols_free(&lp.cols);
        page_pager(p, page, pages);
        char *again = records_query_again(c);
        page_raw(p, "<p class=\"downloads\">");
        char *href = page_url("/%s.csv", k->path);
        char *full = xasprintf("%s%s", href, again);
        page_link(p, full, _("Ladda ner som CSV"));
        free(full);
        free(href);
        href = page_url("/%s.xlsx", k->path);
        full = xasprintf("%s%s", href, again);
        page_raw(p, " · ");
        page_link(p, full, _("som Excel (XLSX)"));
        page_raw(p, "</p>\n");
        free(full);
        free(href);
        free(again);
    }
    if (rc == INSATS_EUSAGE || rc == INSATS_EINPUT) {
        /* a filter the core refused (an unknown organisation, a date): said on the page */
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                    errs.count ? errs.msgs[0] : _("Filtret kunde inte användas."));
        rc = INSATS_OK;
    }
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Listan kunde inte läsas."));
    return 200;
}

/* ---- downloads: CSV and XLSX ------------------------------------------------------------ */

typedef struct RowsCtx {
    const WebKind *k;
    ListCols cols;
    json_t *header, *rows;
    bool comma;   /* decimals with a comma (a CSV); a workbook takes them as numbers */
} RowsCtx;

/* A download has what the page shows — Swedish headings and labels, names beside the
 * references — and keeps the ids too, so that a row can be matched back to its record. */
static int rows_collect(void *ctx, int ncols, const char *const *values)
{
    RowsCtx *rc = ctx;
    json_t *row = json_array();
    if (!rc->header)
        list_cols_init(&rc->cols, rc->k, ncols, values);
    for (int i = 0; i < ncols; i++) {
        if (rc->header) {
            char num[64];
            json_array_append_new(row, json_string(list_cell_text(&rc->cols, i, values,
                                                                  rc->comma ? num : NULL,
                                                                  sizeof num, false)));
        } else {
            char *h = list_col_heading(&rc->cols, i, true);
            json_array_append_new(row, json_string(h));
            free(h);
        }
    }
    if (rc->header)
        json_array_append_new(rc->rows, row);
    else
        rc->header = row;
    return 0;
}

/* The list of the request's kind and filters, every row (no pages): the Swedish column
 * headings in *header, the rows as arrays of strings in *rows (new references), decimals with
 * a comma when `comma`. 0, else the status of the error page put into p. */
static int records_rows(Ctx *c, Page *p, bool comma, const WebKind **kind, json_t **header,
                        json_t **rows)
{
    const WebKind *k = records_kind(c);
    *kind = k;
    if (!k)
        return page_fail(p, 404, _("Sidan finns inte."));
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    BrowseFilter f;
    records_filter(c, k, &f);
    Errs errs;
    errs_init(&errs);
    RowsCtx rctx = {k, {0}, NULL, json_array(), comma};
    rc = browse_list(c->db, &c->actor, project, k->browse, &f, rows_collect, &rctx, &errs);
    errs_free(&errs);
    list_cols_free(&rctx.cols);
    if (rc != INSATS_OK) {
        json_decref(rctx.header);
        json_decref(rctx.rows);
        return page_fail(p, rc == INSATS_ESTORAGE ? 500 : 400, _("Listan kunde inte läsas."));
    }
    *header = rctx.header ? rctx.header : json_array();
    *rows = rctx.rows;
    return 0;
}

/* A string array's items as a C array for csvwrite_row() (borrowed strings; caller frees the
 * array). */
static const char **records_cells(const json_t *row)
{
    const char **cells = xcalloc(json_array_size(row) + 1, sizeof *cells);
    for (size_t i = 0; i < json_array_size(row); i++)
        cells[i] = json_string_value(json_array_get(row, i));
    return cells;
}

/* A download is a file the core's CSV writer makes, not a page: every cell goes through
 * csvwrite_row(), which neutralises anything a spreadsheet would run as a formula. */
int page_records_csv(Ctx *c, Page *p)
{
    const WebKind *k;
    json_t *header, *rows;
    int rc = records_rows(c, p, true, &k, &header, &rows);
    if (rc)
        return rc;
    Buf out = {0};
    const char **cells = records_cells(header);
    csvwrite_row(&out, (int)json_array_size(header), cells, ';');
    free(cells);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        cells = records_cells(row);
        csvwrite_row(&out, (int)json_array_size(row), cells, ';');
        free(cells);
    }
    char name[96];
    snprintf(name, sizeof name, "%s.csv", k->path);
    page_bytes(p, "text/csv; charset=utf-8", name, out.data ? out.data : "", out.len);
    buf_free(&out);
    json_decref(header);
    json_decref(rows);
    return 200;
}

int page_records_xlsx(Ctx *c, Page *p)
{
    const WebKind *k;
    json_t *header, *rows;
    int rc = records_rows(c, p, false, &k, &header, &rows);
    if (rc)
        return rc;
    Buf out = {0};
    Errs errs;
    errs_init(&errs);
    rc = render_xlsx_list(_(k->title), header, rows, &out, &errs);
    errs_free(&errs);
    json_decref(header);
    json_decref(rows);
    if (rc != INSATS_OK) {
        buf_free(&out);
        return page_fail(p, 500, _("Filen kunde inte skapas."));
    }
    char name[96];
    snprintf(name, sizeof name, "%s.xlsx", k->path);
    page_bytes(p, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name,
               out.data, out.len);
    buf_free(&out);
    return 200;
}

/* ---- values between JSON and form fields -------------------------------------------------- */

json_t *page_json_at(const json_t *o, const char *key)
{
    const char *dot = strchr(key, '.');
    if (!dot)
        return json_object_get(o, key);
    char *head = xstrndup(key, (size_t)(dot - key));
    json_t *inner = json_object_get(o, head);
    free(head);
    return json_is_object(inner) ? page_json_at(inner, dot + 1) : NULL;
}

/* Sets (value non-NULL, stolen) or removes (NULL) the value at key, making the objects on the
 * way. */
static void records_json_put(json_t *o, const char *key, json_t *value)
{
    const char *dot = strchr(key, '.');
    if (!dot) {
        if (value)
            json_object_set_new(o, key, value);
        else
            json_object_del(o, key);
        return;
    }
    char *head = xstrndup(key, (size_t)(dot - key));
    json_t *inner = json_object_get(o, head);
    if (!json_is_object(inner)) {
        inner = json_object();
        json_object_set_new(o, head, inner);
    }
    free(head);
    records_json_put(inner, dot + 1, value);
}

/* A number as the form shows it: whole, or with its decimals and the language's decimal mark
 * (a comma in Swedish), ungrouped so that it reads back the same. */
static char *records_number_text(double v)
{
    char s[64];
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(s, sizeof s, "%.0f", v);
    } else {
        snprintf(s, sizeof s, "%.2f", v);
        char *comma = strchr(s, '.');
        if (comma && i18n_shown() != LANG_EN)
            *comma = ',';
        size_t n = strlen(s);
        while (n > 0 && s[n - 1] == '0')
            s[--n] = '\0';
    }
    return xstrdup(s);
}

/* A JSON value as the text of a form field or a cell ("" for none). Caller frees. */
static char *records_json_text(const json_t *v)
{
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    if (json_is_integer(v))
        return xasprintf("%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return records_number_text(json_real_value(v));
    if (json_is_true(v))
        return xstrdup("1");
    if (json_is_array(v))
        return page_json_join(v, ", ");
    return xstrdup("");
}

json_t *page_json_find(const json_t *array, const char *key, const char *value)
{
    size_t i;
    json_t *e;
    json_array_foreach(array, i, e) {
        const char *v = json_string_value(json_object_get(e, key));
        if (v && value && strcmp(v, value) == 0)
            return e;
    }
    return NULL;
}

char *page_json_join(const json_t *v, const char *sep)
{
    char *out = xstrdup("");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        char *t = records_json_text(e);
        char *joined = xasprintf("%s%s%s", out, i ? sep : "", t);
        free(t);
        free(out);
        out = joined;
    }
    return out;
}

/* A typed number from the form ("1 250,50", "7.5"; in English "1,250.50"): true with *out
 * when it is one. A comma is the decimal mark in Swedish and groups thousands in English, as
 * the field's hint says, so that "1,250" is never read as one and a quarter on an English
 * page. */
static bool records_parse_number(const char *s, double *out)
{
    char clean[64];
    size_t n = 0;
    bool en = i18n_shown() == LANG_EN;
    for (const char *q = s; *q && n + 1 < sizeof clean; q++) {
        if (*q == ' ' || (en && *q == ','))
            continue;
        if ((unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA0) {   /* no-break space */
            q++;
            continue;
        }
        clean[n++] = *q == ',' ? '.' : *q;
    }
    clean[n] = '\0';
    if (!n)
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(clean, &end);
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* The JSON value of a form field's text for a field of this type; NULL for an empty field
 * (the key is left out). Text the type cannot take is passed on as it is, so that the core
 * refuses it with its own message. */
static json_t *records_field_json(const RecordField *f, const char *text)
{
    if (f->type == FIELD_BOOL)
        return json_boolean(text && *text && strcmp(text, "0") != 0);
    if (!text)
        return NULL;
    while (*text == ' ')
        text++;
    if (!*text)
        return NULL;
    double d;
    switch (f->type) {
    case FIELD_INTEGER: {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (!errno && end != text && *end == '\0')
            return json_integer(v);
        return json_string(text);
    }
    case FIELD_DECIMAL:
    case FIELD_MONEY:
        if (records_parse_number(text, &d))
            return d == floor(d) && fabs(d) < 1e15 ? json_integer((json_int_t)d) : json_real(d);
        return json_string(text);
    case FIELD_REF_LIST:
    case FIELD_TEXT_LIST: {
        /* ids apart by commas or spaces; lines of text apart by line breaks, blank ones left */
        const char *seps = f->type == FIELD_REF_LIST ? ", " : "\r\n";
        json_t *a = json_array();
        char *copy = xstrdup(text);
        for (char *save = NULL, *t = strtok_r(copy, seps, &save); t;
             t = strtok_r(NULL, seps, &save)) {
            while (*t == ' ')
                t++;
            if (*t)
                json_array_append_new(a, json_string(t));
        }
        free(copy);
        return a;
    }
    default:
        return json_string(text);
    }
}

/* ---- a record ----------------------------------------------------------------------------- */

/* The record of kind k with id `code` as browse_show() gives it: 0 with *out, else the status of
 * the error page put into p (404 for one that does not exist or is not the actor's). */
static int records_get(Ctx *c, Page *p, const WebKind *k, int64_t project, const char *code,
                       json_t **out)
{
    *out = NULL;
    Errs errs;
    errs_init(&errs);
    int rc = browse_show(c->db, &c->actor, project, k->browse, code, out, &errs);
    errs_free(&errs);
    if (rc == INSATS_OK)
        return 0;
    if (rc == INSATS_ESTORAGE)
        return page_fail(p, 500, _("Posten kunde inte läsas."));
    return page_fail(p, 404, _("Posten finns inte. Den kan ha tagits bort; listan visar de som "
                               "finns."));
}

/* A reference shown as its name, linked to the record when the kind has pages. */
static void show_ref(Page *p, const RecordField *f, const char *id, const json_t *name)
{
    const WebKind *rk = records_kind_of_record(f->ref);
    const char *text = json_is_string(name) ? json_string_value(name) : id;
    if (rk) {
        char *href = page_url("/%s/%s", rk->path, id);
        page_link(p, href, text);
        free(href);
    } else {
        page_text(p, text);
    }
}

/* One field's value on the record's page. */
static void show_value(Page *p, const RecordField *f, const json_t *rec)
{
    const json_t *v = page_json_at(rec, f->key);
    const json_t *names = page_json_at(json_object_get(rec, "_names"), f->key);
    if (!v || json_is_null(v)) {
        page_raw(p, "–");
        return;
    }
    switch (f->type) {
    case FIELD_BOOL:
        page_text(p, json_is_true(v) ? _("Ja") : _("Nej"));
        return;
    case FIELD_ENUM: {
        const char *label = vocab_label(f->list, json_string_value(v));
        page_text(p, label ? _(label) : json_string_value(v));
        return;
    }
    case FIELD_REF:
        show_ref(p, f, json_string_value(v), names);
        return;
    case FIELD_REF_LIST: {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (i)
                page_raw(p, ", ");
            show_ref(p, f, json_string_value(e), json_array_get(names, i));
        }
        return;
    }
    case FIELD_MARKDOWN:
        page_markdown(p, json_string_value(v));
        return;
    default: {
        char *t = records_json_text(v);
        page_text(p, t);
        free(t);
        return;
    }
    }
}

/* A figure of a survey's results as the reports write it ("–" for null), in a cell. */
static void survey_td(Page *p, const json_t *v, bool percent)
{
    Buf b = {0};
    if (percent)
        render_percent(&b, json_object_get(v, "percent"));
    else
        render_number(&b, v);
    page_td(p, b.data);
    buf_free(&b);
}

/* A survey's results in place of its responses (a role that sees no names, browse.h): each
 * question's figures, then its cells per gender and organisation, the suppressed ones saying
 * why instead of their figures, as the reports do. */
static void show_survey_results(Page *p, const json_t *results)
{
    const json_t *questions = json_object_get(results, "questions");
    if (json_array_size(questions) == 0)
        return;
    page_table_begin(p, _("Resultat per fråga"),
                     (const char *const[]){_("Fråga"), _("Antal svar"), _("Medelvärde"),
                                           _("Andel"), NULL});
    size_t i;
    const json_t *q;
    json_array_foreach(questions, i, q) {
        page_tr(p);
        page_th_row(p, json_string_value(json_object_get(q, "text")));
        survey_td(p, json_object_get(q, "responses"), false);
        survey_td(p, json_object_get(q, "mean"), false);
        survey_td(p, json_object_get(q, "share_at_least"), true);
        page_tr_end(p);
    }
    page_table_end(p);
    page_table_begin(p, _("Resultat per kön och organisation"),
                     (const char *const[]){_("Fråga"), _("Grupp"), _("Antal svar"),
                                           _("Medelvärde"), _("Andel"), NULL});
    json_array_foreach(questions, i, q) {
        static const char *const breakdowns[] = {"by_gender", "by_organisation"};
        for (size_t k = 0; k < 2; k++) {
            size_t j;
            const json_t *cell;
            json_array_foreach(json_object_get(q, breakdowns[k]), j, cell) {
                const char *group = k == 0
                    ? render_gender_sv(json_string_value(json_object_get(cell, "gender")))
                    : json_string_value(json_object_get(cell, "name"));
                page_tr(p);
                page_td(p, json_string_value(json_object_get(q, "id")));
                page_td(p, group ? group : _("Utan organisation"));
                if (json_is_true(json_object_get(cell, "suppressed"))) {
                    page_printf(p, "<td colspan=\"3\">%s</td>", render_suppressed_sv(cell));
                } else {
                    survey_td(p, json_object_get(cell, "responses"), false);
                    survey_td(p, json_object_get(cell, "mean"), false);
                    survey_td(p, json_object_get(cell, "share_at_least"), true);
                }
                page_tr_end(p);
            }
        }
    }
    page_table_end(p);
}

/* The value list of a column of a nested list, for its Swedish labels. */
static bool records_nested_vocab(const char *list, const char *col, VocabList *out)
{
    static const struct { const char *list, *col; VocabList v; } map[] = {
        {"attendees", "status", VOCAB_ATTENDEE_STATUS}, {"actions", "status", VOCAB_ACTION_STATUS},
        {"history", "status", VOCAB_PROPOSAL_STATUS}, {"questions", "type", VOCAB_QUESTION_TYPE},
        {"responses", "gender", VOCAB_GENDER},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].list, list) == 0 && strcmp(map[i].col, col) == 0) {
            *out = map[i].v;
            return true;
        }
    return false;
}

/* One cell of a nested list: a reference as its name (from the record's "_names") linked to
 * its page, a value of a list as its label, a list inside the row as its count. */
static void show_cell(Page *p, const char *list, const char *col, const json_t *cell,
                      const json_t *name)
{
    if (json_is_array(cell) && json_is_object(json_array_get(cell, 0))) {
        page_printf(p, "<td>%zu</td>", json_array_size(cell));
        return;
    }
    const WebKind *rk = json_is_string(cell) ? records_kind_of_key(col) : NULL;
    if (rk && json_is_string(name)) {
        char *href = page_url("/%s/%s", rk->path, json_string_value(cell));
        page_td_link(p, href, json_string_value(name));
        free(href);
        return;
    }
    if (json_is_string(cell) && json_is_string(name)) {   /* a record without pages */
        page_td(p, json_string_value(name));
        return;
    }
    VocabList v;
    const char *label = json_is_string(cell) && records_nested_vocab(list, col, &v)
                            ? vocab_label(v, json_string_value(cell)) : NULL;
    if (label)
        label = _(label);
    if (json_is_boolean(cell))
        label = json_is_true(cell) ? _("Ja") : _("Nej");
    if (label) {
        page_td(p, label);
        return;
    }
    char *t = records_json_text(cell);
    page_td(p, t);
    free(t);
}

void page_json_table(Page *p, const char *key, const char *caption, const json_t *rows,
                     const json_t *names)
{
    const json_t *first = json_array_get(rows, 0);
    if (!json_is_object(first)) {
        char *t = records_json_text(rows);
        page_printf(p, "<p><strong>%s:</strong> %s</p>\n", records_col_label(key), t);
        free(t);
        return;
    }
    /* the columns are the keys of every row, in the order they first appear */
    json_t *cols = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *k;
        json_t *v;
        json_object_foreach(row, k, v)
            json_object_set_new(cols, k, json_true());
    }
    size_t n = json_object_size(cols);
    const char **heads = xcalloc(n + 1, sizeof *heads);
    const char **keys = xcalloc(n + 1, sizeof *keys);
    size_t j = 0;
    const char *k;
    json_t *v;
    json_object_foreach(cols, k, v) {
        keys[j] = k;
        heads[j++] = records_col_label(k);
    }
    page_table_begin(p, caption ? caption : records_col_label(key), heads);
    json_array_foreach(rows, i, row) {
        page_tr(p);
        for (j = 0; j < n; j++)
            show_cell(p, key, keys[j], json_object_get(row, keys[j]),
                      json_object_get(json_array_get(names, i), keys[j]));
        page_tr_end(p);
    }
    page_table_end(p);
    free(heads);
    free(keys);
    json_decref(cols);
}

/* Links to the attendance screen of each session of an activity. */
static void show_attendance_links(Page *p, const char *activity, const json_t *sessions)
{
    if (!json_array_size(sessions))
        return;
    page_printf(p, "<h2>%s</h2>\n<ul>", _("Registrera närvaro"));
    size_t i;
    json_t *s;
    json_array_foreach(sessions, i, s) {
        const char *id = json_string_value(json_object_get(s, "id"));
        const char *date = json_string_value(json_object_get(s, "date"));
        if (!id)
            continue;
        char *href = page_url("/activities/%s/sessions/%s/attendance", activity, id);
        char *text = xasprintf("%s %s (%s)", _("Tillfälle"), id, date ? date : "");
        page_raw(p, "<li>");
        page_link(p, href, text);
        page_raw(p, "</li>");
        free(text);
        free(href);
    }
    page_raw(p, "</ul>\n");
}

/* "Ta bort person p001?" Caller frees. */
static char *records_delete_question(const WebKind *k, const char *code)
{
    char *what = xasprintf("%s %s", _(k->one), code);
    char *question = xasprintf(_("Ta bort %s?"), what);
    free(what);
    return question;
}

/* A delete sent without the browser's confirmation (no script): this page asks, and its form
 * confirms. */
static int records_delete_ask(Page *p, const WebKind *k, const char *code)
{
    char *question = records_delete_question(k, code);
    char *del = page_url("/%s/%s/delete", k->path, code);
    char *back = page_url("/%s/%s", k->path, code);
    int rc = page_delete_ask(p, question, del, back, _("Nej, tillbaka till posten"));
    free(back);
    free(del);
    free(question);
    return rc;
}

int page_delete_ask(Page *p, const char *question, const char *action, const char *back,
                    const char *back_label)
{
    page_title(p, question);
    page_printf(p, "<p>%s</p>\n", _("Det går inte att ångra."));
    page_form_begin(p, action);
    page_hidden(p, "confirm", "1");
    page_submit(p, _("Ja, ta bort"));
    page_form_end(p);
    page_raw(p, "<p>");
    page_link(p, back, back_label);
    page_raw(p, "</p>\n");
    return 200;
}

int page_record_show(Ctx *c, Page *p)
{
    const WebKind *k = records_kind(c);
    const char *code = ctx_param(c, "id");
    if (!k || !code)
        return page_fail(p, 404, _("Sidan finns inte."));
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    json_t *rec = NULL;
    if (rc || (rc = records_get(c, p, k, project, code, &rec)))
        return rc;
    const RecordField *fields = record_fields(k->record);
    const json_t *title = json_object_get(rec, k->name_col);
    char *heading = xasprintf("%s: %s", _(k->one),
                              json_is_string(title) ? json_string_value(title) : code);
    heading[0] = (char)toupper((unsigned char)heading[0]);
    page_title(p, heading);
    free(heading);
    if (ctx_query(c, "saved"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Ändringarna sparades."));
    if (ctx_query(c, "deleted"))
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Posten togs bort."));

    page_raw(p, "<dl class=\"record\">\n");
    for (const RecordField *f = fields; f && f->key; f++) {
        page_printf(p, "<dt>%s</dt><dd>", _(f->label));
        show_value(p, f, rec);
        page_raw(p, "</dd>\n");
    }
    page_raw(p, "</dl>\n");
    /* the masked personnummer above; the whole one only on request, and recorded */
    if (strcmp(k->path, "people") == 0 && json_is_string(json_object_get(rec, "personnummer")) &&
        (c->actor.role == ROLE_MANAGER || c->actor.role == ROLE_COORDINATOR)) {
        char *reveal = page_url("/people/%s/personnummer", code);
        page_button_form(p, reveal, _("Visa personnummer"));
        free(reveal);
    }

    const char *key;
    json_t *v;
    json_object_foreach(rec, key, v) {
        /* an activity's attendance register is the attendance screen's, and its counts are in
         * the summary */
        if (json_is_array(v) && json_array_size(v) > 0 && !records_field(k->record, key) &&
            strcmp(key, "attendance") != 0)
            page_json_table(p, key, NULL, v,
                            json_object_get(json_object_get(rec, "_names"), key));
    }
    if (json_is_object(json_object_get(rec, "results")))
        show_survey_results(p, json_object_get(rec, "results"));
    if (strcmp(k->path, "surveys") == 0)
        page_survey_link_part(c, p, project, code);
    if (strcmp(k->path, "activities") == 0 && record_may_write(&c->actor, "attendance", 0))
        show_attendance_links(p, code, json_object_get(rec, "sessions"));
    if (strcmp(k->path, "activities") == 0 &&
        (browse_readers("certificates") & ROLE_BIT(c->actor.role))) {
        char *href = page_url("/activities/%s/certificates", code);
        page_raw(p, "<p>");
        page_link(p, href, _("Aktivitetens intyg"));
        page_raw(p, "</p>\n");
        free(href);
    }
    if (strcmp(k->path, "meetings") == 0)
        page_meeting_agenda_part(c, p, project, code);
    if (strcmp(k->path, "groups") == 0)
        page_group_meetings_part(c, p, project, code);
    page_record_parts(c, p, k->path, code, rec);
    const json_t *summary = json_object_get(rec, "_summary");
    if (strcmp(k->path, "people") == 0 && json_is_object(summary)) {
        people_page_summary(p, summary);
    } else if (json_is_object(summary) && json_object_size(summary) > 0) {
        page_printf(p, "<h2>%s</h2>\n<dl class=\"summary\">\n", _("Sammanfattning"));
        json_object_foreach((json_t *)summary, key, v) {
            if (json_is_object(v) || json_is_array(v))
                continue;
            char *t = records_json_text(v);
            page_printf(p, "<dt>%s</dt><dd>%s</dd>\n", records_col_label(key), t);
            free(t);
        }
        page_raw(p, "</dl>\n");
    }

    if (k->record && record_may_write(&c->actor, k->record, 0)) {
        page_raw(p, "<div class=\"record-actions\">");
        char *href = page_url("/%s/%s/edit", k->path, code);
        page_link(p, href, _("Ändra"));
        free(href);
        char *del = page_url("/%s/%s/delete", k->path, code);
        char *question = records_delete_question(k, code);
        page_delete_form(p, del, _("Ta bort"), question);
        free(question);
        free(del);
        page_raw(p, "</div>\n");
    }
    char *back = page_url("/%s", k->path);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till listan"));
    page_raw(p, "</p>\n");
    free(back);
    json_decref(rec);
    return 200;
}

/* ---- forms -------------------------------------------------------------------------------- */

/* The message of errs about field prefix + key, or NULL. */
static const char *form_error(const Errs *errs, const char *prefix, const char *key)
{
    size_t n = prefix ? strlen(prefix) : 0;
    for (size_t i = 0; errs && i < errs->count; i++)
        if (errs->fields[i] && strncmp(errs->fields[i], prefix ? prefix : "", n) == 0 &&
            strcmp(errs->fields[i] + n, key) == 0)
            return errs->msgs[i];
    return NULL;
}

/* Whether a message is about one of the form's fields (shown next to it). */
static bool form_has_field(const RecordField *fields, const char *prefix, const char *key)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (!key || strncmp(key, prefix ? prefix : "", n) != 0)
        return false;
    for (const RecordField *f = fields; f->key; f++)
        if (strcmp(f->key, key + n) == 0)
            return true;
    return false;
}

/* The budget's categories as choices (they are no list of their own), after an empty one. */
static void options_categories(Ctx *c, int64_t project, Options *o)
{
    Errs errs;
    errs_init(&errs);
    json_t *budget = NULL;
    options_add(o, "", _("(välj)"));
    if (bundle_export_section(c->db, project, "budget", NULL, BUNDLE_PNR_NONE, &budget,
                              &errs) == INSATS_OK) {
        size_t i;
        json_t *cat;
        json_array_foreach(json_object_get(budget, "categories"), i, cat) {
            const char *id = json_string_value(json_object_get(cat, "id"));
            const char *name = json_string_value(json_object_get(cat, "name"));
            char *label = xasprintf("%s (%s)", name ? name : "", id ? id : "");
            options_add(o, id ? id : "", label);
            free(label);
        }
    }
    json_decref(budget);
    errs_free(&errs);
}


void page_record_form(Ctx *c, Page *p, int64_t project, const RecordForm *form,
                      const json_t *rec, bool from_form, const Errs *errs)
{
    const RecordField *fields = record_fields(form->kind);
    const char *prefix = form->prefix;
    if (errs && errs->count) {
        page_error_summary(p, errs->count);
        bool general = false;
        for (size_t i = 0; i < errs->count; i++)
            general |= !form_has_field(fields, prefix, errs->fields[i]);
        if (general) {
            /* The alert on a wrapper: on the list itself it would take the list's role away. */
            page_raw(p, "<div role=\"alert\"><ul class=\"errors\">");
            for (size_t i = 0; i < errs->count; i++)
                if (!form_has_field(fields, prefix, errs->fields[i]))
                    page_printf(p, "<li>%s</li>", errs->msgs[i]);
            page_raw(p, "</ul></div>\n");
        }
    }
    page_form_begin(p, form->action);
    bool focus = errs && errs->count;
    for (const RecordField *f = fields; f->key; f++) {
        if (form->fixed && strcmp(f->key, form->fixed) == 0)
            continue;
        const char *err = form_error(errs, prefix, f->key);
        char *stored = NULL;
        const char *value;
        if (from_form)
            value = ctx_form(c, f->key);
        else if (strcmp(f->key, "personnummer") == 0)
            value = NULL;   /* shown masked on the record's page, never put into a form */
        else if (f->type == FIELD_TEXT_LIST)
            value = stored = page_json_join(page_json_at(rec, f->key), "\n");
        else
            value = stored = records_json_text(page_json_at(rec, f->key));
        if (form->code && strcmp(f->key, "id") == 0) {
            page_printf(p, "<p class=\"field\"><strong>%s:</strong> %s</p>", _(f->label),
                        form->code);
            free(stored);
            continue;
        }
        PageField pf = {.name = f->key, .label = _(f->label), .value = value, .error = err,
                        .required = f->required && f->type != FIELD_BOOL,
                        .autofocus = focus && err};
        if (err)
            focus = false;
        Options o = {0};
        char maxlen_hint[96], ref_hint[160];
        switch (f->type) {
        case FIELD_MULTILINE:
        case FIELD_MARKDOWN:
            pf.type = "textarea";
            if (f->type == FIELD_MARKDOWN)
                pf.hint = _("Markdown: **fetstil**, *kursiv*, listor med - och rubriker med #.");
            break;
        case FIELD_TEXT_LIST:
            pf.type = "textarea";
            pf.hint = _("En per rad.");
            break;
        case FIELD_DATE: pf.type = "date"; break;
        case FIELD_TIME: pf.type = "time"; break;
        case FIELD_INTEGER: pf.type = "number"; break;
        case FIELD_DECIMAL:
        case FIELD_MONEY:
            pf.hint = _("Ett tal, t.ex. 1 250,50.");
            break;
        case FIELD_BOOL: pf.type = "checkbox"; break;
        case FIELD_ENUM:
            pf.type = "select";
            options_vocab(&o, f->list, _("(välj)"));
            pf.options = (const char *const *)o.items;
            break;
        case FIELD_REF: {
            const WebKind *rk = records_kind_of_record(f->ref);
            if (strcmp(f->ref, "budget_category") == 0) {
                options_categories(c, project, &o);
                pf.type = "select";
                pf.options = (const char *const *)o.items;
            } else if (rk && options_records(c, project, rk->browse, _("(ingen)"), &o)) {
                pf.type = "select";
                pf.options = (const char *const *)o.items;
            } else if (rk) {
                /* too many to offer: the id, which the list of the kind shows */
                options_free(&o);
                snprintf(ref_hint, sizeof ref_hint, _("Id:t, som listan visar under %s."),
                         _(rk->title));
                pf.hint = ref_hint;
            } else {
                options_free(&o);
                pf.hint = _("Postens id.");
            }
            break;
        }
        case FIELD_REF_LIST:
            pf.hint = _("Id:n åtskilda med komma.");
            break;
        case FIELD_TEXT:
            if (strcmp(f->key, "personnummer") == 0 && form->code) {
                pf.hint = _("Lämna tomt för att behålla det sparade.");
            } else if (strcmp(f->key, "id") == 0) {
                pf.hint = _("Ett kort id som inte ändras, t.ex. bokstäver och siffror.");
            } else if (f->max_len > 0) {
                snprintf(maxlen_hint, sizeof maxlen_hint, _("Högst %d tecken."), f->max_len);
                pf.hint = maxlen_hint;
            }
            break;
        }
        page_field(p, &pf);
        options_free(&o);
        free(stored);
    }
    page_submit(p, form->code ? _("Spara ändringarna") : _("Spara"));
    page_form_end(p);
}

json_t *page_record_from_form(Ctx *c, const char *kind, const char *code, const json_t *base)
{
    json_t *rec = base ? json_deep_copy(base) : json_object();
    json_object_del(rec, "_summary");
    json_object_del(rec, "_names");
    json_object_del(rec, "personnummer");   /* masked: kept in storage unless typed anew */
    for (const RecordField *f = record_fields(kind); f->key; f++) {
        if (code && strcmp(f->key, "id") == 0)
            continue;
        records_json_put(rec, f->key, records_field_json(f, ctx_form(c, f->key)));
    }
    if (code)
        json_object_set_new(rec, "id", json_string(code));
    return rec;
}

/* The form of a record of the kind of the page: new (code NULL) or an edit. */
static void record_form(Ctx *c, Page *p, const WebKind *k, int64_t project, const char *code,
                        const json_t *rec, bool from_form, const Errs *errs)
{
    char *action = code ? page_url("/%s/%s/edit", k->path, code) : page_url("/%s/new", k->path);
    page_record_form(c, p, project, &(RecordForm){.kind = k->record, .action = action,
                                                  .code = code},
                     rec, from_form, errs);
    free(action);
}

static const WebKind *records_writable_kind(Ctx *c, Page *p)
{
    const WebKind *k = records_kind(c);
    if (!k || !k->record) {
        page_fail(p, 404, _("Sidan finns inte."));
        return NULL;
    }
    return k;
}

static void records_form_title(Page *p, const WebKind *k, const char *code)
{
    char *what = code ? xasprintf("%s %s", _(k->one), code) : NULL;
    char *t = what ? xasprintf(_("Ändra %s"), what) : xstrdup(_(k->new_title));
    free(what);
    page_title(p, t);
    free(t);
}

int page_record_new(Ctx *c, Page *p)
{
    const WebKind *k = records_writable_kind(c, p);
    int64_t project = 0;
    int rc;
    if (!k)
        return 404;
    if ((rc = page_project(c, p, &project)))
        return rc;
    records_form_title(p, k, NULL);
    record_form(c, p, k, project, NULL, NULL, false, NULL);
    return 200;
}

int page_record_edit(Ctx *c, Page *p)
{
    const WebKind *k = records_writable_kind(c, p);
    const char *code = ctx_param(c, "id");
    int64_t project = 0;
    json_t *rec = NULL;
    int rc;
    if (!k)
        return 404;
    if ((rc = page_project(c, p, &project)) || (rc = records_get(c, p, k, project, code, &rec)))
        return rc;
    records_form_title(p, k, code);
    record_form(c, p, k, project, code, rec, false, NULL);
    json_decref(rec);
    return 200;
}

/* Saves the posted form (create when code is NULL); redirects to the record, or shows the
 * form again with the user's input and the core's messages. */
static int records_save(Ctx *c, Page *p, const WebKind *k, const char *code)
{
    int64_t project = 0;
    json_t *base = NULL;
    int rc;
    if ((rc = page_project(c, p, &project)))
        return rc;
    if (code && (rc = records_get(c, p, k, project, code, &base)))
        return rc;
    json_t *rec = page_record_from_form(c, k->record, code, base);
    json_decref(base);
    Errs errs;
    errs_init(&errs);
    char saved[128];
    rc = record_save(c->db, &c->actor, project, k->record, rec, code == NULL, saved,
                     sizeof saved, &errs);
    json_decref(rec);
    char *href = page_url("/%s/%s?saved=1", k->path, saved);
    int status = page_saved(p, rc, href);
    free(href);
    if (!status) {
        records_form_title(p, k, code);
        record_form(c, p, k, project, code, NULL, true, &errs);
        status = 200;
    }
    errs_free(&errs);
    return status;
}

int page_saved(Page *p, int rc, const char *done)
{
    if (rc == INSATS_OK)
        return page_redirect(p, done);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Din roll får inte spara den här sortens poster."));
    /* bad fields, or a state that does not allow it (booking from a proposal not approved):
     * the form again with the message at its field */
    if (rc == INSATS_EINPUT || rc == INSATS_ECONFLICT)
        return 0;
    return page_fail(p, 500, _("Det gick inte att spara. Försök igen."));
}

int page_record_create(Ctx *c, Page *p)
{
    const WebKind *k = records_writable_kind(c, p);
    return k ? records_save(c, p, k, NULL) : 404;
}

int page_record_update(Ctx *c, Page *p)
{
    const WebKind *k = records_writable_kind(c, p);
    return k ? records_save(c, p, k, ctx_param(c, "id")) : 404;
}

int page_record_delete(Ctx *c, Page *p)
{
    const WebKind *k = records_writable_kind(c, p);
    const char *code = ctx_param(c, "id");
    int64_t project = 0;
    json_t *rec = NULL;
    int rc;
    if (!k)
        return 404;
    if ((rc = page_project(c, p, &project)) || (rc = records_get(c, p, k, project, code, &rec)))
        return rc;
    json_decref(rec);
    if (!page_delete_confirmed(c))
        return records_delete_ask(p, k, code);
    Errs errs;
    errs_init(&errs);
    int64_t removed = 0;
    rc = record_delete(c->db, &c->actor, project, k->record, code, &removed, &errs);
    char *done = page_url("/%s?deleted=1", k->path);
    char *what = xasprintf("%s %s", _(k->one), code);
    char *back = page_url("/%s/%s", k->path, code);
    rc = page_deleted(p, rc, &errs, done, what, back, _("Tillbaka till posten"));
    free(back);
    free(what);
    free(done);
    errs_free(&errs);
    return rc;
}

int page_deleted(Page *p, int rc, const Errs *errs, const char *done, const char *what,
                 const char *back, const char *back_label)
{
    if (rc == INSATS_OK)
        return page_redirect(p, done);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Din roll får inte ta bort detta."));
    if (rc == INSATS_ESTORAGE)
        return page_fail(p, 500, _("Det gick inte att ta bort. Försök igen."));
    char *t = xasprintf(_("Kan inte ta bort %s"), what);
    rc = page_refused(p, t, errs, back, back_label);
    free(t);
    return rc;
}

int page_refused(Page *p, const char *title, const Errs *errs, const char *back,
                 const char *back_label)
{
    page_title(p, title);
    page_raw(p, "<div class=\"error-summary\" role=\"alert\">");
    for (size_t i = 0; i < errs->count; i++)
        page_printf(p, "<p>%s</p>", errs->msgs[i]);
    page_raw(p, "</div>\n<p>");
    page_link(p, back, back_label);
    page_raw(p, "</p>\n");
    return 200;
}

/* ---- the index of every kind -------------------------------------------------------------- */

/* A link in the index to the page at path when the actor's role may open it. */
static void records_index_link(Ctx *c, Page *p, const char *path, const char *title)
{
    size_t n;
    const Route *rs = router_routes(&n);
    for (size_t r = 0; r < n; r++)
        if (rs[r].method == WEB_GET && strcmp(rs[r].pattern, path) == 0 &&
            router_role_allows(&rs[r], c->actor.role)) {
            page_raw(p, "<li>");
            page_link(p, path, title);
            page_raw(p, "</li>\n");
            return;
        }
}

int page_records_index(Ctx *c, Page *p)
{
    page_title(p, _("Register"));
    page_raw(p, "<ul class=\"kinds\">\n");
    for (size_t i = 0; i < NKINDS; i++) {
        char *path = xasprintf("/%s", KINDS[i].path);
        records_index_link(c, p, path, _(KINDS[i].title));
        free(path);
    }
    /* the budget and the narratives are pages of their own, not lists of records */
    records_index_link(c, p, "/budget", _("Budget"));
    records_index_link(c, p, "/narratives", _("Berättande texter"));
    page_raw(p, "</ul>\n");
    return 200;
}

/* ---- a person's personnummer ------------------------------------------------------------ */

/* POST /people/{id}/personnummer: the full personnummer, for a manager or the person's own
 * coordinator, each showing recorded in the audit trail by the core (people_reveal_pnr()). */
int page_person_reveal(Ctx *c, Page *p)
{
    const char *code = ctx_param(c, "id");
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    char pnr[13];
    Errs errs;
    errs_init(&errs);
    rc = people_reveal_pnr(c->db, &c->actor, project, code, pnr, &errs);
    bool none = rc == INSATS_EINPUT && errs.count && errs.fields[0] &&
                strcmp(errs.fields[0], "personnummer") == 0;
    errs_free(&errs);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Bara projektledaren och personens egen samordnare kan se "
                                   "ett helt personnummer."));
    if (rc == INSATS_EINPUT && !none)
        return page_fail(p, 404, _("Personen finns inte."));
    if (rc != INSATS_OK && !none)
        return page_fail(p, 500, _("Personnumret kunde inte läsas."));
    page_title(p, _("Personnummer"));
    if (none) {
        page_printf(p, "<p>%s</p>\n", _("Personen har inget personnummer sparat."));
    } else {
        char shown[14];
        snprintf(shown, sizeof shown, "%.8s-%.4s", pnr, pnr + 8);
        page_printf(p, "<p class=\"pnr\"><strong>%s</strong></p>\n", shown);
        page_printf(p, "<p>%s</p>\n", _("Att du har sett numret är antecknat i ändringsloggen. "
                                        "Skriv inte av det i onödan."));
        sodium_memzero(shown, sizeof shown);
        sodium_memzero(pnr, sizeof pnr);
    }
    char *back = page_url("/people/%s", code);
    page_raw(p, "<p>");
    page_link(p, back, _("Tillbaka till personen"));
    page_raw(p, "</p>\n");
    free(back);
    return 200;
}
