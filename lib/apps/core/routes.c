#include "apps/core/core.h"

#include "core/settings.h"

static const route_t core_route_table[] = {
    {"GET", "/api/", core_root},
    {"GET", "/api/health-check/", core_health_check},
    {"GET", "/healthz", core_healthz},
    {"GET", "/readiness", core_readiness},
    {"GET", "/api/debug/redis/", core_redis_get},
    {"POST", "/api/debug/redis/", core_redis_set},
    {"DELETE", "/api/debug/redis/", core_redis_clear},
    {"POST", "/api/celery/sleep-task/", core_sleep_task},
    {"POST", "/api/debug/send-test-email/", core_send_test_email},
    {"POST", "/api/celery-metrics/", core_celery_metrics},
    {"GET", "/api/tasks/<id>/", core_task_state},
};

/* Only with DEBUG: a deliberately slow request, for the graceful-stop tests. */
static const route_t core_debug_route_table[] = {
    {"GET", "/api/debug/sleep/", core_debug_sleep},
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
