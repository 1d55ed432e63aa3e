/* The state of one gql_schema_from_sdl while it builds (schema_build*.c,
 * schema_check.c). Private. */
#ifndef GRAPHQL_SCHEMA_BUILD_H
#define GRAPHQL_SCHEMA_BUILD_H

#include "graphql/schema_impl.h"

typedef struct {
    const gql_typedef_t **defs; /* the definition, then its extensions in order */
    size_t ndefs;
} build_defs_t;

typedef struct {
    gql_schema_impl_t *s;
    arena_t *a;
    gql_errors_t *errs;
    size_t errs_before; /* errs->count when the build started */
    gql_type_t *types;  /* every defined type: the app's, then the built-ins */
    build_defs_t *defs; /* per types[i] */
    size_t ntypes;      /* filled so far */
    size_t napp;        /* the first napp are the app's */
    gql_type_t *meta;   /* __Meta: holds the meta-fields, not a type of the schema */
} build_t;

static inline bool
build_failed(const build_t *b)
{
    return b->errs->count > b->errs_before;
}

/* Reports an error at loc; always returns -1 for the caller to return. */
int build_error(build_t *b, gql_loc_t loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A defined type by name (built-ins first, as graphql-js looks them up). */
gql_type_t *build_type(build_t *b, str_t name);

/* Fills types[i] from its definition and extensions (schema_build_type.c). */
int build_type_fill(build_t *b, gql_type_t *t, const build_defs_t *d);

/* Directive definitions (schema_build_directive.c): the app's, then the
 * built-ins the app did not define itself. */
int build_directives(build_t *b, const gql_document_t *app, const gql_document_t *builtins);
/* "Unknown directive" for each use in the app's SDL of one not defined. */
void build_check_directive_uses(build_t *b, const gql_document_t *app);

/* The input values of args or input fields; their types resolved. */
int build_input_values(build_t *b, const gql_input_value_def_t *defs, size_t n,
                       gql_input_value_t **out, size_t *nout);
/* A deprecated directive among d: *reason its reason or graphql-js's
 * default "No longer supported". */
bool build_deprecation(const gql_directive_t *d, size_t n, str_t *reason);

/* The schema checks graphql-js's assertValidSchema makes, those that apply
 * to an SDL that parsed and named only defined types (schema_check.c). */
int build_check(build_t *b);
/* The type as written ([Link!]!), in the arena, for messages. */
const char *build_tref_text(build_t *b, const gql_tref_t *t);
/* The `implements` of an object or interface type (schema_check_iface.c). */
void build_check_interfaces(build_t *b, const gql_type_t *t);

#endif
