# shellcheck shell=bash
# The start of every ops/bench script: the Debian packages, the -O2 release
# build, the whole stack in a temporary VAR_DIR on a free PORT, stopped and
# removed on exit. Sourced by ops/bench/*, which set ROOT first.

# shellcheck source=ops/lib/deps.sh
. "$ROOT/ops/lib/deps.sh"
# shellcheck source=ops/lib/build.sh
. "$ROOT/ops/lib/build.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

# Processes a benchmark starts itself (an extra worker): stopped first on exit.
BENCH_PIDS=()

# bench_stop: the EXIT trap, so it runs on every way out (an error's exit, the
# end, ^C or kill by way of the INT and TERM traps); it may run before the
# stack or even VAR_DIR exists.
bench_stop() {
    trap - EXIT INT TERM
    if [ ${#BENCH_PIDS[@]} -gt 0 ]; then
        kill -TERM "${BENCH_PIDS[@]}" 2>/dev/null
        wait "${BENCH_PIDS[@]}" 2>/dev/null
    fi
    [ -n "${VAR_DIR:-}" ] || return 0
    stack_stop
    rm -rf "$VAR_DIR"
}

# bench_start [NAME=VALUE...]: settings exported before the stack starts
# (PROFILE is ci, LOG_LEVEL warning unless given). Sets BENCH_URL and the
# staff user BENCH_EMAIL / BENCH_PASSWORD; exits on
# any failure.
bench_start() {
    # shellcheck disable=SC2119 # no extra packages
    deps_install || exit 1
    build_c release || exit 1
    VAR_DIR= # not one from the environment: bench_stop removes it
    trap bench_stop EXIT
    trap 'exit 1' INT TERM
    VAR_DIR=$(mktemp -d /tmp/verbose-bench.XXXXXX) || exit 1
    chmod 755 "$VAR_DIR"
    PORT=$(free_port) || { echo "bench: no free port" >&2; exit 1; }
    export VAR_DIR PORT PROFILE=ci LOG_LEVEL=warning
    # shellcheck disable=SC2163 # the arguments are NAME=value
    [ $# = 0 ] || export "$@"
    stack_start || exit 1
    # The ci profile has no demo user: the benchmarks log in as their own.
    BENCH_EMAIL=bench@ci.example.com BENCH_PASSWORD=Bench-pw-0123
    DJANGO_SUPERUSER_PASSWORD=$BENCH_PASSWORD "$BUILD_DIR/bin/worker-ctl" createsuperuser \
        --email "$BENCH_EMAIL" >/dev/null || exit 1
    # shellcheck disable=SC2034 # for the benchmark
    BENCH_URL="http://127.0.0.1:$PORT"
}

# bench_generator: sets GEN to the statement generator, ops/lib/gen-statement
# unless GEN names another.
bench_generator() {
    GEN=${GEN:-$ROOT/ops/lib/gen-statement}
    [ -x "$GEN" ] && return 0
    echo "bench: the statement generator GEN=$GEN is not an executable file" >&2
    exit 1
}
