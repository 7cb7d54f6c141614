/* err.c — the list of user-facing messages of a failed operation (see err.h). */
#include "err.h"
#include "i18n.h"
#include "pnr.h"
#include "util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>

void errs_init(Errs *e)
{
    e->msgs = NULL;
    e->fields = NULL;
    e->count = e->dropped = e->cap = 0;
}

void errs_free(Errs *e)
{
    for (size_t i = 0; i < e->count; i++) {
        free(e->msgs[i]);
        free(e->fields[i]);
    }
    free(e->msgs);
    free(e->fields);
    errs_init(e);
}

/* Writes each control character of msg as an escape (\n, \t, \xHH): a message is one line,
 * and a line break, an escape sequence or a carriage return copied from the user's file would
 * otherwise split it, recolour the terminal or hide what came before. Takes msg (malloc'd),
 * returns the text to keep. */
static char *errs_escape_controls(char *msg)
{
    size_t i = 0;
    while (msg[i] && !utf8_control_len(msg + i))
        i++;
    if (!msg[i])
        return msg;
    Buf b = {0};
    buf_append(&b, msg, i);
    while (msg[i])
        i += buf_put_char_escaped(&b, msg + i);
    free(msg);
    return buf_steal(&b);
}

/* Stores one message with its field (NULL: none), in the thread's language: the format is a
 * message id (scripts/po-update.sh collects the formats of errs_add and errs_add_field). */
static void errs_vadd(Errs *e, const char *field, const char *fmt, va_list ap)
{
    if (e->count >= ERRS_CAP) {
        e->dropped++;
        return;
    }
    if (e->count == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->msgs = xrealloc(e->msgs, e->cap * sizeof *e->msgs);
        e->fields = xrealloc(e->fields, e->cap * sizeof *e->fields);
    }
    Buf b = {0};
    buf_vprintf(&b, i18n_gettext(fmt), ap);
    if (b.data)
        pnr_scrub(b.data);
    char *msg = buf_steal(&b);
    e->msgs[e->count] = msg ? errs_escape_controls(msg) : NULL;
    e->fields[e->count++] = field ? xstrdup(field) : NULL;
}

void errs_add(Errs *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    errs_vadd(e, NULL, fmt, ap);
    va_end(ap);
}

void errs_add_field(Errs *e, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    errs_vadd(e, field, fmt, ap);
    va_end(ap);
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
        fprintf(out,
                _n("insats: … and %zu more error (only the first %d are shown)\n",
                   "insats: … and %zu more errors (only the first %d are shown)\n", e->dropped),
                e->dropped, ERRS_CAP);
}
