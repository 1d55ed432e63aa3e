#include "core/buf.h"

#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BUF_KEEP = 256 * 1024 };

void
buf_init(buf_t *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

void
buf_free(buf_t *b)
{
    free(b->data);
    buf_init(b);
}

void
buf_reset(buf_t *b)
{
    if (b->cap > BUF_KEEP) {
        buf_free(b);
        return;
    }
    b->len = 0;
    b->failed = false;
}

static bool
buf_reserve(buf_t *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void
buf_append(buf_t *b, const void *data, size_t n)
{
    if (n == 0 || !buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

void
buf_puts(buf_t *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void
buf_putc(buf_t *b, char c)
{
    buf_append(b, &c, 1);
}

void
buf_str(buf_t *b, str_t s)
{
    buf_append(b, s.p, s.len);
}

void
buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || !buf_reserve(b, (size_t)n)) {
        b->failed = true;
        return;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void
buf_printf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

size_t
utf8_seq_len(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    size_t n;
    uint32_t cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void
buf_json_str(buf_t *b, str_t s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s.p ? s.p : "");
    size_t i = 0, run = 0;

    buf_putc(b, '"');
    while (i < s.len) {
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            run++;
            i++;
            continue;
        }
        buf_append(b, p + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t n = utf8_seq_len(p + i, s.len - i);
            if (n == 0) {
                buf_puts(b, "\\ufffd");
                i++;
            } else {
                buf_append(b, p + i, n);
                i += n;
            }
            continue;
        }
        switch (c) {
        case '"':
            buf_puts(b, "\\\"");
            break;
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_append(b, esc, sizeof(esc));
        }
        }
        i++;
    }
    buf_append(b, p + i - run, run);
    buf_putc(b, '"');
}

void
buf_json_cstr(buf_t *b, const char *s)
{
    if (s == NULL)
        buf_puts(b, "null");
    else
        buf_json_str(b, str_from_cstr(s));
}

const char *
buf_cstr(buf_t *b)
{
    if (!buf_reserve(b, 0))
        return "";
    b->data[b->len] = '\0';
    return b->data;
}

static void
buf_free_cleanup(void *b)
{
    buf_free(b);
}

buf_t *
buf_new_on(arena_t *a)
{
    buf_t *b = arena_alloc(a, sizeof(*b));
    if (b == NULL)
        return NULL;
    buf_init(b);
    return arena_on_reset(a, buf_free_cleanup, b) == 0 ? b : NULL;
}
