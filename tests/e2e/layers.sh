# layers.sh — the arrows point down only: nothing above the core library sees SQL. Every layer
# outside src/core/ (the command line, the report layer, the web server and any layer added
# later) reaches the database through db_handle.h (an opaque handle), never through the core's
# storage headers (db.h, stmt.h, migrate.h, rec.h) or SQLite's own, calls no sqlite3_ function,
# writes no SQL of its own, and gets a report through report_get() (frozen periods honoured),
# never report_compute(). The unit tests and fuzz harnesses in tests/ test the core from inside and
# may include db.h.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$FIX/../../src" && pwd)

STORAGE_INCLUDE='#[[:space:]]*include[[:space:]]*("db\.h"|"rec\.h"|"stmt\.h"|"migrate\.h"|"report_compute\.h"|<sqlite3\.h>|"sqlite3\.h")'
RAW_SQL='sqlite3_|db_prepare|db_stmt|stmt_cached|stmt_prepare|db_tx_|report_compute|"(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|PRAGMA) '

# scan DIR: prints each C file of DIR (recursively) that breaks the rules, with the rule.
scan() {
    grep -rlE --include='*.[ch]' "$STORAGE_INCLUDE" "$1" 2>/dev/null | sed 's/$/: includes a storage header/'
    grep -rlE --include='*.[ch]' "$RAW_SQL" "$1" 2>/dev/null | sed 's/$/: runs SQL or calls SQLite/'
}

# The check itself must catch what it is for: a planted file of each kind is found.
mkdir -p "$T/plant/web"
printf '#include "db.h"\n' >"$T/plant/web/a.c"
printf '#include <sqlite3.h>\n' >"$T/plant/web/b.h"
printf 'void f(void) { sqlite3_open("x", 0); }\n' >"$T/plant/web/c.c"
printf 'static const char *q = "SELECT 1";\n' >"$T/plant/web/d.c"
printf 'int g(void) { return report_compute(0, 0, 0, 0, 0, 0); }\n' >"$T/plant/web/e.c"
printf '#include "db_handle.h"\nint h(void) { return 0; }\n' >"$T/plant/web/fine.c"
found=$(scan "$T/plant" | sed 's|.*/||' | sort | tr '\n' ' ')
[ "$found" = "a.c: includes a storage header b.h: includes a storage header c.c: runs SQL or calls SQLite d.c: runs SQL or calls SQLite e.c: runs SQL or calls SQLite " ] \
    && ok "the layer check finds storage headers, SQLite calls, SQL and report_compute" \
    || not_ok "the layer check missed a planted file: $found"

layers=0
for dir in "$SRC"/*/; do
    name=$(basename "$dir")
    [ "$name" = core ] && continue
    layers=$((layers + 1))
    bad=$(scan "$dir")
    [ -z "$bad" ] && ok "src/$name neither includes a storage header nor runs SQL" \
        || not_ok "src/$name reaches below the core's interface: $bad"
done
[ "$layers" -ge 2 ] && ok "the layers above the core were checked ($layers)" \
    || not_ok "expected src/cli and src/report at least, found $layers layers"

bad=""
for h in "$SRC"/core/*.h; do
    case $h in */db.h|*/migrate.h|*/rec.h|*/stmt.h|*/report_compute.h) continue ;; esac
    grep -qE "$STORAGE_INCLUDE" "$h" && bad="$bad $(basename "$h")"
done
[ -z "$bad" ] && ok "the core's interface headers name the database only through db_handle.h" \
    || not_ok "headers of the core's interface pull in the storage layer:$bad"

# stmt.h is the wrapper new code uses so that another engine changes one file: it names no
# SQLite type.
grep -qE 'sqlite3|SQLITE_' "$SRC/core/stmt.h" && not_ok "stmt.h names SQLite" \
    || ok "stmt.h names no SQLite type"
