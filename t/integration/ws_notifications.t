#!/usr/bin/env bash
# /ws/notifications/ through nginx (t/integration/ws/notify.py): a session
# cookie or a first-message token within WS_AUTH_TIMEOUT (else 4401), then
# only the caller's own events: two users' sleep tasks (STARTED, SUCCESS
# with the result) and a statement import's progress, done and failed.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/integration/ws/ws.sh
. "$ROOT/t/integration/ws/ws.sh"

p="ws-n-$RANDOM$RANDOM"
register "$p-a@example.com" Ws-notify-0123
register "$p-b@example.com" Ws-notify-0123
obtain "$p-a@example.com" Ws-notify-0123
A_TOKEN=$ACCESS A_REFRESH=$REFRESH
B_TOKEN=$(token "$p-b@example.com" Ws-notify-0123)
A_SESSION=$(session_of "$p-a@example.com" Ws-notify-0123)
A_ID=$(psql_q "SELECT id FROM users WHERE email = '$p-a@example.com'")
B_ID=$(psql_q "SELECT id FROM users WHERE email = '$p-b@example.com'")
[ -n "$A_SESSION" ] && [ -n "$A_ID" ] && [ -n "$B_ID" ] && [ "$B_TOKEN" != null ]
ok $? "users A (token and session) and B (token)"
short=$(wsd_instance short-auth WS_AUTH_TIMEOUT=1 WS_WORKERS=1)
ok $? "a wsd with WS_AUTH_TIMEOUT=1 starts on its own socket"

A_EMAIL="$p-a@example.com" A_TOKEN=$A_TOKEN A_REFRESH=$A_REFRESH A_SESSION=$A_SESSION A_ID=$A_ID \
    B_TOKEN=$B_TOKEN B_ID=$B_ID SHORT_AUTH_SOCK=$short SAMPLE="$ROOT/t/data/statements/sample-12.csv" \
    ws_py notify
wsd_instance_stop short-auth
wsd_sanitizer_clean
done_testing
