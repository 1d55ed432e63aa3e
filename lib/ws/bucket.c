/* The per-connection message rate limit (bucket.h). */
#include "ws/bucket.h"

bool
ws_bucket_take(ws_bucket_t *b, double now, double rate, double burst)
{
    double tokens = b->last == 0 ? burst : b->tokens + (now - b->last) * rate;
    if (tokens > burst)
        tokens = burst;
    b->last = now;
    if (tokens < 1) {
        b->tokens = (float)tokens;
        return false;
    }
    b->tokens = (float)(tokens - 1);
    return true;
}
