/* wsd's outgoing queue: bounds, shared references, overflow. */
#include "ws/outq.h"

#include <string.h>

#include "tap.h"

static void
test_msg_refs(void)
{
    ws_msg_t *m = ws_msg_new("hello", 5);
    ok(m != NULL && m->refs == 1 && m->len == 5, "a new message has one reference");
    ok(memcmp(ws_msg_payload(m), "hello", 6) == 0, "its payload follows the headroom, NUL-ended");
    ok(ws_msg_payload(m) - (unsigned char *)m >= (long)(sizeof(*m) + WS_MSG_PRE) - 1,
       "WS_MSG_PRE bytes of headroom precede the payload");
    ws_msg_ref(m);
    is_int(m->refs, 2, "ref adds one");
    ws_msg_unref(m);
    is_int(m->refs, 1, "unref takes one");
    ws_msg_unref(m); /* freed: ASan would report a leak otherwise */
    ws_msg_unref(NULL);
    ok(1, "unref of NULL is harmless");
}

static void
test_fifo_and_bound(void)
{
    ws_outq_t q = {0};
    ws_msg_t *a = ws_msg_new("a", 1), *b = ws_msg_new("b", 1);
    ok(ws_outq_peek(&q) == NULL && q.ring == NULL, "an empty queue holds no storage");
    is_int(ws_outq_push(&q, a, 3), WS_OUTQ_OK, "push 1 of 3");
    is_int(ws_outq_push(&q, b, 3), WS_OUTQ_OK, "push 2 of 3");
    is_int(ws_outq_push(&q, a, 3), WS_OUTQ_OK, "push 3 of 3 (the same message again)");
    is_int(a->refs, 3, "the queue holds a reference per entry");
    is_int(ws_outq_push(&q, b, 3), WS_OUTQ_FULL, "push 4 of 3 is refused");
    is_int(b->refs, 2, "a refused push takes no reference");
    ok(q.cap <= 3, "the ring never grows past the bound (cap %u)", q.cap);
    ok(ws_outq_peek(&q) == a, "oldest first");
    ws_outq_pop(&q);
    ok(ws_outq_peek(&q) == b, "then the second");
    is_int(ws_outq_push(&q, b, 3), WS_OUTQ_OK, "room again after a pop (wraps around)");
    ws_outq_pop(&q);
    ok(ws_outq_peek(&q) == a, "order kept across the wrap");
    ws_outq_pop(&q);
    ok(ws_outq_peek(&q) == b, "last one");
    ws_outq_pop(&q);
    ok(ws_outq_peek(&q) == NULL && q.ring == NULL && q.count == 0,
       "an emptied queue frees its storage");
    is_int(a->refs, 1, "every queue reference of a was dropped");
    is_int(b->refs, 1, "every queue reference of b was dropped");
    ws_outq_pop(&q);
    ok(q.count == 0, "pop on an empty queue is harmless");
    ws_msg_unref(a);
    ws_msg_unref(b);
}

static void
test_growth_and_clear(void)
{
    ws_outq_t q = {0};
    ws_msg_t *m = ws_msg_new("x", 1);
    int pushed = 0;
    while (ws_outq_push(&q, m, 256) == WS_OUTQ_OK)
        pushed++;
    is_int(pushed, 256, "exactly WS_QUEUE_MAX messages fit");
    is_int(q.cap, 256, "the ring grew to the bound and no further");
    is_int(m->refs, 257, "one reference per queued copy, one for the caller");
    for (int i = 0; i < 100; i++)
        ws_outq_pop(&q);
    for (int i = 0; i < 50; i++)
        ws_outq_push(&q, m, 256);
    is_int(q.count, 206, "pops and pushes keep the count");
    ws_outq_clear(&q);
    ok(q.count == 0 && q.ring == NULL, "clear empties and frees");
    is_int(m->refs, 1, "clear drops every reference");
    ws_msg_unref(m);
}

int
main(void)
{
    test_msg_refs();
    test_fifo_and_bound();
    test_growth_and_clear();
    return done_testing();
}
