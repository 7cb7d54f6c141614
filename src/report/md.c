/* md.c — a report JSON (docs/report-format.md) as Markdown, ready to paste into the funder's web
 * form: each question as a heading with its answer (the narrative, already Markdown, as written)
 * and the figures as Markdown tables. Lays out, computes nothing. */
#include "render.h"

#include <string.h>

#define DASH "\xe2\x80\x93"

/* ---- JSON access (absent or mistyped values read as NULL and show as "–") ---- */

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

static const char *jname(const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    return jstr(v, "name");
}

/* ---- Escaping of data inside Markdown ---- */

/* Appends s so that Markdown reads it as the literal text: inline syntax characters and the
 * table separator are backslash-escaped anywhere, and line breaks become spaces because a table
 * row must stay on one line. For text that starts a block, see md_line_text. */
static void md_text(Buf *o, const char *s)
{
    if (!s) {
        buf_puts(o, DASH);
        return;
    }
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n' || c == '\r' || c == '\t') {
            buf_putc(o, ' ');
        } else if (c < 0x20 || c == 0x7f) {
            continue;
        } else if (strchr("\\`*_[]<>|#&!~", (int)c)) {
            buf_putc(o, '\\');
            buf_putc(o, (char)c);
        } else {
            buf_putc(o, (char)c);
        }
    }
}

/* As md_text, for text at the start of a line (a paragraph, a list item): a leading "-", "+",
 * "=" or "1." would otherwise turn it into a list or a heading underline. */
static void md_line_text(Buf *o, const char *s)
{
    if (s && (s[0] == '-' || s[0] == '+' || s[0] == '=')) {
        buf_putc(o, '\\');
    } else if (s) {
        size_t d = strspn(s, "0123456789");
        if (d > 0 && (s[d] == '.' || s[d] == ')')) {
            buf_append(o, s, d);
            buf_putc(o, '\\');
            s += d;
        }
    }
    md_text(o, s);
}

/* ---- Tables ---- */

typedef struct MdCol {
    const char *label;
    int num;    /* right-aligned figure column */
} MdCol;

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* A bold caption line, the header row and the alignment row. */
static void md_table_begin(Buf *o, const char *caption, const MdCol *cols, size_t n)
{
    buf_puts(o, "**");
    md_text(o, caption);
    buf_puts(o, "**\n\n|");
    for (size_t i = 0; i < n; i++) {
        buf_putc(o, ' ');
        md_text(o, cols[i].label);
        buf_puts(o, " |");
    }
    buf_puts(o, "\n|");
    for (size_t i = 0; i < n; i++)
        buf_puts(o, cols[i].num ? " ---: |" : " --- |");
    buf_putc(o, '\n');
}

static void md_table_end(Buf *o) { buf_putc(o, '\n'); }

static void md_cell(Buf *o, const char *s)
{
    buf_putc(o, ' ');
    md_text(o, s);
    buf_puts(o, " |");
}

static void md_cell_num(Buf *o, const json_t *v)
{
    buf_putc(o, ' ');
    render_number(o, v);
    buf_puts(o, " |");
}

static void md_cell_pct(Buf *o, const json_t *v)
{
    buf_putc(o, ' ');
    render_percent(o, v);
    buf_puts(o, " |");
}

/* An italic remark paragraph (no data inside, or escaped). */
static void md_note(Buf *o, const char *s)
{
    buf_putc(o, '_');
    md_text(o, s);
    buf_puts(o, "_\n\n");
}

static void md_para(Buf *o, const char *s)
{
    md_line_text(o, s);
    buf_puts(o, "\n\n");
}

static void text_range(Buf *t, const char *from, const char *to)
{
    buf_puts(t, from ? from : DASH);
    if (to && (!from || strcmp(from, to) != 0)) {
        buf_puts(t, " " DASH " ");
        buf_puts(t, to);
    }
}

static void md_meta(Buf *o, const char *term, const char *value)
{
    buf_puts(o, "- **");
    md_text(o, term);
    buf_puts(o, ":** ");
    md_text(o, value && *value ? value : DASH);
    buf_putc(o, '\n');
}

static void md_header(Buf *o, const json_t *r, const char *kind_title)
{
    const json_t *p = jget(r, "project");
    const json_t *per = jget(r, "period");
    Buf t = {0};
    buf_printf(o, "# %s\n\n", kind_title);
    md_meta(o, "Projektnamn", jstr(p, "name"));
    md_meta(o, "Diarienummer", jstr(p, "diarienummer"));
    if (!strcmp(kind_title, "Lägesrapport")) {
        md_meta(o, "Redovisnings-ID", jstr(r, "redovisnings_id"));
        text_range(&t, jstr(per, "from"), jstr(per, "to"));
        if (json_is_integer(jget(per, "number")))
            buf_printf(&t, " (period %lld)", (long long)json_integer_value(jget(per, "number")));
        md_meta(o, "Redovisningsperiod", t.data);
        buf_clear(&t);
    }
    md_meta(o, "Projektägare", jname(jget(p, "owner")));
    text_range(&t, jstr(p, "start"), jstr(p, "end"));
    md_meta(o, "Projektperiod", t.data);
    buf_clear(&t);
    const json_t *fr = jget(r, "frozen");
    if (json_is_object(fr)) {
        buf_printf(&t, "Fryst %s av %s", jstr(fr, "at") ? jstr(fr, "at") : DASH,
                   jstr(fr, "by") ? jstr(fr, "by") : DASH);
        const json_t *re = jget(fr, "reopened");
        if (json_is_object(re))
            buf_printf(&t, "; upplåst %s av %s: %s", jstr(re, "at") ? jstr(re, "at") : DASH,
                       jstr(re, "by") ? jstr(re, "by") : DASH,
                       jstr(re, "reason") ? jstr(re, "reason") : DASH);
        md_meta(o, "Status", t.data);
    }
    md_meta(o, "Framtagen", jstr(r, "generated"));
    buf_putc(o, '\n');
    buf_free(&t);
}

/* ---- Figures ---- */

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

static void md_fig_activities(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {
        {"Aktivitet", 0}, {"Typ", 0}, {"Insats", 0}, {"Status", 0}, {"Datum", 0},
        {"Timmar", 1}, {"Deltagare", 1}, {"Planerat antal deltagare", 1},
    };
    if (jlen(r, "activities") == 0) {
        md_note(o, "Inga aktiviteter under perioden.");
        return;
    }
    md_table_begin(o, "Aktiviteter under perioden", cols, NCOLS(cols));
    size_t i;
    const json_t *a;
    Buf t = {0};
    json_array_foreach(jget(r, "activities"), i, a) {
        buf_putc(o, '|');
        md_cell(o, jstr(a, "title"));
        md_cell(o, render_label_sv("activity_kind", jstr(a, "kind")));
        md_cell(o, intervention_title(r, jstr(a, "intervention")));
        md_cell(o, render_label_sv("activity_status", jstr(a, "status")));
        buf_clear(&t);
        text_range(&t, jstr(a, "first_date"), jstr(a, "last_date"));
        md_cell(o, t.data);
        md_cell_num(o, jget(a, "hours"));
        md_cell_num(o, jget(a, "participants"));
        md_cell_num(o, jget(a, "planned_participants"));
        buf_putc(o, '\n');
    }
    buf_free(&t);
    md_table_end(o);
}

static void md_fig_organisations(Buf *o, const json_t *r)
{
    if (jlen(r, "organisations") == 0) {
        md_note(o, "Inga organisationer har deltagit under perioden.");
        return;
    }
    size_t i;
    const json_t *v;
    json_array_foreach(jget(r, "organisations"), i, v) {
        buf_puts(o, "- ");
        md_line_text(o, jname(v));
        buf_putc(o, '\n');
    }
    buf_putc(o, '\n');
}

static void md_fig_participants(Buf *o, const json_t *r)
{
    static const char *const keys[] = {"women", "men", "other", "total"};
    const json_t *pa = jget(r, "participants");
    const json_t *prev = jget(r, "previously_reported");
    int has_prev = json_is_object(prev);
    Buf t = {0};
    MdCol cols[5] = {{"Kön", 0}, {"Under perioden", 1}, {"Ackumulerat", 1}};
    size_t n = 3;
    if (has_prev) {
        buf_printf(&t, "Tidigare redovisat, ackumulerat t.o.m. period %lld",
                   (long long)json_integer_value(jget(prev, "period")));
        cols[n++] = (MdCol){t.data, 1};
    }
    cols[n++] = (MdCol){"Planerat enligt ansökan", 1};
    md_table_begin(o, "Deltagare per kön: under perioden, ackumulerat och planerat", cols, n);
    for (size_t k = 0; k < NCOLS(keys); k++) {
        int total = !strcmp(keys[k], "total");
        buf_putc(o, '|');
        md_cell(o, render_gender_sv(keys[k]));
        md_cell_num(o, jget(jget(pa, "period"), keys[k]));
        md_cell_num(o, jget(jget(pa, "accumulated"), keys[k]));
        if (has_prev)
            md_cell_num(o, jget(jget(prev, "participants_accumulated"), keys[k]));
        md_cell_num(o, total ? jget(pa, "planned") : NULL);
        buf_putc(o, '\n');
    }
    md_table_end(o);

    const json_t *h = jget(r, "participant_hours");
    if (json_is_object(h)) {
        MdCol hc[4] = {{"Mått", 0}, {"Under perioden", 1}, {"Ackumulerat", 1}};
        size_t hn = 3;
        if (has_prev)
            hc[hn++] = (MdCol){t.data, 1};
        md_table_begin(o, "Deltagartimmar och värdet av deltagarnas tid", hc, hn);
        buf_putc(o, '|');
        md_cell(o, "Deltagartimmar");
        md_cell_num(o, jget(h, "period"));
        md_cell_num(o, jget(h, "accumulated"));
        if (has_prev)
            md_cell_num(o, jget(prev, "participant_hours_accumulated"));
        buf_puts(o, "\n|");
        md_cell(o, "Värde av deltagarnas tid (kr)");
        md_cell_num(o, jget(h, "value_period"));
        md_cell_num(o, jget(h, "value_accumulated"));
        if (has_prev)
            md_cell_num(o, NULL);
        buf_putc(o, '\n');
        md_table_end(o);
    }
    if (has_prev) {
        buf_clear(&t);
        buf_printf(&t, "Tidigare redovisat: siffrorna i den frysta rapporten för period %lld (fryst %s).",
                   (long long)json_integer_value(jget(prev, "period")),
                   jstr(prev, "frozen_at") ? jstr(prev, "frozen_at") : DASH);
        md_note(o, t.data);
    }
    buf_free(&t);

    if (jlen(pa, "by_organisation") > 0) {
        /* Markdown has no spanning headers: the period/accumulated split goes into each label. */
        static const MdCol oc[] = {
            {"Organisation", 0},
            {"Perioden kvinnor", 1}, {"Perioden män", 1}, {"Perioden övriga/okänt", 1}, {"Perioden totalt", 1},
            {"Ackumulerat kvinnor", 1}, {"Ackumulerat män", 1}, {"Ackumulerat övriga/okänt", 1},
            {"Ackumulerat totalt", 1},
        };
        md_table_begin(o, "Deltagare per organisation och kön", oc, NCOLS(oc));
        size_t i;
        const json_t *org;
        json_array_foreach(jget(pa, "by_organisation"), i, org) {
            buf_putc(o, '|');
            md_cell(o, jstr(org, "name"));
            for (size_t k = 0; k < NCOLS(keys); k++)
                md_cell_num(o, jget(jget(org, "period"), keys[k]));
            for (size_t k = 0; k < NCOLS(keys); k++)
                md_cell_num(o, jget(jget(org, "accumulated"), keys[k]));
            buf_putc(o, '\n');
        }
        md_table_end(o);
    }
}

static void text_goal_value(Buf *t, const json_t *g, const json_t *v)
{
    const char *unit = jstr(g, "unit");
    if (unit && !strcmp(unit, "percent"))
        render_percent(t, v);
    else
        render_number(t, v);
}

static void md_fig_goals(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {
        {"Delmål", 0}, {"Mätbart mål", 1}, {"Uppnått mål", 1}, {"Uppfyllt", 0}, {"Mått och källa", 0},
    };
    if (jlen(r, "goals") == 0) {
        md_note(o, "Projektet har inga delmål registrerade.");
        return;
    }
    const char *to = jstr(jget(r, "period"), "to");
    Buf t = {0};
    buf_printf(&t, "Delmål: mätbart mål och uppnått mål den %s", to ? to : DASH);
    md_table_begin(o, t.data, cols, NCOLS(cols));
    size_t i;
    const json_t *g;
    json_array_foreach(jget(r, "goals"), i, g) {
        buf_clear(&t);
        buf_puts(&t, jstr(g, "title") ? jstr(g, "title") : DASH);
        if (jstr(g, "description"))
            buf_printf(&t, " (%s)", jstr(g, "description"));
        buf_putc(o, '|');
        md_cell(o, t.data);
        const char *cmp = jstr(g, "comparison");
        buf_clear(&t);
        buf_puts(&t, cmp && !strcmp(cmp, "<=") ? "högst " : "minst ");
        text_goal_value(&t, g, jget(g, "target"));
        md_cell(o, t.data);
        buf_clear(&t);
        text_goal_value(&t, g, jget(g, "achieved"));
        md_cell(o, t.data);
        md_cell(o, render_yes_no(jget(g, "met")));
        buf_clear(&t);
        buf_puts(&t, render_label_sv("measure", jstr(g, "measure")));
        if (jstr(g, "source"))
            buf_printf(&t, "; källa: %s", jstr(g, "source"));
        else
            buf_puts(&t, "; beräknat ur registrerade uppgifter");
        md_cell(o, t.data);
        buf_putc(o, '\n');
    }
    md_table_end(o);
    buf_free(&t);
}

static void md_fig_budget(Buf *o, const json_t *r)
{
    const json_t *b = jget(r, "budget");
    const json_t *prev = jget(r, "previously_reported");
    int has_prev = json_is_object(prev);
    if (!json_is_object(b)) {
        md_note(o, "Projektet har ingen budget registrerad.");
        return;
    }
    Buf t = {0};
    const json_t *ver = jget(b, "version");
    if (json_is_object(ver)) {
        buf_printf(&t, "Budgetversion: %s (%s).", jstr(ver, "name") ? jstr(ver, "name") : DASH,
                   jstr(ver, "date") ? jstr(ver, "date") : DASH);
        md_para(o, t.data);
    }
    MdCol cols[7] = {
        {"Kostnadskategori", 0}, {"Budget under perioden", 1}, {"Utfall under perioden", 1},
        {"Budget ackumulerat", 1}, {"Utfall ackumulerat", 1},
    };
    size_t n = 5;
    if (has_prev) {
        cols[n++] = (MdCol){"Tidigare redovisat: budget ackumulerat", 1};
        cols[n++] = (MdCol){"Tidigare redovisat: utfall ackumulerat", 1};
    }
    md_table_begin(o, "Budget och utfall per kostnadskategori, kronor", cols, n);
    size_t i;
    const json_t *c;
    json_array_foreach(jget(b, "by_category"), i, c) {
        buf_putc(o, '|');
        md_cell(o, jstr(c, "name"));
        md_cell_num(o, jget(jget(c, "period"), "planned"));
        md_cell_num(o, jget(jget(c, "period"), "actual"));
        md_cell_num(o, jget(jget(c, "accumulated"), "planned"));
        md_cell_num(o, jget(jget(c, "accumulated"), "actual"));
        if (has_prev) {
            md_cell_num(o, NULL);
            md_cell_num(o, NULL);
        }
        buf_putc(o, '\n');
    }
    buf_puts(o, "| **Totalt** |");
    md_cell_num(o, jget(jget(b, "period"), "planned"));
    md_cell_num(o, jget(jget(b, "period"), "actual"));
    md_cell_num(o, jget(jget(b, "accumulated"), "planned"));
    md_cell_num(o, jget(jget(b, "accumulated"), "actual"));
    if (has_prev) {
        md_cell_num(o, jget(jget(prev, "budget_accumulated"), "planned"));
        md_cell_num(o, jget(jget(prev, "budget_accumulated"), "actual"));
    }
    buf_putc(o, '\n');
    md_table_end(o);

    const json_t *tol = jget(b, "tolerance");
    json_t *tol_pct = json_is_number(tol) ? json_real(json_number_value(tol) * 100.0) : json_null();
    buf_clear(&t);
    buf_printf(&t, "Inom budget: %s. Ackumulerat utfall avviker ", render_yes_no(jget(b, "on_budget")));
    render_percent(&t, jget(b, "deviation_percent"));
    buf_puts(&t, " från ackumulerad budget (tolerans ±");
    render_percent(&t, tol_pct);
    buf_puts(&t, ").");
    buf_puts(o, "**");
    md_text(o, t.data);
    buf_puts(o, "**\n\n");
    json_decref(tol_pct);
    buf_free(&t);
}

static void md_fig_deviations(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {{"Datum", 0}, {"Område", 0}, {"Beskrivning", 0}};
    if (jlen(r, "deviations") == 0) {
        buf_puts(o, "**Svar: NEJ**\n\n");
        return;
    }
    buf_puts(o, "**Svar: JA**\n\n");
    md_table_begin(o, "Avvikelser under perioden", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "deviations"), i, d) {
        buf_putc(o, '|');
        md_cell(o, jstr(d, "date"));
        md_cell(o, render_label_sv("deviation_area", jstr(d, "area")));
        md_cell(o, jstr(d, "description"));
        buf_putc(o, '\n');
    }
    md_table_end(o);
}

static void md_fig_deviations_reported(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {{"Avvikelse", 0}, {"Meddelad ESF-rådet", 0}, {"Datum", 0}};
    if (jlen(r, "deviations") == 0) {
        md_note(o, "Ej aktuellt: inga avvikelser under perioden.");
        return;
    }
    md_table_begin(o, "Avvikelser meddelade till ansvarig samordnare på ESF-rådet", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "deviations"), i, d) {
        const json_t *rep = jget(d, "reported_to_funder");
        buf_putc(o, '|');
        md_cell(o, jstr(d, "description"));
        md_cell(o, json_is_true(rep) ? "JA" : json_is_false(rep) ? "NEJ" : DASH);
        md_cell(o, jstr(d, "reported_date"));
        buf_putc(o, '\n');
    }
    md_table_end(o);
}

static void md_fig_deviation_measures(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {{"Avvikelse", 0}, {"Åtgärder", 0}};
    if (jlen(r, "deviations") == 0) {
        md_note(o, "Ej aktuellt: inga avvikelser under perioden.");
        return;
    }
    md_table_begin(o, "Åtgärder med anledning av avvikelserna", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "deviations"), i, d) {
        buf_putc(o, '|');
        md_cell(o, jstr(d, "description"));
        md_cell(o, jstr(d, "measures") ? jstr(d, "measures") : "Inga åtgärder angivna");
        buf_putc(o, '\n');
    }
    md_table_end(o);
}

static void md_fig_deviations_final(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {
        {"Datum", 0}, {"Område", 0}, {"Avvikelse", 0}, {"Meddelad ESF-rådet", 0}, {"Åtgärder", 0},
    };
    if (jlen(r, "deviations") == 0) {
        md_note(o, "Inga avvikelser har registrerats i projektet.");
    } else {
        md_table_begin(o, "Avvikelser under projektet", cols, NCOLS(cols));
        size_t i;
        const json_t *d;
        Buf t = {0};
        json_array_foreach(jget(r, "deviations"), i, d) {
            buf_putc(o, '|');
            md_cell(o, jstr(d, "date"));
            md_cell(o, render_label_sv("deviation_area", jstr(d, "area")));
            md_cell(o, jstr(d, "description"));
            buf_clear(&t);
            buf_puts(&t, render_yes_no(jget(d, "reported_to_funder")));
            if (jstr(d, "reported_date"))
                buf_printf(&t, " (%s)", jstr(d, "reported_date"));
            md_cell(o, t.data);
            md_cell(o, jstr(d, "measures"));
            buf_putc(o, '\n');
        }
        buf_free(&t);
        md_table_end(o);
    }
    md_fig_budget(o, r);
}

static void md_fig_interventions(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {
        {"Datum", 0}, {"Insats (aktivitet/utbildning/möte)", 0},
        {"Antal timmar (insatsens omfattning)", 1}, {"Antal deltagare", 1},
        {"Planerat antal deltagare", 1}, {"Slutförd insats Ja/Nej", 0},
    };
    if (jlen(r, "interventions") == 0) {
        md_note(o, "Projektet har inga insatser registrerade.");
        return;
    }
    md_table_begin(o, "Sammanställning av aktiviteter/utbildningar", cols, NCOLS(cols));
    size_t i;
    const json_t *it;
    json_array_foreach(jget(r, "interventions"), i, it) {
        buf_putc(o, '|');
        md_cell(o, jstr(it, "start"));
        md_cell(o, jstr(it, "title"));
        md_cell_num(o, jget(it, "hours"));
        md_cell_num(o, jget(it, "participants"));
        md_cell_num(o, jget(it, "planned_participants"));
        md_cell(o, render_yes_no(jget(it, "completed")));
        buf_putc(o, '\n');
    }
    md_table_end(o);
}

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

/* A breakdown table; a suppressed cell says "färre än 5 svar" in every figure column. */
static void md_breakdown(Buf *o, const json_t *q, const char *key, const char *caption,
                         const char *first_col)
{
    const MdCol cols[] = {{first_col, 0}, {"Antal svar", 1}, {"Medelvärde", 1}, {"Andel", 1}};
    const char *type = jstr(q, "type");
    md_table_begin(o, caption, cols, NCOLS(cols));
    size_t i;
    const json_t *c;
    Buf t = {0};
    json_array_foreach(jget(q, key), i, c) {
        const char *name = !strcmp(key, "by_gender") ? render_gender_sv(jstr(c, "gender"))
                         : jstr(c, "name") ? jstr(c, "name") : "Organisation saknas";
        buf_putc(o, '|');
        md_cell(o, name);
        if (json_is_true(jget(c, "suppressed"))) {
            buf_puts(o, " färre än 5 svar | färre än 5 svar | färre än 5 svar |");
        } else {
            md_cell_num(o, jget(c, "responses"));
            md_cell_num(o, jget(c, "mean"));
            buf_clear(&t);
            text_share(&t, jget(c, "share_at_least"), type);
            md_cell(o, t.data);
        }
        buf_putc(o, '\n');
    }
    buf_free(&t);
    md_table_end(o);
}

static void md_surveys(Buf *o, const json_t *r, int level)
{
    static const MdCol cols[] = {
        {"Fråga", 0}, {"Frågetyp", 0}, {"Antal svar", 1}, {"Medelvärde", 1}, {"Andel", 1},
        {"Fördelning", 0},
    };
    if (jlen(r, "surveys") == 0) {
        md_note(o, "Inga enkäter under perioden.");
        return;
    }
    Buf t = {0};
    size_t i;
    const json_t *s;
    json_array_foreach(jget(r, "surveys"), i, s) {
        const char *title = jstr(s, "title") ? jstr(s, "title") : DASH;
        for (int l = 0; l < level; l++)
            buf_putc(o, '#');
        buf_putc(o, ' ');
        md_text(o, title);
        buf_puts(o, "\n\n");
        buf_clear(&t);
        buf_printf(&t, "%s, %s. Antal svar: ", render_label_sv("survey_kind", jstr(s, "kind")),
                   jstr(s, "date") ? jstr(s, "date") : DASH);
        render_number(&t, jget(s, "responses"));
        buf_puts(&t, ".");
        md_para(o, t.data);
        buf_clear(&t);
        buf_printf(&t, "Resultat per fråga: %s", title);
        md_table_begin(o, t.data, cols, NCOLS(cols));
        size_t j;
        const json_t *q;
        json_array_foreach(jget(s, "questions"), j, q) {
            buf_putc(o, '|');
            md_cell(o, jstr(q, "text"));
            md_cell(o, render_label_sv("question_type", jstr(q, "type")));
            md_cell_num(o, jget(q, "responses"));
            md_cell_num(o, jget(q, "mean"));
            buf_clear(&t);
            text_share(&t, jget(q, "share_at_least"), jstr(q, "type"));
            md_cell(o, t.data);
            buf_clear(&t);
            text_distribution(&t, q);
            md_cell(o, t.data);
            buf_putc(o, '\n');
        }
        md_table_end(o);
        json_array_foreach(jget(s, "questions"), j, q) {
            const char *text = jstr(q, "text") ? jstr(q, "text") : DASH;
            if (jlen(q, "by_organisation") > 0) {
                buf_clear(&t);
                buf_printf(&t, "Per organisation: %s", text);
                md_breakdown(o, q, "by_organisation", t.data, "Organisation");
            }
            if (jlen(q, "by_gender") > 0) {
                buf_clear(&t);
                buf_printf(&t, "Per kön: %s", text);
                md_breakdown(o, q, "by_gender", t.data, "Kön");
            }
        }
    }
    buf_free(&t);
    md_note(o, "Grupper med färre än 5 svar redovisas inte, så att inget svar kan spåras till en person.");
}

static void md_fig_survey_comparison(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {
        {"Fråga", 0}, {"Nollmätning antal svar", 1}, {"Nollmätning medelvärde", 1},
        {"Nollmätning andel", 1}, {"Uppföljning antal svar", 1}, {"Uppföljning medelvärde", 1},
        {"Uppföljning andel", 1}, {"Förändring, procentenheter", 1}, {"Kommentar", 0},
    };
    if (jlen(r, "survey_comparison") == 0) {
        md_note(o, "Ingen fråga har ställts i både en nollmätning och en uppföljning.");
        return;
    }
    md_table_begin(o, "Jämförelse mellan nollmätning och uppföljning", cols, NCOLS(cols));
    size_t i;
    const json_t *c;
    Buf t = {0};
    json_array_foreach(jget(r, "survey_comparison"), i, c) {
        static const char *const sides[] = {"baseline", "follow_up"};
        buf_putc(o, '|');
        md_cell(o, jstr(c, "text"));
        for (int side = 0; side < 2; side++) {
            const json_t *v = jget(c, sides[side]);
            md_cell_num(o, jget(v, "responses"));
            md_cell_num(o, jget(v, "mean"));
            md_cell_pct(o, jget(v, "percent"));
        }
        md_cell_num(o, jget(c, "change_percent"));
        buf_clear(&t);
        if (jstr(c, "refused"))
            buf_printf(&t, "Jämförs inte: %s", jstr(c, "refused"));
        md_cell(o, t.len ? t.data : NULL);
        buf_putc(o, '\n');
    }
    buf_free(&t);
    md_table_end(o);
}

static void md_fig_surveys_final(Buf *o, const json_t *r)
{
    md_surveys(o, r, 4);
    md_fig_survey_comparison(o, r);
}

static void md_fig_certificates(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {{"Organisation", 0}, {"Antal intyg", 1}, {"Antal personer", 1}};
    const json_t *c = jget(r, "certificates");
    buf_puts(o, "**Utfärdade intyg: ");
    render_number(o, jget(c, "count"));
    buf_puts(o, ", till ");
    render_number(o, jget(c, "people"));
    buf_puts(o, " personer.**\n\n");
    if (jlen(c, "by_organisation") == 0)
        return;
    md_table_begin(o, "Intyg per organisation", cols, NCOLS(cols));
    size_t i;
    const json_t *org;
    json_array_foreach(jget(c, "by_organisation"), i, org) {
        buf_putc(o, '|');
        md_cell(o, jstr(org, "name") ? jstr(org, "name") : "Organisation saknas");
        md_cell_num(o, jget(org, "count"));
        md_cell_num(o, jget(org, "people"));
        buf_putc(o, '\n');
    }
    md_table_end(o);
}

static void md_fig_groups(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {{"Grupp", 0}, {"Typ", 0}, {"Medlemmar", 1}};
    if (jlen(r, "groups") == 0) {
        md_note(o, "Projektet har inga grupper registrerade.");
        return;
    }
    const char *to = jstr(jget(r, "period"), "to");
    Buf t = {0};
    buf_printf(&t, "Grupper och antal medlemmar den %s", to ? to : DASH);
    md_table_begin(o, t.data, cols, NCOLS(cols));
    size_t i;
    const json_t *g;
    json_array_foreach(jget(r, "groups"), i, g) {
        const json_t *m = jget(g, "members");
        buf_putc(o, '|');
        md_cell(o, jstr(g, "name"));
        md_cell(o, render_label_sv("group_kind", jstr(g, "kind")));
        if (json_is_array(m)) {
            buf_clear(&t);
            size_t k;
            const json_t *p;
            json_array_foreach(m, k, p)
                buf_printf(&t, "%s%s", k ? ", " : "", jname(p) ? jname(p) : DASH);
            md_cell(o, t.data);
        } else {
            md_cell_num(o, m);
        }
        buf_putc(o, '\n');
    }
    buf_free(&t);
    md_table_end(o);
}

static void md_fig_results(Buf *o, const json_t *r)
{
    md_fig_participants(o, r);
    md_fig_interventions(o, r);
}

static void md_meetings(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {{"Datum", 0}, {"Möte", 0}, {"Grupp", 0}, {"Status", 0}};
    buf_puts(o, "Genomförda möten: ");
    render_number(o, jget(r, "meetings_held"));
    buf_puts(o, ".\n\n");
    if (jlen(r, "meetings") == 0)
        return;
    md_table_begin(o, "Möten", cols, NCOLS(cols));
    size_t i;
    const json_t *m;
    json_array_foreach(jget(r, "meetings"), i, m) {
        buf_putc(o, '|');
        md_cell(o, jstr(m, "date"));
        md_cell(o, jstr(m, "title"));
        md_cell(o, jname(jget(m, "group")));
        md_cell(o, render_label_sv("meeting_status", jstr(m, "status")));
        buf_putc(o, '\n');
    }
    md_table_end(o);
}

static void md_dissemination(Buf *o, const json_t *r)
{
    static const MdCol cols[] = {{"Datum", 0}, {"Kanal", 0}, {"Titel", 0}, {"Målgrupp", 0}};
    if (jlen(r, "dissemination") == 0) {
        md_note(o, "Ingen informationsspridning har registrerats.");
        return;
    }
    md_table_begin(o, "Informationsspridning", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "dissemination"), i, d) {
        buf_putc(o, '|');
        md_cell(o, jstr(d, "date"));
        md_cell(o, render_label_sv("channel", jstr(d, "channel")));
        md_cell(o, jstr(d, "title"));
        md_cell(o, jstr(d, "audience"));
        buf_putc(o, '\n');
    }
    md_table_end(o);
}

/* ---- The funder's form ---- */

typedef void (*MdFigure)(Buf *o, const json_t *r);

typedef struct MdSection {
    const char *section;
    MdFigure figures;
} MdSection;

/* Which figures stand beside which question (docs/report-format.md, "questions[]"). */
static const MdSection md_lagesrapport_figures[] = {
    {"aktiviteter", md_fig_activities},
    {"organisationer", md_fig_organisations},
    {"deltagare", md_fig_participants},
    {"maluppfyllelse", md_fig_goals},
    {"budget", md_fig_budget},
    {"avvikelser", md_fig_deviations},
    {"avvikelser_meddelade", md_fig_deviations_reported},
    {"avvikelser_atgarder", md_fig_deviation_measures},
    {NULL, NULL},
};

static const MdSection md_slutrapport_figures[] = {
    {"resultat", md_fig_results},
    {"mal", md_fig_goals},
    {"enkater", md_fig_surveys_final},
    {"intyg", md_fig_certificates},
    {"grupper", md_fig_groups},
    {"avvikelser_atgarder", md_fig_deviations_final},
    {NULL, NULL},
};

/* Each question as "### question" under its "## heading", the answer as the user wrote it
 * (it is Markdown already), then its figures. */
static void md_questions(Buf *o, const json_t *r, const MdSection *figs, const char *no_answer)
{
    const char *open = NULL;
    size_t i;
    const json_t *q;
    json_array_foreach(jget(r, "questions"), i, q) {
        const char *heading = jstr(q, "heading") ? jstr(q, "heading") : "";
        if (!open || strcmp(open, heading) != 0) {
            buf_puts(o, "## ");
            md_text(o, heading);
            buf_puts(o, "\n\n");
            open = heading;
        }
        buf_puts(o, "### ");
        md_text(o, jstr(q, "question"));
        buf_puts(o, "\n\n");
        const char *answer = jstr(q, "answer");
        if (answer && *answer) {
            size_t n = strlen(answer);
            while (n > 0 && (answer[n - 1] == '\n' || answer[n - 1] == ' '))
                n--;
            buf_append(o, answer, n);
            buf_puts(o, "\n\n");
        } else {
            md_note(o, no_answer);
        }
        const char *sec = jstr(q, "section");
        for (const MdSection *f = figs; sec && f->section; f++)
            if (!strcmp(f->section, sec))
                f->figures(o, r);
    }
}

static int md_check_report(const json_t *r, Errs *errs)
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

static int md_lagesrapport(const json_t *r, Buf *o, Errs *errs)
{
    if (md_check_report(r, errs) != INSATS_OK)
        return INSATS_EINPUT;
    md_header(o, r, "Lägesrapport");
    md_questions(o, r, md_lagesrapport_figures, "Inget svar har skrivits för perioden.");
    buf_puts(o, "## Sammanställning av aktiviteter/utbildningar\n\n");
    md_fig_interventions(o, r);
    buf_puts(o, "## Enkäter\n\n");
    md_surveys(o, r, 3);
    buf_puts(o, "## Möten under perioden\n\n");
    md_meetings(o, r);
    buf_puts(o, "## Informationsspridning\n\n");
    md_dissemination(o, r);
    return INSATS_OK;
}

static int md_slutrapport(const json_t *r, Buf *o, Errs *errs)
{
    if (md_check_report(r, errs) != INSATS_OK)
        return INSATS_EINPUT;
    md_header(o, r, "Slutrapport");
    md_questions(o, r, md_slutrapport_figures, "Inget svar har skrivits.");
    buf_puts(o, "## Möten\n\n");
    md_meetings(o, r);
    buf_puts(o, "## Informationsspridning\n\n");
    md_dissemination(o, r);
    return INSATS_OK;
}

/* ---- Minutes ---- */

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

static size_t md_attendees(Buf *o, const json_t *m, const char *s1, const char *s2, int show_status)
{
    size_t n = 0, i;
    const json_t *a;
    Buf t = {0};
    json_array_foreach(jget(m, "attendees"), i, a) {
        const char *st = jstr(a, "status");
        if (!st || (strcmp(st, s1) != 0 && (!s2 || strcmp(st, s2) != 0)))
            continue;
        n++;
        buf_clear(&t);
        buf_puts(&t, jstr(a, "name") ? jstr(a, "name") : DASH);
        if (jstr(a, "organisation"))
            buf_printf(&t, ", %s", jstr(a, "organisation"));
        if (show_status)
            buf_printf(&t, " (%s)", render_label_sv("attendee_status", st));
        buf_puts(o, "- ");
        md_line_text(o, t.data);
        buf_putc(o, '\n');
    }
    buf_free(&t);
    if (n)
        buf_putc(o, '\n');
    return n;
}

static int md_minutes(const json_t *r, Buf *o, Errs *errs)
{
    const json_t *m = jget(r, "meeting");
    if (!json_is_object(m) || !jstr(m, "title") || !jstr(m, "date")) {
        errs_add(errs, "minutes JSON: \"meeting\" with \"title\" and \"date\" is missing; produce "
                       "it with `insats report minutes --meeting ID --format json`");
        return INSATS_EINPUT;
    }
    const json_t *p = jget(r, "project");
    const char *group = jname(jget(m, "group"));
    Buf t = {0};
    buf_puts(o, "# Minnesanteckningar från ");
    md_text(o, group ? group : jstr(m, "title"));
    buf_puts(o, "\n\n");
    if (group)
        md_para(o, jstr(m, "title"));
    if (jstr(p, "name")) {
        buf_printf(&t, "Projekt: %s (diarienummer %s)", jstr(p, "name"),
                   jstr(p, "diarienummer") ? jstr(p, "diarienummer") : DASH);
        md_para(o, t.data);
        buf_clear(&t);
    }
    md_meta(o, "Dag", jstr(m, "date"));
    text_time_range(&t, jstr(m, "start"), jstr(m, "end"));
    md_meta(o, "Tid", t.data);
    buf_clear(&t);
    md_meta(o, "Plats", jstr(m, "place"));
    md_meta(o, "Anteckningar förda av", jstr(m, "notes_by"));
    buf_putc(o, '\n');
    const char *status = jstr(m, "status");
    if (status && !strcmp(status, "cancelled")) {
        buf_printf(&t, "Mötet ställdes in. %s", jstr(m, "cancel_reason") ? jstr(m, "cancel_reason") : "");
        md_para(o, t.data);
        buf_clear(&t);
    }
    buf_puts(o, "## Närvarande\n\n");
    if (md_attendees(o, m, "present", NULL, 0) == 0)
        md_note(o, "Ingen närvaro är registrerad.");
    buf_puts(o, "## Frånvarande/anmält förhinder\n\n");
    if (md_attendees(o, m, "absent", "excused", 1) == 0)
        md_note(o, "Ingen.");
    buf_puts(o, "## Dagordning\n\n");
    if (jlen(m, "agenda") == 0)
        md_note(o, "Ingen dagordning är registrerad.");
    size_t i;
    const json_t *item;
    json_array_foreach(jget(m, "agenda"), i, item) {
        const json_t *num = jget(item, "number");
        long long n = json_is_integer(num) ? (long long)json_integer_value(num) : (long long)i + 1;
        buf_printf(o, "### %lld. ", n);
        md_text(o, jstr(item, "title"));
        buf_puts(o, "\n\n");
        if (jstr(item, "presenter")) {
            buf_printf(&t, "Föredragande: %s", jstr(item, "presenter"));
            md_para(o, t.data);
            buf_clear(&t);
        }
        const char *notes = jstr(item, "notes");
        if (notes && *notes) {
            buf_puts(o, notes);   /* notes are Markdown, as narratives */
            buf_puts(o, "\n\n");
        }
        size_t k;
        const json_t *dec;
        json_array_foreach(jget(item, "decisions"), k, dec) {
            buf_puts(o, "**Beslut:** ");
            md_text(o, jname(dec));
            buf_puts(o, "\n\n");
        }
    }
    buf_puts(o, "## Åtgärder\n\n");
    if (jlen(m, "actions") == 0) {
        md_note(o, "Inga åtgärder.");
    } else {
        static const MdCol cols[] = {{"Åtgärd", 0}, {"Ansvarig", 0}, {"Klart senast", 0}, {"Status", 0}};
        md_table_begin(o, "Åtgärder från mötet", cols, NCOLS(cols));
        const json_t *a;
        json_array_foreach(jget(m, "actions"), i, a) {
            buf_putc(o, '|');
            md_cell(o, jstr(a, "text"));
            md_cell(o, jstr(a, "owner"));
            md_cell(o, jstr(a, "due"));
            md_cell(o, render_label_sv("action_status", jstr(a, "status")));
            buf_putc(o, '\n');
        }
        md_table_end(o);
    }
    buf_puts(o, "## Nästa möte\n\n");
    const json_t *next = jget(r, "next_meeting");
    if (json_is_object(next)) {
        buf_puts(&t, jstr(next, "date") ? jstr(next, "date") : DASH);
        if (jstr(next, "start")) {
            buf_puts(&t, " kl. ");
            text_time_range(&t, jstr(next, "start"), jstr(next, "end"));
        }
        if (jstr(next, "place"))
            buf_printf(&t, ", %s", jstr(next, "place"));
        md_para(o, t.data);
    } else {
        md_note(o, "Inget nästa möte är planerat.");
    }
    buf_free(&t);
    return INSATS_OK;
}

/* Dispatches on "report"; out is appended to only when the whole document succeeded. The
 * document ends with exactly one newline. */
int render_md(const json_t *report, Buf *out, Errs *errs)
{
    const char *kind = jstr(report, "report");
    Buf o = {0};
    int rc;
    if (!kind) {
        errs_add(errs, "report JSON: the key \"report\" is missing (lagesrapport, slutrapport or minutes)");
        return INSATS_EINPUT;
    }
    if (!strcmp(kind, "lagesrapport"))
        rc = md_lagesrapport(report, &o, errs);
    else if (!strcmp(kind, "slutrapport"))
        rc = md_slutrapport(report, &o, errs);
    else if (!strcmp(kind, "minutes"))
        rc = md_minutes(report, &o, errs);
    else {
        errs_add(errs, "report JSON: \"report\" is \"%s\", not lagesrapport, slutrapport or minutes", kind);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK) {
        while (o.len > 0 && o.data[o.len - 1] == '\n')
            o.data[--o.len] = '\0';
        buf_append(out, o.data, o.len);
        buf_putc(out, '\n');
    }
    buf_free(&o);
    return rc;
}
