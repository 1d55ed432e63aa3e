/* The walk over type system definitions in a request (validate_walk.h).
 * ExecutableDefinitions refuses them, but graphql-js's other rules visit
 * them all the same: the types they name (KnownTypeNames) and the
 * directives they use (KnownDirectives, UniqueDirectivesPerLocation and
 * the directive argument rules). The AST keeps no places for the names
 * after `implements`, in a union or in `schema { query: ... }`, so those
 * are not checked. */
#include "graphql/validate_walk.h"

static void
sdl_type_ref(const vw_sdl_t *v, const gql_type_ref_t *t)
{
    while (t && t->kind != GQL_TYPE_NAMED)
        t = t->of;
    if (t && v->on_type_ref)
        v->on_type_ref(v, t);
}

static void
sdl_directives(const vw_sdl_t *v, const gql_directive_t *d, size_t n, gql_dirloc_t where,
               str_t scope)
{
    if (v->on_directives && n)
        v->on_directives(v, d, n, where, scope);
}

static void
sdl_input_values(const vw_sdl_t *v, const gql_input_value_def_t *a, size_t n, gql_dirloc_t where)
{
    for (size_t i = 0; i < n; i++) {
        sdl_type_ref(v, a[i].type);
        sdl_directives(v, a[i].directives, a[i].ndirectives, where, STR_NULL);
    }
}

static void
sdl_type(const vw_sdl_t *v, const gql_typedef_t *t)
{
    static const gql_dirloc_t where[] = {
        [GQL_TYPEDEF_SCALAR] = GQL_DIRLOC_SCALAR,
        [GQL_TYPEDEF_OBJECT] = GQL_DIRLOC_OBJECT,
        [GQL_TYPEDEF_INTERFACE] = GQL_DIRLOC_INTERFACE,
        [GQL_TYPEDEF_UNION] = GQL_DIRLOC_UNION,
        [GQL_TYPEDEF_ENUM] = GQL_DIRLOC_ENUM,
        [GQL_TYPEDEF_INPUT_OBJECT] = GQL_DIRLOC_INPUT_OBJECT,
    };
    sdl_directives(v, t->directives, t->ndirectives, where[t->kind], t->name);
    for (size_t i = 0; i < t->nfields; i++) {
        const gql_field_def_t *f = &t->fields[i];
        sdl_input_values(v, f->args, f->nargs, GQL_DIRLOC_ARGUMENT_DEFINITION);
        sdl_type_ref(v, f->type);
        sdl_directives(v, f->directives, f->ndirectives, GQL_DIRLOC_FIELD_DEFINITION, STR_NULL);
    }
    sdl_input_values(v, t->input_fields, t->ninput_fields, GQL_DIRLOC_INPUT_FIELD_DEFINITION);
    for (size_t i = 0; i < t->nvalues; i++)
        sdl_directives(v, t->values[i].directives, t->values[i].ndirectives, GQL_DIRLOC_ENUM_VALUE,
                       STR_NULL);
}

void
vw_sdl_walk(const vw_sdl_t *v, const gql_document_t *doc)
{
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_definition_t *d = &doc->defs[i];
        if (d->kind == GQL_DEF_TYPE)
            sdl_type(v, d->u.type);
        else if (d->kind == GQL_DEF_DIRECTIVE)
            sdl_input_values(v, d->u.directive->args, d->u.directive->nargs,
                             GQL_DIRLOC_ARGUMENT_DEFINITION);
        else if (d->kind == GQL_DEF_SCHEMA)
            sdl_directives(v, d->u.schema->directives, d->u.schema->ndirectives, GQL_DIRLOC_SCHEMA,
                           STR_LIT("schema"));
    }
}
