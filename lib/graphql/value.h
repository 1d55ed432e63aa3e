/* Runtime values: coerced argument and variable values, and the response
 * tree execution builds. A JSON-like tree in the request's arena. */
#ifndef GRAPHQL_VALUE_H
#define GRAPHQL_VALUE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

typedef enum {
    GQL_VAL_NULL = 0,
    GQL_VAL_BOOLEAN,
    GQL_VAL_INT, /* i: Int is 32-bit in GraphQL; ID may come as an int too */
    GQL_VAL_FLOAT,
    GQL_VAL_STRING, /* s */
    GQL_VAL_ENUM,   /* s: the value's name */
    GQL_VAL_LIST,
    GQL_VAL_OBJECT,
    /* Execution only: what a resolver returned for a composite field,
     * replaced by an OBJECT (or NULL) when the engine completes it. */
    GQL_VAL_SOURCE,
} gql_val_kind_t;

typedef struct gql_val gql_val_t;

/* 32 bytes: a response holds thousands of these, and each is written once
 * per field, so the members of different kinds share their space. Read
 * only the members of v->kind. */
struct gql_val {
    gql_val_kind_t kind;
    union {
        bool b;
        int64_t i;
        double f;
        str_t s;
        struct {
            gql_val_t *items; /* LIST: nitems values */
            size_t nitems;
        };
        struct {
            str_t *keys; /* OBJECT: nfields keys and values, in order */
            gql_val_t *values;
            size_t nfields;
        };
        struct {
            const void *source;    /* SOURCE: the app's object */
            const char *type_name; /* SOURCE: its concrete type for abstract fields, else NULL */
        };
    };
};

/* Setters: they overwrite v. The list and object ones allocate n zeroed
 * (null) members in a and return -1 when out of memory. */
void gql_val_null(gql_val_t *v);
void gql_val_bool(gql_val_t *v, bool b);
void gql_val_int(gql_val_t *v, int64_t i);
void gql_val_float(gql_val_t *v, double f);
void gql_val_string(gql_val_t *v, str_t s); /* s must live as long as the response */
void gql_val_enum(gql_val_t *v, str_t name);
void gql_val_source(gql_val_t *v, const void *source);
int gql_val_list(arena_t *a, gql_val_t *v, size_t n);
int gql_val_object(arena_t *a, gql_val_t *v, size_t n); /* then set keys[i], values[i] */

/* The member key of an OBJECT, NULL when absent or v is not an object. */
const gql_val_t *gql_val_get(const gql_val_t *v, const char *key);

/* Prints v as JSON (SOURCE prints null: it never reaches the output). */
void gql_val_print_json(const gql_val_t *v, buf_t *out);

/* f as JavaScript's String(f) prints it (1e-7, 1e+21, 0.1, 100, NaN),
 * which graphql-js's messages and JSON.stringify use. */
void gql_js_number(double f, buf_t *out);

/* A JSON value as a gql_val_t (numbers: integers that fit int64 become
 * INT, others FLOAT; strings are copied into a). -1 when out of memory. */
int gql_val_from_json(arena_t *a, json_object *j, gql_val_t *out);

#endif
