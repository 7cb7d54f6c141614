#!/bin/sh
# Runs every test and ends with the line "N passed, N failed".
# Unit tests are cmocka programs (TAP output); end-to-end tests are shell scripts in tests/e2e
# that drive the insats binary and print TAP lines ("ok - …" / "not ok - …").
# Environment: INSATS (binary under test, sanitized), INSATS_REL (optimised build, for the
# large durability test), UNIT_DIR (directory of unit test binaries), FUZZ_DIR (directory of
# the fuzz harnesses built with the corpus replay driver, tests/fuzz/replay.c), TEST_JOBS (how
# many test programs run at once; by default one more than the machine has cores, since many
# tests spend their time waiting on a server or a disk).
# Every program has its own temporary directory and its servers listen on port 0, so they can
# run side by side; the results are printed in one fixed order whatever order they end in.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${INSATS:=build/asan/insats}" "${INSATS_REL:=build/insats}" "${UNIT_DIR:=build/asan/tests}"
: "${FUZZ_DIR:=build/asan/fuzz}"
: "${TEST_JOBS:=$(($(nproc 2>/dev/null || echo 1) + 1))}"
INSATS=$(cd "$(dirname "$INSATS")" && pwd)/$(basename "$INSATS")
INSATS_REL=$(cd "$(dirname "$INSATS_REL")" && pwd)/$(basename "$INSATS_REL")
export INSATS INSATS_REL
# Sanitizer findings must fail the test that triggered them, with an exit code no test expects.
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$here/lsan.supp"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=86:print_stacktrace=1"
export CMOCKA_MESSAGE_OUTPUT=TAP

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One line per test program: its name, then the command that runs it. The end-to-end scripts
# come first because they are the longest; starting them early keeps every core busy to the end.
jobs="$out/jobs"
: >"$jobs"
for t in "$here"/e2e/*.sh; do
    [ "$(basename "$t")" = lib.sh ] && continue
    [ -f "$t" ] || continue
    printf 'e2e/%s\tbash %s\n' "$(basename "$t" .sh)" "$t" >>"$jobs"
done
for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    printf '%s\t%s\n' "$(basename "$t")" "$t" >>"$jobs"
done
# Each fuzz harness replays its corpus, one TAP line per input.
for t in "$FUZZ_DIR"/replay_*; do
    [ -x "$t" ] || continue
    name=${t##*/replay_}
    printf 'fuzz/%s\t%s %s\n' "$name" "$t" "$here/fuzz/corpus/$name" >>"$jobs"
done

# Job N writes its output to $out/N.log and its exit status to $out/N.rc.
export out
awk -F '\t' '{ print NR "\t" $2 }' "$jobs" |
    xargs -P "$TEST_JOBS" -I '{}' sh -c '
        n=$(printf "%s" "$1" | cut -f1); cmd=$(printf "%s" "$1" | cut -f2-)
        $cmd >"$out/$n.log" 2>&1; echo $? >"$out/$n.rc"' sh '{}'

passed=0
failed=0
n=0
while IFS="$(printf '\t')" read -r name cmd; do
    n=$((n + 1))
    log="$out/$n.log"
    status=$(cat "$out/$n.rc" 2>/dev/null || echo 127)
    p=$(grep -c '^ok ' "$log" 2>/dev/null)
    f=$(grep -c '^not ok ' "$log" 2>/dev/null)
    grep '^not ok ' "$log" 2>/dev/null | sed "s|^|  $name: |"
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        # A crash, a sanitizer report or a leak: the program failed even if its checks passed.
        echo "  $name: exited with status $status"
        sed -n '1,40p' "$log" | grep -E 'Sanitizer|runtime error|SUMMARY|ERROR' | head -5 |
            sed 's/^/    /'
        f=$((f + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    printf '%-34s %4d passed, %d failed\n' "$name" "$p" "$f"
done <"$jobs"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
