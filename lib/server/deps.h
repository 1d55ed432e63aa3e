/* The dependencies a handler asks for, with the reply already made when
 * they are down: a JSON 503 naming the service, never a crash. */
#ifndef SERVER_DEPS_H
#define SERVER_DEPS_H

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "http/request.h"

/* A live PostgreSQL connection, or NULL after replying 503. */
PGconn *deps_db_or_reply(http_req_t *r);

/* Runs a Redis command; NULL after replying 503 when Redis is down or
 * answers with an error. The caller frees the reply. */
redisReply *deps_kv_or_reply(http_req_t *r, const char *fmt, ...);

/* When Redis failed: logs err (kv_unavailable) and replies 503 "Cache
 * unavailable.". Returns the status. */
int deps_kv_error_reply(http_req_t *r, const char *err);

/* After a failed query: drops a broken connection, replies 503 when the
 * database is gone and 500 otherwise (a bug in our SQL), logs the message.
 * Returns the status. */
int deps_db_error_reply(http_req_t *r, PGresult *res);

/* The result of a query that returns rows (a SELECT, a RETURNING), owned by
 * r->arena (cleared at its reset); NULL after deps_db_error_reply when the
 * query failed. Use: res = deps_rows_or_reply(r, PQexecParams(...)). */
PGresult *deps_rows_or_reply(http_req_t *r, PGresult *res);

#endif
