# shellcheck shell=bash
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

is() { # is GOT WANT DESCRIPTION [DIAGNOSTIC]
    [ "$1" = "$2" ]
    ok $? "$3" "got: $1"$'\n'"want: $2${4:+$'\n'$4}"
}

done_testing() {
    contract_check
    echo "1..$TAP_N"
    [ $TAP_FAILED = 0 ]
}

# The contract test (t/contract/, issue 15): http() keeps every exchange
# under CONTRACT_DIR, $VAR_DIR/contract/<dir>/<file>/ (e.g.
# integration/accounts.t): ID.headers and ID.body as curl wrote them, and a
# line "ID<tab>METHOD<tab>PATH<tab>STATUS" in exchanges.tsv. ID is
# BASHPID.N: a request made in a subshell ($(token ...)) or in the
# background gets its own. No process is added per request: curl writes
# into the record directory what it wrote into a temporary one before (whose
# mktemp and rm are gone). done_testing checks the file's exchanges against
# the API document (one more test); ops/test adds up which operations the
# whole suite exercised (t/contract/coverage.py).
CONTRACT_N=0
CONTRACT_DIR=
CONTRACT_CHECK=${BASH_SOURCE[0]%/*}/../contract/check.py
if [ -n "${VAR_DIR:-}" ]; then
    CONTRACT_DIR=${0%/*}
    CONTRACT_DIR=$VAR_DIR/contract/${CONTRACT_DIR##*/}/${0##*/}
    mkdir -p "$CONTRACT_DIR"
    # The document, fetched while the stack is as ops/test started it (a
    # test may leave it stopped); check.py reads it from there.
    [ -s "$VAR_DIR/openapi.json" ] || [ -z "${BASE_URL:-}" ] ||
        /usr/bin/python3 "$CONTRACT_CHECK" --fetch >/dev/null 2>&1
fi

# contract_check: one test, this file's responses match the API document
# (t/contract/check.py; its first line is the description, the others the
# mismatches). A file that made no /api/ request passes with a count of 0.
contract_check() {
    local out status
    [ -n "$CONTRACT_DIR" ] || { ok 0 "no VAR_DIR: no response recorded for the API document's check"; return; }
    status=0
    out=$(/usr/bin/python3 "$CONTRACT_CHECK" "$CONTRACT_DIR" 2>&1) || status=$?
    ok $status "${out%%$'\n'*}" "$(tail -n +2 <<<"$out")"
}

# http METHOD PATH [curl args...]: sets STATUS, BODY, HEADERS.
http() {
    local method=$1 path=$2 f; shift 2
    CONTRACT_N=$((CONTRACT_N + 1))
    if [ -n "$CONTRACT_DIR" ]; then f=$CONTRACT_DIR/$BASHPID.$CONTRACT_N; else f=$(mktemp -d)/x; fi
    # The method curl sent (%{method}): a caller's own -X (post_json ... -X
    # PATCH) overrides the one given here.
    STATUS=$(curl -s -o "$f.body" -D "$f.headers" -w '%{http_code} %{method}' -X "$method" \
        --max-time 30 "$@" "$BASE_URL$path")
    [ "${STATUS#* }" = "$STATUS" ] || method=${STATUS#* }
    STATUS=${STATUS%% *}
    BODY=$(cat "$f.body")
    # shellcheck disable=SC2034 # for the tests
    HEADERS=$(tr -d '\r' <"$f.headers")
    if [ -n "$CONTRACT_DIR" ]; then
        printf '%s\t%s\t%s\t%s\n' "${f##*/}" "$method" "$path" "$STATUS" >>"$CONTRACT_DIR/exchanges.tsv"
    else
        rm -rf "${f%/x}"
    fi
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
pool_replaced() { children_replaced "$(api_master_pid)" "$1" "$FCGI_WORKERS"; }

# process_gone PID: PID has exited. A child that exited stays a zombie
# (kill -0 still succeeds) until its parent reaps it: that counts as gone.
# An empty PID (a pid file not read) is never gone: ps would say nothing.
process_gone() {
    [ -n "$1" ] || return 1
    case $(ps -o stat= -p "$1" 2>/dev/null) in
        '' | Z*) return 0 ;;
        *) return 1 ;;
    esac
}

# children_replaced MASTER OLD_PIDS SIZE: MASTER has reaped every pid in
# OLD_PIDS and has SIZE children again. No OLD_PIDS (a pgrep that found
# none) is an error, not a replacement that already happened.
children_replaced() {
    local now
    [ -n "$1" ] && [ -n "$2" ] || return 1
    now=$(pgrep -P "$1" | sort)
    [ "$(grep -c . <<<"$now")" = "$3" ] && [ -z "$(comm -12 <(sort <<<"$2") - <<<"$now")" ]
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

# --- helpers shared by several test files ------------------------------------

# psql_q SQL: one query against the stack's database, unaligned, no headers.
psql_q() {
    psql -h 127.0.0.1 -p "$POSTGRES_SERVICE_PORT" -U postgres -d "${POSTGRES_NAME:-postgres}" -tAq -c "$1"
}

rc() { redis-cli -p "$REDIS_SERVICE_PORT" "$@"; } # rc ARGS...: redis-cli on the stack's Redis

# post_json PATH BODY [curl args]: the body goes through a file (it may be 1 MB).
post_json() {
    local path=$1 f
    f=$(mktemp)
    printf '%s' "$2" >"$f"
    shift 2
    http POST "$path" -H 'Content-Type: application/json' --data-binary "@$f" "$@"
    rm -f "$f"
}

# obtain EMAIL PASSWORD: sets ACCESS and REFRESH on success; on a refusal
# they keep their values (a test goes on with the tokens it had).
obtain() {
    post_json /api/auth/obtain_token/ "{\"email\":\"$1\",\"password\":\"$2\"}"
    [ "$STATUS" = 200 ] || return 0
    # shellcheck disable=SC2034 # for the tests
    ACCESS=$(jq -r '.access // empty' <<<"$BODY")
    # shellcheck disable=SC2034 # for the tests
    REFRESH=$(jq -r '.refresh // empty' <<<"$BODY")
}

# token EMAIL PASSWORD: prints an access token (STATUS, BODY and HEADERS
# keep the caller's values).
token() {
    local STATUS BODY HEADERS
    http POST /api/auth/obtain_token/ -H 'Content-Type: application/json' \
        --data "{\"email\":\"$1\",\"password\":\"$2\"}"
    jq -r .access <<<"$BODY"
}

register() { # register EMAIL PASSWORD: a new user, quietly (STATUS, BODY and HEADERS unchanged)
    local STATUS BODY HEADERS
    http POST /api/auth/register/ -H 'Content-Type: application/json' \
        --data "{\"email\":\"$1\",\"password\":\"$2\"}"
}

# upload TOKEN FORM_JSON FILE [curl args]: POST /api/statements/ (no file part when FILE is "").
upload() {
    local t=$1 form=$2 file=$3
    shift 3
    http POST /api/statements/ -H "Authorization: Bearer $t" -F "form=$form" \
        ${file:+-F "file=@$file;type=text/csv"} "$@"
}

# statement_in TOKEN ID STATUS...: the statement's status is one of STATUS.
statement_in() {
    local t=$1 id=$2; shift 2
    curl -s -H "Authorization: Bearer $t" "$BASE_URL/api/statements/" |
        jq -e --argjson id "$id" --args '.results[] | select(.id == $id) | .status | IN($ARGS.positional[])' \
            "$@" >/dev/null
}

# wait_done TOKEN ID [STATUS...]: waits up to 30 s for the import to end
# (done or failed, or one of the STATUS given).
wait_done() {
    local t=$1 id=$2; shift 2
    [ $# -gt 0 ] || set -- "done" "failed"
    wait_until 30 statement_in "$t" "$id" "$@"
}

task_state_is() { [ "$(rc HGET "task:$1" state)" = "$2" ]; } # task_state_is TASK_ID STATE

# fcgi_call ADDRESS METHOD URI TOKEN [CONTENT_TYPE BODY_FILE]: one request
# straight to a FastCGI program a test started itself (with settings of its
# own), not through nginx; sets STATUS, BODY, HEADERS.
fcgi_call() {
    local out len=0
    out=$(mktemp)
    [ -n "${6:-}" ] && len=$(stat -c %s "$6")
    env REQUEST_METHOD="$2" REQUEST_URI="$3" DOCUMENT_URI="${3%%\?*}" QUERY_STRING="" \
        HTTP_HOST=127.0.0.1 REMOTE_ADDR=127.0.0.1 SERVER_PROTOCOL=HTTP/1.1 \
        HTTP_AUTHORIZATION="Bearer $4" CONTENT_TYPE="${5:-}" CONTENT_LENGTH="$len" \
        cgi-fcgi -bind -connect "$1" <"${6:-/dev/null}" >"$out"
    HEADERS=$(sed '/^\r\?$/q' "$out" | tr -d '\r')
    BODY=$(sed '1,/^\r\?$/d' "$out")
    STATUS=$(sed -n 's/^Status: \([0-9]*\).*/\1/p' <<<"$HEADERS")
    STATUS=${STATUS:-200}
    rm -f "$out"
}

# statement_form MONTH CSV_FILE OUT: writes a POST /api/statements/ body
# for fcgi_call, Content-Type "multipart/form-data; boundary=XyZ".
statement_form() {
    { printf -- '--XyZ\r\nContent-Disposition: form-data; name="form"\r\n\r\n{"month":"%s"}\r\n' "$1"
      printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\n'
      printf -- 'Content-Type: text/csv\r\n\r\n'; cat "$2"; printf -- '\r\n--XyZ--\r\n'; } >"$3"
}

free_tcp_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# The tests' own staff user: the ci profile has no demo user (ops/lib/stack.sh
# creates admin@company.com in development only). staff_user creates it with
# worker-ctl createsuperuser unless it exists; a test logs in with
# STAFF_EMAIL and STAFF_PASSWORD.
STAFF_EMAIL=staff@ci.example.com
STAFF_PASSWORD=Ci-staff-pw-0123
staff_user() {
    [ "$(psql_q "SELECT count(*) FROM users WHERE email = '$STAFF_EMAIL'")" = 1 ] && return 0
    DJANGO_SUPERUSER_PASSWORD=$STAFF_PASSWORD "$BUILD_DIR/bin/worker-ctl" createsuperuser \
        --email "$STAFF_EMAIL" >/dev/null
}

# gql QUERY [VARIABLES_JSON [curl args...]]: POST /graphql/ {query, variables};
# sets STATUS, BODY, HEADERS.
gql() {
    local q=$1 v=${2:-null}
    shift
    [ $# -gt 0 ] && shift
    post_json /graphql/ "$(jq -nc --arg q "$q" --argjson v "$v" '{query: $q, variables: $v}')" "$@"
}

# headers_ok WHAT: the three headers every admin response carries (issue 14).
headers_ok() {
    local missing=''
    grep -qx "X-Frame-Options: DENY" <<<"$HEADERS" || missing+=' X-Frame-Options'
    grep -qx "Content-Security-Policy: default-src 'self'" <<<"$HEADERS" || missing+=' CSP'
    grep -qx "Cache-Control: no-store" <<<"$HEADERS" || missing+=' Cache-Control'
    [ -z "$missing" ]
    ok $? "$1 carries X-Frame-Options, CSP and Cache-Control" "missing:$missing"$'\n'"$HEADERS"
}
