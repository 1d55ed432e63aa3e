#include "apps/banking/banking.h"
#include "apps/banking/list_cache.h"

int
banking_cache_init(void)
{
    return list_cache_init();
}

static const route_t banking_route_table[] = {
    {"POST", "/api/statements/", banking_statement_create, NULL},
    {"GET", "/api/statements/", banking_statement_list, NULL},
    {"GET", "/api/transactions/", banking_transaction_list, NULL},
    {"GET", "/api/transactions/spend/", banking_spend, NULL},
    {"GET", "/api/transactions/export.csv", banking_export, NULL},
    {"GET", "/media/private/<path:rest>", banking_private_media, NULL},
};

int
banking_routes(router_t *rt)
{
    return router_add_all(rt, banking_route_table, ROUTES_LEN(banking_route_table));
}
