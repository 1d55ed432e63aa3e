/* wsd's outgoing queue (bounds, shared references, overflow) and its
 * per-connection token bucket, at fixed instants. */
#include "ws/bucket.h"
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

static void
test_bucket(void)
{
    ws_bucket_t b = {0};
    int taken = 0;
    while (ws_bucket_take(&b, 100.0, 20, 40))
        taken++;
    is_int(taken, 40, "a fresh bucket allows the burst at one instant");
    ok(!ws_bucket_take(&b, 100.0, 20, 40), "then nothing at the same instant");
    ok(!ws_bucket_take(&b, 100.04, 20, 40), "0.04 s later: 0.8 token, still nothing");
    ok(ws_bucket_take(&b, 100.06, 20, 40), "0.06 s later: one token came back");
    ok(!ws_bucket_take(&b, 100.06, 20, 40), "and only one");
    taken = 0;
    for (int i = 0; i < 100; i++)
        taken += ws_bucket_take(&b, 200.0 + i * 0.05, 20, 40);
    is_int(taken, 100, "a steady 20 messages a second is never refused");
    taken = 0;
    while (ws_bucket_take(&b, 1000.0, 20, 40))
        taken++;
    is_int(taken, 40, "a long pause refills only up to the burst");
    taken = 0;
    for (int i = 0; i < 100; i++)
        taken += ws_bucket_take(&b, 1000.0 + i * 0.025, 20, 40);
    ok(taken >= 49 && taken <= 51, "at 40 a second about half pass (%d of 100)", taken);
}

int
main(void)
{
    test_msg_refs();
    test_fifo_and_bound();
    test_growth_and_clear();
    test_bucket();
    return done_testing();
}
