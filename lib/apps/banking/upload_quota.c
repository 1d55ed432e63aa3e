#include "apps/banking/upload_quota.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/settings.h"
#include "db/db.h"
#include "http/response.h"
#include "server/deps.h"

/* The two-key form of PostgreSQL's advisory locks, a key space of its own
 * ('bank'), so the lock cannot meet migrate's single-key one. */
static const char lock_sql[] =
    "SELECT pg_advisory_xact_lock(1650552427, ($1::bigint % 2147483647)::int)";
static const char usage_sql[] =
    "SELECT count(*), coalesce(sum(size), 0) FROM statement_files WHERE owner_id = $1";

bool
upload_quota_allows(upload_usage_t used, long long size, long max_files, long max_bytes, char *why,
                    size_t whylen)
{
    if (max_files > 0 && used.files + 1 > max_files) {
        snprintf(why, whylen,
                 "Upload quota exceeded: at most %ld files per user, and %lld are stored.",
                 max_files, used.files);
        return false;
    }
    if (max_bytes > 0 && used.bytes + size > max_bytes) {
        snprintf(why, whylen,
                 "Upload quota exceeded: at most %ld bytes of files per user; %lld are stored "
                 "and this file has %lld.",
                 max_bytes, used.bytes, size);
        return false;
    }
    return true;
}

void
upload_quota_rollback(PGconn *c)
{
    PQclear(PQexec(c, "ROLLBACK"));
}

/* A failed query inside the transaction: rolled back before the reply,
 * which may drop a broken connection (and c with it). */
static int
rollback_reply(http_req_t *r, PGconn *c, PGresult *res)
{
    upload_quota_rollback(c);
    return deps_db_error_reply(r, res);
}

int
upload_quota_begin_or_reply(http_req_t *r, PGconn *c, long long owner, size_t size)
{
    char id[24], why[256];
    upload_usage_t used = {0, 0};

    snprintf(id, sizeof(id), "%lld", owner);
    const char *p[] = {id};
    PGresult *res = db_own(r->arena, PQexec(c, "BEGIN"));
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        deps_db_error_reply(r, res);
        return -1;
    }
    res = db_own(r->arena, PQexecParams(c, lock_sql, 1, NULL, p, NULL, NULL, 0));
    if (PQresultStatus(res) == PGRES_TUPLES_OK) /* a new snapshot: sees what the lock waited for */
        res = db_own(r->arena, PQexecParams(c, usage_sql, 1, NULL, p, NULL, NULL, 0));
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        rollback_reply(r, c, res);
        return -1;
    }
    used.files = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    used.bytes = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    if (!upload_quota_allows(used, (long long)size, settings.banking.max_files_per_user,
                             settings.banking.max_bytes_per_user, why, sizeof(why))) {
        upload_quota_rollback(c);
        http_reply_detail(r, 413, why);
        return -1;
    }
    return 0;
}

int
upload_quota_commit_or_reply(http_req_t *r, PGconn *c)
{
    PGresult *res = db_own(r->arena, PQexec(c, "COMMIT"));
    if (PQresultStatus(res) == PGRES_COMMAND_OK)
        return 0;
    deps_db_error_reply(r, res);
    return -1;
}
