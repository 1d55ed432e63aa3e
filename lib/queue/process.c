/* One task process: reliable fetch, run, acknowledge. See worker.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/process.h"
#include "queue/registry.h"

static volatile sig_atomic_t process_stop;

static void loop_close(void);

static void
on_term(int sig)
{
    (void)sig;
    process_stop = 1;
}

typedef struct {
    char *raw; /* malloc'd envelope as taken */
    size_t len;
} taken_t;

/* Commands appended but not read yet; read them all with flush(). */
typedef struct {
    redisContext *c;
    int pending;
} pipe_t;

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

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

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
    struct timeval tv = {settings.redis_timeout_ms / 1000,
                         (settings.redis_timeout_ms % 1000) * 1000};
    redisContext *c = redisConnectWithTimeout(settings.redis_host, (int)settings.redis_port, tv);
    if (c == NULL || c->err) {
        snprintf(err, errlen, "Redis at %s:%ld: %s", settings.redis_host, settings.redis_port,
                 c ? c->errstr : "out of memory");
        if (c)
            redisFree(c);
        return NULL;
    }
    /* BLMOVE waits up to a second: the read timeout must be longer. */
    struct timeval rt = {tv.tv_sec + 2, tv.tv_usec};
    redisSetTimeout(c, rt);
    loop_conn = c;
    return c;
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

static size_t
take(const process_options_t *o, taken_t *out, size_t rotate, int prefetch)
{
    redisContext *c = connect_retrying();
    if (c == NULL)
        return 0;
    size_t got = 0;
    for (size_t qi = 0; qi < o->nqueues && got == 0; qi++) {
        const char *q = o->queues[(qi + rotate) % o->nqueues];
        for (int i = 0; i < prefetch; i++)
            redisAppendCommand(c, "LMOVE queue:%s processing:%s RIGHT LEFT", q, o->id);
        for (int i = 0; i < prefetch; i++) {
            redisReply *r = NULL;
            if (redisGetReply(c, (void **)&r) != REDIS_OK) {
                loop_close();
                return got;
            }
            if (r->type == REDIS_REPLY_STRING) {
                out[got].raw = malloc(r->len + 1);
                if (out[got].raw) {
                    memcpy(out[got].raw, r->str, r->len + 1);
                    out[got].len = r->len;
                    got++;
                }
            }
            freeReplyObject(r);
        }
    }
    if (got)
        return got;
    /* Idle: block on one queue (a different one each time) for up to a second. */
    const char *q = o->queues[rotate % o->nqueues];
    redisReply *r = redisCommand(c, "BLMOVE queue:%s processing:%s RIGHT LEFT %s", q, o->id,
                                 o->nqueues == 1 ? "1" : "0.2");
    if (r == NULL) {
        loop_close();
        return 0;
    }
    if (r->type == REDIS_REPLY_STRING && (out[0].raw = malloc(r->len + 1)) != NULL) {
        memcpy(out[0].raw, r->str, r->len + 1);
        out[0].len = r->len;
        got = 1;
    }
    freeReplyObject(r);
    return got;
}

/* What to write once a task ended; kept until Redis took it. */
typedef struct {
    taken_t t;
    envelope_t e;
    bool parsed;
    const char *malformed; /* why, when !parsed */
    int outcome;           /* 0 success, -1 failure, 1 revoked */
    buf_t result;
    char error[512];
    long long started, finished;
} done_t;

static void
append_ack(redisContext *c, pipe_t *p, const char *id, done_t *d)
{
    str_t raw = {d->t.raw, d->t.len};
    if (!d->parsed) {
        buf_t b;
        buf_init(&b);
        buf_puts(&b, "{\"envelope\":");
        buf_json_str(&b, raw);
        buf_puts(&b, ",\"error\":");
        buf_json_cstr(&b, d->malformed);
        buf_printf(&b, ",\"dead_at\":%lld}", queue_now_ms());
        redisAppendCommand(c, "LPUSH dead %b", b.data, b.len);
        buf_free(&b);
        p->pending++;
    } else if (d->outcome == 1) {
        redisAppendCommand(c, "HSET task:%s state REVOKED finished_at %lld", d->e.id, d->finished);
        p->pending++;
    } else if (d->outcome == 0) {
        const char *res = d->result.len ? buf_cstr(&d->result) : "null";
        /* The key's TTL (RESULT_TTL) was set at enqueue. */
        redisAppendCommand(c,
                           "HSET task:%s state SUCCESS result %s finished_at %lld runtime_ms %lld",
                           d->e.id, res, d->finished, d->finished - d->started);
        p->pending += 1;
    } else {
        envelope_t *e = &d->e;
        buf_t b;
        buf_init(&b);
        if (e->retries < e->max_retries) {
            e->retries++;
            long long backoff = settings.queue.retry_backoff_ms
                                << (e->retries - 1 < 20 ? e->retries - 1 : 20);
            if (backoff > 600000)
                backoff = 600000;
            envelope_print(e, &b);
            redisAppendCommand(c, "ZADD delayed %lld %b", d->finished + backoff, b.data, b.len);
            redisAppendCommand(c, "HSET task:%s state RETRY error %s retries %d runtime_ms %lld",
                               e->id, d->error, e->retries, d->finished - d->started);
        } else {
            buf_puts(&b, "{\"envelope\":");
            buf_json_str(&b, raw);
            buf_puts(&b, ",\"error\":");
            buf_json_cstr(&b, d->error);
            buf_printf(&b, ",\"dead_at\":%lld}", d->finished);
            redisAppendCommand(c, "LPUSH dead %b", b.data, b.len);
            redisAppendCommand(c,
                               "HSET task:%s state FAILURE error %s finished_at %lld runtime_ms "
                               "%lld worker %s",
                               e->id, d->error, d->finished, d->finished - d->started, id);
        }
        redisAppendCommand(c, "HINCRBY worker:%s failed 1", id);
        p->pending += 3;
        buf_free(&b);
    }
    redisAppendCommand(c, "LREM processing:%s 1 %b", id, raw.p, raw.len);
    p->pending += 1;
}

/* One counter update per batch of acknowledgements. */
static void
append_processed(redisContext *c, pipe_t *p, const char *id, const done_t *done, size_t n)
{
    long ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += done[i].parsed && done[i].outcome == 0;
    if (ok) {
        redisAppendCommand(c, "HINCRBY worker:%s processed %ld", id, ok);
        p->pending++;
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
            append_ack(c, &p, o->id, &done[i]);
        append_processed(c, &p, o->id, done, n);
        if (flush(&p, NULL, 0) == 0)
            return 0;
        sleep_ms(100);
    }
}

int
process_run(const process_options_t *o)
{
    taken_t taken[WORKER_PREFETCH];
    done_t done[WORKER_PREFETCH];
    size_t rotate = 0;

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    memset(done, 0, sizeof(done));

    /* Prefetch adapts to the work: quick batches double it (trivial tasks
     * then cost a fraction of a round trip each), a slow one drops it to 1
     * so long tasks are spread over the processes instead of queued behind
     * each other in one. */
    int prefetch = 1;
    while (!process_stop) {
        size_t n = take(o, taken, rotate++, prefetch);
        long long batch_start = queue_now_ms();
        size_t ndone = 0;
        /* Revocations are rare: ask per task only when there are any. */
        bool revocations = false;
        if (n) {
            redisReply *r = redisCommand(connect_retrying(), "SCARD revoked");
            if (r == NULL)
                loop_close();
            revocations = r == NULL || (r->type == REDIS_REPLY_INTEGER && r->integer > 0);
            if (r)
                freeReplyObject(r);
        }
        /* The batch's commands go out as each task starts, without waiting:
         * acks of the tasks before it and its STARTED. Their replies are read
         * once, at the end of the batch, so a batch costs one round trip. A
         * task's done_t is kept until Redis confirmed its ack. */
        redisContext *bc = NULL;
        int unread = 0;
        size_t acked = 0;
        for (size_t i = 0; i < n; i++) {
            done_t *d = &done[ndone++];
            memset(d, 0, sizeof(*d));
            d->t = taken[i];
            buf_init(&d->result);
            const char *why = NULL;
            d->parsed = envelope_parse((str_t){d->t.raw, d->t.len}, &d->e, &why) == 0;
            d->malformed = why;
            const task_def_t *def = d->parsed ? task_lookup(d->e.task) : NULL;
            if (d->parsed && def == NULL) {
                d->outcome = -1;
                d->e.retries = d->e.max_retries; /* an unknown task will not become known */
                char name[TASK_NAME_MAX + 1];
                memcpy(name, d->e.task, sizeof(name));
                snprintf(d->error, sizeof(d->error), "unknown task %s", name);
                d->started = d->finished = queue_now_ms();
                continue;
            }
            if (!d->parsed)
                continue;
            /* Within a batch keep the connection the batch's writes went to. */
            redisContext *c = bc ? bc : connect_retrying();
            if (c == NULL)
                break;
            if (c != bc) { /* a new connection: anything unconfirmed is acked again at the end */
                bc = c;
                unread = 0;
                acked = 0;
            }
            pipe_t p = {c, 0};
            for (size_t k = acked; k + 1 < ndone; k++)
                append_ack(c, &p, o->id, &done[k]);
            acked = ndone - 1;
            d->started = queue_now_ms();
            int revoked_at = -1;
            if (revocations) {
                revoked_at = unread + p.pending;
                redisAppendCommand(c, "SISMEMBER revoked %s", d->e.id);
                p.pending++;
            }
            /* STARTED with this worker's id is also how the master tells the
             * running task from the reserved ones if this process dies. */
            redisAppendCommand(c, "HSET task:%s state STARTED started_at %lld worker %s", d->e.id,
                               d->started, o->id);
            p.pending++;
            redisReply *rev = NULL;
            if (revocations) {
                p.pending += unread;
                unread = 0;
                if (flush(&p, &rev, revoked_at) != 0) {
                    rev = NULL;
                    bc = NULL;
                }
            } else {
                int written = 0;
                while (!written)
                    if (redisBufferWrite(c, &written) != REDIS_OK) {
                        loop_close();
                        bc = NULL;
                        break;
                    }
                if (bc)
                    unread += p.pending;
            }
            if (rev && rev->type == REDIS_REPLY_INTEGER && rev->integer == 1) {
                d->outcome = 1;
                d->finished = queue_now_ms();
                freeReplyObject(rev);
                continue;
            }
            freeReplyObject(rev);
            task_ctx_t ctx = {.envelope = &d->e, .result = &d->result};
            d->outcome = def->run(&ctx) == 0 ? 0 : -1;
            if (d->outcome != 0)
                snprintf(d->error, sizeof(d->error), "%s", ctx.error[0] ? ctx.error : "failed");
            d->finished = queue_now_ms();
        }
        if (ndone) {
            bool confirmed = false;
            if (bc) {
                pipe_t p = {bc, unread};
                for (size_t k = acked; k < ndone; k++)
                    append_ack(bc, &p, o->id, &done[k]);
                append_processed(bc, &p, o->id, done, ndone);
                confirmed = flush(&p, NULL, 0) == 0;
            }
            if (!confirmed && ack_all(o, done, ndone) != 0)
                break;
        }
        for (size_t k = 0; k < ndone; k++)
            done_free(&done[k]);
        long long took = queue_now_ms() - batch_start;
        if (n && took < 20)
            prefetch = prefetch * 2 > WORKER_PREFETCH ? WORKER_PREFETCH : prefetch * 2;
        else if (took > 200)
            prefetch = 1;
    }
    loop_close();
    return 0;
}
