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

int
session_create(long long user_id, char key[SESSION_KEY_LEN + 1], char *err, size_t errlen)
{
    if (random_token(key, SESSION_KEY_LEN) != 0) {
        snprintf(err, errlen, "random generator failed");
        return -1;
    }
    redisReply *r = kv_command(err, errlen, "SET session:%s %lld EX %ld", key, user_id,
                               settings.accounts.session_cookie_age);
    if (r == NULL)
        return -1;
    int rc = r->type == REDIS_REPLY_STATUS ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "Redis: %s", r->str ? r->str : "unexpected reply");
    freeReplyObject(r);
    return rc;
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
    redisReply *r = kv_command(err, errlen, "DEL session:%b", key.p, key.len);
    if (r == NULL)
        return -1;
    freeReplyObject(r);
    return 0;
}
