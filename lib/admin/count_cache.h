/* The change lists' totals kept per worker (ADMIN_COUNT_CACHE_SECONDS): a
 * filtered COUNT(*) over a big table costs more than the page itself, and
 * the same list is asked for again and again (paging, sorting, coming back
 * from a change form). A total is kept only for tables whose changes
 * PostgreSQL notifies (sql/0004, 0005, 0007 triggers): any notification on
 * the table's channel, or a new connection, drops it. */
#ifndef ADMIN_COUNT_CACHE_H
#define ADMIN_COUNT_CACHE_H

#include <stdbool.h>

#include "admin/admin.h"

/* At start, before the first db_get: totals of table's lists may be kept,
 * and dropped on each notification on channel (a fixed identifier). At
 * most 4 channels. -1 when full or the database layer refuses. */
int admin_count_cache_watch(const char *table, const char *channel);

/* What the cache stands at for m's table: pass it to put, so a total
 * counted while a change committed is not kept. 0: not cached. */
unsigned long admin_count_cache_generation(const admin_model_t *m);

/* The kept total of q (its count SQL and parameters): true when found. */
bool admin_count_cache_get(const admin_model_t *m, const admin_query_t *q, long long *total,
                           bool *about);
void admin_count_cache_put(const admin_model_t *m, const admin_query_t *q, unsigned long generation,
                           long long total, bool about);

#endif
