/* err.c — the list of user-facing messages of a failed operation (see err.h). */
#include "err.h"
#include "pnr.h"
#include "util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>

void errs_init(Errs *e)
{
    e->msgs = NULL;
    e->count = e->dropped = e->cap = 0;
}

void errs_free(Errs *e)
{
    for (size_t i = 0; i < e->count; i++)
        free(e->msgs[i]);
    free(e->msgs);
    errs_init(e);
}

void errs_add(Errs *e, const char *fmt, ...)
{
    if (e->count >= ERRS_CAP) {
        e->dropped++;
        return;
    }
    if (e->count == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->msgs = xrealloc(e->msgs, e->cap * sizeof *e->msgs);
    }
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.data)
        pnr_scrub(b.data);
    e->msgs[e->count++] = buf_steal(&b);
}

size_t errs_total(const Errs *e)
{
    return e->count + e->dropped;
}

void errs_print(const Errs *e, FILE *out)
{
    for (size_t i = 0; i < e->count; i++)
        fprintf(out, "insats: %s\n", e->msgs[i]);
    if (e->dropped)
        fprintf(out, "insats: … and %zu more errors (only the first %d are shown)\n",
                e->dropped, ERRS_CAP);
}
