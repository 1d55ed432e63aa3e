#include "apps/flower/flower.h"

static const route_t flower_route_table[] = {
    {"GET", "/flower/", flower_page_dashboard},
    {"GET", "/flower/tasks/", flower_page_tasks},
    {"GET", "/flower/task/<id>/", flower_page_task},
    {"POST", "/flower/task/<id>/revoke/", flower_page_revoke},
    {"GET", "/flower/api/workers", flower_api_workers},
    {"GET", "/flower/api/queues", flower_api_queues},
    {"GET", "/flower/api/tasks", flower_api_tasks},
    {"GET", "/flower/api/task/<id>", flower_api_task},
    {"POST", "/flower/api/task/revoke/<id>", flower_api_revoke},
};

int
flower_routes(router_t *rt)
{
    return router_add_all(rt, flower_route_table, ROUTES_LEN(flower_route_table));
}
