# web_layers.sh — the web layer writes pages only through the page writer, and sees no SQL.
# Escaping is the default in src/web/page.c (page_printf, page_urlf, page_attr, page_text);
# markup that is not data goes through page_raw with string literals; the layout puts a
# handler's content into the document with page_append_page; only server.c turns a page into a
# response. Anything else that writes into a page or a response is refused here, and so is a
# route table row without a role rule or a state-changing row without a CSRF check.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$FIX/../../src" && pwd)
WEB="$SRC/web"

found=$(grep -lE '#include ("db\.h"|"migrate\.h"|<sqlite3\.h>)' "$WEB"/*.[ch] 2>/dev/null)
[ -z "$found" ] && ok "src/web includes no storage header" \
    || not_ok "src/web includes a storage header: $found"
found=$(grep -nE 'sqlite3_|db_prepare|db_stmt|db_begin|"(SELECT|INSERT|UPDATE|DELETE|WITH) ' \
    "$WEB"/*.[ch] 2>/dev/null)
[ -z "$found" ] && ok "src/web runs no SQL" || not_ok "src/web runs SQL: $found"

# Lines of src/web outside the files allowed to do a thing: $1 regex, $2… allowed files.
outside() {
    re=$1; shift
    for f in "$WEB"/*.c "$WEB"/*.h; do
        base=$(basename "$f")
        skip=""
        for a in "$@"; do [ "$base" = "$a" ] && skip=1; done
        [ -n "$skip" ] && continue
        grep -nE "$re" "$f" | sed "s|^|$base:|"
    done
}

# Direct writes into a buffer: only the page writer and the response glue own buffers.
found=$(outside '\b(buf_puts|buf_putc|buf_append|buf_printf|buf_vprintf)\s*\(' page.c server.c \
    ctx.c router.c session.c)
[ -z "$found" ] && ok "no page is written around the page writer" \
    || not_ok "direct buffer writes in src/web: $found"
found=$(outside '(->|\.)body\b' page.c server.c)
[ -z "$found" ] && ok "a page's buffer is touched only by the page writer and the response glue" \
    || not_ok "a page's buffer used directly: $found"
# The writers that escape nothing, and the report layer's escapers, are the page writer's own.
found=$(outside '\b(esc_raw_literal|esc_printf|esc_vformat|esc_html_text|esc_html_attr|esc_markdown_html)\s*\(' \
    page.c server.c)
[ -z "$found" ] && ok "the escapers are reached only through the page writer" \
    || not_ok "escapers called around the page writer: $found"
found=$(outside '\b(page_raw_|page_printf_|page_urlf_|page_attr_|page_url_)\s*\(' page.c page.h)
[ -z "$found" ] && ok "no page writer function is called around its literal-only macro" \
    || not_ok "a page writer function called without its macro: $found"
found=$(outside 'page_raw\s*\([^,]*,\s*[^" ]' page.h)
[ -z "$found" ] && ok "page_raw is given string literals only" \
    || not_ok "page_raw with something that is not a literal: $found"
found=$(outside '\bpage_append_page\s*\(' layout.c page.c page.h)
[ -z "$found" ] && ok "only the layout puts one page into another" \
    || not_ok "page_append_page outside the layout: $found"
found=$(outside '\bMHD_(create_response|queue_response|add_response_header)' server.c)
[ -z "$found" ] && ok "only server.c makes responses" \
    || not_ok "responses made outside server.c: $found"
found=$(outside '\b(printf|puts|fputs|fwrite|write|send)\s*\(' server.c assets.c)
[ -z "$found" ] && ok "no page handler prints" || not_ok "output around the page writer: $found"

# A route row without roles, or a state-changing one without CSRF, does not compile.
CC=${CC:-cc}
INC="-I$SRC/core -I$SRC/report -I$SRC/web"
try_row() {  # $1: the ROUTE(...) row; prints the compiler's exit status
    printf '#include "router.h"\nstatic int h(Ctx *c, Page *p) { (void)c; (void)p; return 200; }\n%s\nconst Route *x(void);\nconst Route *x(void) { return r; }\n' \
        "static const Route r[] = { $1 };" > "$T/row.c"
    $CC -std=c17 -fsyntax-only $INC "$T/row.c" 2>"$T/row.err"
    echo $?
}
[ "$(try_row 'ROUTE(WEB_GET, "/x", h, ROLE_BIT(ROLE_MANAGER), 0, NULL)')" = 0 ] \
    && ok "a route row with its roles compiles" || { not_ok "a good route row does not compile"; sed 's/^/#   /' "$T/row.err" | head -5; }
[ "$(try_row 'ROUTE(WEB_GET, "/x", h, 0, 0, NULL)')" != 0 ] && grep -q 'a route needs its roles' "$T/row.err" \
    && ok "a route row without roles does not compile" || not_ok "a route row without roles compiles"
[ "$(try_row 'ROUTE(WEB_POST, "/x", h, ROLES_ALL, 0, NULL)')" != 0 ] && grep -q 'needs ROUTE_CSRF' "$T/row.err" \
    && ok "a POST row without a CSRF check does not compile" || not_ok "a POST row without CSRF compiles"
