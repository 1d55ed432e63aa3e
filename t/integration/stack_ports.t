#!/usr/bin/env bash
# The harness's ports: free_port never hands the same port out twice in a
# run, and a port someone binds between the pick and our server's bind is
# replaced by another when it was ours to choose (CI once failed with
# "redis: port N is already in use"), never when the caller fixed it.
# Uses its own folder and servers, not the shared stack.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

work=$(mktemp -d /tmp/verbose-ports.XXXXXX)
chmod 755 "$work"
mkdir -p "$work"/{log,run,redis}
blockers=()
cleanup() {
    kill "${blockers[@]}" "${STACK_PIDS[@]}" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# block PORT: something else listens on PORT until the test ends.
block() {
    /usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); print("ready", flush=True); time.sleep(600)' "$1" >"$work/block.$1" &
    blockers+=($!)
    wait_until 5 grep -q ready "$work/block.$1"
}

# The ledger: 300 ports in a row, none twice.
FREE_PORT_LEDGER=$work/ports.taken
for _ in $(seq 300); do free_port; done >"$work/ports"
is "$(sort -u "$work/ports" | wc -l)" 300 "free_port with a ledger hands out 300 different ports"
is "$(wc -l <"$work/ports.taken")" 300 "and records each of them"
without=$(FREE_PORT_LEDGER='' bash -c ". '$ROOT/ops/lib/stack.sh'; free_port")
case "$without" in '' | *[!0-9]*) ok 1 "free_port without a ledger still gives a port ($without)" ;;
*) ok 0 "free_port without a ledger still gives a port" ;; esac

# Redis: the first port picked is bound by someone else after the check
# (port_in_use says free once), so redis-server itself fails to bind.
VAR_DIR=$work
taken=$(free_port)
block "$taken"
# free_port runs in $(...): its count of picks lives in a file.
echo 0 >"$work/picks"
other_port() { local p=$(( 20000 + RANDOM % 10000 )); while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
free_port() {
    local n; n=$(( $(cat "$work/picks") + 1 )); echo "$n" >"$work/picks"
    if [ "$n" = 1 ]; then echo "$taken"; else other_port; fi
}
lied=0
# The checks before the start (the harness's and redis_start's) see the port free.
port_in_use() {
    if [ "$1" = "$taken" ] && [ $lied -lt 2 ]; then lied=$((lied + 1)); return 1; fi
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
unset REDIS_PORT
stack_start_redis 2>"$work/redis.err"
ok $? "redis starts when its first port is bound by someone else meanwhile" "$(cat "$work/redis.err")"
[ "$REDIS_SERVICE_PORT" != "$taken" ] && [ "$(redis-cli -p "$REDIS_SERVICE_PORT" PING)" = PONG ]
ok $? "on another port ($REDIS_SERVICE_PORT, not $taken), where it answers"
grep -q "was taken meanwhile" "$work/redis.err" && grep -q "Address already in use" "$work/log/redis.log"
ok $? "after redis-server itself failed to bind, and the harness says why it moved" "$(cat "$work/redis.err")"
timeout 2 redis-cli -p "$REDIS_SERVICE_PORT" SHUTDOWN NOSAVE >/dev/null 2>&1
wait_until 5 bash -c "! timeout 2 redis-cli -p $REDIS_SERVICE_PORT PING >/dev/null 2>&1"

# A port the caller fixed is never changed: the start fails with one line.
REDIS_PORT=$taken
stack_start_redis 2>"$work/fixed.err"
is "$?" 1 "a fixed REDIS_PORT that is in use fails the start"
is "$REDIS_SERVICE_PORT" "$taken" "and keeps the port it was given"
grep -q "port $taken is already in use" "$work/fixed.err"
ok $? "with a line naming the port" "$(cat "$work/fixed.err")"
unset REDIS_PORT

# PostgreSQL: the same race, through pg_ctl (a cluster of its own in $work).
echo 0 >"$work/picks"; lied=1 # pg_start has no check of its own
PROFILE=ci
stack_start_pg 2>"$work/pg.err"
ok $? "PostgreSQL starts when its first port is bound by someone else meanwhile" "$(tail -5 "$work/pg.err")"
[ "$POSTGRES_SERVICE_PORT" != "$taken" ] &&
    PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$POSTGRES_SERVICE_PORT" -U postgres -Atc 'select 1' postgres 2>/dev/null | grep -qx 1
ok $? "on another port ($POSTGRES_SERVICE_PORT), where it answers"
pg_stop

# nginx: the port ops/test picked (STACK_PORT_PICKED) is bound by someone
# else before nginx binds it; a PORT the user set is never changed.
mkdir -p "$work/nginx"
PORT=$taken STACK_PORT_PICKED=1
stack_start_nginx 2>"$work/nginx.err"
ok $? "nginx starts when its picked port is bound by someone else meanwhile" "$(cat "$work/nginx.err")"
[ "$PORT" != "$taken" ] &&
    curl -s -o /dev/null -D - --max-time 5 "http://127.0.0.1:$PORT/healthz" | grep -qi '^Server: nginx'
ok $? "on another port ($PORT), where it answers"
kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; stack_untrack "$NGINX_PID"
PORT=$taken STACK_PORT_PICKED=
stack_start_nginx 2>"$work/nginx-fixed.err"
is "$?" 1 "a PORT the user set that is in use fails the start"
is "$PORT" "$taken" "and stays the port the user set"

done_testing
