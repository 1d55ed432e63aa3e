/* gql_parse (ast.h): a document is one or more definitions, each chosen
 * by its first token, or by the token after its description. */
#include "graphql/parse.h"

enum { GQL_PARSE_DEFAULT_MAX_DEPTH = 256 };

static bool
is_type_system_keyword(const gql_token_t *t)
{
    static const char *const keywords[] = {"schema", "scalar", "type",  "interface",
                                           "union",  "enum",   "input", "directive"};
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (gql_parse_is_keyword(t, keywords[i]))
            return true;
    return false;
}

/* graphql-js's parseDefinition, with its order of checks. */
static int
parse_definition(gql_parser_t *p, gql_definition_t *def)
{
    def->loc = p->tok.loc;
    if (gql_parse_peek(p, GQL_TOK_BRACE_L))
        return gql_parse_operation(p, def);
    bool described = gql_parse_peek(p, GQL_TOK_STRING) || gql_parse_peek(p, GQL_TOK_BLOCK_STRING);
    gql_token_t keyword = p->tok;
    if (described && gql_lex_peek(&p->lx, &keyword) != 0)
        return -1;
    if (described && keyword.kind == GQL_TOK_BRACE_L)
        return gql_lex_fail(&p->lx, p->tok.start,
                            "Unexpected description, descriptions are not supported on shorthand "
                            "queries.");
    if (keyword.kind != GQL_TOK_NAME)
        return gql_parse_unexpected(p, &keyword);
    if (is_type_system_keyword(&keyword))
        return gql_parse_type_system(p, def, keyword.value);
    if (gql_parse_is_keyword(&keyword, "query") || gql_parse_is_keyword(&keyword, "mutation") ||
        gql_parse_is_keyword(&keyword, "subscription"))
        return gql_parse_operation(p, def);
    if (gql_parse_is_keyword(&keyword, "fragment"))
        return gql_parse_fragment(p, def);
    if (described)
        return gql_lex_fail(&p->lx, p->tok.start,
                            "Unexpected description, only GraphQL definitions support "
                            "descriptions.");
    if (gql_parse_is_keyword(&keyword, "extend"))
        return gql_parse_extension(p, def);
    return gql_parse_unexpected(p, &keyword);
}

int
gql_parse(arena_t *a, str_t src, const gql_parse_limits_t *limits, gql_document_t *out,
          gql_errors_t *errs)
{
    gql_parser_t p = {.arena = a, .max_depth = GQL_PARSE_DEFAULT_MAX_DEPTH};
    if (limits && limits->max_depth)
        p.max_depth = limits->max_depth;
    if (limits)
        p.max_tokens = limits->max_tokens;
    if (!src.p)
        src = (str_t){"", 0};
    gql_lex_init(&p.lx, a, src, errs);
    *out = (gql_document_t){0};
    if (gql_parse_advance(&p) != 0)
        return -1;
    do {
        gql_definition_t *def = GQL_PARSE_PUSH(&p, out->defs, out->ndefs);
        if (!def || parse_definition(&p, def) != 0)
            return -1;
    } while (!gql_parse_accept(&p, GQL_TOK_EOF));
    return p.lx.failed ? -1 : 0;
}
