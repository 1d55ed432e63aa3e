#!/usr/bin/env bash
# What the worker and the statement import publish for /ws/notifications/
# (lib/events, lib/queue/task_event.c, lib/apps/banking/import_events.c),
# read straight from Redis with redis-cli SUBSCRIBE: a task's states in
# order with the JSON wsd forwards, each published after the state is
# written; a failing task's RETRY and FAILURE with the error; a statement's
# progress from "processing" to "done"; "pending" when the database fails
# an import that will run again, "failed" after its last try; and nothing
# on another user's channel.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
SUB_PIDS=()
cleanup() { local p; for p in "${SUB_PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
tmp=$(mktemp -d)
trap cleanup EXIT

# subscribe FILE CHANNEL: redis-cli SUBSCRIBE in the background, its raw
# output in FILE; returns once Redis confirmed the subscription (the lines
# "subscribe", CHANNEL, "1").
subscribe() {
    redis-cli -p "$REDIS_SERVICE_PORT" SUBSCRIBE "$2" >"$1" 2>&1 &
    SUB_PIDS+=($!)
    wait_until 10 grep -sqx "$2" "$1"
}
# messages FILE [JQ_SELECT]: every message's payload, one a line (a payload
# is the line after "message" and the channel), optionally filtered by jq.
messages() {
    awk '{ if (p2 == "message") print; p2 = p1; p1 = $0 }' "$1" | jq -c "${2:-.}" 2>/dev/null
}
# has FILE JQ_FILTER: some message makes JQ_FILTER true.
has() { messages "$1" "select($2)" | grep -q .; }
# settle FILE CHANNEL: publishes a marker on CHANNEL and waits until FILE
# has it. Redis delivers a subscriber's messages in order and redis-cli
# writes them when it gets to it: only then may a test say what FILE lacks.
settle() {
    local m="marker-$RANDOM$RANDOM"
    rc PUBLISH "$2" "{\"type\":\"marker\",\"id\":\"$m\"}" >/dev/null
    wait_until 10 grep -qF "$m" "$1"
}

new_user() { # new_user: registers one, prints "ID TOKEN"
    local email="ev-$RANDOM$RANDOM@example.com"
    register "$email" 'Ev3nts-pw-123'
    echo "$(psql_q "SELECT id FROM users WHERE email = '$email'") $(token "$email" 'Ev3nts-pw-123')"
}
read -r uid1 tok1 <<<"$(new_user)"
read -r uid2 tok2 <<<"$(new_user)"
[ -n "$uid1" ] && [ -n "$uid2" ] && [ "$tok1" != null ]
ok $? "two users with tokens ($uid1, $uid2)"
subscribe "$tmp/u1" "ws:user:$uid1"; ok $? "Redis confirms a subscription to ws:user:$uid1"
subscribe "$tmp/u2" "ws:user:$uid2"; ok $? "and to ws:user:$uid2"
redis-cli -p "$REDIS_SERVICE_PORT" PSUBSCRIBE 'ws:user:*' >"$tmp/all" 2>&1 &
SUB_PIDS+=($!)
wait_until 10 grep -sqx 'ws:user:\*' "$tmp/all"; ok $? "and to every user's channel (PSUBSCRIBE ws:user:*)"

# --- a task's states ------------------------------------------------------------------------
post_json /api/celery/sleep-task/ '{"seconds": 1}' -H "Authorization: Bearer $tok1"
id=$(jq -r .task_id <<<"$BODY")
is "$STATUS" 200 "user 1 starts a sleep task"
wait_until 30 has "$tmp/u1" ".id == \"$id\" and .state == \"STARTED\""
ok $? "STARTED reaches the owner's channel" "$(cat "$tmp/u1")"
# Published after the HSET in the same pipeline: whoever reads the task
# after the event sees at least that state (a slow machine may read it
# after the 1 s sleep is over).
http GET "/api/tasks/$id/" -H "Authorization: Bearer $tok1"
json_is '.state | IN("STARTED", "SUCCESS")' true "GET /api/tasks/<id>/ right after the event says STARTED (or later)"
wait_until 30 has "$tmp/u1" ".id == \"$id\" and .state == \"SUCCESS\""
ok $? "SUCCESS follows" "$(cat "$tmp/u1")"
is "$(messages "$tmp/u1" "select(.id == \"$id\")" | tr '\n' ' ')" \
    "{\"type\":\"task\",\"id\":\"$id\",\"name\":\"sleep_task\",\"state\":\"STARTED\"} {\"type\":\"task\",\"id\":\"$id\",\"name\":\"sleep_task\",\"state\":\"SUCCESS\",\"result\":1} " \
    "exactly STARTED then SUCCESS with the result, as events_task_json writes them"

# --- a failing task: RETRY with the error, then FAILURE -----------------------------------------
fid=$(cat /proc/sys/kernel/random/uuid)
rc LPUSH "queue:${CELERY_QUEUE_DEFAULT:-default}" \
    "{\"id\":\"$fid\",\"task\":\"debug_fail_task\",\"args\":[],\"kwargs\":{},\"queue\":\"${CELERY_QUEUE_DEFAULT:-default}\",\"retries\":0,\"max_retries\":1,\"eta\":0,\"enqueued_at\":0,\"owner\":$uid1}" >/dev/null
wait_until 30 has "$tmp/u1" ".id == \"$fid\" and .state == \"FAILURE\""
ok $? "a task that fails for good ends with FAILURE on the owner's channel" "$(cat "$tmp/u1")"
is "$(messages "$tmp/u1" "select(.id == \"$fid\") | [.state, .error // null, has(\"result\")]" | tr '\n' ' ')" \
    '["STARTED",null,false] ["RETRY","debug_fail_task failed on purpose",false] ["STARTED",null,false] ["FAILURE","debug_fail_task failed on purpose",false] ' \
    "STARTED, RETRY with the error, STARTED again, FAILURE with the error"
is "$(rc HGET "task:$fid" state)" FAILURE "the task's own state agrees"

# --- a process killed mid-task: the master puts the task back (requeue.c) -------------------------
# 10 s: the kill lands inside the first run even on a slow machine.
post_json /api/celery/sleep-task/ '{"seconds": 10}' -H "Authorization: Bearer $tok1"
rid=$(jq -r .task_id <<<"$BODY")
wait_until 30 has "$tmp/u1" ".id == \"$rid\" and .state == \"STARTED\""
ok $? "a 10 s sleep task STARTED"
wid=$(rc HGET "task:$rid" worker)       # <host>:<master pid>:<random>-<pid>, the process running it
victim=${wid##*-}
[ -n "$victim" ] && kill -KILL "$victim"
ok $? "its process ($victim) is killed"
wait_until 30 has "$tmp/u1" ".id == \"$rid\" and .state == \"SUCCESS\""
ok $? "the task still ends SUCCESS" "$(messages "$tmp/u1" "select(.id == \"$rid\")")"
is "$(messages "$tmp/u1" "select(.id == \"$rid\") | [.state, .error // null]" | tr '\n' ' ')" \
    '["STARTED",null] ["RETRY","worker process killed by signal 9"] ["STARTED",null] ["SUCCESS",null] ' \
    "the master's RETRY (with why) between the two runs"

# --- a statement import ----------------------------------------------------------------------------
csv="$tmp/big.csv"
"$ROOT/ops/lib/gen-statement" 60000 7 >"$csv"
upload "$tok1" '{"month":"2020-02-01"}' "$csv"
sid=$(jq -r .id <<<"$BODY")
is "$STATUS" 201 "user 1 uploads a 60,000-row statement"
wait_until 60 has "$tmp/u1" ".type == \"statement\" and .id == $sid and .status != \"processing\""
ok $? "the import's end reaches the owner's channel" "$(messages "$tmp/u1" 'select(.type == "statement")' | tail -3)"
events=$(messages "$tmp/u1" "select(.type == \"statement\" and .id == $sid)")
is "$(head -1 <<<"$events")" "{\"type\":\"statement\",\"id\":$sid,\"status\":\"processing\",\"rows\":0,\"errors\":[],\"progress\":0}" \
    "the first event: processing, 0 rows, 0 %"
is "$(tail -1 <<<"$events")" "{\"type\":\"statement\",\"id\":$sid,\"status\":\"done\",\"rows\":60000,\"errors\":[],\"progress\":100}" \
    "the last: done with every row, 100 %"
middle=$(sed '1d;$d' <<<"$events")
[ -n "$middle" ]; ok $? "progress events in between (a 256 KB COPY chunk, at most every 100 ms)" "$events"
jq -s -e 'all(.status == "processing" and .progress >= 0 and .progress <= 99 and .rows > 0)
    and ([.[].rows] == ([.[].rows] | sort)) and ([.[].progress] == ([.[].progress] | sort))' \
    <<<"$middle" >/dev/null
ok $? "each one processing, rows and progress growing, progress under 100" "$middle"
statement_in "$tok1" "$sid" "done"; ok $? "the statement API says done as well"

# A file with errors: "failed" with the same errors the statement API shows.
printf 'Posted Date,Reference Number,Payee,Address,Amount\n13/45/2019,1,X,Y,abc\n' >"$tmp/bad.csv"
upload "$tok1" '{"month":"2020-03-01"}' "$tmp/bad.csv"
bid=$(jq -r .id <<<"$BODY")
wait_until 30 has "$tmp/u1" ".type == \"statement\" and .id == $bid and .status == \"failed\""
ok $? "a bad file ends failed on the channel" "$(messages "$tmp/u1" "select(.id == $bid)")"
api_errors=$(curl -s -H "Authorization: Bearer $tok1" "$BASE_URL/api/statements/" |
    jq -c --argjson id "$bid" '.results[] | select(.id == $id) | .errors')
is "$(messages "$tmp/u1" "select(.type == \"statement\" and .id == $bid and .status == \"failed\") | .errors")" \
    "$api_errors" "with the errors array the statement API shows"

# --- the database fails mid-import: "pending" while it will run again, "failed" after the last try ---
# statuses ID: the statuses of statement ID's events, space-separated.
statuses() { messages "$tmp/u1" "select(.type == \"statement\" and .id == $1) | .status" | tr -d '"' | tr '\n' ' '; }
good="$tmp/good.csv"
printf 'Posted Date,Reference Number,Payee,Address,Amount\n01/02/2020,1,X,Y,1.00\n' >"$good"
# PostgreSQL away: a session holds the table, the import waits on it, and
# its connection is terminated; the task is deferred and runs again.
PGAPPNAME=events-t-lock psql -h 127.0.0.1 -p "$POSTGRES_SERVICE_PORT" -U postgres -d "${POSTGRES_NAME:-postgres}" \
    -qc 'BEGIN; LOCK TABLE transactions; SELECT pg_sleep(120); COMMIT' >/dev/null 2>&1 &
SUB_PIDS+=($!)
locker() {
    psql_q "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid)
            WHERE a.application_name = 'events-t-lock' AND l.relation = 'transactions'::regclass AND l.granted"
}
waiter() {
    psql_q "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM transactions%'"
}
found() { [ -n "$("$@")" ]; }
wait_until 10 found locker; ok $? "a session locks the transactions table"
upload "$tok1" '{"month":"2020-04-01"}' "$good"
lid=$(jq -r .id <<<"$BODY")
wait_until 30 found waiter; ok $? "the import of statement $lid waits for it"
psql_q "SELECT pg_terminate_backend($(waiter))" >/dev/null
wait_until 30 has "$tmp/u1" ".type == \"statement\" and .id == $lid and .status == \"pending\""
ok $? "its connection terminated, the import says pending (it is deferred)" "$(statuses "$lid")"
psql_q "SELECT pg_terminate_backend($(locker))" >/dev/null
wait_until 30 has "$tmp/u1" ".type == \"statement\" and .id == $lid and .status == \"done\""
ok $? "the table free again, it runs again and ends done" "$(statuses "$lid")"
is "$(statuses "$lid")" "processing pending processing done " "processing, pending, processing, done"
statement_in "$tok1" "$lid" "done"; ok $? "the statement API says done"

# A database that refuses the rows (a constraint the file breaks) fails the
# task: each try that will be retried ends pending, the last one failed.
psql_q "ALTER TABLE transactions ADD CONSTRAINT events_t_refuses CHECK (description <> 'refused') NOT VALID" >/dev/null
printf 'Posted Date,Reference Number,Payee,Address,Amount\n01/02/2020,1,refused,Y,1.00\n' >"$tmp/refused.csv"
upload "$tok1" '{"month":"2020-05-01"}' "$tmp/refused.csv"
xid=$(jq -r .id <<<"$BODY")
wait_until 30 has "$tmp/u1" ".type == \"statement\" and .id == $xid and .status == \"failed\""
ok $? "a file the database refuses ends failed after its retries" "$(statuses "$xid")"
want=; for _ in $(seq "${TASK_MAX_RETRIES:-3}"); do want+="processing pending "; done
is "$(statuses "$xid")" "${want}processing failed " "pending after each try but the last"
why='["the database could not store the rows"]'
is "$(messages "$tmp/u1" "select(.type == \"statement\" and .id == $xid and .status == \"failed\") | .errors")" \
    "$why" "failed with why"
is "$(curl -s -H "Authorization: Bearer $tok1" "$BASE_URL/api/statements/" |
    jq -c --argjson id "$xid" '.results[] | select(.id == $id) | [.status, .errors]')" \
    "[\"failed\",$why]" "the statement API says the same"
psql_q "ALTER TABLE transactions DROP CONSTRAINT events_t_refuses" >/dev/null

# --- nobody else's --------------------------------------------------------------------------------
settle "$tmp/u2" "ws:user:$uid2"; ok $? "a marker published on user 2's channel reaches user 2"
is "$(messages "$tmp/u2" 'select(.type != "marker")' | wc -l)" 0 "user 2's channel got none of user 1's events before it" "$(cat "$tmp/u2")"
post_json /api/celery/sleep-task/ '{"seconds": 1}' -H "Authorization: Bearer $tok2"
id2=$(jq -r .task_id <<<"$BODY")
wait_until 30 has "$tmp/u2" ".id == \"$id2\" and .state == \"SUCCESS\""
ok $? "while user 2's own task reaches user 2"
settle "$tmp/u1" "ws:user:$uid1"; ok $? "a marker published on user 1's channel after that reaches user 1"
has "$tmp/u1" ".id == \"$id2\""; is "$?" 1 "and user 1 got none of user 2's task before it"

# A task nobody owns (worker-ctl enqueue: owner 0) publishes nothing, on any user's channel.
nid=$("$BUILD_DIR/bin/worker-ctl" enqueue noop)
wait_until 30 task_state_is "$nid" SUCCESS
ok $? "a task without an owner runs"
settle "$tmp/all" "ws:user:marker"; ok $? "a marker published after it reaches the PSUBSCRIBE watcher"
grep -qF "$nid" "$tmp/all"; is "$?" 1 "and publishes nothing (PSUBSCRIBE ws:user:* saw none of it)"
grep -qF "\"$id\"" "$tmp/all"; ok $? "while that watcher did see user 1's task (it can fail)"
done_testing
