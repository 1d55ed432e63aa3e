/* /ws/notifications/: a user's own events. Authenticated by nginx's
 * identity headers at once, or by a first message {"type":"auth","token"}
 * within WS_AUTH_TIMEOUT; then ws:user:<id> is subscribed (counted across
 * the user's sockets) and the auth acknowledgement goes out only once
 * Redis confirmed it, so a client that saw it misses no event. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/token.h"
#include "core/json.h"
#include "core/log.h"
#include "core/settings.h"
#include "events/events.h"
#include "ws/apps.h"
#include "ws/channel.h"
#include "ws/client.h"
#include "ws/message.h"

static void
user_channel(char *out, size_t len, long long user_id)
{
    snprintf(out, len, EVENTS_USER_CHANNEL_FMT, user_id);
}

static void
acknowledge(ws_client_t *c)
{
    buf_t b;
    buf_init(&b);
    ws_auth_ok_json(&b, c->user_id);
    ws_client_send_json(c, &b);
    buf_free(&b);
    c->ack_sent = true;
}

static void
authenticated(ws_client_t *c)
{
    char channel[EVENTS_CHANNEL_MAX];
    c->authed = true;
    lws_sul_cancel(&c->auth_timer);
    user_channel(channel, sizeof(channel), c->user_id);
    int rc = channel_subscribe(channel);
    if (rc < 0) {
        c->authed = false; /* nothing to unsubscribe */
        ws_client_close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "cannot subscribe");
    } else if (rc == 1) {
        acknowledge(c);
    }
}

static void
auth_timed_out(lws_sorted_usec_list_t *sul)
{
    ws_client_t *c = lws_container_of(sul, ws_client_t, auth_timer);
    if (!c->authed)
        ws_client_close(c, WS_CLOSE_UNAUTHORIZED, "authentication required");
}

void
ws_notify_open(ws_client_t *c)
{
    if (c->user_id > 0)
        authenticated(c);
    else
        lws_sul_schedule(wsd.context, 0, &c->auth_timer, auth_timed_out,
                         settings.ws.auth_timeout * LWS_US_PER_SEC);
}

/* The user id of a {"type":"auth","token":...} message with a valid
 * access token; 0 when it is an auth message with a bad token, -1 when it
 * is not an auth message at all. */
static long long
auth_message_user(const char *text, size_t len)
{
    json_object *obj = ws_json_object_parse(text, len);
    size_t token_len;
    const char *type = json_get_str(obj, "type", NULL);
    const char *token = json_get_str(obj, "token", &token_len);
    long long user_id = -1;
    token_claims_t claims;
    if (type != NULL && strcmp(type, "auth") == 0 && token != NULL)
        user_id =
            token_verify((str_t){token, token_len}, TOKEN_ACCESS, time(NULL), settings.secret_key,
                         strlen(settings.secret_key), &claims) == TOKEN_OK &&
                    claims.user_id > 0
                ? claims.user_id
                : 0;
    json_object_put(obj);
    return user_id;
}

void
ws_notify_message(ws_client_t *c, const char *text, size_t len, bool binary)
{
    if (c->authed) {
        ws_client_error(c, "this socket only sends events");
        return;
    }
    long long user_id = binary ? -1 : auth_message_user(text, len);
    if (user_id <= 0) {
        ws_client_close(c, WS_CLOSE_UNAUTHORIZED,
                        user_id == 0 ? "invalid or expired token" : "authentication required");
        return;
    }
    c->user_id = user_id;
    authenticated(c);
}

void
ws_notify_closed(ws_client_t *c)
{
    char channel[EVENTS_CHANNEL_MAX];
    if (!c->authed)
        return;
    user_channel(channel, sizeof(channel), c->user_id);
    channel_unsubscribe(channel);
}

void
ws_notify_subscribed(long long user_id)
{
    lws_start_foreach_dll(struct lws_dll2 *, d, lws_dll2_get_head(&wsd.notifications))
    {
        ws_client_t *c = lws_container_of(d, ws_client_t, member);
        /* Again after a reconnect to Redis: events published while the
         * subscription was gone are lost, and a second ack tells the
         * client to read the state over HTTP once. */
        if (c->authed && c->user_id == user_id)
            acknowledge(c);
    }
    lws_end_foreach_dll(d);
}

void
ws_notify_deliver(long long user_id, const char *msg, size_t len)
{
    ws_msg_t *m = NULL;
    lws_start_foreach_dll(struct lws_dll2 *, d, lws_dll2_get_head(&wsd.notifications))
    {
        ws_client_t *c = lws_container_of(d, ws_client_t, member);
        if (c->ack_sent && c->user_id == user_id) {
            if (m == NULL && (m = ws_msg_new(msg, len)) == NULL) {
                log_error("ws_notify", "out of memory: an event dropped");
                return;
            }
            ws_client_send(c, m);
        }
    }
    lws_end_foreach_dll(d);
    ws_msg_unref(m);
}
