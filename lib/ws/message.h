/* The JSON texts of wsd's two endpoints, apart from any socket: parsing a
 * client's message and building what is published and sent. */
#ifndef WS_MESSAGE_H
#define WS_MESSAGE_H

#include <json-c/json.h>
#include <stddef.h>

#include "core/buf.h"

/* A client message parsed as one JSON object (nothing after it, depth
 * bounded by json-c's default of 32), or NULL. The caller puts it. */
json_object *ws_json_object_parse(const char *text, size_t len);

/* A ping-pong message reduced to what the published JSON needs:
 * `{"message":M,"sender":S,"user":U,` in head, ts's JSON text in ts. */
typedef struct {
    buf_t head;
    buf_t ts;
} ws_ping_t;

/* Checks that text is an object with `message` (any JSON value), `ts` (a
 * number) and `sender` (any JSON value), no number in them NaN or infinite
 * (they would go out as invalid JSON), and fills p (user: the caller's
 * email, NULL: null). -1 when it is not such a message (p is then empty). */
int ws_ping_parse(ws_ping_t *p, const char *text, size_t len, const char *user);
void ws_ping_free(ws_ping_t *p);

/* What goes on ws:group:ping-pong: the message with cached_value and
 * server_recv_ping (ms since the epoch), vue_ping last. */
void ws_ping_published(buf_t *out, const ws_ping_t *p, long long cached_value, double recv_ms);

/* What each member receives: the published JSON with
 * "server_send_pong":send_ms inserted before "vue_ping". -1 when msg is not
 * the shape ws_ping_published makes. */
int ws_pong_build(buf_t *out, const char *msg, size_t len, double send_ms);

/* {"type":"error","detail":...} and {"type":"auth","ok":true,"user_id":N}. */
void ws_error_json(buf_t *out, const char *detail);
void ws_auth_ok_json(buf_t *out, long long user_id);

#endif
