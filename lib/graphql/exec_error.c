/* Field errors of execution: recorded with their path and locations,
 * propagated to the nearest nullable position, and at the end put in the
 * order graphql-js reports them. graphql-js runs depth-first and stops an
 * object (or list) at its first error that nulls it; this engine runs a
 * level at a time and runs everything, so it sorts its errors into
 * depth-first order and drops those graphql-js would never have met. */
#include "graphql/exec_internal.h"

#include <stdlib.h>

static exec_error_t *
error_slot(gql_exec_t *x)
{
    if (x->nerrors == x->errors_cap) {
        size_t cap = x->errors_cap ? x->errors_cap * 2 : 8;
        exec_error_t *grown = arena_alloc(x->a, cap * sizeof *grown);
        if (!grown)
            return NULL;
        if (x->nerrors)
            memcpy(grown, x->errors, x->nerrors * sizeof *grown);
        x->errors = grown;
        x->errors_cap = cap;
    }
    return &x->errors[x->nerrors++];
}

size_t
exec_error_at(gql_exec_t *x, const exec_node_t *at, const exec_field_t *f, const gql_loc_t *loc,
              const char *message)
{
    gql_errors_t *errs = &x->res->errors;
    exec_error_t *ee = error_slot(x);
    uint32_t depth = at->depth;
    gql_path_elem_t *path = arena_alloc(x->a, (depth + 1) * sizeof *path);
    uint32_t *ord = arena_alloc(x->a, (depth + 1) * sizeof *ord);
    if (!ee || !path || !ord) {
        x->oom = 1;
        return SIZE_MAX;
    }
    for (const exec_node_t *n = at; n && n->depth > 0; n = n->parent) {
        path[n->depth - 1] = (gql_path_elem_t){n->key, n->index};
        ord[n->depth - 1] = n->ord;
    }
    gql_error_t *e = gql_error_add(errs, "%s", message);
    if (e) {
        if (loc)
            gql_error_add_loc(errs, e, *loc);
        for (size_t i = 0; !loc && f && i < f->nnodes; i++)
            gql_error_add_loc(errs, e, f->nodes[i]->loc);
        e->path = path;
        e->npath = depth;
    }
    *ee = (exec_error_t){.error = e, .ord = ord, .depth = depth, .nulled = -1};
    return (size_t)(ee - x->errors);
}

void
exec_error_nulled(gql_exec_t *x, size_t error, const exec_node_t *at)
{
    if (error < x->nerrors)
        x->errors[error].nulled = (int32_t)at->depth;
}

void
exec_propagate(gql_exec_t *x, const exec_node_t *at, size_t error)
{
    for (const exec_node_t *n = at->parent; n; n = n->parent)
        if (n->nullable) {
            gql_val_null(n->slot);
            exec_error_nulled(x, error, n);
            return;
        }
}

static int
error_cmp(const void *pa, const void *pb)
{
    const exec_error_t *a = *(const exec_error_t *const *)pa;
    const exec_error_t *b = *(const exec_error_t *const *)pb;
    uint32_t n = a->depth < b->depth ? a->depth : b->depth;
    for (uint32_t i = 0; i < n; i++)
        if (a->ord[i] != b->ord[i])
            return a->ord[i] < b->ord[i] ? -1 : 1;
    if (a->depth != b->depth)
        return a->depth < b->depth ? -1 : 1;
    return a < b ? -1 : a > b; /* the order they were found in */
}

/* Whether e lies inside what an earlier kept error nulled. */
static bool
inside_nulled(exec_error_t *const *kept, size_t nkept, const exec_error_t *e)
{
    for (size_t i = 0; i < nkept; i++) {
        const exec_error_t *k = kept[i];
        uint32_t d = (uint32_t)k->nulled;
        if (k->nulled >= 0 && d <= e->depth && memcmp(k->ord, e->ord, d * sizeof *e->ord) == 0)
            return true;
    }
    return false;
}

void
exec_errors_finish(gql_exec_t *x)
{
    if (x->nerrors < 2)
        return;
    exec_error_t **order = arena_alloc(x->a, x->nerrors * sizeof *order);
    if (!order)
        return;
    for (size_t i = 0; i < x->nerrors; i++)
        order[i] = &x->errors[i];
    qsort(order, x->nerrors, sizeof *order, error_cmp);
    size_t nkept = 0;
    for (size_t i = 0; i < x->nerrors; i++)
        if (!inside_nulled(order, nkept, order[i]))
            order[nkept++] = order[i];
    gql_errors_t *errs = &x->res->errors;
    errs->first = errs->last = NULL;
    errs->count = 0;
    for (size_t i = 0; i < nkept; i++) {
        gql_error_t *e = order[i]->error;
        errs->count++;
        if (!e)
            continue;
        e->next = NULL;
        if (errs->last)
            errs->last->next = e;
        else
            errs->first = e;
        errs->last = e;
    }
}
