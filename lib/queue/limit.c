#include "queue/limit.h"

#include <stdio.h>

#include "core/settings.h"
#include "kv/kv.h"

/* KEYS: unfinished:<owner>, task:<id>. ARGV: now ms, hold ms, limit, id,
 * owner, RESULT_TTL. Drops the places of tasks that ended, then either
 * refuses (returns the ms until the oldest place lapses, at least 1) or
 * takes a place and records the task PENDING (returns 0): the record must
 * exist before the next caller looks, or the new place would read as a
 * task that ended. It reads task:<id> keys it cannot declare; this Redis
 * is one instance, not a cluster. */
static const char reserve_script[] =
    "local key, now, hold = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])\n"
    "redis.call('ZREMRANGEBYSCORE', key, '-inf', now - hold)\n"
    "for _, id in ipairs(redis.call('ZRANGE', key, 0, -1)) do\n"
    "  local s = redis.call('HGET', 'task:' .. id, 'state')\n"
    "  if not s or s == 'SUCCESS' or s == 'FAILURE' or s == 'REVOKED' then\n"
    "    redis.call('ZREM', key, id)\n"
    "  end\n"
    "end\n"
    "if redis.call('ZCARD', key) >= tonumber(ARGV[3]) then\n"
    "  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')\n"
    "  return math.max(1, tonumber(oldest[2]) + hold - now)\n"
    "end\n"
    "redis.call('ZADD', key, ARGV[1], ARGV[4])\n"
    "redis.call('PEXPIRE', key, hold)\n"
    "redis.call('HSET', KEYS[2], 'state', 'PENDING', 'owner', ARGV[5])\n"
    "redis.call('EXPIRE', KEYS[2], ARGV[6])\n"
    "return 0\n";

/* 0 reserved, a positive number of ms to wait, or -1 with err. */
static long long
limit_reserve(const queue_limit_t *limit, const char *id, char *err, size_t errlen)
{
    redisReply *r =
        kv_command_ok(err, errlen, "EVAL %s 2 unfinished:%lld task:%s %lld %lld %ld %s %lld %ld",
                      reserve_script, limit->owner, id, queue_now_ms(), limit->hold_s * 1000LL,
                      limit->max_unfinished, id, limit->owner, settings.queue.result_ttl);
    if (r == NULL)
        return -1;
    long long wait_ms = -1;
    if (r->type == REDIS_REPLY_INTEGER && r->integer >= 0)
        wait_ms = r->integer;
    else
        snprintf(err, errlen, "Redis: unexpected reply to the limit script");
    freeReplyObject(r);
    return wait_ms;
}

int
queue_enqueue_limited(const queue_limit_t *limit, const char *task, const char *args_json,
                      const char *kwargs_json, char id_out[TASK_ID_LEN + 1], long *retry_after_s,
                      char *err, size_t errlen)
{
    if (queue_new_id(id_out) != 0) {
        snprintf(err, errlen, "random generator failed");
        return -1;
    }
    long long wait_ms = limit_reserve(limit, id_out, err, errlen);
    if (wait_ms < 0)
        return -1;
    if (wait_ms > 0) {
        *retry_after_s = (long)((wait_ms + 999) / 1000);
        return 0;
    }
    if (queue_enqueue_id(id_out, task, args_json, kwargs_json, NULL, limit->owner, 0, err,
                         errlen) == 0)
        return 1;
    /* Not queued: give the place back (the PENDING record lapses with RESULT_TTL). */
    char ignored[64];
    redisReply *r =
        kv_command(ignored, sizeof(ignored), "ZREM unfinished:%lld %s", limit->owner, id_out);
    if (r)
        freeReplyObject(r);
    return -1;
}
