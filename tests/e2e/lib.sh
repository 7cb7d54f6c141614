# lib.sh — shared helpers for the end-to-end tests, which drive the insats binary and print
# TAP lines. Source it: `. "$(dirname "$0")/lib.sh"`. Each test script runs in its own
# temporary directory, removed at exit.
set -u
: "${INSATS:?INSATS must name the binary under test}"
FIX=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export INSATS_TODAY=2026-11-24
unset INSATS_DB INSATS_KEY
# The command line speaks Swedish unless asked otherwise; these tests read its messages in
# English, the language most of them were written in. tests/e2e/i18n.sh checks the Swedish.
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=en_US.UTF-8

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

# run CMD… : runs insats with the arguments, keeping stdout in $T/out, stderr in $T/err and
# the exit status in $rc. A sanitizer report fails the script at once.
run() {
    "$INSATS" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -eq 86 ] || grep -qE 'Sanitizer|runtime error:' "$T/err"; then
        not_ok "sanitizer report from: insats $*"
        sed -n '1,30p' "$T/err"
    fi
    return 0
}

# expect_rc N DESCRIPTION : the last run exited with N.
expect_rc() {
    if [ "$rc" -eq "$1" ]; then ok "$2"; else
        not_ok "$2 (exit $rc, expected $1)"; sed -n '1,10p' "$T/err" | sed 's/^/#   /'
    fi
}

# expect_err TEXT DESCRIPTION : stderr of the last run contains TEXT (fixed string).
expect_err() {
    if grep -qF -- "$1" "$T/err"; then ok "$2"; else
        not_ok "$2 (stderr lacks: $1)"; sed -n '1,10p' "$T/err" | sed 's/^/#   /'
    fi
}

# expect_out TEXT DESCRIPTION : stdout of the last run contains TEXT (fixed string).
expect_out() {
    if grep -qF -- "$1" "$T/out"; then ok "$2"; else
        not_ok "$2 (stdout lacks: $1)"; sed -n '1,10p' "$T/out" | sed 's/^/#   /'
    fi
}

# same FILE1 FILE2 DESCRIPTION : the two files are byte-identical.
same() {
    if cmp -s "$1" "$2"; then ok "$3"; else
        not_ok "$3"; diff "$1" "$2" | sed -n '1,10p' | sed 's/^/#   /'
    fi
}

# snapshot DB : prints a dump of every table (the data, not the file bytes), so that two
# states of a database can be compared.
snapshot() {
    sqlite3 "$1" .dump | grep -v '^PRAGMA'
}

# start_server DB [OPTION…] : runs `insats serve` on a free loopback port in the background,
# setting $base (its address) and $server_pid; the script ends if it does not come up. The
# script stops it with `kill "$server_pid"`.
start_server() {
    db=$1; shift
    "$INSATS" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
    server_pid=$!
    base=""
    for _ in $(seq 200); do
        base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$T/serve.out" | head -1)
        [ -n "$base" ] && break
        sleep 0.1
    done
    if [ -z "$base" ]; then
        not_ok "the server started"; cat "$T/serve.err"; kill "$server_pid"; exit 1
    fi
}
