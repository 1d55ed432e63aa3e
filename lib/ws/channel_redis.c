/* hiredis's async API on the libwebsockets 4.1 loop: the adapter that
 * hiredis's adapters/ directory would hold for lws.
 *
 * A connection's socket is dup()ed and the copy adopted as a raw file
 * descriptor under channel_redis_protocol: lws polls and finally closes its
 * copy, hiredis reads, writes and closes its own, so neither closes a
 * descriptor the other still uses. POLLIN becomes redisAsyncHandleRead,
 * POLLOUT (asked with lws_callback_on_writable) redisAsyncHandleWrite.
 *
 * lws 4.1's raw-file role clears POLLOUT after the writeable callback has
 * returned, so write interest asked for inside that callback (hiredis could
 * not write everything) would be lost: it is asked again from a timer that
 * fires on the next turn of the loop. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "ws/channel_internal.h"

typedef struct {
    redisAsyncContext *ac;
    struct lws *wsi; /* NULL once lws closed it */
    struct lws_context *cx;
    channel_redis_broken_fn broken;
    lws_sorted_usec_list_t rearm; /* asks POLLOUT again after a writeable */
    bool in_writeable, write_again;
} redis_watch_t;

typedef struct {
    struct lws_context *cx;
} redis_vhost_t;

static void
watch_rearm(lws_sorted_usec_list_t *sul)
{
    redis_watch_t *w = channel_container_of(sul, redis_watch_t, rearm);
    if (w->wsi != NULL)
        lws_callback_on_writable(w->wsi);
}

static void
watch_add_read(void *data)
{
    redis_watch_t *w = data;
    if (w->wsi != NULL)
        lws_rx_flow_control(w->wsi, 1);
}

static void
watch_del_read(void *data)
{
    redis_watch_t *w = data;
    if (w->wsi != NULL)
        lws_rx_flow_control(w->wsi, 0);
}

static void
watch_add_write(void *data)
{
    redis_watch_t *w = data;
    if (w->in_writeable)
        w->write_again = true;
    else if (w->wsi != NULL)
        lws_callback_on_writable(w->wsi);
}

/* lws drops POLLOUT after each writeable callback: one spare callback at
 * most, which hiredis takes as "nothing to write". */
static void
watch_del_write(void *data)
{
    (void)data;
}

/* hiredis is done with the socket (it closes its own copy right after):
 * lws closes its copy, at once when lws is not inside this wsi's callback
 * (the callback sees the user data gone and returns -1 instead). */
static void
watch_cleanup(void *data)
{
    redis_watch_t *w = data;
    redisAsyncContext *ac = w->ac;

    ac->ev.data = NULL;
    ac->ev.addRead = ac->ev.delRead = ac->ev.addWrite = ac->ev.delWrite = NULL;
    ac->ev.cleanup = NULL;
    lws_sul_cancel(&w->rearm);
    if (w->wsi != NULL) {
        lws_set_opaque_user_data(w->wsi, NULL);
        lws_set_timeout(w->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    }
    free(w);
}

int
channel_redis_attach(redisAsyncContext *ac, struct lws_vhost *vh, struct lws_context *cx,
                     channel_redis_broken_fn broken)
{
    redis_watch_t *w = calloc(1, sizeof(*w));
    if (w == NULL)
        return -1;
    int fd = fcntl(ac->c.fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) {
        free(w);
        return -1;
    }
    w->ac = ac;
    w->cx = cx;
    w->broken = broken;
    lws_adopt_desc_t info = {.vh = vh,
                             .type = LWS_ADOPT_RAW_FILE_DESC,
                             .fd.filefd = fd,
                             .vh_prot_name = channel_redis_protocol.name,
                             .opaque = w};
    /* On failure lws closes only sockets (LWS_ADOPT_SOCKET), not a raw
     * file descriptor: the duplicate is ours to close. */
    w->wsi = lws_adopt_descriptor_vhost_via_info(&info);
    if (w->wsi == NULL) {
        close(fd);
        free(w);
        return -1;
    }
    ac->ev.data = w;
    ac->ev.addRead = watch_add_read;
    ac->ev.delRead = watch_del_read;
    ac->ev.addWrite = watch_add_write;
    ac->ev.delWrite = watch_del_write;
    ac->ev.cleanup = watch_cleanup;
    /* The end of a non-blocking connect shows as writability. */
    lws_callback_on_writable(w->wsi);
    return 0;
}

static int
watch_writeable(struct lws *wsi, redis_watch_t *w)
{
    w->in_writeable = true;
    w->write_again = false;
    redisAsyncHandleWrite(w->ac);
    if ((w = lws_get_opaque_user_data(wsi)) == NULL)
        return -1;
    w->in_writeable = false;
    if (w->write_again)
        lws_sul_schedule(w->cx, 0, &w->rearm, watch_rearm, 1);
    return 0;
}

/* lws closed the wsi while hiredis still holds the connection. */
static void
watch_closed(struct lws *wsi, redis_watch_t *w)
{
    lws_set_opaque_user_data(wsi, NULL);
    w->wsi = NULL;
    w->broken(w->ac);
}

static int
vhost_init(struct lws *wsi)
{
    struct lws_vhost *vh = lws_get_vhost(wsi);
    const struct lws_protocols *p = lws_get_protocol(wsi);
    redis_vhost_t *v = lws_protocol_vh_priv_zalloc(vh, p, sizeof(*v));
    if (v == NULL)
        return -1;
    v->cx = lws_get_context(wsi);
    channel_layer_loop_ready(vh, v->cx);
    return 0;
}

static int
channel_redis_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                       size_t len)
{
    (void)user, (void)in, (void)len;
    redis_watch_t *w;

    switch (reason) {
    case LWS_CALLBACK_PROTOCOL_INIT:
        return vhost_init(wsi);
    case LWS_CALLBACK_PROTOCOL_DESTROY:
        if (channel_layer.running && channel_layer.vh == lws_get_vhost(wsi))
            channel_layer_stop();
        return 0;
    case LWS_CALLBACK_RAW_RX_FILE:
        if ((w = lws_get_opaque_user_data(wsi)) == NULL)
            return -1;
        redisAsyncHandleRead(w->ac);
        return lws_get_opaque_user_data(wsi) == NULL ? -1 : 0;
    case LWS_CALLBACK_RAW_WRITEABLE_FILE:
        if ((w = lws_get_opaque_user_data(wsi)) == NULL)
            return -1;
        return watch_writeable(wsi, w);
    case LWS_CALLBACK_RAW_CLOSE_FILE:
        if ((w = lws_get_opaque_user_data(wsi)) != NULL)
            watch_closed(wsi, w);
        return 0;
    default:
        return 0;
    }
}

struct lws_context *
channel_redis_context(struct lws_vhost *vh)
{
    const struct lws_protocols *p = lws_vhost_name_to_protocol(vh, channel_redis_protocol.name);
    if (p == NULL)
        return NULL;
    redis_vhost_t *v = lws_protocol_vh_priv_get(vh, p);
    return v != NULL ? v->cx : NULL;
}

const struct lws_protocols channel_redis_protocol = {
    .name = "channel-redis",
    .callback = channel_redis_callback,
    .rx_buffer_size = 0,
};
