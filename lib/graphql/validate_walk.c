/* The typed walk of the validation rules (validate_walk.h): graphql-js's
 * TypeInfo over operations and fragment definitions, with the
 * meta-fields __typename, __schema and __type. */
#include "graphql/validate_walk.h"

#include <string.h>

static void walk_set(vw_t *w, const gql_selection_set_t *set, const gql_type_t *parent);

static void
tref_named(gql_tref_t *t, const gql_type_t *named)
{
    *t = (gql_tref_t){.kind = GQL_TYPE_NAMED, .named = named};
}

static void
tref_non_null(gql_tref_t *t, const gql_tref_t *of)
{
    *t = (gql_tref_t){.kind = GQL_TYPE_NON_NULL, .of = of};
}

/* __typename: String!, __schema: __Schema!, __type(name: String!): __Type */
static void
meta_fields_init(vw_t *w)
{
    tref_named(&w->string_t, gql_schema_type(w->schema, STR_LIT("String")));
    tref_non_null(&w->string_nn, &w->string_t);
    tref_named(&w->schema_t, gql_schema_type(w->schema, STR_LIT("__Schema")));
    tref_non_null(&w->schema_nn, &w->schema_t);
    tref_named(&w->type_t, gql_schema_type(w->schema, STR_LIT("__Type")));
    w->meta_typename = (gql_field_t){.name = STR_LIT("__typename"), .type = &w->string_nn};
    w->meta_schema = (gql_field_t){.name = STR_LIT("__schema"), .type = &w->schema_nn};
    w->meta_type_arg = (gql_input_value_t){.name = STR_LIT("name"), .type = &w->string_nn};
    w->meta_type = (gql_field_t){
        .name = STR_LIT("__type"), .type = &w->type_t, .args = &w->meta_type_arg, .nargs = 1};
}

const gql_field_t *
vw_field_def(const vw_t *w, const gql_type_t *parent, str_t name)
{
    if (!parent)
        return NULL;
    bool root = parent == w->schema->query;
    if (root && str_eq_cstr(name, "__schema"))
        return w->schema_t.named ? &w->meta_schema : NULL;
    if (root && str_eq_cstr(name, "__type"))
        return w->type_t.named ? &w->meta_type : NULL;
    if (str_eq_cstr(name, "__typename") && gql_type_is_composite(parent))
        return w->string_t.named ? &w->meta_typename : NULL;
    if (parent->kind == GQL_KIND_OBJECT || parent->kind == GQL_KIND_INTERFACE)
        return gql_type_field(parent, name);
    return NULL;
}

static void
walk_directives(vw_t *w, const gql_directive_t *d, size_t n, gql_dirloc_t where)
{
    if (w->on_directives && n)
        w->on_directives(w, d, n, where);
}

static const gql_type_t *
composite_or_null(const gql_type_t *t)
{
    return t && gql_type_is_composite(t) ? t : NULL;
}

static void
walk_field(vw_t *w, const gql_selection_t *f, const gql_type_t *parent)
{
    const gql_field_t *def = vw_field_def(w, parent, f->name);
    if (w->on_field)
        w->on_field(w, f, parent, def);
    walk_directives(w, f->directives, f->ndirectives, GQL_DIRLOC_FIELD);
    if (f->selection_set)
        walk_set(w, f->selection_set, def ? composite_or_null(gql_tref_named(def->type)) : NULL);
    if (w->on_field_leave)
        w->on_field_leave(w, f, parent, def);
}

/* typeFromAST for a type condition, kept only when it is an output type. */
static const gql_type_t *
condition_type(const vw_t *w, str_t name)
{
    const gql_type_t *t = gql_schema_type(w->schema, name);
    return t && t->kind != GQL_KIND_INPUT_OBJECT ? t : NULL;
}

static void
walk_inline(vw_t *w, const gql_selection_t *s, const gql_type_t *parent)
{
    const gql_type_t *type = s->type_condition.len ? condition_type(w, s->type_condition) : parent;
    if (w->on_inline)
        w->on_inline(w, s, parent, type);
    walk_directives(w, s->directives, s->ndirectives, GQL_DIRLOC_INLINE_FRAGMENT);
    if (s->selection_set)
        walk_set(w, s->selection_set, composite_or_null(type));
}

static void
walk_set(vw_t *w, const gql_selection_set_t *set, const gql_type_t *parent)
{
    for (size_t i = 0; i < set->nitems; i++) {
        const gql_selection_t *s = &set->items[i];
        switch (s->kind) {
        case GQL_SEL_FIELD:
            walk_field(w, s, parent);
            break;
        case GQL_SEL_INLINE_FRAGMENT:
            walk_inline(w, s, parent);
            break;
        case GQL_SEL_FRAGMENT_SPREAD:
            if (w->on_spread)
                w->on_spread(w, s, parent);
            walk_directives(w, s->directives, s->ndirectives, GQL_DIRLOC_FRAGMENT_SPREAD);
            break;
        }
    }
}

static void
walk_operation(vw_t *w, const gql_operation_t *op)
{
    static const gql_dirloc_t where[] = {GQL_DIRLOC_QUERY, GQL_DIRLOC_MUTATION,
                                         GQL_DIRLOC_SUBSCRIPTION};
    const gql_type_t *root = op->kind == GQL_OP_QUERY      ? w->schema->query
                             : op->kind == GQL_OP_MUTATION ? w->schema->mutation
                                                           : w->schema->subscription;
    for (size_t i = 0; i < op->nvars; i++)
        walk_directives(w, op->vars[i].directives, op->vars[i].ndirectives,
                        GQL_DIRLOC_VARIABLE_DEFINITION);
    walk_directives(w, op->directives, op->ndirectives, where[op->kind]);
    if (op->selection_set)
        walk_set(w, op->selection_set, root);
}

void
vw_walk(vw_t *w)
{
    meta_fields_init(w);
    for (size_t i = 0; i < w->doc->ndefs; i++) {
        const gql_definition_t *d = &w->doc->defs[i];
        if (w->on_definition && (d->kind == GQL_DEF_OPERATION || d->kind == GQL_DEF_FRAGMENT))
            w->on_definition(w, d);
        if (d->kind == GQL_DEF_OPERATION) {
            walk_operation(w, d->u.operation);
        } else if (d->kind == GQL_DEF_FRAGMENT) {
            const gql_fragment_t *f = d->u.fragment;
            walk_directives(w, f->directives, f->ndirectives, GQL_DIRLOC_FRAGMENT_DEFINITION);
            if (f->selection_set)
                walk_set(w, f->selection_set,
                         composite_or_null(condition_type(w, f->type_condition)));
        }
    }
}

bool
vw_is_sub_type(const gql_type_t *abstract, const gql_type_t *maybe_sub)
{
    for (size_t i = 0; i < abstract->npossible; i++)
        if (abstract->possible[i] == maybe_sub)
            return true;
    if (abstract->kind == GQL_KIND_INTERFACE && maybe_sub->kind == GQL_KIND_INTERFACE)
        for (size_t i = 0; i < maybe_sub->ninterfaces; i++)
            if (maybe_sub->interfaces[i] == abstract)
                return true;
    return false;
}

static bool
abstract(const gql_type_t *t)
{
    return t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION;
}

bool
vw_types_overlap(const gql_type_t *a, const gql_type_t *b)
{
    if (a == b)
        return true;
    if (abstract(a) && abstract(b)) {
        for (size_t i = 0; i < a->npossible; i++)
            if (vw_is_sub_type(b, a->possible[i]))
                return true;
        return false;
    }
    if (abstract(a))
        return vw_is_sub_type(a, b);
    return abstract(b) && vw_is_sub_type(b, a);
}

void
vw_type_ref_print(const gql_type_ref_t *t, buf_t *out)
{
    if (!t)
        return;
    if (t->kind == GQL_TYPE_NAMED) {
        buf_str(out, t->name);
    } else if (t->kind == GQL_TYPE_LIST) {
        buf_putc(out, '[');
        vw_type_ref_print(t->of, out);
        buf_putc(out, ']');
    } else {
        vw_type_ref_print(t->of, out);
        buf_putc(out, '!');
    }
}

/* A copy of what print wrote, in the arena. */
static const char *
printed(arena_t *a, buf_t *b)
{
    const char *s = b->failed ? NULL : arena_strndup(a, b->data ? b->data : "", b->len);
    buf_free(b);
    return s ? s : "";
}

const char *
vw_type_ref_cstr(arena_t *a, const gql_type_ref_t *t)
{
    buf_t b;
    buf_init(&b);
    vw_type_ref_print(t, &b);
    return printed(a, &b);
}

const char *
vw_tref_cstr(arena_t *a, const gql_tref_t *t)
{
    buf_t b;
    buf_init(&b);
    gql_tref_print(t, &b);
    return printed(a, &b);
}

const char *
vw_cstr(arena_t *a, str_t s)
{
    const char *c = arena_strndup(a, s.p ? s.p : "", s.len);
    return c ? c : "";
}
