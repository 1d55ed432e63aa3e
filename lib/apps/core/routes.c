#include "apps/core/core.h"

#include "core/settings.h"

int
core_routes(router_t *rt)
{
    int rc = 0;
    rc |= router_add(rt, "GET", "/api/", core_root);
    rc |= router_add(rt, "GET", "/api/health-check/", core_health_check);
    rc |= router_add(rt, "GET", "/healthz", core_healthz);
    rc |= router_add(rt, "GET", "/readiness", core_readiness);
    rc |= router_add(rt, "GET", "/api/debug/redis/", core_redis_get);
    rc |= router_add(rt, "POST", "/api/debug/redis/", core_redis_set);
    rc |= router_add(rt, "DELETE", "/api/debug/redis/", core_redis_clear);
    rc |= router_add(rt, "POST", "/api/celery/sleep-task/", core_sleep_task);
    rc |= router_add(rt, "POST", "/api/debug/send-test-email/", core_send_test_email);
    rc |= router_add(rt, "POST", "/api/celery-metrics/", core_celery_metrics);
    rc |= router_add(rt, "GET", "/api/tasks/<id>/", core_task_state);
    /* A deliberately slow request, for the graceful-stop tests; never in production. */
    if (settings.debug)
        rc |= router_add(rt, "GET", "/api/debug/sleep/", core_debug_sleep);
    return rc;
}
