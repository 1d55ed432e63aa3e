/* Executable definitions (parse.h): operations with their variable
 * definitions, and fragment definitions. graphql-js 16 accepts a
 * description before an operation, a variable definition and a fragment;
 * so does this parser, and drops it (nothing reads it). */
#include "graphql/parse.h"

int
gql_parse_operation_type(gql_parser_t *p, gql_op_kind_t *kind)
{
    gql_token_t t = p->tok;
    if (gql_parse_expect(p, GQL_TOK_NAME) != 0)
        return -1;
    if (str_eq_cstr(t.value, "query"))
        *kind = GQL_OP_QUERY;
    else if (str_eq_cstr(t.value, "mutation"))
        *kind = GQL_OP_MUTATION;
    else if (str_eq_cstr(t.value, "subscription"))
        *kind = GQL_OP_SUBSCRIPTION;
    else
        return gql_parse_unexpected(p, &t);
    return 0;
}

/* $name: Type = default @directives */
static int
parse_variable_def(gql_parser_t *p, gql_variable_def_t *v)
{
    str_t description;
    v->loc = p->tok.loc;
    if (gql_parse_description(p, &description) != 0 || gql_parse_expect(p, GQL_TOK_DOLLAR) != 0 ||
        gql_parse_name(p, &v->name, &v->name_loc) != 0 || gql_parse_expect(p, GQL_TOK_COLON) != 0 ||
        !(v->type = gql_parse_type_ref(p)))
        return -1;
    if (gql_parse_accept(p, GQL_TOK_EQUALS) && !(v->default_value = gql_parse_value(p, true)))
        return -1;
    return gql_parse_directives(p, true, &v->directives, &v->ndirectives);
}

static int
parse_variable_defs(gql_parser_t *p, gql_operation_t *op)
{
    if (!gql_parse_accept(p, GQL_TOK_PAREN_L))
        return 0;
    do {
        gql_variable_def_t *v = GQL_PARSE_PUSH(p, op->vars, op->nvars);
        if (!v || parse_variable_def(p, v) != 0)
            return -1;
    } while (!gql_parse_accept(p, GQL_TOK_PAREN_R));
    return 0;
}

int
gql_parse_operation(gql_parser_t *p, gql_definition_t *def)
{
    gql_operation_t *op = gql_parse_alloc(p, sizeof *op);
    if (!op)
        return -1;
    def->kind = GQL_DEF_OPERATION;
    def->u.operation = op;
    op->loc = p->tok.loc;
    op->kind = GQL_OP_QUERY;
    if (!gql_parse_peek(p, GQL_TOK_BRACE_L)) {
        str_t description;
        if (gql_parse_description(p, &description) != 0 ||
            gql_parse_operation_type(p, &op->kind) != 0)
            return -1;
        if (gql_parse_peek(p, GQL_TOK_NAME) && gql_parse_name(p, &op->name, &op->name_loc) != 0)
            return -1;
        if (parse_variable_defs(p, op) != 0 ||
            gql_parse_directives(p, false, &op->directives, &op->ndirectives) != 0)
            return -1;
    }
    op->selection_set = gql_parse_selection_set(p);
    return op->selection_set ? 0 : -1;
}

/* fragment Name on Type @directives { ... } */
int
gql_parse_fragment(gql_parser_t *p, gql_definition_t *def)
{
    gql_fragment_t *f = gql_parse_alloc(p, sizeof *f);
    if (!f)
        return -1;
    def->kind = GQL_DEF_FRAGMENT;
    def->u.fragment = f;
    f->loc = p->tok.loc;
    str_t description;
    if (gql_parse_description(p, &description) != 0 ||
        gql_parse_expect_keyword(p, "fragment") != 0 ||
        gql_parse_fragment_name(p, &f->name, &f->name_loc) != 0 ||
        gql_parse_expect_keyword(p, "on") != 0 ||
        gql_parse_name(p, &f->type_condition, &f->type_condition_loc) != 0 ||
        gql_parse_directives(p, false, &f->directives, &f->ndirectives) != 0)
        return -1;
    f->selection_set = gql_parse_selection_set(p);
    return f->selection_set ? 0 : -1;
}
