#!/usr/bin/env bash
# Issue 11: a user cannot exhaust the queues through the tasks they may
# trigger. sleep_task and send_test_email run on the other queue, never on
# the default one that imports statements; sleep-task's seconds are capped
# (SLEEP_TASK_MAX_SECONDS); a user has at most USER_TASKS_MAX_UNFINISHED
# tasks waiting or running, counted atomically, and a task that failed,
# whose record is gone, or whose worker process died frees its place.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"
post() { local path=$1 body=$2; shift 2; http POST "$path" -H 'Content-Type: application/json' --data "$body" "$@"; }
default=${CELERY_QUEUE_DEFAULT:-default} other=${CELERY_QUEUE_OTHER:-other}
max=${USER_TASKS_MAX_UNFINISHED:-5} max_seconds=${SLEEP_TASK_MAX_SECONDS:-60}
queued_on() { rc LRANGE "queue:$1" 0 -1 | grep -q "\"id\":\"$2\""; } # queued_on QUEUE ID
new_user() { # new_user: prints a token for a new user
    local email="ql-$RANDOM-$RANDOM@example.com"
    register "$email" Qu3ue-limit-pw
    token "$email" Qu3ue-limit-pw
}
# post_max TOKEN: posts USER_TASKS_MAX_UNFINISHED sleep tasks one after the
# other; sets accepted to how many were accepted, adds their ids to ids.
post_max() {
    local i
    accepted=0
    for i in $(seq 1 "$max"); do
        post /api/celery/sleep-task/ '{"seconds": 0}' -H "Authorization: Bearer $1"
        [ "$STATUS" = 200 ] && accepted=$((accepted + 1)) && ids+=" $(jq -r .task_id <<<"$BODY")"
    done
}
staff_user # the ci profile has no admin@company.com unless an earlier file made one
ADMIN=$(token "$STAFF_EMAIL" "$STAFF_PASSWORD")
A=$(new_user) B=$(new_user)

# The stack's worker stops, so every task stays where enqueue put it.
master=$(cat "$VAR_DIR/run/worker.pid")
kill -TERM "$master"
wait_until 40 process_gone "$master"; ok $? "the stack's worker stopped for this test"

# --- the other queue ---------------------------------------------------------------------
post /api/celery/sleep-task/ '{"seconds": 0}' -H "Authorization: Bearer $A"
is "$STATUS" 200 "sleep-task is accepted"
id=$(jq -r .task_id <<<"$BODY")
queued_on "$other" "$id"; ok $? "sleep_task waits on the $other queue's list"
! queued_on "$default" "$id"; ok $? "not on the $default queue's, where statements are imported"
http GET "/api/tasks/$id/" -H "Authorization: Bearer $A"
json_is '[.state, .queue]' "[\"PENDING\",\"$other\"]" "its state says so"
post /api/debug/send-test-email/ '{}' -H "Authorization: Bearer $ADMIN"
mid=$(jq -r .task_id <<<"$BODY")
queued_on "$other" "$mid"; ok $? "send_test_email waits on the $other queue too" "$STATUS $BODY"
! queued_on "$default" "$mid"; ok $? "not on the $default queue"

# --- seconds -------------------------------------------------------------------------------
before=$(rc LLEN "queue:$other")
le="{\"seconds\":[\"Ensure this value is less than or equal to $max_seconds.\"]}"
ge='{"seconds":["Ensure this value is greater than or equal to 0."]}'
nan='{"seconds":["A valid number is required."]}'
while IFS='|' read -r body want; do
    post /api/celery/sleep-task/ "$body" -H "Authorization: Bearer $A"
    is "$STATUS $BODY" "400 $want" "sleep-task refuses $body"
done <<EOF
{"seconds": $((max_seconds + 1))}|$le
{"seconds": $max_seconds.5}|$le
{"seconds": 3600}|$le
{"seconds": 1e308}|$le
{"seconds": 9223372036854775808}|$le
{"seconds": 18446744073709551616}|$le
{"seconds": -1}|$ge
{"seconds": -1e308}|$ge
{"seconds": -9223372036854775809}|$ge
{"seconds": "x"}|$nan
{"seconds": "5"}|$nan
{"seconds": true}|$nan
{"seconds": [1]}|$nan
{"seconds": {}}|$nan
{"seconds": null}|{"seconds":["This field may not be null."]}
{}|{"seconds":["This field is required."]}
EOF
is "$(rc LLEN "queue:$other")" "$before" "none of them enqueued anything"

# --- at most USER_TASKS_MAX_UNFINISHED unfinished tasks per user -----------------------------
C=$(new_user)
dir=$(mktemp -d)
for i in $(seq 0 "$max"); do
    curl -s -o "$dir/body.$i" -D "$dir/head.$i" -w '%{http_code}\n' -H "Authorization: Bearer $C" \
        -H 'Content-Type: application/json' --data '{"seconds": 0}' \
        "$BASE_URL/api/celery/sleep-task/" >"$dir/status.$i" &
done
wait
is "$(cat "$dir"/status.* | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')" "${max}×200 1×429 " \
    "$((max + 1)) concurrent posts: exactly $max accepted"
refused=$(grep -l 429 "$dir"/status.*); refused=${refused##*.}
BODY=$(cat "$dir/body.$refused")
json_is '.detail' "\"You have $max unfinished tasks; try again when one has finished.\"" "the other gets 429 with a detail"
retry=$(tr -d '\r' <"$dir/head.$refused" | sed -n 's/^Retry-After: //Ip')
[[ $retry =~ ^[0-9]+$ ]] && [ "$retry" -ge 1 ] && [ "$retry" -le "$max_seconds" ]
ok $? "and a Retry-After of at most SLEEP_TASK_MAX_SECONDS ($retry)"
ids=$(cat "$dir"/body.* | jq -r '.task_id // empty')
is "$(wc -l <<<"$ids")" "$max" "$max task ids"
post /api/celery/sleep-task/ '{"seconds": 0}' -H "Authorization: Bearer $C"
is "$STATUS" 429 "a later post is refused too"
post /api/celery/sleep-task/ '{"seconds": 0}' -H "Authorization: Bearer $B"
is "$STATUS" 200 "another user is not affected"

# A task that failed, or whose state record is gone, no longer counts.
failed=$(sed -n 1p <<<"$ids") lost=$(sed -n 2p <<<"$ids")
rc HSET "task:$failed" state FAILURE >/dev/null
post /api/celery/sleep-task/ '{"seconds": 0}' -H "Authorization: Bearer $C"
is "$STATUS" 200 "a failed task frees its place"
ids+=$'\n'$(jq -r .task_id <<<"$BODY")
post /api/celery/sleep-task/ '{"seconds": 0}' -H "Authorization: Bearer $C"
is "$STATUS" 429 "one place, not more"
rc DEL "task:$lost" >/dev/null
post /api/celery/sleep-task/ '{"seconds": 0}' -H "Authorization: Bearer $C"
is "$STATUS" 200 "a task whose record is gone frees its place"
ids+=$'\n'$(jq -r .task_id <<<"$BODY")

# Once the worker has run them, the user may post again.
worker_start
all_done() { # every task ended (the worker may rerun the one marked FAILURE)
    local t
    for t in $ids; do
        case $(rc HGET "task:$t" state) in SUCCESS | FAILURE) ;; *) return 1 ;; esac
    done
}
wait_until 60 all_done; ok $? "the worker runs them"
ids=""
post_max "$C"
is "$accepted" "$max" "after they finished the user has $max places again"
wait_until 60 all_done; ok $? "and they run"
rm -rf "$dir"

# A worker process killed while it runs the task: the task is put back and
# runs again, and its place is free once it has.
D=$(new_user)
post /api/celery/sleep-task/ '{"seconds": 2}' -H "Authorization: Bearer $D"
did=$(jq -r .task_id <<<"$BODY")
wait_until 30 task_state_is "$did" STARTED; ok $? "a task runs"
runner=$(rc HGET "task:$did" worker) # <host>:<master pid>:<random>-<process pid>
runner=${runner##*-}
kill -KILL "$runner"; ok $? "its process is killed (pid $runner)"
wait_until 60 task_state_is "$did" SUCCESS; ok $? "it is put back and runs to the end" "$(rc HGETALL "task:$did")"
post_max "$D"
is "$accepted" "$max" "then the user has all $max places"
wait_until 60 all_done; ok $? "the queue is left idle"

done_testing
