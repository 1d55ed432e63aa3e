#!/usr/bin/env bash
# Flower through nginx: staff only (401, 403, 200), the JSON API's shapes
# over workers, queues and tasks written straight into Redis in queue.h's
# layout (garbage included), HTML pages that escape what Redis holds, and
# revoke by token and by session with CSRF. Every key made here carries a
# unique prefix and is removed at the end.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
qdef=${CELERY_QUEUE_DEFAULT:-default}
qoth=${CELERY_QUEUE_OTHER:-other}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- fixtures: ids are UUID-shaped with a random first group -------------------------
P=f1$(openssl rand -hex 3)
tid() { printf '%s-0000-4000-8000-%012d' "$P" "$1"; }
pending=$(tid 1) started=$(tid 2) retry=$(tid 3) success=$(tid 4) failure=$(tid 5)
revoked=$(tid 6) garbage=$(tid 7) expired=$(tid 8) notahash=$(tid 9) pending2=$(tid 10)
reserved=$(tid 11) junkres=$(tid 12)
tasks=("$pending" "$started" "$retry" "$success" "$failure" "$revoked" "$garbage" "$notahash" "$pending2"
    "$junkres")
live="flowertest-$P:101:live0001" dead="flowertest-$P:102:dead0001"
junk="flowertest-$P:103:junk0001" wrongtype="flowertest-$P:104:type0001"
workers=("$live" "$dead" "$junk" "$wrongtype")

cleanup() {
    resume_reaper
    for w in "${workers[@]}"; do
        rc ZREM workers "$w" >/dev/null; rc DEL "worker:$w" "processing:$w" >/dev/null
    done
    for t in "${tasks[@]}" "$expired"; do
        rc DEL "task:$t" >/dev/null; rc LREM tasks:recent 0 "$t" >/dev/null; rc SREM revoked "$t" >/dev/null
    done
}
trap cleanup EXIT

envelope() { # envelope ID QUEUE
    printf '{"id":"%s","task":"flowertest.noop","args":[],"kwargs":{},"queue":"%s","retries":0,"eta":0,"enqueued_at":%s}' "$1" "$2" "$(now_ms)"
}
# The stack's worker master reaps a worker whose heartbeat lapsed (the dead
# one) at its next tick, so it is paused (SIGSTOP) from each seeding to the
# look after it, and let go on the way out whatever happens.
worker_master=$(cat "$VAR_DIR/run/worker.pid")
pause_reaper() { kill -STOP "$worker_master"; }
resume_reaper() { kill -CONT "$worker_master" 2>/dev/null; }
seed_workers() {
    local now; now=$(now_ms)
    rc DEL "worker:$live" "worker:$dead" "worker:$junk" "worker:$wrongtype" \
        "processing:$live" "processing:$junk" "processing:$wrongtype" >/dev/null
    rc ZADD workers "$now" "$live" $((now - 60000)) "$dead" "$now" "$junk" "$now" "$wrongtype" >/dev/null
    rc HSET "worker:$live" host flowerhost pid 101 queues "$qdef,$qoth" started_at $((now - 100000)) \
        processed 7 failed 1 >/dev/null
    rc HSET "worker:$dead" host flowerhost pid 102 queues "$qdef" started_at $((now - 900000)) \
        processed 3 failed 0 >/dev/null
    rc HSET "worker:$junk" host '<i>junk</i>' pid abc queues '[1,{"a":"<b>"}]' started_at NaN \
        processed 12x failed '' >/dev/null
    rc SET "worker:$wrongtype" 'not a hash' >/dev/null
    rc SET "processing:$wrongtype" 'not a list' >/dev/null
}
# What a worker runs is the envelope in its processing list whose task is
# STARTED by it ($started, for $live); the other envelopes are reserved.
# Processing lists live only as long as a check needs them: a worker reaped
# meanwhile would have its envelopes put back and run.
seed_processing() {
    rc LPUSH "processing:$live" "$(envelope "$started" "$qdef")" "$(envelope "$reserved" "$qoth")" >/dev/null
    rc LPUSH "processing:$junk" 'not json at all' '{"queue":5}' '[1,2]' '{"queue":"'"$qdef"'","id":' \
        '{"queue":"nosuchqueue","id":"x"}' "$(envelope "$junkres" "$qdef")" >/dev/null
}
drop_processing() { rc DEL "processing:$live" "processing:$junk" >/dev/null; }
started_ms=$(($(now_ms) - 500))
seed_tasks() {
    local now; now=$(now_ms)
    hset() { rc HSET "task:$1" "${@:2}" >/dev/null; }
    hset "$pending" state PENDING task flowertest.noop args '[1,2]' kwargs '{}' queue "$qdef" owner 0 \
        retries 0 enqueued_at "$now"
    hset "$pending2" state PENDING task flowertest.noop args '[]' kwargs '{}' queue "$qoth" retries 0 \
        enqueued_at "$now"
    hset "$started" state STARTED task sleep_task args '[5]' kwargs '{}' queue "$qdef" retries 0 \
        enqueued_at "$now" started_at "$started_ms" worker "$live"
    hset "$junkres" state STARTED task flowertest.noop args '[]' kwargs '{}' queue "$qdef" \
        started_at "$now" worker "someone-else"
    hset "$retry" state RETRY task flowertest.noop args '[]' kwargs '{}' queue "$qdef" retries 1 \
        error 'ConnectionError: try again'
    hset "$success" state SUCCESS task flowertest.noop args '[]' kwargs '{"x":1}' queue "$qoth" \
        runtime_ms 42 result '{"ok":true}' enqueued_at "$now" finished_at "$now"
    hset "$failure" state FAILURE task flowertest.noop args '["<script>alert(1)</script>"]' kwargs '{}' \
        queue "$qdef" runtime_ms 7 error 'ValueError: <b>bad</b> & "quoted"' enqueued_at "$now"
    hset "$revoked" state REVOKED task flowertest.noop args '[]' kwargs '{}' queue "$qdef"
    hset "$garbage" state FAILURE task '<img src=x onerror=alert(2)>' args 'not json' kwargs '{"a":' \
        runtime_ms fast retries many result NaN enqueued_at yesterday error $'line1\nline2'
    rc SET "task:$notahash" 'a string, not a hash' >/dev/null
    # Oldest first, so the list reads newest first; one id twice, one expired.
    for t in "$pending" "$revoked" "$garbage" "$notahash" "$expired" "$retry" "$success" "$failure" \
        "$started" "$pending2" "$failure"; do
        rc LPUSH tasks:recent "$t" >/dev/null
    done
}

# --- who may look -----------------------------------------------------------------------
http GET /flower/
is "$STATUS" 401 "the dashboard needs authentication"
grep -q '<a href="/admin/login/?next=%2Fflower%2F">' <<<"$BODY"
ok $? "and links to the admin login" "$BODY"
http GET /flower/api/workers
is "$STATUS $(jq -r .detail <<<"$BODY")" "401 Authentication credentials were not provided." "the API needs authentication"

email="flower-$P@example.com"
post_json /api/auth/register/ "{\"email\":\"$email\",\"password\":\"Tr0ub4dor&3x\"}"
is "$STATUS" 201 "a non-staff user registers"
obtain "$email" 'Tr0ub4dor&3x'
user=$ACCESS
http GET /flower/ -H "Authorization: Bearer $user"
is "$STATUS" 403 "a non-staff user gets 403 on the dashboard"
http GET /flower/api/tasks -H "Authorization: Bearer $user"
is "$STATUS" 403 "and on the API"
http POST "/flower/api/task/revoke/$pending" -H "Authorization: Bearer $user"
is "$STATUS" 403 "and cannot revoke"

ACCESS=; staff_user; obtain "$STAFF_EMAIL" "$STAFF_PASSWORD"
[ -n "$ACCESS" ]; ok $? "the staff demo user obtains a token"
staff=(-H "Authorization: Bearer $ACCESS")

# --- workers ------------------------------------------------------------------------------
seed_tasks
pause_reaper
seed_workers; seed_processing
http GET /flower/api/workers "${staff[@]}"
drop_processing
resume_reaper
is "$STATUS" 200 "GET /flower/api/workers"
json_is 'map(select(.id | startswith("flowertest-'"$P"'"))) | map(.id)' \
    "[\"$live\",\"$dead\",\"$junk\",\"$wrongtype\"]" "lists our four workers, sorted by id"
json_is "map(select(.id == \"$live\"))[0] | [.host, .pid, .queues, .alive, .processed, .failed, (.last_heartbeat|type), (.heartbeat_age_ms < 10000)]" \
    "[\"flowerhost\",101,[\"$qdef\",\"$qoth\"],true,7,1,\"number\",true]" "a live worker with its fields"
json_is "map(select(.id == \"$live\"))[0] | [.current, .current_started_at]" "[\"$started\",$started_ms]" \
    "runs the envelope whose task is STARTED by it"
json_is "map(select(.id == \"$dead\"))[0] | [.alive, (.heartbeat_age_ms >= 60000), .current]" \
    '[false,true,null]' "a worker with an old heartbeat is dead"
json_is "map(select(.id == \"$junk\"))[0] | [.host, .pid, .queues, .started_at, .processed, .failed]" \
    '["<i>junk</i>",null,[1,{"a":"<b>"}],null,null,null]' "garbage fields read as null, never a crash"
json_is "map(select(.id == \"$junk\"))[0] | .current" null "a task STARTED by another worker is not this one's"
json_is "map(select(.id == \"$wrongtype\"))[0] | [.host, .pid, .queues, .alive]" \
    '[null,null,[],true]' "a worker key of the wrong type reads as empty"
json_is 'map(keys) | add | unique' \
    '["alive","current","current_started_at","failed","heartbeat_age_ms","host","id","last_heartbeat","pid","processed","queues","started_at"]' \
    "every worker has the same fields"

# --- queues ----------------------------------------------------------------------------------
seed_workers
http GET /flower/api/queues "${staff[@]}"
before=$BODY
seed_processing
http GET /flower/api/queues "${staff[@]}"
drop_processing
is "$STATUS" 200 "GET /flower/api/queues"
json_is "[(.queues | keys), (.delayed|type), (.dead|type)]" \
    "[$(jq -cn --arg d "$qdef" --arg o "$qoth" '[$d, $o] | sort'),\"number\",\"number\"]" \
    "the configured queues with delayed and dead counts"
delta=$(jq -c --argjson b "$before" --arg d "$qdef" --arg o "$qoth" \
    '[.queues[$d].active - $b.queues[$d].active, .queues[$d].reserved - $b.queues[$d].reserved,
      .queues[$o].active - $b.queues[$o].active, .queues[$o].reserved - $b.queues[$o].reserved]' <<<"$BODY")
is "$delta" '[1,1,0,1]' "processing envelopes count as active (the current task) or reserved; garbage is skipped"
# The beat and the workers move tasks through queue:default meanwhile: a
# read counts when the list kept its length across the request, and a
# mismatch is read again (five times at most: a wrong count fails each time).
queued_matches() {
    local len_before len_after
    len_before=$(rc LLEN "queue:$qdef")
    http GET /flower/api/queues "${staff[@]}"
    len_after=$(rc LLEN "queue:$qdef")
    [ "$len_before" = "$len_after" ] || return 1
    [ "$(jq -r ".queues[\"$qdef\"].queued" <<<"$BODY")" = "$len_after" ]
}
for _ in 1 2 3 4 5; do queued_matches && break; done
ok $? "queued is the list's length" "$BODY"$'\n'"LLEN queue:$qdef: $(rc LLEN "queue:$qdef")"
json_is '[.delayed, .dead]' "[$(rc ZCARD delayed),$(rc LLEN dead)]" "delayed and dead are ZCARD delayed and LLEN dead"

# --- tasks -----------------------------------------------------------------------------------
http GET '/flower/api/tasks?limit=500' "${staff[@]}"
is "$STATUS" 200 "GET /flower/api/tasks"
mine() { jq -c "[.tasks[] | select(.id | startswith(\"$P\"))]$1" <<<"$BODY"; }
is "$(mine '| map(.id)')" \
    "$(printf '"%s"\n' "$failure" "$pending2" "$started" "$success" "$retry" "$garbage" "$revoked" "$pending" | paste -sd, | sed 's/^/[/; s/$/]/')" \
    "newest first, a duplicate once, expired and non-hash ids skipped"
is "$(mine "| map(select(.id == \"$failure\"))[0] | [.state, .args, .runtime_ms, .error, .queue]")" \
    "[\"FAILURE\",[\"<script>alert(1)</script>\"],7,\"ValueError: <b>bad</b> & \\\"quoted\\\"\",\"$qdef\"]" \
    "a task's fields, args as JSON"
is "$(mine "| map(select(.id == \"$garbage\"))[0] | [.args, .kwargs, .runtime_ms, .retries, .result, .enqueued_at, .error]")" \
    '["not json","{\"a\":",null,null,"NaN",null,"line1\nline2"]' "garbage values come back as strings or null"
json_is '[.limit, .offset, (.more|type)]' '[500,0,"boolean"]' "the page is described"
http GET '/flower/api/tasks?state=FAILURE&limit=500' "${staff[@]}"
is "$(jq -c '[.tasks[].state] | unique' <<<"$BODY")" '["FAILURE"]' "?state=FAILURE keeps failures only"
is "$(mine '| map(.id)')" "[\"$failure\",\"$garbage\"]" "ours among them"
http GET '/flower/api/tasks?limit=1' "${staff[@]}"
json_is '[(.tasks|length), .more]' '[1,true]' "limit=1 gives one task and says there are more"
http GET '/flower/api/tasks?limit=1&offset=1' "${staff[@]}"
json_is '.offset' 1 "offset pages on"
for bad in limit=abc limit=0 limit=501 offset=-1 offset=x state=BOGUS 'limit=1%00'; do
    http GET "/flower/api/tasks?$bad" "${staff[@]}"
    is "$STATUS" 400 "?$bad is a 400"
done
http GET "/flower/api/task/$failure" "${staff[@]}"
is "$STATUS" 200 "GET /flower/api/task/<id>"
json_is '[.id, .state, .revoked, .task]' "[\"$failure\",\"FAILURE\",false,\"flowertest.noop\"]" "with the task and its revoked flag"
http GET "/flower/api/task/$expired" "${staff[@]}"
is "$STATUS $BODY" '404 {"detail":"Unknown task."}' "an unknown (expired) task is a 404"
http GET "/flower/api/task/$notahash" "${staff[@]}"
is "$STATUS" 404 "a task key that is not a hash is unknown"
http GET "/flower/api/task/$(head -c 300 /dev/zero | tr '\0' a)" "${staff[@]}"
is "$STATUS" 404 "a 300-character id is a 404"

# --- HTML ---------------------------------------------------------------------------------------
pause_reaper
seed_workers; seed_processing
http GET /flower/ "${staff[@]}"
drop_processing
resume_reaper
is "$STATUS" 200 "the dashboard"
grep -qi '^Content-Type: text/html; charset=utf-8$' <<<"$HEADERS"; ok $? "is HTML" "$HEADERS"
grep -qi '^Cache-Control: no-store$' <<<"$HEADERS"; ok $? "not cached" "$HEADERS"
grep -qi "^Content-Security-Policy: default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]*'; script-src 'sha256-" <<<"$HEADERS"
ok $? "with a strict CSP" "$HEADERS"
grep -qF "$live" <<<"$BODY" && grep -qF "$dead" <<<"$BODY"; ok $? "lists the live and the dead worker"
grep -qF '<td class="dead">dead</td>' <<<"$BODY"; ok $? "marks the dead one"
grep -qF '&lt;i&gt;junk&lt;/i&gt;' <<<"$BODY" && ! grep -qF '<i>junk' <<<"$BODY"; ok $? "escapes a worker's host"
grep -qF "<a href=\"/flower/task/$started/\">" <<<"$BODY"; ok $? "links the current task"
grep -qF "<td>$qoth</td>" <<<"$BODY"; ok $? "shows the queues"

http GET '/flower/tasks/?limit=500' "${staff[@]}"
is "$STATUS" 200 "the recent-tasks page"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' <<<"$BODY"; ok $? "shows the args escaped"
! grep -qF '<script>alert(1)' <<<"$BODY"; ok $? "and never raw"
! grep -qF '<img src=x' <<<"$BODY"; ok $? "a task name is escaped too"
grep -qF "href=\"/flower/task/$failure/\"" <<<"$BODY"; ok $? "links each task"
http GET '/flower/tasks/?state=FAILURE&limit=500' "${staff[@]}"
grep -qF "$failure" <<<"$BODY" && ! grep -qF "$success" <<<"$BODY"; ok $? "the state filter"
http GET '/flower/tasks/?limit=abc' "${staff[@]}"
is "$STATUS" 400 "a bad limit on the page is a 400"
grep -qi '^Content-Type: text/html' <<<"$HEADERS"; ok $? "as an HTML page"
http GET "/flower/task/$failure/" "${staff[@]}"
is "$STATUS" 200 "the task page"
grep -qF '&lt;b&gt;bad&lt;/b&gt; &amp; &quot;quoted&quot;' <<<"$BODY" && ! grep -qF '<script>alert(1)' <<<"$BODY"
ok $? "escapes the error and args"
! grep -q 'id="revoke"' <<<"$BODY"; ok $? "a finished task has no Revoke button"
http GET "/flower/task/$pending/" "${staff[@]}"
grep -qF "<form method=\"post\" data-fetch action=\"/flower/task/$pending/revoke/\">" <<<"$BODY"
ok $? "a pending task has a Revoke form" "$BODY"
http GET "/flower/task/$expired/" "${staff[@]}"
is "$STATUS" 404 "an unknown task page is a 404"
http GET "/flower/task/$garbage/" "${staff[@]}"
is "$STATUS" 200 "a task of garbage still renders"

# --- revoke ----------------------------------------------------------------------------------------
http POST "/flower/api/task/revoke/$pending" "${staff[@]}"
is "$STATUS $BODY" "200 {\"message\":\"Revoked '$pending'\"}" "revoke through the API"
http GET "/flower/api/task/$pending" "${staff[@]}"
json_is '[.state, .revoked]' '["REVOKED",true]' "a pending task becomes REVOKED"
is "$(rc SISMEMBER revoked "$pending")" 1 "and its id is in the revoked set"
http POST "/flower/api/task/revoke/$started" "${staff[@]}"
http GET "/flower/api/task/$started" "${staff[@]}"
json_is '[.state, .revoked]' '["STARTED",true]' "a running task keeps its state; the worker sees the set"
http POST "/flower/api/task/revoke/$expired" "${staff[@]}"
is "$STATUS" 404 "revoking an unknown task is a 404"
is "$(rc SISMEMBER revoked "$expired")" 0 "and writes nothing"
http POST "/flower/task/$retry/revoke/" "${staff[@]}"
is "$STATUS" 302 "the HTML revoke answers with a redirect"
grep -qF "Location: /flower/task/$retry/" <<<"$HEADERS"; ok $? "back to the task" "$HEADERS"
http GET "/flower/api/task/$retry" "${staff[@]}"
json_is '.revoked' true "and revoked it"

# By session, as the page's script does it: the CSRF header is required.
jar=$(mktemp)
http GET /api/login-set-cookie/ -c "$jar"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
post_json /api/login/ "{\"email\":\"$STAFF_EMAIL\",\"password\":\"$STAFF_PASSWORD\"}" -b "$jar" -c "$jar" -H "X-CSRFToken: $csrf"
is "$STATUS" 200 "the staff user logs in with a session"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
http GET /flower/ -b "$jar"
is "$STATUS" 200 "the dashboard opens with the session cookie"
http POST "/flower/task/$pending2/revoke/" -b "$jar"
is "$STATUS" 403 "a session POST without X-CSRFToken is refused"
grep -qF 'CSRF Failed' <<<"$BODY"; ok $? "saying why" "$BODY"
http POST "/flower/task/$pending2/revoke/" -b "$jar" -H "X-CSRFToken: $csrf"
is "$STATUS" 302 "with the header it revokes"
http GET "/flower/api/task/$pending2" -b "$jar"
json_is '.state' '"REVOKED"' "the second pending task is REVOKED"
http POST /api/logout/ -b "$jar" -H "X-CSRFToken: $csrf"
rm -f "$jar"

http GET /flower/api/nothing "${staff[@]}"
is "$STATUS" 404 "an unknown API path is a 404"
http DELETE "/flower/api/task/$failure" "${staff[@]}"
is "$STATUS" 405 "a wrong method is a 405"

cleanup
trap - EXIT
left=$(rc KEYS "*$P*" | grep -v '^reap:')
is "$left" "" "no key of ours is left (a reaper's lock expires by itself)"
done_testing
