/* cgi-bin/flower: Flower's dashboard and JSON API behind /flower/ (staff). */
#include <stdio.h>

#include "apps/accounts/accounts.h"
#include "apps/flower/flower.h"
#include "core/settings.h"
#include "server/server.h"

static router_t flower_router;

int
main(int argc, char **argv)
{
    settings_load_or_exit("flower");
    router_init(&flower_router);
    if (accounts_cache_init() != 0) {
        fprintf(stderr, "flower: cannot map the shared user-cache generations\n");
        return 1;
    }
    if (flower_routes(&flower_router) != 0) {
        fprintf(stderr, "flower: the route table is full or a pattern is malformed\n");
        return 1;
    }
    return server_run(&(server_t){.name = "flower", .router = &flower_router}, argc, argv);
}
