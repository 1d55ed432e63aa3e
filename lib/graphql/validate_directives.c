/* KnownDirectives (an unknown directive; a directive where its definition
 * does not allow it) and UniqueDirectivesPerLocation (a non-repeatable
 * directive twice on one node), both on each node's directives in one
 * walk. Known are the schema's directives and those the document defines
 * (`directive @name on ...`, which ExecutableDefinitions refuses anyway). */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

/* The location names in the order of the gql_dirloc_t bits, one word
 * each (schema_build_directive.c and parse_sdl.c hold the same list as
 * tables: schema.h could export one). */
static const char location_words[] =
    "QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT "
    "VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE "
    "UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION";

/* The name of location bit i; empty past the last. */
static str_t
location_word(unsigned i)
{
    str_t rest = STR_LIT(location_words), word = STR_NULL;
    for (unsigned k = 0; k <= i; k++) {
        if (!rest.len)
            return STR_NULL;
        str_split(rest, ' ', &word, &rest);
    }
    return word;
}

typedef struct {
    unsigned locations;
    bool repeatable;
} known_t;

typedef struct {
    vw_map_t known;  /* name -> known_t* */
    vw_map_t scopes; /* type system definitions: scope -> vw_map_t* of directives seen */
} dirs_t;

static str_t
location_name(gql_dirloc_t where)
{
    unsigned i = 0;
    while (i < 31 && where != 1u << i)
        i++;
    return location_word(i);
}

static unsigned
location_bits(const gql_directive_def_t *def)
{
    unsigned bits = 0;
    for (size_t i = 0; i < def->nlocations; i++)
        for (unsigned j = 0; location_word(j).len; j++)
            if (str_eq(def->locations[i], location_word(j)))
                bits |= 1u << j;
    return bits;
}

static int
dirs_init(dirs_t *d, arena_t *a, const gql_schema_t *s, const gql_document_t *doc)
{
    if (vw_map_init(&d->known, a, s->ndirectives + doc->ndefs) != 0 ||
        vw_map_init(&d->scopes, a, 8) != 0)
        return -1;
    for (size_t i = 0; i < s->ndirectives; i++) {
        known_t *k = arena_alloc(a, sizeof *k);
        if (!k)
            return -1;
        *k = (known_t){s->directives[i].locations, s->directives[i].repeatable};
        vw_map_set(&d->known, a, s->directives[i].name, k);
    }
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_DIRECTIVE)
            continue;
        const gql_directive_def_t *def = doc->defs[i].u.directive;
        known_t *k = arena_alloc(a, sizeof *k);
        if (!k)
            return -1;
        *k = (known_t){location_bits(def), def->repeatable};
        vw_map_set(&d->known, a, def->name, k);
    }
    return 0;
}

static void
known_directive(vw_t *w, const gql_directive_t *d, gql_dirloc_t where)
{
    const dirs_t *dirs = w->data;
    const known_t *k = vw_map_get(&dirs->known, d->name);
    if (!k)
        vw_error(w->errs, d->loc, "Unknown directive \"@%.*s\".", STR_FMT(d->name));
    else if (!(k->locations & where))
        vw_error(w->errs, d->loc, "Directive \"@%.*s\" may not be used on %.*s.", STR_FMT(d->name),
                 STR_FMT(location_name(where)));
}

/* The earlier directive of d's name in list[0..i), or NULL; a map once
 * the list is long, so thousands of directives stay linear. */
static const gql_directive_t *
seen_before(vw_t *w, vw_map_t *seen, const gql_directive_t *list, size_t i)
{
    enum { SHORT_LIST = 16 };
    if (!seen->cap) {
        for (size_t j = 0; j < i; j++)
            if (str_eq(list[j].name, list[i].name))
                return &list[j];
        if (i + 1 < SHORT_LIST)
            return NULL;
        if (vw_map_init(seen, w->errs->arena, SHORT_LIST) != 0)
            return NULL;
        for (size_t j = 0; j <= i; j++)
            vw_map_add(seen, w->errs->arena, list[j].name, (void *)&list[j]);
        return NULL;
    }
    return vw_map_add(seen, w->errs->arena, list[i].name, (void *)&list[i]);
}

/* UniqueDirectivesPerLocation, then KnownDirectives: graphql-js checks
 * uniqueness entering the node, then each directive as it visits it. */
static void
check_node(vw_t *w, vw_map_t *seen, const gql_directive_t *d, size_t n, gql_dirloc_t where)
{
    const dirs_t *dirs = w->data;
    for (size_t i = 0; i < n; i++) {
        const known_t *k = vw_map_get(&dirs->known, d[i].name);
        const gql_directive_t *first = seen_before(w, seen, d, i);
        if (!k || k->repeatable || !first)
            continue;
        gql_error_t *e = vw_error(w->errs, first->loc,
                                  "The directive \"@%.*s\" can only be used once at this location.",
                                  STR_FMT(d[i].name));
        gql_error_add_loc(w->errs, e, d[i].loc);
    }
    for (size_t i = 0; i < n; i++)
        known_directive(w, &d[i], where);
}

static void
dirs_on_node(vw_t *w, const gql_directive_t *d, size_t n, gql_dirloc_t where)
{
    vw_map_t seen = {0};
    check_node(w, &seen, d, n, where);
}

/* A node of a type system definition: what it shares with the definitions
 * and extensions of the same scope is seen once for them all. */
static void
dirs_on_sdl_node(const vw_sdl_t *v, const gql_directive_t *d, size_t n, gql_dirloc_t where,
                 str_t scope)
{
    vw_t *w = v->data;
    dirs_t *dirs = w->data;
    arena_t *a = w->errs->arena;
    vw_map_t fresh = {0}, *seen = scope.len ? vw_map_get(&dirs->scopes, scope) : &fresh;
    if (!seen) {
        seen = arena_calloc(a, 1, sizeof *seen);
        if (!seen || vw_map_init(seen, a, n) != 0)
            return;
        vw_map_set(&dirs->scopes, a, scope, seen);
    }
    check_node(w, seen, d, n, where);
}

void
gql_validate_directives(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    dirs_t dirs;
    if (dirs_init(&dirs, errs->arena, s, doc) != 0)
        return;
    vw_t w = {.schema = s, .doc = doc, .errs = errs, .data = &dirs};
    w.on_directives = dirs_on_node;
    vw_walk(&w);
    vw_sdl_t sdl = {.data = &w, .on_directives = dirs_on_sdl_node};
    vw_sdl_walk(&sdl, doc);
}
