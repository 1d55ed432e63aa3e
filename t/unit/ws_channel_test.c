/* The channel layer (lib/ws/channel*.c) against a real redis-server that
 * this test starts itself, on a free port under a temporary directory, on
 * its own lws loop. Every wait runs the loop until the awaited event
 * happened (or a generous deadline passed), never for a guessed time.
 * Without redis-server the test fails: it is not skipped. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>
#include <hiredis/sds.h>
#include <libwebsockets.h>

#include "core/log.h"
#include "core/settings.h"
#include "tap.h"
#include "ws/channel.h"
#include "ws/channel_internal.h" /* the subscriber's output buffer */

#define WAIT_MS 20000 /* generous: the machine is shared and ASan is slow */

static struct lws_context *cx;
static lws_sorted_usec_list_t tick_sul, deadline_sul;
static bool timed_out;

static struct {
    int subscribed;            /* confirmations, all channels */
    char last_subscribed[128]; /* the last confirmed channel */
    int delivered;             /* messages, all channels */
    char last_channel[128];    /* of the last message */
    char *last_msg;            /* its bytes (malloc'ed) */
    size_t last_len;
    int of_r, of_q; /* confirmations of t:r and t:q */
} seen;

typedef struct {
    int calls;
    bool got_null;
    int type; /* REDIS_REPLY_... */
    long long integer;
} reply_seen_t;

static char log_path[128]; /* this process's stderr: the layer's log lines */

static struct {
    pid_t pid;
    int port;
    char dir[64];
} redis;

/* --- what the layer tells -------------------------------------------------- */

static void
on_deliver(void *ctx, const char *channel, size_t channel_len, const char *msg, size_t len)
{
    (void)ctx;
    seen.delivered++;
    snprintf(seen.last_channel, sizeof(seen.last_channel), "%.*s", (int)channel_len, channel);
    free(seen.last_msg);
    seen.last_msg = malloc(len + 1);
    memcpy(seen.last_msg, msg, len);
    seen.last_len = len;
}

static void
on_subscribed(void *ctx, const char *channel)
{
    (void)ctx;
    seen.subscribed++;
    snprintf(seen.last_subscribed, sizeof(seen.last_subscribed), "%s", channel);
    seen.of_r += strcmp(channel, "t:r") == 0;
    seen.of_q += strcmp(channel, "t:q") == 0;
}

static void
on_reply(void *priv, redisReply *reply)
{
    reply_seen_t *r = priv;
    r->calls++;
    r->got_null = reply == NULL;
    r->type = reply != NULL ? reply->type : 0;
    if (reply != NULL && reply->type == REDIS_REPLY_INTEGER)
        r->integer = reply->integer;
}

/* --- the loop ---------------------------------------------------------------- */

static void
tick(lws_sorted_usec_list_t *sul)
{
    /* Wakes the loop now and then so conditions that look at Redis itself
     * (not at a callback) are checked again. */
    lws_sul_schedule(cx, 0, sul, tick, 20 * 1000);
}

static void
deadline(lws_sorted_usec_list_t *sul)
{
    (void)sul;
    timed_out = true;
}

typedef bool (*cond_fn)(void);

static bool
run_until(cond_fn cond)
{
    timed_out = false;
    lws_sul_schedule(cx, 0, &deadline_sul, deadline, (lws_usec_t)WAIT_MS * 1000);
    lws_sul_schedule(cx, 0, &tick_sul, tick, 20 * 1000);
    while (!cond() && !timed_out)
        lws_service(cx, 0);
    lws_sul_cancel(&deadline_sul);
    lws_sul_cancel(&tick_sul);
    return cond();
}

/* --- redis-server --------------------------------------------------------------- */

static int
free_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        port = ntohs(sa.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static redisContext *
sync_client(void)
{
    struct timeval tv = {1, 0};
    redisContext *c = redisConnectWithTimeout("127.0.0.1", redis.port, tv);
    if (c != NULL && c->err) {
        redisFree(c);
        return NULL;
    }
    return c;
}

/* A command on a fresh synchronous connection: its reply (freeReplyObject
 * it), or NULL. */
static redisReply *
redis_sync(const char *fmt, ...)
{
    va_list ap;
    redisContext *c = sync_client();
    if (c == NULL)
        return NULL;
    va_start(ap, fmt);
    redisReply *r = redisvCommand(c, fmt, ap);
    va_end(ap);
    redisFree(c);
    return r;
}

/* Whether a command answers a status (+OK). */
#define redis_ok(...) reply_status(redis_sync(__VA_ARGS__))

static bool
reply_status(redisReply *r)
{
    bool ok = r != NULL && r->type == REDIS_REPLY_STATUS;
    if (r != NULL)
        freeReplyObject(r);
    return ok;
}

/* The redis-server on redis.port is ours (not one another test started on
 * a port that was free a moment ago). */
static bool
redis_is_ours(void)
{
    redisReply *r = redis_sync("INFO server");
    const char *p =
        r != NULL && r->type == REDIS_REPLY_STRING ? strstr(r->str, "process_id:") : NULL;
    bool ours = p != NULL && strtol(p + strlen("process_id:"), NULL, 10) == redis.pid;
    if (r != NULL)
        freeReplyObject(r);
    return ours;
}

/* Starts redis-server on redis.port and waits until it answers. false:
 * it exited (the port taken) or another one answers there. */
static bool
redis_start_once(void)
{
    char port[16], log[128];
    snprintf(port, sizeof(port), "%d", redis.port);
    snprintf(log, sizeof(log), "%s/redis.log", redis.dir);
    redis.pid = fork();
    if (redis.pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execlp("redis-server", "redis-server", "--port", port, "--bind", "127.0.0.1 -::1", "--save",
               "", "--appendonly", "no", "--dir", redis.dir, (char *)NULL);
        _exit(127);
    }
    if (redis.pid < 0)
        return false;
    struct timespec step = {0, 20 * 1000 * 1000};
    for (int i = 0; i < WAIT_MS / 20; i++) {
        if (waitpid(redis.pid, NULL, WNOHANG) == redis.pid) {
            redis.pid = 0;
            return false;
        }
        if (redis_ok("PING"))
            return redis_is_ours();
        nanosleep(&step, NULL); /* polls a process that is starting */
    }
    return false;
}

static void redis_kill(void);

/* The first start may find its free port taken meanwhile: another port
 * then (the layer reads REDIS_SERVICE_PORT at each connect). A restart
 * must use the same port. */
static bool
redis_start(bool first)
{
    for (int i = 0; i < (first ? 5 : 1); i++) {
        if (redis_start_once())
            return true;
        redis_kill();
        if (first)
            settings.redis_port = redis.port = free_port();
    }
    return false;
}

static void
redis_kill(void)
{
    if (redis.pid > 0) {
        kill(redis.pid, SIGKILL);
        waitpid(redis.pid, NULL, 0);
    }
    redis.pid = 0;
}

/* The integer a command answers (PUBSUB NUMSUB: the count), or -1. */
#define redis_int(...) reply_int(redis_sync(__VA_ARGS__))

static long long
reply_int(redisReply *r)
{
    long long n = -1;
    if (r != NULL && r->type == REDIS_REPLY_INTEGER)
        n = r->integer;
    else if (r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements == 2 &&
             r->element[1]->type == REDIS_REPLY_INTEGER)
        n = r->element[1]->integer;
    if (r != NULL)
        freeReplyObject(r);
    return n;
}

static long long
blocked_clients(void)
{
    long long n = -1;
    redisReply *r = redis_sync("INFO clients");
    const char *p =
        r != NULL && r->type == REDIS_REPLY_STRING ? strstr(r->str, "blocked_clients:") : NULL;
    if (p != NULL)
        n = strtoll(p + strlen("blocked_clients:"), NULL, 10);
    if (r != NULL)
        freeReplyObject(r);
    return n;
}

static int
count_log(const char *path, const char *event)
{
    char needle[64], line[1024];
    int n = 0;
    FILE *f = fopen(path, "r");
    snprintf(needle, sizeof(needle), "\"event\":\"%s\"", event);
    while (f != NULL && fgets(line, sizeof(line), f) != NULL)
        n += strstr(line, needle) != NULL;
    if (f != NULL)
        fclose(f);
    return n;
}

/* --- conditions ------------------------------------------------------------------ */

static int want;
static reply_seen_t *want_reply;
static reply_seen_t *want_reply2;

static bool
subscribed_reached(void)
{
    return seen.subscribed >= want;
}

static bool
delivered_reached(void)
{
    return seen.delivered >= want;
}

static bool
refused_logged(void)
{
    return count_log(log_path, "redis_down") >= 1;
}

static int want_downs;

static bool
downs_reached(void)
{
    return count_log(log_path, "redis_down") >= want_downs;
}

static bool
layer_up(void)
{
    return channel_layer_up();
}

static bool
reply_came(void)
{
    return want_reply->calls >= 1;
}

static bool
one_blocked(void)
{
    return blocked_clients() == 1;
}

static bool
no_subscriber_of_a(void)
{
    return redis_int("PUBSUB NUMSUB %s", "t:a") == 0;
}

static bool
both_null_and_down(void)
{
    return want_reply->calls >= 1 && want_reply2->calls >= 1 && !channel_layer_up();
}

static bool
resubscribed_and_up(void)
{
    return seen.subscribed >= want && channel_layer_up();
}

static long long want_channels; /* PUBSUB CHANNELS t:many:* should count this many */

static bool
many_channels_are(void)
{
    redisReply *r = redis_sync("PUBSUB CHANNELS %s", "t:many:*");
    bool same =
        r != NULL && r->type == REDIS_REPLY_ARRAY && (long long)r->elements == want_channels;
    if (r != NULL)
        freeReplyObject(r);
    return same;
}

static bool
msg_is(const char *channel, const char *bytes, size_t len)
{
    return strcmp(seen.last_channel, channel) == 0 && seen.last_len == len &&
           memcmp(seen.last_msg, bytes, len) == 0;
}

/* --- cases ------------------------------------------------------------------------- */

static bool
keepalive_on(const redisAsyncContext *ac)
{
    int on = 0;
    socklen_t len = sizeof(on);
    return getsockopt(ac->c.fd, SOL_SOCKET, SO_KEEPALIVE, &on, &len) == 0 && on == 1;
}

/* The layer starts before Redis (connection refused), then connects. */
static bool
start_before_redis(struct lws_vhost *vh)
{
    if (!ok(channel_layer_start(vh, on_deliver, on_subscribed, NULL) == 0, "the layer starts"))
        return false;
    ok(!channel_layer_up(), "not up while Redis is not there");
    is_int(channel_subscribe("t:a"), 0, "subscribe while down: confirmation to come");
    reply_seen_t r = {0};
    is_int(channel_command(on_reply, &r, "INCRBY t:counter 1"), -1, "command while down: -1");
    is_int(channel_publish("t:a", "x", 1), -1, "publish while down: -1");
    ok(run_until(refused_logged), "a refused connection is logged as redis_down");
    ok(redis_start(true), "redis-server started on port %d", redis.port);
    want = 1;
    ok(run_until(subscribed_reached), "the subscription is confirmed once Redis is up");
    is_str(str_from_cstr(seen.last_subscribed), "t:a", "confirmed channel t:a");
    bool up = ok(run_until(layer_up), "the layer is up");
    ok(up && keepalive_on(channel_layer.sub.ac) && keepalive_on(channel_layer.cmd.ac),
       "TCP keepalive on both connections");
    is_int(r.calls, 0, "the refused command's callback never ran");
    return up;
}

/* Counted subscribe and unsubscribe, exact bytes, PUBLISH of the layer. */
static void
subscribe_counted(void)
{
    static const char bytes[] = "hello\0world\xff";
    char longest[129];
    memset(longest, 'n', 128);
    longest[128] = '\0';
    is_int(channel_subscribe(""), -1, "an empty channel name: -1");
    is_int(channel_subscribe(longest), -1, "a name of 128 bytes: -1");
    longest[127] = '\0';
    is_int(channel_subscribe(longest), 0, "a name of 127 bytes: accepted");
    channel_unsubscribe(longest);
    channel_unsubscribe("t:never-subscribed"); /* ignored */
    is_int(channel_subscribe("t:a"), 1, "second subscribe of t:a: already confirmed");
    is_int(redis_int("PUBLISH %s %b", "t:a", bytes, sizeof(bytes) - 1), 1, "one subscriber");
    want = seen.delivered + 1;
    ok(run_until(delivered_reached), "the message is delivered");
    ok(msg_is("t:a", bytes, sizeof(bytes) - 1), "channel t:a and the exact 12 bytes");

    channel_unsubscribe("t:a");
    is_int(redis_int("PUBLISH %s %s", "t:a", "still"), 1, "one unsubscribe of two: subscribed");
    want = seen.delivered + 1;
    ok(run_until(delivered_reached) && msg_is("t:a", "still", 5), "and still delivered");

    channel_unsubscribe("t:a");
    ok(run_until(no_subscriber_of_a), "the second unsubscribe reaches Redis");
    is_int(redis_int("PUBLISH %s %s", "t:a", "gone"), 0, "nobody receives t:a now");
    want = seen.subscribed + 1;
    is_int(channel_subscribe("t:b"), 0, "subscribe t:b");
    ok(run_until(subscribed_reached), "t:b confirmed");
    int before = seen.delivered;
    ok(channel_publish("t:b", "sentinel", 8) == 0, "channel_publish t:b");
    want = before + 1;
    ok(run_until(delivered_reached) && msg_is("t:b", "sentinel", 8),
       "the layer's own PUBLISH comes back");
    is_int(seen.delivered, before + 1, "and nothing of t:a came before it");
}

static bool
r_confirmed(void)
{
    return seen.of_r >= 1;
}

static bool
sentinel_confirmed(void)
{
    return strcmp(seen.last_subscribed, "t:s") == 0;
}

/* Redis has processed what this process sent (a sync client sees t:r),
 * found without running the loop (that would read the answers). */
static bool
redis_sees_r(void)
{
    struct timespec step = {0, 5 * 1000 * 1000};
    for (int i = 0; i < WAIT_MS / 5; i++) {
        if (redis_int("PUBSUB NUMSUB %s", "t:r") == 1)
            return true;
        nanosleep(&step, NULL); /* polls Redis, the loop must stay still */
    }
    return false;
}

/* Unsubscribe and subscribe again while the first confirmation is still
 * unread: that confirmation belongs to the abandoned SUBSCRIBE. Redis is
 * frozen so that it cannot have handled the new one yet: one turn of the
 * loop writes UNSUBSCRIBE and reads the old confirmation, which must not
 * be reported. */
static void
subscribe_races(void)
{
    is_int(channel_subscribe("t:r"), 0, "subscribe t:r");
    /* Turns of the loop until SUBSCRIBE is written: the answer can come in
     * the turn after the last write only. */
    for (int i = 0; i < 100 && sdslen(channel_layer.sub.ac->c.obuf) > 0; i++)
        lws_service(cx, 0);
    ok(redis_sees_r(), "Redis subscribed t:r, its answer unread");
    kill(redis.pid, SIGSTOP);
    channel_unsubscribe("t:r");
    is_int(channel_subscribe("t:r"), 0, "unsubscribe and subscribe t:r again at once");
    lws_service(cx, 0);
    is_int(seen.of_r, 0, "the old confirmation is not taken for the new subscribe");
    kill(redis.pid, SIGCONT);
    ok(run_until(r_confirmed), "t:r confirmed once Redis handled it all");
    is_int(redis_int("PUBSUB NUMSUB %s", "t:r"), 1, "and Redis has t:r subscribed");
    is_int(channel_subscribe("t:q"), 0, "subscribe t:q");
    channel_unsubscribe("t:q");
    is_int(channel_subscribe("t:s"), 0, "unsubscribe t:q at once, subscribe t:s");
    ok(run_until(sentinel_confirmed), "t:s confirmed");
    is_int(seen.of_q, 0, "the abandoned t:q was never reported confirmed");
    is_int(redis_int("PUBSUB NUMSUB %s", "t:q"), 0, "and Redis has no t:q");
    is_int(seen.of_r, 1, "t:r was confirmed once");
    channel_unsubscribe("t:r");
    channel_unsubscribe("t:s");
}

static void
command_reply(void)
{
    reply_seen_t r1 = {0}, r2 = {0};
    ok(channel_command(on_reply, &r1, "INCRBY %s %d", "t:counter", 3) == 0, "INCRBY sent");
    want_reply = &r1;
    ok(run_until(reply_came) && !r1.got_null && r1.integer == 3, "INCRBY's reply: 3");
    ok(channel_command(on_reply, &r2, "INCRBY %s %d", "t:counter", 3) == 0, "INCRBY again");
    want_reply = &r2;
    ok(run_until(reply_came) && r2.integer == 6, "INCRBY's reply: 6");
    is_int(redis_int("INCRBY %s %d", "t:counter", 0), 6, "Redis holds 6");
    is_int(r1.calls + r2.calls, 2, "each callback ran once");
    reply_seen_t e = {0};
    ok(redis_ok("SET %s %s", "t:word", "abc"), "t:word holds a word");
    ok(channel_command(on_reply, &e, "INCRBY %s %d", "t:word", 3) == 0, "INCRBY of a word");
    want_reply = &e;
    ok(run_until(reply_came) && e.type == REDIS_REPLY_ERROR, "the callback gets Redis's error");
    ok(channel_layer_up(), "and the connection stays up");
}

/* Redis killed with a command waiting (BLPOP) and one just queued, then
 * restarted on the same port. */
static void
redis_restart(void)
{
    static reply_seen_t blpop, queued, after;
    ok(channel_command(on_reply, &blpop, "BLPOP %s 0", "t:never") == 0, "BLPOP sent");
    ok(run_until(one_blocked), "Redis holds the BLPOP");
    ok(channel_command(on_reply, &queued, "INCRBY %s %d", "t:counter", 1) == 0, "INCRBY queued");
    redis_kill();
    want_reply = &blpop;
    want_reply2 = &queued;
    ok(run_until(both_null_and_down), "Redis killed: both callbacks ran and the layer is down");
    ok(blpop.got_null && blpop.calls == 1, "BLPOP's callback: NULL, once");
    ok(queued.got_null && queued.calls == 1, "the queued command's callback: NULL, once");
    is_int(channel_command(on_reply, &after, "INCRBY t:counter 1"), -1, "command while down: -1");
    is_int(channel_publish("t:b", "x", 1), -1, "publish while down: -1");

    want = seen.subscribed + 1;
    ok(redis_start(false), "redis-server restarted on port %d", redis.port);
    ok(run_until(resubscribed_and_up), "reconnected, t:b confirmed again, the layer is up");
    is_str(str_from_cstr(seen.last_subscribed), "t:b", "the confirmation is for t:b");
    is_int(redis_int("PUBLISH %s %s", "t:b", "again"), 1, "t:b has its subscriber back");
    want = seen.delivered + 1;
    ok(run_until(delivered_reached) && msg_is("t:b", "again", 5), "messages flow again");
    is_int(blpop.calls + queued.calls + after.calls, 2, "no callback ran twice or late");
}

/* A send buffer of a few KB, so that what the layer writes takes many
 * turns of POLLOUT (loopback's buffers swallow 1 MB at once). */
static void
shrink_send_buffer(redisAsyncContext *ac)
{
    int size = 4096;
    ok(ac != NULL && setsockopt(ac->c.fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)) == 0,
       "a small send buffer on the connection");
}

/* 1 MB messages both ways: Redis to the layer (many reads), the layer to
 * Redis (a write that needs POLLOUT again and again). */
static void
huge_messages(void)
{
    size_t len = 1024 * 1024;
    char *big = malloc(len);
    for (size_t i = 0; i < len; i++)
        big[i] = (char)(i * 7 % 251); /* NULs included */
    is_int(redis_int("PUBLISH %s %b", "t:b", big, len), 1, "1 MB published to t:b");
    want = seen.delivered + 1;
    ok(run_until(delivered_reached) && msg_is("t:b", big, len), "1 MB delivered, byte for byte");
    big[0] = 'x';
    shrink_send_buffer(channel_layer.cmd.ac);
    ok(channel_publish("t:b", big, len) == 0, "channel_publish of 1 MB");
    want = seen.delivered + 1;
    ok(run_until(delivered_reached) && msg_is("t:b", big, len), "and it comes back whole");
    free(big);
}

/* 10,000 subscriptions: confirmed, delivered, all subscribed again after
 * a Redis restart, all gone after the unsubscribes. */
static void
many_channels(void)
{
    char name[32];
    int n = 10000, bad = 0, base = seen.subscribed;
    shrink_send_buffer(channel_layer.sub.ac);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "t:many:%d", i);
        bad += channel_subscribe(name) != 0;
    }
    is_int(bad, 0, "10,000 subscribes, each to be confirmed");
    want = base + n;
    ok(run_until(subscribed_reached), "10,000 confirmations");
    want_channels = n;
    ok(many_channels_are(), "Redis has the 10,000 channels");
    is_int(redis_int("PUBLISH %s %s", "t:many:4242", "deep"), 1, "publish to one of them");
    want = seen.delivered + 1;
    ok(run_until(delivered_reached) && msg_is("t:many:4242", "deep", 4), "delivered");

    redis_kill();
    base = seen.subscribed;
    ok(redis_start(false), "redis-server restarted");
    want = base + n + 1; /* and t:b */
    ok(run_until(resubscribed_and_up), "all 10,001 channels subscribed again, the layer up");
    ok(many_channels_are(), "Redis has the 10,000 channels again");

    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "t:many:%d", i);
        channel_unsubscribe(name);
    }
    want_channels = 0;
    ok(run_until(many_channels_are), "10,000 unsubscribes reach Redis");
    ok(channel_layer_up(), "the layer is still up");
}

/* Seconds of the day of a log line's "ts", or -1. */
static double
line_time(const char *line)
{
    int h, m;
    double sec;
    const char *ts = strstr(line, "\"ts\":\"");
    if (ts == NULL || strlen(ts) < 19 || sscanf(ts + 17, "%d:%d:%lf", &h, &m, &sec) != 3)
        return -1;
    return h * 3600 + m * 60 + sec;
}

/* The times of the subscriber's last fall (redis_down) and of each retry
 * after it that failed with why (redis_retry); their number. */
static int
subscriber_retry_times(const char *why, double *t, int max)
{
    char line[1024];
    int n = 0;
    FILE *f = fopen(log_path, "r");
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        if (strstr(line, "subscriber connection") == NULL)
            continue;
        if (strstr(line, "\"event\":\"redis_down\"") != NULL)
            n = 0;
        else if (strstr(line, "\"event\":\"redis_retry\"") == NULL || n == 0 ||
                 strstr(line, why) == NULL)
            continue;
        if (n < max)
            t[n++] = line_time(line);
    }
    if (f != NULL)
        fclose(f);
    return n;
}

/* Redis refused SUBSCRIBE (NOPERM) twice since the fall: the layer retried. */
static bool
subscribe_refused_twice(void)
{
    double t[4];
    return subscriber_retry_times("NOPERM", t, 4) >= 3 && !channel_layer_up();
}

/* Redis answers SUBSCRIBE with an error (an ACL without channels): the
 * layer retries with its backoff and subscribes once Redis lets it. */
static void
subscribe_refused(void)
{
    int base = seen.subscribed;
    reply_seen_t r = {0};
    ok(redis_ok("ACL SETUSER %s %s", "default", "resetchannels"), "ACL: no channels");
    ok(run_until(subscribe_refused_twice), "SUBSCRIBE refused, retried, and the layer is down");
    is_int(seen.subscribed, base, "no confirmation while Redis refuses");
    double t[8];
    int n = subscriber_retry_times("NOPERM", t, 8);
    double g1 = n >= 3 ? t[1] - t[0] : 0, g2 = n >= 3 ? t[2] - t[1] : 0;
    ok(n >= 3 && g1 >= 0.095 && g2 >= 0.195,
       "retried after 100 ms, then 200 ms at least (%.3f s, %.3f s)", g1, g2);
    ok(channel_command(on_reply, &r, "INCRBY %s %d", "t:counter", 0) == 0,
       "the command connection still works");
    want_reply = &r;
    ok(run_until(reply_came) && !r.got_null, "and answers");
    ok(redis_ok("ACL SETUSER %s %s", "default", "allchannels"), "ACL: all channels again");
    want = base + 1;
    ok(run_until(resubscribed_and_up), "t:b subscribed once Redis allows it, the layer up");
    is_int(redis_int("PUBLISH %s %s", "t:b", "allowed"), 1, "t:b has its subscriber");
    want = seen.delivered + 1;
    ok(run_until(delivered_reached) && msg_is("t:b", "allowed", 7), "messages flow again");
}

/* Redis frozen (SIGSTOP): a command gets NULL after REDIS_TIMEOUT_MS
 * instead of waiting for TCP to give up, and the layer comes back. */
static void
reply_timeout(void)
{
    reply_seen_t frozen = {0}, thawed = {0};
    long saved = settings.redis_timeout_ms;
    settings.redis_timeout_ms = 300;
    kill(redis.pid, SIGSTOP);
    ok(channel_command(on_reply, &frozen, "INCRBY %s %d", "t:counter", 1) == 0,
       "INCRBY sent to a frozen Redis");
    want_reply = &frozen;
    ok(run_until(reply_came) && frozen.got_null, "no reply within REDIS_TIMEOUT_MS: NULL");
    kill(redis.pid, SIGCONT);
    settings.redis_timeout_ms = saved;
    ok(run_until(layer_up), "the layer is up again");
    ok(channel_command(on_reply, &thawed, "INCRBY %s %d", "t:counter", 0) == 0, "INCRBY again");
    want_reply = &thawed;
    ok(run_until(reply_came) && !thawed.got_null, "and answered");
    is_int(frozen.calls, 1, "the frozen command's callback ran once");
}

/* channel_layer_stop with a reply pending: the callback never runs. */
static void
stop_with_pending(void)
{
    static reply_seen_t blpop;
    ok(channel_command(on_reply, &blpop, "BLPOP %s 0", "t:never") == 0, "BLPOP sent");
    ok(run_until(one_blocked), "Redis holds the BLPOP");
    channel_layer_stop();
    is_int(blpop.calls, 0, "stop: the pending callback is dropped without a call");
    ok(!channel_layer_up(), "stopped: not up");
    is_int(channel_command(on_reply, &blpop, "PING"), -1, "stopped: command -1");
    is_int(channel_subscribe("t:c"), -1, "stopped: subscribe -1");
}

/* REDIS_SERVICE_HOST as a name, looked up without blocking: one that does
 * not resolve keeps the layer down; "localhost" connects. Also: the layer
 * starts again after a stop. */
static void
host_names(struct lws_vhost *vh)
{
    want_downs = count_log(log_path, "redis_down") + 1;
    settings.redis_host = "no-such-host.invalid";
    ok(channel_layer_start(vh, on_deliver, on_subscribed, NULL) == 0, "started again after stop");
    ok(run_until(downs_reached), "a host name that does not resolve: redis_down");
    ok(!channel_layer_up(), "and the layer is down");
    settings.redis_host = "localhost";
    want = seen.subscribed + 1;
    is_int(channel_subscribe("t:d"), 0, "subscribe t:d");
    ok(run_until(resubscribed_and_up), "localhost: connected, t:d confirmed, the layer up");
}

static int
count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return -1;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

/* A Redis descriptor lws refuses to adopt (its vhost lacks the protocol):
 * the duplicate channel_redis_attach made is closed, not leaked. */
static void
adopt_refused(struct lws_vhost *other)
{
    redisAsyncContext *ac = redisAsyncConnect("127.0.0.1", redis.port);
    ok(ac != NULL && ac->err == 0, "a Redis connection to hand over");
    if (ac == NULL)
        return;
    int before = count_fds();
    is_int(channel_redis_attach(ac, other, cx, NULL), -1,
           "attached on a vhost without channel_redis_protocol: -1");
    is_int(count_fds(), before, "and no descriptor left open");
    redisAsyncFree(ac);
}

static struct lws_vhost *
make_vhost(const struct lws_protocols *protocols, const char *name)
{
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof(info));
    info.port = CONTEXT_PORT_NO_LISTEN_SERVER;
    info.protocols = protocols;
    info.vhost_name = name;
    return lws_create_vhost(cx, &info);
}

int
main(void)
{
    struct lws_protocols protocols[] = {channel_redis_protocol, {NULL, NULL, 0, 0, 0, NULL, 0}};
    struct lws_protocols others[] = {{"other", lws_callback_http_dummy, 0, 0, 0, NULL, 0},
                                     {NULL, NULL, 0, 0, 0, NULL, 0}};
    struct lws_context_creation_info info;

    snprintf(redis.dir, sizeof(redis.dir), "/tmp/ws_channel_test.XXXXXX");
    if (mkdtemp(redis.dir) == NULL || (redis.port = free_port()) < 0)
        return ok(false, "a temporary directory and a free port"), done_testing();
    settings.redis_host = "127.0.0.1";
    settings.redis_port = redis.port;
    settings.redis_timeout_ms = 2000;
    snprintf(log_path, sizeof(log_path), "%s/test.log", redis.dir);
    int saved_stderr = dup(2), log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(log_fd, 2);
    close(log_fd);
    log_init("ws_channel_test", "debug"); /* redis_retry lines time the backoff */
    lws_set_log_level(LLL_ERR, NULL);
    int fds_before = count_fds();

    memset(&info, 0, sizeof(info));
    info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
    cx = lws_create_context(&info);
    struct lws_vhost *vh = cx != NULL ? make_vhost(protocols, "channel") : NULL;
    struct lws_vhost *other = cx != NULL ? make_vhost(others, "other") : NULL;
    ok(vh != NULL && other != NULL, "lws context and vhosts");
    if (vh != NULL && other != NULL) {
        is_int(channel_layer_start(other, on_deliver, on_subscribed, NULL), -1,
               "start on a vhost without channel_redis_protocol: -1");
        if (start_before_redis(vh)) { /* the rest needs a working layer */
            subscribe_counted();
            subscribe_races();
            command_reply();
            redis_restart();
            huge_messages();
            many_channels();
            subscribe_refused();
            reply_timeout();
            stop_with_pending();
            host_names(vh); /* leaves the layer running */
            adopt_refused(other);
        }
    }
    reply_seen_t late = {0};
    if (cx != NULL) /* the layer stops itself with the vhost */
        lws_context_destroy(cx);
    ok(!channel_layer_up(), "the context destroyed: the layer is down");
    is_int(channel_command(on_reply, &late, "PING"), -1, "and refuses commands");
    channel_layer_stop(); /* a no-op now */
    redis_kill();
    is_int(count_fds(), fds_before, "every descriptor closed");
    dup2(saved_stderr, 2);
    close(saved_stderr);
    /* Falls: refused at start, two kills, the ACL, the frozen Redis, the
     * unknown host, the context destroyed under the running layer. */
    is_int(count_log(log_path, "redis_down"), 7, "redis_down logged once per fall");
    is_int(count_log(log_path, "redis_up"), 6, "redis_up logged once per rise");
    free(seen.last_msg);
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", redis.dir);
    if (tap_failed == 0 && system(cmd) != 0)
        diag("could not remove the temporary directory");
    return done_testing();
}
