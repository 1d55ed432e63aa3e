/* The parser's token-level steps (parse.h): advance, expect, accept,
 * names, nesting, and arena arrays. The messages are graphql-js 16's
 * (parser.js: expectToken, expectKeyword, unexpected, advanceLexer). */
#include <stdint.h>
#include <stdio.h>

#include "graphql/parse.h"

int
gql_parse_advance(gql_parser_t *p)
{
    if (gql_lex_next(&p->lx, &p->tok) != 0)
        return -1;
    if (p->tok.kind != GQL_TOK_EOF && p->max_tokens && ++p->ntokens > p->max_tokens) {
        /* "more that" is graphql-js's wording, kept for the differential test. */
        gql_lex_fail(&p->lx, p->tok.start,
                     "Document contains more that %zu tokens. Parsing aborted.", p->max_tokens);
        p->tok.kind = GQL_TOK_EOF;
        return -1;
    }
    return 0;
}

/* "<what> <token>." at t, as graphql-js's getTokenDesc describes it. */
static int
fail_token(gql_parser_t *p, const char *what, const gql_token_t *t)
{
    if (!gql_tok_has_value(t->kind))
        return gql_lex_fail(&p->lx, t->start, "%s %s.", what, gql_tok_kind_desc(t->kind));
    return gql_lex_fail(&p->lx, t->start, "%s %s \"%.*s\".", what, gql_tok_kind_desc(t->kind),
                        STR_FMT(t->value));
}

int
gql_parse_unexpected(gql_parser_t *p, const gql_token_t *t)
{
    return fail_token(p, "Unexpected", t ? t : &p->tok);
}

int
gql_parse_expect(gql_parser_t *p, gql_tok_kind_t kind)
{
    if (p->tok.kind == kind)
        return gql_parse_advance(p);
    char what[32];
    snprintf(what, sizeof what, "Expected %s, found", gql_tok_kind_desc(kind));
    return fail_token(p, what, &p->tok);
}

bool
gql_parse_accept(gql_parser_t *p, gql_tok_kind_t kind)
{
    if (p->tok.kind != kind)
        return false;
    gql_parse_advance(p);
    return true;
}

int
gql_parse_expect_keyword(gql_parser_t *p, const char *keyword)
{
    if (gql_parse_is_keyword(&p->tok, keyword))
        return gql_parse_advance(p);
    char what[64];
    snprintf(what, sizeof what, "Expected \"%s\", found", keyword);
    return fail_token(p, what, &p->tok);
}

bool
gql_parse_accept_keyword(gql_parser_t *p, const char *keyword)
{
    if (!gql_parse_is_keyword(&p->tok, keyword))
        return false;
    gql_parse_advance(p);
    return true;
}

int
gql_parse_name(gql_parser_t *p, str_t *name, gql_loc_t *loc)
{
    *name = p->tok.value;
    if (loc)
        *loc = p->tok.loc;
    return gql_parse_expect(p, GQL_TOK_NAME);
}

int
gql_parse_fragment_name(gql_parser_t *p, str_t *name, gql_loc_t *loc)
{
    /* graphql-js compares the value of any token, so a String "on" is
     * "Unexpected" here rather than "Expected Name". */
    if (gql_tok_has_value(p->tok.kind) && str_eq_cstr(p->tok.value, "on"))
        return gql_parse_unexpected(p, NULL);
    return gql_parse_name(p, name, loc);
}

int
gql_parse_description(gql_parser_t *p, str_t *out)
{
    if (p->tok.kind != GQL_TOK_STRING && p->tok.kind != GQL_TOK_BLOCK_STRING)
        return 0;
    *out = p->tok.value;
    return gql_parse_advance(p);
}

int
gql_parse_open(gql_parser_t *p, gql_tok_kind_t kind)
{
    if (p->tok.kind == kind && ++p->depth > p->max_depth)
        return gql_lex_fail(&p->lx, p->tok.start,
                            "Document is nested too deeply (at most %zu levels).", p->max_depth);
    return gql_parse_expect(p, kind);
}

void
gql_parse_close(gql_parser_t *p)
{
    p->depth--;
}

static void *
out_of_memory(gql_parser_t *p)
{
    p->lx.errs->out_of_memory = 1;
    gql_lex_fail(&p->lx, p->tok.start, "out of memory.");
    return NULL;
}

void *
gql_parse_alloc(gql_parser_t *p, size_t size)
{
    void *m = arena_calloc(p->arena, 1, size);
    return m ? m : out_of_memory(p);
}

void *
gql_parse_grow(gql_parser_t *p, void *items, size_t n, size_t size)
{
    if (n >= 4 && (n & (n - 1)) != 0)
        return items; /* not full: the capacity is the next power of two */
    if (n > 0 && n < 4)
        return items;
    size_t cap = n == 0 ? 4 : 2 * n;
    void *grown = cap <= SIZE_MAX / size ? arena_alloc(p->arena, cap * size) : NULL;
    if (!grown)
        return out_of_memory(p);
    if (n)
        memcpy(grown, items, n * size);
    return grown;
}
