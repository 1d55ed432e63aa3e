/* VariablesInAllowedPosition: every use of a variable, in the operation
 * and in the fragments it spreads (however deep), must take a type the
 * position accepts. Usages are found with the same typed walk as the
 * literals, once per fragment whatever the number of operations. */
#include "graphql/validate_values.h"

typedef struct {
    const gql_value_t *var;
    const gql_tref_t *type; /* NULL: unknown position */
    bool has_default;
    const gql_tref_t *parent; /* the enclosing list's or object's type, or NULL */
} usage_t;

typedef struct {
    usage_t *items;
    size_t n, cap;
    bool done;
} usages_t;

struct gql_values_vars {
    const gql_schema_t *schema;
    const gql_fragtab_t *frags;
    gql_errors_t *errs;
    usages_t *by_fragment; /* by fragment id, filled on first use */
    bool *seen;            /* by fragment id, for the current operation */
    size_t *queue;         /* fragment ids in graphql-js's order */
    usages_t *target;      /* where the walk collects */
    long work;             /* what is left of the fragment work budget */
};

/* graphql-js's ValidationContext stops validating ("Validation aborted.")
 * past 50,000 units of fragment work; this counts part of what it counts
 * (fragments reached, their spreads, their variable usages), so it stops
 * only where graphql-js has stopped too, and many operations spreading
 * many fragments cannot cost their product. */
enum { FRAGMENT_WORK = 50000 };

static void
usage_add(gql_errors_t *errs, usages_t *u, usage_t usage)
{
    if (u->n == u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 8;
        usage_t *grown = arena_alloc(errs->arena, cap * sizeof *grown);
        if (!grown) {
            errs->out_of_memory = 1;
            return;
        }
        if (u->n)
            memcpy(grown, u->items, u->n * sizeof *grown);
        u->items = grown;
        u->cap = cap;
    }
    u->items[u->n++] = usage;
}

/* The variables inside a literal with TypeInfo's type, default and parent
 * input type. */
static void
collect(gql_errors_t *errs, usages_t *u, const gql_value_t *v, const gql_tref_t *type,
        bool has_default, const gql_tref_t *parent)
{
    if (v->kind == GQL_VALUE_VARIABLE) {
        usage_add(errs, u, (usage_t){v, type, has_default, parent});
    } else if (v->kind == GQL_VALUE_LIST) {
        const gql_tref_t *nullable = gql_tref_nullable(type);
        const gql_tref_t *item =
            nullable && nullable->kind == GQL_TYPE_LIST ? nullable->of : nullable;
        for (size_t i = 0; i < v->nitems; i++)
            collect(errs, u, v->items[i], item, false, type);
    } else if (v->kind == GQL_VALUE_OBJECT) {
        const gql_type_t *named = type ? gql_tref_named(type) : NULL;
        bool input = named && named->kind == GQL_KIND_INPUT_OBJECT;
        for (size_t i = 0; i < v->nfields; i++) {
            const gql_input_value_t *def = input ? gql_input_field(named, v->fields[i].name) : NULL;
            collect(errs, u, v->fields[i].value, def ? def->type : NULL, def && def->default_value,
                    type);
        }
    }
}

static void
collect_visit(gql_values_walk_t *w, const gql_value_t *v, const gql_tref_t *type, bool has_default)
{
    gql_values_vars_t *vars = w->data;
    collect(vars->errs, vars->target, v, type, has_default, NULL);
}

static void
walk_into(gql_values_vars_t *vars, usages_t *target, const gql_operation_t *op,
          const gql_fragment_t *f)
{
    gql_values_walk_t w = {.schema = vars->schema,
                           .arena = vars->errs->arena,
                           .visit = collect_visit,
                           .skip_variable_defs = true,
                           .data = vars};
    vars->target = target;
    if (op)
        gql_values_walk_operation(&w, op);
    else
        gql_values_walk_fragment(&w, f);
    target->done = true;
}

gql_values_vars_t *
gql_values_vars_new(const gql_schema_t *s, const gql_fragtab_t *frags, gql_errors_t *errs)
{
    gql_values_vars_t *vars = arena_calloc(errs->arena, 1, sizeof *vars);
    if (!vars)
        return NULL;
    *vars = (gql_values_vars_t){.schema = s, .frags = frags, .errs = errs, .work = FRAGMENT_WORK};
    vars->by_fragment = arena_calloc(errs->arena, frags->n + 1, sizeof *vars->by_fragment);
    vars->seen = arena_calloc(errs->arena, frags->n + 1, sizeof *vars->seen);
    vars->queue = arena_calloc(errs->arena, frags->n + 1, sizeof *vars->queue);
    return vars->by_fragment && vars->seen && vars->queue ? vars : NULL;
}

/* Queues the fragments set spreads, as getFragmentSpreads orders them: a
 * set's own spreads, then its inner sets from the last to the first.
 * cost: whether the spreads count as work. */
static void
queue_spreads(gql_values_vars_t *vars, const gql_selection_set_t *set, size_t *n, bool cost)
{
    for (size_t i = 0; set && i < set->nitems; i++) {
        if (set->items[i].kind != GQL_SEL_FRAGMENT_SPREAD)
            continue;
        vars->work -= cost;
        long id = gql_fragtab_find(vars->frags, set->items[i].name);
        if (id >= 0 && !vars->seen[id]) {
            vars->seen[id] = true;
            vars->queue[(*n)++] = (size_t)id;
        }
    }
    for (size_t i = set ? set->nitems : 0; i-- > 0;)
        if (set->items[i].kind != GQL_SEL_FRAGMENT_SPREAD)
            queue_spreads(vars, set->items[i].selection_set, n, cost);
}

/* isTypeSubTypeOf: a named type is a subtype of itself, and of an
 * abstract type it belongs to. */
static bool
is_subtype(const gql_tref_t *sub, const gql_tref_t *super)
{
    if (super->kind == GQL_TYPE_NON_NULL)
        return sub->kind == GQL_TYPE_NON_NULL && is_subtype(sub->of, super->of);
    if (sub->kind == GQL_TYPE_NON_NULL)
        return is_subtype(sub->of, super);
    if (super->kind == GQL_TYPE_LIST)
        return sub->kind == GQL_TYPE_LIST && is_subtype(sub->of, super->of);
    if (sub->kind == GQL_TYPE_LIST)
        return false;
    const gql_type_t *a = sub->named, *b = super->named;
    if (a == b)
        return true;
    return a && b && (b->kind == GQL_KIND_INTERFACE || b->kind == GQL_KIND_UNION) &&
           (a->kind == GQL_KIND_OBJECT || a->kind == GQL_KIND_INTERFACE) &&
           gql_type_is_possible(b, a);
}

/* allowedVariableUsage: a nullable variable may fill a non-null position
 * when it or the position has a default. */
static bool
allowed(const gql_tref_t *var_type, const gql_value_t *var_default, const gql_tref_t *loc_type,
        bool loc_default)
{
    if (loc_type->kind == GQL_TYPE_NON_NULL && var_type->kind != GQL_TYPE_NON_NULL) {
        bool var_non_null_default = var_default && var_default->kind != GQL_VALUE_NULL;
        if (!var_non_null_default && !loc_default)
            return false;
        return is_subtype(var_type, loc_type->of);
    }
    return is_subtype(var_type, loc_type);
}

static void
report_usage(gql_values_vars_t *vars, const gql_variable_def_t *def, const usage_t *u,
             const gql_tref_t *var_type, bool one_of)
{
    buf_t msg;
    buf_init(&msg);
    buf_printf(&msg, "Variable \"$%.*s\" ", STR_FMT(u->var->name));
    buf_puts(&msg, one_of ? "is of type \"" : "of type \"");
    gql_tref_print(var_type, &msg);
    if (one_of) {
        buf_printf(&msg, "\" but must be non-nullable to be used for OneOf Input Object \"%.*s\".",
                   STR_FMT(u->parent->named->name));
    } else {
        buf_puts(&msg, "\" used in position expecting type \"");
        gql_tref_print(u->type, &msg);
        buf_puts(&msg, "\".");
    }
    if (msg.failed) {
        vars->errs->out_of_memory = 1;
    } else {
        gql_error_t *e = gql_error_add(vars->errs, "%s", buf_cstr(&msg));
        gql_error_add_loc(vars->errs, e, def->loc);
        gql_error_add_loc(vars->errs, e, u->var->loc);
    }
    buf_free(&msg);
}

static void
check_usage(gql_values_vars_t *vars, const gql_operation_t *op, const usage_t *u)
{
    const gql_variable_def_t *def = NULL;
    for (size_t i = 0; i < op->nvars; i++)
        if (str_eq(op->vars[i].name, u->var->name))
            def = &op->vars[i]; /* the last one, as varDefMap keeps */
    if (!def || !u->type)
        return;
    const gql_tref_t *var_type = gql_tref_from_ast(vars->errs->arena, vars->schema, def->type);
    if (!var_type)
        return;
    if (!allowed(var_type, def->default_value, u->type, u->has_default))
        report_usage(vars, def, u, var_type, false);
    const gql_tref_t *p = u->parent;
    if (p && p->kind == GQL_TYPE_NAMED && p->named->kind == GQL_KIND_INPUT_OBJECT &&
        p->named->one_of && var_type->kind != GQL_TYPE_NON_NULL)
        report_usage(vars, def, u, var_type, true);
}

int
gql_values_check_variables(gql_values_vars_t *vars, const gql_operation_t *op)
{
    if (op->nvars == 0)
        return 0; /* no usage has a definition to be checked against */
    usages_t own = {0};
    walk_into(vars, &own, op, NULL);
    size_t n = 0;
    queue_spreads(vars, op->selection_set, &n, false);
    for (size_t i = 0; i < n && vars->work >= 0; i++)
        queue_spreads(vars, vars->frags->by_id[vars->queue[i]]->selection_set, &n, true);
    for (size_t i = 0; i < n; i++)
        vars->seen[vars->queue[i]] = false;
    for (size_t i = 0; i < n && vars->work >= 0; i++) {
        usages_t *u = &vars->by_fragment[vars->queue[i]];
        if (!u->done)
            walk_into(vars, u, NULL, vars->frags->by_id[vars->queue[i]]);
        vars->work -= 1 + (long)u->n;
    }
    if (vars->work < 0) {
        gql_error_add(vars->errs, "Validation aborted.");
        return -1;
    }
    for (size_t i = 0; i < own.n; i++)
        check_usage(vars, op, &own.items[i]);
    for (size_t i = 0; i < n; i++) {
        const usages_t *u = &vars->by_fragment[vars->queue[i]];
        for (size_t k = 0; k < u->n; k++)
            check_usage(vars, op, &u->items[k]);
    }
    return 0;
}
