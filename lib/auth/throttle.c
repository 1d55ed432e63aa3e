#include "auth/throttle.h"

#include <openssl/evp.h>
#include <stdio.h>

#include "kv/kv.h"

/* "throttle:<scope>:<hex sha256 of the identity, 32 chars>". The identity
 * is hashed as given: callers normalise it (an email as PostgreSQL's
 * lower() has it), so the key and the users table agree on what is one
 * address. */
static void
throttle_key(const char *scope, str_t identity, char *key, size_t keylen)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    EVP_Digest(identity.p, identity.len, digest, &n, EVP_sha256(), NULL);
    int used = snprintf(key, keylen, "throttle:%s:", scope);
    for (unsigned int i = 0; i < 16 && used + 2 < (int)keylen; i++)
        used += snprintf(key + used, keylen - (size_t)used, "%02x", digest[i]);
}

/* Seconds until key expires, at least 1; -1 when Redis is down. */
static long
retry_after(const char *key, char *err, size_t errlen)
{
    redisReply *r = kv_command(err, errlen, "TTL %s", key);
    if (r == NULL)
        return -1;
    long ttl = r->type == REDIS_REPLY_INTEGER && r->integer > 0 ? (long)r->integer : 1;
    freeReplyObject(r);
    return ttl;
}

long
throttle_blocked(const char *scope, str_t identity, long limit, char *err, size_t errlen)
{
    char key[96];
    throttle_key(scope, identity, key, sizeof(key));
    redisReply *r = kv_command(err, errlen, "GET %s", key);
    if (r == NULL)
        return -1;
    long count = 0;
    if (r->type == REDIS_REPLY_STRING)
        str_to_long((str_t){r->str, r->len}, 0, (long)(~0UL >> 1), &count);
    freeReplyObject(r);
    return count < limit ? 0 : retry_after(key, err, errlen);
}

/* Adds one to the counter at key, starting its window on the first count
 * only, in one round trip. The new count, or -1 when Redis is down. */
static long long
count_one(const char *key, long window, char *err, size_t errlen)
{
    long long count = -1;
    redisContext *c = kv_get(err, errlen);
    if (c == NULL)
        return -1;
    redisAppendCommand(c, "INCR %s", key);
    redisAppendCommand(c, "EXPIRE %s %ld NX", key, window);
    for (int i = 0; i < 2; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) {
            snprintf(err, errlen, "Redis: %s", c->errstr);
            kv_close();
            return -1;
        }
        if (i == 0 && r->type == REDIS_REPLY_INTEGER)
            count = r->integer;
        freeReplyObject(r);
    }
    return count;
}

int
throttle_fail(const char *scope, str_t identity, long window, char *err, size_t errlen)
{
    char key[96];
    throttle_key(scope, identity, key, sizeof(key));
    return count_one(key, window, err, errlen) < 0 ? -1 : 0;
}

long
throttle_hit(const char *scope, str_t identity, long limit, long window, char *err, size_t errlen)
{
    char key[96];
    throttle_key(scope, identity, key, sizeof(key));
    long long count = count_one(key, window, err, errlen);
    if (count < 0)
        return -1;
    return count <= limit ? 0 : retry_after(key, err, errlen);
}

void
throttle_reset(const char *scope, str_t identity)
{
    char key[96], err[128];
    throttle_key(scope, identity, key, sizeof(key));
    redisReply *r = kv_command(err, sizeof(err), "DEL %s", key);
    if (r)
        freeReplyObject(r);
}
