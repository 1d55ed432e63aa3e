/* Change list queries answered from memory (ADMIN_CACHE_SECONDS): each
 * admin worker keeps the results of the lists' SELECTs, counts and filter
 * choices, for tables whose changes PostgreSQL notifies (the triggers of
 * sql/0004 and 0007). Any notification on a table's channel, or a new
 * connection, drops what was read from it; a filtered COUNT(*) over a big
 * table is then paid once, not on every page, sort and return from a
 * change form. Tables nobody watches are always read. */
#ifndef ADMIN_QUERY_CACHE_H
#define ADMIN_QUERY_CACHE_H

#include <libpq-fe.h>

/* At start, before the first db_get: results read from table may be kept
 * until a notification on channel (a fixed identifier). At most 4
 * channels and 16 tables; -1 beyond them or when LISTEN cannot be set up. */
int admin_cache_watch(const char *table, const char *channel);

/* Where the tables (NULL-terminated) stand: a result read while it moved
 * is not kept. 0 when one of them is not watched or the cache is off. */
unsigned long admin_cache_generation(const char *const *tables);

/* PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0) for a query
 * that reads only tables: a kept result when one is fresh, else
 * PostgreSQL's (kept when it succeeded). The caller PQclears it. */
PGresult *admin_cache_exec(PGconn *c, const char *const *tables, const char *sql, int nparams,
                           const char *const *params);

#endif
