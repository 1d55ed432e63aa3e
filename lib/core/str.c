#include "core/str.h"

#include <limits.h>
#include <stdint.h>

str_t
str_trim(str_t s)
{
    while (s.len > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
        s.p++;
        s.len--;
    }
    while (s.len > 0 && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
        s.len--;
    return s;
}

bool
str_split(str_t s, char c, str_t *head, str_t *rest)
{
    const char *at = s.len ? memchr(s.p, c, s.len) : NULL;
    if (at == NULL) {
        *head = s;
        *rest = (str_t){s.p ? s.p + s.len : NULL, 0};
        return false;
    }
    *head = (str_t){s.p, (size_t)(at - s.p)};
    *rest = (str_t){at + 1, s.len - (size_t)(at - s.p) - 1};
    return true;
}

int
str_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t
str_utf8_len(const char *s, size_t left)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c;
    size_t n;
    uint32_t cp;

    if (left == 0)
        return 0;
    c = p[0];
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

bool
str_utf8_text(str_t s)
{
    size_t i = 0;

    while (i < s.len) {
        unsigned char c = (unsigned char)s.p[i];
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = str_utf8_len(s.p + i, s.len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

bool
str_to_long(str_t s, long min, long max, long *out)
{
    size_t i = 0;
    bool negative = false;
    unsigned long value = 0;

    if (s.len == 0)
        return false;
    if (s.p[0] == '-' || s.p[0] == '+') {
        negative = s.p[0] == '-';
        i = 1;
    }
    if (i == s.len || s.len - i > 19)
        return false;
    for (; i < s.len; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        value = value * 10 + (unsigned long)(s.p[i] - '0');
    }
    if (value > (unsigned long)LONG_MAX + (negative ? 1UL : 0UL))
        return false;
    long v = negative ? (long)(0UL - value) : (long)value;
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}
