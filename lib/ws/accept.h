/* Accepting clients on the listening socket every wsd process shares (the
 * master bound it; lws binds nothing): it is adopted into the loop as a raw
 * descriptor, and on readiness this process accept4()s what it can and
 * hands each socket to lws as if its own listener had accepted it. */
#ifndef WS_ACCEPT_H
#define WS_ACCEPT_H

#include <libwebsockets.h>

/* Goes into the vhost's protocol list: the listener is adopted under it. */
extern const struct lws_protocols ws_listen_protocol;

/* Adopts wsd.listen_fd into wsd.vhost's loop. 0, or -1. */
int ws_accept_start(void);

/* Stops accepting (drain): the listener leaves the loop. */
void ws_accept_stop(void);

#endif
