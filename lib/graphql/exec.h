/* Executing a validated document (specification section 6): picking the
 * operation, coercing variables, level-by-level field execution with
 * batched resolvers, errors with path and locations, null propagation for
 * non-null fields, @skip/@include, __typename, and introspection
 * (__schema, __type: the engine's own resolvers). */
#ifndef GRAPHQL_EXEC_H
#define GRAPHQL_EXEC_H

#include <json-c/json.h>
#include <stdbool.h>

#include "core/arena.h"
#include "core/buf.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/schema.h"
#include "graphql/value.h"

typedef struct gql_exec gql_exec_t; /* one execution's state (exec.c) */

/* What a resolver gets: the field, its coerced arguments, n parents and n
 * places for their values. All parents share the arguments (they are one
 * field of one selection set). */
struct gql_resolve {
    gql_exec_t *exec;
    arena_t *arena;             /* the request's */
    void *context;              /* gql_exec_params_t.context */
    const gql_field_t *field;   /* field->resolve_data: what the app bound */
    const gql_val_t *args;      /* OBJECT: provided arguments and defaults, coerced */
    size_t n;                   /* 1 for root fields */
    const void *const *parents; /* parents[i]: the source of parent i (root: rootValue) */
    gql_val_t *const *out;      /* out[i]: set it with gql_val_*; SOURCE for composite fields */
};

/* The argument name (NULL when not provided and no default). */
const gql_val_t *gql_resolve_arg(const gql_resolve_t *rv, const char *name);

/* Makes out[i] null and records the error at its path and the field's
 * locations (graphql-js: a thrown Error in a resolver). */
void gql_resolve_error(gql_resolve_t *rv, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same error for every parent (a database failure). */
void gql_resolve_error_all(gql_resolve_t *rv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

typedef struct {
    const gql_schema_t *schema;
    const gql_document_t *doc; /* validated */
    str_t operation_name;      /* empty: the document's only operation */
    json_object *variables;    /* the request's "variables" object; NULL: none */
    const void *root_value;    /* parents[0] of root fields */
    void *context;             /* the app's per-request state, for resolvers */
    arena_t *arena;
} gql_exec_params_t;

typedef struct {
    bool has_data;  /* false: a request error (no operation, bad variables): no "data" */
    gql_val_t data; /* OBJECT, or NULL when a non-null root field failed */
    gql_errors_t errors;
    /* With -1: the server failed (out of memory), not the request; HTTP
     * must not answer 400 for it. */
    bool server_failed;
} gql_result_t;

/* Picks the operation (graphql-js's messages: "Must provide operation name
 * if query contains multiple operations.", "Unknown operation named
 * \"x\".", "Must provide an operation."). 0, or -1 with the error in errs. */
int gql_select_operation(const gql_document_t *doc, str_t operation_name,
                         const gql_operation_t **op, gql_errors_t *errs);

/* Executes. Returns 0 when execution ran (res->has_data; field errors in
 * res->errors), -1 on a request error (res->has_data false, the reason in
 * res->errors): in HTTP terms, 200 and 400; with res->server_failed the
 * server failed instead (a 503). Mutation root fields run one after
 * another; everything else level by level. */
int gql_execute(const gql_exec_params_t *p, gql_result_t *res);

/* The response as JSON.stringify prints graphql-js's ExecutionResult:
 * {"data": ...} without errors, {"errors": [...], "data": ...} with
 * field errors, {"errors": [...]} after a request error. */
void gql_result_print_json(const gql_result_t *res, buf_t *out);

#endif
