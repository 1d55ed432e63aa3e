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

/* Responses are printed through a chunk on the stack and handed to the
 * buffer a few kilobytes at a time: a response of thousands of small
 * values would otherwise pay a buffer call for every quote and comma. */
enum { JSON_CHUNK = 4096, JSON_KEY_CACHE = 8 };

typedef struct {
    buf_t *out;
    size_t n;
    const str_t *keys[JSON_KEY_CACHE]; /* key arrays seen, and their plain keys */
    uint64_t plain[JSON_KEY_CACHE];
    size_t next_key;
    char chunk[JSON_CHUNK];
} json_writer_t;

static inline void
w_flush(json_writer_t *w)
{
    buf_append(w->out, w->chunk, w->n);
    w->n = 0;
}

static inline void
w_bytes(json_writer_t *w, const char *p, size_t n)
{
    if (w->n + n > JSON_CHUNK) {
        w_flush(w);
        if (n > JSON_CHUNK) {
            buf_append(w->out, p, n);
            return;
        }
    }
    memcpy(w->chunk + w->n, p, n);
    w->n += n;
}

static inline void
w_char(json_writer_t *w, char c)
{
    if (w->n == JSON_CHUNK)
        w_flush(w);
    w->chunk[w->n++] = c;
}

/* Where n more bytes (n <= JSON_CHUNK) go, flushing first when the chunk
 * lacks room; the caller adds n to w->n. */
static inline char *
w_room(json_writer_t *w, size_t n)
{
    if (JSON_CHUNK - w->n < n)
        w_flush(w);
    return w->chunk + w->n;
}

/* Whether any of the 8 bytes is below 0x20, at or above 0x80, '"' or
 * '\\' (the bytes JSON must escape or check). */
static inline bool
needs_escape8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t below = (x - ones * 0x20) & ~x;
    uint64_t zero_q = (quote - ones) & ~quote, zero_b = (backslash - ones) & ~backslash;
    return ((x | below | zero_q | zero_b) & highs) != 0;
}

static bool
is_plain(str_t s)
{
    size_t i = 0;
    for (; i + 8 <= s.len; i += 8) {
        uint64_t x;
        memcpy(&x, s.p + i, 8);
        if (needs_escape8(x))
            return false;
    }
    for (; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            return false;
    }
    return true;
}

/* Plain ASCII without quotes or backslashes is copied as it is; anything
 * else goes through buf_json_str's escaping and UTF-8 checks. */
static void
w_string(json_writer_t *w, str_t s, bool plain)
{
    if (!plain && !is_plain(s)) {
        w_flush(w);
        buf_json_str(w->out, s);
        return;
    }
    if (s.len + 2 > JSON_CHUNK) {
        w_char(w, '"');
        w_bytes(w, s.p, s.len);
        w_char(w, '"');
        return;
    }
    char *p = w_room(w, s.len + 2);
    p[0] = '"';
    memcpy(p + 1, s.p, s.len);
    p[s.len + 1] = '"';
    w->n += s.len + 2;
}

static void
w_int(json_writer_t *w, int64_t i)
{
    char text[24];
    size_t n = sizeof text;
    uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
    do
        text[--n] = (char)('0' + u % 10);
    while (u /= 10);
    if (i < 0)
        text[--n] = '-';
    w_bytes(w, text + n, sizeof text - n);
}

static void
w_float(json_writer_t *w, double f)
{
    if (!isfinite(f)) { /* JSON.stringify's choice */
        w_bytes(w, "null", 4);
        return;
    }
    w_flush(w);
    gql_js_number(f, w->out);
}

static void w_value(json_writer_t *w, const gql_val_t *v);

/* The objects of one selection set share their key array: which keys are
 * plain is worked out once per array (up to 64 keys; the last few arrays
 * are remembered, as objects of different levels interleave). */
static uint64_t
plain_keys(json_writer_t *w, const gql_val_t *v)
{
    for (size_t i = 0; i < JSON_KEY_CACHE; i++)
        if (w->keys[i] == v->keys)
            return w->plain[i];
    uint64_t plain = 0;
    for (size_t i = 0; i < v->nfields && i < 64; i++)
        if (is_plain(v->keys[i]))
            plain |= 1ULL << i;
    w->keys[w->next_key] = v->keys;
    w->plain[w->next_key] = plain;
    w->next_key = (w->next_key + 1) % JSON_KEY_CACHE;
    return plain;
}

/* ,"key": (without the comma for the first key) */
static void
w_key(json_writer_t *w, str_t key, bool plain, bool first)
{
    if (!plain || key.len > JSON_CHUNK / 2) {
        if (!first)
            w_char(w, ',');
        w_string(w, key, plain);
        w_char(w, ':');
        return;
    }
    char *p = w_room(w, key.len + 4), *start = p;
    if (!first)
        *p++ = ',';
    *p++ = '"';
    for (size_t i = 0; i < key.len; i++)
        *p++ = key.p[i];
    *p++ = '"';
    *p++ = ':';
    w->n += (size_t)(p - start);
}

static void
w_object(json_writer_t *w, const gql_val_t *v)
{
    uint64_t plain = plain_keys(w, v);
    w_char(w, '{');
    for (size_t i = 0; i < v->nfields; i++) {
        w_key(w, v->keys[i], i < 64 && (plain >> i & 1), i == 0);
        w_value(w, &v->values[i]);
    }
    w_char(w, '}');
}

static void
w_value(json_writer_t *w, const gql_val_t *v)
{
    switch (v->kind) {
    case GQL_VAL_BOOLEAN:
        w_bytes(w, v->b ? "true" : "false", v->b ? 4 : 5);
        return;
    case GQL_VAL_INT:
        w_int(w, v->i);
        return;
    case GQL_VAL_FLOAT:
        w_float(w, v->f);
        return;
    case GQL_VAL_STRING:
    case GQL_VAL_ENUM:
        w_string(w, v->s, false);
        return;
    case GQL_VAL_LIST:
        w_char(w, '[');
        for (size_t i = 0; i < v->nitems; i++) {
            if (i)
                w_char(w, ',');
            w_value(w, &v->items[i]);
        }
        w_char(w, ']');
        return;
    case GQL_VAL_OBJECT:
        w_object(w, v);
        return;
    case GQL_VAL_NULL:
    case GQL_VAL_SOURCE:
        w_bytes(w, "null", 4);
        return;
    }
}

void
gql_val_print_json(const gql_val_t *v, buf_t *out)
{
    json_writer_t w;
    w.out = out;
    w.n = 0;
    memset(w.keys, 0, sizeof w.keys);
    w.next_key = 0;
    w_value(&w, v);
    w_flush(&w);
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
