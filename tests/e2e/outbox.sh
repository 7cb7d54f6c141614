#!/bin/bash
# outbox.sh — e-mail through the outbox against a local SMTP server started here (Debian's
# python3-aiosmtpd: tests/e2e/smtp_sink.py, on 127.0.0.1 only): a relay that refuses and then
# accepts, a relay that is down and then up, `insats serve --smtp` sending in the background
# and stopping cleanly, and a `kill -9` of the server while the relay holds a message — after
# which nothing is lost and nothing is sent twice. Every wait is bounded.
SINK="$(cd "$(dirname "$0")" && pwd)/smtp_sink.py"
. "$(dirname "$0")/lib.sh"
unset INSATS_TODAY
PY=/usr/bin/python3
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
    not_ok "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)"; exit 1
fi
sink_pid=""
serve_pid=""
cleanup() {
    [ -n "$serve_pid" ] && kill -9 "$serve_pid" 2>/dev/null
    [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

# start_sink DIR ARGS… : starts the SMTP server writing into DIR; sets $port and $sink_pid.
start_sink() {
    d=$1; shift
    mkdir -p "$d"
    "$PY" "$SINK" "$d" "$@" 2>"$d.err" &
    sink_pid=$!
    for _ in $(seq 100); do [ -s "$d/port" ] && break; sleep 0.1; done
    port=$(cat "$d/port" 2>/dev/null)
    [ -n "$port" ] || { not_ok "the SMTP server started"; cat "$d.err"; exit 1; }
}
stop_sink() { kill "$sink_pid" 2>/dev/null; wait "$sink_pid" 2>/dev/null; sink_pid=""; }

# q SQL : one value from the database (reading only; the shell cannot write to it).
q() { sqlite3 -cmd '.timeout 5000' o.db "$1"; }
# wait_for SQL VALUE SECONDS : until the query gives VALUE.
wait_for() {
    for _ in $(seq $(($3 * 10))); do [ "$(q "$1")" = "$2" ] && return 0; sleep 0.1; done
    return 1
}
# ids DIR : the Message-IDs the relay received, one a line, sorted.
ids() { cat "$1"/*.eml 2>/dev/null | grep -i '^Message-ID:' | sed 's/^[^<]*<\([^@]*\)@.*/\1/' | sort; }
check() { if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3 (got \"$1\", expected \"$2\")"; fi; }

run init --db o.db
expect_rc 0 "a database"
run --db o.db user add --login karin --name "Karin Ek" --role trainer
run --db o.db user email karin --address karin.ek@example.org
expect_rc 0 "user email sets an account's address"
run --db o.db user email karin --address "karin at home"
expect_rc 3 "a malformed address is refused"
expect_err "e-mail address: not an e-mail address" "with the reason"
if grep -q "karin at home" "$T/err"; then not_ok "the message does not repeat the address"
else ok "the message does not repeat the address"; fi
check "$(q "SELECT email FROM app_user WHERE login = 'karin'")" "karin.ek@example.org" \
    "the address kept is the good one"
SMTP_FROM="--smtp-from insats@example.org"

# ---- the relay refuses, then accepts --------------------------------------------------------
start_sink refuse --refuse 2
for who in anna bo cia; do run --db o.db outbox test "$who@example.org"; done
expect_rc 0 "test messages written to the outbox"
run --db o.db outbox send --smtp "smtp://127.0.0.1:$port" $SMTP_FROM --smtp-retry 1
expect_rc 4 "outbox send says that some messages wait for another attempt"
expect_out "1 sent, 2 to be tried again, 0 failed" "two refused (451), one sent"
check "$(q "SELECT count(*) FROM outbox WHERE state = 'queued' AND attempts = 1 AND last_error LIKE '%451%'")" 2 \
    "the refused ones wait with their attempt and the relay's answer"
run --db o.db outbox list
expect_out "queued" "outbox list shows the waiting messages"
if grep -q 'anna@example.org\|bo@example.org\|cia@example.org' "$T/out"; then
    not_ok "outbox list masks the addresses"; else ok "outbox list masks the addresses"; fi
sleep 1.2
run --db o.db outbox send --smtp "smtp://127.0.0.1:$port" $SMTP_FROM --smtp-retry 1
expect_rc 0 "the second run sends the rest"
check "$(ls refuse/*.eml | wc -l)" 3 "the relay has three messages"
check "$(ids refuse | uniq | wc -l)" 3 "each with its own Message-ID, none twice"
check "$(ids refuse)" "$(q "SELECT message_token FROM outbox ORDER BY message_token")" \
    "the Message-IDs are the ones the outbox fixed"
check "$(q "SELECT count(*) FROM outbox_attempt WHERE ok = 0")/$(q "SELECT count(*) FROM outbox_attempt WHERE ok = 1")" \
    "2/3" "every attempt is recorded"
grep -q '^Subject: =?UTF-8?B?' refuse/0001.eml && ok "a Swedish subject is an encoded word" \
    || not_ok "a Swedish subject is an encoded word"
stop_sink

# ---- a slow run tries a refused message once ------------------------------------------------
# The relay refuses the first message and takes 1.5 s over the second: by then the first is
# due again (--smtp-retry 1), but it waits for the next run.
run init --db slow.db
run --db slow.db outbox test one@example.org
run --db slow.db outbox test two@example.org
start_sink slow --refuse 1 --delay 1.5
run --db slow.db outbox send --smtp "smtp://127.0.0.1:$port" $SMTP_FROM --smtp-retry 1
expect_out "1 sent, 1 to be tried again, 0 failed" "a run tries each message once, however long it takes"
stop_sink

# ---- the relay is down, then up ----------------------------------------------------------
free_port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run --db o.db outbox test dan@example.org
run --db o.db outbox send --smtp "smtp://127.0.0.1:$free_port" $SMTP_FROM --smtp-retry 1
expect_rc 4 "with the relay down the message waits"
check "$(q "SELECT state || ' ' || attempts FROM outbox WHERE address = 'dan@example.org'")" "queued 1" \
    "queued again after the failed attempt"
start_sink down --port "$free_port"
sleep 1.2
run --db o.db outbox send --smtp "smtp://127.0.0.1:$free_port" $SMTP_FROM --smtp-retry 1
expect_rc 0 "once the relay is up it is sent"
check "$(ls down/*.eml 2>/dev/null | wc -l)" 1 "the relay got it once"
stop_sink

# ---- the server sends in the background and stops cleanly ---------------------------------
start_sink served --refuse 1
for who in eva fia gun; do run --db o.db outbox test "$who@example.org"; done
"$INSATS" --db o.db serve --listen 127.0.0.1:0 --smtp "smtp://127.0.0.1:$port" $SMTP_FROM \
    --smtp-retry 1 >serve.out 2>serve.err &
serve_pid=$!
if wait_for "SELECT count(*) FROM outbox WHERE state = 'sent'" 7 20; then
    ok "the server's worker sent them, the refused one on its next attempt"
else not_ok "the server's worker sent them"; q "SELECT id, state, attempts, last_error FROM outbox"; fi
kill -TERM "$serve_pid"; wait "$serve_pid"; src=$?; serve_pid=""
check "$src" 0 "the server stops cleanly with its worker"
grep -qE 'Sanitizer|runtime error:' serve.err && { not_ok "sanitizer report"; sed -n 1,30p serve.err; }
if grep -q '@example.org' serve.err; then not_ok "no address in the server's log"
else ok "no address in the server's log"; fi
check "$(ls served/*.eml | wc -l)" 3 "each sent once"
stop_sink

# ---- kill -9 while the relay holds a message ---------------------------------------------
start_sink killed --delay 2
for who in ida jan kim lou; do run --db o.db outbox test "$who@example.org"; done
"$INSATS" --db o.db serve --listen 127.0.0.1:0 --smtp "smtp://127.0.0.1:$port" $SMTP_FROM \
    --smtp-timeout 4 >serve.out 2>serve2.err &
serve_pid=$!
for _ in $(seq 100); do ls killed/*.eml >/dev/null 2>&1 && break; sleep 0.1; done
kill -9 "$serve_pid"; wait "$serve_pid" 2>/dev/null; serve_pid=""
check "$(q "SELECT count(*) FROM outbox WHERE state = 'sending' AND data_sent = 1")" 1 \
    "killed while the relay had the whole message and had not answered"
"$INSATS" --db o.db serve --listen 127.0.0.1:0 --smtp "smtp://127.0.0.1:$port" $SMTP_FROM \
    --smtp-timeout 4 >serve.out 2>serve3.err &
serve_pid=$!
if wait_for "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')" 0 40; then
    ok "after the restart every message is settled"
else not_ok "after the restart every message is settled"; q "SELECT id, state FROM outbox"; fi
check "$(q "SELECT count(*) FROM outbox WHERE address IN ('ida@example.org','jan@example.org','kim@example.org','lou@example.org') AND state = 'sent'")" 3 \
    "the others are sent"
check "$(q "SELECT count(*) FROM outbox WHERE state = 'uncertain'")" 1 \
    "the one in flight is uncertain, not sent again by itself"
check "$(ls killed/*.eml | wc -l)" 4 "nothing lost: the relay has all four"
check "$(ids killed | uniq -d | wc -l)" 0 "nothing sent twice"
u=$(q "SELECT id FROM outbox WHERE state = 'uncertain'")
[ -n "$u" ] || u=0
tok=$(q "SELECT message_token FROM outbox WHERE state = 'uncertain'")
ids killed | grep -qx "$tok" && ok "the uncertain one did reach the relay" \
    || not_ok "the uncertain one did reach the relay"
run --db o.db outbox retry "$u"
expect_rc 0 "a manager sends the uncertain one again"
if wait_for "SELECT state FROM outbox WHERE id = $u" sent 20; then ok "sent again"
else not_ok "sent again"; fi
check "$(ids killed | grep -cx "$tok")" 2 "with the same Message-ID, so that the receiver can tell"
kill -TERM "$serve_pid"; wait "$serve_pid"; src=$?; serve_pid=""
check "$src" 0 "the restarted server stops cleanly"
grep -qE 'Sanitizer|runtime error:' serve3.err && { not_ok "sanitizer report"; sed -n 1,30p serve3.err; }
stop_sink
exit 0
