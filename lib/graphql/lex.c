/* The GraphQL lexer: ignored tokens, punctuators, names and numbers
 * (lex.h). Strings live in lex_string.c and lex_block.c. Its rules and
 * messages are graphql-js 16's (language/lexer.js), so the differential
 * test can compare them word for word. */
#include "graphql/lex.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "graphql/ast.h"

enum { NAME_START = 1, NAME_CONTINUE = 2, DIGIT = 4 };

#define LETTERS(x)                                                                                 \
    ['A'] = x, ['B'] = x, ['C'] = x, ['D'] = x, ['E'] = x, ['F'] = x, ['G'] = x, ['H'] = x,        \
    ['I'] = x, ['J'] = x, ['K'] = x, ['L'] = x, ['M'] = x, ['N'] = x, ['O'] = x, ['P'] = x,        \
    ['Q'] = x, ['R'] = x, ['S'] = x, ['T'] = x, ['U'] = x, ['V'] = x, ['W'] = x, ['X'] = x,        \
    ['Y'] = x, ['Z'] = x, ['a'] = x, ['b'] = x, ['c'] = x, ['d'] = x, ['e'] = x, ['f'] = x,        \
    ['g'] = x, ['h'] = x, ['i'] = x, ['j'] = x, ['k'] = x, ['l'] = x, ['m'] = x, ['n'] = x,        \
    ['o'] = x, ['p'] = x, ['q'] = x, ['r'] = x, ['s'] = x, ['t'] = x, ['u'] = x, ['v'] = x,        \
    ['w'] = x, ['x'] = x, ['y'] = x, ['z'] = x, ['_'] = x

static const unsigned char char_class[256] = {
    LETTERS(NAME_START | NAME_CONTINUE), ['0'] = NAME_CONTINUE | DIGIT,
    ['1'] = NAME_CONTINUE | DIGIT,       ['2'] = NAME_CONTINUE | DIGIT,
    ['3'] = NAME_CONTINUE | DIGIT,       ['4'] = NAME_CONTINUE | DIGIT,
    ['5'] = NAME_CONTINUE | DIGIT,       ['6'] = NAME_CONTINUE | DIGIT,
    ['7'] = NAME_CONTINUE | DIGIT,       ['8'] = NAME_CONTINUE | DIGIT,
    ['9'] = NAME_CONTINUE | DIGIT,
};

/* Single-character punctuators; 0 (EOF) for every other byte. */
static const unsigned char punctuator[256] = {
    ['!'] = GQL_TOK_BANG,      ['$'] = GQL_TOK_DOLLAR,  ['&'] = GQL_TOK_AMP,
    ['('] = GQL_TOK_PAREN_L,   [')'] = GQL_TOK_PAREN_R, [':'] = GQL_TOK_COLON,
    ['='] = GQL_TOK_EQUALS,    ['@'] = GQL_TOK_AT,      ['['] = GQL_TOK_BRACKET_L,
    [']'] = GQL_TOK_BRACKET_R, ['{'] = GQL_TOK_BRACE_L, ['|'] = GQL_TOK_PIPE,
    ['}'] = GQL_TOK_BRACE_R,
};

static const char *const kind_desc[] = {
    [GQL_TOK_EOF] = "<EOF>",       [GQL_TOK_BANG] = "\"!\"",
    [GQL_TOK_DOLLAR] = "\"$\"",    [GQL_TOK_AMP] = "\"&\"",
    [GQL_TOK_PAREN_L] = "\"(\"",   [GQL_TOK_PAREN_R] = "\")\"",
    [GQL_TOK_SPREAD] = "\"...\"",  [GQL_TOK_COLON] = "\":\"",
    [GQL_TOK_EQUALS] = "\"=\"",    [GQL_TOK_AT] = "\"@\"",
    [GQL_TOK_BRACKET_L] = "\"[\"", [GQL_TOK_BRACKET_R] = "\"]\"",
    [GQL_TOK_BRACE_L] = "\"{\"",   [GQL_TOK_PIPE] = "\"|\"",
    [GQL_TOK_BRACE_R] = "\"}\"",   [GQL_TOK_NAME] = "Name",
    [GQL_TOK_INT] = "Int",         [GQL_TOK_FLOAT] = "Float",
    [GQL_TOK_STRING] = "String",   [GQL_TOK_BLOCK_STRING] = "BlockString",
};

const char *
gql_tok_kind_desc(gql_tok_kind_t kind)
{
    return kind_desc[kind];
}

bool
gql_tok_has_value(gql_tok_kind_t kind)
{
    return kind >= GQL_TOK_NAME;
}

#define at gql_lex_at

static bool
is_class(int c, int cls)
{
    return c >= 0 && (char_class[c] & cls);
}

/* The first byte >= 0x80 from i on, or the end. */
static size_t
next_wide(str_t src, size_t i)
{
    for (uint64_t w; i + 8 <= src.len; i += 8) { /* eight bytes a step */
        memcpy(&w, src.p + i, 8);
        if (w & 0x8080808080808080u)
            break;
    }
    while (i < src.len && (unsigned char)src.p[i] < 0x80)
        i++;
    return i;
}

void
gql_lex_init(gql_lexer_t *lx, arena_t *a, str_t src, gql_errors_t *errs)
{
    *lx = (gql_lexer_t){.src = src, .arena = a, .errs = errs, .line = 1, .col = 1};
    lx->wide = next_wide(src, 0);
}

/* UTF-16 code units a byte adds to a column: JavaScript strings count a
 * character past U+FFFF twice, and graphql-js's columns are indexes into
 * them. */
static unsigned
utf16_units(unsigned char b)
{
    return (b & 0xC0) == 0x80 ? 0 : b >= 0xF0 ? 2 : 1;
}

gql_loc_t
gql_loc_at(str_t src, size_t off)
{
    const unsigned char *s = (const unsigned char *)src.p;
    gql_loc_t loc = {1, 1};
    if (off > src.len)
        off = src.len;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < src.len && s[i + 1] == '\n'))) {
            loc.line++;
            loc.column = 1;
        } else if (s[i] != '\r') {
            loc.column += utf16_units(s[i]);
        }
    }
    return loc;
}

/* The location of off on the lexer's current line, counting on from the
 * last one asked for: a subtraction while the text is ASCII. */
static gql_loc_t
lex_loc(gql_lexer_t *lx, size_t off)
{
    if (lx->col_off < lx->line_start) {
        lx->col_off = lx->line_start;
        lx->col = 1;
    }
    if (lx->wide < lx->col_off)
        lx->wide = next_wide(lx->src, lx->col_off);
    const unsigned char *s = (const unsigned char *)lx->src.p;
    unsigned col = lx->col;
    if (off <= lx->wide)
        col += (unsigned)(off - lx->col_off);
    else
        for (size_t i = lx->col_off; i < off; i++)
            col += utf16_units(s[i]);
    lx->col_off = off;
    lx->col = col;
    return (gql_loc_t){lx->line, col};
}

int
gql_lex_fail(gql_lexer_t *lx, size_t off, const char *fmt, ...)
{
    if (lx->failed)
        return -1;
    lx->failed = true;
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *desc = n >= 0 ? arena_alloc(lx->arena, (size_t)n + 1) : NULL;
    if (desc)
        vsnprintf(desc, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (!desc)
        lx->errs->out_of_memory = 1;
    gql_error_t *e = gql_error_add(lx->errs, "Syntax Error: %s", desc ? desc : "out of memory.");
    gql_error_add_loc(lx->errs, e, gql_loc_at(lx->src, off));
    return -1;
}

unsigned
gql_lex_code_point(const gql_lexer_t *lx, size_t off, size_t *len, bool *valid)
{
    const unsigned char *s = (const unsigned char *)lx->src.p + off;
    size_t left = lx->src.len - off;
    size_t n = str_utf8_len((const char *)s, left);
    *valid = n > 0;
    *len = n;
    if (n == 1)
        return s[0];
    if (n > 1) {
        unsigned cp = s[0] & (0x7F >> n);
        for (size_t i = 1; i < n; i++)
            cp = (cp << 6) | (s[i] & 0x3F);
        return cp;
    }
    if (left >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && (s[2] & 0xC0) == 0x80) {
        *len = 3; /* a surrogate, as graphql-js names a lone one */
        return 0xD000 | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    *len = 1;
    return 0xFFFD;
}

const char *
gql_lex_char_desc(const gql_lexer_t *lx, size_t off, char *buf, size_t size)
{
    if (off >= lx->src.len)
        return "<EOF>";
    size_t len;
    bool valid;
    unsigned cp = gql_lex_code_point(lx, off, &len, &valid);
    if (cp == '"')
        return "'\"'";
    if (cp >= 0x20 && cp <= 0x7E)
        snprintf(buf, size, "\"%c\"", (char)cp);
    else
        snprintf(buf, size, "U+%04X", cp);
    return buf;
}

int
gql_lex_fail_char(gql_lexer_t *lx, size_t off, const char *prefix)
{
    char buf[16];
    return gql_lex_fail(lx, off, "%s: %s.", prefix, gql_lex_char_desc(lx, off, buf, sizeof buf));
}

size_t
gql_lex_string_char(gql_lexer_t *lx, size_t i)
{
    if ((unsigned char)lx->src.p[i] < 0x80)
        return 1;
    size_t len = str_utf8_len(lx->src.p + i, lx->src.len - i);
    if (len == 0)
        gql_lex_fail_char(lx, i, "Invalid character within String");
    return len;
}

/* Skips a comment's text from i (after the #): up to a line end, or to a
 * character that is not valid UTF-8, which the caller then refuses. */
static size_t
lex_skip_comment(const gql_lexer_t *lx, size_t i)
{
    const unsigned char *s = (const unsigned char *)lx->src.p;
    size_t n = lx->src.len;
    while (i < n && s[i] != '\n' && s[i] != '\r') {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = str_utf8_len((const char *)s + i, n - i);
        if (len == 0)
            break;
        i += len;
    }
    return i;
}

/* Skips ignored tokens (BOM, white space, line ends, commas, comments),
 * counting lines; returns where the next token starts. */
static size_t
lex_skip_ignored(gql_lexer_t *lx, size_t i)
{
    const unsigned char *s = (const unsigned char *)lx->src.p;
    size_t n = lx->src.len;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == ',')) /* the common case, without the switch */
            i++;
        if (i == n)
            break;
        switch (s[i]) {
        case '\t':
            i++;
            continue;
        case '\r':
            i += at(lx, i + 1) == '\n' ? 2 : 1;
            break;
        case '\n':
            i++;
            break;
        case '#':
            i = lex_skip_comment(lx, i + 1);
            continue;
        case 0xEF: /* the BOM, U+FEFF */
            if (at(lx, i + 1) == 0xBB && at(lx, i + 2) == 0xBF) {
                i += 3;
                continue;
            }
            return i;
        default:
            return i;
        }
        lx->line++;
        lx->line_start = i;
    }
    return i;
}

static int
lex_name(gql_lexer_t *lx, size_t start, gql_token_t *t)
{
    size_t i = start + 1;
    while (is_class(at(lx, i), NAME_CONTINUE))
        i++;
    t->kind = GQL_TOK_NAME;
    t->end = i;
    t->value = (str_t){lx->src.p + start, i - start};
    return 0;
}

/* One or more digits from i; *end is after them. */
static int
lex_digits(gql_lexer_t *lx, size_t i, size_t *end)
{
    if (!is_class(at(lx, i), DIGIT))
        return gql_lex_fail_char(lx, i, "Invalid number, expected digit but got");
    while (is_class(at(lx, ++i), DIGIT))
        ;
    *end = i;
    return 0;
}

/* IntValue or FloatValue: no leading zeros, digits on both sides of the
 * point, and never a point or a name right after. */
static int
lex_number(gql_lexer_t *lx, size_t start, gql_token_t *t)
{
    size_t i = start;
    bool is_float = false;
    if (at(lx, i) == '-')
        i++;
    if (at(lx, i) == '0') {
        if (is_class(at(lx, ++i), DIGIT))
            return gql_lex_fail_char(lx, i, "Invalid number, unexpected digit after 0");
    } else if (lex_digits(lx, i, &i) != 0) {
        return -1;
    }
    if (at(lx, i) == '.') {
        is_float = true;
        if (lex_digits(lx, i + 1, &i) != 0)
            return -1;
    }
    if (at(lx, i) == 'e' || at(lx, i) == 'E') {
        is_float = true;
        i++;
        if (at(lx, i) == '+' || at(lx, i) == '-')
            i++;
        if (lex_digits(lx, i, &i) != 0)
            return -1;
    }
    if (at(lx, i) == '.' || is_class(at(lx, i), NAME_START))
        return gql_lex_fail_char(lx, i, "Invalid number, expected digit but got");
    t->kind = is_float ? GQL_TOK_FLOAT : GQL_TOK_INT;
    t->end = i;
    t->value = (str_t){lx->src.p + start, i - start};
    return 0;
}

static int
lex_unexpected(gql_lexer_t *lx, size_t i)
{
    if (at(lx, i) == '\'')
        return gql_lex_fail(lx, i,
                            "Unexpected single quote character ('), did you mean to use a double "
                            "quote (\")?");
    size_t len;
    bool valid;
    gql_lex_code_point(lx, i, &len, &valid);
    return gql_lex_fail_char(lx, i, valid ? "Unexpected character" : "Invalid character");
}

/* A token that is not a single-character punctuator. */
static int
lex_other(gql_lexer_t *lx, size_t i, gql_token_t *t)
{
    int c = at(lx, i);
    if (c == '.') {
        if (at(lx, i + 1) != '.' || at(lx, i + 2) != '.')
            return lex_unexpected(lx, i);
        t->kind = GQL_TOK_SPREAD;
        t->end = i + 3;
        return 0;
    }
    if (c == '"')
        return at(lx, i + 1) == '"' && at(lx, i + 2) == '"' ? gql_lex_block_string(lx, i, t)
                                                            : gql_lex_string(lx, i, t);
    if (c == '-' || is_class(c, DIGIT))
        return lex_number(lx, i, t);
    if (is_class(c, NAME_START))
        return lex_name(lx, i, t);
    return lex_unexpected(lx, i);
}

int
gql_lex_next(gql_lexer_t *lx, gql_token_t *t)
{
    size_t i = lx->failed ? lx->src.len : lex_skip_ignored(lx, lx->pos);
    t->start = i;
    t->end = i;
    t->value = STR_NULL;
    t->kind = GQL_TOK_EOF;
    if (lx->failed)
        return -1;
    t->loc = lex_loc(lx, i);
    if (i < lx->src.len) {
        gql_tok_kind_t k = punctuator[(unsigned char)lx->src.p[i]];
        if (k != GQL_TOK_EOF) {
            t->kind = k;
            t->end = i + 1;
        } else if (lex_other(lx, i, t) != 0) {
            t->kind = GQL_TOK_EOF;
            t->value = STR_NULL;
            return -1;
        }
    }
    lx->pos = t->end;
    return 0;
}

int
gql_lex_peek(gql_lexer_t *lx, gql_token_t *t)
{
    gql_lexer_t saved = *lx;
    int rc = gql_lex_next(lx, t);
    bool failed = lx->failed;
    *lx = saved;
    lx->failed = failed;
    return rc;
}
