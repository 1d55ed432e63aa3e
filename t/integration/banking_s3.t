#!/usr/bin/env bash
# Statements stored in S3 (the stand-in t/fake/aws_endpoint.py, which checks
# every signature with botocore): an api and a worker of their own, with
# STORAGE_BACKEND=s3 and a queue of their own, spoken to over FastCGI with
# cgi-fcgi. The upload lands in the bucket, the worker imports it from
# there, and the owner's download is a 302 to a presigned URL.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
a="s3-a-$RANDOM@example.com"; b="s3-b-$RANDOM@example.com"
register "$a" Bank1ng-pass; register "$b" Bank1ng-pass
A=$(token "$a" Bank1ng-pass); B=$(token "$b" Bank1ng-pass)
sample="$ROOT/t/data/statements/sample-12.csv"
bucket=test-bucket
tmp=$(mktemp -d)

export STORAGE_BACKEND=s3 AWS_S3_ENDPOINT=$AWS_FAKE_URL AWS_STORAGE_BUCKET_NAME=$bucket \
    CELERY_QUEUE_DEFAULT=s3-default-$$ CELERY_QUEUE_OTHER=s3-other-$$ FCGI_WORKERS=1
S3_API_PORT=$(free_tcp_port)
FCGI_LISTEN=127.0.0.1:$S3_API_PORT "$BUILD_DIR/cgi-bin/api" >>"$VAR_DIR/log/api-s3.log" 2>&1 &
api_pid=$!
"$BUILD_DIR/bin/worker" -Q "$CELERY_QUEUE_DEFAULT,$CELERY_QUEUE_OTHER" >>"$VAR_DIR/log/worker-s3.log" 2>&1 &
worker_pid=$!
trap 'kill $api_pid $worker_pid 2>/dev/null; wait $api_pid $worker_pid 2>/dev/null; rm -rf "$tmp"' EXIT
wait_until 10 bash -c "(exec 3<>/dev/tcp/127.0.0.1/$S3_API_PORT) 2>/dev/null"; ok $? "the S3 api listens"

fcgi() { fcgi_call "127.0.0.1:$S3_API_PORT" "$@"; }
form="$tmp/form"
statement_form 2019-12-01 "$sample" "$form"
fcgi POST /api/statements/ "$A" "multipart/form-data; boundary=XyZ" "$form"
is "$STATUS" 201 "the upload is accepted" "$BODY"
sid=$(jq -r .id <<<"$BODY"); path=$(jq -r .statement_file <<<"$BODY")
key=${path#/media/}
[ -z "$(ls "$MEDIA_ROOT/$key" 2>/dev/null)" ]; ok $? "nothing is written under MEDIA_ROOT"
got=$(curl -s -o /dev/null -w '%{http_code}' "$AWS_FAKE_URL/$bucket/$key")
is "$got" 403 "the object is in the bucket, refused without a signature"

wait_until 30 bash -c "curl -s -H 'Authorization: Bearer $A' '$BASE_URL/api/statements/' | jq -e '.results[] | select(.id == $sid) | .status == \"done\"' >/dev/null"
ok $? "the worker imports it from S3" "$(tail -5 "$VAR_DIR/log/worker-s3.log")"
got=$(curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/?source_file=$sid&limit=100" | jq '.results | length')
is "$got" 12 "all 12 rows"

fcgi GET "$path" "$A"
is "$STATUS" 302 "the owner is redirected"
location=$(sed -n 's/^Location: //p' <<<"$HEADERS")
case $location in "$AWS_FAKE_URL/$bucket/$key?"*X-Amz-Expires=60*X-Amz-Signature=*) ok 0 "to a URL presigned for 60 s" ;;
*) ok 1 "to a URL presigned for 60 s" "$location" ;; esac
curl -s -o "$tmp/got" "$location"
cmp -s "$tmp/got" "$sample"; ok $? "which serves the file byte for byte"
sig=${location##*X-Amz-Signature=}
flipped=$( [ "${sig:0:1}" = 0 ] && echo 1 || echo 0 )${sig:1}
is "$(curl -s -o /dev/null -w '%{http_code}' "${location%"$sig"}$flipped")" 403 "a tampered signature is refused"
fcgi GET "$path" "$B"
is "$STATUS $BODY" '404 {"detail":"Not found."}' "another user gets a 404"
fcgi GET "${path%/*}/nope.csv" "$A"
is "$STATUS" 404 "an unknown file is a 404"

# Redis away at upload: the 503 leaves no object in the bucket and no row (an
# api of its own whose Redis port is closed, so the stack's Redis stays up).
keys_before=$(curl -s "$AWS_FAKE_URL/s3-keys")
rows_before=$(psql_q "SELECT count(*) FROM statement_files")
NOREDIS_PORT=$(free_tcp_port)
REDIS_SERVICE_PORT=$(free_tcp_port) FCGI_LISTEN=127.0.0.1:$NOREDIS_PORT "$BUILD_DIR/cgi-bin/api" \
    >>"$VAR_DIR/log/api-s3-noredis.log" 2>&1 &
noredis_pid=$!
wait_until 10 bash -c "(exec 3<>/dev/tcp/127.0.0.1/$NOREDIS_PORT) 2>/dev/null"
fcgi_call "127.0.0.1:$NOREDIS_PORT" POST /api/statements/ "$A" "multipart/form-data; boundary=XyZ" "$form"
is "$STATUS $BODY" '503 {"detail":"The task queue is unavailable."}' "an upload with Redis away is refused"
is "$(curl -s "$AWS_FAKE_URL/s3-keys")" "$keys_before" "and its object is deleted from the bucket"
is "$(psql_q "SELECT count(*) FROM statement_files")" "$rows_before" "and its row too"
kill $noredis_pid; wait $noredis_pid 2>/dev/null

# S3 unreachable during an import: the task is retried (the statement waits
# as pending), and only when the retries are used up is the statement failed,
# with no rows; once S3 answers again a new run imports it.
kill $worker_pid; wait $worker_pid 2>/dev/null
closed=$(free_tcp_port)
AWS_S3_ENDPOINT=http://127.0.0.1:$closed \
    "$BUILD_DIR/bin/worker" -Q "$CELERY_QUEUE_DEFAULT,$CELERY_QUEUE_OTHER" >>"$VAR_DIR/log/worker-s3.log" 2>&1 &
worker_pid=$!
task=$("$BUILD_DIR/bin/worker-ctl" enqueue --queue "$CELERY_QUEUE_DEFAULT" process_statement_file "[$sid]")
task_field() { redis-cli -h "$REDIS_SERVICE_HOST" -p "$REDIS_SERVICE_PORT" HGET "task:$task" "$1"; }
seen_pending=1
for _ in $(seq 300); do
    [ "$(task_field state)" = RETRY ] && curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/statements/" |
        jq -e ".results[] | select(.id == $sid) | .status == \"pending\"" >/dev/null && seen_pending=0
    [ "$(task_field state)" = FAILURE ] && break
    sleep 0.1
done
ok $seen_pending "while S3 is away the task is retried and the statement waits as pending"
is "$(task_field state)" FAILURE "after its retries the import is given up"
http GET "/api/statements/" -H "Authorization: Bearer $A"
json_is "[.results[] | select(.id == $sid) | .status, .rows, (.errors[0] | tostring | test(\"could not be reached\"))]" '["failed",0,true]' \
    "the statement is failed: the file store could not be reached, no rows"
is "$(curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/?source_file=$sid" | jq .count)" 0 "and none of its rows are left"
kill $worker_pid; wait $worker_pid 2>/dev/null
"$BUILD_DIR/bin/worker" -Q "$CELERY_QUEUE_DEFAULT,$CELERY_QUEUE_OTHER" >>"$VAR_DIR/log/worker-s3.log" 2>&1 &
worker_pid=$!
"$BUILD_DIR/bin/worker-ctl" requeue-dead >/dev/null
wait_until 30 bash -c "curl -s -H 'Authorization: Bearer $A' '$BASE_URL/api/statements/' | jq -e '.results[] | select(.id == $sid) | .status == \"done\"' >/dev/null"
ok $? "with S3 back, worker-ctl requeue-dead runs it again and it is imported"
is "$(curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/?source_file=$sid" | jq .count)" 12 "12 rows again"

done_testing
