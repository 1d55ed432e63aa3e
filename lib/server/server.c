/* A FastCGI program's master: the socket, then the prefork supervisor. */
#include "server/server.h"

#include <errno.h>
#include <fcgiapp.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "server/listen.h"
#include "server/prefork.h"
#include "server/serve.h"

typedef struct {
    const server_t *srv;
    int listen_fd;
} program_t;

static int
child_main(void *ctx, int slot)
{
    const program_t *p = ctx;
    (void)slot;
    return serve_child(p->srv, p->listen_fd);
}

static void
child_exited(void *ctx, const prefork_exit_t *e)
{
    (void)ctx;
    if (e->respawn)
        log_warn("worker_exit", "worker %ld %s %d; restarting", (long)e->pid,
                 WIFSIGNALED(e->status) ? "killed by signal" : "exited with",
                 WIFSIGNALED(e->status) ? WTERMSIG(e->status) : WEXITSTATUS(e->status));
}

int
server_run(const server_t *srv, int argc, char **argv)
{
    (void)argc;
    log_init(srv->name, settings.log_level);
    if (FCGX_Init() != 0) {
        fprintf(stderr, "%s: FCGX_Init failed\n", srv->name);
        return 1;
    }
    program_t p = {srv, listen_open(settings.fcgi_listen, (int)settings.fcgi_backlog)};
    if (p.listen_fd < 0) {
        fprintf(stderr, "%s: cannot listen on %s: %s\n", srv->name, settings.fcgi_listen,
                strerror(errno));
        return 2;
    }
    log_info("start", "listening on %s with %ld workers", settings.fcgi_listen,
             settings.fcgi_workers);
    prefork_conf_t conf = {
        .slots = settings.fcgi_workers,
        .drain_timeout = settings.drain_timeout,
        .children = "workers",
        .stop_event = "stop",
        .argv = argv,
        .keep_fd = p.listen_fd,
        .ctx = &p,
        .child_main = child_main,
        .exited = child_exited,
    };
    if (prefork_run(&conf) != 0) {
        fprintf(stderr, "%s: cannot install signal handlers: %s\n", srv->name, strerror(errno));
        return 1;
    }
    if (strncmp(settings.fcgi_listen, "unix:", 5) == 0)
        unlink(settings.fcgi_listen + 5);
    log_info("stop", "all workers gone; exiting");
    return 0;
}
