/* The Background-work endpoints of SPEC.md's Core table. */
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "apps/core/core.h"
#include "core/json.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/response.h"
#include "queue/metrics.h"
#include "queue/queue.h"

static int
enqueued_or_reply(http_req_t *r, const char *task, const char *args, const char *kwargs,
                  char id[TASK_ID_LEN + 1])
{
    char err[256];
    if (queue_enqueue(task, args, kwargs, NULL, ((user_t *)r->user)->id, 0, id, err, sizeof(err)) !=
        0) {
        log_event(LOG_ERROR, NULL, "enqueue", "%s: %s", task, err);
        http_reply_detail(r, 503, "The task queue is unavailable.");
        return -1;
    }
    return 0;
}

/* The body's seconds, a number from 0 to 3600 (null reads as absent);
 * replies 400 and returns -1. */
static int
seconds_or_reply(http_req_t *r, json_object *body, double *seconds)
{
    if (json_get(body, "seconds") == NULL) {
        http_reply(r, 400, NULL, STR_LIT("{\"seconds\":[\"This field is required.\"]}"));
        return -1;
    }
    if (!json_get_number(body, "seconds", seconds) || *seconds < 0 || *seconds > 3600) {
        http_reply(r, 400, NULL,
                   STR_LIT("{\"seconds\":[\"Ensure this value is a number from 0 to 3600.\"]}"));
        return -1;
    }
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
    /* Someone else's task is as unknown as a made-up id. */
    if (found == 0 || (owner != u->id && !u->is_staff))
        return http_reply_detail(r, 404, "Not found.");
    return http_json(r, 200);
}
