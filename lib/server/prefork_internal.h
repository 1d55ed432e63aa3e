/* Inside the prefork supervisor (see prefork.h): the master's state and the
 * parts of it in prefork_signals.c and prefork_reload.c. */
#ifndef SERVER_PREFORK_INTERNAL_H
#define SERVER_PREFORK_INTERNAL_H

#include <signal.h>
#include <stddef.h>

#include "server/prefork.h"

enum { PREFORK_MAX_ADOPTED = 1024 };

typedef struct {
    pid_t pid; /* 0: empty */
    double started;
    double respawn_at; /* when empty */
    int quick_crashes; /* in a row: the backoff's exponent */
} prefork_slot_t;

struct prefork {
    const prefork_conf_t *conf;
    prefork_slot_t slot[PREFORK_MAX_SLOTS];
    long size;                          /* slots kept filled */
    pid_t adopted[PREFORK_MAX_ADOPTED]; /* the previous image's children */
    size_t nadopted;
    int watch_fd;
    bool watch_ready, draining;
    double deadline, next_tick;
    sigset_t wait_mask; /* the mask inside ppoll: ours unblocked */
};

/* Set by the handlers, which only run inside the master's ppoll. */
extern volatile sig_atomic_t prefork_got_term, prefork_got_hup;

/* Blocks the master's signals and installs their handlers; sets
 * pf->wait_mask. 0, or -1 with errno. */
int prefork_signals_install(prefork_t *pf);

/* In a new child of master: the signals a program starts with. */
void prefork_signals_reset(pid_t master);

/* SIGHUP: SIGTERM to the children, then re-executes /proc/self/exe with
 * conf->argv, passing keep_fd and the pids the new image must wait for.
 * Returns only when exec failed (logged). */
void prefork_reload(prefork_t *pf);

/* The previous image's children, still draining, into pf->adopted. */
void prefork_adopt(prefork_t *pf);

#endif
