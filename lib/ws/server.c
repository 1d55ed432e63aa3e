/* A wsd process's event loop (server.h). */
#include "ws/server.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "core/log.h"
#include "core/settings.h"
#include "events/events.h"
#include "ws/accept.h"
#include "ws/apps.h"
#include "ws/channel.h"
#include "ws/client.h"
#include "ws/fanout.h"
#include "ws/protocol.h"
#include "ws/wsd.h"

wsd_t wsd;

static volatile sig_atomic_t stop_requested;

/* Wakes the loop; the drain itself starts in the loop, not here. */
static void
on_sigterm(int sig)
{
    (void)sig;
    stop_requested = 1;
    if (wsd.context != NULL)
        lws_cancel_service(wsd.context);
}

static void
lws_log(int level, const char *line)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    /* lws warns of every handshake wsd refused: debug, not a warning. */
    log_event(level == LLL_ERR ? LOG_ERROR : LOG_DEBUG, NULL, "lws", "%.*s", (int)n, line);
}

/* Descriptors besides the clients': Redis, the listener, lws's own pipe,
 * the logs, handshakes under way. */
enum { FD_MARGIN = 64 };

/* The descriptors lws sizes its tables for: the connection cap and some
 * room. The soft limit is set to it too: lws looks sockets up by index only
 * when its limit is the process's, and a bigger ulimit would cost table
 * memory. */
static unsigned
descriptor_limit(void)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)settings.ws.max_connections + FD_MARGIN;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max ? rl.rlim_max : want;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    return (unsigned)rl.rlim_cur;
}

/* The connections the descriptors allow: a hard limit below
 * WS_MAX_CONNECTIONS and the margin lowers the cap, so a client beyond it
 * gets a 503 instead of waiting in the backlog. */
static uint32_t
clients_within(unsigned fds)
{
    uint32_t want = (uint32_t)settings.ws.max_connections;
    if (fds == 0 || fds >= want + FD_MARGIN)
        return want;
    uint32_t max = fds > 2 * FD_MARGIN ? fds - FD_MARGIN : fds / 2;
    log_warn("fd_limit", "%u descriptors allow %u connections, not WS_MAX_CONNECTIONS=%u", fds, max,
             want);
    return max;
}

static struct lws_protocols protocols[4];
static lws_retry_bo_t idle_policy;

static int
context_create(void)
{
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof(info));
    info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS | LWS_SERVER_OPTION_VALIDATE_UTF8;
    info.fd_limit_per_thread = descriptor_limit();
    wsd.max_clients = clients_within(info.fd_limit_per_thread);
    /* Room for every header nginx lets through (4 lines of 8 KB), so an
     * oversized one gets wsd's 400 instead of a dropped connection. The
     * buffer lives only while a handshake is being read. */
    info.max_http_header_data = 32768;
    info.gid = (gid_t)-1;
    info.uid = (uid_t)-1;
    wsd.context = lws_create_context(&info);
    if (wsd.context == NULL)
        return -1;
    protocols[0] = ws_protocol;
    protocols[1] = ws_listen_protocol;
    protocols[2] = channel_redis_protocol;
    idle_policy.secs_since_valid_ping = (uint16_t)settings.ws.ping_interval;
    idle_policy.secs_since_valid_hangup = (uint16_t)settings.ws.idle_timeout;
    info.port = CONTEXT_PORT_NO_LISTEN_SERVER;
    info.vhost_name = "wsd";
    info.protocols = protocols;
    info.retry_and_idle_policy = &idle_policy;
    wsd.vhost = lws_create_vhost(wsd.context, &info);
    return wsd.vhost != NULL ? 0 : -1;
}

static int
start(int listen_fd)
{
    wsd.listen_fd = listen_fd;
    lws_set_log_level(LLL_ERR | LLL_WARN, lws_log);
    if (context_create() != 0) {
        log_error("lws", "cannot create the libwebsockets context");
        return -1;
    }
    if (channel_layer_start(wsd.vhost, ws_fanout_deliver, ws_fanout_subscribed, NULL) != 0 ||
        channel_subscribe(EVENTS_PING_PONG_CHANNEL) < 0) {
        log_error("redis", "cannot start the channel layer");
        return -1;
    }
    if (ws_accept_start() != 0) {
        log_error("accept", "cannot adopt the listening socket");
        return -1;
    }
    return 0;
}

static void
drain(void)
{
    wsd.draining = true;
    ws_accept_stop();
    log_info("drain", "closing %u clients", wsd.ping_pong.count + wsd.notifications.count);
    ws_client_close_all(WS_CLOSE_GOING_AWAY, "server shutting down");
}

/* A SIGTERM or SIGINT coming while the context is destroyed would have
 * on_sigterm wake a freed context: the signals wait until it is NULL. */
static void
context_destroy(void)
{
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, &old);
    struct lws_context *context = wsd.context;
    wsd.context = NULL;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (context != NULL)
        lws_context_destroy(context);
}

int
ws_server_run(int listen_fd)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigterm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    int rc = start(listen_fd);
    while (rc == 0) {
        if (stop_requested && !wsd.draining)
            drain();
        if (wsd.draining && wsd.ping_pong.count + wsd.notifications.count == 0 &&
            ws_ping_pong_pending() == 0)
            break;
        if (lws_service(wsd.context, 0) < 0)
            rc = -1;
    }
    channel_layer_stop();
    context_destroy();
    return rc == 0 ? 0 : 1;
}
