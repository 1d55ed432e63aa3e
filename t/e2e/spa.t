#!/usr/bin/env bash
# Browser end-to-end test of the Quasar SPA (static/spa/, served by nginx):
# t/e2e/spa.mjs drives Debian's chromium with playwright-core from
# quasar/node_modules and prints TAP. The harness exports BASE_URL, ROOT and
# BUILD_DIR; screenshots go to build/test-artifacts/screenshots.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export ROOT
if [ -z "${BASE_URL:-}" ]; then
    echo "not ok 1 - BASE_URL is set"; echo "1..1"; exit 1
fi
# The staff user the look steps log in as (the ci profile has no demo user).
# shellcheck source=t/integration/lib.sh
. "$ROOT/t/integration/lib.sh"
staff_user || { echo "not ok 1 - the tests' staff user exists"; echo "1..1"; exit 1; }
export STAFF_EMAIL STAFF_PASSWORD
export NODE_PATH="$ROOT/quasar/node_modules${NODE_PATH:+:$NODE_PATH}"
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$ROOT/build/test-artifacts/screenshots}
export SAMPLE_CSV=${SAMPLE_CSV:-$ROOT/t/data/statements/sample-1000.csv}
exec node "$ROOT/t/e2e/spa.mjs"
