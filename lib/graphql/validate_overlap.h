/* OverlappingFieldsCanBeMerged as graphql-js 16 computes it (its
 * OverlappingFieldsCanBeMergedRule.js, step letters A to J in its
 * comments): field maps memoized per selection set and parent type,
 * fragment pairs and field-versus-fragment comparisons remembered, and
 * the same budget of 500,000 units of work, past which validation ends
 * with "Validation aborted.". Internal to validate_overlap*.c. */
#ifndef GRAPHQL_VALIDATE_OVERLAP_H
#define GRAPHQL_VALIDATE_OVERLAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/schema.h"
#include "graphql/validate_values.h"

/* graphql-js's maybeAbbreviate: names and reasons are cut after this
 * many characters, with "..." added. */
enum { OVL_MAX_DETAIL = 1000 };

/* --- a hash map from a pair of words to a non-zero word, in an arena ---- */

typedef struct {
    uintptr_t a, b, v; /* v == 0: empty */
} ovl_slot_t;

typedef struct {
    arena_t *arena;
    ovl_slot_t *slots;
    size_t cap, n;
} ovl_map_t;

uintptr_t ovl_map_get(const ovl_map_t *m, uintptr_t a, uintptr_t b); /* 0: absent */
int ovl_map_put(ovl_map_t *m, uintptr_t a, uintptr_t b, uintptr_t v);

/* --- field maps (graphql-js's CollectFieldsResult) -------------------- */

typedef struct {
    const gql_type_t *parent; /* the type it was selected on; NULL when unknown */
    const gql_selection_t *node;
    const gql_field_t *def; /* NULL when unknown */
    bool simple_leaf;       /* no arguments, no selection set */
} ovl_field_t;

typedef struct {
    str_t name; /* the response name */
    uintptr_t name_id;
    ovl_field_t **fields;
    size_t n, cap;
} ovl_group_t;

typedef struct {
    ovl_group_t *groups; /* in order of first appearance */
    size_t ngroups, cap;
    uintptr_t *fragments; /* name ids of the fragments spread, once each, in order */
    size_t nfragments, fragments_cap;
} ovl_collect_t;

typedef struct {
    str_t response_name;
    const char *reason;
    const gql_selection_t **fields1, **fields2;
    size_t n1, n2;
} ovl_conflict_t;

typedef struct {
    ovl_conflict_t *items;
    size_t n, cap;
} ovl_conflicts_t;

typedef struct {
    const gql_schema_t *schema;
    arena_t *arena;
    gql_errors_t *errs;
    const gql_document_t *doc;
    gql_fragtab_t frags; /* made on first use */
    bool frags_ready;
    long budget; /* units of work left; below 0: aborted */
    bool aborted;
    ovl_map_t names; /* (hash, length) -> chain of interned names */
    uintptr_t next_name_id;
    ovl_map_t name_of;     /* (name id, 0) -> its interned entry */
    ovl_map_t collected;   /* (parent type, selection set) -> ovl_collect_t */
    ovl_map_t groups;      /* (collect, name id) -> group index + 1 */
    ovl_map_t spread;      /* (collect, name id) -> 1: already in its fragments */
    ovl_map_t compared;    /* (collect, name id) -> 1 + areMutuallyExclusive */
    ovl_map_t pairs;       /* (name id, name id) -> 1 + areMutuallyExclusive */
    ovl_map_t overlapping; /* (collect, collect) -> ovl_overlap_t */
    ovl_map_t reasons;     /* (field, field) -> reason code */
    ovl_map_t printed;     /* (value, 0) -> canonical text (str_t) */
} ovl_ctx_t;

/* Charges cost units; false (and ctx->aborted) once the budget is spent. */
bool ovl_spend(ovl_ctx_t *ctx, long cost);
void ovl_oom(ovl_ctx_t *ctx);

/* An id per distinct name (response names and fragment names), 0 when out
 * of memory; ovl_name_str gives the name back. */
uintptr_t ovl_intern(ovl_ctx_t *ctx, str_t name);
str_t ovl_name_str(ovl_ctx_t *ctx, uintptr_t id);

/* collectFields, memoized by (parent, set); NULL when out of memory. */
ovl_collect_t *ovl_collect(ovl_ctx_t *ctx, const gql_type_t *parent,
                           const gql_selection_set_t *set);
/* The field map of the fragment named by a name id; NULL when unknown. */
ovl_collect_t *ovl_collect_fragment(ovl_ctx_t *ctx, uintptr_t name_id);
const ovl_group_t *ovl_group(ovl_ctx_t *ctx, const ovl_collect_t *c, uintptr_t name_id);
/* sameArguments: the same names with the same literal values. */
bool ovl_same_arguments(ovl_ctx_t *ctx, const gql_selection_t *f1, const gql_selection_t *f2);

/* findConflictsWithinSelectionSet (A, B, C). */
void ovl_conflicts_within(ovl_ctx_t *ctx, ovl_conflicts_t *out, const gql_type_t *parent,
                          const gql_selection_set_t *set);

#endif
