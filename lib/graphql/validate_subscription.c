/* SingleFieldSubscriptions: a subscription selects one top-level field,
 * and not an introspection one. The fields are collected as graphql-js's
 * collectFields does with no variables (fragments whose condition the
 * subscription type meets, each spread fragment once; @skip(if: true) and
 * @include(if: false) drop a selection), with an explicit stack, so a
 * long chain of fragments costs no C stack. */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

void vw_single_field_subscriptions(const gql_schema_t *s, const gql_document_t *doc,
                                   gql_errors_t *errs);

typedef struct {
    const gql_selection_set_t *set;
    size_t next;
} frame_t;

typedef struct {
    const gql_schema_t *schema;
    vw_doc_t frags;
    vw_map_t used;   /* fragment names spread already */
    vw_map_t groups; /* response key -> vw_vec_t* of its fields */
    vw_vec_t order;  /* the groups in the order of their first field */
} collect_t;

/* The literal `if` of @skip or @include; -1 when absent or not a literal. */
static int
directive_if(const gql_selection_t *sel, const char *name)
{
    for (size_t i = 0; i < sel->ndirectives; i++) {
        const gql_directive_t *d = &sel->directives[i];
        if (!str_eq_cstr(d->name, name))
            continue;
        for (size_t j = 0; j < d->nargs; j++)
            if (str_eq_cstr(d->args[j].name, "if") && d->args[j].value &&
                d->args[j].value->kind == GQL_VALUE_BOOLEAN)
                return d->args[j].value->boolean;
    }
    return -1;
}

static bool
included(const gql_selection_t *sel)
{
    return directive_if(sel, "skip") != 1 && directive_if(sel, "include") != 0;
}

static bool
condition_matches(const collect_t *c, str_t cond, const gql_type_t *type)
{
    if (!cond.len)
        return true;
    const gql_type_t *t = gql_schema_type(c->schema, cond);
    if (t == type)
        return true;
    return t && (t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION) &&
           gql_type_is_possible(t, type);
}

static void
add_field(collect_t *c, arena_t *a, const gql_selection_t *f)
{
    str_t key = gql_response_key(f);
    vw_vec_t *group = vw_map_get(&c->groups, key);
    if (!group) {
        group = arena_calloc(a, 1, sizeof *group);
        if (!group)
            return;
        vw_map_set(&c->groups, a, key, group);
        vw_vec_push(&c->order, a, group);
    }
    vw_vec_push(group, a, f);
}

/* The selection set a selection adds to the stack, or NULL. */
static const gql_selection_set_t *
enter(collect_t *c, arena_t *a, const gql_selection_t *sel, const gql_type_t *type)
{
    if (!included(sel))
        return NULL;
    if (sel->kind == GQL_SEL_FIELD) {
        add_field(c, a, sel);
        return NULL;
    }
    if (sel->kind == GQL_SEL_INLINE_FRAGMENT)
        return condition_matches(c, sel->type_condition, type) ? sel->selection_set : NULL;
    if (vw_map_add(&c->used, a, sel->name, (void *)sel))
        return NULL;
    vw_frag_t *f = vw_doc_fragment(&c->frags, sel->name);
    if (!f || !condition_matches(c, f->def->type_condition, type))
        return NULL;
    return f->def->selection_set;
}

/* Returns -1 when the fragment work budget ran out. */
static int
collect(collect_t *c, arena_t *a, const gql_selection_set_t *top, const gql_type_t *type)
{
    vw_vec_t stack = {0};
    frame_t *fr = arena_calloc(a, 1, sizeof *fr);
    if (!fr || !top)
        return 0;
    *fr = (frame_t){top, 0};
    vw_vec_push(&stack, a, fr);
    while (stack.n) {
        frame_t *f = (frame_t *)stack.items[stack.n - 1];
        if (f->next == f->set->nitems) {
            stack.n--;
            continue;
        }
        const gql_selection_set_t *inner = enter(c, a, &f->set->items[f->next++], type);
        if (inner && !vw_spend(&c->frags, inner->nitems))
            return -1;
        frame_t *nf = inner ? arena_alloc(a, sizeof *nf) : NULL;
        if (nf) {
            *nf = (frame_t){inner, 0};
            vw_vec_push(&stack, a, nf);
        }
    }
    return 0;
}

/* "Subscription "name" must ..." or "Anonymous Subscription must ...",
 * at the fields of groups[from..to). */
static void
report_groups(gql_errors_t *errs, const gql_operation_t *op, const char *must,
              const vw_vec_t *groups, size_t from, size_t to)
{
    gql_error_t *e = op->name.len
                         ? gql_error_add(errs, "Subscription \"%.*s\" %s", STR_FMT(op->name), must)
                         : gql_error_add(errs, "Anonymous Subscription %s", must);
    for (size_t g = from; g < to; g++) {
        const vw_vec_t *group = groups->items[g];
        for (size_t i = 0; i < group->n; i++)
            gql_error_add_loc(errs, e, ((const gql_selection_t *)group->items[i])->loc);
    }
}

static void
report(gql_errors_t *errs, const gql_operation_t *op, const collect_t *c)
{
    if (c->order.n > 1)
        report_groups(errs, op, "must select only one top level field.", &c->order, 1, c->order.n);
    for (size_t g = 0; g < c->order.n; g++) {
        const vw_vec_t *group = c->order.items[g];
        if (str_starts_with(((const gql_selection_t *)group->items[0])->name, "__"))
            report_groups(errs, op, "must not select an introspection top level field.", &c->order,
                          g, g + 1);
    }
}

void
vw_single_field_subscriptions(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    if (!s->subscription)
        return;
    collect_t c = {.schema = s};
    if (vw_doc_init(&c.frags, errs->arena, doc) != 0)
        return;
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_operation_t *op = doc->defs[i].u.operation;
        if (doc->defs[i].kind != GQL_DEF_OPERATION || op->kind != GQL_OP_SUBSCRIPTION)
            continue;
        if (vw_map_init(&c.used, errs->arena, 8) != 0 ||
            vw_map_init(&c.groups, errs->arena, 8) != 0)
            return;
        c.order = (vw_vec_t){0};
        if (collect(&c, errs->arena, op->selection_set, s->subscription) != 0) {
            vw_abort(errs);
            return;
        }
        report(errs, op, &c);
    }
}
