/* render.h — the renderers of a report JSON (docs/report-format.md) and the Swedish number
 * formatting they all share, so that HTML, Markdown, PDF and XLSX write every figure alike. */
#ifndef INSATS_RENDER_H
#define INSATS_RENDER_H

#include <jansson.h>

#include "err.h"
#include "util.h"
#include "vocab.h"

/* Each renderer lays out a report JSON (docs/report-format.md): "lagesrapport", "slutrapport" or "minutes"
   by its "report" key. They compute no figures. Return INSATS_OK, or INSATS_EINPUT with a message in errs
   when the JSON lacks what the renderer needs. */
int render_html(const json_t *report, Buf *out, Errs *errs);
int render_md(const json_t *report, Buf *out, Errs *errs);
/* PDF and XLSX write the file at path through outfile_open (outfile.h): whole or not at all,
   never over the database or its key; INSATS_ESTORAGE when it cannot be written. */
int render_pdf(const json_t *report, const char *path, Errs *errs);   /* cairo + pango, A4 */
/* What one rendering is asked beyond its report; a zero struct (or NULL) asks nothing. Each
 * call has its own, so that two renderings at once (the web server's threads) never share
 * a hook or its state. */
typedef struct RenderOptions {
    /* How far a long rendering got: the PDF renderer reports its passes (stage "laying out
     * the PDF" counting blocks, then "writing the PDF" counting pages), at most once per
     * percent, on the calling thread. NULL: silent. */
    ProgressFn progress;
    void *progress_ctx;
} RenderOptions;
/* render_pdf with options (NULL: none, as render_pdf). */
int render_pdf_with(const json_t *report, const char *path, const RenderOptions *opts,
                    Errs *errs);
int render_xlsx(const json_t *report, const char *path, Errs *errs);  /* libxlsxwriter */
/* A format a report can be had in: its name ("html", "md", "pdf", "xlsx", "json"), the
 * content type of a download and the file name's extension. */
typedef struct RenderFormat {
    const char *name, *content_type, *ext;
} RenderFormat;
/* The format of that name, or NULL. Static storage. */
const RenderFormat *render_format(const char *name);
/* The report in format f, appended to out (the PDF and XLSX by way of a private temporary
 * file, removed again). Errors as the renderer's. (render_bytes.c) */
int render_bytes(const json_t *report, const RenderFormat *f, Buf *out, Errs *errs);


/* Certificates to print (the JSON of certificate_documents(), docs/report-format.md
 * "Certificates") as a PDF, one A4 page each: to the file at path (through outfile_open, as
 * render_pdf), or appended to out. INSATS_EINPUT for a JSON without certificates or a
 * verification address too long for a QR code; INSATS_ESTORAGE. (certificate_pdf.c) */
int render_certificates_pdf(const json_t *doc, const char *path, Errs *errs);
int render_certificates_pdf_bytes(const json_t *doc, Buf *out, Errs *errs);

/* A list as a one-sheet workbook into out (xlsx_list.c): header an array of strings, rows an
 * array of arrays of strings; formula-like strings neutralised as in CSV, plain numbers as
 * numbers. INSATS_OK or INSATS_ESTORAGE. */
int render_xlsx_list(const char *sheet, const json_t *header, const json_t *rows, Buf *out,
                     Errs *errs);
/* The A4 sheet of a survey's answer link for the training room, as PDF bytes appended to out
 * (survey_sheet.c): {"title", "url"} required, "project", "activity", "date", "closes"
 * optional, all strings. INSATS_EINPUT without title or url, INSATS_ESTORAGE. */
int render_survey_sheet(const json_t *sheet, Buf *out, Errs *errs);

/* Shared formatting, so that every renderer writes numbers the same Swedish way: */
void render_number(Buf *out, const json_t *v);   /* 1 234 567 (thin-space grouping: U+00A0 no-break space), 77,4 (decimal comma), "–" for null */
void render_kronor(Buf *out, const json_t *v);   /* "12 500 kr" */
void render_percent(Buf *out, const json_t *v);  /* "77,4 %" */
const char *render_yes_no(const json_t *v);      /* "Ja" / "Nej" / "–" */
const char *render_gender_sv(const char *key);   /* women→"Kvinnor", men→"Män", other→"Övriga/okänt", female→"Kvinnor"… */
/* Why a suppressed survey cell shows no figures, by its suppressed_reason: "färre än 5 svar",
 * or, for a cell hidden only so that a small one beside it cannot be worked out, "dold så att
 * små grupper inte kan räknas fram". Static string. */
const char *render_suppressed_sv(const json_t *cell);

/* The Swedish label of a value of one of the data model's lists (vocab.h, the table the web
 * forms read too), so that every renderer names things alike. Unknown values come back as the
 * key itself ("–" for NULL). Static strings. */
const char *render_label_sv(VocabList list, const char *key);


#endif
