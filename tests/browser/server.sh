# server.sh — the browser tests' server: a fresh demo project with one account per role, served
# on a free loopback port. Source it from a script of tests/e2e (after lib.sh, which gives the
# temporary directory $T and $INSATS), then:
#   demo_server_start   creates $T/browser.db (`insats demo --scale small`) and its accounts
#                       (`insats user demo`, written to $T/accounts.tsv), starts
#                       `insats serve --listen 127.0.0.1:0` and exports INSATS_URL (read from
#                       the server's "listening on" line), INSATS_ACCOUNTS and INSATS_DB for
#                       the node scripts (tests/browser/lib.mjs reads them); returns 1 when the
#                       server does not come up
#   demo_server_stop    stops that server (its own PID only) and prints a TAP line: it stopped
#                       cleanly, with no sanitizer report
# Both print TAP lines for what goes wrong.

demo_server_pid=""

demo_server_start() {
    if ! "$INSATS" demo --scale small --db "$T/browser.db" >"$T/demo.out" 2>&1; then
        not_ok "insats demo: $(tail -3 "$T/demo.out")"; return 1
    fi
    # LOGIN ROLE ORGANISATION PASSWORD, a header line first.
    if ! "$INSATS" --db "$T/browser.db" user demo >"$T/users.out" 2>&1; then
        not_ok "insats user demo: $(tail -3 "$T/users.out")"; return 1
    fi
    awk 'NR > 1 && NF == 4 { print $1 "\t" $2 "\t" $3 "\t" $4 }' "$T/users.out" >"$T/accounts.tsv"
    "$INSATS" --db "$T/browser.db" serve --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
    demo_server_pid=$!
    # The server prints its address once it listens; wait for that line (or its end).
    INSATS_URL=""
    for _ in $(seq 600); do
        INSATS_URL=$(sed -n 's|^insats serve: listening on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' \
            "$T/serve.out")
        [ -n "$INSATS_URL" ] && break
        kill -0 "$demo_server_pid" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$INSATS_URL" ]; then
        not_ok "the server did not start: $(head -5 "$T/serve.err")"
        demo_server_stop >/dev/null
        return 1
    fi
    INSATS_ACCOUNTS=$T/accounts.tsv
    INSATS_DB=$T/browser.db
    export INSATS_URL INSATS_ACCOUNTS INSATS_DB
}

demo_server_stop() {
    [ -n "$demo_server_pid" ] || return 0
    kill -TERM "$demo_server_pid" 2>/dev/null
    wait "$demo_server_pid"
    local src=$?
    demo_server_pid=""
    if [ "$src" -eq 0 ] && ! grep -qE 'Sanitizer|runtime error:' "$T/serve.err"; then
        ok "the server stopped cleanly after the browser tests"
    else
        not_ok "the server ended with status $src"
        grep -E -A20 'Sanitizer|runtime error:' "$T/serve.err" | head -30 | sed 's/^/#   /'
    fi
}
