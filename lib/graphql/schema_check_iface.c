/* graphql-js's checks of `implements`: only interfaces, each once, not
 * itself, with their own interfaces too, and every interface field
 * provided with a compatible type (covariant) and the same arguments
 * (invariant), extra arguments optional. */
#include "graphql/schema_build.h"

static const gql_loc_t no_loc;

static bool
implements(const gql_type_t *t, const gql_type_t *iface)
{
    for (size_t i = 0; i < t->ninterfaces; i++)
        if (t->interfaces[i] == iface)
            return true;
    return false;
}

static bool
tref_equal(const gql_tref_t *a, const gql_tref_t *b)
{
    if (a->kind != b->kind)
        return false;
    return a->kind == GQL_TYPE_NAMED ? a->named == b->named : tref_equal(a->of, b->of);
}

/* graphql-js's isTypeSubTypeOf. */
static bool
tref_subtype(const gql_tref_t *sub, const gql_tref_t *super)
{
    if (tref_equal(sub, super))
        return true;
    if (super->kind == GQL_TYPE_NON_NULL)
        return sub->kind == GQL_TYPE_NON_NULL && tref_subtype(sub->of, super->of);
    if (sub->kind == GQL_TYPE_NON_NULL)
        return tref_subtype(sub->of, super);
    if (super->kind == GQL_TYPE_LIST)
        return sub->kind == GQL_TYPE_LIST && tref_subtype(sub->of, super->of);
    if (sub->kind == GQL_TYPE_LIST)
        return false;
    const gql_type_t *sup = super->named, *s = sub->named;
    if (sup->kind == GQL_KIND_UNION)
        return gql_type_is_possible(sup, s);
    return sup->kind == GQL_KIND_INTERFACE &&
           (s->kind == GQL_KIND_OBJECT || s->kind == GQL_KIND_INTERFACE) && implements(s, sup);
}

static void
check_args(build_t *b, const gql_type_t *t, const gql_type_t *iface, const gql_field_t *f,
           const gql_field_t *iface_field)
{
    for (size_t i = 0; i < iface_field->nargs; i++) {
        const gql_input_value_t *ia = &iface_field->args[i];
        const gql_input_value_t *a = gql_field_arg(f, ia->name);
        if (!a)
            build_error(b, no_loc,
                        "Interface field argument %.*s.%.*s(%.*s:) expected but %.*s.%.*s does "
                        "not provide it.",
                        STR_FMT(iface->name), STR_FMT(f->name), STR_FMT(ia->name), STR_FMT(t->name),
                        STR_FMT(f->name));
        else if (!tref_equal(ia->type, a->type))
            build_error(b, no_loc,
                        "Interface field argument %.*s.%.*s(%.*s:) expects type %s but "
                        "%.*s.%.*s(%.*s:) is type %s.",
                        STR_FMT(iface->name), STR_FMT(f->name), STR_FMT(ia->name),
                        build_tref_text(b, ia->type), STR_FMT(t->name), STR_FMT(f->name),
                        STR_FMT(a->name), build_tref_text(b, a->type));
    }
    for (size_t i = 0; i < f->nargs; i++)
        if (!gql_field_arg(iface_field, f->args[i].name) &&
            f->args[i].type->kind == GQL_TYPE_NON_NULL && !f->args[i].default_value)
            build_error(b, no_loc,
                        "Object field %.*s.%.*s includes required argument %.*s that is missing "
                        "from the Interface field %.*s.%.*s.",
                        STR_FMT(t->name), STR_FMT(f->name), STR_FMT(f->args[i].name),
                        STR_FMT(iface->name), STR_FMT(f->name));
}

static void
check_implements(build_t *b, const gql_type_t *t, const gql_type_t *iface)
{
    for (size_t i = 0; i < iface->ninterfaces; i++) {
        const gql_type_t *transitive = iface->interfaces[i];
        if (implements(t, transitive))
            continue;
        if (transitive == t)
            build_error(b, no_loc,
                        "Type %.*s cannot implement %.*s because it would create a circular "
                        "reference.",
                        STR_FMT(t->name), STR_FMT(iface->name));
        else
            build_error(b, no_loc,
                        "Type %.*s must implement %.*s because it is implemented by %.*s.",
                        STR_FMT(t->name), STR_FMT(transitive->name), STR_FMT(iface->name));
    }
    for (size_t j = 0; j < iface->nfields; j++) {
        const gql_field_t *iface_field = &iface->fields[j];
        const gql_field_t *f = gql_type_field(t, iface_field->name);
        if (!f) {
            build_error(b, no_loc,
                        "Interface field %.*s.%.*s expected but %.*s does not provide it.",
                        STR_FMT(iface->name), STR_FMT(iface_field->name), STR_FMT(t->name));
            continue;
        }
        if (!tref_subtype(f->type, iface_field->type))
            build_error(
                b, no_loc, "Interface field %.*s.%.*s expects type %s but %.*s.%.*s is type %s.",
                STR_FMT(iface->name), STR_FMT(f->name), build_tref_text(b, iface_field->type),
                STR_FMT(t->name), STR_FMT(f->name), build_tref_text(b, f->type));
        check_args(b, t, iface, f, iface_field);
    }
}

void
build_check_interfaces(build_t *b, const gql_type_t *t)
{
    for (size_t i = 0; i < t->ninterfaces; i++) {
        const gql_type_t *iface = t->interfaces[i];
        if (iface->kind != GQL_KIND_INTERFACE) {
            build_error(b, no_loc,
                        "Type %.*s must only implement Interface types, it cannot implement %.*s.",
                        STR_FMT(t->name), STR_FMT(iface->name));
            continue;
        }
        if (iface == t) {
            build_error(b, no_loc,
                        "Type %.*s cannot implement itself because it would create a circular "
                        "reference.",
                        STR_FMT(t->name));
            continue;
        }
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen = seen || t->interfaces[k] == iface;
        if (seen) {
            build_error(b, no_loc, "Type %.*s can only implement %.*s once.", STR_FMT(t->name),
                        STR_FMT(iface->name));
            continue;
        }
        check_implements(b, t, iface);
    }
}
