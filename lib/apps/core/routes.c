#include "apps/core/core.h"

#include "core/settings.h"

static const route_t core_route_table[] = {
    {"GET", "/api/", core_root, NULL},
    {"GET", "/api/health-check/", core_health_check, NULL},
    {"GET", "/healthz", core_healthz, NULL},
    {"GET", "/readiness", core_readiness, NULL},
    {"GET", "/api/debug/redis/", core_redis_get, NULL},
    {"POST", "/api/debug/redis/", core_redis_set, NULL},
    {"DELETE", "/api/debug/redis/", core_redis_clear, NULL},
    {"POST", "/api/celery/sleep-task/", core_sleep_task, NULL},
    {"POST", "/api/debug/send-test-email/", core_send_test_email, NULL},
    {"POST", "/api/celery-metrics/", core_celery_metrics, NULL},
    {"GET", "/api/tasks/<id>/", core_task_state, NULL},
    {"GET", "/api/schema/", core_api_schema, &core_api_schema_doc},
};

/* Only with DEBUG: a deliberately slow request, for the graceful-stop tests. */
static const route_t core_debug_route_table[] = {
    {"GET", "/api/debug/sleep/", core_debug_sleep, NULL},
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
