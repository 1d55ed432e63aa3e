#!/usr/bin/env bash
# Accounts through nginx: register, obtain, refresh with rotation, verify,
# profile, session login with CSRF, logout and blacklist, throttling,
# social login against the fake provider, worker-ctl's user commands, and
# every hostile token the issue lists (made with Debian's PyJWT). The
# answers that need no state of their own are in cases/accounts.case.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
ctl="$BUILD_DIR/bin/worker-ctl"
# pyjwt CLAIMS_JSON [ALG] [KEY]: a token signed by PyJWT (simplejwt's library)
pyjwt() {
    CLAIMS=$1 ALG=${2:-HS256} KEY=${3:-$SECRET_KEY} $PY -c '
import json, os, jwt
alg = os.environ["ALG"]
claims = json.loads(os.environ["CLAIMS"])
if alg == "none":
    print(jwt.encode(claims, None, algorithm="none"))
else:
    print(jwt.encode(claims, os.environ["KEY"], algorithm=alg))'
}
now=$(date +%s)
profile_with() { http GET /api/users/profile/ -H "Authorization: Bearer $1"; }

# --- register -------------------------------------------------------------------
email="reg-$RANDOM$RANDOM@example.com"
post_json /api/auth/register/ "{\"email\":\"$email\",\"password\":\"Tr0ub4dor&3x\"}"
is "$STATUS" 201 "register creates a user"
json_is '[.email, .is_staff, .is_superuser, (.id|type)]' "[\"$email\",false,false,\"number\"]" "and returns it"
upper=$(tr '[:lower:]' '[:upper:]' <<<"$email")
post_json /api/auth/register/ "{\"email\":\"$upper\",\"password\":\"Tr0ub4dor&3x\"}"
is "$STATUS $BODY" '400 {"email":["user with this email already exists."]}' "the same email in other case is taken"
big=$(head -c 1000000 /dev/zero | tr '\0' a)
post_json /api/auth/register/ "{\"email\":\"$big@example.com\",\"password\":\"Tr0ub4dor&3x\"}"
is "$STATUS" 400 "a 1 MB email is a 400"
post_json /api/auth/register/ "{\"email\":\"huge@example.com\",\"password\":\"$big\"}"
is "$STATUS $BODY" '400 {"password":["This password is too long."]}' "a 1 MB password is refused unhashed"

# --- obtain, profile --------------------------------------------------------------
obtain "$email" 'Tr0ub4dor&3x'
is "$STATUS" 200 "obtain_token with the right password"
[ -n "$ACCESS" ] && [ -n "$REFRESH" ]; ok $? "returns refresh and access"
profile_with "$ACCESS"
json_is '[.email, .first_name, .last_name, .is_staff]' "[\"$email\",\"\",\"\",false]" "the profile reads with the access token"
obtain "$upper" 'Tr0ub4dor&3x'
is "$STATUS" 200 "the email matches in any case"
obtain "$email" 'wrong password'
is "$STATUS $BODY" '401 {"detail":"No active account found with the given credentials"}' "a wrong password is a 401"
post_json /api/auth/obtain_token/ "{\"email\":\"$email\",\"password\":\"$big\"}"
is "$STATUS" 401 "a 1 MB password is a plain 401"

# --- hostile tokens -----------------------------------------------------------------
uid=$(psql_q "SELECT id FROM users WHERE email = '$email'")
claims() { printf '{"token_type":"%s","exp":%s,"iat":%s,"jti":"%s","user_id":%s}' "$1" "$2" "$3" "$(openssl rand -hex 16)" "$4"; }
good=$(pyjwt "$(claims access $((now + 300)) "$now" "$uid")")
profile_with "$good"
is "$STATUS" 200 "a token signed by PyJWT with SECRET_KEY is accepted (simplejwt interop)"
printf '%s' "$ACCESS" | JWT_INTEROP_KEY=$SECRET_KEY $PY "$ROOT/t/data/jwt/verify-ours.py" >/dev/null
ok $? "our access token verifies with PyJWT"
printf '%s' "$REFRESH" | JWT_INTEROP_KEY=$SECRET_KEY $PY "$ROOT/t/data/jwt/verify-ours.py" >/dev/null
ok $? "our refresh token verifies with PyJWT"
check_refused() { # check_refused TOKEN DESCRIPTION
    profile_with "$1"
    [ "$STATUS" = 401 ] && [ "$(jq -r .code <<<"$BODY")" = token_not_valid ]
    ok $? "refused: $2" "got $STATUS $BODY"
}
check_refused "$(pyjwt "$(claims access $((now + 300)) "$now" "$uid")" none)" "alg none"
check_refused "$(pyjwt "$(claims access $((now + 300)) "$now" "$uid")" HS512)" "alg HS512 with the right key"
check_refused "$(pyjwt "$(claims access $((now + 300)) "$now" "$uid")" HS256 other-key-0123456789abcdef0123456789)" "a bad signature"
hdr=$(printf '{"alg":"RS256","typ":"JWT"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
check_refused "$hdr.$(cut -d. -f2- <<<"$good")" "alg RS256"
check_refused "$(pyjwt "$(claims access $((now - 10)) $((now - 310)) "$uid")")" "an expired token"
nbf=$(pyjwt "{\"token_type\":\"access\",\"exp\":$((now + 900)),\"iat\":$now,\"nbf\":$((now + 600)),\"jti\":\"$(openssl rand -hex 16)\",\"user_id\":$uid}")
check_refused "$nbf" "a token not yet valid"
check_refused "$REFRESH" "a refresh token used as an access token"
check_refused "$(pyjwt "$(claims sliding $((now + 300)) "$now" "$uid")")" "token_type sliding"
check_refused "${good:0:${#good}-3}" "a truncated signature"
check_refused "$good$good" "two tokens glued"
profile_with "$(pyjwt "$(claims access $((now + 300)) "$now" 999999999)")"
is "$STATUS $(jq -r .code <<<"$BODY")" "401 user_not_found" "a token for a deleted user"

# --- refresh with rotation, verify ----------------------------------------------------
old_refresh=$REFRESH
post_json /api/auth/refresh_token/ "{\"refresh\":\"$old_refresh\"}"
is "$STATUS" 200 "refresh_token answers"
new_access=$(jq -r .access <<<"$BODY"); new_refresh=$(jq -r .refresh <<<"$BODY")
[ "$new_refresh" != null ] && [ "$new_refresh" != "$old_refresh" ]; ok $? "with a new refresh token (rotation)"
profile_with "$new_access"; is "$STATUS" 200 "the new access token works"
post_json /api/auth/refresh_token/ "{\"refresh\":\"$old_refresh\"}"
is "$STATUS $BODY" '401 {"detail":"Token is blacklisted","code":"token_not_valid"}' "the rotated refresh token is blacklisted"
post_json /api/auth/verify_token/ "{\"token\":\"$old_refresh\"}"
is "$STATUS" 401 "verify refuses the blacklisted refresh token"
post_json /api/auth/verify_token/ "{\"token\":\"$new_refresh\"}"
is "$STATUS $BODY" '200 {}' "verify accepts the new refresh token"
post_json /api/auth/verify_token/ "{\"token\":\"$new_access\"}"
is "$STATUS $BODY" '200 {}' "verify accepts an access token"
post_json /api/auth/refresh_token/ "{\"refresh\":\"$new_access\"}"
is "$STATUS" 401 "an access token cannot refresh"
# Two refreshes racing with the same token: exactly one wins.
r1=$(mktemp); r2=$(mktemp)
curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data "{\"refresh\":\"$new_refresh\"}" "$BASE_URL/api/auth/refresh_token/" >"$r1" &
curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data "{\"refresh\":\"$new_refresh\"}" "$BASE_URL/api/auth/refresh_token/" >"$r2" &
wait
is "$(cat "$r1" "$r2" | fold -w3 | sort | tr '\n' ' ')" "200 401 " "two concurrent rotations of one token: one wins"
rm -f "$r1" "$r2"

# --- profile update -----------------------------------------------------------------------
obtain "$email" 'Tr0ub4dor&3x'
http PATCH /api/users/profile/ -H "Authorization: Bearer $ACCESS" -H 'Content-Type: application/json' --data '{"first_name":"Ada","is_staff":true,"email":"hijack@example.com"}'
json_is '[.first_name, .last_name, .is_staff, .email]' "[\"Ada\",\"\",false,\"$email\"]" "PATCH changes only the names"
http PUT /api/users/profile/ -H "Authorization: Bearer $ACCESS" -H 'Content-Type: application/json' --data '{"first_name":"Ada","last_name":"Lovelace 😀"}'
json_is '[.first_name, .last_name]' '["Ada","Lovelace 😀"]' "PUT sets both, UTF-8 kept"
long=$(head -c 151 /dev/zero | tr '\0' n)
http PATCH /api/users/profile/ -H "Authorization: Bearer $ACCESS" -H 'Content-Type: application/json' --data "{\"last_name\":\"$long\"}"
is "$STATUS $BODY" '400 {"last_name":["Ensure this field has no more than 150 characters."]}' "a 151-character name is refused"
http PATCH /api/users/profile/ -H "Authorization: Bearer $ACCESS" -H 'Content-Type: application/json' --data '{"first_name":["x"]}'
is "$STATUS $BODY" '400 {"first_name":["Not a valid string."]}' "a non-string name is refused"
http GET /api/users/profile/ -H "Authorization: Bearer $ACCESS"
json_is .last_name '"Lovelace 😀"' "and nothing was half-written"

# --- inactive user ----------------------------------------------------------------------------
# Every api worker has this user cached; a change made with psql must be
# seen on the very next request by each of them (NOTIFY users_changed).
for _ in $(seq 12); do profile_with "$ACCESS"; done
psql_q "UPDATE users SET is_active = false WHERE id = $uid"
codes=$(for _ in $(seq 12); do profile_with "$ACCESS"; echo "$STATUS $(jq -r .code <<<"$BODY")"; done | sort -u | tr '\n' ' ')
is "$codes" "401 user_inactive " "an inactive user's access token stops working at once, on every worker"
post_json /api/auth/refresh_token/ "{\"refresh\":\"$REFRESH\"}"
is "$STATUS $(jq -r .code <<<"$BODY")" "401 no_active_account" "and the refresh token too"
obtain "$email" 'Tr0ub4dor&3x'
is "$STATUS" 401 "an inactive user cannot obtain tokens"
psql_q "UPDATE users SET is_active = true WHERE id = $uid"
profile_with "$ACCESS"; is "$STATUS" 200 "active again: the token works again at once"

# --- session login with CSRF ---------------------------------------------------------------
jar=$(mktemp)
http GET /api/login-set-cookie/ -c "$jar"
is "$STATUS $BODY" '200 {"details":"CSRF cookie set"}' "login-set-cookie"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
grep -qi '^Set-Cookie: csrftoken=[A-Za-z0-9]\{64\}; Max-Age=31449600; Path=/; SameSite=Lax$' <<<"$HEADERS"
ok $? "the csrftoken cookie is readable by scripts (not HttpOnly)" "$HEADERS"
post_json /api/login/ "{\"email\":\"$email\",\"password\":\"Tr0ub4dor&3x\"}" -b "$jar" -c "$jar"
is "$STATUS $BODY" '403 {"detail":"CSRF Failed: CSRF token missing."}' "login without the CSRF header is refused"
# The right token with its last character changed (to a different one: a
# token that ends in "x" must not get "x" again).
last=x; [ "${csrf:63:1}" = x ] && last=y
post_json /api/login/ "{\"email\":\"$email\",\"password\":\"Tr0ub4dor&3x\"}" -b "$jar" -c "$jar" -H "X-CSRFToken: ${csrf:0:63}$last"
is "$STATUS $BODY" '403 {"detail":"CSRF Failed: CSRF token incorrect."}' "a wrong CSRF header is refused"
post_json /api/login/ "{\"email\":\"$email\",\"password\":\"Tr0ub4dor&3x\"}" -H "X-CSRFToken: $csrf"
is "$STATUS $BODY" '403 {"detail":"CSRF Failed: CSRF cookie not set."}' "a CSRF header without the cookie is refused"
post_json /api/login/ "{\"email\":\"$email\",\"password\":\"nope nope\"}" -b "$jar" -c "$jar" -H "X-CSRFToken: $csrf"
is "$STATUS $BODY" '400 {"detail":"Invalid credentials"}' "a session login with a wrong password"
post_json /api/login/ "{\"email\":\"$email\",\"password\":\"Tr0ub4dor&3x\"}" -b "$jar" -c "$jar" -H "X-CSRFToken: $csrf"
is "$STATUS $BODY" '200 {"detail":"Success"}' "a session login"
grep -qi '^Set-Cookie: sessionid=[A-Za-z0-9]\{40\}; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax$' <<<"$HEADERS"
ok $? "sets an httpOnly sessionid" "$HEADERS"
new_csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
[ "$new_csrf" != "$csrf" ]; ok $? "and rotates the CSRF token"
http GET /api/users/profile/ -b "$jar"
json_is .email "\"$email\"" "the session reads the profile (GET needs no CSRF)"
http PATCH /api/users/profile/ -b "$jar" -H 'Content-Type: application/json' --data '{"first_name":"Sess"}'
is "$STATUS" 403 "an unsafe session request without X-CSRFToken is refused"
http PATCH /api/users/profile/ -b "$jar" -H "X-CSRFToken: $csrf" -H 'Content-Type: application/json' --data '{"first_name":"Sess"}'
is "$STATUS" 403 "the pre-login CSRF token no longer works"
http PATCH /api/users/profile/ -b "$jar" -H "X-CSRFToken: $new_csrf" -H 'Content-Type: application/json' --data '{"first_name":"Sess"}'
json_is .first_name '"Sess"' "with the current CSRF token it works"
http POST /api/logout/ -b "$jar" -c "$jar" -H "X-CSRFToken: $new_csrf"
is "$STATUS $BODY" '200 {"detail":"Logout Successful"}' "session logout"
http GET /api/users/profile/ -H "Cookie: sessionid=$(awk '$6 == "sessionid" {print $7}' "$jar")x"
is "$STATUS" 401 "a made-up session id is no credential"
rm -f "$jar"

# --- logout with a refresh token --------------------------------------------------------------
obtain "$email" 'Tr0ub4dor&3x'
post_json /api/logout/ "{\"refresh\":\"$REFRESH\"}" -H "Authorization: Bearer $ACCESS"
is "$STATUS $BODY" '200 {"detail":"Logout Successful"}' "logout with a refresh token"
post_json /api/auth/refresh_token/ "{\"refresh\":\"$REFRESH\"}"
is "$STATUS $(jq -r .detail <<<"$BODY")" "401 Token is blacklisted" "the refresh token is blacklisted after logout"
staff_user
obtain "$STAFF_EMAIL" "$STAFF_PASSWORD"
admin_refresh=$REFRESH
obtain "$email" 'Tr0ub4dor&3x'
post_json /api/logout/ "{\"refresh\":\"$admin_refresh\"}" -H "Authorization: Bearer $ACCESS"
is "$STATUS $BODY" '400 {"refresh":["Token is invalid or expired"]}' "nobody can blacklist another user's token"

# --- throttling --------------------------------------------------------------------------------
tip() { post_json /api/auth/obtain_token/ "$1" --interface "$2"; }
for i in 1 2 3 4 5; do tip "{\"email\":\"$email\",\"password\":\"wrong-$i\"}" 127.0.0.8; done
is "$STATUS" 401 "five failed logins for one email are answered"
tip "{\"email\":\"$email\",\"password\":\"wrong-6\"}" 127.0.0.8
is "$STATUS" 429 "the sixth is throttled"
grep -qiE '^Retry-After: [0-9]+$' <<<"$HEADERS"; ok $? "with Retry-After" "$HEADERS"
json_is '.detail|test("^Request was throttled. Expected available in [0-9]+ seconds.$")' true "and DRF's message"
tip "{\"email\":\"$email\",\"password\":\"Tr0ub4dor&3x\"}" 127.0.0.7
is "$STATUS" 429 "even the right password waits, from any address"
for i in $(seq 1 30); do tip "{\"email\":\"ip-$i@example.com\",\"password\":\"wrong\"}" 127.0.0.9; done
tip '{"email":"ip-31@example.com","password":"wrong"}' 127.0.0.9
is "$STATUS" 429 "30 failures from one address throttle that address"
obtain "$STAFF_EMAIL" "$STAFF_PASSWORD"
is "$STATUS" 200 "other addresses and emails are not affected"

# --- social login against the fake provider ------------------------------------------------------
social() { post_json "/api/social/$1/" "{\"code\":\"$2\"}"; }
# The browser's trip: the authorize page sends it back with a code the API takes.
http GET /api/social/providers/
back="$BASE_URL/auth/github/callback"
url=$(jq -r '.[0].authorize_url' <<<"$BODY")
location=$(curl -s -o /dev/null -w '%{redirect_url}' -G "$url" --data-urlencode client_id=test-client \
    --data-urlencode "redirect_uri=$back" --data-urlencode response_type=code --data-urlencode state=s1 --data-urlencode login=carol)
is "$location" "$back?code=ok-carol&state=s1" "the provider's authorize page redirects back with a code and the state"
post_json /api/social/github/ "{\"code\":\"ok-carol\",\"redirect_uri\":\"$back\"}"
json_is '.access | length > 20' true "and that code logs the browser in"
social github ok-alice
is "$STATUS" 200 "github login with a good code"
json_is '[(.access|length > 20), (.refresh|length > 20)]' '[true,true]' "returns a token pair"
profile_with "$(jq -r .access <<<"$BODY")"
json_is '[.email, .first_name, .last_name]' '["alice@example.com","Alice","Tester"]' "for the user the provider vouched for"
social github ok-alice
is "$(psql_q "SELECT count(*) FROM users WHERE lower(email) = 'alice@example.com'")" 1 "a second login finds the same user"
social google-oauth2 ok-bob; is "$STATUS" 200 "google-oauth2 login"
social facebook ok-carol; is "$STATUS" 200 "facebook login"
start=$(date +%s%N); social google-oauth2 slow; ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$STATUS $(jq -r .detail <<<"$BODY")" "400 google-oauth2 did not answer in time." "a provider that hangs is a 400"
[ "$ms" -lt 5000 ]; ok $? "after SOCIAL_AUTH_TIMEOUT_MS, not forever ($ms ms)"

# --- worker-ctl user commands -------------------------------------------------------------------
su="root-$RANDOM@example.com"
out=$(DJANGO_SUPERUSER_PASSWORD='Sup3r-secret!' "$ctl" createsuperuser --email "$su" </dev/null 2>&1)
is "$?:$out" "0:Superuser $su created." "createsuperuser, non-interactive"
obtain "$su" 'Sup3r-secret!'
profile_with "$ACCESS"
json_is '[.is_staff, .is_superuser]' '[true,true]' "the superuser is staff and superuser"
out=$(DJANGO_SUPERUSER_PASSWORD='Sup3r-secret!' "$ctl" createsuperuser --email "$su" </dev/null 2>&1)
is "$?:$out" "1:worker-ctl: createsuperuser: a user with email $su already exists" "a second createsuperuser fails in one line"
out=$(DJANGO_SUPERUSER_PASSWORD=123 "$ctl" createsuperuser --email "x$su" </dev/null 2>&1)
is "$?:$out" "1:worker-ctl: password: This password is too short. It must contain at least 8 characters." "a weak superuser password is refused"
out=$(printf 'N3w-passw0rd\n' | "$ctl" changepassword "$su" 2>&1)
is "$?:$out" "0:Password changed successfully for user $su" "changepassword from stdin"
obtain "$su" 'N3w-passw0rd'; is "$STATUS" 200 "the new password works"
obtain "$su" 'Sup3r-secret!'; is "$STATUS" 401 "the old one does not"
out=$(printf 'whatever1\n' | "$ctl" changepassword "ghost@example.com" 2>&1)
is "$?:$out" '1:worker-ctl: changepassword: user "ghost@example.com" does not exist' "changepassword for an unknown user"

# Interactive, through a pseudo-terminal: the password is typed twice without echo.
ie="tty-$RANDOM@example.com"
typing() { for line in "$@"; do sleep 0.5; printf '%s\n' "$line"; done; } # after each prompt
out=$(typing "$ie" Tty-passw0rd Tty-passw0rd | env -u DJANGO_SUPERUSER_PASSWORD \
    script -qec "$ctl createsuperuser" /dev/null 2>&1 | tr -d '\r')
grep -q "Superuser $ie created." <<<"$out"; ok $? "createsuperuser asks for the email and the password at a terminal" "$out"
grep -q "Tty-passw0rd" <<<"$out"; ok $((! $?)) "without echoing the password"
obtain "$ie" Tty-passw0rd; is "$STATUS" 200 "and that password works"
out=$(typing "x$ie" Tty-passw0rd Other-passw0rd | script -qec "$ctl createsuperuser" /dev/null 2>&1 | tr -d '\r')
grep -q "worker-ctl: the two passwords differ" <<<"$out"; ok $? "two different passwords are refused" "$out"

# --- Django's hashes -----------------------------------------------------------------------------
dj="django-$RANDOM@example.com"
# shellcheck disable=SC2016 # the dollars are the hash's separators
hash=$($PY -c 'import hashlib,base64; print("pbkdf2_sha256$1000$legacysalt$" + base64.b64encode(hashlib.pbkdf2_hmac("sha256", b"old-hashed-pw", b"legacysalt", 1000)).decode())')
psql_q "INSERT INTO users (email, password) VALUES ('$dj', '$hash')"
obtain "$dj" old-hashed-pw
is "$STATUS" 200 "a Django hash at 1000 iterations (made by hashlib) verifies"
is "$(psql_q "SELECT split_part(password, '\$', 2) FROM users WHERE email = '$dj'")" 260000 "and is upgraded to 260000 at that login"
obtain "$dj" old-hashed-pw; is "$STATUS" 200 "the upgraded hash verifies"
done_testing
