/* Directive definitions of the schema: the app's own in SDL order, then
 * the built-ins it did not define (graphql-js's buildASTSchema appends
 * specifiedDirectives so). Their locations are kept as declared, in the
 * order introspection lists them. */
#include "graphql/schema_build.h"

/* The gql_dirloc_t bit of a location name; 0 for DIRECTIVE_DEFINITION,
 * which no executable document has; -1 when unknown. */
static long
location_bit(str_t name)
{
    int i = gql_directive_location_index(name);
    return i < 0 ? -1 : i == GQL_DIRECTIVE_LOCATIONS - 1 ? 0 : 1L << i;
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

/* Each use of a directive in the app's SDL: defined, allowed where it
 * is, and once unless repeatable (graphql-js's KnownDirectivesRule and
 * UniqueDirectivesPerLocationRule). */
static void
check_uses(build_t *b, const gql_directive_t *d, size_t n, const char *where)
{
    for (size_t i = 0; i < n; i++) {
        const gql_directive_type_t *dt = gql_schema_directive(&b->s->pub, d[i].name);
        bool again = false;
        for (size_t k = 0; k < i; k++)
            again = again || str_eq(d[k].name, d[i].name);
        if (!dt)
            build_error(b, d[i].loc, "Unknown directive \"@%.*s\".", STR_FMT(d[i].name));
        else if (!(dt->locations & (unsigned long)location_bit(str_from_cstr(where))))
            build_error(b, d[i].loc, "Directive \"@%.*s\" may not be used on %s.",
                        STR_FMT(d[i].name), where);
        else if (again && !dt->repeatable)
            build_error(b, d[i].loc,
                        "The directive \"@%.*s\" can only be used once at this location.",
                        STR_FMT(d[i].name));
    }
}

static void
check_input_uses(build_t *b, const gql_input_value_def_t *v, size_t n, const char *where)
{
    for (size_t i = 0; i < n; i++)
        check_uses(b, v[i].directives, v[i].ndirectives, where);
}

static const char *const typedef_locations[] = {
    [GQL_TYPEDEF_SCALAR] = "SCALAR",       [GQL_TYPEDEF_OBJECT] = "OBJECT",
    [GQL_TYPEDEF_INTERFACE] = "INTERFACE", [GQL_TYPEDEF_UNION] = "UNION",
    [GQL_TYPEDEF_ENUM] = "ENUM",           [GQL_TYPEDEF_INPUT_OBJECT] = "INPUT_OBJECT",
};

static void
check_type_uses(build_t *b, const gql_typedef_t *t)
{
    check_uses(b, t->directives, t->ndirectives, typedef_locations[t->kind]);
    for (size_t i = 0; i < t->nfields; i++) {
        check_uses(b, t->fields[i].directives, t->fields[i].ndirectives, "FIELD_DEFINITION");
        check_input_uses(b, t->fields[i].args, t->fields[i].nargs, "ARGUMENT_DEFINITION");
    }
    check_input_uses(b, t->input_fields, t->ninput_fields, "INPUT_FIELD_DEFINITION");
    for (size_t i = 0; i < t->nvalues; i++)
        check_uses(b, t->values[i].directives, t->values[i].ndirectives, "ENUM_VALUE");
}

void
build_check_directive_uses(build_t *b, const gql_document_t *app)
{
    for (size_t i = 0; i < app->ndefs; i++) {
        const gql_definition_t *d = &app->defs[i];
        if (d->kind == GQL_DEF_TYPE)
            check_type_uses(b, d->u.type);
        else if (d->kind == GQL_DEF_SCHEMA)
            check_uses(b, d->u.schema->directives, d->u.schema->ndirectives, "SCHEMA");
        else if (d->kind == GQL_DEF_DIRECTIVE)
            check_input_uses(b, d->u.directive->args, d->u.directive->nargs, "ARGUMENT_DEFINITION");
    }
}
