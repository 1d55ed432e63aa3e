#!/usr/bin/env bash
# The PWA build (quasar build -m pwa, static/pwa) served in place of the SPA
# for a moment and driven in chromium by t/e2e/pwa.mjs; the SPA build is put
# back afterwards. The harness exports BASE_URL and ROOT.
set -uo pipefail
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export ROOT
# shellcheck source=ops/lib/build.sh
. "$ROOT/ops/lib/build.sh"
if ! SPA_MODE=pwa build_spa >/dev/null; then
    echo "not ok 1 - the PWA builds"; echo "1..1"; exit 1
fi
# nginx serves static/spa: put the PWA there (its stamp says pwa, so the
# next build_spa of the SPA rebuilds).
rm -rf "$ROOT/static/spa" && cp -a "$ROOT/static/pwa" "$ROOT/static/spa"
node "$ROOT/t/e2e/pwa.mjs"
status=$?
SPA_MODE=spa build_spa >/dev/null || { echo "# could not rebuild the SPA" >&2; status=1; }
exit $status
