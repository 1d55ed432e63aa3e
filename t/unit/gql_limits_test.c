/* gql_check_limits against the HN schema: depth, aliases, fields and cost
 * with fragments expanded once each, variables for `first`, cycles that do
 * not loop, and GraphiQL's introspection query within the defaults. */
#include <stdio.h>
#include <string.h>

#include "apps/hn/hn.h"
#include "graphql/limits.h"
#include "tap.h"

static gql_schema_t *schema;
static arena_t *arena;
static const gql_limits_t defaults = {.max_depth = 15,
                                      .max_aliases = 30,
                                      .max_fields = 500,
                                      .max_cost = 50000,
                                      .default_list_size = 100};

/* The first error's message, "" when the document passes, or "parse". */
static const char *
check(const char *query, const char *variables, const gql_limits_t *lim)
{
    gql_errors_t errs;
    gql_document_t doc;
    gql_errors_init(&errs, arena);
    if (gql_parse(arena, str_from_cstr(query), NULL, &doc, &errs) != 0)
        return "parse";
    json_object *vars = variables ? json_tokener_parse(variables) : NULL;
    int rc = gql_check_limits(schema, &doc, vars, lim ? lim : &defaults, &errs);
    json_object_put(vars);
    if (rc != 0 && errs.first == NULL)
        return "failed without an error";
    return rc == 0 ? (errs.count ? "passed with an error" : "") : errs.first->message;
}

static bool
starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
nested(char *out, size_t cap, int levels)
{
    /* users { linkSet { postedBy { linkSet { ... } } } }: a link under each user */
    size_t len = (size_t)snprintf(out, cap, "{ users { ");
    for (int i = 1; i < levels - 1; i++)
        len +=
            (size_t)snprintf(out + len, cap - len, i % 2 ? "linkSet(first: 1) { " : "postedBy { ");
    len += (size_t)snprintf(out + len, cap - len, "id ");
    for (int i = 0; i < levels - 1; i++)
        len += (size_t)snprintf(out + len, cap - len, "} ");
    snprintf(out + len, cap - len, "}");
}

static void
depth_and_counts(void)
{
    char q[4096];
    gql_limits_t cheap = defaults;
    cheap.max_cost = 1000000000;
    is_str(str_from_cstr(check("{ links(first: 50) { id url description postedBy { id email } "
                               "votes { id user { id } } } }",
                               NULL, NULL)),
           "", "the benchmark query passes");
    nested(q, sizeof(q), 15);
    is_str(str_from_cstr(check(q, NULL, &cheap)), "", "15 levels pass");
    nested(q, sizeof(q), 16);
    is_str(str_from_cstr(check(q, NULL, &cheap)),
           "The query is too deep: 16 levels, at most 15 are allowed.", "16 levels do not");
    size_t len = (size_t)snprintf(q, sizeof(q), "{ ");
    for (int i = 0; i < 31; i++)
        len += (size_t)snprintf(q + len, sizeof(q) - len, "a%d: currentUser { id } ", i);
    snprintf(q + len, sizeof(q) - len, "}");
    is_str(str_from_cstr(check(q, NULL, NULL)),
           "The query has too many aliases: 31, at most 30 are allowed.", "31 aliases");
    gql_limits_t few = defaults;
    few.max_fields = 5;
    is_str(str_from_cstr(check("{ currentUser { id email firstName lastName } }", NULL, &few)), "",
           "5 fields pass a limit of 5");
    is_str(str_from_cstr(check("fragment F on User { id email firstName lastName }"
                               "{ currentUser { ...F } x: currentUser { ...F } }",
                               NULL, &few)),
           "The query has too many fields: 10, at most 5 are allowed.",
           "fields are counted with fragments expanded");
}

static void
cost(void)
{
    is_str(str_from_cstr(check("{ links { votes { user { voteSet { id } } } } }", NULL, NULL)),
           "The query is too costly: 1020101, at most 50000 is allowed.",
           "lists of lists multiply (default size 100)");
    is_str(str_from_cstr(check("{ links(first: 2) { votes { id } } }", NULL, NULL)), "",
           "first sets a list's size");
    ok(starts(check("query($n: Int) { links(first: $n) { votes { user { id } } } }",
                    "{\"n\": 100000}", NULL),
              "The query is too costly"),
       "first from a variable");
    is_str(str_from_cstr(check("query($n: Int) { links(first: $n) { id } }", "{\"n\": 3}", NULL)),
           "", "a small first from a variable");
    ok(starts(check("{ links(first: 99999999999999999999) { votes { id } } }", NULL, NULL),
              "The query is too costly"),
       "a first too large for a number");
}

/* A list `first` counts for, however the client spells it: every way of
 * slipping a large `first` past the estimate, each refused. */
static void
first_spelled_otherwise(void)
{
    const char *deep = "{ links(first: $n) { votes { user { id } } } }";
    char q[1024], vars[1024];
    snprintf(q, sizeof(q), "query($n: Int = 1000) %s", deep);
    ok(starts(check(q, NULL, NULL), "The query is too costly"), "first from a default");
    ok(starts(check(q, "{}", NULL), "The query is too costly"),
       "first from a default the variables lack");
    is_str(str_from_cstr(check(q, "{\"n\": 3}", NULL)), "", "a variable overrides its default");
    snprintf(q, sizeof(q), "query($n: Int) %s", deep);
    ok(starts(check(q, "{\"n\": 1000.0}", NULL), "The query is too costly"),
       "first as a JSON float");
    /* $vvv...(300): the first 255 bytes name another variable, whose 1 must
     * not be read for it. */
    char v255[256], v300[301];
    memset(v255, 'v', 255), v255[255] = '\0';
    memset(v300, 'v', 300), v300[300] = '\0';
    snprintf(q, sizeof(q), "query($%s: Int, $%s: Int) { links(first: $%s) { votes { id } } }", v300,
             v255, v300);
    snprintf(vars, sizeof(vars), "{\"%s\": 1, \"%s\": 100000}", v255, v300);
    ok(starts(check(q, vars, NULL), "The query is too costly"), "a variable name over 255 bytes");
}

/* Sizes whose product is past any integer: refused, never wrapped round,
 * and never a NaN (0 times infinity) that compares as cheap. */
static void
huge_products(void)
{
    char q[4096];
    size_t len = (size_t)snprintf(q, sizeof(q), "{ users { ");
    for (int i = 0; i < 5; i++)
        len +=
            (size_t)snprintf(q + len, sizeof(q) - len, "linkSet(first: 2147483647) { postedBy { ");
    len += (size_t)snprintf(q + len, sizeof(q) - len, "id ");
    for (int i = 0; i < 12; i++)
        len += (size_t)snprintf(q + len, sizeof(q) - len, "} ");
    ok(starts(check(q, NULL, NULL), "The query is too costly"), "first: 2147483647 five deep");
    gql_limits_t deep = defaults;
    deep.max_depth = 100;
    len = (size_t)snprintf(q, sizeof(q), "{ a: users(first: 0) { ");
    for (int i = 0; i < 20; i++)
        len += (size_t)snprintf(q + len, sizeof(q) - len,
                                "linkSet(first: 99999999999999999999) { postedBy { ");
    len += (size_t)snprintf(q + len, sizeof(q) - len, "id ");
    for (int i = 0; i < 41; i++)
        len += (size_t)snprintf(q + len, sizeof(q) - len, "} ");
    snprintf(q + len, sizeof(q) - len, "b: links(first: 1000) { votes { id } } }");
    ok(starts(check(q, NULL, &deep), "The query is too costly"),
       "nothing times too many does not hide a costly sibling");
}

static void
hostile(void)
{
    is_str(str_from_cstr(check("fragment A on User { ...B } fragment B on User { ...A }"
                               "{ users { ...A } }",
                               NULL, NULL)),
           "", "a fragment cycle is measured once and does not loop");
    is_str(str_from_cstr(check("{ nosuch { field { x } } users { nope } ...Unknown }", NULL, NULL)),
           "", "unknown fields and fragments count as they can");
    /* 2^20 expansions if each spread were walked again. */
    char q[8192];
    size_t len = 0;
    for (int i = 0; i < 20; i++)
        len += (size_t)snprintf(q + len, sizeof(q) - len,
                                "fragment F%d on User { a: id ...F%d b: id ...F%d }\n", i, i + 1,
                                i + 1);
    len += (size_t)snprintf(q + len, sizeof(q) - len, "fragment F20 on User { id }\n");
    snprintf(q + len, sizeof(q) - len, "{ currentUser { ...F0 } }");
    ok(starts(check(q, NULL, NULL), "The query has too many aliases"),
       "fragment fan-out counts every expansion, without walking each");
}

/* graphql-js 16.15's getIntrospectionQuery with every option on, as
 * GraphiQL sends it: 15 levels deep (nine ofType). */
static void
introspection(void)
{
    static const char query[] =
        "query IntrospectionQuery { __schema { description queryType { name kind } "
        "mutationType { name kind } subscriptionType { name kind } types { ...FullType } "
        "directives { name description isRepeatable locations args(includeDeprecated: true) { "
        "...InputValue } } } } fragment FullType on __Type { kind name description "
        "specifiedByURL fields(includeDeprecated: true) { name description "
        "args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated "
        "deprecationReason } inputFields(includeDeprecated: true) { ...InputValue } "
        "interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name description "
        "isDeprecated deprecationReason } possibleTypes { ...TypeRef } } fragment InputValue "
        "on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated "
        "deprecationReason } fragment TypeRef on __Type { kind name ofType { name kind ofType "
        "{ name kind ofType { name kind ofType { name kind ofType { name kind ofType { name "
        "kind ofType { name kind ofType { name kind ofType { name kind } } } } } } } } } }";
    is_str(str_from_cstr(check(query, NULL, NULL)), "", "GraphiQL's introspection query passes");
}

int
main(void)
{
    gql_errors_t errs;
    arena = arena_new(65536);
    gql_errors_init(&errs, arena);
    schema = gql_schema_from_sdl(str_from_cstr(hn_schema_sdl), &errs);
    if (!ok(schema != NULL, "the HN schema builds"))
        return done_testing();
    depth_and_counts();
    cost();
    first_spelled_otherwise();
    huge_products();
    hostile();
    introspection();
    gql_schema_free(schema);
    arena_free(arena);
    return done_testing();
}
