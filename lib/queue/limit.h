/* A cap on the tasks one user may have waiting or running, so that a user
 * who can trigger tasks cannot fill a queue (issue 11). */
#ifndef QUEUE_LIMIT_H
#define QUEUE_LIMIT_H

#include <stddef.h>

#include "queue/queue.h"

typedef struct {
    long long owner;     /* the user id the tasks count against */
    long max_unfinished; /* tasks of owner not yet ended that are allowed */
    long hold_s;         /* a task counts at most this long after its enqueue */
} queue_limit_t;

/* Enqueues task(args, kwargs) on the task's queue for limit->owner, unless
 * the owner already has max_unfinished tasks enqueued through here that
 * have not ended. A task ends when its state is SUCCESS, FAILURE or
 * REVOKED, when its state record is gone, or hold_s after its enqueue
 * (a purged queue), so a dead worker or a failed task never keeps a place
 * for good. The check and the reservation are one Lua script: concurrent
 * callers cannot both take the last place.
 * 1: enqueued, the id in id_out. 0: refused; *retry_after_s says when a
 * place is sure to be free at the latest. -1: Redis down or a bad call,
 * err says why. */
int queue_enqueue_limited(const queue_limit_t *limit, const char *task, const char *args_json,
                          const char *kwargs_json, char id_out[TASK_ID_LEN + 1],
                          long *retry_after_s, char *err, size_t errlen);

#endif
