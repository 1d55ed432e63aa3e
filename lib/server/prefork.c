/* The prefork master (see prefork.h): slots, reaping, the crash backoff and
 * the drain. It only ever waits in ppoll, for a signal, the watched fd or
 * the next respawn, tick or drain deadline: never in a sleep. */
#include "server/prefork_internal.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"

/* A crash within YOUNG_S of the start waits BACKOFF_FIRST_S, doubling up to
 * BACKOFF_MAX_S for each such crash in a row; after SIGKILL the drain
 * checks again every KILL_AGAIN_S. */
#define YOUNG_S 1.0
#define BACKOFF_FIRST_S 1.0
#define BACKOFF_MAX_S 16.0
#define KILL_AGAIN_S 5.0

static void
spawn(prefork_t *pf, int i, double now)
{
    const prefork_conf_t *conf = pf->conf;
    if (conf->prepare)
        conf->prepare(conf->ctx, i);
    pid_t master = getpid(), pid = fork();
    if (pid == 0) {
        prefork_signals_reset(master);
        _exit(conf->child_main(conf->ctx, i));
    }
    if (pid < 0) { /* try again in a second */
        log_error("fork", "%s", strerror(errno));
        pf->slot[i].respawn_at = now + 1.0;
        return;
    }
    pf->slot[i].pid = pid;
    pf->slot[i].started = now;
    if (conf->started)
        conf->started(conf->ctx, i, pid);
}

/* When a slot whose child ended may have the next one. */
static double
respawn_time(prefork_slot_t *s, bool crashed, double now)
{
    if (!crashed || now - s->started >= YOUNG_S) {
        s->quick_crashes = 0;
        return now;
    }
    double wait = BACKOFF_FIRST_S * (double)(1 << s->quick_crashes);
    if (wait < BACKOFF_MAX_S)
        s->quick_crashes++;
    return now + (wait < BACKOFF_MAX_S ? wait : BACKOFF_MAX_S);
}

static void
reaped(prefork_t *pf, pid_t pid, int status, double now)
{
    for (size_t i = 0; i < pf->nadopted; i++)
        if (pf->adopted[i] == pid) {
            pf->adopted[i] = pf->adopted[--pf->nadopted];
            return;
        }
    for (int i = 0; i < PREFORK_MAX_SLOTS; i++) {
        prefork_slot_t *s = &pf->slot[i];
        if (s->pid != pid)
            continue;
        prefork_exit_t e = {.slot = i, .pid = pid, .status = status};
        e.crashed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
        e.respawn = !pf->draining && i < pf->size;
        s->pid = 0;
        s->respawn_at = respawn_time(s, e.crashed, now);
        if (pf->conf->exited)
            pf->conf->exited(pf->conf->ctx, &e);
        return;
    }
}

static void
signal_children(prefork_t *pf, int sig, bool adopted_too)
{
    for (int i = 0; i < PREFORK_MAX_SLOTS; i++)
        if (pf->slot[i].pid > 0)
            kill(pf->slot[i].pid, sig);
    for (size_t i = 0; adopted_too && i < pf->nadopted; i++)
        kill(pf->adopted[i], sig);
}

static bool
any_child(const prefork_t *pf)
{
    for (int i = 0; i < PREFORK_MAX_SLOTS; i++)
        if (pf->slot[i].pid > 0)
            return true;
    return pf->nadopted > 0;
}

/* The earliest of the next tick, respawn and drain deadline; INFINITY when
 * only a signal can bring work. */
static double
next_event(const prefork_t *pf)
{
    if (pf->draining)
        return pf->deadline;
    double next = pf->conf->tick ? pf->next_tick : INFINITY;
    for (long i = 0; i < pf->size; i++)
        if (pf->slot[i].pid == 0 && pf->slot[i].respawn_at < next)
            next = pf->slot[i].respawn_at;
    return next;
}

static void
wait_event(prefork_t *pf)
{
    double left = next_event(pf) - clock_monotonic_s();
    struct timespec ts, *timeout = NULL;
    if (left < INFINITY) {
        left = left > 0 ? left : 0;
        ts.tv_sec = (time_t)left;
        ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
        timeout = &ts;
    }
    struct pollfd p = {.fd = pf->draining ? -1 : pf->watch_fd, .events = POLLIN};
    int n = ppoll(&p, 1, timeout, &pf->wait_mask);
    if (n > 0 && (p.revents & POLLNVAL))
        pf->watch_fd = -1; /* closed behind our back: the tick re-arms it */
    pf->watch_ready = n > 0;
}

/* One turn with signals blocked: reap, then drain, reload, respawn, tick. */
static bool
turn(prefork_t *pf)
{
    const prefork_conf_t *conf = pf->conf;
    double now = clock_monotonic_s();
    int status;
    pid_t pid;
    /* Reap on every turn: SIGCHLD of a child that died while SIGHUP's
     * exec ran may have gone to the old image. */
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        reaped(pf, pid, status, now);
    if (prefork_got_term && !pf->draining) {
        pf->draining = true;
        pf->deadline = now + (double)conf->drain_timeout;
        log_info(conf->stop_event, "draining %ld %s (up to %ld s)", pf->size, conf->children,
                 conf->drain_timeout);
        signal_children(pf, SIGTERM, false);
    }
    if (pf->draining) {
        if (!any_child(pf))
            return false;
        if (now >= pf->deadline) {
            log_warn(conf->stop_event, "drain timeout: killing what is left");
            signal_children(pf, SIGKILL, true);
            pf->deadline = now + KILL_AGAIN_S;
        }
        return true;
    }
    if (prefork_got_hup) {
        prefork_got_hup = 0;
        prefork_reload(pf);
    }
    for (long i = 0; i < pf->size; i++)
        if (pf->slot[i].pid == 0 && now >= pf->slot[i].respawn_at)
            spawn(pf, (int)i, now);
    if (conf->tick && (pf->watch_ready || now >= pf->next_tick)) {
        pf->next_tick = now + conf->tick_every;
        pf->watch_ready = false;
        conf->tick(conf->ctx, pf);
    }
    return true;
}

int
prefork_run(const prefork_conf_t *conf)
{
    static prefork_t pf;

    memset(&pf, 0, sizeof(pf));
    pf.conf = conf;
    pf.watch_fd = -1;
    pf.size = conf->slots < PREFORK_MAX_SLOTS ? conf->slots : PREFORK_MAX_SLOTS;
    prefork_adopt(&pf);
    if (prefork_signals_install(&pf) != 0)
        return 1;
    while (turn(&pf))
        wait_event(&pf);
    return 0;
}

void
prefork_resize(prefork_t *pf, long slots)
{
    if (slots < 0)
        slots = 0;
    if (slots > PREFORK_MAX_SLOTS)
        slots = PREFORK_MAX_SLOTS;
    for (long i = slots; i < pf->size; i++)
        if (pf->slot[i].pid > 0)
            kill(pf->slot[i].pid, SIGTERM);
    pf->size = slots;
}

long
prefork_size(const prefork_t *pf)
{
    return pf->size;
}

void
prefork_watch(prefork_t *pf, int fd)
{
    pf->watch_fd = fd;
}
