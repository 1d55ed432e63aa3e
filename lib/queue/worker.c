/* The worker master (see worker.h). */
#include "queue/worker.h"
#include "core/clock.h"

#include <errno.h>
#include <openssl/rand.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/beat.h"
#include "queue/metrics.h"
#include "queue/process.h"
#include "queue/queue.h"

typedef struct {
    pid_t pid; /* 0: free slot */
    char id[128];
    double started;
    bool stopping; /* sent SIGTERM by the autoscaler */
} proc_t;

static volatile sig_atomic_t master_stop, master_chld;

static void
on_signal(int sig)
{
    if (sig == SIGCHLD)
        master_chld = 1;
    else
        master_stop = 1;
}

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
register_worker(const proc_t *p, const worker_options_t *opt, pid_t pid)
{
    char err[256], host[64] = "localhost", queues[256] = "";
    gethostname(host, sizeof(host) - 1);
    for (size_t i = 0; i < opt->nqueues; i++)
        snprintf(queues + strlen(queues), sizeof(queues) - strlen(queues), "%s%s", i ? "," : "",
                 opt->queues[i]);
    redisReply *r = kv_command(err, sizeof(err),
                               "HSET worker:%s host %s pid %ld queues %s started_at %lld processed "
                               "0 failed 0",
                               p->id, host, (long)pid, queues, queue_now_ms());
    if (r)
        freeReplyObject(r);
    r = kv_command(err, sizeof(err), "ZADD workers %lld %s", queue_now_ms(), p->id);
    if (r)
        freeReplyObject(r);
}

static void
spawn(proc_t *p, const worker_options_t *opt)
{
    /* The id is made here so the master knows whose tasks to put back. */
    char base[96];
    new_worker_id(base, sizeof(base));
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        signal(SIGCHLD, SIG_DFL);
        kv_close(); /* never share the master's connection */
        char id[128];
        snprintf(id, sizeof(id), "%s-%ld", base, (long)getpid());
        log_after_fork(false);
        process_options_t po = {.id = id, .queues = opt->queues, .nqueues = opt->nqueues};
        _exit(process_run(&po));
    }
    if (pid < 0) {
        log_error("fork", "%s", strerror(errno));
        return;
    }
    snprintf(p->id, sizeof(p->id), "%s-%ld", base, (long)pid);
    p->pid = pid;
    p->started = clock_monotonic_s();
    p->stopping = false;
    register_worker(p, opt, pid);
    log_info("process_start", "process %ld (%s) serving %zu queue(s)", (long)pid, p->id,
             opt->nqueues);
}

static long
live(const proc_t *procs)
{
    long n = 0;
    for (int i = 0; i < WORKER_MAX_PROCS; i++)
        n += procs[i].pid > 0 && !procs[i].stopping;
    return n;
}

static void
heartbeat(const proc_t *procs)
{
    char err[256];
    redisContext *c = kv_get(err, sizeof(err));
    if (c == NULL)
        return;
    int pending = 0;
    long long now = queue_now_ms();
    for (int i = 0; i < WORKER_MAX_PROCS; i++)
        if (procs[i].pid > 0) {
            redisAppendCommand(c, "ZADD workers %lld %s", now, procs[i].id);
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
autoscale(proc_t *procs, const worker_options_t *opt, double now, double *idle_since)
{
    long backlog = metrics_backlog(opt->queues, opt->nqueues);
    if (backlog < 0)
        return;
    long n = live(procs);
    if (backlog > 0) {
        *idle_since = 0;
        long want = n + backlog;
        if (want > opt->max_procs)
            want = opt->max_procs;
        for (int i = 0; i < WORKER_MAX_PROCS && n < want; i++)
            if (procs[i].pid == 0) {
                spawn(&procs[i], opt);
                n++;
                log_info("autoscale", "backlog %ld: scaled out to %ld process(es)", backlog, n);
            }
        return;
    }
    if (*idle_since == 0)
        *idle_since = now;
    if (n > opt->min_procs && now - *idle_since >= (double)settings.queue.autoscale_cooldown) {
        for (int i = WORKER_MAX_PROCS - 1; i >= 0 && n > opt->min_procs; i--)
            if (procs[i].pid > 0 && !procs[i].stopping) {
                procs[i].stopping = true;
                kill(procs[i].pid, SIGTERM);
                n--;
            }
        log_info("autoscale", "idle for %ld s: scaled in to %ld process(es)",
                 settings.queue.autoscale_cooldown, n);
    }
}

int
worker_run(const worker_options_t *opt)
{
    static proc_t procs[WORKER_MAX_PROCS];
    char err[256];
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);

    long start = opt->autoscale ? opt->min_procs : opt->concurrency;
    for (long i = 0; i < start && i < WORKER_MAX_PROCS; i++)
        spawn(&procs[i], opt);
    log_info("worker_start", "%ld process(es)%s, queues %s%s", start,
             opt->autoscale ? " (autoscale)" : "", opt->queues[0], opt->nqueues > 1 ? ",..." : "");

    beat_t beat;
    beat_init(&beat, opt->beat);
    wake_t wake;
    wake_open(&wake);
    double last_beat = 0, last_reap = 0, last_due = 0, last_heartbeat = 0, idle_since = 0,
           stop_deadline = 0;

    for (;;) {
        int woken = wake_wait(&wake, master_stop ? 50 : 200); /* a task arrived at an idle queue */
        double now = clock_monotonic_s();
        /* Children that ended: their tasks go back now, not after a heartbeat timeout. */
        int st;
        pid_t pid;
        while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
            for (int i = 0; i < WORKER_MAX_PROCS; i++) {
                if (procs[i].pid != pid)
                    continue;
                bool crashed = !WIFEXITED(st) || WEXITSTATUS(st) != 0;
                char reason[96];
                snprintf(reason, sizeof(reason), "worker process %s %d",
                         WIFSIGNALED(st) ? "killed by signal" : "exited with",
                         WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
                if (crashed)
                    log_warn("process_exit", "%s (%s)", reason, procs[i].id);
                while (worker_requeue(procs[i].id, reason, crashed) < 0 && !master_stop) {
                    struct timespec ts = {0, 200000000L};
                    nanosleep(&ts, NULL); /* Redis away: the tasks must not be lost */
                }
                bool replace = !master_stop && !procs[i].stopping &&
                               (!opt->autoscale || live(procs) < opt->min_procs || crashed);
                procs[i].pid = 0;
                if (replace && now - procs[i].started < 1.0) {
                    struct timespec ts = {1, 0}; /* a crash loop waits a second */
                    nanosleep(&ts, NULL);
                }
                if (replace)
                    spawn(&procs[i], opt);
            }
        }
        master_chld = 0;
        if (master_stop) {
            if (stop_deadline == 0) {
                stop_deadline = now + (double)settings.queue.worker_shutdown_timeout;
                log_info("worker_stop", "waiting up to %ld s for running tasks",
                         settings.queue.worker_shutdown_timeout);
                for (int i = 0; i < WORKER_MAX_PROCS; i++)
                    if (procs[i].pid > 0)
                        kill(procs[i].pid, SIGTERM);
            }
            bool any = false;
            for (int i = 0; i < WORKER_MAX_PROCS; i++)
                any |= procs[i].pid > 0;
            if (!any)
                break;
            if (now > stop_deadline) {
                log_warn("worker_stop", "shutdown timeout: killing what is left");
                for (int i = 0; i < WORKER_MAX_PROCS; i++)
                    if (procs[i].pid > 0)
                        kill(procs[i].pid, SIGKILL);
                stop_deadline = now + 3600;
            }
            continue;
        }
        if (now - last_heartbeat >= 1.0) {
            heartbeat(procs);
            last_heartbeat = now;
        }
        if (now - last_due >= 0.5) {
            queue_move_due();
            last_due = now;
        }
        if (now - last_reap >= 2.0) {
            reap_stale();
            last_reap = now;
        }
        if (woken || now - last_beat >= 1.0) {
            beat_tick(&beat, woken);
            last_beat = now;
        }
        if (opt->autoscale)
            autoscale(procs, opt, now, &idle_since);
    }
    wake_close(&wake);
    beat_release(&beat);
    kv_close();
    (void)err;
    log_info("worker_stop", "stopped");
    return 0;
}
