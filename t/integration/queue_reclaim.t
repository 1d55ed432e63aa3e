#!/usr/bin/env bash
# A take whose reply is lost (Redis shut down with SAVE, or the connection
# cut, after it moved an envelope into processing:<id> but before the
# worker read the reply) must not lose the task: the worker process, which
# is still alive so nobody requeues its list, takes what is there itself.
# The test cuts every worker connection while the processes are paused in
# BLMOVE, then plants an envelope in a live process's processing list, as
# such a take leaves it.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ctl="$BUILD_DIR/bin/worker-ctl"
master=$(cat "$VAR_DIR/run/worker.pid")
# Every worker process of this stack (earlier tests may have started more
# than the master's children), so nobody takes the envelope meanwhile.
workers=$(pgrep -f "^$BUILD_DIR/bin/worker( |\$)" | tr '\n' ' ')

# Everything paused, and their connections cut while they wait in BLMOVE
# (Redis serves a blocked BLMOVE itself, paused client or not): the
# envelope then stays in the queue until we move it.
# shellcheck disable=SC2086 # a list of pids
kill -STOP $workers
rc CLIENT KILL TYPE normal >/dev/null
id=$("$ctl" enqueue noop)
one=$(pgrep -P "$master" | head -1)
wid=$(rc ZRANGE workers 0 -1 | grep -- "-$one\$" | head -1) # a process's id ends in -<pid>
envelope=$(rc LRANGE queue:default 0 -1 | grep -F "$id")
[ "$(rc LREM queue:default 1 "$envelope")" = 1 ] && [ "$(rc LPUSH "processing:$wid" "$envelope")" -ge 1 ]
ok $? "task $id sits in processing:$wid, as a lost take leaves it" "envelope: $envelope; wid: $wid"
# Back, each process finds its BLMOVE's connection gone.
# shellcheck disable=SC2086
kill -CONT $workers
wait_until 20 task_state_is "$id" SUCCESS
ok $? "the worker takes it back itself and runs it" "state: $(rc HGET "task:$id" state)"
is "$(rc LLEN "processing:$wid")" 0 "and its processing list is empty again"
grep -q '"event":"take_reclaimed"' "$VAR_DIR/log/worker.log"; ok $? "saying so in its log"
done_testing
