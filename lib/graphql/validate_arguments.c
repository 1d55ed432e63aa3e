/* KnownArgumentNames, UniqueArgumentNames and ProvidedRequiredArguments on
 * fields and directives, in one walk, each where graphql-js's visit fires
 * it: on a field, uniqueness entering it, each argument's name, and the
 * required arguments when leaving it (after the fields inside); on a
 * directive, its argument names, their uniqueness, then its required
 * arguments. */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

/* A directive's arguments: the schema's, or the document's own
 * `directive @name(...)` (then args is NULL and defs is set). */
typedef struct {
    const gql_input_value_t *args;
    const gql_input_value_def_t *defs;
    size_t nargs;
} dir_args_t;

typedef struct {
    vw_map_t directives; /* name -> dir_args_t* */
} args_t;

/* On field owner.name, or on directive @name when owner is empty. */
static void
report_unknown(vw_t *w, const gql_argument_t *arg, const str_t *known, size_t nknown, str_t owner,
               str_t name)
{
    buf_t msg;
    buf_init(&msg);
    buf_printf(&msg, "Unknown argument \"%.*s\" on ", STR_FMT(arg->name));
    if (owner.len)
        buf_printf(&msg, "field \"%.*s.%.*s\".", STR_FMT(owner), STR_FMT(name));
    else
        buf_printf(&msg, "directive \"@%.*s\".", STR_FMT(name));
    if (!vw_errs_full(w->errs)) {
        str_t *near;
        size_t n = vw_suggest(w->errs->arena, arg->name, known, nknown, &near);
        vw_did_you_mean(&msg, NULL, near, n);
    }
    vw_error(w->errs, arg->loc, "%s", buf_cstr(&msg));
    buf_free(&msg);
}

/* UniqueArgumentNames over one node's arguments, groups in the order of
 * their first argument; a map once the list is long. */
static void
unique_arguments(gql_errors_t *errs, const gql_argument_t *args, size_t n)
{
    enum { SHORT_LIST = 16 };
    vw_map_t firsts = {0};
    if (n >= SHORT_LIST && vw_map_init(&firsts, errs->arena, n) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        bool repeat = false;
        if (firsts.cap)
            repeat = vw_map_add(&firsts, errs->arena, args[i].name, (void *)&args[i]) != NULL;
        for (size_t j = 0; j < i && !firsts.cap && !repeat; j++)
            repeat = str_eq(args[j].name, args[i].name);
        if (repeat)
            continue;
        gql_error_t *e = NULL;
        for (size_t j = i + 1; j < n; j++) {
            if (!str_eq(args[j].name, args[i].name))
                continue;
            if (!e) {
                e = gql_error_add(errs, "There can be only one argument named \"%.*s\".",
                                  STR_FMT(args[i].name));
                gql_error_add_loc(errs, e, args[i].loc);
            }
            gql_error_add_loc(errs, e, args[j].loc);
        }
    }
}

static bool
name_in(const str_t *names, size_t n, str_t name)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(names[i], name))
            return true;
    return false;
}

static bool
provided(const gql_argument_t *args, size_t n, str_t name)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(args[i].name, name))
            return true;
    return false;
}

static bool
required(const gql_input_value_t *a)
{
    return a->type && a->type->kind == GQL_TYPE_NON_NULL && !a->default_value;
}

static void
args_on_field(vw_t *w, const gql_selection_t *f, const gql_type_t *parent, const gql_field_t *def)
{
    unique_arguments(w->errs, f->args, f->nargs);
    if (!def || !parent)
        return;
    str_t *names = arena_alloc(w->errs->arena, (def->nargs + 1) * sizeof *names);
    for (size_t i = 0; i < def->nargs && names; i++)
        names[i] = def->args[i].name;
    for (size_t i = 0; i < f->nargs && names; i++)
        if (!name_in(names, def->nargs, f->args[i].name))
            report_unknown(w, &f->args[i], names, def->nargs, parent->name, def->name);
}

static void
args_on_field_leave(vw_t *w, const gql_selection_t *f, const gql_type_t *parent,
                    const gql_field_t *def)
{
    (void)parent;
    for (size_t i = 0; def && i < def->nargs; i++)
        if (required(&def->args[i]) && !provided(f->args, f->nargs, def->args[i].name))
            vw_error(w->errs, f->loc,
                     "Field \"%.*s\" argument \"%.*s\" of type \"%s\" is required, but it was "
                     "not provided.",
                     STR_FMT(def->name), STR_FMT(def->args[i].name),
                     vw_tref_cstr(w->errs->arena, def->args[i].type));
}

static int
args_init(args_t *st, arena_t *a, const gql_schema_t *s, const gql_document_t *doc)
{
    if (vw_map_init(&st->directives, a, s->ndirectives + doc->ndefs) != 0)
        return -1;
    for (size_t i = 0; i < s->ndirectives; i++) {
        dir_args_t *d = arena_calloc(a, 1, sizeof *d);
        if (!d)
            return -1;
        d->args = s->directives[i].args;
        d->nargs = s->directives[i].nargs;
        vw_map_set(&st->directives, a, s->directives[i].name, d);
    }
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_DIRECTIVE)
            continue;
        dir_args_t *d = arena_calloc(a, 1, sizeof *d);
        if (!d)
            return -1;
        d->defs = doc->defs[i].u.directive->args;
        d->nargs = doc->defs[i].u.directive->nargs;
        vw_map_set(&st->directives, a, doc->defs[i].u.directive->name, d);
    }
    return 0;
}

static str_t
dir_arg_name(const dir_args_t *d, size_t i)
{
    return d->args ? d->args[i].name : d->defs[i].name;
}

/* The type of the required argument i as graphql-js prints it; NULL when
 * the argument is not required. */
static const char *
dir_arg_required(arena_t *a, const dir_args_t *d, size_t i)
{
    if (d->args)
        return required(&d->args[i]) ? vw_tref_cstr(a, d->args[i].type) : NULL;
    const gql_input_value_def_t *def = &d->defs[i];
    if (!def->type || def->type->kind != GQL_TYPE_NON_NULL || def->default_value)
        return NULL;
    return vw_type_ref_cstr(a, def->type);
}

static void
directive_arguments(vw_t *w, const gql_directive_t *dir)
{
    const args_t *st = w->data;
    arena_t *a = w->errs->arena;
    const dir_args_t *d = vw_map_get(&st->directives, dir->name);
    str_t *names = d ? arena_alloc(a, (d->nargs + 1) * sizeof *names) : NULL;
    for (size_t i = 0; names && i < d->nargs; i++)
        names[i] = dir_arg_name(d, i);
    for (size_t i = 0; names && i < dir->nargs; i++)
        if (!name_in(names, d->nargs, dir->args[i].name))
            report_unknown(w, &dir->args[i], names, d->nargs, STR_NULL, dir->name);
    unique_arguments(w->errs, dir->args, dir->nargs);
    for (size_t i = 0; d && i < d->nargs; i++) {
        const char *type = dir_arg_required(a, d, i);
        if (type && !provided(dir->args, dir->nargs, dir_arg_name(d, i)))
            vw_error(w->errs, dir->loc,
                     "Directive \"@%.*s\" argument \"%.*s\" of type \"%s\" is required, but it "
                     "was not provided.",
                     STR_FMT(dir->name), STR_FMT(dir_arg_name(d, i)), type);
    }
}

static void
args_on_directives(vw_t *w, const gql_directive_t *d, size_t n, gql_dirloc_t where)
{
    (void)where;
    for (size_t i = 0; i < n; i++)
        directive_arguments(w, &d[i]);
}

static void
args_on_sdl_directives(const vw_sdl_t *v, const gql_directive_t *d, size_t n, gql_dirloc_t where,
                       str_t scope)
{
    (void)scope;
    args_on_directives(v->data, d, n, where);
}

void
gql_validate_arguments(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    args_t st;
    if (args_init(&st, errs->arena, s, doc) != 0)
        return;
    vw_t w = {.schema = s, .doc = doc, .errs = errs, .data = &st};
    w.on_field = args_on_field;
    w.on_field_leave = args_on_field_leave;
    w.on_directives = args_on_directives;
    vw_walk(&w);
    vw_sdl_t sdl = {.data = &w, .on_directives = args_on_sdl_directives};
    vw_sdl_walk(&sdl, doc);
}
