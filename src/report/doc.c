/* doc.c — builds the report document (doc.h) from a report JSON (docs/report-format.md): the
 * one place that decides which headings, tables, columns, captions, Swedish labels and notes a
 * lägesrapport, a slutrapport or meeting minutes show, and in which order. html.c, md.c and
 * pdf.c serialize the result. Figures are formatted here with render.h; none is computed. */
#include "doc.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "render.h"

#define DASH "\xe2\x80\x93"
#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- JSON access: absent or mistyped values read as NULL, shown as "–" ---- */

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const json_t *jget(const json_t *o, const char *key) { return json_object_get(o, key); }

static size_t jlen(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_array(v) ? json_array_size(v) : 0;
}

/* The name of a reference that the JSON gives either as a string or as {id, name}. */
static const char *jname(const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    return jstr(v, "name");
}

static const char *or_dash(const char *s) { return s ? s : DASH; }

/* ---- Blocks ---- */

bool doc_shows(const DocBlock *b, unsigned backend) { return (b->backends & backend) != 0; }

bool doc_caption_repeats(const char *heading, const char *caption)
{
    if (!heading || !caption)
        return false;
    if (!strcmp(heading, caption))
        return true;
    const char *colon = strstr(heading, ": ");
    return !strncmp(heading, "Bilaga ", 7) && colon && !strcmp(colon + 2, caption);
}

static DocBlock *doc_add(Doc *d, DocKind kind, unsigned backends)
{
    if (d->nblocks == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->blocks = xrealloc(d->blocks, d->cap * sizeof *d->blocks);
    }
    DocBlock *b = &d->blocks[d->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->backends = backends;
    return b;
}

/* A heading that opens no section (a survey's title inside a question). */
static DocBlock *doc_heading(Doc *d, int level, const char *text)
{
    DocBlock *b = doc_add(d, DOC_HEADING, DOC_ALL);
    b->level = level;
    b->text = xstrdup(or_dash(text));
    return b;
}

static DocBlock *doc_section(Doc *d, int level, const char *text)
{
    DocBlock *b = doc_heading(d, level, text);
    b->section = true;
    return b;
}

/* An empty value shows as "–" like a missing one: a header line never ends in nothing. */
static void doc_meta(Doc *d, const char *label, const char *value)
{
    DocBlock *b = doc_add(d, DOC_META, DOC_ALL);
    b->label = xstrdup(label);
    b->text = xstrdup(value && *value ? value : DASH);
}

static DocBlock *doc_para(Doc *d, DocStyle style, const char *text)
{
    DocBlock *b = doc_add(d, DOC_PARA, DOC_ALL);
    b->style = style;
    b->text = xstrdup(or_dash(text));
    return b;
}

static void doc_markdown(Doc *d, const char *markdown, const char *role)
{
    DocBlock *b = doc_add(d, DOC_MARKDOWN, DOC_ALL);
    b->text = xstrdup(markdown);
    b->role = role;
}

static DocBlock *doc_list(Doc *d, const char *role)
{
    DocBlock *b = doc_add(d, DOC_LIST, DOC_ALL);
    b->role = role;
    return b;
}

/* Appends an item; the list takes ownership of item. */
static void doc_list_own(DocBlock *b, char *item)
{
    b->items = xrealloc(b->items, (b->nitems + 1) * sizeof *b->items);
    b->items[b->nitems++] = item;
}

static void doc_chart(Doc *d, const char *name, const char *caption)
{
    DocBlock *b = doc_add(d, DOC_CHART, DOC_ALL);
    b->chart = name;
    b->text = xstrdup(caption);
}

/* ---- Tables ---- */

typedef struct ColSpec {
    const char *heading;
    bool right;
} ColSpec;

/* Adds a table block with its columns copied from cols; rows follow with table_row. */
static DocTable *doc_table(Doc *d, const char *caption, const ColSpec *cols, size_t n,
                           size_t row_header)
{
    DocTable *t = xcalloc(1, sizeof *t);
    t->caption = xstrdup(caption);
    t->cols = xcalloc(n, sizeof *t->cols);
    t->ncols = n;
    t->row_header = row_header;
    for (size_t i = 0; i < n; i++) {
        t->cols[i].heading = xstrdup(cols[i].heading);
        t->cols[i].right = cols[i].right;
    }
    doc_add(d, DOC_TABLE, DOC_ALL)->table = t;
    return t;
}

static DocRow *table_row(DocTable *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    DocRow *r = &t->rows[t->nrows++];
    r->cells = xcalloc(t->ncols, sizeof *r->cells);
    r->total = false;
    return r;
}

/* The next unfilled cell of the last row; the cell takes ownership of text. */
static DocCell *cell_own(DocTable *t, char *text)
{
    assert(t->nrows > 0);
    DocRow *r = &t->rows[t->nrows - 1];
    size_t c = 0;
    while (c < t->ncols && r->cells[c].text)
        c++;
    assert(c < t->ncols);
    r->cells[c].text = text ? text : xstrdup("");
    return &r->cells[c];
}

static DocCell *cell(DocTable *t, const char *s) { return cell_own(t, xstrdup(or_dash(s))); }

static char *steal(Buf *b)
{
    char *s = buf_steal(b);
    return s ? s : xstrdup("");
}

static void cell_num(DocTable *t, const json_t *v)
{
    Buf b = {0};
    render_number(&b, v);
    cell_own(t, steal(&b));
}

static void cell_pct(DocTable *t, const json_t *v)
{
    Buf b = {0};
    render_percent(&b, v);
    cell_own(t, steal(&b));
}

static void cell_kr(DocTable *t, const json_t *v)
{
    Buf b = {0};
    render_number(&b, v);
    DocCell *c = cell_own(t, steal(&b));
    if (json_is_number(v)) {
        render_kronor(&b, v);
        c->with_unit = steal(&b);
    }
}

/* ---- Text pieces ---- */

/* "2012-10-01 – 2012-12-31", or one date when both are the same. The dash is bound to the first
 * date by a no-break space: a range that must wrap does so after the dash, never before it. */
static void text_range(Buf *t, const char *from, const char *to)
{
    buf_puts(t, or_dash(from));
    if (to && (!from || strcmp(from, to) != 0)) {
        buf_puts(t, "\xc2\xa0" DASH " ");
        buf_puts(t, to);
    }
}

/* A range as the form asks for it, in months and years ("oktober–december 2012", "november
 * 2012 – januari 2013"), when it runs from the first of a month to the last of one; the dates
 * otherwise. */
static void text_period_months(Buf *t, const char *from, const char *to)
{
    static const char *const months[12] = {"januari", "februari", "mars", "april", "maj", "juni",
                                           "juli", "augusti", "september", "oktober", "november",
                                           "december"};
    bool whole = from && to && date_valid(from) && date_valid(to) && !strcmp(from + 8, "01");
    if (whole) {
        char next[11];
        date_from_days(date_to_days(to) + 1, next);
        whole = !strcmp(next + 8, "01");
    }
    if (!whole) {
        text_range(t, from, to);
        return;
    }
    int fm = digits_value(from + 5, 2) - 1, tm = digits_value(to + 5, 2) - 1;
    if (!strncmp(from, to, 7))
        buf_printf(t, "%s %.4s", months[fm], from);
    else if (!strncmp(from, to, 4))
        buf_printf(t, "%s" DASH "%s %.4s", months[fm], months[tm], from);
    else
        buf_printf(t, "%s %.4s " DASH " %s %.4s", months[fm], from, months[tm], to);
}

/* A goal's value in its unit: a percentage or a count. */
static void text_goal_value(Buf *t, const json_t *g, const json_t *v)
{
    const char *unit = jstr(g, "unit");
    if (unit && !strcmp(unit, "percent"))
        render_percent(t, v);
    else
        render_number(t, v);
}

/* "77,4 % (svar 2 eller högre)" / "87,3 % ja" — a share with what it is a share of. */
static void text_share(Buf *t, const json_t *share, const char *type)
{
    const json_t *pct = jget(share, "percent");
    render_percent(t, pct);
    if (!json_is_number(pct))
        return;
    if (type && !strcmp(type, "yes_no"))
        buf_puts(t, " ja");
    else if (json_is_integer(jget(share, "min")))
        buf_printf(t, " (svar %lld eller högre)", (long long)json_integer_value(jget(share, "min")));
}

/* "1: 12, 2: 22, …" or "Ja: 131, Nej: 19": a distribution as words. */
static void text_distribution(Buf *t, const json_t *q)
{
    const json_t *d = jget(q, "distribution");
    const char *type = jstr(q, "type");
    if (!json_is_object(d)) {
        buf_puts(t, DASH);
        return;
    }
    if (type && !strcmp(type, "yes_no")) {
        buf_puts(t, "Ja: ");
        render_number(t, jget(d, "yes"));
        buf_puts(t, ", Nej: ");
        render_number(t, jget(d, "no"));
        return;
    }
    for (int s = 1; s <= 5; s++) {
        char k[2] = {(char)('0' + s), '\0'};
        buf_printf(t, "%s%d: ", s > 1 ? ", " : "", s);
        render_number(t, jget(d, k));
    }
}

/* "09:00" → "09.00", the Swedish way of writing a time of day. */
static void text_time(Buf *t, const char *hhmm)
{
    for (const char *p = hhmm; p && *p; p++)
        buf_putc(t, *p == ':' ? '.' : *p);
}

static void text_time_range(Buf *t, const char *start, const char *end)
{
    if (!start && !end) {
        buf_puts(t, DASH);
        return;
    }
    text_time(t, start ? start : "?");
    if (end) {
        buf_puts(t, DASH);
        text_time(t, end);
    }
}

/* ---- The report header ---- */

static void doc_draft(Doc *d, const json_t *r);

static void doc_report_header(Doc *d, const json_t *r)
{
    const json_t *p = jget(r, "project");
    const json_t *per = jget(r, "period");
    bool lages = d->report == DOC_REPORT_LAGESRAPPORT;
    Buf t = {0};
    doc_heading(d, 1, lages ? "Lägesrapport" : "Slutrapport");
    doc_draft(d, r);
    doc_meta(d, "Projektnamn", jstr(p, "name"));
    doc_meta(d, "Diarienummer", jstr(p, "diarienummer"));
    if (lages) {
        doc_meta(d, "Redovisnings-ID", jstr(r, "redovisnings_id"));
        text_period_months(&t, jstr(per, "from"), jstr(per, "to"));
        doc_meta(d, "Redovisningsperiod (månad(er) och år)", t.data);
        buf_clear(&t);
    }
    doc_meta(d, "Projektägare", jname(jget(p, "owner")));
    text_range(&t, jstr(p, "start"), jstr(p, "end"));
    doc_meta(d, "Projektperiod", t.data);
    buf_clear(&t);
    const json_t *fr = jget(r, "frozen");
    if (json_is_object(fr)) {
        buf_printf(&t, "Fryst %s av %s", or_dash(jstr(fr, "at")), or_dash(jstr(fr, "by")));
        const json_t *re = jget(fr, "reopened");
        if (json_is_object(re))
            buf_printf(&t, "; upplåst %s av %s: %s", or_dash(jstr(re, "at")),
                       or_dash(jstr(re, "by")), or_dash(jstr(re, "reason")));
        doc_meta(d, "Status", t.data);
    }
    doc_meta(d, "Framtagen", jstr(r, "generated"));
    d->header_end = d->nblocks;
    buf_free(&t);
}

/* ---- Figures beside the funder's questions ---- */

/* True, with the note `missing` added, when the array o[key] is empty or absent: a figure
 * with nothing to show says so instead of an empty table. */
static bool doc_none(Doc *d, const json_t *o, const char *key, const char *missing)
{
    if (jlen(o, key) > 0)
        return false;
    doc_para(d, DOC_P_MISSING, missing);
    return true;
}

/* A table whose caption ends in the date its figures hold on ("… den 2012-12-31"). */
static DocTable *doc_table_on(Doc *d, const json_t *r, const char *what, const ColSpec *cols, size_t n)
{
    char *caption = xasprintf("%s den %s", what, or_dash(jstr(jget(r, "period"), "to")));
    DocTable *t = doc_table(d, caption, cols, n, 0);
    free(caption);
    return t;
}

static const char *intervention_title(const json_t *r, const char *id)
{
    size_t i;
    const json_t *it;
    if (!id)
        return NULL;
    json_array_foreach(jget(r, "interventions"), i, it) {
        const char *iid = jstr(it, "id");
        if (iid && !strcmp(iid, id))
            return jstr(it, "title");
    }
    return id;
}

/* The body's answer beside "Vilka aktiviteter …": the list itself is an appendix, the funder's
 * summary per intervention stands in the body. */
static void fig_activities_ref(Doc *d, const json_t *r)
{
    if (doc_none(d, r, "activities", "Inga aktiviteter under perioden."))
        return;
    doc_para(d, DOC_P_NOTE, "Periodens aktiviteter listas var för sig i bilaga 1, i den ordning de "
                            "genomfördes. Sammanställningen per insats står under "
                            "\u201dSammanställning av aktiviteter/utbildningar\u201d.");
}

static void fig_activities(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {
        {"Aktivitet", 0}, {"Typ", 0}, {"Insats", 0}, {"Status", 0}, {"Datum", 0},
        {"Timmar", 1}, {"Deltagare", 1}, {"Planerat antal deltagare", 1},
    };
    if (doc_none(d, r, "activities", "Inga aktiviteter under perioden."))
        return;
    DocTable *t = doc_table(d, "Aktiviteter under perioden", cols, NCOLS(cols), 0);
    /* The PDF repeats the funder's own column wording on every page the table spans. */
    t->cols[5].pdf_heading = xstrdup("Antal timmar");
    t->cols[6].pdf_heading = xstrdup("Antal deltagare");
    size_t i;
    const json_t *a;
    Buf b = {0};
    json_array_foreach(jget(r, "activities"), i, a) {
        table_row(t);
        cell(t, jstr(a, "title"));
        cell(t, render_label_sv(VOCAB_ACTIVITY_KIND, jstr(a, "kind")));
        cell(t, intervention_title(r, jstr(a, "intervention")));
        cell(t, render_label_sv(VOCAB_ACTIVITY_STATUS, jstr(a, "status")));
        text_range(&b, jstr(a, "first_date"), jstr(a, "last_date"));
        cell_own(t, steal(&b));
        cell_num(t, jget(a, "hours"));
        cell_num(t, jget(a, "participants"));
        cell_num(t, jget(a, "planned_participants"));
    }
    buf_free(&b);
}

/* Each organisation with its kind, and its country when abroad: "Centro Pedagogico Emiliano
 * (transnationell partner, IT)". */
static void fig_organisations(Doc *d, const json_t *r)
{
    if (doc_none(d, r, "organisations", "Inga organisationer har deltagit under perioden."))
        return;
    DocBlock *l = doc_list(d, "organisations");
    size_t i;
    const json_t *v;
    Buf b = {0};
    json_array_foreach(jget(r, "organisations"), i, v) {
        buf_puts(&b, or_dash(jname(v)));
        const char *kind = jstr(v, "kind"), *country = jstr(v, "country");
        bool abroad = country && strcmp(country, "SE") != 0;
        if (kind || abroad) {
            buf_puts(&b, " (");
            if (kind)
                buf_puts(&b, render_label_sv(VOCAB_ORGANISATION_KIND, kind));
            if (abroad)
                buf_printf(&b, "%s%s", kind ? ", " : "", country);
            buf_puts(&b, ")");
        }
        doc_list_own(l, steal(&b));
    }
    buf_free(&b);
}

/* The figures of the month chart as a table beside it, in the HTML, where the chart needs
 * its figures as text; the PDF has the chart, the Markdown no charts. */
static void fig_participants_by_month(Doc *d, const json_t *pa)
{
    static const char *const keys[] = {"women", "men", "other", "total"};
    if (jlen(pa, "by_month") == 0)
        return;
    ColSpec cols[1 + NCOLS(keys)] = {{"Månad", 0}};
    for (size_t k = 0; k < NCOLS(keys); k++)
        cols[1 + k] = (ColSpec){render_gender_sv(keys[k]), 1};
    DocTable *t = doc_table(d, "Deltagare per månad och kön", cols, NCOLS(cols), 0);
    d->blocks[d->nblocks - 1].backends = DOC_HTML;
    size_t i;
    const json_t *m;
    json_array_foreach(jget(pa, "by_month"), i, m) {
        table_row(t);
        cell(t, jstr(m, "month"));
        for (size_t k = 0; k < NCOLS(keys); k++)
            cell_num(t, jget(m, keys[k]));
    }
}

/* True for a report whose period is the whole project (the slutrapport): its figures "in the
 * period" are its accumulated ones, so it shows one column of them, "Hela projektet". */
static bool doc_whole_project(const Doc *d) { return d->report == DOC_REPORT_SLUTRAPPORT; }

/* Participants by gender in the period and accumulated, the previously reported accumulated
 * figures beside them when the report has them, the planned total, participant hours, and the
 * split per organisation. */
static void fig_participants(Doc *d, const json_t *r)
{
    static const char *const keys[] = {"women", "men", "other", "total"};
    bool whole = doc_whole_project(d);
    const char *acc = whole ? "Hela projektet" : "Ackumulerat";
    const json_t *pa = jget(r, "participants");
    const json_t *prev = jget(r, "previously_reported");
    bool has_prev = json_is_object(prev);
    Buf prev_col = {0};
    if (has_prev)
        buf_printf(&prev_col, "Tidigare redovisat, ackumulerat t.o.m. period %lld",
                   (long long)json_integer_value(jget(prev, "period")));

    ColSpec cols[5] = {{"Kön", 0}};
    size_t n = 1;
    if (!whole)
        cols[n++] = (ColSpec){"Under perioden", 1};
    cols[n++] = (ColSpec){acc, 1};
    if (has_prev)
        cols[n++] = (ColSpec){prev_col.data, 1};
    cols[n++] = (ColSpec){"Planerat enligt ansökan", 1};
    DocTable *t = doc_table(d, whole ? "Deltagare per kön under hela projektet och planerat"
                                     : "Deltagare per kön: under perioden, ackumulerat och planerat",
                            cols, n, 0);
    for (size_t k = 0; k < NCOLS(keys); k++) {
        bool total = !strcmp(keys[k], "total");
        table_row(t)->total = total;
        cell(t, render_gender_sv(keys[k]));
        if (!whole)
            cell_num(t, jget(jget(pa, "period"), keys[k]));
        cell_num(t, jget(jget(pa, "accumulated"), keys[k]));
        if (has_prev)
            cell_num(t, jget(jget(prev, "participants_accumulated"), keys[k]));
        cell_num(t, total ? jget(pa, "planned") : NULL);
    }

    const json_t *h = jget(r, "participant_hours");
    if (json_is_object(h)) {
        ColSpec hc[4] = {{"Mått", 0}};
        size_t hn = 1;
        if (!whole)
            hc[hn++] = (ColSpec){"Under perioden", 1};
        hc[hn++] = (ColSpec){acc, 1};
        if (has_prev)
            hc[hn++] = (ColSpec){prev_col.data, 1};
        DocTable *ht = doc_table(d, "Deltagartimmar och värdet av deltagarnas tid", hc, hn, 0);
        table_row(ht);
        cell(ht, "Deltagartimmar");
        if (!whole)
            cell_num(ht, jget(h, "period"));
        cell_num(ht, jget(h, "accumulated"));
        if (has_prev)
            cell_num(ht, jget(prev, "participant_hours_accumulated"));
        table_row(ht);
        cell(ht, "Värde av deltagarnas tid (kr)");
        if (!whole)
            cell_kr(ht, jget(h, "value_period"));
        cell_kr(ht, jget(h, "value_accumulated"));
        if (has_prev)
            cell_num(ht, NULL);
    }
    buf_free(&prev_col);
    if (has_prev) {
        Buf note = {0};
        buf_printf(&note, "Tidigare redovisat: siffrorna i den frysta rapporten för period %lld "
                          "(fryst %s).",
                   (long long)json_integer_value(jget(prev, "period")), or_dash(jstr(prev, "frozen_at")));
        doc_para(d, DOC_P_NOTE, note.data);
        buf_free(&note);
    }

    if (jlen(pa, "by_organisation") > 0) {
        /* Spanning headings where a backend has them, the split spelt out in each heading
         * where it has not. */
        static const char *const flat[2][4] = {
            {"Perioden kvinnor", "Perioden män", "Perioden övriga/okänt", "Perioden totalt"},
            {"Ackumulerat kvinnor", "Ackumulerat män", "Ackumulerat övriga/okänt", "Ackumulerat totalt"},
        };
        static const char *const groups[2] = {"Under perioden", "Ackumulerat"};
        static const char *const sets[2] = {"period", "accumulated"};
        /* the whole project: the accumulated set alone, needing no spanning heading */
        size_t g0 = whole ? 1 : 0, ng = 2 - g0;
        ColSpec oc[9] = {{"Organisation", 0}};
        for (size_t g = 0; g < ng; g++)
            for (size_t k = 0; k < NCOLS(keys); k++)
                oc[1 + g * 4 + k] = (ColSpec){render_gender_sv(keys[k]), 1};
        DocTable *ot = doc_table(d, whole ? "Deltagare per organisation och kön under hela projektet"
                                          : "Deltagare per organisation och kön",
                                 oc, 1 + ng * 4, 0);
        for (size_t g = 0; g < ng && !whole; g++)
            for (size_t k = 0; k < NCOLS(keys); k++) {
                ot->cols[1 + g * 4 + k].group = xstrdup(groups[g0 + g]);
                ot->cols[1 + g * 4 + k].flat = xstrdup(flat[g0 + g][k]);
            }
        size_t i;
        const json_t *org;
        json_array_foreach(jget(pa, "by_organisation"), i, org) {
            table_row(ot);
            cell(ot, jstr(org, "name"));
            for (size_t g = g0; g < 2; g++)
                for (size_t k = 0; k < NCOLS(keys); k++)
                    cell_num(ot, jget(jget(org, sets[g]), keys[k]));
        }
    }
    doc_chart(d, "participants_by_organisation", "Deltagare per organisation");
    doc_chart(d, "participants_by_month", "Deltagare per månad");
    fig_participants_by_month(d, pa);
}

static void fig_goals(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {
        {"Delmål", 0}, {"Mätbart mål", 1}, {"Uppnått mål", 1}, {"Uppfyllt", 0}, {"Mått och källa", 0},
    };
    if (doc_none(d, r, "goals", "Projektet har inga delmål registrerade."))
        return;
    DocTable *t = doc_table_on(d, r, "Delmål: mätbart mål och uppnått mål", cols, NCOLS(cols));
    Buf b = {0};
    size_t i;
    const json_t *g;
    json_array_foreach(jget(r, "goals"), i, g) {
        table_row(t);
        cell(t, jstr(g, "title"))->detail = xstrdup(jstr(g, "description"));
        const char *cmp = jstr(g, "comparison");
        buf_puts(&b, cmp && !strcmp(cmp, "<=") ? "högst " : "minst ");
        text_goal_value(&b, g, jget(g, "target"));
        cell_own(t, steal(&b));
        text_goal_value(&b, g, jget(g, "achieved"));
        cell_own(t, steal(&b));
        cell(t, render_yes_no(jget(g, "met")));
        buf_puts(&b, render_label_sv(VOCAB_MEASURE_KIND, jstr(g, "measure")));
        bool manual = jstr(g, "measure") && !strcmp(jstr(g, "measure"), "manual");
        if (jstr(g, "source"))
            buf_printf(&b, "; källa: %s", jstr(g, "source"));
        if (jstr(g, "measured_on"))
            buf_printf(&b, "; mätt %s", jstr(g, "measured_on"));
        else if (manual && json_is_null(jget(g, "achieved")))
            buf_puts(&b, "; inget mätvärde t.o.m. periodens slut");
        /* How a measured goal developed, as a final report tells it ("14,9 % 2011, 8,5 %
         * 2013"): the earlier measurements up to the period's end. */
        const json_t *values = jget(g, "values");
        for (size_t k = 0; k + 1 < json_array_size(values); k++) {
            const json_t *v = json_array_get(values, k);
            buf_puts(&b, k ? ", " : "; tidigare ");
            text_goal_value(&b, g, jget(v, "value"));
            buf_printf(&b, " (%s)", or_dash(jstr(v, "date")));
        }
        if (!manual)
            buf_puts(&b, "; beräknat ur registrerade uppgifter");
        cell_own(t, steal(&b));
    }
    buf_free(&b);
}

static DocCell *cell_suppressed(DocTable *t, const json_t *c);

/* The goals' values per partner organisation, as the slutrapport reports them per
 * municipality: one row per goal that has a breakdown, one column per organisation. */
static void fig_goals_by_organisation(Doc *d, const json_t *r)
{
    const json_t *orgs = NULL;
    size_t i;
    const json_t *g;
    json_array_foreach(jget(r, "goals"), i, g)
        if (jlen(g, "by_organisation") > 0) {
            orgs = jget(g, "by_organisation");
            break;
        }
    if (!orgs)
        return;
    size_t n = json_array_size(orgs);
    ColSpec *cols = xcalloc(n + 1, sizeof *cols);
    cols[0] = (ColSpec){"Delmål", 0};
    for (size_t k = 0; k < n; k++)
        cols[k + 1] = (ColSpec){or_dash(jstr(json_array_get(orgs, k), "name")), 1};
    DocTable *t = doc_table_on(d, r, "Uppnått mål per organisation", cols, n + 1);
    free(cols);
    Buf b = {0};
    json_array_foreach(jget(r, "goals"), i, g) {
        if (jlen(g, "by_organisation") != n)
            continue;
        table_row(t);
        cell(t, jstr(g, "title"));
        size_t k;
        const json_t *c;
        json_array_foreach(jget(g, "by_organisation"), k, c) {
            if (json_is_true(jget(c, "suppressed"))) {
                cell_suppressed(t, c);
                continue;
            }
            text_goal_value(&b, g, jget(c, "achieved"));
            cell_own(t, steal(&b));
        }
    }
    buf_free(&b);
}

/* Budget and outcome per category, the totals, the previously reported accumulated figures and
 * the on-budget verdict with its tolerance. */
static void fig_budget(Doc *d, const json_t *r)
{
    const json_t *bu = jget(r, "budget");
    const json_t *prev = jget(r, "previously_reported");
    bool has_prev = json_is_object(prev);
    if (!json_is_object(bu)) {
        doc_para(d, DOC_P_MISSING, "Projektet har ingen budget registrerad.");
        return;
    }
    Buf b = {0};
    const json_t *ver = jget(bu, "version");
    if (json_is_object(ver)) {
        buf_printf(&b, "Budgetversion: %s (%s).", or_dash(jstr(ver, "name")), or_dash(jstr(ver, "date")));
        doc_para(d, DOC_P_PLAIN, b.data);
        buf_clear(&b);
    }
    bool whole = doc_whole_project(d);
    ColSpec cols[7] = {
        {"Kostnadskategori", 0}, {"Budget under perioden", 1}, {"Utfall under perioden", 1},
        {"Budget ackumulerat", 1}, {"Utfall ackumulerat", 1},
    };
    size_t n = 5;
    if (whole) {
        cols[1] = (ColSpec){"Budget", 1};
        cols[2] = (ColSpec){"Utfall", 1};
        n = 3;
    }
    if (has_prev) {
        cols[n++] = (ColSpec){"Tidigare redovisat: budget ackumulerat", 1};
        cols[n++] = (ColSpec){"Tidigare redovisat: utfall ackumulerat", 1};
    }
    DocTable *t = doc_table(d, "Budget och utfall per kostnadskategori, kronor", cols, n, 0);
    size_t i;
    const json_t *c;
    json_array_foreach(jget(bu, "by_category"), i, c) {
        table_row(t);
        cell(t, jstr(c, "name"));
        if (!whole) {
            cell_kr(t, jget(jget(c, "period"), "planned"));
            cell_kr(t, jget(jget(c, "period"), "actual"));
        }
        cell_kr(t, jget(jget(c, "accumulated"), "planned"));
        cell_kr(t, jget(jget(c, "accumulated"), "actual"));
        if (has_prev) {
            cell_kr(t, NULL);
            cell_kr(t, NULL);
        }
    }
    table_row(t)->total = true;
    cell(t, "Totalt");
    if (!whole) {
        cell_kr(t, jget(jget(bu, "period"), "planned"));
        cell_kr(t, jget(jget(bu, "period"), "actual"));
    }
    cell_kr(t, jget(jget(bu, "accumulated"), "planned"));
    cell_kr(t, jget(jget(bu, "accumulated"), "actual"));
    if (has_prev) {
        cell_kr(t, jget(jget(prev, "budget_accumulated"), "planned"));
        cell_kr(t, jget(jget(prev, "budget_accumulated"), "actual"));
    }

    /* The tolerance is stored as a fraction; showing it as a percentage is formatting only. */
    const json_t *tol = jget(bu, "tolerance");
    json_t *tol_pct = json_is_number(tol) ? json_real(json_number_value(tol) * 100.0) : json_null();
    /* The verdict leads in a body paragraph of its grounds: a conclusion, not a heading. */
    char *verdict = xasprintf("Inom budget: %s.", render_yes_no(jget(bu, "on_budget")));
    buf_printf(&b, "%s ", whole ? "Utfallet avviker" : "Ackumulerat utfall avviker");
    render_percent(&b, jget(bu, "deviation_percent"));
    buf_printf(&b, " från %s (tolerans ±", whole ? "budgeten" : "ackumulerad budget");
    render_percent(&b, tol_pct);
    buf_puts(&b, ").");
    doc_para(d, DOC_P_PLAIN, b.data)->label = verdict;
    json_decref(tol_pct);
    buf_free(&b);
    doc_chart(d, "budget_by_category", "Budget och utfall per kostnadskategori");
}

static void fig_deviations(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {{"Datum", 0}, {"Område", 0}, {"Beskrivning", 0}};
    if (jlen(r, "deviations") == 0)
        return;
    DocTable *t = doc_table(d, "Avvikelser under perioden", cols, NCOLS(cols), 2);
    size_t i;
    const json_t *dv;
    json_array_foreach(jget(r, "deviations"), i, dv) {
        table_row(t);
        cell(t, jstr(dv, "date"));
        cell(t, render_label_sv(VOCAB_DEVIATION_AREA, jstr(dv, "area")));
        cell(t, jstr(dv, "description"));
    }
}

static void fig_deviations_reported(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {{"Avvikelse", 0}, {"Meddelad ESF-rådet", 0}, {"Datum", 0}};
    if (jlen(r, "deviations") == 0)
        return;
    DocTable *t = doc_table(d, "Avvikelser meddelade till ansvarig samordnare på ESF-rådet", cols,
                            NCOLS(cols), 0);
    size_t i;
    const json_t *dv;
    json_array_foreach(jget(r, "deviations"), i, dv) {
        const json_t *rep = jget(dv, "reported_to_funder");
        table_row(t);
        cell(t, jstr(dv, "description"));
        cell(t, json_is_true(rep) ? "JA" : json_is_false(rep) ? "NEJ" : DASH);
        cell(t, jstr(dv, "reported_date"));
    }
}

static void fig_deviation_measures(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {{"Avvikelse", 0}, {"Åtgärder", 0}};
    if (jlen(r, "deviations") == 0)
        return;
    DocTable *t = doc_table(d, "Åtgärder med anledning av avvikelserna", cols, NCOLS(cols), 0);
    size_t i;
    const json_t *dv;
    json_array_foreach(jget(r, "deviations"), i, dv) {
        table_row(t);
        cell(t, jstr(dv, "description"));
        cell(t, jstr(dv, "measures") ? jstr(dv, "measures") : "Inga åtgärder angivna");
    }
}

/* The slutrapport's deviations: everything about each in one table, then the budget. */
static void fig_deviations_final(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {
        {"Datum", 0}, {"Område", 0}, {"Avvikelse", 0}, {"Meddelad ESF-rådet", 0}, {"Åtgärder", 0},
    };
    if (jlen(r, "deviations") == 0) {
        doc_para(d, DOC_P_MISSING, "Inga avvikelser har registrerats i projektet.");
    } else {
        DocTable *t = doc_table(d, "Avvikelser under projektet", cols, NCOLS(cols), 2);
        size_t i;
        const json_t *dv;
        Buf b = {0};
        json_array_foreach(jget(r, "deviations"), i, dv) {
            table_row(t);
            cell(t, jstr(dv, "date"));
            cell(t, render_label_sv(VOCAB_DEVIATION_AREA, jstr(dv, "area")));
            cell(t, jstr(dv, "description"));
            buf_puts(&b, render_yes_no(jget(dv, "reported_to_funder")));
            if (jstr(dv, "reported_date"))
                buf_printf(&b, " (%s)", jstr(dv, "reported_date"));
            cell_own(t, steal(&b));
            cell(t, jstr(dv, "measures"));
        }
    }
    fig_budget(d, r);
}

/* The funder's table, titled as on the form, one row per intervention. */
#define FORM_TABLE_TITLE "Sammanställning av aktiviteter/utbildningar Programområde 1 och 2"

static void fig_interventions(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {
        {"Datum", 0}, {"Insats (Aktivitet/utbildning/möte)", 0},
        {"Antal timmar (insatsens omfattning)", 1}, {"Antal deltagare", 1},
        {"Planerat antal deltagare", 1}, {"Slutförd insats Ja eller Nej", 0},
    };
    if (doc_none(d, r, "interventions", "Projektet har inga insatser registrerade."))
        return;
    DocTable *t = doc_table(d, FORM_TABLE_TITLE, cols, NCOLS(cols), 1);
    size_t i;
    const json_t *it;
    json_array_foreach(jget(r, "interventions"), i, it) {
        table_row(t);
        cell(t, jstr(it, "start"));
        cell(t, jstr(it, "title"));
        cell_num(t, jget(it, "hours"));
        cell_num(t, jget(it, "participants"));
        cell_num(t, jget(it, "planned_participants"));
        cell(t, render_yes_no(jget(it, "completed")));
    }
}

/* A breakdown cell withheld for privacy: why, in place of its figures. */
static DocCell *cell_suppressed(DocTable *t, const json_t *c)
{
    DocCell *dc = cell(t, render_suppressed_sv(c));
    dc->suppressed = true;
    return dc;
}

/* A share cell of a breakdown: the percentage, the suppression notice, or "–" where the group
 * gave no answer at all. */
static void cell_share(DocTable *t, const json_t *c)
{
    if (!c)
        cell(t, NULL);
    else if (json_is_true(jget(c, "suppressed")))
        cell_suppressed(t, c);
    else
        cell_pct(t, jget(jget(c, "share_at_least"), "percent"));
}

/* The organisations of the breakdowns of rows[key] (each row a question), in the order the JSON
 * gives them (organisation id, the cell without organisation last): the columns of a table
 * per organisation. Returns their number; names[] borrowed from the JSON, NULL for "none". */
static size_t breakdown_orgs(const json_t *rows, const char ***names)
{
    size_t n = 0, i, k;
    const json_t *row, *c;
    *names = NULL;
    json_array_foreach(rows, i, row) {
        json_array_foreach(jget(row, "by_organisation"), k, c) {
            const char *name = jstr(c, "name");
            size_t j = 0;
            while (j < n && !((*names)[j] == name || ((*names)[j] && name && !strcmp((*names)[j], name))))
                j++;
            if (j < n)
                continue;
            *names = xrealloc(*names, (n + 1) * sizeof **names);
            (*names)[n++] = name;
        }
    }
    /* The cell without organisation goes last whatever order it came in. */
    for (size_t j = 0; j + 1 < n; j++)
        if (!(*names)[j]) {
            memmove(*names + j, *names + j + 1, (n - j - 1) * sizeof **names);
            (*names)[n - 1] = NULL;
            break;
        }
    return n;
}

static const json_t *breakdown_cell(const json_t *row, const char *name)
{
    size_t i;
    const json_t *c;
    json_array_foreach(jget(row, "by_organisation"), i, c) {
        const char *n = jstr(c, "name");
        if (n == name || (n && name && !strcmp(n, name)))
            return c;
    }
    return NULL;
}

/* One table of the shares of the given rows (summary rows or a survey's questions) per gender,
 * and one per organisation; a null row is skipped. label(row, i) names a row (caller frees). */
static void survey_breakdowns(Doc *d, const json_t *rows, const char *what,
                              char *(*label)(const json_t *row, size_t i))
{
    static const char *const genders[] = {"female", "male", "other"};
    ColSpec gc[4] = {{"Fråga", 0}};
    for (size_t g = 0; g < 3; g++)
        gc[1 + g] = (ColSpec){render_gender_sv(genders[g]), 1};
    char *caption = xasprintf("Andel per kön: %s", what);
    DocTable *t = doc_table(d, caption, gc, NCOLS(gc), 0);
    free(caption);
    size_t i, k;
    const json_t *row, *c;
    json_array_foreach(rows, i, row) {
        if (json_is_null(row))
            continue;
        table_row(t);
        cell_own(t, label(row, i));
        for (size_t g = 0; g < 3; g++) {
            const json_t *hit = NULL;
            json_array_foreach(jget(row, "by_gender"), k, c)
                if (jstr(c, "gender") && !strcmp(jstr(c, "gender"), genders[g]))
                    hit = c;
            cell_share(t, hit);
        }
    }

    const char **orgs;
    size_t norgs = breakdown_orgs(rows, &orgs);
    if (norgs == 0) {
        free(orgs);
        return;
    }
    ColSpec *oc = xcalloc(norgs + 1, sizeof *oc);
    oc[0] = (ColSpec){"Fråga", 0};
    for (size_t j = 0; j < norgs; j++)
        oc[1 + j] = (ColSpec){orgs[j] ? orgs[j] : "Organisation saknas", 1};
    caption = xasprintf("Andel per organisation: %s", what);
    t = doc_table(d, caption, oc, norgs + 1, 0);
    free(caption);
    free(oc);
    json_array_foreach(rows, i, row) {
        if (json_is_null(row))
            continue;
        table_row(t);
        cell_own(t, label(row, i));
        for (size_t j = 0; j < norgs; j++)
            cell_share(t, breakdown_cell(row, orgs[j]));
    }
    free(orgs);
}

static char *summary_label(const json_t *row, size_t i)
{
    (void)i;
    return xstrdup(or_dash(jstr(row, "text")));
}

static char *question_label(const json_t *q, size_t i)
{
    (void)q;
    return xasprintf("Fråga %zu", i + 1);
}

/* The number of the appendix of surveys: the lägesrapport's first is its activities. */
static int survey_appendix(const Doc *d) { return d->report == DOC_REPORT_LAGESRAPPORT ? 2 : 1; }

static const char *const survey_privacy_note =
    "Grupper med färre än 5 svar redovisas inte, så att inget svar kan spåras till en person. "
    "Där en sådan grupp annars kunde räknas fram ur totalen döljs även den minsta av de övriga.";

/* The body's survey results: every scale and yes/no question pooled over the surveys of one
 * kind (survey_summary), in total and per gender and organisation. The surveys one by one are
 * an appendix. */
static void fig_survey_summary(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {
        {"Fråga", 0}, {"Antal enkäter", 1}, {"Antal svar", 1}, {"Andel", 1},
    };
    if (doc_none(d, r, "surveys", "Inga enkäter under perioden."))
        return;
    const json_t *sum = jget(r, "survey_summary");
    if (!json_is_array(sum)) {
        char *note = xasprintf("Rapporten saknar sammanfattning av enkäterna (den frystes innan "
                               "sammanfattningen fanns); enkäterna redovisas var för sig i bilaga %d.",
                               survey_appendix(d));
        doc_para(d, DOC_P_NOTE, note);
        free(note);
        return;
    }
    if (json_array_size(sum) == 0) {
        doc_para(d, DOC_P_MISSING, "Enkäterna har inga frågor med svarsskala eller ja/nej-svar.");
        return;
    }
    Buf b = {0};
    size_t i = 0;
    while (i < json_array_size(sum)) {
        const char *kind = or_dash(jstr(json_array_get(sum, i), "kind"));
        json_t *rows = json_array();
        for (; i < json_array_size(sum) && !strcmp(or_dash(jstr(json_array_get(sum, i), "kind")), kind); i++)
            json_array_append(rows, json_array_get(sum, i));
        const char *label = render_label_sv(VOCAB_SURVEY_KIND, kind);
        buf_printf(&b, "Enkätresultat: %s", label);
        DocTable *t = doc_table(d, b.data, cols, NCOLS(cols), 0);
        buf_clear(&b);
        size_t j;
        const json_t *row;
        json_array_foreach(rows, j, row) {
            table_row(t);
            cell(t, jstr(row, "text"));
            cell_num(t, jget(row, "surveys"));
            cell_num(t, jget(row, "responses"));
            text_share(&b, jget(row, "share_at_least"), jstr(row, "type"));
            cell_own(t, steal(&b));
        }
        survey_breakdowns(d, rows, label, summary_label);
        json_decref(rows);
    }
    buf_printf(&b, "Andel: de svar som ligger på eller över frågans tröskel (för ja/nej-frågor "
                   "andelen ja), sammanlagt över enkäterna av samma slag. Varje enkät redovisas för "
                   "sig i bilaga %d.", survey_appendix(d));
    doc_para(d, DOC_P_NOTE, b.data);
    buf_free(&b);
    doc_para(d, DOC_P_NOTE, survey_privacy_note);
}

/* The appendix of surveys one by one: a heading at `level`, a table of its questions, and the
 * shares per gender and organisation of its scale and yes/no questions (a free-text question
 * has no figures to break down). */
static void fig_survey_detail(Doc *d, const json_t *r, int level)
{
    static const ColSpec cols[] = {
        {"Nr", 1}, {"Fråga", 0}, {"Frågetyp", 0}, {"Antal svar", 1}, {"Medelvärde", 1},
        {"Andel", 1}, {"Fördelning", 0},
    };
    Buf b = {0};
    size_t i;
    const json_t *s;
    json_array_foreach(jget(r, "surveys"), i, s) {
        const char *title = or_dash(jstr(s, "title"));
        doc_heading(d, level, title);
        buf_printf(&b, "%s, %s. Antal svar: ", render_label_sv(VOCAB_SURVEY_KIND, jstr(s, "kind")),
                   or_dash(jstr(s, "date")));
        render_number(&b, jget(s, "responses"));
        buf_puts(&b, ".");
        doc_para(d, DOC_P_PLAIN, b.data);
        buf_clear(&b);
        buf_printf(&b, "Resultat per fråga: %s", title);
        DocTable *t = doc_table(d, b.data, cols, NCOLS(cols), 1);
        buf_clear(&b);
        size_t j;
        const json_t *q;
        /* The breakdowns keep the table's numbering: a free-text question is a gap in them. */
        json_t *shown = json_array();
        bool any = false;
        json_array_foreach(jget(s, "questions"), j, q) {
            table_row(t);
            cell_own(t, xasprintf("%zu", j + 1));
            cell(t, jstr(q, "text"));
            cell(t, render_label_sv(VOCAB_QUESTION_TYPE, jstr(q, "type")));
            cell_num(t, jget(q, "responses"));
            cell_num(t, jget(q, "mean"));
            text_share(&b, jget(q, "share_at_least"), jstr(q, "type"));
            cell_own(t, steal(&b));
            text_distribution(&b, q);
            cell_own(t, steal(&b));
            const char *type = jstr(q, "type");
            bool figures = type && strcmp(type, "text") != 0 &&
                           (jlen(q, "by_organisation") > 0 || jlen(q, "by_gender") > 0);
            json_array_append(shown, figures ? (json_t *)q : json_null());
            any = any || figures;
        }
        if (any)
            survey_breakdowns(d, shown, title, question_label);
        json_decref(shown);
    }
    buf_free(&b);
}

/* The comparison for an A4 page: nine columns leave the refusal too little room, so each
 * side is one cell "91,7 % (60 svar)". Only the PDF shows this form. */
static void survey_comparison_narrow(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {
        {"Fråga", 0}, {"Nollmätning", 1}, {"Uppföljning", 1}, {"Förändring, procentenheter", 1},
        {"Kommentar", 0},
    };
    DocTable *t = doc_table(d, "Jämförelse mellan nollmätning och uppföljning", cols, NCOLS(cols), 0);
    d->blocks[d->nblocks - 1].backends = DOC_PDF;
    size_t i;
    const json_t *c;
    Buf b = {0};
    json_array_foreach(jget(r, "survey_comparison"), i, c) {
        static const char *const sides[] = {"baseline", "follow_up"};
        table_row(t);
        cell(t, jstr(c, "text"));
        for (int side = 0; side < 2; side++) {
            const json_t *v = jget(c, sides[side]);
            if (!json_is_object(v)) {
                cell(t, NULL);
                continue;
            }
            render_percent(&b, jget(v, "percent"));
            buf_puts(&b, " (");
            render_number(&b, jget(v, "responses"));
            buf_puts(&b, " svar)");
            cell_own(t, steal(&b));
        }
        cell_num(t, jget(c, "change_percent"));
        cell(t, jstr(c, "refused") ? jstr(c, "refused") : "");
    }
    buf_free(&b);
}

static void fig_survey_comparison(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {
        {"Fråga", 0}, {"Antal svar", 1}, {"Medelvärde", 1}, {"Andel", 1}, {"Antal svar", 1},
        {"Medelvärde", 1}, {"Andel", 1}, {"Förändring, procentenheter", 1}, {"Kommentar", 0},
    };
    static const char *const flat[] = {
        "Nollmätning antal svar", "Nollmätning medelvärde", "Nollmätning andel",
        "Uppföljning antal svar", "Uppföljning medelvärde", "Uppföljning andel",
    };
    if (doc_none(d, r, "survey_comparison", "Ingen fråga har ställts i både en nollmätning och en uppföljning."))
        return;
    DocTable *t = doc_table(d, "Jämförelse mellan nollmätning och uppföljning", cols, NCOLS(cols), 0);
    d->blocks[d->nblocks - 1].backends = DOC_HTML | DOC_MD;
    for (size_t k = 0; k < 6; k++) {
        t->cols[1 + k].group = xstrdup(k < 3 ? "Nollmätning" : "Uppföljning");
        t->cols[1 + k].flat = xstrdup(flat[k]);
    }
    size_t i;
    const json_t *c;
    json_array_foreach(jget(r, "survey_comparison"), i, c) {
        static const char *const sides[] = {"baseline", "follow_up"};
        table_row(t);
        cell(t, jstr(c, "text"));
        for (int side = 0; side < 2; side++) {
            const json_t *v = jget(c, sides[side]);
            cell_num(t, jget(v, "responses"));
            cell_num(t, jget(v, "mean"));
            cell_pct(t, jget(v, "percent"));
        }
        cell_num(t, jget(c, "change_percent"));
        cell_own(t, jstr(c, "refused") ? xasprintf("Jämförs inte: %s", jstr(c, "refused"))
                                       : xstrdup(DASH));
    }
    survey_comparison_narrow(d, r);
}

static void fig_surveys_final(Doc *d, const json_t *r)
{
    fig_survey_summary(d, r);
    fig_survey_comparison(d, r);
}
static void fig_certificates(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {{"Organisation", 0}, {"Antal intyg", 1}, {"Antal personer", 1}};
    const json_t *c = jget(r, "certificates");
    Buf n = {0}, b = {0};
    render_number(&n, jget(c, "count"));
    buf_puts(&n, ", till ");
    render_number(&n, jget(c, "people"));
    buf_puts(&n, " personer.");
    buf_printf(&b, "Utfärdade intyg: %s", n.data);
    doc_para(d, DOC_P_VERDICT, b.data);
    buf_free(&b);
    buf_free(&n);
    if (jlen(c, "by_organisation") == 0)
        return;
    DocTable *t = doc_table(d, "Intyg per organisation", cols, NCOLS(cols), 0);
    size_t i;
    const json_t *org;
    json_array_foreach(jget(c, "by_organisation"), i, org) {
        table_row(t);
        cell(t, jstr(org, "name") ? jstr(org, "name") : "Organisation saknas");
        cell_num(t, jget(org, "count"));
        cell_num(t, jget(org, "people"));
    }
}

/* Members are a count in the contract; a list of names is shown as such should it come. */
static void fig_groups(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {{"Grupp", 0}, {"Typ", 0}, {"Medlemmar", 1}};
    if (doc_none(d, r, "groups", "Projektet har inga grupper registrerade."))
        return;
    DocTable *t = doc_table_on(d, r, "Grupper och antal medlemmar", cols, NCOLS(cols));
    Buf b = {0};
    size_t i;
    const json_t *g;
    json_array_foreach(jget(r, "groups"), i, g) {
        const json_t *m = jget(g, "members");
        table_row(t);
        cell(t, jstr(g, "name"));
        cell(t, render_label_sv(VOCAB_GROUP_KIND, jstr(g, "kind")));
        if (json_is_array(m)) {
            size_t k;
            const json_t *p;
            json_array_foreach(m, k, p)
                buf_printf(&b, "%s%s", k ? ", " : "", or_dash(jname(p)));
            cell_own(t, steal(&b));
        } else {
            cell_num(t, m);
        }
    }
    buf_free(&b);
}

static void fig_goals_final(Doc *d, const json_t *r)
{
    fig_goals(d, r);
    fig_goals_by_organisation(d, r);
    fig_surveys_final(d, r);
    fig_certificates(d, r);
}

static void fig_actors(Doc *d, const json_t *r)
{
    fig_organisations(d, r);
    fig_groups(d, r);
}

static void fig_results(Doc *d, const json_t *r)
{
    fig_participants(d, r);
    fig_interventions(d, r);
}

static void doc_meetings(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {{"Datum", 0}, {"Möte", 0}, {"Grupp", 0}, {"Status", 0}};
    Buf b = {0};
    buf_puts(&b, "Genomförda möten: ");
    render_number(&b, jget(r, "meetings_held"));
    buf_puts(&b, ".");
    doc_para(d, DOC_P_PLAIN, b.data);
    buf_free(&b);
    if (jlen(r, "meetings") == 0)
        return;
    DocTable *t = doc_table(d, "Möten", cols, NCOLS(cols), 1);
    size_t i;
    const json_t *m;
    json_array_foreach(jget(r, "meetings"), i, m) {
        table_row(t);
        cell(t, jstr(m, "date"));
        cell(t, jstr(m, "title"));
        /* group_name since the JSON carries it; a snapshot frozen before only has the id. */
        cell(t, jstr(m, "group_name") ? jstr(m, "group_name") : jname(jget(m, "group")));
        cell(t, render_label_sv(VOCAB_MEETING_STATUS, jstr(m, "status")));
    }
}

static void doc_dissemination(Doc *d, const json_t *r)
{
    static const ColSpec cols[] = {{"Datum", 0}, {"Kanal", 0}, {"Titel", 0}, {"Målgrupp", 0}};
    if (doc_none(d, r, "dissemination", "Ingen informationsspridning har registrerats."))
        return;
    DocTable *t = doc_table(d, "Informationsspridning", cols, NCOLS(cols), 2);
    size_t i;
    const json_t *e;
    json_array_foreach(jget(r, "dissemination"), i, e) {
        table_row(t);
        cell(t, jstr(e, "date"));
        cell(t, render_label_sv(VOCAB_CHANNEL, jstr(e, "channel")));
        cell(t, jstr(e, "title"));
        cell(t, jstr(e, "audience"));
    }
}

/* ---- The funder's form ---- */

typedef struct FormSection {
    const char *section;
    void (*figures)(Doc *d, const json_t *r);
} FormSection;

/* Which figures stand beside which question (docs/report-format.md, "questions[]"). */
static const FormSection lagesrapport_figures[] = {
    {"aktiviteter", fig_activities_ref},
    {"organisationer", fig_organisations},
    {"deltagare", fig_participants},
    {"maluppfyllelse", fig_goals},
    {"budget", fig_budget},
    {"avvikelser", fig_deviations},
    {"avvikelser_meddelade", fig_deviations_reported},
    {"avvikelser_atgarder", fig_deviation_measures},
    {NULL, NULL},
};

static const FormSection slutrapport_figures[] = {
    {"resultat", fig_results},
    {"mal", fig_goals_final},
    {"avvikelser_atgarder", fig_deviations_final},
    {"aktorer", fig_actors},
    {NULL, NULL},
};

/* What stands under a question before its figures, by its `status` (docs/report-format.md,
 * "questions[]"): the data's JA/NEJ first, then the answer, or what the status says instead. */
static void doc_answer(Doc *d, const json_t *r, const json_t *q, const char *no_answer)
{
    const json_t *yn = jget(q, "yes_no");
    if (json_is_boolean(yn))
        doc_para(d, DOC_P_VERDICT, json_is_true(yn) ? "Svar: JA" : "Svar: NEJ");
    const char *status = jstr(q, "status"), *answer = jstr(q, "answer"), *sec = jstr(q, "section");
    if (answer && *answer)
        doc_markdown(d, answer, "answer");
    else if (status && !strcmp(status, "empty"))
        doc_para(d, DOC_P_MISSING, "Inget att redovisa.");
    else if (status && !strcmp(status, "not_applicable"))
        doc_para(d, DOC_P_MISSING, sec && !strcmp(sec, "avvikelser_ej_meddelade") &&
                                           jlen(r, "deviations") > 0
                                       ? "Ej aktuellt: alla avvikelser är meddelade."
                                       : "Ej aktuellt: inga avvikelser under perioden.");
    else if (!status || !strcmp(status, "unanswered"))
        doc_para(d, DOC_P_MISSING, no_answer);
}

/* The questions in form order: consecutive questions with the same heading share one level-2
 * section; each question is a level-3 section with its answer and its figures. */
static void doc_questions(Doc *d, const json_t *r, const FormSection *figs, const char *no_answer)
{
    const char *open = NULL;
    size_t i;
    const json_t *q;
    json_array_foreach(jget(r, "questions"), i, q) {
        const char *heading = jstr(q, "heading") ? jstr(q, "heading") : "";
        if (!open || strcmp(open, heading) != 0) {
            doc_section(d, 2, heading);
            open = heading;
        }
        const char *sec = jstr(q, "section");
        doc_section(d, 3, jstr(q, "question"))->anchor = xasprintf("fraga-%s", sec ? sec : "");
        doc_answer(d, r, q, no_answer);
        const char *status = jstr(q, "status");
        if (status && !strcmp(status, "not_applicable"))
            continue;
        for (const FormSection *f = figs; sec && f->section; f++)
            if (!strcmp(f->section, sec))
                f->figures(d, r);
    }
}

/* The draft banner under the title: what must be done before the report can be handed in
 * (the report's `check`, docs/report-format.md), at most a screenful. Sets d->draft, the mark
 * every page of a draft carries. */
static void doc_draft(Doc *d, const json_t *r)
{
    const json_t *c = jget(r, "check");
    if (!json_is_true(jget(c, "draft")))
        return;
    d->draft = xstrdup("Utkast");
    doc_para(d, DOC_P_DRAFT, "UTKAST – rapporten är inte färdig att lämna in. Detta återstår:");
    DocBlock *l = doc_list(d, "draft");
    size_t i;
    const json_t *v;
    json_array_foreach(jget(c, "unanswered"), i, v)
        doc_list_own(l, xasprintf("Obesvarad fråga: %s", or_dash(jstr(v, "question"))));
    json_array_foreach(jget(c, "unreported_deviations"), i, v)
        doc_list_own(l, xasprintf("Avvikelsen %s (”%s”) är inte meddelad till ESF-rådet.",
                                  or_dash(jstr(v, "date")), or_dash(jstr(v, "description"))));
    /* Moved figures can be many; the first ones say enough, `report check` lists them all. */
    enum { MOVED_SHOWN = 10 };
    json_array_foreach(jget(c, "moved"), i, v) {
        if (i >= MOVED_SHOWN)
            break;
        const json_t *per = jget(v, "period");
        doc_list_own(l, xasprintf("Ändrat sedan period %lld frystes: %s",
                                  json_is_integer(per) ? (long long)json_integer_value(per) : 0LL,
                                  or_dash(jstr(v, "label") ? jstr(v, "label") : jstr(v, "path"))));
    }
    if (jlen(c, "moved") > MOVED_SHOWN)
        doc_list_own(l, xasprintf("… och %zu %s till (`insats report check` visar alla).",
                                  jlen(c, "moved") - MOVED_SHOWN,
                                  jlen(c, "moved") - MOVED_SHOWN == 1 ? "ändring" : "ändringar"));
    doc_para(d, DOC_P_NOTE, "Märkningen försvinner när varje fråga är besvarad eller markerad "
                            "som medvetet obesvarad med kommandot insats report empty.");
}

/* What every report needs before any layout can start; one message per missing piece. */
static int check_report(const json_t *r, Errs *errs)
{
    int rc = INSATS_OK;
    if (!json_is_object(jget(r, "project")) || !jstr(jget(r, "project"), "name")) {
        errs_add(errs, "report JSON: \"project.name\" is missing; produce the JSON with "
                       "`insats report … --format json`");
        rc = INSATS_EINPUT;
    }
    if (!json_is_array(jget(r, "questions"))) {
        errs_add(errs, "report JSON: \"questions\" is missing or not an array");
        rc = INSATS_EINPUT;
    }
    if (!json_is_object(jget(r, "period"))) {
        errs_add(errs, "report JSON: \"period\" is missing or not an object");
        rc = INSATS_EINPUT;
    }
    return rc;
}

/* Opens an appendix: a section of its own after the body, "Bilaga N: title". */
static void doc_appendix(Doc *d, int n, const char *title)
{
    if (d->appendix == SIZE_MAX)
        d->appendix = d->nblocks;
    char *h = xasprintf("Bilaga %d: %s", n, title);
    DocBlock *b = doc_section(d, 2, h);
    b->role = "appendix";
    b->anchor = xasprintf("bilaga-%d", n);
    free(h);
}

/* The appendix of surveys one by one, with the note on suppression; nothing without surveys. */
static void doc_survey_appendix(Doc *d, const json_t *r)
{
    if (jlen(r, "surveys") == 0)
        return;
    doc_appendix(d, survey_appendix(d), "Enkäterna var för sig");
    fig_survey_detail(d, r, 3);
    doc_para(d, DOC_P_NOTE, survey_privacy_note);
}

static void doc_lagesrapport(Doc *d, const json_t *r)
{
    d->title = xasprintf("Lägesrapport %s " DASH " %s", jstr(r, "redovisnings_id") ? jstr(r, "redovisnings_id") : "",
                         jstr(jget(r, "project"), "name"));
    doc_report_header(d, r);
    doc_questions(d, r, lagesrapport_figures, "Inget svar har skrivits för perioden.");
    doc_section(d, 2, FORM_TABLE_TITLE);
    fig_interventions(d, r);
    doc_section(d, 2, "Enkäter");
    fig_survey_summary(d, r);
    doc_section(d, 2, "Möten under perioden");
    doc_meetings(d, r);
    doc_section(d, 2, "Informationsspridning");
    doc_dissemination(d, r);
    if (jlen(r, "activities") > 0) {
        doc_appendix(d, 1, "Aktiviteter under perioden");
        fig_activities(d, r);
    }
    doc_survey_appendix(d, r);
}

static void doc_slutrapport(Doc *d, const json_t *r)
{
    d->title = xasprintf("Slutrapport " DASH " %s", jstr(jget(r, "project"), "name"));
    doc_report_header(d, r);
    doc_questions(d, r, slutrapport_figures, "Inget svar har skrivits.");
    doc_section(d, 2, "Möten");
    doc_meetings(d, r);
    doc_section(d, 2, "Informationsspridning");
    doc_dissemination(d, r);
    doc_survey_appendix(d, r);
}

/* ---- Minutes ---- */

/* The attendees with one of the given statuses as a table of name and organisation (as
 * minutes are written), guests marked as such, the status in a third column when asked;
 * NULL when there are none. */
static DocTable *doc_attendees(Doc *d, const json_t *m, const char *caption, const char *s1,
                               const char *s2, bool show_status)
{
    static const ColSpec cols[] = {{"Namn", 0}, {"Organisation", 0}, {"Anmälan", 0}};
    DocTable *t = NULL;
    size_t i;
    const json_t *a;
    json_array_foreach(jget(m, "attendees"), i, a) {
        const char *st = jstr(a, "status");
        if (!st || (strcmp(st, s1) != 0 && (!s2 || strcmp(st, s2) != 0)))
            continue;
        if (!t)
            t = doc_table(d, caption, cols, show_status ? 3 : 2, 0);
        table_row(t);
        cell(t, jstr(a, "name"));
        const char *org = jstr(a, "organisation");
        if (json_is_true(jget(a, "guest")))
            cell_own(t, xasprintf("%s (gäst)", org ? org : "utanför projektet"));
        else
            cell(t, org);
        if (show_status)
            cell(t, render_label_sv(VOCAB_ATTENDEE_STATUS, st));
    }
    return t;
}

/* The definite genitive of a group's name where the name is a group kind's own word
 * ("Styrgrupp" → "styrgruppens"), or NULL: the inflection of any other name cannot be guessed
 * ("Regional projektgrupp" → "regionala projektgruppens"). */
static const char *group_genitive(const char *name)
{
    static const char *const forms[][2] = {
        {"styrgrupp", "styrgruppens"},       {"styrgruppen", "styrgruppens"},
        {"projektgrupp", "projektgruppens"}, {"projektgruppen", "projektgruppens"},
        {"expertgrupp", "expertgruppens"},   {"expertgruppen", "expertgruppens"},
        {"fokusgrupp", "fokusgruppens"},     {"fokusgruppen", "fokusgruppens"},
        {"referensgrupp", "referensgruppens"}, {"ledningsgrupp", "ledningsgruppens"},
        {"arbetsgrupp", "arbetsgruppens"},   {"styrelsen", "styrelsens"},
    };
    for (size_t i = 0; name && i < NCOLS(forms); i++)
        if (!strcasecmp(name, forms[i][0]))
            return forms[i][1];
    return NULL;
}

/* The minutes' title as Swedish minutes are titled: "Minnesanteckningar från styrgruppens
 * möte"; for another group's name "Minnesanteckningar – Regional projektgrupp, möte
 * 2012-03-15"; without a group, by the meeting's title. Caller frees. */
static char *minutes_title(const json_t *m)
{
    const char *group = jname(jget(m, "group"));
    const char *gen = group_genitive(group);
    if (gen)
        return xasprintf("Minnesanteckningar från %s möte", gen);
    return xasprintf("Minnesanteckningar " DASH " %s, möte %s", group ? group : jstr(m, "title"),
                     jstr(m, "date"));
}

/* "2019-02-15 kl. 09.00–12.00, Uppsala", or a note that none is planned. */
static void doc_next_meeting(Doc *d, const json_t *r)
{
    doc_section(d, 2, "Nästa möte");
    const json_t *next = jget(r, "next_meeting");
    if (!json_is_object(next)) {
        doc_para(d, DOC_P_MISSING, "Inget nästa möte är planerat.");
        return;
    }
    Buf b = {0};
    const char *ns = jstr(next, "start"), *ne = jstr(next, "end"), *place = jstr(next, "place");
    buf_puts(&b, or_dash(jstr(next, "date")));
    if (ns) {
        buf_puts(&b, " kl. ");
        text_time_range(&b, ns, ne);
    }
    if (place)
        buf_printf(&b, ", %s", place);
    doc_para(d, DOC_P_PLAIN, b.data);
    buf_free(&b);
}

/* A cancelled meeting: a notice of the cancellation (which meeting, when, why) and the next
 * meeting — not minutes with empty sections. */
static void doc_cancelled(Doc *d, const json_t *r, const json_t *m)
{
    const char *group = jname(jget(m, "group"));
    d->title = xasprintf("Inställt möte " DASH " %s, %s", group ? group : jstr(m, "title"),
                         jstr(m, "date"));
    doc_heading(d, 1, "Inställt möte");
    if (group)
        doc_meta(d, "Grupp", group);
    doc_meta(d, "Möte", jstr(m, "title"));
    doc_meta(d, "Dag", jstr(m, "date"));
    Buf b = {0};
    text_time_range(&b, jstr(m, "start"), jstr(m, "end"));
    doc_meta(d, "Tid", b.data);
    buf_clear(&b);
    doc_meta(d, "Plats", jstr(m, "place"));
    d->header_end = d->nblocks;
    buf_puts(&b, "Mötet är inställt.");
    if (jstr(m, "cancel_reason"))
        buf_printf(&b, " Orsak: %s", jstr(m, "cancel_reason"));
    doc_para(d, DOC_P_VERDICT, b.data);
    buf_free(&b);
    doc_next_meeting(d, r);
}

static int doc_minutes(Doc *d, const json_t *r, Errs *errs)
{
    const json_t *m = jget(r, "meeting");
    if (!json_is_object(m) || !jstr(m, "title") || !jstr(m, "date")) {
        errs_add(errs, "minutes JSON: \"meeting\" with \"title\" and \"date\" is missing; produce "
                       "it with `insats report minutes --meeting ID --format json`");
        return INSATS_EINPUT;
    }
    const char *status = jstr(m, "status");
    if (status && !strcmp(status, "cancelled")) {
        doc_cancelled(d, r, m);
        return INSATS_OK;
    }
    const json_t *p = jget(r, "project");
    const char *group = jname(jget(m, "group"));
    Buf b = {0};
    char *title = minutes_title(m);
    /* The document's own title names the day, which the heading of the genitive form does not. */
    d->title = group_genitive(group) ? xasprintf("%s %s", title, jstr(m, "date")) : xstrdup(title);
    doc_heading(d, 1, title);
    free(title);
    if (group)
        doc_para(d, DOC_P_PLAIN, jstr(m, "title"));
    if (jstr(p, "name")) {
        buf_printf(&b, "Projekt: %s (diarienummer %s)", jstr(p, "name"), or_dash(jstr(p, "diarienummer")));
        doc_para(d, DOC_P_PLAIN, b.data);
        buf_clear(&b);
    }
    const char *start = jstr(m, "start"), *end = jstr(m, "end");
    doc_meta(d, "Dag", jstr(m, "date"));
    /* Times as Swedish minutes write them: "09.00–12.00". */
    text_time_range(&b, start, end);
    doc_meta(d, "Tid", b.data);
    buf_clear(&b);
    doc_meta(d, "Plats", jstr(m, "place"));
    doc_meta(d, "Anteckningar förda av", jstr(m, "notes_by"));
    d->header_end = d->nblocks;
    /* Minutes read by someone whose role reaches only some of the people (a coordinator: their
     * organisation's) say why some names are missing, so that "–" is not read as "nobody". */
    if (json_integer_value(jget(m, "names_withheld")) > 0)
        doc_para(d, DOC_P_NOTE, "Namn på personer utanför det din roll har tillgång till visas "
                                "som ”–”.");

    doc_section(d, 2, "Närvarande");
    if (!doc_attendees(d, m, "Närvarande", "present", NULL, false))
        doc_para(d, DOC_P_MISSING, "Ingen närvaro är registrerad.");
    doc_section(d, 2, "Frånvarande/anmält förhinder");
    if (!doc_attendees(d, m, "Frånvarande/anmält förhinder", "absent", "excused", true))
        doc_para(d, DOC_P_MISSING, "Ingen.");
    doc_section(d, 2, "Dagordning");
    if (jlen(m, "agenda") == 0)
        doc_para(d, DOC_P_MISSING, "Ingen dagordning är registrerad.");
    size_t i;
    const json_t *item;
    json_array_foreach(jget(m, "agenda"), i, item) {
        const json_t *num = jget(item, "number");
        long long n = json_is_integer(num) ? (long long)json_integer_value(num) : (long long)i + 1;
        buf_printf(&b, "%lld. %s", n, or_dash(jstr(item, "title")));
        doc_section(d, 3, b.data)->role = "agenda-item";
        buf_clear(&b);
        if (jstr(item, "presenter")) {
            buf_printf(&b, "Föredragande: %s", jstr(item, "presenter"));
            if (jstr(item, "presenter_organisation"))
                buf_printf(&b, ", %s", jstr(item, "presenter_organisation"));
            doc_para(d, DOC_P_PLAIN, b.data);
            buf_clear(&b);
        }
        const char *notes = jstr(item, "notes");
        if (notes && *notes)
            doc_markdown(d, notes, NULL);   /* notes are Markdown, as narratives */
        size_t k;
        const json_t *dec;
        json_array_foreach(jget(item, "decisions"), k, dec)
            doc_para(d, DOC_P_DECISION, jname(dec))->label = xstrdup("Beslut:");
    }
    doc_section(d, 2, "Åtgärder");
    if (jlen(m, "actions") == 0) {
        doc_para(d, DOC_P_MISSING, "Inga åtgärder.");
    } else {
        static const ColSpec cols[] = {{"Åtgärd", 0}, {"Ansvarig", 0}, {"Klart senast", 0}, {"Status", 0}};
        DocTable *t = doc_table(d, "Åtgärder från mötet", cols, NCOLS(cols), 0);
        const json_t *a;
        json_array_foreach(jget(m, "actions"), i, a) {
            table_row(t);
            cell(t, jstr(a, "text"));
            cell(t, jstr(a, "owner"));
            cell(t, jstr(a, "due"));
            cell(t, render_label_sv(VOCAB_ACTION_STATUS, jstr(a, "status")));
        }
    }
    if (jlen(m, "carried_actions") > 0) {
        static const ColSpec ccols[] = {{"Åtgärd", 0}, {"Ansvarig", 0}, {"Klart senast", 0},
                                        {"Från mötet", 0}};
        DocTable *ct = doc_table(d, "Öppna åtgärder från tidigare möten", ccols, NCOLS(ccols), 0);
        const json_t *a;
        json_array_foreach(jget(m, "carried_actions"), i, a) {
            table_row(ct);
            cell(ct, jstr(a, "text"));
            cell(ct, jstr(a, "owner"));
            cell(ct, jstr(a, "due"));
            cell(ct, jstr(a, "meeting_date"));
        }
    }
    doc_next_meeting(d, r);
    buf_free(&b);
    return INSATS_OK;
}

/* ---- Entry points ---- */

int doc_build(const json_t *report, Doc **out, Errs *errs)
{
    *out = NULL;
    const char *kind = jstr(report, "report");
    if (!kind) {
        errs_add(errs, "report JSON: the key \"report\" is missing (lagesrapport, slutrapport or minutes)");
        return INSATS_EINPUT;
    }
    Doc *d = xcalloc(1, sizeof *d);
    d->appendix = SIZE_MAX;
    int rc = INSATS_OK;
    if (!strcmp(kind, "lagesrapport") || !strcmp(kind, "slutrapport")) {
        d->report = !strcmp(kind, "lagesrapport") ? DOC_REPORT_LAGESRAPPORT : DOC_REPORT_SLUTRAPPORT;
        rc = check_report(report, errs);
        if (rc == INSATS_OK) {
            d->generated = xstrdup(jstr(report, "generated"));
            if (d->report == DOC_REPORT_LAGESRAPPORT)
                doc_lagesrapport(d, report);
            else
                doc_slutrapport(d, report);
        }
    } else if (!strcmp(kind, "minutes")) {
        d->report = DOC_REPORT_MINUTES;
        rc = doc_minutes(d, report, errs);
    } else {
        errs_add(errs, "report JSON: \"report\" is \"%s\", not lagesrapport, slutrapport or minutes", kind);
        rc = INSATS_EINPUT;
    }
    if (rc != INSATS_OK) {
        doc_free(d);
        return rc;
    }
    if (d->appendix == SIZE_MAX)
        d->appendix = d->nblocks;
    *out = d;
    return INSATS_OK;
}

static void table_free(DocTable *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        free(t->cols[i].heading);
        free(t->cols[i].group);
        free(t->cols[i].flat);
        free(t->cols[i].pdf_heading);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            free(t->rows[r].cells[c].text);
            free(t->rows[r].cells[c].detail);
            free(t->rows[r].cells[c].with_unit);
        }
        free(t->rows[r].cells);
    }
    free(t->rows);
    free(t->cols);
    free(t->caption);
    free(t);
}

void doc_free(Doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nblocks; i++) {
        DocBlock *b = &doc->blocks[i];
        free(b->anchor);
        free(b->label);
        free(b->text);
        for (size_t k = 0; k < b->nitems; k++)
            free(b->items[k]);
        free(b->items);
        if (b->table)
            table_free(b->table);
    }
    free(doc->blocks);
    free(doc->title);
    free(doc->generated);
    free(doc->draft);
    free(doc);
}
