#include "queue/metrics.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aws/cloudwatch.h"
#include "aws/credentials.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/queue.h"
#include "queue/worker.h"

int
metrics_collect(const char *const *queues, size_t n, long *totals)
{
    char err[256];
    redisContext *c = kv_get(err, sizeof(err));
    if (c == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        totals[i] = 0;
        redisAppendCommand(c, "LLEN queue:%s", queues[i]);
    }
    redisAppendCommand(c, "ZRANGE workers 0 -1");
    redisReply *workers = NULL;
    for (size_t i = 0; i <= n; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) {
            kv_close();
            return -1;
        }
        if (i < n)
            totals[i] = r->type == REDIS_REPLY_INTEGER ? (long)r->integer : 0;
        if (i == n)
            workers = r;
        else
            freeReplyObject(r);
    }
    size_t nw = workers->type == REDIS_REPLY_ARRAY ? workers->elements : 0;
    for (size_t w = 0; w < nw; w++)
        redisAppendCommand(
            c, "LRANGE processing:%s 0 -1",
            workers->element[w]->type == REDIS_REPLY_STRING ? workers->element[w]->str : "");
    int rc = 0;
    for (size_t w = 0; w < nw; w++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) {
            kv_close();
            rc = -1;
            break;
        }
        for (size_t k = 0; r->type == REDIS_REPLY_ARRAY && k < r->elements; k++) {
            redisReply *e = r->element[k];
            envelope_t env;
            const char *why;
            if (e->type != REDIS_REPLY_STRING ||
                envelope_parse((str_t){e->str, e->len}, &env, &why) != 0)
                continue;
            for (size_t i = 0; i < n; i++)
                if (strcmp(env.queue, queues[i]) == 0)
                    totals[i]++;
            envelope_free(&env);
        }
        freeReplyObject(r);
    }
    freeReplyObject(workers);
    return rc;
}

long
metrics_backlog(const char *const *queues, size_t n)
{
    long totals[16], sum = 0;
    if (n > 16 || metrics_collect(queues, n, totals) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        sum += totals[i];
    return sum;
}

int
metrics_publish(buf_t *json, char *err, size_t errlen)
{
    const char *queues[2] = {queue_default_name(), queue_other_name()};
    long totals[2];
    if (metrics_collect(queues, 2, totals) != 0) {
        snprintf(err, errlen, "Redis is unavailable");
        return -1;
    }
    if (json)
        buf_printf(json, "{\"%s\":%ld,\"%s\":%ld}", queues[0], totals[0], queues[1], totals[1]);
    aws_creds_t creds;
    char why[256];
    if (aws_credentials_get(&creds, why, sizeof(why)) != 0) {
        if (strncmp(why, "no AWS credentials", 18) != 0) {
            /* Half-configured AWS must not pass for "no AWS": say what is wrong. */
            snprintf(err, errlen, "%s", why);
            return -1;
        }
        /* No AWS here (a laptop): the log is the metrics sink. */
        log_info("queue_metrics", "%s=%ld %s=%ld", queues[0], totals[0], queues[1], totals[1]);
        return 0;
    }
    aws_metric_t m[2] = {{.name = queues[0], .value = (double)totals[0]},
                         {.name = queues[1], .value = (double)totals[1]}};
    if (cloudwatch_put_metrics(settings.aws.cloudwatch_endpoint, settings.aws.region,
                               settings.full_app_name, m, 2, err, errlen) != 0) {
        log_error("queue_metrics", "%s", err);
        return -1;
    }
    log_info("queue_metrics", "published to CloudWatch: %s=%ld %s=%ld", queues[0], totals[0],
             queues[1], totals[1]);
    return 0;
}

int
metrics_watch(volatile sig_atomic_t *stop)
{
    wake_t w = {0};
    char err[256];
    double every = (double)settings.queue.metrics_interval;
    double last = -1e9, next = clock_monotonic_s();

    wake_open(&w);
    log_info("metrics_watch", "publishing every %ld s and when work arrives at an idle queue",
             settings.queue.metrics_interval);
    while (!*stop) {
        double left = next - clock_monotonic_s();
        if (left > 0) {
            /* At most a second at a time: a SIGTERM that lands between the
             * loop's test and the wait would otherwise sleep out the whole
             * interval, past the task's stop timeout. */
            int wait_ms = left < 1.0 ? (int)(left * 1000) + 1 : 1000;
            /* Woken: now, or a second after the last publication (a queue
             * that empties and fills many times a second is not a storm). */
            if (wake_wait(&w, wait_ms) && last + 1.0 < next)
                next = last + 1.0;
            continue; /* a time-out, a wake-up or a signal: look again */
        }
        /* Retries waiting for their time: due ones go back on their
         * queues (as a worker's master does) so that they count. */
        queue_move_due();
        if (metrics_publish(NULL, err, sizeof(err)) != 0)
            log_warn("queue_metrics", "%s", err);
        last = clock_monotonic_s();
        next = last + every;
    }
    wake_close(&w);
    log_info("metrics_watch", "stopped");
    return 0;
}

void
wake_open(wake_t *w)
{
    char err[256];
    w->sub = kv_connect(1000, err, sizeof(err)); /* down: wake_wait sleeps and tries again */
    if (w->sub == NULL)
        return;
    redisReply *r = redisCommand(w->sub, "SUBSCRIBE queue:wake");
    if (r == NULL) {
        redisFree(w->sub);
        w->sub = NULL;
        return;
    }
    freeReplyObject(r);
}

int
wake_wait(wake_t *w, int ms)
{
    if (w->sub == NULL) {
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        wake_open(w);
        return 0;
    }
    struct pollfd p = {.fd = w->sub->fd, .events = POLLIN};
    if (poll(&p, 1, ms) <= 0)
        return 0;
    int woken = 0;
    if (redisBufferRead(w->sub) != REDIS_OK) {
        wake_close(w);
        return 0;
    }
    void *reply = NULL;
    while (redisGetReplyFromReader(w->sub, &reply) == REDIS_OK && reply != NULL) {
        woken = 1;
        freeReplyObject(reply);
        reply = NULL;
    }
    return woken;
}

void
wake_close(wake_t *w)
{
    if (w->sub)
        redisFree(w->sub);
    w->sub = NULL;
}
