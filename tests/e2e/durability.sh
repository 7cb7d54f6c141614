# durability.sh — `kill -9` at random points during a 100,000-row import leaves either none or
# all of it, and a database that passes integrity_check with an empty foreign_key_check.
# Uses the optimised build so that the import is long enough to be hit at many points.
. "$(dirname "$0")/lib.sh"
BIN=${INSATS_REL:-$INSATS}

# A project with 1,000 people and one activity of 100 sessions, then 100,000 attendance rows.
awk 'BEGIN {
    printf "{\"format\":\"insats-bundle\",\"version\":1,\n"
    printf "\"project\":{\"id\":\"dur\",\"name\":\"Hållbarhetsprov\",\"start\":\"2012-01-01\",\"end\":\"2013-12-31\"},\n"
    printf "\"organisations\":[{\"id\":\"o1\",\"name\":\"Provby kommun\",\"kind\":\"municipality\"}],\n"
    printf "\"people\":["
    for (i = 1; i <= 1000; i++) printf "%s{\"id\":\"p%04d\",\"name\":\"Person %d\",\"gender\":\"%s\",\"organisation\":\"o1\"}", (i>1?",":""), i, i, (i%2?"female":"male")
    printf "],\n\"interventions\":[{\"id\":\"i1\",\"title\":\"Utbildningsinsatser\"}],\n"
    printf "\"activities\":[{\"id\":\"a1\",\"intervention\":\"i1\",\"title\":\"Kurs\",\"kind\":\"training\",\"status\":\"held\",\"sessions\":["
    for (s = 1; s <= 100; s++) printf "%s{\"id\":\"s%03d\",\"date\":\"2012-%02d-%02d\",\"hours\":2}", (s>1?",":""), s, (s-1)%12+1, (s-1)%28+1
    printf "]}]}\n"
}' > base.json
"$BIN" --db base.db import base.json >/dev/null 2>"$T/err" || { not_ok "base import"; cat "$T/err"; exit 1; }
awk 'BEGIN { print "aktivitet;tillfälle;deltagare;närvaro"
    for (s = 1; s <= 100; s++) for (i = 1; i <= 1000; i++) printf "a1;s%03d;p%04d;%s\n", s, i, ((s+i)%7 ? "ja" : "nej") }' > rows.csv
[ "$(wc -l < rows.csv)" -eq 100001 ] && ok "100,000 attendance rows generated" || not_ok "row count"

# How long a full import takes here, to spread the kills over it.
cp base.db full.db; cp base.db.key full.db.key
start=$(date +%s%N)
"$BIN" --db full.db import rows.csv --kind attendance >/dev/null 2>"$T/err"
full_rc=$?
ns=$(( $(date +%s%N) - start ))
[ "$full_rc" -eq 0 ] && ok "an uninterrupted import succeeds" || { not_ok "uninterrupted import (exit $full_rc)"; cat "$T/err"; }
n=$(sqlite3 full.db "SELECT count(*) FROM attendance")
[ "$n" -eq 100000 ] && ok "an uninterrupted import stores all 100,000 rows" || not_ok "stored $n rows"

seen_none=0; seen_all=0
for trial in 1 2 3 4 5 6 7 8 9 10; do
    rm -f t.db t.db-wal t.db-shm; cp base.db t.db; cp base.db.key t.db.key
    # A random point from just after start to a little past the expected end.
    delay_ns=$(( $(od -An -N4 -tu4 /dev/urandom) % (ns * 12 / 10 + 1) ))
    "$BIN" --db t.db import rows.csv --kind attendance >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v n="$delay_ns" 'BEGIN { printf "%.4f", n / 1e9 }')"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    n=$(sqlite3 t.db "SELECT count(*) FROM attendance")
    ic=$(sqlite3 t.db "PRAGMA integrity_check")
    fk=$(sqlite3 t.db "PRAGMA foreign_key_check")
    people=$(sqlite3 t.db "SELECT count(*) FROM person")
    if { [ "$n" -eq 0 ] || [ "$n" -eq 100000 ]; } && [ "$ic" = "ok" ] && [ -z "$fk" ] && [ "$people" -eq 1000 ]; then
        ok "kill -9 trial $trial after $((delay_ns / 1000000)) ms: $n rows, integrity ok, no dangling keys"
    else
        not_ok "kill -9 trial $trial: $n rows, integrity '$ic', foreign keys '$fk', people $people"
    fi
    [ "$n" -eq 0 ] && seen_none=$((seen_none + 1))
    [ "$n" -eq 100000 ] && seen_all=$((seen_all + 1))
done
echo "# trials that left none: $seen_none, all: $seen_all (import took $((ns / 1000000)) ms)"
