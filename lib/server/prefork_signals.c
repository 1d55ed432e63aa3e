/* The prefork master's signals stay blocked except inside its ppoll, so a
 * flag is never set between the check and the wait; its children start
 * with a program's usual signals. */
#include "server/prefork_internal.h"

#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

volatile sig_atomic_t prefork_got_term, prefork_got_hup;

static const int caught[] = {SIGTERM, SIGINT, SIGHUP, SIGCHLD};
enum { NCAUGHT = sizeof(caught) / sizeof(caught[0]) };

static void
on_signal(int sig)
{
    if (sig == SIGTERM || sig == SIGINT)
        prefork_got_term = 1;
    else if (sig == SIGHUP)
        prefork_got_hup = 1;
    /* SIGCHLD only ends the wait: every turn reaps. */
}

static void
caught_set(sigset_t *set)
{
    sigemptyset(set);
    for (int i = 0; i < NCAUGHT; i++)
        sigaddset(set, caught[i]);
}

int
prefork_signals_install(prefork_t *pf)
{
    struct sigaction sa;
    sigset_t ours;

    prefork_got_term = prefork_got_hup = 0;
    caught_set(&ours);
    if (sigprocmask(SIG_BLOCK, &ours, &pf->wait_mask) != 0)
        return -1;
    for (int i = 0; i < NCAUGHT; i++)
        sigdelset(&pf->wait_mask, caught[i]);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NCAUGHT; i++)
        if (sigaction(caught[i], &sa, NULL) != 0)
            return -1;
    if (pf->conf->argv == NULL)
        signal(SIGHUP, SIG_IGN); /* no reload: SIGHUP must not stop the program */
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

void
prefork_signals_reset(pid_t master)
{
    sigset_t ours;
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* a master killed with SIGKILL leaves no orphans */
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGHUP, SIG_IGN);
    caught_set(&ours);
    sigprocmask(SIG_UNBLOCK, &ours, NULL);
    if (getppid() != master) /* it died before prctl: no death signal comes */
        raise(SIGTERM);
}
