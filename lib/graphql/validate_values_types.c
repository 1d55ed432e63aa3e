/* Fragments by name and types from the AST, for the value and overlap
 * rules (validate_values.h). */
#include <stdlib.h>

#include "graphql/validate_values.h"

static int
str_cmp(str_t a, str_t b)
{
    int c = memcmp(a.p, b.p, a.len < b.len ? a.len : b.len);
    return c ? c : (a.len > b.len) - (a.len < b.len);
}

typedef struct {
    str_t name;
    size_t index; /* in the document */
    const gql_fragment_t *frag;
} named_fragment_t;

static int
named_fragment_cmp(const void *pa, const void *pb)
{
    const named_fragment_t *a = pa, *b = pb;
    int c = str_cmp(a->name, b->name);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

int
gql_fragtab_init(gql_fragtab_t *t, arena_t *a, const gql_document_t *doc)
{
    memset(t, 0, sizeof *t);
    size_t n = 0;
    for (size_t i = 0; i < doc->ndefs; i++)
        n += doc->defs[i].kind == GQL_DEF_FRAGMENT;
    named_fragment_t *all = arena_alloc(a, (n + 1) * sizeof *all);
    t->by_id = arena_alloc(a, (n + 1) * sizeof *t->by_id);
    t->sorted_names = arena_alloc(a, (n + 1) * sizeof *t->sorted_names);
    t->sorted_ids = arena_alloc(a, (n + 1) * sizeof *t->sorted_ids);
    if (!all || !t->by_id || !t->sorted_names || !t->sorted_ids)
        return -1;
    n = 0;
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_FRAGMENT)
            all[n++] =
                (named_fragment_t){doc->defs[i].u.fragment->name, i, doc->defs[i].u.fragment};
    qsort(all, n, sizeof *all, named_fragment_cmp);
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && str_eq(all[i].name, all[i + 1].name))
            continue; /* the last definition of a name wins */
        t->sorted_names[t->n] = all[i].name;
        t->sorted_ids[t->n] = t->n;
        t->by_id[t->n++] = all[i].frag;
    }
    return 0;
}

long
gql_fragtab_find(const gql_fragtab_t *t, str_t name)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = str_cmp(t->sorted_names[mid], name);
        if (c == 0)
            return (long)t->sorted_ids[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

const gql_tref_t *
gql_tref_from_ast(arena_t *a, const gql_schema_t *s, const gql_type_ref_t *t)
{
    if (!t)
        return NULL;
    gql_tref_t *out = arena_calloc(a, 1, sizeof *out);
    if (!out)
        return NULL;
    out->kind = t->kind;
    if (t->kind == GQL_TYPE_NAMED)
        out->named = gql_schema_type(s, t->name);
    else
        out->of = gql_tref_from_ast(a, s, t->of);
    return out->named || out->of ? out : NULL;
}

const gql_tref_t *
gql_tref_nullable(const gql_tref_t *t)
{
    return t && t->kind == GQL_TYPE_NON_NULL ? t->of : t;
}
