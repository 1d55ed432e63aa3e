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

check "api with an unknown FCGI_SOCKET_GROUP" \
    '^api: setting FCGI_SOCKET_GROUP names no group: "no-such-group-here"' \
    FCGI_SOCKET_GROUP=no-such-group-here -- "$api"

# The FastCGI socket: only nginx may connect (whoever can send requests as
# nginx does can claim any REMOTE_ADDR). socket_mode [ENV...]: starts the api
# on a socket of its own and prints the socket's mode and group.
socket_mode() {
    local dir pid
    dir=$(mktemp -d)
    env "$@" FCGI_WORKERS=1 FCGI_LISTEN="unix:$dir/api.sock" "$api" >"$dir/log" 2>&1 &
    pid=$!
    wait_until 10 test -S "$dir/api.sock" && stat -c '%a %G' "$dir/api.sock"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
is "$(socket_mode)" "600 $(id -gn)" "the FastCGI socket is mode 0600 when nginx runs as the program's user"
group=$(getent group nogroup | cut -d: -f1)
is "$(socket_mode FCGI_SOCKET_GROUP="$group")" "660 $group" "and 0660 with FCGI_SOCKET_GROUP's group"
is "$(stat -c %a "$VAR_DIR/run/api.sock")" 600 "the stack's api socket is 0600 (nginx still reaches it: every test)"

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
