#!/usr/bin/env bash
# The SPA built in session-cookie mode (SPA_AUTH_MODE=session: login through
# /api/login/ with CSRF, no token in JavaScript), driven like t/e2e/spa.t;
# the normal build is put back afterwards. The harness exports BASE_URL and ROOT.
set -uo pipefail
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export ROOT
# shellcheck source=ops/lib/build.sh
. "$ROOT/ops/lib/build.sh"
if ! SPA_AUTH_MODE=session build_spa >/dev/null; then
    echo "not ok 1 - the SPA builds in session mode"; echo "1..1"; exit 1
fi
# The staff user the look steps log in as (the ci profile has no demo user).
# shellcheck source=t/integration/lib.sh
. "$ROOT/t/integration/lib.sh"
staff_user || { echo "not ok 1 - the tests' staff user exists"; echo "1..1"; exit 1; }
export STAFF_EMAIL STAFF_PASSWORD
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$ROOT/build/test-artifacts/screenshots}
AUTH_MODE=session node "$ROOT/t/e2e/spa.mjs"
status=$?
SPA_AUTH_MODE=jwt build_spa >/dev/null || { echo "# could not rebuild the SPA in jwt mode" >&2; status=1; }
exit $status
