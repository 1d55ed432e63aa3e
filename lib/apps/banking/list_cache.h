/* Pages of GET /api/transactions/ kept in this process's memory, per user
 * and query string, until the next change to statements or transactions
 * (PostgreSQL notifies channel banking_changed on commit) or for at most
 * BANKING_CACHE_SECONDS. */
#ifndef APPS_BANKING_LIST_CACHE_H
#define APPS_BANKING_LIST_CACHE_H

#include <stdbool.h>

#include "http/request.h"

/* Listens for changes; call once at start. No-op when the cache is off. */
int list_cache_init(void);

/* The generation to tag a page with: read it before querying, so a change
 * that commits during the query makes the page unusable. */
unsigned long list_cache_generation(void);

/* On a hit, appends the page to r->out and returns true. */
bool list_cache_get(http_req_t *r, long long user_id);

/* Keeps r->out (a complete 200 page) under the generation read before it. */
void list_cache_put(http_req_t *r, long long user_id, unsigned long generation);

#endif
