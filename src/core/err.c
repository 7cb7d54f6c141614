/* err.c — the list of user-facing messages of a failed operation (see err.h). */
#include "err.h"
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

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t digit_run(const char *s)
{
    size_t n = 0;
    while (is_digit(s[n]))
        n++;
    return n;
}

/* Masks, in place, the last four digits of anything shaped like a personnummer or
 * samordningsnummer: YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN, or 10 or 12 digits in a row.
 * Messages quote what the user gave, and a personnummer in the wrong column (a shifted CSV
 * row, a number used as an id) must not reach a terminal or a log in full. Masking a number
 * that only looks like one costs nothing. */
static void scrub_personnummer(char *msg)
{
    for (size_t i = 0; msg[i];) {
        if (!is_digit(msg[i]) || (i > 0 && is_digit(msg[i - 1]))) {
            i++;
            continue;
        }
        size_t head = digit_run(msg + i);
        char *tail = NULL;
        if ((head == 8 || head == 6) && (msg[i + head] == '-' || msg[i + head] == '+') &&
            digit_run(msg + i + head + 1) == 4)
            tail = msg + i + head + 1;
        else if (head == 12 || head == 10)
            tail = msg + i + head - 4;
        if (tail) {
            memcpy(tail, "****", 4);
            i = (size_t)(tail + 4 - msg);
        } else {
            i += head;
        }
    }
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
        scrub_personnummer(b.data);
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
