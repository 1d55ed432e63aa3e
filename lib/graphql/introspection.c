/* The resolvers of the introspection types (introspection.h), answering
 * as graphql-js 16's type/introspection.js does. Each fills the values of
 * one field for its n parents; which field is looked up once per call. */
#include "graphql/introspection.h"

#include "graphql/schema_impl.h"

static const gql_schema_impl_t *
schema_of(const gql_resolve_t *rv)
{
    return rv->field->resolve_data;
}

static bool
field_is(const gql_resolve_t *rv, const char *name)
{
    return str_eq_cstr(rv->field->name, name);
}

static bool
include_deprecated(const gql_resolve_t *rv)
{
    const gql_val_t *v = gql_val_get(rv->args, "includeDeprecated");
    return v && v->kind == GQL_VAL_BOOLEAN && v->b;
}

/* A string, or null for an absent one (a description never written). */
static void
put_str(gql_val_t *v, str_t s)
{
    if (s.p)
        gql_val_string(v, s);
    else
        gql_val_null(v);
}

static const gql_tref_t *
named_ref(arena_t *a, const gql_type_t *t)
{
    if (!t)
        return NULL;
    gql_tref_t *r = arena_calloc(a, 1, sizeof *r);
    if (r) {
        r->kind = GQL_TYPE_NAMED;
        r->named = t;
    }
    return r;
}

/* A __Type source, or null; -1 when out of memory. */
static int
put_type(gql_resolve_t *rv, gql_val_t *v, const gql_type_t *t)
{
    const gql_tref_t *r = named_ref(rv->arena, t);
    if (t && !r)
        return -1;
    if (r)
        gql_val_source(v, r);
    else
        gql_val_null(v);
    return 0;
}

/* --- the fields shared by __Field, __InputValue, __EnumValue, __Directive */

typedef struct {
    str_t name, description;
    bool deprecated;
    str_t reason;
} common_t;

static bool
put_common(const gql_resolve_t *rv, gql_val_t *v, const common_t *c)
{
    if (field_is(rv, "name"))
        gql_val_string(v, c->name);
    else if (field_is(rv, "description"))
        put_str(v, c->description);
    else if (field_is(rv, "isDeprecated"))
        gql_val_bool(v, c->deprecated);
    else if (field_is(rv, "deprecationReason"))
        put_str(v, c->deprecated ? c->reason : STR_NULL);
    else
        return false;
    return true;
}

/* args or inputFields: the input values, deprecated ones when asked. */
static int
put_input_values(gql_resolve_t *rv, gql_val_t *v, const gql_input_value_t *iv, size_t n)
{
    bool all = include_deprecated(rv);
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += all || !iv[i].deprecated;
    if (gql_val_list(rv->arena, v, count) != 0)
        return -1;
    for (size_t i = 0, j = 0; i < n; i++)
        if (all || !iv[i].deprecated)
            gql_val_source(&v->items[j++], &iv[i]);
    return 0;
}

static int
resolve_field(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const gql_field_t *f = rv->parents[i];
        common_t c = {f->name, f->description, f->deprecated, f->deprecation_reason};
        if (put_common(rv, rv->out[i], &c))
            continue;
        if (field_is(rv, "type"))
            gql_val_source(rv->out[i], f->type);
        else if (put_input_values(rv, rv->out[i], f->args, f->nargs) != 0)
            return -1;
    }
    return 0;
}

static int
resolve_input_value(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const gql_input_value_t *iv = rv->parents[i];
        common_t c = {iv->name, iv->description, iv->deprecated, iv->deprecation_reason};
        if (put_common(rv, rv->out[i], &c))
            continue;
        if (field_is(rv, "type"))
            gql_val_source(rv->out[i], iv->type);
        else
            put_str(rv->out[i], iv->default_text);
    }
    return 0;
}

static int
resolve_enum_value(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const gql_enum_value_t *ev = rv->parents[i];
        common_t c = {ev->name, ev->description, ev->deprecated, ev->deprecation_reason};
        put_common(rv, rv->out[i], &c);
    }
    return 0;
}

static int
put_locations(gql_resolve_t *rv, gql_val_t *v, const gql_directive_type_t *d)
{
    const gql_schema_impl_t *s = schema_of(rv);
    size_t at = (size_t)(d - s->pub.directives);
    if (gql_val_list(rv->arena, v, s->dir_nlocations[at]) != 0)
        return -1;
    for (size_t j = 0; j < s->dir_nlocations[at]; j++)
        gql_val_enum(&v->items[j], s->dir_locations[at][j]);
    return 0;
}

static int
resolve_directive(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const gql_directive_type_t *d = rv->parents[i];
        common_t c = {d->name, d->description, false, STR_NULL};
        if (put_common(rv, rv->out[i], &c))
            continue;
        if (field_is(rv, "isRepeatable"))
            gql_val_bool(rv->out[i], d->repeatable);
        else if (field_is(rv, "locations")
                     ? put_locations(rv, rv->out[i], d) != 0
                     : put_input_values(rv, rv->out[i], d->args, d->nargs) != 0)
            return -1;
    }
    return 0;
}

/* --- __Type ---------------------------------------------------------------- */

static int
put_type_list(gql_resolve_t *rv, gql_val_t *v, const gql_type_t *const *list, size_t n)
{
    if (gql_val_list(rv->arena, v, n) != 0)
        return -1;
    for (size_t j = 0; j < n; j++)
        if (put_type(rv, &v->items[j], list[j]) != 0)
            return -1;
    return 0;
}

static int
put_fields(gql_resolve_t *rv, gql_val_t *v, const gql_type_t *t)
{
    bool all = include_deprecated(rv);
    size_t count = 0;
    for (size_t i = 0; i < t->nfields; i++)
        count += all || !t->fields[i].deprecated;
    if (gql_val_list(rv->arena, v, count) != 0)
        return -1;
    for (size_t i = 0, j = 0; i < t->nfields; i++)
        if (all || !t->fields[i].deprecated)
            gql_val_source(&v->items[j++], &t->fields[i]);
    return 0;
}

static int
put_enum_values(gql_resolve_t *rv, gql_val_t *v, const gql_type_t *t)
{
    bool all = include_deprecated(rv);
    size_t count = 0;
    for (size_t i = 0; i < t->nvalues; i++)
        count += all || !t->values[i].deprecated;
    if (gql_val_list(rv->arena, v, count) != 0)
        return -1;
    for (size_t i = 0, j = 0; i < t->nvalues; i++)
        if (all || !t->values[i].deprecated)
            gql_val_source(&v->items[j++], &t->values[i]);
    return 0;
}

static const char *const kind_names[] = {
    [GQL_KIND_SCALAR] = "SCALAR",       [GQL_KIND_OBJECT] = "OBJECT",
    [GQL_KIND_INTERFACE] = "INTERFACE", [GQL_KIND_UNION] = "UNION",
    [GQL_KIND_ENUM] = "ENUM",           [GQL_KIND_INPUT_OBJECT] = "INPUT_OBJECT",
};

static void
put_kind(gql_val_t *v, const gql_tref_t *r)
{
    const char *name = r->kind == GQL_TYPE_LIST       ? "LIST"
                       : r->kind == GQL_TYPE_NON_NULL ? "NON_NULL"
                                                      : kind_names[r->named->kind];
    gql_val_enum(v, str_from_cstr(name));
}

/* The fields that only some kinds answer; null for the others. */
static int
put_type_kind_field(gql_resolve_t *rv, gql_val_t *v, const gql_type_t *t)
{
    bool fielded = t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE;
    bool abstract = t->kind == GQL_KIND_UNION || t->kind == GQL_KIND_INTERFACE;
    bool input = t->kind == GQL_KIND_INPUT_OBJECT;
    gql_val_null(v);
    if (field_is(rv, "specifiedByURL") && t->kind == GQL_KIND_SCALAR)
        put_str(v, t->specified_by_url);
    else if (field_is(rv, "isOneOf") && input)
        gql_val_bool(v, t->one_of);
    else if (field_is(rv, "fields") && fielded)
        return put_fields(rv, v, t);
    else if (field_is(rv, "interfaces") && fielded)
        return put_type_list(rv, v, t->interfaces, t->ninterfaces);
    else if (field_is(rv, "possibleTypes") && abstract)
        return put_type_list(rv, v, t->possible, t->npossible);
    else if (field_is(rv, "enumValues") && t->kind == GQL_KIND_ENUM)
        return put_enum_values(rv, v, t);
    else if (field_is(rv, "inputFields") && input)
        return put_input_values(rv, v, t->input_fields, t->ninput_fields);
    return 0;
}

static int
resolve_type(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const gql_tref_t *r = rv->parents[i];
        gql_val_t *v = rv->out[i];
        const gql_type_t *t = r->kind == GQL_TYPE_NAMED ? r->named : NULL;
        gql_val_null(v);
        if (field_is(rv, "kind"))
            put_kind(v, r);
        else if (field_is(rv, "ofType") && !t)
            gql_val_source(v, r->of);
        else if (!t)
            continue; /* a wrapper has only a kind and an ofType */
        else if (field_is(rv, "name"))
            gql_val_string(v, t->name);
        else if (field_is(rv, "description"))
            put_str(v, t->description);
        else if (put_type_kind_field(rv, v, t) != 0)
            return -1;
    }
    return 0;
}

/* --- __Schema and the meta-fields ------------------------------------------ */

static int
put_directives(gql_resolve_t *rv, gql_val_t *v, const gql_schema_t *s)
{
    if (gql_val_list(rv->arena, v, s->ndirectives) != 0)
        return -1;
    for (size_t j = 0; j < s->ndirectives; j++)
        gql_val_source(&v->items[j], &s->directives[j]);
    return 0;
}

static int
resolve_schema(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const gql_schema_t *s = rv->parents[i];
        gql_val_t *v = rv->out[i];
        int rc = 0;
        if (field_is(rv, "description"))
            put_str(v, s->description);
        else if (field_is(rv, "types"))
            rc = put_type_list(rv, v, s->types, s->ntypes);
        else if (field_is(rv, "queryType"))
            rc = put_type(rv, v, s->query);
        else if (field_is(rv, "mutationType"))
            rc = put_type(rv, v, s->mutation);
        else if (field_is(rv, "subscriptionType"))
            rc = put_type(rv, v, s->subscription);
        else
            rc = put_directives(rv, v, s);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int
gql_introspection_schema(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++)
        gql_val_source(rv->out[i], &schema_of(rv)->pub);
    return 0;
}

int
gql_introspection_type(gql_resolve_t *rv)
{
    const gql_val_t *name = gql_val_get(rv->args, "name");
    const gql_type_t *t = NULL;
    if (name && name->kind == GQL_VAL_STRING)
        t = gql_schema_type(&schema_of(rv)->pub, name->s);
    for (size_t i = 0; i < rv->n; i++)
        if (put_type(rv, rv->out[i], t) != 0)
            return -1;
    return 0;
}

const gql_field_t *
gql_schema_meta_field(const gql_schema_t *s, str_t name)
{
    return gql_type_field(gql_schema_impl(s)->meta, name);
}

static const struct {
    const char *type;
    gql_resolve_fn fn;
} resolvers[] = {
    {"__Schema", resolve_schema},        {"__Type", resolve_type},
    {"__Field", resolve_field},          {"__InputValue", resolve_input_value},
    {"__EnumValue", resolve_enum_value}, {"__Directive", resolve_directive},
};

static void
bind_all(gql_type_t *t, gql_resolve_fn fn, void *data)
{
    for (size_t i = 0; t && i < t->nfields; i++) {
        t->fields[i].resolve = fn;
        t->fields[i].resolve_data = data;
    }
}

int
gql_introspection_bind(gql_schema_impl_t *s)
{
    for (size_t i = 0; i < sizeof resolvers / sizeof *resolvers; i++) {
        gql_type_t *t = (gql_type_t *)gql_schema_type(&s->pub, str_from_cstr(resolvers[i].type));
        if (!t)
            return -1;
        bind_all(t, resolvers[i].fn, s);
    }
    gql_field_t *meta = s->meta ? s->meta->fields : NULL; /* the builder's own */
    if (!meta || s->meta->nfields != 3)
        return -1;
    meta[0].resolve = gql_introspection_schema;
    meta[0].resolve_data = s;
    meta[1].resolve = gql_introspection_type;
    meta[1].resolve_data = s;
    return 0;
}
