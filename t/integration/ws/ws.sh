# shellcheck shell=bash
# Shared by the websocket tests (t/integration/ws_*.t), after lib.sh: run
# their Python (t/integration/ws/*.py, Debian's python3-websockets, which
# imports only under /usr/bin/python3), start a wsd of their own with other
# settings, log in with a session, and read wsd's logs for sanitizer reports.
WS_DIR="$ROOT/t/integration/ws"

# ws_py SCRIPT [ARGS...]: runs t/integration/ws/SCRIPT.py and folds its TAP
# lines into this file's numbering (lib.sh's ok); anything else it prints
# (a traceback) is shown as a diagnostic. Then one test: it reached its
# plan (a failed test makes it exit 1; a crash leaves no plan).
ws_py() {
    local script=$1 line ran=0 plan=missing
    shift
    while IFS= read -r line; do
        case $line in
            "ok "*) ok 0 "${line#* - }"; ran=$((ran + 1)) ;;
            "not ok "*) ok 1 "${line#* - }"; ran=$((ran + 1)) ;;
            "1.."*) plan=${line#1..} ;;
            "#"*) echo "$line" ;;
            *) echo "#   $line" ;;
        esac
    done < <(PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$WS_DIR" /usr/bin/python3 "$WS_DIR/$script.py" "$@" 2>&1)
    is "$plan" "$ran" "$script.py ran to its end (its plan)"
}

# wsd_instance NAME [VAR=VALUE...]: a wsd of the test's own (the ASan build),
# with those settings, on $VAR_DIR/run/wsd-NAME.sock (pid file
# run/wsd-NAME.pid, which stack_stop reads; log log/wsd-NAME.log, which
# ops/test reads for sanitizer reports). Waits for its socket; prints its path.
wsd_instance() {
    local name=$1 sock pid i=0
    shift
    sock="$VAR_DIR/run/wsd-$name.sock"
    env "$@" WS_LISTEN="unix:$sock" "$BUILD_DIR/bin/wsd" >>"$VAR_DIR/log/wsd-$name.log" 2>&1 &
    pid=$!
    echo "$pid" >"$VAR_DIR/run/wsd-$name.pid"
    until [ -S "$sock" ]; do
        i=$((i + 1))
        if [ $i -ge 200 ] || ! kill -0 "$pid" 2>/dev/null; then
            tail -5 "$VAR_DIR/log/wsd-$name.log" | sed 's/^/# /' >&2
            return 1
        fi
        sleep 0.05
    done
    echo "$sock"
}

# wsd_instance_stop NAME: SIGTERM to its master, waits until it is gone.
wsd_instance_stop() {
    local pid
    pid=$(cat "$VAR_DIR/run/wsd-$1.pid" 2>/dev/null) || return 0
    kill -TERM "$pid" 2>/dev/null
    wait_until 30 process_gone "$pid"
}

# session_of EMAIL PASSWORD: prints a sessionid from a session login with CSRF.
session_of() {
    local jar csrf
    jar=$(mktemp)
    curl -s -o /dev/null -c "$jar" "$BASE_URL/api/login-set-cookie/"
    csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
    curl -s -o /dev/null -b "$jar" -c "$jar" -H "X-CSRFToken: $csrf" -H 'Content-Type: application/json' \
        --data "{\"email\":\"$1\",\"password\":\"$2\"}" "$BASE_URL/api/login/"
    awk '$6 == "sessionid" {print $7}' "$jar"
    rm -f "$jar"
}

# wsd_sanitizer_clean: no AddressSanitizer/UBSan report in any wsd log (the
# stack's and the tests' own instances); one test.
wsd_sanitizer_clean() {
    local found
    found=$(grep -hE -A3 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:' \
        "$VAR_DIR"/log/wsd*.log 2>/dev/null | head -20)
    [ -z "$found" ]
    ok $? "no sanitizer report in wsd's logs" "$found"
}
