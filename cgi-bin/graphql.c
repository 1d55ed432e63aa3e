/* cgi-bin/graphql: the Hacker News clone's GraphQL endpoint behind /graphql/,
 * under the same prefork supervisor as the api. The schema is built and
 * checked once in the master, before the workers fork. */
#include <stdio.h>

#include "apps/accounts/accounts.h"
#include "apps/hn/hn.h"
#include "core/settings.h"
#include "db/db.h"
#include "server/server.h"

static router_t graphql_router;

int
main(int argc, char **argv)
{
    settings_load_or_exit("graphql");
    router_init(&graphql_router);
    if (accounts_cache_init() != 0) {
        fprintf(stderr, "graphql: cannot map the shared user-cache generations\n");
        return 1;
    }
    /* links(first:, skip:) are LIMIT and OFFSET parameters: plan once. */
    db_prefer_generic_plans();
    if (hn_routes(&graphql_router) != 0) {
        fprintf(stderr, "graphql: the schema or the route table cannot be built\n");
        return 1;
    }
    return server_run(&(server_t){.name = "graphql", .router = &graphql_router}, argc, argv);
}
