/* Field maps for the overlap rule (graphql-js's collectFields), and the
 * comparison of arguments (sameArguments, stringifyValue). */
#include <stdlib.h>

#include "graphql/validate_overlap.h"

/* Appends one item to a growing arena array of items of size `size`. */
static void *
push(ovl_ctx_t *ctx, void **items, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t grown_cap = *cap ? 2 * *cap : 4;
        char *grown = arena_alloc(ctx->arena, grown_cap * size);
        if (!grown) {
            ovl_oom(ctx);
            return NULL;
        }
        if (*n)
            memcpy(grown, *items, *n * size);
        *items = grown;
        *cap = grown_cap;
    }
    return (char *)*items + (*n)++ * size;
}

const ovl_group_t *
ovl_group(ovl_ctx_t *ctx, const ovl_collect_t *c, uintptr_t name_id)
{
    uintptr_t index = ovl_map_get(&ctx->groups, (uintptr_t)c, name_id);
    return index ? &c->groups[index - 1] : NULL;
}

static void
add_field(ovl_ctx_t *ctx, ovl_collect_t *c, const gql_type_t *parent, const gql_selection_t *sel)
{
    ovl_field_t *f = arena_alloc(ctx->arena, sizeof *f);
    str_t name = gql_response_key(sel);
    uintptr_t id = ovl_intern(ctx, name);
    if (!f || !id)
        return;
    bool has_fields =
        parent && (parent->kind == GQL_KIND_OBJECT || parent->kind == GQL_KIND_INTERFACE);
    *f = (ovl_field_t){parent, sel, has_fields ? gql_type_field(parent, sel->name) : NULL,
                       sel->nargs == 0 && !sel->selection_set};
    uintptr_t index = ovl_map_get(&ctx->groups, (uintptr_t)c, id);
    if (!index) {
        ovl_group_t *g = push(ctx, (void **)&c->groups, &c->ngroups, &c->cap, sizeof *g);
        if (!g)
            return;
        *g = (ovl_group_t){.name = name, .name_id = id};
        index = c->ngroups;
        if (ovl_map_put(&ctx->groups, (uintptr_t)c, id, index) != 0) {
            c->ngroups--;
            ovl_oom(ctx);
            return;
        }
    }
    ovl_group_t *g = &c->groups[index - 1];
    ovl_field_t **slot = push(ctx, (void **)&g->fields, &g->n, &g->cap, sizeof *slot);
    if (slot)
        *slot = f;
}

static void
add_fragment(ovl_ctx_t *ctx, ovl_collect_t *c, str_t name)
{
    uintptr_t id = ovl_intern(ctx, name);
    if (!id || ovl_map_get(&ctx->spread, (uintptr_t)c, id))
        return;
    uintptr_t *slot =
        push(ctx, (void **)&c->fragments, &c->nfragments, &c->fragments_cap, sizeof *slot);
    if (slot && ovl_map_put(&ctx->spread, (uintptr_t)c, id, 1) == 0)
        *slot = id;
    else if (slot)
        c->nfragments--;
}

/* collectFieldsImpl: inline fragments are flattened into the map. */
static void
collect_into(ovl_ctx_t *ctx, ovl_collect_t *c, const gql_type_t *parent,
             const gql_selection_set_t *set)
{
    for (size_t i = 0; set && i < set->nitems; i++) {
        const gql_selection_t *sel = &set->items[i];
        if (sel->kind == GQL_SEL_FIELD)
            add_field(ctx, c, parent, sel);
        else if (sel->kind == GQL_SEL_FRAGMENT_SPREAD)
            add_fragment(ctx, c, sel->name);
        else
            collect_into(ctx, c,
                         sel->type_condition.len ? gql_schema_type(ctx->schema, sel->type_condition)
                                                 : parent,
                         sel->selection_set);
    }
}

ovl_collect_t *
ovl_collect(ovl_ctx_t *ctx, const gql_type_t *parent, const gql_selection_set_t *set)
{
    ovl_collect_t *c =
        (ovl_collect_t *)ovl_map_get(&ctx->collected, (uintptr_t)parent, (uintptr_t)set);
    if (c)
        return c;
    c = arena_calloc(ctx->arena, 1, sizeof *c);
    if (!c || ovl_map_put(&ctx->collected, (uintptr_t)parent, (uintptr_t)set, (uintptr_t)c) != 0) {
        ovl_oom(ctx);
        return NULL;
    }
    collect_into(ctx, c, parent, set);
    return c;
}

ovl_collect_t *
ovl_collect_fragment(ovl_ctx_t *ctx, uintptr_t name_id)
{
    if (!ctx->frags_ready && gql_fragtab_init(&ctx->frags, ctx->arena, ctx->doc) != 0) {
        ovl_oom(ctx);
        return NULL;
    }
    ctx->frags_ready = true;
    long id = gql_fragtab_find(&ctx->frags, ovl_name_str(ctx, name_id));
    if (id < 0)
        return NULL;
    const gql_fragment_t *f = ctx->frags.by_id[id];
    return ovl_collect(ctx, gql_schema_type(ctx->schema, f->type_condition), f->selection_set);
}

typedef struct {
    const gql_object_field_t *field;
    size_t index;
} sorted_field_t;

static int
sorted_field_cmp(const void *pa, const void *pb)
{
    const sorted_field_t *a = pa, *b = pb;
    str_t x = a->field->name, y = b->field->name;
    int c = memcmp(x.p, y.p, x.len < y.len ? x.len : y.len);
    if (c == 0)
        c = (x.len > y.len) - (x.len < y.len);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* A text equal for two literals exactly when stringifyValue's is: object
 * fields sorted by name, strings by value and blockness, numbers as
 * written. Every part carries its length, so no two literals share one. */
static void
canonical(ovl_ctx_t *ctx, buf_t *out, const gql_value_t *v)
{
    static const char tags[] = {
        [GQL_VALUE_VARIABLE] = 'V', [GQL_VALUE_INT] = 'I',     [GQL_VALUE_FLOAT] = 'F',
        [GQL_VALUE_STRING] = 'S',   [GQL_VALUE_BOOLEAN] = 'B', [GQL_VALUE_NULL] = 'N',
        [GQL_VALUE_ENUM] = 'E',     [GQL_VALUE_LIST] = 'L',    [GQL_VALUE_OBJECT] = 'O'};
    str_t text = v->kind == GQL_VALUE_INT || v->kind == GQL_VALUE_FLOAT ? v->raw
                 : v->kind == GQL_VALUE_STRING                          ? v->string
                                                                        : v->name;
    buf_putc(out, tags[v->kind]);
    if (v->kind == GQL_VALUE_BOOLEAN || v->kind == GQL_VALUE_STRING)
        buf_putc(out, v->kind == GQL_VALUE_BOOLEAN ? "ft"[v->boolean] : "sb"[v->block]);
    if (v->kind == GQL_VALUE_LIST) {
        for (size_t i = 0; i < v->nitems; i++)
            canonical(ctx, out, v->items[i]);
        buf_putc(out, ']');
    } else if (v->kind == GQL_VALUE_OBJECT) {
        sorted_field_t *sorted = arena_alloc(ctx->arena, (v->nfields + 1) * sizeof *sorted);
        if (!sorted) {
            ovl_oom(ctx);
            return;
        }
        for (size_t i = 0; i < v->nfields; i++)
            sorted[i] = (sorted_field_t){&v->fields[i], i};
        qsort(sorted, v->nfields, sizeof *sorted, sorted_field_cmp);
        for (size_t i = 0; i < v->nfields; i++) {
            buf_printf(out, "%zu:%.*s", sorted[i].field->name.len, STR_FMT(sorted[i].field->name));
            canonical(ctx, out, sorted[i].field->value);
        }
        buf_putc(out, '}');
    } else if (v->kind != GQL_VALUE_BOOLEAN && v->kind != GQL_VALUE_NULL) {
        buf_printf(out, "%zu:%.*s", text.len, STR_FMT(text));
    }
}

/* The canonical text of an argument's literal, made once per literal. */
static const str_t *
printed(ovl_ctx_t *ctx, const gql_value_t *v)
{
    const str_t *known = (const str_t *)ovl_map_get(&ctx->printed, (uintptr_t)v, 0);
    if (known)
        return known;
    buf_t out;
    buf_init(&out);
    canonical(ctx, &out, v);
    size_t len = out.len;
    str_t *text = arena_alloc(ctx->arena, sizeof *text);
    char *copy = out.failed ? NULL : arena_strndup(ctx->arena, out.data ? out.data : "", len);
    buf_free(&out);
    if (!text || !copy || ovl_map_put(&ctx->printed, (uintptr_t)v, 0, (uintptr_t)text) != 0) {
        ovl_oom(ctx);
        return NULL;
    }
    *text = (str_t){copy, len};
    return text;
}

bool
ovl_same_arguments(ovl_ctx_t *ctx, const gql_selection_t *f1, const gql_selection_t *f2)
{
    if (f1->nargs == 0 || f1->nargs != f2->nargs)
        return f1->nargs == f2->nargs;
    for (size_t i = 0; i < f1->nargs; i++) {
        if (!ovl_spend(ctx, 1))
            return false;
        const gql_value_t *v2 = NULL;
        for (size_t k = 0; k < f2->nargs; k++)
            if (str_eq(f2->args[k].name, f1->args[i].name))
                v2 = f2->args[k].value; /* the last one, as a Map keeps */
        if (!v2)
            return false;
        const str_t *a = printed(ctx, f1->args[i].value), *b = printed(ctx, v2);
        if (!a || !b || !str_eq(*a, *b))
            return false;
    }
    return true;
}
