/* SIGHUP's hot reload: the master re-executes its binary in place, so its
 * pid (the one pid files and process supervisors know) stays the same. */
#include "server/prefork_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"

#define ENV_KEEP_FD "VERBOSE_LISTEN_FD"
#define ENV_DRAINING "VERBOSE_DRAINING_PIDS"

/* The running binary; after a rebuild the old one is unlinked and readlink
 * ends in " (deleted)": the new file at the same path is the one wanted. */
static bool
self_path(char *out, size_t cap)
{
    ssize_t len = readlink("/proc/self/exe", out, cap - 1);
    if (len <= 0)
        return false;
    out[len] = '\0';
    const char *deleted = " (deleted)";
    size_t dl = strlen(deleted);
    if ((size_t)len > dl && strcmp(out + len - dl, deleted) == 0)
        out[len - dl] = '\0';
    return true;
}

void
prefork_reload(prefork_t *pf)
{
    char self[PATH_MAX], fdtext[16];
    buf_t pids;

    if (!self_path(self, sizeof(self)))
        return;
    buf_init(&pids);
    for (int i = 0; i < PREFORK_MAX_SLOTS; i++)
        if (pf->slot[i].pid > 0) {
            kill(pf->slot[i].pid, SIGTERM); /* they drain under the new image */
            buf_printf(&pids, "%s%ld", pids.len ? "," : "", (long)pf->slot[i].pid);
        }
    for (size_t i = 0; i < pf->nadopted; i++)
        buf_printf(&pids, "%s%ld", pids.len ? "," : "", (long)pf->adopted[i]);
    if (pf->conf->keep_fd >= 0) {
        snprintf(fdtext, sizeof(fdtext), "%d", pf->conf->keep_fd);
        setenv(ENV_KEEP_FD, fdtext, 1);
    }
    setenv(ENV_DRAINING, buf_cstr(&pids), 1);
    log_info("reload", "re-executing %s", self);
    execv(self, pf->conf->argv);
    log_error("reload", "exec %s failed: %s; keeping the running binary", self, strerror(errno));
    unsetenv(ENV_KEEP_FD);
    unsetenv(ENV_DRAINING);
    buf_free(&pids);
}

/* Only a child of ours not adopted yet: a stale or hostile list must not
 * make the drain wait forever for, or SIGKILL, a process that is not ours.
 * One that already ended is adopted too; the first reap collects it. */
static bool
adoptable(const prefork_t *pf, long pid)
{
    siginfo_t si;
    for (size_t i = 0; i < pf->nadopted; i++)
        if (pf->adopted[i] == (pid_t)pid)
            return false;
    return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0;
}

void
prefork_adopt(prefork_t *pf)
{
    const char *old = getenv(ENV_DRAINING);
    if (old == NULL)
        return;
    str_t list = str_from_cstr(old), item;
    while (list.len && pf->nadopted < PREFORK_MAX_ADOPTED) {
        long pid;
        str_split(list, ',', &item, &list);
        if (str_to_long(item, 1, INT_MAX, &pid) && adoptable(pf, pid))
            pf->adopted[pf->nadopted++] = (pid_t)pid;
    }
    unsetenv(ENV_DRAINING);
}

int
prefork_inherited_fd(void)
{
    const char *inherited = getenv(ENV_KEEP_FD);
    long fd = -1;
    /* A malformed value or a descriptor that is not open is dropped too:
     * the caller binds afresh, and no child inherits the variable. */
    if (inherited &&
        (!str_to_long(str_from_cstr(inherited), 0, INT_MAX, &fd) || fcntl((int)fd, F_GETFD) < 0))
        fd = -1;
    unsetenv(ENV_KEEP_FD);
    return (int)fd;
}
