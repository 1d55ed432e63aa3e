/* A client's outgoing queue: a bounded FIFO of reference-counted messages.
 * A group message is built once and the same bytes are queued to every
 * member (one reference each), so fan-out to a thousand clients costs a
 * thousand pointers, not a thousand copies. The queue's storage grows on
 * demand and is freed when it empties: an idle client holds none. */
#ifndef WS_OUTQ_H
#define WS_OUTQ_H

#include <stddef.h>
#include <stdint.h>

/* Headroom lws_write needs before the payload (LWS_PRE in libwebsockets.h,
 * checked there by a static assertion in client.c). */
enum { WS_MSG_PRE = 16 };

typedef struct {
    uint32_t refs;
    size_t len;
    unsigned char data[]; /* WS_MSG_PRE bytes of headroom, then len bytes */
} ws_msg_t;

/* A message holding a copy of text, with one reference (the caller's);
 * NULL when out of memory. */
ws_msg_t *ws_msg_new(const char *text, size_t len);
ws_msg_t *ws_msg_ref(ws_msg_t *m);
void ws_msg_unref(ws_msg_t *m); /* frees at the last reference; NULL is fine */
static inline unsigned char *
ws_msg_payload(ws_msg_t *m)
{
    return m->data + WS_MSG_PRE;
}

typedef struct {
    ws_msg_t **ring;
    uint32_t cap, head, count;
} ws_outq_t;

typedef enum { WS_OUTQ_OK = 0, WS_OUTQ_FULL = -1, WS_OUTQ_NOMEM = -2 } ws_outq_rc_t;

/* Appends m with a reference of its own, unless the queue already holds
 * max messages (WS_OUTQ_FULL) or cannot grow (WS_OUTQ_NOMEM); m is then
 * untouched. */
ws_outq_rc_t ws_outq_push(ws_outq_t *q, ws_msg_t *m, uint32_t max);

/* The oldest message (borrowed), or NULL when empty. */
ws_msg_t *ws_outq_peek(const ws_outq_t *q);

/* Drops the oldest message's reference; frees the ring once empty. */
void ws_outq_pop(ws_outq_t *q);

/* Drops every reference and the ring. */
void ws_outq_clear(ws_outq_t *q);

#endif
