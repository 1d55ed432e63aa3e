/* The channel layer's callbacks (channel.h): messages and confirmations
 * to the endpoint that owns the channel. */
#ifndef WS_FANOUT_H
#define WS_FANOUT_H

#include <stddef.h>

void ws_fanout_deliver(void *ctx, const char *channel, size_t channel_len, const char *msg,
                       size_t len);
void ws_fanout_subscribed(void *ctx, const char *channel);

#endif
