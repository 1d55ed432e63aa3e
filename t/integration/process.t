#!/usr/bin/env bash
# The prefork server under pressure: a worker killed with SIGKILL is
# replaced, SIGHUP reloads without dropping requests, SIGTERM lets a slow
# request finish before the program exits.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

# --- SIGKILL a worker -------------------------------------------------------
before=$(api_worker_pids)
victim=$(head -1 <<<"$before")
kill -KILL "$victim"
wait_until 10 pool_replaced "$victim"
ok $? "the master replaces a worker killed with SIGKILL"
after=$(api_worker_pids)
grep -qx "$victim" <<<"$after"
ok $((! $?)) "the killed worker's pid is gone from the pool"
fails=0
for i in $(seq 1 50); do
    http GET /api/health-check/
    [ "$STATUS" = 200 ] || fails=$((fails + 1))
done
is "$fails" 0 "the next 50 requests all succeed"

# --- SIGKILL every worker at once -------------------------------------------
all=$(api_worker_pids)
xargs kill -KILL <<<"$all"
wait_until 10 pool_replaced "$all"
ok $? "the master replaces all workers killed at once"
http GET /api/health-check/
is "$STATUS" 200 "and serves again"

# --- SIGHUP: hot reload under load ------------------------------------------
master=$(api_master_pid)
old=$(api_worker_pids)
load_log=$(mktemp)
( for i in $(seq 1 300); do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$BASE_URL/api/health-check/"
  done >"$load_log" ) &
load=$!
wait_until 10 test -s "$load_log" # the load is flowing before the reload
kill -HUP "$master"
wait $load
bad=$(grep -vc '^200$' "$load_log")
is "$bad" 0 "300 requests during a SIGHUP reload all get 200"
rm -f "$load_log"
kill -0 "$master" 2>/dev/null
ok $? "the master keeps its pid across the reload (re-exec)"
wait_until 10 pool_replaced "$old"
new=$(api_worker_pids)
[ -z "$(comm -12 <(echo "$old") <(echo "$new"))" ]
ok $? "every worker was replaced by the reloaded binary"

# --- SIGTERM during a slow request ------------------------------------------
slow_out=$(mktemp)
curl -s -o "$slow_out" -w '%{http_code}' --max-time 20 \
    "$BASE_URL/api/debug/sleep/?ms=1500" >"$slow_out.status" &
slow=$!
wait_until 10 api_worker_sleeping # the request is in a worker, not on its way
kill -TERM "$master"
wait $slow
is "$(cat "$slow_out.status")" 200 "a request in flight when SIGTERM arrives completes"
is "$(cat "$slow_out")" '{"slept_ms":1500}' "with its whole body"
rm -f "$slow_out" "$slow_out.status"
wait_until 10 bash -c "! kill -0 $master 2>/dev/null"
ok $? "the program exits once the request is done"
pgrep -f "$BUILD_DIR/cgi-bin/api" >/dev/null
ok $((! $?)) "no worker is left behind"
http GET /api/health-check/
is "$STATUS" 503 "with the program gone nginx answers 503"
json_is .detail '"Service temporarily unavailable: the program behind this path is not running."' \
    "as JSON"

# Start it again for the tests that follow.
fcgi_start api
http GET /api/health-check/
is "$STATUS" 200 "the program starts again on the same socket"

done_testing
