#!/usr/bin/env bash
# Background work through the real stack: the endpoints, worker-ctl, the
# SMTP task, metrics to a CloudWatch stand-in that checks signatures, and
# the reliability cases: 10,000 tasks while processes are SIGKILLed at
# random, Redis restarted mid-run, a task that aborts its process,
# malformed envelopes, the beat's single leader, autoscaling from zero,
# and SIGTERM letting a running task finish.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"
ctl="$BUILD_DIR/bin/worker-ctl"
post() { local path=$1 body=$2; shift 2; http POST "$path" -H 'Content-Type: application/json' --data "$body" "$@"; }
state_of() { rc HGET "task:$1" state; }
wait_state() { wait_until "$1" task_state_is "$2" "$3"; }
staff_user
ADMIN=$(token "$STAFF_EMAIL" "$STAFF_PASSWORD")
user="q-$RANDOM@example.com"
post /api/auth/register/ "{\"email\":\"$user\",\"password\":\"Qu3ue-user-pw\"}" >/dev/null
USER=$(token "$user" Qu3ue-user-pw)

# --- endpoints -------------------------------------------------------------------------
post /api/celery/sleep-task/ '{"seconds": 1}' -H "Authorization: Bearer $USER"
is "$STATUS" 200 "sleep-task is accepted"
json_is '.message' '"Sleep task submitted (1 seconds)"' "with the old message"
id=$(jq -r .task_id <<<"$BODY")
wait_state 30 "$id" STARTED
ok $? "the task is STARTED while it sleeps"
http GET "/api/tasks/$id/" -H "Authorization: Bearer $USER"
json_is '[.state, .task, .args]' '["STARTED","sleep_task",[1]]' "GET /api/tasks/<id>/ shows it to its owner"
wait_state 30 "$id" SUCCESS
http GET "/api/tasks/$id/" -H "Authorization: Bearer $USER"
json_is '[.state, .result, (.runtime_ms >= 1000)]' '["SUCCESS",1,true]' "then SUCCESS with its result and runtime"
http GET "/api/tasks/$id/" -H "Authorization: Bearer $ADMIN"
is "$STATUS" 404 "staff do not see another user's task under /api/ (SPEC: owner; /flower/ is theirs)"
post /api/auth/register/ '{"email":"q2-'$RANDOM'@example.com","password":"Qu3ue-user-pw"}' >/dev/null
http GET "/api/tasks/00000000-0000-4000-8000-000000000000/" -H "Authorization: Bearer $USER"
is "$STATUS" 404 "an unknown task is a 404"
http GET "/api/tasks/$(head -c 5000 /dev/zero | tr '\0' a)/" -H "Authorization: Bearer $USER"
is "$STATUS" 404 "a 5000-character id is a 404"
http GET "/api/tasks/$id/"
is "$STATUS" 401 "task state needs authentication"
for bad in '{}' '{"seconds":"x"}' '{"seconds":-1}' '{"seconds":1e9}' '{"seconds":null}'; do
    post /api/celery/sleep-task/ "$bad" -H "Authorization: Bearer $USER"
    [ "$STATUS" = 400 ] && jq -e '.seconds[0]' <<<"$BODY" >/dev/null
    ok $? "sleep-task refuses $bad with a field error" "$STATUS $BODY"
done
post /api/celery/sleep-task/ '{"seconds": 1}'
is "$STATUS" 401 "sleep-task needs authentication"

post /api/debug/send-test-email/ '{}' -H "Authorization: Bearer $USER"
is "$STATUS" 403 "send-test-email is for staff only"
post /api/debug/send-test-email/ '{}' -H "Authorization: Bearer $ADMIN"
is "$STATUS" 200 "staff can send a test email"
mid=$(jq -r .task_id <<<"$BODY")
wait_state 30 "$mid" SUCCESS; ok $? "send_test_email succeeds" "$(rc HGETALL "task:$mid")"
mail=$(cat "$MAIL_DIR"/*.eml 2>/dev/null)
grep -qF "X-Sink-To: <$STAFF_EMAIL>" <<<"$mail"; ok $? "the SMTP sink got it, addressed to the staff user" "$mail"
grep -q "^Subject: Test email from" <<<"$mail"; ok $? "with its subject"

post /api/celery-metrics/ '{"celery_metrics_token":"wrong"}'
is "$STATUS $BODY" '401 {"message":"Unauthorized"}' "celery-metrics refuses a bad token"
post /api/celery-metrics/ '{}'
is "$STATUS" 401 "and a missing one"
before=$(grep -c PutMetricData "$AWS_RECORD" 2>/dev/null || echo 0)
post /api/celery-metrics/ "{\"celery_metrics_token\":\"$CELERY_METRICS_TOKEN\"}"
json_is 'keys' '["default","other"]' "celery-metrics returns per-queue totals"
after=$(grep -c PutMetricData "$AWS_RECORD")
[ "$after" -gt "$before" ]; ok $? "and publishes them to CloudWatch, signature checked by botocore"
last=$(grep PutMetricData "$AWS_RECORD" | tail -1)
jq -e --arg ns "$FULL_APP_NAME" '.namespace == $ns and ([.metrics[].name] | sort) == ["default","other"]' <<<"$last" >/dev/null
ok $? "namespace FULL_APP_NAME, one metric per queue (0 when idle)" "$last"

# --- worker-ctl -----------------------------------------------------------------------------
out=$("$ctl" enqueue noop); is "$?" 0 "worker-ctl enqueue prints a task id"
[[ $out =~ ^[0-9a-f-]{36}$ ]]; ok $? "a UUID ($out)"
wait_state 30 "$out" SUCCESS; ok $? "and the worker runs it"
out=$("$ctl" enqueue no_such_task 2>&1); is "$?:$out" '1:worker-ctl: enqueue: unknown task "no_such_task"' "an unknown task fails in one line"
out=$("$ctl" enqueue noop '{"not":"an array"}' 2>&1); is "$?" 1 "args must be a JSON array"
"$ctl" enqueue noop --queue nobody-listens --count 5 >/dev/null
out=$("$ctl" purge nobody-listens --json); is "$out" '{"queue":"nobody-listens","purged":5}' "purge drops waiting tasks and says how many"
out=$("$ctl" status --json)
jq -e '.workers | map(select(.alive)) | length >= 2' <<<"$out" >/dev/null; ok $? "status --json lists live workers" "$out"
jq -e '.queues.default | has("queued") and has("total")' <<<"$out" >/dev/null; ok $? "and queue depths"
"$ctl" status | grep -q '^WORKER'; ok $? "status prints a table without --json"
out=$("$ctl" metrics --json); jq -e 'has("default") and has("other")' <<<"$out" >/dev/null; ok $? "metrics --json"
out=$("$ctl" inspect nonsense 2>&1); is "$?" 1 "inspect wants active, reserved or scheduled"

# A failing task: retried with backoff, then dead-lettered; requeue-dead brings it back.
fid=$("$ctl" enqueue debug_fail_task)
wait_state 30 "$fid" FAILURE; ok $? "a failing task ends FAILURE after its retries"
is "$(rc HGET "task:$fid" retries)" 3 "after TASK_MAX_RETRIES retries"
rc LRANGE dead 0 -1 | grep -q "$fid"; ok $? "and lands in the dead-letter list with its error"
out=$("$ctl" requeue-dead --json); jq -e '.requeued >= 1' <<<"$out" >/dev/null; ok $? "requeue-dead puts it back" "$out"
wait_until 10 bash -c "[ \"\$(redis-cli -p $REDIS_SERVICE_PORT HGET task:$fid retries)\" = 3 ] && [ \"\$(redis-cli -p $REDIS_SERVICE_PORT HGET task:$fid state)\" = FAILURE ]"
ok $? "where it runs (and fails) again"
rc DEL dead >/dev/null

# Scale through ECS UpdateService, signed.
out=$("$ctl" scale 3 --json); is "$out" '{"cluster":"ci-cluster","service":"ci-worker","desired_count":3}' "worker-ctl scale"
grep UpdateService "$AWS_RECORD" | tail -1 | jq -e '.desiredCount == 3' >/dev/null; ok $? "ECS got desiredCount 3"
out=$(AWS_SECRET_ACCESS_KEY=wrong "$ctl" scale 1 2>&1); rc_=$?
[ $rc_ != 0 ] && grep -q 'SignatureDoesNotMatch' <<<"$out" && [ "$(wc -l <<<"$out")" = 1 ]
ok $? "a bad signature is refused, in one line" "$out"

# --- malformed envelopes ------------------------------------------------------------------
rc LPUSH queue:default 'not json' '{"id":"x"}' '{"id":"y","task":"noop","queue":"default","args":{},"kwargs":{}}' >/dev/null
wait_until 10 bash -c "[ \$(redis-cli -p $REDIS_SERVICE_PORT LLEN dead) -ge 3 ]"
ok $? "malformed envelopes go to the dead-letter list"
rc LRANGE dead 0 -1 | jq -r .error | sort | tr '\n' '|' | grep -q 'envelope'; ok $? "with a reason"
nid=$("$ctl" enqueue noop); wait_state 30 "$nid" SUCCESS; ok $? "and the worker goes on"
rc DEL dead >/dev/null

# --- a task that aborts its process ----------------------------------------------------------
aid=$("$ctl" enqueue debug_abort_task)
wait_state 30 "$aid" FAILURE; ok $? "a task that kills its process is retried, then fails" "$(rc HGETALL "task:$aid")"
rc LRANGE dead 0 -1 | grep "$aid" | grep -q 'signal 6'; ok $? "dead-lettered as 'killed by signal 6'"
nid=$("$ctl" enqueue noop); wait_state 30 "$nid" SUCCESS; ok $? "the pool recovered"
rc DEL dead >/dev/null

# --- 10,000 tasks while processes are SIGKILLed at random --------------------------------------
rc DEL debug:ran >/dev/null
"$ctl" enqueue debug_record_task --count 10000 >/dev/null
master=$(cat "$VAR_DIR/run/worker.pid")
kills=0
for i in $(seq 1 20); do
    victim=$(pgrep -P "$master" | shuf -n1)
    [ -n "$victim" ] && kill -KILL "$victim" && kills=$((kills + 1))
    sleep 0.15
done
wait_until 120 bash -c "[ \$(redis-cli -p $REDIS_SERVICE_PORT SCARD debug:ran) -ge 10000 ] && [ \$(redis-cli -p $REDIS_SERVICE_PORT LLEN queue:default) = 0 ]"
ok $? "all 10,000 tasks ran although $kills processes were killed"
is "$(rc SCARD debug:ran)" 10000 "none lost"
is "$(rc LLEN dead)" 0 "and none dead-lettered (none really failed)"

# --- Redis restarted mid-run ------------------------------------------------------------------
rc DEL debug:ran >/dev/null
"$ctl" enqueue debug_record_task --count 3000 >/dev/null
wait_until 30 bash -c "[ \$(redis-cli -p $REDIS_SERVICE_PORT SCARD debug:ran) -gt 0 ]" # the run has begun
redis_pid=$(cat "$VAR_DIR/run/redis.pid")
rc SHUTDOWN SAVE >/dev/null 2>&1
wait_until 30 process_gone "$redis_pid"
sleep 1 # Redis stays away a moment
redis_start
wait_until 120 bash -c "[ \$(redis-cli -p $REDIS_SERVICE_PORT SCARD debug:ran) -ge 3000 ]"
ok $? "after a Redis restart mid-run the workers reconnect and finish"
is "$(rc SCARD debug:ran)" 3000 "all 3,000 ran"
kill -0 "$master"; ok $? "the worker did not die"

# --- autoscale from zero, and back ---------------------------------------------------------------
AUTOSCALE_COOLDOWN=2 "$BUILD_DIR/bin/worker" -Q autoscale-test --autoscale=0,2 >>"$VAR_DIR/log/worker-autoscale.log" 2>&1 &
auto=$!
wait_until 30 grep -q '"event":"worker_start"' "$VAR_DIR/log/worker-autoscale.log"
is "$(pgrep -P $auto | wc -l)" 0 "--autoscale=0,2 starts with no process"
start=$(date +%s%N)
sid=$("$ctl" enqueue noop --queue autoscale-test)
wait_state 30 "$sid" SUCCESS
woke=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ok $woke "a task on its idle queue wakes it and runs"
[ $ms -lt 1500 ]; ok $? "within a second or so of the enqueue ($ms ms)"
wait_until 10 bash -c "[ \$(pgrep -P $auto | wc -l) = 0 ]"; ok $? "back to zero processes after the cool-down"
grep -q '"event":"autoscale"' "$VAR_DIR/log/worker-autoscale.log"; ok $? "decisions are logged"
kill -TERM $auto; wait $auto

# --- the beat: one leader among several workers, and a new leader when it dies ----------------------
kill -TERM "$master"; wait_until 30 bash -c "! kill -0 $master 2>/dev/null"   # the stack's worker leads now
rc DEL beat:lock >/dev/null
sched=$(mktemp); printf 'beat_test every 1s debug_record_task default []\n' >"$sched"
rc DEL debug:ran beat:last >/dev/null
SCHEDULE_FILE=$sched "$BUILD_DIR/bin/worker" -Q default -c 1 --beat >>"$VAR_DIR/log/worker-beat1.log" 2>&1 & b1=$!
SCHEDULE_FILE=$sched "$BUILD_DIR/bin/worker" -Q default -c 1 --beat >>"$VAR_DIR/log/worker-beat2.log" 2>&1 & b2=$!
# Six seconds of the schedule, counted from when one of them leads.
wait_until 30 grep -qs 'now runs the schedule' "$VAR_DIR/log/worker-beat1.log" "$VAR_DIR/log/worker-beat2.log"
rc DEL debug:ran >/dev/null
sleep 6
runs=$(rc SCARD debug:ran)
[ "$runs" -ge 4 ] && [ "$runs" -le 7 ]; ok $? "two beat workers run a 1 s entry once a second, not twice ($runs in 6 s)"
leader=$(grep -l 'now runs the schedule' "$VAR_DIR"/log/worker-beat[12].log | wc -l)
is "$leader" 1 "exactly one of them holds the lock"
if grep -q 'now runs the schedule' "$VAR_DIR/log/worker-beat1.log"; then dead=$b1 alive=$b2 log=2; else dead=$b2 alive=$b1 log=1; fi
kill -KILL "$dead"
before=$(rc SCARD debug:ran)
wait_until 20 grep -q 'now runs the schedule' "$VAR_DIR/log/worker-beat$log.log"
ok $? "when the leader dies the other takes the lock"
wait_until 30 bash -c "[ \$(redis-cli -p $REDIS_SERVICE_PORT SCARD debug:ran) -gt $before ]"
ok $? "and the schedule goes on"
kill -TERM $alive; wait $alive 2>/dev/null; wait $dead 2>/dev/null
rm -f "$sched"
worker_start   # the stack's worker again, for the tests that follow
master=$WORKER_PID

# --- SIGTERM lets the running task finish --------------------------------------------------------
"$BUILD_DIR/bin/worker" -Q term-test -c 1 >>"$VAR_DIR/log/worker-term.log" 2>&1 & tw=$!
tid=$("$ctl" enqueue sleep_task '[2]' --queue term-test)
wait_state 30 "$tid" STARTED
kill -TERM $tw
wait $tw; ok $? "a worker given SIGTERM exits cleanly"
is "$(state_of "$tid")" SUCCESS "after its running task finished"

done_testing
