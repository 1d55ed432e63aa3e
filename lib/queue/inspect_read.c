/* Reading Redis replies that may hold anything into the structs of
 * inspect.h: the helpers behind inspect.c and inspect_workers.c. */
#include "queue/inspect_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "kv/kv.h"

/* 2^53: integers past it are not exact in a double (nor in JavaScript). */
static const double max_exact = 9007199254740992.0;

/* --- Redis replies ---------------------------------------------------------- */

str_t
inspect_reply_str(const redisReply *v)
{
    if (v && (v->type == REDIS_REPLY_STRING || v->type == REDIS_REPLY_STATUS))
        return (str_t){v->str, v->len};
    return STR_NULL;
}

/* A reply we cannot read past: the connection broke, or Redis refused for a
 * reason other than the key's type (LOADING, OOM, NOAUTH...). A key of the
 * wrong type is someone else's garbage and reads as empty. */
bool
inspect_reply_failed(const redisReply *v, char *err, size_t errlen)
{
    if (v == NULL)
        return true;
    if (v->type != REDIS_REPLY_ERROR || strncmp(v->str, "WRONGTYPE", 9) == 0)
        return false;
    snprintf(err, errlen, "Redis: %s", v->str);
    return true;
}

long long
inspect_reply_int(const redisReply *v)
{
    return v && v->type == REDIS_REPLY_INTEGER ? v->integer : 0;
}

/* One command; NULL (err set) unless Redis answered something usable. */
redisReply *
inspect_command(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    redisReply *v = kv_vcommand(err, errlen, fmt, ap);
    va_end(ap);
    if (v == NULL)
        return NULL;
    if (inspect_reply_failed(v, err, errlen)) {
        freeReplyObject(v);
        return NULL;
    }
    return v;
}

/* The value of field in an HGETALL reply, NULL when absent. */
const redisReply *
inspect_hash_get(const redisReply *h, const char *field)
{
    if (h == NULL || h->type != REDIS_REPLY_ARRAY)
        return NULL;
    for (size_t i = 0; i + 1 < h->elements; i += 2)
        if (str_eq_cstr(inspect_reply_str(h->element[i]), field))
            return h->element[i + 1];
    return NULL;
}

bool
inspect_hash_empty(const redisReply *h)
{
    return h == NULL || h->type != REDIS_REPLY_ARRAY || h->elements < 2;
}

/* --- parsing values of unknown quality ---------------------------------------- */

/* A decimal number with nothing around it (no "inf", hex or spaces). */
bool
inspect_parse_number(str_t s, double *out)
{
    char tmp[64];
    if (s.len == 0 || s.len >= sizeof(tmp))
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (!strchr("+-.0123456789eE", s.p[i]))
            return false;
    memcpy(tmp, s.p, s.len);
    tmp[s.len] = '\0';
    char *end;
    double d = strtod(tmp, &end);
    if (*end != '\0' || !isfinite(d))
        return false;
    *out = d;
    return true;
}

/* Parses strict JSON text that is nothing else; *out is NULL for a JSON
 * null. The caller puts *out. */
bool
inspect_parse_json(str_t s, json_object **out)
{
    *out = NULL;
    if (s.p == NULL || s.len == 0 || s.len > INT32_MAX)
        return false;
    json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return false;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *o = json_tokener_parse_ex(tok, s.p, (int)s.len);
    bool whole = json_tokener_get_error(tok) == json_tokener_success &&
                 json_tokener_get_parse_end(tok) == s.len;
    if (json_tokener_get_error(tok) == json_tokener_continue) {
        /* A bare number or literal ends only at the next character. */
        o = json_tokener_parse_ex(tok, " ", 1);
        whole = json_tokener_get_error(tok) == json_tokener_success;
    }
    json_tokener_free(tok);
    if (!whole || !json_finite(o)) {
        json_object_put(o);
        return false;
    }
    *out = o;
    return true;
}

/* A JSON object, or NULL. The caller puts it. */
json_object *
inspect_parse_json_object(str_t s)
{
    json_object *o;
    if (!inspect_parse_json(s, &o))
        return NULL;
    if (!json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

bool
inspect_reply_ms(const redisReply *v, long long *out)
{
    double d;
    if (v && v->type == REDIS_REPLY_INTEGER) {
        *out = v->integer;
        return true;
    }
    if (!inspect_parse_number(inspect_reply_str(v), &d) || fabs(d) > max_exact)
        return false;
    *out = (long long)d;
    return true;
}

/* --- copying into the caller's arena -------------------------------------------- */

str_t
inspect_copy_text(inspect_copy_t *c, const redisReply *v, size_t max)
{
    static const char ellipsis[] = "\xe2\x80\xa6";
    str_t s = inspect_reply_str(v);
    if (s.p == NULL)
        return STR_NULL;
    bool cut = max && s.len > max;
    size_t len = cut ? max : s.len;
    char *p = arena_alloc(c->arena, len + (cut ? sizeof(ellipsis) - 1 : 0) + 1);
    if (p == NULL) {
        c->oom = true;
        return STR_NULL;
    }
    memcpy(p, s.p, len);
    if (cut) {
        memcpy(p + len, ellipsis, sizeof(ellipsis) - 1);
        len += sizeof(ellipsis) - 1;
    }
    p[len] = '\0';
    return (str_t){p, len};
}

inspect_num_t
inspect_copy_num(const redisReply *v)
{
    inspect_num_t n = {0};
    n.set = inspect_parse_number(inspect_reply_str(v), &n.v);
    return n;
}

inspect_value_t
inspect_copy_value(inspect_copy_t *c, const redisReply *v, size_t max)
{
    inspect_value_t out = {0};
    str_t s = inspect_reply_str(v);
    json_object *o;
    if (s.p && (max == 0 || s.len <= max) && inspect_parse_json(s, &o)) {
        out.parsed = true;
        if (o && (out.json = json_own(c->arena, o)) == NULL)
            c->oom = true;
        return out;
    }
    out.text = inspect_copy_text(c, v, max);
    return out;
}
