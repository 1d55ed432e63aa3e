/* Type definitions and type extensions of the type system (parse.h):
 * scalar, type, interface, union, enum and input, with their fields,
 * arguments, interfaces, members and values. */
#include "graphql/parse.h"

static const char *const typedef_keyword[] = {
    [GQL_TYPEDEF_SCALAR] = "scalar",       [GQL_TYPEDEF_OBJECT] = "type",
    [GQL_TYPEDEF_INTERFACE] = "interface", [GQL_TYPEDEF_UNION] = "union",
    [GQL_TYPEDEF_ENUM] = "enum",           [GQL_TYPEDEF_INPUT_OBJECT] = "input",
};

/* "description"? name: Type = default @directives, in ( ) or { }. */
static int
parse_input_value(gql_parser_t *p, gql_input_value_def_t *d)
{
    d->loc = p->tok.loc;
    if (gql_parse_description(p, &d->description) != 0 || gql_parse_name(p, &d->name, NULL) != 0 ||
        gql_parse_expect(p, GQL_TOK_COLON) != 0 || !(d->type = gql_parse_type_ref(p)))
        return -1;
    if (gql_parse_accept(p, GQL_TOK_EQUALS) && !(d->default_value = gql_parse_value(p, true)))
        return -1;
    return gql_parse_directives(p, true, &d->directives, &d->ndirectives);
}

int
gql_parse_input_values(gql_parser_t *p, gql_tok_kind_t open, gql_tok_kind_t close,
                       gql_input_value_def_t **defs, size_t *n)
{
    if (!gql_parse_accept(p, open))
        return 0;
    do {
        gql_input_value_def_t *d = GQL_PARSE_PUSH(p, *defs, *n);
        if (!d || parse_input_value(p, d) != 0)
            return -1;
    } while (!gql_parse_accept(p, close));
    return 0;
}

/* "description"? name(arguments): Type @directives */
static int
parse_fields(gql_parser_t *p, gql_typedef_t *td)
{
    if (!gql_parse_accept(p, GQL_TOK_BRACE_L))
        return 0;
    do {
        gql_field_def_t *f = GQL_PARSE_PUSH(p, td->fields, td->nfields);
        if (!f)
            return -1;
        f->loc = p->tok.loc;
        if (gql_parse_description(p, &f->description) != 0 ||
            gql_parse_name(p, &f->name, NULL) != 0 ||
            gql_parse_input_values(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R, &f->args, &f->nargs) != 0 ||
            gql_parse_expect(p, GQL_TOK_COLON) != 0 || !(f->type = gql_parse_type_ref(p)) ||
            gql_parse_directives(p, true, &f->directives, &f->ndirectives) != 0)
            return -1;
    } while (!gql_parse_accept(p, GQL_TOK_BRACE_R));
    return 0;
}

/* Names separated by `delimiter`, which may also come first: the
 * interfaces after `implements` (&) and the members of a union (|). */
static int
parse_names(gql_parser_t *p, gql_tok_kind_t delimiter, str_t **names, size_t *n)
{
    gql_parse_accept(p, delimiter);
    do {
        str_t *name = GQL_PARSE_PUSH(p, *names, *n);
        if (!name || gql_parse_name(p, name, NULL) != 0)
            return -1;
    } while (gql_parse_accept(p, delimiter));
    return 0;
}

/* "description"? NAME @directives; true, false and null are refused. */
static int
parse_enum_values(gql_parser_t *p, gql_typedef_t *td)
{
    if (!gql_parse_accept(p, GQL_TOK_BRACE_L))
        return 0;
    do {
        gql_enum_value_def_t *e = GQL_PARSE_PUSH(p, td->values, td->nvalues);
        if (!e)
            return -1;
        e->loc = p->tok.loc;
        if (gql_parse_description(p, &e->description) != 0)
            return -1;
        str_t v = gql_tok_has_value(p->tok.kind) ? p->tok.value : STR_NULL;
        if (str_eq_cstr(v, "true") || str_eq_cstr(v, "false") || str_eq_cstr(v, "null"))
            return gql_lex_fail(&p->lx, p->tok.start,
                                "%s \"%.*s\" is reserved and cannot be used for an enum value.",
                                gql_tok_kind_desc(p->tok.kind), STR_FMT(v));
        if (gql_parse_name(p, &e->name, NULL) != 0 ||
            gql_parse_directives(p, true, &e->directives, &e->ndirectives) != 0)
            return -1;
    } while (!gql_parse_accept(p, GQL_TOK_BRACE_R));
    return 0;
}

/* What follows the name, in graphql-js's order for each kind. */
static int
parse_typedef_body(gql_parser_t *p, gql_typedef_t *td)
{
    bool has_interfaces = td->kind == GQL_TYPEDEF_OBJECT || td->kind == GQL_TYPEDEF_INTERFACE;
    if (has_interfaces && gql_parse_accept_keyword(p, "implements") &&
        parse_names(p, GQL_TOK_AMP, &td->interfaces, &td->ninterfaces) != 0)
        return -1;
    if (gql_parse_directives(p, true, &td->directives, &td->ndirectives) != 0)
        return -1;
    switch (td->kind) {
    case GQL_TYPEDEF_OBJECT:
    case GQL_TYPEDEF_INTERFACE:
        return parse_fields(p, td);
    case GQL_TYPEDEF_UNION:
        if (gql_parse_accept(p, GQL_TOK_EQUALS))
            return parse_names(p, GQL_TOK_PIPE, &td->members, &td->nmembers);
        return 0;
    case GQL_TYPEDEF_ENUM:
        return parse_enum_values(p, td);
    case GQL_TYPEDEF_INPUT_OBJECT:
        return gql_parse_input_values(p, GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, &td->input_fields,
                                      &td->ninput_fields);
    case GQL_TYPEDEF_SCALAR:
        break;
    }
    return 0;
}

/* A type definition ("description"? keyword Name ...) or, when extension,
 * a type extension (extend keyword Name ...), which must add something. */
int
gql_parse_typedef(gql_parser_t *p, gql_definition_t *def, gql_typedef_kind_t kind, bool extension)
{
    gql_typedef_t *td = gql_parse_alloc(p, sizeof *td);
    if (!td)
        return -1;
    def->kind = GQL_DEF_TYPE;
    def->u.type = td;
    td->kind = kind;
    td->extension = extension;
    td->loc = p->tok.loc;
    int rc = extension ? gql_parse_expect_keyword(p, "extend")
                       : gql_parse_description(p, &td->description);
    if (rc != 0 || gql_parse_expect_keyword(p, typedef_keyword[kind]) != 0 ||
        gql_parse_name(p, &td->name, NULL) != 0 || parse_typedef_body(p, td) != 0)
        return -1;
    if (extension && td->ninterfaces + td->ndirectives + td->nfields + td->nmembers + td->nvalues +
                             td->ninput_fields ==
                         0)
        return gql_parse_unexpected(p, NULL);
    return 0;
}

/* The kind a keyword names: scalar, type, ...; -1 for any other token. */
int
gql_parse_typedef_kind(const gql_token_t *t)
{
    for (size_t k = 0; k < sizeof typedef_keyword / sizeof *typedef_keyword; k++)
        if (gql_parse_is_keyword(t, typedef_keyword[k]))
            return (int)k;
    return -1;
}
