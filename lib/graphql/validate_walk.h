/* What the validation rules of validate_*.c share (internal to them): a
 * map of names, an index of the document's fragments with each one's
 * spreads found once, and a walk over operations and fragments that knows
 * the parent type of each selection as graphql-js's TypeInfo does. The
 * walk never follows a spread (each fragment is walked as a definition),
 * so it cannot loop; its recursion follows the nesting the parser bounded.
 * Everything is allocated in the errors' arena. */
#ifndef GRAPHQL_VALIDATE_WALK_H
#define GRAPHQL_VALIDATE_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/schema.h"

/* --- a map from names to pointers (open addressing; never shrinks) ------- */

typedef struct {
    str_t *keys;
    void **vals;
    size_t cap; /* a power of two; 0 when allocation failed */
    size_t count;
} vw_map_t;

/* Room for at least n names without growing. Returns -1 when out of memory. */
int vw_map_init(vw_map_t *m, arena_t *a, size_t n);
void *vw_map_get(const vw_map_t *m, str_t key);
/* Sets key to val unless present; returns the value it had (NULL when new). */
void *vw_map_add(vw_map_t *m, arena_t *a, str_t key, void *val);
/* Sets key to val, replacing what it had. */
void vw_map_set(vw_map_t *m, arena_t *a, str_t key, void *val);

/* --- a growable array of pointers in an arena --------------------------------- */

typedef struct {
    const void **items;
    size_t n, cap;
} vw_vec_t;

/* Returns -1 when out of memory (the item is dropped). */
int vw_vec_push(vw_vec_t *v, arena_t *a, const void *item);

/* --- the document's fragments ---------------------------------------------- */

typedef struct {
    const gql_fragment_t *def;
    size_t def_index;                /* in the document's defs */
    const gql_selection_t **spreads; /* in graphql-js's getFragmentSpreads order */
    size_t nspreads;
    bool spreads_known;
    unsigned mark; /* for walks over the spread graph: equals a walk's epoch */
    bool visited;  /* NoFragmentCycles: searched from already */
    bool in_path;  /* NoFragmentCycles: on the current spread path, at path_index */
    size_t path_index;
} vw_frag_t;

typedef struct {
    arena_t *arena;
    const gql_document_t *doc;
    vw_map_t by_name; /* name -> vw_frag_t*; the last definition of a name wins */
    vw_frag_t *frags; /* one per fragment definition, in document order */
    size_t nfrags;
    unsigned epoch;
    long work; /* what is left of graphql-js's fragment work budget */
} vw_doc_t;

int vw_doc_init(vw_doc_t *d, arena_t *a, const gql_document_t *doc);
vw_frag_t *vw_doc_fragment(vw_doc_t *d, str_t name);
/* The spreads in set, nested ones included, in getFragmentSpreads' order
 * (a stack of selection sets). Returns the count; *out in the arena. */
size_t vw_spreads(arena_t *a, const gql_selection_set_t *set, const gql_selection_t ***out);
/* The fragment's spreads, found on first use. */
void vw_frag_spreads(vw_doc_t *d, vw_frag_t *f);
/* graphql-js's spendFragmentWork: false once the budget is spent. */
bool vw_spend(vw_doc_t *d, size_t cost);

/* --- the walk with types ----------------------------------------------------- */

typedef struct vw vw_t;
struct vw {
    const gql_schema_t *schema;
    const gql_document_t *doc;
    gql_errors_t *errs;
    void *data; /* the rule group's own state */
    /* Each callback may be NULL. on_definition sees each operation and
     * fragment definition before its insides. parent: the composite type the selection
     * is in, NULL when unknown. def: the field's definition (meta-fields
     * included), NULL when unknown. */
    void (*on_definition)(vw_t *w, const gql_definition_t *d);
    void (*on_field)(vw_t *w, const gql_selection_t *f, const gql_type_t *parent,
                     const gql_field_t *def);
    /* After the field's directives and selection set. */
    void (*on_field_leave)(vw_t *w, const gql_selection_t *f, const gql_type_t *parent,
                           const gql_field_t *def);
    void (*on_inline)(vw_t *w, const gql_selection_t *s, const gql_type_t *parent,
                      const gql_type_t *type);
    void (*on_spread)(vw_t *w, const gql_selection_t *s, const gql_type_t *parent);
    /* The directives of one node, with the location they are used at. */
    void (*on_directives)(vw_t *w, const gql_directive_t *d, size_t n, gql_dirloc_t where);
    /* The meta-fields, made by vw_walk. */
    gql_field_t meta_typename, meta_schema, meta_type;
    gql_input_value_t meta_type_arg;
    gql_tref_t string_t, string_nn, schema_t, schema_nn, type_t;
};

/* Walks every operation and fragment definition in document order. */
void vw_walk(vw_t *w);
/* The field named name of parent as graphql-js's getFieldDef finds it. */
const gql_field_t *vw_field_def(const vw_t *w, const gql_type_t *parent, str_t name);

/* graphql-js's schema.isSubType(abstract, maybe_sub) and doTypesOverlap. */
bool vw_is_sub_type(const gql_type_t *abstract, const gql_type_t *maybe_sub);
bool vw_types_overlap(const gql_type_t *a, const gql_type_t *b);

/* --- the walk over type system definitions in a request (validate_sdl.c) -- */

typedef struct vw_sdl vw_sdl_t;
struct vw_sdl {
    void *data;
    /* A named type as written (the innermost of [T!]). */
    void (*on_type_ref)(const vw_sdl_t *v, const gql_type_ref_t *named);
    /* One node's directives; scope names what graphql-js's
     * UniqueDirectivesPerLocation shares among a definition and its
     * extensions ("schema", or the type's name), empty for a node alone. */
    void (*on_directives)(const vw_sdl_t *v, const gql_directive_t *d, size_t n, gql_dirloc_t where,
                          str_t scope);
};

/* Visits the type, directive and schema definitions and extensions of doc
 * in document order. */
void vw_sdl_walk(const vw_sdl_t *v, const gql_document_t *doc);

/* --- printing and messages ---------------------------------------------------- */

/* The type as written in the document: [Int!]! */
void vw_type_ref_print(const gql_type_ref_t *t, buf_t *out);
/* A NUL-terminated copy of t printed, in the arena ("" when out of memory). */
const char *vw_tref_cstr(arena_t *a, const gql_tref_t *t);
const char *vw_type_ref_cstr(arena_t *a, const gql_type_ref_t *t);
const char *vw_cstr(arena_t *a, str_t s);

/* Adds an error with one location (none when loc.line is 0). */
gql_error_t *vw_error(gql_errors_t *errs, gql_loc_t loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The place of a name: name_loc when the parser set it, else just after
 * the token of n characters at loc (the $ of a variable, the ... of a
 * spread). */
gql_loc_t vw_name_loc(gql_loc_t name_loc, gql_loc_t loc, unsigned n);

/* "Validation aborted.", as graphql-js ends a validation that spent its
 * fragment work budget; vw_aborted tells whether errs ends with it. */
void vw_abort(gql_errors_t *errs);
bool vw_aborted(const gql_errors_t *errs);
/* Whether errs keeps no more errors (so suggestions need not be sought). */
bool vw_errs_full(const gql_errors_t *errs);

/* --- suggestions (graphql-js's suggestionList and didYouMean) --------------- */

/* The options near input, best first; returns their count, *out in the arena. */
size_t vw_suggest(arena_t *a, str_t input, const str_t *options, size_t n, str_t **out);
/* Appends " Did you mean "a", "b", or "c"?" (sub: "to use an inline fragment
 * on", or NULL); nothing when n is 0. */
void vw_did_you_mean(buf_t *out, const char *sub, const str_t *names, size_t n);
int vw_natural_compare(str_t a, str_t b);
/* Sorts as V8 sorts an array shorter than 64 (items of at most 64 bytes):
 * for comparators that are no total order. */
void vw_js_sort(void *items, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
