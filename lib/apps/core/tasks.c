/* The core app's tasks (the Django app's core/tasks.py). */
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apps/core/core.h"
#include "core/log.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/metrics.h"
#include "queue/registry.h"

/* sleep_task(seconds): sleeps, then returns the seconds. A SIGTERM to the
 * worker does not cut it short: the worker waits for running tasks. */
static int
sleep_task(task_ctx_t *ctx)
{
    json_object *v = task_argument(ctx->envelope, "seconds", 0);
    double seconds = v ? json_object_get_double(v) : -1;
    if (v == NULL ||
        !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)) ||
        !isfinite(seconds) || seconds < 0 || seconds > 3600) {
        return task_fail(ctx, "seconds must be a number from 0 to 3600");
    }
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
        ;
    buf_printf(ctx->result, "%g", seconds);
    return 0;
}

static int
debug_periodic_task(task_ctx_t *ctx)
{
    log_info("debug_periodic_task", "debug periodic task ran (task %s)", ctx->envelope->id);
    buf_puts(ctx->result, "\"ok\"");
    return 0;
}

static int
publish_queue_metrics(task_ctx_t *ctx)
{
    if (metrics_publish(ctx->result, ctx->error, sizeof(ctx->error)) != 0)
        return -1;
    return 0;
}

/* A task that does nothing: the queue benchmark's unit of work. */
static int
noop(task_ctx_t *ctx)
{
    (void)ctx;
    return 0;
}

typedef struct {
    const char *data;
    size_t len, sent;
} mail_t;

static size_t
mail_read(char *out, size_t size, size_t nmemb, void *arg)
{
    mail_t *m = arg;
    size_t room = size * nmemb, left = m->len - m->sent;
    size_t n = left < room ? left : room;
    memcpy(out, m->data + m->sent, n);
    m->sent += n;
    return n;
}

/* send_test_email(to): one message through EMAIL_HOST with libcurl's SMTP. */
static int
send_test_email(task_ctx_t *ctx)
{
    char url[300], from[300], to[300], date[64], msg[2048];
    json_object *v = task_argument(ctx->envelope, "to", 0);
    const char *rcpt = v && json_object_is_type(v, json_type_string) ? json_object_get_string(v)
                                                                     : settings.email.default_from;
    if (strlen(rcpt) > 254 || strpbrk(rcpt, "<>\r\n ") || !strchr(rcpt, '@')) {
        return task_fail(ctx, "invalid recipient");
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    snprintf(url, sizeof(url), "smtp://%s:%ld", settings.email.host, settings.email.port);
    snprintf(from, sizeof(from), "<%s>", settings.email.default_from);
    snprintf(to, sizeof(to), "<%s>", rcpt);
    int len = snprintf(msg, sizeof(msg),
                       "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: Test email from %s\r\n"
                       "Message-ID: <%s@verbose-c>\r\n\r\n"
                       "This is a test email sent by the %s worker (task %s).\r\n",
                       date, settings.email.default_from, rcpt, settings.full_app_name,
                       ctx->envelope->id, settings.full_app_name, ctx->envelope->id);
    mail_t m = {msg, (size_t)len, 0};
    CURL *curl = curl_easy_init();
    struct curl_slist *rcpts = curl_slist_append(NULL, to);
    int rc = -1;
    if (curl == NULL || rcpts == NULL) {
        task_fail(ctx, "out of memory");
        goto done;
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, mail_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &m);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (settings.email.use_tls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (settings.email.user[0]) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, settings.email.user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.email.password);
    }
    CURLcode cc = curl_easy_perform(curl);
    if (cc != CURLE_OK) {
        task_fail(ctx, "SMTP to %s failed: %s", url, curl_easy_strerror(cc));
        goto done;
    }
    buf_puts(ctx->result, "{\"sent_to\":");
    buf_json_cstr(ctx->result, rcpt);
    buf_putc(ctx->result, '}');
    rc = 0;
done:
    curl_slist_free_all(rcpts);
    if (curl)
        curl_easy_cleanup(curl);
    return rc;
}

/* Test tasks, only with DEBUG: one that always fails, one that kills its process. */
static int
debug_fail_task(task_ctx_t *ctx)
{
    return task_fail(ctx, "debug_fail_task failed on purpose");
}

/* Records that it ran (SADD debug:ran <id>): the reliability tests count
 * these. Redis away (kv_command gives NULL only then) defers it. */
static int
debug_record_task(task_ctx_t *ctx)
{
    char err[256];
    redisReply *r = kv_command(err, sizeof(err), "SADD debug:ran %s", ctx->envelope->id);
    if (r == NULL)
        return task_defer(ctx, "%s", err);
    freeReplyObject(r);
    return 0;
}

static int
debug_abort_task(task_ctx_t *ctx)
{
    (void)ctx;
    abort();
}

void
core_tasks_register(void)
{
    /* What a user can trigger is no real work: it runs on the other queue,
     * so it never holds up the default queue's statement imports. */
    task_def_t user_tasks[] = {
        {"sleep_task", sleep_task, settings.queue.other_name, -1},
        {"send_test_email", send_test_email, settings.queue.other_name, -1},
    };
    static const task_def_t tasks[] = {
        {"debug_periodic_task", debug_periodic_task, NULL, 0},
        {"publish_queue_metrics", publish_queue_metrics, NULL, 0},
        {"noop", noop, NULL, -1},
    };
    static const task_def_t debug_tasks[] = {
        {"debug_fail_task", debug_fail_task, NULL, -1},
        {"debug_abort_task", debug_abort_task, NULL, -1},
        {"debug_record_task", debug_record_task, NULL, -1},
    };
    for (size_t i = 0; i < sizeof(user_tasks) / sizeof(user_tasks[0]); i++)
        task_register(&user_tasks[i]);
    for (size_t i = 0; i < sizeof(tasks) / sizeof(tasks[0]); i++)
        task_register(&tasks[i]);
    if (settings.debug)
        for (size_t i = 0; i < sizeof(debug_tasks) / sizeof(debug_tasks[0]); i++)
            task_register(&debug_tasks[i]);
}
