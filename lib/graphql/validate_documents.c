/* The rules about the document's definitions as a whole and the types
 * they name, in graphql-js's order: ExecutableDefinitions,
 * UniqueOperationNames, LoneAnonymousOperation, SingleFieldSubscriptions
 * (validate_subscription.c), then KnownTypeNames,
 * FragmentsOnCompositeTypes and VariablesAreInputTypes in one walk, so
 * their errors interleave as graphql-js's parallel visit has them. */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

void vw_single_field_subscriptions(const gql_schema_t *s, const gql_document_t *doc,
                                   gql_errors_t *errs);

static void
executable_definitions(const gql_document_t *doc, gql_errors_t *errs)
{
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_definition_t *d = &doc->defs[i];
        if (d->kind == GQL_DEF_OPERATION || d->kind == GQL_DEF_FRAGMENT)
            continue;
        if (d->kind == GQL_DEF_SCHEMA) {
            vw_error(errs, d->loc, "The schema definition is not executable.");
            continue;
        }
        str_t name = d->kind == GQL_DEF_TYPE ? d->u.type->name : d->u.directive->name;
        vw_error(errs, d->loc, "The \"%.*s\" definition is not executable.", STR_FMT(name));
    }
}

static void
unique_operation_names(const gql_document_t *doc, gql_errors_t *errs)
{
    vw_map_t seen;
    if (vw_map_init(&seen, errs->arena, doc->ndefs) != 0)
        return;
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_operation_t *op = doc->defs[i].u.operation;
        if (doc->defs[i].kind != GQL_DEF_OPERATION || !op->name.len)
            continue;
        const gql_operation_t *first = vw_map_add(&seen, errs->arena, op->name, (void *)op);
        if (!first)
            continue;
        gql_error_t *e =
            vw_error(errs, first->name_loc, "There can be only one operation named \"%.*s\".",
                     STR_FMT(op->name));
        gql_error_add_loc(errs, e, op->name_loc);
    }
}

static void
lone_anonymous_operation(const gql_document_t *doc, gql_errors_t *errs)
{
    size_t nops = 0;
    for (size_t i = 0; i < doc->ndefs; i++)
        nops += doc->defs[i].kind == GQL_DEF_OPERATION;
    for (size_t i = 0; i < doc->ndefs && nops > 1; i++)
        if (doc->defs[i].kind == GQL_DEF_OPERATION && !doc->defs[i].u.operation->name.len)
            vw_error(errs, doc->defs[i].u.operation->loc,
                     "This anonymous operation must be the only defined operation.");
}

/* --- KnownTypeNames, FragmentsOnCompositeTypes, VariablesAreInputTypes --- */

typedef struct {
    vw_map_t defined; /* type names the document defines itself */
    str_t *names;     /* the schema's and the document's, for suggestions */
    size_t nnames;
} types_t;

static bool
type_known(const vw_t *w, str_t name)
{
    const types_t *t = w->data;
    return gql_schema_type(w->schema, name) || vw_map_get(&t->defined, name);
}

static void
unknown_type(vw_t *w, str_t name, gql_loc_t loc)
{
    const types_t *t = w->data;
    buf_t msg;
    buf_init(&msg);
    buf_printf(&msg, "Unknown type \"%.*s\".", STR_FMT(name));
    if (!vw_errs_full(w->errs)) {
        str_t *near;
        size_t n = vw_suggest(w->errs->arena, name, t->names, t->nnames, &near);
        vw_did_you_mean(&msg, NULL, near, n);
    }
    vw_error(w->errs, loc, "%s", buf_cstr(&msg));
    buf_free(&msg);
}

/* A type condition: KnownTypeNames, then FragmentsOnCompositeTypes. */
static void
check_condition(vw_t *w, str_t cond, gql_loc_t loc, const gql_fragment_t *frag)
{
    if (!type_known(w, cond)) {
        unknown_type(w, cond, loc);
        return;
    }
    const gql_type_t *t = gql_schema_type(w->schema, cond);
    if (!t || gql_type_is_composite(t))
        return;
    if (frag)
        vw_error(w->errs, loc, "Fragment \"%.*s\" cannot condition on non composite type \"%.*s\".",
                 STR_FMT(frag->name), STR_FMT(cond));
    else
        vw_error(w->errs, loc, "Fragment cannot condition on non composite type \"%.*s\".",
                 STR_FMT(cond));
}

static void
check_variable_type(vw_t *w, const gql_variable_def_t *v)
{
    const gql_type_ref_t *named = v->type;
    while (named && named->kind != GQL_TYPE_NAMED)
        named = named->of;
    if (!named)
        return;
    if (!type_known(w, named->name)) {
        unknown_type(w, named->name, named->loc);
        return;
    }
    const gql_type_t *t = gql_schema_type(w->schema, named->name);
    if (t && !gql_type_is_input(t))
        vw_error(w->errs, v->type->loc, "Variable \"$%.*s\" cannot be non-input type \"%s\".",
                 STR_FMT(v->name), vw_type_ref_cstr(w->errs->arena, v->type));
}

static void
types_definition(vw_t *w, const gql_definition_t *d)
{
    if (d->kind == GQL_DEF_FRAGMENT) {
        const gql_fragment_t *f = d->u.fragment;
        check_condition(w, f->type_condition, f->type_condition_loc, f);
        return;
    }
    const gql_operation_t *op = d->u.operation;
    for (size_t i = 0; i < op->nvars; i++)
        check_variable_type(w, &op->vars[i]);
}

static void
types_inline(vw_t *w, const gql_selection_t *s, const gql_type_t *parent, const gql_type_t *type)
{
    (void)parent, (void)type;
    if (s->type_condition.len)
        check_condition(w, s->type_condition, s->type_condition_loc, NULL);
}

static void
types_sdl_ref(const vw_sdl_t *v, const gql_type_ref_t *named)
{
    vw_t *w = v->data;
    if (!type_known(w, named->name))
        unknown_type(w, named->name, named->loc);
}

static int
types_init(types_t *t, arena_t *a, const gql_schema_t *s, const gql_document_t *doc)
{
    if (vw_map_init(&t->defined, a, doc->ndefs) != 0)
        return -1;
    t->names = arena_alloc(a, (s->ntypes + doc->ndefs + 1) * sizeof *t->names);
    if (!t->names)
        return -1;
    t->nnames = 0;
    for (size_t i = 0; i < s->ntypes; i++)
        t->names[t->nnames++] = s->types[i]->name;
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_definition_t *d = &doc->defs[i];
        if (d->kind != GQL_DEF_TYPE || d->u.type->extension)
            continue;
        if (!vw_map_add(&t->defined, a, d->u.type->name, (void *)d) &&
            !gql_schema_type(s, d->u.type->name))
            t->names[t->nnames++] = d->u.type->name;
    }
    return 0;
}

void
gql_validate_documents(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    executable_definitions(doc, errs);
    unique_operation_names(doc, errs);
    lone_anonymous_operation(doc, errs);
    vw_single_field_subscriptions(s, doc, errs);
    if (vw_aborted(errs))
        return;
    types_t types;
    if (types_init(&types, errs->arena, s, doc) != 0)
        return;
    vw_t w = {.schema = s, .doc = doc, .errs = errs, .data = &types};
    w.on_definition = types_definition;
    w.on_inline = types_inline;
    vw_walk(&w);
    vw_sdl_t sdl = {.data = &w, .on_type_ref = types_sdl_ref};
    vw_sdl_walk(&sdl, doc);
}
