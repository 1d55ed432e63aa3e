/* Seconds on the monotonic clock: for timeouts, ages and intervals, never
 * for dates (it does not jump when the wall clock is set). */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

double clock_monotonic_s(void);

/* Milliseconds since the epoch, with a fraction: for times a client
 * compares with its own clock (the ping-pong's server times). */
double clock_epoch_ms(void);

#endif
