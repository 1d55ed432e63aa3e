/* How graphql-js writes values and suggestions inside its messages, shared
 * by validation and execution so both word them the same way
 * (validate_values_print.c, validate_values_suggest.c). */
#ifndef GRAPHQL_PRINT_H
#define GRAPHQL_PRINT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"
#include "graphql/ast.h"

/* A literal as graphql-js's print() writes it: {a: [1, "x"], b: $v}. */
void gql_value_print(buf_t *out, const gql_value_t *v);

/* Appends graphql-js's didYouMean(sub, suggestionList(input, options)):
 * ` Did you mean "a" or "b"?` with at most five names, nothing when none
 * is close. sub is e.g. "the enum value", or NULL. */
void gql_did_you_mean(buf_t *out, const char *sub, str_t input, const str_t *options, size_t n);

#endif
