#include "apps/flower/flower.h"

static const route_t flower_route_table[] = {
    {"GET", "/flower/", flower_page_dashboard, NULL},
    {"GET", "/flower/tasks/", flower_page_tasks, NULL},
    {"GET", "/flower/task/<id>/", flower_page_task, NULL},
    {"POST", "/flower/task/<id>/revoke/", flower_page_revoke, NULL},
    {"GET", "/flower/api/workers", flower_api_workers, NULL},
    {"GET", "/flower/api/queues", flower_api_queues, NULL},
    {"GET", "/flower/api/tasks", flower_api_tasks, NULL},
    {"GET", "/flower/api/task/<id>", flower_api_task, NULL},
    {"POST", "/flower/api/task/revoke/<id>", flower_api_revoke, NULL},
};

int
flower_routes(router_t *rt)
{
    return router_add_all(rt, flower_route_table, ROUTES_LEN(flower_route_table));
}
