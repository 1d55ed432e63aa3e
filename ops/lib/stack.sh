# shellcheck shell=bash
# Starts and stops the whole stack on loopback: PostgreSQL (as the postgres
# user), Redis, the FastCGI programs and nginx, under $VAR_DIR, on $PORT.
# Sourced by ops/run and ops/test, which set ROOT, VAR_DIR, PORT, PROFILE
# and BUILD_DIR first. Every process started is recorded in the STACK_PIDS
# array (stack_track) and stopped by stack_stop; FCGI_PID[NAME] is the
# master of cgi-bin/NAME, WSD_PID that of bin/wsd.

STACK_PIDS=()
declare -gA FCGI_PID=()

stack_track() { STACK_PIDS+=("$@"); } # stack_track PID...: stopped by stack_stop

stack_untrack() { # stack_untrack PID: a process the caller stopped itself
    local i
    for i in "${!STACK_PIDS[@]}"; do
        [ "${STACK_PIDS[$i]}" = "$1" ] && unset 'STACK_PIDS[i]'
    done
    STACK_PIDS=("${STACK_PIDS[@]}")
}

# PostgreSQL's server programs (initdb, pg_ctl): Debian puts them in a
# versioned folder that pg_config (libpq-dev) names.
pg_bin() {
    local dir
    dir=$(pg_config --bindir 2>/dev/null)
    if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ]; then
        stack_log "PostgreSQL's pg_ctl not found (pg_config --bindir said '${dir:-nothing}'):" \
            "install Debian's postgresql and libpq-dev"
        return 1
    fi
    echo "$dir"
}

# runuser keeps the working directory, which the postgres user may not be
# able to enter (a clone under /root): run its commands from /.
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

stack_log() { printf 'ops: %s\n' "$*" >&2; }

# A TCP port on 127.0.0.1 that nothing listens on, below the kernel's
# ephemeral range: a port there can be the local end of an outgoing
# connection, which nothing listens on but which a server cannot bind.
# With FREE_PORT_LEDGER (a file) set, a port handed out once is never handed
# out again: two servers picked before either listens would otherwise get
# the same port now and then (PostgreSQL's and Redis's, the fakes').
free_port() {
    local port tries=0 low=32768 span
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null
    span=$(( low - 20000 ))
    [ "$span" -ge 2000 ] || span=30000 # an odd range: take the chance
    while [ $tries -lt 200 ]; do
        port=$(( 20000 + (RANDOM * 7 + $$ + tries * 13) % span ))
        tries=$((tries + 1))
        if [ -n "${FREE_PORT_LEDGER:-}" ] && grep -qx "$port" "$FREE_PORT_LEDGER" 2>/dev/null; then
            continue
        fi
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            [ -z "${FREE_PORT_LEDGER:-}" ] || echo "$port" >>"$FREE_PORT_LEDGER"
            echo "$port"; return 0
        fi
    done
    return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() { # wait_for_port PORT SECONDS WHAT
    local i=0 limit=$(( $2 * 10 ))
    while ! port_in_use "$1"; do
        i=$((i + 1))
        [ $i -ge $limit ] && { stack_log "$3 did not open port $1 in $2 s"; return 1; }
        sleep 0.1
    done
}

# Loads conf/settings/$PROFILE.env: values already in the environment win.
settings_load_profile() {
    local file="$ROOT/conf/settings/$PROFILE.env" line key
    [ -f "$file" ] || { stack_log "no settings profile $file"; return 1; }
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in ''|'#'*) continue ;; esac
        key=${line%%=*}
        # shellcheck disable=SC2163 # line is NAME=value
        [ -n "${!key+x}" ] || export "$line"
    done <"$file"
}

# The postgres user must reach the data directory; a clone under /root
# (mode 0700) cannot give it that, so the cluster then lives under
# /var/lib/verbose-c and var/pg links to it.
pg_data_dir() {
    local want="$VAR_DIR/pg"
    if [ -L "$want" ]; then readlink -f "$want"; return; fi
    if [ -d "$want" ] || (cd / && runuser -u postgres -- test -x "$VAR_DIR"); then
        echo "$want"; return
    fi
    local id real
    id=$(printf '%s' "$(readlink -f "$VAR_DIR")" | sha1sum | cut -c1-12)
    real=/var/lib/verbose-c/pg-$id
    mkdir -p "$real" && chown postgres:postgres "$real" && chmod 700 "$real"
    ln -sfn "$real" "$want"
    echo "$real"
}

pg_start() {
    PG_BIN=$(pg_bin) || return 1
    PG_DATA=$(pg_data_dir)
    mkdir -p "$PG_DATA" && chown postgres:postgres "$PG_DATA" && chmod 700 "$PG_DATA"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        as_postgres "$PG_BIN/initdb" -D "$PG_DATA" --no-sync -A trust -E UTF8 \
            -U postgres >"$VAR_DIR/log/initdb.log" 2>&1 ||
            { cat "$VAR_DIR/log/initdb.log" >&2; return 1; }
    fi
    local fsync=on
    [ "$PROFILE" = ci ] && fsync=off
    # The server writes its own log, so it must be where postgres can reach:
    # beside the cluster when that had to move out of VAR_DIR.
    local log="$VAR_DIR/log/postgres.log"
    if [ "$PG_DATA" != "$VAR_DIR/pg" ]; then
        log="$PG_DATA.log"
        ln -sfn "$log" "$VAR_DIR/log/postgres.log"
    fi
    touch "$log" && chown postgres "$log"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 30 -l "$log" \
        -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_SERVICE_PORT -c unix_socket_directories='' -c fsync=$fsync -c max_connections=200" \
        start >/dev/null || { tail -20 "$VAR_DIR/log/postgres.log" >&2; return 1; }
}

pg_stop() {
    [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ] && PG_BIN=${PG_BIN:-$(pg_bin)} &&
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
    return 0
}

redis_start() {
    # Another server on the port would answer for ours (which then fails to
    # bind): refuse it, and wait for our own process to answer PING.
    port_in_use "$REDIS_SERVICE_PORT" &&
        { stack_log "redis: port $REDIS_SERVICE_PORT is already in use"; return 1; }
    redis-server --port "$REDIS_SERVICE_PORT" --bind 127.0.0.1 --dir "$VAR_DIR/redis" \
        --daemonize no --save "60 1" --appendonly no --protected-mode yes \
        --logfile "$VAR_DIR/log/redis.log" --pidfile "$VAR_DIR/run/redis.pid" >/dev/null 2>&1 &
    REDIS_PID=$!
    stack_track "$REDIS_PID"
    local i=0
    # A process that holds the port but never answers must not hang the start.
    until [ "$(timeout 2 redis-cli -p "$REDIS_SERVICE_PORT" PING 2>/dev/null)" = PONG ]; do
        i=$((i + 1))
        if [ $i -ge 200 ] || ! kill -0 "$REDIS_PID" 2>/dev/null; then
            stack_log "redis did not answer on port $REDIS_SERVICE_PORT"
            tail -5 "$VAR_DIR/log/redis.log" >&2
            return 1
        fi
        sleep 0.1
    done
}

# fcgi_start NAME: starts cgi-bin/NAME on var/run/NAME.sock.
fcgi_start() {
    local name=$1
    FCGI_LISTEN="unix:$VAR_DIR/run/$name.sock" "$BUILD_DIR/cgi-bin/$name" \
        >>"$VAR_DIR/log/$name.log" 2>&1 &
    local pid=$!
    # shellcheck disable=SC2034 # for ops/run's reload
    FCGI_PID[$name]=$pid
    echo "$pid" >"$VAR_DIR/run/$name.pid"
    stack_track "$pid"
    wait_for_socket "$pid" "$name"
}

# wait_for_socket PID NAME: until NAME (its log log/NAME.log) has created
# run/NAME.sock; fails when it exits first or takes over 5 s.
wait_for_socket() {
    local pid=$1 name=$2 i=0
    while [ ! -S "$VAR_DIR/run/$name.sock" ]; do
        i=$((i + 1))
        kill -0 "$pid" 2>/dev/null || { stack_log "$name exited at start:"; tail -5 "$VAR_DIR/log/$name.log" >&2; return 1; }
        [ $i -ge 100 ] && { stack_log "$name did not open its socket"; return 1; }
        sleep 0.05
    done
}

# wsd_start: bin/wsd on var/run/wsd.sock (WS_LISTEN), behind nginx's /ws/.
# WSD_PID is its master (SIGHUP: reload, SIGTERM: close every client with
# 1001 and exit).
wsd_start() {
    local sock="$VAR_DIR/run/wsd.sock"
    rm -f "$sock"
    WS_LISTEN="unix:$sock" "$BUILD_DIR/bin/wsd" >>"$VAR_DIR/log/wsd.log" 2>&1 &
    WSD_PID=$!
    echo "$WSD_PID" >"$VAR_DIR/run/wsd.pid"
    stack_track "$WSD_PID"
    wait_for_socket "$WSD_PID" wsd
}

# worker_start: one worker for both queues, taking part in the beat.
worker_start() {
    "$BUILD_DIR/bin/worker" -Q "${CELERY_QUEUE_DEFAULT:-default},${CELERY_QUEUE_OTHER:-other}" \
        --beat >>"$VAR_DIR/log/worker.log" 2>&1 &
    WORKER_PID=$!
    echo "$WORKER_PID" >"$VAR_DIR/run/worker.pid"
    stack_track "$WORKER_PID"
}

# Renders conf/nginx/$PROFILE.conf for this instance.
nginx_render() {
    local var=$VAR_DIR
    mkdir -p "$var/nginx/temp"
    API_UPSTREAM="unix:$var/run/api.sock" FLOWER_UPSTREAM="unix:$var/run/flower.sock" \
        GRAPHQL_UPSTREAM="unix:$var/run/graphql.sock" WSD_UPSTREAM="unix:$var/run/wsd.sock" \
        ADMIN_UPSTREAM="unix:$var/run/admin.sock" \
        PORT=${PORT:?} VAR_DIR=$var "$ROOT/ops/render-nginx" "$PROFILE" "$var/nginx"
}

nginx_start() {
    nginx_render || return 1
    nginx -t -q -p "$VAR_DIR/nginx" -c "$VAR_DIR/nginx/nginx.conf" 2>&1 | grep -v '^$' >&2
    nginx -p "$VAR_DIR/nginx" -c "$VAR_DIR/nginx/nginx.conf" -g 'daemon off;' &
    NGINX_PID=$!
    stack_track "$NGINX_PID"
    wait_for_port "$PORT" 10 nginx || return 1
    # The port open is not yet our nginx: another process (a second suite's
    # PostgreSQL or Redis on a port free_port also gave us) may hold it, and
    # our nginx then fails to bind. Wait for an answer from an nginx, with
    # ours still running.
    local i=0
    until curl -s -o /dev/null -D - --max-time 2 "http://127.0.0.1:$PORT/healthz" 2>/dev/null |
        grep -qi '^Server: nginx'; do
        kill -0 "$NGINX_PID" 2>/dev/null || { stack_log "nginx did not start: port $PORT is another process's"; return 1; }
        i=$((i + 1)); [ $i -ge 100 ] && { stack_log "nginx on port $PORT does not answer"; return 1; }
        sleep 0.1
    done
    kill -0 "$NGINX_PID" 2>/dev/null || { stack_log "nginx exited: port $PORT is another process's"; return 1; }
}

# stack_demo_user: the demo superuser admin@company.com / password
# (idempotent; refused with DEBUG off). t/e2e/admin.t logs in as it on the
# ci profile too, which stack_start does not give one.
stack_demo_user() { "$BUILD_DIR/bin/worker-ctl" create_default_user >/dev/null; }

# A port free_port gave may be bound by someone else before our server binds
# it (another suite, a neighbour on CI's machine). When the port was ours to
# choose, the start is tried again on another port, up to 5 times; a port the
# caller fixed (PG_PORT, REDIS_PORT, PORT without STACK_PORT_PICKED=1) is
# never changed. Tests that restart a server call pg_start/redis_start
# themselves and keep its port.

# bound_since FILE SIZE: FILE's lines after its first SIZE bytes say a bind failed.
bound_since() { tail -c +"$(( $2 + 1 ))" "$1" 2>/dev/null | grep -q 'Address already in use'; }

file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

stack_start_pg() {
    local try size
    for try in 1 2 3 4 5; do
        export POSTGRES_SERVICE_PORT=${PG_PORT:-$(free_port)}
        [ -z "${PG_PORT:-}" ] && port_in_use "$POSTGRES_SERVICE_PORT" && continue
        size=$(file_size "$VAR_DIR/log/postgres.log")
        pg_start && return 0
        { [ -z "${PG_PORT:-}" ] && bound_since "$VAR_DIR/log/postgres.log" "$size"; } || return 1
        stack_log "PostgreSQL: port $POSTGRES_SERVICE_PORT was taken meanwhile (try $try); another one"
    done
    return 1
}

stack_start_redis() {
    local try size
    for try in 1 2 3 4 5; do
        export REDIS_SERVICE_PORT=${REDIS_PORT:-$(free_port)}
        [ -z "${REDIS_PORT:-}" ] && port_in_use "$REDIS_SERVICE_PORT" && continue
        size=$(file_size "$VAR_DIR/log/redis.log")
        REDIS_PID=
        redis_start && return 0
        if [ -n "$REDIS_PID" ]; then
            kill -TERM "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null
            stack_untrack "$REDIS_PID"
        fi
        # redis failed to bind, or someone took the port between our checks
        { [ -z "${REDIS_PORT:-}" ] && { bound_since "$VAR_DIR/log/redis.log" "$size" ||
            [ -z "$REDIS_PID" ]; }; } || return 1
        stack_log "redis: port $REDIS_SERVICE_PORT was taken meanwhile (try $try); another one"
    done
    return 1
}

stack_start_nginx() {
    local try size
    for try in 1 2 3 4 5; do
        size=$(file_size "$VAR_DIR/log/nginx-error.log")
        nginx_start && return 0
        kill -TERM "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null
        stack_untrack "$NGINX_PID"
        { [ "${STACK_PORT_PICKED:-}" = 1 ] && bound_since "$VAR_DIR/log/nginx-error.log" "$size"; } || return 1
        stack_log "nginx: port $PORT was taken meanwhile (try $try); another one"
        PORT=$(free_port) || return 1
    done
    return 1
}

# stack_start: everything, in dependency order. Sets POSTGRES/REDIS ports.
stack_start() {
    mkdir -p "$VAR_DIR"/{redis,log,run,nginx,media/private} || return 1
    chmod 755 "$VAR_DIR"
    VAR_DIR=$(cd "$VAR_DIR" && pwd)
    settings_load_profile || return 1
    export MEDIA_ROOT="$VAR_DIR/media" SQL_DIR="$ROOT/sql" SCHEDULE_FILE="$ROOT/conf/schedule.conf"
    export POSTGRES_SERVICE_HOST=127.0.0.1 REDIS_SERVICE_HOST=127.0.0.1
    export MAX_BODY_SIZE=${MAX_BODY_SIZE:-10485760}
    if [ "${STACK_PORT_PICKED:-}" = 1 ]; then
        while port_in_use "$PORT"; do PORT=$(free_port) || return 1; done
    elif port_in_use "$PORT"; then
        stack_log "port $PORT is in use (set PORT=...)"; return 1
    fi
    stack_start_pg || { stack_log "PostgreSQL did not start"; return 1; }
    stack_start_redis || return 1
    "$BUILD_DIR/bin/worker-ctl" migrate >>"$VAR_DIR/log/migrate.log" 2>&1 ||
        { tail -3 "$VAR_DIR/log/migrate.log" >&2; return 1; }
    # The demo user (admin@company.com / password) is for a developer's
    # machine only: never in ci or production, where a known password is a
    # way in. Tests make their own staff user (t/integration/lib.sh).
    if [ "$PROFILE" = development ]; then
        stack_demo_user || return 1
        # A few HN users, links and votes to look at on /hn-clone (idempotent).
        "$BUILD_DIR/bin/worker-ctl" seed-hn >/dev/null || return 1
    fi
    fcgi_start api || return 1
    fcgi_start flower || return 1
    fcgi_start graphql || return 1
    fcgi_start admin || return 1
    worker_start
    wsd_start || return 1
    stack_start_nginx || return 1
    cat >"$VAR_DIR/run/stack.env" <<ENV
PORT=$PORT
VAR_DIR=$VAR_DIR
BUILD_DIR=$BUILD_DIR
PG_DATA=$PG_DATA
POSTGRES_SERVICE_PORT=$POSTGRES_SERVICE_PORT
REDIS_SERVICE_PORT=$REDIS_SERVICE_PORT
ENV
}

# stack_stop: TERM to our children (programs drain), then PostgreSQL. Tests
# may have restarted a program or Redis: their pid files are read too.
stack_stop() {
    local pid f
    for f in "$VAR_DIR"/run/*.pid; do
        if [ ! -f "$f" ] || [ "$f" = "$VAR_DIR/run/nginx.pid" ]; then continue; fi
        pid=$(cat "$f" 2>/dev/null) && case " ${STACK_PIDS[*]} " in *" $pid "*) ;; *) stack_track "$pid" ;; esac
    done
    for pid in "${STACK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${STACK_PIDS[@]}"; do
        local i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    STACK_PIDS=()
    pg_stop
}
