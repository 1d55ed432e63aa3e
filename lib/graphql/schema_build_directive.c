/* Directive definitions of the schema: the app's own in SDL order, then
 * the built-ins it did not define (graphql-js's buildASTSchema appends
 * specifiedDirectives so). Their locations are kept as declared, in the
 * order introspection lists them. */
#include "graphql/schema_build.h"

static const char *const location_names[] = {
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
};

/* The gql_dirloc_t bit of a location name; 0 for DIRECTIVE_DEFINITION,
 * which no executable document has; -1 when unknown. */
static long
location_bit(str_t name)
{
    for (size_t i = 0; i < sizeof location_names / sizeof *location_names; i++)
        if (str_eq_cstr(name, location_names[i]))
            return 1L << i;
    return str_eq_cstr(name, "DIRECTIVE_DEFINITION") ? 0 : -1;
}

static int
directive_from_def(build_t *b, const gql_directive_def_t *def, bool builtin,
                   gql_directive_type_t *out)
{
    out->name = def->name;
    out->description = def->description;
    out->repeatable = def->repeatable;
    out->builtin = builtin;
    for (size_t i = 0; i < def->nlocations; i++) {
        long bit = location_bit(def->locations[i]);
        if (bit < 0)
            return build_error(b, def->loc, "Unexpected directive location \"%.*s\".",
                               STR_FMT(def->locations[i]));
        out->locations |= (unsigned)bit;
    }
    return build_input_values(b, def->args, def->nargs, &out->args, &out->nargs);
}

static size_t
count_directives(const gql_document_t *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->ndefs; i++)
        n += doc->defs[i].kind == GQL_DEF_DIRECTIVE;
    return n;
}

static int
add_directive(build_t *b, const gql_directive_def_t *def, bool builtin)
{
    gql_schema_t *s = &b->s->pub;
    if (gql_schema_directive(s, def->name)) {
        if (builtin)
            return 0;
        return build_error(b, def->loc, "There can be only one directive named \"@%.*s\".",
                           STR_FMT(def->name));
    }
    size_t i = s->ndirectives++;
    b->s->dir_locations[i] = def->locations;
    b->s->dir_nlocations[i] = def->nlocations;
    return directive_from_def(b, def, builtin, &s->directives[i]);
}

int
build_directives(build_t *b, const gql_document_t *app, const gql_document_t *builtins)
{
    size_t n = count_directives(app) + count_directives(builtins);
    gql_schema_t *s = &b->s->pub;
    s->directives = arena_calloc(b->a, n ? n : 1, sizeof *s->directives);
    b->s->dir_locations = arena_calloc(b->a, n ? n : 1, sizeof *b->s->dir_locations);
    b->s->dir_nlocations = arena_calloc(b->a, n ? n : 1, sizeof *b->s->dir_nlocations);
    if (!s->directives || !b->s->dir_locations || !b->s->dir_nlocations)
        return -1;
    const gql_document_t *docs[2] = {app, builtins};
    for (size_t d = 0; d < 2; d++)
        for (size_t i = 0; i < docs[d]->ndefs; i++)
            if (docs[d]->defs[i].kind == GQL_DEF_DIRECTIVE &&
                add_directive(b, docs[d]->defs[i].u.directive, d == 1) != 0)
                return -1;
    return 0;
}
