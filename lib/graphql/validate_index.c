/* The shared pieces of the validation rules (validate_walk.h): name maps,
 * pointer arrays, the fragment index with each fragment's spreads, the
 * fragment work budget, and error helpers. */
#include "graphql/validate_walk.h"

#include <stdarg.h>
#include <string.h>

/* graphql-js's ValidationContext starts with this much fragment work. */
enum { VW_FRAGMENT_WORK = 50000 };

static const char vw_aborted_message[] = "Validation aborted.";

static size_t
name_hash(str_t s)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.p[i]) * 16777619u;
    return h;
}

int
vw_map_init(vw_map_t *m, arena_t *a, size_t n)
{
    size_t cap = 8;
    while (cap < 2 * n + 2)
        cap *= 2;
    memset(m, 0, sizeof *m);
    m->keys = arena_calloc(a, cap, sizeof *m->keys);
    m->vals = arena_calloc(a, cap, sizeof *m->vals);
    if (!m->keys || !m->vals)
        return -1;
    m->cap = cap;
    return 0;
}

/* The slot of key, or of the empty place where it would go. */
static size_t
map_slot(const vw_map_t *m, str_t key)
{
    size_t i = name_hash(key) & (m->cap - 1);
    while (m->keys[i].p && !str_eq(m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *
vw_map_get(const vw_map_t *m, str_t key)
{
    if (!m->cap)
        return NULL;
    size_t i = map_slot(m, key);
    return m->keys[i].p ? m->vals[i] : NULL;
}

static int
map_grow(vw_map_t *m, arena_t *a)
{
    vw_map_t bigger;
    if (vw_map_init(&bigger, a, m->cap) != 0)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i].p) {
            size_t j = map_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.vals[j] = m->vals[i];
        }
    bigger.count = m->count;
    *m = bigger;
    return 0;
}

/* The slot of key, added when absent; SIZE_MAX when out of memory. */
static size_t
map_place(vw_map_t *m, arena_t *a, str_t key)
{
    if (!m->cap || 2 * (m->count + 1) > m->cap)
        if (map_grow(m, a) != 0)
            return SIZE_MAX;
    size_t i = map_slot(m, key);
    if (!m->keys[i].p) {
        /* A name is never empty, but its pointer must mark the slot used. */
        m->keys[i] = key.p ? key : STR_LIT("");
        m->vals[i] = NULL;
        m->count++;
    }
    return i;
}

void *
vw_map_add(vw_map_t *m, arena_t *a, str_t key, void *val)
{
    size_t i = map_place(m, a, key);
    if (i == SIZE_MAX)
        return NULL;
    void *had = m->vals[i];
    if (!had)
        m->vals[i] = val;
    return had;
}

void
vw_map_set(vw_map_t *m, arena_t *a, str_t key, void *val)
{
    size_t i = map_place(m, a, key);
    if (i != SIZE_MAX)
        m->vals[i] = val;
}

int
vw_vec_push(vw_vec_t *v, arena_t *a, const void *item)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 8;
        const void **grown = arena_alloc(a, cap * sizeof *grown);
        if (!grown)
            return -1;
        if (v->n)
            memcpy(grown, v->items, v->n * sizeof *grown);
        v->items = grown;
        v->cap = cap;
    }
    v->items[v->n++] = item;
    return 0;
}

int
vw_doc_init(vw_doc_t *d, arena_t *a, const gql_document_t *doc)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
    d->doc = doc;
    d->work = VW_FRAGMENT_WORK;
    for (size_t i = 0; i < doc->ndefs; i++)
        d->nfrags += doc->defs[i].kind == GQL_DEF_FRAGMENT;
    d->frags = arena_calloc(a, d->nfrags + 1, sizeof *d->frags);
    if (!d->frags || vw_map_init(&d->by_name, a, d->nfrags) != 0)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_FRAGMENT) {
            d->frags[k].def = doc->defs[i].u.fragment;
            d->frags[k].def_index = i;
            vw_map_set(&d->by_name, a, d->frags[k].def->name, &d->frags[k]);
            k++;
        }
    return 0;
}

vw_frag_t *
vw_doc_fragment(vw_doc_t *d, str_t name)
{
    return vw_map_get(&d->by_name, name);
}

size_t
vw_spreads(arena_t *a, const gql_selection_set_t *set, const gql_selection_t ***out)
{
    vw_vec_t spreads = {0}, stack = {0};
    if (set)
        vw_vec_push(&stack, a, set);
    while (stack.n) {
        const gql_selection_set_t *s = stack.items[--stack.n];
        for (size_t i = 0; i < s->nitems; i++) {
            const gql_selection_t *sel = &s->items[i];
            if (sel->kind == GQL_SEL_FRAGMENT_SPREAD)
                vw_vec_push(&spreads, a, sel);
            else if (sel->selection_set)
                vw_vec_push(&stack, a, sel->selection_set);
        }
    }
    *out = (const gql_selection_t **)spreads.items;
    return spreads.n;
}

void
vw_frag_spreads(vw_doc_t *d, vw_frag_t *f)
{
    if (f->spreads_known)
        return;
    f->nspreads = vw_spreads(d->arena, f->def->selection_set, &f->spreads);
    f->spreads_known = true;
}

bool
vw_spend(vw_doc_t *d, size_t cost)
{
    d->work -= cost > (size_t)VW_FRAGMENT_WORK ? VW_FRAGMENT_WORK + 1 : (long)cost;
    return d->work >= 0;
}

gql_error_t *
vw_error(gql_errors_t *errs, gql_loc_t loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gql_error_t *e = gql_error_vadd(errs, fmt, ap);
    va_end(ap);
    gql_error_add_loc(errs, e, loc);
    return e;
}

gql_loc_t
vw_name_loc(gql_loc_t name_loc, gql_loc_t loc, unsigned n)
{
    if (name_loc.line)
        return name_loc;
    if (loc.line)
        loc.column += n;
    return loc;
}

void
vw_abort(gql_errors_t *errs)
{
    gql_error_add(errs, "%s", vw_aborted_message);
}

bool
vw_aborted(const gql_errors_t *errs)
{
    return errs->last && strcmp(errs->last->message, vw_aborted_message) == 0;
}

bool
vw_errs_full(const gql_errors_t *errs)
{
    return errs->count >= (errs->max ? errs->max : 100);
}
