/* Schema lookups, type predicates and resolver binding (schema.h). The
 * lookups run many times per request (validation and execution), so type
 * names go through a small hash built once; fields and arguments are few
 * per type and compared length first. */
#include "graphql/schema.h"

#include <stdint.h>

#include "graphql/schema_impl.h"

static uint32_t
name_hash(str_t s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.p[i]) * 16777619u;
    return h;
}

int
gql_schema_index(gql_schema_impl_t *s)
{
    size_t cap = 16;
    while (cap < s->pub.ntypes * 2)
        cap *= 2;
    s->slots = arena_calloc(s->pub.arena, cap, sizeof *s->slots);
    if (!s->slots)
        return -1;
    s->mask = cap - 1;
    for (size_t i = 0; i < s->pub.ntypes; i++) {
        size_t at = name_hash(s->pub.types[i]->name) & s->mask;
        while (s->slots[at])
            at = (at + 1) & s->mask;
        s->slots[at] = (unsigned)i + 1;
    }
    return 0;
}

const gql_type_t *
gql_schema_type(const gql_schema_t *s, str_t name)
{
    const gql_schema_impl_t *si = gql_schema_impl(s);
    if (!si->slots)
        return NULL;
    for (size_t at = name_hash(name) & si->mask; si->slots[at]; at = (at + 1) & si->mask) {
        const gql_type_t *t = s->types[si->slots[at] - 1];
        if (str_eq(t->name, name))
            return t;
    }
    return NULL;
}

size_t
gql_schema_type_index(const gql_schema_t *s, const gql_type_t *t)
{
    for (size_t i = 0; i < s->ntypes; i++)
        if (s->types[i] == t)
            return i;
    return s->ntypes;
}

const gql_directive_type_t *
gql_schema_directive(const gql_schema_t *s, str_t name)
{
    for (size_t i = 0; i < s->ndirectives; i++)
        if (str_eq(s->directives[i].name, name))
            return &s->directives[i];
    return NULL;
}

const gql_field_t *
gql_type_field(const gql_type_t *t, str_t name)
{
    if (!t)
        return NULL;
    for (size_t i = 0; i < t->nfields; i++)
        if (str_eq(t->fields[i].name, name))
            return &t->fields[i];
    return NULL;
}

static const gql_input_value_t *
input_value_find(const gql_input_value_t *v, size_t n, str_t name)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(v[i].name, name))
            return &v[i];
    return NULL;
}

const gql_input_value_t *
gql_field_arg(const gql_field_t *f, str_t name)
{
    return f ? input_value_find(f->args, f->nargs, name) : NULL;
}

const gql_input_value_t *
gql_input_field(const gql_type_t *t, str_t name)
{
    return t ? input_value_find(t->input_fields, t->ninput_fields, name) : NULL;
}

bool
gql_type_is_possible(const gql_type_t *abstract, const gql_type_t *object)
{
    if (!abstract || !object)
        return false;
    if (abstract == object)
        return true;
    for (size_t i = 0; i < abstract->npossible; i++)
        if (abstract->possible[i] == object)
            return true;
    /* An interface implementing it (graphql-js's isSubType says so too). */
    for (size_t i = 0; abstract->kind == GQL_KIND_INTERFACE && i < object->ninterfaces; i++)
        if (object->interfaces[i] == abstract)
            return true;
    return false;
}

const gql_type_t *
gql_tref_named(const gql_tref_t *t)
{
    while (t && t->kind != GQL_TYPE_NAMED)
        t = t->of;
    return t ? t->named : NULL;
}

void
gql_tref_print(const gql_tref_t *t, buf_t *out)
{
    if (!t)
        return;
    switch (t->kind) {
    case GQL_TYPE_NAMED:
        buf_str(out, t->named->name);
        break;
    case GQL_TYPE_LIST:
        buf_putc(out, '[');
        gql_tref_print(t->of, out);
        buf_putc(out, ']');
        break;
    case GQL_TYPE_NON_NULL:
        gql_tref_print(t->of, out);
        buf_putc(out, '!');
        break;
    }
}

bool
gql_type_is_leaf(const gql_type_t *t)
{
    return t && (t->kind == GQL_KIND_SCALAR || t->kind == GQL_KIND_ENUM);
}

bool
gql_type_is_composite(const gql_type_t *t)
{
    return t && (t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE ||
                 t->kind == GQL_KIND_UNION);
}

bool
gql_type_is_input(const gql_type_t *t)
{
    return t && (gql_type_is_leaf(t) || t->kind == GQL_KIND_INPUT_OBJECT);
}

static gql_type_t *
type_mutable(gql_schema_t *s, const char *type_name)
{
    /* The schema built every type in its own arena: dropping const here
     * is the builder's right, and binding happens once, before serving. */
    return (gql_type_t *)gql_schema_type(s, str_from_cstr(type_name));
}

int
gql_schema_bind(gql_schema_t *s, const char *type_name, const char *field_name, gql_resolve_fn fn,
                void *data)
{
    gql_type_t *t = type_mutable(s, type_name);
    if (!t || t->kind != GQL_KIND_OBJECT)
        return -1;
    gql_field_t *f = (gql_field_t *)gql_type_field(t, str_from_cstr(field_name));
    if (!f)
        return -1;
    f->resolve = fn;
    f->resolve_data = data;
    return 0;
}

int
gql_schema_bind_type(gql_schema_t *s, const char *type_name, gql_resolve_type_fn fn, void *data)
{
    gql_type_t *t = type_mutable(s, type_name);
    if (!t || (t->kind != GQL_KIND_INTERFACE && t->kind != GQL_KIND_UNION))
        return -1;
    t->resolve_type = fn;
    t->resolve_type_data = data;
    return 0;
}

size_t
gql_schema_check_bound(const gql_schema_t *s, gql_errors_t *errs)
{
    size_t missing = 0;
    for (size_t i = 0; i < s->ntypes; i++) {
        const gql_type_t *t = s->types[i];
        if (t->kind != GQL_KIND_OBJECT || t->builtin)
            continue;
        for (size_t j = 0; j < t->nfields; j++) {
            if (t->fields[j].resolve)
                continue;
            missing++;
            gql_error_add(errs, "No resolver for %.*s.%.*s.", STR_FMT(t->name),
                          STR_FMT(t->fields[j].name));
        }
    }
    return missing;
}

void
gql_schema_free(gql_schema_t *s)
{
    if (!s)
        return;
    arena_free(s->arena); /* which holds s too */
}
