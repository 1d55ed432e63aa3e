#!/usr/bin/env bash
# Who calls /graphql/: django-graphql-jwt's tokens (tokenAuth, verifyToken,
# refreshToken, `Authorization: JWT`), the REST API's Bearer access tokens
# and the session cookie (mutations then need X-CSRFToken); bad and expired
# tokens fail the request; tokenAuth shares the REST login's throttle;
# createUser keeps /api/auth/register/'s rules; currentUser.
# shellcheck disable=SC2016 # GraphQL variables ($n) are written literally
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

P=ga$(openssl rand -hex 3)
PW='Ga-pass-0123'
ann=$P-ann@example.com
register "$ann" "$PW"
ann_id=$(psql_q "SELECT id FROM users WHERE email = '$ann'")
now=$(date +%s)

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# jwt PAYLOAD [KEY]: an HS256 token as django-graphql-jwt signs it.
jwt() {
    local h p s
    h=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
    p=$(printf '%s' "$1" | b64url)
    s=$(printf '%s.%s' "$h" "$p" | openssl dgst -sha256 -hmac "${2:-$SECRET_KEY}" -binary | b64url)
    printf '%s.%s.%s' "$h" "$p" "$s"
}
current() { gql '{ currentUser { id email } }' null "$@"; }

# --- tokenAuth ------------------------------------------------------------------------------------
tokenauth='mutation($e: String!, $p: String!) { tokenAuth(email: $e, password: $p) { token payload refreshExpiresIn } }'
gql "$tokenauth" "{\"e\": \"${ann^^}\", \"p\": \"$PW\"}"
is "$STATUS" 200 "tokenAuth"
tok=$(jq -r '.data.tokenAuth.token' <<<"$BODY")
json_is '.data.tokenAuth.payload | [.email, (.exp - .origIat), (.origIat - '"$now"' | . >= 0 and . < 60)]' \
    "[\"$ann\",300,true]" "its payload: the stored email, exp 300 s after origIat"
json_is '.data.tokenAuth | .refreshExpiresIn - .payload.origIat' 604800 "refreshExpiresIn is origIat + 7 days"
hdr=$(cut -d. -f1 <<<"$tok" | tr '_-' '/+' | base64 -d 2>/dev/null)
case $hdr in *HS256*) ok 0 "signed HS256" ;; *) ok 1 "signed HS256" "$hdr" ;; esac
gql "$tokenauth" "{\"e\": \"$ann\", \"p\": \"wrong\"}"
json_is '[.data.tokenAuth, .errors[0].message]' '[null,"Please enter valid credentials"]' "a wrong password"
gql "$tokenauth" "{\"e\": \"$P-nobody@example.com\", \"p\": \"$PW\"}"
json_is '.errors[0].message' '"Please enter valid credentials"' "an unknown email"

# --- the three ways in ----------------------------------------------------------------------------
current
json_is '[.data.currentUser, .errors[0].message]' '[null,"Not logged in"]' "currentUser without credentials"
current -H "Authorization: JWT $tok"
json_is '.data.currentUser' "{\"id\":\"$ann_id\",\"email\":\"$ann\"}" "Authorization: JWT <token of tokenAuth>"
current -H "Authorization: Bearer $(token "$ann" "$PW")"
json_is '.data.currentUser.email' "\"$ann\"" "Authorization: Bearer <access JWT of /api/auth/>"
jar=$(mktemp)
http GET /api/login-set-cookie/ -c "$jar"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
post_json /api/login/ "{\"email\":\"$ann\",\"password\":\"$PW\"}" -b "$jar" -c "$jar" -H "X-CSRFToken: $csrf"
is "$STATUS" 200 "a session login over REST"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
current -b "$jar"
json_is '.data.currentUser.email' "\"$ann\"" "the sessionid cookie"
http GET '/graphql/?query=%7BcurrentUser%7Bemail%7D%7D' -b "$jar"
json_is '.data.currentUser.email' "\"$ann\"" "the cookie on a GET query"
link='mutation { createLink(url: "https://'$P'.example.com/", description: "by cookie") { id postedBy { email } } }'
gql "$link" null -b "$jar"
json_is '[.data.createLink, .errors[0].message]' '[null,"CSRF Failed: CSRF token missing."]' \
    "a cookie-authenticated mutation without X-CSRFToken"
wrong=${csrf:0:63}x
[ "$wrong" = "$csrf" ] && wrong=${csrf:0:63}y # differs in its last character, whatever that was
gql "$link" null -b "$jar" -H "X-CSRFToken: $wrong"
json_is '.errors[0].message' '"CSRF Failed: CSRF token incorrect."' "with a wrong X-CSRFToken"
gql "$link" null -b "$jar" -H "X-CSRFToken: $csrf"
json_is '.data.createLink.postedBy.email' "\"$ann\"" "with the right X-CSRFToken it works"
gql "$link" null -b "$jar" -H "Authorization: JWT $tok"
json_is '.data.createLink.postedBy.email' "\"$ann\"" "a token needs no CSRF header, cookie or not"
gql "$link" null -H 'Cookie: sessionid=nosuchsession0123456789012345678901234'
json_is '.errors[0].message' '"Must be logged in to post a link"' "a stale session cookie is no caller"
rm -f "$jar"
# A live session whose user was deactivated or deleted names nobody: the
# request is anonymous, as Django's session middleware makes it.
gone=$P-gone@example.com
register "$gone" "$PW"
jar=$(mktemp)
http GET /api/login-set-cookie/ -c "$jar"
post_json /api/login/ "{\"email\":\"$gone\",\"password\":\"$PW\"}" -b "$jar" -c "$jar" \
    -H "X-CSRFToken: $(awk '$6 == "csrftoken" {print $7}' "$jar")"
current -b "$jar"
json_is '.data.currentUser.email' "\"$gone\"" "a second user's session"
psql_q "UPDATE users SET is_active = false WHERE email = '$gone'"
gql '{ links { id } }' null -b "$jar"
is "$STATUS $(jq -c 'has("errors")' <<<"$BODY")" "200 false" "the session of a deactivated user is anonymous"
current -b "$jar"
json_is '.errors[0].message' '"Not logged in"' "with no caller"
psql_q "DELETE FROM users WHERE email = '$gone'"
gql '{ links { id } }' null -b "$jar"
is "$STATUS $(jq -c 'has("errors")' <<<"$BODY")" "200 false" "the session of a deleted user is anonymous"
rm -f "$jar"

# --- bad tokens fail the request ---------------------------------------------------------------------
refused() { # refused MESSAGE DESCRIPTION [curl args]
    current "${@:3}"
    is "$STATUS $(jq -c '[.errors[0].message, has("data")]' <<<"$BODY")" "401 [\"$1\",false]" "$2"
}
expired=$(jwt "{\"email\":\"$ann\",\"exp\":$((now - 10)),\"origIat\":$((now - 400))}")
refused "Signature has expired" "an expired GraphQL token" -H "Authorization: JWT $expired"
grep -qi '^WWW-Authenticate: JWT' <<<"$HEADERS"; ok $? "with WWW-Authenticate" "$HEADERS"
refused "Error decoding signature" "another key's token" \
    -H "Authorization: JWT $(jwt "{\"email\":\"$ann\",\"exp\":$((now + 60)),\"origIat\":$now}" not-our-key)"
refused "Error decoding signature" "alg none" \
    -H "Authorization: JWT $(printf '{"alg":"none"}' | b64url).$(printf '{"email":"%s","exp":%d,"origIat":%d}' "$ann" $((now + 60)) "$now" | b64url)."
refused "Invalid payload" "a token without origIat" \
    -H "Authorization: JWT $(jwt "{\"email\":\"$ann\",\"exp\":$((now + 60))}")"
refused "User not found" "a token for nobody" \
    -H "Authorization: JWT $(jwt "{\"email\":\"$P-ghost@example.com\",\"exp\":$((now + 60)),\"origIat\":$now}")"
refused "Token is invalid or expired" "a bad Bearer token" -H "Authorization: Bearer a.b.c"
grep -qi '^WWW-Authenticate: Bearer' <<<"$HEADERS"; ok $? "with WWW-Authenticate: Bearer" "$HEADERS"
psql_q "UPDATE users SET is_active = false WHERE id = $ann_id"
refused "User is disabled" "an inactive user's token" -H "Authorization: JWT $tok"
psql_q "UPDATE users SET is_active = true WHERE id = $ann_id"

# --- verifyToken, refreshToken ----------------------------------------------------------------------------
gql 'mutation($t: String) { verifyToken(token: $t) { payload } }' "{\"t\": \"$tok\"}"
json_is '.data.verifyToken.payload.email' "\"$ann\"" "verifyToken"
gql 'mutation($t: String) { verifyToken(token: $t) { payload } }' "{\"t\": \"$expired\"}"
json_is '[.data.verifyToken, .errors[0].message]' '[null,"Signature has expired"]' "verifyToken of an expired token"
gql 'mutation { verifyToken(token: "x.y.z") { payload } }'
json_is '.errors[0].message' '"Error decoding signature"' "verifyToken of garbage"
refresh='mutation($t: String) { refreshToken(token: $t) { token payload refreshExpiresIn } }'
old_iat=$((now - 3600))
gql "$refresh" "{\"t\": \"$(jwt "{\"email\":\"$ann\",\"exp\":$((now - 5)),\"origIat\":$old_iat}")\"}"
json_is '.data.refreshToken | [.payload.origIat, .refreshExpiresIn, (.payload.exp - '"$now"' | . >= 295 and . < 360)]' \
    "[$old_iat,$((old_iat + 604800)),true]" "refreshToken of an expired token keeps origIat and renews exp"
new=$(jq -r '.data.refreshToken.token' <<<"$BODY")
current -H "Authorization: JWT $new"
json_is '.data.currentUser.email' "\"$ann\"" "the refreshed token works"
gql "$refresh" "{\"t\": \"$(jwt "{\"email\":\"$ann\",\"exp\":$((now - 5)),\"origIat\":$((now - 604801))}")\"}"
json_is '[.data.refreshToken, .errors[0].message]' '[null,"Refresh has expired"]' "not after origIat + 7 days"
gql 'mutation { refreshToken(token: "x") { token } }'
json_is '.errors[0].message' '"Error decoding signature"' "refreshToken of garbage"

# --- createUser ------------------------------------------------------------------------------------------
create='mutation($e: String!, $p: String!) { createUser(email: $e, password: $p) { user { id email isStaff } } }'
gql "$create" "{\"e\": \"$P-new@example.com\", \"p\": \"$PW\"}"
json_is '.data.createUser.user | [.email, .isStaff]' "[\"$P-new@example.com\",false]" "createUser"
gql "$tokenauth" "{\"e\": \"$P-new@example.com\", \"p\": \"$PW\"}"
json_is '.data.tokenAuth.payload.email' "\"$P-new@example.com\"" "the new user can log in"
gql "$create" "{\"e\": \"${P^^}-NEW@example.com\", \"p\": \"$PW\"}"
json_is '[.data.createUser, .errors[0].message]' '[null,"user with this email already exists."]' "an email taken in any case"
for pw in short 12345678901 "$P-pw@example.com"; do
    gql "$create" "{\"e\": \"$P-pw@example.com\", \"p\": \"$pw\"}"
    json_is '.data.createUser' null "the register endpoint's password rules refuse '$pw'"
done
gql "$create" "{\"e\": \"not-an-email\", \"p\": \"$PW\"}"
json_is '.errors[0].message' '"Enter a valid email address."' "a bad email"
# A NUL would end the C string the password is hashed from: "\u0000aaaaaaaa"
# would make a user whose password is "".
nul_message='"Enter a value without NUL characters."'
gql 'mutation { createUser(email: "'"$P"'-nul@example.com", password: "\u0000aaaaaaaa") { user { id } } }'
json_is '[.data.createUser, .errors[0].message]' "[null,$nul_message]" "createUser refuses a password with a NUL"
is "$(psql_q "SELECT count(*) FROM users WHERE email = '$P-nul@example.com'")" 0 "and makes no user"
gql 'mutation { createUser(email: "'"$P"'-nul2@example.com\u0000x", password: "'"$PW"'") { user { id } } }'
json_is '[.data.createUser, .errors[0].message]' "[null,$nul_message]" "or an email with one"
# (In variables the request reader refuses "\u0000" already: only literals get here.)
gql 'mutation { tokenAuth(email: "'"$ann"'\u0000x", password: "'"$PW"'") { token } }'
json_is '[.data.tokenAuth, .errors[0].message]' "[null,$nul_message]" "tokenAuth refuses an email with a NUL"

# --- tokenAuth is throttled with the REST login (from an address of its own) ---------------------------------
victim=$P-victim@example.com
register "$victim" "$PW"
from=(--interface 127.0.0.23)
for i in 1 2 3; do
    post_json /api/auth/obtain_token/ "{\"email\":\"$victim\",\"password\":\"wrong\"}" "${from[@]}"
done
for i in 1 2; do
    gql "$tokenauth" "{\"e\": \"$victim\", \"p\": \"wrong\"}" "${from[@]}"
    json_is '.errors[0].message' '"Please enter valid credentials"' "failure $((i + 3)) (REST and GraphQL count together)"
done
gql "$tokenauth" "{\"e\": \"${victim^^}\", \"p\": \"$PW\"}" "${from[@]}"
json_is '[.data.tokenAuth, (.errors[0].message | test("^Request was throttled. Expected available in [0-9]+ seconds.$"))]' \
    '[null,true]' "the sixth attempt is throttled, the right password too"
grep -qi '^Retry-After: [0-9]' <<<"$HEADERS"; ok $? "with Retry-After" "$HEADERS"
json_is 'has("data")' false "a 429 carries only errors"
is "$STATUS" 429 "a throttled tokenAuth is a 429, as the REST login"
post_json /api/auth/obtain_token/ "{\"email\":\"$victim\",\"password\":\"$PW\"}" "${from[@]}"
is "$STATUS" 429 "and the REST login is throttled for that email as well"

# --- createUser past its per-address budget (the counter moved to the limit) -----------------------------
# The counter of an address is throttle:register-ip:<32 hex of its sha256> (lib/auth/throttle.c).
key="throttle:register-ip:$(printf %s 127.0.0.24 | sha256sum | cut -c1-32)"
rc SET "$key" "${THROTTLE_REGISTER_PER_IP:-10}" EX 600 >/dev/null
gql "$create" "{\"e\": \"$P-late@example.com\", \"p\": \"$PW\"}" --interface 127.0.0.24
is "$STATUS" 429 "createUser past its per-address budget is a 429"
json_is '[has("data"), (.errors[0].message | test("^Request was throttled. Expected available in [0-9]+ seconds.$"))]' \
    '[false,true]' "with the throttle's message"
grep -qi '^Retry-After: [0-9]' <<<"$HEADERS"; ok $? "and Retry-After" "$HEADERS"
is "$(psql_q "SELECT count(*) FROM users WHERE email = '$P-late@example.com'")" 0 "and makes no user"
rc DEL "$key" >/dev/null

psql_q "DELETE FROM users WHERE email LIKE '$P-%'" >/dev/null
done_testing
