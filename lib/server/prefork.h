/* The prefork supervisor every long-running program runs under (gunicorn's
 * arbiter, Celery's prefork pool). The master keeps N slots filled with
 * forked children and restarts one that dies; a child that crashes within a
 * second of its start waits 1 s, then 2, 4, ... up to 16 s before the next
 * try, and the master never sleeps meanwhile: it waits for a signal, the
 * next respawn, the next tick or the watched fd, whichever comes first.
 *
 * SIGTERM/SIGINT: the children get SIGTERM; the master returns once they
 * are gone, sending SIGKILL to what is left after drain_timeout seconds.
 * SIGHUP (when argv is given): the master re-executes its binary with the
 * same pid and keep_fd; the old children get SIGTERM and finish what they
 * hold while the new image forks fresh ones and reaps (and at its own
 * drain, waits for) the old ones. Without argv SIGHUP is ignored. */
#ifndef SERVER_PREFORK_H
#define SERVER_PREFORK_H

#include <stdbool.h>
#include <sys/types.h>

enum { PREFORK_MAX_SLOTS = 256 };

typedef struct prefork prefork_t;

typedef struct {
    int slot;
    pid_t pid;
    int status;   /* as waitpid reports it */
    bool crashed; /* killed by a signal or a non-zero exit */
    bool respawn; /* the slot gets a new child (not draining, not scaled in) */
} prefork_exit_t;

typedef struct {
    long slots;             /* children at start, 0 to PREFORK_MAX_SLOTS */
    long drain_timeout;     /* seconds from SIGTERM to SIGKILL */
    const char *children;   /* what the drain's log lines call them: "workers" */
    const char *stop_event; /* the drain's log event: "stop" */
    char **argv;            /* SIGHUP re-executes the program with these; NULL: no reload */
    int keep_fd;            /* stays open across the re-exec (prefork_inherited_fd); -1: none */
    double tick_every;      /* seconds between ticks; 0: no tick */
    void *ctx;              /* passed to every hook */
    /* In the master just before a fork (may be NULL): state the child inherits. */
    void (*prepare)(void *ctx, int slot);
    /* In the child, with default SIGTERM/SIGINT/SIGCHLD, SIGHUP ignored and
     * SIGTERM on the master's death; its return value is the exit status. */
    int (*child_main)(void *ctx, int slot);
    /* In the master after a fork (may be NULL). */
    void (*started)(void *ctx, int slot, pid_t pid);
    /* In the master once a child was reaped (may be NULL). */
    void (*exited)(void *ctx, const prefork_exit_t *e);
    /* The master's own work, every tick_every seconds and whenever the
     * watched fd is readable; not while draining (may be NULL). */
    void (*tick)(void *ctx, prefork_t *pf);
} prefork_conf_t;

/* Runs the master until it has drained after SIGTERM/SIGINT; returns 0, or
 * 1 when the signal handlers cannot be installed. */
int prefork_run(const prefork_conf_t *conf);

/* From a hook: the number of slots to keep filled. Children in slots at or
 * beyond it get SIGTERM and are not replaced; new slots fill at once. */
void prefork_resize(prefork_t *pf, long slots);
long prefork_size(const prefork_t *pf);

/* From a hook: wake the master (and tick) when fd is readable; -1: none.
 * Call again whenever the fd is closed or replaced. */
void prefork_watch(prefork_t *pf, int fd);

/* The keep_fd the image before a SIGHUP re-exec passed on, or -1. */
int prefork_inherited_fd(void);

#endif
