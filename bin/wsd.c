/* bin/wsd: the websocket daemon behind /ws/ (lib/ws). The master binds
 * WS_LISTEN once and keeps WS_WORKERS children, each one libwebsockets
 * event loop accepting from that socket. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "server/listen.h"
#include "server/prefork.h"
#include "ws/server.h"

static int
child_main(void *ctx, int slot)
{
    (void)slot;
    log_after_fork(false);
    return ws_server_run(*(int *)ctx);
}

/* The supervisor restarts it; the log says why it went. */
static void
child_exited(void *ctx, const prefork_exit_t *e)
{
    (void)ctx;
    if (!e->respawn)
        return;
    if (WIFSIGNALED(e->status))
        log_warn("worker_exit", "wsd process %ld killed by signal %d; restarting", (long)e->pid,
                 WTERMSIG(e->status));
    else
        log_warn("worker_exit", "wsd process %ld exited with %d; restarting", (long)e->pid,
                 WEXITSTATUS(e->status));
}

int
main(int argc, char **argv)
{
    (void)argc;
    settings_load_or_exit("wsd");
    log_init("wsd", settings.log_level);
    int fd = listen_open(settings.ws.listen, 1024);
    if (fd < 0) {
        fprintf(stderr, "wsd: cannot listen on %s: %s\n", settings.ws.listen, strerror(errno));
        return 2;
    }
    log_info("start", "listening on %s with %ld processes", settings.ws.listen,
             settings.ws.workers);
    prefork_conf_t conf = {
        .slots = settings.ws.workers,
        .drain_timeout = settings.drain_timeout,
        .children = "processes",
        .stop_event = "stop",
        .argv = argv,
        .keep_fd = fd,
        .ctx = &fd,
        .child_main = child_main,
        .exited = child_exited,
    };
    if (prefork_run(&conf) != 0) {
        fprintf(stderr, "wsd: cannot install signal handlers: %s\n", strerror(errno));
        return 1;
    }
    if (strncmp(settings.ws.listen, "unix:", 5) == 0)
        unlink(settings.ws.listen + 5);
    log_info("stop", "all processes gone; exiting");
    return 0;
}
