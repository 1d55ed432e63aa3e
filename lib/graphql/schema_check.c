/* The checks of graphql-js's assertValidSchema that an SDL which parsed
 * and named only defined types can still fail, in its words: root types,
 * types without fields, members or values, output types used as input and
 * the reverse, and implementations missing an interface's fields. */
#include "graphql/schema_build.h"

static const gql_loc_t no_loc;

static bool
is_output(const gql_type_t *t)
{
    return t && t->kind != GQL_KIND_INPUT_OBJECT;
}

static int
check_root(build_t *b, const gql_type_t *t, const char *which, bool required)
{
    if (!t && required)
        return build_error(b, no_loc, "Query root type must be provided.");
    if (t && t->kind != GQL_KIND_OBJECT)
        return build_error(b, no_loc, "%s root type must be Object type%s, it cannot be %.*s.",
                           which, required ? "" : " if provided", STR_FMT(t->name));
    return 0;
}

static void
check_input_values(build_t *b, const gql_type_t *t, const gql_field_t *f)
{
    buf_t name;
    buf_init(&name);
    const gql_input_value_t *v = f ? f->args : t->input_fields;
    size_t n = f ? f->nargs : t->ninput_fields;
    for (size_t i = 0; i < n; i++) {
        if (gql_type_is_input(gql_tref_named(v[i].type)))
            continue;
        buf_reset(&name);
        gql_tref_print(v[i].type, &name);
        if (f)
            build_error(b, no_loc, "The type of %.*s.%.*s(%.*s:) must be Input Type but got: %s.",
                        STR_FMT(t->name), STR_FMT(f->name), STR_FMT(v[i].name), buf_cstr(&name));
        else
            build_error(b, no_loc, "The type of %.*s.%.*s must be Input Type but got: %s.",
                        STR_FMT(t->name), STR_FMT(v[i].name), buf_cstr(&name));
    }
    buf_free(&name);
}

static void
check_fields(build_t *b, const gql_type_t *t)
{
    if (t->nfields == 0)
        build_error(b, no_loc, "Type %.*s must define one or more fields.", STR_FMT(t->name));
    for (size_t i = 0; i < t->nfields; i++) {
        const gql_field_t *f = &t->fields[i];
        if (!is_output(gql_tref_named(f->type))) {
            buf_t name;
            buf_init(&name);
            gql_tref_print(f->type, &name);
            build_error(b, no_loc, "The type of %.*s.%.*s must be Output Type but got: %s.",
                        STR_FMT(t->name), STR_FMT(f->name), buf_cstr(&name));
            buf_free(&name);
        }
        check_input_values(b, t, f);
    }
}

static void
check_interfaces(build_t *b, const gql_type_t *t)
{
    for (size_t i = 0; i < t->ninterfaces; i++) {
        const gql_type_t *iface = t->interfaces[i];
        if (iface->kind != GQL_KIND_INTERFACE) {
            build_error(b, no_loc,
                        "Type %.*s must only implement Interface types, it cannot "
                        "implement %.*s.",
                        STR_FMT(t->name), STR_FMT(iface->name));
            continue;
        }
        for (size_t j = 0; j < iface->nfields; j++)
            if (!gql_type_field(t, iface->fields[j].name))
                build_error(b, no_loc,
                            "Interface field %.*s.%.*s expected but %.*s does not "
                            "provide it.",
                            STR_FMT(iface->name), STR_FMT(iface->fields[j].name), STR_FMT(t->name));
    }
}

static void
check_union(build_t *b, const gql_type_t *t)
{
    if (t->npossible == 0)
        build_error(b, no_loc, "Union type %.*s must define one or more member types.",
                    STR_FMT(t->name));
    for (size_t i = 0; i < t->npossible; i++)
        if (t->possible[i]->kind != GQL_KIND_OBJECT)
            build_error(b, no_loc,
                        "Union type %.*s can only include Object types, it cannot "
                        "include %.*s.",
                        STR_FMT(t->name), STR_FMT(t->possible[i]->name));
}

static void
check_type(build_t *b, const gql_type_t *t)
{
    switch (t->kind) {
    case GQL_KIND_OBJECT:
    case GQL_KIND_INTERFACE:
        check_interfaces(b, t);
        check_fields(b, t);
        break;
    case GQL_KIND_UNION:
        check_union(b, t);
        break;
    case GQL_KIND_ENUM:
        if (t->nvalues == 0)
            build_error(b, no_loc, "Enum type %.*s must define one or more values.",
                        STR_FMT(t->name));
        break;
    case GQL_KIND_INPUT_OBJECT:
        if (t->ninput_fields == 0)
            build_error(b, no_loc, "Input Object type %.*s must define one or more fields.",
                        STR_FMT(t->name));
        check_input_values(b, t, NULL);
        break;
    case GQL_KIND_SCALAR:
        break;
    }
}

int
build_check(build_t *b)
{
    const gql_schema_t *s = &b->s->pub;
    check_root(b, s->query, "Query", true);
    check_root(b, s->mutation, "Mutation", false);
    check_root(b, s->subscription, "Subscription", false);
    for (size_t i = 0; i < s->ntypes; i++)
        if (!s->types[i]->builtin)
            check_type(b, s->types[i]);
    return 0;
}
