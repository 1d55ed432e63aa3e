/* Serializing leaf values (graphql-js type/scalars.js serialize, and
 * GraphQLEnumType.serialize): a resolver's value for an Int, Float,
 * String, Boolean, ID or enum field made into what the response holds, in
 * place. Custom scalars pass through as they are (buildSchema's identity). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "graphql/coerce.h"
#include "graphql/exec_internal.h"

/* JavaScript's Number(string) for the common forms (decimal, with
 * surrounding blanks; "" is 0 but graphql-js never asks for that). */
static bool
js_number_of(str_t s, double *out)
{
    char text[128];
    while (s.len && strchr(" \t\n\r\v\f", s.p[0]))
        s.p++, s.len--;
    while (s.len && strchr(" \t\n\r\v\f", s.p[s.len - 1]))
        s.len--;
    if (s.len == 0 || s.len >= sizeof text)
        return false;
    memcpy(text, s.p, s.len);
    text[s.len] = '\0';
    if (strcmp(text, "Infinity") == 0 || strcmp(text, "+Infinity") == 0 ||
        strcmp(text, "-Infinity") == 0) {
        *out = text[0] == '-' ? -INFINITY : INFINITY;
        return true;
    }
    if (strpbrk(text, "xXnNiI")) /* hex, nan, inf: leave them out */
        return false;
    char *end;
    *out = strtod(text, &end);
    return *end == '\0';
}

/* The number a value stands for, as serialize's coercions see it:
 * booleans are 1 or 0, non-empty strings go through Number(). */
static bool
number_of(const gql_val_t *v, double *num)
{
    switch (v->kind) {
    case GQL_VAL_INT:
        *num = (double)v->i;
        return true;
    case GQL_VAL_FLOAT:
        *num = v->f;
        return true;
    case GQL_VAL_BOOLEAN:
        *num = v->b ? 1 : 0;
        return true;
    case GQL_VAL_STRING:
        if (!js_number_of(v->s, num))
            *num = NAN;
        return true;
    default:
        return false;
    }
}

static const char *
fail(buf_t *why, const char *prefix, const gql_val_t *v)
{
    buf_puts(why, prefix);
    gql_inspect(v, why);
    return buf_cstr(why);
}

static const char *
serialize_int(gql_val_t *v, buf_t *why)
{
    double num;
    if (v->kind == GQL_VAL_INT && v->i >= INT32_MIN && v->i <= INT32_MAX)
        return NULL;
    if (!number_of(v, &num) || !isfinite(num) || floor(num) != num)
        return fail(why, "Int cannot represent non-integer value: ", v);
    if (num > INT32_MAX || num < INT32_MIN)
        return fail(why, "Int cannot represent non 32-bit signed integer value: ", v);
    gql_val_int(v, (int64_t)num);
    return NULL;
}

static const char *
serialize_float(gql_val_t *v, buf_t *why)
{
    double num;
    if (v->kind == GQL_VAL_INT || (v->kind == GQL_VAL_FLOAT && isfinite(v->f)))
        return NULL; /* an INT prints as the same number */
    if (!number_of(v, &num) || !isfinite(num))
        return fail(why, "Float cannot represent non numeric value: ", v);
    gql_val_float(v, num);
    return NULL;
}

/* A number as the string String(n) makes, in the arena. */
static int
number_string(arena_t *a, gql_val_t *v)
{
    char text[24], *s;
    size_t n = sizeof text;
    if (v->kind == GQL_VAL_INT) { /* ids: the common case, without printf */
        uint64_t u = v->i < 0 ? 0 - (uint64_t)v->i : (uint64_t)v->i;
        do
            text[--n] = (char)('0' + u % 10);
        while (u /= 10);
        if (v->i < 0)
            text[--n] = '-';
        s = arena_strndup(a, text + n, sizeof text - n);
        n = sizeof text - n;
    } else {
        buf_t b;
        buf_init(&b);
        gql_js_number(v->f, &b);
        n = b.len;
        s = arena_strndup(a, buf_cstr(&b), n);
        buf_free(&b);
    }
    gql_val_string(v, (str_t){s, n});
    return s ? 0 : -1;
}

static const char *
serialize_string(arena_t *a, gql_val_t *v, buf_t *why)
{
    if (v->kind == GQL_VAL_STRING)
        return NULL;
    if (v->kind == GQL_VAL_ENUM)
        gql_val_string(v, v->s);
    else if (v->kind == GQL_VAL_BOOLEAN)
        gql_val_string(v, v->b ? STR_LIT("true") : STR_LIT("false"));
    else if ((v->kind == GQL_VAL_INT || (v->kind == GQL_VAL_FLOAT && isfinite(v->f))))
        return number_string(a, v) == 0 ? NULL : "Internal server error.";
    else
        return fail(why, "String cannot represent value: ", v);
    return NULL;
}

static const char *
serialize_id(arena_t *a, gql_val_t *v, buf_t *why)
{
    if (v->kind == GQL_VAL_STRING)
        return NULL;
    if (v->kind == GQL_VAL_INT ||
        (v->kind == GQL_VAL_FLOAT && isfinite(v->f) && floor(v->f) == v->f))
        return number_string(a, v) == 0 ? NULL : "Internal server error.";
    return fail(why, "ID cannot represent value: ", v);
}

static const char *
serialize_boolean(gql_val_t *v, buf_t *why)
{
    double num;
    if (v->kind == GQL_VAL_BOOLEAN)
        return NULL;
    if (v->kind == GQL_VAL_STRING || !number_of(v, &num) || !isfinite(num))
        return fail(why, "Boolean cannot represent a non boolean value: ", v);
    gql_val_bool(v, num != 0);
    return NULL;
}

static const char *
serialize_enum(const gql_type_t *t, gql_val_t *v, buf_t *why)
{
    if (v->kind == GQL_VAL_STRING || v->kind == GQL_VAL_ENUM)
        for (size_t i = 0; i < t->nvalues; i++)
            if (str_eq(t->values[i].name, v->s)) {
                gql_val_enum(v, t->values[i].name);
                return NULL;
            }
    buf_printf(why, "Enum \"%.*s\" cannot represent value: ", STR_FMT(t->name));
    gql_inspect(v, why);
    return buf_cstr(why);
}

/* NULL when v is now serialized; else the message (in why). The
 * built-in scalars are told apart by their names' first letters. */
const char *
exec_serialize(arena_t *a, const gql_type_t *t, gql_val_t *v, buf_t *why)
{
    if (t->kind == GQL_KIND_ENUM)
        return serialize_enum(t, v, why);
    if (!t->builtin || t->name.len == 0)
        return NULL;
    switch (t->name.p[0]) {
    case 'S':
        return serialize_string(a, v, why);
    case 'I':
        return t->name.len == 3 ? serialize_int(v, why) : serialize_id(a, v, why);
    case 'F':
        return serialize_float(v, why);
    case 'B':
        return serialize_boolean(v, why);
    default:
        return NULL;
    }
}
