/* Named prepared statements on the process's connection: the hot queries
 * are parsed and planned once per connection instead of once per request. */
#ifndef DB_PREPARED_H
#define DB_PREPARED_H

#include <libpq-fe.h>

/* PQexecParams with text parameters and text results, through a statement
 * called name that is prepared on c (the connection db_get returned) the
 * first time, and again after a reconnect. The same name must always mean the same sql. Returns
 * what PQexecPrepared returns (NULL only when out of memory). */
PGresult *db_exec_prepared(PGconn *c, const char *name, const char *sql, int nparams,
                           const char *const *params);

/* Forgets what was prepared (the connection was replaced). */
void db_prepared_reset(void);

#endif
