/* Background work on Redis lists (what Celery did), at least once.
 *
 * Redis keys (every program and worker-ctl uses only these):
 *   queue:<name>          LIST   envelopes waiting; LPUSH in, taken from the right (FIFO)
 *   processing:<worker>   LIST   the envelope a worker process is running (BLMOVE target)
 *   workers               ZSET   worker id -> last heartbeat, unix ms
 *   worker:<id>           HASH   host, pid, queues, started_at, processed, failed
 *                                (the task a worker runs is the envelope in its
 *                                processing list whose task:<id> is STARTED by it)
 *   delayed               ZSET   envelope -> due time, unix ms (eta and retry backoff)
 *   dead                  LIST   envelopes that failed for good, with "error" added
 *   task:<id>             HASH   state, task, args, kwargs, queue, owner, retries,
 *                                enqueued_at, started_at, finished_at, runtime_ms,
 *                                worker, result (JSON), error; expires RESULT_TTL s
 *   tasks:recent          LIST   newest task ids first, trimmed to 1000
 *   revoked               SET    task ids not to run
 *   beat:lock             STRING the worker id that runs the schedule, with a TTL
 *   unfinished:<owner>    ZSET   task id -> enqueued_at, the user's tasks that count
 *                                against USER_TASKS_MAX_UNFINISHED (limit.c)
 *
 * A worker id is "<hostname>:<pid>:<8 random chars>". Times are unix
 * milliseconds unless named _s. States: PENDING, STARTED, RETRY, SUCCESS,
 * FAILURE, REVOKED. */
#ifndef QUEUE_QUEUE_H
#define QUEUE_QUEUE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/str.h"

enum {
    TASK_ID_LEN = 36, /* a UUID4, as Celery's */
    QUEUE_NAME_MAX = 64,
    TASK_NAME_MAX = 128,
    ENVELOPE_MAX = 1 << 20, /* args and kwargs together, JSON */
};

typedef struct {
    char id[TASK_ID_LEN + 1];
    char task[TASK_NAME_MAX + 1];
    char queue[QUEUE_NAME_MAX + 1];
    json_object *args;   /* array, owned by the envelope */
    json_object *kwargs; /* object, owned by the envelope */
    int retries;
    int max_retries;
    int deferrals;         /* times it waited for a dependency (task_defer), at most 1000 */
    long long eta_ms;      /* 0: now */
    long long enqueued_at; /* ms */
    long long owner;       /* user id that asked for it, 0 for the system */
} envelope_t;

/* Parses an envelope; on failure *why says what is wrong (for the dead
 * letter). The caller frees with envelope_free. */
int envelope_parse(str_t json, envelope_t *out, const char **why);
void envelope_free(envelope_t *e);
/* Prints the envelope as JSON into out. */
void envelope_print(const envelope_t *e, buf_t *out);

/* Enqueues task(args, kwargs) on queue (NULL: the task's default queue, or
 * "default"). args/kwargs are JSON text (NULL: [] and {}); they must parse
 * as an array and an object. eta_ms 0 means now. Records state PENDING.
 * Writes the new id into id_out. 0, or -1 with a one-line reason in err. */
int queue_enqueue(const char *task, const char *args_json, const char *kwargs_json,
                  const char *queue, long long owner, long long eta_ms,
                  char id_out[TASK_ID_LEN + 1], char *err, size_t errlen);

/* A new task id (a UUID4): 0, or -1 when the random generator fails. */
int queue_new_id(char out[TASK_ID_LEN + 1]);

/* queue_enqueue with an id the caller made with queue_new_id. */
int queue_enqueue_id(const char *id, const char *task, const char *args_json,
                     const char *kwargs_json, const char *queue, long long owner, long long eta_ms,
                     char *err, size_t errlen);

/* Enqueues `count` copies of the same call, pipelined (benchmarks, bulk
 * loads); prints how many to out. 0, or -1 with err. */
int queue_enqueue_many(const char *task, const char *args_json, const char *kwargs_json,
                       const char *queue, long count, FILE *out, bool json, char *err,
                       size_t errlen);

/* The task's state for GET /api/tasks/<id>/ and Flower: 1 found (fields
 * printed as a JSON object into out), 0 unknown, -1 Redis down. *owner
 * gets the owner so callers can check access. */
int queue_task_json(const char *id, buf_t *out, long long *owner, char *err, size_t errlen);

/* Unix time in milliseconds. */
long long queue_now_ms(void);

/* Queue names from the settings (CELERY_QUEUE_DEFAULT, CELERY_QUEUE_OTHER). */
const char *queue_default_name(void);
const char *queue_other_name(void);

#endif
