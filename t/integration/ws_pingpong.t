#!/usr/bin/env bash
# /ws/ping-pong/ through nginx (t/integration/ws/pingpong.py): the pong's
# fields, cached_value shared with /api/debug/redis/, the caller's email
# from a session cookie or a bearer token, the group across wsd's
# processes, and a fan-out of one ping to 1,000 clients.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/integration/ws/ws.sh
. "$ROOT/t/integration/ws/ws.sh"
# 1,000 clients, each a socket here and two in nginx (ci.conf's
# worker_connections 16384 per worker is enough) and one in wsd.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 2048 ]; ok $? "the fd limit allows 1,000 clients ($(ulimit -n))"

email="ws-pp-$RANDOM$RANDOM@example.com"
register "$email" Ws-pingpong-0123
WS_TOKEN=$(token "$email" Ws-pingpong-0123)
WS_SESSION=$(session_of "$email" Ws-pingpong-0123)
[ -n "$WS_SESSION" ] && [ "$WS_TOKEN" != null ]; ok $? "a user with a token and a session"
odd="o'neil%25&x-$RANDOM@example.com"
register "$odd" Ws-pingpong-0123
WS_ODD_TOKEN=$(token "$odd" Ws-pingpong-0123)
[ "$WS_ODD_TOKEN" != null ]; ok $? "a user whose email has ' % and & ($odd)"
# 252 bytes, 234 of them percent-encoded: a 720-byte X-Ws-User-Email.
long="$(printf "'%%&%.0s" {1..78})-$(printf %05d "$RANDOM")@example.com"
register "$long" Ws-pingpong-0123
WS_LONG_TOKEN=$(token "$long" Ws-pingpong-0123)
[ "$WS_LONG_TOKEN" != null ]; ok $? "a user whose ${#long}-byte email is mostly bytes nginx encodes"
WS_EMAIL=$email WS_TOKEN=$WS_TOKEN WS_SESSION=$WS_SESSION WS_ODD_EMAIL=$odd WS_ODD_TOKEN=$WS_ODD_TOKEN \
    WS_LONG_EMAIL=$long WS_LONG_TOKEN=$WS_LONG_TOKEN ws_py pingpong
wsd_sanitizer_clean
done_testing
