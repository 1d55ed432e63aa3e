/* libFuzzer: the GraphQL lexer and parser. Any input ends in a document or
 * in exactly one located syntax error, within the depth limit, without a
 * read past the input (which is not NUL-terminated). */
#include <stdint.h>
#include <stdlib.h>

#include "graphql/ast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena_t *a;
    if (a == NULL && (a = arena_new(64 * 1024)) == NULL)
        abort();
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_document_t doc;
    gql_parse_limits_t limits = {.max_depth = 64};
    int rc = gql_parse(a, (str_t){(const char *)data, size}, &limits, &doc, &errs);
    if (rc == 0 && (errs.count != 0 || doc.ndefs == 0))
        abort();
    if (rc != 0 && (rc != -1 || errs.count != 1 || errs.first->nlocations != 1 ||
                    errs.first->locations[0].line == 0))
        abort();
    arena_reset(a);
    return 0;
}
