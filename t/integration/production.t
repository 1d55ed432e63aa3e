#!/usr/bin/env bash
# The production profile as the images run it: conf/nginx/production.conf
# rendered by ops/render-nginx (as nginx.Dockerfile does) in front of an api
# with DEBUG off on TCP. Every location's response carries the security
# headers and HSTS, the front end its Content-Security-Policy, the session
# cookies are Secure, X-Forwarded-For is believed only from
# TRUSTED_PROXY_CIDRS (checked at render time); and the ci stack the other
# tests use has no demo user.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

is "$(psql_q "SELECT count(*) FROM users WHERE email = 'admin@company.com'")" 0 \
    "the ci profile has no demo user (development only)"

dir=$(mktemp -d /tmp/verbose-prod.XXXXXX)
PIDS=()
cleanup() {
    [ ${#PIDS[@]} = 0 ] || kill -TERM "${PIDS[@]}" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT
# A stand-in for the built front end: what matters here is how nginx serves it.
mkdir -p "$dir/static/spa/assets" "$dir/media"
echo '<!doctype html><title>spa</title>' >"$dir/static/spa/index.html"
echo 'console.log(1);' >"$dir/static/spa/assets/app.js"
echo 'User-agent: *' >"$dir/static/robots.txt"
chmod -R a+rX "$dir" # nginx's workers run as nobody here

other_port() { local p; p=$(free_port); while [ "$p" = "$1" ] || [ "$p" = "$PORT" ]; do p=$(free_port); done; echo "$p"; }
api_port=$(other_port "")
DEBUG=false FCGI_WORKERS=1 FCGI_LISTEN="127.0.0.1:$api_port" "$BUILD_DIR/cgi-bin/api" \
    >"$dir/api.log" 2>&1 &
PIDS+=($!)
wait_for_port "$api_port" 10 "the production-like api"
ok $? "an api with DEBUG off listens on TCP, as in the Fargate task" "$(tail -3 "$dir/api.log")"

# --- render ------------------------------------------------------------------
render() { # render OUTDIR [env ARGS...]: ops/render-nginx production
    local out=$1; shift
    env "$@" PORT="$nginx_port" API_UPSTREAM="127.0.0.1:$api_port" \
        FLOWER_UPSTREAM="127.0.0.1:$dead_port" GRAPHQL_UPSTREAM="127.0.0.1:$dead_port" ADMIN_UPSTREAM="127.0.0.1:$dead_port" \
        MEDIA_ROOT="$dir/media" STATIC_ROOT="$dir/static" \
        SPA_MODE=spa PID_FILE="$dir/nginx.pid" "$ROOT/ops/render-nginx" production "$out"
}
nginx_port=$(other_port "$api_port")
dead_port=$(other_port "$nginx_port") # nothing listens: /flower/ is a 503 from nginx
out=$(render "$dir/bad" TRUSTED_PROXY_CIDRS="10.0.0.0/8,10.0.0.300/8" 2>&1); rc=$?
is "$rc" 2 "render-nginx refuses a TRUSTED_PROXY_CIDRS range that is not one"
is "$out" 'render-nginx: TRUSTED_PROXY_CIDRS: "10.0.0.300/8" is not an IPv4 or IPv6 range like 172.31.0.0/16' \
    "with one line naming it"
out=$(render "$dir/bad" TRUSTED_PROXY_CIDRS="10.0.0.0/8; allow all" 2>&1)
ok $(($? != 2)) "and one that would smuggle in a directive" "$out"
render "$dir/default" -u TRUSTED_PROXY_CIDRS
grep -E '^\s*set_real_ip_from' "$dir/default/nginx.conf" | tr -s ' ' >"$dir/lines"
is "$(cat "$dir/lines")" ' set_real_ip_from 172.31.0.0/16;' "the default trusts AWS's default VPC only"

render "$dir/nginx" TRUSTED_PROXY_CIDRS="127.0.0.1/32, 10.20.0.0/16,fd00::/8"
is "$(grep -cE '^\s*set_real_ip_from (127\.0\.0\.1/32|10\.20\.0\.0/16|fd00::/8);$' "$dir/nginx/nginx.conf")" 3 \
    "a list renders one set_real_ip_from line per range"
! grep -q 10.0.0.0/8 "$dir/nginx/nginx.conf"
ok $? "and 10.0.0.0/8 is no longer trusted"

# Every location that adds a header of its own must include the security
# headers again: nginx drops the inherited ones there.
missing=$(cat "$dir/nginx/nginx.conf" "$dir/nginx/locations.conf" | awk '
    /^[ \t]*location / { inside = 1; head = $0; body = "" }
    inside { body = body $0 "\n"; if ($0 ~ /}[ \t]*$/) { inside = 0
        if (body ~ /add_header/ && body !~ /include security_headers.conf/) print head } }')
is "$missing" "" "every location with add_header includes security_headers.conf"

nginx -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" 2>"$dir/nginx-t.err"
ok $? "nginx -t accepts the rendered production configuration" "$(cat "$dir/nginx-t.err")"
nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' >"$dir/access.log" 2>"$dir/error.log" &
PIDS+=($!)
wait_for_port "$nginx_port" 10 "the production nginx"
ok $? "the production nginx starts" "$(tail -3 "$dir/error.log")"

# --- headers on every location -----------------------------------------------
ci_url=$BASE_URL
BASE_URL=http://127.0.0.1:$nginx_port
hsts='Strict-Transport-Security: max-age=31536000; includeSubDomains'
csp="Content-Security-Policy: default-src 'self'; script-src 'self';"
while read -r path want; do
    http GET "$path"
    headers_ok=$(grep -cxF -e "$hsts" -e 'X-Content-Type-Options: nosniff' -e 'X-Frame-Options: DENY' <<<"$HEADERS")
    [ "$STATUS" = "$want" ] && [ "$headers_ok" = 3 ]
    ok $? "production $path: $want with HSTS, nosniff and DENY" "$STATUS"$'\n'"$HEADERS"
done <<'PATHS'
/ 200
/banking/transactions 200
/assets/app.js 200
/assets/missing.js 404
/static/robots.txt 200
/api/health-check/ 200
/healthz 200
/readiness 200
/api/no-such-thing/ 404
/media/nothing 404
/media/private/statements/x.csv 401
/graphql/ 503
/admin/ 503
/ws/ 503
/flower/ 503
PATHS
for path in / /banking /assets/app.js; do
    http GET "$path"
    grep -q "^$csp" <<<"$HEADERS" && grep -q "frame-ancestors 'none'" <<<"$HEADERS" &&
        grep -q "object-src 'none'" <<<"$HEADERS"
    ok $? "production $path: the front end's Content-Security-Policy" "$HEADERS"
done
http GET /
grep -qx 'Cache-Control: no-cache' <<<"$HEADERS"
ok $? "and / keeps its own Cache-Control beside them" "$HEADERS"

# --- Secure cookies with DEBUG off -------------------------------------------
http GET /api/login-set-cookie/
grep -qiE '^Set-Cookie: csrftoken=[^;]+;.*; Secure' <<<"$HEADERS"
ok $? "DEBUG off: the csrftoken cookie is Secure" "$HEADERS"
csrf=$(grep -ioE '^Set-Cookie: csrftoken=[^;]+' <<<"$HEADERS" | cut -d= -f2)
email="prod-$RANDOM@example.com"
BASE_URL=$ci_url register "$email" 'Pr0duction-pw'
# curl sends no Secure cookie over http: the test hands the token over itself.
post_json /api/login/ "{\"email\":\"$email\",\"password\":\"Pr0duction-pw\"}" \
    -H "Cookie: csrftoken=$csrf" -H "X-CSRFToken: $csrf"
grep -qiE '^Set-Cookie: sessionid=[^;]+;.*HttpOnly.*; Secure' <<<"$HEADERS"
ok $? "and so is the sessionid cookie" "$STATUS $BODY"$'\n'"$HEADERS"
BASE_URL=$ci_url http GET /api/login-set-cookie/
grep -qiE '^Set-Cookie: csrftoken=' <<<"$HEADERS" && ! grep -qi 'Secure' <<<"$HEADERS"
ok $? "DEBUG on (ci, plain http): not Secure" "$HEADERS"
BASE_URL=$ci_url http GET /api/health-check/
! grep -qi '^Strict-Transport-Security' <<<"$HEADERS" && grep -qx 'X-Frame-Options: DENY' <<<"$HEADERS"
ok $? "ci: the security headers but no HSTS on plain http" "$HEADERS"

# --- X-Forwarded-For only from a trusted proxy --------------------------------
http GET /healthz -H 'X-Forwarded-For: 203.0.113.7'
http GET /healthz -H 'X-Forwarded-For: 203.0.113.8' --interface 127.0.0.2
wait_until 5 grep -q '"remote_addr":"127.0.0.2"' "$dir/access.log"
grep -q '"remote_addr":"203.0.113.7"' "$dir/access.log"
ok $? "X-Forwarded-For from a trusted proxy (127.0.0.1/32) names the client" "$(tail -2 "$dir/access.log")"
! grep -q '"remote_addr":"203.0.113.8"' "$dir/access.log"
ok $? "and from any other address it is ignored" "$(tail -2 "$dir/access.log")"
done_testing
