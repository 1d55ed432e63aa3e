/* gql_schema_from_sdl: the app's SDL and the built-ins (schema_builtins.c)
 * parsed into the schema's own arena, their types declared, extended and
 * filled, the root types found, and the types put in the order graphql-js
 * gives them (introspection lists them so, and printSchema prints them
 * so). */
#include <stdarg.h>

#include "graphql/schema_build.h"

int
build_error(build_t *b, gql_loc_t loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gql_error_t *e = gql_error_vadd(b->errs, fmt, ap);
    va_end(ap);
    gql_error_add_loc(b->errs, e, loc);
    return -1;
}

static gql_type_t *
find_in(build_t *b, size_t from, size_t to, str_t name)
{
    for (size_t i = from; i < to; i++)
        if (str_eq(b->types[i].name, name))
            return &b->types[i];
    return NULL;
}

gql_type_t *
build_type(build_t *b, str_t name)
{
    gql_type_t *t = find_in(b, b->napp, b->ntypes, name);
    if (t == b->meta)
        return NULL;
    return t ? t : find_in(b, 0, b->napp, name);
}

static const gql_kind_t kind_of_def[] = {
    [GQL_TYPEDEF_SCALAR] = GQL_KIND_SCALAR,
    [GQL_TYPEDEF_OBJECT] = GQL_KIND_OBJECT,
    [GQL_TYPEDEF_INTERFACE] = GQL_KIND_INTERFACE,
    [GQL_TYPEDEF_UNION] = GQL_KIND_UNION,
    [GQL_TYPEDEF_ENUM] = GQL_KIND_ENUM,
    [GQL_TYPEDEF_INPUT_OBJECT] = GQL_KIND_INPUT_OBJECT,
};

static const char *const kind_words[] = {
    [GQL_KIND_SCALAR] = "scalar",       [GQL_KIND_OBJECT] = "object",
    [GQL_KIND_INTERFACE] = "interface", [GQL_KIND_UNION] = "union",
    [GQL_KIND_ENUM] = "enum",           [GQL_KIND_INPUT_OBJECT] = "input object",
};

/* Declares the types a document defines; nslots: room for extensions. */
static int
declare_types(build_t *b, const gql_document_t *doc, bool builtin, size_t nslots)
{
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_typedef_t *def = doc->defs[i].u.type;
        if (doc->defs[i].kind != GQL_DEF_TYPE || def->extension)
            continue;
        if (find_in(b, builtin ? b->napp : 0, b->ntypes, def->name)) {
            build_error(b, def->loc, "There can be only one type named \"%.*s\".",
                        STR_FMT(def->name));
            continue;
        }
        gql_type_t *t = &b->types[b->ntypes];
        build_defs_t *d = &b->defs[b->ntypes++];
        t->kind = kind_of_def[def->kind];
        t->name = def->name;
        t->description = def->description;
        t->builtin = builtin;
        d->defs = arena_calloc(b->a, nslots, sizeof *d->defs);
        if (!d->defs)
            return -1;
        d->defs[d->ndefs++] = def;
    }
    return 0;
}

static int
add_extensions(build_t *b, const gql_document_t *doc)
{
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_typedef_t *def = doc->defs[i].u.type;
        if (doc->defs[i].kind != GQL_DEF_TYPE || !def->extension)
            continue;
        gql_type_t *t = find_in(b, 0, b->napp, def->name);
        if (!t) {
            build_error(b, def->loc, "Cannot extend type \"%.*s\" because it is not defined.",
                        STR_FMT(def->name));
            continue;
        }
        if (t->kind != kind_of_def[def->kind]) {
            build_error(b, def->loc, "Cannot extend non-%s type \"%.*s\".",
                        kind_words[kind_of_def[def->kind]], STR_FMT(def->name));
            continue;
        }
        build_defs_t *d = &b->defs[t - b->types];
        d->defs[d->ndefs++] = def;
    }
    return 0;
}

static void
count_defs(const gql_document_t *doc, size_t *ntypes, size_t *nextensions)
{
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_TYPE)
            continue;
        if (doc->defs[i].u.type->extension)
            (*nextensions)++;
        else
            (*ntypes)++;
    }
}

static int
declare_all(build_t *b, const gql_document_t *app, const gql_document_t *builtins)
{
    size_t n = 0, next = 0;
    count_defs(app, &n, &next);
    count_defs(builtins, &n, &next);
    b->types = arena_calloc(b->a, n ? n : 1, sizeof *b->types);
    b->defs = arena_calloc(b->a, n ? n : 1, sizeof *b->defs);
    if (!b->types || !b->defs)
        return -1;
    if (declare_types(b, app, false, next + 1) != 0)
        return -1;
    b->napp = b->ntypes;
    if (declare_types(b, builtins, true, 1) != 0)
        return -1;
    b->meta = find_in(b, b->napp, b->ntypes, STR_LIT("__Meta"));
    b->s->meta = b->meta;
    return add_extensions(b, app);
}

static int
schema_def_roots(build_t *b, const gql_schema_def_t *sd)
{
    gql_schema_t *s = &b->s->pub;
    const str_t names[3] = {sd->query, sd->mutation, sd->subscription};
    if (sd->description.len)
        s->description = sd->description;
    const gql_type_t **roots[3] = {&s->query, &s->mutation, &s->subscription};
    for (size_t i = 0; i < 3; i++) {
        if (!names[i].len)
            continue;
        *roots[i] = build_type(b, names[i]);
        if (!*roots[i])
            build_error(b, sd->loc, "Unknown type \"%.*s\".", STR_FMT(names[i]));
    }
    return 0;
}

/* Root types from `schema { ... }` (and `extend schema`), else by name. */
static int
find_roots(build_t *b, const gql_document_t *app)
{
    gql_schema_t *s = &b->s->pub;
    bool declared = false;
    for (size_t i = 0; i < app->ndefs; i++) {
        if (app->defs[i].kind == GQL_DEF_SCHEMA) {
            declared = true;
            schema_def_roots(b, app->defs[i].u.schema);
        } else if (app->defs[i].kind != GQL_DEF_TYPE && app->defs[i].kind != GQL_DEF_DIRECTIVE) {
            return build_error(b, app->defs[i].loc,
                               "The schema may only hold type system definitions.");
        }
    }
    if (declared)
        return 0;
    s->query = find_in(b, 0, b->napp, STR_LIT("Query"));
    s->mutation = find_in(b, 0, b->napp, STR_LIT("Mutation"));
    s->subscription = find_in(b, 0, b->napp, STR_LIT("Subscription"));
    return 0;
}

/* The schema's types in graphql-js's order (its collectReferencedTypes):
 * a type joins when first reached, and each app type is taken out and put
 * back in turn, so the app's types keep their order and each built-in
 * scalar follows the first app type that uses it. */
typedef struct {
    const gql_type_t **order; /* NULL where a type was taken out */
    size_t n;
    size_t *pos; /* per b->types index: its place in order + 1; 0: absent */
} collect_t;

static void collect_tref(build_t *b, collect_t *c, const gql_tref_t *t);

static void
collect_values(build_t *b, collect_t *c, const gql_input_value_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        collect_tref(b, c, v[i].type);
}

static void
collect_type(build_t *b, collect_t *c, const gql_type_t *t)
{
    size_t idx = (size_t)(t - b->types);
    if (c->pos[idx])
        return;
    c->order[c->n++] = t;
    c->pos[idx] = c->n;
    if (t->kind == GQL_KIND_UNION)
        for (size_t i = 0; i < t->npossible; i++)
            collect_type(b, c, t->possible[i]);
    for (size_t i = 0; i < t->ninterfaces; i++)
        collect_type(b, c, t->interfaces[i]);
    for (size_t i = 0; i < t->nfields; i++) {
        collect_tref(b, c, t->fields[i].type);
        collect_values(b, c, t->fields[i].args, t->fields[i].nargs);
    }
    collect_values(b, c, t->input_fields, t->ninput_fields);
}

static void
collect_tref(build_t *b, collect_t *c, const gql_tref_t *t)
{
    collect_type(b, c, gql_tref_named(t));
}

static int
collect_all(build_t *b)
{
    gql_schema_t *s = &b->s->pub;
    collect_t c = {.order = arena_calloc(b->a, 2 * b->ntypes, sizeof *c.order),
                   .pos = arena_calloc(b->a, b->ntypes, sizeof *c.pos)};
    if (!c.order || !c.pos)
        return -1;
    for (size_t i = 0; i < b->napp; i++) {
        if (build_type(b, b->types[i].name) != &b->types[i])
            continue; /* a built-in's name: graphql-js keeps the built-in */
        c.order[c.n++] = &b->types[i];
        c.pos[i] = c.n;
    }
    for (size_t i = 0; i < b->napp; i++) {
        if (c.pos[i])
            c.order[c.pos[i] - 1] = NULL;
        c.pos[i] = 0;
        if (build_type(b, b->types[i].name) == &b->types[i])
            collect_type(b, &c, &b->types[i]);
    }
    for (size_t i = 0; i < s->ndirectives; i++)
        collect_values(b, &c, s->directives[i].args, s->directives[i].nargs);
    collect_type(b, &c, build_type(b, STR_LIT("__Schema")));
    s->types = c.order;
    for (size_t i = 0; i < c.n; i++)
        if (c.order[i])
            c.order[s->ntypes++] = c.order[i];
    return 0;
}

/* An interface's possible types: the object types implementing it, in the
 * schema's order (graphql-js's getPossibleTypes). */
static int
fill_implementations(build_t *b)
{
    gql_schema_t *s = &b->s->pub;
    for (size_t i = 0; i < s->ntypes; i++) {
        gql_type_t *iface = (gql_type_t *)s->types[i];
        if (iface->kind != GQL_KIND_INTERFACE)
            continue;
        iface->possible = arena_calloc(b->a, s->ntypes, sizeof *iface->possible);
        if (!iface->possible)
            return -1;
        for (size_t j = 0; j < s->ntypes; j++) {
            const gql_type_t *t = s->types[j];
            for (size_t k = 0; t->kind == GQL_KIND_OBJECT && k < t->ninterfaces; k++)
                if (t->interfaces[k] == iface)
                    iface->possible[iface->npossible++] = t;
        }
    }
    return 0;
}

static int
default_texts(build_t *b, gql_input_value_t *v, size_t n)
{
    buf_t out;
    buf_init(&out);
    for (size_t i = 0; i < n; i++) {
        buf_reset(&out);
        if (!v[i].default_value || !gql_default_print(v[i].default_value, v[i].type, &out))
            continue;
        char *text = arena_strndup(b->a, out.data ? out.data : "", out.len);
        if (!text || out.failed) {
            buf_free(&out);
            return -1;
        }
        v[i].default_text = (str_t){text, out.len};
    }
    buf_free(&out);
    return 0;
}

static int
all_default_texts(build_t *b)
{
    gql_schema_t *s = &b->s->pub;
    for (size_t i = 0; i < b->ntypes; i++) {
        gql_type_t *t = &b->types[i];
        if (default_texts(b, t->input_fields, t->ninput_fields) != 0)
            return -1;
        for (size_t j = 0; j < t->nfields; j++)
            if (default_texts(b, t->fields[j].args, t->fields[j].nargs) != 0)
                return -1;
    }
    for (size_t i = 0; i < s->ndirectives; i++)
        if (default_texts(b, s->directives[i].args, s->directives[i].nargs) != 0)
            return -1;
    return 0;
}

static int
build_all(build_t *b, const gql_document_t *app, const gql_document_t *builtins)
{
    if (declare_all(b, app, builtins) != 0 || build_failed(b))
        return -1;
    for (size_t i = 0; i < b->ntypes; i++)
        if (build_type_fill(b, &b->types[i], &b->defs[i]) != 0)
            return -1;
    if (build_directives(b, app, builtins) != 0 || find_roots(b, app) != 0)
        return -1;
    build_check_directive_uses(b, app);
    if (build_failed(b))
        return -1;
    if (collect_all(b) != 0 || fill_implementations(b) != 0 || gql_schema_index(b->s) != 0)
        return -1;
    if (all_default_texts(b) != 0 || build_check(b) != 0 || build_failed(b))
        return -1;
    return gql_introspection_bind(b->s);
}

gql_schema_t *
gql_schema_from_sdl(str_t sdl, gql_errors_t *errs)
{
    arena_t *a = arena_new(64 * 1024);
    gql_schema_impl_t *s = a ? arena_calloc(a, 1, sizeof *s) : NULL;
    char *text = s ? arena_strndup(a, sdl.p ? sdl.p : "", sdl.len) : NULL;
    if (!text) {
        arena_free(a);
        gql_error_add(errs, "Out of memory.");
        return NULL;
    }
    s->pub.arena = a;
    build_t b = {.s = s, .a = a, .errs = errs, .errs_before = errs->count};
    gql_document_t app, builtins;
    gql_parse_limits_t limits = {0};
    if (gql_parse(a, (str_t){text, sdl.len}, &limits, &app, errs) != 0 ||
        gql_parse(a, str_from_cstr(gql_builtins_sdl), &limits, &builtins, errs) != 0 ||
        build_all(&b, &app, &builtins) != 0) {
        if (!build_failed(&b))
            gql_error_add(errs, "Out of memory.");
        arena_free(a);
        return NULL;
    }
    return &s->pub;
}
