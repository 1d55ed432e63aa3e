/* Accepting on the shared listening socket (accept.h). */
#include "ws/accept.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/log.h"
#include "ws/wsd.h"

/* Connections taken per wake-up: enough to empty a burst, few enough that
 * the other processes get their share and clients already here are served. */
enum { ACCEPT_BATCH = 64 };

static void
accept_ready(void)
{
    for (int i = 0; i < ACCEPT_BATCH; i++) {
        int fd = accept4(wsd.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            /* EAGAIN: another process took it; the rest are the client's. */
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
                log_warn("accept", "accept4: %s", strerror(errno));
            return;
        }
        if (lws_adopt_socket_vhost(wsd.vhost, fd) == NULL) /* lws closed fd */
            log_warn("accept", "libwebsockets refused a connection (descriptor limit?)");
    }
}

static int
listen_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    (void)user, (void)in, (void)len;
    switch (reason) {
    case LWS_CALLBACK_RAW_RX_FILE:
        if (wsi == wsd.listener && !wsd.draining)
            accept_ready();
        return 0;
    case LWS_CALLBACK_RAW_CLOSE_FILE:
        if (wsi == wsd.listener)
            wsd.listener = NULL;
        return 0;
    default:
        return 0;
    }
}

const struct lws_protocols ws_listen_protocol = {
    .name = "wsd-listen",
    .callback = listen_callback,
};

int
ws_accept_start(void)
{
    lws_sock_file_fd_type fd = {.filefd = wsd.listen_fd};
    wsd.listener =
        lws_adopt_descriptor_vhost(wsd.vhost, LWS_ADOPT_RAW_FILE_DESC, fd, "wsd-listen", NULL);
    return wsd.listener != NULL ? 0 : -1;
}

void
ws_accept_stop(void)
{
    if (wsd.listener != NULL)
        lws_set_timeout(wsd.listener, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}
