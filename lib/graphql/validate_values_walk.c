/* The walk of values with TypeInfo's input types (validate_values.h): the
 * type of an argument comes from its field or directive; an unknown
 * directive's arguments are looked up on the innermost field, as TypeInfo
 * does; __schema and __type are fields of the query type. */
#include "graphql/validate_values.h"

static gql_tref_t *
tref_named(arena_t *a, const gql_type_t *t, bool non_null)
{
    gql_tref_t *named = arena_calloc(a, 2, sizeof *named);
    if (!named)
        return NULL;
    named[0] = (gql_tref_t){.kind = GQL_TYPE_NAMED, .named = t};
    named[1] = (gql_tref_t){.kind = GQL_TYPE_NON_NULL, .of = &named[0]};
    return non_null ? &named[1] : &named[0];
}

/* __schema: __Schema! and __type(name: String!): __Type, made once. */
static void
make_meta_fields(gql_values_walk_t *w)
{
    const gql_schema_t *s = w->schema;
    w->schema_meta = arena_calloc(w->arena, 2, sizeof *w->schema_meta);
    gql_input_value_t *name = arena_calloc(w->arena, 1, sizeof *name);
    if (!w->schema_meta || !name)
        return;
    w->type_meta = &w->schema_meta[1];
    w->schema_meta->name = STR_LIT("__schema");
    w->schema_meta->type = tref_named(w->arena, gql_schema_type(s, STR_LIT("__Schema")), true);
    name->name = STR_LIT("name");
    name->type = tref_named(w->arena, gql_schema_type(s, STR_LIT("String")), true);
    w->type_meta->name = STR_LIT("__type");
    w->type_meta->args = name;
    w->type_meta->nargs = 1;
    w->type_meta->type = tref_named(w->arena, gql_schema_type(s, STR_LIT("__Type")), false);
}

/* TypeInfo's getFieldDef; __typename has neither arguments nor fields,
 * so it is as good as unknown here. */
static const gql_field_t *
field_def(gql_values_walk_t *w, const gql_type_t *parent, str_t name)
{
    if (!parent)
        return NULL;
    if (parent == w->schema->query && str_starts_with(name, "__")) {
        if (!w->schema_meta)
            make_meta_fields(w);
        if (w->schema_meta && str_eq_cstr(name, "__schema"))
            return w->schema_meta;
        if (w->type_meta && str_eq_cstr(name, "__type"))
            return w->type_meta;
    }
    if (parent->kind != GQL_KIND_OBJECT && parent->kind != GQL_KIND_INTERFACE)
        return NULL;
    return gql_type_field(parent, name);
}

static const gql_input_value_t *
directive_arg(const gql_directive_type_t *d, str_t name)
{
    for (size_t i = 0; i < d->nargs; i++)
        if (str_eq(d->args[i].name, name))
            return &d->args[i];
    return NULL;
}

/* The type if it is an input type (TypeInfo's isInputType check). */
static const gql_tref_t *
input_or_null(const gql_tref_t *t)
{
    const gql_type_t *named = t ? gql_tref_named(t) : NULL;
    return named && gql_type_is_input(named) ? t : NULL;
}

static void
walk_arguments(gql_values_walk_t *w, const gql_argument_t *args, size_t n,
               const gql_directive_type_t *directive, const gql_field_t *field)
{
    for (size_t i = 0; i < n; i++) {
        const gql_input_value_t *def = directive ? directive_arg(directive, args[i].name)
                                       : field   ? gql_field_arg(field, args[i].name)
                                                 : NULL;
        if (w->visit)
            w->visit(w, args[i].value, input_or_null(def ? def->type : NULL),
                     def && def->default_value);
    }
}

void
gql_values_walk_directives(gql_values_walk_t *w, const gql_directive_t *dirs, size_t n,
                           const gql_field_t *field)
{
    for (size_t i = 0; i < n; i++) {
        const gql_directive_type_t *d = gql_schema_directive(w->schema, dirs[i].name);
        walk_arguments(w, dirs[i].args, dirs[i].nargs, d, field);
    }
}

static const gql_type_t *
composite_or_null(const gql_type_t *t)
{
    return t && gql_type_is_composite(t) ? t : NULL;
}

static void walk_selection(gql_values_walk_t *w, const gql_selection_t *sel,
                           const gql_type_t *parent, const gql_field_t *field);

static void
walk_selections(gql_values_walk_t *w, const gql_selection_set_t *set, const gql_type_t *parent,
                const gql_field_t *field, bool inline_fragment)
{
    if (!set)
        return;
    if (w->visit_set)
        w->visit_set(w, set, parent, inline_fragment);
    for (size_t i = 0; !w->stop && i < set->nitems; i++)
        walk_selection(w, &set->items[i], parent, field);
}

static void
walk_selection(gql_values_walk_t *w, const gql_selection_t *sel, const gql_type_t *parent,
               const gql_field_t *field)
{
    if (sel->kind == GQL_SEL_FIELD) {
        const gql_field_t *def = field_def(w, parent, sel->name);
        walk_arguments(w, sel->args, sel->nargs, NULL, def);
        gql_values_walk_directives(w, sel->directives, sel->ndirectives, def);
        const gql_type_t *type = def && def->type ? gql_tref_named(def->type) : NULL;
        walk_selections(w, sel->selection_set, composite_or_null(type), def, false);
    } else if (sel->kind == GQL_SEL_FRAGMENT_SPREAD) {
        gql_values_walk_directives(w, sel->directives, sel->ndirectives, field);
    } else {
        const gql_type_t *type =
            sel->type_condition.len ? gql_schema_type(w->schema, sel->type_condition) : parent;
        gql_values_walk_directives(w, sel->directives, sel->ndirectives, field);
        walk_selections(w, sel->selection_set, composite_or_null(type), field, true);
    }
}

static const gql_type_t *
root_type(const gql_schema_t *s, gql_op_kind_t kind)
{
    return kind == GQL_OP_QUERY      ? s->query
           : kind == GQL_OP_MUTATION ? s->mutation
                                     : s->subscription;
}

void
gql_values_walk_operation(gql_values_walk_t *w, const gql_operation_t *op)
{
    for (size_t i = 0; !w->skip_variable_defs && i < op->nvars; i++) {
        const gql_variable_def_t *var = &op->vars[i];
        if (var->default_value && w->visit)
            w->visit(w, var->default_value,
                     input_or_null(gql_tref_from_ast(w->arena, w->schema, var->type)), false);
        gql_values_walk_directives(w, var->directives, var->ndirectives, NULL);
    }
    gql_values_walk_directives(w, op->directives, op->ndirectives, NULL);
    walk_selections(w, op->selection_set, composite_or_null(root_type(w->schema, op->kind)), NULL,
                    false);
}

void
gql_values_walk_fragment(gql_values_walk_t *w, const gql_fragment_t *f)
{
    const gql_type_t *type = gql_schema_type(w->schema, f->type_condition);
    gql_values_walk_directives(w, f->directives, f->ndirectives, NULL);
    walk_selections(w, f->selection_set, composite_or_null(type), NULL, false);
}
