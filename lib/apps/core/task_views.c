/* The Background-work endpoints of SPEC.md's Core table. */
#include <math.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "apps/core/core.h"
#include "core/json.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/response.h"
#include "queue/limit.h"
#include "queue/metrics.h"
#include "queue/queue.h"

/* 429 with Retry-After: the user has USER_TASKS_MAX_UNFINISHED tasks that
 * have not ended. A running sleep task ends within SLEEP_TASK_MAX_SECONDS,
 * so the wait said is at most that. */
static int
too_many_tasks_reply(http_req_t *r, long retry_after_s)
{
    char seconds[24], detail[128];
    if (retry_after_s > settings.queue.sleep_task_max_seconds)
        retry_after_s = settings.queue.sleep_task_max_seconds;
    snprintf(seconds, sizeof(seconds), "%ld", retry_after_s > 1 ? retry_after_s : 1);
    snprintf(detail, sizeof(detail),
             "You have %ld unfinished tasks; try again when one has finished.",
             settings.queue.user_tasks_max_unfinished);
    http_add_header(r, "Retry-After", seconds);
    return http_reply_detail(r, 429, detail);
}

/* Enqueues a task the user asked for on the task's queue (the other queue:
 * see tasks.c), within the user's limit of unfinished tasks; replies 429
 * or 503 and returns -1. */
static int
enqueued_or_reply(http_req_t *r, const char *task, const char *args, const char *kwargs,
                  char id[TASK_ID_LEN + 1])
{
    char err[256];
    long retry_after_s = 0;
    queue_limit_t limit = {((user_t *)r->user)->id, settings.queue.user_tasks_max_unfinished,
                           settings.queue.user_tasks_hold_seconds};
    int rc =
        queue_enqueue_limited(&limit, task, args, kwargs, id, &retry_after_s, err, sizeof(err));
    if (rc == 0) {
        too_many_tasks_reply(r, retry_after_s);
        return -1;
    }
    if (rc < 0) {
        log_event(LOG_ERROR, NULL, "enqueue", "%s: %s", task, err);
        http_reply_detail(r, 503, "The task queue is unavailable.");
        return -1;
    }
    return 0;
}

static int
seconds_error_reply(http_req_t *r, const char *message)
{
    buf_puts(r->out, "{\"seconds\":[");
    buf_json_cstr(r->out, message);
    buf_puts(r->out, "]}");
    return http_json(r, 400);
}

/* The body's seconds, a JSON number from 0 to SLEEP_TASK_MAX_SECONDS, with
 * DRF's messages; replies 400 and returns -1. A number too large for a
 * double reads as infinite, so it is too large, never accepted. */
static int
seconds_or_reply(http_req_t *r, json_object *body, double *seconds)
{
    json_object *v = NULL;
    char message[96];
    if (!json_object_object_get_ex(body, "seconds", &v)) {
        seconds_error_reply(r, "This field is required.");
        return -1;
    }
    if (v == NULL) {
        seconds_error_reply(r, "This field may not be null.");
        return -1;
    }
    *seconds = json_object_get_double(v);
    if (!(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)) ||
        isnan(*seconds)) {
        seconds_error_reply(r, "A valid number is required.");
        return -1;
    }
    if (*seconds < 0) {
        seconds_error_reply(r, "Ensure this value is greater than or equal to 0.");
        return -1;
    }
    if (*seconds > (double)settings.queue.sleep_task_max_seconds) {
        snprintf(message, sizeof(message), "Ensure this value is less than or equal to %ld.",
                 settings.queue.sleep_task_max_seconds);
        seconds_error_reply(r, message);
        return -1;
    }
    *seconds += 0.0; /* -0 is 0 */
    return 0;
}

int
core_sleep_task(http_req_t *r)
{
    json_object *body;
    char id[TASK_ID_LEN + 1], args[64];
    double seconds;

    if (accounts_user_or_reply(r) != 0 || http_json_or_reply(r, &body) != 0 ||
        seconds_or_reply(r, body, &seconds) != 0)
        return r->status;
    snprintf(args, sizeof(args), "[%g]", seconds);
    if (enqueued_or_reply(r, "sleep_task", args, NULL, id) != 0)
        return r->status;
    buf_printf(r->out, "{\"message\":\"Sleep task submitted (%g seconds)\",\"task_id\":\"%s\"}",
               seconds, id);
    return http_json(r, 200);
}

int
core_send_test_email(http_req_t *r)
{
    char id[TASK_ID_LEN + 1];
    buf_t kwargs;
    if (accounts_staff_or_reply(r) != 0)
        return r->status;
    buf_init(&kwargs);
    buf_puts(&kwargs, "{\"to\":");
    buf_json_cstr(&kwargs, ((user_t *)r->user)->email);
    buf_putc(&kwargs, '}');
    int rc = enqueued_or_reply(r, "send_test_email", NULL, buf_cstr(&kwargs), id);
    buf_free(&kwargs);
    if (rc != 0)
        return r->status;
    buf_printf(r->out, "{\"message\":\"Test email task submitted\",\"task_id\":\"%s\"}", id);
    return http_json(r, 200);
}

/* The old Lambda's call: a shared token, not a user. */
int
core_celery_metrics(http_req_t *r)
{
    json_object *body;
    char err[256];

    if (http_json_or_reply(r, &body) != 0)
        return r->status;
    const char *want = settings.queue.metrics_token;
    const char *got = json_get_str(body, "celery_metrics_token", NULL);
    if (got == NULL)
        got = "";
    size_t n = strlen(want);
    if (n == 0 || strlen(got) != n || CRYPTO_memcmp(want, got, n) != 0)
        return http_reply(r, 401, NULL, STR_LIT("{\"message\":\"Unauthorized\"}"));
    if (metrics_publish(r->out, err, sizeof(err)) != 0) {
        log_event(LOG_ERROR, NULL, "queue_metrics", "%s", err);
        return http_reply_detail(r, 503, "The queue metrics could not be published.");
    }
    return http_json(r, 200);
}

int
core_task_state(http_req_t *r)
{
    char id[TASK_ID_LEN + 1], err[256];
    long long owner = 0;
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    str_t param = http_route_param(r, "id");
    if (param.len == 0 || param.len > TASK_ID_LEN)
        return http_reply_detail(r, 404, "Not found.");
    snprintf(id, sizeof(id), "%.*s", STR_FMT(param));
    int found = queue_task_json(id, r->out, &owner, err, sizeof(err));
    if (found < 0)
        return http_reply_detail(r, 503, "The task queue is unavailable.");
    const user_t *u = r->user;
    /* Someone else's task is as unknown as a made-up id, staff included:
     * under /api/ everyone sees their own (staff have /flower/). */
    if (found == 0 || owner != u->id)
        return http_reply_detail(r, 404, "Not found.");
    return http_json(r, 200);
}
