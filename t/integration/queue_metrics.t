#!/usr/bin/env bash
# Queue metrics for ECS scaling: published at once when work arrives at an
# idle queue (not only on the schedule), with credentials from the
# environment or from the ECS container-credentials endpoint, to a
# CloudWatch stand-in that checks every signature with botocore.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ctl="$BUILD_DIR/bin/worker-ctl"

# Work arriving at an idle queue.
before=$({ wc -l <"$AWS_RECORD"; } 2>/dev/null || echo 0) # lines, not only publications
tid=$("$ctl" enqueue sleep_task '[0.5]' --queue other)
# A publication after the enqueue that counts it (an earlier one, or one
# made before the task was seen, is not the event).
counted() { tail -n +"$((before + 1))" "$AWS_RECORD" | grep PutMetricData |
    jq -se 'map(select([.metrics[] | select(.name == "other")][0].value >= 1)) | length > 0' >/dev/null; }
wait_until 10 counted
ok $? "an enqueue on an idle queue publishes metrics within a few seconds"
last=$(tail -n +"$((before + 1))" "$AWS_RECORD" | grep PutMetricData |
    jq -sc 'map(select([.metrics[] | select(.name == "other")][0].value >= 1)) | last')
jq -e '[.metrics[] | select(.name == "other")][0].value >= 1' <<<"$last" >/dev/null
ok $? "counting the new task" "$last"

# Idle queues are published as explicit zeros.
wait_until 30 task_state_is "$tid" SUCCESS
out=$("$ctl" metrics --publish --json)
jq -e '.default >= 0 and .other >= 0' <<<"$out" >/dev/null; ok $? "metrics --publish prints what it sent" "$out"
last=$(grep PutMetricData "$AWS_RECORD" | tail -1)
jq -e '.metrics | length == 2' <<<"$last" >/dev/null; ok $? "both queues are in every publication, zeros included" "$last"

# Credentials from the ECS task role endpoint, with a session token.
count_before=$(curl -s "$AWS_FAKE_URL/creds-count")
out=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/creds/task1 \
    AWS_CONTAINER_CREDENTIALS_HOST="$AWS_FAKE_URL" "$ctl" metrics --publish --json 2>&1)
ok $? "metrics publish with ECS container credentials" "$out"
tail -1 "$AWS_RECORD" | jq -e '.sessionToken == true' >/dev/null
ok $? "signed with the container's session token"
[ "$(curl -s "$AWS_FAKE_URL/creds-count")" -gt "$count_before" ]; ok $? "fetched from the credentials endpoint"

# Without any AWS settings the log is the sink.
out=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY LOG_LEVEL=info "$ctl" metrics --publish 2>&1)
grep -q '"event":"queue_metrics"' <<<"$out"; ok $? "without AWS credentials metrics go to the log" "$out"
out=$(env -u AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=x "$ctl" metrics --publish 2>&1); rc=$?
ok $((rc == 0)) "half-configured credentials are an error, not a silent log" "$out"
done_testing
