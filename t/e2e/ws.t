#!/usr/bin/env bash
# Browser end-to-end test of the websocket pages: ping-pong between two
# browser contexts on /examples/websockets, and /banking and
# /examples/celery showing the import and the task pushed over
# /ws/notifications/ with no polling. t/e2e/ws.mjs drives Debian's chromium
# with playwright-core from quasar/node_modules and prints TAP. The harness
# exports BASE_URL and ROOT; screenshots go to build/test-artifacts/screenshots
# (ws-*.png).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -n "${BASE_URL:-}" ] || { printf 'not ok 1 - BASE_URL is set\n1..1\n'; exit 1; }
export ROOT NODE_PATH="$ROOT/quasar/node_modules${NODE_PATH:+:$NODE_PATH}" \
    SCREENSHOT_DIR=${SCREENSHOT_DIR:-$ROOT/build/test-artifacts/screenshots} \
    SAMPLE_CSV=${SAMPLE_CSV:-$ROOT/t/data/statements/sample-1000.csv}
exec node "$ROOT/t/e2e/ws.mjs"
