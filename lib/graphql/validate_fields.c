/* ScalarLeafs and FieldsOnCorrectType, in one walk (both look at a field
 * as graphql-js enters it, in this order). FieldsOnCorrectType suggests as
 * graphql-js does: on an interface or union, the types that have the field
 * (most used first, super types before their subtypes); otherwise field
 * names near the one asked for. */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

static void
scalar_leafs(vw_t *w, const gql_selection_t *f, const gql_field_t *def)
{
    const gql_type_t *named = def ? gql_tref_named(def->type) : NULL;
    if (!named)
        return;
    arena_t *a = w->errs->arena;
    if (gql_type_is_leaf(named)) {
        if (f->selection_set)
            vw_error(w->errs, f->selection_set->loc,
                     "Field \"%.*s\" must not have a selection since type \"%s\" has no "
                     "subfields.",
                     STR_FMT(f->name), vw_tref_cstr(a, def->type));
    } else if (!f->selection_set) {
        vw_error(w->errs, f->loc,
                 "Field \"%.*s\" of type \"%s\" must have a selection of subfields. Did you "
                 "mean \"%.*s { ... }\"?",
                 STR_FMT(f->name), vw_tref_cstr(a, def->type), STR_FMT(f->name));
    } else if (f->selection_set->nitems == 0) {
        vw_error(w->errs, f->loc,
                 "Field \"%.*s\" of type \"%s\" must have at least one field selected.",
                 STR_FMT(f->name), vw_tref_cstr(a, def->type));
    }
}

typedef struct {
    const gql_type_t *type;
    size_t uses;
} suggested_t;

static bool
is_abstract(const gql_type_t *t)
{
    return t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION;
}

static int
suggested_cmp(const void *x, const void *y)
{
    const suggested_t *a = x, *b = y;
    if (a->uses != b->uses)
        return a->uses > b->uses ? -1 : 1;
    if (a->type->kind == GQL_KIND_INTERFACE && vw_is_sub_type(a->type, b->type))
        return -1;
    if (b->type->kind == GQL_KIND_INTERFACE && vw_is_sub_type(b->type, a->type))
        return 1;
    return vw_natural_compare(a->type->name, b->type->name);
}

/* Counts one more use of t, adding it to the list when new. */
static void
use_type(suggested_t *list, size_t *n, const gql_type_t *t)
{
    for (size_t i = 0; i < *n; i++)
        if (list[i].type == t) {
            list[i].uses++;
            return;
        }
    list[(*n)++] = (suggested_t){t, 1};
}

static size_t
suggested_types(arena_t *a, const gql_type_t *type, str_t field, str_t **out)
{
    size_t cap = 1, n = 0;
    for (size_t i = 0; i < type->npossible; i++)
        cap += 1 + type->possible[i]->ninterfaces;
    suggested_t *list = arena_alloc(a, cap * sizeof *list);
    *out = arena_alloc(a, cap * sizeof **out);
    if (!list || !*out)
        return 0;
    for (size_t i = 0; i < type->npossible; i++) {
        const gql_type_t *p = type->possible[i];
        if (!gql_type_field(p, field))
            continue;
        use_type(list, &n, p);
        list[n - 1].uses = 1; /* graphql-js sets an object type's count to 1 */
        for (size_t j = 0; j < p->ninterfaces; j++)
            if (gql_type_field(p->interfaces[j], field))
                use_type(list, &n, p->interfaces[j]);
    }
    vw_js_sort(list, n, sizeof *list, suggested_cmp);
    for (size_t i = 0; i < n; i++)
        (*out)[i] = list[i].type->name;
    return n;
}

static size_t
suggested_fields(arena_t *a, const gql_type_t *type, str_t field, str_t **out)
{
    if (type->kind != GQL_KIND_OBJECT && type->kind != GQL_KIND_INTERFACE)
        return 0;
    str_t *names = arena_alloc(a, (type->nfields + 1) * sizeof *names);
    if (!names)
        return 0;
    for (size_t i = 0; i < type->nfields; i++)
        names[i] = type->fields[i].name;
    return vw_suggest(a, field, names, type->nfields, out);
}

static void
unknown_field(vw_t *w, const gql_selection_t *f, const gql_type_t *parent)
{
    arena_t *a = w->errs->arena;
    buf_t msg;
    buf_init(&msg);
    buf_printf(&msg, "Cannot query field \"%.*s\" on type \"%.*s\".", STR_FMT(f->name),
               STR_FMT(parent->name));
    if (!vw_errs_full(w->errs)) {
        str_t *near = NULL;
        size_t n = is_abstract(parent) ? suggested_types(a, parent, f->name, &near) : 0;
        if (n) {
            vw_did_you_mean(&msg, "to use an inline fragment on", near, n);
        } else {
            n = suggested_fields(a, parent, f->name, &near);
            vw_did_you_mean(&msg, NULL, near, n);
        }
    }
    vw_error(w->errs, f->loc, "%s", buf_cstr(&msg));
    buf_free(&msg);
}

static void
fields_on_field(vw_t *w, const gql_selection_t *f, const gql_type_t *parent, const gql_field_t *def)
{
    scalar_leafs(w, f, def);
    if (parent && !def)
        unknown_field(w, f, parent);
}

void
gql_validate_fields(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    vw_t w = {.schema = s, .doc = doc, .errs = errs, .on_field = fields_on_field};
    vw_walk(&w);
}
