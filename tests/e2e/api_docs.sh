#!/bin/bash
# api_docs.sh — runs every curl example of docs/api.md, in the order written, against
# `insats serve` on a free loopback port over the small demo project with a manager's token,
# and checks each answer: the status written under the example ("# → NNN …") and the JSON's
# shape (an error has "error" and "field"; a list "items" and "next"; else an object). Also
# checks that every /api/v1/ row of the route table has an example.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
DOC=$ROOT/docs/api.md
unset INSATS_TODAY     # the server's sessions and tokens live in real time

run demo --scale small --db d.db
expect_rc 0 "demo project made"
run --db d.db user add --login api --name "API test" --role manager
expect_rc 0 "manager account added"
run --db d.db user token api --name docs
expect_rc 0 "token made"
TOKEN=$(grep -o 'insats_[0-9a-f]*' "$T/out" | head -1)
export TOKEN

start_server d.db
pid=$server_pid
ok "the server started on $base"

# The examples: a curl command (its continuation lines joined) inside a ```sh block, and the
# status of the "# → NNN" line under it, one per line as STATUS<TAB>COMMAND.
awk '
    /^```sh$/ { inblock = 1; next }
    /^```/ { inblock = 0; cmd = ""; next }
    !inblock { next }
    /^# → [0-9][0-9][0-9]/ { if (cmd != "") print substr($3, 1, 3) "\t" cmd; cmd = ""; next }
    cont { c = $0; sub(/\\$/, "", c); cmd = cmd c; cont = ($0 ~ /\\$/); next }
    /^curl / { c = $0; sub(/\\$/, "", c); cmd = c; cont = ($0 ~ /\\$/); next }
' "$DOC" >"$T/examples"
n=$(wc -l <"$T/examples")
if [ "$n" -ge 30 ]; then ok "docs/api.md has $n curl examples"; else not_ok "only $n curl examples"; fi

i=0
while IFS=$'\t' read -r want cmd; do
    i=$((i + 1))
    cmd=${cmd//http:\/\/127.0.0.1:8080/$base}
    url=$(grep -o "$base[^ \"']*" <<<"$cmd" | head -1)
    got=$(bash -c "${cmd/curl /curl -o \"$T/body\" -w '%{http_code}' }")
    label="example $i ($want ${url#"$base"})"
    if [ "$got" != "$want" ]; then
        not_ok "$label: status $got"; head -c 300 "$T/body" | sed 's/^/#   /'; echo; continue
    fi
    path=${url#"$base"}
    if [ "$want" -ge 400 ]; then
        shape='(.error | type == "string") and has("field")'
    elif [[ ${path%%\?*} =~ ^/api/v1/[a-z]+$ ]] && [[ $cmd != *" -X "* ]]; then
        shape='(.items | type == "array") and has("next")'
    else
        shape='type == "object"'
    fi
    if jq -e "$shape" "$T/body" >/dev/null 2>&1; then ok "$label"; else
        not_ok "$label: not the shape $shape"; head -c 300 "$T/body" | sed 's/^/#   /'; echo
    fi
done <"$T/examples"

# Every endpoint of the route table has an example (a {id} matches one path segment).
grep -o '"/api/v1/[^"]*"' "$ROOT/src/web/routes.c" | tr -d '"' >"$T/patterns"
sed -n 's/.*API_READ("\([a-z]*\)".*/\/api\/v1\/\1\n\/api\/v1\/\1\/{id}/p' "$ROOT/src/web/routes.c" \
    >>"$T/patterns"
grep -v '^/api/v1/$' "$T/patterns" | sort -u >"$T/patterns.u"
grep -o '127.0.0.1:8080/api/v1/[^ "?]*' "$DOC" | sed 's/^127.0.0.1:8080//' | sort -u >"$T/paths"
missing=0
while read -r pat; do
    re="^$(sed 's/{[a-z]*}/[^\/]+/g' <<<"$pat")$"
    if ! grep -qE "$re" "$T/paths"; then not_ok "no example for $pat"; missing=1; fi
done <"$T/patterns.u"
[ "$missing" -eq 0 ] && ok "every endpoint ($(wc -l <"$T/patterns.u")) has an example"

kill -TERM "$pid"
wait "$pid"
src=$?
if [ "$src" -eq 0 ]; then ok "the server stopped cleanly"; else not_ok "the server exited $src"; fi
if grep -qE 'Sanitizer|runtime error:' "$T/serve.err"; then not_ok "sanitizer report"; \
    sed -n '1,30p' "$T/serve.err"; fi
