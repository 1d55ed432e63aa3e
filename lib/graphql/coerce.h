/* Input coercion for execution (graphql-js 16: execution/values.js,
 * utilities/coerceInputValue.js, utilities/valueFromAST.js): the request's
 * variables from JSON, and argument literals with variables substituted
 * and defaults applied. Messages are graphql-js's, word for word, because
 * the differential test compares them. Internal to lib/graphql. */
#ifndef GRAPHQL_COERCE_H
#define GRAPHQL_COERCE_H

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/schema.h"
#include "graphql/print.h"
#include "graphql/value.h"

/* getVariableValues: vars becomes an OBJECT of the provided and defaulted
 * variables (absent ones are absent, as in graphql-js). 0, or -1 with one
 * error per bad variable in errs, located at its definition. */
int gql_coerce_variables(arena_t *a, const gql_schema_t *s, const gql_operation_t *op,
                         json_object *inputs, gql_val_t *vars, gql_errors_t *errs);

/* coerceInputValue for variable var (defined at loc): in, a JSON value,
 * as a value of t; 0, or -1 with one error per problem in errs. */
int gql_coerce_input(arena_t *a, str_t var, gql_loc_t loc, const gql_val_t *in, const gql_tref_t *t,
                     gql_val_t *out, gql_errors_t *errs);

/* A coercion failure that execution reports as a field error. */
typedef struct {
    const char *message; /* in the arena */
    gql_loc_t loc;       /* of the offending node */
} gql_coerce_error_t;

/* getArgumentValues for a field or directive: out becomes an OBJECT of the
 * provided arguments and defaults, in definition order. node_loc locates
 * the field (for a missing required argument). 0, or -1 with *err set. */
int gql_coerce_arguments(arena_t *a, const gql_input_value_t *defs, size_t ndefs,
                         const gql_argument_t *args, size_t nargs, gql_loc_t node_loc,
                         const gql_val_t *vars, gql_val_t *out, gql_coerce_error_t *err);

/* valueFromAST: the literal v as a value of type t; -1 when it is not
 * one (graphql-js's undefined). vars may be NULL (schema defaults). */
int gql_value_from_ast(arena_t *a, const gql_value_t *v, const gql_tref_t *t, const gql_val_t *vars,
                       gql_val_t *out);

/* The member name of OBJECT vars, NULL when absent. */
const gql_val_t *gql_coerce_var(const gql_val_t *vars, str_t name);

/* graphql-js's inspect(): "a" quoted, { a: 1 }, [1, 2], null, nested
 * levels past two as [Object] / [Array], lists cut after ten items. */
void gql_inspect(const gql_val_t *v, buf_t *out);

#endif
