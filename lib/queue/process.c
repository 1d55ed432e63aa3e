/* One task process: reliable fetch, run, acknowledge. See worker.h.
 *
 * The loop works in batches: take up to `prefetch` envelopes (moving them
 * to processing:<id>), run them one by one, acknowledge them. A batch's
 * commands go out as each task starts, without waiting: the acks of the
 * tasks before it and its STARTED. Their replies are read once, at the end
 * of the batch, so a batch costs one round trip. A task's done_t is kept
 * until Redis confirmed its ack. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/process.h"
#include "queue/registry.h"
#include "queue/task_event.h"

static volatile sig_atomic_t process_stop;

static void
on_term(int sig)
{
    (void)sig;
    process_stop = 1;
}

static void
process_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
}

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* --- the loop's connection ------------------------------------------------------- */

/* The loop's own connection, apart from lib/kv's: the loop leaves replies
 * unread while a task runs, and a task using kv_command must neither see
 * them nor take them for a hung-up server. */
static redisContext *loop_conn;

static void
loop_close(void)
{
    if (loop_conn)
        redisFree(loop_conn);
    loop_conn = NULL;
}

static redisContext *
loop_get(char *err, size_t errlen)
{
    if (loop_conn && !loop_conn->err)
        return loop_conn;
    loop_close();
    /* BLMOVE waits up to a second: the read timeout must be longer. */
    loop_conn = kv_connect(settings.redis_timeout_ms + 2000, err, errlen);
    return loop_conn;
}

/* A live connection, retrying while Redis is away (it may be restarting). */
static redisContext *
connect_retrying(void)
{
    char err[256];
    for (int attempt = 0;; attempt++) {
        redisContext *c = loop_get(err, sizeof(err));
        if (c)
            return c;
        if (attempt % 20 == 0)
            log_warn("kv_unavailable", "%s; retrying", err);
        if (process_stop && attempt > 50)
            return NULL;
        sleep_ms(100);
    }
}

/* Commands appended but not read yet; read them all with flush(). */
typedef struct {
    redisContext *c;
    int pending;
} pipe_t;

/* Reads every pending reply, handing the one at keep_index to *keep. On
 * failure the connection is closed and -1 returned. */
static int
flush(pipe_t *p, redisReply **keep, int keep_index)
{
    int rc = 0;
    for (int i = 0; i < p->pending; i++) {
        redisReply *r = NULL;
        if (redisGetReply(p->c, (void **)&r) != REDIS_OK) {
            rc = -1;
            break;
        }
        if (keep && i == keep_index)
            *keep = r;
        else
            freeReplyObject(r);
    }
    p->pending = 0;
    if (rc != 0)
        loop_close();
    return rc;
}

/* --- one batch's state ------------------------------------------------------------- */

typedef struct {
    char *raw; /* malloc'd envelope as taken */
    size_t len;
} taken_t;

/* How a task ended: its task_fn's TASK_DONE, TASK_FAILED or
 * TASK_DEFERRED, or revoked before it ran. */
typedef enum {
    OUTCOME_SUCCESS = TASK_DONE,
    OUTCOME_FAILED = TASK_FAILED,
    OUTCOME_DEFERRED = TASK_DEFERRED,
    OUTCOME_REVOKED = 1
} outcome_t;

enum { DEFER_MAX_MS = 30000 }; /* the longest wait between a deferred task's runs */

/* What to write once a task ended; kept until Redis took it. */
typedef struct {
    taken_t t;
    envelope_t e;
    bool parsed;
    const char *malformed; /* why, when !parsed */
    int outcome;           /* an outcome_t */
    bool dead;             /* failed for good: a dead letter (set by done_settle) */
    long long due;         /* when a retry or deferral runs again, unix ms */
    buf_t result;
    char error[512];
    long long started, finished;
} done_t;

/* The pipeline of one batch: what was taken, what ran, and how far the
 * connection the batch writes to has been sent and read. */
typedef struct {
    const process_options_t *o;
    taken_t taken[WORKER_PREFETCH]; /* raw NULL once moved into done */
    size_t ntaken;
    done_t done[WORKER_PREFETCH];
    size_t ndone;
    bool revocations;   /* ask per task whether it was revoked */
    redisContext *conn; /* where the batch's writes went; NULL: none yet, or broke */
    int unread;         /* replies on conn not read yet */
    size_t acked;       /* done[0..acked) have their acks sent on conn */
} batch_t;

/* --- taking envelopes ---------------------------------------------------------------- */

/* Copies a string reply into out; false for any other reply or out of memory. */
static bool
taken_copy(taken_t *out, const redisReply *r)
{
    if (r->type != REDIS_REPLY_STRING || (out->raw = malloc(r->len + 1)) == NULL)
        return false;
    memcpy(out->raw, r->str, r->len + 1);
    out->len = r->len;
    return true;
}

/* Set when a take's connection broke: Redis may have moved envelopes into
 * processing:<id> (LMOVE, BLMOVE) whose replies never arrived, as when it
 * shuts down with SAVE in the middle of them. Nobody else puts them back
 * while this process lives, so it takes them itself (take_leftovers). */
static bool take_broke;

/* Up to prefetch envelopes in one round trip, from the first queue (in
 * turn from rotate) that has any. */
static size_t
take_ready(batch_t *b, redisContext *c, size_t rotate, int prefetch)
{
    const process_options_t *o = b->o;
    size_t got = 0;
    for (size_t qi = 0; qi < o->nqueues && got == 0; qi++) {
        const char *q = o->queues[(qi + rotate) % o->nqueues];
        for (int i = 0; i < prefetch; i++)
            redisAppendCommand(c, "LMOVE queue:%s processing:%s RIGHT LEFT", q, o->id);
        for (int i = 0; i < prefetch; i++) {
            redisReply *r = NULL;
            if (redisGetReply(c, (void **)&r) != REDIS_OK) {
                loop_close();
                take_broke = true;
                return got;
            }
            got += taken_copy(&b->taken[got], r);
            freeReplyObject(r);
        }
    }
    return got;
}

/* Idle: block on one queue (a different one each time) for up to a second. */
static size_t
take_blocking(batch_t *b, redisContext *c, size_t rotate)
{
    const process_options_t *o = b->o;
    const char *q = o->queues[rotate % o->nqueues];
    redisReply *r = redisCommand(c, "BLMOVE queue:%s processing:%s RIGHT LEFT %s", q, o->id,
                                 o->nqueues == 1 ? "1" : "0.2");
    if (r == NULL) {
        loop_close();
        take_broke = true;
        return 0;
    }
    size_t got = taken_copy(&b->taken[0], r);
    freeReplyObject(r);
    return got;
}

/* Revocations are rare: ask per task only when there are any. */
static bool
revocations_exist(void)
{
    redisContext *c = connect_retrying();
    redisReply *r = c ? redisCommand(c, "SCARD revoked") : NULL;
    if (c && r == NULL)
        loop_close();
    bool any = r == NULL || (r->type == REDIS_REPLY_INTEGER && r->integer > 0);
    freeReplyObject(r);
    return any;
}

/* What a broken take left in processing:<id>: every batch's acks are
 * written before the next take (ack_all retries until they are), so
 * whatever is there now was moved by a take whose reply was lost. */
static size_t
take_leftovers(batch_t *b, redisContext *c)
{
    redisReply *r = redisCommand(c, "LRANGE processing:%s 0 %d", b->o->id, WORKER_PREFETCH - 1);
    if (r == NULL) {
        loop_close();
        return 0;
    }
    size_t got = 0;
    if (r->type == REDIS_REPLY_ARRAY) {
        for (size_t i = 0; i < r->elements; i++)
            got += taken_copy(&b->taken[got], r->element[i]);
        take_broke = r->elements == WORKER_PREFETCH; /* maybe more: the next batch looks again */
    }
    freeReplyObject(r);
    if (got)
        log_warn("take_reclaimed", "%zu task(s) a broken take left in processing:%s", got,
                 b->o->id);
    return got;
}

/* Starts a batch with the envelopes taken. */
static void
batch_take(batch_t *b, size_t rotate, int prefetch)
{
    b->ntaken = b->ndone = b->acked = 0;
    b->conn = NULL;
    b->unread = 0;
    redisContext *c = connect_retrying();
    if (c == NULL)
        return;
    if (take_broke && ((b->ntaken = take_leftovers(b, c)) > 0 || loop_conn == NULL))
        return;
    b->ntaken = take_ready(b, c, rotate, prefetch);
    if (b->ntaken == 0 && loop_conn) /* else c broke and was freed */
        b->ntaken = take_blocking(b, c, rotate);
}

/* --- acknowledgements ----------------------------------------------------------------- */

/* The state just written to task:<id>, published to its owner right after
 * the HSET, in the same pipeline (queue/task_event.h). Acks written again
 * on a new connection publish again: a client may see a state twice. */
static void
append_event(pipe_t *p, const envelope_t *e, const char *state, const char *result_json,
             const char *error)
{
    p->pending += task_event_append(p->c, e, state, result_json, error);
}

/* A dead letter: the envelope as taken, why it died and when. */
static void
append_dead(pipe_t *p, str_t raw, const char *why, long long at)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "{\"envelope\":");
    buf_json_str(&b, raw);
    buf_puts(&b, ",\"error\":");
    buf_json_cstr(&b, why);
    buf_printf(&b, ",\"dead_at\":%lld}", at);
    redisAppendCommand(p->c, "LPUSH dead %b", b.data, b.len);
    p->pending++;
    buf_free(&b);
}

/* A failed or deferred task: due again later (done_settle said when),
 * else a dead letter. */
static void
append_failure(pipe_t *p, const char *id, done_t *d)
{
    envelope_t *e = &d->e;
    if (!d->dead) {
        buf_t b;
        buf_init(&b);
        envelope_print(e, &b);
        redisAppendCommand(p->c, "ZADD delayed %lld %b", d->due, b.data, b.len);
        buf_free(&b);
        redisAppendCommand(p->c, "HSET task:%s state RETRY error %s retries %d runtime_ms %lld",
                           e->id, d->error, e->retries, d->finished - d->started);
        p->pending += 2;
        append_event(p, e, "RETRY", NULL, d->error);
    } else {
        append_dead(p, (str_t){d->t.raw, d->t.len}, d->error, d->finished);
        redisAppendCommand(p->c,
                           "HSET task:%s state FAILURE error %s finished_at %lld runtime_ms "
                           "%lld worker %s",
                           e->id, d->error, d->finished, d->finished - d->started, id);
        p->pending++;
        append_event(p, e, "FAILURE", NULL, d->error);
    }
    if (d->outcome == OUTCOME_FAILED) { /* a deferral is no failure of the task's */
        redisAppendCommand(p->c, "HINCRBY worker:%s failed 1", id);
        p->pending++;
    }
}

/* The outcome of one task, then its envelope out of processing:<id>. */
static void
append_ack(pipe_t *p, const char *id, done_t *d)
{
    if (!d->parsed) {
        append_dead(p, (str_t){d->t.raw, d->t.len}, d->malformed, queue_now_ms());
    } else if (d->outcome == OUTCOME_REVOKED) {
        redisAppendCommand(p->c, "HSET task:%s state REVOKED finished_at %lld", d->e.id,
                           d->finished);
        p->pending++;
        append_event(p, &d->e, "REVOKED", NULL, NULL);
    } else if (d->outcome == OUTCOME_SUCCESS) {
        const char *res = d->result.len ? buf_cstr(&d->result) : "null";
        /* The key's TTL (RESULT_TTL) was set at enqueue. */
        redisAppendCommand(p->c,
                           "HSET task:%s state SUCCESS result %s finished_at %lld runtime_ms %lld",
                           d->e.id, res, d->finished, d->finished - d->started);
        p->pending++;
        append_event(p, &d->e, "SUCCESS", res, NULL);
    } else {
        append_failure(p, id, d);
    }
    redisAppendCommand(p->c, "LREM processing:%s 1 %b", id, d->t.raw, d->t.len);
    p->pending++;
}

/* One counter update per batch of acknowledgements. */
static void
append_processed(pipe_t *p, const char *id, const done_t *done, size_t n)
{
    long ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += done[i].parsed && done[i].outcome == OUTCOME_SUCCESS;
    if (ok) {
        redisAppendCommand(p->c, "HINCRBY worker:%s processed %ld", id, ok);
        p->pending++;
    }
}

/* Writes acknowledgements until Redis takes them (it may be restarting). */
static int
ack_all(const process_options_t *o, done_t *done, size_t n)
{
    for (;;) {
        redisContext *c = connect_retrying();
        if (c == NULL)
            return -1;
        pipe_t p = {c, 0};
        for (size_t i = 0; i < n; i++)
            append_ack(&p, o->id, &done[i]);
        append_processed(&p, o->id, done, n);
        if (flush(&p, NULL, 0) == 0)
            return 0;
        sleep_ms(100);
    }
}

/* Sends the acks not sent yet and reads every reply of the batch; on a
 * broken connection writes them all again on a new one. -1: stopping
 * with acks unwritten. */
static int
batch_ack(batch_t *b)
{
    if (b->ndone == 0)
        return 0;
    if (b->conn) {
        pipe_t p = {b->conn, b->unread};
        for (size_t k = b->acked; k < b->ndone; k++)
            append_ack(&p, b->o->id, &b->done[k]);
        append_processed(&p, b->o->id, b->done, b->ndone);
        if (flush(&p, NULL, 0) == 0)
            return 0;
    }
    return ack_all(b->o, b->done, b->ndone);
}

/* --- running tasks ----------------------------------------------------------------------- */

/* Parses d's envelope and finds its task; NULL when there is nothing to
 * run, d then saying why (malformed, or an unknown task that failed). */
static const task_def_t *
task_prepare(done_t *d)
{
    const char *why = NULL;
    d->parsed = envelope_parse((str_t){d->t.raw, d->t.len}, &d->e, &why) == 0;
    d->malformed = why;
    if (!d->parsed)
        return NULL;
    const task_def_t *def = task_lookup(d->e.task);
    if (def == NULL) {
        d->outcome = OUTCOME_FAILED;
        d->e.retries = d->e.max_retries; /* an unknown task will not become known */
        char name[TASK_NAME_MAX + 1];
        memcpy(name, d->e.task, sizeof(name));
        snprintf(d->error, sizeof(d->error), "unknown task %s", name);
        d->started = d->finished = queue_now_ms();
    }
    return def;
}

/* Sends what is appended on p without reading replies. */
static void
batch_send(batch_t *b, pipe_t *p)
{
    int written = 0;
    while (!written)
        if (redisBufferWrite(p->c, &written) != REDIS_OK) {
            loop_close();
            b->conn = NULL;
            return;
        }
    b->unread += p->pending;
}

/* Reads every reply of the batch so far: true when the SISMEMBER at
 * revoked_at says the task was revoked. */
static bool
batch_read_revoked(batch_t *b, pipe_t *p, int revoked_at)
{
    redisReply *rev = NULL;
    p->pending += b->unread;
    b->unread = 0;
    if (flush(p, &rev, revoked_at) != 0) {
        b->conn = NULL;
        freeReplyObject(rev);
        rev = NULL;
    }
    bool revoked = rev && rev->type == REDIS_REPLY_INTEGER && rev->integer == 1;
    freeReplyObject(rev);
    return revoked;
}

/* Sends the acks of the tasks before d and d's STARTED, reading replies
 * only when it must know whether d was revoked. 1: d was revoked, 0: run
 * it, -1: no connection (stopping). */
static int
batch_start_task(batch_t *b, done_t *d)
{
    /* Within a batch keep the connection the batch's writes went to. */
    redisContext *c = b->conn ? b->conn : connect_retrying();
    if (c == NULL)
        return -1;
    if (c != b->conn) { /* a new connection: anything unconfirmed is acked again at the end */
        b->conn = c;
        b->unread = 0;
        b->acked = 0;
    }
    pipe_t p = {c, 0};
    for (size_t k = b->acked; k + 1 < b->ndone; k++)
        append_ack(&p, b->o->id, &b->done[k]);
    b->acked = b->ndone - 1;
    d->started = queue_now_ms();
    int revoked_at = b->unread + p.pending;
    if (b->revocations) {
        redisAppendCommand(c, "SISMEMBER revoked %s", d->e.id);
        p.pending++;
    }
    /* STARTED with this worker's id is also how the master tells the
     * running task from the reserved ones if this process dies. */
    redisAppendCommand(c, "HSET task:%s state STARTED started_at %lld worker %s", d->e.id,
                       d->started, b->o->id);
    p.pending++;
    append_event(&p, &d->e, "STARTED", NULL, NULL);
    if (b->revocations)
        return batch_read_revoked(b, &p, revoked_at) ? 1 : 0;
    batch_send(b, &p);
    return 0;
}

static void
task_run(done_t *d, const task_def_t *def)
{
    task_ctx_t ctx = {.envelope = &d->e, .result = &d->result};
    int rc = def->run(&ctx);
    d->outcome = rc == TASK_DONE       ? OUTCOME_SUCCESS
                 : rc == TASK_DEFERRED ? OUTCOME_DEFERRED
                                       : OUTCOME_FAILED;
    if (d->outcome != OUTCOME_SUCCESS)
        snprintf(d->error, sizeof(d->error), "%s", ctx.error[0] ? ctx.error : "failed");
    d->finished = queue_now_ms();
}

/* RETRY_BACKOFF_MS doubled n - 1 times, at most cap. */
static long long
backoff_ms(int n, long long cap)
{
    long long ms = settings.queue.retry_backoff_ms << (n - 1 < 20 ? n - 1 : 20);
    return ms < cap ? ms : cap;
}

/* Decides, once, what becomes of a task that did not succeed: a deferred
 * one waits without using a retry; a failed one is retried while it has
 * retries left, else dead. Acks may be written twice (a connection that
 * broke), so they only write what this decided. Both are warnings: they
 * are what an operator looks for in an outage. */
static void
done_settle(done_t *d)
{
    envelope_t *e = &d->e;

    if (!d->parsed) {
        log_warn("task_dead", "a malformed envelope is dead-lettered: %s", d->malformed);
    } else if (d->outcome == OUTCOME_DEFERRED) {
        if (e->deferrals < 1000)
            e->deferrals++;
        d->due = d->finished + backoff_ms(e->deferrals, DEFER_MAX_MS);
        log_warn("task_deferred", "task %s %s waits (%d, not a retry), again in %lld ms: %s",
                 e->task, e->id, e->deferrals, d->due - d->finished, d->error);
    } else if (d->outcome == OUTCOME_FAILED && e->retries < e->max_retries) {
        e->retries++;
        d->due = d->finished + backoff_ms(e->retries, 600000);
    } else if (d->outcome == OUTCOME_FAILED) {
        d->dead = true;
        log_warn("task_dead", "task %s %s is dead-lettered after %d retries: %s", e->task, e->id,
                 e->retries, d->error);
    }
}

static void
done_free(done_t *d)
{
    free(d->t.raw);
    if (d->parsed)
        envelope_free(&d->e);
    buf_free(&d->result);
    memset(d, 0, sizeof(*d));
}

/* Runs the taken envelopes in order; each moves from taken to done. */
static void
batch_run(batch_t *b)
{
    for (size_t i = 0; i < b->ntaken; i++) {
        done_t *d = &b->done[b->ndone++];
        memset(d, 0, sizeof(*d));
        d->t = b->taken[i];
        b->taken[i].raw = NULL;
        buf_init(&d->result);
        const task_def_t *def = task_prepare(d);
        if (def == NULL) {
            done_settle(d);
            continue;
        }
        int started = batch_start_task(b, d);
        if (started < 0) { /* stopping: its envelope stays in processing:<id> */
            done_free(d);
            b->ndone--;
            break;
        }
        if (started == 1) {
            d->outcome = OUTCOME_REVOKED;
            d->finished = queue_now_ms();
            continue;
        }
        task_run(d, def);
        done_settle(d);
    }
}

static void
batch_free(batch_t *b)
{
    for (size_t k = 0; k < b->ndone; k++)
        done_free(&b->done[k]);
    for (size_t i = 0; i < b->ntaken; i++) {
        free(b->taken[i].raw);
        b->taken[i].raw = NULL;
    }
}

/* Prefetch adapts to the work: quick batches double it (trivial tasks
 * then cost a fraction of a round trip each), a slow one drops it to 1
 * so long tasks are spread over the processes instead of queued behind
 * each other in one. */
static int
prefetch_next(int prefetch, size_t taken, long long took_ms)
{
    if (taken && took_ms < 20)
        return prefetch * 2 > WORKER_PREFETCH ? WORKER_PREFETCH : prefetch * 2;
    if (took_ms > 200)
        return 1;
    return prefetch;
}

int
process_run(const process_options_t *o)
{
    batch_t b = {.o = o};
    size_t rotate = 0;
    int prefetch = 1;

    process_signals();
    while (!process_stop) {
        batch_take(&b, rotate++, prefetch);
        long long batch_start = queue_now_ms();
        b.revocations = b.ntaken && revocations_exist();
        batch_run(&b);
        int rc = batch_ack(&b);
        size_t taken = b.ntaken;
        batch_free(&b);
        if (rc != 0)
            break;
        prefetch = prefetch_next(prefetch, taken, queue_now_ms() - batch_start);
    }
    loop_close();
    return 0;
}
