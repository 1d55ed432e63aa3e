/* The wsd protocol: the vhost's first (default) protocol, so a browser's
 * upgrade without Sec-WebSocket-Protocol lands on it. */
#ifndef WS_PROTOCOL_H
#define WS_PROTOCOL_H

#include <libwebsockets.h>

extern const struct lws_protocols ws_protocol;

#endif
