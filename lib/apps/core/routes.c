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
    /* A deliberately slow request, for the graceful-stop tests; never in production. */
    if (settings.debug)
        rc |= router_add(rt, "GET", "/api/debug/sleep/", core_debug_sleep);
    return rc;
}
