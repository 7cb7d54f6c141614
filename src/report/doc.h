/* doc.h — the report document model: a report JSON (docs/report-format.md) walked once into an
 * ordered list of blocks (headings, label/value lines, paragraphs, Markdown narratives, lists,
 * tables with formatted cells, chart slots). html.c, md.c and pdf.c only serialize this list, so
 * that a caption, a column or a Swedish label is written in one place for every output.
 *
 * Every figure in a block is already formatted with render_number/render_kronor/render_percent
 * (render.h); a backend prints text, it never formats or computes a figure. */
#ifndef INSATS_DOC_H
#define INSATS_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "util.h"

typedef enum {
    DOC_REPORT_LAGESRAPPORT,
    DOC_REPORT_SLUTRAPPORT,
    DOC_REPORT_MINUTES,
} DocReport;

/* Backends, as bits of DocBlock.backends: a block that one backend shows differently on
 * purpose exists once per wording, each marked with the backends that show it. */
enum { DOC_HTML = 1u, DOC_MD = 2u, DOC_PDF = 4u, DOC_ALL = 7u };

typedef enum {
    DOC_HEADING,    /* level, text; section/anchor/role when it opens a section */
    DOC_META,       /* label: text — consecutive ones form one group (the header facts) */
    DOC_PARA,       /* style, optional bold label, text */
    DOC_MARKDOWN,   /* text is Markdown written by a user; role "answer" for form answers */
    DOC_LIST,       /* items; role names the list ("organisations", "attendees") */
    DOC_TABLE,      /* table */
    DOC_CHART,      /* chart (a chart.h name), text its caption */
} DocKind;

typedef enum {
    DOC_P_PLAIN,
    DOC_P_MISSING,  /* "nothing to show here" */
    DOC_P_NOTE,     /* a remark about the figures */
    DOC_P_VERDICT,  /* an answer or conclusion, emphasised */
    DOC_P_DECISION, /* a decision of a meeting: label "Beslut:" and its text */
    DOC_P_DRAFT,    /* the draft banner: the report is not ready to hand in (list follows) */
} DocStyle;

typedef struct DocCol {
    char *heading;
    char *group;        /* spanning heading over consecutive columns, or NULL */
    char *flat;         /* heading for backends without spanning headings, or NULL: heading */
    char *pdf_heading;  /* the PDF's own wording of the heading, or NULL (see doc.c) */
    bool right;         /* figures: right-aligned */
} DocCol;

typedef struct DocCell {
    char *text;         /* never NULL: a missing value is "–" */
    char *detail;       /* secondary text (a goal's description), or NULL */
    char *with_unit;    /* kronor cells: the figure with "kr", for backends that print units in
                           cells (PDF); the others name the unit in the caption. NULL otherwise */
    bool suppressed;    /* a survey cell withheld for privacy; text says so */
} DocCell;

typedef struct DocRow {
    DocCell *cells;     /* ncols of them */
    bool total;         /* a total row, emphasised */
} DocRow;

typedef struct DocTable {
    char *caption;
    DocCol *cols;
    size_t ncols;
    size_t row_header;  /* the column that names the row (HTML <th scope="row">) */
    DocRow *rows;
    size_t nrows, cap;
} DocTable;

typedef struct DocBlock {
    DocKind kind;
    unsigned backends;  /* DOC_ALL, or the backends that show this block */
    int level;          /* DOC_HEADING: 1 (document title) … 6 */
    bool section;       /* DOC_HEADING: opens a section that runs to the next heading of the
                           same or a higher level */
    char *anchor;       /* DOC_HEADING: id of the section, or NULL */
    const char *role;   /* static: the kind of list, section or narrative, or NULL */
    DocStyle style;     /* DOC_PARA */
    char *label;        /* DOC_META term; DOC_PARA bold lead-in (a decision's "Beslut:", a
                           plain paragraph's verdict), or NULL */
    char *text;         /* heading, meta value, paragraph, Markdown, chart caption */
    char **items;       /* DOC_LIST */
    size_t nitems;
    DocTable *table;    /* DOC_TABLE */
    const char *chart;  /* DOC_CHART: static chart name */
} DocBlock;

typedef struct Doc {
    DocReport report;
    char *title;        /* the document's title (HTML <title>, PDF metadata) */
    char *generated;    /* the report's date, NULL for minutes */
    char *draft;        /* the mark a draft carries on every page ("Utkast"), or NULL when the
                           report has no unanswered question */
    size_t header_end;  /* blocks [0, header_end) are the document header */
    size_t appendix;    /* blocks [appendix, nblocks) are the appendices ("Bilaga"): the
                           per-activity list and the per-survey detail; nblocks when none */
    DocBlock *blocks;
    size_t nblocks, cap;
} Doc;

/* Builds the document of a report JSON ("lagesrapport", "slutrapport" or "minutes" by its
 * "report" key). Returns INSATS_OK with *out set (free with doc_free), or INSATS_EINPUT with a
 * message per missing piece in errs and *out NULL. The Doc owns all its strings; it keeps no
 * pointer into the JSON. */
int doc_build(const json_t *report, Doc **out, Errs *errs);

/* Frees the document and everything in it. NULL: nothing. */
void doc_free(Doc *doc);

/* True when backend (DOC_HTML, DOC_MD or DOC_PDF) shows the block. */
bool doc_shows(const DocBlock *b, unsigned backend);
/* True when a table's caption would only repeat the heading just above it: the same words, or
 * the heading is an appendix's "Bilaga N: <caption>". The PDF and Markdown then leave it out. */
bool doc_caption_repeats(const char *heading, const char *caption);

#endif
