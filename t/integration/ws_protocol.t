#!/usr/bin/env bash
# The websocket protocol through nginx to wsd (python3-websockets and a raw
# socket client, t/integration/ws/protocol.py): handshake refusals, frames,
# limits; then wsd's logs must hold no sanitizer report (ops/test runs the
# ASan build, so this is the protocol test under ASan).
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/integration/ws/ws.sh
. "$ROOT/t/integration/ws/ws.sh"

any=$(wsd_instance any-host ALLOWED_HOSTS='*' WS_WORKERS=1)
ok $? "a wsd with ALLOWED_HOSTS=* starts on its own socket"
ws_py protocol "$any"
wsd_instance_stop any-host
ok $? "and that wsd stops on SIGTERM"
wsd_sanitizer_clean
done_testing
