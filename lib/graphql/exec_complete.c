/* Completing values (specification 6.4.3; graphql-js completeValue): a
 * resolver's value against the field's type: non-null checks, lists item
 * by item, leaves serialized in place, composite values handed to the
 * group of their concrete type for the next level. */
#include "graphql/exec_internal.h"

#include "graphql/coerce.h"

static exec_outcome_t
raise_at(exec_completion_t *c, const exec_node_t *at, const char *message)
{
    c->x->raised = exec_error_at(c->x, at, c->field, NULL, message);
    return EXEC_RAISED;
}

static exec_outcome_t raise_fmt(exec_completion_t *c, const exec_node_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static exec_outcome_t
raise_fmt(exec_completion_t *c, const exec_node_t *at, const char *fmt, ...)
{
    buf_t b;
    buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    exec_outcome_t r = raise_at(c, at, buf_cstr(&b));
    buf_free(&b);
    return r;
}

/* gql_type_is_composite, inline: it is asked for every value. */
static inline bool
is_composite(const gql_type_t *t)
{
    return t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION;
}

exec_node_t *
exec_node_keep(gql_exec_t *x, const exec_node_t *at)
{
    exec_node_t *n = arena_alloc(x->a, sizeof *n);
    if (!n) {
        x->oom = 1;
        return NULL;
    }
    *n = *at;
    return n;
}

/* The concrete type of an abstract field's value; NULL after raising. */
static const gql_type_t *
runtime_type(exec_completion_t *c, const exec_node_t *at, const gql_type_t *abstract)
{
    const gql_val_t *v = at->slot;
    const char *name = v->type_name;
    if (!name && abstract->resolve_type)
        name = abstract->resolve_type(v->source, abstract->resolve_type_data);
    str_t an = abstract->name, pn = c->parent_type->name, fn = c->field->def->name;
    if (!name) {
        raise_fmt(c, at,
                  "Abstract type \"%.*s\" must resolve to an Object type at runtime for field "
                  "\"%.*s.%.*s\". Either the \"%.*s\" type should provide a \"resolveType\" "
                  "function or each possible type should provide an \"isTypeOf\" function.",
                  STR_FMT(an), STR_FMT(pn), STR_FMT(fn), STR_FMT(an));
        return NULL;
    }
    const gql_type_t *t = gql_schema_type(c->x->p->schema, str_from_cstr(name));
    if (!t)
        raise_fmt(c, at,
                  "Abstract type \"%.*s\" was resolved to a type \"%s\" that does not exist "
                  "inside the schema.",
                  STR_FMT(an), name);
    else if (t->kind != GQL_KIND_OBJECT)
        raise_fmt(c, at, "Abstract type \"%.*s\" was resolved to a non-object type \"%s\".",
                  STR_FMT(an), name);
    else if (!gql_type_is_possible(abstract, t))
        raise_fmt(c, at, "Runtime Object type \"%s\" is not a possible type for \"%.*s\".", name,
                  STR_FMT(an));
    else
        return t;
    return NULL;
}

static exec_group_t *
child_group(exec_completion_t *c, const gql_type_t *t)
{
    for (exec_group_t *g = c->children; g; g = g->next_child)
        if (g->type == t)
            return g;
    exec_group_t *g = arena_calloc(c->x->a, 1, sizeof *g);
    if (!g)
        return NULL;
    g->type = t;
    g->field = c->field;
    g->next_child = c->children;
    c->children = g;
    exec_enqueue(c->x, g);
    return g;
}

static exec_outcome_t
complete_object(exec_completion_t *c, const exec_node_t *at, const gql_type_t *t)
{
    /* A resolver's bug (a string for an object field) is the field's
     * error, never a pointer the next level would take for its parent. */
    if (at->slot->kind != GQL_VAL_SOURCE)
        return raise_fmt(c, at,
                         "Expected an object for field \"%.*s.%.*s\", but its resolver returned "
                         "another kind of value.",
                         STR_FMT(c->parent_type->name), STR_FMT(c->field->def->name));
    if (t->kind != GQL_KIND_OBJECT && !(t = runtime_type(c, at, t)))
        return EXEC_RAISED;
    exec_group_t *g = child_group(c, t);
    exec_node_t *node = exec_node_keep(c->x, at);
    if (!g || !node)
        return EXEC_NULL;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        exec_parent_t *grown = arena_alloc(c->x->a, cap * sizeof *grown);
        if (!grown) {
            c->x->oom = 1;
            return EXEC_NULL;
        }
        if (g->n)
            memcpy(grown, g->parents, g->n * sizeof *grown);
        g->parents = grown;
        g->cap = cap;
    }
    g->parents[g->n++] = (exec_parent_t){at->slot->source, node};
    return EXEC_DONE;
}

static exec_outcome_t complete(exec_completion_t *c, exec_node_t *at, const gql_tref_t *t);

static exec_outcome_t
complete_list(exec_completion_t *c, exec_node_t *at, const gql_tref_t *item_type)
{
    gql_val_t *v = at->slot;
    if (v->kind != GQL_VAL_LIST)
        return raise_fmt(c, at, "Expected Iterable, but did not find one for field \"%.*s.%.*s\".",
                         STR_FMT(c->parent_type->name), STR_FMT(c->field->def->name));
    const gql_type_t *named = gql_tref_named(item_type);
    exec_node_t *list = at;
    if (v->nitems && (item_type->kind == GQL_TYPE_LIST || is_composite(named)) &&
        !(list = exec_node_keep(c->x, at)))
        return EXEC_NULL;
    gql_val_t *items = v->items;
    for (size_t i = 0; i < v->nitems; i++) {
        exec_node_t item = {.parent = list,
                            .index = i,
                            .ord = (uint32_t)i,
                            .depth = at->depth + 1,
                            .nullable = item_type->kind != GQL_TYPE_NON_NULL,
                            .slot = &items[i]};
        if (complete(c, &item, item_type) == EXEC_RAISED)
            return EXEC_RAISED;
    }
    return EXEC_DONE;
}

/* t is nullable here: NAMED or LIST. */
static exec_outcome_t
complete_nullable(exec_completion_t *c, exec_node_t *at, const gql_tref_t *t)
{
    if (at->slot->kind == GQL_VAL_NULL)
        return EXEC_NULL;
    if (t->kind == GQL_TYPE_LIST)
        return complete_list(c, at, t->of);
    if (is_composite(t->named))
        return complete_object(c, at, t->named);
    buf_t why;
    buf_init(&why);
    const char *message = exec_serialize(c->x->a, t->named, at->slot, &why);
    if (!message)
        return EXEC_DONE; /* why is untouched: nothing to free */
    exec_outcome_t r = raise_at(c, at, message);
    buf_free(&why);
    return r;
}

static exec_outcome_t
complete(exec_completion_t *c, exec_node_t *at, const gql_tref_t *t)
{
    if (t->kind == GQL_TYPE_NON_NULL) {
        exec_outcome_t r = complete_nullable(c, at, t->of);
        if (r != EXEC_NULL)
            return r;
        return raise_fmt(c, at, "Cannot return null for non-nullable field %.*s.%.*s.",
                         STR_FMT(c->parent_type->name), STR_FMT(c->field->def->name));
    }
    exec_outcome_t r = complete_nullable(c, at, t);
    if (r != EXEC_RAISED)
        return r;
    exec_error_nulled(c->x, c->x->raised, at);
    gql_val_null(at->slot);
    return EXEC_NULL;
}

exec_outcome_t
exec_complete_field(exec_completion_t *c, exec_node_t *at, bool errored)
{
    if (!errored)
        return complete(c, at, c->field->def->type);
    gql_val_null(at->slot);
    if (c->field->def->type->kind == GQL_TYPE_NON_NULL)
        return EXEC_RAISED;
    exec_error_nulled(c->x, c->x->raised, at);
    return EXEC_NULL;
}
