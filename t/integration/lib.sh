# TAP and HTTP helpers for the integration tests. The test harness (ops/test)
# has started the stack and exported BASE_URL, VAR_DIR, BUILD_DIR, ROOT and
# every setting; a test talks to the stack through nginx like a browser.

TAP_N=0
TAP_FAILED=0

ok() { # ok CONDITION_STATUS DESCRIPTION [DIAGNOSTIC]
    TAP_N=$((TAP_N + 1))
    if [ "$1" = 0 ]; then
        echo "ok $TAP_N - $2"
    else
        echo "not ok $TAP_N - $2"
        [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
        TAP_FAILED=$((TAP_FAILED + 1))
    fi
}

is() { # is GOT WANT DESCRIPTION
    [ "$1" = "$2" ]
    ok $? "$3" "got: $1"$'\n'"want: $2"
}

done_testing() {
    echo "1..$TAP_N"
    [ $TAP_FAILED = 0 ]
}

# http METHOD PATH [curl args...]: sets STATUS, BODY, HEADERS.
http() {
    local method=$1 path=$2; shift 2
    local tmp; tmp=$(mktemp -d)
    STATUS=$(curl -s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' -X "$method" \
        --max-time 30 "$@" "$BASE_URL$path")
    BODY=$(cat "$tmp/body")
    HEADERS=$(tr -d '\r' <"$tmp/headers")
    rm -rf "$tmp"
}

# json_is JQ_FILTER WANT DESCRIPTION: compares a jq value of BODY.
json_is() {
    local got
    got=$(printf '%s' "$BODY" | jq -c "$1" 2>/dev/null) || got="(body is not JSON: ${BODY:0:200})"
    is "$got" "$2" "$3"
}

wait_until() { # wait_until SECONDS COMMAND...: polls every 0.1 s
    local limit=$(( $1 * 10 )) i=0; shift
    until "$@"; do
        i=$((i + 1)); [ $i -ge $limit ] && return 1; sleep 0.1
    done
}

api_master_pid() { cat "$VAR_DIR/run/api.pid"; }
api_worker_pids() { pgrep -P "$(api_master_pid)" | sort; }

# pool_replaced OLD_PIDS: the master has reaped every pid in OLD_PIDS (a
# killed child stays listed by pgrep until it is reaped) and the pool is
# full again. A wait on the count alone ends before the event.
pool_replaced() {
    local now
    now=$(api_worker_pids)
    [ "$(grep -c . <<<"$now")" = "$FCGI_WORKERS" ] &&
        [ -z "$(comm -12 <(sort <<<"$1") - <<<"$now")" ]
}

# api_worker_sleeping: some api worker is inside nanosleep, i.e. is serving
# /api/debug/sleep/ right now (the kernel's wait channel says so).
api_worker_sleeping() {
    local pid
    for pid in $(api_worker_pids); do
        grep -q nanosleep "/proc/$pid/wchan" 2>/dev/null && return 0
    done
    return 1
}
