/* A GraphQL schema at run time: built once at start from SDL text (the
 * file the repository keeps, e.g. lib/apps/hn/schema.graphql), with the
 * built-in scalars (Int, Float, String, Boolean, ID), directives
 * (@include, @skip, @deprecated, @specifiedBy) and introspection types
 * (__Schema, __Type, ...) added by the engine. The app then binds a
 * resolver to every field of its object types. Read-only after start, so
 * prefork workers share it. Knows no SQL and no app. */
#ifndef GRAPHQL_SCHEMA_H
#define GRAPHQL_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/value.h"

typedef enum {
    GQL_KIND_SCALAR,
    GQL_KIND_OBJECT,
    GQL_KIND_INTERFACE,
    GQL_KIND_UNION,
    GQL_KIND_ENUM,
    GQL_KIND_INPUT_OBJECT,
} gql_kind_t;

typedef struct gql_type gql_type_t;
typedef struct gql_field gql_field_t;
typedef struct gql_resolve gql_resolve_t;

/* A resolver fills the values of one field for n parents at once (the
 * data-loader step: the engine executes a level of the response for all
 * parents together, so `links { postedBy }` calls the postedBy resolver
 * once with every link). Returns 0; -1 when it failed as a whole (then
 * every out[i] it did not set becomes null with the error it added with
 * gql_resolve_error_all, or "Internal server error."). See exec.h. */
typedef int (*gql_resolve_fn)(gql_resolve_t *rv);

/* The concrete object type of source for an interface or union; NULL when
 * unknown (an execution error). Only needed when a resolver does not set
 * gql_val_t.type_name itself. */
typedef const char *(*gql_resolve_type_fn)(const void *source, void *data);

/* A type as used: Named, [of], of! */
typedef struct gql_tref {
    gql_type_ref_kind_t kind;
    const gql_type_t *named; /* NAMED */
    const struct gql_tref *of;
} gql_tref_t;

typedef struct {
    str_t name;
    str_t description;
    const gql_tref_t *type;
    const gql_value_t *default_value; /* the literal as written in the SDL; NULL when none */
    str_t default_text; /* the same as printed by graphql-js (introspection's defaultValue) */
    bool deprecated;
    str_t deprecation_reason;
} gql_input_value_t;

struct gql_field {
    str_t name;
    str_t description;
    const gql_type_t *owner;
    gql_input_value_t *args;
    size_t nargs;
    const gql_tref_t *type;
    bool deprecated;
    str_t deprecation_reason;
    gql_resolve_fn resolve; /* NULL until bound */
    void *resolve_data;
};

typedef struct {
    str_t name;
    str_t description;
    bool deprecated;
    str_t deprecation_reason;
} gql_enum_value_t;

struct gql_type {
    gql_kind_t kind;
    str_t name;
    str_t description;
    str_t specified_by_url; /* SCALAR */
    bool builtin;           /* a built-in scalar or an introspection type */
    gql_field_t *fields;    /* OBJECT, INTERFACE */
    size_t nfields;
    gql_input_value_t *input_fields; /* INPUT_OBJECT */
    size_t ninput_fields;
    const gql_type_t **interfaces; /* OBJECT, INTERFACE: what it implements */
    size_t ninterfaces;
    const gql_type_t **possible; /* UNION: members; INTERFACE: implementations */
    size_t npossible;
    gql_enum_value_t *values; /* ENUM */
    size_t nvalues;
    gql_resolve_type_fn resolve_type; /* INTERFACE, UNION */
    void *resolve_type_data;
    bool one_of; /* INPUT_OBJECT declared @oneOf (graphql-js 16.9 and later) */
};

typedef enum {
    GQL_DIRLOC_QUERY = 1 << 0,
    GQL_DIRLOC_MUTATION = 1 << 1,
    GQL_DIRLOC_SUBSCRIPTION = 1 << 2,
    GQL_DIRLOC_FIELD = 1 << 3,
    GQL_DIRLOC_FRAGMENT_DEFINITION = 1 << 4,
    GQL_DIRLOC_FRAGMENT_SPREAD = 1 << 5,
    GQL_DIRLOC_INLINE_FRAGMENT = 1 << 6,
    GQL_DIRLOC_VARIABLE_DEFINITION = 1 << 7,
    GQL_DIRLOC_SCHEMA = 1 << 8,
    GQL_DIRLOC_SCALAR = 1 << 9,
    GQL_DIRLOC_OBJECT = 1 << 10,
    GQL_DIRLOC_FIELD_DEFINITION = 1 << 11,
    GQL_DIRLOC_ARGUMENT_DEFINITION = 1 << 12,
    GQL_DIRLOC_INTERFACE = 1 << 13,
    GQL_DIRLOC_UNION = 1 << 14,
    GQL_DIRLOC_ENUM = 1 << 15,
    GQL_DIRLOC_ENUM_VALUE = 1 << 16,
    GQL_DIRLOC_INPUT_OBJECT = 1 << 17,
    GQL_DIRLOC_INPUT_FIELD_DEFINITION = 1 << 18,
} gql_dirloc_t;

typedef struct {
    str_t name; /* without @ */
    str_t description;
    unsigned locations; /* gql_dirloc_t bits */
    gql_input_value_t *args;
    size_t nargs;
    bool repeatable;
    bool builtin;
} gql_directive_type_t;

typedef struct {
    arena_t *arena; /* owns everything below, and the SDL text copy */
    /* In graphql-js's order, which introspection lists: the SDL's types in
     * order, each built-in scalar after the first type that uses it, then
     * the introspection types. A built-in scalar nothing uses is absent. */
    const gql_type_t **types;
    size_t ntypes;
    const gql_type_t *query;
    const gql_type_t *mutation;     /* NULL when none */
    const gql_type_t *subscription; /* NULL when none */
    gql_directive_type_t *directives;
    size_t ndirectives;
    str_t description;
} gql_schema_t;

/* Builds a schema from SDL text. NULL with the reasons in errs (a syntax
 * error, an unknown type, a duplicate name, an object without fields...).
 * Root types are `schema { query: ... }`, or the types named Query,
 * Mutation and Subscription. */
gql_schema_t *gql_schema_from_sdl(str_t sdl, gql_errors_t *errs);
void gql_schema_free(gql_schema_t *s);

const gql_type_t *gql_schema_type(const gql_schema_t *s, str_t name);
const gql_directive_type_t *gql_schema_directive(const gql_schema_t *s, str_t name);
/* A field of an object or interface type; NULL when absent (and for the
 * meta-fields __typename, __schema, __type, which exec and validate handle). */
const gql_field_t *gql_type_field(const gql_type_t *t, str_t name);
const gql_input_value_t *gql_field_arg(const gql_field_t *f, str_t name);
const gql_input_value_t *gql_input_field(const gql_type_t *t, str_t name);
/* Whether object type `object` is `abstract` itself, or one of its
 * members or implementations (an interface implementing `abstract` counts
 * too, as graphql-js's isSubType says). */
bool gql_type_is_possible(const gql_type_t *abstract, const gql_type_t *object);

/* The named type under list and non-null wrappers. */
const gql_type_t *gql_tref_named(const gql_tref_t *t);
/* Prints the type as written: [Link!]! */
void gql_tref_print(const gql_tref_t *t, buf_t *out);
/* Leaf: scalar or enum. Composite: object, interface or union. Input:
 * scalar, enum or input object. */
bool gql_type_is_leaf(const gql_type_t *t);
bool gql_type_is_composite(const gql_type_t *t);
bool gql_type_is_input(const gql_type_t *t);

/* Binds fn to Type.field; -1 when there is no such object field. */
int gql_schema_bind(gql_schema_t *s, const char *type_name, const char *field_name,
                    gql_resolve_fn fn, void *data);
int gql_schema_bind_type(gql_schema_t *s, const char *type_name, gql_resolve_type_fn fn,
                         void *data);
/* One error per object field (outside the introspection types) that has
 * no resolver; returns their count. Programs call it at start. */
size_t gql_schema_check_bound(const gql_schema_t *s, gql_errors_t *errs);

#endif
