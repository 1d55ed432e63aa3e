/* The recursive-descent parser's state and the pieces its files share
 * (internal to gql_parse). It follows graphql-js 16's parser.js function
 * by function, so that its syntax errors are the same: the first one ends
 * the parse (the lexer keeps it and returns EOF from then on), and every
 * function returns -1 or NULL once it happened. */
#ifndef GRAPHQL_PARSE_H
#define GRAPHQL_PARSE_H

#include "graphql/ast.h"
#include "graphql/lex.h"

typedef struct {
    gql_lexer_t lx;
    gql_token_t tok; /* the current token */
    arena_t *arena;
    size_t depth, max_depth;    /* open lists, objects and selection sets */
    size_t ntokens, max_tokens; /* max_tokens 0: no limit */
} gql_parser_t;

int gql_parse_advance(gql_parser_t *p);

static inline bool
gql_parse_peek(const gql_parser_t *p, gql_tok_kind_t kind)
{
    return p->tok.kind == kind;
}

/* Consumes a token of this kind, or records "Expected ..., found ...". */
int gql_parse_expect(gql_parser_t *p, gql_tok_kind_t kind);
/* Consumes a token of this kind if it is the current one. */
bool gql_parse_accept(gql_parser_t *p, gql_tok_kind_t kind);
int gql_parse_expect_keyword(gql_parser_t *p, const char *keyword);
bool gql_parse_accept_keyword(gql_parser_t *p, const char *keyword);

/* Inline, so that strlen of the literal keyword folds away. */
static inline bool
gql_parse_is_keyword(const gql_token_t *t, const char *keyword)
{
    return t->kind == GQL_TOK_NAME && str_eq_cstr(t->value, keyword);
}
/* "Unexpected <token>." at t (NULL: the current token). */
int gql_parse_unexpected(gql_parser_t *p, const gql_token_t *t);
/* A Name; loc may be NULL. */
int gql_parse_name(gql_parser_t *p, str_t *name, gql_loc_t *loc);
/* A fragment's name: a Name but not `on`. */
int gql_parse_fragment_name(gql_parser_t *p, str_t *name, gql_loc_t *loc);
/* A string token's value, when the current token is one (else empty). */
int gql_parse_description(gql_parser_t *p, str_t *out);

/* Consumes the opening token of a nested list, object or selection set,
 * refusing to nest deeper than max_depth; gql_parse_close after its end. */
int gql_parse_open(gql_parser_t *p, gql_tok_kind_t kind);
void gql_parse_close(gql_parser_t *p);

/* Zeroed arena memory, or NULL after recording the error. */
void *gql_parse_alloc(gql_parser_t *p, size_t size);
/* items with room for one more after the n it holds: arrays grow by
 * doubling in the arena, their capacity the next power of two (at least
 * 4) from n. NULL after recording the error. */
void *gql_parse_grow(gql_parser_t *p, void *items, size_t n, size_t size);
/* Appends a zeroed element to arr (holding n) and returns it, or NULL. */
#define GQL_PARSE_PUSH(p, arr, n)                                                                  \
    (((arr) = gql_parse_grow((p), (arr), (n), sizeof *(arr))) != NULL                              \
         ? memset(&(arr)[(n)++], 0, sizeof *(arr))                                                 \
         : NULL)

/* parse_values.c */
gql_value_t *gql_parse_value(gql_parser_t *p, bool is_const);
gql_type_ref_t *gql_parse_type_ref(gql_parser_t *p);

/* parse_select.c */
gql_selection_set_t *gql_parse_selection_set(gql_parser_t *p);
int gql_parse_arguments(gql_parser_t *p, bool is_const, gql_argument_t **args, size_t *n);
int gql_parse_directives(gql_parser_t *p, bool is_const, gql_directive_t **dirs, size_t *n);

/* parse_exec.c: definitions starting at the current token. */
int gql_parse_operation(gql_parser_t *p, gql_definition_t *def);
int gql_parse_fragment(gql_parser_t *p, gql_definition_t *def);
int gql_parse_operation_type(gql_parser_t *p, gql_op_kind_t *kind);

/* parse_sdl.c, parse_sdl_types.c: keyword is the definition's (after its
 * description); extensions start at `extend`. */
int gql_parse_type_system(gql_parser_t *p, gql_definition_t *def, str_t keyword);
int gql_parse_extension(gql_parser_t *p, gql_definition_t *def);
int gql_parse_typedef(gql_parser_t *p, gql_definition_t *def, gql_typedef_kind_t kind,
                      bool extension);
int gql_parse_typedef_kind(const gql_token_t *t);
int gql_parse_input_values(gql_parser_t *p, gql_tok_kind_t open, gql_tok_kind_t close,
                           gql_input_value_def_t **defs, size_t *n);

#endif
