/* cgi-bin/api: the REST API behind /api/, /healthz and /readiness. */
#include <stdio.h>

#include "apps/core/core.h"
#include "core/settings.h"
#include "server/server.h"

static router_t api_router;

int
main(int argc, char **argv)
{
    settings_load_or_exit("api");
    router_init(&api_router);
    if (core_routes(&api_router) != 0) {
        fprintf(stderr, "api: the route table is full or a pattern is malformed\n");
        return 1;
    }
    return server_run(&(server_t){.name = "api", .router = &api_router}, argc, argv);
}
