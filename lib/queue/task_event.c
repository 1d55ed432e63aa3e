/* Task state events in the state's own pipeline (task_event.h). */
#include "queue/task_event.h"

#include <stdio.h>

#include "events/events.h"

int
task_event_append(redisContext *c, const envelope_t *e, const char *state, const char *result_json,
                  const char *error)
{
    if (e->owner <= 0)
        return 0;
    char channel[EVENTS_CHANNEL_MAX];
    snprintf(channel, sizeof(channel), EVENTS_USER_CHANNEL_FMT, e->owner);
    buf_t json;
    buf_init(&json);
    events_task_json(&json, e->id, e->task, state, result_json, error);
    int n = 0;
    if (!json.failed) { /* out of memory: the event is lost, the state is not */
        redisAppendCommand(c, "PUBLISH %s %b", channel, json.data, json.len);
        n = 1;
    }
    buf_free(&json);
    return n;
}
