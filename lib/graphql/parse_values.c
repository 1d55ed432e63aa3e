/* Value literals and type references (parse.h). Lists, objects and list
 * types nest, so each level goes through gql_parse_open's depth limit. */
#include "graphql/parse.h"

static gql_value_t *
new_value(gql_parser_t *p, gql_value_kind_t kind)
{
    gql_value_t *v = gql_parse_alloc(p, sizeof *v);
    if (v) {
        v->kind = kind;
        v->loc = p->tok.loc;
    }
    return v;
}

/* [value, ...]: may be empty */
static gql_value_t *
parse_list(gql_parser_t *p, bool is_const)
{
    gql_value_t *v = new_value(p, GQL_VALUE_LIST);
    if (!v || gql_parse_open(p, GQL_TOK_BRACKET_L) != 0)
        return NULL;
    while (!gql_parse_accept(p, GQL_TOK_BRACKET_R)) {
        gql_value_t **item = GQL_PARSE_PUSH(p, v->items, v->nitems);
        if (!item || !(*item = gql_parse_value(p, is_const)))
            return NULL;
    }
    gql_parse_close(p);
    return v;
}

/* {name: value, ...}: may be empty */
static gql_value_t *
parse_object(gql_parser_t *p, bool is_const)
{
    gql_value_t *v = new_value(p, GQL_VALUE_OBJECT);
    if (!v || gql_parse_open(p, GQL_TOK_BRACE_L) != 0)
        return NULL;
    while (!gql_parse_accept(p, GQL_TOK_BRACE_R)) {
        gql_object_field_t *f = GQL_PARSE_PUSH(p, v->fields, v->nfields);
        if (!f)
            return NULL;
        f->loc = p->tok.loc;
        if (gql_parse_name(p, &f->name, NULL) != 0 || gql_parse_expect(p, GQL_TOK_COLON) != 0 ||
            !(f->value = gql_parse_value(p, is_const)))
            return NULL;
    }
    gql_parse_close(p);
    return v;
}

/* $name; in a constant (a default value, a directive of the type
 * system) refused as graphql-js words it. */
static gql_value_t *
parse_variable(gql_parser_t *p, bool is_const)
{
    gql_token_t dollar = p->tok;
    gql_value_t *v = new_value(p, GQL_VALUE_VARIABLE);
    if (!v || gql_parse_expect(p, GQL_TOK_DOLLAR) != 0)
        return NULL;
    if (is_const && gql_parse_peek(p, GQL_TOK_NAME))
        gql_lex_fail(&p->lx, dollar.start, "Unexpected variable \"$%.*s\" in constant value.",
                     STR_FMT(p->tok.value));
    else if (is_const)
        gql_parse_unexpected(p, &dollar);
    if (is_const || gql_parse_name(p, &v->name, NULL) != 0)
        return NULL;
    return v;
}

/* A Name as a value: true, false, null, or an enum value. */
static gql_value_t *
parse_name_value(gql_parser_t *p)
{
    str_t name = p->tok.value;
    gql_value_t *v = new_value(p, GQL_VALUE_ENUM);
    if (!v || gql_parse_advance(p) != 0)
        return NULL;
    if (str_eq_cstr(name, "true") || str_eq_cstr(name, "false")) {
        v->kind = GQL_VALUE_BOOLEAN;
        v->boolean = name.len == 4;
    } else if (str_eq_cstr(name, "null")) {
        v->kind = GQL_VALUE_NULL;
    } else {
        v->name = name;
    }
    return v;
}

/* Int, Float, String and BlockString tokens. */
static gql_value_t *
parse_scalar_token(gql_parser_t *p)
{
    static const gql_value_kind_t kind_of[] = {
        [GQL_TOK_INT] = GQL_VALUE_INT,
        [GQL_TOK_FLOAT] = GQL_VALUE_FLOAT,
        [GQL_TOK_STRING] = GQL_VALUE_STRING,
        [GQL_TOK_BLOCK_STRING] = GQL_VALUE_STRING,
    };
    gql_token_t t = p->tok;
    gql_value_t *v = new_value(p, kind_of[t.kind]);
    if (!v || gql_parse_advance(p) != 0)
        return NULL;
    if (v->kind == GQL_VALUE_STRING) {
        v->string = t.value;
        v->block = t.kind == GQL_TOK_BLOCK_STRING;
    } else {
        v->raw = t.value;
    }
    return v;
}

gql_value_t *
gql_parse_value(gql_parser_t *p, bool is_const)
{
    switch (p->tok.kind) {
    case GQL_TOK_BRACKET_L:
        return parse_list(p, is_const);
    case GQL_TOK_BRACE_L:
        return parse_object(p, is_const);
    case GQL_TOK_INT:
    case GQL_TOK_FLOAT:
    case GQL_TOK_STRING:
    case GQL_TOK_BLOCK_STRING:
        return parse_scalar_token(p);
    case GQL_TOK_NAME:
        return parse_name_value(p);
    case GQL_TOK_DOLLAR:
        return parse_variable(p, is_const);
    default:
        gql_parse_unexpected(p, NULL);
        return NULL;
    }
}

static gql_type_ref_t *
new_type_ref(gql_parser_t *p, gql_type_ref_kind_t kind, gql_loc_t loc, gql_type_ref_t *of)
{
    gql_type_ref_t *t = gql_parse_alloc(p, sizeof *t);
    if (t) {
        t->kind = kind;
        t->loc = loc;
        t->of = of;
    }
    return t;
}

/* Name, [Type], and either with a ! after it. */
gql_type_ref_t *
gql_parse_type_ref(gql_parser_t *p)
{
    gql_loc_t loc = p->tok.loc;
    gql_type_ref_t *t;
    if (gql_parse_peek(p, GQL_TOK_BRACKET_L)) {
        gql_type_ref_t *inner = NULL;
        if (gql_parse_open(p, GQL_TOK_BRACKET_L) != 0 || !(inner = gql_parse_type_ref(p)) ||
            gql_parse_expect(p, GQL_TOK_BRACKET_R) != 0)
            return NULL;
        gql_parse_close(p);
        t = new_type_ref(p, GQL_TYPE_LIST, loc, inner);
    } else {
        t = new_type_ref(p, GQL_TYPE_NAMED, loc, NULL);
        if (t && gql_parse_name(p, &t->name, NULL) != 0)
            return NULL;
    }
    if (t && gql_parse_accept(p, GQL_TOK_BANG))
        t = new_type_ref(p, GQL_TYPE_NON_NULL, loc, t);
    return t;
}
