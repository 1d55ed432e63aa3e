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
ACCESS=$(token admin@company.com password)
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
