#include <stdio.h>

#include "apps/accounts/accounts.h"

int
accounts_blacklist_add(PGconn *conn, const char *jti, long long user_id, long long exp)
{
    char uid[24], expires[24];
    snprintf(uid, sizeof(uid), "%lld", user_id);
    snprintf(expires, sizeof(expires), "%lld", exp);
    const char *params[] = {jti, uid, expires};
    PGresult *res = PQexecParams(conn,
                                 "INSERT INTO token_blacklist (jti, user_id, expires_at)"
                                 " VALUES ($1, $2, to_timestamp($3))"
                                 " ON CONFLICT (jti) DO NOTHING RETURNING jti",
                                 3, NULL, params, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : -1;
    PQclear(res);
    return rc;
}

int
accounts_blacklisted(PGconn *conn, const char *jti)
{
    const char *params[] = {jti};
    PGresult *res = PQexecParams(conn, "SELECT 1 FROM token_blacklist WHERE jti = $1", 1, NULL,
                                 params, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) > 0 : -1;
    PQclear(res);
    return rc;
}
