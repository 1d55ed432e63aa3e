/* wsd's channel layer: Redis pub/sub on the process's libwebsockets event
 * loop (hiredis's async API, its socket adopted into the loop as a raw
 * descriptor). Two connections per wsd process: one subscriber, one for
 * commands (INCRBY, PUBLISH). Both reconnect by themselves with backoff;
 * after a reconnect every channel still wanted is subscribed again, and
 * channel_subscribed_fn fires again for each. Nothing here blocks. */
#ifndef WS_CHANNEL_H
#define WS_CHANNEL_H

#include <hiredis/hiredis.h>
#include <libwebsockets.h>
#include <stdbool.h>
#include <stddef.h>

/* A message published on a channel this process subscribed to. */
typedef void (*channel_deliver_fn)(void *ctx, const char *channel, size_t channel_len,
                                   const char *msg, size_t len);
/* Redis confirmed a SUBSCRIBE of channel (at first, and after each reconnect). */
typedef void (*channel_subscribed_fn)(void *ctx, const char *channel);
/* The reply of channel_command, or NULL when Redis was away or the
 * connection broke before the reply came. Never called after
 * channel_layer_stop. */
typedef void (*channel_reply_fn)(void *priv, redisReply *reply);

/* Goes into the vhost's protocol list (before the terminator): the raw
 * descriptors of the two Redis connections are adopted under it. */
extern const struct lws_protocols channel_redis_protocol;

/* Starts connecting (REDIS_SERVICE_HOST, REDIS_SERVICE_PORT) on vh's loop.
 * 0, or -1 when vh has no channel_redis_protocol. */
int channel_layer_start(struct lws_vhost *vh, channel_deliver_fn deliver,
                        channel_subscribed_fn subscribed, void *ctx);

/* Closes both connections; pending replies are dropped without a call. */
void channel_layer_stop(void);

/* Counted: the first subscribe of a name sends SUBSCRIBE, the last
 * unsubscribe UNSUBSCRIBE. channel_subscribe returns 1 when Redis has
 * already confirmed the channel (the caller may rely on it now), 0 when
 * the confirmation is to come (channel_subscribed_fn), -1 on a bad name
 * (empty or longer than 127 bytes) or no memory. */
int channel_subscribe(const char *channel);
void channel_unsubscribe(const char *channel);

/* Whether both connections are up (and the subscriber's channels confirmed). */
bool channel_layer_up(void);

/* A command on the command connection, formatted like redisCommand. 0
 * when sent (fn will be called exactly once), -1 when Redis is away now
 * (fn is not called). */
int channel_command(channel_reply_fn fn, void *priv, const char *fmt, ...);

/* PUBLISH channel msg, the reply ignored. 0 when sent, -1 when Redis is away. */
int channel_publish(const char *channel, const char *msg, size_t len);

#endif
