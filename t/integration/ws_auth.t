#!/usr/bin/env bash
# Who nginx says is opening a websocket. nginx's /ws/ asks the api over an
# internal location (auth_request to /_internal/ws-identity/,
# lib/apps/accounts/ws_identity.c) and passes the answer to wsd in
# X-Ws-User-Id and X-Ws-User-Email. Checked here: the api's answer for
# anonymous, session cookie, Bearer and JWT headers, an expired token and
# an inactive user (straight over FastCGI, as nginx asks); that no public
# URL reaches that path; what nginx hands wsd (a stand-in on wsd's socket,
# t/fake/ws_headers.py, shows the headers: forged identity headers never
# pass); and the JSON 503 when wsd is down or the api cannot tell (Redis
# stopped).
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
STUB_PID=
cleanup() { [ -z "$STUB_PID" ] || kill "$STUB_PID" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
now=$(date +%s)
pw='Ws-auth-pw-123'

# identity [NAME=VALUE...]: the api's answer on the internal path, asked
# over FastCGI with exactly these extra parameters (HTTP_COOKIE,
# HTTP_AUTHORIZATION); prints "STATUS|<X-Ws-User-* headers, sorted>".
identity() {
    local out status
    out=$(env -i PATH="$PATH" REQUEST_METHOD=GET REQUEST_URI=/_internal/ws-identity/ \
        DOCUMENT_URI=/_internal/ws-identity/ QUERY_STRING= HTTP_HOST=127.0.0.1 REMOTE_ADDR=127.0.0.1 \
        SERVER_PROTOCOL=HTTP/1.1 "$@" cgi-fcgi -bind -connect "$VAR_DIR/run/api.sock" </dev/null |
        tr -d '\r' | sed '/^$/q')
    status=$(sed -n 's/^Status: \([0-9]*\).*/\1/p' <<<"$out")
    printf '%s|%s\n' "${status:-200}" "$(grep '^X-Ws-User-' <<<"$out" | sort | paste -sd'|')"
}
ANON='200|X-Ws-User-Email: |X-Ws-User-Id: '

# pyjwt CLAIMS_JSON: a token signed with SECRET_KEY by PyJWT (simplejwt's library).
pyjwt() { CLAIMS=$1 $PY -c 'import json, os, jwt; print(jwt.encode(json.loads(os.environ["CLAIMS"]), os.environ["SECRET_KEY"], algorithm="HS256"))'; }

# session_cookie EMAIL PASSWORD: logs in with CSRF, prints the sessionid.
session_cookie() {
    local jar="$tmp/jar.$RANDOM" csrf
    curl -s -o /dev/null -c "$jar" "$BASE_URL/api/login-set-cookie/"
    csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
    curl -s -o /dev/null -b "$jar" -c "$jar" -H "X-CSRFToken: $csrf" -H 'Content-Type: application/json' \
        --data "$(jq -nc --arg e "$1" --arg p "$2" '{email: $e, password: $p}')" "$BASE_URL/api/login/"
    awk '$6 == "sessionid" {print $7}' "$jar"
}

# A user whose email needs escaping in a header: é (two bytes), ' and %.
n=$RANDOM$RANDOM
email="ré'a%b+ws-$n@example.com"
encoded="r%C3%A9%27a%25b+ws-$n@example.com"
post_json /api/auth/register/ "$(jq -nc --arg e "$email" --arg p "$pw" '{email: $e, password: $p}')"
is "$STATUS" 201 "a user with é, ' and % in the email registers"
uid=$(psql_q "SELECT id FROM users WHERE email = '${email//\'/\'\'}'")
access=$(curl -s -H 'Content-Type: application/json' \
    --data "$(jq -nc --arg e "$email" --arg p "$pw" '{email: $e, password: $p}')" \
    "$BASE_URL/api/auth/obtain_token/" | jq -r .access)
sid=$(session_cookie "$email" "$pw")
[ -n "$uid" ] && [ "$access" != null ] && [ -n "$sid" ]
ok $? "with an access token and a session" "uid=$uid access=$access sid=$sid"
USER="200|X-Ws-User-Email: $encoded|X-Ws-User-Id: $uid"

# --- the api's answer -------------------------------------------------------------------------
is "$(identity)" "$ANON" "no credential: 200, both headers empty"
is "$(identity HTTP_COOKIE="sessionid=$sid")" "$USER" "a session cookie: the id, and the email percent-encoded"
is "$(identity HTTP_AUTHORIZATION="Bearer $access")" "$USER" "Authorization: Bearer <access token>"
is "$(identity HTTP_AUTHORIZATION="JWT $access")" "$USER" "Authorization: JWT <access token>"
is "$(identity HTTP_COOKIE="sessionid=${sid}x")" "$ANON" "an unknown session: anonymous"
expired=$(pyjwt "{\"token_type\":\"access\",\"exp\":$((now - 10)),\"iat\":$((now - 310)),\"jti\":\"e$n\",\"user_id\":$uid}")
is "$(identity HTTP_AUTHORIZATION="Bearer $expired")" "$ANON" "an expired access token: anonymous"
fresh=$(pyjwt "{\"token_type\":\"access\",\"exp\":$((now + 300)),\"iat\":$now,\"jti\":\"f$n\",\"user_id\":$uid}")
is "$(identity HTTP_AUTHORIZATION="Bearer $fresh")" "$USER" "the same token unexpired (PyJWT, SECRET_KEY): the user"
refresh=$(pyjwt "{\"token_type\":\"refresh\",\"exp\":$((now + 300)),\"iat\":$now,\"jti\":\"r$n\",\"user_id\":$uid}")
is "$(identity HTTP_AUTHORIZATION="Bearer $refresh")" "$ANON" "a refresh token is no access token: anonymous"
is "$(identity HTTP_AUTHORIZATION="Bearer ${access}x" HTTP_COOKIE="sessionid=$sid")" "$ANON" \
    "a bad Authorization header wins over a good cookie, as for /api/"
is "$(identity HTTP_X_WS_USER_ID=1 HTTP_X_WS_USER_EMAIL=forged)" "$ANON" "headers a client sends do not count"
is "$(identity HTTP_HOST=evil.example HTTP_COOKIE="sessionid=$sid")" "400|" \
    "a Host outside ALLOWED_HOSTS is refused as on every path"
is "$(identity HTTP_HOST=evil.example WS_AUTH_SUBREQUEST=1 HTTP_COOKIE="sessionid=$sid")" "$USER" \
    "except in nginx's subrequest for /ws/, whose Host wsd refuses itself"
psql_q "UPDATE users SET is_active = false WHERE id = $uid" >/dev/null
is "$(identity HTTP_COOKIE="sessionid=$sid")" "$ANON" "an inactive user's session: anonymous"
is "$(identity HTTP_AUTHORIZATION="Bearer $access")" "$ANON" "and their token"
psql_q "UPDATE users SET is_active = true WHERE id = $uid" >/dev/null
is "$(identity HTTP_AUTHORIZATION="Bearer $access")" "$USER" "active again: the user again"

# --- not reachable from outside ------------------------------------------------------------------
for path in /_internal/ws-identity/ '/_internal/ws-identity/?a=1' /%5Finternal/ws-identity/ \
    //_internal/ws-identity/ /api/../_internal/ws-identity/ /api/_internal/ws-identity/ \
    /_internal/ws-identity; do
    http GET "$path" --path-as-is -H "Cookie: sessionid=$sid" -H "Authorization: Bearer $access"
    reached=0 # the answer's marks: its headers, or its empty 200
    grep -qi '^X-Ws-User' <<<"$HEADERS" && reached=1
    [ "$STATUS" = 200 ] && [ -z "$BODY" ] && reached=1
    is "$reached" 0 "GET $path from outside does not reach the api's identity answer ($STATUS)" "$HEADERS"
done
http GET /_internal/ws-identity/ -H "Cookie: sessionid=$sid"
is "$STATUS $BODY" '404 {"detail":"Not found."}' "the internal location is a JSON 404 from outside"

# --- what nginx hands wsd ---------------------------------------------------------------------------
sock="$VAR_DIR/run/wsd.sock"
wsd_pid=$(cat "$VAR_DIR/run/wsd.pid")
kill -TERM "$wsd_pid"
wait_until 30 process_gone "$wsd_pid"
ok $? "wsd stops on SIGTERM (a stand-in takes its socket)"
stub_start() {
    $PY "$ROOT/t/fake/ws_headers.py" "$sock" 2>>"$tmp/stub.log" &
    STUB_PID=$!
    # The socket file exists from bind(), before listen(): wait for an answer.
    wait_until 10 curl -sf -o /dev/null --unix-socket "$sock" http://wsd/
}
stub_start
# handshake PATH [curl args]: a websocket upgrade request through nginx.
handshake() {
    local path=$1; shift
    http GET "$path" -H 'Upgrade: websocket' -H 'Connection: Upgrade' -H 'Sec-WebSocket-Version: 13' \
        -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H "Origin: $BASE_URL" "$@"
}
# seen: the status and the identity the stand-in got, "200 <id>|<email>"
# ("-" when absent).
seen() {
    printf '%s %s\n' "$STATUS" "$(jq -r '[.headers["x-ws-user-id"] // "-", .headers["x-ws-user-email"] // "-"] | join("|")' <<<"$BODY" 2>&1)"
}

handshake '/ws/ping-pong/?x=1'
is "$STATUS" 200 "a handshake reaches wsd's socket" "$BODY"
json_is '[.method, .path, .headers.upgrade, .headers.connection, .headers.host, .headers["x-forwarded-for"]]' \
    "[\"GET\",\"/ws/ping-pong/\",\"websocket\",\"upgrade\",\"${BASE_URL#http://}\",\"127.0.0.1\"]" \
    "with the path (no query: wsd ignores it), Upgrade, Connection: upgrade, the client's Host and X-Forwarded-For"
handshake '/ws/p%69ng-pong/%2e%2e/?a=%zz&b' -H 'Sec-WebSocket-Protocol: chat, wsd'
json_is '[.path, (.headers | has("sec-websocket-protocol"))]' '["/ws/p%69ng-pong/%2e%2e/",false]' \
    "the path goes as the client wrote it, without a bad query or an offered subprotocol"
is "$(seen)" "200 -|-" "anonymous: no identity header reaches wsd"
handshake /ws/notifications/ -H 'Host: evil.example' -H "Cookie: sessionid=$sid"
is "$(seen) $(jq -r .headers.host <<<"$BODY")" "200 $uid|$encoded evil.example" \
    "a Host outside ALLOWED_HOSTS still reaches wsd, which answers it (400)"
handshake /ws/notifications/ -H 'X-Ws-User-Id: 1' -H 'X-Ws-User-Email: forged%40example.com'
is "$(seen)" "200 -|-" "identity headers a client sends never reach wsd"
handshake /ws/notifications/ -H "Cookie: sessionid=$sid"
is "$(seen)" "200 $uid|$encoded" "a session cookie: the user's id and encoded email"
handshake /ws/notifications/ -H "Cookie: sessionid=$sid" -H "X-Ws-User-Id: 1"
is "$(seen)" "200 $uid|$encoded" "a forged id beside a real session is replaced"
handshake /ws/notifications/ -H "Authorization: Bearer $access"
is "$(seen)" "200 $uid|$encoded" "an access token in Authorization: the same"
handshake /ws/notifications/ -H "Authorization: Bearer $expired" -H 'X-Ws-User-Id: 1'
is "$(seen)" "200 -|-" "an expired token: anonymous (and the forged id dropped)"
psql_q "UPDATE users SET is_active = false WHERE id = $uid" >/dev/null
handshake /ws/notifications/ -H "Cookie: sessionid=$sid"
is "$(seen)" "200 -|-" "an inactive user: anonymous"
psql_q "UPDATE users SET is_active = true WHERE id = $uid" >/dev/null
http GET /ws/ping-pong/
json_is '.headers.connection' '"close"' "a request that is no upgrade gets Connection: close"
handshake /ws/notifications/ -H "Cookie: sessionid=$sid; csrftoken=x" -H "Authorization: Bearer $access"
json_is '[.headers | has("cookie"), has("authorization")]' '[false,false]' \
    "credentials stop at nginx: no Cookie or Authorization reaches wsd"

# --- what nginx refuses itself (RFC 6455 4.2.1), before asking the api ---------------------------------
# bad_handshake UPGRADE VERSION KEY: a handshake with these three headers (empty: none).
bad_handshake() {
    http GET /ws/ping-pong/ -H "Upgrade: $1" -H 'Connection: Upgrade' -H "Sec-WebSocket-Version: $2" \
        -H "Sec-WebSocket-Key: $3" -H "Origin: $BASE_URL"
}
before=$(grep -c 'ws-identity' "$VAR_DIR/log/api.log")
http POST /ws/ping-pong/ -H 'Upgrade: websocket' -H 'Connection: Upgrade' --data x
is "$STATUS $BODY" '405 {"detail":"Method not allowed."}' "a POST is 405"
grep -qi '^Allow: GET, HEAD$' <<<"$HEADERS"; ok $? "with Allow: GET, HEAD" "$HEADERS"
bad_handshake websocket 13 c2hvcnQ=
is "$STATUS $BODY" '400 {"detail":"Bad websocket handshake: Sec-WebSocket-Key must be 16 bytes in base64."}' \
    "a Sec-WebSocket-Key of other than 16 bytes is 400"
bad_handshake websocket 13 "$(head -c 6000 /dev/zero | tr '\0' A)"
is "$STATUS" 400 "so is a 6000-byte one (wsd's header space is smaller)"
bad_handshake websocket 13 ''
is "$STATUS" 400 "and a missing one"
bad_handshake WebSocket 12 dGhlIHNhbXBsZSBub25jZQ==
is "$STATUS $BODY" '426 {"detail":"Sec-WebSocket-Version must be 13."}' "version 12 is 426"
grep -qi '^Sec-WebSocket-Version: 13$' <<<"$HEADERS" && grep -qi '^X-Content-Type-Options: nosniff$' <<<"$HEADERS"
ok $? "naming version 13 (and with the security headers)" "$HEADERS"
bad_handshake h2c 13 dGhlIHNhbXBsZSBub25jZQ==
is "$STATUS" 400 "an Upgrade other than websocket is 400"
is "$(grep -c 'ws-identity' "$VAR_DIR/log/api.log")" "$before" "none of these cost the api an identity check"
bad_handshake websocket 13 dGhlIHNhbXBsZSBub25jZQ==
is "$STATUS" 200 "while the same handshake done right reaches wsd"
[ "$(grep -c 'ws-identity' "$VAR_DIR/log/api.log")" -gt "$before" ]; ok $? "after asking the api (the count can grow)"

# --- 503 when it cannot tell ------------------------------------------------------------------------
redis_pid=$(cat "$VAR_DIR/run/redis.pid")
kill -TERM "$redis_pid"
wait_until 30 process_gone "$redis_pid"
handshake /ws/notifications/ -H "Cookie: sessionid=$sid"
is "$STATUS $BODY" '503 {"detail":"The websocket service is temporarily unavailable."}' \
    "Redis stopped: a session cannot be checked, a JSON 503"
handshake /ws/ping-pong/
is "$STATUS" 200 "while an anonymous handshake needs no Redis and goes through"
redis_start >/dev/null
handshake /ws/notifications/ -H "Cookie: sessionid=$sid"
is "$(seen)" "200 $uid|$encoded" "Redis back: the session counts again"

kill "$STUB_PID"; wait_until 10 process_gone "$STUB_PID"
STUB_PID=
handshake /ws/ping-pong/
is "$STATUS $BODY" '503 {"detail":"The websocket service is temporarily unavailable."}' \
    "nothing on wsd's socket: a JSON 503"

# --- the real wsd behind it ---------------------------------------------------------------------
rm -f "$sock"
wsd_start
ok $? "wsd starts again" "$(tail -3 "$VAR_DIR/log/wsd.log")"
# ws_first PATH MESSAGE [HEADER: VALUE...]: a websocket through nginx (Origin
# the site's own); sends MESSAGE unless empty and prints the first frame,
# "closed CODE" or "HTTP STATUS".
ws_first() {
    $PY - "$BASE_URL" "$@" <<'PY'
import asyncio, sys, websockets
base, path, message, *headers = sys.argv[1:]
async def main():
    uri = "ws://" + base.split("://", 1)[1] + path
    try:
        async with websockets.connect(uri, origin=base, open_timeout=10,
                                      extra_headers=[h.split(": ", 1) for h in headers]) as ws:
            if message:
                await ws.send(message)
            print(await asyncio.wait_for(ws.recv(), 10))
    except websockets.exceptions.InvalidStatusCode as e:
        print("HTTP", e.status_code)
    except websockets.exceptions.ConnectionClosed as e:
        print("closed", e.rcvd.code if e.rcvd else "none")
asyncio.run(main())
PY
}
got=$(ws_first /ws/notifications/ '' "Cookie: sessionid=$sid")
is "$(jq -c . <<<"$got" 2>&1)" "{\"type\":\"auth\",\"ok\":true,\"user_id\":$uid}" \
    "/ws/notifications/ with the session cookie: wsd confirms the user nginx named"
got=$(ws_first /ws/notifications/ '' "Authorization: Bearer $access")
is "$(jq -c .user_id <<<"$got" 2>&1)" "$uid" "and with an access token in Authorization"
is "$(ws_first /ws/notifications/ '{"type":"hello"}' 'X-Ws-User-Id: 1' "X-Ws-User-Email: x")" "closed 4401" \
    "a forged X-Ws-User-Id is no authentication: the first message must be the auth (4401)"
ping='{"message":"hi","ts":1,"sender":"ws_auth.t"}'
got=$(ws_first /ws/ping-pong/ "$ping" "Cookie: sessionid=$sid")
is "$(jq -r .user <<<"$got" 2>&1)" "$email" "ping-pong names the caller by the email, decoded again by wsd"
got=$(ws_first /ws/ping-pong/ "$ping" "Authorization: Bearer $expired")
is "$(jq -c .user <<<"$got" 2>&1)" null "and an expired token's caller as nobody"
done_testing
