#!/usr/bin/env bash
# ops/deploy/run-task with Debian's AWS CLI (/usr/bin/aws, what the
# pipeline's one-off jobs install) against the AWS stand-in
# (t/fake/aws_endpoint.py: CloudFormation DescribeStacks, ECS RunTask and
# DescribeTasks, every signature checked by botocore): the task definition,
# cluster, subnets and security group come from the stack's outputs; the
# container's exit code is the script's; a missing output, a missing stack
# and a wrong secret key fail with a reason.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
fake_pid=""
cleanup() { [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
n=0
ok() { # ok STATUS NAME
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
echo "1..13"

def=arn:aws:ecs:us-east-1:000000000000:task-definition
cat >"$tmp/fixture.json" <<EOF
{"stacks": {"dev-verbose-c": {
   "ClusterName": "dev-verbose-c-cluster", "TaskSubnets": "subnet-aaa,subnet-bbb",
   "TaskSecurityGroup": "sg-ccc", "MigrateTaskArn": "$def/migrate:7",
   "CollectstaticTaskArn": "$def/collectstatic:2", "SiteUrl": "https://dev.example.com"}},
 "exitCodes": {"$def/collectstatic:2": 3}}
EOF

# The stand-in on a free port (another when someone took it meanwhile).
for _ in 1 2 3 4 5; do
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    FAKE_AWS_FIXTURE=$tmp/fixture.json /usr/bin/python3 "$ROOT/t/fake/aws_endpoint.py" "$port" \
        "$tmp/record.jsonl" >"$tmp/ready" 2>"$tmp/fake.log" &
    fake_pid=$!
    for _ in $(seq 50); do grep -q ready "$tmp/ready" 2>/dev/null && break; sleep 0.1; done
    grep -q ready "$tmp/ready" && break
    kill "$fake_pid" 2>/dev/null; fake_pid=""
done
if [ -z "$fake_pid" ]; then
    echo "Bail out! the AWS stand-in did not start: $(tail -3 "$tmp/fake.log")"
    exit 1
fi

# Debian's aws first on PATH, no configuration of the machine's.
run() { # run ARGS...: ops/deploy/run-task with the stand-in; output in $tmp/out
    env -i PATH=/usr/bin:/bin HOME="$tmp" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
        AWS_EC2_METADATA_DISABLED=true AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIDEXAMPLE \
        AWS_SECRET_ACCESS_KEY="${SECRET:-wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY}" \
        AWS_ENDPOINT_URL="http://127.0.0.1:$port" RUN_TASK_POLL_SECONDS="${POLL:-1}" CI_JOB_ID=42 \
        "$ROOT/ops/deploy/run-task" "$@" >"$tmp/out" 2>&1
}
last_run_task() { grep '"RunTask"' "$tmp/record.jsonl" | tail -1; }
show() { sed 's/^/#   /' "$tmp/out"; }

run dev-verbose-c MigrateTask
status=$?
ok "$([ $status = 0 ] && grep -q 'exit code 0' "$tmp/out"; echo $?)" "run-task migrate: exit 0 when the container exits 0"
[ $status = 0 ] || show
/usr/bin/python3 - "$(last_run_task)" "$def/migrate:7" <<'EOF'
import json, sys
call, want = json.loads(sys.argv[1]), sys.argv[2]
assert call["cluster"] == "dev-verbose-c-cluster", call
assert call["taskDefinition"] == want, call
assert call["launchType"] == "FARGATE", call
assert call["network"] == {"subnets": ["subnet-aaa", "subnet-bbb"], "securityGroups": ["sg-ccc"],
                           "assignPublicIp": "ENABLED"}, call["network"]
assert call["startedBy"] == "run-task-42" and call["overrides"] is None, call
EOF
ok $? "RunTask got the outputs' cluster, task definition, both subnets and the security group (Fargate, public IP)"
ok "$(grep -c '"DescribeStacks"' "$tmp/record.jsonl" | grep -qx 1; echo $?)" "one DescribeStacks call for the four outputs"

run dev-verbose-c CollectstaticTask
status=$?
ok "$([ $status = 3 ]; echo $?)" "a container exiting 3 makes run-task exit 3 (got $status)"

run dev-verbose-c MigrateTask /usr/bin/worker-ctl migrate --list
/usr/bin/python3 - "$(last_run_task)" <<'EOF'
import json, sys
call = json.loads(sys.argv[1])
assert call["overrides"] == {"containerOverrides": [{"name": "main", "command": [
    "/usr/bin/worker-ctl", "migrate", "--list"]}]}, call["overrides"]
EOF
ok $? "a COMMAND becomes the main container's command override"

calls=$(grep -c '"RunTask"' "$tmp/record.jsonl")
run dev-verbose-c CreateSuperuserTask
status=$?
ok "$([ $status = 1 ] && grep -q 'has no output CreateSuperuserTaskArn' "$tmp/out" &&
    [ "$(grep -c '"RunTask"' "$tmp/record.jsonl")" = "$calls" ]; echo $?)" \
    "a task the stack has no output for: exit 1, the output named, no task started"
[ $status = 1 ] || show

run app-verbose-c MigrateTask
status=$?
ok "$([ $status = 1 ] && grep -q 'does not exist' "$tmp/out"; echo $?)" "a stack that does not exist: exit 1 with CloudFormation's reason"

SECRET=not-the-secret run dev-verbose-c MigrateTask
status=$?
ok "$([ $status = 1 ] && grep -q SignatureDoesNotMatch "$tmp/out" &&
    [ "$(grep -c '"RunTask"' "$tmp/record.jsonl")" = "$calls" ]; echo $?)" \
    "a wrong secret key: the stand-in refuses the signature, run-task exits 1"
[ $status = 1 ] || show

run dev-verbose-c
ok "$([ $? = 2 ] && grep -q usage "$tmp/out"; echo $?)" "no TASK: usage, exit 2"

calls=$(grep -c . "$tmp/record.jsonl")
for bad in abc 0 -5 99999999999999999999x; do
    POLL=$bad run dev-verbose-c MigrateTask
    ok "$([ $? = 2 ] && grep -q "RUN_TASK_POLL_SECONDS must be a whole number" "$tmp/out" &&
        [ "$(grep -c . "$tmp/record.jsonl")" = "$calls" ]; echo $?)" \
        "RUN_TASK_POLL_SECONDS='$bad': one line, exit 2, no call made"
done
