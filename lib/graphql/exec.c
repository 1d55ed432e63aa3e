/* Executing an operation (exec.h; specification section 6): a response
 * level at a time, each field's resolver called once for every parent of
 * the level (see exec_internal.h). */
#include "graphql/exec.h"

#include <stdarg.h>
#include <stdio.h>

#include "graphql/coerce.h"
#include "graphql/exec_internal.h"

/* What a resolver has not set yet: told apart from a null it set. */
static const char unset_marker;

typedef struct {
    gql_resolve_t rv; /* first: resolvers get &rv */
    exec_group_t *g;
    const exec_field_t *f;
    uint32_t k;    /* the field's place among the group's keys */
    size_t *error; /* per parent: its error's index, SIZE_MAX when none */
} exec_call_t;

int
gql_select_operation(const gql_document_t *doc, str_t operation_name, const gql_operation_t **op,
                     gql_errors_t *errs)
{
    *op = NULL;
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_OPERATION)
            continue;
        const gql_operation_t *o = doc->defs[i].u.operation;
        if (operation_name.len == 0) {
            if (*op) {
                gql_error_add(errs, "Must provide operation name if query contains multiple "
                                    "operations.");
                return -1;
            }
            *op = o;
        } else if (str_eq(o->name, operation_name))
            *op = o;
    }
    if (*op)
        return 0;
    if (operation_name.len)
        gql_error_add(errs, "Unknown operation named \"%.*s\".", STR_FMT(operation_name));
    else
        gql_error_add(errs, "Must provide an operation.");
    return -1;
}

void
exec_enqueue(gql_exec_t *x, exec_group_t *g)
{
    g->next = NULL;
    if (x->queue_tail)
        x->queue_tail->next = g;
    else
        x->queue_head = g;
    x->queue_tail = g;
}

/* The position of field k of parent i. */
static exec_node_t
field_position(const exec_call_t *call, size_t i)
{
    const exec_node_t *parent = call->g->parents[i].node;
    return (exec_node_t){.parent = parent,
                         .key = call->f->key,
                         .ord = call->k,
                         .depth = parent->depth + 1,
                         .nullable = call->f->def->type->kind != GQL_TYPE_NON_NULL,
                         .slot = call->rv.out[i]};
}

const gql_val_t *
gql_resolve_arg(const gql_resolve_t *rv, const char *name)
{
    return gql_val_get(rv->args, name);
}

static void resolve_verror(gql_resolve_t *rv, size_t i, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
resolve_verror(gql_resolve_t *rv, size_t i, const char *fmt, va_list ap)
{
    exec_call_t *call = (exec_call_t *)rv;
    buf_t b;
    buf_init(&b);
    buf_vprintf(&b, fmt, ap);
    exec_node_t at = field_position(call, i);
    call->error[i] = exec_error_at(rv->exec, &at, call->f, NULL, buf_cstr(&b));
    gql_val_null(rv->out[i]);
    buf_free(&b);
}

void
gql_resolve_error(gql_resolve_t *rv, size_t i, const char *fmt, ...)
{
    if (i >= rv->n)
        return;
    va_list ap;
    va_start(ap, fmt);
    resolve_verror(rv, i, fmt, ap);
    va_end(ap);
}

void
gql_resolve_error_all(gql_resolve_t *rv, const char *fmt, ...)
{
    exec_call_t *call = (exec_call_t *)rv;
    for (size_t i = 0; i < rv->n; i++) {
        if (call->error[i] != SIZE_MAX)
            continue;
        va_list ap;
        va_start(ap, fmt);
        resolve_verror(rv, i, fmt, ap);
        va_end(ap);
    }
}

/* After the resolver: what it left unset is null, or an error when it
 * failed as a whole. */
static void
settle(exec_call_t *call, int rc)
{
    for (size_t i = 0; i < call->rv.n; i++) {
        gql_val_t *v = call->rv.out[i];
        if (v->kind != GQL_VAL_SOURCE || v->source != &unset_marker)
            continue;
        if (rc != 0)
            gql_resolve_error(&call->rv, i, "Internal server error.");
        else
            gql_val_null(v);
    }
}

/* Coerces the arguments and calls the resolver for every parent. */
static int
field_call(exec_call_t *call)
{
    gql_exec_t *x = call->rv.exec;
    const gql_selection_t *node = call->f->nodes[0];
    const gql_field_t *def = call->f->def;
    gql_val_t *args = arena_alloc(x->a, sizeof *args);
    if (!args)
        return -1;
    gql_coerce_error_t cerr;
    if (gql_coerce_arguments(x->a, def->args, def->nargs, node->args, node->nargs, node->loc,
                             &x->vars, args, &cerr) != 0) {
        for (size_t i = 0; i < call->rv.n; i++) {
            exec_node_t at = field_position(call, i);
            call->error[i] = exec_error_at(x, &at, call->f, &cerr.loc, cerr.message);
            gql_val_null(call->rv.out[i]);
        }
        return 0;
    }
    call->rv.args = args;
    settle(call, def->resolve ? def->resolve(&call->rv) : 0);
    return 0;
}

enum { READY_NONE = -1 };

/* The kind a built-in scalar field's value has when it needs no
 * completion at all (READY_NONE: no kind is). */
static int
ready_kind(const gql_tref_t *t)
{
    if (t->kind == GQL_TYPE_NON_NULL)
        t = t->of;
    if (t->kind != GQL_TYPE_NAMED || t->named->kind != GQL_KIND_SCALAR || !t->named->builtin ||
        t->named->name.len == 0)
        return READY_NONE;
    switch (t->named->name.p[0]) {
    case 'S':
        return GQL_VAL_STRING;
    case 'I':
        return t->named->name.len == 2 ? GQL_VAL_STRING : GQL_VAL_INT;
    case 'B':
        return GQL_VAL_BOOLEAN;
    default:
        return GQL_VAL_FLOAT;
    }
}

static bool
is_ready(const gql_val_t *v, int ready)
{
    if ((int)v->kind != ready)
        return false;
    return ready != GQL_VAL_INT || (v->i >= INT32_MIN && v->i <= INT32_MAX);
}

static void
field_complete(exec_call_t *call)
{
    gql_exec_t *x = call->rv.exec;
    exec_completion_t c = {.x = x, .parent_type = call->g->type, .field = call->f};
    int ready = ready_kind(call->f->def->type);
    for (size_t i = 0; i < call->rv.n; i++) {
        bool errored = call->error[i] != SIZE_MAX;
        if (!errored && is_ready(call->rv.out[i], ready))
            continue; /* the common case: a string for a String field */
        exec_node_t at = field_position(call, i);
        if (errored)
            x->raised = call->error[i];
        if (exec_complete_field(&c, &at, errored) == EXEC_RAISED)
            exec_propagate(x, &at, x->raised);
    }
}

/* Field k of group g for all its parents (values[i]: parent i's object
 * members, sources[i]: its source). */
static int
field_run(gql_exec_t *x, exec_group_t *g, const exec_fields_t *fs, uint32_t k,
          gql_val_t *const *values, const void *const *sources)
{
    const exec_field_t *f = &fs->items[k];
    if (f->kind == EXEC_FIELD_TYPENAME) {
        for (size_t i = 0; i < g->n; i++)
            gql_val_string(&values[i][k], g->type->name);
        return 0;
    }
    gql_val_t **out = arena_alloc(x->a, g->n * sizeof *out);
    size_t *error = arena_alloc(x->a, g->n * sizeof *error);
    if (!out || !error)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        out[i] = &values[i][k];
        *out[i] = (gql_val_t){.kind = GQL_VAL_SOURCE, .source = &unset_marker};
        error[i] = SIZE_MAX;
    }
    exec_call_t call = {.rv = {.exec = x,
                               .arena = x->a,
                               .context = x->p->context,
                               .field = f->def,
                               .n = g->n,
                               .parents = sources,
                               .out = out},
                        .g = g,
                        .f = f,
                        .k = k,
                        .error = error};
    if (field_call(&call) != 0)
        return -1;
    field_complete(&call);
    return 0;
}

/* Makes each parent's slot an OBJECT with the group's keys (all share
 * one key array); values[i] gets parent i's members. A slot that null
 * propagation emptied meanwhile gets a detached object: its fields still
 * run, as graphql-js ran them before it met the error. */
static int
group_objects(gql_exec_t *x, exec_group_t *g, const exec_fields_t *fs, gql_val_t **values,
              const void **sources)
{
    str_t *keys = arena_alloc(x->a, (fs->n + 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t k = 0; k < fs->n; k++)
        keys[k] = fs->items[k].key;
    for (size_t i = 0; i < g->n; i++) {
        gql_val_t *slot = g->parents[i].node->slot;
        if (slot->kind != GQL_VAL_SOURCE && !(slot = arena_alloc(x->a, sizeof *slot)))
            return -1;
        values[i] = arena_alloc(x->a, (fs->n + 1) * sizeof **values); /* field_run fills */
        if (!values[i])
            return -1;
        *slot = (gql_val_t){
            .kind = GQL_VAL_OBJECT, .keys = keys, .values = values[i], .nfields = fs->n};
        sources[i] = g->parents[i].source;
    }
    return 0;
}

typedef struct {
    exec_fields_t fields;
    gql_val_t **values;
    const void **sources;
} group_state_t;

static int
group_start(gql_exec_t *x, exec_group_t *g, group_state_t *s)
{
    if (exec_collect(x, g->type, g->field, x->op->selection_set, &s->fields) != 0)
        return -1;
    s->values = arena_alloc(x->a, (g->n + 1) * sizeof *s->values);
    s->sources = arena_alloc(x->a, (g->n + 1) * sizeof *s->sources);
    if (!s->values || !s->sources)
        return -1;
    return group_objects(x, g, &s->fields, s->values, s->sources);
}

static int
drain(gql_exec_t *x)
{
    exec_group_t *g;
    while ((g = x->queue_head) && !x->oom) {
        x->queue_head = g->next;
        if (!x->queue_head)
            x->queue_tail = NULL;
        group_state_t s;
        if (group_start(x, g, &s) != 0)
            return -1;
        for (uint32_t k = 0; k < s.fields.n; k++)
            if (field_run(x, g, &s.fields, k, s.values, s.sources) != 0)
                return -1;
    }
    return x->oom ? -1 : 0;
}

/* Mutation root fields one after another, each to the bottom; a failure
 * that nulls "data" stops the rest, as in graphql-js. */
static int
run_serially(gql_exec_t *x, exec_group_t *root)
{
    group_state_t s;
    if (group_start(x, root, &s) != 0)
        return -1;
    for (uint32_t k = 0; k < s.fields.n; k++) {
        if (field_run(x, root, &s.fields, k, s.values, s.sources) != 0 || drain(x) != 0)
            return -1;
        if (x->res->data.kind == GQL_VAL_NULL)
            break;
    }
    return 0;
}

static const gql_type_t *
root_type(const gql_schema_t *s, gql_op_kind_t kind)
{
    return kind == GQL_OP_QUERY      ? s->query
           : kind == GQL_OP_MUTATION ? s->mutation
                                     : s->subscription;
}

static int
execute_root(gql_exec_t *x)
{
    gql_result_t *res = x->res;
    static const char *const kinds[] = {"query", "mutation", "subscription"};
    const gql_type_t *root = root_type(x->p->schema, x->op->kind);
    res->has_data = true;
    if (!root) {
        gql_error_t *e = gql_error_add(
            &res->errors, "Schema is not configured to execute %s operation.", kinds[x->op->kind]);
        gql_error_add_loc(&res->errors, e, x->op->loc);
        return 0;
    }
    x->root = (exec_node_t){.nullable = true, .slot = &res->data};
    gql_val_source(&res->data, x->p->root_value);
    exec_parent_t parent = {x->p->root_value, &x->root};
    exec_group_t g = {.type = root, .parents = &parent, .n = 1, .cap = 1};
    if (x->op->kind == GQL_OP_MUTATION)
        return run_serially(x, &g);
    exec_enqueue(x, &g);
    return drain(x);
}

int
gql_execute(const gql_exec_params_t *p, gql_result_t *res)
{
    memset(res, 0, sizeof *res);
    gql_errors_init(&res->errors, p->arena);
    /* Every field error, as graphql-js reports them: the limits checked
     * before execution bound how many fields (so errors) there can be. */
    res->errors.max = SIZE_MAX;
    gql_exec_t x = {.p = p, .a = p->arena, .res = res, .raised = SIZE_MAX};
    if (gql_select_operation(p->doc, p->operation_name, &x.op, &res->errors) != 0 ||
        gql_coerce_variables(x.a, p->schema, x.op, p->variables, &x.vars, &res->errors) != 0)
        return -1;
    if (execute_root(&x) != 0 || x.oom) {
        memset(res, 0, sizeof *res);
        gql_errors_init(&res->errors, p->arena);
        gql_error_add(&res->errors, "Internal server error.");
        res->server_failed = true;
        return -1;
    }
    exec_errors_finish(&x);
    return 0;
}

void
gql_result_print_json(const gql_result_t *res, buf_t *out)
{
    buf_putc(out, '{');
    if (res->errors.count || !res->has_data) {
        buf_puts(out, "\"errors\":");
        gql_errors_print_json(&res->errors, out);
        if (res->has_data)
            buf_putc(out, ',');
    }
    if (res->has_data) {
        buf_puts(out, "\"data\":");
        gql_val_print_json(&res->data, out);
    }
    buf_putc(out, '}');
}
