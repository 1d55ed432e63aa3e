#!/usr/bin/env bash
# Scale to zero: with no worker on a queue, `worker-ctl metrics --publish
# --watch` (the publisher beside the web programs) keeps the CloudWatch
# metric the worker service scales on alive: at once when work arrives at
# the idle queue, again every METRICS_INTERVAL while it waits (the 0 -> 1
# alarm), and 0 once it is empty (the way back); due retries waiting in
# `delayed` are put back and counted. To the CloudWatch stand-in
# that checks every signature with botocore.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ctl="$BUILD_DIR/bin/worker-ctl"
# Queues no worker of the stack serves: this watcher is their only publisher.
qa="idle$$a" qb="idle$$b"
export CELERY_QUEUE_DEFAULT=$qa CELERY_QUEUE_OTHER=$qb FULL_APP_NAME=scale-zero-$$
logf=$(mktemp); trap 'rm -f "$logf"' EXIT
seen_from=$({ wc -l <"$AWS_RECORD"; } 2>/dev/null || echo 0)
# pubs [MIN]: our publications since seen_from whose $qa value is >= MIN, as JSON lines.
pubs() {
    tail -n +"$((seen_from + 1))" "$AWS_RECORD" | grep PutMetricData |
        jq -c --arg ns "$FULL_APP_NAME" --arg q "$qa" --argjson min "${1:-0}" \
            'select(.namespace == $ns) | select([.metrics[] | select(.name == $q)][0].value >= $min)'
}
npubs() { pubs "$@" | wc -l; }
has_pub() { [ "$(npubs "$1")" -ge "${2:-1}" ]; }
mark() { seen_from=$({ wc -l <"$AWS_RECORD"; } 2>/dev/null || echo 0); }

# A long interval: whatever it publishes after the first turn comes from a wake-up.
METRICS_INTERVAL=300 LOG_LEVEL=info "$ctl" metrics --publish --watch >"$logf" 2>&1 &
watch=$!
wait_until 10 has_pub 0
ok $? "the watcher publishes at start, zeros included" "$(cat "$logf")"
first=$(pubs 0 | head -1)
jq -e --arg a "$qa" --arg b "$qb" '[.metrics[].name] == [$a, $b] and all(.metrics[]; .value == 0)' \
    <<<"$first" >/dev/null
ok $? "both queues, as zeros, in the FULL_APP_NAME namespace" "$first"

mark
t0=$(date +%s%N)
"$ctl" enqueue sleep_task '[0]' --queue "$qa" >/dev/null
wait_until 5 has_pub 1
ok $? "work arriving at the idle queue is published at once, with no worker running" "$(cat "$logf")"
ms=$((($(date +%s%N) - t0) / 1000000))
ok $((ms < 5000 ? 0 : 1)) "within ${ms} ms, long before the 300 s interval"
is "$(rc LLEN "queue:$qa")" 1 "and nothing took the task (no worker serves the queue)"

# A queue filled and emptied many times a second is not a publication storm.
mark
for _ in 1 2 3 4 5 6 7 8 9 10; do
    "$ctl" enqueue sleep_task '[0]' --queue "$qb" >/dev/null
    rc DEL "queue:$qb" >/dev/null
done
sleep 2.5
n=$(npubs 0)
ok $((n >= 1 && n <= 4 ? 0 : 1)) "10 wake-ups in a burst make 1 to 4 publications, not 10" "got $n"

kill -TERM "$watch"
wait_until 5 process_gone "$watch"
ok $? "SIGTERM stops the watcher promptly"
wait "$watch"; ok $? "with exit status 0" "$(tail -3 "$logf")"
grep -q '"event":"metrics_watch".*stopped' "$logf"; ok $? "and a JSON line saying so" "$(tail -3 "$logf")"

# A short interval: the backlog is published again and again while it waits
# (what keeps the scale-out alarm in ALARM), then 0 once the queue is empty.
mark
METRICS_INTERVAL=1 LOG_LEVEL=info "$ctl" metrics --publish --watch >"$logf" 2>&1 &
watch=$!
wait_until 10 has_pub 1 3
ok $? "the waiting task is published every METRICS_INTERVAL" "$(pubs 0)"
rc DEL "queue:$qa" >/dev/null
mark
# (one collected just before the DEL may still arrive with 1)
has_zero() { [ "$(npubs 0)" -gt "$(npubs 1)" ]; }
wait_until 5 has_zero
ok $? "an empty queue is then published as 0 (the scale-in alarm)" "$(pubs 0)"

# Without AWS credentials the log is the sink, and the watcher carries on.
kill -TERM "$watch"; wait "$watch"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY METRICS_INTERVAL=1 LOG_LEVEL=info \
    "$ctl" metrics --publish --watch >"$logf" 2>&1 &
watch=$!
two_logged() { [ "$(grep -c '"event":"queue_metrics"' "$logf")" -ge 2 ]; }
wait_until 10 two_logged
ok $? "without AWS credentials it logs each publication and keeps going" "$(cat "$logf")"
kill -TERM "$watch"; wait "$watch"

# A retry waiting in `delayed` when the worker scaled in: no master moves it
# back at zero, so the watcher does, and it counts. A Redis of our own,
# which no worker of the stack touches (the stack's would move it first).
port=$(free_tcp_port)
rdir=$(mktemp -d); trap 'rm -f "$logf"; rm -rf "$rdir"' EXIT
redis-server --port "$port" --bind 127.0.0.1 --dir "$rdir" --save "" --appendonly no \
    --daemonize no >/dev/null 2>&1 &
redis=$!
pong() { [ "$(redis-cli -p "$port" PING 2>/dev/null)" = PONG ]; }
wait_until 10 pong; ok $? "a private Redis starts"
env="{\"id\":\"00000000-0000-4000-8000-000000000000\",\"task\":\"sleep_task\",\"args\":[0],\"queue\":\"$qa\"}"
redis-cli -p "$port" ZADD delayed 1 "$env" >/dev/null
mark
REDIS_SERVICE_PORT=$port METRICS_INTERVAL=1 LOG_LEVEL=info "$ctl" metrics --publish --watch >"$logf" 2>&1 &
watch=$!
wait_until 10 has_pub 1
ok $? "a due retry in delayed is moved back to its queue and published" "$(cat "$logf")"
is "$(redis-cli -p "$port" LLEN "queue:$qa")/$(redis-cli -p "$port" ZCARD delayed)" 1/0 \
    "on its queue, no longer delayed"
kill -TERM "$watch"; wait "$watch"
kill -TERM "$redis"; wait "$redis" 2>/dev/null

out=$("$ctl" metrics --watch 2>&1); st=$?
ok $((st != 0 ? 0 : 1)) "--watch without --publish is a usage error" "$out"
done_testing
