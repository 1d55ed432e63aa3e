/* Values in type system definitions sent as a request, which
 * ExecutableDefinitions refuses but graphql-js's value rules still visit:
 * applied directives' arguments have their directive's types; default
 * values have no type there, so only UniqueInputFieldNames speaks. */
#include "graphql/validate_values.h"

static void
walk_input_values(gql_values_walk_t *w, const gql_input_value_def_t *defs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (defs[i].default_value && w->visit)
            w->visit(w, defs[i].default_value, NULL, false);
        gql_values_walk_directives(w, defs[i].directives, defs[i].ndirectives, NULL);
    }
}

static void
walk_typedef(gql_values_walk_t *w, const gql_typedef_t *t)
{
    gql_values_walk_directives(w, t->directives, t->ndirectives, NULL);
    for (size_t i = 0; i < t->nfields; i++) {
        walk_input_values(w, t->fields[i].args, t->fields[i].nargs);
        gql_values_walk_directives(w, t->fields[i].directives, t->fields[i].ndirectives, NULL);
    }
    walk_input_values(w, t->input_fields, t->ninput_fields);
    for (size_t i = 0; i < t->nvalues; i++)
        gql_values_walk_directives(w, t->values[i].directives, t->values[i].ndirectives, NULL);
}

void
gql_values_walk_sdl(gql_values_walk_t *w, const gql_definition_t *def)
{
    if (def->kind == GQL_DEF_TYPE)
        walk_typedef(w, def->u.type);
    else if (def->kind == GQL_DEF_DIRECTIVE)
        walk_input_values(w, def->u.directive->args, def->u.directive->nargs);
    else if (def->kind == GQL_DEF_SCHEMA)
        gql_values_walk_directives(w, def->u.schema->directives, def->u.schema->ndirectives, NULL);
}
