/* The bounded outgoing queue (outq.h). */
#include "ws/outq.h"

#include <stdlib.h>
#include <string.h>

ws_msg_t *
ws_msg_new(const char *text, size_t len)
{
    ws_msg_t *m = malloc(sizeof(*m) + WS_MSG_PRE + len + 1);
    if (m == NULL)
        return NULL;
    m->refs = 1;
    m->len = len;
    memcpy(ws_msg_payload(m), text, len);
    ws_msg_payload(m)[len] = '\0';
    return m;
}

ws_msg_t *
ws_msg_ref(ws_msg_t *m)
{
    m->refs++;
    return m;
}

void
ws_msg_unref(ws_msg_t *m)
{
    if (m != NULL && --m->refs == 0)
        free(m);
}

/* Doubles the ring (4 slots at first, never past max), keeping order. */
static int
outq_grow(ws_outq_t *q, uint32_t max)
{
    uint32_t cap = q->cap == 0 ? 4 : q->cap * 2;
    if (cap > max)
        cap = max;
    ws_msg_t **ring = malloc(sizeof(*ring) * cap);
    if (ring == NULL)
        return -1;
    for (uint32_t i = 0; i < q->count; i++)
        ring[i] = q->ring[(q->head + i) % q->cap];
    free(q->ring);
    q->ring = ring;
    q->cap = cap;
    q->head = 0;
    return 0;
}

ws_outq_rc_t
ws_outq_push(ws_outq_t *q, ws_msg_t *m, uint32_t max)
{
    if (q->count >= max)
        return WS_OUTQ_FULL;
    if (q->count == q->cap && outq_grow(q, max) != 0)
        return WS_OUTQ_NOMEM;
    q->ring[(q->head + q->count) % q->cap] = ws_msg_ref(m);
    q->count++;
    return WS_OUTQ_OK;
}

ws_msg_t *
ws_outq_peek(const ws_outq_t *q)
{
    return q->count == 0 ? NULL : q->ring[q->head];
}

void
ws_outq_pop(ws_outq_t *q)
{
    if (q->count == 0)
        return;
    ws_msg_unref(q->ring[q->head]);
    q->head = (q->head + 1) % q->cap;
    if (--q->count == 0) {
        free(q->ring);
        *q = (ws_outq_t){0};
    }
}

void
ws_outq_clear(ws_outq_t *q)
{
    while (q->count > 0)
        ws_outq_pop(q);
}
