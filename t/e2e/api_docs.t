#!/usr/bin/env bash
# Browser end-to-end test of the API docs page GET /api/docs/ (issue 15):
# Swagger UI on the generated document lists the operations under its
# Content-Security-Policy with no console error; a new user gets an access
# token through the page's own "Try it out" on POST /api/auth/obtain_token/,
# gives it to the Authorize dialog (the document's bearerAuth scheme), and
# "Try it out" on GET /api/users/profile/ answers 200 with their email.
# t/e2e/api_docs.mjs drives Debian's chromium with playwright-core from
# quasar/node_modules and prints TAP; screenshots go to $SCREENSHOT_DIR
# (api-docs-*.png).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -n "${BASE_URL:-}" ] || { printf 'not ok 1 - BASE_URL is set\n1..1\n'; exit 1; }
export ROOT NODE_PATH="$ROOT/quasar/node_modules${NODE_PATH:+:$NODE_PATH}" \
    SCREENSHOT_DIR=${SCREENSHOT_DIR:-$ROOT/build/test-artifacts/screenshots}
exec node "$ROOT/t/e2e/api_docs.mjs"
