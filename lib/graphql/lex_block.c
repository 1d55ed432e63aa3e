/* """Block strings""" (lex.h): raw text where only \""" is an escape,
 * valued as the specification's BlockStringValue() (graphql-js's
 * dedentBlockStringLines): the common indentation of every line but the
 * first goes, and so do leading and trailing blank lines; lines are
 * joined with \n whatever ended them. */
#include <stdint.h>

#include "graphql/lex.h"

#define at gql_lex_at

static bool
is_triple_quote(const gql_lexer_t *lx, size_t i)
{
    return at(lx, i) == '"' && at(lx, i + 1) == '"' && at(lx, i + 2) == '"';
}

/* The end of the line that starts at i, in a block string ending at to. */
static size_t
line_end(const char *s, size_t i, size_t to)
{
    while (i < to && s[i] != '\n' && s[i] != '\r')
        i++;
    return i;
}

/* The start of the line after the one ending at e. */
static size_t
next_line(const char *s, size_t e, size_t to)
{
    return e + 1 < to && s[e] == '\r' && s[e + 1] == '\n' ? e + 2 : e + 1;
}

typedef struct {
    size_t common_indent; /* of the lines after the first that are not blank */
    size_t first, last;   /* the first and last lines that are not blank */
    bool any;             /* whether there is one */
} block_shape_t;

static block_shape_t
block_shape(const char *s, size_t from, size_t to)
{
    block_shape_t b = {SIZE_MAX, 0, 0, false};
    for (size_t i = from, k = 0;; k++) {
        size_t e = line_end(s, i, to), indent = 0;
        while (i + indent < e && (s[i + indent] == ' ' || s[i + indent] == '\t'))
            indent++;
        if (i + indent < e) {
            if (!b.any)
                b.first = k;
            b.any = true;
            b.last = k;
            if (k != 0 && indent < b.common_indent)
                b.common_indent = indent;
        }
        if (e >= to)
            break;
        i = next_line(s, e, to);
    }
    return b;
}

/* Copies a line's text, turning \""" into """. */
static size_t
copy_line(char *out, const char *s, size_t i, size_t e)
{
    size_t n = 0;
    while (i < e) {
        if (s[i] == '\\' && i + 3 < e && s[i + 1] == '"' && s[i + 2] == '"' && s[i + 3] == '"')
            i++;
        out[n++] = s[i++];
    }
    return n;
}

static str_t
block_value(gql_lexer_t *lx, size_t from, size_t to)
{
    const char *s = lx->src.p;
    block_shape_t b = block_shape(s, from, to);
    if (!b.any)
        return (str_t){s + from, 0};
    char *out = arena_alloc(lx->arena, to - from + 1);
    if (!out) {
        gql_lex_fail(lx, from, "out of memory.");
        return STR_NULL;
    }
    size_t n = 0;
    for (size_t i = from, k = 0; k <= b.last; k++) {
        size_t e = line_end(s, i, to);
        if (k >= b.first) {
            size_t skip = k == 0 ? 0 : b.common_indent < e - i ? b.common_indent : e - i;
            if (k > b.first)
                out[n++] = '\n';
            n += copy_line(out + n, s, i + skip, e);
        }
        i = next_line(s, e, to);
    }
    return (str_t){out, n};
}

int
gql_lex_block_string(gql_lexer_t *lx, size_t start, gql_token_t *t)
{
    const unsigned char *s = (const unsigned char *)lx->src.p;
    size_t n = lx->src.len, i = start + 3, line_start = lx->line_start;
    unsigned line = lx->line;
    while (i < n && !is_triple_quote(lx, i)) {
        if (s[i] == '\\' && is_triple_quote(lx, i + 1)) {
            i += 4;
        } else if (s[i] == '\n' || s[i] == '\r') {
            i = s[i] == '\r' && at(lx, i + 1) == '\n' ? i + 2 : i + 1;
            line++;
            line_start = i;
        } else {
            size_t len = gql_lex_string_char(lx, i);
            if (len == 0)
                return -1;
            i += len;
        }
    }
    if (i >= n)
        return gql_lex_fail(lx, i, "Unterminated string.");
    lx->line = line;
    lx->line_start = line_start;
    t->kind = GQL_TOK_BLOCK_STRING;
    t->end = i + 3;
    t->value = block_value(lx, start + 3, i);
    return lx->failed ? -1 : 0;
}
