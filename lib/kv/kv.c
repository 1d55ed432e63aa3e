#include "kv/kv.h"

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/settings.h"

static redisContext *kv_ctx;

/* Outside pub/sub Redis never speaks first: a readable idle socket means
 * the server closed it (a restart). */
static int
kv_alive(redisContext *c)
{
    if (c->err)
        return 0;
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    return poll(&p, 1, 0) == 0;
}

redisContext *
kv_connect(long read_timeout_ms, char *err, size_t errlen)
{
    struct timeval tv = {settings.redis_timeout_ms / 1000,
                         (settings.redis_timeout_ms % 1000) * 1000};
    redisContext *c = redisConnectWithTimeout(settings.redis_host, (int)settings.redis_port, tv);
    if (c == NULL || c->err) {
        snprintf(err, errlen, "Redis at %s:%ld: %s", settings.redis_host, settings.redis_port,
                 c ? c->errstr : "out of memory");
        if (c)
            redisFree(c);
        return NULL;
    }
    struct timeval rt = {read_timeout_ms / 1000, (read_timeout_ms % 1000) * 1000};
    redisSetTimeout(c, rt);
    return c;
}

redisContext *
kv_get(char *err, size_t errlen)
{
    if (kv_ctx && kv_alive(kv_ctx))
        return kv_ctx;
    if (kv_ctx) {
        log_warn("kv_reconnect", "Redis connection lost; reconnecting");
        redisFree(kv_ctx);
        kv_ctx = NULL;
    }
    kv_ctx = kv_connect(settings.redis_timeout_ms, err, errlen);
    return kv_ctx;
}

static redisReply *
kv_checked(redisReply *reply, char *err, size_t errlen)
{
    if (reply == NULL) {
        snprintf(err, errlen, "Redis: %s", kv_ctx->errstr[0] ? kv_ctx->errstr : "no reply");
        redisFree(kv_ctx);
        kv_ctx = NULL;
    }
    return reply;
}

redisReply *
kv_vcommand(char *err, size_t errlen, const char *fmt, va_list ap)
{
    redisContext *c = kv_get(err, errlen);
    if (c == NULL)
        return NULL;
    return kv_checked(redisvCommand(c, fmt, ap), err, errlen);
}

redisReply *
kv_command(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    redisReply *reply = kv_vcommand(err, errlen, fmt, ap);
    va_end(ap);
    return reply;
}

redisReply *
kv_command_ok(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    redisReply *reply = kv_vcommand(err, errlen, fmt, ap);
    va_end(ap);
    if (reply != NULL && reply->type == REDIS_REPLY_ERROR) {
        snprintf(err, errlen, "Redis: %s", reply->str);
        freeReplyObject(reply);
        reply = NULL;
    }
    return reply;
}

redisReply *
kv_command_argv(char *err, size_t errlen, int argc, const char **argv, const size_t *argvlen)
{
    redisContext *c = kv_get(err, errlen);
    if (c == NULL)
        return NULL;
    return kv_checked(redisCommandArgv(c, argc, argv, argvlen), err, errlen);
}

void
kv_close(void)
{
    if (kv_ctx)
        redisFree(kv_ctx);
    kv_ctx = NULL;
}

int
kv_ping(char *err, size_t errlen)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        redisReply *r = kv_command(err, errlen, "PING");
        if (r == NULL)
            continue;
        int ok = r->type == REDIS_REPLY_STATUS;
        if (!ok)
            snprintf(err, errlen, "Redis: %s", r->str ? r->str : "unexpected reply");
        freeReplyObject(r);
        return ok ? 0 : -1;
    }
    return -1;
}
