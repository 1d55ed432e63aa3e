/* Commands on the command connection (channel_command, channel_publish)
 * and the replies they wait for.
 *
 * A reply callback is called exactly once: hiredis calls every pending
 * callback once, with the reply, or with NULL when the connection breaks
 * or is freed. channel_layer_stop silences the ones still waiting before
 * it frees the connection, so none fires after it.
 *
 * A reply that takes longer than REDIS_TIMEOUT_MS (Redis frozen, a network
 * that drops packets without a reset) breaks the connection: the waiting
 * callbacks get NULL and the connection is made again, instead of clients
 * waiting for as long as TCP takes to give up. NULL therefore means "the
 * outcome is unknown": the command may still have run. */
#include <stdarg.h>
#include <stdlib.h>

#include "core/settings.h"
#include "ws/channel_internal.h"

typedef struct pending pending_t;
struct pending {
    channel_reply_fn fn; /* NULL once channel_layer_stop silenced it */
    void *priv;
    lws_usec_t sent_at;
    pending_t *prev, *next;
};

static struct {
    pending_t *head, *tail; /* oldest first */
    lws_sorted_usec_list_t watchdog;
    bool watching;
} cmds;

static lws_usec_t
reply_timeout_us(void)
{
    return (lws_usec_t)settings.redis_timeout_ms * 1000;
}

static void
watchdog_fire(lws_sorted_usec_list_t *sul)
{
    (void)sul;
    cmds.watching = false;
    if (cmds.head == NULL || !channel_layer.running)
        return;
    lws_usec_t waited = lws_now_usecs() - cmds.head->sent_at;
    if (waited >= reply_timeout_us()) {
        channel_conn_drop(&channel_layer.cmd, "no reply within REDIS_TIMEOUT_MS");
        return;
    }
    cmds.watching = true;
    lws_sul_schedule(channel_layer.cx, 0, &cmds.watchdog, watchdog_fire,
                     reply_timeout_us() - waited);
}

static void
pending_unlink(pending_t *p)
{
    if (p->prev != NULL)
        p->prev->next = p->next;
    else
        cmds.head = p->next;
    if (p->next != NULL)
        p->next->prev = p->prev;
    else
        cmds.tail = p->prev;
}

static void
on_command_reply(redisAsyncContext *ac, void *reply, void *privdata)
{
    pending_t *p = privdata;
    redisReply *r = reply;
    pending_unlink(p);
    if (r == NULL) /* the connection is breaking: nothing more comes on it */
        channel_conn_breaking(&channel_layer.cmd, ac);
    else if (r->type != REDIS_REPLY_ERROR)
        channel_conn_proved(&channel_layer.cmd, ac);
    if (p->fn != NULL)
        p->fn(p->priv, r);
    free(p);
}

static void
pending_append(pending_t *p)
{
    p->sent_at = lws_now_usecs();
    p->prev = cmds.tail;
    if (cmds.tail != NULL)
        cmds.tail->next = p;
    else
        cmds.head = p;
    cmds.tail = p;
    if (!cmds.watching) {
        cmds.watching = true;
        lws_sul_schedule(channel_layer.cx, 0, &cmds.watchdog, watchdog_fire, reply_timeout_us());
    }
}

int
channel_command(channel_reply_fn fn, void *priv, const char *fmt, ...)
{
    if (!channel_layer.running || !channel_layer.cmd.connected)
        return -1;
    pending_t *p = calloc(1, sizeof(*p));
    if (p == NULL)
        return -1;
    p->fn = fn;
    p->priv = priv;
    va_list ap;
    va_start(ap, fmt);
    int rc = redisvAsyncCommand(channel_layer.cmd.ac, on_command_reply, p, fmt, ap);
    va_end(ap);
    if (rc != REDIS_OK) {
        free(p);
        return -1;
    }
    pending_append(p);
    return 0;
}

/* The reply is not waited for: a PUBLISH lost with a broken connection is
 * lost either way (pub/sub delivers at most once). */
int
channel_publish(const char *channel, const char *msg, size_t len)
{
    if (!channel_layer.running || !channel_layer.cmd.connected)
        return -1;
    return redisAsyncCommand(channel_layer.cmd.ac, NULL, NULL, "PUBLISH %s %b", channel, msg,
                             len) == REDIS_OK
               ? 0
               : -1;
}

void
channel_commands_silence(void)
{
    for (pending_t *p = cmds.head; p != NULL; p = p->next)
        p->fn = NULL;
    lws_sul_cancel(&cmds.watchdog);
    cmds.watching = false;
}
