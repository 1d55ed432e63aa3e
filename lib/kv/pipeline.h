/* Pipelining on the process's connection (kv.h): append commands, then
 * collect exactly as many replies, so n commands cost one round trip. */
#ifndef KV_PIPELINE_H
#define KV_PIPELINE_H

#include <hiredis/hiredis.h>
#include <stddef.h>

/* c is kv_get()'s connection; fmt is hiredis's (%s, %b, %d...). On failure the connection is
 * dropped (its state is unknown), err is set and -1 returned; kv_pipe_collect then has freed
 * the replies it read and set their entries NULL. */
int kv_pipe_append(redisContext *c, char *err, size_t errlen, const char *fmt, ...);
int kv_pipe_collect(redisContext *c, size_t n, redisReply **out, char *err, size_t errlen);

/* Frees the n replies (NULL entries are skipped). */
void kv_pipe_free(redisReply **replies, size_t n);

#endif
