#include "server/deps.h"

#include <stdarg.h>

#include "core/log.h"
#include "db/db.h"
#include "http/response.h"
#include "kv/kv.h"

static const char *
request_id(http_req_t *r)
{
    return r->request_id.len ? arena_cstr(r->arena, r->request_id) : NULL;
}

PGconn *
deps_db_or_reply(http_req_t *r)
{
    char err[256];
    PGconn *c = db_get(err, sizeof(err));
    if (c == NULL) {
        log_event(LOG_ERROR, request_id(r), "db_unavailable", "%s", err);
        http_reply_detail(r, 503, "Database unavailable.");
    }
    return c;
}

int
deps_db_error_reply(http_req_t *r, PGresult *res)
{
    const char *msg = res ? PQresultErrorMessage(res) : "no result";
    bool gone = db_broken();

    log_event(LOG_ERROR, request_id(r), "db_error", "%s", msg);
    db_after_error();
    return http_reply_detail(r, gone ? 503 : 500,
                             gone ? "Database unavailable." : "A server error occurred.");
}

PGresult *
deps_rows_or_reply(http_req_t *r, PGresult *res)
{
    res = db_own(r->arena, res);
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        return res;
    deps_db_error_reply(r, res);
    return NULL;
}

redisReply *
deps_kv_or_reply(http_req_t *r, const char *fmt, ...)
{
    char err[256];
    redisContext *c = kv_get(err, sizeof(err));
    redisReply *reply = NULL;

    if (c != NULL) {
        va_list ap;
        va_start(ap, fmt);
        reply = redisvCommand(c, fmt, ap);
        va_end(ap);
        if (reply == NULL) {
            snprintf(err, sizeof(err), "Redis: %s", c->errstr);
            kv_close();
        }
    }
    if (reply && reply->type == REDIS_REPLY_ERROR) {
        snprintf(err, sizeof(err), "Redis: %s", reply->str);
        freeReplyObject(reply);
        reply = NULL;
    }
    if (reply == NULL)
        deps_kv_error_reply(r, err);
    return reply;
}

int
deps_kv_error_reply(http_req_t *r, const char *err)
{
    log_event(LOG_ERROR, request_id(r), "kv_unavailable", "%s", err);
    return http_reply_detail(r, 503, "Cache unavailable.");
}
