/* "Quoted" strings and their escapes (lex.h): \" \\ \/ \b \f \n \r \t,
 * \uXXXX with JSON-style surrogate pairs, and \u{...} of any width. The
 * value is decoded in a second pass only when the string has escapes;
 * without, it is the source text itself. */
#include <stdint.h>

#include "graphql/lex.h"

#define at gql_lex_at

static int
hex_digit(int c)
{
    return c < 0 ? -1 : str_hex_digit(c);
}

/* Four hex digits from i, or -1 when one is not. */
static long
hex4(const gql_lexer_t *lx, size_t i)
{
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int d = hex_digit(at(lx, i + k));
        if (d < 0)
            return -1;
        v = (v << 4) | d;
    }
    return v;
}

static bool
is_scalar(unsigned long cp)
{
    return cp <= 0xD7FF || (cp >= 0xE000 && cp <= 0x10FFFF);
}

/* The end of the first `units` UTF-16 code units from off, as JavaScript's
 * slice counts them in the messages that quote an escape. */
static size_t
slice_end(const gql_lexer_t *lx, size_t off, size_t units)
{
    while (units > 0 && off < lx->src.len) {
        size_t len;
        bool valid;
        unsigned cp = gql_lex_code_point(lx, off, &len, &valid);
        off += len;
        units -= cp >= 0x10000 && units >= 2 ? 2 : 1;
    }
    return off;
}

static size_t
fail_escape(gql_lexer_t *lx, size_t i, size_t units, const char *what)
{
    size_t end = slice_end(lx, i, units);
    gql_lex_fail(lx, i, "Invalid %s escape sequence: \"%.*s\".", what, (int)(end - i),
                 lx->src.p + i);
    return 0;
}

/* \u{...}: at least one and at most eight hex digits, a scalar value. */
static size_t
escape_braced(gql_lexer_t *lx, size_t i, unsigned *cp)
{
    uint32_t point = 0;
    size_t size = 3;
    while (size < 12) {
        int c = at(lx, i + size++);
        if (c == '}') {
            if (size < 5 || !is_scalar(point))
                break;
            *cp = point;
            return size;
        }
        int d = hex_digit(c);
        point = (point << 4) | (uint32_t)(d < 0 ? 0 : d);
        /* graphql-js computes in 32-bit signed integers: a negative
         * point is an invalid digit or an overflow. */
        if (d < 0 || (point & 0x80000000u))
            break;
    }
    return fail_escape(lx, i, size, "Unicode");
}

/* \uXXXX, or a leading and a trailing surrogate as two of them. */
static size_t
escape_fixed(gql_lexer_t *lx, size_t i, unsigned *cp)
{
    long code = hex4(lx, i + 2);
    if (code >= 0 && is_scalar((unsigned long)code)) {
        *cp = (unsigned)code;
        return 6;
    }
    if (code >= 0xD800 && code <= 0xDBFF && at(lx, i + 6) == '\\' && at(lx, i + 7) == 'u') {
        long trail = hex4(lx, i + 8);
        if (trail >= 0xDC00 && trail <= 0xDFFF) {
            *cp = (unsigned)(0x10000 + ((code - 0xD800) << 10) + (trail - 0xDC00));
            return 12;
        }
    }
    return fail_escape(lx, i, 6, "Unicode");
}

static const char simple_escape[128] = {
    ['"'] = '"',  ['\\'] = '\\', ['/'] = '/',  ['b'] = '\b',
    ['f'] = '\f', ['n'] = '\n',  ['r'] = '\r', ['t'] = '\t',
};

/* The escape at i (a backslash): its length, and its code point in *cp;
 * 0 after recording the error. */
static size_t
escape_at(gql_lexer_t *lx, size_t i, unsigned *cp)
{
    int c = at(lx, i + 1);
    if (c == 'u')
        return at(lx, i + 2) == '{' ? escape_braced(lx, i, cp) : escape_fixed(lx, i, cp);
    if (c >= 0 && c < 128 && simple_escape[c]) {
        *cp = (unsigned char)simple_escape[c];
        return 2;
    }
    return fail_escape(lx, i, 2, "character");
}

static size_t
put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The value of the string between from and to, whose escapes were all
 * checked: never longer than the source text, so one allocation. */
static str_t
decode(gql_lexer_t *lx, size_t from, size_t to)
{
    char *out = arena_alloc(lx->arena, to - from + 1);
    if (!out) {
        gql_lex_fail(lx, from, "out of memory.");
        return STR_NULL;
    }
    size_t n = 0;
    for (size_t i = from; i < to;) {
        if (lx->src.p[i] != '\\') {
            out[n++] = lx->src.p[i++];
            continue;
        }
        unsigned cp = 0;
        i += escape_at(lx, i, &cp);
        n += put_utf8(out + n, cp);
    }
    return (str_t){out, n};
}

int
gql_lex_string(gql_lexer_t *lx, size_t start, gql_token_t *t)
{
    const unsigned char *s = (const unsigned char *)lx->src.p;
    size_t n = lx->src.len, i = start + 1;
    bool escaped = false;
    while (i < n && s[i] != '"') {
        if (s[i] == '\\') {
            unsigned cp;
            size_t len = escape_at(lx, i, &cp);
            if (len == 0)
                return -1;
            i += len;
            escaped = true;
        } else if (s[i] == '\n' || s[i] == '\r') {
            break;
        } else {
            size_t len = gql_lex_string_char(lx, i);
            if (len == 0)
                return -1;
            i += len;
        }
    }
    if (i >= n || s[i] != '"')
        return gql_lex_fail(lx, i, "Unterminated string.");
    t->kind = GQL_TOK_STRING;
    t->end = i + 1;
    t->value = escaped ? decode(lx, start + 1, i) : (str_t){lx->src.p + start + 1, i - start - 1};
    return lx->failed ? -1 : 0;
}
