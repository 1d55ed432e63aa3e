/* The two endpoints on top of a client (client.h): /ws/ping-pong/
 * (pingpong.c) and /ws/notifications/ (notify.c). */
#ifndef WS_APPS_H
#define WS_APPS_H

#include <stdbool.h>
#include <stddef.h>

#include "ws/wsd.h"

/* A complete client message (binary: the first frame was binary). */
void ws_ping_pong_message(ws_client_t *c, const char *text, size_t len, bool binary);
/* A message published on ws:group:ping-pong: to every local member. */
void ws_ping_pong_deliver(const char *msg, size_t len);
/* INCRBY replies still to come. */
long ws_ping_pong_pending(void);

void ws_notify_open(ws_client_t *c);
void ws_notify_message(ws_client_t *c, const char *text, size_t len, bool binary);
void ws_notify_closed(ws_client_t *c);
/* A message on ws:user:<user_id>: verbatim to that user's sockets. */
void ws_notify_deliver(long long user_id, const char *msg, size_t len);
/* Redis confirmed ws:user:<user_id>: the auth acknowledgements go out. */
void ws_notify_subscribed(long long user_id);

#endif
