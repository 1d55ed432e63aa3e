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

/* Out of descriptors, the listener stays readable: it is paused this long
 * between tries instead of waking the loop at once, again and again. */
static const lws_usec_t ACCEPT_PAUSE_US = 100 * LWS_US_PER_MS;

static lws_sorted_usec_list_t resume_timer;
static bool out_of_descriptors; /* since the last accept that worked */

static void
accept_resume(lws_sorted_usec_list_t *sul)
{
    (void)sul;
    if (wsd.listener != NULL && !wsd.draining)
        lws_rx_flow_control(wsd.listener, 1);
}

static void
accept_pause(void)
{
    if (!out_of_descriptors)
        log_warn("accept_paused", "accept4: %s: not accepting for %d ms at a time until it works",
                 strerror(errno), (int)(ACCEPT_PAUSE_US / LWS_US_PER_MS));
    out_of_descriptors = true;
    lws_rx_flow_control(wsd.listener, 0);
    lws_sul_schedule(wsd.context, 0, &resume_timer, accept_resume, ACCEPT_PAUSE_US);
}

static void
accept_ready(void)
{
    for (int i = 0; i < ACCEPT_BATCH; i++) {
        int fd = accept4(wsd.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
            accept_pause();
            return;
        }
        if (fd < 0) {
            /* EAGAIN: another process took it; the rest are the client's. */
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
                log_warn("accept", "accept4: %s", strerror(errno));
            return;
        }
        if (out_of_descriptors)
            log_info("accept_resumed", "accepting again");
        out_of_descriptors = false;
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
    lws_sul_cancel(&resume_timer);
    if (wsd.listener != NULL)
        lws_set_timeout(wsd.listener, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}
