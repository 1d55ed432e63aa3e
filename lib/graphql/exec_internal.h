/* What exec.c, exec_collect.c, exec_complete.c and exec_error.c share.
 *
 * Execution runs a response level at a time: a group is one selection set
 * applied to many objects of one concrete type; each of its fields'
 * resolvers is called once for all of them, and the composite values they
 * return become the parents of new groups (one per field and concrete
 * type). Every response position that outlives its level is a node, so an
 * error can find its path and the nearest nullable position above it. */
#ifndef GRAPHQL_EXEC_INTERNAL_H
#define GRAPHQL_EXEC_INTERNAL_H

#include <stdint.h>

#include "graphql/exec.h"

/* A response position: a field of an object, or an item of a list. */
typedef struct exec_node {
    const struct exec_node *parent; /* NULL: the root ("data") */
    str_t key;                      /* field's response key; key.p NULL: list item */
    size_t index;                   /* list item's index */
    uint32_t ord;                   /* field's place in its selection set, or the index */
    uint32_t depth;                 /* path length (the root: 0) */
    bool nullable;
    gql_val_t *slot; /* the value; nulled by null propagation */
} exec_node_t;

typedef enum {
    EXEC_FIELD_PLAIN,
    EXEC_FIELD_TYPENAME,
    EXEC_FIELD_META, /* __schema, __type(name:) at the query root */
} exec_field_kind_t;

/* A response key with the field nodes merged under it (CollectFields). */
typedef struct {
    str_t key;
    exec_field_kind_t kind;
    const gql_field_t *def; /* NULL for __typename */
    const gql_selection_t **nodes;
    size_t nnodes;
} exec_field_t;

typedef struct {
    exec_field_t *items;
    size_t n;
} exec_fields_t;

typedef struct {
    const void *source;
    exec_node_t *node; /* where the object goes */
} exec_parent_t;

typedef struct exec_group {
    const gql_type_t *type; /* concrete object type */
    /* The merged field whose sub-selections apply (NULL: the operation's
     * selection set, for the root). */
    const exec_field_t *field;
    exec_parent_t *parents;
    size_t n, cap;
    struct exec_group *next;       /* the queue */
    struct exec_group *next_child; /* the field's groups for other types */
} exec_group_t;

/* An error and where it stands in graphql-js's depth-first order. */
typedef struct {
    gql_error_t *error; /* NULL when the list was full */
    uint32_t *ord;      /* the path's ords, depth of them */
    uint32_t depth;
    int32_t nulled; /* depth of the position it nulled; -1: none (nullable) */
} exec_error_t;

struct gql_exec {
    const gql_exec_params_t *p;
    arena_t *a;
    gql_result_t *res;
    const gql_operation_t *op;
    gql_val_t vars; /* OBJECT */
    exec_node_t root;
    exec_group_t *queue_head, *queue_tail;
    exec_error_t *errors;
    size_t nerrors, errors_cap;
    size_t raised; /* index in errors of the error being propagated */
    int oom;
};

/* CollectFields for object type t: the selection sets of field's nodes,
 * or set when field is NULL. 0, or -1 when out of memory. */
int exec_collect(gql_exec_t *x, const gql_type_t *t, const exec_field_t *field,
                 const gql_selection_set_t *set, exec_fields_t *out);

/* An error at position at (located at loc, or else at the field's nodes); its
 * index in x->errors, or SIZE_MAX when out of memory. */
size_t exec_error_at(gql_exec_t *x, const exec_node_t *at, const exec_field_t *f,
                     const gql_loc_t *loc, const char *message);
/* Null propagation: the error raised at position at (non-null) nulls the
 * nearest nullable position above it. */
void exec_propagate(gql_exec_t *x, const exec_node_t *at, size_t error);
/* Marks where error (at a nullable position) nulled its value. */
void exec_error_nulled(gql_exec_t *x, size_t error, const exec_node_t *at);
/* Orders the errors as graphql-js reports them and drops those it would
 * never have reached (after a failure, inside what the failure nulled). */
void exec_errors_finish(gql_exec_t *x);

/* What completing one field of a group needs. */
typedef struct {
    gql_exec_t *x;
    const gql_type_t *parent_type;
    const exec_field_t *field;
    exec_group_t *children; /* groups made for this field, by concrete type */
} exec_completion_t;

typedef enum { EXEC_DONE, EXEC_NULL, EXEC_RAISED } exec_outcome_t;

/* Completes the value at position at (a field of a parent, its slot
 * already holding what the resolver gave) against type t. errored: the
 * resolver reported an error for it (x->raised is that error). */
exec_outcome_t exec_complete_field(exec_completion_t *c, exec_node_t *at, bool errored);

/* Serializes leaf value v of type t in place: NULL, or the reason it
 * cannot (in why). */
const char *exec_serialize(arena_t *a, const gql_type_t *t, gql_val_t *v, buf_t *why);

/* The node for a position that must outlive this level. */
exec_node_t *exec_node_keep(gql_exec_t *x, const exec_node_t *at);

/* Queues a group. */
void exec_enqueue(gql_exec_t *x, exec_group_t *g);

#endif
