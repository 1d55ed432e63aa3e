#!/usr/bin/env bash
# wsd's limits and lifecycle on wsd instances of the test's own, with the
# settings each case needs (t/integration/ws/limits.py): a slow client is
# closed with 1013 while another floods the group, idle clients are pinged
# and silent ones dropped, WS_MAX_CONNECTIONS's 503, a descriptor limit
# below it (no spinning on EMFILE), SIGTERM closes every client with 1001 and the
# processes exit within DRAIN_TIMEOUT.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/integration/ws/ws.sh
. "$ROOT/t/integration/ws/ws.sh"

email="ws-l-$RANDOM$RANDOM@example.com"
register "$email" Ws-limits-0123
flood=$(wsd_instance flood WS_WORKERS=1 WS_MESSAGES_PER_SECOND=100000 WS_MESSAGE_BURST=100000 WS_QUEUE_MAX=32)
ok $? "a wsd with WS_MESSAGES_PER_SECOND=100000 and WS_QUEUE_MAX=32 starts"
idle=$(wsd_instance idle WS_WORKERS=1 WS_PING_INTERVAL=1 WS_IDLE_TIMEOUT=3)
ok $? "a wsd with WS_PING_INTERVAL=1 and WS_IDLE_TIMEOUT=3 starts"
cap=$(wsd_instance cap WS_WORKERS=1 WS_MAX_CONNECTIONS=3)
ok $? "a wsd with WS_MAX_CONNECTIONS=3 starts"
fdlim=$(ulimit -n 64 && wsd_instance fdlim WS_WORKERS=1)
ok $? "a wsd with 64 descriptors (ulimit -n 64) starts"
drain=$(wsd_instance drain WS_WORKERS=2)
ok $? "a wsd with two processes starts (to be stopped)"
drain_pid=$(cat "$VAR_DIR/run/wsd-drain.pid")
two_children() { [ "$(pgrep -P "$drain_pid" | wc -l)" = 2 ]; }
wait_until 30 two_children
ok $? "with its two processes"

FLOOD_SOCK=$flood FLOOD_LOG="$VAR_DIR/log/wsd-flood.log" IDLE_SOCK=$idle DRAIN_SOCK=$drain \
    DRAIN_PID=$drain_pid TOKEN=$(token "$email" Ws-limits-0123) CAP_SOCK=$cap FDLIM_SOCK=$fdlim \
    FDLIM_PID="$(cat "$VAR_DIR/run/wsd-fdlim.pid")" FDLIM_LOG="$VAR_DIR/log/wsd-fdlim.log" ws_py limits
wsd_instance_stop flood
wsd_instance_stop idle
wsd_instance_stop cap
wsd_instance_stop fdlim
wsd_sanitizer_clean
done_testing
