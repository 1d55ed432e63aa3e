#include "auth/throttle.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>

#include "kv/kv.h"

/* "throttle:<scope>:<hex sha256 of the lowercased identity, 32 chars>" */
static void
throttle_key(const char *scope, str_t identity, char *key, size_t keylen)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    for (size_t i = 0; i < identity.len; i++) {
        unsigned char c = (unsigned char)tolower((unsigned char)identity.p[i]);
        EVP_DigestUpdate(ctx, &c, 1);
    }
    EVP_DigestFinal_ex(ctx, digest, &n);
    EVP_MD_CTX_free(ctx);
    int used = snprintf(key, keylen, "throttle:%s:", scope);
    for (unsigned int i = 0; i < 16 && used + 2 < (int)keylen; i++)
        used += snprintf(key + used, keylen - (size_t)used, "%02x", digest[i]);
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
    if (count < limit)
        return 0;
    r = kv_command(err, errlen, "TTL %s", key);
    if (r == NULL)
        return -1;
    long ttl = r->type == REDIS_REPLY_INTEGER && r->integer > 0 ? (long)r->integer : 1;
    freeReplyObject(r);
    return ttl;
}

int
throttle_fail(const char *scope, str_t identity, long window, char *err, size_t errlen)
{
    char key[96];
    redisContext *c = kv_get(err, errlen);
    if (c == NULL)
        return -1;
    throttle_key(scope, identity, key, sizeof(key));
    /* One round trip: count, and start the window on the first failure only. */
    redisAppendCommand(c, "INCR %s", key);
    redisAppendCommand(c, "EXPIRE %s %ld NX", key, window);
    for (int i = 0; i < 2; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) {
            snprintf(err, errlen, "Redis: %s", c->errstr);
            kv_close();
            return -1;
        }
        freeReplyObject(r);
    }
    return 0;
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
