/* GraphQL errors as the specification shapes them: a message, the places
 * in the document it is about, and (for execution errors) the path of the
 * response field. Messages follow graphql-js 16 word for word where it has
 * one, so the differential test (t/graphql/) can compare them. */
#ifndef GRAPHQL_ERROR_H
#define GRAPHQL_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

typedef struct {
    unsigned line;   /* 1-based; 0: no location */
    unsigned column; /* 1-based, in Unicode code points as graphql-js counts */
} gql_loc_t;

/* One element of a response path: a field's response key, or a list index
 * (key.p == NULL). */
typedef struct {
    str_t key;
    size_t index;
} gql_path_elem_t;

typedef struct gql_error {
    const char *message; /* NUL-terminated, in the arena */
    gql_loc_t *locations;
    size_t nlocations;
    gql_path_elem_t *path; /* NULL for parse and validation errors */
    size_t npath;
    struct gql_error *next;
} gql_error_t;

/* Errors in the order they were found; every allocation in the arena. */
typedef struct {
    arena_t *arena;
    gql_error_t *first;
    gql_error_t *last;
    size_t count;
    size_t max; /* stop collecting after this many (0: 100); */
    int out_of_memory;
} gql_errors_t;

void gql_errors_init(gql_errors_t *errs, arena_t *arena);

/* Appends an error with nloc locations (given as gql_loc_t values after
 * the format's arguments is awkward in C, so: call gql_error_add_loc on the
 * result). Returns the error, or NULL when the list is full or out of
 * memory (the caller carries on: the error count stays non-zero). */
gql_error_t *gql_error_add(gql_errors_t *errs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
gql_error_t *gql_error_vadd(gql_errors_t *errs, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void gql_error_add_loc(gql_errors_t *errs, gql_error_t *e, gql_loc_t loc);

/* Prints [{"message": ..., "locations": [...], "path": [...]}, ...]. */
void gql_errors_print_json(const gql_errors_t *errs, buf_t *out);

#endif
