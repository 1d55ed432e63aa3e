/* The Redis counter of the Examples page: key `cached_value`, shared with
 * the websocket daemon (which adds 3 on each ping). */
#include <errno.h>
#include <stdlib.h>

#include "apps/accounts/accounts.h"
#include "apps/core/core.h"
#include "http/response.h"
#include "server/deps.h"

static const char cached_value_key[] = "cached_value";

static int
reply_count(http_req_t *r, redisReply *reply)
{
    buf_puts(r->out, "{\"count\":");
    if (reply->type == REDIS_REPLY_STRING) {
        long n;
        if (str_to_long((str_t){reply->str, reply->len}, -(1L << 53), 1L << 53, &n))
            buf_printf(r->out, "%ld", n);
        else
            buf_json_str(r->out, (str_t){reply->str, reply->len});
    } else {
        buf_puts(r->out, "null");
    }
    buf_putc(r->out, '}');
    return http_json(r, 200);
}

int
core_redis_get(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    redisReply *reply = deps_kv_or_reply(r, "GET %s", cached_value_key);
    if (reply == NULL)
        return r->status;
    int status = reply_count(r, reply);
    freeReplyObject(reply);
    return status;
}

/* The body's count, an integer within +-2^53 (DRF's IntegerField also takes
 * "12" strings); replies 400 and returns -1. */
static int
count_or_reply(http_req_t *r, json_object *body, int64_t *n)
{
    json_object *count;
    long v;

    if (!json_object_object_get_ex(body, "count", &count)) {
        http_reply(r, 400, NULL, STR_LIT("{\"count\":[\"This field is required.\"]}"));
        return -1;
    }
    errno = 0;
    if (json_object_is_type(count, json_type_int)) {
        *n = json_object_get_int64(count);
    } else if (json_object_is_type(count, json_type_string) &&
               str_to_long(str_from_cstr(json_object_get_string(count)), -(1L << 53), 1L << 53,
                           &v)) {
        *n = v;
    } else {
        http_reply(r, 400, NULL, STR_LIT("{\"count\":[\"A valid integer is required.\"]}"));
        return -1;
    }
    if (errno == ERANGE || *n > (1LL << 53) || *n < -(1LL << 53)) {
        http_reply(r, 400, NULL,
                   STR_LIT("{\"count\":[\"Ensure this value is between -2^53 and 2^53.\"]}"));
        return -1;
    }
    return 0;
}

int
core_redis_set(http_req_t *r)
{
    json_object *body;
    int64_t n;

    if (accounts_user_or_reply(r) != 0 || http_json_or_reply(r, &body) != 0 ||
        count_or_reply(r, body, &n) != 0)
        return r->status;
    redisReply *reply = deps_kv_or_reply(r, "SET %s %lld", cached_value_key, (long long)n);
    if (reply == NULL)
        return r->status;
    freeReplyObject(reply);
    buf_printf(r->out, "{\"count\":%lld}", (long long)n);
    return http_json(r, 200);
}

int
core_redis_clear(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    redisReply *reply = deps_kv_or_reply(r, "DEL %s", cached_value_key);
    if (reply == NULL)
        return r->status;
    freeReplyObject(reply);
    buf_puts(r->out, "{\"count\":null}");
    return http_json(r, 200);
}
