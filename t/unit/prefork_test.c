/* The prefork supervisor with real forked children. Each case forks a
 * master running prefork_run; its hooks and children write one event line
 * each to a pipe ("S slot pid t" started, "X slot status t" exited,
 * "T 0 0 t" tick, "C pid 0 t" child ready, "H pid fd t" re-executed,
 * "A pid 0 t" a child to adopt), and the test waits for those events,
 * never for a guessed time. Timestamps are CLOCK_MONOTONIC, which every
 * process shares. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "server/listen.h"
#include "server/prefork.h"
#include "tap.h"

#define WAIT_S 60.0 /* generous: CI machines are slow and busy */

typedef struct {
    char type;
    long a, b;
    double t;
} event_t;

static int report_fd = -1;
static int starts, exits, resize_stage; /* in the master */
static bool resize_script;
static pid_t adopt_stranger; /* set: the master first forks a child to adopt */
static event_t events[8192];
static size_t nevents;
static char rbuf[8192];
static size_t rlen;

__attribute__((format(printf, 2, 3))) static void
report(char type, const char *fmt, ...)
{
    char line[128];
    va_list ap;
    int n = snprintf(line, sizeof(line), "%c ", type);
    va_start(ap, fmt);
    n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    va_end(ap);
    n += snprintf(line + n, sizeof(line) - (size_t)n, " %.6f\n", clock_monotonic_s());
    ssize_t w = write(report_fd, line, (size_t)n); /* under PIPE_BUF: one piece */
    (void)w;
}

static void
parse_lines(void)
{
    char *start = rbuf, *nl;
    while ((nl = memchr(start, '\n', rlen - (size_t)(start - rbuf))) != NULL) {
        *nl = '\0';
        event_t *e = &events[nevents < 8191 ? nevents++ : nevents];
        if (sscanf(start, "%c %ld %ld %lf", &e->type, &e->a, &e->b, &e->t) != 4)
            e->type = '?';
        start = nl + 1;
    }
    rlen -= (size_t)(start - rbuf);
    memmove(rbuf, start, rlen);
}

static int
count(char type)
{
    int n = 0;
    for (size_t i = 0; i < nevents; i++)
        n += events[i].type == type;
    return n;
}

/* Reads events until n of type arrived; false after WAIT_S. */
static bool
await(int fd, char type, int n)
{
    double until = clock_monotonic_s() + WAIT_S;
    while (count(type) < n) {
        int left = (int)((until - clock_monotonic_s()) * 1000);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, left) != 1)
            return false;
        ssize_t got = read(fd, rbuf + rlen, sizeof(rbuf) - rlen - 1);
        if (got <= 0)
            return false;
        rlen += (size_t)got;
        parse_lines();
    }
    return true;
}

static const event_t *
nth(char type, int k)
{
    for (size_t i = 0; i < nevents; i++)
        if (events[i].type == type && k-- == 0)
            return &events[i];
    return NULL;
}

/* Waits for the master to exit; its wait status, or -1 after WAIT_S. */
static int
master_wait(pid_t pid)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0), status;
    if (fd < 0) /* a kernel before 5.3: no timeout then */
        return waitpid(pid, &status, 0) == pid ? status : -1;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    bool ended = poll(&p, 1, (int)(WAIT_S * 1000)) == 1;
    close(fd);
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return -1;
    }
    return waitpid(pid, &status, 0) == pid ? status : -1;
}

/* --- hooks -----------------------------------------------------------------
 */

static int
crash_at_once(void *ctx, int slot)
{
    (void)ctx, (void)slot;
    return 3;
}

static int
wait_for_signal(void *ctx, int slot)
{
    (void)ctx, (void)slot;
    while (pause() != 0) /* pause returns only -1, after a caught signal */
        ;
    return 0;
}

static int
ignore_term(void *ctx, int slot)
{
    (void)ctx, (void)slot;
    signal(SIGTERM, SIG_IGN);
    report('C', "%ld 0", (long)getpid());
    while (pause() != 0) /* pause returns only -1, after a caught signal */
        ;
    return 0;
}

static void
on_started(void *ctx, int slot, pid_t pid)
{
    (void)ctx;
    report('S', "%d %ld", slot, (long)pid);
    starts++;
}

static void
on_exited(void *ctx, const prefork_exit_t *e)
{
    (void)ctx;
    report('X', "%d %d", e->slot, e->status);
    exits++;
}

/* With resize_script: once two children run, down to one slot; once its
 * child was reaped, up to three ("R slots 0 t" each time). */
static void
on_tick(void *ctx, prefork_t *pf)
{
    (void)ctx;
    report('T', "0 0");
    if (resize_script && resize_stage == 0 && starts >= 2) {
        prefork_resize(pf, 1);
        report('R', "%ld 0", prefork_size(pf));
        resize_stage = 1;
    } else if (resize_script && resize_stage == 1 && exits >= 1) {
        prefork_resize(pf, 3);
        report('R', "%ld 0", prefork_size(pf));
        resize_stage = 2;
    }
}

/* In the master before prefork_run: a child of its own (as if from the
 * image before a re-exec) in a VERBOSE_DRAINING_PIDS that also names a
 * stranger, the master itself, a repeat and junk ("A pid 0 t"). */
static void
adopt_setup(pid_t stranger)
{
    char list[192];
    pid_t own = fork();
    if (own == 0) {
        while (pause() != 0) /* until the drain deadline's SIGKILL */
            ;
        _exit(0);
    }
    snprintf(list, sizeof(list), "%ld,x,-1,,99999999999999999999,%ld,%ld,%ld", (long)stranger,
             (long)own, (long)own, (long)getpid());
    setenv("VERBOSE_DRAINING_PIDS", list, 1);
    report('A', "%ld 0", (long)own);
}

/* Forks a master whose hooks report; fd is where the test reads. SIGHUP
 * re-executes with argv when given. */
static pid_t
master_start(long slots, long drain_timeout, int (*child_main)(void *, int), char **argv,
             int keep_fd, int *fd)
{
    prefork_conf_t conf = {.slots = slots,
                           .drain_timeout = drain_timeout,
                           .children = "children",
                           .stop_event = "stop",
                           .argv = argv,
                           .keep_fd = keep_fd,
                           .tick_every = 0.05,
                           .child_main = child_main,
                           .started = on_started,
                           .exited = on_exited,
                           .tick = on_tick};
    int p[2];
    if (pipe(p) != 0)
        return -1;
    nevents = rlen = 0;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        report_fd = p[1];
        if (adopt_stranger > 0)
            adopt_setup(adopt_stranger);
        _exit(prefork_run(&conf));
    }
    close(p[1]);
    *fd = p[0];
    return pid;
}

/* --- cases ------------------------------------------------------------------
 */

static void
test_crash_loop(void)
{
    int fd;
    pid_t master = master_start(1, 5, crash_at_once, NULL, -1, &fd);
    ok(await(fd, 'S', 4), "a child that crashes at once is started again and again");
    double want[] = {1.0, 2.0, 4.0};
    for (int k = 0; k < 3 && count('S') >= 4; k++) {
        double gap = nth('S', k + 1)->t - nth('S', k)->t;
        ok(gap >= want[k] - 0.01, "respawn %d waits at least %.0f s (%.2f s)", k + 1, want[k], gap);
    }
    /* The ticks go on through the backoffs: no gap near a backoff's length. */
    double from = nth('S', 0) ? nth('S', 0)->t : 0, to = nth('S', 3) ? nth('S', 3)->t : 0,
           last = from, worst = 0;
    for (size_t i = 0; i < nevents; i++)
        if (events[i].type == 'T' && events[i].t > from && events[i].t <= to) {
            worst = events[i].t - last > worst ? events[i].t - last : worst;
            last = events[i].t;
        }
    worst = to - last > worst ? to - last : worst;
    ok(worst < 0.8, "the tick is never held up by the crash loop (longest gap %.2f s)", worst);
    kill(master, SIGTERM);
    int status = master_wait(master);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "SIGTERM ends the master (status %d)",
       status);
    close(fd);
}

static void
test_drain_deadline(void)
{
    int fd;
    pid_t master = master_start(2, 1, ignore_term, NULL, -1, &fd);
    ok(await(fd, 'C', 2), "two children that ignore SIGTERM are up");
    double sent = clock_monotonic_s();
    kill(master, SIGTERM);
    ok(await(fd, 'X', 2), "both are reaped");
    int killed = 0;
    for (int k = 0; k < 2 && nth('X', k); k++)
        killed += WIFSIGNALED((int)nth('X', k)->b) && WTERMSIG((int)nth('X', k)->b) == SIGKILL;
    is_int(killed, 2, "by SIGKILL");
    ok(nth('X', 0) && nth('X', 0)->t - sent >= 0.99, "once the drain deadline passed (%.2f s)",
       nth('X', 0) ? nth('X', 0)->t - sent : -1.0);
    int status = master_wait(master);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "then prefork_run returns 0 (status %d)",
       status);
    close(fd);
}

static void
test_reload_in_crash_loop(char *self)
{
    int keep = open("/dev/null", O_RDONLY);
    char fdarg[16];
    int fd;
    /* The new image reports to the write end of the pipe master_start
     * opens right after keep: the read end is keep + 1 (checked below). */
    snprintf(fdarg, sizeof(fdarg), "%d", keep + 2);
    char *argv[] = {self, "--reexeced", fdarg, NULL};
    pid_t master = master_start(2, 5, crash_at_once, argv, keep, &fd);
    ok(fd == keep + 1, "the report pipe is where the new image looks (%d)", fd);
    ok(await(fd, 'S', 4), "both slots are in a crash loop");
    kill(master, SIGHUP);
    ok(await(fd, 'H', 1), "SIGHUP re-executes the binary during the crash loop");
    const event_t *h = nth('H', 0);
    ok(h && h->a == (long)master, "keeping the master's pid");
    ok(h && h->b == keep, "and passing keep_fd on (%ld)", h ? h->b : -1L);
    int status = master_wait(master);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the new image ran (status %d)", status);
    close(fd);
    close(keep);
}

static void
test_resize(void)
{
    int fd;
    resize_script = true;
    pid_t master = master_start(2, 5, wait_for_signal, NULL, -1, &fd);
    ok(await(fd, 'X', 1), "resizing from 2 to 1 slot stops a child");
    const event_t *x = nth('X', 0);
    ok(x && x->a == 1 && WIFSIGNALED((int)x->b) && WTERMSIG((int)x->b) == SIGTERM,
       "the one in slot 1, with SIGTERM");
    ok(await(fd, 'S', 4), "resizing to 3 slots fills the two empty ones");
    const event_t *grow = nth('R', 1), *s3 = nth('S', 2), *s4 = nth('S', 3);
    ok(grow && s3 && s4 && s3->t >= grow->t && s3->a + s4->a == 3,
       "slots 1 and 2, and not before the resize");
    kill(master, SIGTERM);
    ok(WIFEXITED(master_wait(master)), "SIGTERM ends the master");
    close(fd);
    resize_script = false;
}

static void
test_adopt(void)
{
    int fd, st;
    pid_t stranger = fork();
    if (stranger == 0) {
        while (pause() != 0)
            ;
        _exit(0);
    }
    adopt_stranger = stranger;
    pid_t master = master_start(0, 1, wait_for_signal, NULL, -1, &fd);
    adopt_stranger = 0;
    ok(await(fd, 'A', 1) && await(fd, 'T', 1), "a master with a child from before a re-exec runs");
    double sent = clock_monotonic_s();
    kill(master, SIGTERM);
    int status = master_wait(master);
    double took = clock_monotonic_s() - sent;
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
       "its drain ends though the pid list names others, repeats and junk "
       "(status %d)",
       status);
    ok(took >= 0.99, "after waiting for its own child until the deadline (%.2f s)", took);
    const event_t *a = nth('A', 0);
    ok(a && kill((pid_t)a->a, 0) != 0, "which it killed and reaped");
    ok(kill(stranger, 0) == 0 && waitpid(stranger, &st, WNOHANG) == 0,
       "and the stranger in the list is left alone");
    kill(stranger, SIGKILL);
    waitpid(stranger, &st, 0);
    close(fd);
}

/* VERBOSE_LISTEN_FD comes from the environment: only an open descriptor
 * written as a plain number is taken, and the variable is always gone. */
static void
test_inherited_fd(void)
{
    const char *bad[] = {"", "x", "-1", "3x", " 3", "99999999999999999999", "1000000"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        setenv("VERBOSE_LISTEN_FD", bad[i], 1);
        is_int(prefork_inherited_fd(), -1, "VERBOSE_LISTEN_FD=\"%s\" is not taken", bad[i]);
        ok(getenv("VERBOSE_LISTEN_FD") == NULL, "and is unset");
    }
    char text[16];
    int fd = open("/dev/null", O_RDONLY);
    snprintf(text, sizeof(text), "%d", fd);
    setenv("VERBOSE_LISTEN_FD", text, 1);
    is_int(prefork_inherited_fd(), fd, "an open descriptor is taken");
    is_int(prefork_inherited_fd(), -1, "once");
    close(fd);
}

/* listen_open takes the inherited descriptor only when it is a listening
 * socket, and binds afresh otherwise. */
static void
test_listen_inherited(void)
{
    char addr[64], text[16];
    snprintf(addr, sizeof(addr), "unix:/tmp/prefork_test.%ld.sock", (long)getpid());
    int null = open("/dev/null", O_RDONLY);
    snprintf(text, sizeof(text), "%d", null);
    setenv("VERBOSE_LISTEN_FD", text, 1);
    int fd = listen_open(addr, 8);
    ok(fd >= 0 && fd != null, "an inherited descriptor that is not listening is not taken (%d)",
       fd);
    snprintf(text, sizeof(text), "%d", fd);
    setenv("VERBOSE_LISTEN_FD", text, 1);
    is_int(listen_open(addr, 8), fd, "a listening one is");
    close(fd);
    close(null);
    unlink(addr + 5);
}

/* The image a SIGHUP re-executed: says who it is and what it inherited. */
static int
reexeced(const char *fd)
{
    report_fd = atoi(fd);
    int kept = prefork_inherited_fd();
    report('H', "%ld %d", (long)getpid(), kept >= 0 && fcntl(kept, F_GETFD) >= 0 ? kept : -1);
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--reexeced") == 0)
        _exit(reexeced(argv[2]));
    test_crash_loop();
    test_drain_deadline();
    test_resize();
    test_adopt();
    test_inherited_fd();
    test_listen_inherited();
    test_reload_in_crash_loop(argv[0]);
    return done_testing();
}
