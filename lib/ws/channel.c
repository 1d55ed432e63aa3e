/* The channel layer's start, stop, subscriptions and state: two
 * self-healing connections (channel_conn.c), the subscription table
 * (channel_subs.c); commands are in channel_command.c. */
#include <string.h>

#include "core/log.h"
#include "core/settings.h"
#include "ws/channel_internal.h"

channel_layer_t channel_layer;

static struct {
    int logged; /* the state the last redis_up/redis_down line told: -1 none */
} st = {-1};

bool
channel_layer_up(void)
{
    return channel_layer.running && channel_layer.sub.connected && channel_layer.cmd.connected &&
           channel_subs_resync_pending() == 0;
}

void
channel_layer_note(const char *why)
{
    bool up = channel_layer_up();
    if (up && st.logged != 1) {
        log_info("redis_up", "Redis %s:%ld: subscriber and command connections up",
                 settings.redis_host, settings.redis_port);
        st.logged = 1;
    } else if (!up && why != NULL && st.logged != 0) {
        log_warn("redis_down", "Redis %s:%ld: %s", settings.redis_host, settings.redis_port, why);
        st.logged = 0;
    } else if (!up && why != NULL) { /* still down: each retry's failure */
        log_debug("redis_retry", "Redis %s:%ld: %s", settings.redis_host, settings.redis_port, why);
    }
}

static void
on_up(channel_conn_t *c)
{
    if (c == &channel_layer.sub && channel_subs_connected(c->ac) != 0) {
        channel_conn_drop_soon(c, "cannot send SUBSCRIBE");
        return;
    }
    channel_layer_note(NULL);
}

static void
on_down(channel_conn_t *c, const char *why)
{
    char line[256];
    if (c == &channel_layer.sub)
        channel_subs_disconnected();
    snprintf(line, sizeof(line), "%s connection: %s", c->role, why != NULL ? why : "lost");
    channel_layer_note(line);
}

static void
conn_init(channel_conn_t *c, const char *role)
{
    memset(c, 0, sizeof(*c));
    c->role = role;
    c->backoff_us = CHANNEL_BACKOFF_FIRST_US;
    c->on_up = on_up;
    c->on_down = on_down;
}

int
channel_layer_start(struct lws_vhost *vh, channel_deliver_fn deliver,
                    channel_subscribed_fn subscribed, void *ctx)
{
    if (vh == NULL || channel_layer.running ||
        lws_vhost_name_to_protocol(vh, channel_redis_protocol.name) == NULL)
        return -1;
    channel_layer.vh = vh;
    channel_layer.cx = NULL;
    channel_layer.deliver = deliver;
    channel_layer.subscribed = subscribed;
    channel_layer.ctx = ctx;
    conn_init(&channel_layer.sub, "subscriber");
    conn_init(&channel_layer.cmd, "command");
    channel_layer.running = true;
    st.logged = -1;
    struct lws_context *cx = channel_redis_context(vh);
    if (cx != NULL) /* else when lws initialises the protocol on vh */
        channel_layer_loop_ready(vh, cx);
    return 0;
}

void
channel_layer_loop_ready(struct lws_vhost *vh, struct lws_context *cx)
{
    if (!channel_layer.running || channel_layer.vh != vh || channel_layer.cx != NULL)
        return;
    channel_layer.cx = cx;
    channel_conn_open(&channel_layer.sub);
    channel_conn_open(&channel_layer.cmd);
}

void
channel_layer_stop(void)
{
    if (!channel_layer.running)
        return;
    channel_layer.running = false;
    channel_commands_silence();
    channel_conn_close(&channel_layer.sub);
    channel_conn_close(&channel_layer.cmd);
    channel_subs_clear();
}

int
channel_subscribe(const char *channel)
{
    size_t len = channel != NULL ? strlen(channel) : 0;
    bool confirmed;
    if (len == 0 || len > CHANNEL_NAME_MAX || !channel_layer.running)
        return -1;
    int added = channel_subs_add(channel, len, &confirmed);
    if (added < 0)
        return -1;
    if (added == 1 && channel_layer.sub.connected &&
        channel_subs_send(channel_layer.sub.ac, channel, len) != 0)
        channel_conn_drop_soon(&channel_layer.sub, "cannot send SUBSCRIBE");
    return confirmed ? 1 : 0;
}

void
channel_unsubscribe(const char *channel)
{
    size_t len = channel != NULL ? strlen(channel) : 0;
    if (len == 0 || len > CHANNEL_NAME_MAX || !channel_layer.running)
        return;
    if (channel_subs_remove(channel, len) == 1 && channel_layer.sub.connected &&
        redisAsyncCommand(channel_layer.sub.ac, NULL, NULL, "UNSUBSCRIBE %b", channel, len) !=
            REDIS_OK)
        channel_conn_drop_soon(&channel_layer.sub, "cannot send UNSUBSCRIBE");
}
