#!/usr/bin/env bash
# Browser end-to-end test of the GraphQL pages (/login-gql, /hn-clone,
# /debug/environment-variables, GraphiQL on /graphql/): t/e2e/hn.mjs drives
# Debian's chromium with playwright-core from quasar/node_modules and prints
# TAP. The harness exports BASE_URL and ROOT; screenshots go to
# build/test-artifacts/screenshots (hn-*.png, graphiql.png, ...).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export ROOT
if [ -z "${BASE_URL:-}" ]; then
    echo "not ok 1 - BASE_URL is set"; echo "1..1"; exit 1
fi
export NODE_PATH="$ROOT/quasar/node_modules${NODE_PATH:+:$NODE_PATH}"
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$ROOT/build/test-artifacts/screenshots}
exec node "$ROOT/t/e2e/hn.mjs"
