#!/usr/bin/env bash
# What the worker and the statement import publish for /ws/notifications/
# (lib/events, lib/queue/task_event.c, lib/apps/banking/import_events.c),
# read straight from Redis with redis-cli SUBSCRIBE: a task's states in
# order with the JSON wsd forwards, each published after the state is
# written; a failing task's RETRY and FAILURE with the error; a statement's
# progress from "processing" to "done"; and nothing on another user's
# channel.
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
# after the event sees at least that state.
http GET "/api/tasks/$id/" -H "Authorization: Bearer $tok1"
json_is .state '"STARTED"' "GET /api/tasks/<id>/ right after the event says STARTED too"
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
post_json /api/celery/sleep-task/ '{"seconds": 2}' -H "Authorization: Bearer $tok1"
rid=$(jq -r .task_id <<<"$BODY")
wait_until 30 has "$tmp/u1" ".id == \"$rid\" and .state == \"STARTED\""
ok $? "a 2 s sleep task STARTED"
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

# --- nobody else's --------------------------------------------------------------------------------
is "$(messages "$tmp/u2" | wc -l)" 0 "user 2's channel got none of user 1's events" "$(cat "$tmp/u2")"
post_json /api/celery/sleep-task/ '{"seconds": 1}' -H "Authorization: Bearer $tok2"
id2=$(jq -r .task_id <<<"$BODY")
wait_until 30 has "$tmp/u2" ".id == \"$id2\" and .state == \"SUCCESS\""
ok $? "while user 2's own task reaches user 2"
has "$tmp/u1" ".id == \"$id2\""; is "$?" 1 "and not user 1"

# A task nobody owns (worker-ctl enqueue: owner 0) publishes nothing, on any user's channel.
nid=$("$BUILD_DIR/bin/worker-ctl" enqueue noop)
wait_until 30 task_state_is "$nid" SUCCESS
ok $? "a task without an owner runs"
grep -qF "$nid" "$tmp/all"; is "$?" 1 "and publishes nothing (PSUBSCRIBE ws:user:* saw none of it)"
grep -qF "\"$id\"" "$tmp/all"; ok $? "while that watcher did see user 1's task (it can fail)"
done_testing
