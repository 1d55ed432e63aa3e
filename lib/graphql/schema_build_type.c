/* One type of the schema from its SDL definition and extensions: fields
 * with their arguments, interfaces, union members, enum values, input
 * fields; type references resolved; @deprecated, @specifiedBy and @oneOf
 * read. */
#include <string.h>

#include "graphql/schema_build.h"

static const gql_tref_t *
build_tref(build_t *b, const gql_type_ref_t *r)
{
    gql_tref_t *t = arena_calloc(b->a, 1, sizeof *t);
    if (!t)
        return NULL;
    t->kind = r->kind;
    if (r->kind != GQL_TYPE_NAMED) {
        t->of = build_tref(b, r->of);
        return t->of ? t : NULL;
    }
    t->named = build_type(b, r->name);
    if (!t->named) {
        build_error(b, r->loc, "Unknown type \"%.*s\".", STR_FMT(r->name));
        return NULL;
    }
    return t;
}

bool
build_deprecation(const gql_directive_t *d, size_t n, str_t *reason)
{
    for (size_t i = 0; i < n; i++) {
        if (!str_eq_cstr(d[i].name, "deprecated"))
            continue;
        *reason = STR_LIT("No longer supported");
        for (size_t j = 0; j < d[i].nargs; j++)
            if (str_eq_cstr(d[i].args[j].name, "reason") &&
                d[i].args[j].value->kind == GQL_VALUE_STRING)
                *reason = d[i].args[j].value->string;
        return true;
    }
    return false;
}

static const gql_directive_t *
directive_find(const gql_directive_t *d, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq_cstr(d[i].name, name))
            return &d[i];
    return NULL;
}

int
build_input_values(build_t *b, const gql_input_value_def_t *defs, size_t n, gql_input_value_t **out,
                   size_t *nout)
{
    gql_input_value_t *v = arena_calloc(b->a, n ? n : 1, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < n; i++) {
        v[i].name = defs[i].name;
        v[i].description = defs[i].description;
        v[i].type = build_tref(b, defs[i].type);
        v[i].default_value = defs[i].default_value;
        v[i].deprecated =
            build_deprecation(defs[i].directives, defs[i].ndirectives, &v[i].deprecation_reason);
    }
    *out = v;
    *nout = n;
    return 0;
}

static int
build_fields(build_t *b, gql_type_t *t, const build_defs_t *d, size_t n)
{
    t->fields = arena_calloc(b->a, n ? n : 1, sizeof *t->fields);
    if (!t->fields)
        return -1;
    for (size_t k = 0; k < d->ndefs; k++) {
        for (size_t i = 0; i < d->defs[k]->nfields; i++) {
            const gql_field_def_t *fd = &d->defs[k]->fields[i];
            if (gql_type_field(t, fd->name))
                return build_error(b, fd->loc, "Field \"%.*s.%.*s\" can only be defined once.",
                                   STR_FMT(t->name), STR_FMT(fd->name));
            gql_field_t *f = &t->fields[t->nfields++];
            f->name = fd->name;
            f->description = fd->description;
            f->owner = t;
            f->type = build_tref(b, fd->type);
            f->deprecated =
                build_deprecation(fd->directives, fd->ndirectives, &f->deprecation_reason);
            if (build_input_values(b, fd->args, fd->nargs, &f->args, &f->nargs) != 0)
                return -1;
        }
    }
    return 0;
}

static int
build_input_fields(build_t *b, gql_type_t *t, const build_defs_t *d, size_t n)
{
    t->input_fields = arena_calloc(b->a, n ? n : 1, sizeof *t->input_fields);
    if (!t->input_fields)
        return -1;
    for (size_t k = 0; k < d->ndefs; k++) {
        gql_input_value_t *v;
        size_t nv;
        if (build_input_values(b, d->defs[k]->input_fields, d->defs[k]->ninput_fields, &v, &nv) !=
            0)
            return -1;
        memcpy(t->input_fields + t->ninput_fields, v, nv * sizeof *v);
        t->ninput_fields += nv;
    }
    return 0;
}

/* Interfaces (implements) or union members: names resolved in order. */
static int
build_named_list(build_t *b, const build_defs_t *d, bool members, const gql_type_t ***out,
                 size_t *nout)
{
    size_t n = 0;
    for (size_t k = 0; k < d->ndefs; k++)
        n += members ? d->defs[k]->nmembers : d->defs[k]->ninterfaces;
    const gql_type_t **list = arena_calloc(b->a, n ? n : 1, sizeof *list);
    if (!list)
        return -1;
    *out = list;
    for (size_t k = 0; k < d->ndefs; k++) {
        const gql_typedef_t *def = d->defs[k];
        size_t count = members ? def->nmembers : def->ninterfaces;
        for (size_t i = 0; i < count; i++) {
            str_t name = members ? def->members[i] : def->interfaces[i];
            list[*nout] = build_type(b, name);
            if (!list[(*nout)++])
                build_error(b, def->loc, "Unknown type \"%.*s\".", STR_FMT(name));
        }
    }
    return 0;
}

static int
build_values(build_t *b, gql_type_t *t, const build_defs_t *d, size_t n)
{
    t->values = arena_calloc(b->a, n ? n : 1, sizeof *t->values);
    if (!t->values)
        return -1;
    for (size_t k = 0; k < d->ndefs; k++) {
        for (size_t i = 0; i < d->defs[k]->nvalues; i++) {
            const gql_enum_value_def_t *vd = &d->defs[k]->values[i];
            gql_enum_value_t *v = &t->values[t->nvalues++];
            v->name = vd->name;
            v->description = vd->description;
            v->deprecated =
                build_deprecation(vd->directives, vd->ndirectives, &v->deprecation_reason);
        }
    }
    return 0;
}

static void
build_type_directives(gql_type_t *t, const build_defs_t *d)
{
    for (size_t k = 0; k < d->ndefs; k++) {
        const gql_typedef_t *def = d->defs[k];
        const gql_directive_t *sb =
            directive_find(def->directives, def->ndirectives, "specifiedBy");
        for (size_t i = 0; sb && i < sb->nargs; i++)
            if (str_eq_cstr(sb->args[i].name, "url") && sb->args[i].value->kind == GQL_VALUE_STRING)
                t->specified_by_url = sb->args[i].value->string;
        if (directive_find(def->directives, def->ndirectives, "oneOf"))
            t->one_of = true;
    }
}

int
build_type_fill(build_t *b, gql_type_t *t, const build_defs_t *d)
{
    size_t nfields = 0, ninput = 0, nvalues = 0;
    for (size_t k = 0; k < d->ndefs; k++) {
        nfields += d->defs[k]->nfields;
        ninput += d->defs[k]->ninput_fields;
        nvalues += d->defs[k]->nvalues;
    }
    build_type_directives(t, d);
    switch (t->kind) {
    case GQL_KIND_OBJECT:
    case GQL_KIND_INTERFACE:
        if (build_named_list(b, d, false, &t->interfaces, &t->ninterfaces) != 0)
            return -1;
        return build_fields(b, t, d, nfields);
    case GQL_KIND_UNION:
        return build_named_list(b, d, true, &t->possible, &t->npossible);
    case GQL_KIND_ENUM:
        return build_values(b, t, d, nvalues);
    case GQL_KIND_INPUT_OBJECT:
        return build_input_fields(b, t, d, ninput);
    case GQL_KIND_SCALAR:
        break;
    }
    return 0;
}
