/* A client connection on the wsd protocol (client.h). */
#include "ws/client.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/settings.h"
#include "ws/apps.h"
#include "ws/message.h"

_Static_assert(WS_MSG_PRE == LWS_PRE, "outq.h's headroom is lws_write's");

static lws_dll2_owner_t *
app_list(ws_app_t app)
{
    return app == WS_APP_PING_PONG ? &wsd.ping_pong : &wsd.notifications;
}

static const char *
app_path(uint8_t app)
{
    return app == WS_APP_PING_PONG ? "/ws/ping-pong/" : "/ws/notifications/";
}

void
ws_client_open(ws_client_t *c, struct lws *wsi, ws_app_t app)
{
    c->wsi = wsi;
    c->app = (uint8_t)app;
    c->gen = ++wsd.next_gen;
    c->opened_at = clock_monotonic_s();
    lws_dll2_add_tail(&c->member, app_list(app));
    log_info("ws_open", "path=%s user=%lld", app_path(c->app), c->user_id);
    if (wsd.draining)
        ws_client_close(c, WS_CLOSE_GOING_AWAY, "server shutting down");
    else if (app == WS_APP_NOTIFICATIONS)
        ws_notify_open(c);
}

static void
deliver(ws_client_t *c, const char *text, size_t len, bool binary)
{
    if (c->app == WS_APP_PING_PONG)
        ws_ping_pong_message(c, text, len, binary);
    else
        ws_notify_message(c, text, len, binary);
}

/* A new message starts: it counts against the rate, and its first frame
 * says whether it is binary (continuation frames do not). */
static void
message_start(ws_client_t *c)
{
    c->rx_active = true;
    c->rx_skip = false;
    c->msgs_in++;
    if (!ws_bucket_take(&c->bucket, clock_monotonic_s(), (double)settings.ws.messages_per_second,
                        (double)settings.ws.message_burst)) {
        ws_client_close(c, WS_CLOSE_POLICY, "message rate exceeded");
        c->rx_skip = true;
    }
}

static void
message_drop(ws_client_t *c)
{
    free(c->rx);
    c->rx = NULL;
    c->rx_len = 0;
}

void
ws_client_receive(ws_client_t *c, const char *in, size_t len)
{
    struct lws *wsi = c->wsi;
    if (!c->rx_active)
        message_start(c);
    bool final = lws_is_final_fragment(wsi);
    bool binary = lws_frame_is_binary(wsi);
    if (final)
        c->rx_active = false;
    if (c->rx_skip || c->close_code != 0)
        return;
    /* lws hands a frame over in rx_buffer_size pieces: the frame's length
     * is known from its first piece, so a big one is refused at once. */
    size_t total = c->rx_len + len + lws_remaining_packet_payload(wsi);
    if (total > (size_t)settings.ws.max_message_bytes) {
        message_drop(c);
        c->rx_skip = !final;
        ws_client_close(c, WS_CLOSE_TOO_BIG, "message too big");
        return;
    }
    if (final && c->rx_len == 0) { /* the usual case: one piece, no copy */
        deliver(c, in, len, binary);
        return;
    }
    char *rx = realloc(c->rx, c->rx_len + len + 1);
    if (rx == NULL) {
        message_drop(c);
        ws_client_close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
        return;
    }
    memcpy(rx + c->rx_len, in, len);
    c->rx = rx;
    c->rx_len += len;
    if (final) {
        deliver(c, c->rx, c->rx_len, binary);
        message_drop(c);
    }
}

void
ws_client_send(ws_client_t *c, ws_msg_t *m)
{
    if (c->close_code != 0)
        return;
    ws_outq_rc_t rc = ws_outq_push(&c->outq, m, (uint32_t)settings.ws.queue_max);
    if (rc == WS_OUTQ_FULL)
        ws_client_close(c, WS_CLOSE_TRY_AGAIN, "client too slow");
    else if (rc == WS_OUTQ_NOMEM)
        ws_client_close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
    else
        lws_callback_on_writable(c->wsi);
}

void
ws_client_send_json(ws_client_t *c, const buf_t *json)
{
    ws_msg_t *m = json->failed ? NULL : ws_msg_new(json->data, json->len);
    if (m == NULL) {
        ws_client_close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
        return;
    }
    ws_client_send(c, m);
    ws_msg_unref(m);
}

void
ws_client_error(ws_client_t *c, const char *detail)
{
    buf_t b;
    buf_init(&b);
    ws_error_json(&b, detail);
    ws_client_send_json(c, &b);
    buf_free(&b);
}

void
ws_client_close(ws_client_t *c, uint16_t code, const char *reason)
{
    if (c->close_code != 0)
        return;
    c->close_code = code;
    c->close_reason = reason;
    ws_outq_clear(&c->outq);
    lws_callback_on_writable(c->wsi);
    /* A client that does not read (1013, or any at drain) would never
     * let the close frame out: it is dropped after a grace period. */
    lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, WS_CLOSE_GRACE_SECONDS);
}

int
ws_client_writeable(ws_client_t *c)
{
    if (c->close_code != 0) {
        /* Once only: lws then sends the close frame and waits for the
         * client's, and may call WRITEABLE meanwhile; a second -1 would
         * drop the socket with the client's frames unread, which resets
         * the connection and loses the close frame. */
        if (c->close_reason == NULL)
            return 0;
        lws_close_reason(c->wsi, (enum lws_close_status)c->close_code,
                         (unsigned char *)(uintptr_t)c->close_reason, strlen(c->close_reason));
        c->close_reason = NULL;
        return -1;
    }
    ws_msg_t *m = ws_outq_peek(&c->outq);
    if (m == NULL)
        return 0;
    size_t len = m->len;
    int n = lws_write(c->wsi, ws_msg_payload(m), len, LWS_WRITE_TEXT);
    ws_outq_pop(&c->outq);
    if (n < (int)len)
        return -1;
    c->msgs_out++;
    if (ws_outq_peek(&c->outq) != NULL)
        lws_callback_on_writable(c->wsi);
    return 0;
}

/* The code the connection ended with: wsd's, the client's, the one lws
 * sent on its own (1007 bad UTF-8, 1002 protocol error), or 1006. */
static unsigned
close_code_of(ws_client_t *c)
{
    if (c->close_code != 0)
        return c->close_code;
    if (c->peer_close_code != 0)
        return c->peer_close_code;
    const unsigned char *p = lws_get_close_payload(c->wsi);
    if (p != NULL && lws_get_close_length(c->wsi) >= 2)
        return (unsigned)(p[0] << 8 | p[1]);
    return 1006;
}

void
ws_client_closed(ws_client_t *c)
{
    if (c->app == 0) /* never established */
        return;
    if (c->app == WS_APP_NOTIFICATIONS)
        ws_notify_closed(c);
    lws_sul_cancel(&c->auth_timer);
    lws_dll2_remove(&c->member);
    ws_outq_clear(&c->outq);
    message_drop(c);
    unsigned code = close_code_of(c);
    log_info("ws_close", "path=%s user=%lld code=%u in=%u out=%u duration=%.3f", app_path(c->app),
             c->user_id, code, c->msgs_in, c->msgs_out, clock_monotonic_s() - c->opened_at);
    free(c->email);
    c->email = NULL;
    c->app = 0;
}

ws_client_t *
ws_client_by_gen(lws_dll2_owner_t *list, uint64_t gen)
{
    lws_start_foreach_dll(struct lws_dll2 *, d, lws_dll2_get_head(list))
    {
        ws_client_t *c = lws_container_of(d, ws_client_t, member);
        if (c->gen == gen)
            return c;
    }
    lws_end_foreach_dll(d);
    return NULL;
}

static void
close_list(lws_dll2_owner_t *list, uint16_t code, const char *reason)
{
    lws_start_foreach_dll(struct lws_dll2 *, d, lws_dll2_get_head(list))
    {
        ws_client_close(lws_container_of(d, ws_client_t, member), code, reason);
    }
    lws_end_foreach_dll(d);
}

void
ws_client_close_all(uint16_t code, const char *reason)
{
    close_list(&wsd.ping_pong, code, reason);
    close_list(&wsd.notifications, code, reason);
}
