/* Runtime values (value.h). */
#include "graphql/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
val_reset(gql_val_t *v, gql_val_kind_t kind)
{
    memset(v, 0, sizeof *v);
    v->kind = kind;
}

void
gql_val_null(gql_val_t *v)
{
    val_reset(v, GQL_VAL_NULL);
}

void
gql_val_bool(gql_val_t *v, bool b)
{
    val_reset(v, GQL_VAL_BOOLEAN);
    v->b = b;
}

void
gql_val_int(gql_val_t *v, int64_t i)
{
    val_reset(v, GQL_VAL_INT);
    v->i = i;
}

void
gql_val_float(gql_val_t *v, double f)
{
    val_reset(v, GQL_VAL_FLOAT);
    v->f = f;
}

void
gql_val_string(gql_val_t *v, str_t s)
{
    val_reset(v, GQL_VAL_STRING);
    v->s = s.p ? s : STR_LIT("");
}

void
gql_val_enum(gql_val_t *v, str_t name)
{
    val_reset(v, GQL_VAL_ENUM);
    v->s = name;
}

void
gql_val_source(gql_val_t *v, const void *source)
{
    val_reset(v, GQL_VAL_SOURCE);
    v->source = source;
}

int
gql_val_list(arena_t *a, gql_val_t *v, size_t n)
{
    val_reset(v, GQL_VAL_LIST);
    if (n == 0)
        return 0;
    v->items = arena_calloc(a, n, sizeof *v->items);
    if (!v->items)
        return -1;
    v->nitems = n;
    return 0;
}

int
gql_val_object(arena_t *a, gql_val_t *v, size_t n)
{
    val_reset(v, GQL_VAL_OBJECT);
    if (n == 0)
        return 0;
    v->keys = arena_calloc(a, n, sizeof *v->keys);
    v->values = arena_calloc(a, n, sizeof *v->values);
    if (!v->keys || !v->values)
        return -1;
    v->nfields = n;
    return 0;
}

const gql_val_t *
gql_val_get(const gql_val_t *v, const char *key)
{
    if (!v || v->kind != GQL_VAL_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->nfields; i++)
        if (str_eq_cstr(v->keys[i], key))
            return &v->values[i];
    return NULL;
}

/* The shortest digits that read back as f (f finite, > 0): digits[] and
 * the decimal exponent n such that f = 0.d1d2...dk x 10^n. */
static size_t
shortest_digits(double f, char digits[20], int *n)
{
    char text[40];
    for (int prec = 0; prec <= 16; prec++) {
        snprintf(text, sizeof text, "%.*e", prec, f);
        if (strtod(text, NULL) == f)
            break;
    }
    size_t k = 0;
    const char *c = text;
    for (; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9')
            digits[k++] = *c;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    *n = atoi(c + 1) + 1;
    return k;
}

void
gql_js_number(double f, buf_t *out)
{
    if (isnan(f) || isinf(f)) {
        buf_puts(out, isnan(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (f == 0) {
        buf_putc(out, '0');
        return;
    }
    if (f < 0) {
        buf_putc(out, '-');
        f = -f;
    }
    /* ECMAScript's Number::toString: plain digits for exponents in
     * (-7, 21], exponential notation outside. */
    char d[20];
    int n;
    int k = (int)shortest_digits(f, d, &n);
    if (k <= n && n <= 21) {
        buf_append(out, d, (size_t)k);
        for (int i = k; i < n; i++)
            buf_putc(out, '0');
    } else if (0 < n && n <= 21) {
        buf_append(out, d, (size_t)n);
        buf_putc(out, '.');
        buf_append(out, d + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        buf_puts(out, "0.");
        for (int i = 0; i < -n; i++)
            buf_putc(out, '0');
        buf_append(out, d, (size_t)k);
    } else {
        buf_putc(out, d[0]);
        if (k > 1) {
            buf_putc(out, '.');
            buf_append(out, d + 1, (size_t)(k - 1));
        }
        buf_printf(out, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
}

static void
print_float(double f, buf_t *out)
{
    if (!isfinite(f))
        buf_puts(out, "null"); /* JSON.stringify's choice */
    else
        gql_js_number(f, out);
}

void
gql_val_print_json(const gql_val_t *v, buf_t *out)
{
    switch (v->kind) {
    case GQL_VAL_BOOLEAN:
        buf_puts(out, v->b ? "true" : "false");
        return;
    case GQL_VAL_INT:
        buf_printf(out, "%lld", (long long)v->i);
        return;
    case GQL_VAL_FLOAT:
        print_float(v->f, out);
        return;
    case GQL_VAL_STRING:
    case GQL_VAL_ENUM:
        buf_json_str(out, v->s);
        return;
    case GQL_VAL_LIST:
        buf_putc(out, '[');
        for (size_t i = 0; i < v->nitems; i++) {
            if (i)
                buf_putc(out, ',');
            gql_val_print_json(&v->items[i], out);
        }
        buf_putc(out, ']');
        return;
    case GQL_VAL_OBJECT:
        buf_putc(out, '{');
        for (size_t i = 0; i < v->nfields; i++) {
            if (i)
                buf_putc(out, ',');
            buf_json_str(out, v->keys[i]);
            buf_putc(out, ':');
            gql_val_print_json(&v->values[i], out);
        }
        buf_putc(out, '}');
        return;
    case GQL_VAL_NULL:
    case GQL_VAL_SOURCE:
        buf_puts(out, "null");
        return;
    }
}

static int
val_from_json_object(arena_t *a, json_object *j, gql_val_t *out)
{
    if (gql_val_object(a, out, (size_t)json_object_object_length(j)) != 0)
        return -1;
    size_t i = 0;
    json_object_object_foreach(j, key, member)
    {
        out->keys[i] = (str_t){arena_strndup(a, key, strlen(key)), strlen(key)};
        if (!out->keys[i].p || gql_val_from_json(a, member, &out->values[i]) != 0)
            return -1;
        i++;
    }
    return 0;
}

int
gql_val_from_json(arena_t *a, json_object *j, gql_val_t *out)
{
    switch (json_object_get_type(j)) {
    case json_type_null:
        gql_val_null(out);
        return 0;
    case json_type_boolean:
        gql_val_bool(out, json_object_get_boolean(j));
        return 0;
    case json_type_int:
        gql_val_int(out, json_object_get_int64(j));
        return 0;
    case json_type_double:
        gql_val_float(out, json_object_get_double(j));
        return 0;
    case json_type_string: {
        size_t n = (size_t)json_object_get_string_len(j);
        char *copy = arena_strndup(a, json_object_get_string(j), n);
        gql_val_string(out, (str_t){copy, n});
        return copy ? 0 : -1;
    }
    case json_type_array: {
        size_t n = json_object_array_length(j);
        if (gql_val_list(a, out, n) != 0)
            return -1;
        for (size_t i = 0; i < n; i++)
            if (gql_val_from_json(a, json_object_array_get_idx(j, i), &out->items[i]) != 0)
                return -1;
        return 0;
    }
    case json_type_object:
        return val_from_json_object(a, j, out);
    }
    return -1;
}
