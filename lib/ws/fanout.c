/* What the channel layer delivers goes to the endpoint that owns the
 * channel: ws:group:ping-pong to ping-pong, ws:user:<id> to notifications. */
#include "ws/fanout.h"

#include <string.h>

#include "core/str.h"
#include "events/events.h"
#include "ws/apps.h"
#include "ws/identity.h"

/* The id of a "ws:user:<id>" channel, or 0. */
static long long
user_of(const char *channel, size_t len)
{
    size_t plen = sizeof(EVENTS_USER_CHANNEL_PREFIX) - 1;
    if (len <= plen || memcmp(channel, EVENTS_USER_CHANNEL_PREFIX, plen) != 0)
        return 0;
    long long id = ws_user_id_parse((str_t){channel + plen, len - plen});
    return id > 0 ? id : 0;
}

void
ws_fanout_deliver(void *ctx, const char *channel, size_t channel_len, const char *msg, size_t len)
{
    (void)ctx;
    long long user_id;
    if (channel_len == strlen(EVENTS_PING_PONG_CHANNEL) &&
        memcmp(channel, EVENTS_PING_PONG_CHANNEL, channel_len) == 0)
        ws_ping_pong_deliver(msg, len);
    else if ((user_id = user_of(channel, channel_len)) > 0)
        ws_notify_deliver(user_id, msg, len);
}

void
ws_fanout_subscribed(void *ctx, const char *channel)
{
    (void)ctx;
    long long user_id = user_of(channel, strlen(channel));
    if (user_id > 0)
        ws_notify_subscribed(user_id);
}
