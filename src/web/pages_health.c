/* pages_health.c — GET /healthz: "ok", from memory, so that a monitor (and the benchmark's
 * floor) measures the server itself and not the database. */
#include "pages.h"

int page_healthz(Ctx *c, Page *p)
{
    (void)c;
    static const char ok[] = "ok\n";
    page_bytes(p, "text/plain; charset=utf-8", NULL, ok, sizeof ok - 1);
    return 200;
}
