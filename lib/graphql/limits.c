/* gql_check_limits: one walk over the operations with fragments expanded,
 * measuring depth, aliases, fields and cost. Each fragment is measured once
 * (memoised, relative to where it is spread) so a document that spreads one
 * fragment thousands of times, or fragments in a cycle, costs one visit per
 * fragment. Inside __schema and __type, lists count as size 1: the schema is
 * small and fixed, and GraphiQL's introspection query must pass. */
#include "graphql/limits.h"

#include <limits.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum {
    /* Fragment spreads nest without adding field depth; past this many
     * nested selection sets and spreads the document is too deep anyway. */
    NEST_MAX = 512,
};

typedef struct {
    size_t depth;   /* levels of fields, the deepest path */
    size_t aliases; /* aliased fields, fragments expanded */
    size_t fields;  /* field selections, fragments expanded */
    size_t cost;    /* saturated: SIZE_MAX when past counting */
} measure_t;

typedef enum { MEMO_NONE = 0, MEMO_BUSY, MEMO_DONE } memo_state_t;

typedef struct {
    memo_state_t state;
    measure_t m;
} memo_t;

typedef struct {
    const gql_schema_t *schema;
    const gql_document_t *doc;
    json_object *variables;
    json_object *defaults; /* see variable_defaults */
    arena_t *arena;        /* for the variable names looked up */
    const gql_limits_t *limits;
    memo_t *memo; /* [2 * ndefs]: by definition index, outside and inside introspection */
    size_t nest;
    bool too_nested;
} walk_t;

static size_t
sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t
sat_mul(size_t a, size_t b)
{
    return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

/* The JSON value of the variable called name in vars, NULL when vars lack
 * it. The name is looked up whole, however long: cut short, it could be
 * another variable's name. */
static json_object *
variable_value(const walk_t *w, json_object *vars, str_t name)
{
    json_object *j;
    if (vars == NULL)
        return NULL;
    char *key = arena_strndup(w->arena, name.p, name.len);
    return key && json_object_object_get_ex(vars, key, &j) ? j : NULL;
}

/* The size an Int literal counts for: its value, past SIZE_MAX SIZE_MAX. */
static size_t
literal_size(const gql_value_t *v)
{
    long n;
    if (str_to_long(v->raw, 0, LONG_MAX, &n))
        return (size_t)n;
    return v->raw.len && v->raw.p[0] == '-' ? 0 : SIZE_MAX;
}

/* The size a JSON number counts for as `first`: an int, or a double, which
 * Int coercion takes when it is integral (1000.0). false for anything else. */
static bool
json_size(json_object *j, size_t *size)
{
    if (json_object_is_type(j, json_type_int)) {
        int64_t n = json_object_get_int64(j);
        *size = n < 0 ? 0 : (uint64_t)n > SIZE_MAX ? SIZE_MAX : (size_t)n;
        return true;
    }
    if (json_object_is_type(j, json_type_double)) {
        double d = json_object_get_double(j);
        *size = !(d > 0) ? 0 : d >= (double)SIZE_MAX ? SIZE_MAX : (size_t)d;
        return true;
    }
    return false;
}

/* The size a list field counts for: its `first` argument (a literal, or a
 * variable's value), else the default. Past SIZE_MAX it counts as SIZE_MAX:
 * sizes multiply in whole numbers that saturate, so a product of huge sizes
 * is refused, never wrapped round nor a NaN (0 times an infinity) that
 * compares as cheap. */
static size_t
list_size(const walk_t *w, const gql_selection_t *f)
{
    for (size_t i = 0; i < f->nargs; i++) {
        const gql_value_t *v = f->args[i].value;
        if (!str_eq_cstr(f->args[i].name, "first") || v == NULL)
            continue;
        if (v->kind == GQL_VALUE_INT)
            return literal_size(v);
        if (v->kind == GQL_VALUE_VARIABLE) {
            size_t n;
            if (json_size(variable_value(w, w->variables, v->name), &n) ||
                json_size(variable_value(w, w->defaults, v->name), &n))
                return n;
        }
    }
    return w->limits->default_list_size;
}

/* Each variable's largest Int default over the document's operations, as
 * JSON ({"n": 1000}), for a `first` whose variable the request does not
 * send; NULL when there is none. The largest, because a fragment is measured
 * once whichever operation spreads it. */
static json_object *
variable_defaults(const gql_document_t *doc, arena_t *a)
{
    json_object *defaults = NULL, *j;
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_OPERATION)
            continue;
        const gql_operation_t *op = doc->defs[i].u.operation;
        for (size_t k = 0; k < op->nvars; k++) {
            const gql_value_t *v = op->vars[k].default_value;
            if (v == NULL || v->kind != GQL_VALUE_INT)
                continue;
            size_t n = literal_size(v);
            char *key = arena_strndup(a, op->vars[k].name.p, op->vars[k].name.len);
            if (defaults == NULL)
                defaults = json_object_new_object();
            if (key == NULL || defaults == NULL)
                continue;
            if (json_object_object_get_ex(defaults, key, &j) &&
                (uint64_t)json_object_get_int64(j) >= n)
                continue;
            json_object_object_add(defaults, key,
                                   json_object_new_int64(n > INT64_MAX ? INT64_MAX : (int64_t)n));
        }
    }
    return defaults;
}

static bool
tref_is_list(const gql_tref_t *t)
{
    while (t && t->kind == GQL_TYPE_NON_NULL)
        t = t->of;
    return t && t->kind == GQL_TYPE_LIST;
}

static measure_t measure_set(walk_t *w, const gql_type_t *type, const gql_selection_set_t *set,
                             bool intro);

static ptrdiff_t
fragment_index(const gql_document_t *doc, str_t name)
{
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_FRAGMENT && str_eq(doc->defs[i].u.fragment->name, name))
            return (ptrdiff_t)i;
    return -1;
}

static const gql_type_t *
named_type(const walk_t *w, str_t name, const gql_type_t *otherwise)
{
    if (name.len == 0)
        return otherwise;
    return w->schema ? gql_schema_type(w->schema, name) : NULL;
}

/* A spread: the fragment's measure, computed once; 0 while it is being
 * measured (a cycle, which validation reports). */
static measure_t
measure_spread(walk_t *w, const gql_selection_t *sel, bool intro)
{
    measure_t none = {0};
    ptrdiff_t i = fragment_index(w->doc, sel->name);
    if (i < 0)
        return none;
    memo_t *memo = &w->memo[2 * (size_t)i + intro];
    if (memo->state == MEMO_DONE)
        return memo->m;
    if (memo->state == MEMO_BUSY)
        return none;
    memo->state = MEMO_BUSY;
    const gql_fragment_t *frag = w->doc->defs[i].u.fragment;
    memo->m = measure_set(w, named_type(w, frag->type_condition, NULL), frag->selection_set, intro);
    memo->state = MEMO_DONE;
    return memo->m;
}

static measure_t
measure_field(walk_t *w, const gql_type_t *type, const gql_selection_t *sel, bool intro)
{
    measure_t m = {.depth = 1, .aliases = sel->alias.len ? 1 : 0, .fields = 1, .cost = 1};
    if (sel->selection_set == NULL)
        return m;
    const gql_field_t *f = type ? gql_type_field(type, sel->name) : NULL;
    bool child_intro =
        intro || str_eq_cstr(sel->name, "__schema") || str_eq_cstr(sel->name, "__type");
    size_t size = f && tref_is_list(f->type) && !child_intro ? list_size(w, sel) : 1;
    const gql_type_t *child_type = f ? gql_tref_named(f->type) : NULL;
    if (child_intro && w->schema && f == NULL)
        child_type =
            gql_schema_type(w->schema, str_eq_cstr(sel->name, "__schema") ? STR_LIT("__Schema")
                                                                          : STR_LIT("__Type"));
    measure_t c = measure_set(w, child_type, sel->selection_set, child_intro);
    m.depth = sat_add(c.depth, 1);
    m.aliases = sat_add(m.aliases, c.aliases);
    m.fields = sat_add(m.fields, c.fields);
    m.cost = sat_add(m.cost, sat_mul(size, c.cost));
    return m;
}

static void
merge(measure_t *into, measure_t m)
{
    if (m.depth > into->depth)
        into->depth = m.depth;
    into->aliases = sat_add(into->aliases, m.aliases);
    into->fields = sat_add(into->fields, m.fields);
    into->cost = sat_add(into->cost, m.cost);
}

static measure_t
measure_set(walk_t *w, const gql_type_t *type, const gql_selection_set_t *set, bool intro)
{
    measure_t m = {0};
    if (set == NULL || w->too_nested)
        return m;
    if (++w->nest > NEST_MAX) {
        w->too_nested = true;
        w->nest--;
        return m;
    }
    for (size_t i = 0; i < set->nitems; i++) {
        const gql_selection_t *sel = &set->items[i];
        switch (sel->kind) {
        case GQL_SEL_FIELD:
            merge(&m, measure_field(w, type, sel, intro));
            break;
        case GQL_SEL_FRAGMENT_SPREAD:
            merge(&m, measure_spread(w, sel, intro));
            break;
        case GQL_SEL_INLINE_FRAGMENT:
            merge(&m, measure_set(w, named_type(w, sel->type_condition, type), sel->selection_set,
                                  intro));
            break;
        }
    }
    w->nest--;
    return m;
}

static const gql_type_t *
root_type(const gql_schema_t *s, gql_op_kind_t kind)
{
    if (s == NULL)
        return NULL;
    return kind == GQL_OP_QUERY      ? s->query
           : kind == GQL_OP_MUTATION ? s->mutation
                                     : s->subscription;
}

/* Adds the error for the first limit m breaks; -1 then, else 0. */
static int
judge(const gql_limits_t *lim, const walk_t *w, measure_t m, gql_errors_t *errs)
{
    if (w->too_nested || m.depth > lim->max_depth) {
        if (w->too_nested)
            gql_error_add(errs, "The query is too deep: more than %d nested selections.", NEST_MAX);
        else
            gql_error_add(errs, "The query is too deep: %zu levels, at most %zu are allowed.",
                          m.depth, lim->max_depth);
        return -1;
    }
    if (m.aliases > lim->max_aliases) {
        gql_error_add(errs, "The query has too many aliases: %zu, at most %zu are allowed.",
                      m.aliases, lim->max_aliases);
        return -1;
    }
    if (m.fields > lim->max_fields) {
        gql_error_add(errs, "The query has too many fields: %zu, at most %zu are allowed.",
                      m.fields, lim->max_fields);
        return -1;
    }
    if (m.cost > lim->max_cost) {
        gql_error_add(errs, "The query is too costly: %zu, at most %zu is allowed.", m.cost,
                      lim->max_cost);
        return -1;
    }
    return 0;
}

int
gql_check_limits(const gql_schema_t *s, const gql_document_t *doc, json_object *variables,
                 const gql_limits_t *limits, gql_errors_t *errs)
{
    walk_t w = {
        .schema = s, .doc = doc, .variables = variables, .arena = errs->arena, .limits = limits};
    w.memo = arena_alloc(errs->arena, sat_mul(doc->ndefs ? doc->ndefs : 1, 2 * sizeof(memo_t)));
    if (w.memo == NULL) {
        gql_error_add(errs, "Out of memory.");
        return -1;
    }
    memset(w.memo, 0, 2 * doc->ndefs * sizeof(memo_t));
    w.defaults = variable_defaults(doc, errs->arena);
    measure_t total = {0};
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_OPERATION)
            continue;
        const gql_operation_t *op = doc->defs[i].u.operation;
        measure_t m = measure_set(&w, root_type(s, op->kind), op->selection_set, false);
        /* Operations run one at a time: depth and cost are the worst one's;
         * the counts are of the document, which is parsed and validated whole. */
        if (m.cost > total.cost)
            total.cost = m.cost;
        m.cost = 0;
        merge(&total, m);
    }
    json_object_put(w.defaults);
    return judge(limits, &w, total, errs);
}
