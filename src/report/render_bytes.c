/* render_bytes.c — a report JSON in any of its formats as bytes in memory, with the format's
 * content type and file name extension: what a download over HTTP needs. The PDF and XLSX
 * renderers write files (through outfile.c); their file goes to a private temporary directory
 * and is read back and removed. */
#include "bundle.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const RenderFormat FORMATS[] = {
    {"html", "text/html; charset=utf-8", "html"},
    {"md", "text/markdown; charset=utf-8", "md"},
    {"pdf", "application/pdf", "pdf"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"json", "application/json", "json"},
};

const RenderFormat *render_format(const char *name)
{
    for (size_t i = 0; name && i < sizeof FORMATS / sizeof *FORMATS; i++)
        if (strcmp(FORMATS[i].name, name) == 0)
            return &FORMATS[i];
    return NULL;
}

/* Renders to a file in a new private directory and reads it back into out. */
static int render_via_file(const json_t *report, const RenderFormat *f, Buf *out, Errs *errs)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/insats-render-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        errs_add(errs, "cannot make a temporary directory for the %s", f->name);
        free(dir);
        return INSATS_ESTORAGE;
    }
    char *path = xasprintf("%s/report.%s", dir, f->ext);
    int rc = strcmp(f->name, "pdf") == 0 ? render_pdf(report, path, errs)
                                         : render_xlsx(report, path, errs);
    if (rc == INSATS_OK) {
        FILE *in = fopen(path, "rb");
        char chunk[65536];
        size_t n;
        if (!in) {
            errs_add(errs, "cannot read back the %s just written", f->name);
            rc = INSATS_ESTORAGE;
        }
        while (in && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
            buf_append(out, chunk, n);
        if (in && ferror(in)) {
            errs_add(errs, "cannot read back the %s just written", f->name);
            rc = INSATS_ESTORAGE;
        }
        if (in)
            fclose(in);
    }
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    return rc;
}

static int buf_sink(const char *buffer, size_t size, void *data)
{
    buf_append(data, buffer, size);
    return 0;
}

int render_bytes(const json_t *report, const RenderFormat *f, Buf *out, Errs *errs)
{
    if (strcmp(f->name, "html") == 0)
        return render_html(report, out, errs);
    if (strcmp(f->name, "md") == 0)
        return render_md(report, out, errs);
    if (strcmp(f->name, "json") == 0) {
        /* the JSON exactly as `insats report … --format json` writes it */
        bundle_dump(report, 0, buf_sink, out);
        buf_putc(out, '\n');
        return INSATS_OK;
    }
    return render_via_file(report, f, out, errs);
}
