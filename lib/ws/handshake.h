/* The opening handshake: which endpoint, and whether this request may
 * become a websocket (path, upgrade, Host, Origin, the connection cap), in
 * that order. A refusal is an HTTP status with a JSON body
 * {"detail": "..."}, written here.
 *
 * What lws 4.1 decides before any of this, with no hook to change it: a
 * malformed %-escape in the URI (query string included) and an Upgrade
 * other than websocket get its own 403 text/html (HTTP/1.0); headers
 * beyond max_http_header_data drop the connection. It lets through what RFC 6455
 * refuses (a bad Sec-WebSocket-Key, a version other than 13: checked here)
 * and unmasked client frames (invisible to its API: not checked). */
#ifndef WS_HANDSHAKE_H
#define WS_HANDSHAKE_H

#include "ws/wsd.h"

/* The endpoint of the request's path (the query string is not part of
 * it), or 0 when there is none. */
ws_app_t ws_handshake_app(struct lws *wsi);

/* LWS_CALLBACK_HTTP: a request that is not an upgrade: 404 off the two
 * paths, 426 on them. Returns what the callback returns. */
int ws_handshake_plain_http(struct lws *wsi);

/* LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: 0 to accept, or non-zero with
 * the refusal written (404, 400 bad Host, 403 bad Origin, 503 full). */
int ws_handshake_filter(struct lws *wsi);

/* ESTABLISHED: the identity nginx put in X-Ws-User-Id / X-Ws-User-Email
 * into c (user_id, email). A malformed value reads as anonymous. */
void ws_handshake_identity(struct lws *wsi, ws_client_t *c);

#endif
