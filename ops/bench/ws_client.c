/* ops/bench/ws_client.c: the load generator of ops/bench/ws, compiled by
 * that script. One libwebsockets client event loop in C (libev's epoll:
 * lws's own poll() scans every socket at each wakeup) reading pongs with
 * lejp: about 4 us of CPU a received message here (the script prints what
 * it used), so 100,000 messages a second take under half of one of the two
 * cores. Why not Node's `ws` or Python: their stream and event layers cost
 * more per message than that (not measured here), and a client that needs
 * a core of its own would measure itself on a two-core machine.
 *
 *   ws_client [-a ADDRESS] [-p PORT] [-u PATH] [-H HOST] [-O ORIGIN]
 *           [-c CLIENTS] [-s SENDERS] [-r PINGS_PER_S] [-t SECONDS]
 *           [-n COUNT] [-w WINDOW] idle|broadcast|pipeline
 *
 * ADDRESS is lws's: "+/path/wsd.sock" for a unix socket, else a host name.
 * idle: open CLIENTS connections (at most CONNECT_WINDOW handshakes at a
 *   time), print "open=N failed=N", hold them until SIGTERM, then print how
 *   many the server closed meanwhile.
 * broadcast: CLIENTS connections in the ping-pong group; the first SENDERS
 *   of them send PINGS_PER_S pings a second between them for SECONDS;
 *   every client times each pong (now - vue_ping) and counts it per ping.
 * pipeline: one connection, COUNT pings with at most WINDOW unanswered.
 * Results are NAME=VALUE lines on stdout for the script. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, getopt */
#include <libwebsockets.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_WINDOW 100     /* handshakes in flight at once */
#define TICK_US 50000          /* the housekeeping timer */
#define QUIET_MS 3000.0        /* no pong for this long after the last ping: lost */
#define CONNECT_LIMIT_MS 120e3 /* all connections open by then, or give up */

enum bench_mode { MODE_IDLE, MODE_BROADCAST, MODE_PIPELINE };

typedef struct {
    int index;       /* the client's number: the first SENDERS send */
    int established; /* the handshake completed */
    int next_ping;   /* a sender's next ping, in its own sequence */
    char *partial;   /* a fragmented message so far (rare) */
    size_t partial_len;
} conn_t;

static struct {
    enum bench_mode mode;
    const char *address, *path, *host, *origin;
    int port, clients, senders, rate, seconds, count, window;
    struct lws_context *ctx;
    struct lws **wsi; /* by client number */
    int launched, connecting, open, failed, closed, last_close_code;
    int pings, sent, in_flight, started, done;
    long received, duplicates, errors;
    unsigned *per_ping; /* pongs received, by ping number */
    float *latency;     /* ms, one per pong received: now - vue_ping */
    float *before_pong; /* server_send_pong - vue_ping: up to wsd's fan-out */
    float *after_pong;  /* now - server_send_pong: wsd's queues, the socket, us */
    size_t latency_len;
    double start_ms, first_send_ms, last_send_ms, last_recv_ms, open_ms;
    char tag[32]; /* our pings' "sender" */
    char error_detail[128];
    lws_sorted_usec_list_t tick;
} b;

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* When ping number seq is due, in ms since start_ms: pings are spread evenly
 * over the senders and over time. */
static double
ping_due_ms(int seq)
{
    return b.start_ms + (double)seq * 1000.0 / b.rate;
}

/* No idle ping or hang-up of our own (wsd pings; lws answers): lws keeps
 * such timers in one sorted list, and inserting each new connection's at
 * its end was a third of the client's time at 10,000 connections. */
static const lws_retry_bo_t no_idle_timers;

static void
connect_one(void)
{
    struct lws_client_connect_info ci;
    memset(&ci, 0, sizeof ci);
    ci.context = b.ctx;
    ci.address = b.address;
    ci.port = b.port;
    ci.path = b.path;
    ci.host = b.host;
    ci.origin = b.origin;
    ci.protocol = NULL; /* wsd speaks no subprotocol */
    ci.local_protocol_name = "wsbench";
    ci.retry_and_idle_policy = &no_idle_timers;
    int index = b.launched++;
    ci.opaque_user_data = (void *)(intptr_t)index;
    ci.pwsi = &b.wsi[index];
    b.connecting++;
    if (!lws_client_connect_via_info(&ci)) {
        b.connecting--;
        b.failed++;
        if (b.error_detail[0] == '\0')
            snprintf(b.error_detail, sizeof b.error_detail,
                     "connect: lws refused client %d (fd limit? socket?)", index);
    }
}

/* Keeps CONNECT_WINDOW handshakes under way: from the tick and whenever
 * one ends, so the handshake rate is the server's, not the tick's. */
static void
launch_more(void)
{
    while (b.launched < b.clients && b.connecting < CONNECT_WINDOW)
        connect_one();
}

/* Sends one ping: {"message": SEQ, "ts": MS, "sender": TAG}. */
static int
send_ping(struct lws *wsi, int seq)
{
    unsigned char buf[LWS_PRE + 128];
    double ts = now_ms();
    int n = snprintf((char *)buf + LWS_PRE, 128, "{\"message\":%d,\"ts\":%.3f,\"sender\":\"%s\"}",
                     seq, ts, b.tag);
    if (lws_write(wsi, buf + LWS_PRE, (size_t)n, LWS_WRITE_TEXT) < n)
        return -1;
    if (b.sent == 0)
        b.first_send_ms = ts;
    b.last_send_ms = ts;
    b.sent++;
    return 0;
}

/* A broadcast sender's turn: send what is due, then sleep until the next. */
static int
sender_writeable(struct lws *wsi, conn_t *c)
{
    int per_sender = b.pings / b.senders;
    if (c->next_ping >= per_sender)
        return 0;
    int seq = c->next_ping * b.senders + c->index;
    if (now_ms() + 0.5 >= ping_due_ms(seq)) {
        if (send_ping(wsi, seq) != 0)
            return -1;
        c->next_ping++;
        if (c->next_ping >= per_sender)
            return 0;
        seq = c->next_ping * b.senders + c->index;
    }
    double wait = ping_due_ms(seq) - now_ms();
    lws_set_timer_usecs(wsi, wait > 0 ? (lws_usec_t)(wait * 1000) : 1);
    return 0;
}

static int
pipeline_writeable(struct lws *wsi)
{
    if (b.sent >= b.count || b.in_flight >= b.window)
        return 0;
    if (send_ping(wsi, b.sent) != 0)
        return -1;
    b.in_flight++;
    if (b.sent < b.count && b.in_flight < b.window)
        lws_callback_on_writable(wsi);
    return 0;
}

/* The fields of a server message the client reads, by lejp (lws's own
 * streaming parser: no allocation, unlike building a json-c tree, which
 * was the client's biggest cost after the kernel's). */
static const char *const pong_paths[] = {"type",    "detail",   "sender",
                                         "message", "vue_ping", "server_send_pong"};
enum { PONG_TYPE = 1, PONG_DETAIL, PONG_SENDER, PONG_MESSAGE, PONG_VUE_PING, PONG_SEND_PONG };

typedef struct {
    int is_error, ours, seq, have; /* have: bit per field read */
    double vue_ping, send_pong;
} pong_t;

static signed char
pong_field(struct lejp_ctx *ctx, char reason)
{
    pong_t *p = ctx->user;
    int number = reason == LEJPCB_VAL_NUM_INT || reason == LEJPCB_VAL_NUM_FLOAT;
    if (!(reason & LEJP_FLAG_CB_IS_VALUE) || ctx->path_match == 0)
        return 0;
    if (ctx->path_match == PONG_TYPE && reason == LEJPCB_VAL_STR_END)
        p->is_error = strcmp(ctx->buf, "error") == 0;
    else if (ctx->path_match == PONG_DETAIL && reason == LEJPCB_VAL_STR_END &&
             b.error_detail[0] == '\0')
        snprintf(b.error_detail, sizeof b.error_detail, "%.100s", ctx->buf);
    else if (ctx->path_match == PONG_SENDER && reason == LEJPCB_VAL_STR_END)
        p->ours = strcmp(ctx->buf, b.tag) == 0;
    else if (ctx->path_match == PONG_MESSAGE && reason == LEJPCB_VAL_NUM_INT)
        p->seq = atoi(ctx->buf);
    else if (ctx->path_match == PONG_VUE_PING && number)
        p->vue_ping = strtod(ctx->buf, NULL);
    else if (ctx->path_match == PONG_SEND_PONG && number)
        p->send_pong = strtod(ctx->buf, NULL);
    else
        return 0;
    p->have |= 1 << ctx->path_match;
    return 0;
}

static void
pong_record(struct lws *wsi, const pong_t *p, double now)
{
    if (b.per_ping[p->seq]++ >= (unsigned)(b.mode == MODE_PIPELINE ? 1 : b.clients))
        b.duplicates++;
    double pong_ms = p->have & 1 << PONG_SEND_PONG ? p->send_pong : now;
    b.latency[b.latency_len] = (float)(now - p->vue_ping);
    b.before_pong[b.latency_len] = (float)(pong_ms - p->vue_ping);
    b.after_pong[b.latency_len++] = (float)(now - pong_ms);
    b.received++;
    b.last_recv_ms = now;
    if (b.mode == MODE_PIPELINE) {
        b.in_flight--;
        lws_callback_on_writable(wsi);
    }
}

/* One whole message from the server: a pong of ours is timed and counted. */
static void
pong_received(struct lws *wsi, const char *text, size_t len)
{
    double now = now_ms();
    pong_t p = {0};
    struct lejp_ctx ctx;
    lejp_construct(&ctx, pong_field, &p, pong_paths, LWS_ARRAY_SIZE(pong_paths));
    int rc = lejp_parse(&ctx, (const unsigned char *)text, (int)len);
    lejp_destruct(&ctx);
    int need = 1 << PONG_MESSAGE | 1 << PONG_VUE_PING;
    if (rc < 0)
        return;
    if (p.is_error)
        b.errors++;
    else if (p.ours && (p.have & need) == need && p.seq >= 0 && p.seq < b.pings)
        pong_record(wsi, &p, now);
}

/* Fragments are joined before parsing; wsd's pongs are one frame. */
static void
frame_received(struct lws *wsi, conn_t *c, const char *in, size_t len)
{
    if (lws_is_first_fragment(wsi) && lws_is_final_fragment(wsi)) {
        pong_received(wsi, in, len);
        return;
    }
    char *joined = realloc(c->partial, c->partial_len + len);
    if (!joined)
        abort();
    memcpy(joined + c->partial_len, in, len);
    c->partial = joined;
    c->partial_len += len;
    if (lws_is_final_fragment(wsi)) {
        pong_received(wsi, c->partial, c->partial_len);
        free(c->partial);
        c->partial = NULL;
        c->partial_len = 0;
    }
}

static void
connection_closed(conn_t *c)
{
    if (c->established && !b.done && !stop_requested)
        b.closed++;
    if (c->established)
        b.open--;
    c->established = 0;
    free(c->partial);
    c->partial = NULL;
}

static int
callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    conn_t *c = user;
    switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
        c->index = (int)(intptr_t)lws_get_opaque_user_data(wsi);
        c->established = 1;
        b.connecting--;
        b.open++;
        launch_more();
        break;
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        b.connecting--;
        b.failed++;
        launch_more();
        if (b.error_detail[0] == '\0')
            snprintf(b.error_detail, sizeof b.error_detail, "connect: %s",
                     in ? (const char *)in : "?");
        break;
    case LWS_CALLBACK_CLIENT_RECEIVE:
        frame_received(wsi, c, in, len);
        break;
    case LWS_CALLBACK_TIMER:
        lws_callback_on_writable(wsi);
        break;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
        if (b.mode == MODE_PIPELINE && b.started)
            return pipeline_writeable(wsi);
        if (b.mode == MODE_BROADCAST && b.started && c->index < b.senders)
            return sender_writeable(wsi, c);
        break;
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        if (len >= 2)
            b.last_close_code =
                ((const unsigned char *)in)[0] << 8 | ((const unsigned char *)in)[1];
        break;
    case LWS_CALLBACK_CLIENT_CLOSED:
        connection_closed(c);
        break;
    default:
        break;
    }
    return 0;
}

static double
cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double cpu_at_start;

/* Every connection settled: start the senders half a second from now. */
static void
broadcast_tick(double now)
{
    if (!b.started) {
        b.started = 1;
        b.start_ms = now + 500;
        cpu_at_start = cpu_seconds();
        for (int i = 0; i < b.senders && i < b.clients; i++)
            if (b.wsi[i])
                lws_callback_on_writable(b.wsi[i]);
        return;
    }
    double last = b.last_recv_ms > b.last_send_ms ? b.last_recv_ms : b.last_send_ms;
    long unique = b.received - b.duplicates;
    if (b.sent == b.pings && unique >= (long)b.sent * b.clients)
        b.done = 1;
    else if (b.sent == b.pings && now - last > QUIET_MS)
        b.done = 1; /* the rest is lost */
    else if (now > b.start_ms + b.seconds * 1000.0 + 10 * QUIET_MS)
        b.done = 1; /* senders stuck or closed */
}

static void
pipeline_tick(double now)
{
    if (!b.started) {
        b.started = 1;
        b.start_ms = now + 500; /* as the broadcast's: the script reads its counters */
        return;
    }
    double last = b.last_recv_ms > b.last_send_ms ? b.last_recv_ms : b.last_send_ms;
    if (b.received >= b.count || b.open == 0)
        b.done = 1;
    else if (b.sent > 0 && now - last > QUIET_MS)
        b.done = 1;
    else if (b.sent == 0 && now >= b.start_ms) {
        cpu_at_start = cpu_seconds();
        lws_callback_on_writable(b.wsi[0]);
    }
}

static int
compare_float(const void *x, const void *y)
{
    float a = *(const float *)x, c = *(const float *)y;
    return (a > c) - (a < c);
}

/* Sorts a (latency_len values) and prints NAME_p50, NAME_p99, NAME_max. */
static void
print_percentiles(const char *name, float *a)
{
    size_t n = b.latency_len;
    if (n == 0) {
        printf(" %s_p50=-1 %s_p99=-1 %s_max=-1", name, name, name);
        return;
    }
    qsort(a, n, sizeof *a, compare_float);
    printf(" %s_p50=%.2f %s_p99=%.2f %s_max=%.2f", name, a[(size_t)(0.50 * (double)(n - 1))], name,
           a[(size_t)(0.99 * (double)(n - 1))], name, a[n - 1]);
}

static void
print_traffic(void)
{
    long expected = (long)b.sent * (b.mode == MODE_PIPELINE ? 1 : b.clients);
    long unique = b.received - b.duplicates;
    double span_s = b.received > 0 ? (b.last_recv_ms - b.first_send_ms) / 1e3 : 0;
    printf("planned=%d sent=%d send_s=%.2f expected=%ld received=%ld lost=%ld duplicates=%ld "
           "errors=%ld\n",
           b.pings, b.sent, (b.last_send_ms - b.first_send_ms) / 1e3, expected, b.received,
           expected - unique, b.duplicates, b.errors);
    printf("span_s=%.3f rate=%.0f", span_s, span_s > 0 ? (double)b.received / span_s : 0.0);
    print_percentiles("all", b.latency);
    print_percentiles("before", b.before_pong);
    print_percentiles("after", b.after_pong);
    printf("\n");
}

static void
print_results(void)
{
    if (b.mode != MODE_IDLE)
        print_traffic();
    printf("closed=%d close_code=%d client_cpu_s=%.2f\n", b.closed, b.last_close_code,
           cpu_seconds() - cpu_at_start);
    if (b.error_detail[0])
        printf("error=%s\n", b.error_detail);
    fflush(stdout);
}

static void
tick(lws_sorted_usec_list_t *sul)
{
    double now = now_ms();
    launch_more();
    int settled = b.launched == b.clients && b.connecting == 0;
    if (settled && b.open_ms == 0) {
        b.open_ms = now;
        printf("open=%d failed=%d connect_ms=%.0f\n", b.open, b.failed, now - b.start_ms);
        fflush(stdout);
        if (b.failed > 0 && b.mode != MODE_IDLE)
            b.done = 1;
    }
    if (stop_requested)
        b.done = 1;
    else if (!settled && now - b.start_ms > CONNECT_LIMIT_MS)
        b.done = 1;
    else if (settled && !b.done && b.mode == MODE_BROADCAST)
        broadcast_tick(now);
    else if (settled && !b.done && b.mode == MODE_PIPELINE)
        pipeline_tick(now);
    if (!b.done) {
        lws_sul_schedule(b.ctx, 0, sul, tick, TICK_US);
        return;
    }
    /* lws's libev loop runs until the context is destroyed, which a
     * callback may not do: the client ends here and the kernel closes its
     * sockets (wsd sees them go, as it would a crashed browser). */
    print_results();
    _exit(b.failed || b.closed ? 1 : 0);
}

static const struct lws_protocols protocols[] = {
    {"wsbench", callback, sizeof(conn_t), 4096, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

static int
context_create(void)
{
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    info.options = LWS_SERVER_OPTION_LIBEV; /* epoll: poll() scans every fd each wakeup */
    info.gid = -1;
    info.uid = -1;
    /* lws finds a socket's wsi by indexing with the fd only when this
     * equals the process's limit (else a linear search per event, which
     * perf showed at the top): the soft limit is set to it. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    rlim_t want = (rlim_t)b.clients + 64;
    rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max ? rl.rlim_max : want;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    info.fd_limit_per_thread = (unsigned)rl.rlim_cur;
    b.ctx = lws_create_context(&info);
    return b.ctx ? 0 : -1;
}

static int
usage(void)
{
    fprintf(stderr, "usage: ws_client [-a ADDRESS] [-p PORT] [-u PATH] [-H HOST] [-O ORIGIN] "
                    "[-c CLIENTS] [-s SENDERS] [-r RATE] [-t SECONDS] [-n COUNT] [-w WINDOW] "
                    "idle|broadcast|pipeline\n");
    return 2;
}

static int
parse_args(int argc, char **argv)
{
    int opt;
    while ((opt = getopt(argc, argv, "a:p:u:H:O:c:s:r:t:n:w:")) != -1) {
        switch (opt) {
        case 'a':
            b.address = optarg;
            break;
        case 'p':
            b.port = atoi(optarg);
            break;
        case 'u':
            b.path = optarg;
            break;
        case 'H':
            b.host = optarg;
            break;
        case 'O':
            b.origin = optarg;
            break;
        case 'c':
            b.clients = atoi(optarg);
            break;
        case 's':
            b.senders = atoi(optarg);
            break;
        case 'r':
            b.rate = atoi(optarg);
            break;
        case 't':
            b.seconds = atoi(optarg);
            break;
        case 'n':
            b.count = atoi(optarg);
            break;
        case 'w':
            b.window = atoi(optarg);
            break;
        default:
            return -1;
        }
    }
    if (optind != argc - 1)
        return -1;
    const char *mode = argv[optind];
    b.mode = strcmp(mode, "idle") == 0        ? MODE_IDLE
             : strcmp(mode, "broadcast") == 0 ? MODE_BROADCAST
             : strcmp(mode, "pipeline") == 0  ? MODE_PIPELINE
                                              : -1;
    if ((int)b.mode < 0 || b.clients < 1 || b.senders < 1 || b.rate < 1 || b.seconds < 1 ||
        b.count < 1 || b.window < 1)
        return -1;
    return 0;
}

/* The arrays each mode needs: pongs per ping and one latency per pong. */
static int
plan(void)
{
    if (b.mode == MODE_PIPELINE) {
        b.clients = 1;
        b.pings = b.count;
    } else if (b.mode == MODE_BROADCAST) {
        if (b.senders > b.clients)
            b.senders = b.clients;
        b.pings = b.rate * b.seconds / b.senders * b.senders;
    }
    size_t pongs = (size_t)b.pings * (b.mode == MODE_PIPELINE ? 1 : (size_t)b.clients);
    b.wsi = calloc((size_t)b.clients, sizeof *b.wsi);
    b.per_ping = calloc((size_t)b.pings + 1, sizeof *b.per_ping);
    b.latency = calloc(pongs + 1, sizeof *b.latency);
    b.before_pong = calloc(pongs + 1, sizeof *b.before_pong);
    b.after_pong = calloc(pongs + 1, sizeof *b.after_pong);
    snprintf(b.tag, sizeof b.tag, "wsbench-%d", (int)getpid());
    return b.wsi && b.per_ping && b.latency && b.before_pong && b.after_pong ? 0 : -1;
}

int
main(int argc, char **argv)
{
    b.address = "127.0.0.1";
    b.port = 8001;
    b.path = "/ws/ping-pong/";
    b.host = "127.0.0.1";
    b.origin = "127.0.0.1"; /* lws puts "http://" before it */
    b.clients = 1;
    b.senders = 10;
    b.rate = 100;
    b.seconds = 10;
    b.count = 100000;
    b.window = 100;
    if (parse_args(argc, argv) != 0)
        return usage();
    if (plan() != 0 || (lws_set_log_level(LLL_ERR, NULL), context_create()) != 0) {
        fprintf(stderr, "ws_client: out of memory or no lws context\n");
        return 1;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    b.start_ms = now_ms();
    lws_sul_schedule(b.ctx, 0, &b.tick, tick, 1);
    lws_service(b.ctx, 0); /* returns only if the loop fails */
    fprintf(stderr, "ws_client: the event loop stopped\n");
    return 1;
}
