/* Limits checked before validation and execution, so a hostile document
 * (deep nesting, fragment fan-out, thousands of aliases, lists of lists)
 * is refused cheaply with one clear error. */
#ifndef GRAPHQL_LIMITS_H
#define GRAPHQL_LIMITS_H

#include <json-c/json.h>
#include <stddef.h>

#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/schema.h"

typedef struct {
    size_t max_depth;         /* field nesting, fragments expanded */
    size_t max_aliases;       /* fields with an alias */
    size_t max_fields;        /* field selections, fragments expanded */
    size_t max_cost;          /* see gql_check_limits */
    size_t default_list_size; /* the cost of a list field without `first` */
} gql_limits_t;

/* Returns 0, or -1 with one error in errs naming the limit and the
 * figure ("The query is too deep: 23 levels, at most 15 are allowed.").
 * Safe on unvalidated documents: fragment cycles and unknown fragments,
 * fields or types count as they can without looping (each fragment is
 * measured once). Cost: every field costs 1, multiplied by the size of
 * each list it is inside: a list field's size is its `first` argument
 * (literal, or variable from variables, else the variable's default),
 * else default_list_size. Sizes and cost saturate at SIZE_MAX. */
int gql_check_limits(const gql_schema_t *s, const gql_document_t *doc, json_object *variables,
                     const gql_limits_t *limits, gql_errors_t *errs);

#endif
