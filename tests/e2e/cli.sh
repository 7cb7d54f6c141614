# cli.sh — the command line itself: help, usage errors, exit codes, --db and INSATS_DB, init.
. "$(dirname "$0")/lib.sh"

run --help
expect_rc 0 "insats --help exits 0"
expect_out "Commands:" "insats --help lists the commands"

for c in init demo import export list show check help; do
    run "$c" --help
    if [ "$rc" -eq 0 ] && grep -q "^usage: insats" "$T/out"; then ok "$c --help prints its usage"
    else not_ok "$c --help prints its usage (exit $rc)"; fi
done

run
expect_rc 2 "no command is a usage error"
run frobnicate
expect_rc 2 "an unknown command is a usage error"
expect_err 'no command "frobnicate"' "an unknown command is named"
run list --db
expect_rc 2 "--db without a value is a usage error"
run demo --scale huge
expect_rc 2 "an unknown scale is a usage error"
expect_err '"huge" is not one of small, large' "the unknown scale is named"
run list activities --from 2012-02-30 --db x.db
expect_rc 2 "an impossible date in a filter is a usage error"

run --db absent.db list activities
expect_rc 4 "a missing database is a storage error"
expect_err "insats init" "the message says how to create a database"
[ ! -e absent.db ] && ok "list does not create a database" || not_ok "list does not create a database"

run --db new.db init
expect_rc 0 "init creates a database"
expect_out "new.db.key" "init shows where the key is"
[ -s new.db ] && [ -s new.db.key ] && ok "init writes the database and the key file" \
    || not_ok "init writes the database and the key file"
perm=$(stat -c %a new.db.key)
[ "$perm" = "600" ] && ok "the key file is readable by its owner only" || not_ok "key file mode is $perm"
if grep -q "insats-key" new.db; then not_ok "the key is not inside the database"
else ok "the key is not inside the database"; fi
run --db new.db init
expect_rc 2 "init refuses to overwrite an existing database"

# --db before or after the command, or INSATS_DB, all name the same database.
run init --db after.db
expect_rc 0 "--db after the command works"
[ -s after.db ] && ok "--db after the command chose the file" || not_ok "--db after the command chose the file"
INSATS_DB=env.db "$INSATS" init >/dev/null 2>&1
[ -s env.db ] && ok "INSATS_DB chooses the database" || not_ok "INSATS_DB chooses the database"
(mkdir d && cd d && "$INSATS" init >/dev/null 2>&1 && [ -s insats.db ]) \
    && ok "the default database is ./insats.db" || not_ok "the default database is ./insats.db"

run --db new.db check
expect_rc 0 "check passes on a fresh database"
expect_out "journal_mode    wal" "check shows WAL"
expect_out "foreign_keys    1" "check shows foreign keys on"
expect_out "defensive       1" "check shows defensive mode"

run --db new.db list activities
expect_rc 3 "listing an empty database is an input error"
expect_err "holds no project yet" "the empty database message says what to do"

# An auditor's write-protected copy, in a directory they may not write, can still be read.
# The check needs a user whom the permissions bind: as root it runs as nobody.
mkdir ro && cp new.db ro/ro.db && cp new.db.key ro/ro.db.key
run --db ro/ro.db import "$FIX/bundle-min.json"
chmod 644 ro/ro.db.key && chmod 444 ro/ro.db && chmod 555 ro && chmod 755 "$T"
# The binary may sit where nobody cannot reach it (a private checkout): give them a copy.
cp "$INSATS" reader-insats && chmod 755 reader-insats
as_reader() {
    if [ "$(id -u)" -eq 0 ]; then
        su nobody -s /bin/sh -c "cd '$T' && INSATS_TODAY=$INSATS_TODAY ASAN_OPTIONS='${ASAN_OPTIONS:-}' ./reader-insats $*"
    else
        sh -c "'$INSATS' $*"
    fi
}
if as_reader --db ro/ro.db list activities > ro.out 2> ro.err && grep -q a1 ro.out; then
    ok "a write-protected database in a write-protected directory can be listed"
else not_ok "reading a write-protected copy: $(head -2 ro.err)"; fi
if as_reader --db ro/ro.db report lagesrapport --period 1 --format json > ro.out 2> ro.err && grep -q '"participants"' ro.out; then
    ok "a report can be made from a write-protected copy"
else not_ok "report from a write-protected copy: $(head -2 ro.err)"; fi
as_reader --db ro/ro.db delete meeting m1 > ro.out 2> ro.err
rc=$?
[ "$rc" -eq 4 ] && ok "writing to a write-protected copy is a storage error" || not_ok "delete on a read-only copy exited $rc"
chmod 755 ro
