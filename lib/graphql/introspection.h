/* Introspection (specification section 4.2): the meta-fields __schema,
 * __type(name:) and __typename, and the resolvers of the introspection
 * types (__Schema, __Type, __Field, __InputValue, __EnumValue,
 * __Directive), which the schema binds itself when it is built.
 *
 * Sources, for exec and for tests: __Schema is the const gql_schema_t *;
 * __Type a const gql_tref_t * (a named type as a NAMED tref, a list or
 * non-null wrapper as itself); __Field a const gql_field_t *; __InputValue
 * a const gql_input_value_t *; __EnumValue a const gql_enum_value_t *;
 * __Directive a const gql_directive_type_t * of the schema's directives.
 * The enums (__TypeKind, __DirectiveLocation) come out as GQL_VAL_ENUM. */
#ifndef GRAPHQL_INTROSPECTION_H
#define GRAPHQL_INTROSPECTION_H

#include "graphql/exec.h"
#include "graphql/schema.h"

/* The meta-field __schema, __type or __typename as graphql-js defines it
 * (description, arguments, type: __Schema!, __Type, String!); NULL for any
 * other name. __schema and __type have their resolvers bound
 * (gql_introspection_schema, gql_introspection_type) with the schema as
 * resolve_data; __typename has none: exec answers it from the concrete
 * type. Validation looks the meta-fields up here too. */
const gql_field_t *gql_schema_meta_field(const gql_schema_t *s, str_t name);

/* __schema: out[i] is the SOURCE schema (rv->field->resolve_data). */
int gql_introspection_schema(gql_resolve_t *rv);
/* __type(name:): out[i] the SOURCE named type, or null when there is no
 * such type (rv->args holds the coerced `name`). */
int gql_introspection_type(gql_resolve_t *rv);

#endif
