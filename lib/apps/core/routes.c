#include "apps/core/core.h"

#include "core/settings.h"
#include "http/openapi.h"

/* The API document's view of each route (http/openapi.h): what the handlers
 * of health.c, debug_redis.c and task_views.c answer. */

static const route_doc_t root_doc = {
    .summary = "API root",
    .description = "A fixed `{\"message\": \"Root\"}`; the old end-to-end tests call it.",
    .tag = "core",
    .flags = ROUTE_DOC_NO_DEPENDENCIES,
    .responses = (const route_response_doc_t[]){{200, "Message", "Root.", NULL}, {0}},
};

static const route_doc_t health_check_doc = {
    .summary = "Health check",
    .description = "The load balancer's check: touches neither PostgreSQL nor Redis.",
    .tag = "health",
    .flags = ROUTE_DOC_NO_DEPENDENCIES,
    .responses =
        (const route_response_doc_t[]){{200, "Message", "`{\"message\": \"OK\"}`.", NULL}, {0}},
};

static const route_doc_t healthz_doc = {
    .summary = "Liveness",
    .description = "Answers whatever the Host: load balancers and kubelets send an IP.",
    .tag = "health",
    .flags = ROUTE_DOC_NO_DEPENDENCIES | ROUTE_DOC_ANY_HOST,
    .responses =
        (const route_response_doc_t[]){{200, "Liveness", "The process answers.", NULL}, {0}},
};

static const route_doc_t readiness_doc = {
    .summary = "Readiness: PostgreSQL and Redis",
    .description = "Pings both; why one failed goes to the log only. Answers whatever the "
                   "Host: load balancers and kubelets send an IP.",
    .tag = "health",
    .flags = ROUTE_DOC_ANY_HOST,
    .responses =
        (const route_response_doc_t[]){{200, "Readiness", "Both answer.", NULL},
                                       {503, "ReadinessOrProgramDown",
                                        "One or both are down; the body says which (nginx's "
                                        "`{\"detail\"}` when the api is not running).",
                                        NULL},
                                       {0}},
};

static const route_doc_t redis_get_doc = {
    .summary = "Read the Redis counter",
    .description = "The Examples page's counter, Redis key `cached_value` (the websocket "
                   "ping adds 3 to it).",
    .tag = "debug",
    .auth = ROUTE_AUTH_USER,
    .responses = (const route_response_doc_t[]){{200, "RedisCount", "The counter.", NULL}, {0}},
};

static const route_doc_t redis_set_doc = {
    .summary = "Set the Redis counter",
    .tag = "debug",
    .auth = ROUTE_AUTH_USER,
    .request_schema = "RedisCountUpdate",
    .responses =
        (const route_response_doc_t[]){
            {200, "RedisCountSet", "The value stored.", NULL},
            {400, "BadRequest",
             "`count` missing, not an integer, or beyond +-2^53; or a body that is not JSON.",
             NULL},
            {0}},
};

static const route_doc_t redis_clear_doc = {
    .summary = "Delete the Redis counter",
    .tag = "debug",
    .auth = ROUTE_AUTH_USER,
    .responses =
        (const route_response_doc_t[]){{200, "RedisCountCleared", "The key is gone.", NULL}, {0}},
};

static const route_doc_t sleep_task_doc = {
    .summary = "Enqueue a sleep task",
    .description = "Enqueues `sleep_task(seconds)`. A user may have USER_TASKS_MAX_UNFINISHED "
                   "(5) tasks waiting or running; one more is a 429 whose Retry-After is at "
                   "most SLEEP_TASK_MAX_SECONDS. 503 when the queue (Redis) is away.",
    .tag = "tasks",
    .auth = ROUTE_AUTH_USER,
    .flags = ROUTE_DOC_THROTTLED,
    .request_schema = "SleepTaskRequest",
    .responses =
        (const route_response_doc_t[]){
            {200, "TaskSubmitted", "Queued.", NULL},
            {400, "BadRequest",
             "`seconds` missing, null, not a number, below 0 or above SLEEP_TASK_MAX_SECONDS; "
             "or a body that is not JSON.",
             NULL},
            {0}},
};

static const route_doc_t send_test_email_doc = {
    .summary = "Enqueue a test email",
    .description = "Enqueues `send_test_email` to the caller's address (SMTP through the "
                   "EMAIL_* settings). Counts against the caller's unfinished tasks, as "
                   "sleep-task does.",
    .tag = "debug",
    .auth = ROUTE_AUTH_STAFF,
    .flags = ROUTE_DOC_THROTTLED,
    .responses = (const route_response_doc_t[]){{200, "TaskSubmitted", "Queued.", NULL}, {0}},
};

static const route_doc_t celery_metrics_doc = {
    .summary = "Publish the queue metrics",
    .description = "The old metrics Lambda's call: counts each queue's queued, reserved and "
                   "active tasks, publishes them to CloudWatch (or the log when there is no "
                   "AWS), and returns them. 503 when Redis or CloudWatch fails.",
    .tag = "tasks",
    .auth = ROUTE_AUTH_TOKEN,
    .request_schema = "CeleryMetricsRequest",
    .responses = (const route_response_doc_t[]){{200, "QueueTotals", "Published.", NULL},
                                                {401, "Unauthorized",
                                                 "No token, or not CELERY_METRICS_TOKEN.", NULL},
                                                {0}},
};

static const route_doc_t task_state_doc = {
    .summary = "A task's state",
    .description = "Only the caller's own tasks: another user's task is a 404, for staff "
                   "too. 503 when Redis is away.",
    .tag = "tasks",
    .auth = ROUTE_AUTH_USER,
    .responses = (const route_response_doc_t[]){{200, "TaskState", "The task.", NULL}, {0}},
};

static const route_doc_t debug_sleep_doc = {
    .summary = "Sleep (DEBUG only)",
    .description = "A deliberately slow request for the graceful-stop tests; a SIGTERM "
                   "does not cut it short.",
    .tag = "debug",
    .flags = ROUTE_DOC_NO_DEPENDENCIES | ROUTE_DOC_DEBUG_ONLY,
    .query = (const route_param_doc_t[]){{"ms", "integer", "Milliseconds, 0 to 60000.", true}, {0}},
    .responses = (const route_response_doc_t[]){{200, "SleptMs", "Slept.", NULL}, {0}},
};

static const route_t core_route_table[] = {
    {"GET", "/api/", core_root, &root_doc},
    {"GET", "/api/health-check/", core_health_check, &health_check_doc},
    {"GET", "/healthz", core_healthz, &healthz_doc},
    {"GET", "/readiness", core_readiness, &readiness_doc},
    {"GET", "/api/debug/redis/", core_redis_get, &redis_get_doc},
    {"POST", "/api/debug/redis/", core_redis_set, &redis_set_doc},
    {"DELETE", "/api/debug/redis/", core_redis_clear, &redis_clear_doc},
    {"POST", "/api/celery/sleep-task/", core_sleep_task, &sleep_task_doc},
    {"POST", "/api/debug/send-test-email/", core_send_test_email, &send_test_email_doc},
    {"POST", "/api/celery-metrics/", core_celery_metrics, &celery_metrics_doc},
    {"GET", "/api/tasks/<id>/", core_task_state, &task_state_doc},
    {"GET", "/api/schema/", core_api_schema, &core_api_schema_doc},
};

/* Only with DEBUG: a deliberately slow request, for the graceful-stop tests. */
static const route_t core_debug_route_table[] = {
    {"GET", "/api/debug/sleep/", core_debug_sleep, &debug_sleep_doc},
};

int
core_routes(router_t *rt)
{
    if (router_add_all(rt, core_route_table, ROUTES_LEN(core_route_table)) != 0)
        return -1;
    if (settings.debug)
        return router_add_all(rt, core_debug_route_table, ROUTES_LEN(core_debug_route_table));
    return 0;
}
