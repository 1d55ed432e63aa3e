/* The read side of the queue (queue.h's key layout) for Flower and
 * worker-ctl: workers, queue depths, recent tasks, one task, revoke.
 *
 * Every function reads only the documented keys and survives whatever is
 * in them: a key of the wrong type reads as empty, a field that is not a
 * number prints as null, an envelope that is not JSON is skipped. Output
 * is always valid JSON (invalid UTF-8 becomes U+FFFD). On -1 Redis is down
 * or answered with an error, err says why, and the buffer holds a partial
 * document the caller throws away. */
#ifndef QUEUE_INSPECT_H
#define QUEUE_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum {
    INSPECT_WORKERS_MAX = 1000, /* workers read from the ZSET */
    INSPECT_RECENT_MAX = 1000,  /* ids read from tasks:recent */
    INSPECT_TASK_ID_MAX = 128,  /* longer ids are unknown, not looked up */
};

/* [{"id","host","pid","queues":[...],"started_at","last_heartbeat","alive",
 *   "heartbeat_age_ms","processed","failed","current","current_started_at"}],
 * sorted by id. alive: a heartbeat within WORKER_HEARTBEAT_TIMEOUT seconds,
 * the setting the workers' reaper goes by.
 * current: the task it runs, i.e. the envelope in processing:<id> whose
 * task:<id> is STARTED by this worker (null when idle); current_started_at
 * is that task's started_at. */
int inspect_workers(buf_t *json, char *err, size_t errlen);

/* {"queues":{"<q>":{"queued","reserved","active"}},"delayed","dead"} for
 * the n queues named. queued: LLEN queue:<q>; active: envelopes of q in a
 * processing list that its worker runs (as "current" above); reserved: the
 * other envelopes of q in processing lists (taken, not started yet). Only
 * the processing lists of workers in the workers ZSET are read. */
int inspect_queues(buf_t *json, const char *const *queues, size_t n, char *err, size_t errlen);

/* {"limit","offset","more","tasks":[task...]} from tasks:recent, newest
 * first, skipping ids whose task:<id> expired and duplicate ids;
 * state_filter (NULL: all) keeps one state. "more" says a next page
 * exists. A task is {"id","state","task","args","kwargs","queue","owner",
 * "retries","enqueued_at","started_at","finished_at","runtime_ms","worker",
 * "result","error"}; args, kwargs and result are JSON values (a string
 * when the stored text is not JSON), missing fields null. */
int inspect_recent_tasks(buf_t *json, long limit, long offset, const char *state_filter, char *err,
                         size_t errlen);

/* One task as above plus "revoked" (in the revoked set): 1 found, 0 not, -1. */
int inspect_task(const char *id, buf_t *json, char *err, size_t errlen);

/* Adds id to revoked and, atomically, turns a PENDING task (queued, not
 * started) into REVOKED; a running task is left to the worker. 1 revoked,
 * 0 unknown id (nothing written), -1 error. */
int inspect_revoke(const char *id, char *err, size_t errlen);

/* True for PENDING, STARTED, RETRY, SUCCESS, FAILURE and REVOKED. */
bool inspect_state_valid(const char *state);

#endif
