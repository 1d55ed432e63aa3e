/* Helpers of the inspect functions (inspect.h), not for other modules:
 * reading Redis replies whose content nobody vouches for. */
#ifndef QUEUE_INSPECT_READ_H
#define QUEUE_INSPECT_READ_H

#include <hiredis/hiredis.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "queue/inspect.h"

/* A string or status reply's text, STR_NULL for any other reply. */
str_t inspect_reply_str(const redisReply *v);
/* An integer reply's value, 0 for any other reply. */
long long inspect_reply_int(const redisReply *v);
/* True (err set) for a reply we cannot read past: none at all, or an error
 * other than WRONGTYPE. A key of the wrong type is garbage and reads as
 * empty; LOADING, OOM or NOAUTH are Redis being unusable. */
bool inspect_reply_failed(const redisReply *v, char *err, size_t errlen);
/* A number reply or string as unix ms; false when absent or absurd. */
bool inspect_reply_ms(const redisReply *v, long long *out);

/* One command on the process's connection; NULL (err set) when Redis is
 * down or inspect_reply_failed. The caller frees the reply. */
redisReply *inspect_command(char *err, size_t errlen, const char *fmt, ...);

/* Field of an HGETALL reply, NULL when absent; empty: no field at all. */
const redisReply *inspect_hash_get(const redisReply *h, const char *field);
bool inspect_hash_empty(const redisReply *h);

/* A plain decimal number (no inf, nan, hex or spaces). */
bool inspect_parse_number(str_t s, double *out);
/* Strict, finite JSON text and nothing else; *out is NULL for a JSON null.
 * The caller puts *out. */
bool inspect_parse_json(str_t s, json_object **out);
/* A JSON object, or NULL. The caller puts it. */
json_object *inspect_parse_json_object(str_t s);

/* Copies what a reply holds into the arena; an allocation that failed
 * sets oom (the value then reads as absent), checked once at the end. */
typedef struct {
    arena_t *arena;
    bool oom;
} inspect_copy_t;

/* Text, cut past max bytes (0: no limit) with an ellipsis. */
str_t inspect_copy_text(inspect_copy_t *c, const redisReply *v, size_t max);
inspect_num_t inspect_copy_num(const redisReply *v);
/* JSON text parsed, else (not JSON, or past max bytes) as text. */
inspect_value_t inspect_copy_value(inspect_copy_t *c, const redisReply *v, size_t max);

#endif
