#!/bin/bash
# bench/run.sh — `make bench`: generates the large demo data and measures import of the large
# bundle, import of a 1,000,000-row attendance CSV, and export; each with rows/s and peak RSS
# (from /usr/bin/time -v). A measurement script, not a test: it prints figures and the targets
# of the issue beside them, and never fails on a slow machine.
set -eu
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$(cd "$(dirname "$0")" && pwd)/out
rm -rf "$OUT"; mkdir -p "$OUT"; cd "$OUT"
export INSATS_TODAY=2026-11-24

# measure NAME ROWS CMD… : runs CMD under /usr/bin/time -v and prints one line of figures.
# ROWS "-" takes the count of records from the command's own summary ("… N records").
measure() {
    local name=$1 rows=$2; shift 2
    /usr/bin/time -v -o time.txt "$@" >out.txt 2>err.txt || { echo "$name FAILED"; cat err.txt; exit 1; }
    [ "$rows" = "-" ] && rows=$(grep -o '[0-9]* records' out.txt | grep -o '[0-9]*')
    local secs rss
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' time.txt)
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' time.txt)
    printf '%-34s %9s rows %8.2f s %12s rows/s %9s MB peak RSS\n' "$name" "$rows" "$secs" \
        "$(awk -v r="$rows" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')" "$rss"
    eval "${name//[^a-z_]/_}_secs=$secs; ${name//[^a-z_]/_}_rss=$rss"
}

echo "insats benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
measure "demo_large_bundle" 0 "$BIN" demo --scale large -o large.json
ls -l large.json | awk '{ printf "large bundle: %.1f MB\n", $5 / 1048576 }'

measure "import_large_bundle" - "$BIN" --db large.db import large.json
records=$(grep -o '[0-9]* records' out.txt | grep -o '[0-9]*')

measure "export_large" "$records" "$BIN" --db large.db export -o export.json
ls -l export.json | awk '{ printf "exported bundle: %.1f MB\n", $5 / 1048576 }'
cmp -s large.json export.json && echo "export is byte-identical to the imported bundle" \
    || echo "note: export differs from the demo bundle (ordering)"

# A 1,000,000-row attendance list as an office would export it (semicolons, Swedish headers),
# imported into the large project with its attendance removed, so every row is new.
sqlite3 -separator ';' large.db "SELECT a.code, s.code, p.code, CASE t.present WHEN 1 THEN 'ja' ELSE 'nej' END
    FROM attendance t JOIN session s ON s.id = t.session_id JOIN activity a ON a.id = s.activity_id
    JOIN person p ON p.id = t.person_id ORDER BY a.code, s.code, p.code" > body.csv
{ echo "aktivitet;tillfälle;deltagare;närvaro"; head -n 1000000 body.csv; } > attendance.csv
csv_rows=$(( $(wc -l < attendance.csv) - 1 ))
cp large.db csv.db; cp large.db.key csv.db.key
sqlite3 csv.db "DELETE FROM attendance; VACUUM;"
measure "import_attendance_csv" "$csv_rows" "$BIN" --db csv.db import attendance.csv --kind attendance

echo
echo "targets (2-core machine):"
printf '  1M-row attendance CSV  %6.2f s (target <= 5 s, ratio %.2f)  %7s MB (target <= 100 MB, ratio %.2f)\n' \
    "$import_attendance_csv_secs" "$(awk -v s="$import_attendance_csv_secs" 'BEGIN { print s / 5 }')" \
    "$import_attendance_csv_rss" "$(awk -v r="$import_attendance_csv_rss" 'BEGIN { print r / 100 }')"
printf '  large bundle import    %6.2f s (target <= 20 s, ratio %.2f)\n' \
    "$import_large_bundle_secs" "$(awk -v s="$import_large_bundle_secs" 'BEGIN { print s / 20 }')"
if [ "$csv_rows" -ne 1000000 ]; then
    echo "  note: the large demo holds $csv_rows attendance rows, not 1,000,000"
fi
