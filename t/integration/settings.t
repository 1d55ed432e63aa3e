#!/usr/bin/env bash
# Settings are checked at start: a missing or malformed required variable
# stops a program with one line naming it and exit status 2.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
api="$BUILD_DIR/cgi-bin/api"
ctl="$BUILD_DIR/bin/worker-ctl"

check() { # check DESCRIPTION EXPECTED_REGEX ENV... -- PROGRAM ARGS
    local desc=$1 want=$2; shift 2
    local -a envs=()
    while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
    local out rc
    out=$(env "${envs[@]}" FCGI_LISTEN="unix:$(mktemp -u)" timeout 5 "$@" 2>&1 </dev/null); rc=$?
    is "$rc" 2 "$desc: exit status 2"
    [ "$(wc -l <<<"$out")" = 1 ] && grep -qE "$want" <<<"$out"
    ok $? "$desc: one line naming it" "$out"
}

check "api without SECRET_KEY" '^api: setting SECRET_KEY is required' -u SECRET_KEY -- "$api"
check "api with an empty SECRET_KEY" '^api: setting SECRET_KEY is empty' SECRET_KEY= -- "$api"
check "api with a short SECRET_KEY and DEBUG off" '^api: setting SECRET_KEY must be 32 bytes' \
    SECRET_KEY=short DEBUG=false -- "$api"
check "api with DEBUG=maybe" '^api: setting DEBUG must be true or false' DEBUG=maybe -- "$api"
check "api with FCGI_WORKERS=0" '^api: setting FCGI_WORKERS must be an integer from 1 to 256' \
    FCGI_WORKERS=0 -- "$api"
check "api with FCGI_WORKERS=lots" '^api: setting FCGI_WORKERS must be an integer' \
    FCGI_WORKERS=lots -- "$api"
check "api with a port out of range" '^api: setting POSTGRES_SERVICE_PORT must be an integer' \
    POSTGRES_SERVICE_PORT=70000 -- "$api"
check "worker-ctl without SECRET_KEY" '^worker-ctl: setting SECRET_KEY is required' \
    -u SECRET_KEY -- "$ctl" migrate

out=$(env FCGI_LISTEN=unix:/nonexistent/dir/api.sock timeout 5 "$api" 2>&1); rc=$?
is "$rc" 2 "api that cannot bind its socket exits 2"
grep -q "^api: cannot listen on unix:/nonexistent/dir/api.sock" <<<"$out"
ok $? "and says where" "$out"

out=$("$ctl" settings); rc=$?
is "$rc" 0 "worker-ctl settings prints the settings"
grep -q '^SECRET_KEY=\*\*\*\*\*\*\*\*$' <<<"$out"
ok $? "with the secret hidden" "$out"
out=$("$ctl" no-such-command 2>&1); rc=$?
ok $((rc == 0)) "an unknown worker-ctl command fails"
is "$out" 'worker-ctl: unknown command "no-such-command"; try worker-ctl --help' "with one line"
"$ctl" --help | grep -q '^  migrate'
ok $? "worker-ctl --help documents migrate"
done_testing
