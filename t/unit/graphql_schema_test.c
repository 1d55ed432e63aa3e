/* The schema builder (gql_schema_from_sdl), its lookups and binding, and
 * the introspection resolvers. Introspection is checked against graphql-js:
 * t/data/graphql-schema/ holds the answers graphql-js 16 gives for the
 * introspection queries on the HN schema and on rich.graphql (a schema with
 * interfaces, unions, enums, input objects, deprecations and defaults); a
 * small walker here runs those queries over our resolvers, the way the
 * executor will, and the two answers must be the same JSON. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "graphql/introspection.h"
#include "graphql/schema.h"
#include "tap.h"

static arena_t *arena;

static char *
read_data(const char *rel)
{
    const char *srcdir = getenv("srcdir");
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", srcdir ? srcdir : ".", rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf_t b;
    buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    char *text = arena_strndup(arena, buf_cstr(&b), b.len);
    buf_free(&b);
    return text;
}

static gql_schema_t *
build(const char *sdl, gql_errors_t *errs)
{
    gql_errors_init(errs, arena);
    return gql_schema_from_sdl(str_from_cstr(sdl), errs);
}

static const char *
first_error(const gql_errors_t *errs)
{
    return errs->first ? errs->first->message : "(none)";
}

/* --- a walker over a parsed query, calling the bound resolvers --------- */

static const gql_schema_t *walked_schema;

static json_object *walk(const gql_document_t *doc, const gql_type_t *type, const void *source,
                         const gql_selection_set_t *ss, json_object *obj);

static void
literal_to_val(const gql_value_t *lit, gql_val_t *v)
{
    if (lit && lit->kind == GQL_VALUE_BOOLEAN)
        gql_val_bool(v, lit->boolean);
    else if (lit && lit->kind == GQL_VALUE_STRING)
        gql_val_string(v, lit->string);
    else
        gql_val_null(v);
}

/* Arguments as exec coerces them: the literal given, else the default. */
static void
field_args(const gql_field_t *f, const gql_selection_t *sel, gql_val_t *args)
{
    gql_val_object(arena, args, f->nargs);
    for (size_t i = 0; i < f->nargs; i++) {
        const gql_value_t *lit = f->args[i].default_value;
        for (size_t j = 0; j < sel->nargs; j++)
            if (str_eq(sel->args[j].name, f->args[i].name))
                lit = sel->args[j].value;
        args->keys[i] = f->args[i].name;
        literal_to_val(lit, &args->values[i]);
    }
}

static json_object *
complete(const gql_document_t *doc, const gql_tref_t *t, const gql_val_t *v,
         const gql_selection_t *sel)
{
    if (t->kind == GQL_TYPE_NON_NULL)
        return complete(doc, t->of, v, sel);
    switch (v->kind) {
    case GQL_VAL_LIST: {
        json_object *a = json_object_new_array();
        for (size_t i = 0; i < v->nitems; i++)
            json_object_array_add(a, complete(doc, t->of, &v->items[i], sel));
        return a;
    }
    case GQL_VAL_SOURCE:
        return walk(doc, t->named, v->source, sel->selection_set, json_object_new_object());
    case GQL_VAL_STRING:
    case GQL_VAL_ENUM:
        return json_object_new_string_len(v->s.p, (int)v->s.len);
    case GQL_VAL_BOOLEAN:
        return json_object_new_boolean(v->b);
    case GQL_VAL_INT:
        return json_object_new_int64(v->i);
    default:
        return NULL;
    }
}

static const gql_fragment_t *
fragment(const gql_document_t *doc, str_t name)
{
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_FRAGMENT && str_eq(doc->defs[i].u.fragment->name, name))
            return doc->defs[i].u.fragment;
    return NULL;
}

static void
walk_field(const gql_document_t *doc, const gql_type_t *type, const void *source,
           const gql_selection_t *sel, json_object *obj)
{
    char *key = arena_cstr(arena, gql_response_key(sel));
    if (str_eq_cstr(sel->name, "__typename")) {
        json_object_object_add(obj, key,
                               json_object_new_string_len(type->name.p, (int)type->name.len));
        return;
    }
    const gql_field_t *f = gql_type_field(type, sel->name);
    if (!f)
        f = gql_schema_meta_field(walked_schema, sel->name);
    gql_val_t args, *out = arena_calloc(arena, 1, sizeof *out);
    field_args(f, sel, &args);
    gql_resolve_t rv = {
        .arena = arena, .field = f, .args = &args, .n = 1, .parents = &source, .out = &out};
    if (!f->resolve || f->resolve(&rv) != 0) {
        json_object_object_add(obj, key, json_object_new_string("RESOLVER FAILED"));
        return;
    }
    json_object_object_add(obj, key, complete(doc, f->type, out, sel));
}

static json_object *
walk(const gql_document_t *doc, const gql_type_t *type, const void *source,
     const gql_selection_set_t *ss, json_object *obj)
{
    for (size_t i = 0; i < ss->nitems; i++) {
        const gql_selection_t *sel = &ss->items[i];
        if (sel->kind == GQL_SEL_FIELD)
            walk_field(doc, type, source, sel, obj);
        else if (sel->kind == GQL_SEL_INLINE_FRAGMENT)
            walk(doc, type, source, sel->selection_set, obj);
        else
            walk(doc, type, source, fragment(doc, sel->name)->selection_set, obj);
    }
    return obj;
}

/* Runs the query in data file query_file over s and compares the answer
 * with graphql-js's in answer_file. */
static void
check_introspection(const gql_schema_t *s, const char *query_file, const char *answer_file)
{
    const char *query = read_data(query_file), *answer = read_data(answer_file);
    ok(query && answer, "%s and %s are there", query_file, answer_file);
    if (!query || !answer)
        return;
    gql_document_t doc;
    gql_errors_t errs;
    gql_errors_init(&errs, arena);
    if (!ok(gql_parse(arena, str_from_cstr(query), &(gql_parse_limits_t){0}, &doc, &errs) == 0,
            "%s parses", query_file))
        return;
    walked_schema = s;
    json_object *data = walk(&doc, s->query, NULL, doc.defs[0].u.operation->selection_set,
                             json_object_new_object());
    json_object *got = json_object_new_object();
    json_object_object_add(got, "data", data);
    json_object *want = json_tokener_parse(answer);
    const char *got_text = json_object_to_json_string_ext(got, JSON_C_TO_STRING_PLAIN);
    const char *want_text = json_object_to_json_string_ext(want, JSON_C_TO_STRING_PLAIN);
    size_t at = 0;
    while (got_text[at] && got_text[at] == want_text[at])
        at++;
    if (!ok(strcmp(got_text, want_text) == 0, "%s: our answer is graphql-js's", answer_file)) {
        size_t from = at > 120 ? at - 120 : 0;
        printf("#   differs at byte %zu\n", at);
        tap_diag_bytes("got", got_text + from, strlen(got_text + from));
        tap_diag_bytes("expected", want_text + from, strlen(want_text + from));
    }
    json_object_put(got);
    json_object_put(want);
}

/* --- building ----------------------------------------------------------- */

static const char *
type_names(const gql_schema_t *s)
{
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < s->ntypes; i++) {
        buf_puts(&b, i ? " " : "");
        buf_str(&b, s->types[i]->name);
    }
    char *names = arena_strndup(arena, buf_cstr(&b), b.len);
    buf_free(&b);
    return names;
}

static int
noop_resolver(gql_resolve_t *rv)
{
    (void)rv;
    return 0;
}

static void
test_hn(void)
{
    gql_errors_t errs;
    const char *sdl = read_data("lib/apps/hn/schema.graphql");
    gql_schema_t *s = sdl ? build(sdl, &errs) : NULL;
    if (!ok(s != NULL, "the HN schema builds (%s)", first_error(&errs)))
        return;
    is_str(str_from_cstr(type_names(s)),
           "Query String Int Link ID User Boolean DateTime Vote Mutation CreateUser CreateLink "
           "CreateVote ObtainJSONWebToken GenericScalar Verify Refresh __Schema __Type __TypeKind "
           "__Field __InputValue __EnumValue __Directive __DirectiveLocation",
           "types in graphql-js's order: a built-in scalar after its first user");
    ok(s->query == gql_schema_type(s, STR_LIT("Query")), "Query is the query root");
    ok(s->mutation == gql_schema_type(s, STR_LIT("Mutation")), "Mutation the mutation root");
    ok(s->subscription == NULL, "no subscription root");
    ok(gql_schema_type(s, STR_LIT("Float")) == NULL, "Float is unknown: nothing uses it");
    ok(gql_schema_type(s, STR_LIT("__Meta")) == NULL, "the meta-fields' holder is no type");
    const gql_field_t *links = gql_type_field(s->query, STR_LIT("links"));
    buf_t b;
    buf_init(&b);
    gql_tref_print(links ? links->type : NULL, &b);
    str_t printed = {buf_cstr(&b), b.len};
    is_str(printed, "[Link!]!", "Query.links: [Link!]!");
    buf_free(&b);
    ok(links && links->owner == s->query && links->nargs == 3, "links has its owner and 3 args");
    ok(gql_field_arg(links, STR_LIT("first")) == &links->args[1], "links(first:)");
    ok(gql_tref_named(links->type) == gql_schema_type(s, STR_LIT("Link")), "named type Link");
    ok(gql_type_field(s->query, STR_LIT("__typename")) == NULL, "no __typename among fields");
    is_str(links->description,
           "Links, newest first. search matches url or description, case-insensitively.",
           "a block description");
    ok(gql_type_is_leaf(gql_schema_type(s, STR_LIT("DateTime"))) &&
           gql_type_is_composite(gql_schema_type(s, STR_LIT("Link"))) &&
           !gql_type_is_input(gql_schema_type(s, STR_LIT("Link"))),
       "leaf, composite, input predicates");
    ok(gql_schema_directive(s, STR_LIT("skip")) && !gql_schema_directive(s, STR_LIT("nope")),
       "directive lookup");
    is_int(s->ndirectives, 5, "include, skip, deprecated, specifiedBy, oneOf");
    const gql_field_t *type_meta = gql_schema_meta_field(s, STR_LIT("__type"));
    ok(type_meta && type_meta->nargs == 1 && type_meta->resolve == gql_introspection_type,
       "__type(name:) is bound");
    ok(gql_schema_meta_field(s, STR_LIT("__typename")) &&
           !gql_schema_meta_field(s, STR_LIT("__typename"))->resolve,
       "__typename is exec's to answer");
    is_int(gql_schema_bind(s, "Query", "links", noop_resolver, NULL), 0, "bind Query.links");
    is_int(gql_schema_bind(s, "Query", "nope", noop_resolver, NULL), -1, "no Query.nope");
    is_int(gql_schema_bind(s, "DateTime", "x", noop_resolver, NULL), -1, "a scalar has no fields");
    ok(links->resolve == noop_resolver, "the resolver is on the field");
    gql_errors_init(&errs, arena);
    is_int(gql_schema_check_bound(s, &errs), 40, "40 fields left without a resolver");
    is_str(str_from_cstr(first_error(&errs)), "No resolver for Query.votes.", "named in errors");
    check_introspection(s, "t/data/graphql-schema/introspection.graphql",
                        "t/data/graphql-schema/hn-introspection.json");
    gql_schema_free(s);
}

/* Introspection's defaultValue of each Root.search argument, as graphql-js
 * prints it (NULL: no default, or one that does not coerce). */
static const char *const search_defaults[][2] = {
    {"text", "\"abc\""},
    {"first", "10"},
    {"tags", "[\"a\", \"b\"]"},
    {"ids", "[1, 2]"},
    {"one", "[5]"},
    {"color", "RED"},
    {"filter", "{a: 1, b: \"x\", c: [RED], nested: {z: true}}"},
    {"ratio", "1.5"},
    {"big", "1000"},
    {"small", "1e-7"},
    {"id1", "123"},
    {"id2", "\"abc\""},
    {"esc", "\"a\\\"b\\n\\u0001\\u0085\""},
    {"nothing", "null"},
    {"bad", NULL},
    {"when", "\"2024-01-01\""},
};

static void
test_rich_defaults(const gql_schema_t *s)
{
    const gql_field_t *search = gql_type_field(s->query, STR_LIT("search"));
    size_t n = sizeof search_defaults / sizeof *search_defaults;
    if (!ok(search && search->nargs == n, "Root.search has %zu args", n))
        return;
    for (size_t i = 0; i < n; i++)
        is_str(gql_field_arg(search, str_from_cstr(search_defaults[i][0]))->default_text,
               search_defaults[i][1], "default of %s", search_defaults[i][0]);
    ok(gql_field_arg(search, STR_LIT("bad"))->default_value != NULL,
       "the literal that does not coerce is still kept");
}

static void
test_rich_types(const gql_schema_t *s)
{
    const gql_type_t *node = gql_schema_type(s, STR_LIT("Node"));
    const gql_type_t *person = gql_schema_type(s, STR_LIT("Person"));
    const gql_type_t *robot = gql_schema_type(s, STR_LIT("Robot"));
    const gql_type_t *result = gql_schema_type(s, STR_LIT("Result"));
    ok(node->npossible == 2 && node->possible[0] == person && node->possible[1] == robot,
       "Node's possible types: its objects, not the interface Named");
    ok(gql_type_is_possible(result, robot) && !gql_type_is_possible(result, s->query) &&
           gql_type_is_possible(person, person) && gql_type_is_possible(node, person) &&
           gql_type_is_possible(node, gql_schema_type(s, STR_LIT("Named"))) &&
           !gql_type_is_possible(gql_schema_type(s, STR_LIT("Named")), robot),
       "is_possible for unions, interfaces and the type itself");
    ok(gql_type_field(robot, STR_LIT("serial")) != NULL, "extend type adds a field");
    const gql_type_t *color = gql_schema_type(s, STR_LIT("Color"));
    ok(color->nvalues == 4 && str_eq_cstr(color->values[3].name, "BLACK"), "extend enum");
    ok(!color->values[0].deprecated && color->values[1].deprecated &&
           str_eq_cstr(color->values[1].deprecation_reason, "No longer supported") &&
           str_eq_cstr(color->values[2].deprecation_reason, "too blue"),
       "deprecated enum values, the default reason");
    const gql_field_t *older = gql_type_field(s->query, STR_LIT("older"));
    ok(older->deprecated && str_eq_cstr(older->deprecation_reason, "Use `node`.") &&
           older->args[0].deprecated && str_eq_cstr(older->args[0].deprecation_reason, "use new"),
       "deprecated fields and arguments");
    const gql_type_t *inner = gql_schema_type(s, STR_LIT("Inner"));
    ok(gql_input_field(inner, STR_LIT("old"))->deprecated, "deprecated input field");
    is_str(gql_schema_type(s, STR_LIT("Date"))->specified_by_url,
           "https://tools.ietf.org/html/rfc3339", "@specifiedBy");
    ok(gql_schema_type(s, STR_LIT("One"))->one_of && !inner->one_of, "@oneOf");
    const gql_directive_type_t *cached = gql_schema_directive(s, STR_LIT("cached"));
    ok(cached == &s->directives[0] && cached->repeatable && !cached->builtin &&
           cached->locations == (GQL_DIRLOC_FIELD_DEFINITION | GQL_DIRLOC_OBJECT) &&
           str_eq_cstr(cached->args[0].default_text, "60"),
       "the app's directive comes first, with its locations and default");
    ok(s->mutation == gql_schema_type(s, STR_LIT("Mut")), "roots from schema {}");
}

static void
test_rich(void)
{
    gql_errors_t errs;
    const char *sdl = read_data("t/data/graphql-schema/rich.graphql");
    gql_schema_t *s = sdl ? build(sdl, &errs) : NULL;
    if (!ok(s != NULL, "rich.graphql builds (%s)", first_error(&errs)))
        return;
    is_str(str_from_cstr(type_names(s)),
           "Root ID String Int Float Mut Boolean Node Named Person Robot Result Color Filter Inner "
           "Date One __Schema __Type __TypeKind __Field __InputValue __EnumValue __Directive "
           "__DirectiveLocation",
           "types in graphql-js's order");
    test_rich_types(s);
    test_rich_defaults(s);
    check_introspection(s, "t/data/graphql-schema/introspection-full.graphql",
                        "t/data/graphql-schema/rich-introspection.json");
    check_introspection(s, "t/data/graphql-schema/rich-queries.graphql",
                        "t/data/graphql-schema/rich-queries.json");
    gql_schema_free(s);
}

static const char *const bad_sdl[][2] = {
    {"type Query { a: Foo }", "Unknown type \"Foo\"."},
    {"type Query { a: Int } type Query { b: Int }", "There can be only one type named \"Query\"."},
    {"type Query { a: Int } type Empty", "Type Empty must define one or more fields."},
    {"type Query { a: Int } extend type Foo { b: Int }",
     "Cannot extend type \"Foo\" because it is not defined."},
    {"type Query { a(x: Query): Int }",
     "The type of Query.a(x:) must be Input Type but got: Query."},
    {"type Query { a: [In!] } input In { x: Int }",
     "The type of Query.a must be Output Type but got: [In!]."},
    {"type Query { a: Int } input In { x: Query }",
     "The type of In.x must be Input Type but got: Query."},
    {"type Foo { a: Int }", "Query root type must be provided."},
    {"type Query { a: Int", "Syntax Error: Expected Name, found <EOF>."},
    {"type Query { a: Int } union U = Query | In input In { x: Int }",
     "Union type U can only include Object types, it cannot include In."},
    {"interface I { a: Int } type Query implements I { b: Int }",
     "Interface field I.a expected but Query does not provide it."},
    {"type Query { a: Int a: String }", "Field \"Query.a\" can only be defined once."},
    {"interface I { a: Int } type Query implements I { a: String }",
     "Interface field I.a expects type Int but Query.a is type String."},
    {"interface I { a(x: Int): Int } type Query implements I { a: Int }",
     "Interface field argument I.a(x:) expected but Query.a does not provide it."},
    {"interface I { a(x: Int): Int } type Query implements I { a(x: String): Int }",
     "Interface field argument I.a(x:) expects type Int but Query.a(x:) is type String."},
    {"interface I { a: Int } type Query implements I { a(y: Int!): Int }",
     "Object field Query.a includes required argument y that is missing from the Interface "
     "field I.a."},
    {"interface I { a: Int } interface J implements I { a: Int b: Int } "
     "type Query implements J { a: Int b: Int }",
     "Type Query must implement I because it is implemented by J."},
    {"type Query implements Query { a: Int }",
     "Type Query must only implement Interface types, it cannot implement Query."},
    {"interface I { a: Int } type Query implements I & I { a: Int }",
     "Type Query can only implement I once."},
    {"type Query { a(x: Int! @deprecated): Int }",
     "Required argument Query.a(x:) cannot be deprecated."},
    {"type Query { a(x: In): Int } input In { x: Int! @deprecated }",
     "Required input field In.x cannot be deprecated."},
    {"type Query { __a: Int }",
     "Name \"__a\" must not begin with \"__\", which is reserved by GraphQL introspection."},
    {"type Query { a: Int } union U = Query | Query",
     "Union type U can only include type Query once."},
    {"type Query { a: Int } type __Foo { a: Int }",
     "Name \"__Foo\" must not begin with \"__\", which is reserved by GraphQL introspection."},
    {"schema { query: Q } type Query { a: Int }", "Unknown type \"Q\"."},
    {"type Query { a: Int @cached }", "Unknown directive \"@cached\"."},
    {"type Query { a(x: Int @nope): Int }", "Unknown directive \"@nope\"."},
    {"type Query @deprecated { a: Int }", "Directive \"@deprecated\" may not be used on OBJECT."},
    {"type Query { a: Int @deprecated @deprecated }",
     "The directive \"@deprecated\" can only be used once at this location."},
};

/* What graphql-js accepts: covariant interface fields, roots named by
 * `schema` and `extend schema`. */
static const char *const good_sdl[] = {
    "interface I { a: I } type O implements I { a: O! } type Query { i: I }",
    "schema { query: Q } extend schema { mutation: M } type Q { a: Int } type M { b: Int }",
    "directive @r repeatable on FIELD_DEFINITION type Query { a: Int @r @r }",
};

static void
test_errors(void)
{
    for (size_t i = 0; i < sizeof bad_sdl / sizeof *bad_sdl; i++) {
        gql_errors_t errs;
        gql_schema_t *s = build(bad_sdl[i][0], &errs);
        ok(s == NULL, "refused: %s", bad_sdl[i][0]);
        is_str(str_from_cstr(first_error(&errs)), bad_sdl[i][1], "with graphql-js's message");
        gql_schema_free(s);
    }
}

static void
test_good(void)
{
    for (size_t i = 0; i < sizeof good_sdl / sizeof *good_sdl; i++) {
        gql_errors_t errs;
        gql_schema_t *s = build(good_sdl[i], &errs);
        ok(s != NULL, "builds: %s (%s)", good_sdl[i], first_error(&errs));
        gql_schema_free(s);
    }
}

/* A resolver fills all its parents at once: __Type.name for a named type,
 * another and a wrapper. */
static void
test_batched(void)
{
    gql_errors_t errs;
    gql_schema_t *s = build("type Query { a: [Int!] }", &errs);
    const gql_field_t *name =
        gql_type_field(gql_schema_type(s, STR_LIT("__Type")), STR_LIT("name"));
    const gql_field_t *a = gql_type_field(s->query, STR_LIT("a"));
    gql_tref_t query = {GQL_TYPE_NAMED, s->query, NULL};
    const void *parents[3] = {&query, a->type, a->type->of};
    gql_val_t vals[3], *out[3] = {&vals[0], &vals[1], &vals[2]};
    gql_val_t args;
    gql_val_object(arena, &args, 0);
    gql_resolve_t rv = {
        .arena = arena, .field = name, .args = &args, .n = 3, .parents = parents, .out = out};
    is_int(name->resolve(&rv), 0, "__Type.name for 3 parents");
    ok(vals[0].kind == GQL_VAL_STRING && str_eq_cstr(vals[0].s, "Query") &&
           vals[1].kind == GQL_VAL_NULL && vals[2].kind == GQL_VAL_NULL,
       "Query, and null for the list and the non-null wrappers");
    rv.field = gql_type_field(gql_schema_type(s, STR_LIT("__Type")), STR_LIT("kind"));
    rv.field->resolve(&rv);
    ok(str_eq_cstr(vals[0].s, "OBJECT") && str_eq_cstr(vals[1].s, "LIST") &&
           str_eq_cstr(vals[2].s, "NON_NULL") && vals[2].kind == GQL_VAL_ENUM,
       "kinds as enum values");
    gql_schema_free(s);
}

/* Validation and execution look types and fields up for every selection
 * of every request: a lookup must cost well under a microsecond (even
 * here, under the sanitizers). */
static void
test_lookup_speed(void)
{
    gql_errors_t errs;
    const char *sdl = read_data("lib/apps/hn/schema.graphql");
    gql_schema_t *s = sdl ? build(sdl, &errs) : NULL;
    if (!s)
        return;
    static const char *const names[] = {"Query",   "Link", "User",  "Vote",
                                        "Refresh", "Nope", "__Type"};
    struct timespec t0, t1;
    size_t found = 0, rounds = 7 * 30000;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t i = 0; i < rounds; i++) {
        const gql_type_t *t = gql_schema_type(s, str_from_cstr(names[i % 7]));
        found += gql_type_field(t, STR_LIT("id")) != NULL;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
                (double)rounds;
    printf("# a type and field lookup: %.0f ns\n", ns);
    ok(ns < 1000 && found == rounds / 7 * 3, "type + field lookups are cheap and right");
    gql_schema_free(s);
}

int
main(void)
{
    arena = arena_new(1 << 16);
    test_hn();
    test_rich();
    test_errors();
    test_good();
    test_batched();
    test_lookup_speed();
    arena_free(arena);
    return done_testing();
}
