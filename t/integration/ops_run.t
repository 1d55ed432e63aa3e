#!/usr/bin/env bash
# ops/run as a user runs it: two instances side by side, SIGTERM and Ctrl-C
# leave nothing running, a second start keeps the data, --dev rebuilds and
# reloads on a change. Uses its own ports and folders, not the shared stack.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

declare -A RUN_PID RUN_LOG
start_run() { # start_run NAME PORT VAR_DIR [ops/run args]
    local name=$1 port=$2 var=$3; shift 3
    RUN_LOG[$name]=$(mktemp)
    # Background jobs of a script ignore SIGINT; give it back so Ctrl-C can be tested.
    env --default-signal=INT -u PROFILE -u BASE_URL -u POSTGRES_SERVICE_PORT \
        -u REDIS_SERVICE_PORT -u MEDIA_ROOT -u SQL_DIR PORT="$port" VAR_DIR="$var" \
        "$ROOT/ops/run" "$@" >"${RUN_LOG[$name]}" 2>&1 &
    RUN_PID[$name]=$!
    wait_until 300 bash -c "grep -q 'is running' ${RUN_LOG[$name]} || ! kill -0 ${RUN_PID[$name]} 2>/dev/null"
    grep -q 'is running' "${RUN_LOG[$name]}"
}
running_under() { pgrep -f -- "$1" >/dev/null || pgrep -f "postgres -D $(readlink -f "$1/pg")" >/dev/null; }

p1=$(free_port); v1=$(mktemp -d /tmp/verbose-run1.XXXXXX)
# The second instance lives inside a 0700 folder, like a clone under /root:
# the postgres user cannot reach it, so its cluster (and log) must move to
# /var/lib/verbose-c.
home2=$(mktemp -d /tmp/verbose-home.XXXXXX)
p2=$(free_port); v2=$home2/var; mkdir "$v2"
chmod 755 "$v1"

start_run one "$p1" "$v1"
ok $? "ops/run starts and prints its URL" "$(tail -5 "${RUN_LOG[one]}")"
grep -q "http://127.0.0.1:$p1/" "${RUN_LOG[one]}" && grep -q "admin@company.com / password" "${RUN_LOG[one]}"
ok $? "it prints the URL and the demo credentials"
grep -q "ws://127.0.0.1:$p1/ws/ping-pong/" "${RUN_LOG[one]}" && grep -q "ws://127.0.0.1:$p1/ws/notifications/" "${RUN_LOG[one]}"
ok $? "and the websocket URLs"
BASE_URL=http://127.0.0.1:$p1
http GET /api/health-check/
json_is . '{"message":"OK"}' "it serves /api/health-check/"
http GET /readiness
is "$STATUS" 200 "readiness is 200" "$BODY"$'\n'"$(tail -5 "$v1/log/api.log" 2>/dev/null)"
http GET /api/no-such-thing/
is "$STATUS $BODY" '404 {"detail":"Not found."}' "an unknown API path is a JSON 404"
http GET /banking
case $BODY in *'/assets/'*'q-app'*) ok 0 "a front-end route serves the built SPA's index.html" ;;
*) ok 1 "a front-end route serves the built SPA's index.html" "$STATUS ${BODY:0:300}" ;; esac
grep -q "^spa " "$ROOT/static/spa/.sources"
ok $? "ops/run built the SPA and recorded what it was built from"

start_run two "$p2" "$v2"
ok $? "a second instance with another PORT and VAR_DIR starts beside the first"
BASE_URL=http://127.0.0.1:$p2 http GET /api/health-check/
is "$STATUS" 200 "the second instance serves"
BASE_URL=http://127.0.0.1:$p1 http GET /api/health-check/
is "$STATUS" 200 "and the first still does" "$(tail -5 "${RUN_LOG[one]}"; tail -3 "$v1/log/nginx-error.log" 2>/dev/null)"

http POST /api/debug/redis/ -H 'Content-Type: application/json' -H "Authorization: Bearer $(token admin@company.com password)" --data '{"count": 1234}'
is "$STATUS" 200 "data written to the first instance"
kill -TERM "${RUN_PID[one]}"
wait_until 60 bash -c "! kill -0 ${RUN_PID[one]} 2>/dev/null"
ok $? "SIGTERM stops ops/run"
running_under "$v1"
ok $((! $?)) "and nothing it started is left running" "$(pgrep -af -- "$v1")"
! port_in_use "$p1"
ok $? "its port is free again"
BASE_URL=http://127.0.0.1:$p2 http GET /readiness
is "$STATUS" 200 "the other instance is untouched"

start_run one "$p1" "$v1"
ok $? "ops/run starts again on the same folder"
http GET /api/debug/redis/ -H "Authorization: Bearer $(token admin@company.com password)"
json_is .count 1234 "Redis data survived the restart"
users=$(psql -h 127.0.0.1 -p "$(grep ^POSTGRES_SERVICE_PORT= "$v1/run/stack.env" | cut -d= -f2)" \
    -U postgres -tAc "SELECT count(*) FROM users WHERE email = 'admin@company.com'")
is "$users" 1 "PostgreSQL data survived and the demo user was not duplicated"
kill -TERM "${RUN_PID[one]}"
wait_until 60 bash -c "! kill -0 ${RUN_PID[one]} 2>/dev/null"

# --- Ctrl-C and --dev ---------------------------------------------------------
kill -TERM "${RUN_PID[two]}"
wait_until 60 bash -c "! kill -0 ${RUN_PID[two]} 2>/dev/null"
start_run dev "$p2" "$v2" --dev
ok $? "ops/run --dev starts"
BASE_URL=http://127.0.0.1:$p2
http GET /banking
case $BODY in *'/@vite/client'*) ok 0 "--dev: nginx serves the front end from Vite's dev server" ;;
*) ok 1 "--dev: nginx serves the front end from Vite's dev server" "$STATUS ${BODY:0:300}" ;; esac
vite_port=$(sed -n 's/.*Vite dev server on 127.0.0.1:\([0-9]*\).*/\1/p' "${RUN_LOG[dev]}")
master=$(cat "$v2/run/api.pid")
before=$(pgrep -P "$master" | sort)
# A save that changes nothing still counts as a change to the watcher.
printf '' >>"$ROOT/conf/nginx/fastcgi_params"
wait_until 60 grep -q "reloaded" "${RUN_LOG[dev]}"
ok $? "a change under conf/ rebuilds and reloads" "$(tail -5 "${RUN_LOG[dev]}")"
wait_until 60 children_replaced "$master" "$before" "$(grep -c . <<<"$before")"
ok $? "the api workers were replaced"
http GET /api/health-check/
is "$STATUS" 200 "and it still serves"
watcher=$(pgrep -P "${RUN_PID[dev]}" inotifywait)
[ -n "$watcher" ]
ok $? "ops/run --dev runs inotifywait"
kill -INT "${RUN_PID[dev]}"
wait_until 60 bash -c "! kill -0 ${RUN_PID[dev]} 2>/dev/null"
ok $? "Ctrl-C (SIGINT) stops ops/run --dev"
running_under "$v2"
ok $((! $?)) "and nothing is left running, the watcher included" "$(pgrep -af -- "$v2")"
kill -0 "$watcher" 2>/dev/null
ok $((! $?)) "no inotifywait left behind"
[ -n "$vite_port" ] && ! port_in_use "$vite_port"
ok $? "and no Vite dev server (port ${vite_port:-unknown})"

pg2=$(readlink -f "$v2/pg")
case $pg2 in /var/lib/verbose-c/pg-*) ok 0 "the 0700 instance's cluster lived in $pg2" ; rm -rf "$pg2" "$pg2.log" ;;
*) ok 1 "the 0700 instance's cluster lived under /var/lib/verbose-c" "$pg2" ;; esac
rm -rf "$v1" "$home2"
done_testing
