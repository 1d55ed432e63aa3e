/* Helpers of the inspect functions (inspect.h), not for other modules:
 * reading Redis replies whose content nobody vouches for and printing
 * values as always-valid JSON. Pipelining is kv/pipeline.h's. */
#ifndef QUEUE_INSPECT_READ_H
#define QUEUE_INSPECT_READ_H

#include <hiredis/hiredis.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

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

/* Printers: null when the value is absent. A number that is not one
 * prints null; text past max bytes (0: no limit) is cut with an ellipsis;
 * a JSON field that does not parse prints as a string. */
void inspect_print_number(buf_t *b, const redisReply *v);
void inspect_print_string(buf_t *b, const redisReply *v, size_t max);
void inspect_print_json_field(buf_t *b, const redisReply *v, size_t max);
void inspect_print_json_value(buf_t *b, json_object *o);

#endif
