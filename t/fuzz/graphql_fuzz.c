/* libFuzzer: GraphQL documents through the parser, the validator and the
 * limits, as a request's query goes before execution. Any input must end
 * in an error list or a valid document, within the parser's depth bound,
 * without a sanitizer report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graphql/ast.h"
#include "graphql/limits.h"
#include "graphql/schema.h"
#include "graphql/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A schema with every kind of type the rules look at: interfaces (one
 * implementing another), a union, enums, nested input objects with
 * defaults, non-null and list arguments, a repeatable directive. */
static const char SDL[] =
    "directive @tag(name: String!) repeatable on FIELD | QUERY | FRAGMENT_SPREAD\n"
    "enum Color { RED GREEN BLUE @deprecated(reason: \"no\") }\n"
    "scalar JSON\n"
    "interface Node { id: ID! }\n"
    "interface Pet implements Node { id: ID! name(short: Boolean = false): String }\n"
    "type Dog implements Pet & Node { id: ID! name(short: Boolean = false): String\n"
    "  knows(command: Color!): Boolean! friends(first: Int): [Pet!] }\n"
    "type Cat implements Pet & Node { id: ID! name(short: Boolean = false): String lives: Int }\n"
    "union CatOrDog = Cat | Dog\n"
    "input Point { x: Float! y: Float = 0 }\n"
    "input Filter { name: String near: Point and: [Filter!] color: Color = RED }\n"
    "type Query { pet(id: ID!): Pet pets(filter: Filter, first: Int): [Pet]!\n"
    "  any: CatOrDog echo(s: String, i: Int, l: [Int!], j: JSON): String }\n"
    "type Mutation { rename(id: ID!, name: String!): Pet }\n"
    "type Subscription { tick: Int }\n";

static gql_schema_t *
fuzz_schema(void)
{
    static gql_schema_t *s;
    if (s == NULL) {
        arena_t *a = arena_new(64 * 1024);
        gql_errors_t errs;
        if (a == NULL)
            abort();
        gql_errors_init(&errs, a);
        s = gql_schema_from_sdl((str_t){SDL, sizeof SDL - 1}, &errs);
        if (s == NULL)
            abort();
        arena_free(a);
    }
    return s;
}

/* Every error has a message; parse errors have one location. */
static void
check_errors(const gql_errors_t *errs, int parsed)
{
    size_t n = 0;
    for (const gql_error_t *e = errs->first; e; e = e->next, n++)
        if (e->message == NULL || (!parsed && e->nlocations != 1))
            abort();
    if (!parsed && n != 1)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena_t *a;
    const gql_schema_t *s = fuzz_schema();
    gql_parse_limits_t parse_limits = {.max_tokens = 20000, .max_depth = 64};
    gql_limits_t limits = {.max_depth = 15,
                           .max_aliases = 30,
                           .max_fields = 500,
                           .max_cost = 10000,
                           .default_list_size = 10};
    gql_document_t doc;
    gql_errors_t errs;

    if (a == NULL && (a = arena_new(64 * 1024)) == NULL)
        abort();
    gql_errors_init(&errs, a);
    if (gql_parse(a, (str_t){(const char *)data, size}, &parse_limits, &doc, &errs) < 0) {
        check_errors(&errs, 0);
    } else {
        gql_validate(s, &doc, &errs);
        check_errors(&errs, 1);
        gql_errors_init(&errs, a);
        if (gql_check_limits(s, &doc, NULL, &limits, &errs) < 0 && errs.count != 1)
            abort();
    }
    arena_reset(a);
    return 0;
}
