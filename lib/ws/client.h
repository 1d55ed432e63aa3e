/* A client connection's life on the wsd protocol: opening, assembling its
 * messages under the size and rate limits, the outgoing queue drained one
 * message per WRITEABLE callback, closing with a code, and the log lines. */
#ifndef WS_CLIENT_H
#define WS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "ws/wsd.h"

/* ESTABLISHED: c (zeroed by lws, identity already read) joins app's list. */
void ws_client_open(ws_client_t *c, struct lws *wsi, ws_app_t app);

/* RECEIVE: one piece of a frame. A complete message goes to its app;
 * limits close the client (1008, 1009). */
void ws_client_receive(ws_client_t *c, const char *in, size_t len);

/* Queues m (another reference); a full queue closes the client with 1013. */
void ws_client_send(ws_client_t *c, ws_msg_t *m);
/* Queues a copy of json's text. */
void ws_client_send_json(ws_client_t *c, const buf_t *json);
/* Queues {"type":"error","detail":detail}. */
void ws_client_error(ws_client_t *c, const char *detail);

/* Drops what is queued and closes with code and reason (a static string) at
 * the next WRITEABLE. The first code wins. */
void ws_client_close(ws_client_t *c, uint16_t code, const char *reason);

/* SERVER_WRITEABLE: sends one queued message, or the close. -1: lws closes. */
int ws_client_writeable(ws_client_t *c);

/* CLOSED: leaves its list, frees what it holds, logs ws_close. */
void ws_client_closed(ws_client_t *c);

/* The open client of list with generation gen, or NULL (it left). */
ws_client_t *ws_client_by_gen(lws_dll2_owner_t *list, uint64_t gen);

/* Every client of both lists, for drain. */
void ws_client_close_all(uint16_t code, const char *reason);

#endif
