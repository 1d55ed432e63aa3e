#!/usr/bin/env bash
# Issue 11's accounts findings: the public demo superuser only with DEBUG
# on, registrations throttled per client address before any hashing, one
# login throttle bucket per email as PostgreSQL compares it, and social
# login that never signs in to a staff account nor takes an unverified
# email.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ctl="$BUILD_DIR/bin/worker-ctl"
tag=$RANDOM$RANDOM
strong='Tr0ub4dor&3x'
throttled='^Request was throttled. Expected available in [0-9]+ seconds.$'
admins() { psql_q "SELECT count(*) FILTER (WHERE is_staff AND is_superuser) || '/' || count(*) FROM users WHERE lower(email) = 'admin@company.com'"; }
from() { # from ADDRESS PATH BODY: a POST from that loopback address
    post_json "$2" "$3" --interface "$1"
}
reg() { from "$2" /api/auth/register/ "{\"email\":\"$1\",\"password\":\"$strong\"}"; }
users_named() { psql_q "SELECT count(*) FROM users WHERE lower(email) = lower('$1')"; }

# --- worker-ctl create_default_user ---------------------------------------------------
# The ci stack has no demo user (ops/lib/stack.sh makes it in development
# only); the one made here is removed again whatever happens.
remove_admin() { psql_q "DELETE FROM users WHERE lower(email) = 'admin@company.com'"; }
is "$(admins)" "0/0" "the ci profile has no demo user"
trap remove_admin EXIT
err=$(mktemp)
out=$(DEBUG=false "$ctl" create_default_user 2>"$err"); code=$?
is "$code:$out:$(admins)" "1::0/0" "with DEBUG off create_default_user fails and creates nothing"
is "$(cat "$err")" "worker-ctl: create_default_user: refused with DEBUG off (admin@company.com / password is a public superuser); pass --allow-production to create it" \
    "and says why in one line"
out=$(DEBUG=false "$ctl" create_default_user --yes 2>"$err"); code=$?
is "$code:$(cat "$err"):$(admins)" "1:worker-ctl: usage: worker-ctl create_default_user [--allow-production]:0/0" "an unknown flag is a usage error"
out=$(DEBUG=true "$ctl" create_default_user 2>"$err"); code=$?
is "$code:$out:$(admins)" "0:created admin@company.com:1/1" "with DEBUG on it creates the staff superuser"
psql_q "DELETE FROM users WHERE lower(email) = 'admin@company.com'"
out=$(DEBUG=false "$ctl" create_default_user --allow-production 2>"$err"); code=$?
is "$code:$out:$(admins)" "0:created admin@company.com:1/1" "with DEBUG off, --allow-production creates it"
obtain admin@company.com password
is "$STATUS" 200 "and it can log in"
remove_admin
trap - EXIT
rm -f "$err"

# --- registration throttle ------------------------------------------------------------
# The counter of an address is throttle:register-ip:<32 hex of its sha256>
# (lib/auth/throttle.c); the test moves it to the limit instead of hashing
# THROTTLE_REGISTER_PER_IP passwords.
limit=${THROTTLE_REGISTER_PER_IP:-10}
key="throttle:register-ip:$(printf %s 127.0.0.10 | sha256sum | cut -c1-32)"
rc DEL "$key" >/dev/null
reg "r1-$tag@example.com" 127.0.0.10
is "$STATUS:$(rc GET "$key")" "201:1" "a registration is counted against its client address"
from 127.0.0.10 /api/auth/register/ '{"email":"not-an-email","password":"x"}'
is "$STATUS:$(rc GET "$key")" "400:1" "a refused form is not counted"
rc SET "$key" $((limit - 1)) KEEPTTL >/dev/null
reg "r2-$tag@example.com" 127.0.0.10
is "$STATUS" 201 "the last registration the limit allows"
reg "r3-$tag@example.com" 127.0.0.10
is "$STATUS" 429 "the next one from that address is throttled"
grep -qiE '^Retry-After: [0-9]+$' <<<"$HEADERS"; ok $? "with Retry-After" "$HEADERS"
json_is "[(.detail|test(\"$throttled\")), (keys|length)]" '[true,1]' "and DRF's message"
is "$(users_named "r3-$tag@example.com")" 0 "and creates nobody"
reg "r3-$tag@example.com" 127.0.0.11
is "$STATUS" 201 "another address still registers"

# --- one email, one account, one throttle bucket ---------------------------------------
lower="ädmin-$tag@example.com" upper="ÄDMIN-$tag@example.com"
reg "$lower" 127.0.0.1
is "$STATUS" 201 "ädmin@ registers"
reg "$upper" 127.0.0.1
is "$STATUS $BODY" '400 {"email":["user with this email already exists."]}' "ÄDMIN@ is the same account"
obtain "$upper" "$strong"
is "$STATUS" 200 "and logs in to it"
for i in $(seq "${THROTTLE_LOGIN_PER_EMAIL:-5}"); do
    from 127.0.0.13 /api/auth/obtain_token/ "{\"email\":\"$upper\",\"password\":\"wrong-$i\"}"
done
is "$STATUS" 401 "failed logins as ÄDMIN@ are answered"
from 127.0.0.14 /api/auth/obtain_token/ "{\"email\":\"$lower\",\"password\":\"$strong\"}"
is "$STATUS" 429 "then ädmin@ waits too, from another address: one bucket"

# --- social login: never into staff accounts, only verified emails -----------------------
social() { post_json "/api/social/$1/" "{\"code\":\"$2\"}"; }
staff='{"detail":"Social login is not available for staff accounts; sign in with your email and password."}'
staff_user
for b in github google-oauth2 facebook; do
    social "$b" "ok-$STAFF_EMAIL"
    is "$STATUS $BODY" "403 $staff" "$b: a verified email of the superuser does not sign in"
done
staffer="staffer-$tag@example.com"
social github "ok-$staffer"
is "$STATUS" 200 "a new user signs in with github"
psql_q "UPDATE users SET is_staff = true WHERE email = '$staffer'"
social github "ok-$staffer"
is "$STATUS $BODY" "403 $staff" "once made staff, no longer"
psql_q "UPDATE users SET is_staff = false, is_superuser = true WHERE email = '$staffer'"
social google-oauth2 "ok-$staffer"
is "$STATUS $BODY" "403 $staff" "a superuser who is not staff neither"
plain="plain-$tag@example.com"
reg "$plain" 127.0.0.1
for b in github google-oauth2 facebook; do
    social "$b" "unverified-$plain"
    is "$STATUS $BODY" "400 {\"detail\":\"$b has no verified email for this account.\"}" \
        "$b: an unverified email does not sign in to its account"
done
social github "unverified-$STAFF_EMAIL"
is "$STATUS" 400 "nor to the superuser's"
is "$(users_named "$plain")" 1 "and nothing was created"
done_testing
