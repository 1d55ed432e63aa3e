#include "auth/session.h"

#include <stdio.h>

#include "auth/random.h"
#include "core/settings.h"
#include "kv/kv.h"

static bool
key_plausible(str_t key)
{
    if (key.len != SESSION_KEY_LEN)
        return false;
    for (size_t i = 0; i < key.len; i++) {
        char c = key.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

/* Scripts, so that a session and its user's set change together and in
 * one round trip. KEYS are named as Redis asks; the set's members are the
 * bare session keys. */
static const char create_lua[] = "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3]) "
                                 "redis.call('SADD', KEYS[2], ARGV[2]) "
                                 "redis.call('EXPIRE', KEYS[2], ARGV[3]) return 1";
static const char delete_lua[] =
    "local uid = redis.call('GET', KEYS[1]) redis.call('DEL', KEYS[1]) "
    "if uid then redis.call('SREM', 'user_sessions:' .. uid, ARGV[1]) end return 0";
static const char end_lua[] = "local n = 0 "
                              "for _, k in ipairs(redis.call('SMEMBERS', KEYS[1])) do "
                              "if k ~= ARGV[1] then "
                              "n = n + redis.call('DEL', 'session:' .. k) "
                              "redis.call('SREM', KEYS[1], k) end end return n";

/* The integer a script answered, or -1 with err set (Redis down, or an
 * error reply). Frees r. */
static long long
script_integer(redisReply *r, char *err, size_t errlen)
{
    if (r == NULL)
        return -1;
    long long n = r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
    if (n < 0)
        snprintf(err, errlen, "Redis: %s", r->str ? r->str : "unexpected reply");
    freeReplyObject(r);
    return n;
}

int
session_create(long long user_id, char key[SESSION_KEY_LEN + 1], char *err, size_t errlen)
{
    if (random_token(key, SESSION_KEY_LEN) != 0) {
        snprintf(err, errlen, "random generator failed");
        return -1;
    }
    redisReply *r =
        kv_command(err, errlen, "EVAL %s 2 session:%s user_sessions:%lld %lld %s %ld", create_lua,
                   key, user_id, user_id, key, settings.accounts.session_cookie_age);
    return script_integer(r, err, errlen) == 1 ? 0 : -1;
}

long long
session_user(str_t key, char *err, size_t errlen)
{
    if (!key_plausible(key))
        return 0;
    redisReply *r = kv_command(err, errlen, "GET session:%b", key.p, key.len);
    if (r == NULL)
        return -1;
    long user_id = 0;
    if (r->type == REDIS_REPLY_STRING &&
        !str_to_long((str_t){r->str, r->len}, 1, (long)(~0UL >> 1), &user_id))
        user_id = 0;
    freeReplyObject(r);
    return user_id;
}

int
session_delete(str_t key, char *err, size_t errlen)
{
    if (!key_plausible(key))
        return 0;
    redisReply *r = kv_command(err, errlen, "EVAL %s 1 session:%b %b", delete_lua, key.p, key.len,
                               key.p, key.len);
    return script_integer(r, err, errlen) < 0 ? -1 : 0;
}

long long
session_end_user_sessions(long long user_id, str_t keep_key, char *err, size_t errlen)
{
    /* An implausible key matches no member: all sessions end. */
    str_t keep = key_plausible(keep_key) ? keep_key : STR_LIT("-");
    redisReply *r = kv_command(err, errlen, "EVAL %s 1 user_sessions:%lld %b", end_lua, user_id,
                               keep.p, keep.len);
    return script_integer(r, err, errlen);
}
