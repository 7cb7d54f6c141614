#!/bin/sh
# audit-triggers.sh DB TABLE… — prints the audit triggers (AFTER INSERT, UPDATE, DELETE) of
# each table as it is in the database DB, for a migration to carry: every domain table has them
# (tests/unit/test_audit.c checks that every column is in them). Run it on a database made by
# the new migration without its triggers, paste the output into the migration, and read it:
# a column that must never be in the trail in clear (a personnummer, a password or a secret)
# is left out or written as a marker — see SENSITIVE below and docs/architecture.md "Audit".
#
# A table's kind in the trail is its name, except those named in KIND below. Its record id is
# its `id` column and its code its `code` column (or the column CODE names), when it has them.
set -eu
db=$1; shift

KIND="grp=group cost_entry=cost app_user=user"
CODE="app_user=login"
# table.column=how: "omit" leaves it out; "marker" writes "set"/"changed" instead of the value,
# under the name after the colon.
# Columns that change on every login or API call (totp_last_step, last_used) are left out too:
# they are no one's change to a record.
SENSITIVE="person.pnr_cipher=omit person.pnr_hash=marker:personnummer
 report_snapshot.report_json=omit app_user.password_hash=marker:password
 app_user.totp_secret=omit app_user.totp_last_step=omit api_token.token_hash=omit
 api_token.last_used=omit calendar_feed.token_hash=omit
 survey.token=marker:link"

kind_of() {
    for kv in $KIND; do [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }; done
    echo "$1"
}
how_of() {
    for kv in $SENSITIVE; do [ "${kv%%=*}" = "$1.$2" ] && { echo "${kv#*=}"; return; }; done
    echo plain
}

# json ROW TABLE: the json_object() of ROW (OLD or NEW); for NEW of an update a marker says
# "changed" when the hidden value changed.
json() {
    row=$1 t=$2 upd=${3:-}
    out="" sep=""
    for c in $(sqlite3 "$db" "SELECT name FROM pragma_table_info('$t') ORDER BY cid"); do
        how=$(how_of "$t" "$c")
        case $how in
            omit) continue ;;
            marker:*)
                name=${how#marker:}
                if [ -n "$upd" ]; then
                    v="CASE WHEN NEW.$c IS NULL THEN NULL WHEN OLD.$c IS NOT NEW.$c THEN 'changed' ELSE 'set' END"
                else
                    v="CASE WHEN $row.$c IS NULL THEN NULL ELSE 'set' END"
                fi
                out="$out$sep'$name', $v" ;;
            *) out="$out$sep'$c', $row.$c" ;;
        esac
        sep=", "
    done
    echo "insats_json_object($out)"
}

code_of() {
    for kv in $CODE; do [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }; done
    echo code
}

has_col() { [ "$(sqlite3 "$db" "SELECT count(*) FROM pragma_table_info('$1') WHERE name = '$2'")" = 1 ]; }

for t in "$@"; do
    k=$(kind_of "$t")
    has_col "$t" id && idn="NEW.id" ido="OLD.id" || { idn=NULL; ido=NULL; }
    cc=$(code_of "$t")
    has_col "$t" "$cc" && cn="NEW.$cc" co="OLD.$cc" || { cn=NULL; co=NULL; }
    changed="" sep=""
    # A column left out of the trail does not make an update worth an entry (a personnummer
    # sealed again under a fresh nonce is the same personnummer: its hash says so).
    for c in $(sqlite3 "$db" "SELECT name FROM pragma_table_info('$t') ORDER BY cid"); do
        [ "$(how_of "$t" "$c")" = omit ] && continue
        changed="$changed${sep}OLD.$c IS NOT NEW.$c"; sep=" OR "
    done
    cat <<EOF
CREATE TRIGGER audit_${t}_insert AFTER INSERT ON $t
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            '$k', $idn, $cn, 'insert', NULL, $(json NEW "$t"));
END;
CREATE TRIGGER audit_${t}_update AFTER UPDATE ON $t
WHEN insats_audit_rows() AND ($changed)
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            '$k', $idn, $cn, 'update', $(json OLD "$t"), $(json NEW "$t" update));
END;
CREATE TRIGGER audit_${t}_delete AFTER DELETE ON $t
WHEN insats_audit_rows()
BEGIN
    INSERT INTO audit_log (at, user_id, actor_login, actor_name, interface, kind, record_id, record_code, action, before, after)
    VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), insats_actor('user'), insats_actor('login'), insats_actor('name'), insats_actor('interface'),
            '$k', $ido, $co, 'delete', $(json OLD "$t"), NULL);
END;
EOF
done
