/* The process's one Redis connection, like lib/db: opened on first use,
 * checked before use, re-opened after a failure. */
#ifndef KV_KV_H
#define KV_KV_H

#include <hiredis/hiredis.h>
#include <stdarg.h>
#include <stddef.h>

/* A new connection to the configured Redis, apart from the process's one,
 * for a caller that keeps replies unread on it (the task loop). Connects
 * within REDIS_TIMEOUT_MS; replies time out after read_timeout_ms. The
 * caller frees it with redisFree. NULL with the reason in err. */
redisContext *kv_connect(long read_timeout_ms, char *err, size_t errlen);

/* A live context, or NULL with the reason in err. */
redisContext *kv_get(char *err, size_t errlen);

/* redisCommand on the live connection. NULL when Redis is unreachable or
 * the connection broke (it is then dropped); err says why. The caller
 * frees the reply with freeReplyObject. A reply of type REDIS_REPLY_ERROR
 * is returned as is. */
redisReply *kv_command(char *err, size_t errlen, const char *fmt, ...);
redisReply *kv_command_argv(char *err, size_t errlen, int argc, const char **argv,
                            const size_t *argvlen);
redisReply *kv_vcommand(char *err, size_t errlen, const char *fmt, va_list ap);

/* Like kv_command, but an error reply is freed and NULL returned too, with
 * Redis's message in err: for callers with nothing to do but report it. */
redisReply *kv_command_ok(char *err, size_t errlen, const char *fmt, ...);

void kv_close(void);

/* PING with one reconnect attempt: 0 when Redis answers. */
int kv_ping(char *err, size_t errlen);

#endif
