/* The worker master (see worker.h): the prefork supervisor's hooks. */
#include "queue/worker.h"
#include "core/clock.h"

#include <openssl/rand.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/beat.h"
#include "queue/metrics.h"
#include "queue/process.h"
#include "queue/queue.h"
#include "server/prefork.h"

/* The supervisor's slot numbers index base[] and id[] below. */
_Static_assert((long)WORKER_MAX_PROCS >= (long)PREFORK_MAX_SLOTS,
               "a prefork slot beyond master_t's arrays");

/* A requeue that found Redis away: retried on each tick. */
typedef struct {
    char id[128];
    char reason[96];
    bool crashed;
} requeue_t;

typedef struct {
    const worker_options_t *opt;
    char base[WORKER_MAX_PROCS][96]; /* made before the fork: the child adds its pid */
    char id[WORKER_MAX_PROCS][128];  /* "" when the slot is empty */
    requeue_t pending[WORKER_MAX_PROCS];
    size_t npending;
    beat_t beat;
    wake_t wake;
    double last_beat, last_reap, last_due, last_heartbeat, idle_since;
} master_t;

static void
new_worker_id(char *out, size_t cap)
{
    char host[64] = "localhost";
    unsigned char r[4] = {0};
    gethostname(host, sizeof(host) - 1);
    RAND_bytes(r, sizeof(r));
    snprintf(out, cap, "%s:%ld:%02x%02x%02x%02x", host, (long)getpid(), r[0], r[1], r[2], r[3]);
}

static void
register_worker(const char *id, const worker_options_t *opt, pid_t pid)
{
    char err[256], host[64] = "localhost", queues[256] = "";
    gethostname(host, sizeof(host) - 1);
    for (size_t i = 0; i < opt->nqueues; i++)
        snprintf(queues + strlen(queues), sizeof(queues) - strlen(queues), "%s%s", i ? "," : "",
                 opt->queues[i]);
    redisReply *r = kv_command(err, sizeof(err),
                               "HSET worker:%s host %s pid %ld queues %s started_at %lld processed "
                               "0 failed 0",
                               id, host, (long)pid, queues, queue_now_ms());
    if (r)
        freeReplyObject(r);
    r = kv_command(err, sizeof(err), "ZADD workers %lld %s", queue_now_ms(), id);
    if (r)
        freeReplyObject(r);
}

/* The id is made in the master so it knows whose tasks to put back. */
static void
process_prepare(void *ctx, int slot)
{
    master_t *m = ctx;
    new_worker_id(m->base[slot], sizeof(m->base[slot]));
}

static int
process_main(void *ctx, int slot)
{
    master_t *m = ctx;
    char id[128];
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    kv_close(); /* never share the master's connection */
    snprintf(id, sizeof(id), "%s-%ld", m->base[slot], (long)getpid());
    log_after_fork(false);
    process_options_t po = {.id = id, .queues = m->opt->queues, .nqueues = m->opt->nqueues};
    return process_run(&po);
}

static void
process_started(void *ctx, int slot, pid_t pid)
{
    master_t *m = ctx;
    char id[sizeof(m->id[slot])];
    snprintf(id, sizeof(id), "%s-%ld", m->base[slot], (long)pid);
    memcpy(m->id[slot], id, sizeof(id));
    register_worker(m->id[slot], m->opt, pid);
    log_info("process_start", "process %ld (%s) serving %zu queue(s)", (long)pid, m->id[slot],
             m->opt->nqueues);
}

/* A process that ended: its tasks go back now, not after a heartbeat
 * timeout; the running one counts as a retry when the process crashed. */
static void
process_exited(void *ctx, const prefork_exit_t *e)
{
    master_t *m = ctx;
    char reason[96];
    snprintf(reason, sizeof(reason), "worker process %s %d",
             WIFSIGNALED(e->status) ? "killed by signal" : "exited with",
             WIFSIGNALED(e->status) ? WTERMSIG(e->status) : WEXITSTATUS(e->status));
    if (e->crashed)
        log_warn("process_exit", "%s (%s)", reason, m->id[e->slot]);
    if (worker_requeue(m->id[e->slot], reason, e->crashed) < 0 && m->npending < WORKER_MAX_PROCS) {
        /* Redis away: the tasks must not be lost. The tick retries this
         * list; when it is full, or the master drains (no tick) and exits,
         * the heartbeat reaper puts them back once the beat lapses. */
        requeue_t *p = &m->pending[m->npending++];
        memcpy(p->id, m->id[e->slot], sizeof(p->id));
        snprintf(p->reason, sizeof(p->reason), "%s", reason);
        p->crashed = e->crashed;
    }
    m->id[e->slot][0] = '\0';
}

static void
requeue_pending(master_t *m)
{
    while (m->npending > 0) {
        requeue_t *p = &m->pending[m->npending - 1];
        if (worker_requeue(p->id, p->reason, p->crashed) < 0)
            return;
        m->npending--;
    }
}

static void
heartbeat(const master_t *m)
{
    char err[256];
    redisContext *c = kv_get(err, sizeof(err));
    if (c == NULL)
        return;
    int pending = 0;
    long long now = queue_now_ms();
    for (int i = 0; i < WORKER_MAX_PROCS; i++)
        if (m->id[i][0]) {
            redisAppendCommand(c, "ZADD workers %lld %s", now, m->id[i]);
            pending++;
        }
    for (int i = 0; i < pending; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) {
            kv_close();
            return;
        }
        freeReplyObject(r);
    }
}

/* Workers elsewhere (another task, a machine that died) whose heartbeat
 * lapsed: one master takes each (reap:<id> lock) and puts its tasks back. */
static void
reap_stale(void)
{
    char err[256];
    long long cutoff = queue_now_ms() - settings.queue.worker_heartbeat_timeout * 1000;
    redisReply *r =
        kv_command(err, sizeof(err), "ZRANGEBYSCORE workers -inf %lld LIMIT 0 100", cutoff);
    if (r == NULL)
        return;
    for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        if (r->element[i]->type != REDIS_REPLY_STRING)
            continue;
        const char *id = r->element[i]->str;
        redisReply *lock = kv_command(err, sizeof(err), "SET reap:%s 1 NX PX 30000", id);
        bool mine = lock && lock->type == REDIS_REPLY_STATUS;
        if (lock)
            freeReplyObject(lock);
        if (mine)
            worker_requeue(id, "worker heartbeat lapsed", true);
    }
    freeReplyObject(r);
}

/* --autoscale: backlog > 0 grows the pool (one process per waiting task, up
 * to max); an empty backlog for AUTOSCALE_COOLDOWN seconds shrinks it to min. */
static void
autoscale(master_t *m, prefork_t *pf, double now)
{
    const worker_options_t *opt = m->opt;
    long backlog = metrics_backlog(opt->queues, opt->nqueues);
    if (backlog < 0)
        return;
    long n = prefork_size(pf);
    if (backlog > 0) {
        m->idle_since = 0;
        long want = n + backlog < opt->max_procs ? n + backlog : opt->max_procs;
        if (want > n) {
            prefork_resize(pf, want);
            log_info("autoscale", "backlog %ld: scaled out to %ld process(es)", backlog, want);
        }
        return;
    }
    if (m->idle_since == 0)
        m->idle_since = now;
    if (n > opt->min_procs && now - m->idle_since >= (double)settings.queue.autoscale_cooldown) {
        prefork_resize(pf, opt->min_procs);
        log_info("autoscale", "idle for %ld s: scaled in to %ld process(es)",
                 settings.queue.autoscale_cooldown, opt->min_procs);
    }
}

/* Every 200 ms, and at once when a task arrives at an idle queue. */
static void
master_tick(void *ctx, prefork_t *pf)
{
    master_t *m = ctx;
    double now = clock_monotonic_s();
    int woken = wake_wait(&m->wake, 0);
    prefork_watch(pf, m->wake.sub ? m->wake.sub->fd : -1);
    requeue_pending(m);
    if (now - m->last_heartbeat >= 1.0) {
        heartbeat(m);
        m->last_heartbeat = now;
    }
    if (now - m->last_due >= 0.5) {
        queue_move_due();
        m->last_due = now;
    }
    if (now - m->last_reap >= 2.0) {
        reap_stale();
        m->last_reap = now;
    }
    if (woken || now - m->last_beat >= 1.0) {
        beat_tick(&m->beat, woken);
        m->last_beat = now;
    }
    if (m->opt->autoscale)
        autoscale(m, pf, now);
}

int
worker_run(const worker_options_t *opt)
{
    static master_t m;
    long start = opt->autoscale ? opt->min_procs : opt->concurrency;

    m.opt = opt;
    log_info("worker_start", "%ld process(es)%s, queues %s%s", start,
             opt->autoscale ? " (autoscale)" : "", opt->queues[0], opt->nqueues > 1 ? ",..." : "");
    beat_init(&m.beat, opt->beat);
    wake_open(&m.wake);
    prefork_conf_t conf = {
        .slots = start,
        .drain_timeout = settings.queue.worker_shutdown_timeout,
        .children = "processes",
        .stop_event = "worker_stop",
        .keep_fd = -1,
        .tick_every = 0.2,
        .ctx = &m,
        .prepare = process_prepare,
        .child_main = process_main,
        .started = process_started,
        .exited = process_exited,
        .tick = master_tick,
    };
    int rc = prefork_run(&conf);
    wake_close(&m.wake);
    beat_release(&m.beat);
    kv_close();
    log_info("worker_stop", "stopped");
    return rc;
}
