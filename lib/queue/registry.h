/* The task registry: each app's tasks.c registers its tasks by name; the
 * worker looks them up, enqueue checks the name exists. */
#ifndef QUEUE_REGISTRY_H
#define QUEUE_REGISTRY_H

#include <stddef.h>

#include "core/buf.h"
#include "queue/queue.h"

typedef struct {
    const envelope_t *envelope;
    buf_t *result; /* JSON printed by the task; empty means null */
    char error[512];
} task_ctx_t;

/* What a task returns: TASK_DONE (success); TASK_FAILED (task_fail: ctx->error
 * set, retried with backoff up to max_retries, then dead-lettered); or
 * TASK_DEFERRED (task_defer: a dependency such as PostgreSQL or Redis is
 * unavailable; the task runs again later, waiting longer each time up to
 * 30 s, without using a retry, for as long as the outage lasts). */
enum { TASK_DONE = 0, TASK_FAILED = -1, TASK_DEFERRED = -2 };
typedef int (*task_fn)(task_ctx_t *ctx);

/* The task's argument `name` from its kwargs, else its args[pos]; NULL when
 * absent. It belongs to the envelope. */
json_object *task_argument(const envelope_t *e, const char *name, size_t pos);

/* Sets ctx->error (truncated to fit) and returns -1, so a task fails with
 * `return task_fail(ctx, "...", ...);`. No argument may point into
 * ctx->error itself. */
int task_fail(task_ctx_t *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets ctx->error as task_fail does and returns TASK_DEFERRED:
 * `return task_defer(ctx, "database unavailable: %s", why);`. Only for a
 * dependency that is away (it will come back), never for bad input. */
#define task_defer(ctx, ...) (task_fail((ctx), __VA_ARGS__), TASK_DEFERRED)

typedef struct {
    const char *name;
    task_fn run;
    const char *queue; /* NULL: the default queue */
    int max_retries;   /* -1: TASK_MAX_RETRIES */
} task_def_t;

/* Returns -1 when the registry is full or the name is taken. */
int task_register(const task_def_t *def);
const task_def_t *task_lookup(const char *name);
/* Every registered task, for worker-ctl --help and status. */
size_t task_count(void);
const task_def_t *task_at(size_t i);

#endif
