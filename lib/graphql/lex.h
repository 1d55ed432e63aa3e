/* The GraphQL lexer (specification, October 2021, section 2.1), internal
 * to the parser. It reads a source that is not NUL-terminated one token at
 * a time, never past src.len, and words its errors as graphql-js 16's
 * lexer does. */
#ifndef GRAPHQL_LEX_H
#define GRAPHQL_LEX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"
#include "graphql/error.h"

typedef enum {
    GQL_TOK_EOF,
    GQL_TOK_BANG,
    GQL_TOK_DOLLAR,
    GQL_TOK_AMP,
    GQL_TOK_PAREN_L,
    GQL_TOK_PAREN_R,
    GQL_TOK_SPREAD,
    GQL_TOK_COLON,
    GQL_TOK_EQUALS,
    GQL_TOK_AT,
    GQL_TOK_BRACKET_L,
    GQL_TOK_BRACKET_R,
    GQL_TOK_BRACE_L,
    GQL_TOK_PIPE,
    GQL_TOK_BRACE_R,
    GQL_TOK_NAME,
    GQL_TOK_INT,
    GQL_TOK_FLOAT,
    GQL_TOK_STRING,
    GQL_TOK_BLOCK_STRING,
} gql_tok_kind_t;

typedef struct {
    gql_tok_kind_t kind;
    size_t start, end; /* byte offsets in the source */
    gql_loc_t loc;     /* of start */
    /* NAME, INT, FLOAT: the source text; STRING, BLOCK_STRING: the value
     * (unescaped, dedented), in the source when it could be, else in the
     * arena. Empty for punctuators and EOF. */
    str_t value;
} gql_token_t;

typedef struct {
    str_t src;
    arena_t *arena;
    gql_errors_t *errs;
    size_t pos;        /* where the search for the next token starts */
    unsigned line;     /* the line pos is on */
    size_t line_start; /* the offset that line starts at */
    size_t col_off;    /* a point on that line whose column is known ... */
    unsigned col;      /* ... and its column, so columns cost O(n) in all */
    size_t wide;       /* the first byte >= 0x80 from col_off on, or src.len */
    bool failed;       /* an error is in errs; every token is EOF from now on */
} gql_lexer_t;

void gql_lex_init(gql_lexer_t *lx, arena_t *a, str_t src, gql_errors_t *errs);

/* Reads the next token into *t. On a syntax error adds it to errs (the
 * first one only), sets *t to EOF and returns -1. */
int gql_lex_next(gql_lexer_t *lx, gql_token_t *t);

/* The token after the next one is read without consuming it: one token
 * of lookahead, for descriptions and `extend`. */
int gql_lex_peek(gql_lexer_t *lx, gql_token_t *t);

/* Records the syntax error "Syntax Error: <fmt>" at byte offset off, unless
 * one was recorded already. Returns -1. */
int gql_lex_fail(gql_lexer_t *lx, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "Syntax Error: <prefix>: <the character at off>." as gql_lex_fail. */
int gql_lex_fail_char(gql_lexer_t *lx, size_t off, const char *prefix);

/* The length of the source character at i in a string, or 0 after
 * recording "Invalid character within String" when it is not UTF-8. */
size_t gql_lex_string_char(gql_lexer_t *lx, size_t i);

/* The byte at i, or -1 past the end (where JavaScript's charCodeAt gives
 * NaN, which no test matches). */
static inline int
gql_lex_at(const gql_lexer_t *lx, size_t i)
{
    return i < lx->src.len ? (unsigned char)lx->src.p[i] : -1;
}

/* How graphql-js names the character at off in messages: "\"x\"", "'\"'",
 * "U+00E9" or "<EOF>", written into buf (at least 16 bytes). */
const char *gql_lex_char_desc(const gql_lexer_t *lx, size_t off, char *buf, size_t size);

/* The code point of the UTF-8 sequence at off (*len its length), decoding
 * an encoded surrogate as itself and anything else invalid as U+FFFD;
 * *valid says whether it was valid UTF-8. */
unsigned gql_lex_code_point(const gql_lexer_t *lx, size_t off, size_t *len, bool *valid);

/* Strings and block strings (lex_string.c, lex_block.c): start is at the
 * opening quote. */
int gql_lex_string(gql_lexer_t *lx, size_t start, gql_token_t *t);
int gql_lex_block_string(gql_lexer_t *lx, size_t start, gql_token_t *t);

/* How graphql-js describes a token kind in messages: "Name", "\"{\"". */
const char *gql_tok_kind_desc(gql_tok_kind_t kind);
bool gql_tok_has_value(gql_tok_kind_t kind);

#endif
