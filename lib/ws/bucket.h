/* A token bucket per connection: WS_MESSAGES_PER_SECOND tokens a second up
 * to WS_MESSAGE_BURST; every client message takes one. */
#ifndef WS_BUCKET_H
#define WS_BUCKET_H

#include <stdbool.h>

typedef struct {
    float tokens;
    double last; /* seconds (monotonic) of the last refill; 0: never used */
} ws_bucket_t;

/* Refills for the time since the last call, then takes one token: false
 * when none was left (the message exceeds the rate). now is injected so
 * tests run at fixed instants. */
bool ws_bucket_take(ws_bucket_t *b, double now, double rate, double burst);

#endif
