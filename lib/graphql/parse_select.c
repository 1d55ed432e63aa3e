/* Selection sets, fields, fragment spreads, inline fragments, arguments
 * and directives (parse.h). */
#include "graphql/parse.h"

int
gql_parse_arguments(gql_parser_t *p, bool is_const, gql_argument_t **args, size_t *n)
{
    if (!gql_parse_accept(p, GQL_TOK_PAREN_L))
        return 0;
    do {
        gql_argument_t *arg = GQL_PARSE_PUSH(p, *args, *n);
        if (!arg)
            return -1;
        arg->loc = p->tok.loc;
        if (gql_parse_name(p, &arg->name, NULL) != 0 || gql_parse_expect(p, GQL_TOK_COLON) != 0 ||
            !(arg->value = gql_parse_value(p, is_const)))
            return -1;
    } while (!gql_parse_accept(p, GQL_TOK_PAREN_R));
    return 0;
}

int
gql_parse_directives(gql_parser_t *p, bool is_const, gql_directive_t **dirs, size_t *n)
{
    while (gql_parse_peek(p, GQL_TOK_AT)) {
        gql_directive_t *d = GQL_PARSE_PUSH(p, *dirs, *n);
        if (!d)
            return -1;
        d->loc = p->tok.loc;
        if (gql_parse_advance(p) != 0 || gql_parse_name(p, &d->name, NULL) != 0 ||
            gql_parse_arguments(p, is_const, &d->args, &d->nargs) != 0)
            return -1;
    }
    return 0;
}

/* alias: name(arguments) @directives { ... } */
static int
parse_field(gql_parser_t *p, gql_selection_t *sel)
{
    str_t name;
    gql_loc_t name_loc;
    sel->kind = GQL_SEL_FIELD;
    if (gql_parse_name(p, &name, &name_loc) != 0)
        return -1;
    if (gql_parse_accept(p, GQL_TOK_COLON)) {
        sel->alias = name;
        if (gql_parse_name(p, &sel->name, &sel->name_loc) != 0)
            return -1;
    } else {
        sel->name = name;
        sel->name_loc = name_loc;
    }
    if (gql_parse_arguments(p, false, &sel->args, &sel->nargs) != 0 ||
        gql_parse_directives(p, false, &sel->directives, &sel->ndirectives) != 0)
        return -1;
    if (gql_parse_peek(p, GQL_TOK_BRACE_L) && !(sel->selection_set = gql_parse_selection_set(p)))
        return -1;
    return 0;
}

/* ...Name @directives, or ... on Type @directives { ... } */
static int
parse_fragment_selection(gql_parser_t *p, gql_selection_t *sel)
{
    if (gql_parse_expect(p, GQL_TOK_SPREAD) != 0)
        return -1;
    bool on = gql_parse_is_keyword(&p->tok, "on");
    if (on) {
        gql_parse_advance(p);
    } else if (gql_parse_peek(p, GQL_TOK_NAME)) {
        sel->kind = GQL_SEL_FRAGMENT_SPREAD;
        if (gql_parse_fragment_name(p, &sel->name, &sel->name_loc) != 0)
            return -1;
        return gql_parse_directives(p, false, &sel->directives, &sel->ndirectives);
    }
    sel->kind = GQL_SEL_INLINE_FRAGMENT;
    if (on && gql_parse_name(p, &sel->type_condition, &sel->type_condition_loc) != 0)
        return -1;
    if (gql_parse_directives(p, false, &sel->directives, &sel->ndirectives) != 0)
        return -1;
    sel->selection_set = gql_parse_selection_set(p);
    return sel->selection_set ? 0 : -1;
}

gql_selection_set_t *
gql_parse_selection_set(gql_parser_t *p)
{
    gql_selection_set_t *set = gql_parse_alloc(p, sizeof *set);
    if (!set)
        return NULL;
    set->loc = p->tok.loc;
    if (gql_parse_open(p, GQL_TOK_BRACE_L) != 0)
        return NULL;
    do {
        gql_selection_t *sel = GQL_PARSE_PUSH(p, set->items, set->nitems);
        if (!sel)
            return NULL;
        sel->loc = p->tok.loc;
        int rc = gql_parse_peek(p, GQL_TOK_SPREAD) ? parse_fragment_selection(p, sel)
                                                   : parse_field(p, sel);
        if (rc != 0)
            return NULL;
    } while (!gql_parse_accept(p, GQL_TOK_BRACE_R));
    gql_parse_close(p);
    return set;
}
