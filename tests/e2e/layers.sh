# layers.sh — the arrows point down only: nothing above the core library sees SQL. The command
# line and the report layer reach the database through db_handle.h (an opaque handle), never
# through db.h, migrate.h or SQLite's own header, and write no SQL of their own.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$FIX/../../src" && pwd)

for dir in cli report; do
    found=$(grep -lE '#include ("db\.h"|"migrate\.h"|<sqlite3\.h>)' "$SRC/$dir"/*.[ch] 2>/dev/null)
    [ -z "$found" ] && ok "src/$dir includes no storage header" \
        || not_ok "src/$dir includes a storage header: $found"
    found=$(grep -lE 'sqlite3_|db_prepare|db_stmt|db_begin|"(SELECT|INSERT|UPDATE|DELETE) ' \
        "$SRC/$dir"/*.[ch] 2>/dev/null)
    [ -z "$found" ] && ok "src/$dir runs no SQL" || not_ok "src/$dir runs SQL: $found"
done
bad=""
for h in "$SRC"/core/*.h; do
    case $h in */db.h|*/migrate.h) continue ;; esac
    grep -qE '#include ("db\.h"|<sqlite3\.h>)' "$h" && bad="$bad $(basename "$h")"
done
[ -z "$bad" ] && ok "the core's interface headers name the database only through db_handle.h" \
    || not_ok "headers of the core's interface pull in the storage layer:$bad"
