#include "apps/banking/banking.h"

int
banking_routes(router_t *rt)
{
    int rc = 0;
    rc |= router_add(rt, "POST", "/api/statements/", banking_statement_create);
    rc |= router_add(rt, "GET", "/api/statements/", banking_statement_list);
    rc |= router_add(rt, "GET", "/api/transactions/", banking_transaction_list);
    return rc;
}
