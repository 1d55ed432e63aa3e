/* What the schema keeps beside its public part (schema.h): the name index
 * for lookups, the introspection meta-fields, and what introspection
 * needs in declared order. Private to schema*.c and introspection.c. */
#ifndef GRAPHQL_SCHEMA_IMPL_H
#define GRAPHQL_SCHEMA_IMPL_H

#include "graphql/schema.h"

typedef struct {
    gql_schema_t pub; /* first: a gql_schema_t * is a gql_schema_impl_t * */
    /* Open addressing over pub.types by name; slots are indexes + 1, 0 empty. */
    unsigned *slots;
    size_t mask;
    /* Directive locations as declared (introspection lists them so). */
    const str_t **dir_locations;
    size_t *dir_nlocations;
    /* __Meta: its fields are the meta-fields __schema, __type(name:) and
     * __typename, which every query type answers. */
    gql_type_t *meta;
} gql_schema_impl_t;

static inline const gql_schema_impl_t *
gql_schema_impl(const gql_schema_t *s)
{
    return (const gql_schema_impl_t *)s;
}

/* The index of t in s->types, or s->ntypes when it is not there. */
size_t gql_schema_type_index(const gql_schema_t *s, const gql_type_t *t);

/* Builds the name index over s->types. -1 when out of memory. */
int gql_schema_index(gql_schema_impl_t *s);

/* The built-in scalars, directives and introspection types as SDL, with
 * graphql-js 16's descriptions (schema_builtins.c). */
extern const char gql_builtins_sdl[];

/* Prints a default value as graphql-js's print(astFromValue(valueFromAST(
 * lit, type), type)) would; false when the literal does not coerce (then
 * introspection's defaultValue is null). */
bool gql_default_print(const gql_value_t *lit, const gql_tref_t *type, buf_t *out);

/* Binds the introspection resolvers and the meta-fields (introspection.c). */
int gql_introspection_bind(gql_schema_impl_t *s);

#endif
