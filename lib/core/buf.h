/* A growable byte buffer owned by its user (a response body, a log line).
 * Appends never fail silently: on out-of-memory the buffer is marked failed
 * and later appends are no-ops, so callers check once at the end. */
#ifndef CORE_BUF_H
#define CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} buf_t;

void buf_init(buf_t *b);
void buf_free(buf_t *b);
/* A buffer that lives until the arena's next reset, when buf_free runs on
 * it. NULL when out of memory. */
struct arena;
buf_t *buf_new_on(struct arena *a);
/* Empties the buffer; shrinks it back when a big response left it large. */
void buf_reset(buf_t *b);

void buf_append(buf_t *b, const void *data, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_str(buf_t *b, str_t s);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Appends s as a JSON string literal, quotes included. Invalid UTF-8 bytes
 * become U+FFFD so the output is always valid JSON. */
void buf_json_str(buf_t *b, str_t s);
void buf_json_cstr(buf_t *b, const char *s); /* NULL prints null */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
size_t utf8_seq_len(const unsigned char *p, size_t left);

/* NUL-terminates (not counted in len) and returns data, "" when empty. */
const char *buf_cstr(buf_t *b);

#endif
