/* The type system's other definitions (parse.h): schema definitions and
 * extensions, directive definitions, and the choice among them all by
 * keyword. */
#include "graphql/parse.h"

static const char *const directive_locations[GQL_DIRECTIVE_LOCATIONS] = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
    "DIRECTIVE_DEFINITION",
};

int
gql_directive_location_index(str_t name)
{
    for (int i = 0; i < GQL_DIRECTIVE_LOCATIONS; i++)
        if (str_eq_cstr(name, directive_locations[i]))
            return i;
    return -1;
}

/* query: Type, in a schema definition or extension. */
static int
parse_root_type(gql_parser_t *p, gql_schema_def_t *s)
{
    gql_op_kind_t kind;
    str_t name;
    if (gql_parse_operation_type(p, &kind) != 0 || gql_parse_expect(p, GQL_TOK_COLON) != 0 ||
        gql_parse_name(p, &name, NULL) != 0)
        return -1;
    if (kind == GQL_OP_QUERY)
        s->query = name;
    else if (kind == GQL_OP_MUTATION)
        s->mutation = name;
    else
        s->subscription = name;
    return 0;
}

/* schema @directives { query: Query ... }; an extension needs either. */
static int
parse_schema(gql_parser_t *p, gql_definition_t *def, bool extension)
{
    gql_schema_def_t *s = gql_parse_alloc(p, sizeof *s);
    if (!s)
        return -1;
    def->kind = GQL_DEF_SCHEMA;
    def->u.schema = s;
    s->extension = extension;
    s->loc = p->tok.loc;
    int rc = extension ? gql_parse_expect_keyword(p, "extend")
                       : gql_parse_description(p, &s->description);
    if (rc != 0 || gql_parse_expect_keyword(p, "schema") != 0 ||
        gql_parse_directives(p, true, &s->directives, &s->ndirectives) != 0)
        return -1;
    bool braces = gql_parse_peek(p, GQL_TOK_BRACE_L);
    if (!extension || braces) {
        if (gql_parse_expect(p, GQL_TOK_BRACE_L) != 0)
            return -1;
        do {
            if (parse_root_type(p, s) != 0)
                return -1;
        } while (!gql_parse_accept(p, GQL_TOK_BRACE_R));
    }
    if (extension && !braces && s->ndirectives == 0)
        return gql_parse_unexpected(p, NULL);
    return 0;
}

/* |? LOCATION | LOCATION ... */
static int
parse_directive_locations(gql_parser_t *p, gql_directive_def_t *d)
{
    gql_parse_accept(p, GQL_TOK_PIPE);
    do {
        gql_token_t start = p->tok;
        str_t *name = GQL_PARSE_PUSH(p, d->locations, d->nlocations);
        if (!name || gql_parse_name(p, name, NULL) != 0)
            return -1;
        if (gql_directive_location_index(*name) < 0)
            return gql_parse_unexpected(p, &start);
    } while (gql_parse_accept(p, GQL_TOK_PIPE));
    return 0;
}

/* "description"? directive @name(arguments) repeatable? on LOCATIONS */
static int
parse_directive_def(gql_parser_t *p, gql_definition_t *def)
{
    gql_directive_def_t *d = gql_parse_alloc(p, sizeof *d);
    if (!d)
        return -1;
    def->kind = GQL_DEF_DIRECTIVE;
    def->u.directive = d;
    d->loc = p->tok.loc;
    if (gql_parse_description(p, &d->description) != 0 ||
        gql_parse_expect_keyword(p, "directive") != 0 || gql_parse_expect(p, GQL_TOK_AT) != 0 ||
        gql_parse_name(p, &d->name, NULL) != 0 ||
        gql_parse_input_values(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R, &d->args, &d->nargs) != 0)
        return -1;
    d->repeatable = gql_parse_accept_keyword(p, "repeatable");
    if (gql_parse_expect_keyword(p, "on") != 0)
        return -1;
    return parse_directive_locations(p, d);
}

int
gql_parse_type_system(gql_parser_t *p, gql_definition_t *def, str_t keyword)
{
    if (str_eq_cstr(keyword, "schema"))
        return parse_schema(p, def, false);
    if (str_eq_cstr(keyword, "directive"))
        return parse_directive_def(p, def);
    gql_token_t t = {.kind = GQL_TOK_NAME, .value = keyword};
    return gql_parse_typedef(p, def, (gql_typedef_kind_t)gql_parse_typedef_kind(&t), false);
}

/* extend schema|scalar|type|interface|union|enum|input ... */
int
gql_parse_extension(gql_parser_t *p, gql_definition_t *def)
{
    gql_token_t keyword;
    if (gql_lex_peek(&p->lx, &keyword) != 0)
        return -1;
    if (gql_parse_is_keyword(&keyword, "schema"))
        return parse_schema(p, def, true);
    int kind = gql_parse_typedef_kind(&keyword);
    if (kind < 0)
        return gql_parse_unexpected(p, &keyword);
    return gql_parse_typedef(p, def, (gql_typedef_kind_t)kind, true);
}
