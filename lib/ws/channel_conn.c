/* One Redis connection of the channel layer that keeps itself up: a
 * non-blocking connect (redisAsyncConnect, after a non-blocking lookup
 * when REDIS_SERVICE_HOST is a name), REDIS_TIMEOUT_MS for each to
 * finish, and after any failure or loss a retry after a backoff of 100 ms
 * doubling to 2 s. The backoff starts again from 100 ms only once a
 * connection proved itself (Redis confirmed a SUBSCRIBE or answered a
 * command without an error) or stayed up for 2 s, so a server that
 * accepts and then refuses (an error to SUBSCRIBE, "max number of
 * clients") is not hammered. */
#include "core/settings.h"
#include "ws/channel_internal.h"

#define STABLE_US CHANNEL_BACKOFF_MAX_US

static void conn_failed(channel_conn_t *c, const char *why);

static void
conn_retry(lws_sorted_usec_list_t *sul)
{
    channel_conn_t *c = channel_container_of(sul, channel_conn_t, retry_timer);
    if (channel_layer.running && c->ac == NULL && c->lookup == NULL)
        channel_conn_open(c);
}

static void
conn_connect_timeout(lws_sorted_usec_list_t *sul)
{
    channel_conn_t *c = channel_container_of(sul, channel_conn_t, connect_timer);
    if (c->lookup != NULL) {
        channel_lookup_cancel(c);
        conn_failed(c, "the host name lookup timed out");
    } else if (c->ac != NULL && !c->connected) {
        channel_conn_drop(c, "connect timed out");
    }
}

static void
conn_on_connect(const redisAsyncContext *ac, int status)
{
    channel_conn_t *c = ac->data;
    if (c == NULL || c->ac != ac)
        return;
    if (status != REDIS_OK) {
        /* hiredis frees ac when this returns. */
        c->ac = NULL;
        conn_failed(c, ac->errstr);
        return;
    }
    lws_sul_cancel(&c->connect_timer);
    /* A Redis host that vanishes without a reset (a network cut) shows
     * up in about 30 s (REDIS_KEEPALIVE_INTERVAL 15) instead of hours. */
    redisEnableKeepAlive(&c->ac->c);
    c->connected = true;
    c->connected_at = lws_now_usecs();
    c->on_up(c);
}

static void
conn_on_disconnect(const redisAsyncContext *ac, int status)
{
    (void)status;
    channel_conn_t *c = ac->data;
    if (c == NULL || c->ac != ac)
        return;
    c->ac = NULL;
    conn_failed(c, ac->err ? ac->errstr : "connection closed");
}

/* lws closed the socket under hiredis (poll saw a hang-up). */
static void
conn_socket_broken(redisAsyncContext *ac)
{
    channel_conn_t *c = ac->data;
    if (c != NULL && c->ac == ac)
        channel_conn_drop(c, "connection lost");
}

static void
conn_failed(channel_conn_t *c, const char *why)
{
    lws_usec_t now = lws_now_usecs();
    if (c->connected_at != 0 && now - c->connected_at >= STABLE_US)
        c->backoff_us = CHANNEL_BACKOFF_FIRST_US;
    c->connected_at = 0;
    c->connected = false;
    lws_sul_cancel(&c->connect_timer);
    lws_sul_cancel(&c->drop_timer);
    if (!channel_layer.running)
        return;
    lws_sul_schedule(channel_layer.cx, 0, &c->retry_timer, conn_retry, c->backoff_us);
    c->backoff_us *= 2;
    if (c->backoff_us > CHANNEL_BACKOFF_MAX_US)
        c->backoff_us = CHANNEL_BACKOFF_MAX_US;
    c->on_down(c, why);
}

static void
conn_connect(channel_conn_t *c, const char *ip)
{
    redisAsyncContext *ac = redisAsyncConnect(ip, (int)settings.redis_port);
    if (ac == NULL) {
        conn_failed(c, "out of memory");
        return;
    }
    if (ac->err) { /* refused at once (a local port nobody listens on) */
        char why[128];
        snprintf(why, sizeof(why), "%s", ac->errstr);
        redisAsyncFree(ac);
        conn_failed(c, why);
        return;
    }
    ac->data = c;
    redisAsyncSetConnectCallback(ac, conn_on_connect);
    redisAsyncSetDisconnectCallback(ac, conn_on_disconnect);
    if (channel_redis_attach(ac, channel_layer.vh, channel_layer.cx, conn_socket_broken) != 0) {
        ac->data = NULL;
        redisAsyncFree(ac);
        conn_failed(c, "cannot watch the socket");
        return;
    }
    c->ac = ac;
    lws_sul_schedule(channel_layer.cx, 0, &c->connect_timer, conn_connect_timeout,
                     (lws_usec_t)settings.redis_timeout_ms * 1000);
}

void
channel_conn_open(channel_conn_t *c)
{
    const char *host = settings.redis_host;
    if (channel_host_is_numeric(host)) {
        conn_connect(c, host);
        return;
    }
    if (channel_lookup_start(c, host) != 0) {
        conn_failed(c, "cannot start the host name lookup");
        return;
    }
    lws_sul_schedule(channel_layer.cx, 0, &c->connect_timer, conn_connect_timeout,
                     (lws_usec_t)settings.redis_timeout_ms * 1000);
}

void
channel_conn_resolved(channel_conn_t *c, const char *ip, const char *why)
{
    if (ip != NULL)
        conn_connect(c, ip);
    else
        conn_failed(c, why);
}

/* Detaches ac from c and frees it: hiredis runs pending callbacks with a
 * NULL reply (now, or when the hiredis callback we are in returns). */
static void
conn_release(channel_conn_t *c)
{
    redisAsyncContext *ac = c->ac;
    c->ac = NULL;
    if (ac == NULL)
        return;
    ac->data = NULL;
    redisAsyncFree(ac);
}

void
channel_conn_drop(channel_conn_t *c, const char *why)
{
    if (c->ac == NULL)
        return;
    c->connected = false; /* NULL replies see a broken connection */
    conn_release(c);
    conn_failed(c, why);
}

static void
conn_drop_now(lws_sorted_usec_list_t *sul)
{
    channel_conn_t *c = channel_container_of(sul, channel_conn_t, drop_timer);
    channel_conn_drop(c, c->drop_why);
}

void
channel_conn_drop_soon(channel_conn_t *c, const char *why)
{
    if (c->ac == NULL)
        return;
    c->connected = false; /* no more commands on it meanwhile */
    c->drop_why = why;
    lws_sul_schedule(channel_layer.cx, 0, &c->drop_timer, conn_drop_now, 1);
}

void
channel_conn_close(channel_conn_t *c)
{
    channel_lookup_cancel(c);
    lws_sul_cancel(&c->retry_timer);
    lws_sul_cancel(&c->connect_timer);
    lws_sul_cancel(&c->drop_timer);
    c->connected = false;
    c->connected_at = 0;
    conn_release(c);
}

void
channel_conn_proved(channel_conn_t *c, redisAsyncContext *ac)
{
    if (c->ac == ac)
        c->backoff_us = CHANNEL_BACKOFF_FIRST_US;
}

void
channel_conn_breaking(channel_conn_t *c, redisAsyncContext *ac)
{
    if (c->ac == ac)
        c->connected = false;
}
