#!/usr/bin/env bash
# Dependencies going away and coming back while the programs keep running:
# requests that need them get a JSON 503, readiness names what is down, and
# everything recovers without restarting a program.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

master=$(api_master_pid)
workers=$(api_worker_pids)
staff_user
ACCESS=$(token "$STAFF_EMAIL" "$STAFF_PASSWORD")
auth=(-H "Authorization: Bearer $ACCESS")

# Warm every worker's connections first, so recovery means reconnecting.
for i in 1 2 3 4 5 6; do http GET /readiness; done
is "$STATUS" 200 "readiness is 200 with everything up"

# --- PostgreSQL ---------------------------------------------------------------
pg_stop
http GET /readiness
is "$STATUS" 503 "readiness is 503 with PostgreSQL stopped"
json_is .detail '"PostgreSQL is down."' "and names PostgreSQL"
json_is .redis '"ok"' "while Redis is reported ok"
json_is .postgres '"unavailable"' "PostgreSQL is reported unavailable"
# /readiness is public: libpq's message (host, port, user) goes to the log only.
leaks() { grep -oE "127\.0\.0\.1|$1|connection|refused|user|failed" <<<"$BODY" | head -3; }
is "$(leaks "$POSTGRES_SERVICE_PORT")" "" "the body names no host, port or libpq message"
grep -F '"event":"readiness_postgres"' "$VAR_DIR/log/api.log" | grep -F '"level":"warning"' |
    grep -qF "$POSTGRES_SERVICE_PORT"
ok $? "the log has libpq's message, as a warning" "$(grep readiness_ "$VAR_DIR/log/api.log" | tail -2)"
http GET /api/health-check/
is "$STATUS" 200 "the health check does not touch the database"
pg_start
for i in 1 2 3 4 5 6; do http GET /readiness; [ "$STATUS" = 200 ] || break; done
is "$STATUS" 200 "readiness is 200 again on every worker without a restart"

# --- Redis --------------------------------------------------------------------
redis_pid=$(cat "$VAR_DIR/run/redis.pid")
kill -TERM "$redis_pid"
wait_until 30 process_gone "$redis_pid"
http GET /readiness
is "$STATUS" 503 "readiness is 503 with Redis stopped"
json_is .detail '"Redis is down."' "and names Redis"
json_is '[.postgres, .redis]' '["ok","unavailable"]' "Redis is reported unavailable"
is "$(leaks "$REDIS_SERVICE_PORT")" "" "the body names no host, port or hiredis message"
grep -F '"event":"readiness_redis"' "$VAR_DIR/log/api.log" | grep -qF '"level":"warning"'
ok $? "the log has hiredis' message, as a warning" "$(grep readiness_ "$VAR_DIR/log/api.log" | tail -2)"
http GET /api/debug/redis/ "${auth[@]}"
is "$STATUS" 503 "a request that needs Redis gets 503"
json_is .detail '"Cache unavailable."' "as JSON"
redis_start >/dev/null
for i in 1 2 3 4 5 6; do http GET /api/debug/redis/ "${auth[@]}"; [ "$STATUS" = 200 ] || break; done
is "$STATUS" 200 "Redis requests succeed again on every worker"

# --- both down ----------------------------------------------------------------
pg_stop
redis_pid=$(cat "$VAR_DIR/run/redis.pid")
kill -TERM "$redis_pid"
wait_until 30 process_gone "$redis_pid"
http GET /readiness
is "$STATUS" 503 "readiness is 503 with both down"
json_is .detail '"PostgreSQL and Redis are down."' "and names both"
pg_start
redis_start >/dev/null
http GET /readiness
is "$STATUS" 200 "and 200 when both are back"

is "$(api_master_pid)" "$master" "the program was never restarted"
is "$(api_worker_pids)" "$workers" "nor were its workers"
done_testing
