/* The read side of the queue (queue.h's key layout) for Flower: workers,
 * queue depths, recent tasks, one task, revoke.
 *
 * Every function reads only the documented keys and survives whatever is
 * in them: a key of the wrong type reads as empty, a field that is not a
 * number reads as absent, an envelope that is not JSON is skipped. What it
 * read comes back as structs allocated from the caller's arena (strings
 * copied, json-c values owned by it), valid until its reset; Flower
 * prints them as JSON (json_views.c) and HTML (pages.c). On -1 Redis is
 * down, answered with an error or memory ran out; err says why. */
#ifndef QUEUE_INSPECT_H
#define QUEUE_INSPECT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"

enum {
    INSPECT_WORKERS_MAX = 1000, /* workers read from the ZSET */
    INSPECT_RECENT_MAX = 1000,  /* ids read from tasks:recent */
    INSPECT_TASK_ID_MAX = 128,  /* longer ids are unknown, not looked up */
};

/* A numeric field: set when it held a plain, finite decimal number. */
typedef struct {
    bool set;
    double v;
} inspect_num_t;

/* A field holding JSON text (args, kwargs, result). */
typedef struct {
    bool parsed;       /* json is the value (NULL for a JSON null); numbers in it are finite */
    json_object *json; /* owned by the arena */
    str_t text;        /* when !parsed: the text as stored; p NULL: absent */
} inspect_value_t;

/* Text fields (str_t) have p NULL when absent. In task lists, text past
 * a limit is cut and ends with an ellipsis (U+2026), and so is a JSON
 * field, which then reads as text. Text is the bytes Redis holds: it may
 * be invalid UTF-8. */

/* One worker. alive: a heartbeat within WORKER_HEARTBEAT_TIMEOUT seconds,
 * the setting the workers' reaper goes by. current: the task it runs,
 * i.e. the envelope in processing:<id> whose task:<id> is STARTED by this
 * worker (NULL when idle); current_started_at is that task's started_at. */
typedef struct {
    str_t id, host;
    inspect_num_t pid, started_at, processed, failed;
    json_object *queues; /* an array: the JSON array stored, else the comma-separated names */
    bool has_heartbeat;  /* else the three below are meaningless */
    long long last_heartbeat, heartbeat_age_ms;
    bool alive;
    const char *current;
    bool has_current_started_at;
    long long current_started_at;
} inspect_worker_t;

typedef struct {
    inspect_worker_t *items; /* sorted by id */
    size_t len;
} inspect_workers_t;

int inspect_workers(arena_t *a, inspect_workers_t *out, char *err, size_t errlen);

/* Depths of one queue. queued: LLEN queue:<q>; active: envelopes of q in
 * a processing list that its worker runs (as "current" above); reserved:
 * the other envelopes of q in processing lists (taken, not started yet).
 * Only the processing lists of workers in the workers ZSET are read. */
typedef struct {
    const char *name;
    long long queued, reserved, active;
} inspect_queue_t;

typedef struct {
    inspect_queue_t *items; /* in the order asked */
    size_t len;
    long long delayed, dead; /* ZCARD delayed, LLEN dead */
} inspect_queues_t;

int inspect_queues(arena_t *a, const char *const *queues, size_t n, inspect_queues_t *out,
                   char *err, size_t errlen);

/* One task:<id> hash. revoked: in the revoked set, -1 when not asked. */
typedef struct {
    str_t id, state, task, queue, worker, error;
    inspect_num_t owner, retries, enqueued_at, started_at, finished_at, runtime_ms;
    inspect_value_t args, kwargs, result;
    int revoked;
} inspect_task_t;

/* A page of tasks:recent, newest first, skipping ids whose task:<id>
 * expired and duplicate ids; state_filter (NULL: all) keeps one state.
 * more: a next page exists. */
typedef struct {
    inspect_task_t *items;
    size_t len;
    long limit, offset;
    bool more;
} inspect_tasks_t;

int inspect_recent_tasks(arena_t *a, long limit, long offset, const char *state_filter,
                         inspect_tasks_t *out, char *err, size_t errlen);

/* One task, with revoked asked: 1 found, 0 not, -1 error. */
int inspect_task(arena_t *a, const char *id, inspect_task_t *out, char *err, size_t errlen);

/* Adds id to revoked and, atomically, turns a PENDING task (queued, not
 * started) into REVOKED; a running task is left to the worker. 1 revoked,
 * 0 unknown id (nothing written), -1 error. */
int inspect_revoke(const char *id, char *err, size_t errlen);

/* PENDING, STARTED, RETRY, SUCCESS, FAILURE and REVOKED, in that order. */
enum { INSPECT_STATES = 6 };
extern const char *const inspect_states[INSPECT_STATES];

/* True for one of inspect_states. */
bool inspect_state_valid(const char *state);

#endif
