/* Pipelining helpers (pipeline.h). */
#include "kv/pipeline.h"

#include <stdarg.h>
#include <stdio.h>

#include "kv/kv.h"

/* Reads n pipelined replies into out; on failure frees what it read, drops
 * the connection (its state is unknown) and returns -1. */
int
kv_pipe_collect(redisContext *c, size_t n, redisReply **out, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        void *reply = NULL;
        if (redisGetReply(c, &reply) != REDIS_OK || reply == NULL) {
            snprintf(err, errlen, "Redis: %s", c->errstr[0] ? c->errstr : "no reply");
            while (i > 0) {
                freeReplyObject(out[--i]);
                out[i] = NULL; /* a kv_pipe_free after a failure is then harmless */
            }
            kv_close();
            return -1;
        }
        out[i] = reply;
    }
    return 0;
}

void
kv_pipe_free(redisReply **replies, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (replies[i])
            freeReplyObject(replies[i]);
}

/* Appends a command; a failure here is out of memory in hiredis. */
int
kv_pipe_append(redisContext *c, char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = redisvAppendCommand(c, fmt, ap);
    va_end(ap);
    if (rc != REDIS_OK) {
        snprintf(err, errlen, "Redis: cannot build a command (out of memory)");
        kv_close();
        return -1;
    }
    return 0;
}
