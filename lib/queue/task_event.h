/* A task's state change for /ws/notifications/ (events/events.h), as one
 * more command in the pipeline that writes the state to task:<id>: put
 * right after that HSET, a client that gets the event and then reads the
 * task over HTTP sees the same state. */
#ifndef QUEUE_TASK_EVENT_H
#define QUEUE_TASK_EVENT_H

#include <hiredis/hiredis.h>

#include "queue/queue.h"

/* Appends PUBLISH ws:user:<owner> {"type":"task",...} on c, without
 * reading its reply. result_json (raw JSON, SUCCESS) and error (RETRY,
 * FAILURE) may be NULL. Returns the number of commands appended: 0 for a
 * task nobody owns (owner 0), else 1; the caller reads that many more
 * replies. */
int task_event_append(redisContext *c, const envelope_t *e, const char *state,
                      const char *result_json, const char *error);

#endif
