#include "apps/banking/banking.h"
#include "apps/banking/list_cache.h"

int
banking_cache_init(void)
{
    return list_cache_init();
}

int
banking_routes(router_t *rt)
{
    int rc = 0;
    rc |= router_add(rt, "POST", "/api/statements/", banking_statement_create);
    rc |= router_add(rt, "GET", "/api/statements/", banking_statement_list);
    rc |= router_add(rt, "GET", "/api/transactions/", banking_transaction_list);
    rc |= router_add(rt, "GET", "/api/transactions/spend/", banking_spend);
    rc |= router_add(rt, "GET", "/api/transactions/export.csv", banking_export);
    rc |= router_add(rt, "GET", "/media/private/<path:rest>", banking_private_media);
    return rc;
}
