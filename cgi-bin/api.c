/* cgi-bin/api: the REST API behind /api/, /healthz and /readiness. */
#include <stdio.h>

#include <curl/curl.h>

#include "apps/apps.h"
#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/core/core.h"
#include "apps/hn/hn.h"
#include "core/log.h"
#include "core/settings.h"
#include "db/db.h"
#include "http/openapi.h"
#include "server/server.h"

static router_t api_router;

int
main(int argc, char **argv)
{
    settings_load_or_exit("api");
    router_init(&api_router);
    /* Once, before the workers fork: libcurl's global state is not fork-lazy. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
        fprintf(stderr, "api: curl_global_init failed\n");
        return 1;
    }
    apps_register_tasks(); /* enqueue checks task names */
    if (accounts_cache_init() != 0) {
        fprintf(stderr, "api: cannot map the shared user-cache generations\n");
        return 1;
    }
    db_prefer_generic_plans(); /* its hot queries are prepared (lib/db/prepared.h) */
    if (banking_cache_init() != 0) {
        fprintf(stderr, "api: cannot listen for banking changes\n");
        return 1;
    }
    if (core_routes(&api_router) != 0 || accounts_routes(&api_router) != 0 ||
        banking_routes(&api_router) != 0) {
        fprintf(stderr, "api: the route table is full or a pattern is malformed\n");
        return 1;
    }
    char why[512];
    /* /graphql/ is cgi-bin/graphql's; the document lists it for reference. */
    int undocumented =
        openapi_build(&api_router, hn_route_table, hn_route_table_len, why, sizeof(why));
    if (undocumented < 0) {
        fprintf(stderr, "api: the API document cannot be built: %s\n", why);
        return 1;
    }
    if (undocumented > 0)
        log_warn("api_undocumented_routes", "%d routes have no doc and are not in /api/schema/: %s",
                 undocumented, why);
    return server_run(&(server_t){.name = "api", .router = &api_router}, argc, argv);
}
