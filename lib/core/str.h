/* Length + pointer strings for request data: never NUL-scanned twice. */
#ifndef CORE_STR_H
#define CORE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *p;
    size_t len;
} str_t;

#define STR_LIT(s) ((str_t){(s), sizeof(s) - 1})
#define STR_NULL ((str_t){NULL, 0})
#define STR_FMT(s) (int)(s).len, (s).p /* printf("%.*s", STR_FMT(s)) */

static inline str_t
str_from_cstr(const char *s)
{
    return s ? (str_t){s, strlen(s)} : STR_NULL;
}

static inline bool
str_eq(str_t a, str_t b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

static inline bool
str_eq_cstr(str_t a, const char *b)
{
    return str_eq(a, str_from_cstr(b));
}

static inline bool
str_ieq_cstr(str_t a, const char *b)
{
    size_t n = strlen(b);
    return a.len == n && (n == 0 || strncasecmp(a.p, b, n) == 0);
}

static inline bool
str_starts_with(str_t a, const char *prefix)
{
    size_t n = strlen(prefix);
    return a.len >= n && memcmp(a.p, prefix, n) == 0;
}

/* Strips spaces and tabs at both ends. */
str_t str_trim(str_t s);

/* Splits s at the first c: head before it, *rest after it (empty when absent).
 * Returns false when c does not occur (head is then all of s). */
bool str_split(str_t s, char c, str_t *head, str_t *rest);

/* Parses a whole decimal integer in [min, max]; false on anything else. */
bool str_to_long(str_t s, long min, long max, long *out);

/* The value of a hexadecimal digit (either case), or -1. */
int str_hex_digit(int c);

/* Length (1..4) of the valid UTF-8 sequence at s, which has left bytes;
 * 0 when there is none (left == 0, s not read) or it is invalid: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate
 * (U+D800..U+DFFF) or a code point past U+10FFFF. The one UTF-8 check of
 * JSON output, request bodies and Flower's pages. */
size_t str_utf8_len(const char *s, size_t left);

/* Whether s is text every consumer of request data can hold whole: valid
 * UTF-8 (as str_utf8_len says) without NUL bytes, which PostgreSQL's text
 * cannot store and libpq's C-string parameters would silently cut at. One
 * pass, ASCII at a byte a step; the check of request paths, query strings,
 * cookies and multipart fields (lib/http). */
bool str_utf8_text(str_t s);

#endif
