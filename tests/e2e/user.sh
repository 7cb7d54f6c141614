# user.sh — `insats user`: adding accounts, passwords from a pipe and from a terminal, the
# list, disabling and enabling, API tokens shown once and revoked, trainers' activities, and
# that every refusal changes nothing.
. "$(dirname "$0")/lib.sh"

run --db u.db import "$FIX/bundle-min.json"
expect_rc 0 "a project to add accounts to"

# The account table, the sessions and the tokens, to compare before and after a refusal.
accounts() {
    sqlite3 u.db "SELECT login, name, role, organisation_id, disabled, password_hash IS NULL
                  FROM app_user ORDER BY login; SELECT count(*) FROM api_token
                  WHERE revoked IS NULL; SELECT count(*) FROM activity_trainer"
}

run --db u.db user add --login Karin --name "Karin Ek" --role coordinator --organisation torsby
expect_rc 0 "user add makes a coordinator's account"
expect_out "Added the account karin (coordinator)" "the login is stored in lower case"
expect_out "insats user passwd karin" "the message says how to set the password"

accounts >before
run --db u.db user add --login karin --name "Karin Berg" --role reader
expect_rc 3 "a login that exists is refused"
expect_err 'an account with the login "karin" exists already' "the message names the login"
run --db u.db user add --login nils --name "Nils Ek" --role coordinator
expect_rc 3 "a coordinator without an organisation is refused"
expect_err "organisation" "the message names the organisation"
run --db u.db user add --login nils --name "Nils Ek" --role coordinator --organisation nowhere
expect_rc 3 "an unknown organisation is refused"
expect_err 'no organisation "nowhere"' "the message names the organisation"
run --db u.db user add --login nils --name "Nils Ek" --role koordinator
expect_rc 2 "an unknown role is a usage error"
expect_err 'did you mean "coordinator"' "the message suggests the role"
run --db u.db user add --login "nils ek" --name "Nils Ek" --role reader
expect_rc 3 "a login with a space is refused"
run --db u.db user add --login nils --role reader
expect_rc 2 "user add without --name is a usage error"
run --db u.db user frobnicate
expect_rc 2 "an unknown subcommand is a usage error"
run --db u.db user passwrd karin
expect_err "did you mean \`user passwd\`" "a typo of a subcommand gets a hint"
accounts >after
same before after "the refusals changed nothing"

# Passwords from a pipe: one line, checked against the policy.
printf 'kort\n' >pw.txt
run --db u.db user passwd karin <pw.txt
expect_rc 3 "a short password is refused"
expect_err "at least 12 characters" "the message gives the rule"
printf '1QAZ2wsx3edc\n' >pw.txt
run --db u.db user passwd karin <pw.txt
expect_rc 3 "a common password is refused, whatever its case"
expect_err "10,000 most common" "the message says why"
run --db u.db user passwd karin </dev/null
expect_rc 3 "no password on standard input is refused"
accounts >after
same before after "the refused passwords changed nothing"
printf 'ett eget lösenord för karin\r\n' >pw.txt
run --db u.db user passwd karin <pw.txt
expect_rc 0 "a good password is set from a pipe"
hash=$(sqlite3 u.db "SELECT password_hash FROM app_user WHERE login = 'karin'")
case "$hash" in
    '$argon2id$v=19$m=65536,t=2,p=1$'*) ok "the password is stored as an Argon2id hash" ;;
    *) not_ok "the password is stored as an Argon2id hash ($hash)" ;;
esac
grep -q "lösenord" u.db u.db-wal 2>/dev/null && not_ok "the password is not in the database" \
    || ok "the password is not in the database"
run --db u.db user passwd nobody </dev/null
expect_rc 3 "the password of an unknown login is refused"
expect_err 'no account has the login "nobody"' "the message names the login"

# On a terminal: asked twice without echo; two different answers change nothing.
if command -v script >/dev/null; then
    hash1=$(sqlite3 u.db "SELECT password_hash FROM app_user WHERE login = 'karin'")
    { sleep 2; printf 'ett tredje lösenord för karin\n'; sleep 1;
      printf 'ett annat lösenord för karin\n'; sleep 1; } |
        script -qec "$INSATS --db u.db user passwd karin" /dev/null >tty.out 2>&1
    grep -q "differ" tty.out && ok "two different passwords on a terminal are refused" \
        || { not_ok "two different passwords on a terminal are refused"; sed 's/^/#   /' tty.out; }
    [ "$hash1" = "$(sqlite3 u.db "SELECT password_hash FROM app_user WHERE login = 'karin'")" ] \
        && ok "the refused terminal password changed nothing" \
        || not_ok "the refused terminal password changed nothing"
    { sleep 2; printf 'ett tredje lösenord för karin\n'; sleep 1;
      printf 'ett tredje lösenord för karin\n'; sleep 1; } |
        script -qec "$INSATS --db u.db user passwd karin" /dev/null >tty.out 2>&1
    grep -q "The password of karin is set" tty.out && ok "a password is set on a terminal" \
        || { not_ok "a password is set on a terminal"; sed 's/^/#   /' tty.out; }
    grep -q "tredje" tty.out && not_ok "the password typed on a terminal is not echoed" \
        || ok "the password typed on a terminal is not echoed"
    grep -q "Sanitizer" tty.out && not_ok "no sanitizer report on the terminal"
fi

run --db u.db user add --login trainer1 --name "Tove Lind" --role trainer
run --db u.db user list
expect_rc 0 "user list"
expect_out "karin" "the list shows the coordinator"
if grep -E '^karin +coordinator +torsby +active +no +Karin Ek$' "$T/out" >/dev/null; then
    ok "a row has login, role, organisation, status, second factor and name"
else not_ok "a row has login, role, organisation, status, second factor and name"; cat "$T/out"; fi
grep -qE '^trainer1 +trainer +- +no password' "$T/out" && ok "an account without a password says so" \
    || not_ok "an account without a password says so"

# Trainers' activities.
run --db u.db user assign trainer1 --activity a1
expect_rc 0 "a trainer is assigned to an activity"
run --db u.db user assign trainer1 --activity a9
expect_rc 3 "an unknown activity is refused"
expect_err 'no activity "a9"' "the message names the activity"
run --db u.db user assign karin --activity a1
expect_rc 3 "only a trainer is assigned to activities"
[ "$(sqlite3 u.db "SELECT count(*) FROM activity_trainer")" = 1 ] \
    && ok "one assignment is stored" || not_ok "one assignment is stored"
run --db u.db user assign trainer1 --activity a1 --remove
expect_rc 0 "the assignment is taken away"
[ "$(sqlite3 u.db "SELECT count(*) FROM activity_trainer")" = 0 ] \
    && ok "no assignment is left" || not_ok "no assignment is left"

# API tokens: printed once on stdout, stored as a hash, revoked by name.
run --db u.db user token karin --name "uppföljning"
expect_rc 0 "user token makes a token"
token=$(cat "$T/out")
case "$token" in insats_????????????????????????????????????????????????????????????????)
    ok "the token is printed alone on standard output" ;;
    *) not_ok "the token is printed alone on standard output ($token)" ;; esac
expect_err "only time the token is shown" "standard error says it is shown once"
hex=${token#insats_}
[ "$(sqlite3 u.db "SELECT count(*) FROM api_token WHERE instr(lower(hex(token_hash)), '$hex')")" = 0 ] \
    && ok "the token itself is not stored" || not_ok "the token itself is not stored"
run --db u.db user token karin --name "uppföljning"
expect_rc 3 "a second valid token of the same name is refused"
run --db u.db user tokens karin
expect_out "uppföljning" "user tokens lists the token by name"
grep -q "$hex" "$T/out" && not_ok "the list does not show the token" || ok "the list does not show the token"
run --db u.db user token-revoke karin --name "nothing"
expect_rc 3 "revoking a token that does not exist is refused"
run --db u.db user token-revoke karin --name "uppföljning"
expect_rc 0 "the token is revoked"
[ "$(sqlite3 u.db "SELECT count(*) FROM api_token WHERE revoked IS NOT NULL")" = 1 ] \
    && ok "the revoked token is kept, marked revoked" || not_ok "the revoked token is kept, marked revoked"

# Disable and enable.
run --db u.db user disable karin
expect_rc 0 "user disable"
[ "$(sqlite3 u.db "SELECT disabled FROM app_user WHERE login = 'karin'")" = 1 ] \
    && ok "the account is disabled" || not_ok "the account is disabled"
run --db u.db user list
grep -qE '^karin +coordinator +torsby +disabled' "$T/out" && ok "the list shows it disabled" \
    || not_ok "the list shows it disabled"
run --db u.db user enable karin
expect_rc 0 "user enable"
[ "$(sqlite3 u.db "SELECT disabled FROM app_user WHERE login = 'karin'")" = 0 ] \
    && ok "the account is enabled again" || not_ok "the account is enabled again"
run --db u.db user disable
expect_rc 2 "user disable without a login is a usage error"

# The language the account reads the web application in.
run --db u.db user lang karin
expect_rc 0 "user lang shows the account's language"
[ "$(cat "$T/out")" = auto ] && ok "an account that has not chosen follows its browser" \
    || not_ok "an account that has not chosen follows its browser"
run --db u.db user lang karin en
expect_rc 0 "user lang en"
expect_out "reads the web application in English" "the change is confirmed"
[ "$(sqlite3 u.db "SELECT lang FROM app_user WHERE login = 'karin'")" = en ] \
    && ok "the account's language is English" || not_ok "the account's language is English"
run --db u.db user lang karin fr
expect_rc 3 "a language that is not sv, en or auto is refused"
expect_err 'language: "fr" is not one of sv, en and auto; nothing was changed' \
    "the refusal says which values there are"
run --db u.db user lang karin
[ "$(cat "$T/out")" = en ] && ok "the refused value changed nothing" \
    || not_ok "the refused value changed nothing"
LANG=sv_SE.UTF-8 run --db u.db user lang karin auto
expect_rc 0 "user lang auto"
expect_out "Kontot karin läser webbtjänsten på det språk som webbläsaren ber om." \
    "the confirmation in Swedish"
[ "$(sqlite3 u.db "SELECT lang IS NULL FROM app_user WHERE login = 'karin'")" = 1 ] \
    && ok "auto leaves the choice to the browser" || not_ok "auto leaves the choice to the browser"
run --db u.db user lang karin en extra
expect_rc 2 "user lang takes one language"
run --db u.db user lang nobody sv
expect_rc 3 "user lang of an unknown account"

# The organisation of an account is not deleted from under it.
run --db u.db delete organisation torsby
expect_rc 3 "an organisation with an account is not deleted"
expect_err "user account" "the message names the account as what refers to it"

# Demo accounts: one per role, a coordinator per municipality, passwords printed once.
run --db d.db import "$FIX/bundle-min.json"
run --db d.db user demo
expect_rc 0 "user demo makes the demo accounts"
[ "$(grep -cE '^[a-z-]+ +[a-z]+ +[a-z-]+ +[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{5}$' "$T/out")" = 8 ] \
    && ok "eight accounts with their passwords are printed" \
    || { not_ok "eight accounts with their passwords are printed"; cat "$T/out"; }
expect_out "coordinator-torsby" "a coordinator of each municipality"
[ "$(sqlite3 d.db "SELECT count(DISTINCT role) FROM app_user WHERE password_hash IS NOT NULL")" = 7 ] \
    && ok "every role has an account with a password" || not_ok "every role has an account with a password"
run --db d.db user demo
expect_rc 0 "user demo again"
[ ! -s "$T/out" ] && ok "a second run prints no password" || not_ok "a second run prints no password"

run user --help
expect_out "usage: insats [--db PATH] user add" "user --help shows the usage"
run help --bash-completion
expect_out "token-revoke" "the completion offers the subcommands of user"
grep -qE 'words="add passwd .* lang demo' "$T/out" \
    && ok "the completion offers user lang" || not_ok "the completion offers user lang"
