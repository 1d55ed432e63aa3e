/* /ws/ping-pong/: a message goes INCRBY cached_value 3, then PUBLISH on
 * ws:group:ping-pong; every wsd process queues what Redis delivers to its
 * local members, stamped once with server_send_pong. */
#include <hiredis/hiredis.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/log.h"
#include "events/events.h"
#include "ws/apps.h"
#include "ws/channel.h"
#include "ws/client.h"
#include "ws/message.h"

static const char unavailable[] = "the channel layer is unavailable";

/* INCRBYs whose reply has not come: a draining process waits for them (the
 * channel layer answers each within its reply timeout), so none is left
 * allocated at exit. */
static long pending_replies;

/* A message waiting for its INCRBY reply. The client is named by its
 * generation: it may have left by the time Redis answers. */
typedef struct {
    uint64_t gen;
    ws_ping_t ping;
} ping_pending_t;

static void
pending_fail(ping_pending_t *p)
{
    ws_client_t *c = ws_client_by_gen(&wsd.ping_pong, p->gen);
    if (c != NULL)
        ws_client_error(c, unavailable);
}

static void
incr_replied(void *priv, redisReply *reply)
{
    ping_pending_t *p = priv;
    if (reply == NULL || reply->type != REDIS_REPLY_INTEGER) {
        pending_fail(p);
    } else {
        buf_t b;
        buf_init(&b);
        ws_ping_published(&b, &p->ping, reply->integer, clock_epoch_ms());
        if (b.failed || channel_publish(EVENTS_PING_PONG_CHANNEL, b.data, b.len) != 0)
            pending_fail(p);
        buf_free(&b);
    }
    ws_ping_free(&p->ping);
    free(p);
    pending_replies--;
}

long
ws_ping_pong_pending(void)
{
    return pending_replies;
}

void
ws_ping_pong_message(ws_client_t *c, const char *text, size_t len, bool binary)
{
    if (binary) {
        ws_client_error(c, "binary frames are not accepted");
        return;
    }
    ping_pending_t *p = malloc(sizeof(*p));
    if (p == NULL) {
        ws_client_close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
        return;
    }
    if (ws_ping_parse(&p->ping, text, len, c->email) != 0) {
        free(p);
        ws_client_error(c, "expected a JSON object with message, ts (a number) and sender");
        return;
    }
    p->gen = c->gen;
    if (channel_command(incr_replied, p, "INCRBY cached_value 3") != 0) {
        ws_ping_free(&p->ping);
        free(p);
        ws_client_error(c, unavailable);
        return;
    }
    pending_replies++;
}

void
ws_ping_pong_deliver(const char *msg, size_t len)
{
    /* Every process gets every pong: one with no member here builds nothing. */
    if (lws_dll2_get_head(&wsd.ping_pong) == NULL)
        return;
    buf_t b;
    buf_init(&b);
    ws_msg_t *m = NULL;
    if (ws_pong_build(&b, msg, len, clock_epoch_ms()) != 0)
        log_warn("ws_pong", "a message on %s is not a ping: dropped", EVENTS_PING_PONG_CHANNEL);
    else if (b.failed || (m = ws_msg_new(b.data, b.len)) == NULL)
        log_error("ws_pong", "out of memory: a pong dropped");
    buf_free(&b);
    if (m == NULL)
        return;
    lws_start_foreach_dll(struct lws_dll2 *, d, lws_dll2_get_head(&wsd.ping_pong))
    {
        ws_client_send(lws_container_of(d, ws_client_t, member), m);
    }
    lws_end_foreach_dll(d);
    ws_msg_unref(m);
}
