/* Seconds on the monotonic clock: for timeouts, ages and intervals, never
 * for dates (it does not jump when the wall clock is set). */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

double clock_monotonic_s(void);

#endif
