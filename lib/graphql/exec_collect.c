/* CollectFields (specification 6.3.2; graphql-js execution/collectFields.js):
 * the response keys of a selection set for one object type, in order,
 * each with its field nodes, after @skip/@include, fragment spreads and
 * inline fragments whose type condition the type meets. */
#include "graphql/exec_internal.h"

#include "graphql/coerce.h"
#include "graphql/introspection.h"

enum { COLLECT_LINEAR_MAX = 16 }; /* past this many keys, a hash finds them */

typedef struct {
    gql_exec_t *x;
    const gql_type_t *type;
    exec_field_t *items;
    size_t n, cap;
    uint32_t *hash; /* slots hold index + 1; 0 is empty */
    size_t hash_cap;
    str_t *visited; /* fragment names */
    size_t nvisited, visited_cap;
} collect_t;

static uint32_t
key_hash(str_t s)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.p[i]) * 16777619u;
    return h;
}

static void
hash_insert(collect_t *c, size_t i)
{
    size_t at = key_hash(c->items[i].key) & (c->hash_cap - 1);
    while (c->hash[at])
        at = (at + 1) & (c->hash_cap - 1);
    c->hash[at] = (uint32_t)i + 1;
}

/* Keeps the hash at most half full. */
static int
hash_add(collect_t *c)
{
    if (c->n * 2 <= c->hash_cap) {
        hash_insert(c, c->n - 1);
        return 0;
    }
    size_t cap = c->hash_cap ? c->hash_cap * 2 : 4 * COLLECT_LINEAR_MAX;
    c->hash = arena_calloc(c->x->a, cap, sizeof *c->hash);
    if (!c->hash)
        return -1;
    c->hash_cap = cap;
    for (size_t i = 0; i < c->n; i++)
        hash_insert(c, i);
    return 0;
}

static exec_field_t *
find_key(collect_t *c, str_t key)
{
    if (!c->hash) {
        for (size_t i = 0; i < c->n; i++)
            if (str_eq(c->items[i].key, key))
                return &c->items[i];
        return NULL;
    }
    for (size_t at = key_hash(key) & (c->hash_cap - 1); c->hash[at];
         at = (at + 1) & (c->hash_cap - 1))
        if (str_eq(c->items[c->hash[at] - 1].key, key))
            return &c->items[c->hash[at] - 1];
    return NULL;
}

/* Doubles *items (of size each) in the arena when full. */
static int
grow(arena_t *a, void **items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *grown = arena_alloc(a, ncap * size);
    if (!grown)
        return -1;
    if (n)
        memcpy(grown, *items, n * size);
    *items = grown;
    *cap = ncap;
    return 0;
}

static int
add_node(collect_t *c, const gql_selection_t *sel)
{
    str_t key = gql_response_key(sel);
    exec_field_t *f = find_key(c, key);
    if (!f) {
        if (grow(c->x->a, (void **)&c->items, c->n, &c->cap, sizeof *c->items) != 0)
            return -1;
        f = &c->items[c->n++];
        *f = (exec_field_t){.key = key};
        if (c->n > COLLECT_LINEAR_MAX && hash_add(c) != 0)
            return -1;
    }
    if ((f->nnodes & (f->nnodes - 1)) == 0) { /* 0, 1, 2, 4...: full */
        const gql_selection_t **grown =
            arena_alloc(c->x->a, (f->nnodes ? f->nnodes * 2 : 1) * sizeof *grown);
        if (!grown)
            return -1;
        if (f->nnodes)
            memcpy(grown, f->nodes, f->nnodes * sizeof *grown);
        f->nodes = grown;
    }
    f->nodes[f->nnodes++] = sel;
    return 0;
}

/* The `if` of @skip or @include on these directives: -1 absent. */
static int
directive_if(gql_exec_t *x, const gql_directive_t *dirs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!str_eq_cstr(dirs[i].name, name))
            continue;
        for (size_t j = 0; j < dirs[i].nargs; j++) {
            const gql_value_t *v = dirs[i].args[j].value;
            if (!str_eq_cstr(dirs[i].args[j].name, "if"))
                continue;
            if (v->kind == GQL_VALUE_BOOLEAN)
                return v->boolean;
            const gql_val_t *var =
                v->kind == GQL_VALUE_VARIABLE ? gql_coerce_var(&x->vars, v->name) : NULL;
            if (var && var->kind == GQL_VAL_BOOLEAN)
                return var->b;
        }
        return -1;
    }
    return -1;
}

static bool
should_include(gql_exec_t *x, const gql_directive_t *dirs, size_t n)
{
    if (n == 0)
        return true;
    return directive_if(x, dirs, n, "skip") != 1 && directive_if(x, dirs, n, "include") != 0;
}

static bool
condition_matches(collect_t *c, str_t condition)
{
    if (condition.len == 0)
        return true;
    const gql_type_t *t = gql_schema_type(c->x->p->schema, condition);
    if (!t)
        return false;
    if (t == c->type)
        return true;
    return (t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION) &&
           gql_type_is_possible(t, c->type);
}

static const gql_fragment_t *
find_fragment(const gql_document_t *doc, str_t name)
{
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_FRAGMENT && str_eq(doc->defs[i].u.fragment->name, name))
            return doc->defs[i].u.fragment;
    return NULL;
}

static int collect_set(collect_t *c, const gql_selection_set_t *set);

static int
collect_spread(collect_t *c, const gql_selection_t *sel)
{
    for (size_t i = 0; i < c->nvisited; i++)
        if (str_eq(c->visited[i], sel->name))
            return 0;
    if (!should_include(c->x, sel->directives, sel->ndirectives))
        return 0;
    if (grow(c->x->a, (void **)&c->visited, c->nvisited, &c->visited_cap, sizeof *c->visited) != 0)
        return -1;
    c->visited[c->nvisited++] = sel->name;
    const gql_fragment_t *frag = find_fragment(c->x->p->doc, sel->name);
    if (!frag || !condition_matches(c, frag->type_condition))
        return 0;
    return collect_set(c, frag->selection_set);
}

static int
collect_set(collect_t *c, const gql_selection_set_t *set)
{
    for (size_t i = 0; i < set->nitems; i++) {
        const gql_selection_t *sel = &set->items[i];
        int r = 0;
        if (sel->kind == GQL_SEL_FRAGMENT_SPREAD)
            r = collect_spread(c, sel);
        else if (!should_include(c->x, sel->directives, sel->ndirectives))
            continue;
        else if (sel->kind == GQL_SEL_FIELD)
            r = add_node(c, sel);
        else if (condition_matches(c, sel->type_condition))
            r = collect_set(c, sel->selection_set);
        if (r != 0)
            return -1;
    }
    return 0;
}

/* Binds each key to its field definition; keys without one are dropped,
 * as graphql-js skips them. */
static void
bind_definitions(collect_t *c, exec_fields_t *out)
{
    bool root = c->type == c->x->p->schema->query;
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        exec_field_t *f = &c->items[i];
        str_t name = f->nodes[0]->name;
        if (str_eq_cstr(name, "__typename"))
            f->kind = EXEC_FIELD_TYPENAME;
        else if (root && (str_eq_cstr(name, "__schema") || str_eq_cstr(name, "__type"))) {
            f->kind = EXEC_FIELD_META;
            f->def = gql_schema_meta_field(c->x->p->schema, name);
        } else if (!(f->def = gql_type_field(c->type, name)))
            continue;
        c->items[n++] = *f;
    }
    out->items = c->items;
    out->n = n;
}

int
exec_collect(gql_exec_t *x, const gql_type_t *t, const exec_field_t *field,
             const gql_selection_set_t *set, exec_fields_t *out)
{
    collect_t c = {.x = x, .type = t};
    if (!field) {
        if (collect_set(&c, set) != 0)
            return -1;
    } else {
        for (size_t i = 0; i < field->nnodes; i++)
            if (field->nodes[i]->selection_set &&
                collect_set(&c, field->nodes[i]->selection_set) != 0)
                return -1;
    }
    bind_definitions(&c, out);
    return 0;
}
