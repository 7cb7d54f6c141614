/* html.c — a report JSON (docs/report-format.md) as one standalone, printable and accessible HTML
 * document: the lägesrapport, the slutrapport and meeting minutes. Lays out, computes nothing;
 * every byte of data goes through escape.c. */
#include "render.h"

#include <string.h>

#include "escape.h"

#define DASH "\xe2\x80\x93"

/* ---- JSON access: absent or mistyped values read as NULL so that the layout shows "–" ---- */

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const json_t *jget(const json_t *o, const char *key) { return json_object_get(o, key); }

/* Array length, 0 for anything that is not an array. */
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

/* ---- Building blocks ---- */

typedef struct HtmlCol {
    const char *label;
    int num;            /* right-aligned figure column */
} HtmlCol;

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* Opens a table with its caption (plain text, escaped here) and one header row. */
static void html_table_begin(Buf *o, const char *caption, const HtmlCol *cols, size_t n)
{
    esc_printf(o, "<table>\n<caption>%s</caption>\n<thead><tr>", caption);
    for (size_t i = 0; i < n; i++) {
        if (cols[i].num)
            esc_printf(o, "<th scope=\"col\" class=\"num\">%s</th>", cols[i].label);
        else
            esc_printf(o, "<th scope=\"col\">%s</th>", cols[i].label);
    }
    esc_raw_literal(o, "</tr></thead>\n<tbody>\n");
}

static void html_table_end(Buf *o) { esc_raw_literal(o, "</tbody>\n</table>\n"); }

static void html_th_row(Buf *o, const char *s)
{
    esc_printf(o, "<th scope=\"row\">%s</th>", s ? s : DASH);
}

static void html_td(Buf *o, const char *s) { esc_printf(o, "<td>%s</td>", s ? s : DASH); }

/* Figure cells: render_* writes only digits, no-break spaces, commas, signs, "kr", "%" and "–",
 * none of which needs escaping. */
static void html_td_num(Buf *o, const json_t *v)
{
    esc_raw_literal(o, "<td class=\"num\">");
    render_number(o, v);
    esc_raw_literal(o, "</td>");
}

static void html_td_pct(Buf *o, const json_t *v)
{
    esc_raw_literal(o, "<td class=\"num\">");
    render_percent(o, v);
    esc_raw_literal(o, "</td>");
}

static void html_missing(Buf *o, const char *text)
{
    esc_printf(o, "<p class=\"missing\">%s</p>\n", text);
}

/* A <figure> slot for a chart, only when the chart module has installed its callback and it
 * produced something: the tables beside it carry the same figures as text. */
static void html_chart(Buf *o, const json_t *r, const char *name, const char *caption)
{
    if (!render_chart_svg)
        return;
    Buf svg = {0};
    if (render_chart_svg(&svg, r, name) == 0 && svg.len > 0) {
        esc_printf(o, "<figure class=\"chart\" id=\"diagram-%s\">\n", name);
        buf_append(o, svg.data, svg.len);   /* the chart module's own escaped SVG */
        esc_printf(o, "\n<figcaption>%s</figcaption>\n</figure>\n", caption);
    }
    buf_free(&svg);
}

/* "2012-10-01 – 2012-12-31", or one date when both are the same. Plain text into t. */
static void text_range(Buf *t, const char *from, const char *to)
{
    buf_puts(t, from ? from : DASH);
    if (to && (!from || strcmp(from, to) != 0)) {
        buf_puts(t, " " DASH " ");
        buf_puts(t, to);
    }
}

/* "minst 1 300" / "högst 4,5 %": a goal's target in words, as plain text. */
static void text_goal_value(Buf *t, const json_t *g, const json_t *v)
{
    const char *unit = jstr(g, "unit");
    if (unit && !strcmp(unit, "percent"))
        render_percent(t, v);
    else
        render_number(t, v);
}

/* ---- Document frame ---- */

static void html_begin(Buf *o, const char *title)
{
    esc_raw_literal(o, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    esc_printf(o, "<title>%s</title>\n", title);
    /* Black on white and dark greys only (contrast above 7:1); states are always written out
     * in words, never shown by colour alone. */
    esc_raw_literal(o,
        "<style>\n"
        "body{font-family:\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;color:#1b1b1b;"
        "background:#fff;line-height:1.45;max-width:62rem;margin:2rem auto;padding:0 1rem}\n"
        "h1{font-size:1.9rem;margin:0 0 .6rem}\n"
        "h2{font-size:1.4rem;border-bottom:2px solid #1b1b1b;padding-bottom:.15rem;margin-top:2.4rem}\n"
        "h3{font-size:1.15rem;margin-top:1.8rem}\n"
        "h4,h5,h6{font-size:1rem;margin-top:1.2rem}\n"
        "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1.2rem;margin:0}\n"
        "dl.meta dt{font-weight:bold}\n"
        "dl.meta dd{margin:0}\n"
        "table{border-collapse:collapse;width:100%;margin:.6rem 0 1.4rem;font-size:.92rem}\n"
        "caption{caption-side:top;text-align:left;font-weight:bold;padding:0 0 .3rem}\n"
        "th,td{border:1px solid #5a5a5a;padding:.25rem .45rem;text-align:left;vertical-align:top}\n"
        "thead th{background:#e6e6e6}\n"
        "tbody th{font-weight:normal}\n"
        ".num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
        "tr.total th,tr.total td{font-weight:bold;border-top:2px solid #1b1b1b}\n"
        ".desc{font-size:.88rem;color:#3d3d3d}\n"
        ".missing,.suppressed,.note{font-style:italic;color:#3d3d3d}\n"
        ".verdict{font-weight:bold}\n"
        ".answer{margin-bottom:.8rem}\n"
        "figure.chart{margin:1rem 0}\n"
        "figure.chart svg{max-width:100%;height:auto}\n"
        "footer{margin-top:3rem;padding-top:.4rem;border-top:1px solid #5a5a5a;font-size:.85rem}\n"
        "@media print{\n"
        "@page{size:A4;margin:18mm 16mm 20mm}\n"
        "body{max-width:none;margin:0;padding:0;font-size:10pt}\n"
        "h2{break-before:page;page-break-before:always}\n"
        "main>section:first-child>h2{break-before:auto;page-break-before:auto}\n"
        "h2,h3,h4,h5,caption{break-after:avoid;page-break-after:avoid}\n"
        "thead{display:table-header-group}\n"
        "tr,figure{break-inside:avoid;page-break-inside:avoid}\n"
        "a{color:inherit}\n"
        "}\n"
        "</style>\n</head>\n<body>\n");
}

static void html_end(Buf *o, const char *generated)
{
    esc_raw_literal(o, "<footer>\n");
    if (generated)
        esc_printf(o, "<p>Framtagen %s med insats. Alla siffror är beräknade ur projektets "
                      "registrerade uppgifter.</p>\n", generated);
    else
        esc_raw_literal(o, "<p>Framtagen med insats.</p>\n");
    esc_raw_literal(o, "</footer>\n</body>\n</html>\n");
}

/* One term of the header's description list; value is plain text. */
static void html_meta(Buf *o, const char *term, const char *value)
{
    esc_printf(o, "<dt>%s</dt><dd>%s</dd>\n", term, value && *value ? value : DASH);
}

/* The report header: h1 and the facts the funder's form asks for on its first lines. */
static void html_report_header(Buf *o, const json_t *r, const char *kind_title)
{
    const json_t *p = jget(r, "project");
    const json_t *per = jget(r, "period");
    Buf t = {0};
    esc_raw_literal(o, "<header>\n");
    esc_printf(o, "<h1>%s</h1>\n<dl class=\"meta\">\n", kind_title);
    html_meta(o, "Projektnamn", jstr(p, "name"));
    html_meta(o, "Diarienummer", jstr(p, "diarienummer"));
    if (!strcmp(kind_title, "Lägesrapport")) {
        html_meta(o, "Redovisnings-ID", jstr(r, "redovisnings_id"));
        text_range(&t, jstr(per, "from"), jstr(per, "to"));
        if (json_is_integer(jget(per, "number")))
            buf_printf(&t, " (period %lld)", (long long)json_integer_value(jget(per, "number")));
        html_meta(o, "Redovisningsperiod", t.data);
        buf_clear(&t);
    }
    html_meta(o, "Projektägare", jname(jget(p, "owner")));
    text_range(&t, jstr(p, "start"), jstr(p, "end"));
    html_meta(o, "Projektperiod", t.data);
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
        html_meta(o, "Status", t.data);
        buf_clear(&t);
    }
    html_meta(o, "Framtagen", jstr(r, "generated"));
    esc_raw_literal(o, "</dl>\n</header>\n");
    buf_free(&t);
}

/* ---- Figures beside the funder's questions ---- */

static const char *intervention_title(const json_t *r, const char *id)
{
    const json_t *list = jget(r, "interventions");
    size_t i;
    const json_t *it;
    if (!id)
        return NULL;
    json_array_foreach(list, i, it) {
        const char *iid = jstr(it, "id");
        if (iid && !strcmp(iid, id))
            return jstr(it, "title");
    }
    return id;
}

static void html_fig_activities(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {
        {"Aktivitet", 0}, {"Typ", 0}, {"Insats", 0}, {"Status", 0}, {"Datum", 0},
        {"Timmar", 1}, {"Deltagare", 1}, {"Planerat antal deltagare", 1},
    };
    if (jlen(r, "activities") == 0) {
        html_missing(o, "Inga aktiviteter under perioden.");
        return;
    }
    html_table_begin(o, "Aktiviteter under perioden", cols, NCOLS(cols));
    size_t i;
    const json_t *a;
    Buf t = {0};
    json_array_foreach(jget(r, "activities"), i, a) {
        esc_raw_literal(o, "<tr>");
        html_th_row(o, jstr(a, "title"));
        html_td(o, render_label_sv("activity_kind", jstr(a, "kind")));
        html_td(o, intervention_title(r, jstr(a, "intervention")));
        html_td(o, render_label_sv("activity_status", jstr(a, "status")));
        buf_clear(&t);
        text_range(&t, jstr(a, "first_date"), jstr(a, "last_date"));
        html_td(o, t.data);
        html_td_num(o, jget(a, "hours"));
        html_td_num(o, jget(a, "participants"));
        html_td_num(o, jget(a, "planned_participants"));
        esc_raw_literal(o, "</tr>\n");
    }
    buf_free(&t);
    html_table_end(o);
}

static void html_fig_organisations(Buf *o, const json_t *r)
{
    if (jlen(r, "organisations") == 0) {
        html_missing(o, "Inga organisationer har deltagit under perioden.");
        return;
    }
    esc_raw_literal(o, "<ul class=\"organisations\">\n");
    size_t i;
    const json_t *v;
    json_array_foreach(jget(r, "organisations"), i, v)
        esc_printf(o, "<li>%s</li>\n", jname(v));
    esc_raw_literal(o, "</ul>\n");
}

/* Participants by gender, in the period and accumulated, with the previously reported
 * accumulated figures beside them when the report has them, and the planned total. */
static void html_fig_participants(Buf *o, const json_t *r)
{
    static const char *const keys[] = {"women", "men", "other", "total"};
    const json_t *pa = jget(r, "participants");
    const json_t *prev = jget(r, "previously_reported");
    int has_prev = json_is_object(prev);
    Buf t = {0};

    HtmlCol cols[5] = {{"Kön", 0}, {"Under perioden", 1}, {"Ackumulerat", 1}};
    size_t n = 3;
    if (has_prev) {
        buf_printf(&t, "Tidigare redovisat, ackumulerat t.o.m. period %lld",
                   (long long)json_integer_value(jget(prev, "period")));
        cols[n++] = (HtmlCol){t.data, 1};
    }
    cols[n++] = (HtmlCol){"Planerat enligt ansökan", 1};
    html_table_begin(o, "Deltagare per kön: under perioden, ackumulerat och planerat", cols, n);
    for (size_t k = 0; k < NCOLS(keys); k++) {
        int total = !strcmp(keys[k], "total");
        if (total)
            esc_raw_literal(o, "<tr class=\"total\">");
        else
            esc_raw_literal(o, "<tr>");
        html_th_row(o, render_gender_sv(keys[k]));
        html_td_num(o, jget(jget(pa, "period"), keys[k]));
        html_td_num(o, jget(jget(pa, "accumulated"), keys[k]));
        if (has_prev)
            html_td_num(o, jget(jget(prev, "participants_accumulated"), keys[k]));
        html_td_num(o, total ? jget(pa, "planned") : NULL);
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
    if (has_prev)
        esc_printf(o, "<p class=\"note\">Tidigare redovisat: siffrorna i den frysta rapporten för "
                      "period %lld (fryst %s).</p>\n",
                   (long long)json_integer_value(jget(prev, "period")),
                   jstr(prev, "frozen_at") ? jstr(prev, "frozen_at") : DASH);

    const json_t *h = jget(r, "participant_hours");
    if (json_is_object(h)) {
        HtmlCol hc[4] = {{"Mått", 0}, {"Under perioden", 1}, {"Ackumulerat", 1}};
        size_t hn = 3;
        if (has_prev)
            hc[hn++] = (HtmlCol){t.data, 1};
        html_table_begin(o, "Deltagartimmar och värdet av deltagarnas tid", hc, hn);
        esc_raw_literal(o, "<tr>");
        html_th_row(o, "Deltagartimmar");
        html_td_num(o, jget(h, "period"));
        html_td_num(o, jget(h, "accumulated"));
        if (has_prev)
            html_td_num(o, jget(prev, "participant_hours_accumulated"));
        esc_raw_literal(o, "</tr>\n<tr>");
        html_th_row(o, "Värde av deltagarnas tid (kr)");
        html_td_num(o, jget(h, "value_period"));
        html_td_num(o, jget(h, "value_accumulated"));
        if (has_prev)
            html_td_num(o, NULL);
        esc_raw_literal(o, "</tr>\n");
        html_table_end(o);
    }
    buf_free(&t);

    if (jlen(pa, "by_organisation") > 0) {
        /* Two header rows: the period and the accumulated figures each span four columns. */
        esc_raw_literal(o, "<table>\n<caption>Deltagare per organisation och kön</caption>\n<thead>\n"
                           "<tr><th scope=\"col\" rowspan=\"2\">Organisation</th>"
                           "<th scope=\"colgroup\" colspan=\"4\">Under perioden</th>"
                           "<th scope=\"colgroup\" colspan=\"4\">Ackumulerat</th></tr>\n<tr>");
        for (int g = 0; g < 2; g++)
            for (size_t k = 0; k < NCOLS(keys); k++)
                esc_printf(o, "<th scope=\"col\" class=\"num\">%s</th>", render_gender_sv(keys[k]));
        esc_raw_literal(o, "</tr>\n</thead>\n<tbody>\n");
        size_t i;
        const json_t *org;
        json_array_foreach(jget(pa, "by_organisation"), i, org) {
            esc_raw_literal(o, "<tr>");
            html_th_row(o, jstr(org, "name"));
            for (size_t k = 0; k < NCOLS(keys); k++)
                html_td_num(o, jget(jget(org, "period"), keys[k]));
            for (size_t k = 0; k < NCOLS(keys); k++)
                html_td_num(o, jget(jget(org, "accumulated"), keys[k]));
            esc_raw_literal(o, "</tr>\n");
        }
        html_table_end(o);
    }
    html_chart(o, r, "participants_by_month", "Deltagare per månad under perioden");
    html_chart(o, r, "participants_by_organisation", "Deltagare per organisation");
}

static void html_fig_goals(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {
        {"Delmål", 0}, {"Mätbart mål", 1}, {"Uppnått mål", 1}, {"Uppfyllt", 0}, {"Mått och källa", 0},
    };
    if (jlen(r, "goals") == 0) {
        html_missing(o, "Projektet har inga delmål registrerade.");
        return;
    }
    const char *to = jstr(jget(r, "period"), "to");
    Buf cap = {0}, t = {0};
    buf_printf(&cap, "Delmål: mätbart mål och uppnått mål den %s", to ? to : DASH);
    html_table_begin(o, cap.data, cols, NCOLS(cols));
    size_t i;
    const json_t *g;
    json_array_foreach(jget(r, "goals"), i, g) {
        esc_printf(o, "<tr><th scope=\"row\">%s", jstr(g, "title") ? jstr(g, "title") : DASH);
        if (jstr(g, "description"))
            esc_printf(o, "<div class=\"desc\">%s</div>", jstr(g, "description"));
        esc_raw_literal(o, "</th>");
        const char *cmp = jstr(g, "comparison");
        buf_clear(&t);
        buf_puts(&t, cmp && !strcmp(cmp, "<=") ? "högst " : "minst ");
        text_goal_value(&t, g, jget(g, "target"));
        esc_printf(o, "<td class=\"num\">%s</td>", t.data);
        buf_clear(&t);
        text_goal_value(&t, g, jget(g, "achieved"));
        esc_printf(o, "<td class=\"num\">%s</td>", t.data);
        html_td(o, render_yes_no(jget(g, "met")));
        buf_clear(&t);
        buf_puts(&t, render_label_sv("measure", jstr(g, "measure")));
        if (jstr(g, "source"))
            buf_printf(&t, "; källa: %s", jstr(g, "source"));
        else
            buf_puts(&t, "; beräknat ur registrerade uppgifter");
        html_td(o, t.data);
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
    buf_free(&cap);
    buf_free(&t);
}

/* Budget and outcome per category, totals, the previously reported accumulated figures and
 * the on-budget verdict with its tolerance. */
static void html_fig_budget(Buf *o, const json_t *r)
{
    const json_t *b = jget(r, "budget");
    const json_t *prev = jget(r, "previously_reported");
    int has_prev = json_is_object(prev);
    if (!json_is_object(b)) {
        html_missing(o, "Projektet har ingen budget registrerad.");
        return;
    }
    const json_t *ver = jget(b, "version");
    if (json_is_object(ver))
        esc_printf(o, "<p>Budgetversion: %s (%s).</p>\n", jstr(ver, "name") ? jstr(ver, "name") : DASH,
                   jstr(ver, "date") ? jstr(ver, "date") : DASH);
    HtmlCol cols[7] = {
        {"Kostnadskategori", 0}, {"Budget under perioden", 1}, {"Utfall under perioden", 1},
        {"Budget ackumulerat", 1}, {"Utfall ackumulerat", 1},
    };
    size_t n = 5;
    if (has_prev) {
        cols[n++] = (HtmlCol){"Tidigare redovisat: budget ackumulerat", 1};
        cols[n++] = (HtmlCol){"Tidigare redovisat: utfall ackumulerat", 1};
    }
    html_table_begin(o, "Budget och utfall per kostnadskategori, kronor", cols, n);
    size_t i;
    const json_t *c;
    json_array_foreach(jget(b, "by_category"), i, c) {
        esc_raw_literal(o, "<tr>");
        html_th_row(o, jstr(c, "name"));
        html_td_num(o, jget(jget(c, "period"), "planned"));
        html_td_num(o, jget(jget(c, "period"), "actual"));
        html_td_num(o, jget(jget(c, "accumulated"), "planned"));
        html_td_num(o, jget(jget(c, "accumulated"), "actual"));
        if (has_prev) {
            html_td_num(o, NULL);
            html_td_num(o, NULL);
        }
        esc_raw_literal(o, "</tr>\n");
    }
    esc_raw_literal(o, "<tr class=\"total\">");
    html_th_row(o, "Totalt");
    html_td_num(o, jget(jget(b, "period"), "planned"));
    html_td_num(o, jget(jget(b, "period"), "actual"));
    html_td_num(o, jget(jget(b, "accumulated"), "planned"));
    html_td_num(o, jget(jget(b, "accumulated"), "actual"));
    if (has_prev) {
        html_td_num(o, jget(jget(prev, "budget_accumulated"), "planned"));
        html_td_num(o, jget(jget(prev, "budget_accumulated"), "actual"));
    }
    esc_raw_literal(o, "</tr>\n");
    html_table_end(o);

    /* The tolerance is stored as a fraction; showing it as a percentage is formatting only. */
    const json_t *tol = jget(b, "tolerance");
    json_t *tol_pct = json_is_number(tol) ? json_real(json_number_value(tol) * 100.0) : json_null();
    Buf t = {0};
    buf_printf(&t, "Inom budget: %s. Ackumulerat utfall avviker ", render_yes_no(jget(b, "on_budget")));
    render_percent(&t, jget(b, "deviation_percent"));
    buf_puts(&t, " från ackumulerad budget (tolerans ±");
    render_percent(&t, tol_pct);
    buf_puts(&t, ").");
    esc_printf(o, "<p class=\"verdict\">%s</p>\n", t.data);
    buf_free(&t);
    json_decref(tol_pct);
    html_chart(o, r, "budget_by_category", "Budget och utfall per kostnadskategori");
}

static void html_answer_word(Buf *o, const char *word)
{
    esc_printf(o, "<p class=\"verdict\">Svar: %s</p>\n", word);
}

static void html_fig_deviations(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {{"Datum", 0}, {"Område", 0}, {"Beskrivning", 0}};
    if (jlen(r, "deviations") == 0) {
        html_answer_word(o, "NEJ");
        return;
    }
    html_answer_word(o, "JA");
    html_table_begin(o, "Avvikelser under perioden", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "deviations"), i, d) {
        esc_raw_literal(o, "<tr>");
        html_td(o, jstr(d, "date"));
        html_td(o, render_label_sv("deviation_area", jstr(d, "area")));
        html_th_row(o, jstr(d, "description"));
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
}

static void html_fig_deviations_reported(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {{"Avvikelse", 0}, {"Meddelad ESF-rådet", 0}, {"Datum", 0}};
    if (jlen(r, "deviations") == 0) {
        html_missing(o, "Ej aktuellt: inga avvikelser under perioden.");
        return;
    }
    html_table_begin(o, "Avvikelser meddelade till ansvarig samordnare på ESF-rådet", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "deviations"), i, d) {
        const json_t *rep = jget(d, "reported_to_funder");
        esc_raw_literal(o, "<tr>");
        html_th_row(o, jstr(d, "description"));
        html_td(o, json_is_true(rep) ? "JA" : json_is_false(rep) ? "NEJ" : DASH);
        html_td(o, jstr(d, "reported_date"));
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
}

static void html_fig_deviation_measures(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {{"Avvikelse", 0}, {"Åtgärder", 0}};
    if (jlen(r, "deviations") == 0) {
        html_missing(o, "Ej aktuellt: inga avvikelser under perioden.");
        return;
    }
    html_table_begin(o, "Åtgärder med anledning av avvikelserna", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "deviations"), i, d) {
        esc_raw_literal(o, "<tr>");
        html_th_row(o, jstr(d, "description"));
        html_td(o, jstr(d, "measures") ? jstr(d, "measures") : "Inga åtgärder angivna");
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
}

/* The slutrapport's deviations: everything about each in one table, then the budget. */
static void html_fig_deviations_final(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {
        {"Datum", 0}, {"Område", 0}, {"Avvikelse", 0}, {"Meddelad ESF-rådet", 0}, {"Åtgärder", 0},
    };
    if (jlen(r, "deviations") == 0) {
        html_missing(o, "Inga avvikelser har registrerats i projektet.");
    } else {
        html_table_begin(o, "Avvikelser under projektet", cols, NCOLS(cols));
        size_t i;
        const json_t *d;
        Buf t = {0};
        json_array_foreach(jget(r, "deviations"), i, d) {
            esc_raw_literal(o, "<tr>");
            html_td(o, jstr(d, "date"));
            html_td(o, render_label_sv("deviation_area", jstr(d, "area")));
            html_th_row(o, jstr(d, "description"));
            buf_clear(&t);
            buf_puts(&t, render_yes_no(jget(d, "reported_to_funder")));
            if (jstr(d, "reported_date"))
                buf_printf(&t, " (%s)", jstr(d, "reported_date"));
            html_td(o, t.data);
            html_td(o, jstr(d, "measures"));
            esc_raw_literal(o, "</tr>\n");
        }
        buf_free(&t);
        html_table_end(o);
    }
    html_fig_budget(o, r);
}

/* The funder's table "Sammanställning av aktiviteter/utbildningar", one row per intervention. */
static void html_fig_interventions(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {
        {"Datum", 0}, {"Insats (aktivitet/utbildning/möte)", 0},
        {"Antal timmar (insatsens omfattning)", 1}, {"Antal deltagare", 1},
        {"Planerat antal deltagare", 1}, {"Slutförd insats Ja/Nej", 0},
    };
    if (jlen(r, "interventions") == 0) {
        html_missing(o, "Projektet har inga insatser registrerade.");
        return;
    }
    html_table_begin(o, "Sammanställning av aktiviteter/utbildningar", cols, NCOLS(cols));
    size_t i;
    const json_t *it;
    json_array_foreach(jget(r, "interventions"), i, it) {
        esc_raw_literal(o, "<tr>");
        html_td(o, jstr(it, "start"));
        html_th_row(o, jstr(it, "title"));
        html_td_num(o, jget(it, "hours"));
        html_td_num(o, jget(it, "participants"));
        html_td_num(o, jget(it, "planned_participants"));
        html_td(o, render_yes_no(jget(it, "completed")));
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
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

/* A breakdown (per organisation or per gender): suppressed cells say so and show no figure. */
static void html_breakdown(Buf *o, const json_t *q, const char *key, const char *caption,
                           const char *first_col)
{
    const HtmlCol cols[] = {{first_col, 0}, {"Antal svar", 1}, {"Medelvärde", 1}, {"Andel", 1}};
    const char *type = jstr(q, "type");
    html_table_begin(o, caption, cols, NCOLS(cols));
    size_t i;
    const json_t *c;
    Buf t = {0};
    json_array_foreach(jget(q, key), i, c) {
        const char *name = !strcmp(key, "by_gender") ? render_gender_sv(jstr(c, "gender"))
                         : jstr(c, "name") ? jstr(c, "name") : "Organisation saknas";
        esc_raw_literal(o, "<tr>");
        html_th_row(o, name);
        if (json_is_true(jget(c, "suppressed"))) {
            esc_raw_literal(o, "<td colspan=\"3\" class=\"suppressed\">färre än 5 svar</td>");
        } else {
            html_td_num(o, jget(c, "responses"));
            html_td_num(o, jget(c, "mean"));
            buf_clear(&t);
            text_share(&t, jget(c, "share_at_least"), type);
            esc_printf(o, "<td class=\"num\">%s</td>", t.data);
        }
        esc_raw_literal(o, "</tr>\n");
    }
    buf_free(&t);
    html_table_end(o);
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

/* Every survey of the report: a heading at `level`, a table of its questions and the
 * breakdowns per organisation and gender one level below. */
static void html_surveys(Buf *o, const json_t *r, int level)
{
    static const HtmlCol cols[] = {
        {"Fråga", 0}, {"Frågetyp", 0}, {"Antal svar", 1}, {"Medelvärde", 1}, {"Andel", 1},
        {"Fördelning", 0},
    };
    if (jlen(r, "surveys") == 0) {
        html_missing(o, "Inga enkäter under perioden.");
        return;
    }
    Buf t = {0};
    size_t i;
    const json_t *s;
    json_array_foreach(jget(r, "surveys"), i, s) {
        esc_printf(o, "<h%d>%s</h%d>\n", level, jstr(s, "title") ? jstr(s, "title") : DASH, level);
        buf_clear(&t);
        buf_printf(&t, "%s, %s. Antal svar: ", render_label_sv("survey_kind", jstr(s, "kind")),
                   jstr(s, "date") ? jstr(s, "date") : DASH);
        render_number(&t, jget(s, "responses"));
        buf_puts(&t, ".");
        esc_printf(o, "<p>%s</p>\n", t.data);
        buf_clear(&t);
        buf_printf(&t, "Resultat per fråga: %s", jstr(s, "title") ? jstr(s, "title") : DASH);
        html_table_begin(o, t.data, cols, NCOLS(cols));
        size_t j;
        const json_t *q;
        json_array_foreach(jget(s, "questions"), j, q) {
            esc_raw_literal(o, "<tr>");
            html_th_row(o, jstr(q, "text"));
            html_td(o, render_label_sv("question_type", jstr(q, "type")));
            html_td_num(o, jget(q, "responses"));
            html_td_num(o, jget(q, "mean"));
            buf_clear(&t);
            text_share(&t, jget(q, "share_at_least"), jstr(q, "type"));
            esc_printf(o, "<td class=\"num\">%s</td>", t.data);
            buf_clear(&t);
            text_distribution(&t, q);
            html_td(o, t.data);
            esc_raw_literal(o, "</tr>\n");
        }
        html_table_end(o);
        json_array_foreach(jget(s, "questions"), j, q) {
            if (jlen(q, "by_organisation") == 0 && jlen(q, "by_gender") == 0)
                continue;
            const char *text = jstr(q, "text") ? jstr(q, "text") : DASH;
            esc_printf(o, "<h%d>%s</h%d>\n", level + 1, text, level + 1);
            if (jlen(q, "by_organisation") > 0) {
                buf_clear(&t);
                buf_printf(&t, "Per organisation: %s", text);
                html_breakdown(o, q, "by_organisation", t.data, "Organisation");
            }
            if (jlen(q, "by_gender") > 0) {
                buf_clear(&t);
                buf_printf(&t, "Per kön: %s", text);
                html_breakdown(o, q, "by_gender", t.data, "Kön");
            }
        }
    }
    buf_free(&t);
    esc_raw_literal(o, "<p class=\"note\">Grupper med färre än 5 svar redovisas inte, så att inget "
                       "svar kan spåras till en person.</p>\n");
}

static void html_fig_survey_comparison(Buf *o, const json_t *r)
{
    if (jlen(r, "survey_comparison") == 0) {
        html_missing(o, "Ingen fråga har ställts i både en nollmätning och en uppföljning.");
        return;
    }
    esc_raw_literal(o, "<table>\n<caption>Jämförelse mellan nollmätning och uppföljning</caption>\n"
                       "<thead>\n<tr><th scope=\"col\" rowspan=\"2\">Fråga</th>"
                       "<th scope=\"colgroup\" colspan=\"3\">Nollmätning</th>"
                       "<th scope=\"colgroup\" colspan=\"3\">Uppföljning</th>"
                       "<th scope=\"col\" rowspan=\"2\" class=\"num\">Förändring, procentenheter</th>"
                       "<th scope=\"col\" rowspan=\"2\">Kommentar</th></tr>\n<tr>");
    for (int side = 0; side < 2; side++)
        esc_raw_literal(o, "<th scope=\"col\" class=\"num\">Antal svar</th>"
                           "<th scope=\"col\" class=\"num\">Medelvärde</th>"
                           "<th scope=\"col\" class=\"num\">Andel</th>");
    esc_raw_literal(o, "</tr>\n</thead>\n<tbody>\n");
    size_t i;
    const json_t *c;
    Buf t = {0};
    json_array_foreach(jget(r, "survey_comparison"), i, c) {
        esc_raw_literal(o, "<tr>");
        html_th_row(o, jstr(c, "text"));
        static const char *const sides[] = {"baseline", "follow_up"};
        for (int side = 0; side < 2; side++) {
            const json_t *v = jget(c, sides[side]);
            html_td_num(o, jget(v, "responses"));
            html_td_num(o, jget(v, "mean"));
            html_td_pct(o, jget(v, "percent"));
        }
        html_td_num(o, jget(c, "change_percent"));
        buf_clear(&t);
        if (jstr(c, "refused"))
            buf_printf(&t, "Jämförs inte: %s", jstr(c, "refused"));
        html_td(o, t.len ? t.data : NULL);
        esc_raw_literal(o, "</tr>\n");
    }
    buf_free(&t);
    html_table_end(o);
}

static void html_fig_surveys_final(Buf *o, const json_t *r)
{
    html_surveys(o, r, 4);
    html_fig_survey_comparison(o, r);
}

static void html_fig_certificates(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {{"Organisation", 0}, {"Antal intyg", 1}, {"Antal personer", 1}};
    const json_t *c = jget(r, "certificates");
    Buf t = {0};
    buf_puts(&t, "Utfärdade intyg: ");
    render_number(&t, jget(c, "count"));
    buf_puts(&t, ", till ");
    render_number(&t, jget(c, "people"));
    buf_puts(&t, " personer.");
    esc_printf(o, "<p class=\"verdict\">%s</p>\n", t.data);
    buf_free(&t);
    if (jlen(c, "by_organisation") == 0)
        return;
    html_table_begin(o, "Intyg per organisation", cols, NCOLS(cols));
    size_t i;
    const json_t *org;
    json_array_foreach(jget(c, "by_organisation"), i, org) {
        esc_raw_literal(o, "<tr>");
        html_th_row(o, jstr(org, "name") ? jstr(org, "name") : "Organisation saknas");
        html_td_num(o, jget(org, "count"));
        html_td_num(o, jget(org, "people"));
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
}

/* Members are a count in the contract; a list of names is shown as such should it come. */
static void html_fig_groups(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {{"Grupp", 0}, {"Typ", 0}, {"Medlemmar", 1}};
    if (jlen(r, "groups") == 0) {
        html_missing(o, "Projektet har inga grupper registrerade.");
        return;
    }
    const char *to = jstr(jget(r, "period"), "to");
    Buf cap = {0};
    buf_printf(&cap, "Grupper och antal medlemmar den %s", to ? to : DASH);
    html_table_begin(o, cap.data, cols, NCOLS(cols));
    buf_free(&cap);
    size_t i;
    const json_t *g;
    json_array_foreach(jget(r, "groups"), i, g) {
        const json_t *m = jget(g, "members");
        esc_raw_literal(o, "<tr>");
        html_th_row(o, jstr(g, "name"));
        html_td(o, render_label_sv("group_kind", jstr(g, "kind")));
        if (json_is_array(m)) {
            esc_raw_literal(o, "<td>");
            size_t k;
            const json_t *p;
            json_array_foreach(m, k, p)
                esc_printf(o, "%s%s", k ? ", " : "", jname(p) ? jname(p) : DASH);
            esc_raw_literal(o, "</td>");
        } else {
            html_td_num(o, m);
        }
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
}

static void html_fig_results(Buf *o, const json_t *r)
{
    html_fig_participants(o, r);
    html_fig_interventions(o, r);
}

static void html_meetings(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {{"Datum", 0}, {"Möte", 0}, {"Grupp", 0}, {"Status", 0}};
    Buf t = {0};
    buf_puts(&t, "Genomförda möten: ");
    render_number(&t, jget(r, "meetings_held"));
    buf_puts(&t, ".");
    esc_printf(o, "<p>%s</p>\n", t.data);
    buf_free(&t);
    if (jlen(r, "meetings") == 0)
        return;
    html_table_begin(o, "Möten", cols, NCOLS(cols));
    size_t i;
    const json_t *m;
    json_array_foreach(jget(r, "meetings"), i, m) {
        esc_raw_literal(o, "<tr>");
        html_td(o, jstr(m, "date"));
        html_th_row(o, jstr(m, "title"));
        html_td(o, jname(jget(m, "group")));
        html_td(o, render_label_sv("meeting_status", jstr(m, "status")));
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
}

static void html_dissemination(Buf *o, const json_t *r)
{
    static const HtmlCol cols[] = {{"Datum", 0}, {"Kanal", 0}, {"Titel", 0}, {"Målgrupp", 0}};
    if (jlen(r, "dissemination") == 0) {
        html_missing(o, "Ingen informationsspridning har registrerats.");
        return;
    }
    html_table_begin(o, "Informationsspridning", cols, NCOLS(cols));
    size_t i;
    const json_t *d;
    json_array_foreach(jget(r, "dissemination"), i, d) {
        esc_raw_literal(o, "<tr>");
        html_td(o, jstr(d, "date"));
        html_td(o, render_label_sv("channel", jstr(d, "channel")));
        html_th_row(o, jstr(d, "title"));
        html_td(o, jstr(d, "audience"));
        esc_raw_literal(o, "</tr>\n");
    }
    html_table_end(o);
}

/* ---- The funder's form: questions with their answers and figures ---- */

typedef void (*HtmlFigure)(Buf *o, const json_t *r);

typedef struct HtmlSection {
    const char *section;
    HtmlFigure figures;
} HtmlSection;

/* Which figures stand beside which question (docs/report-format.md, "questions[]"). */
static const HtmlSection html_lagesrapport_figures[] = {
    {"aktiviteter", html_fig_activities},
    {"organisationer", html_fig_organisations},
    {"deltagare", html_fig_participants},
    {"maluppfyllelse", html_fig_goals},
    {"budget", html_fig_budget},
    {"avvikelser", html_fig_deviations},
    {"avvikelser_meddelade", html_fig_deviations_reported},
    {"avvikelser_atgarder", html_fig_deviation_measures},
    {NULL, NULL},
};

static const HtmlSection html_slutrapport_figures[] = {
    {"resultat", html_fig_results},
    {"mal", html_fig_goals},
    {"enkater", html_fig_surveys_final},
    {"intyg", html_fig_certificates},
    {"grupper", html_fig_groups},
    {"avvikelser_atgarder", html_fig_deviations_final},
    {NULL, NULL},
};

/* The questions in form order: consecutive questions with the same heading share one h2
 * section; each question is an h3 with its answer (Markdown, headings moved below h3) and the
 * figures that belong to it. */
static void html_questions(Buf *o, const json_t *r, const HtmlSection *figs, const char *no_answer)
{
    const char *open = NULL;
    size_t i;
    const json_t *q;
    json_array_foreach(jget(r, "questions"), i, q) {
        const char *heading = jstr(q, "heading") ? jstr(q, "heading") : "";
        if (!open || strcmp(open, heading) != 0) {
            if (open)
                esc_raw_literal(o, "</section>\n");
            esc_printf(o, "<section>\n<h2>%s</h2>\n", heading);
            open = heading;
        }
        const char *sec = jstr(q, "section");
        esc_printf(o, "<section id=\"fraga-%s\">\n<h3>%s</h3>\n", sec ? sec : "",
                   jstr(q, "question") ? jstr(q, "question") : DASH);
        const char *answer = jstr(q, "answer");
        if (answer && *answer) {
            esc_raw_literal(o, "<div class=\"answer\">\n");
            esc_markdown_html(o, answer, 3);
            esc_raw_literal(o, "</div>\n");
        } else {
            html_missing(o, no_answer);
        }
        for (const HtmlSection *f = figs; sec && f->section; f++)
            if (!strcmp(f->section, sec))
                f->figures(o, r);
        esc_raw_literal(o, "</section>\n");
    }
    if (open)
        esc_raw_literal(o, "</section>\n");
}

/* What every report needs before any layout can start; one message per missing piece. */
static int html_check_report(const json_t *r, Errs *errs)
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

static int html_lagesrapport(const json_t *r, Buf *o, Errs *errs)
{
    if (html_check_report(r, errs) != INSATS_OK)
        return INSATS_EINPUT;
    Buf title = {0};
    buf_printf(&title, "Lägesrapport %s – %s",
               jstr(r, "redovisnings_id") ? jstr(r, "redovisnings_id") : "",
               jstr(jget(r, "project"), "name"));
    html_begin(o, title.data);
    buf_free(&title);
    html_report_header(o, r, "Lägesrapport");
    esc_raw_literal(o, "<main>\n");
    html_questions(o, r, html_lagesrapport_figures, "Inget svar har skrivits för perioden.");
    esc_raw_literal(o, "<section>\n<h2>Sammanställning av aktiviteter/utbildningar</h2>\n");
    html_fig_interventions(o, r);
    esc_raw_literal(o, "</section>\n<section>\n<h2>Enkäter</h2>\n");
    html_surveys(o, r, 3);
    esc_raw_literal(o, "</section>\n<section>\n<h2>Möten under perioden</h2>\n");
    html_meetings(o, r);
    esc_raw_literal(o, "</section>\n<section>\n<h2>Informationsspridning</h2>\n");
    html_dissemination(o, r);
    esc_raw_literal(o, "</section>\n</main>\n");
    html_end(o, jstr(r, "generated"));
    return INSATS_OK;
}

static int html_slutrapport(const json_t *r, Buf *o, Errs *errs)
{
    if (html_check_report(r, errs) != INSATS_OK)
        return INSATS_EINPUT;
    Buf title = {0};
    buf_printf(&title, "Slutrapport – %s", jstr(jget(r, "project"), "name"));
    html_begin(o, title.data);
    buf_free(&title);
    html_report_header(o, r, "Slutrapport");
    esc_raw_literal(o, "<main>\n");
    html_questions(o, r, html_slutrapport_figures, "Inget svar har skrivits.");
    esc_raw_literal(o, "<section>\n<h2>Möten</h2>\n");
    html_meetings(o, r);
    esc_raw_literal(o, "</section>\n<section>\n<h2>Informationsspridning</h2>\n");
    html_dissemination(o, r);
    esc_raw_literal(o, "</section>\n</main>\n");
    html_end(o, jstr(r, "generated"));
    return INSATS_OK;
}

/* ---- Minutes ---- */

/* "09:00" → "09.00", the Swedish way of writing a time of day. Plain text. */
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

/* Attendees with one of the given statuses as a list "Name, Organisation (status)". */
static size_t html_attendees(Buf *o, const json_t *m, const char *s1, const char *s2, int show_status)
{
    size_t n = 0, i;
    const json_t *a;
    json_array_foreach(jget(m, "attendees"), i, a) {
        const char *st = jstr(a, "status");
        if (!st || (strcmp(st, s1) != 0 && (!s2 || strcmp(st, s2) != 0)))
            continue;
        if (n++ == 0)
            esc_raw_literal(o, "<ul class=\"attendees\">\n");
        esc_printf(o, "<li>%s", jstr(a, "name") ? jstr(a, "name") : DASH);
        if (jstr(a, "organisation"))
            esc_printf(o, ", %s", jstr(a, "organisation"));
        if (show_status)
            esc_printf(o, " (%s)", render_label_sv("attendee_status", st));
        esc_raw_literal(o, "</li>\n");
    }
    if (n)
        esc_raw_literal(o, "</ul>\n");
    return n;
}

static int html_minutes(const json_t *r, Buf *o, Errs *errs)
{
    const json_t *m = jget(r, "meeting");
    if (!json_is_object(m) || !jstr(m, "title") || !jstr(m, "date")) {
        errs_add(errs, "minutes JSON: \"meeting\" with \"title\" and \"date\" is missing; produce "
                       "it with `insats report minutes --meeting ID --format json`");
        return INSATS_EINPUT;
    }
    const json_t *p = jget(r, "project");
    const char *group = jname(jget(m, "group"));
    const char *of = group ? group : jstr(m, "title");
    Buf t = {0};
    buf_printf(&t, "Minnesanteckningar från %s %s", of, jstr(m, "date"));
    html_begin(o, t.data);
    buf_clear(&t);

    esc_raw_literal(o, "<header>\n");
    esc_printf(o, "<h1>Minnesanteckningar från %s</h1>\n", of);
    if (group)
        esc_printf(o, "<p>%s</p>\n", jstr(m, "title"));
    if (jstr(p, "name"))
        esc_printf(o, "<p>Projekt: %s (diarienummer %s)</p>\n", jstr(p, "name"),
                   jstr(p, "diarienummer") ? jstr(p, "diarienummer") : DASH);
    esc_raw_literal(o, "<dl class=\"meta\">\n");
    html_meta(o, "Dag", jstr(m, "date"));
    text_time_range(&t, jstr(m, "start"), jstr(m, "end"));
    html_meta(o, "Tid", t.data);
    buf_clear(&t);
    html_meta(o, "Plats", jstr(m, "place"));
    html_meta(o, "Anteckningar förda av", jstr(m, "notes_by"));
    esc_raw_literal(o, "</dl>\n</header>\n<main>\n");
    const char *status = jstr(m, "status");
    if (status && !strcmp(status, "cancelled"))
        esc_printf(o, "<p class=\"verdict\">Mötet ställdes in. %s</p>\n",
                   jstr(m, "cancel_reason") ? jstr(m, "cancel_reason") : "");

    esc_raw_literal(o, "<section>\n<h2>Närvarande</h2>\n");
    if (html_attendees(o, m, "present", NULL, 0) == 0)
        html_missing(o, "Ingen närvaro är registrerad.");
    esc_raw_literal(o, "</section>\n<section>\n<h2>Frånvarande/anmält förhinder</h2>\n");
    if (html_attendees(o, m, "absent", "excused", 1) == 0)
        html_missing(o, "Ingen.");
    esc_raw_literal(o, "</section>\n<section>\n<h2>Dagordning</h2>\n");
    if (jlen(m, "agenda") == 0)
        html_missing(o, "Ingen dagordning är registrerad.");
    size_t i;
    const json_t *item;
    json_array_foreach(jget(m, "agenda"), i, item) {
        const json_t *num = jget(item, "number");
        long long n = json_is_integer(num) ? (long long)json_integer_value(num) : (long long)i + 1;
        esc_printf(o, "<section class=\"agenda-item\">\n<h3>%lld. %s</h3>\n", n,
                   jstr(item, "title") ? jstr(item, "title") : DASH);
        if (jstr(item, "presenter"))
            esc_printf(o, "<p>Föredragande: %s</p>\n", jstr(item, "presenter"));
        esc_markdown_html(o, jstr(item, "notes"), 3);
        size_t k;
        const json_t *dec;
        json_array_foreach(jget(item, "decisions"), k, dec)
            esc_printf(o, "<p class=\"decision\"><strong>Beslut:</strong> %s</p>\n", jname(dec));
        esc_raw_literal(o, "</section>\n");
    }
    esc_raw_literal(o, "</section>\n<section>\n<h2>Åtgärder</h2>\n");
    if (jlen(m, "actions") == 0) {
        html_missing(o, "Inga åtgärder.");
    } else {
        static const HtmlCol cols[] = {{"Åtgärd", 0}, {"Ansvarig", 0}, {"Klart senast", 0}, {"Status", 0}};
        html_table_begin(o, "Åtgärder från mötet", cols, NCOLS(cols));
        const json_t *a;
        json_array_foreach(jget(m, "actions"), i, a) {
            esc_raw_literal(o, "<tr>");
            html_th_row(o, jstr(a, "text"));
            html_td(o, jstr(a, "owner"));
            html_td(o, jstr(a, "due"));
            html_td(o, render_label_sv("action_status", jstr(a, "status")));
            esc_raw_literal(o, "</tr>\n");
        }
        html_table_end(o);
    }
    esc_raw_literal(o, "</section>\n<section>\n<h2>Nästa möte</h2>\n");
    const json_t *next = jget(r, "next_meeting");
    if (json_is_object(next)) {
        buf_puts(&t, jstr(next, "date") ? jstr(next, "date") : DASH);
        if (jstr(next, "start")) {
            buf_puts(&t, " kl. ");
            text_time_range(&t, jstr(next, "start"), jstr(next, "end"));
        }
        if (jstr(next, "place"))
            buf_printf(&t, ", %s", jstr(next, "place"));
        esc_printf(o, "<p>%s</p>\n", t.data);
    } else {
        html_missing(o, "Inget nästa möte är planerat.");
    }
    esc_raw_literal(o, "</section>\n</main>\n");
    buf_free(&t);
    html_end(o, NULL);
    return INSATS_OK;
}

/* Dispatches on "report". Output is appended to out only as a whole: on an error out is left
 * as it was, so a caller can still write an error page into it. */
int render_html(const json_t *report, Buf *out, Errs *errs)
{
    const char *kind = jstr(report, "report");
    Buf o = {0};
    int rc;
    if (!kind) {
        errs_add(errs, "report JSON: the key \"report\" is missing (lagesrapport, slutrapport or minutes)");
        return INSATS_EINPUT;
    }
    if (!strcmp(kind, "lagesrapport"))
        rc = html_lagesrapport(report, &o, errs);
    else if (!strcmp(kind, "slutrapport"))
        rc = html_slutrapport(report, &o, errs);
    else if (!strcmp(kind, "minutes"))
        rc = html_minutes(report, &o, errs);
    else {
        errs_add(errs, "report JSON: \"report\" is \"%s\", not lagesrapport, slutrapport or minutes", kind);
        rc = INSATS_EINPUT;
    }
    if (rc == INSATS_OK)
        buf_append(out, o.data, o.len);
    buf_free(&o);
    return rc;
}
