/* cgi-bin/admin: the Django-like admin behind /admin/ (issue 14), HTML
 * rendered on the server, under the same prefork supervisor as the api.
 * The apps register their model tables once in the master, before the
 * workers fork; a table the engine refuses stops the program at start. */
#include <stdio.h>

#include "admin/site.h"
#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/hn/hn.h"
#include "core/settings.h"
#include "server/server.h"

static router_t admin_router;

int
main(int argc, char **argv)
{
    settings_load_or_exit("admin");
    router_init(&admin_router);
    if (accounts_cache_init() != 0) {
        fprintf(stderr, "admin: cannot map the shared user-cache generations\n");
        return 1;
    }
    /* Users first: the other apps' tables point at them (FK checks). */
    if (accounts_admin_register() != 0 || banking_admin_register() != 0 ||
        hn_admin_register() != 0) {
        fprintf(stderr, "admin: a model table is inconsistent (see above)\n");
        return 1;
    }
    if (admin_routes(&admin_router) != 0) {
        fprintf(stderr, "admin: the route table cannot be built\n");
        return 1;
    }
    return server_run(
        &(server_t){.name = "admin", .router = &admin_router, .refuse = admin_error_page}, argc,
        argv);
}
