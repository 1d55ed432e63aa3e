/* The banking app: credit-card statements and their transactions. */
#ifndef APPS_BANKING_H
#define APPS_BANKING_H

#include "http/request.h"
#include "http/router.h"

/* Registers process_statement_file. */
void banking_tasks_register(void);

int banking_routes(router_t *rt);

/* The api's in-memory pages of transactions (list_cache.h): call at start. */
int banking_cache_init(void);
int banking_statement_create(http_req_t *r);
int banking_statement_list(http_req_t *r);
int banking_transaction_list(http_req_t *r);
int banking_spend(http_req_t *r);
int banking_export(http_req_t *r);
int banking_private_media(http_req_t *r);

/* admin.c: statements and transactions in /admin/ (lib/admin/model.h).
 * 0, or -1 when the engine refuses a table. Needs accounts.user first. */
int banking_admin_register(void);

#endif
