#!/bin/sh
# Runs every test and ends with the line "N passed, N failed".
# Unit tests are cmocka programs (TAP output); end-to-end tests are shell scripts in tests/e2e
# that drive the insats binary and print TAP lines ("ok - …" / "not ok - …").
# Environment: INSATS (binary under test, sanitized), INSATS_REL (optimised build, for the
# large durability test), UNIT_DIR (directory of unit test binaries), FUZZ_DIR (directory of
# the fuzz harnesses built with the corpus replay driver, tests/fuzz/replay.c).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${INSATS:=build/asan/insats}" "${INSATS_REL:=build/insats}" "${UNIT_DIR:=build/asan/tests}"
: "${FUZZ_DIR:=build/asan/fuzz}"
INSATS=$(cd "$(dirname "$INSATS")" && pwd)/$(basename "$INSATS")
INSATS_REL=$(cd "$(dirname "$INSATS_REL")" && pwd)/$(basename "$INSATS_REL")
export INSATS INSATS_REL
# Sanitizer findings must fail the test that triggered them, with an exit code no test expects.
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$here/lsan.supp"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=86:print_stacktrace=1"
export CMOCKA_MESSAGE_OUTPUT=TAP

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {  # $1: name of the test program, output in $log, $2: its exit status
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    grep '^not ok ' "$log" | sed "s|^|  $1: |"
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
        # A crash, a sanitizer report or a leak: the program failed even if its checks passed.
        echo "  $1: exited with status $2"
        sed -n '1,40p' "$log" | grep -E 'Sanitizer|runtime error|SUMMARY|ERROR' | head -5 | sed 's/^/    /'
        f=$((f + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    printf '%-34s %4d passed, %d failed\n' "$1" "$p" "$f"
}

for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$log" 2>&1
    count "$(basename "$t")" $?
done

# Each fuzz harness replays its corpus, one TAP line per input.
for t in "$FUZZ_DIR"/replay_*; do
    [ -x "$t" ] || continue
    name=${t##*/replay_}
    "$t" "$here/fuzz/corpus/$name" >"$log" 2>&1
    count "fuzz/$name" $?
done

for t in "$here"/e2e/*.sh; do
    [ "$(basename "$t")" = lib.sh ] && continue
    [ -f "$t" ] || continue
    bash "$t" >"$log" 2>&1
    count "e2e/$(basename "$t" .sh)" $?
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
