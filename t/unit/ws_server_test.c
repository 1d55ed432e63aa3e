/* A wsd process's loop around a SIGTERM: it drains and returns with the
 * context pointer cleared, so a signal that comes after (the handler stays
 * installed until exit) finds no context to wake, not a freed one. (lws is
 * not built with ASan: a use of its freed context would go unreported,
 * hence the check on the pointer.) */
#include "ws/server.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "tap.h"
#include "ws/wsd.h"

/* A listening unix socket under a temporary directory, or -1. */
static int
listen_unix(char *dir, char *path, size_t cap)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, cap, "%s/wsd.sock", dir);
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0 && (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 16) != 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

int
main(void)
{
    char dir[] = "/tmp/ws_server_test.XXXXXX", path[96];
    int fd = listen_unix(dir, path, sizeof(path));
    ok(fd >= 0, "a listening socket");
    log_init("ws_server_test", "error");
    settings.ws.max_connections = 16;
    settings.redis_host = "127.0.0.1";
    settings.redis_port = 1; /* nothing there: the layer stays down, which is fine */
    settings.redis_timeout_ms = 200;
    timer_t timer;
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGTERM};
    struct itimerspec at = {.it_value = {0, 300 * 1000 * 1000}};
    ok(timer_create(CLOCK_MONOTONIC, &ev, &timer) == 0 && timer_settime(timer, 0, &at, NULL) == 0,
       "a SIGTERM in 0.3 s");
    is_int(ws_server_run(fd), 0, "the loop drains on SIGTERM and returns 0");
    ok(wsd.context == NULL, "with the context pointer cleared");
    raise(SIGTERM); /* the handler is still installed: it must not touch a freed context */
    timer_delete(timer);
    close(fd);
    unlink(path);
    rmdir(dir);
    return done_testing();
}
