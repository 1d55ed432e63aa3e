#include "apps/flower/flower.h"

int
flower_routes(router_t *rt)
{
    int rc = 0;
    rc |= router_add(rt, "GET", "/flower/", flower_page_dashboard);
    rc |= router_add(rt, "GET", "/flower/tasks/", flower_page_tasks);
    rc |= router_add(rt, "GET", "/flower/task/<id>/", flower_page_task);
    rc |= router_add(rt, "POST", "/flower/task/<id>/revoke/", flower_page_revoke);
    rc |= router_add(rt, "GET", "/flower/api/workers", flower_api_workers);
    rc |= router_add(rt, "GET", "/flower/api/queues", flower_api_queues);
    rc |= router_add(rt, "GET", "/flower/api/tasks", flower_api_tasks);
    rc |= router_add(rt, "GET", "/flower/api/task/<id>", flower_api_task);
    rc |= router_add(rt, "POST", "/flower/api/task/revoke/<id>", flower_api_revoke);
    return rc;
}
