/* The pieces of the channel layer behind lib/ws/channel.h, shared by
 * channel.c (the public calls and the layer's state), channel_conn.c (one
 * Redis connection that reconnects by itself), channel_redis.c (hiredis's
 * socket on the lws loop) and channel_subs.c (the counted subscriptions).
 * channel_command.c (commands and their replies), channel_resolve.c (the
 * host name). Everything runs on the one lws service thread. */
#ifndef WS_CHANNEL_INTERNAL_H
#define WS_CHANNEL_INTERNAL_H

#include <hiredis/async.h>
#include <libwebsockets.h>
#include <stdbool.h>
#include <stddef.h>

#include "ws/channel.h"

#define CHANNEL_NAME_MAX 127
#define CHANNEL_BACKOFF_FIRST_US (100 * 1000)
#define CHANNEL_BACKOFF_MAX_US (2000 * 1000)

/* lws 4.1 exports no container_of: a timer callback gets its sul back. */
#define channel_container_of(ptr, type, member)                                                    \
    ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* --- channel_redis.c: hiredis's event hooks on the lws loop -------------- */

/* The lws context of a vhost that lists channel_redis_protocol, once lws
 * initialised the protocol on it; NULL before. */
struct lws_context *channel_redis_context(struct lws_vhost *vh);

/* Called when lws closed the socket under a live hiredis context (hang-up
 * seen by poll, or the context going away): the owner must drop ac. */
typedef void (*channel_redis_broken_fn)(redisAsyncContext *ac);

/* Puts ac's socket (a dup of it: lws closes its copy, hiredis its own) on
 * vh's loop under channel_redis_protocol and installs ac->ev. 0, or -1
 * (ac untouched, the caller frees it). */
int channel_redis_attach(redisAsyncContext *ac, struct lws_vhost *vh, struct lws_context *cx,
                         channel_redis_broken_fn broken);

/* --- channel_conn.c: one Redis connection that reconnects by itself ------ */

typedef struct channel_conn channel_conn_t;
typedef struct channel_lookup channel_lookup_t;
struct channel_conn {
    const char *role;         /* "subscriber" or "command", for the logs */
    redisAsyncContext *ac;    /* NULL while down (waiting to retry) */
    channel_lookup_t *lookup; /* REDIS_SERVICE_HOST being resolved */
    bool connected;           /* ac finished connecting and is not breaking */
    lws_usec_t backoff_us;    /* the next retry's delay */
    lws_usec_t connected_at;
    lws_sorted_usec_list_t retry_timer;   /* reconnect after a backoff */
    lws_sorted_usec_list_t connect_timer; /* REDIS_TIMEOUT_MS to connect */
    lws_sorted_usec_list_t drop_timer;    /* channel_conn_drop_soon */
    const char *drop_why;
    void (*on_up)(channel_conn_t *c);
    void (*on_down)(channel_conn_t *c, const char *why);
};

/* Starts connecting now (resolving first when the host is a name); on
 * failure retries by itself. */
void channel_conn_open(channel_conn_t *c);
/* The lookup channel_conn_open started is over: ip, or NULL and why. */
void channel_conn_resolved(channel_conn_t *c, const char *ip, const char *why);
/* Closes c for good: no retry, no on_down. Pending hiredis callbacks run
 * with a NULL reply (their owners must have been told to stay quiet). */
void channel_conn_close(channel_conn_t *c);
/* Drops a live connection (a protocol error, a dead socket): on_down, then
 * a retry after the backoff. */
void channel_conn_drop(channel_conn_t *c, const char *why);
/* channel_conn_drop on the next turn of the loop: for code that may run
 * inside hiredis's connect callback, where freeing the context is unsafe
 * (hiredis 0.14 goes on using it after the callback returns). */
void channel_conn_drop_soon(channel_conn_t *c, const char *why);
/* Redis answered something useful on c (a confirmation, a reply that is
 * not an error): the next failure retries after the shortest backoff. */
void channel_conn_proved(channel_conn_t *c, redisAsyncContext *ac);
/* hiredis reported a NULL reply on c: the connection is breaking now. */
void channel_conn_breaking(channel_conn_t *c, redisAsyncContext *ac);

/* --- channel_resolve.c: the host name without blocking ------------------ */

/* An IPv4 or IPv6 address (hiredis connects to it without DNS). */
bool channel_host_is_numeric(const char *host);
/* Looks host up for c (c->lookup); channel_conn_resolved tells the end.
 * 0, or -1 (nothing started). */
int channel_lookup_start(channel_conn_t *c, const char *host);
/* Abandons c's lookup, if any: no channel_conn_resolved for it. */
void channel_lookup_cancel(channel_conn_t *c);

/* --- channel.c: the layer's shared state --------------------------------- */

typedef struct {
    struct lws_vhost *vh;
    struct lws_context *cx;
    channel_deliver_fn deliver;
    channel_subscribed_fn subscribed;
    void *ctx;
    channel_conn_t sub, cmd;
    bool running;
} channel_layer_t;

extern channel_layer_t channel_layer;

/* lws initialised channel_redis_protocol on vh (an explicit vhost gets
 * that on the loop's first turn): the layer started on vh connects now. */
void channel_layer_loop_ready(struct lws_vhost *vh, struct lws_context *cx);

/* Logs "redis_up" / "redis_down" when channel_layer_up() changed since
 * the last line (why: the reason of a fall). */
void channel_layer_note(const char *why);

/* --- channel_command.c: the replies waiting on the command connection -- */

/* channel_layer_stop: no waiting callback is called any more. */
void channel_commands_silence(void);

/* --- channel_subs.c: the counted subscription table ---------------------- */

/* 1 new entry (send SUBSCRIBE), 0 counted on an existing one, -1 no
 * memory. *confirmed tells whether Redis confirmed it on this connection. */
int channel_subs_add(const char *name, size_t len, bool *confirmed);
/* 1 the last reference went and UNSUBSCRIBE must be sent now, 0 nothing to
 * send, -1 unknown name. */
int channel_subs_remove(const char *name, size_t len);
/* The subscriber connected: SUBSCRIBE every channel. 0, or -1 when one
 * could not be sent (drop the connection). */
int channel_subs_connected(redisAsyncContext *ac);
/* The subscriber went down: nothing is sent or confirmed any more. */
void channel_subs_disconnected(void);
/* SUBSCRIBEs sent at the last connect and not confirmed yet. */
size_t channel_subs_resync_pending(void);
/* Sends SUBSCRIBE name on ac and marks it sent. 0, or -1. */
int channel_subs_send(redisAsyncContext *ac, const char *name, size_t len);
/* Frees the table. */
void channel_subs_clear(void);

#endif
