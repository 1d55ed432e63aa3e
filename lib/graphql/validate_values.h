/* What the value rules (validate_values*.c) and the overlap rule
 * (validate_overlap*.c) share: graphql-js's printing of literals and its
 * "Did you mean" suggestions, the fragment table, types from the AST, and
 * a walk over the values of a document with the input type TypeInfo
 * would give each of them. Internal to lib/graphql. */
#ifndef GRAPHQL_VALIDATE_VALUES_H
#define GRAPHQL_VALIDATE_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/print.h"
#include "graphql/schema.h"

/* Fragments by name; a later definition of a name hides an earlier one,
 * as graphql-js's getFragment does. */
typedef struct {
    const gql_fragment_t **by_id; /* id: index among the distinct names */
    str_t *sorted_names;          /* sorted, with the id of each in sorted_ids */
    size_t *sorted_ids;
    size_t n;
} gql_fragtab_t;

int gql_fragtab_init(gql_fragtab_t *t, arena_t *a, const gql_document_t *doc);
/* The id of the fragment named name, or -1. */
long gql_fragtab_find(const gql_fragtab_t *t, str_t name);

/* The schema type an AST type names (typeFromAST); NULL when its named
 * type is unknown or out of memory. */
const gql_tref_t *gql_tref_from_ast(arena_t *a, const gql_schema_t *s, const gql_type_ref_t *t);
/* The type without its outer T! */
const gql_tref_t *gql_tref_nullable(const gql_tref_t *t);

/* A walk over operations and fragments, in document order, that calls
 * visit for every argument value and variable default with the input type
 * graphql-js's TypeInfo gives it (NULL when unknown) and whether the
 * position has a default value, and visit_set for every selection set. */
typedef struct gql_values_walk gql_values_walk_t;
typedef void (*gql_values_visit_fn)(gql_values_walk_t *w, const gql_value_t *v,
                                    const gql_tref_t *type, bool has_default);

/* Called for every selection set before its selections, with its parent
 * type as TypeInfo gives it (NULL when not composite or unknown) and
 * whether it is an inline fragment's. */
typedef void (*gql_sets_visit_fn)(gql_values_walk_t *w, const gql_selection_set_t *set,
                                  const gql_type_t *parent, bool inline_fragment);

struct gql_values_walk {
    const gql_schema_t *schema;
    arena_t *arena;
    gql_values_visit_fn visit;   /* NULL: values are not visited */
    gql_sets_visit_fn visit_set; /* NULL: sets are not reported */
    bool stop;                   /* set by a visit function to end the walk */
    bool skip_variable_defs;     /* as getVariableUsages does */
    void *data;
    gql_field_t *type_meta;   /* __type(name: String!): __Type, made on first use */
    gql_field_t *schema_meta; /* __schema: __Schema! */
};

/* A visit function (data: the gql_errors_t) for ValuesOfCorrectType and
 * UniqueInputFieldNames (validate_values_literal.c). */
void gql_values_check_literal(gql_values_walk_t *w, const gql_value_t *v, const gql_tref_t *type,
                              bool has_default);

/* VariablesInAllowedPosition (validate_values_vars.c): errors for the
 * operation's variable usages, its fragments' included; fragments' usages
 * are found once per document. -1 when the fragment work budget is spent
 * ("Validation aborted." added: validation ends there). */
typedef struct gql_values_vars gql_values_vars_t;
gql_values_vars_t *gql_values_vars_new(const gql_schema_t *s, const gql_fragtab_t *frags,
                                       gql_errors_t *errs);
int gql_values_check_variables(gql_values_vars_t *vars, const gql_operation_t *op);

/* The arguments of directives applied to a node; an unknown directive's
 * are looked up on field (the innermost field, or NULL). */
void gql_values_walk_directives(gql_values_walk_t *w, const gql_directive_t *dirs, size_t n,
                                const gql_field_t *field);
/* The values of a type system definition in a request: the arguments of
 * its directives, and default values, which have no type there
 * (validate_values_sdl.c). */
void gql_values_walk_sdl(gql_values_walk_t *w, const gql_definition_t *def);

void gql_values_walk_operation(gql_values_walk_t *w, const gql_operation_t *op);
void gql_values_walk_fragment(gql_values_walk_t *w, const gql_fragment_t *f);

#endif
