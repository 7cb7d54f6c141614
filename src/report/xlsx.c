/* xlsx.c — the lägesrapport and slutrapport as an Excel workbook (render_xlsx, render.h).
 *
 * One worksheet per table of the report JSON (docs/report-format.md): Insatser (the funder's
 * "Sammanställning av aktiviteter/utbildningar"), Deltagare, Aktiviteter, Budget, Mål,
 * Enkätsammanfattning (survey_summary), Enkäter (each survey, question and group), Intyg, in a
 * slutrapport Jämförelse (survey_comparison: baseline vs follow-up), then Avvikelser and Möten.
 * Every sheet starts with the same title rows (project, report kind, diarienummer,
 * Redovisnings-ID, period), then a bold header row that is frozen and carries an autofilter,
 * then the rows.
 *
 * Figures are written as numbers exactly as the JSON has them — totals included, never as
 * formulas: the figures engine is the one source, and a spreadsheet SUM over rounded or
 * filtered rows could disagree with it. Number formats (the codes are locale-neutral; a
 * Swedish Excel shows "#,##0" as "1 234"):
 *   counts "#,##0", hours "#,##0.00", kronor "#,##0 \"kr\"", means "0.00",
 *   percentages "0.0 \"%\"" — the JSON's percentages are already in percent units (77.4), so
 *   the cell keeps that very number and the format only appends the sign; Excel's own "%"
 *   would multiply by 100 and force a division that is not exact in binary. The one fraction
 *   of the JSON, budget.tolerance (0.1), is shown with Excel's "0%" as it is a fraction.
 *   other figures "#,##0.00". Dates are real Excel dates formatted "yyyy-mm-dd". Each figure
 *   is rounded as the JSON defines it (counts and kronor whole, percentages to one decimal,
 *   hours and means to two).
 * A column of figures holds nothing but numbers, so that it sums and sorts: a null figure is
 * an empty cell with a comment saying that there is no figure, and a suppressed survey cell is
 * empty, why it is hidden (render_suppressed_sv) in the sheet's "Anmärkning" column.
 *
 * The workbook's creation time is the report's "generated" date, so that the same JSON gives
 * the same file (a frozen report rendered twice is byte-identical). */
#include "outfile.h"
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

#define DASH "–"

/* Layout: title rows 0–4, an empty row, the header, the data. */
#define HEADER_ROW 6
#define MAX_COLS 12
#define MIN_WIDTH 8.0
#define MAX_WIDTH 60.0
/* Header texts wrap onto two lines rather than widening a column of short numbers. */
#define HEADER_WRAP 14

typedef enum {
    NUM_COUNT, NUM_HOURS, NUM_MONEY, NUM_PERCENT, NUM_MEAN, NUM_POINTS, NUM_PLAIN, NUM_KINDS
} NumKind;

typedef struct Xlsx {
    lxw_workbook *wb;
    const json_t *report;
    bool final;                          /* slutrapport */
    lxw_format *title, *label, *header, *title_date;
    lxw_format *text, *text_b, *date;
    lxw_format *num[NUM_KINDS][2];       /* [kind][bold] */
    lxw_format *fraction;
} Xlsx;

typedef struct Sheet {
    lxw_worksheet *ws;
    lxw_col_t ncols;
    lxw_row_t row;                       /* the row being written */
    double width[MAX_COLS];
} Sheet;

/* ---- small JSON accessors: a missing key reads as null, so a partial report still renders */

static const json_t *jget(const json_t *o, const char *key)
{
    return json_is_object(o) ? json_object_get(o, key) : NULL;
}

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(jget(o, key));
}

/* ---- formats */

static lxw_format *new_format(lxw_workbook *wb, const char *num_format, bool bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    return f;
}

/* Creates every format once: libxlsxwriter keeps them in the workbook (freed on close). */
static void make_formats(Xlsx *x)
{
    static const char *const codes[NUM_KINDS] = {
        [NUM_COUNT] = "#,##0",       [NUM_HOURS] = "#,##0.00",  [NUM_MONEY] = "#,##0 \"kr\"",
        [NUM_PERCENT] = "0.0 \"%\"", [NUM_MEAN] = "0.00",       [NUM_POINTS] = "0.0",
        [NUM_PLAIN] = "#,##0.00",
    };
    x->title = new_format(x->wb, NULL, true);
    format_set_font_size(x->title, 14);
    x->label = new_format(x->wb, NULL, true);
    x->header = new_format(x->wb, NULL, true);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(x->header, LXW_BORDER_THIN);
    format_set_bg_color(x->header, 0xD9D9D9);
    x->title_date = new_format(x->wb, "yyyy-mm-dd", false);
    format_set_align(x->title_date, LXW_ALIGN_LEFT);
    x->text = new_format(x->wb, NULL, false);
    format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
    x->text_b = new_format(x->wb, NULL, true);
    x->date = new_format(x->wb, "yyyy-mm-dd", false);
    for (int k = 0; k < NUM_KINDS; k++)
        for (int b = 0; b < 2; b++)
            x->num[k][b] = new_format(x->wb, codes[k], b);
    x->fraction = new_format(x->wb, "0%", false);
}

/* ---- cells. Each writer widens its column to fit what it wrote (see sheet_end). */

/* Display width of UTF-8 text: code points, which is near enough for Latin script. */
static double text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return (double)n;
}

static void fit(Sheet *s, lxw_col_t col, double w)
{
    if (col < MAX_COLS && w + 2 > s->width[col])
        s->width[col] = w + 2;
}

/* Writes text; NULL writes nothing (an absent optional text is an empty cell). */
static void put_text(Sheet *s, lxw_col_t col, const char *text, lxw_format *f)
{
    if (!text)
        return;
    worksheet_write_string(s->ws, s->row, col, text, f);
    fit(s, col, text_width(text));
}

/* Fills an lxw_datetime from "YYYY-MM-DD"; false when it is not a date. */
static bool parse_date(const char *iso, lxw_datetime *dt)
{
    if (!iso || !date_valid(iso))
        return false;
    *dt = (lxw_datetime){.year = digits_value(iso, 4), .month = digits_value(iso + 5, 2),
                         .day = digits_value(iso + 8, 2)};
    return true;
}

/* Writes an ISO date as an Excel date; null leaves the cell empty (a date column holds dates
 * only), and text that is not a date is kept as text rather than lost. */
static void put_date(Xlsx *x, Sheet *s, lxw_col_t col, const char *iso)
{
    lxw_datetime dt;
    if (parse_date(iso, &dt)) {
        worksheet_write_datetime(s->ws, s->row, col, &dt, x->date);
        fit(s, col, 10);
    } else if (iso) {
        put_text(s, col, iso, x->text);
    } else {
        worksheet_write_blank(s->ws, s->row, col, x->date);
    }
}

#define NO_FIGURE "Ingen uppgift: talet saknas i rapporten eller kan inte beräknas (till " \
                  "exempel en insats som inte räknar deltagare, eller inga svar)."

/* The decimals a figure of the kind has in the JSON (docs/report-format.md). */
static int kind_decimals(NumKind kind)
{
    static const int d[NUM_KINDS] = {
        [NUM_COUNT] = 0, [NUM_HOURS] = 2, [NUM_MONEY] = 0, [NUM_PERCENT] = 1,
        [NUM_MEAN] = 2, [NUM_POINTS] = 1, [NUM_PLAIN] = 2,
    };
    return d[kind];
}

/* An empty cell of a column of figures, in the column's format, with a comment saying why it
 * is empty (comment NULL: none). */
static void put_empty(Xlsx *x, Sheet *s, lxw_col_t col, NumKind kind, bool bold, const char *comment)
{
    worksheet_write_blank(s->ws, s->row, col, x->num[kind][bold]);
    if (comment)
        worksheet_write_comment(s->ws, s->row, col, comment);
}

/* Writes a JSON number as a number cell in the kind's format, rounded as the JSON rounds
 * that kind; anything else (null) as an empty cell with a comment. */
static void put_num(Xlsx *x, Sheet *s, lxw_col_t col, const json_t *v, NumKind kind, bool bold)
{
    if (!json_is_number(v)) {
        put_empty(x, s, col, kind, bold, NO_FIGURE);
        return;
    }
    double scale = pow(10, kind_decimals(kind));
    double d = round(json_number_value(v) * scale) / scale;
    worksheet_write_number(s->ws, s->row, col, d, x->num[kind][bold]);
    /* Width of the shown text: integer digits, group separators, decimals and suffix. */
    char buf[64];
    int digits = snprintf(buf, sizeof buf, "%.0f", fabs(d));
    double w = digits + (digits - 1) / 3 + (d < 0);
    static const double extra[NUM_KINDS] = {
        [NUM_HOURS] = 3, [NUM_MONEY] = 3, [NUM_PERCENT] = 4, [NUM_MEAN] = 3, [NUM_POINTS] = 2,
        [NUM_PLAIN] = 3,
    };
    fit(s, col, w + extra[kind]);
}

/* A figure that only some rows have (a mean for a scale question only): the number, or an
 * empty cell with no comment where the row's kind has no such figure. */
static void put_num_if(Xlsx *x, Sheet *s, lxw_col_t col, const json_t *v, NumKind kind)
{
    if (json_is_number(v))
        put_num(x, s, col, v, kind, false);
    else
        put_empty(x, s, col, kind, false, NULL);
}

static void put_yes_no(Xlsx *x, Sheet *s, lxw_col_t col, const json_t *v)
{
    put_text(s, col, render_yes_no(v), x->text);
}

/* A "label | value" line below a table: the label in column A, the value in B. */
static void put_label(Xlsx *x, Sheet *s, const char *label)
{
    worksheet_write_string(s->ws, s->row, 0, label, x->label);
    fit(s, 0, text_width(label));
}

/* ---- sheets */

/* Adds a worksheet with the title rows and the header row; s->row is left on the first data
 * row. headers is NULL-terminated, at most MAX_COLS. */
static void sheet_begin(Xlsx *x, Sheet *s, const char *name, const char *const *headers)
{
    memset(s, 0, sizeof *s);
    s->ws = workbook_add_worksheet(x->wb, name);
    const json_t *project = jget(x->report, "project");
    const json_t *period = jget(x->report, "period");
    worksheet_write_string(s->ws, 0, 0, jstr(project, "name") ? jstr(project, "name") : DASH,
                           x->title);
    worksheet_set_row(s->ws, 0, 20, NULL);

    static const char *const labels[] = {"Rapport", "Diarienummer", "Redovisnings-ID",
                                         "Redovisningsperiod"};
    const char *values[] = {x->final ? "Slutrapport" : "Lägesrapport",
                            jstr(project, "diarienummer"), jstr(x->report, "redovisnings_id")};
    for (lxw_row_t i = 0; i < 4; i++) {
        worksheet_write_string(s->ws, i + 1, 0, labels[i], x->label);
        if (i < 3)
            worksheet_write_string(s->ws, i + 1, 1, values[i] ? values[i] : DASH, NULL);
    }
    lxw_datetime from, to;
    if (parse_date(jstr(period, "from"), &from))
        worksheet_write_datetime(s->ws, 4, 1, &from, x->title_date);
    if (parse_date(jstr(period, "to"), &to))
        worksheet_write_datetime(s->ws, 4, 2, &to, x->title_date);
    const json_t *number = jget(period, "number");
    if (json_is_integer(number)) {
        char buf[32];
        snprintf(buf, sizeof buf, "period %lld", (long long)json_integer_value(number));
        worksheet_write_string(s->ws, 4, 3, buf, NULL);
    } else if (x->final) {
        worksheet_write_string(s->ws, 4, 3, "hela projektet", NULL);
    }
    /* Column A also holds the title labels: wide enough for "Redovisningsperiod". */
    s->width[0] = text_width(labels[3]) + 2;
    for (lxw_col_t c = 1; c < MAX_COLS; c++)
        s->width[c] = MIN_WIDTH;

    for (; headers[s->ncols]; s->ncols++) {
        const char *h = headers[s->ncols];
        worksheet_write_string(s->ws, HEADER_ROW, s->ncols, h, x->header);
        double w = text_width(h);
        fit(s, s->ncols, w > HEADER_WRAP ? ceil(w / 2) + 1 : w);
    }
    worksheet_set_row(s->ws, HEADER_ROW, 30, NULL);
    s->row = HEADER_ROW + 1;
}

/* Freezes everything above the first data row, puts the autofilter on the header and the
 * data rows before filter_end (so a total row below stays out of sorting and filtering),
 * and sets the column widths collected while writing. */
static void sheet_end(Sheet *s, lxw_row_t filter_end)
{
    worksheet_freeze_panes(s->ws, HEADER_ROW + 1, 0);
    lxw_row_t last = filter_end > HEADER_ROW + 1 ? filter_end - 1 : HEADER_ROW;
    worksheet_autofilter(s->ws, HEADER_ROW, 0, last, (lxw_col_t)(s->ncols - 1));
    for (lxw_col_t c = 0; c < s->ncols && c < MAX_COLS; c++)
        worksheet_set_column(s->ws, c, c, fmin(fmax(s->width[c], MIN_WIDTH), MAX_WIDTH), NULL);
}

/* The title of intervention id from the report's own list (activities name it by id). */
static const char *intervention_title(const json_t *report, const char *id)
{
    size_t i;
    const json_t *it;
    json_array_foreach(jget(report, "interventions"), i, it)
        if (id && jstr(it, "id") && strcmp(jstr(it, "id"), id) == 0)
            return jstr(it, "title");
    return id;
}

static void sheet_interventions(Xlsx *x)
{
    static const char *const h[] = {"Datum", "Insats", "Antal timmar", "Antal deltagare",
                                     "Planerat antal deltagare", "Slutförd insats", NULL};
    Sheet s;
    sheet_begin(x, &s, "Insatser", h);
    size_t i;
    const json_t *it;
    json_array_foreach(jget(x->report, "interventions"), i, it) {
        put_date(x, &s, 0, jstr(it, "start"));
        put_text(&s, 1, jstr(it, "title"), x->text);
        put_num(x, &s, 2, jget(it, "hours"), NUM_HOURS, false);
        put_num(x, &s, 3, jget(it, "participants"), NUM_COUNT, false);
        put_num(x, &s, 4, jget(it, "planned_participants"), NUM_COUNT, false);
        put_yes_no(x, &s, 5, jget(it, "completed"));
        s.row++;
    }
    sheet_end(&s, s.row);
}

/* Writes a gender split {total, women, men, other} into four columns from col: women, men,
 * other, total (the order of the header). */
static void put_split(Xlsx *x, Sheet *s, lxw_col_t col, const json_t *split, bool bold)
{
    static const char *const keys[] = {"women", "men", "other", "total"};
    for (lxw_col_t k = 0; k < 4; k++)
        put_num(x, s, col + k, jget(split, keys[k]), NUM_COUNT, bold);
}

static void sheet_participants(Xlsx *x)
{
    static const char *const h[] = {
        "Organisation", "Kvinnor, perioden", "Män, perioden", "Övriga/okänt, perioden",
        "Totalt, perioden", "Kvinnor, ackumulerat", "Män, ackumulerat",
        "Övriga/okänt, ackumulerat", "Totalt, ackumulerat", NULL};
    Sheet s;
    sheet_begin(x, &s, "Deltagare", h);
    const json_t *p = jget(x->report, "participants");
    size_t i;
    const json_t *org;
    json_array_foreach(jget(p, "by_organisation"), i, org) {
        put_text(&s, 0, jstr(org, "name") ? jstr(org, "name") : jstr(org, "organisation"),
                 x->text);
        put_split(x, &s, 1, jget(org, "period"), false);
        put_split(x, &s, 5, jget(org, "accumulated"), false);
        s.row++;
    }
    lxw_row_t filter_end = s.row;
    /* The project's distinct participants: not the sum of the rows when a person moved
     * between organisations, which is why this row is the engine's figure. */
    put_text(&s, 0, "Totalt", x->text_b);
    put_split(x, &s, 1, jget(p, "period"), true);
    put_split(x, &s, 5, jget(p, "accumulated"), true);
    s.row += 2;

    put_label(x, &s, "Planerat antal deltagare");
    put_num(x, &s, 1, jget(p, "planned"), NUM_COUNT, false);
    s.row++;
    const json_t *prev = jget(x->report, "previously_reported");
    if (json_is_object(prev)) {
        put_label(x, &s, "Tidigare redovisat, ackumulerat");
        put_num(x, &s, 1, jget(jget(prev, "participants_accumulated"), "total"), NUM_COUNT,
                false);
        s.row++;
    }
    const json_t *ph = jget(x->report, "participant_hours");
    static const struct { const char *label, *key; NumKind kind; } hours[] = {
        {"Deltagartimmar, perioden", "period", NUM_HOURS},
        {"Deltagartimmar, ackumulerat", "accumulated", NUM_HOURS},
        {"Värde av deltagartimmar, perioden", "value_period", NUM_MONEY},
        {"Värde av deltagartimmar, ackumulerat", "value_accumulated", NUM_MONEY},
    };
    for (size_t k = 0; k < sizeof hours / sizeof *hours; k++) {
        put_label(x, &s, hours[k].label);
        put_num(x, &s, 1, jget(ph, hours[k].key), hours[k].kind, false);
        s.row++;
    }
    sheet_end(&s, filter_end);
}

static void sheet_activities(Xlsx *x)
{
    static const char *const h[] = {"Första datum", "Sista datum", "Aktivitet", "Typ", "Status",
                                     "Insats", "Antal timmar", "Antal deltagare",
                                     "Planerat antal deltagare", NULL};
    Sheet s;
    sheet_begin(x, &s, "Aktiviteter", h);
    size_t i;
    const json_t *a;
    json_array_foreach(jget(x->report, "activities"), i, a) {
        put_date(x, &s, 0, jstr(a, "first_date"));
        put_date(x, &s, 1, jstr(a, "last_date"));
        put_text(&s, 2, jstr(a, "title"), x->text);
        put_text(&s, 3, render_label_sv(VOCAB_ACTIVITY_KIND, jstr(a, "kind")), x->text);
        put_text(&s, 4, render_label_sv(VOCAB_ACTIVITY_STATUS, jstr(a, "status")), x->text);
        put_text(&s, 5, intervention_title(x->report, jstr(a, "intervention")), x->text);
        put_num(x, &s, 6, jget(a, "hours"), NUM_HOURS, false);
        put_num(x, &s, 7, jget(a, "participants"), NUM_COUNT, false);
        put_num(x, &s, 8, jget(a, "planned_participants"), NUM_COUNT, false);
        s.row++;
    }
    sheet_end(&s, s.row);
}

/* planned/actual of the period and of the accumulation into columns B–E. */
static void put_budget_pair(Xlsx *x, Sheet *s, const json_t *line, bool bold)
{
    put_num(x, s, 1, jget(jget(line, "period"), "planned"), NUM_MONEY, bold);
    put_num(x, s, 2, jget(jget(line, "period"), "actual"), NUM_MONEY, bold);
    put_num(x, s, 3, jget(jget(line, "accumulated"), "planned"), NUM_MONEY, bold);
    put_num(x, s, 4, jget(jget(line, "accumulated"), "actual"), NUM_MONEY, bold);
}

static void sheet_budget(Xlsx *x)
{
    static const char *const h[] = {"Kostnadsslag", "Planerat, perioden", "Utfall, perioden",
                                     "Planerat, ackumulerat", "Utfall, ackumulerat", NULL};
    Sheet s;
    sheet_begin(x, &s, "Budget", h);
    const json_t *b = jget(x->report, "budget");
    size_t i;
    const json_t *c;
    json_array_foreach(jget(b, "by_category"), i, c) {
        put_text(&s, 0, jstr(c, "name") ? jstr(c, "name") : jstr(c, "category"), x->text);
        put_budget_pair(x, &s, c, false);
        s.row++;
    }
    lxw_row_t filter_end = s.row;
    put_text(&s, 0, "Totalt", x->text_b);
    put_budget_pair(x, &s, b, true);
    s.row += 2;

    const json_t *v = jget(b, "version");
    put_label(x, &s, "Budgetversion");
    put_text(&s, 1, jstr(v, "name"), x->text);
    s.row++;
    put_label(x, &s, "Versionens datum");
    put_date(x, &s, 1, jstr(v, "date"));
    s.row++;
    put_label(x, &s, "Avvikelse, ackumulerat");
    put_num(x, &s, 1, jget(b, "deviation_percent"), NUM_PERCENT, false);
    s.row++;
    put_label(x, &s, "Tolerans");
    const json_t *tol = jget(b, "tolerance");
    if (json_is_number(tol)) {
        worksheet_write_number(s.ws, s.row, 1, json_number_value(tol), x->fraction);
    } else {
        put_empty(x, &s, 1, NUM_PERCENT, false, NO_FIGURE);
    }
    s.row++;
    put_label(x, &s, "Inom budget");
    put_yes_no(x, &s, 1, jget(b, "on_budget"));
    s.row++;
    sheet_end(&s, filter_end);
}

/* A goal's figures are percentages or counts by its unit; other units keep Excel's General. */
static NumKind goal_kind(const char *unit)
{
    if (unit && strcmp(unit, "percent") == 0)
        return NUM_PERCENT;
    if (unit && strcmp(unit, "count") == 0)
        return NUM_COUNT;
    return NUM_PLAIN;
}

static const char *goal_unit_sv(const char *unit)
{
    if (!unit)
        return NULL;
    if (strcmp(unit, "percent") == 0)
        return "procent";
    if (strcmp(unit, "count") == 0)
        return "antal";
    return unit;
}

static const char *comparison_sv(const char *cmp)
{
    if (cmp && strcmp(cmp, ">=") == 0)
        return "minst";
    if (cmp && strcmp(cmp, "<=") == 0)
        return "högst";
    return cmp;
}

static void sheet_goals(Xlsx *x)
{
    static const char *const h[] = {"Mål", "Beskrivning", "Mått", "Jämförelse", "Mätbart mål",
                                     "Uppnått", "Uppfyllt", "Enhet", "Källa", NULL};
    Sheet s;
    sheet_begin(x, &s, "Mål", h);
    size_t i;
    const json_t *g;
    json_array_foreach(jget(x->report, "goals"), i, g) {
        NumKind kind = goal_kind(jstr(g, "unit"));
        put_text(&s, 0, jstr(g, "title"), x->text);
        put_text(&s, 1, jstr(g, "description"), x->text);
        put_text(&s, 2, render_label_sv(VOCAB_MEASURE_KIND, jstr(g, "measure")), x->text);
        put_text(&s, 3, comparison_sv(jstr(g, "comparison")), x->text);
        put_num(x, &s, 4, jget(g, "target"), kind, false);
        put_num(x, &s, 5, jget(g, "achieved"), kind, false);
        put_yes_no(x, &s, 6, jget(g, "met"));
        put_text(&s, 7, goal_unit_sv(jstr(g, "unit")), x->text);
        put_text(&s, 8, jstr(g, "source"), x->text);
        s.row++;
    }
    sheet_end(&s, s.row);
}

/* One line of the survey sheet: survey and question columns, the group, and the figures of
 * a cell {responses, mean, share_at_least} — or, for a suppressed cell, empty figures and the
 * reason in the last column. A free-text question has only its number of answers. */
static void put_survey_line(Xlsx *x, Sheet *s, const json_t *survey, const json_t *q,
                            const char *group, const json_t *cell)
{
    put_text(s, 0, jstr(survey, "title"), x->text);
    put_text(s, 1, render_label_sv(VOCAB_SURVEY_KIND, jstr(survey, "kind")), x->text);
    put_date(x, s, 2, jstr(survey, "date"));
    put_text(s, 3, jstr(q, "text"), x->text);
    put_text(s, 4, render_label_sv(VOCAB_QUESTION_TYPE, jstr(q, "type")), x->text);
    put_text(s, 5, group, x->text);
    if (json_is_true(jget(cell, "suppressed"))) {
        static const NumKind kinds[] = {NUM_COUNT, NUM_MEAN, NUM_PERCENT, NUM_COUNT};
        for (lxw_col_t c = 6; c <= 9; c++)
            put_empty(x, s, c, kinds[c - 6], false, NULL);
        put_text(s, 10, render_suppressed_sv(cell), x->text);
    } else {
        const json_t *share = jget(cell, "share_at_least");
        put_num(x, s, 6, jget(cell, "responses"), NUM_COUNT, false);
        /* The figures a question of its type has; the others stay empty, as they should. */
        put_num_if(x, s, 7, jget(cell, "mean"), NUM_MEAN);
        put_num_if(x, s, 8, jget(share, "percent"), NUM_PERCENT);
        put_num_if(x, s, 9, jget(share, "min"), NUM_COUNT);
    }
    s->row++;
}

static void sheet_surveys(Xlsx *x)
{
    static const char *const h[] = {"Enkät", "Typ", "Datum", "Fråga", "Frågetyp", "Grupp",
                                     "Antal svar", "Medelvärde", "Andel (%)",
                                     "Lägst svar som räknas", "Anmärkning", NULL};
    Sheet s;
    sheet_begin(x, &s, "Enkäter", h);
    size_t i, j, k;
    const json_t *survey, *q, *cell;
    json_array_foreach(jget(x->report, "surveys"), i, survey) {
        json_array_foreach(jget(survey, "questions"), j, q) {
            put_survey_line(x, &s, survey, q, "Samtliga", q);
            /* A free-text question has no figures to break down. */
            const char *type = jstr(q, "type");
            if (type && strcmp(type, "text") == 0)
                continue;
            json_array_foreach(jget(q, "by_organisation"), k, cell) {
                const char *name = jstr(cell, "name");
                put_survey_line(x, &s, survey, q, name ? name : "Utan organisation", cell);
            }
            json_array_foreach(jget(q, "by_gender"), k, cell)
                put_survey_line(x, &s, survey, q, render_gender_sv(jstr(cell, "gender")), cell);
        }
    }
    sheet_end(&s, s.row);
}

/* The report body's survey results: each question pooled over the surveys of one kind
 * (survey_summary), in all, per organisation and per gender, one line each. */
static void sheet_survey_summary(Xlsx *x)
{
    static const char *const h[] = {"Typ", "Fråga", "Frågetyp", "Antal enkäter", "Grupp",
                                     "Antal svar", "Andel (%)", "Lägst svar som räknas",
                                     "Anmärkning", NULL};
    Sheet s;
    sheet_begin(x, &s, "Enkätsammanfattning", h);
    size_t i, k;
    const json_t *row, *cell;
    json_array_foreach(jget(x->report, "survey_summary"), i, row) {
        const json_t *cells[64];
        const char *groups[64];
        size_t n = 0;
        cells[n] = row;
        groups[n++] = "Samtliga";
        json_array_foreach(jget(row, "by_organisation"), k, cell) {
            if (n == 64)
                break;
            cells[n] = cell;
            groups[n++] = jstr(cell, "name") ? jstr(cell, "name") : "Utan organisation";
        }
        json_array_foreach(jget(row, "by_gender"), k, cell) {
            if (n == 64)
                break;
            cells[n] = cell;
            groups[n++] = render_gender_sv(jstr(cell, "gender"));
        }
        for (size_t c = 0; c < n; c++) {
            put_text(&s, 0, render_label_sv(VOCAB_SURVEY_KIND, jstr(row, "kind")), x->text);
            put_text(&s, 1, jstr(row, "text"), x->text);
            put_text(&s, 2, render_label_sv(VOCAB_QUESTION_TYPE, jstr(row, "type")), x->text);
            put_num(x, &s, 3, jget(row, "surveys"), NUM_COUNT, false);
            put_text(&s, 4, groups[c], x->text);
            if (json_is_true(jget(cells[c], "suppressed"))) {
                put_empty(x, &s, 5, NUM_COUNT, false, NULL);
                put_empty(x, &s, 6, NUM_PERCENT, false, NULL);
                put_text(&s, 8, render_suppressed_sv(cells[c]), x->text);
            } else {
                const json_t *share = jget(cells[c], "share_at_least");
                put_num(x, &s, 5, jget(cells[c], "responses"), NUM_COUNT, false);
                put_num(x, &s, 6, jget(share, "percent"), NUM_PERCENT, false);
            }
            put_num_if(x, &s, 7, jget(jget(row, "share_at_least"), "min"), NUM_COUNT);
            s.row++;
        }
    }
    sheet_end(&s, s.row);
}

static void sheet_deviations(Xlsx *x)
{
    static const char *const h[] = {"Datum", "Område", "Beskrivning", "Meddelad ESF-rådet",
                                     "Meddelad den", "Åtgärder", NULL};
    Sheet s;
    sheet_begin(x, &s, "Avvikelser", h);
    size_t i;
    const json_t *d;
    json_array_foreach(jget(x->report, "deviations"), i, d) {
        put_date(x, &s, 0, jstr(d, "date"));
        put_text(&s, 1, render_label_sv(VOCAB_DEVIATION_AREA, jstr(d, "area")), x->text);
        put_text(&s, 2, jstr(d, "description"), x->text);
        put_yes_no(x, &s, 3, jget(d, "reported_to_funder"));
        put_date(x, &s, 4, jstr(d, "reported_date"));
        put_text(&s, 5, jstr(d, "measures"), x->text);
        s.row++;
    }
    sheet_end(&s, s.row);
}

static void sheet_meetings(Xlsx *x)
{
    static const char *const h[] = {"Datum", "Möte", "Grupp", "Status", NULL};
    Sheet s;
    sheet_begin(x, &s, "Möten", h);
    size_t i;
    const json_t *m;
    json_array_foreach(jget(x->report, "meetings"), i, m) {
        put_date(x, &s, 0, jstr(m, "date"));
        put_text(&s, 1, jstr(m, "title"), x->text);
        const json_t *g = jget(m, "group");
        put_text(&s, 2, jstr(m, "group_name") ? jstr(m, "group_name")
                        : json_is_string(g)  ? json_string_value(g)
                                             : jstr(g, "name"), x->text);
        put_text(&s, 3, render_label_sv(VOCAB_MEETING_STATUS, jstr(m, "status")), x->text);
        s.row++;
    }
    lxw_row_t filter_end = s.row;
    s.row++;
    put_label(x, &s, "Genomförda möten");
    put_num(x, &s, 1, jget(x->report, "meetings_held"), NUM_COUNT, false);
    s.row++;
    sheet_end(&s, filter_end);
}

/* Baseline against follow-up per question (slutrapport): a side refused for too few
 * responses has null figures, shown as "–", and the reason in the last column. */
static void sheet_comparison(Xlsx *x)
{
    static const char *const h[] = {
        "Fråga", "Antal svar, nollmätning", "Medelvärde, nollmätning",
        "Andel (%), nollmätning", "Antal svar, uppföljning", "Medelvärde, uppföljning",
        "Andel (%), uppföljning", "Förändring (procentenheter)", "Ej jämförd", NULL};
    Sheet s;
    sheet_begin(x, &s, "Jämförelse", h);
    size_t i;
    const json_t *c;
    json_array_foreach(jget(x->report, "survey_comparison"), i, c) {
        put_text(&s, 0, jstr(c, "text") ? jstr(c, "text") : jstr(c, "question"), x->text);
        static const char *const sides[] = {"baseline", "follow_up"};
        for (lxw_col_t k = 0; k < 2; k++) {
            const json_t *side = jget(c, sides[k]);
            put_num(x, &s, 1 + 3 * k, jget(side, "responses"), NUM_COUNT, false);
            put_num(x, &s, 2 + 3 * k, jget(side, "mean"), NUM_MEAN, false);
            put_num(x, &s, 3 + 3 * k, jget(side, "percent"), NUM_PERCENT, false);
        }
        put_num(x, &s, 7, jget(c, "change_percent"), NUM_POINTS, false);
        put_text(&s, 8, jstr(c, "refused"), x->text);
        s.row++;
    }
    sheet_end(&s, s.row);
}

static void sheet_certificates(Xlsx *x)
{
    static const char *const h[] = {"Organisation", "Antal intyg", "Antal personer", NULL};
    Sheet s;
    sheet_begin(x, &s, "Intyg", h);
    const json_t *cert = jget(x->report, "certificates");
    size_t i;
    const json_t *org;
    json_array_foreach(jget(cert, "by_organisation"), i, org) {
        put_text(&s, 0, jstr(org, "name") ? jstr(org, "name") : jstr(org, "organisation"),
                 x->text);
        put_num(x, &s, 1, jget(org, "count"), NUM_COUNT, false);
        put_num(x, &s, 2, jget(org, "people"), NUM_COUNT, false);
        s.row++;
    }
    lxw_row_t filter_end = s.row;
    put_text(&s, 0, "Totalt", x->text_b);
    put_num(x, &s, 1, jget(cert, "count"), NUM_COUNT, true);
    put_num(x, &s, 2, jget(cert, "people"), NUM_COUNT, true);
    s.row++;
    sheet_end(&s, filter_end);
}

/* Midnight UTC of the report's "generated" date, or 0 (libxlsxwriter then uses the clock). */
static time_t generated_time(const json_t *report)
{
    const char *g = jstr(report, "generated");
    return g && date_valid(g) ? (time_t)(date_to_days(g) * 86400) : 0;
}

/* ---- Reading the written workbook back ---- */

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

/* True when the XML document x (n bytes) ends with the end tag of its root element (or the
 * root closes itself): a part cut short ends inside it. */
static bool xml_complete(const char *x, size_t n)
{
    const char *root = x;
    while ((root = memchr(root, '<', (size_t)(x + n - root))) && (root[1] == '?' || root[1] == '!'))
        root++;
    if (!root)
        return false;
    size_t len = strcspn(root + 1, " \t\r\n/>");
    while (n > 0 && strchr(" \t\r\n", x[n - 1]))
        n--;
    if (n >= len + 3 && x[n - 1] == '>' && x[n - len - 3] == '<' && x[n - len - 2] == '/' &&
        memcmp(x + n - len - 1, root + 1, len) == 0)
        return true;
    /* <root …/> and nothing after it */
    const char *close = memchr(root, '>', (size_t)(x + n - root));
    return close && close == x + n - 1 && close[-1] == '/';
}

/* Inflates the zip entry whose compressed bytes are at data and checks that it is an XML part
 * written to its end. */
static bool zip_part_complete(const unsigned char *data, size_t csize, size_t usize, int method)
{
    if (method == 0)
        return csize == usize && xml_complete((const char *)data, usize);
    if (method != 8 || usize > (size_t)1 << 30)
        return false;
    char *out = xmalloc(usize + 1);
    z_stream z = {.next_in = (unsigned char *)data, .avail_in = (uInt)csize,
                  .next_out = (unsigned char *)out, .avail_out = (uInt)usize};
    bool ok = inflateInit2(&z, -MAX_WBITS) == Z_OK;
    ok = ok && inflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out == usize &&
         xml_complete(out, usize);
    inflateEnd(&z);
    free(out);
    return ok;
}

/* True when every XML part of the workbook at path is complete. libxlsxwriter writes each part
 * to a temporary file of its own and does not check those writes: on a full disk it zips what
 * it got, a workbook that spreadsheets call damaged, and reports success. */
static bool xlsx_complete(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    Buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, got);
    bool ok = !ferror(f);
    fclose(f);
    const unsigned char *z = (const unsigned char *)b.data;
    size_t n = b.len;
    /* The end of central directory record: 22 bytes, found from the end (no zip comment). */
    ok = ok && n >= 22 && le32(z + n - 22) == 0x06054b50;
    size_t entries = ok ? le16(z + n - 12) : 0, at = ok ? le32(z + n - 6) : 0;
    ok = ok && entries > 0;
    for (size_t i = 0; ok && i < entries; i++) {
        ok = at + 46 <= n && le32(z + at) == 0x02014b50;
        if (!ok)
            break;
        int method = (int)le16(z + at + 10);
        size_t csize = le32(z + at + 20), usize = le32(z + at + 24);
        size_t name_len = le16(z + at + 28), extra = le16(z + at + 30), comment = le16(z + at + 32);
        size_t local = le32(z + at + 42);
        ok = at + 46 + name_len <= n && local + 30 <= n && le32(z + local) == 0x04034b50;
        if (!ok)
            break;
        size_t data = local + 30 + le16(z + local + 26) + le16(z + local + 28);
        const char *name = (const char *)z + at + 46;
        bool xml = (name_len > 4 && memcmp(name + name_len - 4, ".xml", 4) == 0) ||
                   (name_len > 5 && memcmp(name + name_len - 5, ".rels", 5) == 0);
        ok = data + csize <= n && (!xml || zip_part_complete(z + data, csize, usize, method));
        at += 46 + name_len + extra + comment;
    }
    buf_free(&b);
    return ok;
}

/* Writes the workbook out (workbook_close, which frees it) and finishes the output file. The
 * library reports a failure on stderr in its own words, with its source file and line; the
 * user gets one message of ours instead, so its stderr goes to /dev/null meanwhile. */
static int xlsx_close(lxw_workbook *wb, Outfile *of, Errs *errs)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    errno = 0;
    lxw_error err = workbook_close(wb);
    int why = errno;
    if (saved >= 0 && null >= 0)
        dup2(saved, STDERR_FILENO);
    if (saved >= 0)
        close(saved);
    if (null >= 0)
        close(null);
    if (err == LXW_NO_ERROR && !xlsx_complete(of->tmp)) {
        errs_add(errs, "%s: cannot write the workbook: parts of it could not be written (is the "
                 "disk or the temporary directory full?); %s", of->path,
                 access(of->path, F_OK) == 0 ? "the existing file is unchanged"
                                             : "no file was written");
        outfile_abort(of);
        return INSATS_ESTORAGE;
    }
    if (err == LXW_NO_ERROR)
        return outfile_commit(of, errs);
    /* A write that failed (a full disk) says more than the library's own words. */
    if (why)
        outfile_fail(of, why, errs);
    else
        errs_add(errs, "%s: cannot write the workbook: %s", of->path, lxw_strerror(err));
    outfile_abort(of);
    return INSATS_ESTORAGE;
}

/* Writes the workbook of a lägesrapport or slutrapport to path. Returns INSATS_OK;
 * INSATS_EINPUT for minutes or JSON that is no report (nothing is written); INSATS_EUSAGE
 * for a target that outfile_open refuses, INSATS_ESTORAGE when the file cannot be written
 * (the old file, if any, is left as it was). Does not take ownership of report. */
int render_xlsx(const json_t *report, const char *path, Errs *errs)
{
    const char *kind = jstr(report, "report");
    if (kind && strcmp(kind, "minutes") == 0) {
        errs_add(errs, "minutes have no spreadsheet form; use md, html or pdf");
        return INSATS_EINPUT;
    }
    if (!kind || (strcmp(kind, "lagesrapport") != 0 && strcmp(kind, "slutrapport") != 0)) {
        errs_add(errs, "report: \"report\" must be \"lagesrapport\" or \"slutrapport\" for a"
                       " spreadsheet");
        return INSATS_EINPUT;
    }

    /* libxlsxwriter writes the workbook by name when it closes it: it gets the temporary file
     * of the output, which exists already, is private, and is renamed into place once the
     * workbook is complete. */
    Outfile of;
    int rc = outfile_open(&of, path, errs);
    if (rc != INSATS_OK)
        return rc;
    if (!of.tmp) {
        errs_add(errs, "a workbook is a file: name it with -o FILE");
        outfile_abort(&of);
        return INSATS_EUSAGE;
    }
    Xlsx x = {.report = report, .final = strcmp(kind, "slutrapport") == 0};
    x.wb = workbook_new(of.tmp);
    if (!x.wb) {
        errs_add(errs, "%s: cannot create the workbook (out of memory)", path);
        outfile_abort(&of);
        return INSATS_ESTORAGE;
    }
    make_formats(&x);

    const char *name = jstr(jget(report, "project"), "name");
    char *title = xasprintf("%s – %s", x.final ? "Slutrapport" : "Lägesrapport",
                            name ? name : "");
    lxw_doc_properties props = {.title = title, .created = generated_time(report)};
    workbook_set_properties(x.wb, &props);

    sheet_interventions(&x);
    sheet_participants(&x);
    sheet_activities(&x);
    sheet_budget(&x);
    sheet_goals(&x);
    sheet_survey_summary(&x);
    sheet_surveys(&x);
    sheet_certificates(&x);
    if (x.final)
        sheet_comparison(&x);
    sheet_deviations(&x);
    sheet_meetings(&x);

    rc = xlsx_close(x.wb, &of, errs);
    free(title);
    return rc;
}
