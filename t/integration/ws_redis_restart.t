#!/usr/bin/env bash
# Redis restarted under connected websocket clients (t/integration/ws/
# redis_restart.py): they stay connected, and ping-pong and notifications
# work again once the channel layer has reconnected.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/integration/ws/ws.sh
. "$ROOT/t/integration/ws/ws.sh"

email="ws-r-$RANDOM$RANDOM@example.com"
register "$email" Ws-redis-0123
A_TOKEN=$(token "$email" Ws-redis-0123) A_ID=$(psql_q "SELECT id FROM users WHERE email = '$email'") \
    ws_py redis_restart
wsd_sanitizer_clean
done_testing
