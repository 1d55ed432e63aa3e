#!/usr/bin/env bash
. "$(dirname "$0")/lib.sh"
. "$ROOT/t/integration/ws/ws.sh"
for p in $PROBES; do PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$WS_DIR" /usr/bin/python3 "$p" 2>&1 | sed 's/^/# /'; done
ok 0 probe
done_testing
