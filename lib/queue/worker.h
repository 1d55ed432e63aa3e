/* bin/worker: a master and its task processes (Celery's prefork pool).
 *
 * A process takes up to WORKER_PREFETCH envelopes at a time (adapting: 1 for
 * slow tasks, more while batches finish quickly) with LMOVE
 * (BLMOVE when idle) from queue:<q> into its own processing:<id> list and
 * removes each only after it ran: at-least-once delivery. Acknowledging a
 * task and marking the next one STARTED share one round trip.
 *
 * The master runs under the prefork supervisor (server/prefork.h), which
 * forks and restarts the processes; through its hooks the master
 * heartbeats for them (a task may run for minutes), puts back the tasks of
 * a process that died (the running one counts as a retry: it may be what
 * killed the process), and on its tick (every 200 ms, at once when work
 * arrives at an idle queue) moves due retries
 * from `delayed` to their queues, puts back the tasks of workers on other
 * machines whose heartbeat lapsed, runs the beat when it holds beat:lock,
 * publishes queue metrics, and with --autoscale grows and shrinks the pool
 * by backlog. SIGTERM: processes finish their task (WORKER_SHUTDOWN_TIMEOUT),
 * then exit; their unstarted tasks go back to the queue. SIGHUP is
 * ignored (the worker has no hot reload). */
#ifndef QUEUE_WORKER_H
#define QUEUE_WORKER_H

#include <stdbool.h>
#include <stddef.h>

enum { WORKER_MAX_QUEUES = 8, WORKER_MAX_PROCS = 256, WORKER_PREFETCH = 16 };

typedef struct {
    const char *queues[WORKER_MAX_QUEUES];
    size_t nqueues;
    long concurrency; /* processes without --autoscale */
    bool autoscale;
    long min_procs, max_procs;
    bool beat; /* take part in the beat-lock election */
} worker_options_t;

/* Runs the master until SIGTERM/SIGINT; returns the exit status. */
int worker_run(const worker_options_t *opt);

/* Puts back the envelopes of processing:<id> (the one named `running`, if
 * any, counts as a retry; past max_retries it goes to the dead-letter list
 * with `reason`) and forgets the worker. Used by the master and the reaper.
 * Returns the number of envelopes moved, -1 when Redis is down. */
long worker_requeue(const char *worker_id, const char *reason, bool count_running);

/* Moves due envelopes from `delayed` to their queues; the number moved or -1. */
long queue_move_due(void);

#endif
