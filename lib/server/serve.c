/* A FastCGI program's child serves several FastCGI connections at once:
 * nginx keeps them open (fastcgi_keep_conn) and sends one request at a time
 * on each, so the child waits on all of them and on the shared listening
 * socket with epoll, and serves whichever speaks first. A kept connection
 * that is idle never pins the process, and EPOLLEXCLUSIVE wakes one child
 * per new connection instead of all of them. */
#include "server/serve.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/log.h"
#include "db/db.h"
#include "kv/kv.h"

enum { MAX_CONNS = 128, TAG_LISTEN = MAX_CONNS, TAG_TERM };

typedef struct {
    FCGX_Request fcgx[MAX_CONNS];
    int open_fd[MAX_CONNS]; /* kept connection watched by epoll, -1 when free */
    size_t open_count;
    int epoll_fd;
    int listen_fd;
    bool listening;
} conns_t;

/* SIGTERM writes to a pipe the epoll set watches (the self-pipe trick). */
static volatile sig_atomic_t got_term;
static int term_pipe[2] = {-1, -1};

static void
on_term(int sig)
{
    int saved = errno;
    (void)sig;
    got_term = 1;
    ssize_t n = write(term_pipe[1], "x", 1);
    (void)n; /* a full pipe already holds a wake-up */
    errno = saved;
}

static int
term_pipe_open(void)
{
    struct sigaction sa;
    if (pipe2(term_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        return -1;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_term;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
        return -1;
    return 0;
}

static void
watch(conns_t *c, int fd, uint32_t tag, bool on)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = tag};
    if (tag == TAG_LISTEN)
        ev.events |= EPOLLEXCLUSIVE;
    epoll_ctl(c->epoll_fd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &ev);
}

/* Reads what is left of the request body. libfcgi does not skip it at
 * FCGX_Finish_r, so on a kept connection the next request would begin with
 * this one's stdin records and fail (nginx: "upstream prematurely closed");
 * a handler that refuses a request before reading its body (or a GET with
 * one) would then break someone else's request. nginx bounds the body
 * (client_max_body_size), so this ends. */
static void
drain_request_body(FCGX_Request *f)
{
    char sink[16384];
    while (FCGX_GetStr(sink, sizeof(sink), f->in) > 0)
        ;
}

/* Serves the next request on slot i: a new connection when the slot is
 * free, the kept connection's next request otherwise. A kept connection
 * stays registered with epoll from accept to close (closing it removes it),
 * so a request costs no epoll_ctl. */
static void
serve_slot(const server_t *srv, http_req_t *r, conns_t *c, int i)
{
    FCGX_Request *f = &c->fcgx[i];
    bool kept = c->open_fd[i] >= 0;
    int rc;

    if (kept) {
        /* When nginx has closed it, libfcgi would accept a new connection in
         * its place; with no listener it just reports the close. */
        f->listen_sock = -1;
        rc = FCGX_Accept_r(f);
        f->listen_sock = c->listen_fd;
    } else {
        /* Non-blocking listener: EAGAIN when another child took it. */
        rc = FCGX_Accept_r(f);
    }
    if (rc >= 0) {
        serve_request(srv, r, f);
        drain_request_body(f);
        FCGX_Finish_r(f); /* closes the connection unless nginx keeps it */
    }
    if (kept && f->ipcFd < 0) {
        c->open_fd[i] = -1;
        c->open_count--;
    } else if (!kept && f->ipcFd >= 0) {
        c->open_fd[i] = f->ipcFd;
        c->open_count++;
        watch(c, f->ipcFd, (uint32_t)i, true);
    }
    /* Full: leave new connections in the backlog for the other children. */
    bool want = c->open_count < MAX_CONNS;
    if (want != c->listening) {
        watch(c, c->listen_fd, TAG_LISTEN, want);
        c->listening = want;
    }
}

static int
free_slot(const conns_t *c)
{
    for (int i = 0; i < MAX_CONNS; i++)
        if (c->open_fd[i] < 0)
            return i;
    return -1;
}

static void
serve_until_term(const server_t *srv, http_req_t *r, conns_t *c)
{
    struct epoll_event events[MAX_CONNS + 2];
    char junk[64];

    while (!got_term) {
        log_flush();
        int n = epoll_wait(c->epoll_fd, events, (int)(sizeof(events) / sizeof(events[0])), -1);
        if (n < 0 && errno != EINTR)
            break;
        for (int k = 0; k < n && !got_term; k++) {
            uint32_t tag = events[k].data.u32;
            if (tag == TAG_TERM) {
                while (read(term_pipe[0], junk, sizeof(junk)) > 0)
                    ;
            } else if (tag == TAG_LISTEN) {
                int i = free_slot(c);
                if (i >= 0)
                    serve_slot(srv, r, c, i);
            } else if (tag < MAX_CONNS && c->open_fd[tag] >= 0) {
                serve_slot(srv, r, c, (int)tag);
            }
        }
    }
}

/* Draining: answer what already arrived on kept connections, then close. */
static void
serve_arrived(const server_t *srv, http_req_t *r, conns_t *c)
{
    for (int i = 0; i < MAX_CONNS; i++) {
        if (c->open_fd[i] < 0)
            continue;
        struct pollfd p = {.fd = c->open_fd[i], .events = POLLIN};
        if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN)) {
            FCGX_Request *f = &c->fcgx[i];
            if (FCGX_Accept_r(f) >= 0 && f->ipcFd == c->open_fd[i]) {
                serve_request(srv, r, f);
                FCGX_Finish_r(f);
            }
        }
    }
}

static int
conns_open(conns_t *c, int listen_fd)
{
    c->listen_fd = listen_fd;
    c->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < MAX_CONNS; i++) {
        c->open_fd[i] = -1;
        FCGX_InitRequest(&c->fcgx[i], listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
    }
    if (c->epoll_fd < 0)
        return -1;
    watch(c, term_pipe[0], TAG_TERM, true);
    watch(c, listen_fd, TAG_LISTEN, true);
    c->listening = true;
    return 0;
}

int
serve_child(const server_t *srv, int listen_fd)
{
    static conns_t c;
    buf_t headers, out;
    http_req_t r;
    int rc = 1;

    log_after_fork(true);
    signal(SIGPIPE, SIG_IGN);
    if (term_pipe_open() != 0) {
        log_error("worker_start", "signals: %s", strerror(errno));
        return 1;
    }
    if (srv->worker_init && srv->worker_init() != 0)
        return 1;
    memset(&r, 0, sizeof(r));
    buf_init(&headers);
    buf_init(&out);
    r.headers = &headers;
    r.out = &out;
    r.arena = arena_new(64 * 1024);
    if (conns_open(&c, listen_fd) != 0 || r.arena == NULL) {
        log_error("worker_start", "out of memory or epoll: %s", strerror(errno));
        goto fail;
    }
    serve_until_term(srv, &r, &c);
    serve_arrived(srv, &r, &c);
    rc = 0;
fail:
    log_flush();
    for (int i = 0; i < MAX_CONNS; i++)
        FCGX_Free(&c.fcgx[i], 1);
    if (c.epoll_fd >= 0)
        close(c.epoll_fd);
    arena_free(r.arena);
    buf_free(&headers);
    buf_free(&out);
    db_close();
    kv_close();
    return rc;
}
