#include "db/prepared.h"

#include <stdbool.h>
#include <string.h>

enum { PREPARED_MAX = 64, PREPARED_NAME_MAX = 48 };

/* Which names the process's connection has prepared; db.c resets the list
 * whenever it opens a new connection. */
static struct {
    char name[PREPARED_NAME_MAX];
} prepared[PREPARED_MAX];
static int prepared_count;

void
db_prepared_reset(void)
{
    prepared_count = 0;
}

static bool
is_prepared(const char *name)
{
    for (int i = 0; i < prepared_count; i++)
        if (strcmp(prepared[i].name, name) == 0)
            return true;
    return false;
}

PGresult *
db_exec_prepared(PGconn *c, const char *name, const char *sql, int nparams,
                 const char *const *params)
{
    /* An over-long name or a full table: still correct, only unprepared. */
    if (strlen(name) >= PREPARED_NAME_MAX || (!is_prepared(name) && prepared_count == PREPARED_MAX))
        return PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
    if (!is_prepared(name)) {
        PGresult *res = PQprepare(c, name, sql, nparams, NULL);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            return res; /* the caller reports PostgreSQL's error as for any query */
        PQclear(res);
        strcpy(prepared[prepared_count++].name, name);
    }
    return PQexecPrepared(c, name, nparams, params, NULL, NULL, 0);
}
