#include "server/server.h"
#include "core/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <fcgiapp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "db/db.h"
#include "http/response.h"
#include "kv/kv.h"

enum { MAX_WORKERS = 256, MAX_DRAINING = 1024 };

#define ENV_LISTEN_FD "VERBOSE_LISTEN_FD"
#define ENV_DRAINING "VERBOSE_DRAINING_PIDS"

static volatile sig_atomic_t got_term, got_hup, got_chld;
static int sig_pipe[2] = {-1, -1};

static void
on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGTERM || sig == SIGINT)
        got_term = 1;
    else if (sig == SIGHUP)
        got_hup = 1;
    else if (sig == SIGCHLD)
        got_chld = 1;
    ssize_t n = write(sig_pipe[1], "x", 1);
    (void)n; /* a full pipe already holds a wake-up */
    errno = saved;
}

static int
signals_install(const int *sigs, size_t n, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < n; i++)
        if (sigaction(sigs[i], &sa, NULL) != 0)
            return -1;
    return 0;
}

static int
pipe_open(void)
{
    if (sig_pipe[0] >= 0) {
        close(sig_pipe[0]);
        close(sig_pipe[1]);
    }
    if (pipe(sig_pipe) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}

static void
pipe_drain(void)
{
    char junk[64];
    while (read(sig_pipe[0], junk, sizeof(junk)) > 0)
        ;
}

/* --- the host check (Django's ALLOWED_HOSTS) ---------------------------- */

static bool
host_allowed(str_t host)
{
    str_t name = host, port;
    if (host.len && host.p[0] == '[') { /* [::1]:8080 */
        const char *end = memchr(host.p, ']', host.len);
        name.len = end ? (size_t)(end - host.p) + 1 : host.len;
    } else {
        str_split(host, ':', &name, &port);
    }
    str_t list = str_from_cstr(settings.allowed_hosts), item;
    while (list.len) {
        str_split(list, ',', &item, &list);
        item = str_trim(item);
        if (str_eq_cstr(item, "*"))
            return true;
        if (item.len && item.p[0] == '.') {
            str_t bare = {item.p + 1, item.len - 1};
            if (name.len == bare.len
                    ? strncasecmp(name.p, bare.p, bare.len) == 0
                    : name.len > item.len &&
                          strncasecmp(name.p + name.len - item.len, item.p, item.len) == 0)
                return true;
        } else if (item.len == name.len && item.len && strncasecmp(item.p, name.p, item.len) == 0) {
            return true;
        }
    }
    return false;
}

/* --- a worker ------------------------------------------------------------ */

static int
dispatch(const server_t *srv, http_req_t *r)
{
    const route_t *route = NULL;
    char allow[128], detail[96];

    if (!host_allowed(http_param(r, "HTTP_HOST")))
        return http_reply_detail(r, 400, "Invalid HTTP_HOST header.");
    switch (
        router_match(srv->router, r->method, r->path, &route, &r->params, allow, sizeof(allow))) {
    case ROUTE_FOUND:
        return route->handler(r);
    case ROUTE_METHOD_NOT_ALLOWED:
        http_add_header(r, "Allow", allow);
        if (str_eq_cstr(r->method, "OPTIONS")) {
            buf_puts(r->out, "{}");
            return http_json(r, 200);
        }
        snprintf(detail, sizeof(detail), "Method \"%.*s\" not allowed.",
                 r->method.len > 16 ? 16 : (int)r->method.len, r->method.p ? r->method.p : "");
        return http_reply_detail(r, 405, detail);
    case ROUTE_NOT_FOUND:
    default:
        return http_reply_detail(r, 404, "Not found.");
    }
}

static void
serve(const server_t *srv, http_req_t *r, FCGX_Request *fcgx)
{
    struct timespec done;

    http_req_begin(r, fcgx);
    int status = dispatch(srv, r);
    size_t bytes = http_finish(r, status);
    clock_gettime(CLOCK_MONOTONIC, &done);
    log_access(&(log_access_t){
        .request_id = r->request_id,
        .method = r->method,
        .path = r->path,
        .remote_addr = r->remote_addr,
        .user_agent = http_param(r, "HTTP_USER_AGENT"),
        .status = r->status,
        .bytes = bytes,
        .duration_ms = (double)(done.tv_sec - r->started.tv_sec) * 1e3 +
                       (double)(done.tv_nsec - r->started.tv_nsec) / 1e6,
    });
}

/* A worker serves several FastCGI connections at once: nginx keeps them
 * open (fastcgi_keep_conn) and sends one request at a time on each, so the
 * worker waits on all of them and on the shared listening socket with
 * epoll, and serves whichever speaks first. A kept connection that is idle
 * never pins the process, and EPOLLEXCLUSIVE wakes one worker per new
 * connection instead of all of them. */
enum { WORKER_MAX_CONNS = 128, TAG_LISTEN = WORKER_MAX_CONNS, TAG_PIPE };

typedef struct {
    FCGX_Request fcgx[WORKER_MAX_CONNS];
    int open_fd[WORKER_MAX_CONNS]; /* kept connection watched by epoll, -1 when free */
    size_t open_count;
    int epoll_fd;
    int listen_fd;
    bool listening;
} conns_t;

static void
watch(conns_t *c, int fd, uint32_t tag, bool on)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = tag};
    if (tag == TAG_LISTEN)
        ev.events |= EPOLLEXCLUSIVE;
    epoll_ctl(c->epoll_fd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &ev);
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
        /* Non-blocking listener: EAGAIN when another worker took it. */
        rc = FCGX_Accept_r(f);
    }
    if (rc >= 0) {
        serve(srv, r, f);
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
    /* Full: leave new connections in the backlog for the other workers. */
    bool want = c->open_count < WORKER_MAX_CONNS;
    if (want != c->listening) {
        watch(c, c->listen_fd, TAG_LISTEN, want);
        c->listening = want;
    }
}

static int
free_slot(const conns_t *c)
{
    for (int i = 0; i < WORKER_MAX_CONNS; i++)
        if (c->open_fd[i] < 0)
            return i;
    return -1;
}

static int
worker_main(const server_t *srv, int listen_fd)
{
    static const int stop_sigs[] = {SIGTERM, SIGINT};
    static conns_t c;
    struct epoll_event events[WORKER_MAX_CONNS + 2];
    buf_t headers, out;
    http_req_t r;
    int rc = 1;

    prctl(PR_SET_PDEATHSIG, SIGTERM); /* a master killed with SIGKILL leaves no orphans */
    log_after_fork(true);
    signal(SIGHUP, SIG_IGN);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    got_term = 0;
    if (pipe_open() != 0 || signals_install(stop_sigs, 2, SA_RESTART) != 0) {
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
    c.listen_fd = listen_fd;
    c.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < WORKER_MAX_CONNS; i++) {
        c.open_fd[i] = -1;
        FCGX_InitRequest(&c.fcgx[i], listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
    }
    if (r.arena == NULL || c.epoll_fd < 0) {
        log_error("worker_start", "out of memory or epoll: %s", strerror(errno));
        goto fail;
    }
    watch(&c, sig_pipe[0], TAG_PIPE, true);
    watch(&c, listen_fd, TAG_LISTEN, true);
    c.listening = true;

    while (!got_term) {
        log_flush();
        int n = epoll_wait(c.epoll_fd, events, (int)(sizeof(events) / sizeof(events[0])), -1);
        if (n < 0 && errno != EINTR)
            break;
        for (int k = 0; k < n && !got_term; k++) {
            uint32_t tag = events[k].data.u32;
            if (tag == TAG_PIPE) {
                pipe_drain();
            } else if (tag == TAG_LISTEN) {
                int i = free_slot(&c);
                if (i >= 0)
                    serve_slot(srv, &r, &c, i);
            } else if (tag < WORKER_MAX_CONNS && c.open_fd[tag] >= 0) {
                serve_slot(srv, &r, &c, (int)tag);
            }
        }
    }
    /* Draining: answer what already arrived on kept connections, then close. */
    for (int i = 0; i < WORKER_MAX_CONNS; i++) {
        if (c.open_fd[i] < 0)
            continue;
        struct pollfd p = {.fd = c.open_fd[i], .events = POLLIN};
        if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN)) {
            FCGX_Request *f = &c.fcgx[i];
            if (FCGX_Accept_r(f) >= 0 && f->ipcFd == c.open_fd[i]) {
                serve(srv, &r, f);
                FCGX_Finish_r(f);
            }
        }
    }
    rc = 0;
fail:
    log_flush();
    for (int i = 0; i < WORKER_MAX_CONNS; i++)
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

/* --- the master ---------------------------------------------------------- */

typedef struct {
    pid_t pid;
    double started;
    double respawn_at; /* when pid == 0 */
} slot_t;

/* Binds FCGI_LISTEN ourselves: libfcgi's FCGX_OpenSocket calls exit() when
 * bind fails, and a program must say in one line what went wrong. */
static int
listen_bind(const char *addr, int backlog)
{
    int fd = -1, one = 1;

    if (strncmp(addr, "unix:", 5) == 0) {
        struct sockaddr_un sun = {.sun_family = AF_UNIX};
        const char *path = addr + 5;
        struct stat st;
        if (strlen(path) >= sizeof(sun.sun_path)) {
            errno = ENAMETOOLONG;
            return -1;
        }
        strcpy(sun.sun_path, path);
        if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
            unlink(path); /* left by a process that did not stop cleanly */
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
            goto fail;
        chmod(path, 0666); /* nginx's workers may run as another user */
    } else {
        char host[256];
        const char *colon = strrchr(addr, ':');
        struct addrinfo hints = {.ai_family = AF_UNSPEC,
                                 .ai_socktype = SOCK_STREAM,
                                 .ai_flags = AI_PASSIVE | AI_NUMERICSERV},
                        *ai = NULL;
        if (colon == NULL || (size_t)(colon - addr) >= sizeof(host)) {
            errno = EINVAL;
            return -1;
        }
        memcpy(host, addr, (size_t)(colon - addr));
        host[colon - addr] = '\0';
        char *h = host;
        if (h[0] == '[' && h[strlen(h) - 1] == ']') {
            h[strlen(h) - 1] = '\0';
            h++;
        }
        int gai = getaddrinfo(*h ? h : NULL, colon + 1, &hints, &ai);
        if (gai != 0) {
            errno = EINVAL;
            return -1;
        }
        fd = socket(ai->ai_family, SOCK_STREAM, 0);
        if (fd >= 0)
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        int rc = fd < 0 ? -1 : bind(fd, ai->ai_addr, ai->ai_addrlen);
        freeaddrinfo(ai);
        if (rc != 0)
            goto fail;
    }
    if (listen(fd, backlog) != 0)
        goto fail;
    return fd;
fail:
    if (fd >= 0) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return -1;
}

static int
listen_open(const char *addr)
{
    const char *inherited = getenv(ENV_LISTEN_FD);
    if (inherited) {
        long fd;
        if (str_to_long(str_from_cstr(inherited), 0, INT_MAX, &fd)) {
            unsetenv(ENV_LISTEN_FD);
            return (int)fd;
        }
    }
    int fd = listen_bind(addr, (int)settings.fcgi_backlog);
    if (fd < 0)
        return -1;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) & ~FD_CLOEXEC); /* kept across SIGHUP's exec */
    return fd;
}

static pid_t
spawn(const server_t *srv, int listen_fd)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(worker_main(srv, listen_fd));
    if (pid < 0)
        log_error("fork", "%s", strerror(errno));
    return pid;
}

static void
reexec(char **argv, int listen_fd, const slot_t *slots, long n, const pid_t *draining,
       size_t ndraining)
{
    char self[PATH_MAX], fdtext[16];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    buf_t pids;

    if (len <= 0)
        return;
    self[len] = '\0';
    /* After a rebuild the old binary is unlinked: readlink ends in " (deleted)". */
    const char *deleted = " (deleted)";
    size_t dl = strlen(deleted);
    if ((size_t)len > dl && strcmp(self + len - dl, deleted) == 0)
        self[len - dl] = '\0';

    buf_init(&pids);
    for (long i = 0; i < n; i++)
        if (slots[i].pid > 0) {
            kill(slots[i].pid, SIGTERM);
            buf_printf(&pids, "%s%ld", pids.len ? "," : "", (long)slots[i].pid);
        }
    for (size_t i = 0; i < ndraining; i++)
        buf_printf(&pids, "%s%ld", pids.len ? "," : "", (long)draining[i]);
    snprintf(fdtext, sizeof(fdtext), "%d", listen_fd);
    setenv(ENV_LISTEN_FD, fdtext, 1);
    setenv(ENV_DRAINING, buf_cstr(&pids), 1);
    log_info("reload", "re-executing %s", self);
    execv(self, argv);
    log_error("reload", "exec %s failed: %s; keeping the running binary", self, strerror(errno));
    unsetenv(ENV_LISTEN_FD);
    unsetenv(ENV_DRAINING);
    buf_free(&pids);
}

int
server_run(const server_t *srv, int argc, char **argv)
{
    static const int master_sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGCHLD};
    slot_t slots[MAX_WORKERS];
    pid_t draining[MAX_DRAINING];
    size_t ndraining = 0;
    long n = settings.fcgi_workers;
    bool stopping = false, first = true;
    double deadline = 0;

    (void)argc;
    log_init(srv->name, settings.log_level);
    if (FCGX_Init() != 0) {
        fprintf(stderr, "%s: FCGX_Init failed\n", srv->name);
        return 1;
    }
    int listen_fd = listen_open(settings.fcgi_listen);
    if (listen_fd < 0) {
        fprintf(stderr, "%s: cannot listen on %s: %s\n", srv->name, settings.fcgi_listen,
                strerror(errno));
        return 2;
    }
    const char *old = getenv(ENV_DRAINING);
    if (old) {
        str_t list = str_from_cstr(old), item;
        while (list.len && ndraining < MAX_DRAINING) {
            long pid;
            str_split(list, ',', &item, &list);
            if (str_to_long(item, 1, INT_MAX, &pid))
                draining[ndraining++] = (pid_t)pid;
        }
        unsetenv(ENV_DRAINING);
    }
    signal(SIGPIPE, SIG_IGN);
    if (pipe_open() != 0 || signals_install(master_sigs, 4, SA_RESTART | SA_NOCLDSTOP) != 0) {
        fprintf(stderr, "%s: cannot install signal handlers: %s\n", srv->name, strerror(errno));
        return 1;
    }
    log_info("start", "listening on %s with %ld workers", settings.fcgi_listen, n);
    memset(slots, 0, sizeof(slots));

    for (;;) {
        struct pollfd p = {.fd = sig_pipe[0], .events = POLLIN};
        poll(&p, 1, stopping ? 100 : first ? 0 : 500);
        first = false;
        pipe_drain();
        double now = clock_monotonic_s();

        /* Reap on every turn: a child that died while SIGHUP's exec ran sent
         * its SIGCHLD to the old image. */
        {
            got_chld = 0;
            int st;
            pid_t pid;
            while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
                for (long i = 0; i < n; i++) {
                    if (slots[i].pid != pid)
                        continue;
                    slots[i].pid = 0;
                    bool crashed = !WIFEXITED(st) || WEXITSTATUS(st) != 0;
                    if (!stopping)
                        log_warn("worker_exit", "worker %ld %s %d; restarting", (long)pid,
                                 WIFSIGNALED(st) ? "killed by signal" : "exited with",
                                 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
                    /* A worker that dies at once (bad settings, DB crash loop) waits 1 s. */
                    bool young = now - slots[i].started < 1.0;
                    slots[i].respawn_at = now + (crashed && young ? 1.0 : 0.0);
                }
                for (size_t i = 0; i < ndraining; i++)
                    if (draining[i] == pid)
                        draining[i] = draining[--ndraining];
            }
        }
        if (got_term && !stopping) {
            stopping = true;
            deadline = now + (double)settings.drain_timeout;
            log_info("stop", "draining %ld workers (up to %ld s)", n, settings.drain_timeout);
            for (long i = 0; i < n; i++)
                if (slots[i].pid > 0)
                    kill(slots[i].pid, SIGTERM);
        }
        if (stopping) {
            bool alive = ndraining > 0;
            for (long i = 0; i < n; i++)
                alive |= slots[i].pid > 0;
            if (!alive)
                break;
            if (now > deadline) {
                log_warn("stop", "drain timeout: killing what is left");
                for (long i = 0; i < n; i++)
                    if (slots[i].pid > 0)
                        kill(slots[i].pid, SIGKILL);
                for (size_t i = 0; i < ndraining; i++)
                    kill(draining[i], SIGKILL);
                deadline = now + 5;
            }
            continue;
        }
        if (got_hup) {
            got_hup = 0;
            reexec(argv, listen_fd, slots, n, draining, ndraining);
        }
        for (long i = 0; i < n; i++) {
            if (slots[i].pid != 0 || now < slots[i].respawn_at)
                continue;
            slots[i].started = now;
            slots[i].pid = spawn(srv, listen_fd);
            if (slots[i].pid < 0) { /* fork failed: try again in a second */
                slots[i].pid = 0;
                slots[i].respawn_at = now + 1.0;
            }
        }
    }
    if (strncmp(settings.fcgi_listen, "unix:", 5) == 0)
        unlink(settings.fcgi_listen + 5);
    log_info("stop", "all workers gone; exiting");
    return 0;
}
