/* wsd's per-connection token bucket (the message rate limit), at fixed
 * instants. */
#include "ws/bucket.h"

#include "tap.h"

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
    test_bucket();
    return done_testing();
}
