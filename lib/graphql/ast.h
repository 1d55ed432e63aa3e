/* The syntax tree of a GraphQL document (specification, October 2021,
 * section 2 and the type system definitions of section 3), parsed into an
 * arena by gql_parse. Names and string values point into the source or the
 * arena; lists are arrays with a count. */
#ifndef GRAPHQL_AST_H
#define GRAPHQL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"
#include "graphql/error.h"

typedef struct gql_value gql_value_t;
typedef struct gql_selection_set gql_selection_set_t;

/* --- values (literals in the document) ------------------------------------ */

typedef enum {
    GQL_VALUE_VARIABLE, /* $name: name */
    GQL_VALUE_INT,      /* raw: the digits as written */
    GQL_VALUE_FLOAT,    /* raw */
    GQL_VALUE_STRING,   /* string: unescaped (block strings dedented) */
    GQL_VALUE_BOOLEAN,
    GQL_VALUE_NULL,
    GQL_VALUE_ENUM, /* name */
    GQL_VALUE_LIST,
    GQL_VALUE_OBJECT,
} gql_value_kind_t;

typedef struct {
    str_t name;
    gql_loc_t loc;
    gql_value_t *value;
} gql_object_field_t;

struct gql_value {
    gql_value_kind_t kind;
    gql_loc_t loc;
    str_t name;   /* VARIABLE, ENUM */
    str_t raw;    /* INT, FLOAT: as written */
    str_t string; /* STRING */
    bool boolean;
    bool block;          /* STRING: was a """block string""" */
    gql_value_t **items; /* LIST */
    size_t nitems;
    gql_object_field_t *fields; /* OBJECT */
    size_t nfields;
};

/* --- types as written: Int, [Int], [Int!]! --------------------------------- */

typedef enum { GQL_TYPE_NAMED, GQL_TYPE_LIST, GQL_TYPE_NON_NULL } gql_type_ref_kind_t;

typedef struct gql_type_ref {
    gql_type_ref_kind_t kind;
    gql_loc_t loc;
    str_t name;              /* NAMED */
    struct gql_type_ref *of; /* LIST, NON_NULL */
} gql_type_ref_t;

/* --- directives, arguments ----------------------------------------------- */

typedef struct {
    str_t name;
    gql_loc_t loc;
    gql_value_t *value;
} gql_argument_t;

typedef struct {
    str_t name; /* without the @ */
    gql_loc_t loc;
    gql_argument_t *args;
    size_t nargs;
} gql_directive_t;

/* --- selections ------------------------------------------------------------ */

typedef enum {
    GQL_SEL_FIELD,
    GQL_SEL_FRAGMENT_SPREAD,
    GQL_SEL_INLINE_FRAGMENT,
} gql_selection_kind_t;

typedef struct {
    gql_selection_kind_t kind;
    gql_loc_t loc;
    str_t alias;          /* FIELD: empty when none */
    str_t name;           /* FIELD: field name; FRAGMENT_SPREAD: fragment name */
    gql_loc_t name_loc;   /* of name (graphql-js reports some errors there) */
    str_t type_condition; /* INLINE_FRAGMENT: empty when none */
    gql_loc_t type_condition_loc;
    gql_argument_t *args; /* FIELD */
    size_t nargs;
    gql_directive_t *directives;
    size_t ndirectives;
    gql_selection_set_t *selection_set; /* FIELD: NULL when none; INLINE: never NULL */
} gql_selection_t;

struct gql_selection_set {
    gql_loc_t loc;
    gql_selection_t *items;
    size_t nitems;
};

/* The response key of a field: its alias, or its name. */
static inline str_t
gql_response_key(const gql_selection_t *f)
{
    return f->alias.len ? f->alias : f->name;
}

/* --- executable definitions --------------------------------------------------- */

typedef enum { GQL_OP_QUERY, GQL_OP_MUTATION, GQL_OP_SUBSCRIPTION } gql_op_kind_t;

typedef struct {
    str_t name;         /* without the $ */
    gql_loc_t loc;      /* of the $ (of the description, when there is one) */
    gql_loc_t name_loc; /* of the name after the $ */
    gql_type_ref_t *type;
    gql_value_t *default_value; /* NULL when none */
    gql_directive_t *directives;
    size_t ndirectives;
} gql_variable_def_t;

typedef struct {
    gql_op_kind_t kind;
    gql_loc_t loc;
    str_t name; /* empty for an anonymous operation (and the { ... } shorthand) */
    gql_loc_t name_loc;
    gql_variable_def_t *vars;
    size_t nvars;
    gql_directive_t *directives;
    size_t ndirectives;
    gql_selection_set_t *selection_set;
} gql_operation_t;

typedef struct {
    str_t name;
    gql_loc_t loc;
    gql_loc_t name_loc;
    str_t type_condition;
    gql_loc_t type_condition_loc;
    gql_directive_t *directives;
    size_t ndirectives;
    gql_selection_set_t *selection_set;
} gql_fragment_t;

/* --- type system definitions (SDL), for the schema file ------------------------ */

typedef struct {
    str_t description; /* empty when none */
    str_t name;
    gql_loc_t loc;
    gql_type_ref_t *type;
    gql_value_t *default_value;
    gql_directive_t *directives;
    size_t ndirectives;
} gql_input_value_def_t;

typedef struct {
    str_t description;
    str_t name;
    gql_loc_t loc;
    gql_input_value_def_t *args;
    size_t nargs;
    gql_type_ref_t *type;
    gql_directive_t *directives; /* @deprecated(reason: ...) */
    size_t ndirectives;
} gql_field_def_t;

typedef struct {
    str_t description;
    str_t name;
    gql_loc_t loc;
    gql_directive_t *directives;
    size_t ndirectives;
} gql_enum_value_def_t;

typedef enum {
    GQL_TYPEDEF_SCALAR,
    GQL_TYPEDEF_OBJECT,
    GQL_TYPEDEF_INTERFACE,
    GQL_TYPEDEF_UNION,
    GQL_TYPEDEF_ENUM,
    GQL_TYPEDEF_INPUT_OBJECT,
} gql_typedef_kind_t;

typedef struct {
    gql_typedef_kind_t kind;
    bool extension; /* extend type ... */
    str_t description;
    str_t name;
    gql_loc_t loc;
    str_t *interfaces; /* OBJECT, INTERFACE: implements A & B */
    size_t ninterfaces;
    gql_directive_t *directives;
    size_t ndirectives;
    gql_field_def_t *fields; /* OBJECT, INTERFACE */
    size_t nfields;
    gql_input_value_def_t *input_fields; /* INPUT_OBJECT */
    size_t ninput_fields;
    str_t *members; /* UNION */
    size_t nmembers;
    gql_enum_value_def_t *values; /* ENUM */
    size_t nvalues;
} gql_typedef_t;

typedef struct {
    str_t description;
    str_t name;
    gql_loc_t loc;
    gql_input_value_def_t *args;
    size_t nargs;
    bool repeatable;
    str_t *locations; /* QUERY, FIELD, ... as written */
    size_t nlocations;
} gql_directive_def_t;

typedef struct {
    bool extension;
    gql_loc_t loc;
    str_t description;                   /* empty when none */
    str_t query, mutation, subscription; /* root type names, empty when absent */
    gql_directive_t *directives;
    size_t ndirectives;
} gql_schema_def_t;

typedef enum {
    GQL_DEF_OPERATION,
    GQL_DEF_FRAGMENT,
    GQL_DEF_TYPE,      /* a type definition or extension */
    GQL_DEF_DIRECTIVE, /* directive @name ... */
    GQL_DEF_SCHEMA,    /* schema { ... } or extend schema */
} gql_def_kind_t;

typedef struct {
    gql_def_kind_t kind;
    gql_loc_t loc;
    union {
        gql_operation_t *operation;
        gql_fragment_t *fragment;
        gql_typedef_t *type;
        gql_directive_def_t *directive;
        gql_schema_def_t *schema;
    } u;
} gql_definition_t;

typedef struct {
    gql_definition_t *defs;
    size_t ndefs;
} gql_document_t;

/* The specification's directive locations (QUERY ... INPUT_FIELD_DEFINITION,
 * DIRECTIVE_DEFINITION), in its order: the index of name, -1 when it is
 * none. Index i < 19 is the gql_dirloc_t bit 1 << i (schema.h). */
enum { GQL_DIRECTIVE_LOCATIONS = 20 };
int gql_directive_location_index(str_t name);

/* --- parsing ------------------------------------------------------------------ */

typedef struct {
    size_t max_tokens; /* 0: no limit; a document with more is refused */
    size_t max_depth;  /* nesting of selection sets, lists and objects; 0: 256 */
} gql_parse_limits_t;

/* Parses a whole document (executable and type system definitions; the
 * validator refuses the latter in requests). src need not be
 * NUL-terminated and must outlive the tree. On a syntax error returns -1
 * with one error in errs, worded as graphql-js does ("Syntax Error:
 * Expected Name, found <EOF>.") with its line and column; never reads
 * past src.len, never recurses past limits->max_depth. 0 on success. */
int gql_parse(arena_t *a, str_t src, const gql_parse_limits_t *limits, gql_document_t *out,
              gql_errors_t *errs);

/* The location of byte offset off in src (line and column as graphql-js
 * counts them: \n, \r\n and \r end a line; columns count code points). */
gql_loc_t gql_loc_at(str_t src, size_t off);

#endif
