/* The variable rules, operation by operation as graphql-js reports them:
 * UniqueVariableNames (entering the operation), NoUndefinedVariables and
 * NoUnusedVariables (leaving it). An operation's usages are its own, then
 * those of every fragment it reaches, in graphql-js's order; each
 * definition's usages are gathered once, and the search of the fragments
 * an operation reaches spends graphql-js's fragment work budget. */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    vw_doc_t d;
    vw_vec_t *usages; /* per definition of the document: gql_value_t* variables */
    size_t current;   /* the definition being walked */
    vw_map_t cache;   /* spread_set_key -> vw_vec_t* of the usages reached */
} vars_t;

static void
collect_value(vars_t *v, const gql_value_t *val)
{
    if (!val)
        return;
    vw_vec_t *u = &v->usages[v->current];
    switch (val->kind) {
    case GQL_VALUE_VARIABLE:
        vw_vec_push(u, v->d.arena, val);
        break;
    case GQL_VALUE_LIST:
        for (size_t i = 0; i < val->nitems; i++)
            collect_value(v, val->items[i]);
        break;
    case GQL_VALUE_OBJECT:
        for (size_t i = 0; i < val->nfields; i++)
            collect_value(v, val->fields[i].value);
        break;
    default:
        break;
    }
}

static void
vars_definition(vw_t *w, const gql_definition_t *d)
{
    vars_t *v = w->data;
    v->current = (size_t)(d - w->doc->defs);
}

static void
vars_field(vw_t *w, const gql_selection_t *f, const gql_type_t *parent, const gql_field_t *def)
{
    (void)parent, (void)def;
    for (size_t i = 0; i < f->nargs; i++)
        collect_value(w->data, f->args[i].value);
}

static void
vars_directives(vw_t *w, const gql_directive_t *d, size_t n, gql_dirloc_t where)
{
    if (where == GQL_DIRLOC_VARIABLE_DEFINITION)
        return; /* graphql-js's getVariableUsages skips variable definitions */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d[i].nargs; j++)
            collect_value(w->data, d[i].args[j].value);
}

/* Where the variable's name is: the parser says, or just after the $. */
static gql_loc_t
var_name_loc(const gql_variable_def_t *v)
{
    return vw_name_loc(v->name_loc, v->loc, 1);
}

static void
unique_variable_names(gql_errors_t *errs, const gql_operation_t *op)
{
    vw_map_t groups;
    vw_vec_t order = {0};
    if (op->nvars < 2 || vw_map_init(&groups, errs->arena, op->nvars) != 0)
        return;
    for (size_t i = 0; i < op->nvars; i++) {
        vw_vec_t *g = vw_map_get(&groups, op->vars[i].name);
        if (!g && (g = arena_calloc(errs->arena, 1, sizeof *g)) != NULL) {
            vw_map_set(&groups, errs->arena, op->vars[i].name, g);
            vw_vec_push(&order, errs->arena, g);
        }
        if (g)
            vw_vec_push(g, errs->arena, &op->vars[i]);
    }
    for (size_t i = 0; i < order.n; i++) {
        const vw_vec_t *g = order.items[i];
        if (g->n < 2)
            continue;
        const gql_variable_def_t *first = g->items[0];
        gql_error_t *e = gql_error_add(errs, "There can be only one variable named \"$%.*s\".",
                                       STR_FMT(first->name));
        for (size_t j = 0; j < g->n; j++)
            gql_error_add_loc(errs, e, var_name_loc(g->items[j]));
    }
}

/* Queues the fragments the spreads name that are not queued yet. */
static void
enqueue(vars_t *v, vw_vec_t *queue, const gql_selection_t **spreads, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        vw_frag_t *f = vw_doc_fragment(&v->d, spreads[j]->name);
        if (f && f->mark != v->d.epoch) {
            f->mark = v->d.epoch;
            vw_vec_push(queue, v->d.arena, f);
        }
    }
}

static int
name_cmp(const void *x, const void *y)
{
    const str_t *a = x, *b = y;
    int c = memcmp(a->p, b->p, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The set of names the spreads use, as one key (sorted, distinct, joined
 * by commas): graphql-js caches what a set of fragments reaches by it. */
static str_t
spread_set_key(arena_t *a, const gql_selection_t **spreads, size_t n, size_t *distinct)
{
    str_t *names = arena_alloc(a, (n + 1) * sizeof *names);
    buf_t key;
    *distinct = 0;
    if (!names)
        return STR_LIT("");
    for (size_t i = 0; i < n; i++)
        names[i] = spreads[i]->name;
    qsort(names, n, sizeof *names, name_cmp);
    buf_init(&key);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || !str_eq(names[i], names[i - 1])) {
            buf_str(&key, names[i]);
            buf_putc(&key, ',');
            ++*distinct;
        }
    str_t k = {vw_cstr(a, (str_t){buf_cstr(&key), key.len}), key.len};
    buf_free(&key);
    return k;
}

/* The usages of every fragment the spreads reach, in graphql-js's order;
 * NULL when the fragment work budget ran out. */
static const vw_vec_t *
reached_usages(vars_t *v, const gql_selection_t **spreads, size_t n)
{
    size_t distinct;
    str_t key = spread_set_key(v->d.arena, spreads, n, &distinct);
    vw_vec_t *usages = vw_map_get(&v->cache, key);
    if (usages)
        return usages;
    vw_vec_t queue = {0};
    v->d.epoch++;
    enqueue(v, &queue, spreads, n);
    if (!vw_spend(&v->d, distinct))
        return NULL;
    for (size_t i = 0; i < queue.n; i++) {
        vw_frag_t *f = (vw_frag_t *)queue.items[i];
        vw_frag_spreads(&v->d, f);
        if (!vw_spend(&v->d, f->nspreads))
            return NULL;
        enqueue(v, &queue, f->spreads, f->nspreads);
    }
    if (!vw_spend(&v->d, queue.n) || !(usages = arena_calloc(v->d.arena, 1, sizeof *usages)))
        return NULL;
    for (size_t i = 0; i < queue.n; i++) {
        const vw_vec_t *u = &v->usages[((const vw_frag_t *)queue.items[i])->def_index];
        if (!vw_spend(&v->d, u->n))
            return NULL;
        for (size_t j = 0; j < u->n; j++)
            vw_vec_push(usages, v->d.arena, u->items[j]);
    }
    vw_map_set(&v->cache, v->d.arena, key, usages);
    return usages;
}

/* Appends the usages of the fragments op reaches to all; -1 when the
 * fragment work budget ran out. */
static int
recursive_usages(vars_t *v, const gql_operation_t *op, vw_vec_t *all)
{
    const gql_selection_t **spreads;
    size_t n = vw_spreads(v->d.arena, op->selection_set, &spreads);
    const vw_vec_t *reached = reached_usages(v, spreads, n);
    if (!reached || !vw_spend(&v->d, reached->n))
        return -1;
    for (size_t j = 0; j < reached->n; j++)
        vw_vec_push(all, v->d.arena, reached->items[j]);
    return 0;
}

static void
no_undefined_variables(gql_errors_t *errs, const gql_operation_t *op, const vw_vec_t *all)
{
    vw_map_t defined;
    if (vw_map_init(&defined, errs->arena, op->nvars) != 0)
        return;
    for (size_t i = 0; i < op->nvars; i++)
        vw_map_set(&defined, errs->arena, op->vars[i].name, (void *)&op->vars[i]);
    for (size_t i = 0; i < all->n; i++) {
        const gql_value_t *use = all->items[i];
        if (vw_map_get(&defined, use->name))
            continue;
        gql_error_t *e =
            op->name.len
                ? gql_error_add(errs,
                                "Variable \"$%.*s\" is not defined by operation "
                                "\"%.*s\".",
                                STR_FMT(use->name), STR_FMT(op->name))
                : gql_error_add(errs, "Variable \"$%.*s\" is not defined.", STR_FMT(use->name));
        gql_error_add_loc(errs, e, use->loc);
        gql_error_add_loc(errs, e, op->loc);
    }
}

static void
no_unused_variables(gql_errors_t *errs, const gql_operation_t *op, const vw_vec_t *all)
{
    vw_map_t used;
    if (!op->nvars || vw_map_init(&used, errs->arena, op->nvars) != 0)
        return;
    for (size_t i = 0; i < all->n; i++)
        vw_map_set(&used, errs->arena, ((const gql_value_t *)all->items[i])->name, (void *)1);
    for (size_t i = 0; i < op->nvars; i++) {
        const gql_variable_def_t *def = &op->vars[i];
        if (vw_map_get(&used, def->name))
            continue;
        if (op->name.len)
            vw_error(errs, def->loc, "Variable \"$%.*s\" is never used in operation \"%.*s\".",
                     STR_FMT(def->name), STR_FMT(op->name));
        else
            vw_error(errs, def->loc, "Variable \"$%.*s\" is never used.", STR_FMT(def->name));
    }
}

/* Returns -1 when the fragment work budget ran out. */
static int
check_operation(vars_t *v, gql_errors_t *errs, size_t index)
{
    const gql_operation_t *op = v->d.doc->defs[index].u.operation;
    vw_vec_t all = {0};
    const vw_vec_t *own = &v->usages[index];
    unique_variable_names(errs, op);
    for (size_t i = 0; i < own->n; i++)
        vw_vec_push(&all, v->d.arena, own->items[i]);
    if (recursive_usages(v, op, &all) != 0)
        return -1;
    no_undefined_variables(errs, op, &all);
    no_unused_variables(errs, op, &all);
    return 0;
}

void
gql_validate_variables(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    vars_t v = {0};
    if (vw_doc_init(&v.d, errs->arena, doc) != 0 || vw_map_init(&v.cache, errs->arena, 8) != 0)
        return;
    v.usages = arena_calloc(errs->arena, doc->ndefs + 1, sizeof *v.usages);
    if (!v.usages)
        return;
    vw_t w = {.schema = s, .doc = doc, .errs = errs, .data = &v};
    w.on_definition = vars_definition;
    w.on_field = vars_field;
    w.on_directives = vars_directives;
    vw_walk(&w);
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_OPERATION && check_operation(&v, errs, i) != 0) {
            vw_abort(errs);
            return;
        }
}
