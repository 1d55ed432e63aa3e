/* The checks of graphql-js's assertValidSchema that an SDL which parsed
 * and named only defined types can still fail, in its words and order:
 * root types, then per type its name, fields (output types), arguments and
 * input fields (input types, required ones not deprecated), union members,
 * enum values; `implements` in schema_check_iface.c. */
#include "graphql/schema_build.h"

static const gql_loc_t no_loc;

static void
check_name(build_t *b, str_t name)
{
    if (str_starts_with(name, "__"))
        build_error(b, no_loc,
                    "Name \"%.*s\" must not begin with \"__\", which is reserved by GraphQL "
                    "introspection.",
                    STR_FMT(name));
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

const char *
build_tref_text(build_t *b, const gql_tref_t *t)
{
    buf_t out;
    buf_init(&out);
    gql_tref_print(t, &out);
    char *text = arena_strndup(b->a, buf_cstr(&out), out.len);
    buf_free(&out);
    return text ? text : "";
}

/* Arguments of field f of t, or t's input fields when f is NULL. */
static void
check_input_values(build_t *b, const gql_type_t *t, const gql_field_t *f)
{
    const gql_input_value_t *v = f ? f->args : t->input_fields;
    size_t n = f ? f->nargs : t->ninput_fields;
    for (size_t i = 0; i < n; i++) {
        check_name(b, v[i].name);
        bool input = gql_type_is_input(gql_tref_named(v[i].type));
        bool required = v[i].type->kind == GQL_TYPE_NON_NULL && !v[i].default_value;
        if (!input && f)
            build_error(b, no_loc, "The type of %.*s.%.*s(%.*s:) must be Input Type but got: %s.",
                        STR_FMT(t->name), STR_FMT(f->name), STR_FMT(v[i].name),
                        build_tref_text(b, v[i].type));
        else if (!input)
            build_error(b, no_loc, "The type of %.*s.%.*s must be Input Type but got: %s.",
                        STR_FMT(t->name), STR_FMT(v[i].name), build_tref_text(b, v[i].type));
        if (required && v[i].deprecated && f)
            build_error(b, no_loc, "Required argument %.*s.%.*s(%.*s:) cannot be deprecated.",
                        STR_FMT(t->name), STR_FMT(f->name), STR_FMT(v[i].name));
        else if (required && v[i].deprecated)
            build_error(b, no_loc, "Required input field %.*s.%.*s cannot be deprecated.",
                        STR_FMT(t->name), STR_FMT(v[i].name));
    }
}

static void
check_fields(build_t *b, const gql_type_t *t)
{
    if (t->nfields == 0)
        build_error(b, no_loc, "Type %.*s must define one or more fields.", STR_FMT(t->name));
    for (size_t i = 0; i < t->nfields; i++) {
        const gql_field_t *f = &t->fields[i];
        check_name(b, f->name);
        if (gql_tref_named(f->type)->kind == GQL_KIND_INPUT_OBJECT)
            build_error(b, no_loc, "The type of %.*s.%.*s must be Output Type but got: %s.",
                        STR_FMT(t->name), STR_FMT(f->name), build_tref_text(b, f->type));
        check_input_values(b, t, f);
    }
}

static void
check_union(build_t *b, const gql_type_t *t)
{
    if (t->npossible == 0)
        build_error(b, no_loc, "Union type %.*s must define one or more member types.",
                    STR_FMT(t->name));
    for (size_t i = 0; i < t->npossible; i++) {
        bool again = false;
        for (size_t k = 0; k < i; k++)
            again = again || t->possible[k] == t->possible[i];
        if (again)
            build_error(b, no_loc, "Union type %.*s can only include type %.*s once.",
                        STR_FMT(t->name), STR_FMT(t->possible[i]->name));
        else if (t->possible[i]->kind != GQL_KIND_OBJECT)
            build_error(b, no_loc,
                        "Union type %.*s can only include Object types, it cannot include %.*s.",
                        STR_FMT(t->name), STR_FMT(t->possible[i]->name));
    }
}

static void
check_enum(build_t *b, const gql_type_t *t)
{
    if (t->nvalues == 0)
        build_error(b, no_loc, "Enum type %.*s must define one or more values.", STR_FMT(t->name));
    for (size_t i = 0; i < t->nvalues; i++)
        check_name(b, t->values[i].name);
}

static void
check_type(build_t *b, const gql_type_t *t)
{
    check_name(b, t->name);
    switch (t->kind) {
    case GQL_KIND_OBJECT:
    case GQL_KIND_INTERFACE:
        check_fields(b, t);
        build_check_interfaces(b, t);
        break;
    case GQL_KIND_UNION:
        check_union(b, t);
        break;
    case GQL_KIND_ENUM:
        check_enum(b, t);
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
