/* Queue depth as the ECS scaling policy reads it: for each queue, queued
 * (LLEN) + reserved and active (envelopes in processing lists). Published
 * to CloudWatch (namespace FULL_APP_NAME, metric = queue name) when AWS
 * credentials are configured, to the log otherwise. */
#ifndef QUEUE_METRICS_H
#define QUEUE_METRICS_H

#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* totals[i] for queues[i]; 0, or -1 when Redis is down. */
int metrics_collect(const char *const *queues, size_t n, long *totals);

/* The sum over queues; -1 when Redis is down. */
long metrics_backlog(const char *const *queues, size_t n);

/* Collects the default and other queues and publishes them; prints
 * {"default": n, "other": m} into json (may be NULL). 0, or -1 with err. */
int metrics_publish(buf_t *json, char *err, size_t errlen);

/* Publishes every METRICS_INTERVAL seconds, and at once when work arrives
 * at an idle queue, until *stop is set (by a signal handler): the
 * publisher that runs beside the web programs so the worker service can
 * scale from zero. Before each publication it moves due delayed tasks
 * (retries) back to their queues, which no worker does at zero. A failed
 * publication is logged and retried on the next turn. Returns 0 when
 * stopped. */
int metrics_watch(volatile sig_atomic_t *stop);

/* A subscription to queue:wake, the channel enqueue publishes on when work
 * arrives at an idle queue. */
typedef struct {
    redisContext *sub;
} wake_t;

void wake_open(wake_t *w);
/* Waits up to ms for a wake-up; 1 when one came, 0 otherwise. Reconnects
 * quietly when Redis went away. */
int wake_wait(wake_t *w, int ms);
void wake_close(wake_t *w);

#endif
