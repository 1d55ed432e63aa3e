#!/usr/bin/env bash
# No work is lost in an outage. An upload refused with 503 because Redis is
# down leaves neither a statement row nor a stored file behind; a statement
# accepted before PostgreSQL went down is imported once it is back, its
# task waiting (with a warning each time) instead of using up its retries.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"
ctl="$BUILD_DIR/bin/worker-ctl"
sample="$ROOT/t/data/statements/sample-12.csv"
register outage@example.com Outage-pw-0123
T=$(token outage@example.com Outage-pw-0123)
owner=$(psql_q "SELECT id FROM users WHERE email = 'outage@example.com'")
rows() { psql_q "SELECT count(*) FROM statement_files WHERE owner_id = $owner"; }
files() { find "$MEDIA_ROOT/private/statements/$owner" -type f 2>/dev/null | wc -l; }

# --- Redis down: the upload is refused and leaves nothing ---------------------
redis_pid=$(cat "$VAR_DIR/run/redis.pid")
kill -TERM "$redis_pid"
wait_until 30 process_gone "$redis_pid"
upload "$T" '{"month":"2019-12-01"}' "$sample"
is "$STATUS" 503 "an upload with Redis down is refused with 503"
json_is .detail '"The task queue is unavailable."' "naming the task queue"
is "$(rows)" 0 "and leaves no statement row"
is "$(files)" 0 "nor a stored file"
redis_start >/dev/null
upload "$T" '{"month":"2019-12-01"}' "$sample"
is "$STATUS" 201 "with Redis back the same upload is accepted"
sid=$(jq -r .id <<<"$BODY")
wait_done "$T" "$sid"; ok $? "and imported"
is "$(rows) $(files)" "1 1" "one row, one file"

# --- PostgreSQL down: the import waits for it instead of dying ----------------
master=$(cat "$VAR_DIR/run/worker.pid")
kill -TERM "$master"
wait_until 30 process_gone "$master"
upload "$T" '{"month":"2020-01-01"}' "$sample"
is "$STATUS" 201 "a statement is accepted while the worker is stopped"
sid=$(jq -r .id <<<"$BODY")
rc DEL dead >/dev/null
pg_stop
LOG_LEVEL=warning worker_start
deferred() { grep -F '"event":"task_deferred"' "$VAR_DIR/log/worker.log" | grep -cF process_statement_file; }
# Five waits (0.1 + 0.2 + ... + 1.6 s) outlast the ci profile's three
# retries (0.1 + 0.2 + 0.4 s); without waits the task dies at once.
waited_or_dead() { [ "$(deferred)" -ge 5 ] || [ "$(rc LLEN dead)" != 0 ]; }
wait_until 60 waited_or_dead
[ "$(deferred)" -ge 5 ]; ok $? "with PostgreSQL down the import waits, logging a warning each time" "$(tail -3 "$VAR_DIR/log/worker.log")"
is "$(rc LLEN dead)" 0 "past its retry window it is not dead-lettered"
grep -F '"event":"task_deferred"' "$VAR_DIR/log/worker.log" | grep -qF '"level":"warning"'
ok $? "the wait is a warning (seen at LOG_LEVEL=warning)"
pg_start
wait_done "$T" "$sid"; ok $? "with PostgreSQL back the statement is imported"
is "$(psql_q "SELECT status || ' ' || rows FROM statement_files WHERE id = $sid")" "done 12" "with all its rows"
is "$(psql_q "SELECT count(*) FROM transactions WHERE source_file_id = $sid")" 12 "once"
is "$(rc LLEN dead)" 0 "and the dead-letter list is empty"

# --- a task that really fails is dead-lettered, with a warning ---------------
fid=$("$ctl" enqueue debug_fail_task)
wait_until 30 task_state_is "$fid" FAILURE; ok $? "a failing task still uses up its retries"
dead_logged() { grep -F '"event":"task_dead"' "$VAR_DIR/log/worker.log" | grep -qF "$1"; }
wait_until 10 dead_logged "$fid"
ok $? "and its dead letter is logged as a warning" "$(tail -3 "$VAR_DIR/log/worker.log")"
rc DEL dead >/dev/null
done_testing
